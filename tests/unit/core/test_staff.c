/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_staff.c - a security officer's view of their staff on a day
 * (src/core/staff.c): each clearance's standing (active, expiring within
 * 180 days, expired, suspended, none) at the exact second its rule
 * changes, and a person's: suspended whenever a suspension holds or a
 * clearance is suspended, else the best of their clearances, with the
 * end of that standing.
 */
#include "helpers.h"

#include "scs/staff.h"
#include "scs/time.h"

#define DAY ((int64_t)86400)

static const int64_t now = 1767225600; /* 2026-01-01 */

static struct scs_clearance
clr(enum scs_clearance_status st, int64_t from, int64_t until)
{
	struct scs_clearance c;

	memset(&c, 0, sizeof(c));
	(void)snprintf(c.person, sizeof(c.person), "p1");
	(void)snprintf(c.authority, sizeof(c.authority), "JPN-SDS");
	(void)snprintf(c.level, sizeof(c.level), "TOKUTEI_HIMITSU");
	c.status = st;
	c.valid_from = from;
	c.valid_until = until;
	return c;
}

static struct scs_suspension
susp(int64_t from, int64_t until)
{
	struct scs_suspension x;

	memset(&x, 0, sizeof(x));
	(void)snprintf(x.person, sizeof(x.person), "p1");
	x.valid_from = from;
	x.valid_until = until;
	return x;
}

static void
test_names_round_trip(void **state)
{
	enum scs_staff_status s;
	unsigned i;

	(void)state;
	for (i = 0; i < SCS_STAFF_N; i++) {
		assert_int_equal(
		    scs_staff_status_parse(scs_staff_status_name(
		                               (enum scs_staff_status)i),
		        &s),
		    0);
		assert_int_equal(s, i);
	}
	assert_int_equal(scs_staff_status_parse("Active", &s), -1);
	assert_int_equal(scs_staff_status_parse("", &s), -1);
}

static void
test_an_active_clearance_is_expiring_within_180_days(void **state)
{
	struct scs_clearance c;

	(void)state;
	c = clr(SCS_CLR_ACTIVE, now - 365 * DAY, now + 180 * DAY + 1);
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_ACTIVE);
	c.valid_until = now + 180 * DAY;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_EXPIRING);
	c.valid_until = SCS_TIME_NEVER;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_ACTIVE);
	c = clr(SCS_CLR_INTERIM, now - DAY, now + 10 * DAY);
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_EXPIRING);
}

static void
test_a_clearance_ends_at_its_valid_until(void **state)
{
	struct scs_clearance c = clr(SCS_CLR_ACTIVE, now - DAY, now + 1);

	(void)state;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_EXPIRING);
	c.valid_until = now;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_EXPIRED);
}

static void
test_revoked_expired_and_ended_are_expired(void **state)
{
	static const enum scs_clearance_status st[] = {SCS_CLR_REVOKED,
	    SCS_CLR_EXPIRED, SCS_CLR_ENDED};
	struct scs_clearance c;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(st); i++) {
		c = clr(st[i], now - DAY, SCS_TIME_NEVER);
		assert_int_equal(scs_staff_clearance(&c, now),
		    SCS_STAFF_EXPIRED);
	}
}

static void
test_a_suspended_clearance_is_suspended_until_it_ends(void **state)
{
	struct scs_clearance c = clr(SCS_CLR_SUSPENDED, now - DAY, now + DAY);

	(void)state;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_SUSPENDED);
	c.valid_until = now;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_EXPIRED);
}

static void
test_a_clearance_not_begun_is_none(void **state)
{
	struct scs_clearance c = clr(SCS_CLR_ACTIVE, now + 1, now + 1000 * DAY);

	(void)state;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_NONE);
	c.valid_from = now;
	assert_int_equal(scs_staff_clearance(&c, now), SCS_STAFF_ACTIVE);
}

static void
test_a_person_without_clearances_is_none(void **state)
{
	struct scs_staff s;

	(void)state;
	scs_staff_init(&s);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_NONE);
	assert_false(s.has_until);
}

static void
test_a_person_takes_the_best_clearance_and_its_end(void **state)
{
	struct scs_clearance old = clr(SCS_CLR_EXPIRED, now - 900 * DAY,
	                         now - 100 * DAY),
	                     soon =
	                         clr(SCS_CLR_ACTIVE, now - DAY, now + 30 * DAY),
	                     far = clr(SCS_CLR_ACTIVE, now - DAY,
	                         now + 900 * DAY);
	struct scs_staff s;

	(void)state;
	scs_staff_init(&s);
	scs_staff_add_clearance(&s, &old, now);
	assert_int_equal(s.status, SCS_STAFF_EXPIRED);
	assert_int_equal(s.valid_until, now - 100 * DAY);
	scs_staff_add_clearance(&s, &soon, now);
	assert_int_equal(s.status, SCS_STAFF_EXPIRING);
	assert_int_equal(s.valid_until, now + 30 * DAY);
	scs_staff_add_clearance(&s, &far, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_ACTIVE);
	assert_true(s.has_until);
	assert_int_equal(s.valid_until, now + 900 * DAY);
	/* order does not matter */
	scs_staff_init(&s);
	scs_staff_add_clearance(&s, &far, now);
	scs_staff_add_clearance(&s, &old, now);
	scs_staff_add_clearance(&s, &soon, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_ACTIVE);
	assert_int_equal(s.valid_until, now + 900 * DAY);
}

static void
test_a_suspension_in_force_suspends_the_person(void **state)
{
	struct scs_clearance c =
	    clr(SCS_CLR_ACTIVE, now - DAY, now + 900 * DAY);
	struct scs_suspension lifted = susp(now - 10 * DAY, now),
	                      holds = susp(now - 10 * DAY, SCS_TIME_NEVER),
	                      later = susp(now + 1, SCS_TIME_NEVER);
	struct scs_staff s;

	(void)state;
	scs_staff_init(&s);
	scs_staff_add_clearance(&s, &c, now);
	scs_staff_add_suspension(&s, &lifted, now);
	scs_staff_add_suspension(&s, &later, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_ACTIVE);
	scs_staff_init(&s);
	scs_staff_add_suspension(&s, &holds, now);
	scs_staff_add_clearance(&s, &c, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_SUSPENDED);
	assert_true(s.has_until);
	assert_int_equal(s.valid_until, now + 900 * DAY);
	/* a suspension alone, no clearance: suspended, no end */
	scs_staff_init(&s);
	scs_staff_add_suspension(&s, &holds, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_SUSPENDED);
	assert_false(s.has_until);
}

static void
test_a_suspended_clearance_outranks_an_active_one(void **state)
{
	struct scs_clearance a = clr(SCS_CLR_ACTIVE, now - DAY,
	                         now + 900 * DAY),
	                     b = clr(SCS_CLR_SUSPENDED, now - DAY,
	                         now + 50 * DAY);
	struct scs_staff s;

	(void)state;
	scs_staff_init(&s);
	scs_staff_add_clearance(&s, &a, now);
	scs_staff_add_clearance(&s, &b, now);
	assert_int_equal(scs_staff_done(&s), SCS_STAFF_SUSPENDED);
	assert_int_equal(s.valid_until, now + 50 * DAY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_names_round_trip),
	    cmocka_unit_test(
	        test_an_active_clearance_is_expiring_within_180_days),
	    cmocka_unit_test(test_a_clearance_ends_at_its_valid_until),
	    cmocka_unit_test(test_revoked_expired_and_ended_are_expired),
	    cmocka_unit_test(
	        test_a_suspended_clearance_is_suspended_until_it_ends),
	    cmocka_unit_test(test_a_clearance_not_begun_is_none),
	    cmocka_unit_test(test_a_person_without_clearances_is_none),
	    cmocka_unit_test(
	        test_a_person_takes_the_best_clearance_and_its_end),
	    cmocka_unit_test(test_a_suspension_in_force_suspends_the_person),
	    cmocka_unit_test(test_a_suspended_clearance_outranks_an_active_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
