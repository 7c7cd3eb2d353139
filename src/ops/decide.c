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
scs_op_index_build(struct scs_ctx *c, struct scs_index **out,
    struct scs_err *err)
{
	struct feed f;
	size_t i;
	int rc;

	*out = NULL;
	f.rc = SCS_OK;
	if ((f.b = scs_index_builder_new(c->rd)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "index", "out of memory");
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK) {
		scs_index_builder_free(f.b);
		return rc;
	}
	rc = scs_store_org_each(c->st, feed_org, &f, err);
	if (rc == SCS_OK)
		rc = scs_store_person_lean_each(c->st, feed_person, &f, err);
	/* Then every other kind the decision reads, from the kind table. */
	for (i = SCS_KIND_PERSON + 1; rc == SCS_OK && i < SCS_KIND_N; i++)
		if (scs_kind_def((enum scs_kind)i)->decision_input)
			rc = scs_store_rec_each(c->st, (enum scs_kind)i,
			    feed_rec, &f, err);
	scs_store_rollback(c->st);
	if (rc != SCS_OK) {
		scs_index_builder_free(f.b);
		if (err != NULL && err->rc == SCS_OK)
			(void)scs_err_set(err, rc, "index",
			    "a record does not fit the reference tables");
		return rc;
	}
	return scs_index_build(f.b, out, err);
}

int
scs_op_may_decide(const struct scs_ctx *c, struct scs_err *err)
{
	return scs_op_allow(c,
	    SCS_ROLE_RELYING | SCS_ROLE_DESIGNATOR | SCS_ROLE_SECURITY_OFFICER,
	    "ask for access decisions", err);
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

		if (mode == SCS_DAUDIT_COUNT ||
		    (allow && mode != SCS_DAUDIT_EACH))
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
