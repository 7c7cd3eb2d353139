/* SPDX-License-Identifier: Apache-2.0 */
/*
 * keys.c - the key directory: data-encryption keys and the Ed25519 signing
 * key, created, loaded into secure memory and rotated.  Keys are reached
 * only through this file so they can later move into a separate process
 * (kore's keymgr).  Files are written to a temporary name, fsynced and
 * renamed (a data key: linked, so an existing key is never replaced), so a
 * crash never leaves a half-written key.
 *
 * A key set is shared by the server's threads, and another process (scs
 * keys rotate) may add a key and make it current while the set is in use.
 * The set follows the directory lazily:
 *  - a value sealed under a key id the set does not hold makes it load
 *    dek-<id>.key (scs_keys_dek), so a value re-sealed by another process
 *    opens at once;
 *  - every seal reads the current marker from disk and seals under the key
 *    it names at that moment (scs_keys_sealing; why that is enough against
 *    a rotation running concurrently is explained there).
 * Loaded data keys form an append-only table: a loader (serialized by mu)
 * fills the next slot and then publishes it with a release store of ndeks;
 * readers load ndeks with acquire and scan without a lock.  A published
 * slot never changes and no key is freed before scs_keys_free, so a reader
 * never meets a key wiped under it, and no grace period is needed.  The
 * price: a key file removed from the directory stays loaded (in secure
 * memory) until the process ends.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "scs/crypto.h"
#include "crypto_int.h"

#define DEK_LEN  32
#define MAX_DEKS 1024

struct dek {
	uint32_t id;
	uint8_t *key; /* DEK_LEN bytes of sodium_malloc memory, read-only */
};

struct scs_keys {
	char dir[PATH_MAX];
	pthread_mutex_t mu;        /* loaders and adds; readers never take it */
	struct dek deks[MAX_DEKS]; /* [0, ndeks) published, never changed */
	atomic_size_t ndeks;
	atomic_uint_least32_t current; /* as last read from the directory */
	uint8_t *sign_sk; /* crypto_sign_SECRETKEYBYTES, secure memory */
	uint8_t sign_pk[crypto_sign_PUBLICKEYBYTES];
};

/* Write dir/name through a temporary file of this process.  @replace: an
 * existing dir/name is replaced atomically (rename); otherwise it is kept
 * and SCS_ECONFLICT returned (link fails with EEXIST). */
static int
write_file(const char *dir, const char *name, const void *p, size_t len,
    int replace, struct scs_err *err)
{
	char tmp[PATH_MAX], path[PATH_MAX];
	int fd, dfd, e;
	ssize_t n;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/.%s.%ld.tmp", dir, name,
	        (long)getpid()) >= sizeof(tmp) ||
	    (size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >=
	        sizeof(path))
		return scs_err_set(err, SCS_EIO, "keys", "path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", tmp,
		    scs_errno_text(errno));
	n = write(fd, p, len);
	if (n != (ssize_t)len || fsync(fd) != 0) {
		(void)close(fd);
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, "keys", "%s: write failed",
		    tmp);
	}
	if (close(fd) != 0 ||
	    (replace ? rename(tmp, path) : link(tmp, path)) != 0) {
		e = errno;
		(void)unlink(tmp);
		return scs_err_set(err, e == EEXIST ? SCS_ECONFLICT : SCS_EIO,
		    "keys", "%s: %s", path, scs_errno_text(e));
	}
	if (!replace)
		(void)unlink(tmp);
	if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(dfd);
		(void)close(dfd);
	}
	return SCS_OK;
}

/* Read exactly @len bytes from dir/name into @out, refusing loose modes.
 * SCS_ENOTFOUND when there is no such file. */
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
		return scs_err_set(err,
		    errno == ENOENT ? SCS_ENOTFOUND : SCS_EIO, "keys", "%s: %s",
		    path, scs_errno_text(errno));
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

/* The directory exists and only its owner may enter it. */
static int
check_dir(const char *dir, struct scs_err *err)
{
	struct stat st;

	if (stat(dir, &st) != 0)
		return scs_err_set(err, SCS_ENOTFOUND, "keys",
		    "%s: no key directory (run scs init)", dir);
	if ((st.st_mode & 077) != 0)
		return scs_err_set(err, SCS_ECRYPTO, "keys",
		    "%s: must be accessible by its owner only (chmod 700)",
		    dir);
	return SCS_OK;
}

static int
write_current(const char *dir, uint32_t id, struct scs_err *err)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%u\n", id);

	return write_file(dir, "current", buf, (size_t)n, 1, err);
}

/* The id the current marker names (not checked against the keys). */
static int
read_current(const char *dir, uint32_t *out_id, struct scs_err *err)
{
	char cur[16] = {0};
	unsigned long id;
	size_t n = 0;
	char *end;
	int rc;

	if ((rc = read_file(dir, "current", cur, sizeof(cur) - 1, &n, err)) !=
	    SCS_OK)
		return rc;
	id = strtoul(cur, &end, 10);
	if (id == 0 || id > UINT32_MAX || (*end != '\n' && *end != '\0'))
		return scs_err_set(err, SCS_ECORRUPT, "keys",
		    "%s/current names no key present", dir);
	*out_id = (uint32_t)id;
	return SCS_OK;
}

/* A new data key @id; SCS_ECONFLICT if dek-<id>.key exists already. */
static int
new_dek(const char *dir, uint32_t id, struct scs_err *err)
{
	uint8_t key[DEK_LEN];
	char name[32];
	int rc;

	(void)snprintf(name, sizeof(name), "dek-%u.key", id);
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
	rc = write_file(dir, name, key, sizeof(key), 0, err);
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
		    dir, scs_errno_text(errno));
	if ((sk = sodium_malloc(crypto_sign_SECRETKEYBYTES)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	crypto_sign_keypair(pk, sk);
	rc =
	    write_file(dir, "sign.key", sk, crypto_sign_SECRETKEYBYTES, 1, err);
	sodium_free(sk);
	if (rc == SCS_OK)
		rc = write_file(dir, "sign.pub", pk, sizeof(pk), 1, err);
	if (rc == SCS_OK)
		rc = new_dek(dir, 1, err);
	if (rc == SCS_OK)
		rc = write_current(dir, 1, err);
	return rc;
}

/* The loaded key @id, or NULL.  Lock-free: see the file comment. */
static const uint8_t *
find(struct scs_keys *k, uint32_t id)
{
	size_t i, n = atomic_load_explicit(&k->ndeks, memory_order_acquire);

	for (i = 0; i < n; i++)
		if (k->deks[i].id == id)
			return k->deks[i].key;
	return NULL;
}

/* Load dek-<id>.key into the next slot and publish it.  The caller holds
 * mu (or owns @k alone) and has checked that @id is not loaded. */
static int
load_dek(struct scs_keys *k, uint32_t id, struct scs_err *err)
{
	size_t n = atomic_load_explicit(&k->ndeks, memory_order_relaxed);
	char name[32];
	struct dek *d;
	int rc;

	if (n >= MAX_DEKS)
		return scs_err_set(err, SCS_ECRYPTO, "keys", "too many keys");
	d = &k->deks[n];
	if ((d->key = sodium_malloc(DEK_LEN)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	(void)snprintf(name, sizeof(name), "dek-%u.key", id);
	if ((rc = read_file(k->dir, name, d->key, DEK_LEN, NULL, err)) !=
	    SCS_OK) {
		sodium_free(d->key); /* wipes what was read */
		d->key = NULL;
		return rc;
	}
	(void)sodium_mprotect_readonly(d->key);
	d->id = id;
	atomic_store_explicit(&k->ndeks, n + 1, memory_order_release);
	return SCS_OK;
}

/* Load every data key of the directory that is not loaded yet; into
 * @out_max (may be NULL) the largest id there or loaded (a loaded key's
 * file may have been removed: its id must not be made again with other
 * bytes).  Caller as load_dek. */
static int
load_deks(struct scs_keys *k, uint32_t *out_max, struct scs_err *err)
{
	size_t i, n = atomic_load_explicit(&k->ndeks, memory_order_relaxed);
	struct dirent *de;
	unsigned long id;
	uint32_t max = 0;
	char *end;
	DIR *d;
	int rc = SCS_OK;

	for (i = 0; i < n; i++)
		if (k->deks[i].id > max)
			max = k->deks[i].id;
	if ((d = opendir(k->dir)) == NULL)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", k->dir,
		    scs_errno_text(errno));
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): this DIR is ours alone */
	while (rc == SCS_OK && (de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, "dek-", 4) != 0)
			continue;
		id = strtoul(de->d_name + 4, &end, 10);
		if (strcmp(end, ".key") != 0 || id == 0 || id > UINT32_MAX)
			continue;
		if (id > max)
			max = (uint32_t)id;
		if (find(k, (uint32_t)id) == NULL)
			rc = load_dek(k, (uint32_t)id, err);
	}
	(void)closedir(d);
	if (out_max != NULL)
		*out_max = max;
	return rc;
}

int
scs_keys_open(const char *dir, struct scs_keys **out, struct scs_err *err)
{
	struct scs_keys *k;
	uint32_t id = 0;
	int rc;

	*out = NULL;
	if ((rc = check_dir(dir, err)) != SCS_OK)
		return rc;
	if ((k = calloc(1, sizeof(*k))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "keys", "out of memory");
	(void)pthread_mutex_init(&k->mu, NULL);
	atomic_init(&k->ndeks, 0);
	atomic_init(&k->current, 0);
	if (!scs_strlcpy(k->dir, dir, sizeof(k->dir))) {
		rc = scs_err_set(err, SCS_EINVAL, "keys", "path too long");
		goto fail;
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
	if ((rc = load_deks(k, NULL, err)) != SCS_OK ||
	    (rc = read_current(dir, &id, err)) != SCS_OK)
		goto fail;
	if (find(k, id) == NULL) {
		rc = scs_err_set(err, SCS_ECORRUPT, "keys",
		    "%s/current names no key present", dir);
		goto fail;
	}
	atomic_store(&k->current, id);
	*out = k;
	return SCS_OK;
fail:
	scs_keys_free(k);
	return rc;
}

void
scs_keys_free(struct scs_keys *k)
{
	size_t i, n;

	if (k == NULL)
		return;
	n = atomic_load(&k->ndeks);
	for (i = 0; i < n; i++)
		sodium_free(k->deks[i].key);
	if (k->sign_sk != NULL)
		sodium_free(k->sign_sk);
	(void)pthread_mutex_destroy(&k->mu);
	free(k);
}

uint32_t
scs_keys_current(struct scs_keys *k)
{
	return (uint32_t)atomic_load(&k->current);
}

int
scs_keys_dek(struct scs_keys *k, uint32_t id, const uint8_t **out_key,
    struct scs_err *err)
{
	const uint8_t *key;
	int rc = SCS_OK;

	*out_key = NULL;
	if ((key = find(k, id)) != NULL) {
		*out_key = key;
		return SCS_OK;
	}
	if (id == 0)
		return scs_err_set(err, SCS_ENOTFOUND, "keys", "no key 0");
	/* Not loaded: another process may have added it since.  Under the
	 * lock, so two threads missing the same key load it once. */
	(void)pthread_mutex_lock(&k->mu);
	if ((key = find(k, id)) == NULL &&
	    (rc = check_dir(k->dir, err)) == SCS_OK &&
	    (rc = load_dek(k, id, err)) == SCS_OK)
		key = find(k, id);
	(void)pthread_mutex_unlock(&k->mu);
	*out_key = key;
	return key != NULL ? SCS_OK : rc;
}

/*
 * Why reading the marker at every seal is enough against a rotation run
 * by another process at the same time (scs_op_keys_rotate, src/ops/keys.c):
 * the rotation writes the new key and then the current marker (scs_keys_add)
 * inside a write transaction of the register, and only after that
 * transaction commits does it re-wrap, in batches, every person's data key
 * wrapped under another key (and convert values still sealed under a
 * register key), until a query finds none.  What a register key seals is a
 * person's key, wrapped when it is made, and every seal of the ops layer
 * happens inside a write transaction (scs_op_seal_field).  SQLite lets one
 * write transaction run at a time, so a writer W that wraps a key
 * concurrently with the rotation either
 *  - ran entirely before the rotation's first transaction: W's key is
 *    committed before the first re-wrap query and is re-wrapped by a batch
 *    (the loop ends only when no key under an old register key is left),
 *    or
 *  - began after that transaction committed: the marker on disk already
 *    named the new key when W read it here, so W wraps under the new key.
 * A writer that kept the current id in memory would break the second case.
 * The marker is read, not stat'ed: an inode number and a coarse timestamp
 * can repeat across two quick renames, and the read costs a few system
 * calls next to a transaction that fsyncs.
 */
/*
 * A write transaction holds the register's write lock from its start to
 * its end, and the marker moves only inside another write transaction
 * (above): within one, it cannot move.  So the marker read when the
 * transaction began (scs_keys_pin) serves every seal of it, and an import
 * of a million persons reads it once instead of a million times.  The pin
 * is the calling thread's: a server's request runs its transaction on one
 * thread.
 */
static _Thread_local const struct scs_keys *pin_keys;
static _Thread_local uint32_t pin_id;

void
scs_keys_pin(struct scs_keys *k)
{
	uint32_t id = 0;

	pin_keys = NULL;
	if (read_current(k->dir, &id, NULL) == SCS_OK) {
		pin_keys = k;
		pin_id = id;
	}
}

void
scs_keys_unpin(void)
{
	pin_keys = NULL;
}

int
scs_keys_sealing(struct scs_keys *k, uint32_t *out_id, const uint8_t **out_key,
    struct scs_err *err)
{
	uint32_t id = 0;
	int rc;

	*out_key = NULL;
	if (pin_keys == k)
		id = pin_id;
	else if ((rc = read_current(k->dir, &id, err)) != SCS_OK)
		return rc;
	rc = scs_keys_dek(k, id, out_key, err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_ECORRUPT, "keys",
		    "%s/current names no key present", k->dir);
	if (rc != SCS_OK)
		return rc;
	atomic_store(&k->current, id);
	*out_id = id;
	return SCS_OK;
}

int
scs_keys_have(struct scs_keys *k, uint32_t id)
{
	const uint8_t *key;

	return scs_keys_dek(k, id, &key, NULL) == SCS_OK;
}

int
scs_keys_add(struct scs_keys *k, uint32_t *out_id, struct scs_err *err)
{
	uint32_t id = 0;
	int dfd, rc;

	(void)pthread_mutex_lock(&k->mu);
	/* Adds of other processes wait on this lock of the directory, so the
	 * largest id read below stays the largest and the current marker only
	 * moves forward. */
	if ((rc = check_dir(k->dir, err)) != SCS_OK) {
		(void)pthread_mutex_unlock(&k->mu);
		return rc;
	}
	dfd = open(k->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || flock(dfd, LOCK_EX) != 0) {
		rc = scs_err_set(err, SCS_EIO, "keys", "%s: cannot lock: %s",
		    k->dir, scs_errno_text(errno));
		goto out;
	}
	if ((rc = load_deks(k, &id, err)) != SCS_OK)
		goto out;
	if (id == UINT32_MAX) {
		rc = scs_err_set(err, SCS_ECRYPTO, "keys", "too many keys");
		goto out;
	}
	id++;
	if ((rc = new_dek(k->dir, id, err)) != SCS_OK ||
	    (rc = load_dek(k, id, err)) != SCS_OK ||
	    (rc = write_current(k->dir, id, err)) != SCS_OK)
		goto out;
	atomic_store(&k->current, id);
	*out_id = id;
out:
	if (dfd >= 0)
		(void)close(dfd); /* releases the flock */
	(void)pthread_mutex_unlock(&k->mu);
	return rc;
}

/* Ids in ascending order, for scs_keys_list. */
static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
scs_keys_list(struct scs_keys *k, scs_key_info_cb cb, void *arg,
    struct scs_err *err)
{
	uint32_t ids[MAX_DEKS], cur = 0;
	struct scs_key_info ki;
	struct dirent *de;
	struct stat st;
	char path[PATH_MAX + 32];
	unsigned long id;
	size_t i, n = 0;
	char *end;
	DIR *d;
	int rc;

	if ((rc = check_dir(k->dir, err)) != SCS_OK ||
	    (rc = read_current(k->dir, &cur, err)) != SCS_OK)
		return rc;
	if ((d = opendir(k->dir)) == NULL)
		return scs_err_set(err, SCS_EIO, "keys", "%s: %s", k->dir,
		    scs_errno_text(errno));
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): this DIR is ours alone */
	while ((de = readdir(d)) != NULL && n < MAX_DEKS) {
		if (strncmp(de->d_name, "dek-", 4) != 0)
			continue;
		id = strtoul(de->d_name + 4, &end, 10);
		if (strcmp(end, ".key") != 0 || id == 0 || id > UINT32_MAX)
			continue;
		ids[n++] = (uint32_t)id;
	}
	(void)closedir(d);
	qsort(ids, n, sizeof(ids[0]), cmp_u32);
	for (i = 0, rc = SCS_OK; rc == SCS_OK && i < n; i++) {
		memset(&ki, 0, sizeof(ki));
		ki.id = ids[i];
		ki.current = ids[i] == cur;
		(void)snprintf(path, sizeof(path), "%s/dek-%u.key", k->dir,
		    ids[i]);
		if (stat(path, &st) == 0)
			ki.created_us = (int64_t)st.st_mtim.tv_sec * 1000000 +
			    st.st_mtim.tv_nsec / 1000;
		rc = cb(arg, &ki);
	}
	return rc;
}

const uint8_t *
scs_keys_public(const struct scs_keys *k)
{
	return k->sign_pk;
}

void
scs_crypto_sign(const struct scs_keys *k, const void *msg, size_t len,
    uint8_t sig[SCS_SIG_LEN])
{
	(void)crypto_sign_detached(sig, NULL, msg, len, k->sign_sk);
}

void
scs_crypto_sign_sk(const uint8_t *sk, const void *msg, size_t len,
    uint8_t sig[SCS_SIG_LEN])
{
	(void)crypto_sign_detached(sig, NULL, msg, len, sk);
}

void
scs_crypto_keypair(const uint8_t *seed, uint8_t pk[SCS_PUB_LEN], uint8_t sk[64])
{
	if (seed != NULL)
		(void)crypto_sign_seed_keypair(pk, sk, seed);
	else
		(void)crypto_sign_keypair(pk, sk);
}

static void
attest_name(const uint8_t kid[8], char name[32])
{
	char hex[17];

	scs_hex(hex, kid, 8);
	(void)snprintf(name, 32, "attest-%s.key", hex);
}

int
scs_keys_attest_save(struct scs_keys *k, const uint8_t kid[8],
    const uint8_t *sk, struct scs_err *err)
{
	char name[32];

	attest_name(kid, name);
	return write_file(k->dir, name, sk, crypto_sign_SECRETKEYBYTES, 0, err);
}

int
scs_keys_attest_load(struct scs_keys *k, const uint8_t kid[8], uint8_t *sk,
    struct scs_err *err)
{
	char name[32];

	attest_name(kid, name);
	return read_file(k->dir, name, sk, crypto_sign_SECRETKEYBYTES, NULL,
	    err);
}

void
scs_keys_mac(const struct scs_keys *k, const char *domain,
    const struct scs_hash_part *parts, size_t nparts, uint8_t out[32])
{
	crypto_generichash_state st;
	uint8_t key[crypto_generichash_KEYBYTES];
	size_t i;

	/* The MAC key: BLAKE2b of the domain keyed by the signing key's
	 * seed (its first 32 bytes), so that each use has a key of its own
	 * and none of them is the signing key. */
	(void)crypto_generichash(key, sizeof(key), (const uint8_t *)domain,
	    strlen(domain), k->sign_sk, crypto_sign_SEEDBYTES);
	(void)crypto_generichash_init(&st, key, sizeof(key), 32);
	for (i = 0; i < nparts; i++)
		(void)crypto_generichash_update(&st, parts[i].p, parts[i].len);
	(void)crypto_generichash_final(&st, out, 32);
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
}
