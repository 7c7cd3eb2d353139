/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert.c - continuous-vetting alerts, the operations (cv.h): raising
 * them (from a matched feed, and later self-reports, concerns and
 * incidents), the investigator's queue, triage (which may suspend the
 * person and open a review case), and the figures of DESIGN.md section 8.
 *
 * Who: the investigators of the screening body an alert belongs to see
 * and triage it; the operating system's actor (the command line) every
 * alert; the figures also go to auditors and admins, as counts only.  An
 * alert another body holds reads as missing.  Opening an alert's sealed
 * narrative is a read on the record (DESIGN.md section 6).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/cv.h"
#include "scs/record.h"
#include "scs/store.h"
#include "scs/time.h"

#define INVESTIGATOR SCS_ROLE_INVESTIGATOR

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

/* ---- raising ---------------------------------------------------------- */

struct body {
	struct scs_org org;
	uint64_t load; /* open alerts */
};

struct scs_alert_raiser {
	struct scs_ctx *c;
	struct body *b;
	size_t n, cap;
	int rc;
	struct scs_err *err;
};

static int
body_cb(void *arg, const struct scs_org *o)
{
	struct scs_alert_raiser *ar = arg;
	struct scs_rec_query q;

	if (o->type != SCS_ORG_SCREENING)
		return SCS_OK;
	if (ar->n == ar->cap) {
		size_t c = ar->cap ? ar->cap * 2 : 8;
		struct body *b = realloc(ar->b, c * sizeof(*b));

		if (b == NULL)
			return ar->rc = oom(ar->err);
		ar->b = b;
		ar->cap = c;
	}
	memset(&ar->b[ar->n], 0, sizeof(ar->b[ar->n]));
	ar->b[ar->n].org = *o;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "body";
	q.eq[0].value = o->id;
	q.eq[1].field = "state";
	q.eq[1].value = scs_alert_state_codes[SCS_ALERT_OPEN];
	if ((ar->rc = scs_store_rec_count(ar->c->st, SCS_KIND_ALERT, &q,
	         &ar->b[ar->n].load, ar->err)) != SCS_OK)
		return ar->rc;
	ar->n++;
	return SCS_OK;
}

int
scs_op_alert_raiser_open(struct scs_ctx *c, struct scs_alert_raiser **out,
    struct scs_err *err)
{
	struct scs_alert_raiser *ar = calloc(1, sizeof(*ar));
	int rc;

	*out = NULL;
	if (ar == NULL) {
		(void)oom(err);
		return SCS_ENOMEM; /* never SCS_OK without a raiser */
	}
	ar->c = c;
	ar->err = err;
	rc = scs_store_org_each(c->st, body_cb, ar, err);
	if (rc == SCS_OK)
		rc = ar->rc;
	if (rc != SCS_OK) {
		scs_op_alert_raiser_close(ar);
		return rc;
	}
	*out = ar;
	return SCS_OK;
}

void
scs_op_alert_raiser_close(struct scs_alert_raiser *ar)
{
	if (ar == NULL)
		return;
	free(ar->b);
	free(ar);
}

/* The person's latest case with a screening body, and the authority of
 * the person's best clearance now. */
struct person_ctx {
	int64_t now;
	int64_t opened;
	char body[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	int rank;
	const struct scs_refdata *rd;
};

static int
case_cb(void *arg, const struct scs_record *r)
{
	struct person_ctx *p = arg;

	if (r->u.vcase.body[0] != '\0' && r->u.vcase.opened >= p->opened) {
		p->opened = r->u.vcase.opened;
		(void)scs_strlcpy(p->body, r->u.vcase.body, sizeof(p->body));
	}
	return SCS_OK;
}

static int
clearance_cb(void *arg, const struct scs_record *r)
{
	struct person_ctx *p = arg;
	const struct scs_clearance *cl = &r->u.clearance;
	const struct scs_level *lv;
	int rank;

	if ((cl->status != SCS_CLR_ACTIVE && cl->status != SCS_CLR_INTERIM) ||
	    cl->valid_from > p->now || p->now >= cl->valid_until)
		return SCS_OK;
	lv = scs_refdata_level(p->rd, cl->authority, cl->level);
	rank = lv != NULL ? lv->rank : 0;
	if (p->authority[0] == '\0' || rank > p->rank) {
		p->rank = rank;
		(void)scs_strlcpy(p->authority, cl->authority,
		    sizeof(p->authority));
		(void)scs_strlcpy(p->level, cl->level, sizeof(p->level));
	}
	return SCS_OK;
}

/* What the triage needs of @person: its latest body, its best clearance
 * now (authority "" for none). */
static int
person_facts(struct scs_ctx *c, const char *person, int64_t now,
    struct person_ctx *p, struct scs_err *err)
{
	struct scs_rec_query q;
	int rc;

	memset(p, 0, sizeof(*p));
	p->now = now;
	p->opened = INT64_MIN;
	p->rank = -1;
	p->rd = c->rd;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, case_cb, p,
	         err)) != SCS_OK)
		return rc;
	return scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, clearance_cb,
	    p, err);
}

int
scs_op_best_clearance(struct scs_ctx *c, const char *person, int64_t now,
    char authority[SCS_AUTH_CODE_MAX], char level[SCS_LEVEL_CODE_MAX],
    struct scs_err *err)
{
	struct person_ctx pc;
	int rc = person_facts(c, person, now, &pc, err);

	(void)scs_strlcpy(authority, rc == SCS_OK ? pc.authority : "",
	    SCS_AUTH_CODE_MAX);
	(void)scs_strlcpy(level, rc == SCS_OK ? pc.level : "",
	    SCS_LEVEL_CODE_MAX);
	return rc;
}

/* An alert's id: for a feed record, derived from where it came from, so
 * that matching one feed twice raises each alert once. */
static void
alert_id(const struct scs_alert *a, char out[SCS_ID_MAX + 1])
{
	uint8_t h[32];
	char buf[4 * (SCS_ID_MAX + 2)];
	int n;

	if (a->origin != SCS_ALERT_FEED || a->record[0] == '\0') {
		scs_op_id("AL-", NULL, 16, out);
		return;
	}
	n = snprintf(buf, sizeof(buf), "%s\n%s\n%s\n%s",
	    scs_alert_origin_codes[a->origin], a->source, a->record, a->person);
	scs_crypto_sha256(h, buf, n > 0 ? (size_t)n : 0);
	scs_op_id("AL-", h, 16, out);
}

/* Of @ar's bodies, the least loaded accredited for clearance authority
 * @authority ("" for none), else the least loaded; ties to the first.
 * NULL when there is no body. */
static struct body *
least_loaded(const struct scs_alert_raiser *ar, const char *authority)
{
	struct body *best = NULL;

	for (size_t i = 0; i < ar->n; i++) {
		struct body *b = &ar->b[i];
		bool acc = authority[0] != '\0' &&
		    scs_org_accredited(&b->org, authority);
		bool bacc = best != NULL && authority[0] != '\0' &&
		    scs_org_accredited(&best->org, authority);

		if (best == NULL || (acc && !bacc) ||
		    (acc == bacc && b->load < best->load))
			best = b;
	}
	return best;
}

int
scs_op_alert_raise(struct scs_alert_raiser *ar, struct scs_alert *a,
    const char *narrative, bool *out_new, struct scs_err *err)
{
	struct scs_ctx *c = ar->c;
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ALERT);
	char detail[SCS_PURPOSE_MAX + 1];
	struct person_ctx pc;
	struct body *best;
	int64_t now = c->now_us() / 1000000;
	int rc;

	*out_new = false;
	if (r == NULL)
		return oom(err);
	alert_id(a, a->id);
	r->u.alert = *a;
	memset(&r->u.alert.narrative, 0, sizeof(r->u.alert.narrative));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK) /* raised before */
		goto out;
	if (rc != SCS_ENOTFOUND)
		goto out;
	scs_err_clear(err);
	scs_record_init(r, SCS_KIND_ALERT);
	r->u.alert = *a;
	memset(&r->u.alert.narrative, 0, sizeof(r->u.alert.narrative));
	r->u.alert.raised = now;
	r->u.alert.state = SCS_ALERT_OPEN;
	r->u.alert.has_triaged = false;
	r->u.alert.triaged_by[0] = '\0';
	if (a->origin == SCS_ALERT_FEED) {
		/* the person reported it first: already self-reported */
		char sr[SCS_ID_MAX + 1];

		if ((rc = scs_op_self_reported(c, a->person, a->type, a->date,
		         sr, err)) != SCS_OK)
			goto out;
		if (sr[0] != '\0') {
			r->u.alert.state = SCS_ALERT_SELF_REPORTED;
			r->u.alert.triaged = now;
			r->u.alert.has_triaged = true;
			(void)snprintf(r->u.alert.triaged_by,
			    sizeof(r->u.alert.triaged_by), "scs:self-report %s",
			    sr);
		}
	}
	if ((rc = person_facts(c, a->person, now, &pc, err)) != SCS_OK)
		goto out;
	if (pc.body[0] != '\0') {
		(void)scs_strlcpy(r->u.alert.body, pc.body,
		    sizeof(r->u.alert.body));
	} else if ((best = least_loaded(ar, pc.authority)) != NULL) {
		/* the least loaded body accredited for the person's
		 * clearance, else the least loaded body; ties to the first */
		(void)scs_strlcpy(r->u.alert.body, best->org.id,
		    sizeof(r->u.alert.body));
		best->load++;
	}
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK)
		goto out;
	if (narrative != NULL && *narrative != '\0') {
		/* a sealed text is kept as its JSON string */
		json_t *js = json_string(narrative);
		char *text =
		    js != NULL ? json_dumps(js, JSON_ENCODE_ANY) : NULL;

		json_decref(js);
		rc = text == NULL ? oom(err)
		                  : scs_op_seal_field(c, r, "narrative", text,
		                        strlen(text), err);
		if (text != NULL)
			scs_crypto_wipe(text, strlen(text));
		free(text);
		if (rc != SCS_OK)
			goto out;
	}
	/* What the annual report counts it by (docs/oversight.md). */
	(void)snprintf(detail, sizeof(detail), "origin=%s state=%s",
	    scs_alert_origin_codes[r->u.alert.origin],
	    scs_alert_state_codes[r->u.alert.state]);
	if ((rc = scs_op_put(c, r, SCS_PUT_INSERT, "create", detail, err)) !=
	    SCS_OK)
		goto out;
	*a = r->u.alert;
	memset(&a->narrative, 0, sizeof(a->narrative));
	*out_new = true;
out:
	scs_op_rec_free(r);
	return rc;
}

/* ---- concern reports -------------------------------------------------- */

const char *const scs_concern_type_codes[SCS_CONCERN_NTYPES] =
    {"security_breach", "foreign_contact", "financial", "conduct",
        "substance_misuse", "other"};

/* Whether @person is enrolled now: an active or interim clearance valid
 * now, or an open case. */
static int
enrolled_now(struct scs_ctx *c, const char *person, int64_t now, bool *out,
    struct scs_err *err)
{
	struct person_ctx pc;
	struct scs_rec_query q;
	uint64_t open = 0;
	const char *states[SCS_CASE_NSTATES + 1];
	size_t n = 0;
	int rc;

	*out = false;
	if ((rc = person_facts(c, person, now, &pc, err)) != SCS_OK)
		return rc;
	if (pc.authority[0] != '\0') {
		*out = true;
		return SCS_OK;
	}
	memset(states, 0, sizeof(states));
	for (int i = 0; i < SCS_CASE_NSTATES; i++)
		if (scs_case_open((enum scs_case_state)i))
			states[n++] = scs_case_state_codes[i];
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	q.in_field = "state";
	q.in_values = states;
	if ((rc = scs_store_rec_count(c->st, SCS_KIND_CASE, &q, &open, err)) !=
	    SCS_OK)
		return rc;
	*out = open > 0;
	return SCS_OK;
}

int
scs_op_concern_report(struct scs_ctx *c, const struct scs_concern *in,
    char out_receipt[SCS_ID_MAX + 1], struct scs_err *err)
{
	struct scs_alert_raiser *ar = NULL;
	struct scs_person p;
	struct scs_alert a;
	struct scs_actor who = c->actor;
	char text[SCS_CONCERN_TEXT_MAX + SCS_NAME_MAX + 64];
	int64_t now = c->now_us() / 1000000;
	bool enrolled = false, fresh = false;
	int rc;

	out_receipt[0] = '\0';
	if (c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_RELYING)
		return scs_err_set(err, SCS_EDENIED, "role",
		    "a service account raises no concerns");
	if (scs_valid_id(in->person, "person", err) != SCS_OK ||
	    (unsigned)in->type >= SCS_CONCERN_NTYPES ||
	    scs_valid_date(in->date, "date", err) != SCS_OK ||
	    scs_valid_text(in->text, SCS_CONCERN_TEXT_MAX, "text", err) !=
	        SCS_OK ||
	    (in->reporter[0] != '\0' &&
	        scs_valid_text(in->reporter, SCS_NAME_MAX, "reporter", err) !=
	            SCS_OK))
		return (unsigned)in->type >= SCS_CONCERN_NTYPES
		    ? scs_err_set(err, SCS_EINVAL, "type",
		          "must be one of security_breach, foreign_contact, "
		          "financial, conduct, substance_misuse, other")
		    : SCS_EINVAL;
	/* The receipt is the same whoever the person is: a concern does not
	 * tell its reporter who is cleared. */
	scs_op_id("CR-", NULL, 8, out_receipt);
	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	rc = scs_store_person_get(c->st, in->person, &p, err);
	if (rc == SCS_ENOTFOUND) {
		scs_err_clear(err);
		goto unmatched;
	}
	if (rc != SCS_OK ||
	    (rc = enrolled_now(c, in->person, now, &enrolled, err)) != SCS_OK)
		goto abort;
	if (!enrolled)
		goto unmatched;
	memset(&a, 0, sizeof(a));
	(void)scs_strlcpy(a.person, in->person, sizeof(a.person));
	a.origin = SCS_ALERT_CONCERN;
	(void)scs_strlcpy(a.source, "concern", sizeof(a.source));
	(void)scs_strlcpy(a.type, scs_concern_type_codes[in->type],
	    sizeof(a.type));
	(void)scs_strlcpy(a.date, in->date, sizeof(a.date));
	(void)scs_strlcpy(a.record, out_receipt, sizeof(a.record));
	a.match = SCS_ALERT_MATCH_NONE;
	(void)snprintf(text, sizeof(text), "%s%s%s", in->text,
	    in->reporter[0] != '\0' ? "\nreported by: " : "", in->reporter);
	/* Unless the reporter gives a name, nothing keeps who reported: the
	 * alert and its audit entries name an anonymous actor. */
	if (in->reporter[0] == '\0') {
		c->actor.kind = SCS_ACTOR_NONE;
		(void)scs_strlcpy(c->actor.name, "anonymous",
		    sizeof(c->actor.name));
		c->actor.user[0] = '\0';
	}
	if ((rc = scs_op_alert_raiser_open(c, &ar, err)) == SCS_OK)
		rc = scs_op_alert_raise(ar, &a, text, &fresh, err);
	scs_op_alert_raiser_close(ar);
	c->actor = who;
	scs_crypto_wipe(text, sizeof(text));
	if (rc != SCS_OK)
		goto abort;
	scs_person_clear(&p);
	return scs_op_commit(c, err);
unmatched:
	scs_person_clear(&p);
	(void)scs_op_abort(c, SCS_OK);
	return SCS_OK;
abort:
	c->actor = who;
	scs_person_clear(&p);
	(void)scs_op_abort(c, rc);
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* Whether the actor may see alert @a: the OS, or an investigator of its
 * body. */
static bool
may_see(const struct scs_ctx *c, const struct scs_alert *a)
{
	if (c->actor.kind == SCS_ACTOR_OS)
		return true;
	return c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == INVESTIGATOR && a->body[0] != '\0' &&
	    strcmp(a->body, c->actor.org) == 0;
}

/* Alert @id into @r, or SCS_ENOTFOUND when it is not the actor's. */
static int
load(struct scs_ctx *c, const char *id, struct scs_record *r,
    struct scs_err *err)
{
	int rc;

	if (scs_valid_id(id, "id", err) != SCS_OK)
		return SCS_EINVAL;
	scs_record_init(r, SCS_KIND_ALERT);
	(void)scs_strlcpy(r->u.alert.id, id, sizeof(r->u.alert.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK && !may_see(c, &r->u.alert))
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "id", "no alert \"%s\"",
		    id);
	return rc;
}

/* The API's view of @a: its fields, the evidence as an object, and the
 * person's names for the investigator. */
static json_t *
view(struct scs_ctx *c, const struct scs_record *r, struct scs_err *err)
{
	json_t *o = scs_codec_rec_json(r, 0), *w;
	struct scs_person p;

	if (o == NULL)
		return NULL;
	if (r->u.alert.weights[0] != '\0' &&
	    (w = json_loads(r->u.alert.weights, 0, NULL)) != NULL)
		(void)json_object_set_new(o, "weights", w);
	memset(&p, 0, sizeof(p));
	if (scs_store_person_get(c->st, r->u.alert.person, &p, err) == SCS_OK) {
		(void)json_object_set_new(o, "person_name",
		    json_string(p.name));
		(void)json_object_set_new(o, "person_name_latin",
		    json_string(p.name_latin));
		(void)json_object_set_new(o, "person_birth_date",
		    json_string(p.birth_date));
	}
	scs_person_clear(&p);
	scs_err_clear(err);
	return o;
}

struct listing {
	struct scs_ctx *c;
	scs_alert_cb cb;
	void *arg;
	struct scs_err *err;
};

static int
list_cb(void *arg, const struct scs_record *r)
{
	struct listing *l = arg;
	json_t *o;
	int rc;

	if (!may_see(l->c, &r->u.alert))
		return SCS_OK;
	if ((o = view(l->c, r, l->err)) == NULL)
		return oom(l->err);
	rc = l->cb(l->arg, o);
	json_decref(o);
	return rc;
}

int
scs_op_alert_list(struct scs_ctx *c, const char *state, const char *after,
    size_t limit, scs_alert_cb cb, void *arg, struct scs_err *err)
{
	struct listing l = {c, cb, arg, err};
	struct scs_record *from = NULL;
	struct scs_rec_query q;
	int st, rc;

	if ((rc = scs_op_allow(c, INVESTIGATOR, "list alerts", err)) != SCS_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	if (state != NULL) {
		if (scs_alert_code(scs_alert_state_codes, SCS_ALERT_NSTATES,
		        state, &st) != 0)
			return scs_err_set(err, SCS_EINVAL, "state",
			    "must be one of open, valid, not_valid, "
			    "self_reported");
		q.eq[0].field = "state";
		q.eq[0].value = state;
	}
	if (c->actor.kind == SCS_ACTOR_USER) {
		q.eq[state != NULL].field = "body";
		q.eq[state != NULL].value = c->actor.org;
	}
	if (after != NULL) {
		if (scs_valid_id(after, "after", err) != SCS_OK)
			return SCS_EINVAL;
		if ((from = scs_op_rec_new(SCS_KIND_ALERT)) == NULL)
			return oom(err);
		(void)scs_strlcpy(from->u.alert.id, after,
		    sizeof(from->u.alert.id));
		q.after = from;
	}
	q.limit = limit;
	q.lean = true;
	if ((rc = scs_store_begin_read(c->st, err)) == SCS_OK) {
		rc = scs_store_rec_query(c->st, SCS_KIND_ALERT, &q, list_cb, &l,
		    err);
		scs_store_rollback(c->st);
	}
	scs_op_rec_free(from);
	return rc;
}

int
scs_op_alert_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ALERT);
	char key[3 * SCS_ID_MAX];
	json_t *o = NULL;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	if ((rc = scs_op_allow(c, INVESTIGATOR, "read alerts", err)) !=
	        SCS_OK ||
	    (purpose != NULL && *purpose != '\0' &&
	        (rc = scs_valid_text(purpose, SCS_PURPOSE_MAX, "purpose",
	             err)) != SCS_OK) ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	scs_record_object(r, key, sizeof(key));
	/* the narrative is sealed: opening it is on the record */
	if ((rc = scs_op_audit(c, "read", "alert", key, NULL,
	         purpose != NULL && *purpose != '\0' ? purpose : "triage",
	         err)) != SCS_OK ||
	    (o = view(c, r, err)) == NULL ||
	    (rc = scs_op_open_plain(c, r, o, err)) != SCS_OK) {
		if (o == NULL && rc == SCS_OK)
			rc = oom(err);
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK) {
		*out = o;
		o = NULL;
	}
out:
	json_decref(o);
	scs_op_rec_free(r);
	return rc;
}

/* ---- triage ----------------------------------------------------------- */

/* Whether triage @t may be asked for: a state other than open, and a
 * suspension or a review only of a valid alert.  SCS_OK or SCS_EINVAL. */
static int
triage_check(const struct scs_alert_triage *t, struct scs_err *err)
{
	if (t->state == SCS_ALERT_OPEN ||
	    (unsigned)t->state >= SCS_ALERT_NSTATES)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be valid, not_valid or self_reported");
	if ((t->suspend || t->review) && t->state != SCS_ALERT_VALID)
		return scs_err_set(err, SCS_EINVAL,
		    t->suspend ? "suspend" : "review",
		    "only a valid alert suspends or opens a review");
	return SCS_OK;
}

/* Suspend the person of alert @a from @now on, written as @s inside the
 * open transaction. */
static int
triage_suspend(struct scs_ctx *c, struct scs_alert *a, struct scs_record *s,
    int64_t now, struct scs_err *err)
{
	int rc;

	/* The suspension is a decision input: the access decision
	 * sees it when this transaction commits. */
	s->u.suspension = (struct scs_suspension){.valid_from = now,
	    .valid_until = SCS_TIME_NEVER};
	(void)scs_strlcpy(s->u.suspension.person, a->person,
	    sizeof(s->u.suspension.person));
	(void)snprintf(s->u.suspension.reason, sizeof(s->u.suspension.reason),
	    "alert %s", a->id);
	if ((rc = scs_record_validate(c->rd, s, err)) != SCS_OK ||
	    (rc = scs_op_put(c, s, SCS_PUT_INSERT, "create", NULL, err)) !=
	        SCS_OK)
		return rc;
	a->suspended = true;
	return SCS_OK;
}

/* Open a review case of the person of alert @a under its best clearance
 * now, inside the open transaction; its id into a->review_case. */
static int
triage_review(struct scs_ctx *c, struct scs_alert *a, int64_t now,
    struct scs_err *err)
{
	struct person_ctx pc;
	char need[SCS_NEED_MAX + 1];
	int rc;

	if ((rc = person_facts(c, a->person, now, &pc, err)) != SCS_OK)
		return rc;
	if (pc.authority[0] == '\0')
		return scs_err_set(err, SCS_ECONFLICT, "review",
		    "%s holds no active clearance to review", a->person);
	(void)snprintf(need, sizeof(need),
	    "review after alert %s (%s %s of %s)", a->id, a->source, a->type,
	    a->date);
	return scs_op_case_review_in(c, a->person, pc.authority, pc.level, need,
	    a->body, now, a->review_case, err);
}

int
scs_op_alert_triage(struct scs_ctx *c, const char *id,
    const struct scs_alert_triage *t, json_t **out, struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ALERT);
	struct scs_record *s = scs_op_rec_new(SCS_KIND_SUSPENSION);
	int64_t now = c->now_us() / 1000000;
	char detail[SCS_PURPOSE_MAX + 1];
	struct scs_alert *a;
	int rc;

	if (out != NULL)
		*out = NULL;
	if (r == NULL || s == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, INVESTIGATOR, "triage alerts", err)) !=
	    SCS_OK)
		goto out;
	if ((rc = triage_check(t, err)) != SCS_OK)
		goto out;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK)
		goto abort;
	a = &r->u.alert;
	if (a->state != SCS_ALERT_OPEN) {
		rc = scs_err_set(err, SCS_ECONFLICT, "state",
		    "the alert was triaged already (%s)",
		    scs_alert_state_codes[a->state]);
		goto abort;
	}
	a->state = t->state;
	a->triaged = now > a->raised ? now : a->raised;
	a->has_triaged = true;
	(void)scs_strlcpy(a->triaged_by, c->actor.name, sizeof(a->triaged_by));
	if (t->suspend && (rc = triage_suspend(c, a, s, now, err)) != SCS_OK)
		goto abort;
	if (t->review && (rc = triage_review(c, a, now, err)) != SCS_OK)
		goto abort;
	/* The state, and the origin the annual report counts it by
	 * (docs/oversight.md). */
	(void)snprintf(detail, sizeof(detail), "state=%s origin=%s",
	    scs_alert_state_codes[a->state], scs_alert_origin_codes[a->origin]);
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_UPDATE, "triage", detail, err)) !=
	        SCS_OK)
		goto abort;
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	if (out != NULL && (*out = view(c, r, err)) == NULL)
		rc = oom(err);
	goto out;
abort:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	scs_op_rec_free(s);
	return rc;
}

/* ---- figures ---------------------------------------------------------- */

struct figs {
	struct scs_ctx *c;
	int64_t from, to;
	json_t *by; /* "source/type" -> counts */
	double *hours;
	size_t nhours, cap;
	uint64_t n[SCS_ALERT_NSTATES], total;
	int rc;
	struct scs_err *err;
};

static int
fig_cb(void *arg, const struct scs_record *r)
{
	struct figs *f = arg;
	const struct scs_alert *a = &r->u.alert;
	char key[2 * SCS_ALERT_CODE_MAX + 2];
	json_t *row;

	if (a->raised < f->from || a->raised >= f->to)
		return SCS_OK;
	if (f->c->actor.kind == SCS_ACTOR_USER &&
	    f->c->actor.role == INVESTIGATOR &&
	    strcmp(a->body, f->c->actor.org) != 0)
		return SCS_OK;
	(void)snprintf(key, sizeof(key), "%s/%s", a->source, a->type);
	if ((row = json_object_get(f->by, key)) == NULL) {
		row = json_pack("{s:s,s:s,s:s,s:i,s:i,s:i,s:i,s:i}", "origin",
		    scs_alert_origin_codes[a->origin], "source", a->source,
		    "type", a->type, "alerts", 0, "open", 0, "valid", 0,
		    "not_valid", 0, "self_reported", 0);
		if (row == NULL || json_object_set_new(f->by, key, row) != 0)
			return f->rc = oom(f->err);
	}
	(void)json_object_set_new(row, "alerts",
	    json_integer(
	        json_integer_value(json_object_get(row, "alerts")) + 1));
	(void)json_object_set_new(row, scs_alert_state_codes[a->state],
	    json_integer(json_integer_value(json_object_get(row,
	                     scs_alert_state_codes[a->state])) +
	        1));
	f->n[a->state]++;
	f->total++;
	if (a->has_triaged) {
		if (f->nhours == f->cap) {
			size_t c = f->cap ? f->cap * 2 : 256;
			double *h = realloc(f->hours, c * sizeof(*h));

			if (h == NULL)
				return f->rc = oom(f->err);
			f->hours = h;
			f->cap = c;
		}
		f->hours[f->nhours++] = (double)(a->triaged - a->raised) / 3600;
	}
	return SCS_OK;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static json_t *
share(uint64_t part, uint64_t whole)
{
	return whole > 0 ? json_real((double)part / (double)whole)
	                 : json_null();
}

int
scs_op_alert_stats(struct scs_ctx *c, int64_t from, int64_t to, json_t **out,
    struct scs_err *err)
{
	struct figs f = {.c = c, .from = from, .to = to, .err = err};
	uint64_t triaged, valid;
	json_t *o = NULL, *rows = NULL, *v;
	const char *key;
	double mean = 0;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c,
	         INVESTIGATOR | SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN,
	         "read the alert figures", err)) != SCS_OK)
		return rc;
	if ((f.by = json_object()) == NULL)
		return oom(err);
	if ((rc = scs_store_begin_read(c->st, err)) == SCS_OK) {
		struct scs_rec_query q;

		memset(&q, 0, sizeof(q));
		q.lean = true;
		rc = scs_store_rec_query(c->st, SCS_KIND_ALERT, &q, fig_cb, &f,
		    err);
		scs_store_rollback(c->st);
	}
	if (rc == SCS_OK)
		rc = f.rc;
	if (rc != SCS_OK)
		goto out;
	triaged = f.total - f.n[SCS_ALERT_OPEN];
	valid = f.n[SCS_ALERT_VALID] + f.n[SCS_ALERT_SELF_REPORTED];
	for (size_t i = 0; i < f.nhours; i++)
		mean += f.hours[i];
	if (f.nhours > 0) {
		mean /= (double)f.nhours;
		qsort(f.hours, f.nhours, sizeof(*f.hours), cmp_double);
	}
	rows = json_array();
	json_object_foreach(f.by, key, v)
	{
		(void)key;
		(void)json_array_append(rows, v);
	}
	o = json_pack("{s:I,s:I,s:I,s:o,s:o,s:o,s:o,s:o}", "alerts",
	    (json_int_t)f.total, "open", (json_int_t)f.n[SCS_ALERT_OPEN],
	    "triaged", (json_int_t)triaged, "valid_share",
	    share(valid, triaged), "self_reported_share",
	    share(f.n[SCS_ALERT_SELF_REPORTED], valid), "triage_hours_mean",
	    f.nhours > 0 ? json_real(mean) : json_null(), "triage_hours_median",
	    f.nhours > 0 ? json_real(f.nhours % 2 ? f.hours[f.nhours / 2]
	                                          : (f.hours[f.nhours / 2 - 1] +
	                                                f.hours[f.nhours / 2]) /
	                               2)
	                 : json_null(),
	    "by_source_type", rows);
	rows = NULL;
	if (o == NULL)
		rc = oom(err);
	*out = o;
out:
	json_decref(rows);
	json_decref(f.by);
	free(f.hours);
	return rc;
}
