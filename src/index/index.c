/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.c - the decision snapshot: ids interned into dense handles,
 * per-subject records in compressed-row arrays (one offset per subject
 * and pool, counts from the next offset), items with their accepted
 * authorities and releasability precomputed as bit masks, and the access
 * decision of DESIGN.md section 5 over them.  Immutable once built.
 * No I/O, no clock, no storage, no crypto.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/index.h"
#include "index_int.h"

#define NONE UINT32_MAX

/* ---- id maps: a string arena and an open-addressing table ---- */

static uint64_t
hash_id(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h ^ (h >> 29);
}

static int
idmap_grow(struct idmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, j;
	struct idslot *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		uint32_t v = m->slots[i].v;
		const char *s;
		uint64_t h;

		if (v == 0)
			continue;
		s = m->arena + m->off[v - 1];
		h = hash_id(s, strlen(s));
		for (j = h & (ncap - 1); ns[j].v != 0; j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

int32_t
scs_idmap_find(const struct idmap *m, const char *s, size_t n)
{
	uint64_t h;
	uint32_t tag;
	size_t i;

	if (m->cap == 0)
		return -1;
	h = hash_id(s, n);
	tag = (uint32_t)(h >> 32);
	for (i = h & (m->cap - 1); m->slots[i].v != 0;
	     i = (i + 1) & (m->cap - 1)) {
		const char *t;

		if (m->slots[i].tag != tag)
			continue;
		t = m->arena + m->off[m->slots[i].v - 1];
		/* strnlen first: t[n] would read past a shorter id */
		if (strnlen(t, n + 1) == n && memcmp(t, s, n) == 0)
			return (int32_t)(m->slots[i].v - 1);
	}
	return -1;
}

/* The handle of @s, added when new; -1 when out of memory. */
int32_t
scs_idmap_intern(struct idmap *m, const char *s)
{
	size_t n = strlen(s), i;
	int32_t h = scs_idmap_find(m, s, n);
	uint64_t hv;
	void *p;

	if (h >= 0)
		return h;
	if (m->n >= INT32_MAX - 1)
		return -1;
	if (2 * (m->n + 1) > m->cap && idmap_grow(m) != 0)
		return -1;
	if (m->alen + n + 1 > m->acap) {
		size_t ncap = m->acap ? m->acap * 2 : 4096;

		while (ncap < m->alen + n + 1)
			ncap *= 2;
		if ((p = realloc(m->arena, ncap)) == NULL)
			return -1;
		m->arena = p;
		m->acap = ncap;
	}
	if (m->n == m->ncap) {
		size_t ncap = m->ncap ? m->ncap * 2 : 64;

		if ((p = realloc(m->off, ncap * sizeof(*m->off))) == NULL)
			return -1;
		m->off = p;
		m->ncap = ncap;
	}
	memcpy(m->arena + m->alen, s, n + 1);
	m->off[m->n] = (uint32_t)m->alen;
	m->alen += n + 1;
	hv = hash_id(s, n);
	for (i = hv & (m->cap - 1); m->slots[i].v != 0;
	     i = (i + 1) & (m->cap - 1))
		;
	m->slots[i].tag = (uint32_t)(hv >> 32);
	m->slots[i].v = (uint32_t)(++m->n);
	return (int32_t)(m->n - 1);
}

const char *
scs_idmap_name(const struct idmap *m, int32_t h)
{
	return h >= 0 && (size_t)h < m->n ? m->arena + m->off[h] : "";
}

void
scs_idmap_free(struct idmap *m)
{
	free(m->slots);
	free(m->arena);
	free(m->off);
	memset(m, 0, sizeof(*m));
}

size_t
scs_idmap_bytes(const struct idmap *m)
{
	return m->cap * sizeof(*m->slots) + m->alen + m->n * sizeof(*m->off);
}

/* ---- growable vectors for the builder ---- */

int
scs_vec_push(struct vec *v, const void *elem, size_t size)
{
	if (v->n == v->cap) {
		size_t ncap = v->cap ? v->cap * 2 : 256;
		void *p = realloc(v->p, ncap * size);

		if (p == NULL)
			return -1;
		v->p = p;
		v->cap = ncap;
	}
	memcpy((char *)v->p + v->n * size, elem, size);
	v->n++;
	return 0;
}

/* ---- the decision ---- */

const char *
scs_reason_name(enum scs_reason r)
{
	static const char *const names[SCS_R_N] = {"", "not_classified",
	    "unknown_item", "unknown_subject", "suspended", "not_cleared",
	    "expired", "level", "compartment", "releasability", "need_to_know",
	    "organization"};

	return (unsigned)r < SCS_R_N ? names[r] : "";
}

static inline bool
holds(uint32_t from, uint32_t until, uint32_t t)
{
	return from <= t && t < until;
}

/* Rule 5: candidates, usable ones, their highest rank. */
static enum scs_reason
rule_clearance(const struct scs_index *ix, const struct ix_item *it, uint32_t s,
    int64_t t)
{
	const struct ix_clr *c = ix->clr + ix->subj[s].clr;
	const struct ix_clr *end = ix->clr + ix->subj[s + 1].clr;
	int best = -1, candidates = 0, suspended = 0;

	for (; c < end; c++) {
		if (((it->accept >> c->auth) & 1) == 0)
			continue;
		candidates = 1;
		if ((c->status == SCS_CLR_ACTIVE ||
		        c->status == SCS_CLR_INTERIM) &&
		    holds(c->from, c->until, t)) {
			if (c->rank > best)
				best = c->rank;
		} else if (c->status == SCS_CLR_SUSPENDED) {
			suspended = 1;
		}
	}
	if (!candidates)
		return SCS_R_NOT_CLEARED;
	if (best < 0)
		return suspended ? SCS_R_SUSPENDED : SCS_R_EXPIRED;
	if (best < it->rank)
		return SCS_R_LEVEL;
	return SCS_R_ALLOW;
}

/* Rule 6: a briefing (NDA signed, valid at t) into every compartment. */
static bool
briefed(const struct scs_index *ix, const struct ix_item *it, uint32_t s,
    uint32_t t)
{
	const uint32_t *k = ix->item_comp + it->comp;
	const uint32_t *kend = ix->item_comp + it[1].comp;
	const struct ix_brf *b0 = ix->brf + ix->subj[s].brf;
	const struct ix_brf *bend = ix->brf + ix->subj[s + 1].brf;

	for (; k < kend; k++) {
		const struct ix_brf *b;

		for (b = b0; b < bend; b++)
			if (b->comp == (*k | IX_BRF_NDA) && b->nda <= t &&
			    holds(b->from, b->until, t))
				break;
		if (b == bend)
			return false;
	}
	return true;
}

/* Rule 7: a nationality of the owner's nation or a releasable one. */
static bool
releasable(const struct scs_index *ix, const struct ix_item *it, uint32_t s)
{
	const uint8_t *n = ix->nat + ix->subj[s].nat;
	const uint8_t *end = ix->nat + ix->subj[s + 1].nat;

	for (; n < end; n++)
		if ((it->rel[*n >> 6] >> (*n & 63)) & 1)
			return true;
	return false;
}

/* Rule 8: a membership (valid at t) of one of the item's programs. */
static bool
need_to_know(const struct scs_index *ix, const struct ix_item *it, uint32_t s,
    int64_t t)
{
	const uint32_t *p0 = ix->item_prog + it->prog;
	const uint32_t *pend = ix->item_prog + it[1].prog;
	const struct ix_mem *m = ix->mem + ix->subj[s].mem;
	const struct ix_mem *mend = ix->mem + ix->subj[s + 1].mem;
	const uint32_t *p;

	if (p0 == pend)
		return true;
	for (; m < mend; m++) {
		if (!holds(m->from, m->until, t))
			continue;
		for (p = p0; p < pend; p++)
			if (*p == m->prog)
				return true;
	}
	return false;
}

/* Rule 9: a contractor or research institution holds an approval under
 * the item's own authority, valid at t, at a rank at least the item's,
 * granted by the organ that owns the item (an approval recorded without
 * its organ, legacy data, counts for any). */
static bool
organization_ok(const struct scs_index *ix, const struct ix_item *it,
    uint32_t s, uint32_t t)
{
	uint32_t o = ix->subj[s].org;
	const struct ix_appr *a, *end;

	if (!ix->orgs[o].needs_approval)
		return true;
	a = ix->appr + ix->orgs[o].appr;
	end = ix->appr + ix->orgs[o + 1].appr;
	for (; a < end; a++)
		if (a->auth == it->auth && a->rank >= it->rank &&
		    (a->organ == IX_ANY_ORGAN || a->organ == it->owner) &&
		    holds(a->from, a->until, t))
			return true;
	return false;
}

enum scs_reason
scs_index_decide(const struct scs_index *ix, int32_t subject, int32_t item,
    int64_t t)
{
	const struct ix_item *it;
	const struct ix_sus *su, *send;
	uint32_t s, tt;
	enum scs_reason r;

	if (item < 0 || (size_t)item >= ix->nitems ||
	    !ix->items[item].present) /* rule 1 */
		return SCS_R_UNKNOWN_ITEM;
	it = &ix->items[item];
	if (!(it->from <= t && t < it->until) || it->declassified <= t)
		return SCS_R_NOT_CLASSIFIED; /* rule 2 */
	if (subject < 0 || (size_t)subject >= ix->nsubj ||
	    ix->subj[subject].org == NONE) /* rule 3 */
		return SCS_R_UNKNOWN_SUBJECT;
	s = (uint32_t)subject;
	tt = t == SCS_TIME_NEVER ? UINT32_MAX - 1 : ix_tick(t);
	su = ix->sus + ix->subj[s].sus;
	send = ix->sus + ix->subj[s + 1].sus;
	for (; su < send; su++) /* rule 4 */
		if (holds(su->from, su->until, tt))
			return SCS_R_SUSPENDED;
	if ((r = rule_clearance(ix, it, s, tt)) != SCS_R_ALLOW) /* rule 5 */
		return r;
	if (!briefed(ix, it, s, tt)) /* rule 6 */
		return SCS_R_COMPARTMENT;
	if (!releasable(ix, it, s)) /* rule 7 */
		return SCS_R_RELEASABILITY;
	if (!need_to_know(ix, it, s, tt)) /* rule 8 */
		return SCS_R_NEED_TO_KNOW;
	if (!organization_ok(ix, it, s, tt)) /* rule 9 */
		return SCS_R_ORGANIZATION;
	return SCS_R_ALLOW; /* rule 10 */
}

int32_t
scs_index_subject(const struct scs_index *ix, const char *id, size_t len)
{
	int32_t h = scs_idmap_find(&ix->subjects, id, len);

	return h >= 0 && ix->subj[h].org != NONE ? h : -1;
}

int32_t
scs_index_item(const struct scs_index *ix, const char *id, size_t len)
{
	int32_t h = scs_idmap_find(&ix->item_ids, id, len);

	return h >= 0 && (size_t)h < ix->nitems && ix->items[h].present ? h
	                                                                : -1;
}

const char *
scs_index_subject_org(const struct scs_index *ix, int32_t h)
{
	if (h < 0 || (size_t)h >= ix->nsubj || ix->subj[h].org == NONE)
		return "";
	return scs_idmap_name(&ix->org_ids, (int32_t)ix->subj[h].org);
}

const char *
scs_index_item_owner(const struct scs_index *ix, int32_t h)
{
	if (h < 0 || (size_t)h >= ix->nitems)
		return "";
	return scs_idmap_name(&ix->org_ids, (int32_t)ix->items[h].owner);
}

const char *
scs_index_item_id(const struct scs_index *ix, int32_t h)
{
	return scs_idmap_name(&ix->item_ids, h);
}

const char *
scs_index_item_level(const struct scs_index *ix, int32_t h,
    const char **out_authority)
{
	const struct scs_level *l = ix->rd->levels + ix->items[h].level;

	*out_authority = ix->rd->authorities[l->authority].code;
	return l->code;
}

int
scs_index_join(const struct scs_index *ix, const int32_t *items, size_t n,
    struct scs_label_join *out, struct scs_err *err)
{
	uint64_t rel[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL};
	size_t i, j, w;

	memset(out, 0, sizeof(*out));
	out->rank = -1;
	out->top_item = -1;
	if (n == 0)
		return scs_err_set(err, SCS_EINVAL, "items",
		    "name at least one item");
	for (i = 0; i < n; i++) {
		const struct ix_item *it = &ix->items[items[i]];
		const uint32_t *k = ix->item_comp + it->comp;
		const uint32_t *kend = ix->item_comp + it[1].comp;

		if (it->rank > out->rank) {
			out->rank = it->rank;
			out->top_item = items[i];
		}
		for (w = 0; w < 4; w++)
			rel[w] &= it->rel[w];
		for (; k < kend; k++) {
			const char *name =
			    scs_idmap_name(&ix->comps, (int32_t)*k);

			for (j = 0; j < out->ncompartments; j++)
				if (strcmp(out->compartments[j], name) == 0)
					break;
			if (j < out->ncompartments)
				continue;
			if (out->ncompartments == SCS_NELEM(out->compartments))
				return scs_err_set(err, SCS_EINVAL, "items",
				    "the union holds too many compartments");
			out->compartments[out->ncompartments++] = name;
		}
	}
	for (i = 0; i < 256 && i < ix->nations.n; i++)
		if ((rel[i >> 6] >> (i & 63)) & 1)
			out->nations[out->nnations++] =
			    scs_idmap_name(&ix->nations, (int32_t)i);
	return SCS_OK;
}

void
scs_index_stats(const struct scs_index *ix, struct scs_index_stats *out)
{
	memset(out, 0, sizeof(*out));
	out->subjects = ix->nsubj;
	out->items = ix->nitems;
	out->orgs = ix->norgs;
	out->clearances = ix->subj[ix->nsubj].clr;
	out->briefings = ix->subj[ix->nsubj].brf;
	out->memberships = ix->subj[ix->nsubj].mem;
	out->suspensions = ix->subj[ix->nsubj].sus;
	out->approvals = ix->orgs[ix->norgs].appr;
	out->subject_bytes = (ix->nsubj + 1) * sizeof(*ix->subj) +
	    out->clearances * sizeof(*ix->clr) +
	    out->briefings * sizeof(*ix->brf) +
	    out->memberships * sizeof(*ix->mem) +
	    out->suspensions * sizeof(*ix->sus) + ix->subj[ix->nsubj].nat +
	    scs_idmap_bytes(&ix->subjects);
	out->bytes = out->subject_bytes +
	    (ix->nitems + 1) * sizeof(*ix->items) +
	    (ix->items[ix->nitems].comp + ix->items[ix->nitems].prog) *
	        sizeof(uint32_t) +
	    (ix->norgs + 1) * sizeof(*ix->orgs) +
	    out->approvals * sizeof(*ix->appr) +
	    scs_idmap_bytes(&ix->item_ids) + scs_idmap_bytes(&ix->org_ids) +
	    scs_idmap_bytes(&ix->comps) + scs_idmap_bytes(&ix->progs) +
	    scs_idmap_bytes(&ix->nations);
}

void
scs_index_free(struct scs_index *ix)
{
	if (ix == NULL)
		return;
	scs_idmap_free(&ix->subjects);
	scs_idmap_free(&ix->item_ids);
	scs_idmap_free(&ix->org_ids);
	scs_idmap_free(&ix->comps);
	scs_idmap_free(&ix->progs);
	scs_idmap_free(&ix->nations);
	free(ix->subj);
	free(ix->nat);
	free(ix->clr);
	free(ix->brf);
	free(ix->mem);
	free(ix->sus);
	free(ix->orgs);
	free(ix->appr);
	free(ix->items);
	free(ix->item_comp);
	free(ix->item_prog);
	free(ix);
}
