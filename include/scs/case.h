/* SPDX-License-Identifier: Apache-2.0 */
/*
 * case.h - a vetting case and its lifecycle (DESIGN.md section 4): the
 * states a case takes, the events that move it, who may cause each, and
 * the records a case leaves (its history of stamps, the subject's answers,
 * the investigator's findings, the notifications of its outcome).
 *
 * The lifecycle is one table (src/core/case.c): state, event, the roles
 * allowed, the next state.  Everything that moves a case asks it; nothing
 * else knows the transitions.  Part of core: no I/O, no clock.
 */
#ifndef SCS_CASE_H
#define SCS_CASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"

#define SCS_CASE_ID_MAX   SCS_ID_MAX
#define SCS_NEED_MAX      500 /* the sponsor's stated need, bytes */
#define SCS_SECTION_MAX   47  /* a questionnaire section id, bytes */
#define SCS_SECTIONS_MAX  32  /* sections one return may name */
#define SCS_ITEM_CODE_MAX 39  /* an assessment item code, bytes */

/* The states of a case, exactly those of DESIGN.md section 4.  Sections
 * returned for correction are a property of a case in QUESTIONNAIRE (its
 * `returned` list and the state it resumes), not a state of their own. */
enum scs_case_state {
	SCS_CASE_AWAITING_CONSENT,
	SCS_CASE_QUESTIONNAIRE,
	SCS_CASE_SUBMITTED,
	SCS_CASE_INVESTIGATING,
	SCS_CASE_ADJUDICATING,
	SCS_CASE_GRANTED,
	SCS_CASE_INTERIM,
	SCS_CASE_DENIED,
	SCS_CASE_COMPLAINT,
	SCS_CASE_REJECTED,
	SCS_CASE_REFUSED,
	SCS_CASE_WITHDRAWN,
	SCS_CASE_NSTATES
};

/* What happens to a case.  NOMINATE opens it (from no state). */
enum scs_case_event {
	SCS_EV_NOMINATE,
	SCS_EV_CONSENT,
	SCS_EV_REFUSE,
	SCS_EV_SUBMIT,
	SCS_EV_ASSIGN,
	SCS_EV_RETURN,
	SCS_EV_CLOSE,
	SCS_EV_GRANT,
	SCS_EV_INTERIM,
	SCS_EV_DENY,
	SCS_EV_COMPLAIN,
	SCS_EV_UPHOLD,
	SCS_EV_REJECT,
	SCS_EV_WITHDRAW,
	SCS_EV_N
};

/* Who causes an event: the roles of enum scs_role, and the e-adjudication
 * rule of an authority (an actor that is no person). */
#define SCS_CASE_BY_RULE (1U << 8)

/* The kind of assessment a case is (DESIGN.md section 3). */
enum scs_case_type {
	SCS_CASE_INITIAL,
	SCS_CASE_REINVESTIGATION,
	SCS_CASE_REVIEW,
	SCS_CASE_NTYPES
};

/* What the sponsor (the nominating organization's security officers) may
 * know of a case: never the state itself, so that a refusal and a
 * withdrawal both read "not_completed" (DESIGN.md section 4). */
enum scs_case_outcome {
	SCS_OUTCOME_IN_PROGRESS,
	SCS_OUTCOME_GRANTED,
	SCS_OUTCOME_INTERIM,
	SCS_OUTCOME_DENIED,
	SCS_OUTCOME_NOT_COMPLETED,
	SCS_OUTCOME_N
};

/* Phases timeliness is measured in (DESIGN.md section 8), each the time a
 * case spends in some states: consent (awaiting it), questionnaire
 * (filling it, corrections included), initiation (submitted until a
 * screening body takes it), investigation, adjudication (complaints
 * upheld included). */
enum scs_phase {
	SCS_PHASE_CONSENT,
	SCS_PHASE_QUESTIONNAIRE,
	SCS_PHASE_INITIATION,
	SCS_PHASE_INVESTIGATION,
	SCS_PHASE_ADJUDICATION,
	SCS_PHASE_N
};

struct scs_case {
	char id[SCS_CASE_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	char sponsor[SCS_ID_MAX + 1]; /* the organization that nominated */
	char need[SCS_NEED_MAX + 1];
	enum scs_case_type type;
	enum scs_case_state state;
	int64_t opened;            /* nominated, unix seconds */
	int64_t since;             /* entered its current state */
	char body[SCS_ID_MAX + 1]; /* the screening body; "" until assigned */
	char prior[SCS_CASE_ID_MAX + 1]; /* a reinvestigation's earlier case */
	char consent_version[32];        /* the notice agreed to; "" before */
	/* Sections returned for correction (in QUESTIONNAIRE), and the state
	 * the case resumes when they are certified again ("" when none). */
	char returned[SCS_SECTIONS_MAX][SCS_SECTION_MAX + 1];
	size_t nreturned;
	char resume[24];
	int64_t decided; /* set with has_decided */
	bool has_decided;
	char decided_by[SCS_ACTOR_MAX + 1]; /* a user, or "rule:AUTH/LEVEL" */
	bool e_adjudicated;
	int64_t complaint_until; /* set with has_complaint_until */
	bool has_complaint_until;
	/* Seconds spent in each phase (enum scs_phase), kept with every
	 * transition from the stamps of the history. */
	int64_t phase_s[SCS_PHASE_N];
	struct scs_blob decision;  /* sealed: assessments, conditions */
	struct scs_blob complaint; /* sealed: the complaint and its review */
	struct scs_blob note;      /* sealed: the note of the last return */
};

/* One stamp of a case's history: every transition, who and when. */
struct scs_stamp {
	char case_id[SCS_CASE_ID_MAX + 1];
	int64_t seq; /* 1, 2, ... within the case */
	int64_t at;
	char actor[SCS_ACTOR_MAX + 1];
	enum scs_case_event event;
	char from_state[24];       /* the state left; "" for the nomination */
	enum scs_case_state state; /* the state reached */
};

/* One section of the subject's answers, sealed at rest. */
struct scs_answers {
	char case_id[SCS_CASE_ID_MAX + 1];
	char section[SCS_SECTION_MAX + 1];
	int64_t saved;
	bool certified; /* part of a submitted document */
	struct scs_blob data;
};

enum scs_finding_source {
	SCS_SRC_SELF_REPORT,
	SCS_SRC_RECORD_CHECK,
	SCS_SRC_INTERVIEW,
	SCS_SRC_REFERENCE,
	SCS_SRC_N
};

enum scs_severity {
	SCS_SEV_NONE,
	SCS_SEV_MINOR,
	SCS_SEV_MODERATE,
	SCS_SEV_SERIOUS,
	SCS_SEV_N
};

/* An investigator's fact (DESIGN.md section 3). */
struct scs_finding {
	char case_id[SCS_CASE_ID_MAX + 1];
	int64_t seq;
	char item[SCS_ITEM_CODE_MAX + 1]; /* one of the authority's items */
	enum scs_finding_source source;
	char date[SCS_DATE_LEN + 1]; /* when the fact happened */
	enum scs_severity severity;
	char author[SCS_ACTOR_MAX + 1];
	int64_t at;
	struct scs_blob narrative;  /* sealed text */
	struct scs_blob mitigation; /* sealed text */
	struct scs_blob record;     /* sealed: the source record (checks) */
};

enum scs_audience { SCS_TO_SUBJECT, SCS_TO_SPONSOR, SCS_AUDIENCE_N };

/* A notice of something that happened to a case, for the subject (the
 * person) or the sponsor (its security officers).  It carries codes only,
 * never dossier content; a sponsor's never says more than the outcome. */
struct scs_notification {
	char case_id[SCS_CASE_ID_MAX + 1];
	int64_t seq;
	enum scs_audience audience;
	char person[SCS_ID_MAX + 1]; /* the subject's person */
	char org[SCS_ID_MAX + 1];    /* the sponsor */
	int64_t at;
	char what[24]; /* "granted", "returned", "not_completed"... */
};

extern const char *const scs_case_state_codes[SCS_CASE_NSTATES];
extern const char *const scs_case_event_codes[SCS_EV_N];
extern const char *const scs_case_type_codes[SCS_CASE_NTYPES];
extern const char *const scs_case_outcome_codes[SCS_OUTCOME_N];
extern const char *const scs_phase_codes[SCS_PHASE_N];
extern const char *const scs_finding_source_codes[SCS_SRC_N];
extern const char *const scs_severity_codes[SCS_SEV_N];
extern const char *const scs_audience_codes[SCS_AUDIENCE_N];

/** Parse a state code.  0 or -1. */
int scs_case_state_parse(const char *s, enum scs_case_state *out);

/**
 * The state a case in @from reaches on @event caused by @who (a role bit
 * or SCS_CASE_BY_RULE), resuming @resume after a correction ("" or a
 * state code).  SCS_OK with *@out; SCS_EDENIED when the event is allowed
 * from @from but not to @who; SCS_ECONFLICT when it is not allowed from
 * @from at all.  A nomination is @from = SCS_CASE_NSTATES.
 */
int scs_case_next(enum scs_case_state from, enum scs_case_event event,
    unsigned who, const char *resume, enum scs_case_state *out);

/** The events allowed from @from to anyone, as a bit mask of
 * (1U << event), for a 409 that says what may happen next. */
unsigned scs_case_events_from(enum scs_case_state from);

/** Whether a case in @s is open: one open case per person and authority;
 * open cases count in the backlog. */
bool scs_case_open(enum scs_case_state s);

/** Whether a decision has been made (granted, interim, denied and after):
 * a withdrawal comes only before. */
bool scs_case_decided(enum scs_case_state s);

/** What the sponsor may know of a case in @s. */
enum scs_case_outcome scs_case_outcome(enum scs_case_state s);

/** The phase a case in @s is in, or SCS_PHASE_N when none (decided). */
enum scs_phase scs_case_phase(enum scs_case_state s);

/**
 * The time by which the open case @c is expected to be decided under the
 * targets of its authority (@targets_days: days per phase, enum scs_phase,
 * from data/vetting.json), seen at @now: the current phase ends its target
 * after it began (c->since), or at @now if it has overrun its target; each
 * later phase then takes its full target.  A correction (questionnaire
 * after a return) goes on with the phase of the state it resumes.  Pure:
 * SCS_OK with *@out (unix seconds); SCS_ECONFLICT when @c is in no phase
 * (decided, interim, complaint, refused, withdrawn); SCS_EINVAL for a
 * negative target.
 */
int scs_case_expected(const struct scs_case *c,
    const int64_t targets_days[SCS_PHASE_N], int64_t now, int64_t *out);

/**
 * Account the time a case leaving state @from at @at spent in it since
 * c->since (into c->phase_s), and move it to @to at @at.  Times before
 * `since` count as zero.
 */
void scs_case_move(struct scs_case *c, enum scs_case_state to, int64_t at);

int scs_case_validate(const struct scs_refdata *rd, const struct scs_case *c,
    struct scs_err *err);
int scs_stamp_validate(const struct scs_stamp *e, struct scs_err *err);
int scs_answers_validate(const struct scs_answers *a, struct scs_err *err);
int scs_finding_validate(const struct scs_finding *f, struct scs_err *err);
int scs_notification_validate(const struct scs_notification *n,
    struct scs_err *err);

#endif
