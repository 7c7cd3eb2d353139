/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c - key rotation.  A new data key is made current; then, in
 * batches of one transaction each:
 *  - every value still in format 1 (sealed under a register key itself,
 *    from before person keys) is converted: opened and sealed again under
 *    its person's key (made then, when the person has none), one audit
 *    entry "reseal" per record;
 *  - every person's data key wrapped under another register key is
 *    re-wrapped under the new one, one audit entry "rewrap" per person.
 * Values in format 2 are never touched: the cost of a rotation is one
 * small value per person.  The target key id is kept in the store, so a
 * run that is killed midway resumes where it stopped; until it ends, keys
 * and values under the old register keys still open because old keys
 * stay on disk.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/crypto.h"
#include "ops_int.h"

#define TARGET_KEY "keys.rotation_target"
#define BATCH      256

struct batch {
	struct scs_record *v;
	size_t n;
};

static int
collect(void *arg, const struct scs_record *r)
{
	struct batch *b = arg;

	if (scs_record_copy(&b->v[b->n], r) != SCS_OK)
		return SCS_ENOMEM;
	b->n++;
	return SCS_OK;
}

static int
target_key(struct scs_ctx *c, uint32_t *out, struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	uint8_t v[4];
	int rc;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	rc = scs_store_meta_get(c->st, TARGET_KEY, &b, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return scs_op_abort(c, rc);
	if (rc == SCS_OK && b.len == 4 &&
	    scs_keys_have(c->keys,
	        (uint32_t)b.p[0] << 24 | (uint32_t)b.p[1] << 16 |
	            (uint32_t)b.p[2] << 8 | b.p[3])) {
		*out = (uint32_t)b.p[0] << 24 | (uint32_t)b.p[1] << 16 |
		    (uint32_t)b.p[2] << 8 | b.p[3];
		scs_blob_free(&b);
		(void)scs_op_abort(c, SCS_OK);
		return SCS_OK; /* resume an interrupted rotation */
	}
	scs_blob_free(&b);
	if ((rc = scs_keys_add(c->keys, out, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	v[0] = (uint8_t)(*out >> 24);
	v[1] = (uint8_t)(*out >> 16);
	v[2] = (uint8_t)(*out >> 8);
	v[3] = (uint8_t)*out;
	if ((rc = scs_store_meta_put(c->st, TARGET_KEY, v, 4, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "rotate_begin", "key", "", NULL, NULL,
	         err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

/* Seal every format-1 value of each record of @b again under its
 * person's key: one transaction, one audit entry per record changed. */
static int
reseal_batch(struct scs_ctx *c, struct batch *b, uint64_t *resealed,
    struct scs_err *err)
{
	const struct scs_kind_def *d;
	char object[3 * SCS_ID_MAX], *pt;
	uint8_t state[32];
	size_t i, k, len, changed;
	int rc;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	for (i = 0; i < b->n && rc == SCS_OK; i++) {
		struct scs_record *r = &b->v[i];

		/* The batch was listed before this transaction: read each
		 * record again inside it, so a change committed in between
		 * (a server's write) is re-sealed, not overwritten by the
		 * older copy. */
		rc = scs_store_rec_get(c->st, r, r, err);
		if (rc == SCS_ENOTFOUND) { /* deleted since: nothing to do */
			scs_err_clear(err);
			rc = SCS_OK;
			continue;
		}
		if (rc != SCS_OK)
			break;
		d = scs_kind_def(r->kind);
		for (k = 0, changed = 0; rc == SCS_OK && k < d->nfields; k++) {
			const struct scs_blob *sb =
			    SCS_FIELD_CPTR(&r->u, &d->fields[k]);

			if (d->fields[k].type != SCS_FT_SEALED ||
			    sb->len == 0 ||
			    scs_crypto_sealed_format(sb->p, sb->len) ==
			        SCS_SEAL_PERSON)
				continue; /* none, or under its person's key */
			if ((rc = scs_op_open_field(c, r, d->fields[k].name,
			         &pt, &len, err)) != SCS_OK)
				break;
			rc = scs_op_seal_field(c, r, d->fields[k].name, pt, len,
			    err);
			scs_crypto_secfree(pt);
			changed++;
		}
		if (rc != SCS_OK)
			break;
		if (changed == 0) /* converted since it was listed */
			continue;
		scs_op_state(r, state);
		scs_record_object(r, object, sizeof(object));
		if ((rc = scs_store_rec_put(c->st, r, SCS_PUT_UPDATE, err)) ==
		    SCS_OK)
			rc = scs_op_audit_sealed(c, "reseal", d->name, object,
			    state, NULL, err);
	}
	if (rc != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*resealed += b->n;
	return rc;
}

/* Convert, in batches, every record of @kind with a format-1 value
 * (under any register key, the target's included). */
static int
reseal_kind(struct scs_ctx *c, enum scs_kind kind, struct batch *b,
    scs_progress_fn progress, void *parg, uint64_t *resealed,
    struct scs_err *err)
{
	struct scs_rec_query q;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	q.sealed_not_under = true;
	q.key = 0;
	q.limit = BATCH;
	for (;;) {
		b->n = 0;
		rc = scs_store_rec_query(c->st, kind, &q, collect, b, err);
		if (rc == SCS_OK && b->n > 0)
			rc = reseal_batch(c, b, resealed, err);
		for (i = 0; i < BATCH; i++)
			scs_record_clear(&b->v[i]);
		if (rc != SCS_OK || b->n == 0)
			return rc;
		if (progress != NULL)
			progress(parg, *resealed, 0);
	}
}

/* The persons of one batch of keys to re-wrap. */
struct people {
	char (*id)[SCS_ID_MAX + 1];
	size_t n;
};

static int
collect_pkey(void *arg, const struct scs_person_key *k)
{
	struct people *p = arg;

	(void)scs_strlcpy(p->id[p->n++], k->person, SCS_ID_MAX + 1);
	return SCS_OK;
}

/* Re-wrap, in batches, every live person key wrapped under a register
 * key other than @target. */
static int
rewrap_all(struct scs_ctx *c, uint32_t target, scs_progress_fn progress,
    void *parg, uint64_t resealed, uint64_t *rewrapped, struct scs_err *err)
{
	struct people p = {NULL, 0};
	uint64_t n;
	bool done;
	size_t i;
	int rc;

	if ((p.id = calloc(BATCH, sizeof(*p.id))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (;;) {
		p.n = 0;
		rc = scs_store_pkey_each(c->st, NULL, BATCH, target,
		    collect_pkey, &p, err);
		if (rc != SCS_OK || p.n == 0)
			break;
		/* Listed before this transaction: each key is read again
		 * inside it (scs_op_pkey_rewrap), so one a purge destroyed
		 * in between stays destroyed. */
		if ((rc = scs_op_begin(c, err)) != SCS_OK)
			break;
		for (i = 0, n = 0; rc == SCS_OK && i < p.n; i++) {
			rc = scs_op_pkey_rewrap(c, p.id[i], &done, err);
			n += done;
		}
		if (rc != SCS_OK) {
			(void)scs_op_abort(c, rc);
			break;
		}
		if ((rc = scs_op_commit(c, err)) != SCS_OK)
			break;
		*rewrapped += n;
		if (n == 0) /* a key that cannot move: do not spin */
			break;
		if (progress != NULL)
			progress(parg, resealed + *rewrapped, 0);
	}
	free(p.id);
	return rc;
}

int
scs_op_keys_rotate(struct scs_ctx *c, scs_progress_fn progress, void *parg,
    uint32_t *out_key, uint64_t *out_resealed, uint64_t *out_rewrapped,
    struct scs_err *err)
{
	struct batch b = {NULL, 0};
	uint32_t target = 0;
	size_t i;
	int rc;

	*out_resealed = 0;
	*out_rewrapped = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "rotate keys", err)) !=
	        SCS_OK ||
	    (rc = target_key(c, &target, err)) != SCS_OK)
		return rc;
	*out_key = target;
	if ((b.v = calloc(BATCH, sizeof(*b.v))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	/* Every kind with a sealed field, from the kind table; the person
	 * keys this makes are wrapped under the target already. */
	for (i = 0; rc == SCS_OK && i < SCS_KIND_N; i++)
		if (scs_kind_has_sealed(scs_kind_def((enum scs_kind)i)))
			rc = reseal_kind(c, (enum scs_kind)i, &b, progress,
			    parg, out_resealed, err);
	free(b.v);
	if (rc == SCS_OK)
		rc = rewrap_all(c, target, progress, parg, *out_resealed,
		    out_rewrapped, err);
	if (rc != SCS_OK)
		return rc;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_meta_put(c->st, TARGET_KEY, "", 0, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "rotate_end", "key", "", NULL, NULL, err)) !=
	        SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

struct list_arg {
	struct scs_ctx *c;
	scs_key_view_cb cb;
	void *arg;
	struct scs_err *err;
};

static int
list_one(void *arg, const struct scs_key_info *ki)
{
	struct list_arg *a = arg;
	struct scs_key_view v;
	int rc;

	memset(&v, 0, sizeof(v));
	v.id = ki->id;
	v.current = ki->current;
	v.created_us = ki->created_us;
	if ((rc = scs_store_pkey_count(a->c->st, ki->id, &v.person_keys,
	         a->err)) != SCS_OK)
		return rc;
	return a->cb(a->arg, &v);
}

int
scs_op_keys_list(struct scs_ctx *c, scs_key_view_cb cb, void *arg,
    uint32_t *out_rotating, struct scs_err *err)
{
	struct list_arg a = {c, cb, arg, err};
	struct scs_blob b = {NULL, 0};
	int rc;

	*out_rotating = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "read the keys", err)) !=
	    SCS_OK)
		return rc;
	rc = scs_store_meta_get(c->st, TARGET_KEY, &b, err);
	if (rc == SCS_OK && b.len == 4)
		*out_rotating = (uint32_t)b.p[0] << 24 |
		    (uint32_t)b.p[1] << 16 | (uint32_t)b.p[2] << 8 | b.p[3];
	scs_blob_free(&b);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	return scs_keys_list(c->keys, list_one, &a, err);
}
