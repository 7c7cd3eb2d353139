/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cv.c - the routes of continuous vetting (/v1/cv/feeds, /v1/alerts...):
 * JSON in, the operations of cv.h (which hold every rule of who may see
 * and do what), JSON out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/cv.h"
#include "scs/time.h"
#include "scs/util.h"
#include "http_int.h"

static int
collect(void *arg, const char *line, size_t len)
{
	json_t *a = arg, *o = json_loadb(line, len, 0, NULL);

	if (o == NULL || json_array_append_new(a, o) != 0)
		return SCS_ENOMEM;
	return SCS_OK;
}

/* A feed error names "records[i]: member" rather than the line of the
 * text the records were joined into. */
static void
records_field(struct scs_err *err)
{
	static const char prefix[] = "records:";
	char field[SCS_ERR_FIELD_MAX];
	const char *num = err->field + sizeof(prefix) - 1;
	unsigned long line;
	char *end;

	if (strncmp(err->field, prefix, sizeof(prefix) - 1) != 0)
		return;
	line = strtoul(num, &end, 10);
	if (end == num || line == 0)
		return;
	(void)snprintf(field, sizeof(field), "records[%lu]%s", line - 1, end);
	(void)scs_strlcpy(err->field, field, sizeof(err->field));
}

SCS_HANDLER(scs_h_cv_feed)
{
	static const char *const keys[] = {"name", "records", NULL};
	const json_t *recs, *name;
	struct scs_cv_options o = {.threads = 1};
	struct scs_cv_summary sum;
	struct scs_cv_feed feed = {0};
	struct scs_buf text;
	json_t *out = NULL, *r;
	size_t i;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	name = json_object_get(req->body, "name");
	recs = json_object_get(req->body, "records");
	if (!json_is_string(name) || json_string_length(name) == 0 ||
	    scs_valid_id(json_string_value(name), "name", err) != SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "name",
		    "must name the feed (an identifier: the audit log keeps "
		    "it)");
	if (!json_is_array(recs) || json_array_size(recs) == 0)
		return scs_err_set(err, SCS_EINVAL, "records",
		    "must be a non-empty array of feed records");
	scs_buf_init(&text, (size_t)SCS_HTTP_BODY_MAX * 2);
	json_array_foreach(recs, i, r)
	{
		char *line = json_dumps(r, JSON_COMPACT);

		rc = line == NULL ? SCS_ENOMEM
		    : scs_buf_add(&text, line, strlen(line)) != 0 ||
		        scs_buf_add(&text, "\n", 1) != 0
		    ? SCS_ENOMEM
		    : SCS_OK;
		free(line);
		if (rc != SCS_OK) {
			scs_buf_free(&text);
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		}
	}
	rc = scs_cv_feed_parse((const char *)text.p, text.len, "records", &feed,
	    err);
	scs_buf_free(&text);
	if (rc != SCS_OK) {
		records_field(err);
		return rc;
	}
	if ((out = json_array()) == NULL) {
		scs_cv_feed_free(&feed);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	rc = scs_op_cv_match(req->ctx, &feed, json_string_value(name), &o,
	    collect, out, &sum, err);
	scs_cv_feed_free(&feed);
	if (rc != SCS_OK) {
		json_decref(out);
		return rc;
	}
	resp->body = json_pack("{s:o,s:{s:I,s:I,s:I,s:I,s:I,s:I,s:f}}",
	    "results", out, "summary", "persons", (json_int_t)sum.persons,
	    "records", (json_int_t)sum.records, "links", (json_int_t)sum.links,
	    "reviews", (json_int_t)sum.reviews, "enrolled",
	    (json_int_t)sum.enrolled, "alerts", (json_int_t)sum.alerts, "prior",
	    sum.model.prior);
	return SCS_OK;
}

struct page {
	json_t *a;
	char last[SCS_ID_MAX + 1];
};

static int
add_alert(void *arg, json_t *j)
{
	struct page *pg = arg;
	const char *id = json_string_value(json_object_get(j, "id"));

	if (id != NULL)
		(void)scs_strlcpy(pg->last, id, sizeof(pg->last));
	return json_array_append(pg->a, j) == 0 ? SCS_OK : SCS_ENOMEM;
}

SCS_HANDLER(scs_h_alert_list)
{
	static const char *const keys[] = {"state", "after", "limit", NULL};
	const char *lim = scs_http_query(req, "limit"), *after;
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
	memset(&pg, 0, sizeof(pg));
	if ((pg.a = json_array()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = scs_op_alert_list(req->ctx, scs_http_query(req, "state"), after,
	    (size_t)limit, add_alert, &pg, err);
	if (rc != SCS_OK) {
		json_decref(pg.a);
		return rc;
	}
	resp->body = json_pack("{s:o}", "alerts", pg.a);
	if (json_array_size(pg.a) == limit)
		scs_codec_put(&resp->body, "next", json_string(pg.last));
	return SCS_OK;
}

SCS_HANDLER(scs_h_alert_get)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	rc = scs_op_alert_get(req->ctx, req->params[0],
	    scs_http_query(req, "purpose"), &o, err);
	if (rc == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_alert_triage)
{
	static const char *const keys[] = {"state", "suspend", "review", NULL};
	struct scs_alert_triage t;
	const char *state;
	json_t *o = NULL;
	int st, rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	state = json_string_value(json_object_get(req->body, "state"));
	if (state == NULL ||
	    scs_alert_code(scs_alert_state_codes, SCS_ALERT_NSTATES, state,
	        &st) != 0 ||
	    st == SCS_ALERT_OPEN)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be valid, not_valid or self_reported");
	memset(&t, 0, sizeof(t));
	t.state = (enum scs_alert_state)st;
	if ((rc = scs_codec_flag(req->body, "suspend", &t.suspend, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_flag(req->body, "review", &t.review, err)) !=
	        SCS_OK)
		return rc;
	rc = scs_op_alert_triage(req->ctx, req->params[0], &t, &o, err);
	if (rc == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_alert_stats)
{
	int64_t f = SCS_TIME_MIN, t = SCS_TIME_NEVER;
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_period(req, &f, &t, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_alert_stats(req->ctx, f, t, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}

SCS_HANDLER(scs_h_concern)
{
	static const char *const keys[] = {"person", "type", "date", "text",
	    "reporter", NULL};
	const char *person, *type, *date, *text, *reporter;
	char receipt[SCS_ID_MAX + 1], day[SCS_TIME_STRMAX];
	struct scs_concern in;
	int code, rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	person = json_string_value(json_object_get(req->body, "person"));
	type = json_string_value(json_object_get(req->body, "type"));
	date = json_string_value(json_object_get(req->body, "date"));
	text = json_string_value(json_object_get(req->body, "text"));
	reporter = json_string_value(json_object_get(req->body, "reporter"));
	memset(&in, 0, sizeof(in));
	if (person == NULL ||
	    !scs_strlcpy(in.person, person, sizeof(in.person)))
		return scs_err_set(err, SCS_EINVAL, "person",
		    "must name the person (their id)");
	if (type == NULL ||
	    scs_alert_code(scs_concern_type_codes, SCS_CONCERN_NTYPES, type,
	        &code) != 0)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one of security_breach, foreign_contact, "
		    "financial, conduct, substance_misuse, other");
	in.type = (enum scs_concern_type)code;
	if (json_object_get(req->body, "date") != NULL &&
	    !json_is_null(json_object_get(req->body, "date")) &&
	    (date == NULL || !scs_strlcpy(in.date, date, sizeof(in.date))))
		return scs_err_set(err, SCS_EINVAL, "date",
		    "must be a date YYYY-MM-DD");
	if (in.date[0] == '\0') {
		(void)scs_time_format(req->ctx->now_us() / 1000000, day);
		(void)scs_strlcpy(in.date, day, sizeof(in.date));
	}
	if (text == NULL)
		return scs_err_set(err, SCS_EINVAL, "text",
		    "must say what was seen (a text)");
	in.text = text;
	if (json_object_get(req->body, "reporter") != NULL &&
	    !json_is_null(json_object_get(req->body, "reporter")) &&
	    (reporter == NULL ||
	        !scs_strlcpy(in.reporter, reporter, sizeof(in.reporter))))
		return scs_err_set(err, SCS_EINVAL, "reporter",
		    "must be a name of at most %d bytes, or left out",
		    SCS_NAME_MAX);
	if ((rc = scs_op_concern_report(req->ctx, &in, receipt, err)) != SCS_OK)
		return rc;
	resp->status = 202;
	resp->body =
	    json_pack("{s:s,s:s}", "receipt", receipt, "status", "received");
	return SCS_OK;
}

SCS_HANDLER(scs_h_self_report_file)
{
	json_t *o = NULL;
	int rc;

	if (req->body == NULL || !json_is_object(req->body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	if ((rc = scs_op_self_report_file(req->ctx, req->body, &o, err)) !=
	    SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_self_report_mine)
{
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	        SCS_OK ||
	    (rc = scs_op_self_report_mine(req->ctx, &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "self_reports", a);
	return SCS_OK;
}

SCS_HANDLER(scs_h_self_report_duties)
{
	static const char *const keys[] = {"authority", NULL};
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_self_report_duties(req->ctx,
	         scs_http_query(req, "authority"), &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "duties", a);
	return SCS_OK;
}

SCS_HANDLER(scs_h_incident_record)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_incident_record(req->ctx, req->body, &o, err)) !=
	    SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_incident_list)
{
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	        SCS_OK ||
	    (rc = scs_op_incident_list(req->ctx, &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "incidents", a);
	return SCS_OK;
}

SCS_HANDLER(scs_h_incident_get)
{
	static const char *const keys[] = {"purpose", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_incident_get(req->ctx, req->params[0],
	         scs_http_query(req, "purpose"), &o, err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_incident_close)
{
	static const char *const keys[] = {"outcome", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_incident_close(req->ctx, req->params[0],
	         json_string_value(json_object_get(req->body, "outcome")), &o,
	         err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_report_incidents)
{
	int64_t f = SCS_TIME_MIN, t = SCS_TIME_NEVER;
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_period(req, &f, &t, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_incident_report(req->ctx, f, t, &o, err)) == SCS_OK)
		resp->body = o;
	return rc;
}
