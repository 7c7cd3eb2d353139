/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pg.c - the PostgreSQL driver of the SQL store (sql.c does the rest),
 * over libpq.  The connection string is the `postgres://` URL as given:
 * libpq reads host, port, database, user, password and sslmode from it
 * (or from PGPASSWORD, ~/.pgpass, PGSSLMODE...).
 *
 * Statements are prepared once per connection (named "s<slot>" for the
 * fixed ones, "t<n>" for the ones cached by their text) and run with
 * their parameters apart, never spliced into the text; results come back
 * in binary.  Text columns are COLLATE "C", so rows sort by their bytes
 * as in SQLite, and an export of either is the same.
 *
 * Transactions: a write begins READ COMMITTED and first locks the one
 * row of audit_head (SELECT ... FOR UPDATE), so writers on every
 * connection of every node commit one after another, each seeing the
 * last one's audit log: the log's sequence is the commit order, without
 * gaps.  A write that added audit entries sends NOTIFY scs_changes
 * before it commits, the wake-up of nodes that follow the log.  A read
 * is REPEATABLE READ READ ONLY: one snapshot.  Each statement that
 * writes inside a transaction runs under a savepoint, so a refused one
 * (a duplicate key, a missing reference) leaves the transaction usable,
 * as SQLite does.
 */
#include <ctype.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "sql_int.h"

#define QCACHE_N 64

/* Type OIDs of the results read (pg_type.h). */
#define OID_BOOL  16
#define OID_INT8  20
#define OID_INT2  21
#define OID_INT4  23
#define OID_BYTEA 17

/* The lock every migration takes, so that nodes starting together
 * migrate once: an arbitrary constant ("scs" in ASCII). */
#define MIGRATE_LOCK "7562627"

#define PG_COPY_MAX   16
#define PG_COPY_BYTES (8u << 20) /* held rows written at this size */

struct pg_store {
	struct sql_store sql; /* first: the wrappers cast to it */
	PGconn *conn;
	char *url;
	unsigned char prepared[SQL_SLOTS];
	unsigned char writes[SQL_SLOTS];
	struct pg_qcache {
		char *sql;
		char name[16];
		unsigned char writes;
	} qcache[QCACHE_N];
	size_t qnext;
	unsigned long qgen;
	int audited;   /* this transaction appended to the audit log */
	int listening; /* LISTEN scs_changes done on this session */
	/* Rows held in a bulk section, one COPY per table, in the order
	 * each table was first held. */
	struct pg_copy {
		int slot;   /* the insert's statement slot */
		char *head; /* "COPY t (cols) FROM STDIN" */
		struct scs_buf rows;
	} copy[PG_COPY_MAX];
	int ncopy;
	size_t copy_bytes;
};

static struct pg_store *
P(struct scs_store *st)
{
	return (struct pg_store *)st;
}

/* libpq's message on one line: its newlines and tabs as spaces, the
 * last one dropped. */
static const char *
one_line(const char *msg, char *buf, size_t size)
{
	size_t i, n = 0;

	for (i = 0; msg != NULL && msg[i] != '\0' && n + 1 < size; i++) {
		char ch = msg[i];

		if (ch == '\n' || ch == '\t' || ch == '\r')
			ch = ' ';

		if (ch != ' ' || (n > 0 && buf[n - 1] != ' '))
			buf[n++] = ch;
	}
	while (n > 0 && buf[n - 1] == ' ')
		n--;
	buf[n] = '\0';
	return buf;
}

/* The SQLSTATE of a failed result mapped to the store's codes. */
static int
pg_error(struct pg_store *s, const PGresult *res, struct scs_err *err,
    const char *what)
{
	const char *state =
	    res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = res != NULL ? PQresultErrorMessage(res) : "";
	enum scs_rc rc = SCS_EIO;
	char clean[256];

	if (msg == NULL || msg[0] == '\0')
		msg = PQerrorMessage(s->conn);
	/* The database out of reach (the connection broke, whatever the
	 * code; a connection exception other than a protocol violation,
	 * which is a bug of ours; the server shutting down or not yet
	 * accepting): busy, so that HTTP says 503 and a load balancer or
	 * client tries again later. */
	if (PQstatus(s->conn) != CONNECTION_OK ||
	    (state != NULL &&
	        ((strncmp(state, "08", 2) == 0 &&
	             strcmp(state, "08P01") != 0) ||
	            strcmp(state, "57P01") == 0 ||
	            strcmp(state, "57P02") == 0 ||
	            strcmp(state, "57P03") == 0))) {
		(void)one_line(msg, clean, sizeof(clean));
		return scs_err_set(err, SCS_EBUSY, "db",
		    "database unreachable: %s: %s", what, clean);
	}
	if (state != NULL) {
		if (strcmp(state, "23505") == 0)
			return scs_err_set(err, SCS_ECONFLICT, "id",
			    "already exists");
		if (strcmp(state, "23503") == 0)
			return scs_err_set(err, SCS_EINVAL, "",
			    "refers to a record that does not exist");
		if (strcmp(state, "40001") == 0 ||
		    strcmp(state, "40P01") == 0 ||
		    strcmp(state, "55P03") == 0 || strcmp(state, "57014") == 0)
			rc = SCS_EBUSY;
		else if (strcmp(state, "53200") == 0)
			rc = SCS_ENOMEM;
		else if (strncmp(state, "XX", 2) == 0)
			rc = SCS_ECORRUPT;
	}
	(void)one_line(msg, clean, sizeof(clean));
	return scs_err_set(err, rc, "", "%s: %s", what, clean);
}

/* Run SQL without parameters (transaction control, DDL). */
static int
exec_plain(struct pg_store *s, const char *text, struct scs_err *err)
{
	PGresult *res = PQexec(s->conn, text);
	ExecStatusType t = PQresultStatus(res);
	int rc = SCS_OK;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = pg_error(s, res, err, "sql");
	PQclear(res);
	return rc;
}

static bool
writes_sql(const char *text)
{
	while (isspace((unsigned char)*text))
		text++;
	return strncmp(text, "INSERT", 6) == 0 ||
	    strncmp(text, "UPDATE", 6) == 0 || strncmp(text, "DELETE", 6) == 0;
}

static int
prepare(struct pg_store *s, const char *name, const char *text,
    struct scs_err *err)
{
	char *dollar = sql_dollar(text);
	PGresult *res;
	int rc = SCS_OK;

	if (dollar == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	res = PQprepare(s->conn, name, dollar, 0, NULL);
	if (PQresultStatus(res) != PGRES_COMMAND_OK)
		rc = pg_error(s, res, err, "prepare");
	PQclear(res);
	free(dollar);
	return rc;
}

/* The name of the prepared statement for @st (prepared now if need
 * be) and whether it writes. */
static int
statement(struct pg_store *s, const struct sql_stmt *st, char name[16],
    bool *out_writes, struct scs_err *err)
{
	struct pg_qcache *e;
	size_t i;
	int rc;

	if (st->slot >= 0 && st->slot < SQL_SLOTS) {
		(void)snprintf(name, 16, "s%d", st->slot);
		if (!s->prepared[st->slot]) {
			if ((rc = prepare(s, name, st->text, err)) != SCS_OK)
				return rc;
			s->prepared[st->slot] = 1;
			s->writes[st->slot] = writes_sql(st->text);
		}
		*out_writes = s->writes[st->slot];
		return SCS_OK;
	}
	for (i = 0; i < QCACHE_N; i++)
		if (s->qcache[i].sql != NULL &&
		    strcmp(s->qcache[i].sql, st->text) == 0) {
			(void)memcpy(name, s->qcache[i].name, 16);
			*out_writes = s->qcache[i].writes;
			return SCS_OK;
		}
	/* Results are read whole before any callback runs, so a statement
	 * is never in use when it is evicted. */
	e = &s->qcache[s->qnext];
	s->qnext = (s->qnext + 1) % QCACHE_N;
	if (e->sql != NULL) {
		char drop[32];

		(void)snprintf(drop, sizeof(drop), "DEALLOCATE %s", e->name);
		(void)exec_plain(s, drop, NULL);
		free(e->sql);
		e->sql = NULL;
	}
	/* The text first: nothing is prepared that could not be kept. */
	if ((e->sql = strdup(st->text)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	(void)snprintf(e->name, sizeof(e->name), "t%lu", ++s->qgen);
	if ((rc = prepare(s, e->name, st->text, err)) != SCS_OK) {
		free(e->sql);
		e->sql = NULL;
		return rc;
	}
	e->writes = writes_sql(st->text);
	(void)memcpy(name, e->name, 16);
	*out_writes = e->writes;
	return SCS_OK;
}

/* ---- rows ---- */

struct pg_row {
	PGresult *res;
	int row;
};

static bool
r_null(const struct sql_row *r, int i)
{
	const struct pg_row *p = r->impl;

	return PQgetisnull(p->res, p->row, i) != 0;
}

static uint64_t
be(const unsigned char *b, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

static int64_t
r_int(const struct sql_row *r, int i)
{
	const struct pg_row *p = r->impl;
	const unsigned char *v;

	if (PQgetisnull(p->res, p->row, i))
		return 0;
	v = (const unsigned char *)PQgetvalue(p->res, p->row, i);
	switch (PQftype(p->res, i)) {
	case OID_INT8:
		return (int64_t)be(v, 8);
	case OID_INT4:
		return (int32_t)(uint32_t)be(v, 4);
	case OID_INT2:
		return (int16_t)(uint16_t)be(v, 2);
	case OID_BOOL:
		return v[0] != 0;
	default:
		return strtoll((const char *)v, NULL, 10);
	}
}

static const char *
r_text(const struct sql_row *r, int i)
{
	const struct pg_row *p = r->impl;

	/* libpq ends every value with a NUL, binary ones too. */
	return PQgetisnull(p->res, p->row, i) ? ""
	                                      : PQgetvalue(p->res, p->row, i);
}

static const void *
r_blob(const struct sql_row *r, int i, size_t *n)
{
	const struct pg_row *p = r->impl;

	if (PQgetisnull(p->res, p->row, i)) {
		*n = 0;
		return NULL;
	}
	*n = (size_t)PQgetlength(p->res, p->row, i);
	return PQgetvalue(p->res, p->row, i);
}

static const struct sql_row_ops row_ops = {r_null, r_int, r_text, r_blob};

/* ---- running a statement ---- */

static int revive(struct pg_store *s, struct scs_err *err);

/* Parameters as libpq wants them: integers and text as text (the server
 * infers their types from where they stand), blobs in binary. */
struct pg_params {
	const char *v[SQL_ARGS_MAX];
	int len[SQL_ARGS_MAX];
	int fmt[SQL_ARGS_MAX];
	char num[SQL_ARGS_MAX][24];
};

static void
params(const struct sql_args *a, struct pg_params *p)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const struct sql_val *v = &a->v[i];

		p->len[i] = 0;
		p->fmt[i] = 0;
		switch (v->t) {
		case SQLV_NULL:
			p->v[i] = NULL;
			break;
		case SQLV_INT:
			(void)snprintf(p->num[i], sizeof(p->num[i]), "%lld",
			    (long long)v->i);
			p->v[i] = p->num[i];
			break;
		case SQLV_TEXT:
			p->v[i] = v->p;
			break;
		case SQLV_BLOB:
			p->v[i] = v->p;
			p->len[i] = (int)v->n;
			p->fmt[i] = 1;
			break;
		}
	}
}

static int
pg_run(struct sql_store *ss, const struct sql_stmt *st,
    const struct sql_args *a, sql_row_cb cb, void *arg, uint64_t *changes,
    struct scs_err *err)
{
	struct pg_store *s = (struct pg_store *)ss;
	struct pg_params *p;
	struct pg_row pr = {NULL, 0};
	struct sql_row row = {&row_ops, &pr};
	char name[16];
	bool writes = false, guard;
	ExecStatusType t;
	int rc, n, i;

	/* A connection lost between operations is made again; inside a
	 * transaction the loss is the transaction's failure. */
	if (!ss->in_tx && (rc = revive(s, err)) != SCS_OK)
		return rc;
	if ((rc = statement(s, st, name, &writes, err)) != SCS_OK)
		return rc;
	if ((p = malloc(sizeof(*p))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	params(a, p);
	/* A bulk section has one savepoint for all its writes. */
	guard = writes && ss->in_tx && !ss->bulk;
	if (guard && (rc = exec_plain(s, "SAVEPOINT w", err)) != SCS_OK) {
		free(p);
		return rc;
	}
	pr.res = PQexecPrepared(s->conn, name, a->n, p->v, p->len, p->fmt, 1);
	/* The connection was found dead (the server restarted, a failover):
	 * a read outside a transaction is tried once more on a new one. */
	if (!ss->in_tx && !writes && PQstatus(s->conn) != CONNECTION_OK) {
		PQclear(pr.res);
		pr.res = NULL;
		if ((rc = revive(s, err)) == SCS_OK &&
		    (rc = statement(s, st, name, &writes, err)) == SCS_OK)
			pr.res = PQexecPrepared(s->conn, name, a->n, p->v,
			    p->len, p->fmt, 1);
		if (rc != SCS_OK) {
			free(p);
			return rc;
		}
	}
	free(p);
	t = PQresultStatus(pr.res);
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		rc = pg_error(s, pr.res, err, "sql");
		PQclear(pr.res);
		if (guard)
			(void)exec_plain(s, "ROLLBACK TO SAVEPOINT w", NULL);
		return rc;
	}
	if (changes != NULL)
		*changes = strtoull(PQcmdTuples(pr.res), NULL, 10);
	n = PQntuples(pr.res);
	for (i = 0; i < n && cb != NULL && rc == SCS_OK; i++) {
		pr.row = i;
		rc = cb(arg, &row);
	}
	PQclear(pr.res);
	if (guard && rc == SCS_OK)
		rc = exec_plain(s, "RELEASE SAVEPOINT w", err);
	return rc;
}

/* A shard of a table: its rows whose first key column hashes to
 * qy->shard modulo qy->nshards, the same on every connection. */
static int
pg_shard(struct sql_store *ss, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, struct scs_buf *text, struct sql_args *a,
    struct scs_err *err)
{
	char cond[160];

	(void)ss;
	(void)snprintf(cond, sizeof(cond),
	    "mod(hashtext(%s::text)::bigint + 2147483648, ?) = ?", d->key[0]);
	sql_arg_int(a, (int64_t)qy->nshards);
	sql_arg_int(a, (int64_t)qy->shard);
	if (scs_buf_adds(text, cond) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

/* ---- held rows: COPY ---- */

static int
pg_exec(struct sql_store *ss, const char *text, struct scs_err *err)
{
	return exec_plain((struct pg_store *)ss, text, err);
}

/* "INSERT INTO t (a, b) VALUES (...)" -> "COPY t (a, b) FROM STDIN". */
static char *
copy_head(const char *insert)
{
	static const char pre[] = "INSERT INTO ";
	const char *end = strstr(insert, ") VALUES");
	size_t n;
	char *h;

	if (strncmp(insert, pre, sizeof(pre) - 1) != 0 || end == NULL)
		return NULL;
	insert += sizeof(pre) - 1;
	n = (size_t)(end + 1 - insert);
	if ((h = malloc(n + 32)) == NULL)
		return NULL;
	(void)snprintf(h, n + 32, "COPY %.*s FROM STDIN", (int)n, insert);
	return h;
}

/* One value in COPY's text format: \N for NULL, text with its
 * backslashes, tabs and line ends escaped, bytea as \\x and hex. */
static int
copy_value(struct scs_buf *b, const struct sql_val *v)
{
	static const char hex[] = "0123456789abcdef";
	char num[24];
	const unsigned char *p;
	size_t i;
	int rc = SCS_OK;

	switch (v->t) {
	case SQLV_NULL:
		return scs_buf_adds(b, "\\N");
	case SQLV_INT:
		(void)snprintf(num, sizeof(num), "%lld", (long long)v->i);
		return scs_buf_adds(b, num);
	case SQLV_TEXT:
		for (p = v->p; *p != '\0' && rc == SCS_OK; p++) {
			const char *esc = *p == '\\' ? "\\\\"
			    : *p == '\t'             ? "\\t"
			    : *p == '\n'             ? "\\n"
			    : *p == '\r'             ? "\\r"
			                             : NULL;

			rc = esc != NULL ? scs_buf_adds(b, esc)
			                 : scs_buf_add(b, p, 1);
		}
		return rc;
	case SQLV_BLOB:
		if ((rc = scs_buf_adds(b, "\\\\x")) != SCS_OK)
			return rc;
		for (p = v->p, i = 0; i < v->n && rc == SCS_OK; i++) {
			char two[2] = {hex[p[i] >> 4], hex[p[i] & 15]};

			rc = scs_buf_add(b, two, 2);
		}
		return rc;
	}
	return SCS_EINTERNAL;
}

static void
pg_drop(struct sql_store *ss)
{
	struct pg_store *s = (struct pg_store *)ss;
	int i;

	for (i = 0; i < s->ncopy; i++)
		s->copy[i].rows.len = 0;
	s->copy_bytes = 0;
}

/* COPY the held rows of @c; SCS_OK or the error of the table's write. */
static int
copy_one(struct pg_store *s, struct pg_copy *c, struct scs_err *err)
{
	PGresult *res = PQexec(s->conn, c->head);
	int rc = SCS_OK;

	if (PQresultStatus(res) != PGRES_COPY_IN) {
		rc = pg_error(s, res, err, "copy");
		PQclear(res);
		return rc;
	}
	PQclear(res);
	if (PQputCopyData(s->conn, (const char *)c->rows.p, (int)c->rows.len) !=
	        1 ||
	    PQputCopyEnd(s->conn, NULL) != 1)
		rc = pg_error(s, NULL, err, "copy");
	while ((res = PQgetResult(s->conn)) != NULL) {
		if (rc == SCS_OK && PQresultStatus(res) != PGRES_COMMAND_OK)
			rc = pg_error(s, res, err, "copy");
		PQclear(res);
	}
	c->rows.len = 0;
	return rc;
}

static int
pg_flush(struct sql_store *ss, struct scs_err *err)
{
	struct pg_store *s = (struct pg_store *)ss;
	int i, rc = SCS_OK;

	for (i = 0; i < s->ncopy && rc == SCS_OK; i++)
		if (s->copy[i].rows.len > 0)
			rc = copy_one(s, &s->copy[i], err);
	pg_drop(ss);
	return rc;
}

static int
pg_hold(struct sql_store *ss, const struct sql_stmt *st,
    const struct sql_args *a, struct scs_err *err)
{
	struct pg_store *s = (struct pg_store *)ss;
	struct pg_copy *c = NULL;
	size_t before;
	int i, rc = SCS_OK;

	for (i = 0; i < s->ncopy && c == NULL; i++)
		if (s->copy[i].slot == st->slot)
			c = &s->copy[i];
	if (c == NULL) {
		if (st->slot == SQL_SLOT_TEXT)
			return scs_err_set(err, SCS_EINTERNAL, "",
			    "a held insert without its slot");
		if (s->ncopy == PG_COPY_MAX) { /* all out, then afresh */
			if ((rc = pg_flush(ss, err)) != SCS_OK)
				return rc;
			ss->held = 0;
			while (s->ncopy > 0) {
				c = &s->copy[--s->ncopy];
				free(c->head);
				scs_buf_free(&c->rows);
			}
		}
		c = &s->copy[s->ncopy];
		if ((c->head = copy_head(st->text)) == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		c->slot = st->slot;
		scs_buf_init(&c->rows, (size_t)4 * PG_COPY_BYTES);
		s->ncopy++;
	}
	before = c->rows.len;
	for (i = 0; i < a->n && rc == SCS_OK; i++) {
		if (i > 0)
			rc = scs_buf_add(&c->rows, "\t", 1);
		if (rc == SCS_OK)
			rc = copy_value(&c->rows, &a->v[i]);
	}
	if (rc == SCS_OK)
		rc = scs_buf_add(&c->rows, "\n", 1);
	if (rc != SCS_OK) {
		c->rows.len = before;
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	s->copy_bytes += c->rows.len - before;
	ss->held++;
	/* Memory stays flat: a big section is written as it goes. */
	if (s->copy_bytes >= PG_COPY_BYTES) {
		ss->held = 0;
		return pg_flush(ss, err);
	}
	return SCS_OK;
}

static const struct sql_drv pg_drv = {
    .run = pg_run,
    .shard = pg_shard,
    .pages = true,
    .exec = pg_exec,
    .hold = pg_hold,
    .flush = pg_flush,
    .drop = pg_drop,
    .bulk_setup = "SET LOCAL plan_cache_mode = force_custom_plan",
};

/* ---- the schema ---- */

/*
 * The migrations are written for SQLite; PostgreSQL gets them with
 * BLOB as BYTEA, INTEGER as BIGINT (every integer the store binds is
 * 64 bits) and TEXT as TEXT COLLATE "C" (byte order, as SQLite sorts).
 * Quoted text is kept.  NULL when out of memory.
 */
static char *
ddl_pg(const char *text)
{
	static const struct {
		const char *from, *to;
	} words[] = {
	    {"BLOB", "BYTEA"},
	    {"INTEGER", "BIGINT"},
	    {"TEXT", "TEXT COLLATE \"C\""},
	};
	size_t len = strlen(text), i;
	char *out = malloc(len * 3 + 1), *o = out;
	const char *p = text;
	char quote = 0;

	if (out == NULL)
		return NULL;
	while (*p != '\0') {
		bool done = false;

		if (quote != 0 || *p == '\'' || *p == '"') {
			if (quote == 0)
				quote = *p;
			else if (*p == quote)
				quote = 0;
			*o++ = *p++;
			continue;
		}
		for (i = 0; i < SCS_NELEM(words) && !done; i++) {
			size_t n = strlen(words[i].from);

			if (strncmp(p, words[i].from, n) == 0 &&
			    (p == text || !isalnum((unsigned char)p[-1])) &&
			    !isalnum((unsigned char)p[n]) && p[n] != '_' &&
			    (p == text || p[-1] != '_')) {
				size_t m = strlen(words[i].to);

				(void)memcpy(o, words[i].to, m);
				o += m;
				p += n;
				done = true;
			}
		}
		if (!done)
			*o++ = *p++;
	}
	*o = '\0';
	return out;
}

static int
one_int(struct pg_store *s, const char *text, int64_t *out, struct scs_err *err)
{
	PGresult *res = PQexec(s->conn, text);
	int rc = SCS_OK;

	*out = 0;
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		rc = pg_error(s, res, err, "sql");
	else if (PQntuples(res) > 0 && !PQgetisnull(res, 0, 0))
		*out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return rc;
}

static int
migrate_in(struct pg_store *s, struct scs_err *err)
{
	int64_t version = 0;
	char bump[64];
	size_t i;
	int rc;

	if ((rc = exec_plain(s,
	         "SELECT pg_advisory_xact_lock(" MIGRATE_LOCK ");"
	         "CREATE TABLE IF NOT EXISTS scs_schema"
	         " (version BIGINT NOT NULL);",
	         err)) != SCS_OK ||
	    (rc = one_int(s, "SELECT max(version) FROM scs_schema", &version,
	         err)) != SCS_OK)
		return rc;
	if (version > (int64_t)sql_nmigrations)
		return scs_err_set(err, SCS_ECORRUPT, "db",
		    "schema version %lld is newer than this program (%zu)",
		    (long long)version, sql_nmigrations);
	for (i = (size_t)version; i < sql_nmigrations; i++) {
		char *ddl = ddl_pg(sql_migrations[i]);

		if (ddl == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		rc = exec_plain(s, ddl, err);
		free(ddl);
		if (rc != SCS_OK)
			return rc;
	}
	(void)snprintf(bump, sizeof(bump),
	    "DELETE FROM scs_schema; INSERT INTO scs_schema VALUES (%zu)",
	    sql_nmigrations);
	return exec_plain(s, bump, err);
}

static int
pg_migrate(struct scs_store *st, int *out_version, struct scs_err *err)
{
	struct pg_store *s = P(st);
	int rc;

	if ((rc = exec_plain(s, "BEGIN", err)) != SCS_OK)
		return rc;
	if ((rc = migrate_in(s, err)) != SCS_OK ||
	    (rc = exec_plain(s, "COMMIT", err)) != SCS_OK) {
		(void)exec_plain(s, "ROLLBACK", NULL);
		scs_err_prefix(err, "migration");
		return rc;
	}
	if (out_version != NULL)
		*out_version = (int)sql_nmigrations;
	return SCS_OK;
}

/* ---- connection and transactions ---- */

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* After the connection was lost: connect again; every prepared
 * statement is gone with the old session. */
static int
revive(struct pg_store *s, struct scs_err *err)
{
	char line[256];
	size_t i;

	if (PQstatus(s->conn) == CONNECTION_OK)
		return SCS_OK;
	PQreset(s->conn);
	if (PQstatus(s->conn) != CONNECTION_OK)
		return scs_err_set(err, SCS_EBUSY, "db",
		    "database unreachable: %s",
		    one_line(PQerrorMessage(s->conn), line, sizeof(line)));
	memset(s->prepared, 0, sizeof(s->prepared));
	s->listening = 0;
	for (i = 0; i < QCACHE_N; i++) {
		free(s->qcache[i].sql);
		s->qcache[i].sql = NULL;
	}
	return SCS_OK;
}

static int
begin_tx(struct scs_store *st, bool write, struct scs_err *err)
{
	static const struct sql_stmt lock =
	    {"SELECT writes FROM audit_head WHERE id = 1 FOR UPDATE",
	        SQL_SLOT_TEXT};
	static const char begin_write[] =
	    "BEGIN ISOLATION LEVEL READ COMMITTED";
	static const char begin_read[] =
	    "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
	struct pg_store *s = P(st);
	struct sql_args none;
	int rc;

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "transaction already open");
	if ((rc = revive(s, err)) != SCS_OK)
		return rc;
	rc = exec_plain(s, write ? begin_write : begin_read, err);
	/* Found dead at BEGIN: nothing was done yet; once more. */
	if (rc != SCS_OK && PQstatus(s->conn) != CONNECTION_OK &&
	    (rc = revive(s, err)) == SCS_OK)
		rc = exec_plain(s, write ? begin_write : begin_read, err);
	if (rc != SCS_OK) {
		scs_err_prefix(err, "begin");
		return rc;
	}
	s->sql.in_tx = 1;
	sql_tx_end(&s->sql);
	s->audited = 0;
	sql_args_init(&none);
	if (write &&
	    (rc = pg_run(&s->sql, &lock, &none, NULL, NULL, NULL, err)) !=
	        SCS_OK) {
		(void)exec_plain(s, "ROLLBACK", NULL);
		s->sql.in_tx = 0;
		scs_err_prefix(err, "begin");
	}
	return rc;
}

static int
pg_begin(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, true, err);
}

static int
pg_begin_read(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, false, err);
}

static int
pg_commit(struct scs_store *st, struct scs_err *err)
{
	struct pg_store *s = P(st);
	int rc = SCS_OK;

	rc = sql_tx_flush(&s->sql, err);
	if (rc == SCS_OK && s->audited)
		rc = exec_plain(s, "NOTIFY scs_changes", err);
	if (rc == SCS_OK)
		rc = exec_plain(s, "COMMIT", err);
	s->sql.in_tx = 0;
	sql_tx_end(&s->sql);
	if (rc != SCS_OK) {
		/* A failed COMMIT has ended the transaction already. */
		(void)exec_plain(s, "ROLLBACK", NULL);
		return rc;
	}
	return SCS_OK;
}

static void
pg_rollback(struct scs_store *st)
{
	struct pg_store *s = P(st);

	if (!s->sql.in_tx)
		return;
	(void)exec_plain(s, "ROLLBACK", NULL);
	s->sql.in_tx = 0;
	sql_tx_end(&s->sql);
}

/* Removed rows stay in PostgreSQL's files until a VACUUM reclaims them:
 * the nearest to SQLite's checkpoint, which leaves no old frame. */
static int
pg_checkpoint(struct scs_store *st, struct scs_err *err)
{
	struct pg_store *s = P(st);

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "checkpoint inside a transaction");
	return exec_plain(s, "VACUUM", err);
}

/* Notifications already read: how many (each is freed). */
static int
drain(struct pg_store *s)
{
	PGnotify *n;
	int got = 0;

	while ((n = PQnotifies(s->conn)) != NULL) {
		PQfreemem(n);
		got++;
	}
	return got;
}

static int
lost(struct pg_store *s, int timeout_ms, struct scs_err *err)
{
	char line[256];

	s->listening = 0;
	scs_sleep_ms(timeout_ms);
	return scs_err_set(err, SCS_EBUSY, "db", "database unreachable: %s",
	    one_line(PQerrorMessage(s->conn), line, sizeof(line)));
}

static int
pg_wait(struct scs_store *st, int timeout_ms, struct scs_err *err)
{
	struct pg_store *s = P(st);
	struct pollfd pfd;
	int rc;

	if (s->sql.in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "wait inside a transaction");
	if (PQstatus(s->conn) != CONNECTION_OK || !s->listening) {
		/* (Re)connected: the caller reads what it missed at once. */
		if ((rc = revive(s, err)) != SCS_OK ||
		    (rc = exec_plain(s, "LISTEN scs_changes", err)) != SCS_OK) {
			scs_sleep_ms(timeout_ms);
			return rc;
		}
		s->listening = 1;
		return SCS_OK;
	}
	if (PQconsumeInput(s->conn) == 0)
		return lost(s, timeout_ms, err);
	if (drain(s) > 0)
		return SCS_OK;
	pfd.fd = PQsocket(s->conn);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, timeout_ms) > 0) {
		if (PQconsumeInput(s->conn) == 0 ||
		    PQstatus(s->conn) != CONNECTION_OK)
			return lost(s, timeout_ms, err);
		(void)drain(s);
	}
	return SCS_OK;
}

static int
pg_audit_append(struct scs_store *st, const struct scs_audit_entry *e,
    struct scs_err *err)
{
	int rc = sql_audit_append(st, e, err);

	if (rc == SCS_OK)
		P(st)->audited = 1;
	return rc;
}

static void
pg_close(struct scs_store *st)
{
	struct pg_store *s = P(st);
	size_t i;

	for (i = 0; i < QCACHE_N; i++)
		free(s->qcache[i].sql);
	for (i = 0; i < (size_t)s->ncopy; i++) {
		free(s->copy[i].head);
		scs_buf_free(&s->copy[i].rows);
	}
	if (s->conn != NULL)
		PQfinish(s->conn);
	sql_store_fini(&s->sql);
	free(s->url);
	free(s);
}

static int pg_reopen(struct scs_store *st, struct scs_store **out,
    struct scs_err *err);

/* A PostgreSQL register is backed up by PostgreSQL's own tools, which
 * copy it while it runs and replay its log to any moment. */
static int
pg_snapshot(struct scs_store *st, const char *path, struct scs_err *err)
{
	(void)st;
	(void)path;
	return scs_err_set(err, SCS_EINVAL, "db",
	    "a PostgreSQL register is backed up with PostgreSQL's tools "
	    "(pgbackrest, pg_dump; docs/postgresql.md), not scs backup");
}

static const struct scs_store_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .reopen = pg_reopen,
    .migrate = pg_migrate,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    SQL_STORE_OPS,
    .audit_append = pg_audit_append,
    .checkpoint = pg_checkpoint,
    .snapshot = pg_snapshot,
    .wait = pg_wait,
};

/* SCS_ENOTFOUND unless the database holds a register (its schema table). */
static int
has_register(struct pg_store *s, const char *url, struct scs_err *err)
{
	char shown[256];
	int64_t n = 0;
	int rc;

	if ((rc = one_int(s,
	         "SELECT count(*) FROM pg_catalog.pg_tables"
	         " WHERE schemaname = current_schema()"
	         " AND tablename = 'scs_schema'",
	         &n, err)) != SCS_OK) {
		scs_err_prefix(err, "db");
		return rc;
	}
	if (n > 0)
		return SCS_OK;
	scs_store_shown(url, shown, sizeof(shown));
	return scs_err_set(err, SCS_ENOTFOUND, "db",
	    "%s: no register here (run scs init)", shown);
}

int
scs_store_pg_open(const char *url, bool create, struct scs_store **out,
    struct scs_err *err)
{
	struct pg_store *s;
	char shown[256], line[256];
	int rc;

	/* The database exists (an administrator made it); without @create
	 * it must hold a register. */
	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "db", "out of memory");
	sql_store_init(&s->sql, &pg_ops, &pg_drv);
	if ((s->url = strdup(url)) == NULL) {
		free(s);
		return scs_err_set(err, SCS_ENOMEM, "db", "out of memory");
	}
	s->conn = PQconnectdb(url);
	if (s->conn == NULL || PQstatus(s->conn) != CONNECTION_OK) {
		scs_store_shown(url, shown, sizeof(shown));
		rc = scs_err_set(err, SCS_EIO, "db", "%s: %s", shown,
		    s->conn != NULL
		        ? one_line(PQerrorMessage(s->conn), line, sizeof(line))
		        : "cannot connect");
		pg_close(&s->sql.base);
		return rc;
	}
	(void)PQsetNoticeProcessor(s->conn, quiet, NULL);
	if ((rc = exec_plain(s,
	         "SET client_min_messages = warning;"
	         " SET standard_conforming_strings = on",
	         err)) != SCS_OK) {
		scs_err_prefix(err, "db");
		pg_close(&s->sql.base);
		return rc;
	}
	/* As SQLite's missing file: a database without the schema table is
	 * no register, and only init may make one there (a command run on
	 * the wrong database must not leave tables in it). */
	if (!create && (rc = has_register(s, url, err)) != SCS_OK) {
		pg_close(&s->sql.base);
		return rc;
	}
	*out = &s->sql.base;
	return SCS_OK;
}

static int
pg_reopen(struct scs_store *st, struct scs_store **out, struct scs_err *err)
{
	return scs_store_pg_open(P(st)->url, false, out, err);
}
