/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sqlite.c - the SQLite backend of the storage interface.  WAL journal,
 * synchronous=FULL, foreign keys on, secure_delete on, a busy timeout,
 * prepared statements only (cached per connection), one transaction per
 * operation.  The SQL stays within what PostgreSQL also accepts, so pg.c
 * can share the statements; only the DDL types differ (BLOB vs BYTEA).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "scs/store.h"

#define BUSY_TIMEOUT_MS 10000
#define QCACHE_N        64 /* statements built from the kind table */

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
    /* 3: the organ that grants a conforming-business approval ('' for
     * approvals recorded before it was kept), and the index that lists
     * an organ's items. */
    "ALTER TABLE conforming ADD COLUMN organ TEXT NOT NULL DEFAULT '';"
    "CREATE INDEX items_owner ON items (owner, id);",
    /* 4: a subject's account is activated by its person with a one-time
     * code (stored hashed); one subject account per person. */
    "ALTER TABLE users ADD COLUMN activation_hash TEXT;"
    "ALTER TABLE users ADD COLUMN activation_expires BIGINT NOT NULL"
    " DEFAULT 0;"
    "CREATE UNIQUE INDEX users_subject_person ON users (person)"
    " WHERE role = 'subject';",
    /* 5: vetting (DESIGN.md sections 3, 4): screening bodies' accredited
     * authorities; cases with their history of stamps, sealed answers,
     * findings and notifications. */
    "ALTER TABLE organizations ADD COLUMN accredited_for TEXT NOT NULL"
    " DEFAULT '';"
    "CREATE TABLE cases (id TEXT PRIMARY KEY,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " authority TEXT NOT NULL, level TEXT NOT NULL,"
    " sponsor TEXT NOT NULL REFERENCES organizations (id),"
    " need TEXT NOT NULL, type TEXT NOT NULL, state TEXT NOT NULL,"
    " opened BIGINT NOT NULL, since BIGINT NOT NULL, body TEXT NOT NULL,"
    " prior TEXT NOT NULL, consent_version TEXT NOT NULL,"
    " returned TEXT NOT NULL, resume TEXT NOT NULL, decided BIGINT,"
    " decided_by TEXT NOT NULL, e_adjudicated INTEGER NOT NULL,"
    " complaint_until BIGINT, consent_s BIGINT NOT NULL,"
    " questionnaire_s BIGINT NOT NULL, initiation_s BIGINT NOT NULL,"
    " investigation_s BIGINT NOT NULL, adjudication_s BIGINT NOT NULL,"
    " decision BLOB NOT NULL, decision_key BIGINT NOT NULL,"
    " complaint BLOB NOT NULL, complaint_key BIGINT NOT NULL,"
    " note BLOB NOT NULL, note_key BIGINT NOT NULL);"
    "CREATE INDEX cases_person ON cases (person, authority);"
    "CREATE INDEX cases_sponsor ON cases (sponsor, id);"
    "CREATE INDEX cases_body ON cases (body, id);"
    "CREATE INDEX cases_state ON cases (state, id);"
    "CREATE INDEX cases_decided ON cases (decided);"
    "CREATE TABLE case_events (case_id TEXT NOT NULL REFERENCES cases (id),"
    " seq BIGINT NOT NULL, at BIGINT NOT NULL, actor TEXT NOT NULL,"
    " event TEXT NOT NULL, from_state TEXT NOT NULL, state TEXT NOT NULL,"
    " PRIMARY KEY (case_id, seq));"
    "CREATE TABLE answers (case_id TEXT NOT NULL REFERENCES cases (id),"
    " section TEXT NOT NULL, saved BIGINT NOT NULL,"
    " certified INTEGER NOT NULL, data BLOB NOT NULL,"
    " data_key BIGINT NOT NULL, PRIMARY KEY (case_id, section));"
    "CREATE TABLE findings (case_id TEXT NOT NULL REFERENCES cases (id),"
    " seq BIGINT NOT NULL, item TEXT NOT NULL, source TEXT NOT NULL,"
    " date TEXT NOT NULL, severity TEXT NOT NULL, author TEXT NOT NULL,"
    " at BIGINT NOT NULL, narrative BLOB NOT NULL,"
    " narrative_key BIGINT NOT NULL, mitigation BLOB NOT NULL,"
    " mitigation_key BIGINT NOT NULL, record BLOB NOT NULL,"
    " record_key BIGINT NOT NULL, PRIMARY KEY (case_id, seq));"
    "CREATE TABLE notifications (case_id TEXT NOT NULL"
    " REFERENCES cases (id), seq BIGINT NOT NULL, audience TEXT NOT NULL,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " org TEXT NOT NULL REFERENCES organizations (id), at BIGINT NOT NULL,"
    " what TEXT NOT NULL, PRIMARY KEY (case_id, seq));"
    "CREATE INDEX notifications_person ON notifications"
    " (person, audience, at);"
    "CREATE INDEX notifications_org ON notifications (org, audience, at);",
    /* 6: each person's data key, wrapped under the register's key
     * (DESIGN.md section 7; include/scs/crypto.h).  Deferred: a person's
     * key is stored before the person in the transaction that creates
     * both.  destroyed NULL: the key lives. */
    "CREATE TABLE person_keys (person TEXT PRIMARY KEY"
    " REFERENCES persons (id) DEFERRABLE INITIALLY DEFERRED,"
    " wrapped BLOB NOT NULL, wrapped_key BIGINT NOT NULL,"
    " created BIGINT NOT NULL, destroyed BIGINT);"
    "CREATE INDEX person_keys_key ON person_keys (wrapped_key);",
    /* 7: the open cases of a screening body counted without reading a
     * case (assignment to the least loaded body). */
    "CREATE INDEX cases_body_state ON cases (body, state);",
    /* 8: a session's last use, for the idle timeout; sessions made
     * before it count from their creation. */
    "ALTER TABLE sessions ADD COLUMN last_seen BIGINT NOT NULL DEFAULT 0;"
    "UPDATE sessions SET last_seen = created;",
};

enum q {
	Q_BEGIN,
	Q_BEGIN_READ,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_META_GET,
	Q_META_PUT,
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
	Q_SESSION_USER,
	Q_SESSION_TOUCH,
	Q_AUDIT_PUT,
	Q_AUDIT_FROM,
	Q_AUDIT_FIND,
	Q_HEAD_PUT,
	Q_HEAD_ALL,
	Q_HEAD_LAST,
	Q_PKEY_GET,
	Q_PKEY_INS,
	Q_PKEY_UPD,
	Q_PKEY_EACH,
	Q_PKEY_COUNT,
	Q_COUNT
};

#define USER_COLS                                                              \
	"id, org, role, person, disabled, pwhash, apikey_hash, created,"       \
	" activation_hash, activation_expires"
#define AUDIT_COLS                                                             \
	"seq, time_us, actor, action, kind, object, purpose, state, leaf"
#define PKEY_COLS    "person, wrapped, wrapped_key, created, destroyed"
#define SESSION_COLS "token_hash, user_id, created, expires, last_seen"

static const char *const sql[Q_COUNT] = {
    [Q_BEGIN] = "BEGIN IMMEDIATE",
    [Q_BEGIN_READ] = "BEGIN",
    [Q_COMMIT] = "COMMIT",
    [Q_ROLLBACK] = "ROLLBACK",
    [Q_META_GET] = "SELECT value FROM meta WHERE key = ?",
    [Q_META_PUT] = "INSERT INTO meta (key, value) VALUES (?, ?)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [Q_USER_INS] = "INSERT INTO users (" USER_COLS
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_USER_UPD] = "UPDATE users SET org = ?2, role = ?3, person = ?4,"
                   " disabled = ?5, pwhash = ?6, apikey_hash = ?7,"
                   " created = ?8, activation_hash = ?9,"
                   " activation_expires = ?10 WHERE id = ?1",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?",
    [Q_USER_APIKEY] = "SELECT " USER_COLS " FROM users WHERE apikey_hash = ?",
    [Q_USER_ALL] = "SELECT " USER_COLS " FROM users ORDER BY id",
    [Q_LOGIN_GET] = "SELECT failures, locked_until FROM login_failures"
                    " WHERE user_id = ?",
    [Q_LOGIN_PUT] = "INSERT INTO login_failures (user_id, failures,"
                    " locked_until) VALUES (?, ?, ?) ON CONFLICT (user_id)"
                    " DO UPDATE SET failures = excluded.failures,"
                    " locked_until = excluded.locked_until",
    [Q_SESSION_PUT] =
        "INSERT INTO sessions (" SESSION_COLS ") VALUES (?, ?, ?, ?, ?)",
    [Q_SESSION_GET] =
        "SELECT " SESSION_COLS " FROM sessions WHERE token_hash = ?",
    [Q_SESSION_DEL] = "DELETE FROM sessions WHERE token_hash = ?",
    [Q_SESSION_DEL_USER] = "DELETE FROM sessions WHERE user_id = ?",
    [Q_SESSION_USER] = "SELECT " SESSION_COLS " FROM sessions"
                       " WHERE user_id = ? ORDER BY created, token_hash",
    [Q_SESSION_TOUCH] = "UPDATE sessions SET last_seen = ?2"
                        " WHERE token_hash = ?1",
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
    [Q_PKEY_GET] = "SELECT " PKEY_COLS " FROM person_keys WHERE person = ?",
    [Q_PKEY_INS] =
        "INSERT INTO person_keys (" PKEY_COLS ") VALUES (?, ?, ?, ?, ?)",
    [Q_PKEY_UPD] = "UPDATE person_keys SET wrapped = ?2, wrapped_key = ?3,"
                   " created = ?4, destroyed = ?5 WHERE person = ?1",
    [Q_PKEY_EACH] = "SELECT " PKEY_COLS " FROM person_keys"
                    " WHERE (?1 IS NULL OR person > ?1) AND (?2 = 0 OR"
                    " (destroyed IS NULL AND wrapped_key <> ?2))"
                    " ORDER BY person LIMIT ?3",
    [Q_PKEY_COUNT] = "SELECT count(*) FROM person_keys"
                     " WHERE wrapped_key = ?1 AND destroyed IS NULL",
};

struct sqlite_store {
	struct scs_store base; /* first: the wrappers cast to it */
	sqlite3 *db;
	sqlite3_stmt *stmts[Q_COUNT];
	struct qcache {
		char *sql;
		sqlite3_stmt *st;
	} qcache[QCACHE_N];
	size_t qnext;
	/* Each kind's insert, update and get, built once (the hot paths of
	 * import and writes skip the text cache). */
	sqlite3_stmt *kstmt[SCS_KIND_N][3];
	int in_tx;
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
	size_t i;

	for (i = 0; i < Q_COUNT; i++)
		(void)sqlite3_finalize(s->stmts[i]);
	for (i = 0; i < QCACHE_N; i++) {
		(void)sqlite3_finalize(s->qcache[i].st);
		free(s->qcache[i].sql);
	}
	for (i = 0; i < SCS_KIND_N; i++) {
		(void)sqlite3_finalize(s->kstmt[i][0]);
		(void)sqlite3_finalize(s->kstmt[i][1]);
		(void)sqlite3_finalize(s->kstmt[i][2]);
	}
	(void)sqlite3_close(s->db);
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
	col_text(q, 8, u->activation_hash, sizeof(u->activation_hash));
	u->activation_expires = sqlite3_column_int64(q, 9);
}

static int sq_user_get(struct scs_store *st, const char *id,
    struct scs_user *out, struct scs_err *err);

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
	(void)bind_text(q, 9,
	    u->activation_hash[0] ? u->activation_hash : NULL);
	(void)sqlite3_bind_int64(q, 10, u->activation_expires);
	rc = put_done(s, q, mode, err);
	if (rc == SCS_ECONFLICT && u->role == SCS_ROLE_SUBJECT) {
		struct scs_user other;

		/* Not the id (an update keeps it; an insert whose id is
		 * free): the one subject account of a person. */
		if (mode == SCS_PUT_UPDATE ||
		    sq_user_get(st, u->id, &other, NULL) == SCS_ENOTFOUND)
			(void)scs_err_set(err, rc, "person",
			    "already has a subject account");
	}
	if (rc == SCS_EINVAL) {
		struct scs_org o;
		int org_missing =
		    scs_store_org_get(st, u->org, &o, NULL) != SCS_OK;

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
	(void)sqlite3_bind_int64(q, 5, se->last_seen);
	return exec_stmt(s, q, err, "session");
}

static void
read_session(sqlite3_stmt *q, struct scs_session *out)
{
	col_text(q, 0, out->token_hash, sizeof(out->token_hash));
	col_text(q, 1, out->user, sizeof(out->user));
	out->created = sqlite3_column_int64(q, 2);
	out->expires = sqlite3_column_int64(q, 3);
	out->last_seen = sqlite3_column_int64(q, 4);
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
		read_session(q, out);
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

static int
sq_session_each(struct scs_store *st, const char *user, scs_session_cb cb,
    void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_SESSION_USER, err);
	struct scs_session se;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, user);
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		read_session(q, &se);
		rc = cb(arg, &se);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "session");
	done(q);
	return rc;
}

static int
sq_session_touch(struct scs_store *st, const char *token_hash,
    int64_t last_seen, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_SESSION_TOUCH, err);

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, token_hash);
	(void)sqlite3_bind_int64(q, 2, last_seen);
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

/* Every row of the audit query @q, bound, to @cb; resets @q. */
static int
walk_audit(struct sqlite_store *s, sqlite3_stmt *q, scs_audit_cb cb, void *arg,
    struct scs_err *err)
{
	struct scs_audit_entry e;
	int r = SQLITE_DONE, rc = SCS_OK;

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
sq_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_AUDIT_FROM, err);

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
	return walk_audit(s, q, cb, arg, err);
}

static int
sq_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_AUDIT_FIND, err);

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
	return walk_audit(s, q, cb, arg, err);
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

/* ---- records of any kind: SQL from the kind table ---- */

/*
 * Each kind is one table whose columns are its fields (record.h), named
 * as in JSON; a sealed field F is two columns, F (the sealed bytes) and
 * F_key (the key id they name, for rotation).  Times are BIGINT unix
 * seconds, NULL for a period that never ends or an unset optional time;
 * lists are comma-joined text; codes are their names.  Statements are
 * built from the table and kept in a small cache keyed by their text.
 */

#define LIST_TEXT_MAX (SCS_LIST_MAX * (SCS_ID_MAX + 1) + 1)

/* SQL text under construction: the first failure sticks. */
struct sqlb {
	struct scs_buf b;
	int rc;
};

static void sqlf(struct sqlb *q, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sqlf(struct sqlb *q, const char *fmt, ...)
{
	char part[256];
	va_list ap;
	int n;

	if (q->rc != SCS_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(part, sizeof(part), fmt, ap);
	va_end(ap);
	q->rc = n < 0 || (size_t)n >= sizeof(part) ? SCS_ETOOBIG
	                                           : scs_buf_adds(&q->b, part);
}

/* A prepared statement for @q's text (NULL and @err set on failure);
 * frees the text. */
static sqlite3_stmt *cached(struct sqlite_store *s, const char *text,
    struct scs_err *err);

static sqlite3_stmt *
finish(struct sqlite_store *s, struct sqlb *q, struct scs_err *err)
{
	sqlite3_stmt *st = NULL;

	if (q->rc != SCS_OK && (err == NULL || err->rc == SCS_OK))
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	else if (q->rc == SCS_OK)
		st = cached(s, (const char *)q->b.p, err);
	scs_buf_free(&q->b);
	return st;
}

static void
sqlb_init(struct sqlb *q)
{
	scs_buf_init(&q->b, 4096);
	q->rc = SCS_OK;
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
	if (sqlite3_prepare_v3(s->db, text, -1, SQLITE_PREPARE_PERSISTENT,
	        &e->st, NULL) != SQLITE_OK) {
		(void)db_error(s, err, "prepare");
		free(e->sql);
		e->sql = NULL;
		e->st = NULL;
	}
	return e->st;
}

static int
is_key(const struct scs_kind_def *d, const struct scs_field *f)
{
	size_t i;

	for (i = 0; i < d->nkey; i++)
		if (strcmp(d->key[i], f->name) == 0)
			return 1;
	return 0;
}

/* The fields of @d a query @qy (NULL: every field) reads, bit k for
 * field k: no sealed one when lean, only those named when it names
 * fields.  The kind table keeps a kind within 64 fields (a test checks). */
static uint64_t
wanted(const struct scs_kind_def *d, const struct scs_rec_query *qy)
{
	const char *const *f;
	uint64_t m = 0;
	size_t k;

	for (k = 0; k < d->nfields && k < 64; k++) {
		if (qy != NULL && qy->lean &&
		    d->fields[k].type == SCS_FT_SEALED)
			continue;
		if (qy == NULL || qy->fields == NULL) {
			m |= UINT64_C(1) << k;
			continue;
		}
		for (f = qy->fields; *f != NULL; f++)
			if (strcmp(*f, d->fields[k].name) == 0)
				m |= UINT64_C(1) << k;
	}
	return m;
}

/* The column list of a SELECT of the fields in @cols. */
static void
add_cols(struct sqlb *q, const struct scs_kind_def *d, uint64_t cols)
{
	size_t i, n = 0;

	for (i = 0; i < d->nfields; i++)
		if (cols >> i & 1)
			sqlf(q, "%s%s", n++ ? ", " : "", d->fields[i].name);
}

/* "a = ? AND b = ?" over the key, or "(a, b) > (?, ?)" for a cursor. */
static void
add_key(struct sqlb *q, const struct scs_kind_def *d, bool after)
{
	size_t i;

	if (!after) {
		for (i = 0; i < d->nkey; i++)
			sqlf(q, "%s%s = ?", i ? " AND " : "", d->key[i]);
		return;
	}
	sqlf(q, "(");
	for (i = 0; i < d->nkey; i++)
		sqlf(q, "%s%s", i ? ", " : "", d->key[i]);
	sqlf(q, ") > (");
	for (i = 0; i < d->nkey; i++)
		sqlf(q, "%s?", i ? ", " : "");
	sqlf(q, ")");
}

static void
insert_sql(struct sqlb *q, const struct scs_kind_def *d)
{
	size_t i, n = 0;

	sqlf(q, "INSERT INTO %s (", d->table);
	for (i = 0; i < d->nfields; i++) {
		sqlf(q, "%s%s", i ? ", " : "", d->fields[i].name);
		n++;
		if (d->fields[i].type == SCS_FT_SEALED) {
			sqlf(q, ", %s_key", d->fields[i].name);
			n++;
		}
	}
	sqlf(q, ") VALUES (?");
	for (i = 1; i < n; i++)
		sqlf(q, ", ?");
	sqlf(q, ")");
}

static void
update_sql(struct sqlb *q, const struct scs_kind_def *d)
{
	size_t i, n = 0;

	sqlf(q, "UPDATE %s SET ", d->table);
	for (i = 0; i < d->nfields; i++) {
		if (is_key(d, &d->fields[i]))
			continue;
		sqlf(q, "%s%s = ?", n++ ? ", " : "", d->fields[i].name);
		if (d->fields[i].type == SCS_FT_SEALED)
			sqlf(q, ", %s_key = ?", d->fields[i].name);
	}
	sqlf(q, " WHERE ");
	add_key(q, d, false);
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

/* The FIELD_key column: the register key a format-1 value names, 0 for
 * none and for a format-2 value (under its person's key: include/scs/
 * crypto.h), so that rotation's query finds the values it must convert
 * and no others. */
static uint32_t
sealed_key(const struct scs_blob *b)
{
	if (b->p == NULL || b->len < 5 || b->p[0] != 1)
		return 0;
	return (uint32_t)b->p[1] << 24 | (uint32_t)b->p[2] << 16 |
	    (uint32_t)b->p[3] << 8 | b->p[4];
}

/* Comma-joined list of fixed slots, as SQLite's own copy. */
static int
bind_list(sqlite3_stmt *q, int i, const struct scs_field *f, const void *body)
{
	const char *slots = SCS_FIELD_CPTR(body, f);
	size_t k, n = *(const size_t *)((const char *)body + f->aux);
	char buf[LIST_TEXT_MAX];
	size_t at = 0;

	buf[0] = '\0';
	for (k = 0; k < n; k++) {
		int w = snprintf(buf + at, sizeof(buf) - at, "%s%s",
		    k ? "," : "", slots + k * f->size);

		if (w < 0 || (size_t)w >= sizeof(buf) - at)
			break;
		at += (size_t)w;
	}
	return sqlite3_bind_text(q, i, buf, -1, SQLITE_TRANSIENT);
}

/* Bind field @f of @body at parameter *@i onwards. */
static void
bind_field(sqlite3_stmt *q, int *i, const struct scs_field *f, const void *body)
{
	const void *p = SCS_FIELD_CPTR(body, f);
	const struct scs_blob *blob = p;
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		(void)bind_text(q, (*i)++, p);
		return;
	case SCS_FT_CODE:
		c = *(const int *)p;
		(void)bind_text(q, (*i)++,
		    c >= 0 && c < f->ncodes ? f->codes[c] : "");
		return;
	case SCS_FT_TIME:
		(void)sqlite3_bind_int64(q, (*i)++, *(const int64_t *)p);
		return;
	case SCS_FT_UNTIL:
		bind_time(q, (*i)++, *(const int64_t *)p);
		return;
	case SCS_FT_TIME_OPT:
		bind_time(q, (*i)++,
		    *(const bool *)((const char *)body + f->aux)
		        ? *(const int64_t *)p
		        : SCS_TIME_NEVER);
		return;
	case SCS_FT_LIST:
		(void)bind_list(q, (*i)++, f, body);
		return;
	case SCS_FT_FLAG:
		(void)sqlite3_bind_int(q, (*i)++, *(const bool *)p);
		return;
	case SCS_FT_SEALED:
		(void)sqlite3_bind_blob(q, (*i)++,
		    blob->p != NULL ? (const void *)blob->p : (const void *)"",
		    (int)blob->len, SQLITE_STATIC);
		(void)sqlite3_bind_int64(q, (*i)++, sealed_key(blob));
		return;
	case SCS_FT_INT:
		(void)sqlite3_bind_int64(q, (*i)++, *(const int64_t *)p);
		return;
	}
}

static void
bind_keys(sqlite3_stmt *q, int *i, const struct scs_kind_def *d,
    const void *body)
{
	size_t k;

	for (k = 0; k < d->nkey; k++)
		bind_field(q, i, scs_kind_field(d, d->key[k]), body);
}

static void
split_list(const char *text, const struct scs_field *f, void *body)
{
	char *slots = SCS_FIELD_PTR(body, f);
	size_t *n = (size_t *)((char *)body + f->aux);
	const char *p = text, *e;
	size_t len;

	*n = 0;
	while (p != NULL && *p != '\0' && *n < f->max) {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		if (len >= f->size)
			len = f->size - 1;
		memcpy(slots + *n * f->size, p, len);
		slots[*n * f->size + len] = '\0';
		(*n)++;
		p = e != NULL ? e + 1 : NULL;
	}
}

/* Column *@i onwards into field @f of @body. */
static int
read_field(sqlite3_stmt *q, int *i, const struct scs_field *f, void *body)
{
	void *p = SCS_FIELD_PTR(body, f);
	const unsigned char *t;
	int64_t v;
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		col_text(q, (*i)++, p, f->size);
		return SCS_OK;
	case SCS_FT_CODE:
		t = sqlite3_column_text(q, (*i)++);
		*(int *)p = f->ncodes;
		for (c = 0; t != NULL && c < f->ncodes; c++)
			if (strcmp(f->codes[c], (const char *)t) == 0)
				*(int *)p = c;
		return SCS_OK;
	case SCS_FT_TIME:
		*(int64_t *)p = sqlite3_column_int64(q, (*i)++);
		return SCS_OK;
	case SCS_FT_UNTIL:
		*(int64_t *)p = col_time(q, (*i)++);
		return SCS_OK;
	case SCS_FT_TIME_OPT:
		v = col_time(q, (*i)++);
		*(bool *)((char *)body + f->aux) = v != SCS_TIME_NEVER;
		*(int64_t *)p = v != SCS_TIME_NEVER ? v : 0;
		return SCS_OK;
	case SCS_FT_LIST:
		t = sqlite3_column_text(q, (*i)++);
		split_list(t != NULL ? (const char *)t : "", f, body);
		return SCS_OK;
	case SCS_FT_FLAG:
		*(bool *)p = sqlite3_column_int(q, (*i)++) != 0;
		return SCS_OK;
	case SCS_FT_SEALED:
		c = (*i)++;
		return scs_blob_set(p, sqlite3_column_blob(q, c),
		    (size_t)sqlite3_column_bytes(q, c));
	case SCS_FT_INT:
		*(int64_t *)p = sqlite3_column_int64(q, (*i)++);
		return SCS_OK;
	}
	return SCS_EINTERNAL;
}

/* The row of @q, a SELECT of the fields in @cols, into @r (a record of
 * @d's kind).  Every field in @cols is overwritten; @r is cleared first
 * when @clear (a record read before holds sealed values, or fields that
 * this row does not set). */
static int
read_rec(sqlite3_stmt *q, const struct scs_kind_def *d, uint64_t cols,
    bool clear, struct scs_record *r)
{
	size_t k;
	int i = 0, rc = SCS_OK;

	if (clear)
		scs_record_clear(r);
	for (k = 0; rc == SCS_OK && k < d->nfields; k++)
		if (cols >> k & 1)
			rc = read_field(q, &i, &d->fields[k], &r->u);
	return rc;
}

/* The one reference field of @d, for naming a missing record. */
static const struct scs_field *
sole_ref(const struct scs_kind_def *d)
{
	const struct scs_field *ref = NULL;
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].ref != NULL) {
			if (ref != NULL)
				return NULL;
			ref = &d->fields[i];
		}
	return ref;
}

enum kst { KST_INSERT, KST_UPDATE, KST_GET };

/* The statement @which of kind @d, prepared on first use and kept. */
static sqlite3_stmt *
kind_stmt(struct sqlite_store *s, const struct scs_kind_def *d, enum kst which,
    struct scs_err *err)
{
	sqlite3_stmt **slot = &s->kstmt[d->kind][which];
	struct sqlb sb;

	if (*slot != NULL)
		return *slot;
	sqlb_init(&sb);
	if (which == KST_INSERT) {
		insert_sql(&sb, d);
	} else if (which == KST_UPDATE) {
		update_sql(&sb, d);
	} else {
		sqlf(&sb, "SELECT ");
		add_cols(&sb, d, wanted(d, NULL));
		sqlf(&sb, " FROM %s WHERE ", d->table);
		add_key(&sb, d, false);
	}
	if (sb.rc != SCS_OK)
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	else if (sqlite3_prepare_v3(s->db, (const char *)sb.b.p, -1,
	             SQLITE_PREPARE_PERSISTENT, slot, NULL) != SQLITE_OK) {
		(void)db_error(s, err, "prepare");
		*slot = NULL;
	}
	scs_buf_free(&sb.b);
	return *slot;
}

static int
sq_rec_put(struct scs_store *st, const struct scs_record *r,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *ref;
	sqlite3_stmt *q;
	size_t k;
	int i = 1, rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if ((q = kind_stmt(s, d,
	         mode == SCS_PUT_INSERT ? KST_INSERT : KST_UPDATE, err)) ==
	    NULL)
		return err != NULL ? (int)err->rc : SCS_ENOMEM;
	for (k = 0; k < d->nfields; k++)
		if (mode == SCS_PUT_INSERT || !is_key(d, &d->fields[k]))
			bind_field(q, &i, &d->fields[k], &r->u);
	if (mode == SCS_PUT_UPDATE)
		bind_keys(q, &i, d, &r->u);
	rc = put_done(s, q, mode, err);
	if (rc == SCS_EINVAL && (ref = sole_ref(d)) != NULL)
		(void)scs_err_set(err, rc, ref->name, "no %s \"%s\"", ref->ref,
		    (const char *)SCS_FIELD_CPTR(&r->u, ref));
	else if (rc == SCS_EINVAL)
		(void)scs_err_set(err, rc, "",
		    "refers to a record that does not exist");
	else if (rc == SCS_ECONFLICT)
		(void)scs_err_set(err, rc, d->nkey == 1 ? d->key[0] : "",
		    "this %s already exists", d->name);
	return rc;
}

static int
sq_rec_get(struct scs_store *st, const struct scs_record *key,
    struct scs_record *out, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	const struct scs_kind_def *d = scs_kind_def(key->kind);
	char object[3 * SCS_ID_MAX];
	sqlite3_stmt *q;
	int i = 1, r, rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if ((q = kind_stmt(s, d, KST_GET, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_ENOMEM;
	bind_keys(q, &i, d, &key->u);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		out->kind = key->kind;
		rc = read_rec(q, d, wanted(d, NULL), true, out);
		if (rc != SCS_OK)
			rc = scs_err_set(err, rc, "", "out of memory");
	} else if (r == SQLITE_DONE) {
		scs_record_object(key, object, sizeof(object));
		rc = scs_err_set(err, SCS_ENOTFOUND, d->ref_as, "no %s \"%s\"",
		    d->name, object);
	} else {
		rc = db_error(s, err, d->name);
	}
	done(q);
	return rc;
}

/* The conditions on fields' values: equality, then a time range. */
static int
where_values(struct sqlb *q, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, const char **and, struct scs_err *err)
{
	const struct scs_field *f;
	size_t i;

	for (i = 0; i < SCS_QUERY_EQ_MAX; i++) {
		if (qy->eq[i].field == NULL)
			continue;
		f = scs_kind_field(d, qy->eq[i].field);
		if (f == NULL ||
		    (f->type != SCS_FT_TEXT && f->type != SCS_FT_TEXT_OPT &&
		        f->type != SCS_FT_CODE))
			return scs_err_set(err, SCS_EINTERNAL, "query",
			    "%s has no text field %s", d->name,
			    qy->eq[i].field);
		sqlf(q, "%s%s = ?", *and, f->name);
		*and = " AND ";
	}
	if (qy->in_field != NULL) {
		f = scs_kind_field(d, qy->in_field);
		if (f == NULL ||
		    (f->type != SCS_FT_TEXT && f->type != SCS_FT_CODE) ||
		    qy->in_values == NULL || qy->in_values[0] == NULL)
			return scs_err_set(err, SCS_EINTERNAL, "query",
			    "%s has no text field %s, or no values", d->name,
			    qy->in_field);
		sqlf(q, "%s%s IN (", *and, f->name);
		for (i = 0; qy->in_values[i] != NULL; i++)
			sqlf(q, "%s?", i ? ", " : "");
		sqlf(q, ")");
		*and = " AND ";
	}
	if (qy->time_field == NULL)
		return SCS_OK;
	f = scs_kind_field(d, qy->time_field);
	if (f == NULL ||
	    (f->type != SCS_FT_TIME && f->type != SCS_FT_UNTIL &&
	        f->type != SCS_FT_TIME_OPT))
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "%s has no time field %s", d->name, qy->time_field);
	if (qy->time_from != SCS_TIME_NEVER) {
		sqlf(q, "%s%s >= ?", *and, f->name);
		*and = " AND ";
	}
	if (qy->time_to != SCS_TIME_NEVER) {
		sqlf(q, "%s%s < ?", *and, f->name);
		*and = " AND ";
	}
	return SCS_OK;
}

/* The WHERE clause of @qy over @d; its parameters are bound by
 * bind_query in the same order.  SCS_EINTERNAL for a field the kind
 * does not have: field names come from code, never from a request. */
static int
query_sql(struct sqlb *q, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, struct scs_err *err)
{
	const char *and = " WHERE ";
	size_t i, n = 0;
	int rc;

	if ((rc = where_values(q, d, qy, &and, err)) != SCS_OK)
		return rc;
	if (qy->has_at) {
		if (scs_kind_field(d, "valid_from") == NULL ||
		    scs_kind_field(d, "valid_until") == NULL)
			return scs_err_set(err, SCS_EINTERNAL, "query",
			    "%s has no period", d->name);
		sqlf(q,
		    "%svalid_from <= ? AND (valid_until IS NULL OR"
		    " valid_until > ?)",
		    and);
		and = " AND ";
	}
	if (qy->sealed_not_under) {
		sqlf(q, "%s(", and);
		for (i = 0; i < d->nfields; i++)
			if (d->fields[i].type == SCS_FT_SEALED)
				sqlf(q, "%s(%s_key <> ? AND %s_key <> 0)",
				    n++ ? " OR " : "", d->fields[i].name,
				    d->fields[i].name);
		if (n == 0)
			return scs_err_set(err, SCS_EINTERNAL, "query",
			    "%s has no sealed field", d->name);
		sqlf(q, ")");
		and = " AND ";
	}
	if (qy->after != NULL) {
		sqlf(q, "%s", and);
		add_key(q, d, true);
		and = " AND ";
	}
	/* A shard: a range of rowids, bound last (sq_rec_query). */
	if (qy->nshards > 1)
		sqlf(q, "%srowid >= ? AND rowid < ?", and);
	return SCS_OK;
}

static void
bind_query(sqlite3_stmt *q, int *i, const struct scs_kind_def *d,
    const struct scs_rec_query *qy)
{
	size_t k;

	for (k = 0; k < SCS_QUERY_EQ_MAX; k++)
		if (qy->eq[k].field != NULL)
			(void)bind_text(q, (*i)++, qy->eq[k].value);
	for (k = 0; qy->in_field != NULL && qy->in_values[k] != NULL; k++)
		(void)bind_text(q, (*i)++, qy->in_values[k]);
	if (qy->time_field != NULL && qy->time_from != SCS_TIME_NEVER)
		(void)sqlite3_bind_int64(q, (*i)++, qy->time_from);
	if (qy->time_field != NULL && qy->time_to != SCS_TIME_NEVER)
		(void)sqlite3_bind_int64(q, (*i)++, qy->time_to);
	if (qy->has_at) {
		(void)sqlite3_bind_int64(q, (*i)++, qy->at);
		(void)sqlite3_bind_int64(q, (*i)++, qy->at);
	}
	for (k = 0; qy->sealed_not_under && k < d->nfields; k++)
		if (d->fields[k].type == SCS_FT_SEALED)
			(void)sqlite3_bind_int64(q, (*i)++, qy->key);
	if (qy->after != NULL)
		bind_keys(q, i, d, &qy->after->u);
}

/*
 * The rowids [bounds[0], bounds[1]) of shard qy->shard of qy->nshards of
 * @d's table: equal slices of the span from its first rowid to its last,
 * the same on every connection that reads the same state.
 */
static int
shard_bounds(struct sqlite_store *s, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, sqlite3_int64 bounds[2],
    struct scs_err *err)
{
	struct sqlb sb;
	sqlite3_stmt *q;
	sqlite3_int64 lo = 0, hi = -1;
	unsigned __int128 span;
	int rc = SCS_OK;

	sqlb_init(&sb);
	sqlf(&sb, "SELECT min(rowid), max(rowid) FROM %s", d->table);
	if ((q = finish(s, &sb, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_ENOMEM;
	if (sqlite3_step(q) == SQLITE_ROW) {
		if (sqlite3_column_type(q, 0) != SQLITE_NULL) {
			lo = sqlite3_column_int64(q, 0);
			hi = sqlite3_column_int64(q, 1);
		}
	} else {
		rc = db_error(s, err, d->plural);
	}
	done(q);
	span = (unsigned __int128)((__int128)hi - lo + 1);
	bounds[0] = lo + (sqlite3_int64)(span * qy->shard / qy->nshards);
	bounds[1] = qy->shard + 1 == qy->nshards
	    ? INT64_MAX
	    : lo + (sqlite3_int64)(span * (qy->shard + 1) / qy->nshards);
	if (qy->shard == 0)
		bounds[0] = INT64_MIN;
	return rc;
}

static int
sq_rec_query(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	static const struct scs_rec_query all;
	struct sqlite_store *s = S(st);
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct scs_record *r;
	struct sqlb sb;
	sqlite3_stmt *q;
	uint64_t cols, sealed = 0;
	sqlite3_int64 bounds[2] = {0, 0};
	size_t k;
	int i = 1, row = SQLITE_DONE, rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if (qy == NULL)
		qy = &all;
	sqlb_init(&sb);
	sqlf(&sb, "SELECT ");
	cols = wanted(d, qy);
	for (k = 0; k < d->nfields && k < 64; k++)
		if (d->fields[k].type == SCS_FT_SEALED)
			sealed |= cols & UINT64_C(1) << k;
	add_cols(&sb, d, cols);
	sqlf(&sb, " FROM %s", d->table);
	if ((rc = query_sql(&sb, d, qy, err)) != SCS_OK) {
		scs_buf_free(&sb.b);
		return rc;
	}
	for (k = 0; !qy->unordered && k < d->nkey; k++)
		sqlf(&sb, "%s%s", k ? ", " : " ORDER BY ", d->key[k]);
	if (qy->limit > 0)
		sqlf(&sb, " LIMIT ?");
	if (qy->nshards > 1 &&
	    (qy->shard >= qy->nshards || !qy->unordered || qy->after != NULL ||
	        qy->limit > 0)) {
		scs_buf_free(&sb.b);
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "a shard is one of nshards of an unordered, unpaged query");
	}
	if (qy->nshards > 1 &&
	    (rc = shard_bounds(s, d, qy, bounds, err)) != SCS_OK) {
		scs_buf_free(&sb.b);
		return rc;
	}
	if ((q = finish(s, &sb, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_ENOMEM;
	bind_query(q, &i, d, qy);
	if (qy->nshards > 1) {
		(void)sqlite3_bind_int64(q, i++, bounds[0]);
		(void)sqlite3_bind_int64(q, i++, bounds[1]);
	}
	if (qy->limit > 0)
		(void)sqlite3_bind_int64(q, i, (sqlite3_int64)qy->limit);
	/* One buffer, reused row after row (an item is a few KiB). */
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		done(q);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	r->kind = kind;
	while (rc == SCS_OK && (row = sqlite3_step(q)) == SQLITE_ROW) {
		if ((rc = read_rec(q, d, cols, sealed != 0, r)) != SCS_OK)
			rc = scs_err_set(err, rc, "", "out of memory");
		else
			rc = cb(arg, r);
	}
	if (rc == SCS_OK && row != SQLITE_DONE)
		rc = db_error(s, err, d->plural);
	done(q);
	scs_record_clear(r);
	free(r);
	return rc;
}

static int
sq_rec_count(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, uint64_t *out, struct scs_err *err)
{
	static const struct scs_rec_query all;
	struct sqlite_store *s = S(st);
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct sqlb sb;
	sqlite3_stmt *q;
	int i = 1, rc;

	*out = 0;
	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if (qy == NULL)
		qy = &all;
	if (qy->nshards > 1)
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "a count is of every shard");
	sqlb_init(&sb);
	sqlf(&sb, "SELECT count(*) FROM %s", d->table);
	if ((rc = query_sql(&sb, d, qy, err)) != SCS_OK) {
		scs_buf_free(&sb.b);
		return rc;
	}
	if ((q = finish(s, &sb, err)) == NULL)
		return err != NULL ? (int)err->rc : SCS_ENOMEM;
	bind_query(q, &i, d, qy);
	if (sqlite3_step(q) == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(q, 0);
	else
		rc = db_error(s, err, d->plural);
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

/* ---- person keys ---- */

static int
read_pkey(sqlite3_stmt *q, struct scs_person_key *k)
{
	memset(k, 0, sizeof(*k));
	col_text(q, 0, k->person, sizeof(k->person));
	if (scs_blob_set(&k->wrapped, sqlite3_column_blob(q, 1),
	        (size_t)sqlite3_column_bytes(q, 1)) != SCS_OK)
		return SCS_ENOMEM;
	k->wrapped_key = (uint32_t)sqlite3_column_int64(q, 2);
	k->created = sqlite3_column_int64(q, 3);
	k->destroyed = sqlite3_column_type(q, 4) == SQLITE_NULL
	    ? 0
	    : sqlite3_column_int64(q, 4);
	return SCS_OK;
}

static int
sq_pkey_get(struct scs_store *st, const char *person,
    struct scs_person_key *out, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PKEY_GET, err);
	int r, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, person);
	r = sqlite3_step(q);
	if (r == SQLITE_ROW) {
		if (read_pkey(q, out) != SCS_OK)
			rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	} else if (r == SQLITE_DONE) {
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "%s has no data key", person);
	} else {
		rc = db_error(s, err, "person keys");
	}
	done(q);
	return rc;
}

static int
sq_pkey_put(struct scs_store *st, const struct scs_person_key *k,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q =
	    stmt(s, mode == SCS_PUT_INSERT ? Q_PKEY_INS : Q_PKEY_UPD, err);
	int rc;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, k->person);
	/* An empty blob, not NULL: the column is NOT NULL. */
	(void)sqlite3_bind_blob(q, 2,
	    k->wrapped.p != NULL ? (const void *)k->wrapped.p : "",
	    (int)k->wrapped.len, SQLITE_STATIC);
	(void)sqlite3_bind_int64(q, 3, k->wrapped_key);
	(void)sqlite3_bind_int64(q, 4, k->created);
	if (k->destroyed != 0)
		(void)sqlite3_bind_int64(q, 5, k->destroyed);
	else
		(void)sqlite3_bind_null(q, 5);
	rc = put_done(s, q, mode, err);
	if (rc == SCS_ECONFLICT)
		(void)scs_err_set(err, rc, "person", "%s has a data key",
		    k->person);
	else if (rc == SCS_ENOTFOUND)
		(void)scs_err_set(err, rc, "person", "%s has no data key",
		    k->person);
	return rc;
}

static int
sq_pkey_each(struct scs_store *st, const char *after, size_t limit,
    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PKEY_EACH, err);
	struct scs_person_key k;
	int r = SQLITE_DONE, rc = SCS_OK;

	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)bind_text(q, 1, after);
	(void)sqlite3_bind_int64(q, 2, not_under);
	(void)sqlite3_bind_int64(q, 3,
	    limit > 0 && limit <= (size_t)INT64_MAX ? (sqlite3_int64)limit
	                                            : -1);
	while (rc == SCS_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
		if (read_pkey(q, &k) != SCS_OK) {
			rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
			break;
		}
		rc = cb(arg, &k);
		scs_blob_free(&k.wrapped);
	}
	if (rc == SCS_OK && r != SQLITE_DONE)
		rc = db_error(s, err, "person keys");
	done(q);
	return rc;
}

/* Counted on the index person_keys_key. */
static int
sq_pkey_count(struct scs_store *st, uint32_t under, uint64_t *out,
    struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	sqlite3_stmt *q = stmt(s, Q_PKEY_COUNT, err);
	int rc = SCS_OK;

	*out = 0;
	if (q == NULL)
		return err != NULL ? (int)err->rc : SCS_EIO;
	(void)sqlite3_bind_int64(q, 1, under);
	if (sqlite3_step(q) == SQLITE_ROW)
		*out = (uint64_t)sqlite3_column_int64(q, 0);
	else
		rc = db_error(s, err, "person keys");
	done(q);
	return rc;
}

/* TRUNCATE: copy the whole log in (waiting on the busy handler for
 * writers and readers in other connections), then cut the file to zero
 * bytes, so no frame of an earlier transaction is left in it. */
static int
sq_checkpoint(struct scs_store *st, struct scs_err *err)
{
	struct sqlite_store *s = S(st);
	int nlog = 0, ncopied = 0, r;

	if (s->in_tx)
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
    .meta_get = sq_meta_get,
    .meta_put = sq_meta_put,
    .user_put = sq_user_put,
    .user_get = sq_user_get,
    .user_by_apikey = sq_user_by_apikey,
    .user_each = sq_user_each,
    .login_get = sq_login_get,
    .login_put = sq_login_put,
    .session_put = sq_session_put,
    .session_get = sq_session_get,
    .session_delete = sq_session_delete,
    .session_each = sq_session_each,
    .session_touch = sq_session_touch,
    .audit_append = sq_audit_append,
    .audit_each = sq_audit_each,
    .audit_find = sq_audit_find,
    .head_put = sq_head_put,
    .head_each = sq_head_each,
    .head_last = sq_head_last,
    .rec_put = sq_rec_put,
    .rec_get = sq_rec_get,
    .rec_query = sq_rec_query,
    .rec_count = sq_rec_count,
    .pkey_get = sq_pkey_get,
    .pkey_put = sq_pkey_put,
    .pkey_each = sq_pkey_each,
    .pkey_count = sq_pkey_count,
    .checkpoint = sq_checkpoint,
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
	if ((s->path = strdup(path)) == NULL) {
		free(s);
		return scs_err_set(err, SCS_ENOMEM, "db", "out of memory");
	}
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
