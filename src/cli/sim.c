/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.c - `scs sim SCENARIO.json [--seed N]` and `scs sim staff
 * SCENARIO.json --pool ID --days D [--quantile Q]`: the capacity planner
 * (docs/capacity.md) over the same operations as POST /v1/sim and POST
 * /v1/sim/staff.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/ops.h"

static int
load(const char *file, json_t **out, struct scs_err *err)
{
	json_error_t jerr;

	*out = json_load_file(file, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL)
		return scs_err_set(err, SCS_EINVAL, file,
		    "line %d column %d: %s", jerr.line, jerr.column, jerr.text);
	return SCS_OK;
}

/* The answer @o on standard output (taken), as the command's end. */
static int
print(json_t *o)
{
	struct scs_err err;

	if (scs_cli_print_json(o, JSON_INDENT(2) | JSON_REAL_PRECISION(8)) ==
	    SCS_OK)
		return SCS_EXIT_OK;
	(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
	return scs_cli_fail(&err);
}

/* A number option into @key of @o. */
static int
option(json_t *o, const char *key, const char *arg, struct scs_err *err)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end != '\0')
		return scs_err_set(err, SCS_EINVAL, key, "must be a number");
	if (json_object_set_new(o, key, json_real(v)) != 0)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	return SCS_OK;
}

#define USAGE (-1) /* an option that does not apply */

/* The options into @body; USAGE for one that does not apply. */
static int
options(int argc, char **argv, bool staff, json_t *body, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"seed", required_argument, NULL, 's'},
	    {"pool", required_argument, NULL, 'p'},
	    {"days", required_argument, NULL, 'd'},
	    {"quantile", required_argument, NULL, 'q'},
	    {NULL, 0, NULL, 0},
	};
	int ch, rc = SCS_OK;

	optind = staff ? 2 : 1;
	while (rc == SCS_OK &&
	    (ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's' && !staff)
			rc = option(body, "seed", optarg, err);
		else if (ch == 'p' && staff)
			rc = json_object_set_new(body, "pool",
			         json_string(optarg)) != 0
			    ? scs_err_set(err, SCS_EINVAL, "--pool",
			          "must be UTF-8")
			    : SCS_OK;
		else if ((ch == 'd' || ch == 'q') && staff)
			rc = option(body, ch == 'd' ? "days" : "quantile",
			    optarg, err);
		else
			return USAGE;
	}
	return rc;
}

/* The scenario file, and the request the operation takes. */
static int
request(const char *file, bool staff, json_t *body, json_t **out_sc,
    struct scs_err *err)
{
	int rc = load(file, out_sc, err);

	if (rc == SCS_OK && !staff && json_object_get(body, "seed") != NULL &&
	    json_object_set(*out_sc, "seed", json_object_get(body, "seed")))
		rc = scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	if (rc == SCS_OK && staff && json_object_set(body, "scenario", *out_sc))
		rc = scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	return rc;
}

/* `scs sim scenario`: the register's own scenario. */
static int
own_scenario(struct scs_cli *cli, int argc)
{
	struct scs_err err;
	json_t *o = NULL;
	int rc;

	if (argc != 2)
		return scs_cli_usage("sim", "scenario takes no argument");
	scs_err_clear(&err);
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_sim_scenario(&cli->ctx, &o, &err);
		scs_cli_close(cli);
	}
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	return print(o);
}

/* `scs sim forecast [--quarters N] [--replications R] [SCENARIO.json]`. */
static int
forecast(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"quarters", required_argument, NULL, 'q'},
	    {"replications", required_argument, NULL, 'r'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_err err;
	long n[2] = {4, 20};
	json_t *sc = NULL, *o = NULL;
	char *end;
	int ch, rc = SCS_OK;

	scs_err_clear(&err);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'q' && ch != 'r')
			return scs_cli_usage("sim", "unknown option");
		n[ch == 'r'] = strtol(optarg, &end, 10);
		if (end == optarg || *end != '\0' || n[ch == 'r'] < 1 ||
		    n[ch == 'r'] > 999)
			return scs_cli_usage("sim", "--%s takes a whole number",
			    ch == 'q' ? "quarters" : "replications");
	}
	if (optind < argc - 1)
		return scs_cli_usage("sim", "forecast takes one scenario file");
	if (optind == argc - 1)
		rc = load(argv[optind], &sc, &err);
	if (rc == SCS_OK && (rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_forecast(&cli->ctx, (unsigned)n[0], (unsigned)n[1],
		    sc, &o, &err);
		scs_cli_close(cli);
	}
	json_decref(sc);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	return print(o);
}

int
scs_cmd_sim(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	bool staff = argc >= 2 && strcmp(argv[1], "staff") == 0;
	json_t *sc = NULL, *body = json_object(), *o = NULL;
	int rc;

	if (argc >= 2 && strcmp(argv[1], "forecast") == 0) {
		json_decref(body);
		return forecast(cli, argc, argv);
	}
	if (argc >= 2 && strcmp(argv[1], "scenario") == 0) {
		json_decref(body);
		return own_scenario(cli, argc);
	}
	scs_err_clear(&err);
	rc = options(argc, argv, staff, body, &err);
	if (rc == USAGE || (rc == SCS_OK && optind != argc - 1)) {
		json_decref(body);
		return scs_cli_usage("sim",
		    rc == USAGE ? "unknown option" : "takes one scenario file");
	}
	if (rc == SCS_OK)
		rc = request(argv[optind], staff, body, &sc, &err);
	if (rc == SCS_OK)
		rc = scs_cli_open(cli, &err);
	if (rc == SCS_OK) {
		rc = staff ? scs_op_sim_staff(&cli->ctx, body, &o, &err)
		           : scs_op_sim(&cli->ctx, sc, &o, &err);
		scs_cli_close(cli);
	}
	json_decref(sc);
	json_decref(body);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	return print(o);
}
