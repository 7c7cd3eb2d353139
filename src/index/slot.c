/* SPDX-License-Identifier: Apache-2.0 */
/*
 * slot.c - publishing one index at a time.  Readers announce themselves in
 * one of two counters (chosen by an epoch bit) and then load the current
 * pointer; they never wait.  A writer swaps the pointer, then flips the
 * epoch twice, each time waiting for the counter new readers no longer
 * use to drain: after both, no reader can hold the old index, which is
 * freed.  (The two-phase grace period of sleepable RCU.)
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "scs/index.h"

struct scs_index_slot {
	_Atomic(struct scs_index *) cur;
	atomic_uint epoch;
	atomic_ulong readers[2];
	pthread_mutex_t writer;
};

struct scs_index_slot *
scs_index_slot_new(void)
{
	struct scs_index_slot *s = calloc(1, sizeof(*s));

	if (s == NULL)
		return NULL;
	atomic_init(&s->cur, NULL);
	atomic_init(&s->epoch, 0);
	atomic_init(&s->readers[0], 0);
	atomic_init(&s->readers[1], 0);
	if (pthread_mutex_init(&s->writer, NULL) != 0) {
		free(s);
		return NULL;
	}
	return s;
}

void
scs_index_slot_free(struct scs_index_slot *s)
{
	if (s == NULL)
		return;
	scs_index_free(atomic_load(&s->cur));
	(void)pthread_mutex_destroy(&s->writer);
	free(s);
}

const struct scs_index *
scs_index_enter(struct scs_index_slot *s, unsigned *out_ticket)
{
	unsigned e = atomic_load(&s->epoch) & 1;

	atomic_fetch_add(&s->readers[e], 1);
	*out_ticket = e;
	return atomic_load(&s->cur);
}

void
scs_index_leave(struct scs_index_slot *s, unsigned ticket)
{
	atomic_fetch_sub(&s->readers[ticket & 1], 1);
}

static void
drain(struct scs_index_slot *s)
{
	unsigned old = atomic_fetch_xor(&s->epoch, 1) & 1;

	while (atomic_load(&s->readers[old]) != 0)
		(void)sched_yield();
}

void
scs_index_publish(struct scs_index_slot *s, struct scs_index *ix)
{
	struct scs_index *old;

	(void)pthread_mutex_lock(&s->writer);
	old = atomic_exchange(&s->cur, ix);
	drain(s);
	drain(s);
	(void)pthread_mutex_unlock(&s->writer);
	scs_index_free(old);
}
