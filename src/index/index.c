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

/* Eight bytes at a time, the tail gathered without a chain through its
 * bytes, then a full 64-bit finalizer (murmur3's): the low bits pick the
 * slot, the high ones are the slot's tag.  Tables are written out only
 * into the index cache (image.c), read back by the same build on the
 * same machine, so byte order does not matter. */
static inline uint64_t
hash_id(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t i;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h = (h << 31) | (h >> 33);
	}
	w = 0;
	for (i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)s[i] << (8 * i);
	h ^= w;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
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
		s = m->arena + v;
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

/* Whether stored id @t (NUL-terminated) is the @n bytes of @s: never reads
 * past @t's end (a shorter id), and an @s holding a NUL matches nothing. */
static inline bool
same_id(const char *t, const char *s, size_t n)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (t[j] != s[j] || t[j] == '\0')
			return false;
	return t[n] == '\0';
}

/* The handle stored before the id at arena offset @v. */
static inline int32_t
handle_at(const struct idmap *m, uint32_t v)
{
	uint32_t h;

	memcpy(&h, m->arena + v - IX_ID_PREFIX, sizeof(h));
	return (int32_t)h;
}

/* The probe for @s (hash tag @tag) from slot @i on: its handle or -1. */
static inline int32_t
find_from(const struct idmap *m, const char *s, size_t n, uint32_t tag,
    size_t i)
{
	for (; m->slots[i].v != 0; i = (i + 1) & (m->cap - 1)) {
		if (m->slots[i].tag != tag)
			continue;
		if (same_id(m->arena + m->slots[i].v, s, n))
			return handle_at(m, m->slots[i].v);
	}
	return -1;
}

int32_t
scs_idmap_find(const struct idmap *m, const char *s, size_t n)
{
	uint64_t h;

	if (m->cap == 0)
		return -1;
	h = hash_id(s, n);
	return find_from(m, s, n, (uint32_t)(h >> 32), h & (m->cap - 1));
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
	if (m->n >= INT32_MAX - 1 ||
	    m->alen + IX_ID_PREFIX + n + 1 > UINT32_MAX)
		return -1;
	if (2 * (m->n + 1) > m->cap && idmap_grow(m) != 0)
		return -1;
	if (m->alen + IX_ID_PREFIX + n + 1 > m->acap) {
		size_t ncap = m->acap ? m->acap * 2 : 4096;

		while (ncap < m->alen + IX_ID_PREFIX + n + 1)
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
	h = (int32_t)m->n;
	memcpy(m->arena + m->alen, &h, IX_ID_PREFIX);
	m->alen += IX_ID_PREFIX;
	memcpy(m->arena + m->alen, s, n + 1);
	m->off[m->n] = (uint32_t)m->alen;
	hv = hash_id(s, n);
	for (i = hv & (m->cap - 1); m->slots[i].v != 0;
	     i = (i + 1) & (m->cap - 1))
		;
	m->slots[i].tag = (uint32_t)(hv >> 32);
	m->slots[i].v = (uint32_t)m->alen;
	m->alen += n + 1;
	m->n++;
	return h;
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

int
scs_idmap_copy(struct idmap *dst, const struct idmap *src)
{
	memset(dst, 0, sizeof(*dst));
	if (src->cap > 0 &&
	    (dst->slots = malloc(src->cap * sizeof(*dst->slots))) == NULL)
		return -1;
	if (src->acap > 0 && (dst->arena = malloc(src->acap)) == NULL)
		goto fail;
	if (src->ncap > 0 &&
	    (dst->off = malloc(src->ncap * sizeof(*dst->off))) == NULL)
		goto fail;
	if (src->cap > 0)
		memcpy(dst->slots, src->slots, src->cap * sizeof(*dst->slots));
	if (src->alen > 0)
		memcpy(dst->arena, src->arena, src->alen);
	if (src->n > 0)
		memcpy(dst->off, src->off, src->n * sizeof(*dst->off));
	dst->cap = src->cap;
	dst->alen = src->alen;
	dst->acap = src->acap;
	dst->n = src->n;
	dst->ncap = src->ncap;
	return 0;
fail:
	scs_idmap_free(dst);
	return -1;
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

/* ---- views: the overlay's entry when it has one, else the base's ---- */

const char *
ix_name(const struct idmap *base, const struct idmap *ov, int32_t h)
{
	if (h >= 0 && (size_t)h < base->n)
		return scs_idmap_name(base, h);
	if (ov == NULL || h < 0)
		return "";
	return scs_idmap_name(ov, (int32_t)((size_t)h - base->n));
}

int32_t
ix_find(const struct idmap *base, const struct idmap *ov, const char *s,
    size_t n)
{
	int32_t h = scs_idmap_find(base, s, n);

	if (h >= 0 || ov == NULL)
		return h;
	h = scs_idmap_find(ov, s, n);
	return h >= 0 ? (int32_t)(base->n + (size_t)h) : -1;
}

/* Rule 5: candidates, usable ones, their highest rank. */
static enum scs_reason
rule_clearance(const struct ix_sview *v, const struct ix_item *it, uint32_t t)
{
	const struct ix_clr *c = IX_SV_BEGIN(v, clr);
	const struct ix_clr *end = IX_SV_END(v, clr);
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
briefed(const struct ix_sview *v, const struct ix_iview *iv, uint32_t t)
{
	const uint32_t *k;

	const uint32_t *kend = IX_IV_END(iv, comp);
	const struct ix_brf *b0 = IX_SV_BEGIN(v, brf);
	const struct ix_brf *bend = IX_SV_END(v, brf);

	for (k = IX_IV_BEGIN(iv, comp); k < kend; k++) {
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

/* Rule 7: a nationality of the owner's nation or a releasable one (a
 * member of an alliance the item names is in the mask: build.c). */
static bool
releasable(const struct ix_sview *v, const struct ix_item *it)
{
	const uint8_t *n;

	const uint8_t *end = IX_SV_END(v, nat);

	for (n = IX_SV_BEGIN(v, nat); n < end; n++)
		if ((it->rel[*n >> 6] >> (*n & 63)) & 1)
			return true;
	return false;
}

/* Rule 8: a membership (valid at t) of one of the item's programs. */
static bool
need_to_know(const struct ix_sview *v, const struct ix_iview *iv, uint32_t t)
{
	const struct ix_mem *m;
	const uint32_t *p;

	const uint32_t *p0 = IX_IV_BEGIN(iv, prog);
	const uint32_t *pend = IX_IV_END(iv, prog);
	const struct ix_mem *mend = IX_SV_END(v, mem);

	if (p0 == pend)
		return true;
	for (m = IX_SV_BEGIN(v, mem); m < mend; m++) {
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
organization_ok(const struct scs_index *ix, const struct ix_sview *v,
    const struct ix_item *it, uint32_t t)
{
	struct ix_oview o;
	const struct ix_appr *a;

	ix_org_view(ix, v->row[0].org, &o);
	if (!o.needs_approval)
		return true;
	for (a = o.appr; a < o.appr_end; a++)
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
	struct ix_iview iv;
	struct ix_sview v;
	uint32_t tt;
	enum scs_reason r;

	if (item < 0 || (size_t)item >= ix_nitems(ix)) /* rule 1 */
		return SCS_R_UNKNOWN_ITEM;
	ix_item_view(ix, (uint32_t)item, &iv);
	if (iv.it == NULL || !iv.it->present)
		return SCS_R_UNKNOWN_ITEM;
	it = iv.it;
	if (!(it->from <= t && t < it->until) || it->declassified <= t)
		return SCS_R_NOT_CLASSIFIED;                /* rule 2 */
	if (subject < 0 || (size_t)subject >= ix_nsubj(ix)) /* rule 3 */
		return SCS_R_UNKNOWN_SUBJECT;
	ix_subj_view(ix, (uint32_t)subject, &v);
	if (v.row[0].org == NONE)
		return SCS_R_UNKNOWN_SUBJECT;
	tt = t == SCS_TIME_NEVER ? UINT32_MAX - 1 : ix_tick(t);
	send = IX_SV_END(&v, sus);
	for (su = IX_SV_BEGIN(&v, sus); su < send; su++) /* rule 4 */
		if (holds(su->from, su->until, tt))
			return SCS_R_SUSPENDED;
	if ((r = rule_clearance(&v, it, tt)) != SCS_R_ALLOW) /* rule 5 */
		return r;
	if (!briefed(&v, &iv, tt)) /* rule 6 */
		return SCS_R_COMPARTMENT;
	if (!releasable(&v, it)) /* rule 7 */
		return SCS_R_RELEASABILITY;
	if (!need_to_know(&v, &iv, tt)) /* rule 8 */
		return SCS_R_NEED_TO_KNOW;
	if (!organization_ok(ix, &v, it, tt)) /* rule 9 */
		return SCS_R_ORGANIZATION;
	return SCS_R_ALLOW; /* rule 10 */
}

int32_t
scs_index_subject(const struct scs_index *ix, const char *id, size_t len)
{
	int32_t h = ix_find(&ix->subjects,
	    ix->ov != NULL ? &ix->ov->subjects : NULL, id, len);
	struct ix_sview v;

	if (h < 0)
		return -1;
	ix_subj_view(ix, (uint32_t)h, &v);
	return v.row[0].org != NONE ? h : -1;
}

int32_t
scs_index_item(const struct scs_index *ix, const char *id, size_t len)
{
	int32_t h = ix_find(&ix->item_ids,
	    ix->ov != NULL ? &ix->ov->item_ids : NULL, id, len);
	struct ix_iview v;

	if (h < 0)
		return -1;
	ix_item_view(ix, (uint32_t)h, &v);
	return v.it != NULL && v.it->present ? h : -1;
}

/* ---- ids resolved in groups ---- */

/*
 * One id is a chain of dependent reads: its table slot, the id's bytes and
 * handle in the arena, then the row the handle indexes and the lists the
 * row points at.  One at a time, each query waits for every miss of its
 * chain in turn; here a group of queries walks the chain a link at a
 * time, each stage prefetching what the next reads for every query of the
 * group, so a group's misses overlap.
 */

#define PREFETCH(p) __builtin_prefetch((p), 0, 3)

/* One id's way through a base map. */
struct probe {
	uint64_t h;
	size_t i;   /* the slot the probe stands at */
	uint32_t v; /* the arena offset whose tag matched at slot i, 0: none */
	int32_t h0; /* the handle found, -1: none */
};

/* Stage 1: the hash; the first slot prefetched. */
static inline void
probe_start(const struct idmap *m, const char *s, size_t n, struct probe *p)
{
	p->v = 0;
	p->h = 0;
	if (m->cap == 0) {
		p->i = SIZE_MAX;
		return;
	}
	p->h = hash_id(s, n);
	p->i = p->h & (m->cap - 1);
	PREFETCH(&m->slots[p->i]);
}

/* Stage 2: the first slot whose tag matches (an empty slot first: the map
 * does not hold the id); its place in the arena prefetched. */
static inline void
probe_slot(const struct idmap *m, size_t n, struct probe *p)
{
	uint32_t tag = (uint32_t)(p->h >> 32);
	size_t i;

	if (p->i == SIZE_MAX)
		return;
	for (i = p->i; m->slots[i].v != 0; i = (i + 1) & (m->cap - 1))
		if (m->slots[i].tag == tag) {
			p->v = m->slots[i].v;
			PREFETCH(m->arena + p->v - IX_ID_PREFIX);
			PREFETCH(m->arena + p->v + n);
			break;
		}
	p->i = i;
}

/* Stage 3: the handle, the candidate's bytes compared (past a tag that
 * matched another id the probe goes on, as scs_idmap_find's); -1. */
static inline int32_t
probe_finish(const struct idmap *m, const char *s, size_t n,
    const struct probe *p)
{
	if (p->v == 0)
		return -1;
	return find_from(m, s, n, (uint32_t)(p->h >> 32), p->i);
}

/* The lists the decision reads first, prefetched. */
static inline void
prefetch_subject(const struct ix_sview *v)
{
	if (v->row[0].sus != v->row[1].sus)
		PREFETCH(IX_SV_BEGIN(v, sus));
	if (v->row[0].clr != v->row[1].clr)
		PREFETCH(IX_SV_BEGIN(v, clr));
}

static void
resolve_group(const struct scs_index *ix, const struct scs_index_ids *q,
    size_t n, int32_t *out_sh, int32_t *out_ih)
{
	const struct idmap *ovs = ix->ov != NULL ? &ix->ov->subjects : NULL;
	const struct idmap *ovi = ix->ov != NULL ? &ix->ov->item_ids : NULL;
	struct probe ps[SCS_INDEX_BATCH], pi[SCS_INDEX_BATCH];
	size_t k;

	for (k = 0; k < n; k++) {
		probe_start(&ix->subjects, q[k].subject, q[k].slen, &ps[k]);
		probe_start(&ix->item_ids, q[k].item, q[k].ilen, &pi[k]);
	}
	for (k = 0; k < n; k++) {
		probe_slot(&ix->subjects, q[k].slen, &ps[k]);
		probe_slot(&ix->item_ids, q[k].ilen, &pi[k]);
	}
	/* As scs_index_subject and scs_index_item: the base's map, then the
	 * overlay's; the rows prefetched. */
	for (k = 0; k < n; k++) {
		int32_t h;

		h = probe_finish(&ix->subjects, q[k].subject, q[k].slen,
		    &ps[k]);
		if (h < 0 && ovs != NULL &&
		    (h = scs_idmap_find(ovs, q[k].subject, q[k].slen)) >= 0)
			h = (int32_t)(ix->subjects.n + (size_t)h);
		if (h >= 0 && (size_t)h < ix->nsubj) {
			PREFETCH(&ix->subj[h]);
			PREFETCH(&ix->subj[h + 1]);
		}
		ps[k].h0 = h;
		h = probe_finish(&ix->item_ids, q[k].item, q[k].ilen, &pi[k]);
		if (h < 0 && ovi != NULL &&
		    (h = scs_idmap_find(ovi, q[k].item, q[k].ilen)) >= 0)
			h = (int32_t)(ix->item_ids.n + (size_t)h);
		if (h >= 0 && (size_t)h < ix->nitems) {
			PREFETCH(&ix->items[h]);
			PREFETCH(&ix->items[h].present);
		}
		pi[k].h0 = h;
	}
	/* Whether the entry is there; the lists prefetched. */
	for (k = 0; k < n; k++) {
		struct ix_sview v;
		struct ix_iview iv;
		int32_t h = ps[k].h0;

		if (h >= 0) {
			ix_subj_view(ix, (uint32_t)h, &v);
			if (v.row[0].org == NONE)
				h = -1;
			else
				prefetch_subject(&v);
		}
		out_sh[k] = h;
		h = pi[k].h0;
		if (h >= 0) {
			ix_item_view(ix, (uint32_t)h, &iv);
			if (iv.it == NULL || !iv.it->present)
				h = -1;
		}
		out_ih[k] = h;
	}
}

void
scs_index_resolve_many(const struct scs_index *ix,
    const struct scs_index_ids *q, size_t n, int32_t *out_sh, int32_t *out_ih)
{
	size_t k, m;

	for (k = 0; k < n; k += m) {
		m = n - k < SCS_INDEX_BATCH ? n - k : SCS_INDEX_BATCH;
		resolve_group(ix, q + k, m, out_sh + k, out_ih + k);
	}
}

const char *
scs_index_subject_org(const struct scs_index *ix, int32_t h)
{
	struct ix_sview v;

	if (h < 0 || (size_t)h >= ix_nsubj(ix))
		return "";
	ix_subj_view(ix, (uint32_t)h, &v);
	if (v.row[0].org == NONE)
		return "";
	return ix_name(&ix->org_ids, ix->ov != NULL ? &ix->ov->org_ids : NULL,
	    (int32_t)v.row[0].org);
}

const char *
scs_index_item_owner(const struct scs_index *ix, int32_t h)
{
	struct ix_iview v;

	if (h < 0 || (size_t)h >= ix_nitems(ix))
		return "";
	ix_item_view(ix, (uint32_t)h, &v);
	if (v.it == NULL)
		return "";
	return ix_name(&ix->org_ids, ix->ov != NULL ? &ix->ov->org_ids : NULL,
	    (int32_t)v.it->owner);
}

const char *
scs_index_item_id(const struct scs_index *ix, int32_t h)
{
	return ix_name(&ix->item_ids, ix->ov != NULL ? &ix->ov->item_ids : NULL,
	    h);
}

const char *
scs_index_item_level(const struct scs_index *ix, int32_t h,
    const char **out_authority)
{
	struct ix_iview v;
	const struct scs_level *l;

	ix_item_view(ix, (uint32_t)h, &v);
	l = ix->rd->levels + (v.it != NULL ? v.it->level : 0);
	*out_authority = ix->rd->authorities[l->authority].code;
	return l->code;
}

/* The compartments of item view @v into the union in @out. */
static int
join_compartments(const struct scs_index *ix, const struct ix_iview *v,
    struct scs_label_join *out, struct scs_err *err)
{
	const uint32_t *k;
	size_t j;

	const uint32_t *kend = IX_IV_END(v, comp);

	for (k = IX_IV_BEGIN(v, comp); k < kend; k++) {
		const char *name = ix_name(&ix->comps,
		    ix->ov != NULL ? &ix->ov->comps : NULL, (int32_t)*k);

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
	return SCS_OK;
}

int
scs_index_join(const struct scs_index *ix, const int32_t *items, size_t n,
    struct scs_label_join *out, struct scs_err *err)
{
	uint64_t rel[4] = {~0ULL, ~0ULL, ~0ULL, ~0ULL}, covered[4] = {0};
	size_t i, w, nn;

	memset(out, 0, sizeof(*out));
	out->rank = -1;
	out->top_item = -1;
	if (n == 0)
		return scs_err_set(err, SCS_EINVAL, "items",
		    "name at least one item");
	for (i = 0; i < n; i++) {
		struct ix_iview v;
		const struct ix_item *it;

		ix_item_view(ix, (uint32_t)items[i], &v);
		if ((it = v.it) == NULL)
			return scs_err_set(err, SCS_EINVAL, "items",
			    "an unknown item");
		if (it->rank > out->rank) {
			out->rank = it->rank;
			out->top_item = items[i];
		}
		for (w = 0; w < 4; w++)
			rel[w] &= it->rel[w];
		if (join_compartments(ix, &v, out, err) != SCS_OK)
			return SCS_EINVAL;
	}
	/* An alliance every item is releasable to stands for its members,
	 * which the masks hold too: it is listed, they are not. */
	for (i = 0; i < ix->nalliances; i++) {
		const struct ix_alliance *a = &ix->alliances[i];

		if ((rel[a->h >> 6] >> (a->h & 63)) & 1)
			for (w = 0; w < 4; w++)
				covered[w] |= a->members[w];
	}
	nn = ix->nations.n + (ix->ov != NULL ? ix->ov->nations.n : 0);
	for (i = 0; i < 256 && i < nn; i++)
		if ((rel[i >> 6] >> (i & 63)) & 1 &&
		    !((covered[i >> 6] >> (i & 63)) & 1))
			out->nations[out->nnations++] = ix_name(&ix->nations,
			    ix->ov != NULL ? &ix->ov->nations : NULL,
			    (int32_t)i);
	return SCS_OK;
}

void
scs_index_stats(const struct scs_index *ix, struct scs_index_stats *out)
{
	const struct ix_over *ov = ix->ov;
	size_t i;

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
	if (ov == NULL)
		return;
	/* Counts: the base's, less what the overlay replaced, plus the
	 * overlay's entries. */
	out->subjects += ov->subjects.n;
	out->items += ov->item_ids.n;
	out->orgs += ov->org_ids.n;
	for (i = 0; i < ov->subj.n; i++) {
		const struct ix_ovsubj *e =
		    (const struct ix_ovsubj *)ov->subj.p + i;

		if (e->h < ix->nsubj) {
			const struct ix_subj *b = &ix->subj[e->h];

			out->clearances -= b[1].clr - b[0].clr;
			out->briefings -= b[1].brf - b[0].brf;
			out->memberships -= b[1].mem - b[0].mem;
			out->suspensions -= b[1].sus - b[0].sus;
		}
		out->clearances += e->nclr;
		out->briefings += e->nbrf;
		out->memberships += e->nmem;
		out->suspensions += e->nsus;
	}
	for (i = 0; i < ov->orgs.n; i++) {
		const struct ix_ovorg *e =
		    (const struct ix_ovorg *)ov->orgs.p + i;

		if (e->h < ix->norgs)
			out->approvals -=
			    ix->orgs[e->h + 1].appr - ix->orgs[e->h].appr;
		out->approvals += e->nappr;
	}
	out->bytes += ix_over_bytes(ov);
	out->subject_bytes += ov->subj.cap * sizeof(struct ix_ovsubj) +
	    ov->nat.cap + ov->clr.cap * sizeof(struct ix_clr) +
	    ov->brf.cap * sizeof(struct ix_brf) +
	    ov->mem.cap * sizeof(struct ix_mem) +
	    ov->sus.cap * sizeof(struct ix_sus) +
	    scs_idmap_bytes(&ov->subjects);
}

void
scs_index_free(struct scs_index *ix)
{
	if (ix == NULL)
		return;
	ix_over_free(ix->ov);
	/* The base goes with the last version that shares it. */
	if (ix->share != NULL && atomic_fetch_sub(&ix->share->refs, 1) > 1) {
		free(ix);
		return;
	}
	free(ix->share);
	if (ix->image != NULL) {
		free(ix->image);
		free(ix);
		return;
	}
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
