/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeliness.c - the timeliness accumulator (timeliness.h).  Each row, one
 * (authority, level), keeps counters and one growable array of durations
 * per phase and end to end; the all row's counters are kept beside, its
 * durations are the rows' put together when reported.  Statistics come
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
#define SLOTS        512 /* open addressing, at most half full (rows) */
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
	int64_t days;
};

_Static_assert(SLOTS >= 2 * SCS_TL_ROWS_MAX, "the row map stays half empty");

struct scs_tl {
	int64_t from, to, now;
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

static size_t
hash_key(const char *authority, const char *level)
{
	uint32_t h = 2166136261U; /* FNV-1a */
	const char *s;

	for (s = authority; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	h = (h ^ 0xffU) * 16777619U; /* a byte no code holds */
	for (s = level; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619U;
	return h % SLOTS;
}

/* The slot of (authority, level): its row's, or the free one to take. */
static size_t
find_slot(const struct scs_tl *t, const char *authority, const char *level)
{
	size_t s = hash_key(authority, level);

	while (t->slot[s] != 0) {
		const struct row *r = &t->rows[t->slot[s] - 1];

		if (strcmp(r->r.authority, authority) == 0 &&
		    strcmp(r->r.level, level) == 0)
			break;
		s = (s + 1) % SLOTS;
	}
	return s;
}

static int64_t
target_days(const struct scs_tl *t, const char *authority, const char *level)
{
	int64_t days = SCS_TL_TARGET_DAYS;
	size_t i;

	for (i = 0; i < t->ntargets; i++) {
		const struct target *g = &t->targets[i];

		if (strcmp(g->authority, authority) != 0)
			continue;
		if (strcmp(g->level, level) == 0)
			return g->days;
		if (g->level[0] == '\0')
			days = g->days;
	}
	return days;
}

/*
 * The row of (authority, level), made when missing; NULL beyond
 * SCS_TL_ROWS_MAX.  scs_tl_add calls it only once the case counts and
 * every allocation it needs is made, so no row is ever left empty.
 */
static struct row *
row_get(struct scs_tl *t, const char *authority, const char *level)
{
	size_t s = find_slot(t, authority, level);
	struct row *r;

	if (t->slot[s] != 0)
		return &t->rows[t->slot[s] - 1];
	if (t->nrows == SCS_TL_ROWS_MAX)
		return NULL;
	r = &t->rows[t->nrows];
	(void)snprintf(r->r.authority, sizeof(r->r.authority), "%s", authority);
	(void)snprintf(r->r.level, sizeof(r->r.level), "%s", level);
	r->r.target_days = target_days(t, authority, level);
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

int
scs_tl_target(struct scs_tl *t, const char *authority, const char *level,
    int64_t days)
{
	struct target *g;

	if (level == NULL)
		level = "";
	if (!valid_code(authority, SCS_AUTH_CODE_MAX) ||
	    strlen(level) >= SCS_LEVEL_CODE_MAX || days < 0 || days > 36500)
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
		(void)snprintf(g->authority, sizeof(g->authority), "%s",
		    authority);
		(void)snprintf(g->level, sizeof(g->level), "%s", level);
		t->ntargets++;
	}
	g->days = days;
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

/* What one case adds, decided before anything is changed. */
struct effect {
	bool timed, not_completed, open;
	int64_t age_days;
	enum scs_phase phase; /* of an open case; SCS_PHASE_N for none */
};

static struct effect
effect_of(const struct scs_tl *t, const struct scs_tl_case *c)
{
	struct effect e;
	bool in_window;

	memset(&e, 0, sizeof(e));
	in_window =
	    c->has_decided && c->decided >= t->from && c->decided < t->to;
	e.timed = scs_case_decided(c->state) && in_window;
	e.not_completed =
	    (c->state == SCS_CASE_REFUSED || c->state == SCS_CASE_WITHDRAWN) &&
	    c->since >= t->from && c->since < t->to;
	e.open = scs_case_open(c->state);
	e.phase = scs_case_phase(c->state);
	if (e.open)
		e.age_days = span(c->opened, t->now) / SCS_TL_DAY;
	return e;
}

static void
count(struct scs_tl_row *r, const struct scs_tl_case *c, const struct effect *e)
{
	if (e->timed) {
		r->decided++;
		r->e_adjudicated += c->e_adjudicated;
	}
	r->not_completed += e->not_completed;
	if (e->open) {
		r->open++;
		r->backlog[band_of(e->age_days)]++;
		if (e->phase != SCS_PHASE_N)
			r->open_in_phase[e->phase]++;
	}
}

int
scs_tl_add(struct scs_tl *t, const struct scs_tl_case *c)
{
	struct effect e;
	struct row *r;
	size_t s, p;
	int rc;

	if (!valid_code(c->authority, SCS_AUTH_CODE_MAX) ||
	    !valid_code(c->level, SCS_LEVEL_CODE_MAX) ||
	    (unsigned)c->state >= SCS_CASE_NSTATES)
		return SCS_EINVAL;
	t->added = true;
	e = effect_of(t, c);
	if (!e.timed && !e.not_completed && !e.open)
		return SCS_OK;
	s = find_slot(t, c->authority, c->level);
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
	r = row_get(t, c->authority, c->level);
	if (r == NULL)
		return SCS_ETOOBIG; /* not reached: checked above */
	count(&r->r, c, &e);
	count(&t->all, c, &e);
	if (e.open && r->r.target_days > 0 && e.age_days > r->r.target_days) {
		r->r.overdue++;
		t->all.overdue++;
	}
	if (!e.timed)
		return SCS_OK;
	for (p = 0; p < SCS_PHASE_N; p++)
		r->d[p].v[r->d[p].n++] = clamp(c->phase_s[p]);
	r->d[SCS_TL_E2E].v[r->d[SCS_TL_E2E].n++] = span(c->opened, c->decided);
	t->ntimed++;
	t->gen++;
	return SCS_OK;
}

static void
add_counts(struct scs_tl_row *to, const struct scs_tl_row *from)
{
	size_t i;

	to->decided += from->decided;
	to->e_adjudicated += from->e_adjudicated;
	to->not_completed += from->not_completed;
	to->open += from->open;
	for (i = 0; i < SCS_TL_NBANDS; i++)
		to->backlog[i] += from->backlog[i];
	for (i = 0; i < SCS_PHASE_N; i++)
		to->open_in_phase[i] += from->open_in_phase[i];
	to->overdue += from->overdue;
}

int
scs_tl_merge(struct scs_tl *t, const struct scs_tl *from)
{
	size_t i, p, s, fresh = 0;

	if (t->from != from->from || t->to != from->to || t->now != from->now ||
	    t->ntargets != from->ntargets ||
	    memcmp(t->targets, from->targets,
	        t->ntargets * sizeof(*t->targets)) != 0)
		return SCS_EINVAL;
	if (from->ntimed > SCS_TL_TIMED_MAX - t->ntimed)
		return SCS_ENOMEM;
	/* Every row and all the room first, so a failure changes nothing
	 * that counts (rows made here stay empty and unlisted until then:
	 * they are entered below). */
	for (i = 0; i < from->nrows; i++) {
		const struct row *f = &from->rows[i];
		struct row *r;

		s = find_slot(t, f->r.authority, f->r.level);
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
		struct row *r = row_get(t, f->r.authority, f->r.level);

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

static int
cmp_row(const void *a, const void *b)
{
	const struct scs_tl_row *x = a, *y = b;
	int d = strcmp(x->authority, y->authority);

	return d != 0 ? d : strcmp(x->level, y->level);
}

static double
share(uint64_t part, uint64_t whole)
{
	return whole ? (double)part / (double)whole : 0;
}

/* The durations of phase @p of every row of @authority (NULL: every row)
 * into the scratch array; their number. */
static size_t
gather(struct scs_tl *t, size_t p, const char *authority)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++) {
		const struct vec *d = &t->rows[i].d[p];

		if (authority != NULL &&
		    strcmp(t->rows[i].r.authority, authority) != 0)
			continue;
		if (d->n > 0)
			memcpy(t->scratch.v + n, d->v, d->n * sizeof(*d->v));
		n += d->n;
	}
	return n;
}

int
scs_tl_report(struct scs_tl *t, struct scs_tl_row **out_rows, size_t *out_n)
{
	struct scs_tl_row *rows;
	size_t i, p;

	if (vec_fit(&t->scratch, t->ntimed) != SCS_OK)
		return SCS_ENOMEM;
	if ((rows = calloc(t->nrows + 1, sizeof(*rows))) == NULL)
		return SCS_ENOMEM;
	rows[0] = t->all;
	rows[0].e_share = share(t->all.e_adjudicated, t->all.decided);
	for (p = 0; p < SCS_TL_NSTATS; p++)
		scs_tl_summarize(t->scratch.v, gather(t, p, NULL),
		    &rows[0].phase[p]);
	for (i = 0; i < t->nrows; i++) {
		struct row *r = &t->rows[i];
		struct scs_tl_row *o = &rows[i + 1];

		*o = r->r;
		o->e_share = share(o->e_adjudicated, o->decided);
		for (p = 0; p < SCS_TL_NSTATS; p++)
			scs_tl_summarize(r->d[p].v, r->d[p].n, &o->phase[p]);
	}
	qsort(rows + 1, t->nrows, sizeof(*rows), cmp_row);
	*out_rows = rows;
	*out_n = t->nrows + 1;
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
		a->med2[p] = median2(t->scratch.v, gather(t, p, authority));
	a->gen = t->gen;
	return a->med2;
}

int
scs_tl_expect(struct scs_tl *t, const struct scs_tl_case *c, int64_t now,
    int64_t *out)
{
	const int64_t *med;
	enum scs_phase cur;
	int64_t rem2, spent, when;
	size_t s;
	int rc = SCS_OK;

	if (!valid_code(c->authority, SCS_AUTH_CODE_MAX) ||
	    !valid_code(c->level, SCS_LEVEL_CODE_MAX) ||
	    (unsigned)c->state >= SCS_CASE_NSTATES)
		return SCS_EINVAL;
	if ((cur = scs_case_phase(c->state)) == SCS_PHASE_N)
		return SCS_ECONFLICT;
	s = find_slot(t, c->authority, c->level);
	if (t->slot[s] != 0 &&
	    t->rows[t->slot[s] - 1].r.decided >= SCS_TL_EXPECT_MIN)
		med = row_medians(t, &t->rows[t->slot[s] - 1]);
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
