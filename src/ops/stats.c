/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.c - the oversight statistics (GET /v1/reports/statistics, `scs
 * report statistics`; docs/timeliness.md "Statistics"): the register's
 * records streamed from the store into the core's accumulator
 * (src/core/stats.c), each kind reading only the columns it counts by,
 * in one read transaction.  Counts only: no person, no case, nothing
 * sealed.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/stats.h"
#include "scs/time.h"
#include "ops_int.h"

#define READERS (SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN)

/* The columns each kind is read with (the store reads no other). */
static const char *const org_cols[] = {"id", "type", NULL};
static const char *const person_cols[] = {"org", NULL};
static const char *const clearance_cols[] = {"authority", "level", "status",
    "valid_from", "valid_until", NULL};
static const char *const item_cols[] = {"owner", "field", "authority", "level",
    "valid_from", "valid_until", "declassified", NULL};
static const char *const briefing_cols[] = {"compartment", "valid_from",
    "valid_until", NULL};
static const char *const membership_cols[] = {"program", "valid_from",
    "valid_until", NULL};
static const char *const suspension_cols[] = {"valid_from", "valid_until",
    NULL};
static const char *const case_cols[] = {"authority", "state", "opened", "since",
    "decided", NULL};

static const struct {
	enum scs_kind kind;
	const char *const *cols;
} scans[] = {
    /* Organizations first: persons count by their employer's type. */
    {SCS_KIND_ORG, org_cols},
    {SCS_KIND_PERSON, person_cols},
    {SCS_KIND_CLEARANCE, clearance_cols},
    {SCS_KIND_ITEM, item_cols},
    {SCS_KIND_BRIEFING, briefing_cols},
    {SCS_KIND_MEMBERSHIP, membership_cols},
    {SCS_KIND_SUSPENSION, suspension_cols},
    {SCS_KIND_CASE, case_cols},
};

struct feed {
	struct scs_stats *s;
	int rc;
};

static int
feed_rec(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;

	switch (r->kind) {
	case SCS_KIND_ORG:
		f->rc = scs_stats_add_org(f->s, &r->u.org);
		break;
	case SCS_KIND_PERSON:
		f->rc = scs_stats_add_person(f->s, &r->u.person);
		break;
	case SCS_KIND_CLEARANCE:
		f->rc = scs_stats_add_clearance(f->s, &r->u.clearance);
		break;
	case SCS_KIND_ITEM:
		f->rc = scs_stats_add_item(f->s, &r->u.item);
		break;
	case SCS_KIND_BRIEFING:
		f->rc = scs_stats_add_briefing(f->s, &r->u.briefing);
		break;
	case SCS_KIND_MEMBERSHIP:
		f->rc = scs_stats_add_membership(f->s, &r->u.membership);
		break;
	case SCS_KIND_SUSPENSION:
		f->rc = scs_stats_add_suspension(f->s, &r->u.suspension);
		break;
	case SCS_KIND_CASE:
		f->rc = scs_stats_add_case(f->s, &r->u.vcase);
		break;
	default:
		f->rc = SCS_OK;
		break;
	}
	return f->rc;
}

static int
feed_user(void *arg, const struct scs_user *u)
{
	struct feed *f = arg;

	f->rc = scs_stats_add_user(f->s, u);
	return f->rc;
}

/* Every record counted into @s, in one read transaction. */
static int
scan(struct scs_ctx *c, struct scs_stats *s, struct scs_err *err)
{
	struct feed f = {s, SCS_OK};
	struct scs_rec_query q;
	struct scs_err e2;
	size_t i;
	int rc;

	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < SCS_NELEM(scans); i++) {
		memset(&q, 0, sizeof(q));
		q.lean = true;
		q.fields = scans[i].cols;
		q.unordered = true;
		rc = scs_store_rec_query(c->st, scans[i].kind, &q, feed_rec, &f,
		    err);
	}
	if (rc == SCS_OK)
		rc = scs_store_user_each(c->st, feed_user, &f, err);
	(void)scs_store_commit(c->st, &e2);
	if (rc != SCS_OK && f.rc != SCS_OK)
		return scs_err_set(err, f.rc, "", "the statistics failed (%s)",
		    scs_rc_code((enum scs_rc)f.rc));
	return rc;
}

/* Table @t as an array of objects: its keys, then its counters; a
 * clearance row also has its level's common rank (null when unknown). */
static json_t *
table_json(const struct scs_ctx *c, const struct scs_stats *s,
    enum scs_stats_table t, int *rc)
{
	const char *const *keys = scs_stats_keys(t);
	const char *const *cols = scs_stats_cols(t);
	struct scs_stats_row *rows = NULL;
	const struct scs_level *lv;
	json_t *a, *o;
	size_t i, j, n = 0;

	if ((*rc = scs_stats_table(s, t, &rows, &n)) != SCS_OK)
		return NULL;
	a = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		for (j = 0; j < SCS_STATS_KEYS && keys[j] != NULL; j++)
			scs_codec_put(&o, keys[j], json_string(rows[i].key[j]));
		if (t == SCS_ST_CLEARANCES) {
			lv = scs_refdata_level(c->rd, rows[i].key[0],
			    rows[i].key[1]);
			scs_codec_put(&o, "rank",
			    lv != NULL ? json_integer(lv->rank) : json_null());
		}
		for (j = 0; j < SCS_STATS_COLS && cols[j] != NULL; j++)
			scs_codec_put(&o, cols[j],
			    json_integer((json_int_t)rows[i].n[j]));
		scs_codec_push(&a, o);
	}
	free(rows);
	if (a == NULL)
		*rc = SCS_ENOMEM;
	return a;
}

int
scs_op_report_statistics(struct scs_ctx *c, int64_t at, json_t **out,
    struct scs_err *err)
{
	char a[SCS_TIME_STRMAX], b[SCS_TIME_STRMAX];
	struct scs_stats *s;
	json_t *o;
	unsigned t;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, READERS, "read the statistics", err)) !=
	    SCS_OK)
		return rc;
	if ((s = scs_stats_new(at)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scan(c, s, err)) != SCS_OK)
		goto out;
	(void)scs_time_format(at, a);
	(void)scs_time_format(at - (int64_t)SCS_STATS_DECIDED_DAYS * 86400, b);
	o = json_object();
	scs_codec_put(&o, "at", json_string(a));
	scs_codec_put(&o, "decided_from", json_string(b));
	scs_codec_put(&o, "persons_total",
	    json_integer((json_int_t)scs_stats_persons(s)));
	scs_codec_put(&o, "suspensions_in_force",
	    json_integer((json_int_t)scs_stats_suspensions(s)));
	for (t = 0; rc == SCS_OK && t < SCS_ST_N; t++)
		scs_codec_put(&o, scs_stats_table_name((enum scs_stats_table)t),
		    table_json(c, s, (enum scs_stats_table)t, &rc));
	if (rc == SCS_OK && o == NULL)
		rc = SCS_ENOMEM;
	if (rc != SCS_OK) {
		json_decref(o);
		rc = scs_err_set(err, rc, "", "out of memory");
		goto out;
	}
	*out = o;
out:
	scs_stats_free(s);
	return rc;
}
