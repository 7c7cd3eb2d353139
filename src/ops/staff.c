/* SPDX-License-Identifier: Apache-2.0 */
/*
 * staff.c - an organization's staff with their clearances' standing
 * today (GET /v1/organizations/{id}/staff), for its security officer and
 * for admins.  Reads persons (identity only), clearances and suspensions:
 * never relatives, cases or anything sealed.  The standing is core's
 * (src/core/staff.c); here only who may ask, the reads, the filter, the
 * order and the page.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/staff.h"
#include "ops_int.h"

struct collect {
	struct scs_staff_row *rows;
	size_t n, cap;
};

static int
add_person(void *arg, const struct scs_person *p)
{
	struct collect *c = arg;
	struct scs_staff_row *grown, *r;

	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 64;
		grown = realloc(c->rows, c->cap * sizeof(*c->rows));
		if (grown == NULL)
			return SCS_ENOMEM;
		c->rows = grown;
	}
	r = &c->rows[c->n++];
	memset(r, 0, sizeof(*r));
	(void)scs_strlcpy(r->person, p->id, sizeof(r->person));
	(void)scs_strlcpy(r->name, p->name, sizeof(r->name));
	(void)scs_strlcpy(r->name_latin, p->name_latin, sizeof(r->name_latin));
	return SCS_OK;
}

struct reads {
	struct scs_staff_row *row;
	struct scs_staff st;
	int64_t now;
};

static int
add_clearance(void *arg, const struct scs_record *rec)
{
	struct reads *r = arg;
	struct scs_staff_row *row = r->row;
	struct scs_staff_clearance *grown;

	scs_staff_add_clearance(&r->st, &rec->u.clearance, r->now);
	if (row->nclearances % 8 == 0) {
		grown = realloc(row->clearances,
		    (row->nclearances + 8) * sizeof(*row->clearances));
		if (grown == NULL)
			return SCS_ENOMEM;
		row->clearances = grown;
	}
	row->clearances[row->nclearances].c = rec->u.clearance;
	row->clearances[row->nclearances].status =
	    scs_staff_clearance(&rec->u.clearance, r->now);
	row->nclearances++;
	return SCS_OK;
}

static int
add_suspension(void *arg, const struct scs_record *rec)
{
	struct reads *r = arg;

	scs_staff_add_suspension(&r->st, &rec->u.suspension, r->now);
	return SCS_OK;
}

static int
standing(struct scs_ctx *c, struct scs_staff_row *row, int64_t now,
    struct scs_err *err)
{
	struct scs_rec_query q;
	struct reads r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.row = row;
	r.now = now;
	scs_staff_init(&r.st);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = row->person;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q,
	         add_clearance, &r, err)) != SCS_OK ||
	    (rc = scs_store_rec_query(c->st, SCS_KIND_SUSPENSION, &q,
	         add_suspension, &r, err)) != SCS_OK)
		return rc == SCS_ENOMEM
		    ? scs_err_set(err, SCS_ENOMEM, "", "out of memory")
		    : rc;
	row->status = scs_staff_done(&r.st);
	row->has_until = r.st.has_until;
	row->valid_until = r.st.valid_until;
	return SCS_OK;
}

/* Name (bytes of UTF-8), then id; or the standing's end, those without
 * one last, then name and id. */
static int
by_name(const void *a, const void *b)
{
	const struct scs_staff_row *x = a, *y = b;
	int d = strcmp(x->name, y->name);

	return d != 0 ? d : strcmp(x->person, y->person);
}

static int
by_until(const void *a, const void *b)
{
	const struct scs_staff_row *x = a, *y = b;

	if (x->has_until != y->has_until)
		return x->has_until ? -1 : 1;
	if (x->has_until && x->valid_until != y->valid_until)
		return x->valid_until < y->valid_until ? -1 : 1;
	return by_name(a, b);
}

static void
free_rows(struct collect *all)
{
	size_t i;

	for (i = 0; i < all->n; i++)
		free(all->rows[i].clearances);
	free(all->rows);
}

/* May the actor see @org's staff: its own officer, or an admin. */
static int
may_see(struct scs_ctx *c, const char *org, struct scs_err *err)
{
	struct scs_org o;
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
	         "list an organization's staff", err)) != SCS_OK)
		return rc;
	if (c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_SECURITY_OFFICER &&
	    strcmp(org, c->actor.org) != 0)
		return scs_err_set(err, SCS_EDENIED, "id",
		    "a security officer sees only their own organization's "
		    "staff");
	rc = scs_store_org_get(c->st, org, &o, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, rc, "id", "no organization \"%s\"",
		    org);
	return rc;
}

int
scs_op_org_staff(struct scs_ctx *c, const struct scs_staff_query *q,
    scs_staff_cb cb, void *arg, struct scs_err *err)
{
	struct collect all = {NULL, 0, 0};
	int64_t now = c->now_us() / 1000000;
	int (*order)(const void *, const void *) =
	    q->by_until ? by_until : by_name;
	const struct scs_staff_row *from = NULL;
	size_t i, sent = 0;
	int rc;

	if ((rc = may_see(c, q->org, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_each(c->st, q->org, NULL, 0, add_person,
	         &all, err)) != SCS_OK) {
		if (rc == SCS_ENOMEM)
			(void)scs_err_set(err, rc, "", "out of memory");
		goto out;
	}
	for (i = 0; i < all.n; i++)
		if ((rc = standing(c, &all.rows[i], now, err)) != SCS_OK)
			goto out;
	if (all.n > 1)
		qsort(all.rows, all.n, sizeof(*all.rows), order);
	/* The page starts after the person @after in this order, whatever
	 * the filter: a person whose standing changed between two pages
	 * moves no other row. */
	if (q->after != NULL) {
		for (i = 0; i < all.n; i++)
			if (strcmp(all.rows[i].person, q->after) == 0)
				from = &all.rows[i];
		if (from == NULL) {
			rc = scs_err_set(err, SCS_EINVAL, "after",
			    "\"%s\" is not one of this organization's staff",
			    q->after);
			goto out;
		}
	}
	for (i = 0; i < all.n && sent < q->limit; i++) {
		if (from != NULL && order(&all.rows[i], from) <= 0)
			continue;
		if (q->has_status && all.rows[i].status != q->status)
			continue;
		if ((rc = cb(arg, &all.rows[i])) != SCS_OK)
			goto out;
		sent++;
	}
	rc = SCS_OK;
out:
	free_rows(&all);
	return rc;
}

struct ids {
	char (*id)[SCS_ID_MAX + 1];
	size_t n, cap;
};

static int
add_id(void *arg, const struct scs_person *p)
{
	struct ids *s = arg;
	char(*grown)[SCS_ID_MAX + 1];

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		grown = realloc(s->id, s->cap * sizeof(*s->id));
		if (grown == NULL)
			return SCS_ENOMEM;
		s->id = grown;
	}
	(void)scs_strlcpy(s->id[s->n++], p->id, sizeof(*s->id));
	return SCS_OK;
}

int
scs_op_org_briefings(struct scs_ctx *c, const char *org, scs_rec_cb cb,
    void *arg, struct scs_err *err)
{
	struct ids staff = {NULL, 0, 0};
	struct scs_rec_query q;
	const char **in = NULL;
	size_t i;
	int rc;

	if ((rc = may_see(c, org, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_each(c->st, org, NULL, 0, add_id, &staff,
	         err)) != SCS_OK) {
		if (rc == SCS_ENOMEM)
			(void)scs_err_set(err, rc, "", "out of memory");
		goto out;
	}
	if (staff.n == 0)
		goto out;
	if ((in = calloc(staff.n + 1, sizeof(*in))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	for (i = 0; i < staff.n; i++)
		in[i] = staff.id[i];
	memset(&q, 0, sizeof(q));
	q.in_field = "person";
	q.in_values = in;
	rc = scs_store_rec_query(c->st, SCS_KIND_BRIEFING, &q, cb, arg, err);
	if (rc == SCS_ENOMEM && err->rc == SCS_OK)
		rc = scs_err_set(err, rc, "", "out of memory");
out:
	free(in);
	free(staff.id);
	return rc;
}
