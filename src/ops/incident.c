/* SPDX-License-Identifier: Apache-2.0 */
/*
 * incident.c - security incidents, the operations (cv.h): a security
 * officer records one for their organization (an admin or the operating
 * system for any), with the persons involved, the items and a sealed
 * narrative; may suspend persons at once; each involved person who is
 * enrolled gets an alert for the investigators (a review case may follow
 * from its triage); the legal exposure of each person comes from
 * data/penalties.csv.  Closing records the outcome.  The report counts
 * incidents by type, organization and authority, never a person.
 *
 * Who: officers their own organization's incidents; investigators and
 * adjudicators every incident (vetting reads them); admins record and
 * close but do not read narratives (no dossier content); auditors the
 * counts.
 */
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

#define OFFICER SCS_ROLE_SECURITY_OFFICER
#define ADMIN   SCS_ROLE_ADMIN
#define VETTING SCS_ROLE_VETTING

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

/* A list member @key of @b (strings) into @list. */
static int
id_list(const json_t *b, const char *key, char (*list)[SCS_ID_MAX + 1],
    size_t max, size_t *n, struct scs_err *err)
{
	const json_t *a = json_object_get(b, key), *v;
	size_t i;

	*n = 0;
	if (a == NULL || json_is_null(a))
		return SCS_OK;
	if (!json_is_array(a) || json_array_size(a) > max)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be an array of at most %zu ids", max);
	json_array_foreach(a, i, v)
	{
		if (!json_is_string(v) ||
		    !scs_strlcpy(list[i], json_string_value(v),
		        SCS_ID_MAX + 1)) {
			char field[48];

			(void)snprintf(field, sizeof(field), "%s[%zu]", key, i);
			return scs_err_set(err, SCS_EINVAL, field,
			    "must be an id");
		}
		(*n)++;
	}
	return SCS_OK;
}

static bool
involved(const struct scs_incident *in, const char *person, bool *handled)
{
	for (size_t i = 0; i < in->nhandlers; i++)
		if (strcmp(in->handlers[i], person) == 0) {
			*handled = true;
			return true;
		}
	for (size_t i = 0; i < in->nrecipients; i++)
		if (strcmp(in->recipients[i], person) == 0) {
			*handled = false;
			return true;
		}
	return false;
}

/* The exposure for item @i of @in of a person who @handled it (else
 * received it), as a JSON row; *@years rises to its prison term. */
static json_t *
item_exposure(struct scs_ctx *c, const struct scs_incident *in, size_t i,
    bool handled, struct scs_record *it, int *years, struct scs_err *err)
{
	const struct scs_penalty *pen;
	json_t *row;

	scs_record_init(it, SCS_KIND_ITEM);
	(void)scs_strlcpy(it->u.item.id, in->items[i], sizeof(it->u.item.id));
	if (scs_store_rec_get(c->st, it, it, err) != SCS_OK) {
		scs_err_clear(err);
		return json_pack("{s:s}", "item", in->items[i]);
	}
	pen = scs_incident_penalty(c->rd, in->type, it->u.item.authority,
	    handled);
	row = json_pack("{s:s,s:s}", "item", in->items[i], "authority",
	    it->u.item.authority);
	if (row == NULL || pen == NULL)
		return row;
	(void)json_object_set_new(row, "offence", json_string(pen->offence));
	(void)json_object_set_new(row, "max_prison_years",
	    json_integer(pen->max_prison_years));
	(void)json_object_set_new(row, "max_fine_yen",
	    pen->max_fine_yen >= 0 ? json_integer(pen->max_fine_yen)
	                           : json_null());
	if (pen->max_prison_years > *years)
		*years = pen->max_prison_years;
	return row;
}

/* The exposure of each person involved, item by item, into @o. */
static int
exposure(struct scs_ctx *c, const struct scs_incident *in, json_t *o,
    struct scs_err *err)
{
	json_t *persons = json_array();
	struct scs_record *it = scs_op_rec_new(SCS_KIND_ITEM);
	int rc = SCS_OK;

	if (persons == NULL || it == NULL) {
		json_decref(persons);
		scs_op_rec_free(it);
		return oom(err);
	}
	for (size_t k = 0; k < in->nhandlers + in->nrecipients; k++) {
		bool handled = k < in->nhandlers;
		const char *p = handled ? in->handlers[k]
		                        : in->recipients[k - in->nhandlers];
		json_t *items = json_array(), *row;
		int years = 0;

		for (size_t i = 0; i < in->nitems && items != NULL; i++)
			(void)json_array_append_new(items,
			    item_exposure(c, in, i, handled, it, &years, err));
		row = json_pack("{s:s,s:s,s:o,s:i}", "person", p, "part",
		    handled ? "handled" : "received", "items",
		    items != NULL ? items : json_array(), "max_prison_years",
		    years);
		if (row == NULL || json_array_append_new(persons, row) != 0) {
			rc = oom(err);
			break;
		}
	}
	scs_op_rec_free(it);
	if (rc == SCS_OK)
		(void)json_object_set_new(o, "exposure", persons);
	else
		json_decref(persons);
	return rc;
}

static json_t *
view(struct scs_ctx *c, const struct scs_record *r, struct scs_err *err)
{
	json_t *o = scs_codec_rec_json(r, 0);

	if (o != NULL && exposure(c, &r->u.incident, o, err) != SCS_OK) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* Whether every person and item @in names exists. */
static int
refs_exist(struct scs_ctx *c, const struct scs_incident *in,
    struct scs_err *err)
{
	struct scs_record *it = scs_op_rec_new(SCS_KIND_ITEM);
	struct scs_person p;
	char field[48];
	int rc = SCS_OK;

	if (it == NULL)
		return oom(err);
	for (size_t k = 0; rc == SCS_OK && k < in->nhandlers + in->nrecipients;
	     k++) {
		bool h = k < in->nhandlers;
		const char *id =
		    h ? in->handlers[k] : in->recipients[k - in->nhandlers];

		memset(&p, 0, sizeof(p));
		rc = scs_store_person_get(c->st, id, &p, err);
		scs_person_clear(&p);
		if (rc == SCS_ENOTFOUND) {
			(void)snprintf(field, sizeof(field), "%s[%zu]",
			    h ? "handlers" : "recipients",
			    h ? k : k - in->nhandlers);
			rc = scs_err_set(err, SCS_EINVAL, field,
			    "no person \"%s\"", id);
		}
	}
	for (size_t i = 0; rc == SCS_OK && i < in->nitems; i++) {
		scs_record_init(it, SCS_KIND_ITEM);
		(void)scs_strlcpy(it->u.item.id, in->items[i],
		    sizeof(it->u.item.id));
		rc = scs_store_rec_get(c->st, it, it, err);
		if (rc == SCS_ENOTFOUND) {
			(void)snprintf(field, sizeof(field), "items[%zu]", i);
			rc = scs_err_set(err, SCS_EINVAL, field,
			    "no item \"%s\"", in->items[i]);
		}
	}
	scs_op_rec_free(it);
	return rc;
}

/* The suspensions and alerts of a recorded incident @in. */
static int
consequences(struct scs_ctx *c, const struct scs_incident *in,
    char (*suspend)[SCS_ID_MAX + 1], size_t nsuspend, int64_t now,
    struct scs_err *err)
{
	struct scs_record *s = scs_op_rec_new(SCS_KIND_SUSPENSION);
	struct scs_alert_raiser *ar = NULL;
	char auth[SCS_AUTH_CODE_MAX], level[SCS_LEVEL_CODE_MAX];
	char text[512];
	int rc = SCS_OK;

	if (s == NULL)
		return oom(err);
	for (size_t i = 0; rc == SCS_OK && i < nsuspend; i++) {
		bool handled;

		if (!involved(in, suspend[i], &handled)) {
			rc = scs_err_set(err, SCS_EINVAL, "suspend",
			    "%s is not involved in the incident", suspend[i]);
			break;
		}
		scs_record_init(s, SCS_KIND_SUSPENSION);
		s->u.suspension.valid_from = now;
		s->u.suspension.valid_until = SCS_TIME_NEVER;
		(void)scs_strlcpy(s->u.suspension.person, suspend[i],
		    sizeof(s->u.suspension.person));
		(void)snprintf(s->u.suspension.reason,
		    sizeof(s->u.suspension.reason), "incident %s", in->id);
		if ((rc = scs_record_validate(c->rd, s, err)) == SCS_OK)
			rc = scs_op_put(c, s, SCS_PUT_INSERT, "create", NULL,
			    err);
	}
	if (rc == SCS_OK)
		rc = scs_op_alert_raiser_open(c, &ar, err);
	for (size_t k = 0; rc == SCS_OK && k < in->nhandlers + in->nrecipients;
	     k++) {
		bool h = k < in->nhandlers, fresh;
		const char *p =
		    h ? in->handlers[k] : in->recipients[k - in->nhandlers];
		struct scs_alert a;

		if ((rc = scs_op_best_clearance(c, p, now, auth, level, err)) !=
		        SCS_OK ||
		    auth[0] == '\0')
			continue; /* not cleared: nothing to review */
		memset(&a, 0, sizeof(a));
		(void)scs_strlcpy(a.person, p, sizeof(a.person));
		a.origin = SCS_ALERT_INCIDENT;
		(void)scs_strlcpy(a.source, "incident", sizeof(a.source));
		(void)scs_strlcpy(a.type, scs_incident_type_codes[in->type],
		    sizeof(a.type));
		(void)scs_strlcpy(a.date, in->occurred, sizeof(a.date));
		(void)scs_strlcpy(a.record, in->id, sizeof(a.record));
		(void)snprintf(text, sizeof(text),
		    "incident %s at %s: %s on %s; %s the information", in->id,
		    in->org, scs_incident_type_codes[in->type], in->occurred,
		    h ? "handled" : "received");
		rc = scs_op_alert_raise(ar, &a, text, &fresh, err);
	}
	scs_op_alert_raiser_close(ar);
	scs_op_rec_free(s);
	return rc;
}

/* The incident of @b into @r, and whom to suspend. */
static int
fill(struct scs_ctx *c, const json_t *b, struct scs_record *r,
    char (*suspend)[SCS_ID_MAX + 1], size_t *nsuspend, int64_t now,
    struct scs_err *err)
{
	static const char *const keys[] = {"id", "org", "type", "occurred",
	    "person", "handlers", "recipients", "items", "narrative", "suspend",
	    NULL};
	struct scs_incident *in = &r->u.incident;
	const char *key, *type;
	json_t *v;
	int code, rc;

	if (!json_is_object(b))
		return scs_err_set(err, SCS_EINVAL, "",
		    "a JSON object body is required");
	json_object_foreach((json_t *)b, key, v)
	{
		size_t i;

		for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of an incident");
	}
	rc = scs_codec_str(b, "id", in->id, sizeof(in->id), false, err);
	if (rc == SCS_ENOTFOUND)
		scs_op_id("IN-", NULL, 10, in->id);
	else if (rc != SCS_OK)
		return rc;
	if (c->actor.kind == SCS_ACTOR_USER && c->actor.role == OFFICER) {
		(void)scs_strlcpy(in->org, c->actor.org, sizeof(in->org));
		if (json_object_get(b, "org") != NULL &&
		    strcmp(json_string_value(json_object_get(b, "org")) != NULL
		            ? json_string_value(json_object_get(b, "org"))
		            : "",
		        c->actor.org) != 0)
			return scs_err_set(err, SCS_EDENIED, "org",
			    "an officer records their own organization's "
			    "incidents");
	} else if ((rc = scs_codec_str(b, "org", in->org, sizeof(in->org), true,
	                err)) != SCS_OK) {
		return rc;
	}
	type = json_string_value(json_object_get(b, "type"));
	if (type == NULL ||
	    scs_alert_code(scs_incident_type_codes, SCS_INC_NTYPES, type,
	        &code) != 0)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one of intentional_disclosure, "
		    "negligent_disclosure, mishandling, loss, "
		    "unreported_contact");
	in->type = (enum scs_incident_type)code;
	if ((rc = scs_codec_str(b, "occurred", in->occurred,
	         sizeof(in->occurred), true, err)) != SCS_OK ||
	    (rc = id_list(b, "handlers", in->handlers, SCS_INCIDENT_PERSONS,
	         &in->nhandlers, err)) != SCS_OK ||
	    (rc = id_list(b, "recipients", in->recipients, SCS_INCIDENT_PERSONS,
	         &in->nrecipients, err)) != SCS_OK ||
	    (rc = id_list(b, "items", in->items, SCS_INCIDENT_ITEMS,
	         &in->nitems, err)) != SCS_OK ||
	    (rc = id_list(b, "suspend", suspend,
	         (size_t)2 * SCS_INCIDENT_PERSONS, nsuspend, err)) != SCS_OK)
		return rc;
	rc = scs_codec_str(b, "person", in->person, sizeof(in->person), false,
	    err);
	if (rc == SCS_ENOTFOUND)
		(void)scs_strlcpy(in->person,
		    in->nhandlers > 0 ? in->handlers[0] : in->recipients[0],
		    sizeof(in->person));
	else if (rc != SCS_OK)
		return rc;
	if (!json_is_string(json_object_get(b, "narrative")) ||
	    json_string_length(json_object_get(b, "narrative")) == 0)
		return scs_err_set(err, SCS_EINVAL, "narrative",
		    "must say what happened (a text)");
	in->recorded = now;
	(void)scs_strlcpy(in->recorded_by, c->actor.name,
	    sizeof(in->recorded_by));
	return scs_record_validate(c->rd, r, err);
}

/* The detail of an incident's audit entry: what the annual report counts
 * it by (docs/oversight.md), so that the log alone gives it. */
static const char *
detail(const struct scs_incident *in, char out[SCS_PURPOSE_MAX + 1])
{
	(void)snprintf(out, SCS_PURPOSE_MAX + 1, "organ=%s type=%s", in->org,
	    scs_incident_type_codes[in->type]);
	return out;
}

int
scs_op_incident_record(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	char det[SCS_PURPOSE_MAX + 1];
	struct scs_record *r = scs_op_rec_new(SCS_KIND_INCIDENT);
	char(*suspend)[SCS_ID_MAX + 1] =
	    calloc((size_t)2 * SCS_INCIDENT_PERSONS, SCS_ID_MAX + 1);
	int64_t now = c->now_us() / 1000000;
	size_t nsuspend = 0;
	json_t *plain = NULL;
	int rc;

	*out = NULL;
	if (r == NULL || suspend == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, OFFICER | ADMIN, "record incidents", err)) !=
	        SCS_OK ||
	    (rc = fill(c, body, r, suspend, &nsuspend, now, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	plain =
	    json_pack("{s:O}", "narrative", json_object_get(body, "narrative"));
	if ((rc = refs_exist(c, &r->u.incident, err)) != SCS_OK ||
	    (rc = plain == NULL
	            ? oom(err)
	            : scs_op_seal_plain(c, r, plain, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_INSERT, "create",
	         detail(&r->u.incident, det), err)) != SCS_OK ||
	    (rc = consequences(c, &r->u.incident, suspend, nsuspend, now,
	         err)) != SCS_OK) {
		if (rc == SCS_ECONFLICT && strcmp(err->field, "id") != 0)
			(void)scs_strlcpy(err->field, "id", sizeof(err->field));
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = view(c, r, err)) == NULL)
		rc = oom(err);
out:
	json_decref(plain);
	free(suspend);
	scs_op_rec_free(r);
	return rc;
}

/* Incident @id into @r when the actor may see it. */
static int
load(struct scs_ctx *c, const char *id, struct scs_record *r,
    struct scs_err *err)
{
	int rc;

	if (scs_valid_id(id, "id", err) != SCS_OK)
		return SCS_EINVAL;
	scs_record_init(r, SCS_KIND_INCIDENT);
	(void)scs_strlcpy(r->u.incident.id, id, sizeof(r->u.incident.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == OFFICER &&
	    strcmp(r->u.incident.org, c->actor.org) != 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "id",
		    "no incident \"%s\"", id);
	return rc;
}

int
scs_op_incident_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_INCIDENT);
	char key[3 * SCS_ID_MAX];
	json_t *o = NULL;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	if ((rc = scs_op_allow(c, OFFICER | VETTING, "read incidents", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK)
		goto abort;
	scs_record_object(r, key, sizeof(key));
	if ((rc = scs_op_audit(c, "read", "incident", key, NULL,
	         purpose != NULL && *purpose != '\0' ? purpose : "incident",
	         err)) != SCS_OK)
		goto abort;
	if ((o = view(c, r, err)) == NULL) {
		rc = oom(err);
		goto abort;
	}
	if ((rc = scs_op_open_plain(c, r, o, err)) != SCS_OK)
		goto abort;
	if ((rc = scs_op_commit(c, err)) == SCS_OK) {
		*out = o;
		o = NULL;
	}
	goto out;
abort:
	(void)scs_op_abort(c, rc);
out:
	json_decref(o);
	scs_op_rec_free(r);
	return rc;
}

int
scs_op_incident_close(struct scs_ctx *c, const char *id, const char *outcome,
    json_t **out, struct scs_err *err)
{
	char det[SCS_PURPOSE_MAX + 1];
	struct scs_record *r = scs_op_rec_new(SCS_KIND_INCIDENT);
	int64_t now = c->now_us() / 1000000;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	if ((rc = scs_op_allow(c, OFFICER | ADMIN, "close incidents", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK)
		goto abort;
	if (r->u.incident.has_closed) {
		rc = scs_err_set(err, SCS_ECONFLICT, "closed",
		    "the incident is closed already");
		goto abort;
	}
	if (outcome == NULL ||
	    !scs_strlcpy(r->u.incident.outcome, outcome,
	        sizeof(r->u.incident.outcome))) {
		rc = scs_err_set(err, SCS_EINVAL, "outcome",
		    "must say how it ended, at most %d bytes", SCS_OUTCOME_MAX);
		goto abort;
	}
	r->u.incident.closed =
	    now > r->u.incident.recorded ? now : r->u.incident.recorded;
	r->u.incident.has_closed = true;
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_UPDATE, "resolve",
	         detail(&r->u.incident, det), err)) != SCS_OK)
		goto abort;
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = view(c, r, err)) == NULL)
		rc = oom(err);
	goto out;
abort:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	return rc;
}

struct listing {
	struct scs_ctx *c;
	json_t *a;
	struct scs_err *err;
	int rc;
};

static int
list_cb(void *arg, const struct scs_record *r)
{
	struct listing *l = arg;
	json_t *o = scs_codec_rec_json(r, 0);

	if (l->c->actor.kind == SCS_ACTOR_USER && l->c->actor.role == OFFICER &&
	    strcmp(r->u.incident.org, l->c->actor.org) != 0) {
		json_decref(o);
		return SCS_OK;
	}
	if (o == NULL || json_array_append_new(l->a, o) != 0)
		return l->rc = oom(l->err);
	return SCS_OK;
}

int
scs_op_incident_list(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct listing l = {.c = c, .err = err};
	struct scs_rec_query q;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, OFFICER | VETTING | ADMIN, "list incidents",
	         err)) != SCS_OK)
		return rc;
	if ((l.a = json_array()) == NULL)
		return oom(err);
	memset(&q, 0, sizeof(q));
	q.lean = true;
	if (c->actor.kind == SCS_ACTOR_USER && c->actor.role == OFFICER) {
		q.eq[0].field = "org";
		q.eq[0].value = c->actor.org;
	}
	if ((rc = scs_store_begin_read(c->st, err)) == SCS_OK) {
		rc = scs_store_rec_query(c->st, SCS_KIND_INCIDENT, &q, list_cb,
		    &l, err);
		scs_store_rollback(c->st);
	}
	if (rc == SCS_OK)
		rc = l.rc;
	if (rc != SCS_OK) {
		json_decref(l.a);
		return rc;
	}
	*out = l.a;
	return SCS_OK;
}

/* ---- the report ------------------------------------------------------- */

struct counts {
	struct scs_ctx *c;
	int64_t from, to;
	json_t *by_type, *by_org, *by_authority;
	uint64_t total, open;
	struct scs_record *it;
	struct scs_err *err;
};

static void
bump(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	(void)json_object_set_new(o, key,
	    json_integer(v != NULL ? json_integer_value(v) + 1 : 1));
}

static int
count_cb(void *arg, const struct scs_record *r)
{
	struct counts *k = arg;
	const struct scs_incident *in = &r->u.incident;
	json_t *seen;
	int64_t t = 0;

	if (scs_time_parse(in->occurred, strlen(in->occurred), "occurred", &t,
	        NULL) != SCS_OK ||
	    t < k->from || t >= k->to)
		return SCS_OK;
	k->total++;
	k->open += !in->has_closed;
	bump(k->by_type, scs_incident_type_codes[in->type]);
	bump(k->by_org, in->org);
	/* each authority once per incident */
	if ((seen = json_object()) == NULL)
		return oom(k->err);
	for (size_t i = 0; i < in->nitems; i++) {
		scs_record_init(k->it, SCS_KIND_ITEM);
		(void)scs_strlcpy(k->it->u.item.id, in->items[i],
		    sizeof(k->it->u.item.id));
		if (scs_store_rec_get(k->c->st, k->it, k->it, k->err) !=
		    SCS_OK) {
			scs_err_clear(k->err);
			continue;
		}
		if (json_object_get(seen, k->it->u.item.authority) == NULL) {
			(void)json_object_set_new(seen, k->it->u.item.authority,
			    json_true());
			bump(k->by_authority, k->it->u.item.authority);
		}
	}
	if (in->nitems == 0)
		bump(k->by_authority, "none");
	json_decref(seen);
	return SCS_OK;
}

int
scs_op_incident_report(struct scs_ctx *c, int64_t from, int64_t to,
    json_t **out, struct scs_err *err)
{
	struct counts k = {.c = c, .from = from, .to = to, .err = err};
	struct scs_rec_query q;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SCS_ROLE_AUDITOR | ADMIN,
	         "read the incident figures", err)) != SCS_OK)
		return rc;
	k.by_type = json_object();
	k.by_org = json_object();
	k.by_authority = json_object();
	k.it = scs_op_rec_new(SCS_KIND_ITEM);
	if (k.by_type == NULL || k.by_org == NULL || k.by_authority == NULL ||
	    k.it == NULL) {
		rc = oom(err);
		goto out;
	}
	memset(&q, 0, sizeof(q));
	q.lean = true;
	if ((rc = scs_store_begin_read(c->st, err)) == SCS_OK) {
		rc = scs_store_rec_query(c->st, SCS_KIND_INCIDENT, &q, count_cb,
		    &k, err);
		scs_store_rollback(c->st);
	}
	if (rc != SCS_OK)
		goto out;
	*out =
	    json_pack("{s:I,s:I,s:O,s:O,s:O}", "incidents", (json_int_t)k.total,
	        "open", (json_int_t)k.open, "by_type", k.by_type,
	        "by_organization", k.by_org, "by_authority", k.by_authority);
	if (*out == NULL)
		rc = oom(err);
out:
	json_decref(k.by_type);
	json_decref(k.by_org);
	json_decref(k.by_authority);
	scs_op_rec_free(k.it);
	return rc;
}
