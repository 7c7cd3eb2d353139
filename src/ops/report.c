/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the timeliness report (DESIGN.md section 8): every case of
 * the register streamed from the store into the core's accumulator
 * (src/core/timeliness.c), with the targets of each authority and level
 * from data/vetting.json, by level or by screening body, as JSON or CSV;
 * and the expected decision date a subject sees.  Statistics only: no
 * case content, no person.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/policy.h"
#include "scs/time.h"
#include "scs/timeliness.h"
#include "scs/util.h"
#include "ops_int.h"

#define READERS       (SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR)
/* The expected date is drawn from the cases decided this long before. */
#define EXPECT_WINDOW ((int64_t)365 * 86400)

static void
view_of(const struct scs_case *k, struct scs_tl_case *out)
{
	memset(out, 0, sizeof(*out));
	out->authority = k->authority;
	out->level = k->level;
	out->body = k->body;
	out->state = k->state;
	out->opened = k->opened;
	out->since = k->since;
	out->decided = k->decided;
	out->has_decided = k->has_decided;
	memcpy(out->phase_s, k->phase_s, sizeof(out->phase_s));
	out->e_adjudicated = k->e_adjudicated;
}

/* The columns the report reads (the store reads no other). */
static const char *const columns[] = {"authority", "level", "body", "state",
    "opened", "since", "decided", "e_adjudicated", "consent_s",
    "questionnaire_s", "initiation_s", "investigation_s", "adjudication_s",
    NULL};

struct feed {
	struct scs_tl *tl;
	int rc;
};

static int
feed_cb(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;
	struct scs_tl_case v;

	view_of(&r->u.vcase, &v);
	f->rc = scs_tl_add(f->tl, &v);
	return f->rc;
}

/*
 * The report on two cores: a second connection to the register scans one
 * half of the cases into an accumulator of its own on a thread while this
 * one scans the other, and the halves are merged (the store's scan is
 * most of the time at a million cases).  Both connections read the same
 * state: each holds a read transaction, and the register's version (moved
 * by every commit) must be the same in both, else the report is made on
 * this thread alone, as it is when no second connection can be had.
 */
#define ONE_THREAD (-1) /* scan_two could not start: scan on one */

struct half {
	struct scs_store *st;
	struct scs_rec_query q;
	struct feed f;
	struct scs_err err;
	int rc;
};

static void *
half_scan(void *arg)
{
	struct half *h = arg;

	h->rc = scs_store_rec_query(h->st, SCS_KIND_CASE, &h->q, feed_cb, &h->f,
	    &h->err);
	return NULL;
}

static int
failed(int rc, const struct feed *f, struct scs_err *err)
{
	if (f->rc != SCS_OK)
		return scs_err_set(err, f->rc, "", "the report failed (%s)",
		    scs_rc_code((enum scs_rc)f->rc));
	return rc;
}

/* The two connections in one state; SCS_OK when they are. */
static int
same_state(struct scs_ctx *c, struct scs_store *st2)
{
	struct scs_ctx c2 = *c;
	struct scs_err err;
	uint64_t v1 = 0, v2 = 1;

	c2.st = st2;
	if (scs_store_begin_read(c->st, &err) != SCS_OK)
		return SCS_EBUSY;
	if (scs_store_begin_read(st2, &err) != SCS_OK) {
		(void)scs_store_commit(c->st, &err);
		return SCS_EBUSY;
	}
	if (scs_op_register_version(c, SCS_VERSION_REGISTER, &v1, &err) ==
	        SCS_OK &&
	    scs_op_register_version(&c2, SCS_VERSION_REGISTER, &v2, &err) ==
	        SCS_OK &&
	    v1 == v2)
		return SCS_OK;
	(void)scs_store_commit(st2, &err);
	(void)scs_store_commit(c->st, &err);
	return SCS_EBUSY;
}

static int
scan_two(struct scs_ctx *c, const struct scs_rec_query *q, struct scs_tl *tl,
    struct scs_tl *tl2, struct scs_store *st2, struct scs_err *err)
{
	struct feed f = {tl, SCS_OK};
	struct scs_rec_query mine = *q;
	struct half h;
	pthread_t th;
	struct scs_err e2;
	int rc;

	memset(&h, 0, sizeof(h));
	h.st = st2;
	h.q = *q;
	h.q.nshards = 2;
	h.q.shard = 1;
	h.f.tl = tl2;
	h.f.rc = SCS_OK;
	if (pthread_create(&th, NULL, half_scan, &h) != 0) {
		(void)scs_store_commit(st2, &e2);
		(void)scs_store_commit(c->st, &e2);
		return ONE_THREAD;
	}
	mine.nshards = 2;
	mine.shard = 0;
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &mine, feed_cb, &f, err);
	(void)pthread_join(th, NULL);
	(void)scs_store_commit(st2, &e2);
	(void)scs_store_commit(c->st, &e2);
	if (rc != SCS_OK)
		return failed(rc, &f, err);
	if (h.rc != SCS_OK) {
		if (err != NULL)
			*err = h.err;
		return failed(h.rc, &h.f, err);
	}
	if ((rc = scs_tl_merge(tl, tl2)) != SCS_OK)
		return scs_err_set(err, rc, "", "the report failed (%s)",
		    scs_rc_code((enum scs_rc)rc));
	return SCS_OK;
}

/* Every case that @q selects into @tl, on two threads when it can. */
static int
scan(struct scs_ctx *c, const struct scs_rec_query *q, struct scs_tl *tl,
    struct scs_tl *tl2, struct scs_err *err)
{
	struct feed f = {tl, SCS_OK};
	struct scs_store *st2 = NULL;
	struct scs_err e2;
	int rc = ONE_THREAD;

	if (tl2 != NULL && scs_store_reopen(c->st, &st2, &e2) == SCS_OK &&
	    same_state(c, st2) == SCS_OK)
		rc = scan_two(c, q, tl, tl2, st2, err);
	if (st2 != NULL)
		scs_store_close(st2);
	if (rc != ONE_THREAD)
		return rc;
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, q, feed_cb, &f, err);
	return rc != SCS_OK ? failed(rc, &f, err) : SCS_OK;
}

/* Each authority's targets, then each level's own (scs_policy_targets),
 * before the first case. */
static int
targets(const struct scs_ctx *c, struct scs_tl *tl, struct scs_err *err)
{
	const struct scs_policy *p = c->rd->policy;
	int64_t days[SCS_TL_NSTATS];
	size_t i;
	int rc;

	_Static_assert(SCS_TL_NSTATS == SCS_PHASE_N + 1,
	    "the policy's targets are the report's, phase by phase");
	for (i = 0; p != NULL && i < c->rd->nauthorities; i++) {
		const char *a = c->rd->authorities[i].code;

		if (!scs_policy_targets(p, a, "", days))
			continue;
		if ((rc = scs_tl_targets(tl, a, NULL, days)) != SCS_OK)
			return scs_err_set(err, rc, "targets_days",
			    "cannot set the target of %s", a);
	}
	for (i = 0; p != NULL && i < p->nlt; i++) {
		const struct scs_ltarget *l = &p->lt[i];

		if (!scs_policy_targets(p, l->authority, l->level, days))
			continue;
		if ((rc = scs_tl_targets(tl, l->authority, l->level, days)) !=
		    SCS_OK)
			return scs_err_set(err, rc, "targets_by_level",
			    "cannot set the target of %s", l->authority);
	}
	return SCS_OK;
}

/* The name the report gives the cases that have no body yet. */
#define UNASSIGNED "unassigned"

/* What the report counts, from the query, checked. */
struct setup {
	int64_t from, to, now;
	struct scs_tl_opts o;
};

static int
read_query(struct scs_ctx *c, const struct scs_timeliness_query *q, int64_t now,
    struct setup *s, struct scs_err *err)
{
	struct scs_org org;
	struct scs_err e2;
	int rc;

	memset(s, 0, sizeof(*s));
	if (q->from >= q->to)
		return scs_err_set(err, SCS_EINVAL, "to", "must be after from");
	if (q->by == NULL || strcmp(q->by, "level") == 0)
		s->o.by = SCS_TL_BY_LEVEL;
	else if (strcmp(q->by, "body") == 0)
		s->o.by = SCS_TL_BY_BODY;
	else
		return scs_err_set(err, SCS_EINVAL, "by",
		    "must be level or body");
	if (q->body != NULL && strcmp(q->body, UNASSIGNED) == 0) {
		s->o.body = "";
	} else if (q->body != NULL) {
		if ((rc = scs_valid_id(q->body, "body", err)) != SCS_OK)
			return rc;
		rc = scs_store_org_get(c->st, q->body, &org, &e2);
		if (rc == SCS_ENOTFOUND ||
		    (rc == SCS_OK && org.type != SCS_ORG_SCREENING))
			return scs_err_set(err, SCS_EINVAL, "body",
			    "must be a screening body's id or unassigned");
		if (rc != SCS_OK) {
			if (err != NULL)
				*err = e2;
			return rc;
		}
		s->o.body = q->body;
	}
	s->from = q->from;
	s->to = q->to;
	s->now = now;
	/* The backlog at the end of the window, not in the future. */
	s->o.has_at = q->to != INT64_MAX;
	s->o.at = q->to < now ? q->to : now;
	return SCS_OK;
}

/* An accumulator for @s, its targets and options set, into *@out. */
static int
tl_make(const struct scs_ctx *c, const struct setup *s, struct scs_tl **out,
    struct scs_err *err)
{
	struct scs_tl *tl = scs_tl_new(s->from, s->to, s->now);
	int rc;

	*out = NULL;
	if (tl == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = targets(c, tl, err)) != SCS_OK)
		goto fail;
	if ((rc = scs_tl_options(tl, &s->o)) != SCS_OK) {
		rc = scs_err_set(err, rc, "body",
		    "must be a screening body's id or unassigned");
		goto fail;
	}
	*out = tl;
	return SCS_OK;
fail:
	scs_tl_free(tl);
	return rc;
}

static json_t *
days_json(bool has, double seconds)
{
	return has ? json_real(seconds / 86400.0) : json_null();
}

static json_t *
share_json(uint64_t whole, double share)
{
	return whole > 0 ? json_real(share) : json_null();
}

static json_t *
stats_json(const struct scs_tl_stats *s)
{
	json_t *o = json_object();
	bool n = s->count > 0;

	scs_codec_put(&o, "count", json_integer((json_int_t)s->count));
	scs_codec_put(&o, "mean_days", days_json(n, s->mean));
	scs_codec_put(&o, "median_days", days_json(n, s->median));
	scs_codec_put(&o, "p90_days", days_json(n, s->p90));
	scs_codec_put(&o, "fastest90_days", days_json(n, s->fastest90));
	scs_codec_put(&o, "left_out", json_integer((json_int_t)s->left_out));
	scs_codec_put(&o, "left_out_share",
	    share_json(s->count, s->left_out_share));
	scs_codec_put(&o, "left_out_time_share",
	    share_json(s->count, s->left_out_time_share));
	scs_codec_put(&o, "target_days",
	    s->target_days > 0 ? json_integer(s->target_days) : json_null());
	scs_codec_put(&o, "targeted", json_integer((json_int_t)s->targeted));
	scs_codec_put(&o, "within_target", json_integer((json_int_t)s->within));
	scs_codec_put(&o, "within_target_share",
	    share_json(s->targeted, s->within_share));
	return o;
}

static json_t *
bands_json(const uint64_t *n)
{
	json_t *o = json_object();
	int i;

	for (i = 0; i < SCS_TL_NBANDS; i++)
		scs_codec_put(&o, scs_tl_band_codes[i],
		    json_integer((json_int_t)n[i]));
	return o;
}

static json_t *
count_or_null(bool has, uint64_t n)
{
	return has ? json_integer((json_int_t)n) : json_null();
}

static json_t *
row_json(const struct scs_tl_row *r, const char *body_name, bool has_at)
{
	bool by_body =
	    r->kind == SCS_TL_ROW_BODY || r->kind == SCS_TL_ROW_BODY_LEVEL;
	json_t *o = json_object(), *ph = json_object(), *op = json_object();
	int i;

	for (i = 0; i < SCS_TL_NSTATS; i++)
		scs_codec_put(&ph,
		    i < SCS_PHASE_N ? scs_phase_codes[i] : "end_to_end",
		    stats_json(&r->phase[i]));
	for (i = 0; i < SCS_PHASE_N; i++)
		scs_codec_put(&op, scs_phase_codes[i],
		    json_integer((json_int_t)r->open_in_phase[i]));
	scs_codec_put(&o, "body",
	    !by_body         ? json_null()
	        : r->body[0] ? json_string(r->body)
	                     : json_string(UNASSIGNED));
	scs_codec_put(&o, "body_name",
	    body_name != NULL ? json_string(body_name) : json_null());
	scs_codec_put(&o, "authority",
	    r->authority[0] ? json_string(r->authority) : json_null());
	scs_codec_put(&o, "level",
	    r->level[0] ? json_string(r->level) : json_null());
	scs_codec_put(&o, "phases", ph);
	scs_codec_put(&o, "decided", json_integer((json_int_t)r->decided));
	scs_codec_put(&o, "e_adjudicated",
	    json_integer((json_int_t)r->e_adjudicated));
	scs_codec_put(&o, "e_adjudication_share", json_real(r->e_share));
	scs_codec_put(&o, "not_completed",
	    json_integer((json_int_t)r->not_completed));
	scs_codec_put(&o, "open", json_integer((json_int_t)r->open));
	scs_codec_put(&o, "backlog_by_age_days", bands_json(r->backlog));
	scs_codec_put(&o, "open_in_phase", op);
	scs_codec_put(&o, "overdue", json_integer((json_int_t)r->overdue));
	scs_codec_put(&o, "target_days", json_integer(r->target_days));
	scs_codec_put(&o, "open_at", count_or_null(has_at, r->open_at));
	scs_codec_put(&o, "backlog_at_by_age_days",
	    has_at ? bands_json(r->backlog_at) : json_null());
	scs_codec_put(&o, "overdue_at", count_or_null(has_at, r->overdue_at));
	return o;
}

/* The name of the screening body @id, or NULL; the last one found is
 * kept, as a body's rows follow each other. */
struct names {
	char id[SCS_ID_MAX + 1];
	char name[SCS_NAME_MAX + 1];
	bool found;
};

static const char *
body_name(struct scs_ctx *c, struct names *nm, const char *id)
{
	struct scs_org *o;
	struct scs_err e;

	if (id[0] == '\0')
		return NULL;
	if (strcmp(nm->id, id) != 0) {
		(void)snprintf(nm->id, sizeof(nm->id), "%s", id);
		nm->found = false;
		if ((o = malloc(sizeof(*o))) != NULL &&
		    scs_store_org_get(c->st, id, o, &e) == SCS_OK) {
			(void)snprintf(nm->name, sizeof(nm->name), "%s",
			    o->name);
			nm->found = true;
		}
		free(o);
	}
	return nm->found ? nm->name : NULL;
}

static json_t *
time_json(int64_t t, bool has)
{
	char s[SCS_TIME_STRMAX];

	if (!has || scs_time_format(t, s) == 0)
		return json_null();
	return json_string(s);
}

/* The report's JSON from its @n rows. */
static json_t *
report_json(struct scs_ctx *c, const struct scs_timeliness_query *q,
    const struct setup *s, const struct scs_tl_row *rows, size_t n)
{
	struct names nm;
	json_t *o = json_object(), *arr = json_array();
	size_t i;

	memset(&nm, 0, sizeof(nm));
	for (i = 0; i < n; i++)
		scs_codec_push(&arr,
		    row_json(&rows[i],
		        rows[i].kind == SCS_TL_ROW_BODY ||
		                rows[i].kind == SCS_TL_ROW_BODY_LEVEL
		            ? body_name(c, &nm, rows[i].body)
		            : NULL,
		        s->o.has_at));
	scs_codec_put(&o, "from", time_json(s->from, s->from != INT64_MIN));
	scs_codec_put(&o, "to", time_json(s->to, s->to != INT64_MAX));
	scs_codec_put(&o, "by",
	    json_string(s->o.by == SCS_TL_BY_BODY ? "body" : "level"));
	scs_codec_put(&o, "body",
	    q->body != NULL ? json_string(q->body) : json_null());
	scs_codec_put(&o, "inventory_at", time_json(s->o.at, s->o.has_at));
	scs_codec_put(&o, "rows", arr);
	return o;
}

int
scs_op_report_timeliness(struct scs_ctx *c,
    const struct scs_timeliness_query *q, json_t **out, struct scs_err *err)
{
	int64_t now = c->now_us() / 1000000;
	struct scs_rec_query rq;
	struct scs_tl_row *rows = NULL;
	struct scs_tl *tl = NULL, *tl2 = NULL;
	struct setup s;
	struct scs_err e2;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, READERS, "read timeliness reports", err)) !=
	        SCS_OK ||
	    (rc = read_query(c, q, now, &s, err)) != SCS_OK)
		return rc;
	if ((rc = tl_make(c, &s, &tl, err)) != SCS_OK)
		return rc;
	/* The second thread's accumulator: without it, one thread. */
	(void)tl_make(c, &s, &tl2, &e2);
	memset(&rq, 0, sizeof(rq));
	rq.lean = true;
	rq.fields = columns;
	rq.unordered = true;
	if ((rc = scan(c, &rq, tl, tl2, err)) != SCS_OK)
		goto out;
	if ((rc = scs_tl_report(tl, &rows, &n)) != SCS_OK) {
		rc = scs_err_set(err, rc, "", "out of memory");
		goto out;
	}
	if ((*out = report_json(c, q, &s, rows, n)) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
out:
	free(rows);
	scs_tl_free(tl2);
	scs_tl_free(tl);
	return rc;
}

/* ---- CSV ---- */

/*
 * The columns of the CSV, in order (docs/timeliness.md "CSV"): where each
 * cell comes from in the report's JSON and how it is written.  Group
 * columns are written on a group's end_to_end line only, so that a sum
 * down a column counts each case once.
 */
enum col_from {
	FROM_TOP,   /* a member of the report */
	FROM_ROW,   /* a member of the row */
	FROM_PHASE, /* a member of the phase's statistics */
	FROM_NAME,  /* the phase's name */
	FROM_OPEN,  /* open_in_phase, or open on the end_to_end line */
	FROM_GROUP, /* a member of the row, on the end_to_end line */
	FROM_BAND,  /* key2 of the row's object key, on the end_to_end line */
};

enum col_fmt { AS_TEXT, AS_INT, AS_DAYS, AS_SHARE };

struct col {
	const char *name;
	const char *key, *key2;
	enum col_from from;
	enum col_fmt fmt;
};

static const struct col cols[] = {
    {"from", "from", NULL, FROM_TOP, AS_TEXT},
    {"to", "to", NULL, FROM_TOP, AS_TEXT},
    {"body", "body", NULL, FROM_ROW, AS_TEXT},
    {"body_name", "body_name", NULL, FROM_ROW, AS_TEXT},
    {"authority", "authority", NULL, FROM_ROW, AS_TEXT},
    {"level", "level", NULL, FROM_ROW, AS_TEXT},
    {"phase", NULL, NULL, FROM_NAME, AS_TEXT},
    {"count", "count", NULL, FROM_PHASE, AS_INT},
    {"mean_days", "mean_days", NULL, FROM_PHASE, AS_DAYS},
    {"fastest90_days", "fastest90_days", NULL, FROM_PHASE, AS_DAYS},
    {"left_out", "left_out", NULL, FROM_PHASE, AS_INT},
    {"left_out_share", "left_out_share", NULL, FROM_PHASE, AS_SHARE},
    {"left_out_time_share", "left_out_time_share", NULL, FROM_PHASE, AS_SHARE},
    {"median_days", "median_days", NULL, FROM_PHASE, AS_DAYS},
    {"p90_days", "p90_days", NULL, FROM_PHASE, AS_DAYS},
    {"target_days", "target_days", NULL, FROM_PHASE, AS_INT},
    {"targeted", "targeted", NULL, FROM_PHASE, AS_INT},
    {"within_target", "within_target", NULL, FROM_PHASE, AS_INT},
    {"within_target_share", "within_target_share", NULL, FROM_PHASE, AS_SHARE},
    {"open", NULL, NULL, FROM_OPEN, AS_INT},
    {"decided", "decided", NULL, FROM_GROUP, AS_INT},
    {"e_adjudicated", "e_adjudicated", NULL, FROM_GROUP, AS_INT},
    {"e_adjudication_share", "e_adjudication_share", NULL, FROM_GROUP,
        AS_SHARE},
    {"not_completed", "not_completed", NULL, FROM_GROUP, AS_INT},
    {"overdue", "overdue", NULL, FROM_GROUP, AS_INT},
    {"backlog_0_30", "backlog_by_age_days", "0_30", FROM_BAND, AS_INT},
    {"backlog_31_90", "backlog_by_age_days", "31_90", FROM_BAND, AS_INT},
    {"backlog_91_180", "backlog_by_age_days", "91_180", FROM_BAND, AS_INT},
    {"backlog_181_365", "backlog_by_age_days", "181_365", FROM_BAND, AS_INT},
    {"backlog_over_365", "backlog_by_age_days", "over_365", FROM_BAND, AS_INT},
    {"inventory_at", "inventory_at", NULL, FROM_TOP, AS_TEXT},
    {"open_at", "open_at", NULL, FROM_GROUP, AS_INT},
    {"overdue_at", "overdue_at", NULL, FROM_GROUP, AS_INT},
    {"backlog_at_0_30", "backlog_at_by_age_days", "0_30", FROM_BAND, AS_INT},
    {"backlog_at_31_90", "backlog_at_by_age_days", "31_90", FROM_BAND, AS_INT},
    {"backlog_at_91_180", "backlog_at_by_age_days", "91_180", FROM_BAND,
        AS_INT},
    {"backlog_at_181_365", "backlog_at_by_age_days", "181_365", FROM_BAND,
        AS_INT},
    {"backlog_at_over_365", "backlog_at_by_age_days", "over_365", FROM_BAND,
        AS_INT},
};

/* A text cell: quoted when it holds a comma, a quote or a line break
 * (RFC 4180); one a spreadsheet would take for a formula (=, +, -, @, a
 * tab or a carriage return first) is written after a single quote. */
static int
csv_text(struct scs_buf *b, const char *s)
{
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	int rc = SCS_OK;

	if (quote)
		rc = scs_buf_adds(b, "\"");
	if (rc == SCS_OK && s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		rc = scs_buf_adds(b, "'");
	for (; rc == SCS_OK && *s != '\0'; s++)
		rc = *s == '"' ? scs_buf_adds(b, "\"\"") : scs_buf_add(b, s, 1);
	if (quote && rc == SCS_OK)
		rc = scs_buf_adds(b, "\"");
	return rc;
}

static int
csv_cell(struct scs_buf *b, const json_t *v, enum col_fmt fmt)
{
	if (v == NULL || json_is_null(v))
		return SCS_OK;
	switch (fmt) {
	case AS_TEXT:
		return csv_text(b,
		    json_is_string(v) ? json_string_value(v) : "");
	case AS_INT:
		return scs_buf_addf(b, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	case AS_DAYS:
		return scs_buf_addf(b, "%.4f", json_number_value(v));
	default:
		return scs_buf_addf(b, "%.6f", json_number_value(v));
	}
}

/* The cell of column @c on the line of phase @p (its code) of @row. */
static const json_t *
cell_of(const struct col *c, const json_t *rep, const json_t *row,
    const char *p, bool e2e)
{
	const json_t *st = json_object_get(json_object_get(row, "phases"), p);

	switch (c->from) {
	case FROM_TOP:
		return json_object_get(rep, c->key);
	case FROM_ROW:
		return json_object_get(row, c->key);
	case FROM_PHASE:
		return json_object_get(st, c->key);
	case FROM_OPEN:
		return e2e
		    ? json_object_get(row, "open")
		    : json_object_get(json_object_get(row, "open_in_phase"), p);
	case FROM_GROUP:
		return e2e ? json_object_get(row, c->key) : NULL;
	case FROM_BAND:
		return e2e
		    ? json_object_get(json_object_get(row, c->key), c->key2)
		    : NULL;
	default:
		return NULL;
	}
}

static int
csv_line(struct scs_buf *b, const json_t *rep, const json_t *row, const char *p)
{
	bool e2e = strcmp(p, "end_to_end") == 0;
	size_t i;
	int rc = SCS_OK;

	for (i = 0; rc == SCS_OK && i < SCS_NELEM(cols); i++) {
		if (i > 0)
			rc = scs_buf_adds(b, ",");
		if (rc != SCS_OK)
			break;
		if (cols[i].from == FROM_NAME)
			rc = csv_text(b, p);
		else
			rc = csv_cell(b, cell_of(&cols[i], rep, row, p, e2e),
			    cols[i].fmt);
	}
	return rc == SCS_OK ? scs_buf_adds(b, "\r\n") : rc;
}

/* A CSV of the largest report (about 2,000 groups of 6 lines) fits. */
#define CSV_MAX ((size_t)64 << 20)

int
scs_op_timeliness_csv(const json_t *rep, char **out_text, size_t *out_len,
    struct scs_err *err)
{
	const json_t *row;
	struct scs_buf b;
	size_t i, k;
	int rc = SCS_OK;

	*out_text = NULL;
	*out_len = 0;
	scs_buf_init(&b, CSV_MAX);
	for (k = 0; rc == SCS_OK && k < SCS_NELEM(cols); k++)
		rc = scs_buf_addf(&b, "%s%s", k > 0 ? "," : "", cols[k].name);
	if (rc == SCS_OK)
		rc = scs_buf_adds(&b, "\r\n");
	json_array_foreach(json_object_get(rep, "rows"), i, row)
	{
		for (k = 0; rc == SCS_OK && k <= SCS_PHASE_N; k++)
			rc = csv_line(&b, rep, row,
			    k < SCS_PHASE_N ? scs_phase_codes[k]
			                    : "end_to_end");
	}
	if (rc != SCS_OK) {
		scs_buf_free(&b);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	*out_text = (char *)b.p;
	*out_len = b.len;
	return SCS_OK;
}

int
scs_op_expected_date(struct scs_ctx *c, const struct scs_case *k, int64_t *out,
    int64_t *out_band, struct scs_err *err)
{
	int64_t now = c->now_us() / 1000000;
	struct scs_rec_query q;
	struct feed f = {NULL, SCS_OK};
	struct scs_tl_case v;
	int rc;

	/* Recent decisions only, through the index on decided. */
	if ((f.tl = scs_tl_new(now - EXPECT_WINDOW, now + 1, now)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	memset(&q, 0, sizeof(q));
	q.lean = true;
	q.fields = columns;
	q.unordered = true;
	q.time_field = "decided";
	q.time_from = now - EXPECT_WINDOW;
	q.time_to = now + 1;
	q.eq[0].field = "authority";
	q.eq[0].value = k->authority;
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, feed_cb, &f, err);
	if (rc == SCS_OK) {
		view_of(k, &v);
		rc = scs_tl_expect(f.tl, &v, now, out);
		if (rc == SCS_OK && out_band != NULL)
			rc = scs_tl_expect_band(f.tl, &v, now, &out_band[0],
			    &out_band[1], &out_band[2]);
		if (rc != SCS_OK && rc != SCS_ENOTFOUND && rc != SCS_ECONFLICT)
			(void)scs_err_set(err, rc, "", "no expected date");
	}
	scs_tl_free(f.tl);
	return rc;
}
