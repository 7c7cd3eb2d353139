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

/* Far above any record's text (a sealed value holds at most SCS_PLAIN_MAX
 * bytes of plaintext, twice that in hex), so the cap never changes a
 * state. */
#define STATE_TEXT_MAX (256U << 20)

/* The record's canonical text, written without jansson (the same bytes
 * as scs_codec_dumps of scs_codec_rec_json, so old logs verify), hashed
 * with its kind. */
void
scs_op_state(const struct scs_record *r, uint8_t out[32])
{
	struct scs_buf b;

	scs_buf_init(&b, STATE_TEXT_MAX);
	if (scs_codec_rec_canon(&b, r, SCS_CODEC_SEALED) != SCS_OK)
		memset(out, 0xff, 32); /* never matches: verify fails loudly */
	else
		scs_audit_state(scs_kind_name(r->kind), b.p, b.len, out);
	scs_buf_free(&b);
}

/* ---- references and scope, from the kind table ---- */

/* Read the record of @kind named @id into @out; a missing one is
 * SCS_EINVAL naming @field (the reference that names it). */
static int
need(struct scs_ctx *c, const char *kind, const char *id, const char *field,
    struct scs_record *out, struct scs_err *err)
{
	enum scs_kind k;
	const struct scs_field *f;
	int rc;

	if (scs_kind_parse(kind, &k) != 0)
		return scs_err_set(err, SCS_EINTERNAL, field, "bad reference");
	scs_record_init(out, k);
	f = scs_kind_field(scs_kind_def(k), scs_kind_def(k)->key[0]);
	(void)scs_strlcpy(SCS_FIELD_PTR(&out->u, f), id, f->size);
	rc = scs_store_rec_get(c->st, out, out, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, field, "no %s \"%s\"", kind,
		    id);
	return rc;
}

/* Note the references of field @f for the end of an import's batch. */
static int
bulk_refs(struct scs_ctx *c, const struct scs_field *f, const void *body,
    struct scs_err *err)
{
	const char *v = SCS_FIELD_CPTR(body, f);
	enum scs_kind k;
	size_t i, n = 1;
	int rc = SCS_OK;

	if (scs_kind_parse(f->ref, &k) != 0)
		return scs_err_set(err, SCS_EINTERNAL, f->name,
		    "bad reference");
	if (f->type == SCS_FT_LIST)
		n = *(const size_t *)((const char *)body + f->aux);
	else if (v[0] == '\0' && f->type != SCS_FT_TEXT)
		return SCS_OK;
	for (i = 0; i < n && rc == SCS_OK; i++)
		rc = scs_bulk_ref(c->bulk, k, v + i * f->size, err);
	return rc;
}

/* Every record @r names exists. */
static int
check_refs(struct scs_ctx *c, const struct scs_record *r, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	struct scs_record *got = calloc(1, sizeof(*got));
	char field[64];
	size_t i, k, n;
	int rc = SCS_OK;

	if (got == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; rc == SCS_OK && i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		const char *v = SCS_FIELD_CPTR(&r->u, f);

		if (f->ref == NULL)
			continue;
		if (c->bulk != NULL) { /* checked at the batch's end */
			rc = bulk_refs(c, f, &r->u, err);
			continue;
		}
		if (f->type != SCS_FT_LIST) {
			if (v[0] != '\0' || f->type == SCS_FT_TEXT)
				rc = need(c, f->ref, v, f->name, got, err);
			scs_record_clear(got);
			continue;
		}
		n = *(const size_t *)((const char *)&r->u + f->aux);
		for (k = 0; rc == SCS_OK && k < n; k++) {
			rc =
			    need(c, f->ref, v + k * f->size, f->name, got, err);
			scs_record_clear(got);
			if (rc == SCS_EINVAL && err != NULL) { /* which one */
				(void)snprintf(field, sizeof(field), "%s[%zu]",
				    f->name, k);
				(void)scs_strlcpy(err->field, field,
				    sizeof(err->field));
			}
		}
	}
	free(got);
	return rc;
}

/* The organization that scopes @r (kind table: scope_field, scope_via)
 * into @out; "" when the kind has none or the record names none.  A
 * scope through another record goes one step: to that record's own
 * scope field (a person's employer, a program's owner). */
static int
scope_org(struct scs_ctx *c, const struct scs_record *r, char *out, size_t size,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *f;
	struct scs_record *via;
	const char *v;
	int rc;

	out[0] = '\0';
	if (d->scope_field == NULL ||
	    (v = scs_record_text(r, d->scope_field)) == NULL)
		return SCS_OK;
	if (!d->scope_via) {
		(void)scs_strlcpy(out, v, size);
		return SCS_OK;
	}
	f = scs_kind_field(d, d->scope_field);
	if ((via = calloc(1, sizeof(*via))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = need(c, f->ref, v, f->name, via, err);
	if (rc == SCS_OK) {
		d = scs_kind_def(via->kind);
		v = d->scope_field != NULL && !d->scope_via
		    ? scs_record_text(via, d->scope_field)
		    : NULL;
		(void)scs_strlcpy(out, v != NULL ? v : "", size);
	}
	scs_record_clear(via);
	free(via);
	return rc;
}

/* Whether @r lies in an organization-bound actor's scope: *out_in. */
static int
in_scope(struct scs_ctx *c, const struct scs_record *r, bool *out_in,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	char org[SCS_ID_MAX + 1];
	int rc;

	*out_in = true;
	if (c->actor.kind == SCS_ACTOR_OS || c->actor.role == SCS_ROLE_ADMIN ||
	    d->scope_field == NULL)
		return SCS_OK;
	if ((rc = scope_org(c, r, org, sizeof(org), err)) != SCS_OK)
		return rc;
	*out_in = strcmp(org, c->actor.org) == 0;
	return SCS_OK;
}

/*
 * An organization-bound actor writes only what its organization scopes:
 * a designator their organ's items, compartments, programs, memberships
 * and approvals; a security officer their staff's briefings.  Through
 * another record (a briefing's person, a membership's program) that
 * record, out of scope, reads as missing: the same answer as one that
 * does not exist, so a refusal tells nothing of who is registered.
 */
static int
check_scope(struct scs_ctx *c, const struct scs_record *r, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *f;
	bool in;
	int rc;

	if ((rc = in_scope(c, r, &in, err)) != SCS_OK || in)
		return rc;
	if (d->scope_via) {
		f = scs_kind_field(d, d->scope_field);
		return scs_err_set(err, SCS_EINVAL, f->name, "no %s \"%s\"",
		    f->ref, scs_record_text(r, f->name));
	}
	return scs_err_set(err, SCS_EDENIED, "",
	    "a %s writes %s records of their own %s only",
	    scs_role_name(c->actor.role), d->name,
	    c->actor.role == SCS_ROLE_SECURITY_OFFICER ? "organization's staff"
	                                               : "organ");
}

/* Rules that need other records: what core cannot see alone. */
static int
check_linked(struct scs_ctx *c, const struct scs_record *r, struct scs_err *err)
{
	const struct scs_conforming *cf = &r->u.conforming;
	struct scs_org o;
	int rc;

	if (r->kind != SCS_KIND_CONFORMING)
		return SCS_OK;
	if ((rc = scs_store_org_get(c->st, cf->org, &o, err)) != SCS_OK)
		return rc;
	if (o.type != SCS_ORG_CONTRACTOR && o.type != SCS_ORG_RESEARCH)
		return scs_err_set(err, SCS_EINVAL, "org",
		    "only a contractor or a research institution "
		    "holds a conforming-business approval");
	if (cf->organ[0] == '\0')
		return SCS_OK;
	if ((rc = scs_store_org_get(c->st, cf->organ, &o, err)) != SCS_OK)
		return rc;
	if (o.type != SCS_ORG_GOVERNMENT)
		return scs_err_set(err, SCS_EINVAL, "organ",
		    "an approval is granted by a government organ");
	return SCS_OK;
}

/* Write @r inside the caller's transaction: references, scope, put,
 * audit. */
static int
write_rec(struct scs_ctx *c, const struct scs_record *r, enum scs_put_mode mode,
    const char *action, const char *purpose, struct scs_err *err)
{
	char key[3 * SCS_ID_MAX];
	uint8_t state[32];
	int rc;

	/* Through another record, scope first: out of scope it reads as
	 * missing, with the very error of a missing one.  Else references
	 * first: an unknown owner is named before any refusal. */
	if (scs_kind_def(r->kind)->scope_via) {
		if ((rc = check_scope(c, r, err)) == SCS_OK)
			rc = check_refs(c, r, err);
	} else if ((rc = check_refs(c, r, err)) == SCS_OK) {
		rc = check_scope(c, r, err);
	}
	if (rc != SCS_OK || (rc = check_linked(c, r, err)) != SCS_OK ||
	    (rc = scs_store_rec_put(c->st, r, mode, err)) != SCS_OK)
		return rc;
	scs_record_object(r, key, sizeof(key));
	scs_op_state(r, state);
	return scs_op_audit(c, action, scs_kind_name(r->kind), key, state,
	    purpose, err);
}

/* The kinds written through scs_op_rec_*: not organizations and persons,
 * which have operations of their own (relatives, scope by employer). */
static int
generic_kind(enum scs_kind kind)
{
	return kind > SCS_KIND_PERSON && kind < SCS_KIND_N;
}

/*
 * An update changes a record the actor may write as it stands, not only
 * as it will be: the stored record must be in scope too (else it reads as
 * missing, as to a list), or a designator could take over another organ's
 * approval by naming their own organ in the new one.  And a kept optional
 * text left empty keeps the stored one (a suspension's reason survives a
 * PUT that only ends it).
 */
static int
check_stored(struct scs_ctx *c, struct scs_record *r, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	struct scs_record *cur;
	char object[3 * SCS_ID_MAX];
	size_t i;
	bool in = true;
	int rc;

	if ((cur = malloc(sizeof(*cur))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	scs_record_init(cur, r->kind);
	rc = scs_store_rec_get(c->st, r, cur, err);
	if (rc == SCS_OK)
		rc = in_scope(c, cur, &in, err);
	if (rc == SCS_OK && !in) {
		scs_record_object(r, object, sizeof(object));
		rc = scs_err_set(err, SCS_ENOTFOUND, d->ref_as, "no %s \"%s\"",
		    d->name, object);
	}
	for (i = 0; rc == SCS_OK && i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		char *v = SCS_FIELD_PTR(&r->u, f);

		if (f->keep && v[0] == '\0')
			memcpy(v, SCS_FIELD_CPTR(&cur->u, f), f->size);
	}
	scs_record_clear(cur);
	free(cur);
	return rc;
}

static int
rec_write(struct scs_ctx *c, struct scs_record *r, enum scs_put_mode mode,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	char what[64];
	int rc;

	if (!generic_kind(r->kind))
		return scs_err_set(err, SCS_EINTERNAL, "kind", "bad kind");
	(void)snprintf(what, sizeof(what), "write %s records", d->name);
	if ((rc = scs_op_allow(c, d->writers, what, err)) != SCS_OK ||
	    (rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_record_check_recorded(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	/* An update names its references before it looks for the record. */
	if ((mode == SCS_PUT_UPDATE &&
	        ((rc = check_refs(c, r, err)) != SCS_OK ||
	            (rc = check_stored(c, r, err)) != SCS_OK)) ||
	    (rc = write_rec(c, r, mode,
	         mode == SCS_PUT_INSERT ? "create" : "update", NULL, err)) !=
	        SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

int
scs_op_rec_create(struct scs_ctx *c, struct scs_record *r, struct scs_err *err)
{
	return rec_write(c, r, SCS_PUT_INSERT, err);
}

int
scs_op_rec_update(struct scs_ctx *c, struct scs_record *r, struct scs_err *err)
{
	return rec_write(c, r, SCS_PUT_UPDATE, err);
}

int
scs_op_rec_list(struct scs_ctx *c, enum scs_kind kind,
    const struct scs_rec_query *q, scs_rec_cb cb, void *arg,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct scs_rec_query scoped;
	int rc;

	if (!generic_kind(kind))
		return scs_err_set(err, SCS_EINTERNAL, "kind", "bad kind");
	if ((rc = scs_op_allow(c, d->readers, "list these records", err)) !=
	    SCS_OK)
		return rc;
	memset(&scoped, 0, sizeof(scoped));
	if (q != NULL)
		scoped = *q;
	/* A designator lists only their organ's records: the store filters
	 * on the scope field (never a walk of the whole table). */
	if (c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_DESIGNATOR && d->scope_field != NULL &&
	    !d->scope_via) {
		if (scoped.eq[SCS_QUERY_EQ_MAX - 1].field != NULL)
			return scs_err_set(err, SCS_EINTERNAL, "query",
			    "too many conditions");
		scoped.eq[SCS_QUERY_EQ_MAX - 1].field = d->scope_field;
		scoped.eq[SCS_QUERY_EQ_MAX - 1].value = c->actor.org;
	}
	return scs_store_rec_query(c->st, kind, &scoped, cb, arg, err);
}

int
scs_op_person_access(struct scs_ctx *c, const char *id, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	static const enum scs_kind kinds[] = {SCS_KIND_CLEARANCE,
	    SCS_KIND_BRIEFING, SCS_KIND_MEMBERSHIP, SCS_KIND_SUSPENSION};
	struct scs_rec_query q;
	struct scs_person p;
	size_t i;
	int rc;

	/* The same scope as the identity: own organization, own person. */
	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_person_get(c, id, &p, err)) != SCS_OK)
		return rc;
	scs_person_clear(&p);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = id;
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < SCS_NELEM(kinds); i++)
		rc = scs_store_rec_query(c->st, kinds[i], &q, cb, arg, err);
	scs_store_rollback(c->st);
	return rc;
}

int
scs_op_program_members(struct scs_ctx *c, const char *id, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	struct scs_rec_query q;
	struct scs_record *prog;
	bool in = false;
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR,
	         "list a program's members", err)) != SCS_OK)
		return rc;
	if ((prog = malloc(sizeof(*prog))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	scs_record_init(prog, SCS_KIND_PROGRAM);
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK) {
		free(prog);
		return rc;
	}
	/* Another organ's program reads as missing, as in a list. */
	rc = need(c, "program", id, "program", prog, err);
	if (rc == SCS_OK)
		rc = in_scope(c, prog, &in, err);
	if ((rc == SCS_OK && !in) || rc == SCS_EINVAL)
		rc = scs_err_set(err, SCS_ENOTFOUND, "program",
		    "no program \"%s\"", id);
	if (rc == SCS_OK) {
		memset(&q, 0, sizeof(q));
		q.eq[0].field = "program";
		q.eq[0].value = id;
		rc = scs_store_rec_query(c->st, SCS_KIND_MEMBERSHIP, &q, cb,
		    arg, err);
	}
	scs_store_rollback(c->st);
	scs_record_clear(prog);
	free(prog);
	return rc;
}

/* ---- items ---- */

/* Item @id into @out, if the actor may see it.  Another organ's item reads
 * as missing: a designator learns nothing of what they may not see. */
static int
item_load(struct scs_ctx *c, const char *id, struct scs_record *out,
    struct scs_err *err)
{
	int rc;

	scs_record_init(out, SCS_KIND_ITEM);
	(void)scs_strlcpy(out->u.item.id, id, sizeof(out->u.item.id));
	rc = scs_store_rec_get(c->st, out, out, err);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role != SCS_ROLE_ADMIN &&
	    strcmp(out->u.item.owner, c->actor.org) != 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, rc, "item", "no item \"%s\"", id);
	return rc;
}

int
scs_op_item_get(struct scs_ctx *c, const char *id, struct scs_item *out,
    struct scs_err *err)
{
	struct scs_record *r;
	int rc;

	if ((rc = scs_op_allow(c, scs_kind_def(SCS_KIND_ITEM)->readers,
	         "read items", err)) != SCS_OK)
		return rc;
	if ((r = malloc(sizeof(*r))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = item_load(c, id, r, err)) == SCS_OK)
		*out = r->u.item;
	free(r);
	return rc;
}

/*
 * The detail of an item's audit entry (docs/oversight.md): what the
 * annual report counts a designation, renewal or declassification by,
 * so that the log alone gives it.
 */
static void
item_detail(const struct scs_item *it, char out[SCS_PURPOSE_MAX + 1])
{
	(void)snprintf(out, SCS_PURPOSE_MAX + 1,
	    "organ=%s field=%s authority=%s level=%s", it->owner,
	    scs_item_field_name(it->field), it->authority, it->level);
}

int
scs_op_item_designate(struct scs_ctx *c, const struct scs_item *it,
    struct scs_err *err)
{
	char detail[SCS_PURPOSE_MAX + 1];
	struct scs_record *r;
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR,
	         "designate information", err)) != SCS_OK ||
	    (rc = scs_item_check_designate(c->rd, it, err)) != SCS_OK)
		return rc;
	if ((r = malloc(sizeof(*r))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	scs_record_init(r, SCS_KIND_ITEM);
	r->u.item = *it;
	item_detail(it, detail);
	if ((rc = scs_op_begin(c, err)) == SCS_OK) {
		if ((rc = write_rec(c, r, SCS_PUT_INSERT, "designate", detail,
		         err)) != SCS_OK)
			rc = scs_op_abort(c, rc);
		else
			rc = scs_op_commit(c, err);
	}
	free(r);
	return rc;
}

/* Load item @id for a change by its designator, apply @change, store. */
static int
item_change(struct scs_ctx *c, const char *id, const char *action,
    int (*change)(struct scs_ctx *c, struct scs_item *it, void *arg,
        struct scs_err *err),
    void *arg, struct scs_item *out, struct scs_err *err)
{
	char detail[SCS_PURPOSE_MAX + 1];
	struct scs_record *r;
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_DESIGNATOR, action,
	         err)) != SCS_OK)
		return rc;
	if ((r = malloc(sizeof(*r))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_op_begin(c, err)) != SCS_OK) {
		free(r);
		return rc;
	}
	if ((rc = item_load(c, id, r, err)) == SCS_OK &&
	    (rc = change(c, &r->u.item, arg, err)) == SCS_OK) {
		item_detail(&r->u.item, detail);
		rc = write_rec(c, r, SCS_PUT_UPDATE, action, detail, err);
	}
	if (rc == SCS_OK) {
		*out = r->u.item;
		rc = scs_op_commit(c, err);
	} else {
		rc = scs_op_abort(c, rc);
	}
	free(r);
	return rc;
}

struct renewal {
	int64_t until;
	bool cabinet, exception;
};

static int
do_renew(struct scs_ctx *c, struct scs_item *it, void *arg, struct scs_err *err)
{
	const struct renewal *r = arg;

	return scs_item_renew(c->rd, it, c->now_us() / 1000000, r->until,
	    r->cabinet, r->exception, err);
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
do_declassify(struct scs_ctx *c, struct scs_item *it, void *arg,
    struct scs_err *err)
{
	(void)c;
	return scs_item_declassify(it, *(const int64_t *)arg, err);
}

int
scs_op_item_declassify(struct scs_ctx *c, const char *id, int64_t at,
    struct scs_item *out, struct scs_err *err)
{
	return item_change(c, id, "declassify", do_declassify, &at, out, err);
}

int
scs_op_import_rec(struct scs_ctx *c, const struct scs_record *r,
    struct scs_err *err)
{
	return write_rec(c, r, SCS_PUT_INSERT, "create", "import", err);
}
