/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cbor_int.h - the codec layer's CBOR and COSE_Sign1 helpers (cose.c),
 * shared by the attestation code, the key list and the status list.
 * Writing is canonical (RFC 8949 4.2.1) with libcbor's encoders into a
 * caller's buffer; reading goes item by item with libcbor's streaming
 * decoder, which allocates nothing.
 */
#ifndef SCS_CODEC_CBOR_INT_H
#define SCS_CODEC_CBOR_INT_H

#include <stddef.h>
#include <stdint.h>

/* A buffer being written: @bad once something did not fit. */
struct wbuf {
	uint8_t *p;
	size_t cap, len;
	int bad;
};

void scs_cw_uint(struct wbuf *w, uint64_t v);
void scs_cw_int(struct wbuf *w, int64_t v);
void scs_cw_bstr(struct wbuf *w, const void *p, size_t n);
void scs_cw_tstr(struct wbuf *w, const char *s);
void scs_cw_map(struct wbuf *w, size_t n);
void scs_cw_array(struct wbuf *w, size_t n);

enum ev_type {
	EV_NONE,
	EV_UINT,
	EV_NEGINT,
	EV_BSTR,
	EV_TSTR,
	EV_ARRAY,
	EV_MAP,
	EV_TAG,
	EV_OTHER
};

struct ev {
	enum ev_type type;
	uint64_t u;          /* value, count, tag; for EV_NEGINT -1 - u */
	const uint8_t *data; /* EV_BSTR, EV_TSTR */
	size_t len;
};

struct rbuf {
	const uint8_t *p;
	size_t n, at;
};

/* The next item's head (a string comes whole): 0, or -1 at the end of
 * the bytes or on an item that is not complete. */
int scs_cr_next(struct rbuf *r, struct ev *e);
/* The next item, which must be of type @t: 0 or -1. */
int scs_cr_want(struct rbuf *r, struct ev *e, enum ev_type t);
/* A text string of fewer than @cap bytes, without NUL, into @out. */
int scs_cr_text(struct rbuf *r, char *out, size_t cap);
/* A byte string of exactly @len bytes into @out. */
int scs_cr_bytes(struct rbuf *r, uint8_t *out, size_t len);

#define SCS_COSE_TAG 18 /* COSE_Sign1 */

/* The canonical protected header {1: @alg, 4: @kid}. */
size_t scs_cose_protected(int64_t alg, const uint8_t kid[8], uint8_t *out,
    size_t cap);
/* Sig_structure = ["Signature1", protected, h'', payload]. */
size_t scs_cose_tbs(const uint8_t *prot, size_t nprot, const uint8_t *payload,
    size_t npayload, uint8_t *out, size_t cap);
/* 18([protected, {}, payload, signature]). */
size_t scs_cose_sign1(const uint8_t *prot, size_t nprot, const uint8_t *payload,
    size_t npayload, const uint8_t sig[64], uint8_t *out, size_t cap);

/* A COSE_Sign1 read; the pointers are into the bytes read. */
struct scs_cose {
	int64_t alg;
	uint8_t kid[8];
	const uint8_t *prot, *payload;
	size_t nprot, npayload;
	uint8_t sig[64];
};

/* Read @n bytes as a canonical COSE_Sign1 with nothing after it.  0, or
 * -1 with @why (SCS_ERR_REASON_MAX bytes) saying what is wrong.  Any
 * algorithm is read: checking it is the caller's. */
int scs_cose_read(const uint8_t *p, size_t n, struct scs_cose *out, char *why);

/* Whether @pub signed @c: 0, -1 (a bad signature), or -2 when the
 * Sig_structure could not be built (out of memory). */
int scs_cose_verify(const struct scs_cose *c, const uint8_t pub[32]);

/* Sign @payload with the Ed25519 secret key @sk whose key id is @kid into
 * a COSE_Sign1 at @out (@cap bytes) naming algorithm @alg; its length, 0
 * when it does not fit or memory ran out. */
size_t scs_cose_sign(const uint8_t *payload, size_t npayload, int64_t alg,
    const uint8_t *sk, const uint8_t kid[8], uint8_t *out, size_t cap);

#endif
