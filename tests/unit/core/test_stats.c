/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_stats.c - the oversight statistics' tally (src/core/stats.c): each
 * record counted in its table's row and column at the instant, at the
 * exact second its rule changes; rows sorted by their keys; persons by
 * their employer's type; cases open and decided in the 365 days before;
 * and nothing counted for what the instant does not hold.
 */
#include "helpers.h"

#include "scs/stats.h"
#include "scs/time.h"

#define DAY ((int64_t)86400)

static const int64_t at = 1767225600; /* 2026-01-01 */

static struct scs_clearance
clr(const char *level, enum scs_clearance_status st, int64_t from,
    int64_t until)
{
	struct scs_clearance c;

	memset(&c, 0, sizeof(c));
	(void)snprintf(c.person, sizeof(c.person), "p1");
	(void)snprintf(c.authority, sizeof(c.authority), "JPN-SDS");
	(void)snprintf(c.level, sizeof(c.level), "%s", level);
	c.status = st;
	c.valid_from = from;
	c.valid_until = until;
	return c;
}

/* Table @t's rows; the caller frees them. */
static struct scs_stats_row *
table(struct scs_stats *s, enum scs_stats_table t, size_t *n)
{
	struct scs_stats_row *rows = NULL;

	assert_int_equal(scs_stats_table(s, t, &rows, n), SCS_OK);
	return rows;
}

static void
test_a_clearance_counts_by_its_standing_at_the_instant(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_clearance c;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	assert_non_null(s);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, at - DAY, at + 181 * DAY);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c.valid_until = at + 180 * DAY; /* expiring: also active */
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c.valid_until = at; /* over at the instant */
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_INTERIM, at, at + 10 * DAY);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_ACTIVE, at + 1, SCS_TIME_NEVER);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_SUSPENDED, at - DAY, SCS_TIME_NEVER);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_REVOKED, at - DAY, SCS_TIME_NEVER);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("TOKUTEI_HIMITSU", SCS_CLR_ENDED, at - DAY, at + DAY);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);
	c = clr("A_LEVEL", SCS_CLR_EXPIRED, at - DAY, at + DAY);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_OK);

	r = table(s, SCS_ST_CLEARANCES, &n);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key[0], "JPN-SDS");
	assert_string_equal(r[0].key[1], "A_LEVEL"); /* sorted by keys */
	assert_int_equal(r[0].n[SCS_SS_EXPIRED], 1);
	assert_string_equal(r[1].key[1], "TOKUTEI_HIMITSU");
	assert_int_equal(r[1].n[SCS_SS_ACTIVE], 2);
	assert_int_equal(r[1].n[SCS_SS_EXPIRING], 2); /* 180 d and interim */
	assert_int_equal(r[1].n[SCS_SS_EXPIRED], 1);
	assert_int_equal(r[1].n[SCS_SS_INTERIM], 1);
	assert_int_equal(r[1].n[SCS_SS_PENDING], 1);
	assert_int_equal(r[1].n[SCS_SS_SUSPENDED], 1);
	assert_int_equal(r[1].n[SCS_SS_REVOKED], 1);
	assert_int_equal(r[1].n[SCS_SS_ENDED], 1);
	assert_string_equal(scs_stats_cols(SCS_ST_CLEARANCES)[SCS_SS_EXPIRING],
	    "expiring");
	free(r);
	scs_stats_free(s);
}

static void
test_persons_count_by_their_employers_type(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_org o;
	struct scs_person p;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "mod");
	o.type = SCS_ORG_GOVERNMENT;
	assert_int_equal(scs_stats_add_org(s, &o), SCS_OK);
	memset(&p, 0, sizeof(p));
	(void)snprintf(p.org, sizeof(p.org), "mod");
	assert_int_equal(scs_stats_add_person(s, &p), SCS_OK);
	assert_int_equal(scs_stats_add_person(s, &p), SCS_OK);
	(void)snprintf(p.org, sizeof(p.org), "unknown");
	assert_int_equal(scs_stats_add_person(s, &p), SCS_OK);
	assert_int_equal(scs_stats_persons(s), 3);
	r = table(s, SCS_ST_PERSONS, &n);
	assert_int_equal(n, 2);
	assert_string_equal(r[0].key[0], "government");
	assert_int_equal(r[0].n[0], 2);
	assert_string_equal(r[1].key[0], "none");
	assert_int_equal(r[1].n[0], 1);
	free(r);
	scs_stats_free(s);
}

static void
test_items_are_classified_declassified_or_expired(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_item it;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	memset(&it, 0, sizeof(it));
	(void)snprintf(it.owner, sizeof(it.owner), "mod");
	(void)snprintf(it.authority, sizeof(it.authority), "JPN-SDS");
	(void)snprintf(it.level, sizeof(it.level), "TOKUTEI_HIMITSU");
	it.field = SCS_FIELD_DIPLOMACY;
	it.valid_from = at - DAY;
	it.valid_until = at + 1;
	assert_int_equal(scs_stats_add_item(s, &it), SCS_OK); /* classified */
	it.declassified = true;
	it.declassified_at = at + 1; /* later: still classified */
	assert_int_equal(scs_stats_add_item(s, &it), SCS_OK);
	it.declassified_at = at;
	assert_int_equal(scs_stats_add_item(s, &it), SCS_OK);
	it.declassified = false;
	it.valid_until = at;
	assert_int_equal(scs_stats_add_item(s, &it), SCS_OK); /* expired */
	it.valid_from = at + 1;
	it.valid_until = at + DAY;
	assert_int_equal(scs_stats_add_item(s, &it), SCS_OK); /* not yet */
	r = table(s, SCS_ST_ITEMS, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].key[3], "diplomacy");
	assert_int_equal(r[0].n[0], 2);
	assert_int_equal(r[0].n[1], 1);
	assert_int_equal(r[0].n[2], 1);
	free(r);
	scs_stats_free(s);
}

static void
test_briefings_memberships_suspensions_in_force(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_briefing b;
	struct scs_membership m;
	struct scs_suspension x;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	memset(&b, 0, sizeof(b));
	(void)snprintf(b.compartment, sizeof(b.compartment), "ORCA");
	b.valid_from = at;
	b.valid_until = SCS_TIME_NEVER;
	assert_int_equal(scs_stats_add_briefing(s, &b), SCS_OK);
	b.valid_until = at; /* debriefed at the instant */
	assert_int_equal(scs_stats_add_briefing(s, &b), SCS_OK);
	memset(&m, 0, sizeof(m));
	(void)snprintf(m.program, sizeof(m.program), "P1");
	m.valid_from = at + 1; /* not yet */
	m.valid_until = SCS_TIME_NEVER;
	assert_int_equal(scs_stats_add_membership(s, &m), SCS_OK);
	memset(&x, 0, sizeof(x));
	x.valid_from = at - DAY;
	x.valid_until = at + DAY;
	assert_int_equal(scs_stats_add_suspension(s, &x), SCS_OK);
	x.valid_until = at;
	assert_int_equal(scs_stats_add_suspension(s, &x), SCS_OK);
	assert_int_equal(scs_stats_suspensions(s), 1);
	r = table(s, SCS_ST_BRIEFINGS, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].n[0], 1);
	free(r);
	r = table(s, SCS_ST_MEMBERSHIPS, &n);
	assert_int_equal(n, 0);
	assert_null(r);
	scs_stats_free(s);
}

static struct scs_case
kase(enum scs_case_state st, int64_t opened, int64_t since)
{
	struct scs_case k;

	memset(&k, 0, sizeof(k));
	(void)snprintf(k.authority, sizeof(k.authority), "JPN-SDS");
	k.state = st;
	k.opened = opened;
	k.since = since;
	return k;
}

static void
test_cases_open_and_decided_in_the_year_before(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_case k;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	k = kase(SCS_CASE_INVESTIGATING, at - DAY, at - DAY);
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_AWAITING_CONSENT, at + 1, at + 1); /* not yet */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_INTERIM, at - 9 * DAY, at - 9 * DAY);
	k.has_decided = true;
	k.decided = at - 9 * DAY; /* open and decided */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_GRANTED, at - 400 * DAY, at - 365 * DAY);
	k.has_decided = true;
	k.decided = at - 365 * DAY; /* the first second of the window */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k.decided = at - 365 * DAY - 1; /* before it */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_REJECTED, at - 100 * DAY, at - DAY);
	k.has_decided = true;
	k.decided = at - 50 * DAY; /* a denial that stands */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_WITHDRAWN, at - 100 * DAY, at - 2 * DAY);
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);
	k = kase(SCS_CASE_REFUSED, at - 100 * DAY, at); /* at: not before */
	assert_int_equal(scs_stats_add_case(s, &k), SCS_OK);

	r = table(s, SCS_ST_CASES_OPEN, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].n[3], 1); /* investigating */
	assert_int_equal(r[0].n[5], 1); /* interim */
	assert_int_equal(r[0].n[0], 0); /* awaiting consent: not yet */
	free(r);
	r = table(s, SCS_ST_CASES_DECIDED, &n);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].n[0], 1); /* granted */
	assert_int_equal(r[0].n[1], 1); /* interim */
	assert_int_equal(r[0].n[2], 1); /* denied (rejected) */
	assert_int_equal(r[0].n[3], 0); /* refused */
	assert_int_equal(r[0].n[4], 1); /* withdrawn */
	free(r);
	scs_stats_free(s);
}

static void
test_users_by_role_and_a_bad_record(void **state)
{
	struct scs_stats *s = scs_stats_new(at);
	struct scs_user u;
	struct scs_clearance c;
	struct scs_stats_row *r;
	size_t n;

	(void)state;
	memset(&u, 0, sizeof(u));
	u.role = SCS_ROLE_AUDITOR;
	assert_int_equal(scs_stats_add_user(s, &u), SCS_OK);
	u.disabled = true;
	assert_int_equal(scs_stats_add_user(s, &u), SCS_OK);
	u.created = at + 1; /* made after the instant */
	assert_int_equal(scs_stats_add_user(s, &u), SCS_OK);
	r = table(s, SCS_ST_USERS, &n);
	assert_int_equal(n, 1);
	assert_string_equal(r[0].key[0], "auditor");
	assert_int_equal(r[0].n[0], 1);
	assert_int_equal(r[0].n[1], 1);
	free(r);
	c = clr("X", SCS_CLR_N, at, at + 1);
	assert_int_equal(scs_stats_add_clearance(s, &c), SCS_EINVAL);
	r = table(s, SCS_ST_CLEARANCES, &n);
	assert_int_equal(n, 0);
	scs_stats_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_a_clearance_counts_by_its_standing_at_the_instant),
	    cmocka_unit_test(test_persons_count_by_their_employers_type),
	    cmocka_unit_test(test_items_are_classified_declassified_or_expired),
	    cmocka_unit_test(test_briefings_memberships_suspensions_in_force),
	    cmocka_unit_test(test_cases_open_and_decided_in_the_year_before),
	    cmocka_unit_test(test_users_by_role_and_a_bad_record),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
