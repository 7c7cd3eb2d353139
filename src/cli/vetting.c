/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vetting.c - `scs case list|show|history|assign`, `scs due` and `scs
 * report timeliness|statistics|incidents|annual`: the operator's view of the
 * vetting pipeline, through the same operations as the API (src/ops/case.c).
 * Output is JSON, one object per line; the timeliness and annual reports also
 * as CSV.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/cli.h"
#include "scs/cv.h"
#include "scs/annual.h"
#include "scs/codec.h"
#include "scs/time.h"

static int
print_case(void *arg, json_t *j)
{
	(void)arg;
	return scs_cli_print_json(j, JSON_COMPACT);
}

static int
print_rec(void *arg, const struct scs_record *r)
{
	(void)arg;
	return scs_cli_print_json(scs_codec_rec_json(r, SCS_CODEC_KIND),
	    JSON_COMPACT);
}

static int
case_list(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"state", required_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	const char *state = NULL;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 's')
			return scs_err_set(err, SCS_EINVAL, "",
			    "case list takes: [--state STATE]");
		state = optarg;
	}
	if (optind != argc)
		return scs_err_set(err, SCS_EINVAL, "",
		    "case list takes: [--state STATE]");
	return scs_op_case_list(&cli->ctx, state, false, NULL, 0, print_case,
	    NULL, err);
}

static int
case_assign(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"body", required_argument, NULL, 'b'},
	    {NULL, 0, NULL, 0},
	};
	const char *body = NULL;
	json_t *view = NULL;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'b')
			return scs_err_set(err, SCS_EINVAL, "",
			    "case assign takes: ID [--body ORG]");
		body = optarg;
	}
	if (optind != argc)
		return scs_err_set(err, SCS_EINVAL, "",
		    "case assign takes: ID [--body ORG]");
	if ((rc = scs_op_case_assign(&cli->ctx, argv[1], body, &view, err)) ==
	    SCS_OK)
		rc = scs_cli_print_json(view, JSON_COMPACT);
	return rc;
}

int
scs_cmd_case(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	json_t *j = NULL;
	int rc;

	if (argc < 2)
		return scs_cli_usage("case",
		    "case takes: list, show, history, "
		    "assign");
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (strcmp(argv[1], "list") == 0) {
		rc = case_list(cli, argc - 1, argv + 1, &err);
	} else if (argc == 3 && strcmp(argv[1], "show") == 0) {
		if ((rc = scs_op_case_get(&cli->ctx, argv[2], &j, &err)) ==
		    SCS_OK)
			rc = scs_cli_print_json(j, JSON_COMPACT);
	} else if (argc == 3 && strcmp(argv[1], "history") == 0) {
		if ((rc = scs_op_case_history(&cli->ctx, argv[2], &j, &err)) ==
		    SCS_OK)
			rc = scs_cli_print_json(j, JSON_COMPACT);
	} else if (argc >= 3 && strcmp(argv[1], "assign") == 0) {
		rc = case_assign(cli, argc - 1, argv + 1, &err);
	} else {
		scs_cli_close(cli);
		return scs_cli_usage("case",
		    "case takes: list [--state S], show ID, history ID, "
		    "assign ID [--body ORG]");
	}
	scs_cli_close(cli);
	if (rc != SCS_OK) {
		if (err.rc == SCS_OK)
			(void)scs_err_set(&err, rc, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}

int
scs_cmd_due(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"within", required_argument, NULL, 'w'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_err err;
	int64_t within = (int64_t)180 * 86400;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1)
		if (ch != 'w' || scs_parse_days(optarg, &within) != 0)
			return scs_cli_usage("due",
			    "--within takes a period such as 180d, 26w or 1y");
	if (optind != argc)
		return scs_cli_usage("due", "unexpected argument \"%s\"",
		    argv[optind]);
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_clearances_due(&cli->ctx, within, print_rec, NULL, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK) {
		if (err.rc == SCS_OK)
			(void)scs_err_set(&err, rc, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}

/* Print @o, indented, and free it: the exit status. */
/* `scs report statistics [--at TIME]`. */
static int
report_statistics(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_err err;
	int64_t at = -1;
	bool has_at = false;
	json_t *o = NULL;
	int ch, rc;

	scs_err_clear(&err);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'a')
			return scs_cli_usage("report", "unknown option");
		if (scs_time_parse(optarg, strlen(optarg), "at", &at, &err) !=
		    SCS_OK)
			return scs_cli_fail(&err);
		has_at = true;
	}
	if (optind != argc)
		return scs_cli_usage("report", "unexpected argument \"%s\"",
		    argv[optind]);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (!has_at)
		at = cli->ctx.now_us() / 1000000;
	rc = scs_op_report_statistics(&cli->ctx, at, &o, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (scs_cli_print_json(o, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) !=
	    SCS_OK) {
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}

/* The report as JSON, or as CSV (@csv). */
static int
print_timeliness(json_t *o, bool csv, struct scs_err *err)
{
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (!csv)
		return scs_cli_print_json(o,
		           JSON_INDENT(2) | JSON_REAL_PRECISION(6)) == SCS_OK
		    ? SCS_OK
		    : scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_timeliness_csv(o, &text, &len, err);
	json_decref(o);
	if (rc == SCS_OK && fwrite(text, 1, len, stdout) != len)
		rc = scs_err_set(err, SCS_EIO, "", "cannot write the report");
	free(text);
	return rc;
}

static int
report_timeliness(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"by", required_argument, NULL, 'y'},
	    {"body", required_argument, NULL, 'b'},
	    {"format", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_timeliness_query q = {INT64_MIN, INT64_MAX, NULL, NULL};
	struct scs_err err;
	bool csv = false;
	json_t *o = NULL;
	int ch, rc;

	scs_err_clear(&err);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'y' || ch == 'b') {
			*(ch == 'y' ? &q.by : &q.body) = optarg;
		} else if (ch == 'o') {
			csv = strcmp(optarg, "csv") == 0;
			if (!csv && strcmp(optarg, "json") != 0) {
				(void)scs_err_set(&err, SCS_EINVAL, "format",
				    "must be json or csv");
				return scs_cli_fail(&err);
			}
		} else if ((ch != 'f' && ch != 't') ||
		    scs_time_parse(optarg, strlen(optarg),
		        ch == 'f' ? "from" : "to", ch == 'f' ? &q.from : &q.to,
		        &err) != SCS_OK) {
			return err.rc != SCS_OK
			    ? scs_cli_fail(&err)
			    : scs_cli_usage("report", "unknown option");
		}
	}
	if (optind != argc)
		return scs_cli_usage("report", "unexpected argument \"%s\"",
		    argv[optind]);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_report_timeliness(&cli->ctx, &q, &o, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK || print_timeliness(o, csv, &err) != SCS_OK)
		return scs_cli_fail(&err);
	return SCS_EXIT_OK;
}

/* `scs report annual --year Y [--format json|csv]`. */
static int
report_annual(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"year", required_argument, NULL, 'y'},
	    {"format", required_argument, NULL, 'f'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_err err;
	const char *year = NULL, *format = "json";
	json_t *o = NULL;
	char *csv = NULL;
	size_t len = 0;
	int y = 0, ch, rc;

	scs_err_clear(&err);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'y')
			year = optarg;
		else if (ch == 'f')
			format = optarg;
		else
			return scs_cli_usage("report",
			    "report annual takes: --year YEAR "
			    "[--format json|csv]");
	}
	if (optind != argc)
		return scs_cli_usage("report", "unexpected argument \"%s\"",
		    argv[optind]);
	if (year == NULL)
		return scs_cli_usage("report",
		    "report annual needs --year YEAR (such as 2026)");
	if (scs_annual_year(year, &y, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0)
		return scs_cli_usage("report", "--format takes json or csv");
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = strcmp(format, "csv") == 0
	    ? scs_op_report_annual_csv(&cli->ctx, y, &csv, &len, &err)
	    : scs_op_report_annual(&cli->ctx, y, &o, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (csv != NULL) {
		rc = fwrite(csv, 1, len, stdout) == len && fflush(stdout) == 0
		    ? SCS_EXIT_OK
		    : SCS_EXIT_FAIL;
		free(csv);
		if (rc != SCS_EXIT_OK)
			(void)fprintf(stderr, "scs: cannot write the report\n");
		return rc;
	}
	if (scs_cli_print_json(o, JSON_INDENT(2)) != SCS_OK) {
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}

int
scs_cmd_report(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_err err;
	int64_t from = INT64_MIN, to = INT64_MAX;
	json_t *o = NULL;
	int ch, rc;

	if (argc >= 2 && strcmp(argv[1], "statistics") == 0)
		return report_statistics(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "timeliness") == 0)
		return report_timeliness(cli, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "annual") == 0)
		return report_annual(cli, argc, argv);
	if (argc < 2 || strcmp(argv[1], "incidents") != 0)
		return scs_cli_usage("report",
		    "report takes: timeliness, statistics, incidents, annual");
	scs_err_clear(&err);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if ((ch != 'f' && ch != 't') ||
		    scs_time_parse(optarg, strlen(optarg),
		        ch == 'f' ? "from" : "to", ch == 'f' ? &from : &to,
		        &err) != SCS_OK)
			return err.rc != SCS_OK
			    ? scs_cli_fail(&err)
			    : scs_cli_usage("report", "unknown option");
	}
	if (optind != argc)
		return scs_cli_usage("report", "unexpected argument \"%s\"",
		    argv[optind]);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_incident_report(&cli->ctx,
	    from < SCS_TIME_MIN ? SCS_TIME_MIN : from, to, &o, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (scs_cli_print_json(o, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) !=
	    SCS_OK) {
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}
