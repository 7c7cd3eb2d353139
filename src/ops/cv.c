/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cv.c - continuous vetting, the operations (cv.h): a feed matched
 * against every person of the register.  The persons are read in one
 * snapshot into the linkage index of src/core/link.c, which derives every
 * matching key from the names as stored (nothing derived is kept in the
 * store: a key that could be edited apart from its name could hide a
 * person from every feed); the records are matched on as many threads
 * as the caller asks.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops_int.h"
#include "scs/cv.h"
#include "scs/record.h"
#include "scs/store.h"

struct load {
	struct scs_link_index *ix;
	char (*ids)[SCS_ID_MAX + 1];
	size_t nids, cap;
	int rc;
};

static int
load_person(void *arg, const struct scs_person *p)
{
	struct load *l = arg;
	struct scs_link_ident id;
	size_t i;

	if (l->nids == l->cap) {
		size_t c = l->cap ? l->cap * 2 : 4096;
		char(*ids)[SCS_ID_MAX + 1] = realloc(l->ids, c * sizeof(*ids));

		if (ids == NULL)
			return l->rc = SCS_ENOMEM;
		l->ids = ids;
		l->cap = c;
	}
	memset(&id, 0, sizeof(id));
	id.names[id.nnames++] = p->name;
	id.names[id.nnames++] = p->name_latin;
	id.names[id.nnames++] = p->name_kana;
	id.names[id.nnames++] = p->name_passport;
	for (i = 0; i < p->naliases && id.nnames < SCS_LINK_NAMES; i++)
		id.names[id.nnames++] = p->aliases[i];
	id.birth_date = p->birth_date;
	id.nationalities = (const char(*)[4])p->nationalities;
	id.nnationalities = p->nnationalities;
	if ((l->rc = scs_link_index_add(l->ix, &id)) != SCS_OK)
		return l->rc;
	memcpy(l->ids[l->nids++], p->id, SCS_ID_MAX + 1);
	return SCS_OK;
}

/* Who is enrolled: an active or interim clearance valid now, or an open
 * case.  Sorted ids, binary-searched. */
struct enrolled {
	char (*ids)[SCS_ID_MAX + 1];
	size_t n, cap;
	int64_t now;
	int rc;
};

static int
add_enrolled(struct enrolled *e, const char *id)
{
	if (e->n == e->cap) {
		size_t c = e->cap ? e->cap * 2 : 4096;
		char(*ids)[SCS_ID_MAX + 1] = realloc(e->ids, c * sizeof(*ids));

		if (ids == NULL)
			return e->rc = SCS_ENOMEM;
		e->ids = ids;
		e->cap = c;
	}
	(void)scs_strlcpy(e->ids[e->n++], id, SCS_ID_MAX + 1);
	return SCS_OK;
}

static int
enrolled_rec(void *arg, const struct scs_record *r)
{
	struct enrolled *e = arg;

	if (r->kind == SCS_KIND_CLEARANCE) {
		const struct scs_clearance *cl = &r->u.clearance;

		if ((cl->status == SCS_CLR_ACTIVE ||
		        cl->status == SCS_CLR_INTERIM) &&
		    cl->valid_from <= e->now && e->now < cl->valid_until)
			return add_enrolled(e, cl->person);
		return SCS_OK;
	}
	if (r->kind == SCS_KIND_CASE && scs_case_open(r->u.vcase.state))
		return add_enrolled(e, r->u.vcase.person);
	return SCS_OK;
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool
is_enrolled(const struct enrolled *e, const char *id)
{
	return e->n > 0 &&
	    bsearch(id, e->ids, e->n, sizeof(*e->ids), cmp_id) != NULL;
}

/* ---- matching on threads ---------------------------------------------- */

struct work {
	const struct scs_link_index *ix;
	const struct scs_link_model *model;
	const struct scs_link_ident *idents;
	struct scs_link_result *res;
	size_t n;
	unsigned nthreads, me;
};

static void *
match_part(void *arg)
{
	struct work *w = arg;

	for (size_t i = w->me; i < w->n; i += w->nthreads)
		scs_link_match(w->ix, w->model, &w->idents[i], &w->res[i]);
	return NULL;
}

static void
match_all(const struct scs_link_index *ix, const struct scs_link_model *m,
    const struct scs_link_ident *idents, struct scs_link_result *res, size_t n,
    unsigned nthreads)
{
	pthread_t th[64];
	struct work w[64];
	bool running[64] = {false};

	if (nthreads == 0)
		nthreads = 1;
	if (nthreads > 64)
		nthreads = 64;
	for (unsigned t = 0; t < nthreads; t++)
		w[t] = (struct work){ix, m, idents, res, n, nthreads, t};
	for (unsigned t = 1; t < nthreads; t++)
		running[t] =
		    pthread_create(&th[t], NULL, match_part, &w[t]) == 0;
	for (unsigned t = 0; t < nthreads; t++)
		if (!running[t]) /* this thread, and any that did not start */
			(void)match_part(&w[t]);
	for (unsigned t = 1; t < nthreads; t++)
		if (running[t])
			(void)pthread_join(th[t], NULL);
}

/* ---- output ----------------------------------------------------------- */

static int
line(char *buf, size_t size, const struct scs_cv_record *r, const char *person,
    const struct scs_link_result *res, bool enrolled, const char *alert)
{
	size_t at;
	int w;

	if (res->decision == SCS_LINK_NONE)
		return snprintf(buf, size,
		    "{\"record\":\"%s\",\"person\":null,\"score\":%.2f,"
		    "\"probability\":%.6f,\"decision\":\"none\","
		    "\"enrolled\":false,\"weights\":{},\"levels\":{}}",
		    r->id, res->person >= 0 ? res->score : 0,
		    res->person >= 0 ? res->probability : 0);
	w = snprintf(buf, size,
	    "{\"record\":\"%s\",\"person\":\"%s\",\"score\":%.2f,"
	    "\"probability\":%.6f,\"decision\":\"%s\",\"enrolled\":%s,"
	    "\"weights\":{",
	    r->id, person, res->score, res->probability,
	    scs_link_decision_name(res->decision), enrolled ? "true" : "false");
	if (w < 0 || (size_t)w >= size)
		return -1;
	at = (size_t)w;
	for (int f = 0; f < SCS_LF_N; f++) {
		w = snprintf(buf + at, size - at, "%s\"%s\":%.2f", f ? "," : "",
		    scs_link_field_name((enum scs_link_field)f),
		    res->weight[f]);
		if (w < 0 || (size_t)w >= size - at)
			return -1;
		at += (size_t)w;
	}
	w = snprintf(buf + at, size - at, ",\"joint\":%.2f},\"levels\":{",
	    res->joint);
	if (w < 0 || (size_t)w >= size - at)
		return -1;
	at += (size_t)w;
	for (int f = 0; f < SCS_LF_N; f++) {
		w = snprintf(buf + at, size - at, "%s\"%s\":\"%s\"",
		    f ? "," : "", scs_link_field_name((enum scs_link_field)f),
		    scs_link_level_name(res->level[f]));
		if (w < 0 || (size_t)w >= size - at)
			return -1;
		at += (size_t)w;
	}
	w = snprintf(buf + at, size - at, "}%s%s%s%s",
	    res->ambiguous ? ",\"ambiguous\":true" : "",
	    alert[0] != '\0' ? ",\"alert\":\"" : "", alert,
	    alert[0] != '\0' ? "\"}" : "}");
	if (w < 0 || (size_t)w >= size - at)
		return -1;
	return (int)(at + (size_t)w);
}

/* The evidence of @res as the alert keeps it: a compact JSON object. */
static void
evidence(const struct scs_link_result *res, char *out, size_t size)
{
	size_t at;
	int w = snprintf(out, size, "{\"score\":%.2f,\"probability\":%.6f",
	    res->score, res->probability);

	if (w < 0 || (size_t)w >= size) {
		out[0] = '\0';
		return;
	}
	at = (size_t)w;
	for (int f = 0; f < SCS_LF_N; f++) {
		w = snprintf(out + at, size - at,
		    ",\"%s\":{\"level\":\"%s\",\"weight\":%.2f}",
		    scs_link_field_name((enum scs_link_field)f),
		    scs_link_level_name(res->level[f]), res->weight[f]);
		if (w < 0 || (size_t)w >= size - at) {
			out[0] = '\0';
			return;
		}
		at += (size_t)w;
	}
	(void)snprintf(out + at, size - at, ",\"joint\":{\"weight\":%.2f}}",
	    res->joint);
}

/* The alert of record @r about @person. */
static int
raise(struct scs_alert_raiser *ar, const struct scs_cv_record *r,
    const char *person, const struct scs_link_result *res,
    char out_id[SCS_ID_MAX + 1], bool *fresh, struct scs_err *err)
{
	struct scs_alert a;
	char narrative[SCS_CV_SUMMARY_MAX + 4 * SCS_NAME_MAX + 256];
	int rc;

	memset(&a, 0, sizeof(a));
	(void)scs_strlcpy(a.person, person, sizeof(a.person));
	a.origin = SCS_ALERT_FEED;
	(void)scs_strlcpy(a.source, r->source, sizeof(a.source));
	(void)scs_strlcpy(a.type, r->type, sizeof(a.type));
	(void)scs_strlcpy(a.date, r->date, sizeof(a.date));
	(void)scs_strlcpy(a.record, r->id, sizeof(a.record));
	a.match = res->decision == SCS_LINK_LINK ? SCS_ALERT_MATCH_LINK
	                                         : SCS_ALERT_MATCH_REVIEW;
	evidence(res, a.weights, sizeof(a.weights));
	/* What the source said, as it said it: sealed. */
	(void)snprintf(narrative, sizeof(narrative),
	    "%s%sname: %s%s%s%s%s%s%s%s%s", r->summary ? r->summary : "",
	    r->summary ? "\n" : "", r->name,
	    r->name_latin[0] ? "\nname_latin: " : "", r->name_latin,
	    r->name_kana[0] ? "\nname_kana: " : "", r->name_kana,
	    r->birth_date[0] ? "\nbirth_date: " : "", r->birth_date,
	    r->nationality[0] ? "\nnationality: " : "", r->nationality);
	rc = scs_op_alert_raise(ar, &a, narrative, fresh, err);
	if (rc == SCS_OK)
		(void)scs_strlcpy(out_id, a.id, SCS_ID_MAX + 1);
	return rc;
}

/* The register's persons into @l's index and who is enrolled into @e
 * (sorted), from one read snapshot. */
static int
load_register(struct scs_ctx *c, struct load *l, struct enrolled *e,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	e->now = c->now_us() / 1000000;
	rc = scs_store_person_lean_each(c->st, load_person, l, err);
	if (rc == SCS_OK)
		rc = scs_store_rec_each(c->st, SCS_KIND_CLEARANCE, enrolled_rec,
		    e, err);
	if (rc == SCS_OK)
		rc = scs_store_rec_each(c->st, SCS_KIND_CASE, enrolled_rec, e,
		    err);
	scs_store_rollback(c->st);
	if (rc == SCS_OK && (l->rc != SCS_OK || e->rc != SCS_OK))
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc != SCS_OK)
		return rc;
	qsort(e->ids, e->n, sizeof(*e->ids), cmp_id);
	return SCS_OK;
}

/* The records of @feed as identities to match, into @idents. */
static void
feed_idents(const struct scs_cv_feed *feed, struct scs_link_ident *idents)
{
	for (size_t i = 0; i < feed->n; i++) {
		const struct scs_cv_record *r = &feed->r[i];
		struct scs_link_ident *id = &idents[i];

		id->names[id->nnames++] = r->name;
		id->names[id->nnames++] = r->name_latin;
		id->names[id->nnames++] = r->name_kana;
		id->birth_date = r->birth_date[0] ? r->birth_date : NULL;
		id->nationalities =
		    r->nationality[0] ? (const char(*)[4])r->nationality : NULL;
		id->nnationalities = r->nationality[0] ? 1 : 0;
	}
}

/* The decisions of @res (@n of them) counted into @sum, and how many are
 * about enrolled persons (@l's ids, @e). */
static void
count_decisions(const struct scs_link_result *res, size_t n,
    const struct load *l, const struct enrolled *e, struct scs_cv_summary *sum)
{
	for (size_t i = 0; i < n; i++) {
		sum->links += res[i].decision == SCS_LINK_LINK;
		sum->reviews += res[i].decision == SCS_LINK_REVIEW;
		sum->nones += res[i].decision == SCS_LINK_NONE;
		sum->enrolled += res[i].decision != SCS_LINK_NONE &&
		    is_enrolled(e, l->ids[res[i].person]);
	}
}

/* The alerts and the audit entry of matching @feed (named @name) in one
 * transaction: links and reviews of enrolled persons become alerts,
 * whose ids go into @alerts and the new ones' count into @sum. */
static int
raise_alerts(struct scs_ctx *c, const struct scs_cv_feed *feed,
    const char *name, const struct scs_link_result *res, const struct load *l,
    const struct enrolled *e, char (*alerts)[SCS_ID_MAX + 1],
    struct scs_cv_summary *sum, struct scs_err *err)
{
	struct scs_alert_raiser *ar = NULL;
	char purpose[160];
	int rc;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_alert_raiser_open(c, &ar, err)) != SCS_OK)
		goto abort;
	for (size_t i = 0; i < feed->n; i++) {
		bool fresh;

		if (res[i].decision == SCS_LINK_NONE ||
		    !is_enrolled(e, l->ids[res[i].person]))
			continue;
		if ((rc = raise(ar, &feed->r[i], l->ids[res[i].person], &res[i],
		         alerts[i], &fresh, err)) != SCS_OK)
			goto abort;
		sum->alerts += fresh;
	}
	(void)snprintf(purpose, sizeof(purpose),
	    "%zu records: %zu links, %zu reviews, %zu new alerts", sum->records,
	    sum->links, sum->reviews, sum->alerts);
	if ((rc = scs_op_audit(c, "cv_match", "feed", name, NULL, purpose,
	         err)) != SCS_OK)
		goto abort;
	rc = scs_op_commit(c, err);
	scs_op_alert_raiser_close(ar);
	return rc;
abort:
	(void)scs_op_abort(c, rc);
	scs_op_alert_raiser_close(ar);
	return rc;
}

/* The line of each record of @feed to @emit (with @arg). */
static int
emit_lines(const struct scs_cv_feed *feed, const struct scs_link_result *res,
    const struct load *l, const struct enrolled *e,
    char (*alerts)[SCS_ID_MAX + 1], scs_cv_emit emit, void *arg,
    struct scs_err *err)
{
	char buf[1200];
	int rc;

	for (size_t i = 0; i < feed->n; i++) {
		const char *pid =
		    res[i].person >= 0 ? l->ids[res[i].person] : NULL;
		bool en = pid != NULL && res[i].decision != SCS_LINK_NONE &&
		    is_enrolled(e, pid);
		int n = line(buf, sizeof(buf), &feed->r[i], pid, &res[i], en,
		    alerts[i]);

		if (n < 0)
			return scs_err_set(err, SCS_EINTERNAL, "record",
			    "an output line overflows");
		if ((rc = emit(arg, buf, (size_t)n)) != SCS_OK) {
			(void)scs_err_set(err, rc, "output",
			    "cannot be written");
			return rc;
		}
	}
	return SCS_OK;
}

int
scs_op_cv_match(struct scs_ctx *c, const struct scs_cv_feed *feed,
    const char *name, const struct scs_cv_options *o, scs_cv_emit emit,
    void *arg, struct scs_cv_summary *sum, struct scs_err *err)
{
	struct scs_namer *nm = NULL;
	struct load l = {0};
	struct enrolled e = {0};
	struct scs_link_ident *idents = NULL;
	struct scs_link_result *res = NULL;
	struct scs_link_model *model = &sum->model;
	char(*alerts)[SCS_ID_MAX + 1] = NULL;
	int rc;

	memset(sum, 0, sizeof(*sum));
	if (c->actor.kind != SCS_ACTOR_OS &&
	    !(c->actor.kind == SCS_ACTOR_USER &&
	        c->actor.role == SCS_ROLE_INVESTIGATOR))
		return scs_err_set(err, SCS_EDENIED, "role",
		    "only investigators match feeds");
	if ((rc = scs_namer_default(&nm, err)) != SCS_OK)
		return rc;
	if ((l.ix = scs_link_index_new(nm)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	/* one snapshot: the persons and who is enrolled */
	if ((rc = load_register(c, &l, &e, err)) != SCS_OK)
		goto done;
	if ((rc = scs_link_index_seal(l.ix, o->upairs ? o->upairs : 200000,
	         model)) != SCS_OK) {
		rc = scs_err_set(err, rc, "", "out of memory");
		goto done;
	}
	if (o->link_at > 0)
		model->link_at = o->link_at;
	if (o->review_at > 0)
		model->review_at = o->review_at;
	idents = calloc(feed->n ? feed->n : 1, sizeof(*idents));
	res = calloc(feed->n ? feed->n : 1, sizeof(*res));
	if (idents == NULL || res == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	feed_idents(feed, idents);
	scs_link_estimate(l.ix, idents, feed->n,
	    o->em_sample ? o->em_sample : 20000, model);
	match_all(l.ix, model, idents, res, feed->n, o->threads);
	scs_link_decide(l.ix, model, res, feed->n);
	sum->persons = l.nids;
	sum->records = feed->n;
	count_decisions(res, feed->n, &l, &e, sum);
	/* The alerts and the entry in one transaction, before any line
	 * leaves: links and reviews of enrolled persons become alerts. */
	if ((alerts = calloc(feed->n ? feed->n : 1, sizeof(*alerts))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	if ((rc = raise_alerts(c, feed, name, res, &l, &e, alerts, sum, err)) !=
	    SCS_OK)
		goto done;
	rc = emit_lines(feed, res, &l, &e, alerts, emit, arg, err);
done:
	free(alerts);
	free(idents);
	free(res);
	free(l.ids);
	free(e.ids);
	scs_link_index_free(l.ix);
	scs_namer_free(nm);
	return rc;
}
