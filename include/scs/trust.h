/* SPDX-License-Identifier: Apache-2.0 */
/*
 * trust.h - what a verifier trusts, and the check of a code against it
 * (docs/attestation.md, "Trust" and "Status"):
 *
 *  - a key list: an authority's signing keys, each with the period of
 *    issue it covers, signed as COSE_Sign1 by the authority's root key,
 *    which is kept offline;
 *  - a status list: two bits per code the authority issued (valid,
 *    suspended, revoked), compressed and signed by a signing key;
 *  - scs_attest_verify: a code read (attest.h), its key found by key id
 *    (every key with that id is tried), its signature, its times and its
 *    status.
 *
 * Part of the codec layer: no I/O.  A status list's bits are allocated.
 */
#ifndef SCS_TRUST_H
#define SCS_TRUST_H

#include <stddef.h>
#include <stdint.h>

#include "scs/attest.h"
#include "scs/err.h"

#define SCS_KEYLIST_MAX 16         /* signing keys in one list */
#define SCS_STATUS_MAXN (1u << 28) /* codes one status list covers */

/* One trusted signing key: codes issued (iat) in [not_before, not_after)
 * may carry its signature. */
struct scs_trust_key {
	char country[4];
	char authority[16];
	uint8_t kid[SCS_ATTEST_KID];
	uint8_t pub[32];
	int64_t not_before, not_after; /* unix seconds */
};

struct scs_key_list {
	char country[4];
	char authority[16];
	int64_t issued;   /* unix seconds */
	uint8_t root[32]; /* the root public key that signed the list */
	struct scs_trust_key keys[SCS_KEYLIST_MAX];
	size_t nkeys;
};

enum scs_code_status {
	SCS_STATUS_VALID = 0,
	SCS_STATUS_SUSPENDED = 1,
	SCS_STATUS_REVOKED = 2
};

struct scs_status_list {
	char authority[16];
	int64_t issued; /* unix seconds */
	uint64_t n;     /* codes covered: indices 0..n-1 */
	uint8_t *bits;  /* (n + 3) / 4 bytes; index i is bits 2(i%4)..+1 of
	                 * byte i/4 */
};

/**
 * Sign @l (its keys' country, authority and kid are taken from the list
 * and the public keys) with the root secret key @root_sk (64 bytes) into
 * @out; the length, 0 when it does not fit or @l is not valid.
 */
size_t scs_key_list_sign(const struct scs_key_list *l, const uint8_t *root_sk,
    uint8_t *out, size_t cap);

/**
 * Read a signed key list and check its signature under the root key it
 * names (whether that root is trusted is the caller's question: compare
 * it with a pinned one).  SCS_EINVAL with field "key_list" and the reason.
 */
int scs_key_list_read(const uint8_t *p, size_t n, struct scs_key_list *out,
    struct scs_err *err);

/** The status of code @i; SCS_STATUS_VALID past the list's end (the
 * caller checks i < n first). */
enum scs_code_status scs_status_get(const struct scs_status_list *sl,
    uint64_t i);

/** Set the status of code @i < sl->n. */
void scs_status_set(struct scs_status_list *sl, uint64_t i,
    enum scs_code_status s);

/**
 * Sign @sl with the signing key @sk whose id is @kid: a malloc'd
 * COSE_Sign1 into *@out (free it), its length into *@len.  SCS_ENOMEM,
 * or SCS_EINVAL naming the field.
 */
int scs_status_list_sign(const struct scs_status_list *sl, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], uint8_t **out, size_t *len,
    struct scs_err *err);

/**
 * Read a signed status list and check it was signed by one of @keys of
 * its authority, valid when it was issued.  Allocates out->bits
 * (scs_status_list_free).  SCS_EINVAL with field "status_list".
 */
int scs_status_list_read(const uint8_t *p, size_t n,
    const struct scs_trust_key *keys, size_t nkeys, struct scs_status_list *out,
    struct scs_err *err);

void scs_status_list_free(struct scs_status_list *sl);

/* What a verifier brings. */
struct scs_verify_opts {
	const struct scs_trust_key *keys;
	size_t nkeys;
	const struct scs_status_list *status; /* lists carried; may be none */
	size_t nstatus;
	int64_t now;     /* unix seconds */
	int64_t max_age; /* seconds a status list stays fresh */
	/* A code of an authority none of the lists is of: valid, its status
	 * unchecked (the register, which carries its own authorities' lists
	 * and checks a partner's code without one); else stale. */
	int unlisted_unchecked;
};

/* What a verification found, beside the reason. */
struct scs_verify_info {
	int status_checked; /* a list of the code's authority was used */
	int64_t status_age; /* its age in seconds, when checked */
	const struct scs_trust_key *key; /* the key that verified, or NULL */
};

/**
 * Verify a code: read it, find the keys with its key id (of its
 * authority; each is tried), check the signature, that the key covered
 * the time of issue, the times (SCS_ATTEST_SKEW forgiven), and, when a
 * status list of the code's authority is carried, its status and age.
 * Returns SCS_ATT_VALID or the first reason it fails, with @why saying
 * it for a person; @p holds what was read (its claims when they parsed).
 */
enum scs_attest_reason scs_attest_verify(const char *code, size_t n,
    const struct scs_verify_opts *o, struct scs_attest_parsed *p,
    struct scs_verify_info *info, char *why);

#endif
