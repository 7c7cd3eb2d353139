/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.h - the HTTP JSON API under /v1 (libmicrohttpd, jansson).  Routes
 * are a declarative table: method, path pattern, handler, the roles that
 * may call it.  The server authenticates, checks the route's roles,
 * validates content type and size, then calls the handler, which calls
 * one scs_op_*.  docs/openapi.json must list exactly the routes of the
 * table with the same roles (a test checks it).
 */
#ifndef SCS_HTTP_H
#define SCS_HTTP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "scs/ops.h"

#define SCS_HTTP_BODY_MAX    (1u << 20) /* bytes of a request body */
#define SCS_HTTP_URI_MAX     8192       /* bytes of a request target */
#define SCS_HTTP_HEADERS_MAX 16384      /* bytes of the header fields */
#define SCS_HTTP_PARAMS_MAX  4
#define SCS_HTTP_QUERY_MAX   16 /* parameters of a query string */

struct scs_server;
struct scs_http_services; /* src/http/http_int.h */

/* A query parameter, decoded. */
struct scs_http_param {
	const char *key;
	const char *value; /* "" when the parameter has no '=' */
};

struct scs_http_req {
	const char *method;
	const char *path; /* as the client sent it: still percent-encoded */
	char params[SCS_HTTP_PARAMS_MAX][SCS_ID_MAX + 1]; /* {x} in order */
	size_t nparams;
	struct scs_http_param query[SCS_HTTP_QUERY_MAX];
	size_t nquery;
	json_t *body;        /* parsed JSON body or NULL */
	const char *bearer;  /* the session token or API key, or NULL */
	int cookie;          /* bearer came from the scs_session cookie */
	const char *device;  /* the scs_device cookie, or NULL */
	struct scs_ctx *ctx; /* actor set when the route needs one */
	void *conn;          /* the libmicrohttpd connection */
	const char *raw;     /* the body's bytes (NUL-terminated), or NULL */
	size_t rawlen;
	const struct scs_http_services *svc; /* what the server offers */
};

#define SCS_HTTP_COOKIE_MAX 192 /* one Set-Cookie value */

struct scs_http_resp {
	int status;
	json_t *body;    /* owned; sent as JSON */
	const char *raw; /* or: static bytes sent as they are */
	size_t rawlen;
	const char *content_type; /* for raw */
	int64_t retry_after;      /* > 0: a Retry-After header */
	char *owned;              /* or: heap bytes sent, then freed */
	size_t ownedlen;
	/* Set-Cookie headers' values, one per line, or "" */
	char set_cookie[2 * SCS_HTTP_COOKIE_MAX];
};

typedef int (*scs_http_handler)(struct scs_http_req *req,
    struct scs_http_resp *resp, struct scs_err *err);

/* NOLINTNEXTLINE(clang-analyzer-optin.performance.Padding) */
struct scs_route {
	const char *method;
	const char *path; /* "/v1/persons/{id}" */
	scs_http_handler handler;
	unsigned roles; /* 0: public, no sign-in */
	const char *summary;
	int lockfree; /* SCS_ROUTE_* flags */
};

#define SCS_ROUTE_LOCKFREE 1 /* the handler runs without the store lock */
#define SCS_ROUTE_RAWBODY  2 /* the handler parses the body itself */
/* A long read (a report over every case): the handler runs on a store
 * connection of its own, without the store lock, so that other requests
 * go on meanwhile; it must not write. */
#define SCS_ROUTE_OWNCONN  4
/* Rate limits (struct scs_server_config): a sign-in (its failures count
 * per client address), a decision request, an export (per account). */
#define SCS_ROUTE_SIGNIN   8
#define SCS_ROUTE_DECIDE   16
#define SCS_ROUTE_EXPORT   32

extern const struct scs_route scs_http_routes[];
extern const size_t scs_http_nroutes;

/** The query parameter @key of the request, decoded, or NULL. */
const char *scs_http_query(const struct scs_http_req *req, const char *key);

/** The body must be a JSON object of members in the NULL-terminated
 * @keys only: SCS_OK, or SCS_EINVAL naming the first other member (or ""
 * when the body is no object). */
int scs_http_body_only(const struct scs_http_req *req, const char *const *keys,
    struct scs_err *err);

/** Refuse (SCS_EINVAL naming it) a query parameter not in the
 * NULL-terminated @allowed list. */
int scs_http_query_only(const struct scs_http_req *req,
    const char *const *allowed, struct scs_err *err);

/** The query parameter @key into *out (NULL when absent), which must be
 * an id (scs_valid_id): SCS_OK or SCS_EINVAL naming @key. */
int scs_http_query_id(const struct scs_http_req *req, const char *key,
    const char **out, struct scs_err *err);

/**
 * The query's only parameters "from" and "to" (RFC 3339 or YYYY-MM-DD),
 * each optional, into *@from and *@to, which keep their values when the
 * parameter is absent.  SCS_OK, or SCS_EINVAL naming the parameter.
 */
int scs_http_query_period(const struct scs_http_req *req, int64_t *from,
    int64_t *to, struct scs_err *err);

/**
 * Whether a request body of Content-Type @ct (NULL when absent) is JSON
 * the server can read: "application/json" (any case), with parameters; a
 * charset, if given, must be utf-8 (any case).  SCS_OK, or SCS_EMEDIA on
 * "Content-Type" naming the charset that is refused.
 */
int scs_http_json_type(const char *ct, struct scs_err *err);

/**
 * Decode the query string @q (what follows '?', decoded in place; it must
 * outlive @req) into req->query: '+' is a space, %XX a byte.  A bad
 * escape, a NUL (%00), a parameter given twice, a parameter without a
 * name or more than SCS_HTTP_QUERY_MAX of them is SCS_EINVAL naming the
 * parameter.
 */
int scs_http_parse_query(char *q, struct scs_http_req *req,
    struct scs_err *err);

struct scs_server;

/*
 * TLS (src/http/tls.c, GnuTLS through libmicrohttpd).  The PEM files of
 * `scs serve --tls-cert --tls-key [--tls-client-ca]`, read into memory at
 * start, before anything could drop privileges.  Each buffer ends in a
 * NUL (libmicrohttpd takes C strings); the key lives in locked memory
 * (scs_crypto_secalloc) and the server wipes it once libmicrohttpd has
 * made its credentials from it.
 */
struct scs_tls_pem {
	char *cert; /* the server's certificate chain, leaf first */
	size_t certlen;
	char *key; /* its private key */
	size_t keylen;
	char *client_ca; /* CAs that sign client certificates, or NULL */
	size_t client_calen;
};

#define SCS_TLS_PEM_MAX (1u << 20) /* bytes of one PEM file */

/**
 * Read the PEM files @cert and @key (both given) and @client_ca (NULL:
 * no mutual TLS) into @out, and check them: each readable, a regular file
 * of at most SCS_TLS_PEM_MAX bytes, the certificates and the key parse,
 * the key matches the certificate.  SCS_OK, or SCS_EINVAL naming the
 * flag ("tls-cert", "tls-key", "tls-client-ca") with the reason; then
 * nothing is kept.  Free @out with scs_tls_pem_free.
 */
int scs_tls_load(const char *cert, const char *key, const char *client_ca,
    struct scs_tls_pem *out, struct scs_err *err);
/** Wipe and free what scs_tls_load read (@p itself is the caller's). */
void scs_tls_pem_free(struct scs_tls_pem *p);

/**
 * The SHA-256 fingerprint of the DER of the first certificate in PEM
 * @pem (@len bytes), as 64 lowercase hex digits into @out: the value an
 * operator binds to a service account (scs_op_user_cert).  SCS_OK, or
 * SCS_EINVAL naming @field when no certificate parses.
 */
int scs_tls_fingerprint(const char *pem, size_t len, const char *field,
    char out[65], struct scs_err *err);

struct scs_server_config {
	const char *listen; /* "127.0.0.1:8080"; port 0 picks one */
	const char *db;
	const char *keydir;
	const struct scs_refdata *rd;
	unsigned threads;
	enum scs_decision_audit decision_audit;
	int secure_cookies;   /* session cookies get Secure (behind TLS) */
	int64_t idle_timeout; /* seconds a session may go unused; 0: none */
	/* Seconds decisions may be answered from an index that could not
	 * be checked against the register (the database unreachable);
	 * past it they are refused (503).  0: the default, 30. */
	int64_t max_staleness;
	/* The index cache file (src/ops/icache.c) read at start instead of
	 * a full build; NULL: none. */
	const char *index_cache;
	/* TLS: NULL serves plain HTTP.  The server wipes the key once it is
	 * loaded; the caller frees it after scs_server_stop.  With TLS every
	 * answer carries Strict-Transport-Security and session cookies get
	 * Secure; with a client CA, a verified client certificate bound to
	 * a service account signs the request in as that account. */
	struct scs_tls_pem *tls;
	/* Limits (docs/operations.md, "Limits"), each 0 for none:
	 * failed sign-ins (and activations) per client address per minute;
	 * decision requests per account per second; exports (long reads of
	 * people's data or the log) per account per minute.  A client over
	 * one gets 429 with Retry-After. */
	unsigned limit_signin, limit_decisions, limit_exports;
	/* Connections: in all, from one client address, and the seconds one
	 * may stay idle or take over a request; 0: the defaults below. */
	unsigned max_conns, max_conns_per_client, conn_timeout;
};

#define SCS_HTTP_STALENESS_DEFAULT 30
#define SCS_HTTP_LIMIT_SIGNIN      30     /* failures per address a minute */
#define SCS_HTTP_LIMIT_DECISIONS   200000 /* requests per account a second */
#define SCS_HTTP_LIMIT_EXPORTS     600    /* per account a minute */
#define SCS_HTTP_MAX_CONNS         4096
#define SCS_HTTP_MAX_CONNS_CLIENT  256
#define SCS_HTTP_CONN_TIMEOUT      30 /* seconds */

#define SCS_HTTP_COOKIE       "scs_session" /* the browser's session cookie */
#define SCS_HTTP_DEVICE       "scs_device"  /* a browser's device token */
#define SCS_HTTP_IDLE_DEFAULT ((int64_t)30 * 60)

/* An embedded file of the web UI chosen for a request. */
struct scs_ui_file {
	char name[256];   /* the embedded name: "ui/index.html" */
	const char *type; /* its Content-Type */
	int gzip;         /* name is the ".gz" variant: Content-Encoding */
};

/**
 * Which embedded file of the web UI answers a GET of @path (the raw
 * target without its query): "/" is ui/index.html; "/ui/P" is ui/P
 * when it exists and its extension is known (.html .js .css .svg .json
 * .woff2 .png), its ".gz" variant when @gzip_ok and that exists; any
 * other path outside /v1 and /ui whose last segment has no dot is
 * ui/index.html (the UI routes in the browser).  @exists answers
 * whether an embedded name exists.  1 with *out filled, or 0: not the
 * UI's (the API answers, or 404), also when ui/index.html is absent.
 * Pure: no I/O.
 */
int scs_http_ui_pick(const char *path, int gzip_ok,
    int (*exists)(void *arg, const char *name), void *arg,
    struct scs_ui_file *out);

/** Whether Accept-Encoding value @ae (NULL: none) accepts gzip: the
 * token "gzip" (any case), not with q=0. */
int scs_http_accepts_gzip(const char *ae);

/**
 * Open the store and keys and start serving.  *out_port is the port bound.
 * The caller stops it with scs_server_stop.
 */
int scs_server_start(const struct scs_server_config *cfg,
    struct scs_server **out, unsigned *out_port, struct scs_err *err);
void scs_server_stop(struct scs_server *s);

/**
 * The route matching @method and the raw (still percent-encoded) @path,
 * without its query string.  Segments are matched on the raw path, then
 * each is decoded on its own, so an encoded '/' never splits one.  Fills
 * @req's params, each decoded and checked against the id rules.  SCS_OK
 * with *out set; SCS_ENOTFOUND (no such route), SCS_EMETHOD (the path
 * exists under another method), or SCS_EINVAL naming the parameter that
 * is not a valid id, or "path" for a bad escape or a %00 in it.
 */
int scs_http_match(const char *method, const char *path,
    struct scs_http_req *req, const struct scs_route **out,
    struct scs_err *err);

#endif
