/* SPDX-License-Identifier: Apache-2.0 */
/*
 * case.c - the lifecycle of a vetting case (case.h) as one table of
 * transitions, and the rules of a valid case, history stamp, answer
 * section, finding and notification.  Part of core: no I/O, no clock; the
 * operations in src/ops/case.c ask this table before they move a case.
 */
#include <string.h>

#include "scs/case.h"
#include "scs/register.h"
#include "scs/time.h"

const char *const scs_case_state_codes[SCS_CASE_NSTATES] = {"awaiting_consent",
    "questionnaire", "submitted", "investigating", "adjudicating", "granted",
    "interim", "denied", "complaint", "rejected", "refused", "withdrawn"};

const char *const scs_case_event_codes[SCS_EV_N] = {"nominate", "consent",
    "refuse", "submit", "assign", "return", "close", "grant", "interim", "deny",
    "complain", "uphold", "reject", "withdraw"};

const char *const scs_case_type_codes[SCS_CASE_NTYPES] = {"initial",
    "reinvestigation", "review"};

const char *const scs_case_outcome_codes[SCS_OUTCOME_N] = {"in_progress",
    "granted", "interim", "denied", "not_completed"};

const char *const scs_phase_codes[SCS_PHASE_N] = {"consent", "questionnaire",
    "initiation", "investigation", "adjudication"};

const char *const scs_finding_source_codes[SCS_SRC_N] = {"self_report",
    "record_check", "interview", "reference"};

const char *const scs_severity_codes[SCS_SEV_N] = {"none", "minor", "moderate",
    "serious"};

const char *const scs_audience_codes[SCS_AUDIENCE_N] = {"subject", "sponsor"};

#define NONE    SCS_CASE_NSTATES       /* before a nomination */
#define RESUME  (SCS_CASE_NSTATES + 1) /* the state a return left */
#define SUBJECT SCS_ROLE_SUBJECT
#define OFFICER SCS_ROLE_SECURITY_OFFICER
#define INVEST  SCS_ROLE_INVESTIGATOR
#define ADJUD   SCS_ROLE_ADJUDICATOR
#define ADMIN   SCS_ROLE_ADMIN
#define RULE    SCS_CASE_BY_RULE

/*
 * The lifecycle of DESIGN.md section 4, one row per transition.  A return
 * sends named sections back to the subject from submitted, investigating
 * or adjudicating; the certified correction resumes the state it left.  An
 * interim grant is a decision that a later grant or denial completes.  A
 * complaint upheld goes back to adjudication.  Withdrawal is open to the
 * subject and the sponsor until a decision.
 */
static const struct transition {
	unsigned from; /* enum scs_case_state, or NONE */
	enum scs_case_event event;
	unsigned who; /* role bits, SCS_CASE_BY_RULE */
	unsigned to;  /* enum scs_case_state, or RESUME */
} lifecycle[] = {
    {NONE, SCS_EV_NOMINATE, OFFICER | ADMIN, SCS_CASE_AWAITING_CONSENT},
    {SCS_CASE_AWAITING_CONSENT, SCS_EV_CONSENT, SUBJECT,
        SCS_CASE_QUESTIONNAIRE},
    {SCS_CASE_AWAITING_CONSENT, SCS_EV_REFUSE, SUBJECT, SCS_CASE_REFUSED},
    {SCS_CASE_QUESTIONNAIRE, SCS_EV_SUBMIT, SUBJECT, RESUME},
    {SCS_CASE_SUBMITTED, SCS_EV_ASSIGN, ADJUD | ADMIN, SCS_CASE_INVESTIGATING},
    {SCS_CASE_INVESTIGATING, SCS_EV_ASSIGN, ADJUD | ADMIN,
        SCS_CASE_INVESTIGATING},
    {SCS_CASE_SUBMITTED, SCS_EV_RETURN, INVEST | ADJUD, SCS_CASE_QUESTIONNAIRE},
    {SCS_CASE_INVESTIGATING, SCS_EV_RETURN, INVEST | ADJUD,
        SCS_CASE_QUESTIONNAIRE},
    {SCS_CASE_ADJUDICATING, SCS_EV_RETURN, INVEST | ADJUD,
        SCS_CASE_QUESTIONNAIRE},
    {SCS_CASE_INVESTIGATING, SCS_EV_CLOSE, INVEST, SCS_CASE_ADJUDICATING},
    {SCS_CASE_ADJUDICATING, SCS_EV_GRANT, ADJUD | RULE, SCS_CASE_GRANTED},
    {SCS_CASE_ADJUDICATING, SCS_EV_INTERIM, ADJUD, SCS_CASE_INTERIM},
    {SCS_CASE_ADJUDICATING, SCS_EV_DENY, ADJUD, SCS_CASE_DENIED},
    {SCS_CASE_INTERIM, SCS_EV_GRANT, ADJUD, SCS_CASE_GRANTED},
    {SCS_CASE_INTERIM, SCS_EV_DENY, ADJUD, SCS_CASE_DENIED},
    {SCS_CASE_DENIED, SCS_EV_COMPLAIN, SUBJECT, SCS_CASE_COMPLAINT},
    {SCS_CASE_COMPLAINT, SCS_EV_UPHOLD, ADJUD, SCS_CASE_ADJUDICATING},
    {SCS_CASE_COMPLAINT, SCS_EV_REJECT, ADJUD, SCS_CASE_REJECTED},
    {SCS_CASE_AWAITING_CONSENT, SCS_EV_WITHDRAW, SUBJECT | OFFICER,
        SCS_CASE_WITHDRAWN},
    {SCS_CASE_QUESTIONNAIRE, SCS_EV_WITHDRAW, SUBJECT | OFFICER,
        SCS_CASE_WITHDRAWN},
    {SCS_CASE_SUBMITTED, SCS_EV_WITHDRAW, SUBJECT | OFFICER,
        SCS_CASE_WITHDRAWN},
    {SCS_CASE_INVESTIGATING, SCS_EV_WITHDRAW, SUBJECT | OFFICER,
        SCS_CASE_WITHDRAWN},
    {SCS_CASE_ADJUDICATING, SCS_EV_WITHDRAW, SUBJECT | OFFICER,
        SCS_CASE_WITHDRAWN},
};

static int
parse_code(const char *const *codes, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(codes[i], s) == 0)
			return (int)i;
	return -1;
}

int
scs_case_state_parse(const char *s, enum scs_case_state *out)
{
	int i = parse_code(scs_case_state_codes, SCS_CASE_NSTATES, s);

	if (i < 0)
		return -1;
	*out = (enum scs_case_state)i;
	return 0;
}

int
scs_case_next(enum scs_case_state from, enum scs_case_event event, unsigned who,
    const char *resume, enum scs_case_state *out)
{
	enum scs_case_state back;
	size_t i;

	for (i = 0; i < SCS_NELEM(lifecycle); i++) {
		const struct transition *t = &lifecycle[i];

		if (t->from != (unsigned)from || t->event != event)
			continue;
		if ((t->who & who) == 0)
			return SCS_EDENIED;
		if (t->to != RESUME) {
			*out = (enum scs_case_state)t->to;
			return SCS_OK;
		}
		/* A correction resumes the state the return left, which
		 * only a return could have set. */
		if (resume == NULL || resume[0] == '\0') {
			*out = SCS_CASE_SUBMITTED;
			return SCS_OK;
		}
		if (scs_case_state_parse(resume, &back) != 0 ||
		    (back != SCS_CASE_SUBMITTED &&
		        back != SCS_CASE_INVESTIGATING &&
		        back != SCS_CASE_ADJUDICATING))
			return SCS_ECONFLICT;
		*out = back;
		return SCS_OK;
	}
	return SCS_ECONFLICT;
}

unsigned
scs_case_events_from(enum scs_case_state from)
{
	unsigned m = 0;
	size_t i;

	for (i = 0; i < SCS_NELEM(lifecycle); i++)
		if (lifecycle[i].from == (unsigned)from)
			m |= 1U << lifecycle[i].event;
	return m;
}

bool
scs_case_open(enum scs_case_state s)
{
	switch (s) {
	case SCS_CASE_AWAITING_CONSENT:
	case SCS_CASE_QUESTIONNAIRE:
	case SCS_CASE_SUBMITTED:
	case SCS_CASE_INVESTIGATING:
	case SCS_CASE_ADJUDICATING:
	case SCS_CASE_INTERIM:
	case SCS_CASE_COMPLAINT:
		return true;
	default:
		return false;
	}
}

bool
scs_case_decided(enum scs_case_state s)
{
	switch (s) {
	case SCS_CASE_GRANTED:
	case SCS_CASE_INTERIM:
	case SCS_CASE_DENIED:
	case SCS_CASE_COMPLAINT:
	case SCS_CASE_REJECTED:
		return true;
	default:
		return false;
	}
}

enum scs_case_outcome
scs_case_outcome(enum scs_case_state s)
{
	switch (s) {
	case SCS_CASE_GRANTED:
		return SCS_OUTCOME_GRANTED;
	case SCS_CASE_INTERIM:
		return SCS_OUTCOME_INTERIM;
	case SCS_CASE_DENIED:
	case SCS_CASE_COMPLAINT:
	case SCS_CASE_REJECTED:
		return SCS_OUTCOME_DENIED;
	case SCS_CASE_REFUSED:
	case SCS_CASE_WITHDRAWN:
		return SCS_OUTCOME_NOT_COMPLETED;
	default:
		return SCS_OUTCOME_IN_PROGRESS;
	}
}

enum scs_phase
scs_case_phase(enum scs_case_state s)
{
	switch (s) {
	case SCS_CASE_AWAITING_CONSENT:
		return SCS_PHASE_CONSENT;
	case SCS_CASE_QUESTIONNAIRE:
		return SCS_PHASE_QUESTIONNAIRE;
	case SCS_CASE_SUBMITTED:
		return SCS_PHASE_INITIATION;
	case SCS_CASE_INVESTIGATING:
		return SCS_PHASE_INVESTIGATION;
	case SCS_CASE_ADJUDICATING:
		return SCS_PHASE_ADJUDICATION;
	default:
		return SCS_PHASE_N;
	}
}

int
scs_case_expected(const struct scs_case *c,
    const int64_t targets_days[SCS_PHASE_N], int64_t now, int64_t *out)
{
	enum scs_phase cur = scs_case_phase(c->state), next;
	enum scs_case_state resume;
	int64_t end;
	int i;

	if (cur == SCS_PHASE_N)
		return SCS_ECONFLICT;
	for (i = 0; i < SCS_PHASE_N; i++)
		/* policy.c admits at most 36525 days */
		if (targets_days[i] < 0 || targets_days[i] > 36525)
			return SCS_EINVAL;
	next = (enum scs_phase)(cur + 1);
	if (cur == SCS_PHASE_QUESTIONNAIRE && c->resume[0] != '\0' &&
	    scs_case_state_parse(c->resume, &resume) == SCS_OK &&
	    scs_case_phase(resume) != SCS_PHASE_N &&
	    scs_case_phase(resume) > cur)
		next = scs_case_phase(resume);
	end = c->since + targets_days[cur] * 86400;
	if (end < now)
		end = now;
	for (i = (int)next; i < SCS_PHASE_N; i++)
		end += targets_days[i] * 86400;
	*out = end;
	return SCS_OK;
}

void
scs_case_move(struct scs_case *c, enum scs_case_state to, int64_t at)
{
	enum scs_phase p = scs_case_phase(c->state);

	if (p != SCS_PHASE_N && at > c->since)
		c->phase_s[p] += at - c->since;
	c->state = to;
	c->since = at;
}

/* ---- validity ---- */

static int
valid_code(int v, int n, const char *field, struct scs_err *err)
{
	if (v < 0 || v >= n)
		return scs_err_set(err, SCS_EINVAL, field, "unknown code");
	return SCS_OK;
}

static int
valid_time(int64_t t, const char *field, struct scs_err *err)
{
	if (t < SCS_TIME_MIN || t >= SCS_TIME_MAX)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be between 1900 and 2199");
	return SCS_OK;
}

static int
valid_section(const char *s, const char *field, struct scs_err *err)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > SCS_SECTION_MAX)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be 1 to %d bytes", SCS_SECTION_MAX);
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return scs_err_set(err, SCS_EINVAL, field,
			    "may hold only a-z, 0-9 and '_'");
	return SCS_OK;
}

/* What the sponsor wrote at the nomination, and what a case is. */
static int
valid_nomination(const struct scs_refdata *rd, const struct scs_case *c,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(c->id, "id", err)) != SCS_OK ||
	    (rc = scs_valid_id(c->person, "person", err)) != SCS_OK ||
	    (rc = scs_valid_level(rd, c->authority, c->level, err)) != SCS_OK ||
	    (rc = scs_valid_id(c->sponsor, "sponsor", err)) != SCS_OK ||
	    (rc = scs_valid_text(c->need, SCS_NEED_MAX, "need", err)) !=
	        SCS_OK ||
	    (rc = valid_code((int)c->type, SCS_CASE_NTYPES, "type", err)) !=
	        SCS_OK ||
	    (rc = valid_code((int)c->state, SCS_CASE_NSTATES, "state", err)) !=
	        SCS_OK ||
	    (rc = valid_time(c->opened, "opened", err)) != SCS_OK ||
	    (rc = valid_time(c->since, "since", err)) != SCS_OK)
		return rc;
	if (c->since < c->opened)
		return scs_err_set(err, SCS_EINVAL, "since",
		    "must not be before opened");
	if (c->prior[0] != '\0' &&
	    (rc = scs_valid_id(c->prior, "prior", err)) != SCS_OK)
		return rc;
	if (c->type == SCS_CASE_REINVESTIGATION && c->prior[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "prior",
		    "a reinvestigation names its earlier case");
	if (c->type == SCS_CASE_INITIAL && c->prior[0] != '\0')
		return scs_err_set(err, SCS_EINVAL, "prior",
		    "an initial assessment has no earlier case");
	return SCS_OK;
}

/* Consent, and sections returned for correction. */
static int
valid_progress(const struct scs_case *c, struct scs_err *err)
{
	enum scs_case_state resume;
	size_t i;
	int rc;

	if (c->body[0] != '\0' &&
	    (rc = scs_valid_id(c->body, "body", err)) != SCS_OK)
		return rc;
	if (c->consent_version[0] != '\0' &&
	    (rc = scs_valid_id(c->consent_version, "consent_version", err)) !=
	        SCS_OK)
		return rc;
	if (c->consent_version[0] == '\0' &&
	    c->state != SCS_CASE_AWAITING_CONSENT &&
	    c->state != SCS_CASE_REFUSED && c->state != SCS_CASE_WITHDRAWN)
		return scs_err_set(err, SCS_EINVAL, "consent_version",
		    "a case past consent names the notice agreed to");
	for (i = 0; i < c->nreturned; i++)
		if ((rc = valid_section(c->returned[i], "returned", err)) !=
		    SCS_OK)
			return rc;
	if (c->resume[0] != '\0' &&
	    (scs_case_state_parse(c->resume, &resume) != 0 ||
	        (resume != SCS_CASE_SUBMITTED &&
	            resume != SCS_CASE_INVESTIGATING &&
	            resume != SCS_CASE_ADJUDICATING)))
		return scs_err_set(err, SCS_EINVAL, "resume",
		    "must be submitted, investigating or adjudicating");
	if ((c->nreturned > 0 || c->resume[0] != '\0') &&
	    c->state != SCS_CASE_QUESTIONNAIRE)
		return scs_err_set(err, SCS_EINVAL, "returned",
		    "sections are returned only to a case in questionnaire");
	return SCS_OK;
}

/* The decision, the complaint window and the phase clocks. */
static int
valid_decision(const struct scs_case *c, struct scs_err *err)
{
	size_t i;
	int rc;

	if (c->has_decided &&
	    (rc = valid_time(c->decided, "decided", err)) != SCS_OK)
		return rc;
	if (c->has_decided && c->decided < c->opened)
		return scs_err_set(err, SCS_EINVAL, "decided",
		    "must not be before opened");
	if (scs_case_decided(c->state) && !c->has_decided)
		return scs_err_set(err, SCS_EINVAL, "decided",
		    "a decided case says when");
	if (c->decided_by[0] != '\0' &&
	    (rc = scs_valid_text(c->decided_by, SCS_ACTOR_MAX, "decided_by",
	         err)) != SCS_OK)
		return rc;
	if (c->has_complaint_until &&
	    (rc = valid_time(c->complaint_until, "complaint_until", err)) !=
	        SCS_OK)
		return rc;
	for (i = 0; i < SCS_PHASE_N; i++)
		if (c->phase_s[i] < 0 || c->phase_s[i] > SCS_TIME_MAX)
			return scs_err_set(err, SCS_EINVAL, scs_phase_codes[i],
			    "must be a number of seconds >= 0");
	return SCS_OK;
}

int
scs_case_validate(const struct scs_refdata *rd, const struct scs_case *c,
    struct scs_err *err)
{
	int rc;

	if ((rc = valid_nomination(rd, c, err)) != SCS_OK ||
	    (rc = valid_progress(c, err)) != SCS_OK)
		return rc;
	return valid_decision(c, err);
}

int
scs_stamp_validate(const struct scs_stamp *e, struct scs_err *err)
{
	enum scs_case_state from;
	int rc;

	if ((rc = scs_valid_id(e->case_id, "case_id", err)) != SCS_OK)
		return rc;
	if (e->seq < 1 || e->seq > 1000000)
		return scs_err_set(err, SCS_EINVAL, "seq",
		    "must be 1 to 1000000");
	if ((rc = valid_time(e->at, "at", err)) != SCS_OK ||
	    (rc = scs_valid_text(e->actor, SCS_ACTOR_MAX, "actor", err)) !=
	        SCS_OK ||
	    (rc = valid_code((int)e->event, SCS_EV_N, "event", err)) !=
	        SCS_OK ||
	    (rc = valid_code((int)e->state, SCS_CASE_NSTATES, "state", err)) !=
	        SCS_OK)
		return rc;
	if (e->from_state[0] == '\0'
	        ? e->event != SCS_EV_NOMINATE
	        : scs_case_state_parse(e->from_state, &from) != 0)
		return scs_err_set(err, SCS_EINVAL, "from_state",
		    "must be a state (empty only for a nomination)");
	return SCS_OK;
}

int
scs_answers_validate(const struct scs_answers *a, struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(a->case_id, "case_id", err)) != SCS_OK ||
	    (rc = valid_section(a->section, "section", err)) != SCS_OK)
		return rc;
	return valid_time(a->saved, "saved", err);
}

int
scs_finding_validate(const struct scs_finding *f, struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(f->case_id, "case_id", err)) != SCS_OK)
		return rc;
	if (f->seq < 1 || f->seq > 1000000)
		return scs_err_set(err, SCS_EINVAL, "seq",
		    "must be 1 to 1000000");
	if ((rc = valid_section(f->item, "item", err)) != SCS_OK ||
	    (rc = valid_code((int)f->source, SCS_SRC_N, "source", err)) !=
	        SCS_OK ||
	    (rc = scs_valid_date(f->date, "date", err)) != SCS_OK ||
	    (rc = valid_code((int)f->severity, SCS_SEV_N, "severity", err)) !=
	        SCS_OK ||
	    (rc = scs_valid_text(f->author, SCS_ACTOR_MAX, "author", err)) !=
	        SCS_OK)
		return rc;
	return valid_time(f->at, "at", err);
}

int
scs_notification_validate(const struct scs_notification *n, struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(n->case_id, "case_id", err)) != SCS_OK)
		return rc;
	if (n->seq < 1 || n->seq > 1000000)
		return scs_err_set(err, SCS_EINVAL, "seq",
		    "must be 1 to 1000000");
	if ((rc = valid_code((int)n->audience, SCS_AUDIENCE_N, "audience",
	         err)) != SCS_OK ||
	    (rc = scs_valid_id(n->person, "person", err)) != SCS_OK ||
	    (rc = scs_valid_id(n->org, "org", err)) != SCS_OK ||
	    (rc = valid_time(n->at, "at", err)) != SCS_OK)
		return rc;
	return valid_section(n->what, "what", err);
}
