/* SPDX-License-Identifier: Apache-2.0 */
/*
 * privacy.c - the privacy duties of DESIGN.md section 7 that reach every
 * kind of a person's data: the retention purge (`scs retention run`) and
 * the subject's export of everything held on them (GET /v1/me/export).
 * Both find a person's records from the kind table (owner_field: what is
 * sealed under the person's key; the `person` field of the records about
 * their access), never from a list of kinds here.
 *
 * A purge, one transaction per person: every sealed value of the person
 * is emptied (each record changed is audited "purge"), and the person's
 * data key is destroyed (audited "destroy"); identities, the cases'
 * metadata and stamps, the findings' metadata, clearances and the rest
 * stay for statistics and the access decision.  Afterwards the write-ahead
 * log is checkpointed, so the removed bytes are in no file.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/codec.h"
#include "scs/policy.h"
#include "scs/time.h"
#include "ops_int.h"

#define PAGE 256 /* persons listed at a time */

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

/* ---- lists of records and ids ---- */

struct recs {
	struct scs_record *v;
	size_t n, cap;
};

static int
recs_add(void *arg, const struct scs_record *r)
{
	struct recs *l = arg;
	struct scs_record *v;
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap != 0 ? 2 * l->cap : 8;
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return SCS_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	scs_record_init(&l->v[l->n], r->kind);
	if (scs_record_copy(&l->v[l->n], r) != SCS_OK)
		return SCS_ENOMEM;
	l->n++;
	return SCS_OK;
}

static void
recs_free(struct recs *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		scs_record_clear(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* The records of @kind whose @field is @value, into @l (sealed values
 * read unless @lean). */
static int
find(struct scs_ctx *c, enum scs_kind kind, const char *field,
    const char *value, bool lean, struct recs *l, struct scs_err *err)
{
	struct scs_rec_query q;
	int rc;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = field;
	q.eq[0].value = value;
	q.lean = lean;
	rc = scs_store_rec_query(c->st, kind, &q, recs_add, l, err);
	return rc == SCS_ENOMEM ? oom(err) : rc;
}

struct ids {
	char (*v)[SCS_ID_MAX + 1];
	size_t n, cap;
};

static int
ids_add(struct ids *l, const char *id)
{
	char(*v)[SCS_ID_MAX + 1];
	size_t cap;

	if (l->n == l->cap) {
		cap = l->cap != 0 ? 2 * l->cap : 16;
		if ((v = realloc(l->v, cap * sizeof(*v))) == NULL)
			return SCS_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	(void)scs_strlcpy(l->v[l->n++], id, SCS_ID_MAX + 1);
	return SCS_OK;
}

static int
person_id_cb(void *arg, const struct scs_person *p)
{
	return ids_add(arg, p->id);
}

/* The kind @d's owner_field refers to (owner_via), or NULL when that is
 * not a kind owned directly: the table promises one level. */
static const struct scs_kind_def *
via_kind(const struct scs_kind_def *d)
{
	const struct scs_field *f = scs_kind_field(d, d->owner_field);
	const struct scs_kind_def *r;
	enum scs_kind k;

	if (f == NULL || f->ref == NULL || scs_kind_parse(f->ref, &k) != 0)
		return NULL;
	r = scs_kind_def(k);
	return r->owner_field != NULL && !r->owner_via ? r : NULL;
}

/*
 * The ids of the records through which @d's records belong to @person:
 * @person itself for a kind owned directly, else the keys of the person's
 * records of the kind it names (their cases).  SCS_EINTERNAL for a table
 * that breaks its promise.
 */
static int
owner_keys(struct scs_ctx *c, const struct scs_kind_def *d, const char *person,
    struct ids *out, struct scs_err *err)
{
	const struct scs_kind_def *r;
	struct recs l = {NULL, 0, 0};
	size_t i;
	int rc = SCS_OK;

	if (!d->owner_via)
		return ids_add(out, person) == SCS_OK ? SCS_OK : oom(err);
	if ((r = via_kind(d)) == NULL || r->nkey != 1)
		return scs_err_set(err, SCS_EINTERNAL, d->owner_field,
		    "%s: no owner through its reference", d->name);
	if ((rc = find(c, r->kind, r->owner_field, person, true, &l, err)) ==
	    SCS_OK)
		for (i = 0; rc == SCS_OK && i < l.n; i++)
			if (ids_add(out, scs_record_text(&l.v[i], r->key[0])) !=
			    SCS_OK)
				rc = oom(err);
	recs_free(&l);
	return rc;
}

/* ---- retention ---- */

struct due {
	const struct scs_policy *p;
	struct scs_retention r;
};

static int
due_case(void *arg, const struct scs_record *r)
{
	struct due *d = arg;

	scs_retention_case(&d->r, d->p, &r->u.vcase);
	return SCS_OK;
}

static int
due_clearance(void *arg, const struct scs_record *r)
{
	struct due *d = arg;

	scs_retention_clearance(&d->r, d->p, &r->u.clearance);
	return SCS_OK;
}

/* When @person's sealed data may go (SCS_TIME_NEVER: kept), and whether
 * it went already (a destroyed key: *@out_purged). */
static int
person_due(struct scs_ctx *c, const char *person, int64_t *out_due,
    bool *out_purged, struct scs_err *err)
{
	struct due d;
	struct scs_person_key k;
	struct scs_rec_query q;
	int rc;

	*out_due = SCS_TIME_NEVER;
	*out_purged = false;
	memset(&k, 0, sizeof(k));
	rc = scs_store_pkey_get(c->st, person, &k, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	*out_purged = rc == SCS_OK && k.destroyed != 0;
	scs_blob_free(&k.wrapped);
	scs_err_clear(err);
	if (*out_purged)
		return SCS_OK;
	d.p = c->rd->policy;
	scs_retention_init(&d.r);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, due_case, &d,
	         err)) != SCS_OK ||
	    (rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q,
	         due_clearance, &d, err)) != SCS_OK)
		return rc;
	*out_due = scs_retention_due(&d.r, d.p);
	return SCS_OK;
}

/* Empty every sealed value of the records of @l, writing and auditing
 * each record that held one. */
static int
purge_recs(struct scs_ctx *c, struct recs *l, uint64_t *values,
    struct scs_err *err)
{
	char object[3 * SCS_ID_MAX];
	const struct scs_kind_def *d;
	uint8_t state[32];
	size_t i, k, n;
	int rc = SCS_OK;

	for (i = 0; rc == SCS_OK && i < l->n; i++) {
		struct scs_record *r = &l->v[i];

		d = scs_kind_def(r->kind);
		for (k = 0, n = 0; k < d->nfields; k++) {
			struct scs_blob *b =
			    SCS_FIELD_PTR(&r->u, &d->fields[k]);

			if (d->fields[k].type != SCS_FT_SEALED || b->len == 0)
				continue;
			scs_crypto_wipe(b->p, b->len);
			scs_blob_free(b);
			n++;
		}
		if (n == 0)
			continue;
		scs_op_state(r, state);
		scs_record_object(r, object, sizeof(object));
		if ((rc = scs_store_rec_put(c->st, r, SCS_PUT_UPDATE, err)) ==
		    SCS_OK)
			rc = scs_op_audit_sealed(c, "purge", d->name, object,
			    state, "retention", err);
		*values += n;
	}
	return rc;
}

/* Inside the open transaction: empty every sealed value of @person, of
 * every kind the table gives an owner, and destroy the person's key. */
static int
purge_person(struct scs_ctx *c, const char *person, int64_t now,
    uint64_t *values, struct scs_err *err)
{
	const struct scs_kind_def *d;
	struct ids keys = {NULL, 0, 0};
	struct recs l = {NULL, 0, 0};
	size_t i, k;
	int rc = SCS_OK;

	for (k = 0; rc == SCS_OK && k < SCS_KIND_N; k++) {
		d = scs_kind_def((enum scs_kind)k);
		if (d->owner_field == NULL)
			continue;
		keys.n = 0;
		rc = owner_keys(c, d, person, &keys, err);
		for (i = 0; rc == SCS_OK && i < keys.n; i++) {
			if ((rc = find(c, d->kind, d->owner_field, keys.v[i],
			         false, &l, err)) == SCS_OK)
				rc = purge_recs(c, &l, values, err);
			recs_free(&l);
		}
	}
	free(keys.v);
	if (rc == SCS_OK)
		rc = scs_op_pkey_destroy(c, person, now, err);
	return rc;
}

/* One person, in a transaction of its own; *@out_done false when, read
 * again inside it, the person is no longer due (a case opened since). */
static int
purge_one(struct scs_ctx *c, const char *person, int64_t now,
    struct scs_purge *out, bool *out_done, struct scs_err *err)
{
	bool purged;
	int rc;

	*out_done = false;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = person_due(c, person, &out->due, &purged, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if (purged || out->due > now)
		return scs_op_abort(c, SCS_OK);
	out->values = 0;
	if ((rc = purge_person(c, person, now, &out->values, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*out_done = true;
	return rc;
}

/* One page of persons: each judged first (reads only, so a failure
 * while judging leaves the page untouched), then the due ones purged (or,
 * dry, reported). */
static int
run_page(struct scs_ctx *c, const struct ids *page, int64_t *due, int64_t now,
    bool dry_run, scs_purge_cb cb, void *arg, struct scs_retention_report *out,
    struct scs_err *err)
{
	struct scs_purge pu;
	bool purged, done;
	size_t i;
	int rc = SCS_OK;

	for (i = 0; rc == SCS_OK && i < page->n; i++) {
		rc = person_due(c, page->v[i], &due[i], &purged, err);
		if (purged)
			due[i] = SCS_TIME_NEVER;
	}
	for (i = 0; rc == SCS_OK && i < page->n; i++) {
		if (due[i] > now)
			continue;
		memset(&pu, 0, sizeof(pu));
		pu.person = page->v[i];
		pu.due = due[i];
		done = true;
		if (!dry_run)
			rc = purge_one(c, pu.person, now, &pu, &done, err);
		if (rc != SCS_OK || !done)
			continue;
		out->persons++;
		out->values += pu.values;
		if (cb != NULL)
			rc = cb(arg, &pu);
	}
	return rc;
}

int
scs_op_retention_run(struct scs_ctx *c, int64_t now, bool dry_run,
    scs_purge_cb cb, void *arg, struct scs_retention_report *out,
    struct scs_err *err)
{
	struct ids page = {NULL, 0, 0};
	char after[SCS_ID_MAX + 1] = "";
	struct scs_err cerr;
	int64_t *due = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "run the retention purge",
	         err)) != SCS_OK)
		return rc;
	if (c->rd == NULL || c->rd->policy == NULL)
		return scs_err_set(err, SCS_EINVAL, "retention",
		    "no retention periods loaded (data/vetting.json)");
	if ((due = calloc(PAGE, sizeof(*due))) == NULL)
		return oom(err);
	do {
		page.n = 0;
		rc = scs_store_person_each(c->st, NULL,
		    after[0] != '\0' ? after : NULL, PAGE, person_id_cb, &page,
		    err);
		if (rc == SCS_ENOMEM)
			rc = oom(err);
		if (rc == SCS_OK)
			rc = run_page(c, &page, due, now, dry_run, cb, arg, out,
			    err);
		if (page.n > 0)
			(void)scs_strlcpy(after, page.v[page.n - 1],
			    sizeof(after));
	} while (rc == SCS_OK && page.n == PAGE);
	free(due);
	free(page.v);
	/* The purged bytes out of the write-ahead log too.  Best effort:
	 * the purges are committed whatever happens here, and a later
	 * checkpoint (the server's, the next run's) overwrites the log. */
	if (!dry_run && out->persons > 0) {
		scs_err_clear(&cerr);
		out->checkpointed =
		    scs_store_checkpoint(c->st, &cerr) == SCS_OK;
	}
	return rc;
}

/* ---- the subject's export ---- */

/* @r as JSON without @drop, its sealed values opened. */
static json_t *
rec_open_json(struct scs_ctx *c, const struct scs_record *r, const char *drop,
    int *rc, struct scs_err *err)
{
	json_t *j = scs_codec_rec_json(r, 0);

	if (j == NULL) {
		*rc = oom(err);
		return NULL;
	}
	if (scs_kind_has_sealed(scs_kind_def(r->kind)) &&
	    (*rc = scs_op_open_plain(c, r, j, err)) != SCS_OK) {
		json_decref(j);
		return NULL;
	}
	if (drop != NULL)
		(void)json_object_del(j, drop);
	return j;
}

/* The records of @kind whose @field is @value as a JSON array, opened,
 * each without @drop. */
static json_t *
rec_array(struct scs_ctx *c, enum scs_kind kind, const char *field,
    const char *value, const char *drop, int *rc, struct scs_err *err)
{
	struct recs l = {NULL, 0, 0};
	json_t *a = json_array(), *j;
	size_t i;

	if (a == NULL) {
		*rc = oom(err);
		return NULL;
	}
	if ((*rc = find(c, kind, field, value, false, &l, err)) != SCS_OK) {
		json_decref(a);
		recs_free(&l);
		return NULL;
	}
	for (i = 0; i < l.n; i++) {
		if ((j = rec_open_json(c, &l.v[i], drop, rc, err)) == NULL ||
		    json_array_append_new(a, j) != 0) {
			if (j != NULL)
				*rc = oom(err);
			json_decref(a);
			a = NULL;
			break;
		}
	}
	recs_free(&l);
	return a;
}

/* A case with everything of it: its view, history, answers, findings and
 * notifications (the kinds whose owner_field names it). */
static json_t *
case_doc(struct scs_ctx *c, const struct scs_record *k, int *rc,
    struct scs_err *err)
{
	json_t *j = rec_open_json(c, k, NULL, rc, err), *a;
	size_t i;

	for (i = SCS_KIND_CASE + 1; j != NULL && i < SCS_KIND_N; i++) {
		const struct scs_kind_def *d = scs_kind_def((enum scs_kind)i);
		const struct scs_field *f = scs_kind_field(d, "case_id");

		if (f == NULL || f->ref == NULL || strcmp(f->ref, "case") != 0)
			continue;
		if ((a = rec_array(c, d->kind, "case_id", k->u.vcase.id,
		         "case_id", rc, err)) == NULL) {
			json_decref(j);
			return NULL;
		}
		scs_codec_put(&j, d->plural, a);
		if (j == NULL)
			*rc = oom(err);
	}
	return j;
}

static int
export_doc(struct scs_ctx *c, const char *id, json_t **out, struct scs_err *err)
{
	struct scs_relatives *rel = NULL;
	struct recs cases = {NULL, 0, 0};
	struct scs_person p;
	json_t *doc = NULL, *a, *j;
	char t[SCS_TIME_STRMAX];
	size_t i;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = scs_store_person_get(c->st, id, &p, err)) != SCS_OK)
		return rc;
	/* On record before anything is opened, in the transaction that
	 * reads: an export that fails leaves no entry, one that succeeds is
	 * on record. */
	if ((rc = scs_op_audit(c, "export", "person", id, NULL,
	         "subject access", err)) != SCS_OK)
		goto out;
	if ((rel = scs_crypto_secalloc(sizeof(*rel))) == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_open_relatives(c, &p, rel, err)) != SCS_OK)
		goto out;
	(void)scs_time_format(c->now_us() / 1000000, t);
	doc = json_object();
	scs_codec_put(&doc, "exported", json_string(t));
	scs_codec_put(&doc, "person", scs_codec_person_json(&p, rel, false));
	if (doc == NULL) {
		rc = oom(err);
		goto out;
	}
	/* The cases, each whole; then every record about the person's
	 * access (the kinds with a field "person" that names them). */
	if ((rc = find(c, SCS_KIND_CASE, "person", id, false, &cases, err)) !=
	        SCS_OK ||
	    (a = json_array()) == NULL) {
		rc = rc != SCS_OK ? rc : oom(err);
		goto out;
	}
	for (i = 0; i < cases.n; i++) {
		if ((j = case_doc(c, &cases.v[i], &rc, err)) == NULL) {
			json_decref(a);
			goto out;
		}
		scs_codec_push(&a, j);
	}
	scs_codec_put(&doc, "cases", a);
	for (i = 0; doc != NULL && i < SCS_KIND_N; i++) {
		const struct scs_kind_def *d = scs_kind_def((enum scs_kind)i);
		const struct scs_field *f = scs_kind_field(d, "person");

		if (i == SCS_KIND_CASE || f == NULL || f->ref == NULL ||
		    strcmp(f->ref, "person") != 0 || d->owner_field != NULL ||
		    scs_kind_field(d, "case_id") != NULL)
			continue;
		if ((a = rec_array(c, d->kind, "person", id, "person", &rc,
		         err)) == NULL)
			goto out;
		scs_codec_put(&doc, d->plural, a);
	}
	if (doc == NULL) {
		rc = oom(err);
		goto out;
	}
	*out = doc;
	doc = NULL;
out:
	json_decref(doc);
	recs_free(&cases);
	if (rel != NULL)
		scs_crypto_secfree(rel);
	scs_person_clear(&p);
	return rc;
}

int
scs_op_person_export(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SCS_ROLE_SUBJECT, "export a person's data",
	         err)) != SCS_OK)
		return rc;
	if (c->actor.kind == SCS_ACTOR_USER) {
		/* A subject exports themself, and nobody else: another id
		 * reads as a person who does not exist. */
		if (c->actor.person[0] == '\0' ||
		    (id != NULL && strcmp(id, c->actor.person) != 0))
			return scs_err_set(err, SCS_ENOTFOUND, "person",
			    "no person \"%s\"", id != NULL ? id : "");
		id = c->actor.person;
	}
	if (id == NULL || scs_valid_id(id, "person", err) != SCS_OK)
		return scs_err_set(err, SCS_EINVAL, "person",
		    "name the person to export");
	/* One transaction: a consistent snapshot, and the audit entry
	 * committed with the read or not at all. */
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = export_doc(c, id, out, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) != SCS_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc;
}
