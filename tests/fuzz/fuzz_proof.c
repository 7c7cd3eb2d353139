/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_proof.c - what a checker or a witness is handed by a server it
 * does not trust: the JSON of an audit proof (GET /v1/audit/proof/...,
 * `scs audit check-proof`) and of a signed tree head (GET
 * /v1/audit/head, the witness's state file); src/codec/proof.c and
 * scs_audit_proof_check.
 *
 * The input is JSON text.  Properties: a proof that parses prints and
 * parses back to the same proof (sizes, hashes, signatures, path); its
 * check under a key of the driver's own, which signed none of it, fails
 * with a reason and never crashes; a head that parses prints and parses
 * back to the same head.
 */
#include <string.h>

#include <jansson.h>

#include "scs/audit.h"
#include "scs/codec.h"

#include "fuzz.h"

static int
same_head(const struct scs_tree_head *a, const struct scs_tree_head *b)
{
	return a->size == b->size && a->time_us == b->time_us &&
	    memcmp(a->root, b->root, 32) == 0 &&
	    memcmp(a->sig, b->sig, 64) == 0;
}

static void
proof(const json_t *j)
{
	static struct scs_audit_proof p, q;
	static const uint8_t key[32] = {1, 2, 3};
	struct scs_err err;
	char why[160];
	json_t *out;

	if (scs_codec_proof_parse(j, &p, &err) != SCS_OK) {
		FUZZ_CHECK(err.reason[0] != '\0');
		return;
	}
	out = scs_codec_proof_json(&p);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(scs_codec_proof_parse(out, &q, &err) == SCS_OK);
	json_decref(out);
	FUZZ_CHECK(p.consistency == q.consistency && p.npath == q.npath);
	FUZZ_CHECK(same_head(&p.head, &q.head));
	FUZZ_CHECK(!p.consistency || same_head(&p.old_head, &q.old_head));
	FUZZ_CHECK(p.consistency ||
	    (p.leaf == q.leaf && memcmp(p.leaf_hash, q.leaf_hash, 32) == 0));
	FUZZ_CHECK(memcmp(p.path, q.path, p.npath * 32) == 0);
	why[0] = '\0';
	FUZZ_CHECK(scs_audit_proof_check(&p, key, why, sizeof(why)) != 0);
	FUZZ_CHECK(why[0] != '\0');
}

static void
head(const json_t *j)
{
	struct scs_tree_head h, g;
	struct scs_err err;
	json_t *out;

	if (scs_codec_head_parse(j, "head", &h, &err) != SCS_OK)
		return;
	out = scs_codec_head_json(&h);
	FUZZ_CHECK(out != NULL);
	FUZZ_CHECK(scs_codec_head_parse(out, "head", &g, &err) == SCS_OK);
	json_decref(out);
	FUZZ_CHECK(same_head(&h, &g));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *j;

	if (scs_crypto_init() != SCS_OK)
		abort();
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return 0;
	proof(j);
	head(j);
	json_decref(j);
	return 0;
}
