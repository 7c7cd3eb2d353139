/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dqueue.c - decisions waiting for the audit log.  Bounded: when the
 * writer falls behind, requests wait for room (backpressure), so memory
 * stays flat and no decision goes unrecorded for long.  The writer wakes
 * when 4096 records wait, or every 100 ms.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dqueue.h"

#define DQUEUE_MAX   (1U << 18) /* records waiting, at most */
#define DQUEUE_BATCH 4096       /* records that wake the writer */

struct scs_dqueue {
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* the writer: work is waiting */
	pthread_cond_t room; /* requests: the writer took a batch */
	struct scs_decision_rec *recs;
	size_t n, cap;
	uint64_t allows, denies;
	scs_decision_sink write;
	void *arg;
	pthread_t writer;
	atomic_int stop;
};

/* Put a batch that could not be written back at the head of the queue. */
static void
requeue(struct scs_dqueue *q, struct scs_decision_rec *recs, size_t n,
    uint64_t allows, uint64_t denies)
{
	struct scs_decision_rec *nr;

	(void)pthread_mutex_lock(&q->mu);
	nr = realloc(recs, (n + q->n + 1) * sizeof(*nr));
	if (nr != NULL) {
		if (q->n > 0)
			memcpy(nr + n, q->recs, q->n * sizeof(*nr));
		free(q->recs);
		q->recs = nr;
		q->cap = n + q->n + 1;
		q->n += n;
	} else {
		free(recs); /* out of memory: only the counts survive */
	}
	q->allows += allows;
	q->denies += denies;
	(void)pthread_mutex_unlock(&q->mu);
}

/* Hand what waits to the sink. */
static void
flush(struct scs_dqueue *q)
{
	struct scs_decision_rec *recs;
	struct scs_err err;
	uint64_t allows, denies;
	size_t n;

	(void)pthread_mutex_lock(&q->mu);
	recs = q->recs;
	n = q->n;
	allows = q->allows;
	denies = q->denies;
	q->recs = NULL;
	q->n = q->cap = 0;
	q->allows = q->denies = 0;
	(void)pthread_cond_broadcast(&q->room);
	(void)pthread_mutex_unlock(&q->mu);
	if (n == 0 && allows == 0 && denies == 0) {
		free(recs);
		return;
	}
	scs_err_clear(&err);
	if (q->write(q->arg, recs, n, allows, denies, &err) != SCS_OK) {
		/* Never drop them: back into the queue, try again later. */
		(void)fprintf(stderr,
		    "scs: decisions not audited yet (%s); retrying\n",
		    err.reason);
		requeue(q, recs, n, allows, denies);
		scs_sleep_ms(200);
		return;
	}
	free(recs);
}

static void *
run_writer(void *arg)
{
	struct scs_dqueue *q = arg;
	struct timespec ts;

	while (!atomic_load(&q->stop)) {
		(void)pthread_mutex_lock(&q->mu);
		if (q->n < DQUEUE_BATCH) {
			(void)clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 100000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			(void)pthread_cond_timedwait(&q->cv, &q->mu, &ts);
		}
		(void)pthread_mutex_unlock(&q->mu);
		flush(q);
	}
	flush(q);
	return NULL;
}

int
scs_dqueue_start(scs_decision_sink write, void *arg, struct scs_dqueue **out,
    struct scs_err *err)
{
	struct scs_dqueue *q = calloc(1, sizeof(*q));

	*out = NULL;
	if (q == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	(void)pthread_mutex_init(&q->mu, NULL);
	(void)pthread_cond_init(&q->cv, NULL);
	(void)pthread_cond_init(&q->room, NULL);
	atomic_init(&q->stop, 0);
	q->write = write;
	q->arg = arg;
	if (pthread_create(&q->writer, NULL, run_writer, q) != 0) {
		(void)pthread_cond_destroy(&q->room);
		(void)pthread_cond_destroy(&q->cv);
		(void)pthread_mutex_destroy(&q->mu);
		free(q);
		return scs_err_set(err, SCS_EIO, "",
		    "cannot start the decision audit writer");
	}
	*out = q;
	return SCS_OK;
}

int
scs_dqueue_push(struct scs_dqueue *q, const struct scs_decision_rec *recs,
    size_t n, uint64_t allows, uint64_t denies, struct scs_err *err)
{
	struct scs_decision_rec *nr;
	size_t ncap;

	(void)pthread_mutex_lock(&q->mu);
	while (q->n + n > DQUEUE_MAX && q->n > 0 && !atomic_load(&q->stop)) {
		(void)pthread_cond_signal(&q->cv);
		(void)pthread_cond_wait(&q->room, &q->mu);
	}
	if (q->n + n > q->cap) {
		ncap = q->cap ? q->cap : 1024;
		while (ncap < q->n + n)
			ncap *= 2;
		if ((nr = realloc(q->recs, ncap * sizeof(*nr))) == NULL) {
			(void)pthread_mutex_unlock(&q->mu);
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory queueing the audit");
		}
		q->recs = nr;
		q->cap = ncap;
	}
	if (n > 0)
		memcpy(q->recs + q->n, recs, n * sizeof(*recs));
	q->n += n;
	q->allows += allows;
	q->denies += denies;
	if (q->n >= DQUEUE_BATCH)
		(void)pthread_cond_signal(&q->cv);
	(void)pthread_mutex_unlock(&q->mu);
	return SCS_OK;
}

void
scs_dqueue_stop(struct scs_dqueue *q)
{
	if (q == NULL)
		return;
	atomic_store(&q->stop, 1);
	(void)pthread_mutex_lock(&q->mu);
	(void)pthread_cond_signal(&q->cv);
	(void)pthread_cond_broadcast(&q->room);
	(void)pthread_mutex_unlock(&q->mu);
	(void)pthread_join(q->writer, NULL);
	free(q->recs);
	(void)pthread_cond_destroy(&q->room);
	(void)pthread_cond_destroy(&q->cv);
	(void)pthread_mutex_destroy(&q->mu);
	free(q);
}
