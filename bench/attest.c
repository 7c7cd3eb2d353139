/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.c - the speed and size targets of attestation codes (issue 13,
 * docs/attestation.md), single thread:
 *
 *   attest [STATUS_N [REVOKED_PERMILLE]]
 *
 *  - issue: scs_attest_encode of register-profile codes (claims to CBOR,
 *    Ed25519 signature, zlib, Base45), each with its own status index;
 *  - verify: scs_attest_verify of those codes against a trust of 8 keys
 *    and a status list of STATUS_N codes (default 1,000,000) with
 *    REVOKED_PERMILLE (default 10) of them revoked at random: Base45,
 *    inflate, CBOR, key lookup, Ed25519, status lookup;
 *  - the baseline, in the same run: Ed25519 verification alone
 *    (crypto_sign_verify_detached over the same signed bytes), the floor
 *    any verifier of an Ed25519 code pays;
 *  - the status list: its signed, compressed size for STATUS_N codes.
 * Each timed loop runs for ATTEST_SECONDS (default 2) and at least 3
 * passes; prints "RESULT ..." lines with the median pass.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "harness.h"
#pragma GCC diagnostic pop
#include "scs/attest.h"
#include "scs/crypto.h"
#include "scs/trust.h"

#define NCODES 1024
#define NKEYS  8

static double
seconds(void)
{
	const char *s = getenv("ATTEST_SECONDS");

	return s != NULL && atof(s) > 0 ? atof(s) : 2.0;
}

/* splitmix64 (Steele, Lea, Flood 2014): the revoked codes, fixed by the
 * seed. */
static uint64_t
next_random(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
claims(struct scs_attest_claims *c, uint64_t index, int64_t now)
{
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->country, sizeof(c->country), "JPN");
	(void)snprintf(c->authority, sizeof(c->authority), "JPN-SDS");
	c->iat = now;
	c->exp = now + 90 * 86400;
	(void)snprintf(c->level, sizeof(c->level), "TOKUTEI_HIMITSU");
	c->rank = 3;
	c->nequiv = 1;
	(void)snprintf(c->equiv[0].authority, sizeof(c->equiv[0].authority),
	    "USA");
	(void)snprintf(c->equiv[0].level, sizeof(c->equiv[0].level), "SECRET");
	(void)snprintf(c->partner, sizeof(c->partner), "USA");
	memcpy(c->pseudonym, &index, sizeof(index));
	c->status = index;
	c->profile = SCS_ATTEST_REGISTER;
	memcpy(c->salt, &index, sizeof(index));
	memset(c->idhash, 0x5a, sizeof(c->idhash));
}

int
main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	unsigned permille = argc > 2 ? (unsigned)atoi(argv[2]) : 10;
	struct scs_trust_key keys[NKEYS];
	uint8_t pk[NKEYS][32], sk[NKEYS][64], seed[32];
	static char codes[NCODES][SCS_ATTEST_TEXT_MAX];
	static struct scs_attest_parsed parsed[NCODES];
	struct scs_status_list sl;
	struct scs_verify_opts o;
	struct scs_verify_info info;
	struct scs_attest_claims c;
	struct scs_err err;
	char why[SCS_ERR_REASON_MAX];
	double passes[4096], t0, t1, budget = seconds();
	uint64_t state = 20261207, i, k, done, revoked = 0, valid;
	uint8_t *cose;
	size_t len, np, total_len = 0;
	int64_t now = 1796600000;

	if (scs_crypto_init() != SCS_OK || n == 0 || n > SCS_STATUS_MAXN)
		bh_die("usage: attest [STATUS_N [REVOKED_PERMILLE]]", NULL,
		    NULL);
	for (k = 0; k < NKEYS; k++) {
		memset(seed, (int)(k + 1), sizeof(seed));
		scs_crypto_keypair(seed, pk[k], sk[k]);
		memset(&keys[k], 0, sizeof(keys[k]));
		(void)snprintf(keys[k].country, 4, "JPN");
		(void)snprintf(keys[k].authority, 16, "JPN-SDS");
		scs_attest_kid(pk[k], keys[k].kid);
		memcpy(keys[k].pub, pk[k], 32);
		keys[k].not_before = now - 86400;
		keys[k].not_after = now + 86400;
	}

	/* issue */
	np = 0;
	done = 0;
	t0 = bh_now();
	do {
		double p0 = bh_now();

		for (i = 0; i < NCODES; i++) {
			claims(&c, (done + i) % n, now);
			if (scs_attest_encode(&c, sk[NKEYS - 1],
			        keys[NKEYS - 1].kid, codes[i], sizeof(codes[i]),
			        NULL, &err) != SCS_OK)
				bh_die("encode", err.field, err.reason);
		}
		done += NCODES;
		passes[np++] = (bh_now() - p0) / NCODES;
	} while ((bh_now() - t0 < budget || np < 3) && np < 4096);
	t1 = bh_now();
	for (i = 0; i < NCODES; i++)
		total_len += strlen(codes[i]);
	qsort(passes, np, sizeof(passes[0]), cmp_double);
	(void)printf("RESULT engine=attest-issue codes=%llu per_s=%.0f "
	             "median_us=%.2f code_chars=%.1f\n",
	    (unsigned long long)done, (double)done / (t1 - t0),
	    passes[np / 2] * 1e6, (double)total_len / NCODES);

	/* the status list: n codes, permille of them revoked at random */
	memset(&sl, 0, sizeof(sl));
	(void)snprintf(sl.authority, sizeof(sl.authority), "JPN-SDS");
	sl.issued = now;
	sl.n = n;
	sl.bits = bh_alloc((size_t)(n + 3) / 4);
	for (i = 0; i < n; i++)
		if (next_random(&state) % 1000 < permille) {
			scs_status_set(&sl, i, SCS_STATUS_REVOKED);
			revoked++;
		}
	t0 = bh_now();
	if (scs_status_list_sign(&sl, sk[0], keys[0].kid, &cose, &len, &err) !=
	    SCS_OK)
		bh_die("status list", err.field, err.reason);
	t1 = bh_now();
	(void)printf("RESULT engine=status-list codes=%llu revoked=%llu "
	             "bytes=%zu raw_bytes=%llu sign_ms=%.1f\n",
	    (unsigned long long)n, (unsigned long long)revoked, len,
	    (unsigned long long)((n + 3) / 4), (t1 - t0) * 1e3);
	{
		struct scs_status_list back;

		t0 = bh_now();
		if (scs_status_list_read(cose, len, keys, NKEYS, &back, &err) !=
		    SCS_OK)
			bh_die("status list read", err.field, err.reason);
		t1 = bh_now();
		(void)printf("RESULT engine=status-list-read codes=%llu "
		             "ms=%.1f\n",
		    (unsigned long long)back.n, (t1 - t0) * 1e3);
		scs_status_list_free(&back);
	}
	free(cose);

	/* verify, against 8 keys and the status list */
	memset(&o, 0, sizeof(o));
	o.keys = keys;
	o.nkeys = NKEYS;
	o.status = &sl;
	o.nstatus = 1;
	o.now = now + 60;
	o.max_age = 86400;
	np = 0;
	done = 0;
	valid = 0;
	t0 = bh_now();
	do {
		double p0 = bh_now();

		for (i = 0; i < NCODES; i++)
			if (scs_attest_verify(codes[i], strlen(codes[i]), &o,
			        &parsed[i], &info, why) == SCS_ATT_VALID)
				valid++;
		done += NCODES;
		passes[np++] = (bh_now() - p0) / NCODES;
	} while ((bh_now() - t0 < budget || np < 3) && np < 4096);
	t1 = bh_now();
	qsort(passes, np, sizeof(passes[0]), cmp_double);
	(void)printf("RESULT engine=attest-verify codes=%llu valid=%llu "
	             "per_s=%.0f median_us=%.2f\n",
	    (unsigned long long)done, (unsigned long long)valid,
	    (double)done / (t1 - t0), passes[np / 2] * 1e6);

	/* the floor: Ed25519 alone over the same signed bytes */
	np = 0;
	done = 0;
	t0 = bh_now();
	do {
		double p0 = bh_now();

		for (i = 0; i < NCODES; i++)
			if (scs_crypto_verify(keys[NKEYS - 1].pub,
			        parsed[i].tbs, parsed[i].ntbs,
			        parsed[i].sig) != 0)
				bh_die("ed25519 floor", "bad signature", NULL);
		done += NCODES;
		passes[np++] = (bh_now() - p0) / NCODES;
	} while ((bh_now() - t0 < budget || np < 3) && np < 4096);
	t1 = bh_now();
	qsort(passes, np, sizeof(passes[0]), cmp_double);
	(void)printf("RESULT engine=ed25519-verify codes=%llu per_s=%.0f "
	             "median_us=%.2f\n",
	    (unsigned long long)done, (double)done / (t1 - t0),
	    passes[np / 2] * 1e6);
	free(sl.bits);
	return 0;
}
