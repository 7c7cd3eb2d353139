/* SPDX-License-Identifier: Apache-2.0 */
/*
 * events.c - security events the server counts rather than writes one by
 * one (refused requests), written to the audit log as summaries.  Each
 * summary names the caller as the entry's actor, so a reader filters them
 * with the same `actor=` as everything else that caller did.
 */
#include <stdio.h>
#include <string.h>

#include "ops_int.h"

/* One summary as an entry of @actor. */
static int
refusal_entry(struct scs_ctx *c, const char *actor, const char *route,
    const char *purpose, struct scs_err *err)
{
	char was[SCS_ACTOR_MAX + 1];
	int rc;

	memcpy(was, c->actor.name, sizeof(was));
	(void)scs_strlcpy(c->actor.name, actor, sizeof(c->actor.name));
	rc = scs_op_audit(c, "refused", "request", route, NULL, purpose, err);
	memcpy(c->actor.name, was, sizeof(was));
	return rc;
}

int
scs_op_refusals_audit(struct scs_ctx *c, const struct scs_refusal *r, size_t n,
    uint64_t more, struct scs_err *err)
{
	char purpose[80]; /* room for "x", 20 digits and the text */
	size_t i;
	int rc;

	if (n == 0 && more == 0)
		return SCS_OK;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < n; i++) {
		(void)snprintf(purpose, sizeof(purpose), "%d x%llu",
		    r[i].status, (unsigned long long)r[i].count);
		rc = refusal_entry(c, r[i].actor, r[i].route, purpose, err);
	}
	if (rc == SCS_OK && more > 0) {
		(void)snprintf(purpose, sizeof(purpose),
		    "x%llu more, from callers past the period's table",
		    (unsigned long long)more);
		rc = refusal_entry(c, "server", "*", purpose, err);
	}
	if (rc != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}
