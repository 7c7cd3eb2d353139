/* SPDX-License-Identifier: Apache-2.0 */
/*
 * merkle.h - RFC 6962 (Certificate Transparency) Merkle tree arithmetic:
 * leaf and node hashes, the compact frontier of an append-only log and its
 * byte encoding, tree heads (MTH), and the generation and verification of
 * inclusion and consistency proofs (RFC 6962 2.1, RFC 9162 2.1.3/2.1.4).
 *
 * The module is pure computation.  It must not do I/O, allocate memory,
 * keep hidden state between calls, include a crypto library or recurse:
 * SHA-256 is injected by the caller as an scs_sha256_fn.  Sizes, indices
 * and proof lengths coming from outside are validated and answered with
 * -1, never asserted.
 *
 * Thread safety: nothing here has global state, so every function may run
 * concurrently with any other as long as the injected hash function may,
 * and no object one call writes is read or written by another at the same
 * time.  Pointer arguments are never NULL unless a contract says so.
 */
#ifndef SCS_MERKLE_H
#define SCS_MERKLE_H

#include <stddef.h>
#include <stdint.h>

/* One piece of a hash function's input. */
struct scs_hash_part {
	const void *p;
	size_t len;
};

/*
 * SHA-256 over the concatenation of parts[0..nparts).  A part with len 0
 * must not be read.  @out never aliases a part when this module calls it.
 */
typedef void (*scs_sha256_fn)(uint8_t out[32],
    const struct scs_hash_part *parts, size_t nparts);

#define SCS_MERKLE_HASH      32
#define SCS_MERKLE_MAX_DEPTH 64
/* Longest consistency proof for 64-bit sizes; inclusion proofs need 64. */
#define SCS_MERKLE_MAX_PROOF (SCS_MERKLE_MAX_DEPTH + 1)

/*
 * The compact state of an append-only tree: for each set bit of size, the
 * root of the full subtree it stands for, largest first, in
 * nodes[0..popcount(size)).  Enough to append and to compute the root.
 * Entries past popcount(size) are unused.
 */
struct scs_merkle_frontier {
	uint64_t size;
	uint8_t nodes[SCS_MERKLE_MAX_DEPTH][SCS_MERKLE_HASH];
};

/**
 * Leaf hash: SHA-256(0x00 || data).  @data may be NULL when @len is 0.
 * @out may alias @data.
 */
void scs_merkle_leaf_hash(scs_sha256_fn h, const void *data, size_t len,
    uint8_t out[32]);

/**
 * Interior node hash: SHA-256(0x01 || left || right).  @out may alias
 * @left or @right.
 */
void scs_merkle_node_hash(scs_sha256_fn h, const uint8_t left[32],
    const uint8_t right[32], uint8_t out[32]);

/** Make @f the frontier of the empty tree (size 0, all nodes zero). */
void scs_merkle_frontier_init(struct scs_merkle_frontier *f);

/**
 * Append one leaf, given as its leaf hash (scs_merkle_leaf_hash), to @f.
 * Returns 0, or -1 with @f unchanged when @f already holds 2^64-1 leaves.
 */
int scs_merkle_frontier_append(scs_sha256_fn h, struct scs_merkle_frontier *f,
    const uint8_t leaf_hash[32]);

/**
 * scs_merkle_frontier_append that also reports the full subtrees the leaf
 * completes, for a caller that stores them (proofs from stored heads,
 * below): done[i] gets the head of the subtree at level i + 1 (2^(i+1)
 * leaves), whose index at that level is (f->size >> (i + 1)) - 1 with
 * the size after the append; *out_ndone is their count (the number of
 * trailing one bits of the size before).  @done holds
 * SCS_MERKLE_MAX_DEPTH hashes.  Returns 0, or -1 (nothing done) when @f
 * is full.
 */
int scs_merkle_frontier_append_full(scs_sha256_fn h,
    struct scs_merkle_frontier *f, const uint8_t leaf_hash[32],
    uint8_t (*done)[32], unsigned *out_ndone);

/**
 * The tree head MTH of the tree @f describes into @out.  The empty tree's
 * head is SHA-256 of the empty string.
 */
void scs_merkle_frontier_root(scs_sha256_fn h,
    const struct scs_merkle_frontier *f, uint8_t out[32]);

/*
 * Frontier byte format, k = popcount(size):
 *
 *	offset		size	field
 *	0		8	size, unsigned, big-endian
 *	8 + 32*i	32	nodes[i] for i in 0..k, largest subtree first
 *	8 + 32*k	-	end; nothing may follow
 *
 * The length is therefore exactly 8 + 32*k, between 8 and 2056 bytes.
 */

/** Bytes scs_merkle_frontier_encode writes for @f: 8 + 32*popcount(size). */
size_t scs_merkle_frontier_encoded_len(const struct scs_merkle_frontier *f);

/**
 * Encode @f into @out of @cap bytes.  Returns the number of bytes written,
 * or 0 (writing nothing) when @cap is smaller than the encoded length.
 * @out may be NULL when @cap is 0.
 */
size_t scs_merkle_frontier_encode(const struct scs_merkle_frontier *f,
    uint8_t *out, size_t cap);

/**
 * Decode @len bytes at @in into @f.  Returns 0, or -1 on malformed input:
 * fewer than 8 bytes, or a length other than exactly 8 + 32*popcount(size).
 * On -1 @f is unchanged.  Node values cannot be checked here; a decoded
 * frontier is only as trustworthy as its source.
 */
int scs_merkle_frontier_decode(struct scs_merkle_frontier *f, const uint8_t *in,
    size_t len);

/**
 * MTH over the @n leaf hashes at @leaves (already leaf-hashed) into @out.
 * n == 0 gives SHA-256 of the empty string, and @leaves may then be NULL.
 * Costs n-1 node hashes and O(log n) stack.
 */
void scs_merkle_root(scs_sha256_fn h, const uint8_t (*leaves)[32], uint64_t n,
    uint8_t out[32]);

/**
 * RFC 6962 2.1.1 PATH(m, D[n]): the audit path of leaf @m in the tree of
 * the first @n leaf hashes at @leaves, leaf side first.  Writes the path
 * into path[0..*out_len) and returns 0.  Returns -1 when m >= n (*out_len
 * is then 0) or when the path does not fit in @cap hashes (*out_len is
 * then the number needed, at most SCS_MERKLE_MAX_DEPTH, and @path is not
 * written).  Costs O(n) hashes and O(log n) stack.
 */
int scs_merkle_inclusion_proof(scs_sha256_fn h, const uint8_t (*leaves)[32],
    uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap, size_t *out_len);

/**
 * Verify that @leaf_hash is leaf @m of the tree of size @n whose head is
 * @root, given the audit path path[0..len) (RFC 9162 2.1.3.2).  Returns 0
 * when it verifies; -1 when it does not, when m >= n, or when the path is
 * too long or too short for the sizes.  @path may be NULL when @len is 0.
 */
int scs_merkle_inclusion_verify(scs_sha256_fn h, uint64_t m, uint64_t n,
    const uint8_t leaf_hash[32], const uint8_t (*path)[32], size_t len,
    const uint8_t root[32]);

/**
 * RFC 6962 2.1.2 PROOF(m, D[n]), 0 < m <= n: the consistency proof from
 * the tree of the first @m leaf hashes at @leaves to the tree of the first
 * @n.  Writes it into path[0..*out_len) and returns 0; PROOF(n, D[n]) is
 * empty.  Returns -1 when m == 0 or m > n (*out_len is then 0), or when
 * the proof does not fit in @cap hashes (*out_len is then the number
 * needed, at most SCS_MERKLE_MAX_PROOF, and @path is not written).  Costs
 * O(n) hashes and O(log n) stack.
 */
int scs_merkle_consistency_proof(scs_sha256_fn h, const uint8_t (*leaves)[32],
    uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap, size_t *out_len);

/**
 * Verify that the tree of size @m with head @old_root is a prefix of the
 * tree of size @n with head @new_root, given the consistency proof
 * path[0..len) (RFC 9162 2.1.4.2).  Returns 0 when it does; -1 when it
 * does not, when m == 0 or m > n, or when the proof has the wrong length.
 * For m == n the proof must be empty and the two heads equal.  The empty
 * tree (m == 0) is a prefix of every tree and needs no proof, so it is
 * refused here rather than vacuously accepted.  @path may be NULL when
 * @len is 0.
 */
int scs_merkle_consistency_verify(scs_sha256_fn h, uint64_t m, uint64_t n,
    const uint8_t old_root[32], const uint8_t new_root[32],
    const uint8_t (*path)[32], size_t len);

/*
 * Proofs from stored subtree heads.  A log that keeps the head of every
 * complete subtree as it is completed (scs_merkle_frontier_append_full)
 * answers proofs with O(log n) look-ups instead of the O(n) walks above:
 * every node a proof names is either a complete subtree (one look-up) or
 * lies on the right edge of the tree of size n, whose head folds the
 * frontier of n (popcount(n) look-ups, made once per proof).
 *
 * The source: the head MTH(D[index * 2^level : (index + 1) * 2^level])
 * of the complete subtree at @level with @index (level 0: the leaf hash
 * of leaf @index) into @out.  It is only asked for subtrees that lie
 * inside the tree the proof is over.  Returns 0, or a positive code of
 * the caller's, which stops the proof and is returned as is.
 */
typedef int (*scs_merkle_node_fn)(void *arg, unsigned level, uint64_t index,
    uint8_t out[32]);

/**
 * MTH of the first @n leaves from the subtree source @get into @out: 0,
 * or the source's code.  n == 0 gives the empty tree's head and calls
 * nothing.  At most popcount(n) look-ups.
 */
int scs_merkle_root_nodes(scs_sha256_fn h, scs_merkle_node_fn get, void *arg,
    uint64_t n, uint8_t out[32]);

/**
 * scs_merkle_inclusion_proof over the subtree source @get: the same path
 * and the same -1 cases, or the source's positive code (the path is then
 * partly written).  At most popcount(n) + log2(n) look-ups.
 */
int scs_merkle_inclusion_proof_nodes(scs_sha256_fn h, scs_merkle_node_fn get,
    void *arg, uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap,
    size_t *out_len);

/**
 * scs_merkle_consistency_proof over the subtree source @get: the same
 * proof and the same -1 cases, or the source's positive code.  At most
 * popcount(n) + log2(n) + 1 look-ups.
 */
int scs_merkle_consistency_proof_nodes(scs_sha256_fn h, scs_merkle_node_fn get,
    void *arg, uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap,
    size_t *out_len);

#endif
