/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeliness.c - the benchmark of the timeliness report
 * (src/core/timeliness.c).
 *
 *   timeliness [CASES]
 *
 * Makes CASES (default 1,000,000) synthetic cases decided in the window,
 * spread over 8 levels of 2 authorities, with skewed durations per phase
 * (deterministic, untimed), then times, per pass:
 *   - scs_tl_new and scs_tl_add of every case;
 *   - scs_tl_report (the 9 rows, 6 statistics each);
 *   - the baseline: a plain qsort of the same 6 x CASES durations in one
 *     array (the cost of the obvious way: sort, then read ranks).
 * Each figure is the median of BENCH_PASSES passes (default 5).  The all
 * row's end-to-end figures are checked against a sort once, untimed.
 * Prints "RESULT key=value ..." lines in the style of bench/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The harness's query and file helpers are not needed here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "harness.h"
#pragma GCC diagnostic pop
#include "scs/timeliness.h"

#define DAY   86400LL
#define T0    1767225600LL /* 2026-01-01 */
#define FROM  T0
#define TO    (T0 + 365 * DAY)
#define NOW   TO
#define NLEVS 8

static const struct {
	const char *authority, *level;
} levels[NLEVS] = {
    {"JPN-SDS", "TOKUTEI_HIMITSU"},
    {"JPN-SDS", "TOKUTEI_HIMITSU_TS"},
    {"JPN-SDS", "TEKISEI_A"},
    {"JPN-SDS", "TEKISEI_B"},
    {"JPN-CESI", "JUYO_KEIZAI_ANPO"},
    {"JPN-CESI", "JUYO_KEIZAI_ANPO_TS"},
    {"JPN-CESI", "KIGYO_A"},
    {"JPN-CESI", "KIGYO_B"},
};

/* Typical days per phase: consent, questionnaire, initiation,
 * investigation, adjudication. */
static const int64_t typical_days[SCS_PHASE_N] = {3, 21, 5, 60, 14};

static uint64_t rng = 0x2545f4914f6cdd1dULL;

static uint64_t
next_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* A skewed duration around @days: most near it, a long tail to ~8x. */
static int64_t
skewed(int64_t days)
{
	uint64_t a = next_random() % 1000, b = next_random() % 1000;
	int64_t scale = 200 + (int64_t)(a * b / 125); /* 0.2x .. 8x, /1000 */

	return days * DAY * scale / 1000 + (int64_t)(next_random() % DAY);
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void
make_cases(struct scs_tl_case *cs, size_t n)
{
	size_t i, p;

	for (i = 0; i < n; i++) {
		struct scs_tl_case *c = &cs[i];
		size_t l = (size_t)(next_random() % NLEVS);
		int64_t total = 0;

		memset(c, 0, sizeof(*c));
		c->authority = levels[l].authority;
		c->level = levels[l].level;
		c->state =
		    next_random() % 10 ? SCS_CASE_GRANTED : SCS_CASE_DENIED;
		for (p = 0; p < SCS_PHASE_N; p++) {
			c->phase_s[p] = skewed(typical_days[p]);
			total += c->phase_s[p];
		}
		c->decided = FROM + (int64_t)(next_random() % (365 * DAY));
		c->has_decided = true;
		c->opened = c->decided - total;
		c->since = c->decided;
		c->e_adjudicated = next_random() % 4 == 0;
	}
}

/* The all row's end-to-end statistics against a sort, once. */
static void
check(const struct scs_tl_case *cs, size_t n, const struct scs_tl_row *all)
{
	int64_t *v = bh_alloc(n * sizeof(*v));
	size_t i, k = (9 * n + 9) / 10;
	const struct scs_tl_stats *s = &all->phase[SCS_TL_E2E];
	double median;

	for (i = 0; i < n; i++)
		v[i] = cs[i].decided - cs[i].opened;
	qsort(v, n, sizeof(*v), cmp64);
	median = n % 2 ? (double)v[n / 2]
	               : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2;
	if (s->count != n || s->median != median || s->p90 != (double)v[k - 1])
		bh_die("the report disagrees with a sort", NULL, NULL);
	free(v);
}

int
main(int argc, char **argv)
{
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	int passes = bh_passes(5), pass;
	struct scs_tl_case *cs;
	double *add_t, *rep_t, *tot_t, *sort_t, t0, t1, t2;
	double add_s, rep_s, tot_s, sort_s;
	int64_t *base;
	size_t i, p, nrows = 0;
	struct scs_tl_row *rows = NULL;

	if (n == 0 || n > SCS_TL_TIMED_MAX)
		bh_die("CASES must be 1 .. SCS_TL_TIMED_MAX", NULL, NULL);
	cs = bh_alloc(n * sizeof(*cs));
	base = bh_alloc(n * SCS_TL_NSTATS * sizeof(*base));
	add_t = bh_alloc((size_t)passes * sizeof(*add_t));
	rep_t = bh_alloc((size_t)passes * sizeof(*rep_t));
	tot_t = bh_alloc((size_t)passes * sizeof(*tot_t));
	sort_t = bh_alloc((size_t)passes * sizeof(*sort_t));
	make_cases(cs, n);

	for (pass = 0; pass < passes; pass++) {
		struct scs_tl *tl;

		free(rows);
		t0 = bh_now();
		if ((tl = scs_tl_new(FROM, TO, NOW)) == NULL)
			bh_die("out of memory", NULL, NULL);
		for (i = 0; i < n; i++)
			if (scs_tl_add(tl, &cs[i]) != SCS_OK)
				bh_die("scs_tl_add failed", NULL, NULL);
		t1 = bh_now();
		if (scs_tl_report(tl, &rows, &nrows) != SCS_OK)
			bh_die("scs_tl_report failed", NULL, NULL);
		t2 = bh_now();
		scs_tl_free(tl);
		add_t[pass] = t1 - t0;
		rep_t[pass] = t2 - t1;
		tot_t[pass] = t2 - t0;

		/* the baseline: the same durations, one qsort */
		for (i = 0; i < n; i++) {
			for (p = 0; p < SCS_PHASE_N; p++)
				base[i * SCS_TL_NSTATS + p] = cs[i].phase_s[p];
			base[i * SCS_TL_NSTATS + SCS_TL_E2E] =
			    cs[i].decided - cs[i].opened;
		}
		t0 = bh_now();
		qsort(base, n * SCS_TL_NSTATS, sizeof(*base), cmp64);
		sort_t[pass] = bh_now() - t0;
	}
	add_s = bh_median(add_t, (size_t)passes);
	rep_s = bh_median(rep_t, (size_t)passes);
	tot_s = bh_median(tot_t, (size_t)passes);
	sort_s = bh_median(sort_t, (size_t)passes);
	if (nrows != NLEVS + 1)
		bh_die("the report has not 9 rows", NULL, NULL);
	check(cs, n, &rows[0]);

	(void)printf("timeliness: %zu decided cases over %d levels, %d passes "
	             "(medians)\n",
	    n, NLEVS, passes);
	(void)printf("timeliness: scs_tl_add %.3f s, scs_tl_report %.3f s, "
	             "together %.3f s\n",
	    add_s, rep_s, tot_s);
	(void)printf("timeliness: baseline qsort of %zu durations %.3f s "
	             "(%.2fx of add + report)\n",
	    n * SCS_TL_NSTATS, sort_s, sort_s / tot_s);
	(void)printf("timeliness: all: end to end median %.1f d, p90 %.1f d, "
	             "fastest 90%% %.1f d, mean %.1f d; e-adjudicated %.1f%%\n",
	    rows[0].phase[SCS_TL_E2E].median / DAY,
	    rows[0].phase[SCS_TL_E2E].p90 / DAY,
	    rows[0].phase[SCS_TL_E2E].fastest90 / DAY,
	    rows[0].phase[SCS_TL_E2E].mean / DAY, 100 * rows[0].e_share);
	(void)printf("RESULT engine=timeliness cases=%zu levels=%d passes=%d "
	             "add_s=%.6f report_s=%.6f total_s=%.6f qsort_s=%.6f "
	             "durations=%zu peak_rss_kb=%ld\n",
	    n, NLEVS, passes, add_s, rep_s, tot_s, sort_s, n * SCS_TL_NSTATS,
	    bh_peak_kb());
	free(rows);
	free(cs);
	free(base);
	free(add_t);
	free(rep_t);
	free(tot_t);
	free(sort_t);
	return 0;
}
