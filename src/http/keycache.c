/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keycache.c - a hash map of checked API keys (their hashes) to actors
 * under one mutex.  A NULL map means "off": lookups miss, puts are dropped.
 */
#include <pthread.h>
#include <stdlib.h>

#include "scs/map.h"
#include "keycache.h"

struct scs_keycache {
	pthread_mutex_t mu;
	struct scs_map *map; /* hash -> struct scs_actor; NULL: off */
};

struct scs_keycache *
scs_keycache_new(void)
{
	struct scs_keycache *kc = calloc(1, sizeof(*kc));

	if (kc == NULL)
		return NULL;
	(void)pthread_mutex_init(&kc->mu, NULL);
	kc->map = scs_map_new(sizeof(struct scs_actor));
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
    struct scs_actor *out)
{
	struct scs_actor *a;

	(void)pthread_mutex_lock(&kc->mu);
	a = kc->map != NULL ? scs_map_get(kc->map, hash, 64, 0) : NULL;
	if (a != NULL)
		*out = *a;
	(void)pthread_mutex_unlock(&kc->mu);
	return a != NULL;
}

void
scs_keycache_put(struct scs_keycache *kc, const char hash[64],
    const struct scs_actor *a)
{
	struct scs_actor *slot;

	(void)pthread_mutex_lock(&kc->mu);
	if (kc->map != NULL &&
	    (slot = scs_map_get(kc->map, hash, 64, 1)) != NULL)
		*slot = *a;
	(void)pthread_mutex_unlock(&kc->mu);
}

void
scs_keycache_forget(struct scs_keycache *kc)
{
	struct scs_map *fresh = scs_map_new(sizeof(struct scs_actor));

	(void)pthread_mutex_lock(&kc->mu);
	scs_map_free(kc->map);
	kc->map = fresh;
	(void)pthread_mutex_unlock(&kc->mu);
}
