/* SPDX-License-Identifier: Apache-2.0 */
/*
 * admin.c - `scs keys rotate` and `scs audit verify|head|list|decisions`; the
 * proofs and the witness are proof.c's and witness.c's.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scs/cli.h"
#include "scs/codec.h"

struct rotate_progress {
	int tty;
	uint64_t batches;
	uint64_t exit_after; /* fault injection for tests; 0: never */
};

/* Called after each committed batch.  SCS_TEST_EXIT_AFTER_BATCHES=N
 * makes the process die right there, as kill -9 would, so tests can
 * prove that an interrupted rotation resumes. */
static void
count(void *arg, uint64_t done, uint64_t total)
{
	struct rotate_progress *rp = arg;

	(void)total;
	if (rp->tty)
		(void)fprintf(stderr, "\rre-wrapped or re-sealed %llu",
		    (unsigned long long)done);
	if (rp->exit_after != 0 && ++rp->batches >= rp->exit_after)
		_exit(3);
}

int
scs_cmd_keys(struct scs_cli *cli, int argc, char **argv)
{
	struct rotate_progress rp;
	struct scs_err err;
	const char *fault = getenv("SCS_TEST_EXIT_AFTER_BATCHES");
	uint64_t n = 0, w = 0;
	uint32_t key = 0;
	int rc;

	if (argc != 2 || strcmp(argv[1], "rotate") != 0)
		return scs_cli_usage("keys", "keys takes: rotate");
	memset(&rp, 0, sizeof(rp));
	rp.tty = isatty(STDERR_FILENO);
	if (fault != NULL && scs_parse_u64(fault, 1000000, &rp.exit_after) != 0)
		rp.exit_after = 0;
	scs_err_clear(&err);
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_keys_rotate(&cli->ctx, count, &rp, &key, &n, &w,
		    &err);
		scs_cli_close(cli);
	}
	if (isatty(STDERR_FILENO))
		(void)fprintf(stderr, "\n");
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	(void)printf("data key %u is current; re-wrapped %llu person keys, "
	             "re-sealed %llu records\n",
	    key, (unsigned long long)w, (unsigned long long)n);
	return SCS_EXIT_OK;
}

static int
print_decision(void *arg, const struct scs_decision_found *d)
{
	(void)arg;
	return scs_cli_print_json(scs_codec_decision_json(d->seq, d->actor,
	                              d->subject, d->item, d->at, d->reason),
	    JSON_COMPACT);
}

/* scs audit decisions --subject P [--item X] [--from T] [--to T]
 * [--limit N]: the recorded decisions, one JSON line each. */
static int
audit_decisions(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"subject", required_argument, NULL, 's'},
	    {"item", required_argument, NULL, 'i'},
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"limit", required_argument, NULL, 'l'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_decision_filter f = {NULL, NULL, INT64_MIN, INT64_MAX};
	const char *from = NULL, *to = NULL;
	struct scs_err err;
	uint64_t limit = 0;
	int ch, more = 0, rc;

	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 's')
			f.subject = optarg;
		else if (ch == 'i')
			f.item = optarg;
		else if (ch == 'f')
			from = optarg;
		else if (ch == 't')
			to = optarg;
		else if (ch != 'l' ||
		    scs_parse_u64(optarg, UINT32_MAX, &limit) != 0 ||
		    limit == 0)
			return scs_cli_usage("audit",
			    "audit decisions --subject P [--item X] [--from "
			    "TIME] [--to TIME] [--limit N]");
	}
	if (optind != argc)
		return scs_cli_usage("audit",
		    "audit decisions takes options "
		    "only");
	if ((from != NULL &&
	        scs_time_parse(from, strlen(from), "--from", &f.from, &err) !=
	            SCS_OK) ||
	    (to != NULL &&
	        scs_time_parse(to, strlen(to), "--to", &f.to, &err) != SCS_OK))
		return scs_cli_fail(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_audit_decisions(&cli->ctx, &f, limit, print_decision, NULL,
	    &more, &err);
	scs_cli_close(cli);
	if (rc == SCS_OK && fflush(stdout) != 0)
		rc = scs_err_set(&err, SCS_EIO, "", "write failed");
	if (rc != SCS_OK) {
		/* Field names as the command line spells them. */
		if (strcmp(err.field, "subject") == 0 ||
		    strcmp(err.field, "item") == 0 ||
		    strcmp(err.field, "to") == 0) {
			memmove(err.field + 2, err.field, 8);
			memcpy(err.field, "--", 2);
		}
		return scs_cli_fail(&err);
	}
	if (more)
		(void)fprintf(stderr,
		    "scs: stopped at --limit %llu; more decisions match\n",
		    (unsigned long long)limit);
	return SCS_EXIT_OK;
}

static int
print_entry(void *arg, const struct scs_audit_entry *e)
{
	(void)arg;
	return scs_cli_print_json(scs_codec_audit_json(e), JSON_COMPACT);
}

/* scs audit list [--from T] [--to T] [--action A] [--kind K] [--object
 * O] [--actor A]: the log's entries, one JSON line each (as GET
 * /v1/audit), for an auditor's own recomputation (docs/oversight.md). */
static int
audit_list(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"from", required_argument, NULL, 'f'},
	    {"to", required_argument, NULL, 't'},
	    {"action", required_argument, NULL, 'a'},
	    {"kind", required_argument, NULL, 'k'},
	    {"object", required_argument, NULL, 'o'},
	    {"actor", required_argument, NULL, 'u'},
	    {NULL, 0, NULL, 0},
	};
	static const char usage[] = "audit list [--from TIME] [--to TIME] "
	                            "[--action A] [--kind K] [--object O] "
	                            "[--actor A]";
	struct scs_audit_filter f;
	struct scs_err err;
	int ch, rc;

	memset(&f, 0, sizeof(f));
	f.from_us = INT64_MIN;
	f.to_us = INT64_MAX;
	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'f' || ch == 't') {
			if (scs_time_parse_us(optarg, strlen(optarg),
			        ch == 'f' ? "--from" : "--to",
			        ch == 'f' ? &f.from_us : &f.to_us,
			        &err) != SCS_OK)
				return scs_cli_fail(&err);
		} else if (ch == 'a') {
			f.action = optarg;
		} else if (ch == 'k') {
			f.kind = optarg;
		} else if (ch == 'o') {
			f.object = optarg;
		} else if (ch == 'u') {
			f.actor = optarg;
		} else {
			return scs_cli_usage("audit", usage);
		}
	}
	if (optind != argc)
		return scs_cli_usage("audit", usage);
	if (f.from_us >= f.to_us)
		return scs_cli_usage("audit", "--to must be after --from");
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_audit_find(&cli->ctx, &f, 0, print_entry, NULL, &err);
	scs_cli_close(cli);
	if (rc == SCS_OK && fflush(stdout) != 0)
		rc = scs_err_set(&err, SCS_EIO, "", "write failed");
	if (rc != SCS_OK) {
		if (err.rc == SCS_OK)
			(void)scs_err_set(&err, rc, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}

int
scs_cmd_audit(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_verify_report rep;
	struct scs_tree_head h;
	struct scs_err err;
	char hex[129];
	int rc;

	if (argc >= 2 && strcmp(argv[1], "decisions") == 0)
		return audit_decisions(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return audit_list(cli, argc - 1, argv + 1);
	if (argc >= 2 &&
	    (strcmp(argv[1], "prove") == 0 ||
	        strcmp(argv[1], "check-proof") == 0 ||
	        strcmp(argv[1], "key") == 0))
		return scs_cli_audit_proofs(cli, argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "witness") == 0)
		return scs_cli_audit_witness(argc - 1, argv + 1);
	if (argc != 2 ||
	    (strcmp(argv[1], "verify") != 0 && strcmp(argv[1], "head") != 0))
		return scs_cli_usage("audit",
		    "audit takes: verify, head, list, decisions, prove, "
		    "check-proof, key or witness");
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (strcmp(argv[1], "head") == 0) {
		rc = scs_op_audit_head(&cli->ctx, &h, &err);
		if (rc == SCS_OK) {
			scs_hex(hex, h.root, 32);
			(void)printf("size %llu\nroot %s\n",
			    (unsigned long long)h.size, hex);
			scs_hex(hex, h.sig, 64);
			(void)printf("signature %s\n", hex);
			scs_hex(hex, scs_keys_public(cli->ctx.keys), 32);
			(void)printf("public key %s\n", hex);
		}
		scs_cli_close(cli);
		return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
	}
	rc = scs_op_audit_verify(&cli->ctx, &rep, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (!rep.ok) {
		(void)fprintf(stderr, "scs: audit verify FAILED: %s\n",
		    rep.problem);
		return SCS_EXIT_FAIL;
	}
	(void)printf("audit log ok: %llu entries, %llu signed tree heads, %llu "
	             "records match their last audited state, %llu decision "
	             "blocks match their entries\n",
	    (unsigned long long)rep.log.entries,
	    (unsigned long long)rep.log.heads, (unsigned long long)rep.records,
	    (unsigned long long)rep.blocks);
	return SCS_EXIT_OK;
}

int
scs_cmd_checks(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	char path[4096];
	int rc;

	if (!(argc == 1 || (argc == 2 && strcmp(argv[1], "off") == 0) ||
	        (argc == 3 && strcmp(argv[1], "feed") == 0)))
		return scs_cli_usage("checks", "checks takes: feed FILE, off");
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (argc == 1)
		rc = scs_op_checks_get(&cli->ctx, path, sizeof(path), &err);
	else
		rc = scs_op_checks_set(&cli->ctx, argc == 3 ? argv[2] : NULL,
		    &err);
	if (rc == SCS_OK && argc != 1)
		rc = scs_op_checks_get(&cli->ctx, path, sizeof(path), &err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (path[0] != '\0')
		(void)printf("record checks: feed %s\n", path);
	else
		(void)printf("record checks: none configured\n");
	return SCS_EXIT_OK;
}
