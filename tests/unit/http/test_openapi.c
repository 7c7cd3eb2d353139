/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_openapi.c - docs/openapi.json against the route table of
 * src/http/routes.c: the same paths and methods both ways, the same roles
 * (x-roles) as each route's mask, `security: []` exactly on the public
 * routes, the error envelope on every 4xx; and scs_http_match against
 * every route of the table.
 */
#include "helpers.h"

#include <ctype.h>

#include <jansson.h>

#include "scs/http.h"
#include "scs/model.h"

#define NROLE_BITS 8
#define METHOD_MAX 16
#define PATH_MAX_  256

static const char *doc_path = SCS_SRCDIR "/docs/openapi.json";

static const char *const http_methods[] = {"get", "put", "post", "delete",
    "options", "head", "patch", "trace"};

/* ---- helpers --------------------------------------------------------- */

static void
lower(char *dst, const char *src)
{
	size_t i;

	for (i = 0; src[i] != '\0' && i + 1 < METHOD_MAX; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static int
is_http_method(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(http_methods) / sizeof(http_methods[0]); i++)
		if (strcmp(http_methods[i], key) == 0)
			return 1;
	return 0;
}

/* @j's member at the path of keys that follows (NULL-terminated). */
static json_t *
dig(json_t *j, ...)
{
	const char *key;
	va_list ap;

	va_start(ap, j);
	while (j != NULL && (key = va_arg(ap, const char *)) != NULL)
		j = json_object_get(j, key);
	va_end(ap);
	return j;
}

/* The operation of @rt in @doc, or NULL. */
static json_t *
operation(json_t *doc, const struct scs_route *rt)
{
	char m[METHOD_MAX];

	lower(m, rt->method);
	return dig(doc, "paths", rt->path, m, (char *)NULL);
}

/* The route with @method (any case) and @path in the table, or NULL. */
static const struct scs_route *
route_of(const char *method, const char *path)
{
	char m[METHOD_MAX];
	size_t i;

	for (i = 0; i < scs_http_nroutes; i++) {
		lower(m, scs_http_routes[i].method);
		if (strcmp(m, method) == 0 &&
		    strcmp(scs_http_routes[i].path, path) == 0)
			return &scs_http_routes[i];
	}
	return NULL;
}

/* Whether @pattern's segments match @path's, a {x} segment any one. */
static int
covers(const char *pattern, const char *path)
{
	const char *p = pattern, *q = path;

	while (*p != '\0' && *q != '\0') {
		if (*p == '{') {
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '}')
				p++;
			while (*q != '\0' && *q != '/')
				q++;
			continue;
		}
		if (*p != *q)
			return 0;
		p++;
		q++;
	}
	return *p == '\0' && *q == '\0';
}

/* Whether a route of @method answers at concrete @path (its own pattern
 * or another's: GET /v1/visits/pass is GET /v1/visits/{id}). */
static int
answers(const char *method, const char *path)
{
	size_t i;

	for (i = 0; i < scs_http_nroutes; i++)
		if (strcmp(scs_http_routes[i].method, method) == 0 &&
		    covers(scs_http_routes[i].path, path))
			return 1;
	return 0;
}

/* @pattern with every {x} segment replaced by "abc". */
static void
concrete(char *dst, size_t size, const char *pattern)
{
	size_t n = 0;
	const char *p;

	for (p = pattern; *p != '\0' && n + 4 < size; p++) {
		if (*p == '{') {
			memcpy(dst + n, "abc", 3);
			n += 3;
			while (*p != '\0' && *p != '}')
				p++;
			if (*p == '\0')
				break;
			continue;
		}
		dst[n++] = *p;
	}
	dst[n] = '\0';
}

static size_t
count_params(const char *pattern)
{
	size_t n = 0;

	for (; *pattern != '\0'; pattern++)
		if (*pattern == '{')
			n++;
	return n;
}

/* ---- fixtures -------------------------------------------------------- */

static int
load_doc(void **state)
{
	json_error_t jerr;
	json_t *doc = json_load_file(doc_path, JSON_REJECT_DUPLICATES, &jerr);

	if (doc == NULL) {
		fprintf(stderr, "%s:%d:%d: %s\n", doc_path, jerr.line,
		    jerr.column, jerr.text);
		return -1;
	}
	if (!json_is_object(json_object_get(doc, "paths"))) {
		fprintf(stderr, "%s: no \"paths\" object\n", doc_path);
		json_decref(doc);
		return -1;
	}
	*state = doc;
	return 0;
}

static int
free_doc(void **state)
{
	json_decref(*state);
	*state = NULL;
	return 0;
}

/* ---- (a) every route of the table is in the document ----------------- */

static void
test_routes_in_doc(void **state)
{
	json_t *doc = *state;
	size_t i;

	assert_true(scs_http_nroutes > 0);
	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];

		if (!json_is_object(operation(doc, rt)))
			fail_msg("route %s %s is in the table but not in "
			         "docs/openapi.json",
			    rt->method, rt->path);
	}
}

/* ---- (b) every operation of the document is in the table ------------- */

static void
test_doc_in_routes(void **state)
{
	json_t *paths = json_object_get(*state, "paths"), *item;
	const char *path, *method;
	void *pi, *mi;
	size_t nops = 0;

	for (pi = json_object_iter(paths); pi != NULL;
	     pi = json_object_iter_next(paths, pi)) {
		path = json_object_iter_key(pi);
		item = json_object_iter_value(pi);
		for (mi = json_object_iter(item); mi != NULL;
		     mi = json_object_iter_next(item, mi)) {
			method = json_object_iter_key(mi);
			if (!is_http_method(method))
				continue;
			nops++;
			if (route_of(method, path) == NULL)
				fail_msg("operation %s %s is in "
				         "docs/openapi.json but not in the "
				         "route table",
				    method, path);
		}
	}
	if (nops != scs_http_nroutes)
		fail_msg("docs/openapi.json has %zu operations but the route "
		         "table %zu routes (a route listed twice?)",
		    nops, scs_http_nroutes);
}

/* ---- (c) x-roles names exactly the roles of the route's mask --------- */

static void
test_roles_match(void **state)
{
	json_t *doc = *state, *roles;
	size_t i, j, k;

	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];
		unsigned seen = 0;

		roles = json_object_get(operation(doc, rt), "x-roles");
		if (!json_is_array(roles))
			fail_msg("route %s %s has no x-roles array in "
			         "docs/openapi.json",
			    rt->method, rt->path);
		for (j = 0; j < json_array_size(roles); j++) {
			const char *name =
			    json_string_value(json_array_get(roles, j));
			unsigned bit = 0;

			for (k = 0; name != NULL && k < NROLE_BITS; k++) {
				const char *rn =
				    scs_role_name((enum scs_role)(1u << k));

				if (rn != NULL && strcmp(rn, name) == 0)
					bit = 1u << k;
			}
			if (bit == 0)
				fail_msg("route %s %s: x-roles[%zu] is not a "
				         "role name",
				    rt->method, rt->path, j);
			if ((seen & bit) != 0)
				fail_msg("route %s %s: x-roles names %s twice",
				    rt->method, rt->path, name);
			if ((rt->roles & bit) == 0)
				fail_msg("route %s %s: x-roles names %s, which "
				         "the table does not allow",
				    rt->method, rt->path, name);
			seen |= bit;
		}
		for (k = 0; k < NROLE_BITS; k++) {
			unsigned bit = 1u << k;

			if ((rt->roles & bit) != 0 && (seen & bit) == 0)
				fail_msg("route %s %s: the table allows %s but "
				         "x-roles does not name it",
				    rt->method, rt->path,
				    scs_role_name((enum scs_role)bit));
		}
		assert_int_equal(seen, rt->roles);
	}
}

/* ---- (d) `security: []` exactly on the public routes ----------------- */

static void
test_security_override(void **state)
{
	json_t *doc = *state, *sec;
	size_t i;

	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];
		int open;

		sec = json_object_get(operation(doc, rt), "security");
		open = json_is_array(sec) && json_array_size(sec) == 0;
		if (rt->roles == 0 && !open)
			fail_msg("route %s %s is public but docs/openapi.json "
			         "lacks \"security\": []",
			    rt->method, rt->path);
		if (rt->roles != 0 && open)
			fail_msg("route %s %s needs a sign-in but "
			         "docs/openapi.json says \"security\": []",
			    rt->method, rt->path);
	}
}

/* ---- every 4xx response is the shared Error envelope ------------------ */

static void
test_errors_use_envelope(void **state)
{
	json_t *doc = *state, *comps, *resp, *target;
	const char *code, *ref, *sref;
	void *it;
	size_t i;

	comps = dig(doc, "components", "responses", (char *)NULL);
	assert_non_null(
	    dig(doc, "components", "schemas", "Error", (char *)NULL));
	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];

		resp = json_object_get(operation(doc, rt), "responses");
		if (!json_is_object(resp))
			fail_msg("route %s %s has no responses", rt->method,
			    rt->path);
		for (it = json_object_iter(resp); it != NULL;
		     it = json_object_iter_next(resp, it)) {
			code = json_object_iter_key(it);
			if (code[0] != '4')
				continue;
			ref = json_string_value(
			    json_object_get(json_object_iter_value(it),
			        "$ref"));
			if (ref == NULL ||
			    strncmp(ref, "#/components/responses/", 23) != 0)
				fail_msg("route %s %s: response %s is not a "
				         "shared error response",
				    rt->method, rt->path, code);
			target = json_object_get(comps, ref + 23);
			sref = json_string_value(
			    dig(target, "content", "application/json", "schema",
			        "$ref", (char *)NULL));
			if (sref == NULL ||
			    strcmp(sref, "#/components/schemas/Error") != 0)
				fail_msg("route %s %s: response %s is not the "
				         "Error envelope",
				    rt->method, rt->path, code);
		}
	}
}

/* ---- (e) scs_http_match finds every route (the rest of the matcher is in
 * test_target.c) -------------------------------------------------------- */

static void
test_match(void **state)
{
	static const char *const tries[] = {"GET", "POST", "PUT", "DELETE",
	    "PATCH"};
	struct scs_http_req req;
	const struct scs_route *got;
	struct scs_err err;
	char path[PATH_MAX_];
	size_t i, j, k;
	int rc;

	(void)state;
	for (i = 0; i < scs_http_nroutes; i++) {
		const struct scs_route *rt = &scs_http_routes[i];
		const char *other = NULL;

		concrete(path, sizeof(path), rt->path);
		memset(&req, 0, sizeof(req));
		got = NULL;
		rc = scs_http_match(rt->method, path, &req, &got, &err);
		if (rc != SCS_OK || got != rt)
			fail_msg("route %s %s: scs_http_match(%s, %s) found "
			         "%s",
			    rt->method, rt->path, rt->method, path,
			    got != NULL ? got->path : "nothing");
		assert_int_equal(req.nparams, count_params(rt->path));
		for (k = 0; k < req.nparams; k++)
			assert_string_equal(req.params[k], "abc");

		/* A method no route answers at this path. */
		for (j = 0; other == NULL && j < 5; j++)
			if (!answers(tries[j], path))
				other = tries[j];
		assert_non_null(other);
		memset(&req, 0, sizeof(req));
		rc = scs_http_match(other, path, &req, &got, &err);
		if (rc != SCS_EMETHOD || got != NULL)
			fail_msg("route %s %s: %s %s is not 405 (%d)",
			    rt->method, rt->path, other, path, rc);
	}

	memset(&req, 0, sizeof(req));
	assert_int_equal(scs_http_match("GET", "/v1/nope", &req, &got, &err),
	    SCS_ENOTFOUND);
	assert_null(got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_routes_in_doc),
	    cmocka_unit_test(test_doc_in_routes),
	    cmocka_unit_test(test_roles_match),
	    cmocka_unit_test(test_security_override),
	    cmocka_unit_test(test_errors_use_envelope),
	    cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, load_doc, free_doc);
}
