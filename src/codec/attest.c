/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.c - the SC1 attestation code (include/scs/attest.h, the byte
 * format in docs/attestation.md): claims as canonical CBOR (libcbor's
 * encoders and its streaming decoder, which allocates nothing), the
 * COSE_Sign1 envelope (RFC 9052) with EdDSA, zlib and Base45.
 *
 * Strictness comes from one rule: what is read is encoded again from the
 * values read, and must give the same bytes.  That refuses every
 * non-shortest integer or length, indefinite lengths, keys out of order,
 * duplicate or unknown keys, and trailing bytes, without a check for each.
 */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "cbor_int.h"
#include "scs/attest.h"
#include "scs/base45.h"
#include "scs/crypto.h"
#include "scs/time.h"

/* Claim keys, in the order they are written. */
enum {
	K_VERSION = 1,
	K_COUNTRY = 2,
	K_AUTHORITY = 3,
	K_IAT = 4,
	K_EXP = 5,
	K_LEVEL = 6,
	K_RANK = 7,
	K_EQUIV = 8,
	K_PARTNER = 9,
	K_PSEUDONYM = 10,
	K_STATUS = 11,
	K_PROFILE = 12,
	K_NAME = 13,
	K_BIRTH = 14,
	K_IDHASH = 15
};

#define CLAIMS_VERSION 1

static const char *const reasons[SCS_ATT_NREASONS] = {
    [SCS_ATT_VALID] = "valid",
    [SCS_ATT_MALFORMED] = "malformed",
    [SCS_ATT_WRONG_ALG] = "wrong_algorithm",
    [SCS_ATT_UNKNOWN_KEY] = "unknown_key",
    [SCS_ATT_BAD_SIGNATURE] = "bad_signature",
    [SCS_ATT_EXPIRED] = "expired",
    [SCS_ATT_NOT_YET_VALID] = "not_yet_valid",
    [SCS_ATT_REVOKED] = "revoked",
    [SCS_ATT_SUSPENDED] = "suspended",
    [SCS_ATT_STALE_STATUS] = "stale_status_list",
};

const char *
scs_attest_reason_name(enum scs_attest_reason r)
{
	if ((unsigned)r >= SCS_ATT_NREASONS)
		return "?";
	return reasons[r];
}

void
scs_attest_kid(const uint8_t pub[32], uint8_t kid[SCS_ATTEST_KID])
{
	uint8_t h[32];

	scs_crypto_sha256(h, pub, 32);
	memcpy(kid, h, SCS_ATTEST_KID);
}

size_t
scs_attest_claims_cbor(const struct scs_attest_claims *c,
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};
	size_t i;

	/* 12 common claims, then 2 (gate) or 1 (register). */
	scs_cw_map(&w, c->profile == SCS_ATTEST_GATE ? 14 : 13);
	scs_cw_uint(&w, K_VERSION);
	scs_cw_uint(&w, CLAIMS_VERSION);
	scs_cw_uint(&w, K_COUNTRY);
	scs_cw_tstr(&w, c->country);
	scs_cw_uint(&w, K_AUTHORITY);
	scs_cw_tstr(&w, c->authority);
	scs_cw_uint(&w, K_IAT);
	scs_cw_uint(&w, (uint64_t)c->iat);
	scs_cw_uint(&w, K_EXP);
	scs_cw_uint(&w, (uint64_t)c->exp);
	scs_cw_uint(&w, K_LEVEL);
	scs_cw_tstr(&w, c->level);
	scs_cw_uint(&w, K_RANK);
	scs_cw_uint(&w, c->rank);
	scs_cw_uint(&w, K_EQUIV);
	scs_cw_array(&w, c->nequiv);
	for (i = 0; i < c->nequiv; i++) {
		scs_cw_array(&w, 2);
		scs_cw_tstr(&w, c->equiv[i].authority);
		scs_cw_tstr(&w, c->equiv[i].level);
	}
	scs_cw_uint(&w, K_PARTNER);
	scs_cw_tstr(&w, c->partner);
	scs_cw_uint(&w, K_PSEUDONYM);
	scs_cw_bstr(&w, c->pseudonym, SCS_ATTEST_PSEUDO);
	scs_cw_uint(&w, K_STATUS);
	scs_cw_uint(&w, c->status);
	scs_cw_uint(&w, K_PROFILE);
	scs_cw_uint(&w, (uint64_t)c->profile);
	if (c->profile == SCS_ATTEST_GATE) {
		scs_cw_uint(&w, K_NAME);
		scs_cw_tstr(&w, c->name);
		scs_cw_uint(&w, K_BIRTH);
		scs_cw_tstr(&w, c->birth);
	} else {
		uint8_t both[SCS_ATTEST_SALT + SCS_ATTEST_IDHASH];

		memcpy(both, c->salt, SCS_ATTEST_SALT);
		memcpy(both + SCS_ATTEST_SALT, c->idhash, SCS_ATTEST_IDHASH);
		scs_cw_uint(&w, K_IDHASH);
		scs_cw_bstr(&w, both, sizeof(both));
	}
	return w.bad ? 0 : w.len;
}

size_t
scs_attest_deflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
	z_stream z;
	size_t len;

	/* A code is under 1 KiB: a 1 KiB window and the least memory give
	 * the same compression as the defaults, and the stream's set-up (most
	 * of compress2's time on so little data) costs a fraction. */
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, Z_BEST_COMPRESSION, Z_DEFLATED, 10, 1,
	        Z_DEFAULT_STRATEGY) != Z_OK)
		return 0;
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	len = deflate(&z, Z_FINISH) == Z_STREAM_END ? z.total_out : 0;
	(void)deflateEnd(&z);
	return len;
}

static int
text_ok(const char *s, size_t cap, int upper_code)
{
	size_t n = strnlen(s, cap);
	size_t i;

	if (n == 0 || n == cap)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch < 0x20 || ch == 0x7f)
			return 0;
		if (upper_code &&
		    !((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		        ch == '-' || ch == '_'))
			return 0;
	}
	return 1;
}

static int
birth_ok(const char *s)
{
	int64_t t;

	return strlen(s) == 10 &&
	    scs_time_parse(s, 10, "birth_date", &t, NULL) == SCS_OK;
}

int
scs_attest_claims_check(const struct scs_attest_claims *c, struct scs_err *err)
{
	size_t i;

	if (!text_ok(c->country, sizeof(c->country), 1) ||
	    strlen(c->country) != 3)
		return scs_err_set(err, SCS_EINVAL, "country",
		    "must be an ISO 3166-1 alpha-3 code such as JPN");
	if (!text_ok(c->authority, sizeof(c->authority), 1))
		return scs_err_set(err, SCS_EINVAL, "authority",
		    "must be an authority code such as JPN-SDS");
	if (c->iat <= 0 || c->exp <= c->iat)
		return scs_err_set(err, SCS_EINVAL, "exp",
		    "must come after the time of issue");
	if (c->exp - c->iat > (int64_t)SCS_ATTEST_DAYS_MAX * 86400)
		return scs_err_set(err, SCS_EINVAL, "exp",
		    "must be at most %d days after the time of issue",
		    SCS_ATTEST_DAYS_MAX);
	if (!text_ok(c->level, sizeof(c->level), 1))
		return scs_err_set(err, SCS_EINVAL, "level",
		    "must be a level code such as SECRET");
	if (c->rank < 1 || c->rank > 9)
		return scs_err_set(err, SCS_EINVAL, "rank",
		    "must be a common rank from 1 to 9");
	if (c->nequiv > SCS_ATTEST_EQUIV)
		return scs_err_set(err, SCS_EINVAL, "equivalents",
		    "at most %d equivalent levels", SCS_ATTEST_EQUIV);
	for (i = 0; i < c->nequiv; i++)
		if (!text_ok(c->equiv[i].authority,
		        sizeof(c->equiv[i].authority), 1) ||
		    !text_ok(c->equiv[i].level, sizeof(c->equiv[i].level), 1))
			return scs_err_set(err, SCS_EINVAL, "equivalents",
			    "equivalent %zu must name an authority and a level",
			    i + 1);
	if (!text_ok(c->partner, sizeof(c->partner), 1))
		return scs_err_set(err, SCS_EINVAL, "partner",
		    "must be a nation or alliance code such as USA");
	if (c->profile == SCS_ATTEST_GATE) {
		if (!text_ok(c->name, sizeof(c->name), 0))
			return scs_err_set(err, SCS_EINVAL, "name",
			    "the gate profile needs the name as in the "
			    "passport");
		if (!birth_ok(c->birth))
			return scs_err_set(err, SCS_EINVAL, "birth_date",
			    "the gate profile needs the birth date as "
			    "YYYY-MM-DD");
	} else if (c->profile != SCS_ATTEST_REGISTER) {
		return scs_err_set(err, SCS_EINVAL, "profile",
		    "must be gate or register");
	}
	return SCS_OK;
}

int
scs_attest_seal(const uint8_t *payload, size_t npayload, int64_t alg,
    const uint8_t *sk, const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_attest_stages *st, struct scs_err *err)
{
	struct scs_attest_stages local;
	static const size_t plen = sizeof(SCS_ATTEST_PREFIX) - 1;
	size_t nb45;

	if (st == NULL)
		st = &local;
	if (npayload > sizeof(st->payload))
		return scs_err_set(err, SCS_ETOOBIG, "claims",
		    "the claims exceed %d bytes", SCS_ATTEST_RAW_MAX);
	if (st->payload != payload)
		memcpy(st->payload, payload, npayload);
	st->npayload = npayload;
	st->ncose = scs_cose_sign(st->payload, npayload, alg, sk, kid, st->cose,
	    sizeof(st->cose));
	if (st->ncose == 0)
		return scs_err_set(err, SCS_ETOOBIG, "claims",
		    "the signed claims exceed %d bytes", SCS_ATTEST_RAW_MAX);
	st->nzip =
	    scs_attest_deflate(st->cose, st->ncose, st->zip, sizeof(st->zip));
	if (st->nzip == 0)
		return scs_err_set(err, SCS_EINTERNAL, "claims",
		    "zlib could not compress the signed claims");
	if (cap < plen + scs_base45_encoded_len(st->nzip) + 1)
		return scs_err_set(err, SCS_ETOOBIG, "code",
		    "the code needs %zu characters",
		    plen + scs_base45_encoded_len(st->nzip));
	memcpy(out, SCS_ATTEST_PREFIX, plen);
	return scs_base45_encode(st->zip, st->nzip, out + plen, cap - plen,
	    &nb45, err);
}

int
scs_attest_encode(const struct scs_attest_claims *c, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_attest_stages *st, struct scs_err *err)
{
	uint8_t payload[SCS_ATTEST_RAW_MAX];
	size_t n;
	int rc;

	if ((rc = scs_attest_claims_check(c, err)) != SCS_OK)
		return rc;
	if ((n = scs_attest_claims_cbor(c, payload, sizeof(payload))) == 0)
		return scs_err_set(err, SCS_ETOOBIG, "claims",
		    "the claims exceed %d bytes", SCS_ATTEST_RAW_MAX);
	return scs_attest_seal(payload, n, SCS_COSE_EDDSA, sk, kid, out, cap,
	    st, err);
}

/* ---- reading ---- */

static int
read_equiv(struct rbuf *r, struct scs_attest_claims *c)
{
	struct ev e;
	size_t i;

	if (scs_cr_want(r, &e, EV_ARRAY) != 0 || e.u > SCS_ATTEST_EQUIV)
		return -1;
	c->nequiv = (size_t)e.u;
	for (i = 0; i < c->nequiv; i++)
		if (scs_cr_want(r, &e, EV_ARRAY) != 0 || e.u != 2 ||
		    scs_cr_text(r, c->equiv[i].authority,
		        sizeof(c->equiv[i].authority)) != 0 ||
		    scs_cr_text(r, c->equiv[i].level,
		        sizeof(c->equiv[i].level)) != 0)
			return -1;
	return 0;
}

static int
read_claim(struct rbuf *r, uint64_t key, struct scs_attest_claims *c)
{
	struct ev e;
	uint8_t both[SCS_ATTEST_SALT + SCS_ATTEST_IDHASH];

	switch (key) {
	case K_VERSION:
		return scs_cr_want(r, &e, EV_UINT) == 0 && e.u == CLAIMS_VERSION
		    ? 0
		    : -1;
	case K_COUNTRY:
		return scs_cr_text(r, c->country, sizeof(c->country));
	case K_AUTHORITY:
		return scs_cr_text(r, c->authority, sizeof(c->authority));
	case K_IAT:
	case K_EXP:
		if (scs_cr_want(r, &e, EV_UINT) != 0 || e.u > INT64_MAX / 2)
			return -1;
		*(key == K_IAT ? &c->iat : &c->exp) = (int64_t)e.u;
		return 0;
	case K_LEVEL:
		return scs_cr_text(r, c->level, sizeof(c->level));
	case K_RANK:
		if (scs_cr_want(r, &e, EV_UINT) != 0 || e.u > 9)
			return -1;
		c->rank = (unsigned)e.u;
		return 0;
	case K_EQUIV:
		return read_equiv(r, c);
	case K_PARTNER:
		return scs_cr_text(r, c->partner, sizeof(c->partner));
	case K_PSEUDONYM:
		return scs_cr_bytes(r, c->pseudonym, SCS_ATTEST_PSEUDO);
	case K_STATUS:
		if (scs_cr_want(r, &e, EV_UINT) != 0)
			return -1;
		c->status = e.u;
		return 0;
	case K_PROFILE:
		if (scs_cr_want(r, &e, EV_UINT) != 0 || e.u > SCS_ATTEST_GATE)
			return -1;
		c->profile = (enum scs_attest_profile)e.u;
		return 0;
	case K_NAME:
		return scs_cr_text(r, c->name, sizeof(c->name));
	case K_BIRTH:
		return scs_cr_text(r, c->birth, sizeof(c->birth));
	case K_IDHASH:
		if (scs_cr_bytes(r, both, sizeof(both)) != 0)
			return -1;
		memcpy(c->salt, both, SCS_ATTEST_SALT);
		memcpy(c->idhash, both + SCS_ATTEST_SALT, SCS_ATTEST_IDHASH);
		return 0;
	default:
		return -1;
	}
}

static int
read_claims(const uint8_t *p, size_t n, struct scs_attest_claims *c, char *why)
{
	struct rbuf r = {p, n, 0};
	struct ev e;
	uint8_t again[SCS_ATTEST_RAW_MAX];
	uint64_t i;
	struct scs_err err;

	memset(c, 0, sizeof(*c));
	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u > 32) {
		(void)snprintf(why, SCS_ERR_REASON_MAX,
		    "the claims are not a CBOR map");
		return -1;
	}
	for (i = e.u; i > 0; i--) {
		struct ev k;

		if (scs_cr_want(&r, &k, EV_UINT) != 0 ||
		    read_claim(&r, k.u, c) != 0) {
			(void)snprintf(why, SCS_ERR_REASON_MAX,
			    "claim %llu is unknown or of the wrong type",
			    (unsigned long long)k.u);
			return -1;
		}
	}
	if (scs_attest_claims_check(c, &err) != SCS_OK) {
		(void)snprintf(why, SCS_ERR_REASON_MAX, "claim %.60s: %.180s",
		    err.field, err.reason);
		return -1;
	}
	if (scs_attest_claims_cbor(c, again, sizeof(again)) != n ||
	    memcmp(again, p, n) != 0) {
		(void)snprintf(why, SCS_ERR_REASON_MAX,
		    "the claims are not in canonical CBOR (RFC 8949 4.2.1)");
		return -1;
	}
	return 0;
}

static enum scs_attest_reason
bad(char *why, const char *msg)
{
	(void)snprintf(why, SCS_ERR_REASON_MAX, "%s", msg);
	return SCS_ATT_MALFORMED;
}

static enum scs_attest_reason
read_cose(const uint8_t *p, size_t n, struct scs_attest_parsed *out, char *why)
{
	struct scs_cose c;

	if (scs_cose_read(p, n, &c, why) != 0)
		return SCS_ATT_MALFORMED;
	out->alg = c.alg;
	memcpy(out->kid, c.kid, SCS_ATTEST_KID);
	memcpy(out->sig, c.sig, 64);
	if (c.alg != SCS_COSE_EDDSA) {
		(void)snprintf(why, SCS_ERR_REASON_MAX,
		    "the algorithm is %lld; only EdDSA (-8) is accepted",
		    (long long)c.alg);
		return SCS_ATT_WRONG_ALG;
	}
	out->ntbs = scs_cose_tbs(c.prot, c.nprot, c.payload, c.npayload,
	    out->tbs, sizeof(out->tbs));
	if (out->ntbs == 0)
		return bad(why, "the payload is too large");
	if (read_claims(c.payload, c.npayload, &out->claims, why) != 0)
		return SCS_ATT_MALFORMED;
	return SCS_ATT_VALID;
}

/* zlib with the output capped: a code that inflates past the cap is a
 * compression bomb, not a long code. */
enum scs_attest_reason
scs_attest_inflate(const uint8_t *in, size_t n, uint8_t *out, size_t cap,
    size_t *len, char *why)
{
	uLongf olen = cap;
	uLong ilen = n;
	int zrc;

	if (n < 2 || (in[0] & 0x0f) != Z_DEFLATED)
		return bad(why, "the code is not zlib-compressed");
	zrc = uncompress2(out, &olen, in, &ilen);
	if (zrc == Z_BUF_ERROR && olen == cap) {
		(void)snprintf(why, SCS_ERR_REASON_MAX,
		    "the code inflates past %zu bytes", cap);
		return SCS_ATT_MALFORMED;
	}
	if (zrc != Z_OK)
		return bad(why, "the zlib stream is truncated or corrupt");
	if (ilen != n)
		return bad(why, "bytes follow the zlib stream");
	*len = olen;
	return SCS_ATT_VALID;
}

enum scs_attest_reason
scs_attest_parse(const char *code, size_t n, struct scs_attest_parsed *p,
    char *why)
{
	static const size_t plen = sizeof(SCS_ATTEST_PREFIX) - 1;
	uint8_t zip[SCS_ATTEST_TEXT_MAX], cose[SCS_ATTEST_RAW_MAX];
	size_t nzip, ncose;
	struct scs_err err;
	enum scs_attest_reason r;

	memset(p, 0, sizeof(*p));
	why[0] = '\0';
	if (n < plen || memcmp(code, SCS_ATTEST_PREFIX, plen) != 0)
		return bad(why, "the code does not start with SC1:");
	if (n > SCS_ATTEST_TEXT_MAX) {
		(void)snprintf(why, SCS_ERR_REASON_MAX,
		    "the code is longer than %d characters",
		    SCS_ATTEST_TEXT_MAX);
		return SCS_ATT_MALFORMED;
	}
	if (scs_base45_decode(code + plen, n - plen, zip, sizeof(zip), &nzip,
	        &err) != SCS_OK) {
		(void)snprintf(why, SCS_ERR_REASON_MAX, "Base45: %.240s",
		    err.reason);
		return SCS_ATT_MALFORMED;
	}
	r = scs_attest_inflate(zip, nzip, cose, sizeof(cose), &ncose, why);
	if (r != SCS_ATT_VALID)
		return r;
	return read_cose(cose, ncose, p, why);
}
