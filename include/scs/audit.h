/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.h - the append-only audit log of DESIGN.md section 6, kept through
 * the store: entries are the leaves of an RFC 6962 Merkle tree; each write
 * transaction ends with a signed tree head.
 *
 * Leaf byte format (the Merkle leaf data of one entry; strings are UTF-8
 * with a 2-byte big-endian length before them):
 *
 *   offset  size   field
 *   0       1      version, 0x01
 *   1       8      seq, big-endian
 *   9       8      time, unix microseconds, big-endian two's complement
 *   17      2+n    actor     ("user:NAME", "service:NAME", "os:NAME")
 *   ...     2+n    action    ("create", "update", "read", "login"...)
 *   ...     2+n    kind      ("organization", "person", "user"...)
 *   ...     2+n    object    (the record's id)
 *   ...     2+n    purpose   (stated purpose of a read; else "")
 *   ...     32     state: SHA-256 of the record's stored state after the
 *                  change (see scs_audit_state); all zero for a deletion
 *                  or an entry that changes no record
 *
 * Signed tree head message (Ed25519):
 *
 *   offset  size  field
 *   0       16    "scs-tree-head-v1"
 *   16      8     tree size, big-endian
 *   24      8     time, unix microseconds, big-endian
 *   32      32    root hash
 */
#ifndef SCS_AUDIT_H
#define SCS_AUDIT_H

#include <stdint.h>
#include <stdio.h>

#include "scs/crypto.h"
#include "scs/merkle.h"
#include "scs/store.h"

#define SCS_LEAF_MAX 1024

/*
 * Subtree heads kept for proofs (table audit_nodes through the store):
 * the head of every complete subtree of 2^SCS_AUDIT_NODE_LEVEL leaves or
 * more, (level, index) covering leaves [index * 2^level, (index + 1) *
 * 2^level); the smaller ones are recomputed from the entries' leaf
 * hashes (at most 16 read per block).  n/16 heads at level 4, n/32 at
 * level 5, ...: one per 8 leaves, 1.25M (61 MB) for 10M entries.
 */
#define SCS_AUDIT_NODE_LEVEL 4

/*
 * An inclusion proof (leaf @leaf of the tree of @head) or a consistency
 * proof (the tree of @old_head is a prefix of the tree of @head), with
 * the signed heads it is over, so that it is checked with the register's
 * public key alone (scs_audit_proof_check).  Proofs are answered only
 * over the sizes of signed heads (RFC 6962 4.4 and 4.5 ask for sizes of
 * existing signed heads too): every write transaction signs one.
 */
struct scs_audit_proof {
	int consistency;       /* 0: inclusion; 1: consistency */
	uint64_t leaf;         /* inclusion: the leaf's index (its seq) */
	uint8_t leaf_hash[32]; /* inclusion: its leaf hash */
	struct scs_tree_head old_head; /* consistency: the older head */
	struct scs_tree_head head;     /* the head the proof is over */
	size_t npath;
	uint8_t path[SCS_MERKLE_MAX_PROOF][32];
};

/** Encode the leaf data of @e into @out (SCS_LEAF_MAX bytes); its length. */
size_t scs_audit_leaf(const struct scs_audit_entry *e, uint8_t *out);

/**
 * The state hash of a record: SHA-256 of "scs-state-v1", NUL, @kind, NUL,
 * then @len bytes of its canonical stored form.
 */
void scs_audit_state(const char *kind, const void *canon, size_t len,
    uint8_t out[32]);

/**
 * Append @e inside the caller's open transaction: assigns e->seq and
 * e->leaf, extends the tree frontier kept in the store, stores the entry.
 * SCS_EINVAL naming the field when a text of @e is not well-formed UTF-8
 * or holds a control character (nothing is stored then).
 */
int scs_audit_append(struct scs_store *st, struct scs_audit_entry *e,
    struct scs_err *err);

/** Append @n entries at once (one frontier read and write). */
int scs_audit_append_many(struct scs_store *st, struct scs_audit_entry *e,
    size_t n, struct scs_err *err);

/** Sign and store the tree head of everything appended so far (call just
 * before commit, in the same transaction).  No-op when nothing changed. */
int scs_audit_seal_head(struct scs_store *st, const struct scs_keys *k,
    int64_t now_us, struct scs_err *err);

/** The latest signed tree head (size 0 with the empty root when none). */
int scs_audit_head(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err);

/**
 * Store the subtree heads a register lacks (one made before they were
 * kept, or appended to by an older program), a chunk of 65,536 leaves
 * per write transaction, checking at the end that the leaves make the
 * stored frontier (SCS_ECORRUPT otherwise).  Returns at once, without a
 * transaction, when nothing is missing: every open of a register calls
 * it after the migrations.  *out_added (may be NULL): leaves covered.
 */
int scs_audit_nodes_sync(struct scs_store *st, uint64_t *out_added,
    struct scs_err *err);

/**
 * The inclusion proof of leaf @leaf in the tree of the signed head of
 * @size (0: the latest), into @out, in O(log n) store reads; checked
 * against the head before it is returned.  Call inside one read
 * transaction.  SCS_ENOTFOUND naming "size" when the log has no signed
 * head (of that size); SCS_EINVAL naming "size" when it is beyond the
 * latest, "leaf" when leaf >= size; SCS_EBUSY while the subtree heads
 * are being back-filled; SCS_ECORRUPT when stored heads do not make the
 * signed root.
 */
int scs_audit_prove_inclusion(struct scs_store *st, uint64_t leaf,
    uint64_t size, struct scs_audit_proof *out, struct scs_err *err);

/**
 * The consistency proof from the signed head of size @from to that of
 * @to (0: the latest), as scs_audit_prove_inclusion.  SCS_EINVAL naming
 * "from" when from is 0 or above to; "from" or "to" name a size with no
 * signed head.  from == to gives the empty proof.
 */
int scs_audit_prove_consistency(struct scs_store *st, uint64_t from,
    uint64_t to, struct scs_audit_proof *out, struct scs_err *err);

/** 0 when @h's signature verifies under @pub, else -1. */
int scs_audit_head_check(const struct scs_tree_head *h, const uint8_t pub[32]);

/**
 * Check proof @p with the register's public key alone: the signatures of
 * its heads, then the proof (RFC 9162 2.1.3.2 / 2.1.4.2).  0 when it
 * holds; -1 with the reason, for a person, in @why (@whylen bytes; may be
 * NULL).  Thread-safe; no I/O.
 */
int scs_audit_proof_check(const struct scs_audit_proof *p,
    const uint8_t pub[32], char *why, size_t whylen);

/** Visit each entry once it has been checked, for the record check. */
typedef int (*scs_state_cb)(void *arg, const struct scs_audit_entry *e);

struct scs_audit_report {
	uint64_t entries; /* entries walked */
	uint64_t heads;   /* signed tree heads checked */
	uint64_t bad_seq; /* first bad entry, when !ok */
	int ok;
	char problem[256]; /* what was wrong, for a person */
	uint8_t root[32];  /* the tree's root over the entries walked */
};

/**
 * Recompute the tree from the stored entries and check: sequence numbers
 * without a gap, each entry against its stored leaf hash (to name the
 * first altered one), every signed tree head (signature under
 * @pub and root), and that no head names more entries than exist.  Calls
 * @cb for each entry, in order, so the caller can keep the last state per
 * object.  Returns SCS_OK with
 * rep->ok 0 or 1; other codes only when the walk itself failed.
 */
int scs_audit_verify(struct scs_store *st, const uint8_t pub[32],
    scs_state_cb cb, void *arg, struct scs_audit_report *rep,
    struct scs_err *err);

#endif
