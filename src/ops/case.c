/* SPDX-License-Identifier: Apache-2.0 */
/*
 * case.c - vetting a person (DESIGN.md sections 2, 3, 4, 7): nomination,
 * consent, the questionnaire, screening bodies, record checks, findings,
 * adjudication (by a person or by an authority's rule), complaints.
 *
 * Every move of a case asks the lifecycle table (src/core/case.c), runs in
 * one transaction that stamps the history (time, actor) and audits each
 * record it writes.  Who sees what is decided here once:
 *  - the subject: their own cases, answers, decision and reasons;
 *  - the sponsor's security officers and admins: a case's outcome only
 *    ("in_progress", "granted", "interim", "denied", "not_completed"), so
 *    that a refusal never reads apart from a withdrawal;
 *  - investigators: the cases assigned to their screening body;
 *  - adjudicators: every case;
 *  - other roles: nothing (a case outside the actor's sight reads as
 *    missing, with the answer of a case that does not exist).
 * Sealed values (answers, findings' narratives, reasons, notes) are read
 * only by the vetting roles and the subject, each read audited before the
 * data leaves.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/policy.h"
#include "scs/time.h"
#include "ops_int.h"

#define VETTING  SCS_ROLE_VETTING
#define SUBJECT  SCS_ROLE_SUBJECT
#define OFFICER  SCS_ROLE_SECURITY_OFFICER
#define ADJUD    SCS_ROLE_ADJUDICATOR
#define INVEST   SCS_ROLE_INVESTIGATOR
#define ADMIN    SCS_ROLE_ADMIN
#define ID_TRIES 8

/* How much of a case the actor may see. */
enum view { VIEW_NONE, VIEW_SPONSOR, VIEW_FULL };

static enum view
view_of(const struct scs_ctx *c, const struct scs_case *k)
{
	if (c->actor.kind == SCS_ACTOR_OS)
		return VIEW_FULL;
	if (c->actor.kind != SCS_ACTOR_USER)
		return VIEW_NONE;
	switch (c->actor.role) {
	case SCS_ROLE_ADJUDICATOR:
		return VIEW_FULL;
	case SCS_ROLE_INVESTIGATOR:
		return k->body[0] != '\0' && strcmp(k->body, c->actor.org) == 0
		    ? VIEW_FULL
		    : VIEW_NONE;
	case SCS_ROLE_SUBJECT:
		return strcmp(k->person, c->actor.person) == 0 ? VIEW_FULL
		                                               : VIEW_NONE;
	case SCS_ROLE_SECURITY_OFFICER:
		return strcmp(k->sponsor, c->actor.org) == 0 ? VIEW_SPONSOR
		                                             : VIEW_NONE;
	case SCS_ROLE_ADMIN:
		return VIEW_SPONSOR;
	default:
		return VIEW_NONE;
	}
}

/* The role bit the lifecycle table knows the actor by; the command line
 * acts with every role but the rule's. */
static unsigned
who(const struct scs_ctx *c)
{
	if (c->actor.kind == SCS_ACTOR_OS)
		return SCS_ROLE_ANY;
	return c->actor.kind == SCS_ACTOR_USER ? (unsigned)c->actor.role : 0;
}

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

static struct scs_record *
rec_new(enum scs_kind kind)
{
	struct scs_record *r = malloc(sizeof(*r));

	if (r != NULL)
		scs_record_init(r, kind);
	return r;
}

static void
rec_free(struct scs_record *r)
{
	if (r != NULL) {
		scs_record_clear(r);
		free(r);
	}
}

/* Write @r and audit it as @action, inside the open transaction. */
static int
put(struct scs_ctx *c, const struct scs_record *r, enum scs_put_mode mode,
    const char *action, const char *purpose, struct scs_err *err)
{
	char key[3 * SCS_ID_MAX];
	uint8_t state[32];
	int rc;

	if ((rc = scs_store_rec_put(c->st, r, mode, err)) != SCS_OK)
		return rc;
	scs_record_object(r, key, sizeof(key));
	scs_op_state(r, state);
	return scs_op_audit(c, action, scs_kind_name(r->kind), key, state,
	    purpose, err);
}

/*
 * Read case @id into @r for an actor who needs at least @need of it.  A
 * case the actor may not see at all is missing; one seen only as its
 * sponsor sees it, when more is needed, is a refusal that says no more.
 */
static int
load(struct scs_ctx *c, const char *id, enum view need, struct scs_record *r,
    struct scs_err *err)
{
	enum view v;
	int rc;

	if (scs_valid_id(id, "id", err) != SCS_OK)
		return SCS_EINVAL;
	scs_record_init(r, SCS_KIND_CASE);
	(void)scs_strlcpy(r->u.vcase.id, id, sizeof(r->u.vcase.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	v = rc == SCS_OK ? view_of(c, &r->u.vcase) : VIEW_NONE;
	if (rc == SCS_ENOTFOUND || (rc == SCS_OK && v == VIEW_NONE))
		return scs_err_set(err, SCS_ENOTFOUND, "case", "no case \"%s\"",
		    id);
	if (rc == SCS_OK && v < need)
		return scs_err_set(err, SCS_EDENIED, "case",
		    "the %s role sees only the outcome of a case",
		    scs_role_name(c->actor.role));
	return rc;
}

/* Open sealed field @field of @r, when it holds a value, into @o (a
 * string for a text, else its JSON). */
static int
open_one(struct scs_ctx *c, const struct scs_record *r, const char *field,
    json_t *o, struct scs_err *err)
{
	const struct scs_field *f =
	    scs_kind_field(scs_kind_def(r->kind), field);
	const struct scs_blob *b = SCS_FIELD_CPTR(&r->u, f);
	json_error_t jerr;
	char *text = NULL;
	size_t len = 0;
	json_t *v;
	int rc;

	if (b->len == 0)
		return SCS_OK;
	if ((rc = scs_op_open_field(c, r, field, &text, &len, err)) != SCS_OK)
		return rc;
	v = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
	scs_crypto_secfree(text);
	if (v == NULL)
		return scs_err_set(err, SCS_ECORRUPT, field,
		    "sealed value does not parse");
	return json_object_set_new(o, field, v) == 0 ? SCS_OK : oom(err);
}

static int answers_doc(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);

/* ---- the views of a case ---- */

static json_t *
sponsor_json(const struct scs_case *k)
{
	json_t *o = json_object();
	char t[SCS_TIME_STRMAX];

	(void)scs_time_format(k->opened, t);
	scs_codec_put(&o, "id", json_string(k->id));
	scs_codec_put(&o, "person", json_string(k->person));
	scs_codec_put(&o, "authority", json_string(k->authority));
	scs_codec_put(&o, "level", json_string(k->level));
	scs_codec_put(&o, "sponsor", json_string(k->sponsor));
	scs_codec_put(&o, "need", json_string(k->need));
	scs_codec_put(&o, "type", json_string(scs_case_type_codes[k->type]));
	scs_codec_put(&o, "opened", json_string(t));
	scs_codec_put(&o, "outcome",
	    json_string(scs_case_outcome_codes[scs_case_outcome(k->state)]));
	return o;
}

/* What may happen next to a case in @s, as the actor may know it. */
static json_t *
allowed_json(enum scs_case_state s)
{
	unsigned m = scs_case_events_from(s);
	json_t *a = json_array();
	int ev;

	for (ev = 0; ev < SCS_EV_N; ev++)
		if (m & (1U << ev))
			scs_codec_push(&a,
			    json_string(scs_case_event_codes[ev]));
	return a;
}

/* The time by which an open case is expected to be decided under the
 * targets of its authority and level (scs_policy_targets,
 * scs_case_expected), null in no phase. */
static json_t *
expected_json(const struct scs_ctx *c, const struct scs_case *k)
{
	int64_t days[SCS_PHASE_N + 1];
	char t[SCS_TIME_STRMAX];
	int64_t at = 0;

	if (!scs_policy_targets(c->rd->policy, k->authority, k->level, days) ||
	    scs_case_expected(k, days, c->now_us() / 1000000, &at) != SCS_OK ||
	    scs_time_format(at, t) == 0)
		return json_null();
	return json_string(t);
}

static json_t *
case_json(const struct scs_ctx *c, const struct scs_record *r)
{
	const struct scs_case *k = &r->u.vcase;
	enum scs_phase p = scs_case_phase(k->state);
	json_t *o;

	if (view_of(c, k) != VIEW_FULL)
		return sponsor_json(k);
	o = scs_codec_rec_json(r, 0);
	scs_codec_put(&o, "phase",
	    p != SCS_PHASE_N ? json_string(scs_phase_codes[p]) : json_null());
	scs_codec_put(&o, "outcome",
	    json_string(scs_case_outcome_codes[scs_case_outcome(k->state)]));
	scs_codec_put(&o, "allowed", allowed_json(k->state));
	scs_codec_put(&o, "expected", expected_json(c, k));
	return o;
}

/* The answer to an event the lifecycle refuses: 409 naming the state
 * and what may happen (as far as the actor may know the state), or 403
 * for a role the event is not for. */
static int
refuse(const struct scs_ctx *c, const struct scs_case *k,
    enum scs_case_event ev, int rc, struct scs_err *err)
{
	unsigned m = scs_case_events_from(k->state);
	char list[256];
	size_t at = 0;
	int e, n;

	if (rc == SCS_EDENIED)
		return scs_err_set(err, SCS_EDENIED, "case",
		    "the %s role may not %s a case",
		    c->actor.kind == SCS_ACTOR_USER
		        ? scs_role_name(c->actor.role)
		        : "anonymous",
		    scs_case_event_codes[ev]);
	if (view_of(c, k) != VIEW_FULL)
		return scs_err_set(err, SCS_ECONFLICT, "outcome",
		    "the case is %s: it cannot %s now",
		    scs_case_outcome_codes[scs_case_outcome(k->state)],
		    scs_case_event_codes[ev]);
	list[0] = '\0';
	for (e = 0; e < SCS_EV_N; e++) {
		if (!(m & (1U << e)))
			continue;
		n = snprintf(list + at, sizeof(list) - at, "%s%s",
		    at ? ", " : "", scs_case_event_codes[e]);
		if (n < 0 || (size_t)n >= sizeof(list) - at)
			break;
		at += (size_t)n;
	}
	return scs_err_set(err, SCS_ECONFLICT, "state",
	    "the case is %s; allowed now: %s", scs_case_state_codes[k->state],
	    at ? list : "nothing");
}

/* The highest sequence number of @kind's records of case @id. */
struct last {
	int64_t seq;
};

static int
last_seq_cb(void *arg, const struct scs_record *r)
{
	struct last *l = arg;
	int64_t s = r->kind == SCS_KIND_STAMP ? r->u.stamp.seq
	    : r->kind == SCS_KIND_FINDING     ? r->u.finding.seq
	                                      : r->u.notification.seq;

	if (s > l->seq)
		l->seq = s;
	return SCS_OK;
}

static int
next_seq(struct scs_ctx *c, enum scs_kind kind, const char *id, int64_t *out,
    struct scs_err *err)
{
	struct scs_rec_query q;
	struct last l = {0};
	int rc;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = "case_id";
	q.eq[0].value = id;
	q.lean = true;
	rc = scs_store_rec_query(c->st, kind, &q, last_seq_cb, &l, err);
	*out = l.seq + 1;
	return rc;
}

static void
actor_name(const struct scs_ctx *c, char *out, size_t size)
{
	(void)scs_strlcpy(out, c->actor.name, size);
}

/* Tell the subject (and, for @sponsor_what, the sponsor) what happened:
 * codes only.  The sponsor's notice is dated by the day alone. */
static int
notify(struct scs_ctx *c, const struct scs_case *k, const char *subject_what,
    const char *sponsor_what, int64_t now, struct scs_err *err)
{
	struct scs_record *n = rec_new(SCS_KIND_NOTIFICATION);
	int64_t seq;
	int rc = SCS_OK, i;

	if (n == NULL)
		return oom(err);
	for (i = 0; rc == SCS_OK && i < SCS_AUDIENCE_N; i++) {
		const char *what =
		    i == SCS_TO_SUBJECT ? subject_what : sponsor_what;
		struct scs_notification *x = &n->u.notification;

		if (what == NULL)
			continue;
		if ((rc = next_seq(c, SCS_KIND_NOTIFICATION, k->id, &seq,
		         err)) != SCS_OK)
			break;
		scs_record_init(n, SCS_KIND_NOTIFICATION);
		(void)scs_strlcpy(x->case_id, k->id, sizeof(x->case_id));
		x->seq = seq;
		x->audience = (enum scs_audience)i;
		(void)scs_strlcpy(x->person, k->person, sizeof(x->person));
		(void)scs_strlcpy(x->org, k->sponsor, sizeof(x->org));
		x->at = i == SCS_TO_SPONSOR ? now - now % 86400 : now;
		(void)scs_strlcpy(x->what, what, sizeof(x->what));
		rc = put(c, n, SCS_PUT_INSERT, "create", NULL, err);
	}
	rec_free(n);
	return rc;
}

/*
 * Move case @r on @ev at @now, stamped with @actor (NULL: the context's
 * actor), inside the open transaction: the lifecycle decides, the phase
 * clocks run, the case and its stamp are written and audited.
 */
static int
move(struct scs_ctx *c, struct scs_record *r, enum scs_case_event ev,
    unsigned by, const char *actor, int64_t now, struct scs_err *err)
{
	struct scs_case *k = &r->u.vcase;
	char detail[SCS_PURPOSE_MAX + 1];
	struct scs_record *s;
	enum scs_case_state to;
	int rc;

	if ((rc = scs_case_next(ev == SCS_EV_NOMINATE ? SCS_CASE_NSTATES
	                                              : k->state,
	         ev, by, k->resume, &to)) != SCS_OK)
		return refuse(c, k, ev, rc, err);
	if ((s = rec_new(SCS_KIND_STAMP)) == NULL)
		return oom(err);
	(void)scs_strlcpy(s->u.stamp.case_id, k->id,
	    sizeof(s->u.stamp.case_id));
	if ((rc = next_seq(c, SCS_KIND_STAMP, k->id, &s->u.stamp.seq, err)) !=
	    SCS_OK) {
		rec_free(s);
		return rc;
	}
	s->u.stamp.at = now;
	if (actor != NULL)
		(void)scs_strlcpy(s->u.stamp.actor, actor,
		    sizeof(s->u.stamp.actor));
	else
		actor_name(c, s->u.stamp.actor, sizeof(s->u.stamp.actor));
	s->u.stamp.event = ev;
	if (ev != SCS_EV_NOMINATE)
		(void)scs_strlcpy(s->u.stamp.from_state,
		    scs_case_state_codes[k->state],
		    sizeof(s->u.stamp.from_state));
	s->u.stamp.state = to;
	/* Returned sections belong to a case in questionnaire only: a
	 * correction certified (it resumes), or a withdrawal, ends them. */
	if (to != SCS_CASE_QUESTIONNAIRE) {
		k->nreturned = 0;
		k->resume[0] = '\0';
	}
	if (ev != SCS_EV_NOMINATE)
		scs_case_move(k, to, now);
	/* What the annual report counts the event by (docs/oversight.md),
	 * so that the log alone gives it. */
	(void)snprintf(detail, sizeof(detail),
	    "organ=%s authority=%s level=%s type=%s", k->sponsor, k->authority,
	    k->level, scs_case_type_codes[k->type]);
	rc = put(c, r, ev == SCS_EV_NOMINATE ? SCS_PUT_INSERT : SCS_PUT_UPDATE,
	    scs_case_event_codes[ev], detail, err);
	if (rc == SCS_OK)
		rc = put(c, s, SCS_PUT_INSERT, "create", NULL, err);
	rec_free(s);
	return rc;
}

/* ---- nomination ---- */

/*
 * The sponsor must be the person's employer: a government organ, or a
 * contractor or research institution holding a conforming-business
 * approval under the case's authority, valid now, at a rank at least the
 * level's (DESIGN.md sections 3 and 5, rule 9).
 */
struct approval {
	const struct scs_refdata *rd;
	int rank;
	bool found;
};

static int
approval_cb(void *arg, const struct scs_record *r)
{
	struct approval *a = arg;
	const struct scs_level *l = scs_refdata_level(a->rd,
	    r->u.conforming.authority, r->u.conforming.level);

	if (l != NULL && l->rank >= a->rank)
		a->found = true;
	return SCS_OK;
}

static int
check_sponsor(struct scs_ctx *c, const struct scs_case *k,
    const struct scs_org *o, int64_t now, struct scs_err *err)
{
	const struct scs_level *l =
	    scs_refdata_level(c->rd, k->authority, k->level);
	struct approval a = {c->rd, l != NULL ? l->rank : 0, false};
	struct scs_rec_query q;
	int rc;

	if (o->type == SCS_ORG_GOVERNMENT)
		return SCS_OK;
	if (o->type != SCS_ORG_CONTRACTOR && o->type != SCS_ORG_RESEARCH)
		return scs_err_set(err, SCS_EINVAL, "person",
		    "the person's employer \"%s\" is a %s: only a government "
		    "organ, or a contractor or research institution holding a "
		    "conforming approval, sponsors a case",
		    o->id, scs_org_type_name(o->type));
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "org";
	q.eq[0].value = o->id;
	q.eq[1].field = "authority";
	q.eq[1].value = k->authority;
	q.has_at = true;
	q.at = now;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CONFORMING, &q,
	         approval_cb, &a, err)) != SCS_OK)
		return rc;
	if (!a.found)
		return scs_err_set(err, SCS_EINVAL, "level",
		    "\"%s\" holds no conforming-business approval under %s "
		    "valid now at a rank of at least %s's",
		    o->id, k->authority, k->level);
	return SCS_OK;
}

struct open_case {
	const char *authority;
	char id[SCS_CASE_ID_MAX + 1];
};

static int
open_cb(void *arg, const struct scs_record *r)
{
	struct open_case *o = arg;

	if (strcmp(r->u.vcase.authority, o->authority) == 0 &&
	    scs_case_open(r->u.vcase.state))
		(void)scs_strlcpy(o->id, r->u.vcase.id, sizeof(o->id));
	return SCS_OK;
}

/* The person's subject account: made now, with a one-time code for the
 * sponsor to hand over, unless the person has one. */
static int
subject_account(struct scs_ctx *c, const struct scs_person *p,
    char out_user[SCS_ID_MAX + 1], char out_code[SCS_CODE_LEN + 1],
    struct scs_err *err)
{
	struct scs_user u, got;
	char why[SCS_ID_MAX + 16];
	uint8_t state[32];
	int rc, i;

	out_user[0] = out_code[0] = '\0';
	memset(&u, 0, sizeof(u));
	(void)scs_strlcpy(u.org, p->org, sizeof(u.org));
	(void)scs_strlcpy(u.person, p->id, sizeof(u.person));
	u.role = SCS_ROLE_SUBJECT;
	u.created = c->now_us() / 1000000;
	/* The account is named after the person; a name taken by another
	 * account gets a suffix. */
	for (i = 0; i < 3; i++) {
		(void)snprintf(u.id, sizeof(u.id), "%.*s%s", SCS_ID_MAX - 10,
		    p->id,
		    i == 0       ? ""
		        : i == 1 ? ".subject"
		                 : ".subject2");
		rc = scs_store_user_get(c->st, u.id, &got, err);
		if (rc == SCS_OK && got.role == SCS_ROLE_SUBJECT &&
		    strcmp(got.person, p->id) == 0)
			return SCS_OK; /* the person's own: nothing to do */
		if (rc == SCS_ENOTFOUND)
			break;
		if (rc != SCS_OK)
			return rc;
	}
	if (i == 3)
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "no free account name for \"%s\"", p->id);
	scs_err_clear(err);
	scs_crypto_code(out_code);
	(void)scs_crypto_code_hash(out_code, u.activation_hash);
	u.activation_expires = u.created + SCS_ACTIVATION_TTL;
	scs_op_state_user(&u, state);
	(void)snprintf(why, sizeof(why), "person %s", p->id);
	rc = scs_store_user_put(c->st, &u, SCS_PUT_INSERT, err);
	if (rc == SCS_ECONFLICT && strcmp(err->field, "person") == 0) {
		/* An account of the person under another name. */
		scs_err_clear(err);
		scs_crypto_wipe(out_code, SCS_CODE_LEN + 1);
		out_code[0] = '\0';
		return SCS_OK;
	}
	if (rc == SCS_OK)
		rc = scs_op_audit(c, "create", "user", u.id, state, why, err);
	if (rc == SCS_OK)
		(void)scs_strlcpy(out_user, u.id, SCS_ID_MAX + 1);
	else
		scs_crypto_wipe(out_code, SCS_CODE_LEN + 1);
	return rc;
}

static void
new_case_id(char out[SCS_CASE_ID_MAX + 1])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint8_t r[10];
	size_t i;

	scs_crypto_random(r, sizeof(r));
	out[0] = 'C';
	out[1] = '-';
	for (i = 0; i < sizeof(r); i++)
		out[2 + i] = b32[r[i] & 31];
	out[2 + sizeof(r)] = '\0';
}

struct prior {
	const char *authority;
	char id[SCS_CASE_ID_MAX + 1];
	int64_t decided;
};

static int
prior_cb(void *arg, const struct scs_record *r)
{
	struct prior *p = arg;
	const struct scs_case *k = &r->u.vcase;

	if (strcmp(k->authority, p->authority) == 0 &&
	    k->state == SCS_CASE_GRANTED && k->has_decided &&
	    (p->id[0] == '\0' || k->decided > p->decided)) {
		(void)scs_strlcpy(p->id, k->id, sizeof(p->id));
		p->decided = k->decided;
	}
	return SCS_OK;
}

/* A reinvestigation continues the person's last granted case under the
 * same authority: its answers come forward at consent. */
static int
find_prior(struct scs_ctx *c, struct scs_case *k, struct scs_err *err)
{
	struct prior p = {k->authority, "", 0};
	struct scs_rec_query q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = k->person;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, prior_cb, &p,
	         err)) != SCS_OK)
		return rc;
	if (p.id[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "type",
		    "\"%s\" has no granted case under %s to reinvestigate: "
		    "nominate an initial assessment",
		    k->person, k->authority);
	(void)scs_strlcpy(k->prior, p.id, sizeof(k->prior));
	return SCS_OK;
}

static int
nominate_check(struct scs_ctx *c, struct scs_case *k, int64_t now,
    struct scs_err *err)
{
	struct open_case oc = {k->authority, ""};
	struct scs_rec_query q;
	struct scs_org o;
	int rc;

	if (c->actor.kind == SCS_ACTOR_USER && c->actor.role == OFFICER &&
	    strcmp(c->actor.org, k->sponsor) != 0) {
		/* Another organization's staff read as missing. */
		return scs_err_set(err, SCS_EINVAL, "person",
		    "no person \"%s\"", k->person);
	}
	/* A review is the register's own doing, not a sponsor's need: the
	 * employer needs no standing to have its staff reviewed. */
	if ((rc = scs_store_org_get(c->st, k->sponsor, &o, err)) != SCS_OK ||
	    (k->type != SCS_CASE_REVIEW &&
	        (rc = check_sponsor(c, k, &o, now, err)) != SCS_OK))
		return rc;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = k->person;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, open_cb, &oc,
	         err)) != SCS_OK)
		return rc;
	if (oc.id[0] != '\0')
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "\"%s\" has an open case under %s (%s)", k->person,
		    k->authority, oc.id);
	if (k->type == SCS_CASE_REINVESTIGATION)
		return find_prior(c, k, err);
	return SCS_OK;
}

/* Nominate @r inside the open transaction, acting with the roles @as
 * (the caller's, or every role for a review the register opens). */
static int
nominate_in(struct scs_ctx *c, struct scs_record *r, int64_t now, unsigned as,
    char out_user[SCS_ID_MAX + 1], char out_code[SCS_CODE_LEN + 1],
    struct scs_err *err)
{
	struct scs_case *k = &r->u.vcase;
	struct scs_person p;
	int rc, tries;

	memset(&p, 0, sizeof(p));
	rc = scs_store_person_get(c->st, k->person, &p, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "person",
		    "no person \"%s\"", k->person);
	if (rc != SCS_OK)
		return rc;
	(void)scs_strlcpy(k->sponsor, p.org, sizeof(k->sponsor));
	if ((rc = nominate_check(c, k, now, err)) != SCS_OK)
		goto out;
	for (tries = 0; tries < ID_TRIES; tries++) {
		new_case_id(k->id);
		rc = move(c, r, SCS_EV_NOMINATE, as, NULL, now, err);
		if (rc != SCS_ECONFLICT || strcmp(err->field, "id") != 0)
			break;
	}
	if (rc == SCS_OK)
		rc = subject_account(c, &p, out_user, out_code, err);
	if (rc == SCS_OK)
		rc = notify(c, k, "nominated", NULL, now, err);
out:
	scs_person_clear(&p);
	return rc;
}

int
scs_op_case_nominate(struct scs_ctx *c, struct scs_case *in,
    char out_user[SCS_ID_MAX + 1], char out_code[SCS_CODE_LEN + 1],
    struct scs_err *err)
{
	struct scs_record *r;
	int64_t now = c->now_us() / 1000000;
	int rc;

	out_user[0] = out_code[0] = '\0';
	if ((rc = scs_op_allow(c, OFFICER | ADMIN, "nominate", err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	r->u.vcase = *in;
	memset(&r->u.vcase.decision, 0, sizeof(struct scs_blob));
	memset(&r->u.vcase.complaint, 0, sizeof(struct scs_blob));
	memset(&r->u.vcase.note, 0, sizeof(struct scs_blob));
	(void)scs_strlcpy(r->u.vcase.id, "C-0", sizeof(r->u.vcase.id));
	(void)scs_strlcpy(r->u.vcase.sponsor, "unset",
	    sizeof(r->u.vcase.sponsor));
	r->u.vcase.state = SCS_CASE_AWAITING_CONSENT;
	r->u.vcase.opened = r->u.vcase.since = now;
	if (r->u.vcase.type == SCS_CASE_REVIEW) {
		rc = scs_err_set(err, SCS_EINVAL, "type",
		    "a review is opened from an alert or an incident");
		goto out;
	}
	/* Found in the transaction; a placeholder to pass the rules. */
	(void)scs_strlcpy(r->u.vcase.prior,
	    r->u.vcase.type == SCS_CASE_REINVESTIGATION ? "C-0" : "",
	    sizeof(r->u.vcase.prior));
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = nominate_in(c, r, now, who(c), out_user, out_code, err)) !=
	    SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*in = r->u.vcase;
	memset(&in->decision, 0, sizeof(struct scs_blob));
	memset(&in->complaint, 0, sizeof(struct scs_blob));
	memset(&in->note, 0, sizeof(struct scs_blob));
out:
	if (rc != SCS_OK) {
		scs_crypto_wipe(out_code, SCS_CODE_LEN + 1);
		out_code[0] = out_user[0] = '\0';
	}
	rec_free(r);
	return rc;
}

int
scs_op_case_review_in(struct scs_ctx *c, const char *person,
    const char *authority, const char *level, const char *need,
    const char *body, int64_t now, char out[SCS_CASE_ID_MAX + 1],
    struct scs_err *err)
{
	char user[SCS_ID_MAX + 1], code[SCS_CODE_LEN + 1];
	struct scs_record *r = rec_new(SCS_KIND_CASE);
	struct scs_case *k;
	int rc;

	out[0] = '\0';
	if (r == NULL)
		return oom(err);
	k = &r->u.vcase;
	(void)scs_strlcpy(k->person, person, sizeof(k->person));
	(void)scs_strlcpy(k->authority, authority, sizeof(k->authority));
	(void)scs_strlcpy(k->level, level, sizeof(k->level));
	(void)scs_strlcpy(k->need, need, sizeof(k->need));
	(void)scs_strlcpy(k->id, "C-0", sizeof(k->id));
	(void)scs_strlcpy(k->sponsor, "unset", sizeof(k->sponsor));
	k->type = SCS_CASE_REVIEW;
	k->state = SCS_CASE_AWAITING_CONSENT;
	k->opened = k->since = now;
	/* the body whose investigators raised it follows it */
	(void)scs_strlcpy(k->body, body != NULL ? body : "", sizeof(k->body));
	if ((rc = scs_record_validate(c->rd, r, err)) == SCS_OK &&
	    (rc = nominate_in(c, r, now, SCS_ROLE_ANY, user, code, err)) ==
	        SCS_OK)
		(void)scs_strlcpy(out, k->id, SCS_CASE_ID_MAX + 1);
	scs_crypto_wipe(code, sizeof(code));
	rec_free(r);
	return rc;
}

/* ---- reading cases ---- */

/* The expected decision date of an open case (DESIGN.md section 8: the
 * subject sees the phase and an expected date), null without history. */
static int
add_expected(struct scs_ctx *c, const struct scs_case *k, json_t *o,
    struct scs_err *err)
{
	char day[SCS_TIME_STRMAX], b[3][SCS_TIME_STRMAX];
	int64_t at = 0, band[3] = {0, 0, 0};
	int rc = scs_op_expected_date(c, k, &at, band, err);

	if (rc == SCS_ENOTFOUND || rc == SCS_ECONFLICT) {
		scs_err_clear(err);
		return json_object_set_new(o, "expected_decision",
		           json_null()) == 0 &&
		        json_object_set_new(o, "expected_decision_range",
		            json_null()) == 0
		    ? SCS_OK
		    : oom(err);
	}
	if (rc != SCS_OK)
		return rc;
	/* Days: the date rounded up, the interval out to whole days (the
	 * estimate is no more precise than that). */
	at += (86400 - at % 86400) % 86400;
	band[0] -= band[0] % 86400;
	band[1] += (86400 - band[1] % 86400) % 86400;
	band[2] += (86400 - band[2] % 86400) % 86400;
	(void)scs_time_format(at, day);
	(void)scs_time_format(band[0], b[0]);
	(void)scs_time_format(band[1], b[1]);
	(void)scs_time_format(band[2], b[2]);
	return json_object_set_new(o, "expected_decision", json_string(day)) ==
	            0 &&
	        json_object_set_new(o, "expected_decision_range",
	            json_pack("{s:s, s:s, s:s}", "from", b[0], "mid", b[1],
	                "to", b[2])) == 0
	    ? SCS_OK
	    : oom(err);
}

int
scs_op_case_get(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | SUBJECT | VETTING,
	         "read cases", err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	if ((rc = load(c, id, VIEW_SPONSOR, r, err)) == SCS_OK &&
	    (*out = case_json(c, r)) == NULL)
		rc = oom(err);
	if (rc == SCS_OK && view_of(c, &r->u.vcase) == VIEW_FULL &&
	    scs_case_phase(r->u.vcase.state) != SCS_PHASE_N)
		rc = add_expected(c, &r->u.vcase, *out, err);
	if (rc != SCS_OK) {
		json_decref(*out);
		*out = NULL;
	}
	rec_free(r);
	return rc;
}

struct lister {
	struct scs_ctx *c;
	int (*cb)(void *arg, json_t *j);
	void *arg;
	int state;       /* -1: any */
	bool eadj;       /* only the cases decided by a rule */
	size_t limit, n; /* with @eadj: the page, filled here */
};

static int
list_cb(void *arg, const struct scs_record *r)
{
	struct lister *l = arg;
	json_t *j;

	if (view_of(l->c, &r->u.vcase) == VIEW_NONE ||
	    (l->state >= 0 && (int)r->u.vcase.state != l->state) ||
	    (l->eadj && !r->u.vcase.e_adjudicated) ||
	    (l->eadj && l->limit != 0 && l->n >= l->limit))
		return SCS_OK;
	l->n++;
	if ((j = case_json(l->c, r)) == NULL)
		return SCS_ENOMEM;
	return l->cb(l->arg, j);
}

int
scs_op_case_list(struct scs_ctx *c, const char *state, bool eadj,
    const char *after, size_t limit, int (*cb)(void *arg, json_t *j), void *arg,
    struct scs_err *err)
{
	struct lister l = {c, cb, arg, -1, eadj, limit, 0};
	struct scs_record *cur = NULL;
	struct scs_rec_query q;
	enum scs_case_state s;
	int rc;

	if ((rc = scs_op_allow(c, ADMIN | OFFICER | SUBJECT | VETTING,
	         "list cases", err)) != SCS_OK)
		return rc;
	if (state != NULL && state[0] != '\0') {
		if (scs_case_state_parse(state, &s) != 0)
			return scs_err_set(err, SCS_EINVAL, "state",
			    "unknown state \"%s\"", state);
		l.state = (int)s;
	}
	if (eadj &&
	    (c->actor.role == SCS_ROLE_SECURITY_OFFICER ||
	        c->actor.role == SCS_ROLE_ADMIN))
		return scs_err_set(err, SCS_EDENIED, "e_adjudicated",
		    "the %s role sees only the outcome of a case",
		    scs_role_name(c->actor.role));
	memset(&q, 0, sizeof(q));
	q.lean = true;
	/* The flag is no indexed column: with it, the role's cases are
	 * scanned and the page is cut here (list_cb). */
	q.limit = eadj ? 0 : limit;
	/* Each role's list is one indexed query. */
	if (c->actor.kind == SCS_ACTOR_USER) {
		switch (c->actor.role) {
		case SCS_ROLE_SUBJECT:
			q.eq[0].field = "person";
			q.eq[0].value = c->actor.person;
			break;
		case SCS_ROLE_SECURITY_OFFICER:
			q.eq[0].field = "sponsor";
			q.eq[0].value = c->actor.org;
			break;
		case SCS_ROLE_INVESTIGATOR:
			q.eq[0].field = "body";
			q.eq[0].value = c->actor.org;
			break;
		default:
			break;
		}
	}
	/* A state filter is in the query only for the full views: the
	 * sponsor's view must not filter on what it may not see. */
	if (l.state >= 0 && c->actor.role != SCS_ROLE_SECURITY_OFFICER &&
	    c->actor.role != SCS_ROLE_ADMIN) {
		q.eq[1].field = "state";
		q.eq[1].value = scs_case_state_codes[l.state];
	} else if (l.state >= 0) {
		return scs_err_set(err, SCS_EDENIED, "state",
		    "the %s role sees only the outcome of a case",
		    scs_role_name(c->actor.role));
	}
	if (after != NULL && after[0] != '\0') {
		if ((cur = rec_new(SCS_KIND_CASE)) == NULL)
			return oom(err);
		(void)scs_strlcpy(cur->u.vcase.id, after,
		    sizeof(cur->u.vcase.id));
		q.after = cur;
	}
	rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, list_cb, &l, err);
	if (rc == SCS_ENOMEM)
		(void)oom(err);
	rec_free(cur);
	return rc;
}

struct collect {
	json_t *a;
	unsigned flags;
	struct scs_ctx *c;
	int rc;
	struct scs_err *err;
};

static int
collect_cb(void *arg, const struct scs_record *r)
{
	struct collect *k = arg;
	json_t *j = scs_codec_rec_json(r, 0);
	int rc;

	if (j == NULL)
		return SCS_ENOMEM;
	if (k->flags != 0 &&
	    (rc = scs_op_open_plain(k->c, r, j, k->err)) != SCS_OK) {
		json_decref(j);
		k->rc = rc;
		return rc;
	}
	json_object_del(j, "case_id");
	return json_array_append_new(k->a, j) == 0 ? SCS_OK : SCS_ENOMEM;
}

/* The records of @kind of case @id as a JSON array (sealed values
 * opened when @open). */
static int
records_of(struct scs_ctx *c, enum scs_kind kind, const char *id, bool open,
    json_t **out, struct scs_err *err)
{
	struct collect k = {json_array(), open, c, SCS_OK, err};
	struct scs_rec_query q;
	int rc;

	if (k.a == NULL)
		return oom(err);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "case_id";
	q.eq[0].value = id;
	q.lean = !open;
	rc = scs_store_rec_query(c->st, kind, &q, collect_cb, &k, err);
	if (rc == SCS_ENOMEM && k.rc == SCS_OK)
		rc = oom(err);
	if (rc != SCS_OK) {
		json_decref(k.a);
		return rc;
	}
	*out = k.a;
	return SCS_OK;
}

int
scs_op_case_history(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SUBJECT | VETTING, "read a case's history",
	         err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	if ((rc = load(c, id, VIEW_FULL, r, err)) == SCS_OK)
		rc = records_of(c, SCS_KIND_STAMP, id, false, out, err);
	rec_free(r);
	return rc;
}

/* ---- one event at a time ---- */

/* A change to case @id by the actor: load it in a write transaction,
 * let @fn change it (it moves the case), commit; *@out the new view. */
typedef int (*change_fn)(struct scs_ctx *c, struct scs_record *r, void *arg,
    int64_t now, struct scs_err *err);

static int
change(struct scs_ctx *c, const char *id, unsigned roles, const char *what,
    enum view need, change_fn fn, void *arg, json_t **out, struct scs_err *err)
{
	struct scs_record *r;
	int64_t now = c->now_us() / 1000000;
	int rc;

	if (out != NULL)
		*out = NULL;
	if ((rc = scs_op_allow(c, roles, what, err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, need, r, err)) != SCS_OK ||
	    (rc = fn(c, r, arg, now, err)) != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	/* The answer is built before the commit: a failure after it would
	 * report a change that was made as one that was not. */
	if (out != NULL && (*out = case_json(c, r)) == NULL) {
		rc = oom(err);
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK && out != NULL) {
		json_decref(*out);
		*out = NULL;
	}
out:
	rec_free(r);
	return rc;
}

/* ---- consent, refusal, withdrawal ---- */

/* Copy the answers of case k->prior into case @k, uncertified. */
static int
carry_forward(struct scs_ctx *c, const struct scs_case *k, int64_t now,
    struct scs_err *err)
{
	struct scs_record *s;
	json_t *doc = NULL, *v, *wrap;
	const char *sec;
	int rc;

	if ((rc = answers_doc(c, k->prior, &doc, err)) != SCS_OK)
		return rc;
	if ((s = rec_new(SCS_KIND_ANSWERS)) == NULL) {
		json_decref(doc);
		return oom(err);
	}
	json_object_foreach(doc, sec, v)
	{
		scs_record_init(s, SCS_KIND_ANSWERS);
		(void)scs_strlcpy(s->u.answers.case_id, k->id,
		    sizeof(s->u.answers.case_id));
		(void)scs_strlcpy(s->u.answers.section, sec,
		    sizeof(s->u.answers.section));
		s->u.answers.saved = now;
		if ((wrap = json_pack("{sO}", "data", v)) == NULL) {
			rc = oom(err);
			break;
		}
		rc = scs_op_seal_plain(c, s, wrap, err);
		json_decref(wrap);
		if (rc != SCS_OK ||
		    (rc = put(c, s, SCS_PUT_INSERT, "create", k->prior, err)) !=
		        SCS_OK)
			break;
		scs_record_clear(s);
	}
	rec_free(s);
	json_decref(doc);
	return rc;
}

struct consent {
	bool agree;
	const char *version;
	const char *signature;
};

static int
do_consent(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const struct consent *a = arg;
	struct scs_case *k = &r->u.vcase;
	const struct scs_apolicy *pol =
	    scs_policy_for(c->rd->policy, k->authority);
	const json_t *notice =
	    pol != NULL ? scs_policy_consent(pol, NULL) : NULL;
	const char *version = scs_policy_consent_version(notice);
	int rc;

	/* Asked before anything else: a refusal needs nothing more. */
	if (!a->agree) {
		if ((rc = move(c, r, SCS_EV_REFUSE, who(c), NULL, now, err)) !=
		    SCS_OK)
			return rc;
		/* Never adverse: the sponsor reads "not completed". */
		return notify(c, k, "refused", "not_completed", now, err);
	}
	if (version == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "consent",
		    "no consent notice for %s", k->authority);
	if (a->version != NULL && a->version[0] != '\0' &&
	    strcmp(a->version, version) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "version",
		    "the notice in force is %s, not %s: read it again", version,
		    a->version);
	if (a->signature == NULL ||
	    scs_valid_text(a->signature, SCS_NAME_MAX, "signature", err) !=
	        SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "signature",
		    "sign with your name to consent");
	(void)scs_strlcpy(k->consent_version, version,
	    sizeof(k->consent_version));
	if ((rc = move(c, r, SCS_EV_CONSENT, who(c), NULL, now, err)) != SCS_OK)
		return rc;
	/* A reinvestigation starts from the answers given last time, for
	 * the subject to correct and certify again. */
	return k->prior[0] != '\0' ? carry_forward(c, k, now, err) : SCS_OK;
}

int
scs_op_case_consent(struct scs_ctx *c, const char *id, bool agree,
    const char *version, const char *signature, json_t **out,
    struct scs_err *err)
{
	struct consent a = {agree, version, signature};

	return change(c, id, SUBJECT, "consent to a case", VIEW_FULL,
	    do_consent, &a, out, err);
}

static int
do_withdraw(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	int rc;

	(void)arg;
	if ((rc = move(c, r, SCS_EV_WITHDRAW, who(c), NULL, now, err)) !=
	    SCS_OK)
		return rc;
	return notify(c, &r->u.vcase, "withdrawn", "not_completed", now, err);
}

int
scs_op_case_withdraw(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	return change(c, id, SUBJECT | OFFICER, "withdraw a case", VIEW_SPONSOR,
	    do_withdraw, NULL, out, err);
}

/* ---- the questionnaire ---- */

/* Whether @section may be written now: the case is in questionnaire and,
 * when sections were returned, it is one of them. */
static int
writable(const struct scs_case *k, const char *section, struct scs_err *err)
{
	size_t i;

	if (k->state != SCS_CASE_QUESTIONNAIRE)
		return scs_err_set(err, SCS_ECONFLICT, "state",
		    "the case is %s: answers are locked",
		    scs_case_state_codes[k->state]);
	if (k->nreturned == 0)
		return SCS_OK;
	for (i = 0; i < k->nreturned; i++)
		if (strcmp(k->returned[i], section) == 0)
			return SCS_OK;
	return scs_err_set(err, SCS_ECONFLICT, "section",
	    "only the sections returned for correction reopen");
}

struct answers_put {
	const char *section;
	const json_t *answers;
	struct scs_qerrs *errs;
};

static int
do_answers_put(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const struct answers_put *a = arg;
	enum scs_put_mode mode;
	struct scs_record *s;
	json_t *wrap;
	int rc;

	if ((rc = writable(&r->u.vcase, a->section, err)) != SCS_OK ||
	    (rc = scs_op_check_section(c, &r->u.vcase, a->section, a->answers,
	         a->errs, err)) != SCS_OK)
		return rc;
	if ((s = rec_new(SCS_KIND_ANSWERS)) == NULL)
		return oom(err);
	(void)scs_strlcpy(s->u.answers.case_id, r->u.vcase.id,
	    sizeof(s->u.answers.case_id));
	(void)scs_strlcpy(s->u.answers.section, a->section,
	    sizeof(s->u.answers.section));
	rc = scs_store_rec_get(c->st, s, s, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND) {
		rec_free(s);
		return rc;
	}
	mode = rc == SCS_OK ? SCS_PUT_UPDATE : SCS_PUT_INSERT;
	s->u.answers.saved = now;
	s->u.answers.certified = false;
	if ((wrap = json_pack("{sO}", "data", (json_t *)a->answers)) == NULL)
		rc = oom(err);
	else if ((rc = scs_op_seal_plain(c, s, wrap, err)) == SCS_OK)
		rc = put(c, s, mode, "save", NULL, err);
	json_decref(wrap);
	rec_free(s);
	return rc;
}

int
scs_op_answers_put(struct scs_ctx *c, const char *id, const char *section,
    const json_t *answers, struct scs_qerrs *errs, struct scs_err *err)
{
	struct answers_put a = {section, answers, errs};

	if (errs != NULL)
		errs->n = errs->total = 0;
	return change(c, id, SUBJECT, "answer a questionnaire", VIEW_FULL,
	    do_answers_put, &a, NULL, err);
}

/* The saved answers of case @id as one document {section: answers};
 * only certified sections when @certified. */
static int
answers_doc(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	json_t *a = NULL, *doc, *v;
	size_t i;
	int rc;

	*out = NULL;
	if ((rc = records_of(c, SCS_KIND_ANSWERS, id, true, &a, err)) != SCS_OK)
		return rc;
	if ((doc = json_object()) == NULL) {
		json_decref(a);
		return oom(err);
	}
	json_array_foreach(a, i, v)
	{
		const char *sec =
		    json_string_value(json_object_get(v, "section"));
		json_t *data = json_object_get(v, "data");

		if (sec != NULL && data != NULL &&
		    json_object_set(doc, sec, data) != 0) {
			json_decref(a);
			json_decref(doc);
			return oom(err);
		}
	}
	json_decref(a);
	*out = doc;
	return SCS_OK;
}

/* A read of sealed case content: on record before the data leaves. */
static int
audit_read(struct scs_ctx *c, const char *kind, const char *object,
    const char *purpose, struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_audit(c, "read", kind, object, NULL,
	         purpose != NULL && purpose[0] != '\0' ? purpose : "vetting",
	         err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

static int
check_purpose(const char *purpose, struct scs_err *err)
{
	if (purpose == NULL || purpose[0] == '\0')
		return SCS_OK;
	return scs_valid_text(purpose, SCS_PURPOSE_MAX, "purpose", err);
}

int
scs_op_answers_get(struct scs_ctx *c, const char *id, const char *section,
    const char *purpose, json_t **out, struct scs_err *err)
{
	struct scs_record *r;
	char object[2 * SCS_ID_MAX + 16];
	json_t *doc = NULL, *v;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SUBJECT | VETTING, "read answers", err)) !=
	        SCS_OK ||
	    (rc = check_purpose(purpose, err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	(void)snprintf(object, sizeof(object), "%s%s%s", id,
	    section != NULL ? "/answers/" : "", section != NULL ? section : "");
	if ((rc = load(c, id, VIEW_FULL, r, err)) == SCS_OK &&
	    (rc = audit_read(c, "answers", object, purpose, err)) == SCS_OK &&
	    (rc = answers_doc(c, id, &doc, err)) == SCS_OK) {
		if (section == NULL) {
			*out = doc;
			doc = NULL;
		} else if ((v = json_object_get(doc, section)) != NULL) {
			*out = json_incref(v);
		} else {
			*out = json_object(); /* nothing saved yet */
			if (*out == NULL)
				rc = oom(err);
		}
	}
	json_decref(doc);
	rec_free(r);
	return rc;
}

struct submit {
	bool certify;
	const char *signature;
	struct scs_qerrs *errs;
};

/* Mark every saved section of case @id certified. */
static int
certify_all(struct scs_ctx *c, const char *id, int64_t now, struct scs_err *err)
{
	json_t *a = NULL, *v;
	struct scs_record *s;
	size_t i;
	int rc;

	if ((rc = records_of(c, SCS_KIND_ANSWERS, id, false, &a, err)) !=
	    SCS_OK)
		return rc;
	if ((s = rec_new(SCS_KIND_ANSWERS)) == NULL) {
		json_decref(a);
		return oom(err);
	}
	json_array_foreach(a, i, v)
	{
		scs_record_clear(s);
		(void)scs_strlcpy(s->u.answers.case_id, id,
		    sizeof(s->u.answers.case_id));
		(void)scs_strlcpy(s->u.answers.section,
		    json_string_value(json_object_get(v, "section")),
		    sizeof(s->u.answers.section));
		if ((rc = scs_store_rec_get(c->st, s, s, err)) != SCS_OK)
			break;
		if (s->u.answers.certified)
			continue;
		s->u.answers.certified = true;
		s->u.answers.saved = now;
		if ((rc = put(c, s, SCS_PUT_UPDATE, "certify", NULL, err)) !=
		    SCS_OK)
			break;
	}
	rec_free(s);
	json_decref(a);
	return rc;
}

static int
do_submit(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const struct submit *a = arg;
	struct scs_case *k = &r->u.vcase;
	json_t *doc = NULL;
	int rc;

	if (!a->certify)
		return scs_err_set(err, SCS_EINVAL, "certify",
		    "must be true: certify that the answers are true and "
		    "complete");
	if (a->signature == NULL ||
	    scs_valid_text(a->signature, SCS_NAME_MAX, "signature", err) !=
	        SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "signature",
		    "sign with your name to certify");
	if (k->state != SCS_CASE_QUESTIONNAIRE)
		return refuse(c, k, SCS_EV_SUBMIT, SCS_ECONFLICT, err);
	if ((rc = answers_doc(c, k->id, &doc, err)) != SCS_OK)
		return rc;
	rc = scs_op_check_document(c, k, doc, a->errs, now, err);
	json_decref(doc);
	if (rc != SCS_OK || (rc = certify_all(c, k->id, now, err)) != SCS_OK)
		return rc;
	return move(c, r, SCS_EV_SUBMIT, who(c), NULL, now, err);
}

int
scs_op_case_submit(struct scs_ctx *c, const char *id, bool certify,
    const char *signature, struct scs_qerrs *errs, json_t **out,
    struct scs_err *err)
{
	struct submit a = {certify, signature, errs};

	if (errs != NULL)
		errs->n = errs->total = 0;
	return change(c, id, SUBJECT, "submit a questionnaire", VIEW_FULL,
	    do_submit, &a, out, err);
}

/* ---- return for correction ---- */

struct ret {
	const char *const *sections;
	size_t n;
	const char *note;
};

static int
do_return(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const struct ret *a = arg;
	struct scs_case *k = &r->u.vcase;
	enum scs_case_state was = k->state;
	char field[32];
	json_t *note;
	size_t i, j;
	int rc;

	if (a->n == 0 || a->n > SCS_SECTIONS_MAX)
		return scs_err_set(err, SCS_EINVAL, "sections",
		    "name 1 to %d sections to return", SCS_SECTIONS_MAX);
	for (i = 0; i < a->n; i++) {
		(void)snprintf(field, sizeof(field), "sections[%zu]", i);
		if ((rc = scs_op_check_section_id(c, k, a->sections[i], field,
		         err)) != SCS_OK)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(a->sections[i], a->sections[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats %s", a->sections[i]);
	}
	if (a->note == NULL ||
	    scs_valid_text(a->note, SCS_PLAIN_TEXT_MAX, "note", err) != SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "note",
		    "say what to correct");
	if ((rc = move(c, r, SCS_EV_RETURN, who(c), NULL, now, err)) != SCS_OK)
		return rc;
	/* The case waits in questionnaire for the named sections only,
	 * then resumes where it was. */
	k->nreturned = a->n;
	for (i = 0; i < a->n; i++)
		(void)scs_strlcpy(k->returned[i], a->sections[i],
		    sizeof(k->returned[i]));
	(void)scs_strlcpy(k->resume, scs_case_state_codes[was],
	    sizeof(k->resume));
	if ((note = json_pack("{ss}", "note", a->note)) == NULL)
		return oom(err);
	rc = scs_op_seal_plain(c, r, note, err);
	json_decref(note);
	if (rc != SCS_OK ||
	    (rc = put(c, r, SCS_PUT_UPDATE, "return", NULL, err)) != SCS_OK)
		return rc;
	return notify(c, k, "returned", NULL, now, err);
}

int
scs_op_case_return(struct scs_ctx *c, const char *id,
    const char *const *sections, size_t n, const char *note, json_t **out,
    struct scs_err *err)
{
	struct ret a = {sections, n, note};

	return change(c, id, VETTING, "return a case", VIEW_FULL, do_return, &a,
	    out, err);
}

/* The note of the last return (the subject and the vetting roles). */
int
scs_op_case_note(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r;
	json_t *o;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SUBJECT | VETTING, "read a case's note",
	         err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	if ((o = json_object()) == NULL) {
		rec_free(r);
		return oom(err);
	}
	if ((rc = load(c, id, VIEW_FULL, r, err)) == SCS_OK &&
	    (rc = audit_read(c, "case", id, "return note", err)) == SCS_OK)
		rc = open_one(c, r, "note", o, err);
	if (rc == SCS_OK)
		*out = o;
	else
		json_decref(o);
	rec_free(r);
	return rc;
}

/* ---- screening bodies ---- */

struct bodies {
	struct scs_ctx *c;
	const char *authority;
	const char *open[SCS_CASE_NSTATES + 1]; /* the open states' codes */
	char best[SCS_ID_MAX + 1];
	uint64_t best_open;
	int rc;
	struct scs_err *err;
};

/* The accredited body with the fewest open cases, counted by the store
 * (an index on body and state) rather than read case by case. */
static int
body_cb(void *arg, const struct scs_org *o)
{
	struct bodies *b = arg;
	struct scs_rec_query q;
	uint64_t open = 0;

	if (o->type != SCS_ORG_SCREENING ||
	    !scs_org_accredited(o, b->authority))
		return SCS_OK;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "body";
	q.eq[0].value = o->id;
	q.in_field = "state";
	q.in_values = b->open;
	if ((b->rc = scs_store_rec_count(b->c->st, SCS_KIND_CASE, &q, &open,
	         b->err)) != SCS_OK)
		return b->rc;
	/* Ties go to the first in id order: the choice is reproducible. */
	if (b->best[0] == '\0' || open < b->best_open) {
		(void)scs_strlcpy(b->best, o->id, sizeof(b->best));
		b->best_open = open;
	}
	return SCS_OK;
}

int
scs_op_body_open_cases(struct scs_ctx *c, const char *body, uint64_t *out,
    struct scs_err *err)
{
	const char *open[SCS_CASE_NSTATES + 1];
	struct scs_rec_query q;
	size_t i, n;
	int rc;

	*out = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR,
	         "count a screening body's open cases", err)) != SCS_OK)
		return rc;
	memset(open, 0, sizeof(open));
	for (i = 0, n = 0; i < SCS_CASE_NSTATES; i++)
		if (scs_case_open((enum scs_case_state)i))
			open[n++] = scs_case_state_codes[i];
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "body";
	q.eq[0].value = body;
	q.in_field = "state";
	q.in_values = open;
	return scs_store_rec_count(c->st, SCS_KIND_CASE, &q, out, err);
}

static int
do_assign(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const char *body = arg;
	struct scs_case *k = &r->u.vcase;
	struct bodies b;
	struct scs_org o;
	size_t i, n;
	int rc;

	memset(&b, 0, sizeof(b));
	b.c = c;
	b.authority = k->authority;
	b.err = err;
	for (i = 0, n = 0; i < SCS_CASE_NSTATES; i++)
		if (scs_case_open((enum scs_case_state)i))
			b.open[n++] = scs_case_state_codes[i];
	if (body == NULL || body[0] == '\0') {
		if ((rc = scs_store_org_each(c->st, body_cb, &b, err)) !=
		    SCS_OK)
			return b.rc != SCS_OK ? b.rc : rc;
		if (b.best[0] == '\0')
			return scs_err_set(err, SCS_ECONFLICT, "body",
			    "no screening body is accredited for %s",
			    k->authority);
		body = b.best;
	}
	if (scs_valid_id(body, "body", err) != SCS_OK)
		return SCS_EINVAL;
	rc = scs_store_org_get(c->st, body, &o, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "body",
		    "no organization \"%s\"", body);
	if (rc != SCS_OK)
		return rc;
	if (o.type != SCS_ORG_SCREENING ||
	    !scs_org_accredited(&o, k->authority))
		return scs_err_set(err, SCS_EINVAL, "body",
		    "\"%s\" is not a screening body accredited for %s", body,
		    k->authority);
	(void)scs_strlcpy(k->body, body, sizeof(k->body));
	return move(c, r, SCS_EV_ASSIGN, who(c), NULL, now, err);
}

int
scs_op_case_assign(struct scs_ctx *c, const char *id, const char *body,
    json_t **out, struct scs_err *err)
{
	return change(c, id, ADJUD | ADMIN, "assign a case", VIEW_SPONSOR,
	    do_assign, (void *)(uintptr_t)body, out, err);
}

/* ---- record checks and findings ---- */

/* Add finding @f to case @k with its sealed values in @plain. */
static int
add_finding(struct scs_ctx *c, const struct scs_case *k, struct scs_record *f,
    const json_t *plain, int64_t now, struct scs_err *err)
{
	int rc;

	(void)scs_strlcpy(f->u.finding.case_id, k->id,
	    sizeof(f->u.finding.case_id));
	f->u.finding.at = now;
	if ((rc = next_seq(c, SCS_KIND_FINDING, k->id, &f->u.finding.seq,
	         err)) != SCS_OK ||
	    (rc = scs_record_validate(c->rd, f, err)) != SCS_OK ||
	    (rc = scs_op_seal_plain(c, f, plain, err)) != SCS_OK)
		return rc;
	return put(c, f, SCS_PUT_INSERT, "create", NULL, err);
}

static int
check_one(struct scs_ctx *c, const struct scs_case *k,
    struct scs_connector *conn, const struct scs_person *p, int64_t now,
    struct scs_err *err)
{
	struct scs_check_subject subj;
	struct scs_check_hit *hits = NULL;
	struct scs_record *f;
	json_t *plain = NULL, *rec;
	json_error_t jerr;
	char day[SCS_TIME_STRMAX];
	size_t n = 0, i;
	int rc;

	scs_check_subject_of(&subj, p);
	if ((rc = scs_connector_check(conn, &subj, &hits, &n, err)) != SCS_OK)
		return rc;
	if ((f = rec_new(SCS_KIND_FINDING)) == NULL) {
		scs_check_hits_free(hits, n);
		return oom(err);
	}
	(void)scs_time_format(now - now % 86400, day);
	for (i = 0; rc == SCS_OK && i <= n; i++) {
		struct scs_finding *x = &f->u.finding;

		if (i == n && n > 0)
			break;
		scs_record_clear(f);
		x->source = SCS_SRC_RECORD_CHECK;
		actor_name(c, x->author, sizeof(x->author));
		if (n == 0) { /* clear: on record too */
			(void)scs_strlcpy(x->item, "criminal_disciplinary",
			    sizeof(x->item));
			memcpy(x->date, day, SCS_DATE_LEN);
			x->date[SCS_DATE_LEN] = '\0';
			x->severity = SCS_SEV_NONE;
			plain = json_pack("{s:s+}", "narrative",
			    "clear: ", scs_connector_name(conn));
		} else {
			(void)scs_strlcpy(x->item, hits[i].item,
			    sizeof(x->item));
			(void)scs_strlcpy(x->date, hits[i].date,
			    sizeof(x->date));
			x->severity = SCS_SEV_MODERATE; /* until assessed */
			rec = json_loads(hits[i].record, 0, &jerr);
			plain = rec == NULL
			    ? NULL
			    : json_pack("{s:s+, s:o}", "narrative",
			          "hit: ", scs_connector_name(conn), "record",
			          rec);
		}
		rc = plain == NULL ? oom(err)
		                   : add_finding(c, k, f, plain, now, err);
		json_decref(plain);
		plain = NULL;
	}
	rec_free(f);
	scs_check_hits_free(hits, n);
	return rc;
}

/*
 * The findings of case @id into *@out, their read audited with @purpose,
 * inside the open transaction of the change that wrote them: read after
 * its commit, a failure would report a change as failed that was made,
 * and a retry would record it twice.
 */
static int
findings_in(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err)
{
	char object[SCS_ID_MAX + 16];
	int rc;

	(void)snprintf(object, sizeof(object), "%s/findings", id);
	if ((rc = scs_op_audit(c, "read", "finding", object, NULL, purpose,
	         err)) != SCS_OK)
		return rc;
	return records_of(c, SCS_KIND_FINDING, id, true, out, err);
}

static int
do_checks(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	struct scs_case *k = &r->u.vcase;
	json_t **out = arg;
	struct scs_person p;
	size_t i;
	int rc;

	if (k->state != SCS_CASE_INVESTIGATING)
		return scs_err_set(err, SCS_ECONFLICT, "state",
		    "the case is %s: record checks run during the "
		    "investigation",
		    scs_case_state_codes[k->state]);
	if (c->nchecks == 0)
		return scs_err_set(err, SCS_ECONFLICT, "record_checks",
		    "no record-check source is configured for this register "
		    "(scs checks feed FILE)");
	memset(&p, 0, sizeof(p));
	if ((rc = scs_store_person_get(c->st, k->person, &p, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < c->nchecks; i++)
		rc = check_one(c, k, c->checks[i], &p, now, err);
	scs_person_clear(&p);
	if (rc != SCS_OK)
		return rc;
	return findings_in(c, k->id, "record checks", out, err);
}

int
scs_op_case_record_checks(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	json_t *found = NULL;
	int rc;

	*out = NULL;
	rc = change(c, id, INVEST, "run record checks", VIEW_FULL, do_checks,
	    &found, NULL, err);
	if (rc == SCS_OK)
		*out = found;
	else
		json_decref(found);
	return rc;
}

static int
parse_code_of(const json_t *j, const char *key, const char *const *codes, int n,
    int *out, struct scs_err *err)
{
	const char *s = json_string_value(json_object_get(j, key));
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(codes[i], s) == 0) {
			*out = i;
			return SCS_OK;
		}
	return scs_err_set(err, SCS_EINVAL, key,
	    "must be one of %s%s%s%s%s%s%s", codes[0], n > 1 ? ", " : "",
	    n > 1 ? codes[1] : "", n > 2 ? ", " : "", n > 2 ? codes[2] : "",
	    n > 3 ? ", " : "", n > 3 ? codes[3] : "");
}

/* Refuse members of @j not in @keys (NULL-terminated). */
static int
only_keys(const json_t *j, const char *const *keys, struct scs_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a JSON object");
	json_object_foreach((json_t *)j, key, v)
	{
		for (i = 0; keys[i] != NULL; i++)
			if (strcmp(keys[i], key) == 0)
				break;
		if (keys[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of this request");
	}
	return SCS_OK;
}

struct finding_add {
	const json_t *body;
	json_t *findings; /* what the change hands back */
};

static int
do_finding(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	static const char *const keys[] = {"item", "source", "date", "severity",
	    "mitigation", "narrative", NULL};
	struct finding_add *a = arg;
	const json_t *body = a->body;
	struct scs_case *k = &r->u.vcase;
	struct scs_record *f;
	json_t *plain;
	int src = 0, sev = 0, rc;

	if (k->state != SCS_CASE_INVESTIGATING)
		return scs_err_set(err, SCS_ECONFLICT, "state",
		    "the case is %s: findings are recorded during the "
		    "investigation",
		    scs_case_state_codes[k->state]);
	if ((rc = only_keys(body, keys, err)) != SCS_OK ||
	    (rc = parse_code_of(body, "source", scs_finding_source_codes,
	         SCS_SRC_N, &src, err)) != SCS_OK ||
	    (rc = parse_code_of(body, "severity", scs_severity_codes, SCS_SEV_N,
	         &sev, err)) != SCS_OK)
		return rc;
	if (!json_is_string(json_object_get(body, "narrative")))
		return scs_err_set(err, SCS_EINVAL, "narrative",
		    "is required: what was found");
	if ((f = rec_new(SCS_KIND_FINDING)) == NULL)
		return oom(err);
	f->u.finding.source = (enum scs_finding_source)src;
	f->u.finding.severity = (enum scs_severity)sev;
	actor_name(c, f->u.finding.author, sizeof(f->u.finding.author));
	if ((rc = scs_codec_str(body, "item", f->u.finding.item,
	         sizeof(f->u.finding.item), true, err)) != SCS_OK ||
	    (rc = scs_op_check_item(c, k, f->u.finding.item, "item", err)) !=
	        SCS_OK ||
	    (rc = scs_codec_str(body, "date", f->u.finding.date,
	         sizeof(f->u.finding.date), true, err)) != SCS_OK) {
		rec_free(f);
		return rc == SCS_ENOTFOUND ? SCS_EINVAL : rc;
	}
	plain = json_pack("{s:O?, s:O?}", "narrative",
	    json_object_get(body, "narrative"), "mitigation",
	    json_object_get(body, "mitigation"));
	rc = plain == NULL ? oom(err) : add_finding(c, k, f, plain, now, err);
	json_decref(plain);
	rec_free(f);
	if (rc != SCS_OK)
		return rc;
	return findings_in(c, k->id, "finding recorded", &a->findings, err);
}

int
scs_op_finding_add(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err)
{
	struct finding_add a = {body, NULL};
	int rc;

	*out = NULL;
	rc = change(c, id, INVEST, "record findings", VIEW_FULL, do_finding, &a,
	    NULL, err);
	if (rc == SCS_OK)
		*out = a.findings;
	else
		json_decref(a.findings);
	return rc;
}

int
scs_op_findings_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err)
{
	struct scs_record *r;
	char object[SCS_ID_MAX + 16];
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, VETTING, "read findings", err)) != SCS_OK ||
	    (rc = check_purpose(purpose, err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	(void)snprintf(object, sizeof(object), "%s/findings", id);
	if ((rc = load(c, id, VIEW_FULL, r, err)) == SCS_OK &&
	    (rc = audit_read(c, "finding", object, purpose, err)) == SCS_OK)
		rc = records_of(c, SCS_KIND_FINDING, id, true, out, err);
	rec_free(r);
	return rc;
}

/* ---- adjudication ---- */

struct clr_find {
	const char *authority;
	int64_t from;             /* the interim grant: the clearance's start */
	struct scs_record *found; /* the interim clearance */
	bool have;
};

/* The active clearances a reinvestigation's grant replaces. */
struct clr_old {
	const char *authority;
	int64_t before;
	struct scs_record *v;
	size_t n, cap;
};

static int
old_cb(void *arg, const struct scs_record *r)
{
	struct clr_old *o = arg;
	struct scs_record *grown;

	if (strcmp(r->u.clearance.authority, o->authority) != 0 ||
	    r->u.clearance.status != SCS_CLR_ACTIVE ||
	    r->u.clearance.valid_from >= o->before)
		return SCS_OK;
	if (o->n == o->cap) {
		grown = realloc(o->v, (o->cap + 4) * sizeof(*grown));
		if (grown == NULL)
			return SCS_ENOMEM;
		o->v = grown;
		o->cap += 4;
	}
	return scs_record_copy(&o->v[o->n++], r);
}

/* End the person's earlier active clearances under the authority: the
 * reinvestigation's grant replaces them (they stayed valid while it
 * ran). */
static int
end_replaced(struct scs_ctx *c, const struct scs_case *k, int64_t now,
    struct scs_err *err)
{
	struct clr_old o = {k->authority, now, NULL, 0, 0};
	struct scs_rec_query q;
	size_t i;
	int rc;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = k->person;
	rc =
	    scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, old_cb, &o, err);
	if (rc == SCS_ENOMEM)
		rc = oom(err);
	for (i = 0; i < o.n; i++) {
		if (rc == SCS_OK) {
			o.v[i].u.clearance.status = SCS_CLR_ENDED;
			if (o.v[i].u.clearance.valid_until > now)
				o.v[i].u.clearance.valid_until = now;
			rc = put(c, &o.v[i], SCS_PUT_UPDATE, "update", k->id,
			    err);
		}
		scs_record_clear(&o.v[i]);
	}
	free(o.v);
	return rc;
}

static int
interim_cb(void *arg, const struct scs_record *r)
{
	struct clr_find *f = arg;

	/* The case's own, made by its interim grant: not an older interim
	 * clearance the person holds under the authority. */
	if (strcmp(r->u.clearance.authority, f->authority) == 0 &&
	    r->u.clearance.status == SCS_CLR_INTERIM &&
	    r->u.clearance.valid_from == f->from && !f->have) {
		f->have = true;
		return scs_record_copy(f->found, r);
	}
	return SCS_OK;
}

/*
 * The clearance a decision makes: a grant or interim grant creates it
 * (valid for the authority's validity from now) and the access decision
 * sees it at the next index build; a final decision after an interim
 * grant turns that clearance active, or revokes it on a denial.
 */
static int
decide_clearance(struct scs_ctx *c, const struct scs_case *k,
    enum scs_case_event ev, int64_t now, struct scs_err *err)
{
	const struct scs_authority *a =
	    scs_refdata_authority(c->rd, k->authority);
	struct scs_record *cl = rec_new(SCS_KIND_CLEARANCE);
	struct clr_find f = {k->authority, k->decided, cl, false};
	struct scs_rec_query q;
	int rc;

	if (cl == NULL)
		return oom(err);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = k->person;
	rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, interim_cb, &f,
	    err);
	if (rc == SCS_OK && f.have && k->state == SCS_CASE_INTERIM) {
		/* The final decision on an interim grant. */
		if (ev == SCS_EV_DENY) {
			/* It ends at the denial; a period is never empty,
			 * even for a denial in the second of the grant. */
			cl->u.clearance.status = SCS_CLR_REVOKED;
			cl->u.clearance.valid_until =
			    now > cl->u.clearance.valid_from
			    ? now
			    : cl->u.clearance.valid_from + 1;
		} else {
			cl->u.clearance.status = SCS_CLR_ACTIVE;
		}
		if ((rc = scs_record_validate(c->rd, cl, err)) == SCS_OK)
			rc = put(c, cl, SCS_PUT_UPDATE, "update", k->id, err);
	} else if (rc == SCS_OK && ev != SCS_EV_DENY) {
		scs_record_init(cl, SCS_KIND_CLEARANCE);
		(void)scs_strlcpy(cl->u.clearance.person, k->person,
		    sizeof(cl->u.clearance.person));
		(void)scs_strlcpy(cl->u.clearance.authority, k->authority,
		    sizeof(cl->u.clearance.authority));
		(void)scs_strlcpy(cl->u.clearance.level, k->level,
		    sizeof(cl->u.clearance.level));
		cl->u.clearance.status =
		    ev == SCS_EV_INTERIM ? SCS_CLR_INTERIM : SCS_CLR_ACTIVE;
		cl->u.clearance.valid_from = now;
		cl->u.clearance.valid_until = a != NULL && a->validity_years > 0
		    ? scs_time_add_years(now, a->validity_years)
		    : SCS_TIME_NEVER;
		if (k->type == SCS_CASE_REINVESTIGATION)
			rc = end_replaced(c, k, now, err);
		if (rc == SCS_OK &&
		    (rc = scs_record_validate(c->rd, cl, err)) == SCS_OK)
			rc = put(c, cl, SCS_PUT_INSERT, "create", k->id, err);
	}
	rec_free(cl);
	return rc;
}

/* Record decision @ev (grant, interim, deny) on case @r with its sealed
 * document @doc, by @actor (NULL: the context's). */
static int
decide_in(struct scs_ctx *c, struct scs_record *r, enum scs_case_event ev,
    unsigned by, const char *actor, const json_t *doc, int64_t now,
    struct scs_err *err)
{
	struct scs_case *k = &r->u.vcase;
	const struct scs_apolicy *pol =
	    scs_policy_for(c->rd->policy, k->authority);
	const char *what = ev == SCS_EV_GRANT ? "granted"
	    : ev == SCS_EV_INTERIM            ? "interim"
	                                      : "denied";
	json_t *wrap;
	int rc;

	if ((rc = scs_case_next(k->state, ev, by, k->resume,
	         &(enum scs_case_state){SCS_CASE_NSTATES})) != SCS_OK)
		return refuse(c, k, ev, rc, err);
	if ((rc = decide_clearance(c, k, ev, now, err)) != SCS_OK)
		return rc;
	if ((wrap = json_pack("{sO}", "decision", (json_t *)doc)) == NULL)
		return oom(err);
	rc = scs_op_seal_plain(c, r, wrap, err);
	json_decref(wrap);
	if (rc != SCS_OK)
		return rc;
	k->decided = now;
	k->has_decided = true;
	if (actor != NULL)
		(void)scs_strlcpy(k->decided_by, actor, sizeof(k->decided_by));
	else
		actor_name(c, k->decided_by, sizeof(k->decided_by));
	k->e_adjudicated = by == SCS_CASE_BY_RULE;
	k->has_complaint_until = ev == SCS_EV_DENY && pol != NULL;
	k->complaint_until = k->has_complaint_until
	    ? now + (int64_t)pol->complaint_days * 86400
	    : 0;
	if ((rc = move(c, r, ev, by, actor, now, err)) != SCS_OK)
		return rc;
	return notify(c, k, what, what, now, err);
}

/* The facts an e-adjudication rule looks at. */
struct facts_walk {
	struct scs_efacts *f;
};

static int
facts_cb(void *arg, const struct scs_record *r)
{
	struct scs_efacts *f = arg;
	const struct scs_finding *x = &r->u.finding;

	if (x->source == SCS_SRC_RECORD_CHECK) {
		f->checks_run = true;
		if (x->severity > SCS_SEV_NONE)
			f->check_hits++;
	}
	f->findings++;
	if (x->severity > f->worst)
		f->worst = x->severity;
	return SCS_OK;
}

/* Decide a closed case by the authority's rules, if one holds. */
static int
e_adjudicate(struct scs_ctx *c, struct scs_record *r, int64_t now,
    struct scs_err *err)
{
	struct scs_case *k = &r->u.vcase;
	const struct scs_apolicy *pol =
	    scs_policy_for(c->rd->policy, k->authority);
	const struct scs_erule *rule;
	struct scs_efacts f;
	struct scs_rec_query q;
	char actor[SCS_ACTOR_MAX + 1];
	json_t *doc = NULL;
	int rc;

	memset(&f, 0, sizeof(f));
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "case_id";
	q.eq[0].value = k->id;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_FINDING, &q, facts_cb, &f,
	         err)) != SCS_OK ||
	    (rc = answers_doc(c, k->id, &doc, err)) != SCS_OK)
		return rc;
	f.adverse_answers = scs_op_adverse_answers(c, k, doc);
	json_decref(doc);
	if ((rule = scs_policy_e_adjudicate(pol, k->level, &f)) == NULL)
		return SCS_OK; /* a person decides */
	(void)snprintf(actor, sizeof(actor), "rule:%s", rule->id);
	if ((doc = json_pack("{s:s, s:s, s:[]}", "outcome", "grant", "rule",
	         rule->id, "assessments")) == NULL)
		return oom(err);
	rc = decide_in(c, r, SCS_EV_GRANT, SCS_CASE_BY_RULE, actor, doc, now,
	    err);
	json_decref(doc);
	return rc;
}

static int
do_close(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	int rc;

	(void)arg;
	if ((rc = move(c, r, SCS_EV_CLOSE, who(c), NULL, now, err)) != SCS_OK)
		return rc;
	/* The same moment: a clean case never waits for a person. */
	return e_adjudicate(c, r, now, err);
}

int
scs_op_case_close(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	return change(c, id, INVEST, "close an investigation", VIEW_FULL,
	    do_close, NULL, out, err);
}

static const char *const assessment_codes[] = {"favorable", "mitigated",
    "unfavorable"};

/* Check the adjudicator's body: outcome, one assessment per item named
 * at most once, a reason for each unfavorable one (a denial needs at
 * least one), optional conditions. */
/* One assessment @a (the @i-th): its item, its code, a reason when it is
 * unfavorable (counted in *@unfavorable); no item twice in @as. */
static int
check_assessment(struct scs_ctx *c, const struct scs_case *k, const json_t *as,
    size_t i, size_t *unfavorable, struct scs_err *err)
{
	static const char *const akeys[] = {"item", "assessment", "reason",
	    NULL};
	const json_t *a = json_array_get(as, i), *why;
	char field[64];
	size_t j;
	int v = 0, rc;

	(void)snprintf(field, sizeof(field), "assessments[%zu]", i);
	if ((rc = only_keys(a, akeys, err)) != SCS_OK ||
	    (rc = parse_code_of(a, "assessment", assessment_codes, 3, &v,
	         err)) != SCS_OK ||
	    (rc = scs_op_check_item(c, k,
	         json_string_value(json_object_get(a, "item")), "item", err)) !=
	        SCS_OK) {
		scs_err_prefix(err, field);
		return rc;
	}
	for (j = 0; j < i; j++)
		if (json_equal(json_object_get(a, "item"),
		        json_object_get(json_array_get(as, j), "item")))
			return scs_err_set(err, SCS_EINVAL, field,
			    "assesses an item twice");
	if (v != 2)
		return SCS_OK;
	(*unfavorable)++;
	why = json_object_get(a, "reason");
	if (!json_is_string(why) ||
	    scs_valid_text(json_string_value(why), SCS_PLAIN_TEXT_MAX, "reason",
	        err) != SCS_OK) {
		(void)scs_err_set(err, SCS_EINVAL, "reason",
		    "an unfavorable assessment gives its reason");
		scs_err_prefix(err, field);
		return SCS_EINVAL;
	}
	return SCS_OK;
}

/* Check the adjudicator's body: outcome, one assessment per item named
 * at most once, a reason for each unfavorable one (a denial needs at
 * least one), optional conditions. */
static int
check_decision(struct scs_ctx *c, const struct scs_case *k, const json_t *body,
    enum scs_case_event *out_ev, struct scs_err *err)
{
	static const char *const keys[] = {"outcome", "assessments",
	    "conditions", NULL};
	static const char *const outcomes[] = {"grant", "interim", "deny"};
	const json_t *as = json_object_get(body, "assessments"), *b;
	size_t i, unfavorable = 0;
	int o = 0, rc;

	if ((rc = only_keys(body, keys, err)) != SCS_OK ||
	    (rc = parse_code_of(body, "outcome", outcomes, 3, &o, err)) !=
	        SCS_OK)
		return rc;
	*out_ev = o == 0 ? SCS_EV_GRANT : o == 1 ? SCS_EV_INTERIM : SCS_EV_DENY;
	if (as != NULL && !json_is_array(as))
		return scs_err_set(err, SCS_EINVAL, "assessments",
		    "must be a list of {item, assessment, reason}");
	for (i = 0; i < json_array_size(as); i++)
		if ((rc = check_assessment(c, k, as, i, &unfavorable, err)) !=
		    SCS_OK)
			return rc;
	if (*out_ev == SCS_EV_DENY && unfavorable == 0)
		return scs_err_set(err, SCS_EINVAL, "assessments",
		    "a denial names at least one unfavorable item with its "
		    "reason");
	if (*out_ev != SCS_EV_DENY && unfavorable > 0)
		return scs_err_set(err, SCS_EINVAL, "outcome",
		    "an unfavorable item leads to a denial, not a grant");
	b = json_object_get(body, "conditions");
	if (b != NULL && !json_is_null(b) &&
	    (!json_is_string(b) ||
	        scs_valid_text(json_string_value(b), SCS_PLAIN_TEXT_MAX,
	            "conditions", err) != SCS_OK))
		return scs_err_set(err, SCS_EINVAL, "conditions",
		    "must be a text");
	return SCS_OK;
}

static int
do_decide(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const json_t *body = arg;
	enum scs_case_event ev = SCS_EV_GRANT;
	int rc;

	if ((rc = check_decision(c, &r->u.vcase, body, &ev, err)) != SCS_OK)
		return rc;
	return decide_in(c, r, ev, who(c), NULL, body, now, err);
}

int
scs_op_case_decide(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err)
{
	return change(c, id, ADJUD, "decide a case", VIEW_FULL, do_decide,
	    (void *)(uintptr_t)body, out, err);
}

/* The decision with its reasons: the subject's own, and adjudicators'. */
int
scs_op_case_decision_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err)
{
	struct scs_record *r;
	char object[SCS_ID_MAX + 16];
	json_t *o;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SUBJECT | ADJUD, "read a decision", err)) !=
	        SCS_OK ||
	    (rc = check_purpose(purpose, err)) != SCS_OK)
		return rc;
	if ((r = rec_new(SCS_KIND_CASE)) == NULL)
		return oom(err);
	if ((o = json_object()) == NULL) {
		rec_free(r);
		return oom(err);
	}
	(void)snprintf(object, sizeof(object), "%s/decision", id);
	if ((rc = load(c, id, VIEW_FULL, r, err)) == SCS_OK &&
	    !r->u.vcase.has_decided)
		rc = scs_err_set(err, SCS_ENOTFOUND, "decision",
		    "case \"%s\" has no decision yet", id);
	if (rc == SCS_OK &&
	    (rc = audit_read(c, "case", object, purpose, err)) == SCS_OK &&
	    (rc = open_one(c, r, "decision", o, err)) == SCS_OK)
		rc = open_one(c, r, "complaint", o, err);
	if (rc == SCS_OK)
		*out = o;
	else
		json_decref(o);
	rec_free(r);
	return rc;
}

/* ---- complaint ---- */

static int
do_complain(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const char *text = arg;
	struct scs_case *k = &r->u.vcase;
	json_t *wrap;
	int rc;

	if (k->state == SCS_CASE_DENIED && k->has_complaint_until &&
	    now >= k->complaint_until)
		return scs_err_set(err, SCS_ECONFLICT, "complaint",
		    "the window for a complaint closed");
	if (text == NULL ||
	    scs_valid_text(text, SCS_PLAIN_TEXT_MAX, "text", err) != SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "text",
		    "say what you disagree with");
	if ((rc = move(c, r, SCS_EV_COMPLAIN, who(c), NULL, now, err)) !=
	    SCS_OK)
		return rc;
	if ((wrap = json_pack("{s{ss}}", "complaint", "text", text)) == NULL)
		return oom(err);
	rc = scs_op_seal_plain(c, r, wrap, err);
	json_decref(wrap);
	if (rc != SCS_OK)
		return rc;
	return put(c, r, SCS_PUT_UPDATE, "complain", NULL, err);
}

int
scs_op_case_complain(struct scs_ctx *c, const char *id, const char *text,
    json_t **out, struct scs_err *err)
{
	return change(c, id, SUBJECT, "complain", VIEW_FULL, do_complain,
	    (void *)(uintptr_t)text, out, err);
}

struct review {
	bool upheld;
	const char *note;
};

static int
do_review(struct scs_ctx *c, struct scs_record *r, void *arg, int64_t now,
    struct scs_err *err)
{
	const struct review *a = arg;
	struct scs_case *k = &r->u.vcase;
	char t[SCS_TIME_STRMAX];
	json_t *o, *cp;
	int rc;

	if (k->state == SCS_CASE_COMPLAINT &&
	    strcmp(k->decided_by, c->actor.name) == 0)
		return scs_err_set(err, SCS_EDENIED, "case",
		    "an adjudicator who did not make the decision reviews "
		    "the complaint");
	if (a->note == NULL ||
	    scs_valid_text(a->note, SCS_PLAIN_TEXT_MAX, "note", err) != SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "note",
		    "give the reasons of the review");
	if ((rc = move(c, r, a->upheld ? SCS_EV_UPHOLD : SCS_EV_REJECT, who(c),
	         NULL, now, err)) != SCS_OK)
		return rc;
	if ((o = json_object()) == NULL)
		return oom(err);
	if ((rc = open_one(c, r, "complaint", o, err)) != SCS_OK) {
		json_decref(o);
		return rc;
	}
	(void)scs_time_format(now, t);
	cp = json_object_get(o, "complaint");
	if (cp == NULL ||
	    json_object_set_new(cp, "review",
	        json_pack("{sb ss ss ss}", "upheld", a->upheld, "note", a->note,
	            "by", c->actor.name, "at", t)) != 0) {
		json_decref(o);
		return oom(err);
	}
	rc = scs_op_seal_plain(c, r, o, err);
	json_decref(o);
	if (rc != SCS_OK ||
	    (rc = put(c, r, SCS_PUT_UPDATE, "review", NULL, err)) != SCS_OK)
		return rc;
	return notify(c, k,
	    a->upheld ? "complaint_upheld" : "complaint_rejected", NULL, now,
	    err);
}

int
scs_op_case_review(struct scs_ctx *c, const char *id, bool upheld,
    const char *note, json_t **out, struct scs_err *err)
{
	struct review a = {upheld, note};

	return change(c, id, ADJUD, "review a complaint", VIEW_FULL, do_review,
	    &a, out, err);
}

/* ---- notifications ---- */

static int
note_cb(void *arg, const struct scs_record *r)
{
	json_t *a = arg, *j = scs_codec_rec_json(r, 0);

	if (j == NULL)
		return SCS_ENOMEM;
	json_object_del(j, "person");
	json_object_del(j, "org");
	json_object_del(j, "audience");
	/* The sequence counts the subject's notices too (a return, say): the
	 * sponsor's would tell a withdrawal from a refusal. */
	if (r->u.notification.audience == SCS_TO_SPONSOR)
		json_object_del(j, "seq");
	return json_array_append_new(a, j) == 0 ? SCS_OK : SCS_ENOMEM;
}

int
scs_op_notifications(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct scs_rec_query q;
	json_t *a;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SUBJECT | OFFICER, "read notifications",
	         err)) != SCS_OK)
		return rc;
	if ((a = json_array()) == NULL)
		return oom(err);
	memset(&q, 0, sizeof(q));
	if (c->actor.role == SCS_ROLE_SUBJECT) {
		q.eq[0].field = "person";
		q.eq[0].value = c->actor.person;
		q.eq[1].field = "audience";
		q.eq[1].value = scs_audience_codes[SCS_TO_SUBJECT];
	} else {
		q.eq[0].field = "org";
		q.eq[0].value = c->actor.org;
		q.eq[1].field = "audience";
		q.eq[1].value = scs_audience_codes[SCS_TO_SPONSOR];
	}
	rc = scs_store_rec_query(c->st, SCS_KIND_NOTIFICATION, &q, note_cb, a,
	    err);
	if (rc != SCS_OK) {
		json_decref(a);
		return rc == SCS_ENOMEM ? oom(err) : rc;
	}
	*out = a;
	return SCS_OK;
}

/* ---- clearances nearing their end (reinvestigation) ---- */

struct due {
	struct scs_ctx *c;
	scs_rec_cb cb;
	void *arg;
	struct scs_err *err;
};

static int
due_cb(void *arg, const struct scs_record *r)
{
	struct due *d = arg;
	struct scs_person p;
	int rc;

	if (r->u.clearance.status != SCS_CLR_ACTIVE &&
	    r->u.clearance.status != SCS_CLR_INTERIM)
		return SCS_OK;
	/* A security officer: their own organization's staff only. */
	if (d->c->actor.kind == SCS_ACTOR_USER && d->c->actor.role == OFFICER) {
		memset(&p, 0, sizeof(p));
		rc = scs_store_person_get(d->c->st, r->u.clearance.person, &p,
		    d->err);
		scs_person_clear(&p);
		if (rc != SCS_OK)
			return rc;
		if (strcmp(p.org, d->c->actor.org) != 0)
			return SCS_OK;
	}
	return d->cb(d->arg, r);
}

int
scs_op_clearances_due(struct scs_ctx *c, int64_t within, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	struct due d = {c, cb, arg, err};
	int64_t now = c->now_us() / 1000000;
	struct scs_rec_query q;
	int rc;

	if ((rc = scs_op_allow(c, ADMIN | ADJUD | OFFICER,
	         "list clearances nearing their end", err)) != SCS_OK)
		return rc;
	if (within <= 0 || within > (int64_t)3660 * 86400)
		return scs_err_set(err, SCS_EINVAL, "within",
		    "must be a period of 1 day to 10 years");
	memset(&q, 0, sizeof(q));
	q.time_field = "valid_until";
	q.time_from = now;
	q.time_to = now + within;
	return scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, due_cb, &d,
	    err);
}
