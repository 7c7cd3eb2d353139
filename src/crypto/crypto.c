/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto.c - sealing and opening fields, hashing, signatures, passwords,
 * tokens and secure memory over libsodium.  Verify-or-fail: an open that
 * does not authenticate returns nothing at all.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include <jansson.h>
#include <malloc.h>
#include <sodium.h>

#include "scs/crypto.h"
#include "crypto_int.h"

#define NONCE_LEN crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define AD_MAX    256

/* Argon2id cost, read once at start.  SCS_PWHASH_COST=min exists for
 * test suites only: the cost is stored in each hash, so a register created
 * with it keeps weak hashes. */
static unsigned long long pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

/* jansson's free: every buffer wiped first.  Request bodies, import
 * lines and the subject's export carry sealed fields in plaintext
 * (relatives, answers, findings) through jansson's strings, objects and
 * dumps; with this hook none of them is left in freed memory. */
static void
json_free_wiped(void *p)
{
	if (p == NULL)
		return;
	sodium_memzero(p, malloc_usable_size(p));
	free(p);
}

int
scs_crypto_init(void)
{
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): called before any thread */
	const char *c = getenv("SCS_PWHASH_COST");

	if (c != NULL && strcmp(c, "min") == 0) {
		pw_ops = crypto_pwhash_OPSLIMIT_MIN;
		pw_mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	json_set_alloc_funcs(malloc, json_free_wiped);
	return sodium_init() < 0 ? SCS_ECRYPTO : SCS_OK;
}

void
scs_crypto_backup_cost(unsigned long long *out_ops, size_t *out_mem)
{
	/* A backup's passphrase guards a whole register offline: the
	 * moderate cost (256 MiB), or the tests' minimum. */
	if (pw_ops == crypto_pwhash_OPSLIMIT_MIN) {
		*out_ops = crypto_pwhash_OPSLIMIT_MIN;
		*out_mem = crypto_pwhash_MEMLIMIT_MIN;
	} else {
		*out_ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*out_mem = crypto_pwhash_MEMLIMIT_MODERATE;
	}
}

static size_t
make_ad(char *buf, const char *ad)
{
	int n = snprintf(buf, AD_MAX, "scs/v1/%s", ad);

	return n < 0 || n >= AD_MAX ? 0 : (size_t)n;
}

/* Format 2's: the version byte, then "scs/v2/" + @ad. */
static size_t
make_ad2(uint8_t *buf, const char *ad)
{
	int n = snprintf((char *)buf + 1, AD_MAX, "scs/v2/%s", ad);

	buf[0] = SCS_SEAL_PERSON;
	return n < 0 || n >= AD_MAX ? 0 : 1 + (size_t)n;
}

int
scs_crypto_seal(struct scs_keys *k, const char *ad, const void *pt, size_t len,
    struct scs_blob *out, struct scs_err *err)
{
	uint32_t id = 0;
	const uint8_t *key = NULL;
	char adbuf[AD_MAX];
	size_t adlen = make_ad(adbuf, ad);
	uint8_t *ct;
	unsigned long long clen;
	int rc;

	if (adlen == 0)
		return scs_err_set(err, SCS_ECRYPTO, "", "cannot seal");
	if (len > SIZE_MAX - SCS_SEAL_OVERHEAD)
		return scs_err_set(err, SCS_ETOOBIG, "", "value too large");
	/* The key current on disk now, not one remembered: another process
	 * may have rotated (see scs_keys_sealing). */
	if ((rc = scs_keys_sealing(k, &id, &key, err)) != SCS_OK)
		return rc;
	if ((ct = malloc(len + SCS_SEAL_OVERHEAD)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	ct[0] = SCS_SEAL_VERSION;
	ct[1] = (uint8_t)(id >> 24);
	ct[2] = (uint8_t)(id >> 16);
	ct[3] = (uint8_t)(id >> 8);
	ct[4] = (uint8_t)id;
	randombytes_buf(ct + 5, NONCE_LEN);
	/* The header is authenticated too: AD = header || context. */
	{
		uint8_t full[5 + AD_MAX];

		memcpy(full, ct, 5);
		memcpy(full + 5, adbuf, adlen);
		(void)crypto_aead_xchacha20poly1305_ietf_encrypt(ct + 5 +
		        NONCE_LEN,
		    &clen, pt, len, full, 5 + adlen, NULL, ct + 5, key);
	}
	scs_blob_free(out);
	out->p = ct;
	out->len = 5 + NONCE_LEN + (size_t)clen;
	return SCS_OK;
}

int
scs_crypto_sealed_format(const uint8_t *ct, size_t len)
{
	if (ct == NULL || len == 0)
		return 0;
	if (ct[0] == SCS_SEAL_VERSION && len >= SCS_SEAL_OVERHEAD)
		return SCS_SEAL_VERSION;
	if (ct[0] == SCS_SEAL_PERSON && len >= SCS_SEAL2_OVERHEAD)
		return SCS_SEAL_PERSON;
	return 0;
}

int
scs_crypto_seal_person(const uint8_t *pkey, const char *ad, const void *pt,
    size_t len, struct scs_blob *out, struct scs_err *err)
{
	uint8_t full[1 + AD_MAX];
	size_t adlen = make_ad2(full, ad);
	unsigned long long clen;
	uint8_t *ct;

	if (adlen == 0)
		return scs_err_set(err, SCS_ECRYPTO, "", "cannot seal");
	if (len > SIZE_MAX - SCS_SEAL2_OVERHEAD)
		return scs_err_set(err, SCS_ETOOBIG, "", "value too large");
	if ((ct = malloc(len + SCS_SEAL2_OVERHEAD)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	ct[0] = SCS_SEAL_PERSON;
	randombytes_buf(ct + 1, NONCE_LEN);
	(void)crypto_aead_xchacha20poly1305_ietf_encrypt(ct + 1 + NONCE_LEN,
	    &clen, pt, len, full, adlen, NULL, ct + 1, pkey);
	scs_blob_free(out);
	out->p = ct;
	out->len = 1 + NONCE_LEN + (size_t)clen;
	return SCS_OK;
}

int
scs_crypto_open_person(const uint8_t *pkey, const char *ad, const uint8_t *ct,
    size_t len, char **out_pt, size_t *out_len, struct scs_err *err)
{
	uint8_t full[1 + AD_MAX];
	size_t adlen = make_ad2(full, ad), ptlen;
	unsigned long long got;
	char *pt;

	*out_pt = NULL;
	*out_len = 0;
	if (scs_crypto_sealed_format(ct, len) != SCS_SEAL_PERSON || adlen == 0)
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed value is malformed");
	ptlen = len - SCS_SEAL2_OVERHEAD;
	if ((pt = sodium_malloc(ptlen + 1)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((uint8_t *)pt, &got,
	        NULL, ct + 1 + NONCE_LEN, len - 1 - NONCE_LEN, full, adlen,
	        ct + 1, pkey) != 0) {
		sodium_free(pt);
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed value fails authentication");
	}
	pt[got] = '\0';
	*out_pt = pt;
	*out_len = (size_t)got;
	return SCS_OK;
}

/* The associated data of person @person's wrapped key. */
static int
pkey_ad(char *buf, size_t size, const char *person, struct scs_err *err)
{
	int n = snprintf(buf, size, "person-key/%s", person);

	if (n < 0 || (size_t)n >= size)
		return scs_err_set(err, SCS_EINVAL, "person", "id too long");
	return SCS_OK;
}

int
scs_crypto_pkey_wrap(struct scs_keys *k, const char *person,
    const uint8_t *pkey, struct scs_blob *out, struct scs_err *err)
{
	char ad[128];
	int rc;

	if ((rc = pkey_ad(ad, sizeof(ad), person, err)) != SCS_OK)
		return rc;
	return scs_crypto_seal(k, ad, pkey, SCS_PKEY_LEN, out, err);
}

int
scs_crypto_pkey_new(struct scs_keys *k, const char *person, uint8_t **out_key,
    struct scs_blob *out_wrapped, struct scs_err *err)
{
	uint8_t *key;
	int rc;

	*out_key = NULL;
	if ((key = sodium_malloc(SCS_PKEY_LEN)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	if ((rc = scs_crypto_pkey_wrap(k, person, key, out_wrapped, err)) !=
	    SCS_OK) {
		sodium_free(key); /* wipes it */
		return rc;
	}
	*out_key = key;
	return SCS_OK;
}

int
scs_crypto_pkey_unwrap(struct scs_keys *k, const char *person,
    const uint8_t *wrapped, size_t len, uint8_t **out_key, struct scs_err *err)
{
	char ad[128], *pt = NULL;
	size_t n = 0;
	int rc;

	*out_key = NULL;
	if ((rc = pkey_ad(ad, sizeof(ad), person, err)) != SCS_OK ||
	    (rc = scs_crypto_open(k, ad, wrapped, len, &pt, &n, err)) != SCS_OK)
		return rc;
	if (n != SCS_PKEY_LEN) {
		sodium_free(pt);
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "the wrapped key of %s is malformed", person);
	}
	*out_key = (uint8_t *)pt; /* secure memory, SCS_PKEY_LEN + 1 bytes */
	return SCS_OK;
}

uint32_t
scs_crypto_sealed_key(const uint8_t *ct, size_t len)
{
	if (ct == NULL || len < SCS_SEAL_OVERHEAD || ct[0] != SCS_SEAL_VERSION)
		return 0;
	return (uint32_t)ct[1] << 24 | (uint32_t)ct[2] << 16 |
	    (uint32_t)ct[3] << 8 | ct[4];
}

int
scs_crypto_open(struct scs_keys *k, const char *ad, const uint8_t *ct,
    size_t len, char **out_pt, size_t *out_len, struct scs_err *err)
{
	uint32_t id = scs_crypto_sealed_key(ct, len);
	const uint8_t *key = NULL;
	char adbuf[AD_MAX];
	uint8_t full[5 + AD_MAX];
	size_t adlen = make_ad(adbuf, ad), ptlen;
	unsigned long long got;
	char *pt;
	int rc;

	*out_pt = NULL;
	*out_len = 0;
	if (scs_crypto_sealed_format(ct, len) == SCS_SEAL_PERSON)
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed under a person's data key, not a register key");
	if (id == 0 || adlen == 0)
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed value is malformed");
	/* A key this set does not hold is looked for in the directory: a
	 * rotation in another process may have re-sealed the value. */
	rc = scs_keys_dek(k, id, &key, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed under key %u, which is not in the key directory",
		    id);
	if (rc != SCS_OK)
		return rc;
	ptlen = len - SCS_SEAL_OVERHEAD;
	if ((pt = sodium_malloc(ptlen + 1)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	memcpy(full, ct, 5);
	memcpy(full + 5, adbuf, adlen);
	if (crypto_aead_xchacha20poly1305_ietf_decrypt((uint8_t *)pt, &got,
	        NULL, ct + 5 + NONCE_LEN, len - 5 - NONCE_LEN, full, 5 + adlen,
	        ct + 5, key) != 0) {
		sodium_free(pt);
		return scs_err_set(err, SCS_ECRYPTO, "",
		    "sealed value fails authentication");
	}
	pt[got] = '\0';
	*out_pt = pt;
	*out_len = (size_t)got;
	return SCS_OK;
}

int
scs_crypto_verify(const uint8_t pub[SCS_PUB_LEN], const void *msg, size_t len,
    const uint8_t sig[SCS_SIG_LEN])
{
	return crypto_sign_verify_detached(sig, msg, len, pub) == 0 ? 0 : -1;
}

void
scs_crypto_sha256v(uint8_t out[32], const struct scs_hash_part *parts,
    size_t nparts)
{
	crypto_hash_sha256_state st;
	size_t i;

	(void)crypto_hash_sha256_init(&st);
	for (i = 0; i < nparts; i++)
		(void)crypto_hash_sha256_update(&st, parts[i].p, parts[i].len);
	(void)crypto_hash_sha256_final(&st, out);
}

void
scs_crypto_sha256(uint8_t out[32], const void *p, size_t len)
{
	(void)crypto_hash_sha256(out, p, len);
}

int
scs_crypto_pwhash(const char *pw, char out[128], struct scs_err *err)
{
	if (strlen(pw) < 12)
		return scs_err_set(err, SCS_EINVAL, "password",
		    "must be at least 12 characters");
	if (strlen(pw) > 1024)
		return scs_err_set(err, SCS_EINVAL, "password",
		    "must be at most 1024 characters");
	if (crypto_pwhash_str_alg(out, pw, strlen(pw), pw_ops, pw_mem,
	        crypto_pwhash_ALG_ARGON2ID13) != 0)
		return scs_err_set(err, SCS_ENOMEM, "password",
		    "not enough memory to hash");
	return SCS_OK;
}

int
scs_crypto_pwverify(const char *hash, const char *pw)
{
	/* The hash an unknown name is checked against, made once: sign-ins
	 * run on several threads at once (outside the server's store lock),
	 * so it is made under a lock of its own. */
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static char dummy[crypto_pwhash_STRBYTES];
	char mine[crypto_pwhash_STRBYTES];

	if (hash == NULL || hash[0] == '\0') {
		(void)pthread_mutex_lock(&mu);
		if (dummy[0] == '\0' &&
		    crypto_pwhash_str_alg(dummy, "not a password", 14, pw_ops,
		        pw_mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
			dummy[0] = '\0';
		memcpy(mine, dummy, sizeof(mine));
		(void)pthread_mutex_unlock(&mu);
		if (mine[0] == '\0')
			return -1;
		if (crypto_pwhash_str_verify(mine, pw, strlen(pw)) == 0)
			return -1; /* cannot happen; keeps the work */
		return -1;
	}
	/* libsodium answers -1 for a mismatch and for a failure to check
	 * alike; a first allocation it could not make leaves ENOMEM in
	 * errno.  That is not a wrong password: it must not count towards a
	 * lockout.  (A later one, inside the hashing, it reports as a
	 * mismatch: docs/design.md, known issues.) */
	errno = 0;
	if (crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0)
		return 0;
	return errno == ENOMEM ? -2 : -1;
}

void
scs_crypto_random(void *p, size_t len)
{
	randombytes_buf(p, len);
}

uint64_t
scs_crypto_shorthash(const uint8_t key[16], const void *p, size_t len)
{
	uint8_t h[crypto_shorthash_BYTES];
	uint64_t v;

	(void)crypto_shorthash(h, p, len, key);
	memcpy(&v, h, sizeof(v));
	return v;
}

void
scs_crypto_token(char out[SCS_TOKEN_LEN + 1])
{
	uint8_t raw[32];

	randombytes_buf(raw, sizeof(raw));
	(void)sodium_bin2base64(out, SCS_TOKEN_LEN + 1, raw, sizeof(raw),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void
scs_crypto_token_hash(const char *token, char out[65])
{
	uint8_t h[32];
	static const char digits[] = "0123456789abcdef";
	size_t i;

	(void)crypto_hash_sha256(h, (const uint8_t *)token, strlen(token));
	for (i = 0; i < 32; i++) {
		out[2 * i] = digits[h[i] >> 4];
		out[2 * i + 1] = digits[h[i] & 15];
	}
	out[64] = '\0';
}

/* Crockford's base32: no I, L, O or U, so nothing reads as another. */
static const char code_digits[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
#define CODE_CHARS 32 /* 160 bits, 5 per character */

void
scs_crypto_code(char out[SCS_CODE_LEN + 1])
{
	uint8_t raw[20];
	size_t i, o = 0;
	unsigned bits = 0, acc = 0;

	randombytes_buf(raw, sizeof(raw));
	for (i = 0; i < sizeof(raw); i++) {
		acc = ((acc << 8) | raw[i]) & 0xfff; /* at most 12 bits */
		bits += 8;
		while (bits >= 5) {
			bits -= 5;
			if (o % 5 == 4)
				out[o++] = '-';
			out[o++] = code_digits[(acc >> bits) & 31];
		}
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof(raw));
}

int
scs_crypto_code_hash(const char *code, char out[65])
{
	char canon[CODE_CHARS + 1];
	size_t n = 0;
	int c, rc = 0;

	out[0] = '\0';
	for (; *code != '\0' && rc == 0; code++) {
		c = (unsigned char)*code;
		if (c == '-' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (c == '\0' || strchr(code_digits, c) == NULL ||
		    n == CODE_CHARS)
			rc = -1;
		else
			canon[n++] = (char)c;
	}
	if (rc == 0 && n == CODE_CHARS) {
		canon[n] = '\0';
		scs_crypto_token_hash(canon, out);
	} else {
		rc = -1;
	}
	sodium_memzero(canon, sizeof(canon));
	return rc;
}

int
scs_crypto_code_verify(const char *stored, const char *code)
{
	char h[65];
	int rc = -1;

	if (scs_crypto_code_hash(code, h) == 0 && strlen(stored) == 64)
		rc = scs_crypto_memcmp(h, stored, 64) == 0 ? 0 : -1;
	sodium_memzero(h, sizeof(h));
	return rc;
}

void
scs_crypto_csrf(const char *token, char out[65])
{
	static const char domain[] = "scs/v1/csrf";
	struct scs_hash_part parts[2];
	uint8_t h[32];

	parts[0].p = domain;
	parts[0].len = sizeof(domain); /* the NUL separates the token */
	parts[1].p = token;
	parts[1].len = strlen(token);
	scs_crypto_sha256v(h, parts, 2);
	scs_hex(out, h, 32);
	sodium_memzero(h, sizeof(h));
}

int
scs_crypto_csrf_check(const char *token, const char *given)
{
	char want[65];
	int rc = -1;

	if (token == NULL || given == NULL || strlen(given) != 64)
		return -1;
	scs_crypto_csrf(token, want);
	rc = sodium_memcmp(want, given, 64) == 0 ? 0 : -1;
	sodium_memzero(want, sizeof(want));
	return rc;
}

void *
scs_crypto_secalloc(size_t len)
{
	void *p = sodium_malloc(len);

	if (p != NULL)
		sodium_memzero(p, len);
	return p;
}

void
scs_crypto_secfree(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void
scs_crypto_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}

int
scs_crypto_memcmp(const void *a, const void *b, size_t len)
{
	return sodium_memcmp(a, b, len);
}

int
scs_crypto_b64(const uint8_t *p, size_t n, char *out, size_t cap)
{
	if (cap < sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL))
		return -1;
	(void)sodium_bin2base64(out, cap, p, n, sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

int
scs_crypto_unb64(const char *s, uint8_t *out, size_t cap, size_t *len)
{
	const char *end = NULL;

	if (sodium_base642bin(out, cap, s, strlen(s), NULL, len, &end,
	        sodium_base64_VARIANT_ORIGINAL) != 0 ||
	    end == NULL || *end != '\0')
		return -1;
	return 0;
}
