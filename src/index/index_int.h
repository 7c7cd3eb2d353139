/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_int.h - the layout of the decision snapshot, shared by the files
 * of src/index/ and no one else.
 *
 * Per-subject records live in pools in subject order; subj[s].x is the
 * offset of subject s's first entry in pool x and subj[s + 1].x ends it
 * (one sentinel subject at the end).  Items and organizations do the same
 * with their lists.
 *
 * Times of the per-subject pools (the bulk of the index) are 32-bit "ticks"
 * (ix_tick): unix seconds + 1, clamped to [0, 2^32 - 2], and 2^32 - 1 for
 * "never ends".  For times between 1970-01-01 and 2106-02-07 this keeps
 * order exactly; a query time outside that window compares exactly too as
 * long as every stored time lies inside it (the builder notes when one
 * does not: `narrow_exact`).  Items keep 64-bit times.
 */
#ifndef SCS_INDEX_INT_H
#define SCS_INDEX_INT_H

#include <stdint.h>

#include "scs/index.h"

/* A slot: the id's hash, high half (a probe that meets another id rarely
 * reads its bytes), and its handle + 1 (0: empty). */
struct idslot {
	uint32_t tag;
	uint32_t v;
};

struct idmap {
	struct idslot *slots;
	size_t cap;
	char *arena; /* NUL-terminated ids */
	size_t alen, acap;
	uint32_t *off; /* arena offset of each handle */
	size_t n, ncap;
};

struct vec {
	void *p;
	size_t n, cap;
};

struct ix_subj {
	uint32_t org; /* UINT32_MAX: no person record (unknown subject) */
	uint32_t nat, clr, brf, mem, sus;
};

#define IX_TICK_NEVER UINT32_MAX

/** A unix time as a tick (see above); SCS_TIME_NEVER stays never. */
static inline uint32_t
ix_tick(int64_t t)
{
	if (t == SCS_TIME_NEVER)
		return IX_TICK_NEVER;
	if (t < 0)
		return 0;
	if (t > (int64_t)UINT32_MAX - 3)
		return UINT32_MAX - 1;
	return (uint32_t)t + 1;
}

/** Whether @t survives ix_tick exactly (a stored time). */
static inline int
ix_tick_exact(int64_t t)
{
	return t == SCS_TIME_NEVER || (t >= 0 && t <= (int64_t)UINT32_MAX - 3);
}

struct ix_clr {
	uint32_t from, until;
	uint8_t auth, rank, status;
};

struct ix_brf {
	uint32_t from, until, nda;
	uint32_t comp; /* bit 31: NDA signed */
};
#define IX_BRF_NDA 0x80000000U

struct ix_mem {
	uint32_t from, until;
	uint32_t prog;
};

struct ix_sus {
	uint32_t from, until;
};

#define IX_ANY_ORGAN UINT32_MAX /* an approval recorded without its organ */

struct ix_appr {
	uint32_t from, until;
	uint32_t organ; /* org handle of the granting organ, or IX_ANY_ORGAN */
	uint8_t auth, rank;
};

struct ix_org {
	uint32_t appr;
	uint8_t nation;
	uint8_t needs_approval; /* contractor or research institution */
	uint8_t present;        /* an organization record was added */
};

struct ix_item {
	int64_t from, until, declassified; /* declassified: NEVER if not */
	uint64_t accept;     /* clearance authorities candidate for it */
	uint64_t rel[4];     /* nations: owner's and releasable_to */
	uint32_t comp, prog; /* offsets into item_comp, item_prog */
	uint32_t level;      /* index into rd->levels */
	uint32_t owner;      /* org handle */
	uint8_t auth, rank, present;
};

struct scs_index {
	const struct scs_refdata *rd;
	struct idmap subjects, item_ids, org_ids, comps, progs, nations;
	struct ix_subj *subj; /* nsubj + 1 */
	size_t nsubj;
	uint8_t *nat;
	struct ix_clr *clr;
	struct ix_brf *brf;
	struct ix_mem *mem;
	struct ix_sus *sus;
	struct ix_org *orgs; /* norgs + 1 */
	size_t norgs;
	struct ix_appr *appr;
	struct ix_item *items; /* nitems + 1 */
	size_t nitems;
	uint32_t *item_comp, *item_prog;
	int narrow_exact; /* every stored tick is exact (see above) */
};

int32_t scs_idmap_find(const struct idmap *m, const char *s, size_t n);
int32_t scs_idmap_intern(struct idmap *m, const char *s);
const char *scs_idmap_name(const struct idmap *m, int32_t h);
void scs_idmap_free(struct idmap *m);
size_t scs_idmap_bytes(const struct idmap *m);
int scs_vec_push(struct vec *v, const void *elem, size_t size);

#endif
