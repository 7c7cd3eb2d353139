/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.c - the discrete-event simulator of the vetting pipeline (sim.h).
 *
 * One loop pops the earliest event from a radix heap of 40-byte
 * events: an arrival of a class, the end of a case's stage (a delay or a
 * service), a staff step, a hire, a leaver, an inventory sample.  A case
 * travels inside its events and, while it waits, in its pool's queue (a
 * ring per priority); there is no table of cases, so a run allocates
 * only when a ring or a heap bucket grows.
 * Durations are binned in histograms indexed by a double's exponent and
 * its top 8 mantissa bits (relative width 2^-8, no log() call), which
 * give quantiles and the fastest-90% mean to well under 1%, with exact
 * counts and means.  Time averages (cases in a stage, busy servers) are
 * areas integrated at every change.  Randomness: xoshiro256** seeded by
 * splitmix64, one stream for the run; the sequence of draws is fixed by
 * the scenario, so a run is reproducible to the bit.
 */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/sim.h"

const char *const scs_sim_stage_codes[SCS_SIM_NSTAGES] = {"consent",
    "questionnaire", "initiation", "investigation", "review", "adjudication",
    "complaint"};

/* ---- random numbers ---- */

struct rng {
	uint64_t s[4];
	double spare; /* the polar method's second normal */
	int has_spare;
};

static uint64_t
splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t
next64(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* Uniform in (0, 1]: never 0, so log() is finite. */
static double
unif(struct rng *r)
{
	return (double)((next64(r) >> 11) + 1) * 0x1.0p-53;
}

/* A standard normal by Marsaglia's polar method: two at a time, no
 * cosine. */
static double
normal(struct rng *r)
{
	double u, v, q;

	if (r->has_spare) {
		r->has_spare = 0;
		return r->spare;
	}
	do {
		u = 2.0 * unif(r) - 1.0;
		v = 2.0 * unif(r) - 1.0;
		q = u * u + v * v;
	} while (q >= 1.0 || q == 0.0);
	q = sqrt(-2.0 * log(q) / q);
	r->spare = v * q;
	r->has_spare = 1;
	return u * q;
}

/* ---- distributions ---- */

#define Z90 1.2815515655446004 /* the standard normal's 90th percentile */

struct dist {
	enum scs_sim_dist_kind kind;
	double a, mu, sigma, max;
	const double *v;
	size_t n;
};

static void
dist_prepare(const struct scs_sim_dist *d, struct dist *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = d->kind;
	out->a = d->a;
	out->v = d->samples;
	out->n = d->nsamples;
	if (d->kind == SCS_SIM_DIST_LOGNORMAL) {
		out->mu = log(d->a);
		out->sigma = (log(d->b) - out->mu) / Z90;
	}
	if (d->kind == SCS_SIM_DIST_EMPIRICAL) {
		size_t i;

		for (i = 0; i < d->nsamples; i++)
			if (d->samples[i] > out->max)
				out->max = d->samples[i];
	}
}

static double
draw(struct rng *r, const struct dist *d)
{
	size_t i;

	switch (d->kind) {
	case SCS_SIM_DIST_FIXED:
		return d->a;
	case SCS_SIM_DIST_EXPONENTIAL:
		return -d->a * log(unif(r));
	case SCS_SIM_DIST_LOGNORMAL:
		return exp(d->mu + d->sigma * normal(r));
	case SCS_SIM_DIST_EMPIRICAL:
		i = (size_t)((double)d->n * (unif(r) - 0x1.0p-53));
		return d->v[i < d->n ? i : d->n - 1];
	default:
		return 0.0;
	}
}

/*
 * What remains of a time already under way when the run begins (a case
 * of the initial inventory in service, or in a delay, at day 0): the
 * equilibrium residual of a renewal process, a uniform share of a
 * length-biased draw.  Length-biased: an exponential's is a gamma of
 * shape 2 (so the residual is the exponential itself), a lognormal's is
 * the lognormal with mu + sigma^2, an empirical one's is by rejection
 * (a sample kept with chance sample / max, at most 64 tries).  Without
 * it, every case in service at day 0 would start afresh, and the first
 * weeks would close too few.
 */
static double
draw_residual(struct rng *r, const struct dist *d)
{
	double x = 0.0;
	int i;

	switch (d->kind) {
	case SCS_SIM_DIST_FIXED:
		return unif(r) * d->a;
	case SCS_SIM_DIST_EXPONENTIAL:
		return -d->a * log(unif(r));
	case SCS_SIM_DIST_LOGNORMAL:
		return unif(r) *
		    exp(d->mu + d->sigma * d->sigma + d->sigma * normal(r));
	case SCS_SIM_DIST_EMPIRICAL:
		for (i = 0; i < 64; i++) {
			x = draw(r, d);
			if (unif(r) * d->max < x)
				break;
		}
		return unif(r) * x;
	default:
		return 0.0;
	}
}

/* ---- histograms ---- */

/* Bins by exponent and the top HB mantissa bits, from 2^EMIN days (about
 * 0.08 s) to 2^EMAX (about 360 years); bin 0 holds everything smaller. */
#define HB    8
#define EMIN  (-20)
#define EMAX  17
#define NBINS (((EMAX - EMIN) << HB) + 1)

struct hist {
	uint32_t *bin;
	uint64_t n;
	double sum;
};

/* The bin of @d from its bits: the biased exponent and the top HB bits
 * of the mantissa (d = 1.f 2^e). */
static size_t
bin_of(double d)
{
	uint64_t b;

	if (!(d >= 0x1.0p-20))
		return 0;
	if (d >= 0x1.0p17)
		return NBINS - 1;
	memcpy(&b, &d, sizeof(b));
	return 1 + ((size_t)((int)(b >> 52) - 1023 - EMIN) << HB) +
	    (size_t)((b >> (52 - HB)) & ((1U << HB) - 1));
}

/* The middle of bin @i, in days. */
static double
bin_mid(size_t i)
{
	size_t e, k;

	if (i == 0)
		return 0.0;
	i--;
	e = i >> HB;
	k = i & ((1U << HB) - 1);
	return ldexp(1.0 + ((double)k + 0.5) / (double)(1U << HB),
	    (int)e + EMIN);
}

static void
hist_add(struct hist *h, double d)
{
	h->bin[bin_of(d)]++;
	h->n++;
	h->sum += d;
}

/* The rank-th smallest (1-based) by nearest rank. */
static double
hist_rank(const struct hist *h, uint64_t rank)
{
	uint64_t seen = 0;
	size_t i;

	for (i = 0; i < NBINS; i++) {
		seen += h->bin[i];
		if (seen >= rank)
			return bin_mid(i);
	}
	return bin_mid(NBINS - 1);
}

static uint64_t
rank_of(uint64_t n, double p)
{
	uint64_t k = (uint64_t)ceil(p * (double)n - 1e-9);

	return k < 1 ? 1 : k;
}

static void
hist_stats(const struct hist *h, struct scs_sim_stats *out)
{
	uint64_t k, seen = 0, take;
	double sum = 0.0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (h->n == 0)
		return;
	out->count = h->n;
	out->mean = h->sum / (double)h->n;
	out->p50 = hist_rank(h, rank_of(h->n, 0.5));
	out->p80 = hist_rank(h, rank_of(h->n, 0.8));
	out->p90 = hist_rank(h, rank_of(h->n, 0.9));
	k = rank_of(h->n, 0.9);
	for (i = 0; i < NBINS && seen < k; i++) {
		take = h->bin[i] < k - seen ? h->bin[i] : k - seen;
		sum += (double)take * bin_mid(i);
		seen += take;
	}
	out->fastest90 = sum / (double)k;
}

/* ---- events ---- */

enum ev_kind { EV_ARRIVAL, EV_DONE, EV_STAFF, EV_HIRE, EV_LEAVE, EV_SAMPLE };

/* aux: the kind in the top 4 bits, a count or generation below. */
#define AUX(kind, x) (((uint32_t)(kind) << 28) | ((uint32_t)(x)&0xFFFFFFFU))
#define AUX_KIND(a)  ((enum ev_kind)((a) >> 28))
#define AUX_X(a)     ((a)&0xFFFFFFFU)

#define F_COMPLAINED 1U /* a complaint was made: the next denial is final */
#define F_UNDERWAY   2U /* of the initial inventory, not yet started */

/* A case: it travels in its events and in the pools' queues, never in a
 * table of its own, so that an event's handler finds it in the cache
 * line it popped. */
struct kase {
	double arrived, entered;
	uint16_t cls;
	uint8_t stage, flags;
};

struct event {
	double t;
	struct kase k; /* EV_DONE's case */
	uint32_t who;  /* class, pool, or step * POOLS_MAX + pool */
	uint32_t aux;
};

/*
 * The pending events: a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan),
 * which a simulation may use because its clock never goes back: every
 * event pushed is at or after the last one popped.  A non-negative
 * double's bits order like the double, so the key is the bits.  Bucket
 * 0 holds events at the last key popped; bucket i > 0 those whose key
 * first differs from it in bit i - 1.  A pop empties bucket 0 first;
 * when it is empty, the lowest non-empty bucket's least key becomes the
 * last, and its events move down to the buckets of their difference
 * from it.  An event moves at most 64 times and buckets are appended and
 * scanned in order, so a pop costs little and touches memory in
 * sequence, where a binary heap of 200,000 events misses the cache at
 * every level.
 */
#define NBUCKETS 65

struct bucket {
	struct event *e;
	size_t n, cap;
};

struct heap {
	struct bucket b[NBUCKETS];
	uint64_t last;
	size_t n;
};

static uint64_t
key_of(double t)
{
	uint64_t k;

	memcpy(&k, &t, sizeof(k));
	return k;
}

static unsigned
bucket_for(uint64_t k, uint64_t last)
{
	return k == last ? 0 : 64 - (unsigned)__builtin_clzll(k ^ last);
}

/* The analyzer takes two pushes to buckets of unknown index for one
 * bucket and reports a leak where none is (the buckets are freed by
 * heap_free): NOLINTBEGIN(clang-analyzer-unix.Malloc) */
static int
bucket_add(struct bucket *b, const struct event *ev)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct event *e = realloc(b->e, cap * sizeof(*e));

		if (e == NULL)
			return SCS_ENOMEM;
		b->e = e;
		b->cap = cap;
	}
	b->e[b->n++] = *ev;
	return SCS_OK;
}
/* NOLINTEND(clang-analyzer-unix.Malloc) */

static int
heap_push(struct heap *h, struct event ev)
{
	int rc = bucket_add(&h->b[bucket_for(key_of(ev.t), h->last)], &ev);

	h->n += rc == SCS_OK;
	return rc;
}

/* NOLINTBEGIN(clang-analyzer-unix.Malloc): as bucket_add's. */
/* Bucket 0 refilled from the lowest non-empty one (h->n > 0).  The
 * events move to buckets below the one they leave, whose room is
 * reserved first, so that running out of memory loses none. */
static int
refill(struct heap *h)
{
	struct bucket *from;
	uint64_t min;
	size_t j, need[NBUCKETS];
	unsigned i, k;

	for (i = 1; h->b[i].n == 0; i++)
		;
	from = &h->b[i];
	min = key_of(from->e[0].t);
	for (j = 1; j < from->n; j++)
		if (key_of(from->e[j].t) < min)
			min = key_of(from->e[j].t);
	memset(need, 0, sizeof(need));
	for (j = 0; j < from->n; j++)
		need[bucket_for(key_of(from->e[j].t), min)]++;
	for (k = 0; k < i; k++) {
		struct bucket *b = &h->b[k];

		if (b->n + need[k] > b->cap) {
			size_t cap = b->cap ? b->cap : 256;
			struct event *e;

			while (cap < b->n + need[k])
				cap *= 2;
			if ((e = realloc(b->e, cap * sizeof(*e))) == NULL)
				return SCS_ENOMEM;
			b->e = e;
			b->cap = cap;
		}
	}
	h->last = min;
	for (j = 0; j < from->n; j++) {
		struct bucket *b = &h->b[bucket_for(key_of(from->e[j].t), min)];

		b->e[b->n++] = from->e[j];
	}
	from->n = 0;
	return SCS_OK;
}
/* NOLINTEND(clang-analyzer-unix.Malloc) */

/* The earliest event into *@out (h->n > 0). */
static int
heap_pop(struct heap *h, struct event *out)
{
	if (h->b[0].n == 0) {
		int rc = refill(h);

		if (rc != SCS_OK)
			return rc;
	}
	*out = h->b[0].e[--h->b[0].n];
	h->n--;
	return SCS_OK;
}

static void
heap_free(struct heap *h)
{
	unsigned i;

	for (i = 0; i < NBUCKETS; i++)
		free(h->b[i].e);
}

/* ---- state ---- */

/* A pool's queue of one priority: a ring of cases, doubled when full. */
struct ring {
	struct kase *v;
	size_t head, n, cap;
};

struct pool {
	const struct scs_sim_pool *def;
	struct ring q[SCS_SIM_PRIO_N];
	uint64_t queued;
	uint64_t staff, target, pending;
	uint64_t busy;
	uint32_t gen; /* of the pending leaver event */
	double area_busy, area_cap, last;
	uint64_t hired, left;
	/* the cases of its own stage, counted as the stage's are */
	struct hist time, wait;
	uint64_t entered, underway, in;
	double service_sum;
};

struct cls {
	const struct scs_sim_class *def;
	struct dist time[SCS_SIM_NSTAGES];
	size_t step; /* the rate step in force */
	struct hist e2e;
	uint64_t arrived, decided, granted, denied, refused, eadj;
};

struct sim {
	const struct scs_sim_scenario *s;
	struct rng rng;
	struct heap heap;
	struct pool *pool;
	struct cls *cls;
	/* per stage: cases in it, its area since the warmup */
	uint64_t in[SCS_SIM_NSTAGES];
	double area[SCS_SIM_NSTAGES], last[SCS_SIM_NSTAGES];
	struct hist time[SCS_SIM_NSTAGES], wait[SCS_SIM_NSTAGES];
	uint64_t waited[SCS_SIM_NSTAGES];
	uint64_t entered[SCS_SIM_NSTAGES];
	double service_sum[SCS_SIM_NSTAGES];
	uint64_t underway[SCS_SIM_NSTAGES]; /* started with a residual */
	uint64_t total;
	double area_total, last_total;
	struct hist sojourn;
	uint64_t arrived_w;   /* arrivals at or after the warmup */
	uint64_t arrived_all; /* arrivals from day 0 */
	struct scs_sim_result *r;
	struct scs_sim_sample *samples;
	size_t nsamples, capsamples;
	/* the window under way, and the stage times of its leavers */
	size_t win;
	struct hist wtime[SCS_SIM_NSTAGES];
	double now;
};

static double
clip(const struct sim *m, double t)
{
	return t < m->s->warmup ? m->s->warmup : t;
}

/* Integrate the count @n from *@last to @t (after the warmup only). */
static void
integrate(const struct sim *m, double *area, double *last, uint64_t n, double t)
{
	double a = clip(m, *last), b = clip(m, t);

	*area += (double)n * (b - a);
	*last = t;
}

static void
count_in(struct sim *m, unsigned stage, int delta)
{
	integrate(m, &m->area[stage], &m->last[stage], m->in[stage], m->now);
	m->in[stage] = (uint64_t)((int64_t)m->in[stage] + delta);
}

static void
pool_integrate(struct sim *m, struct pool *p)
{
	double a = clip(m, p->last), b = clip(m, m->now);
	uint64_t cap = p->staff * p->def->slots;

	p->area_busy += (double)p->busy * (b - a);
	p->area_cap += (double)cap * (b - a);
	p->last = m->now;
}

static int
push(struct sim *m, double t, uint32_t who, uint32_t aux)
{
	struct event ev;

	if (!(t <= m->s->days))
		return SCS_OK; /* past the end: never happens */
	memset(&ev, 0, sizeof(ev));
	ev.t = t;
	ev.who = who;
	ev.aux = aux;
	return heap_push(&m->heap, ev);
}

/* The end of case @k's stage at @t. */
static int
push_case(struct sim *m, double t, const struct kase *k)
{
	struct event ev;

	if (!(t <= m->s->days))
		return SCS_OK; /* past the end: it stays in its stage */
	ev.t = t;
	ev.k = *k;
	ev.who = 0;
	ev.aux = AUX(EV_DONE, 0);
	return heap_push(&m->heap, ev);
}

static int
ring_put(struct ring *q, const struct kase *k)
{
	if (q->n == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 256, i;
		struct kase *v = malloc(cap * sizeof(*v));

		if (v == NULL)
			return SCS_ENOMEM;
		for (i = 0; i < q->n; i++)
			v[i] = q->v[(q->head + i) % q->cap];
		free(q->v);
		q->v = v;
		q->head = 0;
		q->cap = cap;
	}
	q->v[(q->head + q->n) % q->cap] = *k;
	q->n++;
	return SCS_OK;
}

static struct kase
ring_take(struct ring *q)
{
	struct kase k = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->n--;
	return k;
}

static int
pool_of(const struct sim *m, const struct kase *k, unsigned stage)
{
	switch (stage) {
	case SCS_SIM_INVESTIGATION:
		return m->cls[k->cls].def->pool_investigation;
	case SCS_SIM_REVIEW:
		return m->s->pool_review;
	case SCS_SIM_ADJUDICATION:
	case SCS_SIM_COMPLAINT:
		return m->s->pool_adjudication;
	default:
		return -1;
	}
}

/* The pool that serves case @k in @stage when that is the pool's own
 * stage (its statistics count the case), else NULL. */
static struct pool *
own_pool(struct sim *m, const struct kase *k, unsigned stage)
{
	int pi = pool_of(m, k, stage);

	return pi >= 0 && m->pool[pi].def->stage == (enum scs_sim_stage)stage
	    ? &m->pool[pi]
	    : NULL;
}

/* Start case @k's service (or its delay) in its stage now. */
static int
start(struct sim *m, struct kase *k, bool pooled)
{
	const struct cls *c = &m->cls[k->cls];
	bool underway = (k->flags & F_UNDERWAY) && m->now == 0.0;
	double d = underway ? draw_residual(&m->rng, &c->time[k->stage])
	                    : draw(&m->rng, &c->time[k->stage]);

	/* A tail beyond the century (a lognormal of huge spread): never an
	 * infinity in the results. */
	if (!(d <= SCS_SIM_DAYS_MAX))
		d = SCS_SIM_DAYS_MAX;
	if (pooled && m->now >= m->s->warmup) {
		struct pool *p = own_pool(m, k, k->stage);

		hist_add(&m->wait[k->stage], m->now - k->entered);
		m->waited[k->stage] += m->now > k->entered;
		if (underway) /* a residual: no service's mean */
			m->underway[k->stage]++;
		else
			m->service_sum[k->stage] += d;
		if (p != NULL) {
			hist_add(&p->wait, m->now - k->entered);
			p->underway += underway;
			p->service_sum += underway ? 0.0 : d;
		}
	}
	k->flags &= (uint8_t)~F_UNDERWAY;
	return push_case(m, m->now + d, k);
}

static int
enter(struct sim *m, struct kase *k, unsigned stage)
{
	struct pool *p;
	int pi;

	k->stage = (uint8_t)stage;
	k->entered = m->now;
	m->entered[stage] += m->now >= m->s->warmup && !(k->flags & F_UNDERWAY);
	count_in(m, stage, 1);
	pi = pool_of(m, k, stage);
	if (pi < 0)
		return start(m, k, false);
	p = &m->pool[pi];
	if (p->def->stage == (enum scs_sim_stage)stage) {
		p->entered +=
		    m->now >= m->s->warmup && !(k->flags & F_UNDERWAY);
		p->in++;
	}
	if (p->busy < p->staff * p->def->slots) {
		pool_integrate(m, p);
		p->busy++;
		return start(m, k, true);
	}
	p->queued++;
	return ring_put(&p->q[m->cls[k->cls].def->priority], k);
}

/* Start the first queued cases while @p has free slots. */
static int
serve(struct sim *m, struct pool *p)
{
	struct kase k;
	unsigned pr;
	int rc;

	while (p->queued > 0 && p->busy < p->staff * p->def->slots) {
		for (pr = 0; p->q[pr].n == 0; pr++)
			;
		k = ring_take(&p->q[pr]);
		p->queued--;
		pool_integrate(m, p);
		p->busy++;
		rc = start(m, &k, true);
		if (rc != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

/* Case @k leaves the pipeline: decided (granted or not) or refused. */
static void
finish(struct sim *m, const struct kase *k, int outcome)
{
	struct cls *c = &m->cls[k->cls];
	bool counted = m->now >= m->s->warmup;

	integrate(m, &m->area_total, &m->last_total, m->total, m->now);
	m->total--;
	if (counted)
		hist_add(&m->sojourn, m->now - k->arrived);
	if (outcome == 'r') {
		c->refused += counted;
	} else {
		if (counted) {
			c->decided++;
			hist_add(&c->e2e, m->now - k->arrived);
		}
		c->granted += counted && outcome != 'd';
		c->denied += counted && outcome == 'd';
		c->eadj += counted && outcome == 'e';
	}
}

/* Where a case goes after its stage: the next stage, or 0 with *@out
 * the outcome when it leaves. */
static unsigned
route(struct sim *m, struct kase *k, int *out)
{
	const struct scs_sim_class *d = m->cls[k->cls].def;
	bool w = m->now >= m->s->warmup;
	double u = unif(&m->rng);

	*out = 0;
	switch (k->stage) {
	case SCS_SIM_CONSENT:
		if (u < d->p_refuse)
			*out = 'r';
		return SCS_SIM_QUESTIONNAIRE;
	case SCS_SIM_QUESTIONNAIRE:
		return SCS_SIM_INITIATION;
	case SCS_SIM_INITIATION:
		if (u >= d->p_return)
			return SCS_SIM_INVESTIGATION;
		m->r->returns += w;
		return SCS_SIM_QUESTIONNAIRE;
	case SCS_SIM_INVESTIGATION:
		return SCS_SIM_REVIEW;
	case SCS_SIM_REVIEW:
		if (u < d->p_rework) {
			m->r->reworks += w;
			return SCS_SIM_INVESTIGATION;
		}
		if (unif(&m->rng) < d->p_eadj)
			*out = 'e';
		return SCS_SIM_ADJUDICATION;
	case SCS_SIM_ADJUDICATION:
		if (u >= d->p_deny) {
			*out = 'g';
			return 0;
		}
		if (!(k->flags & F_COMPLAINED) &&
		    unif(&m->rng) < d->p_complain) {
			k->flags |= F_COMPLAINED;
			m->r->complaints += w;
			return SCS_SIM_COMPLAINT;
		}
		*out = 'd';
		return 0;
	default: /* COMPLAINT */
		if (u < d->p_upheld) {
			m->r->upheld += w;
			return SCS_SIM_ADJUDICATION;
		}
		*out = 'd';
		return 0;
	}
}

static int
on_done(struct sim *m, struct kase *k)
{
	unsigned stage = k->stage, next;
	int outcome, pi = pool_of(m, k, stage), rc;

	if (m->now >= m->s->warmup) {
		hist_add(&m->time[stage], m->now - k->entered);
		if (m->win < m->s->nwindows)
			hist_add(&m->wtime[stage], m->now - k->entered);
	}
	count_in(m, stage, -1);
	if (pi >= 0 && m->pool[pi].def->stage == (enum scs_sim_stage)stage) {
		if (m->now >= m->s->warmup)
			hist_add(&m->pool[pi].time, m->now - k->entered);
		m->pool[pi].in--;
	}
	/* The slot goes to the queue first: a case moving on to another
	 * stage of the same pool queues behind those already waiting. */
	if (pi >= 0) {
		pool_integrate(m, &m->pool[pi]);
		m->pool[pi].busy--;
		rc = serve(m, &m->pool[pi]);
		if (rc != SCS_OK)
			return rc;
	}
	next = route(m, k, &outcome);
	if (outcome != 0) {
		finish(m, k, outcome);
		return SCS_OK;
	}
	return enter(m, k, next);
}

/* The next arrival of class @ci after now, by the rate in force; a rate
 * step restarts the exponential at its day (the stream is memoryless). */
static int
schedule_arrival(struct sim *m, uint32_t ci)
{
	struct cls *c = &m->cls[ci];
	const struct scs_sim_step *st = c->def->rate;
	size_t n = c->def->nrate;
	double t = m->now, dt, r;

	/* No arrivals before the first step. */
	if (n > 0 && c->step == 0 && t < st[0].day)
		t = st[0].day;
	for (;;) {
		while (c->step + 1 < n && st[c->step + 1].day <= t)
			c->step++;
		r = n ? st[c->step].v : 0.0;
		if (r > 0.0) {
			dt = -log(unif(&m->rng)) / r;
			if (c->step + 1 >= n || t + dt < st[c->step + 1].day)
				return push(m, t + dt, ci, AUX(EV_ARRIVAL, 0));
		}
		if (c->step + 1 >= n)
			return SCS_OK; /* no more arrivals */
		t = st[c->step + 1].day;
	}
}

static int
on_arrival(struct sim *m, uint32_t ci)
{
	struct kase k;
	int rc;

	memset(&k, 0, sizeof(k));
	k.cls = (uint16_t)ci;
	k.arrived = m->now;
	m->arrived_all++;
	if (m->now >= m->s->warmup) {
		m->arrived_w++;
		m->cls[ci].arrived++;
	}
	integrate(m, &m->area_total, &m->last_total, m->total, m->now);
	m->total++;
	rc = enter(m, &k, SCS_SIM_CONSENT);
	return rc != SCS_OK ? rc : schedule_arrival(m, ci);
}

/* ---- staff ---- */

static int
schedule_leave(struct sim *m, uint32_t pi)
{
	struct pool *p = &m->pool[pi];
	double rate = (double)p->staff * p->def->attrition / 365.25;

	p->gen = (p->gen + 1) & 0xFFFFFFFU;
	if (rate <= 0.0)
		return SCS_OK;
	return push(m, m->now - log(unif(&m->rng)) / rate, pi,
	    AUX(EV_LEAVE, p->gen));
}

static int
hire(struct sim *m, uint32_t pi, uint64_t n)
{
	struct pool *p = &m->pool[pi];

	if (n == 0)
		return SCS_OK;
	p->pending += n;
	return push(m, m->now + p->def->hiring_days, pi,
	    AUX(EV_HIRE, n > 0xFFFFFFFU ? 0xFFFFFFFU : n));
}

static int
on_hire(struct sim *m, uint32_t pi, uint64_t n)
{
	struct pool *p = &m->pool[pi];
	uint64_t room = p->target > p->staff ? p->target - p->staff : 0;
	uint64_t add = n < room ? n : room;
	int rc;

	p->pending -= n < p->pending ? n : p->pending;
	pool_integrate(m, p);
	p->staff += add;
	p->hired += m->now >= m->s->warmup ? add : 0;
	rc = schedule_leave(m, pi);
	return rc != SCS_OK ? rc : serve(m, p);
}

static int
on_leave(struct sim *m, uint32_t pi, uint32_t gen)
{
	struct pool *p = &m->pool[pi];
	int rc;

	if (gen != p->gen || p->staff == 0)
		return SCS_OK;
	pool_integrate(m, p);
	p->staff--;
	p->left += m->now >= m->s->warmup;
	rc = hire(m, pi, 1);
	return rc != SCS_OK ? rc : schedule_leave(m, pi);
}

static int
on_staff(struct sim *m, uint32_t pi, size_t step)
{
	struct pool *p = &m->pool[pi];
	double v = p->def->staff[step].v;
	uint64_t t = (uint64_t)llround(v), have = p->staff + p->pending;
	int rc;

	p->target = t;
	if (t > have)
		return hire(m, pi, t - have);
	if (t < p->staff) {
		pool_integrate(m, p);
		p->left += m->now >= m->s->warmup ? p->staff - t : 0;
		p->staff = t;
		rc = schedule_leave(m, pi);
		if (rc != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

/* ---- checking ---- */

static int
check_prob(double p, const char *cls, const char *name, struct scs_err *err)
{
	if (!(p >= 0.0 && p <= 1.0))
		return scs_err_set(err, SCS_EINVAL, name,
		    "must be a probability from 0 to 1 (class %s)", cls);
	return SCS_OK;
}

static int
check_steps(const struct scs_sim_step *st, size_t n, double vmax,
    const char *field, struct scs_err *err)
{
	size_t i;

	if (n > SCS_SIM_STEPS_MAX)
		return scs_err_set(err, SCS_ETOOBIG, field, "at most %d steps",
		    SCS_SIM_STEPS_MAX);
	if (n > 0 && st == NULL)
		return scs_err_set(err, SCS_EINVAL, field, "missing");
	for (i = 0; i < n; i++) {
		if (!(st[i].day >= 0.0 && st[i].day <= SCS_SIM_DAYS_MAX) ||
		    signbit(st[i].day))
			return scs_err_set(err, SCS_EINVAL, field,
			    "step %zu: the day must be from 0 to %.0f", i,
			    SCS_SIM_DAYS_MAX);
		if (i > 0 && !(st[i].day > st[i - 1].day))
			return scs_err_set(err, SCS_EINVAL, field,
			    "step %zu: days must increase", i);
		if (!(st[i].v >= 0.0 && st[i].v <= vmax))
			return scs_err_set(err, SCS_EINVAL, field,
			    "step %zu: the value must be from 0 to %.0f", i,
			    vmax);
	}
	return SCS_OK;
}

static int
check_dist(const struct scs_sim_dist *d, const char *field, struct scs_err *err)
{
	size_t i;

	switch (d->kind) {
	case SCS_SIM_DIST_NONE:
		return SCS_OK;
	case SCS_SIM_DIST_FIXED:
	case SCS_SIM_DIST_EXPONENTIAL:
		if (!(d->a >= 0.0 && d->a <= SCS_SIM_DAYS_MAX))
			break;
		return SCS_OK;
	case SCS_SIM_DIST_LOGNORMAL:
		if (!(d->a > 0.0 && d->b >= d->a && d->b <= SCS_SIM_DAYS_MAX))
			return scs_err_set(err, SCS_EINVAL, field,
			    "a lognormal needs 0 < median <= p90 <= %.0f days",
			    SCS_SIM_DAYS_MAX);
		return SCS_OK;
	case SCS_SIM_DIST_EMPIRICAL:
		if (d->nsamples == 0 || d->samples == NULL)
			return scs_err_set(err, SCS_EINVAL, field,
			    "an empirical distribution needs samples");
		if (d->nsamples > SCS_SIM_SAMPLES_MAX)
			return scs_err_set(err, SCS_ETOOBIG, field,
			    "at most %d samples", SCS_SIM_SAMPLES_MAX);
		for (i = 0; i < d->nsamples; i++)
			if (!(d->samples[i] >= 0.0 &&
			        d->samples[i] <= SCS_SIM_DAYS_MAX))
				return scs_err_set(err, SCS_EINVAL, field,
				    "sample %zu must be from 0 to %.0f days", i,
				    SCS_SIM_DAYS_MAX);
		return SCS_OK;
	default:
		return scs_err_set(err, SCS_EINVAL, field,
		    "unknown distribution");
	}
	return scs_err_set(err, SCS_EINVAL, field,
	    "the days must be from 0 to %.0f", SCS_SIM_DAYS_MAX);
}

static int
check_class(const struct scs_sim_scenario *s, size_t ci, struct scs_err *err)
{
	const struct scs_sim_class *c = &s->classes[ci];
	const double p[] = {c->p_refuse, c->p_return, c->p_rework, c->p_eadj,
	    c->p_deny, c->p_complain, c->p_upheld};
	static const char *const names[] = {"refuse_consent", "return",
	    "rework", "e_adjudication", "deny", "complain", "upheld"};
	char field[SCS_ERR_FIELD_MAX];
	unsigned k;
	int rc;

	if (c->priority >= SCS_SIM_PRIO_N)
		return scs_err_set(err, SCS_EINVAL, "priority",
		    "must be from 0 to %d (class %s)", SCS_SIM_PRIO_N - 1,
		    c->id);
	for (k = 0; k < sizeof(p) / sizeof(p[0]); k++)
		if ((rc = check_prob(p[k], c->id, names[k], err)) != SCS_OK)
			return rc;
	/* A class that returns or reworks every case never leaves. */
	if (c->p_return >= 1.0 || c->p_rework >= 1.0)
		return scs_err_set(err, SCS_EINVAL,
		    c->p_return >= 1.0 ? "return" : "rework",
		    "must be below 1, else no case ever leaves (class %s)",
		    c->id);
	if (c->pool_investigation < 0 ||
	    (size_t)c->pool_investigation >= s->npools ||
	    s->pools[c->pool_investigation].stage != SCS_SIM_INVESTIGATION)
		return scs_err_set(err, SCS_EINVAL, "body",
		    "must name an investigation pool (class %s)", c->id);
	rc = check_steps(c->rate, c->nrate, 1e7, "arrivals", err);
	if (rc != SCS_OK)
		return rc;
	for (k = 0; k < SCS_SIM_NSTAGES; k++) {
		(void)snprintf(field, sizeof(field), "time.%s",
		    scs_sim_stage_codes[k]);
		if ((rc = check_dist(&c->time[k], field, err)) != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

static int
check_pool_ref(const struct scs_sim_scenario *s, int pi,
    enum scs_sim_stage stage, const char *field, struct scs_err *err)
{
	if (pi < 0 && stage == SCS_SIM_REVIEW)
		return SCS_OK;
	if (pi < 0 || (size_t)pi >= s->npools || s->pools[pi].stage != stage)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must name a pool of stage %s", scs_sim_stage_codes[stage]);
	return SCS_OK;
}

static int
check_pool(const struct scs_sim_pool *p, struct scs_err *err)
{
	uint64_t most = p->servers;
	size_t i;
	int rc;

	if (p->stage != SCS_SIM_INVESTIGATION && p->stage != SCS_SIM_REVIEW &&
	    p->stage != SCS_SIM_ADJUDICATION)
		return scs_err_set(err, SCS_EINVAL, "stage",
		    "must be investigation, review or adjudication (pool %s)",
		    p->id);
	if (p->slots < 1)
		return scs_err_set(err, SCS_EINVAL, "slots",
		    "must be at least 1 (pool %s)", p->id);
	rc =
	    check_steps(p->staff, p->nstaff, SCS_SIM_SERVERS_MAX, "staff", err);
	if (rc != SCS_OK)
		return rc;
	for (i = 0; i < p->nstaff && p->staff != NULL; i++)
		if (p->staff[i].v > (double)most)
			most = (uint64_t)p->staff[i].v;
	if (most * p->slots > SCS_SIM_SERVERS_MAX)
		return scs_err_set(err, SCS_ETOOBIG, "servers",
		    "servers times slots at most %d (pool %s)",
		    SCS_SIM_SERVERS_MAX, p->id);
	if (!(p->hiring_days >= 0.0 && p->hiring_days <= SCS_SIM_DAYS_MAX))
		return scs_err_set(err, SCS_EINVAL, "hiring_days",
		    "must be from 0 to %.0f (pool %s)", SCS_SIM_DAYS_MAX,
		    p->id);
	if (!(p->attrition >= 0.0 && p->attrition <= 10.0))
		return scs_err_set(err, SCS_EINVAL, "attrition",
		    "must be from 0 to 10 a year (pool %s)", p->id);
	return SCS_OK;
}

/* The arrivals a piecewise rate gives over [0, @days] (none before its
 * first step). */
static double
arrivals_over(const struct scs_sim_step *st, size_t n, double days)
{
	double sum = 0.0, from, to;
	size_t i;

	for (i = 0; i < n; i++) {
		from = st[i].day;
		to = i + 1 < n ? st[i + 1].day : days;
		if (to > days)
			to = days;
		if (to > from)
			sum += st[i].v * (to - from);
	}
	return sum;
}

/* The work a run may take, within its limits. */
static int
check_work(const struct scs_sim_scenario *s, struct scs_err *err)
{
	double cases = 0.0, leavers = 0.0, most;
	size_t i, k;

	for (i = 0; i < s->nclasses; i++)
		cases += arrivals_over(s->classes[i].rate, s->classes[i].nrate,
		    s->days);
	for (i = 0; s->initial != NULL && i < s->nclasses * SCS_SIM_NSTAGES;
	     i++)
		cases += (double)s->initial[i];
	if (!(cases <= SCS_SIM_CASES_MAX))
		return scs_err_set(err, SCS_ETOOBIG, "classes",
		    "%.0f cases expected: at most %d a run (lower the "
		    "arrivals, "
		    "the days or the initial inventory)",
		    cases, SCS_SIM_CASES_MAX);
	for (i = 0; i < s->npools; i++) {
		most = (double)s->pools[i].servers;
		for (k = 0; k < s->pools[i].nstaff; k++)
			if (s->pools[i].staff[k].v > most)
				most = s->pools[i].staff[k].v;
		leavers += most * s->pools[i].attrition * s->days / 365.25;
	}
	if (!(leavers <= SCS_SIM_LEAVERS_MAX))
		return scs_err_set(err, SCS_ETOOBIG, "attrition",
		    "%.0f leavers expected: at most %d a run", leavers,
		    SCS_SIM_LEAVERS_MAX);
	return SCS_OK;
}

/* The windows: at most SCS_SIM_WINDOWS_MAX, increasing, each end above
 * the warmup and at most the run's days. */
static int
check_windows(const struct scs_sim_scenario *s, struct scs_err *err)
{
	size_t i;

	if (s->nwindows > SCS_SIM_WINDOWS_MAX)
		return scs_err_set(err, SCS_ETOOBIG, "windows", "at most %d",
		    SCS_SIM_WINDOWS_MAX);
	if (s->nwindows > 0 && s->windows == NULL)
		return scs_err_set(err, SCS_EINVAL, "windows", "missing");
	for (i = 0; i < s->nwindows; i++)
		if (!(s->windows[i] > (i ? s->windows[i - 1] : s->warmup) &&
		        s->windows[i] <= s->days))
			return scs_err_set(err, SCS_EINVAL, "windows",
			    "window %zu must end after the one before (the "
			    "first after the warmup) and by the run's end",
			    i);
	return SCS_OK;
}

int
scs_sim_check(const struct scs_sim_scenario *s, struct scs_err *err)
{
	size_t i;
	int rc;

	if (!(s->days > 0.0 && s->days <= SCS_SIM_DAYS_MAX))
		return scs_err_set(err, SCS_EINVAL, "days",
		    "must be above 0 and at most %.0f", SCS_SIM_DAYS_MAX);
	if (!(s->warmup >= 0.0 && s->warmup < s->days))
		return scs_err_set(err, SCS_EINVAL, "warmup_days",
		    "must be from 0 to below days");
	if (!(s->sample_every == 0.0 ||
	        (s->sample_every > 0.0 && s->days / s->sample_every <= 1e5)))
		return scs_err_set(err, SCS_EINVAL, "sample_days",
		    "must be 0, or give at most 100000 samples");
	if ((rc = check_windows(s, err)) != SCS_OK)
		return rc;
	if (s->nclasses == 0 || s->nclasses > SCS_SIM_CLASSES_MAX)
		return scs_err_set(err, s->nclasses ? SCS_ETOOBIG : SCS_EINVAL,
		    "classes", "from 1 to %d", SCS_SIM_CLASSES_MAX);
	if (s->npools == 0 || s->npools > SCS_SIM_POOLS_MAX)
		return scs_err_set(err, s->npools ? SCS_ETOOBIG : SCS_EINVAL,
		    "pools", "from 1 to %d", SCS_SIM_POOLS_MAX);
	for (i = 0; i < s->npools; i++) {
		if ((rc = check_pool(&s->pools[i], err)) != SCS_OK)
			return rc;
	}
	rc = check_pool_ref(s, s->pool_review, SCS_SIM_REVIEW, "review", err);
	if (rc == SCS_OK)
		rc = check_pool_ref(s, s->pool_adjudication,
		    SCS_SIM_ADJUDICATION, "adjudication", err);
	for (i = 0; rc == SCS_OK && i < s->nclasses; i++)
		rc = check_class(s, i, err);
	if (rc == SCS_OK)
		rc = check_work(s, err);
	return rc;
}

/* ---- the run ---- */

static void
sim_free(struct sim *m)
{
	size_t i;

	heap_free(&m->heap);
	for (i = 0; m->pool != NULL && i < m->s->npools; i++) {
		unsigned k;

		for (k = 0; k < SCS_SIM_PRIO_N; k++)
			free(m->pool[i].q[k].v);
		free(m->pool[i].time.bin);
		free(m->pool[i].wait.bin);
	}
	free(m->pool);
	if (m->cls != NULL)
		for (i = 0; i < m->s->nclasses; i++)
			free(m->cls[i].e2e.bin);
	free(m->cls);
	for (i = 0; i < SCS_SIM_NSTAGES; i++) {
		free(m->time[i].bin);
		free(m->wait[i].bin);
		free(m->wtime[i].bin);
	}
	free(m->sojourn.bin);
	free(m->samples);
}

static int
hist_init(struct hist *h)
{
	h->bin = calloc(NBINS, sizeof(*h->bin));
	return h->bin ? SCS_OK : SCS_ENOMEM;
}

static int
sim_init(struct sim *m)
{
	const struct scs_sim_scenario *s = m->s;
	uint64_t seed = s->seed;
	size_t i, k;
	int rc = SCS_OK;

	for (k = 0; k < 4; k++)
		m->rng.s[k] = splitmix(&seed);
	m->pool = calloc(s->npools, sizeof(*m->pool));
	m->cls = calloc(s->nclasses, sizeof(*m->cls));
	if (m->pool == NULL || m->cls == NULL)
		return SCS_ENOMEM;
	for (i = 0; i < SCS_SIM_NSTAGES && rc == SCS_OK; i++) {
		rc = hist_init(&m->time[i]);
		if (rc == SCS_OK)
			rc = hist_init(&m->wait[i]);
		if (rc == SCS_OK && s->nwindows > 0)
			rc = hist_init(&m->wtime[i]);
	}
	if (rc == SCS_OK && s->nwindows > 0 &&
	    (m->r->windows = calloc(s->nwindows, sizeof(*m->r->windows))) ==
	        NULL)
		rc = SCS_ENOMEM;
	if (rc == SCS_OK)
		rc = hist_init(&m->sojourn);
	for (i = 0; i < s->nclasses && rc == SCS_OK; i++) {
		m->cls[i].def = &s->classes[i];
		for (k = 0; k < SCS_SIM_NSTAGES; k++)
			dist_prepare(&s->classes[i].time[k],
			    &m->cls[i].time[k]);
		rc = hist_init(&m->cls[i].e2e);
	}
	for (i = 0; i < s->npools && rc == SCS_OK; i++) {
		struct pool *p = &m->pool[i];

		p->def = &s->pools[i];
		p->staff = p->target = p->def->servers;
		rc = hist_init(&p->time);
		if (rc == SCS_OK)
			rc = hist_init(&p->wait);
	}
	return rc;
}

/* The first events: one arrival a class, staff steps, leavers, samples,
 * and the initial inventory entering its stages at day 0. */
static int
sim_seed(struct sim *m)
{
	const struct scs_sim_scenario *s = m->s;
	uint32_t i, k, step;
	struct kase c;
	uint64_t j;
	int rc = SCS_OK;

	for (i = 0; i < s->npools && rc == SCS_OK; i++) {
		for (step = 0; step < s->pools[i].nstaff && rc == SCS_OK;
		     step++)
			rc = push(m, s->pools[i].staff[step].day,
			    step * SCS_SIM_POOLS_MAX + i, AUX(EV_STAFF, 0));
		if (rc == SCS_OK)
			rc = schedule_leave(m, i);
	}
	if (rc == SCS_OK && s->sample_every > 0.0) {
		m->capsamples = (size_t)(s->days / s->sample_every) + 2;
		m->samples = calloc(m->capsamples, sizeof(*m->samples));
		if (m->samples == NULL)
			return SCS_ENOMEM;
		rc = push(m, 0.0, 0, AUX(EV_SAMPLE, 0));
	}
	for (i = 0; i < s->nclasses && rc == SCS_OK; i++)
		rc = schedule_arrival(m, i);
	for (i = 0; s->initial && i < s->nclasses && rc == SCS_OK; i++)
		for (k = 0; k < SCS_SIM_NSTAGES && rc == SCS_OK; k++)
			for (j = 0; j < s->initial[i * SCS_SIM_NSTAGES + k] &&
			     rc == SCS_OK;
			     j++) {
				memset(&c, 0, sizeof(c));
				c.cls = (uint16_t)i;
				c.flags = F_UNDERWAY;
				m->total++;
				rc = enter(m, &c, k);
			}
	return rc;
}

static int
on_sample(struct sim *m)
{
	struct scs_sim_sample *x;
	size_t k;

	if (m->nsamples == m->capsamples)
		return SCS_OK;
	x = &m->samples[m->nsamples++];
	x->day = m->now;
	for (k = 0; k < SCS_SIM_NSTAGES; k++)
		x->in_stage[k] = m->in[k];
	x->total = m->total;
	x->arrived = m->arrived_all;
	return push(m, m->now + m->s->sample_every, 0, AUX(EV_SAMPLE, 0));
}

static int
dispatch(struct sim *m, struct event *ev)
{
	switch (AUX_KIND(ev->aux)) {
	case EV_ARRIVAL:
		return on_arrival(m, ev->who);
	case EV_DONE:
		return on_done(m, &ev->k);
	case EV_STAFF:
		return on_staff(m, ev->who % SCS_SIM_POOLS_MAX,
		    ev->who / SCS_SIM_POOLS_MAX);
	case EV_HIRE:
		return on_hire(m, ev->who, AUX_X(ev->aux));
	case EV_LEAVE:
		return on_leave(m, ev->who, AUX_X(ev->aux));
	default:
		return on_sample(m);
	}
}

/* The window under way ends: its inventory and stage times, and the
 * next one's times start from nothing. */
static void
close_window(struct sim *m)
{
	struct scs_sim_window *w = &m->r->windows[m->win];
	size_t k;

	w->end = m->s->windows[m->win];
	for (k = 0; k < SCS_SIM_NSTAGES; k++) {
		w->in_stage[k] = m->in[k];
		hist_stats(&m->wtime[k], &w->time[k]);
		memset(m->wtime[k].bin, 0, NBINS * sizeof(*m->wtime[k].bin));
		m->wtime[k].n = 0;
		m->wtime[k].sum = 0.0;
	}
	w->total = m->total;
	m->win++;
}

static int
collect(struct sim *m, struct scs_sim_result *r)
{
	const struct scs_sim_scenario *s = m->s;
	double span = s->days - s->warmup;
	size_t i;

	r->classes = calloc(s->nclasses, sizeof(*r->classes));
	r->pools = calloc(s->npools, sizeof(*r->pools));
	if (r->classes == NULL || r->pools == NULL)
		return SCS_ENOMEM;
	r->nclasses = s->nclasses;
	r->npools = s->npools;
	while (m->win < s->nwindows)
		close_window(m);
	r->nwindows = s->nwindows;
	m->now = s->days;
	integrate(m, &m->area_total, &m->last_total, m->total, s->days);
	for (i = 0; i < SCS_SIM_NSTAGES; i++) {
		count_in(m, (unsigned)i, 0);
		hist_stats(&m->time[i], &r->stage[i].time);
		hist_stats(&m->wait[i], &r->stage[i].wait);
		r->stage[i].mean_number = m->area[i] / span;
		r->stage[i].at_end = m->in[i];
		r->stage[i].waited = m->waited[i];
		r->stage[i].entered = m->entered[i];
		r->stage[i].service_mean = m->wait[i].n > m->underway[i]
		    ? m->service_sum[i] /
		        (double)(m->wait[i].n - m->underway[i])
		    : r->stage[i].time.mean;
	}
	for (i = 0; i < s->nclasses; i++) {
		struct cls *c = &m->cls[i];
		struct scs_sim_class_result *o = &r->classes[i];

		o->arrived = c->arrived;
		o->decided = c->decided;
		o->granted = c->granted;
		o->denied = c->denied;
		o->refused = c->refused;
		o->e_adjudicated = c->eadj;
		hist_stats(&c->e2e, &o->e2e);
		r->decided += c->decided;
		r->granted += c->granted;
		r->denied += c->denied;
		r->refused += c->refused;
		r->e_adjudicated += c->eadj;
	}
	for (i = 0; i < s->npools; i++) {
		struct pool *p = &m->pool[i];
		struct scs_sim_pool_result *o = &r->pools[i];

		pool_integrate(m, p);
		o->busy = p->area_busy / span;
		o->capacity = p->area_cap / span;
		o->utilization =
		    o->capacity > 0.0 ? o->busy / o->capacity : 0.0;
		o->staff_end = (unsigned)p->staff;
		o->hired = p->hired;
		o->left = p->left;
		hist_stats(&p->time, &o->time);
		hist_stats(&p->wait, &o->wait);
		o->entered = p->entered;
		o->at_end = p->in;
		o->service_mean = p->wait.n > p->underway
		    ? p->service_sum / (double)(p->wait.n - p->underway)
		    : o->time.mean;
	}
	r->arrived = m->arrived_w;
	r->in_system_end = m->total;
	r->little.L = m->area_total / span;
	r->little.lambda = (double)m->arrived_w / span;
	r->little.W =
	    m->sojourn.n ? m->sojourn.sum / (double)m->sojourn.n : 0.0;
	r->little.error = r->little.L > 0.0
	    ? fabs(r->little.L - r->little.lambda * r->little.W) / r->little.L
	    : 0.0;
	r->samples = m->samples;
	r->nsamples = m->nsamples;
	m->samples = NULL;
	return SCS_OK;
}

int
scs_sim_run(const struct scs_sim_scenario *s, struct scs_sim_result *out,
    struct scs_err *err)
{
	struct scs_sim_result r;
	struct sim m;
	struct event ev;
	int rc = scs_sim_check(s, err);

	if (rc != SCS_OK)
		return rc;
	memset(&m, 0, sizeof(m));
	memset(&r, 0, sizeof(r));
	m.s = s;
	m.r = &r;
	rc = sim_init(&m);
	if (rc == SCS_OK)
		rc = sim_seed(&m);
	while (rc == SCS_OK && m.heap.n > 0) {
		if (r.events >= SCS_SIM_EVENTS_MAX) {
			rc = SCS_ETOOBIG;
			break;
		}
		if ((rc = heap_pop(&m.heap, &ev)) != SCS_OK)
			break;
		while (m.win < s->nwindows && ev.t > s->windows[m.win])
			close_window(&m);
		m.now = ev.t;
		r.events++;
		rc = dispatch(&m, &ev);
	}
	if (rc == SCS_OK)
		rc = collect(&m, &r);
	sim_free(&m);
	if (rc != SCS_OK) {
		scs_sim_result_free(&r);
		if (rc == SCS_ETOOBIG)
			return scs_err_set(err, rc, "days",
			    "the run passed %llu events: shorten it",
			    (unsigned long long)SCS_SIM_EVENTS_MAX);
		return scs_err_set(err, rc, NULL, "out of memory");
	}
	*out = r;
	return SCS_OK;
}

void
scs_sim_result_free(struct scs_sim_result *r)
{
	if (r == NULL)
		return;
	free(r->classes);
	free(r->pools);
	free(r->samples);
	free(r->windows);
	memset(r, 0, sizeof(*r));
}
