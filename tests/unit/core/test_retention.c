/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_retention.c - the retention rule of DESIGN.md section 7
 * (src/core/retention.c): when a person's sealed data may be purged, one
 * named test per rule, at the exact second the period ends.  Periods of
 * 365 (not completed), 1826 (denied) and 1000 (ended clearance) days.
 */
#include "helpers.h"

#include "scs/time.h"

#define DAY ((int64_t)86400)

static const struct scs_policy pol = {
    .not_completed_days = 365,
    .denied_days = 1826,
    .ended_clearance_days = 1000,
};

static int64_t
T(const char *s)
{
	struct scs_err err;
	int64_t t = 0;

	if (scs_time_parse(s, strlen(s), "t", &t, &err) != SCS_OK)
		fail_msg("cannot parse %s", s);
	return t;
}

static struct scs_case
kase(enum scs_case_state state, const char *since, const char *decided)
{
	struct scs_case k;

	memset(&k, 0, sizeof(k));
	k.state = state;
	k.opened = T("2000-01-01");
	k.since = T(since);
	if (decided != NULL) {
		k.has_decided = true;
		k.decided = T(decided);
	}
	return k;
}

static struct scs_clearance
clearance(const char *until)
{
	struct scs_clearance c;

	memset(&c, 0, sizeof(c));
	c.status = SCS_CLR_ACTIVE;
	c.valid_from = T("2000-01-01");
	c.valid_until = until != NULL ? T(until) : SCS_TIME_NEVER;
	return c;
}

static int64_t
due_of_case(struct scs_case k)
{
	struct scs_retention r;

	scs_retention_init(&r);
	scs_retention_case(&r, &pol, &k);
	return scs_retention_due(&r, &pol);
}

static void
test_a_refused_or_withdrawn_case_goes_365_days_after_it_ended(void **state)
{
	(void)state;
	assert_int_equal(due_of_case(
	                     kase(SCS_CASE_REFUSED, "2024-01-01", NULL)),
	    T("2024-01-01") + 365 * DAY);
	assert_int_equal(due_of_case(
	                     kase(SCS_CASE_WITHDRAWN, "2024-03-01", NULL)),
	    T("2024-03-01") + 365 * DAY);
}

static void
test_a_denial_goes_denied_days_after_the_decision(void **state)
{
	struct scs_case k = kase(SCS_CASE_DENIED, "2020-01-01", "2020-01-01");

	(void)state;
	assert_int_equal(due_of_case(k), T("2020-01-01") + 1826 * DAY);
	/* A rejected complaint: from the rejection, the later time. */
	k = kase(SCS_CASE_REJECTED, "2020-06-01", "2020-01-01");
	assert_int_equal(due_of_case(k), T("2020-06-01") + 1826 * DAY);
	/* Never before the complaint window closes. */
	k = kase(SCS_CASE_DENIED, "2020-01-01", "2020-01-01");
	k.has_complaint_until = true;
	k.complaint_until = T("2040-01-01");
	assert_int_equal(due_of_case(k), T("2040-01-01"));
}

static void
test_an_open_case_keeps_the_person(void **state)
{
	static const enum scs_case_state open[] = {SCS_CASE_AWAITING_CONSENT,
	    SCS_CASE_QUESTIONNAIRE, SCS_CASE_SUBMITTED, SCS_CASE_INVESTIGATING,
	    SCS_CASE_ADJUDICATING, SCS_CASE_INTERIM, SCS_CASE_COMPLAINT};
	struct scs_retention r;
	struct scs_case old = kase(SCS_CASE_WITHDRAWN, "1990-01-01", NULL);
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(open); i++) {
		struct scs_case k = kase(open[i], "2001-01-01", "2001-01-01");

		scs_retention_init(&r);
		scs_retention_case(&r, &pol, &old);
		scs_retention_case(&r, &pol, &k);
		assert_int_equal(scs_retention_due(&r, &pol), SCS_TIME_NEVER);
	}
}

static void
test_a_granted_person_goes_after_every_clearance_ended(void **state)
{
	struct scs_case k = kase(SCS_CASE_GRANTED, "2010-01-01", "2010-01-01");
	struct scs_clearance a = clearance("2015-01-01");
	struct scs_clearance b = clearance("2020-01-01");
	struct scs_retention r;

	(void)state;
	scs_retention_init(&r);
	scs_retention_case(&r, &pol, &k);
	scs_retention_clearance(&r, &pol, &a);
	scs_retention_clearance(&r, &pol, &b);
	/* The later clearance decides, whatever its status. */
	assert_int_equal(scs_retention_due(&r, &pol),
	    T("2020-01-01") + 1000 * DAY);
}

static void
test_a_clearance_without_end_keeps_the_person(void **state)
{
	struct scs_clearance c = clearance(NULL);
	struct scs_retention r;

	(void)state;
	scs_retention_init(&r);
	scs_retention_clearance(&r, &pol, &c);
	assert_int_equal(scs_retention_due(&r, &pol), SCS_TIME_NEVER);
}

static void
test_a_granted_case_without_a_clearance_goes_from_its_decision(void **state)
{
	(void)state;
	assert_int_equal(due_of_case(kase(SCS_CASE_GRANTED, "2010-01-01",
	                     "2010-01-01")),
	    T("2010-01-01") + 1000 * DAY);
}

static void
test_a_person_with_nothing_that_ended_is_kept(void **state)
{
	struct scs_retention r;

	(void)state;
	scs_retention_init(&r);
	assert_int_equal(scs_retention_due(&r, &pol), SCS_TIME_NEVER);
}

static void
test_the_latest_record_decides(void **state)
{
	struct scs_case a = kase(SCS_CASE_WITHDRAWN, "2020-01-01", NULL);
	struct scs_case b = kase(SCS_CASE_DENIED, "2019-01-01", "2019-01-01");
	struct scs_clearance c = clearance("2021-01-01");
	struct scs_retention r;

	(void)state;
	scs_retention_init(&r);
	scs_retention_case(&r, &pol, &a);
	scs_retention_case(&r, &pol, &b);
	scs_retention_clearance(&r, &pol, &c);
	assert_int_equal(scs_retention_due(&r, &pol),
	    T("2019-01-01") + 1826 * DAY);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_a_refused_or_withdrawn_case_goes_365_days_after_it_ended),
	    cmocka_unit_test(test_a_denial_goes_denied_days_after_the_decision),
	    cmocka_unit_test(test_an_open_case_keeps_the_person),
	    cmocka_unit_test(
	        test_a_granted_person_goes_after_every_clearance_ended),
	    cmocka_unit_test(test_a_clearance_without_end_keeps_the_person),
	    cmocka_unit_test(
	        test_a_granted_case_without_a_clearance_goes_from_its_decision),
	    cmocka_unit_test(test_a_person_with_nothing_that_ended_is_kept),
	    cmocka_unit_test(test_the_latest_record_decides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
