/* SPDX-License-Identifier: Apache-2.0 */
/*
 * store.c - picks a backend from the URL and forwards each scs_store_* call
 * to it.  No SQL and no domain rules here.
 */
#include <stdio.h>
#include <string.h>

#include "scs/store.h"

bool
scs_store_is_url(const char *db)
{
	return db != NULL &&
	    (strncmp(db, "postgres://", 11) == 0 ||
	        strncmp(db, "postgresql://", 13) == 0);
}

void
scs_store_shown(const char *db, char *out, size_t size)
{
	const char *scheme = strstr(db, "://"), *at, *colon;

	if (!scs_store_is_url(db) || scheme == NULL ||
	    (at = strchr(scheme + 3, '@')) == NULL ||
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))) ==
	        NULL) {
		(void)snprintf(out, size, "%s", db);
		return;
	}
	(void)snprintf(out, size, "%.*s:***%s", (int)(colon - db), db, at);
}

int
scs_store_open(const char *url, bool create, struct scs_store **out,
    struct scs_err *err)
{
	*out = NULL;
	if (url == NULL || url[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "db", "no database given");
	if (scs_store_is_url(url))
		return scs_store_pg_open(url, create, out, err);
	return scs_store_sqlite_open(url, create, out, err);
}

void
scs_store_close(struct scs_store *st)
{
	if (st != NULL)
		st->ops->close(st);
}

int
scs_store_migrate(struct scs_store *st, int *out_version, struct scs_err *err)
{
	return st->ops->migrate(st, out_version, err);
}

int
scs_store_begin(struct scs_store *st, struct scs_err *err)
{
	return st->ops->begin(st, err);
}

int
scs_store_begin_read(struct scs_store *st, struct scs_err *err)
{
	return st->ops->begin_read(st, err);
}

int
scs_store_commit(struct scs_store *st, struct scs_err *err)
{
	return st->ops->commit(st, err);
}

void
scs_store_rollback(struct scs_store *st)
{
	st->ops->rollback(st);
}

int
scs_store_meta_get(struct scs_store *st, const char *key, struct scs_blob *out,
    struct scs_err *err)
{
	return st->ops->meta_get(st, key, out, err);
}

int
scs_store_meta_put(struct scs_store *st, const char *key, const void *p,
    size_t len, struct scs_err *err)
{
	return st->ops->meta_put(st, key, p, len, err);
}

int
scs_store_user_put(struct scs_store *st, const struct scs_user *u,
    enum scs_put_mode mode, struct scs_err *err)
{
	return st->ops->user_put(st, u, mode, err);
}

int
scs_store_user_get(struct scs_store *st, const char *id, struct scs_user *out,
    struct scs_err *err)
{
	return st->ops->user_get(st, id, out, err);
}

int
scs_store_user_by_apikey(struct scs_store *st, const char *hash,
    struct scs_user *out, struct scs_err *err)
{
	return st->ops->user_by_apikey(st, hash, out, err);
}

int
scs_store_user_by_cert(struct scs_store *st, const char *fp,
    struct scs_user *out, struct scs_err *err)
{
	return st->ops->user_by_cert(st, fp, out, err);
}

int
scs_store_user_each(struct scs_store *st, scs_user_cb cb, void *arg,
    struct scs_err *err)
{
	return st->ops->user_each(st, cb, arg, err);
}

int
scs_store_login_get(struct scs_store *st, const char *user, int *out_failures,
    int64_t *out_locked_until, struct scs_err *err)
{
	return st->ops->login_get(st, user, out_failures, out_locked_until,
	    err);
}

int
scs_store_login_put(struct scs_store *st, const char *user, int failures,
    int64_t locked_until, struct scs_err *err)
{
	return st->ops->login_put(st, user, failures, locked_until, err);
}

int
scs_store_session_put(struct scs_store *st, const struct scs_session *s,
    struct scs_err *err)
{
	return st->ops->session_put(st, s, err);
}

int
scs_store_session_get(struct scs_store *st, const char *token_hash,
    struct scs_session *out, struct scs_err *err)
{
	return st->ops->session_get(st, token_hash, out, err);
}

int
scs_store_session_delete(struct scs_store *st, const char *token_hash,
    const char *user, struct scs_err *err)
{
	return st->ops->session_delete(st, token_hash, user, err);
}

int
scs_store_session_each(struct scs_store *st, const char *user,
    scs_session_cb cb, void *arg, struct scs_err *err)
{
	return st->ops->session_each(st, user, cb, arg, err);
}

int
scs_store_session_touch(struct scs_store *st, const char *token_hash,
    int64_t last_seen, struct scs_err *err)
{
	return st->ops->session_touch(st, token_hash, last_seen, err);
}

int
scs_store_audit_append(struct scs_store *st, const struct scs_audit_entry *e,
    struct scs_err *err)
{
	return st->ops->audit_append(st, e, err);
}

int
scs_store_audit_each(struct scs_store *st, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err)
{
	return st->ops->audit_each(st, from, limit, cb, arg, err);
}

int
scs_store_audit_find(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err)
{
	return st->ops->audit_find(st, f, limit, cb, arg, err);
}

int
scs_store_head_put(struct scs_store *st, const struct scs_tree_head *h,
    struct scs_err *err)
{
	return st->ops->head_put(st, h, err);
}

int
scs_store_head_each(struct scs_store *st, scs_head_cb cb, void *arg,
    struct scs_err *err)
{
	return st->ops->head_each(st, cb, arg, err);
}

int
scs_store_audit_leaves(struct scs_store *st, uint64_t from, size_t n,
    uint8_t (*out)[32], struct scs_err *err)
{
	return st->ops->audit_leaves(st, from, n, out, err);
}

int
scs_store_node_put(struct scs_store *st, unsigned level, uint64_t index,
    const uint8_t hash[32], struct scs_err *err)
{
	return st->ops->node_put(st, level, index, hash, err);
}

int
scs_store_node_get(struct scs_store *st, unsigned level, uint64_t index,
    uint8_t out[32], struct scs_err *err)
{
	return st->ops->node_get(st, level, index, out, err);
}

int
scs_store_node_get_many(struct scs_store *st, const unsigned *levels,
    const uint64_t *indices, size_t n, uint8_t (*out)[32], struct scs_err *err)
{
	return st->ops->node_get_many(st, levels, indices, n, out, err);
}

/* ---- organizations and persons: typed forms of the record calls ---- */

int
scs_store_org_put(struct scs_store *st, const struct scs_org *o,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_ORG);
	r.u.org = *o;
	return st->ops->rec_put(st, &r, mode, err);
}

int
scs_store_org_get(struct scs_store *st, const char *id, struct scs_org *out,
    struct scs_err *err)
{
	struct scs_record r;
	int rc;

	scs_record_init(&r, SCS_KIND_ORG);
	(void)scs_strlcpy(r.u.org.id, id, sizeof(r.u.org.id));
	if ((rc = st->ops->rec_get(st, &r, &r, err)) == SCS_OK)
		*out = r.u.org;
	return rc;
}

struct typed {
	scs_org_cb org;
	scs_person_cb person;
	void *arg;
};

static int
typed_cb(void *arg, const struct scs_record *r)
{
	const struct typed *t = arg;

	return r->kind == SCS_KIND_ORG ? t->org(t->arg, &r->u.org)
	                               : t->person(t->arg, &r->u.person);
}

int
scs_store_org_each(struct scs_store *st, scs_org_cb cb, void *arg,
    struct scs_err *err)
{
	struct typed t = {cb, NULL, arg};

	return st->ops->rec_query(st, SCS_KIND_ORG, NULL, typed_cb, &t, err);
}

int
scs_store_person_put(struct scs_store *st, const struct scs_person *p,
    enum scs_put_mode mode, struct scs_err *err)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_PERSON);
	r.u.person = *p; /* borrows the sealed blob */
	return st->ops->rec_put(st, &r, mode, err);
}

int
scs_store_person_get(struct scs_store *st, const char *id,
    struct scs_person *out, struct scs_err *err)
{
	struct scs_record r;
	int rc;

	scs_record_init(&r, SCS_KIND_PERSON);
	(void)scs_strlcpy(r.u.person.id, id, sizeof(r.u.person.id));
	if ((rc = st->ops->rec_get(st, &r, &r, err)) == SCS_OK)
		*out = r.u.person; /* the caller now owns the sealed blob */
	return rc;
}

int
scs_store_person_each(struct scs_store *st, const char *org, const char *after,
    size_t limit, scs_person_cb cb, void *arg, struct scs_err *err)
{
	struct typed t = {NULL, cb, arg};
	struct scs_rec_query q;
	struct scs_record from;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = org != NULL ? "org" : NULL;
	q.eq[0].value = org;
	q.limit = limit;
	if (after != NULL) {
		scs_record_init(&from, SCS_KIND_PERSON);
		(void)scs_strlcpy(from.u.person.id, after,
		    sizeof(from.u.person.id));
		q.after = &from;
	}
	return st->ops->rec_query(st, SCS_KIND_PERSON, &q, typed_cb, &t, err);
}

int
scs_store_person_lean_each(struct scs_store *st, scs_person_cb cb, void *arg,
    struct scs_err *err)
{
	struct typed t = {NULL, cb, arg};
	struct scs_rec_query q;

	memset(&q, 0, sizeof(q));
	q.lean = true;
	return st->ops->rec_query(st, SCS_KIND_PERSON, &q, typed_cb, &t, err);
}

/* ---- records of any kind ---- */

int
scs_store_rec_put(struct scs_store *st, const struct scs_record *r,
    enum scs_put_mode mode, struct scs_err *err)
{
	return st->ops->rec_put(st, r, mode, err);
}

int
scs_store_rec_get(struct scs_store *st, const struct scs_record *key,
    struct scs_record *out, struct scs_err *err)
{
	return st->ops->rec_get(st, key, out, err);
}

int
scs_store_rec_query(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *q, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	return st->ops->rec_query(st, kind, q, cb, arg, err);
}

int
scs_store_reopen(struct scs_store *st, struct scs_store **out,
    struct scs_err *err)
{
	return st->ops->reopen(st, out, err);
}

int
scs_store_rec_count(struct scs_store *st, enum scs_kind kind,
    const struct scs_rec_query *q, uint64_t *out, struct scs_err *err)
{
	return st->ops->rec_count(st, kind, q, out, err);
}

int
scs_store_rec_each(struct scs_store *st, enum scs_kind kind, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	return st->ops->rec_query(st, kind, NULL, cb, arg, err);
}

int
scs_store_head_at(struct scs_store *st, uint64_t size,
    struct scs_tree_head *out, struct scs_err *err)
{
	return st->ops->head_at(st, size, out, err);
}

int
scs_store_head_last(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err)
{
	return st->ops->head_last(st, out, err);
}

int
scs_store_pkey_get(struct scs_store *st, const char *person,
    struct scs_person_key *out, struct scs_err *err)
{
	return st->ops->pkey_get(st, person, out, err);
}

int
scs_store_pkey_put(struct scs_store *st, const struct scs_person_key *k,
    enum scs_put_mode mode, struct scs_err *err)
{
	return st->ops->pkey_put(st, k, mode, err);
}

int
scs_store_pkey_each(struct scs_store *st, const char *after, size_t limit,
    uint32_t not_under, scs_pkey_cb cb, void *arg, struct scs_err *err)
{
	return st->ops->pkey_each(st, after, limit, not_under, cb, arg, err);
}

int
scs_store_pkey_count(struct scs_store *st, uint32_t under, uint64_t *out,
    struct scs_err *err)
{
	return st->ops->pkey_count(st, under, out, err);
}

int
scs_store_dblock_put(struct scs_store *st, const struct scs_dblock_row *b,
    struct scs_err *err)
{
	return st->ops->dblock_put(st, b, err);
}

int
scs_store_dblock_each(struct scs_store *st, const struct scs_dblock_query *q,
    scs_dblock_row_cb cb, void *arg, struct scs_err *err)
{
	return st->ops->dblock_each(st, q, cb, arg, err);
}

int
scs_store_wait(struct scs_store *st, int timeout_ms, struct scs_err *err)
{
	return st->ops->wait(st, timeout_ms, err);
}

int
scs_store_checkpoint(struct scs_store *st, struct scs_err *err)
{
	return st->ops->checkpoint(st, err);
}

int
scs_store_snapshot(struct scs_store *st, const char *path, struct scs_err *err)
{
	return st->ops->snapshot(st, path, err);
}

int
scs_store_bulk_begin(struct scs_store *st, struct scs_err *err)
{
	return st->ops->bulk_begin(st, err);
}

int
scs_store_bulk_end(struct scs_store *st, bool keep, struct scs_err *err)
{
	return st->ops->bulk_end(st, keep, err);
}
