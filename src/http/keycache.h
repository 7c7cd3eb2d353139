/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keycache.h - API keys already checked.  Relying systems ask on every
 * access, so their key is looked up in the store once, then kept here
 * until the register changes (a disabled account among the changes).
 * A change makes every entry stale, not gone: the server looks a stale key
 * up again, and answers from the stale entry only while the database
 * cannot be reached and its decision index is still fresh enough
 * (--max-staleness), as it answers decisions from its last index.
 * Thread-safe; knows nothing of HTTP or the store.
 */
#ifndef SCS_HTTP_KEYCACHE_H
#define SCS_HTTP_KEYCACHE_H

#include <stdbool.h>

#include "scs/ops.h"

struct scs_keycache;

/** A new, empty cache; NULL when out of memory.  Free with
 * scs_keycache_free. */
struct scs_keycache *scs_keycache_new(void);
void scs_keycache_free(struct scs_keycache *kc);

/** The actor of the key whose hex SHA-256 is @hash into @out: 1 when it
 * was there, 0 when not; *@fresh whether no change came since it was
 * kept. */
int scs_keycache_get(struct scs_keycache *kc, const char hash[64],
    struct scs_actor *out, bool *fresh);

/** Keep @a for @hash.  Out of memory: not kept (looked up next time). */
void scs_keycache_put(struct scs_keycache *kc, const char hash[64],
    const struct scs_actor *a);

/** Make every key stale (the register changed). */
void scs_keycache_forget(struct scs_keycache *kc);

#endif
