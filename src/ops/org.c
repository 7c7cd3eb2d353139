/* SPDX-License-Identifier: Apache-2.0 */
/*
 * org.c - organizations: created and changed by admins (and the command
 * line), read by every signed-in person.
 */
#include <string.h>

#include "ops_int.h"

static int
org_write(struct scs_ctx *c, const struct scs_org *o, enum scs_put_mode mode,
    struct scs_err *err)
{
	struct scs_record r;
	uint8_t state[32];
	int rc;

	scs_record_init(&r, SCS_KIND_ORG);
	r.u.org = *o;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage organizations",
	         err)) != SCS_OK ||
	    (rc = scs_record_validate(c->rd, &r, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	scs_op_state_org(o, state);
	if ((rc = scs_store_org_put(c->st, o, mode, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, mode == SCS_PUT_INSERT ? "create" : "update",
	         "organization", o->id, state, NULL, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

int
scs_op_org_create(struct scs_ctx *c, const struct scs_org *o,
    struct scs_err *err)
{
	return org_write(c, o, SCS_PUT_INSERT, err);
}

int
scs_op_org_update(struct scs_ctx *c, const struct scs_org *o,
    struct scs_err *err)
{
	return org_write(c, o, SCS_PUT_UPDATE, err);
}

#define ORG_READERS (SCS_ROLE_ANY & ~SCS_ROLE_RELYING)

int
scs_op_org_get(struct scs_ctx *c, const char *id, struct scs_org *out,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, ORG_READERS, "read organizations", err)) !=
	    SCS_OK)
		return rc;
	return scs_store_org_get(c->st, id, out, err);
}

int
scs_op_org_list(struct scs_ctx *c, scs_org_cb cb, void *arg,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, ORG_READERS, "read organizations", err)) !=
	    SCS_OK)
		return rc;
	return scs_store_org_each(c->st, cb, arg, err);
}
