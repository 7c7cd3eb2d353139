/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ui.c - which embedded file of the web UI answers a request: the path
 * to a name, the name to a content type, the gzip variant, the fallback
 * to ui/index.html for the UI's own routes.  Pure: whether a name exists
 * is asked of a callback, so the rules are tested without a server or
 * an embedded UI (tests/unit/http/test_ui.c); server.c sends the bytes.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scs/http.h"

static const struct {
	const char *ext;
	const char *type;
} types[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".svg", "image/svg+xml"},
    {".json", "application/json; charset=utf-8"},
    {".woff2", "font/woff2"},
    {".png", "image/png"},
};

static const char *
type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	size_t i;

	if (dot == NULL || strchr(dot, '/') != NULL)
		return NULL;
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

/* A file path under /ui/: letters, digits, '.', '_', '-' and '/', no
 * empty segment and none that begins with a dot (so no "..", no hidden
 * file), nothing percent-encoded. */
static int
safe_rest(const char *p)
{
	const char *s = p;
	size_t len = strlen(p);

	if (len == 0 || len > 200)
		return 0;
	for (; *s != '\0'; s++) {
		char c = *s;
		int seg_start = s == p || s[-1] == '/';

		if (seg_start && (c == '/' || c == '.'))
			return 0;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		        (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		        c == '-' || c == '/'))
			return 0;
	}
	return s[-1] != '/';
}

static int
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

int
scs_http_ui_pick(const char *path, int gzip_ok,
    int (*exists)(void *arg, const char *name), void *arg,
    struct scs_ui_file *out)
{
	const char *last;
	char gz[sizeof(out->name) + 3];

	memset(out, 0, sizeof(*out));
	if (path == NULL || path[0] != '/' || under(path, "/v1"))
		return 0;
	if (!exists(arg, "ui/index.html"))
		return 0; /* no UI built in */
	if (strncmp(path, "/ui/", 4) == 0) {
		if (!safe_rest(path + 4))
			return 0;
		(void)snprintf(out->name, sizeof(out->name), "ui/%s", path + 4);
		if ((out->type = type_of(out->name)) == NULL ||
		    !exists(arg, out->name))
			return 0;
	} else {
		last = strrchr(path, '/') + 1;
		if (strcmp(path, "/ui") == 0 || strchr(last, '.') != NULL)
			return 0;
		(void)snprintf(out->name, sizeof(out->name), "ui/index.html");
		out->type = type_of(out->name);
	}
	(void)snprintf(gz, sizeof(gz), "%s.gz", out->name);
	if (gzip_ok && strlen(gz) < sizeof(out->name) && exists(arg, gz)) {
		memcpy(out->name, gz, strlen(gz) + 1);
		out->gzip = 1;
	}
	return 1;
}

int
scs_http_accepts_gzip(const char *ae)
{
	const char *p = ae;
	size_t n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		n = strcspn(p, ",;");
		while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		if (n == 4 && strncasecmp(p, "gzip", 4) == 0) {
			const char *q = p + 4, *end = p + strcspn(p, ",");

			/* ";q=0", ";q=0.0", ... refuses it */
			while (q < end && (*q == ' ' || *q == ';'))
				q++;
			if (q + 2 <= end && (q[0] == 'q' || q[0] == 'Q') &&
			    q[1] == '=') {
				for (q += 2; q < end &&
				     (*q == '0' || *q == '.' || *q == ' ');
				     q++)
					;
				return q < end;
			}
			return 1;
		}
		p += strcspn(p, ",");
	}
	return 0;
}
