/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trust.c - key lists, status lists and the verification of a code
 * (include/scs/trust.h; the byte formats in docs/attestation.md).  Both
 * lists are canonical CBOR maps signed as COSE_Sign1 (cose.c), read
 * strictly: what is read must encode again to the same bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "cbor_int.h"
#include "scs/crypto.h"
#include "scs/trust.h"

#define LIST_VERSION   1
#define STATUS_VERSION 1

/* ---- key lists ---- */

/* {1: 1, 2: country, 3: authority, 4: issued, 5: root,
 *  6: [[public key, not_before, not_after], ...]} */
static size_t
key_list_cbor(const struct scs_key_list *l,
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};
	size_t i;

	scs_cw_map(&w, 6);
	scs_cw_uint(&w, 1);
	scs_cw_uint(&w, LIST_VERSION);
	scs_cw_uint(&w, 2);
	scs_cw_tstr(&w, l->country);
	scs_cw_uint(&w, 3);
	scs_cw_tstr(&w, l->authority);
	scs_cw_uint(&w, 4);
	scs_cw_uint(&w, (uint64_t)l->issued);
	scs_cw_uint(&w, 5);
	scs_cw_bstr(&w, l->root, 32);
	scs_cw_uint(&w, 6);
	scs_cw_array(&w, l->nkeys);
	for (i = 0; i < l->nkeys; i++) {
		scs_cw_array(&w, 3);
		scs_cw_bstr(&w, l->keys[i].pub, 32);
		scs_cw_uint(&w, (uint64_t)l->keys[i].not_before);
		scs_cw_uint(&w, (uint64_t)l->keys[i].not_after);
	}
	return w.bad ? 0 : w.len;
}

static int
code_ok(const char *s, size_t cap)
{
	size_t n = strnlen(s, cap), i;

	if (n == 0 || n == cap)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		        s[i] == '_'))
			return 0;
	return 1;
}

static int
key_list_valid(const struct scs_key_list *l)
{
	size_t i;

	if (!code_ok(l->country, sizeof(l->country)) ||
	    strlen(l->country) != 3 ||
	    !code_ok(l->authority, sizeof(l->authority)) || l->issued <= 0 ||
	    l->nkeys > SCS_KEYLIST_MAX)
		return 0;
	for (i = 0; i < l->nkeys; i++)
		if (l->keys[i].not_before < 0 ||
		    l->keys[i].not_after <= l->keys[i].not_before)
			return 0;
	return 1;
}

size_t
scs_key_list_sign(const struct scs_key_list *l, const uint8_t *root_sk,
    uint8_t *out, size_t cap)
{
	uint8_t payload[2048], kid[SCS_ATTEST_KID];
	size_t n;

	if (!key_list_valid(l) ||
	    (n = key_list_cbor(l, payload, sizeof(payload))) == 0)
		return 0;
	scs_attest_kid(l->root, kid);
	return scs_cose_sign(payload, n, SCS_COSE_EDDSA, root_sk, kid, out,
	    cap);
}

static int
list_err(struct scs_err *err, const char *why)
{
	return scs_err_set(err, SCS_EINVAL, "key_list", "%s", why);
}

static int
read_list_keys(struct rbuf *r, struct scs_key_list *l)
{
	struct ev e, a, b;
	size_t i;

	if (scs_cr_want(r, &e, EV_ARRAY) != 0 || e.u > SCS_KEYLIST_MAX)
		return -1;
	l->nkeys = (size_t)e.u;
	for (i = 0; i < l->nkeys; i++) {
		struct scs_trust_key *t = &l->keys[i];

		if (scs_cr_want(r, &e, EV_ARRAY) != 0 || e.u != 3 ||
		    scs_cr_bytes(r, t->pub, 32) != 0 ||
		    scs_cr_want(r, &a, EV_UINT) != 0 ||
		    scs_cr_want(r, &b, EV_UINT) != 0 || a.u > INT64_MAX / 2 ||
		    b.u > INT64_MAX / 2)
			return -1;
		t->not_before = (int64_t)a.u;
		t->not_after = (int64_t)b.u;
	}
	return 0;
}

/* The next key of a map whose keys are 1, 2, ... in order. */
static int
key_is(struct rbuf *r, uint64_t k)
{
	struct ev e;

	return scs_cr_want(r, &e, EV_UINT) == 0 && e.u == k ? 0 : -1;
}

static int
read_list_payload(const uint8_t *p, size_t n, struct scs_key_list *l)
{
	struct rbuf r = {p, n, 0};
	struct ev e, v, t;

	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u != 6 || key_is(&r, 1) ||
	    scs_cr_want(&r, &v, EV_UINT) != 0 || v.u != LIST_VERSION ||
	    key_is(&r, 2) || scs_cr_text(&r, l->country, sizeof(l->country)) ||
	    key_is(&r, 3) ||
	    scs_cr_text(&r, l->authority, sizeof(l->authority)) ||
	    key_is(&r, 4) || scs_cr_want(&r, &t, EV_UINT) != 0 ||
	    t.u > INT64_MAX / 2 || key_is(&r, 5) ||
	    scs_cr_bytes(&r, l->root, 32) || key_is(&r, 6) ||
	    read_list_keys(&r, l) != 0)
		return -1;
	l->issued = (int64_t)t.u;
	return r.at == n ? 0 : -1;
}

int
scs_key_list_read(const uint8_t *p, size_t n, struct scs_key_list *out,
    struct scs_err *err)
{
	struct scs_cose c;
	char why[SCS_ERR_REASON_MAX];
	uint8_t again[2048], kid[SCS_ATTEST_KID];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (scs_cose_read(p, n, &c, why) != 0)
		return list_err(err, why);
	if (c.alg != SCS_COSE_EDDSA)
		return scs_err_set(err, SCS_EINVAL, "key_list",
		    "must be signed with EdDSA (-8)");
	if (read_list_payload(c.payload, c.npayload, out) != 0 ||
	    !key_list_valid(out))
		return scs_err_set(err, SCS_EINVAL, "key_list",
		    "the list is not a key list of this format");
	if (key_list_cbor(out, again, sizeof(again)) != c.npayload ||
	    memcmp(again, c.payload, c.npayload) != 0)
		return scs_err_set(err, SCS_EINVAL, "key_list",
		    "the list is not in canonical CBOR (RFC 8949 4.2.1)");
	scs_attest_kid(out->root, kid);
	if (memcmp(kid, c.kid, SCS_ATTEST_KID) != 0)
		return scs_err_set(err, SCS_EINVAL, "key_list",
		    "the key id is not that of the list's root key");
	if (scs_cose_verify(&c, out->root) != 0)
		return scs_err_set(err, SCS_EINVAL, "key_list",
		    "the root key's signature does not verify");
	for (i = 0; i < out->nkeys; i++) {
		memcpy(out->keys[i].country, out->country,
		    sizeof(out->country));
		memcpy(out->keys[i].authority, out->authority,
		    sizeof(out->authority));
		scs_attest_kid(out->keys[i].pub, out->keys[i].kid);
	}
	return SCS_OK;
}

/* ---- status lists ---- */

enum scs_code_status
scs_status_get(const struct scs_status_list *sl, uint64_t i)
{
	if (i >= sl->n)
		return SCS_STATUS_VALID;
	return (enum scs_code_status)((sl->bits[i / 4] >> (2 * (i % 4))) & 3);
}

void
scs_status_set(struct scs_status_list *sl, uint64_t i, enum scs_code_status s)
{
	uint8_t *b = &sl->bits[i / 4];
	unsigned sh = (unsigned)(2 * (i % 4));

	*b = (uint8_t)((*b & ~(3U << sh)) | ((unsigned)s << sh));
}

void
scs_status_list_free(struct scs_status_list *sl)
{
	free(sl->bits);
	sl->bits = NULL;
	sl->n = 0;
}

static size_t
status_cbor(const struct scs_status_list *sl, const uint8_t *zip, size_t nzip,
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};

	scs_cw_map(&w, 5);
	scs_cw_uint(&w, 1);
	scs_cw_uint(&w, STATUS_VERSION);
	scs_cw_uint(&w, 2);
	scs_cw_tstr(&w, sl->authority);
	scs_cw_uint(&w, 3);
	scs_cw_uint(&w, (uint64_t)sl->issued);
	scs_cw_uint(&w, 4);
	scs_cw_uint(&w, sl->n);
	scs_cw_uint(&w, 5);
	scs_cw_bstr(&w, zip, nzip);
	return w.bad ? 0 : w.len;
}

int
scs_status_list_sign(const struct scs_status_list *sl, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], uint8_t **out, size_t *len,
    struct scs_err *err)
{
	size_t nbits = (size_t)((sl->n + 3) / 4);
	uLongf nzip;
	uint8_t *zip = NULL, *payload = NULL, *cose = NULL;
	size_t npayload, ncose, cap;
	int rc = SCS_ENOMEM;

	*out = NULL;
	*len = 0;
	if (!code_ok(sl->authority, sizeof(sl->authority)))
		return scs_err_set(err, SCS_EINVAL, "authority",
		    "must be an authority code such as JPN-SDS");
	if (sl->n > SCS_STATUS_MAXN)
		return scs_err_set(err, SCS_EINVAL, "status_list",
		    "at most %u codes", SCS_STATUS_MAXN);
	nzip = compressBound(nbits);
	cap = nzip + 256;
	if ((zip = malloc(nzip)) == NULL || (payload = malloc(cap)) == NULL ||
	    (cose = malloc(cap + 128)) == NULL)
		goto out;
	if (compress2(zip, &nzip, sl->bits, nbits, Z_BEST_COMPRESSION) !=
	    Z_OK) {
		rc = scs_err_set(err, SCS_EINTERNAL, "status_list",
		    "zlib could not compress the list");
		goto out;
	}
	npayload = status_cbor(sl, zip, nzip, payload, cap);
	ncose = npayload == 0 ? 0
	                      : scs_cose_sign(payload, npayload, SCS_COSE_EDDSA,
	                            sk, kid, cose, cap + 128);
	if (ncose == 0) {
		rc = scs_err_set(err, SCS_EINTERNAL, "status_list",
		    "the list could not be signed");
		goto out;
	}
	*out = cose;
	*len = ncose;
	cose = NULL;
	rc = SCS_OK;
out:
	free(zip);
	free(payload);
	free(cose);
	return rc == SCS_ENOMEM
	    ? scs_err_set(err, SCS_ENOMEM, "status_list", "out of memory")
	    : rc;
}

static int
status_err(struct scs_err *err, const char *why)
{
	return scs_err_set(err, SCS_EINVAL, "status_list", "%s", why);
}

static int
read_status_payload(const uint8_t *p, size_t n, struct scs_status_list *sl,
    struct ev *zip)
{
	struct rbuf r = {p, n, 0};
	struct ev e, v, t, c;

	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u != 5 || key_is(&r, 1) ||
	    scs_cr_want(&r, &v, EV_UINT) != 0 || v.u != STATUS_VERSION ||
	    key_is(&r, 2) ||
	    scs_cr_text(&r, sl->authority, sizeof(sl->authority)) != 0 ||
	    key_is(&r, 3) || scs_cr_want(&r, &t, EV_UINT) != 0 ||
	    t.u > INT64_MAX / 2 || key_is(&r, 4) ||
	    scs_cr_want(&r, &c, EV_UINT) != 0 || c.u > SCS_STATUS_MAXN ||
	    key_is(&r, 5) || scs_cr_want(&r, zip, EV_BSTR) != 0)
		return -1;
	sl->issued = (int64_t)t.u;
	sl->n = c.u;
	return r.at == n && code_ok(sl->authority, sizeof(sl->authority)) ? 0
	                                                                  : -1;
}

int
scs_status_list_read(const uint8_t *p, size_t n,
    const struct scs_trust_key *keys, size_t nkeys, struct scs_status_list *out,
    struct scs_err *err)
{
	struct scs_cose c;
	struct ev zip;
	char why[SCS_ERR_REASON_MAX];
	uint8_t *again = NULL;
	size_t i, nbits, want;
	uLongf olen;
	uLong ilen;
	int signed_ok = 0;

	memset(out, 0, sizeof(*out));
	if (scs_cose_read(p, n, &c, why) != 0)
		return status_err(err, why);
	if (c.alg != SCS_COSE_EDDSA)
		return scs_err_set(err, SCS_EINVAL, "status_list",
		    "must be signed with EdDSA (-8)");
	if (read_status_payload(c.payload, c.npayload, out, &zip) != 0)
		return scs_err_set(err, SCS_EINVAL, "status_list",
		    "the list is not a status list of this "
		    "format");
	for (i = 0; i < nkeys && !signed_ok; i++) {
		const struct scs_trust_key *t = &keys[i];

		if (memcmp(t->kid, c.kid, SCS_ATTEST_KID) == 0 &&
		    strcmp(t->authority, out->authority) == 0 &&
		    t->not_before <= out->issued &&
		    out->issued < t->not_after &&
		    scs_cose_verify(&c, t->pub) == 0)
			signed_ok = 1;
	}
	if (!signed_ok)
		return scs_err_set(err, SCS_EINVAL, "status_list",
		    "no trusted key of its authority signed "
		    "the list");
	nbits = (size_t)((out->n + 3) / 4);
	if ((out->bits = malloc(nbits ? nbits : 1)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "status_list",
		    "out of memory");
	olen = nbits;
	ilen = zip.len;
	if (uncompress2(out->bits, &olen, zip.data, &ilen) != Z_OK ||
	    olen != nbits || ilen != zip.len) {
		scs_status_list_free(out);
		return scs_err_set(err, SCS_EINVAL, "status_list",
		    "the bits do not inflate to two per "
		    "code");
	}
	/* Canonical: the bits must be what this program would compress. */
	want = c.npayload;
	if ((again = malloc(want)) == NULL) {
		scs_status_list_free(out);
		return scs_err_set(err, SCS_ENOMEM, "status_list",
		    "out of memory");
	}
	{
		uLongf nz = compressBound(nbits);
		uint8_t *z = malloc(nz);
		size_t got = 0;

		if (z != NULL &&
		    compress2(z, &nz, out->bits, nbits, Z_BEST_COMPRESSION) ==
		        Z_OK)
			got = status_cbor(out, z, nz, again, want);
		free(z);
		if (got != want || memcmp(again, c.payload, want) != 0) {
			free(again);
			scs_status_list_free(out);
			return scs_err_set(err, SCS_EINVAL, "status_list",
			    "the list is not in canonical "
			    "form");
		}
	}
	free(again);
	return SCS_OK;
}

/* ---- verification ---- */

static enum scs_attest_reason say(char *why, enum scs_attest_reason r,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static enum scs_attest_reason
say(char *why, enum scs_attest_reason r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(why, SCS_ERR_REASON_MAX, fmt, ap);
	va_end(ap);
	return r;
}

static enum scs_attest_reason
check_status(const struct scs_attest_claims *cl,
    const struct scs_verify_opts *o, struct scs_verify_info *info, char *why)
{
	const struct scs_status_list *sl = NULL;
	size_t i;

	for (i = 0; i < o->nstatus; i++)
		if (strcmp(o->status[i].authority, cl->authority) == 0)
			sl = &o->status[i];
	if (sl == NULL)
		return o->nstatus == 0 || o->unlisted_unchecked
		    ? SCS_ATT_VALID
		    : say(why, SCS_ATT_STALE_STATUS,
		          "no status list of %s is carried", cl->authority);
	info->status_checked = 1;
	info->status_age = o->now - sl->issued;
	if (info->status_age > o->max_age)
		return say(why, SCS_ATT_STALE_STATUS,
		    "the status list of %s is %lld seconds old", sl->authority,
		    (long long)info->status_age);
	if (cl->status >= sl->n)
		return say(why, SCS_ATT_STALE_STATUS,
		    "the status list of %s predates the code (index %lld)",
		    sl->authority, (long long)cl->status);
	switch (scs_status_get(sl, cl->status)) {
	case SCS_STATUS_REVOKED:
		return say(why, SCS_ATT_REVOKED,
		    "the status list of %s says revoked (index %lld)",
		    sl->authority, (long long)cl->status);
	case SCS_STATUS_SUSPENDED:
		return say(why, SCS_ATT_SUSPENDED,
		    "the status list of %s says suspended (index %lld)",
		    sl->authority, (long long)cl->status);
	case SCS_STATUS_VALID:
		return SCS_ATT_VALID;
	default:
		return say(why, SCS_ATT_MALFORMED,
		    "the status list of %s holds an unknown status at index "
		    "%lld",
		    sl->authority, (long long)cl->status);
	}
}

enum scs_attest_reason
scs_attest_verify(const char *code, size_t n, const struct scs_verify_opts *o,
    struct scs_attest_parsed *p, struct scs_verify_info *info, char *why)
{
	const struct scs_attest_claims *cl = &p->claims;
	enum scs_attest_reason r;
	size_t i;
	int known = 0, covered = 0;

	memset(info, 0, sizeof(*info));
	if ((r = scs_attest_parse(code, n, p, why)) != SCS_ATT_VALID)
		return r;
	for (i = 0; i < o->nkeys; i++) {
		const struct scs_trust_key *k = &o->keys[i];

		if (memcmp(k->kid, p->kid, SCS_ATTEST_KID) != 0 ||
		    strcmp(k->authority, cl->authority) != 0)
			continue;
		known = 1;
		if (scs_crypto_verify(k->pub, p->tbs, p->ntbs, p->sig) != 0)
			continue;
		covered = k->not_before <= cl->iat && cl->iat < k->not_after;
		info->key = k;
		break;
	}
	if (!known)
		return say(why, SCS_ATT_UNKNOWN_KEY,
		    "no trusted key of %s has this key id", cl->authority);
	if (info->key == NULL)
		return say(why, SCS_ATT_BAD_SIGNATURE,
		    "no key of %s with this key id verifies the signature",
		    cl->authority);
	if (!covered)
		return say(why, SCS_ATT_UNKNOWN_KEY,
		    "the key of %s was not valid when the code was issued "
		    "(%lld)",
		    cl->authority, (long long)cl->iat);
	if (cl->iat > o->now + SCS_ATTEST_SKEW)
		return say(why, SCS_ATT_NOT_YET_VALID,
		    "the code of %s is issued %lld seconds in the future",
		    cl->authority, (long long)(cl->iat - o->now));
	if (cl->exp <= o->now)
		return say(why, SCS_ATT_EXPIRED,
		    "the code of %s expired %lld seconds ago", cl->authority,
		    (long long)(o->now - cl->exp));
	return check_status(cl, o, info, why);
}
