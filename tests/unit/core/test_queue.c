/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_queue.c - the M/M/c closed forms (src/core/queue.c) against
 * independent ones: M/M/1's (the chance to wait is rho, the time in the
 * system exponential at mu - lambda), Erlang C by its sum of factorials
 * in log space for c of 1, 10 and 100 at rho 0.5, 0.8 and 0.9, the mean
 * number by Lq + a; the time's tail at its quantile, the same tail on
 * both sides of the case where the wait drains at the service rate; and
 * the fewest servers for a target, one fewer missing it.
 */
#include "helpers.h"

#include <math.h>

#include "scs/queue.h"

static void
near(double got, double want, double rel)
{
	if (fabs(got - want) > rel * fabs(want)) {
		print_message("got %.17g, want %.17g (relative %.3g)\n", got,
		    want, fabs(got - want) / fabs(want));
		fail();
	}
}

/* Erlang C from its definition, a^c/c! c/(c-a) over the sum of a^k/k!
 * for k < c plus that term, each term in logs (lgamma) and the sum by
 * log-sum-exp, so that c = 100 neither overflows nor cancels. */
static double
erlang_c_direct(unsigned c, double a)
{
	double top = (double)c * log(a) - lgamma((double)c + 1.0) +
	    log((double)c / ((double)c - a));
	double m = top, s = 0.0;
	unsigned k;

	for (k = 0; k < c; k++) {
		double t = (double)k * log(a) - lgamma((double)k + 1.0);

		if (t > m)
			m = t;
	}
	for (k = 0; k < c; k++)
		s += exp((double)k * log(a) - lgamma((double)k + 1.0) - m);
	s += exp(top - m);
	return exp(top - m) / s;
}

static void
test_mm1_matches_its_own_closed_forms(void **state)
{
	struct scs_mmc q = {0.8, 1.0, 1};

	(void)state;
	near(scs_erlang_c(1, 0.8), 0.8, 1e-12);
	near(scs_mmc_wait_mean(&q), 0.8 / 0.2, 1e-12);
	near(scs_mmc_time_mean(&q), 1.0 / 0.2, 1e-12);
	/* M/M/1's time in the system is exponential at mu - lambda. */
	near(scs_mmc_time_tail(&q, 3.0), exp(-0.2 * 3.0), 1e-12);
	near(scs_mmc_time_quantile(&q, 0.9), log(10.0) / 0.2, 1e-9);
	near(scs_mmc_wait_tail(&q, 2.0), 0.8 * exp(-0.2 * 2.0), 1e-12);
}

static void
test_erlang_c_matches_the_sum_of_factorials(void **state)
{
	static const unsigned cs[] = {1, 10, 100};
	static const double rhos[] = {0.5, 0.8, 0.9};
	size_t i, j;

	(void)state;
	near(scs_erlang_c(2, 1.0), 1.0 / 3.0, 1e-12);
	for (i = 0; i < 3; i++)
		for (j = 0; j < 3; j++) {
			double a = rhos[j] * (double)cs[i];

			near(scs_erlang_c(cs[i], a), erlang_c_direct(cs[i], a),
			    1e-9);
		}
	/* Thousands of servers: no factorial to overflow. */
	near(scs_erlang_c(8400, 8000.0), erlang_c_direct(8400, 8000.0), 1e-8);
}

static void
test_the_mean_number_is_lq_plus_the_load(void **state)
{
	struct scs_mmc q = {9.0, 1.0, 10};
	double pc = scs_erlang_c(10, 9.0), rho = 0.9;

	(void)state;
	near(scs_mmc_number_mean(&q), pc * rho / (1.0 - rho) + 9.0, 1e-12);
}

static void
test_the_quantile_is_where_the_tail_is(void **state)
{
	struct scs_mmc q = {80.0, 1.0, 100};
	double p90 = scs_mmc_time_quantile(&q, 0.9);

	(void)state;
	near(scs_mmc_time_tail(&q, p90), 0.1, 1e-9);
	assert_true(scs_mmc_time_tail(&q, 0.0) == 1.0);
	assert_true(scs_mmc_time_tail(&q, 1.0) > scs_mmc_time_tail(&q, 2.0));
	/* The wait drains at the service rate (2 - 1 = 1): the Erlang-2
	 * branch meets the hypoexponential one beside it. */
	{
		struct scs_mmc e = {1.0, 1.0, 2}, n = {1.0 + 1e-7, 1.0, 2};

		near(scs_mmc_time_tail(&e, 2.5), scs_mmc_time_tail(&n, 2.5),
		    1e-5);
	}
}

static void
test_an_unstable_queue_never_drains(void **state)
{
	struct scs_mmc q = {10.0, 1.0, 10};

	(void)state;
	assert_true(scs_erlang_c(10, 10.0) == 1.0);
	assert_false(scs_mmc_stable(&q));
	assert_true(scs_mmc_wait_mean(&q) == HUGE_VAL);
	assert_true(scs_mmc_time_quantile(&q, 0.9) == HUGE_VAL);
}

static void
test_the_fewest_servers_for_a_target(void **state)
{
	/* 40 decisions a day at 0.5 a day each: 80 adjudicators busy, 81
	 * the fewest that drain the queue (a p90 of 7.5 days); a p90 of 5
	 * days, near the 4.6 that the work alone takes, needs more. */
	struct scs_mmc q = {40.0, 0.5, 0};
	unsigned c = scs_mmc_staff_for(&q, 0.9, 5.0, 1000);
	struct scs_mmc at = {40.0, 0.5, c}, less = {40.0, 0.5, c - 1};

	(void)state;
	assert_int_equal(scs_mmc_staff_for(&q, 0.9, 20.0, 1000), 81);
	assert_true(c > 81);
	assert_true(scs_mmc_time_quantile(&at, 0.9) <= 5.0);
	assert_true(scs_mmc_stable(&less));
	assert_true(scs_mmc_time_quantile(&less, 0.9) > 5.0);
	/* Service alone takes longer than the target: no staff does it. */
	assert_int_equal(scs_mmc_staff_for(&q, 0.9, 1.0, 1000), 0);
	/* Not within the most the caller allows. */
	assert_int_equal(scs_mmc_staff_for(&q, 0.9, 5.0, 81), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_mm1_matches_its_own_closed_forms),
	    cmocka_unit_test(test_erlang_c_matches_the_sum_of_factorials),
	    cmocka_unit_test(test_the_mean_number_is_lq_plus_the_load),
	    cmocka_unit_test(test_the_quantile_is_where_the_tail_is),
	    cmocka_unit_test(test_an_unstable_queue_never_drains),
	    cmocka_unit_test(test_the_fewest_servers_for_a_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
