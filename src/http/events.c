/* SPDX-License-Identifier: Apache-2.0 */
/*
 * events.c - the refusals of a period, counted under one mutex
 * (include: events.h).  A linear search of at most SCS_EVENTS_KEYS
 * entries: refusals are rare next to requests, and the table is small.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/util.h"
#include "events.h"

struct scs_events {
	pthread_mutex_t mu;
	struct scs_refusal ev[SCS_EVENTS_KEYS];
	size_t n;
	uint64_t more;
};

struct scs_events *
scs_events_new(void)
{
	struct scs_events *e = calloc(1, sizeof(*e));

	if (e != NULL)
		(void)pthread_mutex_init(&e->mu, NULL);
	return e;
}

void
scs_events_free(struct scs_events *e)
{
	if (e == NULL)
		return;
	(void)pthread_mutex_destroy(&e->mu);
	free(e);
}

void
scs_events_note(struct scs_events *e, const char *actor, int status,
    const char *method, const char *route)
{
	char r[96];
	size_t i;

	if (e == NULL)
		return;
	(void)snprintf(r, sizeof(r), "%s %s", method, route);
	(void)pthread_mutex_lock(&e->mu);
	for (i = 0; i < e->n; i++)
		if (e->ev[i].status == status &&
		    strcmp(e->ev[i].actor, actor) == 0 &&
		    strcmp(e->ev[i].route, r) == 0)
			break;
	if (i < e->n)
		e->ev[i].count++;
	else if (e->n < SCS_EVENTS_KEYS) {
		(void)scs_strlcpy(e->ev[i].actor, actor,
		    sizeof(e->ev[i].actor));
		(void)scs_strlcpy(e->ev[i].route, r, sizeof(e->ev[i].route));
		e->ev[i].status = status;
		e->ev[i].count = 1;
		e->n++;
	} else
		e->more++;
	(void)pthread_mutex_unlock(&e->mu);
}

void
scs_events_take(struct scs_events *e, struct scs_refusal out[SCS_EVENTS_KEYS],
    size_t *out_n, uint64_t *out_more)
{
	*out_n = 0;
	*out_more = 0;
	if (e == NULL)
		return;
	(void)pthread_mutex_lock(&e->mu);
	memcpy(out, e->ev, e->n * sizeof(e->ev[0]));
	*out_n = e->n;
	*out_more = e->more;
	e->n = 0;
	e->more = 0;
	(void)pthread_mutex_unlock(&e->mu);
}
