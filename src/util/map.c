/* SPDX-License-Identifier: Apache-2.0 */
/*
 * map.c - string-keyed hash map, FNV-1a, open addressing with linear
 * probing, grown at 50% load.  Keys are copied; values are inline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scs/map.h"

struct slot {
	char *key; /* NULL: empty */
	size_t klen;
	uint64_t hash;
	unsigned char *value;
};

struct scs_map {
	struct slot *slots;
	size_t cap, count, vsize;
};

static uint64_t
fnv(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 1099511628211ULL;
	return h;
}

struct scs_map *
scs_map_new(size_t vsize)
{
	struct scs_map *m = calloc(1, sizeof(*m));

	if (m == NULL)
		return NULL;
	m->vsize = vsize;
	m->cap = 64;
	if ((m->slots = calloc(m->cap, sizeof(*m->slots))) == NULL) {
		free(m);
		return NULL;
	}
	return m;
}

void
scs_map_free(struct scs_map *m)
{
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->slots[i].value);
	free(m->slots);
	free(m);
}

static int
grow(struct scs_map *m)
{
	size_t ncap = m->cap * 2, i, j;
	struct slot *ns = calloc(ncap, sizeof(*ns));

	if (ns == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		if (m->slots[i].key == NULL)
			continue;
		for (j = m->slots[i].hash & (ncap - 1); ns[j].key != NULL;
		     j = (j + 1) & (ncap - 1))
			;
		ns[j] = m->slots[i];
	}
	free(m->slots);
	m->slots = ns;
	m->cap = ncap;
	return 0;
}

void *
scs_map_get(struct scs_map *m, const void *key, size_t klen, int create)
{
	uint64_t h = fnv(key, klen);
	struct slot *s;
	size_t i, voff;

	/* Grow first, so the empty slot found below stays valid. */
	if (create && 2 * (m->count + 1) > m->cap && grow(m) != 0)
		return NULL;
	for (i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
		s = &m->slots[i];
		if (s->key == NULL)
			break;
		if (s->hash == h && s->klen == klen &&
		    memcmp(s->key, key, klen) == 0) /* checksrc: allow */
			return s->value;
	}
	if (!create)
		return NULL;
	/* One allocation holds the value, then the key: the value comes
	 * first so it has malloc's alignment. */
	voff = (m->vsize + 15) & ~(size_t)15;
	if ((s->value = calloc(1, voff + klen + 1)) == NULL)
		return NULL;
	s->key = (char *)s->value + voff;
	memcpy(s->key, key, klen);
	s->klen = klen;
	s->hash = h;
	m->count++;
	return s->value;
}

int
scs_map_each(struct scs_map *m,
    int (*cb)(void *arg, const void *key, size_t klen, void *value), void *arg)
{
	size_t i;
	int r;

	for (i = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL &&
		    (r = cb(arg, m->slots[i].key, m->slots[i].klen,
		         m->slots[i].value)) != 0)
			return r;
	return 0;
}

size_t
scs_map_count(const struct scs_map *m)
{
	return m->count;
}
