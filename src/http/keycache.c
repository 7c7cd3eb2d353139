/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keycache.c - a hash map of checked API keys (their hashes) to actors
 * under one mutex.  A NULL map means "off": lookups miss, puts are dropped.
 */
#include <pthread.h>
#include <stdlib.h>

#include "scs/map.h"
#include "keycache.h"

struct entry {
	struct scs_actor actor;
	uint64_t gen; /* the cache's generation when it was kept */
};

struct scs_keycache {
	pthread_mutex_t mu;
	struct scs_map *map; /* hash -> struct entry; NULL: off */
	uint64_t gen;        /* moved by every change */
};

struct scs_keycache *
scs_keycache_new(void)
{
	struct scs_keycache *kc = calloc(1, sizeof(*kc));

	if (kc == NULL)
		return NULL;
	(void)pthread_mutex_init(&kc->mu, NULL);
	kc->map = scs_map_new(sizeof(struct entry));
	return kc;
}

void
scs_keycache_free(struct scs_keycache *kc)
{
	if (kc == NULL)
		return;
	scs_map_free(kc->map);
	(void)pthread_mutex_destroy(&kc->mu);
	free(kc);
}

int
scs_keycache_get(struct scs_keycache *kc, const char hash[64],
    struct scs_actor *out, bool *fresh)
{
	struct entry *e;

	(void)pthread_mutex_lock(&kc->mu);
	e = kc->map != NULL ? scs_map_get(kc->map, hash, 64, 0) : NULL;
	if (e != NULL) {
		*out = e->actor;
		*fresh = e->gen == kc->gen;
	}
	(void)pthread_mutex_unlock(&kc->mu);
	return e != NULL;
}

void
scs_keycache_put(struct scs_keycache *kc, const char hash[64],
    const struct scs_actor *a)
{
	struct entry *slot;

	(void)pthread_mutex_lock(&kc->mu);
	if (kc->map != NULL &&
	    (slot = scs_map_get(kc->map, hash, 64, 1)) != NULL) {
		slot->actor = *a;
		slot->gen = kc->gen;
	}
	(void)pthread_mutex_unlock(&kc->mu);
}

void
scs_keycache_forget(struct scs_keycache *kc)
{
	(void)pthread_mutex_lock(&kc->mu);
	kc->gen++;
	(void)pthread_mutex_unlock(&kc->mu);
}
