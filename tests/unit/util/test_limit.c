/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_limit.c - the fixed tables of per-key limits (src/util/limit.c):
 * a burst then a steady rate per key, independent keys, a refused act that
 * takes nothing, a table that never grows and forgets only those it limits
 * least, and the counters of the sign-in lockout of unknown names.
 */
#include "helpers.h"

#include <stdint.h>
#include <stdio.h>

#include "scs/limit.h"

#define S 1000000 /* a second, in microseconds */

static void
test_limit_allows_a_burst_then_one_per_period(void **state)
{
	struct scs_limit *l = scs_limit_new(3, 2 * S, 64);
	int64_t t = 1000 * (int64_t)S;

	(void)state;
	assert_non_null(l);
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	/* The fourth waits for one period: 2 s. */
	assert_int_equal(scs_limit_take(l, "a", 1, t), 2);
	assert_int_equal(scs_limit_peek(l, "a", 1, t), 2);
	/* Refused acts take nothing: after 2 s one more goes, not two. */
	assert_int_equal(scs_limit_take(l, "a", 1, t + 2 * S), 0);
	assert_int_equal(scs_limit_take(l, "a", 1, t + 2 * S), 2);
	/* A part of a second is told as a whole one. */
	assert_int_equal(scs_limit_take(l, "a", 1, t + 3 * S + 1), 1);
	/* After a long rest the whole burst is back, never more. */
	t += 100 * (int64_t)S;
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	assert_int_equal(scs_limit_take(l, "a", 1, t), 0);
	assert_true(scs_limit_take(l, "a", 1, t) > 0);
	scs_limit_free(l);
}

static void
test_limit_keeps_keys_apart_and_peek_takes_nothing(void **state)
{
	struct scs_limit *l = scs_limit_new(1, 60 * (int64_t)S, 64);
	int64_t t = 5 * (int64_t)S;

	(void)state;
	assert_int_equal(scs_limit_peek(l, "10.0.0.1", 8, t), 0);
	assert_int_equal(scs_limit_peek(l, "10.0.0.1", 8, t), 0);
	assert_int_equal(scs_limit_take(l, "10.0.0.1", 8, t), 0);
	assert_int_equal(scs_limit_take(l, "10.0.0.1", 8, t), 60);
	/* Another key, even one that shares a prefix, has its own budget. */
	assert_int_equal(scs_limit_take(l, "10.0.0.1", 7, t), 0);
	assert_int_equal(scs_limit_take(l, "10.0.0.2", 8, t), 0);
	scs_limit_free(l);
}

static void
test_limit_of_zero_is_no_limit(void **state)
{
	int i;

	(void)state;
	assert_null(scs_limit_new(0, S, 64));
	for (i = 0; i < 1000; i++)
		assert_int_equal(scs_limit_take(NULL, "k", 1, 0), 0);
	assert_int_equal(scs_limit_peek(NULL, "k", 1, 0), 0);
}

/* A table of 8 slots and 1,000 clients: memory stays what it was made
 * with, and a client still limited is forgotten only when every slot of
 * its set holds a client limited at least as long. */
static void
test_limit_table_is_fixed_and_forgets_the_least_limited(void **state)
{
	struct scs_limit *l = scs_limit_new(1, 3600 * (int64_t)S, 8);
	char key[16];
	int i, refused = 0;

	(void)state;
	assert_int_equal(scs_limit_take(l, "victim", 6, 5000), 0);
	/* Clients limited until earlier than the victim: a full set gives
	 * them up before it. */
	for (i = 0; i < 1000; i++) {
		(void)snprintf(key, sizeof(key), "c%d", i);
		(void)scs_limit_take(l, key, strlen(key), 1 + i);
	}
	assert_true(scs_limit_take(l, "victim", 6, 6000) > 0);
	/* The first client was given up: it got its budget back, no more
	 * (one act, then limited again). */
	assert_int_equal(scs_limit_take(l, "c0", 2, 7000), 0);
	assert_true(scs_limit_take(l, "c0", 2, 7000) > 0);
	/* The last ones are still limited.  A peek, not a take: a take of a
	 * client given up would make room for it, giving up another of
	 * those the loop is about to look at. */
	for (i = 996; i < 1000; i++) {
		(void)snprintf(key, sizeof(key), "c%d", i);
		if (scs_limit_peek(l, key, strlen(key), 7000) > 0)
			refused++;
	}
	assert_true(refused > 0);
	scs_limit_free(l);
}

static void
test_limit_counters_count_and_forget(void **state)
{
	struct scs_limit *l = scs_limit_counters_new(64);
	int64_t f, until;

	(void)state;
	scs_limit_count_get(l, "ghost", 5, &f, &until);
	assert_int_equal(f, 0);
	assert_int_equal(until, 0);
	scs_limit_count_put(l, "ghost", 5, 3, 0);
	scs_limit_count_put(l, "ghost", 5, 6, 1234);
	scs_limit_count_get(l, "ghost", 5, &f, &until);
	assert_int_equal(f, 6);
	assert_int_equal(until, 1234);
	scs_limit_count_get(l, "other", 5, &f, &until);
	assert_int_equal(f, 0);
	scs_limit_count_put(l, "ghost", 5, 0, 0);
	scs_limit_count_get(l, "ghost", 5, &f, &until);
	assert_int_equal(f, 0);
	assert_int_equal(until, 0);
	scs_limit_free(l);
	scs_limit_count_get(NULL, "x", 1, &f, &until);
	assert_int_equal(f + until, 0);
	scs_limit_count_put(NULL, "x", 1, 1, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_limit_allows_a_burst_then_one_per_period),
	    cmocka_unit_test(
	        test_limit_keeps_keys_apart_and_peek_takes_nothing),
	    cmocka_unit_test(test_limit_of_zero_is_no_limit),
	    cmocka_unit_test(
	        test_limit_table_is_fixed_and_forgets_the_least_limited),
	    cmocka_unit_test(test_limit_counters_count_and_forget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
