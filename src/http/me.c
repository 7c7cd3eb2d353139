/* SPDX-License-Identifier: Apache-2.0 */
/*
 * me.c - what a signed-in subject may ask about themself beyond /v1/me:
 * GET /v1/me/export, everything the register holds on them as one JSON
 * document (DESIGN.md section 7).  The operation (scs_op_person_export)
 * holds the rules: own person only, audited before anything leaves.
 */
#include "scs/ops.h"
#include "http_int.h"

SCS_HANDLER(scs_h_me_export)
{
	json_t *doc = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	        SCS_OK ||
	    (rc = scs_op_person_export(req->ctx, NULL, &doc, err)) != SCS_OK)
		return rc;
	resp->body = doc;
	return SCS_OK;
}
