/* SPDX-License-Identifier: Apache-2.0 */
/*
 * watch.c - the decision index kept fresh.  A change committed through
 * this server that touched a decision input (the kind table says which)
 * is caught up before the request that made it is answered, so that the
 * next decision sees it; a change by another process (scs import, a
 * second server or node) is seen by reading the register's two versions
 * every 500 ms, or at once when PostgreSQL notifies a commit (LISTEN on
 * a connection of the watcher's own).  Each read that succeeds marks the
 * index fresh; decisions are refused once it is older than
 * --max-staleness (the database unreachable).  Either way cached API keys are
 * forgotten, since an account may have been disabled.
 *
 * A rebuild reads the register on a connection of its own (s->rst),
 * outside the store lock, so other requests go on while it runs; one
 * rebuild runs at a time, and one that starts after a commit includes
 * it, so under load a request often finds its change already in the
 * index (rebuilds coalesce).  Without a second connection (SQLite in
 * memory) rebuilds read on the shared one, under the store lock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server_int.h"

#define WATCH_MS 500

/* Build a fresh index on @st and publish it; s->version moves to the
 * decision inputs' version read before the build (a commit that lands
 * in between is in the index and is caught up again: harmless). */
static int
rebuild_on(struct scs_server *s, struct scs_store *st, struct scs_err *err)
{
	struct scs_index *ix = NULL;
	struct scs_ctx ctx;
	uint64_t v = 0;
	int rc;

	scs_srv_ctx(s, &ctx);
	ctx.st = st;
	if ((rc = scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v,
	         err)) != SCS_OK ||
	    (rc = scs_op_index_build(&ctx, &ix, err)) != SCS_OK)
		return rc;
	scs_index_publish(s->slot, ix);
	atomic_store(&s->version, v);
	return SCS_OK;
}

int
scs_srv_rebuild(struct scs_server *s, struct scs_err *err)
{
	return rebuild_on(s, s->st, err);
}

int
scs_srv_catch_up(struct scs_server *s, uint64_t need, struct scs_err *err)
{
	int rc = SCS_OK;

	if (atomic_load(&s->version) >= need)
		return SCS_OK;
	if (s->rst == NULL) {
		(void)pthread_mutex_lock(&s->lock);
		if (atomic_load(&s->version) < need)
			rc = rebuild_on(s, s->st, err);
		(void)pthread_mutex_unlock(&s->lock);
		return rc;
	}
	(void)pthread_mutex_lock(&s->rebuild_mu);
	if (atomic_load(&s->version) < need)
		rc = rebuild_on(s, s->rst, err);
	(void)pthread_mutex_unlock(&s->rebuild_mu);
	return rc;
}

/* The store lock held: forget cached keys, note the register's version,
 * and the decision inputs' version to catch up to (0: none). */
static uint64_t
note_change(struct scs_server *s, unsigned changed)
{
	struct scs_ctx ctx;
	struct scs_err err;
	uint64_t v = 0;

	scs_keycache_forget(s->keycache);
	scs_srv_ctx(s, &ctx);
	if (scs_op_register_version(&ctx, SCS_VERSION_REGISTER, &s->reg_version,
	        &err) != SCS_OK)
		s->reg_version = 0;
	if ((changed & SCS_CHANGED_DECISIONS) &&
	    scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v, &err) !=
	        SCS_OK)
		v = UINT64_MAX; /* unknown: rebuild */
	return v;
}

void
scs_srv_changed(void *arg, unsigned changed)
{
	struct scs_srv_note *n = arg;
	uint64_t v = note_change(n->s, changed);

	if (v > n->need)
		n->need = v;
}

int
scs_srv_settle(struct scs_srv_note *n)
{
	struct scs_err err;
	int rc;

	if (n->need == 0)
		return SCS_OK;
	if (n->need == UINT64_MAX) /* the version could not be read */
		atomic_store(&n->s->version, 0);
	if ((rc = scs_srv_catch_up(n->s, n->need == UINT64_MAX ? 1 : n->need,
	         &err)) != SCS_OK)
		(void)fprintf(stderr, "scs: decision index not rebuilt: %s\n",
		    err.reason);
	n->need = 0;
	return rc;
}

int
scs_srv_fresh(void *srv, int64_t *age_ms, struct scs_err *err)
{
	struct scs_server *s = srv;
	int64_t age = scs_clock_real() - atomic_load(&s->fresh_us);

	*age_ms = age > 0 ? age / 1000 : 0;
	if (age <= s->max_stale_us)
		return SCS_OK;
	return scs_err_set(err, SCS_EBUSY, "index",
	    "the register has not been reachable for %lld s "
	    "(--max-staleness %lld s): no decision from an index that old",
	    (long long)(age / 1000000), (long long)(s->max_stale_us / 1000000));
}

static void *
watch(void *arg)
{
	struct scs_server *s = arg;
	struct scs_srv_note n = {s, 0};
	struct scs_ctx ctx;
	struct scs_err err;
	uint64_t v, r;
	int64_t began;
	int ok;

	while (!atomic_load(&s->stop)) {
		/* Woken by another node's commit (PostgreSQL), or polling. */
		if (s->wst != NULL && !s->deaf)
			(void)scs_store_wait(s->wst, WATCH_MS, &err);
		else
			scs_sleep_ms(WATCH_MS);
		began = scs_clock_real();
		(void)pthread_mutex_lock(&s->lock);
		scs_srv_ctx(s, &ctx);
		ok = scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v,
		         &err) == SCS_OK &&
		    scs_op_register_version(&ctx, SCS_VERSION_REGISTER, &r,
		        &err) == SCS_OK;
		if (ok && v != atomic_load(&s->version))
			scs_srv_changed(&n,
			    SCS_CHANGED_RECORDS | SCS_CHANGED_DECISIONS);
		else if (ok && r != s->reg_version)
			scs_srv_changed(&n, SCS_CHANGED_RECORDS);
		(void)pthread_mutex_unlock(&s->lock);
		/* A version that went back (a register restored from a
		 * backup) is caught up too. */
		if (n.need != 0 && n.need < atomic_load(&s->version))
			atomic_store(&s->version, 0);
		/* The index matches the register as it was when read. */
		if (scs_srv_settle(&n) == SCS_OK && ok)
			atomic_store(&s->fresh_us, began);
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
