/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.c - the capacity planner (DESIGN.md section 8; docs/capacity.md):
 * a scenario run through the simulator (src/core/sim.c), its classes'
 * times and arrivals taken from the register's own history where the
 * scenario asks ("history"), and the what-if "how many servers for a
 * quantile of the time in a stage", answered both by simulation and by
 * Erlang C (src/core/queue.c).  Statistics only: no case, no person.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scs/queue.h"
#include "scs/scenario.h"
#include "ops_int.h"

#define PLANNERS          (SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN)
#define HISTORY_WINDOW    ((int64_t)365 * 86400)
/* Empirical from this many decided cases; a lognormal from their median
 * and 90th percentile from HISTORY_FIT; below, the scenario's own. */
#define HISTORY_EMPIRICAL 30
#define HISTORY_FIT       5
#define STAFF_MAX         1000000U

/* The register's phases as the simulator's stages. */
static const enum scs_sim_stage stage_of_phase[SCS_PHASE_N] = {SCS_SIM_CONSENT,
    SCS_SIM_QUESTIONNAIRE, SCS_SIM_INITIATION, SCS_SIM_INVESTIGATION,
    SCS_SIM_ADJUDICATION};

static const char *const columns[] = {"authority", "level", "state", "opened",
    "decided", "e_adjudicated", "consent_s", "questionnaire_s", "initiation_s",
    "investigation_s", "adjudication_s", NULL};

struct gather {
	const char *level; /* "" for every level */
	double *v[SCS_PHASE_N];
	size_t np[SCS_PHASE_N]; /* durations of each phase */
	size_t n, cap;          /* cases seen (count_cb: opened) */
	int rc;
};

static int
gather_cb(void *arg, const struct scs_record *r)
{
	struct gather *g = arg;
	const struct scs_case *k = &r->u.vcase;
	unsigned p;

	if (!k->has_decided || (*g->level && strcmp(k->level, g->level) != 0))
		return SCS_OK;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 256;

		if (cap > SCS_SIM_SAMPLES_MAX)
			return SCS_OK; /* enough */
		for (p = 0; p < SCS_PHASE_N; p++) {
			double *v = realloc(g->v[p], cap * sizeof(*v));

			if (v == NULL)
				return g->rc = SCS_ENOMEM;
			g->v[p] = v;
		}
		g->cap = cap;
	}
	for (p = 0; p < SCS_PHASE_N; p++) {
		/* A case a rule decided skipped the adjudicators: its 0 is
		 * no adjudication time (the simulator routes it past them by
		 * the class's e_adjudication share). */
		if (p == SCS_PHASE_ADJUDICATION && k->e_adjudicated)
			continue;
		g->v[p][g->np[p]++] =
		    k->phase_s[p] > 0 ? (double)k->phase_s[p] / 86400.0 : 0.0;
	}
	g->n++;
	return SCS_OK;
}

static int
count_cb(void *arg, const struct scs_record *r)
{
	struct gather *g = arg;

	if (!*g->level || strcmp(r->u.vcase.level, g->level) == 0)
		g->n++;
	return SCS_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Class @ci's time of phase @p from the @n samples @v (taken over or
 * freed); what was chosen into @note. */
static int
set_phase(struct scs_scenario *sc, size_t ci, unsigned p, double *v, size_t n,
    json_t *note)
{
	struct scs_sim_dist d;
	const char *kind = "scenario";
	double med, p90;

	memset(&d, 0, sizeof(d));
	if (n >= HISTORY_EMPIRICAL) {
		d.kind = SCS_SIM_DIST_EMPIRICAL;
		d.samples = v;
		d.nsamples = n;
		kind = "empirical";
	} else if (n >= HISTORY_FIT) {
		qsort(v, n, sizeof(*v), cmp_double);
		med = v[(n - 1) / 2];
		p90 = v[(size_t)ceil(0.9 * (double)n) - 1];
		if (med > 0.0 && p90 >= med) {
			d.kind = SCS_SIM_DIST_LOGNORMAL;
			d.a = med;
			d.b = p90;
			kind = "lognormal";
		}
	}
	if (json_object_set_new(note, scs_phase_codes[p],
	        json_pack("{s:s, s:I}", "kind", kind, "cases",
	            (json_int_t)n))) {
		free(v);
		return SCS_ENOMEM;
	}
	if (d.kind != SCS_SIM_DIST_EMPIRICAL)
		free(v);
	if (d.kind == SCS_SIM_DIST_NONE)
		return SCS_OK;
	return scs_scenario_set_time(sc, ci, stage_of_phase[p], &d);
}

/* Class @ci's times and arrivals from the cases of its history decided
 * (for times) and opened (for arrivals) in the last year. */
static int
from_history(struct scs_ctx *c, struct scs_scenario *sc, size_t ci, int64_t now,
    json_t *notes, struct scs_err *err)
{
	const struct scs_scenario_history *h = &sc->history[ci];
	struct gather g;
	struct scs_rec_query q;
	json_t *note = json_object();
	unsigned p;
	int rc;

	memset(&g, 0, sizeof(g));
	g.level = h->level;
	memset(&q, 0, sizeof(q));
	q.lean = true;
	q.fields = columns;
	q.unordered = true;
	q.time_field = "decided";
	q.time_from = now - HISTORY_WINDOW;
	q.time_to = now + 1;
	q.eq[0].field = "authority";
	q.eq[0].value = h->authority;
	if (note == NULL ||
	    json_object_set_new(notes, sc->classes[ci].id, note) != 0)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, gather_cb, &g, err);
	if (rc == SCS_OK && g.rc != SCS_OK)
		rc = scs_err_set(err, g.rc, NULL, "out of memory");
	for (p = 0; p < SCS_PHASE_N; p++) {
		if (rc == SCS_OK)
			rc = set_phase(sc, ci, p, g.v[p], g.np[p], note);
		else
			free(g.v[p]);
	}
	if (rc != SCS_OK || sc->classes[ci].nrate > 0)
		return rc == SCS_ENOMEM
		    ? scs_err_set(err, rc, NULL, "out of memory")
		    : rc;
	/* No arrivals given: the cases opened in the year, a day. */
	memset(&g, 0, sizeof(g));
	g.level = h->level;
	q.time_field = "opened";
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, count_cb, &g, err);
	if (rc != SCS_OK)
		return rc;
	if (json_object_set_new(note, "arrivals_per_day",
	        json_real((double)g.n / 365.0)) != 0 ||
	    scs_scenario_set_rate(sc, ci, (double)g.n / 365.0) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	return SCS_OK;
}

int
scs_op_sim_prepare(struct scs_ctx *c, const json_t *body,
    struct scs_scenario **out_sc, json_t **out_notes, struct scs_err *err)
{
	struct scs_scenario *sc = NULL;
	json_t *notes = json_object();
	int64_t now = c->now_us() / 1000000;
	size_t i;
	int rc;

	if (notes == NULL)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	rc = scs_scenario_parse(body, &sc, err);
	for (i = 0; rc == SCS_OK && i < sc->s.nclasses; i++)
		if (sc->history[i].authority[0] != '\0')
			rc = from_history(c, sc, i, now, notes, err);
	if (rc == SCS_OK)
		rc = scs_sim_check(&sc->s, err);
	if (rc != SCS_OK) {
		scs_scenario_free(sc);
		json_decref(notes);
		return rc;
	}
	*out_sc = sc;
	*out_notes = notes;
	return SCS_OK;
}

int
scs_op_sim(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_scenario *sc;
	struct scs_sim_result r;
	json_t *notes, *o;
	int rc;

	if ((rc = scs_op_allow(c, PLANNERS, "run the capacity planner", err)) !=
	    SCS_OK)
		return rc;
	if ((rc = scs_op_sim_prepare(c, body, &sc, &notes, err)) != SCS_OK)
		return rc;
	rc = scs_sim_run(&sc->s, &r, err);
	if (rc == SCS_OK) {
		o = scs_sim_result_json(sc, &r);
		if (o == NULL) {
			rc =
			    scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
		} else if (json_object_set_new(o, "history", notes) != 0) {
			notes = NULL; /* taken, even on failure */
			json_decref(o);
			rc =
			    scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
		} else {
			notes = NULL;
			*out = o;
		}
		scs_sim_result_free(&r);
	}
	json_decref(notes);
	scs_scenario_free(sc);
	return rc;
}

/* The @q quantile (0.5, 0.8 or 0.9) of @s. */
static double
quantile(const struct scs_sim_stats *s, double q)
{
	return q < 0.6 ? s->p50 : q < 0.85 ? s->p80 : s->p90;
}

struct whatif {
	struct scs_scenario *sc;
	int pool;
	enum scs_sim_stage stage;
	double q, days;
	unsigned runs;
};

/* Run with @n servers in the pool (its schedule set aside): the
 * quantile of its cases' time in its stage into *@out. */
static int
try_staff(struct whatif *w, unsigned n, double *out, struct scs_err *err)
{
	struct scs_sim_pool *p = &w->sc->pools[w->pool];
	struct scs_sim_result r;
	int rc;

	p->servers = n;
	p->nstaff = 0;
	rc = scs_sim_run(&w->sc->s, &r, err);
	if (rc != SCS_OK)
		return rc;
	w->runs++;
	*out = r.pools[w->pool].time.count > 0
	    ? quantile(&r.pools[w->pool].time, w->q)
	    : HUGE_VAL;
	if (r.pools[w->pool].at_end > r.pools[w->pool].time.count)
		*out = HUGE_VAL; /* the queue grew past what left: unstable */
	scs_sim_result_free(&r);
	return SCS_OK;
}

/* The fewest servers whose quantile meets the target, by doubling then
 * bisection; 0 when even STAFF_MAX do not. */
static int
search(struct whatif *w, unsigned from, unsigned *out, double *out_q,
    struct scs_err *err)
{
	unsigned lo = 0, hi = from > 0 ? from : 1, mid;
	double got = HUGE_VAL, at_hi = HUGE_VAL;
	int rc;

	for (;;) {
		if ((rc = try_staff(w, hi, &at_hi, err)) != SCS_OK)
			return rc;
		if (at_hi <= w->days)
			break;
		lo = hi;
		if (hi >= STAFF_MAX / w->sc->pools[w->pool].slots / 2) {
			*out = 0;
			*out_q = at_hi;
			return SCS_OK;
		}
		hi *= 2;
	}
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if ((rc = try_staff(w, mid, &got, err)) != SCS_OK)
			return rc;
		if (got <= w->days) {
			hi = mid;
			at_hi = got;
		} else {
			lo = mid;
		}
	}
	*out = hi;
	*out_q = at_hi;
	return SCS_OK;
}

static int
whatif_args(const json_t *body, double *q, double *days, const char **pool,
    struct scs_err *err)
{
	json_t *v;

	if (!json_is_object(body))
		return scs_err_set(err, SCS_EINVAL, "", "must be an object");
	*pool = json_string_value(json_object_get(body, "pool"));
	if (*pool == NULL)
		return scs_err_set(err, SCS_EINVAL, "pool",
		    "must name a pool of the scenario");
	v = json_object_get(body, "quantile");
	*q = v == NULL ? 0.9 : json_is_number(v) ? json_number_value(v) : -1.0;
	if (*q != 0.5 && *q != 0.8 && *q != 0.9)
		return scs_err_set(err, SCS_EINVAL, "quantile",
		    "must be 0.5, 0.8 or 0.9");
	v = json_object_get(body, "days");
	*days = json_is_number(v) ? json_number_value(v) : -1.0;
	if (!(*days > 0.0 && *days <= SCS_SIM_DAYS_MAX))
		return scs_err_set(err, SCS_EINVAL, "days",
		    "must be a number of days above 0");
	if (!json_is_object(json_object_get(body, "scenario")))
		return scs_err_set(err, SCS_EINVAL, "scenario",
		    "must be a scenario object");
	return SCS_OK;
}

/* Erlang C's answer from the base run: the pool's entries a day (not
 * its completions, which an overloaded pool holds down) and its mean
 * service, servers of @slots cases each. */
static json_t *
erlang(const struct scs_sim_result *base, const struct whatif *w,
    unsigned slots)
{
	const struct scs_sim_pool_result *g = &base->pools[w->pool];
	double span = w->sc->s.days - w->sc->s.warmup;
	double service = g->service_mean;
	struct scs_mmc q = {(double)g->entered / span,
	    service > 0.0 ? 1.0 / service : 0.0, 0};
	unsigned cs = 0, n = 0;
	double at = 0.0;

	if (q.lambda > 0.0 && q.mu > 0.0)
		cs = scs_mmc_staff_for(&q, w->q, w->days, STAFF_MAX);
	if (cs > 0) {
		n = (cs + slots - 1) / slots;
		q.c = n * slots;
		at = scs_mmc_time_quantile(&q, w->q);
	}
	return json_pack("{s:o, s:f, s:f, s:o}", "servers",
	    n ? json_integer(n) : json_null(), "lambda", q.lambda,
	    "mean_service_days", service, "quantile_days",
	    n ? json_real(round(at * 1000.0) / 1000.0) : json_null());
}

int
scs_op_sim_staff(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct whatif w;
	struct scs_sim_result base;
	json_t *notes = NULL, *e;
	const char *pool = "";
	unsigned servers, slots, found = 0;
	double now_q, found_q = HUGE_VAL;
	int rc;

	memset(&w, 0, sizeof(w));
	if ((rc = scs_op_allow(c, PLANNERS, "run the capacity planner", err)) !=
	        SCS_OK ||
	    (rc = whatif_args(body, &w.q, &w.days, &pool, err)) != SCS_OK ||
	    (rc = scs_op_sim_prepare(c, json_object_get(body, "scenario"),
	         &w.sc, &notes, err)) != SCS_OK)
		return rc;
	assert(w.sc != NULL);
	for (w.pool = 0; (size_t)w.pool < w.sc->s.npools &&
	     strcmp(w.sc->pools[w.pool].id, pool) != 0;
	     w.pool++)
		;
	if ((size_t)w.pool == w.sc->s.npools) {
		rc = scs_err_set(err, SCS_EINVAL, "pool",
		    "\"%s\" is not a pool of the scenario", pool);
		goto fail;
	}
	w.stage = w.sc->pools[w.pool].stage;
	servers = w.sc->pools[w.pool].servers;
	slots = w.sc->pools[w.pool].slots;
	if ((rc = scs_sim_run(&w.sc->s, &base, err)) != SCS_OK)
		goto fail;
	if (base.pools[w.pool].entered == 0 &&
	    base.pools[w.pool].time.count == 0 &&
	    base.pools[w.pool].at_end == 0) {
		scs_sim_result_free(&base);
		rc = scs_err_set(err, SCS_EINVAL, "pool",
		    "\"%s\" serves no case of its stage in the scenario", pool);
		goto fail;
	}
	now_q = quantile(&base.pools[w.pool].time, w.q);
	e = erlang(&base, &w, slots);
	rc = search(&w, servers, &found, &found_q, err);
	if (rc == SCS_OK) {
		*out = json_pack("{s:s, s:s, s:f, s:f, s:{s:i, s:o}, s:o, "
		                 "s:{s:o, s:o, s:i}, s:{s:f, s:f, s:f, s:f}}",
		    "pool", pool, "stage", scs_sim_stage_codes[w.stage],
		    "quantile", w.q, "days", w.days, "current", "servers",
		    (int)servers, "quantile_days",
		    now_q > 0.0 ? json_real(round(now_q * 1000.0) / 1000.0)
		                : json_null(),
		    "erlang", e, "simulation", "servers",
		    found ? json_integer(found) : json_null(), "quantile_days",
		    found ? json_real(round(found_q * 1000.0) / 1000.0)
		          : json_null(),
		    "runs", (int)w.runs, "little", "L", base.little.L, "lambda",
		    base.little.lambda, "W", base.little.W, "error",
		    base.little.error);
		if (*out == NULL)
			rc =
			    scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	} else {
		json_decref(e);
	}
	scs_sim_result_free(&base);
fail:
	json_decref(notes);
	scs_scenario_free(w.sc);
	return rc;
}

/* ---- the register's own scenario ---- */

#define DEFAULT_SLOTS 10 /* an investigator's cases, without history */

struct census {
	struct census_class {
		char authority[SCS_SIM_ID_MAX];
		char level[SCS_SIM_ID_MAX];
		uint64_t seen, decided, denied, eadj, closed, refused;
		uint64_t open[SCS_SIM_NSTAGES];
	} cls[SCS_SIM_CLASSES_MAX];
	size_t n;
	int64_t since;
	uint64_t investigators, adjudicators;
	/* the last year: cases opened, and the investigation and
	 * adjudication days of those decided */
	uint64_t opened, timed;
	double inv_days, adj_days;
};

static struct census_class *
census_class(struct census *cs, const struct scs_case *k)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		if (strcmp(cs->cls[i].authority, k->authority) == 0 &&
		    strcmp(cs->cls[i].level, k->level) == 0)
			return &cs->cls[i];
	if (cs->n == SCS_SIM_CLASSES_MAX ||
	    strlen(k->authority) >= SCS_SIM_ID_MAX ||
	    strlen(k->level) >= SCS_SIM_ID_MAX)
		return NULL; /* beyond the simulator's classes: left out */
	memcpy(cs->cls[cs->n].authority, k->authority,
	    strlen(k->authority) + 1);
	memcpy(cs->cls[cs->n].level, k->level, strlen(k->level) + 1);
	return &cs->cls[cs->n++];
}

/* The stage an open case is in, or SCS_SIM_NSTAGES (interim: none). */
static unsigned
stage_of_state(enum scs_case_state s)
{
	switch (s) {
	case SCS_CASE_AWAITING_CONSENT:
		return SCS_SIM_CONSENT;
	case SCS_CASE_QUESTIONNAIRE:
		return SCS_SIM_QUESTIONNAIRE;
	case SCS_CASE_SUBMITTED:
		return SCS_SIM_INITIATION;
	case SCS_CASE_INVESTIGATING:
		return SCS_SIM_INVESTIGATION;
	case SCS_CASE_ADJUDICATING:
		return SCS_SIM_ADJUDICATION;
	case SCS_CASE_COMPLAINT:
		return SCS_SIM_COMPLAINT;
	default:
		return SCS_SIM_NSTAGES;
	}
}

static int
census_case(void *arg, const struct scs_record *r)
{
	struct census *cs = arg;
	const struct scs_case *k = &r->u.vcase;
	struct census_class *cc;
	unsigned st = stage_of_state(k->state);
	bool recent = k->opened >= cs->since ||
	    (k->has_decided && k->decided >= cs->since);

	cs->opened += k->opened >= cs->since;
	if (k->has_decided && k->decided >= cs->since) {
		cs->timed++;
		cs->inv_days +=
		    (double)k->phase_s[SCS_PHASE_INVESTIGATION] / 86400.0;
		cs->adj_days +=
		    (double)k->phase_s[SCS_PHASE_ADJUDICATION] / 86400.0;
	}
	if (st == SCS_SIM_NSTAGES && !recent)
		return SCS_OK;
	if ((cc = census_class(cs, k)) == NULL)
		return SCS_OK;
	cc->seen++;
	if (st < SCS_SIM_NSTAGES)
		cc->open[st]++;
	if (!recent)
		return SCS_OK;
	if (k->has_decided && k->state != SCS_CASE_INTERIM) {
		cc->decided++;
		cc->denied += k->state == SCS_CASE_DENIED ||
		    k->state == SCS_CASE_REJECTED;
		cc->eadj += k->e_adjudicated;
	}
	if (k->state == SCS_CASE_REFUSED || k->state == SCS_CASE_WITHDRAWN)
		cc->refused++;
	cc->closed += st == SCS_SIM_NSTAGES;
	return SCS_OK;
}

static int
census_user(void *arg, const struct scs_user *u)
{
	struct census *cs = arg;

	if (!u->disabled) {
		cs->investigators += u->role == SCS_ROLE_INVESTIGATOR;
		cs->adjudicators += u->role == SCS_ROLE_ADJUDICATOR;
	}
	return SCS_OK;
}

static double
share(uint64_t part, uint64_t whole)
{
	return whole ? round((double)part / (double)whole * 1e4) / 1e4 : 0.0;
}

/* The times a class takes where the register has too few cases of its
 * own (docs/capacity.md "Defaults": the order of the US figures, ours
 * to change), as lognormals of median and p90 days. */
static json_t *
default_times(void)
{
	static const double t[SCS_SIM_NSTAGES][2] = {{3, 10}, {14, 35}, {3, 10},
	    {45, 120}, {1, 3}, {7, 21}, {14, 30}};
	json_t *o = json_object();
	unsigned k;

	for (k = 0; o != NULL && k < SCS_SIM_NSTAGES; k++)
		if (json_object_set_new(o, scs_sim_stage_codes[k],
		        json_pack("{s:{s:f, s:f}}", "lognormal", "median",
		            t[k][0], "p90", t[k][1])) != 0) {
			json_decref(o);
			return NULL;
		}
	return o;
}

/* The cases one of @people works at once so that the pool carries the
 * last year's load with a quarter to spare: Little's law, the cases in
 * the phase on average (opened a day times its mean days) over the
 * people; @def without a history. */
static unsigned
slots_for(const struct census *cs, double days, uint64_t people, unsigned def)
{
	double load;

	if (cs->timed < 5 || cs->opened == 0)
		return def;
	load = (double)cs->opened / 365.0 * (days / (double)cs->timed);
	load = ceil(1.25 * load / (double)(people ? people : 1));
	return load < 1.0 ? 1U : load > 10000.0 ? 10000U : (unsigned)load;
}

static json_t *
scenario_json(const struct census *cs)
{
	json_t *classes = json_array(), *initial = json_object(), *o;
	size_t i;
	unsigned k;

	for (i = 0; classes && initial && i < cs->n; i++) {
		const struct census_class *c = &cs->cls[i];
		char id[2 * SCS_SIM_ID_MAX];
		json_t *at = json_object();

		(void)snprintf(id, sizeof(id), "%s/%s", c->authority, c->level);
		if (strlen(id) >= SCS_SIM_ID_MAX)
			(void)snprintf(id, sizeof(id), "class-%zu", i + 1);
		for (k = 0; at != NULL && k < SCS_SIM_NSTAGES; k++)
			if (c->open[k] &&
			    json_object_set_new(at, scs_sim_stage_codes[k],
			        json_integer((json_int_t)c->open[k])) != 0)
				json_decref(at), at = NULL;
		o = json_pack("{s:s, s:i, s:s, s:{s:s, s:s}, s:f, s:f, s:f, "
		              "s:o}",
		    "id", id, "priority", 1, "body", "investigators", "history",
		    "authority", c->authority, "level", c->level,
		    "refuse_consent", share(c->refused, c->closed),
		    "e_adjudication", share(c->eadj, c->decided), "deny",
		    share(c->denied, c->decided), "time", default_times());
		if (o == NULL || at == NULL ||
		    json_array_append_new(classes, o) != 0 ||
		    json_object_set_new(initial, id, at) != 0) {
			json_decref(o);
			json_decref(classes);
			json_decref(initial);
			return NULL;
		}
	}
	if (classes == NULL || initial == NULL) {
		json_decref(classes);
		json_decref(initial);
		return NULL;
	}
	return json_pack("{s:s, s:f, s:f, s:f, s:i, s:[{s:s, s:s, s:I, s:i}, "
	                 "{s:s, s:s, s:I, s:i}], s:n, s:s, s:o, s:o}",
	    "name", "The register's own", "days", 365.0, "warmup_days", 0.0,
	    "sample_days", 7.0, "seed", 1, "pools", "id", "investigators",
	    "stage", "investigation", "servers",
	    (json_int_t)(cs->investigators ? cs->investigators : 1), "slots",
	    (int)slots_for(cs, cs->inv_days, cs->investigators, DEFAULT_SLOTS),
	    "id", "adjudicators", "stage", "adjudication", "servers",
	    (json_int_t)(cs->adjudicators ? cs->adjudicators : 1), "slots",
	    (int)slots_for(cs, cs->adj_days, cs->adjudicators, 1), "review",
	    "adjudication", "adjudicators", "classes", classes, "initial",
	    initial);
}

int
scs_op_sim_scenario(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct census *cs;
	struct scs_rec_query q;
	int rc;

	if ((rc = scs_op_allow(c, PLANNERS, "run the capacity planner", err)) !=
	    SCS_OK)
		return rc;
	if ((cs = calloc(1, sizeof(*cs))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	cs->since = c->now_us() / 1000000 - HISTORY_WINDOW;
	memset(&q, 0, sizeof(q));
	q.lean = true;
	q.fields = columns;
	q.unordered = true;
	rc =
	    scs_store_rec_query(c->st, SCS_KIND_CASE, &q, census_case, cs, err);
	if (rc == SCS_OK)
		rc = scs_store_user_each(c->st, census_user, cs, err);
	if (rc == SCS_OK && (*out = scenario_json(cs)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	free(cs);
	return rc;
}
