/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.c - the reciprocity routes (docs/attestation.md): issuing,
 * verifying and revoking attestation codes, and the two public documents
 * a partner fetches to verify offline: the key lists and the status list.
 */
#include <stdlib.h>
#include <string.h>

#include "http_int.h"
#include "scs/qr.h"
#include "scs/reciprocity.h"

SCS_HANDLER(scs_h_attest_issue)
{
	static const char *const keys[] = {"person", "partner", "profile",
	    "authority", "days", "qr", NULL};
	const json_t *qr = NULL;
	json_t *o = NULL;
	char *svg = NULL;
	int rc, version;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	qr = json_object_get(req->body, "qr");
	if (qr != NULL && !json_is_boolean(qr))
		return scs_err_set(err, SCS_EINVAL, "qr",
		    "must be true (add the QR code as SVG) or false");
	{
		json_t *b = json_deep_copy(req->body);

		if (b == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		(void)json_object_del(b, "qr");
		rc = scs_op_attest_issue(req->ctx, b, &o, err);
		json_decref(b);
	}
	if (rc != SCS_OK)
		return rc;
	if (json_is_true(qr)) {
		rc = scs_qr_svg(json_string_value(json_object_get(o, "code")),
		    SCS_QR_MAX_VERSION, &svg, &version, err);
		if (rc != SCS_OK) {
			json_decref(o);
			return rc;
		}
		(void)json_object_set_new(o, "qr_svg", json_string(svg));
		(void)json_object_set_new(o, "qr_version",
		    json_integer(version));
		free(svg);
	}
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

/* The codes issued for a person (?person=), with their states now. */
SCS_HANDLER(scs_h_attest_list)
{
	static const char *const keys[] = {"person", NULL};
	const char *person;
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if ((person = scs_http_query(req, "person")) == NULL)
		return scs_err_set(err, SCS_EINVAL, "person",
		    "is required: the person whose codes to list");
	if ((rc = scs_op_attest_list(req->ctx, person, &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "attestations", a);
	return resp->body == NULL
	    ? scs_err_set(err, SCS_ENOMEM, "", "out of memory")
	    : SCS_OK;
}

SCS_HANDLER(scs_h_attest_verify)
{
	static const char *const keys[] = {"code", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	if (!json_is_string(json_object_get(req->body, "code")))
		return scs_err_set(err, SCS_EINVAL, "code",
		    "must be an attestation code (SC1:...)");
	if ((rc = scs_op_attest_verify(req->ctx,
	         json_string_value(json_object_get(req->body, "code")), &o,
	         err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_attest_import)
{
	static const char *const keys[] = {"code", "person", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_attest_import(req->ctx, req->body, &o, err)) != SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_attest_revoke)
{
	json_t *o = NULL;
	int rc;

	if (req->body != NULL &&
	    (!json_is_object(req->body) || json_object_size(req->body) != 0))
		return scs_err_set(err, SCS_EINVAL, "",
		    "the body must be empty or {}");
	if ((rc = scs_op_attest_revoke(req->ctx, req->params[0], &o, err)) !=
	    SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

/* Public: the signed status list, as bytes (application/cose). */
SCS_HANDLER(scs_h_attest_status)
{
	static const char *const keys[] = {"authority", NULL};
	const char *authority;
	uint8_t *bytes = NULL;
	size_t len = 0;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	if ((authority = scs_http_query(req, "authority")) == NULL)
		return scs_err_set(err, SCS_EINVAL, "authority",
		    "is required: the authority whose codes to list");
	if ((rc = scs_op_attest_status(req->ctx, authority, &bytes, &len,
	         err)) != SCS_OK)
		return rc;
	resp->owned = (char *)bytes;
	resp->ownedlen = len;
	resp->content_type = "application/cose";
	return SCS_OK;
}

/* Public: the register's own key lists (public keys only). */
SCS_HANDLER(scs_h_trust)
{
	static const char *const keys[] = {"authority", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_trust_export(req->ctx,
	         scs_http_query(req, "authority"), true, &o, err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_clearance_lookup)
{
	static const char *const keys[] = {"person", "birth_date", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_clearance_lookup(req->ctx, req->body, &o, err)) !=
	        SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_transfer_request)
{
	static const char *const keys[] = {"person", "birth_date", "to_org",
	    NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_transfer_request(req->ctx, req->body, &o, err)) !=
	        SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_transfer_list)
{
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	        SCS_OK ||
	    (rc = scs_op_transfer_list(req->ctx, &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "transfers", a);
	return SCS_OK;
}

static int
decide(struct scs_http_req *req, struct scs_http_resp *resp,
    enum scs_transfer_state to, struct scs_err *err)
{
	static const char *const keys[] = {"reason", NULL};
	const json_t *r;
	json_t *o = NULL;
	int rc;

	if (req->body != NULL &&
	    (rc = scs_http_body_only(req, keys, err)) != SCS_OK)
		return rc;
	r = req->body != NULL ? json_object_get(req->body, "reason") : NULL;
	if (r != NULL && !json_is_string(r))
		return scs_err_set(err, SCS_EINVAL, "reason", "must be a text");
	if ((rc = scs_op_transfer_decide(req->ctx, req->params[0], to,
	         json_string_value(r), &o, err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_transfer_accept)
{
	return decide(req, resp, SCS_TRANSFER_ACCEPTED, err);
}

SCS_HANDLER(scs_h_transfer_reject)
{
	return decide(req, resp, SCS_TRANSFER_REJECTED, err);
}

SCS_HANDLER(scs_h_transfer_cancel)
{
	return decide(req, resp, SCS_TRANSFER_CANCELLED, err);
}

SCS_HANDLER(scs_h_visit_create)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_visit_create(req->ctx, req->body, &o, err)) != SCS_OK)
		return rc;
	resp->status = 201;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_visit_update)
{
	json_t *o = NULL;
	int rc;

	if ((rc = scs_op_visit_update(req->ctx, req->params[0], req->body, &o,
	         err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_visit_list)
{
	json_t *a = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, (const char *const[]){NULL}, err)) !=
	        SCS_OK ||
	    (rc = scs_op_visit_list(req->ctx, &a, err)) != SCS_OK)
		return rc;
	resp->body = json_pack("{s:o}", "visits", a);
	return SCS_OK;
}

/* The QR code of @code (a member of @o) as SVG into @o's member @key.  A
 * pass holds its site, free text that zlib may not shorten: it may take
 * any QR version (a dense one is still read from a print or a screen);
 * one too long even for version 40 is left without. */
static int
add_qr(json_t *o, const char *code, const char *key, struct scs_err *err)
{
	char *svg = NULL;
	int rc, version;

	if (code == NULL || code[0] == '\0')
		return SCS_OK;
	rc = scs_qr_svg(code, SCS_QR_PASS_VERSION, &svg, &version, err);
	if (rc == SCS_ETOOBIG)
		return SCS_OK;
	if (rc != SCS_OK)
		return rc;
	(void)json_object_set_new(o, key, json_string(svg));
	free(svg);
	return SCS_OK;
}

SCS_HANDLER(scs_h_visit_get)
{
	static const char *const keys[] = {"qr", NULL};
	const char *qr;
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_query_only(req, keys, err)) != SCS_OK)
		return rc;
	qr = scs_http_query(req, "qr");
	if (qr != NULL && strcmp(qr, "1") != 0 && strcmp(qr, "0") != 0 &&
	    strcmp(qr, "true") != 0 && strcmp(qr, "false") != 0)
		return scs_err_set(err, SCS_EINVAL, "qr",
		    "must be true or false");
	if ((rc = scs_op_visit_get(req->ctx, req->params[0], &o, err)) !=
	    SCS_OK)
		return rc;
	if (qr != NULL && (strcmp(qr, "1") == 0 || strcmp(qr, "true") == 0) &&
	    ((rc = add_qr(o, json_string_value(json_object_get(o, "pass")),
	          "pass_qr_svg", err)) != SCS_OK ||
	        (rc = add_qr(o,
	             json_string_value(json_object_get(o, "attestation")),
	             "attestation_qr_svg", err)) != SCS_OK)) {
		json_decref(o);
		return rc;
	}
	resp->body = o;
	return SCS_OK;
}

static int
move(struct scs_http_req *req, struct scs_http_resp *resp,
    enum scs_visit_state to, struct scs_err *err)
{
	static const char *const keys[] = {"note", NULL};
	const json_t *n = NULL;
	json_t *o = NULL;
	int rc;

	if (req->body != NULL) {
		if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK)
			return rc;
		n = json_object_get(req->body, "note");
		if (n != NULL && !json_is_string(n))
			return scs_err_set(err, SCS_EINVAL, "note",
			    "must be a text");
	}
	if ((rc = scs_op_visit_move(req->ctx, req->params[0], to,
	         json_string_value(n), &o, err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}

SCS_HANDLER(scs_h_visit_submit)
{
	return move(req, resp, SCS_VISIT_SUBMITTED, err);
}

SCS_HANDLER(scs_h_visit_certify)
{
	return move(req, resp, SCS_VISIT_CERTIFIED, err);
}

SCS_HANDLER(scs_h_visit_approve)
{
	return move(req, resp, SCS_VISIT_APPROVED, err);
}

SCS_HANDLER(scs_h_visit_reject)
{
	return move(req, resp, SCS_VISIT_REJECTED, err);
}

SCS_HANDLER(scs_h_visit_return)
{
	return move(req, resp, SCS_VISIT_RETURNED, err);
}

SCS_HANDLER(scs_h_visit_cancel)
{
	return move(req, resp, SCS_VISIT_CANCELLED, err);
}

SCS_HANDLER(scs_h_visit_pass)
{
	static const char *const keys[] = {"pass", NULL};
	json_t *o = NULL;
	int rc;

	if ((rc = scs_http_body_only(req, keys, err)) != SCS_OK ||
	    (rc = scs_op_visit_pass_check(req->ctx,
	         json_string_value(json_object_get(req->body, "pass")), NULL,
	         &o, err)) != SCS_OK)
		return rc;
	resp->body = o;
	return SCS_OK;
}
