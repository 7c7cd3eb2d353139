/* SPDX-License-Identifier: Apache-2.0 */
/*
 * transfer.c - `scs transfer` and `scs clearance lookup`
 * (src/ops/transfer.c): a cleared person moving to another employer
 * without a new vetting, and whether a person is cleared, without their
 * file.  The operator acts as the operating system's actor.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "scs/cli.h"

/* PERSON --birth-date D [--to ORG] into a request body. */
static int
person_body(int argc, char **argv, bool to, json_t **out, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"birth-date", required_argument, NULL, 'b'},
	    {"to", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	json_t *b = json_object();
	int ch;

	if (b == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'b')
			(void)json_object_set_new(b, "birth_date",
			    json_string(optarg));
		else if (ch == 't' && to)
			(void)json_object_set_new(b, "to_org",
			    json_string(optarg));
		else {
			json_decref(b);
			return -1;
		}
	}
	if (optind + 1 != argc || json_object_get(b, "birth_date") == NULL ||
	    (to && json_object_get(b, "to_org") == NULL)) {
		json_decref(b);
		return -1;
	}
	(void)json_object_set_new(b, "person", json_string(argv[optind]));
	*out = b;
	return SCS_OK;
}

static int
run(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	json_t *body = NULL, *o = NULL;
	const char *reason = NULL;
	int rc;

	if (strcmp(argv[1], "request") == 0) {
		if ((rc = person_body(argc, argv, true, &body, err)) != SCS_OK)
			return rc;
		if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
			rc = scs_op_transfer_request(&cli->ctx, body, &o, err);
			scs_cli_close(cli);
		}
		json_decref(body);
	} else if (strcmp(argv[1], "list") == 0) {
		if (argc != 2)
			return -1;
		if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
			rc = scs_op_transfer_list(&cli->ctx, &o, err);
			scs_cli_close(cli);
		}
	} else {
		enum scs_transfer_state to;

		if (strcmp(argv[1], "accept") == 0 && argc == 3)
			to = SCS_TRANSFER_ACCEPTED;
		else if (strcmp(argv[1], "cancel") == 0 && argc == 3)
			to = SCS_TRANSFER_CANCELLED;
		else if (strcmp(argv[1], "reject") == 0 && argc == 5 &&
		    strcmp(argv[3], "--reason") == 0) {
			to = SCS_TRANSFER_REJECTED;
			reason = argv[4];
		} else
			return -1;
		if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
			rc = scs_op_transfer_decide(&cli->ctx, argv[2], to,
			    reason, &o, err);
			scs_cli_close(cli);
		}
	}
	return rc == SCS_OK ? scs_cli_print_json(o, JSON_INDENT(2)) : rc;
}

int
scs_cmd_transfer(struct scs_cli *cli, int argc, char **argv)
{
	static const char *const subs[] = {"request", "accept", "reject",
	    "cancel", "list"};
	struct scs_err err;
	size_t i;
	int rc;

	for (i = 0; argc >= 2 && i < SCS_NELEM(subs); i++)
		if (strcmp(argv[1], subs[i]) == 0)
			break;
	if (argc < 2 || i == SCS_NELEM(subs))
		return scs_cli_usage("transfer",
		    "transfer takes: request, accept, reject, cancel, list");
	scs_err_clear(&err);
	rc = run(cli, argc, argv, &err);
	if (rc < 0)
		return scs_cli_usage("transfer", "bad arguments to transfer %s",
		    argv[1]);
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}

int
scs_cmd_clearance(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	json_t *body = NULL, *o = NULL;
	int rc;

	scs_err_clear(&err);
	if (argc < 2 || strcmp(argv[1], "lookup") != 0)
		return scs_cli_usage("clearance", "clearance takes: lookup");
	if ((rc = person_body(argc, argv, false, &body, &err)) < 0)
		return scs_cli_usage("clearance",
		    "bad arguments to clearance lookup");
	if (rc == SCS_OK && (rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_clearance_lookup(&cli->ctx, body, &o, &err);
		scs_cli_close(cli);
	}
	json_decref(body);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	return scs_cli_print_json(o, JSON_INDENT(2)) == SCS_OK ? SCS_EXIT_OK
	                                                       : SCS_EXIT_FAIL;
}
