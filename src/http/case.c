/* SPDX-License-Identifier: Apache-2.0 */
/*
 * case.c - the routes of vetting cases (/v1/cases...), questionnaires,
 * consent notices and notifications: JSON in, scs_op_case_* (which hold
 * every rule of who may do and see what), JSON out.  An event the case's
 * state does not allow is 409 with what the caller may know of the state
 * and what may happen now; a questionnaire that does not validate is 400
 * listing every problem by section, field path and reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/annual.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/ops.h"
#include "scs/time.h"
#include "scs/util.h"
#include "http_int.h"

static int
need_object(const struct scs_http_req *req, struct scs_err *err)
{
	if (req->body == NULL || !json_is_object(req->body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	return SCS_OK;
}

static int
opt_text(const struct scs_http_req *req, const char *key, const char **out,
    struct scs_err *err)
{
	const json_t *v = json_object_get(req->body, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return SCS_OK;
	if (!json_is_string(v))
		return scs_err_set(err, SCS_EINVAL, key, "must be a string");
	*out = json_string_value(v);
	return SCS_OK;
}

static int
need_bool(const struct scs_http_req *req, const char *key, bool *out,
    struct scs_err *err)
{
	const json_t *v = json_object_get(req->body, key);

	if (!json_is_boolean(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "is required: true or false");
	*out = json_is_true(v);
	return SCS_OK;
}

/*
 * Finish a case route: the view on success; on a refused event, the
 * error with what the caller may know now (the state and the events
 * allowed, or the sponsor's outcome) beside it.
 */
static int
done(struct scs_http_req *req, struct scs_http_resp *resp, int rc, json_t *view,
    struct scs_err *err)
{
	struct scs_err e2;
	json_t *now = NULL;

	if (rc == SCS_OK) {
		resp->body = view;
		return SCS_OK;
	}
	json_decref(view);
	if (rc == SCS_ECONFLICT && req->nparams > 0 &&
	    (strcmp(err->field, "state") == 0 ||
	        strcmp(err->field, "outcome") == 0) &&
	    scs_op_case_get(req->ctx, req->params[0], &now, &e2) == SCS_OK) {
		resp->body = json_object();
		if (json_object_get(now, "state") != NULL) {
			scs_codec_put(&resp->body, "state",
			    json_incref(json_object_get(now, "state")));
			scs_codec_put(&resp->body, "allowed",
			    json_incref(json_object_get(now, "allowed")));
		} else {
			scs_codec_put(&resp->body, "outcome",
			    json_incref(json_object_get(now, "outcome")));
		}
		json_decref(now);
	}
	return rc;
}

/* Every problem of a questionnaire beside the first. */
static int
done_q(struct scs_http_resp *resp, int rc, const struct scs_qerrs *errs,
    struct scs_err *err)
{
	json_t *a;
	size_t i;

	(void)err;
	if (rc != SCS_EINVAL || errs->total == 0)
		return rc;
	a = json_array();
	for (i = 0; i < errs->n; i++)
		scs_codec_push(&a,
		    json_pack("{s:s,s:s,s:s}", "section", errs->e[i].section,
		        "path", errs->e[i].path, "reason", errs->e[i].reason));
	resp->body = json_pack("{s:o,s:I}", "errors", a, "total",
	    (json_int_t)errs->total);
	return rc;
}

SCS_HANDLER(scs_h_case_nominate)
{
	static const char *const keys[] = {"person", "authority", "level",
	    "need", "type", NULL};
	char user[SCS_ID_MAX + 1], code[SCS_CODE_LEN + 1], type[24];
	struct scs_case k;
	json_t *view = NULL;
	int rc;

	memset(&k, 0, sizeof(k));
	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "person", k.person, sizeof(k.person),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "authority", k.authority,
	         sizeof(k.authority), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "level", k.level, sizeof(k.level),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(req->body, "need", k.need, sizeof(k.need), true,
	         err)) != SCS_OK)
		return rc == SCS_ENOTFOUND ? SCS_EINVAL : rc;
	k.type = SCS_CASE_INITIAL;
	rc = scs_codec_str(req->body, "type", type, sizeof(type), false, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if (rc == SCS_OK && strcmp(type, "initial") != 0) {
		if (strcmp(type, "reinvestigation") != 0)
			return scs_err_set(err, SCS_EINVAL, "type",
			    "must be initial or reinvestigation");
		k.type = SCS_CASE_REINVESTIGATION;
	}
	if ((rc = scs_op_case_nominate(req->ctx, &k, user, code, err)) !=
	        SCS_OK ||
	    (rc = scs_op_case_get(req->ctx, k.id, &view, err)) != SCS_OK)
		return rc;
	/* The activation code is shown once, to the sponsor to hand over. */
	if (code[0] != '\0')
		scs_codec_put(&view, "subject_account",
		    json_pack("{s:s,s:s}", "user", user, "activation_code",
		        code));
	scs_crypto_wipe(code, sizeof(code));
	resp->status = 201;
	resp->body = view;
	return SCS_OK;
}

struct page {
	json_t *a;
	char last[SCS_CASE_ID_MAX + 1];
};

static int
add_case(void *arg, json_t *j)
{
	struct page *pg = arg;
	const char *id = json_string_value(json_object_get(j, "id"));

	if (id != NULL)
		(void)scs_strlcpy(pg->last, id, sizeof(pg->last));
	return json_array_append_new(pg->a, j) == 0 ? SCS_OK : SCS_ENOMEM;
}

SCS_HANDLER(scs_h_case_list)
{
	static const char *const keys[] = {"state", "e_adjudicated", "after",
	    "limit", NULL};
	const char *lim = scs_http_query(req, "limit"), *after;
	const char *eadj = scs_http_query(req, "e_adjudicated");
	struct page pg;
	uint64_t limit = 100;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_http_query_id(req, "after", &after, err)) != SCS_OK)
		return rc;
	if (lim != NULL &&
	    (scs_parse_u64(lim, 1000, &limit) != 0 || limit == 0))
		return scs_err_set(err, SCS_EINVAL, "limit",
		    "must be a whole number from 1 to 1000");
	if (eadj != NULL && strcmp(eadj, "true") != 0 &&
	    strcmp(eadj, "false") != 0)
		return scs_err_set(err, SCS_EINVAL, "e_adjudicated",
		    "must be true or false");
	memset(&pg, 0, sizeof(pg));
	if ((pg.a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_case_list(req->ctx, scs_http_query(req, "state"),
	    eadj != NULL && strcmp(eadj, "true") == 0, after, (size_t)limit,
	    add_case, &pg, err);
	if (rc != SCS_OK) {
		json_decref(pg.a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "cases", pg.a);
	if (json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

SCS_HANDLER(scs_h_case_get)
{
	json_t *view = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	    SCS_OK)
		return rc;
	rc = scs_op_case_get(req->ctx, req->params[0], &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_history)
{
	json_t *a = NULL;
	int rc = scs_op_case_history(req->ctx, req->params[0], &a, err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:o}", "case", req->params[0],
		    "history", a);
	return rc;
}

SCS_HANDLER(scs_h_case_consent)
{
	static const char *const keys[] = {"agree", "signature", "version",
	    NULL};
	const char *sig = NULL, *version = NULL;
	json_t *view = NULL;
	bool agree = false;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = need_bool(req, "agree", &agree, err)) != SCS_OK ||
	    (rc = opt_text(req, "signature", &sig, err)) != SCS_OK ||
	    (rc = opt_text(req, "version", &version, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_consent(req->ctx, req->params[0], agree, version, sig,
	    &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_withdraw)
{
	static const char *const keys[] = {NULL};
	json_t *view = NULL;
	int rc;

	if (req->body != NULL &&
	    (rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_withdraw(req->ctx, req->params[0], &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_answers_all)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *doc = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_answers_get(req->ctx, req->params[0], NULL,
	    scs_http_query(req, "purpose"), &doc, err);
	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:o}", "case", req->params[0],
		    "answers", doc);
	return rc;
}

SCS_HANDLER(scs_h_answers_get)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_answers_get(req->ctx, req->params[0], req->params[1],
	    scs_http_query(req, "purpose"), &a, err);
	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:s,s:o}", "case", req->params[0],
		    "section", req->params[1], "answers", a);
	return rc;
}

SCS_HANDLER(scs_h_answers_put)
{
	struct scs_qerrs *errs = calloc(1, sizeof(*errs));
	int rc;

	if (errs == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = need_object(req, err)) == SCS_OK)
		rc = scs_op_answers_put(req->ctx, req->params[0],
		    req->params[1], req->body, errs, err);
	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:s,s:b}", "case", req->params[0],
		    "section", req->params[1], "saved", 1);
	else if (rc != SCS_EINVAL)
		rc = done(req, resp, rc, NULL, err);
	else
		rc = done_q(resp, rc, errs, err);
	free(errs);
	return rc;
}

SCS_HANDLER(scs_h_case_submit)
{
	static const char *const keys[] = {"certify", "signature", NULL};
	struct scs_qerrs *errs = calloc(1, sizeof(*errs));
	const char *sig = NULL;
	json_t *view = NULL;
	bool certify = false;
	int rc;

	if (errs == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_http_body_only(req, keys, err)) == SCS_OK &&
	    (rc = need_bool(req, "certify", &certify, err)) == SCS_OK &&
	    (rc = opt_text(req, "signature", &sig, err)) == SCS_OK)
		rc = scs_op_case_submit(req->ctx, req->params[0], certify, sig,
		    errs, &view, err);
	if (rc == SCS_EINVAL && errs->total > 0)
		rc = done_q(resp, rc, errs, err);
	else
		rc = done(req, resp, rc, view, err);
	free(errs);
	return rc;
}

SCS_HANDLER(scs_h_case_return)
{
	static const char *const keys[] = {"sections", "note", NULL};
	const char *list[SCS_SECTIONS_MAX], *note = NULL;
	const json_t *a, *v;
	json_t *view = NULL;
	size_t i, n = 0;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = opt_text(req, "note", &note, err)) != SCS_OK)
		return rc;
	a = json_object_get(req->body, "sections");
	if (!json_is_array(a) || json_array_size(a) > SCS_SECTIONS_MAX)
		return scs_err_set(err, SCS_EINVAL, "sections",
		    "must be a list of at most %d section ids",
		    SCS_SECTIONS_MAX);
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v))
			return scs_err_set(err, SCS_EINVAL, "sections",
			    "must be a list of section ids");
		list[n++] = json_string_value(v);
	}
	rc = scs_op_case_return(req->ctx, req->params[0], list, n, note, &view,
	    err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_note)
{
	json_t *o = NULL;
	int rc = scs_op_case_note(req->ctx, req->params[0], &o, err);

	if (rc == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_case_assign)
{
	static const char *const keys[] = {"body", NULL};
	const char *body = NULL;
	json_t *view = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = opt_text(req, "body", &body, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_assign(req->ctx, req->params[0], body, &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_checks)
{
	json_t *a = NULL;
	int rc = scs_op_case_record_checks(req->ctx, req->params[0], &a, err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:o}", "case", req->params[0],
		    "findings", a);
	return done(req, resp, rc, resp->body, err);
}

SCS_HANDLER(scs_h_findings_get)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_findings_get(req->ctx, req->params[0],
	    scs_http_query(req, "purpose"), &a, err);
	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:o}", "case", req->params[0],
		    "findings", a);
	return rc;
}

SCS_HANDLER(scs_h_finding_add)
{
	json_t *a = NULL;
	int rc;

	if ((rc = need_object(req, err)) != SCS_OK)
		return rc;
	rc = scs_op_finding_add(req->ctx, req->params[0], req->body, &a, err);
	if (rc == SCS_OK) {
		resp->status = 201;
		resp->body = json_pack("{s:s,s:o}", "case", req->params[0],
		    "findings", a);
	}
	return done(req, resp, rc, resp->body, err);
}

SCS_HANDLER(scs_h_case_close)
{
	json_t *view = NULL;
	int rc = scs_op_case_close(req->ctx, req->params[0], &view, err);

	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_decide)
{
	json_t *view = NULL;
	int rc;

	if ((rc = need_object(req, err)) != SCS_OK)
		return rc;
	rc =
	    scs_op_case_decide(req->ctx, req->params[0], req->body, &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_decision_get)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_decision_get(req->ctx, req->params[0],
	    scs_http_query(req, "purpose"), &o, err);
	if (rc == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_case_complain)
{
	static const char *const keys[] = {"text", NULL};
	const char *text = NULL;
	json_t *view = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = opt_text(req, "text", &text, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_complain(req->ctx, req->params[0], text, &view, err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_case_review)
{
	static const char *const keys[] = {"upheld", "note", NULL};
	const char *note = NULL;
	json_t *view = NULL;
	bool upheld = false;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = need_bool(req, "upheld", &upheld, err)) != SCS_OK ||
	    (rc = opt_text(req, "note", &note, err)) != SCS_OK)
		return rc;
	rc = scs_op_case_review(req->ctx, req->params[0], upheld, note, &view,
	    err);
	return done(req, resp, rc, view, err);
}

SCS_HANDLER(scs_h_notifications)
{
	json_t *a = NULL;
	int rc = scs_op_notifications(req->ctx, &a, err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:o}", "notifications", a);
	return rc;
}

SCS_HANDLER(scs_h_questionnaire)
{
	const json_t *s = NULL;
	int rc = scs_op_questionnaire(req->ctx, req->params[0], &s, err);

	if (rc == SCS_OK)
		resp->body = json_deep_copy(s);
	return rc;
}

SCS_HANDLER(scs_h_consent_notice)
{
	const json_t *n = NULL;
	int rc = scs_op_consent_notice(req->ctx, req->params[0], &n, err);

	if (rc == SCS_OK)
		resp->body = json_pack("{s:s,s:O}", "authority", req->params[0],
		    "notice", (json_t *)n);
	return rc;
}

static int
add_due(void *arg, const struct scs_record *r)
{
	json_t *a = arg;

	return json_array_append_new(a, scs_codec_rec_json(r, 0)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

SCS_HANDLER(scs_h_clearances_due)
{
	static const char *const keys[] = {"within", NULL};
	const char *w = scs_http_query(req, "within");
	int64_t within = (int64_t)180 * 86400;
	json_t *a;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if (w != NULL && scs_parse_days(w, &within) != 0)
		return scs_err_set(err, SCS_EINVAL, "within",
		    "must be a period such as 180d, 26w or 1y");
	if ((a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_clearances_due(req->ctx, within, add_due, a, err)) !=
	    SCS_OK) {
		json_decref(a);
		return rc == SCS_ENOMEM && err->rc == SCS_OK
		    ? scs_err_set(err, rc, "", "out of memory")
		    : rc;
	}
	resp->body = json_pack("{s:I,s:o}", "within_days",
	    (json_int_t)(within / 86400), "clearances", a);
	return SCS_OK;
}

SCS_HANDLER(scs_h_report_timeliness)
{
	static const char *const keys[] = {"from", "to", "by", "body", "format",
	    NULL};
	struct scs_timeliness_query q = {INT64_MIN, INT64_MAX, NULL, NULL};
	const char *f = scs_http_query(req, "from");
	const char *t = scs_http_query(req, "to");
	const char *fmt = scs_http_query(req, "format");
	bool csv = fmt != NULL && strcmp(fmt, "csv") == 0;
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (f != NULL &&
	        (rc = scs_time_parse(f, strlen(f), "from", &q.from, err)) !=
	            SCS_OK) ||
	    (t != NULL &&
	        (rc = scs_time_parse(t, strlen(t), "to", &q.to, err)) !=
	            SCS_OK))
		return rc;
	if (fmt != NULL && !csv && strcmp(fmt, "json") != 0)
		return scs_err_set(err, SCS_EINVAL, "format",
		    "must be json or csv");
	q.by = scs_http_query(req, "by");
	q.body = scs_http_query(req, "body");
	if ((rc = scs_op_report_timeliness(req->ctx, &q, &o, err)) != SCS_OK)
		return rc;
	if (!csv) {
		resp->body = o;
		return SCS_OK;
	}
	rc = scs_op_timeliness_csv(o, &resp->owned, &resp->ownedlen, err);
	json_decref(o);
	resp->content_type = "text/csv; charset=utf-8";
	return rc;
}

SCS_HANDLER(scs_h_report_statistics)
{
	static const char *const keys[] = {"at", NULL};
	const char *at = scs_http_query(req, "at");
	int64_t t = req->ctx->now_us() / 1000000;
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (at != NULL &&
	        (rc = scs_time_parse(at, strlen(at), "at", &t, err)) != SCS_OK))
		return rc;
	if ((rc = scs_op_report_statistics(req->ctx, t, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_sim)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_sim(req->ctx, req->body, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}

/* A small count from the query: @def when absent; -1 when not 1..999. */
static long
query_count(const struct scs_http_req *req, const char *key, long def)
{
	const char *v = scs_http_query(req, key);
	char *end;
	long n;

	if (v == NULL)
		return def;
	n = strtol(v, &end, 10);
	return end == v || *end != '\0' || n < 1 || n > 999 ? -1 : n;
}

SCS_HANDLER(scs_h_forecast)
{
	static const char *const keys[] = {"quarters", "replications", NULL};
	long q = query_count(req, "quarters", 4);
	long r = query_count(req, "replications", 20);
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if (q < 0 || r < 0)
		return scs_err_set(err, SCS_EINVAL,
		    q < 0 ? "quarters" : "replications",
		    "must be a whole number");
	rc = scs_op_forecast(req->ctx, (unsigned)q, (unsigned)r, NULL, &o, err);
	if (rc == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_sim_scenario)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_sim_scenario(req->ctx, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_sim_staff)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_sim_staff(req->ctx, req->body, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}

/* GET /v1/reports/annual?year=Y[&format=json|csv] (docs/oversight.md). */
SCS_HANDLER(scs_h_report_annual)
{
	static const char *const keys[] = {"year", "format", NULL};
	const char *year = scs_http_query(req, "year");
	const char *format = scs_http_query(req, "format");
	json_t *o = NULL;
	char *csv = NULL;
	size_t len = 0;
	int y = 0, rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if (year == NULL)
		return scs_err_set(err, SCS_EINVAL, "year",
		    "is required: the calendar year of the report, such as "
		    "2026");
	if ((rc = scs_annual_year(year, &y, err)) != SCS_OK)
		return rc;
	if (format != NULL && strcmp(format, "json") != 0 &&
	    strcmp(format, "csv") != 0)
		return scs_err_set(err, SCS_EINVAL, "format",
		    "must be json or csv");
	if (format != NULL && strcmp(format, "csv") == 0) {
		if ((rc = scs_op_report_annual_csv(req->ctx, y, &csv, &len,
		         err)) == SCS_OK) {
			resp->owned = csv;
			resp->ownedlen = len;
			resp->content_type = "text/csv; charset=utf-8";
		}
		return rc;
	}
	if ((rc = scs_op_report_annual(req->ctx, y, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}
