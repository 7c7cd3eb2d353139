/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reciprocity.c - the rules of the reciprocity records
 * (include/scs/reciprocity.h).
 */
#include <string.h>

#include "scs/reciprocity.h"
#include "scs/register.h"

const char *const scs_attest_profile_codes[2] = {"register", "gate"};
const char *const scs_transfer_state_codes[SCS_TRANSFER_NSTATES] = {"requested",
    "accepted", "rejected", "cancelled"};

static int
hex_ok(const char *s, size_t n)
{
	uint8_t buf[32];

	return n <= sizeof(buf) && scs_unhex(buf, n, s) == 0;
}

int
scs_attestation_validate(const struct scs_attestation *a, struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(a->id, "id", err)) != SCS_OK ||
	    (rc = scs_valid_id(a->person, "person", err)) != SCS_OK)
		return rc;
	if (a->status_index < 0)
		return scs_err_set(err, SCS_EINVAL, "status_index",
		    "must be 0 or more");
	if (!hex_ok(a->kid, SCS_ATTEST_KID))
		return scs_err_set(err, SCS_EINVAL, "kid",
		    "must be 16 hexadecimal digits");
	if ((unsigned)a->profile > SCS_ATTEST_GATE)
		return scs_err_set(err, SCS_EINVAL, "profile",
		    "must be gate or register");
	if (a->expires <= a->issued ||
	    a->expires - a->issued > (int64_t)SCS_ATTEST_DAYS_MAX * 86400)
		return scs_err_set(err, SCS_EINVAL, "expires",
		    "must be after the time of issue, by %d days at most",
		    SCS_ATTEST_DAYS_MAX);
	if (a->has_revoked && a->revoked < a->issued)
		return scs_err_set(err, SCS_EINVAL, "revoked",
		    "must not come before the time of issue");
	return SCS_OK;
}

int
scs_signing_key_validate(const struct scs_signing_key *k, struct scs_err *err)
{
	if (!hex_ok(k->kid, SCS_ATTEST_KID))
		return scs_err_set(err, SCS_EINVAL, "kid",
		    "must be 16 hexadecimal digits");
	if (!hex_ok(k->public_key, 32))
		return scs_err_set(err, SCS_EINVAL, "public_key",
		    "must be 64 hexadecimal digits");
	if (!hex_ok(k->root, 32))
		return scs_err_set(err, SCS_EINVAL, "root",
		    "must be 64 hexadecimal digits");
	if (k->not_after <= k->not_before)
		return scs_err_set(err, SCS_EINVAL, "not_after",
		    "must come after not_before");
	return SCS_OK;
}

int
scs_key_list_rec_validate(const struct scs_key_list_rec *l, struct scs_err *err)
{
	if (!hex_ok(l->root, 32))
		return scs_err_set(err, SCS_EINVAL, "root",
		    "must be 64 hexadecimal digits");
	if (l->list[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "list",
		    "must hold the signed key list");
	return SCS_OK;
}

int
scs_transfer_validate(const struct scs_transfer *t, struct scs_err *err)
{
	int rc;

	if ((rc = scs_valid_id(t->id, "id", err)) != SCS_OK ||
	    (rc = scs_valid_id(t->person, "person", err)) != SCS_OK ||
	    (rc = scs_valid_id(t->from_org, "from_org", err)) != SCS_OK ||
	    (rc = scs_valid_id(t->to_org, "to_org", err)) != SCS_OK)
		return rc;
	if (strcmp(t->from_org, t->to_org) == 0)
		return scs_err_set(err, SCS_EINVAL, "to_org",
		    "must be another organization than the person's");
	if ((unsigned)t->state >= SCS_TRANSFER_NSTATES)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be requested, accepted, rejected or cancelled");
	if ((t->state == SCS_TRANSFER_REQUESTED) == t->has_decided)
		return scs_err_set(err, SCS_EINVAL, "decided",
		    "is set once the request is decided, and only then");
	if (t->has_decided && t->decided < t->requested)
		return scs_err_set(err, SCS_EINVAL, "decided",
		    "must not come before the request");
	if (t->state == SCS_TRANSFER_REJECTED && t->reason[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "reason",
		    "a rejection must give its reason");
	return SCS_OK;
}
