/* SPDX-License-Identifier: Apache-2.0 */
/*
 * routes.c - the route table of the /v1 API and its handlers.  Each
 * handler turns JSON into a record, calls one scs_op_*, and turns the
 * result into JSON: no rule lives here.  The roles column is the first
 * gate; the operation applies the finer ones (own organization, own
 * person).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/embedded.h"
#include "scs/http.h"
#include "scs/time.h"
#include "http_int.h"

#define SIGNED_IN (SCS_ROLE_ANY)
#define PEOPLE    (SCS_ROLE_ANY & ~SCS_ROLE_RELYING)
#define ID_READERS                                                             \
	(SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_SUBJECT |       \
	    SCS_ROLE_VETTING)
#define ID_LISTERS                                                             \
	(SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_VETTING)
#define REL_ROLES (SCS_ROLE_VETTING | SCS_ROLE_SUBJECT)

static int
need_body(const struct scs_http_req *req, struct scs_err *err)
{
	if (req->body == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON body is required");
	return SCS_OK;
}

static int
h_health(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_err stale;
	int64_t age_ms = 0;
	int rc = req->svc->fresh(req->svc->srv, &age_ms, &stale);
	uint64_t builds = 0, updates = 0, overlay = 0;
	int cached = 0;

	if (req->svc->index_counts != NULL)
		req->svc->index_counts(req->svc->srv, &builds, &updates,
		    &overlay, &cached);
	/* Stale: 503, so that a load balancer sends decisions elsewhere;
	 * the body says how old the index is either way, and how often it
	 * was built in full or updated in place. */
	resp->body = json_pack("{s:s,s:s,s:{s:I,s:b,s:I,s:I,s:I,s:b}}",
	    "status", rc == SCS_OK ? "ok" : "stale", "version", SCS_VERSION,
	    "index", "age_ms", (json_int_t)age_ms, "fresh", rc == SCS_OK,
	    "builds", (json_int_t)builds, "updates", (json_int_t)updates,
	    "overlay", (json_int_t)overlay, "cached", cached);
	if (resp->body == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc != SCS_OK)
		resp->status = 503;
	return SCS_OK;
}

static int
h_openapi(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	const struct scs_embedded *f = scs_embedded_get("openapi.json");

	(void)req;
	if (f == NULL)
		return scs_err_set(err, SCS_ENOTFOUND, "",
		    "no OpenAPI document built in");
	resp->raw = (const char *)f->data;
	resp->rawlen = f->len;
	resp->content_type = "application/json; charset=utf-8";
	return SCS_OK;
}

/* The session cookie: the token, or "" with Max-Age=0 to clear it. */
static void
set_cookie(struct scs_http_resp *resp, const struct scs_http_req *req,
    const char *token)
{
	(void)snprintf(resp->set_cookie, sizeof(resp->set_cookie),
	    "%s=%s; Path=/; HttpOnly; SameSite=Strict%s%s", SCS_HTTP_COOKIE,
	    token, token[0] == '\0' ? "; Max-Age=0" : "",
	    req->svc->secure_cookies ? "; Secure" : "");
}

/* {"cookie": true} asks for a browser's session: the token goes into an
 * HttpOnly cookie, never into the body, which carries the CSRF token. */
static int
want_cookie(const json_t *body, bool *out, struct scs_err *err)
{
	const json_t *v = json_object_get(body, "cookie");

	*out = false;
	if (v == NULL)
		return SCS_OK;
	if (!json_is_boolean(v))
		return scs_err_set(err, SCS_EINVAL, "cookie",
		    "must be true or false");
	*out = json_is_true(v);
	return SCS_OK;
}

/* The device token this client sent: the body's "device" (a client
 * that keeps its own), else the browser's scs_device cookie; NULL. */
static int
device_of(const struct scs_http_req *req, const char **out, struct scs_err *err)
{
	const json_t *v = json_object_get(req->body, "device");

	*out = NULL;
	if (v != NULL) {
		if (!json_is_string(v) ||
		    json_string_length(v) > SCS_DEVICE_LEN)
			return scs_err_set(err, SCS_EINVAL, "device",
			    "must be the device token of an earlier sign-in");
		*out = json_string_value(v);
		return SCS_OK;
	}
	*out = req->device;
	return SCS_OK;
}

/* The device cookie after a browser's sign-in: for this path only, a
 * year, never readable by a script. */
static void
set_device_cookie(struct scs_http_resp *resp, const struct scs_http_req *req,
    const char *device)
{
	size_t n = strlen(resp->set_cookie);

	(void)snprintf(resp->set_cookie + n, sizeof(resp->set_cookie) - n,
	    "%s%s=%s; Path=/v1/login; Max-Age=31536000; HttpOnly; "
	    "SameSite=Strict%s",
	    n > 0 ? "\n" : "", SCS_HTTP_DEVICE, device,
	    req->svc->secure_cookies ? "; Secure" : "");
}

static int
h_login(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"username", "password", "cookie",
	    "device", NULL};
	char user[SCS_ID_MAX + 1], pw[1025], csrf[65];
	struct scs_login l;
	bool cookie;
	int rc;

	memset(&l, 0, sizeof(l));
	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_only(req->body, keys, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "username", user, sizeof(user), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "password", pw, sizeof(pw), true,
	         err)) != SCS_OK ||
	    (rc = want_cookie(req->body, &cookie, err)) != SCS_OK ||
	    (rc = device_of(req, &l.device, err)) != SCS_OK)
		return rc;
	l.user = user;
	l.password = pw;
	rc = scs_op_login(req->ctx, &l, err);
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc != SCS_OK) {
		resp->retry_after = l.retry;
		scs_login_clear(&l);
		return rc;
	}
	if (cookie) {
		scs_crypto_csrf(l.token, csrf);
		set_cookie(resp, req, l.token);
		if (l.new_device[0] != '\0')
			set_device_cookie(resp, req, l.new_device);
		resp->body = json_pack("{s:s,s:I,s:I,s:o}", "csrf", csrf,
		    "expires", (json_int_t)l.expires, "idle_timeout",
		    (json_int_t)req->svc->idle_timeout, "user",
		    scs_codec_user_json(&l.u));
	} else {
		resp->body = json_pack("{s:s,s:I,s:o}", "token", l.token,
		    "expires", (json_int_t)l.expires, "user",
		    scs_codec_user_json(&l.u));
		if (l.new_device[0] != '\0')
			scs_codec_put(&resp->body, "device",
			    json_string(l.new_device));
	}
	scs_login_clear(&l);
	return SCS_OK;
}

static int
h_activate(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"username", "code", "password",
	    NULL};
	char user[SCS_ID_MAX + 1], code[128], pw[1025];
	int64_t retry = 0;
	int rc;

	if ((rc = need_body(req, err)) == SCS_OK &&
	    (rc = scs_codec_only(req->body, keys, err)) == SCS_OK &&
	    (rc = scs_codec_str(req->body, "username", user, sizeof(user), true,
	         err)) == SCS_OK &&
	    (rc = scs_codec_str(req->body, "code", code, sizeof(code), true,
	         err)) == SCS_OK &&
	    (rc = scs_codec_str(req->body, "password", pw, sizeof(pw), true,
	         err)) == SCS_OK)
		rc =
		    scs_op_user_activate(req->ctx, user, code, pw, &retry, err);
	scs_crypto_wipe(code, sizeof(code));
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc != SCS_OK) {
		resp->retry_after = retry;
		return rc;
	}
	resp->body = json_pack("{s:s,s:b}", "username", user, "activated", 1);
	return SCS_OK;
}

static int
h_logout(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	int rc = scs_op_logout(req->ctx, req->bearer, err);

	if (rc != SCS_OK)
		return rc;
	resp->status = 204;
	resp->raw = "";
	resp->content_type = "application/json";
	if (req->cookie)
		set_cookie(resp, req, "");
	return SCS_OK;
}

static int
add_session(void *arg, const struct scs_session_view *v)
{
	json_t *o = json_pack("{s:s,s:o,s:o,s:o,s:b}", "id", v->id, "created",
	    scs_codec_instant_json(v->created), "last_seen",
	    scs_codec_instant_json(v->last_seen), "expires",
	    scs_codec_instant_json(v->expires), "current", v->current);

	return json_array_append_new(arg, o) == 0 ? SCS_OK : SCS_ENOMEM;
}

static int
h_me_sessions(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	json_t *a = json_array();
	int rc = scs_op_my_sessions(req->ctx, req->bearer, add_session, a, err);

	if (rc != SCS_OK) {
		json_decref(a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "sessions", a);
	return SCS_OK;
}

static int
h_me_session_end(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	int rc = scs_op_my_session_end(req->ctx, req->params[0], err);

	if (rc != SCS_OK)
		return rc;
	resp->status = 204;
	resp->raw = "";
	resp->content_type = "application/json";
	return SCS_OK;
}

static int
h_me_password(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"current", "new", NULL};
	char cur[1025], pw[1025];
	int64_t retry = 0;
	int rc;

	if ((rc = need_body(req, err)) == SCS_OK &&
	    (rc = scs_codec_only(req->body, keys, err)) == SCS_OK &&
	    (rc = scs_codec_str(req->body, "current", cur, sizeof(cur), true,
	         err)) == SCS_OK &&
	    (rc = scs_codec_str(req->body, "new", pw, sizeof(pw), true, err)) ==
	        SCS_OK)
		rc = scs_op_my_password(req->ctx, req->bearer, cur, pw, &retry,
		    err);
	scs_crypto_wipe(cur, sizeof(cur));
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc != SCS_OK) {
		resp->retry_after = retry;
		return rc;
	}
	resp->body = json_pack("{s:s,s:b}", "username", req->ctx->actor.user,
	    "changed", 1);
	return SCS_OK;
}

static int
h_me(struct scs_http_req *req, struct scs_http_resp *resp, struct scs_err *err)
{
	const struct scs_actor *a = &req->ctx->actor;

	(void)err;
	resp->body = json_pack("{s:s,s:s,s:s}", "username", a->user, "role",
	    scs_role_name(a->role), "org", a->org);
	if (a->person[0] != '\0')
		scs_codec_put(&resp->body, "person", json_string(a->person));
	/* A reloaded page recovers its CSRF token, and the idle timeout
	 * it warns of; a bearer client has neither and needs neither. */
	if (req->cookie) {
		char csrf[65];

		scs_crypto_csrf(req->bearer, csrf);
		scs_codec_put(&resp->body, "csrf", json_string(csrf));
		scs_codec_put(&resp->body, "idle_timeout",
		    json_integer((json_int_t)req->svc->idle_timeout));
	}
	return SCS_OK;
}

/* ---- organizations ---- */

struct org_list {
	struct scs_ctx *ctx;
	json_t *a;
};

/* A screening body's open cases, for the roles that may count them. */
static int
add_org(void *arg, const struct scs_org *o)
{
	struct org_list *l = arg;
	json_t *j = scs_codec_org_json(o, false);
	uint64_t n;

	if (j != NULL && o->type == SCS_ORG_SCREENING &&
	    scs_op_body_open_cases(l->ctx, o->id, &n, NULL) == SCS_OK)
		scs_codec_put(&j, "open_cases", json_integer((json_int_t)n));
	return json_array_append_new(l->a, j) == 0 ? SCS_OK : SCS_ENOMEM;
}

static int
h_orgs(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	json_t *a = json_array();
	struct org_list l = {req->ctx, a};
	int rc = scs_op_org_list(req->ctx, add_org, &l, err);

	if (rc != SCS_OK) {
		json_decref(a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "organizations", a);
	return SCS_OK;
}

static int
h_org_create(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_org o;
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_org_parse(req->body, &o, err)) != SCS_OK ||
	    (rc = scs_op_org_create(req->ctx, &o, err)) != SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = scs_codec_org_json(&o, false);
	return SCS_OK;
}

static int
h_org_get(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_org o;
	int rc;

	if ((rc = scs_op_org_get(req->ctx, req->params[0], &o, err)) != SCS_OK)
		return rc;
	resp->body = scs_codec_org_json(&o, false);
	return SCS_OK;
}

/* The id in the path wins; a different id in the body is an error. */
static int
path_id(struct scs_http_req *req, struct scs_err *err)
{
	const json_t *id;

	if (req->body == NULL || !json_is_object(req->body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	id = json_object_get(req->body, "id");
	if (id != NULL &&
	    (!json_is_string(id) ||
	        strcmp(json_string_value(id), req->params[0]) != 0))
		return scs_err_set(err, SCS_EINVAL, "id",
		    "must match the id in the path");
	if (json_object_set_new(req->body, "id", json_string(req->params[0])) !=
	    0)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

static int
h_org_put(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_org o;
	int rc;

	if ((rc = path_id(req, err)) != SCS_OK ||
	    (rc = scs_codec_org_parse(req->body, &o, err)) != SCS_OK ||
	    (rc = scs_op_org_update(req->ctx, &o, err)) != SCS_OK)
		return rc;
	resp->body = scs_codec_org_json(&o, false);
	return SCS_OK;
}

/* ---- an organization's staff (its security officer's page) ---- */

static json_t *
until_json(int64_t t)
{
	char buf[SCS_TIME_STRMAX];

	if (t == SCS_TIME_NEVER)
		return json_null();
	(void)scs_time_format(t, buf);
	return json_string(buf);
}

struct staff_page {
	json_t *a;
	char last[SCS_ID_MAX + 1];
};

static int
add_staff(void *arg, const struct scs_staff_row *r)
{
	struct staff_page *pg = arg;
	json_t *cl = json_array(), *o;
	size_t i;

	for (i = 0; cl != NULL && i < r->nclearances; i++) {
		const struct scs_clearance *c = &r->clearances[i].c;

		if (json_array_append_new(cl,
		        json_pack("{s:s,s:s,s:o,s:o,s:s}", "authority",
		            c->authority, "level", c->level, "valid_from",
		            until_json(c->valid_from), "valid_until",
		            until_json(c->valid_until), "status",
		            scs_staff_status_name(r->clearances[i].status))) !=
		    0) {
			json_decref(cl);
			return SCS_ENOMEM;
		}
	}
	o = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o}", "person", r->person, "name",
	    r->name, "name_latin", r->name_latin, "status",
	    scs_staff_status_name(r->status), "valid_until",
	    r->has_until ? until_json(r->valid_until) : json_null(),
	    "clearances", cl);
	(void)scs_strlcpy(pg->last, r->person, sizeof(pg->last));
	return json_array_append_new(pg->a, o) == 0 ? SCS_OK : SCS_ENOMEM;
}

static int
h_org_staff(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"status", "sort", "after", "limit",
	    NULL};
	const char *lim = scs_http_query(req, "limit");
	const char *status = scs_http_query(req, "status");
	const char *sort = scs_http_query(req, "sort");
	struct scs_staff_query q;
	struct staff_page pg;
	uint64_t limit = 100;
	int rc;

	memset(&q, 0, sizeof(q));
	q.org = req->params[0];
	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_http_query_id(req, "after", &q.after, err)) != SCS_OK)
		return rc;
	if (lim != NULL &&
	    (scs_parse_u64(lim, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	if (status != NULL) {
		if (scs_staff_status_parse(status, &q.status) != 0)
			return scs_err_set(err, SCS_EINVAL, "status",
			    "must be active, expiring, expired, suspended or "
			    "none");
		q.has_status = true;
	}
	if (sort != NULL && strcmp(sort, "name") != 0 &&
	    strcmp(sort, "valid_until") != 0)
		return scs_err_set(err, SCS_EINVAL, "sort",
		    "must be name or valid_until");
	q.by_until = sort != NULL && strcmp(sort, "valid_until") == 0;
	q.limit = (size_t)limit;
	memset(&pg, 0, sizeof(pg));
	if ((pg.a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_org_staff(req->ctx, &q, add_staff, &pg, err)) !=
	    SCS_OK) {
		json_decref(pg.a);
		if (rc == SCS_ENOMEM && err->rc == SCS_OK)
			(void)scs_err_set(err, rc, "", "out of memory");
		return rc;
	}
	resp->body = json_pack("{s:o}", "staff", pg.a);
	if (json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

/* ---- persons ---- */

struct page {
	json_t *a;
	char last[SCS_ID_MAX + 1];
};

static int
add_person(void *arg, const struct scs_person *p)
{
	struct page *pg = arg;

	(void)scs_strlcpy(pg->last, p->id, sizeof(pg->last));
	return json_array_append_new(pg->a,
	           scs_codec_person_json(p, NULL, false)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

static int
h_persons(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"org", "after", "limit", NULL};
	const char *lim = scs_http_query(req, "limit"), *org, *after;
	struct page pg;
	uint64_t limit = 100;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_http_query_id(req, "org", &org, err)) != SCS_OK ||
	    (rc = scs_http_query_id(req, "after", &after, err)) != SCS_OK)
		return rc;
	if (lim != NULL &&
	    (scs_parse_u64(lim, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	memset(&pg, 0, sizeof(pg));
	pg.a = json_array();
	rc = scs_op_person_list(req->ctx, org, after, (size_t)limit, add_person,
	    &pg, err);
	if (rc != SCS_OK) {
		json_decref(pg.a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "persons", pg.a);
	if (json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

static int
h_person_create(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	struct scs_person p;
	bool has_rel = false;
	int rc;

	if (rel == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = need_body(req, err)) == SCS_OK &&
	    (rc = scs_codec_person_parse(req->body, &p, rel, &has_rel, err)) ==
	        SCS_OK &&
	    (rc = scs_op_person_create(req->ctx, &p, has_rel ? rel : NULL,
	         err)) == SCS_OK) {
		resp->status = 201;
		resp->body = scs_codec_person_json(&p, NULL, false);
	}
	scs_crypto_secfree(rel);
	return rc;
}

static int
h_person_get(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_person p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_person_get(req->ctx, req->params[0], &p, err)) !=
	    SCS_OK)
		return rc;
	resp->body = scs_codec_person_json(&p, NULL, false);
	scs_person_clear(&p);
	return SCS_OK;
}

static int
h_person_put(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_person p;
	bool has_rel;
	int rc;

	if ((rc = path_id(req, err)) != SCS_OK ||
	    (rc = scs_codec_person_parse(req->body, &p, NULL, &has_rel, err)) !=
	        SCS_OK ||
	    (rc = scs_op_person_update(req->ctx, &p, err)) != SCS_OK)
		return rc;
	resp->body = scs_codec_person_json(&p, NULL, false);
	return SCS_OK;
}

static int
h_relatives_get(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"purpose", NULL};
	struct scs_relatives *rel;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if ((rel = scs_crypto_secalloc(sizeof(*rel))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_relatives_get(req->ctx, req->params[0],
	    scs_http_query(req, "purpose"), rel, err);
	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:o}", "person", req->params[0],
		    "relatives", scs_codec_relatives_json(rel));
	scs_crypto_secfree(rel);
	return rc;
}

static int
h_relatives_put(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	const json_t *a;
	int rc;

	if (rel == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = need_body(req, err)) == SCS_OK) {
		a = json_object_get(req->body, "relatives");
		if (!json_is_object(req->body) || a == NULL ||
		    json_object_size(req->body) != 1)
			rc = scs_err_set(err, SCS_EINVAL, "relatives",
			    "send {\"relatives\": [...]}");
		else if ((rc = scs_codec_relatives_parse(a, rel, err)) ==
		        SCS_OK &&
		    (rc = scs_op_relatives_put(req->ctx, req->params[0], rel,
		         err)) == SCS_OK)
			resp->body = json_pack("{s:s,s:I}", "person",
			    req->params[0], "relatives", (json_int_t)rel->n);
	}
	scs_crypto_secfree(rel);
	return rc;
}

/* ---- users ---- */

/* A page of accounts: those after @after, at most @limit; one more seen
 * means there is a next page. */
struct user_page {
	json_t *a;
	const char *after;
	size_t limit, n;
	char last[SCS_ID_MAX + 1];
	int more;
};

#define PAGE_FULL 1000 /* not an scs_rc: ends the walk, mapped back to OK */

static int
add_user(void *arg, const struct scs_user *u)
{
	struct user_page *pg = arg;

	if (pg->after != NULL && strcmp(u->id, pg->after) <= 0)
		return SCS_OK;
	if (pg->n == pg->limit) {
		pg->more = 1;
		return PAGE_FULL;
	}
	pg->n++;
	(void)scs_strlcpy(pg->last, u->id, sizeof(pg->last));
	return json_array_append_new(pg->a, scs_codec_user_json(u)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

/* GET /v1/users: pages of at most ?limit (1..1000, default 1000) accounts
 * in id order after ?after; "next" when there are more. */
static int
h_users(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"after", "limit", NULL};
	const char *lim = scs_http_query(req, "limit");
	struct user_page pg;
	uint64_t limit = 1000;
	int rc;

	memset(&pg, 0, sizeof(pg));
	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_http_query_id(req, "after", &pg.after, err)) != SCS_OK)
		return rc;
	if (lim != NULL &&
	    (scs_parse_u64(lim, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	pg.limit = (size_t)limit;
	if ((pg.a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_user_list(req->ctx, add_user, &pg, err);
	if (rc == PAGE_FULL)
		rc = SCS_OK;
	if (rc != SCS_OK) {
		json_decref(pg.a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "users", pg.a);
	if (pg.more)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

/* A subject's new activation code, shown this once, and its expiry. */
static void
add_code(json_t **body, const struct scs_user *u, const char *code)
{
	scs_codec_put(body, "activation_code", json_string(code));
	scs_codec_put(body, "activation_expires",
	    scs_codec_instant_json(u->activation_expires));
}

static int
h_user_create(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_user u;
	char pw[1025], apikey[64];
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK)
		return rc;
	rc = scs_codec_user_parse(req->body, &u, pw, sizeof(pw), err);
	if (rc == SCS_OK)
		rc = scs_op_user_add(req->ctx, &u, pw, apikey, err);
	scs_crypto_wipe(pw, sizeof(pw));
	if (rc != SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = scs_codec_user_json(&u);
	if (u.role == SCS_ROLE_SUBJECT)
		add_code(&resp->body, &u, apikey);
	else if (apikey[0] != '\0')
		scs_codec_put(&resp->body, "api_key", json_string(apikey));
	scs_crypto_wipe(apikey, sizeof(apikey));
	return SCS_OK;
}

/* Reset a subject's account; {"person": ID} re-links it too. */
static int
h_user_reset(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"person", NULL};
	char person[SCS_ID_MAX + 1] = "", code[SCS_CODE_LEN + 1];
	struct scs_user u;
	int rc;

	if (req->body != NULL &&
	    ((rc = scs_codec_only(req->body, keys, err)) != SCS_OK ||
	        ((rc = scs_codec_str(req->body, "person", person,
	              sizeof(person), false, err)) != SCS_OK &&
	            rc != SCS_ENOTFOUND)))
		return rc;
	if ((rc = scs_op_user_reset(req->ctx, req->params[0], person, code, &u,
	         err)) != SCS_OK)
		return rc;
	resp->body = scs_codec_user_json(&u);
	add_code(&resp->body, &u, code);
	scs_crypto_wipe(code, sizeof(code));
	return SCS_OK;
}

static int
h_user_disable(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	int rc = scs_op_user_disable(req->ctx, req->params[0], err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:b}", "username", req->params[0],
		    "disabled", 1);
	return rc;
}

static int
h_user_enable(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	int rc = scs_op_user_enable(req->ctx, req->params[0], err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:b}", "username", req->params[0],
		    "disabled", 0);
	return rc;
}

/* Bind a client certificate to a service account (mutual TLS):
 * {"fingerprint": SHA-256 of its DER, hex}. */
static int
h_user_cert_put(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"fingerprint", NULL};
	char fp[256];
	struct scs_user u;
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_only(req->body, keys, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "fingerprint", fp, sizeof(fp), true,
	         err)) != SCS_OK)
		return rc;
	if (fp[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "fingerprint",
		    "is required (DELETE unbinds)");
	if ((rc = scs_op_user_cert(req->ctx, req->params[0], fp, &u, err)) ==
	    SCS_OK)
		resp->body = scs_codec_user_json(&u);
	return rc;
}

static int
h_user_cert_delete(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_user u;
	int rc = scs_op_user_cert(req->ctx, req->params[0], NULL, &u, err);

	if (rc == SCS_OK)
		resp->body = scs_codec_user_json(&u);
	return rc;
}

/* ---- audit ---- */

struct audit_page {
	json_t *a;
	uint64_t last;
};

static int
add_entry(void *arg, const struct scs_audit_entry *e)
{
	struct audit_page *pg = arg;

	pg->last = e->seq;
	return json_array_append_new(pg->a, scs_codec_audit_json(e)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

/* The time in query parameter @key, if any, into *out (microseconds). */
static int
time_param(const struct scs_http_req *req, const char *key, int64_t *out,
    struct scs_err *err)
{
	const char *v = scs_http_query(req, key);
	uint64_t n;

	if (v == NULL)
		return SCS_OK;
	if (scs_parse_u64(v, UINT64_MAX, &n) == 0)
		return scs_err_set(err, SCS_EINVAL, key,
		    "is a time (RFC 3339 or YYYY-MM-DD), not a sequence "
		    "number: page with after=SEQ");
	return scs_time_parse_us(v, strlen(v), key, out, err);
}

static int
h_audit(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"actor", "action", "kind", "object",
	    "from", "to", "after", "limit", NULL};
	const char *a = scs_http_query(req, "after");
	const char *l = scs_http_query(req, "limit");
	struct scs_audit_filter f;
	struct audit_page pg;
	uint64_t after = 0, limit = 100;
	int rc;

	memset(&f, 0, sizeof(f));
	f.actor = scs_http_query(req, "actor");
	f.action = scs_http_query(req, "action");
	f.kind = scs_http_query(req, "kind");
	f.object = scs_http_query(req, "object");
	f.from_us = INT64_MIN;
	f.to_us = INT64_MAX;
	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = time_param(req, "from", &f.from_us, err)) != SCS_OK ||
	    (rc = time_param(req, "to", &f.to_us, err)) != SCS_OK)
		return rc;
	if (a != NULL && scs_parse_u64(a, INT64_MAX - 1, &after) != 0)
		return scs_err_set(err, SCS_EINVAL, "after",
		    "must be a sequence number");
	if (a != NULL)
		f.from_seq = after + 1;
	if (l != NULL && (scs_parse_u64(l, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	memset(&pg, 0, sizeof(pg));
	pg.a = json_array();
	if ((rc = scs_op_audit_find(req->ctx, &f, limit, add_entry, &pg,
	         err)) != SCS_OK) {
		json_decref(pg.a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "entries", pg.a);
	/* A full page: the next one starts after its last entry. */
	if (resp->body != NULL && json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next",
		    json_integer((json_int_t)pg.last));
	return SCS_OK;
}

/* A time in query parameter @key, if any, into *out (unix seconds). */
static int
time_param_s(const struct scs_http_req *req, const char *key, int64_t *out,
    struct scs_err *err)
{
	const char *v = scs_http_query(req, key);

	if (v == NULL)
		return SCS_OK;
	return scs_time_parse(v, strlen(v), key, out, err);
}

static int
add_decision(void *arg, const struct scs_decision_found *d)
{
	return json_array_append_new(arg,
	           scs_codec_decision_json(d->seq, d->actor, d->subject,
	               d->item, d->at, d->reason)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

/* The recorded decisions of a subject (or of a time range), from the
 * decision blocks of the audit log. */
static int
h_audit_decisions(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"subject", "item", "from", "to",
	    "limit", NULL};
	const char *l = scs_http_query(req, "limit");
	struct scs_decision_filter f;
	uint64_t limit = 1000;
	json_t *a;
	int more = 0, rc;

	f.subject = scs_http_query(req, "subject");
	f.item = scs_http_query(req, "item");
	f.from = INT64_MIN;
	f.to = INT64_MAX;
	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = time_param_s(req, "from", &f.from, err)) != SCS_OK ||
	    (rc = time_param_s(req, "to", &f.to, err)) != SCS_OK)
		return rc;
	if (l != NULL && (scs_parse_u64(l, 10000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 10000");
	if ((a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_audit_decisions(req->ctx, &f, limit, add_decision, a,
	         &more, err)) != SCS_OK) {
		json_decref(a);
		return rc;
	}
	resp->body = json_pack("{s:o,s:b}", "decisions", a, "more", more);
	return SCS_OK;
}

static int
h_audit_head(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_tree_head h;
	char root[65], sig[129], pub[65], at[SCS_TIME_STRMAX];
	int rc;

	if ((rc = scs_op_audit_head(req->ctx, &h, err)) != SCS_OK)
		return rc;
	scs_hex(root, h.root, 32);
	scs_hex(sig, h.sig, 64);
	scs_hex(pub, scs_keys_public(req->ctx->keys), 32);
	(void)scs_time_format_us(h.time_us, at);
	resp->body = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s}", "size",
	    (json_int_t)h.size, "time_us", (json_int_t)h.time_us, "time", at,
	    "root", root, "signature", sig, "public_key", pub);
	return SCS_OK;
}

/* A size or index in query parameter @key: required, a whole number
 * from @min (to INT64_MAX, what the store keeps). */
static int
u64_param(const struct scs_http_req *req, const char *key, uint64_t min,
    bool required, uint64_t *out, struct scs_err *err)
{
	const char *v = scs_http_query(req, key);

	*out = 0;
	if (v == NULL)
		return required
		    ? scs_err_set(err, SCS_EINVAL, key, "is required")
		    : SCS_OK;
	if (scs_parse_u64(v, INT64_MAX, out) != 0 || *out < min)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be a whole number from %llu",
		    (unsigned long long)min);
	return SCS_OK;
}

/* RFC 9162 proofs over the sizes of signed heads, with the heads, so a
 * client checks them with the register's public key alone. */
static int
h_audit_proof_inclusion(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"leaf", "size", NULL};
	struct scs_audit_proof *p;
	uint64_t leaf, size;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = u64_param(req, "leaf", 0, true, &leaf, err)) != SCS_OK ||
	    (rc = u64_param(req, "size", 1, false, &size, err)) != SCS_OK)
		return rc;
	if ((p = malloc(sizeof(*p))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_audit_prove_inclusion(req->ctx, leaf, size, p, err)) ==
	        SCS_OK &&
	    (resp->body = scs_codec_proof_json(p)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	free(p);
	return rc;
}

static int
h_audit_proof_consistency(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	static const char *const keys[] = {"from", "to", NULL};
	struct scs_audit_proof *p;
	uint64_t from, to;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = u64_param(req, "from", 1, true, &from, err)) != SCS_OK ||
	    (rc = u64_param(req, "to", 1, false, &to, err)) != SCS_OK)
		return rc;
	if ((p = malloc(sizeof(*p))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_audit_prove_consistency(req->ctx, from, to, p, err)) ==
	        SCS_OK &&
	    (resp->body = scs_codec_proof_json(p)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	free(p);
	return rc;
}

static int
add_key(void *arg, const struct scs_key_view *v)
{
	json_t *o = json_pack("{s:I,s:b,s:I}", "id", (json_int_t)v->id,
	    "current", v->current, "person_keys", (json_int_t)v->person_keys);

	if (o != NULL && v->created_us != 0)
		scs_codec_put(&o, "created",
		    scs_codec_instant_json(v->created_us / 1000000));
	return o != NULL && json_array_append_new(arg, o) == 0 ? SCS_OK
	                                                       : SCS_ENOMEM;
}

/* The keys as an admin needs to see them: ids, dates and counts, the
 * signing key's public half; never a secret or wrapped key. */
static int
h_keys(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	json_t *a = json_array();
	char pub[65];
	uint32_t rotating = 0;
	int rc = scs_op_keys_list(req->ctx, add_key, a, &rotating, err);

	if (rc != SCS_OK) {
		json_decref(a);
		return rc;
	}
	scs_hex(pub, scs_keys_public(req->ctx->keys), 32);
	resp->body = json_pack("{s:o,s:{s:s,s:s}}", "data_keys", a, "signing",
	    "algorithm", "Ed25519", "public_key", pub);
	if (rotating != 0)
		scs_codec_put(&resp->body, "rotating_to",
		    json_integer((json_int_t)rotating));
	return SCS_OK;
}

static int
h_audit_verify(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err)
{
	struct scs_verify_report rep;
	int rc = scs_op_audit_verify(req->ctx, &rep, err);

	if (rc != SCS_OK)
		return rc;
	resp->body = json_pack("{s:b,s:I,s:I,s:I,s:I,s:s}", "ok", rep.ok,
	    "entries", (json_int_t)rep.log.entries, "tree_heads",
	    (json_int_t)rep.log.heads, "records", (json_int_t)rep.records,
	    "decision_blocks", (json_int_t)rep.blocks, "problem", rep.problem);
	return SCS_OK;
}

/* Items, compartments, programs and approvals: admins and designators
 * (their own organ's), DESIGN.md section 2. */
#define REG_READERS  (SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR)
#define JOINERS      (SCS_ROLE_RELYING | SCS_ROLE_DESIGNATOR)
#define DESIGNATORS  (SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR)
#define ADJUDICATORS (SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR)
#define OFFICERS     (SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER)
#define DECIDERS                                                               \
	(SCS_ROLE_RELYING | SCS_ROLE_DESIGNATOR | SCS_ROLE_SECURITY_OFFICER)

/* Vetting (DESIGN.md section 2): the operations narrow each route to the
 * cases the actor may see. */
#define CASE_READERS                                                           \
	(SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_SUBJECT |       \
	    SCS_ROLE_VETTING)
#define DOSSIER    (SCS_ROLE_SUBJECT | SCS_ROLE_VETTING)
#define PEOPLE_ALL (SCS_ROLE_ANY & ~SCS_ROLE_RELYING)

/* method, path, handler, roles, summary, lock-free (decisions only) */
const struct scs_route scs_http_routes[] = {
    {"GET", "/v1/health", h_health, 0, "Liveness and version", 1},
    {"GET", "/v1/openapi.json", h_openapi, 0, "This API's OpenAPI document", 1},
    {"POST", "/v1/login", h_login, 0, "Sign in; returns a session token",
        SCS_ROUTE_SIGNIN},
    {"POST", "/v1/activate", h_activate, 0,
        "A subject sets their password with their activation code",
        SCS_ROUTE_SIGNIN},
    {"POST", "/v1/logout", h_logout, PEOPLE, "Revoke this session", 0},
    {"GET", "/v1/me", h_me, SIGNED_IN, "Who the token belongs to", 0},
    {"GET", "/v1/me/export", scs_h_me_export, SCS_ROLE_SUBJECT,
        "Everything held on the signed-in subject (audited)", SCS_ROUTE_EXPORT},
    {"GET", "/v1/me/sessions", h_me_sessions, PEOPLE,
        "The signed-in person's live sessions", 0},
    {"DELETE", "/v1/me/sessions/{id}", h_me_session_end, PEOPLE,
        "End one of the signed-in person's sessions", 0},
    {"POST", "/v1/me/password", h_me_password, PEOPLE,
        "Change one's own password (other sessions end)", 0},
    {"GET", "/v1/organizations", h_orgs, PEOPLE, "List organizations", 0},
    {"POST", "/v1/organizations", h_org_create, SCS_ROLE_ADMIN,
        "Create an organization", 0},
    {"GET", "/v1/organizations/{id}", h_org_get, PEOPLE, "Read an organization",
        0},
    {"PUT", "/v1/organizations/{id}", h_org_put, SCS_ROLE_ADMIN,
        "Change an organization", 0},
    {"GET", "/v1/organizations/{id}/staff", h_org_staff,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
        "An organization's staff with their clearances' standing today", 0},
    {"GET", "/v1/organizations/{id}/briefings", scs_h_org_briefings,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
        "The briefings of an organization's staff (current and ended)", 0},
    {"GET", "/v1/persons", h_persons, ID_LISTERS,
        "List the persons the caller may see", SCS_ROUTE_EXPORT},
    {"POST", "/v1/persons", h_person_create,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER, "Create a person", 0},
    {"GET", "/v1/persons/{id}", h_person_get, ID_READERS,
        "Read a person's identity", 0},
    {"PUT", "/v1/persons/{id}", h_person_put,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
        "Change a person's identity", 0},
    {"GET", "/v1/persons/{id}/relatives", h_relatives_get, REL_ROLES,
        "Open a person's sealed relatives (audited, purpose required)", 0},
    {"PUT", "/v1/persons/{id}/relatives", h_relatives_put, SCS_ROLE_SUBJECT,
        "Replace a person's relatives", 0},
    {"GET", "/v1/persons/{id}/access", scs_h_person_access, ID_READERS,
        "A person's clearances, briefings, memberships and suspensions", 0},
    {"GET", "/v1/users", h_users, SCS_ROLE_ADMIN, "List users", 0},
    {"POST", "/v1/users", h_user_create, SCS_ROLE_ADMIN,
        "Create a user or service account", 0},
    {"POST", "/v1/users/{id}/disable", h_user_disable, SCS_ROLE_ADMIN,
        "Disable a user and revoke their sessions", 0},
    {"POST", "/v1/users/{id}/enable", h_user_enable, SCS_ROLE_ADMIN,
        "Enable a disabled user again", 0},
    {"POST", "/v1/users/{id}/reset", h_user_reset, SCS_ROLE_ADMIN,
        "Give a subject's account a new activation code (or re-link it)", 0},
    {"PUT", "/v1/users/{id}/certificate", h_user_cert_put, SCS_ROLE_ADMIN,
        "Bind a client certificate to a service account (mutual TLS)", 0},
    {"DELETE", "/v1/users/{id}/certificate", h_user_cert_delete, SCS_ROLE_ADMIN,
        "Unbind a service account's client certificate", 0},
    {"GET", "/v1/conforming", scs_h_conforming_list, REG_READERS,
        "List conforming-business approvals", 0},
    {"POST", "/v1/conforming", scs_h_conforming_create, DESIGNATORS,
        "Record a conforming-business approval", 0},
    {"PUT", "/v1/conforming", scs_h_conforming_update, DESIGNATORS,
        "Change an approval (same org, authority, valid_from)", 0},
    {"POST", "/v1/clearances", scs_h_clearance_create, ADJUDICATORS,
        "Record a clearance", 0},
    {"PUT", "/v1/clearances", scs_h_clearance_update, ADJUDICATORS,
        "Change a clearance's status or period", 0},
    {"GET", "/v1/compartments", scs_h_compartment_list, REG_READERS,
        "List compartments", 0},
    {"POST", "/v1/compartments", scs_h_compartment_create, DESIGNATORS,
        "Create a compartment", 0},
    {"GET", "/v1/programs", scs_h_program_list, REG_READERS,
        "List need-to-know programs", 0},
    {"POST", "/v1/programs", scs_h_program_create, DESIGNATORS,
        "Create a need-to-know program", 0},
    {"GET", "/v1/programs/{id}/members", scs_h_program_members, DESIGNATORS,
        "A program's members: person and validity only", 0},
    {"GET", "/v1/levels", scs_h_levels, PEOPLE,
        "The authorities and their levels (reference tables)", 0},
    {"POST", "/v1/briefings", scs_h_briefing_create, OFFICERS,
        "Record a briefing into a compartment (NDA signed)", 0},
    {"PUT", "/v1/briefings", scs_h_briefing_update, OFFICERS,
        "Change a briefing (debrief: set valid_until)", 0},
    {"POST", "/v1/memberships", scs_h_membership_create, DESIGNATORS,
        "Add a person to a program", 0},
    {"PUT", "/v1/memberships", scs_h_membership_update, DESIGNATORS,
        "Change a membership (end it: set valid_until)", 0},
    {"POST", "/v1/suspensions", scs_h_suspension_create, ADJUDICATORS,
        "Suspend a person's access", 0},
    {"PUT", "/v1/suspensions", scs_h_suspension_update, ADJUDICATORS,
        "Change a suspension (lift it: set valid_until)", 0},
    {"GET", "/v1/items", scs_h_items, REG_READERS, "List designated items", 0},
    {"POST", "/v1/items", scs_h_item_designate, DESIGNATORS,
        "Designate information (a term of at most 5 years)", 0},
    {"GET", "/v1/items/{id}", scs_h_item_get, REG_READERS,
        "Read a designated item", 0},
    {"POST", "/v1/items/{id}/renew", scs_h_item_renew, DESIGNATORS,
        "Renew a designation", 0},
    {"POST", "/v1/items/{id}/declassify", scs_h_item_declassify, DESIGNATORS,
        "Declassify an item", 0},
    {"POST", "/v1/decisions", scs_h_decisions, DECIDERS,
        "May this person see this item, now? One query or an array",
        SCS_ROUTE_LOCKFREE | SCS_ROUTE_RAWBODY | SCS_ROUTE_DECIDE},
    {"GET", "/v1/reports/timeliness", scs_h_report_timeliness,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR,
        "Timeliness per phase and level, backlog, e-adjudication share",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/reports/statistics", scs_h_report_statistics,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Oversight statistics of the register at an instant: counts only",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"POST", "/v1/sim", scs_h_sim, SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Simulate the vetting pipeline over a scenario (capacity planner)",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/reports/forecast", scs_h_forecast,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Forecast arrivals, inventory and phase times for the next quarters",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/sim/scenario", scs_h_sim_scenario,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "The register's own scenario for the capacity planner",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"POST", "/v1/sim/staff", scs_h_sim_staff,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "The fewest servers of a pool for a quantile of its cases' time",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/reports/annual", scs_h_report_annual,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "The annual report to the Diet, from the audit log alone (JSON or "
        "CSV)",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/clearances/due", scs_h_clearances_due,
        SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR | SCS_ROLE_SECURITY_OFFICER,
        "Clearances ending soon: the cases to reinvestigate", 0},
    {"POST", "/v1/cases", scs_h_case_nominate,
        SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_ADMIN,
        "Nominate a person for a suitability assessment", 0},
    {"GET", "/v1/cases", scs_h_case_list, CASE_READERS,
        "The cases the caller may see", 0},
    {"GET", "/v1/cases/{id}", scs_h_case_get, CASE_READERS,
        "Read a case (the sponsor sees its outcome only)", 0},
    {"GET", "/v1/cases/{id}/history", scs_h_case_history, DOSSIER,
        "A case's transitions, stamped with time and actor", 0},
    {"POST", "/v1/cases/{id}/consent", scs_h_case_consent, SCS_ROLE_SUBJECT,
        "Consent to (or refuse) the assessment", 0},
    {"POST", "/v1/cases/{id}/withdraw", scs_h_case_withdraw,
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER,
        "Withdraw a case before its decision", 0},
    {"GET", "/v1/cases/{id}/answers", scs_h_answers_all, DOSSIER,
        "Every saved answer (audited)", 0},
    {"GET", "/v1/cases/{id}/answers/{section}", scs_h_answers_get, DOSSIER,
        "One section's saved answers (audited)", 0},
    {"PUT", "/v1/cases/{id}/answers/{section}", scs_h_answers_put,
        SCS_ROLE_SUBJECT, "Save one section's answers", 0},
    {"POST", "/v1/cases/{id}/submit", scs_h_case_submit, SCS_ROLE_SUBJECT,
        "Certify and submit the questionnaire", 0},
    {"POST", "/v1/cases/{id}/return", scs_h_case_return, SCS_ROLE_VETTING,
        "Return named sections to the subject for correction", 0},
    {"GET", "/v1/cases/{id}/note", scs_h_case_note, DOSSIER,
        "The note of the last return (audited)", 0},
    {"POST", "/v1/cases/{id}/assign", scs_h_case_assign,
        SCS_ROLE_ADJUDICATOR | SCS_ROLE_ADMIN,
        "Assign a screening body (or the least loaded one)", 0},
    {"POST", "/v1/cases/{id}/record-checks", scs_h_case_checks,
        SCS_ROLE_INVESTIGATOR, "Run the register's record checks", 0},
    {"GET", "/v1/cases/{id}/findings", scs_h_findings_get, SCS_ROLE_VETTING,
        "The findings with their narratives (audited)", 0},
    {"POST", "/v1/cases/{id}/findings", scs_h_finding_add,
        SCS_ROLE_INVESTIGATOR, "Record a finding", 0},
    {"POST", "/v1/cases/{id}/investigation/close", scs_h_case_close,
        SCS_ROLE_INVESTIGATOR,
        "Close the investigation (e-adjudicated when a rule holds)", 0},
    {"POST", "/v1/cases/{id}/decision", scs_h_case_decide, SCS_ROLE_ADJUDICATOR,
        "Grant, grant an interim clearance, or deny", 0},
    {"GET", "/v1/cases/{id}/decision", scs_h_decision_get,
        SCS_ROLE_SUBJECT | SCS_ROLE_ADJUDICATOR,
        "The decision and its reasons (audited)", 0},
    {"POST", "/v1/cases/{id}/complaint", scs_h_case_complain, SCS_ROLE_SUBJECT,
        "Complain about a denial", 0},
    {"POST", "/v1/cases/{id}/complaint/review", scs_h_case_review,
        SCS_ROLE_ADJUDICATOR, "Review a complaint", 0},
    {"GET", "/v1/notifications", scs_h_notifications,
        SCS_ROLE_SUBJECT | SCS_ROLE_SECURITY_OFFICER,
        "The caller's notifications", 0},
    {"POST", "/v1/cv/feeds", scs_h_cv_feed, SCS_ROLE_INVESTIGATOR,
        "Match a feed of outside records against the register", 0},
    {"GET", "/v1/alerts", scs_h_alert_list, SCS_ROLE_INVESTIGATOR,
        "The alerts of the caller's screening body", 0},
    {"GET", "/v1/alerts/stats", scs_h_alert_stats,
        SCS_ROLE_INVESTIGATOR | SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Alert figures: by source and type, valid share, time to triage", 0},
    {"GET", "/v1/alerts/{id}", scs_h_alert_get, SCS_ROLE_INVESTIGATOR,
        "Read an alert with its sealed narrative (audited)", 0},
    {"GET", "/v1/self-reports/duties", scs_h_self_report_duties, PEOPLE,
        "The self-reporting duties of an authority", 0},
    {"POST", "/v1/me/self-reports", scs_h_self_report_file, SCS_ROLE_SUBJECT,
        "File a self-report", 0},
    {"GET", "/v1/me/self-reports", scs_h_self_report_mine, SCS_ROLE_SUBJECT,
        "One's own self-reports (audited)", 0},
    {"POST", "/v1/attestations", scs_h_attest_issue,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_SUBJECT,
        "Issue an attestation code of a person's clearance (audited)", 0},
    {"GET", "/v1/attestations", scs_h_attest_list,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_SUBJECT,
        "The codes issued for a person, with their states now", 0},
    {"POST", "/v1/attestations/verify", scs_h_attest_verify,
        SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_RELYING |
            SCS_ROLE_AUDITOR,
        "Verify an attestation code (audited)", 0},
    {"POST", "/v1/attestations/import", scs_h_attest_import,
        OFFICERS | SCS_ROLE_ADJUDICATOR,
        "Record a partner's code as a foreign clearance (audited)", 0},
    {"POST", "/v1/attestations/{id}/revoke", scs_h_attest_revoke, OFFICERS,
        "Withdraw an attestation code (audited)", 0},
    {"GET", "/v1/attestations/status", scs_h_attest_status, 0,
        "The signed status list of an authority's codes", 0},
    {"GET", "/v1/trust", scs_h_trust, 0,
        "The register's signed key lists, for partners", 0},
    {"POST", "/v1/clearances/lookup", scs_h_clearance_lookup,
        OFFICERS | SCS_ROLE_RELYING,
        "Whether a person is cleared, without their file (audited)", 0},
    {"POST", "/v1/transfers", scs_h_transfer_request, OFFICERS,
        "Ask for a cleared person to move to another employer", 0},
    {"GET", "/v1/transfers", scs_h_transfer_list,
        OFFICERS | SCS_ROLE_ADJUDICATOR, "The transfers the caller may see", 0},
    {"POST", "/v1/transfers/{id}/accept", scs_h_transfer_accept,
        SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR,
        "Accept a transfer: the person's employer changes", 0},
    {"POST", "/v1/transfers/{id}/reject", scs_h_transfer_reject,
        SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR,
        "Reject a transfer, with the reason", 0},
    {"POST", "/v1/transfers/{id}/cancel", scs_h_transfer_cancel, OFFICERS,
        "Withdraw a transfer request", 0},
    {"POST", "/v1/visits", scs_h_visit_create, OFFICERS,
        "Draft a visit request (audited)", 0},
    {"GET", "/v1/visits", scs_h_visit_list, OFFICERS,
        "The visits of the caller's organization, either side", 0},
    {"POST", "/v1/visits/pass", scs_h_visit_pass, OFFICERS | SCS_ROLE_RELYING,
        "Check a host's visit pass", 0},
    {"GET", "/v1/visits/{id}", scs_h_visit_get, OFFICERS,
        "A visit request with its history (qr=1: its codes as QR)", 0},
    {"PUT", "/v1/visits/{id}", scs_h_visit_update, OFFICERS,
        "Amend a draft or returned visit request (audited)", 0},
    {"POST", "/v1/visits/{id}/submit", scs_h_visit_submit, OFFICERS,
        "Submit a visit request (audited)", 0},
    {"POST", "/v1/visits/{id}/certify", scs_h_visit_certify, OFFICERS,
        "Certify a visit request with the visitor's attestation (audited)", 0},
    {"POST", "/v1/visits/{id}/approve", scs_h_visit_approve, OFFICERS,
        "Approve a visit: the host's signed pass (audited)", 0},
    {"POST", "/v1/visits/{id}/reject", scs_h_visit_reject, OFFICERS,
        "Reject a visit request, with a note (audited)", 0},
    {"POST", "/v1/visits/{id}/return", scs_h_visit_return, OFFICERS,
        "Return a visit request for amendment, with a note (audited)", 0},
    {"POST", "/v1/visits/{id}/cancel", scs_h_visit_cancel, OFFICERS,
        "Cancel a visit request (audited)", 0},
    {"POST", "/v1/incidents", scs_h_incident_record, OFFICERS,
        "Record a security incident", 0},
    {"GET", "/v1/incidents", scs_h_incident_list, OFFICERS | SCS_ROLE_VETTING,
        "The incidents the caller may see", 0},
    {"GET", "/v1/incidents/{id}", scs_h_incident_get,
        SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_VETTING,
        "Read an incident with its sealed narrative (audited)", 0},
    {"POST", "/v1/incidents/{id}/close", scs_h_incident_close, OFFICERS,
        "Close an incident with its outcome", 0},
    {"GET", "/v1/reports/incidents", scs_h_report_incidents,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Incidents by type, organization and authority", 0},
    {"POST", "/v1/concerns", scs_h_concern, PEOPLE,
        "Report a concern about a cleared person", 0},
    {"POST", "/v1/alerts/{id}/triage", scs_h_alert_triage,
        SCS_ROLE_INVESTIGATOR,
        "Triage an alert: valid, not valid or self-reported", 0},
    {"GET", "/v1/questionnaires/{authority}", scs_h_questionnaire, PEOPLE_ALL,
        "An authority's questionnaire schema", 0},
    {"GET", "/v1/consent/{authority}", scs_h_consent_notice, PEOPLE_ALL,
        "An authority's consent notice in force", 0},
    {"POST", "/v1/labels/join", scs_h_labels_join, JOINERS,
        "The label of a document derived from items", 1},
    {"GET", "/v1/audit", h_audit, SCS_ROLE_AUDITOR, "Read audit log entries",
        SCS_ROUTE_EXPORT},
    {"GET", "/v1/audit/decisions", h_audit_decisions, SCS_ROLE_AUDITOR,
        "Recorded access decisions of a subject or a time range",
        SCS_ROUTE_OWNCONN | SCS_ROUTE_EXPORT},
    {"GET", "/v1/audit/head", h_audit_head, SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "The latest signed tree head", 0},
    {"GET", "/v1/audit/proof/inclusion", h_audit_proof_inclusion,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "An entry's inclusion proof with the signed tree head", 0},
    {"GET", "/v1/audit/proof/consistency", h_audit_proof_consistency,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "A consistency proof between two signed tree heads", 0},
    {"GET", "/v1/keys", h_keys, SCS_ROLE_ADMIN,
        "The register's keys: ids, dates, the signing key's public half", 0},
    {"POST", "/v1/audit/verify", h_audit_verify,
        SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
        "Verify the audit log and every record against it", 0},
};
const size_t scs_http_nroutes = SCS_NELEM(scs_http_routes);
