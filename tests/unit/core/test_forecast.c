/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_forecast.c - the short-series forecasts (src/core/forecast.c):
 * exact on series a method describes exactly (a constant, a repeating
 * season), the method chosen by the series' length, intervals that widen
 * with the horizon and never go below 0, MAPE and MASE on hand-worked
 * values, and every bad argument refused.
 */
#include "helpers.h"

#include <math.h>

#include "scs/forecast.h"

static void
near(double got, double want, double eps)
{
	if (fabs(got - want) > eps) {
		print_message("got %.17g, want %.17g\n", got, want);
		fail();
	}
}

static void
test_a_constant_is_forecast_as_itself(void **state)
{
	double y[12];
	struct scs_fc f;
	size_t i;

	(void)state;
	for (i = 0; i < 12; i++)
		y[i] = 250.0;
	assert_int_equal(scs_fc_forecast(y, 12, 4, 4, SCS_FC_NONE, &f), 0);
	assert_int_equal(f.method, SCS_FC_ETS_ANA);
	for (i = 0; i < 4; i++) {
		near(f.at[i].mean, 250.0, 1e-9);
		near(f.at[i].lo, 250.0, 1e-9);
		near(f.at[i].hi, 250.0, 1e-9);
	}
}

static void
test_a_repeating_season_is_forecast_exactly(void **state)
{
	static const double season[4] = {100.0, 300.0, 200.0, 50.0};
	double y[16];
	struct scs_fc f;
	size_t i;

	(void)state;
	for (i = 0; i < 16; i++)
		y[i] = season[i % 4];
	assert_int_equal(scs_fc_forecast(y, 16, 4, 8, SCS_FC_ETS_ANA, &f), 0);
	for (i = 0; i < 8; i++)
		near(f.at[i].mean, season[(16 + i) % 4], 1e-9);
	near(f.sigma, 0.0, 1e-9);
	/* The seasonal naive method too. */
	assert_int_equal(scs_fc_forecast(y, 16, 4, 6, SCS_FC_SNAIVE, &f), 0);
	for (i = 0; i < 6; i++)
		near(f.at[i].mean, season[(16 + i) % 4], 1e-9);
}

static void
test_the_method_follows_the_length(void **state)
{
	double y[10] = {5, 7, 6, 8, 5, 7, 6, 8, 5, 7};
	struct scs_fc f;

	(void)state;
	assert_int_equal(scs_fc_forecast(y, 0, 4, 1, SCS_FC_NONE, &f), 0);
	assert_int_equal(f.method, SCS_FC_NONE);
	near(f.at[0].mean, 0.0, 0.0);
	assert_int_equal(scs_fc_forecast(y, 2, 4, 2, SCS_FC_NONE, &f), 0);
	assert_int_equal(f.method, SCS_FC_NAIVE);
	near(f.at[1].mean, 7.0, 0.0);
	assert_int_equal(scs_fc_forecast(y, 9, 4, 2, SCS_FC_NONE, &f), 0);
	assert_int_equal(f.method, SCS_FC_SES);
	assert_int_equal(scs_fc_forecast(y, 10, 4, 2, SCS_FC_NONE, &f), 0);
	assert_int_equal(f.method, SCS_FC_ETS_ANA);
	/* Too short for what is asked. */
	assert_int_equal(scs_fc_forecast(y, 9, 4, 2, SCS_FC_ETS_ANA, &f), -1);
	assert_int_equal(scs_fc_forecast(y, 3, 4, 2, SCS_FC_SNAIVE, &f), -1);
}

static void
test_intervals_widen_and_stay_at_or_above_zero(void **state)
{
	double y[12] = {3, 9, 1, 12, 2, 8, 0, 15, 4, 10, 1, 11};
	struct scs_fc f;
	size_t i;

	(void)state;
	assert_int_equal(scs_fc_forecast(y, 12, 4, 8, SCS_FC_NONE, &f), 0);
	assert_true(f.sigma > 0.0);
	for (i = 0; i < 8; i++) {
		assert_true(f.at[i].lo >= 0.0);
		assert_true(f.at[i].lo <= f.at[i].mean);
		assert_true(f.at[i].mean <= f.at[i].hi);
		if (i > 0)
			assert_true(f.at[i].hi - f.at[i].lo >=
			        f.at[i - 1].hi - f.at[i - 1].lo - 1e-9 ||
			    f.at[i].lo == 0.0);
	}
	/* The first step's half-width is z80 sigma unless cut at 0. */
	if (f.at[0].lo > 0.0)
		near(f.at[0].hi - f.at[0].mean, SCS_FC_Z80 * f.sigma, 1e-9);
	assert_true(f.alpha >= 0.05 && f.alpha <= 0.95);
	assert_true(f.gamma >= 0.0 && f.gamma <= 1.0 - f.alpha + 1e-9);
}

static void
test_mape_and_mase(void **state)
{
	static const double a[4] = {100, 200, 0, 400};
	static const double f[4] = {110, 180, 5, 400};
	static const double train[8] = {10, 20, 30, 40, 14, 24, 34, 44};

	(void)state;
	/* (10% + 10% + 0%) / 3, the 0 left out. */
	near(scs_fc_mape(a, f, 4), 20.0 / 3.0, 1e-9);
	near(scs_fc_mape(a + 2, f + 2, 1), -1.0, 0.0);
	/* The seasonal naive errors in sample: 4 each; forecast errors
	 * 10, 20, 5, 0: mean 8.75; 8.75 / 4. */
	near(scs_fc_mase(a, f, 4, train, 8, 4), 8.75 / 4.0, 1e-9);
	/* A training series of one season: the naive scale, 10. */
	near(scs_fc_mase(a, f, 4, train, 4, 4), 0.875, 1e-9);
	near(scs_fc_mase(a, f, 4, train, 1, 4), -1.0, 0.0);
}

static void
test_bad_arguments(void **state)
{
	double y[4] = {1, 2, 3, 4}, neg[3] = {1, -1, 2}, nan_[3] = {1, NAN, 2};
	struct scs_fc f;

	(void)state;
	assert_int_equal(scs_fc_forecast(y, 4, 4, 0, SCS_FC_NONE, &f), -1);
	assert_int_equal(scs_fc_forecast(y, 4, 4, SCS_FC_HORIZON_MAX + 1,
	                     SCS_FC_NONE, &f),
	    -1);
	assert_int_equal(scs_fc_forecast(y, 4, 1, 2, SCS_FC_NONE, &f), -1);
	assert_int_equal(scs_fc_forecast(neg, 3, 4, 2, SCS_FC_NONE, &f), -1);
	assert_int_equal(scs_fc_forecast(nan_, 3, 4, 2, SCS_FC_NONE, &f), -1);
	assert_int_equal(scs_fc_forecast(y, SCS_FC_SERIES_MAX + 1, 4, 2,
	                     SCS_FC_NONE, &f),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_constant_is_forecast_as_itself),
	    cmocka_unit_test(test_a_repeating_season_is_forecast_exactly),
	    cmocka_unit_test(test_the_method_follows_the_length),
	    cmocka_unit_test(test_intervals_widen_and_stay_at_or_above_zero),
	    cmocka_unit_test(test_mape_and_mase),
	    cmocka_unit_test(test_bad_arguments),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
