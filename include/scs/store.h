/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.h - the one storage interface.  Backends (src/store/sqlite.c and
 * pg.c, drivers of one SQL store, sql.c) fill a table of operations; everything
 * above calls the scs_store_* wrappers and never sees SQL.  Records cross this
 * boundary in their stored form: sealed fields are opaque blobs, the store
 * never decrypts.
 *
 * Transactions: every write happens between scs_store_begin and
 * scs_store_commit (or scs_store_rollback); one operation, one transaction.
 * Reads outside a transaction see the last committed state.
 *
 * Thread safety: a struct scs_store is used by one thread at a time; the
 * server serializes access or opens one per thread.
 */
#ifndef SCS_STORE_H
#define SCS_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/record.h"
#include "scs/register.h"
#include "scs/util.h"

struct scs_store;

/* One audit log entry (DESIGN.md section 6); the leaf byte format is in
 * include/scs/audit.h. */
#define SCS_ACTION_MAX 32
#define SCS_KIND_MAX   24
struct scs_audit_entry {
	uint64_t seq;    /* 0, 1, 2, ... with no gap */
	int64_t time_us; /* unix microseconds */
	char actor[SCS_ACTOR_MAX + 1];
	char action[SCS_ACTION_MAX + 1];
	char kind[SCS_KIND_MAX + 1];
	char object[3 * SCS_ID_MAX + 32]; /* a natural key: a/b/time */
	char purpose[SCS_PURPOSE_MAX + 1];
	uint8_t state[32]; /* SHA-256 of the stored state after it */
	uint8_t leaf[32];  /* its Merkle leaf hash, to name an altered entry */
};

/* Which audit entries to read: every condition that is set must hold. */
struct scs_audit_filter {
	uint64_t from_seq;  /* seq >= from_seq */
	const char *actor;  /* NULL: any; else exactly this */
	const char *action; /* NULL: any */
	const char *kind;   /* NULL: any */
	const char *object; /* NULL: any */
	int64_t from_us;    /* time_us >= from_us (INT64_MIN: no bound) */
	int64_t to_us;      /* time_us < to_us (INT64_MAX: no bound) */
};

/* A signed tree head: the root of the first size entries. */
struct scs_tree_head {
	uint64_t size;
	int64_t time_us;
	uint8_t root[32];
	uint8_t sig[64];
};

struct scs_session {
	char token_hash[65];
	char user[SCS_ID_MAX + 1];
	int64_t created;
	int64_t expires;
	int64_t last_seen; /* last use, written at most once a minute */
};

/*
 * A person's data key as stored (DESIGN.md section 7; the byte format is
 * in include/scs/crypto.h).  Not a record of the kind table: it is never
 * exported or imported, and the register keeps no copy of it unwrapped.
 * A destroyed key stays as a tombstone (wrapped empty, wrapped_key 0,
 * destroyed set), so a retention run knows whom it has purged.
 */
struct scs_person_key {
	char person[SCS_ID_MAX + 1];
	struct scs_blob wrapped; /* heap; empty once destroyed */
	uint32_t wrapped_key;    /* the register key it is wrapped under */
	int64_t created;         /* unix seconds */
	int64_t destroyed;       /* unix seconds; 0 while the key lives */
};

/* A stored block of recorded decisions (include/scs/dblock.h), keyed by
 * the sequence number of the audit entry that holds its hash. */
struct scs_dblock_row {
	uint64_t seq;
	int64_t first_at, last_at; /* earliest and latest decision, unix s */
	uint64_t count;            /* decisions in the block */
	const uint8_t *body;       /* the block's bytes; see the iterator */
	size_t len;
};

/* Which blocks to read: every bound holds. */
struct scs_dblock_query {
	uint64_t from_seq, to_seq; /* from_seq <= seq < to_seq (0: no end) */
	int64_t from_at, to_at;    /* a decision may lie in [from_at, to_at):
	                            * last_at >= from_at, first_at < to_at */
};

/* Callbacks of the *_each iterators: return SCS_OK to go on, anything
 * else stops the walk and is returned. */
typedef int (*scs_org_cb)(void *arg, const struct scs_org *o);
typedef int (*scs_person_cb)(void *arg, const struct scs_person *p);
typedef int (*scs_user_cb)(void *arg, const struct scs_user *u);
typedef int (*scs_session_cb)(void *arg, const struct scs_session *s);
typedef int (*scs_audit_cb)(void *arg, const struct scs_audit_entry *e);
typedef int (*scs_head_cb)(void *arg, const struct scs_tree_head *h);
typedef int (*scs_rec_cb)(void *arg, const struct scs_record *r);
typedef int (*scs_pkey_cb)(void *arg, const struct scs_person_key *k);
typedef int (*scs_dblock_row_cb)(void *arg, const struct scs_dblock_row *b);

enum scs_put_mode { SCS_PUT_INSERT, SCS_PUT_UPDATE };

/*
 * A query over the records of one kind.  Every condition is optional and
 * they combine with AND; field names are those of the kind table (an
 * unknown name is SCS_EINTERNAL: a programming error, never user input
 * reaching SQL).  Results come in natural-key order unless
 * @unordered.
 */
#define SCS_QUERY_EQ_MAX 2
struct scs_rec_query {
	struct {
		const char *field; /* a text or code field */
		const char *value;
	} eq[SCS_QUERY_EQ_MAX];
	/* Records whose @in_field (a text or code field) is one of
	 * @in_values, a list ended by NULL with at least one value. */
	const char *in_field;
	const char *const *in_values;
	/* Records whose period (valid_from, valid_until) holds at @at. */
	bool has_at;
	int64_t at;
	/* Records with @time_field in [time_from, time_to); either bound
	 * may be SCS_TIME_NEVER (open). */
	const char *time_field;
	int64_t time_from, time_to;
	/* Paging: records whose key comes after @after's (NULL: from the
	 * first), at most @limit (0: all). */
	const struct scs_record *after;
	size_t limit;
	/* Sealed fields are left empty (not read). */
	bool lean;
	/* Only the fields named here (a list ended by NULL) are read, the
	 * others left empty: a scan that needs a few columns of many rows
	 * (NULL: every field). */
	const char *const *fields;
	/* In whatever order the backend reads fastest, not key order (a
	 * scan that aggregates; no paging). */
	bool unordered;
	/* With @nshards > 1 (an unordered query without paging), only
	 * shard @shard (0 .. nshards - 1) of a partition of the kind's
	 * records into @nshards that the backend chooses: the same on every
	 * connection that reads the same state, so that threads on
	 * connections of scs_store_reopen can each scan one. */
	unsigned shard, nshards;
	/* Only records with a format-1 sealed value (one under a register
	 * key itself, include/scs/crypto.h) under a key other than @key;
	 * with @key 0, every record with a format-1 value.  Format-2 values
	 * (under a person's key) never match: rotation re-wraps person keys,
	 * not the values. */
	bool sealed_not_under;
	uint32_t key;
};

/* What a backend provides.  Every function returns an enum scs_rc. */
struct scs_store_ops {
	const char *name;
	void (*close)(struct scs_store *st);
	int (*reopen)(struct scs_store *st, struct scs_store **out,
	    struct scs_err *err);
	int (*migrate)(struct scs_store *st, int *out_version,
	    struct scs_err *err);
	int (*begin)(struct scs_store *st, struct scs_err *err);
	int (*begin_read)(struct scs_store *st, struct scs_err *err);
	int (*commit)(struct scs_store *st, struct scs_err *err);
	void (*rollback)(struct scs_store *st);
	int (*meta_get)(struct scs_store *st, const char *key,
	    struct scs_blob *out, struct scs_err *err);
	int (*meta_put)(struct scs_store *st, const char *key, const void *p,
	    size_t len, struct scs_err *err);
	int (*user_put)(struct scs_store *st, const struct scs_user *u,
	    enum scs_put_mode mode, struct scs_err *err);
	int (*user_get)(struct scs_store *st, const char *id,
	    struct scs_user *out, struct scs_err *err);
	int (*user_by_apikey)(struct scs_store *st, const char *hash,
	    struct scs_user *out, struct scs_err *err);
	int (*user_by_cert)(struct scs_store *st, const char *fp,
	    struct scs_user *out, struct scs_err *err);
	int (*user_each)(struct scs_store *st, scs_user_cb cb, void *arg,
	    struct scs_err *err);
	int (*login_get)(struct scs_store *st, const char *user,
	    int *out_failures, int64_t *out_locked_until, struct scs_err *err);
	int (*login_put)(struct scs_store *st, const char *user, int failures,
	    int64_t locked_until, struct scs_err *err);
	int (*session_put)(struct scs_store *st, const struct scs_session *s,
	    struct scs_err *err);
	int (*session_get)(struct scs_store *st, const char *token_hash,
	    struct scs_session *out, struct scs_err *err);
	int (*session_delete)(struct scs_store *st, const char *token_hash,
	    const char *user, struct scs_err *err);
	int (*session_each)(struct scs_store *st, const char *user,
	    scs_session_cb cb, void *arg, struct scs_err *err);
	int (*session_touch)(struct scs_store *st, const char *token_hash,
	    int64_t last_seen, struct scs_err *err);
	int (*audit_append)(struct scs_store *st,
	    const struct scs_audit_entry *e, struct scs_err *err);
	int (*audit_each)(struct scs_store *st, uint64_t from, uint64_t limit,
	    scs_audit_cb cb, void *arg, struct scs_err *err);
	int (*audit_find)(struct scs_store *st,
	    const struct scs_audit_filter *f, uint64_t limit, scs_audit_cb cb,
	    void *arg, struct scs_err *err);
	int (*head_put)(struct scs_store *st, const struct scs_tree_head *h,
	    struct scs_err *err);
	int (*head_each)(struct scs_store *st, scs_head_cb cb, void *arg,
	    struct scs_err *err);
	int (*head_at)(struct scs_store *st, uint64_t size,
	    struct scs_tree_head *out, struct scs_err *err);
	int (*head_last)(struct scs_store *st, struct scs_tree_head *out,
	    struct scs_err *err);
	int (*rec_put)(struct scs_store *st, const struct scs_record *r,
	    enum scs_put_mode mode, struct scs_err *err);
	int (*rec_get)(struct scs_store *st, const struct scs_record *key,
	    struct scs_record *out, struct scs_err *err);
	int (*rec_query)(struct scs_store *st, enum scs_kind kind,
	    const struct scs_rec_query *q, scs_rec_cb cb, void *arg,
	    struct scs_err *err);
	int (*rec_count)(struct scs_store *st, enum scs_kind kind,
	    const struct scs_rec_query *q, uint64_t *out, struct scs_err *err);
	int (*pkey_get)(struct scs_store *st, const char *person,
	    struct scs_person_key *out, struct scs_err *err);
	int (*pkey_put)(struct scs_store *st, const struct scs_person_key *k,
	    enum scs_put_mode mode, struct scs_err *err);
	int (*pkey_each)(struct scs_store *st, const char *after, size_t limit,
	    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err);
	int (*pkey_count)(struct scs_store *st, uint32_t under, uint64_t *out,
	    struct scs_err *err);
	int (*dblock_put)(struct scs_store *st, const struct scs_dblock_row *b,
	    struct scs_err *err);
	int (*dblock_each)(struct scs_store *st,
	    const struct scs_dblock_query *q, scs_dblock_row_cb cb, void *arg,
	    struct scs_err *err);
	int (*audit_leaves)(struct scs_store *st, uint64_t from, size_t n,
	    uint8_t (*out)[32], struct scs_err *err);
	int (*node_put)(struct scs_store *st, unsigned level, uint64_t index,
	    const uint8_t hash[32], struct scs_err *err);
	int (*node_get)(struct scs_store *st, unsigned level, uint64_t index,
	    uint8_t out[32], struct scs_err *err);
	int (*node_get_many)(struct scs_store *st, const unsigned *levels,
	    const uint64_t *indices, size_t n, uint8_t (*out)[32],
	    struct scs_err *err);
	int (*checkpoint)(struct scs_store *st, struct scs_err *err);
	int (*snapshot)(struct scs_store *st, const char *path,
	    struct scs_err *err);
	int (*wait)(struct scs_store *st, int timeout_ms, struct scs_err *err);
	int (*bulk_begin)(struct scs_store *st, struct scs_err *err);
	int (*bulk_end)(struct scs_store *st, bool keep, struct scs_err *err);
};

/* The part of every backend's store that the wrappers see. */
struct scs_store {
	const struct scs_store_ops *ops;
};

/**
 * Open the store named by @url: a file path (SQLite; created when @create)
 * or, once that backend exists, a postgres:// URL.  The caller closes it
 * with scs_store_close.  SCS_OK, SCS_ENOTFOUND (no such file and not
 * @create), SCS_EIO, SCS_EINVAL (unknown scheme).
 */
int scs_store_open(const char *url, bool create, struct scs_store **out,
    struct scs_err *err);

/** Whether @db names a PostgreSQL database (postgres:// or
 * postgresql://) rather than a SQLite file. */
bool scs_store_is_url(const char *db);

/** @db as it may be shown (in messages, logs, `scs serving ...`): a
 * URL's password replaced by ***. */
void scs_store_shown(const char *db, char *out, size_t size);

/** Open the SQLite backend directly (used by scs_store_open). */
int scs_store_sqlite_open(const char *path, bool create, struct scs_store **out,
    struct scs_err *err);
/** Open the PostgreSQL backend directly: @url is a libpq connection URL
 * (postgres://user@host:port/db?sslmode=...).  The database must exist;
 * @create is ignored (scs_store_migrate makes the tables). */
int scs_store_pg_open(const char *url, bool create, struct scs_store **out,
    struct scs_err *err);

void scs_store_close(struct scs_store *st);

/**
 * Another connection to @st's register, for another thread (a connection
 * is used by one thread at a time); closed with scs_store_close.  Its
 * migrations are @st's.  SCS_EINVAL when the backend has one connection
 * only (SQLite in memory).
 */
int scs_store_reopen(struct scs_store *st, struct scs_store **out,
    struct scs_err *err);

/** Apply the migrations not yet applied, each in its own transaction. */
int scs_store_migrate(struct scs_store *st, int *out_version,
    struct scs_err *err);

/** Begin a write transaction (taking the write lock at once). */
int scs_store_begin(struct scs_store *st, struct scs_err *err);
/** Begin a read transaction: one consistent snapshot until commit. */
int scs_store_begin_read(struct scs_store *st, struct scs_err *err);
int scs_store_commit(struct scs_store *st, struct scs_err *err);
void scs_store_rollback(struct scs_store *st);

/** Meta values: SCS_ENOTFOUND when @key is unset. */
int scs_store_meta_get(struct scs_store *st, const char *key,
    struct scs_blob *out, struct scs_err *err);
int scs_store_meta_put(struct scs_store *st, const char *key, const void *p,
    size_t len, struct scs_err *err);

/* Organizations and persons are records of the kind table; these typed
 * forms of scs_store_rec_* serve the many callers that handle one of them.
 * Insert (SCS_ECONFLICT if the id exists) or update (SCS_ENOTFOUND if it
 * does not).  A reference to a missing organization is SCS_EINVAL. */
int scs_store_org_put(struct scs_store *st, const struct scs_org *o,
    enum scs_put_mode mode, struct scs_err *err);
int scs_store_org_get(struct scs_store *st, const char *id, struct scs_org *out,
    struct scs_err *err);
/** Every organization, in id order. */
int scs_store_org_each(struct scs_store *st, scs_org_cb cb, void *arg,
    struct scs_err *err);

int scs_store_person_put(struct scs_store *st, const struct scs_person *p,
    enum scs_put_mode mode, struct scs_err *err);
/** Fills @out, whose relatives blob the caller frees (scs_person_clear). */
int scs_store_person_get(struct scs_store *st, const char *id,
    struct scs_person *out, struct scs_err *err);
/**
 * Persons in id order, only of organization @org when it is not NULL,
 * starting after id @after (NULL: from the first), at most @limit (0: all).
 * The record passed to @cb is valid during the call only.
 */
int scs_store_person_each(struct scs_store *st, const char *org,
    const char *after, size_t limit, scs_person_cb cb, void *arg,
    struct scs_err *err);

int scs_store_user_put(struct scs_store *st, const struct scs_user *u,
    enum scs_put_mode mode, struct scs_err *err);
int scs_store_user_get(struct scs_store *st, const char *id,
    struct scs_user *out, struct scs_err *err);
int scs_store_user_by_apikey(struct scs_store *st, const char *hash,
    struct scs_user *out, struct scs_err *err);
/** The account whose client certificate has fingerprint @fp (cert_fp);
 * SCS_ENOTFOUND naming "user" when none. */
int scs_store_user_by_cert(struct scs_store *st, const char *fp,
    struct scs_user *out, struct scs_err *err);
int scs_store_user_each(struct scs_store *st, scs_user_cb cb, void *arg,
    struct scs_err *err);

/** Failed sign-in bookkeeping, outside the audited records. */
int scs_store_login_get(struct scs_store *st, const char *user,
    int *out_failures, int64_t *out_locked_until, struct scs_err *err);
int scs_store_login_put(struct scs_store *st, const char *user, int failures,
    int64_t locked_until, struct scs_err *err);

int scs_store_session_put(struct scs_store *st, const struct scs_session *s,
    struct scs_err *err);
int scs_store_session_get(struct scs_store *st, const char *token_hash,
    struct scs_session *out, struct scs_err *err);
/** Delete one session (@token_hash) or, when it is NULL, all of @user's. */
int scs_store_session_delete(struct scs_store *st, const char *token_hash,
    const char *user, struct scs_err *err);
/** @user's sessions (expired ones too), oldest first. */
int scs_store_session_each(struct scs_store *st, const char *user,
    scs_session_cb cb, void *arg, struct scs_err *err);
/** Set the last use of session @token_hash (no such session: SCS_OK). */
int scs_store_session_touch(struct scs_store *st, const char *token_hash,
    int64_t last_seen, struct scs_err *err);

int scs_store_audit_append(struct scs_store *st,
    const struct scs_audit_entry *e, struct scs_err *err);
/** Entries with seq >= @from in seq order, at most @limit (0: all). */
int scs_store_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err);
/** The entries that pass @f in seq order, at most @limit (0: all),
 * selected by the backend's query (not by a walk here). */
int scs_store_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err);
int scs_store_head_put(struct scs_store *st, const struct scs_tree_head *h,
    struct scs_err *err);
/** The signed tree head with the largest size; SCS_ENOTFOUND when none. */
int scs_store_head_last(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err);

/** The signed tree head of size @size; SCS_ENOTFOUND when none. */
int scs_store_head_at(struct scs_store *st, uint64_t size,
    struct scs_tree_head *out, struct scs_err *err);

/**
 * The leaf hashes of the @n audit entries from seq @from into
 * out[0..n): SCS_ENOTFOUND naming "audit" when one of them is missing.
 */
int scs_store_audit_leaves(struct scs_store *st, uint64_t from, size_t n,
    uint8_t (*out)[32], struct scs_err *err);

/**
 * The heads of the audit tree's complete subtrees (include/scs/audit.h):
 * the head of leaves [index * 2^level, (index + 1) * 2^level).  Put
 * inserts one inside the caller's write transaction (SCS_ECONFLICT when
 * it is stored already; held with the audit entries in a bulk section);
 * get reads one, SCS_ENOTFOUND naming "audit" when it is not stored.
 * Levels up to 63 and indices below 2^56; SCS_EINVAL beyond.
 */
int scs_store_node_put(struct scs_store *st, unsigned level, uint64_t index,
    const uint8_t hash[32], struct scs_err *err);
int scs_store_node_get(struct scs_store *st, unsigned level, uint64_t index,
    uint8_t out[32], struct scs_err *err);
/** The heads of @n subtrees (levels[i], indices[i]) into out[i], in as
 * few round trips as the backend can (a proof's, at once): SCS_ENOTFOUND
 * naming "audit" when one is not stored. */
int scs_store_node_get_many(struct scs_store *st, const unsigned *levels,
    const uint64_t *indices, size_t n, uint8_t (*out)[32], struct scs_err *err);

/** Signed tree heads in size order. */
int scs_store_head_each(struct scs_store *st, scs_head_cb cb, void *arg,
    struct scs_err *err);

/**
 * Insert or update one record (any kind of the kind table).  The natural
 * key identifies it; a reference to a missing record is SCS_EINVAL naming
 * the field when the kind has one reference, an existing key on insert is
 * SCS_ECONFLICT, a missing one on update SCS_ENOTFOUND.  Sealed fields are
 * stored as given (already sealed), with the key id they name.
 */
int scs_store_rec_put(struct scs_store *st, const struct scs_record *r,
    enum scs_put_mode mode, struct scs_err *err);

/** Read the record whose key fields are those of @key into @out (they
 * may be the same).  SCS_ENOTFOUND names the kind's reference field. */
int scs_store_rec_get(struct scs_store *st, const struct scs_record *key,
    struct scs_record *out, struct scs_err *err);

/** The records of @kind that match @q (NULL: all), in key order.  The
 * record passed to @cb is valid during the call only. */
int scs_store_rec_query(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *q, scs_rec_cb cb, void *arg,
    struct scs_err *err);

/** How many records of @kind match @q (NULL: all); @q's paging, order
 * and field choice do not apply, and a shard is SCS_EINTERNAL. */
int scs_store_rec_count(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *q, uint64_t *out, struct scs_err *err);

/** Every record of @kind in key order. */
int scs_store_rec_each(struct scs_store *st, enum scs_kind kind, scs_rec_cb cb,
    void *arg, struct scs_err *err);

/**
 * Person @person's data key into @out (whose wrapped blob the caller
 * frees with scs_blob_free).  SCS_ENOTFOUND when the person has none.
 */
int scs_store_pkey_get(struct scs_store *st, const char *person,
    struct scs_person_key *out, struct scs_err *err);

/** Insert (SCS_ECONFLICT when the person has a row) or update
 * (SCS_ENOTFOUND when not) a person's data key.  A person that does not
 * exist is SCS_EINVAL at the latest when the transaction commits (the
 * key of a person being created is stored before the person). */
int scs_store_pkey_put(struct scs_store *st, const struct scs_person_key *k,
    enum scs_put_mode mode, struct scs_err *err);

/**
 * Person keys in person order after @after (NULL: from the first), at
 * most @limit (0: all); with @not_under other than 0 only the live keys
 * (not destroyed) wrapped under another register key (key rotation).
 * The key passed to @cb is valid during the call only.
 */
int scs_store_pkey_each(struct scs_store *st, const char *after, size_t limit,
    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err);

/** How many live person keys are wrapped under register key @under. */
int scs_store_pkey_count(struct scs_store *st, uint32_t under, uint64_t *out,
    struct scs_err *err);

/**
 * Store block @b (body and len set) inside the caller's transaction, the
 * one that appends its audit entry b->seq (which must exist by commit).
 * SCS_ECONFLICT when a block has that seq.
 */
int scs_store_dblock_put(struct scs_store *st, const struct scs_dblock_row *b,
    struct scs_err *err);

/**
 * The blocks that pass @q in seq order, read a few at a time so memory
 * stays flat; b->body is valid during the call of @cb only.
 */
int scs_store_dblock_each(struct scs_store *st,
    const struct scs_dblock_query *q, scs_dblock_row_cb cb, void *arg,
    struct scs_err *err);

/**
 * Make the committed state the only one on disk, outside a transaction:
 * SQLite copies its write-ahead log into the database and truncates it,
 * so bytes a purge removed are in neither file (secure_delete zeroes them
 * in the database).  SCS_EBUSY when readers kept it from finishing (the
 * old bytes stay in the log until a later checkpoint overwrites them).
 */
int scs_store_checkpoint(struct scs_store *st, struct scs_err *err);

/**
 * Write a consistent copy of the whole register, as one transaction sees
 * it, to the new file @path (which must not exist), outside a
 * transaction, while other connections go on reading and writing:
 * SQLite's VACUUM INTO (a database file of its own).  PostgreSQL:
 * SCS_EINVAL, field "db": its registers are backed up by PostgreSQL's
 * tools (docs/postgresql.md).
 */
int scs_store_snapshot(struct scs_store *st, const char *path,
    struct scs_err *err);

/**
 * Wait up to @timeout_ms for a change committed on another connection,
 * outside a transaction, on a connection kept for it.  PostgreSQL: the
 * first call LISTENs for scs_changes (the NOTIFY of every write that
 * added audit entries) and each returns at the first notification, or at
 * the timeout.  SQLite has no notifications: a plain sleep, the caller
 * polls.  SCS_OK either way; SCS_EIO when the database cannot be reached
 * (the next call connects again).  A wake-up is a hint only: the caller
 * still reads what changed.
 */
int scs_store_wait(struct scs_store *st, int timeout_ms, struct scs_err *err);

/**
 * A bulk section inside a write transaction (scs import): the inserts of
 * records, person keys and audit entries that follow may be held back and
 * written together (PostgreSQL: COPY), so the error of one of them may
 * come from a later call instead (any read or other write first writes
 * what is held).  scs_store_bulk_end with @keep writes what is held and
 * ends the section; when that fails, or without @keep, everything the
 * section wrote is undone and the transaction goes on as it was at
 * scs_store_bulk_begin.  Sections do not nest.
 */
int scs_store_bulk_begin(struct scs_store *st, struct scs_err *err);
int scs_store_bulk_end(struct scs_store *st, bool keep, struct scs_err *err);

/** Every person in id order without the sealed fields (for the decision
 * index, which needs identity, organization and nationalities only). */
int scs_store_person_lean_each(struct scs_store *st, scs_person_cb cb,
    void *arg, struct scs_err *err);

#endif
