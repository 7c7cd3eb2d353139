/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_attest.c - the SC1 code (src/codec/attest.c, cose.c, trust.c):
 * Ed25519 against RFC 8032, both profiles round trip, one code per claim
 * set, and each reason a verifier gives: malformed stages, a compression
 * bomb, non-canonical CBOR, a wrong algorithm, an unknown key, a key id
 * collision, a bad signature, the times, and the status list.
 */
#include "helpers.h"

#include <zlib.h>

#include "scs/attest.h"
#include "scs/base45.h"
#include "scs/trust.h"

static void
unhex(const char *h, uint8_t *out, size_t n)
{
	size_t i;

	assert_int_equal(strlen(h), 2 * n);
	for (i = 0; i < n; i++) {
		unsigned v;

		assert_int_equal(sscanf(h + 2 * i, "%2x", &v), 1);
		out[i] = (uint8_t)v;
	}
}

/* RFC 8032 7.1, tests 1-3: the key from its seed, and the signature. */
static void
test_ed25519_matches_rfc8032(void **state)
{
	static const struct {
		const char *seed, *pub, *msg, *sig;
	} v[] = {
	    {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
	        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f70751"
	        "1a",
	        "",
	        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901"
	        "55"
	        "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a10"
	        "0b"},
	    {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
	        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af466"
	        "0c",
	        "72",
	        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69"
	        "da"
	        "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c"
	        "00"},
	    {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
	        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb9115489080"
	        "25",
	        "af82",
	        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3"
	        "ac"
	        "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec4"
	        "0"
	        "a"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		uint8_t seed[32], pub[32], want[32], sk[64], sig[64], wsig[64];
		uint8_t msg[8];
		size_t n = strlen(v[i].msg) / 2;

		unhex(v[i].seed, seed, 32);
		unhex(v[i].pub, want, 32);
		unhex(v[i].msg, msg, n);
		unhex(v[i].sig, wsig, 64);
		scs_crypto_keypair(seed, pub, sk);
		assert_memory_equal(pub, want, 32);
		scs_crypto_sign_sk(sk, msg, n, sig);
		assert_memory_equal(sig, wsig, 64);
		assert_int_equal(scs_crypto_verify(pub, msg, n, sig), 0);
		sig[10] ^= 1;
		assert_int_equal(scs_crypto_verify(pub, msg, n, sig), -1);
	}
}

/* A signing key from a fixed seed, and its trust entry. */
struct signer {
	uint8_t pk[32], sk[64], kid[SCS_ATTEST_KID];
	struct scs_trust_key tk;
};

static void
signer(struct signer *s, uint8_t seed_byte, const char *authority)
{
	uint8_t seed[32];

	memset(seed, seed_byte, sizeof(seed));
	scs_crypto_keypair(seed, s->pk, s->sk);
	scs_attest_kid(s->pk, s->kid);
	memset(&s->tk, 0, sizeof(s->tk));
	(void)snprintf(s->tk.country, sizeof(s->tk.country), "JPN");
	(void)snprintf(s->tk.authority, sizeof(s->tk.authority), "%s",
	    authority);
	memcpy(s->tk.kid, s->kid, SCS_ATTEST_KID);
	memcpy(s->tk.pub, s->pk, 32);
	s->tk.not_before = 1767225600; /* 2026-01-01 */
	s->tk.not_after = 1798761600;  /* 2027-01-01 */
}

#define T0 1780000000LL /* 2026-05-28 */

static void
claims(struct scs_attest_claims *c, enum scs_attest_profile prof)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->country, sizeof(c->country), "%s", "JPN");
	(void)snprintf(c->authority, sizeof(c->authority), "%s", "JPN-SDS");
	c->iat = T0;
	c->exp = T0 + 90 * 86400;
	(void)snprintf(c->level, sizeof(c->level), "%s", "TOKUTEI_HIMITSU");
	c->rank = 3;
	c->nequiv = 1;
	(void)snprintf(c->equiv[0].authority, sizeof(c->equiv[0].authority),
	    "%s", "USA");
	(void)snprintf(c->equiv[0].level, sizeof(c->equiv[0].level), "%s",
	    "SECRET");
	(void)snprintf(c->partner, sizeof(c->partner), "%s", "USA");
	memset(c->pseudonym, 0xa5, sizeof(c->pseudonym));
	c->status = 7;
	c->profile = prof;
	if (prof == SCS_ATTEST_GATE) {
		(void)snprintf(c->name, sizeof(c->name), "%s", "YAMADA TARO");
		(void)snprintf(c->birth, sizeof(c->birth), "%s", "1980-04-01");
	} else {
		memset(c->salt, 0x11, sizeof(c->salt));
		memset(c->idhash, 0x22, sizeof(c->idhash));
	}
}

static enum scs_attest_reason
verify(const char *code, const struct scs_trust_key *keys, size_t nkeys,
    const struct scs_status_list *sl, size_t nsl, int64_t now,
    struct scs_attest_parsed *p)
{
	struct scs_verify_opts o = {keys, nkeys, sl, nsl, now, 86400, 0};
	struct scs_verify_info info;
	char why[SCS_ERR_REASON_MAX];
	enum scs_attest_reason r;

	r = scs_attest_verify(code, strlen(code), &o, p, &info, why);
	if (getenv("SCS_TEST_WHY") != NULL)
		(void)fprintf(stderr, "why: %s\n", why);
	if (r != SCS_ATT_VALID)
		assert_true(why[0] != '\0');
	return r;
}

static void
test_both_profiles_round_trip(void **state)
{
	struct signer s;
	struct scs_attest_claims c;
	struct scs_attest_parsed p;
	struct scs_attest_stages st;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX], again[SCS_ATTEST_TEXT_MAX];
	int prof;

	(void)state;
	signer(&s, 1, "JPN-SDS");
	for (prof = 0; prof <= 1; prof++) {
		claims(&c, (enum scs_attest_profile)prof);
		assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code,
		                     sizeof(code), &st, &err),
		    SCS_OK);
		assert_memory_equal(code, "SC1:", 4);
		/* QR version 13 at level Q holds 352 alphanumerics. */
		assert_true(strlen(code) <= SCS_ATTEST_QR_CHARS);
		assert_int_equal(verify(code, &s.tk, 1, NULL, 0, T0 + 60, &p),
		    SCS_ATT_VALID);
		assert_memory_equal(&p.claims, &c, sizeof(c));
		assert_memory_equal(p.kid, s.kid, SCS_ATTEST_KID);
		/* One code per claim set: Ed25519 and zlib are deterministic.
		 */
		assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, again,
		                     sizeof(again), NULL, &err),
		    SCS_OK);
		assert_string_equal(code, again);
	}
}

static void
test_bad_claims_are_refused_by_field(void **state)
{
	struct signer s;
	struct scs_attest_claims c;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX];

	(void)state;
	signer(&s, 1, "JPN-SDS");
	claims(&c, SCS_ATTEST_GATE);
	c.exp = c.iat + 91 * 86400;
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     NULL, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "exp");
	claims(&c, SCS_ATTEST_GATE);
	(void)snprintf(c.birth, sizeof(c.birth), "%s", "1980-13-01");
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     NULL, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "birth_date");
	claims(&c, SCS_ATTEST_REGISTER);
	(void)snprintf(c.country, sizeof(c.country), "%s", "jp");
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     NULL, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "country");
	claims(&c, SCS_ATTEST_REGISTER);
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, 40, NULL,
	                     &err),
	    SCS_ETOOBIG);
}

/* Base45 of zlib of @raw, prefixed: a code with any COSE inside. */
static void
wrap(const uint8_t *raw, size_t n, char *out, size_t cap)
{
	uint8_t zip[4096];
	size_t nzip = scs_attest_deflate(raw, n, zip, sizeof(zip)), len;
	struct scs_err err;

	assert_true(nzip > 0);
	(void)snprintf(out, cap, "%s", "SC1:");
	assert_int_equal(scs_base45_encode(zip, nzip, out + 4, cap - 4, &len,
	                     &err),
	    SCS_OK);
}

static void
test_malformed_codes_say_why(void **state)
{
	struct signer s;
	struct scs_attest_claims c;
	struct scs_attest_parsed p;
	struct scs_attest_stages st;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX], bad[8192];
	uint8_t bomb[4096], payload[SCS_ATTEST_RAW_MAX];
	size_t n;

	(void)state;
	signer(&s, 1, "JPN-SDS");
	claims(&c, SCS_ATTEST_REGISTER);
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     &st, &err),
	    SCS_OK);
	/* No prefix, a lower-case letter, a truncated code. */
	assert_int_equal(verify(code + 4, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_MALFORMED);
	(void)snprintf(bad, sizeof(bad), "%s", code);
	bad[10] = 'a';
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_MALFORMED);
	(void)snprintf(bad, sizeof(bad), "%s", code);
	bad[strlen(bad) - 30] = '\0';
	if (strlen(bad) % 3 == 2) /* keep Base45 whole: fail in zlib */
		bad[strlen(bad) - 2] = '\0';
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_MALFORMED);
	/* A compression bomb: 4 KiB of zeros inflate past the limit. */
	memset(bomb, 0, sizeof(bomb));
	wrap(bomb, sizeof(bomb), bad, sizeof(bad));
	assert_true(strlen(bad) < 200);
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_MALFORMED);
	/* Not COSE at all. */
	wrap((const uint8_t *)"hello", 5, bad, sizeof(bad));
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_MALFORMED);
	/* Non-canonical CBOR, signed: the rank 3 written in two bytes. */
	n = scs_attest_claims_cbor(&c, payload, sizeof(payload));
	{
		uint8_t nc[SCS_ATTEST_RAW_MAX];
		size_t i, m = 0;
		int done = 0;

		for (i = 0; i < n; i++) {
			nc[m++] = payload[i];
			if (!done && i > 0 && payload[i - 1] == 0x07 &&
			    payload[i] == 0x03) {
				nc[m - 1] = 0x18; /* uint, one byte follows */
				nc[m++] = 0x03;
				done = 1;
			}
		}
		assert_true(done);
		assert_int_equal(scs_attest_seal(nc, m, SCS_COSE_EDDSA, s.sk,
		                     s.kid, bad, sizeof(bad), NULL, &err),
		    SCS_OK);
		assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
		    SCS_ATT_MALFORMED);
	}
	/* The same claims under ES256 (-7): the wrong algorithm. */
	assert_int_equal(scs_attest_seal(payload, n, -7, s.sk, s.kid, bad,
	                     sizeof(bad), NULL, &err),
	    SCS_OK);
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_WRONG_ALG);
}

static void
test_keys_signatures_and_times(void **state)
{
	struct signer s, other, twin;
	struct scs_trust_key keys[2];
	struct scs_attest_claims c;
	struct scs_attest_parsed p;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX], bad[SCS_ATTEST_TEXT_MAX];

	(void)state;
	signer(&s, 1, "JPN-SDS");
	signer(&other, 2, "JPN-SDS");
	claims(&c, SCS_ATTEST_GATE);
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     NULL, &err),
	    SCS_OK);
	/* No key with that id; the same id under another authority. */
	assert_int_equal(verify(code, &other.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_UNKNOWN_KEY);
	twin = s;
	(void)snprintf(twin.tk.authority, sizeof(twin.tk.authority), "%s",
	    "JPN-CESI");
	assert_int_equal(verify(code, &twin.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_UNKNOWN_KEY);
	/* A key id collision: another key claims the id; both are tried,
	 * whichever comes first. */
	keys[0] = other.tk;
	memcpy(keys[0].kid, s.kid, SCS_ATTEST_KID);
	keys[1] = s.tk;
	assert_int_equal(verify(code, keys, 2, NULL, 0, T0, &p), SCS_ATT_VALID);
	keys[1] = keys[0];
	keys[0] = s.tk;
	assert_int_equal(verify(code, keys, 2, NULL, 0, T0, &p), SCS_ATT_VALID);
	/* Only the impostor: a bad signature. */
	assert_int_equal(verify(code, &keys[1], 1, NULL, 0, T0, &p),
	    SCS_ATT_BAD_SIGNATURE);
	/* Signed by another key under our id: a bad signature. */
	assert_int_equal(scs_attest_encode(&c, other.sk, s.kid, bad,
	                     sizeof(bad), NULL, &err),
	    SCS_OK);
	assert_int_equal(verify(bad, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_BAD_SIGNATURE);
	/* The times: before issue (beyond the skew), at and after expiry. */
	assert_int_equal(verify(code, &s.tk, 1, NULL, 0, T0 - 301, &p),
	    SCS_ATT_NOT_YET_VALID);
	assert_int_equal(verify(code, &s.tk, 1, NULL, 0, T0 - 300, &p),
	    SCS_ATT_VALID);
	assert_int_equal(verify(code, &s.tk, 1, NULL, 0, c.exp - 1, &p),
	    SCS_ATT_VALID);
	assert_int_equal(verify(code, &s.tk, 1, NULL, 0, c.exp, &p),
	    SCS_ATT_EXPIRED);
	/* A key that did not cover the time of issue. */
	s.tk.not_after = T0;
	assert_int_equal(verify(code, &s.tk, 1, NULL, 0, T0, &p),
	    SCS_ATT_UNKNOWN_KEY);
}

static void
test_status_lists(void **state)
{
	struct signer s, other;
	struct scs_status_list sl, got;
	struct scs_attest_claims c;
	struct scs_attest_parsed p;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX];
	uint8_t *cose;
	size_t len;
	uint64_t i;

	(void)state;
	signer(&s, 1, "JPN-SDS");
	signer(&other, 2, "JPN-SDS");
	claims(&c, SCS_ATTEST_REGISTER);
	assert_int_equal(scs_attest_encode(&c, s.sk, s.kid, code, sizeof(code),
	                     NULL, &err),
	    SCS_OK);
	memset(&sl, 0, sizeof(sl));
	(void)snprintf(sl.authority, sizeof(sl.authority), "%s", "JPN-SDS");
	sl.issued = T0;
	sl.n = 10;
	sl.bits = calloc(3, 1);
	assert_non_null(sl.bits);
	scs_status_set(&sl, 7, SCS_STATUS_SUSPENDED);
	scs_status_set(&sl, 9, SCS_STATUS_REVOKED);
	assert_int_equal(scs_status_list_sign(&sl, s.sk, s.kid, &cose, &len,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_status_list_read(cose, len, &s.tk, 1, &got, &err),
	    SCS_OK);
	for (i = 0; i < 10; i++)
		assert_int_equal(scs_status_get(&got, i),
		    scs_status_get(&sl, i));
	assert_int_equal(scs_status_get(&got, 7), SCS_STATUS_SUSPENDED);
	/* Another key cannot stand in for the signer. */
	{
		struct scs_status_list none;

		assert_int_equal(scs_status_list_read(cose, len, &other.tk, 1,
		                     &none, &err),
		    SCS_EINVAL);
		assert_string_equal(err.field, "status_list");
	}
	free(cose);
	/* Suspended; then revoked; valid; stale; the list predates it. */
	assert_int_equal(verify(code, &s.tk, 1, &got, 1, T0 + 10, &p),
	    SCS_ATT_SUSPENDED);
	scs_status_set(&got, 7, SCS_STATUS_REVOKED);
	assert_int_equal(verify(code, &s.tk, 1, &got, 1, T0 + 10, &p),
	    SCS_ATT_REVOKED);
	scs_status_set(&got, 7, SCS_STATUS_VALID);
	assert_int_equal(verify(code, &s.tk, 1, &got, 1, T0 + 10, &p),
	    SCS_ATT_VALID);
	assert_int_equal(verify(code, &s.tk, 1, &got, 1, T0 + 86401, &p),
	    SCS_ATT_STALE_STATUS);
	got.n = 5;
	assert_int_equal(verify(code, &s.tk, 1, &got, 1, T0 + 10, &p),
	    SCS_ATT_STALE_STATUS);
	got.n = 10;
	/* A list of another authority only: stale, as offline; the register,
	 * which carries its own authorities' lists, checks a partner's code
	 * without one: valid, its status unchecked. */
	{
		struct scs_status_list theirs = got;
		struct scs_verify_opts o = {&s.tk, 1, &theirs, 1, T0 + 10,
		    86400, 0};
		struct scs_verify_info info;
		char why[SCS_ERR_REASON_MAX];

		(void)snprintf(theirs.authority, sizeof(theirs.authority), "%s",
		    "USA");
		assert_int_equal(scs_attest_verify(code, strlen(code), &o, &p,
		                     &info, why),
		    SCS_ATT_STALE_STATUS);
		o.unlisted_unchecked = 1;
		assert_int_equal(scs_attest_verify(code, strlen(code), &o, &p,
		                     &info, why),
		    SCS_ATT_VALID);
		assert_int_equal(info.status_checked, 0);
	}
	scs_status_list_free(&got);
	free(sl.bits);
}

static void
test_key_lists(void **state)
{
	struct signer root, k1, k2;
	struct scs_key_list l, got;
	struct scs_err err;
	uint8_t buf[4096];
	size_t n;

	(void)state;
	signer(&root, 9, "JPN-SDS");
	signer(&k1, 1, "JPN-SDS");
	signer(&k2, 2, "JPN-SDS");
	memset(&l, 0, sizeof(l));
	(void)snprintf(l.country, sizeof(l.country), "%s", "JPN");
	(void)snprintf(l.authority, sizeof(l.authority), "%s", "JPN-SDS");
	l.issued = T0;
	memcpy(l.root, root.pk, 32);
	l.keys[0] = k1.tk;
	l.keys[1] = k2.tk;
	l.nkeys = 2;
	n = scs_key_list_sign(&l, root.sk, buf, sizeof(buf));
	assert_true(n > 0);
	assert_int_equal(scs_key_list_read(buf, n, &got, &err), SCS_OK);
	assert_int_equal(got.nkeys, 2);
	assert_memory_equal(got.keys[1].kid, k2.kid, SCS_ATTEST_KID);
	assert_memory_equal(got.keys[0].pub, k1.pk, 32);
	assert_string_equal(got.keys[0].authority, "JPN-SDS");
	assert_int_equal(got.keys[0].not_after, k1.tk.not_after);
	/* Signed by a key that is not the named root. */
	n = scs_key_list_sign(&l, k1.sk, buf, sizeof(buf));
	assert_int_equal(scs_key_list_read(buf, n, &got, &err), SCS_EINVAL);
	assert_string_equal(err.field, "key_list");
	/* A flipped bit anywhere is refused. */
	n = scs_key_list_sign(&l, root.sk, buf, sizeof(buf));
	buf[n / 2] ^= 0x40;
	assert_int_equal(scs_key_list_read(buf, n, &got, &err), SCS_EINVAL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ed25519_matches_rfc8032),
	    cmocka_unit_test(test_both_profiles_round_trip),
	    cmocka_unit_test(test_bad_claims_are_refused_by_field),
	    cmocka_unit_test(test_malformed_codes_say_why),
	    cmocka_unit_test(test_keys_signatures_and_times),
	    cmocka_unit_test(test_status_lists),
	    cmocka_unit_test(test_key_lists),
	};

	if (scs_crypto_init() != SCS_OK)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
