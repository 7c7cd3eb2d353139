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
	struct scs_person *v;
	size_t n;
};

static int
collect(void *arg, const struct scs_person *p)
{
	struct batch *b = arg;
	struct scs_person *d = &b->v[b->n];

	*d = *p;
	memset(&d->relatives, 0, sizeof(d->relatives));
	if (scs_blob_set(&d->relatives, p->relatives.p, p->relatives.len) !=
	    SCS_OK)
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
		scs_store_rollback(c->st);
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

static int
reseal_batch(struct scs_ctx *c, struct batch *b, struct scs_relatives *rel,
    uint64_t *resealed, struct scs_err *err)
{
	uint8_t state[32];
	size_t i;
	int rc = SCS_OK;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	for (i = 0; i < b->n && rc == SCS_OK; i++) {
		struct scs_person *p = &b->v[i];

		if ((rc = scs_op_open_relatives(c, p, rel, err)) != SCS_OK ||
		    (rc = scs_op_seal_relatives(c, p, rel, err)) != SCS_OK)
			break;
		scs_crypto_wipe(rel, sizeof(*rel));
		scs_op_state_person(p, state);
		if ((rc = scs_store_person_put(c->st, p, SCS_PUT_UPDATE,
		         err)) == SCS_OK)
			rc = scs_op_audit(c, "reseal", "person", p->id, state,
			    NULL, err);
	}
	if (rc != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*resealed += b->n;
	return rc;
}

int
scs_op_keys_rotate(struct scs_ctx *c, scs_progress_fn progress, void *parg,
    uint32_t *out_key, uint64_t *out_resealed, struct scs_err *err)
{
	struct scs_relatives *rel = NULL;
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
	b.v = calloc(BATCH, sizeof(*b.v));
	rel = scs_crypto_secalloc(sizeof(*rel));
	if (b.v == NULL || rel == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	for (;;) {
		b.n = 0;
		rc = scs_store_person_sealed_under(c->st, target, BATCH,
		    collect, &b, err);
		if (rc == SCS_OK && b.n > 0)
			rc = reseal_batch(c, &b, rel, out_resealed, err);
		for (i = 0; i < b.n; i++)
			scs_person_clear(&b.v[i]);
		if (rc != SCS_OK || b.n == 0)
			break;
		if (progress != NULL)
			progress(parg, *out_resealed, 0);
	}
	if (rc != SCS_OK)
		goto out;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = scs_store_meta_put(c->st, TARGET_KEY, "", 0, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "rotate_end", "key", "", NULL, NULL, err)) !=
	        SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	rc = scs_op_commit(c, err);
out:
	free(b.v);
	scs_crypto_secfree(rel);
	return rc;
}
