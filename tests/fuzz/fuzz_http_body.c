/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_http_body.c - what a client sends the HTTP API: the request body
 * and the request path.  The input is parsed as the server parses a body
 * (json_loadb, JSON_REJECT_DUPLICATES) and given to every body parser the
 * route handlers call: login's fields, activation's (the code is hashed as
 * the operation hashes it), a new user, a reset's person, an
 * organization, a person with and without relatives, and relatives both
 * as the bare array and as {"relatives": [...]}.  Relatives that parse must
 * survive a JSON round trip unchanged.  The same bytes, cut at the first NUL,
 * are then matched as a path against the route table for each method: a match
 * must name the method asked for and capture only valid identifiers; then
 * parsed as a query string, each parameter found once.  No server runs and
 * nothing is stored.
 */
#include "scs/crypto.h"
#include "scs/http.h"

#include "records.h"

static void
body(const json_t *j, struct scs_relatives *rel, struct scs_relatives *rel2)
{
	static const char *const login_keys[] = {"username", "password", NULL};
	static const char *const activate_keys[] = {"username", "code",
	    "password", NULL};
	static const char *const reset_keys[] = {"person", NULL};
	char user[SCS_ID_MAX + 1], pw[1025], code[128], hash[65];
	struct scs_person p;
	struct scs_user u;
	struct scs_org o;
	struct scs_err err;
	const json_t *a;
	bool has_rel;
	int rc;

	scs_err_clear(&err);
	if (scs_codec_only(j, login_keys, &err) == SCS_OK) {
		rc = scs_codec_str(j, "username", user, sizeof(user), true,
		    &err);
		fuzz_check_err(rc, &err);
		rc = scs_codec_str(j, "password", pw, sizeof(pw), true, &err);
		fuzz_check_err(rc, &err);
		FUZZ_CHECK(strlen(pw) < sizeof(pw));
	}

	scs_err_clear(&err);
	if (scs_codec_only(j, activate_keys, &err) == SCS_OK &&
	    scs_codec_str(j, "code", code, sizeof(code), true, &err) ==
	        SCS_OK) {
		FUZZ_CHECK(strlen(code) < sizeof(code));
		rc = scs_crypto_code_hash(code, hash);
		FUZZ_CHECK(rc == 0 ? strlen(hash) == 64 : hash[0] == '\0');
		FUZZ_CHECK(rc != 0 || scs_crypto_code_verify(hash, code) == 0);
		FUZZ_CHECK(scs_crypto_code_verify("", code) == -1);
	}

	scs_err_clear(&err);
	if (scs_codec_only(j, reset_keys, &err) == SCS_OK) {
		rc =
		    scs_codec_str(j, "person", user, sizeof(user), false, &err);
		if (rc != SCS_ENOTFOUND)
			fuzz_check_err(rc, &err);
	}

	scs_err_clear(&err);
	rc = scs_codec_user_parse(j, &u, pw, sizeof(pw), &err);
	fuzz_check_err(rc, &err);
	if (rc == SCS_OK) {
		FUZZ_CHECK(strlen(pw) < sizeof(pw));
		free(fuzz_dump(scs_codec_user_json(&u)));
	}

	scs_err_clear(&err);
	rc = scs_codec_org_parse(j, &o, &err);
	fuzz_check_err(rc, &err);

	scs_err_clear(&err);
	rc = scs_codec_person_parse(j, &p, NULL, &has_rel, &err);
	fuzz_check_err(rc, &err);
	scs_person_clear(&p);
	scs_err_clear(&err);
	rc = scs_codec_person_parse(j, &p, rel, &has_rel, &err);
	fuzz_check_err(rc, &err);
	scs_person_clear(&p);
	if (rc == SCS_OK && has_rel)
		fuzz_relatives_roundtrip(rel, rel2);

	scs_err_clear(&err);
	rc = scs_codec_relatives_parse(j, rel, &err);
	fuzz_check_err(rc, &err);
	if (rc == SCS_OK)
		fuzz_relatives_roundtrip(rel, rel2);
	if ((a = json_object_get(j, "relatives")) != NULL) {
		scs_err_clear(&err);
		rc = scs_codec_relatives_parse(a, rel, &err);
		fuzz_check_err(rc, &err);
		if (rc == SCS_OK)
			fuzz_relatives_roundtrip(rel, rel2);
	}
}

static void
path(const char *s)
{
	static const char *const methods[] = {"GET", "POST", "PUT", "DELETE"};
	const struct scs_route *rt;
	struct scs_http_req req;
	struct scs_err err;
	size_t i, k;
	char *q;
	int rc;

	for (i = 0; i < SCS_NELEM(methods); i++) {
		memset(&req, 0, sizeof(req));
		scs_err_clear(&err);
		rt = NULL;
		rc = scs_http_match(methods[i], s, &req, &rt, &err);
		FUZZ_CHECK(rc == SCS_OK || rc == SCS_ENOTFOUND ||
		    rc == SCS_EMETHOD || rc == SCS_EINVAL);
		FUZZ_CHECK((rc == SCS_OK) == (rt != NULL));
		if (rt == NULL) {
			FUZZ_CHECK((int)err.rc == rc);
			continue;
		}
		FUZZ_CHECK(strcmp(rt->method, methods[i]) == 0);
		FUZZ_CHECK(req.nparams <= SCS_HTTP_PARAMS_MAX);
		for (k = 0; k < req.nparams; k++)
			FUZZ_CHECK(
			    scs_valid_id(req.params[k], "id", NULL) == SCS_OK);
	}
	/* The same bytes as a query string. */
	if ((q = strdup(s)) == NULL)
		return;
	memset(&req, 0, sizeof(req));
	rc = scs_http_parse_query(q, &req, &err);
	FUZZ_CHECK(rc == SCS_OK || rc == SCS_EINVAL);
	FUZZ_CHECK(req.nquery <= SCS_HTTP_QUERY_MAX);
	for (k = 0; rc == SCS_OK && k < req.nquery; k++) {
		FUZZ_CHECK(req.query[k].key[0] != '\0');
		FUZZ_CHECK(scs_http_query(&req, req.query[k].key) ==
		    req.query[k].value);
	}
	free(q);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Plain heap: no real secrets here, and ASan watches it. */
	struct scs_relatives *rel;
	json_error_t jerr;
	json_t *j;
	char *s;

	if (size > SCS_HTTP_BODY_MAX)
		return 0;
	j = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (j != NULL && (rel = calloc(2, sizeof(*rel))) != NULL) {
		body(j, &rel[0], &rel[1]);
		free(rel);
	}
	json_decref(j);

	if ((s = malloc(size + 1)) != NULL) {
		memcpy(s, data, size);
		s[size] = '\0';
		path(s);
		free(s);
	}
	return 0;
}
