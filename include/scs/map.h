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

/*
 * Tuple keys: a key of several strings, each with its NUL, as the tables
 * of counters of the statistics and the annual report use them.
 */

#define SCS_MAP_TUPLE_MAX 1024 /* bytes of a tuple key, its NULs with it */

/**
 * The value slot of the tuple @keys[0..@nk-1], created zeroed when new;
 * NULL with *@rc set: SCS_EINVAL when a string is longer than @kmax
 * or the key than SCS_MAP_TUPLE_MAX,
 * SCS_ETOOBIG when the map already holds @max entries, SCS_ENOMEM.  The
 * pointer is valid until the next insertion.
 */
void *scs_map_tuple(struct scs_map *m, const char *const *keys, size_t nk,
    size_t kmax, size_t max, int *rc);

/**
 * Every entry as a row of @rsize bytes, sorted by key: @nk key columns of
 * @kmax + 1 bytes from the row's start ("" past the key's strings), the
 * value copied at @voff.  *@out (NULL when the map is empty) is the
 * caller's to free.  SCS_OK, SCS_ENOMEM, or SCS_EINVAL when the keys
 * would run into the value or the value past the row.
 */
int scs_map_rows(const struct scs_map *m, size_t nk, size_t kmax, size_t voff,
    size_t rsize, void **out, size_t *n);

#endif
