/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_merkle_nodes.c - unit tests for the proofs of src/audit/merkle.c
 * built from stored subtree heads: for every size from 1 to 300, every
 * inclusion proof and every consistency proof equals the one the O(n)
 * functions compute from all the leaves; the heads reported by
 * scs_merkle_frontier_append_full are the subtrees' heads; a source's
 * error stops a proof and comes back; a proof asks only for subtrees
 * inside its tree, and few of them.
 *
 * The leaves are SHA-256 leaf hashes of their indices; the hash is
 * libsodium's, injected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <sodium.h>

#include "scs/merkle.h"

#define HASH     SCS_MERKLE_HASH
#define NLEAVES  300
#define NLEVELS  9 /* 2^8 = 256 <= 300 < 512 */
#define RO(a)    ((const uint8_t(*)[HASH])(a))
#define NODE_ERR 7 /* a source's own code */

static void
sha256_parts(uint8_t out[32], const struct scs_hash_part *parts, size_t nparts)
{
	crypto_hash_sha256_state st;
	size_t i;

	crypto_hash_sha256_init(&st);
	for (i = 0; i < nparts; i++)
		if (parts[i].len > 0)
			crypto_hash_sha256_update(&st, parts[i].p,
			    (unsigned long long)parts[i].len);
	crypto_hash_sha256_final(&st, out);
}

/* The leaves and the head of every complete subtree among them, as a
 * log's table would hold them: heads[level][index]. */
static uint8_t leaves[NLEAVES][HASH];
static uint8_t heads[NLEVELS][NLEAVES][HASH];
static int have[NLEVELS][NLEAVES];

struct src {
	uint64_t n;   /* the tree the proof is over */
	size_t calls; /* look-ups made */
	int outside;  /* a look-up reached past n */
	size_t
	    fail_at; /* fail the look-up with this number (1-based); 0: none */
};

static int
get_node(void *arg, unsigned level, uint64_t index, uint8_t out[32])
{
	struct src *s = arg;

	s->calls++;
	if (s->fail_at != 0 && s->calls == s->fail_at)
		return NODE_ERR;
	if (level >= NLEVELS || index >= NLEAVES || !have[level][index] ||
	    ((index + 1) << level) > s->n) {
		s->outside = 1;
		memset(out, 0, HASH);
		return 0;
	}
	memcpy(out, heads[level][index], HASH);
	return 0;
}

static int
setup(void **state)
{
	uint8_t buf[8];
	uint64_t i;
	unsigned l;

	(void)state;
	if (sodium_init() < 0)
		return -1;
	memset(have, 0, sizeof(have));
	for (i = 0; i < NLEAVES; i++) {
		for (l = 0; l < 8; l++)
			buf[l] = (uint8_t)(i >> (8 * l));
		scs_merkle_leaf_hash(sha256_parts, buf, sizeof(buf), leaves[i]);
		memcpy(heads[0][i], leaves[i], HASH);
		have[0][i] = 1;
	}
	for (l = 1; l < NLEVELS; l++)
		for (i = 0; ((i + 1) << l) <= NLEAVES; i++) {
			scs_merkle_node_hash(sha256_parts, heads[l - 1][2 * i],
			    heads[l - 1][2 * i + 1], heads[l][i]);
			have[l][i] = 1;
		}
	return 0;
}

static void
test_append_full_reports_each_completed_subtree(void **state)
{
	struct scs_merkle_frontier f;
	uint8_t done[SCS_MERKLE_MAX_DEPTH][HASH];
	unsigned nd, i, seen = 0;
	uint64_t n;

	(void)state;
	scs_merkle_frontier_init(&f);
	for (n = 0; n < NLEAVES; n++) {
		assert_int_equal(scs_merkle_frontier_append_full(sha256_parts,
		                     &f, leaves[n], done, &nd),
		    0);
		for (i = 0; i < nd; i++) {
			uint64_t idx = (f.size >> (i + 1)) - 1;

			assert_memory_equal(done[i], heads[i + 1][idx], HASH);
			seen++;
		}
	}
	/* Every complete subtree above the leaves, once: 300 - popcount. */
	assert_int_equal(seen, NLEAVES - 4);
}

static void
test_root_from_nodes_equals_root_of_leaves_for_every_size(void **state)
{
	uint8_t a[HASH], b[HASH];
	struct src s;
	uint64_t n;

	(void)state;
	for (n = 0; n <= NLEAVES; n++) {
		memset(&s, 0, sizeof(s));
		s.n = n;
		scs_merkle_root(sha256_parts, RO(leaves), n, a);
		assert_int_equal(scs_merkle_root_nodes(sha256_parts, get_node,
		                     &s, n, b),
		    0);
		assert_memory_equal(a, b, HASH);
		assert_false(s.outside);
		assert_true(s.calls <= 9);
	}
}

static void
test_inclusion_from_nodes_equals_the_walk_for_every_leaf(void **state)
{
	uint8_t want[SCS_MERKLE_MAX_PROOF][HASH],
	    got[SCS_MERKLE_MAX_PROOF][HASH];
	size_t nwant, ngot;
	struct src s;
	uint64_t n, m;

	(void)state;
	for (n = 1; n <= NLEAVES; n++)
		for (m = 0; m < n; m++) {
			memset(&s, 0, sizeof(s));
			s.n = n;
			assert_int_equal(
			    scs_merkle_inclusion_proof(sha256_parts, RO(leaves),
			        n, m, want, SCS_MERKLE_MAX_PROOF, &nwant),
			    0);
			assert_int_equal(scs_merkle_inclusion_proof_nodes(
			                     sha256_parts, get_node, &s, n, m,
			                     got, SCS_MERKLE_MAX_PROOF, &ngot),
			    0);
			assert_int_equal(ngot, nwant);
			assert_memory_equal(got, want, nwant * HASH);
			assert_false(s.outside);
			/* O(log n): popcount(n) + depth, both at most 9. */
			assert_true(s.calls <= 18);
		}
}

static void
test_consistency_from_nodes_equals_the_walk_for_every_pair(void **state)
{
	uint8_t want[SCS_MERKLE_MAX_PROOF][HASH],
	    got[SCS_MERKLE_MAX_PROOF][HASH];
	size_t nwant, ngot;
	struct src s;
	uint64_t n, m;

	(void)state;
	for (n = 1; n <= NLEAVES; n++)
		for (m = 1; m <= n; m++) {
			memset(&s, 0, sizeof(s));
			s.n = n;
			assert_int_equal(
			    scs_merkle_consistency_proof(sha256_parts,
			        RO(leaves), n, m, want, SCS_MERKLE_MAX_PROOF,
			        &nwant),
			    0);
			assert_int_equal(scs_merkle_consistency_proof_nodes(
			                     sha256_parts, get_node, &s, n, m,
			                     got, SCS_MERKLE_MAX_PROOF, &ngot),
			    0);
			assert_int_equal(ngot, nwant);
			assert_memory_equal(got, want, nwant * HASH);
			assert_false(s.outside);
			assert_true(s.calls <= 19);
		}
}

static void
test_proofs_from_nodes_refuse_bad_sizes_and_short_buffers(void **state)
{
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH];
	struct src s;
	size_t len;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.n = 10;
	assert_int_equal(scs_merkle_inclusion_proof_nodes(sha256_parts,
	                     get_node, &s, 10, 10, path, 64, &len),
	    -1);
	assert_int_equal(len, 0);
	assert_int_equal(scs_merkle_inclusion_proof_nodes(sha256_parts,
	                     get_node, &s, 10, 3, path, 2, &len),
	    -1);
	assert_int_equal(len, 4);
	assert_int_equal(scs_merkle_consistency_proof_nodes(sha256_parts,
	                     get_node, &s, 10, 0, path, 64, &len),
	    -1);
	assert_int_equal(scs_merkle_consistency_proof_nodes(sha256_parts,
	                     get_node, &s, 10, 11, path, 64, &len),
	    -1);
	assert_int_equal(scs_merkle_consistency_proof_nodes(sha256_parts,
	                     get_node, &s, 10, 3, path, 1, &len),
	    -1);
	assert_true(len > 1);
	assert_int_equal(s.calls, 0);
}

static void
test_a_source_error_stops_the_proof_and_comes_back(void **state)
{
	uint8_t path[SCS_MERKLE_MAX_PROOF][HASH], root[HASH];
	struct src s;
	size_t len, k, total;

	(void)state;
	/* Count the look-ups of one proof, then fail each in turn. */
	memset(&s, 0, sizeof(s));
	s.n = 299;
	assert_int_equal(scs_merkle_consistency_proof_nodes(sha256_parts,
	                     get_node, &s, 299, 133, path, 64, &len),
	    0);
	total = s.calls;
	assert_true(total > 2);
	for (k = 1; k <= total; k++) {
		memset(&s, 0, sizeof(s));
		s.n = 299;
		s.fail_at = k;
		assert_int_equal(
		    scs_merkle_consistency_proof_nodes(sha256_parts, get_node,
		        &s, 299, 133, path, 64, &len),
		    NODE_ERR);
		assert_int_equal(s.calls, k);
		memset(&s, 0, sizeof(s));
		s.n = 299;
		s.fail_at = k;
		(void)scs_merkle_inclusion_proof_nodes(sha256_parts, get_node,
		    &s, 299, 298, path, 64, &len);
	}
	memset(&s, 0, sizeof(s));
	s.n = 299;
	s.fail_at = 1;
	assert_int_equal(scs_merkle_root_nodes(sha256_parts, get_node, &s, 299,
	                     root),
	    NODE_ERR);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_append_full_reports_each_completed_subtree),
	    cmocka_unit_test(
	        test_root_from_nodes_equals_root_of_leaves_for_every_size),
	    cmocka_unit_test(
	        test_inclusion_from_nodes_equals_the_walk_for_every_leaf),
	    cmocka_unit_test(
	        test_consistency_from_nodes_equals_the_walk_for_every_pair),
	    cmocka_unit_test(
	        test_proofs_from_nodes_refuse_bad_sizes_and_short_buffers),
	    cmocka_unit_test(
	        test_a_source_error_stops_the_proof_and_comes_back),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
