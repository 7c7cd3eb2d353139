/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeliness.c - the timeliness accumulator (timeliness.h).  Each row, one
 * (authority, level) or by body one (body, authority, level), keeps
 * counters and one growable array of durations per phase and end to end;
 * the all row's counters are kept beside, its durations are the rows' put
 * together when reported, and so are a body's subtotal's.  Statistics come
 * from selection (Hoare's quickselect, iterative, falling back to qsort on
 * a range that will not shrink), never a full sort: one selection at the
 * 90th-percentile rank gives p90 and the fastest 90%, a second inside that
 * prefix gives the median.  Part of core: no I/O, no clock, no JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/time.h"
#include "scs/timeliness.h"

const char *const scs_tl_band_codes[SCS_TL_NBANDS] = {"0_30", "31_90", "91_180",
    "181_365", "over_365"};

/* The last whole day of each band but the last. */
static const int64_t band_last_day[SCS_TL_NBANDS - 1] = {30, 90, 180, 365};

#define DURATION_MAX (SCS_TIME_MAX - SCS_TIME_MIN)
#define SLOTS        2048 /* open addressing, at most half full (rows) */
#define VEC_MIN      64
#define SMALL        16 /* ranges this short are insertion-sorted */

struct vec {
	int64_t *v;
	size_t n, cap;
};

struct row {
	struct scs_tl_row r; /* counters, names and target; stats at report */
	struct vec d[SCS_TL_NSTATS];
	uint64_t med_gen; /* med2 is valid when it equals scs_tl.gen */
	int64_t med2[SCS_PHASE_N];
};

/* The medians of all levels of one authority, for expect(). */
struct auth_medians {
	char authority[SCS_AUTH_CODE_MAX];
	uint64_t gen;
	int64_t med2[SCS_PHASE_N];
};

struct target {
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX]; /* "" for every level */
	int64_t days[SCS_TL_NSTATS];
};

_Static_assert(SLOTS >= 2 * SCS_TL_ROWS_MAX, "the row map stays half empty");

struct scs_tl {
	int64_t from, to, now;
	enum scs_tl_by by;
	bool has_body, has_at;
	char body[SCS_ID_MAX + 1]; /* with has_body: only this body's cases */
	int64_t at;
	struct row *rows; /* SCS_TL_ROWS_MAX, allocated once */
	size_t nrows;
	uint16_t slot[SLOTS]; /* row index + 1, 0 when free */
	struct scs_tl_row all;
	size_t ntimed;
	uint64_t gen; /* bumped by every timed case: medians go stale */
	bool added;
	struct auth_medians *auths; /* SCS_TL_ROWS_MAX, allocated once */
	size_t nauths;
	struct target targets[SCS_TL_TARGETS_MAX];
	size_t ntargets;
	struct vec scratch; /* the all row's and an authority's durations */
};

/* ---- selection ---- */

static void
swap64(int64_t *a, int64_t *b)
{
	int64_t x = *a;

	*a = *b;
	*b = x;
}

static void
insertion_sort(int64_t *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		int64_t x = v[i];

		for (j = i; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * Reorder v[0..n) so that v[k] is the value a sort would put there, with
 * nothing greater before it and nothing smaller after it.  Hoare's
 * partition around the median of three splits runs of equal values evenly;
 * a range that has not shrunk after 2 log2(n) + 8 rounds is sorted.
 */
static void
select_nth(int64_t *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n; /* [lo, hi) holds rank k */
	unsigned budget = 8;
	size_t m;

	for (m = n; m > 1; m >>= 1)
		budget += 2;
	while (hi - lo > SMALL) {
		size_t mid = lo + (hi - lo - 1) / 2, i, j;
		int64_t p;

		if (budget-- == 0) {
			qsort(v + lo, hi - lo, sizeof(*v), cmp64);
			return;
		}
		if (v[mid] < v[lo])
			swap64(&v[mid], &v[lo]);
		if (v[hi - 1] < v[lo])
			swap64(&v[hi - 1], &v[lo]);
		if (v[hi - 1] < v[mid])
			swap64(&v[hi - 1], &v[mid]);
		p = v[mid];
		/* v[lo] <= p <= v[hi - 1] stop both scans inside the range. */
		i = lo;
		j = hi - 1;
		for (;;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i >= j)
				break;
			swap64(&v[i], &v[j]);
			i++;
			j--;
		}
		/* [lo, j] <= p <= [j + 1, hi), and lo <= j < hi - 1. */
		if (k <= j)
			hi = j + 1;
		else
			lo = j + 1;
	}
	insertion_sort(v + lo, hi - lo);
}

/* The smallest of v[0..n), n > 0. */
static int64_t
min64(const int64_t *v, size_t n)
{
	int64_t m = v[0];
	size_t i;

	for (i = 1; i < n; i++)
		if (v[i] < m)
			m = v[i];
	return m;
}

/*
 * Twice the median of v[0..n), n > 0, exactly (the sum of the two middle
 * values for an even count).  v is reordered.
 */
static int64_t
median2(int64_t *v, size_t n)
{
	size_t m = (n - 1) / 2;

	select_nth(v, n, m);
	if (n % 2)
		return 2 * v[m];
	return v[m] + min64(v + m + 1, n - m - 1);
}

void
scs_tl_summarize(int64_t *v, size_t n, struct scs_tl_stats *out)
{
	size_t k, i, m;
	int64_t sum = 0, fast = 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return;
	out->count = n;
	k = (9 * n + 9) / 10; /* ceil(0.9 n), 1 <= k <= n */
	select_nth(v, n, k - 1);
	for (i = 0; i < k; i++)
		fast += v[i];
	sum = fast;
	for (i = k; i < n; i++)
		sum += v[i];
	out->p90 = (double)v[k - 1];
	out->fastest90 = (double)fast / (double)k;
	out->mean = (double)sum / (double)n;
	out->left_out = n - k;
	out->left_out_share = (double)(n - k) / (double)n;
	out->left_out_time_share =
	    sum > 0 ? (double)(sum - fast) / (double)sum : 0;
	/* The median's ranks, (n - 1) / 2 and for an even count the next,
	 * lie in the prefix of the k smallest (n / 2 <= k - 1 for every
	 * n >= 1): the second selection looks at that prefix only. */
	m = (n - 1) / 2;
	select_nth(v, k, m);
	if (n % 2)
		out->median = (double)v[m];
	else
		out->median =
		    ((double)v[m] + (double)min64(v + m + 1, k - m - 1)) / 2;
}

/* ---- growable arrays ---- */

/* Room for one more in @a, within the accumulator's cap. */
static int
vec_reserve(struct vec *a)
{
	size_t cap;
	int64_t *v;

	if (a->n < a->cap)
		return SCS_OK;
	cap = a->cap ? 2 * a->cap : VEC_MIN;
	if (cap > SCS_TL_TIMED_MAX)
		cap = SCS_TL_TIMED_MAX;
	if (cap <= a->n)
		return SCS_ENOMEM;
	if ((v = realloc(a->v, cap * sizeof(*v))) == NULL)
		return SCS_ENOMEM;
	a->v = v;
	a->cap = cap;
	return SCS_OK;
}

static int
vec_fit(struct vec *a, size_t n)
{
	int64_t *v;

	if (n <= a->cap)
		return SCS_OK;
	if ((v = realloc(a->v, n * sizeof(*v))) == NULL)
		return SCS_ENOMEM;
	a->v = v;
	a->cap = n;
	return SCS_OK;
}

/* ---- rows ---- */

static bool
valid_code(const char *s, size_t max)
{
	return s != NULL && s[0] != '\0' && strlen(s) < max;
}

static uint32_t
hash_str(uint32_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	return (h ^ 0xffU) * 16777619U; /* a byte no code holds */
}

/* A row's key: (body, authority, level), body "" by level. */
struct key {
	const char *body, *authority, *level;
};

static size_t
hash_key(const struct key *k)
{
	uint32_t h = 2166136261U; /* FNV-1a */

	h = hash_str(h, k->body);
	h = hash_str(h, k->authority);
	return hash_str(h, k->level) % SLOTS;
}

/* The slot of @k: its row's, or the free one to take. */
static size_t
find_slot(const struct scs_tl *t, const struct key *k)
{
	size_t s = hash_key(k);

	while (t->slot[s] != 0) {
		const struct row *r = &t->rows[t->slot[s] - 1];

		if (strcmp(r->r.authority, k->authority) == 0 &&
		    strcmp(r->r.level, k->level) == 0 &&
		    strcmp(r->r.body, k->body) == 0)
			break;
		s = (s + 1) % SLOTS;
	}
	return s;
}

/* The key of case @c's row. */
static struct key
key_of(const struct scs_tl *t, const struct scs_tl_case *c)
{
	struct key k;

	k.body = t->by == SCS_TL_BY_BODY && c->body != NULL ? c->body : "";
	k.authority = c->authority;
	k.level = c->level;
	return k;
}

/* The targets of (authority, level) into @out: its own, else its
 * authority's, else none per phase and SCS_TL_TARGET_DAYS end to end. */
static void
targets_of(const struct scs_tl *t, const char *authority, const char *level,
    int64_t out[SCS_TL_NSTATS])
{
	const struct target *own = NULL, *auth = NULL;
	size_t i;

	for (i = 0; i < t->ntargets; i++) {
		const struct target *g = &t->targets[i];

		if (strcmp(g->authority, authority) != 0)
			continue;
		if (strcmp(g->level, level) == 0)
			own = g;
		else if (g->level[0] == '\0')
			auth = g;
	}
	if (own == NULL)
		own = auth;
	if (own != NULL) {
		memcpy(out, own->days, sizeof(own->days));
		return;
	}
	memset(out, 0, SCS_TL_NSTATS * sizeof(*out));
	out[SCS_TL_E2E] = SCS_TL_TARGET_DAYS;
}

/*
 * The row of @k, made when missing; NULL beyond SCS_TL_ROWS_MAX.
 * scs_tl_add calls it only once the case counts and every allocation it
 * needs is made, so no row is ever left empty.
 */
static struct row *
row_get(struct scs_tl *t, const struct key *k)
{
	size_t s = find_slot(t, k), p;
	int64_t days[SCS_TL_NSTATS];
	struct row *r;

	if (t->slot[s] != 0)
		return &t->rows[t->slot[s] - 1];
	if (t->nrows == SCS_TL_ROWS_MAX)
		return NULL;
	r = &t->rows[t->nrows];
	r->r.kind =
	    t->by == SCS_TL_BY_BODY ? SCS_TL_ROW_BODY_LEVEL : SCS_TL_ROW_LEVEL;
	(void)snprintf(r->r.body, sizeof(r->r.body), "%s", k->body);
	(void)snprintf(r->r.authority, sizeof(r->r.authority), "%s",
	    k->authority);
	(void)snprintf(r->r.level, sizeof(r->r.level), "%s", k->level);
	targets_of(t, k->authority, k->level, days);
	for (p = 0; p < SCS_TL_NSTATS; p++)
		r->r.phase[p].target_days = days[p];
	r->r.target_days = days[SCS_TL_E2E];
	t->slot[s] = (uint16_t)++t->nrows;
	return r;
}

/* ---- the accumulator ---- */

struct scs_tl *
scs_tl_new(int64_t from, int64_t to, int64_t now)
{
	struct scs_tl *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->rows = calloc(SCS_TL_ROWS_MAX, sizeof(*t->rows));
	t->auths = calloc(SCS_TL_ROWS_MAX, sizeof(*t->auths));
	if (t->rows == NULL || t->auths == NULL) {
		scs_tl_free(t);
		return NULL;
	}
	t->from = from;
	t->to = to;
	t->now = now;
	t->gen = 1;
	return t;
}

void
scs_tl_free(struct scs_tl *t)
{
	size_t i, p;

	if (t == NULL)
		return;
	/* Every row's arrays: a failed add may have grown a row not yet
	 * entered. */
	for (i = 0; t->rows != NULL && i < SCS_TL_ROWS_MAX; i++)
		for (p = 0; p < SCS_TL_NSTATS; p++)
			free(t->rows[i].d[p].v);
	free(t->rows);
	free(t->auths);
	free(t->scratch.v);
	free(t);
}

/* The target entry of (authority, level), made when missing (no target
 * per phase); into *@out.  Codes as scs_tl_target. */
static int
target_entry(struct scs_tl *t, const char *authority, const char *level,
    struct target **out)
{
	struct target *g;

	if (level == NULL)
		level = "";
	if (!valid_code(authority, SCS_AUTH_CODE_MAX) ||
	    strlen(level) >= SCS_LEVEL_CODE_MAX)
		return SCS_EINVAL;
	if (t->added)
		return SCS_ECONFLICT;
	for (g = t->targets; g < t->targets + t->ntargets; g++)
		if (strcmp(g->authority, authority) == 0 &&
		    strcmp(g->level, level) == 0)
			break;
	if (g == t->targets + SCS_TL_TARGETS_MAX)
		return SCS_ETOOBIG;
	if (g == t->targets + t->ntargets) {
		memset(g, 0, sizeof(*g));
		(void)snprintf(g->authority, sizeof(g->authority), "%s",
		    authority);
		(void)snprintf(g->level, sizeof(g->level), "%s", level);
		t->ntargets++;
	}
	*out = g;
	return SCS_OK;
}

static bool
valid_days(int64_t days)
{
	return days >= 0 && days <= 36500;
}

int
scs_tl_target(struct scs_tl *t, const char *authority, const char *level,
    int64_t days)
{
	struct target *g;
	int rc;

	if (!valid_days(days))
		return SCS_EINVAL;
	if ((rc = target_entry(t, authority, level, &g)) != SCS_OK)
		return rc;
	g->days[SCS_TL_E2E] = days;
	return SCS_OK;
}

int
scs_tl_targets(struct scs_tl *t, const char *authority, const char *level,
    const int64_t days[SCS_TL_NSTATS])
{
	struct target *g;
	size_t p;
	int rc;

	for (p = 0; p < SCS_TL_NSTATS; p++)
		if (!valid_days(days[p]))
			return SCS_EINVAL;
	if ((rc = target_entry(t, authority, level, &g)) != SCS_OK)
		return rc;
	memcpy(g->days, days, sizeof(g->days));
	return SCS_OK;
}

int
scs_tl_options(struct scs_tl *t, const struct scs_tl_opts *o)
{
	if ((o->by != SCS_TL_BY_LEVEL && o->by != SCS_TL_BY_BODY) ||
	    (o->body != NULL && strlen(o->body) > SCS_ID_MAX))
		return SCS_EINVAL;
	if (t->added)
		return SCS_ECONFLICT;
	t->by = o->by;
	t->has_body = o->body != NULL;
	(void)snprintf(t->body, sizeof(t->body), "%s",
	    o->body != NULL ? o->body : "");
	t->has_at = o->has_at;
	t->at = o->has_at ? o->at : 0;
	return SCS_OK;
}

static int64_t
clamp(int64_t d)
{
	return d < 0 ? 0 : d > DURATION_MAX ? DURATION_MAX : d;
}

/* b - a, clamped, without overflow on whatever times a case holds. */
static int64_t
span(int64_t a, int64_t b)
{
	int64_t d;

	if (__builtin_sub_overflow(b, a, &d))
		return b > a ? DURATION_MAX : 0;
	return clamp(d);
}

static enum scs_tl_band
band_of(int64_t days)
{
	int b;

	for (b = 0; b < SCS_TL_NBANDS - 1; b++)
		if (days <= band_last_day[b])
			break;
	return (enum scs_tl_band)b;
}

/*
 * Whether @c was open at @at, from the times its record holds (it keeps
 * no history): nominated by then and not yet closed, where a decided case
 * closed at its (last) decision, a refused, withdrawn or rejected one when
 * it entered that state, and a case under complaint was closed from its
 * denial to the complaint.  docs/timeliness.md names what this misses.
 */
static bool
was_open_at(const struct scs_tl_case *c, int64_t at)
{
	if (c->opened > at)
		return false;
	switch (c->state) {
	case SCS_CASE_COMPLAINT:
		return !c->has_decided || at < c->decided || at >= c->since;
	case SCS_CASE_GRANTED:
	case SCS_CASE_DENIED:
	case SCS_CASE_REJECTED:
		return at < (c->has_decided ? c->decided : c->since);
	case SCS_CASE_REFUSED:
	case SCS_CASE_WITHDRAWN:
		return at < c->since;
	default:
		return scs_case_open(c->state);
	}
}

/* What one case adds, decided before anything is changed. */
struct effect {
	bool timed, not_completed, open, open_at;
	bool e_adjudicated;
	int64_t age_days, age_at_days;
	enum scs_phase phase;       /* of an open case; SCS_PHASE_N for none */
	int64_t dur[SCS_TL_NSTATS]; /* of a timed case */
};

static struct effect
effect_of(const struct scs_tl *t, const struct scs_tl_case *c)
{
	struct effect e;
	bool in_window;
	size_t p;

	memset(&e, 0, sizeof(e));
	in_window =
	    c->has_decided && c->decided >= t->from && c->decided < t->to;
	e.timed = scs_case_decided(c->state) && in_window;
	e.e_adjudicated = c->e_adjudicated;
	e.not_completed =
	    (c->state == SCS_CASE_REFUSED || c->state == SCS_CASE_WITHDRAWN) &&
	    c->since >= t->from && c->since < t->to;
	e.open = scs_case_open(c->state);
	e.phase = scs_case_phase(c->state);
	if (e.open)
		e.age_days = span(c->opened, t->now) / SCS_TL_DAY;
	e.open_at = t->has_at && was_open_at(c, t->at);
	if (e.open_at)
		e.age_at_days = span(c->opened, t->at) / SCS_TL_DAY;
	if (e.timed) {
		for (p = 0; p < SCS_PHASE_N; p++)
			e.dur[p] = clamp(c->phase_s[p]);
		e.dur[SCS_TL_E2E] = span(c->opened, c->decided);
	}
	return e;
}

/* Add @e to @r, judged against the targets of the case's own row @lv
 * (which may be @r). */
static void
count(struct scs_tl_row *r, const struct scs_tl_row *lv, const struct effect *e)
{
	int64_t target = lv->target_days;
	size_t p;

	if (e->timed) {
		r->decided++;
		r->e_adjudicated += e->e_adjudicated;
		for (p = 0; p < SCS_TL_NSTATS; p++) {
			int64_t g = lv->phase[p].target_days;

			if (g <= 0)
				continue;
			r->phase[p].targeted++;
			r->phase[p].within += e->dur[p] / SCS_TL_DAY <= g;
		}
	}
	r->not_completed += e->not_completed;
	if (e->open) {
		r->open++;
		r->backlog[band_of(e->age_days)]++;
		if (e->phase != SCS_PHASE_N)
			r->open_in_phase[e->phase]++;
		r->overdue += target > 0 && e->age_days > target;
	}
	if (e->open_at) {
		r->open_at++;
		r->backlog_at[band_of(e->age_at_days)]++;
		r->overdue_at += target > 0 && e->age_at_days > target;
	}
}

int
scs_tl_add(struct scs_tl *t, const struct scs_tl_case *c)
{
	struct effect e;
	struct key k;
	struct row *r;
	size_t s, p;
	int rc;

	if (!valid_code(c->authority, SCS_AUTH_CODE_MAX) ||
	    !valid_code(c->level, SCS_LEVEL_CODE_MAX) ||
	    (c->body != NULL && strlen(c->body) > SCS_ID_MAX) ||
	    (unsigned)c->state >= SCS_CASE_NSTATES)
		return SCS_EINVAL;
	t->added = true;
	if (t->has_body && strcmp(c->body != NULL ? c->body : "", t->body) != 0)
		return SCS_OK;
	e = effect_of(t, c);
	if (!e.timed && !e.not_completed && !e.open && !e.open_at)
		return SCS_OK;
	k = key_of(t, c);
	s = find_slot(t, &k);
	if (t->slot[s] == 0 && t->nrows == SCS_TL_ROWS_MAX)
		return SCS_ETOOBIG;
	if (e.timed) {
		/* Room first, in the row to be (rows[nrows]) when new, so a
		 * failure changes nothing that counts. */
		r = &t->rows[t->slot[s] != 0 ? (size_t)t->slot[s] - 1
		                             : t->nrows];
		if (t->ntimed == SCS_TL_TIMED_MAX)
			return SCS_ENOMEM;
		for (p = 0; p < SCS_TL_NSTATS; p++)
			if ((rc = vec_reserve(&r->d[p])) != SCS_OK)
				return rc;
	}
	r = row_get(t, &k);
	if (r == NULL)
		return SCS_ETOOBIG; /* not reached: checked above */
	count(&t->all, &r->r, &e);
	count(&r->r, &r->r, &e);
	if (!e.timed)
		return SCS_OK;
	for (p = 0; p < SCS_TL_NSTATS; p++)
		r->d[p].v[r->d[p].n++] = e.dur[p];
	t->ntimed++;
	t->gen++;
	return SCS_OK;
}

static void
add_counts(struct scs_tl_row *to, const struct scs_tl_row *from)
{
	size_t i;

	for (i = 0; i < SCS_TL_NSTATS; i++) {
		to->phase[i].targeted += from->phase[i].targeted;
		to->phase[i].within += from->phase[i].within;
	}
	to->decided += from->decided;
	to->e_adjudicated += from->e_adjudicated;
	to->not_completed += from->not_completed;
	to->open += from->open;
	for (i = 0; i < SCS_TL_NBANDS; i++)
		to->backlog[i] += from->backlog[i];
	for (i = 0; i < SCS_PHASE_N; i++)
		to->open_in_phase[i] += from->open_in_phase[i];
	to->overdue += from->overdue;
	to->open_at += from->open_at;
	for (i = 0; i < SCS_TL_NBANDS; i++)
		to->backlog_at[i] += from->backlog_at[i];
	to->overdue_at += from->overdue_at;
}

/* Whether @a and @b count the same cases the same way. */
static bool
same_setup(const struct scs_tl *a, const struct scs_tl *b)
{
	return a->from == b->from && a->to == b->to && a->now == b->now &&
	    a->by == b->by && a->has_body == b->has_body &&
	    strcmp(a->body, b->body) == 0 && a->has_at == b->has_at &&
	    a->at == b->at && a->ntargets == b->ntargets &&
	    memcmp(a->targets, b->targets, a->ntargets * sizeof(*a->targets)) ==
	    0;
}

int
scs_tl_merge(struct scs_tl *t, const struct scs_tl *from)
{
	size_t i, p, s, fresh = 0;

	if (!same_setup(t, from))
		return SCS_EINVAL;
	if (from->ntimed > SCS_TL_TIMED_MAX - t->ntimed)
		return SCS_ENOMEM;
	/* Every row and all the room first, so a failure changes nothing
	 * that counts (rows made here stay empty and unlisted until then:
	 * they are entered below). */
	for (i = 0; i < from->nrows; i++) {
		const struct row *f = &from->rows[i];
		struct key k = {f->r.body, f->r.authority, f->r.level};
		struct row *r;

		s = find_slot(t, &k);
		if (t->slot[s] != 0) {
			r = &t->rows[t->slot[s] - 1];
		} else {
			if (t->nrows + fresh == SCS_TL_ROWS_MAX)
				return SCS_ETOOBIG;
			r = &t->rows[t->nrows + fresh++];
		}
		for (p = 0; p < SCS_TL_NSTATS; p++)
			if (vec_fit(&r->d[p], r->d[p].n + f->d[p].n) != SCS_OK)
				return SCS_ENOMEM;
	}
	for (i = 0; i < from->nrows; i++) {
		const struct row *f = &from->rows[i];
		struct key k = {f->r.body, f->r.authority, f->r.level};
		struct row *r = row_get(t, &k);

		if (r == NULL)
			return SCS_ETOOBIG; /* not reached: counted above */
		add_counts(&r->r, &f->r);
		for (p = 0; p < SCS_TL_NSTATS; p++) {
			if (f->d[p].n > 0)
				memcpy(r->d[p].v + r->d[p].n, f->d[p].v,
				    f->d[p].n * sizeof(*f->d[p].v));
			r->d[p].n += f->d[p].n;
		}
	}
	add_counts(&t->all, &from->all);
	t->ntimed += from->ntimed;
	t->added = t->added || from->added;
	t->gen++;
	return SCS_OK;
}

/* ---- the report ---- */

/* Bodies in strcmp order, the cases with none ("") last. */
static int
cmp_body(const char *a, const char *b)
{
	if (a[0] == '\0' || b[0] == '\0')
		return (a[0] == '\0') - (b[0] == '\0');
	return strcmp(a, b);
}

static int
cmp_row(const void *a, const void *b)
{
	const struct scs_tl_row *x = a, *y = b;
	int d = cmp_body(x->body, y->body);

	if (d == 0)
		d = strcmp(x->authority, y->authority);
	return d != 0 ? d : strcmp(x->level, y->level);
}

static double
share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

/* The durations of phase @p of every row of @body (NULL: any) and
 * @authority (NULL: any) into the scratch array; their number. */
static size_t
gather(struct scs_tl *t, size_t p, const char *body, const char *authority)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++) {
		const struct row *r = &t->rows[i];
		const struct vec *d = &r->d[p];

		if ((authority != NULL &&
		        strcmp(r->r.authority, authority) != 0) ||
		    (body != NULL && strcmp(r->r.body, body) != 0))
			continue;
		if (d->n > 0)
			memcpy(t->scratch.v + n, d->v, d->n * sizeof(*d->v));
		n += d->n;
	}
	return n;
}

/* The statistics of phase @p of @o from @n durations @v, keeping the
 * counts against the targets that scs_tl_add made. */
static void
finish(struct scs_tl_row *o, size_t p, int64_t *v, size_t n)
{
	struct scs_tl_stats *s = &o->phase[p];
	uint64_t targeted = s->targeted, within = s->within;
	int64_t target = s->target_days;

	scs_tl_summarize(v, n, s);
	s->targeted = targeted;
	s->within = within;
	s->within_share = share(within, targeted);
	s->target_days = target;
}

/* @o's statistics over every row of @body (NULL: any). */
static void
finish_all(struct scs_tl *t, struct scs_tl_row *o, const char *body)
{
	size_t p;

	o->e_share = share(o->e_adjudicated, o->decided);
	for (p = 0; p < SCS_TL_NSTATS; p++)
		finish(o, p, t->scratch.v, gather(t, p, body, NULL));
}

/* The subtotal of the @n rows @lv of one body. */
static void
subtotal(struct scs_tl *t, const struct scs_tl_row *lv, size_t n,
    struct scs_tl_row *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->kind = SCS_TL_ROW_BODY;
	memcpy(out->body, lv->body, sizeof(out->body));
	for (i = 0; i < n; i++)
		add_counts(out, &lv[i]);
	finish_all(t, out, out->body);
}

int
scs_tl_report(struct scs_tl *t, struct scs_tl_row **out_rows, size_t *out_n)
{
	struct scs_tl_row *rows, *lv;
	size_t i, j, p, n = 1, nbodies = 0;

	if (vec_fit(&t->scratch, t->ntimed) != SCS_OK)
		return SCS_ENOMEM;
	if ((lv = calloc(t->nrows + 1, sizeof(*lv))) == NULL)
		return SCS_ENOMEM;
	for (i = 0; i < t->nrows; i++) {
		struct row *r = &t->rows[i];

		lv[i] = r->r;
		lv[i].e_share = share(lv[i].e_adjudicated, lv[i].decided);
		for (p = 0; p < SCS_TL_NSTATS; p++)
			finish(&lv[i], p, r->d[p].v, r->d[p].n);
	}
	qsort(lv, t->nrows, sizeof(*lv), cmp_row);
	for (i = 0; t->by == SCS_TL_BY_BODY && i < t->nrows; i++)
		nbodies += i == 0 || cmp_body(lv[i - 1].body, lv[i].body) != 0;
	if ((rows = calloc(t->nrows + nbodies + 1, sizeof(*rows))) == NULL) {
		free(lv);
		return SCS_ENOMEM;
	}
	rows[0] = t->all;
	rows[0].kind = SCS_TL_ROW_ALL;
	finish_all(t, &rows[0], NULL);
	if (t->by == SCS_TL_BY_LEVEL && t->nrows > 0) {
		memcpy(rows + 1, lv, t->nrows * sizeof(*lv));
		n += t->nrows;
	}
	for (i = 0; t->by == SCS_TL_BY_BODY && i < t->nrows; i = j) {
		j = i + 1;
		while (j < t->nrows && cmp_body(lv[i].body, lv[j].body) == 0)
			j++;
		subtotal(t, lv + i, j - i, &rows[n++]);
		memcpy(rows + n, lv + i, (j - i) * sizeof(*lv));
		n += j - i;
	}
	free(lv);
	*out_rows = rows;
	*out_n = n;
	return SCS_OK;
}

/* ---- the expected decision date ---- */

/* The medians (twice, exact) of the phases of one row, cached. */
static const int64_t *
row_medians(const struct scs_tl *t, struct row *r)
{
	size_t p;

	if (r->med_gen != t->gen) {
		for (p = 0; p < SCS_PHASE_N; p++)
			r->med2[p] = median2(r->d[p].v, r->d[p].n);
		r->med_gen = t->gen;
	}
	return r->med2;
}

/* The medians of all levels of @authority, cached; NULL when it has no
 * timed case (*out_rc SCS_ENOTFOUND) or out of memory (SCS_ENOMEM). */
static const int64_t *
auth_medians(struct scs_tl *t, const char *authority, int *out_rc)
{
	struct auth_medians *a;
	uint64_t timed = 0;
	size_t i, p;

	*out_rc = SCS_ENOTFOUND;
	for (i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].r.authority, authority) == 0)
			timed += t->rows[i].r.decided;
	if (timed == 0)
		return NULL;
	/* One entry per authority with a timed case: at most one per row. */
	for (a = t->auths; a < t->auths + t->nauths; a++)
		if (strcmp(a->authority, authority) == 0)
			break;
	if (a < t->auths + t->nauths && a->gen == t->gen)
		return a->med2;
	if (vec_fit(&t->scratch, t->ntimed) != SCS_OK) {
		*out_rc = SCS_ENOMEM;
		return NULL;
	}
	if (a == t->auths + t->nauths) {
		(void)snprintf(a->authority, sizeof(a->authority), "%s",
		    authority);
		t->nauths++;
	}
	for (p = 0; p < SCS_PHASE_N; p++)
		a->med2[p] =
		    median2(t->scratch.v, gather(t, p, NULL, authority));
	a->gen = t->gen;
	return a->med2;
}

/* What both expectations start from: @c checked, its current phase in
 * @cur, and the row of its own authority, level and body in @row when
 * that row has decided enough cases (else NULL: the authority's). */
static int
expect_source(struct scs_tl *t, const struct scs_tl_case *c,
    enum scs_phase *cur, struct row **row)
{
	struct key k;
	size_t s;

	if (!valid_code(c->authority, SCS_AUTH_CODE_MAX) ||
	    !valid_code(c->level, SCS_LEVEL_CODE_MAX) ||
	    (c->body != NULL && strlen(c->body) > SCS_ID_MAX) ||
	    (unsigned)c->state >= SCS_CASE_NSTATES)
		return SCS_EINVAL;
	if ((*cur = scs_case_phase(c->state)) == SCS_PHASE_N)
		return SCS_ECONFLICT;
	k = key_of(t, c);
	s = find_slot(t, &k);
	*row = NULL;
	if (t->slot[s] != 0 &&
	    t->rows[t->slot[s] - 1].r.decided >= SCS_TL_EXPECT_MIN)
		*row = &t->rows[t->slot[s] - 1];
	return SCS_OK;
}

int
scs_tl_expect(struct scs_tl *t, const struct scs_tl_case *c, int64_t now,
    int64_t *out)
{
	const int64_t *med;
	enum scs_phase cur;
	struct row *row;
	int64_t rem2, spent, when;
	size_t s;
	int rc;

	if ((rc = expect_source(t, c, &cur, &row)) != SCS_OK)
		return rc;
	if (row != NULL)
		med = row_medians(t, row);
	else if ((med = auth_medians(t, c->authority, &rc)) == NULL)
		return rc;
	/* In half seconds, so that even-count medians stay exact. */
	spent = span(c->since, now);
	rem2 = med[cur] - 2 * spent;
	if (rem2 < 0)
		rem2 = 0;
	for (s = (size_t)cur + 1; s < SCS_PHASE_N; s++)
		rem2 += med[s];
	if (__builtin_add_overflow(now, (rem2 + 1) / 2, &when))
		return SCS_EINVAL;
	*out = when;
	return SCS_OK;
}

/* ---- the expected date's 80% interval ---- */

#define BAND_DRAWS 2001 /* odd: the median is one draw */
#define DAY_S      86400

static uint64_t
band_next(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* One draw of the time left: of the current phase, one of the
 * durations longer than the time spent in it (v[cur] sorted, those from
 * @longer on; none: 0 left), less that time; then one duration of each
 * later phase, each drawn on its own. */
static int64_t
band_draw(int64_t *const v[SCS_PHASE_N], const size_t n[SCS_PHASE_N],
    enum scs_phase cur, int64_t spent, size_t longer, uint64_t *rng)
{
	int64_t left = 0;
	size_t p;

	if (longer < n[cur])
		left =
		    v[cur][longer + band_next(rng) % (n[cur] - longer)] - spent;
	for (p = (size_t)cur + 1; p < SCS_PHASE_N; p++)
		if (n[p] > 0)
			left += v[p][band_next(rng) % n[p]];
	return left;
}

/* The durations of each phase the band draws from: @row's own, or (NULL)
 * copies of every level of @authority's, which the caller frees. */
static int
band_sources(struct scs_tl *t, const struct row *row, const char *authority,
    int64_t *v[SCS_PHASE_N], size_t n[SCS_PHASE_N])
{
	size_t p;

	memset(v, 0, SCS_PHASE_N * sizeof(*v));
	for (p = 0; p < SCS_PHASE_N; p++) {
		if (row != NULL) {
			v[p] = row->d[p].v;
			n[p] = row->d[p].n;
			continue;
		}
		if (vec_fit(&t->scratch, t->ntimed) != SCS_OK)
			return SCS_ENOMEM;
		n[p] = gather(t, p, NULL, authority);
		v[p] = malloc((n[p] ? n[p] : 1) * sizeof(*v[p]));
		if (v[p] == NULL)
			return SCS_ENOMEM;
		if (n[p] > 0)
			memcpy(v[p], t->scratch.v, n[p] * sizeof(*v[p]));
	}
	return SCS_OK;
}

/* Sort the @n durations @v and find the first longer than @spent. */
static size_t
first_longer(int64_t *v, size_t n, int64_t spent)
{
	size_t a = 0, b = n, mid;

	if (n == 0)
		return 0;
	qsort(v, n, sizeof(*v), cmp_i64);
	while (a < b) {
		mid = a + (b - a) / 2;
		if (v[mid] > spent)
			b = mid;
		else
			a = mid + 1;
	}
	return a;
}

int
scs_tl_expect_band(struct scs_tl *t, const struct scs_tl_case *c, int64_t now,
    int64_t *out_lo, int64_t *out_mid, int64_t *out_hi)
{
	int64_t *v[SCS_PHASE_N], *draws = NULL, spent;
	size_t n[SCS_PHASE_N], p, i, longer;
	struct row *row;
	enum scs_phase cur;
	uint64_t rng;
	int rc;

	if ((rc = expect_source(t, c, &cur, &row)) != SCS_OK)
		return rc;
	memset(n, 0, sizeof(n));
	rc = band_sources(t, row, c->authority, v, n);
	if (rc == SCS_OK && n[cur] == 0 && n[SCS_PHASE_N - 1] == 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_OK &&
	    (draws = malloc(BAND_DRAWS * sizeof(*draws))) == NULL)
		rc = SCS_ENOMEM;
	/* The same case on the same day: the same draws. */
	rng = (uint64_t)c->opened * 0x9E3779B97F4A7C15ULL ^
	    (uint64_t)(now / DAY_S);
	spent = span(c->since, now);
	longer = rc == SCS_OK ? first_longer(v[cur], n[cur], spent) : 0;
	for (i = 0; rc == SCS_OK && i < BAND_DRAWS; i++)
		draws[i] = band_draw(v, n, cur, spent, longer, &rng);
	if (rc == SCS_OK) {
		qsort(draws, BAND_DRAWS, sizeof(*draws), cmp_i64);
		if (__builtin_add_overflow(now, draws[BAND_DRAWS / 10],
		        out_lo) ||
		    __builtin_add_overflow(now, draws[BAND_DRAWS / 2],
		        out_mid) ||
		    __builtin_add_overflow(now,
		        draws[BAND_DRAWS - 1 - BAND_DRAWS / 10], out_hi))
			rc = SCS_EINVAL;
	}
	free(draws);
	for (p = 0; row == NULL && p < SCS_PHASE_N; p++)
		free(v[p]);
	return rc;
}
