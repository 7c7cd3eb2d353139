/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reciprocity.h - the register's records of reciprocity (DESIGN.md
 * section 9, docs/attestation.md): the attestation codes it issued (one
 * index each in its authority's status list), its authorities' signing
 * keys (public halves; the secret halves live in the key directory), and
 * the key lists it trusts, its own and its partners'.  Part of core: the
 * rules of a valid record, no I/O.
 */
#ifndef SCS_RECIPROCITY_H
#define SCS_RECIPROCITY_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/attest.h"
#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"
#include "scs/register.h"
#include "scs/util.h"

#define SCS_KID_HEX     (2 * SCS_ATTEST_KID + 1) /* 16 hex digits, NUL */
#define SCS_KEY_HEX     65                       /* 32 bytes in hex, NUL */
#define SCS_KEYLIST_B64 4096 /* a signed key list in base64, NUL */
#define SCS_PARTNER_LEN 8    /* "USA", "NATO" */

extern const char *const scs_attest_profile_codes[2];

/* An attestation code the register issued. */
struct scs_attestation {
	char id[SCS_ID_MAX + 1]; /* "AT-JPN-SDS-17": authority, index */
	char authority[SCS_AUTH_CODE_MAX];
	int64_t status_index; /* in the authority's status list, from 0 */
	char person[SCS_ID_MAX + 1];
	char level[SCS_LEVEL_CODE_MAX];
	char partner[SCS_PARTNER_LEN];
	enum scs_attest_profile profile;
	char kid[SCS_KID_HEX]; /* the signing key, in hex */
	int64_t issued, expires;
	char issued_by[SCS_ACTOR_MAX + 1];
	int64_t revoked; /* the code itself withdrawn */
	bool has_revoked;
};

/* A signing key of one of the register's authorities. */
struct scs_signing_key {
	char kid[SCS_KID_HEX];
	char authority[SCS_AUTH_CODE_MAX];
	char country[4];
	char public_key[SCS_KEY_HEX];
	char root[SCS_KEY_HEX]; /* the root key that certified it */
	int64_t not_before, not_after;
	int64_t created;
};

/* A signed key list the register trusts: its own (@own) or a partner's,
 * whose root was pinned when it was first imported. */
struct scs_key_list_rec {
	char authority[SCS_AUTH_CODE_MAX];
	char country[4];
	bool own;
	char root[SCS_KEY_HEX];
	int64_t issued, imported;
	char list[SCS_KEYLIST_B64]; /* the COSE_Sign1 in base64 */
};

/* A clearance transfer between employers: the new employer's security
 * officer asks, the clearance's authority (an adjudicator) accepts or
 * rejects; accepted, the person's employer changes and the clearances
 * stay, without a new vetting. */
enum scs_transfer_state {
	SCS_TRANSFER_REQUESTED,
	SCS_TRANSFER_ACCEPTED,
	SCS_TRANSFER_REJECTED,
	SCS_TRANSFER_CANCELLED,
	SCS_TRANSFER_NSTATES
};

extern const char *const scs_transfer_state_codes[SCS_TRANSFER_NSTATES];

struct scs_transfer {
	char id[SCS_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
	char from_org[SCS_ID_MAX + 1];
	char to_org[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX]; /* whose acceptance it needs */
	enum scs_transfer_state state;
	int64_t requested;
	char requested_by[SCS_ACTOR_MAX + 1];
	int64_t decided;
	bool has_decided;
	char decided_by[SCS_ACTOR_MAX + 1]; /* "" while requested */
	char reason[SCS_REASON_MAX + 1];    /* a rejection's; else "" */
};

int scs_transfer_validate(const struct scs_transfer *t, struct scs_err *err);

int scs_attestation_validate(const struct scs_attestation *a,
    struct scs_err *err);
int scs_signing_key_validate(const struct scs_signing_key *k,
    struct scs_err *err);
int scs_key_list_rec_validate(const struct scs_key_list_rec *l,
    struct scs_err *err);

#endif
