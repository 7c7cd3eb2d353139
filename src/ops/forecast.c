/* SPDX-License-Identifier: Apache-2.0 */
/*
 * forecast.c - the capacity planner's forecast (DESIGN.md section 8;
 * docs/capacity.md "Forecasts"): each class's cases opened per calendar
 * quarter, from the register, forecast for the quarters ahead
 * (src/core/forecast.c), and the forecasts pushed through the simulator
 * from today's open cases: R replications, each with its own seed and
 * its own level of arrivals (the r-th of R evenly spaced quantiles of
 * the forecast's distribution), give per quarter the inventory at its
 * end and the phases' p50, p80 and p90 of the cases that leave them in
 * it, with the 10th to 90th percentile across replications.  Beside it,
 * each class's forecast judged on its own last four quarters held out.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/forecast.h"
#include "scs/scenario.h"
#include "ops_int.h"

#define PLANNERS     (SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN)
#define QUARTERS_MAX 8
#define REPS_MAX     100
#define HISTORY_Q    40 /* quarters of history, at most */
#define HOLDOUT      4
#define DAY          86400

/* The quarter of unix time @t: year * 4 + (month - 1) / 3 (civil from
 * days, after H. Hinnant's algorithm). */
static int64_t
quarter_of(int64_t t)
{
	int64_t z = (t >= 0 ? t : t - (DAY - 1)) / DAY + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t m = mp < 10 ? mp + 3 : mp - 9;
	int64_t y = yoe + era * 400 + (m <= 2);

	return y * 4 + (m - 1) / 3;
}

/* The first instant of quarter @q. */
static int64_t
quarter_start(int64_t q)
{
	int64_t y = q >= 0 ? q / 4 : (q - 3) / 4;

	return scs_days_from_civil(y, (unsigned)(q - y * 4) * 3 + 1, 1) * DAY;
}

struct series {
	char authority[SCS_SIM_ID_MAX], level[SCS_SIM_ID_MAX];
	double y[HISTORY_Q];
	size_t skip; /* the quarters before its first case: not its history */
};

struct tally {
	struct series *s;
	size_t n;
	/* Little's law over the register's last year: cases open a day
	 * (integrated), opened, and the days of those that closed. */
	int64_t from, to;
	double area, closed_days;
	uint64_t opened, closed;
	int64_t first_q; /* the oldest quarter kept */
	int64_t now_q;   /* the current (incomplete) quarter */
	int64_t oldest;  /* the quarter of the oldest case seen */
};

/* A case's part in Little's law over [from, to): it is in the pipeline
 * from its opening until it leaves it (its final state's since), or to
 * the end when it is still open (interim and complaint included). */
static void
little_add(struct tally *t, const struct scs_case *k)
{
	bool open = scs_case_open(k->state);
	int64_t a = k->opened, d = open ? t->to : k->since;
	int64_t lo = a > t->from ? a : t->from, hi = d < t->to ? d : t->to;

	if (hi > lo)
		t->area += (double)(hi - lo) / DAY;
	if (a >= t->from && a < t->to)
		t->opened++;
	if (!open && d >= t->from && d < t->to && d >= a) {
		t->closed++;
		t->closed_days += (double)(d - a) / DAY;
	}
}

static int
tally_cb(void *arg, const struct scs_record *r)
{
	struct tally *t = arg;
	const struct scs_case *k = &r->u.vcase;
	int64_t q = quarter_of(k->opened);
	size_t i;

	little_add(t, k);
	if (q < t->oldest)
		t->oldest = q;
	if (q < t->first_q || q >= t->now_q)
		return SCS_OK;
	/* Every class whose history the case is (a history without a
	 * level takes every level of its authority). */
	for (i = 0; i < t->n; i++)
		if (strcmp(t->s[i].authority, k->authority) == 0 &&
		    (t->s[i].level[0] == '\0' ||
		        strcmp(t->s[i].level, k->level) == 0))
			t->s[i].y[q - t->first_q] += 1.0;
	return SCS_OK;
}

/* The standard normal's @p quantile, by bisection on erfc. */
static double
probit(double p)
{
	double lo = -10.0, hi = 10.0, mid;
	int i;

	for (i = 0; i < 80; i++) {
		mid = (lo + hi) / 2.0;
		if (0.5 * erfc(-mid / M_SQRT2) < p)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2.0;
}

/* One class's arrivals for a replication at normal quantile @z: each
 * quarter's forecast at z of its standard deviations, never below 0. */
static double
at_z(const struct scs_fc_point *p, double z)
{
	double v = p->mean + z * p->sd;

	return v < 0.0 ? 0.0 : v;
}

struct plan {
	struct scs_scenario *sc;
	struct scs_fc *fc; /* per class; method NONE: the scenario's */
	int64_t now, end[QUARTERS_MAX + 1];
	size_t nq; /* the current quarter and the ones after */
	unsigned reps;
	struct scs_sim_step *steps; /* nclasses x nq */
	/* per replication and quarter */
	double *inv, *stat; /* stat: [rep][q][stage][3] */
};

#define NSTAT 3

static double *
stat_at(const struct plan *p, unsigned r, size_t q, unsigned stage)
{
	return &p->stat[(((size_t)r * p->nq + q) * SCS_SIM_NSTAGES + stage) *
	    NSTAT];
}

/* Set every class's arrivals for replication @r. */
static void
set_arrivals(struct plan *p, unsigned r)
{
	double z = probit(((double)r + 0.5) / (double)p->reps);
	size_t c, q;

	for (c = 0; c < p->sc->s.nclasses; c++) {
		struct scs_sim_step *st = &p->steps[c * p->nq];

		if (p->fc[c].method == SCS_FC_NONE && p->fc[c].h == 0)
			continue; /* the scenario's own */
		for (q = 0; q < p->nq; q++) {
			double from =
			    q ? (double)(p->end[q - 1] - p->now) / DAY : 0.0;
			double len =
			    (double)(p->end[q] -
			        (q ? p->end[q - 1]
			           : quarter_start(quarter_of(p->now)))) /
			    DAY;

			st[q].day = from;
			st[q].v = at_z(&p->fc[c].at[q], z) / len;
		}
		p->sc->classes[c].rate = st;
		p->sc->classes[c].nrate = p->nq;
	}
}

/* Replication @r: one run to the last quarter's end, with a window a
 * quarter (each counted as a run to its end would count it). */
static int
replicate(struct plan *p, unsigned r, struct scs_err *err)
{
	double ends[QUARTERS_MAX + 1];
	struct scs_sim_result res;
	size_t q;
	unsigned k;
	int rc;

	if (p->nq == 0)
		return SCS_OK; /* nothing to forecast */
	set_arrivals(p, r);
	for (q = 0; q < p->nq; q++)
		ends[q] = (double)(p->end[q] - p->now) / DAY;
	p->sc->s.seed = (uint64_t)r + 1;
	p->sc->s.sample_every = 0.0;
	p->sc->s.days = ends[p->nq - 1];
	p->sc->s.warmup = 0.0;
	p->sc->s.windows = ends;
	p->sc->s.nwindows = p->nq;
	rc = scs_sim_run(&p->sc->s, &res, err);
	p->sc->s.windows = NULL;
	p->sc->s.nwindows = 0;
	if (rc != SCS_OK)
		return rc;
	for (q = 0; q < p->nq; q++) {
		const struct scs_sim_window *w = &res.windows[q];

		p->inv[(size_t)r * p->nq + q] = (double)w->total;
		for (k = 0; k < SCS_SIM_NSTAGES; k++) {
			double *s = stat_at(p, r, q, k);
			const struct scs_sim_stats *t = &w->time[k];

			s[0] = t->count ? t->p50 : NAN;
			s[1] = t->count ? t->p80 : NAN;
			s[2] = t->count ? t->p90 : NAN;
		}
	}
	scs_sim_result_free(&res);
	return SCS_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The mean, and the 10th and 90th percentiles (nearest rank) of the @n
 * values @v that are numbers (sorted in place), as JSON; null when none
 * is. */
static json_t *
band(double *v, size_t n)
{
	size_t i, k = 0;
	double sum = 0.0;

	for (i = 0; i < n; i++)
		if (!isnan(v[i]))
			v[k++] = v[i];
	if (k == 0)
		return json_null();
	qsort(v, k, sizeof(*v), cmp_double);
	for (i = 0; i < k; i++)
		sum += v[i];
	return json_pack("{s:f, s:f, s:f}", "mean",
	    round(sum / (double)k * 100.0) / 100.0, "lo",
	    v[(size_t)ceil(0.1 * (double)k) - 1], "hi",
	    v[(size_t)ceil(0.9 * (double)k) - 1]);
}

static json_t *
quarter_json(struct plan *p, size_t q, double *tmp)
{
	char name[16];
	int64_t qi = quarter_of(p->now) + (int64_t)q;
	json_t *phases = json_object(), *o;
	double am = 0.0, al = 0.0, ah = 0.0;
	unsigned r, k, j;
	size_t c;

	{
		int64_t y = qi >= 0 ? qi / 4 : (qi - 3) / 4;

		/* years of 4 digits: the register's times are 0000..9999 */
		(void)snprintf(name, sizeof(name), "%04d-Q%d", (int)(y % 10000),
		    (int)(qi - y * 4 + 1));
	}
	for (c = 0; c < p->sc->s.nclasses; c++) {
		if (p->fc[c].h == 0)
			continue;
		am += p->fc[c].at[q].mean;
		al += p->fc[c].at[q].lo;
		ah += p->fc[c].at[q].hi;
	}
	for (k = 0; phases != NULL && k < SCS_SIM_NSTAGES; k++) {
		static const char *const names[NSTAT] = {"p50", "p80", "p90"};
		json_t *s = json_object();

		for (j = 0; s != NULL && j < NSTAT; j++) {
			for (r = 0; r < p->reps; r++)
				tmp[r] = stat_at(p, r, q, k)[j];
			if (json_object_set_new(s, names[j],
			        band(tmp, p->reps)))
				json_decref(s), s = NULL;
		}
		if (s == NULL ||
		    json_object_set_new(phases, scs_sim_stage_codes[k], s))
			json_decref(phases), phases = NULL;
	}
	for (r = 0; r < p->reps; r++)
		tmp[r] = p->inv[(size_t)r * p->nq + q];
	o = json_pack("{s:s, s:I, s:I, s:{s:f, s:f, s:f}, s:o, s:o}", "quarter",
	    name, "start", (json_int_t)(q ? p->end[q - 1] : p->now), "end",
	    (json_int_t)p->end[q], "arrivals", "mean", round(am * 10) / 10,
	    "lo", round(al * 10) / 10, "hi", round(ah * 10) / 10, "inventory",
	    band(tmp, p->reps), "phases", phases);
	return o;
}

/* The mean absolute error of @method (SCS_FC_NONE: the best the series
 * allows) on the last HOLDOUT of the @n values @y, fitted on the ones
 * before; -1 when the series is too short for it. */
static double
holdout_mae(const double *y, size_t n, enum scs_fc_method method)
{
	struct scs_fc f;
	double e = 0.0;
	size_t i;

	if (n < 2 * 4 + 2 + HOLDOUT ||
	    scs_fc_forecast(y, n - HOLDOUT, 4, HOLDOUT, method, &f) != 0)
		return -1.0;
	for (i = 0; i < HOLDOUT; i++)
		e += fabs(y[n - HOLDOUT + i] - f.at[i].mean);
	return e / HOLDOUT;
}

/* The method for a class: the seasonal naive one when it did better on
 * the last HOLDOUT quarters than exponential smoothing, else the best
 * the series allows. */
static enum scs_fc_method
choose(const double *y, size_t n)
{
	double ets = holdout_mae(y, n, SCS_FC_NONE);
	double sn = holdout_mae(y, n, SCS_FC_SNAIVE);

	return ets >= 0.0 && sn >= 0.0 && sn < ets ? SCS_FC_SNAIVE
	                                           : SCS_FC_NONE;
}

/* The class's forecast judged on its last HOLDOUT quarters: fitted on
 * the ones before by @method, the mean of each step's forecast. */
static json_t *
backtest(const double *y, size_t n, enum scs_fc_method method)
{
	struct scs_fc f;
	double fm[HOLDOUT], mape1, mape4, mase;
	size_t i;

	if (n < 2 * 4 + 2 + HOLDOUT ||
	    scs_fc_forecast(y, n - HOLDOUT, 4, HOLDOUT, method, &f) != 0)
		return json_null();
	for (i = 0; i < HOLDOUT; i++)
		fm[i] = f.at[i].mean;
	mape1 = scs_fc_mape(y + n - HOLDOUT, fm, 1);
	mape4 = scs_fc_mape(y + n - HOLDOUT, fm, HOLDOUT);
	mase = scs_fc_mase(y + n - HOLDOUT, fm, HOLDOUT, y, n - HOLDOUT, 4);
	return json_pack("{s:s, s:o, s:o, s:o}", "method",
	    scs_fc_method_codes[f.method], "mape_1q",
	    mape1 < 0 ? json_null() : json_real(round(mape1 * 100) / 100),
	    "mape_4q",
	    mape4 < 0 ? json_null() : json_real(round(mape4 * 100) / 100),
	    "mase",
	    mase < 0 ? json_null() : json_real(round(mase * 1000) / 1000));
}

static json_t *
class_json(const struct plan *p, size_t c, const struct tally *t,
    int64_t start_q, size_t len)
{
	const struct scs_fc *f = &p->fc[c];
	json_t *hist = json_array(), *fc = json_array(), *bt = json_null();
	size_t i;

	if (f->h > 0) {
		const double *y =
		    t->s[c].y + (start_q - t->first_q) + t->s[c].skip;

		start_q += (int64_t)t->s[c].skip;
		len -= t->s[c].skip;

		for (i = 0; hist != NULL && i < len; i++)
			if (json_array_append_new(hist, json_real(y[i])) != 0)
				json_decref(hist), hist = NULL;
		for (i = 0; fc != NULL && i < f->h; i++)
			if (json_array_append_new(fc,
			        json_pack("{s:f, s:f, s:f}", "mean",
			            round(f->at[i].mean * 10) / 10, "lo",
			            round(f->at[i].lo * 10) / 10, "hi",
			            round(f->at[i].hi * 10) / 10)) != 0)
				json_decref(fc), fc = NULL;
		json_decref(bt);
		bt = backtest(y, len,
		    f->method == SCS_FC_SNAIVE ? SCS_FC_SNAIVE : SCS_FC_NONE);
	}
	return json_pack("{s:s, s:s, s:f, s:f, s:f, s:I, s:o, s:o, s:o}", "id",
	    p->sc->classes[c].id, "method",
	    f->h ? scs_fc_method_codes[f->method] : "scenario", "alpha",
	    f->alpha, "gamma", f->gamma, "sigma", round(f->sigma * 100) / 100,
	    "history_from", (json_int_t)quarter_start(start_q), "history", hist,
	    "forecast", fc, "backtest", bt);
}

/* The history per class and its forecasts into @p. */
static int
forecast_classes(struct scs_ctx *c, struct plan *p, struct tally *t,
    int64_t *out_start, size_t *out_len, struct scs_err *err)
{
	static const char *const columns[] = {"authority", "level", "opened",
	    "since", "state", NULL};
	struct scs_rec_query q;
	size_t i, len;
	int64_t start;
	int rc;

	memset(&q, 0, sizeof(q));
	q.lean = true;
	q.fields = columns;
	q.unordered = true;
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, tally_cb, t, err);
	if (rc != SCS_OK)
		return rc;
	start = t->oldest > t->first_q ? t->oldest : t->first_q;
	len = start < t->now_q ? (size_t)(t->now_q - start) : 0;
	for (i = 0; i < p->sc->s.nclasses; i++) {
		const double *y = t->s[i].y + (start - t->first_q);
		size_t k = 0;

		if (p->sc->history[i].authority[0] == '\0')
			continue;
		/* A class begins with its first case (a regime that came
		 * into force, a level added): the empty quarters before are
		 * not a history of zero demand. */
		while (k < len && y[k] == 0.0)
			k++;
		t->s[i].skip = k;
		if (k == len)
			continue; /* no case yet: the scenario's own rate */
		if (scs_fc_forecast(y + k, len - k, 4, p->nq,
		        choose(y + k, len - k), &p->fc[i]) != 0)
			return scs_err_set(err, SCS_EINTERNAL, "",
			    "the forecast failed");
	}
	*out_start = start;
	*out_len = len;
	return SCS_OK;
}

static int
setup(struct scs_ctx *c, struct plan *p, struct tally *t,
    const json_t *scenario, json_t **notes, struct scs_err *err)
{
	size_t i, nc;
	int rc;

	rc = scs_op_sim_prepare(c, scenario, &p->sc, notes, err);
	if (rc != SCS_OK)
		return rc;
	nc = p->sc->s.nclasses;
	p->fc = calloc(nc, sizeof(*p->fc));
	t->s = calloc(nc, sizeof(*t->s));
	p->steps = calloc(nc * p->nq, sizeof(*p->steps));
	p->inv = calloc((size_t)p->reps * p->nq, sizeof(*p->inv));
	p->stat = calloc((size_t)p->reps * p->nq * SCS_SIM_NSTAGES * NSTAT,
	    sizeof(*p->stat));
	if (p->fc == NULL || t->s == NULL || p->steps == NULL ||
	    p->inv == NULL || p->stat == NULL)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	t->n = nc;
	for (i = 0; i < nc; i++) {
		memcpy(t->s[i].authority, p->sc->history[i].authority,
		    sizeof(t->s[i].authority));
		memcpy(t->s[i].level, p->sc->history[i].level,
		    sizeof(t->s[i].level));
	}
	return SCS_OK;
}

static json_t *
result_json(struct plan *p, const struct tally *t, int64_t start, size_t len,
    json_t *notes)
{
	json_t *qs = json_array(), *cs = json_array();
	double *tmp = calloc(p->reps ? p->reps : 1, sizeof(*tmp));
	size_t i;

	for (i = 0; qs != NULL && tmp != NULL && i < p->nq; i++)
		if (json_array_append_new(qs, quarter_json(p, i, tmp)) != 0)
			json_decref(qs), qs = NULL;
	for (i = 0; cs != NULL && i < p->sc->s.nclasses; i++)
		if (json_array_append_new(cs, class_json(p, i, t, start, len)))
			json_decref(cs), cs = NULL;
	free(tmp);
	double span = (double)(t->to - t->from) / DAY;
	double L = t->area / span, lambda = (double)t->opened / span;
	double W = t->closed ? t->closed_days / (double)t->closed : 0.0;

	return json_pack("{s:I, s:i, s:o, s:o, s:o, s:{s:f, s:f, s:f, s:f, "
	                 "s:o}}",
	    "now", (json_int_t)p->now, "replications", (int)p->reps, "quarters",
	    qs, "classes", cs, "scenario_history", json_incref(notes), "little",
	    "window_days", span, "L", round(L * 100) / 100, "lambda",
	    round(lambda * 1000) / 1000, "W", round(W * 100) / 100, "error",
	    L > 0.0 ? json_real(round(fabs(L - lambda * W) / L * 1e4) / 1e4)
	            : json_null());
}

int
scs_op_forecast(struct scs_ctx *c, unsigned quarters, unsigned reps,
    const json_t *scenario, json_t **out, struct scs_err *err)
{
	struct plan p;
	struct tally t;
	json_t *own = NULL, *notes = NULL;
	int64_t start = 0;
	size_t len = 0, q;
	unsigned r;
	int rc;

	if ((rc = scs_op_allow(c, PLANNERS, "run the capacity planner", err)) !=
	    SCS_OK)
		return rc;
	if (quarters < 1 || quarters > QUARTERS_MAX)
		return scs_err_set(err, SCS_EINVAL, "quarters",
		    "must be from 1 to %d", QUARTERS_MAX);
	if (reps < 1 || reps > REPS_MAX)
		return scs_err_set(err, SCS_EINVAL, "replications",
		    "must be from 1 to %d", REPS_MAX);
	if (scenario == NULL &&
	    (rc = scs_op_sim_scenario(c, &own, err)) != SCS_OK)
		return rc;
	memset(&p, 0, sizeof(p));
	memset(&t, 0, sizeof(t));
	p.now = c->now_us() / 1000000;
	p.reps = reps;
	p.nq = quarters + 1; /* the current quarter's rest, then the next */
	for (q = 0; q < p.nq; q++)
		p.end[q] = quarter_start(quarter_of(p.now) + (int64_t)q + 1);
	t.now_q = quarter_of(p.now);
	t.to = p.now;
	t.from = p.now - 365 * (int64_t)DAY;
	t.first_q = t.now_q - HISTORY_Q;
	t.oldest = t.now_q;
	rc = setup(c, &p, &t, scenario ? scenario : own, &notes, err);
	if (rc == SCS_OK)
		rc = forecast_classes(c, &p, &t, &start, &len, err);
	for (r = 0; rc == SCS_OK && r < p.reps; r++)
		rc = replicate(&p, r, err);
	if (rc == SCS_OK &&
	    (*out = result_json(&p, &t, start, len, notes)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	json_decref(notes);
	json_decref(own);
	scs_scenario_free(p.sc);
	free(p.fc);
	free(p.steps);
	free(p.inv);
	free(p.stat);
	free(t.s);
	return rc;
}
