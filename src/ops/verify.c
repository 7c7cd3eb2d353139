/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - scs audit verify: the Merkle log (audit/log.c), then every
 * record (and every person's data key) against the state hash of its last
 * audited change, so a record written, changed or deleted behind the
 * program's back is found.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scs/map.h"
#include "ops_int.h"

struct last {
	uint8_t state[32];
	uint64_t seq;
	uint8_t deleted;
	uint8_t seen; /* the record was found in the store */
};

struct check {
	struct scs_map *map;
	struct scs_verify_report *rep;
	int nomem;
};

static size_t
key_of(char *buf, size_t size, const char *kind, const char *object)
{
	int n = snprintf(buf, size, "%s%c%s", kind, 0, object);

	return n < 0 || (size_t)n >= size ? size - 1 : (size_t)n;
}

static int
is_zero(const uint8_t *p)
{
	uint8_t acc = 0;
	size_t i;

	for (i = 0; i < 32; i++)
		acc |= p[i];
	return acc == 0;
}

static int
keep_last(void *arg, const struct scs_audit_entry *e)
{
	struct check *ck = arg;
	char key[256];
	size_t klen;
	struct last *l;
	int deleted = strcmp(e->action, "delete") == 0;

	if (is_zero(e->state) && !deleted)
		return SCS_OK; /* reads, sign-ins: no record changed */
	klen = key_of(key, sizeof(key), e->kind, e->object);
	if ((l = scs_map_get(ck->map, key, klen, 1)) == NULL) {
		ck->nomem = 1;
		return SCS_ENOMEM;
	}
	memcpy(l->state, e->state, 32);
	l->seq = e->seq;
	l->deleted = (uint8_t)deleted;
	return SCS_OK;
}

static int bad(struct check *ck, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int
bad(struct check *ck, const char *fmt, ...)
{
	va_list ap;

	ck->rep->ok = 0;
	va_start(ap, fmt);
	(void)vsnprintf(ck->rep->problem, sizeof(ck->rep->problem), fmt, ap);
	va_end(ap);
	return SCS_ECORRUPT;
}

static int
check_one(struct check *ck, const char *kind, const char *id,
    const uint8_t state[32])
{
	char key[256];
	struct last *l =
	    scs_map_get(ck->map, key, key_of(key, sizeof(key), kind, id), 0);

	if (scs_op_state_unknown(state)) {
		ck->nomem = 1;
		return SCS_ENOMEM;
	}
	ck->rep->records++;
	if (l == NULL || l->deleted)
		return bad(ck,
		    "%s \"%s\" has no audited creation: it was written "
		    "behind the program's back",
		    kind, id);
	l->seen = 1;
	if (memcmp(l->state, state, 32) != 0)
		return bad(ck,
		    "%s \"%s\" differs from its last audited state (entry "
		    "%llu): it was changed behind the program's back",
		    kind, id, (unsigned long long)l->seq);
	return SCS_OK;
}

static int
check_user(void *arg, const struct scs_user *u)
{
	uint8_t s[32];

	scs_op_state_user(u, s);
	return check_one(arg, "user", u->id, s);
}

static int
check_rec(void *arg, const struct scs_record *r)
{
	char key[3 * SCS_ID_MAX];
	uint8_t st[32];

	scs_record_object(r, key, sizeof(key));
	scs_op_state(r, st);
	return check_one(arg, scs_kind_name(r->kind), key, st);
}

/* Persons' data keys are not records of the kind table, but each change
 * of one is audited with its stored state like a record's. */
static int
check_pkey(void *arg, const struct scs_person_key *k)
{
	uint8_t s[32];

	scs_op_state_pkey(k, s);
	return check_one(arg, "person_key", k->person, s);
}

static int
check_missing(void *arg, const void *key, size_t klen, void *value)
{
	struct check *ck = arg;
	struct last *l = value;
	const char *kind = key;

	(void)klen;
	if (l->deleted || l->seen)
		return 0;
	return bad(ck,
	    "%s \"%s\" is in the audit log (entry %llu) but not in the "
	    "register: it was deleted behind the program's back",
	    kind, kind + strlen(kind) + 1, (unsigned long long)l->seq);
}

int
scs_op_audit_verify(struct scs_ctx *c, struct scs_verify_report *rep,
    struct scs_err *err)
{
	struct check ck;
	int rc, k;

	memset(rep, 0, sizeof(*rep));
	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
	         "verify the audit log", err)) != SCS_OK)
		return rc;
	memset(&ck, 0, sizeof(ck));
	ck.rep = rep;
	if ((ck.map = scs_map_new(sizeof(struct last))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		goto out;
	rc = scs_audit_verify(c->st, scs_keys_public(c->keys), keep_last, &ck,
	    &rep->log, err);
	if (rc != SCS_OK || !rep->log.ok) {
		if (rc == SCS_OK)
			(void)snprintf(rep->problem, sizeof(rep->problem), "%s",
			    rep->log.problem);
		goto done;
	}
	rep->ok = 1;
	rc = SCS_OK;
	/* Every record of every kind, then the accounts. */
	for (k = 0; rc == SCS_OK && k < SCS_KIND_N; k++)
		rc = scs_store_rec_each(c->st, (enum scs_kind)k, check_rec, &ck,
		    err);
	if (rc == SCS_OK)
		rc = scs_store_pkey_each(c->st, NULL, 0, 0, check_pkey, &ck,
		    err);
	if (rc == SCS_OK)
		rc = scs_store_user_each(c->st, check_user, &ck, err);
	if (rc == SCS_OK)
		rc = scs_map_each(ck.map, check_missing, &ck);
	if (rc == SCS_ECORRUPT && !rep->ok)
		rc = SCS_OK;
done:
	scs_store_rollback(c->st);
	if (ck.nomem)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
out:
	scs_map_free(ck.map);
	return rc;
}

int
scs_op_audit_list(struct scs_ctx *c, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR, "read the audit log",
	         err)) != SCS_OK)
		return rc;
	return scs_store_audit_each(c->st, from, limit, cb, arg, err);
}

int
scs_op_audit_find(struct scs_ctx *c, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR, "read the audit log",
	         err)) != SCS_OK)
		return rc;
	/* As long as the log's fields at most (struct scs_audit_entry). */
	if ((f->actor != NULL &&
	        scs_valid_text(f->actor, SCS_ACTOR_MAX, "actor", err) !=
	            SCS_OK) ||
	    (f->action != NULL &&
	        scs_valid_id(f->action, "action", err) != SCS_OK) ||
	    (f->kind != NULL && scs_valid_id(f->kind, "kind", err) != SCS_OK) ||
	    (f->object != NULL &&
	        scs_valid_text(f->object, 2 * SCS_ID_MAX + 1, "object", err) !=
	            SCS_OK))
		return SCS_EINVAL;
	if (f->action != NULL && strlen(f->action) > SCS_ACTION_MAX)
		return scs_err_set(err, SCS_EINVAL, "action",
		    "must be at most %d bytes", SCS_ACTION_MAX);
	if (f->kind != NULL && strlen(f->kind) > SCS_KIND_MAX)
		return scs_err_set(err, SCS_EINVAL, "kind",
		    "must be at most %d bytes", SCS_KIND_MAX);
	if (f->to_us < f->from_us)
		return scs_err_set(err, SCS_EINVAL, "to",
		    "must not be before from");
	return scs_store_audit_find(c->st, f, limit, cb, arg, err);
}

int
scs_op_audit_head(struct scs_ctx *c, struct scs_tree_head *out,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
	         "read the signed tree head", err)) != SCS_OK)
		return rc;
	return scs_audit_head(c->st, out, err);
}
