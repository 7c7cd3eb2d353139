/* SPDX-License-Identifier: Apache-2.0 */
/*
 * verify.c - scs audit verify: the Merkle log (audit/log.c), then every
 * record (and every person's data key) against the state hash of its last
 * audited change, so a record written, changed or deleted behind the
 * program's back is found.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/dblock.h"
#include "scs/map.h"
#include "ops_int.h"

struct last {
	uint8_t state[32];
	uint64_t seq;
	uint8_t deleted;
	uint8_t seen; /* the record was found in the store */
};

/* A decision block's entry: its seq and the hash it holds. */
struct bentry {
	uint64_t seq;
	uint8_t state[32];
};

struct check {
	struct scs_map *map;
	struct bentry *blocks; /* in seq order, as the walk found them */
	size_t nblocks, capblocks, next;
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
	if (strcmp(e->kind, "decision_block") == 0) {
		/* Not a record: checked against the blocks below. */
		if (ck->nblocks == ck->capblocks) {
			size_t ncap = ck->capblocks ? 2 * ck->capblocks : 64;
			struct bentry *nb =
			    realloc(ck->blocks, ncap * sizeof(*nb));

			if (nb == NULL) {
				ck->nomem = 1;
				return SCS_ENOMEM;
			}
			ck->blocks = nb;
			ck->capblocks = ncap;
		}
		ck->blocks[ck->nblocks].seq = e->seq;
		memcpy(ck->blocks[ck->nblocks++].state, e->state, 32);
		return SCS_OK;
	}
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

/* Each stored block against the entry that holds its hash, in seq
 * order: it has one, its bytes hash to it, they decode, and the columns
 * a search reads (count, first and last time) say what the bytes do. */
static int
check_block(void *arg, const struct scs_dblock_row *b)
{
	struct check *ck = arg;
	struct scs_dblock_info info;
	uint8_t h[32];
	char why[128];
	int rc;

	if (ck->next < ck->nblocks && ck->blocks[ck->next].seq < b->seq)
		return bad(ck,
		    "the decision block of entry %llu is missing: it was "
		    "deleted behind the program's back",
		    (unsigned long long)ck->blocks[ck->next].seq);
	if (ck->next == ck->nblocks || ck->blocks[ck->next].seq != b->seq)
		return bad(ck,
		    "decision block %llu has no audit entry of its own: it "
		    "was written behind the program's back",
		    (unsigned long long)b->seq);
	scs_audit_state("decision_block", b->body, b->len, h);
	if (memcmp(h, ck->blocks[ck->next].state, 32) != 0)
		return bad(ck,
		    "decision block %llu was altered: its bytes do not match "
		    "the hash in its audit entry",
		    (unsigned long long)b->seq);
	rc = scs_dblock_decode(b->body, b->len, NULL, NULL, &info, why);
	if (rc == SCS_ENOMEM) {
		ck->nomem = 1;
		return rc;
	}
	if (rc != SCS_OK)
		return bad(ck, "decision block %llu does not decode: %s",
		    (unsigned long long)b->seq, why);
	if (info.count != b->count || info.first_at != b->first_at ||
	    info.last_at != b->last_at)
		return bad(ck,
		    "decision block %llu: its stored count or times do not "
		    "match its records (changed behind the program's back)",
		    (unsigned long long)b->seq);
	ck->next++;
	ck->rep->blocks++;
	return SCS_OK;
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
	if (rc == SCS_OK) {
		struct scs_dblock_query q = {0, 0, INT64_MIN, INT64_MAX};

		rc = scs_store_dblock_each(c->st, &q, check_block, &ck, err);
	}
	if (rc == SCS_OK && ck.next < ck.nblocks)
		rc = bad(&ck,
		    "the decision block of entry %llu is missing: it was "
		    "deleted behind the program's back",
		    (unsigned long long)ck.blocks[ck.next].seq);
	if (rc == SCS_ECORRUPT && !rep->ok)
		rc = SCS_OK;
done:
	scs_store_rollback(c->st);
	if (ck.nomem)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
out:
	scs_map_free(ck.map);
	free(ck.blocks);
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

/* ---- recorded decisions (decision blocks) ---- */

struct dfind {
	const struct scs_decision_filter *f;
	uint64_t limit, n, seq;
	scs_decision_found_cb cb;
	void *arg;
	int more;
};

static int
found_rec(void *arg, const struct scs_dblock_rec *r)
{
	struct dfind *w = arg;
	struct scs_decision_found d;

	if ((w->f->subject != NULL && strcmp(r->subject, w->f->subject) != 0) ||
	    (w->f->item != NULL && strcmp(r->item, w->f->item) != 0) ||
	    r->at < w->f->from || r->at >= w->f->to)
		return SCS_OK;
	if (w->limit != 0 && w->n == w->limit) {
		w->more = 1;
		return SCS_ETOOBIG; /* stops both walks */
	}
	w->n++;
	d.seq = w->seq;
	d.actor = r->actor;
	d.subject = r->subject;
	d.item = r->item;
	d.at = r->at;
	d.reason = (enum scs_reason)r->reason;
	return w->cb(w->arg, &d);
}

static int
found_block(void *arg, const struct scs_dblock_row *b)
{
	struct dfind *w = arg;

	w->seq = b->seq;
	return scs_dblock_decode(b->body, b->len, found_rec, w, NULL, NULL);
}

int
scs_op_audit_decisions(struct scs_ctx *c, const struct scs_decision_filter *f,
    uint64_t limit, scs_decision_found_cb cb, void *arg, int *out_more,
    struct scs_err *err)
{
	struct scs_dblock_query q = {0, 0, f->from, f->to};
	struct dfind w;
	int rc;

	*out_more = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR, "read the audit log",
	         err)) != SCS_OK)
		return rc;
	if ((f->subject != NULL &&
	        scs_valid_id(f->subject, "subject", err) != SCS_OK) ||
	    (f->item != NULL && scs_valid_id(f->item, "item", err) != SCS_OK))
		return SCS_EINVAL;
	if (f->subject == NULL && (f->from == INT64_MIN || f->to == INT64_MAX))
		return scs_err_set(err, SCS_EINVAL, "subject",
		    "is required, unless both from and to bound the search");
	if (f->to < f->from)
		return scs_err_set(err, SCS_EINVAL, "to",
		    "must not be before from");
	memset(&w, 0, sizeof(w));
	w.f = f;
	w.limit = limit;
	w.cb = cb;
	w.arg = arg;
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	rc = scs_store_dblock_each(c->st, &q, found_block, &w, err);
	scs_store_rollback(c->st);
	if (rc == SCS_ETOOBIG && w.more)
		rc = SCS_OK;
	else if (rc == SCS_ECORRUPT)
		rc = scs_err_set(err, rc, "audit",
		    "decision block %llu does not decode: run scs audit verify",
		    (unsigned long long)w.seq);
	else if (rc == SCS_ENOMEM)
		rc = scs_err_set(err, rc, "", "out of memory");
	*out_more = w.more;
	return rc;
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

/* Both proofs read one snapshot: the heads, the extent of the stored
 * subtree heads and the heads themselves must agree. */
static int
prove(struct scs_ctx *c, int consistency, uint64_t a, uint64_t b,
    struct scs_audit_proof *out, struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
	         "read audit proofs", err)) != SCS_OK ||
	    (rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	rc = consistency ? scs_audit_prove_consistency(c->st, a, b, out, err)
	                 : scs_audit_prove_inclusion(c->st, a, b, out, err);
	scs_store_rollback(c->st);
	return rc;
}

int
scs_op_audit_prove_inclusion(struct scs_ctx *c, uint64_t leaf, uint64_t size,
    struct scs_audit_proof *out, struct scs_err *err)
{
	return prove(c, 0, leaf, size, out, err);
}

int
scs_op_audit_prove_consistency(struct scs_ctx *c, uint64_t from, uint64_t to,
    struct scs_audit_proof *out, struct scs_err *err)
{
	return prove(c, 1, from, to, out, err);
}
