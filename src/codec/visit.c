/* SPDX-License-Identifier: Apache-2.0 */
/*
 * visit.c - the host's visit pass SV1: (include/scs/visit.h): a CBOR map
 * signed as COSE_Sign1, compressed and written in Base45 as an
 * attestation code is, read as strictly: what is read must encode again
 * to the same bytes.
 *
 *   {1: 1, 2: visit, 3: authority, 4: host_org, 5: site, 6: from,
 *    7: until, 8: name, 9: birth, 10: visitor_org, 11: iat}
 */
#include <stdio.h>
#include <string.h>

#include "cbor_int.h"
#include "scs/base45.h"
#include "scs/visit.h"

#define PASS_VERSION 1

static size_t
pass_cbor(const struct scs_visit_pass *p,
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};

	scs_cw_map(&w, 11);
	scs_cw_uint(&w, 1);
	scs_cw_uint(&w, PASS_VERSION);
	scs_cw_uint(&w, 2);
	scs_cw_tstr(&w, p->visit);
	scs_cw_uint(&w, 3);
	scs_cw_tstr(&w, p->authority);
	scs_cw_uint(&w, 4);
	scs_cw_tstr(&w, p->host_org);
	scs_cw_uint(&w, 5);
	scs_cw_tstr(&w, p->site);
	scs_cw_uint(&w, 6);
	scs_cw_uint(&w, (uint64_t)p->from);
	scs_cw_uint(&w, 7);
	scs_cw_uint(&w, (uint64_t)p->until);
	scs_cw_uint(&w, 8);
	scs_cw_tstr(&w, p->name);
	scs_cw_uint(&w, 9);
	scs_cw_tstr(&w, p->birth);
	scs_cw_uint(&w, 10);
	scs_cw_tstr(&w, p->visitor_org);
	scs_cw_uint(&w, 11);
	scs_cw_uint(&w, (uint64_t)p->iat);
	return w.bad ? 0 : w.len;
}

int
scs_visit_pass_encode(const struct scs_visit_pass *p, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_err *err)
{
	uint8_t payload[SCS_ATTEST_RAW_MAX], cose[SCS_ATTEST_RAW_MAX],
	    zip[SCS_ATTEST_RAW_MAX + 64];
	size_t n, ncose, nzip, len;

	if (p->from <= 0 || p->until <= p->from || p->iat <= 0 ||
	    p->visit[0] == '\0' || p->authority[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "pass",
		    "a pass needs its visit, authority and days");
	if ((n = pass_cbor(p, payload, sizeof(payload))) == 0 ||
	    (ncose = scs_cose_sign(payload, n, SCS_COSE_EDDSA, sk, kid, cose,
	         sizeof(cose))) == 0 ||
	    (nzip = scs_attest_deflate(cose, ncose, zip, sizeof(zip))) == 0)
		return scs_err_set(err, SCS_ETOOBIG, "pass",
		    "the pass exceeds %d bytes", SCS_ATTEST_RAW_MAX);
	if (cap < 4 + scs_base45_encoded_len(nzip) + 1)
		return scs_err_set(err, SCS_ETOOBIG, "pass",
		    "no room for the pass");
	{
		static const size_t plen = sizeof(SCS_VISIT_PREFIX) - 1;

		memcpy(out, SCS_VISIT_PREFIX, plen);
		return scs_base45_encode(zip, nzip, out + plen, cap - plen,
		    &len, err);
	}
}

static int
read_text(struct rbuf *r, uint64_t key, char *out, size_t cap)
{
	struct ev e;

	return scs_cr_want(r, &e, EV_UINT) == 0 && e.u == key &&
	        scs_cr_text(r, out, cap) == 0
	    ? 0
	    : -1;
}

static int
read_uint(struct rbuf *r, uint64_t key, int64_t *out)
{
	struct ev k, v;

	if (scs_cr_want(r, &k, EV_UINT) != 0 || k.u != key ||
	    scs_cr_want(r, &v, EV_UINT) != 0 || v.u > INT64_MAX / 2)
		return -1;
	*out = (int64_t)v.u;
	return 0;
}

static int
read_pass(const uint8_t *p, size_t n, struct scs_visit_pass *out)
{
	struct rbuf r = {p, n, 0};
	struct ev e;
	int64_t version = 0;
	uint8_t again[SCS_ATTEST_RAW_MAX];

	memset(out, 0, sizeof(*out));
	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u != 11 ||
	    read_uint(&r, 1, &version) != 0 || version != PASS_VERSION ||
	    read_text(&r, 2, out->visit, sizeof(out->visit)) != 0 ||
	    read_text(&r, 3, out->authority, sizeof(out->authority)) != 0 ||
	    read_text(&r, 4, out->host_org, sizeof(out->host_org)) != 0 ||
	    read_text(&r, 5, out->site, sizeof(out->site)) != 0 ||
	    read_uint(&r, 6, &out->from) != 0 ||
	    read_uint(&r, 7, &out->until) != 0 ||
	    read_text(&r, 8, out->name, sizeof(out->name)) != 0 ||
	    read_text(&r, 9, out->birth, sizeof(out->birth)) != 0 ||
	    read_text(&r, 10, out->visitor_org, sizeof(out->visitor_org)) !=
	        0 ||
	    read_uint(&r, 11, &out->iat) != 0 || r.at != n ||
	    out->until <= out->from)
		return -1;
	return pass_cbor(out, again, sizeof(again)) == n &&
	        memcmp(again, p, n) == 0
	    ? 0
	    : -1;
}

static enum scs_attest_reason
say(char *why, enum scs_attest_reason r, const char *msg)
{
	(void)snprintf(why, SCS_ERR_REASON_MAX, "%s", msg);
	return r;
}

enum scs_attest_reason
scs_visit_pass_verify(const char *code, size_t n,
    const struct scs_verify_opts *o, struct scs_visit_pass *out, char *why)
{
	uint8_t zip[SCS_ATTEST_TEXT_MAX], cose[SCS_ATTEST_RAW_MAX];
	size_t nzip, ncose, i;
	struct scs_cose c;
	struct scs_err err;
	enum scs_attest_reason r;
	const struct scs_trust_key *key = NULL;
	bool known = false;

	memset(out, 0, sizeof(*out));
	why[0] = '\0';
	if (n < 4 || memcmp(code, SCS_VISIT_PREFIX, 4) != 0)
		return say(why, SCS_ATT_MALFORMED,
		    "the pass does not start with SV1:");
	if (n > SCS_ATTEST_TEXT_MAX ||
	    scs_base45_decode(code + 4, n - 4, zip, sizeof(zip), &nzip, &err) !=
	        SCS_OK)
		return say(why, SCS_ATT_MALFORMED,
		    "the pass is not Base45 of a sensible length");
	if ((r = scs_attest_inflate(zip, nzip, cose, sizeof(cose), &ncose,
	         why)) != SCS_ATT_VALID)
		return r;
	if (scs_cose_read(cose, ncose, &c, why) != 0)
		return SCS_ATT_MALFORMED;
	if (c.alg != SCS_COSE_EDDSA)
		return say(why, SCS_ATT_WRONG_ALG,
		    "only EdDSA (-8) is accepted");
	if (read_pass(c.payload, c.npayload, out) != 0)
		return say(why, SCS_ATT_MALFORMED,
		    "the pass's claims are missing, of the wrong type or not "
		    "canonical");
	for (i = 0; i < o->nkeys && key == NULL; i++) {
		const struct scs_trust_key *k = &o->keys[i];

		if (memcmp(k->kid, c.kid, SCS_ATTEST_KID) == 0 &&
		    strcmp(k->authority, out->authority) == 0) {
			known = true;
			if (scs_cose_verify(&c, k->pub) == 0 &&
			    k->not_before <= out->iat &&
			    out->iat < k->not_after)
				key = k;
		}
	}
	if (!known)
		return say(why, SCS_ATT_UNKNOWN_KEY,
		    "no trusted key of the pass's authority has its key id");
	if (key == NULL)
		return say(why, SCS_ATT_BAD_SIGNATURE,
		    "no trusted key with the id verifies the pass");
	if (o->now + SCS_ATTEST_SKEW < out->from)
		return say(why, SCS_ATT_NOT_YET_VALID,
		    "the visit has not begun");
	if (o->now >= out->until)
		return say(why, SCS_ATT_EXPIRED, "the visit is over");
	return SCS_ATT_VALID;
}
