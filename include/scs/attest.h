/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.h - the attestation code SC1 (docs/attestation.md, DESIGN.md
 * sections 6 and 9): a signed statement "this person holds clearance L of
 * authority A until T" that a partner checks offline.
 *
 *   claims  --CBOR-->  payload  --COSE_Sign1/Ed25519-->  COSE
 *           --zlib-->  compressed  --Base45-->  text  --"SC1:"-->  code
 *
 * Part of the codec layer: no I/O.  Encoding is deterministic (RFC 8949
 * 4.2.1: shortest forms, definite lengths, map keys in ascending order),
 * and decoding is strict: a structure that does not re-encode to the very
 * bytes read is malformed, so every code has one reading and every claim
 * set one code.  Decoding stops at the first failure and says which of the
 * reasons below it is, with a sentence for a person.
 */
#ifndef SCS_ATTEST_H
#define SCS_ATTEST_H

#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"

#define SCS_ATTEST_PREFIX   "SC1:"
#define SCS_ATTEST_KID      8    /* key id: SHA-256(public key)[0..8) */
#define SCS_ATTEST_PSEUDO   16   /* the per-partner pseudonym */
#define SCS_ATTEST_SALT     16   /* register profile: the identity salt */
#define SCS_ATTEST_IDHASH   16   /* ... and the salted identity hash */
#define SCS_ATTEST_EQUIV    8    /* most equivalent levels carried */
#define SCS_ATTEST_RAW_MAX  1024 /* most bytes a code inflates to */
#define SCS_ATTEST_TEXT_MAX 1600 /* longest code read (with the prefix) */
#define SCS_ATTEST_DAYS_MAX 90   /* longest validity of a code */
#define SCS_ATTEST_QR_CHARS 352  /* the most a QR code of version 13-Q holds */
#define SCS_ATTEST_SKEW     300  /* seconds of clock skew forgiven */
#define SCS_COSE_EDDSA      (-8) /* COSE algorithm EdDSA (RFC 9053) */

enum scs_attest_profile {
	SCS_ATTEST_REGISTER = 0, /* a salted identity hash only */
	SCS_ATTEST_GATE = 1      /* the passport name and the birth date */
};

/* Why a code does not verify; SCS_ATT_VALID when it does.  The names
 * (scs_attest_reason_name) are stable: verifiers and tests match them. */
enum scs_attest_reason {
	SCS_ATT_VALID = 0,
	SCS_ATT_MALFORMED,   /* any stage fails to parse, or is not canonical */
	SCS_ATT_WRONG_ALG,   /* the protected header names another algorithm */
	SCS_ATT_UNKNOWN_KEY, /* no trusted key has the code's key id */
	SCS_ATT_BAD_SIGNATURE, /* no key with that id verifies the signature */
	SCS_ATT_EXPIRED,       /* exp is in the past */
	SCS_ATT_NOT_YET_VALID, /* iat is in the future (beyond the skew) */
	SCS_ATT_REVOKED,       /* the status list says revoked */
	SCS_ATT_SUSPENDED,     /* the status list says suspended */
	SCS_ATT_STALE_STATUS,  /* the status list is older than allowed */
	SCS_ATT_NREASONS
};

/* One allied-equivalent level (data/levels.csv, the same common rank). */
struct scs_attest_equiv {
	char authority[16];
	char level[40];
};

/* The claims of a code.  Text fields are NUL-terminated UTF-8. */
struct scs_attest_claims {
	char country[4];    /* issuing nation, ISO 3166-1 alpha-3 */
	char authority[16]; /* issuing authority (authorities.csv) */
	int64_t iat;        /* issued, unix seconds */
	int64_t exp;        /* expires, unix seconds */
	char level[40];     /* the clearance's level under its authority */
	unsigned rank;      /* its common rank, 1..9 */
	struct scs_attest_equiv equiv[SCS_ATTEST_EQUIV];
	size_t nequiv;
	char partner[16]; /* the nation (or alliance) the code is for */
	uint8_t pseudonym[SCS_ATTEST_PSEUDO];
	uint64_t status; /* index in the issuer's status list */
	enum scs_attest_profile profile;
	/* gate profile */
	char name[128]; /* as in the passport: "YAMADA TARO" */
	char birth[11]; /* YYYY-MM-DD */
	/* register profile */
	uint8_t salt[SCS_ATTEST_SALT];
	uint8_t idhash[SCS_ATTEST_IDHASH];
};

/* The stages of a code, each kept for the test vectors and the worked
 * example of docs/attestation.md.  Sizes are generous bounds. */
struct scs_attest_stages {
	uint8_t payload[SCS_ATTEST_RAW_MAX];
	size_t npayload;
	uint8_t cose[SCS_ATTEST_RAW_MAX];
	size_t ncose;
	uint8_t zip[SCS_ATTEST_RAW_MAX + 64];
	size_t nzip;
};

/* A parsed code before its signature is checked. */
struct scs_attest_parsed {
	struct scs_attest_claims claims;
	uint8_t kid[SCS_ATTEST_KID];
	int64_t alg;
	uint8_t sig[64];
	/* the bytes Ed25519 signs: the COSE Sig_structure */
	uint8_t tbs[SCS_ATTEST_RAW_MAX + 64];
	size_t ntbs;
};

/** The stable name of @r ("bad_signature"...); "?" when out of range. */
const char *scs_attest_reason_name(enum scs_attest_reason r);

/** SCS_ATTEST_KID bytes of SHA-256 over the 32-byte public key. */
void scs_attest_kid(const uint8_t pub[32], uint8_t kid[SCS_ATTEST_KID]);

/**
 * Check @c before it is encoded: nation codes, lengths, iat < exp <= iat
 * + 90 days, the fields of its profile.  SCS_EINVAL naming the field.
 */
int scs_attest_claims_check(const struct scs_attest_claims *c,
    struct scs_err *err);

/** The canonical CBOR of @c into @out (@cap bytes); its length, 0 when
 * it does not fit. */
size_t scs_attest_claims_cbor(const struct scs_attest_claims *c, uint8_t *out,
    size_t cap);

/**
 * Issue: encode @c, sign it as COSE_Sign1 with the Ed25519 secret key @sk
 * (64 bytes, libsodium's form) whose key id is @kid, compress, Base45 and
 * prefix it into @out (@cap bytes, NUL-terminated).  @st, when not NULL,
 * receives the stages.  SCS_EINVAL naming the field for bad claims;
 * SCS_ETOOBIG when the code does not fit @cap.
 */
int scs_attest_encode(const struct scs_attest_claims *c, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_attest_stages *st, struct scs_err *err);

/**
 * The stages after the claims: sign @npayload bytes of @payload as COSE_Sign1
 * with algorithm @alg in the protected header, compress, Base45, prefix.
 * scs_attest_encode calls it with the canonical claims and EdDSA; the
 * test vectors call it with what a verifier must refuse.
 */
int scs_attest_seal(const uint8_t *payload, size_t npayload, int64_t alg,
    const uint8_t *sk, const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_attest_stages *st, struct scs_err *err);

/**
 * Read a code up to its signature: prefix, Base45, inflate (at most
 * SCS_ATTEST_RAW_MAX bytes), COSE_Sign1, the claims.  Returns
 * SCS_ATT_VALID with @p filled, or SCS_ATT_MALFORMED or SCS_ATT_WRONG_ALG
 * with @why (SCS_ERR_REASON_MAX bytes) saying what was wrong.  The
 * signature, the times and the status are the caller's to check.
 */
enum scs_attest_reason scs_attest_parse(const char *code, size_t n,
    struct scs_attest_parsed *p, char *why);

/** Compress @n bytes with zlib into @out (@cap); its length, 0 when it
 * does not fit. */
size_t scs_attest_deflate(const uint8_t *in, size_t n, uint8_t *out,
    size_t cap);

/** Inflate a zlib stream of @n bytes into @out, refusing more than @cap
 * bytes (a compression bomb), a truncated stream or trailing bytes:
 * SCS_ATT_VALID with *@len, else SCS_ATT_MALFORMED with @why. */
enum scs_attest_reason scs_attest_inflate(const uint8_t *in, size_t n,
    uint8_t *out, size_t cap, size_t *len, char *why);

#endif
