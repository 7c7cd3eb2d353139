/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cose.c - canonical CBOR writing and item-by-item reading over libcbor,
 * and the COSE_Sign1 envelope of RFC 9052 with Ed25519 (src/codec/
 * cbor_int.h).  Used by the attestation code (attest.c) and the signed
 * lists of trust.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cbor.h>

#include "cbor_int.h"
#include "scs/crypto.h"
#include "scs/err.h"

#define HDR_ALG 1
#define HDR_KID 4

/* ---- writing ---- */

/* Each cbor_encode_* returns the bytes written, 0 when they do not fit. */
static void
w_took(struct wbuf *w, size_t n)
{
	if (n == 0)
		w->bad = 1;
	w->len += n;
}

static unsigned char *
w_at(struct wbuf *w)
{
	return w->p + w->len;
}

static size_t
w_room(const struct wbuf *w)
{
	return w->bad ? 0 : w->cap - w->len;
}

void
scs_cw_uint(struct wbuf *w, uint64_t v)
{
	w_took(w, cbor_encode_uint(v, w_at(w), w_room(w)));
}

void
scs_cw_int(struct wbuf *w, int64_t v)
{
	if (v >= 0)
		scs_cw_uint(w, (uint64_t)v);
	else
		w_took(w,
		    cbor_encode_negint((uint64_t)(-(v + 1)), w_at(w),
		        w_room(w)));
}

static void
w_bytes(struct wbuf *w, const void *p, size_t n)
{
	if (w_room(w) < n) {
		w->bad = 1;
		return;
	}
	if (n > 0)
		memcpy(w_at(w), p, n);
	w->len += n;
}

void
scs_cw_bstr(struct wbuf *w, const void *p, size_t n)
{
	w_took(w, cbor_encode_bytestring_start(n, w_at(w), w_room(w)));
	w_bytes(w, p, n);
}

void
scs_cw_tstr(struct wbuf *w, const char *s)
{
	size_t n = strlen(s);

	w_took(w, cbor_encode_string_start(n, w_at(w), w_room(w)));
	w_bytes(w, s, n);
}

void
scs_cw_map(struct wbuf *w, size_t n)
{
	w_took(w, cbor_encode_map_start(n, w_at(w), w_room(w)));
}

void
scs_cw_array(struct wbuf *w, size_t n)
{
	w_took(w, cbor_encode_array_start(n, w_at(w), w_room(w)));
}

/////
/* The protected header {1: alg, 4: kid}. */
size_t
scs_cose_protected(int64_t alg, const uint8_t kid[8],
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};

	scs_cw_map(&w, 2);
	scs_cw_uint(&w, HDR_ALG);
	scs_cw_int(&w, alg);
	scs_cw_uint(&w, HDR_KID);
	scs_cw_bstr(&w, kid, 8);
	return w.bad ? 0 : w.len;
}

/* Sig_structure = ["Signature1", protected, external_aad h'', payload]. */
size_t
scs_cose_tbs(const uint8_t *prot, size_t nprot, const uint8_t *payload,
    size_t npayload, uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};

	scs_cw_array(&w, 4);
	scs_cw_tstr(&w, "Signature1");
	scs_cw_bstr(&w, prot, nprot);
	scs_cw_bstr(&w, NULL, 0);
	scs_cw_bstr(&w, payload, npayload);
	return w.bad ? 0 : w.len;
}

size_t
scs_cose_sign1(const uint8_t *prot, size_t nprot, const uint8_t *payload,
    size_t npayload, const uint8_t sig[64],
    uint8_t *out, /* NOLINT(readability-non-const-parameter) */
    size_t cap)
{
	struct wbuf w = {out, cap, 0, 0};

	w_took(&w, cbor_encode_tag(SCS_COSE_TAG, w_at(&w), w_room(&w)));
	scs_cw_array(&w, 4);
	scs_cw_bstr(&w, prot, nprot);
	scs_cw_map(&w, 0);
	scs_cw_bstr(&w, payload, npayload);
	scs_cw_bstr(&w, sig, 64);
	return w.bad ? 0 : w.len;
}

/////
static void
on_u8(void *ctx, uint8_t v)
{
	struct ev *e = ctx;

	e->type = EV_UINT;
	e->u = v;
}

static void
on_u16(void *ctx, uint16_t v)
{
	on_u8(ctx, 0);
	((struct ev *)ctx)->u = v;
}

static void
on_u32(void *ctx, uint32_t v)
{
	on_u8(ctx, 0);
	((struct ev *)ctx)->u = v;
}

static void
on_u64(void *ctx, uint64_t v)
{
	on_u8(ctx, 0);
	((struct ev *)ctx)->u = v;
}

static void
on_n8(void *ctx, uint8_t v)
{
	on_u8(ctx, v);
	((struct ev *)ctx)->type = EV_NEGINT;
}

static void
on_n16(void *ctx, uint16_t v)
{
	on_u16(ctx, v);
	((struct ev *)ctx)->type = EV_NEGINT;
}

static void
on_n32(void *ctx, uint32_t v)
{
	on_u32(ctx, v);
	((struct ev *)ctx)->type = EV_NEGINT;
}

static void
on_n64(void *ctx, uint64_t v)
{
	on_u64(ctx, v);
	((struct ev *)ctx)->type = EV_NEGINT;
}

static void
on_bstr(void *ctx, cbor_data d, size_t n)
{
	struct ev *e = ctx;

	e->type = EV_BSTR;
	e->data = d;
	e->len = n;
}

static void
on_tstr(void *ctx, cbor_data d, size_t n)
{
	on_bstr(ctx, d, n);
	((struct ev *)ctx)->type = EV_TSTR;
}

static void
on_array(void *ctx, size_t n)
{
	struct ev *e = ctx;

	e->type = EV_ARRAY;
	e->u = n;
}

static void
on_map(void *ctx, size_t n)
{
	on_array(ctx, n);
	((struct ev *)ctx)->type = EV_MAP;
}

static void
on_tag(void *ctx, uint64_t v)
{
	on_u64(ctx, v);
	((struct ev *)ctx)->type = EV_TAG;
}

static const struct cbor_callbacks callbacks = {
    .uint8 = on_u8,
    .uint16 = on_u16,
    .uint32 = on_u32,
    .uint64 = on_u64,
    .negint8 = on_n8,
    .negint16 = on_n16,
    .negint32 = on_n32,
    .negint64 = on_n64,
    .byte_string = on_bstr,
    .string = on_tstr,
    .array_start = on_array,
    .map_start = on_map,
    .tag = on_tag,
    /* Everything else (floats, simple values, indefinite lengths) is
     * not part of the format: it reads as EV_OTHER. */
    .byte_string_start = cbor_null_byte_string_start_callback,
    .string_start = cbor_null_string_start_callback,
    .indef_array_start = cbor_null_indef_array_start_callback,
    .indef_map_start = cbor_null_indef_map_start_callback,
    .float2 = cbor_null_float2_callback,
    .float4 = cbor_null_float4_callback,
    .float8 = cbor_null_float8_callback,
    .undefined = cbor_null_undefined_callback,
    .null = cbor_null_null_callback,
    .boolean = cbor_null_boolean_callback,
    .indef_break = cbor_null_indef_break_callback,
};

/* The next item's head (a string comes whole).  0, or -1 at the end of
 * the bytes or on an item that is not complete. */
int
scs_cr_next(struct rbuf *r, struct ev *e)
{
	struct cbor_decoder_result res;

	memset(e, 0, sizeof(*e));
	e->type = EV_OTHER;
	if (r->at >= r->n)
		return -1;
	/* libcbor 0.8 refuses the one-byte tags 6..20 as unassigned; COSE
	 * uses 18 (COSE_Sign1).  Read them here. */
	if (r->p[r->at] >= 0xc6 && r->p[r->at] <= 0xd4) {
		e->type = EV_TAG;
		e->u = r->p[r->at] & 0x1FU;
		r->at++;
		return 0;
	}
	res = cbor_stream_decode(r->p + r->at, r->n - r->at, &callbacks, e);
	if (res.status != CBOR_DECODER_FINISHED || res.read == 0)
		return -1;
	r->at += res.read;
	return 0;
}

int
scs_cr_want(struct rbuf *r, struct ev *e, enum ev_type t)
{
	return scs_cr_next(r, e) == 0 && e->type == t ? 0 : -1;
}

int
scs_cr_text(struct rbuf *r, char *out, size_t cap)
{
	struct ev e;

	if (scs_cr_want(r, &e, EV_TSTR) != 0 || e.len >= cap ||
	    memchr(e.data, 0, e.len) != NULL)
		return -1;
	memcpy(out, e.data, e.len);
	out[e.len] = '\0';
	return 0;
}

int
scs_cr_bytes(struct rbuf *r, uint8_t *out, size_t len)
{
	struct ev e;

	if (scs_cr_want(r, &e, EV_BSTR) != 0 || e.len != len)
		return -1;
	memcpy(out, e.data, len);
	return 0;
}

/////
/* The protected header: {1: alg, 4: kid}, canonical. */
static int
read_protected(const uint8_t *p, size_t n, int64_t *alg, uint8_t kid[8])
{
	struct rbuf r = {p, n, 0};
	struct ev e;
	uint8_t again[32];

	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u != 2 ||
	    scs_cr_want(&r, &e, EV_UINT) != 0 || e.u != HDR_ALG ||
	    scs_cr_next(&r, &e) != 0)
		return -1;
	if (e.type == EV_UINT && e.u <= INT64_MAX)
		*alg = (int64_t)e.u;
	else if (e.type == EV_NEGINT && e.u < INT64_MAX)
		*alg = -1 - (int64_t)e.u;
	else
		return -1;
	if (scs_cr_want(&r, &e, EV_UINT) != 0 || e.u != HDR_KID ||
	    scs_cr_bytes(&r, kid, 8) != 0)
		return -1;
	return scs_cose_protected(*alg, kid, again, sizeof(again)) == n &&
	        memcmp(again, p, n) == 0
	    ? 0
	    : -1;
}

static int
fail(char *why, const char *msg)
{
	(void)snprintf(why, SCS_ERR_REASON_MAX, "%s", msg);
	return -1;
}

int
scs_cose_read(const uint8_t *p, size_t n, struct scs_cose *out, char *why)
{
	struct rbuf r = {p, n, 0};
	struct ev e, prot, payload, sig;
	uint8_t *again;
	size_t len;

	memset(out, 0, sizeof(*out));
	if (scs_cr_want(&r, &e, EV_TAG) != 0 || e.u != SCS_COSE_TAG)
		return fail(why, "not a COSE_Sign1 (CBOR tag 18)");
	if (scs_cr_want(&r, &e, EV_ARRAY) != 0 || e.u != 4)
		return fail(why, "a COSE_Sign1 is an array of four");
	if (scs_cr_want(&r, &prot, EV_BSTR) != 0 ||
	    read_protected(prot.data, prot.len, &out->alg, out->kid) != 0)
		return fail(why,
		    "the protected header is not {1: alg, 4: kid} "
		    "in canonical CBOR");
	if (scs_cr_want(&r, &e, EV_MAP) != 0 || e.u != 0)
		return fail(why, "the unprotected header must be empty");
	if (scs_cr_want(&r, &payload, EV_BSTR) != 0)
		return fail(why, "the payload is not a byte string");
	if (scs_cr_want(&r, &sig, EV_BSTR) != 0 || sig.len != 64)
		return fail(why, "the signature is not 64 bytes");
	if (r.at != n)
		return fail(why, "bytes follow the COSE_Sign1");
	memcpy(out->sig, sig.data, 64);
	out->prot = prot.data;
	out->nprot = prot.len;
	out->payload = payload.data;
	out->npayload = payload.len;
	if ((again = malloc(n)) == NULL)
		return fail(why, "out of memory");
	len = scs_cose_sign1(prot.data, prot.len, payload.data, payload.len,
	    out->sig, again, n);
	if (len != n || memcmp(again, p, n) != 0) {
		free(again);
		return fail(why, "the COSE_Sign1 is not in canonical CBOR");
	}
	free(again);
	return 0;
}

int
scs_cose_verify(const struct scs_cose *c, const uint8_t pub[32])
{
	uint8_t small[2048], *tbs = small;
	size_t cap = c->npayload + c->nprot + 64, len;
	int rc;

	if (cap > sizeof(small) && (tbs = malloc(cap)) == NULL)
		return -2;
	len = scs_cose_tbs(c->prot, c->nprot, c->payload, c->npayload, tbs,
	    cap > sizeof(small) ? cap : sizeof(small));
	rc = len == 0 ? -2 : scs_crypto_verify(pub, tbs, len, c->sig);
	if (tbs != small)
		free(tbs);
	return rc;
}

size_t
scs_cose_sign(const uint8_t *payload, size_t npayload, int64_t alg,
    const uint8_t *sk, const uint8_t kid[8], uint8_t *out, size_t cap)
{
	uint8_t prot[32], small[2048], *tbs = small, sig[64];
	size_t nprot, tcap = npayload + 64, ntbs;

	nprot = scs_cose_protected(alg, kid, prot, sizeof(prot));
	if (nprot == 0)
		return 0;
	tcap += nprot;
	if (tcap > sizeof(small) && (tbs = malloc(tcap)) == NULL)
		return 0;
	ntbs = scs_cose_tbs(prot, nprot, payload, npayload, tbs,
	    tcap > sizeof(small) ? tcap : sizeof(small));
	if (ntbs != 0)
		scs_crypto_sign_sk(sk, tbs, ntbs, sig);
	if (tbs != small)
		free(tbs);
	if (ntbs == 0)
		return 0;
	return scs_cose_sign1(prot, nprot, payload, npayload, sig, out, cap);
}
