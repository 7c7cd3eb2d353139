/* SPDX-License-Identifier: Apache-2.0 */
/*
 * proof.c - the JSON forms of signed tree heads and audit proofs: the
 * bodies of GET /v1/audit/proof/inclusion and /consistency, what `scs
 * audit prove` prints and `scs audit check-proof` and `scs audit witness`
 * read.  Hashes and signatures are lower-case hex, as GET /v1/audit/head
 * gives them.  Parsing checks shape only (hex of the right length, sizes
 * that agree); whether a proof holds is scs_audit_proof_check's.
 *
 *   head:        {"size", "time_us", "time", "root", "signature"}
 *                (a head read from /v1/audit/head may carry "public_key",
 *                which is ignored: the checker's key is its own)
 *   inclusion:   {"type": "inclusion", "leaf", "leaf_hash",
 *                 "tree_head": head, "path": [hex, ...]}
 *   consistency: {"type": "consistency", "from", "to",
 *                 "old_tree_head": head, "tree_head": head, "path": [...]}
 */
#include <string.h>

#include "scs/audit.h"
#include "scs/codec.h"
#include "scs/time.h"

json_t *
scs_codec_head_json(const struct scs_tree_head *h)
{
	char root[65], sig[129], at[SCS_TIME_STRMAX];

	scs_hex(root, h->root, 32);
	scs_hex(sig, h->sig, 64);
	(void)scs_time_format_us(h->time_us, at);
	return json_pack("{s:I,s:I,s:s,s:s,s:s}", "size", (json_int_t)h->size,
	    "time_us", (json_int_t)h->time_us, "time", at, "root", root,
	    "signature", sig);
}

json_t *
scs_codec_proof_json(const struct scs_audit_proof *p)
{
	json_t *o, *path = json_array();
	char hex[65];
	size_t i;

	for (i = 0; path != NULL && i < p->npath; i++) {
		scs_hex(hex, p->path[i], 32);
		if (json_array_append_new(path, json_string(hex)) != 0) {
			json_decref(path);
			path = NULL;
		}
	}
	if (path == NULL)
		return NULL;
	if (p->consistency)
		return json_pack("{s:s,s:I,s:I,s:o,s:o,s:o}", "type",
		    "consistency", "from", (json_int_t)p->old_head.size, "to",
		    (json_int_t)p->head.size, "old_tree_head",
		    scs_codec_head_json(&p->old_head), "tree_head",
		    scs_codec_head_json(&p->head), "path", path);
	scs_hex(hex, p->leaf_hash, 32);
	o = json_pack("{s:s,s:I,s:s,s:o,s:o}", "type", "inclusion", "leaf",
	    (json_int_t)p->leaf, "leaf_hash", hex, "tree_head",
	    scs_codec_head_json(&p->head), "path", path);
	return o;
}

static int
get_u64(const json_t *j, const char *key, const char *field, uint64_t *out,
    struct scs_err *err)
{
	json_t *v = json_object_get(j, key);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be a non-negative integer");
	*out = (uint64_t)json_integer_value(v);
	return SCS_OK;
}

static int
get_hex(const json_t *j, const char *key, const char *field, uint8_t *out,
    size_t len, struct scs_err *err)
{
	json_t *v = json_object_get(j, key);
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) != 2 * len || scs_unhex(out, len, s) != 0)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be %zu hex digits", 2 * len);
	return SCS_OK;
}

int
scs_codec_head_parse(const json_t *j, const char *field,
    struct scs_tree_head *out, struct scs_err *err)
{
	static const char *const keys[] = {"size", "time_us", "time", "root",
	    "signature", "public_key", NULL};
	char f[64];
	uint64_t t = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be a signed tree head (a JSON object)");
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK) {
		scs_err_prefix(err, field);
		return rc;
	}
	(void)snprintf(f, sizeof(f), "%s.size", field);
	if ((rc = get_u64(j, "size", f, &out->size, err)) != SCS_OK)
		return rc;
	(void)snprintf(f, sizeof(f), "%s.time_us", field);
	if ((rc = get_u64(j, "time_us", f, &t, err)) != SCS_OK)
		return rc;
	out->time_us = (int64_t)t;
	(void)snprintf(f, sizeof(f), "%s.root", field);
	if ((rc = get_hex(j, "root", f, out->root, 32, err)) != SCS_OK)
		return rc;
	(void)snprintf(f, sizeof(f), "%s.signature", field);
	return get_hex(j, "signature", f, out->sig, 64, err);
}

int
scs_codec_proof_parse(const json_t *j, struct scs_audit_proof *out,
    struct scs_err *err)
{
	static const char *const incl[] = {"type", "leaf", "leaf_hash",
	    "tree_head", "path", NULL};
	static const char *const cons[] = {"type", "from", "to",
	    "old_tree_head", "tree_head", "path", NULL};
	const char *type = json_string_value(json_object_get(j, "type"));
	json_t *path, *v;
	uint64_t a = 0, b = 0;
	char f[32];
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a JSON object");
	if (type == NULL ||
	    (strcmp(type, "inclusion") != 0 &&
	        strcmp(type, "consistency") != 0))
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be inclusion or consistency");
	out->consistency = strcmp(type, "consistency") == 0;
	if ((rc = scs_codec_only(j, out->consistency ? cons : incl, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_head_parse(json_object_get(j, "tree_head"),
	         "tree_head", &out->head, err)) != SCS_OK)
		return rc;
	if (out->consistency) {
		if ((rc = scs_codec_head_parse(json_object_get(j,
		                                   "old_tree_head"),
		         "old_tree_head", &out->old_head, err)) != SCS_OK ||
		    (rc = get_u64(j, "from", "from", &a, err)) != SCS_OK ||
		    (rc = get_u64(j, "to", "to", &b, err)) != SCS_OK)
			return rc;
		if (a != out->old_head.size)
			return scs_err_set(err, SCS_EINVAL, "from",
			    "must be the size of old_tree_head");
		if (b != out->head.size)
			return scs_err_set(err, SCS_EINVAL, "to",
			    "must be the size of tree_head");
	} else if ((rc = get_u64(j, "leaf", "leaf", &out->leaf, err)) !=
	        SCS_OK ||
	    (rc = get_hex(j, "leaf_hash", "leaf_hash", out->leaf_hash, 32,
	         err)) != SCS_OK) {
		return rc;
	}
	path = json_object_get(j, "path");
	if (!json_is_array(path))
		return scs_err_set(err, SCS_EINVAL, "path",
		    "must be an array of hashes");
	if (json_array_size(path) > SCS_MERKLE_MAX_PROOF)
		return scs_err_set(err, SCS_EINVAL, "path",
		    "must hold at most %d hashes", SCS_MERKLE_MAX_PROOF);
	json_array_foreach(path, i, v)
	{
		const char *s = json_string_value(v);

		(void)snprintf(f, sizeof(f), "path[%zu]", i);
		if (s == NULL || strlen(s) != 64 ||
		    scs_unhex(out->path[i], 32, s) != 0)
			return scs_err_set(err, SCS_EINVAL, f,
			    "must be 64 hex digits");
	}
	out->npath = json_array_size(path);
	return SCS_OK;
}
