/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - where the time of the timeliness report goes, over the cases
 * table of a register (bench/run.sh, section "vetting").
 *
 *   report DB
 *
 * Times, each the median of BENCH_PASSES passes (default 5), in one
 * process on the register's SQLite file (read only):
 *   sql-count   the store's floor: SELECT count(*) and avg() of the phase
 *               seconds over the cases table (one pass over its pages)
 *   sql-rows    the store's own SELECT (every column but the sealed ones,
 *               ORDER BY id, as scs_store_rec_query writes it), each row
 *               stepped and its columns read, no SCS code
 *   sql-rowid   the same SELECT without ORDER BY (the table's own order)
 *   sql-need    only the 12 columns the report reads, in table order
 *   sql-mmap    sql-need on a connection with PRAGMA mmap_size (pages
 *               mapped, not copied by pread)
 *   store-scan  scs_store_rec_query(SCS_KIND_CASE, lean) with a callback
 *               that does nothing: the above plus read_rec's decoding into
 *               struct scs_case
 *   store-tl    the same feeding scs_tl_add (what scs_op_report_timeliness
 *               does), then scs_tl_report
 * and prints "RESULT engine=NAME seconds=S rows=N" lines.  The HTTP and
 * CLI figures add the JSON of the answer and, for HTTP, the request.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "harness.h"
#pragma GCC diagnostic pop
#include "scs/record.h"
#include "scs/store.h"
#include "scs/timeliness.h"

#define MAXPASS 64

static const char cols[] =
    "id, person, authority, level, sponsor, need, type, state, opened, "
    "since, body, prior, consent_version, returned, resume, decided, "
    "decided_by, e_adjudicated, complaint_until, consent_s, "
    "questionnaire_s, initiation_s, investigation_s, adjudication_s";
static const char need_cols[] =
    "authority, level, state, opened, since, decided, e_adjudicated, "
    "consent_s, questionnaire_s, initiation_s, investigation_s, "
    "adjudication_s";

/* Whether column @name holds text (else an integer, maybe NULL). */
static int
is_text(const char *name)
{
	static const char *const ints[] = {"opened", "since", "decided",
	    "e_adjudicated", "complaint_until", "consent_s", "questionnaire_s",
	    "initiation_s", "investigation_s", "adjudication_s", "count(*)",
	    NULL};
	size_t i;

	for (i = 0; ints[i] != NULL; i++)
		if (strcmp(name, ints[i]) == 0)
			return 0;
	return strncmp(name, "avg(", 4) != 0;
}

static double
sql_pass(sqlite3 *db, const char *sql, uint64_t *rows, int64_t *check)
{
	sqlite3_stmt *q;
	double t0 = bh_now();
	int rc, i, n, text[32];

	if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) != SQLITE_OK)
		bh_die("prepare", sql, sqlite3_errmsg(db));
	*rows = 0;
	*check = 0;
	n = sqlite3_column_count(q);
	if (n > 32)
		bh_die("too many columns", sql, NULL);
	for (i = 0; i < n; i++)
		text[i] = is_text(sqlite3_column_name(q, i));
	/* Each column read once, as the store's read_rec does. */
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		for (i = 0; i < n; i++) {
			if (text[i]) {
				const unsigned char *t =
				    sqlite3_column_text(q, i);

				*check += sqlite3_column_bytes(q, i) +
				    (t != NULL && t[0] != 0);
			} else {
				*check += sqlite3_column_int64(q, i);
			}
		}
		(*rows)++;
	}
	if (rc != SQLITE_DONE)
		bh_die("step", sql, sqlite3_errmsg(db));
	sqlite3_finalize(q);
	return bh_now() - t0;
}

struct feed {
	struct scs_tl *tl;
	uint64_t rows;
};

static int
noop_cb(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;

	(void)r;
	f->rows++;
	return SCS_OK;
}

static int
tl_cb(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;
	const struct scs_case *k = &r->u.vcase;
	struct scs_tl_case v;

	memset(&v, 0, sizeof(v));
	v.authority = k->authority;
	v.level = k->level;
	v.state = k->state;
	v.opened = k->opened;
	v.since = k->since;
	v.decided = k->decided;
	v.has_decided = k->has_decided;
	memcpy(v.phase_s, k->phase_s, sizeof(v.phase_s));
	v.e_adjudicated = k->e_adjudicated;
	f->rows++;
	return scs_tl_add(f->tl, &v);
}

static double
store_pass(struct scs_store *st, int with_tl, uint64_t *rows)
{
	struct scs_rec_query q;
	struct scs_err err;
	struct feed f = {NULL, 0};
	struct scs_tl_row *out = NULL;
	size_t n = 0;
	double t0 = bh_now();
	int rc;

	memset(&q, 0, sizeof(q));
	q.lean = true;
	if (with_tl &&
	    (f.tl = scs_tl_new(INT64_MIN, INT64_MAX, (int64_t)time(NULL))) ==
	        NULL)
		bh_die("out of memory", NULL, NULL);
	if ((rc = scs_store_begin_read(st, &err)) != SCS_OK)
		bh_die("begin", err.field, err.reason);
	rc = scs_store_rec_query(st, SCS_KIND_CASE, &q,
	    with_tl ? tl_cb : noop_cb, &f, &err);
	if (rc != SCS_OK)
		bh_die("query", err.field, err.reason);
	(void)scs_store_commit(st, &err);
	if (with_tl) {
		if (scs_tl_report(f.tl, &out, &n) != SCS_OK)
			bh_die("scs_tl_report failed", NULL, NULL);
		free(out);
		scs_tl_free(f.tl);
	}
	*rows = f.rows;
	return bh_now() - t0;
}

int
main(int argc, char **argv)
{
	int passes = bh_passes(5), p, k;
	static const char *const names[] = {"sql-count", "sql-rows",
	    "sql-rowid", "sql-need", "sql-mmap", "store-scan", "store-tl"};
	double t[7][MAXPASS];
	uint64_t rows[7] = {0};
	char sql[4][1024];
	struct scs_store *st;
	struct scs_err err;
	sqlite3 *db, *dbm;
	int64_t check;

	if (argc != 2)
		bh_die("usage: report DB", NULL, NULL);
	if (passes > MAXPASS)
		passes = MAXPASS;
	(void)snprintf(sql[0], sizeof(sql[0]),
	    "SELECT count(*), avg(consent_s + questionnaire_s + initiation_s "
	    "+ investigation_s + adjudication_s) FROM cases");
	(void)snprintf(sql[1], sizeof(sql[1]),
	    "SELECT %s FROM cases ORDER BY id", cols);
	(void)snprintf(sql[2], sizeof(sql[2]), "SELECT %s FROM cases", cols);
	(void)snprintf(sql[3], sizeof(sql[3]), "SELECT %s FROM cases",
	    need_cols);
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	        SQLITE_OK ||
	    sqlite3_open_v2(argv[1], &dbm, SQLITE_OPEN_READONLY, NULL) !=
	        SQLITE_OK ||
	    sqlite3_exec(dbm, "PRAGMA mmap_size = 4294967296", NULL, NULL,
	        NULL) != SQLITE_OK)
		bh_die("cannot open", argv[1], sqlite3_errmsg(db));
	if (scs_store_open(argv[1], false, &st, &err) != SCS_OK)
		bh_die("scs_store_open", err.field, err.reason);
	/* interleaved passes, so a burst of other load hits each alike */
	for (p = 0; p < passes; p++) {
		for (k = 0; k < 4; k++) {
			t[k][p] = sql_pass(db, sql[k], &rows[k], &check);
			if (k == 0)
				rows[0] = 1;
		}
		t[4][p] = sql_pass(dbm, sql[3], &rows[4], &check);
		t[5][p] = store_pass(st, 0, &rows[5]);
		t[6][p] = store_pass(st, 1, &rows[6]);
	}
	for (k = 0; k < 7; k++)
		(void)printf("RESULT engine=%s seconds=%.6f rows=%llu "
		             "passes=%d\n",
		    names[k], bh_median(t[k], (size_t)passes),
		    (unsigned long long)rows[k], passes);
	scs_store_close(st);
	sqlite3_close(db);
	sqlite3_close(dbm);
	return 0;
}
