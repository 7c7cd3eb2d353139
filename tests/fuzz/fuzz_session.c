/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_session.c - what the web UI's browser sends besides the target:
 * the session cookie, the CSRF header, the media type and the accepted
 * encodings, and the JSON bodies of sign-in and of a password change.
 * (The UI sends no form bodies: every body is JSON, ui/src/api.js.  The
 * Cookie header itself is split by libmicrohttpd; the server then only
 * takes the value of scs_session, never an API key, and hashes it to
 * look the session up: src/http/server.c cookie_of, scs_op_authenticate.)
 *
 * The input is lines: the cookie's value, the X-CSRF-Token header, the
 * Content-Type header, the Accept-Encoding header, then the body.  No
 * server runs and nothing is stored.
 *
 * Properties: a token's stored hash and its CSRF token are 64 lowercase
 * hex digits, differ, and do not change between calls; the CSRF check
 * takes the session's own CSRF token and nothing else (not the stored
 * hash, not a token one digit off); a Content-Type taken is
 * application/json and one refused names Content-Type; gzip is accepted
 * only when named; a sign-in body taken has a username and password that
 * fit, and the same for a password change.
 */
#include <string.h>
#include <strings.h>

#include "scs/crypto.h"
#include "scs/http.h"

#include "records.h"

static bool
is_hex64(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		        (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return s[64] == '\0';
}

static void
token(const char *tok, const char *given)
{
	char hash[65], hash2[65], csrf[65], off[65];

	scs_crypto_token_hash(tok, hash);
	scs_crypto_token_hash(tok, hash2);
	scs_crypto_csrf(tok, csrf);
	FUZZ_CHECK(is_hex64(hash) && is_hex64(csrf));
	FUZZ_CHECK(strcmp(hash, hash2) == 0);
	FUZZ_CHECK(strcmp(hash, csrf) != 0);
	FUZZ_CHECK(scs_crypto_csrf_check(tok, csrf) == 0);
	FUZZ_CHECK(scs_crypto_csrf_check(tok, hash) != 0);
	memcpy(off, csrf, sizeof(off));
	off[63] = off[63] == '0' ? '1' : '0';
	FUZZ_CHECK(scs_crypto_csrf_check(tok, off) != 0);
	FUZZ_CHECK(scs_crypto_csrf_check(tok, NULL) != 0);
	if (scs_crypto_csrf_check(tok, given) == 0)
		FUZZ_CHECK(strcmp(given, csrf) == 0);
	else
		FUZZ_CHECK(strcmp(given, csrf) != 0);
}

/* Whether @s holds "gzip" in any case. */
static bool
names_gzip(const char *s)
{
	for (; *s != '\0'; s++)
		if (strncasecmp(s, "gzip", 4) == 0)
			return true;
	return false;
}

static void
headers(const char *ct, const char *ae)
{
	struct scs_err err;
	const char *s = ct;
	int rc;

	scs_err_clear(&err);
	rc = scs_http_json_type(ct, &err);
	while (*s == ' ' || *s == '\t')
		s++;
	if (rc == SCS_OK)
		FUZZ_CHECK(strncasecmp(s, "application/json", 16) == 0);
	else
		FUZZ_CHECK(rc == SCS_EMEDIA && err.rc == SCS_EMEDIA &&
		    strcmp(err.field, "Content-Type") == 0);
	FUZZ_CHECK(scs_http_json_type(NULL, NULL) == SCS_EMEDIA);
	if (scs_http_accepts_gzip(ae))
		FUZZ_CHECK(names_gzip(ae));
	FUZZ_CHECK(!scs_http_accepts_gzip(NULL));
}

/* String member @key as the handlers read it into @size bytes. */
static int
str(const json_t *j, const char *key, char *out, size_t size)
{
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	rc = scs_codec_str(j, key, out, size, true, &err);
	fuzz_check_err(rc, &err);
	if (rc == SCS_OK) {
		FUZZ_CHECK(strlen(out) < size);
		FUZZ_CHECK(json_is_string(json_object_get(j, key)) &&
		    strcmp(json_string_value(json_object_get(j, key)), out) ==
		        0);
	}
	return rc;
}

static void
body(const char *s, size_t len)
{
	static const char *const login_keys[] = {"username", "password",
	    "cookie", NULL};
	static const char *const password_keys[] = {"current", "new", NULL};
	char user[SCS_ID_MAX + 1], pw[1025], cur[1025];
	struct scs_err err;
	json_error_t jerr;
	json_t *j;

	if ((j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return;
	/* POST /v1/login (h_login, want_cookie). */
	scs_err_clear(&err);
	if (scs_codec_only(j, login_keys, &err) == SCS_OK &&
	    str(j, "username", user, sizeof(user)) == SCS_OK &&
	    str(j, "password", pw, sizeof(pw)) == SCS_OK) {
		FUZZ_CHECK(strlen(user) <= SCS_ID_MAX);
	} else {
		fuzz_check_err(err.rc, &err);
	}
	/* PUT /v1/me/password (h_me_password). */
	scs_err_clear(&err);
	if (scs_codec_only(j, password_keys, &err) == SCS_OK &&
	    str(j, "current", cur, sizeof(cur)) == SCS_OK)
		(void)str(j, "new", pw, sizeof(pw));
	scs_crypto_wipe(pw, sizeof(pw));
	json_decref(j);
}

/* The next line of [*p, end) as a C string (a copy the caller frees). */
static char *
next_line(const char **p, const char *end)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t len = nl != NULL ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = malloc(len + 1);

	if (s != NULL) {
		memcpy(s, *p, len);
		s[len] = '\0';
	}
	*p = nl != NULL ? nl + 1 : end;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *f[4];
	size_t i;

	if (size > SCS_HTTP_HEADERS_MAX + SCS_HTTP_BODY_MAX)
		return 0;
	for (i = 0; i < SCS_NELEM(f); i++)
		f[i] = next_line(&p, end);
	if (f[0] != NULL && f[1] != NULL && f[2] != NULL && f[3] != NULL) {
		token(f[0], f[1]);
		headers(f[2], f[3]);
		body(p, (size_t)(end - p));
	}
	for (i = 0; i < SCS_NELEM(f); i++)
		free(f[i]);
	return 0;
}
