/* SPDX-License-Identifier: Apache-2.0 */
/*
 * selfreport.h - the self-reporting duties of cleared persons (DESIGN.md
 * section 3, "Self-report and alert"; SEAD-3-like): foreign travel
 * (approved before it starts; a report of its end, and of deviations,
 * within 5 business days of return), foreign contacts, marriage or a new
 * cohabitant, arrest, bankruptcy and delinquent debt.  The duties are data
 * per authority (data/self-reports.json); a self-report is a record of the
 * register whose details are sealed (docs/continuous-vetting.md).
 *
 * Part of core: no I/O, no clock.
 */
#ifndef SCS_SELFREPORT_H
#define SCS_SELFREPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"

#define SCS_DUTY_TYPE_MAX  32 /* a duty's code */
#define SCS_DUTY_FEEDS_MAX 8  /* feed types one duty covers */
#define SCS_DUTIES_MAX     32 /* duties of one authority */

enum scs_duty_alert {
	SCS_DUTY_ALERT_ALWAYS, /* every report raises an alert */
	SCS_DUTY_ALERT_LATE,   /* a late one, or one that deviated */
	SCS_DUTY_ALERT_NEVER
};

struct scs_duty {
	char type[SCS_DUTY_TYPE_MAX + 1];
	int due_business_days;
	bool after_end;    /* counted from the end (a journey's return) */
	bool pre_approval; /* approved before the event starts */
	enum scs_duty_alert alert;
	char feed_types[SCS_DUTY_FEEDS_MAX][SCS_DUTY_TYPE_MAX + 1];
	size_t nfeed_types;
};

struct scs_duties; /* the table: per authority, and a default */

/* A self-report as the register keeps it. */
struct scs_self_report {
	char id[SCS_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX]; /* whose duties; "" the default */
	char type[SCS_DUTY_TYPE_MAX + 1];
	char date[SCS_DATE_LEN + 1];     /* the event (a journey's start) */
	char returned[SCS_DATE_LEN + 1]; /* a journey's return; "" none */
	bool pre_approval;               /* asks approval before the event */
	bool deviation; /* the journey went otherwise than approved */
	int64_t filed;  /* unix seconds */
	char due[SCS_DATE_LEN + 1];
	bool late;
	char alert[SCS_ID_MAX + 1]; /* the alert it raised; "" none */
	struct scs_blob details;    /* sealed JSON object */
};

/** The core rules of a self-report.  SCS_OK or SCS_EINVAL naming the
 * field. */
int scs_self_report_validate(const struct scs_self_report *r,
    struct scs_err *err);

/** Parse the duties table @text (@len bytes, JSON).  SCS_EINVAL naming
 * the member ("default[2].alert"), SCS_ENOMEM.  Free with
 * scs_duties_free. */
int scs_duties_parse(const char *text, size_t len, struct scs_duties **out,
    struct scs_err *err);
void scs_duties_free(struct scs_duties *d);

/** The duties of @authority (its own, else the default) into *@out, *@n
 * of them; owned by @d. */
void scs_duties_of(const struct scs_duties *d, const char *authority,
    const struct scs_duty **out, size_t *n);

/** The duty @type of @authority, or NULL. */
const struct scs_duty *scs_duty_find(const struct scs_duties *d,
    const char *authority, const char *type);

/** Whether duty @u covers feed records of @feed_type. */
bool scs_duty_covers(const struct scs_duty *u, const char *feed_type);

/**
 * The date a report under @u is due (unix seconds, midnight UTC): that
 * many business days (Monday to Friday) after @date, or after @end when
 * the duty counts from the end and @end is set (0: not).
 */
int64_t scs_duty_due(const struct scs_duty *u, int64_t date, int64_t end);

/** Whether a report filed at @filed is late: after its due date's end,
 * or, for a duty approved beforehand, filed as a pre-approval after the
 * event began. */
bool scs_duty_late(const struct scs_duty *u, int64_t date, int64_t end,
    int64_t filed, bool pre_approval);

#endif
