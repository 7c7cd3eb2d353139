/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlite.c - the SQLite backend of the storage interface.  WAL journal,
 * synchronous=FULL, foreign keys on, secure_delete on, a busy timeout,
 * prepared statements only (cached per connection), one transaction per
 * operation.  The SQL stays within what PostgreSQL also accepts, so pg.c
 * can share the statements; only the DDL types differ (BLOB vs BYTEA).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "scs/store.h"

#define BUSY_TIMEOUT_MS 10000

/* The migrations, in order; version i+1 is migrations[i].  Never edit an
 * applied one: add a new one. */
static const char *const migrations[] = {
    /* 1: organizations, persons, users, sessions, audit log. */
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL);"
    "CREATE TABLE organizations (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " type TEXT NOT NULL, country TEXT NOT NULL);"
    "CREATE TABLE persons (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " name_latin TEXT NOT NULL, birth_date TEXT NOT NULL,"
    " nationalities TEXT NOT NULL,"
    " org TEXT NOT NULL REFERENCES organizations (id),"
    " relatives BLOB NOT NULL, relatives_key BIGINT NOT NULL);"
    "CREATE INDEX persons_org ON persons (org, id);"
    "CREATE INDEX persons_key ON persons (relatives_key);"
    "CREATE TABLE users (id TEXT PRIMARY KEY,"
    " org TEXT NOT NULL REFERENCES organizations (id),"
    " role TEXT NOT NULL, person TEXT REFERENCES persons (id),"
    " disabled INTEGER NOT NULL, pwhash TEXT NOT NULL,"
    " apikey_hash TEXT, created BIGINT NOT NULL);"
    "CREATE UNIQUE INDEX users_apikey ON users (apikey_hash);"
    "CREATE TABLE login_failures (user_id TEXT PRIMARY KEY,"
    " failures INTEGER NOT NULL, locked_until BIGINT NOT NULL);"
    "CREATE TABLE sessions (token_hash TEXT PRIMARY KEY,"
    " user_id TEXT NOT NULL REFERENCES users (id),"
    " created BIGINT NOT NULL, expires BIGINT NOT NULL);"
    "CREATE INDEX sessions_user ON sessions (user_id);"
    /* INTEGER PRIMARY KEY: the row id itself in SQLite (one B-tree per
     * append); BIGINT PRIMARY KEY in PostgreSQL. */
    "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY,"
    " time_us BIGINT NOT NULL, actor TEXT NOT NULL,"
    " action TEXT NOT NULL, kind TEXT NOT NULL, object TEXT NOT NULL,"
    " purpose TEXT NOT NULL, state BLOB NOT NULL, leaf BLOB NOT NULL);"
    "CREATE TABLE tree_heads (size INTEGER PRIMARY KEY,"
    " time_us BIGINT NOT NULL, root BLOB NOT NULL, sig BLOB NOT NULL);",
    /* 2: the rest of the register (DESIGN.md section 11).  valid_until
     * NULL: the period never ends. */
    "CREATE TABLE conforming (org TEXT NOT NULL REFERENCES organizations (id),"
    " authority TEXT NOT NULL, valid_from BIGINT NOT NULL,"
    " level TEXT NOT NULL, valid_until BIGINT,"
    " PRIMARY KEY (org, authority, valid_from));"
    "CREATE TABLE clearances (person TEXT NOT NULL REFERENCES persons (id),"
    " authority TEXT NOT NULL, valid_from BIGINT NOT NULL,"
    " level TEXT NOT NULL, status TEXT NOT NULL, valid_until BIGINT,"
    " PRIMARY KEY (person, authority, valid_from));"
    "CREATE TABLE compartments (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " owner TEXT NOT NULL REFERENCES organizations (id));"
    "CREATE TABLE programs (id TEXT PRIMARY KEY, name TEXT NOT NULL,"
    " owner TEXT NOT NULL REFERENCES organizations (id));"
    "CREATE TABLE briefings (person TEXT NOT NULL REFERENCES persons (id),"
    " compartment TEXT NOT NULL REFERENCES compartments (id),"
    " valid_from BIGINT NOT NULL, nda_signed BIGINT, valid_until BIGINT,"
    " PRIMARY KEY (person, compartment, valid_from));"
    "CREATE TABLE memberships (program TEXT NOT NULL REFERENCES programs (id),"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " valid_from BIGINT NOT NULL, valid_until BIGINT,"
    " PRIMARY KEY (program, person, valid_from));"
    "CREATE INDEX memberships_person ON memberships (person);"
    "CREATE TABLE items (id TEXT PRIMARY KEY, title TEXT NOT NULL,"
    " owner TEXT NOT NULL REFERENCES organizations (id),"
    " field TEXT NOT NULL, authority TEXT NOT NULL, level TEXT NOT NULL,"
    " compartments TEXT NOT NULL, releasable_to TEXT NOT NULL,"
    " programs TEXT NOT NULL, valid_from BIGINT NOT NULL,"
    " valid_until BIGINT, declassified BIGINT,"
    " cabinet_approval INTEGER NOT NULL, exception INTEGER NOT NULL);"
    "CREATE TABLE suspensions (person TEXT NOT NULL REFERENCES persons (id),"
    " valid_from BIGINT NOT NULL, valid_until BIGINT, reason TEXT NOT NULL,"
    " PRIMARY KEY (person, valid_from));",
};

enum q {
	Q_BEGIN,
	Q_BEGIN_READ,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_META_GET,
	Q_META_PUT,
	Q_ORG_INS,
	Q_ORG_UPD,
	Q_ORG_GET,
	Q_ORG_ALL,
	Q_PERSON_INS,
	Q_PERSON_UPD,
	Q_PERSON_GET,
	Q_PERSON_PAGE,
	Q_PERSON_ORG_PAGE,
	Q_PERSON_KEY,
	Q_PERSON_LEAN,
	Q_USER_INS,
	Q_USER_UPD,
	Q_USER_GET,
	Q_USER_APIKEY,
	Q_USER_ALL,
	Q_LOGIN_GET,
	Q_LOGIN_PUT,
	Q_SESSION_PUT,
	Q_SESSION_GET,
	Q_SESSION_DEL,
	Q_SESSION_DEL_USER,
	Q_AUDIT_PUT,
	Q_AUDIT_FROM,
	Q_AUDIT_FIND,
	Q_HEAD_PUT,
	Q_HEAD_ALL,
	Q_HEAD_LAST,
	Q_COUNT
};

#define PERSON_COLS                                                            \
	"id, name, name_latin, birth_date, nationalities, org, relatives"
#define USER_COLS                                                              \
	"id, org, role, person, disabled, pwhash, apikey_hash, created"
#define AUDIT_COLS                                                             \
	"seq, time_us, actor, action, kind, object, purpose, state, leaf"

static const char *const sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_BEGIN_READ] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_META_GET] = "SELECT value FROM meta WHERE key = ?",
    [Q_META_PUT] = "INSERT INTO meta (key, value) VALUES (?, ?)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [Q_ORG_INS] = "INSERT INTO organizations (id, name, type, country)"
                  " VALUES (?, ?, ?, ?)",
    [Q_ORG_UPD] = "UPDATE organizations SET name = ?2, type = ?3,"
                  " country = ?4 WHERE id = ?1",
    [Q_ORG_GET] = "SELECT id, name, type, country FROM organizations"
                  " WHERE id = ?",
    [Q_ORG_ALL] = "SELECT id, name, type, country FROM organizations"
                  " ORDER BY id",
    [Q_PERSON_INS] = "INSERT INTO persons (" PERSON_COLS
                     ", relatives_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_PERSON_UPD] = "UPDATE persons SET name = ?2, name_latin = ?3,"
                     " birth_date = ?4, nationalities = ?5, org = ?6,"
                     " relatives = ?7, relatives_key = ?8 WHERE id = ?1",
    [Q_PERSON_GET] = "SELECT " PERSON_COLS " FROM persons WHERE id = ?",
    [Q_PERSON_PAGE] = "SELECT " PERSON_COLS " FROM persons WHERE id > ?"
                      " ORDER BY id LIMIT ?",
    [Q_PERSON_ORG_PAGE] = "SELECT " PERSON_COLS " FROM persons"
                          " WHERE org = ? AND id > ? ORDER BY id LIMIT ?",
    [Q_PERSON_KEY] = "SELECT " PERSON_COLS " FROM persons"
                     " WHERE relatives_key <> ? ORDER BY id LIMIT ?",
    [Q_PERSON_LEAN] = "SELECT id, org, nationalities FROM persons ORDER BY id",
    [Q_USER_INS] =
        "INSERT INTO users (" USER_COLS ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_USER_UPD] = "UPDATE users SET org = ?2, role = ?3, person = ?4,"
                   " disabled = ?5, pwhash = ?6, apikey_hash = ?7,"
                   " created = ?8 WHERE id = ?1",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?",
    [Q_USER_APIKEY] = "SELECT " USER_COLS " FROM users WHERE apikey_hash = ?",
    [Q_USER_ALL] = "SELECT " USER_COLS " FROM users ORDER BY id",
    [Q_LOGIN_GET] = "SELECT failures, locked_until FROM login_failures"
                    " WHERE user_id = ?",
    [Q_LOGIN_PUT] = "INSERT INTO login_failures (user_id, failures,"
                    " locked_until) VALUES (?, ?, ?) ON CONFLICT (user_id)"
                    " DO UPDATE SET failures = excluded.failures,"
                    " locked_until = excluded.locked_until",
    [Q_SESSION_PUT] = "INSERT INTO sessions (token_hash, user_id, created,"
                      " expires) VALUES (?, ?, ?, ?)",
    [Q_SESSION_GET] = "SELECT token_hash, user_id, created, expires"
                      " FROM sessions WHERE token_hash = ?",
    [Q_SESSION_DEL] = "DELETE FROM sessions WHERE token_hash = ?",
    [Q_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?",
    [Q_AUDIT_PUT] = "INSERT INTO audit_log (" AUDIT_COLS
                    ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_AUDIT_FROM] = "SELECT " AUDIT_COLS " FROM audit_log WHERE seq >= ?"
                     " ORDER BY seq LIMIT ?",
    /* A NULL binding leaves its column free; one statement for every
     * combination of filters. */
    [Q_AUDIT_FIND] = "SELECT " AUDIT_COLS " FROM audit_log WHERE seq >= ?1"
                     " AND (?2 IS NULL OR actor = ?2)"
                     " AND (?3 IS NULL OR action = ?3)"
                     " AND (?4 IS NULL OR kind = ?4)"
                     " AND (?5 IS NULL OR object = ?5)"
                     " AND time_us >= ?6 AND time_us < ?7"
                     " ORDER BY seq LIMIT ?8",
    [Q_HEAD_PUT] = "INSERT INTO tree_heads (size, time_us, root, sig)"
                   " VALUES (?, ?, ?, ?) ON CONFLICT (size) DO UPDATE"
                   " SET time_us = excluded.time_us, root = excluded.root,"
                   " sig = excluded.sig",
    [Q_HEAD_LAST] = "SELECT size, time_us, root, sig FROM tree_heads"
                    " ORDER BY size DESC LIMIT 1",
    [Q_HEAD_ALL] = "SELECT size, time_us, root, sig FROM tree_heads"
                   " ORDER BY size",
};

struct sqlite_store {
	struct scs_store base; /* first: the wrappers cast to it */
	sqlite3 *db;
	sqlite3_stmt *stmts[Q_COUNT];
	sqlite3_stmt *rstmts[SCS_KIND_N][4];
	int in_tx;
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

/* The cached statement for @q, reset and with bindings cleared. */
static sqlite3_stmt *
stmt(struct sqlite_store *s, enum q q, struct scs_err *err)
{
	sqlite3_stmt *st = s->stmts[q];

	if (st == NULL) {
		if (sqlite3_prepare_v3(s->db, sql[q], -1,
		        SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			(void)db_error(s, err, "prepare");
			return NULL;
		}
		s->stmts[q] = st;
	}
	return st;
}

static void
done(sqlite3_stmt *st)
{
	(void)sqlite3_reset(st);
	(void)sqlite3_clear_bindings(st);
}

static int
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Run a statement that returns no rows. */
static int
exec_stmt(struct sqlite_store *s, sqlite3_stmt *st, struct scs_err *err,
    const char *what)
{
	int r = sqlite3_step(st);
	int rc = SCS_OK;

	if (r != SQLITE_DONE && r != SQLITE_ROW)
		rc = db_error(s, err, what);
	done(st);
	return rc;
}

static void
col_text(sqlite3_stmt *st, int i, char *dst, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	(void)scs_strlcpy(dst, t != NULL ? (const char *)t : "", size);
}

static void
col_blob(sqlite3_stmt *st, int i, uint8_t *dst, size_t size)
{
	const void *b = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);

	memset(dst, 0, size);
	if (b != NULL)
		memcpy(dst, b, n < size ? n : size);
}

/* ---- connection, migrations, transactions ---- */

static void
sq_close(struct scs_store *st)
{
	struct sqlite_store *s = S(st);
	size_t i, j;

	for (i = 0; i < Q_COUNT; i++)
		(void)sqlite3_finalize(s->stmts[i]);
	for (i = 0; i < SCS_KIND_N; i++)
		for (j = 0; j < 4; j++)
			(void)sqlite3_finalize(s->rstmts[i][j]);
	(void)sqlite3_close(s->db);
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
	if (version > (int)SCS_NELEM(migrations))
		return scs_err_set(err, SCS_ECORRUPT, "db",
		    "schema version %d is newer than this program (%zu)",
		    version, SCS_NELEM(migrations));
	for (i = (size_t)version; i < SCS_NELEM(migrations); i++) {
		char bump[64];

		(void)snprintf(bump, sizeof(bump), "PRAGMA user_version = %zu",
		    i + 1);
		if ((rc = exec_sql(s, "BEGIN IMMEDIATE", err)) != SCS_OK)
			return rc;
		if ((rc = exec_sql(s, migrations[i], err)) != SCS_OK ||
		    (rc = exec_sql(s, bump, err)) != SCS_OK ||
		    (rc = exec_sql(s, "COMMIT", err)) != SCS_OK) {
			(void)exec_sql(s, "ROLLBACK", NULL);
			scs_err_prefix(err, "migration");
			return rc;
		}
	}
	if (out_version != NULL)
		*out_version = (int)SCS_NELEM(migrations);
	return SCS_OK;
}

static int
begin_tx(struct scs_store *st, enum q which, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, which, err);
	int rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	if (s->in_tx)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "transaction already open");
	if ((rc = exec_stmt(s, q, err, "begin")) == SCS_OK)
		s->in_tx = 1;
	return rc;
}

static int
sq_begin(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, Q_BEGIN, err);
}

static int
sq_begin_read(struct scs_store *st, struct scs_err *err)
{
	return begin_tx(st, Q_BEGIN_READ, err);
}

static int
sq_commit(struct scs_store *st, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_COMMIT, err);
	int rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	if ((rc = exec_stmt(s, q, err, "commit")) == SCS_OK)
		s->in_tx = 0;
	return rc;
}

static void
sq_rollback(struct scs_store *st)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q;

	if (!s->in_tx)
		return;
	if ((q = stmt(s, Q_ROLLBACK, NULL)) != NULL)
		(void)exec_stmt(s, q, NULL, "rollback");
	s->in_tx = 0;
}

/* ---- meta ---- */

static int
sq_meta_get(struct scs_store *st, const char *key, struct scs_blob *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_META_GET, err);
	int r, rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, key);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		rc = scs_blob_set(out, sqlite3_column_blob(q, 0),
		    (size_t)sqlite3_column_bytes(q, 0));
	else if (r == SQLITE_DONE)
		rc = scs_err_set(err, SCS_ENOTFOUND, key, "not set");
	else
		rc = db_error(s, err, "meta");
	done(q);
	return rc;
}

static int
sq_meta_put(struct scs_store *st, const char *key, const void *p, size_t len,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_META_PUT, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, key);
	(void)sqlite3_bind_blob(q, 2, p, (int)len, SQLITE_STATIC);
	return exec_stmt(s, q, err, "meta");
}

/* ---- writes that insert or update one row ---- */

static int
put_done(struct sqlite_store *s, sqlite3_stmt *q, enum scs_put_mode mode,
    struct scs_err *err)
{
	int rc = exec_stmt(s, q, err, "write");

	if (rc == SCS_OK && mode == SCS_PUT_UPDATE &&
	    sqlite3_changes(s->db) == 0)
		rc = scs_err_set(err, SCS_ENOTFOUND, "id", "no such record");
	return rc;
}

/* ---- organizations ---- */

static void
read_org(sqlite3_stmt *q, struct scs_org *o)
{
	char type[32];

	memset(o, 0, sizeof(*o));
	col_text(q, 0, o->id, sizeof(o->id));
	col_text(q, 1, o->name, sizeof(o->name));
	col_text(q, 2, type, sizeof(type));
	if (scs_org_type_parse(type, &o->type) != 0)
		o->type = SCS_ORG_NTYPES;
	col_text(q, 3, o->country, sizeof(o->country));
}

static int
sq_org_put(struct scs_store *st, const struct scs_org *o,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q =
	    stmt(s, mode == SCS_PUT_INSERT ? Q_ORG_INS : Q_ORG_UPD, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, o->id);
	(void)bind_text(q, 2, o->name);
	(void)bind_text(q, 3, scs_org_type_name(o->type));
	(void)bind_text(q, 4, o->country);
	return put_done(s, q, mode, err);
}

static int
sq_org_get(struct scs_store *st, const char *id, struct scs_org *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_ORG_GET, err);
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, id);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		read_org(q, out);
	else if (r == SQLITE_DONE)
		rc = scs_err_set(err, SCS_ENOTFOUND, "org",
		    "no organization \"%s\"", id);
	else
		rc = db_error(s, err, "organization");
	done(q);
	return rc;
}

static int
sq_org_each(struct scs_store *st, scs_org_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_ORG_ALL, err);
	struct scs_org o;
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		read_org(q, &o);
		rc = cb(arg, &o);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "organizations");
	done(q);
	return rc;
}

/* ---- persons ---- */

static void
join_nats(const struct scs_person *p, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < p->nnationalities && n + 4 < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s%s", i ? "," : "",
		    p->nationalities[i]);
}

static int
read_person(sqlite3_stmt *q, struct scs_person *p)
{
	char nats[SCS_NAT_MAX * 4 + 1], *tok, *save = NULL;

	memset(p, 0, sizeof(*p));
	col_text(q, 0, p->id, sizeof(p->id));
	col_text(q, 1, p->name, sizeof(p->name));
	col_text(q, 2, p->name_latin, sizeof(p->name_latin));
	col_text(q, 3, p->birth_date, sizeof(p->birth_date));
	col_text(q, 4, nats, sizeof(nats));
	for (tok = strtok_r(nats, ",", &save);
	     tok != NULL && p->nnationalities < SCS_NAT_MAX;
	     tok = strtok_r(NULL, ",", &save))
		(void)scs_strlcpy(p->nationalities[p->nnationalities++], tok,
		    4);
	col_text(q, 5, p->org, sizeof(p->org));
	return scs_blob_set(&p->relatives, sqlite3_column_blob(q, 6),
	    (size_t)sqlite3_column_bytes(q, 6));
}

static uint32_t
sealed_key(const struct scs_blob *b)
{
	if (b->p == NULL || b->len < 5)
		return 0;
	return (uint32_t)b->p[1] << 24 | (uint32_t)b->p[2] << 16 |
	    (uint32_t)b->p[3] << 8 | b->p[4];
}

static int
sq_person_put(struct scs_store *st, const struct scs_person *p,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q =
	    stmt(s, mode == SCS_PUT_INSERT ? Q_PERSON_INS : Q_PERSON_UPD, err);
	char nats[SCS_NAT_MAX * 4 + 1];
	int rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	join_nats(p, nats, sizeof(nats));
	(void)bind_text(q, 1, p->id);
	(void)bind_text(q, 2, p->name);
	(void)bind_text(q, 3, p->name_latin);
	(void)bind_text(q, 4, p->birth_date);
	(void)bind_text(q, 5, nats);
	(void)bind_text(q, 6, p->org);
	(void)sqlite3_bind_blob(q, 7,
	    p->relatives.p ? (const void *)p->relatives.p : (const void *)"",
	    (int)p->relatives.len, SQLITE_STATIC);
	(void)sqlite3_bind_int64(q, 8, sealed_key(&p->relatives));
	rc = put_done(s, q, mode, err);
	if (rc == SCS_EINVAL)
		(void)scs_err_set(err, rc, "org", "no organization \"%s\"",
		    p->org);
	return rc;
}

static int
sq_person_get(struct scs_store *st, const char *id, struct scs_person *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PERSON_GET, err);
	int r, rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, id);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		rc = read_person(q, out);
	else if (r == SQLITE_DONE)
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", id);
	else
		rc = db_error(s, err, "person");
	done(q);
	return rc;
}

static int
walk_persons(struct sqlite_store *s, sqlite3_stmt *q, scs_person_cb cb,
    void *arg, struct scs_err *err)
{
	struct scs_person p;
	int r = SQLITE_DONE, rc = SCS_OK;

	memset(&p, 0, sizeof(p));
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		rc = read_person(q, &p);
		if (rc == SCS_OK)
			rc = cb(arg, &p);
		scs_person_clear(&p);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "persons");
	done(q);
	return rc;
}

static int
sq_person_each(struct scs_store *st, const char *org, const char *after,
    size_t limit, scs_person_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q =
	    stmt(s, org != NULL ? Q_PERSON_ORG_PAGE : Q_PERSON_PAGE, err);
	int i = 1;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	if (org != NULL)
		(void)bind_text(q, i++, org);
	(void)bind_text(q, i++, after != NULL ? after : "");
	(void)sqlite3_bind_int64(q, i, limit > 0 ? (sqlite3_int64)limit : -1);
	return walk_persons(s, q, cb, arg, err);
}

static int
sq_person_sealed_under(struct scs_store *st, uint32_t key_id, size_t limit,
    scs_person_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PERSON_KEY, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)sqlite3_bind_int64(q, 1, key_id);
	(void)sqlite3_bind_int64(q, 2, limit > 0 ? (sqlite3_int64)limit : -1);
	return walk_persons(s, q, cb, arg, err);
}

/* ---- users ---- */

static void
read_user(sqlite3_stmt *q, struct scs_user *u)
{
	char role[32];

	memset(u, 0, sizeof(*u));
	col_text(q, 0, u->id, sizeof(u->id));
	col_text(q, 1, u->org, sizeof(u->org));
	col_text(q, 2, role, sizeof(role));
	if (scs_role_parse(role, &u->role) != 0)
		u->role = 0;
	col_text(q, 3, u->person, sizeof(u->person));
	u->disabled = sqlite3_column_int(q, 4) != 0;
	col_text(q, 5, u->pwhash, sizeof(u->pwhash));
	col_text(q, 6, u->apikey_hash, sizeof(u->apikey_hash));
	u->created = sqlite3_column_int64(q, 7);
}

static int
sq_user_put(struct scs_store *st, const struct scs_user *u,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q =
	    stmt(s, mode == SCS_PUT_INSERT ? Q_USER_INS : Q_USER_UPD, err);
	int rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, u->id);
	(void)bind_text(q, 2, u->org);
	(void)bind_text(q, 3, scs_role_name(u->role));
	(void)bind_text(q, 4, u->person[0] ? u->person : NULL);
	(void)sqlite3_bind_int(q, 5, u->disabled);
	(void)bind_text(q, 6, u->pwhash);
	(void)bind_text(q, 7, u->apikey_hash[0] ? u->apikey_hash : NULL);
	(void)sqlite3_bind_int64(q, 8, u->created);
	rc = put_done(s, q, mode, err);
	if (rc == SCS_EINVAL) {
		struct scs_org o;
		int org_missing = sq_org_get(st, u->org, &o, NULL) != SCS_OK;

		(void)scs_err_set(err, rc,
		    org_missing || u->person[0] == '\0' ? "org" : "person",
		    "refers to a record that does not exist");
	}
	return rc;
}

static int
user_one(struct sqlite_store *s, sqlite3_stmt *q, struct scs_user *out,
    struct scs_err *err)
{
	int r = sqlite3_step(q), rc = SCS_OK;

	if (r == SQLITE_ROW)
		read_user(q, out);
	else if (r == SQLITE_DONE)
		rc = scs_err_set(err, SCS_ENOTFOUND, "user", "no such user");
	else
		rc = db_error(s, err, "user");
	done(q);
	return rc;
}

static int
sq_user_get(struct scs_store *st, const char *id, struct scs_user *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_USER_GET, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, id);
	return user_one(s, q, out, err);
}

static int
sq_user_by_apikey(struct scs_store *st, const char *hash, struct scs_user *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_USER_APIKEY, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, hash);
	return user_one(s, q, out, err);
}

static int
sq_user_each(struct scs_store *st, scs_user_cb cb, void *arg,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_USER_ALL, err);
	struct scs_user u;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		read_user(q, &u);
		rc = cb(arg, &u);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "users");
	done(q);
	return rc;
}

/* ---- sign-in failures and sessions ---- */

static int
sq_login_get(struct scs_store *st, const char *user, int *out_failures,
    int64_t *out_locked_until, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_LOGIN_GET, err);
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	*out_failures = 0;
	*out_locked_until = 0;
	(void)bind_text(q, 1, user);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		*out_failures = sqlite3_column_int(q, 0);
		*out_locked_until = sqlite3_column_int64(q, 1);
	} else if (r != SQLITE_DONE) {
		rc = db_error(s, err, "login");
	}
	done(q);
	return rc;
}

static int
sq_login_put(struct scs_store *st, const char *user, int failures,
    int64_t locked_until, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_LOGIN_PUT, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, user);
	(void)sqlite3_bind_int(q, 2, failures);
	(void)sqlite3_bind_int64(q, 3, locked_until);
	return exec_stmt(s, q, err, "login");
}

static int
sq_session_put(struct scs_store *st, const struct scs_session *se,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_SESSION_PUT, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, se->token_hash);
	(void)bind_text(q, 2, se->user);
	(void)sqlite3_bind_int64(q, 3, se->created);
	(void)sqlite3_bind_int64(q, 4, se->expires);
	return exec_stmt(s, q, err, "session");
}

static int
sq_session_get(struct scs_store *st, const char *token_hash,
    struct scs_session *out, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_SESSION_GET, err);
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, token_hash);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		col_text(q, 0, out->token_hash, sizeof(out->token_hash));
		col_text(q, 1, out->user, sizeof(out->user));
		out->created = sqlite3_column_int64(q, 2);
		out->expires = sqlite3_column_int64(q, 3);
	} else if (r == SQLITE_DONE) {
		rc = scs_err_set(err, SCS_ENOTFOUND, "token", "no session");
	} else {
		rc = db_error(s, err, "session");
	}
	done(q);
	return rc;
}

static int
sq_session_delete(struct scs_store *st, const char *token_hash,
    const char *user, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s,
	    token_hash != NULL ? Q_SESSION_DEL : Q_SESSION_DEL_USER, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, token_hash != NULL ? token_hash : user);
	return exec_stmt(s, q, err, "session");
}

/* ---- audit log and tree heads ---- */

static int
sq_audit_append(struct scs_store *st, const struct scs_audit_entry *e,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_AUDIT_PUT, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)sqlite3_bind_int64(q, 1, (sqlite3_int64)e->seq);
	(void)sqlite3_bind_int64(q, 2, e->time_us);
	(void)bind_text(q, 3, e->actor);
	(void)bind_text(q, 4, e->action);
	(void)bind_text(q, 5, e->kind);
	(void)bind_text(q, 6, e->object);
	(void)bind_text(q, 7, e->purpose);
	(void)sqlite3_bind_blob(q, 8, e->state, 32, SQLITE_STATIC);
	(void)sqlite3_bind_blob(q, 9, e->leaf, 32, SQLITE_STATIC);
	return exec_stmt(s, q, err, "audit");
}

static int
sq_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_AUDIT_FROM, err);
	struct scs_audit_entry e;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	if (from > (uint64_t)INT64_MAX) {
		done(q);
		return SCS_OK; /* beyond any sequence number */
	}
	(void)sqlite3_bind_int64(q, 1, (sqlite3_int64)from);
	(void)sqlite3_bind_int64(q, 2,
	    limit > 0 && limit <= (uint64_t)INT64_MAX ? (sqlite3_int64)limit
	                                              : -1);
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.seq = (uint64_t)sqlite3_column_int64(q, 0);
		e.time_us = sqlite3_column_int64(q, 1);
		col_text(q, 2, e.actor, sizeof(e.actor));
		col_text(q, 3, e.action, sizeof(e.action));
		col_text(q, 4, e.kind, sizeof(e.kind));
		col_text(q, 5, e.object, sizeof(e.object));
		col_text(q, 6, e.purpose, sizeof(e.purpose));
		col_blob(q, 7, e.state, sizeof(e.state));
		col_blob(q, 8, e.leaf, sizeof(e.leaf));
		rc = cb(arg, &e);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "audit");
	done(q);
	return rc;
}

static int
sq_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_AUDIT_FIND, err);
	struct scs_audit_entry e;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	if (f->from_seq > (uint64_t)INT64_MAX) {
		done(q);
		return SCS_OK; /* beyond any sequence number */
	}
	(void)sqlite3_bind_int64(q, 1, (sqlite3_int64)f->from_seq);
	(void)bind_text(q, 2, f->actor);
	(void)bind_text(q, 3, f->action);
	(void)bind_text(q, 4, f->kind);
	(void)bind_text(q, 5, f->object);
	(void)sqlite3_bind_int64(q, 6, f->from_us);
	(void)sqlite3_bind_int64(q, 7, f->to_us);
	(void)sqlite3_bind_int64(q, 8,
	    limit > 0 && limit <= (uint64_t)INT64_MAX ? (sqlite3_int64)limit
	                                              : -1);
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&e, 0, sizeof(e));
		e.seq = (uint64_t)sqlite3_column_int64(q, 0);
		e.time_us = sqlite3_column_int64(q, 1);
		col_text(q, 2, e.actor, sizeof(e.actor));
		col_text(q, 3, e.action, sizeof(e.action));
		col_text(q, 4, e.kind, sizeof(e.kind));
		col_text(q, 5, e.object, sizeof(e.object));
		col_text(q, 6, e.purpose, sizeof(e.purpose));
		col_blob(q, 7, e.state, sizeof(e.state));
		col_blob(q, 8, e.leaf, sizeof(e.leaf));
		rc = cb(arg, &e);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "audit");
	done(q);
	return rc;
}

static int
sq_head_put(struct scs_store *st, const struct scs_tree_head *h,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_HEAD_PUT, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)sqlite3_bind_int64(q, 1, (sqlite3_int64)h->size);
	(void)sqlite3_bind_int64(q, 2, h->time_us);
	(void)sqlite3_bind_blob(q, 3, h->root, 32, SQLITE_STATIC);
	(void)sqlite3_bind_blob(q, 4, h->sig, 64, SQLITE_STATIC);
	return exec_stmt(s, q, err, "tree head");
}

static int
sq_head_each(struct scs_store *st, scs_head_cb cb, void *arg,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_HEAD_ALL, err);
	struct scs_tree_head h;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		h.size = (uint64_t)sqlite3_column_int64(q, 0);
		h.time_us = sqlite3_column_int64(q, 1);
		col_blob(q, 2, h.root, sizeof(h.root));
		col_blob(q, 3, h.sig, sizeof(h.sig));
		rc = cb(arg, &h);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "tree heads");
	done(q);
	return rc;
}

/* ---- the other records: one table each, generic statements ---- */

struct recdef {
	const char *table;
	const char *cols; /* key columns first */
	int nkey, ncols;
};

static const struct recdef recdefs[SCS_KIND_N] = {
    [SCS_KIND_CONFORMING] = {"conforming",
        "org, authority, valid_from, level, valid_until", 3, 5},
    [SCS_KIND_CLEARANCE] = {"clearances",
        "person, authority, valid_from, level, status, valid_until", 3, 6},
    [SCS_KIND_COMPARTMENT] = {"compartments", "id, name, owner", 1, 3},
    [SCS_KIND_PROGRAM] = {"programs", "id, name, owner", 1, 3},
    [SCS_KIND_BRIEFING] = {"briefings",
        "person, compartment, valid_from, nda_signed, valid_until", 3, 5},
    [SCS_KIND_MEMBERSHIP] = {"memberships",
        "program, person, valid_from, valid_until", 3, 4},
    [SCS_KIND_ITEM] = {"items",
        "id, title, owner, field, authority, level, compartments,"
        " releasable_to, programs, valid_from, valid_until, declassified,"
        " cabinet_approval, exception",
        1, 14},
    [SCS_KIND_SUSPENSION] = {"suspensions",
        "person, valid_from, valid_until, reason", 2, 4},
};

enum rq { RQ_INS, RQ_UPD, RQ_GET, RQ_ALL, RQ_N };

/* The i-th column name of @cols (0-based) into @out. */
static void
col_name(const char *cols, int i, char *out, size_t size)
{
	const char *p = cols, *e;
	size_t n;

	while (i-- > 0 && (p = strchr(p, ',')) != NULL)
		p++;
	while (p != NULL && *p == ' ')
		p++;
	e = p != NULL ? strchr(p, ',') : NULL;
	n = p == NULL ? 0 : e != NULL ? (size_t)(e - p) : strlen(p);
	if (n >= size)
		n = size - 1;
	if (p != NULL)
		memcpy(out, p, n);
	out[n] = '\0';
}

static int
rec_sql(enum scs_kind kind, enum rq which, struct scs_buf *b)
{
	const struct recdef *d = &recdefs[kind];
	char name[32];
	int i, rc = SCS_OK;

	switch (which) {
	case RQ_INS:
		rc = scs_buf_addf(b, "INSERT INTO %s (%s) VALUES (?1", d->table,
		    d->cols);
		for (i = 2; rc == SCS_OK && i <= d->ncols; i++)
			rc = scs_buf_addf(b, ", ?%d", i);
		return rc == SCS_OK ? scs_buf_adds(b, ")") : rc;
	case RQ_UPD:
		rc = scs_buf_addf(b, "UPDATE %s SET ", d->table);
		for (i = d->nkey; rc == SCS_OK && i < d->ncols; i++) {
			col_name(d->cols, i, name, sizeof(name));
			rc = scs_buf_addf(b, "%s%s = ?%d",
			    i > d->nkey ? ", " : "", name, i + 1);
		}
		break;
	case RQ_GET:
		rc = scs_buf_addf(b, "SELECT %s FROM %s", d->cols, d->table);
		break;
	case RQ_ALL:
		rc = scs_buf_addf(b, "SELECT %s FROM %s ORDER BY ", d->cols,
		    d->table);
		for (i = 0; rc == SCS_OK && i < d->nkey; i++) {
			col_name(d->cols, i, name, sizeof(name));
			rc = scs_buf_addf(b, "%s%s", i ? ", " : "", name);
		}
		return rc;
	default:
		return SCS_EINTERNAL;
	}
	for (i = 0; rc == SCS_OK && i < d->nkey; i++) {
		col_name(d->cols, i, name, sizeof(name));
		rc = scs_buf_addf(b, "%s%s = ?%d", i ? " AND " : " WHERE ",
		    name, i + 1);
	}
	return rc;
}

static sqlite3_stmt *
rec_stmt(struct sqlite_store *s, enum scs_kind kind, enum rq which,
    struct scs_err *err)
{
	sqlite3_stmt **slot = &s->rstmts[kind][which];
	struct scs_buf b;

	if (*slot != NULL)
		return *slot;
	scs_buf_init(&b, 4096);
	if (rec_sql(kind, which, &b) != SCS_OK ||
	    sqlite3_prepare_v3(s->db, (const char *)b.p, -1,
	        SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
		(void)db_error(s, err, "prepare");
		*slot = NULL;
	}
	scs_buf_free(&b);
	return *slot;
}

static void
bind_time(sqlite3_stmt *q, int i, int64_t t)
{
	if (t == SCS_TIME_NEVER)
		(void)sqlite3_bind_null(q, i);
	else
		(void)sqlite3_bind_int64(q, i, t);
}

static int64_t
col_time(sqlite3_stmt *q, int i)
{
	if (sqlite3_column_type(q, i) == SQLITE_NULL)
		return SCS_TIME_NEVER;
	return sqlite3_column_int64(q, i);
}

/* Comma-joined list of fixed slots; the text lives in @buf. */
static const char *
join_list(const char *slots, size_t slotsize, size_t n, char *buf, size_t size)
{
	size_t i, at = 0;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		int k = snprintf(buf + at, size - at, "%s%s", i ? "," : "",
		    slots + i * slotsize);

		if (k < 0 || (size_t)k >= size - at)
			break;
		at += (size_t)k;
	}
	return buf;
}

static void
split_list(const char *text, char *slots, size_t slotsize, size_t max,
    size_t *out_n)
{
	const char *p = text, *e;
	size_t n;

	*out_n = 0;
	while (p != NULL && *p != '\0' && *out_n < max) {
		e = strchr(p, ',');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n >= slotsize)
			n = slotsize - 1;
		memcpy(slots + *out_n * slotsize, p, n);
		slots[*out_n * slotsize + n] = '\0';
		(*out_n)++;
		p = e != NULL ? e + 1 : NULL;
	}
}

/* Bind every column of @rec in the order of its recdef. */
static void
rec_bind(sqlite3_stmt *q, enum scs_kind kind, const void *rec, int keys_only,
    char (*lists)[SCS_LIST_MAX * (SCS_ID_MAX + 1) + 1])
{
	switch (kind) {
	case SCS_KIND_CONFORMING: {
		const struct scs_conforming *c = rec;

		(void)bind_text(q, 1, c->org);
		(void)bind_text(q, 2, c->authority);
		(void)sqlite3_bind_int64(q, 3, c->valid_from);
		if (keys_only)
			return;
		(void)bind_text(q, 4, c->level);
		bind_time(q, 5, c->valid_until);
		return;
	}
	case SCS_KIND_CLEARANCE: {
		const struct scs_clearance *c = rec;

		(void)bind_text(q, 1, c->person);
		(void)bind_text(q, 2, c->authority);
		(void)sqlite3_bind_int64(q, 3, c->valid_from);
		if (keys_only)
			return;
		(void)bind_text(q, 4, c->level);
		(void)bind_text(q, 5, scs_clearance_status_name(c->status));
		bind_time(q, 6, c->valid_until);
		return;
	}
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM: {
		const struct scs_label *l = rec;

		(void)bind_text(q, 1, l->id);
		if (keys_only)
			return;
		(void)bind_text(q, 2, l->name);
		(void)bind_text(q, 3, l->owner);
		return;
	}
	case SCS_KIND_BRIEFING: {
		const struct scs_briefing *b = rec;

		(void)bind_text(q, 1, b->person);
		(void)bind_text(q, 2, b->compartment);
		(void)sqlite3_bind_int64(q, 3, b->valid_from);
		if (keys_only)
			return;
		bind_time(q, 4, b->has_nda ? b->nda_signed : SCS_TIME_NEVER);
		bind_time(q, 5, b->valid_until);
		return;
	}
	case SCS_KIND_MEMBERSHIP: {
		const struct scs_membership *m = rec;

		(void)bind_text(q, 1, m->program);
		(void)bind_text(q, 2, m->person);
		(void)sqlite3_bind_int64(q, 3, m->valid_from);
		if (keys_only)
			return;
		bind_time(q, 4, m->valid_until);
		return;
	}
	case SCS_KIND_ITEM: {
		const struct scs_item *it = rec;

		(void)bind_text(q, 1, it->id);
		if (keys_only)
			return;
		(void)bind_text(q, 2, it->title);
		(void)bind_text(q, 3, it->owner);
		(void)bind_text(q, 4, scs_item_field_name(it->field));
		(void)bind_text(q, 5, it->authority);
		(void)bind_text(q, 6, it->level);
		(void)bind_text(q, 7,
		    join_list(&it->compartments[0][0],
		        sizeof(it->compartments[0]), it->ncompartments,
		        lists[0], sizeof(lists[0])));
		(void)bind_text(q, 8,
		    join_list(&it->releasable_to[0][0],
		        sizeof(it->releasable_to[0]), it->nreleasable_to,
		        lists[1], sizeof(lists[1])));
		(void)bind_text(q, 9,
		    join_list(&it->programs[0][0], sizeof(it->programs[0]),
		        it->nprograms, lists[2], sizeof(lists[2])));
		(void)sqlite3_bind_int64(q, 10, it->valid_from);
		bind_time(q, 11, it->valid_until);
		bind_time(q, 12,
		    it->declassified ? it->declassified_at : SCS_TIME_NEVER);
		(void)sqlite3_bind_int(q, 13, it->cabinet_approval);
		(void)sqlite3_bind_int(q, 14, it->exception);
		return;
	}
	case SCS_KIND_SUSPENSION: {
		const struct scs_suspension *su = rec;

		(void)bind_text(q, 1, su->person);
		(void)sqlite3_bind_int64(q, 2, su->valid_from);
		if (keys_only)
			return;
		bind_time(q, 3, su->valid_until);
		(void)bind_text(q, 4, su->reason);
		return;
	}
	default:
		return;
	}
}

static size_t
rec_size(enum scs_kind kind)
{
	switch (kind) {
	case SCS_KIND_CONFORMING:
		return sizeof(struct scs_conforming);
	case SCS_KIND_CLEARANCE:
		return sizeof(struct scs_clearance);
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		return sizeof(struct scs_label);
	case SCS_KIND_BRIEFING:
		return sizeof(struct scs_briefing);
	case SCS_KIND_MEMBERSHIP:
		return sizeof(struct scs_membership);
	case SCS_KIND_ITEM:
		return sizeof(struct scs_item);
	case SCS_KIND_SUSPENSION:
		return sizeof(struct scs_suspension);
	default:
		return 0;
	}
}

static void
read_item(sqlite3_stmt *q, struct scs_item *it)
{
	char type[32], list[SCS_LIST_MAX * (SCS_ID_MAX + 1) + 1];
	int64_t t;

	col_text(q, 0, it->id, sizeof(it->id));
	col_text(q, 1, it->title, sizeof(it->title));
	col_text(q, 2, it->owner, sizeof(it->owner));
	col_text(q, 3, type, sizeof(type));
	if (scs_item_field_parse(type, &it->field) != 0)
		it->field = SCS_FIELD_N;
	col_text(q, 4, it->authority, sizeof(it->authority));
	col_text(q, 5, it->level, sizeof(it->level));
	col_text(q, 6, list, sizeof(list));
	split_list(list, &it->compartments[0][0], sizeof(it->compartments[0]),
	    SCS_LIST_MAX, &it->ncompartments);
	col_text(q, 7, list, sizeof(list));
	split_list(list, &it->releasable_to[0][0], sizeof(it->releasable_to[0]),
	    SCS_LIST_MAX, &it->nreleasable_to);
	col_text(q, 8, list, sizeof(list));
	split_list(list, &it->programs[0][0], sizeof(it->programs[0]),
	    SCS_LIST_MAX, &it->nprograms);
	it->valid_from = sqlite3_column_int64(q, 9);
	it->valid_until = col_time(q, 10);
	t = col_time(q, 11);
	it->declassified = t != SCS_TIME_NEVER;
	it->declassified_at = it->declassified ? t : 0;
	it->cabinet_approval = sqlite3_column_int(q, 12) != 0;
	it->exception = sqlite3_column_int(q, 13) != 0;
}

static void
rec_read(sqlite3_stmt *q, enum scs_kind kind, void *out)
{
	char status[32];
	int64_t t;

	memset(out, 0, rec_size(kind));
	switch (kind) {
	case SCS_KIND_CONFORMING: {
		struct scs_conforming *c = out;

		col_text(q, 0, c->org, sizeof(c->org));
		col_text(q, 1, c->authority, sizeof(c->authority));
		c->valid_from = sqlite3_column_int64(q, 2);
		col_text(q, 3, c->level, sizeof(c->level));
		c->valid_until = col_time(q, 4);
		return;
	}
	case SCS_KIND_CLEARANCE: {
		struct scs_clearance *c = out;

		col_text(q, 0, c->person, sizeof(c->person));
		col_text(q, 1, c->authority, sizeof(c->authority));
		c->valid_from = sqlite3_column_int64(q, 2);
		col_text(q, 3, c->level, sizeof(c->level));
		col_text(q, 4, status, sizeof(status));
		if (scs_clearance_status_parse(status, &c->status) != 0)
			c->status = SCS_CLR_N;
		c->valid_until = col_time(q, 5);
		return;
	}
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM: {
		struct scs_label *l = out;

		col_text(q, 0, l->id, sizeof(l->id));
		col_text(q, 1, l->name, sizeof(l->name));
		col_text(q, 2, l->owner, sizeof(l->owner));
		return;
	}
	case SCS_KIND_BRIEFING: {
		struct scs_briefing *b = out;

		col_text(q, 0, b->person, sizeof(b->person));
		col_text(q, 1, b->compartment, sizeof(b->compartment));
		b->valid_from = sqlite3_column_int64(q, 2);
		t = col_time(q, 3);
		b->has_nda = t != SCS_TIME_NEVER;
		b->nda_signed = b->has_nda ? t : 0;
		b->valid_until = col_time(q, 4);
		return;
	}
	case SCS_KIND_MEMBERSHIP: {
		struct scs_membership *m = out;

		col_text(q, 0, m->program, sizeof(m->program));
		col_text(q, 1, m->person, sizeof(m->person));
		m->valid_from = sqlite3_column_int64(q, 2);
		m->valid_until = col_time(q, 3);
		return;
	}
	case SCS_KIND_ITEM:
		read_item(q, out);
		return;
	case SCS_KIND_SUSPENSION: {
		struct scs_suspension *su = out;

		col_text(q, 0, su->person, sizeof(su->person));
		su->valid_from = sqlite3_column_int64(q, 1);
		su->valid_until = col_time(q, 2);
		col_text(q, 3, su->reason, sizeof(su->reason));
		return;
	}
	default:
		return;
	}
}

static int
sq_rec_put(struct scs_store *st, enum scs_kind kind, const void *rec,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	char lists[3][SCS_LIST_MAX * (SCS_ID_MAX + 1) + 1];
	sqlite3_stmt *q;
	int rc;

	if ((unsigned)kind >= SCS_KIND_N)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if ((q = rec_stmt(s, kind, mode == SCS_PUT_INSERT ? RQ_INS : RQ_UPD,
	         err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	rec_bind(q, kind, rec, 0, lists);
	rc = put_done(s, q, mode, err);
	if (rc == SCS_EINVAL)
		(void)scs_err_set(err, rc, "",
		    "refers to a record that does not exist");
	else if (rc == SCS_ECONFLICT)
		(void)scs_err_set(err, rc, "", "this %s already exists",
		    scs_kind_name(kind));
	return rc;
}

static int
sq_rec_get(struct scs_store *st, enum scs_kind kind, const void *key, void *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	char lists[3][SCS_LIST_MAX * (SCS_ID_MAX + 1) + 1];
	sqlite3_stmt *q;
	int r, rc = SCS_OK;

	if ((unsigned)kind >= SCS_KIND_N)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if ((q = rec_stmt(s, kind, RQ_GET, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	rec_bind(q, kind, key, 1, lists);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW)
		rec_read(q, kind, out);
	else if (r == SQLITE_DONE)
		rc = scs_err_set(err, SCS_ENOTFOUND, "", "no such %s",
		    scs_kind_name(kind));
	else
		rc = db_error(s, err, scs_kind_name(kind));
	done(q);
	return rc;
}

static int
sq_rec_each(struct scs_store *st, enum scs_kind kind, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q;
	struct scs_item *buf;
	int r = SQLITE_DONE, rc = SCS_OK;

	if ((unsigned)kind >= SCS_KIND_N)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if ((q = rec_stmt(s, kind, RQ_ALL, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	/* The largest record is an item: one buffer serves every kind. */
	if ((buf = malloc(sizeof(*buf))) == NULL) {
		done(q);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		rec_read(q, kind, buf);
		rc = cb(arg, kind, buf);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, scs_kind_name(kind));
	done(q);
	free(buf);
	return rc;
}

static int
sq_person_lean_each(struct scs_store *st, scs_person_cb cb, void *arg,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PERSON_LEAN, err);
	struct scs_person p;
	char nats[SCS_NAT_MAX * 4 + 1], *tok, *save = NULL;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&p, 0, sizeof(p));
		col_text(q, 0, p.id, sizeof(p.id));
		col_text(q, 1, p.org, sizeof(p.org));
		col_text(q, 2, nats, sizeof(nats));
		for (tok = strtok_r(nats, ",", &save);
		     tok != NULL && p.nnationalities < SCS_NAT_MAX;
		     tok = strtok_r(NULL, ",", &save))
			(void)scs_strlcpy(p.nationalities[p.nnationalities++],
			    tok, 4);
		rc = cb(arg, &p);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "persons");
	done(q);
	return rc;
}

static int
sq_head_last(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_HEAD_LAST, err);
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		out->size = (uint64_t)sqlite3_column_int64(q, 0);
		out->time_us = sqlite3_column_int64(q, 1);
		col_blob(q, 2, out->root, sizeof(out->root));
		col_blob(q, 3, out->sig, sizeof(out->sig));
	} else if (r == SQLITE_DONE) {
		rc = scs_err_set(err, SCS_ENOTFOUND, "", "no tree head yet");
	} else {
		rc = db_error(s, err, "tree heads");
	}
	done(q);
	return rc;
}

static const struct scs_store_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .migrate = sq_migrate,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .meta_get = sq_meta_get,
    .meta_put = sq_meta_put,
    .org_put = sq_org_put,
    .org_get = sq_org_get,
    .org_each = sq_org_each,
    .person_put = sq_person_put,
    .person_get = sq_person_get,
    .person_each = sq_person_each,
    .person_sealed_under = sq_person_sealed_under,
    .user_put = sq_user_put,
    .user_get = sq_user_get,
    .user_by_apikey = sq_user_by_apikey,
    .user_each = sq_user_each,
    .login_get = sq_login_get,
    .login_put = sq_login_put,
    .session_put = sq_session_put,
    .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .audit_append = sq_audit_append,
    .audit_each = sq_audit_each,
    .audit_find = sq_audit_find,
    .head_put = sq_head_put,
    .head_each = sq_head_each,
    .head_last = sq_head_last,
    .rec_put = sq_rec_put,
    .rec_get = sq_rec_get,
    .rec_each = sq_rec_each,
    .person_lean_each = sq_person_lean_each,
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
	s->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		rc = scs_err_set(err, SCS_EIO, "db", "%s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "cannot open");
		sq_close(&s->base);
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
		sq_close(&s->base);
		return rc;
	}
	*out = &s->base;
	return SCS_OK;
}
