/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_merkle.c - what an auditor or a relying party hands the Merkle code
 * of the audit log: a stored frontier, and inclusion and consistency
 * proofs with their tree sizes and heads.  SHA-256 is libsodium's, through
 * scs_crypto_sha256v.
 *
 * The input is first decoded as a frontier: a decode that fails leaves the
 * frontier untouched; one that succeeds re-encodes to the same bytes, and
 * still encodes and decodes after one more leaf is appended.  Then it is
 * read as a proof:
 *
 *	offset	size	field
 *	0	8	m, big-endian (leaf index, or old tree size)
 *	8	8	n, big-endian (tree size)
 *	16	32	leaf hash, or old head
 *	48	32	head, or new head
 *	80	32*k	proof hashes; a trailing partial hash is ignored
 *
 * and given to both verifiers, which must not crash.  Finally the sizes,
 * reduced below SMALL, pick a small tree the driver builds itself: the
 * proofs it generates must verify, the frontier's head must equal the
 * tree's, and a proof read from the input may verify against the true
 * head only when it is the true proof (anything else is a SHA-256
 * collision, or a bug).
 */
#include <string.h>

#include "scs/crypto.h"
#include "scs/merkle.h"

#include "fuzz.h"

#define H     scs_crypto_sha256v
#define SMALL 40 /* leaves of the largest tree the driver builds */

static uint8_t leaves[SMALL][32];

static void
setup(void)
{
	static int done;
	uint8_t i;

	if (done)
		return;
	FUZZ_CHECK(scs_crypto_init() == SCS_OK);
	for (i = 0; i < SMALL; i++)
		scs_merkle_leaf_hash(H, &i, 1, leaves[i]);
	done = 1;
}

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
frontier(const uint8_t *data, size_t size)
{
	static const uint8_t leaf[32] = {1};
	struct scs_merkle_frontier f, g;
	uint8_t out[8 + 32 * SCS_MERKLE_MAX_DEPTH], root[32];
	size_t len;

	memset(&f, 0xa5, sizeof(f));
	memcpy(&g, &f, sizeof(f));
	if (scs_merkle_frontier_decode(&f, data, size) != 0) {
		FUZZ_CHECK(memcmp(&f, &g, sizeof(f)) == 0);
		return;
	}
	len = scs_merkle_frontier_encoded_len(&f);
	FUZZ_CHECK(len == size);
	FUZZ_CHECK(scs_merkle_frontier_encode(&f, out, len - 1) == 0);
	FUZZ_CHECK(scs_merkle_frontier_encode(&f, out, sizeof(out)) == len);
	FUZZ_CHECK(memcmp(out, data, len) == 0);
	scs_merkle_frontier_root(H, &f, root);

	if (scs_merkle_frontier_append(H, &f, leaf) != 0) {
		FUZZ_CHECK(f.size == UINT64_MAX);
		return;
	}
	len = scs_merkle_frontier_encode(&f, out, sizeof(out));
	FUZZ_CHECK(len == scs_merkle_frontier_encoded_len(&f) && len >= 8);
	FUZZ_CHECK(scs_merkle_frontier_decode(&g, out, len) == 0);
	FUZZ_CHECK(g.size == f.size);
}

static void
small_tree(uint64_t m, uint64_t n, const uint8_t (*in)[32], size_t k)
{
	uint8_t real[SCS_MERKLE_MAX_PROOF][32], root[32], old[32], r2[32];
	struct scs_merkle_frontier f;
	size_t len, i;

	scs_merkle_root(H, (const uint8_t(*)[32])leaves, n, root);
	scs_merkle_frontier_init(&f);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(scs_merkle_frontier_append(H, &f, leaves[i]) == 0);
	scs_merkle_frontier_root(H, &f, r2);
	FUZZ_CHECK(memcmp(root, r2, 32) == 0);

	if (m < n) {
		FUZZ_CHECK(
		    scs_merkle_inclusion_proof(H, (const uint8_t(*)[32])leaves,
		        n, m, real, SCS_MERKLE_MAX_PROOF, &len) == 0);
		FUZZ_CHECK(scs_merkle_inclusion_verify(H, m, n, leaves[m],
		               (const uint8_t(*)[32])real, len, root) == 0);
		if (scs_merkle_inclusion_verify(H, m, n, leaves[m], in, k,
		        root) == 0)
			FUZZ_CHECK(k == len && memcmp(in, real, k * 32) == 0);
	}
	if (m > 0 && m <= n) {
		scs_merkle_root(H, (const uint8_t(*)[32])leaves, m, old);
		FUZZ_CHECK(scs_merkle_consistency_proof(H,
		               (const uint8_t(*)[32])leaves, n, m, real,
		               SCS_MERKLE_MAX_PROOF, &len) == 0);
		FUZZ_CHECK(scs_merkle_consistency_verify(H, m, n, old, root,
		               (const uint8_t(*)[32])real, len) == 0);
		if (scs_merkle_consistency_verify(H, m, n, old, root, in, k) ==
		    0)
			FUZZ_CHECK(k == len && memcmp(in, real, k * 32) == 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t a[32] = {0}, b[32] = {0}, *buf;
	const uint8_t(*path)[32];
	uint64_t m, n;
	size_t k = 0;

	setup();
	frontier(data, size);
	if (size < 16)
		return 0;
	m = be64(data);
	n = be64(data + 8);
	if (size >= 48)
		memcpy(a, data + 16, 32);
	if (size >= 80) {
		memcpy(b, data + 48, 32);
		k = (size - 80) / 32;
	}
	/* The proof in exactly sized heap memory, so ASan sees overreads. */
	FUZZ_CHECK((buf = malloc(k > 0 ? k * 32 : 1)) != NULL);
	if (k > 0)
		memcpy(buf, data + 80, k * 32);
	path = (const uint8_t(*)[32])buf;
	(void)scs_merkle_inclusion_verify(H, m, n, a, path, k, b);
	(void)scs_merkle_consistency_verify(H, m, n, a, b, path, k);
	small_tree(m % SMALL, n % SMALL, path, k);
	free(buf);
	return 0;
}
