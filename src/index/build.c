/* SPDX-License-Identifier: Apache-2.0 */
/*
 * build.c - the index builder: records arrive in any order and are kept as
 * (owner handle, payload) pairs; the build counts entries per owner,
 * lays each pool out in owner order (a counting sort: linear, no
 * comparisons) and precomputes each item's accepted clearance authorities
 * and releasability masks (an alliance in releasable_to adds its members,
 * so the decision reads one mask whatever the item names).  No I/O, no
 * clock.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scs/index.h"
#include "index_int.h"

#define NONE        UINT32_MAX
#define MAX_AUTH    IX_MAX_AUTH
#define MAX_NATIONS IX_MAX_NATIONS

struct b_person {
	uint32_t subj, org;
};
struct b_nat {
	uint32_t subj;
	uint8_t nat;
};
struct b_org {
	uint32_t org;
	uint8_t nation, needs;
};
struct b_clr {
	uint32_t subj;
	struct ix_clr c;
};
struct b_brf {
	uint32_t subj;
	struct ix_brf b;
};
struct b_mem {
	uint32_t subj;
	struct ix_mem m;
};
struct b_sus {
	uint32_t subj;
	struct ix_sus s;
};
struct b_appr {
	uint32_t org;
	struct ix_appr a;
};
struct b_item {
	uint32_t item, owner;
	struct ix_item it;
	uint64_t rel[4]; /* releasable_to, alliances expanded; no owner */
};
struct b_ref {
	uint32_t item, ref;
};

struct scs_index_builder {
	const struct scs_refdata *rd;
	int inexact; /* a stored per-subject time outside the tick window */
	struct idmap subjects, item_ids, org_ids, comps, progs, nations;
	struct vec persons, nats, orgs, clr, brf, mem, sus, appr, items;
	struct vec item_comp, item_prog;
	uint8_t auth_nations[MAX_AUTH][8];
	uint8_t nauth_nations[MAX_AUTH];
	struct ix_alliance alliances[SCS_ALLIANCES_MAX];
	size_t nalliances;
};

static int
nation(struct scs_index_builder *b, const char *code, uint8_t *out)
{
	int32_t h = scs_idmap_intern(&b->nations, code);

	if (h < 0 || h >= MAX_NATIONS)
		return -1;
	*out = (uint8_t)h;
	return 0;
}

/* Intern each alliance's code and members: their handles and masks. */
static int
intern_alliances(struct scs_index_builder *b)
{
	const struct scs_refdata *rd = b->rd;
	size_t i, j;
	uint8_t h;

	for (i = 0; i < rd->nalliances && i < SCS_ALLIANCES_MAX; i++) {
		struct ix_alliance *a = &b->alliances[i];

		if (nation(b, rd->alliances[i].code, &a->h) != 0)
			return -1;
		for (j = 0; j < rd->alliances[i].nmembers; j++) {
			if (nation(b, rd->alliances[i].members[j], &h) != 0)
				return -1;
			a->members[h >> 6] |= 1ULL << (h & 63);
		}
		b->nalliances++;
	}
	return 0;
}

struct scs_index_builder *
scs_index_builder_new(const struct scs_refdata *rd)
{
	struct scs_index_builder *b;
	size_t i, j;

	if (rd->nauthorities > MAX_AUTH || (b = calloc(1, sizeof(*b))) == NULL)
		return NULL;
	b->rd = rd;
	for (i = 0; i < rd->nauthorities; i++)
		for (j = 0; j < rd->authorities[i].nnations && j < 8; j++) {
			if (nation(b, rd->authorities[i].nations[j],
			        &b->auth_nations[i][j]) != 0) {
				scs_index_builder_free(b);
				return NULL;
			}
			b->nauth_nations[i]++;
		}
	if (intern_alliances(b) != 0) {
		scs_index_builder_free(b);
		return NULL;
	}
	return b;
}

int
ix_alliances(struct scs_index *ix)
{
	const struct scs_refdata *rd = ix->rd;
	size_t i, j;
	int32_t h;

	memset(ix->alliances, 0, sizeof(ix->alliances));
	ix->nalliances = 0;
	for (i = 0; i < rd->nalliances && i < SCS_ALLIANCES_MAX; i++) {
		struct ix_alliance *a = &ix->alliances[i];
		const struct scs_alliance *r = &rd->alliances[i];

		h = scs_idmap_find(&ix->nations, r->code, strlen(r->code));
		if (h < 0 || h >= MAX_NATIONS)
			return -1;
		a->h = (uint8_t)h;
		for (j = 0; j < r->nmembers; j++) {
			h = scs_idmap_find(&ix->nations, r->members[j],
			    strlen(r->members[j]));
			if (h < 0 || h >= MAX_NATIONS)
				return -1;
			a->members[h >> 6] |= 1ULL << (h & 63);
		}
		ix->nalliances++;
	}
	return 0;
}

void
scs_index_builder_free(struct scs_index_builder *b)
{
	struct vec *v[] = {&b->persons, &b->nats, &b->orgs, &b->clr, &b->brf,
	    &b->mem, &b->sus, &b->appr, &b->items, &b->item_comp,
	    &b->item_prog};
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < SCS_NELEM(v); i++)
		free(v[i]->p);
	scs_idmap_free(&b->subjects);
	scs_idmap_free(&b->item_ids);
	scs_idmap_free(&b->org_ids);
	scs_idmap_free(&b->comps);
	scs_idmap_free(&b->progs);
	scs_idmap_free(&b->nations);
	free(b);
}

static int
push(struct vec *v, const void *e, size_t size)
{
	return scs_vec_push(v, e, size) == 0 ? SCS_OK : SCS_ENOMEM;
}

static int
handle(struct idmap *m, const char *id, uint32_t *out)
{
	int32_t h = scs_idmap_intern(m, id);

	if (h < 0)
		return SCS_ENOMEM;
	*out = (uint32_t)h;
	return SCS_OK;
}

int
scs_index_add_org(struct scs_index_builder *b, const struct scs_org *o)
{
	struct b_org e;

	memset(&e, 0, sizeof(e));
	if (handle(&b->org_ids, o->id, &e.org) != SCS_OK ||
	    nation(b, o->country, &e.nation) != 0)
		return SCS_ENOMEM;
	e.needs = o->type == SCS_ORG_CONTRACTOR || o->type == SCS_ORG_RESEARCH;
	return push(&b->orgs, &e, sizeof(e));
}

int
scs_index_add_person(struct scs_index_builder *b, const struct scs_person *p)
{
	struct b_person e;
	struct b_nat n;
	size_t i;

	memset(&n, 0, sizeof(n));
	if (handle(&b->subjects, p->id, &e.subj) != SCS_OK ||
	    handle(&b->org_ids, p->org, &e.org) != SCS_OK)
		return SCS_ENOMEM;
	n.subj = e.subj;
	for (i = 0; i < p->nnationalities; i++)
		if (nation(b, p->nationalities[i], &n.nat) != 0 ||
		    push(&b->nats, &n, sizeof(n)) != SCS_OK)
			return SCS_ENOMEM;
	return push(&b->persons, &e, sizeof(e));
}

/* Authority index and the rank of @level under it (index_int.h). */
int
ix_level(const struct scs_refdata *rd, const char *auth, const char *level,
    uint8_t *out_auth, uint8_t *out_rank, uint32_t *out_level)
{
	const struct scs_level *l = scs_refdata_level(rd, auth, level);

	if (l == NULL)
		return SCS_EINVAL;
	*out_auth = (uint8_t)l->authority;
	*out_rank = (uint8_t)l->rank;
	if (out_level != NULL)
		*out_level = (uint32_t)(l - rd->levels);
	return SCS_OK;
}

static int
add_clearance(struct scs_index_builder *b, const struct scs_clearance *r)
{
	struct b_clr e;

	memset(&e, 0, sizeof(e));
	if (ix_level(b->rd, r->authority, r->level, &e.c.auth, &e.c.rank,
	        NULL) != SCS_OK)
		return SCS_EINVAL;
	if (handle(&b->subjects, r->person, &e.subj) != SCS_OK)
		return SCS_ENOMEM;
	e.c.status = (uint8_t)r->status;
	e.c.from = ix_tick_noted(&b->inexact, r->valid_from);
	e.c.until = ix_tick_noted(&b->inexact, r->valid_until);
	return push(&b->clr, &e, sizeof(e));
}

static int
add_item(struct scs_index_builder *b, const struct scs_item *r)
{
	struct b_item e;
	struct b_ref ref;
	size_t i;

	memset(&e, 0, sizeof(e));
	if (ix_level(b->rd, r->authority, r->level, &e.it.auth, &e.it.rank,
	        &e.it.level) != SCS_OK)
		return SCS_EINVAL;
	if (handle(&b->item_ids, r->id, &e.item) != SCS_OK ||
	    handle(&b->org_ids, r->owner, &e.owner) != SCS_OK)
		return SCS_ENOMEM;
	e.it.from = r->valid_from;
	e.it.until = r->valid_until;
	e.it.declassified =
	    r->declassified ? r->declassified_at : SCS_TIME_NEVER;
	for (i = 0; i < r->nreleasable_to; i++) {
		uint8_t h;

		if (nation(b, r->releasable_to[i], &h) != 0)
			return SCS_ENOMEM;
		ix_rel_add(b->alliances, b->nalliances, e.rel, h);
	}
	ref.item = e.item;
	for (i = 0; i < r->ncompartments; i++)
		if (handle(&b->comps, r->compartments[i], &ref.ref) != SCS_OK ||
		    push(&b->item_comp, &ref, sizeof(ref)) != SCS_OK)
			return SCS_ENOMEM;
	for (i = 0; i < r->nprograms; i++)
		if (handle(&b->progs, r->programs[i], &ref.ref) != SCS_OK ||
		    push(&b->item_prog, &ref, sizeof(ref)) != SCS_OK)
			return SCS_ENOMEM;
	return push(&b->items, &e, sizeof(e));
}

static int
add_briefing(struct scs_index_builder *b, const struct scs_briefing *r)
{
	struct b_brf e;

	memset(&e, 0, sizeof(e));
	if (handle(&b->subjects, r->person, &e.subj) != SCS_OK ||
	    handle(&b->comps, r->compartment, &e.b.comp) != SCS_OK)
		return SCS_ENOMEM;
	if (e.b.comp >= IX_BRF_NDA)
		return SCS_ENOMEM; /* two billion compartments: not a register
		                    */
	e.b.from = ix_tick_noted(&b->inexact, r->valid_from);
	e.b.until = ix_tick_noted(&b->inexact, r->valid_until);
	e.b.nda = r->has_nda ? ix_tick_noted(&b->inexact, r->nda_signed)
	                     : IX_TICK_NEVER;
	if (r->has_nda)
		e.b.comp |= IX_BRF_NDA;
	return push(&b->brf, &e, sizeof(e));
}

static int
add_membership(struct scs_index_builder *b, const struct scs_membership *r)
{
	struct b_mem e;

	memset(&e, 0, sizeof(e));
	if (handle(&b->subjects, r->person, &e.subj) != SCS_OK ||
	    handle(&b->progs, r->program, &e.m.prog) != SCS_OK)
		return SCS_ENOMEM;
	e.m.from = ix_tick_noted(&b->inexact, r->valid_from);
	e.m.until = ix_tick_noted(&b->inexact, r->valid_until);
	return push(&b->mem, &e, sizeof(e));
}

static int
add_conforming(struct scs_index_builder *b, const struct scs_conforming *r)
{
	struct b_appr e;

	memset(&e, 0, sizeof(e));
	if (ix_level(b->rd, r->authority, r->level, &e.a.auth, &e.a.rank,
	        NULL) != SCS_OK)
		return SCS_EINVAL;
	if (handle(&b->org_ids, r->org, &e.org) != SCS_OK)
		return SCS_ENOMEM;
	e.a.organ = IX_ANY_ORGAN;
	if (r->organ[0] != '\0' &&
	    handle(&b->org_ids, r->organ, &e.a.organ) != SCS_OK)
		return SCS_ENOMEM;
	e.a.from = ix_tick_noted(&b->inexact, r->valid_from);
	e.a.until = ix_tick_noted(&b->inexact, r->valid_until);
	return push(&b->appr, &e, sizeof(e));
}

int
scs_index_add_rec(struct scs_index_builder *b, enum scs_kind kind,
    const void *rec)
{
	switch (kind) {
	case SCS_KIND_CLEARANCE:
		return add_clearance(b, rec);
	case SCS_KIND_ITEM:
		return add_item(b, rec);
	case SCS_KIND_BRIEFING:
		return add_briefing(b, rec);
	case SCS_KIND_MEMBERSHIP:
		return add_membership(b, rec);
	case SCS_KIND_CONFORMING:
		return add_conforming(b, rec);
	case SCS_KIND_SUSPENSION: {
		const struct scs_suspension *r = rec;
		struct b_sus e;

		memset(&e, 0, sizeof(e));
		if (handle(&b->subjects, r->person, &e.subj) != SCS_OK)
			return SCS_ENOMEM;
		e.s.from = ix_tick_noted(&b->inexact, r->valid_from);
		e.s.until = ix_tick_noted(&b->inexact, r->valid_until);
		return push(&b->sus, &e, sizeof(e));
	}
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		return SCS_OK; /* names only; references intern them */
	default:
		return SCS_EINVAL;
	}
}

/*
 * Lay out @v's payloads (at @poff, @psize bytes each) in key order, keys
 * below @nkeys.  offs[k] (stride @ostride bytes from @offs0) receives the
 * first entry of key k; offs[nkeys] the total.
 */
static int
csr(const struct vec *v, size_t esize, size_t poff, size_t psize, size_t nkeys,
    void **out_pool, uint32_t *offs0, size_t ostride)
{
	uint32_t *pos = calloc(nkeys + 1, sizeof(*pos));
	char *pool = malloc(v->n * psize + 1);
	const char *e = v->p;
	size_t i;
	uint32_t key, sum = 0, c;

	if (pos == NULL || pool == NULL) {
		free(pos);
		free(pool);
		return SCS_ENOMEM;
	}
	for (i = 0; i < v->n; i++) {
		memcpy(&key, e + i * esize, sizeof(key));
		pos[key]++;
	}
	for (i = 0; i <= nkeys; i++) {
		c = pos[i];
		pos[i] = sum;
		*(uint32_t *)(void *)((char *)offs0 + i * ostride) = sum;
		sum += c;
	}
	for (i = 0; i < v->n; i++) {
		memcpy(&key, e + i * esize, sizeof(key));
		memcpy(pool + (size_t)pos[key]++ * psize, e + i * esize + poff,
		    psize);
	}
	free(pos);
	*out_pool = pool;
	return SCS_OK;
}

#define SUBJ_OFF(ix, field)                                                    \
	((uint32_t *)(void *)((char *)(ix)->subj +                             \
	    offsetof(struct ix_subj, field)))

static int
build_subjects(struct scs_index_builder *b, struct scs_index *ix)
{
	const struct b_person *p = b->persons.p;
	void *pool;
	size_t i, n = ix->nsubj, st = sizeof(struct ix_subj);

	for (i = 0; i <= n; i++)
		ix->subj[i].org = NONE;
	/* A person whose employer has no record stays unknown. */
	for (i = 0; i < b->persons.n; i++)
		if (ix->orgs[p[i].org].present)
			ix->subj[p[i].subj].org = p[i].org;
	if (csr(&b->nats, sizeof(struct b_nat), offsetof(struct b_nat, nat), 1,
	        n, &pool, SUBJ_OFF(ix, nat), st) != SCS_OK)
		return SCS_ENOMEM;
	ix->nat = pool;
	if (csr(&b->clr, sizeof(struct b_clr), offsetof(struct b_clr, c),
	        sizeof(struct ix_clr), n, &pool, SUBJ_OFF(ix, clr),
	        st) != SCS_OK)
		return SCS_ENOMEM;
	ix->clr = pool;
	if (csr(&b->brf, sizeof(struct b_brf), offsetof(struct b_brf, b),
	        sizeof(struct ix_brf), n, &pool, SUBJ_OFF(ix, brf),
	        st) != SCS_OK)
		return SCS_ENOMEM;
	ix->brf = pool;
	if (csr(&b->mem, sizeof(struct b_mem), offsetof(struct b_mem, m),
	        sizeof(struct ix_mem), n, &pool, SUBJ_OFF(ix, mem),
	        st) != SCS_OK)
		return SCS_ENOMEM;
	ix->mem = pool;
	if (csr(&b->sus, sizeof(struct b_sus), offsetof(struct b_sus, s),
	        sizeof(struct ix_sus), n, &pool, SUBJ_OFF(ix, sus),
	        st) != SCS_OK)
		return SCS_ENOMEM;
	ix->sus = pool;
	return SCS_OK;
}

static int
build_orgs(struct scs_index_builder *b, struct scs_index *ix)
{
	const struct b_org *o = b->orgs.p;
	void *pool;
	size_t i;

	for (i = 0; i < b->orgs.n; i++) {
		ix->orgs[o[i].org].nation = o[i].nation;
		ix->orgs[o[i].org].needs_approval = o[i].needs;
		ix->orgs[o[i].org].present = 1;
	}
	if (csr(&b->appr, sizeof(struct b_appr), offsetof(struct b_appr, a),
	        sizeof(struct ix_appr), ix->norgs, &pool,
	        (uint32_t *)(void *)((char *)ix->orgs +
	            offsetof(struct ix_org, appr)),
	        sizeof(struct ix_org)) != SCS_OK)
		return SCS_ENOMEM;
	ix->appr = pool;
	return SCS_OK;
}

/* Which clearance authorities are candidates for an item (rule 5): the
 * same; one whose accepted_for names it; a foreign one (none of its
 * nations the owner's) when the item is releasable to one of its nations
 * (@rel: the releasable nations, an alliance's members with it, so a
 * USA clearance is a candidate for an item releasable to NATO, and a
 * NATO one too). */
uint64_t
ix_accepted(const struct scs_index *ix, uint8_t item_auth,
    const uint64_t rel[4], uint8_t owner_nation)
{
	const struct scs_refdata *rd = ix->rd;
	const char *code = rd->authorities[item_auth].code;
	uint64_t mask = 0;
	size_t a, j;

	for (a = 0; a < rd->nauthorities; a++) {
		int ok = a == item_auth, foreign = 1, r = 0;

		for (j = 0; !ok && j < rd->authorities[a].naccepted_for; j++)
			ok = strcmp(rd->authorities[a].accepted_for[j], code) ==
			    0;
		for (j = 0; !ok && j < ix->nauth_nations[a]; j++) {
			uint8_t h = ix->auth_nations[a][j];

			if (h == owner_nation)
				foreign = 0;
			r |= (int)((rel[h >> 6] >> (h & 63)) & 1);
		}
		if (ok || (foreign && r))
			mask |= 1ULL << a;
	}
	return mask;
}

static int
build_items(struct scs_index_builder *b, struct scs_index *ix)
{
	const struct b_item *e = b->items.p;
	void *pool;
	size_t i, k;

	for (i = 0; i < b->items.n; i++) {
		struct ix_item *it = &ix->items[e[i].item];
		uint8_t own = ix->orgs[e[i].owner].nation;

		*it = e[i].it;
		it->owner = e[i].owner;
		it->present = ix->orgs[e[i].owner].present; /* else unknown */
		for (k = 0; k < 4; k++)
			it->rel[k] = e[i].rel[k];
		it->rel[own >> 6] |= 1ULL << (own & 63);
		it->accept = ix_accepted(ix, e[i].it.auth, e[i].rel, own);
	}
	if (csr(&b->item_comp, sizeof(struct b_ref),
	        offsetof(struct b_ref, ref), sizeof(uint32_t), ix->nitems,
	        &pool,
	        (uint32_t *)(void *)((char *)ix->items +
	            offsetof(struct ix_item, comp)),
	        sizeof(struct ix_item)) != SCS_OK)
		return SCS_ENOMEM;
	ix->item_comp = pool;
	if (csr(&b->item_prog, sizeof(struct b_ref),
	        offsetof(struct b_ref, ref), sizeof(uint32_t), ix->nitems,
	        &pool,
	        (uint32_t *)(void *)((char *)ix->items +
	            offsetof(struct ix_item, prog)),
	        sizeof(struct ix_item)) != SCS_OK)
		return SCS_ENOMEM;
	ix->item_prog = pool;
	return SCS_OK;
}

int
scs_index_build(struct scs_index_builder *b, struct scs_index **out,
    struct scs_err *err)
{
	struct scs_index *ix = calloc(1, sizeof(*ix));
	int rc = SCS_ENOMEM;

	*out = NULL;
	if (ix == NULL)
		goto fail;
	ix->rd = b->rd;
	ix->narrow_exact = !b->inexact;
	if ((ix->share = malloc(sizeof(*ix->share))) == NULL)
		goto fail;
	atomic_init(&ix->share->refs, 1);
	memcpy(ix->auth_nations, b->auth_nations, sizeof(ix->auth_nations));
	memcpy(ix->nauth_nations, b->nauth_nations, sizeof(ix->nauth_nations));
	memcpy(ix->alliances, b->alliances, sizeof(ix->alliances));
	ix->nalliances = b->nalliances;
	ix->nsubj = b->subjects.n;
	ix->norgs = b->org_ids.n;
	ix->nitems = b->item_ids.n;
	ix->subj = calloc(ix->nsubj + 1, sizeof(*ix->subj));
	ix->orgs = calloc(ix->norgs + 1, sizeof(*ix->orgs));
	ix->items = calloc(ix->nitems + 1, sizeof(*ix->items));
	if (ix->subj == NULL || ix->orgs == NULL || ix->items == NULL ||
	    build_orgs(b, ix) != SCS_OK || build_subjects(b, ix) != SCS_OK ||
	    build_items(b, ix) != SCS_OK)
		goto fail;
	/* The maps move into the index; the builder keeps nothing. */
	ix->subjects = b->subjects;
	ix->item_ids = b->item_ids;
	ix->org_ids = b->org_ids;
	ix->comps = b->comps;
	ix->progs = b->progs;
	ix->nations = b->nations;
	memset(&b->subjects, 0, sizeof(b->subjects));
	memset(&b->item_ids, 0, sizeof(b->item_ids));
	memset(&b->org_ids, 0, sizeof(b->org_ids));
	memset(&b->comps, 0, sizeof(b->comps));
	memset(&b->progs, 0, sizeof(b->progs));
	memset(&b->nations, 0, sizeof(b->nations));
	scs_index_builder_free(b);
	*out = ix;
	return SCS_OK;
fail:
	scs_index_free(ix);
	scs_index_builder_free(b);
	return scs_err_set(err, rc, "index",
	    "out of memory building the index");
}
