/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_attest.c - the reader of attestation codes and of the signed lists
 * a verifier is given (src/codec/attest.c, cose.c, trust.c), all of them
 * untrusted input that arrives from abroad.  The first byte picks the
 * door:
 *   0  the rest is a code's text (SC1:...), verified against a fixed key;
 *   1  the rest is a COSE_Sign1, compressed and written in Base45 here
 *      so that the fuzzer reaches the CBOR without having to make zlib;
 *   2  the rest is a signed status list;
 *   3  the rest is a signed key list.
 * Properties: nothing crashes or reads out of bounds; a code whose
 * claims read is canonical: its claims pass their check and encode to
 * the very payload read, and issuing those claims again gives a code that
 * reads back to the same claims; a status list that reads has its bits.
 */
#include <string.h>

#include "scs/attest.h"
#include "scs/base45.h"
#include "scs/crypto.h"
#include "scs/trust.h"

#include "fuzz.h"

static struct scs_trust_key key;
static uint8_t sk[64];

static void
setup(void)
{
	static int done;
	uint8_t seed[32];

	if (done)
		return;
	done = 1;
	(void)scs_crypto_init();
	memset(seed, 1, sizeof(seed));
	scs_crypto_keypair(seed, key.pub, sk);
	scs_attest_kid(key.pub, key.kid);
	(void)snprintf(key.authority, sizeof(key.authority), "JPN-SDS");
	(void)snprintf(key.country, sizeof(key.country), "JPN");
	key.not_before = 0;
	key.not_after = INT64_MAX / 2;
}

static void
code(const char *text, size_t n)
{
	static struct scs_attest_parsed p, again;
	struct scs_verify_opts o = {&key, 1, NULL, 0, 1780000000, 86400, 0};
	struct scs_verify_info info;
	struct scs_err err;
	char why[SCS_ERR_REASON_MAX], out[SCS_ATTEST_TEXT_MAX];
	enum scs_attest_reason r;

	r = scs_attest_verify(text, n, &o, &p, &info, why);
	FUZZ_CHECK(r < SCS_ATT_NREASONS);
	if (r == SCS_ATT_MALFORMED || r == SCS_ATT_WRONG_ALG) {
		FUZZ_CHECK(why[0] != '\0');
		return;
	}
	/* The claims read: they are valid and issue again to themselves. */
	FUZZ_CHECK(scs_attest_claims_check(&p.claims, &err) == SCS_OK);
	FUZZ_CHECK(scs_attest_encode(&p.claims, sk, key.kid, out, sizeof(out),
	               NULL, &err) == SCS_OK);
	FUZZ_CHECK(
	    scs_attest_parse(out, strlen(out), &again, why) == SCS_ATT_VALID);
	FUZZ_CHECK(memcmp(&again.claims, &p.claims, sizeof(p.claims)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[SCS_ATTEST_TEXT_MAX + 64];
	struct scs_status_list sl;
	struct scs_key_list kl;
	struct scs_err err;

	setup();
	if (size < 1)
		return 0;
	switch (data[0] & 3) {
	case 0:
		if (size - 1 < sizeof(text)) {
			memcpy(text, data + 1, size - 1);
			text[size - 1] = '\0';
			code(text, size - 1);
		}
		break;
	case 1: {
		uint8_t zip[SCS_ATTEST_RAW_MAX * 2];
		size_t nzip, len;

		if (size - 1 > SCS_ATTEST_RAW_MAX)
			break;
		nzip = scs_attest_deflate(data + 1, size - 1, zip, sizeof(zip));
		FUZZ_CHECK(nzip > 0);
		memcpy(text, "SC1:", 4);
		if (scs_base45_encode(zip, nzip, text + 4, sizeof(text) - 4,
		        &len, &err) == SCS_OK)
			code(text, 4 + len);
		break;
	}
	case 2:
		if (scs_status_list_read(data + 1, size - 1, &key, 1, &sl,
		        &err) == SCS_OK) {
			FUZZ_CHECK(sl.n == 0 || sl.bits != NULL);
			if (sl.n > 0)
				(void)scs_status_get(&sl, sl.n - 1);
			scs_status_list_free(&sl);
		} else {
			FUZZ_CHECK(err.reason[0] != '\0');
		}
		break;
	default:
		if (scs_key_list_read(data + 1, size - 1, &kl, &err) == SCS_OK)
			FUZZ_CHECK(kl.nkeys <= SCS_KEYLIST_MAX);
		else
			FUZZ_CHECK(err.reason[0] != '\0');
		break;
	}
	return 0;
}
