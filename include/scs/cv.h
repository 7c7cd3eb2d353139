/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cv.h - continuous vetting, the operations (docs/continuous-vetting.md):
 * matching a feed of outside records against every person of the
 * register.  The HTTP API and the command line call these.
 */
#ifndef SCS_CV_H
#define SCS_CV_H

#include <stddef.h>

#include <jansson.h>

#include "scs/alert.h"
#include "scs/cvfeed.h"
#include "scs/link.h"
#include "scs/ops.h"

struct scs_cv_options {
	unsigned threads; /* matching threads; 0: 1 */
	size_t upairs;    /* random pairs for u; 0: 200,000 */
	size_t em_sample; /* records for EM; 0: 20,000 */
	double link_at;   /* 0: the default (link.h) */
	double review_at; /* 0: the default */
};

struct scs_cv_summary {
	size_t persons, records;
	size_t links, reviews, nones;
	size_t enrolled; /* links and reviews of enrolled persons */
	size_t alerts;   /* of those, alerts raised now (not before) */
	struct scs_link_model model;
};

/* Called with each output line (no newline), in feed order; non-zero
 * stops the match with that code. */
typedef int (*scs_cv_emit)(void *arg, const char *line, size_t len);

/**
 * Match @feed (named @name in the audit log and errors) against every
 * person of the register, and emit one line per record, in order:
 *
 *   {"record":ID,"person":ID|null,"score":BITS,"probability":P,
 *    "decision":"link"|"review"|"none","enrolled":BOOL,
 *    "weights":{FIELD:BITS...},"levels":{FIELD:LEVEL...}}
 *
 * A record decided "none" names no person and shows no weights.  Nothing
 * in the register changes but one audit entry (action "cv_match", kind
 * "feed", object @name, purpose the counts).  The operating system's
 * actor and investigators may match; others get SCS_EDENIED.  Returns
 * SCS_OK, SCS_EDENIED, SCS_EIO, SCS_ENOMEM, or what @emit returned.
 */
int scs_op_cv_match(struct scs_ctx *c, const struct scs_cv_feed *feed,
    const char *name, const struct scs_cv_options *o, scs_cv_emit emit,
    void *arg, struct scs_cv_summary *sum, struct scs_err *err);

/* ---- alerts (src/ops/alert.c) ----
 *
 * The investigators of an alert's screening body see and triage it; the
 * operating system's actor sees every alert; any other role is refused
 * (SCS_EDENIED), and an alert of another body reads as missing
 * (SCS_ENOTFOUND). */

struct scs_alert_raiser;

/** Get ready to raise alerts (the screening bodies and their open
 * alerts), inside a read or write transaction.  Free with
 * scs_op_alert_raiser_close. */
int scs_op_alert_raiser_open(struct scs_ctx *c, struct scs_alert_raiser **out,
    struct scs_err *err);
void scs_op_alert_raiser_close(struct scs_alert_raiser *ar);

/**
 * Raise alert @a (person, origin, source, type, date, record, match,
 * weights filled) with the sealed @narrative, inside the open write
 * transaction: its id made (from the feed record, for a feed, so that a
 * feed matched twice raises it once: then *@out_new is false), the body
 * responsible chosen (the body of the person's latest case, else the
 * least loaded body accredited for the person's clearance, else the
 * least loaded body), stored and audited.  *@a becomes the alert stored.
 */
int scs_op_alert_raise(struct scs_alert_raiser *ar, struct scs_alert *a,
    const char *narrative, bool *out_new, struct scs_err *err);

/* ---- concern reports (the UK's aftercare incident report) ---- */

#define SCS_CONCERN_TEXT_MAX 4096

enum scs_concern_type {
	SCS_CONCERN_SECURITY_BREACH,
	SCS_CONCERN_FOREIGN_CONTACT,
	SCS_CONCERN_FINANCIAL,
	SCS_CONCERN_CONDUCT,
	SCS_CONCERN_SUBSTANCE_MISUSE,
	SCS_CONCERN_OTHER,
	SCS_CONCERN_NTYPES
};

extern const char *const scs_concern_type_codes[SCS_CONCERN_NTYPES];

struct scs_concern {
	char person[SCS_ID_MAX + 1];
	enum scs_concern_type type;
	char date[SCS_DATE_LEN + 1];     /* when it happened, or today */
	const char *text;                /* what the reporter saw (sealed) */
	char reporter[SCS_NAME_MAX + 1]; /* "" unless they choose to say */
};

/**
 * Any signed-in person (not a service account) reports a concern about
 * cleared person @in->person: it becomes an alert (origin concern) for
 * the responsible body, its text sealed.  The reporter's identity is not
 * kept unless given in @in->reporter: the alert and its audit entries
 * then name an anonymous actor.  The receipt in @out_receipt is the same
 * whether or not the person exists or is cleared, so that a concern
 * tells nobody who is; a concern about someone not enrolled keeps
 * nothing.  SCS_EINVAL naming the field, SCS_EDENIED.
 */
int scs_op_concern_report(struct scs_ctx *c, const struct scs_concern *in,
    char out_receipt[SCS_ID_MAX + 1], struct scs_err *err);

/* ---- self-reports (src/ops/selfreport.c) ---- */

/** The self-reporting duties of @authority (NULL or unknown: the
 * default), as the API shows them.  Any signed-in person. */
int scs_op_self_report_duties(struct scs_ctx *c, const char *authority,
    json_t **out, struct scs_err *err);

/**
 * The signed-in subject files a self-report: @body {type, date,
 * returned?, pre_approval?, deviation?, details?: {name: text...}}, under
 * the duties of the person's highest clearance now.  It is due that many
 * business days after the event (or the journey's return) and late when
 * filed after; the duty decides whether it raises an alert.  The details
 * are sealed.  *@out: the report as filed.  SCS_EDENIED for anyone but a
 * subject; SCS_EINVAL naming the field.
 */
int scs_op_self_report_file(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** The signed-in subject's own self-reports, details opened (a read on
 * the record). */
int scs_op_self_report_mine(struct scs_ctx *c, json_t **out,
    struct scs_err *err);

/* ---- incidents (src/ops/incident.c; include/scs/incident.h) ---- */

/**
 * Record an incident from @body {id?, org (not for an officer: theirs),
 * type, occurred, person?, handlers, recipients, items, narrative (sealed),
 * suspend?: [persons involved to suspend from now]}: security officers
 * of the organization, admins.  Each involved person who holds a
 * clearance gets an alert for the investigators.  *@out: the incident
 * with the legal exposure of each person (data/penalties.csv).
 */
int scs_op_incident_record(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** Incident @id with its narrative opened (an audited read): officers
 * of its organization, investigators, adjudicators. */
int scs_op_incident_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err);

/** Close incident @id with its @outcome (officers of its organization,
 * admins); SCS_ECONFLICT when closed already. */
int scs_op_incident_close(struct scs_ctx *c, const char *id,
    const char *outcome, json_t **out, struct scs_err *err);

/** The incidents the actor may see, without narratives. */
int scs_op_incident_list(struct scs_ctx *c, json_t **out, struct scs_err *err);

/** Incidents that occurred in [@from, @to) counted by type, organization
 * and authority of the items (auditors, admins): never a person. */
int scs_op_incident_report(struct scs_ctx *c, int64_t from, int64_t to,
    json_t **out, struct scs_err *err);

/* An alert as the API shows it; the callback must not keep it. */
typedef int (*scs_alert_cb)(void *arg, json_t *alert);

/** The actor's alerts, in id order after @after (NULL: from the first),
 * at most @limit (0: all), in @state when not NULL.  Without their
 * narratives. */
int scs_op_alert_list(struct scs_ctx *c, const char *state, const char *after,
    size_t limit, scs_alert_cb cb, void *arg, struct scs_err *err);

/** Alert @id with its narrative opened: a read on the record with
 * @purpose ("triage" when NULL or empty).  *@out for the caller to free. */
int scs_op_alert_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err);

struct scs_alert_triage {
	enum scs_alert_state state; /* valid, not_valid, self_reported */
	bool suspend; /* a valid alert: suspend the person from now on */
	bool review;  /* a valid alert: open a review case */
};

/**
 * Triage open alert @id: its state, who and when; a valid one may
 * suspend the person (a suspension from now, without end, that the access
 * decision applies as soon as the triage commits) and open a review case
 * under the person's highest clearance now.  One transaction, audited.
 * SCS_ECONFLICT when triaged already, or when a review finds no clearance
 * or an open case; SCS_EINVAL for a state or option that does not fit.
 * *@out (may be NULL) the alert as stored.
 */
int scs_op_alert_triage(struct scs_ctx *c, const char *id,
    const struct scs_alert_triage *t, json_t **out, struct scs_err *err);

/**
 * The figures of the alerts raised in [@from, @to) (unix seconds): how
 * many, open, triaged, the share found valid, the share of the valid the
 * person had self-reported, hours to triage (mean, median), and counts
 * by source and type.  Investigators get their body's; auditors and
 * admins every body's.  Never a person.
 */
int scs_op_alert_stats(struct scs_ctx *c, int64_t from, int64_t to,
    json_t **out, struct scs_err *err);

#endif
