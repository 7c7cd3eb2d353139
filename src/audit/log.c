/* SPDX-License-Identifier: Apache-2.0 */
/*
 * log.c - the audit log through the store: encoding leaves, appending with
 * the Merkle frontier kept in the store's meta table (so an append costs
 * O(log n) hashes, not a walk), signing tree heads, and verifying the whole
 * log.  The tree math is merkle.c's; this file adds persistence and keys.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/audit.h"
#include "scs/merkle.h"

#define FRONTIER_KEY "audit.frontier"
#define HEAD_MAGIC   "scs-tree-head-v1"

static void
put_u64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--) {
		p[i] = (uint8_t)v;
		v >>= 8;
	}
}

static size_t
put_str(uint8_t *p, size_t at, const char *s)
{
	size_t n = strlen(s);

	if (n > 0xffff || at + 2 + n > SCS_LEAF_MAX - 32)
		n = 0; /* cannot happen: fields are bounded far below */
	p[at] = (uint8_t)(n >> 8);
	p[at + 1] = (uint8_t)n;
	/* Length-prefixed bytes, not a C string. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(p + at + 2, s, n);
	return at + 2 + n;
}

size_t
scs_audit_leaf(const struct scs_audit_entry *e, uint8_t *out)
{
	size_t at;

	out[0] = 1;
	put_u64(out + 1, e->seq);
	put_u64(out + 9, (uint64_t)e->time_us);
	at = put_str(out, 17, e->actor);
	at = put_str(out, at, e->action);
	at = put_str(out, at, e->kind);
	at = put_str(out, at, e->object);
	at = put_str(out, at, e->purpose);
	memcpy(out + at, e->state, 32);
	return at + 32;
}

void
scs_audit_state(const char *kind, const void *canon, size_t len,
    uint8_t out[32])
{
	struct scs_hash_part parts[3] = {
	    {"scs-state-v1", 13}, /* with its NUL */
	    {kind, strlen(kind) + 1},
	    {canon, len},
	};

	scs_crypto_sha256v(out, parts, 3);
}

static int
load_frontier(struct scs_store *st, struct scs_merkle_frontier *f,
    struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	int rc = scs_store_meta_get(st, FRONTIER_KEY, &b, NULL);

	scs_merkle_frontier_init(f);
	if (rc == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return scs_err_set(err, rc, "audit",
		    "cannot read the frontier");
	if (scs_merkle_frontier_decode(f, b.p, b.len) != 0)
		rc = scs_err_set(err, SCS_ECORRUPT, "audit",
		    "the stored Merkle frontier is malformed");
	scs_blob_free(&b);
	return rc;
}

/* Every text of an entry is well-formed UTF-8 without control characters:
 * the log is read back as JSON, and one bad entry must not make a page of
 * it unreadable.  Operations validate their input first; this is the last
 * gate before the bytes are hashed and stored for good. */
static int
check_text(const char *s, const char *field, struct scs_err *err)
{
	size_t i, n = strlen(s);

	if (!scs_utf8_valid(s, n))
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be valid UTF-8");
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return scs_err_set(err, SCS_EINVAL, field,
			    "must not hold control characters");
	return SCS_OK;
}

static int
check_entry(const struct scs_audit_entry *e, struct scs_err *err)
{
	int rc;

	if ((rc = check_text(e->actor, "actor", err)) != SCS_OK ||
	    (rc = check_text(e->action, "action", err)) != SCS_OK ||
	    (rc = check_text(e->kind, "kind", err)) != SCS_OK ||
	    (rc = check_text(e->object, "object", err)) != SCS_OK ||
	    (rc = check_text(e->purpose, "purpose", err)) != SCS_OK)
		return rc;
	return SCS_OK;
}

int
scs_audit_append_many(struct scs_store *st, struct scs_audit_entry *e, size_t n,
    struct scs_err *err)
{
	struct scs_merkle_frontier f;
	uint8_t leaf[SCS_LEAF_MAX], enc[8 + 64 * 32];
	size_t i, len;
	int rc;

	for (i = 0; i < n; i++)
		if ((rc = check_entry(&e[i], err)) != SCS_OK)
			return rc;
	if ((rc = load_frontier(st, &f, err)) != SCS_OK)
		return rc;
	for (i = 0; i < n; i++) {
		e[i].seq = f.size;
		len = scs_audit_leaf(&e[i], leaf);
		scs_merkle_leaf_hash(scs_crypto_sha256v, leaf, len, e[i].leaf);
		if (scs_merkle_frontier_append(scs_crypto_sha256v, &f,
		        e[i].leaf) != 0)
			return scs_err_set(err, SCS_EINTERNAL, "audit",
			    "log is full");
		if ((rc = scs_store_audit_append(st, &e[i], err)) != SCS_OK)
			return rc;
	}
	len = scs_merkle_frontier_encode(&f, enc, sizeof(enc));
	return scs_store_meta_put(st, FRONTIER_KEY, enc, len, err);
}

int
scs_audit_append(struct scs_store *st, struct scs_audit_entry *e,
    struct scs_err *err)
{
	return scs_audit_append_many(st, e, 1, err);
}

static size_t
head_msg(const struct scs_tree_head *h, uint8_t out[64])
{
	/* A fixed 16-byte tag, not a C string. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(out, HEAD_MAGIC, 16);
	put_u64(out + 16, h->size);
	put_u64(out + 24, (uint64_t)h->time_us);
	memcpy(out + 32, h->root, 32);
	return 64;
}

int
scs_audit_head(struct scs_store *st, struct scs_tree_head *out,
    struct scs_err *err)
{
	int rc = scs_store_head_last(st, out, err);

	if (rc != SCS_ENOTFOUND)
		return rc;
	memset(out, 0, sizeof(*out));
	scs_crypto_sha256(out->root, "", 0);
	return SCS_OK;
}

int
scs_audit_seal_head(struct scs_store *st, const struct scs_keys *k,
    int64_t now_us, struct scs_err *err)
{
	struct scs_merkle_frontier f;
	struct scs_tree_head h, last;
	uint8_t msg[64];
	int rc;

	if ((rc = load_frontier(st, &f, err)) != SCS_OK ||
	    (rc = scs_audit_head(st, &last, err)) != SCS_OK)
		return rc;
	if (f.size == 0 || f.size == last.size)
		return SCS_OK;
	memset(&h, 0, sizeof(h));
	h.size = f.size;
	h.time_us = now_us;
	scs_merkle_frontier_root(scs_crypto_sha256v, &f, h.root);
	scs_crypto_sign(k, msg, head_msg(&h, msg), h.sig);
	return scs_store_head_put(st, &h, err);
}

struct heads {
	struct scs_tree_head *v;
	size_t n, cap;
};

static int
collect_head(void *arg, const struct scs_tree_head *h)
{
	struct heads *hs = arg;
	struct scs_tree_head *nv;

	if (hs->n == hs->cap) {
		hs->cap = hs->cap ? 2 * hs->cap : 64;
		if ((nv = realloc(hs->v, hs->cap * sizeof(*nv))) == NULL)
			return SCS_ENOMEM;
		hs->v = nv;
	}
	hs->v[hs->n++] = *h;
	return SCS_OK;
}

struct walk {
	struct scs_merkle_frontier f;
	struct heads hs;
	size_t next_head;
	struct scs_audit_report *rep;
	scs_state_cb cb;
	void *arg;
};

static int fail(struct scs_audit_report *rep, uint64_t seq, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

static int
fail(struct scs_audit_report *rep, uint64_t seq, const char *fmt, ...)
{
	va_list ap;

	rep->ok = 0;
	rep->bad_seq = seq;
	va_start(ap, fmt);
	(void)vsnprintf(rep->problem, sizeof(rep->problem), fmt, ap);
	va_end(ap);
	return SCS_ECORRUPT; /* stops the walk; turned into ok=0 */
}

static int
walk_entry(void *arg, const struct scs_audit_entry *e)
{
	struct walk *w = arg;
	uint8_t leaf[SCS_LEAF_MAX], lh[32], root[32];
	uint64_t want = w->f.size;
	size_t len;

	if (e->seq != want)
		return fail(w->rep, want,
		    "entry %llu is missing or out of order (next stored "
		    "entry is %llu)",
		    (unsigned long long)want, (unsigned long long)e->seq);
	len = scs_audit_leaf(e, leaf);
	scs_merkle_leaf_hash(scs_crypto_sha256v, leaf, len, lh);
	if (memcmp(lh, e->leaf, 32) != 0)
		return fail(w->rep, e->seq,
		    "entry %llu was altered: its content does not match its "
		    "leaf hash",
		    (unsigned long long)e->seq);
	(void)scs_merkle_frontier_append(scs_crypto_sha256v, &w->f, lh);
	while (
	    w->next_head < w->hs.n && w->hs.v[w->next_head].size == w->f.size) {
		scs_merkle_frontier_root(scs_crypto_sha256v, &w->f, root);
		if (memcmp(root, w->hs.v[w->next_head].root, 32) != 0)
			return fail(w->rep, e->seq,
			    "the signed tree head of size %llu does not match "
			    "the log; an entry before %llu was altered",
			    (unsigned long long)w->f.size,
			    (unsigned long long)w->f.size);
		w->next_head++;
		w->rep->heads++;
	}
	w->rep->entries++;
	return w->cb != NULL ? w->cb(w->arg, e) : SCS_OK;
}

int
scs_audit_verify(struct scs_store *st, const uint8_t pub[32], scs_state_cb cb,
    void *arg, struct scs_audit_report *rep, struct scs_err *err)
{
	struct walk *w;
	uint8_t msg[64];
	size_t i;
	int rc;

	memset(rep, 0, sizeof(*rep));
	rep->ok = 1;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "audit", "out of memory");
	scs_merkle_frontier_init(&w->f);
	w->rep = rep;
	w->cb = cb;
	w->arg = arg;
	if ((rc = scs_store_head_each(st, collect_head, &w->hs, err)) != SCS_OK)
		goto out;
	for (i = 0; i < w->hs.n; i++)
		if (scs_crypto_verify(pub, msg, head_msg(&w->hs.v[i], msg),
		        w->hs.v[i].sig) != 0) {
			(void)fail(rep, w->hs.v[i].size,
			    "the signed tree head of size %llu has a bad "
			    "signature",
			    (unsigned long long)w->hs.v[i].size);
			goto out;
		}
	rc = scs_store_audit_each(st, 0, 0, walk_entry, w, err);
	if (rc == SCS_ECORRUPT && !rep->ok) {
		rc = SCS_OK;
		goto out;
	}
	if (rc != SCS_OK)
		goto out;
	if (w->next_head < w->hs.n)
		(void)fail(rep, w->f.size,
		    "the log was truncated: a signed tree head names %llu "
		    "entries, the log holds %llu",
		    (unsigned long long)w->hs.v[w->hs.n - 1].size,
		    (unsigned long long)w->f.size);
	scs_merkle_frontier_root(scs_crypto_sha256v, &w->f, rep->root);
out:
	free(w->hs.v);
	free(w);
	return rc;
}
