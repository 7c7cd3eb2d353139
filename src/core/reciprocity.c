/* SPDX-License-Identifier: Apache-2.0 */
/*
 * reciprocity.c - the rules of the reciprocity records
 * (include/scs/reciprocity.h).
 */
#include <string.h>

#include "scs/reciprocity.h"
#include "scs/register.h"

const char *const scs_attest_profile_codes[2] = {"register", "gate"};

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
