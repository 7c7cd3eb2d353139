/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_sealed.c - sealed-value envelopes (the byte format in crypto.h), as
 * the store hands them back: a database file is outside the keys' trust,
 * so whatever it holds must be refused unless it authenticates.  Once per
 * process the driver creates a key directory in a fresh temporary
 * directory (data keys 1 and 2, 2 current) and removes it at exit.
 *
 * Each input is opened as the relatives of person x, under the register
 * keys (format 1) and under x's own data key (format 2): it must fail with
 * SCS_ECRYPTO and return nothing (nobody outside this process knows the
 * keys, so success would be a forgery), and scs_crypto_sealed_key must
 * read the header exactly as the format says.  The input is then sealed
 * as a plaintext in both formats: it must open to the same bytes under
 * the same object path, and fail under another path or with any one bit
 * flipped.
 */
#include <dirent.h>
#include <string.h>
#include <unistd.h>

#include "scs/crypto.h"

#include "fuzz.h"

#define AD       "person/x/relatives"
#define OTHER_AD "person/y/relatives"

static char tmpdir[64], keydir[80];
static struct scs_keys *keys;
static uint8_t *pkey; /* person x's data key, for format 2 */

static void
cleanup(void)
{
	char path[400];
	struct dirent *e;
	DIR *d;

	scs_crypto_secfree(pkey);
	pkey = NULL;
	scs_keys_free(keys);
	keys = NULL;
	if ((d = opendir(keydir)) != NULL) {
		/* NOLINTNEXTLINE(concurrency-mt-unsafe): one thread */
		while ((e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0)
				continue;
			(void)snprintf(path, sizeof(path), "%s/%s", keydir,
			    e->d_name);
			(void)unlink(path);
		}
		(void)closedir(d);
	}
	(void)rmdir(keydir);
	(void)rmdir(tmpdir);
}

static void
setup(void)
{
	struct scs_err err;
	uint32_t id;

	if (keys != NULL)
		return;
	FUZZ_CHECK(scs_crypto_init() == SCS_OK);
	(void)snprintf(tmpdir, sizeof(tmpdir), "/tmp/scs-fuzz-sealed-XXXXXX");
	FUZZ_CHECK(mkdtemp(tmpdir) != NULL);
	(void)snprintf(keydir, sizeof(keydir), "%s/keys", tmpdir);
	FUZZ_CHECK(atexit(cleanup) == 0);
	FUZZ_CHECK(scs_keys_create(keydir, &err) == SCS_OK);
	FUZZ_CHECK(scs_keys_open(keydir, &keys, &err) == SCS_OK);
	FUZZ_CHECK(scs_keys_add(keys, &id, &err) == SCS_OK && id == 2);
	FUZZ_CHECK(scs_keys_have(keys, 1) && scs_keys_current(keys) == 2);
	{
		struct scs_blob w = {NULL, 0};

		FUZZ_CHECK(
		    scs_crypto_pkey_new(keys, "x", &pkey, &w, &err) == SCS_OK);
		scs_blob_free(&w);
	}
}

/* @ct must not open under @ad. */
static void
refused(const char *ad, const uint8_t *ct, size_t len)
{
	static char sentinel;
	struct scs_err err;
	char *pt = &sentinel; /* must come back NULL */
	size_t ptlen = 1;
	int rc;

	scs_err_clear(&err);
	rc = scs_crypto_open(keys, ad, ct, len, &pt, &ptlen, &err);
	FUZZ_CHECK(rc == SCS_ECRYPTO || rc == SCS_ENOMEM);
	FUZZ_CHECK(err.rc == (enum scs_rc)rc && err.reason[0] != '\0');
	FUZZ_CHECK(pt == NULL && ptlen == 0);
}

/* @ct must not open under person x's key and @ad (format 2). */
static void
refused2(const char *ad, const uint8_t *ct, size_t len)
{
	static char sentinel;
	struct scs_err err;
	char *pt = &sentinel;
	size_t ptlen = 1;
	int rc;

	scs_err_clear(&err);
	rc = scs_crypto_open_person(pkey, ad, ct, len, &pt, &ptlen, &err);
	FUZZ_CHECK(rc == SCS_ECRYPTO || rc == SCS_ENOMEM);
	FUZZ_CHECK(err.rc == (enum scs_rc)rc && err.reason[0] != '\0');
	FUZZ_CHECK(pt == NULL && ptlen == 0);
}

static void
roundtrip2(const uint8_t *data, size_t size)
{
	struct scs_blob blob = {NULL, 0};
	struct scs_err err;
	size_t ptlen, bit;
	char *pt;

	FUZZ_CHECK(scs_crypto_seal_person(pkey, AD, data, size, &blob, &err) ==
	    SCS_OK);
	FUZZ_CHECK(blob.len == size + SCS_SEAL2_OVERHEAD);
	FUZZ_CHECK(
	    scs_crypto_sealed_format(blob.p, blob.len) == SCS_SEAL_PERSON &&
	    scs_crypto_sealed_key(blob.p, blob.len) == 0);
	FUZZ_CHECK(scs_crypto_open_person(pkey, AD, blob.p, blob.len, &pt,
	               &ptlen, &err) == SCS_OK);
	FUZZ_CHECK(ptlen == size && pt[size] == '\0');
	FUZZ_CHECK(size == 0 || memcmp(pt, data, size) == 0);
	scs_crypto_secfree(pt);
	refused2(OTHER_AD, blob.p, blob.len);
	refused(AD, blob.p, blob.len); /* not a register key's */
	bit = 0;
	if (size >= 2)
		bit = ((size_t)data[1] << 8 | data[0]) % (blob.len * 8);
	blob.p[bit / 8] ^= (uint8_t)(1U << (bit % 8));
	refused2(AD, blob.p, blob.len);
	scs_blob_free(&blob);
}

static void
roundtrip(const uint8_t *data, size_t size)
{
	struct scs_blob blob = {NULL, 0};
	struct scs_err err;
	size_t ptlen, bit;
	char *pt;

	FUZZ_CHECK(
	    scs_crypto_seal(keys, AD, data, size, &blob, &err) == SCS_OK);
	FUZZ_CHECK(blob.len == size + SCS_SEAL_OVERHEAD);
	FUZZ_CHECK(
	    scs_crypto_sealed_key(blob.p, blob.len) == scs_keys_current(keys));
	FUZZ_CHECK(scs_crypto_open(keys, AD, blob.p, blob.len, &pt, &ptlen,
	               &err) == SCS_OK);
	FUZZ_CHECK(ptlen == size && pt[size] == '\0');
	FUZZ_CHECK(size == 0 || memcmp(pt, data, size) == 0);
	scs_crypto_secfree(pt);
	refused(OTHER_AD, blob.p, blob.len);

	/* One flipped bit anywhere, chosen by the input. */
	bit = 0;
	if (size >= 2)
		bit = ((size_t)data[0] << 8 | data[1]) % (blob.len * 8);
	blob.p[bit / 8] ^= (uint8_t)(1U << (bit % 8));
	refused(AD, blob.p, blob.len);
	scs_blob_free(&blob);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t id = 0;
	uint8_t *ct;

	setup();
	if (size >= SCS_SEAL_OVERHEAD && data[0] == SCS_SEAL_VERSION)
		id = (uint32_t)data[1] << 24 | (uint32_t)data[2] << 16 |
		    (uint32_t)data[3] << 8 | data[4];
	FUZZ_CHECK(scs_crypto_sealed_key(data, size) == id);

	/* Exactly sized heap copy, so ASan sees any read past the end. */
	FUZZ_CHECK((ct = malloc(size > 0 ? size : 1)) != NULL);
	if (size > 0)
		memcpy(ct, data, size);
	refused(AD, ct, size);
	refused2(AD, ct, size);
	free(ct);

	roundtrip(data, size);
	roundtrip2(data, size);
	return 0;
}
