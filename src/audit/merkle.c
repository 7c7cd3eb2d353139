/* SPDX-License-Identifier: Apache-2.0 */
/*
 * merkle.c - RFC 6962 Merkle tree arithmetic for the audit log: leaf and
 * node hashes, the compact frontier and its encoding, tree heads, and
 * inclusion and consistency proofs with the RFC 9162 verifiers.
 *
 * Pure computation over caller memory.  It must not do I/O, allocate,
 * keep state between calls, include a crypto library (SHA-256 is the
 * caller's scs_sha256_fn) or recurse: every tree walk is a loop with an
 * explicit stack bounded by SCS_MERKLE_MAX_DEPTH.  Sizes and proof lengths
 * from outside are checked and refused with -1, never asserted.
 */
#include <string.h>

#include "scs/merkle.h"

#define HASH SCS_MERKLE_HASH

/* A half-open range [lo, hi) of leaf indices: one subtree of the tree. */
struct leaf_range {
	uint64_t lo;
	uint64_t hi;
};

static const uint8_t leaf_prefix[1] = {0x00};
static const uint8_t node_prefix[1] = {0x01};

static unsigned
popcount64(uint64_t x)
{
	unsigned c = 0;

	while (x != 0) {
		x &= x - 1;
		c++;
	}
	return c;
}

/* The largest power of two strictly below @n, for n >= 2 (RFC 6962 k). */
static uint64_t
split_point(uint64_t n)
{
	uint64_t k = 1;

	while (k < n - k)
		k <<= 1;
	return k;
}

/* Compare two hashes without an early exit. */
static int
hash_eq(const uint8_t a[HASH], const uint8_t b[HASH])
{
	unsigned diff = 0;
	size_t i;

	for (i = 0; i < HASH; i++)
		diff |= (unsigned)(a[i] ^ b[i]);
	return diff == 0;
}

static void
empty_root(scs_sha256_fn h, uint8_t out[HASH])
{
	struct scs_hash_part part;

	part.p = leaf_prefix;
	part.len = 0;
	h(out, &part, 1);
}

void
scs_merkle_leaf_hash(scs_sha256_fn h, const void *data, size_t len,
    uint8_t out[32])
{
	struct scs_hash_part parts[2];
	uint8_t tmp[HASH];

	parts[0].p = leaf_prefix;
	parts[0].len = sizeof(leaf_prefix);
	parts[1].p = data;
	parts[1].len = len;
	h(tmp, parts, len > 0 ? 2 : 1);
	memcpy(out, tmp, HASH);
}

void
scs_merkle_node_hash(scs_sha256_fn h, const uint8_t left[32],
    const uint8_t right[32], uint8_t out[32])
{
	struct scs_hash_part parts[3];
	uint8_t tmp[HASH];

	parts[0].p = node_prefix;
	parts[0].len = sizeof(node_prefix);
	parts[1].p = left;
	parts[1].len = HASH;
	parts[2].p = right;
	parts[2].len = HASH;
	h(tmp, parts, 3);
	memcpy(out, tmp, HASH);
}

void
scs_merkle_frontier_init(struct scs_merkle_frontier *f)
{
	memset(f, 0, sizeof(*f));
}

/*
 * Append without the overflow check; the caller guarantees f->size is
 * below UINT64_MAX.  Each trailing one bit of the size is a full subtree
 * that the new leaf completes, so merge them right to left.  When @done
 * is not NULL, done[i] gets the head of the subtree completed at level
 * i + 1; the count is returned.
 */
static unsigned
frontier_push(scs_sha256_fn h, struct scs_merkle_frontier *f,
    const uint8_t leaf_hash[HASH], uint8_t (*done)[HASH])
{
	uint8_t carry[HASH];
	unsigned cnt = popcount64(f->size);
	unsigned ndone = 0;
	uint64_t s = f->size;

	memcpy(carry, leaf_hash, HASH);
	while ((s & 1) != 0 && cnt > 0) {
		cnt--;
		scs_merkle_node_hash(h, f->nodes[cnt], carry, carry);
		if (done != NULL)
			memcpy(done[ndone], carry, HASH);
		ndone++;
		s >>= 1;
	}
	memcpy(f->nodes[cnt], carry, HASH);
	f->size++;
	return ndone;
}

int
scs_merkle_frontier_append(scs_sha256_fn h, struct scs_merkle_frontier *f,
    const uint8_t leaf_hash[32])
{
	if (f->size == UINT64_MAX)
		return -1;
	(void)frontier_push(h, f, leaf_hash, NULL);
	return 0;
}

int
scs_merkle_frontier_append_full(scs_sha256_fn h, struct scs_merkle_frontier *f,
    const uint8_t leaf_hash[32], uint8_t (*done)[32], unsigned *out_ndone)
{
	*out_ndone = 0;
	if (f->size == UINT64_MAX)
		return -1;
	*out_ndone = frontier_push(h, f, leaf_hash, done);
	return 0;
}

/*
 * MTH of a tree whose size is not a power of two splits at the largest
 * power of two below it, so the head is the right fold of the full
 * subtrees: node(n0, node(n1, ... node(n[k-2], n[k-1]))).
 */
void
scs_merkle_frontier_root(scs_sha256_fn h, const struct scs_merkle_frontier *f,
    uint8_t out[32])
{
	uint8_t acc[HASH];
	unsigned cnt = popcount64(f->size);
	unsigned i;

	if (cnt == 0) {
		empty_root(h, out);
		return;
	}
	memcpy(acc, f->nodes[cnt - 1], HASH);
	for (i = cnt - 1; i > 0; i--)
		scs_merkle_node_hash(h, f->nodes[i - 1], acc, acc);
	memcpy(out, acc, HASH);
}

size_t
scs_merkle_frontier_encoded_len(const struct scs_merkle_frontier *f)
{
	return 8 + (size_t)HASH * popcount64(f->size);
}

size_t
scs_merkle_frontier_encode(const struct scs_merkle_frontier *f, uint8_t *out,
    size_t cap)
{
	size_t need = scs_merkle_frontier_encoded_len(f);
	unsigned cnt = popcount64(f->size);
	unsigned i;

	if (out == NULL || cap < need)
		return 0;
	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(f->size >> (56 - 8 * i));
	for (i = 0; i < cnt; i++)
		memcpy(out + 8 + (size_t)HASH * i, f->nodes[i], HASH);
	return need;
}

int
scs_merkle_frontier_decode(struct scs_merkle_frontier *f, const uint8_t *in,
    size_t len)
{
	uint64_t size = 0;
	unsigned cnt;
	unsigned i;

	if (in == NULL || len < 8)
		return -1;
	for (i = 0; i < 8; i++)
		size = (size << 8) | in[i];
	cnt = popcount64(size);
	if (len != 8 + (size_t)HASH * cnt)
		return -1;
	memset(f, 0, sizeof(*f));
	f->size = size;
	for (i = 0; i < cnt; i++)
		memcpy(f->nodes[i], in + 8 + (size_t)HASH * i, HASH);
	return 0;
}

/* MTH(D[lo:hi]) by streaming the leaves through a local frontier. */
static void
range_root(scs_sha256_fn h, const uint8_t (*leaves)[HASH], struct leaf_range r,
    uint8_t out[HASH])
{
	struct scs_merkle_frontier acc;
	uint64_t i;

	scs_merkle_frontier_init(&acc);
	for (i = r.lo; i < r.hi; i++)
		(void)frontier_push(h, &acc, leaves[i], NULL);
	scs_merkle_frontier_root(h, &acc, out);
}

void
scs_merkle_root(scs_sha256_fn h, const uint8_t (*leaves)[32], uint64_t n,
    uint8_t out[32])
{
	struct leaf_range r;

	r.lo = 0;
	r.hi = n;
	range_root(h, leaves, r, out);
}

/*
 * Hash the recorded sibling subtrees into @path, innermost (last
 * recorded) first, starting at path[at].
 */
static void
emit_siblings(scs_sha256_fn h, const uint8_t (*leaves)[HASH],
    const struct leaf_range *sib, size_t depth, uint8_t (*path)[HASH],
    size_t at)
{
	size_t i;

	for (i = depth; i > 0; i--)
		range_root(h, leaves, sib[i - 1], path[at++]);
}

/*
 * The subtrees beside the path from the root of the tree of size @n to
 * leaf @m (m < n), root side first, into sib[]; returns how many.  Each
 * step leaves at most half the power of two above the size, so 64 steps
 * always reach a leaf; the depth test only bounds sib[].
 */
static size_t
inclusion_ranges(uint64_t n, uint64_t m, struct leaf_range *sib)
{
	uint64_t lo = 0;
	uint64_t size = n;
	size_t depth = 0;

	while (size > 1 && depth < SCS_MERKLE_MAX_DEPTH) {
		uint64_t k = split_point(size);

		if (m - lo < k) {
			sib[depth].lo = lo + k;
			sib[depth].hi = lo + size;
			size = k;
		} else {
			sib[depth].lo = lo;
			sib[depth].hi = lo + k;
			lo += k;
			size -= k;
		}
		depth++;
	}
	return depth;
}

/*
 * SUBPROOF(m, D[n], true) of RFC 6962 2.1.2, unrolled (0 < m < n): the
 * subtrees beside each step of the descent until the old tree is exactly
 * a node, root side first, into sib[]; returns how many.  *out_cur is that
 * node and *out_whole whether it is the old tree itself (RFC 6962 b), in
 * which case its head is not part of the proof.  As above, 64 steps
 * always suffice.
 */
static size_t
consistency_ranges(uint64_t n, uint64_t m, struct leaf_range *sib,
    struct leaf_range *out_cur, int *out_whole)
{
	struct leaf_range cur;
	uint64_t mm = m;
	size_t depth = 0;
	int whole = 1;

	cur.lo = 0;
	cur.hi = n;
	while (mm != cur.hi - cur.lo && depth < SCS_MERKLE_MAX_DEPTH) {
		uint64_t k = split_point(cur.hi - cur.lo);

		if (mm <= k) {
			sib[depth].lo = cur.lo + k;
			sib[depth].hi = cur.hi;
			cur.hi = cur.lo + k;
		} else {
			sib[depth].lo = cur.lo;
			sib[depth].hi = cur.lo + k;
			cur.lo += k;
			mm -= k;
			whole = 0;
		}
		depth++;
	}
	*out_cur = cur;
	*out_whole = whole;
	return depth;
}

int
scs_merkle_inclusion_proof(scs_sha256_fn h, const uint8_t (*leaves)[32],
    uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap, size_t *out_len)
{
	struct leaf_range sib[SCS_MERKLE_MAX_DEPTH];
	size_t depth;

	*out_len = 0;
	if (m >= n)
		return -1;
	depth = inclusion_ranges(n, m, sib);
	*out_len = depth;
	if (depth > cap)
		return -1;
	emit_siblings(h, leaves, sib, depth, path, 0);
	return 0;
}

int
scs_merkle_consistency_proof(scs_sha256_fn h, const uint8_t (*leaves)[32],
    uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap, size_t *out_len)
{
	struct leaf_range sib[SCS_MERKLE_MAX_DEPTH];
	struct leaf_range cur;
	size_t depth;
	size_t total;
	int whole;

	*out_len = 0;
	if (m == 0 || m > n)
		return -1;
	depth = consistency_ranges(n, m, sib, &cur, &whole);
	total = depth + (whole ? 0 : 1);
	*out_len = total;
	if (total > cap)
		return -1;
	if (!whole)
		range_root(h, leaves, cur, path[0]);
	emit_siblings(h, leaves, sib, depth, path, whole ? 0 : 1);
	return 0;
}

/* ---- proofs from stored subtree heads ---- */

/*
 * Every subtree a proof names is a node of the RFC 6962 tree of size n:
 * [lo, hi) with lo a multiple of the power of two at or above hi - lo.
 * Such a range is either complete (hi - lo a power of two: one stored
 * head) or on the tree's right edge (hi == n), where its head is a fold
 * of the last nodes of the frontier of n.  So a proof costs the frontier
 * of n (popcount(n) look-ups, once) and one look-up per complete
 * sibling: O(log n) in all, never a walk of the leaves.
 */
struct node_src {
	scs_sha256_fn h;
	scs_merkle_node_fn get;
	void *arg;
	uint64_t n;
	int loaded;   /* edge[] holds the folds of the frontier of n */
	unsigned cnt; /* popcount(n) */
	/* edge[i]: the head of the leaves covered by frontier nodes i ..
	 * cnt-1, i.e. the last (n mod 2^b) leaves for the bit b of node i. */
	uint8_t edge[SCS_MERKLE_MAX_DEPTH][HASH];
};

static unsigned
log2_exact(uint64_t s)
{
	unsigned b = 0;

	while ((s >> b) != 1)
		b++;
	return b;
}

/*
 * The heads of the complete subtrees that make up the node range @r
 * (one per set bit of its width, largest first) into nodes[], their
 * count into *out_cnt.  Returns 0 or the callback's code.
 */
static int
decompose(const struct node_src *src, struct leaf_range r,
    uint8_t (*nodes)[HASH], unsigned *out_cnt)
{
	uint64_t s = r.hi - r.lo;
	uint64_t at = r.lo;
	unsigned b = SCS_MERKLE_MAX_DEPTH;
	unsigned cnt = 0;
	int rc;

	*out_cnt = 0;
	while (b > 0) {
		b--;
		if (((s >> b) & 1) == 0)
			continue;
		if ((rc = src->get(src->arg, b, at >> b, nodes[cnt])) != 0)
			return rc;
		cnt++;
		at += (uint64_t)1 << b;
	}
	*out_cnt = cnt;
	return 0;
}

/* Fold nodes[0..cnt) (cnt > 0) to the right into @out, the head of the
 * range they make up, as scs_merkle_frontier_root does. */
static void
fold_right(scs_sha256_fn h, const uint8_t (*nodes)[HASH], unsigned cnt,
    uint8_t out[HASH])
{
	uint8_t acc[HASH];
	unsigned i;

	memcpy(acc, nodes[cnt - 1], HASH);
	for (i = cnt - 1; i > 0; i--)
		scs_merkle_node_hash(h, nodes[i - 1], acc, acc);
	memcpy(out, acc, HASH);
}

static int
load_edge(struct node_src *src)
{
	struct leaf_range all;
	unsigned i;
	int rc;

	all.lo = 0;
	all.hi = src->n;
	if ((rc = decompose(src, all, src->edge, &src->cnt)) != 0)
		return rc;
	for (i = src->cnt - 1; i > 0; i--)
		scs_merkle_node_hash(src->h, src->edge[i - 1], src->edge[i],
		    src->edge[i - 1]);
	src->loaded = 1;
	return 0;
}

/* MTH(D[r.lo:r.hi]) of the node range @r (not empty).  Returns 0 or the
 * callback's code. */
static int
node_root(struct node_src *src, struct leaf_range r, uint8_t out[HASH])
{
	uint8_t nodes[SCS_MERKLE_MAX_DEPTH][HASH];
	uint64_t s = r.hi - r.lo;
	unsigned cnt;
	unsigned b;
	int rc;

	if ((s & (s - 1)) == 0) {
		b = log2_exact(s);
		return src->get(src->arg, b, r.lo >> b, out);
	}
	if (r.hi == src->n) {
		if (!src->loaded && (rc = load_edge(src)) != 0)
			return rc;
		memcpy(out, src->edge[src->cnt - popcount64(s)], HASH);
		return 0;
	}
	/* Not reached for the nodes of a proof; kept total. */
	if ((rc = decompose(src, r, nodes, &cnt)) != 0)
		return rc;
	fold_right(src->h, (const uint8_t(*)[HASH])nodes, cnt, out);
	return 0;
}

static void
node_src_init(struct node_src *src, scs_sha256_fn h, scs_merkle_node_fn get,
    void *arg, uint64_t n)
{
	src->h = h;
	src->get = get;
	src->arg = arg;
	src->n = n;
	src->loaded = 0;
	src->cnt = 0;
}

int
scs_merkle_root_nodes(scs_sha256_fn h, scs_merkle_node_fn get, void *arg,
    uint64_t n, uint8_t out[32])
{
	struct node_src src;
	struct leaf_range all;

	if (n == 0) {
		empty_root(h, out);
		return 0;
	}
	node_src_init(&src, h, get, arg, n);
	all.lo = 0;
	all.hi = n;
	return node_root(&src, all, out);
}

/* The heads of sib[0..depth) into @path from path[at], innermost first. */
static int
emit_nodes(struct node_src *src, const struct leaf_range *sib, size_t depth,
    uint8_t (*path)[HASH], size_t at)
{
	size_t i;
	int rc;

	for (i = depth; i > 0; i--)
		if ((rc = node_root(src, sib[i - 1], path[at++])) != 0)
			return rc;
	return 0;
}

int
scs_merkle_inclusion_proof_nodes(scs_sha256_fn h, scs_merkle_node_fn get,
    void *arg, uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap,
    size_t *out_len)
{
	struct leaf_range sib[SCS_MERKLE_MAX_DEPTH];
	struct node_src src;
	size_t depth;

	*out_len = 0;
	if (m >= n)
		return -1;
	depth = inclusion_ranges(n, m, sib);
	*out_len = depth;
	if (depth > cap)
		return -1;
	node_src_init(&src, h, get, arg, n);
	return emit_nodes(&src, sib, depth, path, 0);
}

int
scs_merkle_consistency_proof_nodes(scs_sha256_fn h, scs_merkle_node_fn get,
    void *arg, uint64_t n, uint64_t m, uint8_t (*path)[32], size_t cap,
    size_t *out_len)
{
	struct leaf_range sib[SCS_MERKLE_MAX_DEPTH];
	struct leaf_range cur;
	struct node_src src;
	size_t depth;
	size_t total;
	int whole;
	int rc;

	*out_len = 0;
	if (m == 0 || m > n)
		return -1;
	depth = consistency_ranges(n, m, sib, &cur, &whole);
	total = depth + (whole ? 0 : 1);
	*out_len = total;
	if (total > cap)
		return -1;
	node_src_init(&src, h, get, arg, n);
	if (!whole && (rc = node_root(&src, cur, path[0])) != 0)
		return rc;
	return emit_nodes(&src, sib, depth, path, whole ? 0 : 1);
}

/* Right-shift @fn and @sn together until fn is odd or zero. */
static void
shift_to_odd(uint64_t *fn, uint64_t *sn)
{
	while ((*fn & 1) == 0 && *fn != 0) {
		*fn >>= 1;
		*sn >>= 1;
	}
}

int
scs_merkle_inclusion_verify(scs_sha256_fn h, uint64_t m, uint64_t n,
    const uint8_t leaf_hash[32], const uint8_t (*path)[32], size_t len,
    const uint8_t root[32])
{
	uint8_t r[HASH];
	uint64_t fn = m;
	uint64_t sn;
	size_t i;

	if (m >= n || (len > 0 && path == NULL))
		return -1;
	sn = n - 1;
	memcpy(r, leaf_hash, HASH);
	for (i = 0; i < len; i++) {
		if (sn == 0)
			return -1; /* more path than tree */
		if ((fn & 1) != 0 || fn == sn) {
			scs_merkle_node_hash(h, path[i], r, r);
			shift_to_odd(&fn, &sn);
		} else {
			scs_merkle_node_hash(h, r, path[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	return sn == 0 && hash_eq(r, root) ? 0 : -1;
}

int
scs_merkle_consistency_verify(scs_sha256_fn h, uint64_t m, uint64_t n,
    const uint8_t old_root[32], const uint8_t new_root[32],
    const uint8_t (*path)[32], size_t len)
{
	uint8_t fr[HASH];
	uint8_t sr[HASH];
	uint64_t fn;
	uint64_t sn;
	size_t i = 0;

	if (m == 0 || m > n || (len > 0 && path == NULL))
		return -1;
	if (m == n)
		return len == 0 && hash_eq(old_root, new_root) ? 0 : -1;
	if (len == 0)
		return -1;
	/* A power-of-two old tree is a node of the new one: its head
	 * starts the chain instead of a proof element. */
	if ((m & (m - 1)) == 0) {
		memcpy(fr, old_root, HASH);
	} else {
		memcpy(fr, path[0], HASH);
		i = 1;
	}
	memcpy(sr, fr, HASH);
	fn = m - 1;
	sn = n - 1;
	while ((fn & 1) != 0) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < len; i++) {
		if (sn == 0)
			return -1; /* more proof than tree */
		if ((fn & 1) != 0 || fn == sn) {
			scs_merkle_node_hash(h, path[i], fr, fr);
			scs_merkle_node_hash(h, path[i], sr, sr);
			shift_to_odd(&fn, &sn);
		} else {
			scs_merkle_node_hash(h, sr, path[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0 || !hash_eq(fr, old_root) || !hash_eq(sr, new_root))
		return -1;
	return 0;
}
