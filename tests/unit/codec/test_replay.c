/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_replay.c - the US 2016-2020 replay (data/scenarios/us-2016-2020.json)
 * against the published figures it was built from (data/calibration/
 * us.csv, read here: every investigations_inventory row inside the
 * replay's span must be met within 10%), and the forecast judged on it:
 * the replay's last four quarters held out, its arrivals a quarter before
 * them forecast (src/core/forecast.c), the simulator run on from the
 * inventory at the cut with the forecast arrivals, and its inventory at
 * each held-out quarter's end compared with the replay's: MAPE within 10%
 * one quarter ahead and 20% over four, MASE below 1 against the seasonal
 * naive method on the quarters before.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/forecast.h"
#include "scs/scenario.h"
#include "scs/sim.h"
#include "scs/time.h"

#define SCENARIO    "data/scenarios/us-2016-2020.json"
#define CALIBRATION "data/calibration/us.csv"
#define DAY0        "2016-10-01" /* the replay's day 0 */
#define NQ          14           /* 2016-Q4 .. 2020-Q1 */
#define HOLD        4

static struct scs_scenario *
load(void)
{
	json_t *j = json_load_file(SCENARIO, 0, NULL);
	struct scs_scenario *sc = NULL;
	struct scs_err err;

	assert_non_null(j);
	if (scs_scenario_parse(j, &sc, &err) != SCS_OK) {
		print_message("%s: %s\n", err.field, err.reason);
		fail();
	}
	json_decref(j);
	return sc;
}

static double
day_of(const char *date)
{
	int64_t t, t0;

	assert_int_equal(scs_time_parse(date, strlen(date), "as_of", &t, NULL),
	    SCS_OK);
	assert_int_equal(scs_time_parse(DAY0, strlen(DAY0), "day0", &t0, NULL),
	    SCS_OK);
	return (double)(t - t0) / 86400.0;
}

/* The sample nearest @day. */
static const struct scs_sim_sample *
at(const struct scs_sim_result *r, double day)
{
	size_t i, best = 0;

	for (i = 1; i < r->nsamples; i++)
		if (fabs(r->samples[i].day - day) <
		    fabs(r->samples[best].day - day))
			best = i;
	return &r->samples[best];
}

static void
test_the_replay_meets_the_published_inventory(void **state)
{
	struct scs_scenario *sc = load();
	struct scs_sim_result r;
	struct scs_err err;
	char line[1024], date[16];
	FILE *f = fopen(CALIBRATION, "r");
	unsigned checked = 0;

	(void)state;
	assert_non_null(f);
	assert_int_equal(scs_sim_run(&sc->s, &r, &err), SCS_OK);
	while (fgets(line, sizeof(line), f) != NULL) {
		double value, day;
		const struct scs_sim_sample *x;
		double got;

		if (sscanf(line, "%10[0-9-],investigations_inventory,%lf", date,
		        &value) != 2)
			continue;
		day = day_of(date);
		if (day < 1.0 || day > sc->s.days)
			continue;
		x = at(&r, day);
		got = (double)x->in_stage[SCS_SIM_INVESTIGATION];
		print_message("%s published %.0f, replayed %.0f (%+.1f%%)\n",
		    date, value, got, 100.0 * (got / value - 1.0));
		assert_true(fabs(got / value - 1.0) <= 0.10);
		checked++;
	}
	(void)fclose(f);
	assert_int_equal(checked, 4);
	scs_sim_result_free(&r);
	scs_scenario_free(sc);
}

/* Quarter q's end, in days from day 0 (quarters of 365.25 / 4 days). */
static double
qend(size_t q)
{
	return round((double)(q + 1) * 365.25 / 4.0);
}

static void
test_a_forecast_of_the_held_out_quarters(void **state)
{
	struct scs_scenario *sc = load();
	struct scs_sim_result r, f;
	struct scs_err err;
	struct scs_fc fc;
	struct scs_sim_step steps[HOLD];
	double arrivals[NQ], inv[NQ], got[HOLD], want[HOLD];
	double cut, mape1, mape4, mase;
	uint64_t prev = 0;
	uint64_t initial[SCS_SIM_NSTAGES];
	size_t q;

	(void)state;
	sc->s.days = qend(NQ - 1);
	assert_int_equal(scs_sim_run(&sc->s, &r, &err), SCS_OK);
	for (q = 0; q < NQ; q++) {
		const struct scs_sim_sample *x = at(&r, qend(q));

		arrivals[q] = (double)(x->arrived - prev);
		prev = x->arrived;
		inv[q] = (double)x->in_stage[SCS_SIM_INVESTIGATION];
	}
	/* Forecast the arrivals of the held-out quarters from the ones
	 * before, and run on from the inventory at the cut. */
	assert_int_equal(scs_fc_forecast(arrivals, NQ - HOLD, 4, HOLD,
	                     SCS_FC_NONE, &fc),
	    0);
	cut = qend(NQ - HOLD - 1);
	for (q = 0; q < HOLD; q++) {
		steps[q].day = q ? qend(NQ - HOLD + q - 1) - cut : 0.0;
		steps[q].v = fc.at[q].mean /
		    (qend(NQ - HOLD + q) - qend(NQ - HOLD + q - 1));
	}
	memset(initial, 0, sizeof(initial));
	initial[SCS_SIM_INVESTIGATION] = (uint64_t)inv[NQ - HOLD - 1];
	sc->classes[0].rate = steps;
	sc->classes[0].nrate = HOLD;
	sc->s.initial = initial;
	sc->s.days = qend(NQ - 1) - cut;
	/* The staff at the cut: the schedule has ended by then. */
	assert_true(sc->pools[0].staff[sc->pools[0].nstaff - 1].day < cut);
	sc->pools[0].servers =
	    (unsigned)sc->pools[0].staff[sc->pools[0].nstaff - 1].v;
	sc->pools[0].nstaff = 0;
	sc->s.seed = 99;
	assert_int_equal(scs_sim_run(&sc->s, &f, &err), SCS_OK);
	for (q = 0; q < HOLD; q++) {
		want[q] = inv[NQ - HOLD + q];
		got[q] = (double)at(&f, qend(NQ - HOLD + q) - cut)
		             ->in_stage[SCS_SIM_INVESTIGATION];
		print_message("quarter %zu: replay %.0f, forecast %.0f\n",
		    NQ - HOLD + q, want[q], got[q]);
	}
	mape1 = scs_fc_mape(want, got, 1);
	mape4 = scs_fc_mape(want, got, HOLD);
	mase = scs_fc_mase(want, got, HOLD, inv, NQ - HOLD, 4);
	print_message("arrivals by %s; MAPE 1q %.2f%%, 4q %.2f%%, MASE %.3f\n",
	    scs_fc_method_codes[fc.method], mape1, mape4, mase);
	assert_true(mape1 >= 0.0 && mape1 <= 10.0);
	assert_true(mape4 >= 0.0 && mape4 <= 20.0);
	assert_true(mase >= 0.0 && mase < 1.0);
	scs_sim_result_free(&r);
	scs_sim_result_free(&f);
	scs_scenario_free(sc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_replay_meets_the_published_inventory),
	    cmocka_unit_test(test_a_forecast_of_the_held_out_quarters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
