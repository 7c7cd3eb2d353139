/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_update.c - unit tests for src/index/update.c: an index updated in
 * place of the entities a change touched decides exactly as a full build
 * of the register as changed.  A random register (kept as plain record
 * arrays, references always to existing records, as the store keeps
 * them) goes through random batches of changes of every kind the
 * decision reads: persons (employer, nationalities, new ones),
 * clearances, briefings, memberships and suspensions (added, changed,
 * removed), organizations (new ones, type changes, country changes),
 * conforming approvals and items (new ones, every field changed), with
 * compartment, program and nation names the base never saw.  After each
 * batch the updated index and a fresh build must give the same reason
 * for every (subject, item) pair, unknown ids included, at times around
 * every period boundary; and the same organization, owner and level for
 * every id, and the same record counts.
 */
#include <pthread.h>
#include <stdatomic.h>

#include "helpers.h"

#include "scs/index.h"
#include "scs/refdata.h"
#include "scs/register.h"
#include "scs/time.h"

static struct scs_refdata rd;

#define DAY   86400
#define NEVER SCS_TIME_NEVER
#define CAP   512

static int64_t g_base = 1767225600; /* 2026-01-01 */

static uint64_t rng = 0x1dc0ffee2026ULL;

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

#define PICK(arr)     (arr)[pick(SCS_NELEM(arr))]
#define SET(dst, src) setstr((dst), sizeof(dst), (src))

static void
setstr(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memmove(dst, src, n);
	dst[n] = '\0';
}

static const char *const pool_country[] = {"JPN", "JPN", "USA", "GBR", "AUS"};
static const char *const pool_nation[] = {"JPN", "JPN", "USA", "GBR", "AUS",
    "DEU", "KOR", "FRA", "ITA", "NZL"};
static const char *const pool_rel[] = {"USA", "GBR", "AUS", "JPN", "NATO", "EU",
    "FVEY", "KOR", "DEU", "CAN"};
static const char *const pool_auth[] = {"JPN-SDS", "JPN-SDS", "JPN-CESI",
    "JPN-MOD", "USA", "GBR", "NATO", "AUS", "KOR", "EU"};
static const char *const pool_item_auth[] = {"JPN-SDS", "JPN-SDS", "JPN-CESI",
    "JPN-MOD", "USA", "GBR"};
/* C3, C4, P3, P4 are never in a base: only updates bring them in */
static const char *const pool_comp[] = {"C0", "C1", "C2", "C3", "C4"};
static const char *const pool_prog[] = {"P0", "P1", "P2", "P3", "P4"};
static const enum scs_org_type org_types[] = {SCS_ORG_GOVERNMENT,
    SCS_ORG_GOVERNMENT, SCS_ORG_CONTRACTOR, SCS_ORG_CONTRACTOR,
    SCS_ORG_RESEARCH, SCS_ORG_SCREENING, SCS_ORG_PARTNER};
static const enum scs_clearance_status statuses[] = {SCS_CLR_ACTIVE,
    SCS_CLR_ACTIVE, SCS_CLR_ACTIVE, SCS_CLR_ACTIVE, SCS_CLR_INTERIM,
    SCS_CLR_SUSPENDED, SCS_CLR_REVOKED, SCS_CLR_EXPIRED};

/* ---- the register: plain arrays ---- */

struct reg {
	struct scs_org org[CAP];
	size_t norg;
	struct scs_person per[CAP];
	size_t nper;
	struct scs_clearance clr[CAP];
	size_t nclr;
	struct scs_briefing brf[CAP];
	size_t nbrf;
	struct scs_membership mem[CAP];
	size_t nmem;
	struct scs_suspension sus[CAP];
	size_t nsus;
	struct scs_conforming conf[CAP];
	size_t nconf;
	struct scs_item item[CAP];
	size_t nitem;
};

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

static int64_t
any_time(void)
{
	return g_base + (int64_t)pick(12) * DAY;
}

static void
any_period(int64_t *from, int64_t *until)
{
	if (chance(50)) { /* over most of the times asked */
		*from = g_base - (int64_t)pick(3) * DAY;
		*until =
		    chance(40) ? NEVER : g_base + (int64_t)(6 + pick(10)) * DAY;
		return;
	}
	*from = any_time();
	*until = chance(20) ? NEVER : *from + (int64_t)(1 + pick(10)) * DAY;
}

static void
words(char *out, size_t width, size_t max, size_t *n, const char *const *pool,
    size_t npool, size_t want)
{
	size_t i, k;

	*n = 0;
	for (i = 0; i < want && *n < max; i++) {
		const char *w = pool[pick(npool)];

		for (k = 0; k < *n; k++)
			if (strcmp(out + k * width, w) == 0)
				break;
		if (k == *n)
			(void)snprintf(out + (*n)++ * width, width, "%s", w);
	}
}

static void
rand_org(struct reg *r, struct scs_org *o, bool keep_country)
{
	(void)r;
	o->type = PICK(org_types);
	if (!keep_country)
		SET(o->country, PICK(pool_country));
}

static void
rand_person(const struct reg *r, struct scs_person *p)
{
	SET(p->org, r->org[pick(r->norg)].id);
	words(&p->nationalities[0][0], sizeof(p->nationalities[0]), SCS_NAT_MAX,
	    &p->nnationalities, pool_nation, SCS_NELEM(pool_nation),
	    1 + (chance(20) ? 1 : 0));
}

static const char *
any_person(const struct reg *r)
{
	return r->per[pick(r->nper)].id;
}

static void
rand_clr(const struct reg *r, struct scs_clearance *c, bool keep_person)
{
	const char *auth = chance(60) ? "JPN-SDS" : PICK(pool_auth);

	if (!keep_person)
		SET(c->person, any_person(r));
	SET(c->authority, auth);
	SET(c->level, any_level(auth));
	c->status = PICK(statuses);
	any_period(&c->valid_from, &c->valid_until);
}

static void
rand_brf(const struct reg *r, struct scs_briefing *b, bool keep_person)
{
	if (!keep_person)
		SET(b->person, any_person(r));
	SET(b->compartment, pool_comp[pick(chance(80) ? 3 : 5)]);
	any_period(&b->valid_from, &b->valid_until);
	b->has_nda = chance(85);
	b->nda_signed = chance(70)
	    ? b->valid_from
	    : b->valid_from + ((int64_t)pick(5) - 2) * DAY;
}

static void
rand_mem(const struct reg *r, struct scs_membership *m, bool keep_person)
{
	if (!keep_person)
		SET(m->person, any_person(r));
	SET(m->program, pool_prog[pick(chance(80) ? 3 : 5)]);
	any_period(&m->valid_from, &m->valid_until);
}

static void
rand_sus(const struct reg *r, struct scs_suspension *s, bool keep_person)
{
	if (!keep_person)
		SET(s->person, any_person(r));
	s->valid_from = any_time();
	s->valid_until =
	    chance(30) ? NEVER : s->valid_from + (int64_t)(1 + pick(4)) * DAY;
	SET(s->reason, "incident");
}

static void
rand_conf(const struct reg *r, struct scs_conforming *c, bool keep_org)
{
	const char *auth = chance(50) ? "JPN-SDS" : PICK(pool_item_auth);

	if (!keep_org)
		SET(c->org, r->org[pick(r->norg)].id);
	SET(c->authority, auth);
	SET(c->level, any_level(auth));
	any_period(&c->valid_from, &c->valid_until);
	c->organ[0] = '\0';
	if (chance(50))
		SET(c->organ, r->org[pick(r->norg)].id);
}

static void
rand_item(const struct reg *r, struct scs_item *it)
{
	const char *auth = PICK(pool_item_auth);

	SET(it->title, it->id);
	SET(it->owner, r->org[chance(50) ? 0 : pick(r->norg)].id);
	it->field = SCS_FIELD_DEFENSE;
	SET(it->authority, auth);
	SET(it->level, any_level(auth));
	words(&it->compartments[0][0], sizeof(it->compartments[0]),
	    SCS_LIST_MAX, &it->ncompartments, pool_comp, chance(80) ? 3 : 5,
	    chance(50) ? 0 : 1 + pick(2));
	words(&it->releasable_to[0][0], sizeof(it->releasable_to[0]),
	    SCS_LIST_MAX, &it->nreleasable_to, pool_rel,
	    chance(80) ? 6 : SCS_NELEM(pool_rel), pick(4));
	words(&it->programs[0][0], sizeof(it->programs[0]), SCS_LIST_MAX,
	    &it->nprograms, pool_prog, chance(80) ? 3 : 5,
	    chance(50) ? 0 : 1 + pick(2));
	if (chance(15)) {
		any_period(&it->valid_from, &it->valid_until);
	} else {
		it->valid_from = g_base - (int64_t)pick(3) * DAY;
		it->valid_until =
		    chance(50) ? NEVER : g_base + (int64_t)(9 + pick(8)) * DAY;
	}
	it->declassified = chance(10);
	it->declassified_at = it->declassified ? any_time() : 0;
}

static void
new_org(struct reg *r)
{
	struct scs_org *o = &r->org[r->norg];

	assert_true(r->norg < CAP);
	memset(o, 0, sizeof(*o));
	(void)snprintf(o->id, sizeof(o->id), "o%zu", r->norg);
	SET(o->name, o->id);
	rand_org(r, o, false);
	if (r->norg == 0) {
		o->type = SCS_ORG_GOVERNMENT;
		SET(o->country, "JPN");
	}
	r->norg++;
}

static void
new_person(struct reg *r)
{
	struct scs_person *p = &r->per[r->nper];

	assert_true(r->nper < CAP);
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->id, sizeof(p->id), "p%zu", r->nper);
	SET(p->name, p->id);
	SET(p->name_latin, p->id);
	SET(p->birth_date, "1980-04-01");
	rand_person(r, p);
	r->nper++;
}

static void
new_item(struct reg *r)
{
	struct scs_item *it = &r->item[r->nitem];

	assert_true(r->nitem < CAP);
	memset(it, 0, sizeof(*it));
	(void)snprintf(it->id, sizeof(it->id), "i%zu", r->nitem);
	rand_item(r, it);
	r->nitem++;
}

#define NEW(r, arr, n)                                                         \
	(assert_true((r)->n < CAP),                                            \
	    memset(&(r)->arr[(r)->n], 0, sizeof((r)->arr[0])),                 \
	    &(r)->arr[(r)->n++])

static struct reg *
random_reg(size_t nper, size_t nitem)
{
	struct reg *r = calloc(1, sizeof(*r));
	size_t i, n;

	assert_non_null(r);
	n = 3 + pick(4);
	for (i = 0; i < n; i++)
		new_org(r);
	for (i = 0; i < nper; i++)
		new_person(r);
	for (i = 0; i < nitem; i++)
		new_item(r);
	for (i = pick(2 * nper + 2); i > 0; i--)
		rand_clr(r, NEW(r, clr, nclr), false);
	for (i = pick(3 * nper + 2); i > 0; i--)
		rand_brf(r, NEW(r, brf, nbrf), false);
	for (i = pick(2 * nper + 2); i > 0; i--)
		rand_mem(r, NEW(r, mem, nmem), false);
	for (i = pick(nper / 2 + 2); i > 0; i--)
		rand_sus(r, NEW(r, sus, nsus), false);
	for (i = pick(2 * r->norg + 2); i > 0; i--)
		rand_conf(r, NEW(r, conf, nconf), false);
	return r;
}

/* ---- building and updating from the arrays ---- */

static void
ok(int rc, const char *what)
{
	if (rc != SCS_OK)
		fail_msg("%s = %d", what, rc);
}

static struct scs_index *
build(const struct reg *r)
{
	struct scs_index_builder *b = scs_index_builder_new(&rd);
	struct scs_index *ix = NULL;
	struct scs_err err;
	size_t i;

	assert_non_null(b);
	for (i = 0; i < r->norg; i++)
		ok(scs_index_add_org(b, &r->org[i]), "add_org");
	for (i = 0; i < r->nper; i++)
		ok(scs_index_add_person(b, &r->per[i]), "add_person");
	for (i = 0; i < r->nclr; i++)
		ok(scs_index_add_rec(b, SCS_KIND_CLEARANCE, &r->clr[i]), "clr");
	for (i = 0; i < r->nbrf; i++)
		ok(scs_index_add_rec(b, SCS_KIND_BRIEFING, &r->brf[i]), "brf");
	for (i = 0; i < r->nmem; i++)
		ok(scs_index_add_rec(b, SCS_KIND_MEMBERSHIP, &r->mem[i]),
		    "mem");
	for (i = 0; i < r->nsus; i++)
		ok(scs_index_add_rec(b, SCS_KIND_SUSPENSION, &r->sus[i]),
		    "sus");
	for (i = 0; i < r->nconf; i++)
		ok(scs_index_add_rec(b, SCS_KIND_CONFORMING, &r->conf[i]),
		    "conf");
	for (i = 0; i < r->nitem; i++)
		ok(scs_index_add_rec(b, SCS_KIND_ITEM, &r->item[i]), "item");
	ok(scs_index_build(b, &ix, &err), "build");
	return ix;
}

/* What a batch touched, by id. */
struct touched {
	char subj[64][SCS_ID_MAX + 1];
	size_t nsubj;
	char org[64][SCS_ID_MAX + 1];
	size_t norg;
	char item[64][SCS_ID_MAX + 1];
	size_t nitem;
};

static void
note(char (*ids)[SCS_ID_MAX + 1], size_t *n, const char *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(ids[i], id) == 0)
			return; /* each once: its records are added once */
	assert_true(*n < 64);
	SET(ids[*n], id);
	(*n)++;
}

/* The update of @from by what @t names, every record as @r has it now:
 * the follower's way.  SCS_ECONFLICT passes through (then *out NULL). */
static int
update(const struct scs_index *from, const struct reg *r,
    const struct touched *t, struct scs_index **out)
{
	struct scs_index_update *u = scs_index_update_new(from);
	struct scs_err err;
	size_t i, k;

	assert_non_null(u);
	for (k = 0; k < t->norg; k++) {
		ok(scs_index_update_org(u, t->org[k]), "update_org");
		for (i = 0; i < r->norg; i++)
			if (strcmp(r->org[i].id, t->org[k]) == 0)
				ok(scs_index_update_add_org(u, &r->org[i]),
				    "u add_org");
		for (i = 0; i < r->nconf; i++)
			if (strcmp(r->conf[i].org, t->org[k]) == 0)
				ok(scs_index_update_add_rec(u,
				       SCS_KIND_CONFORMING, &r->conf[i]),
				    "u conf");
	}
	for (k = 0; k < t->nsubj; k++) {
		const char *id = t->subj[k];

		ok(scs_index_update_subject(u, id), "update_subject");
		for (i = 0; i < r->nper; i++)
			if (strcmp(r->per[i].id, id) == 0)
				ok(scs_index_update_add_person(u, &r->per[i]),
				    "u person");
#define RECS(arr, n, kind)                                                     \
	for (i = 0; i < r->n; i++)                                             \
		if (strcmp(r->arr[i].person, id) == 0)                         \
			ok(scs_index_update_add_rec(u, kind, &r->arr[i]),      \
			    "u " #arr);
		RECS(clr, nclr, SCS_KIND_CLEARANCE)
		RECS(brf, nbrf, SCS_KIND_BRIEFING)
		RECS(mem, nmem, SCS_KIND_MEMBERSHIP)
		RECS(sus, nsus, SCS_KIND_SUSPENSION)
#undef RECS
	}
	for (k = 0; k < t->nitem; k++) {
		ok(scs_index_update_item(u, t->item[k]), "update_item");
		for (i = 0; i < r->nitem; i++)
			if (strcmp(r->item[i].id, t->item[k]) == 0)
				ok(scs_index_update_add_rec(u, SCS_KIND_ITEM,
				       &r->item[i]),
				    "u item");
	}
	scs_err_clear(&err);
	return scs_index_update_finish(u, out, &err);
}

/* Remove element @i of an array of @n. */
#define DROP(arr, n, i)                                                        \
	do {                                                                   \
		(arr)[i] = (arr)[(n)-1];                                       \
		(n)--;                                                         \
	} while (0)

/* One random change to @r, noted in @t. */
static void
change(struct reg *r, struct touched *t)
{
	size_t i;

	switch (pick(14)) {
	case 0: /* a person changes employer or nationalities */
		i = pick(r->nper);
		rand_person(r, &r->per[i]);
		note(t->subj, &t->nsubj, r->per[i].id);
		break;
	case 1: /* a new person, perhaps with a clearance at once */
		new_person(r);
		note(t->subj, &t->nsubj, r->per[r->nper - 1].id);
		if (chance(50)) {
			struct scs_clearance *c = NEW(r, clr, nclr);

			SET(c->person, r->per[r->nper - 1].id);
			rand_clr(r, c, true);
		}
		break;
	case 2: /* a clearance added, changed or removed */
		if (r->nclr > 0 && chance(60)) {
			i = pick(r->nclr);
			note(t->subj, &t->nsubj, r->clr[i].person);
			if (chance(30))
				DROP(r->clr, r->nclr, i);
			else
				rand_clr(r, &r->clr[i], true);
		} else {
			rand_clr(r, NEW(r, clr, nclr), false);
			note(t->subj, &t->nsubj, r->clr[r->nclr - 1].person);
		}
		break;
	case 3:
		if (r->nbrf > 0 && chance(60)) {
			i = pick(r->nbrf);
			note(t->subj, &t->nsubj, r->brf[i].person);
			if (chance(30))
				DROP(r->brf, r->nbrf, i);
			else
				rand_brf(r, &r->brf[i], true);
		} else {
			rand_brf(r, NEW(r, brf, nbrf), false);
			note(t->subj, &t->nsubj, r->brf[r->nbrf - 1].person);
		}
		break;
	case 4:
		if (r->nmem > 0 && chance(60)) {
			i = pick(r->nmem);
			note(t->subj, &t->nsubj, r->mem[i].person);
			if (chance(30))
				DROP(r->mem, r->nmem, i);
			else
				rand_mem(r, &r->mem[i], true);
		} else {
			rand_mem(r, NEW(r, mem, nmem), false);
			note(t->subj, &t->nsubj, r->mem[r->nmem - 1].person);
		}
		break;
	case 5:
		if (r->nsus > 0 && chance(60)) {
			i = pick(r->nsus);
			note(t->subj, &t->nsubj, r->sus[i].person);
			if (chance(30))
				DROP(r->sus, r->nsus, i);
			else
				rand_sus(r, &r->sus[i], true);
		} else {
			rand_sus(r, NEW(r, sus, nsus), false);
			note(t->subj, &t->nsubj, r->sus[r->nsus - 1].person);
		}
		break;
	case 6: /* an organization changes type (approvals needed or not) */
		i = pick(r->norg);
		rand_org(r, &r->org[i], true);
		note(t->org, &t->norg, r->org[i].id);
		break;
	case 7: /* a new organization, soon employing someone */
		new_org(r);
		note(t->org, &t->norg, r->org[r->norg - 1].id);
		if (chance(50)) {
			new_person(r);
			SET(r->per[r->nper - 1].org, r->org[r->norg - 1].id);
			note(t->subj, &t->nsubj, r->per[r->nper - 1].id);
		}
		break;
	case 8:
		if (r->nconf > 0 && chance(60)) {
			i = pick(r->nconf);
			note(t->org, &t->norg, r->conf[i].org);
			if (chance(30))
				DROP(r->conf, r->nconf, i);
			else
				rand_conf(r, &r->conf[i], true);
		} else {
			rand_conf(r, NEW(r, conf, nconf), false);
			note(t->org, &t->norg, r->conf[r->nconf - 1].org);
		}
		break;
	case 9: /* an item changes */
	case 10:
		i = pick(r->nitem);
		rand_item(r, &r->item[i]);
		note(t->item, &t->nitem, r->item[i].id);
		break;
	case 11: /* a new item */
		new_item(r);
		note(t->item, &t->nitem, r->item[r->nitem - 1].id);
		break;
	case 12: /* a person's whole record set, at once */
		i = pick(r->nper);
		rand_person(r, &r->per[i]);
		rand_clr(r, NEW(r, clr, nclr), true);
		SET(r->clr[r->nclr - 1].person, r->per[i].id);
		rand_brf(r, NEW(r, brf, nbrf), true);
		SET(r->brf[r->nbrf - 1].person, r->per[i].id);
		note(t->subj, &t->nsubj, r->per[i].id);
		break;
	default: /* touched with nothing changed: a no-op for decisions */
		note(t->subj, &t->nsubj, any_person(r));
		break;
	}
}

/* ---- comparing ---- */

static const char *
rname(enum scs_reason r)
{
	return r == SCS_R_ALLOW ? "allow" : scs_reason_name(r);
}

static enum scs_reason
ask(const struct scs_index *ix, const char *s, const char *i, int64_t t)
{
	return scs_index_decide(ix, scs_index_subject(ix, s, strlen(s)),
	    scs_index_item(ix, i, strlen(i)), t);
}

static void
same(const struct scs_index *got, const struct scs_index *want,
    const struct reg *r, size_t seen[SCS_R_N])
{
	struct scs_index_stats a, b;
	const char *subjects[CAP + 2], *items[CAP + 2];
	size_t ns = 0, ni = 0, i, j, d;

	for (i = 0; i < r->nper; i++)
		subjects[ns++] = r->per[i].id;
	subjects[ns++] = "nobody";
	for (i = 0; i < r->nitem; i++)
		items[ni++] = r->item[i].id;
	items[ni++] = "no-item";
	for (i = 0; i < ns; i++) {
		int32_t hg =
		    scs_index_subject(got, subjects[i], strlen(subjects[i]));
		int32_t hw =
		    scs_index_subject(want, subjects[i], strlen(subjects[i]));

		assert_int_equal(hg < 0, hw < 0);
		assert_string_equal(scs_index_subject_org(got, hg),
		    scs_index_subject_org(want, hw));
	}
	for (j = 0; j < ni; j++) {
		int32_t hg = scs_index_item(got, items[j], strlen(items[j]));
		int32_t hw = scs_index_item(want, items[j], strlen(items[j]));
		const char *ag, *aw;

		assert_int_equal(hg < 0, hw < 0);
		if (hg < 0)
			continue;
		assert_string_equal(scs_index_item_owner(got, hg),
		    scs_index_item_owner(want, hw));
		assert_string_equal(scs_index_item_id(got, hg), items[j]);
		assert_string_equal(scs_index_item_level(got, hg, &ag),
		    scs_index_item_level(want, hw, &aw));
		assert_string_equal(ag, aw);
	}
	for (d = 0; d < 34; d++) {
		int64_t t =
		    g_base + ((int64_t)(d / 2) - 2) * DAY - (int64_t)(d & 1);

		for (i = 0; i < ns; i++)
			for (j = 0; j < ni; j++) {
				enum scs_reason x = ask(got, subjects[i],
				                    items[j], t),
				                y = ask(want, subjects[i],
				                    items[j], t);

				seen[x]++;
				if (x != y)
					fail_msg("decide(%s, %s, %lld): "
					         "updated %s, full build %s",
					    subjects[i], items[j], (long long)t,
					    rname(x), rname(y));
			}
	}
	scs_index_stats(got, &a);
	scs_index_stats(want, &b);
	assert_int_equal(a.clearances, b.clearances);
	assert_int_equal(a.briefings, b.briefings);
	assert_int_equal(a.memberships, b.memberships);
	assert_int_equal(a.suspensions, b.suspensions);
	assert_int_equal(a.approvals, b.approvals);
}

/* The label join over every item: the same union and intersection. */
static void
same_join(const struct scs_index *got, const struct scs_index *want,
    const struct reg *r)
{
	int32_t hg[CAP], hw[CAP];
	struct scs_label_join *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	struct scs_err err;
	size_t i, n = 0, k;

	assert_true(a != NULL && b != NULL);
	for (i = 0; i < r->nitem; i++) {
		hg[n] =
		    scs_index_item(got, r->item[i].id, strlen(r->item[i].id));
		hw[n] =
		    scs_index_item(want, r->item[i].id, strlen(r->item[i].id));
		if (hg[n] >= 0 && chance(30))
			n++;
	}
	if (n > 0) {
		ok(scs_index_join(got, hg, n, a, &err), "join");
		ok(scs_index_join(want, hw, n, b, &err), "join");
		assert_int_equal(a->rank, b->rank);
		assert_int_equal(a->ncompartments, b->ncompartments);
		assert_int_equal(a->nnations, b->nnations);
		for (k = 0; k < a->nnations; k++) {
			size_t m;

			for (m = 0; m < b->nnations; m++)
				if (strcmp(a->nations[k], b->nations[m]) == 0)
					break;
			assert_true(m < b->nnations);
		}
	}
	free(a);
	free(b);
}

static void
test_updates_decide_as_a_full_build(void **state)
{
	size_t seen[SCS_R_N], i, round, batch, conflicts = 0, updates = 0;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (round = 0; round < 40; round++) {
		struct reg *r = random_reg(4 + pick(12), 3 + pick(8));
		struct scs_index *cur = build(r), *kept = NULL;

		for (batch = 0; batch < 25; batch++) {
			struct touched t;
			struct scs_index *next = NULL, *full;
			size_t k, n = 1 + pick(chance(20) ? 12 : 3);
			int rc;

			memset(&t, 0, sizeof(t));
			for (k = 0; k < n; k++)
				change(r, &t);
			/* Now and then a country moves: a conflict. */
			if (chance(4)) {
				i = pick(r->norg);
				SET(r->org[i].country,
				    strcmp(r->org[i].country, "USA") == 0
				        ? "GBR"
				        : "USA");
				note(t.org, &t.norg, r->org[i].id);
			}
			rc = update(cur, r, &t, &next);
			full = build(r);
			if (rc == SCS_ECONFLICT) {
				assert_null(next);
				conflicts++;
				next = build(r); /* as the follower does */
			} else {
				ok(rc, "update_finish");
				updates++;
			}
			same(next, full, r, seen);
			same_join(next, full, r);
			scs_index_free(full);
			/* Versions are freed in either order: sometimes the
			 * older one outlives the newer (a slow reader). */
			if (kept != NULL) {
				scs_index_free(kept);
				kept = NULL;
			}
			if (chance(30))
				kept = cur;
			else
				scs_index_free(cur);
			cur = next;
		}
		scs_index_free(kept);
		scs_index_free(cur);
		free(r);
	}
	print_message("    %zu updates, %zu conflicts (full builds)\n", updates,
	    conflicts);
	assert_true(conflicts > 0);
	assert_true(updates > 10 * conflicts);
	for (i = 0; i < SCS_R_N; i++) {
		print_message("    %-16s %zu\n", rname((enum scs_reason)i),
		    seen[i]);
		if (seen[i] == 0)
			fail_msg("no decision was %s: widen the generator",
			    rname((enum scs_reason)i));
	}
}

/* An item updated to be releasable to an alliance admits the nationals
 * of its members at once, and their own clearances become candidates
 * (rule 5): the updated index answers as a full build. */
static void
test_an_item_updated_to_an_alliance_admits_its_members(void **state)
{
	struct reg *r = calloc(1, sizeof(*r));
	struct scs_index *base, *next = NULL, *full;
	struct touched t;
	size_t seen[SCS_R_N];
	static const struct {
		const char *id, *org, *nat, *auth, *level;
	} people[] = {
	    {"us1", "dod", "USA", "USA", "SECRET"},
	    {"nz1", "mod", "NZL", "JPN-SDS", "TOKUTEI_HIMITSU"},
	    {"kr1", "mod", "KOR", "JPN-SDS", "TOKUTEI_HIMITSU"},
	    {"de1", "mod", "DEU", "JPN-SDS", "TOKUTEI_HIMITSU"},
	};
	size_t i;
	const int64_t t0 = g_base + DAY;

	(void)state;
	assert_non_null(r);
	memset(seen, 0, sizeof(seen));
	SET(r->org[0].id, "mod");
	SET(r->org[0].name, "mod");
	SET(r->org[0].country, "JPN");
	r->org[0].type = SCS_ORG_GOVERNMENT;
	SET(r->org[1].id, "dod");
	SET(r->org[1].name, "dod");
	SET(r->org[1].country, "USA");
	r->org[1].type = SCS_ORG_GOVERNMENT;
	r->norg = 2;
	for (i = 0; i < SCS_NELEM(people); i++) {
		struct scs_person *p = &r->per[r->nper++];
		struct scs_clearance *c = &r->clr[r->nclr++];

		SET(p->id, people[i].id);
		SET(p->org, people[i].org);
		SET(p->nationalities[0], people[i].nat);
		p->nnationalities = 1;
		SET(c->person, people[i].id);
		SET(c->authority, people[i].auth);
		SET(c->level, people[i].level);
		c->status = SCS_CLR_ACTIVE;
		c->valid_from = g_base - DAY;
		c->valid_until = NEVER;
	}
	SET(r->item[0].id, "doc");
	SET(r->item[0].title, "doc");
	SET(r->item[0].owner, "mod");
	r->item[0].field = SCS_FIELD_DEFENSE;
	SET(r->item[0].authority, "JPN-SDS");
	SET(r->item[0].level, "TOKUTEI_HIMITSU");
	r->item[0].valid_from = g_base - DAY;
	r->item[0].valid_until = NEVER;
	r->nitem = 1;
	base = build(r);
	assert_int_equal(ask(base, "us1", "doc", t0), SCS_R_NOT_CLEARED);
	assert_int_equal(ask(base, "de1", "doc", t0), SCS_R_RELEASABILITY);
	/* releasable to NATO */
	SET(r->item[0].releasable_to[0], "NATO");
	r->item[0].nreleasable_to = 1;
	memset(&t, 0, sizeof(t));
	note(t.item, &t.nitem, "doc");
	ok(update(base, r, &t, &next), "update_finish");
	assert_int_equal(ask(next, "us1", "doc", t0), SCS_R_ALLOW);
	assert_int_equal(ask(next, "de1", "doc", t0), SCS_R_ALLOW);
	assert_int_equal(ask(next, "nz1", "doc", t0), SCS_R_RELEASABILITY);
	assert_int_equal(ask(next, "kr1", "doc", t0), SCS_R_RELEASABILITY);
	full = build(r);
	same(next, full, r, seen);
	same_join(next, full, r);
	scs_index_free(full);
	scs_index_free(base);
	base = next;
	/* then to the Five Eyes */
	SET(r->item[0].releasable_to[0], "FVEY");
	ok(update(base, r, &t, &next), "update_finish");
	assert_int_equal(ask(next, "us1", "doc", t0), SCS_R_ALLOW);
	assert_int_equal(ask(next, "nz1", "doc", t0), SCS_R_ALLOW);
	assert_int_equal(ask(next, "de1", "doc", t0), SCS_R_RELEASABILITY);
	full = build(r);
	same(next, full, r, seen);
	scs_index_free(full);
	scs_index_free(base);
	scs_index_free(next);
	free(r);
}

/* An organization that existed and changes country, or is gone, cannot
 * be updated in place (its items carry its nation). */
static void
test_an_organization_changing_country_asks_for_a_full_build(void **state)
{
	struct reg *r = random_reg(4, 4);
	struct scs_index *ix = build(r), *next = (struct scs_index *)1;
	struct touched t;

	(void)state;
	memset(&t, 0, sizeof(t));
	SET(r->org[1].country,
	    strcmp(r->org[1].country, "USA") == 0 ? "GBR" : "USA");
	note(t.org, &t.norg, r->org[1].id);
	assert_int_equal(update(ix, r, &t, &next), SCS_ECONFLICT);
	assert_null(next);
	/* gone: no record added for it */
	memset(&t, 0, sizeof(t));
	note(t.org, &t.norg, "o1");
	r->norg = 1;
	assert_int_equal(update(ix, r, &t, &next), SCS_ECONFLICT);
	/* a new one, and a type change, are fine */
	scs_index_free(ix);
	free(r);
}

static void
test_a_record_of_an_entity_not_named_is_refused(void **state)
{
	struct reg *r = random_reg(4, 4);
	struct scs_index *ix = build(r);
	struct scs_index_update *u = scs_index_update_new(ix);
	struct scs_clearance c;

	(void)state;
	memset(&c, 0, sizeof(c));
	SET(c.person, r->per[0].id);
	SET(c.authority, "JPN-SDS");
	SET(c.level, any_level("JPN-SDS"));
	c.status = SCS_CLR_ACTIVE;
	c.valid_until = NEVER;
	assert_non_null(u);
	assert_int_equal(scs_index_update_add_rec(u, SCS_KIND_CLEARANCE, &c),
	    SCS_EINVAL);
	assert_int_equal(scs_index_update_add_person(u, &r->per[1]),
	    SCS_EINVAL);
	assert_int_equal(scs_index_update_add_rec(u, SCS_KIND_ITEM,
	                     &r->item[0]),
	    SCS_EINVAL);
	assert_int_equal(scs_index_update_add_org(u, &r->org[0]), SCS_EINVAL);
	/* named, it goes in */
	ok(scs_index_update_subject(u, r->per[0].id), "subject");
	ok(scs_index_update_add_rec(u, SCS_KIND_CLEARANCE, &c), "clr");
	/* a level the tables do not know */
	SET(c.level, "NO-SUCH-LEVEL");
	assert_int_equal(scs_index_update_add_rec(u, SCS_KIND_CLEARANCE, &c),
	    SCS_EINVAL);
	scs_index_update_free(u);
	scs_index_free(ix);
	free(r);
}

/* The overlay grows with each update and asks for a fold past its
 * bound; a full build starts with none. */
static void
test_the_overlay_is_bounded_by_a_fold(void **state)
{
	struct reg *r = random_reg(6, 4);
	struct scs_index *ix = build(r), *next;
	struct touched t;
	size_t n = 0, last = 0;

	(void)state;
	assert_int_equal(scs_index_overlay_size(ix), 0);
	assert_false(scs_index_fold_due(ix));
	while (!scs_index_fold_due(ix)) {
		memset(&t, 0, sizeof(t));
		note(t.subj, &t.nsubj, r->per[n % r->nper].id);
		ok(update(ix, r, &t, &next), "update");
		assert_true(scs_index_overlay_size(next) > last);
		last = scs_index_overlay_size(next);
		scs_index_free(ix);
		ix = next;
		n++;
		assert_true(n < 100000);
	}
	assert_true(last > SCS_INDEX_OVERLAY_MIN);
	scs_index_free(ix);
	ix = build(r);
	assert_int_equal(scs_index_overlay_size(ix), 0);
	scs_index_free(ix);
	free(r);
}

/* Readers deciding on the published index while a writer publishes
 * updates and frees the versions they replace: each version shares the
 * base with the next, so the base must outlive every reader of any of
 * them (ASan sees a use after free otherwise). */
struct race {
	struct scs_index_slot *slot;
	const struct reg *r;
	atomic_int stop;
	size_t decisions;
};

static void *
race_reader(void *arg)
{
	struct race *x = arg;
	size_t n = 0, i;

	while (!atomic_load(&x->stop)) {
		unsigned ticket;
		const struct scs_index *ix = scs_index_enter(x->slot, &ticket);

		for (i = 0; ix != NULL && i < x->r->nper; i++) {
			const char *s = x->r->per[i].id;
			const char *it = x->r->item[i % x->r->nitem].id;

			n += ask(ix, s, it, g_base) < SCS_R_N;
		}
		scs_index_leave(x->slot, ticket);
	}
	x->decisions = n;
	return NULL;
}

static void
test_readers_decide_while_updates_are_published(void **state)
{
	struct reg *r = random_reg(12, 8);
	struct race x;
	pthread_t th[2];
	struct touched t;
	struct scs_index *cur = build(r), *next;
	size_t k;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.slot = scs_index_slot_new();
	x.r = r;
	assert_non_null(x.slot);
	scs_index_publish(x.slot, cur);
	for (k = 0; k < 2; k++)
		assert_int_equal(pthread_create(&th[k], NULL, race_reader, &x),
		    0);
	for (k = 0; k < 400; k++) {
		memset(&t, 0, sizeof(t));
		change(r, &t);
		if (update(cur, r, &t, &next) != SCS_OK)
			next = build(r); /* a country moved */
		/* Frees cur (the old version) once no reader holds it. */
		scs_index_publish(x.slot, next);
		cur = next;
		if (k % 100 == 99) { /* now and then a full build */
			cur = build(r);
			scs_index_publish(x.slot, cur);
		}
	}
	atomic_store(&x.stop, 1);
	for (k = 0; k < 2; k++)
		assert_int_equal(pthread_join(th[k], NULL), 0);
	scs_index_slot_free(x.slot);
	free(r);
}

/* ---- images (src/index/image.c) ---- */

/* The image of @ix in a buffer of its own (malloc'd: 8-byte aligned). */
static void *
image_of(const struct scs_index *ix, size_t *len)
{
	struct scs_buf b;
	void *p;

	scs_buf_init(&b, SIZE_MAX / 2);
	ok(scs_index_image(ix, &b), "image");
	*len = b.len;
	p = malloc(b.len);
	assert_non_null(p);
	memcpy(p, b.p, b.len);
	scs_buf_free(&b);
	return p;
}

/* An index read back from its image decides as the one built, and an
 * update of it as a full build of the changed register; the image's
 * buffer goes with the last version that shares it, in either order. */
static void
test_an_index_read_from_its_image_decides_as_built(void **state)
{
	size_t seen[SCS_R_N], round, batch, len;

	(void)state;
	memset(seen, 0, sizeof(seen));
	for (round = 0; round < 40; round++) {
		struct reg *r = random_reg(4 + pick(12), 3 + pick(8));
		struct scs_index *built = build(r), *cur, *next, *full;
		struct scs_index *kept = NULL;
		struct scs_buf none;
		struct scs_err err;
		void *img = image_of(built, &len);

		ok(scs_index_from_image(&rd, img, len, &cur, &err), "read");
		same(cur, built, r, seen);
		same_join(cur, built, r);
		scs_index_free(built);
		for (batch = 0; batch < 5; batch++) {
			struct touched t;

			memset(&t, 0, sizeof(t));
			change(r, &t);
			if (update(cur, r, &t, &next) == SCS_ECONFLICT)
				break;
			full = build(r);
			same(next, full, r, seen);
			scs_index_free(full);
			/* An updated version has no image of its own. */
			scs_buf_init(&none, SIZE_MAX / 2);
			assert_int_equal(scs_index_image(next, &none),
			    SCS_EINVAL);
			scs_buf_free(&none);
			/* Sometimes the older version outlives the newer. */
			scs_index_free(kept);
			kept = NULL;
			if (chance(50))
				kept = cur;
			else
				scs_index_free(cur);
			cur = next;
		}
		scs_index_free(cur); /* the image's buffer with the last */
		scs_index_free(kept);
		free(r);
	}
}

/* The register an image under test was made from: when set, a loaded
 * image is also updated by every subject and item of it, the way a
 * follow after a start from the cache would (the update re-derives what
 * the header holds, such as the authorities' nations). */
static const struct reg *g_img_reg;

/* Read @len bytes of @img (copied into a buffer of exactly that size, so
 * that a read past the end is caught under AddressSanitizer): the
 * loader's answer; a loaded index is asked one decision, updated (see
 * g_img_reg) and freed. */
static int
read_copy(const void *img, size_t len, struct scs_err *err)
{
	struct scs_index *ix = NULL, *next = NULL;
	void *p = malloc(len > 0 ? len : 1);
	struct touched *t;
	size_t i;
	int rc;

	assert_non_null(p);
	memcpy(p, img, len);
	rc = scs_index_from_image(&rd, p, len, &ix, err);
	if (rc == SCS_OK) {
		(void)scs_index_decide(ix, 0, 0, g_base);
		(void)ask(ix, "p0", "i0", g_base);
		if (g_img_reg != NULL) {
			t = calloc(1, sizeof(*t));
			assert_non_null(t);
			for (i = 0; i < g_img_reg->nper && i < 64; i++)
				note(t->subj, &t->nsubj, g_img_reg->per[i].id);
			for (i = 0; i < g_img_reg->nitem && i < 64; i++)
				note(t->item, &t->nitem, g_img_reg->item[i].id);
			if (update(ix, g_img_reg, t, &next) == SCS_OK) {
				(void)ask(next, "p0", "i0", g_base);
				scs_index_free(next);
			}
			free(t);
		}
		scs_index_free(ix);
	} else {
		assert_null(ix);
		free(p);
	}
	return rc;
}

/* A cut, changed or foreign image is refused with a reason, never read
 * past its end; an image of other reference tables or another version
 * is a conflict (the caller builds anew). */
static void
test_a_bad_image_is_refused(void **state)
{
	struct reg *r = random_reg(12, 8);
	struct scs_index *ix = build(r);
	struct scs_err err;
	size_t len, cut, i, refused = 0;
	unsigned char *img = image_of(ix, &len), *bad;
	int rank;

	(void)state;
	g_img_reg = r;
	assert_int_equal(read_copy(img, len, &err), SCS_OK);
	/* The authorities' nations of the header (after the magic, version,
	 * sizes, build, fingerprint and four counts: 112 bytes; 64
	 * authorities of 8 nation handles, then their counts), which the
	 * decision follows as indexes: a count past 8 or past the tables, a
	 * handle that is not the authority's nation. */
	{
		const size_t an = 112, nan = 112 + 64 * 8;

		bad = malloc(len);
		assert_non_null(bad);
		memcpy(bad, img, len);
		bad[nan] = 200;
		assert_int_equal(read_copy(bad, len, &err), SCS_ECORRUPT);
		memcpy(bad, img, len);
		bad[nan + 63] = 1;
		assert_int_equal(read_copy(bad, len, &err), SCS_ECORRUPT);
		memcpy(bad, img, len);
		bad[an] ^= 0x80;
		assert_int_equal(read_copy(bad, len, &err), SCS_ECORRUPT);
		memcpy(bad, img, len);
		bad[an + 8 * 63 + 7] = 3;
		assert_int_equal(read_copy(bad, len, &err), SCS_ECORRUPT);
		free(bad);
	}
	for (cut = 0; cut < len; cut++)
		if (read_copy(img, cut, &err) != SCS_ECORRUPT)
			fail_msg("an image cut at %zu of %zu was read", cut,
			    len);
	/* The header: magic and version. */
	bad = malloc(len);
	assert_non_null(bad);
	memcpy(bad, img, len);
	bad[0] ^= 1;
	assert_int_equal(read_copy(bad, len, &err), SCS_ECONFLICT);
	memcpy(bad, img, len);
	bad[8] ^= 1;
	assert_int_equal(read_copy(bad, len, &err), SCS_ECONFLICT);
	assert_non_null(strstr(err.reason, "version"));
	/* Another build of the index's sources (the digest after the
	 * magic, version and sizes). */
	memcpy(bad, img, len);
	bad[16 + 10] ^= 1;
	assert_int_equal(read_copy(bad, len, &err), SCS_ECONFLICT);
	assert_non_null(strstr(err.reason, "version"));
	/* Other reference tables: a rank changed. */
	rank = rd.levels[0].rank;
	rd.levels[0].rank = rank == 0 ? 1 : 0;
	assert_int_equal(read_copy(img, len, &err), SCS_ECONFLICT);
	assert_non_null(strstr(err.reason, "reference tables"));
	rd.levels[0].rank = rank;
	/* Other reference tables: an alliance lost its last member (the
	 * items' masks hold the members). */
	assert_true(rd.nalliances > 0 && rd.alliances[0].nmembers > 1);
	rd.alliances[0].nmembers--;
	assert_int_equal(read_copy(img, len, &err), SCS_ECONFLICT);
	assert_non_null(strstr(err.reason, "reference tables"));
	rd.alliances[0].nmembers++;
	assert_int_equal(read_copy(img, len, &err), SCS_OK);
	/* Not 8-byte aligned. */
	{
		unsigned char *odd = malloc(len + 1);
		struct scs_index *none = NULL;

		assert_non_null(odd);
		memcpy(odd + 1, img, len);
		assert_int_equal(scs_index_from_image(&rd, odd + 1, len, &none,
		                     &err),
		    SCS_ECORRUPT);
		assert_null(none);
		free(odd);
	}
	/* Any byte changed past the header: refused, or read into an
	 * index that still decides without reading outside it (the MAC of
	 * the cache is what tells a changed time from the true one). */
	for (i = 0; i < 4000; i++) {
		size_t at = 80 + pick(len - 80); /* past the fingerprint */

		memcpy(bad, img, len);
		bad[at] ^= (unsigned char)(1u << pick(8));
		if (read_copy(bad, len, &err) != SCS_OK)
			refused++;
	}
	print_message("    %zu of 4000 one-bit changes refused\n", refused);
	assert_true(refused > 0);
	/* Trailing bytes. */
	{
		unsigned char *longer = malloc(len + 8);

		assert_non_null(longer);
		memcpy(longer, img, len);
		memset(longer + len, 0, 8);
		assert_int_equal(read_copy(longer, len + 8, &err),
		    SCS_ECORRUPT);
		free(longer);
	}
	free(bad);
	free(img);
	g_img_reg = NULL;
	scs_index_free(ix);
	free(r);
}

/* ---- ids resolved in groups (scs_index_resolve_many) ---- */

/* Every id of @r and its near misses, as queries of @ix, resolved in
 * groups of several sizes, each as one by one. */
static void
resolve_as_one_by_one(const struct scs_index *ix, const struct reg *r)
{
	static char buf[4 * CAP * 8][SCS_ID_MAX + 2];
	static struct scs_index_ids q[4 * CAP * 8];
	static int32_t sh[4 * CAP * 8], ih[4 * CAP * 8];
	static const size_t sizes[] = {0, 1, 2, 7, SCS_INDEX_BATCH - 1,
	    SCS_INDEX_BATCH, SCS_INDEX_BATCH + 1, 3 * SCS_INDEX_BATCH + 5};
	size_t nb = 0, n = 0, i, k, off, len;
	const char *ids[2 * CAP + 4];
	size_t nids = 0;

	for (i = 0; i < r->nper; i++)
		ids[nids++] = r->per[i].id;
	for (i = 0; i < r->nitem; i++)
		ids[nids++] = r->item[i].id;
	ids[nids++] = "p";
	ids[nids++] = "i";
	ids[nids++] = "o0"; /* an organization's: neither */
	ids[nids++] = "nobody";
	/* Each id as it is, one byte changed, a byte less, a byte more, a NUL
	 * inside: as a subject and as an item, paired at random. */
	for (i = 0; i < nids; i++) {
		for (k = 0; k < 5; k++) {
			char *b = buf[nb++];

			len = strlen(ids[i]);
			memcpy(b, ids[i], len + 1);
			if (k == 1)
				b[pick(len)] ^= (char)(1 + pick(6));
			else if (k == 2)
				len--;
			else if (k == 3)
				b[len++] = (char)('0' + pick(10));
			else if (k == 4)
				b[pick(len)] = '\0';
			q[n].subject = b;
			q[n].slen = len;
			q[n].item = ids[pick(nids)];
			q[n].ilen = strlen(q[n].item);
			n++;
			q[n].subject = ids[pick(nids)];
			q[n].slen = strlen(q[n].subject);
			q[n].item = b;
			q[n].ilen = len;
			n++;
		}
	}
	q[n].subject = "";
	q[n].slen = 0;
	q[n].item = "";
	q[n].ilen = 0;
	n++;
	for (i = 0; i < n; i++) { /* shuffled */
		struct scs_index_ids x = q[i];

		k = i + pick(n - i);
		q[i] = q[k];
		q[k] = x;
	}
	for (k = 0; k <= SCS_NELEM(sizes); k++) {
		size_t m = k < SCS_NELEM(sizes) ? sizes[k] : n;

		for (off = 0; off<n; off += m> 0 ? m : n) {
			size_t cnt = m < n - off ? m : n - off;

			memset(sh, 0x55, sizeof(sh));
			memset(ih, 0x55, sizeof(ih));
			scs_index_resolve_many(ix, q + off, cnt, sh, ih);
			for (i = 0; i < cnt; i++) {
				const struct scs_index_ids *e = &q[off + i];

				if (sh[i] !=
				        scs_index_subject(ix, e->subject,
				            e->slen) ||
				    ih[i] !=
				        scs_index_item(ix, e->item, e->ilen))
					fail_msg("group of %zu: query %zu "
					         "(%.*s, %.*s) resolved %d %d",
					    m, off + i, (int)e->slen,
					    e->subject, (int)e->ilen, e->item,
					    sh[i], ih[i]);
			}
			/* Nothing written past the group. */
			if (cnt < SCS_NELEM(sh) &&
			    (sh[cnt] != 0x55555555 || ih[cnt] != 0x55555555))
				fail_msg("group of %zu wrote past its end", m);
		}
	}
}

static void
test_ids_resolve_in_groups_as_one_by_one(void **state)
{
	size_t round, batch, known = 0;

	(void)state;
	for (round = 0; round < 12; round++) {
		struct reg *r = random_reg(20 + pick(200), 10 + pick(120));
		struct scs_index *cur = build(r), *next;
		struct scs_index_update *u;
		struct scs_err err;
		size_t i;

		resolve_as_one_by_one(cur, r);
		/* An overlay: new and changed persons, items, organizations. */
		for (batch = 0; batch < 6; batch++) {
			struct touched t;
			size_t k, n = 1 + pick(6);

			memset(&t, 0, sizeof(t));
			for (k = 0; k < n; k++)
				change(r, &t);
			if (update(cur, r, &t, &next) != SCS_OK)
				next = build(r); /* a country moved */
			scs_index_free(cur);
			cur = next;
			resolve_as_one_by_one(cur, r);
		}
		/* A person and an item gone (named, given no records): ids the
		 * base knows that the overlay removes. */
		assert_non_null(u = scs_index_update_new(cur));
		ok(scs_index_update_subject(u, r->per[0].id), "update_subject");
		ok(scs_index_update_item(u, r->item[0].id), "update_item");
		scs_err_clear(&err);
		ok(scs_index_update_finish(u, &next, &err), "update_finish");
		assert_int_equal(scs_index_subject(next, r->per[0].id,
		                     strlen(r->per[0].id)),
		    -1);
		resolve_as_one_by_one(next, r);
		for (i = 0; i < r->nper; i++)
			known += scs_index_subject(next, r->per[i].id,
			             strlen(r->per[i].id)) >= 0;
		scs_index_free(cur);
		scs_index_free(next);
		free(r);
	}
	assert_true(known > 0);
}

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
	    cmocka_unit_test(test_updates_decide_as_a_full_build),
	    cmocka_unit_test(
	        test_an_item_updated_to_an_alliance_admits_its_members),
	    cmocka_unit_test(
	        test_an_organization_changing_country_asks_for_a_full_build),
	    cmocka_unit_test(test_a_record_of_an_entity_not_named_is_refused),
	    cmocka_unit_test(test_the_overlay_is_bounded_by_a_fold),
	    cmocka_unit_test(test_readers_decide_while_updates_are_published),
	    cmocka_unit_test(
	        test_an_index_read_from_its_image_decides_as_built),
	    cmocka_unit_test(test_a_bad_image_is_refused),
	    cmocka_unit_test(test_ids_resolve_in_groups_as_one_by_one),
	};

	return cmocka_run_group_tests(tests, load_refdata, free_refdata);
}
