/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decide.c - the access decision's operations: building the decision index
 * from one read snapshot of the store, who may ask, and recording
 * decisions in the audit log in batches (every deny; allows per the
 * configured mode, always counted).  The decision itself is core's
 * (src/index/): pure and lock-free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "ops_int.h"

struct feed {
	struct scs_index_builder *b;
	int rc;
};

static int
feed_org(void *arg, const struct scs_org *o)
{
	struct feed *f = arg;

	return scs_index_add_org(f->b, o);
}

static int
feed_person(void *arg, const struct scs_person *p)
{
	struct feed *f = arg;

	return scs_index_add_person(f->b, p);
}

static int
feed_rec(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;

	return scs_index_add_rec(f->b, r->kind, &r->u);
}

int
scs_op_index_feed(struct scs_ctx *c, struct scs_index_builder *b,
    struct scs_err *err)
{
	struct feed f;
	size_t i;
	int rc;

	f.b = b;
	f.rc = SCS_OK;
	rc = scs_store_org_each(c->st, feed_org, &f, err);
	if (rc == SCS_OK)
		rc = scs_store_person_lean_each(c->st, feed_person, &f, err);
	/* Then every other kind the decision reads, from the kind table. */
	for (i = SCS_KIND_PERSON + 1; rc == SCS_OK && i < SCS_KIND_N; i++)
		if (scs_kind_def((enum scs_kind)i)->decision_input)
			rc = scs_store_rec_each(c->st, (enum scs_kind)i,
			    feed_rec, &f, err);
	if (rc != SCS_OK && err != NULL && err->rc == SCS_OK)
		(void)scs_err_set(err, rc, "index",
		    "a record does not fit the reference tables");
	return rc;
}

int
scs_op_index_build(struct scs_ctx *c, struct scs_index **out,
    struct scs_err *err)
{
	return scs_op_index_build_at(c, out, NULL, err);
}

int
scs_op_may_decide(const struct scs_ctx *c, struct scs_err *err)
{
	return scs_op_allow(c,
	    SCS_ROLE_RELYING | SCS_ROLE_DESIGNATOR | SCS_ROLE_SECURITY_OFFICER,
	    "ask for access decisions", err);
}

bool
scs_decision_recorded(enum scs_decision_audit mode, enum scs_reason r)
{
	return mode == SCS_DAUDIT_EACH ||
	    (mode == SCS_DAUDIT_DENIES && !scs_reason_allows(r));
}

int
scs_decision_audit_parse(const char *s, enum scs_decision_audit *out)
{
	if (strcmp(s, "each") == 0)
		*out = SCS_DAUDIT_EACH;
	else if (strcmp(s, "denies") == 0)
		*out = SCS_DAUDIT_DENIES;
	else if (strcmp(s, "count") == 0)
		*out = SCS_DAUDIT_COUNT;
	else
		return -1;
	return 0;
}

static void
fill(struct scs_ctx *c, struct scs_audit_entry *e, const char *action,
    const char *object, const char *purpose)
{
	memset(e, 0, sizeof(*e));
	e->time_us = c->now_us();
	(void)scs_strlcpy(e->actor, c->actor.name, sizeof(e->actor));
	(void)scs_strlcpy(e->action, action, sizeof(e->action));
	(void)scs_strlcpy(e->kind, "decision", sizeof(e->kind));
	(void)scs_strlcpy(e->object, object, sizeof(e->object));
	(void)scs_strlcpy(e->purpose, purpose, sizeof(e->purpose));
}

int
scs_op_decisions_audit(struct scs_ctx *c, enum scs_decision_audit mode,
    const struct scs_decision_rec *recs, size_t n, uint64_t allows,
    uint64_t denies, struct scs_err *err)
{
	char object[2 * SCS_ID_MAX + 2], purpose[SCS_PURPOSE_MAX + 1];
	char at[SCS_TIME_STRMAX];
	struct scs_audit_entry *e;
	uint64_t each_allows = 0, each_denies = 0;
	size_t i, ne = 0;
	int rc;

	if (n == 0 && allows == 0 && denies == 0)
		return SCS_OK;
	if ((e = calloc(n + 1, sizeof(*e))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; i < n; i++) {
		int allow = scs_reason_allows(recs[i].reason);

		if (!scs_decision_recorded(mode, recs[i].reason))
			continue;
		each_allows += allow;
		each_denies += !allow;
		if (snprintf(object, sizeof(object), "%s/%s", recs[i].subject,
		        recs[i].item) < 0)
			object[0] = '\0';
		(void)scs_time_format(recs[i].at, at);
		if (snprintf(purpose, sizeof(purpose), "%s at %s",
		        allow ? (recs[i].reason == SCS_R_NOT_CLASSIFIED
		                        ? "not_classified"
		                        : "allow")
		              : scs_reason_name(recs[i].reason),
		        at) < 0)
			purpose[0] = '\0';
		fill(c, &e[ne], allow ? "allow" : "deny", object, purpose);
		if (recs[i].actor[0] != '\0')
			(void)scs_strlcpy(e[ne].actor, recs[i].actor,
			    sizeof(e[ne].actor));
		ne++;
	}
	if (allows != each_allows || denies != each_denies) {
		(void)snprintf(purpose, sizeof(purpose),
		    "%llu allowed, %llu denied (%llu and %llu recorded one by "
		    "one)",
		    (unsigned long long)allows, (unsigned long long)denies,
		    (unsigned long long)each_allows,
		    (unsigned long long)each_denies);
		fill(c, &e[ne++], "decisions", "", purpose);
	}
	if ((rc = scs_op_begin(c, err)) == SCS_OK) {
		if ((rc = scs_audit_append_many(c->st, e, ne, err)) != SCS_OK)
			rc = scs_op_abort(c, rc);
		else
			rc = scs_op_commit(c, err);
	}
	free(e);
	return rc;
}

/* ---- a run of decisions: scope, time and audit policy, once ---- */

int
scs_op_decider_open(struct scs_decider *d, struct scs_ctx *c,
    const struct scs_index *ix, enum scs_decision_audit mode, size_t cap,
    scs_decision_sink sink, void *sink_arg, struct scs_err *err)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = scs_op_may_decide(c, err)) != SCS_OK)
		return rc;
	if (ix == NULL)
		return scs_err_set(err, SCS_EBUSY, "", "no decision index yet");
	d->c = c;
	d->ix = ix;
	d->mode = mode;
	d->now = c->now_us() / 1000000;
	d->cap = cap > 0 ? cap : 1;
	d->sink = sink;
	d->sink_arg = sink_arg;
	if ((d->recs = calloc(d->cap, sizeof(*d->recs))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

int
scs_op_decider_flush(struct scs_decider *d, struct scs_err *err)
{
	int rc;

	if (d->nrecs == 0 && d->allows == 0 && d->denies == 0)
		return SCS_OK;
	rc = d->sink != NULL
	    ? d->sink(d->sink_arg, d->recs, d->nrecs, d->allows, d->denies, err)
	    : scs_op_decisions_audit(d->c, d->mode, d->recs, d->nrecs,
	          d->allows, d->denies, err);
	d->nrecs = 0;
	d->allows = 0;
	d->denies = 0;
	return rc;
}

void
scs_op_decider_close(struct scs_decider *d)
{
	free(d->recs);
	d->recs = NULL;
}

/*
 * DESIGN.md section 2: a relying system asks about anyone; a security
 * officer only about their own organization's staff; a designator only
 * about their own organ's items.  Outside that scope a subject or item
 * reads as unknown, exactly as one that does not exist: the answer tells
 * nothing of what the caller may not see.
 */
static void
scope(const struct scs_decider *d, int32_t *sh, int32_t *ih)
{
	const struct scs_actor *a = &d->c->actor;

	if (a->kind != SCS_ACTOR_USER)
		return;
	if (a->role == SCS_ROLE_SECURITY_OFFICER && *sh >= 0 &&
	    strcmp(scs_index_subject_org(d->ix, *sh), a->org) != 0)
		*sh = -1;
	if (a->role == SCS_ROLE_DESIGNATOR && *ih >= 0 &&
	    strcmp(scs_index_item_owner(d->ix, *ih), a->org) != 0)
		*ih = -1;
}

int
scs_op_decide(struct scs_decider *d, const char *subject, size_t slen,
    const char *item, size_t ilen, const int64_t *at, int64_t *out_at,
    enum scs_reason *out, struct scs_err *err)
{
	int64_t t = at != NULL ? *at : d->now;
	int32_t sh, ih;
	int allow, rc;

	if ((rc = scs_codec_query_ids(subject, slen, item, ilen, err)) !=
	    SCS_OK)
		return rc;
	if (t < SCS_DECIDE_MIN || t > SCS_DECIDE_MAX)
		return scs_err_set(err, SCS_EINVAL, "at",
		    "must be between 1970-01-01 and 2106-02-07");
	sh = scs_index_subject(d->ix, subject, slen);
	ih = scs_index_item(d->ix, item, ilen);
	scope(d, &sh, &ih);
	*out = scs_index_decide(d->ix, sh, ih, t);
	*out_at = t;
	allow = scs_reason_allows(*out);
	d->allows += (uint64_t)allow;
	d->denies += (uint64_t)!allow;
	if (scs_decision_recorded(d->mode, *out)) {
		struct scs_decision_rec *r = &d->recs[d->nrecs++];

		memset(r, 0, sizeof(*r));
		(void)scs_strlcpy(r->actor, d->c->actor.name, sizeof(r->actor));
		memcpy(r->subject, subject, slen); /* ids: at most 64 bytes */
		memcpy(r->item, item, ilen);
		r->at = t;
		r->reason = *out;
	}
	if (d->nrecs == d->cap || d->allows + d->denies >= d->cap)
		return scs_op_decider_flush(d, err);
	return SCS_OK;
}
