/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c - the audit log through the store: encoding leaves, appending with
 * the Merkle frontier kept in the store's meta table (so an append costs
 * O(log n) hashes, not a walk), keeping the heads of complete subtrees for
 * proofs, signing tree heads, answering and checking inclusion and
 * consistency proofs, and verifying the whole log.  The tree math is
 * merkle.c's; this file adds persistence and keys.
 *
 * Stored subtree heads: each append stores the head of every subtree of
 * 2^SCS_AUDIT_NODE_LEVEL leaves or more that it completes (the frontier
 * merge computes them anyway); smaller subtrees are recomputed from the
 * leaf hashes the entries keep, at most 2^SCS_AUDIT_NODE_LEVEL of them
 * at a time.  The meta value "audit.nodes" (8 bytes, big-endian) is the
 * tree size up to which every such head is stored; a register from
 * before the table is back-filled by scs_audit_nodes_sync.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/audit.h"
#include "scs/merkle.h"

#define FRONTIER_KEY "audit.frontier"
#define NODES_KEY    "audit.nodes"
#define SYNC_CHUNK   65536 /* leaves a back-fill adds per transaction */
#define HEAD_MAGIC   "scs-tree-head-v1"

static void
put_u64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static size_t
put_str(uint8_t *p, size_t at, const char *s)
{
	size_t n = strlen(s);

	if (n > 0xffff || at + 2 + n > SCS_LEAF_MAX - 32)
		n = 0; /* cannot happen: fields are bounded far below */
	p[at] = (uint8_t)(n >> 8);
	p[at + 1] = (uint8_t)n;
	/* Length-prefixed bytes, not a C string. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(p + at + 2, s, n);
	return at + 2 + n;
}

size_t
scs_audit_leaf(const struct scs_audit_entry *e, uint8_t *out)
{
	size_t at;

	out[0] = 1;
	put_u64(out + 1, e->seq);
	put_u64(out + 9, (uint64_t)e->time_us);
	at = put_str(out, 17, e->actor);
	at = put_str(out, at, e->action);
	at = put_str(out, at, e->kind);
	at = put_str(out, at, e->object);
	at = put_str(out, at, e->purpose);
	memcpy(out + at, e->state, 32);
	return at + 32;
}

void
scs_audit_state(const char *kind, const void *canon, size_t len,
    uint8_t out[32])
{
	struct scs_hash_part parts[3] = {
	    {"scs-state-v1", 13}, /* with its NUL */
	    {kind, strlen(kind) + 1},
	    {canon, len},
	};

	scs_crypto_sha256v(out, parts, 3);
}

static int
load_frontier(struct scs_store *st, struct scs_merkle_frontier *f,
    struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	int rc = scs_store_meta_get(st, FRONTIER_KEY, &b, NULL);

	scs_merkle_frontier_init(f);
	if (rc == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return scs_err_set(err, rc, "audit",
		    "cannot read the frontier");
	if (scs_merkle_frontier_decode(f, b.p, b.len) != 0)
		rc = scs_err_set(err, SCS_ECORRUPT, "audit",
		    "the stored Merkle frontier is malformed");
	scs_blob_free(&b);
	return rc;
}

/* Every text of an entry is well-formed UTF-8 without control characters:
 * the log is read back as JSON, and one bad entry must not make a page of
 * it unreadable.  Operations validate their input first; this is the last
 * gate before the bytes are hashed and stored for good. */
static int
check_text(const char *s, const char *field, struct scs_err *err)
{
	size_t i, n = strlen(s);

	if (!scs_utf8_valid(s, n))
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be valid UTF-8");
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return scs_err_set(err, SCS_EINVAL, field,
			    "must not hold control characters");
	return SCS_OK;
}

static int
check_entry(const struct scs_audit_entry *e, struct scs_err *err)
{
	int rc;

	if ((rc = check_text(e->actor, "actor", err)) != SCS_OK ||
	    (rc = check_text(e->action, "action", err)) != SCS_OK ||
	    (rc = check_text(e->kind, "kind", err)) != SCS_OK ||
	    (rc = check_text(e->object, "object", err)) != SCS_OK ||
	    (rc = check_text(e->purpose, "purpose", err)) != SCS_OK)
		return rc;
	return SCS_OK;
}

static int
load_covered(struct scs_store *st, uint64_t *out, struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	int rc = scs_store_meta_get(st, NODES_KEY, &b, NULL);
	size_t i;

	*out = 0;
	if (rc == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return scs_err_set(err, rc, "audit",
		    "cannot read the subtree heads' extent");
	if (b.len != 8)
		rc = scs_err_set(err, SCS_ECORRUPT, "audit",
		    "the stored extent of the subtree heads is malformed");
	for (i = 0; rc == SCS_OK && i < 8; i++)
		*out = (*out << 8) | b.p[i];
	scs_blob_free(&b);
	return rc;
}

static int
put_covered(struct scs_store *st, uint64_t size, struct scs_err *err)
{
	uint8_t v[8];

	put_u64(v, size);
	return scs_store_meta_put(st, NODES_KEY, v, sizeof(v), err);
}

/* Store the heads a leaf completed (level i + 1 in done[i]) that are of
 * the stored levels; @size is the tree size after the leaf. */
static int
put_done(struct scs_store *st, uint64_t size, const uint8_t (*done)[32],
    unsigned ndone, struct scs_err *err)
{
	unsigned i;
	int rc;

	for (i = SCS_AUDIT_NODE_LEVEL - 1; i < ndone; i++)
		if ((rc = scs_store_node_put(st, i + 1, (size >> (i + 1)) - 1,
		         done[i], err)) != SCS_OK)
			return rc;
	return SCS_OK;
}

/*
 * The subtree source of merkle.c's proofs over the store: stored heads
 * for the stored levels; below them the head is recomputed from the leaf
 * hashes of its aligned block of 2^SCS_AUDIT_NODE_LEVEL leaves, the last
 * few blocks read kept (a proof visits at most three).
 */
#define BLOCK      ((uint64_t)1 << SCS_AUDIT_NODE_LEVEL)
#define NBLOCKS    3
#define NODE_ERROR 1 /* the source's code; the error is in src->err */

#define PREFETCH_MAX 192 /* a proof names at most 64 + 64 + 1 */

struct node_src {
	struct scs_store *st;
	struct scs_err *err;
	int rc;
	uint64_t size; /* leaves that exist: a block may end early */
	/* A dry run of the proof notes the stored heads it needs (the
	 * subtrees a proof names do not depend on their hashes), so that
	 * one read fetches them all: one round trip instead of one per head
	 * on PostgreSQL. */
	int recording;
	unsigned npf;
	int pf_ready;
	unsigned pf_level[PREFETCH_MAX];
	uint64_t pf_index[PREFETCH_MAX];
	uint8_t pf_hash[PREFETCH_MAX][32];
	struct {
		uint64_t first; /* UINT64_MAX: empty */
		size_t n;
		uint8_t leaf[BLOCK][32];
	} blk[NBLOCKS];
	unsigned next; /* the slot the next block read goes to */
};

static void
node_src_init(struct node_src *src, struct scs_store *st, uint64_t size,
    struct scs_err *err)
{
	unsigned i;

	memset(src, 0, sizeof(*src));
	src->st = st;
	src->err = err;
	src->size = size;
	for (i = 0; i < NBLOCKS; i++)
		src->blk[i].first = UINT64_MAX;
}

static void
note_node(struct node_src *src, unsigned level, uint64_t index)
{
	unsigned i;

	for (i = 0; i < src->npf; i++)
		if (src->pf_level[i] == level && src->pf_index[i] == index)
			return;
	if (src->npf < PREFETCH_MAX) {
		src->pf_level[src->npf] = level;
		src->pf_index[src->npf] = index;
		src->npf++;
	}
}

/* Read the heads the dry run noted, at once. */
static int
prefetch(struct node_src *src)
{
	int rc = SCS_OK;

	src->recording = 0;
	if (src->npf > 0)
		rc = scs_store_node_get_many(src->st, src->pf_level,
		    src->pf_index, src->npf, src->pf_hash, src->err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(src->err, SCS_ECORRUPT, "audit",
		    "a stored subtree head is missing (run scs audit verify)");
	src->pf_ready = rc == SCS_OK;
	return rc;
}

static int
get_node(void *arg, unsigned level, uint64_t index, uint8_t out[32])
{
	struct node_src *src = arg;
	struct scs_merkle_frontier f;
	uint64_t lo, first, j;
	unsigned i;

	if (src->recording) {
		memset(out, 0, 32);
		if (level >= SCS_AUDIT_NODE_LEVEL)
			note_node(src, level, index);
		return 0;
	}
	if (level >= SCS_AUDIT_NODE_LEVEL) {
		for (i = 0; src->pf_ready && i < src->npf; i++)
			if (src->pf_level[i] == level &&
			    src->pf_index[i] == index) {
				memcpy(out, src->pf_hash[i], 32);
				return 0;
			}
		src->rc =
		    scs_store_node_get(src->st, level, index, out, src->err);
		if (src->rc == SCS_ENOTFOUND)
			src->rc = scs_err_set(src->err, SCS_ECORRUPT, "audit",
			    "the head of subtree (%u, %llu) is missing", level,
			    (unsigned long long)index);
		return src->rc == SCS_OK ? 0 : NODE_ERROR;
	}
	lo = index << level;
	first = lo & ~(BLOCK - 1);
	for (i = 0; i < NBLOCKS && src->blk[i].first != first; i++)
		;
	if (i == NBLOCKS) {
		i = src->next;
		src->next = (src->next + 1) % NBLOCKS;
		src->blk[i].first = UINT64_MAX;
		src->blk[i].n = src->size - first < BLOCK
		    ? (size_t)(src->size - first)
		    : (size_t)BLOCK;
		if ((src->rc = scs_store_audit_leaves(src->st, first,
		         src->blk[i].n, src->blk[i].leaf, src->err)) != SCS_OK)
			return NODE_ERROR;
		src->blk[i].first = first;
	}
	scs_merkle_frontier_init(&f);
	for (j = lo - first; j < lo - first + ((uint64_t)1 << level); j++)
		(void)scs_merkle_frontier_append(scs_crypto_sha256v, &f,
		    src->blk[i].leaf[j]);
	scs_merkle_frontier_root(scs_crypto_sha256v, &f, out);
	return 0;
}

/*
 * Store the subtree heads of leaves [from, to), those of [0, from) being
 * stored: the frontier of @from from the stored heads, then the leaves
 * streamed through it.  Inside the caller's write transaction.  When
 * @want is not NULL (to is the log's size), the frontier reached must be
 * it, or the leaves do not make the log's tree: SCS_ECORRUPT.
 */
static int
nodes_fill(struct scs_store *st, uint64_t from, uint64_t to,
    const struct scs_merkle_frontier *want, struct scs_err *err)
{
	struct scs_merkle_frontier f;
	struct node_src *src = NULL;
	uint8_t(*leaves)[32] = NULL;
	uint8_t done[SCS_MERKLE_MAX_DEPTH][32], a[32], b[32];
	uint64_t at, start = 0;
	unsigned bit, nd, k;
	size_t i, n;
	int rc = SCS_OK;

	scs_merkle_frontier_init(&f);
	k = 0;
	if ((src = malloc(sizeof(*src))) == NULL ||
	    (leaves = malloc(4096 * sizeof(*leaves))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "audit", "out of memory");
		goto out;
	}
	node_src_init(src, st, from, err);
	for (bit = SCS_MERKLE_MAX_DEPTH; bit > 0; bit--) {
		if (((from >> (bit - 1)) & 1) == 0)
			continue;
		if (get_node(src, bit - 1, start >> (bit - 1), f.nodes[k++]) !=
		    0) {
			rc = src->rc;
			goto out;
		}
		f.size += (uint64_t)1 << (bit - 1);
		start += (uint64_t)1 << (bit - 1);
	}
	for (at = from; at < to; at += n) {
		n = to - at < 4096 ? (size_t)(to - at) : 4096;
		if ((rc = scs_store_audit_leaves(st, at, n, leaves, err)) !=
		    SCS_OK)
			goto out;
		for (i = 0; i < n; i++) {
			(void)
			    scs_merkle_frontier_append_full(scs_crypto_sha256v,
			        &f, leaves[i], done, &nd);
			if ((rc = put_done(st, f.size,
			         (const uint8_t(*)[32])done, nd, err)) !=
			    SCS_OK)
				goto out;
		}
	}
	if (want != NULL) {
		scs_merkle_frontier_root(scs_crypto_sha256v, &f, a);
		scs_merkle_frontier_root(scs_crypto_sha256v, want, b);
		if (f.size != want->size || memcmp(a, b, 32) != 0)
			rc = scs_err_set(err, SCS_ECORRUPT, "audit",
			    "the audit entries' leaf hashes do not make the "
			    "stored tree (run scs audit verify)");
	}
out:
	free(leaves);
	free(src);
	return rc;
}

int
scs_audit_append_many(struct scs_store *st, struct scs_audit_entry *e, size_t n,
    struct scs_err *err)
{
	struct scs_merkle_frontier f;
	uint8_t leaf[SCS_LEAF_MAX], enc[8 + 64 * 32];
	uint8_t done[SCS_MERKLE_MAX_DEPTH][32];
	uint64_t covered;
	unsigned nd;
	size_t i, len;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = check_entry(&e[i], err)) != SCS_OK)
			return rc;
	if ((rc = load_frontier(st, &f, err)) != SCS_OK ||
	    (rc = load_covered(st, &covered, err)) != SCS_OK)
		return rc;
	if (n > 0 && f.size > UINT64_MAX - n)
		return scs_err_set(err, SCS_EINTERNAL, "audit", "log is full");
	/* Heads missing since a register from before them was last
	 * opened by scs_audit_nodes_sync: there are few, add them first. */
	if (covered != f.size &&
	    (rc = nodes_fill(st, covered, f.size, &f, err)) != SCS_OK)
		return rc;
	for (i = 0; i < n; i++) {
		e[i].seq = f.size;
		len = scs_audit_leaf(&e[i], leaf);
		scs_merkle_leaf_hash(scs_crypto_sha256v, leaf, len, e[i].leaf);
		if (scs_merkle_frontier_append_full(scs_crypto_sha256v, &f,
		        e[i].leaf, done, &nd) != 0)
			return scs_err_set(err, SCS_EINTERNAL, "audit",
			    "log is full");
		if ((rc = scs_store_audit_append(st, &e[i], err)) != SCS_OK ||
		    (rc = put_done(st, f.size, (const uint8_t(*)[32])done, nd,
		         err)) != SCS_OK)
			return rc;
	}
	len = scs_merkle_frontier_encode(&f, enc, sizeof(enc));
	if ((rc = scs_store_meta_put(st, FRONTIER_KEY, enc, len, err)) !=
	    SCS_OK)
		return rc;
	return put_covered(st, f.size, err);
}

int
scs_audit_nodes_sync(struct scs_store *st, uint64_t *out_added,
    struct scs_err *err)
{
	struct scs_merkle_frontier f;
	uint64_t covered, to;
	int rc;

	if (out_added != NULL)
		*out_added = 0;
	/* Outside a transaction first: every open calls this, and a
	 * register in step must not wait for the write lock. */
	if ((rc = load_frontier(st, &f, err)) != SCS_OK ||
	    (rc = load_covered(st, &covered, err)) != SCS_OK)
		return rc;
	if (covered == f.size)
		return SCS_OK;
	for (;;) {
		if ((rc = scs_store_begin(st, err)) != SCS_OK)
			return rc;
		if ((rc = load_frontier(st, &f, err)) != SCS_OK ||
		    (rc = load_covered(st, &covered, err)) != SCS_OK)
			goto fail;
		if (covered == f.size) {
			scs_store_rollback(st);
			return SCS_OK;
		}
		if (covered > f.size) {
			rc = scs_err_set(err, SCS_ECORRUPT, "audit",
			    "the subtree heads reach past the log (%llu of "
			    "%llu entries)",
			    (unsigned long long)covered,
			    (unsigned long long)f.size);
			goto fail;
		}
		to = f.size - covered > SYNC_CHUNK ? covered + SYNC_CHUNK
		                                   : f.size;
		if ((rc = nodes_fill(st, covered, to, to == f.size ? &f : NULL,
		         err)) != SCS_OK ||
		    (rc = put_covered(st, to, err)) != SCS_OK ||
		    (rc = scs_store_commit(st, err)) != SCS_OK)
			goto fail;
		if (out_added != NULL)
			*out_added += to - covered;
	}
fail:
	scs_store_rollback(st);
	return rc;
}

int
scs_audit_append(struct scs_store *st, struct scs_audit_entry *e,
    struct scs_err *err)
{
	return scs_audit_append_many(st, e, 1, err);
}

static size_t
head_msg(const struct scs_tree_head *h, uint8_t out[64])
{
	/* A fixed 16-byte tag, not a C string. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(out, HEAD_MAGIC, 16);
	put_u64(out + 16, h->size);
	put_u64(out + 24, (uint64_t)h->time_us);
	memcpy(out + 32, h->root, 32);
	return 64;
}

int
scs_audit_head(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err)
{
	int rc = scs_store_head_last(st, out, err);

	if (rc != SCS_ENOTFOUND)
		return rc;
	memset(out, 0, sizeof(*out));
	scs_crypto_sha256(out->root, "", 0);
	return SCS_OK;
}

int
scs_audit_seal_head(struct scs_store *st, const struct scs_keys *k,
    int64_t now_us, struct scs_err *err)
{
	struct scs_merkle_frontier f;
	struct scs_tree_head h, last;
	uint8_t msg[64];
	int rc;

	if ((rc = load_frontier(st, &f, err)) != SCS_OK ||
	    (rc = scs_audit_head(st, &last, err)) != SCS_OK)
		return rc;
	if (f.size == 0 || f.size == last.size)
		return SCS_OK;
	memset(&h, 0, sizeof(h));
	h.size = f.size;
	h.time_us = now_us;
	scs_merkle_frontier_root(scs_crypto_sha256v, &f, h.root);
	scs_crypto_sign(k, msg, head_msg(&h, msg), h.sig);
	return scs_store_head_put(st, &h, err);
}

/* ---- proofs ---- */

/* What every proof reads first: the latest signed head and how far the
 * subtree heads are stored.  Read once per proof, however many heads it
 * names (a round trip each on PostgreSQL). */
struct proof_base {
	struct scs_tree_head last;
	uint64_t covered;
};

static int
proof_base(struct scs_store *st, const char *field, struct proof_base *b,
    struct scs_err *err)
{
	int rc = scs_store_head_last(st, &b->last, NULL);

	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, field,
		    "the log has no signed tree head yet");
	if (rc != SCS_OK)
		return scs_err_set(err, rc, "audit",
		    "cannot read the latest signed tree head");
	return load_covered(st, &b->covered, err);
}

/* The signed head of @size (0: the latest), refusing a size the log has
 * no signed head of, or one whose subtree heads are not all stored. */
static int
proof_head(struct scs_store *st, const struct proof_base *b, uint64_t size,
    const char *field, struct scs_tree_head *out, struct scs_err *err)
{
	int rc;

	if (size == 0)
		size = b->last.size;
	if (size > b->last.size)
		return scs_err_set(err, SCS_EINVAL, field,
		    "%llu is beyond the latest signed tree head (size %llu)",
		    (unsigned long long)size, (unsigned long long)b->last.size);
	if (size == b->last.size)
		*out = b->last;
	else if ((rc = scs_store_head_at(st, size, out, NULL)) == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, field,
		    "no signed tree head of size %llu: proofs are over the "
		    "sizes of signed heads",
		    (unsigned long long)size);
	else if (rc != SCS_OK)
		return scs_err_set(err, rc, "audit",
		    "cannot read the signed tree head of size %llu",
		    (unsigned long long)size);
	if (b->covered < size)
		return scs_err_set(err, SCS_EBUSY, "audit",
		    "the subtree heads of the log are still being stored "
		    "(%llu of %llu entries); try again",
		    (unsigned long long)b->covered, (unsigned long long)size);
	return SCS_OK;
}

/* The proof's own check before it leaves: stored subtree heads that do
 * not make the signed root are found here, not by the client. */
static int
self_check(const struct scs_audit_proof *p, struct scs_err *err)
{
	int bad;

	if (p->consistency)
		bad = p->old_head.size == p->head.size
		    ? memcmp(p->old_head.root, p->head.root, 32) != 0
		    : scs_merkle_consistency_verify(scs_crypto_sha256v,
		          p->old_head.size, p->head.size, p->old_head.root,
		          p->head.root, (const uint8_t(*)[32])p->path,
		          p->npath) != 0;
	else
		bad = scs_merkle_inclusion_verify(scs_crypto_sha256v, p->leaf,
		          p->head.size, p->leaf_hash,
		          (const uint8_t(*)[32])p->path, p->npath,
		          p->head.root) != 0;
	if (bad)
		return scs_err_set(err, SCS_ECORRUPT, "audit",
		    "the stored subtree heads do not make the signed tree "
		    "head of size %llu (run scs audit verify)",
		    (unsigned long long)p->head.size);
	return SCS_OK;
}

static int
proof_rc(int mrc, const struct node_src *src, struct scs_err *err)
{
	if (mrc == NODE_ERROR)
		return src->rc;
	if (mrc != 0)
		return scs_err_set(err, SCS_EINTERNAL, "audit",
		    "a proof does not fit");
	return SCS_OK;
}

int
scs_audit_prove_inclusion(struct scs_store *st, uint64_t leaf, uint64_t size,
    struct scs_audit_proof *out, struct scs_err *err)
{
	struct proof_base b;
	struct node_src *src;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = proof_base(st, "size", &b, err)) != SCS_OK ||
	    (rc = proof_head(st, &b, size, "size", &out->head, err)) != SCS_OK)
		return rc;
	if (leaf >= out->head.size)
		return scs_err_set(err, SCS_EINVAL, "leaf",
		    "must be below the tree size %llu",
		    (unsigned long long)out->head.size);
	if ((src = malloc(sizeof(*src))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "audit", "out of memory");
	node_src_init(src, st, out->head.size, err);
	out->leaf = leaf;
	src->recording = 1;
	(void)scs_merkle_inclusion_proof_nodes(scs_crypto_sha256v, get_node,
	    src, out->head.size, leaf, out->path, SCS_MERKLE_MAX_PROOF,
	    &out->npath);
	if ((rc = prefetch(src)) == SCS_OK)
		rc = get_node(src, 0, leaf, out->leaf_hash) != 0
		    ? src->rc
		    : proof_rc(
		          scs_merkle_inclusion_proof_nodes(scs_crypto_sha256v,
		              get_node, src, out->head.size, leaf, out->path,
		              SCS_MERKLE_MAX_PROOF, &out->npath),
		          src, err);
	free(src);
	return rc == SCS_OK ? self_check(out, err) : rc;
}

int
scs_audit_prove_consistency(struct scs_store *st, uint64_t from, uint64_t to,
    struct scs_audit_proof *out, struct scs_err *err)
{
	struct proof_base b;
	struct node_src *src;
	int rc;

	memset(out, 0, sizeof(*out));
	out->consistency = 1;
	if (from == 0)
		return scs_err_set(err, SCS_EINVAL, "from",
		    "must be at least 1 (the empty tree needs no proof)");
	if (to != 0 && from > to)
		return scs_err_set(err, SCS_EINVAL, "from",
		    "must not exceed to (%llu)", (unsigned long long)to);
	if ((rc = proof_base(st, "to", &b, err)) != SCS_OK ||
	    (rc = proof_head(st, &b, to, "to", &out->head, err)) != SCS_OK)
		return rc;
	if (from > out->head.size)
		return scs_err_set(err, SCS_EINVAL, "from",
		    "must not exceed to (%llu)",
		    (unsigned long long)out->head.size);
	if ((rc = proof_head(st, &b, from, "from", &out->old_head, err)) !=
	    SCS_OK)
		return rc;
	if (from == out->head.size)
		return self_check(out, err); /* the empty proof */
	if ((src = malloc(sizeof(*src))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "audit", "out of memory");
	node_src_init(src, st, out->head.size, err);
	src->recording = 1;
	(void)scs_merkle_consistency_proof_nodes(scs_crypto_sha256v, get_node,
	    src, out->head.size, from, out->path, SCS_MERKLE_MAX_PROOF,
	    &out->npath);
	if ((rc = prefetch(src)) == SCS_OK)
		rc = proof_rc(
		    scs_merkle_consistency_proof_nodes(scs_crypto_sha256v,
		        get_node, src, out->head.size, from, out->path,
		        SCS_MERKLE_MAX_PROOF, &out->npath),
		    src, err);
	free(src);
	return rc == SCS_OK ? self_check(out, err) : rc;
}

int
scs_audit_head_check(const struct scs_tree_head *h, const uint8_t pub[32])
{
	uint8_t msg[64];

	return scs_crypto_verify(pub, msg, head_msg(h, msg), h->sig) == 0 ? 0
	                                                                  : -1;
}

int
scs_audit_proof_check(const struct scs_audit_proof *p, const uint8_t pub[32],
    char *why, size_t whylen)
{
	const char *bad = NULL;

	if (scs_audit_head_check(&p->head, pub) != 0)
		bad = "the signature of the tree head does not verify under "
		      "the key";
	else if (p->consistency && scs_audit_head_check(&p->old_head, pub) != 0)
		bad = "the signature of the old tree head does not verify "
		      "under the key";
	else if (p->consistency && p->old_head.size > p->head.size)
		bad = "the old tree head is larger than the new one";
	else if (p->consistency && p->old_head.size == 0)
		bad = "the old tree head is empty";
	else if (p->consistency &&
	    scs_merkle_consistency_verify(scs_crypto_sha256v, p->old_head.size,
	        p->head.size, p->old_head.root, p->head.root,
	        (const uint8_t(*)[32])p->path, p->npath) != 0)
		bad = "the consistency proof does not lead from the old root "
		      "to the new one";
	else if (!p->consistency && p->leaf >= p->head.size)
		bad = "the leaf is not below the tree size";
	else if (!p->consistency &&
	    scs_merkle_inclusion_verify(scs_crypto_sha256v, p->leaf,
	        p->head.size, p->leaf_hash, (const uint8_t(*)[32])p->path,
	        p->npath, p->head.root) != 0)
		bad = "the audit path does not lead from the leaf to the root";
	if (bad != NULL && why != NULL)
		(void)snprintf(why, whylen, "%s", bad);
	return bad == NULL ? 0 : -1;
}

struct heads {
	struct scs_tree_head *v;
	size_t n, cap;
};

static int
collect_head(void *arg, const struct scs_tree_head *h)
{
	struct heads *hs = arg;
	struct scs_tree_head *nv;

	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? 2 * hs->cap : 64;
		if ((nv = realloc(hs->v, hs->cap * sizeof(*nv))) == NULL)
			return SCS_ENOMEM;
		hs->v = nv;
	}
	hs->v[hs->n++] = *h;
	return SCS_OK;
}

struct walk {
	struct scs_merkle_frontier f;
	struct heads hs;
	size_t next_head;
	struct scs_audit_report *rep;
	scs_state_cb cb;
	void *arg;
};

static int fail(struct scs_audit_report *rep, uint64_t seq, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct scs_audit_report *rep, uint64_t seq, const char *fmt, ...)
{
	va_list ap;

	rep->ok = 0;
	rep->bad_seq = seq;
	va_start(ap, fmt);
	(void)vsnprintf(rep->problem, sizeof(rep->problem), fmt, ap);
	va_end(ap);
	return SCS_ECORRUPT; /* stops the walk; turned into ok=0 */
}

static int
walk_entry(void *arg, const struct scs_audit_entry *e)
{
	struct walk *w = arg;
	uint8_t leaf[SCS_LEAF_MAX], lh[32], root[32];
	uint64_t want = w->f.size;
	size_t len;

	if (e->seq != want)
		return fail(w->rep, want,
		    "entry %llu is missing or out of order (next stored "
		    "entry is %llu)",
		    (unsigned long long)want, (unsigned long long)e->seq);
	len = scs_audit_leaf(e, leaf);
	scs_merkle_leaf_hash(scs_crypto_sha256v, leaf, len, lh);
	if (memcmp(lh, e->leaf, 32) != 0)
		return fail(w->rep, e->seq,
		    "entry %llu was altered: its content does not match its "
		    "leaf hash",
		    (unsigned long long)e->seq);
	(void)scs_merkle_frontier_append(scs_crypto_sha256v, &w->f, lh);
	while (
	    w->next_head < w->hs.n && w->hs.v[w->next_head].size == w->f.size) {
		scs_merkle_frontier_root(scs_crypto_sha256v, &w->f, root);
		if (memcmp(root, w->hs.v[w->next_head].root, 32) != 0)
			return fail(w->rep, e->seq,
			    "the signed tree head of size %llu does not match "
			    "the log; an entry before %llu was altered",
			    (unsigned long long)w->f.size,
			    (unsigned long long)w->f.size);
		w->next_head++;
		w->rep->heads++;
	}
	w->rep->entries++;
	return w->cb != NULL ? w->cb(w->arg, e) : SCS_OK;
}

int
scs_audit_verify(struct scs_store *st, const uint8_t pub[32], scs_state_cb cb,
    void *arg, struct scs_audit_report *rep, struct scs_err *err)
{
	struct walk *w;
	uint8_t msg[64];
	size_t i;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->ok = 1;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "audit", "out of memory");
	scs_merkle_frontier_init(&w->f);
	w->rep = rep;
	w->cb = cb;
	w->arg = arg;
	if ((rc = scs_store_head_each(st, collect_head, &w->hs, err)) != SCS_OK)
		goto out;
	for (i = 0; i < w->hs.n; i++)
		if (scs_crypto_verify(pub, msg, head_msg(&w->hs.v[i], msg),
		        w->hs.v[i].sig) != 0) {
			(void)fail(rep, w->hs.v[i].size,
			    "the signed tree head of size %llu has a bad "
			    "signature",
			    (unsigned long long)w->hs.v[i].size);
			goto out;
		}
	rc = scs_store_audit_each(st, 0, 0, walk_entry, w, err);
	if (rc == SCS_ECORRUPT && !rep->ok) {
		rc = SCS_OK;
		goto out;
	}
	if (rc != SCS_OK)
		goto out;
	if (w->next_head < w->hs.n)
		(void)fail(rep, w->f.size,
		    "the log was truncated: a signed tree head names %llu "
		    "entries, the log holds %llu",
		    (unsigned long long)w->hs.v[w->hs.n - 1].size,
		    (unsigned long long)w->f.size);
	scs_merkle_frontier_root(scs_crypto_sha256v, &w->f, rep->root);
out:
	free(w->hs.v);
	free(w);
	return rc;
}
