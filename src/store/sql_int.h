/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sql_int.h - what the SQL backends (sqlite.c, pg.c) share, and no one
 * else: the one migration list, every statement, the binding of records
 * to parameters and of rows back to records, and every store operation
 * written once (sql.c) over a driver that runs one statement.
 *
 * Statement text is written once, in the SQL both engines accept, with
 * parameters as `?` (in order) or `?N` (numbered; never both in one
 * statement).  A driver that spells them otherwise ($N) rewrites the
 * text when it prepares it (sql_dollar).
 */
#ifndef SCS_SQL_INT_H
#define SCS_SQL_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/store.h"

/* ---- values ---- */

enum sql_vt { SQLV_NULL, SQLV_INT, SQLV_TEXT, SQLV_BLOB };

struct sql_val {
	enum sql_vt t;
	int64_t i;     /* SQLV_INT */
	const void *p; /* SQLV_TEXT: NUL-terminated; SQLV_BLOB: n bytes */
	size_t n;
};

#define SQL_ARGS_MAX 80
#define SQL_OWN_MAX  8

/* The parameters of one statement.  Text made for it (a joined list)
 * is owned here until sql_args_free. */
struct sql_args {
	struct sql_val v[SQL_ARGS_MAX];
	int n;
	char *own[SQL_OWN_MAX];
	int nown;
	int rc; /* the first failure (too many, out of memory) sticks */
};

void sql_args_init(struct sql_args *a);
void sql_args_free(struct sql_args *a);
void sql_arg_null(struct sql_args *a);
void sql_arg_int(struct sql_args *a, int64_t v);
/* NULL binds SQL NULL. */
void sql_arg_text(struct sql_args *a, const char *s);
/* A blob, never NULL: an empty one for p == NULL. */
void sql_arg_blob(struct sql_args *a, const void *p, size_t n);
/* A time, NULL for SCS_TIME_NEVER. */
void sql_arg_time(struct sql_args *a, int64_t t);

/* ---- rows ---- */

struct sql_row;
struct sql_row_ops {
	bool (*is_null)(const struct sql_row *r, int i);
	int64_t (*integer)(const struct sql_row *r, int i);
	/* "" for NULL; valid until the next row. */
	const char *(*text)(const struct sql_row *r, int i);
	const void *(*blob)(const struct sql_row *r, int i, size_t *n);
};

struct sql_row {
	const struct sql_row_ops *ops;
	void *impl;
};

typedef int (*sql_row_cb)(void *arg, const struct sql_row *row);

/* ---- statements ---- */

/* The fixed statements; their slots in a connection's cache come
 * first, then SQL_KSLOT(kind, which). */
enum sql_q {
	Q_META_GET,
	Q_META_PUT,
	Q_USER_INS,
	Q_USER_UPD,
	Q_USER_GET,
	Q_USER_APIKEY,
	Q_USER_CERT,
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
	Q_AUDIT_LEAVES,
	Q_NODE_PUT,
	Q_NODE_GET,
	Q_NODE_MANY,
	Q_HEAD_PUT,
	Q_HEAD_ALL,
	Q_HEAD_LAST,
	Q_HEAD_AT,
	Q_PKEY_GET,
	Q_PKEY_INS,
	Q_PKEY_UPD,
	Q_PKEY_EACH,
	Q_PKEY_COUNT,
	Q_DBLOCK_PUT,
	Q_DBLOCK_EACH,
	Q_COUNT
};

enum sql_kst { KST_INSERT, KST_UPDATE, KST_GET, KST_N };

#define SQL_KSLOT(kind, which) (Q_COUNT + (int)(kind)*KST_N + (int)(which))
#define SQL_SLOTS              (Q_COUNT + SCS_KIND_N * KST_N)
#define SQL_SLOT_TEXT          (-1) /* cached by its text */

/* A statement to run: its text and its slot (or SQL_SLOT_TEXT). */
struct sql_stmt {
	const char *text;
	int slot;
};

/* The migrations, version i + 1 being [i]; DDL written for SQLite, which
 * a driver may rewrite for its engine (sql_ddl_pg). */
extern const char *const sql_migrations[];
extern const size_t sql_nmigrations;

/* ---- the driver ---- */

struct sql_store;

struct sql_drv {
	/* Run @st with @a: each row to @cb (NULL: rows are not wanted);
	 * *@changes, when asked, the rows a write changed.  A callback may
	 * run another statement on the same connection.  Errors are mapped
	 * to SCS_ECONFLICT (a unique key), SCS_EINVAL (a missing
	 * reference), SCS_EBUSY, SCS_ENOMEM, SCS_ECORRUPT or SCS_EIO. */
	int (*run)(struct sql_store *s, const struct sql_stmt *st,
	    const struct sql_args *a, sql_row_cb cb, void *arg,
	    uint64_t *changes, struct scs_err *err);
	/* The condition (appended to @text after " AND " or " WHERE ") and
	 * its arguments that keep shard qy->shard of qy->nshards of @d's
	 * table. */
	int (*shard)(struct sql_store *s, const struct scs_kind_def *d,
	    const struct scs_rec_query *qy, struct scs_buf *text,
	    struct sql_args *a, struct scs_err *err);
	/* Result sets are held whole by the engine's client: a long scan
	 * is read in pages of keys, so memory stays flat. */
	bool pages;
	/* Run a statement without parameters or rows (SAVEPOINT ...). */
	int (*exec)(struct sql_store *s, const char *text, struct scs_err *err);
	/* Optional (NULL: every write runs at once).  Inside a bulk
	 * section, hold the insert @st (text "INSERT INTO t (cols) VALUES
	 * (...)", one parameter per column) of one row, to be written with
	 * the others of its table later (PostgreSQL: COPY); @a is copied.
	 * The driver keeps s->held, the number of rows it holds, exact: a
	 * hold that writes what it held sets it to 0. */
	int (*hold)(struct sql_store *s, const struct sql_stmt *st,
	    const struct sql_args *a, struct scs_err *err);
	/* Write every held row, table by table in the order each was
	 * first held; nothing is held after, whatever the outcome. */
	int (*flush)(struct sql_store *s, struct scs_err *err);
	/* Forget the held rows. */
	void (*drop)(struct sql_store *s);
	/* Run once in a transaction before its first bulk section (NULL:
	 * none): PostgreSQL plans each statement for its values there, as
	 * a plan cached while a table was small stays slow once a batch
	 * has filled it. */
	const char *bulk_setup;
};

/* A meta value read or written in the open transaction: writes reach
 * the database once, at commit (sql_tx_flush), so an operation that
 * moves the audit frontier for each of many records (an import) writes
 * its row once, not once per record. */
#define SQL_META_KEY_MAX 48
#define SQL_META_CACHE   8
struct sql_meta {
	char key[SQL_META_KEY_MAX];
	struct scs_blob v;
	bool loaded; /* read, or written, in this transaction */
	bool found;  /* false: the key is not set */
	bool dirty;  /* to be written at commit */
};

/* The part of every SQL backend's store that sql.c sees; first in the
 * backend's own struct. */
struct sql_store {
	struct scs_store base;
	const struct sql_drv *drv;
	char *ktext[SCS_KIND_N][KST_N]; /* each kind's statements, built once */
	int in_tx;
	int bulk;       /* inside scs_store_bulk_begin .. _end */
	int bulk_ready; /* drv->bulk_setup ran in this transaction */
	size_t held;    /* rows the driver holds (drv->hold) */
	struct sql_meta meta[SQL_META_CACHE], saved[SQL_META_CACHE];
	int nmeta, nsaved; /* saved: the cache at the bulk section's start */
};

/* The drivers' transaction hooks: sql_tx_flush before COMMIT (held rows,
 * then the meta values written in the transaction); sql_tx_end after
 * BEGIN, COMMIT and ROLLBACK (the cache and any held row forgotten). */
int sql_tx_flush(struct sql_store *s, struct scs_err *err);
void sql_tx_end(struct sql_store *s);

/* The entries of struct scs_store_ops that sql.c fills for every
 * driver; a driver's table names the rest (connection, transactions,
 * migrations, and audit_append when it must note the append). */
#define SQL_STORE_OPS                                                          \
	.meta_get = sql_meta_get, .meta_put = sql_meta_put,                    \
	.user_put = sql_user_put, .user_get = sql_user_get,                    \
	.user_by_apikey = sql_user_by_apikey, .user_each = sql_user_each,      \
	.user_by_cert = sql_user_by_cert, .login_get = sql_login_get,          \
	.login_put = sql_login_put, .session_put = sql_session_put,            \
	.session_get = sql_session_get, .session_delete = sql_session_delete,  \
	.session_each = sql_session_each, .session_touch = sql_session_touch,  \
	.audit_each = sql_audit_each, .audit_find = sql_audit_find,            \
	.head_put = sql_head_put, .head_each = sql_head_each,                  \
	.head_last = sql_head_last, .head_at = sql_head_at,                    \
	.rec_put = sql_rec_put, .rec_get = sql_rec_get,                        \
	.rec_query = sql_rec_query, .rec_count = sql_rec_count,                \
	.pkey_get = sql_pkey_get, .pkey_put = sql_pkey_put,                    \
	.pkey_each = sql_pkey_each, .pkey_count = sql_pkey_count,              \
	.bulk_begin = sql_bulk_begin, .bulk_end = sql_bulk_end,                \
	.dblock_put = sql_dblock_put, .dblock_each = sql_dblock_each,          \
	.node_put = sql_node_put, .node_get = sql_node_get,                    \
	.node_get_many = sql_node_get_many, .audit_leaves = sql_audit_leaves

void sql_store_init(struct sql_store *s, const struct scs_store_ops *ops,
    const struct sql_drv *drv);
void sql_store_fini(struct sql_store *s);

/* Copy @text with ?N as $N and each bare ? as the next $k; quoted text
 * kept.  NULL when out of memory. */
char *sql_dollar(const char *text);

/* ---- the store operations, written once ---- */

int sql_meta_get(struct scs_store *st, const char *key, struct scs_blob *out,
    struct scs_err *err);
int sql_meta_put(struct scs_store *st, const char *key, const void *p,
    size_t len, struct scs_err *err);
int sql_user_put(struct scs_store *st, const struct scs_user *u,
    enum scs_put_mode mode, struct scs_err *err);
int sql_user_get(struct scs_store *st, const char *id, struct scs_user *out,
    struct scs_err *err);
int sql_user_by_apikey(struct scs_store *st, const char *hash,
    struct scs_user *out, struct scs_err *err);
int sql_user_by_cert(struct scs_store *st, const char *fp, struct scs_user *out,
    struct scs_err *err);
int sql_user_each(struct scs_store *st, scs_user_cb cb, void *arg,
    struct scs_err *err);
int sql_login_get(struct scs_store *st, const char *user, int *out_failures,
    int64_t *out_locked_until, struct scs_err *err);
int sql_login_put(struct scs_store *st, const char *user, int failures,
    int64_t locked_until, struct scs_err *err);
int sql_session_put(struct scs_store *st, const struct scs_session *se,
    struct scs_err *err);
int sql_session_get(struct scs_store *st, const char *token_hash,
    struct scs_session *out, struct scs_err *err);
int sql_session_delete(struct scs_store *st, const char *token_hash,
    const char *user, struct scs_err *err);
int sql_session_each(struct scs_store *st, const char *user, scs_session_cb cb,
    void *arg, struct scs_err *err);
int sql_session_touch(struct scs_store *st, const char *token_hash,
    int64_t last_seen, struct scs_err *err);
int sql_audit_append(struct scs_store *st, const struct scs_audit_entry *e,
    struct scs_err *err);
int sql_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err);
int sql_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err);
int sql_audit_leaves(struct scs_store *st, uint64_t from, size_t n,
    uint8_t (*out)[32], struct scs_err *err);
int sql_node_put(struct scs_store *st, unsigned level, uint64_t index,
    const uint8_t hash[32], struct scs_err *err);
int sql_node_get(struct scs_store *st, unsigned level, uint64_t index,
    uint8_t out[32], struct scs_err *err);
int sql_node_get_many(struct scs_store *st, const unsigned *levels,
    const uint64_t *indices, size_t n, uint8_t (*out)[32], struct scs_err *err);
int sql_head_put(struct scs_store *st, const struct scs_tree_head *h,
    struct scs_err *err);
int sql_head_each(struct scs_store *st, scs_head_cb cb, void *arg,
    struct scs_err *err);
int sql_head_at(struct scs_store *st, uint64_t size, struct scs_tree_head *out,
    struct scs_err *err);
int sql_head_last(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err);
int sql_rec_put(struct scs_store *st, const struct scs_record *r,
    enum scs_put_mode mode, struct scs_err *err);
int sql_rec_get(struct scs_store *st, const struct scs_record *key,
    struct scs_record *out, struct scs_err *err);
int sql_rec_query(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, scs_rec_cb cb, void *arg,
    struct scs_err *err);
int sql_rec_count(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *qy, uint64_t *out, struct scs_err *err);
int sql_pkey_get(struct scs_store *st, const char *person,
    struct scs_person_key *out, struct scs_err *err);
int sql_pkey_put(struct scs_store *st, const struct scs_person_key *k,
    enum scs_put_mode mode, struct scs_err *err);
int sql_pkey_each(struct scs_store *st, const char *after, size_t limit,
    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err);
int sql_bulk_begin(struct scs_store *st, struct scs_err *err);
int sql_bulk_end(struct scs_store *st, bool keep, struct scs_err *err);
int sql_pkey_count(struct scs_store *st, uint32_t under, uint64_t *out,
    struct scs_err *err);
int sql_dblock_put(struct scs_store *st, const struct scs_dblock_row *b,
    struct scs_err *err);
int sql_dblock_each(struct scs_store *st, const struct scs_dblock_query *q,
    scs_dblock_row_cb cb, void *arg, struct scs_err *err);

#endif
