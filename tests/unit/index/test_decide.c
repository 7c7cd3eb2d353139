/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_decide.c - unit tests for src/index/: the access decision of
 * DESIGN.md section 5 over an index built from plain records.  Each rule
 * and each reason code has a test arranged so that exactly that rule is
 * the first to fail; further tests hold the order of the rules, the
 * period semantics of section 11 (valid_from <= t < valid_until, bare
 * dates at 00:00Z, offsets, no end), the acceptance of clearances across
 * authorities, the label join, the id lookups and the statistics.  A
 * randomized test compares the engine with a deliberately naive reading of
 * section 5 (naive() below) that walks the record arrays with string
 * comparisons, rule by rule; every directed test asks that reading too.
 */
#include "helpers.h"

#include "scs/index.h"
#include "scs/refdata.h"
#include "scs/register.h"
#include "scs/time.h"

/* The reference tables of data/, loaded once for the group. */
static struct scs_refdata rd;

/* ---- times ----------------------------------------------------------- */

/* Unix seconds of an RFC 3339 time or a bare date. */
static int64_t
T(const char *s)
{
	struct scs_err err;
	int64_t t = 0;

	scs_err_clear(&err);
	if (scs_time_parse(s, strlen(s), "t", &t, &err) != SCS_OK)
		fail_msg("cannot parse time %s: %s", s, err.reason);
	return t;
}

#define NEVER  SCS_TIME_NEVER
#define NO_NDA INT64_MIN /* add_brf: a briefing without an NDA */
#define DAY    86400

#define Y25 T("2025-01-01")
#define Y30 T("2030-01-01")
#define T0  T("2026-01-01T12:00:00Z") /* when most tests ask */
#define P0  T("2026-03-01")           /* a period under test starts... */
#define P1  T("2026-04-01")           /* ...and ends */

/* ---- a register as plain record arrays -------------------------------- */

struct reg {
	size_t cap;
	struct scs_org *org;
	size_t norg;
	struct scs_person *per;
	size_t nper;
	struct scs_label *comp;
	size_t ncomp;
	struct scs_label *prog;
	size_t nprog;
	struct scs_clearance *clr;
	size_t nclr;
	struct scs_briefing *brf;
	size_t nbrf;
	struct scs_membership *mem;
	size_t nmem;
	struct scs_suspension *sus;
	size_t nsus;
	struct scs_conforming *conf;
	size_t nconf;
	struct scs_item *item;
	size_t nitem;
};

static struct reg *
reg_new(size_t cap)
{
	struct reg *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->cap = cap;
	r->org = calloc(cap, sizeof(*r->org));
	r->per = calloc(cap, sizeof(*r->per));
	r->comp = calloc(cap, sizeof(*r->comp));
	r->prog = calloc(cap, sizeof(*r->prog));
	r->clr = calloc(cap, sizeof(*r->clr));
	r->brf = calloc(cap, sizeof(*r->brf));
	r->mem = calloc(cap, sizeof(*r->mem));
	r->sus = calloc(cap, sizeof(*r->sus));
	r->conf = calloc(cap, sizeof(*r->conf));
	r->item = calloc(cap, sizeof(*r->item));
	assert_true(r->org && r->per && r->comp && r->prog && r->clr &&
	    r->brf && r->mem && r->sus && r->conf && r->item);
	return r;
}

static void
reg_free(struct reg *r)
{
	free(r->org);
	free(r->per);
	free(r->comp);
	free(r->prog);
	free(r->clr);
	free(r->brf);
	free(r->mem);
	free(r->sus);
	free(r->conf);
	free(r->item);
	free(r);
}

/* The next free record of an array, zeroed. */
static void *
next(const struct reg *r, void *arr, size_t *n, size_t size)
{
	void *p;

	if (*n >= r->cap)
		fail_msg("the test register holds at most %zu records", r->cap);
	p = (char *)arr + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

#define SET(dst, src) (void)snprintf((dst), sizeof(dst), "%s", (src))

/* Split the space-separated words of @s into rows of @width bytes. */
static size_t
split(char *out, size_t width, size_t max, const char *s)
{
	size_t n = 0, len;

	while (s != NULL && *s != '\0') {
		len = strcspn(s, " ");
		if (len > 0) {
			assert_true(n < max);
			assert_true(len < width);
			memcpy(out + n * width, s, len);
			out[n * width + len] = '\0';
			n++;
		}
		s += len;
		s += strspn(s, " ");
	}
	return n;
}

static struct scs_org *
add_org(struct reg *r, const char *id, enum scs_org_type type,
    const char *country)
{
	struct scs_org *o = next(r, r->org, &r->norg, sizeof(*o));

	SET(o->id, id);
	SET(o->name, id);
	o->type = type;
	SET(o->country, country);
	return o;
}

/* A person employed by @org with the nationalities @nats ("JPN USA"). */
static struct scs_person *
add_person(struct reg *r, const char *id, const char *org, const char *nats)
{
	struct scs_person *p = next(r, r->per, &r->nper, sizeof(*p));

	SET(p->id, id);
	SET(p->name, id);
	SET(p->name_latin, id);
	SET(p->birth_date, "1980-04-01");
	SET(p->org, org);
	p->nnationalities = split(&p->nationalities[0][0],
	    sizeof(p->nationalities[0]), SCS_NAT_MAX, nats);
	return p;
}

static void
set_nationalities(struct scs_person *p, const char *nats)
{
	p->nnationalities = split(&p->nationalities[0][0],
	    sizeof(p->nationalities[0]), SCS_NAT_MAX, nats);
}

static void
add_comp(struct reg *r, const char *id, const char *owner)
{
	struct scs_label *l = next(r, r->comp, &r->ncomp, sizeof(*l));

	SET(l->id, id);
	SET(l->name, id);
	SET(l->owner, owner);
}

static void
add_prog(struct reg *r, const char *id, const char *owner)
{
	struct scs_label *l = next(r, r->prog, &r->nprog, sizeof(*l));

	SET(l->id, id);
	SET(l->name, id);
	SET(l->owner, owner);
}

static struct scs_clearance *
add_clr(struct reg *r, const char *person, const char *auth, const char *level,
    enum scs_clearance_status status, int64_t from, int64_t until)
{
	struct scs_clearance *c = next(r, r->clr, &r->nclr, sizeof(*c));

	SET(c->person, person);
	SET(c->authority, auth);
	SET(c->level, level);
	c->status = status;
	c->valid_from = from;
	c->valid_until = until;
	return c;
}

/* A briefing with its NDA signed at @nda (NO_NDA: none). */
static struct scs_briefing *
add_brf(struct reg *r, const char *person, const char *comp, int64_t nda,
    int64_t from, int64_t until)
{
	struct scs_briefing *b = next(r, r->brf, &r->nbrf, sizeof(*b));

	SET(b->person, person);
	SET(b->compartment, comp);
	b->has_nda = nda != NO_NDA;
	b->nda_signed = nda != NO_NDA ? nda : 0;
	b->valid_from = from;
	b->valid_until = until;
	return b;
}

static struct scs_membership *
add_mem(struct reg *r, const char *program, const char *person, int64_t from,
    int64_t until)
{
	struct scs_membership *m = next(r, r->mem, &r->nmem, sizeof(*m));

	SET(m->program, program);
	SET(m->person, person);
	m->valid_from = from;
	m->valid_until = until;
	return m;
}

static struct scs_suspension *
add_sus(struct reg *r, const char *person, int64_t from, int64_t until)
{
	struct scs_suspension *s = next(r, r->sus, &r->nsus, sizeof(*s));

	SET(s->person, person);
	s->valid_from = from;
	s->valid_until = until;
	SET(s->reason, "incident");
	return s;
}

static struct scs_conforming *
add_conf(struct reg *r, const char *org, const char *auth, const char *level,
    int64_t from, int64_t until)
{
	struct scs_conforming *c = next(r, r->conf, &r->nconf, sizeof(*c));

	SET(c->org, org);
	SET(c->authority, auth);
	SET(c->level, level);
	c->valid_from = from;
	c->valid_until = until;
	return c;
}

/* An item; @comps, @rel and @progs are space-separated lists, @rel ""
 * meaning the owner's nation only. */
static struct scs_item *
add_item(struct reg *r, const char *id, const char *owner, const char *auth,
    const char *level, const char *comps, const char *rel, const char *progs,
    int64_t from, int64_t until)
{
	struct scs_item *it = next(r, r->item, &r->nitem, sizeof(*it));

	SET(it->id, id);
	SET(it->title, id);
	SET(it->owner, owner);
	it->field = SCS_FIELD_DEFENSE;
	SET(it->authority, auth);
	SET(it->level, level);
	it->ncompartments = split(&it->compartments[0][0],
	    sizeof(it->compartments[0]), SCS_LIST_MAX, comps);
	it->nreleasable_to = split(&it->releasable_to[0][0],
	    sizeof(it->releasable_to[0]), SCS_LIST_MAX, rel);
	it->nprograms = split(&it->programs[0][0], sizeof(it->programs[0]),
	    SCS_LIST_MAX, progs);
	it->valid_from = from;
	it->valid_until = until;
	return it;
}

static void
add(struct scs_index_builder *b, enum scs_kind kind, const void *rec)
{
	int rc = scs_index_add_rec(b, kind, rec);

	if (rc != SCS_OK)
		fail_msg("scs_index_add_rec(%s) = %d", scs_kind_name(kind), rc);
}

/* The index of @r.  @order 0 adds organizations and persons first, then
 * the records; 1 adds every array backwards, records before persons and
 * organizations (the builder takes them in any order). */
static struct scs_index *
build(const struct reg *r, int order)
{
	struct scs_index_builder *b = scs_index_builder_new(&rd);
	struct scs_index *ix = NULL;
	struct scs_err err;
	size_t i, k, n;

	assert_non_null(b);
	for (k = 0; k < 10; k++) {
		size_t which = order == 0 ? k : 9 - k;

		switch (which) {
		case 0:
			n = r->norg;
			break;
		case 1:
			n = r->nper;
			break;
		case 2:
			n = r->ncomp;
			break;
		case 3:
			n = r->nprog;
			break;
		case 4:
			n = r->nconf;
			break;
		case 5:
			n = r->nclr;
			break;
		case 6:
			n = r->nbrf;
			break;
		case 7:
			n = r->nmem;
			break;
		case 8:
			n = r->nsus;
			break;
		default:
			n = r->nitem;
			break;
		}
		for (i = 0; i < n; i++) {
			size_t j = order == 0 ? i : n - 1 - i;

			switch (which) {
			case 0:
				assert_int_equal(scs_index_add_org(b,
				                     &r->org[j]),
				    SCS_OK);
				break;
			case 1:
				assert_int_equal(scs_index_add_person(b,
				                     &r->per[j]),
				    SCS_OK);
				break;
			case 2:
				add(b, SCS_KIND_COMPARTMENT, &r->comp[j]);
				break;
			case 3:
				add(b, SCS_KIND_PROGRAM, &r->prog[j]);
				break;
			case 4:
				add(b, SCS_KIND_CONFORMING, &r->conf[j]);
				break;
			case 5:
				add(b, SCS_KIND_CLEARANCE, &r->clr[j]);
				break;
			case 6:
				add(b, SCS_KIND_BRIEFING, &r->brf[j]);
				break;
			case 7:
				add(b, SCS_KIND_MEMBERSHIP, &r->mem[j]);
				break;
			case 8:
				add(b, SCS_KIND_SUSPENSION, &r->sus[j]);
				break;
			default:
				add(b, SCS_KIND_ITEM, &r->item[j]);
				break;
			}
		}
	}
	scs_err_clear(&err);
	if (scs_index_build(b, &ix, &err) != SCS_OK)
		fail_msg("scs_index_build: %s: %s", err.field, err.reason);
	assert_non_null(ix);
	return ix;
}

/* The engine's answer for ids (unknown ids have handle -1). */
static enum scs_reason
engine(const struct scs_index *ix, const char *subject, const char *item,
    int64_t t)
{
	return scs_index_decide(ix,
	    scs_index_subject(ix, subject, strlen(subject)),
	    scs_index_item(ix, item, strlen(item)), t);
}

/* ---- section 5, read naively ------------------------------------------ */

static const struct scs_item *
find_item(const struct reg *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nitem; i++)
		if (strcmp(r->item[i].id, id) == 0)
			return &r->item[i];
	return NULL;
}

static const struct scs_person *
find_person(const struct reg *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nper; i++)
		if (strcmp(r->per[i].id, id) == 0)
			return &r->per[i];
	return NULL;
}

static const struct scs_org *
find_org(const struct reg *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->norg; i++)
		if (strcmp(r->org[i].id, id) == 0)
			return &r->org[i];
	return NULL;
}

/* The common rank of @level of @auth, from levels.csv. */
static int
rank_of(const char *auth, const char *level)
{
	const struct scs_level *l = scs_refdata_level(&rd, auth, level);

	if (l == NULL)
		fail_msg("no level %s of %s", level, auth);
	return l->rank;
}

/* "A period is valid at t iff valid_from <= t < valid_until." */
static bool
valid_at(int64_t valid_from, int64_t valid_until, int64_t t)
{
	return valid_from <= t && t < valid_until;
}

/* Whether @it is releasable to @nation: the nation is in its
 * releasable_to, or a member of an alliance named there (alliances.csv). */
static bool
releasable_to_nation(const struct scs_item *it, const char *nation)
{
	const struct scs_alliance *a;
	size_t j;

	for (j = 0; j < it->nreleasable_to; j++) {
		if (strcmp(it->releasable_to[j], nation) == 0)
			return true;
		a = scs_refdata_alliance(&rd, it->releasable_to[j]);
		if (a != NULL && scs_refdata_member(a, nation))
			return true;
	}
	return false;
}

/* Whether a clearance of authority @code is a candidate for @it, whose
 * owner organization is of nation @owner_nation (rule 5). */
static bool
candidate_authority(const char *code, const struct scs_item *it,
    const char *owner_nation)
{
	const struct scs_authority *a = scs_refdata_authority(&rd, code);
	bool foreign = true;
	size_t i;

	assert_non_null(a);
	/* the same authority */
	if (strcmp(code, it->authority) == 0)
		return true;
	/* one whose accepted_for names it */
	for (i = 0; i < a->naccepted_for; i++)
		if (strcmp(a->accepted_for[i], it->authority) == 0)
			return true;
	/* or a foreign authority (none of its nations is the owner
	 * organization's) when the item is releasable to one of its nations */
	for (i = 0; i < a->nnations; i++)
		if (strcmp(a->nations[i], owner_nation) == 0)
			foreign = false;
	if (!foreign)
		return false;
	for (i = 0; i < a->nnations; i++)
		if (releasable_to_nation(it, a->nations[i]))
			return true;
	return false;
}

static enum scs_reason
naive(const struct reg *r, const char *subject, const char *item, int64_t t)
{
	const struct scs_item *it;
	const struct scs_person *p;
	const struct scs_org *owner, *employer;
	bool any_candidate = false, any_usable = false, any_suspended = false;
	bool ok;
	int best = -1;
	size_t i, k;

	/* 1. The item is unknown: deny unknown_item. */
	it = find_item(r, item);
	if (it == NULL)
		return SCS_R_UNKNOWN_ITEM;
	/* 2. The item is not classified at t (outside its designation
	 * period, or declassified on or before t): allow, not_classified. */
	if (!valid_at(it->valid_from, it->valid_until, t) ||
	    (it->declassified && it->declassified_at <= t))
		return SCS_R_NOT_CLASSIFIED;
	/* 3. The subject is unknown: deny unknown_subject. */
	p = find_person(r, subject);
	if (p == NULL)
		return SCS_R_UNKNOWN_SUBJECT;
	/* 4. A suspension of the subject is valid at t: deny suspended. */
	for (i = 0; i < r->nsus; i++)
		if (strcmp(r->sus[i].person, subject) == 0 &&
		    valid_at(r->sus[i].valid_from, r->sus[i].valid_until, t))
			return SCS_R_SUSPENDED;
	/* 5. Candidate clearances... */
	owner = find_org(r, it->owner);
	assert_non_null(owner);
	for (i = 0; i < r->nclr; i++) {
		const struct scs_clearance *c = &r->clr[i];

		if (strcmp(c->person, subject) != 0 ||
		    !candidate_authority(c->authority, it, owner->country))
			continue;
		any_candidate = true;
		if ((c->status == SCS_CLR_ACTIVE ||
		        c->status == SCS_CLR_INTERIM) &&
		    valid_at(c->valid_from, c->valid_until, t)) {
			any_usable = true;
			if (rank_of(c->authority, c->level) > best)
				best = rank_of(c->authority, c->level);
		}
		if (c->status == SCS_CLR_SUSPENDED)
			any_suspended = true;
	}
	if (!any_candidate)
		return SCS_R_NOT_CLEARED;
	if (!any_usable)
		return any_suspended ? SCS_R_SUSPENDED : SCS_R_EXPIRED;
	if (best < rank_of(it->authority, it->level))
		return SCS_R_LEVEL;
	/* 6. A briefing (NDA signed, valid at t) into every compartment. */
	for (k = 0; k < it->ncompartments; k++) {
		ok = false;
		for (i = 0; i < r->nbrf; i++) {
			const struct scs_briefing *b = &r->brf[i];

			if (strcmp(b->person, subject) == 0 &&
			    strcmp(b->compartment, it->compartments[k]) == 0 &&
			    b->has_nda && b->nda_signed <= t &&
			    valid_at(b->valid_from, b->valid_until, t))
				ok = true;
		}
		if (!ok)
			return SCS_R_COMPARTMENT;
	}
	/* 7. A nationality of the owner's nation, in releasable_to, or of a
	 * member of an alliance that releasable_to names. */
	ok = false;
	for (i = 0; i < p->nnationalities; i++)
		if (strcmp(p->nationalities[i], owner->country) == 0 ||
		    releasable_to_nation(it, p->nationalities[i]))
			ok = true;
	if (!ok)
		return SCS_R_RELEASABILITY;
	/* 8. Need-to-know programs: a membership valid at t of one. */
	if (it->nprograms > 0) {
		ok = false;
		for (i = 0; i < r->nmem; i++)
			for (k = 0; k < it->nprograms; k++)
				if (strcmp(r->mem[i].person, subject) == 0 &&
				    strcmp(r->mem[i].program,
				        it->programs[k]) == 0 &&
				    valid_at(r->mem[i].valid_from,
				        r->mem[i].valid_until, t))
					ok = true;
		if (!ok)
			return SCS_R_NEED_TO_KNOW;
	}
	/* 9. A contractor or research institution holds an approval under
	 * the item's own authority, valid at t, at a rank at least the
	 * item's, granted by the item's owner (or by no organ recorded). */
	employer = find_org(r, p->org);
	assert_non_null(employer);
	if (employer->type == SCS_ORG_CONTRACTOR ||
	    employer->type == SCS_ORG_RESEARCH) {
		ok = false;
		for (i = 0; i < r->nconf; i++)
			if (strcmp(r->conf[i].org, employer->id) == 0 &&
			    (r->conf[i].organ[0] == '\0' ||
			        strcmp(r->conf[i].organ, it->owner) == 0) &&
			    strcmp(r->conf[i].authority, it->authority) == 0 &&
			    rank_of(r->conf[i].authority, r->conf[i].level) >=
			        rank_of(it->authority, it->level) &&
			    valid_at(r->conf[i].valid_from,
			        r->conf[i].valid_until, t))
				ok = true;
		if (!ok)
			return SCS_R_ORGANIZATION;
	}
	/* 10. Otherwise: allow. */
	return SCS_R_ALLOW;
}

/* ---- asserting a decision --------------------------------------------- */

static const char *
rname(enum scs_reason r)
{
	return r == SCS_R_ALLOW ? "allow" : scs_reason_name(r);
}

/* Both builds of @r and the naive reading answer @want. */
static void
check(const struct reg *r, const char *subject, const char *item, int64_t t,
    enum scs_reason want, int line)
{
	struct scs_index *ix0 = build(r, 0), *ix1 = build(r, 1);
	enum scs_reason got0 = engine(ix0, subject, item, t);
	enum scs_reason got1 = engine(ix1, subject, item, t);
	enum scs_reason model = naive(r, subject, item, t);
	char ts[SCS_TIME_STRMAX];

	scs_index_free(ix0);
	scs_index_free(ix1);
	if (t == NEVER || t < SCS_TIME_MIN || t >= SCS_TIME_MAX)
		(void)snprintf(ts, sizeof(ts), "%lld", (long long)t);
	else
		(void)scs_time_format(t, ts);
	if (got0 != want || got1 != want || model != want)
		fail_msg("line %d: decide(%s, %s, %s): want %s; engine %s "
		         "(records backwards: %s); naive reading %s",
		    line, subject, item, ts, rname(want), rname(got0),
		    rname(got1), rname(model));
}

#define CHECK(r, s, i, t, want) check((r), (s), (i), (t), (want), __LINE__)

/* @inside at from and until - 1, @outside one second either side. */
static void
check_period(const struct reg *r, int64_t from, int64_t until,
    enum scs_reason inside, enum scs_reason outside, int line)
{
	check(r, "p1", "doc", from - 1, outside, line);
	check(r, "p1", "doc", from, inside, line);
	check(r, "p1", "doc", from + 1, inside, line);
	check(r, "p1", "doc", until - 1, inside, line);
	check(r, "p1", "doc", until, outside, line);
	check(r, "p1", "doc", until + 1, outside, line);
}

#define CHECK_PERIOD(r, from, until, in, out)                                  \
	check_period((r), (from), (until), (in), (out), __LINE__)

/*
 * The baseline: p1, a Japanese national employed by the contractor acme
 * (approved for JPN-SDS TOKUTEI_HIMITSU), holds an active JPN-SDS clearance,
 * is briefed into ORCA (NDA signed) and a member of radar; doc is a JPN-SDS
 * TOKUTEI_HIMITSU (rank 3) item of the Ministry of Defense in compartment
 * ORCA, releasable to USA, program radar.  Everything runs 2025..2030, so
 * p1 may read doc at T0.  Tests change one thing.
 *   clr[0] p1's clearance   conf[0] acme's approval   item[0] doc
 *   brf[0] p1 into ORCA     mem[0] p1 in radar        per[0] p1
 */
static struct reg *
base(void)
{
	struct reg *r = reg_new(32);

	add_org(r, "mod", SCS_ORG_GOVERNMENT, "JPN");
	add_org(r, "acme", SCS_ORG_CONTRACTOR, "JPN");
	add_org(r, "uni", SCS_ORG_RESEARCH, "JPN");
	add_org(r, "dod", SCS_ORG_GOVERNMENT, "USA");
	add_org(r, "mod-uk", SCS_ORG_GOVERNMENT, "GBR");
	add_org(r, "jsb", SCS_ORG_SCREENING, "JPN");
	add_org(r, "nsa-us", SCS_ORG_PARTNER, "USA");
	add_comp(r, "ORCA", "mod");
	add_comp(r, "KITE", "mod");
	add_prog(r, "radar", "mod");
	add_prog(r, "sonar", "mod");
	add_person(r, "p1", "acme", "JPN");
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, Y25,
	    Y30);
	add_conf(r, "acme", "JPN-SDS", "TOKUTEI_HIMITSU", Y25, Y30);
	add_item(r, "doc", "mod", "JPN-SDS", "TOKUTEI_HIMITSU", "ORCA", "USA",
	    "radar", Y25, Y30);
	add_brf(r, "p1", "ORCA", Y25, Y25, NEVER);
	add_mem(r, "radar", "p1", Y25, NEVER);
	return r;
}

/* A plain item for cross-authority tests: no compartments or programs,
 * owned by mod, of @auth and @level, releasable to @rel. */
static void
plain_item(struct reg *r, const char *id, const char *auth, const char *level,
    const char *rel)
{
	add_item(r, id, "mod", auth, level, "", rel, "", Y25, Y30);
}

/* ---- reason codes ------------------------------------------------------ */

static void
test_reason_codes_have_the_names_relying_systems_see(void **state)
{
	static const char *const names[SCS_R_N] = {"", "not_classified",
	    "unknown_item", "unknown_subject", "suspended", "not_cleared",
	    "expired", "level", "compartment", "releasability", "need_to_know",
	    "organization"};
	int i;

	(void)state;
	for (i = 0; i < SCS_R_N; i++) {
		assert_string_equal(scs_reason_name((enum scs_reason)i),
		    names[i]);
		assert_int_equal(scs_reason_allows((enum scs_reason)i),
		    i == SCS_R_ALLOW || i == SCS_R_NOT_CLASSIFIED);
	}
}

/* ---- each rule, the first to fail ------------------------------------ */

static void
test_the_baseline_register_allows(void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule1_an_unknown_item_is_denied_unknown_item(void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "p1", "no-such-doc", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "p1", "do", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "p1", "", T0, SCS_R_UNKNOWN_ITEM);
	/* an organization, a compartment, a program or a person is no item */
	CHECK(r, "p1", "mod", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "p1", "ORCA", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "p1", "radar", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "p1", "p1", T0, SCS_R_UNKNOWN_ITEM);
	reg_free(r);
}

static void
test_rule2_an_item_outside_its_designation_is_allowed_not_classified(
    void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "p1", "doc", T("2024-06-01"), SCS_R_NOT_CLASSIFIED);
	CHECK(r, "p1", "doc", T("2031-06-01"), SCS_R_NOT_CLASSIFIED);
	reg_free(r);
}

static void
test_rule2_a_declassified_item_is_allowed_not_classified(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].declassified = true;
	r->item[0].declassified_at = T("2025-12-01");
	CHECK(r, "p1", "doc", T0, SCS_R_NOT_CLASSIFIED);
	CHECK(r, "p1", "doc", T("2025-11-30"), SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule3_an_unknown_subject_is_denied_unknown_subject(void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "nobody", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "p", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "p12", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	/* an organization or an item is no subject */
	CHECK(r, "acme", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "doc", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	reg_free(r);
}

static void
test_rule4_a_suspension_valid_at_t_is_denied_suspended(void **state)
{
	struct reg *r = base();

	(void)state;
	add_sus(r, "p1", T("2025-12-01"), T("2026-02-01"));
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	/* a suspension over or yet to come does not count */
	CHECK(r, "p1", "doc", T("2025-11-30"), SCS_R_ALLOW);
	CHECK(r, "p1", "doc", T("2026-02-02"), SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule4_another_persons_suspension_does_not_count(void **state)
{
	struct reg *r = base();

	(void)state;
	add_person(r, "p2", "mod", "JPN");
	add_sus(r, "p2", Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	CHECK(r, "p2", "doc", T0, SCS_R_SUSPENDED);
	reg_free(r);
}

static void
test_rule5_a_subject_without_clearance_is_not_cleared(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nclr = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_rule5_another_persons_clearance_does_not_count(void **state)
{
	struct reg *r = base();

	(void)state;
	SET(r->clr[0].person, "p2");
	add_person(r, "p2", "acme", "JPN");
	add_brf(r, "p2", "ORCA", Y25, Y25, NEVER);
	add_mem(r, "radar", "p2", Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_NOT_CLEARED);
	CHECK(r, "p2", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule5_clearances_only_under_unaccepted_authorities_are_not_cleared(
    void **state)
{
	struct reg *r = base();

	(void)state;
	/* JPN-CESI is not accepted for JPN-SDS; JPN-MOD is of the owner's
	 * nation and not accepted for it; GBR: doc is not releasable to GBR */
	SET(r->clr[0].authority, "JPN-CESI");
	SET(r->clr[0].level, "JUYO_KEIZAI_ANPO");
	add_clr(r, "p1", "JPN-MOD", "KIMITSU", SCS_CLR_ACTIVE, Y25, Y30);
	add_clr(r, "p1", "GBR", "TOP_SECRET", SCS_CLR_ACTIVE, Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_rule5_revoked_expired_and_ended_clearances_are_expired(void **state)
{
	static const enum scs_clearance_status dead[] = {SCS_CLR_REVOKED,
	    SCS_CLR_EXPIRED, SCS_CLR_ENDED};
	struct reg *r = base();
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(dead); i++) {
		r->clr[0].status = dead[i];
		CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	}
	/* several, none usable, none suspended: still expired */
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_REVOKED, Y25,
	    Y30);
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_ENDED, Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_rule5_an_active_clearance_outside_its_period_is_expired(void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].valid_until = T("2025-12-31");
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	r->clr[0].valid_from = T("2026-06-01");
	r->clr[0].valid_until = Y30;
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_rule5_a_suspended_clearance_is_denied_suspended(void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].status = SCS_CLR_SUSPENDED;
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	/* one suspended among unusable ones makes it suspended */
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_REVOKED, Y25,
	    Y30);
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, Y25,
	    T("2025-06-01"));
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	reg_free(r);
}

/* The reading tested: "suspended if one is suspended" looks at the status,
 * as the list of statuses in section 3 does, whatever its period. */
static void
test_rule5_a_suspended_status_counts_even_outside_its_period(void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].status = SCS_CLR_SUSPENDED;
	r->clr[0].valid_until = T("2025-06-01");
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_EXPIRED, Y25,
	    Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	reg_free(r);
}

static void
test_rule5_a_suspended_clearance_that_is_no_candidate_does_not_count(
    void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].status = SCS_CLR_REVOKED;
	add_clr(r, "p1", "JPN-MOD", "KIMITSU", SCS_CLR_SUSPENDED, Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_rule5_a_usable_clearance_wins_over_a_suspended_one(void **state)
{
	struct reg *r = base();

	(void)state;
	add_clr(r, "p1", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_SUSPENDED, Y25,
	    Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule5_an_interim_clearance_is_usable(void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].status = SCS_CLR_INTERIM;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	r->clr[0].valid_until = T("2025-12-01");
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_rule5_a_clearance_below_the_item_level_is_denied_level(void **state)
{
	struct reg *r = base();

	(void)state;
	/* a JPN-MOD KIMITSU (rank 4) item; GOKUHI is rank 3 */
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "KIMITSU");
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "GOKUHI");
	CHECK(r, "p1", "doc", T0, SCS_R_LEVEL);
	reg_free(r);
}

static void
test_rule5_the_highest_rank_among_usable_clearances_decides(void **state)
{
	struct reg *r = base();

	(void)state;
	/* a JPN-MOD GOKUHI (rank 3) item, acme approved for it */
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "GOKUHI");
	SET(r->conf[0].authority, "JPN-MOD");
	SET(r->conf[0].level, "GOKUHI");
	/* HI (rank 2) too low, listed first; KIMITSU (rank 4) enough */
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "HI");
	CHECK(r, "p1", "doc", T0, SCS_R_LEVEL);
	add_clr(r, "p1", "JPN-MOD", "KIMITSU", SCS_CLR_ACTIVE, Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	/* the other way round */
	SET(r->clr[0].level, "KIMITSU");
	SET(r->clr[1].level, "HI");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	/* an equal rank is enough */
	SET(r->clr[0].level, "GOKUHI");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule5_an_unusable_higher_clearance_does_not_lift_the_level(void **state)
{
	static const enum scs_clearance_status dead[] = {SCS_CLR_SUSPENDED,
	    SCS_CLR_REVOKED, SCS_CLR_EXPIRED, SCS_CLR_ENDED};
	struct reg *r = base();
	size_t i;

	(void)state;
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "GOKUHI");
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "HI");
	add_clr(r, "p1", "JPN-MOD", "KIMITSU", SCS_CLR_ACTIVE, Y25, Y30);
	for (i = 0; i < SCS_NELEM(dead); i++) {
		r->clr[1].status = dead[i];
		CHECK(r, "p1", "doc", T0, SCS_R_LEVEL);
	}
	r->clr[1].status = SCS_CLR_ACTIVE;
	r->clr[1].valid_until = T("2025-12-01");
	CHECK(r, "p1", "doc", T0, SCS_R_LEVEL);
	reg_free(r);
}

static void
test_rule6_a_missing_briefing_is_denied_compartment(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nbrf = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	/* a briefing into another compartment does not count */
	add_brf(r, "p1", "KITE", Y25, Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	/* nor another person's */
	add_person(r, "p2", "mod", "JPN");
	add_brf(r, "p2", "ORCA", Y25, Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	reg_free(r);
}

static void
test_rule6_a_briefing_without_an_nda_does_not_count(void **state)
{
	struct reg *r = base();

	(void)state;
	r->brf[0].has_nda = false;
	r->brf[0].nda_signed = Y25; /* a date with has_nda false: no NDA */
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	reg_free(r);
}

/* The reading tested: "NDA signed" at t means signed at or before t. */
static void
test_rule6_an_nda_signed_after_t_does_not_count(void **state)
{
	struct reg *r = base();

	(void)state;
	r->brf[0].nda_signed = T0 + 1;
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	CHECK(r, "p1", "doc", T0 + 1, SCS_R_ALLOW);
	r->brf[0].nda_signed = T0;
	CHECK(r, "p1", "doc", T0 - 1, SCS_R_COMPARTMENT);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule6_every_compartment_of_the_item_needs_a_briefing(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].ncompartments = split(&r->item[0].compartments[0][0],
	    sizeof(r->item[0].compartments[0]), SCS_LIST_MAX, "ORCA KITE");
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	add_brf(r, "p1", "KITE", NO_NDA, Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	add_brf(r, "p1", "KITE", T("2025-02-01"), Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	/* briefed into KITE only */
	r->brf[0].valid_until = T("2025-06-01");
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	reg_free(r);
}

static void
test_rule6_an_item_without_compartments_needs_no_briefing(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].ncompartments = 0;
	r->nbrf = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule7_a_national_of_no_releasable_nation_is_denied_releasability(
    void **state)
{
	struct reg *r = base();

	(void)state;
	set_nationalities(&r->per[0], "GBR");
	CHECK(r, "p1", "doc", T0, SCS_R_RELEASABILITY);
	set_nationalities(&r->per[0], "GBR AUS DEU");
	CHECK(r, "p1", "doc", T0, SCS_R_RELEASABILITY);
	reg_free(r);
}

static void
test_rule7_the_owner_nation_is_always_releasable(void **state)
{
	struct reg *r = base();

	(void)state;
	/* NOFORN, and a list without the owner's nation */
	r->item[0].nreleasable_to = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	r->item[0].nreleasable_to = split(&r->item[0].releasable_to[0][0],
	    sizeof(r->item[0].releasable_to[0]), SCS_LIST_MAX, "GBR AUS");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule7_a_nation_in_releasable_to_passes(void **state)
{
	struct reg *r = base();

	(void)state;
	set_nationalities(&r->per[0], "USA");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	r->item[0].nreleasable_to = split(&r->item[0].releasable_to[0][0],
	    sizeof(r->item[0].releasable_to[0]), SCS_LIST_MAX, "GBR USA AUS");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule7_a_dual_national_passes_if_one_nationality_matches(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].nreleasable_to = 0; /* NOFORN */
	set_nationalities(&r->per[0], "GBR JPN");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	set_nationalities(&r->per[0], "GBR USA");
	CHECK(r, "p1", "doc", T0, SCS_R_RELEASABILITY);
	r->item[0].nreleasable_to = split(&r->item[0].releasable_to[0][0],
	    sizeof(r->item[0].releasable_to[0]), SCS_LIST_MAX, "USA");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule7_a_us_national_with_an_sds_clearance_on_a_noforn_item_is_denied(
    void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].nreleasable_to = 0;
	set_nationalities(&r->per[0], "USA");
	CHECK(r, "p1", "doc", T0, SCS_R_RELEASABILITY);
	reg_free(r);
}

static void
test_rule8_an_item_without_programs_needs_no_membership(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].nprograms = 0;
	r->nmem = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule8_no_membership_is_denied_need_to_know(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nmem = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_NEED_TO_KNOW);
	/* a membership of another program does not count, nor another's */
	add_mem(r, "sonar", "p1", Y25, NEVER);
	add_person(r, "p2", "mod", "JPN");
	add_mem(r, "radar", "p2", Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_NEED_TO_KNOW);
	reg_free(r);
}

static void
test_rule8_membership_in_one_of_several_programs_suffices(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].nprograms = split(&r->item[0].programs[0][0],
	    sizeof(r->item[0].programs[0]), SCS_LIST_MAX, "sonar radar");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	SET(r->mem[0].program, "sonar");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule8_an_expired_membership_is_denied_need_to_know(void **state)
{
	struct reg *r = base();

	(void)state;
	r->mem[0].valid_until = T("2025-12-01");
	CHECK(r, "p1", "doc", T0, SCS_R_NEED_TO_KNOW);
	reg_free(r);
}

static void
test_rule9_a_government_employee_needs_no_approval(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nconf = 0;
	SET(r->per[0].org, "mod");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule9_screening_bodies_and_partners_need_no_approval(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nconf = 0;
	SET(r->per[0].org, "jsb");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	SET(r->per[0].org, "nsa-us");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule9_a_contractor_without_approval_is_denied_organization(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nconf = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	/* another organization's approval does not count */
	add_org(r, "other", SCS_ORG_CONTRACTOR, "JPN");
	add_conf(r, "other", "JPN-SDS", "TOKUTEI_HIMITSU", Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	reg_free(r);
}

/* The reading of docs/access-decision.md: an approval counts for the items
 * of the organ that granted it; one recorded without its organ (legacy
 * data) counts for any organ's. */
static void
test_rule9_an_approval_of_another_organ_is_denied_organization(void **state)
{
	struct reg *r = base();

	(void)state;
	add_org(r, "meti", SCS_ORG_GOVERNMENT, "JPN");
	SET(r->conf[0].organ, "");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	SET(r->conf[0].organ, r->item[0].owner);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	SET(r->conf[0].organ, "meti");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	/* meti's approval and the owner's together: the owner's counts */
	add_conf(r, "acme", r->conf[0].authority, r->conf[0].level, Y25, Y30)
	    ->organ[0] = '\0';
	SET(r->conf[1].organ, r->item[0].owner);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* The reading tested: "under the item's own authority" admits no
 * accepted_for: an SDS approval does not cover a CESI item. */
static void
test_rule9_an_approval_under_another_authority_is_denied_organization(
    void **state)
{
	struct reg *r = base();

	(void)state;
	SET(r->conf[0].authority, "JPN-MOD");
	SET(r->conf[0].level, "KIMITSU");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	SET(r->conf[0].authority, "JPN-CESI");
	SET(r->conf[0].level, "JUYO_KEIZAI_ANPO");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	/* a CESI item: acme holds only an SDS approval */
	plain_item(r, "cesi", "JPN-CESI", "JUYO_KEIZAI_ANPO", "");
	SET(r->conf[0].authority, "JPN-SDS");
	SET(r->conf[0].level, "TOKUTEI_HIMITSU");
	CHECK(r, "p1", "cesi", T0, SCS_R_ORGANIZATION);
	add_conf(r, "acme", "JPN-CESI", "JUYO_KEIZAI_ANPO", Y25, Y30);
	CHECK(r, "p1", "cesi", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule9_an_approval_below_the_item_rank_is_denied_organization(void **state)
{
	struct reg *r = base();

	(void)state;
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "GOKUHI");
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "GOKUHI");
	SET(r->conf[0].authority, "JPN-MOD");
	SET(r->conf[0].level, "HI");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	SET(r->conf[0].level, "GOKUHI");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	SET(r->conf[0].level, "KIMITSU");
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule9_an_approval_valid_at_t_allows_and_only_then(void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	r->conf[0].valid_until = T("2025-12-01");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	add_conf(r, "acme", "JPN-SDS", "TOKUTEI_HIMITSU", T("2026-06-01"),
	    NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	CHECK(r, "p1", "doc", T("2026-06-01"), SCS_R_ALLOW);
	reg_free(r);
}

static void
test_rule9_a_research_institution_is_treated_like_a_contractor(void **state)
{
	struct reg *r = base();

	(void)state;
	SET(r->per[0].org, "uni");
	CHECK(r, "p1", "doc", T0, SCS_R_ORGANIZATION);
	add_conf(r, "uni", "JPN-SDS", "TOKUTEI_HIMITSU", Y25, Y30);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* ---- the order of the rules ------------------------------------------- */

static void
test_order_an_unknown_item_with_an_unknown_subject_is_unknown_item(void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "nobody", "nothing", T0, SCS_R_UNKNOWN_ITEM);
	reg_free(r);
}

static void
test_order_a_not_classified_item_with_an_unknown_subject_is_allowed(
    void **state)
{
	struct reg *r = base();

	(void)state;
	CHECK(r, "nobody", "doc", T("2024-01-01"), SCS_R_NOT_CLASSIFIED);
	r->item[0].declassified = true;
	r->item[0].declassified_at = T("2025-06-01");
	CHECK(r, "nobody", "doc", T0, SCS_R_NOT_CLASSIFIED);
	reg_free(r);
}

static void
test_order_a_not_classified_item_is_allowed_to_anyone_known(void **state)
{
	struct reg *r = base();

	(void)state;
	/* suspended, no clearance, no briefing, foreign, no membership, an
	 * unapproved contractor: rule 2 answers first */
	add_person(r, "p2", "acme", "GBR");
	add_sus(r, "p2", Y25, NEVER);
	r->item[0].declassified = true;
	r->item[0].declassified_at = T("2025-06-01");
	r->nconf = 0;
	CHECK(r, "p2", "doc", T0, SCS_R_NOT_CLASSIFIED);
	reg_free(r);
}

static void
test_order_a_suspended_subject_without_clearance_is_suspended(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nclr = 0;
	add_sus(r, "p1", Y25, NEVER);
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	reg_free(r);
}

static void
test_order_a_suspension_comes_before_an_expired_or_low_clearance(void **state)
{
	struct reg *r = base();

	(void)state;
	add_sus(r, "p1", Y25, NEVER);
	r->clr[0].status = SCS_CLR_REVOKED;
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "KIMITSU");
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "HI");
	r->clr[0].status = SCS_CLR_ACTIVE;
	CHECK(r, "p1", "doc", T0, SCS_R_SUSPENDED);
	reg_free(r);
}

static void
test_order_level_comes_before_compartment(void **state)
{
	struct reg *r = base();

	(void)state;
	SET(r->item[0].authority, "JPN-MOD");
	SET(r->item[0].level, "KIMITSU");
	SET(r->clr[0].authority, "JPN-MOD");
	SET(r->clr[0].level, "GOKUHI");
	r->nbrf = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_LEVEL);
	reg_free(r);
}

static void
test_order_not_cleared_and_expired_come_before_compartment(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nbrf = 0;
	r->clr[0].status = SCS_CLR_ENDED;
	CHECK(r, "p1", "doc", T0, SCS_R_EXPIRED);
	r->nclr = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_order_compartment_comes_before_releasability(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nbrf = 0;
	set_nationalities(&r->per[0], "GBR");
	CHECK(r, "p1", "doc", T0, SCS_R_COMPARTMENT);
	reg_free(r);
}

static void
test_order_releasability_comes_before_need_to_know(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nmem = 0;
	set_nationalities(&r->per[0], "GBR");
	CHECK(r, "p1", "doc", T0, SCS_R_RELEASABILITY);
	reg_free(r);
}

static void
test_order_need_to_know_comes_before_organization(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nmem = 0;
	r->nconf = 0;
	CHECK(r, "p1", "doc", T0, SCS_R_NEED_TO_KNOW);
	reg_free(r);
}

/* A subject failing rules 4 to 9 at once; each fix reveals the next. */
static void
test_order_the_rules_apply_in_order_one_fix_at_a_time(void **state)
{
	struct reg *r = base();

	(void)state;
	r->nclr = r->nbrf = r->nmem = r->nconf = 0;
	add_person(r, "q", "acme", "GBR");
	add_sus(r, "q", Y25, NEVER);
	add_clr(r, "q", "JPN-CESI", "JUYO_KEIZAI_ANPO", SCS_CLR_ACTIVE, Y25,
	    Y30);
	r->item[0].declassified = true;
	r->item[0].declassified_at = T0;
	CHECK(r, "q", "doc2", T0, SCS_R_UNKNOWN_ITEM);
	CHECK(r, "q", "doc", T0, SCS_R_NOT_CLASSIFIED);
	r->item[0].declassified = false;
	CHECK(r, "nobody", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "q", "doc", T0, SCS_R_SUSPENDED);
	r->sus[0].valid_until = T("2025-02-01");
	CHECK(r, "q", "doc", T0, SCS_R_NOT_CLEARED);
	add_clr(r, "q", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_REVOKED, Y25,
	    Y30);
	CHECK(r, "q", "doc", T0, SCS_R_EXPIRED);
	r->clr[1].status = SCS_CLR_SUSPENDED;
	CHECK(r, "q", "doc", T0, SCS_R_SUSPENDED);
	r->clr[1].status = SCS_CLR_REVOKED;
	add_clr(r, "q", "USA", "CONFIDENTIAL", SCS_CLR_ACTIVE, Y25, Y30);
	CHECK(r, "q", "doc", T0, SCS_R_LEVEL);
	r->clr[1].status = SCS_CLR_ACTIVE;
	CHECK(r, "q", "doc", T0, SCS_R_COMPARTMENT);
	add_brf(r, "q", "ORCA", Y25, Y25, NEVER);
	CHECK(r, "q", "doc", T0, SCS_R_RELEASABILITY);
	set_nationalities(&r->per[1], "GBR USA");
	CHECK(r, "q", "doc", T0, SCS_R_NEED_TO_KNOW);
	add_mem(r, "radar", "q", Y25, NEVER);
	CHECK(r, "q", "doc", T0, SCS_R_ORGANIZATION);
	add_conf(r, "acme", "JPN-SDS", "TOKUTEI_HIMITSU", Y25, Y30);
	CHECK(r, "q", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* ---- periods: valid_from <= t < valid_until ------------------------- */

static void
test_period_item_designation_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	r->item[0].valid_from = P0;
	r->item[0].valid_until = P1;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_NOT_CLASSIFIED);
	reg_free(r);
}

static void
test_period_an_item_declassified_at_t_is_not_classified_at_t(void **state)
{
	struct reg *r = base();
	int64_t d = T("2026-06-01T08:30:00Z");

	(void)state;
	r->item[0].declassified = true;
	r->item[0].declassified_at = d;
	CHECK(r, "p1", "doc", d - 1, SCS_R_ALLOW);
	CHECK(r, "p1", "doc", d, SCS_R_NOT_CLASSIFIED);
	CHECK(r, "p1", "doc", d + 1, SCS_R_NOT_CLASSIFIED);
	/* a declassified flag alone decides: no date without it */
	r->item[0].declassified = false;
	CHECK(r, "p1", "doc", d + 1, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_period_clearance_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	r->clr[0].valid_from = P0;
	r->clr[0].valid_until = P1;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_EXPIRED);
	r->clr[0].status = SCS_CLR_INTERIM;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_period_suspension_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	add_sus(r, "p1", P0, P1);
	CHECK_PERIOD(r, P0, P1, SCS_R_SUSPENDED, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_period_briefing_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	r->brf[0].valid_from = P0;
	r->brf[0].valid_until = P1;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_COMPARTMENT);
	reg_free(r);
}

static void
test_period_membership_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	r->mem[0].valid_from = P0;
	r->mem[0].valid_until = P1;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_NEED_TO_KNOW);
	reg_free(r);
}

static void
test_period_conforming_approval_from_inclusive_until_exclusive(void **state)
{
	struct reg *r = base();

	(void)state;
	r->conf[0].valid_from = P0;
	r->conf[0].valid_until = P1;
	CHECK_PERIOD(r, P0, P1, SCS_R_ALLOW, SCS_R_ORGANIZATION);
	reg_free(r);
}

static void
test_period_a_bare_date_means_midnight_utc(void **state)
{
	struct reg *r = base();

	(void)state;
	assert_int_equal(T("2026-01-10"), T("2026-01-10T00:00:00Z"));
	assert_int_equal(T("2026-01-10"), 1768003200);
	assert_int_equal(T("2026-01-10") - 1, T("2026-01-09T23:59:59Z"));
	r->clr[0].valid_from = T("2026-01-10");
	r->clr[0].valid_until = T("2026-02-10");
	CHECK(r, "p1", "doc", T("2026-01-09T23:59:59Z"), SCS_R_EXPIRED);
	CHECK(r, "p1", "doc", T("2026-01-10T00:00:00Z"), SCS_R_ALLOW);
	CHECK(r, "p1", "doc", T("2026-02-09T23:59:59Z"), SCS_R_ALLOW);
	CHECK(r, "p1", "doc", T("2026-02-10T00:00:00Z"), SCS_R_EXPIRED);
	reg_free(r);
}

static void
test_period_an_rfc3339_offset_converts_to_utc(void **state)
{
	struct reg *r = base();

	(void)state;
	assert_int_equal(T("2026-01-10T09:00:00+09:00"), T("2026-01-10"));
	assert_int_equal(T("2026-01-10T08:59:59+09:00"),
	    T("2026-01-09T23:59:59Z"));
	assert_int_equal(T("2026-01-09T19:00:00-05:00"), T("2026-01-10"));
	assert_int_equal(T("2026-01-10T00:00:00.999Z"), T("2026-01-10"));
	/* a suspension from 09:00 Tokyo time is in force at 00:00Z */
	add_sus(r, "p1", T("2026-01-10T09:00:00+09:00"),
	    T("2026-01-11T09:00:00+09:00"));
	CHECK(r, "p1", "doc", T("2026-01-09T23:59:59Z"), SCS_R_ALLOW);
	CHECK(r, "p1", "doc", T("2026-01-10"), SCS_R_SUSPENDED);
	CHECK(r, "p1", "doc", T("2026-01-11T08:59:59+09:00"), SCS_R_SUSPENDED);
	CHECK(r, "p1", "doc", T("2026-01-11"), SCS_R_ALLOW);
	reg_free(r);
}

static void
test_period_never_never_ends(void **state)
{
	struct reg *r = base();
	const int64_t far[] = {T("2199-12-31T23:59:59Z"), SCS_TIME_MAX,
	    INT64_MAX - 1};
	size_t i;

	(void)state;
	r->item[0].valid_until = NEVER;
	r->clr[0].valid_until = NEVER;
	r->conf[0].valid_until = NEVER;
	for (i = 0; i < SCS_NELEM(far); i++)
		CHECK(r, "p1", "doc", far[i], SCS_R_ALLOW);
	add_sus(r, "p1", T("2027-01-01"), NEVER);
	for (i = 0; i < SCS_NELEM(far); i++)
		CHECK(r, "p1", "doc", far[i], SCS_R_SUSPENDED);
	CHECK(r, "p1", "doc", T("2026-12-31T23:59:59Z"), SCS_R_ALLOW);
	reg_free(r);
}

/* ---- rule 5 across authorities ---------------------------------------- */

/* A government employee of @org and @nats holding one clearance. */
static void
cleared(struct reg *r, const char *id, const char *org, const char *nats,
    const char *auth, const char *level)
{
	add_person(r, id, org, nats);
	add_clr(r, id, auth, level, SCS_CLR_ACTIVE, Y25, Y30);
}

static void
test_cross_an_sds_clearance_covers_a_cesi_item(void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "cesi", "JPN-CESI", "JUYO_KEIZAI_ANPO", "");
	cleared(r, "s", "mod", "JPN", "JPN-SDS", "TOKUTEI_HIMITSU");
	CHECK(r, "s", "cesi", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_cross_a_cesi_clearance_does_not_cover_an_sds_item(void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "USA");
	cleared(r, "c", "mod", "JPN", "JPN-CESI", "JUYO_KEIZAI_ANPO");
	CHECK(r, "c", "sds", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_cross_a_usa_secret_clearance_covers_a_jpn_item_releasable_to_usa(
    void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "USA");
	cleared(r, "u", "dod", "USA", "USA", "SECRET");
	CHECK(r, "u", "sds", T0, SCS_R_ALLOW);
	SET(r->clr[1].level, "TOP_SECRET");
	CHECK(r, "u", "sds", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_cross_a_usa_confidential_clearance_on_a_rank3_jpn_item_is_level(
    void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "USA");
	cleared(r, "u", "dod", "USA", "USA", "CONFIDENTIAL");
	CHECK(r, "u", "sds", T0, SCS_R_LEVEL);
	reg_free(r);
}

static void
test_cross_a_usa_clearance_on_a_noforn_jpn_item_is_not_cleared(void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "");
	cleared(r, "u", "dod", "USA", "USA", "TOP_SECRET");
	CHECK(r, "u", "sds", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_cross_a_usa_clearance_on_an_item_releasable_only_to_gbr_is_not_cleared(
    void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "GBR");
	cleared(r, "u", "dod", "USA", "USA", "TOP_SECRET");
	CHECK(r, "u", "sds", T0, SCS_R_NOT_CLEARED);
	/* a GBR clearance is a candidate there */
	cleared(r, "g", "mod-uk", "GBR", "GBR", "SECRET");
	CHECK(r, "g", "sds", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* "NATO" in releasable_to makes a NATO clearance a candidate (rule 5) and
 * admits the nationals of NATO's members (rule 7): a USA national holding
 * the NATO clearance may read, a Korean one may not. */
static void
test_cross_a_nato_clearance_is_a_candidate_for_an_item_releasable_to_nato(
    void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "NATO");
	cleared(r, "n", "mod", "JPN", "NATO", "NATO_SECRET");
	CHECK(r, "n", "sds", T0, SCS_R_ALLOW);
	SET(r->clr[1].level, "NATO_CONFIDENTIAL");
	CHECK(r, "n", "sds", T0, SCS_R_LEVEL);
	SET(r->clr[1].level, "COSMIC_TOP_SECRET");
	set_nationalities(&r->per[1], "USA");
	CHECK(r, "n", "sds", T0, SCS_R_ALLOW);
	set_nationalities(&r->per[1], "KOR");
	CHECK(r, "n", "sds", T0, SCS_R_RELEASABILITY);
	/* not releasable to NATO: no candidate */
	plain_item(r, "sds-us", "JPN-SDS", "TOKUTEI_HIMITSU", "USA");
	CHECK(r, "n", "sds-us", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

/* Rule 5 reads releasability as rule 7 does: an item releasable to an
 * alliance is releasable to each member, so a member's own clearance is
 * a candidate (a USA SECRET clearance for a Japanese item releasable to
 * NATO), a non-member's is not. */
static void
test_cross_a_member_clearance_is_a_candidate_for_an_item_releasable_to_its_alliance(
    void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "NATO");
	cleared(r, "u", "dod", "USA", "USA", "SECRET");
	CHECK(r, "u", "sds", T0, SCS_R_ALLOW);
	cleared(r, "g", "mod-uk", "GBR", "GBR", "SECRET");
	CHECK(r, "g", "sds", T0, SCS_R_ALLOW);
	cleared(r, "a", "mod", "AUS", "AUS", "SECRET");
	CHECK(r, "a", "sds", T0, SCS_R_NOT_CLEARED);
	/* Australia is of the Five Eyes */
	plain_item(r, "sds-5", "JPN-SDS", "TOKUTEI_HIMITSU", "FVEY");
	CHECK(r, "a", "sds-5", T0, SCS_R_ALLOW);
	CHECK(r, "u", "sds-5", T0, SCS_R_ALLOW);
	/* a Korean clearance is a candidate for neither */
	cleared(r, "k", "mod", "KOR", "KOR", "GUNSA_II");
	CHECK(r, "k", "sds", T0, SCS_R_NOT_CLEARED);
	CHECK(r, "k", "sds-5", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

/* Rule 7 with alliances: each subject holds a candidate clearance of the
 * item's own authority, so only the nationality decides. */
static void
test_rule7_an_alliance_admits_the_nationals_of_its_members(void **state)
{
	struct reg *r = base();

	(void)state;
	add_item(r, "us-nato", "dod", "USA", "SECRET", "", "NATO", "", Y25,
	    Y30);
	add_item(r, "us-fvey", "dod", "USA", "SECRET", "", "FVEY", "", Y25,
	    Y30);
	add_item(r, "us-eu", "dod", "USA", "SECRET", "", "EU", "", Y25, Y30);
	cleared(r, "de", "dod", "DEU", "USA", "SECRET");
	cleared(r, "jp", "dod", "JPN", "USA", "SECRET");
	cleared(r, "nz", "dod", "NZL", "USA", "SECRET");
	cleared(r, "fr", "dod", "FRA", "USA", "SECRET");
	cleared(r, "us", "dod", "USA", "USA", "SECRET");
	/* NATO: a German national, not a Japanese one */
	CHECK(r, "de", "us-nato", T0, SCS_R_ALLOW);
	CHECK(r, "jp", "us-nato", T0, SCS_R_RELEASABILITY);
	CHECK(r, "nz", "us-nato", T0, SCS_R_RELEASABILITY);
	/* FVEY admits New Zealand, not Germany */
	CHECK(r, "nz", "us-fvey", T0, SCS_R_ALLOW);
	CHECK(r, "de", "us-fvey", T0, SCS_R_RELEASABILITY);
	/* the EU admits France; the owner's nation is always admitted */
	CHECK(r, "fr", "us-eu", T0, SCS_R_ALLOW);
	CHECK(r, "us", "us-eu", T0, SCS_R_ALLOW);
	CHECK(r, "nz", "us-eu", T0, SCS_R_RELEASABILITY);
	/* one nationality of a member is enough */
	set_nationalities(&r->per[2], "JPN FRA");
	CHECK(r, "jp", "us-nato", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* The EU admits a French national but not a US one, on a Japanese item. */
static void
test_rule7_the_eu_admits_france_not_the_usa(void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds-eu", "JPN-SDS", "TOKUTEI_HIMITSU", "EU");
	cleared(r, "fr", "mod", "FRA", "JPN-SDS", "TOKUTEI_HIMITSU");
	cleared(r, "us", "mod", "USA", "JPN-SDS", "TOKUTEI_HIMITSU");
	CHECK(r, "fr", "sds-eu", T0, SCS_R_ALLOW);
	CHECK(r, "us", "sds-eu", T0, SCS_R_RELEASABILITY);
	/* named beside the alliance, the USA is admitted too */
	SET(r->item[1].releasable_to[1], "USA");
	r->item[1].nreleasable_to = 2;
	CHECK(r, "us", "sds-eu", T0, SCS_R_ALLOW);
	reg_free(r);
}

static void
test_cross_a_jpn_mod_clearance_does_not_cover_an_sds_item(void **state)
{
	struct reg *r = base();

	(void)state;
	plain_item(r, "sds", "JPN-SDS", "TOKUTEI_HIMITSU", "");
	cleared(r, "m", "mod", "JPN", "JPN-MOD", "KIMITSU");
	CHECK(r, "m", "sds", T0, SCS_R_NOT_CLEARED);
	/* same nation as the owner: not foreign, even when "JPN" is listed */
	plain_item(r, "sds-jpn", "JPN-SDS", "TOKUTEI_HIMITSU", "JPN USA");
	CHECK(r, "m", "sds-jpn", T0, SCS_R_NOT_CLEARED);
	reg_free(r);
}

static void
test_cross_a_jpn_clearance_covers_a_usa_item_releasable_to_japan(void **state)
{
	struct reg *r = base();

	(void)state;
	add_item(r, "us-doc", "dod", "USA", "SECRET", "", "JPN", "", Y25, Y30);
	add_item(r, "us-nf", "dod", "USA", "SECRET", "", "", "", Y25, Y30);
	cleared(r, "m", "mod", "JPN", "JPN-MOD", "GOKUHI");
	CHECK(r, "m", "us-doc", T0, SCS_R_ALLOW);
	CHECK(r, "m", "us-nf", T0, SCS_R_NOT_CLEARED);
	/* a CESI clearance is foreign too, but rank 2 */
	cleared(r, "c", "mod", "JPN", "JPN-CESI", "JUYO_KEIZAI_ANPO");
	CHECK(r, "c", "us-doc", T0, SCS_R_LEVEL);
	reg_free(r);
}

/* ---- the label join ----------------------------------------------------- */

static bool
has_name(const char *const *names, size_t n, const char *want)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], want) == 0)
			return true;
	return false;
}

static struct reg *
join_reg(void)
{
	struct reg *r = reg_new(16);

	add_org(r, "mod", SCS_ORG_GOVERNMENT, "JPN");
	add_org(r, "dod", SCS_ORG_GOVERNMENT, "USA");
	add_item(r, "a", "mod", "JPN-CESI", "JUYO_KEIZAI_ANPO", "X", "USA GBR",
	    "", Y25, Y30);
	add_item(r, "b", "mod", "JPN-SDS", "TOKUTEI_HIMITSU", "X Y", "USA", "p",
	    Y25, Y30);
	add_item(r, "c", "dod", "USA", "SECRET", "Z", "JPN GBR", "", Y25, Y30);
	add_item(r, "nf", "mod", "JPN-MOD", "HI", "", "", "", Y25, Y30);
	add_item(r, "ts", "mod", "JPN-MOD", "KIMITSU", "", "USA", "", Y25, Y30);
	add_item(r, "nato", "mod", "JPN-MOD", "HI", "", "NATO", "", Y25, Y30);
	add_item(r, "nato2", "mod", "JPN-MOD", "HI", "", "NATO KOR", "", Y25,
	    Y30);
	add_item(r, "fvey", "mod", "JPN-MOD", "HI", "", "FVEY", "", Y25, Y30);
	add_item(r, "eu", "mod", "JPN-MOD", "HI", "", "EU", "", Y25, Y30);
	add_item(r, "usjp", "mod", "JPN-MOD", "HI", "", "USA JPN", "", Y25,
	    Y30);
	return r;
}

static void
join(const struct scs_index *ix, const char *ids, struct scs_label_join *out)
{
	char names[8][SCS_ID_MAX + 1];
	int32_t h[8];
	struct scs_err err;
	size_t n = split(&names[0][0], sizeof(names[0]), 8, ids), i;

	for (i = 0; i < n; i++) {
		h[i] = scs_index_item(ix, names[i], strlen(names[i]));
		assert_true(h[i] >= 0);
	}
	scs_err_clear(&err);
	assert_int_equal(scs_index_join(ix, h, n, out, &err), SCS_OK);
}

static void
test_join_takes_the_highest_rank(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 0);
	struct scs_label_join *j = calloc(1, sizeof(*j));

	(void)state;
	assert_non_null(j);
	join(ix, "a b", j);
	assert_int_equal(j->rank, 3);
	assert_string_equal(scs_index_item_id(ix, j->top_item), "b");
	join(ix, "a nf", j);
	assert_int_equal(j->rank, 2);
	join(ix, "a ts b c", j);
	assert_int_equal(j->rank, 4);
	assert_string_equal(scs_index_item_id(ix, j->top_item), "ts");
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_join_unites_compartments(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 0);
	struct scs_label_join *j = calloc(1, sizeof(*j));

	(void)state;
	assert_non_null(j);
	join(ix, "a b c", j);
	assert_int_equal(j->ncompartments, 3);
	assert_true(has_name(j->compartments, j->ncompartments, "X"));
	assert_true(has_name(j->compartments, j->ncompartments, "Y"));
	assert_true(has_name(j->compartments, j->ncompartments, "Z"));
	join(ix, "a nf", j);
	assert_int_equal(j->ncompartments, 1);
	assert_string_equal(j->compartments[0], "X");
	join(ix, "nf ts", j);
	assert_int_equal(j->ncompartments, 0);
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_join_intersects_releasability_with_owner_nations_included(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 0);
	struct scs_label_join *j = calloc(1, sizeof(*j));

	(void)state;
	assert_non_null(j);
	/* {JPN USA GBR} and {JPN USA} */
	join(ix, "a b", j);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	/* {JPN USA GBR} and a USA item's {USA JPN GBR} */
	join(ix, "a c", j);
	assert_int_equal(j->nnations, 3);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	assert_true(has_name(j->nations, j->nnations, "GBR"));
	/* with a NOFORN item: the owner's nation only */
	join(ix, "a b nf", j);
	assert_int_equal(j->nnations, 1);
	assert_string_equal(j->nations[0], "JPN");
	/* a NOFORN JPN item and a USA item releasable to JPN */
	join(ix, "nf c", j);
	assert_int_equal(j->nnations, 1);
	assert_string_equal(j->nations[0], "JPN");
	/* {USA JPN GBR} and {JPN USA}: JPN, USA */
	join(ix, "c ts", j);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

/* The join with alliances: an alliance every item names is listed by its
 * code (its members are not listed again); otherwise the nations the
 * items have in common, an alliance's members among them. */
static void
test_join_of_alliances_lists_the_common_members_as_nations(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 1);
	struct scs_label_join *j = calloc(1, sizeof(*j));
	const struct scs_alliance *nato = scs_refdata_alliance(&rd, "NATO");
	const struct scs_alliance *eu = scs_refdata_alliance(&rd, "EU");
	size_t i, common = 0;

	(void)state;
	assert_non_null(j);
	assert_non_null(nato);
	assert_non_null(eu);
	/* [NATO] and [USA, JPN]: USA, with the owner's JPN */
	join(ix, "nato usjp", j);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	/* [NATO] and [FVEY]: the members of both, as nations */
	join(ix, "nato fvey", j);
	assert_int_equal(j->nnations, 4);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	assert_true(has_name(j->nations, j->nnations, "GBR"));
	assert_true(has_name(j->nations, j->nnations, "CAN"));
	/* [NATO] alone, or with [NATO, KOR]: NATO itself */
	join(ix, "nato", j);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "NATO"));
	join(ix, "nato2 nato", j);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "NATO"));
	join(ix, "nato2", j);
	assert_int_equal(j->nnations, 3);
	assert_true(has_name(j->nations, j->nnations, "KOR"));
	/* [NATO] and [EU]: every nation of both tables, none else */
	join(ix, "nato eu", j);
	for (i = 0; i < nato->nmembers; i++)
		if (scs_refdata_member(eu, nato->members[i])) {
			assert_true(has_name(j->nations, j->nnations,
			    nato->members[i]));
			common++;
		}
	assert_true(common > 0);
	assert_int_equal(j->nnations, common + 1); /* and JPN */
	assert_false(has_name(j->nations, j->nnations, "NATO"));
	assert_false(has_name(j->nations, j->nnations, "EU"));
	/* a NOFORN item: the owner's nation only */
	join(ix, "nato fvey eu nf", j);
	assert_int_equal(j->nnations, 1);
	assert_string_equal(j->nations[0], "JPN");
	/* a USA item releasable to JPN and GBR, with NATO: USA and GBR */
	join(ix, "c nato", j);
	assert_int_equal(j->nnations, 3);
	assert_true(has_name(j->nations, j->nnations, "GBR"));
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_join_of_one_item_is_its_own_label(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 0);
	struct scs_label_join *j = calloc(1, sizeof(*j));

	(void)state;
	assert_non_null(j);
	join(ix, "b", j);
	assert_int_equal(j->rank, 3);
	assert_string_equal(scs_index_item_id(ix, j->top_item), "b");
	assert_int_equal(j->ncompartments, 2);
	assert_int_equal(j->nnations, 2);
	assert_true(has_name(j->nations, j->nnations, "JPN"));
	assert_true(has_name(j->nations, j->nnations, "USA"));
	join(ix, "b b", j);
	assert_int_equal(j->ncompartments, 2);
	assert_int_equal(j->nnations, 2);
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_join_of_no_items_is_an_error(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 0);
	struct scs_label_join *j = calloc(1, sizeof(*j));
	struct scs_err err;
	int32_t none[1] = {0};

	(void)state;
	assert_non_null(j);
	scs_err_clear(&err);
	assert_int_equal(scs_index_join(ix, none, 0, j, &err), SCS_EINVAL);
	assert_int_equal(err.rc, SCS_EINVAL);
	free(j);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_item_level_and_id_name_the_item(void **state)
{
	struct reg *r = join_reg();
	struct scs_index *ix = build(r, 1);
	const char *auth = NULL;
	int32_t h = scs_index_item(ix, "c", 1);

	(void)state;
	assert_true(h >= 0);
	assert_string_equal(scs_index_item_id(ix, h), "c");
	assert_string_equal(scs_index_item_level(ix, h, &auth), "SECRET");
	assert_string_equal(auth, "USA");
	scs_index_free(ix);
	reg_free(r);
}

/* ---- handles ------------------------------------------------------------ */

/* Many subjects, with ids that differ in one byte, share long prefixes,
 * are as long as an id may be, or hold UTF-8: each id resolves to its
 * own handle, and every near miss (one byte changed, one byte more or
 * less, an embedded NUL) resolves to none. */
static void
test_ids_resolve_exactly_among_many(void **state)
{
	enum { N = 3000 };
	struct reg *r = reg_new(N + 16);
	struct scs_index *ix;
	char id[SCS_ID_MAX + 2], probe[SCS_ID_MAX + 2];
	int32_t *h = calloc(N, sizeof(*h));
	size_t i, j, len;

	(void)state;
	assert_non_null(h);
	add_org(r, "mod", SCS_ORG_GOVERNMENT, "JPN");
	for (i = 0; i < N; i++) {
		/* p0..p999, then 1000 ids of a 60-byte shared prefix, then
		 * 1000 of 64 bytes (the longest) differing in their last */
		if (i < 1000)
			(void)snprintf(id, sizeof(id), "p%zu", i);
		else if (i < 2000)
			(void)snprintf(id, sizeof(id), "%.56s%04zu",
			    "x-the-same-long-prefix-for-every-one-"
			    "of-these-ids-0123456789abcdef",
			    i);
		else
			(void)snprintf(id, sizeof(id), "%.60s%04zu",
			    "山田太郎-yamada-taro-the-longest-ids-there-are-"
			    "0123456789abcdef",
			    i);
		add_person(r, id, "mod", "JPN");
	}
	ix = build(r, 0);
	for (i = 0; i < N; i++) {
		const char *pid = r->per[i].id;

		len = strlen(pid);
		h[i] = scs_index_subject(ix, pid, len);
		assert_true(h[i] >= 0);
		for (j = 0; j < i; j += 97)
			assert_int_not_equal(h[i], h[j]);
		/* one byte changed, at each position */
		for (j = 0; j < len; j++) {
			memcpy(probe, pid, len);
			probe[j] = (char)(probe[j] ^ 0x01);
			if (scs_index_subject(ix, probe, len) >= 0) {
				/* only if that is another person's id */
				probe[len] = '\0';
				assert_int_not_equal(scs_index_subject(ix,
				                         probe, len),
				    h[i]);
			}
		}
		/* a byte less, a byte more, a NUL more */
		assert_int_not_equal(scs_index_subject(ix, pid, len - 1), h[i]);
		memcpy(probe, pid, len);
		probe[len] = '7';
		assert_int_not_equal(scs_index_subject(ix, probe, len + 1),
		    h[i]);
		probe[len] = '\0';
		assert_int_equal(scs_index_subject(ix, probe, len + 1), -1);
	}
	/* not found: empty, unknown, too long, and ids of no subject */
	assert_int_equal(scs_index_subject(ix, "", 0), -1);
	assert_int_equal(scs_index_subject(ix, "p1000", 5), -1);
	assert_int_equal(scs_index_subject(ix, "p-1", 3), -1);
	assert_int_equal(scs_index_subject(ix, "mod", 3), -1);
	memset(probe, 'x', sizeof(probe));
	assert_int_equal(scs_index_subject(ix, probe, sizeof(probe)), -1);
	assert_int_equal(scs_index_subject(ix, "p1\0", 3), -1);
	/* the same in groups (scs_index_resolve_many): each id, a byte
	 * changed, a byte less, a byte more, as subjects and as items */
	{
		char(*buf)[SCS_ID_MAX + 2] = calloc(4 * N, sizeof(*buf));
		struct scs_index_ids *q = calloc(4 * N, sizeof(*q));
		int32_t *sh = calloc(4 * N, sizeof(*sh));
		int32_t *ih = calloc(4 * N, sizeof(*ih));

		assert_true(
		    buf != NULL && q != NULL && sh != NULL && ih != NULL);
		for (i = 0; i < 4 * N; i++) {
			const char *pid = r->per[i / 4].id;

			len = strlen(pid);
			memcpy(buf[i], pid, len + 1);
			if (i % 4 == 1)
				buf[i][(i / 4) % len] ^= 0x01;
			else if (i % 4 == 2)
				len--;
			else if (i % 4 == 3)
				buf[i][len++] = '7';
			q[i].subject = buf[i];
			q[i].slen = len;
		}
		for (i = 0; i < 4 * N; i++) {
			q[i].item = buf[(i * 7) % (4 * N) / 4 * 4];
			q[i].ilen = strlen(q[i].item);
		}
		scs_index_resolve_many(ix, q, 4 * N, sh, ih);
		for (i = 0; i < 4 * N; i++) {
			assert_int_equal(sh[i],
			    scs_index_subject(ix, q[i].subject, q[i].slen));
			assert_int_equal(ih[i], -1); /* ids of no item */
			if (i % 4 == 0)
				assert_int_equal(sh[i], h[i / 4]);
		}
		free(buf);
		free(q);
		free(sh);
		free(ih);
	}
	/* the handles stay those of their ids */
	for (i = 0; i < N; i++)
		assert_int_equal(scs_index_subject(ix, r->per[i].id,
		                     strlen(r->per[i].id)),
		    h[i]);
	scs_index_free(ix);
	reg_free(r);
	free(h);
}

static void
test_handles_are_minus_one_for_unknown_ids(void **state)
{
	struct reg *r = base();
	struct scs_index *ix = build(r, 0);
	int32_t s = scs_index_subject(ix, "p1", 2);
	int32_t i = scs_index_item(ix, "doc", 3);

	(void)state;
	assert_true(s >= 0);
	assert_true(i >= 0);
	assert_int_equal(scs_index_subject(ix, "nobody", 6), -1);
	assert_int_equal(scs_index_item(ix, "nothing", 7), -1);
	/* ids of other kinds are not subjects or items */
	assert_int_equal(scs_index_subject(ix, "doc", 3), -1);
	assert_int_equal(scs_index_subject(ix, "acme", 4), -1);
	assert_int_equal(scs_index_item(ix, "p1", 2), -1);
	assert_int_equal(scs_index_item(ix, "ORCA", 4), -1);
	assert_int_equal(scs_index_item(ix, "radar", 5), -1);
	/* the length counts, not a terminator */
	assert_int_equal(scs_index_subject(ix, "p1xyz", 2), s);
	assert_int_equal(scs_index_item(ix, "docs", 3), i);
	assert_int_equal(scs_index_subject(ix, "p1", 1), -1);
	assert_int_equal(scs_index_item(ix, "doc", 2), -1);
	assert_int_equal(scs_index_subject(ix, "", 0), -1);
	/* the decision of -1 handles: rule 1 before rule 3 */
	assert_int_equal(scs_index_decide(ix, -1, -1, T0), SCS_R_UNKNOWN_ITEM);
	assert_int_equal(scs_index_decide(ix, s, -1, T0), SCS_R_UNKNOWN_ITEM);
	assert_int_equal(scs_index_decide(ix, -1, i, T0),
	    SCS_R_UNKNOWN_SUBJECT);
	assert_int_equal(scs_index_decide(ix, s, i, T0), SCS_R_ALLOW);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_a_person_known_only_from_references_is_an_unknown_subject(void **state)
{
	struct reg *r = base();
	struct scs_index *ix;

	(void)state;
	/* "ghost" has every record p1 has, but no person record */
	add_clr(r, "ghost", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, Y25,
	    Y30);
	add_brf(r, "ghost", "ORCA", Y25, Y25, NEVER);
	add_mem(r, "radar", "ghost", Y25, NEVER);
	add_sus(r, "ghost2", Y25, NEVER);
	ix = build(r, 0);
	assert_int_equal(scs_index_subject(ix, "ghost", 5), -1);
	assert_int_equal(scs_index_subject(ix, "ghost2", 6), -1);
	assert_int_equal(scs_index_subject(ix, "ORCA", 4), -1);
	assert_int_equal(scs_index_subject(ix, "radar", 5), -1);
	scs_index_free(ix);
	CHECK(r, "ghost", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "ghost2", "doc", T0, SCS_R_UNKNOWN_SUBJECT);
	CHECK(r, "p1", "doc", T0, SCS_R_ALLOW);
	reg_free(r);
}

/* ---- statistics ---------------------------------------------------------- */

static void
test_stats_count_what_was_added(void **state)
{
	struct reg *r = reg_new(16);
	struct scs_index *ix;
	struct scs_index_stats st;

	(void)state;
	add_org(r, "mod", SCS_ORG_GOVERNMENT, "JPN");
	add_org(r, "acme", SCS_ORG_CONTRACTOR, "JPN");
	add_org(r, "uni", SCS_ORG_RESEARCH, "JPN");
	add_comp(r, "ORCA", "mod");
	add_prog(r, "radar", "mod");
	add_person(r, "a", "mod", "JPN");
	add_person(r, "b", "acme", "JPN USA");
	add_person(r, "c", "uni", "JPN");
	add_person(r, "d", "mod", "GBR");
	add_clr(r, "a", "JPN-SDS", "TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, Y25, Y30);
	add_clr(r, "a", "JPN-CESI", "JUYO_KEIZAI_ANPO", SCS_CLR_ACTIVE, Y25,
	    Y30);
	add_clr(r, "b", "USA", "SECRET", SCS_CLR_INTERIM, Y25, NEVER);
	add_clr(r, "c", "JPN-MOD", "HI", SCS_CLR_REVOKED, Y25, Y30);
	add_clr(r, "d", "GBR", "SECRET", SCS_CLR_ACTIVE, Y25, Y30);
	add_brf(r, "a", "ORCA", Y25, Y25, NEVER);
	add_brf(r, "b", "ORCA", NO_NDA, Y25, NEVER);
	add_mem(r, "radar", "a", Y25, NEVER);
	add_mem(r, "radar", "b", Y25, Y30);
	add_mem(r, "radar", "c", Y25, Y30);
	add_sus(r, "d", Y25, Y30);
	add_conf(r, "acme", "JPN-SDS", "TOKUTEI_HIMITSU", Y25, Y30);
	add_conf(r, "uni", "JPN-CESI", "JUYO_KEIZAI_ANPO", Y25, Y30);
	add_item(r, "i1", "mod", "JPN-SDS", "TOKUTEI_HIMITSU", "ORCA", "USA",
	    "radar", Y25, Y30);
	add_item(r, "i2", "mod", "JPN-CESI", "JUYO_KEIZAI_ANPO", "", "", "",
	    Y25, Y30);
	add_item(r, "i3", "mod", "JPN-MOD", "HI", "", "", "", Y25, Y30);
	ix = build(r, 1);
	scs_index_stats(ix, &st);
	assert_int_equal(st.subjects, 4);
	assert_int_equal(st.items, 3);
	assert_int_equal(st.orgs, 3);
	assert_int_equal(st.clearances, 5);
	assert_int_equal(st.briefings, 2);
	assert_int_equal(st.memberships, 3);
	assert_int_equal(st.suspensions, 1);
	assert_int_equal(st.approvals, 2);
	assert_true(st.subject_bytes > 0);
	assert_true(st.bytes > st.subject_bytes);
	scs_index_free(ix);
	reg_free(r);
}

static void
test_an_empty_index_decides_unknown_item(void **state)
{
	struct reg *r = reg_new(1);
	struct scs_index *ix = build(r, 0);
	struct scs_index_stats st;

	(void)state;
	scs_index_stats(ix, &st);
	assert_int_equal(st.subjects + st.items + st.orgs + st.clearances, 0);
	assert_int_equal(engine(ix, "p1", "doc", T0), SCS_R_UNKNOWN_ITEM);
	assert_int_equal(scs_index_subject(ix, "p1", 2), -1);
	assert_int_equal(scs_index_item(ix, "doc", 3), -1);
	scs_index_free(ix);
	reg_free(r);
}

/* ---- the engine against the naive reading, at random ------------------- */

static uint64_t rng = 0x5c5d3c1de0b2026ULL;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static size_t
pick(size_t n)
{
	return (size_t)(rnd() % n);
}

static bool
chance(unsigned pct)
{
	return pick(100) < pct;
}

#define PICK(arr) (arr)[pick(SCS_NELEM(arr))]

static const char *const pool_country[] = {"JPN", "JPN", "USA", "GBR", "AUS"};
static const char *const pool_nation[] = {"JPN", "JPN", "USA", "GBR", "AUS",
    "DEU", "KOR", "NZL", "FRA", "CAN"};
static const char *const pool_rel[] = {"USA", "GBR", "AUS", "JPN", "NATO", "EU",
    "KOR", "DEU", "FVEY", "NATO", "FVEY"};
static const char *const pool_auth[] = {"JPN-SDS", "JPN-SDS", "JPN-CESI",
    "JPN-CESI", "JPN-MOD", "USA", "USA", "GBR", "NATO", "AUS", "KOR", "EU",
    "FRA", "CAN"};
static const char *const pool_item_auth[] = {"JPN-SDS", "JPN-SDS", "JPN-CESI",
    "JPN-MOD", "USA", "GBR"};
static const char *const pool_comp[] = {"C0", "C1", "C2"};
static const char *const pool_prog[] = {"P0", "P1", "P2"};

/* A random level code of @auth. */
static const char *
any_level(const char *auth)
{
	const struct scs_level *ls[16];
	size_t i, n = 0;

	for (i = 0; i < rd.nlevels && n < SCS_NELEM(ls); i++)
		if (strcmp(rd.authorities[rd.levels[i].authority].code, auth) ==
		    0)
			ls[n++] = &rd.levels[i];
	assert_true(n > 0);
	return ls[pick(n)]->code;
}

/* Times on a coarse grid of days, so that periods overlap and their ends
 * meet; some periods never end. */
static int64_t g_base;

static int64_t
any_time(void)
{
	return g_base + (int64_t)pick(12) * DAY +
	    (chance(10) ? (int64_t)pick(3) * 3600 : 0);
}

static void
any_period(int64_t *from, int64_t *until)
{
	*from = any_time();
	*until = chance(20)
	    ? NEVER
	    : *from + (int64_t)(1 + pick(14)) * DAY - (chance(10) ? 1 : 0);
}

/* A period over most of the time queries ask about. */
static void
long_period(int64_t *from, int64_t *until)
{
	*from = g_base - (int64_t)pick(3) * DAY;
	*until = chance(40) ? NEVER : g_base + (int64_t)(6 + pick(10)) * DAY;
}

/* Items are mostly classified over the time queries ask about. */
static void
item_period(int64_t *from, int64_t *until)
{
	if (chance(15)) {
		any_period(from, until);
		return;
	}
	*from = g_base - (int64_t)pick(3) * DAY;
	*until = chance(50) ? NEVER : g_base + (int64_t)(9 + pick(8)) * DAY;
}

static const char *
any_subject_id(const struct reg *r, char *buf, size_t size)
{
	if (chance(8)) {
		(void)snprintf(buf, size, "ghost%zu", pick(2));
		return buf;
	}
	return r->per[pick(r->nper)].id;
}

static void
unique_words(char *out, size_t width, size_t max, size_t *n,
    const char *const *pool, size_t npool, size_t want)
{
	size_t i, k;

	*n = 0;
	for (i = 0; i < want && *n < max; i++) {
		const char *w = pool[pick(npool)];

		for (k = 0; k < *n; k++)
			if (strcmp(out + k * width, w) == 0)
				break;
		if (k == *n) {
			(void)snprintf(out + *n * width, width, "%s", w);
			(*n)++;
		}
	}
}

static struct reg *
random_reg(size_t nper, size_t nitem)
{
	static const enum scs_org_type types[] = {SCS_ORG_GOVERNMENT,
	    SCS_ORG_GOVERNMENT, SCS_ORG_CONTRACTOR, SCS_ORG_CONTRACTOR,
	    SCS_ORG_RESEARCH, SCS_ORG_SCREENING, SCS_ORG_PARTNER};
	static const enum scs_clearance_status sts[] = {SCS_CLR_ACTIVE,
	    SCS_CLR_ACTIVE, SCS_CLR_ACTIVE, SCS_CLR_ACTIVE, SCS_CLR_ACTIVE,
	    SCS_CLR_INTERIM, SCS_CLR_SUSPENDED, SCS_CLR_REVOKED,
	    SCS_CLR_EXPIRED, SCS_CLR_ENDED};
	struct reg *r = reg_new(8 * (nper + nitem) + 16);
	size_t norg = 3 + pick(5), i, k, n;
	char id[32], nats[16];
	int64_t from, until;
	char ghost[16];

	for (i = 0; i < norg; i++) {
		(void)snprintf(id, sizeof(id), "o%zu", i);
		add_org(r, id, i == 0 ? SCS_ORG_GOVERNMENT : PICK(types),
		    i == 0 ? "JPN" : PICK(pool_country));
	}
	for (i = 0; i < SCS_NELEM(pool_comp); i++)
		add_comp(r, pool_comp[i], "o0");
	for (i = 0; i < SCS_NELEM(pool_prog); i++)
		add_prog(r, pool_prog[i], "o0");
	for (i = 0; i < nper; i++) {
		(void)snprintf(id, sizeof(id), "p%zu", i);
		if (chance(20))
			(void)snprintf(nats, sizeof(nats), "%s %s",
			    PICK(pool_nation), PICK(pool_nation));
		else
			(void)snprintf(nats, sizeof(nats), "%s",
			    PICK(pool_nation));
		add_person(r, id, r->org[pick(norg)].id, nats);
		/* mostly a long clearance, briefings and memberships, so
		 * that decisions reach the later rules */
		if (chance(75)) {
			const char *auth =
			    chance(70) ? "JPN-SDS" : PICK(pool_auth);

			long_period(&from, &until);
			add_clr(r, id, auth, any_level(auth),
			    chance(90) ? SCS_CLR_ACTIVE : SCS_CLR_INTERIM, from,
			    until);
		}
		for (k = 0; k < SCS_NELEM(pool_comp); k++)
			if (chance(60)) {
				long_period(&from, &until);
				add_brf(r, id, pool_comp[k], from, from, until);
			}
		for (k = 0; k < SCS_NELEM(pool_prog); k++)
			if (chance(40)) {
				long_period(&from, &until);
				add_mem(r, pool_prog[k], id, from, until);
			}
	}
	for (i = 0; i < norg; i++)
		if (chance(60)) {
			const char *auth =
			    chance(50) ? "JPN-SDS" : PICK(pool_item_auth);

			long_period(&from, &until);
			add_conf(r, r->org[i].id, auth, any_level(auth), from,
			    until);
		}
	n = pick(2 * nper + 2);
	for (i = 0; i < n; i++) {
		const char *auth = PICK(pool_auth);

		any_period(&from, &until);
		add_clr(r, any_subject_id(r, ghost, sizeof(ghost)), auth,
		    any_level(auth), PICK(sts), from, until);
	}
	n = pick(nper / 2 + 2);
	for (i = 0; i < n; i++) {
		any_period(&from, &until);
		add_sus(r, any_subject_id(r, ghost, sizeof(ghost)), from,
		    until);
	}
	n = pick(3 * nper + 2);
	for (i = 0; i < n; i++) {
		int64_t nda = NO_NDA;

		any_period(&from, &until);
		if (chance(85))
			nda = chance(70) ? from
			                 : from + ((int64_t)pick(5) - 2) * DAY;
		add_brf(r, any_subject_id(r, ghost, sizeof(ghost)),
		    PICK(pool_comp), nda, from, until);
	}
	n = pick(2 * nper + 2);
	for (i = 0; i < n; i++) {
		any_period(&from, &until);
		add_mem(r, PICK(pool_prog),
		    any_subject_id(r, ghost, sizeof(ghost)), from, until);
	}
	n = pick(2 * norg + 2);
	for (i = 0; i < n; i++) {
		const char *auth = PICK(pool_item_auth);

		struct scs_conforming *c;

		any_period(&from, &until);
		c = add_conf(r, r->org[pick(norg)].id, auth, any_level(auth),
		    from, until);
		/* Half granted by some organization of the register (the
		 * item's owner or not), half legacy, with no organ. */
		if (chance(50))
			SET(c->organ, r->org[pick(norg)].id);
	}
	for (i = 0; i < nitem; i++) {
		const char *auth = PICK(pool_item_auth);
		struct scs_item *it;

		item_period(&from, &until);
		(void)snprintf(id, sizeof(id), "i%zu", i);
		it = add_item(r, id, r->org[chance(60) ? 0 : pick(norg)].id,
		    auth, any_level(auth), "", "", "", from, until);
		unique_words(&it->compartments[0][0],
		    sizeof(it->compartments[0]), SCS_LIST_MAX,
		    &it->ncompartments, pool_comp, SCS_NELEM(pool_comp),
		    chance(50) ? 0 : 1 + pick(2));
		unique_words(&it->releasable_to[0][0],
		    sizeof(it->releasable_to[0]), SCS_LIST_MAX,
		    &it->nreleasable_to, pool_rel, SCS_NELEM(pool_rel),
		    pick(4));
		unique_words(&it->programs[0][0], sizeof(it->programs[0]),
		    SCS_LIST_MAX, &it->nprograms, pool_prog,
		    SCS_NELEM(pool_prog), chance(50) ? 0 : 1 + pick(2));
		if (chance(10)) {
			it->declassified = true;
			it->declassified_at = any_time();
		}
	}
	return r;
}

/* Every finite instant where some period of @r starts or ends. */
static size_t
boundaries(const struct reg *r, int64_t *out, size_t max)
{
	size_t n = 0, i;

#define BOUND(x)                                                               \
	do {                                                                   \
		if ((x) != NEVER && n < max)                                   \
			out[n++] = (x);                                        \
	} while (0)
	for (i = 0; i < r->nclr; i++) {
		BOUND(r->clr[i].valid_from);
		BOUND(r->clr[i].valid_until);
	}
	for (i = 0; i < r->nbrf; i++) {
		BOUND(r->brf[i].valid_from);
		BOUND(r->brf[i].valid_until);
		if (r->brf[i].has_nda)
			BOUND(r->brf[i].nda_signed);
	}
	for (i = 0; i < r->nmem; i++) {
		BOUND(r->mem[i].valid_from);
		BOUND(r->mem[i].valid_until);
	}
	for (i = 0; i < r->nsus; i++) {
		BOUND(r->sus[i].valid_from);
		BOUND(r->sus[i].valid_until);
	}
	for (i = 0; i < r->nconf; i++) {
		BOUND(r->conf[i].valid_from);
		BOUND(r->conf[i].valid_until);
	}
	for (i = 0; i < r->nitem; i++) {
		BOUND(r->item[i].valid_from);
		BOUND(r->item[i].valid_until);
		if (r->item[i].declassified)
			BOUND(r->item[i].declassified_at);
	}
#undef BOUND
	return n;
}

/* @nq random queries against @r; counts of each answer into @seen. */
static void
compare(const struct reg *r, int order, size_t nq, size_t seen[SCS_R_N])
{
	struct scs_index *ix = build(r, order);
	int64_t *bounds = malloc(8 * r->cap * sizeof(*bounds));
	size_t nb, q;
	const char *subject, *item;
	char ghost[32], ts[SCS_TIME_STRMAX];

	assert_non_null(bounds);
	nb = boundaries(r, bounds, 8 * r->cap);
	for (q = 0; q < nq; q++) {
		int64_t t;
		enum scs_reason got, want;

		if (nb > 0 && chance(60))
			t = bounds[pick(nb)] + (int64_t)pick(3) - 1;
		else if (chance(5))
			t = chance(50) ? g_base - DAY : g_base + 400 * DAY;
		else
			t = g_base + (int64_t)pick(14 * DAY);
		subject = chance(5) ? "nobody"
		                    : any_subject_id(r, ghost, sizeof(ghost));
		item = chance(4) ? "no-item" : r->item[pick(r->nitem)].id;
		got = engine(ix, subject, item, t);
		want = naive(r, subject, item, t);
		seen[got]++;
		if (got != want) {
			(void)scs_time_format(t, ts);
			print_error("query %zu: decide(%s, %s, %s = %lld)\n", q,
			    subject, item, ts, (long long)t);
			scs_index_free(ix);
			free(bounds);
			fail_msg("engine %s, naive reading of section 5 %s",
			    rname(got), rname(want));
		}
	}
	scs_index_free(ix);
	free(bounds);
}

static void
test_random_registers_decide_as_the_naive_reading_of_section5(void **state)
{
	size_t seen[SCS_R_N], i, total = 0;
	struct reg *r;

	(void)state;
	memset(seen, 0, sizeof(seen));
	g_base = T("2026-01-01");
	/* 450 small registers, 400 queries each */
	for (i = 0; i < 450; i++) {
		r = random_reg(2 + pick(8), 2 + pick(8));
		compare(r, (int)(i & 1), 400, seen);
		reg_free(r);
	}
	/* one larger register, 20000 queries */
	r = random_reg(120, 120);
	compare(r, 1, 20000, seen);
	reg_free(r);
	for (i = 0; i < SCS_R_N; i++) {
		total += seen[i];
		print_message("    %-16s %zu\n", rname((enum scs_reason)i),
		    seen[i]);
		if (seen[i] == 0)
			fail_msg("no query answered %s: widen the generator",
			    rname((enum scs_reason)i));
	}
	assert_int_equal(total, 200000);
}

/* ---- the group ------------------------------------------------------------
 */

static int
load_refdata(void **state)
{
	(void)state;
	return test_load_refdata(&rd);
}

static int
free_refdata(void **state)
{
	(void)state;
	scs_refdata_free(&rd);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_reason_codes_have_the_names_relying_systems_see),
	    cmocka_unit_test(test_the_baseline_register_allows),
	    cmocka_unit_test(test_rule1_an_unknown_item_is_denied_unknown_item),
	    cmocka_unit_test(
	        test_rule2_an_item_outside_its_designation_is_allowed_not_classified),
	    cmocka_unit_test(
	        test_rule2_a_declassified_item_is_allowed_not_classified),
	    cmocka_unit_test(
	        test_rule3_an_unknown_subject_is_denied_unknown_subject),
	    cmocka_unit_test(
	        test_rule4_a_suspension_valid_at_t_is_denied_suspended),
	    cmocka_unit_test(
	        test_rule4_another_persons_suspension_does_not_count),
	    cmocka_unit_test(
	        test_rule5_a_subject_without_clearance_is_not_cleared),
	    cmocka_unit_test(
	        test_rule5_another_persons_clearance_does_not_count),
	    cmocka_unit_test(
	        test_rule5_clearances_only_under_unaccepted_authorities_are_not_cleared),
	    cmocka_unit_test(
	        test_rule5_revoked_expired_and_ended_clearances_are_expired),
	    cmocka_unit_test(
	        test_rule5_an_active_clearance_outside_its_period_is_expired),
	    cmocka_unit_test(
	        test_rule5_a_suspended_clearance_is_denied_suspended),
	    cmocka_unit_test(
	        test_rule5_a_suspended_status_counts_even_outside_its_period),
	    cmocka_unit_test(
	        test_rule5_a_suspended_clearance_that_is_no_candidate_does_not_count),
	    cmocka_unit_test(
	        test_rule5_a_usable_clearance_wins_over_a_suspended_one),
	    cmocka_unit_test(test_rule5_an_interim_clearance_is_usable),
	    cmocka_unit_test(
	        test_rule5_a_clearance_below_the_item_level_is_denied_level),
	    cmocka_unit_test(
	        test_rule5_the_highest_rank_among_usable_clearances_decides),
	    cmocka_unit_test(
	        test_rule5_an_unusable_higher_clearance_does_not_lift_the_level),
	    cmocka_unit_test(
	        test_rule6_a_missing_briefing_is_denied_compartment),
	    cmocka_unit_test(
	        test_rule6_a_briefing_without_an_nda_does_not_count),
	    cmocka_unit_test(test_rule6_an_nda_signed_after_t_does_not_count),
	    cmocka_unit_test(
	        test_rule6_every_compartment_of_the_item_needs_a_briefing),
	    cmocka_unit_test(
	        test_rule6_an_item_without_compartments_needs_no_briefing),
	    cmocka_unit_test(
	        test_rule7_a_national_of_no_releasable_nation_is_denied_releasability),
	    cmocka_unit_test(test_rule7_the_owner_nation_is_always_releasable),
	    cmocka_unit_test(test_rule7_a_nation_in_releasable_to_passes),
	    cmocka_unit_test(
	        test_rule7_a_dual_national_passes_if_one_nationality_matches),
	    cmocka_unit_test(
	        test_rule7_a_us_national_with_an_sds_clearance_on_a_noforn_item_is_denied),
	    cmocka_unit_test(
	        test_rule8_an_item_without_programs_needs_no_membership),
	    cmocka_unit_test(test_rule8_no_membership_is_denied_need_to_know),
	    cmocka_unit_test(
	        test_rule8_membership_in_one_of_several_programs_suffices),
	    cmocka_unit_test(
	        test_rule8_an_expired_membership_is_denied_need_to_know),
	    cmocka_unit_test(
	        test_rule9_a_government_employee_needs_no_approval),
	    cmocka_unit_test(
	        test_rule9_screening_bodies_and_partners_need_no_approval),
	    cmocka_unit_test(
	        test_rule9_a_contractor_without_approval_is_denied_organization),
	    cmocka_unit_test(
	        test_rule9_an_approval_of_another_organ_is_denied_organization),
	    cmocka_unit_test(
	        test_rule9_an_approval_under_another_authority_is_denied_organization),
	    cmocka_unit_test(
	        test_rule9_an_approval_below_the_item_rank_is_denied_organization),
	    cmocka_unit_test(
	        test_rule9_an_approval_valid_at_t_allows_and_only_then),
	    cmocka_unit_test(
	        test_rule9_a_research_institution_is_treated_like_a_contractor),
	    cmocka_unit_test(
	        test_order_an_unknown_item_with_an_unknown_subject_is_unknown_item),
	    cmocka_unit_test(
	        test_order_a_not_classified_item_with_an_unknown_subject_is_allowed),
	    cmocka_unit_test(
	        test_order_a_not_classified_item_is_allowed_to_anyone_known),
	    cmocka_unit_test(
	        test_order_a_suspended_subject_without_clearance_is_suspended),
	    cmocka_unit_test(
	        test_order_a_suspension_comes_before_an_expired_or_low_clearance),
	    cmocka_unit_test(test_order_level_comes_before_compartment),
	    cmocka_unit_test(
	        test_order_not_cleared_and_expired_come_before_compartment),
	    cmocka_unit_test(test_order_compartment_comes_before_releasability),
	    cmocka_unit_test(
	        test_order_releasability_comes_before_need_to_know),
	    cmocka_unit_test(test_order_need_to_know_comes_before_organization),
	    cmocka_unit_test(
	        test_order_the_rules_apply_in_order_one_fix_at_a_time),
	    cmocka_unit_test(
	        test_period_item_designation_from_inclusive_until_exclusive),
	    cmocka_unit_test(
	        test_period_an_item_declassified_at_t_is_not_classified_at_t),
	    cmocka_unit_test(
	        test_period_clearance_from_inclusive_until_exclusive),
	    cmocka_unit_test(
	        test_period_suspension_from_inclusive_until_exclusive),
	    cmocka_unit_test(
	        test_period_briefing_from_inclusive_until_exclusive),
	    cmocka_unit_test(
	        test_period_membership_from_inclusive_until_exclusive),
	    cmocka_unit_test(
	        test_period_conforming_approval_from_inclusive_until_exclusive),
	    cmocka_unit_test(test_period_a_bare_date_means_midnight_utc),
	    cmocka_unit_test(test_period_an_rfc3339_offset_converts_to_utc),
	    cmocka_unit_test(test_period_never_never_ends),
	    cmocka_unit_test(test_cross_an_sds_clearance_covers_a_cesi_item),
	    cmocka_unit_test(
	        test_cross_a_cesi_clearance_does_not_cover_an_sds_item),
	    cmocka_unit_test(
	        test_cross_a_usa_secret_clearance_covers_a_jpn_item_releasable_to_usa),
	    cmocka_unit_test(
	        test_cross_a_usa_confidential_clearance_on_a_rank3_jpn_item_is_level),
	    cmocka_unit_test(
	        test_cross_a_usa_clearance_on_a_noforn_jpn_item_is_not_cleared),
	    cmocka_unit_test(
	        test_cross_a_usa_clearance_on_an_item_releasable_only_to_gbr_is_not_cleared),
	    cmocka_unit_test(
	        test_cross_a_nato_clearance_is_a_candidate_for_an_item_releasable_to_nato),
	    cmocka_unit_test(
	        test_cross_a_member_clearance_is_a_candidate_for_an_item_releasable_to_its_alliance),
	    cmocka_unit_test(
	        test_rule7_an_alliance_admits_the_nationals_of_its_members),
	    cmocka_unit_test(test_rule7_the_eu_admits_france_not_the_usa),
	    cmocka_unit_test(
	        test_cross_a_jpn_mod_clearance_does_not_cover_an_sds_item),
	    cmocka_unit_test(
	        test_cross_a_jpn_clearance_covers_a_usa_item_releasable_to_japan),
	    cmocka_unit_test(test_join_takes_the_highest_rank),
	    cmocka_unit_test(test_join_unites_compartments),
	    cmocka_unit_test(
	        test_join_intersects_releasability_with_owner_nations_included),
	    cmocka_unit_test(
	        test_join_of_alliances_lists_the_common_members_as_nations),
	    cmocka_unit_test(test_join_of_one_item_is_its_own_label),
	    cmocka_unit_test(test_join_of_no_items_is_an_error),
	    cmocka_unit_test(test_item_level_and_id_name_the_item),
	    cmocka_unit_test(test_handles_are_minus_one_for_unknown_ids),
	    cmocka_unit_test(test_ids_resolve_exactly_among_many),
	    cmocka_unit_test(
	        test_a_person_known_only_from_references_is_an_unknown_subject),
	    cmocka_unit_test(test_stats_count_what_was_added),
	    cmocka_unit_test(test_an_empty_index_decides_unknown_item),
	    cmocka_unit_test(
	        test_random_registers_decide_as_the_naive_reading_of_section5),
	};

	return cmocka_run_group_tests(tests, load_refdata, free_refdata);
}
