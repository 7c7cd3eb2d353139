/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.c - `scs user add|list|disable`.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "scs/cli.h"

static int
print_user(void *arg, const struct scs_user *u)
{
	(void)arg;
	(void)printf("%-24s %-18s %-16s %s%s\n", u->id, scs_role_name(u->role),
	    u->org, u->person, u->disabled ? " (disabled)" : "");
	return SCS_OK;
}

static int
user_add(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"org", required_argument, NULL, 'o'},
	    {"role", required_argument, NULL, 'r'},
	    {"person", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_user u;
	char pw[1025] = "", apikey[64] = "";
	const char *role = NULL;
	int ch, rc;

	memset(&u, 0, sizeof(u));
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'o')
			(void)scs_strlcpy(u.org, optarg, sizeof(u.org));
		else if (ch == 'r')
			role = optarg;
		else if (ch == 'p')
			(void)scs_strlcpy(u.person, optarg, sizeof(u.person));
		else
			return scs_cli_usage("user", "unknown option");
	}
	if (optind + 1 != argc || role == NULL || u.org[0] == '\0')
		return scs_cli_usage("user",
		    "user add NAME --org ORG --role ROLE [--person ID]");
	if (!scs_strlcpy(u.id, argv[optind], sizeof(u.id)))
		return scs_err_set(err, SCS_EINVAL, "username", "too long");
	if (scs_role_parse(role, &u.role) != 0)
		return scs_err_set(err, SCS_EINVAL, "role",
		    "must be one of admin, security_officer, subject, "
		    "investigator, adjudicator, designator, auditor, "
		    "relying_system");
	if (u.role != SCS_ROLE_RELYING &&
	    scs_cli_secret("SCS_PASSWORD", "password: ", pw, sizeof(pw)) != 0)
		return scs_err_set(err, SCS_EINVAL, "password",
		    "give it in SCS_PASSWORD or on stdin");
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = scs_op_user_add(&cli->ctx, &u, pw, apikey, err);
	scs_cli_close(cli);
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc != SCS_OK)
		return rc;
	(void)printf("added %s (%s of %s)\n", u.id, role, u.org);
	if (apikey[0] != '\0')
		(void)printf("API key (shown once): %s\n", apikey);
	return SCS_OK;
}

int
scs_cmd_user(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	if (argc < 2)
		return scs_cli_usage("user", "user needs add, list or disable");
	if (strcmp(argv[1], "add") == 0) {
		rc = user_add(cli, argc - 1, argv + 1, &err);
	} else if (strcmp(argv[1], "list") == 0 && argc == 2) {
		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc =
			    scs_op_user_list(&cli->ctx, print_user, NULL, &err);
			scs_cli_close(cli);
		}
	} else if (strcmp(argv[1], "disable") == 0 && argc == 3) {
		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_user_disable(&cli->ctx, argv[2], &err);
			scs_cli_close(cli);
		}
		if (rc == SCS_OK)
			(void)printf("disabled %s\n", argv[2]);
	} else {
		return scs_cli_usage("user", "unknown user subcommand");
	}
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
