/* SPDX-License-Identifier: Apache-2.0 */
/*
 * register.c - operations on approvals, clearances, compartments,
 * programs, briefings, memberships, items and suspensions: who may write
 * each (ops.h), reference checks that name the missing record, one
 * transaction with its audit entry; and designation, renewal and
 * declassification of items under the term rules of core.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "ops_int.h"

json_t *
scs_op_rec_json(enum scs_kind kind, const void *rec, bool with_kind)
{
	switch (kind) {
	case SCS_KIND_CONFORMING:
		return scs_codec_conforming_json(rec, with_kind);
	case SCS_KIND_CLEARANCE:
		return scs_codec_clearance_json(rec, with_kind);
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		return scs_codec_label_json(scs_kind_name(kind), rec,
		    with_kind);
	case SCS_KIND_BRIEFING:
		return scs_codec_briefing_json(rec, with_kind);
	case SCS_KIND_MEMBERSHIP:
		return scs_codec_membership_json(rec, with_kind);
	case SCS_KIND_ITEM:
		return scs_codec_item_json(rec, with_kind);
	case SCS_KIND_SUSPENSION:
		return scs_codec_suspension_json(rec, with_kind);
	default:
		return NULL;
	}
}

void
scs_op_rec_key(enum scs_kind kind, const void *rec, char *out, size_t size)
{
	switch (kind) {
	case SCS_KIND_CONFORMING: {
		const struct scs_conforming *r = rec;

		scs_record_key(out, size, r->org, r->authority, r->valid_from);
		return;
	}
	case SCS_KIND_CLEARANCE: {
		const struct scs_clearance *r = rec;

		scs_record_key(out, size, r->person, r->authority,
		    r->valid_from);
		return;
	}
	case SCS_KIND_BRIEFING: {
		const struct scs_briefing *r = rec;

		scs_record_key(out, size, r->person, r->compartment,
		    r->valid_from);
		return;
	}
	case SCS_KIND_MEMBERSHIP: {
		const struct scs_membership *r = rec;

		scs_record_key(out, size, r->program, r->person, r->valid_from);
		return;
	}
	case SCS_KIND_SUSPENSION: {
		const struct scs_suspension *r = rec;

		scs_record_key(out, size, r->person, "suspension",
		    r->valid_from);
		return;
	}
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		(void)scs_strlcpy(out, ((const struct scs_label *)rec)->id,
		    size);
		return;
	case SCS_KIND_ITEM:
		(void)scs_strlcpy(out, ((const struct scs_item *)rec)->id,
		    size);
		return;
	default:
		(void)scs_strlcpy(out, "", size);
	}
}

void
scs_op_state_rec(enum scs_kind kind, const void *rec, uint8_t out[32])
{
	json_t *j = scs_op_rec_json(kind, rec, false);
	char *text = j != NULL ? json_dumps(j, JSON_COMPACT) : NULL;

	if (text == NULL)
		memset(out, 0xff, 32); /* never matches: verify fails loudly */
	else
		scs_audit_state(scs_kind_name(kind), text, strlen(text), out);
	free(text);
	json_decref(j);
}

/* ---- references ---- */

static int
need_org(struct scs_ctx *c, const char *id, const char *field,
    struct scs_org *out, struct scs_err *err)
{
	int rc = scs_store_org_get(c->st, id, out, err);

	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, field,
		    "no organization \"%s\"", id);
	return rc;
}

static int
need_person(struct scs_ctx *c, const char *id, struct scs_person *out,
    struct scs_err *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	rc = scs_store_person_get(c->st, id, out, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "person",
		    "no person \"%s\"", id);
	return rc;
}

static int
need_label(struct scs_ctx *c, enum scs_kind kind, const char *id,
    const char *field, struct scs_label *out, struct scs_err *err)
{
	struct scs_label key;
	int rc;

	memset(&key, 0, sizeof(key));
	(void)scs_strlcpy(key.id, id, sizeof(key.id));
	rc = scs_store_rec_get(c->st, kind, &key, out, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, field, "no %s \"%s\"",
		    scs_kind_name(kind), id);
	return rc;
}

static int
denied(struct scs_err *err, const char *what)
{
	return scs_err_set(err, SCS_EDENIED, "", "%s", what);
}

/* The actor's scope: an organization-bound role acts for its own. */
static int
own_org(const struct scs_ctx *c, const char *org)
{
	return c->actor.kind == SCS_ACTOR_OS ||
	    c->actor.role == SCS_ROLE_ADMIN || strcmp(c->actor.org, org) == 0;
}

static int
check_item_refs(struct scs_ctx *c, const struct scs_item *it,
    struct scs_err *err)
{
	struct scs_label l;
	struct scs_org o;
	char field[48];
	size_t i;
	int rc;

	if ((rc = need_org(c, it->owner, "owner", &o, err)) != SCS_OK)
		return rc;
	for (i = 0; i < it->ncompartments; i++) {
		(void)snprintf(field, sizeof(field), "compartments[%zu]", i);
		if ((rc = need_label(c, SCS_KIND_COMPARTMENT,
		         it->compartments[i], field, &l, err)) != SCS_OK)
			return rc;
	}
	for (i = 0; i < it->nprograms; i++) {
		(void)snprintf(field, sizeof(field), "programs[%zu]", i);
		if ((rc = need_label(c, SCS_KIND_PROGRAM, it->programs[i],
		         field, &l, err)) != SCS_OK)
			return rc;
	}
	if (!own_org(c, it->owner))
		return denied(err,
		    "a designator manages only their own "
		    "organ's items");
	return SCS_OK;
}

/* References of @rec exist, and the actor may write it (scope). */
static int
check_refs(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    struct scs_err *err)
{
	struct scs_person p;
	struct scs_label l;
	struct scs_org o;
	int rc;

	memset(&p, 0, sizeof(p));
	switch (kind) {
	case SCS_KIND_CONFORMING: {
		const struct scs_conforming *r = rec;

		if ((rc = need_org(c, r->org, "org", &o, err)) != SCS_OK)
			return rc;
		if (o.type != SCS_ORG_CONTRACTOR && o.type != SCS_ORG_RESEARCH)
			return scs_err_set(err, SCS_EINVAL, "org",
			    "only a contractor or a research institution "
			    "holds a conforming-business approval");
		return SCS_OK;
	}
	case SCS_KIND_CLEARANCE:
	case SCS_KIND_SUSPENSION:
		rc = need_person(c, ((const struct scs_clearance *)rec)->person,
		    &p, err);
		scs_person_clear(&p);
		return rc;
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM: {
		const struct scs_label *r = rec;

		if ((rc = need_org(c, r->owner, "owner", &o, err)) != SCS_OK)
			return rc;
		return own_org(c, r->owner)
		    ? SCS_OK
		    : denied(err,
		          "a designator manages only their own "
		          "organ's compartments and programs");
	}
	case SCS_KIND_BRIEFING: {
		const struct scs_briefing *r = rec;

		if ((rc = need_label(c, SCS_KIND_COMPARTMENT, r->compartment,
		         "compartment", &l, err)) != SCS_OK ||
		    (rc = need_person(c, r->person, &p, err)) != SCS_OK) {
			scs_person_clear(&p);
			return rc;
		}
		rc = own_org(c, p.org)
		    ? SCS_OK
		    : denied(err,
		          "a security officer records briefings of "
		          "their own organization's staff only");
		scs_person_clear(&p);
		return rc;
	}
	case SCS_KIND_MEMBERSHIP: {
		const struct scs_membership *r = rec;

		if ((rc = need_label(c, SCS_KIND_PROGRAM, r->program, "program",
		         &l, err)) != SCS_OK ||
		    (rc = need_person(c, r->person, &p, err)) != SCS_OK) {
			scs_person_clear(&p);
			return rc;
		}
		scs_person_clear(&p);
		return own_org(c, l.owner)
		    ? SCS_OK
		    : denied(err,
		          "a designator manages only their own "
		          "organ's programs");
	}
	case SCS_KIND_ITEM:
		return check_item_refs(c, rec, err);
	default:
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	}
}

static unsigned
writers(enum scs_kind kind)
{
	switch (kind) {
	case SCS_KIND_CONFORMING:
		return SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR;
	case SCS_KIND_CLEARANCE:
	case SCS_KIND_SUSPENSION:
		return SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR;
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
	case SCS_KIND_MEMBERSHIP:
		return SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR;
	case SCS_KIND_BRIEFING:
		return SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER;
	case SCS_KIND_ITEM:
		return SCS_ROLE_ADMIN;
	default:
		return 0;
	}
}

static int
validate(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    struct scs_err *err)
{
	switch (kind) {
	case SCS_KIND_CONFORMING:
		return scs_conforming_validate(c->rd, rec, err);
	case SCS_KIND_CLEARANCE:
		return scs_clearance_validate(c->rd, rec, err);
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
		return scs_label_validate(rec, err);
	case SCS_KIND_BRIEFING:
		return scs_briefing_validate(rec, err);
	case SCS_KIND_MEMBERSHIP:
		return scs_membership_validate(rec, err);
	case SCS_KIND_ITEM:
		return scs_item_validate(c->rd, rec, err);
	case SCS_KIND_SUSPENSION:
		return scs_suspension_validate(rec, err);
	default:
		return scs_err_set(err, SCS_EINTERNAL, "", "bad record kind");
	}
}

/* Write @rec inside the caller's transaction: refs, put, audit. */
static int
write_rec(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    enum scs_put_mode mode, const char *action, const char *purpose,
    struct scs_err *err)
{
	char key[3 * SCS_ID_MAX];
	uint8_t state[32];
	int rc;

	if ((rc = check_refs(c, kind, rec, err)) != SCS_OK ||
	    (rc = scs_store_rec_put(c->st, kind, rec, mode, err)) != SCS_OK)
		return rc;
	scs_op_rec_key(kind, rec, key, sizeof(key));
	scs_op_state_rec(kind, rec, state);
	return scs_op_audit(c, action, scs_kind_name(kind), key, state, purpose,
	    err);
}

static int
rec_write_op(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    enum scs_put_mode mode, struct scs_err *err)
{
	char what[64];
	int rc;

	(void)snprintf(what, sizeof(what), "write %s records",
	    scs_kind_name(kind) != NULL ? scs_kind_name(kind) : "these");
	if ((rc = scs_op_allow(c, writers(kind), what, err)) != SCS_OK ||
	    (rc = validate(c, kind, rec, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = write_rec(c, kind, rec, mode,
	         mode == SCS_PUT_INSERT ? "create" : "update", NULL, err)) !=
	    SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

int
scs_op_rec_create(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    struct scs_err *err)
{
	return rec_write_op(c, kind, rec, SCS_PUT_INSERT, err);
}

int
scs_op_rec_update(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    struct scs_err *err)
{
	return rec_write_op(c, kind, rec, SCS_PUT_UPDATE, err);
}

static unsigned
readers(enum scs_kind kind)
{
	switch (kind) {
	case SCS_KIND_COMPARTMENT:
	case SCS_KIND_PROGRAM:
	case SCS_KIND_ITEM:
	case SCS_KIND_CONFORMING:
		return SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR;
	default:
		return SCS_ROLE_ADMIN | SCS_ROLE_ADJUDICATOR |
		    SCS_ROLE_INVESTIGATOR;
	}
}

struct scoped {
	struct scs_ctx *c;
	scs_rec_cb cb;
	void *arg;
};

/* A designator lists only their organ's items, compartments, programs. */
static int
scope_filter(void *arg, enum scs_kind kind, const void *rec)
{
	struct scoped *sc = arg;
	const char *owner = NULL;

	if (kind == SCS_KIND_ITEM)
		owner = ((const struct scs_item *)rec)->owner;
	else if (kind == SCS_KIND_COMPARTMENT || kind == SCS_KIND_PROGRAM)
		owner = ((const struct scs_label *)rec)->owner;
	if (owner != NULL && sc->c->actor.kind == SCS_ACTOR_USER &&
	    sc->c->actor.role == SCS_ROLE_DESIGNATOR &&
	    strcmp(owner, sc->c->actor.org) != 0)
		return SCS_OK;
	return sc->cb(sc->arg, kind, rec);
}

int
scs_op_rec_list(struct scs_ctx *c, enum scs_kind kind, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	struct scoped sc = {c, cb, arg};
	int rc;

	if ((rc = scs_op_allow(c, readers(kind), "list these records", err)) !=
	    SCS_OK)
		return rc;
	return scs_store_rec_each(c->st, kind, scope_filter, &sc, err);
}

struct of_person {
	const char *id;
	scs_rec_cb cb;
	void *arg;
};

static int
person_filter(void *arg, enum scs_kind kind, const void *rec)
{
	struct of_person *op = arg;
	const char *person = NULL;

	if (kind == SCS_KIND_CLEARANCE)
		person = ((const struct scs_clearance *)rec)->person;
	else if (kind == SCS_KIND_BRIEFING)
		person = ((const struct scs_briefing *)rec)->person;
	else if (kind == SCS_KIND_MEMBERSHIP)
		person = ((const struct scs_membership *)rec)->person;
	else if (kind == SCS_KIND_SUSPENSION)
		person = ((const struct scs_suspension *)rec)->person;
	if (person == NULL || strcmp(person, op->id) != 0)
		return SCS_OK;
	return op->cb(op->arg, kind, rec);
}

int
scs_op_person_access(struct scs_ctx *c, const char *id, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	static const enum scs_kind kinds[] = {SCS_KIND_CLEARANCE,
	    SCS_KIND_BRIEFING, SCS_KIND_MEMBERSHIP, SCS_KIND_SUSPENSION};
	struct of_person op = {id, cb, arg};
	struct scs_person p;
	size_t i;
	int rc;

	/* The same scope as the identity: own organization, own person. */
	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_person_get(c, id, &p, err)) != SCS_OK)
		return rc;
	scs_person_clear(&p);
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < SCS_NELEM(kinds); i++)
		rc = scs_store_rec_each(c->st, kinds[i], person_filter, &op,
		    err);
	scs_store_rollback(c->st);
	return rc;
}

/* ---- items ---- */

int
scs_op_item_get(struct scs_ctx *c, const char *id, struct scs_item *out,
    struct scs_err *err)
{
	struct scs_item key;
	int rc;

	if ((rc = scs_op_allow(c, readers(SCS_KIND_ITEM), "read items", err)) !=
	    SCS_OK)
		return rc;
	memset(&key, 0, sizeof(key));
	(void)scs_strlcpy(key.id, id, sizeof(key.id));
	rc = scs_store_rec_get(c->st, SCS_KIND_ITEM, &key, out, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, rc, "item", "no item \"%s\"", id);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_DESIGNATOR &&
	    strcmp(out->owner, c->actor.org) != 0)
		return denied(err,
		    "a designator sees only their own organ's "
		    "items");
	return rc;
}

int
scs_op_item_designate(struct scs_ctx *c, const struct scs_item *it,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR,
	         "designate information", err)) != SCS_OK ||
	    (rc = scs_item_check_designate(c->rd, it, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = write_rec(c, SCS_KIND_ITEM, it, SCS_PUT_INSERT, "designate",
	         NULL, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

/* Load item @id for a change by its designator, apply @change, store. */
static int
item_change(struct scs_ctx *c, const char *id, const char *action,
    int (*change)(struct scs_item *it, void *arg, struct scs_err *err),
    void *arg, struct scs_item *out, struct scs_err *err)
{
	struct scs_item key;
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR, action,
	         err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	memset(&key, 0, sizeof(key));
	(void)scs_strlcpy(key.id, id, sizeof(key.id));
	rc = scs_store_rec_get(c->st, SCS_KIND_ITEM, &key, out, err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, rc, "item", "no item \"%s\"", id);
	/* Scope first: another organ learns nothing from a refusal. */
	if (rc == SCS_OK && !own_org(c, out->owner))
		rc = denied(err,
		    "a designator manages only their own organ's "
		    "items");
	if (rc == SCS_OK)
		rc = change(out, arg, err);
	if (rc == SCS_OK)
		rc = write_rec(c, SCS_KIND_ITEM, out, SCS_PUT_UPDATE, action,
		    NULL, err);
	if (rc != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

struct renewal {
	int64_t until;
	bool cabinet, exception;
};

static int
do_renew(struct scs_item *it, void *arg, struct scs_err *err)
{
	const struct renewal *r = arg;

	return scs_item_renew(it, r->until, r->cabinet, r->exception, err);
}

int
scs_op_item_renew(struct scs_ctx *c, const char *id, int64_t until,
    bool cabinet_approval, bool exception, struct scs_item *out,
    struct scs_err *err)
{
	struct renewal r = {until, cabinet_approval, exception};

	return item_change(c, id, "renew", do_renew, &r, out, err);
}

static int
do_declassify(struct scs_item *it, void *arg, struct scs_err *err)
{
	return scs_item_declassify(it, *(const int64_t *)arg, err);
}

int
scs_op_item_declassify(struct scs_ctx *c, const char *id, int64_t at,
    struct scs_item *out, struct scs_err *err)
{
	return item_change(c, id, "declassify", do_declassify, &at, out, err);
}

int
scs_op_import_rec(struct scs_ctx *c, enum scs_kind kind, const void *rec,
    struct scs_err *err)
{
	return write_rec(c, kind, rec, SCS_PUT_INSERT, "create", "import", err);
}
