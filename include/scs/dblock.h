/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dblock.h - a block of recorded access decisions (DESIGN.md sections 5
 * and 6): up to SCS_DBLOCK_MAX decisions encoded compactly and
 * deterministically.  One audit entry (action "decisions", kind
 * "decision_block") holds the block's state hash, scs_audit_state
 * ("decision_block", bytes), so its Merkle leaf covers every record of
 * the block; the bytes are stored beside it (the decision_blocks table).
 * Pure code: no I/O, no clock.
 *
 * Byte format (integers are unsigned LEB128 varints: 7 bits a byte, low
 * bits first, the high bit set on every byte but the last, at most 10
 * bytes, no redundant trailing zero byte; "zz" means zigzag, a signed v as
 * (v << 1) ^ (v >> 63)):
 *
 *   offset  size   field
 *   0       8      magic "scs-dbk1"
 *   8       var    n, the number of records, 1 to SCS_DBLOCK_MAX
 *   ...     var    nstr, the number of strings in the table, 1 to 3n + 1
 *   ...     nstr x string: var length (at most SCS_DBLOCK_STR_MAX), then
 *                  the UTF-8 bytes; in the order of first use, string 0
 *                  being the block's actor (its audit entry's actor);
 *                  no string twice
 *   ...     n x record:
 *             var  subject: index into the table
 *             var  item: index into the table
 *             var  zz(at - the previous record's at; 0 before the first):
 *                  the decision's time, unix seconds
 *             1    answer: bits 0-6 the reason code (enum scs_reason,
 *                  0 allow, 1 not_classified, 2 unknown_item ...); bit 7
 *                  set when an actor index follows
 *             var  actor: index into the table (only with bit 7): who
 *                  asked, when not the block's actor
 *
 * The encoding is a function of the records and their order alone, so
 * the same decisions give the same bytes and the same hash.
 */
#ifndef SCS_DBLOCK_H
#define SCS_DBLOCK_H

#include <stddef.h>
#include <stdint.h>

#include "scs/util.h"

#define SCS_DBLOCK_MAGIC   "scs-dbk1"
#define SCS_DBLOCK_MAX     65536 /* records in one block, at most */
#define SCS_DBLOCK_STR_MAX 255   /* bytes of one string */

/* One decision of a block. */
struct scs_dblock_rec {
	const char *actor; /* who asked (the block's actor when not told) */
	const char *subject;
	const char *item;
	int64_t at;      /* the decision's time, unix seconds */
	unsigned reason; /* enum scs_reason */
};

/* What a block holds, in sum. */
struct scs_dblock_info {
	uint64_t count;
	uint64_t allows, denies;
	int64_t first_at, last_at; /* the earliest and latest decision time */
};

struct scs_dblock_enc;

/** An encoder for a block whose actor is @actor (copied); NULL when out
 * of memory.  Free with scs_dblock_enc_free. */
struct scs_dblock_enc *scs_dblock_enc_new(const char *actor);
void scs_dblock_enc_free(struct scs_dblock_enc *e);

/** Records added so far. */
size_t scs_dblock_enc_count(const struct scs_dblock_enc *e);

/**
 * Add one decision (@actor NULL or "": the block's).  Strings are copied.
 * SCS_ETOOBIG when the block holds SCS_DBLOCK_MAX records already,
 * SCS_EINVAL for a string longer than SCS_DBLOCK_STR_MAX or a reason
 * outside enum scs_reason (the block is unchanged then); SCS_ENOMEM, after
 * which the encoder is only fit to be freed.
 */
int scs_dblock_enc_add(struct scs_dblock_enc *e, const char *actor,
    const char *subject, const char *item, int64_t at, unsigned reason);

/**
 * Append the block's bytes to @out and fill @info; the encoder is empty
 * (same actor) afterwards.  SCS_EINVAL when no record was added;
 * SCS_ENOMEM or SCS_ETOOBIG from @out (which may then hold part of it).
 */
int scs_dblock_enc_finish(struct scs_dblock_enc *e, struct scs_buf *out,
    struct scs_dblock_info *info);

/** Called for each record while decoding; its strings are valid during
 * the call only.  Anything but SCS_OK stops the walk and is returned. */
typedef int (*scs_dblock_cb)(void *arg, const struct scs_dblock_rec *r);

/**
 * Check the block @p (@len bytes) and give each record to @cb (NULL: none)
 * in order, then its sums in *@info (may be NULL).  SCS_ECORRUPT, with
 * what is wrong in @why (may be NULL, 128 bytes), when the bytes do not
 * follow the format exactly; SCS_ENOMEM; or @cb's code.  The check is
 * complete before the first call of @cb.
 */
int scs_dblock_decode(const uint8_t *p, size_t len, scs_dblock_cb cb, void *arg,
    struct scs_dblock_info *info, char why[128]);

#endif
