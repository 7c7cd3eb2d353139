/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlite.c - the SQLite driver of the SQL store (sql.c does the rest).
 * WAL journal, synchronous=FULL, foreign keys on, secure_delete on, a
 * busy timeout, prepared statements only (cached per connection), one
 * transaction per operation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sql_int.h"

#define BUSY_TIMEOUT_MS 10000
#define QCACHE_N        64 /* statements cached by their text */

struct sqlite_store {
	struct sql_store sql; /* first: the wrappers cast to it */
	sqlite3 *db;
	sqlite3_stmt *slots[SQL_SLOTS];
	struct qcache {
		char *sql;
		sqlite3_stmt *st;
	} qcache[QCACHE_N];
	size_t qnext;
	sqlite3_stmt *tx[4]; /* BEGIN IMMEDIATE, BEGIN, COMMIT, ROLLBACK */
	char *path; /* for scs_store_reopen: no call on this connection */
};

static struct sqlite_store *
S(struct scs_store *st)
{
	return (struct sqlite_store *)st;
}

static int
db_error(struct sqlite_store *s, struct scs_err *err, const char *what)
{
	int code = sqlite3_extended_errcode(s->db);
	enum scs_rc rc = SCS_EIO;

	if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
		rc = SCS_EBUSY;
	else if (code == SQLITE_CONSTRAINT_PRIMARYKEY ||
	    code == SQLITE_CONSTRAINT_UNIQUE)
		rc = SCS_ECONFLICT;
	else if (code == SQLITE_CONSTRAINT_FOREIGNKEY)
		rc = SCS_EINVAL;
	else if ((code & 0xff) == SQLITE_NOMEM)
		rc = SCS_ENOMEM;
	else if ((code & 0xff) == SQLITE_CORRUPT ||
	    (code & 0xff) == SQLITE_NOTADB)
		rc = SCS_ECORRUPT;
	if (rc == SCS_ECONFLICT)
		return scs_err_set(err, rc, "id", "already exists");
	if (rc == SCS_EINVAL)
		return scs_err_set(err, rc, "",
		    "refers to a record that does not exist");
	return scs_err_set(err, rc, "", "%s: %s", what, sqlite3_errmsg(s->db));
}

static sqlite3_stmt *
prepare(struct sqlite_store *s, const char *text, struct scs_err *err)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v3(s->db, text, -1, SQLITE_PREPARE_PERSISTENT, &st,
	        NULL) != SQLITE_OK) {
		(void)db_error(s, err, "prepare");
		return NULL;
	}
	return st;
}

/*
 * A prepared statement for @text, from the cache or made now.  A query's
 * callback may query again (the least loaded screening body counts each
 * body's cases while the bodies are read): a statement still stepping is
 * neither handed out again, which would reset it, nor evicted, which
 * would finalize it under its running query.
 */
static sqlite3_stmt *
cached(struct sqlite_store *s, const char *text, struct scs_err *err)
{
	struct qcache *e = NULL;
	size_t i;

	for (i = 0; i < QCACHE_N; i++)
		if (s->qcache[i].sql != NULL &&
		    strcmp(s->qcache[i].sql, text) == 0 &&
		    !sqlite3_stmt_busy(s->qcache[i].st))
			return s->qcache[i].st;
	for (i = 0; i < QCACHE_N && e == NULL; i++) {
		e = &s->qcache[s->qnext];
		s->qnext = (s->qnext + 1) % QCACHE_N;
		if (e->st != NULL && sqlite3_stmt_busy(e->st))
			e = NULL;
	}
	if (e == NULL) {
		(void)scs_err_set(err, SCS_EINTERNAL, "",
		    "more than %d queries running at once", QCACHE_N);
		return NULL;
	}
	(void)sqlite3_finalize(e->st);
	free(e->sql);
	e->st = NULL;
	if ((e->sql = strdup(text)) == NULL) {
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		return NULL;
	}
	if ((e->st = prepare(s, text, err)) == NULL) {
		free(e->sql);
		e->sql = NULL;
	}
	return e->st;
}

/* The statement of @st: its slot's, prepared on first use, or by text. */
static sqlite3_stmt *
statement(struct sqlite_store *s, const struct sql_stmt *st,
    struct scs_err *err)
{
	sqlite3_stmt **slot;

	if (st->slot < 0 || st->slot >= SQL_SLOTS)
		return cached(s, st->text, err);
	slot = &s->slots[st->slot];
	if (*slot == NULL)
		*slot = prepare(s, st->text, err);
	return *slot;
}

static void
bind_args(sqlite3_stmt *q, const struct sql_args *a)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const struct sql_val *v = &a->v[i];

		switch (v->t) {
		case SQLV_NULL:
			(void)sqlite3_bind_null(q, i + 1);
			break;
		case SQLV_INT:
			(void)sqlite3_bind_int64(q, i + 1, v->i);
			break;
		case SQLV_TEXT:
			(void)sqlite3_bind_text(q, i + 1, v->p, (int)v->n,
			    SQLITE_STATIC);
			break;
		case SQLV_BLOB:
			(void)sqlite3_bind_blob(q, i + 1, v->p, (int)v->n,
			    SQLITE_STATIC);
			break;
		}
	}
}

static bool
r_null(const struct sql_row *r, int i)
{
	return sqlite3_column_type(r->impl, i) == SQLITE_NULL;
}

static int64_t
r_int(const struct sql_row *r, int i)
{
	return sqlite3_column_int64(r->impl, i);
}

static const char *
r_text(const struct sql_row *r, int i)
{
	const unsigned char *t = sqlite3_column_text(r->impl, i);

	return t != NULL ? (const char *)t : "";
}

static const void *
r_blob(const struct sql_row *r, int i, size_t *n)
{
	const void *b = sqlite3_column_blob(r->impl, i);

	*n = (size_t)sqlite3_column_bytes(r->impl, i);
	return b;
}

static const struct sql_row_ops row_ops = {r_null, r_int, r_text, r_blob};

static int
sq_run(struct sql_store *ss, const struct sql_stmt *st,
    const struct sql_args *a, sql_row_cb cb, void *arg, uint64_t *changes,
    struct scs_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)ss;
	sqlite3_stmt *q = statement(s, st, err);
	struct sql_row row = {&row_ops, NULL};
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL && err->rc != SCS_OK ? (int)err->rc
		                                        : SCS_EIO;
	bind_args(q, a);
	row.impl = q;
	while ((r = sqlite3_step(q)) == SQLITE_ROW)
		if (cb != NULL && (rc = cb(arg, &row)) != SCS_OK)
			break;
	if (rc == SCS_OK && r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_error(s, err, "sql");
	else if (rc == SCS_OK && changes != NULL)
		*changes = (uint64_t)sqlite3_changes(s->db);
	(void)sqlite3_reset(q);
	(void)sqlite3_clear_bindings(q);
	return rc;
}

/* The rowids [lo, hi) of a shard: equal slices of the span from the
 * table's first rowid to its last, the same on every connection that
 * reads the same state. */
static int
sq_shard(struct sql_store *ss, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, struct scs_buf *text, struct sql_args *a,
    struct scs_err *err)
{
	struct sqlite_store *s = (struct sqlite_store *)ss;
	char sql[128];
	sqlite3_stmt *q;
	sqlite3_int64 lo = 0, hi = -1, b0, b1;
	unsigned __int128 span;
	int rc = SCS_OK;

	(void)snprintf(sql, sizeof(sql),
	    "SELECT min(rowid), max(rowid) FROM %s", d->table);
	if ((q = cached(s, sql, err)) == NULL)
		return err != NULL && err->rc != SCS_OK ? (int)err->rc
		                                        : SCS_EIO;
	if (sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
			lo = sqlite3_column_int64(q, 0);
			hi = sqlite3_column_int64(q, 1);
		}
	} else {
		rc = db_error(s, err, d->plural);
	}
	(void)sqlite3_reset(q);
	span = (unsigned __int128)((__int128)hi - lo + 1);
	b0 = lo + (sqlite3_int64)(span * qy->shard / qy->nshards);
	b1 = qy->shard + 1 == qy->nshards
	    ? INT64_MAX
	    : lo + (sqlite3_int64)(span * (qy->shard + 1) / qy->nshards);
	if (qy->shard == 0)
		b0 = INT64_MIN;
	sql_arg_int(a, b0);
	sql_arg_int(a, b1);
	if (scs_buf_adds(text, "rowid >= ? AND rowid < ?") != SCS_OK)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return rc;
}

static int exec_sql(struct sqlite_store *s, const char *text,
    struct scs_err *err);

static int
sq_exec(struct sql_store *ss, const char *text, struct scs_err *err)
{
	return exec_sql((struct sqlite_store *)ss, text, err);
}

/* No held rows: SQLite runs in this process, an insert costs no trip. */
static const struct sql_drv sqlite_drv = {
    .run = sq_run,
    .shard = sq_shard,
    .pages = false,
    .exec = sq_exec,
    /* A batch touches pages all over the indexes of a big register: a
     * bigger page cache for the connection (128 MiB, a fixed bound)
     * keeps them off the file between batches. */
    .bulk_setup = "PRAGMA cache_size = -131072",
};

/* ---- connection, migrations, transactions ---- */

static void
sq_close(struct scs_store *st)
{
	struct sqlite_store *s = S(st);
	size_t i;

	for (i = 0; i < SQL_SLOTS; i++)
		(void)sqlite3_finalize(s->slots[i]);
	for (i = 0; i < 4; i++)
		(void)sqlite3_finalize(s->tx[i]);
	for (i = 0; i < QCACHE_N; i++) {
		(void)sqlite3_finalize(s->qcache[i].st);
		free(s->qcache[i].sql);
	}
	(void)sqlite3_close(s->db);
	sql_store_fini(&s->sql);
	free(s->path);
	free(s);
}

static int
exec_sql(struct sqlite_store *s, const char *text, struct scs_err *err)
{
	char *msg = NULL;
	int rc = SCS_OK;

	if (sqlite3_exec(s->db, text, NULL, NULL, &msg) != SQLITE_OK)
		rc = scs_err_set(err, SCS_EIO, "", "%s",
		    msg != NULL ? msg : "sqlite error");
	sqlite3_free(msg);
	return rc;
}

static int
sq_migrate(struct scs_store *st, int *out_version, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q;
	int version = 0, rc;
	size_t i;

	if (sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &q, NULL) !=
	    SQLITE_OK)
		return db_error(s, err, "migrate");
	if (sqlite3_step(q) == SQLITE_ROW)
		version = sqlite3_column_int(q, 0);
	(void)sqlite3_finalize(q);
	if (version > (int)sql_nmigrations)
		return scs_err_set(err, SCS_ECORRUPT, "db",
		    "schema version %d is newer than this program (%zu)",
		    version, sql_nmigrations);
	for (i = (size_t)version; i < sql_nmigrations; i++) {
		char bump[64];

		(void)snprintf(bump, sizeof(bump), "PRAGMA user_version = %zu",
		    i + 1);
		if ((rc = exec_sql(s, "BEGIN IMMEDIATE", err)) != SCS_OK)
			return rc;
		if ((rc = exec_sql(s, sql_migrations[i], err)) != SCS_OK ||
		    (rc = exec_sql(s, bump, err)) != SCS_OK ||
		    (rc = exec_sql(s, "COMMIT", err)) != SCS_OK) {
			(void)exec_sql(s, "ROLLBACK", NULL);
			scs_err_prefix(err, "migration");
			return rc;
		}
	}
	if (out_version != NULL)
		*out_version = (int)sql_nmigrations;
	return SCS_OK;
}

enum { TX_BEGIN, TX_BEGIN_READ, TX_COMMIT, TX_ROLLBACK, TX_N };
static const char *const tx_sql[TX_N] = {"BEGIN IMMEDIATE", "BEGIN", "COMMIT",
    "ROLLBACK"};

/* Prepared on first use and kept (never evicted, so a commit never
 * needs memory it might not get). */
static int
tx(struct sqlite_store *s, int which, struct scs_err *err)
{
	sqlite3_stmt *q = s->tx[which];
	int r;

	if (q == NULL &&
	    (q = s->tx[which] = prepare(s, tx_sql[which], err)) == NULL)
		return err != NULL && err->rc != SCS_OK ? (int)err->rc
		                                        : SCS_EIO;
	r = sqlite3_step(q);
	(void)sqlite3_reset(q);
	return r == SQLITE_DONE || r == SQLITE_ROW ? SCS_OK
	                                           : db_error(s, err, "sql");
}

static int
begin_tx(struct scs_store *st, int which, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	int rc;

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "transaction already open");
	if ((rc = tx(s, which, err)) == SCS_OK) {
		s->sql.in_tx = 1;
		sql_tx_end(&s->sql);
	} else
		scs_err_prefix(err, "begin");
	return rc;
}

static int
sq_begin(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, TX_BEGIN, err);
}

static int
sq_begin_read(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, TX_BEGIN_READ, err);
}

static int
sq_commit(struct scs_store *st, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	int rc = sql_tx_flush(&s->sql, err);

	if (rc == SCS_OK)
		rc = tx(s, TX_COMMIT, err);
	if (rc == SCS_OK) {
		s->sql.in_tx = 0;
		sql_tx_end(&s->sql);
	}
	return rc;
}

static void
sq_rollback(struct scs_store *st)
{
	struct sqlite_store *s = S(st);

	if (!s->sql.in_tx)
		return;
	(void)tx(s, TX_ROLLBACK, NULL);
	s->sql.in_tx = 0;
	sql_tx_end(&s->sql);
}

/* TRUNCATE: copy the whole log in (waiting on the busy handler for
 * writers and readers in other connections), then cut the file to zero
 * bytes, so no frame of an earlier transaction is left in it. */
static int
sq_checkpoint(struct scs_store *st, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	int nlog = 0, ncopied = 0, r;

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "checkpoint inside a transaction");
	r = sqlite3_wal_checkpoint_v2(s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
	    &nlog, &ncopied);
	if (r == SQLITE_BUSY)
		return scs_err_set(err, SCS_EBUSY, "db",
		    "checkpoint: other connections kept %d of %d pages of the "
		    "log",
		    nlog - ncopied, nlog);
	if (r != SQLITE_OK)
		return db_error(s, err, "checkpoint");
	return SCS_OK;
}

/* VACUUM INTO: a read transaction copies every page it sees into a new,
 * compact database file; writers on other connections go on (WAL). */
static int
sq_snapshot(struct scs_store *st, const char *path, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = NULL;
	int r;

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "snapshot inside a transaction");
	if (sqlite3_prepare_v2(s->db, "VACUUM INTO ?1", -1, &q, NULL) !=
	        SQLITE_OK ||
	    sqlite3_bind_text(q, 1, path, -1, SQLITE_STATIC) != SQLITE_OK) {
		(void)sqlite3_finalize(q);
		return db_error(s, err, "snapshot");
	}
	r = sqlite3_step(q);
	(void)sqlite3_finalize(q);
	if (r == SQLITE_BUSY || r == SQLITE_LOCKED)
		return scs_err_set(err, SCS_EBUSY, "db",
		    "snapshot: the register stayed busy");
	if (r != SQLITE_DONE)
		return db_error(s, err, "snapshot");
	return SCS_OK;
}

/* No notifications in SQLite: the waiter polls. */
static int
sq_wait(struct scs_store *st, int timeout_ms, struct scs_err *err)
{
	(void)st;
	(void)err;
	scs_sleep_ms(timeout_ms);
	return SCS_OK;
}

static int sq_reopen(struct scs_store *st, struct scs_store **out,
    struct scs_err *err);

static const struct scs_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .reopen = sq_reopen,
    .migrate = sq_migrate,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    SQL_STORE_OPS,
    .audit_append = sql_audit_append,
    .checkpoint = sq_checkpoint,
    .snapshot = sq_snapshot,
    .wait = sq_wait,
};

int
scs_store_sqlite_open(const char *path, bool create, struct scs_store **out,
    struct scs_err *err)
{
	struct sqlite_store *s;
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int rc;

	*out = NULL;
	if (create)
		flags |= SQLITE_OPEN_CREATE;
	else if (access(path, F_OK) != 0)
		return scs_err_set(err, SCS_ENOTFOUND, "db",
		    "%s: no register here (run scs init)", path);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "db", "out of memory");
	sql_store_init(&s->sql, &sqlite_ops, &sqlite_drv);
	if ((s->path = strdup(path)) == NULL) {
		free(s);
		return scs_err_set(err, SCS_ENOMEM, "db", "out of memory");
	}
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		rc = scs_err_set(err, SCS_EIO, "db", "%s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "cannot open");
		sq_close(&s->sql.base);
		return rc;
	}
	if (create)
		(void)chmod(path, 0600);
	(void)sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	(void)sqlite3_extended_result_codes(s->db, 1);
	if ((rc = exec_sql(s,
	         "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
	         " PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;",
	         err)) != SCS_OK) {
		scs_err_prefix(err, "db");
		sq_close(&s->sql.base);
		return rc;
	}
	*out = &s->sql.base;
	return SCS_OK;
}

static int
sq_reopen(struct scs_store *st, struct scs_store **out, struct scs_err *err)
{
	const char *path = S(st)->path;

	*out = NULL;
	if (path[0] == '\0' || strcmp(path, ":memory:") == 0)
		return scs_err_set(err, SCS_EINVAL, "db",
		    "a register in memory has one connection");
	return scs_store_sqlite_open(path, false, out, err);
}
