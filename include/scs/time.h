/* SPDX-License-Identifier: Apache-2.0 */
/*
 * time.h - instants of the register: RFC 3339 times and bare dates
 * (DESIGN.md section 11: "YYYY-MM-DD" means 00:00:00Z that day), as unix
 * seconds.  Part of core: pure conversions, no clock (callers pass "now").
 *
 * A period is valid at t iff from <= t < until; SCS_TIME_NEVER as until
 * means it never ends.
 */
#ifndef SCS_TIME_H
#define SCS_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"

#define SCS_TIME_NEVER  INT64_MAX
#define SCS_TIME_MIN    (-2208988800LL) /* 1900-01-01T00:00:00Z */
#define SCS_TIME_MAX    (7258118400LL)  /* 2200-01-01T00:00:00Z */
#define SCS_TIME_STRMAX 32

/**
 * Parse "YYYY-MM-DD" or an RFC 3339 date-time ("2026-01-01T09:30:00Z",
 * "2026-01-01T18:30:00+09:00", fractional seconds allowed and dropped)
 * into unix seconds.  Years 1900..2199.  SCS_OK or SCS_EINVAL naming
 * @field.
 */
int scs_time_parse(const char *s, size_t len, const char *field, int64_t *out,
    struct scs_err *err);

/** As scs_time_parse, into unix microseconds: a fraction of a second
 * counts, rounded up to the next whole microsecond beyond six digits. */
int scs_time_parse_us(const char *s, size_t len, const char *field,
    int64_t *out, struct scs_err *err);

/**
 * Format unix microseconds @us as "YYYY-MM-DDTHH:MM:SS.ffffffZ" (always
 * six digits); @out holds SCS_TIME_STRMAX bytes.  Returns the length, 27.
 */
size_t scs_time_format_us(int64_t us, char *out);

/**
 * Format @t as "YYYY-MM-DD" when it is midnight UTC, else
 * "YYYY-MM-DDTHH:MM:SSZ"; @out holds SCS_TIME_STRMAX bytes.  Returns the
 * length.  This is the one canonical form export writes.
 */
size_t scs_time_format(int64_t t, char *out);

/** Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t scs_days_from_civil(int64_t y, unsigned m, unsigned d);

/** Whether the period [from, until) holds @t. */
static inline bool
scs_period_holds(int64_t from, int64_t until, int64_t t)
{
	return from <= t && t < until;
}

/** Add @years calendar years to @t (Feb 29 becomes Mar 1). */
int64_t scs_time_add_years(int64_t t, int years);

#endif
