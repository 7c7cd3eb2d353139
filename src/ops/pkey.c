/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pkey.c - persons' data keys (DESIGN.md section 7).  Every sealed value
 * of a person is sealed under that person's own key (format 2,
 * include/scs/crypto.h), which the store keeps only wrapped under the
 * register's data key.  Here: whose a record's values are (the kind
 * table's owner), and finding, creating, re-wrapping and destroying a
 * person's key, each change an audit entry of kind "person_key" with the
 * person as its object and the key's stored state, so `scs audit verify`
 * checks the keys as it checks records.
 *
 * An unwrapped key lives in secure memory for one seal or one open and is
 * wiped right after it: nothing here keeps a key between calls, so no
 * cache can outlive the operation (or the purge that destroys the key).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/codec.h"
#include "ops_int.h"

#define OWNER_DEPTH 2 /* a finding names a case, the case its person */

int
scs_op_owner(struct scs_ctx *c, const struct scs_record *r,
    char out[SCS_ID_MAX + 1], struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *f, *kf;
	struct scs_record *ref = NULL;
	char idbuf[SCS_ID_MAX + 1];
	const char *id;
	enum scs_kind k;
	int depth, rc = SCS_OK;

	out[0] = '\0';
	for (depth = 0; depth < OWNER_DEPTH; depth++) {
		f = d != NULL && d->owner_field != NULL
		    ? scs_kind_field(d, d->owner_field)
		    : NULL;
		if (f == NULL || (id = scs_record_text(r, f->name)) == NULL) {
			rc = scs_err_set(err, SCS_EINTERNAL, "",
			    "%s has no owner in the kind table",
			    d != NULL ? d->name : "?");
			break;
		}
		if (!d->owner_via) {
			if (!scs_strlcpy(out, id, SCS_ID_MAX + 1) ||
			    id[0] == '\0')
				rc = scs_err_set(err, SCS_EINVAL, f->name,
				    "names no person");
			break;
		}
		/* The record the field names, read for its own owner. */
		if (f->ref == NULL || scs_kind_parse(f->ref, &k) != 0) {
			rc = scs_err_set(err, SCS_EINTERNAL, f->name,
			    "refers to no kind");
			break;
		}
		d = scs_kind_def(k);
		kf = scs_kind_field(d, d->key[0]);
		(void)scs_strlcpy(idbuf, id, sizeof(idbuf)); /* @r may be ref */
		if (ref == NULL && (ref = calloc(1, sizeof(*ref))) == NULL) {
			rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
			break;
		}
		scs_record_clear(ref);
		scs_record_init(ref, k);
		(void)scs_strlcpy(SCS_FIELD_PTR(&ref->u, kf), idbuf, kf->size);
		rc = scs_store_rec_get(c->st, ref, ref, err);
		if (rc == SCS_ENOTFOUND)
			rc = scs_err_set(err, SCS_EINVAL, f->name,
			    "no %s \"%s\"", d->name, idbuf);
		if (rc != SCS_OK)
			break;
		r = ref;
	}
	if (rc == SCS_OK && depth == OWNER_DEPTH)
		rc =
		    scs_err_set(err, SCS_EINTERNAL, "", "owner chain too long");
	if (ref != NULL) {
		scs_record_clear(ref);
		free(ref);
	}
	return rc;
}

void
scs_op_state_pkey(const struct scs_person_key *k, uint8_t out[32])
{
	char *hex = malloc(2 * k->wrapped.len + 1), *text = NULL;
	json_t *j = NULL;

	if (hex != NULL) {
		scs_hex(hex, k->wrapped.p, k->wrapped.len);
		j = json_object();
		scs_codec_put(&j, "person", json_string(k->person));
		scs_codec_put(&j, "wrapped", json_string(hex));
		scs_codec_put(&j, "wrapped_key", json_integer(k->wrapped_key));
		scs_codec_put(&j, "created", json_integer(k->created));
		scs_codec_put(&j, "destroyed",
		    k->destroyed != 0 ? json_integer(k->destroyed)
		                      : json_null());
	}
	if (j != NULL)
		text = scs_codec_dumps(j, JSON_COMPACT);
	/* Out of memory: the unknown state, which scs_op_audit refuses. */
	if (text == NULL)
		memset(out, 0xff, 32);
	else
		scs_audit_state("person_key", text, strlen(text), out);
	free(text);
	free(hex);
	json_decref(j);
}

/* Store @k (@mode) and audit @action on it, in the open transaction. */
static int
pkey_put(struct scs_ctx *c, const struct scs_person_key *k,
    enum scs_put_mode mode, const char *action, const char *purpose,
    struct scs_err *err)
{
	uint8_t state[32];
	int rc;

	scs_op_state_pkey(k, state);
	if ((rc = scs_store_pkey_put(c->st, k, mode, err)) != SCS_OK)
		return rc;
	return scs_op_audit(c, action, "person_key", k->person, state, purpose,
	    err);
}

int
scs_op_pkey_open(struct scs_ctx *c, const char *person, bool create,
    uint8_t **out, struct scs_err *err)
{
	struct scs_person_key k;
	bool exists;
	int which, rc;

	*out = NULL;
	memset(&k, 0, sizeof(k));
	/* In an import's batch: the key just made, or none to look for. */
	which = c->bulk != NULL && create ? scs_bulk_key(c->bulk, person, out)
	                                  : SCS_BULK_ASK;
	if (which == SCS_BULK_HAVE)
		return SCS_OK;
	rc = which == SCS_BULK_NONE
	    ? SCS_ENOTFOUND
	    : scs_store_pkey_get(c->st, person, &k, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	exists = rc == SCS_OK;
	if (exists && k.destroyed == 0) {
		rc = scs_crypto_pkey_unwrap(c->keys, person, k.wrapped.p,
		    k.wrapped.len, out, err);
		scs_blob_free(&k.wrapped);
		return rc;
	}
	scs_blob_free(&k.wrapped);
	if (!create)
		return scs_err_set(err, SCS_ECRYPTO, "",
		    exists ? "the data key of %s was destroyed by a retention "
		             "purge: the value cannot be opened"
		           : "%s has no data key: the value cannot be opened",
		    person);
	/* A first seal for the person, or the first after a purge: a new
	 * key, in the transaction that seals (a rollback takes both). */
	memset(&k, 0, sizeof(k));
	(void)scs_strlcpy(k.person, person, sizeof(k.person));
	if ((rc = scs_crypto_pkey_new(c->keys, person, out, &k.wrapped, err)) !=
	    SCS_OK)
		return rc;
	k.wrapped_key = scs_crypto_sealed_key(k.wrapped.p, k.wrapped.len);
	k.created = c->now_us() / 1000000;
	rc = pkey_put(c, &k, exists ? SCS_PUT_UPDATE : SCS_PUT_INSERT, "create",
	    exists ? "after a purge" : NULL, err);
	scs_blob_free(&k.wrapped);
	if (rc == SCS_OK && c->bulk != NULL)
		rc = scs_bulk_keyed(c->bulk, person, *out) == SCS_OK
		    ? SCS_OK
		    : scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc != SCS_OK) {
		scs_crypto_secfree(*out);
		*out = NULL;
	}
	return rc;
}

int
scs_op_pkey_rewrap(struct scs_ctx *c, const char *person, bool *out_done,
    struct scs_err *err)
{
	struct scs_person_key k;
	uint32_t target = 0;
	uint8_t *key = NULL;
	int rc;

	*out_done = false;
	memset(&k, 0, sizeof(k));
	if ((rc = scs_store_pkey_get(c->st, person, &k, err)) != SCS_OK)
		return rc;
	if (k.destroyed != 0) /* nothing left to wrap */
		goto out;
	if ((rc = scs_crypto_pkey_unwrap(c->keys, person, k.wrapped.p,
	         k.wrapped.len, &key, err)) != SCS_OK ||
	    (rc = scs_crypto_pkey_wrap(c->keys, person, key, &k.wrapped,
	         err)) != SCS_OK)
		goto out;
	target = scs_crypto_sealed_key(k.wrapped.p, k.wrapped.len);
	if (target == k.wrapped_key) /* under the current key already */
		goto out;
	k.wrapped_key = target;
	if ((rc = pkey_put(c, &k, SCS_PUT_UPDATE, "rewrap", NULL, err)) ==
	    SCS_OK)
		*out_done = true;
out:
	scs_crypto_secfree(key);
	scs_blob_free(&k.wrapped);
	return rc;
}

int
scs_op_pkey_destroy(struct scs_ctx *c, const char *person, int64_t now,
    struct scs_err *err)
{
	struct scs_person_key k;
	bool exists;
	int rc;

	memset(&k, 0, sizeof(k));
	rc = scs_store_pkey_get(c->st, person, &k, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	exists = rc == SCS_OK;
	if (exists && k.destroyed != 0) {
		scs_blob_free(&k.wrapped);
		return SCS_OK;
	}
	/* The wrapped bytes go (secure_delete zeroes them in the file; the
	 * caller checkpoints the log); the row stays as the tombstone that
	 * says the person was purged and when. */
	if (k.wrapped.p != NULL)
		scs_crypto_wipe(k.wrapped.p, k.wrapped.len);
	scs_blob_free(&k.wrapped);
	(void)scs_strlcpy(k.person, person, sizeof(k.person));
	k.wrapped_key = 0;
	if (!exists)
		k.created = now;
	k.destroyed = now;
	return pkey_put(c, &k, exists ? SCS_PUT_UPDATE : SCS_PUT_INSERT,
	    "destroy", "retention", err);
}
