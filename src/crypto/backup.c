/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.c - a backup file's encryption (`scs backup`, `scs restore`):
 * the register's bytes under a random file key, the file key locked by a
 * passphrase (Argon2id) or to a recipient's X25519 key (a sealed box), in
 * the manner of age.  The register's own keys are never in it.
 *
 *   offset  size  field
 *   0       8     magic "SCSBKUP" and format 0x01
 *   8       1     lock: 1 passphrase, 2 recipient key
 *   9       7     zero
 *   16      32    lock 1: Argon2id salt (16), opslimit, memlimit (u64 LE)
 *   16      112   lock 2: the recipient's public key (32), the file key
 *                 sealed to it (crypto_box_seal: 32 + 48)
 *   h       24    the stream's header (secretstream XChaCha20-Poly1305)
 *   h+24    ...   frames: a u32 LE length, then that many bytes of one
 *                 stream message (at most 64 KiB of plaintext + 17)
 *
 * The first message is the manifest (JSON text, at most 64 KiB), with
 * every byte before the stream's header as its additional data, so the
 * lock's parameters cannot be changed unseen.  The register's bytes
 * follow; the last message is tagged FINAL, so a file cut short, or
 * with bytes after the end, is refused.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "crypto_int.h"

#define MAGIC       "SCSBKUP\x01"
#define HEAD_FIXED  16
#define LOCK_PASS   1
#define LOCK_RCPT   2
#define PASS_PARAMS (16 + 8 + 8)
#define RCPT_PARAMS (32 + 32 + crypto_box_SEALBYTES)
#define CHUNK       65536
#define ABYTES      crypto_secretstream_xchacha20poly1305_ABYTES
#define HEAD_MAX    (HEAD_FIXED + RCPT_PARAMS)

/* The most a backup may ask of the machine that opens it. */
#define OPS_MAX 10ULL
#define MEM_MAX ((size_t)1 << 30)

static void
put_u64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t
get_u64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

/* Read exactly @len bytes: 1 read, 0 end of file before any, -1 error or
 * end of file part way. */
static int
read_full(int fd, void *p, size_t len)
{
	ssize_t n = scs_read_full(fd, p, len);

	return n == (ssize_t)len ? 1 : n == 0 ? 0 : -1;
}

int
scs_crypto_backup_keygen(uint8_t pk[SCS_BACKUP_KEY_LEN],
    uint8_t sk[SCS_BACKUP_KEY_LEN])
{
	return crypto_box_keypair(pk, sk) == 0 ? SCS_OK : SCS_ECRYPTO;
}

int
scs_crypto_backup_public(const uint8_t sk[SCS_BACKUP_KEY_LEN],
    uint8_t pk[SCS_BACKUP_KEY_LEN])
{
	return crypto_scalarmult_base(pk, sk) == 0 ? SCS_OK : SCS_ECRYPTO;
}

static int
frame_out(int out, crypto_secretstream_xchacha20poly1305_state *st,
    const uint8_t *pt, size_t len, const uint8_t *ad, size_t adlen, uint8_t tag,
    uint8_t *ct)
{
	unsigned long long clen = 0;
	uint8_t n[4];

	if (crypto_secretstream_xchacha20poly1305_push(st, ct, &clen, pt, len,
	        ad, adlen, tag) != 0)
		return -1;
	for (int i = 0; i < 4; i++)
		n[i] = (uint8_t)(clen >> (8 * i));
	return scs_write_all(out, n, 4) != 0 ||
	        scs_write_all(out, ct, (size_t)clen)
	    ? -1
	    : 0;
}

int
scs_crypto_backup_seal(int in, int out, const struct scs_backup_lock *lk,
    const char *manifest, struct scs_err *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	uint8_t head[HEAD_MAX],
	    sh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	uint8_t *key = NULL, *pt = NULL, *ct = NULL;
	size_t hlen, mlen = strlen(manifest);
	int rc = SCS_OK;

	if (mlen > CHUNK)
		return scs_err_set(err, SCS_EINTERNAL, "", "manifest too long");
	if ((key = scs_crypto_secalloc(
	         crypto_secretstream_xchacha20poly1305_KEYBYTES)) == NULL ||
	    (pt = malloc(CHUNK)) == NULL ||
	    (ct = malloc(CHUNK + ABYTES)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	memset(head, 0, sizeof(head));
	memcpy(head, MAGIC, 8);
	crypto_secretstream_xchacha20poly1305_keygen(key);
	if (lk->passphrase != NULL) {
		unsigned long long ops;
		size_t mem;

		scs_crypto_backup_cost(&ops, &mem);
		head[8] = LOCK_PASS;
		randombytes_buf(head + HEAD_FIXED, 16);
		put_u64(head + HEAD_FIXED + 16, ops);
		put_u64(head + HEAD_FIXED + 24, (uint64_t)mem);
		hlen = HEAD_FIXED + PASS_PARAMS;
		if (crypto_pwhash(key,
		        crypto_secretstream_xchacha20poly1305_KEYBYTES,
		        lk->passphrase, strlen(lk->passphrase),
		        head + HEAD_FIXED, ops, mem,
		        crypto_pwhash_ALG_ARGON2ID13) != 0) {
			rc = scs_err_set(err, SCS_ENOMEM, "passphrase",
			    "out of memory for Argon2id");
			goto done;
		}
	} else if (lk->recipient != NULL) {
		head[8] = LOCK_RCPT;
		memcpy(head + HEAD_FIXED, lk->recipient, 32);
		hlen = HEAD_FIXED + RCPT_PARAMS;
		if (crypto_box_seal(head + HEAD_FIXED + 32, key,
		        crypto_secretstream_xchacha20poly1305_KEYBYTES,
		        lk->recipient) != 0) {
			rc = scs_err_set(err, SCS_ECRYPTO, "recipient",
			    "not a usable public key");
			goto done;
		}
	} else {
		rc = scs_err_set(err, SCS_EINVAL, "",
		    "a backup needs a passphrase or a recipient key");
		goto done;
	}
	if (crypto_secretstream_xchacha20poly1305_init_push(&st, sh, key) !=
	        0 ||
	    scs_write_all(out, head, hlen) != 0 ||
	    scs_write_all(out, sh, sizeof(sh)) != 0 ||
	    frame_out(out, &st, (const uint8_t *)manifest, mlen, head, hlen,
	        crypto_secretstream_xchacha20poly1305_TAG_MESSAGE, ct) != 0) {
		rc = scs_err_set(err, SCS_EIO, "",
		    "cannot write the backup: %s", scs_errno_text(errno));
		goto done;
	}
	for (;;) {
		ssize_t n = scs_read_full(in, pt, CHUNK);

		if (n < 0) {
			rc = scs_err_set(err, SCS_EIO, "",
			    "cannot read the register's copy: %s",
			    scs_errno_text(errno));
			goto done;
		}
		/* A short read is the end: the last frame is FINAL, even
		 * when it is empty. */
		if (frame_out(out, &st, pt, (size_t)n, NULL, 0,
		        n < CHUNK
		            ? crypto_secretstream_xchacha20poly1305_TAG_FINAL
		            : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE,
		        ct) != 0) {
			rc = scs_err_set(err, SCS_EIO, "",
			    "cannot write the backup: %s",
			    scs_errno_text(errno));
			goto done;
		}
		if (n < CHUNK)
			break;
	}
done:
	sodium_memzero(&st, sizeof(st));
	if (pt != NULL)
		sodium_memzero(pt, CHUNK);
	free(pt);
	free(ct);
	scs_crypto_secfree(key);
	return rc;
}

/* Read one frame into @ct (room for CHUNK + ABYTES): its length, 0 at the
 * end of the file, -1 for a broken frame. */
static long
frame_in(int in, uint8_t *ct)
{
	uint8_t n[4];
	uint32_t len;
	int r = read_full(in, n, 4);

	if (r <= 0)
		return r;
	len = (uint32_t)n[0] | (uint32_t)n[1] << 8 | (uint32_t)n[2] << 16 |
	    (uint32_t)n[3] << 24;
	if (len < ABYTES || len > CHUNK + ABYTES || read_full(in, ct, len) != 1)
		return -1;
	return (long)len;
}

/* The file key from the lock in @head (@hlen bytes read so far; the
 * recipient's parameters are read here). */
static int
unlock(int in, uint8_t *head, size_t *hlen, const struct scs_backup_lock *lk,
    uint8_t *key, struct scs_err *err)
{
	if (head[8] == LOCK_PASS) {
		uint64_t ops, mem;

		if (read_full(in, head + HEAD_FIXED, PASS_PARAMS) != 1)
			return scs_err_set(err, SCS_ECORRUPT, "backup",
			    "cut short");
		*hlen = HEAD_FIXED + PASS_PARAMS;
		ops = get_u64(head + HEAD_FIXED + 16);
		mem = get_u64(head + HEAD_FIXED + 24);
		if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > OPS_MAX ||
		    mem < crypto_pwhash_MEMLIMIT_MIN || mem > MEM_MAX)
			return scs_err_set(err, SCS_ECORRUPT, "backup",
			    "its passphrase cost is out of bounds");
		if (lk->passphrase == NULL)
			return scs_err_set(err, SCS_EINVAL, "passphrase",
			    "this backup is locked by a passphrase");
		if (crypto_pwhash(key,
		        crypto_secretstream_xchacha20poly1305_KEYBYTES,
		        lk->passphrase, strlen(lk->passphrase),
		        head + HEAD_FIXED, ops, (size_t)mem,
		        crypto_pwhash_ALG_ARGON2ID13) != 0)
			return scs_err_set(err, SCS_ENOMEM, "passphrase",
			    "out of memory for Argon2id");
		return SCS_OK;
	}
	if (head[8] == LOCK_RCPT) {
		uint8_t pk[32];

		if (read_full(in, head + HEAD_FIXED, RCPT_PARAMS) != 1)
			return scs_err_set(err, SCS_ECORRUPT, "backup",
			    "cut short");
		*hlen = HEAD_FIXED + RCPT_PARAMS;
		if (lk->identity == NULL)
			return scs_err_set(err, SCS_EINVAL, "identity",
			    "this backup is locked to a recipient key: give "
			    "its "
			    "secret key");
		if (crypto_scalarmult_base(pk, lk->identity) != 0 ||
		    sodium_memcmp(pk, head + HEAD_FIXED, 32) != 0)
			return scs_err_set(err, SCS_ECRYPTO, "identity",
			    "this backup is locked to another key");
		if (crypto_box_seal_open(key, head + HEAD_FIXED + 32,
		        RCPT_PARAMS - 32, pk, lk->identity) != 0)
			return scs_err_set(err, SCS_ECRYPTO, "backup",
			    "its file key does not open: changed");
		return SCS_OK;
	}
	return scs_err_set(err, SCS_ECORRUPT, "backup", "unknown lock %u",
	    head[8]);
}

/* The register's bytes: every frame after the manifest, to the FINAL one
 * and the end of the file. */
static int
pull_rest(int in, int out, crypto_secretstream_xchacha20poly1305_state *st,
    uint8_t *pt, uint8_t *ct, struct scs_err *err)
{
	unsigned long long plen;
	unsigned char tag = 0;
	long clen;

	for (;;) {
		if ((clen = frame_in(in, ct)) <= 0)
			return scs_err_set(err, SCS_ECORRUPT, "backup",
			    "cut short: its last part is missing");
		if (crypto_secretstream_xchacha20poly1305_pull(st, pt, &plen,
		        &tag, ct, (unsigned long long)clen, NULL, 0) != 0)
			return scs_err_set(err, SCS_ECRYPTO, "backup",
			    "changed: a part does not authenticate");
		if (scs_write_all(out, pt, (size_t)plen) != 0)
			return scs_err_set(err, SCS_EIO, "",
			    "cannot write the restored register: %s",
			    scs_errno_text(errno));
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			break;
	}
	if (scs_read_full(in, ct, 1) != 0)
		return scs_err_set(err, SCS_ECORRUPT, "backup",
		    "bytes after its end");
	return SCS_OK;
}

int
scs_crypto_backup_open(int in, int out, const struct scs_backup_lock *lk,
    char **out_manifest, struct scs_err *err)
{
	crypto_secretstream_xchacha20poly1305_state st;
	uint8_t head[HEAD_MAX],
	    sh[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	uint8_t *key = NULL, *pt = NULL, *ct = NULL;
	unsigned long long plen;
	unsigned char tag = 0;
	char *manifest = NULL;
	size_t hlen = HEAD_FIXED;
	long clen;
	int rc;

	*out_manifest = NULL;
	if ((key = scs_crypto_secalloc(
	         crypto_secretstream_xchacha20poly1305_KEYBYTES)) == NULL ||
	    (pt = malloc(CHUNK + 1)) == NULL ||
	    (ct = malloc(CHUNK + ABYTES)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	if (read_full(in, head, HEAD_FIXED) != 1 ||
	    memcmp(head, MAGIC, 8) != 0) {
		rc = scs_err_set(err, SCS_ECORRUPT, "backup",
		    "not an SCS backup (or of another format)");
		goto done;
	}
	if ((rc = unlock(in, head, &hlen, lk, key, err)) != SCS_OK)
		goto done;
	if (read_full(in, sh, sizeof(sh)) != 1 ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, sh, key) !=
	        0 ||
	    (clen = frame_in(in, ct)) <= 0) {
		rc = scs_err_set(err, SCS_ECORRUPT, "backup", "cut short");
		goto done;
	}
	if (crypto_secretstream_xchacha20poly1305_pull(&st, pt, &plen, &tag, ct,
	        (unsigned long long)clen, head, hlen) != 0 ||
	    tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE) {
		rc = scs_err_set(err, SCS_ECRYPTO,
		    lk->passphrase != NULL ? "passphrase" : "backup",
		    lk->passphrase != NULL
		        ? "wrong passphrase, or the backup was changed"
		        : "the backup was changed");
		goto done;
	}
	if ((manifest = malloc((size_t)plen + 1)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	memcpy(manifest, pt, (size_t)plen);
	manifest[plen] = '\0';
	if ((rc = pull_rest(in, out, &st, pt, ct, err)) != SCS_OK)
		goto done;
	*out_manifest = manifest;
	manifest = NULL;
	rc = SCS_OK;
done:
	sodium_memzero(&st, sizeof(st));
	if (pt != NULL)
		sodium_memzero(pt, CHUNK + 1);
	free(pt);
	free(ct);
	free(manifest);
	scs_crypto_secfree(key);
	return rc;
}
