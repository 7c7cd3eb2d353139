/* SPDX-License-Identifier: Apache-2.0 */
/*
 * limit.h - rate limits in memory, per process: how often one client (an
 * address) or one account may do a thing, and failure counts kept for
 * keys the register must not store (sign-in names it does not hold).
 *
 * A table of a fixed number of slots in sets of four, keyed by a keyed
 * hash of the client's key (a random key per table, so nobody can aim
 * collisions at another client's slot).  A full set gives up the slot
 * that limits least (the one whose budget is fullest): memory never grows,
 * and forgetting a client only ever gives it back its full budget.
 *
 * Rates use the generic cell rate algorithm: one time per key, the moment
 * at which its budget would be full again.  Thread-safe (a mutex per set
 * group); knows nothing of HTTP, accounts or the store.
 */
#ifndef SCS_LIMIT_H
#define SCS_LIMIT_H

#include <stddef.h>
#include <stdint.h>

struct scs_limit;

/**
 * A limit of @burst acts at once, then one per @per_us microseconds; NULL
 * when out of memory, or when @burst is 0 (no limit: every take passes).
 * @slots is rounded up to a multiple of four.  Free with scs_limit_free.
 */
struct scs_limit *scs_limit_new(uint32_t burst, int64_t per_us, size_t slots);
void scs_limit_free(struct scs_limit *l);

/**
 * Take one act for @key (@klen bytes) at @now_us: 0 when it may go on,
 * else the seconds (at least 1) until it may.  A refused act takes
 * nothing.  A NULL limit lets everything through.
 */
int64_t scs_limit_take(struct scs_limit *l, const void *key, size_t klen,
    int64_t now_us);

/** Whether @key could take one act now (0), or the seconds until it
 * could, taking nothing. */
int64_t scs_limit_peek(struct scs_limit *l, const void *key, size_t klen,
    int64_t now_us);

/** A table of counters (below) of @slots slots; NULL when out of
 * memory.  Free with scs_limit_free. */
struct scs_limit *scs_limit_counters_new(size_t slots);

/**
 * Counters for keys, in a table made by scs_limit_counters_new: the failures
 * and the time until which @key is locked (both 0 for a key never seen or given
 * up).  The caller decides what they mean (the sign-in lockout of names without
 * an account, src/ops/user.c).
 */
void scs_limit_count_get(struct scs_limit *l, const void *key, size_t klen,
    int64_t *out_failures, int64_t *out_until);
void scs_limit_count_put(struct scs_limit *l, const void *key, size_t klen,
    int64_t failures, int64_t until);

#endif
