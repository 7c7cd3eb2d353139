/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the timeliness report (DESIGN.md section 8): every case of
 * the register streamed from the store into the core's accumulator
 * (src/core/timeliness.c), with each authority's end-to-end target from
 * data/vetting.json; and the expected decision date a subject sees.
 * Statistics only: no case content, no person.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/policy.h"
#include "scs/time.h"
#include "scs/timeliness.h"
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
	out->state = k->state;
	out->opened = k->opened;
	out->since = k->since;
	out->decided = k->decided;
	out->has_decided = k->has_decided;
	memcpy(out->phase_s, k->phase_s, sizeof(out->phase_s));
	out->e_adjudicated = k->e_adjudicated;
}

/* The columns the report reads (the store reads no other). */
static const char *const columns[] = {"authority", "level", "state", "opened",
    "since", "decided", "e_adjudicated", "consent_s", "questionnaire_s",
    "initiation_s", "investigation_s", "adjudication_s", NULL};

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

/* Each authority's end-to-end target, before the first case. */
static int
targets(const struct scs_ctx *c, struct scs_tl *tl, struct scs_err *err)
{
	const struct scs_policy *p = c->rd->policy;
	size_t i, k;
	int rc;

	for (i = 0; p != NULL && i < c->rd->nauthorities; i++) {
		const struct scs_authority *a = &c->rd->authorities[i];
		const struct scs_apolicy *ap = scs_policy_for(p, a->code);

		if (ap == NULL)
			continue;
		k = SCS_PHASE_N; /* end to end */
		if ((rc = scs_tl_target(tl, a->code, NULL,
		         ap->targets_days[k])) != SCS_OK)
			return scs_err_set(err, rc, "targets_days",
			    "cannot set the target of %s", a->code);
	}
	return SCS_OK;
}

static json_t *
stats_json(const struct scs_tl_stats *s)
{
	if (s->count == 0)
		return json_pack("{s:I,s:n,s:n,s:n,s:n}", "count",
		    (json_int_t)0, "mean_days", "median_days", "p90_days",
		    "fastest90_days");
	return json_pack("{s:I,s:f,s:f,s:f,s:f}", "count", (json_int_t)s->count,
	    "mean_days", s->mean / 86400.0, "median_days", s->median / 86400.0,
	    "p90_days", s->p90 / 86400.0, "fastest90_days",
	    s->fastest90 / 86400.0);
}

static json_t *
row_json(const struct scs_tl_row *r)
{
	json_t *o = json_object(), *ph = json_object(), *bl = json_object(),
	       *op = json_object();
	int i;

	for (i = 0; i < SCS_TL_NSTATS; i++)
		scs_codec_put(&ph,
		    i < SCS_PHASE_N ? scs_phase_codes[i] : "end_to_end",
		    stats_json(&r->phase[i]));
	for (i = 0; i < SCS_TL_NBANDS; i++)
		scs_codec_put(&bl, scs_tl_band_codes[i],
		    json_integer((json_int_t)r->backlog[i]));
	for (i = 0; i < SCS_PHASE_N; i++)
		scs_codec_put(&op, scs_phase_codes[i],
		    json_integer((json_int_t)r->open_in_phase[i]));
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
	scs_codec_put(&o, "backlog_by_age_days", bl);
	scs_codec_put(&o, "open_in_phase", op);
	scs_codec_put(&o, "overdue", json_integer((json_int_t)r->overdue));
	scs_codec_put(&o, "target_days", json_integer(r->target_days));
	return o;
}

int
scs_op_report_timeliness(struct scs_ctx *c, int64_t from, int64_t to,
    json_t **out, struct scs_err *err)
{
	int64_t now = c->now_us() / 1000000;
	struct scs_rec_query q;
	struct scs_tl_row *rows = NULL;
	struct feed f = {NULL, SCS_OK};
	struct scs_tl *tl2 = NULL;
	struct scs_err e2;
	char a[SCS_TIME_STRMAX], b[SCS_TIME_STRMAX];
	json_t *o = NULL, *arr;
	size_t i, n = 0;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, READERS, "read timeliness reports", err)) !=
	    SCS_OK)
		return rc;
	if (from >= to)
		return scs_err_set(err, SCS_EINVAL, "to", "must be after from");
	if ((f.tl = scs_tl_new(from, to, now)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = targets(c, f.tl, err)) != SCS_OK)
		goto out;
	/* The second thread's accumulator: without it, one thread. */
	if ((tl2 = scs_tl_new(from, to, now)) != NULL &&
	    targets(c, tl2, &e2) != SCS_OK) {
		scs_tl_free(tl2);
		tl2 = NULL;
	}
	memset(&q, 0, sizeof(q));
	q.lean = true;
	q.fields = columns;
	q.unordered = true;
	if ((rc = scan(c, &q, f.tl, tl2, err)) != SCS_OK)
		goto out;
	if ((rc = scs_tl_report(f.tl, &rows, &n)) != SCS_OK) {
		rc = scs_err_set(err, rc, "", "out of memory");
		goto out;
	}
	arr = json_array();
	for (i = 0; i < n; i++)
		scs_codec_push(&arr, row_json(&rows[i]));
	o = json_object();
	if (from != INT64_MIN)
		(void)scs_time_format(from, a);
	if (to != INT64_MAX)
		(void)scs_time_format(to, b);
	scs_codec_put(&o, "from",
	    from == INT64_MIN ? json_null() : json_string(a));
	scs_codec_put(&o, "to", to == INT64_MAX ? json_null() : json_string(b));
	scs_codec_put(&o, "rows", arr);
	if (o == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	*out = o;
out:
	free(rows);
	scs_tl_free(tl2);
	scs_tl_free(f.tl);
	return rc;
}

int
scs_op_expected_date(struct scs_ctx *c, const struct scs_case *k, int64_t *out,
    struct scs_err *err)
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
		if (rc != SCS_OK && rc != SCS_ENOTFOUND && rc != SCS_ECONFLICT)
			(void)scs_err_set(err, rc, "", "no expected date");
	}
	scs_tl_free(f.tl);
	return rc;
}
