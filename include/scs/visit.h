/* SPDX-License-Identifier: Apache-2.0 */
/*
 * visit.h - visit requests (issue 13, item 7; docs/attestation.md,
 * "Visit requests"): the fields of a NATO request for visit, their
 * lifecycle, and the host's approval as a signed pass (SV1:) that a guard
 * checks offline at the gate, built like an attestation code: canonical
 * CBOR, COSE_Sign1 with Ed25519, zlib, Base45.  Core rules and codec: no
 * I/O.
 */
#ifndef SCS_VISIT_H
#define SCS_VISIT_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/attest.h"
#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"
#include "scs/trust.h"

#define SCS_VISIT_PREFIX   "SV1:"
#define SCS_VISIT_LIST     16  /* items, compartments */
#define SCS_VISIT_TEXT     256 /* purpose, site */
#define SCS_VISIT_ONE_DAYS 30  /* a one-time visit, at most */
#define SCS_VISIT_REC_DAYS 366 /* a recurring one */
#define SCS_VISIT_EMG_DAYS 7   /* an emergency one */

enum scs_visit_kind {
	SCS_VISIT_ONE_TIME,
	SCS_VISIT_RECURRING,
	SCS_VISIT_EMERGENCY,
	SCS_VISIT_NKINDS
};

/* draft -> submitted -> certified -> approved | rejected | returned;
 * returned -> submitted again; cancelled from any state before the end.
 * An approved visit is active from its first day and completed after
 * its last; a request never decided expires with its last day. */
enum scs_visit_state {
	SCS_VISIT_DRAFT,
	SCS_VISIT_SUBMITTED,
	SCS_VISIT_CERTIFIED,
	SCS_VISIT_APPROVED,
	SCS_VISIT_REJECTED,
	SCS_VISIT_RETURNED,
	SCS_VISIT_CANCELLED,
	SCS_VISIT_NSTATES
};

extern const char *const scs_visit_kind_codes[SCS_VISIT_NKINDS];
extern const char *const scs_visit_state_codes[SCS_VISIT_NSTATES];

struct scs_visit {
	char id[SCS_ID_MAX + 1];
	char visitor[SCS_ID_MAX + 1];     /* a person */
	char visitor_org[SCS_ID_MAX + 1]; /* their employer, who asks */
	char host_org[SCS_ID_MAX + 1];
	char site[SCS_VISIT_TEXT + 1];
	char purpose[SCS_VISIT_TEXT + 1];
	enum scs_visit_kind type;
	char first_day[SCS_DATE_LEN + 1], last_day[SCS_DATE_LEN + 1];
	char items[SCS_VISIT_LIST][SCS_ID_MAX + 1];
	size_t nitems;
	char compartments[SCS_VISIT_LIST][SCS_ID_MAX + 1];
	size_t ncompartments;
	enum scs_visit_state state;
	char attestation[SCS_ATTEST_TEXT_MAX]; /* attached when certified */
	char pass[SCS_ATTEST_TEXT_MAX];        /* the host's, when approved */
	int64_t created;
	char created_by[SCS_ACTOR_MAX + 1];
	int64_t changed;
	char changed_by[SCS_ACTOR_MAX + 1];
	char note[SCS_VISIT_TEXT + 1]; /* why returned or rejected */
};

/** The rules of a visit's fields: dates in order, the length its kind
 * allows, an emergency starting within 3 days of @today (a date, for a
 * new or amended request; NULL: not checked), lists without repeats. */
int scs_visit_validate(const struct scs_visit *v, const char *today,
    struct scs_err *err);

/** May a visit in @from move to @to?  0, or -1. */
int scs_visit_move_ok(enum scs_visit_state from, enum scs_visit_state to);

/* The host's pass: what a guard checks at the gate. */
struct scs_visit_pass {
	char visit[SCS_ID_MAX + 1];
	char authority[16]; /* the signing key's */
	char host_org[SCS_ID_MAX + 1];
	char site[SCS_VISIT_TEXT + 1];
	int64_t from, until; /* unix seconds: the first day's start, the day
	                      * after the last */
	char name[128];      /* as in the passport */
	char birth[11];
	char visitor_org[SCS_ID_MAX + 1];
	int64_t iat;
};

/** Sign @p with @sk (id @kid) into "SV1:..." at @out (@cap bytes). */
int scs_visit_pass_encode(const struct scs_visit_pass *p, const uint8_t *sk,
    const uint8_t kid[SCS_ATTEST_KID], char *out, size_t cap,
    struct scs_err *err);

/** Verify a pass against @keys at @o->now (SCS_ATTEST_SKEW forgiven):
 * the reasons of an attestation code, not_yet_valid before its first day
 * and expired after its last. */
enum scs_attest_reason scs_visit_pass_verify(const char *code, size_t n,
    const struct scs_verify_opts *o, struct scs_visit_pass *out, char *why);

#endif
