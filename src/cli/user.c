/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.c - `scs user add|list|disable|enable|reset|activate|cert`.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/http.h"
#include "scs/time.h"

static int
print_user(void *arg, const struct scs_user *u)
{
	(void)arg;
	(void)printf("%-24s %-18s %-16s %s%s%s%s\n", u->id,
	    scs_role_name(u->role), u->org, u->person,
	    u->disabled ? " (disabled)" : "",
	    u->activation_hash[0] != '\0' ? " (activation pending)" : "",
	    u->cert_fp[0] != '\0' ? " (client certificate)" : "");
	return SCS_OK;
}

/* A subject's new activation code: the line scripts read, then what to
 * do with it. */
static void
print_code(const struct scs_user *u, const char *code)
{
	char until[SCS_TIME_STRMAX];

	(void)scs_time_format(u->activation_expires, until);
	(void)printf("activation code: %s\n", code);
	(void)printf("valid until %s, once: give it to the person, who sets "
	             "their password with\n  scs user activate %s --code "
	             "CODE   or   POST /v1/activate\n",
	    until, u->id);
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
	const char *role = NULL, *given;
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
	/* A subject's password is set by the person (user activate); the
	 * command line never reads one for them. */
	given = getenv("SCS_PASSWORD");
	if (u.role == SCS_ROLE_SUBJECT && given != NULL && given[0] != '\0')
		(void)fprintf(stderr,
		    "scs: SCS_PASSWORD is not used: the person sets their own "
		    "password with the activation code\n");
	if (u.role != SCS_ROLE_RELYING && u.role != SCS_ROLE_SUBJECT &&
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
	if (u.role == SCS_ROLE_SUBJECT)
		print_code(&u, apikey);
	else if (apikey[0] != '\0')
		(void)printf("API key (shown once): %s\n", apikey);
	scs_crypto_wipe(apikey, sizeof(apikey));
	return SCS_OK;
}

static int
user_reset(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"person", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	char person[SCS_ID_MAX + 1] = "", code[SCS_CODE_LEN + 1];
	struct scs_user u;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p')
			return scs_cli_usage("user", "unknown option");
		if (!scs_strlcpy(person, optarg, sizeof(person)))
			return scs_err_set(err, SCS_EINVAL, "person",
			    "too long");
	}
	if (optind + 1 != argc)
		return scs_cli_usage("user", "user reset NAME [--person ID]");
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = scs_op_user_reset(&cli->ctx, argv[optind], person, code, &u, err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return rc;
	if (person[0] != '\0')
		(void)printf("re-linked %s to person %s\n", u.id, u.person);
	else
		(void)printf("reset %s (person %s)\n", u.id, u.person);
	print_code(&u, code);
	scs_crypto_wipe(code, sizeof(code));
	return SCS_OK;
}

static int
user_activate(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"code", required_argument, NULL, 'c'},
	    {NULL, 0, NULL, 0},
	};
	char code[128] = "", pw[1025] = "";
	int64_t retry = 0;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'c')
			return scs_cli_usage("user", "unknown option");
		if (!scs_strlcpy(code, optarg, sizeof(code)))
			return scs_err_set(err, SCS_EINVAL, "code", "too long");
	}
	if (optind + 1 != argc || code[0] == '\0')
		return scs_cli_usage("user", "user activate NAME --code CODE");
	if (scs_cli_secret("SCS_PASSWORD", "new password: ", pw, sizeof(pw)) !=
	    0)
		return scs_err_set(err, SCS_EINVAL, "password",
		    "give it in SCS_PASSWORD or on stdin");
	if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_user_activate(&cli->ctx, argv[optind], code, pw,
		    &retry, err);
		scs_cli_close(cli);
	}
	scs_crypto_wipe(code, sizeof(code));
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc == SCS_OK)
		(void)printf("activated %s: sign in with the new password\n",
		    argv[optind]);
	return rc;
}

/* The fingerprint of the certificate in PEM file @path into @out. */
static int
cert_file(const char *path, char out[65], struct scs_err *err)
{
	FILE *f;
	char *pem;
	size_t n;
	int rc;

	if ((f = fopen(path, "rb")) == NULL)
		return scs_err_set(err, SCS_EINVAL, "file",
		    "cannot read %s: %s", path, strerror(errno));
	if ((pem = malloc(SCS_TLS_PEM_MAX + 1)) == NULL) {
		(void)fclose(f);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	n = fread(pem, 1, SCS_TLS_PEM_MAX + 1, f);
	(void)fclose(f);
	if (n > SCS_TLS_PEM_MAX)
		rc = scs_err_set(err, SCS_EINVAL, "file",
		    "%s is empty or over %u bytes", path, SCS_TLS_PEM_MAX);
	else
		rc = scs_tls_fingerprint(pem, n, "file", out, err);
	free(pem);
	return rc;
}

/* scs user cert NAME --fingerprint HEX | --file CERT.pem | --remove */
static int
user_cert(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"fingerprint", required_argument, NULL, 'f'},
	    {"file", required_argument, NULL, 'F'},
	    {"remove", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	const char *fp = NULL, *file = NULL;
	char got[65] = "";
	struct scs_user u;
	int ch, rc, remove = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f')
			fp = optarg;
		else if (ch == 'F')
			file = optarg;
		else if (ch == 'r')
			remove = 1;
		else
			return scs_cli_usage("user", "unknown option");
	}
	if (optind + 1 != argc || (fp != NULL) + (file != NULL) + remove != 1)
		return scs_cli_usage("user",
		    "user cert NAME --fingerprint SHA256 | --file CERT.pem | "
		    "--remove");
	if (file != NULL && (rc = cert_file(file, got, err)) != SCS_OK)
		return rc;
	if (file != NULL)
		fp = got;
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = scs_op_user_cert(&cli->ctx, argv[optind], remove ? NULL : fp, &u,
	    err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return rc;
	if (u.cert_fp[0] != '\0')
		(void)printf("%s signs in with the client certificate %s\n",
		    u.id, u.cert_fp);
	else
		(void)printf("%s has no client certificate\n", u.id);
	return SCS_OK;
}

int
scs_cmd_user(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	if (argc < 2)
		return scs_cli_usage("user",
		    "user needs add, list, disable, enable, reset, activate or "
		    "cert");
	if (strcmp(argv[1], "add") == 0) {
		rc = user_add(cli, argc - 1, argv + 1, &err);
	} else if (strcmp(argv[1], "reset") == 0) {
		rc = user_reset(cli, argc - 1, argv + 1, &err);
	} else if (strcmp(argv[1], "activate") == 0) {
		rc = user_activate(cli, argc - 1, argv + 1, &err);
	} else if (strcmp(argv[1], "cert") == 0) {
		rc = user_cert(cli, argc - 1, argv + 1, &err);
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
	} else if (strcmp(argv[1], "enable") == 0 && argc == 3) {
		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_user_enable(&cli->ctx, argv[2], &err);
			scs_cli_close(cli);
		}
		if (rc == SCS_OK)
			(void)printf("enabled %s\n", argv[2]);
	} else {
		return scs_cli_usage("user", "unknown user subcommand");
	}
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
