/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index_int.h - the layout of the decision snapshot, shared by the files
 * of src/index/ and no one else.
 *
 * Per-subject records live in pools in subject order; subj[s].x is the
 * offset of subject s's first entry in pool x and subj[s + 1].x ends it
 * (one sentinel subject at the end).  Items and organizations do the same
 * with their lists.  Times are unix seconds; SCS_TIME_NEVER never ends.
 */
#ifndef SCS_INDEX_INT_H
#define SCS_INDEX_INT_H

#include <stdint.h>

#include "scs/index.h"

struct idmap {
	uint32_t *slots; /* handle + 1; 0 empty */
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

struct ix_clr {
	int64_t from, until;
	uint8_t auth, rank, status;
};

struct ix_brf {
	int64_t from, until, nda;
	uint32_t comp;
	uint8_t has_nda;
};

struct ix_mem {
	int64_t from, until;
	uint32_t prog;
};

struct ix_sus {
	int64_t from, until;
};

struct ix_appr {
	int64_t from, until;
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
};

int32_t scs_idmap_find(const struct idmap *m, const char *s, size_t n);
int32_t scs_idmap_intern(struct idmap *m, const char *s);
const char *scs_idmap_name(const struct idmap *m, int32_t h);
void scs_idmap_free(struct idmap *m);
size_t scs_idmap_bytes(const struct idmap *m);
int scs_vec_push(struct vec *v, const void *elem, size_t size);

#endif
