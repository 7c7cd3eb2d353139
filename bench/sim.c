/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.c - the benchmark of the capacity planner's simulator
 * (src/core/sim.c; docs/capacity.md).
 *
 *   sim SCENARIO.json [ERLANG_CASES]
 *
 * 1. The scenario (data/scenarios/us-scale.json: a US-scale year, about
 *    964,000 cases and 8,400 investigators) run BENCH_PASSES times
 *    (default 5): the median CPU seconds of scs_sim_run, simulated cases
 *    a CPU second, events a CPU second.  The baseline, in the same run:
 *    a plain loop that draws every case's times from the same
 *    distributions and sums them, no queue and no events (the floor of
 *    any simulation that draws them).
 * 2. Erlang C: an investigation pool fed by Poisson arrivals with
 *    exponential service is M/M/c; for rho 0.5, 0.8, 0.9 and c 1, 10, 100
 *    a run of ERLANG_CASES cases (default 10,000,000) prints the relative
 *    error of the chance to wait, the mean wait, the mean time and its
 *    90th percentile against the closed forms (src/core/queue.c), and
 *    Little's law's.
 * Prints "RESULT key=value ..." lines in the style of bench/run.sh.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "harness.h"
#pragma GCC diagnostic pop
#include "scs/queue.h"
#include "scs/scenario.h"
#include "scs/sim.h"

static double
cpu_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The baseline's generator: splitmix64, uniform in (0, 1]. */
static uint64_t bstate = 0x9E3779B97F4A7C15ULL;

static double
bunif(void)
{
	uint64_t z = (bstate += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	z ^= z >> 31;
	return (double)((z >> 11) + 1) * 0x1.0p-53;
}

static double
bdraw(const struct scs_sim_dist *d)
{
	switch (d->kind) {
	case SCS_SIM_DIST_FIXED:
		return d->a;
	case SCS_SIM_DIST_EXPONENTIAL:
		return -d->a * log(bunif());
	case SCS_SIM_DIST_LOGNORMAL:
		return exp(log(d->a) +
		    (log(d->b) - log(d->a)) / 1.2815515655 *
		        sqrt(-2.0 * log(bunif())) * cos(2.0 * M_PI * bunif()));
	default:
		return 0.0;
	}
}

/* Every arrival's stage times drawn and summed: no queue, no event. */
static double
baseline(const struct scs_sim_scenario *s, uint64_t cases, double *sink)
{
	double t0 = cpu_now(), sum = 0.0;
	uint64_t i;
	size_t c;
	unsigned k;

	for (i = 0; i < cases; i++) {
		c = i % s->nclasses;
		for (k = 0; k < SCS_SIM_NSTAGES; k++)
			sum += bdraw(&s->classes[c].time[k]);
		sum += -log(bunif()); /* the interarrival */
	}
	*sink = sum;
	return cpu_now() - t0;
}

static void
us_scale(const char *file, int passes)
{
	json_error_t jerr;
	json_t *j = json_load_file(file, 0, &jerr);
	struct scs_scenario *sc = NULL;
	struct scs_sim_result r;
	struct scs_err err;
	double *t = bh_alloc(sizeof(double) * (size_t)passes);
	double *b = bh_alloc(sizeof(double) * (size_t)passes), sink = 0.0;
	uint64_t cases = 0, events = 0;
	int p;

	if (j == NULL)
		bh_die("cannot read the scenario", file, jerr.text);
	if (scs_scenario_parse(j, &sc, &err) != SCS_OK)
		bh_die("bad scenario", err.field, err.reason);
	json_decref(j);
	for (p = 0; p < passes; p++) {
		double t0 = cpu_now();

		if (scs_sim_run(&sc->s, &r, &err) != SCS_OK)
			bh_die("the run failed", err.field, err.reason);
		t[p] = cpu_now() - t0;
		cases = r.arrived;
		events = r.events;
		if (p == 0)
			(void)printf("# %s: %llu cases arrived, %llu decided, "
			             "%llu in the pipeline at the end; "
			             "Little's law %.4f\n",
			    file, (unsigned long long)r.arrived,
			    (unsigned long long)r.decided,
			    (unsigned long long)r.in_system_end,
			    r.little.error);
		scs_sim_result_free(&r);
		b[p] = baseline(&sc->s, cases, &sink);
	}
	{
		double tm = bh_median(t, (size_t)passes);
		double bm = bh_median(b, (size_t)passes);

		(void)
		    printf("RESULT engine=sim scenario=%s cases=%llu "
		           "events=%llu passes=%d cpu_s=%.3f "
		           "cases_per_cpu_s=%.0f events_per_cpu_s=%.0f "
		           "baseline_cpu_s=%.3f baseline_cases_per_cpu_s=%.0f "
		           "sink=%.0f\n",
		        file, (unsigned long long)cases,
		        (unsigned long long)events, passes, tm,
		        (double)cases / tm, (double)events / tm, bm,
		        (double)cases / bm, sink);
	}
	scs_scenario_free(sc);
	free(t);
	free(b);
}

/* One M/M/c run of @cases, mean service 0.001 day (10M cases at rho 0.5
 * and c = 1 fit in the simulator's century). */
static void
erlang(double rho, unsigned c, uint64_t cases)
{
	const double mu = 1000.0, lambda = rho * (double)c * mu;
	struct scs_sim_step rate = {0.0, lambda};
	struct scs_sim_class cls;
	struct scs_sim_pool pools[2];
	struct scs_sim_scenario s;
	struct scs_sim_result r;
	struct scs_err err;
	struct scs_mmc q = {lambda, mu, c};
	const struct scs_sim_stage_result *g;
	double t0, pw;

	memset(&cls, 0, sizeof(cls));
	memset(pools, 0, sizeof(pools));
	memset(&s, 0, sizeof(s));
	(void)snprintf(cls.id, sizeof(cls.id), "T");
	cls.rate = &rate;
	cls.nrate = 1;
	cls.p_eadj = 1.0;
	cls.time[SCS_SIM_INVESTIGATION].kind = SCS_SIM_DIST_EXPONENTIAL;
	cls.time[SCS_SIM_INVESTIGATION].a = 1.0 / mu;
	(void)snprintf(pools[0].id, sizeof(pools[0].id), "inv");
	pools[0].stage = SCS_SIM_INVESTIGATION;
	pools[0].servers = c;
	pools[0].slots = 1;
	(void)snprintf(pools[1].id, sizeof(pools[1].id), "adj");
	pools[1].stage = SCS_SIM_ADJUDICATION;
	pools[1].servers = 1;
	pools[1].slots = 1;
	s.days = (double)cases / lambda;
	s.warmup = s.days / 20.0;
	s.seed = 20261207;
	s.classes = &cls;
	s.nclasses = 1;
	s.pools = pools;
	s.npools = 2;
	s.pool_review = -1;
	s.pool_adjudication = 1;
	t0 = cpu_now();
	if (scs_sim_run(&s, &r, &err) != SCS_OK)
		bh_die("the M/M/c run failed", err.field, err.reason);
	t0 = cpu_now() - t0;
	g = &r.stage[SCS_SIM_INVESTIGATION];
	pw = scs_erlang_c(c, lambda / mu);
	(void)printf("RESULT engine=sim-erlang rho=%.1f c=%u cases=%llu "
	             "cpu_s=%.2f p_wait=%.6f p_wait_closed=%.6f "
	             "p_wait_err=%+.4f wq_err=%+.4f w_err=%+.4f "
	             "p90_err=%+.4f little_err=%.2e\n",
	    rho, c, (unsigned long long)r.arrived, t0,
	    (double)g->waited / (double)g->wait.count, pw,
	    (double)g->waited / (double)g->wait.count / pw - 1.0,
	    g->wait.mean / scs_mmc_wait_mean(&q) - 1.0,
	    g->time.mean / scs_mmc_time_mean(&q) - 1.0,
	    g->time.p90 / scs_mmc_time_quantile(&q, 0.9) - 1.0, r.little.error);
	scs_sim_result_free(&r);
}

int
main(int argc, char **argv)
{
	static const double rhos[] = {0.5, 0.8, 0.9};
	static const unsigned cs[] = {1, 10, 100};
	const char *env = getenv("BENCH_PASSES");
	int passes = env != NULL ? atoi(env) : 5;
	uint64_t ecases = argc > 2 ? strtoull(argv[2], NULL, 10) : 10000000;
	size_t i, k;

	if (argc < 2)
		bh_die("usage: sim SCENARIO.json [ERLANG_CASES]", NULL, NULL);
	if (passes < 1)
		passes = 1;
	us_scale(argv[1], passes);
	for (i = 0; ecases > 0 && i < 3; i++)
		for (k = 0; k < 3; k++)
			erlang(rhos[i], cs[k], ecases);
	return 0;
}
