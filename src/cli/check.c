/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check.c - `scs check` and `scs label join`: the access decision from the
 * command line.  One decision (exit 0 allow, 1 deny), or --batch: query
 * lines in, answer lines out in order, streaming, with the decisions
 * recorded in the audit log every 65536 lines.  The hot path parses the
 * usual line shape by hand and falls back to jansson for anything else;
 * lines are decided SCS_INDEX_BATCH at a time, their ids resolved
 * together (scs_op_decide_many).
 */
#include <getopt.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "scs/cli.h"
#include "scs/codec.h"

#define CHUNK (1u << 16)

/* The careful path: jansson, strict keys, named errors. */
static int
slow_parse(const char *line, size_t len, json_t **hold, struct scs_query *q,
    struct scs_err *err)
{
	static const char *const keys[] = {"subject", "item", "at", NULL};
	json_error_t jerr;
	const json_t *v;
	json_t *j;
	int rc;

	memset(q, 0, sizeof(*q));
	j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "not valid JSON at column %d: %s", jerr.column, jerr.text);
	*hold = j;
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK)
		return rc;
	if (!json_is_string(v = json_object_get(j, "subject")))
		return scs_err_set(err, SCS_EINVAL, "subject",
		    "is required (a string)");
	q->subject = json_string_value(v);
	q->subject_len = json_string_length(v);
	if (!json_is_string(v = json_object_get(j, "item")))
		return scs_err_set(err, SCS_EINVAL, "item",
		    "is required (a string)");
	q->item = json_string_value(v);
	q->item_len = json_string_length(v);
	if ((v = json_object_get(j, "at")) != NULL && !json_is_null(v)) {
		if (!json_is_string(v))
			return scs_err_set(err, SCS_EINVAL, "at",
			    "must be an RFC 3339 time");
		q->at = json_string_value(v);
		q->at_len = json_string_length(v);
		q->has_at = 1;
	}
	return SCS_OK;
}

struct batch {
	struct scs_decider d; /* scope, time, audit: the operation's */
	int64_t last_at;
	char last_at_text[64];
	size_t last_at_len;
	int allowed; /* the last answer allowed */
	struct scs_buf out;
};

/* The query's time (*@out_t; 0 when it names none).  Batches repeat one
 * time: parse it once. */
static int
query_time(struct batch *bt, const struct scs_query *q, int64_t *out_t,
    struct scs_err *err)
{
	int rc;

	*out_t = 0;
	if (!q->has_at)
		return SCS_OK;
	if (q->at_len == bt->last_at_len && q->at_len < 64 &&
	    memcmp(q->at, bt->last_at_text, q->at_len) == 0) {
		*out_t = bt->last_at;
		return SCS_OK;
	}
	if ((rc = scs_time_parse(q->at, q->at_len, "at", out_t, err)) != SCS_OK)
		return rc;
	if (q->at_len < 64) {
		memcpy(bt->last_at_text, q->at, q->at_len);
		bt->last_at_len = q->at_len;
		bt->last_at = *out_t;
	}
	return SCS_OK;
}

static int
answer(struct batch *bt, const struct scs_query *q, enum scs_reason r,
    struct scs_err *err)
{
	bt->allowed = scs_reason_allows(r);
	if (scs_codec_answer(&bt->out, q->subject, q->subject_len, q->item,
	        q->item_len, r, NULL) != SCS_OK ||
	    scs_buf_add(&bt->out, "\n", 1) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

static int
decide_one(struct batch *bt, const struct scs_query *q, struct scs_err *err)
{
	int64_t t, used;
	enum scs_reason r;
	int rc;

	if ((rc = query_time(bt, q, &t, err)) != SCS_OK ||
	    (rc = scs_op_decide(&bt->d, q->subject, q->subject_len, q->item,
	         q->item_len, q->has_at ? &t : NULL, &used, &r, err)) != SCS_OK)
		return rc;
	return answer(bt, q, r, err);
}

/* The error of line @lineno of @name: "NAME:LINE: FIELD". */
static void
at_line(struct scs_err *err, const char *name, uint64_t lineno)
{
	char where[SCS_ERR_FIELD_MAX];

	if (snprintf(where, sizeof(where), "%s:%llu%s%s", name,
	        (unsigned long long)lineno, err->field[0] ? ": " : "",
	        err->field) < 0)
		where[0] = '\0';
	memcpy(err->field, where, sizeof(where));
}

/* Lines read and parsed, decided a group at a time (scs_op_decide_many:
 * their ids resolved together). */
#define GROUP SCS_INDEX_BATCH

struct group {
	char *line[GROUP]; /* getline's buffers, kept for the next group */
	size_t cap[GROUP];
	json_t *hold[GROUP]; /* the careful parse's values */
	uint64_t lineno[GROUP];
	struct scs_query q[GROUP];
	struct scs_decide_query dq[GROUP];
	int64_t t[GROUP];
	size_t n;
};

/* One query line (without its newline) parsed into the group's next
 * entry. */
static int
parse_line(struct batch *bt, struct group *g, size_t len, struct scs_err *err)
{
	struct scs_query *q = &g->q[g->n];
	int rc = SCS_OK;

	g->hold[g->n] = NULL;
	if (scs_codec_query_fast(g->line[g->n], len, q) != 0)
		rc = slow_parse(g->line[g->n], len, &g->hold[g->n], q, err);
	if (rc == SCS_OK)
		rc = query_time(bt, q, &g->t[g->n], err);
	if (rc != SCS_OK) {
		json_decref(g->hold[g->n]);
		g->hold[g->n] = NULL;
		return rc;
	}
	g->dq[g->n].subject = q->subject;
	g->dq[g->n].slen = q->subject_len;
	g->dq[g->n].item = q->item;
	g->dq[g->n].ilen = q->item_len;
	g->dq[g->n].at = q->has_at ? &g->t[g->n] : NULL;
	g->n++;
	return SCS_OK;
}

/* Decide and answer the group's lines, in order; an error names its
 * line. */
static int
decide_group(struct batch *bt, struct group *g, const char *name,
    struct scs_err *err)
{
	int64_t used[GROUP];
	enum scs_reason r[GROUP];
	size_t k, done;
	int rc;

	rc = scs_op_decide_many(&bt->d, g->dq, g->n, used, r, &done, err);
	for (k = 0; k < done; k++) {
		int rc2 = answer(bt, &g->q[k], r[k], err);

		if (rc2 != SCS_OK) {
			rc = rc2;
			done = k;
			break;
		}
	}
	if (rc != SCS_OK)
		at_line(err, name, g->lineno[done]);
	for (k = 0; k < g->n; k++) {
		json_decref(g->hold[k]);
		g->hold[k] = NULL;
	}
	g->n = 0;
	return rc;
}

/* The answers out, and what was answered on record even when a line
 * stopped the run (@rc). */
static int
finish_batch(struct batch *bt, int rc, struct scs_err *err)
{
	struct scs_err e2;
	int rc2;

	if (bt->out.len > 0)
		(void)fwrite(bt->out.p, 1, bt->out.len, stdout);
	if (fflush(stdout) != 0 && rc == SCS_OK)
		rc = scs_err_set(err, SCS_EIO, "", "write failed");
	rc2 = scs_op_decider_flush(&bt->d, &e2);
	if (rc == SCS_OK && rc2 != SCS_OK) {
		*err = e2;
		rc = rc2;
	}
	return rc;
}

static int
run_batch(struct batch *bt, FILE *in, const char *name, struct scs_err *err)
{
	struct group *g = calloc(1, sizeof(*g));
	size_t len, k;
	ssize_t n;
	uint64_t lineno = 0;
	int rc = SCS_OK;

	if (g == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	while ((n = getline(&g->line[g->n], &g->cap[g->n], in)) > 0) {
		char *line = g->line[g->n];

		lineno++;
		len = (size_t)n;
		while (
		    len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		if (len == 0)
			continue;
		g->lineno[g->n] = lineno;
		if ((rc = parse_line(bt, g, len, err)) != SCS_OK) {
			/* The lines before it are answered first. */
			struct scs_err perr = *err;
			int prc = rc;

			if (g->n > 0 &&
			    (rc = decide_group(bt, g, name, err)) != SCS_OK)
				break;
			*err = perr;
			rc = prc;
			at_line(err, name, lineno);
			break;
		}
		if (g->n == GROUP &&
		    (rc = decide_group(bt, g, name, err)) != SCS_OK)
			break;
		if (bt->out.len > (1U << 20)) {
			(void)fwrite(bt->out.p, 1, bt->out.len, stdout);
			scs_buf_reset(&bt->out);
		}
	}
	if (rc == SCS_OK && g->n > 0)
		rc = decide_group(bt, g, name, err);
	/* getline also stops when it cannot grow its line: that is not the
	 * end of the queries. */
	if (rc == SCS_OK && (ferror(in) || !feof(in)))
		rc = scs_err_set(err, SCS_EIO, name, "read error%s",
		    errno == ENOMEM ? " (out of memory)" : "");
	for (k = 0; k < GROUP; k++)
		free(g->line[k]);
	free(g);
	return finish_batch(bt, rc, err);
}

/* One decision from the command line, printed and audited. */
static int
check_one(struct batch *bt, const char *subject, const char *item,
    int *out_allowed, struct scs_err *err)
{
	struct scs_query q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.subject = subject;
	q.subject_len = strlen(subject);
	q.item = item;
	q.item_len = strlen(item);
	rc = decide_one(bt, &q, err);
	*out_allowed = bt->allowed;
	if (rc == SCS_OK) {
		(void)fwrite(bt->out.p, 1, bt->out.len, stdout);
		rc = scs_op_decider_flush(&bt->d, err);
	}
	return rc;
}

static int
open_index(struct scs_cli *cli, struct scs_index **ix, struct scs_err *err)
{
	int rc;

	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_may_decide(&cli->ctx, err)) != SCS_OK ||
	    (rc = scs_cli_index_open(cli, ix, NULL, err)) != SCS_OK)
		scs_cli_close(cli);
	return rc;
}

/* --at TIME: the decisions' now instead of the clock's. */
static int
parse_at(const char *at, int64_t *now, struct scs_err *err)
{
	int rc;

	if (at == NULL)
		return SCS_OK;
	if ((rc = scs_time_parse(at, strlen(at), "--at", now, err)) != SCS_OK)
		return rc;
	if (*now < SCS_DECIDE_MIN || *now > SCS_DECIDE_MAX)
		return scs_err_set(err, SCS_EINVAL, "--at",
		    "must be between 1970-01-01 and 2106-02-07");
	return SCS_OK;
}

int
scs_cmd_check(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"at", required_argument, NULL, 'a'},
	    {"batch", required_argument, NULL, 'b'},
	    {"audit", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	struct batch bt;
	struct scs_index *ix = NULL;
	struct scs_err err;
	enum scs_decision_audit mode = SCS_DAUDIT_DENIES;
	const char *at = NULL, *file = NULL;
	FILE *in = NULL;
	int64_t now = 0;
	int ch, rc, allowed = 0;

	memset(&bt, 0, sizeof(bt));
	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'a')
			at = optarg;
		else if (ch == 'b')
			file = optarg;
		else if (ch != 'm' ||
		    scs_decision_audit_parse(optarg, &mode) != 0)
			return scs_cli_usage("check", "bad option");
	}
	if ((file == NULL && optind + 2 != argc) ||
	    (file != NULL && (optind != argc || at != NULL)))
		return scs_cli_usage("check",
		    "check [--at TIME] SUBJECT ITEM, or check --batch FILE");
	if (parse_at(at, &now, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (file != NULL && strcmp(file, "-") != 0 &&
	    (in = fopen(file, "r")) == NULL) {
		(void)scs_err_set(&err, SCS_EIO, file, "cannot open");
		return scs_cli_fail(&err);
	}
	if (open_index(cli, &ix, &err) != SCS_OK) {
		if (in != NULL)
			(void)fclose(in);
		return scs_cli_fail(&err);
	}
	scs_buf_init(&bt.out, 64U << 20);
	rc = scs_op_decider_open(&bt.d, &cli->ctx, ix, mode, CHUNK, NULL, NULL,
	    &err);
	if (rc == SCS_OK && at != NULL)
		bt.d.now = now; /* --at: the run's now */
	if (rc == SCS_OK && file != NULL)
		rc = run_batch(&bt, in != NULL ? in : stdin,
		    in != NULL ? file : "<stdin>", &err);
	else if (rc == SCS_OK)
		rc = check_one(&bt, argv[optind], argv[optind + 1], &allowed,
		    &err);
	if (in != NULL)
		(void)fclose(in);
	scs_buf_free(&bt.out);
	scs_op_decider_close(&bt.d);
	scs_index_free(ix);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	return file == NULL && !allowed ? SCS_EXIT_FAIL : SCS_EXIT_OK;
}

int
scs_cmd_label(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_label_join lj;
	struct scs_index *ix = NULL;
	struct scs_err err;
	int32_t items[256] = {0};
	json_t *j;
	int i, rc;

	if (argc < 3 || strcmp(argv[1], "join") != 0 || argc - 2 > 256)
		return scs_cli_usage("label", "label join ITEM...");
	scs_err_clear(&err);
	/* The index points into the reference tables: close at the end. */
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_cli_index_open(cli, &ix, NULL, &err);
	for (i = 2; rc == SCS_OK && i < argc; i++)
		if ((items[i - 2] =
		            scs_index_item(ix, argv[i], strlen(argv[i]))) < 0)
			rc = scs_err_set(&err, SCS_ENOTFOUND, argv[i],
			    "no such item");
	if (rc == SCS_OK)
		rc = scs_index_join(ix, items, (size_t)(argc - 2), &lj, &err);
	if (rc != SCS_OK) {
		scs_index_free(ix);
		scs_cli_close(cli);
		return scs_cli_fail(&err);
	}
	j = scs_codec_label_join(ix, &lj);
	rc = scs_cli_print_json(j, JSON_COMPACT);
	scs_index_free(ix);
	scs_cli_close(cli);
	if (rc != SCS_OK) {
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}
