/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ui.c - which embedded file of the web UI answers a request
 * (src/http/ui.c): "/" and the UI's own routes are ui/index.html, /ui/P
 * is ui/P with its content type, the gzip variant when the client takes
 * it, nothing under /v1, nothing unsafe, and nothing at all when no UI
 * is built in.  The embedded files are a list given to the callback.
 */
#include "helpers.h"

#include "scs/http.h"

static const char *const with_ui[] = {"ui/index.html", "ui/index.html.gz",
    "ui/app.js", "ui/app.js.gz", "ui/app.css", "ui/logo.svg",
    "ui/fonts/a.woff2", "ui/img/x.png", "ui/strings.json", "ui/notes.txt",
    NULL};
static const char *const without_ui[] = {"openapi.json", "levels.csv", NULL};

static int
in_list(void *arg, const char *name)
{
	const char *const *l = arg;

	for (; *l != NULL; l++)
		if (strcmp(*l, name) == 0)
			return 1;
	return 0;
}

/* The name picked for @path, or "" for none. */
static const char *
pick(const char *const *files, const char *path, int gzip,
    struct scs_ui_file *f)
{
	if (!scs_http_ui_pick(path, gzip, in_list, (void *)(uintptr_t)files, f))
		return "";
	return f->name;
}

static void
test_the_root_and_the_uis_routes_are_index_html(void **state)
{
	struct scs_ui_file f;

	(void)state;
	assert_string_equal(pick(with_ui, "/", 0, &f), "ui/index.html");
	assert_string_equal(f.type, "text/html; charset=utf-8");
	assert_int_equal(f.gzip, 0);
	assert_string_equal(pick(with_ui, "/staff", 0, &f), "ui/index.html");
	assert_string_equal(pick(with_ui, "/cases/C-0001/answers", 0, &f),
	    "ui/index.html");
	assert_string_equal(pick(with_ui, "/persons/p%2001", 0, &f),
	    "ui/index.html");
}

static void
test_a_last_segment_with_a_dot_is_not_the_uis(void **state)
{
	struct scs_ui_file f;

	(void)state;
	assert_string_equal(pick(with_ui, "/favicon.ico", 0, &f), "");
	assert_string_equal(pick(with_ui, "/a/b.js", 0, &f), "");
}

static void
test_nothing_under_v1_is_the_uis(void **state)
{
	struct scs_ui_file f;

	(void)state;
	assert_string_equal(pick(with_ui, "/v1", 0, &f), "");
	assert_string_equal(pick(with_ui, "/v1/", 0, &f), "");
	assert_string_equal(pick(with_ui, "/v1/me", 0, &f), "");
	assert_string_equal(pick(with_ui, "/v1/no-such-route", 0, &f), "");
	/* /v10 is not /v1 */
	assert_string_equal(pick(with_ui, "/v10", 0, &f), "ui/index.html");
}

static void
test_ui_files_get_their_content_type(void **state)
{
	static const struct {
		const char *path, *name, *type;
	} cases[] = {
	    {"/ui/index.html", "ui/index.html", "text/html; charset=utf-8"},
	    {"/ui/app.js", "ui/app.js", "text/javascript; charset=utf-8"},
	    {"/ui/app.css", "ui/app.css", "text/css; charset=utf-8"},
	    {"/ui/logo.svg", "ui/logo.svg", "image/svg+xml"},
	    {"/ui/fonts/a.woff2", "ui/fonts/a.woff2", "font/woff2"},
	    {"/ui/img/x.png", "ui/img/x.png", "image/png"},
	    {"/ui/strings.json", "ui/strings.json",
	        "application/json; charset=utf-8"},
	};
	struct scs_ui_file f;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(cases); i++) {
		assert_string_equal(pick(with_ui, cases[i].path, 0, &f),
		    cases[i].name);
		assert_string_equal(f.type, cases[i].type);
	}
}

static void
test_missing_unknown_or_unsafe_ui_paths_are_not_found(void **state)
{
	static const char *const paths[] = {"/ui/missing.js", "/ui/notes.txt",
	    "/ui/", "/ui", "/ui/../index.html", "/ui/./app.js", "/ui//app.js",
	    "/ui/.hidden.js", "/ui/app%2ejs", "/ui/fonts/", "/ui/a b.js",
	    "/ui/app.js.gz"};
	struct scs_ui_file f;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(paths); i++)
		assert_string_equal(pick(with_ui, paths[i], 1, &f), "");
}

static void
test_the_gzip_variant_when_accepted_and_present(void **state)
{
	struct scs_ui_file f;

	(void)state;
	assert_string_equal(pick(with_ui, "/ui/app.js", 1, &f), "ui/app.js.gz");
	assert_int_equal(f.gzip, 1);
	assert_string_equal(f.type, "text/javascript; charset=utf-8");
	assert_string_equal(pick(with_ui, "/", 1, &f), "ui/index.html.gz");
	assert_int_equal(f.gzip, 1);
	/* no variant: the plain file */
	assert_string_equal(pick(with_ui, "/ui/app.css", 1, &f), "ui/app.css");
	assert_int_equal(f.gzip, 0);
	/* not accepted: the plain file */
	assert_string_equal(pick(with_ui, "/ui/app.js", 0, &f), "ui/app.js");
	assert_int_equal(f.gzip, 0);
}

static void
test_without_an_embedded_ui_nothing_is_the_uis(void **state)
{
	struct scs_ui_file f;

	(void)state;
	assert_string_equal(pick(without_ui, "/", 1, &f), "");
	assert_string_equal(pick(without_ui, "/staff", 1, &f), "");
	assert_string_equal(pick(without_ui, "/ui/app.js", 1, &f), "");
}

static void
test_accept_encoding_gzip(void **state)
{
	(void)state;
	assert_true(scs_http_accepts_gzip("gzip"));
	assert_true(scs_http_accepts_gzip("gzip, deflate, br"));
	assert_true(scs_http_accepts_gzip("br;q=1.0, GZIP;q=0.5"));
	assert_true(scs_http_accepts_gzip("deflate,gzip"));
	assert_false(scs_http_accepts_gzip(NULL));
	assert_false(scs_http_accepts_gzip(""));
	assert_false(scs_http_accepts_gzip("identity"));
	assert_false(scs_http_accepts_gzip("x-gzip"));
	assert_false(scs_http_accepts_gzip("gzipped"));
	assert_false(scs_http_accepts_gzip("gzip;q=0"));
	assert_false(scs_http_accepts_gzip("gzip; q=0.000, br"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_root_and_the_uis_routes_are_index_html),
	    cmocka_unit_test(test_a_last_segment_with_a_dot_is_not_the_uis),
	    cmocka_unit_test(test_nothing_under_v1_is_the_uis),
	    cmocka_unit_test(test_ui_files_get_their_content_type),
	    cmocka_unit_test(
	        test_missing_unknown_or_unsafe_ui_paths_are_not_found),
	    cmocka_unit_test(test_the_gzip_variant_when_accepted_and_present),
	    cmocka_unit_test(test_without_an_embedded_ui_nothing_is_the_uis),
	    cmocka_unit_test(test_accept_encoding_gzip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
