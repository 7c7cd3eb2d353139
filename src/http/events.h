/* SPDX-License-Identifier: Apache-2.0 */
/*
 * events.h - refused requests (401, 403, 429) counted in memory and
 * written to the audit log in summaries: one entry per caller, status and
 * route for each period, with the count (docs/design.md, "Security
 * events").  A flood of refusals must not become a flood of entries, so
 * a period keeps at most a fixed number of distinct keys and counts the
 * rest in one line.  Thread-safe; knows nothing of HTTP or the store.
 */
#ifndef SCS_HTTP_EVENTS_H
#define SCS_HTTP_EVENTS_H

#include <stddef.h>
#include <stdint.h>

#include "scs/ops.h"

#define SCS_EVENTS_KEYS 64 /* distinct callers and routes per period */

struct scs_events;

/** A new, empty table; NULL when out of memory. */
struct scs_events *scs_events_new(void);
void scs_events_free(struct scs_events *e);

/** Count one refusal (a NULL table counts nothing). */
void scs_events_note(struct scs_events *e, const char *actor, int status,
    const char *method, const char *route);

/**
 * Take what was counted since the last take into @out (up to
 * SCS_EVENTS_KEYS entries; *@out_n of them) and the refusals that found
 * no room (*@out_more), leaving the table empty.
 */
void scs_events_take(struct scs_events *e,
    struct scs_refusal out[SCS_EVENTS_KEYS], size_t *out_n, uint64_t *out_more);

#endif
