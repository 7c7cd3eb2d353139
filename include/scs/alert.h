/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert.h - continuous-vetting alerts (DESIGN.md section 3, "Self-report
 * and alert"): something about a cleared person that an investigator of
 * the responsible screening body triages (docs/continuous-vetting.md).
 * An alert comes from a feed record matched to the person, a self-report,
 * a concern someone raised, or an incident; the investigator marks it
 * valid, not valid, or already self-reported, and a valid one may suspend
 * the person's clearances and open a review case.  What the source said is
 * sealed (DESIGN.md section 7: alert narratives).
 *
 * Part of core: no I/O.
 */
#ifndef SCS_ALERT_H
#define SCS_ALERT_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/case.h"
#include "scs/err.h"
#include "scs/model.h"

#define SCS_ALERT_CODE_MAX    32   /* source and type codes */
#define SCS_ALERT_WEIGHTS_MAX 1024 /* the match's evidence, JSON text */

enum scs_alert_origin {
	SCS_ALERT_FEED,        /* a feed record matched to the person */
	SCS_ALERT_SELF_REPORT, /* the person's own report */
	SCS_ALERT_CONCERN,     /* someone's concern about the person */
	SCS_ALERT_INCIDENT,    /* an incident the person was part of */
	SCS_ALERT_NORIGINS
};

enum scs_alert_state {
	SCS_ALERT_OPEN,          /* not triaged yet */
	SCS_ALERT_VALID,         /* about the person, and of concern */
	SCS_ALERT_NOT_VALID,     /* not the person, or of no concern */
	SCS_ALERT_SELF_REPORTED, /* valid, but the person had reported it */
	SCS_ALERT_NSTATES
};

/* How a feed record matched (link.h's decisions); "none" for the other
 * origins. */
enum scs_alert_match {
	SCS_ALERT_MATCH_NONE,
	SCS_ALERT_MATCH_REVIEW,
	SCS_ALERT_MATCH_LINK,
	SCS_ALERT_NMATCHES
};

extern const char *const scs_alert_origin_codes[SCS_ALERT_NORIGINS];
extern const char *const scs_alert_state_codes[SCS_ALERT_NSTATES];
extern const char *const scs_alert_match_codes[SCS_ALERT_NMATCHES];

struct scs_alert {
	char id[SCS_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
	enum scs_alert_origin origin;
	char source[SCS_ALERT_CODE_MAX + 1]; /* "npa", "self", "concern" */
	char type[SCS_ALERT_CODE_MAX + 1];   /* "arrest", "foreign_travel" */
	char date[SCS_DATE_LEN + 1];         /* when it happened */
	char record[SCS_ID_MAX + 1]; /* the source's id of it; "" for none */
	char body[SCS_ID_MAX + 1];   /* the screening body; "" for none yet */
	enum scs_alert_match match;
	/* The match's evidence: a JSON object {"score","probability",
	 * FIELD:{"level","weight"}...}, so an investigator sees why; "" for
	 * the other origins. */
	char weights[SCS_ALERT_WEIGHTS_MAX + 1];
	int64_t raised; /* unix seconds */
	enum scs_alert_state state;
	int64_t triaged; /* set with has_triaged */
	bool has_triaged;
	char triaged_by[SCS_ACTOR_MAX + 1];
	bool suspended;                        /* the triage suspended */
	char review_case[SCS_CASE_ID_MAX + 1]; /* and opened this case */
	struct scs_blob narrative; /* sealed text: what the source said */
};

/** The core rules of an alert: codes, dates, and a triage that fits its
 * state (an open alert has none; only a valid one suspends or opens a
 * review).  SCS_OK or SCS_EINVAL naming the field. */
int scs_alert_validate(const struct scs_alert *a, struct scs_err *err);

/** Parse a code of @codes (@n of them).  0, or -1 when @s is none. */
int scs_alert_code(const char *const *codes, int n, const char *s, int *out);

#endif
