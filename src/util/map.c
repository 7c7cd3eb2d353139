/* SPDX-License-Identifier: Apache-2.0 */
/*
 * map.c - string-keyed hash map, FNV-1a, open addressing with linear
 * probing, grown at 50% load.  Keys are copied; values are inline.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scs/err.h"
#include "scs/map.h"
#include "scs/util.h"

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

/* ---- tuple keys ---- */

void *
scs_map_tuple(struct scs_map *m, const char *const *keys, size_t nk,
    size_t kmax, size_t max, int *rc)
{
	char buf[SCS_MAP_TUPLE_MAX];
	void *v;
	size_t i, len = 0, l;

	for (i = 0; i < nk; i++) {
		if ((l = strlen(keys[i])) > kmax || l + 1 > sizeof(buf) - len) {
			*rc = SCS_EINVAL;
			return NULL;
		}
		memcpy(buf + len, keys[i], l);
		len += l;
		buf[len++] = '\0';
	}
	if ((v = scs_map_get(m, buf, len, 0)) != NULL)
		return v;
	if (m->count >= max)
		*rc = SCS_ETOOBIG;
	else if ((v = scs_map_get(m, buf, len, 1)) == NULL)
		*rc = SCS_ENOMEM;
	return v;
}

/* Tuples compare as their bytes: NUL, the smallest byte, ends each string,
 * so this is the order of the first string, then the second, and so on. */
static int
by_key(const void *a, const void *b)
{
	const struct slot *x = *(const struct slot *const *)a;
	const struct slot *y = *(const struct slot *const *)b;
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int d = memcmp(x->key, y->key, n); /* checksrc: allow */

	if (d != 0)
		return d;
	return (x->klen > y->klen) - (x->klen < y->klen);
}

int
scs_map_rows(const struct scs_map *m, size_t nk, size_t kmax, size_t voff,
    size_t rsize, void **out, size_t *n)
{
	const struct slot **sorted;
	unsigned char *rows, *r;
	const char *p, *end;
	size_t i, j, k;

	*out = NULL;
	*n = 0;
	if (nk * (kmax + 1) > voff || voff + m->vsize > rsize)
		return SCS_EINVAL;
	if (m->count == 0)
		return SCS_OK;
	sorted = malloc(m->count * sizeof(struct slot *));
	rows = calloc(m->count, rsize);
	if (sorted == NULL || rows == NULL) {
		free(sorted);
		free(rows);
		return SCS_ENOMEM;
	}
	for (i = 0, j = 0; i < m->cap; i++)
		if (m->slots[i].key != NULL)
			sorted[j++] = &m->slots[i];
	qsort((void *)sorted, j, sizeof(struct slot *), by_key);
	for (i = 0; i < j; i++) {
		r = rows + i * rsize;
		p = sorted[i]->key;
		end = p + sorted[i]->klen;
		for (k = 0; k < nk && p < end; k++) {
			(void)scs_strlcpy((char *)r + k * (kmax + 1), p,
			    kmax + 1);
			p += strlen(p) + 1;
		}
		memcpy(r + voff, sorted[i]->value, m->vsize);
	}
	free(sorted);
	*out = rows;
	*n = j;
	return SCS_OK;
}
