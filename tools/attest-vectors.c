/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest-vectors.c - writes the attestation test vectors of
 * tests/vectors/ (docs/attestation.md, "Test vectors"): one JSON file per
 * case with every stage (claims, CBOR, COSE_Sign1, compressed, Base45, the
 * code), the trust and status list a verifier is given, the time of the
 * check, and the result it must reach.  Keys come from fixed seeds and
 * Ed25519 is deterministic, so a run writes the same files again (zlib's
 * output could differ in another zlib version; the checks inflate rather
 * than compare the compressed bytes).
 *
 *   attest-vectors DIR
 *
 * Run by `make vectors`; the files are committed, and the unit test
 * tests/unit/codec/test_vectors.c and the independent decoder
 * tests/attest/decode.mjs check them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <zlib.h>

#include "scs/attest.h"
#include "scs/base45.h"
#include "scs/crypto.h"
#include "scs/time.h"
#include "scs/trust.h"
#include "scs/util.h"

#define T_ISSUE 1780000000LL /* 2026-05-28T20:26:40Z */
#define DAY     86400

static const char *dir;

struct key {
	uint8_t pk[32], sk[64], kid[SCS_ATTEST_KID];
};

static void
die(const char *what, const char *why)
{
	(void)fprintf(stderr, "attest-vectors: %s: %s\n", what, why);
	exit(1);
}

static void
key(struct key *k, int seed)
{
	uint8_t s[32];

	memset(s, seed, sizeof(s));
	scs_crypto_keypair(s, k->pk, k->sk);
	scs_attest_kid(k->pk, k->kid);
}

static json_t *
hex(const uint8_t *p, size_t n)
{
	char *h = malloc(2 * n + 1);
	json_t *j;

	if (h == NULL)
		die("hex", "out of memory");
	scs_hex(h, p, n);
	j = json_string(h);
	free(h);
	return j;
}

static json_t *
instant(int64_t t)
{
	char s[SCS_TIME_STRMAX];

	(void)scs_time_format(t, s);
	return json_string(s);
}

static json_t *
trust_json(const struct key *k, const uint8_t *kid_override,
    const char *authority)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "authority",
	    authority, "country", "JPN", "kid",
	    hex(kid_override != NULL ? kid_override : k->kid, SCS_ATTEST_KID),
	    "public_key", hex(k->pk, 32), "not_before",
	    instant(T_ISSUE - 30 * DAY), "not_after",
	    instant(T_ISSUE + 150 * DAY));
}

static void
claims(struct scs_attest_claims *c, enum scs_attest_profile prof)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->country, sizeof(c->country), "JPN");
	(void)snprintf(c->authority, sizeof(c->authority), "JPN-SDS");
	c->iat = T_ISSUE;
	c->exp = T_ISSUE + 90 * DAY;
	(void)snprintf(c->level, sizeof(c->level), "TOKUTEI_HIMITSU");
	c->rank = 3;
	c->nequiv = 1;
	(void)snprintf(c->equiv[0].authority, sizeof(c->equiv[0].authority),
	    "USA");
	(void)snprintf(c->equiv[0].level, sizeof(c->equiv[0].level), "SECRET");
	(void)snprintf(c->partner, sizeof(c->partner), "USA");
	memset(c->pseudonym, 0x5c, sizeof(c->pseudonym));
	c->status = 3;
	c->profile = prof;
	if (prof == SCS_ATTEST_GATE) {
		(void)snprintf(c->name, sizeof(c->name), "YAMADA TARO");
		(void)snprintf(c->birth, sizeof(c->birth), "1980-04-01");
	} else {
		memset(c->salt, 0x11, sizeof(c->salt));
		memset(c->idhash, 0x22, sizeof(c->idhash));
	}
}

static json_t *
claims_json(const struct scs_attest_claims *c)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:s, s:i, s:[{s:s, s:s}], "
	                      "s:s, s:o, s:I, s:s}",
	    "country", c->country, "authority", c->authority, "issued",
	    instant(c->iat), "expires", instant(c->exp), "level", c->level,
	    "rank", (int)c->rank, "equivalents", "authority",
	    c->equiv[0].authority, "level", c->equiv[0].level, "partner",
	    c->partner, "pseudonym", hex(c->pseudonym, SCS_ATTEST_PSEUDO),
	    "status_index", (json_int_t)c->status, "profile",
	    c->profile == SCS_ATTEST_GATE ? "gate" : "register");

	if (c->profile == SCS_ATTEST_GATE) {
		(void)json_object_set_new(o, "name", json_string(c->name));
		(void)json_object_set_new(o, "birth_date",
		    json_string(c->birth));
	} else {
		(void)json_object_set_new(o, "identity_salt",
		    hex(c->salt, SCS_ATTEST_SALT));
		(void)json_object_set_new(o, "identity_hash",
		    hex(c->idhash, SCS_ATTEST_IDHASH));
	}
	return o;
}

/* A status list of 8 codes with @st at index 3, signed by @k. */
static json_t *
status_json(const struct key *k, enum scs_code_status st, int64_t issued)
{
	struct scs_status_list sl;
	struct scs_err err;
	uint8_t bits[2] = {0, 0}, *cose;
	size_t len;
	json_t *j;

	memset(&sl, 0, sizeof(sl));
	(void)snprintf(sl.authority, sizeof(sl.authority), "JPN-SDS");
	sl.issued = issued;
	sl.n = 8;
	sl.bits = bits;
	scs_status_set(&sl, 3, st);
	scs_status_set(&sl, 6, SCS_STATUS_REVOKED); /* another code */
	if (scs_status_list_sign(&sl, k->sk, k->kid, &cose, &len, &err) !=
	    SCS_OK)
		die("status list", err.reason);
	j = json_pack("{s:o, s:o, s:I}", "cose", hex(cose, len), "issued",
	    instant(issued), "codes", (json_int_t)sl.n);
	free(cose);
	return j;
}

/* Write case @name: @o gets the stages of @st and @code, then the
 * file. */
static void
write_case(const char *name, json_t *o, const struct scs_attest_stages *st,
    const char *code)
{
	char path[4096];

	if (st != NULL) {
		(void)json_object_set_new(o, "cbor",
		    hex(st->payload, st->npayload));
		(void)json_object_set_new(o, "cose", hex(st->cose, st->ncose));
		(void)json_object_set_new(o, "compressed",
		    hex(st->zip, st->nzip));
	}
	(void)json_object_set_new(o, "code", json_string(code));
	(void)json_object_set_new(o, "name", json_string(name));
	(void)snprintf(path, sizeof(path), "%s/%s.json", dir, name);
	if (json_dump_file(o, path, JSON_INDENT(2) | JSON_SORT_KEYS) != 0)
		die(path, "cannot be written");
	json_decref(o);
}

static json_t *
base(const char *desc, int64_t now, const char *result, json_t *trust)
{
	return json_pack("{s:s, s:o, s:s, s:o, s:I}", "description", desc,
	    "now", instant(now), "result", result, "trust", trust, "max_age",
	    (json_int_t)DAY);
}

/* Base45 of zlib of @raw (any bytes inside), prefixed. */
static void
wrap(const uint8_t *raw, size_t n, char *out, size_t cap,
    struct scs_attest_stages *st)
{
	size_t len;
	struct scs_err err;

	st->ncose = n < sizeof(st->cose) ? n : 0;
	if (st->ncose)
		memcpy(st->cose, raw, n);
	st->nzip = scs_attest_deflate(raw, n, st->zip, sizeof(st->zip));
	if (st->nzip == 0)
		die("wrap", "deflate");
	(void)snprintf(out, cap, "SC1:");
	if (scs_base45_encode(st->zip, st->nzip, out + 4, cap - 4, &len,
	        &err) != SCS_OK)
		die("wrap", err.reason);
}

static void
attestations(void)
{
	struct key k, other, root;
	struct scs_attest_claims c;
	struct scs_attest_stages st;
	struct scs_err err;
	char code[SCS_ATTEST_TEXT_MAX], bad[8192];
	json_t *o;
	size_t n;

	key(&k, 1);
	key(&other, 2);
	key(&root, 9);
	(void)root;
	/* valid, both profiles */
	claims(&c, SCS_ATTEST_REGISTER);
	if (scs_attest_encode(&c, k.sk, k.kid, code, sizeof(code), &st, &err) !=
	    SCS_OK)
		die("encode", err.reason);
	o = base("A register-profile code, checked an hour after issue with "
	         "its key trusted and a fresh status list.",
	    T_ISSUE + 3600, "valid",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "claims", claims_json(&c));
	(void)json_object_set_new(o, "status_list",
	    status_json(&k, SCS_STATUS_VALID, T_ISSUE + 1800));
	write_case("valid-register", o, &st, code);

	/* key id collision: an impostor key claims the same id, listed
	 * first; a verifier tries every key with the id */
	o = base("Two trusted keys share the code's key id; the first does "
	         "not verify, the second does: valid.",
	    T_ISSUE + 3600, "valid",
	    json_pack("[o, o]", trust_json(&other, k.kid, "JPN-SDS"),
	        trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "claims", claims_json(&c));
	write_case("key-id-collision", o, &st, code);

	o = base("The code's key id is not among the trusted keys.",
	    T_ISSUE + 3600, "unknown_key",
	    json_pack("[o]", trust_json(&other, NULL, "JPN-SDS")));
	write_case("unknown-key", o, &st, code);

	o = base("Checked the second its validity ends.", c.exp, "expired",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("expired", o, &st, code);

	o = base("Checked 301 seconds before issue (300 are forgiven).",
	    T_ISSUE - 301, "not_yet_valid",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("not-yet-valid", o, &st, code);

	o = base("The status list marks the code (index 3) revoked.",
	    T_ISSUE + 3600, "revoked",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "status_list",
	    status_json(&k, SCS_STATUS_REVOKED, T_ISSUE + 1800));
	write_case("revoked", o, &st, code);

	o = base("The status list marks the code (index 3) suspended.",
	    T_ISSUE + 3600, "suspended",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "status_list",
	    status_json(&k, SCS_STATUS_SUSPENDED, T_ISSUE + 1800));
	write_case("suspended", o, &st, code);

	o = base("The status list is two days old; one day is allowed.",
	    T_ISSUE + 3 * DAY, "stale_status_list",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "status_list",
	    status_json(&k, SCS_STATUS_VALID, T_ISSUE + DAY));
	write_case("stale-status-list", o, &st, code);

	/* truncated: the last 30 characters gone, Base45 kept whole */
	(void)snprintf(bad, sizeof(bad), "%s", code);
	n = strlen(bad) - 30;
	n -= (n - 4) % 3 == 1 ? 1 : 0;
	bad[n] = '\0';
	o = base("The code with its last characters cut off: the zlib stream "
	         "ends early.",
	    T_ISSUE + 3600, "malformed",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("truncated", o, NULL, bad);

	/* bad signature: signed by another key under this key's id */
	if (scs_attest_encode(&c, other.sk, k.kid, bad, sizeof(bad), &st,
	        &err) != SCS_OK)
		die("encode", err.reason);
	o = base("The claims signed by another key under the trusted key's "
	         "id.",
	    T_ISSUE + 3600, "bad_signature",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("bad-signature", o, &st, bad);

	/* wrong algorithm: ES256 (-7) in the protected header */
	n = scs_attest_claims_cbor(&c, st.payload, sizeof(st.payload));
	if (scs_attest_seal(st.payload, n, -7, k.sk, k.kid, bad, sizeof(bad),
	        &st, &err) != SCS_OK)
		die("seal", err.reason);
	o = base("The protected header names ES256 (-7); only EdDSA (-8) is "
	         "accepted.",
	    T_ISSUE + 3600, "wrong_algorithm",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("wrong-algorithm", o, &st, bad);

	/* non-canonical CBOR: the rank written in two bytes, signed */
	{
		uint8_t raw[SCS_ATTEST_RAW_MAX], nc[SCS_ATTEST_RAW_MAX];
		size_t i, m = 0;

		n = scs_attest_claims_cbor(&c, raw, sizeof(raw));
		for (i = 0; i < n; i++) {
			nc[m++] = raw[i];
			if (i > 0 && raw[i - 1] == 0x07 && raw[i] == 0x03) {
				nc[m - 1] = 0x18;
				nc[m++] = 0x03;
			}
		}
		if (scs_attest_seal(nc, m, SCS_COSE_EDDSA, k.sk, k.kid, bad,
		        sizeof(bad), &st, &err) != SCS_OK)
			die("seal", err.reason);
	}
	o = base("The claims with the rank 3 written as 0x18 0x03 (not the "
	         "shortest form), correctly signed: refused as not canonical.",
	    T_ISSUE + 3600, "malformed",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	write_case("non-canonical-cbor", o, &st, bad);

	/* a compression bomb: 64 KiB of zeros */
	{
		uint8_t *zeros = calloc(65536, 1);

		if (zeros == NULL)
			die("bomb", "out of memory");
		wrap(zeros, 65536, bad, sizeof(bad), &st);
		free(zeros);
		st.ncose = 0;
		st.npayload = 0;
	}
	o = base("A short code whose zlib stream inflates to 64 KiB of zeros: "
	         "refused past 1 KiB, without inflating it all.",
	    T_ISSUE + 3600, "malformed",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "compressed", hex(st.zip, st.nzip));
	write_case("compression-bomb", o, NULL, bad);

	/* valid, gate profile */
	claims(&c, SCS_ATTEST_GATE);
	if (scs_attest_encode(&c, k.sk, k.kid, code, sizeof(code), &st, &err) !=
	    SCS_OK)
		die("encode", err.reason);
	o = base("A gate-profile code (the passport name and birth date), "
	         "checked without a status list.",
	    T_ISSUE + 3600, "valid",
	    json_pack("[o]", trust_json(&k, NULL, "JPN-SDS")));
	(void)json_object_set_new(o, "claims", claims_json(&c));
	write_case("valid-gate", o, &st, code);
}

int
main(int argc, char **argv)
{
	if (argc != 2)
		die("usage", "attest-vectors DIR");
	dir = argv[1];
	if (scs_crypto_init() != SCS_OK)
		die("libsodium", "cannot start");
	attestations();
	return 0;
}
