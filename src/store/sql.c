/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sql.c - the store operations of both SQL backends, written once over
 * the driver of sql_int.h: the one migration list, every statement, and
 * the mapping of records to parameters and of rows back to records.  No
 * engine's API here: sqlite.c and pg.c run the statements.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql_int.h"

/* The migrations, in order; version i+1 is sql_migrations[i].  Never edit
 * an applied one: add a new one.  Written for SQLite; pg.c rewrites the
 * few DDL words PostgreSQL spells otherwise (BLOB, INTEGER PRIMARY KEY). */
const char *const sql_migrations[] = {
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
    /* 9: the row every write transaction locks first, so that writers
     * on any connection or node commit one after another in the order of
     * the audit log (PostgreSQL: SELECT ... FOR UPDATE; SQLite's BEGIN
     * IMMEDIATE already serializes writers). */
    "CREATE TABLE audit_head (id INTEGER PRIMARY KEY, writes BIGINT NOT NULL);"
    "INSERT INTO audit_head (id, writes) VALUES (1, 0);",
    /* 10: blocks of recorded decisions (include/scs/dblock.h), each
     * beside the audit entry that holds its hash, written in its
     * transaction. */
    "CREATE TABLE decision_blocks (seq INTEGER PRIMARY KEY"
    " REFERENCES audit_log (seq), first_at BIGINT NOT NULL,"
    " last_at BIGINT NOT NULL, count BIGINT NOT NULL, body BLOB NOT NULL);",
    /* 11: a service account's client certificate for mutual TLS (hex
     * SHA-256 of its DER; NULL: none), one account per certificate. */
    "ALTER TABLE users ADD COLUMN cert_fp TEXT;"
    "CREATE UNIQUE INDEX users_cert ON users (cert_fp);",
    /* 12: a person's identity for matching (continuous vetting): the
     * katakana reading, the passport's name, former names (one per
     * line); '' when not given. */
    "ALTER TABLE persons ADD COLUMN name_kana TEXT NOT NULL DEFAULT '';"
    "ALTER TABLE persons ADD COLUMN name_passport TEXT NOT NULL"
    " DEFAULT '';"
    "ALTER TABLE persons ADD COLUMN aliases TEXT NOT NULL DEFAULT '';",
    /* 13: continuous-vetting alerts (include/scs/alert.h); a screening
     * body's queue by state, a person's alerts. */
    "CREATE TABLE alerts (id TEXT PRIMARY KEY,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " origin TEXT NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,"
    " date TEXT NOT NULL, record TEXT NOT NULL, body TEXT NOT NULL,"
    " match TEXT NOT NULL, weights TEXT NOT NULL, raised BIGINT NOT NULL,"
    " state TEXT NOT NULL, triaged BIGINT, triaged_by TEXT NOT NULL,"
    " suspended INTEGER NOT NULL, review_case TEXT NOT NULL,"
    " narrative BLOB NOT NULL, narrative_key BIGINT NOT NULL);"
    "CREATE INDEX alerts_body ON alerts (body, state, id);"
    "CREATE INDEX alerts_person ON alerts (person, id);",
    /* 14: self-reports (include/scs/selfreport.h), a person's by id. */
    "CREATE TABLE self_reports (id TEXT PRIMARY KEY,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " authority TEXT NOT NULL, type TEXT NOT NULL, date TEXT NOT NULL,"
    " returned TEXT NOT NULL, pre_approval INTEGER NOT NULL,"
    " deviation INTEGER NOT NULL, filed BIGINT NOT NULL, due TEXT NOT NULL,"
    " late INTEGER NOT NULL, alert TEXT NOT NULL,"
    " details BLOB NOT NULL, details_key BIGINT NOT NULL);"
    "CREATE INDEX self_reports_person ON self_reports (person, id);",
    /* 15: security incidents (include/scs/incident.h), an organization's
     * by id. */
    "CREATE TABLE incidents (id TEXT PRIMARY KEY,"
    " org TEXT NOT NULL REFERENCES organizations (id),"
    " type TEXT NOT NULL, occurred TEXT NOT NULL, recorded BIGINT NOT NULL,"
    " recorded_by TEXT NOT NULL,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " handlers TEXT NOT NULL, recipients TEXT NOT NULL, items TEXT NOT NULL,"
    " outcome TEXT NOT NULL, closed BIGINT,"
    " narrative BLOB NOT NULL, narrative_key BIGINT NOT NULL);"
    "CREATE INDEX incidents_org ON incidents (org, id);",
    /* 16: reciprocity (include/scs/reciprocity.h): the codes issued, one
     * status index each per authority; signing keys; trusted key lists. */
    "CREATE TABLE attestations (id TEXT PRIMARY KEY,"
    " authority TEXT NOT NULL, status_index BIGINT NOT NULL,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " level TEXT NOT NULL, partner TEXT NOT NULL, profile TEXT NOT NULL,"
    " kid TEXT NOT NULL, issued BIGINT NOT NULL, expires BIGINT NOT NULL,"
    " issued_by TEXT NOT NULL, revoked BIGINT,"
    " UNIQUE (authority, status_index));"
    "CREATE INDEX attestations_person ON attestations (person, id);"
    "CREATE TABLE signing_keys (kid TEXT PRIMARY KEY,"
    " authority TEXT NOT NULL, country TEXT NOT NULL,"
    " public_key TEXT NOT NULL, root TEXT NOT NULL,"
    " not_before BIGINT NOT NULL, not_after BIGINT NOT NULL,"
    " created BIGINT NOT NULL);"
    "CREATE TABLE key_lists (authority TEXT PRIMARY KEY,"
    " country TEXT NOT NULL, own INTEGER NOT NULL, root TEXT NOT NULL,"
    " issued BIGINT NOT NULL, imported BIGINT NOT NULL, list TEXT NOT NULL);",
    /* 17: clearance transfers between employers (reciprocity.h). */
    "CREATE TABLE transfers (id TEXT PRIMARY KEY,"
    " person TEXT NOT NULL REFERENCES persons (id),"
    " from_org TEXT NOT NULL REFERENCES organizations (id),"
    " to_org TEXT NOT NULL REFERENCES organizations (id),"
    " authority TEXT NOT NULL, state TEXT NOT NULL,"
    " requested BIGINT NOT NULL, requested_by TEXT NOT NULL,"
    " decided BIGINT, decided_by TEXT NOT NULL, reason TEXT NOT NULL);"
    "CREATE INDEX transfers_person ON transfers (person, id);",
    /* 18: visit requests (include/scs/visit.h). */
    "CREATE TABLE visits (id TEXT PRIMARY KEY,"
    " visitor TEXT NOT NULL REFERENCES persons (id),"
    " visitor_org TEXT NOT NULL REFERENCES organizations (id),"
    " host_org TEXT NOT NULL REFERENCES organizations (id),"
    " site TEXT NOT NULL, purpose TEXT NOT NULL, type TEXT NOT NULL,"
    " first_day TEXT NOT NULL, last_day TEXT NOT NULL, items TEXT NOT NULL,"
    " compartments TEXT NOT NULL, state TEXT NOT NULL,"
    " attestation TEXT NOT NULL, pass TEXT NOT NULL,"
    " created BIGINT NOT NULL, created_by TEXT NOT NULL,"
    " changed BIGINT NOT NULL, changed_by TEXT NOT NULL,"
    " note TEXT NOT NULL);"
    "CREATE INDEX visits_visitor_org ON visits (visitor_org, id);"
    "CREATE INDEX visits_host_org ON visits (host_org, id);",
    /* 19: the heads of the audit tree's complete subtrees of 2^4 leaves
     * or more, for proofs in O(log n) (include/scs/audit.h); id is
     * level << 56 | index.  A register made before it is back-filled
     * from its leaf hashes when next opened (scs_audit_nodes_sync). */
    "CREATE TABLE audit_nodes (id INTEGER PRIMARY KEY,"
    " hash BLOB NOT NULL);",
};

const size_t sql_nmigrations =
    sizeof(sql_migrations) / sizeof(sql_migrations[0]);
#define USER_COLS                                                              \
	"id, org, role, person, disabled, pwhash, apikey_hash, created,"       \
	" activation_hash, activation_expires, cert_fp"
#define AUDIT_COLS                                                             \
	"seq, time_us, actor, action, kind, object, purpose, state, leaf"
#define PKEY_COLS    "person, wrapped, wrapped_key, created, destroyed"
#define SESSION_COLS "token_hash, user_id, created, expires, last_seen"

static const char *const qtext[Q_COUNT] = {
    [Q_META_GET] = "SELECT value FROM meta WHERE key = ?",
    [Q_META_PUT] = "INSERT INTO meta (key, value) VALUES (?, ?)"
                   " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    [Q_USER_INS] = "INSERT INTO users (" USER_COLS
                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_USER_UPD] = "UPDATE users SET org = ?2, role = ?3, person = ?4,"
                   " disabled = ?5, pwhash = ?6, apikey_hash = ?7,"
                   " created = ?8, activation_hash = ?9,"
                   " activation_expires = ?10, cert_fp = ?11 WHERE id = ?1",
    [Q_USER_GET] = "SELECT " USER_COLS " FROM users WHERE id = ?",
    [Q_USER_APIKEY] = "SELECT " USER_COLS " FROM users WHERE apikey_hash = ?",
    [Q_USER_CERT] = "SELECT " USER_COLS " FROM users WHERE cert_fp = ?",
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
                     " AND (CAST(?2 AS TEXT) IS NULL OR actor = ?2)"
                     " AND (CAST(?3 AS TEXT) IS NULL OR action = ?3)"
                     " AND (CAST(?4 AS TEXT) IS NULL OR kind = ?4)"
                     " AND (CAST(?5 AS TEXT) IS NULL OR object = ?5)"
                     " AND time_us >= ?6 AND time_us < ?7"
                     " ORDER BY seq LIMIT ?8",
    [Q_AUDIT_LEAVES] = "SELECT seq, leaf FROM audit_log WHERE seq >= ?"
                       " ORDER BY seq LIMIT ?",
    [Q_NODE_PUT] = "INSERT INTO audit_nodes (id, hash) VALUES (?, ?)",
    [Q_NODE_GET] = "SELECT hash FROM audit_nodes WHERE id = ?",
    /* NODE_MANY ids at once (a proof's): one round trip, not one each. */
    [Q_NODE_MANY] =
        "SELECT id, hash FROM audit_nodes WHERE id IN "
        "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    [Q_HEAD_PUT] = "INSERT INTO tree_heads (size, time_us, root, sig)"
                   " VALUES (?, ?, ?, ?) ON CONFLICT (size) DO UPDATE"
                   " SET time_us = excluded.time_us, root = excluded.root,"
                   " sig = excluded.sig",
    [Q_HEAD_LAST] = "SELECT size, time_us, root, sig FROM tree_heads"
                    " ORDER BY size DESC LIMIT 1",
    [Q_HEAD_AT] = "SELECT size, time_us, root, sig FROM tree_heads"
                  " WHERE size = ?",
    [Q_HEAD_ALL] = "SELECT size, time_us, root, sig FROM tree_heads"
                   " ORDER BY size",
    [Q_PKEY_GET] = "SELECT " PKEY_COLS " FROM person_keys WHERE person = ?",
    [Q_PKEY_INS] =
        "INSERT INTO person_keys (" PKEY_COLS ") VALUES (?, ?, ?, ?, ?)",
    [Q_PKEY_UPD] = "UPDATE person_keys SET wrapped = ?2, wrapped_key = ?3,"
                   " created = ?4, destroyed = ?5 WHERE person = ?1",
    [Q_PKEY_EACH] =
        "SELECT " PKEY_COLS " FROM person_keys"
        " WHERE (CAST(?1 AS TEXT) IS NULL OR person > ?1) AND (?2 = 0 OR"
        " (destroyed IS NULL AND wrapped_key <> ?2))"
        " ORDER BY person LIMIT ?3",
    [Q_PKEY_COUNT] = "SELECT count(*) FROM person_keys"
                     " WHERE wrapped_key = ?1 AND destroyed IS NULL",
    [Q_DBLOCK_PUT] = "INSERT INTO decision_blocks (seq, first_at, last_at,"
                     " count, body) VALUES (?, ?, ?, ?, ?)",
    [Q_DBLOCK_EACH] = "SELECT seq, first_at, last_at, count, body"
                      " FROM decision_blocks WHERE seq >= ?1 AND seq < ?2"
                      " AND last_at >= ?3 AND first_at < ?4"
                      " ORDER BY seq LIMIT ?5",
};

/* ---- arguments ---- */

void
sql_args_init(struct sql_args *a)
{
	a->n = 0;
	a->nown = 0;
	a->rc = SCS_OK;
}

void
sql_args_free(struct sql_args *a)
{
	int i;

	for (i = 0; i < a->nown; i++)
		free(a->own[i]);
	a->nown = 0;
	a->n = 0;
}

static struct sql_val *
next_arg(struct sql_args *a, enum sql_vt t)
{
	struct sql_val *v;

	if (a->n >= SQL_ARGS_MAX) {
		a->rc = SCS_EINTERNAL;
		return NULL;
	}
	v = &a->v[a->n++];
	memset(v, 0, sizeof(*v));
	v->t = t;
	return v;
}

void
sql_arg_null(struct sql_args *a)
{
	(void)next_arg(a, SQLV_NULL);
}

void
sql_arg_int(struct sql_args *a, int64_t v)
{
	struct sql_val *x = next_arg(a, SQLV_INT);

	if (x != NULL)
		x->i = v;
}

void
sql_arg_text(struct sql_args *a, const char *s)
{
	struct sql_val *v = next_arg(a, s != NULL ? SQLV_TEXT : SQLV_NULL);

	if (v != NULL && s != NULL) {
		v->p = s;
		v->n = strlen(s);
	}
}

void
sql_arg_blob(struct sql_args *a, const void *p, size_t n)
{
	struct sql_val *v = next_arg(a, SQLV_BLOB);

	if (v != NULL) {
		v->p = p != NULL ? p : (const void *)"";
		v->n = p != NULL ? n : 0;
	}
}

void
sql_arg_time(struct sql_args *a, int64_t t)
{
	if (t == SCS_TIME_NEVER)
		sql_arg_null(a);
	else
		sql_arg_int(a, t);
}

/* Text the arguments own (freed by sql_args_free). */
static void
arg_owned_text(struct sql_args *a, char *s)
{
	if (s == NULL || a->nown >= SQL_OWN_MAX) {
		free(s);
		a->rc = s == NULL ? SCS_ENOMEM : SCS_EINTERNAL;
		(void)next_arg(a, SQLV_NULL);
		return;
	}
	a->own[a->nown++] = s;
	sql_arg_text(a, s);
}

/* A limit: 0 (none) and anything past INT64_MAX read as no limit. */
static int64_t
sql_limit(uint64_t limit)
{
	return limit > 0 && limit <= (uint64_t)INT64_MAX ? (int64_t)limit
	                                                 : INT64_MAX;
}

/* ---- running ---- */

static struct sql_store *
Q(struct scs_store *st)
{
	return (struct sql_store *)st;
}

static int
args_error(const struct sql_args *a, struct scs_err *err)
{
	if (a->rc == SCS_ENOMEM)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return scs_err_set(err, SCS_EINTERNAL, "", "too many parameters");
}

/* Every statement runs here: what the driver holds is written first, so
 * nothing reads or changes a table past a row it holds. */
static int
sql_run(struct sql_store *s, const struct sql_stmt *st,
    const struct sql_args *a, sql_row_cb cb, void *arg, uint64_t *changes,
    struct scs_err *err)
{
	int rc;

	if (s->held > 0) {
		s->held = 0;
		if ((rc = s->drv->flush(s, err)) != SCS_OK)
			return rc;
	}
	return s->drv->run(s, st, a, cb, arg, changes, err);
}

/* An insert of one row: held by the driver inside a bulk section when it
 * can, else run at once.  @a is freed here. */
static int
insert_row(struct sql_store *s, const struct sql_stmt *st, struct sql_args *a,
    struct scs_err *err)
{
	int rc;

	if (a->rc != SCS_OK)
		rc = args_error(a, err);
	else if (s->bulk && s->drv->hold != NULL)
		rc = s->drv->hold(s, st, a, err); /* counts s->held */
	else
		rc = sql_run(s, st, a, NULL, NULL, NULL, err);
	sql_args_free(a);
	return rc;
}

/* Run fixed statement @q with @a (freed here). */
static int
run_q(struct sql_store *s, enum sql_q q, struct sql_args *a, sql_row_cb cb,
    void *arg, uint64_t *changes, struct scs_err *err)
{
	const struct sql_stmt st = {qtext[q], (int)q};
	int rc;

	if (a->rc != SCS_OK)
		rc = args_error(a, err);
	else
		rc = sql_run(s, &st, a, cb, arg, changes, err);
	sql_args_free(a);
	return rc;
}

/* A write of one row: SCS_ENOTFOUND for an update that changed none. */
static int
put_q(struct sql_store *s, enum sql_q q, struct sql_args *a,
    enum scs_put_mode mode, struct scs_err *err)
{
	uint64_t changes = 0;
	int rc = run_q(s, q, a, NULL, NULL, &changes, err);

	if (rc == SCS_OK && mode == SCS_PUT_UPDATE && changes == 0)
		rc = scs_err_set(err, SCS_ENOTFOUND, "id", "no such record");
	return rc;
}

static void
col_text(const struct sql_row *r, int i, char *dst, size_t size)
{
	(void)scs_strlcpy(dst, r->ops->text(r, i), size);
}

static void
col_blob(const struct sql_row *r, int i, uint8_t *dst, size_t size)
{
	size_t n = 0;
	const void *b = r->ops->blob(r, i, &n);

	memset(dst, 0, size);
	if (b != NULL)
		memcpy(dst, b, n < size ? n : size);
}

static int64_t
col_int(const struct sql_row *r, int i)
{
	return r->ops->integer(r, i);
}

static int64_t
col_time(const struct sql_row *r, int i)
{
	return r->ops->is_null(r, i) ? SCS_TIME_NEVER : r->ops->integer(r, i);
}

/* A row callback that notes whether a row came and reads it. */
struct one {
	int found;
	int (*read)(const struct sql_row *row, void *out);
	void *out;
};

static int
one_row(void *arg, const struct sql_row *row)
{
	struct one *o = arg;

	o->found = 1;
	return o->read != NULL ? o->read(row, o->out) : SCS_OK;
}

/* ---- meta ---- */

static int
read_blob_out(const struct sql_row *row, void *out)
{
	size_t n = 0;
	const void *p = row->ops->blob(row, 0, &n);

	return scs_blob_set(out, p, n);
}

/* @key's entry in the transaction's cache; a new one when @add and
 * there is room; NULL otherwise (the value goes straight to the table). */
static struct sql_meta *
meta_slot(struct sql_store *s, const char *key, bool add)
{
	struct sql_meta *m;
	int i;

	if (!s->in_tx || strlen(key) >= SQL_META_KEY_MAX)
		return NULL;
	for (i = 0; i < s->nmeta; i++)
		if (strcmp(s->meta[i].key, key) == 0)
			return &s->meta[i];
	if (!add || s->nmeta == SQL_META_CACHE)
		return NULL;
	m = &s->meta[s->nmeta++];
	memset(m, 0, sizeof(*m));
	(void)scs_strlcpy(m->key, key, sizeof(m->key));
	return m;
}

static int
meta_read(struct sql_store *s, const char *key, struct scs_blob *out,
    bool *found, struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_blob_out, out};
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, key);
	rc = run_q(s, Q_META_GET, &a, one_row, &o, NULL, err);
	if (rc == SCS_ENOMEM)
		return scs_err_set(err, rc, "", "out of memory");
	*found = o.found;
	return rc;
}

static int
meta_write(struct sql_store *s, const char *key, const void *p, size_t len,
    struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_text(&a, key);
	sql_arg_blob(&a, p, len);
	return run_q(s, Q_META_PUT, &a, NULL, NULL, NULL, err);
}

int
sql_meta_get(struct scs_store *st, const char *key, struct scs_blob *out,
    struct scs_err *err)
{
	struct sql_store *s = Q(st);
	struct sql_meta *m = meta_slot(s, key, false);
	bool found = false;
	int rc;

	if (m == NULL && (m = meta_slot(s, key, true)) == NULL) {
		/* Not cached: outside a transaction, or no room. */
		if ((rc = meta_read(s, key, out, &found, err)) != SCS_OK)
			return rc;
		return found ? SCS_OK
		             : scs_err_set(err, SCS_ENOTFOUND, key, "not set");
	}
	if (!m->loaded) { /* just added */
		if ((rc = meta_read(s, key, &m->v, &found, err)) != SCS_OK) {
			scs_blob_free(&m->v);
			s->nmeta--; /* the last slot: forget it */
			return rc;
		}
		m->found = found;
		m->loaded = true;
	}
	if (!m->found)
		return scs_err_set(err, SCS_ENOTFOUND, key, "not set");
	if (scs_blob_set(out, m->v.p, m->v.len) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

int
sql_meta_put(struct scs_store *st, const char *key, const void *p, size_t len,
    struct scs_err *err)
{
	struct sql_store *s = Q(st);
	struct sql_meta *m = meta_slot(s, key, true);
	struct scs_blob v = {NULL, 0};

	if (m == NULL)
		return meta_write(s, key, p, len, err);
	if (scs_blob_set(&v, p, len) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	scs_blob_free(&m->v);
	m->v = v;
	m->loaded = true;
	m->found = true;
	m->dirty = true;
	return SCS_OK;
}

static void
meta_forget(struct sql_meta *m, int *n)
{
	int i;

	for (i = 0; i < *n; i++)
		scs_blob_free(&m[i].v);
	*n = 0;
}

int
sql_tx_flush(struct sql_store *s, struct scs_err *err)
{
	int i, rc;

	if (s->held > 0) {
		s->held = 0;
		if ((rc = s->drv->flush(s, err)) != SCS_OK)
			return rc;
	}
	for (i = 0; i < s->nmeta; i++) {
		struct sql_meta *m = &s->meta[i];

		if (!m->dirty)
			continue;
		if ((rc = meta_write(s, m->key, m->v.p, m->v.len, err)) !=
		    SCS_OK)
			return rc;
		m->dirty = false;
	}
	return SCS_OK;
}

void
sql_tx_end(struct sql_store *s)
{
	meta_forget(s->meta, &s->nmeta);
	meta_forget(s->saved, &s->nsaved);
	if (s->held > 0 && s->drv->drop != NULL)
		s->drv->drop(s);
	s->held = 0;
	s->bulk = 0;
	s->bulk_ready = 0;
}

/* ---- bulk sections ---- */

int
sql_bulk_begin(struct scs_store *st, struct scs_err *err)
{
	struct sql_store *s = Q(st);
	int i, rc;

	if (!s->in_tx || s->bulk)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    s->bulk ? "bulk sections do not nest"
		            : "a bulk section outside a transaction");
	if (!s->bulk_ready && s->drv->bulk_setup != NULL &&
	    (rc = s->drv->exec(s, s->drv->bulk_setup, err)) != SCS_OK)
		return rc;
	s->bulk_ready = 1;
	if ((rc = s->drv->exec(s, "SAVEPOINT scs_bulk", err)) != SCS_OK)
		return rc;
	meta_forget(s->saved, &s->nsaved);
	for (i = 0; i < s->nmeta; i++) {
		s->saved[i] = s->meta[i];
		s->saved[i].v.p = NULL;
		s->saved[i].v.len = 0;
		if (scs_blob_set(&s->saved[i].v, s->meta[i].v.p,
		        s->meta[i].v.len) != SCS_OK) {
			s->nsaved = i;
			meta_forget(s->saved, &s->nsaved);
			(void)s->drv->exec(s, "RELEASE SAVEPOINT scs_bulk",
			    NULL);
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		}
	}
	s->nsaved = s->nmeta;
	s->bulk = 1;
	return SCS_OK;
}

int
sql_bulk_end(struct scs_store *st, bool keep, struct scs_err *err)
{
	struct sql_store *s = Q(st);
	int rc = SCS_OK, rc2;

	if (!s->bulk)
		return scs_err_set(err, SCS_EINTERNAL, "",
		    "no bulk section is open");
	s->bulk = 0;
	if (keep && s->held > 0) {
		s->held = 0;
		rc = s->drv->flush(s, err);
	}
	if (keep && rc == SCS_OK) {
		meta_forget(s->saved, &s->nsaved);
		return s->drv->exec(s, "RELEASE SAVEPOINT scs_bulk", err);
	}
	if (s->held > 0 && s->drv->drop != NULL)
		s->drv->drop(s);
	s->held = 0;
	rc2 = s->drv->exec(s, "ROLLBACK TO SAVEPOINT scs_bulk", NULL);
	if (rc2 == SCS_OK)
		rc2 = s->drv->exec(s, "RELEASE SAVEPOINT scs_bulk", NULL);
	/* The cache as it was: what the section wrote is gone. */
	meta_forget(s->meta, &s->nmeta);
	memcpy(s->meta, s->saved, sizeof(s->meta));
	s->nmeta = s->nsaved;
	s->nsaved = 0;
	if (rc2 != SCS_OK && rc == SCS_OK)
		rc = scs_err_set(err, SCS_EIO, "",
		    "could not undo a bulk section");
	return rc;
}

/* ---- users ---- */

static int
read_user(const struct sql_row *q, void *out)
{
	struct scs_user *u = out;
	char role[32];

	memset(u, 0, sizeof(*u));
	col_text(q, 0, u->id, sizeof(u->id));
	col_text(q, 1, u->org, sizeof(u->org));
	col_text(q, 2, role, sizeof(role));
	if (scs_role_parse(role, &u->role) != 0)
		u->role = 0;
	col_text(q, 3, u->person, sizeof(u->person));
	u->disabled = col_int(q, 4) != 0;
	col_text(q, 5, u->pwhash, sizeof(u->pwhash));
	col_text(q, 6, u->apikey_hash, sizeof(u->apikey_hash));
	u->created = col_int(q, 7);
	col_text(q, 8, u->activation_hash, sizeof(u->activation_hash));
	u->activation_expires = col_int(q, 9);
	col_text(q, 10, u->cert_fp, sizeof(u->cert_fp));
	return SCS_OK;
}

int
sql_user_put(struct scs_store *st, const struct scs_user *u,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sql_args a;
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, u->id);
	sql_arg_text(&a, u->org);
	sql_arg_text(&a, scs_role_name(u->role));
	sql_arg_text(&a, u->person[0] ? u->person : NULL);
	sql_arg_int(&a, u->disabled);
	sql_arg_text(&a, u->pwhash);
	sql_arg_text(&a, u->apikey_hash[0] ? u->apikey_hash : NULL);
	sql_arg_int(&a, u->created);
	sql_arg_text(&a, u->activation_hash[0] ? u->activation_hash : NULL);
	sql_arg_int(&a, u->activation_expires);
	sql_arg_text(&a, u->cert_fp[0] ? u->cert_fp : NULL);
	rc = put_q(Q(st), mode == SCS_PUT_INSERT ? Q_USER_INS : Q_USER_UPD, &a,
	    mode, err);
	if (rc == SCS_ECONFLICT && u->role == SCS_ROLE_SUBJECT) {
		struct scs_user other = {0};

		/* Not the id (an update keeps it; an insert whose id is
		 * free): the one subject account of a person. */
		if (mode == SCS_PUT_UPDATE ||
		    sql_user_get(st, u->id, &other, NULL) == SCS_ENOTFOUND)
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
user_one(struct scs_store *st, enum sql_q q, const char *v,
    struct scs_user *out, struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_user, out};
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, v);
	rc = run_q(Q(st), q, &a, one_row, &o, NULL, err);
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "user", "no such user");
	return rc;
}

int
sql_user_get(struct scs_store *st, const char *id, struct scs_user *out,
    struct scs_err *err)
{
	return user_one(st, Q_USER_GET, id, out, err);
}

int
sql_user_by_apikey(struct scs_store *st, const char *hash, struct scs_user *out,
    struct scs_err *err)
{
	return user_one(st, Q_USER_APIKEY, hash, out, err);
}

int
sql_user_by_cert(struct scs_store *st, const char *fp, struct scs_user *out,
    struct scs_err *err)
{
	return user_one(st, Q_USER_CERT, fp, out, err);
}

struct user_each {
	scs_user_cb cb;
	void *arg;
};

static int
user_row(void *arg, const struct sql_row *row)
{
	struct user_each *e = arg;
	struct scs_user u;

	(void)read_user(row, &u);
	return e->cb(e->arg, &u);
}

int
sql_user_each(struct scs_store *st, scs_user_cb cb, void *arg,
    struct scs_err *err)
{
	struct sql_args a;
	struct user_each e = {cb, arg};

	sql_args_init(&a);
	return run_q(Q(st), Q_USER_ALL, &a, user_row, &e, NULL, err);
}

/* ---- sign-in failures and sessions ---- */

struct login {
	int *failures;
	int64_t *locked_until;
};

static int
read_login(const struct sql_row *row, void *out)
{
	struct login *l = out;

	*l->failures = (int)col_int(row, 0);
	*l->locked_until = col_int(row, 1);
	return SCS_OK;
}

int
sql_login_get(struct scs_store *st, const char *user, int *out_failures,
    int64_t *out_locked_until, struct scs_err *err)
{
	struct sql_args a;
	struct login l = {out_failures, out_locked_until};
	struct one o = {0, read_login, &l};

	*out_failures = 0;
	*out_locked_until = 0;
	sql_args_init(&a);
	sql_arg_text(&a, user);
	return run_q(Q(st), Q_LOGIN_GET, &a, one_row, &o, NULL, err);
}

int
sql_login_put(struct scs_store *st, const char *user, int failures,
    int64_t locked_until, struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_text(&a, user);
	sql_arg_int(&a, failures);
	sql_arg_int(&a, locked_until);
	return run_q(Q(st), Q_LOGIN_PUT, &a, NULL, NULL, NULL, err);
}

int
sql_session_put(struct scs_store *st, const struct scs_session *se,
    struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_text(&a, se->token_hash);
	sql_arg_text(&a, se->user);
	sql_arg_int(&a, se->created);
	sql_arg_int(&a, se->expires);
	sql_arg_int(&a, se->last_seen);
	return run_q(Q(st), Q_SESSION_PUT, &a, NULL, NULL, NULL, err);
}

static int
read_session(const struct sql_row *q, void *out)
{
	struct scs_session *se = out;

	col_text(q, 0, se->token_hash, sizeof(se->token_hash));
	col_text(q, 1, se->user, sizeof(se->user));
	se->created = col_int(q, 2);
	se->expires = col_int(q, 3);
	se->last_seen = col_int(q, 4);
	return SCS_OK;
}

int
sql_session_get(struct scs_store *st, const char *token_hash,
    struct scs_session *out, struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_session, out};
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, token_hash);
	rc = run_q(Q(st), Q_SESSION_GET, &a, one_row, &o, NULL, err);
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "token", "no session");
	return rc;
}

int
sql_session_delete(struct scs_store *st, const char *token_hash,
    const char *user, struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_text(&a, token_hash != NULL ? token_hash : user);
	return run_q(Q(st),
	    token_hash != NULL ? Q_SESSION_DEL : Q_SESSION_DEL_USER, &a, NULL,
	    NULL, NULL, err);
}

struct session_each {
	scs_session_cb cb;
	void *arg;
};

static int
session_row(void *arg, const struct sql_row *row)
{
	struct session_each *e = arg;
	struct scs_session se;

	(void)read_session(row, &se);
	return e->cb(e->arg, &se);
}

int
sql_session_each(struct scs_store *st, const char *user, scs_session_cb cb,
    void *arg, struct scs_err *err)
{
	struct sql_args a;
	struct session_each e = {cb, arg};

	sql_args_init(&a);
	sql_arg_text(&a, user);
	return run_q(Q(st), Q_SESSION_USER, &a, session_row, &e, NULL, err);
}

int
sql_session_touch(struct scs_store *st, const char *token_hash,
    int64_t last_seen, struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_text(&a, token_hash);
	sql_arg_int(&a, last_seen);
	return run_q(Q(st), Q_SESSION_TOUCH, &a, NULL, NULL, NULL, err);
}

/* ---- audit log and tree heads ---- */

int
sql_audit_append(struct scs_store *st, const struct scs_audit_entry *e,
    struct scs_err *err)
{
	const struct sql_stmt stmt = {qtext[Q_AUDIT_PUT], Q_AUDIT_PUT};
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)e->seq);
	sql_arg_int(&a, e->time_us);
	sql_arg_text(&a, e->actor);
	sql_arg_text(&a, e->action);
	sql_arg_text(&a, e->kind);
	sql_arg_text(&a, e->object);
	sql_arg_text(&a, e->purpose);
	sql_arg_blob(&a, e->state, 32);
	sql_arg_blob(&a, e->leaf, 32);
	return insert_row(Q(st), &stmt, &a, err);
}

struct audit_each {
	scs_audit_cb cb;
	void *arg;
};

static int
audit_row(void *arg, const struct sql_row *q)
{
	struct audit_each *w = arg;
	struct scs_audit_entry e;

	memset(&e, 0, sizeof(e));
	e.seq = (uint64_t)col_int(q, 0);
	e.time_us = col_int(q, 1);
	col_text(q, 2, e.actor, sizeof(e.actor));
	col_text(q, 3, e.action, sizeof(e.action));
	col_text(q, 4, e.kind, sizeof(e.kind));
	col_text(q, 5, e.object, sizeof(e.object));
	col_text(q, 6, e.purpose, sizeof(e.purpose));
	col_blob(q, 7, e.state, sizeof(e.state));
	col_blob(q, 8, e.leaf, sizeof(e.leaf));
	return w->cb(w->arg, &e);
}

int
sql_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sql_args a;
	struct audit_each w = {cb, arg};

	if (from > (uint64_t)INT64_MAX)
		return SCS_OK; /* beyond any sequence number */
	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)from);
	sql_arg_int(&a, sql_limit(limit));
	return run_q(Q(st), Q_AUDIT_FROM, &a, audit_row, &w, NULL, err);
}

int
sql_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err)
{
	struct sql_args a;
	struct audit_each w = {cb, arg};

	if (f->from_seq > (uint64_t)INT64_MAX)
		return SCS_OK; /* beyond any sequence number */
	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)f->from_seq);
	sql_arg_text(&a, f->actor);
	sql_arg_text(&a, f->action);
	sql_arg_text(&a, f->kind);
	sql_arg_text(&a, f->object);
	sql_arg_int(&a, f->from_us);
	sql_arg_int(&a, f->to_us);
	sql_arg_int(&a, sql_limit(limit));
	return run_q(Q(st), Q_AUDIT_FIND, &a, audit_row, &w, NULL, err);
}

/* ---- the audit tree's stored subtree heads ---- */

/* The row id of the subtree head at (@level, @index): level << 56 |
 * index; SCS_EINVAL when it does not fit (a tree of 2^56 leaves). */
static int
node_id(unsigned level, uint64_t index, int64_t *out, struct scs_err *err)
{
	if (level > 63 || index >= ((uint64_t)1 << 56))
		return scs_err_set(err, SCS_EINVAL, "audit",
		    "subtree (%u, %llu) out of range", level,
		    (unsigned long long)index);
	*out = (int64_t)(((uint64_t)level << 56) | index);
	return SCS_OK;
}

int
sql_node_put(struct scs_store *st, unsigned level, uint64_t index,
    const uint8_t hash[32], struct scs_err *err)
{
	const struct sql_stmt stmt = {qtext[Q_NODE_PUT], Q_NODE_PUT};
	struct sql_args a;
	int64_t id = 0;
	int rc;

	if ((rc = node_id(level, index, &id, err)) != SCS_OK)
		return rc;
	sql_args_init(&a);
	sql_arg_int(&a, id);
	sql_arg_blob(&a, hash, 32);
	return insert_row(Q(st), &stmt, &a, err);
}

static int
read_hash(const struct sql_row *q, void *out)
{
	size_t n = 0;

	(void)q->ops->blob(q, 0, &n);
	if (n != 32)
		return SCS_ECORRUPT;
	col_blob(q, 0, out, 32);
	return SCS_OK;
}

int
sql_node_get(struct scs_store *st, unsigned level, uint64_t index,
    uint8_t out[32], struct scs_err *err)
{
	struct sql_args a;
	uint8_t h[32];
	struct one o = {0, read_hash, h};
	int64_t id = 0;
	int rc;

	if ((rc = node_id(level, index, &id, err)) != SCS_OK)
		return rc;
	sql_args_init(&a);
	sql_arg_int(&a, id);
	rc = run_q(Q(st), Q_NODE_GET, &a, one_row, &o, NULL, err);
	if (rc == SCS_ECORRUPT)
		return scs_err_set(err, rc, "audit",
		    "the stored subtree (%u, %llu) is not a hash", level,
		    (unsigned long long)index);
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "audit",
		    "no stored subtree (%u, %llu)", level,
		    (unsigned long long)index);
	if (rc == SCS_OK)
		memcpy(out, h, 32);
	return rc;
}

#define NODE_MANY 32 /* the ids of Q_NODE_MANY */

struct nodes_read {
	const int64_t *ids;
	size_t n;
	uint8_t (*out)[32];
	bool *got;
	int bad;
};

static int
nodes_row(void *arg, const struct sql_row *q)
{
	struct nodes_read *r = arg;
	int64_t id = col_int(q, 0);
	size_t i, len = 0;

	(void)q->ops->blob(q, 1, &len);
	for (i = 0; i < r->n; i++)
		if (r->ids[i] == id) {
			if (len != 32)
				r->bad = 1;
			else
				col_blob(q, 1, r->out[i], 32);
			r->got[i] = true;
		}
	return SCS_OK;
}

int
sql_node_get_many(struct scs_store *st, const unsigned *levels,
    const uint64_t *indices, size_t n, uint8_t (*out)[32], struct scs_err *err)
{
	int64_t ids[NODE_MANY] = {0};
	bool got[NODE_MANY];
	struct nodes_read r;
	struct sql_args a;
	size_t at, i, k;
	int rc;

	for (at = 0; at < n; at += k) {
		k = n - at < NODE_MANY ? n - at : NODE_MANY;
		for (i = 0; i < k; i++) {
			if ((rc = node_id(levels[at + i], indices[at + i],
			         &ids[i], err)) != SCS_OK)
				return rc;
			got[i] = false;
		}
		sql_args_init(&a);
		for (i = 0; i < NODE_MANY; i++) /* the last id repeated */
			sql_arg_int(&a, ids[i < k ? i : k - 1]);
		r.ids = ids;
		r.n = k;
		r.out = out + at;
		r.got = got;
		r.bad = 0;
		if ((rc = run_q(Q(st), Q_NODE_MANY, &a, nodes_row, &r, NULL,
		         err)) != SCS_OK)
			return rc;
		for (i = 0; i < k; i++)
			if (!got[i] || r.bad)
				return scs_err_set(err,
				    got[i] ? SCS_ECORRUPT : SCS_ENOTFOUND,
				    "audit", "no stored subtree (%u, %llu)",
				    levels[at + i],
				    (unsigned long long)indices[at + i]);
	}
	return SCS_OK;
}

struct leaves_read {
	uint64_t next; /* the seq the next row must have */
	uint8_t (*out)[32];
	size_t n;
};

static int
leaf_row(void *arg, const struct sql_row *q)
{
	struct leaves_read *r = arg;
	size_t len = 0;

	if ((uint64_t)col_int(q, 0) != r->next)
		return SCS_ENOTFOUND;
	(void)q->ops->blob(q, 1, &len);
	if (len != 32)
		return SCS_ECORRUPT;
	col_blob(q, 1, r->out[r->n], 32);
	r->n++;
	r->next++;
	return SCS_OK;
}

int
sql_audit_leaves(struct scs_store *st, uint64_t from, size_t n,
    uint8_t (*out)[32], struct scs_err *err)
{
	struct leaves_read r = {from, out, 0};
	struct sql_args a;
	int rc;

	if (n == 0)
		return SCS_OK;
	if (from > (uint64_t)INT64_MAX || n > (size_t)INT64_MAX)
		return scs_err_set(err, SCS_ENOTFOUND, "audit",
		    "no audit entry %llu", (unsigned long long)from);
	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)from);
	sql_arg_int(&a, (int64_t)n);
	rc = run_q(Q(st), Q_AUDIT_LEAVES, &a, leaf_row, &r, NULL, err);
	if (rc == SCS_ECORRUPT)
		return scs_err_set(err, rc, "audit",
		    "the leaf hash of entry %llu is not a hash",
		    (unsigned long long)r.next);
	if (rc == SCS_ENOTFOUND || (rc == SCS_OK && r.n < n))
		return scs_err_set(err, SCS_ENOTFOUND, "audit",
		    "audit entry %llu is missing", (unsigned long long)r.next);
	return rc;
}

/* ---- blocks of recorded decisions ---- */

int
sql_dblock_put(struct scs_store *st, const struct scs_dblock_row *b,
    struct scs_err *err)
{
	struct sql_args a;

	if (b->seq > (uint64_t)INT64_MAX || b->count > (uint64_t)INT64_MAX)
		return scs_err_set(err, SCS_EINVAL, "seq", "out of range");
	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)b->seq);
	sql_arg_int(&a, b->first_at);
	sql_arg_int(&a, b->last_at);
	sql_arg_int(&a, (int64_t)b->count);
	sql_arg_blob(&a, b->body, b->len);
	return run_q(Q(st), Q_DBLOCK_PUT, &a, NULL, NULL, NULL, err);
}

#define DBLOCK_PAGE 8 /* blocks a query reads: a block is up to a few MB */

struct dblock_each {
	scs_dblock_row_cb cb;
	void *arg;
	uint64_t last, rows;
};

static int
dblock_row(void *arg, const struct sql_row *q)
{
	struct dblock_each *w = arg;
	struct scs_dblock_row b;

	memset(&b, 0, sizeof(b));
	b.seq = (uint64_t)col_int(q, 0);
	b.first_at = col_int(q, 1);
	b.last_at = col_int(q, 2);
	b.count = (uint64_t)col_int(q, 3);
	b.body = q->ops->blob(q, 4, &b.len);
	w->last = b.seq;
	w->rows++;
	return w->cb(w->arg, &b);
}

int
sql_dblock_each(struct scs_store *st, const struct scs_dblock_query *q,
    scs_dblock_row_cb cb, void *arg, struct scs_err *err)
{
	struct dblock_each w = {cb, arg, 0, 0};
	uint64_t from = q->from_seq;
	uint64_t to = q->to_seq == 0 || q->to_seq > (uint64_t)INT64_MAX
	    ? (uint64_t)INT64_MAX
	    : q->to_seq;
	struct sql_args a;
	int rc;

	/* Page by seq: one engine's client holds a whole result set. */
	while (from < to) {
		w.rows = 0;
		sql_args_init(&a);
		sql_arg_int(&a, (int64_t)from);
		sql_arg_int(&a, (int64_t)to);
		sql_arg_int(&a, q->from_at);
		sql_arg_int(&a, q->to_at);
		sql_arg_int(&a, DBLOCK_PAGE);
		if ((rc = run_q(Q(st), Q_DBLOCK_EACH, &a, dblock_row, &w, NULL,
		         err)) != SCS_OK)
			return rc;
		if (w.rows < DBLOCK_PAGE)
			break;
		from = w.last + 1;
	}
	return SCS_OK;
}

int
sql_head_put(struct scs_store *st, const struct scs_tree_head *h,
    struct scs_err *err)
{
	struct sql_args a;

	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)h->size);
	sql_arg_int(&a, h->time_us);
	sql_arg_blob(&a, h->root, 32);
	sql_arg_blob(&a, h->sig, 64);
	return run_q(Q(st), Q_HEAD_PUT, &a, NULL, NULL, NULL, err);
}

static int
read_head(const struct sql_row *q, void *out)
{
	struct scs_tree_head *h = out;

	h->size = (uint64_t)col_int(q, 0);
	h->time_us = col_int(q, 1);
	col_blob(q, 2, h->root, sizeof(h->root));
	col_blob(q, 3, h->sig, sizeof(h->sig));
	return SCS_OK;
}

struct head_each {
	scs_head_cb cb;
	void *arg;
};

static int
head_row(void *arg, const struct sql_row *row)
{
	struct head_each *e = arg;
	struct scs_tree_head h;

	(void)read_head(row, &h);
	return e->cb(e->arg, &h);
}

int
sql_head_each(struct scs_store *st, scs_head_cb cb, void *arg,
    struct scs_err *err)
{
	struct sql_args a;
	struct head_each e = {cb, arg};

	sql_args_init(&a);
	return run_q(Q(st), Q_HEAD_ALL, &a, head_row, &e, NULL, err);
}

int
sql_head_last(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_head, out};
	int rc;

	sql_args_init(&a);
	rc = run_q(Q(st), Q_HEAD_LAST, &a, one_row, &o, NULL, err);
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "", "no tree head yet");
	return rc;
}

int
sql_head_at(struct scs_store *st, uint64_t size, struct scs_tree_head *out,
    struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_head, out};
	int rc;

	sql_args_init(&a);
	sql_arg_int(&a, (int64_t)size);
	rc = run_q(Q(st), Q_HEAD_AT, &a, one_row, &o, NULL, err);
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "",
		    "no signed tree head of size %llu",
		    (unsigned long long)size);
	return rc;
}

/* ---- person keys ---- */

static int
read_pkey(const struct sql_row *q, void *out)
{
	struct scs_person_key *k = out;
	size_t n = 0;
	const void *p;

	memset(k, 0, sizeof(*k));
	col_text(q, 0, k->person, sizeof(k->person));
	p = q->ops->blob(q, 1, &n);
	if (scs_blob_set(&k->wrapped, p, n) != SCS_OK)
		return SCS_ENOMEM;
	k->wrapped_key = (uint32_t)col_int(q, 2);
	k->created = col_int(q, 3);
	k->destroyed = q->ops->is_null(q, 4) ? 0 : col_int(q, 4);
	return SCS_OK;
}

int
sql_pkey_get(struct scs_store *st, const char *person,
    struct scs_person_key *out, struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_pkey, out};
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, person);
	rc = run_q(Q(st), Q_PKEY_GET, &a, one_row, &o, NULL, err);
	if (rc == SCS_ENOMEM)
		return scs_err_set(err, rc, "", "out of memory");
	if (rc == SCS_OK && !o.found)
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "%s has no data key", person);
	return rc;
}

int
sql_pkey_put(struct scs_store *st, const struct scs_person_key *k,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sql_args a;
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, k->person);
	/* An empty blob, not NULL: the column is NOT NULL. */
	sql_arg_blob(&a, k->wrapped.p, k->wrapped.len);
	sql_arg_int(&a, k->wrapped_key);
	sql_arg_int(&a, k->created);
	if (k->destroyed != 0)
		sql_arg_int(&a, k->destroyed);
	else
		sql_arg_null(&a);
	if (mode == SCS_PUT_INSERT && Q(st)->bulk) {
		const struct sql_stmt ins = {qtext[Q_PKEY_INS], Q_PKEY_INS};

		return insert_row(Q(st), &ins, &a, err);
	}
	rc = put_q(Q(st), mode == SCS_PUT_INSERT ? Q_PKEY_INS : Q_PKEY_UPD, &a,
	    mode, err);
	if (rc == SCS_ECONFLICT)
		(void)scs_err_set(err, rc, "person", "%s has a data key",
		    k->person);
	else if (rc == SCS_ENOTFOUND)
		(void)scs_err_set(err, rc, "person", "%s has no data key",
		    k->person);
	return rc;
}

struct pkey_each {
	scs_pkey_cb cb;
	void *arg;
};

static int
pkey_row(void *arg, const struct sql_row *row)
{
	struct pkey_each *e = arg;
	struct scs_person_key k;
	int rc;

	if (read_pkey(row, &k) != SCS_OK)
		return SCS_ENOMEM;
	rc = e->cb(e->arg, &k);
	scs_blob_free(&k.wrapped);
	return rc;
}

int
sql_pkey_each(struct scs_store *st, const char *after, size_t limit,
    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err)
{
	struct sql_args a;
	struct pkey_each e = {cb, arg};
	int rc;

	sql_args_init(&a);
	sql_arg_text(&a, after);
	sql_arg_int(&a, not_under);
	sql_arg_int(&a, sql_limit(limit));
	rc = run_q(Q(st), Q_PKEY_EACH, &a, pkey_row, &e, NULL, err);
	if (rc == SCS_ENOMEM && (err == NULL || err->rc == SCS_OK))
		rc = scs_err_set(err, rc, "", "out of memory");
	return rc;
}

static int
read_count(const struct sql_row *row, void *out)
{
	*(uint64_t *)out = (uint64_t)col_int(row, 0);
	return SCS_OK;
}

/* Counted on the index person_keys_key. */
int
sql_pkey_count(struct scs_store *st, uint32_t under, uint64_t *out,
    struct scs_err *err)
{
	struct sql_args a;
	struct one o = {0, read_count, out};

	*out = 0;
	sql_args_init(&a);
	sql_arg_int(&a, under);
	return run_q(Q(st), Q_PKEY_COUNT, &a, one_row, &o, NULL, err);
}

/* ---- records of any kind: SQL from the kind table ---- */

/*
 * Each kind is one table whose columns are its fields (record.h), named
 * as in JSON; a sealed field F is two columns, F (the sealed bytes) and
 * F_key (the key id they name, for rotation).  Times are BIGINT unix
 * seconds, NULL for a period that never ends or an unset optional time;
 * lists are comma-joined text (or, for a list of texts that may hold
 * commas, one entry per line); codes are their names.
 */

#define PAGE_ROWS 10000 /* a page of a long scan (drv->pages) */

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

static void
sqlb_init(struct sqlb *q)
{
	scs_buf_init(&q->b, 4096);
	q->rc = SCS_OK;
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

/* The bits of @d's key fields. */
static uint64_t
key_cols(const struct scs_kind_def *d)
{
	uint64_t m = 0;
	size_t k;

	for (k = 0; k < d->nfields && k < 64; k++)
		if (is_key(d, &d->fields[k]))
			m |= UINT64_C(1) << k;
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

/* A list as comma-joined text. */
static char *
join_list(const struct scs_field *f, const void *body)
{
	const char *slots = SCS_FIELD_CPTR(body, f);
	size_t k, n = *(const size_t *)((const char *)body + f->aux);
	size_t max = f->max * f->size + 1;
	char *buf = malloc(max);
	size_t at = 0;

	if (buf == NULL)
		return NULL;
	buf[0] = '\0';
	for (k = 0; k < n; k++) {
		int w = snprintf(buf + at, max - at, "%s%s",
		    k ? (f->lines ? "\n" : ",") : "", slots + k * f->size);

		if (w < 0 || (size_t)w >= max - at)
			break;
		at += (size_t)w;
	}
	return buf;
}

/* Field @f of @body as its argument(s). */
static void
arg_field(struct sql_args *a, const struct scs_field *f, const void *body)
{
	const void *p = SCS_FIELD_CPTR(body, f);
	const struct scs_blob *blob = p;
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		sql_arg_text(a, p);
		return;
	case SCS_FT_CODE:
		c = *(const int *)p;
		sql_arg_text(a, c >= 0 && c < f->ncodes ? f->codes[c] : "");
		return;
	case SCS_FT_TIME:
	case SCS_FT_INT:
		sql_arg_int(a, *(const int64_t *)p);
		return;
	case SCS_FT_UNTIL:
		sql_arg_time(a, *(const int64_t *)p);
		return;
	case SCS_FT_TIME_OPT:
		sql_arg_time(a,
		    *(const bool *)((const char *)body + f->aux)
		        ? *(const int64_t *)p
		        : SCS_TIME_NEVER);
		return;
	case SCS_FT_LIST:
		/* a->own holds the text, freed by sql_args_free */
		arg_owned_text(a, join_list(f, body));
		return; /* NOLINT(clang-analyzer-unix.Malloc) */
	case SCS_FT_FLAG:
		sql_arg_int(a, *(const bool *)p);
		return;
	case SCS_FT_SEALED:
		sql_arg_blob(a, blob->p, blob->len);
		sql_arg_int(a, sealed_key(blob));
		return;
	}
}

static void
arg_keys(struct sql_args *a, const struct scs_kind_def *d, const void *body)
{
	size_t k;

	for (k = 0; k < d->nkey; k++)
		arg_field(a, scs_kind_field(d, d->key[k]), body);
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
		e = strchr(p, f->lines ? '\n' : ',');
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
read_field(const struct sql_row *q, int *i, const struct scs_field *f,
    void *body)
{
	void *p = SCS_FIELD_PTR(body, f);
	const void *b;
	const char *t;
	size_t n = 0;
	int64_t v;
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		col_text(q, (*i)++, p, f->size);
		return SCS_OK;
	case SCS_FT_CODE:
		t = q->ops->text(q, (*i)++);
		*(int *)p = f->ncodes;
		for (c = 0; c < f->ncodes; c++)
			if (strcmp(f->codes[c], t) == 0)
				*(int *)p = c;
		return SCS_OK;
	case SCS_FT_TIME:
	case SCS_FT_INT:
		*(int64_t *)p = col_int(q, (*i)++);
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
		split_list(q->ops->text(q, (*i)++), f, body);
		return SCS_OK;
	case SCS_FT_FLAG:
		*(bool *)p = col_int(q, (*i)++) != 0;
		return SCS_OK;
	case SCS_FT_SEALED:
		b = q->ops->blob(q, (*i)++, &n);
		return scs_blob_set(p, b, n);
	}
	return SCS_EINTERNAL;
}

/* The row of @q, a SELECT of the fields in @cols, into @r (a record of
 * @d's kind).  Every field in @cols is overwritten; @r is cleared first
 * when @clear (a record read before holds sealed values, or fields that
 * this row does not set). */
static int
read_rec(const struct sql_row *q, const struct scs_kind_def *d, uint64_t cols,
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

/* The text of statement @which of kind @d, built on first use and kept. */
static const char *
kind_text(struct sql_store *s, const struct scs_kind_def *d, enum sql_kst which,
    struct scs_err *err)
{
	char **slot = &s->ktext[d->kind][which];
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
	if (sb.rc == SCS_OK && scs_buf_add(&sb.b, "", 1) == SCS_OK)
		*slot = (char *)sb.b.p; /* kept: freed by sql_store_fini */
	else
		scs_buf_free(&sb.b);
	if (*slot == NULL)
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return *slot;
}

/* Run statement @which of @d with @a (freed here). */
static int
run_kind(struct sql_store *s, const struct scs_kind_def *d, enum sql_kst which,
    struct sql_args *a, sql_row_cb cb, void *arg, uint64_t *changes,
    struct scs_err *err)
{
	struct sql_stmt st;
	int rc;

	st.slot = SQL_KSLOT(d->kind, which);
	if ((st.text = kind_text(s, d, which, err)) == NULL)
		rc = SCS_ENOMEM;
	else if (a->rc != SCS_OK)
		rc = args_error(a, err);
	else
		rc = sql_run(s, &st, a, cb, arg, changes, err);
	sql_args_free(a);
	return rc;
}

int
sql_rec_put(struct scs_store *st, const struct scs_record *r,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct sql_store *s = Q(st);
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *ref;
	struct sql_args a;
	uint64_t changes = 0;
	size_t k;
	int rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	sql_args_init(&a);
	for (k = 0; k < d->nfields; k++)
		if (mode == SCS_PUT_INSERT || !is_key(d, &d->fields[k]))
			arg_field(&a, &d->fields[k], &r->u);
	if (mode == SCS_PUT_UPDATE)
		arg_keys(&a, d, &r->u);
	if (mode == SCS_PUT_INSERT && s->bulk) {
		struct sql_stmt ins = {kind_text(s, d, KST_INSERT, err),
		    SQL_KSLOT(d->kind, KST_INSERT)};

		if (ins.text == NULL) {
			sql_args_free(&a);
			return SCS_ENOMEM;
		}
		return insert_row(s, &ins, &a, err);
	}
	rc = run_kind(s, d, mode == SCS_PUT_INSERT ? KST_INSERT : KST_UPDATE,
	    &a, NULL, NULL, &changes, err);
	if (rc == SCS_OK && mode == SCS_PUT_UPDATE && changes == 0)
		rc = scs_err_set(err, SCS_ENOTFOUND, "id", "no such record");
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

struct rec_one {
	const struct scs_kind_def *d;
	struct scs_record *out;
	int found;
};

static int
rec_one_row(void *arg, const struct sql_row *row)
{
	struct rec_one *o = arg;

	o->found = 1;
	return read_rec(row, o->d, wanted(o->d, NULL), true, o->out);
}

int
sql_rec_get(struct scs_store *st, const struct scs_record *key,
    struct scs_record *out, struct scs_err *err)
{
	struct sql_store *s = Q(st);
	const struct scs_kind_def *d = scs_kind_def(key->kind);
	char object[3 * SCS_ID_MAX];
	struct rec_one o;
	struct sql_args a;
	int rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	o.d = d;
	o.out = out;
	o.found = 0;
	out->kind = key->kind;
	sql_args_init(&a);
	arg_keys(&a, d, &key->u);
	rc = run_kind(s, d, KST_GET, &a, rec_one_row, &o, NULL, err);
	if (rc == SCS_ENOMEM && (err == NULL || err->rc == SCS_OK))
		rc = scs_err_set(err, rc, "", "out of memory");
	if (rc == SCS_OK && !o.found) {
		scs_record_object(key, object, sizeof(object));
		rc = scs_err_set(err, SCS_ENOTFOUND, d->ref_as, "no %s \"%s\"",
		    d->name, object);
	}
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

/* The WHERE clause of @qy over @d and its arguments, in order; the key
 * cursor @after (qy->after or a page's last row), when given, last.
 * SCS_EINTERNAL for a field the kind does not have: field names come
 * from code, never from a request. */
/* Rows with a sealed field under a key other than @key (re-sealing). */
static int
not_under(struct sqlb *q, struct sql_args *a, const struct scs_kind_def *d,
    uint32_t key, const char **and, struct scs_err *err)
{
	size_t i, n = 0;

	sqlf(q, "%s(", *and);
	for (i = 0; i < d->nfields; i++) {
		if (d->fields[i].type != SCS_FT_SEALED)
			continue;
		sqlf(q, "%s(%s_key <> ? AND %s_key <> 0)", n++ ? " OR " : "",
		    d->fields[i].name, d->fields[i].name);
		sql_arg_int(a, key);
	}
	if (n == 0)
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "%s has no sealed field", d->name);
	sqlf(q, ")");
	*and = " AND ";
	return SCS_OK;
}

static int
query_sql(struct sql_store *s, struct sqlb *q, struct sql_args *a,
    const struct scs_kind_def *d, const struct scs_rec_query *qy,
    const struct scs_record *after, struct scs_err *err)
{
	const char *and = " WHERE ";
	size_t i;
	int rc;

	if ((rc = where_values(q, d, qy, &and, err)) != SCS_OK)
		return rc;
	for (i = 0; i < SCS_QUERY_EQ_MAX; i++)
		if (qy->eq[i].field != NULL)
			sql_arg_text(a, qy->eq[i].value);
	for (i = 0; qy->in_field != NULL && qy->in_values[i] != NULL; i++)
		sql_arg_text(a, qy->in_values[i]);
	if (qy->time_field != NULL && qy->time_from != SCS_TIME_NEVER)
		sql_arg_int(a, qy->time_from);
	if (qy->time_field != NULL && qy->time_to != SCS_TIME_NEVER)
		sql_arg_int(a, qy->time_to);
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
		sql_arg_int(a, qy->at);
		sql_arg_int(a, qy->at);
	}
	if (qy->sealed_not_under &&
	    (rc = not_under(q, a, d, qy->key, &and, err)) != SCS_OK)
		return rc;
	if (qy->nshards > 1) {
		sqlf(q, "%s", and);
		and = " AND ";
		if (q->rc == SCS_OK &&
		    (rc = s->drv->shard(s, d, qy, &q->b, a, err)) != SCS_OK)
			return rc;
	}
	if (after != NULL) {
		sqlf(q, "%s", and);
		add_key(q, d, true);
		arg_keys(a, d, &after->u);
	}
	return SCS_OK;
}

/* The bytes of a key field's value in its record. */
static size_t
field_bytes(const struct scs_field *f)
{
	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		return f->size;
	case SCS_FT_CODE:
		return sizeof(int);
	case SCS_FT_FLAG:
		return sizeof(bool);
	default:
		return sizeof(int64_t);
	}
}

struct rec_walk {
	const struct scs_kind_def *d;
	struct scs_record *r;    /* one buffer, reused row after row */
	struct scs_record *last; /* the key of the last row (paging) */
	uint64_t cols;
	bool clear;
	size_t rows;
	scs_rec_cb cb;
	void *arg;
};

static int
rec_row(void *arg, const struct sql_row *row)
{
	struct rec_walk *w = arg;
	size_t k;
	int rc;

	if ((rc = read_rec(row, w->d, w->cols, w->clear, w->r)) != SCS_OK)
		return rc;
	w->rows++;
	if (w->last != NULL)
		for (k = 0; k < w->d->nkey; k++) {
			const struct scs_field *f =
			    scs_kind_field(w->d, w->d->key[k]);

			memcpy(SCS_FIELD_PTR(&w->last->u, f),
			    SCS_FIELD_CPTR(&w->r->u, f), field_bytes(f));
		}
	return w->cb(w->arg, w->r);
}

/* One statement of a query: the rows after @after, at most @limit. */
static int
query_once(struct sql_store *s, const struct scs_kind_def *d,
    const struct scs_rec_query *qy, const struct scs_record *after,
    uint64_t limit, bool ordered, struct rec_walk *w, struct scs_err *err)
{
	struct sqlb sb;
	struct sql_args a;
	struct sql_stmt st;
	size_t k;
	int rc;

	sqlb_init(&sb);
	sql_args_init(&a);
	sqlf(&sb, "SELECT ");
	add_cols(&sb, d, w->cols);
	sqlf(&sb, " FROM %s", d->table);
	if ((rc = query_sql(s, &sb, &a, d, qy, after, err)) != SCS_OK)
		goto out;
	for (k = 0; ordered && k < d->nkey; k++)
		sqlf(&sb, "%s%s", k ? ", " : " ORDER BY ", d->key[k]);
	if (limit > 0) {
		sqlf(&sb, " LIMIT ?");
		sql_arg_int(&a, sql_limit(limit));
	}
	if (sb.rc == SCS_OK)
		sb.rc = scs_buf_add(&sb.b, "", 1);
	if (sb.rc != SCS_OK) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	if (a.rc != SCS_OK) {
		rc = args_error(&a, err);
		goto out;
	}
	st.text = (const char *)sb.b.p;
	st.slot = SQL_SLOT_TEXT;
	rc = sql_run(s, &st, &a, rec_row, w, NULL, err);
	if (rc == SCS_ENOMEM && (err == NULL || err->rc == SCS_OK))
		rc = scs_err_set(err, rc, "", "out of memory");
out:
	sql_args_free(&a);
	scs_buf_free(&sb.b);
	return rc;
}

int
sql_rec_query(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	static const struct scs_rec_query all;
	struct sql_store *s = Q(st);
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct rec_walk w;
	uint64_t sealed = 0;
	size_t k;
	int rc;

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if (qy == NULL)
		qy = &all;
	if (qy->nshards > 1 &&
	    (qy->shard >= qy->nshards || !qy->unordered || qy->after != NULL ||
	        qy->limit > 0))
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "a shard is one of nshards of an unordered, unpaged query");
	memset(&w, 0, sizeof(w));
	w.d = d;
	w.cb = cb;
	w.arg = arg;
	w.cols = wanted(d, qy);
	for (k = 0; k < d->nfields && k < 64; k++)
		if (d->fields[k].type == SCS_FT_SEALED)
			sealed |= w.cols & UINT64_C(1) << k;
	w.clear = sealed != 0;
	if ((w.r = calloc(2, sizeof(*w.r))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	w.r->kind = kind;
	if (!s->drv->pages || (qy->limit > 0 && qy->limit <= PAGE_ROWS)) {
		rc = query_once(s, d, qy, qy->after, qy->limit, !qy->unordered,
		    &w, err);
	} else {
		/* Pages in key order, each after the last row of the one
		 * before; one snapshot when the caller holds a transaction. */
		const struct scs_record *after = qy->after;
		uint64_t left = qy->limit;

		w.last = &w.r[1];
		w.last->kind = kind;
		w.cols |= key_cols(d);
		do {
			uint64_t page =
			    left > 0 && left < PAGE_ROWS ? left : PAGE_ROWS;

			w.rows = 0;
			rc = query_once(s, d, qy, after, page, true, &w, err);
			after = w.last;
			if (left > 0)
				left -= w.rows;
		} while (rc == SCS_OK && w.rows == PAGE_ROWS &&
		    (qy->limit == 0 || left > 0));
	}
	scs_record_clear(w.r);
	free(w.r);
	return rc;
}

int
sql_rec_count(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, uint64_t *out, struct scs_err *err)
{
	static const struct scs_rec_query all;
	struct sql_store *s = Q(st);
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct one o = {0, read_count, out};
	struct sqlb sb;
	struct sql_args a;
	struct sql_stmt stmt;
	int rc;

	*out = 0;
	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	if (qy == NULL)
		qy = &all;
	if (qy->nshards > 1)
		return scs_err_set(err, SCS_EINTERNAL, "query",
		    "a count is of every shard");
	sqlb_init(&sb);
	sql_args_init(&a);
	sqlf(&sb, "SELECT count(*) FROM %s", d->table);
	rc = query_sql(s, &sb, &a, d, qy, qy->after, err);
	if (rc == SCS_OK && sb.rc == SCS_OK)
		sb.rc = scs_buf_add(&sb.b, "", 1);
	if (rc == SCS_OK && sb.rc != SCS_OK)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc == SCS_OK && a.rc != SCS_OK)
		rc = args_error(&a, err);
	if (rc == SCS_OK) {
		stmt.text = (const char *)sb.b.p;
		stmt.slot = SQL_SLOT_TEXT;
		rc = sql_run(s, &stmt, &a, one_row, &o, NULL, err);
	}
	sql_args_free(&a);
	scs_buf_free(&sb.b);
	return rc;
}

/* ---- the store ---- */

void
sql_store_init(struct sql_store *s, const struct scs_store_ops *ops,
    const struct sql_drv *drv)
{
	memset(s->ktext, 0, sizeof(s->ktext));
	s->base.ops = ops;
	s->drv = drv;
	s->in_tx = 0;
	s->bulk = 0;
	s->bulk_ready = 0;
	s->held = 0;
	s->nmeta = 0;
	s->nsaved = 0;
}

void
sql_store_fini(struct sql_store *s)
{
	size_t i, j;

	meta_forget(s->meta, &s->nmeta);
	meta_forget(s->saved, &s->nsaved);
	for (i = 0; i < SCS_KIND_N; i++)
		for (j = 0; j < KST_N; j++) {
			free(s->ktext[i][j]);
			s->ktext[i][j] = NULL;
		}
}

char *
sql_dollar(const char *text)
{
	size_t len = strlen(text);
	/* "?" becomes at most "$NNN": 4 bytes for 1. */
	char *out = malloc(len * 4 + 1), *o = out;
	const char *p;
	int next = 0;
	char quote = 0;

	if (out == NULL)
		return NULL;
	for (p = text; *p != '\0'; p++) {
		if (quote != 0) {
			if (*p == quote)
				quote = 0;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			*o++ = '$';
			if (p[1] >= '0' && p[1] <= '9')
				continue; /* ?N: its digits follow */
			o += snprintf(o, 12, "%d", ++next);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}
