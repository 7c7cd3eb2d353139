/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_vectors.c - the shipped test vectors of tests/vectors/ against the
 * codec: every attestation case reaches its result with the trust, status
 * list and time it gives, and its stages agree (the Base45 of the code is
 * the compressed bytes, which inflate to the COSE, whose payload is the
 * CBOR, which a valid code's claims encode to); and the published Base45
 * (RFC 9285) and Ed25519 (RFC 8032) vectors.
 */
#include "helpers.h"

#include <dirent.h>
#include <zlib.h>

#include <jansson.h>

#include "scs/attest.h"
#include "scs/base45.h"
#include "scs/trust.h"
#include "scs/util.h"

#define VDIR "tests/vectors"

static size_t
unhex_alloc(const char *h, uint8_t **out)
{
	size_t n = strlen(h) / 2;

	*out = malloc(n + 1);
	assert_non_null(*out);
	assert_int_equal(scs_unhex(*out, n, h), 0);
	return n;
}

static int64_t
instant(const json_t *j)
{
	int64_t t;

	assert_true(json_is_string(j));
	assert_int_equal(scs_time_parse(json_string_value(j),
	                     json_string_length(j), "t", &t, NULL),
	    SCS_OK);
	return t;
}

static void
stages(const json_t *v, const char *code)
{
	const char *zh = json_string_value(json_object_get(v, "compressed"));
	const char *ch = json_string_value(json_object_get(v, "cose"));
	const char *bh = json_string_value(json_object_get(v, "cbor"));
	uint8_t *zip = NULL, *cose = NULL, *cbor = NULL, b45[4096], raw[4096];
	size_t nzip, ncose, ncbor, n;
	uLongf olen = sizeof(raw);
	struct scs_err err;

	if (zh == NULL)
		return;
	nzip = unhex_alloc(zh, &zip);
	assert_int_equal(scs_base45_decode(code + 4, strlen(code) - 4, b45,
	                     sizeof(b45), &n, &err),
	    SCS_OK);
	assert_int_equal(n, nzip);
	assert_memory_equal(b45, zip, n);
	if (ch != NULL && ch[0] != '\0') {
		ncose = unhex_alloc(ch, &cose);
		assert_int_equal(uncompress(raw, &olen, zip, nzip), Z_OK);
		assert_int_equal(olen, ncose);
		assert_memory_equal(raw, cose, ncose);
		if (bh != NULL && bh[0] != '\0') {
			ncbor = unhex_alloc(bh, &cbor);
			/* The payload sits in the COSE as a byte string. */
			for (n = 0; n + ncbor <= ncose; n++)
				if (memcmp(cose + n, cbor, ncbor) == 0)
					break;
			assert_true(n + ncbor <= ncose);
		}
	}
	free(zip);
	free(cose);
	free(cbor);
}

static void
one_case(const char *path)
{
	json_error_t je;
	json_t *v = json_load_file(path, 0, &je), *t, *sj;
	struct scs_trust_key keys[8];
	struct scs_status_list sl;
	struct scs_verify_opts o;
	struct scs_verify_info info;
	struct scs_attest_parsed *p = calloc(1, sizeof(*p));
	char why[SCS_ERR_REASON_MAX];
	const char *code, *want;
	enum scs_attest_reason r;
	size_t i;

	assert_non_null(v);
	assert_non_null(p);
	code = json_string_value(json_object_get(v, "code"));
	want = json_string_value(json_object_get(v, "result"));
	assert_non_null(code);
	assert_non_null(want);
	memset(keys, 0, sizeof(keys));
	memset(&sl, 0, sizeof(sl));
	memset(&o, 0, sizeof(o));
	json_array_foreach(json_object_get(v, "trust"), i, t)
	{
		assert_true(i < 8);
		(void)snprintf(keys[i].authority, sizeof(keys[i].authority),
		    "%s", json_string_value(json_object_get(t, "authority")));
		(void)snprintf(keys[i].country, sizeof(keys[i].country), "%s",
		    json_string_value(json_object_get(t, "country")));
		assert_int_equal(scs_unhex(keys[i].kid, SCS_ATTEST_KID,
		                     json_string_value(
		                         json_object_get(t, "kid"))),
		    0);
		assert_int_equal(scs_unhex(keys[i].pub, 32,
		                     json_string_value(
		                         json_object_get(t, "public_key"))),
		    0);
		keys[i].not_before = instant(json_object_get(t, "not_before"));
		keys[i].not_after = instant(json_object_get(t, "not_after"));
		o.nkeys = i + 1;
	}
	o.keys = keys;
	o.now = instant(json_object_get(v, "now"));
	o.max_age = json_integer_value(json_object_get(v, "max_age"));
	if ((sj = json_object_get(v, "status_list")) != NULL) {
		uint8_t *cose;
		size_t n =
		    unhex_alloc(json_string_value(json_object_get(sj, "cose")),
		        &cose);
		struct scs_err err;

		assert_int_equal(scs_status_list_read(cose, n, keys, o.nkeys,
		                     &sl, &err),
		    SCS_OK);
		free(cose);
		o.status = &sl;
		o.nstatus = 1;
	}
	r = scs_attest_verify(code, strlen(code), &o, p, &info, why);
	if (strcmp(scs_attest_reason_name(r), want) != 0)
		fail_msg("%s: %s, not %s (%s)", path, scs_attest_reason_name(r),
		    want, why);
	stages(v, code);
	if (r == SCS_ATT_VALID) {
		uint8_t again[SCS_ATTEST_RAW_MAX], *cbor;
		size_t n =
		    unhex_alloc(json_string_value(json_object_get(v, "cbor")),
		        &cbor);

		assert_int_equal(scs_attest_claims_cbor(&p->claims, again,
		                     sizeof(again)),
		    n);
		assert_memory_equal(again, cbor, n);
		free(cbor);
	}
	scs_status_list_free(&sl);
	free(p);
	json_decref(v);
}

static void
test_every_attestation_vector(void **state)
{
	DIR *d = opendir(VDIR);
	struct dirent *e;
	char path[512];
	int n = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0 ||
		    strncmp(e->d_name, "rfc", 3) == 0)
			continue;
		(void)snprintf(path, sizeof(path), "%s/%s", VDIR, e->d_name);
		one_case(path);
		n++;
	}
	(void)closedir(d);
	/* The list: valid (both profiles), a key id collision,
	 * expired, not yet valid, a bad signature, the wrong algorithm,
	 * truncated, a compression bomb, non-canonical CBOR, revoked,
	 * suspended, a stale status list; and an unknown key. */
	assert_true(n >= 14);
}

static void
test_rfc9285_base45(void **state)
{
	json_t *v = json_load_file(VDIR "/rfc9285-base45.json", 0, NULL), *c;
	uint8_t out[64], *want;
	char text[64];
	size_t i, n, len;
	struct scs_err err;

	(void)state;
	assert_non_null(v);
	json_array_foreach(json_object_get(v, "cases"), i, c)
	{
		const char *t = json_string_value(json_object_get(c, "text"));

		n = unhex_alloc(json_string_value(json_object_get(c, "hex")),
		    &want);
		assert_int_equal(scs_base45_decode(t, strlen(t), out,
		                     sizeof(out), &len, &err),
		    SCS_OK);
		assert_int_equal(len, n);
		assert_memory_equal(out, want, n);
		assert_int_equal(scs_base45_encode(want, n, text, sizeof(text),
		                     &len, &err),
		    SCS_OK);
		assert_string_equal(text, t);
		free(want);
	}
	json_array_foreach(json_object_get(v, "invalid"), i, c)
	{
		const char *t = json_string_value(json_object_get(c, "text"));

		assert_int_equal(scs_base45_decode(t, strlen(t), out,
		                     sizeof(out), &len, &err),
		    SCS_EINVAL);
	}
	json_decref(v);
}

static void
test_rfc8032_ed25519(void **state)
{
	json_t *v = json_load_file(VDIR "/rfc8032-ed25519.json", 0, NULL), *c;
	size_t i;

	(void)state;
	assert_non_null(v);
	json_array_foreach(json_object_get(v, "cases"), i, c)
	{
		uint8_t *seed, *pub, *msg, *sig, pk[32], sk[64], got[64];
		size_t nmsg;

		(void)unhex_alloc(json_string_value(json_object_get(c, "seed")),
		    &seed);
		(void)unhex_alloc(json_string_value(
		                      json_object_get(c, "public_key")),
		    &pub);
		nmsg = unhex_alloc(json_string_value(
		                       json_object_get(c, "message")),
		    &msg);
		(void)unhex_alloc(json_string_value(
		                      json_object_get(c, "signature")),
		    &sig);
		scs_crypto_keypair(seed, pk, sk);
		assert_memory_equal(pk, pub, 32);
		scs_crypto_sign_sk(sk, msg, nmsg, got);
		assert_memory_equal(got, sig, 64);
		assert_int_equal(scs_crypto_verify(pub, msg, nmsg, sig), 0);
		free(seed);
		free(pub);
		free(msg);
		free(sig);
	}
	json_decref(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_every_attestation_vector),
	    cmocka_unit_test(test_rfc9285_base45),
	    cmocka_unit_test(test_rfc8032_ed25519),
	};

	if (scs_crypto_init() != SCS_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
