/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert.c - `scs alert`: the continuous-vetting alerts from the command
 * line (cv.h).  The operator acts as the operating system's actor, who
 * sees every body's alerts; reading a narrative is audited like any other
 * read of sealed data.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/cv.h"
#include "scs/time.h"

static int
print_alert(void *arg, json_t *a)
{
	(void)arg;
	return scs_cli_print_json(json_incref(a),
	    JSON_COMPACT | JSON_REAL_PRECISION(12));
}

static int
list(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"state", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	const char *state = NULL;
	int ch;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's')
			return -1;
		state = optarg;
	}
	if (optind != argc)
		return -1;
	return scs_op_alert_list(&cli->ctx, state, NULL, 0, print_alert, NULL,
	    err);
}

static int
show(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"purpose", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	const char *purpose = NULL;
	json_t *o = NULL;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p')
			return -1;
		purpose = optarg;
	}
	if (optind + 1 != argc)
		return -1;
	if ((rc = scs_op_alert_get(&cli->ctx, argv[optind], purpose, &o,
	         err)) == SCS_OK)
		rc = scs_cli_print_json(o,
		    JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	return rc;
}

static int
triage(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"suspend", no_argument, NULL, 's'},
	    {"review", no_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_alert_triage t;
	json_t *o = NULL;
	int ch, st, rc;

	memset(&t, 0, sizeof(t));
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's')
			t.suspend = true;
		else if (ch == 'r')
			t.review = true;
		else
			return -1;
	}
	if (optind + 2 != argc)
		return -1;
	if (scs_alert_code(scs_alert_state_codes, SCS_ALERT_NSTATES,
	        argv[optind + 1], &st) != 0 ||
	    st == SCS_ALERT_OPEN)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be valid, not_valid or self_reported");
	t.state = (enum scs_alert_state)st;
	if ((rc = scs_op_alert_triage(&cli->ctx, argv[optind], &t, &o, err)) ==
	    SCS_OK)
		rc = scs_cli_print_json(o,
		    JSON_COMPACT | JSON_REAL_PRECISION(12));
	return rc;
}

static int
stats(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	int64_t from = SCS_TIME_MIN, to = SCS_TIME_NEVER;
	json_t *o = NULL;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f' &&
		    scs_time_parse(optarg, strlen(optarg), "from", &from,
		        err) != SCS_OK)
			return SCS_EINVAL;
		if (ch == 't' &&
		    scs_time_parse(optarg, strlen(optarg), "to", &to, err) !=
		        SCS_OK)
			return SCS_EINVAL;
		if (ch != 'f' && ch != 't')
			return -1;
	}
	if (optind != argc)
		return -1;
	if ((rc = scs_op_alert_stats(&cli->ctx, from, to, &o, err)) == SCS_OK)
		rc = scs_cli_print_json(o,
		    JSON_INDENT(2) | JSON_REAL_PRECISION(12));
	return rc;
}

int
scs_cmd_alert(struct scs_cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct scs_cli *, int, char **, struct scs_err *);
	} subs[] = {
	    {"list", list},
	    {"show", show},
	    {"triage", triage},
	    {"stats", stats},
	};
	struct scs_err err;
	size_t i;
	int rc;

	for (i = 0; argc >= 2 && i < SCS_NELEM(subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			break;
	if (argc < 2 || i == SCS_NELEM(subs))
		return scs_cli_usage("alert",
		    "alert takes: list, show, triage, stats");
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = subs[i].fn(cli, argc, argv, &err);
	scs_cli_close(cli);
	if (rc < 0)
		return scs_cli_usage("alert", "bad arguments to alert %s",
		    subs[i].name);
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
