/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_decide.c - a run of decisions (src/ops/decide.c):
 * scs_op_decide_many against scs_op_decide one by one on the same
 * queries, for each kind of actor (scope), with the records handed to a
 * sink every few decisions: the same answers and times, the same records
 * in the same hand-overs, and the same error at the same query when one is
 * refused (a bad id, a time out of range) or a hand-over fails midway.
 */
#include "helpers.h"

#include "scs/index.h"
#include "scs/time.h"

static struct scs_refdata rd;
static uint64_t rng = 0x5eed2026ULL;

static size_t
pick(size_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return n > 0 ? (size_t)(rng % n) : 0;
}

#define SET(dst, src) (void)snprintf((dst), sizeof(dst), "%s", (src))

#define NPER  70
#define NITEM 40

static struct scs_index *
build(void)
{
	static const char *const orgs[] = {"mod", "cao", "acme"};
	struct scs_index_builder *b = scs_index_builder_new(&rd);
	struct scs_index *ix = NULL;
	struct scs_err err;
	size_t i;

	assert_non_null(b);
	for (i = 0; i < 3; i++) {
		struct scs_org o;

		memset(&o, 0, sizeof(o));
		SET(o.id, orgs[i]);
		SET(o.name, orgs[i]);
		o.type = i < 2 ? SCS_ORG_GOVERNMENT : SCS_ORG_CONTRACTOR;
		SET(o.country, "JPN");
		assert_int_equal(scs_index_add_org(b, &o), SCS_OK);
	}
	for (i = 0; i < NPER; i++) {
		struct scs_person p;
		struct scs_clearance c;

		memset(&p, 0, sizeof(p));
		(void)snprintf(p.id, sizeof(p.id), "p%zu", i);
		SET(p.name, p.id);
		SET(p.name_latin, p.id);
		SET(p.birth_date, "1980-04-01");
		SET(p.nationalities[0], "JPN");
		p.nnationalities = 1;
		SET(p.org, orgs[i % 3]);
		assert_int_equal(scs_index_add_person(b, &p), SCS_OK);
		if (i % 4 == 3)
			continue; /* not cleared */
		memset(&c, 0, sizeof(c));
		SET(c.person, p.id);
		SET(c.authority, "JPN-MOD");
		SET(c.level, i % 2 ? "KIMITSU" : "GOKUHI");
		c.status = i % 5 == 4 ? SCS_CLR_SUSPENDED : SCS_CLR_ACTIVE;
		c.valid_from = 1735689600; /* 2025-01-01 */
		c.valid_until = 1735689600 + 3 * 365 * 86400;
		assert_int_equal(scs_index_add_rec(b, SCS_KIND_CLEARANCE, &c),
		    SCS_OK);
	}
	for (i = 0; i < NITEM; i++) {
		struct scs_item it;

		memset(&it, 0, sizeof(it));
		(void)snprintf(it.id, sizeof(it.id), "doc-%zu", i);
		SET(it.title, it.id);
		SET(it.owner, orgs[i % 2]);
		it.field = SCS_FIELD_DEFENSE;
		SET(it.authority, "JPN-MOD");
		SET(it.level, i % 3 ? "GOKUHI" : "KIMITSU");
		it.valid_from = 1704067200; /* 2024-01-01 */
		it.valid_until = 1704067200 + 5 * 366 * 86400;
		assert_int_equal(scs_index_add_rec(b, SCS_KIND_ITEM, &it),
		    SCS_OK);
	}
	assert_int_equal(scs_index_build(b, &ix, &err), SCS_OK);
	return ix;
}

/* What a sink was handed, in order. */
struct transcript {
	char text[1 << 16];
	size_t len;
	int calls, fail_at; /* the call that fails (SCS_EIO); 0: none */
};

static int
sink(void *arg, const struct scs_decision_rec *recs, size_t n, uint64_t allows,
    uint64_t denies, struct scs_err *err)
{
	struct transcript *t = arg;
	size_t i;

	t->calls++;
	t->len += (size_t)snprintf(t->text + t->len, sizeof(t->text) - t->len,
	    "[%d: %zu recs, %llu allows, %llu denies]", t->calls, n,
	    (unsigned long long)allows, (unsigned long long)denies);
	for (i = 0; i < n; i++)
		t->len += (size_t)snprintf(t->text + t->len,
		    sizeof(t->text) - t->len, " %s %s %s %lld %d",
		    recs[i].actor, recs[i].subject, recs[i].item,
		    (long long)recs[i].at, (int)recs[i].reason);
	assert_true(t->len < sizeof(t->text) - 1);
	if (t->calls == t->fail_at)
		return scs_err_set(err, SCS_EIO, "audit", "the queue is gone");
	return SCS_OK;
}

#define NQ 300

struct run {
	enum scs_reason r[NQ];
	int64_t at[NQ];
	size_t done; /* answered before the error (NQ: none) */
	int rc, flush_rc;
	struct scs_err err;
	struct transcript t;
};

static char ids[NQ][2][SCS_ID_MAX + 2];
static int64_t times[NQ];
static struct scs_decide_query q[NQ];

/* Known ids, near misses and unknown ones; now and then a time of its
 * own; a bad query at @bad (NQ: none). */
static void
make_queries(size_t bad)
{
	size_t i, k;

	for (i = 0; i < NQ; i++) {
		for (k = 0; k < 2; k++) {
			char *s = ids[i][k];
			size_t n = k == 0 ? NPER + 3 : NITEM + 3;

			(void)snprintf(s, SCS_ID_MAX + 2, "%s%zu",
			    k == 0 ? "p" : "doc-", pick(n));
			if (pick(8) == 0)
				s[strlen(s) - 1] ^= 0x02; /* a byte changed */
		}
		q[i].subject = ids[i][0];
		q[i].slen = strlen(ids[i][0]);
		q[i].item = ids[i][1];
		q[i].ilen = strlen(ids[i][1]);
		times[i] = 1735689600 + (int64_t)pick(4 * 365) * 86400;
		q[i].at = pick(3) == 0 ? NULL : &times[i];
	}
	if (bad >= NQ)
		return;
	switch (pick(3)) {
	case 0:
		SET(ids[bad][0], "a b"); /* not an id */
		q[bad].slen = 3;
		break;
	case 1:
		memset(ids[bad][1], 'x', SCS_ID_MAX + 1); /* too long */
		q[bad].ilen = SCS_ID_MAX + 1;
		break;
	default:
		times[bad] = SCS_DECIDE_MAX + 1;
		q[bad].at = &times[bad];
	}
}

static void
one_by_one(struct scs_ctx *c, const struct scs_index *ix, struct run *o)
{
	struct scs_decider d;
	struct scs_err e2;

	assert_int_equal(scs_op_decider_open(&d, c, ix, SCS_DAUDIT_DENIES, 7,
	                     sink, &o->t, &o->err),
	    SCS_OK);
	o->rc = SCS_OK;
	for (o->done = 0; o->done < NQ; o->done++) {
		const struct scs_decide_query *e = &q[o->done];

		if ((o->rc = scs_op_decide(&d, e->subject, e->slen, e->item,
		         e->ilen, e->at, &o->at[o->done], &o->r[o->done],
		         &o->err)) != SCS_OK)
			break;
	}
	o->flush_rc = scs_op_decider_flush(&d, &e2);
	scs_op_decider_close(&d);
}

/* The same queries through scs_op_decide_many, in chunks of random sizes
 * (as a server's requests or a file's groups cut them). */
static void
many(struct scs_ctx *c, const struct scs_index *ix, struct run *o)
{
	struct scs_decider d;
	struct scs_err e2;
	size_t base, m, done;

	assert_int_equal(scs_op_decider_open(&d, c, ix, SCS_DAUDIT_DENIES, 7,
	                     sink, &o->t, &o->err),
	    SCS_OK);
	o->rc = SCS_OK;
	o->done = NQ;
	for (base = 0; base < NQ; base += m) {
		m = pick(3) == 0 ? NQ - base : 1 + pick(90);
		if (m > NQ - base)
			m = NQ - base;
		o->rc = scs_op_decide_many(&d, q + base, m, o->at + base,
		    o->r + base, &done, &o->err);
		if (o->rc != SCS_OK) {
			o->done = base + done;
			break;
		}
		assert_int_equal(done, m);
	}
	o->flush_rc = scs_op_decider_flush(&d, &e2);
	scs_op_decider_close(&d);
}

static void
same_runs(const struct run *a, const struct run *b)
{
	size_t i;

	assert_int_equal(a->rc, b->rc);
	assert_int_equal(a->done, b->done);
	for (i = 0; i < a->done; i++) {
		assert_int_equal(a->r[i], b->r[i]);
		assert_int_equal(a->at[i], b->at[i]);
	}
	if (a->rc != SCS_OK) {
		assert_string_equal(a->err.field, b->err.field);
		assert_string_equal(a->err.reason, b->err.reason);
	}
	assert_int_equal(a->flush_rc, b->flush_rc);
	assert_int_equal(a->t.calls, b->t.calls);
	assert_string_equal(a->t.text, b->t.text);
}

static void
test_decide_many_is_decide_one_by_one(void **state)
{
	static const enum scs_role roles[] = {SCS_ROLE_RELYING,
	    SCS_ROLE_SECURITY_OFFICER, SCS_ROLE_DESIGNATOR};
	struct scs_index *ix = build();
	struct run *a = calloc(1, sizeof(*a)), *b = calloc(1, sizeof(*b));
	struct scs_ctx c;
	size_t round, allows = 0, failed = 0, sink_failed = 0;

	(void)state;
	assert_true(a != NULL && b != NULL);
	for (round = 0; round < 60; round++) {
		size_t bad = pick(2) == 0 ? pick(NQ) : NQ;
		int fail_at = pick(4) == 0 ? 1 + (int)pick(30) : 0;
		size_t i;

		memset(&c, 0, sizeof(c));
		c.now_us = test_clock;
		c.actor.kind = SCS_ACTOR_USER;
		c.actor.role = roles[round % 3];
		SET(c.actor.user, "u");
		SET(c.actor.name, "user:u");
		SET(c.actor.org, round % 3 == 1 ? "acme" : "mod");
		make_queries(bad);
		memset(a, 0, sizeof(*a));
		memset(b, 0, sizeof(*b));
		a->t.fail_at = b->t.fail_at = fail_at;
		one_by_one(&c, ix, a);
		many(&c, ix, b);
		same_runs(a, b);
		for (i = 0; i < a->done; i++)
			allows += scs_reason_allows(a->r[i]);
		failed += a->rc != SCS_OK;
		sink_failed += a->rc == SCS_EIO;
	}
	/* The runs reached what they are meant to compare. */
	assert_true(allows > 0);
	assert_true(failed > sink_failed && sink_failed > 0);
	scs_index_free(ix);
	free(a);
	free(b);
}

/* Nothing to decide: nothing answered, nothing handed on. */
static void
test_decide_many_of_none(void **state)
{
	struct scs_index *ix = build();
	struct transcript *t = calloc(1, sizeof(*t));
	struct scs_decider d;
	struct scs_ctx c;
	struct scs_err err;
	size_t done = 99;

	(void)state;
	assert_non_null(t);
	memset(&c, 0, sizeof(c));
	c.now_us = test_clock;
	scs_actor_os(&c.actor);
	assert_int_equal(scs_op_decider_open(&d, &c, ix, SCS_DAUDIT_EACH, 4,
	                     sink, t, &err),
	    SCS_OK);
	assert_int_equal(scs_op_decide_many(&d, q, 0, NULL, NULL, &done, &err),
	    SCS_OK);
	assert_int_equal(done, 0);
	assert_int_equal(scs_op_decider_flush(&d, &err), SCS_OK);
	assert_int_equal(t->calls, 0);
	scs_op_decider_close(&d);
	scs_index_free(ix);
	free(t);
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
	    cmocka_unit_test(test_decide_many_is_decide_one_by_one),
	    cmocka_unit_test(test_decide_many_of_none),
	};

	return cmocka_run_group_tests(tests, load_refdata, free_refdata);
}
