/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decide.c - the access decision's operations: building the decision index
 * from one read snapshot of the store, who may ask, and recording
 * decisions in the audit log in batches (every deny; allows per the
 * configured mode, always counted).  The decision itself is core's
 * (src/index/): pure and lock-free.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/dblock.h"
#include "ops_int.h"

struct feed {
	struct scs_index_builder *b;
	int rc;
};

static int
feed_org(void *arg, const struct scs_org *o)
{
	struct feed *f = arg;

	return scs_index_add_org(f->b, o);
}

static int
feed_person(void *arg, const struct scs_person *p)
{
	struct feed *f = arg;

	return scs_index_add_person(f->b, p);
}

static int
feed_rec(void *arg, const struct scs_record *r)
{
	struct feed *f = arg;

	return scs_index_add_rec(f->b, r->kind, &r->u);
}

int
scs_op_index_feed(struct scs_ctx *c, struct scs_index_builder *b,
    struct scs_err *err)
{
	struct feed f;
	size_t i;
	int rc;

	f.b = b;
	f.rc = SCS_OK;
	rc = scs_store_org_each(c->st, feed_org, &f, err);
	if (rc == SCS_OK)
		rc = scs_store_person_lean_each(c->st, feed_person, &f, err);
	/* Then every other kind the decision reads, from the kind table. */
	for (i = SCS_KIND_PERSON + 1; rc == SCS_OK && i < SCS_KIND_N; i++)
		if (scs_kind_def((enum scs_kind)i)->decision_input)
			rc = scs_store_rec_each(c->st, (enum scs_kind)i,
			    feed_rec, &f, err);
	if (rc != SCS_OK && err != NULL && err->rc == SCS_OK)
		(void)scs_err_set(err, rc, "index",
		    "a record does not fit the reference tables");
	return rc;
}

int
scs_op_index_build(struct scs_ctx *c, struct scs_index **out,
    struct scs_err *err)
{
	return scs_op_index_build_at(c, out, NULL, err);
}

int
scs_op_may_decide(const struct scs_ctx *c, struct scs_err *err)
{
	return scs_op_allow(c,
	    SCS_ROLE_RELYING | SCS_ROLE_DESIGNATOR | SCS_ROLE_SECURITY_OFFICER,
	    "ask for access decisions", err);
}

bool
scs_decision_recorded(enum scs_decision_audit mode, enum scs_reason r)
{
	return mode == SCS_DAUDIT_EACH ||
	    (mode == SCS_DAUDIT_DENIES && !scs_reason_allows(r));
}

int
scs_decision_audit_parse(const char *s, enum scs_decision_audit *out)
{
	if (strcmp(s, "each") == 0)
		*out = SCS_DAUDIT_EACH;
	else if (strcmp(s, "denies") == 0)
		*out = SCS_DAUDIT_DENIES;
	else if (strcmp(s, "count") == 0)
		*out = SCS_DAUDIT_COUNT;
	else
		return -1;
	return 0;
}

static void
fill(struct scs_ctx *c, struct scs_audit_entry *e, const char *action,
    const char *kind, const char *object, const char *purpose)
{
	memset(e, 0, sizeof(*e));
	e->time_us = c->now_us();
	(void)scs_strlcpy(e->actor, c->actor.name, sizeof(e->actor));
	(void)scs_strlcpy(e->action, action, sizeof(e->action));
	(void)scs_strlcpy(e->kind, kind, sizeof(e->kind));
	(void)scs_strlcpy(e->object, object, sizeof(e->object));
	(void)scs_strlcpy(e->purpose, purpose, sizeof(e->purpose));
}

/* @t as a date-time even at midnight (scs_time_format writes a date). */
static void
full_time(int64_t t, char out[SCS_TIME_STRMAX])
{
	if (scs_time_format(t, out) == SCS_DATE_LEN)
		(void)scs_strlcpy(out + SCS_DATE_LEN, "T00:00:00Z",
		    SCS_TIME_STRMAX - SCS_DATE_LEN);
}

/* Records a block is cut at: its string table (up to 3 strings a record)
 * then stays in the cache while it is built, which matters more than the
 * few bytes a larger table would share (at most SCS_DBLOCK_MAX). */
#define BLOCK_RECS 4096

/* A block being written: its bytes and what they hold. */
struct wblock {
	struct scs_buf bytes;
	struct scs_dblock_info info;
};

/* The recorded decisions of @recs, BLOCK_RECS to a block, each
 * block's entry filled into @e; *@out_nb blocks. */
static int
encode_blocks(struct scs_ctx *c, enum scs_decision_audit mode,
    const struct scs_decision_rec *recs, size_t n, struct wblock *b,
    struct scs_audit_entry *e, size_t *out_nb, struct scs_err *err)
{
	char object[2 * SCS_TIME_STRMAX + 4], purpose[SCS_PURPOSE_MAX + 1];
	char t0[SCS_TIME_STRMAX], t1[SCS_TIME_STRMAX];
	struct scs_dblock_enc *enc = scs_dblock_enc_new(c->actor.name);
	size_t i, nb = 0;
	int rc = SCS_OK;

	*out_nb = 0;
	if (enc == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; rc == SCS_OK && i <= n; i++) {
		if (i < n && !scs_decision_recorded(mode, recs[i].reason))
			continue;
		if (i < n)
			rc = scs_dblock_enc_add(enc, recs[i].actor,
			    recs[i].subject, recs[i].item, recs[i].at,
			    (unsigned)recs[i].reason);
		if (rc != SCS_OK || scs_dblock_enc_count(enc) == 0 ||
		    (i < n && scs_dblock_enc_count(enc) < BLOCK_RECS))
			continue;
		scs_buf_init(&b[nb].bytes, 64U << 20);
		if ((rc = scs_dblock_enc_finish(enc, &b[nb].bytes,
		         &b[nb].info)) != SCS_OK) {
			scs_buf_free(&b[nb].bytes);
			break;
		}
		full_time(b[nb].info.first_at, t0);
		full_time(b[nb].info.last_at, t1);
		(void)snprintf(object, sizeof(object), "%s..%s", t0, t1);
		(void)snprintf(purpose, sizeof(purpose),
		    "%llu decisions: %llu allowed, %llu denied",
		    (unsigned long long)b[nb].info.count,
		    (unsigned long long)b[nb].info.allows,
		    (unsigned long long)b[nb].info.denies);
		fill(c, &e[nb], "decisions", "decision_block", object, purpose);
		scs_audit_state("decision_block", b[nb].bytes.p,
		    b[nb].bytes.len, e[nb].state);
		nb++;
	}
	scs_dblock_enc_free(enc);
	*out_nb = nb;
	if (rc == SCS_ENOMEM)
		return scs_err_set(err, rc, "", "out of memory");
	if (rc != SCS_OK) /* ids and reasons come checked from the decider */
		return scs_err_set(err, SCS_EINTERNAL, "decision",
		    "a decision cannot be recorded in a block");
	return SCS_OK;
}

int
scs_op_decisions_audit(struct scs_ctx *c, enum scs_decision_audit mode,
    const struct scs_decision_rec *recs, size_t n, uint64_t allows,
    uint64_t denies, struct scs_err *err)
{
	char purpose[SCS_PURPOSE_MAX + 1];
	struct scs_audit_entry *e = NULL;
	struct wblock *b = NULL;
	uint64_t in_allows = 0, in_denies = 0;
	size_t i, nb = 0, ne, most = n / BLOCK_RECS + 1;
	int rc;

	if (n == 0 && allows == 0 && denies == 0)
		return SCS_OK;
	if ((e = calloc(most + 1, sizeof(*e))) == NULL ||
	    (b = calloc(most, sizeof(*b))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	/* Encoded and hashed before the transaction: the lock is held
	 * for the writes alone. */
	if ((rc = encode_blocks(c, mode, recs, n, b, e, &nb, err)) != SCS_OK)
		goto out;
	for (i = 0; i < nb; i++) {
		in_allows += b[i].info.allows;
		in_denies += b[i].info.denies;
	}
	ne = nb;
	if (allows != in_allows || denies != in_denies) {
		(void)snprintf(purpose, sizeof(purpose),
		    "%llu allowed, %llu denied (%llu and %llu in blocks)",
		    (unsigned long long)allows, (unsigned long long)denies,
		    (unsigned long long)in_allows,
		    (unsigned long long)in_denies);
		fill(c, &e[ne++], "decisions", "decision", "", purpose);
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	/* The entries first (they assign the seqs), then each block beside
	 * its entry, in the same transaction. */
	rc = scs_audit_append_many(c->st, e, ne, err);
	for (i = 0; rc == SCS_OK && i < nb; i++) {
		struct scs_dblock_row row;

		memset(&row, 0, sizeof(row));
		row.seq = e[i].seq;
		row.first_at = b[i].info.first_at;
		row.last_at = b[i].info.last_at;
		row.count = b[i].info.count;
		row.body = b[i].bytes.p;
		row.len = b[i].bytes.len;
		rc = scs_store_dblock_put(c->st, &row, err);
	}
	if (rc != SCS_OK)
		rc = scs_op_abort(c, rc);
	else
		rc = scs_op_commit(c, err);
out:
	for (i = 0; b != NULL && i < nb; i++)
		scs_buf_free(&b[i].bytes);
	free(b);
	free(e);
	return rc;
}

/* ---- a run of decisions: scope, time and audit policy, once ---- */

int
scs_op_decider_open(struct scs_decider *d, struct scs_ctx *c,
    const struct scs_index *ix, enum scs_decision_audit mode, size_t cap,
    scs_decision_sink sink, void *sink_arg, struct scs_err *err)
{
	int rc;

	memset(d, 0, sizeof(*d));
	if ((rc = scs_op_may_decide(c, err)) != SCS_OK)
		return rc;
	if (ix == NULL)
		return scs_err_set(err, SCS_EBUSY, "", "no decision index yet");
	d->c = c;
	d->ix = ix;
	d->mode = mode;
	d->now = c->now_us() / 1000000;
	d->cap = cap > 0 ? cap : 1;
	d->sink = sink;
	d->sink_arg = sink_arg;
	if ((d->recs = calloc(d->cap, sizeof(*d->recs))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

int
scs_op_decider_flush(struct scs_decider *d, struct scs_err *err)
{
	int rc;

	if (d->nrecs == 0 && d->allows == 0 && d->denies == 0)
		return SCS_OK;
	rc = d->sink != NULL
	    ? d->sink(d->sink_arg, d->recs, d->nrecs, d->allows, d->denies, err)
	    : scs_op_decisions_audit(d->c, d->mode, d->recs, d->nrecs,
	          d->allows, d->denies, err);
	d->nrecs = 0;
	d->allows = 0;
	d->denies = 0;
	return rc;
}

void
scs_op_decider_close(struct scs_decider *d)
{
	free(d->recs);
	d->recs = NULL;
}

/*
 * DESIGN.md section 2: a relying system asks about anyone; a security
 * officer only about their own organization's staff; a designator only
 * about their own organ's items.  Outside that scope a subject or item
 * reads as unknown, exactly as one that does not exist: the answer tells
 * nothing of what the caller may not see.
 */
static void
scope(const struct scs_decider *d, int32_t *sh, int32_t *ih)
{
	const struct scs_actor *a = &d->c->actor;

	if (a->kind != SCS_ACTOR_USER)
		return;
	if (a->role == SCS_ROLE_SECURITY_OFFICER && *sh >= 0 &&
	    strcmp(scs_index_subject_org(d->ix, *sh), a->org) != 0)
		*sh = -1;
	if (a->role == SCS_ROLE_DESIGNATOR && *ih >= 0 &&
	    strcmp(scs_index_item_owner(d->ix, *ih), a->org) != 0)
		*ih = -1;
}

/* Decision @r about @subject and @item at @t counted, recorded per the
 * run's mode, and handed on when the run's buffer is full. */
static int
decided(struct scs_decider *d, const char *subject, size_t slen,
    const char *item, size_t ilen, int64_t t, enum scs_reason r,
    struct scs_err *err)
{
	int allow = scs_reason_allows(r);

	d->allows += (uint64_t)allow;
	d->denies += (uint64_t)!allow;
	if (scs_decision_recorded(d->mode, r)) {
		struct scs_decision_rec *rec = &d->recs[d->nrecs++];

		/* "" is the context's actor: a sink (the server's queue)
		 * mixes actors, so it gets the name. */
		if (d->sink != NULL)
			(void)scs_strlcpy(rec->actor, d->c->actor.name,
			    sizeof(rec->actor));
		else
			rec->actor[0] = '\0';
		memcpy(rec->subject, subject, slen); /* ids: at most 64 bytes */
		rec->subject[slen] = '\0';
		memcpy(rec->item, item, ilen);
		rec->item[ilen] = '\0';
		rec->at = t;
		rec->reason = r;
	}
	if (d->nrecs == d->cap || d->allows + d->denies >= d->cap)
		return scs_op_decider_flush(d, err);
	return SCS_OK;
}

/* What scs_op_decide checks before it decides. */
static int
checked_query(const struct scs_decider *d, const char *subject, size_t slen,
    const char *item, size_t ilen, const int64_t *at, int64_t *out_t,
    struct scs_err *err)
{
	int rc;

	*out_t = at != NULL ? *at : d->now;
	if ((rc = scs_codec_query_ids(subject, slen, item, ilen, err)) !=
	    SCS_OK)
		return rc;
	if (*out_t < SCS_DECIDE_MIN || *out_t > SCS_DECIDE_MAX)
		return scs_err_set(err, SCS_EINVAL, "at",
		    "must be between 1970-01-01 and 2106-02-07");
	return SCS_OK;
}

int
scs_op_decide(struct scs_decider *d, const char *subject, size_t slen,
    const char *item, size_t ilen, const int64_t *at, int64_t *out_at,
    enum scs_reason *out, struct scs_err *err)
{
	int64_t t;
	int32_t sh, ih;
	int rc;

	if ((rc = checked_query(d, subject, slen, item, ilen, at, &t, err)) !=
	    SCS_OK)
		return rc;
	sh = scs_index_subject(d->ix, subject, slen);
	ih = scs_index_item(d->ix, item, ilen);
	scope(d, &sh, &ih);
	*out = scs_index_decide(d->ix, sh, ih, t);
	*out_at = t;
	return decided(d, subject, slen, item, ilen, t, *out, err);
}

int
scs_op_decide_many(struct scs_decider *d, const struct scs_decide_query *q,
    size_t n, int64_t *out_at, enum scs_reason *out, size_t *out_done,
    struct scs_err *err)
{
	struct scs_index_ids ids[SCS_INDEX_BATCH];
	int32_t sh[SCS_INDEX_BATCH], ih[SCS_INDEX_BATCH];
	size_t base, k, m, most;
	int rc;

	for (base = 0; base < n; base += m) {
		struct scs_err qerr;
		int qrc = SCS_OK;

		/* The group's queries checked up to the first bad one, which
		 * fails once those before it are answered, as one by one. */
		most = n - base < SCS_INDEX_BATCH ? n - base : SCS_INDEX_BATCH;
		scs_err_clear(&qerr);
		for (m = 0; m < most; m++) {
			const struct scs_decide_query *e = &q[base + m];

			if ((qrc = checked_query(d, e->subject, e->slen,
			         e->item, e->ilen, e->at, &out_at[base + m],
			         &qerr)) != SCS_OK)
				break;
			ids[m].subject = e->subject;
			ids[m].slen = e->slen;
			ids[m].item = e->item;
			ids[m].ilen = e->ilen;
		}
		scs_index_resolve_many(d->ix, ids, m, sh, ih);
		for (k = 0; k < m; k++) {
			const struct scs_decide_query *e = &q[base + k];

			scope(d, &sh[k], &ih[k]);
			out[base + k] = scs_index_decide(d->ix, sh[k], ih[k],
			    out_at[base + k]);
			if ((rc = decided(d, e->subject, e->slen, e->item,
			         e->ilen, out_at[base + k], out[base + k],
			         err)) != SCS_OK) {
				*out_done = base + k;
				return rc;
			}
		}
		if (qrc != SCS_OK) {
			if (err != NULL)
				*err = qerr;
			*out_done = base + m;
			return qrc;
		}
	}
	*out_done = n;
	return SCS_OK;
}
