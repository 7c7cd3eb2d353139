/* SPDX-License-Identifier: Apache-2.0 */
/*
 * target.c - the request target as the client sent it, before anything
 * decoded it.  Routes are matched on the raw path segment by segment, and
 * each segment is decoded on its own: "%2F" stays inside its segment, so
 * "/v1/persons/p01%2Faccess" is the person "p01/access" (not a valid id:
 * 400), never the route /access.  Path parameters are checked against the
 * id rules; a "%00" anywhere, or a "%" that is not followed by two hex
 * digits, is refused.  The query string is decoded here too ('+' is a
 * space), into key/value pairs held in the request.  And the one header
 * a body depends on: its media type, JSON in UTF-8.
 *
 * No I/O and no libmicrohttpd: server.c hands in the raw URI and headers.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "scs/http.h"
#include "scs/time.h"

#define SEGMENT_MAX ((size_t)3 * SCS_ID_MAX) /* an id, percent-encoded */

/*
 * Decode the @len bytes at @s into @out (NUL-terminated; at most @len + 1
 * bytes are written, so decoding in place is fine).  '+' becomes a space
 * when @plus.  0, or -1 for a bad escape or a decoded NUL.
 */
static int
decode(const char *s, size_t len, char *out, int plus, size_t *out_len)
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
		} else if (s[i] == '+' && plus) {
			out[o++] = ' ';
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	if (out_len != NULL)
		*out_len = o;
	return 0;
}

/* The next segment of @s (after its '/'): start and length; NULL at the
 * end. */
static const char *
next_segment(const char *s, size_t *len)
{
	const char *end;

	if (*s != '/')
		return NULL;
	s++;
	end = strchr(s, '/');
	*len = end != NULL ? (size_t)(end - s) : strlen(s);
	return s;
}

/*
 * The raw path cut into its segments once per request, each literal
 * decoded once: matching then walks the route table comparing bytes, where
 * it used to cut and decode the path again for every route it tried.
 */
#define SEGMENTS_MAX 16 /* more than any route has: more is no route */

struct segment {
	size_t len; /* raw, as sent */
	int lit;    /* it decodes: dec (@dlen bytes) may equal a literal */
	size_t dlen;
	char dec[SEGMENT_MAX + 1];
};

struct segments {
	size_t n;
	int none; /* not "/a/b..." or too many segments: no route matches */
	struct segment s[SEGMENTS_MAX];
};

static void
cut_path(const char *path, struct segments *sg)
{
	const char *s = path, *ss;
	struct segment *g;
	size_t slen;

	sg->n = 0;
	sg->none = 0;
	if (*s != '/') {
		sg->none = 1;
		return;
	}
	while ((ss = next_segment(s, &slen)) != NULL) {
		if (sg->n == SEGMENTS_MAX) {
			sg->none = 1;
			return;
		}
		g = &sg->s[sg->n++];
		g->len = slen;
		g->lit = slen <= SEGMENT_MAX &&
		    decode(ss, slen, g->dec, 0, &g->dlen) == 0;
		s = ss + slen;
	}
}

/*
 * Whether the path cut into @sg has the shape of @pattern: as many
 * segments, literal segments equal once decoded, parameter segments not
 * empty.
 */
static int
shape_matches(const char *pattern, const struct segments *sg)
{
	const char *p = pattern;
	const struct segment *g;
	size_t k = 0, j;

	if (sg->none)
		return 0;
	while (*p == '/') {
		p++;
		if (k == sg->n)
			return 0;
		g = &sg->s[k++];
		if (*p == '{') {
			if (g->len == 0)
				return 0;
			while (*p != '\0' && *p != '/')
				p++;
			continue;
		}
		if (!g->lit)
			return 0;
		for (j = 0; *p != '\0' && *p != '/'; p++, j++)
			if (j >= g->dlen || g->dec[j] != *p)
				return 0;
		if (j != g->dlen)
			return 0;
	}
	return *p == '\0' && k == sg->n;
}

/* Decode and check the parameters of @path (which has @pattern's shape)
 * into @req, naming a bad one after its {name} in @pattern. */
static int
take_params(const char *pattern, const char *path, struct scs_http_req *req,
    struct scs_err *err)
{
	char name[32], val[SEGMENT_MAX + 1];
	const char *p = pattern, *s = path, *ps, *ss;
	size_t plen, slen, n = 0;

	while ((ps = next_segment(p, &plen)) != NULL &&
	    (ss = next_segment(s, &slen)) != NULL) {
		p = ps + plen;
		s = ss + slen;
		if (ps[0] != '{')
			continue;
		(void)snprintf(name, sizeof(name), "%.*s", (int)(plen - 2),
		    ps + 1);
		if (n >= SCS_HTTP_PARAMS_MAX)
			return scs_err_set(err, SCS_EINTERNAL, name,
			    "too many path parameters in a route");
		if (slen > SEGMENT_MAX)
			return scs_err_set(err, SCS_EINVAL, name,
			    "must be at most %d bytes", SCS_ID_MAX);
		if (decode(ss, slen, val, 0, NULL) != 0)
			return scs_err_set(err, SCS_EINVAL, name,
			    "is not validly percent-encoded");
		if (scs_valid_id(val, name, err) != SCS_OK)
			return SCS_EINVAL;
		memcpy(req->params[n++], val, strlen(val) + 1);
	}
	req->nparams = n;
	return SCS_OK;
}

/* Every escape of the raw path is two hex digits and none is %00. */
static int
path_ok(const char *path, struct scs_err *err)
{
	const char *s;

	for (s = path; (s = strchr(s, '%')) != NULL; s += 3)
		if (scs_hexval(s[1]) < 0 || scs_hexval(s[2]) < 0 ||
		    (s[1] == '0' && s[2] == '0'))
			return scs_err_set(err, SCS_EINVAL, "path",
			    "holds \"%%%.2s\": neither a byte escape nor "
			    "allowed (%%00)",
			    s[1] != '\0' ? s + 1 : "");
	return SCS_OK;
}

int
scs_http_match(const char *method, const char *path, struct scs_http_req *req,
    const struct scs_route **out, struct scs_err *err)
{
	const struct scs_route *rt;
	struct segments sg;
	int known = 0, rc;
	size_t i;

	*out = NULL;
	if ((rc = path_ok(path, err)) != SCS_OK)
		return rc;
	cut_path(path, &sg);
	for (i = 0; i < scs_http_nroutes; i++) {
		rt = &scs_http_routes[i];
		if (!shape_matches(rt->path, &sg))
			continue;
		if (strcmp(rt->method, method) != 0) {
			known = 1;
			continue;
		}
		if ((rc = take_params(rt->path, path, req, err)) != SCS_OK)
			return rc;
		*out = rt;
		return SCS_OK;
	}
	if (known)
		return scs_err_set(err, SCS_EMETHOD, "",
		    "method %s is not allowed here", method);
	return scs_err_set(err, SCS_ENOTFOUND, "", "no such route: %s", path);
}

/* Decode one "key[=value]" (in place) and add it to @req. */
static int
add_param(char *key, struct scs_http_req *req, struct scs_err *err)
{
	char *val = strchr(key, '=');
	size_t i;

	if (val != NULL)
		*val++ = '\0';
	if (decode(key, strlen(key), key, 1, NULL) != 0)
		return scs_err_set(err, SCS_EINVAL, "",
		    "a query parameter name is not validly percent-encoded");
	if (*key == '\0')
		return scs_err_set(err, SCS_EINVAL, "",
		    "a query parameter has no name");
	if (val != NULL && decode(val, strlen(val), val, 1, NULL) != 0)
		return scs_err_set(err, SCS_EINVAL, key,
		    "is not validly percent-encoded, or holds a NUL (%%00)");
	for (i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is given more than once");
	if (req->nquery >= SCS_HTTP_QUERY_MAX)
		return scs_err_set(err, SCS_EINVAL, key,
		    "more than %d query parameters", SCS_HTTP_QUERY_MAX);
	req->query[req->nquery].key = key;
	req->query[req->nquery].value = val != NULL ? val : "";
	req->nquery++;
	return SCS_OK;
}

int
scs_http_parse_query(char *q, struct scs_http_req *req, struct scs_err *err)
{
	char *s = q, *amp;
	int rc;

	req->nquery = 0;
	while (s != NULL && *s != '\0') {
		if ((amp = strchr(s, '&')) != NULL)
			*amp = '\0';
		if (*s != '\0' && (rc = add_param(s, req, err)) != SCS_OK)
			return rc;
		s = amp != NULL ? amp + 1 : NULL;
	}
	return SCS_OK;
}

const char *
scs_http_query(const struct scs_http_req *req, const char *key)
{
	size_t i;

	for (i = 0; i < req->nquery; i++)
		if (strcmp(req->query[i].key, key) == 0)
			return req->query[i].value;
	return NULL;
}

int
scs_http_body_only(const struct scs_http_req *req, const char *const *keys,
    struct scs_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (req->body == NULL || !json_is_object(req->body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	json_object_foreach(req->body, key, v)
	{
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], key) == 0)
				break;
		if (keys[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of this request");
	}
	return SCS_OK;
}

int
scs_http_query_only(const struct scs_http_req *req, const char *const *allowed,
    struct scs_err *err)
{
	size_t i, k;

	for (i = 0; i < req->nquery; i++) {
		for (k = 0; allowed[k] != NULL; k++)
			if (strcmp(allowed[k], req->query[i].key) == 0)
				break;
		if (allowed[k] == NULL)
			return scs_err_set(err, SCS_EINVAL, req->query[i].key,
			    "is not a query parameter of this route");
	}
	return SCS_OK;
}

int
scs_http_query_id(const struct scs_http_req *req, const char *key,
    const char **out, struct scs_err *err)
{
	*out = scs_http_query(req, key);
	if (*out == NULL)
		return SCS_OK;
	return scs_valid_id(*out, key, err);
}

static const char *
skip_ws(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

int
scs_http_json_type(const char *ct, struct scs_err *err)
{
	static const char json[] = "application/json";
	const char *s, *name, *val;
	size_t nlen, vlen;

	s = ct != NULL ? skip_ws(ct) : "";
	if (strncasecmp(s, json, sizeof(json) - 1) != 0)
		return scs_err_set(err, SCS_EMEDIA, "Content-Type",
		    "must be application/json");
	s = skip_ws(s + sizeof(json) - 1);
	while (*s == ';') {
		name = skip_ws(s + 1);
		nlen = strcspn(name, "=; \t");
		s = skip_ws(name + nlen);
		if (*s != '=')
			continue; /* a parameter without a value: ignored */
		val = skip_ws(s + 1);
		if (*val == '"') {
			vlen = strcspn(++val, "\"");
			s = val + vlen + (val[vlen] == '"');
		} else {
			vlen = strcspn(val, "; \t");
			s = val + vlen;
		}
		s = skip_ws(s);
		/* The body is read as UTF-8, whatever it claims: a client
		 * that sends another charset would be misread, so say so. */
		if (nlen == 7 && strncasecmp(name, "charset", 7) == 0 &&
		    (vlen != 5 || strncasecmp(val, "utf-8", 5) != 0))
			return scs_err_set(err, SCS_EMEDIA, "Content-Type",
			    "charset \"%.*s\" is not supported: send UTF-8 "
			    "(charset=utf-8, or no charset)",
			    (int)(vlen > 40 ? 40 : vlen), val);
	}
	if (*s != '\0')
		return scs_err_set(err, SCS_EMEDIA, "Content-Type",
		    "must be application/json");
	return SCS_OK;
}

int
scs_http_query_period(const struct scs_http_req *req, int64_t *from,
    int64_t *to, struct scs_err *err)
{
	static const char *const keys[] = {"from", "to", NULL};
	const char *f = scs_http_query(req, "from");
	const char *t = scs_http_query(req, "to");
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if (f != NULL &&
	    (rc = scs_time_parse(f, strlen(f), "from", from, err)) != SCS_OK)
		return rc;
	if (t != NULL)
		return scs_time_parse(t, strlen(t), "to", to, err);
	return SCS_OK;
}
