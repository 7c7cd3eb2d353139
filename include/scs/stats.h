/* SPDX-License-Identifier: Apache-2.0 */
/*
 * stats.h - the oversight statistics of the register at an instant
 * (DESIGN.md section 2: the auditor sees statistics, never a dossier;
 * docs/timeliness.md "Statistics" defines every figure): persons by their
 * employer's type, clearances by authority, level and standing, designated
 * items, briefings and memberships in force, suspensions in force, cases
 * open and decided, user accounts by role.  Counts only: no person or
 * case identifier goes into a table.
 *
 * An accumulator is fed the records one at a time (the store streams
 * them) and keeps only counters per row of each table.  Part of core: no
 * I/O, no clock (the instant is an argument), no JSON.
 */
#ifndef SCS_STATS_H
#define SCS_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "scs/case.h"
#include "scs/model.h"
#include "scs/register.h"

#define SCS_STATS_KEYS         4          /* key columns of a row, at most */
#define SCS_STATS_COLS         8          /* counters of a row, at most */
#define SCS_STATS_KEY_MAX      SCS_ID_MAX /* bytes of one key, at most */
#define SCS_STATS_ROWS_MAX     100000     /* rows of one table, at most */
/* Cases decided within this long before the instant count as decided. */
#define SCS_STATS_DECIDED_DAYS 365

/* The tables.  Each has its key columns and its counter columns
 * (scs_stats_keys, scs_stats_cols). */
enum scs_stats_table {
	SCS_ST_PERSONS,       /* org_type | persons */
	SCS_ST_CLEARANCES,    /* authority, level | standings (enum below) */
	SCS_ST_ITEMS,         /* owner, authority, level, field | classified,
	                         declassified, expired */
	SCS_ST_BRIEFINGS,     /* compartment | briefings */
	SCS_ST_MEMBERSHIPS,   /* program | memberships */
	SCS_ST_CASES_OPEN,    /* authority | the seven open states */
	SCS_ST_CASES_DECIDED, /* authority | granted, interim, denied,
	                         refused, withdrawn */
	SCS_ST_USERS,         /* role | enabled, disabled */
	SCS_ST_N
};

/* The standing of a clearance at the instant: the counters of a row of
 * SCS_ST_CLEARANCES.  expiring is a part of active and interim: those
 * ending within SCS_STAFF_EXPIRING_DAYS (src/core/staff.c). */
enum scs_stats_standing {
	SCS_SS_ACTIVE,    /* status active, period holds */
	SCS_SS_INTERIM,   /* status interim, period holds */
	SCS_SS_SUSPENDED, /* status suspended, period holds */
	SCS_SS_REVOKED,   /* status revoked */
	SCS_SS_EXPIRED,   /* status expired, or its period is over */
	SCS_SS_ENDED,     /* status ended */
	SCS_SS_PENDING,   /* active, interim or suspended, not begun yet */
	SCS_SS_EXPIRING,  /* of active and interim, ending within 180 days */
	SCS_SS_N
};

/** The name of table @t ("persons", "clearances", ...). */
const char *scs_stats_table_name(enum scs_stats_table t);
/** The key column names of @t, a list ended by NULL. */
const char *const *scs_stats_keys(enum scs_stats_table t);
/** The counter column names of @t, a list ended by NULL. */
const char *const *scs_stats_cols(enum scs_stats_table t);

/** Clearance @c's standing at @at (never SCS_SS_EXPIRING: see
 * scs_stats_expiring). */
enum scs_stats_standing scs_stats_standing(const struct scs_clearance *c,
    int64_t at);

/* One row of a table: its keys ("" past the table's key columns) and
 * its counters (0 past its counter columns). */
struct scs_stats_row {
	char key[SCS_STATS_KEYS][SCS_STATS_KEY_MAX + 1];
	uint64_t n[SCS_STATS_COLS];
};

struct scs_stats; /* the accumulator, opaque */

/** A new accumulator of the register at @at (unix seconds); NULL when out
 * of memory.  Free with scs_stats_free. */
struct scs_stats *scs_stats_new(int64_t at);
void scs_stats_free(struct scs_stats *s);

/*
 * Account one record.  Organizations come before the persons they employ
 * (a person whose organization was not added counts under org type
 * "none").  SCS_OK; SCS_EINVAL for a key longer than SCS_STATS_KEY_MAX
 * or an out-of-range code; SCS_ETOOBIG beyond SCS_STATS_ROWS_MAX rows;
 * SCS_ENOMEM.  What the record does not count in is skipped (SCS_OK):
 * an item not designated yet, a briefing not in force, a case decided
 * before the window ...
 */
int scs_stats_add_org(struct scs_stats *s, const struct scs_org *o);
int scs_stats_add_person(struct scs_stats *s, const struct scs_person *p);
int scs_stats_add_clearance(struct scs_stats *s, const struct scs_clearance *c);
int scs_stats_add_item(struct scs_stats *s, const struct scs_item *it);
int scs_stats_add_briefing(struct scs_stats *s, const struct scs_briefing *b);
int scs_stats_add_membership(struct scs_stats *s,
    const struct scs_membership *m);
int scs_stats_add_suspension(struct scs_stats *s,
    const struct scs_suspension *x);
int scs_stats_add_case(struct scs_stats *s, const struct scs_case *k);
int scs_stats_add_user(struct scs_stats *s, const struct scs_user *u);

/** Persons added, and suspensions in force at the instant. */
uint64_t scs_stats_persons(const struct scs_stats *s);
uint64_t scs_stats_suspensions(const struct scs_stats *s);

/**
 * Table @t: *@out_rows is an array of *@out_n rows sorted by their keys
 * (strcmp, first key first) that the caller frees with free() (NULL with
 * 0 rows).  SCS_OK or SCS_ENOMEM.
 */
int scs_stats_table(const struct scs_stats *s, enum scs_stats_table t,
    struct scs_stats_row **out_rows, size_t *out_n);

#endif
