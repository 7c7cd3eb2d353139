/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dqueue.h - the bounded queue of decisions waiting for the audit log, and
 * the writer thread that empties it in batches.  Knows nothing of HTTP or
 * of the store: the writer hands each batch to the sink it was given.
 */
#ifndef SCS_HTTP_DQUEUE_H
#define SCS_HTTP_DQUEUE_H

#include <stddef.h>
#include <stdint.h>

#include "scs/ops.h"

struct scs_dqueue;

/**
 * Start the queue and its writer thread, which hands batches to @write
 * (with @arg); a batch @write fails is put back and tried again, never
 * dropped.  The caller stops it with scs_dqueue_stop.
 */
int scs_dqueue_start(scs_decision_sink write, void *arg,
    struct scs_dqueue **out, struct scs_err *err);

/** Queue @n records and counts; waits while the queue is full
 * (backpressure).  Thread-safe.  SCS_OK or SCS_ENOMEM. */
int scs_dqueue_push(struct scs_dqueue *q, const struct scs_decision_rec *recs,
    size_t n, uint64_t allows, uint64_t denies, struct scs_err *err);

/** Stop the writer after a last flush, and free the queue. */
void scs_dqueue_stop(struct scs_dqueue *q);

#endif
