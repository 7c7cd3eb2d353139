/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sim.c - the simulator (src/core/sim.c) against what is known
 * without it: an investigation pool fed by Poisson arrivals with
 * exponential service is an M/M/c queue, so its mean wait, its chance to
 * wait, its mean time and 90th percentile must agree with Erlang C
 * (src/core/queue.c, tested against the sum of factorials) within 5%
 * for rho 0.5, 0.8, 0.9 and c 1, 10, 100; Little's law must hold within
 * 2% for the pipeline and for each stage; routing probabilities show in
 * the counts; a staff cut shows in utilization; a seed gives the same
 * run to the bit; and every bad scenario is refused naming its field.
 */
#include "helpers.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "scs/queue.h"
#include "scs/sim.h"

/* Completions a day of one server: runs of millions of cases fit in the
 * simulator's century. */
#define MU 100.0

struct mmc_setup {
	struct scs_sim_step rate;
	struct scs_sim_class cls;
	struct scs_sim_pool pools[2];
	struct scs_sim_scenario s;
};

/* One class at @lambda a day into an investigation pool of @c servers,
 * exponential service of mean 1/MU days; every other stage takes no time
 * and e-adjudication decides every case after review (a delay). */
static void
mmc(struct mmc_setup *x, double lambda, unsigned c, double days, uint64_t seed)
{
	memset(x, 0, sizeof(*x));
	x->rate.v = lambda;
	(void)snprintf(x->cls.id, sizeof(x->cls.id), "%s", "T");
	x->cls.rate = &x->rate;
	x->cls.nrate = 1;
	x->cls.pool_investigation = 0;
	x->cls.p_eadj = 1.0;
	x->cls.time[SCS_SIM_INVESTIGATION].kind = SCS_SIM_DIST_EXPONENTIAL;
	x->cls.time[SCS_SIM_INVESTIGATION].a = 1.0 / MU;
	(void)snprintf(x->pools[0].id, sizeof(x->pools[0].id), "%s", "inv");
	x->pools[0].stage = SCS_SIM_INVESTIGATION;
	x->pools[0].servers = c;
	x->pools[0].slots = 1;
	(void)snprintf(x->pools[1].id, sizeof(x->pools[1].id), "%s", "adj");
	x->pools[1].stage = SCS_SIM_ADJUDICATION;
	x->pools[1].servers = 1;
	x->pools[1].slots = 1;
	x->s.days = days;
	x->s.warmup = days / 20.0;
	x->s.seed = seed;
	x->s.classes = &x->cls;
	x->s.nclasses = 1;
	x->s.pools = x->pools;
	x->s.npools = 2;
	x->s.pool_review = -1;
	x->s.pool_adjudication = 1;
}

static int
close_to(double got, double want, double rel, double abs_)
{
	return fabs(got - want) <= rel * fabs(want) + abs_;
}

static void
check_mmc(double rho, unsigned c, uint64_t cases)
{
	struct mmc_setup x;
	struct scs_sim_result r;
	struct scs_err err;
	double lambda = rho * (double)c * MU;
	struct scs_mmc q = {lambda, MU, c};
	const struct scs_sim_stage_result *inv;
	double pw, wq, w, p90, sim_pw;

	mmc(&x, lambda, c, (double)cases / lambda, 7);
	if (scs_sim_run(&x.s, &r, &err) != SCS_OK) {
		print_message("%s: %s\n", err.field, err.reason);
		fail();
	}
	inv = &r.stage[SCS_SIM_INVESTIGATION];
	pw = scs_erlang_c(c, lambda / MU);
	wq = scs_mmc_wait_mean(&q);
	w = scs_mmc_time_mean(&q);
	p90 = scs_mmc_time_quantile(&q, 0.9);
	sim_pw = (double)inv->waited / (double)inv->wait.count;
	print_message("rho %.1f c %3u: P(wait) %+.4f, Wq %+.4f, W %+.4f, "
	              "p90 %+.4f (relative errors), Little %.2g\n",
	    rho, c, sim_pw / pw - 1.0, inv->wait.mean / wq - 1.0,
	    inv->time.mean / w - 1.0, inv->time.p90 / p90 - 1.0,
	    r.little.error);
	/* The chance to wait and the mean wait, within 5% and a floor: where
	 * they are tiny (Erlang C is 4e-8 for c = 100 at rho 0.5) 5% of them
	 * is below one case in the run, and a many-server queue's waits come
	 * in rare correlated bursts (bench/sim.c shows the long runs).  The
	 * time in the phase and its 90th percentile, within 5% flat. */
	assert_true(close_to(sim_pw, pw, 0.05, 0.002));
	assert_true(close_to(inv->wait.mean, wq, 0.05, 0.05 * (w - wq)));
	assert_true(close_to(inv->time.mean, w, 0.05, 0.0));
	assert_true(close_to(inv->time.p90, p90, 0.05, 0.0));
	/* Little's law, the pipeline and the stage. */
	assert_true(r.little.error < 0.02);
	assert_true(close_to(inv->mean_number, r.little.lambda * inv->time.mean,
	    0.02, 0.0));
	assert_true(close_to(r.little.L, scs_mmc_number_mean(&q), 0.05, 0.0));
	scs_sim_result_free(&r);
}

static void
test_erlang_c_rho_05(void **state)
{
	(void)state;
	check_mmc(0.5, 1, 400000);
	check_mmc(0.5, 10, 400000);
	check_mmc(0.5, 100, 400000);
}

static void
test_erlang_c_rho_08(void **state)
{
	(void)state;
	check_mmc(0.8, 1, 1000000);
	check_mmc(0.8, 10, 1000000);
	check_mmc(0.8, 100, 4000000);
}

static void
test_erlang_c_rho_09(void **state)
{
	(void)state;
	check_mmc(0.9, 1, 3000000);
	check_mmc(0.9, 10, 3000000);
	check_mmc(0.9, 100, 4000000);
}

/* A whole pipeline: two classes (one urgent), lognormal delays, an
 * investigator pool with caseloads, a review pool, adjudicators, and
 * every branch taken. */
struct full_setup {
	struct scs_sim_step rate[2][2];
	struct scs_sim_step staff[1];
	struct scs_sim_class cls[2];
	struct scs_sim_pool pools[3];
	struct scs_sim_scenario s;
};

static void
lognormal(struct scs_sim_dist *d, double median, double p90)
{
	d->kind = SCS_SIM_DIST_LOGNORMAL;
	d->a = median;
	d->b = p90;
}

static void
full(struct full_setup *x, uint64_t seed)
{
	unsigned i;

	memset(x, 0, sizeof(*x));
	for (i = 0; i < 2; i++) {
		struct scs_sim_class *c = &x->cls[i];

		(void)snprintf(c->id, sizeof(c->id), "%s",
		    i ? "urgent" : "routine");
		c->priority = i ? 0 : 2;
		x->rate[i][0].v = i ? 10.0 : 90.0;
		x->rate[i][1].day = 400.0;
		x->rate[i][1].v = i ? 12.0 : 100.0;
		c->rate = x->rate[i];
		c->nrate = 2;
		c->p_refuse = 0.01;
		c->p_return = 0.1;
		c->p_rework = 0.05;
		c->p_eadj = 0.3;
		c->p_deny = 0.1;
		c->p_complain = 0.5;
		c->p_upheld = 0.2;
		lognormal(&c->time[SCS_SIM_CONSENT], 3.0, 10.0);
		lognormal(&c->time[SCS_SIM_QUESTIONNAIRE], 14.0, 30.0);
		lognormal(&c->time[SCS_SIM_INITIATION], 2.0, 5.0);
		lognormal(&c->time[SCS_SIM_INVESTIGATION], 30.0, 60.0);
		c->time[SCS_SIM_REVIEW].kind = SCS_SIM_DIST_EXPONENTIAL;
		c->time[SCS_SIM_REVIEW].a = 0.5;
		c->time[SCS_SIM_ADJUDICATION].kind = SCS_SIM_DIST_EXPONENTIAL;
		c->time[SCS_SIM_ADJUDICATION].a = 0.25;
		c->time[SCS_SIM_COMPLAINT].kind = SCS_SIM_DIST_FIXED;
		c->time[SCS_SIM_COMPLAINT].a = 1.0;
	}
	/* 110 a day, 36 days each (lognormal mean of median 30, p90 60):
	 * about 4,000 cases in work; 120 investigators of 40 slots. */
	(void)snprintf(x->pools[0].id, sizeof(x->pools[0].id), "%s", "body");
	x->pools[0].stage = SCS_SIM_INVESTIGATION;
	x->pools[0].servers = 120;
	x->pools[0].slots = 40;
	x->pools[0].attrition = 0.1;
	x->pools[0].hiring_days = 90.0;
	(void)snprintf(x->pools[1].id, sizeof(x->pools[1].id), "%s", "review");
	x->pools[1].stage = SCS_SIM_REVIEW;
	x->pools[1].servers = 70;
	x->pools[1].slots = 1;
	(void)snprintf(x->pools[2].id, sizeof(x->pools[2].id), "%s", "adj");
	x->pools[2].stage = SCS_SIM_ADJUDICATION;
	x->pools[2].servers = 25;
	x->pools[2].slots = 1;
	x->s.days = 2000.0;
	x->s.warmup = 200.0;
	x->s.sample_every = 10.0;
	x->s.seed = seed;
	x->s.classes = x->cls;
	x->s.nclasses = 2;
	x->s.pools = x->pools;
	x->s.npools = 3;
	x->s.pool_review = 1;
	x->s.pool_adjudication = 2;
}

static void
run_ok(const struct scs_sim_scenario *s, struct scs_sim_result *r)
{
	struct scs_err err;

	if (scs_sim_run(s, r, &err) != SCS_OK) {
		print_message("%s: %s\n", err.field, err.reason);
		fail();
	}
}

static void
test_littles_law_holds_over_the_pipeline_and_each_stage(void **state)
{
	struct full_setup x;
	struct scs_sim_result r;
	unsigned k;

	(void)state;
	full(&x, 11);
	run_ok(&x.s, &r);
	print_message("L %.1f, lambda W %.1f, error %.2g\n", r.little.L,
	    r.little.lambda * r.little.W, r.little.error);
	assert_true(r.arrived > 150000);
	assert_true(r.little.error < 0.02);
	/* Each stage: its mean number against its entries a day (the cases
	 * that left it over the span) times its mean time. */
	for (k = 0; k < SCS_SIM_NSTAGES; k++) {
		const struct scs_sim_stage_result *g = &r.stage[k];
		double rate = (double)g->time.count / (x.s.days - x.s.warmup);

		if (g->time.count == 0)
			continue;
		print_message("%-13s L %9.2f lambda W %9.2f\n",
		    scs_sim_stage_codes[k], g->mean_number,
		    rate * g->time.mean);
		assert_true(
		    close_to(g->mean_number, rate * g->time.mean, 0.02, 0.05));
	}
	scs_sim_result_free(&r);
}

static void
test_the_branches_show_in_the_counts(void **state)
{
	struct full_setup x;
	struct scs_sim_result r;
	double decided, adjudicated;

	(void)state;
	full(&x, 3);
	run_ok(&x.s, &r);
	decided = (double)r.decided;
	/* 1% refuse consent (of those that leave). */
	assert_true(
	    close_to((double)r.refused / (double)(r.refused + r.decided), 0.01,
	        0.1, 0.0));
	/* 30% decided by a rule. */
	assert_true(
	    close_to((double)r.e_adjudicated / decided, 0.3, 0.03, 0.0));
	/* Returns: 0.1 / 0.9 a case; reworks 0.05 / 0.95. */
	assert_true(
	    close_to((double)r.returns / decided, 0.1 / 0.9, 0.05, 0.0));
	assert_true(
	    close_to((double)r.reworks / decided, 0.05 / 0.95, 0.05, 0.0));
	/* Of the adjudicated, 10% denied, half of those complain, a fifth
	 * of complaints upheld and adjudicated again. */
	adjudicated = decided - (double)r.e_adjudicated;
	assert_true(close_to((double)r.complaints / adjudicated,
	    0.1 * 0.5 / (1.0 - 0.1 * 0.5 * 0.2 * 0.1), 0.06, 0.0));
	assert_true(
	    close_to((double)r.upheld / (double)r.complaints, 0.2, 0.08, 0.0));
	assert_int_equal(r.granted + r.denied, r.decided);
	assert_int_equal(r.classes[0].decided + r.classes[1].decided,
	    r.decided);
	/* The samples: every 10 days from day 0, each summing its stages. */
	assert_int_equal(r.nsamples, 201);
	assert_true(r.samples[200].day == 2000.0);
	{
		uint64_t sum = 0;
		unsigned k;

		for (k = 0; k < SCS_SIM_NSTAGES; k++)
			sum += r.samples[100].in_stage[k];
		assert_int_equal(sum, r.samples[100].total);
	}
	scs_sim_result_free(&r);
}

static void
test_priority_goes_first(void **state)
{
	struct full_setup x;
	struct scs_sim_result r;

	(void)state;
	full(&x, 5);
	/* Too few investigators: a queue forms, and the urgent class passes
	 * it.  Its whole time is shorter. */
	x.pools[0].servers = 85;
	x.pools[0].attrition = 0.0;
	x.s.days = 800.0;
	run_ok(&x.s, &r);
	print_message("p50 routine %.1f, urgent %.1f\n", r.classes[0].e2e.p50,
	    r.classes[1].e2e.p50);
	assert_true(r.classes[1].e2e.p50 < 0.8 * r.classes[0].e2e.p50);
	assert_true(r.pools[0].utilization > 0.99);
	scs_sim_result_free(&r);
}

static void
test_a_seed_gives_the_same_run(void **state)
{
	struct full_setup x;
	struct scs_sim_result a, b;

	(void)state;
	full(&x, 42);
	x.s.days = 600.0;
	run_ok(&x.s, &a);
	run_ok(&x.s, &b);
	assert_int_equal(a.events, b.events);
	assert_memory_equal(a.stage, b.stage, sizeof(a.stage));
	assert_memory_equal(a.classes, b.classes,
	    a.nclasses * sizeof(*a.classes));
	assert_memory_equal(a.samples, b.samples,
	    a.nsamples * sizeof(*a.samples));
	assert_true(a.little.L == b.little.L);
	scs_sim_result_free(&b);
	x.s.seed = 43;
	run_ok(&x.s, &b);
	assert_true(a.events != b.events || a.little.L != b.little.L);
	scs_sim_result_free(&a);
	scs_sim_result_free(&b);
}

static void
test_staff_follow_their_schedule(void **state)
{
	struct full_setup x;
	struct scs_sim_result r;

	(void)state;
	full(&x, 9);
	x.s.days = 1000.0;
	x.s.warmup = 0.0;
	/* Adjudicators cut from 25 to 5 at day 500: the queue grows. */
	x.staff[0].day = 500.0;
	x.staff[0].v = 5.0;
	x.pools[2].staff = x.staff;
	x.pools[2].nstaff = 1;
	run_ok(&x.s, &r);
	assert_int_equal(r.pools[2].staff_end, 5);
	assert_int_equal(r.pools[2].left, 20);
	assert_true(r.samples[99].in_stage[SCS_SIM_ADJUDICATION] >
	    10 * (r.samples[49].in_stage[SCS_SIM_ADJUDICATION] + 1));
	/* Investigators: 10% leave a year, each replaced 90 days on. */
	assert_true(r.pools[0].left > 0);
	assert_true(r.pools[0].hired > 0);
	assert_true(r.pools[0].hired <= r.pools[0].left);
	assert_true(r.pools[0].staff_end <= 120);
	scs_sim_result_free(&r);
}

/* One run with windows counts each window as a run to the window's end,
 * started with the window's start as its warmup, counts the whole run. */
static void
test_windows_count_as_runs_to_their_ends(void **state)
{
	static const double ends[] = {150.25, 420.0, 700.5, 800.0};
	struct full_setup x;
	struct scs_sim_result whole, part;
	size_t i, k;

	(void)state;
	full(&x, 5);
	x.s.days = 800.0;
	x.s.warmup = 50.0;
	x.s.sample_every = 0.0;
	x.s.windows = ends;
	x.s.nwindows = 4;
	run_ok(&x.s, &whole);
	assert_int_equal(whole.nwindows, 4);
	x.s.windows = NULL;
	x.s.nwindows = 0;
	for (i = 0; i < 4; i++) {
		x.s.days = ends[i];
		x.s.warmup = i ? ends[i - 1] : 50.0;
		run_ok(&x.s, &part);
		assert_true(whole.windows[i].end == ends[i]);
		assert_true(whole.windows[i].total == part.in_system_end);
		for (k = 0; k < SCS_SIM_NSTAGES; k++) {
			assert_true(whole.windows[i].in_stage[k] ==
			    part.stage[k].at_end);
			assert_memory_equal(&whole.windows[i].time[k],
			    &part.stage[k].time, sizeof(part.stage[k].time));
		}
		assert_true(part.stage[SCS_SIM_INVESTIGATION].time.count > 100);
		scs_sim_result_free(&part);
	}
	/* The last window ends with the run: its figures are the run's. */
	assert_true(whole.windows[3].total == whole.in_system_end);
	scs_sim_result_free(&whole);
}

/* A case that leaves at the very instant one window ends and the next
 * starts counts once, in the window that ends: the windows' counts add up
 * to the run's. */
static void
test_a_case_leaving_on_a_window_boundary_counts_once(void **state)
{
	static const double ends[] = {10.0, 20.0, 30.0};
	static const uint64_t initial[SCS_SIM_NSTAGES] = {
	    [SCS_SIM_CONSENT] = 5};
	struct mmc_setup x;
	struct scs_sim_result r;
	size_t i;
	unsigned k;

	(void)state;
	mmc(&x, 1e-9, 100, 30.0, 2);
	x.s.warmup = 0.0;
	x.rate.day = 29.0; /* no arrival to speak of: the 5 cases only */
	x.cls.time[SCS_SIM_QUESTIONNAIRE].kind = SCS_SIM_DIST_FIXED;
	x.cls.time[SCS_SIM_QUESTIONNAIRE].a = 10.0;
	x.cls.time[SCS_SIM_INITIATION].kind = SCS_SIM_DIST_FIXED;
	x.cls.time[SCS_SIM_INITIATION].a = 10.0;
	x.cls.time[SCS_SIM_INVESTIGATION].kind = SCS_SIM_DIST_FIXED;
	x.cls.time[SCS_SIM_INVESTIGATION].a = 10.0;
	x.s.initial = initial;
	x.s.windows = ends;
	x.s.nwindows = 3;
	run_ok(&x.s, &r);
	/* Consent at once, then 10 days a stage: each stage's 5 leave on a
	 * boundary (questionnaire at 10, initiation at 20, investigation at
	 * 30). */
	assert_true(r.windows[0].time[SCS_SIM_QUESTIONNAIRE].count == 5);
	assert_true(r.windows[1].time[SCS_SIM_QUESTIONNAIRE].count == 0);
	assert_true(r.windows[1].time[SCS_SIM_INITIATION].count == 5);
	assert_true(r.windows[2].time[SCS_SIM_INITIATION].count == 0);
	assert_true(r.windows[2].time[SCS_SIM_INVESTIGATION].count == 5);
	for (k = 0; k < SCS_SIM_NSTAGES; k++) {
		uint64_t sum = 0;

		for (i = 0; i < 3; i++)
			sum += r.windows[i].time[k].count;
		assert_true(sum == r.stage[k].time.count);
	}
	assert_true(r.windows[0].in_stage[SCS_SIM_INITIATION] == 5);
	assert_true(r.windows[1].in_stage[SCS_SIM_INVESTIGATION] == 5);
	scs_sim_result_free(&r);
}

/* Pool @p of @r has stage @k's every figure: it is alone in it. */
static void
expect_pool_is_stage(const struct scs_sim_result *r, size_t p, unsigned k)
{
	assert_memory_equal(&r->pools[p].time, &r->stage[k].time,
	    sizeof(r->pools[p].time));
	assert_memory_equal(&r->pools[p].wait, &r->stage[k].wait,
	    sizeof(r->pools[p].wait));
	assert_true(r->pools[p].entered == r->stage[k].entered);
	assert_true(r->pools[p].at_end == r->stage[k].at_end);
	assert_true(r->pools[p].service_mean == r->stage[k].service_mean);
}

/* A pool alone in its stage has the stage's figures; two screening
 * bodies' pools in one stage split them, each with its own queue. */
static void
test_a_pool_counts_the_cases_of_its_stage_it_served(void **state)
{
	struct full_setup x;
	struct scs_sim_result r;
	struct scs_sim_pool pools[4];
	const struct scs_sim_pool_result *a, *b;

	(void)state;
	full(&x, 11);
	x.s.days = 700.0;
	run_ok(&x.s, &r);
	expect_pool_is_stage(&r, 0, SCS_SIM_INVESTIGATION);
	/* The adjudicators: their own stage, not the complaints. */
	expect_pool_is_stage(&r, 2, SCS_SIM_ADJUDICATION);
	assert_true(r.stage[SCS_SIM_COMPLAINT].time.count > 0);
	scs_sim_result_free(&r);
	/* Two bodies: the urgent class's investigators are a second pool,
	 * few of them, so its cases wait there and the routine ones not. */
	memcpy(pools, x.pools, sizeof(x.pools));
	pools[3] = x.pools[0];
	(void)snprintf(pools[3].id, sizeof(pools[3].id), "%s", "body2");
	pools[3].servers = 6;
	pools[3].attrition = 0.0;
	x.s.pools = pools;
	x.s.npools = 4;
	x.cls[1].pool_investigation = 3;
	run_ok(&x.s, &r);
	a = &r.pools[0];
	b = &r.pools[3];
	assert_true(
	    a->entered + b->entered == r.stage[SCS_SIM_INVESTIGATION].entered);
	assert_true(a->time.count + b->time.count ==
	    r.stage[SCS_SIM_INVESTIGATION].time.count);
	assert_true(
	    a->at_end + b->at_end == r.stage[SCS_SIM_INVESTIGATION].at_end);
	assert_true(b->entered > 0 && b->wait.p50 > 10.0 * (a->wait.p50 + 1.0));
	scs_sim_result_free(&r);
}

static void
expect_bad(const struct scs_sim_scenario *s, int rc, const char *field)
{
	struct scs_sim_result r;
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_equal(scs_sim_run(s, &r, &err), rc);
	assert_string_equal(err.field, field);
	assert_true(err.reason[0] != '\0');
}

static void
test_bad_scenarios_name_their_field(void **state)
{
	struct full_setup x;
	double nan_ = NAN;

	(void)state;
	full(&x, 1);
	x.s.days = 0.0;
	expect_bad(&x.s, SCS_EINVAL, "days");
	full(&x, 1);
	x.s.warmup = 3000.0;
	expect_bad(&x.s, SCS_EINVAL, "warmup_days");
	{
		static const double back[] = {300.0, 250.0}, early[] = {100.0},
		                    late[] = {2500.0};

		full(&x, 1);
		x.s.windows = back; /* not increasing */
		x.s.nwindows = 2;
		expect_bad(&x.s, SCS_EINVAL, "windows");
		x.s.windows = early; /* not after the warmup (200) */
		x.s.nwindows = 1;
		expect_bad(&x.s, SCS_EINVAL, "windows");
		x.s.windows = late; /* past the run's 2000 days */
		expect_bad(&x.s, SCS_EINVAL, "windows");
		x.s.nwindows = SCS_SIM_WINDOWS_MAX + 1;
		expect_bad(&x.s, SCS_ETOOBIG, "windows");
		x.s.windows = NULL; /* a count without its list */
		x.s.nwindows = 2;
		expect_bad(&x.s, SCS_EINVAL, "windows");
	}
	full(&x, 1);
	x.cls[1].p_deny = 1.5;
	expect_bad(&x.s, SCS_EINVAL, "deny");
	full(&x, 1);
	x.cls[0].p_return = 1.0;
	expect_bad(&x.s, SCS_EINVAL, "return");
	full(&x, 1);
	x.cls[0].p_rework = nan_;
	expect_bad(&x.s, SCS_EINVAL, "rework");
	full(&x, 1);
	x.rate[0][1].day = 0.0;
	expect_bad(&x.s, SCS_EINVAL, "arrivals");
	full(&x, 1);
	x.rate[1][0].v = -1.0;
	expect_bad(&x.s, SCS_EINVAL, "arrivals");
	full(&x, 1);
	x.cls[0].priority = 4;
	expect_bad(&x.s, SCS_EINVAL, "priority");
	full(&x, 1);
	x.cls[0].pool_investigation = 2;
	expect_bad(&x.s, SCS_EINVAL, "body");
	full(&x, 1);
	x.s.pool_adjudication = -1;
	expect_bad(&x.s, SCS_EINVAL, "adjudication");
	full(&x, 1);
	x.s.pool_review = 0;
	expect_bad(&x.s, SCS_EINVAL, "review");
	full(&x, 1);
	x.cls[0].time[SCS_SIM_CONSENT].b = 1.0;
	expect_bad(&x.s, SCS_EINVAL, "time.consent");
	full(&x, 1);
	x.cls[0].time[SCS_SIM_INVESTIGATION].kind = SCS_SIM_DIST_EMPIRICAL;
	expect_bad(&x.s, SCS_EINVAL, "time.investigation");
	full(&x, 1);
	x.pools[1].slots = 0;
	expect_bad(&x.s, SCS_EINVAL, "slots");
	full(&x, 1);
	x.pools[0].servers = 300000;
	expect_bad(&x.s, SCS_ETOOBIG, "servers");
	full(&x, 1);
	x.pools[0].attrition = -0.1;
	expect_bad(&x.s, SCS_EINVAL, "attrition");
	full(&x, 1);
	x.s.sample_every = 0.001;
	expect_bad(&x.s, SCS_EINVAL, "sample_days");
	/* -0 sorts after every time: refused as a day. */
	full(&x, 1);
	x.staff[0].day = -0.0;
	x.staff[0].v = 10.0;
	x.pools[2].staff = x.staff;
	x.pools[2].nstaff = 1;
	expect_bad(&x.s, SCS_EINVAL, "staff");
	/* The work of one run is bounded: cases, then leavers. */
	full(&x, 1);
	x.rate[0][1].v = 1e6;
	expect_bad(&x.s, SCS_ETOOBIG, "classes");
	full(&x, 1);
	x.pools[0].servers = 200000;
	x.pools[0].attrition = 10.0;
	expect_bad(&x.s, SCS_ETOOBIG, "attrition");
}

static void
test_no_arrivals_before_the_first_step(void **state)
{
	struct mmc_setup x;
	struct scs_sim_result r;
	struct scs_err err;

	(void)state;
	mmc(&x, 10.0, 100, 1000.0, 4);
	x.s.warmup = 0.0;
	x.rate.day = 500.0;
	assert_int_equal(scs_sim_run(&x.s, &r, &err), SCS_OK);
	/* 10 a day over the last 500 days only */
	assert_true(close_to((double)r.arrived, 5000.0, 0.05, 0.0));
	scs_sim_result_free(&r);
}

static void
test_empirical_times_are_drawn_from_their_samples(void **state)
{
	static const double v[] = {1.0, 2.0, 3.0, 10.0};
	struct mmc_setup x;
	struct scs_sim_result r;

	(void)state;
	mmc(&x, 1.0, 1000, 20000.0, 2);
	x.cls.time[SCS_SIM_INVESTIGATION].kind = SCS_SIM_DIST_EMPIRICAL;
	x.cls.time[SCS_SIM_INVESTIGATION].samples = v;
	x.cls.time[SCS_SIM_INVESTIGATION].nsamples = 4;
	run_ok(&x.s, &r);
	/* No wait with 1,000 servers: the time is the service, mean 4. */
	assert_true(
	    close_to(r.stage[SCS_SIM_INVESTIGATION].time.mean, 4.0, 0.03, 0.0));
	assert_true(
	    close_to(r.stage[SCS_SIM_INVESTIGATION].time.p50, 2.0, 0.005, 0.0));
	assert_true(close_to(r.stage[SCS_SIM_INVESTIGATION].time.p90, 10.0,
	    0.005, 0.0));
	scs_sim_result_free(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_erlang_c_rho_05),
	    cmocka_unit_test(test_erlang_c_rho_08),
	    cmocka_unit_test(test_erlang_c_rho_09),
	    cmocka_unit_test(
	        test_littles_law_holds_over_the_pipeline_and_each_stage),
	    cmocka_unit_test(test_the_branches_show_in_the_counts),
	    cmocka_unit_test(test_priority_goes_first),
	    cmocka_unit_test(test_a_seed_gives_the_same_run),
	    cmocka_unit_test(test_windows_count_as_runs_to_their_ends),
	    cmocka_unit_test(
	        test_a_case_leaving_on_a_window_boundary_counts_once),
	    cmocka_unit_test(
	        test_a_pool_counts_the_cases_of_its_stage_it_served),
	    cmocka_unit_test(test_staff_follow_their_schedule),
	    cmocka_unit_test(test_bad_scenarios_name_their_field),
	    cmocka_unit_test(test_no_arrivals_before_the_first_step),
	    cmocka_unit_test(test_empirical_times_are_drawn_from_their_samples),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
