/* SPDX-License-Identifier: Apache-2.0 */
/*
 * annual.h - the annual report to the Diet (docs/oversight.md): what
 * happened in one calendar year (UTC), counted from the audit log alone
 * (DESIGN.md section 6), so that an oversight body recomputes it from the
 * log without trusting the register's tables.  Sections: designations
 * (by organ and by field), assessments and complaints (by organ and by
 * authority and level), incidents (by type), continuous-vetting alerts
 * and their validity (by origin).
 *
 * An accumulator is fed the audit entries one at a time, in the log's
 * order, and keeps only counters per row of each breakdown (and the ids of
 * the year's alerts not yet triaged).  What an entry says beyond its
 * action, kind and object it says in its detail: the entry's purpose as
 * space-separated key=value pairs ("organ=mod field=defense"), written by
 * the operations since the annual report exists; an entry written before
 * counts with its keys unknown (""; JSON null).  Part of core: no I/O, no
 * clock (the year is an argument), no JSON.
 */
#ifndef SCS_ANNUAL_H
#define SCS_ANNUAL_H

#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"

#define SCS_ANNUAL_YEAR_MIN 1970
#define SCS_ANNUAL_YEAR_MAX 9999
#define SCS_ANNUAL_KEYS     3           /* key columns of a row, at most */
#define SCS_ANNUAL_MEASURES 8           /* counters of a section, at most */
#define SCS_ANNUAL_KEY_MAX  SCS_ID_MAX  /* bytes of one key, at most */
#define SCS_ANNUAL_ROWS_MAX 100000      /* rows of one breakdown, at most */
#define SCS_ANNUAL_OPEN_MAX 10000000    /* untriaged alerts kept, at most */
#define SCS_ANNUAL_CSV_MAX  (64U << 20) /* bytes of the CSV, at most */

/* The sections, in the order of the report. */
enum scs_annual_section {
	SCS_AN_DESIGNATIONS, /* designated, renewed, declassified */
	SCS_AN_ASSESSMENTS,  /* opened, conducted, granted, denied, interim,
	                        refused, withdrawn */
	SCS_AN_COMPLAINTS,   /* filed, upheld, rejected */
	SCS_AN_INCIDENTS,    /* recorded, closed */
	SCS_AN_ALERTS,       /* raised, valid, not_valid, self_reported,
	                        untriaged */
	SCS_AN_N
};

/* The breakdowns: each of one section, with its key columns
 * (scs_annual_keys) and the section's measures as its counters. */
enum scs_annual_table {
	SCS_AT_DESIGNATIONS_BY_ORGAN,      /* organ */
	SCS_AT_DESIGNATIONS_BY_FIELD,      /* field */
	SCS_AT_ASSESSMENTS_BY_ORGAN,       /* organ */
	SCS_AT_ASSESSMENTS_BY_LEVEL,       /* authority, level */
	SCS_AT_ASSESSMENTS_BY_ORGAN_LEVEL, /* organ, authority, level */
	SCS_AT_COMPLAINTS_BY_ORGAN,        /* organ */
	SCS_AT_COMPLAINTS_BY_LEVEL,        /* authority, level */
	SCS_AT_COMPLAINTS_BY_ORGAN_LEVEL,  /* organ, authority, level */
	SCS_AT_INCIDENTS_BY_TYPE,          /* type */
	SCS_AT_ALERTS_BY_ORIGIN,           /* origin */
	SCS_AT_N
};

/** The name of section @s ("designations", ...); "" when out of range. */
const char *scs_annual_section_name(enum scs_annual_section s);
/** The measure names of @s, a list ended by NULL. */
const char *const *scs_annual_measures(enum scs_annual_section s);
/** The name of breakdown @t within its section ("by_organ", ...). */
const char *scs_annual_table_name(enum scs_annual_table t);
/** The section of breakdown @t. */
enum scs_annual_section scs_annual_table_section(enum scs_annual_table t);
/** The key column names of @t, a list ended by NULL. */
const char *const *scs_annual_keys(enum scs_annual_table t);

/**
 * Parse @s as the report's year: exactly four ASCII digits, from
 * SCS_ANNUAL_YEAR_MIN to SCS_ANNUAL_YEAR_MAX.  SCS_OK with *@out_year, or
 * SCS_EINVAL naming "year".
 */
int scs_annual_year(const char *s, int *out_year, struct scs_err *err);

/** The year's period [*@out_from_us, *@out_to_us) in unix microseconds:
 * from 00:00:00Z on 1 January to the same instant a year on. */
void scs_annual_period(int year, int64_t *out_from_us, int64_t *out_to_us);

/* One audit entry as the accumulator reads it (include/scs/store.h's
 * struct scs_audit_entry; the strings are the entry's, not copied). */
struct scs_annual_entry {
	int64_t time_us;
	const char *action;
	const char *kind;
	const char *object;
	const char *purpose; /* the detail */
};

/**
 * The value of @key in the detail @purpose ("k=v k2=v2") into @out (@size
 * bytes): its length, or 0 when the key is absent, its value empty or too
 * long for @out (then @out is "").
 */
size_t scs_annual_detail(const char *purpose, const char *key, char *out,
    size_t size);

/* One row of a breakdown: its keys ("" for unknown, and past the
 * breakdown's key columns) and the counters of its section's measures. */
struct scs_annual_row {
	char key[SCS_ANNUAL_KEYS][SCS_ANNUAL_KEY_MAX + 1];
	uint64_t n[SCS_ANNUAL_MEASURES];
};

struct scs_annual; /* the accumulator, opaque */

/** A new accumulator of the entries of year @year; NULL when out of
 * memory.  Free with scs_annual_free. */
struct scs_annual *scs_annual_new(int year);
void scs_annual_free(struct scs_annual *a);

/**
 * Account one entry; an entry outside the year, or of no figure, is
 * skipped (SCS_OK).  Entries come in the log's order: a case entry that
 * repeats the object and action of the case entry before it is the same
 * event written twice (a complaint is written by its move, then with its
 * sealed text) and counts once; an alert's triage ends its being
 * untriaged only when the alert was raised in the year before it.
 * SCS_OK; SCS_ETOOBIG beyond SCS_ANNUAL_ROWS_MAX rows or
 * SCS_ANNUAL_OPEN_MAX untriaged alerts; SCS_ENOMEM.
 */
int scs_annual_add(struct scs_annual *a, const struct scs_annual_entry *e);

/** The year the accumulator counts. */
int scs_annual_year_of(const struct scs_annual *a);

/** The entries counted in some figure so far. */
uint64_t scs_annual_counted(const struct scs_annual *a);

/** Section @s's total of measure @m (an index into scs_annual_measures);
 * 0 out of range. */
uint64_t scs_annual_total(const struct scs_annual *a, enum scs_annual_section s,
    unsigned m);

/**
 * Breakdown @t: *@out_rows is an array of *@out_n rows sorted by their
 * keys (strcmp, first key first; unknown first) that the caller frees
 * with free() (NULL with 0 rows).  SCS_OK, SCS_EINVAL for a bad @t, or
 * SCS_ENOMEM.
 */
int scs_annual_table(const struct scs_annual *a, enum scs_annual_table t,
    struct scs_annual_row **out_rows, size_t *out_n);

/**
 * The report as one CSV table (RFC 4180: CRLF line ends, a field quoted
 * when it holds a comma, a quote, CR or LF, quotes doubled) into
 * *@out_csv (NUL-terminated, *@out_len bytes without the NUL; the caller
 * frees it with free()).  The header is
 *
 *   year,section,breakdown,measure,organ,authority,level,field,type,origin,count
 *
 * then every section's totals (breakdown "total", every measure, zeros
 * included), then the rows of each breakdown, one line per measure that
 * is not zero, its key columns filled (empty for an unknown key), the
 * others empty.  SCS_OK, SCS_ETOOBIG beyond SCS_ANNUAL_CSV_MAX, or
 * SCS_ENOMEM.
 */
int scs_annual_csv(const struct scs_annual *a, char **out_csv, size_t *out_len);

#endif
