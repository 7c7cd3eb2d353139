/* SPDX-License-Identifier: Apache-2.0 */
/*
 * server.c - libmicrohttpd glue: body accumulation under a size limit,
 * content-type checks, authentication, the route's role check, the JSON
 * error envelope {"error":{"code","field","message"}}, security headers.
 * Handlers (routes.c) see a parsed request and return a status and JSON.
 *
 * Storage: one SQLite connection guarded by a mutex; every request's
 * operation runs under it.  Decisions read the published index and take
 * no lock.  The server's other rooms: watch.c (the index kept fresh),
 * dqueue.c (the decision audit queue and its writer), keycache.c (API keys
 * already checked); handlers see only struct scs_http_services.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "scs/codec.h"
#include "scs/embedded.h"
#include "server_int.h"

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

/* Per-request state, from the request line until the request is done. */
struct upload {
	char *target; /* the request target exactly as sent, or NULL */
	int uri_long; /* it was over SCS_HTTP_URI_MAX (target is NULL) */
	int started;  /* the access handler has seen the headers */
	struct scs_buf body;
	int too_big;
};

/*
 * Per-connection state, from accept to close: the last API key this
 * connection presented and its hash.  A relying system sends the same key
 * on every request of a kept-alive connection; hashing it once per
 * connection, not once per request, is what this saves.  The keys cache
 * (keycache.c) is still asked on every request, so a key made stale or
 * disabled is seen at once.  Compared in constant time, wiped at close.
 * With mutual TLS, the client certificate is verified once per
 * connection too (it cannot change within one): its fingerprint, and the
 * cache key it is kept under (the hash of "cert:" and the fingerprint,
 * apart from every API key's).
 */
#define CONN_KEY_MAX 128 /* the longest bearer taken for an API key */

struct conn_key {
	size_t len;                /* 0: none yet */
	char bearer[CONN_KEY_MAX]; /* the key as sent */
	char hash[65];
	int cert_done;     /* the client certificate was looked at */
	char cert_fp[65];  /* its fingerprint when it verified, else "" */
	char cert_key[65]; /* its key in the keys cache */
};

static MHD_RESULT send_bytes_cookie(struct MHD_Connection *conn, int status,
    const char *type, const void *p, size_t len, int copy, int64_t retry_after,
    const char *cookie);
static MHD_RESULT send_response(struct MHD_Connection *conn,
    struct MHD_Response *r, int status, const char *type, int64_t retry_after,
    const char *cookie);

/* Strict-Transport-Security on every answer of a TLS connection: a
 * browser that saw it once goes to this host by HTTPS only, for a year. */
static void
add_hsts(struct MHD_Connection *conn, struct MHD_Response *r)
{
	if (MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION) !=
	    NULL)
		(void)MHD_add_response_header(r, "Strict-Transport-Security",
		    "max-age=31536000");
}

static void
add_headers(struct MHD_Response *r)
{
	(void)MHD_add_response_header(r, "Cache-Control", "no-store");
	(void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	(void)MHD_add_response_header(r, "X-Frame-Options", "DENY");
	(void)MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	(void)MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; frame-ancestors 'none'");
}

/* The web UI's files (docs/design.md, "The web UI"): an app with no
 * inline script or style, loaded from this origin only; revalidated on
 * every load, since their names carry no content hash. */
static void
add_ui_headers(struct MHD_Response *r)
{
	(void)MHD_add_response_header(r, "Cache-Control", "no-cache");
	(void)MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	(void)MHD_add_response_header(r, "X-Frame-Options", "DENY");
	(void)MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	(void)MHD_add_response_header(r, "Content-Security-Policy",
	    "default-src 'none'; script-src 'self'; style-src 'self'; "
	    "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
	    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
	(void)MHD_add_response_header(r, "Vary", "Accept-Encoding");
}

static int
ui_exists(void *arg, const char *name)
{
	(void)arg;
	return scs_embedded_get(name) != NULL;
}

/* A GET or HEAD of the web UI: 1 when answered (or failed to be). */
static int
serve_ui(struct MHD_Connection *conn, const char *method, const char *path,
    MHD_RESULT *out)
{
	struct scs_ui_file f;
	const struct scs_embedded *e;
	struct MHD_Response *r;

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return 0;
	if (!scs_http_ui_pick(path,
	        scs_http_accepts_gzip(MHD_lookup_connection_value(conn,
	            MHD_HEADER_KIND, "Accept-Encoding")),
	        ui_exists, NULL, &f) ||
	    (e = scs_embedded_get(f.name)) == NULL)
		return 0;
	r = MHD_create_response_from_buffer(e->len, (void *)(uintptr_t)e->data,
	    MHD_RESPMEM_PERSISTENT);
	if (r == NULL) {
		*out = MHD_NO;
		return 1;
	}
	add_ui_headers(r);
	add_hsts(conn, r);
	/* The verifier page's service worker (ui/src/sw.js) lives under /ui/
	 * and serves /verify (and the QR reader's worker, /ui/qr.js): the
	 * header lifts the limit of /ui/; the page names those two scopes. */
	if (strcmp(f.name, "ui/sw.js") == 0 ||
	    strcmp(f.name, "ui/sw.js.gz") == 0)
		(void)MHD_add_response_header(r, "Service-Worker-Allowed", "/");
	(void)MHD_add_response_header(r, "Content-Type", f.type);
	if (f.gzip)
		(void)MHD_add_response_header(r, "Content-Encoding", "gzip");
	*out = MHD_queue_response(conn, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return 1;
}

static MHD_RESULT
send_bytes(struct MHD_Connection *conn, int status, const char *type,
    const void *p, size_t len, int copy, int64_t retry_after)
{
	return send_bytes_cookie(conn, status, type, p, len, copy, retry_after,
	    NULL);
}

static MHD_RESULT
send_bytes_cookie(struct MHD_Connection *conn, int status, const char *type,
    const void *p, size_t len, int copy, int64_t retry_after,
    const char *cookie)
{
	struct MHD_Response *r;

	r = MHD_create_response_from_buffer(len, (void *)(uintptr_t)p,
	    copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	return send_response(conn, r, status, type, retry_after, cookie);
}

/* Add the headers to @r (NULL: out of memory), queue and release it. */
static MHD_RESULT
send_response(struct MHD_Connection *conn, struct MHD_Response *r, int status,
    const char *type, int64_t retry_after, const char *cookie)
{
	MHD_RESULT ret;
	char retry[32];

	if (r == NULL)
		return MHD_NO;
	add_headers(r);
	add_hsts(conn, r);
	(void)MHD_add_response_header(r, "Content-Type", type);
	if (retry_after > 0) {
		(void)snprintf(retry, sizeof(retry), "%lld",
		    (long long)retry_after);
		(void)MHD_add_response_header(r, "Retry-After", retry);
	}
	if (status == 401)
		(void)MHD_add_response_header(r, "WWW-Authenticate",
		    "Bearer realm=\"scs\"");
	/* One Set-Cookie per line of @cookie (the session's and the
	 * device's, after a sign-in). */
	while (cookie != NULL && cookie[0] != '\0') {
		char one[SCS_HTTP_COOKIE_MAX];
		const char *nl = strchr(cookie, '\n');
		size_t n = nl != NULL ? (size_t)(nl - cookie) : strlen(cookie);

		if (n > 0 && n < sizeof(one)) {
			memcpy(one, cookie, n);
			one[n] = '\0';
			(void)MHD_add_response_header(r, "Set-Cookie", one);
		}
		cookie = nl != NULL ? nl + 1 : NULL;
	}
	ret = MHD_queue_response(conn, (unsigned)status, r);
	MHD_destroy_response(r);
	return ret;
}

static MHD_RESULT send_json_cookie(struct MHD_Connection *conn, int status,
    json_t *j, int64_t retry_after, const char *cookie);

static MHD_RESULT
send_json(struct MHD_Connection *conn, int status, json_t *j,
    int64_t retry_after)
{
	return send_json_cookie(conn, status, j, retry_after, NULL);
}

static MHD_RESULT
send_json_cookie(struct MHD_Connection *conn, int status, json_t *j,
    int64_t retry_after, const char *cookie)
{
	char *text = j != NULL
	    ? scs_codec_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(12))
	    : NULL;
	MHD_RESULT ret;

	static const char oom[] =
	    "{\"error\":{\"code\":\"out_of_memory\","
	    "\"field\":\"\",\"message\":\"out of memory\"}}";

	json_decref(j);
	if (text == NULL)
		return send_bytes(conn, 500, "application/json", oom,
		    sizeof(oom) - 1, 0, 0);
	ret = send_bytes_cookie(conn, status, "application/json; charset=utf-8",
	    text, strlen(text), 1, retry_after, cookie);
	free(text);
	return ret;
}

/* Bytes that are not ASCII printable become '?': an error may quote input
 * that is not valid UTF-8, and the envelope must stay valid JSON. */
static void
ascii_copy(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; i + 1 < size && src[i] != '\0'; i++) {
		unsigned char c = (unsigned char)src[i];

		if (c < 0x20 || c > 0x7e)
			dst[i] = '?';
		else
			dst[i] = src[i];
	}
	dst[i] = '\0';
}

static MHD_RESULT
send_error_with(struct MHD_Connection *conn, const struct scs_err *err,
    int64_t retry_after, json_t *extra)
{
	char field[SCS_ERR_FIELD_MAX], reason[SCS_ERR_REASON_MAX];
	json_t *e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code",
	    scs_rc_code(err->rc), "field", err->field, "message", err->reason);

	if (e == NULL) {
		ascii_copy(field, sizeof(field), err->field);
		ascii_copy(reason, sizeof(reason), err->reason);
		e = json_pack("{s:{s:s,s:s,s:s}}", "error", "code",
		    scs_rc_code(err->rc), "field", field, "message", reason);
	}
	/* What a handler adds beside the error (a case's state and what is
	 * allowed, a questionnaire's every problem); best effort. */
	if (e != NULL && json_is_object(extra))
		(void)json_object_update_missing(e, extra);
	json_decref(extra);
	return send_json(conn, scs_rc_http(err->rc), e, retry_after);
}

static MHD_RESULT
send_error(struct MHD_Connection *conn, const struct scs_err *err,
    int64_t retry_after)
{
	return send_error_with(conn, err, retry_after, NULL);
}

static const char *
bearer_of(struct MHD_Connection *conn)
{
	const char *h =
	    MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "Authorization");

	if (h == NULL || strncasecmp(h, "Bearer ", 7) != 0)
		return NULL;
	return h + 7;
}

void
scs_srv_ctx(struct scs_server *s, struct scs_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->st = s->st;
	ctx->keys = s->keys;
	ctx->rd = s->rd;
	ctx->now_us = scs_clock_real;
	ctx->checks = s->checks;
	ctx->nchecks = s->nchecks;
	ctx->actor.kind = SCS_ACTOR_NONE;
	ctx->idle_timeout = s->svc.idle_timeout;
	ctx->unknown_names = s->unknown_names;
	ctx->devices = s->devices;
	(void)snprintf(ctx->actor.name, sizeof(ctx->actor.name), "anonymous");
}

/* The browser's session: the scs_session cookie, never an API key (those
 * are not sessions, and travel in the Authorization header only). */
static const char *
cookie_of(struct MHD_Connection *conn)
{
	const char *c =
	    MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SCS_HTTP_COOKIE);

	if (c == NULL || c[0] == '\0' ||
	    strncmp(c, SCS_APIKEY_PREFIX, strlen(SCS_APIKEY_PREFIX)) == 0)
		return NULL;
	return c;
}

/* A request signed in by cookie that may change something must show the
 * session's CSRF token (a page of another site can make the browser send
 * the cookie, but cannot read the token). */
static int
check_csrf(struct MHD_Connection *conn, const char *method, const char *token,
    struct scs_err *err)
{
	if (strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0)
		return SCS_OK;
	if (scs_crypto_csrf_check(token,
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	            "X-CSRF-Token")) != 0)
		return scs_err_set(err, SCS_ECSRF, "X-CSRF-Token",
		    "a request signed in by cookie must send its session's "
		    "CSRF token (from sign-in or GET /v1/me)");
	return SCS_OK;
}

/* The hash of API key @bearer (@len bytes), from @ck when this connection
 * presented the same key before; @ck (NULL: none) then holds this one. */
static void
key_hash(struct conn_key *ck, const char *bearer, size_t len, char hash[65])
{
	if (ck != NULL && ck->len == len &&
	    scs_crypto_memcmp(ck->bearer, bearer, len) == 0) {
		memcpy(hash, ck->hash, sizeof(ck->hash));
		return;
	}
	scs_crypto_token_hash(bearer, hash);
	if (ck != NULL && len <= sizeof(ck->bearer)) {
		memcpy(ck->bearer, bearer, len);
		memcpy(ck->hash, hash, sizeof(ck->hash));
		ck->len = len;
	}
}

static int keep_stale(struct scs_server *s, struct scs_ctx *ctx, int rc,
    bool known, const struct scs_actor *stale, struct scs_err *err);

/* Authenticate @bearer: API keys from the cache when they are there. */
static int
authenticate(struct scs_server *s, struct scs_ctx *ctx, const char *bearer,
    struct conn_key *ck, struct scs_err *err)
{
	char hash[65];
	size_t len = bearer != NULL ? strlen(bearer) : 0;
	int apikey = bearer != NULL &&
	    strncmp(bearer, SCS_APIKEY_PREFIX, strlen(SCS_APIKEY_PREFIX)) ==
	        0 &&
	    len <= CONN_KEY_MAX;
	struct scs_actor stale;
	bool known = false, fresh = false;
	int rc;

	if (apikey) {
		key_hash(ck, bearer, len, hash);
		known = scs_keycache_get(s->keycache, hash, &stale, &fresh);
		if (known && fresh) {
			ctx->actor = stale;
			return SCS_OK;
		}
	}
	/* Cache under the store lock: a change (a disabled account) takes the
	 * same lock before it makes the cache stale, so no stale actor is
	 * kept as fresh. */
	(void)pthread_mutex_lock(&s->lock);
	rc = scs_op_authenticate(ctx, bearer, err);
	if (rc == SCS_OK && apikey)
		scs_keycache_put(s->keycache, hash, &ctx->actor);
	(void)pthread_mutex_unlock(&s->lock);
	return keep_stale(s, ctx, rc, known, &stale, err);
}

/* The store's answer @rc to a key's look-up; the database out of reach: a
 * key this node knew (@known, as @stale) stands for as long as its
 * decision index does (--max-staleness), no longer. */
static int
keep_stale(struct scs_server *s, struct scs_ctx *ctx, int rc, bool known,
    const struct scs_actor *stale, struct scs_err *err)
{
	if ((rc == SCS_EIO || rc == SCS_EBUSY) && known) {
		struct scs_err e2;
		int64_t age_ms;

		if (scs_srv_fresh(s, &age_ms, &e2) == SCS_OK) {
			ctx->actor = *stale;
			scs_err_clear(err);
			return SCS_OK;
		}
		/* Too old: the node is stale, as its decisions say (503). */
		if (err != NULL)
			*err = e2;
		return e2.rc;
	}
	return rc;
}

/* The verified client certificate of @conn into @ck (once per
 * connection): 1 when there is one, its fingerprint in ck->cert_fp. */
static int
client_cert(struct MHD_Connection *conn, struct conn_key *ck)
{
	const union MHD_ConnectionInfo *ci;
	char buf[80];

	if (ck->cert_done)
		return ck->cert_fp[0] != '\0';
	ck->cert_done = 1;
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_GNUTLS_SESSION);
	if (ci == NULL || !scs_tls_peer(ci->tls_session, ck->cert_fp))
		return 0;
	(void)snprintf(buf, sizeof(buf), "cert:%s", ck->cert_fp);
	scs_crypto_token_hash(buf, ck->cert_key);
	return 1;
}

/* Authenticate by the verified client certificate of @conn, as
 * authenticate does an API key (the keys cache, then the store).  No
 * connection state (out of memory when it opened): no identity, as for
 * a request without a key. */
static int
authenticate_cert(struct scs_server *s, struct scs_ctx *ctx,
    struct MHD_Connection *conn, struct conn_key *ck, struct scs_err *err)
{
	struct scs_actor stale;
	bool known = false, fresh = false;
	int rc;

	if (ck == NULL || !client_cert(conn, ck))
		return scs_op_authenticate(ctx, NULL, err);
	known = scs_keycache_get(s->keycache, ck->cert_key, &stale, &fresh);
	if (known && fresh) {
		ctx->actor = stale;
		return SCS_OK;
	}
	(void)pthread_mutex_lock(&s->lock);
	rc = scs_op_authenticate_cert(ctx, ck->cert_fp, err);
	if (rc == SCS_OK)
		scs_keycache_put(s->keycache, ck->cert_key, &ctx->actor);
	(void)pthread_mutex_unlock(&s->lock);
	return keep_stale(s, ctx, rc, known, &stale, err);
}

/* ---- what handlers may ask of the server (struct scs_http_services) */

static const struct scs_index *
index_enter(void *srv, unsigned *out_ticket)
{
	return scs_index_enter(((struct scs_server *)srv)->slot, out_ticket);
}

static void
index_leave(void *srv, unsigned ticket)
{
	scs_index_leave(((struct scs_server *)srv)->slot, ticket);
}

static int
audit_decisions(void *srv, const struct scs_decision_rec *recs, size_t n,
    uint64_t allows, uint64_t denies, struct scs_err *err)
{
	return scs_dqueue_push(((struct scs_server *)srv)->q, recs, n, allows,
	    denies, err);
}

/* The queue's writer: one batch into the audit log, under the store
 * lock, as the server itself. */
static int
write_decisions(void *arg, const struct scs_decision_rec *recs, size_t n,
    uint64_t allows, uint64_t denies, struct scs_err *err)
{
	struct scs_server *s = arg;
	struct scs_ctx ctx;
	int rc;

	(void)pthread_mutex_lock(&s->lock);
	scs_srv_ctx(s, &ctx);
	ctx.actor.kind = SCS_ACTOR_OS;
	(void)snprintf(ctx.actor.name, sizeof(ctx.actor.name),
	    "server:decisions");
	rc = scs_op_decisions_audit(&ctx, s->svc.mode, recs, n, allows, denies,
	    err);
	(void)pthread_mutex_unlock(&s->lock);
	return rc;
}

/* The body, if any: its type must be application/json; parsed here unless
 * the route parses it itself (@raw). */
static int
parse_body(struct MHD_Connection *conn, const struct upload *up, int raw,
    struct scs_http_req *req, struct scs_err *err)
{
	json_error_t jerr;

	if (up->body.len == 0)
		return SCS_OK;
	if (scs_http_json_type(MHD_lookup_connection_value(conn,
	                           MHD_HEADER_KIND, "Content-Type"),
	        err) != SCS_OK)
		return SCS_EMEDIA;
	req->raw = (const char *)up->body.p;
	req->rawlen = up->body.len;
	if (raw)
		return SCS_OK; /* the handler parses it */
	req->body = json_loadb((const char *)up->body.p, up->body.len,
	    JSON_REJECT_DUPLICATES, &jerr);
	if (req->body == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "body is not valid JSON at line %d column %d: %s",
		    jerr.line, jerr.column, jerr.text);
	return SCS_OK;
}

/* A storage failure or a bug (500 io_error, internal): its text (an SQL
 * error, a file name) is for the operator, not the client.  It goes to
 * stderr under an incident number, and the client gets the number. */
static void
hide_internal(struct scs_err *err)
{
	uint8_t id[4];
	char hex[9];

	if (err->rc != SCS_EIO && err->rc != SCS_EINTERNAL)
		return;
	scs_crypto_random(id, sizeof(id));
	scs_hex(hex, id, sizeof(id));
	(void)fprintf(stderr, "scs: incident %s: %s: %s%s%s\n", hex,
	    scs_rc_code(err->rc), err->field, err->field[0] ? ": " : "",
	    err->reason);
	(void)scs_err_set(err, err->rc, "",
	    "the server failed to answer (incident %s in its log)", hex);
}

/* Send what a handler produced: its error, or its body. */
static MHD_RESULT
respond(struct MHD_Connection *conn, int rc, struct scs_http_resp *resp,
    struct scs_err *err)
{
	MHD_RESULT ret;

	if (rc != SCS_OK && err->rc == SCS_OK)
		(void)scs_err_set(err,
		    rc == SCS_ENOMEM ? SCS_ENOMEM : SCS_EINTERNAL, "",
		    "the request failed (%s)", scs_rc_code((enum scs_rc)rc));
	if (rc != SCS_OK) {
		free(resp->owned);
		hide_internal(err);
		return send_error_with(conn, err, resp->retry_after,
		    resp->body);
	}
	if (resp->owned != NULL) {
		/* The response takes the handler's buffer (no copy), and frees
		 * it when sent; or now, when it could not be made. */
		struct MHD_Response *r =
		    MHD_create_response_from_buffer_with_free_callback(
		        resp->ownedlen, resp->owned, free);

		if (r == NULL)
			free(resp->owned);
		return send_response(conn, r, resp->status ? resp->status : 200,
		    resp->content_type != NULL
		        ? resp->content_type
		        : "application/json; charset=utf-8",
		    0, resp->set_cookie);
	}
	if (resp->raw != NULL)
		return send_bytes_cookie(conn,
		    resp->status ? resp->status : 200, resp->content_type,
		    resp->raw, resp->rawlen, 0, 0, resp->set_cookie);
	/* A handler that succeeded always has a body: none means building it
	 * ran out of memory (a json_pack that returned NULL), and out of
	 * memory is never a success. */
	if (resp->body == NULL) {
		(void)scs_err_set(err, SCS_ENOMEM, "",
		    "out of memory building the answer");
		return send_error(conn, err, 0);
	}
	ret = send_json_cookie(conn, resp->status ? resp->status : 200,
	    resp->body, 0, resp->set_cookie);
	return ret;
}

/* Slow work of a handler that holds the store lock (Argon2id), done
 * without it (scs_ctx.unlocked).  A hash also holds its worker thread
 * (and a core): at most one thread fewer than the pool runs one at once,
 * so a burst of sign-ins always leaves a thread to everyone else; past
 * that the sign-in is refused at once (429, a second), not queued. */
static int
run_unlocked(void *arg, void (*fn)(void *fnarg), void *fnarg)
{
	struct scs_server *s = arg;

	if (atomic_fetch_add(&s->hashing, 1) >= s->hash_max) {
		atomic_fetch_sub(&s->hashing, 1);
		return 1;
	}
	(void)pthread_mutex_unlock(&s->lock);
	fn(fnarg);
	(void)pthread_mutex_lock(&s->lock);
	atomic_fetch_sub(&s->hashing, 1);
	return 0;
}

/* The handler, under the store lock or as its route's flags say. */
static int
run_handler(struct scs_server *s, const struct scs_route *rt,
    struct scs_http_req *req, struct scs_http_resp *resp, struct scs_err *err)
{
	struct scs_store *own = NULL, *shared = req->ctx->st;
	struct scs_err e2;
	int rc;

	/* Decisions read the published index only: no store lock. */
	if (rt->lockfree & SCS_ROUTE_LOCKFREE)
		return rt->handler(req, resp, err);
	/* A long read on a connection of its own; under the lock when
	 * none can be had. */
	if ((rt->lockfree & SCS_ROUTE_OWNCONN) &&
	    scs_store_reopen(shared, &own, &e2) == SCS_OK) {
		req->ctx->st = own;
		rc = rt->handler(req, resp, err);
		req->ctx->st = shared;
		scs_store_close(own);
		return rc;
	}
	req->ctx->unlocked = run_unlocked;
	req->ctx->unlocked_arg = s;
	(void)pthread_mutex_lock(&s->lock);
	rc = rt->handler(req, resp, err);
	(void)pthread_mutex_unlock(&s->lock);
	return rc;
}

/* The client's address as a key of the rate limits: its family and its
 * bytes (one key for all when libmicrohttpd cannot say). */
static size_t
client_key(struct MHD_Connection *conn, uint8_t out[20])
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const struct sockaddr *sa = ci != NULL ? ci->client_addr : NULL;

	out[0] = 0;
	if (sa != NULL && sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;

		out[0] = 4;
		memcpy(out + 1, &in->sin_addr, 4);
		return 5;
	}
	if (sa != NULL && sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 =
		    (const struct sockaddr_in6 *)sa;

		out[0] = 6;
		memcpy(out + 1, &in6->sin6_addr, 16);
		return 17;
	}
	return 1;
}

/* A refused request (401, 403, 429) counted for the audit log's security
 * events (src/http/events.h): the caller signed in, or its address. */
static void
note_refusal(struct scs_server *s, struct MHD_Connection *conn,
    const struct scs_route *rt, const struct scs_ctx *ctx, int rc,
    const struct scs_err *err)
{
	const union MHD_ConnectionInfo *ci;
	char who[SCS_ACTOR_MAX + 1], ip[INET6_ADDRSTRLEN] = "unknown";
	int status;

	if (rc == SCS_OK)
		return;
	status = scs_rc_http(err->rc != SCS_OK ? err->rc : (enum scs_rc)rc);
	if (status != 401 && status != 403 && status != 429)
		return;
	if (ctx->actor.kind != SCS_ACTOR_NONE) {
		scs_events_note(s->events, ctx->actor.name, status, rt->method,
		    rt->path);
		return;
	}
	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci != NULL && ci->client_addr != NULL) {
		const struct sockaddr *sa = ci->client_addr;

		if (sa->sa_family == AF_INET)
			(void)inet_ntop(AF_INET,
			    &((const struct sockaddr_in *)sa)->sin_addr, ip,
			    sizeof(ip));
		else if (sa->sa_family == AF_INET6)
			(void)inet_ntop(AF_INET6,
			    &((const struct sockaddr_in6 *)sa)->sin6_addr, ip,
			    sizeof(ip));
	}
	(void)snprintf(who, sizeof(who), "address:%s", ip);
	scs_events_note(s->events, who, status, rt->method, rt->path);
}

/* A rate limit of the route @rt for the request's client or account:
 * SCS_OK, or SCS_ELIMIT with *@out_retry seconds.  Before sign-in, only
 * the address's budget of failed sign-ins is looked at (taken from once
 * one fails, in dispatch); after it, the account's budget of decisions
 * or exports is taken from. */
static int
rate_limit(struct scs_server *s, const struct scs_route *rt,
    struct MHD_Connection *conn, const struct scs_ctx *ctx, int authed,
    int64_t *out_retry, struct scs_err *err)
{
	struct scs_limit *l = NULL;
	uint8_t key[20];
	int64_t now = scs_clock_real();

	*out_retry = 0;
	if (!authed && (rt->lockfree & SCS_ROUTE_SIGNIN)) {
		size_t n = client_key(conn, key);

		*out_retry = scs_limit_peek(s->signin, key, n, now);
		if (*out_retry > 0)
			return scs_err_set(err, SCS_ELIMIT, "",
			    "too many failed sign-ins from this address; try "
			    "again in %lld seconds",
			    (long long)*out_retry);
		return SCS_OK;
	}
	if (authed && (rt->lockfree & SCS_ROUTE_DECIDE))
		l = s->decide;
	else if (authed && (rt->lockfree & SCS_ROUTE_EXPORT))
		l = s->export_;
	if (l == NULL)
		return SCS_OK;
	*out_retry =
	    scs_limit_take(l, ctx->actor.name, strlen(ctx->actor.name), now);
	if (*out_retry > 0)
		return scs_err_set(err, SCS_ELIMIT, "",
		    "this account is over its rate limit for %s %s; try again "
		    "in %lld seconds",
		    rt->method, rt->path, (long long)*out_retry);
	return SCS_OK;
}

/* Parse, authenticate, authorize and run one request. */
static MHD_RESULT
dispatch(struct scs_server *s, struct MHD_Connection *conn, const char *method,
    const char *url, struct upload *up)
{
	struct scs_http_req req;
	struct scs_http_resp resp;
	struct scs_ctx ctx;
	struct scs_srv_note note;
	struct scs_err err;
	const struct scs_route *rt;
	char *query;
	int rc;

	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	scs_err_clear(&err);
	/* libmicrohttpd's @url is already decoded ("p01%2Faccess" looks like
	 * two segments, "p01%00x" like "p01"): route on the raw target. */
	(void)url;
	if (up->target == NULL) { /* refuse_early answered a long one */
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return send_error(conn, &err, 0);
	}
	if ((query = strchr(up->target, '?')) != NULL)
		*query++ = '\0';
	{
		MHD_RESULT ret;

		if (serve_ui(conn, method, up->target, &ret))
			return ret;
	}
	req.method = method;
	req.path = up->target;
	req.conn = conn;
	if (scs_http_match(method, req.path, &req, &rt, &err) != SCS_OK ||
	    (query != NULL &&
	        scs_http_parse_query(query, &req, &err) != SCS_OK))
		return send_error(conn, &err, 0);
	if (up->too_big) {
		(void)scs_err_set(&err, SCS_ETOOBIG, "",
		    "request body exceeds %u bytes", SCS_HTTP_BODY_MAX);
		return send_error(conn, &err, 0);
	}
	if (parse_body(conn, up, rt->lockfree & SCS_ROUTE_RAWBODY, &req,
	        &err) != SCS_OK)
		return send_error(conn, &err, 0);
	req.bearer = bearer_of(conn);
	if (req.bearer == NULL && (req.bearer = cookie_of(conn)) != NULL)
		req.cookie = 1;
	req.device =
	    MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SCS_HTTP_DEVICE);
	scs_srv_ctx(s, &ctx);
	note.s = s;
	note.need = 0;
	ctx.on_change = scs_srv_changed;
	ctx.on_change_arg = &note;
	req.ctx = &ctx;
	req.svc = &s->svc;
	rc = rate_limit(s, rt, conn, &ctx, 0, &resp.retry_after, &err);
	if (rt->roles != 0) {
		const union MHD_ConnectionInfo *ci =
		    MHD_get_connection_info(conn,
		        MHD_CONNECTION_INFO_SOCKET_CONTEXT);

		struct conn_key *ck = ci != NULL ? ci->socket_context : NULL;

		/* No key, no cookie: a client certificate may sign in. */
		if (req.bearer == NULL && s->mtls)
			rc = authenticate_cert(s, &ctx, conn, ck, &err);
		else
			rc = authenticate(s, &ctx, req.bearer, ck, &err);
	}
	if (rc == SCS_OK && rt->roles != 0 && req.cookie)
		rc = check_csrf(conn, method, req.bearer, &err);
	if (rc == SCS_OK && rt->roles != 0 && (ctx.actor.role & rt->roles) == 0)
		rc = scs_err_set(&err, SCS_EDENIED, "",
		    "the %s role may not call %s %s",
		    scs_role_name(ctx.actor.role), rt->method, rt->path);
	if (rc == SCS_OK && rt->roles != 0)
		rc = rate_limit(s, rt, conn, &ctx, 1, &resp.retry_after, &err);
	if (rc == SCS_OK)
		rc = run_handler(s, rt, &req, &resp, &err);
	note_refusal(s, conn, rt, &ctx, rc, &err);
	/* A failed sign-in takes from its address's budget. */
	if ((rt->lockfree & SCS_ROUTE_SIGNIN) &&
	    (rc == SCS_EAUTH || rc == SCS_ELOCKED)) {
		uint8_t key[20];
		size_t n = client_key(conn, key);

		(void)scs_limit_take(s->signin, key, n, scs_clock_real());
	}
	/* A change to a decision input is in the index before the answer
	 * (a rebuild outside the store lock, or one since that has it). */
	(void)scs_srv_settle(&note);
	json_decref(req.body);
	return respond(conn, rc, &resp, &err);
}

static MHD_RESULT
count_header(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *value)
{
	size_t *n = cls;

	(void)kind;
	*n += strlen(key) + (value != NULL ? strlen(value) : 0) + 4;
	return MHD_YES;
}

/*
 * What can be refused once the headers are in, before any body is read,
 * in the JSON envelope: a target over SCS_HTTP_URI_MAX (414), header
 * fields over SCS_HTTP_HEADERS_MAX (431), a Content-Length over the body
 * limit (413).  libmicrohttpd answers these itself only beyond its
 * connection buffer, in HTML (docs/design.md, Known issues): these limits
 * sit well below it so that clients see the envelope.
 */
static MHD_RESULT
refuse_early(struct MHD_Connection *conn, const struct upload *up)
{
	struct scs_err err;
	const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	    "Content-Length");
	size_t headers = 0;
	uint64_t len = 0;

	scs_err_clear(&err);
	(void)MHD_get_connection_values(conn, MHD_HEADER_KIND, count_header,
	    &headers);
	if (up->uri_long)
		(void)scs_err_set(&err, SCS_EURILONG, "",
		    "the request target exceeds %u bytes", SCS_HTTP_URI_MAX);
	else if (headers > SCS_HTTP_HEADERS_MAX)
		(void)scs_err_set(&err, SCS_EHEADERS, "",
		    "the header fields exceed %u bytes", SCS_HTTP_HEADERS_MAX);
	else if (cl != NULL && scs_parse_u64(cl, UINT64_MAX, &len) == 0 &&
	    len > SCS_HTTP_BODY_MAX)
		(void)scs_err_set(&err, SCS_ETOOBIG, "",
		    "request body exceeds %u bytes", SCS_HTTP_BODY_MAX);
	if (err.rc == SCS_OK)
		return MHD_YES;
	return send_error(conn, &err, 0);
}

static MHD_RESULT
on_request(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **con_cls)
{
	struct scs_server *s = cls;
	struct upload *up = *con_cls;

	(void)version;
	if (up == NULL) {
		/* on_uri ran out of memory: dispatch answers 503. */
		if ((up = calloc(1, sizeof(*up))) == NULL)
			return MHD_NO;
		*con_cls = up;
	}
	if (!up->started) {
		up->started = 1;
		scs_buf_init(&up->body, SCS_HTTP_BODY_MAX);
		return refuse_early(conn, up);
	}
	if (*upload_data_size > 0) {
		if (!up->too_big &&
		    scs_buf_add(&up->body, upload_data, *upload_data_size) !=
		        SCS_OK) {
			up->too_big = 1;
			scs_buf_free(&up->body);
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	return dispatch(s, conn, method, url, up);
}

/* Called with the request target as sent, before libmicrohttpd decodes
 * it: the request's state begins here (it becomes *con_cls). */
static void *
on_uri(void *cls, const char *uri, struct MHD_Connection *conn)
{
	struct upload *up = calloc(1, sizeof(*up));

	(void)cls;
	(void)conn;
	if (up == NULL)
		return NULL;
	if (uri == NULL)
		uri = "";
	if (strlen(uri) > SCS_HTTP_URI_MAX)
		up->uri_long = 1;
	else
		up->target = strdup(uri);
	return up;
}

static void
on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	struct upload *up = *con_cls;

	(void)cls;
	(void)conn;
	(void)toe;
	if (up == NULL)
		return;
	scs_buf_free(&up->body);
	free(up->target);
	free(up);
	*con_cls = NULL;
}

/* A connection opens (its key state, NULL when out of memory: then keys
 * are hashed per request) and closes (wiped). */
static void
on_connection(void *cls, struct MHD_Connection *conn, void **socket_context,
    enum MHD_ConnectionNotificationCode toe)
{
	struct conn_key *ck = *socket_context;

	(void)cls;
	(void)conn;
	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		*socket_context = calloc(1, sizeof(struct conn_key));
		return;
	}
	if (ck != NULL) {
		scs_crypto_wipe(ck, sizeof(*ck));
		free(ck);
	}
	*socket_context = NULL;
}

static int
parse_listen(const char *listen, struct sockaddr_in *sa, struct scs_err *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	uint64_t port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host) ||
	    scs_parse_u64(colon + 1, 65535, &port) != 0)
		return scs_err_set(err, SCS_EINVAL, "listen",
		    "must be ADDRESS:PORT, e.g. 127.0.0.1:8080");
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return scs_err_set(err, SCS_EINVAL, "listen",
		    "\"%s\" is not an IPv4 address", host);
	sa->sin_port = htons((uint16_t)port);
	return SCS_OK;
}

static void
free_server(struct scs_server *s)
{
	scs_srv_watch_stop(s);
	scs_dqueue_stop(s->q);
	scs_keycache_free(s->keycache);
	scs_events_free(s->events);
	scs_limit_free(s->signin);
	scs_limit_free(s->decide);
	scs_limit_free(s->export_);
	scs_limit_free(s->unknown_names);
	scs_limit_free(s->devices);
	scs_index_slot_free(s->slot);
	scs_keys_free(s->keys);
	if (s->rst != NULL)
		scs_store_close(s->rst);
	if (s->wst != NULL)
		scs_store_close(s->wst);
	scs_store_close(s->st);
	{
		struct scs_ctx ctx;

		memset(&ctx, 0, sizeof(ctx));
		ctx.checks = s->checks;
		ctx.nchecks = s->nchecks;
		scs_op_checks_close(&ctx);
	}
	(void)pthread_mutex_destroy(&s->rebuild_mu);
	(void)pthread_mutex_destroy(&s->lock);
	free(s);
}

/* The rebuilds' own connection; without one (a register in memory)
 * they read on the shared connection under the store lock. */
static int
open_rebuilds(struct scs_server *s, struct scs_err *err)
{
	struct scs_err e2;
	int rc = scs_store_reopen(s->st, &s->rst, &e2);

	if (rc == SCS_ENOMEM)
		return scs_err_set(err, rc, "", "out of memory");
	if (rc != SCS_OK)
		s->rst = NULL;
	if (s->rst != NULL &&
	    (rc = scs_store_reopen(s->st, &s->wst, &e2)) != SCS_OK) {
		if (rc == SCS_ENOMEM)
			return scs_err_set(err, rc, "", "out of memory");
		s->wst = NULL;
	}
	return SCS_OK;
}

/* The record-check sources: a feed that does not open is reported and
 * left out (record checks then answer that none is configured), so that
 * a bad feed never stops the register from serving. */
static int
open_checks(struct scs_server *s, struct scs_err *err)
{
	struct scs_ctx ctx;
	struct scs_err e2;
	int rc;

	scs_srv_ctx(s, &ctx);
	scs_err_clear(&e2);
	rc = scs_op_checks_open(&ctx, &e2);
	if (rc == SCS_ENOMEM)
		return scs_err_set(err, rc, "", "out of memory");
	if (rc != SCS_OK)
		(void)fprintf(stderr, "scs: record checks disabled: %s: %s\n",
		    e2.field, e2.reason);
	s->checks = ctx.checks;
	s->nchecks = ctx.nchecks;
	return SCS_OK;
}

/* libmicrohttpd's TLS options for @pem (NULL: plain HTTP, no option),
 * ending in MHD_OPTION_END; MHD_USE_TLS added to @flags. */
static int
tls_options(const struct scs_tls_pem *pem, struct MHD_OptionItem opt[5],
    unsigned *flags, struct scs_err *err)
{
	size_t n = 0;

	if (pem != NULL) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return scs_err_set(err, SCS_EINVAL, "tls-cert",
			    "this libmicrohttpd was built without TLS");
		*flags |= MHD_USE_TLS;
		opt[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0,
		    pem->cert};
		opt[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0,
		    pem->key};
		opt[n++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_PRIORITIES,
		    0, (void *)(uintptr_t)scs_tls_priorities};
		/* A client CA makes the server ask for a certificate. */
		if (pem->client_ca != NULL)
			opt[n++] =
			    (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_TRUST,
			        0, pem->client_ca};
	}
	opt[n] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
	return SCS_OK;
}

/* Refuse a register older than, or forked from, the one this node served
 * (src/ops/served.c); then remember where it stands now. */
static int
served_start(struct scs_server *s, const char *keydir, struct scs_err *err)
{
	struct scs_ctx ctx;
	struct scs_err e2;
	int rc;

	if (snprintf(s->served, sizeof(s->served), "%s/served-head", keydir) >=
	    (int)sizeof(s->served))
		return scs_err_set(err, SCS_EINVAL, "keys", "path too long");
	scs_srv_ctx(s, &ctx);
	if ((rc = scs_op_served_check(&ctx, s->served, err)) != SCS_OK)
		return rc;
	if (scs_op_served_note(&ctx, s->served, &e2) != SCS_OK)
		(void)fprintf(stderr, "scs: %s: %s\n", e2.field, e2.reason);
	s->served_us = scs_clock_real();
	return SCS_OK;
}

void
scs_srv_events_flush(struct scs_server *s, int64_t every_us)
{
	struct scs_refusal r[SCS_EVENTS_KEYS];
	struct scs_ctx ctx;
	struct scs_err err;
	uint64_t more;
	size_t n;
	int64_t now = scs_clock_real();

	if (now - s->events_us < every_us)
		return;
	s->events_us = now;
	scs_events_take(s->events, r, &n, &more);
	if (n == 0 && more == 0)
		return;
	scs_srv_ctx(s, &ctx);
	ctx.actor.kind = SCS_ACTOR_OS;
	if (scs_op_refusals_audit(&ctx, r, n, more, &err) != SCS_OK)
		(void)fprintf(stderr,
		    "scs: %zu refusal summaries not written to the audit log: "
		    "%s\n",
		    n, err.reason);
}

void
scs_srv_served_note(struct scs_server *s, int64_t every_us)
{
	struct scs_ctx ctx;
	struct scs_err err;
	int64_t now = scs_clock_real();

	if (s->served[0] == '\0' || now - s->served_us < every_us)
		return;
	s->served_us = now;
	scs_srv_ctx(s, &ctx);
	if (scs_op_served_note(&ctx, s->served, &err) != SCS_OK)
		(void)fprintf(stderr, "scs: %s: %s\n", err.field, err.reason);
}

/* libmicrohttpd's own messages (a connection refused at a limit, a
 * malformed request): at most 10 lines a second on stderr, then how many
 * were left out, so that a flood of bad connections cannot flood the log
 * (or its disk) too. */
static void
mhd_log(void *cls, const char *fmt, va_list ap)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static int64_t second;
	static unsigned shown, dropped;
	int64_t now = scs_clock_real() / 1000000;
	int show;

	(void)cls;
	(void)pthread_mutex_lock(&mu);
	if (now != second) {
		if (dropped > 0)
			(void)fprintf(stderr,
			    "scs: libmicrohttpd: %u more messages left out\n",
			    dropped);
		second = now;
		shown = 0;
		dropped = 0;
	}
	show = shown < 10;
	if (show)
		shown++;
	else
		dropped++;
	(void)pthread_mutex_unlock(&mu);
	if (show) {
		(void)fputs("scs: libmicrohttpd: ", stderr);
		(void)vfprintf(stderr, fmt, ap);
	}
}

/* A limit of @n acts per @period_us (a burst of @n, then one every
 * @period_us / @n); *@out stays NULL for 0 (none).  -1: out of memory. */
static int
new_limit(unsigned n, int64_t period_us, size_t slots, struct scs_limit **out)
{
	*out = NULL;
	if (n == 0)
		return 0;
	*out = scs_limit_new(n, period_us / n > 0 ? period_us / n : 1, slots);
	return *out != NULL ? 0 : -1;
}

/* The rate limits of @cfg, and the sign-in's tables of failures: a
 * known device may fail 5 times, then once a minute. */
static int
new_limits(struct scs_server *s, const struct scs_server_config *cfg)
{
	const int64_t minute = 60 * (int64_t)1000000;

	if (new_limit(cfg->limit_signin, minute, 16384, &s->signin) != 0 ||
	    new_limit(cfg->limit_decisions, 1000000, 4096, &s->decide) != 0 ||
	    new_limit(cfg->limit_exports, minute, 4096, &s->export_) != 0 ||
	    (s->unknown_names = scs_limit_counters_new(65536)) == NULL ||
	    (s->devices = scs_limit_new(5, minute, 16384)) == NULL)
		return SCS_ENOMEM;
	return SCS_OK;
}

/* As many connections as asked, within the open files this process may
 * have, raised to its hard limit first (each connection is a file; the
 * register, its log and the keys need a few more). */
static unsigned
conn_budget(unsigned want)
{
	struct rlimit rl;
	rlim_t room;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return want;
	if (rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
		(void)getrlimit(RLIMIT_NOFILE, &rl);
	}
	room = rl.rlim_cur > 128 ? rl.rlim_cur - 64 : 64;
	return (rlim_t)want < room ? want : (unsigned)room;
}

int
scs_server_start(const struct scs_server_config *cfg, struct scs_server **out,
    unsigned *out_port, struct scs_err *err)
{
	struct scs_server *s;
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct MHD_OptionItem tls[5];
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL_LINUX_ONLY | MHD_USE_TURBO | MHD_USE_ERROR_LOG;
	int rc;

	*out = NULL;
	if ((rc = parse_listen(cfg->listen, &sa, err)) != SCS_OK)
		return rc;
	if ((rc = tls_options(cfg->tls, tls, &flags, err)) != SCS_OK)
		return rc;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	(void)pthread_mutex_init(&s->lock, NULL);
	(void)pthread_mutex_init(&s->rebuild_mu, NULL);
	atomic_init(&s->stop, 0);
	atomic_init(&s->version, 0);
	s->rd = cfg->rd;
	s->svc.index_enter = index_enter;
	s->svc.index_leave = index_leave;
	s->svc.audit = audit_decisions;
	s->svc.audit_sync = write_decisions;
	s->svc.mode = cfg->decision_audit;
	s->svc.fresh = scs_srv_fresh;
	s->svc.index_counts = scs_srv_index_counts;
	{
		/* NOLINTNEXTLINE(concurrency-mt-unsafe): before any thread */
		const char *deaf = getenv("SCS_TEST_IGNORE_NOTIFY");

		s->deaf = deaf != NULL && deaf[0] != '\0';
	}
	s->max_stale_us =
	    (cfg->max_staleness > 0 ? cfg->max_staleness
	                            : SCS_HTTP_STALENESS_DEFAULT) *
	    1000000;
	atomic_init(&s->fresh_us, scs_clock_real());
	s->svc.secure_cookies = cfg->secure_cookies || cfg->tls != NULL;
	s->mtls = cfg->tls != NULL && cfg->tls->client_ca != NULL;
	if (cfg->index_cache != NULL &&
	    snprintf(s->icache, sizeof(s->icache), "%s", cfg->index_cache) >=
	        (int)sizeof(s->icache))
		s->icache[0] = '\0';
	s->svc.idle_timeout = cfg->idle_timeout;
	s->svc.srv = s;
	atomic_init(&s->hashing, 0);
	s->hash_max = cfg->threads > 1 ? (int)cfg->threads - 1 : 1;
	if ((s->slot = scs_index_slot_new()) == NULL ||
	    (s->keycache = scs_keycache_new()) == NULL ||
	    (s->events = scs_events_new()) == NULL ||
	    new_limits(s, cfg) != SCS_OK) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto fail;
	}
	if ((rc = scs_store_open(cfg->db, false, &s->st, err)) != SCS_OK ||
	    (rc = scs_store_migrate(s->st, NULL, err)) != SCS_OK ||
	    (rc = scs_audit_nodes_sync(s->st, NULL, err)) != SCS_OK ||
	    (rc = scs_keys_open(cfg->keydir, &s->keys, err)) != SCS_OK ||
	    (rc = served_start(s, cfg->keydir, err)) != SCS_OK ||
	    (rc = scs_srv_rebuild(s, err)) != SCS_OK ||
	    (rc = open_rebuilds(s, err)) != SCS_OK ||
	    (rc = open_checks(s, err)) != SCS_OK ||
	    (rc = scs_dqueue_start(write_decisions, s, &s->q, err)) != SCS_OK ||
	    (rc = scs_srv_watch_start(s, err)) != SCS_OK)
		goto fail;
	s->d = MHD_start_daemon(flags, ntohs(sa.sin_port), NULL, NULL,
	    on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE,
	    (unsigned)(cfg->threads ? cfg->threads : 2),
	    MHD_OPTION_URI_LOG_CALLBACK, on_uri, s, MHD_OPTION_NOTIFY_COMPLETED,
	    on_done, s, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
	    MHD_OPTION_CONNECTION_LIMIT,
	    conn_budget(cfg->max_conns ? cfg->max_conns : SCS_HTTP_MAX_CONNS),
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	    cfg->max_conns_per_client ? cfg->max_conns_per_client
	                              : SCS_HTTP_MAX_CONNS_CLIENT,
	    MHD_OPTION_CONNECTION_TIMEOUT,
	    cfg->conn_timeout ? cfg->conn_timeout : SCS_HTTP_CONN_TIMEOUT,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
	    MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_END);
	/* libmicrohttpd has made its credentials from the key: the bytes
	 * are no longer needed (freed by the caller, after stop). */
	if (cfg->tls != NULL && cfg->tls->key != NULL)
		scs_crypto_wipe(cfg->tls->key, cfg->tls->keylen);
	if (s->d == NULL) {
		rc = scs_err_set(err, SCS_EIO, "listen",
		    cfg->tls != NULL
		        ? "cannot listen on %s with TLS (in use, not allowed, "
		          "or TLS would not start)"
		        : "cannot listen on %s (in use, or not allowed)",
		    cfg->listen);
		goto fail;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	*out_port = info != NULL ? info->port : ntohs(sa.sin_port);
	*out = s;
	return SCS_OK;
fail:
	free_server(s);
	return rc;
}

void
scs_server_stop(struct scs_server *s)
{
	if (s == NULL)
		return;
	MHD_stop_daemon(s->d);
	(void)pthread_mutex_lock(&s->lock);
	scs_srv_events_flush(s, 0);
	scs_srv_served_note(s, 0);
	(void)pthread_mutex_unlock(&s->lock);
	/* The watcher first, then the queue's last flush. */
	free_server(s);
}
