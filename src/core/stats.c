/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.c - the oversight statistics of the register at an instant
 * (include/scs/stats.h, docs/timeliness.md "Statistics"): counters per
 * row of each table, in one hash map per table keyed by the row's keys
 * joined with NULs.  Core: no I/O, no clock.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "scs/err.h"
#include "scs/map.h"
#include "scs/staff.h"
#include "scs/stats.h"
#include "scs/time.h"
#include "scs/util.h"

struct counters {
	uint64_t n[SCS_STATS_COLS];
};

struct scs_stats {
	int64_t at;
	struct scs_map *t[SCS_ST_N];
	struct scs_map *orgs; /* organization id -> its type + 1 */
	uint64_t persons, suspensions;
};

static const char *const table_names[SCS_ST_N] = {
    [SCS_ST_PERSONS] = "persons",
    [SCS_ST_CLEARANCES] = "clearances",
    [SCS_ST_ITEMS] = "items",
    [SCS_ST_BRIEFINGS] = "briefings",
    [SCS_ST_MEMBERSHIPS] = "memberships",
    [SCS_ST_CASES_OPEN] = "cases_open",
    [SCS_ST_CASES_DECIDED] = "cases_decided",
    [SCS_ST_USERS] = "users",
};

static const char *const k_org_type[] = {"org_type", NULL};
static const char *const k_auth_level[] = {"authority", "level", NULL};
static const char *const k_item[] = {"owner", "authority", "level", "field",
    NULL};
static const char *const k_compartment[] = {"compartment", NULL};
static const char *const k_program[] = {"program", NULL};
static const char *const k_authority[] = {"authority", NULL};
static const char *const k_role[] = {"role", NULL};

static const char *const *const table_keys[SCS_ST_N] = {
    [SCS_ST_PERSONS] = k_org_type,
    [SCS_ST_CLEARANCES] = k_auth_level,
    [SCS_ST_ITEMS] = k_item,
    [SCS_ST_BRIEFINGS] = k_compartment,
    [SCS_ST_MEMBERSHIPS] = k_program,
    [SCS_ST_CASES_OPEN] = k_authority,
    [SCS_ST_CASES_DECIDED] = k_authority,
    [SCS_ST_USERS] = k_role,
};

static const char *const c_persons[] = {"persons", NULL};
static const char *const c_standing[SCS_SS_N + 1] = {"active", "interim",
    "suspended", "revoked", "expired", "ended", "pending", "expiring", NULL};
static const char *const c_item[] = {"classified", "declassified", "expired",
    NULL};
static const char *const c_briefings[] = {"briefings", NULL};
static const char *const c_memberships[] = {"memberships", NULL};
/* The open states (scs_case_open), in the order of the lifecycle. */
static const enum scs_case_state open_states[] = {SCS_CASE_AWAITING_CONSENT,
    SCS_CASE_QUESTIONNAIRE, SCS_CASE_SUBMITTED, SCS_CASE_INVESTIGATING,
    SCS_CASE_ADJUDICATING, SCS_CASE_INTERIM, SCS_CASE_COMPLAINT};
static const char *const c_open[] = {"awaiting_consent", "questionnaire",
    "submitted", "investigating", "adjudicating", "interim", "complaint", NULL};
enum outcome { O_GRANTED, O_INTERIM, O_DENIED, O_REFUSED, O_WITHDRAWN };
static const char *const c_decided[] = {"granted", "interim", "denied",
    "refused", "withdrawn", NULL};
static const char *const c_users[] = {"enabled", "disabled", NULL};

static const char *const *const table_cols[SCS_ST_N] = {
    [SCS_ST_PERSONS] = c_persons,
    [SCS_ST_CLEARANCES] = c_standing,
    [SCS_ST_ITEMS] = c_item,
    [SCS_ST_BRIEFINGS] = c_briefings,
    [SCS_ST_MEMBERSHIPS] = c_memberships,
    [SCS_ST_CASES_OPEN] = c_open,
    [SCS_ST_CASES_DECIDED] = c_decided,
    [SCS_ST_USERS] = c_users,
};

const char *
scs_stats_table_name(enum scs_stats_table t)
{
	return (unsigned)t < SCS_ST_N ? table_names[t] : "";
}

const char *const *
scs_stats_keys(enum scs_stats_table t)
{
	static const char *const none[] = {NULL};

	return (unsigned)t < SCS_ST_N ? table_keys[t] : none;
}

const char *const *
scs_stats_cols(enum scs_stats_table t)
{
	static const char *const none[] = {NULL};

	return (unsigned)t < SCS_ST_N ? table_cols[t] : none;
}

enum scs_stats_standing
scs_stats_standing(const struct scs_clearance *c, int64_t at)
{
	switch (c->status) {
	case SCS_CLR_REVOKED:
		return SCS_SS_REVOKED;
	case SCS_CLR_ENDED:
		return SCS_SS_ENDED;
	case SCS_CLR_EXPIRED:
		return SCS_SS_EXPIRED;
	default:
		break;
	}
	if (c->valid_until <= at)
		return SCS_SS_EXPIRED;
	if (c->valid_from > at)
		return SCS_SS_PENDING;
	switch (c->status) {
	case SCS_CLR_SUSPENDED:
		return SCS_SS_SUSPENDED;
	case SCS_CLR_INTERIM:
		return SCS_SS_INTERIM;
	default:
		return SCS_SS_ACTIVE;
	}
}

struct scs_stats *
scs_stats_new(int64_t at)
{
	struct scs_stats *s = calloc(1, sizeof(*s));
	unsigned i;

	if (s == NULL)
		return NULL;
	s->at = at;
	for (i = 0; i < SCS_ST_N; i++)
		if ((s->t[i] = scs_map_new(sizeof(struct counters))) == NULL)
			goto fail;
	if ((s->orgs = scs_map_new(sizeof(unsigned))) == NULL)
		goto fail;
	return s;
fail:
	scs_stats_free(s);
	return NULL;
}

void
scs_stats_free(struct scs_stats *s)
{
	unsigned i;

	if (s == NULL)
		return;
	for (i = 0; i < SCS_ST_N; i++)
		scs_map_free(s->t[i]);
	scs_map_free(s->orgs);
	free(s);
}

/*
 * The counters of the row of @t with the @nk keys @keys, made when it is
 * new; NULL with *@rc set on error.  The pointer holds until the next
 * call.
 */
_Static_assert(SCS_STATS_KEYS *(SCS_STATS_KEY_MAX + 1) <= SCS_MAP_TUPLE_MAX,
    "a row's keys fit in a tuple key");

static struct counters *
row(struct scs_stats *s, enum scs_stats_table t, const char *const *keys,
    size_t nk, int *rc)
{
	return scs_map_tuple(s->t[t], keys, nk, SCS_STATS_KEY_MAX,
	    SCS_STATS_ROWS_MAX, rc);
}

/* Count one in column @col of the row @keys of @t. */
static int
count(struct scs_stats *s, enum scs_stats_table t, const char *const *keys,
    size_t nk, unsigned col)
{
	int rc = SCS_OK;
	struct counters *c = row(s, t, keys, nk, &rc);

	if (c == NULL)
		return rc;
	c->n[col]++;
	return SCS_OK;
}

int
scs_stats_add_org(struct scs_stats *s, const struct scs_org *o)
{
	unsigned *v;

	if ((unsigned)o->type >= SCS_ORG_NTYPES)
		return SCS_EINVAL;
	if ((v = scs_map_get(s->orgs, o->id, strlen(o->id), 1)) == NULL)
		return SCS_ENOMEM;
	*v = (unsigned)o->type + 1;
	return SCS_OK;
}

int
scs_stats_add_person(struct scs_stats *s, const struct scs_person *p)
{
	const unsigned *v = scs_map_get(s->orgs, p->org, strlen(p->org), 0);
	const char *type = v != NULL && *v > 0 && *v <= SCS_ORG_NTYPES
	    ? scs_org_type_codes[*v - 1]
	    : "none";
	int rc = count(s, SCS_ST_PERSONS, &type, 1, 0);

	if (rc == SCS_OK)
		s->persons++;
	return rc;
}

int
scs_stats_add_clearance(struct scs_stats *s, const struct scs_clearance *c)
{
	const char *keys[2] = {c->authority, c->level};
	enum scs_stats_standing st;
	struct counters *r;
	int rc = SCS_OK;

	if ((unsigned)c->status >= SCS_CLR_N)
		return SCS_EINVAL;
	if ((r = row(s, SCS_ST_CLEARANCES, keys, 2, &rc)) == NULL)
		return rc;
	st = scs_stats_standing(c, s->at);
	r->n[st]++;
	if ((st == SCS_SS_ACTIVE || st == SCS_SS_INTERIM) &&
	    scs_staff_clearance(c, s->at) == SCS_STAFF_EXPIRING)
		r->n[SCS_SS_EXPIRING]++;
	return SCS_OK;
}

int
scs_stats_add_item(struct scs_stats *s, const struct scs_item *it)
{
	const char *keys[4];
	unsigned col;

	if ((unsigned)it->field >= SCS_FIELD_N)
		return SCS_EINVAL;
	if (it->valid_from > s->at)
		return SCS_OK; /* not designated yet */
	if (it->declassified && it->declassified_at <= s->at)
		col = 1;
	else if (it->valid_until <= s->at)
		col = 2;
	else
		col = 0;
	keys[0] = it->owner;
	keys[1] = it->authority;
	keys[2] = it->level;
	keys[3] = scs_item_field_codes[it->field];
	return count(s, SCS_ST_ITEMS, keys, 4, col);
}

int
scs_stats_add_briefing(struct scs_stats *s, const struct scs_briefing *b)
{
	const char *key = b->compartment;

	if (!scs_period_holds(b->valid_from, b->valid_until, s->at))
		return SCS_OK;
	return count(s, SCS_ST_BRIEFINGS, &key, 1, 0);
}

int
scs_stats_add_membership(struct scs_stats *s, const struct scs_membership *m)
{
	const char *key = m->program;

	if (!scs_period_holds(m->valid_from, m->valid_until, s->at))
		return SCS_OK;
	return count(s, SCS_ST_MEMBERSHIPS, &key, 1, 0);
}

int
scs_stats_add_suspension(struct scs_stats *s, const struct scs_suspension *x)
{
	if (scs_period_holds(x->valid_from, x->valid_until, s->at))
		s->suspensions++;
	return SCS_OK;
}

/* The outcome column of a case decided in the window, or -1. */
static int
outcome(const struct scs_case *k, int64_t at)
{
	const int64_t from = at - (int64_t)SCS_STATS_DECIDED_DAYS * 86400;

	switch (k->state) {
	case SCS_CASE_REFUSED:
	case SCS_CASE_WITHDRAWN:
		if (k->since < from || k->since >= at)
			return -1;
		return k->state == SCS_CASE_REFUSED ? O_REFUSED : O_WITHDRAWN;
	case SCS_CASE_GRANTED:
	case SCS_CASE_INTERIM:
	case SCS_CASE_DENIED:
	case SCS_CASE_COMPLAINT:
	case SCS_CASE_REJECTED:
		if (!k->has_decided || k->decided < from || k->decided >= at)
			return -1;
		if (k->state == SCS_CASE_GRANTED)
			return O_GRANTED;
		return k->state == SCS_CASE_INTERIM ? O_INTERIM : O_DENIED;
	default:
		return -1;
	}
}

int
scs_stats_add_case(struct scs_stats *s, const struct scs_case *k)
{
	const char *key = k->authority;
	size_t i;
	int o, rc;

	if ((unsigned)k->state >= SCS_CASE_NSTATES)
		return SCS_EINVAL;
	if (k->opened > s->at)
		return SCS_OK; /* not nominated yet */
	for (i = 0; i < SCS_NELEM(open_states); i++)
		if (k->state == open_states[i] &&
		    (rc = count(s, SCS_ST_CASES_OPEN, &key, 1, (unsigned)i)) !=
		        SCS_OK)
			return rc;
	if ((o = outcome(k, s->at)) >= 0)
		return count(s, SCS_ST_CASES_DECIDED, &key, 1, (unsigned)o);
	return SCS_OK;
}

int
scs_stats_add_user(struct scs_stats *s, const struct scs_user *u)
{
	const char *key = scs_role_name(u->role);

	if (u->created > s->at)
		return SCS_OK;
	return count(s, SCS_ST_USERS, &key, 1, u->disabled ? 1 : 0);
}

uint64_t
scs_stats_persons(const struct scs_stats *s)
{
	return s->persons;
}

uint64_t
scs_stats_suspensions(const struct scs_stats *s)
{
	return s->suspensions;
}

int
scs_stats_table(const struct scs_stats *s, enum scs_stats_table t,
    struct scs_stats_row **out_rows, size_t *out_n)
{
	void *rows;
	int rc;

	*out_rows = NULL;
	*out_n = 0;
	if ((unsigned)t >= SCS_ST_N)
		return SCS_EINVAL;
	rc = scs_map_rows(s->t[t], SCS_STATS_KEYS, SCS_STATS_KEY_MAX,
	    offsetof(struct scs_stats_row, n), sizeof(struct scs_stats_row),
	    &rows, out_n);
	*out_rows = rows;
	return rc;
}
