/* SPDX-License-Identifier: Apache-2.0 */
/*
 * visit.c - `scs visit` (src/ops/visit.c): visit requests from the
 * command line, and the host's pass checked offline at a gate.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scs/cli.h"
#include "scs/time.h"
#include "scs/trust.h"

static int
read_json(const char *arg, json_t **out, struct scs_err *err)
{
	json_error_t je;

	*out = strcmp(arg, "-") == 0 ? json_loadf(stdin, 0, &je)
	                             : json_loads(arg, 0, &je);
	if (*out == NULL)
		return scs_err_set(err, SCS_EINVAL, "", "not JSON: %s",
		    je.text);
	return SCS_OK;
}

/* scs visit verify PASS --trust FILE [--at TIME]: offline. */
static int
verify(int argc, char **argv, json_t **out, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"trust", required_argument, NULL, 't'},
	    {"at", required_argument, NULL, 'a'},
	    {NULL, 0, NULL, 0},
	};
	const char *trust = NULL;
	struct scs_verify_opts o;
	struct scs_trust_key *keys = NULL;
	size_t n = 0;
	int ch, rc;

	memset(&o, 0, sizeof(o));
	o.now = time(NULL);
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 't')
			trust = optarg;
		else if (ch == 'a') {
			if (scs_time_parse(optarg, strlen(optarg), "at", &o.now,
			        err) != SCS_OK)
				return SCS_EINVAL;
		} else
			return -1;
	}
	if (optind + 1 != argc || trust == NULL)
		return -1;
	if ((rc = scs_cli_trust_load(trust, &keys, &n, err)) != SCS_OK)
		return rc;
	o.keys = keys;
	o.nkeys = n;
	rc = scs_op_visit_pass_check(NULL, argv[optind], &o, out, err);
	free(keys);
	return rc;
}

static const struct {
	const char *name;
	enum scs_visit_state to;
	int note;
} moves[] = {
    {"submit", SCS_VISIT_SUBMITTED, 0},
    {"certify", SCS_VISIT_CERTIFIED, 0},
    {"approve", SCS_VISIT_APPROVED, 0},
    {"reject", SCS_VISIT_REJECTED, 1},
    {"return", SCS_VISIT_RETURNED, 1},
    {"cancel", SCS_VISIT_CANCELLED, 0},
};

static int
edit(struct scs_cli *cli, int argc, char **argv, json_t **o,
    struct scs_err *err)
{
	json_t *body = NULL;
	int rc;

	if ((rc = read_json(argv[argc - 1], &body, err)) != SCS_OK)
		return rc;
	if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = argv[1][0] == 'c'
		    ? scs_op_visit_create(&cli->ctx, body, o, err)
		    : scs_op_visit_update(&cli->ctx, argv[2], body, o, err);
		scs_cli_close(cli);
	}
	json_decref(body);
	return rc;
}

static int
move(struct scs_cli *cli, int argc, char **argv, json_t **o,
    struct scs_err *err)
{
	size_t i;
	int rc;

	for (i = 0; i < SCS_NELEM(moves); i++)
		if (strcmp(argv[1], moves[i].name) == 0)
			break;
	if (i == SCS_NELEM(moves) || argc != (moves[i].note ? 5 : 3) ||
	    (moves[i].note && strcmp(argv[3], "--note") != 0))
		return -1;
	if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_visit_move(&cli->ctx, argv[2], moves[i].to,
		    moves[i].note ? argv[4] : NULL, o, err);
		scs_cli_close(cli);
	}
	return rc;
}

static int
run(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	json_t *o = NULL;
	const char *sub = argv[1];
	int rc;

	if (strcmp(sub, "verify") == 0) {
		if ((rc = verify(argc, argv, &o, err)) != SCS_OK)
			return rc;
		rc = json_is_true(json_object_get(o, "valid")) ? SCS_OK : 1000;
		(void)scs_cli_print_json(o, JSON_INDENT(2));
		return rc;
	}
	if (strcmp(sub, "create") == 0 || strcmp(sub, "update") == 0) {
		if (argc != (sub[0] == 'c' ? 3 : 4))
			return -1;
		rc = edit(cli, argc, argv, &o, err);
	} else if (strcmp(sub, "list") == 0) {
		if (argc != 2)
			return -1;
		if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
			rc = scs_op_visit_list(&cli->ctx, &o, err);
			scs_cli_close(cli);
		}
	} else {
		rc = move(cli, argc, argv, &o, err);
	}
	return rc == SCS_OK ? scs_cli_print_json(o, JSON_INDENT(2)) : rc;
}

int
scs_cmd_visit(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	int rc;

	if (argc < 2)
		return scs_cli_usage("visit",
		    "visit takes: create, update, submit, certify, approve, "
		    "reject, return, cancel, list, verify");
	scs_err_clear(&err);
	rc = run(cli, argc, argv, &err);
	if (rc < 0)
		return scs_cli_usage("visit", "bad arguments to visit %s",
		    argv[1]);
	if (rc == 1000)
		return SCS_EXIT_FAIL;
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
