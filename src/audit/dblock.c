/* SPDX-License-Identifier: Apache-2.0 */
/*
 * dblock.c - blocks of recorded access decisions: the compact encoding of
 * include/scs/dblock.h (a string table, varints, zigzag time deltas) and
 * its strict decoder.  Pure code: no I/O, no clock, no hashing (the
 * caller hashes the bytes into its audit entry).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "scs/dblock.h"
#include "scs/index.h"
#include "scs/map.h"

struct erec {
	uint32_t subject, item, actor;
	uint8_t reason;
	int64_t at;
};

struct scs_dblock_enc {
	struct scs_map *strs; /* string -> its index + 1 */
	struct scs_buf table; /* the string table as encoded */
	uint32_t nstr;
	struct erec *recs;
	size_t n, cap;
	char actor[SCS_DBLOCK_STR_MAX + 1];
};

static size_t
put_var(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static uint64_t
zigzag(int64_t v)
{
	/* All ones for a negative v, without shifting a signed value. */
	return ((uint64_t)v << 1) ^ (v < 0 ? UINT64_MAX : 0);
}

static int64_t
unzigzag(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* The index of @s in the table, added at the end when new. */
static int
intern(struct scs_dblock_enc *e, const char *s, uint32_t *out)
{
	uint8_t hdr[10];
	size_t len = strlen(s), at = e->table.len;
	uint32_t *slot;

	if (len > SCS_DBLOCK_STR_MAX)
		return SCS_EINVAL;
	if ((slot = scs_map_get(e->strs, s, len, 1)) == NULL)
		return SCS_ENOMEM;
	if (*slot != 0) {
		*out = *slot - 1;
		return SCS_OK;
	}
	if (scs_buf_add(&e->table, hdr, put_var(hdr, len)) != SCS_OK ||
	    scs_buf_add(&e->table, s, len) != SCS_OK) {
		e->table.len = at;
		/* The slot stays, zero: the next use of @s tries again. */
		return SCS_ENOMEM;
	}
	*slot = ++e->nstr;
	*out = *slot - 1;
	return SCS_OK;
}

static int
reset(struct scs_dblock_enc *e)
{
	uint32_t i;

	scs_map_free(e->strs);
	scs_buf_reset(&e->table);
	e->nstr = 0;
	e->n = 0;
	if ((e->strs = scs_map_new(sizeof(uint32_t))) == NULL)
		return SCS_ENOMEM;
	return intern(e, e->actor, &i);
}

struct scs_dblock_enc *
scs_dblock_enc_new(const char *actor)
{
	struct scs_dblock_enc *e = calloc(1, sizeof(*e));

	if (e == NULL)
		return NULL;
	if (strlen(actor) > SCS_DBLOCK_STR_MAX) {
		free(e);
		return NULL;
	}
	memcpy(e->actor, actor, strlen(actor) + 1);
	/* A block of 65536 records with distinct ids is a few MB. */
	scs_buf_init(&e->table, 64U << 20);
	if (reset(e) != SCS_OK) {
		scs_dblock_enc_free(e);
		return NULL;
	}
	return e;
}

void
scs_dblock_enc_free(struct scs_dblock_enc *e)
{
	if (e == NULL)
		return;
	scs_map_free(e->strs);
	scs_buf_free(&e->table);
	free(e->recs);
	free(e);
}

size_t
scs_dblock_enc_count(const struct scs_dblock_enc *e)
{
	return e->n;
}

int
scs_dblock_enc_add(struct scs_dblock_enc *e, const char *actor,
    const char *subject, const char *item, int64_t at, unsigned reason)
{
	struct erec r;
	struct erec *nr;
	size_t ncap;
	int rc;

	if (e->n == SCS_DBLOCK_MAX)
		return SCS_ETOOBIG;
	if (reason >= SCS_R_N || strlen(subject) > SCS_DBLOCK_STR_MAX ||
	    strlen(item) > SCS_DBLOCK_STR_MAX ||
	    (actor != NULL && strlen(actor) > SCS_DBLOCK_STR_MAX))
		return SCS_EINVAL;
	if (e->n == e->cap) {
		ncap = e->cap ? 2 * e->cap : 256;
		if ((nr = realloc(e->recs, ncap * sizeof(*nr))) == NULL)
			return SCS_ENOMEM;
		e->recs = nr;
		e->cap = ncap;
	}
	/* First use orders the table: subject, item, actor.  After
	 * SCS_ENOMEM here the table may hold a string no record uses: the
	 * caller discards the encoder (the header says so). */
	memset(&r, 0, sizeof(r));
	if ((rc = intern(e, subject, &r.subject)) != SCS_OK ||
	    (rc = intern(e, item, &r.item)) != SCS_OK)
		return rc;
	r.actor = 0;
	if (actor != NULL && actor[0] != '\0' && strcmp(actor, e->actor) != 0 &&
	    (rc = intern(e, actor, &r.actor)) != SCS_OK)
		return rc;
	r.at = at;
	r.reason = (uint8_t)reason;
	e->recs[e->n++] = r;
	return SCS_OK;
}

int
scs_dblock_enc_finish(struct scs_dblock_enc *e, struct scs_buf *out,
    struct scs_dblock_info *info)
{
	uint8_t tmp[48];
	int64_t prev = 0;
	size_t i, k;
	int rc;

	memset(info, 0, sizeof(*info));
	if (e->n == 0)
		return SCS_EINVAL;
	info->count = e->n;
	info->first_at = info->last_at = e->recs[0].at;
	/* The 8-byte magic, not a C string. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(tmp, SCS_DBLOCK_MAGIC, 8);
	k = 8 + put_var(tmp + 8, e->n);
	k += put_var(tmp + k, e->nstr);
	if ((rc = scs_buf_add(out, tmp, k)) != SCS_OK ||
	    (rc = scs_buf_add(out, e->table.p, e->table.len)) != SCS_OK)
		return rc;
	for (i = 0; i < e->n; i++) {
		const struct erec *r = &e->recs[i];

		k = put_var(tmp, r->subject);
		k += put_var(tmp + k, r->item);
		/* Wraps like the decoder's sum: any int64 round-trips. */
		k += put_var(tmp + k,
		    zigzag((int64_t)((uint64_t)r->at - (uint64_t)prev)));
		tmp[k++] = (uint8_t)(r->reason | (r->actor != 0 ? 0x80 : 0));
		if (r->actor != 0)
			k += put_var(tmp + k, r->actor);
		if ((rc = scs_buf_add(out, tmp, k)) != SCS_OK)
			return rc;
		prev = r->at;
		if (r->at < info->first_at)
			info->first_at = r->at;
		if (r->at > info->last_at)
			info->last_at = r->at;
		if (scs_reason_allows((enum scs_reason)r->reason))
			info->allows++;
		else
			info->denies++;
	}
	return reset(e);
}

/* ---- decoding ---- */

struct rd {
	const uint8_t *p;
	size_t len, at;
	char *why;
};

static int
corrupt(struct rd *d, const char *what)
{
	if (d->why != NULL) {
		size_t n = strlen(what);

		if (n > 127)
			n = 127;
		memcpy(d->why, what, n);
		d->why[n] = '\0';
	}
	return SCS_ECORRUPT;
}

static int
get_var(struct rd *d, uint64_t *out)
{
	uint64_t v = 0;
	unsigned shift = 0;
	uint8_t b;

	do {
		if (d->at >= d->len)
			return corrupt(d, "the block ends inside a number");
		if (shift == 63 && d->p[d->at] > 1)
			return corrupt(d, "a number does not fit 64 bits");
		if (shift > 63)
			return corrupt(d, "a number is longer than 10 bytes");
		b = d->p[d->at++];
		v |= (uint64_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	/* One value, one encoding: no trailing zero group. */
	if (b == 0 && shift > 7)
		return corrupt(d, "a number is not in its shortest form");
	*out = v;
	return SCS_OK;
}

struct strs {
	char **s;
	char *mem;
};

/* One record's fields, checked against the table of @nstr strings. */
struct raw {
	uint64_t sub, item, dt, actor;
	uint8_t reason;
};

static int
read_rec(struct rd *d, uint64_t nstr, struct raw *r)
{
	int rc;

	if ((rc = get_var(d, &r->sub)) != SCS_OK ||
	    (rc = get_var(d, &r->item)) != SCS_OK ||
	    (rc = get_var(d, &r->dt)) != SCS_OK)
		return rc;
	if (r->sub >= nstr || r->item >= nstr)
		return corrupt(d,
		    "a record names a string the table does "
		    "not hold");
	if (d->at >= d->len)
		return corrupt(d, "the block ends inside a record");
	r->reason = d->p[d->at++];
	r->actor = 0;
	if ((r->reason & 0x80) != 0) {
		if ((rc = get_var(d, &r->actor)) != SCS_OK)
			return rc;
		if (r->actor == 0 || r->actor >= nstr)
			return corrupt(d,
			    "a record names an actor the table "
			    "does not hold");
	}
	r->reason &= 0x7f;
	if (r->reason >= SCS_R_N)
		return corrupt(d, "a record holds an unknown reason");
	return SCS_OK;
}

static void
sum_rec(struct scs_dblock_info *info, uint64_t i, int64_t at, uint8_t reason)
{
	if (i == 0 || at < info->first_at)
		info->first_at = at;
	if (i == 0 || at > info->last_at)
		info->last_at = at;
	if (scs_reason_allows((enum scs_reason)reason))
		info->allows++;
	else
		info->denies++;
}

/* Walk the block; with @cb NULL only check it (and sum it into @info). */
static int
walk(struct rd *d, const struct strs *st, uint64_t n, uint64_t nstr,
    scs_dblock_cb cb, void *arg, struct scs_dblock_info *info)
{
	struct scs_dblock_rec r;
	struct raw w;
	uint64_t i;
	int64_t prev = 0;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = read_rec(d, nstr, &w)) != SCS_OK)
			return rc;
		prev = (int64_t)((uint64_t)prev + (uint64_t)unzigzag(w.dt));
		if (info != NULL)
			sum_rec(info, i, prev, w.reason);
		if (cb == NULL)
			continue;
		r.actor = st->s[w.actor];
		r.subject = st->s[w.sub];
		r.item = st->s[w.item];
		r.at = prev;
		r.reason = w.reason;
		if ((rc = cb(arg, &r)) != SCS_OK)
			return rc;
	}
	if (d->at != d->len)
		return corrupt(d, "bytes follow the last record");
	return SCS_OK;
}

/* The string table: each string checked and copied, NUL-terminated, into
 * st->mem (room for the block and a NUL a string). */
static int
read_table(struct rd *d, struct strs *st, uint64_t nstr, struct scs_map *seen)
{
	uint64_t i, slen;
	size_t start, memat = 0;
	uint8_t *dup;
	int rc;

	for (i = 0; i < nstr; i++) {
		if ((rc = get_var(d, &slen)) != SCS_OK)
			return rc;
		if (slen > SCS_DBLOCK_STR_MAX || slen > d->len - d->at)
			return corrupt(d, "a string is too long");
		start = d->at;
		d->at += (size_t)slen;
		if (!scs_utf8_valid((const char *)d->p + start, (size_t)slen) ||
		    memchr(d->p + start, 0, (size_t)slen) != NULL)
			return corrupt(d, "a string is not UTF-8 text");
		if ((dup = scs_map_get(seen, d->p + start, (size_t)slen, 1)) ==
		    NULL)
			return SCS_ENOMEM;
		if (*dup != 0)
			return corrupt(d, "a string is in the table twice");
		*dup = 1;
		st->s[i] = st->mem + memat;
		memcpy(st->s[i], d->p + start, (size_t)slen);
		st->s[i][slen] = '\0';
		memat += (size_t)slen + 1;
	}
	return SCS_OK;
}

int
scs_dblock_decode(const uint8_t *p, size_t len, scs_dblock_cb cb, void *arg,
    struct scs_dblock_info *info, char why[128])
{
	struct rd d = {p, len, 8, why};
	struct strs st = {NULL, NULL};
	struct scs_dblock_info sum;
	struct scs_map *seen = NULL;
	uint64_t n, nstr;
	size_t start;
	int rc;

	memset(&sum, 0, sizeof(sum));
	if (info != NULL)
		memset(info, 0, sizeof(*info));
	if (why != NULL)
		why[0] = '\0';
	if (len < 8 || memcmp(p, SCS_DBLOCK_MAGIC, 8) != 0)
		return corrupt(&d, "not a decision block (bad magic)");
	if ((rc = get_var(&d, &n)) != SCS_OK ||
	    (rc = get_var(&d, &nstr)) != SCS_OK)
		return rc;
	if (n == 0 || n > SCS_DBLOCK_MAX)
		return corrupt(&d, "the record count is out of range");
	if (nstr == 0 || nstr > 3 * n + 1)
		return corrupt(&d, "the string count is out of range");
	/* Each string's bytes and a NUL: never more than the block. */
	if ((st.s = calloc((size_t)nstr, sizeof(*st.s))) == NULL ||
	    (st.mem = malloc(len + (size_t)nstr)) == NULL ||
	    (seen = scs_map_new(1)) == NULL) {
		rc = SCS_ENOMEM;
		goto out;
	}
	if ((rc = read_table(&d, &st, nstr, seen)) != SCS_OK)
		goto out;
	start = d.at;
	if ((rc = walk(&d, &st, n, nstr, NULL, NULL, &sum)) != SCS_OK)
		goto out;
	sum.count = n;
	d.at = start;
	if (cb != NULL &&
	    (rc = walk(&d, &st, n, nstr, cb, arg, NULL)) != SCS_OK)
		goto out;
	if (info != NULL)
		*info = sum;
out:
	scs_map_free(seen);
	free(st.mem);
	free(st.s);
	return rc;
}
