/* SPDX-License-Identifier: Apache-2.0 */
/*
 * limit.c - fixed tables of per-key limits (include/scs/limit.h).
 *
 * A slot is a key's 64-bit keyed hash and two numbers: for a rate, the
 * moment its budget is full again (the GCRA's "theoretical arrival
 * time") and nothing; for a counter, the time it is locked until and its
 * failures.  A slot whose first number is in the past holds nothing worth
 * keeping, so a rate table forgets nobody it still limits unless a set is
 * full of clients it limits, and then gives up the one it limits least.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "scs/crypto.h"
#include "scs/limit.h"

#define WAYS  4  /* slots per set */
#define LOCKS 64 /* mutexes; set i takes lock i % LOCKS */

struct slot {
	uint64_t h; /* 0: empty (a hash of 0 is stored as 1) */
	int64_t a;  /* rate: full again at (us); counter: locked until */
	int64_t b;  /* counter: failures */
};

struct scs_limit {
	pthread_mutex_t mu[LOCKS];
	uint8_t key[16];
	int64_t per_us; /* one act per this */
	int64_t tau_us; /* how far ahead of now the budget may run */
	size_t nsets;
	struct slot *slot; /* nsets * WAYS */
};

static struct scs_limit *
table_new(size_t slots)
{
	struct scs_limit *l = calloc(1, sizeof(*l));
	size_t i;

	if (l == NULL)
		return NULL;
	l->nsets = slots < WAYS ? 1 : (slots + WAYS - 1) / WAYS;
	if ((l->slot = calloc(l->nsets * WAYS, sizeof(*l->slot))) == NULL) {
		free(l);
		return NULL;
	}
	for (i = 0; i < LOCKS; i++)
		(void)pthread_mutex_init(&l->mu[i], NULL);
	scs_crypto_random(l->key, sizeof(l->key));
	return l;
}

struct scs_limit *
scs_limit_new(uint32_t burst, int64_t per_us, size_t slots)
{
	struct scs_limit *l;

	if (burst == 0 || per_us <= 0 || (l = table_new(slots)) == NULL)
		return NULL;
	l->per_us = per_us;
	l->tau_us = per_us * (int64_t)(burst - 1);
	return l;
}

struct scs_limit *
scs_limit_counters_new(size_t slots)
{
	return table_new(slots);
}

void
scs_limit_free(struct scs_limit *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < LOCKS; i++)
		(void)pthread_mutex_destroy(&l->mu[i]);
	free(l->slot);
	free(l);
}

/* The slot of @key in its set, locked (the caller unlocks *@out_mu, also
 * when NULL comes back): the key's own; else, when @create, a slot that
 * holds nothing (empty, or its first number not after @now_us) or, the set
 * full, the one holding least (the lowest first number, then the fewest
 * failures), zeroed; else NULL. */
static struct slot *
find(struct scs_limit *l, const void *key, size_t klen, int64_t now_us,
    int create, pthread_mutex_t **out_mu)
{
	uint64_t h = scs_crypto_shorthash(l->key, key, klen);
	struct slot *s, *victim = NULL;
	size_t set, i;

	if (h == 0)
		h = 1;
	set = (size_t)(h % l->nsets);
	*out_mu = &l->mu[set % LOCKS];
	(void)pthread_mutex_lock(*out_mu);
	s = &l->slot[set * WAYS];
	for (i = 0; i < WAYS; i++)
		if (s[i].h == h)
			return &s[i];
	if (!create)
		return NULL;
	for (i = 0; i < WAYS && victim == NULL; i++)
		if (s[i].h == 0 || s[i].a <= now_us)
			victim = &s[i];
	if (victim == NULL) {
		victim = &s[0];
		for (i = 1; i < WAYS; i++)
			if (s[i].a < victim->a ||
			    (s[i].a == victim->a && s[i].b < victim->b))
				victim = &s[i];
	}
	victim->h = h;
	victim->a = 0;
	victim->b = 0;
	return victim;
}

/* Seconds, rounded up, of a wait of @us microseconds (at least 1). */
static int64_t
secs_of(int64_t us)
{
	int64_t s = (us + 999999) / 1000000;

	return s < 1 ? 1 : s;
}

static int64_t
rate(struct scs_limit *l, const void *key, size_t klen, int64_t now_us,
    int take)
{
	pthread_mutex_t *mu;
	struct slot *s;
	int64_t tat, wait = 0;

	if (l == NULL)
		return 0;
	s = find(l, key, klen, now_us, take, &mu);
	if (s == NULL) { /* a peek at a key not kept: a full budget */
		(void)pthread_mutex_unlock(mu);
		return 0;
	}
	tat = s->a > now_us ? s->a : now_us;
	if (tat - now_us > l->tau_us)
		wait = secs_of(tat - l->tau_us - now_us);
	else if (take)
		s->a = tat + l->per_us;
	(void)pthread_mutex_unlock(mu);
	return wait;
}

int64_t
scs_limit_take(struct scs_limit *l, const void *key, size_t klen,
    int64_t now_us)
{
	return rate(l, key, klen, now_us, 1);
}

int64_t
scs_limit_peek(struct scs_limit *l, const void *key, size_t klen,
    int64_t now_us)
{
	return rate(l, key, klen, now_us, 0);
}

void
scs_limit_count_get(struct scs_limit *l, const void *key, size_t klen,
    int64_t *out_failures, int64_t *out_until)
{
	pthread_mutex_t *mu;
	struct slot *s;

	*out_failures = 0;
	*out_until = 0;
	if (l == NULL)
		return;
	if ((s = find(l, key, klen, 0, 0, &mu)) != NULL) {
		*out_failures = s->b;
		*out_until = s->a;
	}
	(void)pthread_mutex_unlock(mu);
}

void
scs_limit_count_put(struct scs_limit *l, const void *key, size_t klen,
    int64_t failures, int64_t until)
{
	pthread_mutex_t *mu;
	struct slot *s;

	if (l == NULL)
		return;
	/* INT64_MIN: every kept count holds something (a failure count
	 * without a lockout too), so only the least is given up. */
	s = find(l, key, klen, INT64_MIN, 1, &mu);
	s->b = failures;
	s->a = until;
	(void)pthread_mutex_unlock(mu);
}
