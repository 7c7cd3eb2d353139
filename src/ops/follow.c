/* SPDX-License-Identifier: Apache-2.0 */
/*
 * follow.c - the decision index kept current by the audit log.  Every
 * write appends audit entries naming the kind and the natural key of the
 * record it changed, in commit order (on both backends), so the entries
 * after the position an index was built at say exactly which subjects,
 * organizations and items may have changed since.  A follow reads them
 * and re-reads just those entities' records, all in one read
 * transaction, and makes an updated index (src/index/update.c).  What it
 * cannot map safely (a log that is not the one followed, too many
 * entries, a key it cannot read, a record the tables do not know, an
 * organization that changed country) it leaves to a full build:
 * SCS_ECONFLICT.
 */
#include <stdlib.h>
#include <string.h>

#include "ops_int.h"
#include "scs/audit.h"

enum { W_SUBJ, W_ORG, W_ITEM };

struct touch {
	int which;
	char id[SCS_ID_MAX + 1];
};

struct follow {
	uint64_t from, end; /* the entries from..end - 1 are followed */
	size_t entries;     /* of decision inputs, read so far */
	int conflict;       /* a full build is needed */
	char why[160];      /* why, for the log */
	struct touch *t;
	size_t n, cap;
};

/* The component @i of a natural key "a/b/time" into @out. */
static int
component(const char *object, size_t i, char out[SCS_ID_MAX + 1])
{
	const char *p = object, *end;
	size_t len;

	for (; i > 0; i--) {
		if ((p = strchr(p, '/')) == NULL)
			return -1;
		p++;
	}
	end = strchr(p, '/');
	len = end != NULL ? (size_t)(end - p) : strlen(p);
	if (len == 0 || len > SCS_ID_MAX)
		return -1;
	memcpy(out, p, len);
	out[len] = '\0';
	return scs_valid_id(out, "object", NULL) == SCS_OK ? 0 : -1;
}

/*
 * Which entity a change of @kind to @object touches: the person of a
 * person's records, the organization of an approval, the item.  -1 for a
 * decision input whose key names none of them (a kind added to the
 * table without a rule here): a full build.
 */
static int
owner_of(enum scs_kind k, const char *object, struct touch *t)
{
	const struct scs_kind_def *d = scs_kind_def(k);
	size_t i;

	switch (k) {
	case SCS_KIND_PERSON:
		t->which = W_SUBJ;
		return component(object, 0, t->id);
	case SCS_KIND_ORG:
		t->which = W_ORG;
		return component(object, 0, t->id);
	case SCS_KIND_ITEM:
		t->which = W_ITEM;
		return component(object, 0, t->id);
	default:
		break;
	}
	/* Ids hold no '/' (scs_valid_id), so key part i is component i
	 * (a key tag comes only before the last part). */
	for (i = 0; i + 1 < d->nkey; i++) {
		if (strcmp(d->key[i], "person") == 0)
			t->which = W_SUBJ;
		else if (strcmp(d->key[i], "org") == 0)
			t->which = W_ORG;
		else
			continue;
		return component(object, i, t->id);
	}
	return -1;
}

static void
conflict(struct follow *f, const char *why)
{
	if (!f->conflict)
		(void)scs_strlcpy(f->why, why, sizeof(f->why));
	f->conflict = 1;
}

static int
entry_cb(void *arg, const struct scs_audit_entry *e)
{
	struct follow *f = arg;
	enum scs_kind k;
	struct touch t;

	if (e->seq < f->from || e->seq >= f->end) {
		conflict(f, "the audit log is not the one followed");
		return SCS_OK;
	}
	f->entries++;
	if (scs_kind_parse(e->kind, &k) != 0 ||
	    !scs_kind_def(k)->decision_input ||
	    strcmp(e->action, "read") == 0 || strcmp(e->action, "export") == 0)
		return SCS_OK;
	memset(&t, 0, sizeof(t));
	if (owner_of(k, e->object, &t) != 0) {
		conflict(f, "an entry names no person, organization or item");
		return SCS_OK;
	}
	if (f->n == f->cap) {
		size_t ncap = f->cap ? 2 * f->cap : 64;
		void *p = realloc(f->t, ncap * sizeof(*f->t));

		if (p == NULL)
			return SCS_ENOMEM;
		f->t = p;
		f->cap = ncap;
	}
	f->t[f->n++] = t;
	return SCS_OK;
}

static int
cmp_touch(const void *a, const void *b)
{
	const struct touch *x = a, *y = b;

	if (x->which != y->which)
		return x->which < y->which ? -1 : 1;
	return strcmp(x->id, y->id);
}

static int
add_rec(void *arg, const struct scs_record *r)
{
	return scs_index_update_add_rec(arg, r->kind, &r->u);
}

/* The records of @kind whose @field is @id into @u. */
static int
reread(struct scs_ctx *c, struct scs_index_update *u, enum scs_kind kind,
    const char *field, const char *id, struct scs_err *err)
{
	struct scs_rec_query q;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = field;
	q.eq[0].value = id;
	q.lean = true;
	q.unordered = true;
	return scs_store_rec_query(c->st, kind, &q, add_rec, u, err);
}

/* Entity @t as the store has it now, into @u. */
static int
reread_one(struct scs_ctx *c, struct scs_index_update *u, const struct touch *t,
    struct scs_err *err)
{
	static const enum scs_kind person_kinds[] = {SCS_KIND_CLEARANCE,
	    SCS_KIND_BRIEFING, SCS_KIND_MEMBERSHIP, SCS_KIND_SUSPENSION};
	size_t i;
	int rc;

	switch (t->which) {
	case W_ORG: {
		struct scs_org o;

		if ((rc = scs_index_update_org(u, t->id)) != SCS_OK)
			return rc;
		rc = scs_store_org_get(c->st, t->id, &o, err);
		if (rc == SCS_OK)
			rc = scs_index_update_add_org(u, &o);
		if (rc != SCS_OK && rc != SCS_ENOTFOUND)
			return rc;
		return reread(c, u, SCS_KIND_CONFORMING, "org", t->id, err);
	}
	case W_SUBJ: {
		struct scs_person p;

		if ((rc = scs_index_update_subject(u, t->id)) != SCS_OK)
			return rc;
		memset(&p, 0, sizeof(p));
		rc = scs_store_person_get(c->st, t->id, &p, err);
		if (rc == SCS_OK) {
			rc = scs_index_update_add_person(u, &p);
			scs_person_clear(&p);
		}
		if (rc != SCS_OK && rc != SCS_ENOTFOUND)
			return rc;
		for (i = 0; i < SCS_NELEM(person_kinds); i++)
			if ((rc = reread(c, u, person_kinds[i], "person", t->id,
			         err)) != SCS_OK)
				return rc;
		return SCS_OK;
	}
	default: {
		struct scs_record *key = calloc(2, sizeof(*key));

		if (key == NULL)
			return SCS_ENOMEM;
		scs_record_init(&key[0], SCS_KIND_ITEM);
		scs_record_init(&key[1], SCS_KIND_ITEM);
		(void)scs_strlcpy(key[0].u.item.id, t->id,
		    sizeof(key[0].u.item.id));
		if ((rc = scs_index_update_item(u, t->id)) == SCS_OK) {
			rc = scs_store_rec_get(c->st, &key[0], &key[1], err);
			if (rc == SCS_OK)
				rc = scs_index_update_add_rec(u, SCS_KIND_ITEM,
				    &key[1].u);
			if (rc == SCS_ENOTFOUND)
				rc = SCS_OK;
		}
		scs_record_clear(&key[0]);
		scs_record_clear(&key[1]);
		free(key);
		return rc;
	}
	}
}

static int
last_cb(void *arg, const struct scs_audit_entry *e)
{
	struct scs_index_pos *pos = arg;

	pos->seq = e->seq + 1;
	memcpy(pos->leaf, e->leaf, 32);
	return SCS_OK;
}

/* Where the register's audit log ends, inside an open read transaction:
 * the size of its last signed head (sealed in every write transaction)
 * and the leaf of the entry before. */
static int
log_end(struct scs_ctx *c, struct scs_index_pos *pos, struct scs_err *err)
{
	struct scs_tree_head h;
	int rc;

	memset(pos, 0, sizeof(*pos));
	rc = scs_store_head_last(c->st, &h, err);
	if (rc == SCS_ENOTFOUND) {
		scs_err_clear(err);
		return SCS_OK;
	}
	if (rc != SCS_OK || h.size == 0)
		return rc;
	if ((rc = scs_store_audit_each(c->st, h.size - 1, 1, last_cb, pos,
	         err)) != SCS_OK)
		return rc;
	if (pos->seq != h.size)
		return scs_err_set(err, SCS_EINTERNAL, "audit",
		    "the audit log ends before its signed head");
	return SCS_OK;
}

/* Inside the read transaction: check the log against @pos, note its
 * end in @end, and gather in @f the entities the entries of decision
 * inputs since touch (selected by the store: decisions and other
 * entries, however many, are not read). */
static int
gather(struct scs_ctx *c, const struct scs_index_pos *pos,
    struct scs_index_pos *end, struct follow *f, struct scs_err *err)
{
	struct scs_index_pos last;
	size_t k;
	int rc = SCS_OK;

	/* The same log: its entry before the position is the one held. */
	memset(&last, 0, sizeof(last));
	if (pos->seq > 0)
		rc = scs_store_audit_each(c->st, pos->seq - 1, 1, last_cb,
		    &last, err);
	if (rc == SCS_OK && pos->seq > 0 &&
	    (last.seq != pos->seq || memcmp(last.leaf, pos->leaf, 32) != 0))
		conflict(f, "the audit log is not the one followed");
	if (rc == SCS_OK)
		rc = log_end(c, end, err);
	if (rc == SCS_OK && !f->conflict && end->seq < pos->seq)
		conflict(f, "the audit log ends before the index's position");
	f->from = pos->seq;
	f->end = end->seq;
	for (k = 0; rc == SCS_OK && !f->conflict && end->seq > pos->seq &&
	     k < SCS_KIND_N;
	     k++) {
		struct scs_audit_filter flt;

		if (!scs_kind_def((enum scs_kind)k)->decision_input)
			continue;
		memset(&flt, 0, sizeof(flt));
		flt.from_seq = pos->seq;
		flt.kind = scs_kind_name((enum scs_kind)k);
		flt.from_us = INT64_MIN;
		flt.to_us = INT64_MAX;
		rc = scs_store_audit_find(c->st, &flt,
		    SCS_FOLLOW_MAX + 1 - f->entries, entry_cb, f, err);
		if (rc == SCS_OK && f->entries > SCS_FOLLOW_MAX)
			conflict(f, "too many changes at once");
	}
	return rc;
}

/* Inside the read transaction: re-read what @f gathered and make the
 * update of @cur in *out; *n entities re-read. */
static int
apply(struct scs_ctx *c, const struct scs_index *cur, struct follow *f,
    struct scs_index **out, size_t *n, struct scs_err *err)
{
	struct scs_index_update *u;
	struct scs_err e2;
	size_t i;
	int rc = SCS_OK;

	qsort(f->t, f->n, sizeof(*f->t), cmp_touch);
	if ((u = scs_index_update_new(cur)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "index", "out of memory");
	for (i = 0; rc == SCS_OK && i < f->n; i++) {
		if (i > 0 && cmp_touch(&f->t[i - 1], &f->t[i]) == 0)
			continue;
		scs_err_clear(&e2);
		rc = reread_one(c, u, &f->t[i], &e2);
		(*n)++;
	}
	/* A record the tables do not know: the full build names it. */
	if (rc == SCS_EINVAL || rc == SCS_ECONFLICT) {
		conflict(f, "a record the update cannot take");
		scs_index_update_free(u);
		return SCS_ECONFLICT;
	}
	if (rc != SCS_OK) {
		if (err != NULL && e2.rc != SCS_OK)
			*err = e2;
		scs_index_update_free(u);
		return rc;
	}
	scs_err_clear(&e2);
	rc = scs_index_update_finish(u, out, &e2);
	if (rc == SCS_ECONFLICT)
		conflict(f, e2.reason);
	else if (rc != SCS_OK && err != NULL)
		*err = e2;
	return rc;
}

int
scs_op_index_follow(struct scs_ctx *c, const struct scs_index *cur,
    struct scs_index_pos *pos, struct scs_index **out, size_t *out_touched,
    struct scs_err *err)
{
	struct scs_index_pos end;
	struct follow f;
	size_t n = 0;
	int rc;

	*out = NULL;
	if (out_touched != NULL)
		*out_touched = 0;
	memset(&f, 0, sizeof(f));
	memset(&end, 0, sizeof(end));
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		return rc;
	rc = gather(c, pos, &end, &f, err);
	if (rc == SCS_OK && f.conflict)
		rc = SCS_ECONFLICT;
	if (rc == SCS_OK && f.n > 0)
		rc = apply(c, cur, &f, out, &n, err);
	scs_store_rollback(c->st);
	free(f.t);
	if (rc == SCS_ECONFLICT) {
		scs_index_free(*out);
		*out = NULL;
		return scs_err_set(err, SCS_ECONFLICT, "index",
		    "the changes since the index was built need a full build: "
		    "%s",
		    f.why);
	}
	if (rc != SCS_OK) {
		if (err != NULL && err->rc == SCS_OK)
			(void)scs_err_set(err, rc, "index",
			    "the index could not follow the audit log");
		return rc;
	}
	*pos = end;
	if (out_touched != NULL)
		*out_touched = n;
	return SCS_OK;
}

int
scs_op_index_build_at(struct scs_ctx *c, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_err *err)
{
	struct scs_index_builder *b;
	int rc;

	*out = NULL;
	if ((b = scs_index_builder_new(c->rd)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "index", "out of memory");
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK) {
		scs_index_builder_free(b);
		return rc;
	}
	/* The position and the records from one snapshot. */
	if (pos != NULL)
		rc = log_end(c, pos, err);
	if (rc == SCS_OK)
		rc = scs_op_index_feed(c, b, err);
	scs_store_rollback(c->st);
	if (rc != SCS_OK) {
		scs_index_builder_free(b);
		return rc;
	}
	return scs_index_build(b, out, err);
}
