/* SPDX-License-Identifier: Apache-2.0 */
/*
 * selfreport.c - self-reports, the operations (cv.h): a cleared person
 * files one (a journey, a foreign contact, a marriage, an arrest...); it
 * is kept with its details sealed, dated against the duty of the person's
 * authority (late when filed after its due date), and raises an alert for
 * the investigators when the duty says so.  A feed record about the same
 * event, matched later, finds the report and is marked already
 * self-reported.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/cv.h"
#include "scs/embedded.h"
#include "scs/record.h"
#include "scs/store.h"
#include "scs/time.h"

#define DETAILS_MAX 8192 /* bytes of the details, compact JSON */
#define DETAIL_TEXT 1024 /* bytes of one detail */
#define WINDOW      ((int64_t)30 * 86400)

static struct scs_duties *duties;
static pthread_once_t duties_once = PTHREAD_ONCE_INIT;

static void
load_duties(void)
{
	const struct scs_embedded *e = scs_embedded_get("self-reports.json");
	struct scs_err err;

	if (e == NULL ||
	    scs_duties_parse((const char *)e->data, e->len, &duties, &err) !=
	        SCS_OK)
		duties = NULL;
}

static int
the_duties(const struct scs_duties **out, struct scs_err *err)
{
	(void)pthread_once(&duties_once, load_duties);
	*out = duties;
	if (duties == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "self-reports.json",
		    "the duties table does not load");
	return SCS_OK;
}

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

static int64_t
day_of(const char *date)
{
	int64_t t = 0;

	if (date == NULL || *date == '\0' ||
	    scs_time_parse(date, strlen(date), "date", &t, NULL) != SCS_OK)
		return 0;
	return t;
}

/* ---- the duties ------------------------------------------------------- */

int
scs_op_self_report_duties(struct scs_ctx *c, const char *authority,
    json_t **out, struct scs_err *err)
{
	const struct scs_duties *d;
	const struct scs_duty *u;
	json_t *a;
	size_t n;
	int rc;

	(void)c;
	*out = NULL;
	if ((rc = the_duties(&d, err)) != SCS_OK)
		return rc;
	scs_duties_of(d, authority, &u, &n);
	if ((a = json_array()) == NULL)
		return oom(err);
	for (size_t i = 0; i < n; i++) {
		json_t *f = json_array();

		for (size_t k = 0; f != NULL && k < u[i].nfeed_types; k++)
			(void)json_array_append_new(f,
			    json_string(u[i].feed_types[k]));
		if (json_array_append_new(a,
		        json_pack("{s:s,s:i,s:s,s:b,s:s,s:o}", "type",
		            u[i].type, "due_business_days",
		            u[i].due_business_days, "after",
		            u[i].after_end ? "end" : "date", "pre_approval",
		            u[i].pre_approval, "alert",
		            u[i].alert == SCS_DUTY_ALERT_ALWAYS     ? "always"
		                : u[i].alert == SCS_DUTY_ALERT_LATE ? "late"
		                                                    : "never",
		            "feed_types", f != NULL ? f : json_array())) != 0) {
			json_decref(a);
			return oom(err);
		}
	}
	*out = a;
	return SCS_OK;
}

/* ---- marking feed alerts ---------------------------------------------- */

struct covers {
	const struct scs_duties *d;
	const char *feed_type;
	int64_t at;
	char *out;
};

static int
covers_cb(void *arg, const struct scs_record *r)
{
	struct covers *cv = arg;
	const struct scs_self_report *s = &r->u.self_report;
	const struct scs_duty *u = scs_duty_find(cv->d,
	    s->authority[0] ? s->authority : NULL, s->type);
	int64_t from = day_of(s->date), to = day_of(s->returned);

	if (u == NULL || !scs_duty_covers(u, cv->feed_type) ||
	    cv->out[0] != '\0')
		return SCS_OK;
	if (to == 0)
		to = from;
	if (cv->at >= from - WINDOW && cv->at <= to + WINDOW)
		(void)scs_strlcpy(cv->out, s->id, SCS_ID_MAX + 1);
	return SCS_OK;
}

int
scs_op_self_reported(struct scs_ctx *c, const char *person,
    const char *feed_type, const char *date, char out[SCS_ID_MAX + 1],
    struct scs_err *err)
{
	struct covers cv = {.feed_type = feed_type,
	    .at = day_of(date),
	    .out = out};
	struct scs_rec_query q;
	int rc;

	out[0] = '\0';
	if ((rc = the_duties(&cv.d, err)) != SCS_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	q.lean = true;
	return scs_store_rec_query(c->st, SCS_KIND_SELF_REPORT, &q, covers_cb,
	    &cv, err);
}

/* ---- filing ----------------------------------------------------------- */

/* The details: an object of at most 20 texts, compact JSON into @out. */
static int
details_text(const json_t *j, char **out, struct scs_err *err)
{
	const char *key;
	json_t *v;

	*out = NULL;
	if (j == NULL || json_is_null(j))
		j = json_object();
	else
		json_incref((json_t *)j);
	if (!json_is_object(j) || json_object_size(j) > 20) {
		json_decref((json_t *)j);
		return scs_err_set(err, SCS_EINVAL, "details",
		    "must be an object of at most 20 texts");
	}
	json_object_foreach((json_t *)j, key, v)
	{
		char field[80];

		(void)snprintf(field, sizeof(field), "details.%s", key);
		if (!json_is_string(v) ||
		    scs_valid_text(json_string_value(v), DETAIL_TEXT, field,
		        err) != SCS_OK) {
			json_decref((json_t *)j);
			if (!json_is_string(v))
				return scs_err_set(err, SCS_EINVAL, field,
				    "must be a text");
			return SCS_EINVAL;
		}
	}
	*out = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref((json_t *)j);
	if (*out == NULL)
		return oom(err);
	if (strlen(*out) > DETAILS_MAX) {
		free(*out);
		*out = NULL;
		return scs_err_set(err, SCS_ETOOBIG, "details",
		    "must be at most %d bytes", DETAILS_MAX);
	}
	return SCS_OK;
}

/* The alert of report @s, with what it says: the investigators read it in
 * the alert, not in the report. */
static int
raise_for(struct scs_ctx *c, struct scs_self_report *s, const char *details,
    struct scs_err *err)
{
	struct scs_alert_raiser *ar = NULL;
	struct scs_alert a;
	char text[DETAILS_MAX + 256];
	bool fresh;
	int rc;

	memset(&a, 0, sizeof(a));
	(void)scs_strlcpy(a.person, s->person, sizeof(a.person));
	a.origin = SCS_ALERT_SELF_REPORT;
	(void)scs_strlcpy(a.source, "self", sizeof(a.source));
	(void)scs_strlcpy(a.type, s->type, sizeof(a.type));
	(void)scs_strlcpy(a.date, s->date, sizeof(a.date));
	(void)scs_strlcpy(a.record, s->id, sizeof(a.record));
	a.match = SCS_ALERT_MATCH_NONE;
	(void)snprintf(text, sizeof(text),
	    "self-report %s: %s from %s%s%s%s%s%s\n%s", s->id, s->type, s->date,
	    s->returned[0] ? " to " : "", s->returned,
	    s->pre_approval ? " (asks approval)" : "",
	    s->deviation ? " (deviated from the approval)" : "",
	    s->late ? " (late)" : "", details);
	if ((rc = scs_op_alert_raiser_open(c, &ar, err)) == SCS_OK)
		rc = scs_op_alert_raise(ar, &a, text, &fresh, err);
	scs_op_alert_raiser_close(ar);
	scs_crypto_wipe(text, sizeof(text));
	if (rc == SCS_OK)
		(void)scs_strlcpy(s->alert, a.id, sizeof(s->alert));
	return rc;
}

/* The refusal of a type that is no duty of @authority, naming them. */
static int
no_such_duty(const struct scs_duties *d, const char *authority,
    struct scs_err *err)
{
	const struct scs_duty *all;
	size_t n;
	char list[256] = "";

	scs_duties_of(d, authority[0] ? authority : NULL, &all, &n);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			(void)strncat(list, ", ",
			    sizeof(list) - strlen(list) - 1);
		(void)strncat(list, all[i].type,
		    sizeof(list) - strlen(list) - 1);
	}
	return scs_err_set(err, SCS_EINVAL, "type", "must be one of %s", list);
}

/* The self-report of @b for @person into @r (not yet sealed or stored). */
static int
fill(struct scs_ctx *c, const json_t *b, const char *person, int64_t now,
    struct scs_record *r, const struct scs_duty **out_duty, struct scs_err *err)
{
	static const char *const keys[] = {"type", "date", "returned",
	    "pre_approval", "deviation", "details", NULL};
	struct scs_self_report *s = &r->u.self_report;
	const struct scs_duties *d;
	const struct scs_duty *u;
	char level[SCS_LEVEL_CODE_MAX], day[SCS_TIME_STRMAX];
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(b))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	json_object_foreach((json_t *)b, key, v)
	{
		size_t i;

		for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of a self-report");
	}
	if ((rc = the_duties(&d, err)) != SCS_OK ||
	    (rc = scs_op_best_clearance(c, person, now, s->authority, level,
	         err)) != SCS_OK)
		return rc;
	(void)scs_strlcpy(s->person, person, sizeof(s->person));
	if ((rc = scs_codec_str(b, "type", s->type, sizeof(s->type), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "date", s->date, sizeof(s->date), true,
	         err)) != SCS_OK)
		return rc;
	rc = scs_codec_str(b, "returned", s->returned, sizeof(s->returned),
	    false, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if ((rc = scs_codec_flag(b, "pre_approval", &s->pre_approval, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_flag(b, "deviation", &s->deviation, err)) != SCS_OK)
		return rc;
	u = scs_duty_find(d, s->authority[0] ? s->authority : NULL, s->type);
	if (u == NULL)
		return no_such_duty(d, s->authority, err);
	if (s->pre_approval && !u->pre_approval)
		return scs_err_set(err, SCS_EINVAL, "pre_approval",
		    "%s needs no approval beforehand", u->type);
	scs_op_id("SR-", NULL, 10, s->id);
	s->filed = now;
	(void)scs_time_format(scs_duty_due(u, day_of(s->date),
	                          day_of(s->returned)),
	    day);
	(void)scs_strlcpy(s->due, day, sizeof(s->due));
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK)
		return rc;
	if (day_of(s->date) > now + (int64_t)366 * 86400)
		return scs_err_set(err, SCS_EINVAL, "date",
		    "must be within a year from now");
	if (!s->pre_approval && day_of(s->date) > now)
		return scs_err_set(err, SCS_EINVAL, "date",
		    "a report is of what happened: not in the future (ask "
		    "approval with pre_approval)");
	s->late = scs_duty_late(u, day_of(s->date), day_of(s->returned), now,
	    s->pre_approval);
	*out_duty = u;
	return SCS_OK;
}

/* Whether report @s under duty @u raises an alert. */
static bool
raises(const struct scs_duty *u, const struct scs_self_report *s)
{
	if (u == NULL || u->alert == SCS_DUTY_ALERT_NEVER)
		return false;
	return u->alert == SCS_DUTY_ALERT_ALWAYS || s->late || s->deviation;
}

/* What the person sees of @r: its fields, and the details when @open. */
static json_t *
own_view(struct scs_ctx *c, const struct scs_record *r, bool open,
    struct scs_err *err)
{
	json_t *o = scs_codec_rec_json(r, 0);

	if (o != NULL && open && scs_op_open_plain(c, r, o, err) != SCS_OK) {
		json_decref(o);
		return NULL;
	}
	return o;
}

int
scs_op_self_report_file(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = calloc(1, sizeof(*r));
	const struct scs_duty *u = NULL;
	int64_t now = c->now_us() / 1000000;
	char key[3 * SCS_ID_MAX], *details = NULL;
	uint8_t state[32];
	json_t *j = NULL;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	scs_record_init(r, SCS_KIND_SELF_REPORT);
	if (c->actor.kind != SCS_ACTOR_USER ||
	    c->actor.role != SCS_ROLE_SUBJECT || c->actor.person[0] == '\0') {
		rc = scs_err_set(err, SCS_EDENIED, "role",
		    "a person files their own self-reports");
		goto out;
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = fill(c, body, c->actor.person, now, r, &u, err)) != SCS_OK ||
	    (rc = details_text(json_object_get(body, "details"), &details,
	         err)) != SCS_OK)
		goto abort;
	if (raises(u, &r->u.self_report) &&
	    (rc = raise_for(c, &r->u.self_report, details, err)) != SCS_OK)
		goto abort;
	if ((j = json_loads(details, 0, NULL)) == NULL) {
		rc = oom(err);
		goto abort;
	}
	{
		json_t *plain = json_pack("{s:O}", "details", j);

		rc = plain == NULL ? oom(err)
		                   : scs_op_seal_plain(c, r, plain, err);
		json_decref(plain);
	}
	if (rc != SCS_OK ||
	    (rc = scs_store_rec_put(c->st, r, SCS_PUT_INSERT, err)) != SCS_OK)
		goto abort;
	scs_record_object(r, key, sizeof(key));
	scs_op_state(r, state);
	if ((rc = scs_op_audit(c, "create", "self_report", key, state, NULL,
	         err)) != SCS_OK)
		goto abort;
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	if ((*out = own_view(c, r, false, err)) == NULL)
		rc = oom(err);
	else
		(void)json_object_set(*out, "details", j);
	goto out;
abort:
	(void)scs_op_abort(c, rc);
out:
	if (details != NULL)
		scs_crypto_wipe(details, strlen(details));
	free(details);
	json_decref(j);
	scs_record_clear(r);
	free(r);
	return rc;
}

struct mine {
	struct scs_ctx *c;
	json_t *a;
	struct scs_err *err;
	int rc;
};

static int
mine_cb(void *arg, const struct scs_record *r)
{
	struct mine *m = arg;
	json_t *o = own_view(m->c, r, true, m->err);

	if (o == NULL || json_array_append_new(m->a, o) != 0)
		return m->rc =
		           m->err->rc != SCS_OK ? (int)m->err->rc : oom(m->err);
	return SCS_OK;
}

int
scs_op_self_report_mine(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct mine m = {.c = c, .err = err};
	struct scs_rec_query q;
	char object[SCS_ID_MAX + 16];
	int rc;

	*out = NULL;
	if (c->actor.kind != SCS_ACTOR_USER ||
	    c->actor.role != SCS_ROLE_SUBJECT || c->actor.person[0] == '\0')
		return scs_err_set(err, SCS_EDENIED, "role",
		    "a person reads their own self-reports");
	if ((m.a = json_array()) == NULL)
		return oom(err);
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto fail;
	/* opening one's own sealed details is a read on the record too */
	(void)snprintf(object, sizeof(object), "%s/self_reports",
	    c->actor.person);
	if ((rc = scs_op_audit(c, "read", "self_report", object, NULL,
	         "own self-reports", err)) != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto fail;
	}
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = c->actor.person;
	rc = scs_store_rec_query(c->st, SCS_KIND_SELF_REPORT, &q, mine_cb, &m,
	    err);
	if (rc == SCS_OK)
		rc = m.rc;
	if (rc != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto fail;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto fail;
	*out = m.a;
	return SCS_OK;
fail:
	json_decref(m.a);
	return rc;
}
