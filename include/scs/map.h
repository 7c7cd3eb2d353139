/* SPDX-License-Identifier: Apache-2.0 */
/*
 * map.h - a string-keyed hash map with fixed-size values (open addressing,
 * linear probing).  No domain knowledge.
 */
#ifndef SCS_MAP_H
#define SCS_MAP_H

#include <stddef.h>

struct scs_map;

/** A map whose values are @vsize bytes; NULL when out of memory. */
struct scs_map *scs_map_new(size_t vsize);
void scs_map_free(struct scs_map *m);

/**
 * The value slot for @key (@klen bytes, may hold NULs), created zeroed
 * when absent and @create; NULL when absent and !@create, or out of
 * memory.  The pointer is valid until the next insertion.
 */
void *scs_map_get(struct scs_map *m, const void *key, size_t klen, int create);

/** Visit every entry; stop when @cb returns non-zero and return that. */
int scs_map_each(struct scs_map *m,
    int (*cb)(void *arg, const void *key, size_t klen, void *value), void *arg);

size_t scs_map_count(const struct scs_map *m);

#endif
