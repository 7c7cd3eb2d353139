/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_case.c - the case lifecycle of DESIGN.md section 4 (src/core/case.c):
 * each transition by the role that may cause it, each refused to the roles
 * that may not, every other (state, event) pair a conflict; corrections
 * resume the state they left; what the sponsor sees; phase clocks.
 */
#include "helpers.h"

#include "scs/case.h"

#define S(x)  SCS_CASE_##x
#define EV(x) SCS_EV_##x
#define ALL   (SCS_ROLE_ANY | SCS_CASE_BY_RULE) /* every actor there is */

/* The expected lifecycle, written out again from DESIGN.md section 4. */
static const struct {
	unsigned from;
	enum scs_case_event ev;
	unsigned who;
	enum scs_case_state to;
} expected[] = {
    {SCS_CASE_NSTATES, EV(NOMINATE), SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_ADMIN,
        S(AWAITING_CONSENT)},
    {S(AWAITING_CONSENT), EV(CONSENT), SCS_ROLE_SUBJECT, S(QUESTIONNAIRE)},
    {S(AWAITING_CONSENT), EV(REFUSE), SCS_ROLE_SUBJECT, S(REFUSED)},
    {S(QUESTIONNAIRE), EV(SUBMIT), SCS_ROLE_SUBJECT, S(SUBMITTED)},
    {S(SUBMITTED), EV(ASSIGN), SCS_ROLE_ADJUDICATOR | SCS_ROLE_ADMIN,
        S(INVESTIGATING)},
    {S(INVESTIGATING), EV(ASSIGN), SCS_ROLE_ADJUDICATOR | SCS_ROLE_ADMIN,
        S(INVESTIGATING)},
    {S(SUBMITTED), EV(RETURN), SCS_ROLE_VETTING, S(QUESTIONNAIRE)},
    {S(INVESTIGATING), EV(RETURN), SCS_ROLE_VETTING, S(QUESTIONNAIRE)},
    {S(ADJUDICATING), EV(RETURN), SCS_ROLE_VETTING, S(QUESTIONNAIRE)},
    {S(INVESTIGATING), EV(CLOSE), SCS_ROLE_INVESTIGATOR, S(ADJUDICATING)},
    {S(ADJUDICATING), EV(GRANT), SCS_ROLE_ADJUDICATOR | SCS_CASE_BY_RULE,
        S(GRANTED)},
    {S(ADJUDICATING), EV(INTERIM), SCS_ROLE_ADJUDICATOR, S(INTERIM)},
    {S(ADJUDICATING), EV(DENY), SCS_ROLE_ADJUDICATOR, S(DENIED)},
    {S(INTERIM), EV(GRANT), SCS_ROLE_ADJUDICATOR, S(GRANTED)},
    {S(INTERIM), EV(DENY), SCS_ROLE_ADJUDICATOR, S(DENIED)},
    {S(DENIED), EV(COMPLAIN), SCS_ROLE_SUBJECT, S(COMPLAINT)},
    {S(COMPLAINT), EV(UPHOLD), SCS_ROLE_ADJUDICATOR, S(ADJUDICATING)},
    {S(COMPLAINT), EV(REJECT), SCS_ROLE_ADJUDICATOR, S(REJECTED)},
    {S(AWAITING_CONSENT), EV(WITHDRAW),
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER, S(WITHDRAWN)},
    {S(QUESTIONNAIRE), EV(WITHDRAW),
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER, S(WITHDRAWN)},
    {S(SUBMITTED), EV(WITHDRAW), SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER,
        S(WITHDRAWN)},
    {S(INVESTIGATING), EV(WITHDRAW),
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER, S(WITHDRAWN)},
    {S(ADJUDICATING), EV(WITHDRAW),
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER, S(WITHDRAWN)},
};

static const unsigned actors[] = {SCS_ROLE_ADMIN, SCS_ROLE_SECURITY_OFFICER,
    SCS_ROLE_SUBJECT, SCS_ROLE_INVESTIGATOR, SCS_ROLE_ADJUDICATOR,
    SCS_ROLE_DESIGNATOR, SCS_ROLE_AUDITOR, SCS_ROLE_RELYING, SCS_CASE_BY_RULE};

static int
find(unsigned from, enum scs_case_event ev)
{
	size_t i;

	for (i = 0; i < SCS_NELEM(expected); i++)
		if (expected[i].from == from && expected[i].ev == ev)
			return (int)i;
	return -1;
}

static void
test_each_transition_only_by_its_roles(void **state)
{
	unsigned from;
	int ev;
	size_t a;

	(void)state;
	for (from = 0; from <= SCS_CASE_NSTATES; from++)
		for (ev = 0; ev < SCS_EV_N; ev++) {
			int i = find(from, (enum scs_case_event)ev);

			for (a = 0; a < SCS_NELEM(actors); a++) {
				enum scs_case_state to = SCS_CASE_NSTATES;
				int rc =
				    scs_case_next((enum scs_case_state)from,
				        (enum scs_case_event)ev, actors[a], "",
				        &to);

				if (i < 0)
					assert_int_equal(rc, SCS_ECONFLICT);
				else if (expected[i].who & actors[a]) {
					assert_int_equal(rc, SCS_OK);
					assert_int_equal(to, expected[i].to);
				} else
					assert_int_equal(rc, SCS_EDENIED);
			}
		}
}

static void
test_events_from_lists_the_allowed_ones(void **state)
{
	unsigned from, m;
	int ev;

	(void)state;
	for (from = 0; from <= SCS_CASE_NSTATES; from++) {
		m = scs_case_events_from((enum scs_case_state)from);
		for (ev = 0; ev < SCS_EV_N; ev++)
			assert_int_equal((m >> ev) & 1,
			    find(from, (enum scs_case_event)ev) >= 0);
	}
	/* Decided and ended cases accept nothing but what follows them. */
	assert_int_equal(scs_case_events_from(S(GRANTED)), 0);
	assert_int_equal(scs_case_events_from(S(REFUSED)), 0);
	assert_int_equal(scs_case_events_from(S(WITHDRAWN)), 0);
	assert_int_equal(scs_case_events_from(S(REJECTED)), 0);
}

static void
test_a_correction_resumes_the_state_it_left(void **state)
{
	enum scs_case_state to = S(GRANTED);

	(void)state;
	assert_int_equal(scs_case_next(S(QUESTIONNAIRE), EV(SUBMIT),
	                     SCS_ROLE_SUBJECT, "investigating", &to),
	    SCS_OK);
	assert_int_equal(to, S(INVESTIGATING));
	assert_int_equal(scs_case_next(S(QUESTIONNAIRE), EV(SUBMIT),
	                     SCS_ROLE_SUBJECT, "adjudicating", &to),
	    SCS_OK);
	assert_int_equal(to, S(ADJUDICATING));
	assert_int_equal(scs_case_next(S(QUESTIONNAIRE), EV(SUBMIT),
	                     SCS_ROLE_SUBJECT, NULL, &to),
	    SCS_OK);
	assert_int_equal(to, S(SUBMITTED));
	/* A correction never jumps to a decision. */
	assert_int_equal(scs_case_next(S(QUESTIONNAIRE), EV(SUBMIT),
	                     SCS_ROLE_SUBJECT, "granted", &to),
	    SCS_ECONFLICT);
	assert_int_equal(scs_case_next(S(QUESTIONNAIRE), EV(SUBMIT),
	                     SCS_ROLE_SUBJECT, "nonsense", &to),
	    SCS_ECONFLICT);
}

static void
test_the_sponsor_never_tells_refusal_from_withdrawal(void **state)
{
	(void)state;
	assert_int_equal(scs_case_outcome(S(REFUSED)),
	    SCS_OUTCOME_NOT_COMPLETED);
	assert_int_equal(scs_case_outcome(S(WITHDRAWN)),
	    SCS_OUTCOME_NOT_COMPLETED);
	assert_int_equal(scs_case_outcome(S(GRANTED)), SCS_OUTCOME_GRANTED);
	assert_int_equal(scs_case_outcome(S(INTERIM)), SCS_OUTCOME_INTERIM);
	assert_int_equal(scs_case_outcome(S(DENIED)), SCS_OUTCOME_DENIED);
	assert_int_equal(scs_case_outcome(S(COMPLAINT)), SCS_OUTCOME_DENIED);
	assert_int_equal(scs_case_outcome(S(REJECTED)), SCS_OUTCOME_DENIED);
	assert_int_equal(scs_case_outcome(S(AWAITING_CONSENT)),
	    SCS_OUTCOME_IN_PROGRESS);
	assert_int_equal(scs_case_outcome(S(INVESTIGATING)),
	    SCS_OUTCOME_IN_PROGRESS);
}

static void
test_open_and_decided_states(void **state)
{
	int s;

	(void)state;
	for (s = 0; s < SCS_CASE_NSTATES; s++) {
		bool open = scs_case_open((enum scs_case_state)s);
		bool decided = scs_case_decided((enum scs_case_state)s);
		bool withdrawable = find((unsigned)s, EV(WITHDRAW)) >= 0;

		/* Withdrawal: any state before a decision, and only those
		 * still open. */
		assert_int_equal(withdrawable, open && !decided);
	}
	assert_true(scs_case_open(S(INTERIM)));
	assert_true(scs_case_open(S(COMPLAINT)));
	assert_false(scs_case_open(S(DENIED)));
	assert_false(scs_case_open(S(REFUSED)));
}

static void
test_move_accounts_time_per_phase(void **state)
{
	struct scs_case c;

	(void)state;
	memset(&c, 0, sizeof(c));
	c.state = S(AWAITING_CONSENT);
	c.opened = c.since = 1000;
	scs_case_move(&c, S(QUESTIONNAIRE), 1100);
	scs_case_move(&c, S(SUBMITTED), 1400);
	scs_case_move(&c, S(INVESTIGATING), 1450);
	scs_case_move(&c, S(QUESTIONNAIRE), 1500); /* returned */
	scs_case_move(&c, S(INVESTIGATING), 1520);
	scs_case_move(&c, S(ADJUDICATING), 2000);
	scs_case_move(&c, S(GRANTED), 2100);
	assert_int_equal(c.phase_s[SCS_PHASE_CONSENT], 100);
	assert_int_equal(c.phase_s[SCS_PHASE_QUESTIONNAIRE], 320);
	assert_int_equal(c.phase_s[SCS_PHASE_INITIATION], 50);
	assert_int_equal(c.phase_s[SCS_PHASE_INVESTIGATION], 530);
	assert_int_equal(c.phase_s[SCS_PHASE_ADJUDICATION], 100);
	assert_int_equal(c.since, 2100);
	/* A clock that went back counts nothing. */
	c.state = S(ADJUDICATING);
	scs_case_move(&c, S(DENIED), 2000);
	assert_int_equal(c.phase_s[SCS_PHASE_ADJUDICATION], 100);
}

static void
test_expected_by_the_targets(void **state)
{
	/* consent 14, questionnaire 30, initiation 5, investigation 60,
	 * adjudication 20 days (JPN-SDS) */
	const int64_t tg[SCS_PHASE_N] = {14, 30, 5, 60, 20};
	const int64_t d = 86400, t0 = 1800000000;
	struct scs_case c;
	int64_t at = 0;

	(void)state;
	memset(&c, 0, sizeof(c));
	/* One day into consent: its target from its start, then all the
	 * later phases' targets. */
	c.state = S(AWAITING_CONSENT);
	c.since = t0;
	assert_int_equal(scs_case_expected(&c, tg, t0 + d, &at), SCS_OK);
	assert_int_equal(at, t0 + (14 + 30 + 5 + 60 + 20) * d);
	/* Submitted: initiation from its start, investigation,
	 * adjudication. */
	c.state = S(SUBMITTED);
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_OK);
	assert_int_equal(at, t0 + (5 + 60 + 20) * d);
	/* An investigation past its target ends today, not in the past. */
	c.state = S(INVESTIGATING);
	assert_int_equal(scs_case_expected(&c, tg, t0 + 70 * d, &at), SCS_OK);
	assert_int_equal(at, t0 + 70 * d + 20 * d);
	/* A correction goes on with the phase it resumes: the
	 * questionnaire's target, then the investigation, adjudication. */
	c.state = S(QUESTIONNAIRE);
	(void)snprintf(c.resume, sizeof(c.resume), "investigating");
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_OK);
	assert_int_equal(at, t0 + (30 + 60 + 20) * d);
	c.resume[0] = '\0';
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_OK);
	assert_int_equal(at, t0 + (30 + 5 + 60 + 20) * d);
	/* No date once decided, under complaint, refused or withdrawn. */
	at = 42;
	c.state = S(DENIED);
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_ECONFLICT);
	c.state = S(COMPLAINT);
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_ECONFLICT);
	c.state = S(WITHDRAWN);
	assert_int_equal(scs_case_expected(&c, tg, t0, &at), SCS_ECONFLICT);
	assert_int_equal(at, 42);
	/* A target out of range is refused. */
	{
		const int64_t bad[SCS_PHASE_N] = {14, -1, 5, 60, 20};

		c.state = S(SUBMITTED);
		assert_int_equal(scs_case_expected(&c, bad, t0, &at),
		    SCS_EINVAL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_each_transition_only_by_its_roles),
	    cmocka_unit_test(test_events_from_lists_the_allowed_ones),
	    cmocka_unit_test(test_a_correction_resumes_the_state_it_left),
	    cmocka_unit_test(
	        test_the_sponsor_never_tells_refusal_from_withdrawal),
	    cmocka_unit_test(test_open_and_decided_states),
	    cmocka_unit_test(test_move_accounts_time_per_phase),
	    cmocka_unit_test(test_expected_by_the_targets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
