/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scenario.c - a simulator scenario from JSON and its result to JSON
 * (scenario.h; the format is in docs/capacity.md).  Pools and classes
 * name each other by id; the parser resolves the names to indexes and
 * every error names the path of the value at fault.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/scenario.h"

#define PATH_MAX_ 160

/* A path for an error, cut to @len (vsnprintf: a long id is cut, not an
 * error). */
static void __attribute__((format(printf, 3, 4)))
pathf(char *f, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(f, len, fmt, ap);
	va_end(ap);
}

static int
owned_add(struct scs_scenario *sc, void *p)
{
	void **o = realloc(sc->owned, (sc->nowned + 1) * sizeof(*o));

	if (o == NULL) {
		free(p);
		return SCS_ENOMEM;
	}
	sc->owned = o;
	sc->owned[sc->nowned++] = p;
	return SCS_OK;
}

/* Only the keys in the NULL-ended @keys. */
static int
known_keys(const json_t *o, const char *const *keys, const char *path,
    struct scs_err *err)
{
	const char *k;
	json_t *v;
	size_t i;
	char f[PATH_MAX_];

	json_object_foreach((json_t *)o, k, v)
	{
		for (i = 0; keys[i] != NULL && strcmp(keys[i], k) != 0; i++)
			;
		if (keys[i] == NULL) {
			pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "",
			    k);
			return scs_err_set(err, SCS_EINVAL, f, "unknown key");
		}
	}
	return SCS_OK;
}

/* The number at @key of @o into *@out when present (else @def), within
 * [@lo, @hi]. */
static int
num(const json_t *o, const char *key, double lo, double hi, double def,
    double *out, const char *path, struct scs_err *err)
{
	json_t *v = json_object_get(o, key);
	char f[PATH_MAX_];

	*out = def;
	if (v == NULL || json_is_null(v))
		return SCS_OK;
	pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
	if (!json_is_number(v))
		return scs_err_set(err, SCS_EINVAL, f, "must be a number");
	/* + 0.0: a -0 becomes 0 (its sign bit would order it last as a
	 * time). */
	*out = json_number_value(v) + 0.0;
	if (!(*out >= lo && *out <= hi))
		return scs_err_set(err, SCS_EINVAL, f, "must be from %g to %g",
		    lo, hi);
	return SCS_OK;
}

/* A whole number at @key, as num(), into *@out. */
static int
wnum(const json_t *o, const char *key, double lo, double hi, double def,
    unsigned *out, const char *path, struct scs_err *err)
{
	double v;
	char f[PATH_MAX_];
	int rc = num(o, key, lo, hi, def, &v, path, err);

	if (rc != SCS_OK)
		return rc;
	if (v != floor(v)) {
		pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
		return scs_err_set(err, SCS_EINVAL, f,
		    "must be a whole number");
	}
	*out = (unsigned)v;
	return SCS_OK;
}

static int
id_of(const json_t *o, const char *key, char *out, size_t len, const char *path,
    struct scs_err *err)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	char f[PATH_MAX_];

	pathf(f, sizeof(f), "%s%s%s", path, *path ? "." : "", key);
	if (s == NULL)
		return scs_err_set(err, SCS_EINVAL, f, "must be a string");
	if (*s == '\0' || strlen(s) >= len)
		return scs_err_set(err, SCS_EINVAL, f,
		    "must be 1 to %zu characters", len - 1);
	memcpy(out, s, strlen(s) + 1);
	return SCS_OK;
}

/* A list of steps [{"day": D, key: V}, ...] into a new array. */
static int
steps(struct scs_scenario *sc, const json_t *a, const char *key, double hi,
    const char *path, const struct scs_sim_step **out, size_t *out_n,
    struct scs_err *err)
{
	static const char *const keys0[] = {"day", "per_day", NULL};
	static const char *const keys1[] = {"day", "servers", NULL};
	struct scs_sim_step *st;
	char f[PATH_MAX_];
	size_t i, n;
	int rc;

	*out = NULL;
	*out_n = 0;
	if (a == NULL)
		return SCS_OK;
	if (!json_is_array(a))
		return scs_err_set(err, SCS_EINVAL, path, "must be an array");
	n = json_array_size(a);
	if (n > SCS_SIM_STEPS_MAX)
		return scs_err_set(err, SCS_ETOOBIG, path, "at most %d steps",
		    SCS_SIM_STEPS_MAX);
	if (n == 0)
		return SCS_OK;
	st = calloc(n, sizeof(*st));
	if (st == NULL || owned_add(sc, st) != SCS_OK)
		return SCS_ENOMEM;
	for (i = 0; i < n; i++) {
		const json_t *e = json_array_get(a, i);

		pathf(f, sizeof(f), "%s[%zu]", path, i);
		if (!json_is_object(e))
			return scs_err_set(err, SCS_EINVAL, f,
			    "must be an object");
		rc = known_keys(e, strcmp(key, "per_day") == 0 ? keys0 : keys1,
		    f, err);
		if (rc == SCS_OK)
			rc = num(e, "day", 0.0, SCS_SIM_DAYS_MAX, 0.0,
			    &st[i].day, f, err);
		if (rc == SCS_OK)
			rc = num(e, key, 0.0, hi, NAN, &st[i].v, f, err);
		if (rc == SCS_OK && isnan(st[i].v))
			rc = scs_err_set(err, SCS_EINVAL, f, "needs %s", key);
		if (rc == SCS_OK && i > 0 && !(st[i].day > st[i - 1].day))
			rc = scs_err_set(err, SCS_EINVAL, f,
			    "days must increase");
		if (rc != SCS_OK)
			return rc;
	}
	*out = st;
	*out_n = n;
	return SCS_OK;
}

static int
samples(struct scs_scenario *sc, const json_t *a, struct scs_sim_dist *d,
    const char *path, struct scs_err *err)
{
	size_t i, n = json_array_size(a);
	double *v;

	if (!json_is_array(a) || n == 0)
		return scs_err_set(err, SCS_EINVAL, path,
		    "must be a non-empty array of days");
	if (n > SCS_SIM_SAMPLES_MAX)
		return scs_err_set(err, SCS_ETOOBIG, path, "at most %d samples",
		    SCS_SIM_SAMPLES_MAX);
	v = malloc(n * sizeof(*v));
	if (v == NULL || owned_add(sc, v) != SCS_OK)
		return SCS_ENOMEM;
	for (i = 0; i < n; i++) {
		const json_t *e = json_array_get(a, i);

		v[i] = json_is_number(e) ? json_number_value(e) : -1.0;
		if (!(v[i] >= 0.0 && v[i] <= SCS_SIM_DAYS_MAX))
			return scs_err_set(err, SCS_EINVAL, path,
			    "sample %zu must be a number of days from 0 to %g",
			    i, SCS_SIM_DAYS_MAX);
	}
	d->kind = SCS_SIM_DIST_EMPIRICAL;
	d->samples = v;
	d->nsamples = n;
	return SCS_OK;
}

/* One distribution: {"fixed": D} | {"exponential": {"mean": D}} |
 * {"lognormal": {"median": D, "p90": D}} | {"empirical": [D, ...]}. */
static int
dist(struct scs_scenario *sc, const json_t *o, struct scs_sim_dist *d,
    const char *path, struct scs_err *err)
{
	static const char *const keys[] = {"fixed", "exponential", "lognormal",
	    "empirical", NULL};
	static const char *const kexp[] = {"mean", NULL};
	static const char *const klog[] = {"median", "p90", NULL};
	char f[PATH_MAX_];
	json_t *v;
	int rc;

	memset(d, 0, sizeof(*d));
	if (!json_is_object(o) || json_object_size(o) != 1)
		return scs_err_set(err, SCS_EINVAL, path,
		    "must be one of {\"fixed\": days}, {\"exponential\": "
		    "{\"mean\"}}, {\"lognormal\": {\"median\", \"p90\"}}, "
		    "{\"empirical\": [days]}");
	if ((rc = known_keys(o, keys, path, err)) != SCS_OK)
		return rc;
	if (json_object_get(o, "fixed") != NULL) {
		d->kind = SCS_SIM_DIST_FIXED;
		return num(o, "fixed", 0.0, SCS_SIM_DAYS_MAX, 0.0, &d->a, path,
		    err);
	}
	if ((v = json_object_get(o, "empirical")) != NULL) {
		pathf(f, sizeof(f), "%s.empirical", path);
		return samples(sc, v, d, f, err);
	}
	v = json_object_get(o, "exponential");
	pathf(f, sizeof(f), "%s.%s", path, v ? "exponential" : "lognormal");
	if (v == NULL)
		v = json_object_get(o, "lognormal");
	if (!json_is_object(v))
		return scs_err_set(err, SCS_EINVAL, f, "must be an object");
	rc = known_keys(v,
	    d->kind == SCS_SIM_DIST_NONE && json_object_get(o, "exponential")
	        ? kexp
	        : klog,
	    f, err);
	if (rc != SCS_OK)
		return rc;
	if (json_object_get(o, "exponential") != NULL) {
		d->kind = SCS_SIM_DIST_EXPONENTIAL;
		rc = num(v, "mean", 0.0, SCS_SIM_DAYS_MAX, NAN, &d->a, f, err);
		if (rc == SCS_OK && isnan(d->a))
			rc = scs_err_set(err, SCS_EINVAL, f, "needs mean");
		return rc;
	}
	d->kind = SCS_SIM_DIST_LOGNORMAL;
	rc = num(v, "median", 1e-9, SCS_SIM_DAYS_MAX, NAN, &d->a, f, err);
	if (rc == SCS_OK)
		rc = num(v, "p90", 1e-9, SCS_SIM_DAYS_MAX, NAN, &d->b, f, err);
	if (rc == SCS_OK && (isnan(d->a) || isnan(d->b)))
		rc = scs_err_set(err, SCS_EINVAL, f, "needs median and p90");
	if (rc == SCS_OK && d->b < d->a)
		rc = scs_err_set(err, SCS_EINVAL, f,
		    "p90 must be at least the median");
	return rc;
}

static int
stage_of(const char *s, enum scs_sim_stage *out)
{
	unsigned k;

	for (k = 0; k < SCS_SIM_NSTAGES; k++)
		if (strcmp(s, scs_sim_stage_codes[k]) == 0) {
			*out = (enum scs_sim_stage)k;
			return SCS_OK;
		}
	return SCS_EINVAL;
}

static int
pool_index(const struct scs_scenario *sc, const char *id)
{
	size_t i;

	for (i = 0; i < sc->s.npools; i++)
		if (strcmp(sc->pools[i].id, id) == 0)
			return (int)i;
	return -1;
}

static int
parse_pool(struct scs_scenario *sc, const json_t *o, size_t i,
    struct scs_err *err)
{
	static const char *const keys[] = {"id", "stage", "servers", "slots",
	    "staff", "hiring_days", "attrition", NULL};
	struct scs_sim_pool *p = &sc->pools[i];
	char path[PATH_MAX_], f[PATH_MAX_];
	const char *st;
	int rc;

	pathf(path, sizeof(path), "pools[%zu]", i);
	if (!json_is_object(o))
		return scs_err_set(err, SCS_EINVAL, path, "must be an object");
	if ((rc = known_keys(o, keys, path, err)) != SCS_OK ||
	    (rc = id_of(o, "id", p->id, sizeof(p->id), path, err)) != SCS_OK)
		return rc;
	pathf(f, sizeof(f), "%s.stage", path);
	st = json_string_value(json_object_get(o, "stage"));
	if (st == NULL || stage_of(st, &p->stage) != SCS_OK ||
	    (p->stage != SCS_SIM_INVESTIGATION && p->stage != SCS_SIM_REVIEW &&
	        p->stage != SCS_SIM_ADJUDICATION))
		return scs_err_set(err, SCS_EINVAL, f,
		    "must be investigation, review or adjudication");
	rc = wnum(o, "servers", 0.0, SCS_SIM_SERVERS_MAX, 0.0, &p->servers,
	    path, err);
	if (rc == SCS_OK)
		rc = wnum(o, "slots", 1.0, 10000.0, 1.0, &p->slots, path, err);
	if (rc == SCS_OK)
		rc = num(o, "hiring_days", 0.0, SCS_SIM_DAYS_MAX, 0.0,
		    &p->hiring_days, path, err);
	if (rc == SCS_OK)
		rc = num(o, "attrition", 0.0, 10.0, 0.0, &p->attrition, path,
		    err);
	pathf(f, sizeof(f), "%s.staff", path);
	if (rc == SCS_OK)
		rc = steps(sc, json_object_get(o, "staff"), "servers",
		    SCS_SIM_SERVERS_MAX, f, &p->staff, &p->nstaff, err);
	if (rc == SCS_OK && pool_index(sc, p->id) != (int)i)
		rc = scs_err_set(err, SCS_EINVAL, path, "id \"%s\" is taken",
		    p->id);
	return rc;
}

static const char *const class_probs[] = {"refuse_consent", "return", "rework",
    "e_adjudication", "deny", "complain", "upheld"};

static int
parse_times(struct scs_scenario *sc, const json_t *o, struct scs_sim_class *c,
    const char *path, struct scs_err *err)
{
	char f[PATH_MAX_];
	enum scs_sim_stage k;
	const char *key;
	json_t *v;
	int rc;

	if (o == NULL)
		return SCS_OK;
	pathf(f, sizeof(f), "%s.time", path);
	if (!json_is_object(o))
		return scs_err_set(err, SCS_EINVAL, f, "must be an object");
	json_object_foreach((json_t *)o, key, v)
	{
		pathf(f, sizeof(f), "%s.time.%s", path, key);
		if (stage_of(key, &k) != SCS_OK)
			return scs_err_set(err, SCS_EINVAL, f,
			    "not a stage (consent, questionnaire, initiation, "
			    "investigation, review, adjudication, complaint)");
		if ((rc = dist(sc, v, &c->time[k], f, err)) != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

/* "history": {"authority": A, "level": L (optional)} */
static int
parse_history(const json_t *o, struct scs_scenario_history *h, const char *path,
    struct scs_err *err)
{
	static const char *const keys[] = {"authority", "level", NULL};
	const json_t *v = json_object_get(o, "history");
	char f[PATH_MAX_];
	int rc;

	if (v == NULL || json_is_null(v))
		return SCS_OK;
	pathf(f, sizeof(f), "%s.history", path);
	if (!json_is_object(v))
		return scs_err_set(err, SCS_EINVAL, f, "must be an object");
	if ((rc = known_keys(v, keys, f, err)) != SCS_OK ||
	    (rc = id_of(v, "authority", h->authority, sizeof(h->authority), f,
	         err)) != SCS_OK)
		return rc;
	if (json_object_get(v, "level") != NULL)
		rc = id_of(v, "level", h->level, sizeof(h->level), f, err);
	return rc;
}

static int
parse_class(struct scs_scenario *sc, const json_t *o, size_t i,
    struct scs_err *err)
{
	static const char *const keys[] = {"id", "priority", "body", "arrivals",
	    "refuse_consent", "return", "rework", "e_adjudication", "deny",
	    "complain", "upheld", "time", "history", NULL};
	struct scs_sim_class *c = &sc->classes[i];
	double *p[] = {&c->p_refuse, &c->p_return, &c->p_rework, &c->p_eadj,
	    &c->p_deny, &c->p_complain, &c->p_upheld};
	char path[PATH_MAX_], f[PATH_MAX_], body[SCS_SIM_ID_MAX];
	size_t k;
	int rc;

	pathf(path, sizeof(path), "classes[%zu]", i);
	if (!json_is_object(o))
		return scs_err_set(err, SCS_EINVAL, path, "must be an object");
	if ((rc = known_keys(o, keys, path, err)) != SCS_OK ||
	    (rc = id_of(o, "id", c->id, sizeof(c->id), path, err)) != SCS_OK ||
	    (rc = id_of(o, "body", body, sizeof(body), path, err)) != SCS_OK)
		return rc;
	c->pool_investigation = pool_index(sc, body);
	if (c->pool_investigation < 0 ||
	    sc->pools[c->pool_investigation].stage != SCS_SIM_INVESTIGATION) {
		pathf(f, sizeof(f), "%s.body", path);
		return scs_err_set(err, SCS_EINVAL, f,
		    "\"%s\" is not an investigation pool", body);
	}
	rc = wnum(o, "priority", 0.0, SCS_SIM_PRIO_N - 1, 1.0, &c->priority,
	    path, err);
	for (k = 0; rc == SCS_OK && k < sizeof(p) / sizeof(p[0]); k++)
		rc = num(o, class_probs[k], 0.0, 1.0, 0.0, p[k], path, err);
	pathf(f, sizeof(f), "%s.arrivals", path);
	if (rc == SCS_OK)
		rc = steps(sc, json_object_get(o, "arrivals"), "per_day", 1e7,
		    f, &c->rate, &c->nrate, err);
	if (rc == SCS_OK)
		rc = parse_times(sc, json_object_get(o, "time"), c, path, err);
	if (rc == SCS_OK)
		rc = parse_history(o, &sc->history[i], path, err);
	for (k = 0; rc == SCS_OK && k < i; k++)
		if (strcmp(sc->classes[k].id, c->id) == 0)
			rc = scs_err_set(err, SCS_EINVAL, path,
			    "id \"%s\" is taken", c->id);
	return rc;
}

/* "initial": {"CLASS": {"STAGE": n, ...}, ...} */
static int
parse_initial(struct scs_scenario *sc, const json_t *o, struct scs_err *err)
{
	const char *ck, *sk;
	json_t *cv, *sv;
	enum scs_sim_stage st;
	char f[PATH_MAX_];
	size_t ci;

	if (o == NULL)
		return SCS_OK;
	if (!json_is_object(o))
		return scs_err_set(err, SCS_EINVAL, "initial",
		    "must be an object of classes");
	sc->initial =
	    calloc(sc->s.nclasses * SCS_SIM_NSTAGES, sizeof(*sc->initial));
	if (sc->initial == NULL)
		return SCS_ENOMEM;
	json_object_foreach((json_t *)o, ck, cv)
	{
		pathf(f, sizeof(f), "initial.%s", ck);
		for (ci = 0;
		     ci < sc->s.nclasses && strcmp(sc->classes[ci].id, ck) != 0;
		     ci++)
			;
		if (ci == sc->s.nclasses || !json_is_object(cv))
			return scs_err_set(err, SCS_EINVAL, f,
			    "must be a class's id with an object of stages");
		json_object_foreach(cv, sk, sv)
		{
			pathf(f, sizeof(f), "initial.%s.%s", ck, sk);
			if (stage_of(sk, &st) != SCS_OK ||
			    !json_is_integer(sv) ||
			    json_integer_value(sv) < 0 ||
			    json_integer_value(sv) > 100000000)
				return scs_err_set(err, SCS_EINVAL, f,
				    "must be a stage with a count of cases "
				    "from 0 to 100000000");
			sc->initial[ci * SCS_SIM_NSTAGES + st] =
			    (uint64_t)json_integer_value(sv);
		}
	}
	sc->s.initial = sc->initial;
	return SCS_OK;
}

static int
parse_list(const json_t *j, const char *key, size_t max, size_t *out_n,
    struct scs_err *err)
{
	json_t *a = json_object_get(j, key);

	if (!json_is_array(a) || json_array_size(a) == 0)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be a non-empty array");
	if (json_array_size(a) > max)
		return scs_err_set(err, SCS_ETOOBIG, key, "at most %zu", max);
	*out_n = json_array_size(a);
	return SCS_OK;
}

static int
parse_ref(const struct scs_scenario *sc, const json_t *j, const char *key,
    enum scs_sim_stage stage, int *out, struct scs_err *err)
{
	json_t *v = json_object_get(j, key);

	*out = -1;
	if ((v == NULL || json_is_null(v)) && stage == SCS_SIM_REVIEW)
		return SCS_OK;
	if (json_is_string(v))
		*out = pool_index(sc, json_string_value(v));
	if (*out < 0 || sc->pools[*out].stage != stage)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must name a pool of stage %s%s",
		    scs_sim_stage_codes[stage],
		    stage == SCS_SIM_REVIEW ? ", or be null for a delay" : "");
	return SCS_OK;
}

static int
parse_top(struct scs_scenario *sc, const json_t *j, struct scs_err *err)
{
	static const char *const keys[] = {"days", "warmup_days", "sample_days",
	    "seed", "pools", "review", "adjudication", "classes", "initial",
	    "name", "description", NULL};
	double seed = 1.0;
	size_t i;
	int rc;

	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, "", "must be an object");
	if ((rc = known_keys(j, keys, "", err)) != SCS_OK)
		return rc;
	rc =
	    num(j, "days", 1e-9, SCS_SIM_DAYS_MAX, 365.0, &sc->s.days, "", err);
	if (rc == SCS_OK)
		rc = num(j, "warmup_days", 0.0, SCS_SIM_DAYS_MAX, 0.0,
		    &sc->s.warmup, "", err);
	if (rc == SCS_OK)
		rc = num(j, "sample_days", 0.0, SCS_SIM_DAYS_MAX, 7.0,
		    &sc->s.sample_every, "", err);
	if (rc == SCS_OK)
		rc = num(j, "seed", 0.0, 9007199254740991.0, 1.0, &seed, "",
		    err);
	if (rc == SCS_OK && seed != floor(seed))
		rc = scs_err_set(err, SCS_EINVAL, "seed",
		    "must be a whole number");
	if (rc == SCS_OK)
		sc->s.seed = (uint64_t)seed;
	if (rc == SCS_OK)
		rc = parse_list(j, "pools", SCS_SIM_POOLS_MAX, &sc->s.npools,
		    err);
	if (rc == SCS_OK)
		rc = parse_list(j, "classes", SCS_SIM_CLASSES_MAX,
		    &sc->s.nclasses, err);
	if (rc != SCS_OK)
		return rc;
	if (sc->s.npools == 0 || sc->s.nclasses == 0)
		return SCS_EINVAL; /* parse_list refused it already */
	sc->pools = calloc(sc->s.npools, sizeof(*sc->pools));
	sc->classes = calloc(sc->s.nclasses, sizeof(*sc->classes));
	sc->history = calloc(sc->s.nclasses, sizeof(*sc->history));
	if (sc->pools == NULL || sc->classes == NULL || sc->history == NULL)
		return SCS_ENOMEM;
	sc->s.pools = sc->pools;
	sc->s.classes = sc->classes;
	for (i = 0; rc == SCS_OK && i < sc->s.npools; i++)
		rc = parse_pool(sc,
		    json_array_get(json_object_get(j, "pools"), i), i, err);
	if (rc == SCS_OK)
		rc = parse_ref(sc, j, "review", SCS_SIM_REVIEW,
		    &sc->s.pool_review, err);
	if (rc == SCS_OK)
		rc = parse_ref(sc, j, "adjudication", SCS_SIM_ADJUDICATION,
		    &sc->s.pool_adjudication, err);
	for (i = 0; rc == SCS_OK && i < sc->s.nclasses; i++)
		rc = parse_class(sc,
		    json_array_get(json_object_get(j, "classes"), i), i, err);
	if (rc == SCS_OK)
		rc = parse_initial(sc, json_object_get(j, "initial"), err);
	return rc;
}

int
scs_scenario_parse(const json_t *j, struct scs_scenario **out,
    struct scs_err *err)
{
	struct scs_scenario *sc = calloc(1, sizeof(*sc));
	int rc;

	if (sc == NULL)
		return scs_err_set(err, SCS_ENOMEM, NULL, "out of memory");
	rc = parse_top(sc, j, err);
	if (rc == SCS_OK)
		rc = scs_sim_check(&sc->s, err);
	if (rc != SCS_OK) {
		scs_scenario_free(sc);
		if (rc == SCS_ENOMEM)
			return scs_err_set(err, rc, NULL, "out of memory");
		return rc;
	}
	*out = sc;
	return SCS_OK;
}

void
scs_scenario_free(struct scs_scenario *sc)
{
	size_t i;

	if (sc == NULL)
		return;
	for (i = 0; i < sc->nowned; i++)
		free(sc->owned[i]);
	free(sc->owned);
	free(sc->classes);
	free(sc->pools);
	free(sc->initial);
	free(sc->history);
	free(sc);
}

int
scs_scenario_set_time(struct scs_scenario *sc, size_t ci,
    enum scs_sim_stage stage, const struct scs_sim_dist *d)
{
	if (d->kind == SCS_SIM_DIST_EMPIRICAL &&
	    owned_add(sc, (void *)d->samples) != SCS_OK)
		return SCS_ENOMEM;
	sc->classes[ci].time[stage] = *d;
	return SCS_OK;
}

int
scs_scenario_set_rate(struct scs_scenario *sc, size_t ci, double per_day)
{
	struct scs_sim_step *st = calloc(1, sizeof(*st));

	if (st == NULL || owned_add(sc, st) != SCS_OK)
		return SCS_ENOMEM;
	st->v = per_day;
	sc->classes[ci].rate = st;
	sc->classes[ci].nrate = 1;
	return SCS_OK;
}

/* ---- the result ---- */

/* A number of days, rounded to a thousandth (a minute and a half). */
static json_t *
days(double d)
{
	return json_real(round(d * 1000.0) / 1000.0);
}

static json_t *
stats_json(const struct scs_sim_stats *s)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o}", "count",
	    (json_int_t)s->count, "mean", days(s->mean), "p50", days(s->p50),
	    "p80", days(s->p80), "p90", days(s->p90), "fastest90",
	    days(s->fastest90));
}

static json_t *
stages_json(const struct scs_scenario *sc, const struct scs_sim_result *r)
{
	json_t *a = json_array();
	unsigned k;

	for (k = 0; a != NULL && k < SCS_SIM_NSTAGES; k++) {
		const struct scs_sim_stage_result *g = &r->stage[k];
		json_t *o =
		    json_pack("{s:s, s:I, s:o, s:o, s:o, s:I, s:o, s:I}",
		        "stage", scs_sim_stage_codes[k], "entered",
		        (json_int_t)g->entered, "service_mean",
		        days(g->service_mean), "time", stats_json(&g->time),
		        "wait", stats_json(&g->wait), "waited",
		        (json_int_t)g->waited, "mean_number",
		        json_real(round(g->mean_number * 100.0) / 100.0),
		        "at_end", (json_int_t)g->at_end);

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	(void)sc;
	return a;
}

static json_t *
classes_json(const struct scs_scenario *sc, const struct scs_sim_result *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < r->nclasses; i++) {
		const struct scs_sim_class_result *c = &r->classes[i];
		json_t *o =
		    json_pack("{s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:o}", "id",
		        sc->classes[i].id, "arrived", (json_int_t)c->arrived,
		        "decided", (json_int_t)c->decided, "granted",
		        (json_int_t)c->granted, "denied", (json_int_t)c->denied,
		        "refused", (json_int_t)c->refused, "e_adjudicated",
		        (json_int_t)c->e_adjudicated, "end_to_end",
		        stats_json(&c->e2e));

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
pools_json(const struct scs_scenario *sc, const struct scs_sim_result *r)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < r->npools; i++) {
		const struct scs_sim_pool_result *p = &r->pools[i];
		json_t *o =
		    json_pack("{s:s, s:s, s:o, s:o, s:o, s:I, s:I, s:I, "
		              "s:I, s:o, s:o, s:o, s:I}",
		        "id", sc->pools[i].id, "stage",
		        scs_sim_stage_codes[sc->pools[i].stage], "busy",
		        json_real(round(p->busy * 100.0) / 100.0), "capacity",
		        json_real(round(p->capacity * 100.0) / 100.0),
		        "utilization",
		        json_real(round(p->utilization * 10000.0) / 10000.0),
		        "staff_end", (json_int_t)p->staff_end, "hired",
		        (json_int_t)p->hired, "left", (json_int_t)p->left,
		        "entered", (json_int_t)p->entered, "service_mean",
		        days(p->service_mean), "time", stats_json(&p->time),
		        "wait", stats_json(&p->wait), "at_end",
		        (json_int_t)p->at_end);

		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static json_t *
samples_json(const struct scs_sim_result *r)
{
	json_t *a = json_array();
	size_t i;
	unsigned k;

	for (i = 0; a != NULL && i < r->nsamples; i++) {
		const struct scs_sim_sample *x = &r->samples[i];
		json_t *by = json_object(), *o;

		for (k = 0; by != NULL && k < SCS_SIM_NSTAGES; k++)
			if (json_object_set_new(by, scs_sim_stage_codes[k],
			        json_integer((json_int_t)x->in_stage[k])) !=
			    0) {
				json_decref(by);
				by = NULL;
			}
		o = json_pack("{s:o, s:I, s:I, s:o}", "day", days(x->day),
		    "total", (json_int_t)x->total, "arrived",
		    (json_int_t)x->arrived, "in_stage", by);
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

json_t *
scs_sim_result_json(const struct scs_scenario *sc,
    const struct scs_sim_result *r)
{
	return json_pack("{s:o, s:o, s:I, s:{s:I, s:I, s:I, s:I, s:I, s:I, "
	                 "s:I, s:I, s:I, s:I, s:I}, s:{s:o, s:o, s:o, s:o}, "
	                 "s:o, s:o, s:o, s:o}",
	    "days", days(sc->s.days), "warmup_days", days(sc->s.warmup), "seed",
	    (json_int_t)sc->s.seed, "counts", "arrived", (json_int_t)r->arrived,
	    "decided", (json_int_t)r->decided, "granted",
	    (json_int_t)r->granted, "denied", (json_int_t)r->denied, "refused",
	    (json_int_t)r->refused, "e_adjudicated",
	    (json_int_t)r->e_adjudicated, "returns", (json_int_t)r->returns,
	    "reworks", (json_int_t)r->reworks, "complaints",
	    (json_int_t)r->complaints, "upheld", (json_int_t)r->upheld,
	    "in_system_end", (json_int_t)r->in_system_end, "little", "L",
	    json_real(round(r->little.L * 100.0) / 100.0), "lambda",
	    json_real(round(r->little.lambda * 1000.0) / 1000.0), "W",
	    days(r->little.W), "error",
	    json_real(round(r->little.error * 1e6) / 1e6), "stages",
	    stages_json(sc, r), "classes", classes_json(sc, r), "pools",
	    pools_json(sc, r), "samples", samples_json(r));
}
