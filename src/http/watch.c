/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watch.c - the decision index kept fresh.  A change committed through
 * this server rebuilds it at once when a decision input changed (the kind
 * table says which); a change by another process (scs import, a second
 * server) is seen by polling the register's two versions every 500 ms.
 * Either way cached API keys are forgotten, since an account may have been
 * disabled.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server_int.h"

#define WATCH_MS 500

int
scs_srv_rebuild(struct scs_server *s, struct scs_err *err)
{
	struct scs_index *ix = NULL;
	struct scs_ctx ctx;
	uint64_t v = 0;
	int rc;

	scs_srv_ctx(s, &ctx);
	if ((rc = scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v,
	         err)) != SCS_OK ||
	    (rc = scs_op_index_build(&ctx, &ix, err)) != SCS_OK)
		return rc;
	scs_index_publish(s->slot, ix);
	s->version = v;
	return SCS_OK;
}

void
scs_srv_changed(void *arg, unsigned changed)
{
	struct scs_server *s = arg;
	struct scs_ctx ctx;
	struct scs_err err;

	scs_keycache_forget(s->keycache);
	scs_srv_ctx(s, &ctx);
	if (scs_op_register_version(&ctx, SCS_VERSION_REGISTER, &s->reg_version,
	        &err) != SCS_OK)
		s->reg_version = 0;
	if ((changed & SCS_CHANGED_DECISIONS) &&
	    scs_srv_rebuild(s, &err) != SCS_OK)
		(void)fprintf(stderr, "scs: decision index not rebuilt: %s\n",
		    err.reason);
}

static void
sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	(void)nanosleep(&ts, NULL);
}

static void *
watch(void *arg)
{
	struct scs_server *s = arg;
	struct scs_ctx ctx;
	struct scs_err err;
	uint64_t v;

	while (!atomic_load(&s->stop)) {
		sleep_ms(WATCH_MS);
		(void)pthread_mutex_lock(&s->lock);
		scs_srv_ctx(s, &ctx);
		if (scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v,
		        &err) == SCS_OK &&
		    v != s->version)
			scs_srv_changed(s,
			    SCS_CHANGED_RECORDS | SCS_CHANGED_DECISIONS);
		else if (scs_op_register_version(&ctx, SCS_VERSION_REGISTER, &v,
		             &err) == SCS_OK &&
		    v != s->reg_version)
			scs_srv_changed(s, SCS_CHANGED_RECORDS);
		(void)pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

int
scs_srv_watch_start(struct scs_server *s, struct scs_err *err)
{
	s->watcher_started = pthread_create(&s->watcher, NULL, watch, s) == 0;
	if (!s->watcher_started)
		return scs_err_set(err, SCS_EIO, "",
		    "cannot start the register watcher");
	return SCS_OK;
}

void
scs_srv_watch_stop(struct scs_server *s)
{
	atomic_store(&s->stop, 1);
	if (s->watcher_started)
		(void)pthread_join(s->watcher, NULL);
	s->watcher_started = 0;
}
