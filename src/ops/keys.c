/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c - key rotation.  A new data key is made current, then every
 * sealed value under another key is re-sealed in batches, one transaction
 * and one audit entry per record.  The target key id is kept in the store,
 * so a run that is killed midway resumes where it stopped; until it ends,
 * values under the old keys still open because old keys stay on disk.
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

/* Re-seal every sealed field of each record of @b under the current key:
 * one transaction, one audit entry per record. */
static int
reseal_batch(struct scs_ctx *c, struct batch *b, uint64_t *resealed,
    struct scs_err *err)
{
	const struct scs_kind_def *d;
	char object[3 * SCS_ID_MAX], *pt;
	uint8_t state[32];
	size_t i, k, len;
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
		for (k = 0; rc == SCS_OK && k < d->nfields; k++) {
			const struct scs_blob *sb =
			    SCS_FIELD_CPTR(&r->u, &d->fields[k]);

			if (d->fields[k].type != SCS_FT_SEALED || sb->len == 0)
				continue; /* no value sealed there */
			if ((rc = scs_op_open_field(c, r, d->fields[k].name,
			         &pt, &len, err)) != SCS_OK)
				break;
			rc = scs_op_seal_field(c, r, d->fields[k].name, pt, len,
			    err);
			scs_crypto_secfree(pt);
		}
		if (rc != SCS_OK)
			break;
		scs_op_state(r, state);
		scs_record_object(r, object, sizeof(object));
		if ((rc = scs_store_rec_put(c->st, r, SCS_PUT_UPDATE, err)) ==
		    SCS_OK)
			rc = scs_op_audit(c, "reseal", d->name, object, state,
			    NULL, err);
	}
	if (rc != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*resealed += b->n;
	return rc;
}

/* Re-seal, in batches, every record of @kind with a value under a key
 * other than @target. */
static int
reseal_kind(struct scs_ctx *c, enum scs_kind kind, uint32_t target,
    struct batch *b, scs_progress_fn progress, void *parg, uint64_t *resealed,
    struct scs_err *err)
{
	struct scs_rec_query q;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	q.sealed_not_under = true;
	q.key = target;
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

int
scs_op_keys_rotate(struct scs_ctx *c, scs_progress_fn progress, void *parg,
    uint32_t *out_key, uint64_t *out_resealed, struct scs_err *err)
{
	struct batch b = {NULL, 0};
	uint32_t target = 0;
	size_t i;
	int rc;

	*out_resealed = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "rotate keys", err)) !=
	        SCS_OK ||
	    (rc = target_key(c, &target, err)) != SCS_OK)
		return rc;
	*out_key = target;
	if ((b.v = calloc(BATCH, sizeof(*b.v))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	/* Every kind with a sealed field, from the kind table. */
	for (i = 0; rc == SCS_OK && i < SCS_KIND_N; i++)
		if (scs_kind_has_sealed(scs_kind_def((enum scs_kind)i)))
			rc = reseal_kind(c, (enum scs_kind)i, target, &b,
			    progress, parg, out_resealed, err);
	free(b.v);
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
