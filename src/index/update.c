/* SPDX-License-Identifier: Apache-2.0 */
/*
 * update.c - a new version of a published index that differs from it only
 * in some subjects, items and organizations (index_int.h, "the overlay").
 * The caller names each changed entity (touch) and adds all of its
 * records as they now stand, none for one that is gone; finish makes a
 * version that shares the base arrays and id maps of the old one (never
 * written again: readers of the old one go on undisturbed) and owns a
 * copy of its overlay with the touched entries replaced.  The cost is
 * that of the touched records plus the copy of the overlay, which the
 * caller keeps bounded by a full build when scs_index_fold_due says so.
 * No I/O, no clock.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scs/index.h"
#include "index_int.h"

#define NONE UINT32_MAX

struct u_org {
	uint32_t h;
	uint8_t nation, needs;
};
struct u_appr {
	uint32_t org;
	struct ix_appr a;
};
struct u_person {
	uint32_t subj, org;
};
struct u_nat {
	uint32_t subj;
	uint8_t nat;
};
struct u_clr {
	uint32_t subj;
	struct ix_clr c;
};
struct u_brf {
	uint32_t subj;
	struct ix_brf b;
};
struct u_mem {
	uint32_t subj;
	struct ix_mem m;
};
struct u_sus {
	uint32_t subj;
	struct ix_sus s;
};
struct u_item {
	uint32_t h, owner;
	struct ix_item it;
	uint64_t rel[4]; /* releasable_to, alliances expanded; no owner */
};
struct u_ref {
	uint32_t item, ref;
};

struct scs_index_update {
	struct scs_index *ix; /* the version being made */
	const struct scs_index *from;
	int inexact;
	struct ix_tab touched[3]; /* subjects, orgs, items: handle -> 1 */
	struct vec tsubj, torgs, titems;
	struct vec orgs, appr, persons, nats, clr, brf, mem, sus, items;
	struct vec item_comp, item_prog;
};

enum { T_SUBJ, T_ORG, T_ITEM };

/* ---- overlay tables and copies ---- */

static int
tab_put(struct ix_tab *t, uint32_t key, uint32_t val)
{
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 64, j;
		uint32_t *ns = calloc(2 * ncap, sizeof(*ns));

		if (ns == NULL)
			return SCS_ENOMEM;
		for (j = 0; j < t->cap; j++) {
			if (t->slots[j] == 0)
				continue;
			for (i = ix_tab_hash(t->slots[j] - 1) & (ncap - 1);
			     ns[i] != 0; i = (i + 1) & (ncap - 1))
				;
			ns[i] = t->slots[j];
			ns[ncap + i] = t->slots[t->cap + j];
		}
		free(t->slots);
		t->slots = ns;
		t->cap = ncap;
	}
	for (i = ix_tab_hash(key) & (t->cap - 1); t->slots[i] != 0;
	     i = (i + 1) & (t->cap - 1))
		if (t->slots[i] - 1 == key) {
			t->slots[t->cap + i] = val;
			return SCS_OK;
		}
	t->slots[i] = key + 1;
	t->slots[t->cap + i] = val;
	t->n++;
	return SCS_OK;
}

static int
tab_copy(struct ix_tab *dst, const struct ix_tab *src)
{
	*dst = *src;
	if (src->cap == 0)
		return SCS_OK;
	if ((dst->slots = malloc(2 * src->cap * sizeof(*dst->slots))) == NULL) {
		memset(dst, 0, sizeof(*dst));
		return SCS_ENOMEM;
	}
	memcpy(dst->slots, src->slots, 2 * src->cap * sizeof(*dst->slots));
	return SCS_OK;
}

static int
vec_copy(struct vec *dst, const struct vec *src, size_t size)
{
	*dst = *src;
	if (src->cap == 0)
		return SCS_OK;
	if ((dst->p = malloc(src->cap * size)) == NULL) {
		memset(dst, 0, sizeof(*dst));
		return SCS_ENOMEM;
	}
	memcpy(dst->p, src->p, src->n * size);
	return SCS_OK;
}

/* The overlay's vectors with their element sizes, in one order. */
#define OV_VECS(ov)                                                            \
	{&(ov)->subj, sizeof(struct ix_ovsubj)},                               \
	    {&(ov)->orgs, sizeof(struct ix_ovorg)},                            \
	    {&(ov)->items, sizeof(struct ix_ovitem)}, {&(ov)->nat, 1},         \
	    {&(ov)->clr, sizeof(struct ix_clr)},                               \
	    {&(ov)->brf, sizeof(struct ix_brf)},                               \
	    {&(ov)->mem, sizeof(struct ix_mem)},                               \
	    {&(ov)->sus, sizeof(struct ix_sus)},                               \
	    {&(ov)->appr, sizeof(struct ix_appr)},                             \
	    {&(ov)->item_comp, sizeof(uint32_t)},                              \
	{                                                                      \
		&(ov)->item_prog, sizeof(uint32_t)                             \
	}

struct ov_vec {
	struct vec *v;
	size_t size;
};

void
ix_over_free(struct ix_over *ov)
{
	size_t i;

	if (ov == NULL)
		return;
	{
		struct ov_vec vs[] = {OV_VECS(ov)};

		for (i = 0; i < SCS_NELEM(vs); i++)
			free(vs[i].v->p);
	}
	free(ov->tsubj.slots);
	free(ov->torgs.slots);
	free(ov->titems.slots);
	scs_idmap_free(&ov->subjects);
	scs_idmap_free(&ov->item_ids);
	scs_idmap_free(&ov->org_ids);
	scs_idmap_free(&ov->comps);
	scs_idmap_free(&ov->progs);
	scs_idmap_free(&ov->nations);
	free(ov);
}

size_t
ix_over_bytes(const struct ix_over *ov)
{
	struct ix_over *o = (struct ix_over *)(uintptr_t)ov;
	struct ov_vec vs[] = {OV_VECS(o)};
	size_t i, n = 0;

	for (i = 0; i < SCS_NELEM(vs); i++)
		n += vs[i].v->cap * vs[i].size;
	n += 2 * sizeof(uint32_t) *
	    (ov->tsubj.cap + ov->torgs.cap + ov->titems.cap);
	return n + scs_idmap_bytes(&ov->subjects) +
	    scs_idmap_bytes(&ov->item_ids) + scs_idmap_bytes(&ov->org_ids) +
	    scs_idmap_bytes(&ov->comps) + scs_idmap_bytes(&ov->progs) +
	    scs_idmap_bytes(&ov->nations);
}

static struct ix_over *
over_copy(const struct ix_over *src)
{
	struct ix_over *ov = calloc(1, sizeof(*ov));
	size_t i;

	if (ov == NULL || src == NULL)
		return ov;
	{
		struct ix_over *s = (struct ix_over *)(uintptr_t)src;
		struct ov_vec from[] = {OV_VECS(s)}, to[] = {OV_VECS(ov)};

		for (i = 0; i < SCS_NELEM(from); i++)
			if (vec_copy(to[i].v, from[i].v, from[i].size) !=
			    SCS_OK)
				goto fail;
	}
	if (tab_copy(&ov->tsubj, &src->tsubj) != SCS_OK ||
	    tab_copy(&ov->torgs, &src->torgs) != SCS_OK ||
	    tab_copy(&ov->titems, &src->titems) != SCS_OK ||
	    scs_idmap_copy(&ov->subjects, &src->subjects) != 0 ||
	    scs_idmap_copy(&ov->item_ids, &src->item_ids) != 0 ||
	    scs_idmap_copy(&ov->org_ids, &src->org_ids) != 0 ||
	    scs_idmap_copy(&ov->comps, &src->comps) != 0 ||
	    scs_idmap_copy(&ov->progs, &src->progs) != 0 ||
	    scs_idmap_copy(&ov->nations, &src->nations) != 0)
		goto fail;
	return ov;
fail:
	ix_over_free(ov);
	return NULL;
}

size_t
scs_index_overlay_size(const struct scs_index *ix)
{
	const struct ix_over *ov = ix->ov;

	if (ov == NULL)
		return 0;
	return ov->subj.n + ov->orgs.n + ov->items.n + ov->nat.n + ov->clr.n +
	    ov->brf.n + ov->mem.n + ov->sus.n + ov->appr.n + ov->item_comp.n +
	    ov->item_prog.n;
}

bool
scs_index_fold_due(const struct scs_index *ix)
{
	size_t base = ix->nsubj + ix->nitems + ix->norgs +
	    ix->subj[ix->nsubj].nat + ix->subj[ix->nsubj].clr +
	    ix->subj[ix->nsubj].brf + ix->subj[ix->nsubj].mem +
	    ix->subj[ix->nsubj].sus + ix->orgs[ix->norgs].appr;

	return scs_index_overlay_size(ix) > SCS_INDEX_OVERLAY_MIN + base / 32;
}

/* ---- the update ---- */

struct scs_index_update *
scs_index_update_new(const struct scs_index *from)
{
	struct scs_index_update *u = calloc(1, sizeof(*u));
	struct scs_index *ix = malloc(sizeof(*ix));

	if (u == NULL || ix == NULL || from->share == NULL) {
		free(u);
		free(ix);
		return NULL;
	}
	*ix = *from; /* the base: pointers shared, never written */
	if ((ix->ov = over_copy(from->ov)) == NULL) {
		free(u);
		free(ix);
		return NULL;
	}
	atomic_fetch_add(&ix->share->refs, 1);
	u->ix = ix;
	u->from = from;
	return u;
}

void
scs_index_update_free(struct scs_index_update *u)
{
	struct vec *v[] = {&u->tsubj, &u->torgs, &u->titems, &u->orgs, &u->appr,
	    &u->persons, &u->nats, &u->clr, &u->brf, &u->mem, &u->sus,
	    &u->items, &u->item_comp, &u->item_prog};
	size_t i;

	if (u == NULL)
		return;
	for (i = 0; i < SCS_NELEM(v); i++)
		free(v[i]->p);
	for (i = 0; i < 3; i++)
		free(u->touched[i].slots);
	scs_index_free(u->ix);
	free(u);
}

static int
push(struct vec *v, const void *e, size_t size)
{
	return scs_vec_push(v, e, size) == 0 ? SCS_OK : SCS_ENOMEM;
}

/* The handle of @id in the base map @base or the overlay's @ov (interned
 * there when new). */
static int
handle(const struct idmap *base, struct idmap *ov, const char *id,
    uint32_t *out)
{
	int32_t h = scs_idmap_find(base, id, strlen(id));

	if (h >= 0) {
		*out = (uint32_t)h;
		return SCS_OK;
	}
	if ((h = scs_idmap_intern(ov, id)) < 0 ||
	    base->n + (size_t)h >= INT32_MAX)
		return SCS_ENOMEM;
	*out = (uint32_t)(base->n + (size_t)h);
	return SCS_OK;
}

#define H(u, map, id, out) handle(&(u)->ix->map, &(u)->ix->ov->map, (id), (out))

static int
nation(struct scs_index_update *u, const char *code, uint8_t *out)
{
	uint32_t h;

	if (H(u, nations, code, &h) != SCS_OK)
		return SCS_ENOMEM;
	if (h >= IX_MAX_NATIONS)
		return SCS_ECONFLICT; /* a full build says what is wrong */
	*out = (uint8_t)h;
	return SCS_OK;
}

static int
touch(struct scs_index_update *u, int which, struct idmap *base,
    struct idmap *ov, struct vec *list, const char *id)
{
	uint32_t h;
	int rc;

	if ((rc = handle(base, ov, id, &h)) != SCS_OK)
		return rc;
	if (ix_tab_get(&u->touched[which], h) != 0)
		return SCS_OK;
	if ((rc = tab_put(&u->touched[which], h, 1)) != SCS_OK)
		return rc;
	return push(list, &h, sizeof(h));
}

int
scs_index_update_subject(struct scs_index_update *u, const char *id)
{
	return touch(u, T_SUBJ, &u->ix->subjects, &u->ix->ov->subjects,
	    &u->tsubj, id);
}

int
scs_index_update_org(struct scs_index_update *u, const char *id)
{
	return touch(u, T_ORG, &u->ix->org_ids, &u->ix->ov->org_ids, &u->torgs,
	    id);
}

int
scs_index_update_item(struct scs_index_update *u, const char *id)
{
	return touch(u, T_ITEM, &u->ix->item_ids, &u->ix->ov->item_ids,
	    &u->titems, id);
}

/* The handle of @id, which must have been touched as @which. */
static int
touched(struct scs_index_update *u, int which, const char *id, uint32_t *out)
{
	static const size_t off[] = {offsetof(struct scs_index, subjects),
	    offsetof(struct scs_index, org_ids),
	    offsetof(struct scs_index, item_ids)};
	static const size_t ovoff[] = {offsetof(struct ix_over, subjects),
	    offsetof(struct ix_over, org_ids),
	    offsetof(struct ix_over, item_ids)};
	const struct idmap *base =
	    (const struct idmap *)(const void *)((const char *)u->ix +
	        off[which]);
	const struct idmap *ov =
	    (const struct idmap *)(const void *)((const char *)u->ix->ov +
	        ovoff[which]);
	int32_t h = ix_find(base, ov, id, strlen(id));

	if (h < 0 || ix_tab_get(&u->touched[which], (uint32_t)h) == 0)
		return SCS_EINVAL; /* a record of an entity not named */
	*out = (uint32_t)h;
	return SCS_OK;
}

int
scs_index_update_add_org(struct scs_index_update *u, const struct scs_org *o)
{
	struct u_org e;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = touched(u, T_ORG, o->id, &e.h)) != SCS_OK ||
	    (rc = nation(u, o->country, &e.nation)) != SCS_OK)
		return rc;
	e.needs = o->type == SCS_ORG_CONTRACTOR || o->type == SCS_ORG_RESEARCH;
	return push(&u->orgs, &e, sizeof(e));
}

int
scs_index_update_add_person(struct scs_index_update *u,
    const struct scs_person *p)
{
	struct u_person e;
	struct u_nat n;
	size_t i;
	int rc;

	memset(&n, 0, sizeof(n));
	if ((rc = touched(u, T_SUBJ, p->id, &e.subj)) != SCS_OK ||
	    (rc = H(u, org_ids, p->org, &e.org)) != SCS_OK)
		return rc;
	n.subj = e.subj;
	for (i = 0; i < p->nnationalities; i++)
		if ((rc = nation(u, p->nationalities[i], &n.nat)) != SCS_OK ||
		    (rc = push(&u->nats, &n, sizeof(n))) != SCS_OK)
			return rc;
	return push(&u->persons, &e, sizeof(e));
}

static int
add_item(struct scs_index_update *u, const struct scs_item *r)
{
	struct u_item e;
	struct u_ref ref;
	size_t i;
	int rc;

	memset(&e, 0, sizeof(e));
	if ((rc = touched(u, T_ITEM, r->id, &e.h)) != SCS_OK ||
	    (rc = ix_level(u->ix->rd, r->authority, r->level, &e.it.auth,
	         &e.it.rank, &e.it.level)) != SCS_OK ||
	    (rc = H(u, org_ids, r->owner, &e.owner)) != SCS_OK)
		return rc;
	e.it.from = r->valid_from;
	e.it.until = r->valid_until;
	e.it.declassified =
	    r->declassified ? r->declassified_at : SCS_TIME_NEVER;
	for (i = 0; i < r->nreleasable_to; i++) {
		uint8_t h;

		if ((rc = nation(u, r->releasable_to[i], &h)) != SCS_OK)
			return rc;
		/* The base interned every alliance: the same handles. */
		ix_rel_add(u->ix->alliances, u->ix->nalliances, e.rel, h);
	}
	ref.item = e.h;
	for (i = 0; i < r->ncompartments; i++)
		if ((rc = H(u, comps, r->compartments[i], &ref.ref)) !=
		        SCS_OK ||
		    (rc = push(&u->item_comp, &ref, sizeof(ref))) != SCS_OK)
			return rc;
	for (i = 0; i < r->nprograms; i++)
		if ((rc = H(u, progs, r->programs[i], &ref.ref)) != SCS_OK ||
		    (rc = push(&u->item_prog, &ref, sizeof(ref))) != SCS_OK)
			return rc;
	return push(&u->items, &e, sizeof(e));
}

int
scs_index_update_add_rec(struct scs_index_update *u, enum scs_kind kind,
    const void *rec)
{
	int rc;

	switch (kind) {
	case SCS_KIND_CLEARANCE: {
		const struct scs_clearance *r = rec;
		struct u_clr e;

		memset(&e, 0, sizeof(e));
		if ((rc = touched(u, T_SUBJ, r->person, &e.subj)) != SCS_OK ||
		    (rc = ix_level(u->ix->rd, r->authority, r->level, &e.c.auth,
		         &e.c.rank, NULL)) != SCS_OK)
			return rc;
		e.c.status = (uint8_t)r->status;
		e.c.from = ix_tick_noted(&u->inexact, r->valid_from);
		e.c.until = ix_tick_noted(&u->inexact, r->valid_until);
		return push(&u->clr, &e, sizeof(e));
	}
	case SCS_KIND_BRIEFING: {
		const struct scs_briefing *r = rec;
		struct u_brf e;

		memset(&e, 0, sizeof(e));
		if ((rc = touched(u, T_SUBJ, r->person, &e.subj)) != SCS_OK ||
		    (rc = H(u, comps, r->compartment, &e.b.comp)) != SCS_OK)
			return rc;
		if (e.b.comp >= IX_BRF_NDA)
			return SCS_ENOMEM;
		e.b.from = ix_tick_noted(&u->inexact, r->valid_from);
		e.b.until = ix_tick_noted(&u->inexact, r->valid_until);
		e.b.nda = r->has_nda ? ix_tick_noted(&u->inexact, r->nda_signed)
		                     : IX_TICK_NEVER;
		if (r->has_nda)
			e.b.comp |= IX_BRF_NDA;
		return push(&u->brf, &e, sizeof(e));
	}
	case SCS_KIND_MEMBERSHIP: {
		const struct scs_membership *r = rec;
		struct u_mem e;

		memset(&e, 0, sizeof(e));
		if ((rc = touched(u, T_SUBJ, r->person, &e.subj)) != SCS_OK ||
		    (rc = H(u, progs, r->program, &e.m.prog)) != SCS_OK)
			return rc;
		e.m.from = ix_tick_noted(&u->inexact, r->valid_from);
		e.m.until = ix_tick_noted(&u->inexact, r->valid_until);
		return push(&u->mem, &e, sizeof(e));
	}
	case SCS_KIND_SUSPENSION: {
		const struct scs_suspension *r = rec;
		struct u_sus e;

		memset(&e, 0, sizeof(e));
		if ((rc = touched(u, T_SUBJ, r->person, &e.subj)) != SCS_OK)
			return rc;
		e.s.from = ix_tick_noted(&u->inexact, r->valid_from);
		e.s.until = ix_tick_noted(&u->inexact, r->valid_until);
		return push(&u->sus, &e, sizeof(e));
	}
	case SCS_KIND_CONFORMING: {
		const struct scs_conforming *r = rec;
		struct u_appr e;

		memset(&e, 0, sizeof(e));
		if ((rc = touched(u, T_ORG, r->org, &e.org)) != SCS_OK ||
		    (rc = ix_level(u->ix->rd, r->authority, r->level, &e.a.auth,
		         &e.a.rank, NULL)) != SCS_OK)
			return rc;
		e.a.organ = IX_ANY_ORGAN;
		if (r->organ[0] != '\0' &&
		    (rc = H(u, org_ids, r->organ, &e.a.organ)) != SCS_OK)
			return rc;
		e.a.from = ix_tick_noted(&u->inexact, r->valid_from);
		e.a.until = ix_tick_noted(&u->inexact, r->valid_until);
		return push(&u->appr, &e, sizeof(e));
	}
	case SCS_KIND_ITEM:
		return add_item(u, rec);
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		return SCS_OK; /* names only; references intern them */
	default:
		return SCS_EINVAL;
	}
}

/* ---- finish: the touched entries into the overlay ---- */

static int
cmp_key(const void *a, const void *b)
{
	uint32_t x, y;

	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x < y ? -1 : x > y;
}

static void
sort(struct vec *v, size_t size)
{
	if (v->n > 1)
		qsort(v->p, v->n, size, cmp_key);
}

/* A cursor over a vector sorted by its leading handle. */
struct run {
	const char *p;
	size_t n, size, at;
};

static void
run_init(struct run *r, const struct vec *v, size_t size)
{
	r->p = v->p;
	r->n = v->n;
	r->size = size;
	r->at = 0;
}

/* The entries keyed @h: the first at *out, their count returned (the
 * keys asked for ascend). */
static size_t
run_take(struct run *r, uint32_t h, const void **out)
{
	uint32_t k;
	size_t first;

	for (; r->at < r->n; r->at++) {
		memcpy(&k, r->p + r->at * r->size, sizeof(k));
		if (k >= h)
			break;
	}
	first = r->at;
	for (; r->at < r->n; r->at++) {
		memcpy(&k, r->p + r->at * r->size, sizeof(k));
		if (k != h)
			break;
	}
	*out = r->p + first * r->size;
	return r->at - first;
}

/* Append @n payloads (at @poff, @psize bytes, stride @esize) to @pool;
 * their offset into *out_off. */
static int
pool_add(struct vec *pool, const void *src, size_t n, size_t esize, size_t poff,
    size_t psize, uint32_t *out_off)
{
	size_t i;

	if (pool->n + n >= UINT32_MAX)
		return SCS_ENOMEM;
	*out_off = (uint32_t)pool->n;
	for (i = 0; i < n; i++)
		if (scs_vec_push(pool, (const char *)src + i * esize + poff,
		        psize) != 0)
			return SCS_ENOMEM;
	return SCS_OK;
}

/* Put entry @e (of @size bytes, handle first) into @entries and @t,
 * replacing the entry of the same handle if the overlay has one. */
static int
entry_put(struct vec *entries, struct ix_tab *t, const void *e, size_t size)
{
	uint32_t h, at;

	memcpy(&h, e, sizeof(h));
	if ((at = ix_tab_get(t, h)) != 0) {
		memcpy((char *)entries->p + (at - 1) * size, e, size);
		return SCS_OK;
	}
	if (entries->n >= UINT32_MAX - 1 || push(entries, e, size) != SCS_OK)
		return SCS_ENOMEM;
	return tab_put(t, h, (uint32_t)entries->n);
}

static int
finish_orgs(struct scs_index_update *u)
{
	struct ix_over *ov = u->ix->ov;
	struct run ro, ra;
	uint32_t *hs = u->torgs.p;
	size_t i, n;

	sort(&u->torgs, sizeof(uint32_t));
	sort(&u->orgs, sizeof(struct u_org));
	sort(&u->appr, sizeof(struct u_appr));
	run_init(&ro, &u->orgs, sizeof(struct u_org));
	run_init(&ra, &u->appr, sizeof(struct u_appr));
	for (i = 0; i < u->torgs.n; i++) {
		const void *p;
		struct ix_ovorg e;
		struct ix_oview old;

		memset(&e, 0, sizeof(e));
		e.h = hs[i];
		if (run_take(&ro, e.h, &p) > 0) {
			const struct u_org *o = p;

			e.present = 1;
			e.nation = o->nation;
			e.needs_approval = o->needs;
		}
		/* Items owned by an organization carry its nation, and its
		 * employees and items are known only while it is present:
		 * either changing means a full build (never in practice:
		 * the store keeps organizations, and a country rarely
		 * moves). */
		ix_org_view(u->from, e.h, &old);
		if (old.present && (!e.present || old.nation != e.nation))
			return SCS_ECONFLICT;
		n = run_take(&ra, e.h, &p);
		if (pool_add(&ov->appr, p, n, sizeof(struct u_appr),
		        offsetof(struct u_appr, a), sizeof(struct ix_appr),
		        &e.appr) != SCS_OK)
			return SCS_ENOMEM;
		e.nappr = (uint32_t)n;
		if (entry_put(&ov->orgs, &ov->torgs, &e, sizeof(e)) != SCS_OK)
			return SCS_ENOMEM;
	}
	return SCS_OK;
}

/* The payloads of @r keyed @h into @pool: offset and count. */
static int
take_pool(struct run *r, uint32_t h, struct vec *pool, size_t poff,
    size_t psize, uint32_t *out_off, uint32_t *out_n)
{
	const void *p;
	size_t n = run_take(r, h, &p);

	*out_n = (uint32_t)n;
	return pool_add(pool, p, n, r->size, poff, psize, out_off);
}

enum { R_PER, R_NAT, R_CLR, R_BRF, R_MEM, R_SUS, R_N };

/* The entry of subject @h from the runs @r. */
static int
subject_entry(struct scs_index_update *u, struct run *r, uint32_t h)
{
	struct ix_over *ov = u->ix->ov;
	struct ix_ovsubj e;
	struct ix_oview org;
	const void *p;

	memset(&e, 0, sizeof(e));
	e.h = h;
	e.org = NONE;
	/* A person whose employer has no record stays unknown. */
	if (run_take(&r[R_PER], h, &p) > 0) {
		const struct u_person *per = p;

		ix_org_view(u->ix, per->org, &org);
		e.org = org.present ? per->org : NONE;
	}
	if (take_pool(&r[R_NAT], h, &ov->nat, offsetof(struct u_nat, nat), 1,
	        &e.nat, &e.nnat) != SCS_OK ||
	    take_pool(&r[R_CLR], h, &ov->clr, offsetof(struct u_clr, c),
	        sizeof(struct ix_clr), &e.clr, &e.nclr) != SCS_OK ||
	    take_pool(&r[R_BRF], h, &ov->brf, offsetof(struct u_brf, b),
	        sizeof(struct ix_brf), &e.brf, &e.nbrf) != SCS_OK ||
	    take_pool(&r[R_MEM], h, &ov->mem, offsetof(struct u_mem, m),
	        sizeof(struct ix_mem), &e.mem, &e.nmem) != SCS_OK ||
	    take_pool(&r[R_SUS], h, &ov->sus, offsetof(struct u_sus, s),
	        sizeof(struct ix_sus), &e.sus, &e.nsus) != SCS_OK)
		return SCS_ENOMEM;
	return entry_put(&ov->subj, &ov->tsubj, &e, sizeof(e));
}

static int
finish_subjects(struct scs_index_update *u)
{
	struct vec *v[R_N] = {&u->persons, &u->nats, &u->clr, &u->brf, &u->mem,
	    &u->sus};
	static const size_t size[R_N] = {sizeof(struct u_person),
	    sizeof(struct u_nat), sizeof(struct u_clr), sizeof(struct u_brf),
	    sizeof(struct u_mem), sizeof(struct u_sus)};
	struct run r[R_N];
	const uint32_t *hs = u->tsubj.p;
	size_t i;

	sort(&u->tsubj, sizeof(uint32_t));
	for (i = 0; i < R_N; i++) {
		sort(v[i], size[i]);
		run_init(&r[i], v[i], size[i]);
	}
	for (i = 0; i < u->tsubj.n; i++)
		if (subject_entry(u, r, hs[i]) != SCS_OK)
			return SCS_ENOMEM;
	return SCS_OK;
}

static int
finish_items(struct scs_index_update *u)
{
	struct ix_over *ov = u->ix->ov;
	struct run r_it, r_comp, r_prog;
	uint32_t *hs = u->titems.p;
	size_t i, k, n;

	sort(&u->titems, sizeof(uint32_t));
	sort(&u->items, sizeof(struct u_item));
	sort(&u->item_comp, sizeof(struct u_ref));
	sort(&u->item_prog, sizeof(struct u_ref));
	run_init(&r_it, &u->items, sizeof(struct u_item));
	run_init(&r_comp, &u->item_comp, sizeof(struct u_ref));
	run_init(&r_prog, &u->item_prog, sizeof(struct u_ref));
	for (i = 0; i < u->titems.n; i++) {
		const void *p;
		struct ix_ovitem e;

		memset(&e, 0, sizeof(e));
		e.h = hs[i];
		e.it.owner = NONE;
		if (run_take(&r_it, e.h, &p) > 0) {
			const struct u_item *it = p;
			struct ix_oview own;

			ix_org_view(u->ix, it->owner, &own);
			e.it = it->it;
			e.it.owner = it->owner;
			e.it.present = own.present; /* else unknown */
			for (k = 0; k < 4; k++)
				e.it.rel[k] = it->rel[k];
			e.it.rel[own.nation >> 6] |= 1ULL << (own.nation & 63);
			e.it.accept = ix_accepted(u->ix, it->it.auth, it->rel,
			    own.nation);
		}
		n = run_take(&r_comp, e.h, &p);
		if (pool_add(&ov->item_comp, p, n, sizeof(struct u_ref),
		        offsetof(struct u_ref, ref), sizeof(uint32_t),
		        &e.it.comp) != SCS_OK)
			return SCS_ENOMEM;
		e.ncomp = (uint32_t)n;
		n = run_take(&r_prog, e.h, &p);
		if (pool_add(&ov->item_prog, p, n, sizeof(struct u_ref),
		        offsetof(struct u_ref, ref), sizeof(uint32_t),
		        &e.it.prog) != SCS_OK)
			return SCS_ENOMEM;
		e.nprog = (uint32_t)n;
		if (entry_put(&ov->items, &ov->titems, &e, sizeof(e)) != SCS_OK)
			return SCS_ENOMEM;
	}
	return SCS_OK;
}

int
scs_index_update_finish(struct scs_index_update *u, struct scs_index **out,
    struct scs_err *err)
{
	int rc;

	*out = NULL;
	/* Organizations first: subjects and items read what they became. */
	if ((rc = finish_orgs(u)) == SCS_OK &&
	    (rc = finish_subjects(u)) == SCS_OK)
		rc = finish_items(u);
	if (rc != SCS_OK) {
		scs_index_update_free(u);
		if (rc == SCS_ECONFLICT)
			return scs_err_set(err, rc, "index",
			    "an organization that existed changed country or "
			    "is gone");
		return scs_err_set(err, rc, "index",
		    "out of memory updating the index");
	}
	u->ix->narrow_exact = u->from->narrow_exact && !u->inexact;
	*out = u->ix;
	u->ix = NULL;
	scs_index_update_free(u);
	return SCS_OK;
}
