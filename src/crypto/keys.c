/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c - the key directory: data-encryption keys and the Ed25519 signing
 * key, created, loaded into secure memory and rotated.  Keys are reached
 * only through this file so they can later move into a separate process
 * (kore's keymgr).  Files are written to a temporary name, fsynced and
 * renamed, so a crash never leaves a half-written key.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "scs/crypto.h"
#include "crypto_int.h"

#define DEK_LEN  32
#define MAX_DEKS 1024

struct dek {
	uint32_t id;
	uint8_t *key; /* DEK_LEN bytes of sodium_malloc memory */
};

struct scs_keys {
	char dir[PATH_MAX];
	struct dek deks[MAX_DEKS];
	size_t ndeks;
	uint32_t current;
	uint8_t *sign_sk; /* crypto_sign_SECRETKEYBYTES, secure memory */
	uint8_t sign_pk[crypto_sign_PUBLICKEYBYTES];
};

/* strerror is not thread-safe; the XSI strerror_r is. */
static const char *
errtext(int e)
{
	static _Thread_local char buf[128];

	if (strerror_r(e, buf, sizeof(buf)) != 0)
		(void)snprintf(buf, sizeof(buf), "error %d", e);
	return buf;
}

static int
write_file(const char *dir, const char *name, const void *p, size_t len,
    struct scs_err *err)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, dfd;
	ssize_t n;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.tmp", dir, name) >=
	        sizeof(tmp) ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	        sizeof(path))
		return scs_err_set(err, SCS_EIO, "keys", "path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", tmp,
		    errtext(errno));
	n = write(fd, p, len);
	if (n != (ssize_t)len || fsync(fd) != 0) {
		(void)close(fd);
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, "keys", "%s: write failed",
		    tmp);
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", path,
		    errtext(errno));
	}
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		(void)close(dfd);
	}
	return SCS_OK;
}

/* Read exactly @len bytes from dir/name into @out, refusing loose modes. */
static int
read_file(const char *dir, const char *name, void *out, size_t len,
    size_t *out_len, struct scs_err *err)
{
	char path[PATH_MAX];
	struct stat st;
	ssize_t n;
	int fd;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	    sizeof(path))
		return scs_err_set(err, SCS_EIO, "keys", "path too long");
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", path,
		    errtext(errno));
	if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
		(void)close(fd);
		return scs_err_set(err, SCS_ECRYPTO, "keys",
		    "%s: must be readable by its owner only (chmod 600)", path);
	}
	n = read(fd, out, len);
	(void)close(fd);
	if (n < 0 || (out_len == NULL && (size_t)n != len))
		return scs_err_set(err, SCS_ECORRUPT, "keys",
		    "%s: expected %zu bytes", path, len);
	if (out_len != NULL)
		*out_len = (size_t)n;
	return SCS_OK;
}

static int
write_current(const char *dir, uint32_t id, struct scs_err *err)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u\n", id);

	return write_file(dir, "current", buf, (size_t)n, err);
}

static int
new_dek(const char *dir, uint32_t id, struct scs_err *err)
{
	uint8_t key[DEK_LEN];
	char name[32];
	int rc;

	(void)snprintf(name, sizeof(name), "dek-%u.key", id);
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	rc = write_file(dir, name, key, sizeof(key), err);
	sodium_memzero(key, sizeof(key));
	return rc;
}

int
scs_keys_create(const char *dir, struct scs_err *err)
{
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	uint8_t *sk;
	int rc;

	if (mkdir(dir, 0700) != 0)
		return scs_err_set(err,
		    errno == EEXIST ? SCS_ECONFLICT : SCS_EIO, "keys", "%s: %s",
		    dir, errtext(errno));
	if ((sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	crypto_sign_keypair(pk, sk);
	rc = write_file(dir, "sign.key", sk, crypto_sign_SECRETKEYBYTES, err);
	sodium_free(sk);
	if (rc == SCS_OK)
		rc = write_file(dir, "sign.pub", pk, sizeof(pk), err);
	if (rc == SCS_OK)
		rc = new_dek(dir, 1, err);
	if (rc == SCS_OK)
		rc = write_current(dir, 1, err);
	return rc;
}

static int
load_dek(struct scs_keys *k, uint32_t id, struct scs_err *err)
{
	char name[32];
	struct dek *d;

	if (k->ndeks >= MAX_DEKS)
		return scs_err_set(err, SCS_ECRYPTO, "keys", "too many keys");
	d = &k->deks[k->ndeks];
	if ((d->key = sodium_malloc(DEK_LEN)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	(void)snprintf(name, sizeof(name), "dek-%u.key", id);
	if (read_file(k->dir, name, d->key, DEK_LEN, NULL, err) != SCS_OK) {
		sodium_free(d->key);
		d->key = NULL;
		return err != NULL ? (int)err->rc : SCS_EIO;
	}
	(void)sodium_mprotect_readonly(d->key);
	d->id = id;
	k->ndeks++;
	return SCS_OK;
}

static int
load_deks(struct scs_keys *k, struct scs_err *err)
{
	struct dirent *de;
	unsigned long id;
	char *end;
	DIR *d;
	int rc = SCS_OK;

	if ((d = opendir(k->dir)) == NULL)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", k->dir,
		    errtext(errno));
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): this DIR is ours alone */
	while (rc == SCS_OK && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "dek-", 4) != 0)
			continue;
		id = strtoul(de->d_name + 4, &end, 10);
		if (strcmp(end, ".key") != 0 || id == 0 || id > UINT32_MAX)
			continue;
		rc = load_dek(k, (uint32_t)id, err);
	}
	(void)closedir(d);
	return rc;
}

int
scs_keys_open(const char *dir, struct scs_keys **out, struct scs_err *err)
{
	struct scs_keys *k;
	char cur[16] = {0};
	size_t n = 0;
	struct stat st;
	unsigned long id;
	char *end;
	int rc;

	*out = NULL;
	if (stat(dir, &st) != 0)
		return scs_err_set(err, SCS_ENOTFOUND, "keys",
		    "%s: no key directory (run scs init)", dir);
	if ((st.st_mode & 077) != 0)
		return scs_err_set(err, SCS_ECRYPTO, "keys",
		    "%s: must be accessible by its owner only (chmod 700)",
		    dir);
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	if (!scs_strlcpy(k->dir, dir, sizeof(k->dir))) {
		free(k);
		return scs_err_set(err, SCS_EINVAL, "keys", "path too long");
	}
	k->sign_sk = sodium_malloc(crypto_sign_SECRETKEYBYTES);
	if (k->sign_sk == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
		goto fail;
	}
	if ((rc = read_file(dir, "sign.key", k->sign_sk,
	         crypto_sign_SECRETKEYBYTES, NULL, err)) != SCS_OK)
		goto fail;
	crypto_sign_ed25519_sk_to_pk(k->sign_pk, k->sign_sk);
	(void)sodium_mprotect_readonly(k->sign_sk);
	if ((rc = load_deks(k, err)) != SCS_OK)
		goto fail;
	if ((rc = read_file(dir, "current", cur, sizeof(cur) - 1, &n, err)) !=
	    SCS_OK)
		goto fail;
	id = strtoul(cur, &end, 10);
	if (id == 0 || id > UINT32_MAX || (*end != '\n' && *end != '\0') ||
	    !scs_keys_have(k, (uint32_t)id)) {
		rc = scs_err_set(err, SCS_ECORRUPT, "keys",
		    "%s/current names no key present", dir);
		goto fail;
	}
	k->current = (uint32_t)id;
	*out = k;
	return SCS_OK;
fail:
	scs_keys_free(k);
	return rc;
}

void
scs_keys_free(struct scs_keys *k)
{
	size_t i;

	if (k == NULL)
		return;
	for (i = 0; i < k->ndeks; i++)
		sodium_free(k->deks[i].key);
	if (k->sign_sk != NULL)
		sodium_free(k->sign_sk);
	free(k);
}

uint32_t
scs_keys_current(const struct scs_keys *k)
{
	return k->current;
}

int
scs_keys_have(const struct scs_keys *k, uint32_t id)
{
	size_t i;

	for (i = 0; i < k->ndeks; i++)
		if (k->deks[i].id == id)
			return 1;
	return 0;
}

int
scs_keys_add(struct scs_keys *k, uint32_t *out_id, struct scs_err *err)
{
	uint32_t id = 0;
	size_t i;
	int rc;

	for (i = 0; i < k->ndeks; i++)
		if (k->deks[i].id > id)
			id = k->deks[i].id;
	id++;
	if ((rc = new_dek(k->dir, id, err)) != SCS_OK ||
	    (rc = load_dek(k, id, err)) != SCS_OK ||
	    (rc = write_current(k->dir, id, err)) != SCS_OK)
		return rc;
	k->current = id;
	*out_id = id;
	return SCS_OK;
}

const uint8_t *
scs_keys_public(const struct scs_keys *k)
{
	return k->sign_pk;
}

const uint8_t *
scs_keys_dek(const struct scs_keys *k, uint32_t id)
{
	size_t i;

	for (i = 0; i < k->ndeks; i++)
		if (k->deks[i].id == id)
			return k->deks[i].key;
	return NULL;
}

void
scs_crypto_sign(const struct scs_keys *k, const void *msg, size_t len,
    uint8_t sig[SCS_SIG_LEN])
{
	(void)crypto_sign_detached(sig, NULL, msg, len, k->sign_sk);
}
