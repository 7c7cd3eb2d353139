/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_target.c - the request target (src/http/target.c): routes matched
 * on raw path segments, each decoded on its own, so an encoded '/' never
 * splits a segment and an encoded NUL never cuts an id short; path
 * parameters and query ids under the id rules, 400 naming them; the query
 * string decoded into parameters, each at most once; and the media type
 * of a body, JSON in UTF-8 only.
 */
#include "helpers.h"

#include "scs/http.h"

/* Match @method @path; returns the code, with the route's path or "". */
static int
match(const char *method, const char *path, struct scs_http_req *req,
    const char **out_route, struct scs_err *err)
{
	const struct scs_route *rt = NULL;
	int rc;

	memset(req, 0, sizeof(*req));
	scs_err_clear(err);
	rc = scs_http_match(method, path, req, &rt, err);
	*out_route = rt != NULL ? rt->path : "";
	if ((rc == SCS_OK) != (rt != NULL))
		fail_msg("%s %s: code %d but route %s", method, path, rc,
		    *out_route);
	return rc;
}

static void
expect_route(const char *method, const char *path, const char *route,
    const char *param)
{
	struct scs_http_req req;
	struct scs_err err;
	const char *got;

	if (match(method, path, &req, &got, &err) != SCS_OK)
		fail_msg("%s %s: %s: %s", method, path, err.field, err.reason);
	assert_string_equal(got, route);
	if (param != NULL) {
		assert_int_equal(req.nparams, 1);
		assert_string_equal(req.params[0], param);
	}
}

static void
expect_refused(const char *method, const char *path, int rc, const char *field)
{
	struct scs_http_req req;
	struct scs_err err;
	const char *got;

	if (match(method, path, &req, &got, &err) != rc)
		fail_msg("%s %s: expected code %d, got %d (route %s)", method,
		    path, rc, err.rc, got);
	if (field != NULL)
		assert_string_equal(err.field, field);
}

static void
test_an_encoded_slash_stays_inside_its_segment(void **state)
{
	(void)state;
	expect_route("GET", "/v1/persons/p01/access", "/v1/persons/{id}/access",
	    "p01");
	expect_refused("GET", "/v1/persons/p01%2Faccess", SCS_EINVAL, "id");
	expect_refused("GET", "/v1/persons/p01%2faccess", SCS_EINVAL, "id");
	expect_refused("POST", "/v1/users/x%2Fy/disable", SCS_EINVAL, "id");
	/* A literal segment with an encoded slash is no route at all. */
	expect_refused("GET", "/v1/audit%2Fhead", SCS_ENOTFOUND, NULL);
}

static void
test_an_encoded_nul_is_refused_anywhere_in_the_path(void **state)
{
	(void)state;
	expect_refused("GET", "/v1/persons/p01%00x", SCS_EINVAL, "path");
	expect_refused("GET", "/v1/persons/p01%00", SCS_EINVAL, "path");
	expect_refused("GET", "/v1/%00/p01", SCS_EINVAL, "path");
	expect_refused("GET", "/v1/nope%00", SCS_EINVAL, "path");
}

static void
test_bad_escapes_are_refused(void **state)
{
	(void)state;
	expect_refused("GET", "/v1/persons/a%zz", SCS_EINVAL, "path");
	expect_refused("GET", "/v1/persons/abc%", SCS_EINVAL, "path");
	expect_refused("GET", "/v1/persons/abc%4", SCS_EINVAL, "path");
}

static void
test_path_parameters_follow_the_id_rules(void **state)
{
	char id[SCS_ID_MAX + 2], path[SCS_ID_MAX + 64];

	(void)state;
	expect_refused("GET", "/v1/persons/.hidden", SCS_EINVAL, "id");
	expect_refused("GET", "/v1/persons/-x", SCS_EINVAL, "id");
	expect_refused("GET", "/v1/persons/a%20b", SCS_EINVAL, "id");
	expect_refused("GET", "/v1/persons/%C3%A9", SCS_EINVAL, "id");
	expect_refused("GET", "/v1/organizations/a*b", SCS_EINVAL, "id");
	memset(id, 'a', SCS_ID_MAX + 1);
	id[SCS_ID_MAX + 1] = '\0';
	(void)snprintf(path, sizeof(path), "/v1/persons/%s", id);
	expect_refused("GET", path, SCS_EINVAL, "id");
	id[SCS_ID_MAX] = '\0';
	(void)snprintf(path, sizeof(path), "/v1/persons/%s", id);
	expect_route("GET", path, "/v1/persons/{id}", id);
	/* Escapes of allowed characters decode to the same id. */
	expect_route("GET", "/v1/persons/%70%30%31", "/v1/persons/{id}", "p01");
	expect_route("GET", "/v1/%70ersons/p01", "/v1/persons/{id}", "p01");
	/* Another method: 405 before the id is looked at. */
	expect_refused("DELETE", "/v1/persons/.x", SCS_EMETHOD, NULL);
}

static void
test_empty_segments_and_unknown_paths_are_not_found(void **state)
{
	(void)state;
	expect_refused("GET", "/v1/persons/", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "/v1/persons//access", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "/v1/persons/p01/", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "/v1/health/", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "v1/health", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "*", SCS_ENOTFOUND, NULL);
	expect_refused("GET", "http://h/v1/health", SCS_ENOTFOUND, NULL);
	expect_route("GET", "/v1/health", "/v1/health", NULL);
}

/* ---- the matcher before the path was cut once per request (2026-12-06):
 * kept here as the reference the route table must answer alike. */

static int
ref_decode(const char *s, size_t len, char *out)
{
	size_t i, o = 0;
	int hi, lo;

	for (i = 0; i < len; i++) {
		if (s[i] == '%') {
			if (i + 2 >= len)
				return -1;
			hi = scs_hexval(s[i + 1]);
			lo = scs_hexval(s[i + 2]);
			if (hi < 0 || lo < 0 || (hi == 0 && lo == 0))
				return -1;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return 0;
}

static const char *
ref_next_segment(const char *s, size_t *len)
{
	const char *end;

	if (*s != '/')
		return NULL;
	s++;
	end = strchr(s, '/');
	*len = end != NULL ? (size_t)(end - s) : strlen(s);
	return s;
}

static int
ref_shape_matches(const char *pattern, const char *path)
{
	char lit[3 * SCS_ID_MAX + 1];
	const char *p = pattern, *s = path, *ps, *ss;
	size_t plen, slen;

	for (;;) {
		ps = ref_next_segment(p, &plen);
		ss = ref_next_segment(s, &slen);
		if (ps == NULL || ss == NULL)
			return ps == NULL && ss == NULL && *s == '\0';
		if (ps[0] == '{') {
			if (slen == 0)
				return 0;
		} else if (slen > 3 * SCS_ID_MAX ||
		    ref_decode(ss, slen, lit) != 0 || strlen(lit) != plen ||
		    memcmp(lit, ps, plen) != 0) {
			return 0;
		}
		p = ps + plen;
		s = ss + slen;
	}
}

/* The route the old matcher chose for @method @path, or NULL; *known: some
 * route had the shape (405 when none had the method too).  Paths with a
 * bad escape never reach the loop (path_ok refuses them first). */
static const struct scs_route *
ref_match(const char *method, const char *path, int *known)
{
	size_t i;

	*known = 0;
	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];

		if (!ref_shape_matches(rt->path, path))
			continue;
		if (strcmp(rt->method, method) != 0) {
			*known = 1;
			continue;
		}
		return rt;
	}
	return NULL;
}

/* @pattern with each {param} replaced by @param, then @tail appended. */
static void
instantiate(const char *pattern, const char *param, const char *tail, char *out,
    size_t size)
{
	size_t o = 0;
	const char *p;

	for (p = pattern; *p != '\0' && o + 1 < size; p++) {
		if (*p == '{') {
			size_t n = strlen(param);

			while (*p != '}' && *p != '\0')
				p++;
			if (o + n + 1 >= size)
				break;
			memcpy(out + o, param, n);
			o += n;
			if (*p == '\0')
				break;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
	(void)snprintf(out + o, size - o, "%s", tail);
}

static void
expect_as_before(const char *method, const char *path)
{
	struct scs_http_req req;
	struct scs_err err;
	const char *got;
	const struct scs_route *want;
	int rc, known;

	rc = match(method, path, &req, &got, &err);
	if (rc == SCS_EINVAL && strcmp(err.field, "path") == 0)
		return; /* a bad escape: refused before any route is tried */
	want = ref_match(method, path, &known);
	if (want != NULL) {
		/* The route is the same; its parameters may still be bad. */
		if (rc == SCS_OK) {
			assert_string_equal(got, want->path);
			return;
		}
		if (rc != SCS_EINVAL)
			fail_msg("%s %s: code %d, the old matcher chose %s",
			    method, path, rc, want->path);
		return;
	}
	if (rc != (known ? SCS_EMETHOD : SCS_ENOTFOUND))
		fail_msg("%s %s: code %d (route %s), the old matcher %s",
		    method, path, rc, got, known ? "405" : "404");
}

/* Every route, with every kind of parameter and of tail, in every method,
 * answers as the old matcher did: the same route, 404 or 405. */
static void
test_routes_match_as_the_old_matcher_did(void **state)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "PATCH",
	    "DELETE", "HEAD", "get"};
	static const char *const params[] = {"p01", "", "%70%30%31", "a%2Fb",
	    "a b", "x%zz", "v1", "health", "{id}", "%00", "é"};
	static const char *const tails[] = {"", "/", "/x", "//", "/access",
	    "%2F", "?x=1", "/%61ccess", "/decisions"};
	static const char *const extra[] = {"", "/", "//", "*", "v1/health",
	    "/v1", "/v1/", "/V1/health", "/v1/health/", "/v1//health",
	    "/%76%31/%64ecisions", "/v1/decision%73", "/v1/decisions%2F",
	    "/v1/decisionsx", "/v1/decision", "/v2/decisions",
	    "/v1/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t",
	    "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16",
	    "/1/2/3/4/5/6/7/8/9/10/11/12/13/14/15/16/17"};
	char path[1024], big[3 * SCS_ID_MAX + 8];
	size_t i, j, k, m;

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	for (i = 0; i < scs_http_nroutes; i++)
		for (j = 0; j < SCS_NELEM(params); j++)
			for (k = 0; k < SCS_NELEM(tails); k++) {
				instantiate(scs_http_routes[i].path, params[j],
				    tails[k], path, sizeof(path));
				for (m = 0; m < SCS_NELEM(methods); m++)
					expect_as_before(methods[m], path);
			}
	for (i = 0; i < scs_http_nroutes; i++) {
		instantiate(scs_http_routes[i].path, big, "", path,
		    sizeof(path));
		expect_as_before("GET", path);
		expect_as_before(scs_http_routes[i].method, path);
	}
	for (i = 0; i < SCS_NELEM(extra); i++)
		for (m = 0; m < SCS_NELEM(methods); m++)
			expect_as_before(methods[m], extra[i]);
	/* A literal segment longer than any id, where a route has one. */
	(void)snprintf(path, sizeof(path), "/v1/%s", big);
	expect_as_before("GET", path);
	expect_as_before("POST", path);
}

/* Parse @q (copied); returns the code. */
static int
parse(const char *q, char *buf, size_t size, struct scs_http_req *req,
    struct scs_err *err)
{
	memset(req, 0, sizeof(*req));
	scs_err_clear(err);
	(void)snprintf(buf, size, "%s", q);
	return scs_http_parse_query(buf, req, err);
}

static void
test_query_strings_decode_plus_and_escapes(void **state)
{
	struct scs_http_req req;
	struct scs_err err;
	char buf[256];

	(void)state;
	assert_int_equal(parse("purpose=a+b%20c%2Bd&limit=3&flag&&", buf,
	                     sizeof(buf), &req, &err),
	    SCS_OK);
	assert_int_equal(req.nquery, 3);
	assert_string_equal(scs_http_query(&req, "purpose"), "a b c+d");
	assert_string_equal(scs_http_query(&req, "limit"), "3");
	assert_string_equal(scs_http_query(&req, "flag"), "");
	assert_null(scs_http_query(&req, "other"));
	/* Bytes pass through; their UTF-8 is the operation's to check. */
	assert_int_equal(parse("purpose=%C3%28", buf, sizeof(buf), &req, &err),
	    SCS_OK);
	assert_string_equal(scs_http_query(&req, "purpose"), "\xc3(");
	assert_int_equal(parse("", buf, sizeof(buf), &req, &err), SCS_OK);
	assert_int_equal(req.nquery, 0);
}

static void
test_query_strings_refuse_nul_bad_escapes_and_repeats(void **state)
{
	struct scs_http_req req;
	struct scs_err err;
	char buf[512], many[512];
	size_t n = 0;
	int i;

	(void)state;
	assert_int_equal(parse("purpose=x%00y", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "purpose");
	assert_int_equal(parse("purpose=%zz", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "purpose");
	assert_int_equal(parse("purpose=50%", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	assert_int_equal(parse("a=1&a=2", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "a");
	assert_int_equal(parse("=x", buf, sizeof(buf), &req, &err), SCS_EINVAL);
	assert_int_equal(parse("%zz=1", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	assert_int_equal(parse("a%00b=1", buf, sizeof(buf), &req, &err),
	    SCS_EINVAL);
	for (i = 0; i <= SCS_HTTP_QUERY_MAX; i++)
		n += (size_t)snprintf(many + n, sizeof(many) - n, "%sk%d=1",
		    i ? "&" : "", i);
	assert_int_equal(parse(many, buf, sizeof(buf), &req, &err), SCS_EINVAL);
}

static void
test_only_known_query_parameters_and_ids(void **state)
{
	static const char *const keys[] = {"org", "after", "limit", NULL};
	struct scs_http_req req;
	struct scs_err err;
	const char *v;
	char buf[256];

	(void)state;
	assert_int_equal(parse("org=mod&limit=2", buf, sizeof(buf), &req, &err),
	    SCS_OK);
	assert_int_equal(scs_http_query_only(&req, keys, &err), SCS_OK);
	assert_int_equal(scs_http_query_id(&req, "org", &v, &err), SCS_OK);
	assert_string_equal(v, "mod");
	assert_int_equal(scs_http_query_id(&req, "after", &v, &err), SCS_OK);
	assert_null(v);
	assert_int_equal(parse("org=mod&actor=x", buf, sizeof(buf), &req, &err),
	    SCS_OK);
	assert_int_equal(scs_http_query_only(&req, keys, &err), SCS_EINVAL);
	assert_string_equal(err.field, "actor");
	assert_int_equal(parse("org=a%2Fb", buf, sizeof(buf), &req, &err),
	    SCS_OK);
	assert_int_equal(scs_http_query_id(&req, "org", &v, &err), SCS_EINVAL);
	assert_string_equal(err.field, "org");
	assert_int_equal(parse("after=.x", buf, sizeof(buf), &req, &err),
	    SCS_OK);
	assert_int_equal(scs_http_query_id(&req, "after", &v, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "after");
}

static void
expect_type(const char *ct, int want, const char *in_reason)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_http_json_type(ct, &err) != want)
		fail_msg("Content-Type \"%s\": expected %d, got %d (%s)",
		    ct != NULL ? ct : "(none)", want, err.rc, err.reason);
	if (want != SCS_OK)
		assert_string_equal(err.field, "Content-Type");
	if (in_reason != NULL && strstr(err.reason, in_reason) == NULL)
		fail_msg("Content-Type \"%s\": \"%s\" does not name %s", ct,
		    err.reason, in_reason);
}

static void
test_json_bodies_are_utf8_only(void **state)
{
	(void)state;
	expect_type("application/json", SCS_OK, NULL);
	expect_type("Application/JSON", SCS_OK, NULL);
	expect_type("application/json; charset=utf-8", SCS_OK, NULL);
	expect_type("application/json;charset=UTF-8", SCS_OK, NULL);
	expect_type("application/json; charset=\"utf-8\"", SCS_OK, NULL);
	expect_type("application/json ; charset = utf-8 ", SCS_OK, NULL);
	expect_type("application/json; foo=bar; charset=utf-8", SCS_OK, NULL);
	expect_type("application/json;", SCS_OK, NULL);
	expect_type("application/json; charset=iso-8859-1", SCS_EMEDIA,
	    "\"iso-8859-1\"");
	expect_type("application/json; CHARSET=ISO-8859-1", SCS_EMEDIA,
	    "ISO-8859-1");
	expect_type("application/json; charset=\"Shift_JIS\"", SCS_EMEDIA,
	    "\"Shift_JIS\"");
	expect_type("application/json; charset=utf-16", SCS_EMEDIA, "utf-16");
	expect_type("application/json; charset=utf8", SCS_EMEDIA, "utf8");
	expect_type("application/json; charset=", SCS_EMEDIA, NULL);
	expect_type("application/json; charset=utf-8; charset=latin1",
	    SCS_EMEDIA, "latin1");
	expect_type("text/plain", SCS_EMEDIA, NULL);
	expect_type("application/jsonp", SCS_EMEDIA, NULL);
	expect_type("application/json, text/plain", SCS_EMEDIA, NULL);
	expect_type("", SCS_EMEDIA, NULL);
	expect_type(NULL, SCS_EMEDIA, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_an_encoded_slash_stays_inside_its_segment),
	    cmocka_unit_test(
	        test_an_encoded_nul_is_refused_anywhere_in_the_path),
	    cmocka_unit_test(test_bad_escapes_are_refused),
	    cmocka_unit_test(test_path_parameters_follow_the_id_rules),
	    cmocka_unit_test(
	        test_empty_segments_and_unknown_paths_are_not_found),
	    cmocka_unit_test(test_routes_match_as_the_old_matcher_did),
	    cmocka_unit_test(test_query_strings_decode_plus_and_escapes),
	    cmocka_unit_test(
	        test_query_strings_refuse_nul_bad_escapes_and_repeats),
	    cmocka_unit_test(test_only_known_query_parameters_and_ids),
	    cmocka_unit_test(test_json_bodies_are_utf8_only),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
