/* SPDX-License-Identifier: Apache-2.0 */
/*
 * visit.c - visit requests (include/scs/visit.h, docs/attestation.md,
 * "Visit requests"): the visitor's security officer drafts, amends and
 * submits a request, then certifies it with an attestation of the
 * visitor's clearance for the host's nation; the host's security officer
 * approves (the register signs a pass the gate checks offline), rejects
 * or returns it; either side's view says whether an approved visit is
 * active or completed, and whether a request expired undecided.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/record.h"
#include "scs/time.h"
#include "scs/visit.h"

#define ADMIN   SCS_ROLE_ADMIN
#define OFFICER SCS_ROLE_SECURITY_OFFICER
#define RELYING SCS_ROLE_RELYING
#define DAY     86400

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

static void
today(struct scs_ctx *c, char out[SCS_TIME_STRMAX])
{
	int64_t t = c->now_us() / 1000000;

	(void)scs_time_format(t - t % DAY, out);
}

static int64_t
day_start(const char *date)
{
	int64_t t = 0;

	(void)scs_time_parse(date, strlen(date), "date", &t, NULL);
	return t;
}

/* The phase a view shows: the state, or for an approved visit whether it
 * is active or completed, and for one never decided, expired. */
static const char *
phase(const struct scs_visit *v, int64_t now)
{
	int64_t first = day_start(v->first_day),
	        end = day_start(v->last_day) + DAY;

	if (v->state == SCS_VISIT_APPROVED)
		return now < first ? "approved"
		    : now < end    ? "active"
		                   : "completed";
	if ((v->state == SCS_VISIT_DRAFT || v->state == SCS_VISIT_SUBMITTED ||
	        v->state == SCS_VISIT_CERTIFIED ||
	        v->state == SCS_VISIT_RETURNED) &&
	    now >= end)
		return "expired";
	return scs_visit_state_codes[v->state];
}

static json_t *
view(struct scs_ctx *c, const struct scs_record *r)
{
	json_t *o = scs_codec_rec_json(r, 0);

	if (o != NULL)
		(void)json_object_set_new(o, "phase",
		    json_string(phase(&r->u.visit, c->now_us() / 1000000)));
	return o;
}

/* Which side the actor is on: 1 the visitor's, 2 the host's, 3 both (the
 * operating system, admins), 0 neither. */
static int
side(const struct scs_ctx *c, const struct scs_visit *v)
{
	if (c->actor.kind == SCS_ACTOR_OS ||
	    (c->actor.kind == SCS_ACTOR_USER && c->actor.role == ADMIN))
		return 3;
	if (c->actor.kind != SCS_ACTOR_USER || c->actor.role != OFFICER)
		return 0;
	return (strcmp(c->actor.org, v->visitor_org) == 0 ? 1 : 0) |
	    (strcmp(c->actor.org, v->host_org) == 0 ? 2 : 0);
}

static int
load(struct scs_ctx *c, const char *id, struct scs_record *r,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(id, "id", err)) != SCS_OK)
		return rc;
	scs_record_init(r, SCS_KIND_VISIT);
	(void)scs_strlcpy(r->u.visit.id, id, sizeof(r->u.visit.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK && side(c, &r->u.visit) == 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "id", "no visit \"%s\"",
		    id);
	return rc;
}

static int
id_list(const json_t *b, const char *key, char (*out)[SCS_ID_MAX + 1],
    size_t *n, struct scs_err *err)
{
	const json_t *a = json_object_get(b, key), *x;
	size_t i;

	*n = 0;
	if (a == NULL || json_is_null(a))
		return SCS_OK;
	if (!json_is_array(a) || json_array_size(a) > SCS_VISIT_LIST)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be a list of at most %d ids", SCS_VISIT_LIST);
	json_array_foreach(a, i, x)
	{
		if (!json_is_string(x) ||
		    !scs_strlcpy(out[i], json_string_value(x), SCS_ID_MAX + 1))
			return scs_err_set(err, SCS_EINVAL, key,
			    "entry %zu must be an id", i + 1);
		(*n)++;
	}
	return SCS_OK;
}

/* The request's fields from @b into @v (the visitor and both
 * organizations checked against the register). */
static int
fill(struct scs_ctx *c, const json_t *b, struct scs_visit *v,
    struct scs_err *err)
{
	static const char *const keys[] = {"visitor", "host_org", "site",
	    "purpose", "type", "first_day", "last_day", "items", "compartments",
	    NULL};
	struct scs_person p;
	struct scs_org o;
	char kind[16], t[SCS_TIME_STRMAX];
	const char *key;
	json_t *val;
	size_t i;
	int rc;

	if (!json_is_object(b))
		return scs_err_set(err, SCS_EINVAL, "",
		    "the body must be a JSON object");
	json_object_foreach((json_t *)b, key, val)
	{
		for (i = 0; keys[i] != NULL && strcmp(keys[i], key) != 0; i++)
			;
		if (keys[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of a visit request");
	}
	if ((rc = scs_codec_str(b, "visitor", v->visitor, sizeof(v->visitor),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "host_org", v->host_org, sizeof(v->host_org),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "site", v->site, sizeof(v->site), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "purpose", v->purpose, sizeof(v->purpose),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "type", kind, sizeof(kind), true, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_str(b, "first_day", v->first_day,
	         sizeof(v->first_day), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "last_day", v->last_day, sizeof(v->last_day),
	         true, err)) != SCS_OK ||
	    (rc = id_list(b, "items", v->items, &v->nitems, err)) != SCS_OK ||
	    (rc = id_list(b, "compartments", v->compartments, &v->ncompartments,
	         err)) != SCS_OK)
		return rc;
	for (i = 0; i < SCS_VISIT_NKINDS; i++)
		if (strcmp(kind, scs_visit_kind_codes[i]) == 0)
			v->type = (enum scs_visit_kind)i;
	if (i == SCS_VISIT_NKINDS &&
	    strcmp(kind, scs_visit_kind_codes[v->type]) != 0)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one_time, recurring or emergency");
	if ((rc = scs_valid_id(v->visitor, "visitor", err)) != SCS_OK ||
	    (rc = scs_valid_id(v->host_org, "host_org", err)) != SCS_OK)
		return rc;
	rc = scs_store_person_get(c->st, v->visitor, &p, err);
	if (rc == SCS_OK) {
		(void)scs_strlcpy(v->visitor_org, p.org,
		    sizeof(v->visitor_org));
		scs_person_clear(&p);
		if (side(c, v) == 0 || side(c, v) == 2)
			rc = SCS_ENOTFOUND;
	}
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ENOTFOUND, "visitor",
		    "no person \"%s\" among the caller's staff", v->visitor);
	if (rc != SCS_OK)
		return rc;
	rc = scs_store_org_get(c->st, v->host_org, &o, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "host_org",
		    "no organization \"%s\"", v->host_org);
	if (rc != SCS_OK)
		return rc;
	today(c, t);
	return scs_visit_validate(v, t, err);
}

static void
stamp(struct scs_ctx *c, struct scs_visit *v)
{
	v->changed = c->now_us() / 1000000;
	(void)scs_strlcpy(v->changed_by, c->actor.name, sizeof(v->changed_by));
}

int
scs_op_visit_create(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_VISIT);
	struct scs_visit *v;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	v = &r->u.visit;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "request visits", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	scs_op_id("VR-", NULL, 8, v->id);
	v->state = SCS_VISIT_DRAFT;
	v->created = c->now_us() / 1000000;
	(void)scs_strlcpy(v->created_by, c->actor.name, sizeof(v->created_by));
	stamp(c, v);
	if ((rc = fill(c, body, v, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_INSERT, "create", NULL, err)) !=
	        SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = view(c, r)) == NULL)
		rc = oom(err);
out:
	scs_op_rec_free(r);
	return rc;
}

int
scs_op_visit_update(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_VISIT);
	struct scs_visit *v;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	v = &r->u.visit;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "amend visits", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK)
		goto fail;
	if ((side(c, v) & 1) == 0) {
		rc = scs_err_set(err, SCS_EDENIED, "id",
		    "only the visitor's organization amends its request");
		goto fail;
	}
	if (v->state != SCS_VISIT_DRAFT && v->state != SCS_VISIT_RETURNED) {
		rc = scs_err_set(err, SCS_ECONFLICT, "id",
		    "visit %s is %s: only a draft or a returned request is "
		    "amended",
		    id, scs_visit_state_codes[v->state]);
		goto fail;
	}
	stamp(c, v);
	if ((rc = fill(c, body, v, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_UPDATE, "update", NULL, err)) !=
	        SCS_OK)
		goto fail;
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = view(c, r)) == NULL)
		rc = oom(err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	return rc;
}

/* The host's pass for approved visit @v, signed by the newest valid
 * signing key of @authority. */
static int
sign_pass(struct scs_ctx *c, struct scs_visit *v, const char *authority,
    struct scs_err *err)
{
	struct scs_visit_pass p;
	struct scs_person person;
	uint8_t *sk = scs_crypto_secalloc(64), kid[SCS_ATTEST_KID];
	size_t i;
	int rc;

	if (sk == NULL)
		return oom(err);
	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_attest_signer(c, authority, sk, kid, err)) != SCS_OK ||
	    (rc = scs_store_person_get(c->st, v->visitor, &person, err)) !=
	        SCS_OK)
		goto out;
	(void)scs_strlcpy(p.name,
	    person.name_passport[0] != '\0' ? person.name_passport
	                                    : person.name_latin,
	    sizeof(p.name));
	for (i = 0; p.name[i] != '\0'; i++)
		if (p.name[i] >= 'a' && p.name[i] <= 'z')
			p.name[i] = (char)(p.name[i] - 'a' + 'A');
	(void)scs_strlcpy(p.birth, person.birth_date, sizeof(p.birth));
	scs_person_clear(&person);
	(void)scs_strlcpy(p.visit, v->id, sizeof(p.visit));
	(void)scs_strlcpy(p.authority, authority, sizeof(p.authority));
	(void)scs_strlcpy(p.host_org, v->host_org, sizeof(p.host_org));
	(void)scs_strlcpy(p.site, v->site, sizeof(p.site));
	(void)scs_strlcpy(p.visitor_org, v->visitor_org, sizeof(p.visitor_org));
	p.from = day_start(v->first_day);
	p.until = day_start(v->last_day) + DAY;
	p.iat = c->now_us() / 1000000;
	rc = scs_visit_pass_encode(&p, sk, kid, v->pass, sizeof(v->pass), err);
out:
	scs_crypto_secfree(sk);
	return rc;
}

static const char *const actions[SCS_VISIT_NSTATES] = {
    [SCS_VISIT_SUBMITTED] = "submit",
    [SCS_VISIT_CERTIFIED] = "certify",
    [SCS_VISIT_APPROVED] = "approve",
    [SCS_VISIT_REJECTED] = "reject",
    [SCS_VISIT_RETURNED] = "return",
    [SCS_VISIT_CANCELLED] = "cancel",
};

/* The attestation that certifies @v: @code when given (it must verify
 * and be the register's own, issued for the visitor), else one issued now
 * for the host's nation (gate profile, until the last day or less). */
static int
certify_code(struct scs_ctx *c, struct scs_visit *v, const char *code,
    char authority[SCS_AUTH_CODE_MAX], struct scs_err *err)
{
	struct scs_org host;
	json_t *b = NULL, *o = NULL;
	int64_t days;
	int rc;

	if (code != NULL && code[0] != '\0')
		return scs_err_set(err, SCS_EINVAL, "code",
		    "certify issues the visitor's attestation itself; leave "
		    "code out");
	if ((rc = scs_store_org_get(c->st, v->host_org, &host, err)) != SCS_OK)
		return rc;
	days =
	    (day_start(v->last_day) + DAY - c->now_us() / 1000000 + DAY - 1) /
	    DAY;
	if (days < 1)
		days = 1;
	if (days > SCS_ATTEST_DAYS_MAX)
		days = SCS_ATTEST_DAYS_MAX;
	if ((b = json_pack("{s:s, s:s, s:s, s:I}", "person", v->visitor,
	         "partner", host.country, "profile", "gate", "days",
	         (json_int_t)days)) == NULL)
		return oom(err);
	rc = scs_op_attest_issue(c, b, &o, err);
	json_decref(b);
	if (rc != SCS_OK)
		return rc;
	(void)scs_strlcpy(v->attestation,
	    json_string_value(json_object_get(o, "code")),
	    sizeof(v->attestation));
	(void)scs_strlcpy(authority,
	    json_string_value(
	        json_object_get(json_object_get(o, "claims"), "authority")),
	    SCS_AUTH_CODE_MAX);
	json_decref(o);
	return SCS_OK;
}

/* The first half of certifying: the visitor's side may, the request is
 * submitted; then the attestation is issued (its own transaction). */
static int
certify_first(struct scs_ctx *c, const char *id, struct scs_record *r,
    const char *code, struct scs_err *err)
{
	struct scs_visit *v = &r->u.visit;
	char authority[SCS_AUTH_CODE_MAX];
	int rc;

	if ((rc = load(c, id, r, err)) != SCS_OK)
		return rc;
	if ((side(c, v) & 1) == 0)
		return scs_err_set(err, SCS_EDENIED, "id",
		    "only the visitor's organization may %s",
		    actions[SCS_VISIT_CERTIFIED]);
	if (scs_visit_move_ok(v->state, SCS_VISIT_CERTIFIED) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "id",
		    "visit %s is %s: it cannot %s", id,
		    scs_visit_state_codes[v->state],
		    actions[SCS_VISIT_CERTIFIED]);
	return certify_code(c, v, code, authority, err);
}

/* May the actor move @v to @to, with @note? */
static int
may_move(const struct scs_ctx *c, const struct scs_visit *v,
    enum scs_visit_state to, const char *note, struct scs_err *err)
{
	int need = to == SCS_VISIT_APPROVED || to == SCS_VISIT_REJECTED ||
	        to == SCS_VISIT_RETURNED
	    ? 2
	    : 1;

	if ((side(c, v) & need) == 0 &&
	    !(to == SCS_VISIT_CANCELLED && side(c, v) != 0))
		return need == 2
		    ? scs_err_set(err, SCS_EDENIED, "id",
		          "only the host's organization decides a visit")
		    : scs_err_set(err, SCS_EDENIED, "id",
		          "only the visitor's organization may %s",
		          actions[to]);
	if (scs_visit_move_ok(v->state, to) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "id",
		    "visit %s is %s: it cannot %s", v->id,
		    scs_visit_state_codes[v->state], actions[to]);
	if ((to == SCS_VISIT_REJECTED || to == SCS_VISIT_RETURNED) &&
	    (note == NULL || note[0] == '\0'))
		return scs_err_set(err, SCS_EINVAL, "note",
		    "say why the visit is %s", scs_visit_state_codes[to]);
	if (note != NULL && note[0] != '\0' && to != SCS_VISIT_CERTIFIED)
		return scs_valid_text(note, SCS_VISIT_TEXT, "note", err);
	return SCS_OK;
}

/* Approving: the pass, signed under the authority of the attestation
 * that certified the request. */
static int
approve(struct scs_ctx *c, struct scs_visit *v, struct scs_err *err)
{
	struct scs_attest_parsed *parsed = calloc(1, sizeof(*parsed));
	char why[SCS_ERR_REASON_MAX];
	int rc;

	if (parsed == NULL)
		return oom(err);
	if (scs_attest_parse(v->attestation, strlen(v->attestation), parsed,
	        why) != SCS_ATT_VALID)
		rc = scs_err_set(err, SCS_ECONFLICT, "id",
		    "the visit's attestation does not read: %.200s", why);
	else
		rc = sign_pass(c, v, parsed->claims.authority, err);
	free(parsed);
	return rc;
}

int
scs_op_visit_move(struct scs_ctx *c, const char *id, enum scs_visit_state to,
    const char *note, json_t **out, struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_VISIT);
	struct scs_visit *v;
	char code[SCS_ATTEST_TEXT_MAX] = "";
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	v = &r->u.visit;
	if ((unsigned)to >= SCS_VISIT_NSTATES || actions[to] == NULL) {
		rc = scs_err_set(err, SCS_EINTERNAL, "state",
		    "no move to that state");
		goto out;
	}
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "move visits", err)) !=
	        SCS_OK ||
	    (to == SCS_VISIT_CERTIFIED &&
	        (rc = certify_first(c, id, r, note, err)) != SCS_OK))
		goto out;
	(void)scs_strlcpy(code, v->attestation, sizeof(code));
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = load(c, id, r, err)) != SCS_OK ||
	    (rc = may_move(c, v, to, note, err)) != SCS_OK)
		goto fail;
	if (to == SCS_VISIT_CERTIFIED)
		(void)scs_strlcpy(v->attestation, code, sizeof(v->attestation));
	else if (note != NULL && note[0] != '\0')
		(void)scs_strlcpy(v->note, note, sizeof(v->note));
	if (to == SCS_VISIT_APPROVED && (rc = approve(c, v, err)) != SCS_OK)
		goto fail;
	v->state = to;
	stamp(c, v);
	if ((rc = scs_op_put(c, r, SCS_PUT_UPDATE, actions[to], NULL, err)) !=
	    SCS_OK)
		goto fail;
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = view(c, r)) == NULL)
		rc = oom(err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	scs_op_rec_free(r);
	return rc;
}

struct list_acc {
	struct scs_ctx *c;
	json_t *a;
};

static int
list_cb(void *arg, const struct scs_record *r)
{
	struct list_acc *l = arg;

	if (side(l->c, &r->u.visit) == 0)
		return SCS_OK;
	return json_array_append_new(l->a, view(l->c, r)) == 0 ? SCS_OK
	                                                       : SCS_ENOMEM;
}

int
scs_op_visit_list(struct scs_ctx *c, json_t **out, struct scs_err *err)
{
	struct list_acc l = {c, json_array()};
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "list visits", err)) !=
	    SCS_OK) {
		json_decref(l.a);
		return rc;
	}
	if (l.a == NULL)
		return oom(err);
	rc = scs_store_rec_each(c->st, SCS_KIND_VISIT, list_cb, &l, err);
	if (rc != SCS_OK) {
		json_decref(l.a);
		return rc == SCS_ENOMEM ? oom(err) : rc;
	}
	*out = l.a;
	return SCS_OK;
}

static int
history_cb(void *arg, const struct scs_audit_entry *e)
{
	char at[SCS_TIME_STRMAX];
	json_t *h;

	(void)scs_time_format_us(e->time_us, at);
	h = json_pack("{s:s, s:s, s:s}", "at", at, "actor", e->actor, "action",
	    e->action);
	return h != NULL && json_array_append_new(arg, h) == 0 ? SCS_OK
	                                                       : SCS_ENOMEM;
}

int
scs_op_visit_get(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_VISIT);
	struct scs_audit_filter f;
	json_t *h = NULL;
	int rc;

	*out = NULL;
	if (r == NULL)
		return oom(err);
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "read visits", err)) !=
	        SCS_OK ||
	    (rc = load(c, id, r, err)) != SCS_OK)
		goto out;
	memset(&f, 0, sizeof(f));
	f.kind = scs_kind_name(SCS_KIND_VISIT);
	f.object = r->u.visit.id;
	f.from_us = INT64_MIN;
	f.to_us = INT64_MAX;
	if ((h = json_array()) == NULL) {
		rc = oom(err);
		goto out;
	}
	rc = scs_store_audit_find(c->st, &f, 0, history_cb, h, err);
	if (rc == SCS_ENOMEM)
		rc = oom(err);
	if (rc != SCS_OK)
		goto out;
	if ((*out = view(c, r)) == NULL) {
		rc = oom(err);
		goto out;
	}
	(void)json_object_set_new(*out, "history", h);
	h = NULL;
out:
	json_decref(h);
	scs_op_rec_free(r);
	return rc;
}

int
scs_op_visit_pass_check(struct scs_ctx *c, const char *pass,
    const struct scs_verify_opts *given, json_t **out, struct scs_err *err)
{
	struct scs_verify_opts o;
	struct scs_trust_key *keys = NULL;
	struct scs_visit_pass p;
	char why[SCS_ERR_REASON_MAX], t1[SCS_TIME_STRMAX], t2[SCS_TIME_STRMAX];
	enum scs_attest_reason res;
	size_t nkeys = 0;
	int rc;

	*out = NULL;
	if (pass == NULL)
		return scs_err_set(err, SCS_EINVAL, "pass",
		    "must be a visit pass (SV1:...)");
	if (given != NULL) {
		o = *given;
	} else {
		if ((rc = scs_op_allow(c, ADMIN | OFFICER | RELYING,
		         "check visit passes", err)) != SCS_OK ||
		    (rc = scs_op_trust_keys(c, &keys, &nkeys, err)) != SCS_OK)
			return rc;
		memset(&o, 0, sizeof(o));
		o.keys = keys;
		o.nkeys = nkeys;
		o.now = c->now_us() / 1000000;
	}
	res = scs_visit_pass_verify(pass, strlen(pass), &o, &p, why);
	free(keys);
	*out = json_pack("{s:b, s:s, s:s*}", "valid", res == SCS_ATT_VALID,
	    "result", scs_attest_reason_name(res), "reason",
	    res == SCS_ATT_VALID ? NULL : why);
	if (*out != NULL && p.visit[0] != '\0') {
		(void)scs_time_format(p.from, t1);
		(void)scs_time_format(p.until - DAY, t2);
		(void)json_object_set_new(*out, "pass",
		    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		        "visit", p.visit, "authority", p.authority, "host_org",
		        p.host_org, "site", p.site, "first_day", t1, "last_day",
		        t2, "name", p.name, "birth_date", p.birth,
		        "visitor_org", p.visitor_org));
	}
	return *out == NULL ? oom(err) : SCS_OK;
}
