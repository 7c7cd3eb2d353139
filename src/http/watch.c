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
 * A refresh follows the audit log from where the published index stands
 * (src/ops/follow.c): it re-reads only the subjects, organizations and
 * items changed since and publishes an updated index that shares the
 * old one's arrays (src/index/update.c), in time proportional to the
 * change; a full build runs at start, when a change cannot be followed,
 * and when the updates' overlay has grown past its bound (the watcher
 * folds it).  A refresh reads the register on a connection of its own
 * (s->rst), outside the store lock, so other requests go on while it
 * runs; one refresh runs at a time, and one that starts after a commit
 * includes it, so under load a request often finds its change already
 * in the index (refreshes coalesce).  Without a second connection
 * (SQLite in memory) refreshes read on the shared one, under the store
 * lock.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "server_int.h"

#define WATCH_MS        500
#define SERVED_EVERY_US ((int64_t)5 * 1000000)  /* the tree head noted */
#define EVENTS_EVERY_US ((int64_t)10 * 1000000) /* refusals written */

static void
publish(struct scs_server *s, struct scs_index *ix)
{
	scs_index_publish(s->slot, ix);
	s->ix = ix; /* alive until the next publish, by this writer */
}

/* A full build on @st, published, with its audit log position. */
static int
build_on(struct scs_server *s, struct scs_ctx *ctx, struct scs_err *err)
{
	struct scs_index_cache_use use;
	struct scs_index *ix = NULL;
	struct scs_index_pos pos;
	int rc, start = s->ix == NULL;

	memset(&use, 0, sizeof(use));

	/* At start, through the index cache: read and followed, or built
	 * and written for the next start.  Later builds (a change that
	 * cannot be followed, a fold) leave the cache alone: writing it
	 * would hold up the requests that wait for the index. */
	if (start && s->icache[0] != '\0') {
		if ((rc = scs_op_index_open(ctx, s->icache, &ix, &pos, &use,
		         err)) != SCS_OK)
			return rc;
		if (use.refused)
			(void)fprintf(stderr,
			    "scs: index cache %s not used (%s)\n", s->icache,
			    use.reason);
		s->cached = use.read;
	} else if ((rc = scs_op_index_build_at(ctx, &ix, &pos, err)) != SCS_OK)
		return rc;
	else
		use.built = true;
	publish(s, ix);
	s->pos = pos;
	if (!start || use.built)
		atomic_fetch_add(&s->builds, 1);
	return SCS_OK;
}

/* Bring the index up to the register on @st and publish it; s->version
 * moves to the decision inputs' version read before (a commit that lands
 * in between is in the index and is caught up again: harmless).  The
 * published index follows the audit log: only the subjects,
 * organizations and items changed since are re-read; a full build when
 * there is no index yet, or the changes need one (src/ops/follow.c). */
static int
refresh_on(struct scs_server *s, struct scs_store *st, int full,
    struct scs_err *err)
{
	struct scs_index *ix = NULL;
	struct scs_ctx ctx;
	uint64_t v = 0;
	int rc;

	scs_srv_ctx(s, &ctx);
	ctx.st = st;
	if ((rc = scs_op_register_version(&ctx, SCS_VERSION_DECISIONS, &v,
	         err)) != SCS_OK)
		return rc;
	if (s->ix != NULL && !full) {
		struct scs_index_pos pos = s->pos;
		struct scs_err ferr;

		rc = scs_op_index_follow(&ctx, s->ix, &pos, &ix, NULL, &ferr);
		if (rc == SCS_OK) {
			if (ix != NULL) {
				publish(s, ix);
				atomic_fetch_add(&s->updates, 1);
			}
			s->pos = pos;
			atomic_store(&s->version, v);
			return SCS_OK;
		}
		if (rc != SCS_ECONFLICT) {
			*err = ferr;
			return rc; /* the store: the next catch-up retries */
		}
		(void)fprintf(stderr, "scs: decision index built afresh: %s\n",
		    ferr.reason);
	}
	if ((rc = build_on(s, &ctx, err)) != SCS_OK)
		return rc;
	atomic_store(&s->version, v);
	return SCS_OK;
}

int
scs_srv_rebuild(struct scs_server *s, struct scs_err *err)
{
	int64_t began;
	int rc;

	if ((rc = refresh_on(s, s->st, 1, err)) != SCS_OK)
		return rc;
	/* A full build of a large register reads for many seconds: what
	 * was committed meanwhile is followed now, and the index counts as
	 * fresh from this read, not from the build's start (which would
	 * start a server that took longer than --max-staleness to build
	 * refusing decisions until the watcher's first tick). */
	began = scs_clock_real();
	if (refresh_on(s, s->st, 0, err) == SCS_OK)
		atomic_store(&s->fresh_us, began);
	else
		/* The built index stands, fresh from the server's start; the
		 * watcher's next tick tries again. */
		(void)fprintf(stderr, "scs: decision index not caught up: %s\n",
		    err->reason);
	return SCS_OK;
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
			rc = refresh_on(s, s->st, 0, err);
		(void)pthread_mutex_unlock(&s->lock);
		return rc;
	}
	(void)pthread_mutex_lock(&s->rebuild_mu);
	if (atomic_load(&s->version) < need)
		rc = refresh_on(s, s->rst, 0, err);
	(void)pthread_mutex_unlock(&s->rebuild_mu);
	return rc;
}

int
scs_srv_fold(struct scs_server *s, struct scs_err *err)
{
	pthread_mutex_t *mu = s->rst != NULL ? &s->rebuild_mu : &s->lock;
	int rc = SCS_OK;

	(void)pthread_mutex_lock(mu);
	if (s->ix != NULL && scs_index_fold_due(s->ix))
		rc = refresh_on(s, s->rst != NULL ? s->rst : s->st, 1, err);
	(void)pthread_mutex_unlock(mu);
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

void
scs_srv_index_counts(void *srv, uint64_t *builds, uint64_t *updates,
    uint64_t *overlay, int *cached)
{
	struct scs_server *s = srv;
	const struct scs_index *ix;
	unsigned ticket;

	*builds = atomic_load(&s->builds);
	*cached = s->cached;
	*updates = atomic_load(&s->updates);
	/* As a reader: the published index, never waited for. */
	ix = scs_index_enter(s->slot, &ticket);
	*overlay = ix != NULL ? scs_index_overlay_size(ix) : 0;
	scs_index_leave(s->slot, ticket);
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
		scs_srv_served_note(s, SERVED_EVERY_US);
		scs_srv_events_flush(s, EVENTS_EVERY_US);
		(void)pthread_mutex_unlock(&s->lock);
		/* A version that went back (a register restored from a
		 * backup) is caught up too. */
		if (n.need != 0 && n.need < atomic_load(&s->version))
			atomic_store(&s->version, 0);
		/* The index matches the register as it was when read. */
		if (scs_srv_settle(&n) == SCS_OK && ok)
			atomic_store(&s->fresh_us, began);
		/* The overlay past its bound: folded by a full build here,
		 * while decisions go on from the published index. */
		if (scs_srv_fold(s, &err) != SCS_OK)
			(void)fprintf(stderr,
			    "scs: decision index not rebuilt: %s\n",
			    err.reason);
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
