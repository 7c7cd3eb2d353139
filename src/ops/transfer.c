/* SPDX-License-Identifier: Apache-2.0 */
/*
 * transfer.c - a cleared person changing employers without a new vetting
 * (issue 13, item 8; docs/attestation.md, "Transfers and lookups"): the
 * new employer's security officer asks, naming the person by id and birth
 * date (an officer sees only its own staff, so it must already know who it
 * asks about); the authority of the person's clearance, an adjudicator,
 * accepts or rejects; accepted, the person's employer changes and the
 * clearances stay.  And the reciprocity lookup: an organization learns
 * whether a person it names the same way is cleared, and at what level,
 * without seeing the person's file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/codec.h"
#include "scs/reciprocity.h"
#include "scs/record.h"

#define ADMIN       SCS_ROLE_ADMIN
#define OFFICER     SCS_ROLE_SECURITY_OFFICER
#define ADJUDICATOR SCS_ROLE_ADJUDICATOR
#define RELYING     SCS_ROLE_RELYING

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

/* The person @id whose birth date is @birth, into @p; a wrong birth date
 * reads exactly as an unknown person, so that naming ids learns
 * nothing. */
static int
named_person(struct scs_ctx *c, const json_t *body, struct scs_person *p,
    struct scs_err *err)
{
	char id[SCS_ID_MAX + 1], birth[SCS_DATE_LEN + 1];
	int rc;

	if (!json_is_object(body))
		return scs_err_set(err, SCS_EINVAL, "",
		    "the body must be a JSON object");
	if ((rc = scs_codec_str(body, "person", id, sizeof(id), true, err)) !=
	        SCS_OK ||
	    (rc = scs_valid_id(id, "person", err)) != SCS_OK ||
	    (rc = scs_codec_str(body, "birth_date", birth, sizeof(birth), true,
	         err)) != SCS_OK ||
	    (rc = scs_valid_date(birth, "birth_date", err)) != SCS_OK)
		return rc;
	rc = scs_store_person_get(c->st, id, p, err);
	if (rc == SCS_OK && strcmp(p->birth_date, birth) != 0) {
		scs_person_clear(p);
		rc = SCS_ENOTFOUND;
	}
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\" born on %s", id, birth);
	return rc;
}

/* The usable clearances of @person at @now, as a lookup shows them. */
struct usable {
	const struct scs_refdata *rd;
	int64_t now;
	json_t *a;
	char best_authority[SCS_AUTH_CODE_MAX];
	int best_rank;
};

static int
usable_cb(void *arg, const struct scs_record *r)
{
	struct usable *u = arg;
	const struct scs_clearance *cl = &r->u.clearance;
	const struct scs_level *lv;

	if ((cl->status != SCS_CLR_ACTIVE && cl->status != SCS_CLR_INTERIM) ||
	    !scs_period_holds(cl->valid_from, cl->valid_until, u->now))
		return SCS_OK;
	lv = scs_refdata_level(u->rd, cl->authority, cl->level);
	if (lv != NULL && lv->rank > u->best_rank) {
		u->best_rank = lv->rank;
		(void)scs_strlcpy(u->best_authority, cl->authority,
		    sizeof(u->best_authority));
	}
	if (u->a == NULL)
		return SCS_OK;
	return json_array_append_new(u->a,
	           json_pack("{s:s, s:s, s:i, s:s, s:o}", "authority",
	               cl->authority, "level", cl->level, "rank",
	               lv != NULL ? lv->rank : 0, "status",
	               scs_clearance_status_name(cl->status), "valid_until",
	               cl->valid_until == SCS_TIME_NEVER
	                   ? json_null()
	                   : scs_codec_instant_json(cl->valid_until))) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

static int
usable(struct scs_ctx *c, const char *person, struct usable *u,
    struct scs_err *err)
{
	struct scs_rec_query q;
	int rc;

	u->rd = c->rd;
	u->now = c->now_us() / 1000000;
	u->best_rank = -1;
	u->best_authority[0] = '\0';
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, usable_cb, u,
	    err);
	return rc == SCS_ENOMEM ? oom(err) : rc;
}

int
scs_op_clearance_lookup(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_person p;
	struct usable u;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	memset(&u, 0, sizeof(u));
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | RELYING,
	         "look up clearances", err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((u.a = json_array()) == NULL) {
		rc = oom(err);
		goto fail;
	}
	if ((rc = named_person(c, body, &p, err)) != SCS_OK ||
	    (rc = usable(c, p.id, &u, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "lookup", "person", p.id, NULL,
	         "reciprocity lookup", err)) != SCS_OK)
		goto fail;
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	*out = json_pack("{s:s, s:b, s:O}", "person", p.id, "cleared",
	    json_array_size(u.a) > 0, "clearances", u.a);
	if (*out == NULL)
		rc = oom(err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	json_decref(u.a);
	scs_person_clear(&p);
	return rc;
}

/* ---- transfers ---- */

struct open_acc {
	bool open;
};

static int
open_cb(void *arg, const struct scs_record *r)
{
	if (r->u.transfer.state == SCS_TRANSFER_REQUESTED)
		((struct open_acc *)arg)->open = true;
	return SCS_OK;
}

static int
fill_request(struct scs_ctx *c, const json_t *body, struct scs_transfer *t,
    struct scs_err *err)
{
	struct scs_person p;
	struct scs_org org;
	struct usable u;
	struct open_acc open = {false};
	struct scs_rec_query q;
	int rc;

	memset(&u, 0, sizeof(u));
	if (c->actor.kind == SCS_ACTOR_USER && c->actor.role == OFFICER) {
		const char *to =
		    json_string_value(json_object_get(body, "to_org"));

		(void)scs_strlcpy(t->to_org, c->actor.org, sizeof(t->to_org));
		if (json_object_get(body, "to_org") != NULL &&
		    (to == NULL || strcmp(to, c->actor.org) != 0))
			return scs_err_set(err, SCS_EDENIED, "to_org",
			    "a security officer asks for their own "
			    "organization");
	} else if ((rc = scs_codec_str(body, "to_org", t->to_org,
	                sizeof(t->to_org), true, err)) != SCS_OK) {
		return rc;
	}
	rc = scs_store_org_get(c->st, t->to_org, &org, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "to_org",
		    "no organization \"%s\"", t->to_org);
	if (rc != SCS_OK || (rc = named_person(c, body, &p, err)) != SCS_OK)
		return rc;
	(void)scs_strlcpy(t->person, p.id, sizeof(t->person));
	(void)scs_strlcpy(t->from_org, p.org, sizeof(t->from_org));
	scs_person_clear(&p);
	if (strcmp(t->from_org, t->to_org) == 0)
		return scs_err_set(err, SCS_ECONFLICT, "to_org",
		    "%s works for %s already", t->person, t->to_org);
	if ((rc = usable(c, t->person, &u, err)) != SCS_OK)
		return rc;
	if (u.best_rank < 0)
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "%s holds no active clearance to transfer: nominate them "
		    "for vetting",
		    t->person);
	(void)scs_strlcpy(t->authority, u.best_authority, sizeof(t->authority));
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = t->person;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_TRANSFER, &q, open_cb,
	         &open, err)) != SCS_OK)
		return rc;
	if (open.open)
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "a transfer of %s is waiting already", t->person);
	return SCS_OK;
}

int
scs_op_transfer_request(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_TRANSFER);
	struct scs_transfer *t;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	t = &r->u.transfer;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "ask for transfers", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if (!json_is_object(body)) {
		rc = scs_err_set(err, SCS_EINVAL, "",
		    "the body must be a JSON object");
		goto fail;
	}
	scs_op_id("TR-", NULL, 8, t->id);
	t->state = SCS_TRANSFER_REQUESTED;
	t->requested = c->now_us() / 1000000;
	(void)scs_strlcpy(t->requested_by, c->actor.name,
	    sizeof(t->requested_by));
	if ((rc = fill_request(c, body, t, err)) != SCS_OK ||
	    (rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_INSERT, "request", NULL, err)) !=
	        SCS_OK)
		goto fail;
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = scs_codec_rec_json(r, 0)) == NULL)
		rc = oom(err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	return rc;
}

/* Transfer @id into @r, when the actor may see it: adjudicators and
 * admins all; an officer those to or from its organization. */
static int
load(struct scs_ctx *c, const char *id, struct scs_record *r,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(id, "id", err)) != SCS_OK)
		return rc;
	scs_record_init(r, SCS_KIND_TRANSFER);
	(void)scs_strlcpy(r->u.transfer.id, id, sizeof(r->u.transfer.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == OFFICER &&
	    strcmp(r->u.transfer.to_org, c->actor.org) != 0 &&
	    strcmp(r->u.transfer.from_org, c->actor.org) != 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "id",
		    "no transfer \"%s\"", id);
	return rc;
}

/* Move the person to the new employer: an update of the person, audited
 * as a transfer. */
static int
move_person(struct scs_ctx *c, const struct scs_transfer *t,
    struct scs_err *err)
{
	struct scs_person p;
	uint8_t state[32];
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = scs_store_person_get(c->st, t->person, &p, err)) != SCS_OK)
		return rc;
	if (strcmp(p.org, t->from_org) != 0)
		rc = scs_err_set(err, SCS_ECONFLICT, "id",
		    "%s no longer works for %s", t->person, t->from_org);
	else {
		(void)scs_strlcpy(p.org, t->to_org, sizeof(p.org));
		scs_op_state_person(&p, state);
		if ((rc = scs_store_person_put(c->st, &p, SCS_PUT_UPDATE,
		         err)) == SCS_OK)
			rc = scs_op_audit(c, "transfer", "person", p.id, state,
			    t->id, err);
	}
	scs_person_clear(&p);
	return rc;
}

int
scs_op_transfer_decide(struct scs_ctx *c, const char *id,
    enum scs_transfer_state to, const char *reason, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_TRANSFER);
	struct scs_transfer *t;
	bool cancel = to == SCS_TRANSFER_CANCELLED;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	t = &r->u.transfer;
	rc = cancel
	    ? scs_op_allow(c, ADMIN | OFFICER, "cancel transfers", err)
	    : scs_op_allow(c, ADMIN | ADJUDICATOR, "decide transfers", err);
	if (rc != SCS_OK || (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK)
		goto fail;
	if (cancel && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == OFFICER && strcmp(t->to_org, c->actor.org) != 0) {
		rc = scs_err_set(err, SCS_EDENIED, "id",
		    "only the organization that asked may cancel");
		goto fail;
	}
	if (t->state != SCS_TRANSFER_REQUESTED) {
		rc = scs_err_set(err, SCS_ECONFLICT, "id",
		    "transfer %s is %s already", id,
		    scs_transfer_state_codes[t->state]);
		goto fail;
	}
	if (to == SCS_TRANSFER_REJECTED &&
	    (reason == NULL || reason[0] == '\0')) {
		rc = scs_err_set(err, SCS_EINVAL, "reason",
		    "a rejection must give its reason");
		goto fail;
	}
	if (reason != NULL &&
	    (rc = scs_valid_text(reason, SCS_REASON_MAX, "reason", err)) !=
	        SCS_OK)
		goto fail;
	t->state = to;
	t->decided = c->now_us() / 1000000;
	t->has_decided = true;
	(void)scs_strlcpy(t->decided_by, c->actor.name, sizeof(t->decided_by));
	(void)scs_strlcpy(t->reason, reason != NULL ? reason : "",
	    sizeof(t->reason));
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (to == SCS_TRANSFER_ACCEPTED &&
	        (rc = move_person(c, t, err)) != SCS_OK) ||
	    (rc = scs_op_put(c, r, SCS_PUT_UPDATE,
	         to == SCS_TRANSFER_ACCEPTED       ? "accept"
	             : to == SCS_TRANSFER_REJECTED ? "reject"
	                                           : "cancel",
	         NULL, err)) != SCS_OK)
		goto fail;
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = scs_codec_rec_json(r, 0)) == NULL)
		rc = oom(err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	return rc;
}

struct list_acc {
	const struct scs_ctx *c;
	json_t *a;
};

static int
list_cb(void *arg, const struct scs_record *r)
{
	struct list_acc *l = arg;
	const struct scs_transfer *t = &r->u.transfer;

	if (l->c->actor.kind == SCS_ACTOR_USER && l->c->actor.role == OFFICER &&
	    strcmp(t->to_org, l->c->actor.org) != 0 &&
	    strcmp(t->from_org, l->c->actor.org) != 0)
		return SCS_OK;
	return json_array_append_new(l->a, scs_codec_rec_json(r, 0)) == 0
	    ? SCS_OK
	    : SCS_ENOMEM;
}

int
scs_op_transfer_list(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct list_acc l = {c, NULL};
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | ADJUDICATOR,
	         "list transfers", err)) != SCS_OK)
		return rc;
	if ((l.a = json_array()) == NULL)
		return oom(err);
	rc = scs_store_rec_each(c->st, SCS_KIND_TRANSFER, list_cb, &l, err);
	if (rc != SCS_OK) {
		json_decref(l.a);
		return rc == SCS_ENOMEM ? oom(err) : rc;
	}
	*out = l.a;
	return SCS_OK;
}
