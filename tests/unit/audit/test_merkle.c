/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_merkle.c - unit tests for src/audit/merkle.c: known answers from the
 * Certificate Transparency reference suites and the RFC 6962 2.1.3 worked
 * example, the RFC 9162 verifiers against tampered proofs, a fixed-seed
 * sweep of frontier, roots and proofs, and the frontier byte encoding.
 *
 * The SHA-256 the module needs is libsodium's, injected here; the tests
 * must not reach into the module's internals, touch files or the network,
 * or depend on anything but their fixed seed.
 *
 * Vector sources (hex copied verbatim, leaf indices converted to 0-based):
 *  - google/certificate-transparency cpp/merkletree/merkle_tree_test.cc
 *    (commit 0e901cacd1388fa16f78b184612f6cd16e5ceec1): kInputs,
 *    kSHA256EmptyTreeHash, kSHA256Roots, kSHA256Paths, kSHA256Proofs.
 *  - transparency-dev/merkle proof/verify_test.go (commit
 *    02194e9afb6c1d95b5381350007963aa70fff472): the same vectors plus the
 *    consistency proof (6, 7).
 *  - RFC 6962 section 2.1.3: the shape of the 7-leaf example tree; its node
 *    values are computed here from the CT inputs, not copied.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <sodium.h>

#include "scs/merkle.h"

#define HASH       SCS_MERKLE_HASH
#define NELEM(a)   (sizeof(a) / sizeof((a)[0]))
#define MAX_LEAVES 300
#define CONS_MAX_N 64
/* An array of hashes as the read-only path type the module takes. */
#define RO(a)      ((const uint8_t(*)[HASH])(a))

/* ---- the injected hash ---------------------------------------------- */

static void
sha256_parts(uint8_t out[32], const struct scs_hash_part *parts, size_t nparts)
{
	crypto_hash_sha256_state st;
	size_t i;

	crypto_hash_sha256_init(&st);
	for (i = 0; i < nparts; i++) {
		if (parts[i].len > 0)
			crypto_hash_sha256_update(&st, parts[i].p,
			    (unsigned long long)parts[i].len);
	}
	crypto_hash_sha256_final(&st, out);
}

/* ---- helpers --------------------------------------------------------- */

static int
nibble(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decode lower-case hex into @out; returns the number of bytes. */
static size_t
unhex(uint8_t *out, size_t cap, const char *hex)
{
	size_t n = strlen(hex) / 2;
	size_t i;

	assert_int_equal(strlen(hex) % 2, 0);
	assert_true(n <= cap);
	for (i = 0; i < n; i++) {
		int hi = nibble(hex[2 * i]);
		int lo = nibble(hex[2 * i + 1]);

		assert_true(hi >= 0 && lo >= 0);
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return n;
}

static void
unhex_hash(uint8_t out[HASH], const char *hex)
{
	assert_int_equal(unhex(out, HASH, hex), HASH);
}

static void
assert_hash_hex(const uint8_t got[HASH], const char *hex)
{
	uint8_t want[HASH];

	unhex_hash(want, hex);
	assert_memory_equal(got, want, HASH);
}

/* splitmix64: a fixed-seed generator so every run sees the same trees. */
static uint64_t
next_rand(uint64_t *state)
{
	uint64_t z;

	*state += 0x9e3779b97f4a7c15ULL;
	z = *state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* ---- Certificate Transparency reference vectors ------------------- */

static const char *const ct_inputs[8] = {
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
};

static const char ct_empty_root[] =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/* ct_roots[i] is the head of the tree of the first i+1 inputs. */
static const char *const ct_roots[8] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

/* Audit paths: PATH(0, D[8]), PATH(5, D[8]), PATH(2, D[3]), PATH(1, D[5]). */
static const char *const ct_path_0_8[] = {
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
};
static const char *const ct_path_5_8[] = {
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
};
static const char *const ct_path_2_3[] = {
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
};
static const char *const ct_path_1_5[] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
};

/* Consistency proofs: PROOF(1, D[8]), PROOF(6, D[8]), PROOF(2, D[5]), and
 * from transparency-dev/merkle only, PROOF(6, D[7]). */
static const char *const ct_proof_1_8[] = {
    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
};
static const char *const ct_proof_6_8[] = {
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
};
static const char *const ct_proof_2_5[] = {
    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
};
static const char *const tdev_proof_6_7[] = {
    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
    "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
};

/* An inclusion proof (m = leaf, 0-based) or consistency proof (m = old). */
struct proof_vector {
	uint64_t m;
	uint64_t n;
	size_t len;
	const char *const *hex;
};

static const struct proof_vector ct_paths[] = {
    {0, 1, 0, NULL},
    {0, 8, NELEM(ct_path_0_8), ct_path_0_8},
    {5, 8, NELEM(ct_path_5_8), ct_path_5_8},
    {2, 3, NELEM(ct_path_2_3), ct_path_2_3},
    {1, 5, NELEM(ct_path_1_5), ct_path_1_5},
};

static const struct proof_vector ct_proofs[] = {
    {1, 1, 0, NULL},
    {1, 8, NELEM(ct_proof_1_8), ct_proof_1_8},
    {6, 8, NELEM(ct_proof_6_8), ct_proof_6_8},
    {2, 5, NELEM(ct_proof_2_5), ct_proof_2_5},
    {6, 7, NELEM(tdev_proof_6_7), tdev_proof_6_7},
};

/* The leaf hashes of the eight reference inputs. */
static void
ct_leaf_hashes(uint8_t leaves[8][HASH])
{
	uint8_t data[16];
	size_t i;

	for (i = 0; i < 8; i++) {
		size_t len = unhex(data, sizeof(data), ct_inputs[i]);

		scs_merkle_leaf_hash(sha256_parts, data, len, leaves[i]);
	}
}

static size_t
vector_path(const struct proof_vector *v, uint8_t path[3][HASH])
{
	size_t i;

	assert_true(v->len <= 3);
	for (i = 0; i < v->len; i++)
		unhex_hash(path[i], v->hex[i]);
	return v->len;
}

/* ---- tamper probes shared by the known-answer and sweep tests ------ */

/* One inclusion claim: leaf @leaf is number @m of the tree @root of @n. */
struct incl {
	uint64_t m;
	uint64_t n;
	const uint8_t *leaf;
	const uint8_t (*path)[HASH];
	size_t len;
	const uint8_t *root;
};

static int
incl_verify(const struct incl *c)
{
	return scs_merkle_inclusion_verify(sha256_parts, c->m, c->n, c->leaf,
	    c->path, c->len, c->root);
}

/* The claim @c verifies, and every way the reference suites spoil it
 * does not. */
static void
assert_inclusion_tampering_fails(const struct incl *c)
{
	uint8_t bad[SCS_MERKLE_MAX_PROOF + 1][HASH];
	uint8_t other[HASH];
	struct incl t;
	size_t i;

	assert_int_equal(incl_verify(c), 0);
	t = *c;
	t.m = c->m - 1;
	assert_int_equal(incl_verify(&t), -1);
	t.m = c->m + 1;
	assert_int_equal(incl_verify(&t), -1);
	t.m = c->m ^ 2;
	assert_int_equal(incl_verify(&t), -1);
	t = *c;
	t.n = c->n * 2;
	assert_int_equal(incl_verify(&t), -1);
	t.n = c->n / 2;
	assert_int_equal(incl_verify(&t), -1);

	t = *c;
	memcpy(other, c->leaf, HASH);
	other[HASH - 1] ^= 0x01;
	t.leaf = other;
	assert_int_equal(incl_verify(&t), -1);
	t = *c;
	memcpy(other, c->root, HASH);
	other[0] ^= 0x80;
	t.root = other;
	assert_int_equal(incl_verify(&t), -1);

	/* A flipped byte in each element. */
	t = *c;
	t.path = RO(bad);
	for (i = 0; i < c->len; i++) {
		memcpy(bad, c->path, c->len * HASH);
		bad[i][i % HASH] ^= 0x08;
		assert_int_equal(incl_verify(&t), -1);
	}
	/* The root appended, the root prepended, the last element dropped. */
	memcpy(bad, c->path, c->len * HASH);
	memcpy(bad[c->len], c->root, HASH);
	t.len = c->len + 1;
	assert_int_equal(incl_verify(&t), -1);
	memcpy(bad[0], c->root, HASH);
	memcpy(bad + 1, c->path, c->len * HASH);
	assert_int_equal(incl_verify(&t), -1);
	if (c->len > 0) {
		t = *c;
		t.len = c->len - 1;
		assert_int_equal(incl_verify(&t), -1);
	}
}

/* One consistency claim: tree @old_root of @m is a prefix of tree
 * @new_root of @n. */
struct cons {
	uint64_t m;
	uint64_t n;
	const uint8_t *old_root;
	const uint8_t *new_root;
	const uint8_t (*path)[HASH];
	size_t len;
};

static int
cons_verify(const struct cons *c)
{
	return scs_merkle_consistency_verify(sha256_parts, c->m, c->n,
	    c->old_root, c->new_root, c->path, c->len);
}

/* Wrong sizes, heads or an empty proof for the claim @c. */
static void
assert_consistency_claim_tampering_fails(const struct cons *c)
{
	uint8_t other[HASH];
	struct cons t;

	t = *c;
	t.m = c->m - 1;
	assert_int_equal(cons_verify(&t), -1);
	t.m = c->m + 1;
	assert_int_equal(cons_verify(&t), -1);
	t.m = c->m ^ 2;
	assert_int_equal(cons_verify(&t), -1);
	t = *c;
	t.n = c->n * 2;
	assert_int_equal(cons_verify(&t), -1);
	t.n = c->n / 2;
	assert_int_equal(cons_verify(&t), -1);

	t = *c;
	t.old_root = c->new_root;
	t.new_root = c->old_root;
	assert_int_equal(cons_verify(&t), -1);
	t = *c;
	memcpy(other, c->old_root, HASH);
	other[5] ^= 0x10;
	t.old_root = other;
	assert_int_equal(cons_verify(&t), -1);
	t = *c;
	memcpy(other, c->new_root, HASH);
	other[7] ^= 0x10;
	t.new_root = other;
	assert_int_equal(cons_verify(&t), -1);
	t = *c;
	t.path = NULL;
	t.len = 0;
	assert_int_equal(cons_verify(&t), -1);
}

/* Spoiled proof elements for the claim @c. */
static void
assert_consistency_proof_tampering_fails(const struct cons *c)
{
	uint8_t bad[SCS_MERKLE_MAX_PROOF + 1][HASH];
	struct cons t;
	size_t i;

	t = *c;
	t.path = RO(bad);
	for (i = 0; i < c->len; i++) {
		memcpy(bad, c->path, c->len * HASH);
		bad[i][(i * 7) % HASH] ^= 0x10;
		assert_int_equal(cons_verify(&t), -1);
	}
	/* Trailing copies of each root and of the last element. */
	memcpy(bad, c->path, c->len * HASH);
	t.len = c->len + 1;
	memcpy(bad[c->len], c->old_root, HASH);
	assert_int_equal(cons_verify(&t), -1);
	memcpy(bad[c->len], c->new_root, HASH);
	assert_int_equal(cons_verify(&t), -1);
	memcpy(bad[c->len], c->path[c->len - 1], HASH);
	assert_int_equal(cons_verify(&t), -1);
	/* Preceding copies of the first element and of each root. */
	memcpy(bad + 1, c->path, c->len * HASH);
	memcpy(bad[0], c->path[0], HASH);
	assert_int_equal(cons_verify(&t), -1);
	memcpy(bad[0], c->old_root, HASH);
	assert_int_equal(cons_verify(&t), -1);
	memcpy(bad[0], c->new_root, HASH);
	assert_int_equal(cons_verify(&t), -1);
	/* The last element dropped. */
	t = *c;
	t.len = c->len - 1;
	assert_int_equal(cons_verify(&t), -1);
}

/* The non-trivial claim @c verifies, and every way the reference suites
 * spoil it does not. */
static void
assert_consistency_tampering_fails(const struct cons *c)
{
	assert_int_equal(cons_verify(c), 0);
	assert_true(c->len > 0);
	assert_consistency_claim_tampering_fails(c);
	assert_consistency_proof_tampering_fails(c);
}

/* ---- known answers ---------------------------------------------------- */

static void
test_empty_tree_root_is_sha256_of_empty_string(void **state)
{
	struct scs_merkle_frontier f;
	uint8_t root[HASH];

	(void)state;
	scs_merkle_root(sha256_parts, NULL, 0, root);
	assert_hash_hex(root, ct_empty_root);
	scs_merkle_frontier_init(&f);
	scs_merkle_frontier_root(sha256_parts, &f, root);
	assert_hash_hex(root, ct_empty_root);
}

static void
test_leaf_hash_of_empty_input_is_the_one_leaf_root(void **state)
{
	uint8_t leaf[HASH];

	(void)state;
	scs_merkle_leaf_hash(sha256_parts, NULL, 0, leaf);
	assert_hash_hex(leaf, ct_roots[0]);
}

static void
test_root_of_eight_leaves_matches_ct_vector(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t root[HASH];

	(void)state;
	ct_leaf_hashes(leaves);
	scs_merkle_root(sha256_parts, RO(leaves), 8, root);
	assert_hash_hex(root,
	    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
}

static void
test_roots_of_every_size_match_ct_vectors(void **state)
{
	struct scs_merkle_frontier f;
	uint8_t leaves[8][HASH];
	uint8_t root[HASH];
	size_t i;

	(void)state;
	ct_leaf_hashes(leaves);
	scs_merkle_frontier_init(&f);
	for (i = 0; i < 8; i++) {
		int rc;

		scs_merkle_root(sha256_parts, RO(leaves), i + 1, root);
		assert_hash_hex(root, ct_roots[i]);
		rc = scs_merkle_frontier_append(sha256_parts, &f, leaves[i]);
		assert_int_equal(rc, 0);
		assert_int_equal(f.size, i + 1);
		scs_merkle_frontier_root(sha256_parts, &f, root);
		assert_hash_hex(root, ct_roots[i]);
	}
}

static void
test_inclusion_proofs_match_ct_vectors(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t want[3][HASH];
	uint8_t got[SCS_MERKLE_MAX_PROOF][HASH];
	uint8_t root[HASH];
	size_t i;

	(void)state;
	ct_leaf_hashes(leaves);
	for (i = 0; i < NELEM(ct_paths); i++) {
		const struct proof_vector *v = &ct_paths[i];
		size_t want_len = vector_path(v, want);
		size_t got_len = 99;
		struct incl c;
		int rc;

		rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), v->n,
		    v->m, got, NELEM(got), &got_len);
		assert_int_equal(rc, 0);
		assert_int_equal(got_len, want_len);
		if (want_len > 0)
			assert_memory_equal(got, want, want_len * HASH);
		unhex_hash(root, ct_roots[v->n - 1]);
		c.m = v->m;
		c.n = v->n;
		c.leaf = leaves[v->m];
		c.path = RO(want);
		c.len = want_len;
		c.root = root;
		assert_inclusion_tampering_fails(&c);
	}
}

static void
test_consistency_proofs_match_reference_vectors(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t want[3][HASH];
	uint8_t got[SCS_MERKLE_MAX_PROOF][HASH];
	uint8_t old_root[HASH];
	uint8_t new_root[HASH];
	size_t i;

	(void)state;
	ct_leaf_hashes(leaves);
	for (i = 0; i < NELEM(ct_proofs); i++) {
		const struct proof_vector *v = &ct_proofs[i];
		size_t want_len = vector_path(v, want);
		size_t got_len = 99;
		struct cons c;
		int rc;

		rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves),
		    v->n, v->m, got, NELEM(got), &got_len);
		assert_int_equal(rc, 0);
		assert_int_equal(got_len, want_len);
		if (want_len > 0)
			assert_memory_equal(got, want, want_len * HASH);
		unhex_hash(old_root, ct_roots[v->m - 1]);
		unhex_hash(new_root, ct_roots[v->n - 1]);
		c.m = v->m;
		c.n = v->n;
		c.old_root = old_root;
		c.new_root = new_root;
		c.path = RO(want);
		c.len = want_len;
		assert_int_equal(cons_verify(&c), 0);
		if (want_len > 0)
			assert_consistency_tampering_fails(&c);
	}
}

/*
 * The RFC 6962 2.1.3 example tree of seven leaves d0..d6 (here the first
 * seven CT inputs):
 *
 *            root
 *           /    \
 *          k      l
 *         / \    / \
 *        g   h  i   j
 *       / \ / \ / \  |
 *       a b c d e f  d6
 */
struct rfc_tree {
	uint8_t leaf[7][HASH]; /* a b c d e f j */
	uint8_t g[HASH], h[HASH], i[HASH], k[HASH], l[HASH];
};

static void
rfc_tree_build(struct rfc_tree *t)
{
	uint8_t all[8][HASH];

	ct_leaf_hashes(all);
	memcpy(t->leaf, all, sizeof(t->leaf));
	scs_merkle_node_hash(sha256_parts, t->leaf[0], t->leaf[1], t->g);
	scs_merkle_node_hash(sha256_parts, t->leaf[2], t->leaf[3], t->h);
	scs_merkle_node_hash(sha256_parts, t->leaf[4], t->leaf[5], t->i);
	scs_merkle_node_hash(sha256_parts, t->g, t->h, t->k);
	scs_merkle_node_hash(sha256_parts, t->i, t->leaf[6], t->l);
}

/* PATH(m, D[7]) or PROOF(m, D[7]) of the example tree equals @want. */
static void
assert_rfc_proof_is(const struct rfc_tree *t, int consistency, uint64_t m,
    const uint8_t *const *want, size_t want_len)
{
	uint8_t got[SCS_MERKLE_MAX_PROOF][HASH];
	size_t len = 99;
	size_t i;
	int rc;

	if (consistency)
		rc = scs_merkle_consistency_proof(sha256_parts, RO(t->leaf), 7,
		    m, got, NELEM(got), &len);
	else
		rc = scs_merkle_inclusion_proof(sha256_parts, RO(t->leaf), 7, m,
		    got, NELEM(got), &len);
	assert_int_equal(rc, 0);
	assert_int_equal(len, want_len);
	for (i = 0; i < want_len; i++)
		assert_memory_equal(got[i], want[i], HASH);
}

static void
test_rfc6962_example_tree_has_the_ct_root_of_seven_leaves(void **state)
{
	struct rfc_tree t;
	uint8_t root[HASH];

	(void)state;
	rfc_tree_build(&t);
	scs_merkle_node_hash(sha256_parts, t.k, t.l, root);
	assert_hash_hex(root, ct_roots[6]);
	scs_merkle_root(sha256_parts, RO(t.leaf), 7, root);
	assert_hash_hex(root, ct_roots[6]);
}

static void
test_rfc6962_example_audit_paths_name_the_expected_nodes(void **state)
{
	struct rfc_tree t;

	(void)state;
	rfc_tree_build(&t);
	{
		const uint8_t *want[] = {t.leaf[1], t.h, t.l}; /* b h l */

		assert_rfc_proof_is(&t, 0, 0, want, NELEM(want));
	}
	{
		const uint8_t *want[] = {t.leaf[2], t.g, t.l}; /* c g l */

		assert_rfc_proof_is(&t, 0, 3, want, NELEM(want));
	}
	{
		const uint8_t *want[] = {t.leaf[5], t.leaf[6], t.k}; /* f j k */

		assert_rfc_proof_is(&t, 0, 4, want, NELEM(want));
	}
	{
		const uint8_t *want[] = {t.i, t.k}; /* i k */

		assert_rfc_proof_is(&t, 0, 6, want, NELEM(want));
	}
}

static void
test_rfc6962_example_consistency_proofs_name_the_expected_nodes(void **state)
{
	struct rfc_tree t;

	(void)state;
	rfc_tree_build(&t);
	{
		/* c d g l */
		const uint8_t *want[] = {t.leaf[2], t.leaf[3], t.g, t.l};

		assert_rfc_proof_is(&t, 1, 3, want, NELEM(want));
	}
	{
		const uint8_t *want[] = {t.l}; /* l */

		assert_rfc_proof_is(&t, 1, 4, want, NELEM(want));
	}
	{
		const uint8_t *want[] = {t.i, t.leaf[6], t.k}; /* i j k */

		assert_rfc_proof_is(&t, 1, 6, want, NELEM(want));
	}
}

/* ---- argument checking ---------------------------------------------- */

static void
test_inclusion_proof_refuses_bad_index_and_short_buffer(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH];
	size_t len = 99;
	int rc;

	(void)state;
	ct_leaf_hashes(leaves);
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 8, 8, path,
	    NELEM(path), &len);
	assert_int_equal(rc, -1);
	assert_int_equal(len, 0);
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 0, 0, path,
	    NELEM(path), &len);
	assert_int_equal(rc, -1);
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 8, UINT64_MAX,
	    path, NELEM(path), &len);
	assert_int_equal(rc, -1);
	/* Too small: nothing written, and the needed length reported. */
	memset(path, 0xa5, sizeof(path));
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 8, 0, path, 2,
	    &len);
	assert_int_equal(rc, -1);
	assert_int_equal(len, 3);
	assert_int_equal(path[0][0], 0xa5);
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 8, 0, path, 3,
	    &len);
	assert_int_equal(rc, 0);
	assert_int_equal(len, 3);
	/* A one-leaf tree has an empty path and needs no room. */
	rc = scs_merkle_inclusion_proof(sha256_parts, RO(leaves), 1, 0, NULL, 0,
	    &len);
	assert_int_equal(rc, 0);
	assert_int_equal(len, 0);
}

static void
test_consistency_proof_refuses_bad_sizes_and_short_buffer(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH];
	size_t len = 99;
	int rc;

	(void)state;
	ct_leaf_hashes(leaves);
	rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves), 8, 0, path,
	    NELEM(path), &len);
	assert_int_equal(rc, -1);
	assert_int_equal(len, 0);
	rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves), 7, 8, path,
	    NELEM(path), &len);
	assert_int_equal(rc, -1);
	rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves), 0, 0, path,
	    NELEM(path), &len);
	assert_int_equal(rc, -1);
	/* Too small: nothing written, and the needed length reported. */
	memset(path, 0x5a, sizeof(path));
	rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves), 7, 3, path,
	    3, &len);
	assert_int_equal(rc, -1);
	assert_int_equal(len, 4);
	assert_int_equal(path[0][0], 0x5a);
	/* PROOF(n, D[n]) is empty. */
	rc = scs_merkle_consistency_proof(sha256_parts, RO(leaves), 8, 8, NULL,
	    0, &len);
	assert_int_equal(rc, 0);
	assert_int_equal(len, 0);
}

static void
test_inclusion_verify_refuses_impossible_sizes(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t root[HASH];
	uint8_t path[SCS_MERKLE_MAX_PROOF + 1][HASH];
	struct incl c;
	size_t i;

	(void)state;
	ct_leaf_hashes(leaves);
	unhex_hash(root, ct_roots[0]);
	/* A one-leaf tree verifies its leaf with an empty path. */
	c.m = 0;
	c.n = 1;
	c.leaf = leaves[0];
	c.path = NULL;
	c.len = 0;
	c.root = root;
	assert_int_equal(incl_verify(&c), 0);
	c.n = 0;
	assert_int_equal(incl_verify(&c), -1);
	c.m = 1;
	c.n = 1;
	assert_int_equal(incl_verify(&c), -1);
	c.m = UINT64_MAX;
	c.n = UINT64_MAX;
	assert_int_equal(incl_verify(&c), -1);
	c.m = 0;
	c.n = 1;
	c.len = 1; /* a length without a path */
	assert_int_equal(incl_verify(&c), -1);
	/* Longer than any tree can need, even the largest. */
	for (i = 0; i < NELEM(path); i++)
		memcpy(path[i], leaves[i % 8], HASH);
	c.n = UINT64_MAX;
	c.path = RO(path);
	c.len = NELEM(path);
	assert_int_equal(incl_verify(&c), -1);
}

static void
test_consistency_verify_handles_equal_empty_and_backward_sizes(void **state)
{
	uint8_t r1[HASH];
	uint8_t r2[HASH];
	uint8_t path[1][HASH];
	struct cons c;

	(void)state;
	unhex_hash(r1, ct_roots[0]);
	unhex_hash(r2, ct_roots[1]);
	memcpy(path[0], r1, HASH);
	/* Same size: only an empty proof between equal heads. */
	c.m = 1;
	c.n = 1;
	c.old_root = r1;
	c.new_root = r1;
	c.path = NULL;
	c.len = 0;
	assert_int_equal(cons_verify(&c), 0);
	c.new_root = r2;
	assert_int_equal(cons_verify(&c), -1);
	c.new_root = r1;
	c.path = RO(path);
	c.len = 1;
	assert_int_equal(cons_verify(&c), -1);
	/* The empty old tree and time travel are refused. */
	c.path = NULL;
	c.len = 0;
	c.m = 0;
	c.n = 0;
	assert_int_equal(cons_verify(&c), -1);
	c.n = 1;
	assert_int_equal(cons_verify(&c), -1);
	c.m = 2;
	c.n = 1;
	assert_int_equal(cons_verify(&c), -1);
	/* Growth needs a proof. */
	c.m = 1;
	c.n = 2;
	c.new_root = r2;
	assert_int_equal(cons_verify(&c), -1);
	c.len = 1; /* a length without a proof */
	assert_int_equal(cons_verify(&c), -1);
}

static void
test_node_hash_output_may_alias_an_input(void **state)
{
	uint8_t leaves[8][HASH];
	uint8_t acc[HASH];

	(void)state;
	ct_leaf_hashes(leaves);
	memcpy(acc, leaves[0], HASH);
	scs_merkle_node_hash(sha256_parts, acc, leaves[1], acc);
	assert_hash_hex(acc, ct_roots[1]);
	memcpy(acc, leaves[1], HASH);
	scs_merkle_node_hash(sha256_parts, leaves[0], acc, acc);
	assert_hash_hex(acc, ct_roots[1]);
}

/* ---- frontier encoding ---------------------------------------------- */

static void
build_frontier(struct scs_merkle_frontier *f, uint64_t n)
{
	uint8_t leaf[HASH];
	uint64_t i;

	scs_merkle_frontier_init(f);
	for (i = 0; i < n; i++) {
		uint8_t b = (uint8_t)i;
		int rc;

		scs_merkle_leaf_hash(sha256_parts, &b, 1, leaf);
		rc = scs_merkle_frontier_append(sha256_parts, f, leaf);
		assert_int_equal(rc, 0);
	}
}

static void
test_frontier_encoding_round_trips(void **state)
{
	static const uint64_t sizes[] = {0, 1, 2, 3, 7, 8, 100, 255, 256};
	uint8_t buf[8 + SCS_MERKLE_MAX_DEPTH * HASH];
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(sizes); i++) {
		struct scs_merkle_frontier f;
		struct scs_merkle_frontier g;
		uint8_t r1[HASH];
		uint8_t r2[HASH];
		size_t len;
		unsigned bits = 0;
		uint64_t s;

		for (s = sizes[i]; s != 0; s >>= 1)
			bits += (unsigned)(s & 1);
		build_frontier(&f, sizes[i]);
		len = scs_merkle_frontier_encode(&f, buf, sizeof(buf));
		assert_int_equal(len, 8 + (size_t)HASH * bits);
		assert_int_equal(len, scs_merkle_frontier_encoded_len(&f));
		assert_int_equal(buf[7], (uint8_t)sizes[i]);
		assert_int_equal(buf[6], (uint8_t)(sizes[i] >> 8));
		assert_int_equal(scs_merkle_frontier_decode(&g, buf, len), 0);
		assert_int_equal(g.size, f.size);
		assert_memory_equal(g.nodes, f.nodes, (size_t)HASH * bits);
		scs_merkle_frontier_root(sha256_parts, &f, r1);
		scs_merkle_frontier_root(sha256_parts, &g, r2);
		assert_memory_equal(r1, r2, HASH);
	}
}

static void
test_frontier_decode_rejects_truncated_and_overlong_input(void **state)
{
	struct scs_merkle_frontier f;
	struct scs_merkle_frontier g;
	struct scs_merkle_frontier before;
	uint8_t buf[8 + SCS_MERKLE_MAX_DEPTH * HASH + 1];
	size_t len;
	size_t cut;

	(void)state;
	build_frontier(&f, 7); /* three nodes: 104 bytes */
	len = scs_merkle_frontier_encode(&f, buf, sizeof(buf));
	assert_int_equal(len, 8 + 3 * HASH);
	build_frontier(&g, 2);
	before = g;
	for (cut = 0; cut < len; cut++) {
		assert_int_equal(scs_merkle_frontier_decode(&g, buf, cut), -1);
		assert_memory_equal(&g, &before, sizeof(g));
	}
	buf[len] = 0;
	assert_int_equal(scs_merkle_frontier_decode(&g, buf, len + 1), -1);
	assert_int_equal(scs_merkle_frontier_decode(&g, buf, len + HASH), -1);
	assert_memory_equal(&g, &before, sizeof(g));
	/* A size whose node count disagrees with the length. */
	buf[7] = 8;
	assert_int_equal(scs_merkle_frontier_decode(&g, buf, len), -1);
	assert_int_equal(scs_merkle_frontier_decode(&g, buf, 8 + HASH), 0);
	assert_int_equal(g.size, 8);
	assert_int_equal(scs_merkle_frontier_decode(&g, NULL, 0), -1);
}

static void
test_frontier_encode_refuses_a_short_buffer(void **state)
{
	struct scs_merkle_frontier f;
	uint8_t buf[8 + 2 * HASH];

	(void)state;
	build_frontier(&f, 3);
	memset(buf, 0xee, sizeof(buf));
	assert_int_equal(scs_merkle_frontier_encode(&f, buf, sizeof(buf) - 1),
	    0);
	assert_int_equal(buf[0], 0xee);
	assert_int_equal(scs_merkle_frontier_encode(&f, NULL, 0), 0);
	assert_int_equal(scs_merkle_frontier_encode(&f, buf, sizeof(buf)),
	    sizeof(buf));
}

static void
test_full_frontier_refuses_to_append(void **state)
{
	struct scs_merkle_frontier f;
	struct scs_merkle_frontier before;
	uint8_t buf[8 + SCS_MERKLE_MAX_DEPTH * HASH];
	uint8_t leaf[HASH];
	uint8_t r1[HASH];
	uint8_t r2[HASH];
	size_t i;

	(void)state;
	memset(buf, 0xff, 8);
	for (i = 0; i < SCS_MERKLE_MAX_DEPTH; i++)
		memset(buf + 8 + i * HASH, (int)i, HASH);
	assert_int_equal(scs_merkle_frontier_decode(&f, buf, sizeof(buf)), 0);
	assert_true(f.size == UINT64_MAX);
	before = f;
	memset(leaf, 0x42, sizeof(leaf));
	assert_int_equal(scs_merkle_frontier_append(sha256_parts, &f, leaf),
	    -1);
	assert_memory_equal(&f, &before, sizeof(f));
	/* The head of a full tree still folds all 64 subtrees. */
	scs_merkle_frontier_root(sha256_parts, &f, r1);
	memcpy(r2, f.nodes[SCS_MERKLE_MAX_DEPTH - 1], HASH);
	for (i = SCS_MERKLE_MAX_DEPTH - 1; i > 0; i--)
		scs_merkle_node_hash(sha256_parts, f.nodes[i - 1], r2, r2);
	assert_memory_equal(r1, r2, HASH);
	assert_int_equal(scs_merkle_frontier_encode(&f, buf, sizeof(buf)),
	    sizeof(buf));
}

/* ---- fixed-seed sweep ----------------------------------------------- */

static uint8_t sweep_leaves[MAX_LEAVES][HASH];

static int
sweep_setup(void **state)
{
	uint64_t seed = 0x5c5a0d17ULL;
	uint8_t data[64];
	size_t i;
	size_t j;

	(void)state;
	for (i = 0; i < MAX_LEAVES; i++) {
		size_t len = (size_t)(next_rand(&seed) % (sizeof(data) + 1));

		for (j = 0; j < len; j++)
			data[j] = (uint8_t)next_rand(&seed);
		scs_merkle_leaf_hash(sha256_parts, data, len, sweep_leaves[i]);
	}
	return 0;
}

static void
test_frontier_root_equals_tree_root_for_every_size_to_300(void **state)
{
	struct scs_merkle_frontier f;
	struct scs_merkle_frontier g;
	uint8_t buf[8 + SCS_MERKLE_MAX_DEPTH * HASH];
	uint8_t r1[HASH];
	uint8_t r2[HASH];
	uint64_t n;

	(void)state;
	scs_merkle_frontier_init(&f);
	for (n = 0; n <= MAX_LEAVES; n++) {
		size_t len;

		if (n > 0) {
			int rc = scs_merkle_frontier_append(sha256_parts, &f,
			    sweep_leaves[n - 1]);

			assert_int_equal(rc, 0);
		}
		scs_merkle_frontier_root(sha256_parts, &f, r1);
		scs_merkle_root(sha256_parts, RO(sweep_leaves), n, r2);
		assert_memory_equal(r1, r2, HASH);
		len = scs_merkle_frontier_encode(&f, buf, sizeof(buf));
		assert_int_equal(len, scs_merkle_frontier_encoded_len(&f));
		assert_int_equal(scs_merkle_frontier_decode(&g, buf, len), 0);
		scs_merkle_frontier_root(sha256_parts, &g, r2);
		assert_memory_equal(r1, r2, HASH);
	}
}

static void
test_every_inclusion_proof_verifies_and_tampering_fails(void **state)
{
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH];
	uint8_t root[HASH];
	uint64_t n;
	uint64_t m;

	(void)state;
	for (n = 1; n <= MAX_LEAVES; n++) {
		scs_merkle_root(sha256_parts, RO(sweep_leaves), n, root);
		for (m = 0; m < n; m++) {
			struct incl c;
			size_t len = 0;
			int rc;

			rc = scs_merkle_inclusion_proof(sha256_parts,
			    RO(sweep_leaves), n, m, path, NELEM(path), &len);
			assert_int_equal(rc, 0);
			c.m = m;
			c.n = n;
			c.leaf = sweep_leaves[m];
			c.path = RO(path);
			c.len = len;
			c.root = root;
			assert_inclusion_tampering_fails(&c);
		}
	}
}

static void
test_every_consistency_proof_verifies_and_tampering_fails(void **state)
{
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH];
	uint8_t roots[CONS_MAX_N + 1][HASH];
	uint64_t n;
	uint64_t m;

	(void)state;
	for (n = 0; n <= CONS_MAX_N; n++)
		scs_merkle_root(sha256_parts, RO(sweep_leaves), n, roots[n]);
	for (n = 1; n <= CONS_MAX_N; n++) {
		for (m = 1; m <= n; m++) {
			struct cons c;
			size_t len = 99;
			int rc;

			rc = scs_merkle_consistency_proof(sha256_parts,
			    RO(sweep_leaves), n, m, path, NELEM(path), &len);
			assert_int_equal(rc, 0);
			c.m = m;
			c.n = n;
			c.old_root = roots[m];
			c.new_root = roots[n];
			c.path = RO(path);
			c.len = len;
			assert_int_equal(cons_verify(&c), 0);
			if (m == n)
				assert_int_equal(len, 0);
			else
				assert_consistency_tampering_fails(&c);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_empty_tree_root_is_sha256_of_empty_string),
	    cmocka_unit_test(
	        test_leaf_hash_of_empty_input_is_the_one_leaf_root),
	    cmocka_unit_test(test_root_of_eight_leaves_matches_ct_vector),
	    cmocka_unit_test(test_roots_of_every_size_match_ct_vectors),
	    cmocka_unit_test(test_inclusion_proofs_match_ct_vectors),
	    cmocka_unit_test(test_consistency_proofs_match_reference_vectors),
	    cmocka_unit_test(
	        test_rfc6962_example_tree_has_the_ct_root_of_seven_leaves),
	    cmocka_unit_test(
	        test_rfc6962_example_audit_paths_name_the_expected_nodes),
	    cmocka_unit_test(
	        test_rfc6962_example_consistency_proofs_name_the_expected_nodes),
	    cmocka_unit_test(
	        test_inclusion_proof_refuses_bad_index_and_short_buffer),
	    cmocka_unit_test(
	        test_consistency_proof_refuses_bad_sizes_and_short_buffer),
	    cmocka_unit_test(test_inclusion_verify_refuses_impossible_sizes),
	    cmocka_unit_test(
	        test_consistency_verify_handles_equal_empty_and_backward_sizes),
	    cmocka_unit_test(test_node_hash_output_may_alias_an_input),
	    cmocka_unit_test(test_frontier_encoding_round_trips),
	    cmocka_unit_test(
	        test_frontier_decode_rejects_truncated_and_overlong_input),
	    cmocka_unit_test(test_frontier_encode_refuses_a_short_buffer),
	    cmocka_unit_test(test_full_frontier_refuses_to_append),
	    cmocka_unit_test(
	        test_frontier_root_equals_tree_root_for_every_size_to_300),
	    cmocka_unit_test(
	        test_every_inclusion_proof_verifies_and_tampering_fails),
	    cmocka_unit_test(
	        test_every_consistency_proof_verifies_and_tampering_fails),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, sweep_setup, NULL);
}
