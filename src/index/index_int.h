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

#include <stdatomic.h>
#include <stdint.h>
#include <string.h>

#include "scs/index.h"

/* A slot: the id's hash, high half (a probe that meets another id rarely
 * reads its bytes), and the arena offset of its bytes (0: empty).  The
 * arena holds each id as its handle (4 bytes, native order) then its bytes
 * and a NUL: a lookup reads the slot, then one place in the arena for the
 * bytes and the handle together. */
struct idslot {
	uint32_t tag;
	uint32_t v;
};

#define IX_ID_PREFIX 4 /* the handle before an id's bytes in the arena */

struct idmap {
	struct idslot *slots;
	size_t cap;
	char *arena; /* handle, then the NUL-terminated id */
	size_t alen, acap;
	uint32_t *off; /* arena offset of each handle's id bytes */
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

/** ix_tick of a stored time; sets *@inexact when it is not exact. */
static inline uint32_t
ix_tick_noted(int *inexact, int64_t t)
{
	if (!ix_tick_exact(t))
		*inexact = 1;
	return ix_tick(t);
}

/** The authority index and common rank of @level under @auth (and the
 * level's row in @rd when @out_level is not NULL); SCS_EINVAL when the
 * reference data has no such level. */
int ix_level(const struct scs_refdata *rd, const char *auth, const char *level,
    uint8_t *out_auth, uint8_t *out_rank, uint32_t *out_level);

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

#define IX_MAX_AUTH    64
#define IX_MAX_NATIONS 256

/* An alliance of data/alliances.csv as nation handles: its code's handle
 * and the mask of its members'.  The builder interns every alliance code
 * and member first (after the authorities' nations), so the base's
 * nation map holds them and an update or an image needs no new handle. */
struct ix_alliance {
	uint64_t members[4];
	uint8_t h;
};

/** Add nation handle @h to the releasability mask @rel: @h itself and,
 * when it is an alliance of @a (@n of them), each of its members (rule 7;
 * the code stays in the mask, for rule 5's authorities of that nation
 * and for the label join). */
static inline void
ix_rel_add(const struct ix_alliance *a, size_t n, uint64_t rel[4], uint8_t h)
{
	size_t i, w;

	rel[h >> 6] |= 1ULL << (h & 63);
	for (i = 0; i < n; i++)
		if (a[i].h == h)
			for (w = 0; w < 4; w++)
				rel[w] |= a[i].members[w];
}

/*
 * The overlay of an updated index (update.c): entries that replace the
 * base's subject, item and organization entries, or add new ones, found
 * by handle in open-addressing tables (entry index + 1; 0 empty) before
 * the base arrays are read.  Ids the base does not know are interned in
 * the overlay's maps; their handles follow the base's (base n + local).
 * An entry's lists live in the overlay's pools (offset and count); a
 * replaced entry's old lists stay in the pools as garbage until the next
 * full build, which the follower runs when the overlay grows past its
 * bound.  Every index version owns its overlay (a copy of the previous
 * one plus the change) and shares the base with the others.
 */
struct ix_tab {
	uint32_t *slots; /* 2 * cap: keys + 1 (0 empty), then values */
	size_t cap, n;
};

struct ix_ovsubj {
	uint32_t h, org; /* org: NONE for an unknown subject */
	uint32_t nat, nnat, clr, nclr, brf, nbrf, mem, nmem, sus, nsus;
};

struct ix_ovorg {
	uint32_t h, appr, nappr;
	uint8_t nation, needs_approval, present;
};

struct ix_ovitem {
	uint32_t h, ncomp, nprog;
	struct ix_item it; /* comp, prog: offsets into the overlay's pools */
};

struct ix_over {
	struct idmap subjects, item_ids, org_ids, comps, progs, nations;
	struct vec subj, orgs, items; /* ix_ovsubj, ix_ovorg, ix_ovitem */
	struct ix_tab tsubj, torgs, titems;
	struct vec nat, clr, brf, mem, sus, appr, item_comp, item_prog;
};

/* What versions of one base share: freed with the last of them. */
struct ix_share {
	atomic_uint refs;
};

struct scs_index {
	const struct scs_refdata *rd;
	struct ix_share *share; /* the base below, shared by versions */
	struct ix_over *ov;     /* NULL: the base alone */
	uint8_t auth_nations[IX_MAX_AUTH][8]; /* nation handles */
	uint8_t nauth_nations[IX_MAX_AUTH];
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
	/* Loaded from an image (image.c): the base's maps and arrays all
	 * point into this one buffer, freed instead of them. */
	void *image;
	/* The alliances as nation handles (build.c); last, so that the
	 * fields the decision reads keep their places. */
	struct ix_alliance alliances[SCS_ALLIANCES_MAX];
	size_t nalliances;
};

/* Views of one subject, item or organization, from the overlay when it
 * has one, else from the base (index.c). */
struct ix_sview {
	const struct ix_subj *row; /* row[0]: first entries, row[1]: ends */
	const uint8_t *nat;        /* the pools the offsets index */
	const struct ix_clr *clr;
	const struct ix_brf *brf;
	const struct ix_mem *mem;
	const struct ix_sus *sus;
	struct ix_subj pair[2]; /* row of an overlay entry */
};
/* The first entry and the end of list @f of subject view @v (lazily: the
 * decision reads only the lists its rules reach). */
#define IX_SV_BEGIN(v, f) ((v)->f + (v)->row[0].f)
#define IX_SV_END(v, f)   ((v)->f + (v)->row[1].f)
struct ix_iview {
	const struct ix_item *it;   /* NULL: no such item */
	const struct ix_item *next; /* its comp and prog end its lists */
	const uint32_t *comp, *prog;
	struct ix_item end; /* next of an overlay entry */
};
#define IX_IV_BEGIN(v, f) ((v)->f + (v)->it->f)
#define IX_IV_END(v, f)   ((v)->f + (v)->next->f)
struct ix_oview {
	uint8_t nation, needs_approval, present;
	const struct ix_appr *appr, *appr_end;
};
/* A name by handle across base and overlay; "" when none. */
const char *ix_name(const struct idmap *base, const struct idmap *ov,
    int32_t h);
/* A handle by name across base and overlay; -1 when none. */
int32_t ix_find(const struct idmap *base, const struct idmap *ov, const char *s,
    size_t n);
/* Which clearance authorities are candidates for an item whose
 * releasability mask (releasable_to, alliances expanded, without the
 * owner's nation) is @rel (build.c). */
uint64_t ix_accepted(const struct scs_index *ix, uint8_t item_auth,
    const uint64_t rel[4], uint8_t owner_nation);
/* The alliances of the reference tables as handles of @ix's nation map;
 * -1 when one of their codes or members is not in it (build.c). */
int ix_alliances(struct scs_index *ix);
void ix_over_free(struct ix_over *ov);
size_t ix_over_bytes(const struct ix_over *ov);

int32_t scs_idmap_find(const struct idmap *m, const char *s, size_t n);
int32_t scs_idmap_intern(struct idmap *m, const char *s);
const char *scs_idmap_name(const struct idmap *m, int32_t h);
void scs_idmap_free(struct idmap *m);
int scs_idmap_copy(struct idmap *dst, const struct idmap *src);
size_t scs_idmap_bytes(const struct idmap *m);
int scs_vec_push(struct vec *v, const void *elem, size_t size);

/* ---- views: the overlay's entry when it has one, else the base's
 * (inline: the decision's hot path) ---- */

#define IX_NONE UINT32_MAX

/* An overlay table: slots[i] holds key + 1 (0: empty) and
 * slots[cap + i] its value. */
static inline uint32_t
ix_tab_hash(uint32_t h)
{
	return h * 0x9e3779b1U;
}

static inline uint32_t
ix_tab_get(const struct ix_tab *t, uint32_t h)
{
	size_t i;

	if (t->cap == 0)
		return 0;
	for (i = ix_tab_hash(h) & (t->cap - 1); t->slots[i] != 0;
	     i = (i + 1) & (t->cap - 1))
		if (t->slots[i] - 1 == h)
			return t->slots[t->cap + i];
	return 0;
}

static inline size_t
ix_nsubj(const struct scs_index *ix)
{
	return ix->nsubj + (ix->ov != NULL ? ix->ov->subjects.n : 0);
}

static inline size_t
ix_nitems(const struct scs_index *ix)
{
	return ix->nitems + (ix->ov != NULL ? ix->ov->item_ids.n : 0);
}

static inline size_t
ix_norgs(const struct scs_index *ix)
{
	return ix->norgs + (ix->ov != NULL ? ix->ov->org_ids.n : 0);
}

static inline void
ix_subj_view(const struct scs_index *ix, uint32_t s, struct ix_sview *v)
{
	const struct ix_over *ov = ix->ov;
	uint32_t e = ov != NULL ? ix_tab_get(&ov->tsubj, s) : 0;

	if (e != 0) {
		const struct ix_ovsubj *o =
		    (const struct ix_ovsubj *)ov->subj.p + (e - 1);

		v->pair[0].org = o->org;
		v->pair[0].nat = o->nat;
		v->pair[1].nat = o->nat + o->nnat;
		v->pair[0].clr = o->clr;
		v->pair[1].clr = o->clr + o->nclr;
		v->pair[0].brf = o->brf;
		v->pair[1].brf = o->brf + o->nbrf;
		v->pair[0].mem = o->mem;
		v->pair[1].mem = o->mem + o->nmem;
		v->pair[0].sus = o->sus;
		v->pair[1].sus = o->sus + o->nsus;
		v->row = v->pair;
		v->nat = ov->nat.p;
		v->clr = ov->clr.p;
		v->brf = ov->brf.p;
		v->mem = ov->mem.p;
		v->sus = ov->sus.p;
		return;
	}
	v->nat = ix->nat;
	v->clr = ix->clr;
	v->brf = ix->brf;
	v->mem = ix->mem;
	v->sus = ix->sus;
	if (s >= ix->nsubj) { /* interned by an update, never given records */
		memset(v->pair, 0, sizeof(v->pair));
		v->pair[0].org = IX_NONE;
		v->row = v->pair;
		return;
	}
	v->row = &ix->subj[s];
}

static inline void
ix_item_view(const struct scs_index *ix, uint32_t h, struct ix_iview *v)
{
	const struct ix_over *ov = ix->ov;
	uint32_t e = ov != NULL ? ix_tab_get(&ov->titems, h) : 0;

	if (e != 0) {
		const struct ix_ovitem *o =
		    (const struct ix_ovitem *)ov->items.p + (e - 1);

		v->it = &o->it;
		v->end.comp = o->it.comp + o->ncomp;
		v->end.prog = o->it.prog + o->nprog;
		v->next = &v->end;
		v->comp = ov->item_comp.p;
		v->prog = ov->item_prog.p;
		return;
	}
	v->it = h < ix->nitems ? &ix->items[h] : NULL;
	v->next = v->it != NULL ? v->it + 1 : NULL;
	v->comp = ix->item_comp;
	v->prog = ix->item_prog;
}

static inline void
ix_org_view(const struct scs_index *ix, uint32_t o, struct ix_oview *v)
{
	const struct ix_over *ov = ix->ov;
	uint32_t e = ov != NULL ? ix_tab_get(&ov->torgs, o) : 0;

	if (e != 0) {
		const struct ix_ovorg *r =
		    (const struct ix_ovorg *)ov->orgs.p + (e - 1);

		v->nation = r->nation;
		v->needs_approval = r->needs_approval;
		v->present = r->present;
		v->appr = (const struct ix_appr *)ov->appr.p + r->appr;
		v->appr_end = v->appr + r->nappr;
		return;
	}
	if (o >= ix->norgs) {
		memset(v, 0, sizeof(*v));
		return;
	}
	v->nation = ix->orgs[o].nation;
	v->needs_approval = ix->orgs[o].needs_approval;
	v->present = ix->orgs[o].present;
	v->appr = ix->appr + ix->orgs[o].appr;
	v->appr_end = ix->appr + ix->orgs[o + 1].appr;
}

#endif
