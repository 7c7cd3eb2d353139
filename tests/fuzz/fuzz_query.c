/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_query.c - the request target of the HTTP API and of the web UI, as
 * the server takes it apart (src/http/server.c dispatch, no server here):
 * cut at the first '?', the path given to scs_http_ui_pick and to
 * scs_http_match for each method, the query string to
 * scs_http_parse_query; then every value the handlers read from a query
 * string to the parser they give it: scs_http_query_id (after=, org=),
 * scs_parse_u64 (limit=, the audit's after=), scs_time_parse and
 * scs_time_parse_us (from=, to=, at=), scs_parse_days (within=),
 * scs_staff_status_parse (status=), and each route's list of allowed
 * parameters (scs_http_query_only).
 *
 * Properties: a route that matches captures valid ids only, and the path
 * built again from its pattern with every parameter percent-encoded
 * matches the same route with the same ids; a query string that parses
 * names each parameter once, and encoded again (as the web UI's
 * URLSearchParams encodes: '+' for a space) parses to the same pairs in
 * the same order; a number that parses is at most its bound and prints
 * back to itself; a time that parses is within the years the program
 * knows and formats to one that parses to the same instant; a period is
 * whole days; a staff status is named back by its name; a UI file picked
 * is one the UI has, under ui/.
 */
#include <inttypes.h>
#include <string.h>

#include "scs/embedded.h"
#include "scs/http.h"
#include "scs/staff.h"
#include "scs/time.h"
#include "scs/util.h"

#include "fuzz.h"

#define TARGET_MAX SCS_HTTP_URI_MAX

/* Every query parameter some handler reads, and the lists they allow
 * (src/http/routes.c, case.c, register.c). */
static const char *const audit_keys[] = {"actor", "action", "kind", "object",
    "from", "to", "after", "limit", NULL};
static const char *const decisions_keys[] = {"subject", "item", "from", "to",
    "limit", NULL};
static const char *const case_keys[] = {"state", "e_adjudicated", "after",
    "limit", NULL};
static const char *const staff_keys[] = {"status", "sort", "after", "limit",
    NULL};
static const char *const persons_keys[] = {"org", "after", "limit", NULL};
static const char *const paged_keys[] = {"after", "limit", NULL};
static const char *const purpose_keys[] = {"purpose", NULL};
static const char *const due_keys[] = {"within", NULL};
static const char *const range_keys[] = {"from", "to", NULL};
static const char *const at_keys[] = {"at", NULL};
static const char *const no_keys[] = {NULL};
static const char *const *const allow_lists[] = {audit_keys, decisions_keys,
    case_keys, staff_keys, persons_keys, paged_keys, purpose_keys, due_keys,
    range_keys, at_keys, no_keys};

static int
ui_has(void *arg, const char *name)
{
	(void)arg;
	return scs_embedded_get(name) != NULL;
}

/* Percent-encode @s (@len bytes) into @b, as URLSearchParams does:
 * unreserved bytes as they are, a space as '+', the rest as %XX. */
static void
encode(struct scs_buf *b, const char *s, size_t len, int plus)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char e[3];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '*') {
			FUZZ_CHECK(scs_buf_add(b, s + i, 1) == SCS_OK);
		} else if (c == ' ' && plus) {
			FUZZ_CHECK(scs_buf_add(b, "+", 1) == SCS_OK);
		} else {
			e[0] = '%';
			e[1] = hex[c >> 4];
			e[2] = hex[c & 15];
			FUZZ_CHECK(scs_buf_add(b, e, 3) == SCS_OK);
		}
	}
}

/* The path of @rt's pattern with @req's parameters, percent-encoded. */
static char *
rebuild_path(const struct scs_route *rt, const struct scs_http_req *req)
{
	const char *p = rt->path;
	struct scs_buf b;
	size_t k = 0;

	scs_buf_init(&b, (size_t)1 << 16);
	while (*p != '\0') {
		if (*p == '{') {
			FUZZ_CHECK(k < req->nparams);
			encode(&b, req->params[k], strlen(req->params[k]), 0);
			k++;
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '}')
				p++;
			continue;
		}
		FUZZ_CHECK(scs_buf_add(&b, p, 1) == SCS_OK);
		p++;
	}
	FUZZ_CHECK(k == req->nparams);
	FUZZ_CHECK(scs_buf_add(&b, "", 1) == SCS_OK);
	return (char *)b.p;
}

static void
match(const char *path)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE",
	    "PATCH", "HEAD"};
	const struct scs_route *rt, *rt2;
	struct scs_http_req req, req2;
	struct scs_err err;
	size_t i, k;
	char *again;
	int rc;

	for (i = 0; i < SCS_NELEM(methods); i++) {
		memset(&req, 0, sizeof(req));
		scs_err_clear(&err);
		rc = scs_http_match(methods[i], path, &req, &rt, &err);
		FUZZ_CHECK((rc == SCS_OK) == (rt != NULL));
		if (rc != SCS_OK) {
			FUZZ_CHECK(rc == SCS_ENOTFOUND || rc == SCS_EMETHOD ||
			    rc == SCS_EINVAL);
			FUZZ_CHECK((int)err.rc == rc && err.reason[0] != '\0');
			continue;
		}
		FUZZ_CHECK(strcmp(rt->method, methods[i]) == 0);
		for (k = 0; k < req.nparams; k++)
			FUZZ_CHECK(
			    scs_valid_id(req.params[k], "id", NULL) == SCS_OK);
		/* The same route and ids from the path built again. */
		again = rebuild_path(rt, &req);
		memset(&req2, 0, sizeof(req2));
		rc = scs_http_match(methods[i], again, &req2, &rt2, &err);
		FUZZ_CHECK(rc == SCS_OK && rt2 == rt);
		FUZZ_CHECK(req2.nparams == req.nparams);
		for (k = 0; k < req.nparams; k++)
			FUZZ_CHECK(strcmp(req.params[k], req2.params[k]) == 0);
		free(again);
	}
}

static void
ui(const char *path)
{
	struct scs_ui_file f;
	int gz;

	for (gz = 0; gz <= 1; gz++) {
		memset(&f, 0, sizeof(f));
		if (!scs_http_ui_pick(path, gz, ui_has, NULL, &f))
			continue;
		FUZZ_CHECK(strncmp(f.name, "ui/", 3) == 0);
		FUZZ_CHECK(scs_embedded_get(f.name) != NULL);
		FUZZ_CHECK(f.type != NULL && f.type[0] != '\0');
		FUZZ_CHECK(!f.gzip || gz);
		FUZZ_CHECK(strstr(f.name, "..") == NULL);
	}
}

/* A number as limit= and after= read it. */
static void
number(const char *v)
{
	static const uint64_t bounds[] = {1000, 10000, INT64_MAX - 1,
	    UINT64_MAX};
	char back[32];
	uint64_t n;
	size_t i;

	for (i = 0; i < SCS_NELEM(bounds); i++) {
		if (scs_parse_u64(v, bounds[i], &n) != 0)
			continue;
		FUZZ_CHECK(n <= bounds[i]);
		(void)snprintf(back, sizeof(back), "%" PRIu64, n);
		FUZZ_CHECK(scs_parse_u64(back, bounds[i], &n) == 0);
		FUZZ_CHECK(strcmp(back, v) == 0 || v[0] == '0' || v[0] == '+');
	}
}

/* A time as from=, to= and at= read it, in seconds and microseconds. */
static void
timeval(const char *v)
{
	char s[SCS_TIME_STRMAX];
	int64_t t, t2, us, us2;
	struct scs_err err;
	int rc, rc_us;

	scs_err_clear(&err);
	rc = scs_time_parse(v, strlen(v), "from", &t, &err);
	FUZZ_CHECK(rc == SCS_OK || (rc == SCS_EINVAL && err.reason[0]));
	if (rc == SCS_OK) {
		FUZZ_CHECK(t >= SCS_TIME_MIN && t < SCS_TIME_MAX);
		(void)scs_time_format(t, s);
		FUZZ_CHECK(
		    scs_time_parse(s, strlen(s), "t", &t2, NULL) == SCS_OK &&
		    t2 == t);
	}
	rc_us = scs_time_parse_us(v, strlen(v), "from", &us, NULL);
	FUZZ_CHECK(rc_us == rc);
	if (rc_us == SCS_OK) {
		/* The fraction is dropped in seconds, rounded up in µs. */
		FUZZ_CHECK(us >= t * 1000000 && us <= t * 1000000 + 1000000);
		(void)scs_time_format_us(us, s);
		FUZZ_CHECK(scs_time_parse_us(s, strlen(s), "t", &us2, NULL) ==
		        SCS_OK &&
		    us2 == us);
	}
}

static void
value(const char *v)
{
	enum scs_staff_status st;
	int64_t secs;

	number(v);
	timeval(v);
	if (scs_parse_days(v, &secs) == 0)
		FUZZ_CHECK(secs > 0 && secs % 86400 == 0 &&
		    secs <= (int64_t)100000 * 365 * 86400);
	if (scs_staff_status_parse(v, &st) == 0)
		FUZZ_CHECK(strcmp(scs_staff_status_name(st), v) == 0);
}

/* Each route's allow list: refused exactly when a key is not in it. */
static void
allowed(const struct scs_http_req *req)
{
	struct scs_err err;
	size_t i, k, m;
	int rc, ok;

	for (i = 0; i < SCS_NELEM(allow_lists); i++) {
		const char *const *l = allow_lists[i];

		ok = 1;
		for (k = 0; k < req->nquery; k++) {
			for (m = 0; l[m] != NULL; m++)
				if (strcmp(l[m], req->query[k].key) == 0)
					break;
			ok &= l[m] != NULL;
		}
		scs_err_clear(&err);
		rc = scs_http_query_only(req, l, &err);
		FUZZ_CHECK((rc == SCS_OK) == ok);
	}
}

/* The pairs of @req, encoded again and parsed: the same pairs. */
static void
reparse(const struct scs_http_req *req)
{
	struct scs_http_req req2;
	struct scs_err err;
	struct scs_buf b;
	size_t k;

	scs_buf_init(&b, (size_t)1 << 20);
	for (k = 0; k < req->nquery; k++) {
		if (k > 0)
			FUZZ_CHECK(scs_buf_add(&b, "&", 1) == SCS_OK);
		encode(&b, req->query[k].key, strlen(req->query[k].key), 1);
		FUZZ_CHECK(scs_buf_add(&b, "=", 1) == SCS_OK);
		encode(&b, req->query[k].value, strlen(req->query[k].value), 1);
	}
	FUZZ_CHECK(scs_buf_add(&b, "", 1) == SCS_OK);
	memset(&req2, 0, sizeof(req2));
	FUZZ_CHECK(scs_http_parse_query((char *)b.p, &req2, &err) == SCS_OK);
	FUZZ_CHECK(req2.nquery == req->nquery);
	for (k = 0; k < req->nquery; k++) {
		FUZZ_CHECK(strcmp(req2.query[k].key, req->query[k].key) == 0);
		FUZZ_CHECK(
		    strcmp(req2.query[k].value, req->query[k].value) == 0);
	}
	scs_buf_free(&b);
}

static void
query(char *q)
{
	static const char *const ids[] = {"after", "org", "subject", "item"};
	struct scs_http_req req;
	struct scs_err err;
	const char *id;
	size_t k, m;
	int rc;

	memset(&req, 0, sizeof(req));
	scs_err_clear(&err);
	rc = scs_http_parse_query(q, &req, &err);
	FUZZ_CHECK(rc == SCS_OK || (rc == SCS_EINVAL && err.reason[0]));
	FUZZ_CHECK(req.nquery <= SCS_HTTP_QUERY_MAX);
	if (rc != SCS_OK)
		return;
	for (k = 0; k < req.nquery; k++) {
		FUZZ_CHECK(req.query[k].key[0] != '\0');
		for (m = 0; m < k; m++)
			FUZZ_CHECK(
			    strcmp(req.query[m].key, req.query[k].key) != 0);
		FUZZ_CHECK(scs_http_query(&req, req.query[k].key) ==
		    req.query[k].value);
		value(req.query[k].value);
	}
	for (k = 0; k < SCS_NELEM(ids); k++) {
		rc = scs_http_query_id(&req, ids[k], &id, &err);
		FUZZ_CHECK(rc == SCS_OK || rc == SCS_EINVAL);
		FUZZ_CHECK(rc != SCS_OK || id == NULL ||
		    scs_valid_id(id, "id", NULL) == SCS_OK);
	}
	allowed(&req);
	reparse(&req);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *target, *q;

	if (size > TARGET_MAX)
		return 0;
	/* The server gets the target as a C string. */
	if ((target = malloc(size + 1)) == NULL)
		return 0;
	memcpy(target, data, size);
	target[size] = '\0';
	if ((q = strchr(target, '?')) != NULL)
		*q++ = '\0';
	ui(target);
	match(target);
	if (q != NULL)
		query(q);
	free(target);
	return 0;
}
