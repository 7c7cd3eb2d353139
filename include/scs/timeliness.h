/* SPDX-License-Identifier: Apache-2.0 */
/*
 * timeliness.h - the timeliness statistics of vetting cases (DESIGN.md
 * section 8): per phase and per authority and level (and, for oversight,
 * per screening body), the count, mean, median, 90th percentile and the
 * US "fastest 90%" mean of the time cases took with what that mean leaves
 * out; the share within each phase's target; the open backlog by age, now
 * and at another instant; overdue cases against an end-to-end target; the
 * share decided by e-adjudication; and the expected decision date of an
 * open case.  docs/timeliness.md defines every figure.
 *
 * An accumulator is fed one case at a time (the store streams them) and
 * keeps only what the statistics need: six int64 durations per timed case
 * and a few counters per row.  Part of core: no I/O, no clock (every time
 * is an argument), no JSON.  An accumulator is not thread-safe: report
 * and expect reorder its durations and cache medians.
 */
#ifndef SCS_TIMELINESS_H
#define SCS_TIMELINESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/case.h"
#include "scs/err.h"
#include "scs/refdata.h"

#define SCS_TL_E2E    SCS_PHASE_N       /* index of end to end in phase[] */
#define SCS_TL_NSTATS (SCS_PHASE_N + 1) /* five phases and end to end */
#define SCS_TL_DAY    86400

/* Hard limits.  A row is one (authority, level), or one (body,
 * authority, level) by body; cases timed are those decided in the window,
 * each holding SCS_TL_NSTATS durations (48 bytes): the cap bounds the
 * accumulator at about 400 MiB.  A report has at most SCS_TL_ROWS_MAX rows
 * of levels, and by body one subtotal per body besides. */
#define SCS_TL_ROWS_MAX    1024
#define SCS_TL_TIMED_MAX   (1UL << 23) /* 8,388,608 timed cases */
#define SCS_TL_TARGETS_MAX 256

/* The end-to-end target of a level without one of its own, in days. */
#define SCS_TL_TARGET_DAYS 90
/* expect() uses a level's own history from this many timed cases on. */
#define SCS_TL_EXPECT_MIN  5

/* The backlog's age bands, by whole days open (floor((now - opened) /
 * 86400)): 0-30, 31-90, 91-180, 181-365, over 365. */
enum scs_tl_band {
	SCS_TL_BAND_30,
	SCS_TL_BAND_90,
	SCS_TL_BAND_180,
	SCS_TL_BAND_365,
	SCS_TL_BAND_OVER,
	SCS_TL_NBANDS
};

/* "0_30", "31_90", "91_180", "181_365", "over_365": for JSON keys. */
extern const char *const scs_tl_band_codes[SCS_TL_NBANDS];

/* What the report reads of one case (a view of struct scs_case). */
struct scs_tl_case {
	const char *authority; /* 1 to SCS_AUTH_CODE_MAX - 1 bytes */
	const char *level;     /* 1 to SCS_LEVEL_CODE_MAX - 1 bytes */
	const char *body;      /* the screening body, at most SCS_ID_MAX bytes;
	                          NULL or "" until one is assigned */
	enum scs_case_state state;
	int64_t opened;  /* nominated, unix seconds */
	int64_t since;   /* entered its current state */
	int64_t decided; /* the (last) decision; set with has_decided */
	bool has_decided;
	int64_t phase_s[SCS_PHASE_N]; /* seconds spent per phase */
	bool e_adjudicated;
};

/*
 * One statistic over a set of durations, in seconds; all 0 when count
 * is 0.  median: the middle value, or the mean of the two middle values
 * for an even count.  p90: nearest rank, the ceil(0.9 n)-th smallest.
 * fastest90: the mean of the ceil(0.9 n) smallest; mean is that of all.
 *
 *   left_out            count - ceil(0.9 count): the slowest cases the
 *                       fastest-90% mean leaves out
 *   left_out_share      left_out / count
 *   left_out_time_share their share of the summed durations (0 when the
 *                       sum is 0)
 *
 * Against a target, set by scs_tl_report (scs_tl_summarize leaves them 0):
 *
 *   targeted      durations that had a target (target_days > 0)
 *   within        of those, whole days (floor(d / 86400)) <= the target
 *   within_share  within / targeted; 0 when targeted is 0
 *   target_days   the row's target; 0 for none, and in the all and body
 *                 rows, whose cases each count against their own level's
 */
struct scs_tl_stats {
	uint64_t count;
	double mean, median, p90, fastest90;
	uint64_t left_out;
	double left_out_share, left_out_time_share;
	uint64_t targeted, within;
	double within_share;
	int64_t target_days;
};

/* How the report groups its rows (docs/timeliness.md "Grouping"). */
enum scs_tl_by {
	SCS_TL_BY_LEVEL, /* one row per authority and level */
	SCS_TL_BY_BODY   /* per body: a subtotal, then its authorities and
	                    levels */
};

/* What a row of the report covers. */
enum scs_tl_kind {
	SCS_TL_ROW_ALL,       /* every case the report counts */
	SCS_TL_ROW_LEVEL,     /* one authority and level (by level) */
	SCS_TL_ROW_BODY,      /* one body, all its levels (by body) */
	SCS_TL_ROW_BODY_LEVEL /* one body, authority and level (by body) */
};

/* The report's options, set once before the first case is added. */
struct scs_tl_opts {
	enum scs_tl_by by;
	/* Only the cases of this body ("": those with none yet); NULL: all */
	const char *body;
	/* The backlog also at @at (the end of the window, normally), as it
	 * is reconstructed from each case's times (scs_tl_add). */
	bool has_at;
	int64_t at;
};

/*
 * One row of the report (enum scs_tl_kind): all cases (authority, level
 * and body ""), one authority and level, one body (authority and level
 * ""), or one body, authority and level.  body is "" in the all and level
 * rows, and in the body rows of the cases that have none yet.
 *
 *   phase[p]       durations of phase p (enum scs_phase) of the cases
 *                  timed; phase[SCS_TL_E2E]: decided - opened
 *   decided        cases timed: decided with from <= decided < to
 *   e_adjudicated  of those, decided by an authority's rule
 *   e_share        e_adjudicated / decided; 0 when decided is 0
 *   not_completed  refused or withdrawn with from <= since < to (counted,
 *                  never timed)
 *   open           cases open (scs_case_open) when added: the backlog
 *   backlog[b]     of those, by age band (enum scs_tl_band) at now
 *   open_in_phase  of those, by the phase they are in; interim and
 *                  complaint cases are open in no phase
 *   overdue        of those, open longer than target_days whole days
 *   target_days    the row's end-to-end target (0: none); 0 in the all and
 *                  body rows (phase[SCS_TL_E2E].target_days is the same)
 *   open_at        with opts.has_at: cases open at opts.at, reconstructed
 *   backlog_at[b]  of those, by age band at opts.at
 *   overdue_at     of those, open longer than target_days at opts.at
 */
struct scs_tl_row {
	enum scs_tl_kind kind;
	char body[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	struct scs_tl_stats phase[SCS_TL_NSTATS];
	uint64_t decided;
	uint64_t e_adjudicated;
	double e_share;
	uint64_t not_completed;
	uint64_t open;
	uint64_t backlog[SCS_TL_NBANDS];
	uint64_t open_in_phase[SCS_PHASE_N];
	uint64_t overdue;
	int64_t target_days;
	uint64_t open_at;
	uint64_t backlog_at[SCS_TL_NBANDS];
	uint64_t overdue_at;
};

struct scs_tl; /* the accumulator, opaque */

/**
 * A new accumulator for cases decided in [@from, @to) (unix seconds; pass
 * INT64_MIN and INT64_MAX for no bound) and a backlog taken at @now.
 * NULL when out of memory.  Free with scs_tl_free.
 */
struct scs_tl *scs_tl_new(int64_t from, int64_t to, int64_t now);

/**
 * Set the end-to-end target of @authority's level @level (NULL or "": of
 * every level of @authority without its own) to @days whole days, 0 for
 * none; levels without a target have SCS_TL_TARGET_DAYS.  Only before the
 * first scs_tl_add.  SCS_OK; SCS_EINVAL for a bad code or @days outside
 * 0..36500; SCS_ECONFLICT after a case was added; SCS_ETOOBIG beyond
 * SCS_TL_TARGETS_MAX targets.
 */
int scs_tl_target(struct scs_tl *t, const char *authority, const char *level,
    int64_t days);

/**
 * Set the targets of @authority's level @level (NULL or "": of every level
 * of @authority without its own) for each phase and end to end
 * (@days[SCS_TL_E2E]), in whole days, 0 for none.  Levels without targets
 * have none per phase and SCS_TL_TARGET_DAYS end to end.  Only before the
 * first scs_tl_add; codes as scs_tl_target.  SCS_OK; SCS_EINVAL for a bad
 * code or a day outside 0..36500; SCS_ECONFLICT after a case was added;
 * SCS_ETOOBIG beyond SCS_TL_TARGETS_MAX targets.
 */
int scs_tl_targets(struct scs_tl *t, const char *authority, const char *level,
    const int64_t days[SCS_TL_NSTATS]);

/**
 * Set the options (struct scs_tl_opts; by level, every body and no second
 * instant when never called).  @o->body is copied.  Only before the first
 * scs_tl_add.  SCS_OK; SCS_EINVAL for a body longer than SCS_ID_MAX or a
 * bad grouping; SCS_ECONFLICT after a case was added.
 */
int scs_tl_options(struct scs_tl *t, const struct scs_tl_opts *o);

/**
 * Account one case.  A case of another body than the options' is skipped.
 * A case decided in the window is timed; refused and withdrawn ones are
 * counted; open ones go in the backlog; with opts.has_at, one that was
 * open at opts.at goes in the backlog at that instant (docs/timeliness.md
 * "The backlog at the end of the window"); anything else is skipped.  Durations
 * are clamped to 0 .. SCS_TIME_MAX - SCS_TIME_MIN. SCS_OK; SCS_EINVAL for a
 * missing or overlong authority or level, an overlong body or an unknown state;
 * SCS_ETOOBIG for a row beyond SCS_TL_ROWS_MAX; SCS_ENOMEM when memory or
 * SCS_TL_TIMED_MAX runs out.  On error the accumulator is as it was before the
 * call.  @c is not kept.
 */
int scs_tl_add(struct scs_tl *t, const struct scs_tl_case *c);

/**
 * Add what @from has accounted to @t, as if every case added to @from had
 * been added to @t (so that two threads can each account a part of the
 * cases).  Both have the same window, now, targets and options.  SCS_OK;
 * SCS_EINVAL when they differ; SCS_ETOOBIG beyond SCS_TL_ROWS_MAX rows;
 * SCS_ENOMEM. On error @t is as it was.
 */
int scs_tl_merge(struct scs_tl *t, const struct scs_tl *from);

/**
 * The report: the all row first, then by level one row per (authority,
 * level) seen, sorted by authority then level (strcmp); by body, for each
 * body seen (sorted by strcmp, the cases with none last) its subtotal row
 * then its (authority, level) rows, sorted so.  *@out_rows is one array of
 * *@out_n rows (at least 1) that the caller frees with free().  It may be
 * called again, also after more scs_tl_add calls.  SCS_OK or SCS_ENOMEM
 * (nothing is returned).
 */
int scs_tl_report(struct scs_tl *t, struct scs_tl_row **out_rows,
    size_t *out_n);

/**
 * The expected decision date of the open case @c at @now, into *@out.
 * From the cases timed so far of @c's authority and level (by body: of
 * @c's body too), or of all levels of its authority when that has fewer than
 * SCS_TL_EXPECT_MIN: the median of the phase @c is in, less the time it
 * has spent there (now - since, at least 0; the remainder at least 0),
 * plus the median of each later phase; *@out is @now plus that sum,
 * rounded half up to the second.  Works before, after or without
 * scs_tl_report.  SCS_OK; SCS_ENOTFOUND when the authority has no timed
 * case; SCS_ECONFLICT when @c is in no phase (decided, interim, complaint,
 * refused, withdrawn); SCS_EINVAL for a bad authority, level or state,
 * or a date past int64; SCS_ENOMEM.  *@out is set only on SCS_OK.
 */
int scs_tl_expect(struct scs_tl *t, const struct scs_tl_case *c, int64_t now,
    int64_t *out);

/**
 * The 80% interval of the open case @c's decision date at @now, into
 * *@out_lo and *@out_hi, and its median into *@out_mid: 2,001 draws of the time
 * left, each a duration of the phase @c is in longer than the time it has spent
 * there, drawn uniformly among those (less that time; 0 when none is longer;
 * @c's phase's durations are sorted) plus one duration of each
 * later phase, drawn on its own from the same cases scs_tl_expect uses; their
 * 10th, 50th and 90th percentiles, added to @now.
 * Unlike scs_tl_expect's medians, a case that has overrun its phase's
 * median is drawn only among the cases that took longer still.  The draws are
 * seeded by the case's opening and @now's day, so one case on one day
 * draws alike.  The same codes as scs_tl_expect.
 */
int scs_tl_expect_band(struct scs_tl *t, const struct scs_tl_case *c,
    int64_t now, int64_t *out_lo, int64_t *out_mid, int64_t *out_hi);

/**
 * The statistics of the @n durations @v into *@out, in O(n) by selection;
 * @v is reordered.  Durations are 0 .. SCS_TIME_MAX - SCS_TIME_MIN and at
 * most SCS_TL_TIMED_MAX of them, so that their sum fits in int64.  For the
 * capacity planner and the tests.
 */
void scs_tl_summarize(int64_t *v, size_t n, struct scs_tl_stats *out);

/** Free @t and everything it holds; NULL is allowed. */
void scs_tl_free(struct scs_tl *t);

#endif
