/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_slot.c - unit tests for src/index/slot.c, the slot that publishes
 * one decision index at a time: nothing before the first publish; what was
 * published is what readers enter; a writer waits for a reader still
 * inside; and reader threads entering, deciding and leaving in a loop
 * while writers publish hundreds of freshly built indexes (under ASan a
 * reader touching a freed index is caught, under LeakSanitizer an index
 * never freed).  Loops are bounded by counts, never by the clock.
 */
#include "helpers.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "scs/index.h"
#include "scs/refdata.h"
#include "scs/register.h"
#include "scs/time.h"

static struct scs_refdata rd;

#define T0        1767268800LL /* 2026-01-01T12:00:00Z */
#define Y25       1735689600LL /* 2025-01-01 */
#define NREADERS  3
#define NPUBLISH  200
#define MIN_READS 2000
#define MAX_READS 50000000UL

#define SET(dst, src) (void)snprintf((dst), sizeof(dst), "%s", (src))

/*
 * Index number @gen: persons p0..p(gen % 5), one item "doc" (JPN-SDS,
 * owner-only) and, for odd @gen, a second item "doc2".  p0 holds a JPN-SDS
 * clearance only in even generations, so in every index p0 may read doc
 * exactly when the index holds one item: a reader can check an index
 * against itself.
 */
static struct scs_index *
build_gen(unsigned gen)
{
	struct scs_index_builder *b = scs_index_builder_new(&rd);
	struct scs_index *ix = NULL;
	struct scs_org o;
	struct scs_person p;
	struct scs_clearance c;
	struct scs_item it;
	struct scs_err err;
	unsigned i;

	if (b == NULL)
		return NULL;
	memset(&o, 0, sizeof(o));
	SET(o.id, "mod");
	SET(o.name, "Ministry of Defense");
	o.type = SCS_ORG_GOVERNMENT;
	SET(o.country, "JPN");
	if (scs_index_add_org(b, &o) != SCS_OK)
		goto fail;
	for (i = 0; i <= gen % 5; i++) {
		memset(&p, 0, sizeof(p));
		(void)snprintf(p.id, sizeof(p.id), "p%u", i);
		SET(p.org, "mod");
		SET(p.nationalities[0], "JPN");
		p.nnationalities = 1;
		if (scs_index_add_person(b, &p) != SCS_OK)
			goto fail;
	}
	if (gen % 2 == 0) {
		memset(&c, 0, sizeof(c));
		SET(c.person, "p0");
		SET(c.authority, "JPN-SDS");
		SET(c.level, "TOKUTEI_HIMITSU");
		c.status = SCS_CLR_ACTIVE;
		c.valid_from = Y25;
		c.valid_until = SCS_TIME_NEVER;
		if (scs_index_add_rec(b, SCS_KIND_CLEARANCE, &c) != SCS_OK)
			goto fail;
	}
	for (i = 0; i < 1 + gen % 2; i++) {
		memset(&it, 0, sizeof(it));
		SET(it.id, i == 0 ? "doc" : "doc2");
		SET(it.owner, "mod");
		SET(it.authority, "JPN-SDS");
		SET(it.level, "TOKUTEI_HIMITSU");
		it.valid_from = Y25;
		it.valid_until = SCS_TIME_NEVER;
		if (scs_index_add_rec(b, SCS_KIND_ITEM, &it) != SCS_OK)
			goto fail;
	}
	if (scs_index_build(b, &ix, &err) != SCS_OK)
		return NULL;
	return ix;
fail:
	scs_index_builder_free(b);
	return NULL;
}

/* Whether @ix answers consistently with itself (see build_gen). */
static bool
consistent(const struct scs_index *ix)
{
	struct scs_index_stats st;
	int32_t s = scs_index_subject(ix, "p0", 2);
	int32_t i = scs_index_item(ix, "doc", 3);
	enum scs_reason r;

	scs_index_stats(ix, &st);
	if (s < 0 || i < 0 || st.subjects < 1 || st.subjects > 5 ||
	    st.orgs != 1 || st.items < 1 || st.items > 2)
		return false;
	r = scs_index_decide(ix, s, i, T0);
	if (r != (st.items == 1 ? SCS_R_ALLOW : SCS_R_NOT_CLEARED))
		return false;
	if ((scs_index_item(ix, "doc2", 4) >= 0) != (st.items == 2))
		return false;
	return scs_index_subject(ix, "p4", 2) >= 0 ? st.subjects == 5 : true;
}

/* ---- one thread ---------------------------------------------------------- */

static void
test_enter_returns_null_before_any_publish(void **state)
{
	struct scs_index_slot *s = scs_index_slot_new();
	unsigned ticket = 99;

	(void)state;
	assert_non_null(s);
	assert_null(scs_index_enter(s, &ticket));
	scs_index_leave(s, ticket);
	assert_null(scs_index_enter(s, &ticket));
	scs_index_leave(s, ticket);
	scs_index_slot_free(s);
}

static void
test_a_published_index_is_what_readers_enter(void **state)
{
	struct scs_index_slot *s = scs_index_slot_new();
	struct scs_index *a = build_gen(0), *b = build_gen(1);
	const struct scs_index *got;
	unsigned ticket;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	assert_non_null(b);
	scs_index_publish(s, a);
	got = scs_index_enter(s, &ticket);
	assert_ptr_equal(got, a);
	assert_true(consistent(got));
	assert_int_equal(scs_index_decide(got, scs_index_subject(got, "p0", 2),
	                     scs_index_item(got, "doc", 3), T0),
	    SCS_R_ALLOW);
	scs_index_leave(s, ticket);
	/* the next publish replaces it (and frees a: LeakSanitizer and ASan
	 * hold the slot to that) */
	scs_index_publish(s, b);
	got = scs_index_enter(s, &ticket);
	assert_ptr_equal(got, b);
	assert_int_equal(scs_index_decide(got, scs_index_subject(got, "p0", 2),
	                     scs_index_item(got, "doc", 3), T0),
	    SCS_R_NOT_CLEARED);
	scs_index_leave(s, ticket);
	scs_index_slot_free(s); /* frees b */
}

static void
test_nested_enters_see_the_current_index(void **state)
{
	struct scs_index_slot *s = scs_index_slot_new();
	struct scs_index *a = build_gen(2);
	unsigned t1, t2;

	(void)state;
	assert_non_null(s);
	assert_non_null(a);
	scs_index_publish(s, a);
	assert_ptr_equal(scs_index_enter(s, &t1), a);
	assert_ptr_equal(scs_index_enter(s, &t2), a);
	scs_index_leave(s, t2);
	scs_index_leave(s, t1);
	scs_index_slot_free(s);
}

static void
test_many_publishes_without_readers_free_every_old_index(void **state)
{
	struct scs_index_slot *s = scs_index_slot_new();
	const struct scs_index *got;
	struct scs_index *ix = NULL;
	unsigned gen, ticket;

	(void)state;
	assert_non_null(s);
	for (gen = 0; gen < NPUBLISH; gen++) {
		ix = build_gen(gen);
		assert_non_null(ix);
		scs_index_publish(s, ix);
	}
	got = scs_index_enter(s, &ticket);
	assert_ptr_equal(got, ix);
	assert_true(consistent(got));
	scs_index_leave(s, ticket);
	scs_index_slot_free(s);
}

static void
test_a_slot_may_be_freed_empty(void **state)
{
	(void)state;
	scs_index_slot_free(scs_index_slot_new());
	scs_index_slot_free(NULL);
}

/* ---- a writer waits for a reader inside -----------------------------------
 */

struct waiter {
	struct scs_index_slot *slot;
	struct scs_index *next;
	atomic_int published;
};

static void *
publish_one(void *arg)
{
	struct waiter *w = arg;

	scs_index_publish(w->slot, w->next);
	atomic_store(&w->published, 1);
	return NULL;
}

static void
test_publish_waits_until_the_reader_inside_leaves(void **state)
{
	struct waiter w;
	const struct scs_index *held, *other;
	struct scs_index *a = build_gen(0);
	pthread_t th;
	unsigned ticket, t2, spin;

	(void)state;
	memset(&w, 0, sizeof(w));
	w.slot = scs_index_slot_new();
	w.next = build_gen(1);
	atomic_init(&w.published, 0);
	assert_non_null(w.slot);
	assert_non_null(a);
	assert_non_null(w.next);
	scs_index_publish(w.slot, a);
	held = scs_index_enter(w.slot, &ticket);
	assert_ptr_equal(held, a);
	assert_int_equal(pthread_create(&th, NULL, publish_one, &w), 0);
	/* However long we stay inside, the writer cannot finish, and the
	 * index we hold stays whole. */
	for (spin = 0; spin < 2000; spin++) {
		assert_true(consistent(held));
		assert_int_equal(atomic_load(&w.published), 0);
		/* another enter never waits, whichever index it gets */
		other = scs_index_enter(w.slot, &t2);
		assert_true(other == a || other == w.next);
		assert_true(consistent(other));
		scs_index_leave(w.slot, t2);
		(void)sched_yield();
	}
	assert_int_equal(atomic_load(&w.published), 0);
	scs_index_leave(w.slot, ticket);
	assert_int_equal(pthread_join(th, NULL), 0);
	assert_int_equal(atomic_load(&w.published), 1);
	held = scs_index_enter(w.slot, &ticket);
	assert_ptr_equal(held, w.next);
	scs_index_leave(w.slot, ticket);
	scs_index_slot_free(w.slot);
}

/* ---- readers and writers at once ------------------------------------------
 */

struct race {
	struct scs_index_slot *slot;
	atomic_int writers_done;
	int nwriters;
	unsigned per_writer;
	atomic_ulong reads, changes, bad, nulls, build_failures;
};

static void *
reader(void *arg)
{
	struct race *r = arg;
	const struct scs_index *last = NULL;
	unsigned long n, changes = 0;

	for (n = 0; n < MAX_READS; n++) {
		const struct scs_index *ix;
		unsigned ticket;

		if (n >= MIN_READS &&
		    atomic_load(&r->writers_done) == r->nwriters)
			break;
		ix = scs_index_enter(r->slot, &ticket);
		if (ix == NULL)
			atomic_fetch_add(&r->nulls, 1);
		else if (!consistent(ix))
			atomic_fetch_add(&r->bad, 1);
		changes += ix != last;
		last = ix;
		scs_index_leave(r->slot, ticket);
		if (n % 64 == 0)
			(void)sched_yield();
	}
	atomic_fetch_add(&r->reads, n);
	atomic_fetch_add(&r->changes, changes);
	return NULL;
}

static void *
writer(void *arg)
{
	struct race *r = arg;
	unsigned gen;

	for (gen = 0; gen < r->per_writer; gen++) {
		struct scs_index *ix = build_gen(gen);

		if (ix == NULL) {
			atomic_fetch_add(&r->build_failures, 1);
			continue;
		}
		scs_index_publish(r->slot, ix);
	}
	atomic_fetch_add(&r->writers_done, 1);
	return NULL;
}

static void
race(int nreaders, int nwriters, unsigned per_writer)
{
	struct race r;
	pthread_t rt[4], wt[2];
	struct scs_index *first = build_gen(0);
	int i;

	assert_true(nreaders <= 4 && nwriters <= 2);
	memset(&r, 0, sizeof(r));
	r.slot = scs_index_slot_new();
	assert_non_null(r.slot);
	assert_non_null(first);
	r.nwriters = nwriters;
	r.per_writer = per_writer;
	atomic_init(&r.writers_done, 0);
	atomic_init(&r.reads, 0);
	atomic_init(&r.changes, 0);
	atomic_init(&r.bad, 0);
	atomic_init(&r.nulls, 0);
	atomic_init(&r.build_failures, 0);
	scs_index_publish(r.slot, first);
	for (i = 0; i < nreaders; i++)
		assert_int_equal(pthread_create(&rt[i], NULL, reader, &r), 0);
	for (i = 0; i < nwriters; i++)
		assert_int_equal(pthread_create(&wt[i], NULL, writer, &r), 0);
	for (i = 0; i < nwriters; i++)
		assert_int_equal(pthread_join(wt[i], NULL), 0);
	for (i = 0; i < nreaders; i++)
		assert_int_equal(pthread_join(rt[i], NULL), 0);
	assert_int_equal(atomic_load(&r.build_failures), 0);
	assert_int_equal(atomic_load(&r.nulls), 0);
	assert_int_equal(atomic_load(&r.bad), 0);
	assert_true(
	    atomic_load(&r.reads) >= (unsigned long)nreaders * MIN_READS);
	if (nwriters * per_writer >= NPUBLISH)
		print_message("    %d readers, %d writers: %lu reads, %lu "
		              "index "
		              "changes seen\n",
		    nreaders, nwriters, atomic_load(&r.reads),
		    atomic_load(&r.changes));
	scs_index_slot_free(r.slot);
}

static void
test_three_readers_decide_while_a_writer_publishes_200_indexes(void **state)
{
	(void)state;
	race(NREADERS, 1, NPUBLISH);
}

static void
test_four_readers_and_two_serialized_writers(void **state)
{
	(void)state;
	race(4, 2, NPUBLISH / 2);
}

static void
test_two_readers_and_a_writer_repeatedly(void **state)
{
	int round;

	(void)state;
	for (round = 0; round < 10; round++)
		race(2, 1, 20);
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
	    cmocka_unit_test(test_enter_returns_null_before_any_publish),
	    cmocka_unit_test(test_a_published_index_is_what_readers_enter),
	    cmocka_unit_test(test_nested_enters_see_the_current_index),
	    cmocka_unit_test(
	        test_many_publishes_without_readers_free_every_old_index),
	    cmocka_unit_test(test_a_slot_may_be_freed_empty),
	    cmocka_unit_test(test_publish_waits_until_the_reader_inside_leaves),
	    cmocka_unit_test(
	        test_three_readers_decide_while_a_writer_publishes_200_indexes),
	    cmocka_unit_test(test_four_readers_and_two_serialized_writers),
	    cmocka_unit_test(test_two_readers_and_a_writer_repeatedly),
	};

	return cmocka_run_group_tests(tests, load_refdata, free_refdata);
}
