/* SPDX-License-Identifier: Apache-2.0 */
/*
 * register.c - HTTP handlers for approvals, clearances, compartments,
 * programs, briefings, memberships, suspensions, designated items, the
 * access decision and the label join.  Each translates JSON and calls one
 * operation; decisions read the published index without the store lock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "http_int.h"

#define DECISIONS_MAX 20000 /* queries in one request */

static int
need_body(const struct scs_http_req *req, struct scs_err *err)
{
	if (req->body == NULL || !json_is_object(req->body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	return SCS_OK;
}

/* Create or update one record of @kind from the body. */
static int
write_rec(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err, enum scs_kind kind, int create)
{
	struct scs_record *r = calloc(1, sizeof(*r));
	int rc;

	if (r == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = need_body(req, err)) == SCS_OK &&
	    (rc = scs_codec_rec_parse(req->ctx->rd, req->body, kind, 0, r,
	         err)) == SCS_OK)
		rc = create ? scs_op_rec_create(req->ctx, r, err)
		            : scs_op_rec_update(req->ctx, r, err);
	if (rc == SCS_OK) {
		resp->status = create ? 201 : 200;
		resp->body = scs_codec_rec_json(r, 0);
	}
	free(r);
	return rc;
}

struct rec_page {
	json_t *a;
	char last[SCS_ID_MAX + 1]; /* the key of the last record listed */
};

static int
add_rec(void *arg, const struct scs_record *r)
{
	struct rec_page *pg = arg;

	scs_record_object(r, pg->last, sizeof(pg->last));
	return json_array_append_new(pg->a, scs_codec_rec_json(r, 0)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

/*
 * The records of @kind the caller may see.  Kinds with a one-field key
 * page: ?limit=N (1..1000, default 1000) and ?after=KEY, a full page
 * carrying "next", so no request returns more than 1,000 of them.  Other
 * kinds (conforming-business approvals: a three-field key) come whole.
 * Any other parameter is 400 naming it.
 */
static int
list_recs(struct scs_http_req *req, struct scs_http_resp *resp,
    struct scs_err *err, enum scs_kind kind)
{
	static const char *const paged[] = {"after", "limit", NULL};
	static const char *const none[] = {NULL};
	const struct scs_kind_def *d = scs_kind_def(kind);
	const struct scs_field *key = scs_kind_field(d, d->key[0]);
	const char *after = NULL, *lim;
	struct scs_rec_query q;
	struct scs_record from;
	struct rec_page pg;
	uint64_t limit = 0;
	int rc;

	if ((rc = scs_http_query_only(req, d->nkey == 1 ? paged : none, err)) !=
	        SCS_OK ||
	    (rc = scs_http_query_id(req, "after", &after, err)) != SCS_OK)
		return rc;
	if ((lim = scs_http_query(req, "limit")) != NULL &&
	    (scs_parse_u64(lim, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	if (d->nkey == 1 && limit == 0)
		limit = 1000;
	memset(&q, 0, sizeof(q));
	q.limit = (size_t)limit;
	if (after != NULL) {
		scs_record_init(&from, kind);
		(void)scs_strlcpy(SCS_FIELD_PTR(&from.u, key), after,
		    key->size);
		q.after = &from;
	}
	memset(&pg, 0, sizeof(pg));
	if ((pg.a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_rec_list(req->ctx, kind, &q, add_rec, &pg, err)) !=
	    SCS_OK) {
		json_decref(pg.a);
		return rc == SCS_ENOMEM && err->rc == SCS_OK
		    ? scs_err_set(err, rc, "", "out of memory")
		    : rc;
	}
	resp->body = json_pack("{s:o}", d->plural, pg.a);
	if (limit > 0 && json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

SCS_HANDLER(scs_h_conforming_list)
{
	return list_recs(req, resp, err, SCS_KIND_CONFORMING);
}

SCS_HANDLER(scs_h_conforming_create)
{
	return write_rec(req, resp, err, SCS_KIND_CONFORMING, 1);
}

SCS_HANDLER(scs_h_conforming_update)
{
	return write_rec(req, resp, err, SCS_KIND_CONFORMING, 0);
}

SCS_HANDLER(scs_h_clearance_create)
{
	return write_rec(req, resp, err, SCS_KIND_CLEARANCE, 1);
}

SCS_HANDLER(scs_h_clearance_update)
{
	return write_rec(req, resp, err, SCS_KIND_CLEARANCE, 0);
}

SCS_HANDLER(scs_h_compartment_list)
{
	return list_recs(req, resp, err, SCS_KIND_COMPARTMENT);
}

SCS_HANDLER(scs_h_compartment_create)
{
	return write_rec(req, resp, err, SCS_KIND_COMPARTMENT, 1);
}

SCS_HANDLER(scs_h_program_list)
{
	return list_recs(req, resp, err, SCS_KIND_PROGRAM);
}

SCS_HANDLER(scs_h_program_create)
{
	return write_rec(req, resp, err, SCS_KIND_PROGRAM, 1);
}

SCS_HANDLER(scs_h_briefing_create)
{
	return write_rec(req, resp, err, SCS_KIND_BRIEFING, 1);
}

SCS_HANDLER(scs_h_briefing_update)
{
	return write_rec(req, resp, err, SCS_KIND_BRIEFING, 0);
}

SCS_HANDLER(scs_h_membership_create)
{
	return write_rec(req, resp, err, SCS_KIND_MEMBERSHIP, 1);
}

SCS_HANDLER(scs_h_membership_update)
{
	return write_rec(req, resp, err, SCS_KIND_MEMBERSHIP, 0);
}

SCS_HANDLER(scs_h_suspension_create)
{
	return write_rec(req, resp, err, SCS_KIND_SUSPENSION, 1);
}

SCS_HANDLER(scs_h_suspension_update)
{
	return write_rec(req, resp, err, SCS_KIND_SUSPENSION, 0);
}

SCS_HANDLER(scs_h_items)
{
	return list_recs(req, resp, err, SCS_KIND_ITEM);
}

/* A record buffer for an item handler. */
static struct scs_record *
item_buf(struct scs_err *err)
{
	struct scs_record *r = malloc(sizeof(*r));

	if (r == NULL)
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	else
		scs_record_init(r, SCS_KIND_ITEM);
	return r;
}

SCS_HANDLER(scs_h_item_designate)
{
	struct scs_record *r = item_buf(err);
	int rc;

	if (r == NULL)
		return SCS_ENOMEM;
	if ((rc = need_body(req, err)) == SCS_OK &&
	    (rc = scs_codec_rec_parse(req->ctx->rd, req->body, SCS_KIND_ITEM, 0,
	         r, err)) == SCS_OK &&
	    (rc = scs_op_item_designate(req->ctx, &r->u.item, err)) == SCS_OK) {
		resp->status = 201;
		resp->body = scs_codec_rec_json(r, 0);
	}
	free(r);
	return rc;
}

SCS_HANDLER(scs_h_item_get)
{
	struct scs_record *r = item_buf(err);
	int rc;

	if (r == NULL)
		return SCS_ENOMEM;
	if ((rc = scs_op_item_get(req->ctx, req->params[0], &r->u.item, err)) ==
	    SCS_OK)
		resp->body = scs_codec_rec_json(r, 0);
	free(r);
	return rc;
}

/* An optional boolean member: false when absent. */
static int
opt_flag(const json_t *body, const char *key, bool *out, struct scs_err *err)
{
	const json_t *v = json_object_get(body, key);

	*out = json_is_true(v);
	if (v != NULL && !json_is_boolean(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be true or false");
	return SCS_OK;
}

SCS_HANDLER(scs_h_item_renew)
{
	static const char *const keys[] = {"valid_until", "cabinet_approval",
	    "exception", NULL};
	struct scs_record *r;
	bool cabinet, exception;
	int64_t until;
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_only(req->body, keys, err)) != SCS_OK ||
	    (rc = scs_codec_time(req->body, "valid_until", true, 0, &until,
	         err)) != SCS_OK ||
	    (rc = opt_flag(req->body, "cabinet_approval", &cabinet, err)) !=
	        SCS_OK ||
	    (rc = opt_flag(req->body, "exception", &exception, err)) != SCS_OK)
		return rc;
	if ((r = item_buf(err)) == NULL)
		return SCS_ENOMEM;
	rc = scs_op_item_renew(req->ctx, req->params[0], until, cabinet,
	    exception, &r->u.item, err);
	if (rc == SCS_OK)
		resp->body = scs_codec_rec_json(r, 0);
	free(r);
	return rc;
}

SCS_HANDLER(scs_h_item_declassify)
{
	static const char *const keys[] = {"at", NULL};
	struct scs_record *r;
	int64_t at;
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_only(req->body, keys, err)) != SCS_OK)
		return rc;
	rc = scs_codec_time(req->body, "at", false,
	    req->ctx->now_us() / 1000000, &at, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if ((r = item_buf(err)) == NULL)
		return SCS_ENOMEM;
	rc = scs_op_item_declassify(req->ctx, req->params[0], at, &r->u.item,
	    err);
	if (rc == SCS_OK)
		resp->body = scs_codec_rec_json(r, 0);
	free(r);
	return rc;
}

/* The person's records, one array per kind. */
static int
add_access(void *arg, const struct scs_record *r)
{
	json_t *o = arg;
	json_t *a = json_object_get(o, scs_kind_def(r->kind)->plural);

	return json_array_append_new(a, scs_codec_rec_json(r, 0)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

SCS_HANDLER(scs_h_person_access)
{
	json_t *o =
	    json_pack("{s:s,s:[],s:[],s:[],s:[]}", "person", req->params[0],
	        "clearances", "briefings", "memberships", "suspensions");
	int rc;

	if (o == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_person_access(req->ctx, req->params[0], add_access, o, err);
	if (rc != SCS_OK) {
		json_decref(o);
		return rc == SCS_ENOMEM && err->rc == SCS_OK
		    ? scs_err_set(err, rc, "", "out of memory")
		    : rc;
	}
	resp->body = o;
	return SCS_OK;
}

/* The records a callback adds, as one array. */
static int
add_plain(void *arg, const struct scs_record *r)
{
	return json_array_append_new(arg, scs_codec_rec_json(r, 0)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

/* Answer {@name: [records]} from @rc and the array @a it filled. */
static int
array_answer(struct scs_http_resp *resp, struct scs_err *err, int rc,
    const char *name, json_t *a)
{
	if (rc != SCS_OK) {
		json_decref(a);
		return rc == SCS_ENOMEM && err->rc == SCS_OK
		    ? scs_err_set(err, rc, "", "out of memory")
		    : rc;
	}
	resp->body = json_pack("{s:o}", name, a);
	return SCS_OK;
}

SCS_HANDLER(scs_h_program_members)
{
	json_t *a = json_array();

	if (a == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return array_answer(resp, err,
	    scs_op_program_members(req->ctx, req->params[0], add_plain, a, err),
	    "members", a);
}

SCS_HANDLER(scs_h_org_briefings)
{
	json_t *a = json_array();

	if (a == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return array_answer(resp, err,
	    scs_op_org_briefings(req->ctx, req->params[0], add_plain, a, err),
	    "briefings", a);
}

/* The alliances of data/alliances.csv, each with its members:
 * [{"code": "FVEY", "members": ["AUS", ...]}], or NULL out of memory. */
static json_t *
alliances_json(const struct scs_refdata *rd)
{
	json_t *a = json_array(), *m, *o;
	size_t i, j;

	for (i = 0; a != NULL && i < rd->nalliances; i++) {
		const struct scs_alliance *al = &rd->alliances[i];

		m = json_array();
		for (j = 0; m != NULL && j < al->nmembers; j++)
			if (json_array_append_new(m,
			        json_string(al->members[j])) != 0) {
				json_decref(m);
				m = NULL;
			}
		o = m == NULL
		    ? NULL
		    : json_pack("{s:s,s:o}", "code", al->code, "members", m);
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	return a;
}

/* The reference tables' authorities with their levels, and the alliances
 * (data/ tables): what a form offers as authority, level and
 * releasability. */
SCS_HANDLER(scs_h_levels)
{
	const struct scs_refdata *rd = req->ctx->rd;
	json_t *a = json_array(), *o, *lv, *na, *al;
	size_t i, j;

	for (i = 0; a != NULL && i < rd->nauthorities; i++) {
		const struct scs_authority *au = &rd->authorities[i];

		lv = json_array();
		na = json_array();
		for (j = 0; lv != NULL && j < rd->nlevels; j++) {
			const struct scs_level *l = &rd->levels[j];

			if (l->authority == i &&
			    json_array_append_new(lv,
			        json_pack("{s:s,s:s,s:s,s:i}", "level", l->code,
			            "native_name", l->native_name,
			            "english_name", l->english_name, "rank",
			            l->rank)) != 0) {
				json_decref(lv);
				lv = NULL;
			}
		}
		for (j = 0; na != NULL && j < au->nnations; j++)
			if (json_array_append_new(na,
			        json_string(au->nations[j])) != 0) {
				json_decref(na);
				na = NULL;
			}
		/* json_pack's "o" takes both, even when it fails. */
		if (lv == NULL || na == NULL) {
			json_decref(lv);
			json_decref(na);
			o = NULL;
		} else {
			o = json_pack("{s:s,s:s,s:s,s:o,s:o}", "authority",
			    au->code, "name", au->name, "native_name",
			    au->native_name, "nations", na, "levels", lv);
		}
		if (o == NULL || json_array_append_new(a, o) != 0) {
			json_decref(a);
			a = NULL;
		}
	}
	if (a == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	al = alliances_json(rd);
	/* json_pack's "o" takes both, even when it fails. */
	if (al == NULL) {
		json_decref(a);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	resp->body = json_pack("{s:o,s:o}", "authorities", a, "alliances", al);
	return SCS_OK;
}

/* ---- decisions ---- */

struct dquery {
	const char *subject, *item;
	size_t slen, ilen;
	int has_at;
	int durable; /* answer only once the decisions are committed */
	int64_t at;
};

/* Every query of a request is checked before any is decided, so a bad
 * one refuses the request with nothing decided or recorded.  @at_rc is
 * the result of reading "at". */
static int
checked(struct dquery *q, int at_rc, struct scs_err *err)
{
	int rc;

	q->has_at = at_rc == SCS_OK;
	if (at_rc != SCS_OK && at_rc != SCS_ENOTFOUND)
		return at_rc;
	if ((rc = scs_codec_query_ids(q->subject, q->slen, q->item, q->ilen,
	         err)) != SCS_OK)
		return rc;
	if (q->has_at && (q->at < SCS_DECIDE_MIN || q->at > SCS_DECIDE_MAX))
		return scs_err_set(err, SCS_EINVAL, "at",
		    "must be between 1970-01-01 and 2106-02-07");
	return SCS_OK;
}

static int
parse_query(const json_t *q, struct dquery *out, size_t i, int many,
    struct scs_err *err)
{
	static const char *const keys[] = {"subject", "item", "at", "durable",
	    NULL};
	const json_t *s, *it, *du;
	char where[32];
	int rc;

	if (many)
		(void)snprintf(where, sizeof(where), "[%zu]", i);
	else
		where[0] = '\0';
	if ((rc = scs_codec_only(q, keys, err)) == SCS_OK) {
		s = json_object_get(q, "subject");
		it = json_object_get(q, "item");
		if (!json_is_string(s))
			rc = scs_err_set(err, SCS_EINVAL, "subject",
			    "is required (a string)");
		else if (!json_is_string(it))
			rc = scs_err_set(err, SCS_EINVAL, "item",
			    "is required (a string)");
		else if ((du = json_object_get(q, "durable")) != NULL &&
		    !json_is_boolean(du))
			rc = scs_err_set(err, SCS_EINVAL, "durable",
			    "must be true or false");
		else
			out->durable = json_is_true(du);
	}
	if (rc == SCS_OK) {
		out->subject = json_string_value(s);
		out->slen = json_string_length(s);
		out->item = json_string_value(it);
		out->ilen = json_string_length(it);
		rc = checked(out,
		    scs_codec_time(q, "at", false, 0, &out->at, err), err);
	}
	if (rc != SCS_OK)
		scs_err_prefix(err, where);
	return rc;
}

/* The queries of the body: the usual single object by hand, anything else
 * through jansson (which then owns the strings: *hold). */
static int
read_queries(struct scs_http_req *req, struct dquery **out, size_t *out_n,
    int *out_many, json_t **hold, struct scs_err *err)
{
	struct scs_query fq;
	json_error_t jerr;
	json_t *j;
	size_t i, n;
	int many, rc = SCS_OK;

	*out = NULL;
	*hold = NULL;
	if (req->raw == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "send one query object or an array of them");
	if (scs_codec_query_fast(req->raw, req->rawlen, &fq) == 0) {
		if ((*out = calloc(1, sizeof(**out))) == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		(*out)->subject = fq.subject;
		(*out)->slen = fq.subject_len;
		(*out)->item = fq.item;
		(*out)->ilen = fq.item_len;
		*out_n = 1;
		*out_many = 0;
		return checked(*out,
		    fq.has_at ? scs_time_parse(fq.at, fq.at_len, "at",
		                    &(*out)->at, err)
		              : SCS_ENOTFOUND,
		    err);
	}
	j = json_loadb(req->raw, req->rawlen, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "body is not valid JSON at line %d column %d: %s",
		    jerr.line, jerr.column, jerr.text);
	*hold = j;
	if (!json_is_object(j) && !json_is_array(j))
		return scs_err_set(err, SCS_EINVAL, "",
		    "send one query object or an array of them");
	many = json_is_array(j);
	n = many ? json_array_size(j) : 1;
	if (n > DECISIONS_MAX)
		return scs_err_set(err, SCS_ETOOBIG, "",
		    "at most %d queries per request", DECISIONS_MAX);
	if ((*out = calloc(n + 1, sizeof(**out))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; rc == SCS_OK && i < n; i++)
		rc = parse_query(many ? json_array_get(j, i) : j, &(*out)[i], i,
		    many, err);
	*out_n = n;
	*out_many = many;
	return rc;
}

/* The answer to query @q (the @i-th) decided @r at @t, into @out; @at
 * holds the time last formatted, *@last that time. */
static int
answer_one(const struct dquery *q, size_t i, int64_t t, enum scs_reason r,
    char at[SCS_TIME_STRMAX], int64_t *last, struct scs_buf *out,
    struct scs_err *err)
{
	if (t != *last) { /* one time for most requests: format once */
		/* Always a date-time (a midnight formats as a date). */
		if (scs_time_format(t, at) == 10)
			(void)scs_strlcpy(at + 10, "T00:00:00Z",
			    SCS_TIME_STRMAX - 10);
		*last = t;
	}
	if ((i > 0 && scs_buf_add(out, ",", 1) != SCS_OK) ||
	    scs_codec_answer(out, q->subject, q->slen, q->item, q->ilen, r,
	        at) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

/* Answer queries @qs in order into @out through the decider @d, a group
 * at a time (scs_op_decide_many: their ids resolved together). */
static int
answer_all(struct scs_decider *d, const struct dquery *qs, size_t n, int many,
    struct scs_buf *out, struct scs_err *err)
{
	char at[SCS_TIME_STRMAX], where[32];
	struct scs_decide_query g[SCS_INDEX_BATCH];
	int64_t ts[SCS_INDEX_BATCH], last = -1;
	enum scs_reason rs[SCS_INDEX_BATCH];
	size_t base, k, m, done;
	int rc = SCS_OK;

	if (many && scs_buf_add(out, "[", 1) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (base = 0; rc == SCS_OK && base < n; base += m) {
		m = n - base < SCS_INDEX_BATCH ? n - base : SCS_INDEX_BATCH;
		for (k = 0; k < m; k++) {
			g[k].subject = qs[base + k].subject;
			g[k].slen = qs[base + k].slen;
			g[k].item = qs[base + k].item;
			g[k].ilen = qs[base + k].ilen;
			g[k].at = qs[base + k].has_at ? &qs[base + k].at : NULL;
		}
		rc = scs_op_decide_many(d, g, m, ts, rs, &done, err);
		if (rc != SCS_OK && many &&
		    snprintf(where, sizeof(where), "[%zu]", base + done) > 0)
			scs_err_prefix(err, where);
		for (k = 0; rc == SCS_OK && k < done; k++)
			rc = answer_one(&qs[base + k], base + k, ts[k], rs[k],
			    at, &last, out, err);
	}
	if (rc == SCS_OK && many && scs_buf_add(out, "]", 1) != SCS_OK)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return rc;
}

SCS_HANDLER(scs_h_decisions)
{
	const struct scs_http_services *svc = req->svc;
	const struct scs_index *ix = NULL;
	struct scs_decider d;
	struct dquery *qs = NULL;
	struct scs_buf out;
	struct scs_err e2;
	json_t *hold = NULL;
	size_t i, n = 0;
	unsigned ticket = 0;
	int64_t age_ms = 0;
	int many = 0, durable = 0, rc, rc2;

	scs_buf_init(&out, 8U << 20);
	memset(&d, 0, sizeof(d));
	/* Who may ask, and the queries parsed, before the index is entered:
	 * a ticket holds back every rebuild while it is out. */
	if ((rc = scs_op_may_decide(req->ctx, err)) == SCS_OK &&
	    (rc = svc->fresh(svc->srv, &age_ms, err)) == SCS_OK &&
	    (rc = read_queries(req, &qs, &n, &many, &hold, err)) == SCS_OK) {
		/* "durable": true on any query: the decisions are committed
		 * to the audit log before the answer goes out. */
		for (i = 0; i < n; i++)
			durable |= qs[i].durable;
		ix = svc->index_enter(svc->srv, &ticket);
		/* Room for one record more than queries: nothing reaches the
		 * audit queue (which may wait for room), or the log, until
		 * the ticket is back, below. */
		if ((rc = scs_op_decider_open(&d, req->ctx, ix, svc->mode,
		         n + 1, durable ? svc->audit_sync : svc->audit,
		         svc->srv, err)) == SCS_OK)
			rc = answer_all(&d, qs, n, many, &out, err);
		svc->index_leave(svc->srv, ticket);
	}
	/* What was answered is on record, even when a query stopped us. */
	if (d.recs != NULL && (rc2 = scs_op_decider_flush(&d, &e2)) != SCS_OK &&
	    rc == SCS_OK) {
		*err = e2;
		rc = rc2;
	}
	scs_op_decider_close(&d);
	if (rc == SCS_OK) {
		resp->owned = (char *)out.p;
		resp->ownedlen = out.len;
		out.p = NULL;
	}
	scs_buf_free(&out);
	json_decref(hold);
	free(qs);
	return rc;
}

/* A designator joins only their own organ's items: another organ's reads
 * as unknown, as in decisions. */
static int
join_scope(const struct scs_index *ix, const struct scs_ctx *c, int32_t ih)
{
	return c->actor.kind != SCS_ACTOR_USER ||
	    c->actor.role != SCS_ROLE_DESIGNATOR ||
	    strcmp(scs_index_item_owner(ix, ih), c->actor.org) == 0;
}

SCS_HANDLER(scs_h_labels_join)
{
	static const char *const keys[] = {"items", NULL};
	struct scs_label_join lj;
	const struct scs_index *ix;
	const json_t *a, *v;
	int32_t items[256] = {0};
	unsigned ticket;
	size_t i, n;
	int rc;

	if ((rc = need_body(req, err)) != SCS_OK ||
	    (rc = scs_codec_only(req->body, keys, err)) != SCS_OK)
		return rc;
	a = json_object_get(req->body, "items");
	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > SCS_NELEM(items))
		return scs_err_set(err, SCS_EINVAL, "items",
		    "must be an array of 1 to 256 item ids");
	n = json_array_size(a);
	ix = req->svc->index_enter(req->svc->srv, &ticket);
	for (i = 0; rc == SCS_OK && i < n; i++) {
		v = json_array_get(a, i);
		if (!json_is_string(v) || ix == NULL ||
		    (items[i] = scs_index_item(ix, json_string_value(v),
		         json_string_length(v))) < 0 ||
		    !join_scope(ix, req->ctx, items[i]))
			rc = scs_err_set(err, SCS_EINVAL, "items",
			    "item %zu is not a known item id", i);
	}
	if (rc == SCS_OK)
		rc = scs_index_join(ix, items, n, &lj, err);
	if (rc == SCS_OK &&
	    (resp->body = scs_codec_label_join(ix, &lj)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	req->svc->index_leave(req->svc->srv, ticket);
	return rc;
}
