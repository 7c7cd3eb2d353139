/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server_int.h - the server's state, shared by its rooms: server.c (the
 * libmicrohttpd glue, start and stop) and watch.c (the decision index kept
 * fresh).  The handlers (routes.c, register.c) never see it: they reach
 * the server through struct scs_http_services (http_int.h).
 */
#ifndef SCS_HTTP_SERVER_INT_H
#define SCS_HTTP_SERVER_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "dqueue.h"
#include "events.h"
#include "http_int.h"
#include "keycache.h"

struct MHD_Daemon;

struct scs_server {
	struct MHD_Daemon *d;
	struct scs_store *st;
	struct scs_keys *keys;
	const struct scs_refdata *rd;
	pthread_mutex_t lock; /* the store */
	struct scs_index_slot *slot;
	/* The decision inputs' version the published index holds; rebuilds
	 * run one at a time (rebuild_mu) on their own connection (rst; NULL:
	 * on st under the store lock). */
	_Atomic uint64_t version;
	pthread_mutex_t rebuild_mu;
	struct scs_store *rst;
	/* The published index and where it stands in the audit log, for
	 * the next follow (written by whoever holds rebuild_mu, or the
	 * store lock without rst); full builds and updates so far. */
	struct scs_index *ix;
	struct scs_index_pos pos;
	_Atomic uint64_t builds, updates;
	/* The index cache file (scs_server_config.index_cache), "" for
	 * none; whether the first index was read from it. */
	char icache[4096];
	int cached;
	/* The largest tree head served, remembered outside the database
	 * (src/ops/served.c): <keydir>/served-head; when last noted. */
	char served[4096];
	int64_t served_us;
	/* The watcher's connection (LISTEN on PostgreSQL; NULL: it sleeps),
	 * and when the index was last known to match the register. */
	struct scs_store *wst;
	int deaf; /* $SCS_TEST_IGNORE_NOTIFY: tests lose every notification */
	_Atomic int64_t fresh_us;
	int64_t max_stale_us;
	uint64_t reg_version; /* of the register the key cache holds */
	struct scs_dqueue *q; /* decisions waiting for the audit log */
	struct scs_keycache *keycache;
	struct scs_http_services svc; /* what handlers may ask */
	pthread_t watcher;
	int watcher_started;
	atomic_int stop;
	/* The register's record-check sources, opened at start. */
	struct scs_connector **checks;
	size_t nchecks;
	int mtls; /* --tls-client-ca: client certificates sign in */
	/* Rate limits (include/scs/limit.h; NULL: none): failed sign-ins per
	 * client address, decisions and exports per account; the sign-in
	 * failures of made-up names and of known devices (scs_op_login). */
	struct scs_limit *signin, *decide, *export_, *unknown_names, *devices;
	/* Argon2id hashes running (scs_ctx.unlocked), and how many may. */
	atomic_int hashing;
	int hash_max;
	/* Refused requests not yet in the audit log; when last written. */
	struct scs_events *events;
	int64_t events_us;
};

/* tls.c */

/** The GnuTLS priority string of the server: TLS 1.2 and 1.3, AEAD
 * ciphers, forward secrecy. */
extern const char scs_tls_priorities[];

/** The fingerprint (hex SHA-256 of the DER) of the client certificate of
 * TLS session @session (a gnutls_session_t) into @out: 1 when the client
 * sent one and it verifies against the CAs of --tls-client-ca, else 0
 * (then @out is ""). */
int scs_tls_peer(void *session, char out[65]);

/** A context on the server's store and keys, acting as nobody yet. */
void scs_srv_ctx(struct scs_server *s, struct scs_ctx *ctx);

/* watch.c */

/** Build a fresh decision index on the shared connection and publish
 * it (at start), then follow what was committed while it was built; the
 * index is fresh from that follow.  Store lock held or no request served
 * yet. */
int scs_srv_rebuild(struct scs_server *s, struct scs_err *err);

/** Make the published index hold decision inputs of version @need or
 * later (following the audit log; a full build when that cannot be
 * done), unless a refresh since has.  Store lock NOT held. */
int scs_srv_catch_up(struct scs_server *s, uint64_t need, struct scs_err *err);

/** A full build when the published index's overlay has grown past its
 * bound.  Store lock NOT held. */
int scs_srv_fold(struct scs_server *s, struct scs_err *err);

/* What a request's commits changed, for after the store lock. */
struct scs_srv_note {
	struct scs_server *s;
	uint64_t need; /* decision inputs' version to catch up to; 0: none */
};

/** After a committed change (the SCS_CHANGED_* bits), store lock held:
 * forget cached API keys, note in the scs_srv_note @arg the version to
 * catch up to when decision inputs changed.  The on_change of every
 * request's context. */
void scs_srv_changed(void *arg, unsigned changed);

/** Once the store lock is released: catch the index up to what @n
 * noted (errors are logged: the change itself is committed). */
int scs_srv_settle(struct scs_srv_note *n);

/** The svc->fresh of the server: the index's age against the bound. */
int scs_srv_fresh(void *srv, int64_t *age_ms, struct scs_err *err);

/** The svc->index_counts of the server. */
void scs_srv_index_counts(void *srv, uint64_t *builds, uint64_t *updates,
    uint64_t *overlay, int *cached);
/** Start and stop the thread that follows changes made by other
 * processes (polling the register's versions). */
int scs_srv_watch_start(struct scs_server *s, struct scs_err *err);

/** Remember the register's tree head as served (src/ops/served.c), if
 * @every_us have passed since the last time; under the store lock. */
void scs_srv_served_note(struct scs_server *s, int64_t every_us);

/** Write the refusals counted since the last time to the audit log
 * (src/http/events.h), if @every_us have passed since; under the store
 * lock. */
void scs_srv_events_flush(struct scs_server *s, int64_t every_us);
void scs_srv_watch_stop(struct scs_server *s);

#endif
