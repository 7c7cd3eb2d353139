/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto.h - the only module that calls libsodium: sealing sensitive
 * fields (XChaCha20-Poly1305), the key directory, Ed25519 signatures,
 * SHA-256, Argon2id passwords, random tokens and secure memory.
 *
 * Sealed values come in two formats; the first byte says which.
 *
 * Format 1: sealed directly under a register data key.  Registers made
 * before person keys hold their values in it until `scs keys rotate`
 * converts them; it is also the form of a wrapped person key.
 *
 *   offset  size  field
 *   0       1     version, 0x01
 *   1       4     key id, big-endian: the data-encryption key used
 *   5       24    nonce, random
 *   29      n+16  ciphertext of the n-byte plaintext, Poly1305 tag last
 *
 * The associated data is bytes 0-4 followed by "scs/v1/" + an object
 * path chosen by the caller ("person/p1/relatives"), so a ciphertext
 * moved to another record or field fails authentication.
 *
 * Format 2: sealed under the data key of the person the value belongs to
 * (DESIGN.md section 7: crypto-shredding).  The header names no key: the
 * caller finds the person from the record (the kind table's owner) and
 * unwraps that person's key, so `scs keys rotate` re-wraps one key per
 * person and never touches the values.
 *
 *   offset  size  field
 *   0       1     version, 0x02
 *   1       24    nonce, random
 *   25      n+16  ciphertext of the n-byte plaintext, Poly1305 tag last
 *
 * The associated data is byte 0 followed by "scs/v2/" + the object path,
 * as for format 1: a ciphertext moved to another field or record of the
 * same person fails, one moved to another person meets another key.
 *
 * A person's data key (SCS_PKEY_LEN random bytes) is stored wrapped: a
 * format-1 value of the key under the register's current data key, with
 * the object path "person-key/<person id>", so a wrapped key copied to
 * another person fails to unwrap.  Destroying the wrapped key (the
 * register keeps no other copy) makes every format-2 value of that person
 * unrecoverable, with or without the key directory.
 *
 * Key directory (mode 0700, files 0600), beside the database:
 *   dek-<id>.key   32 raw bytes, one per data-encryption key
 *   current        the id of the key new values are sealed under
 *   sign.key       64-byte Ed25519 secret key;  sign.pub  32-byte public
 */
#ifndef SCS_CRYPTO_H
#define SCS_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/merkle.h"
#include "scs/util.h"

#define SCS_SEAL_VERSION   1 /* format 1: under a register data key */
#define SCS_SEAL_OVERHEAD  (1 + 4 + 24 + 16)
#define SCS_SEAL_PERSON    2 /* format 2: under a person's data key */
#define SCS_SEAL2_OVERHEAD (1 + 24 + 16)
#define SCS_PKEY_LEN       32 /* a person's data key */
#define SCS_SIG_LEN        64
#define SCS_PUB_LEN        32
#define SCS_TOKEN_LEN      43 /* base64url of 32 bytes, no padding */
#define SCS_DEVICE_LEN     65 /* device token: 'd' and 64 hex digits */
#define SCS_CODE_LEN       39 /* activation code: 8 groups of 4, dashes */

struct scs_keys;

/** Initialize libsodium.  Call once at start; SCS_OK or SCS_ECRYPTO. */
int scs_crypto_init(void);

/**
 * Create a key directory at @dir (which must not exist) holding data key 1
 * and a fresh Ed25519 key pair.  Files are written, fsynced and renamed
 * into place.  SCS_OK, SCS_ECONFLICT if it exists, SCS_EIO.
 */
int scs_keys_create(const char *dir, struct scs_err *err);

/**
 * Load every key in @dir into secure memory.  Refuses a directory or key
 * file readable by group or others.  The caller frees with scs_keys_free.
 *
 * The set may be shared by threads: sealing, opening, scs_keys_have and
 * scs_keys_add are safe to call concurrently, and the set follows keys
 * that other processes add to @dir (see scs_crypto_seal, scs_crypto_open).
 */
int scs_keys_open(const char *dir, struct scs_keys **out, struct scs_err *err);

/** Wipe and free the keys, once no thread uses them.  NULL is fine. */
void scs_keys_free(struct scs_keys *k);

/**
 * The current data key as this set last read it from the directory (at
 * open, scs_keys_add or the last seal).  Another process may have made a
 * newer one current since; scs_crypto_seal reads the directory itself.
 */
uint32_t scs_keys_current(struct scs_keys *k);

/**
 * Pin the key current on disk for the calling thread's seals until
 * scs_keys_unpin: call right after a write transaction of the register
 * begins (the marker cannot move while it runs; see keys.c).  A marker
 * that cannot be read pins nothing (each seal then reads it, and fails).
 */
void scs_keys_pin(struct scs_keys *k);
void scs_keys_unpin(void);

/**
 * Whether data key @id is in the set, loading it when another process
 * added it to the directory since.
 */
int scs_keys_have(struct scs_keys *k, uint32_t id);

/**
 * Create data key max+1 (max over the directory as it is now, never
 * replacing a key file), make it current (written before the switch, so a
 * crash leaves either the old or the new current, both usable), and return
 * its id.  Adds in several processes are serialized by a lock of the
 * directory, so the current marker only moves forward.
 */
int scs_keys_add(struct scs_keys *k, uint32_t *out_id, struct scs_err *err);

/** The Ed25519 public key. */
const uint8_t *scs_keys_public(const struct scs_keys *k);

/** What may be told of a data key: never its bytes. */
struct scs_key_info {
	uint32_t id;
	bool current;       /* the current marker names it now */
	int64_t created_us; /* its file's modification time; 0 unknown */
};
typedef int (*scs_key_info_cb)(void *arg, const struct scs_key_info *ki);

/**
 * The data keys of the directory as it is now, in id order, with the one
 * the current marker names (read from disk, not the cached id).
 */
int scs_keys_list(struct scs_keys *k, scs_key_info_cb cb, void *arg,
    struct scs_err *err);

/**
 * Seal @len bytes of @pt under the current key with associated data @ad.
 * The current key is the one the directory's current marker names at the
 * moment of the call (read from disk each time), never a remembered one:
 * see scs_keys_sealing in src/crypto/keys.c for why a rotation running in
 * another process then leaves no value under an old key.  @out receives
 * heap bytes the caller frees (scs_blob_free).  SCS_OK; SCS_ECRYPTO,
 * SCS_ECORRUPT or SCS_EIO when the directory cannot be read; SCS_ENOMEM.
 */
int scs_crypto_seal(struct scs_keys *k, const char *ad, const void *pt,
    size_t len, struct scs_blob *out, struct scs_err *err);

/**
 * Open a sealed value.  On success *out_pt is secure memory of *out_len
 * bytes plus a NUL the caller frees with scs_crypto_secfree.  Nothing is
 * returned unless the whole value authenticates.  A key id the set does
 * not hold is loaded from the directory first (another process may have
 * added it).  SCS_ECRYPTO on any mismatch (key not in the directory,
 * tampered, moved) and for a key file with loose modes; SCS_ECORRUPT or
 * SCS_EIO for a key file that cannot be read; SCS_ENOMEM.
 */
int scs_crypto_open(struct scs_keys *k, const char *ad, const uint8_t *ct,
    size_t len, char **out_pt, size_t *out_len, struct scs_err *err);

/** The register key id a format-1 value names; 0 for a format-2 value
 * (under a person's key) and for a malformed one. */
uint32_t scs_crypto_sealed_key(const uint8_t *ct, size_t len);

/** The format of a sealed value: SCS_SEAL_VERSION, SCS_SEAL_PERSON, or 0
 * when it is too short for its format or of no known one. */
int scs_crypto_sealed_format(const uint8_t *ct, size_t len);

/**
 * Seal @len bytes of @pt in format 2 under person key @pkey
 * (SCS_PKEY_LEN bytes) with associated data @ad.  @out receives heap
 * bytes the caller frees (scs_blob_free).  SCS_OK, SCS_ECRYPTO (an
 * associated data too long), SCS_ETOOBIG, SCS_ENOMEM.  Thread-safe.
 */
int scs_crypto_seal_person(const uint8_t *pkey, const char *ad, const void *pt,
    size_t len, struct scs_blob *out, struct scs_err *err);

/**
 * Open a format-2 value under person key @pkey, as scs_crypto_open: on
 * success *out_pt is secure memory of *out_len bytes plus a NUL (free
 * with scs_crypto_secfree); nothing unless the whole value authenticates.
 * SCS_ECRYPTO on any mismatch (another person's key, tampered, moved, a
 * format-1 value), SCS_ENOMEM.
 */
int scs_crypto_open_person(const uint8_t *pkey, const char *ad,
    const uint8_t *ct, size_t len, char **out_pt, size_t *out_len,
    struct scs_err *err);

/**
 * A new data key for person @person: SCS_PKEY_LEN random bytes in secure
 * memory (*out_key, free with scs_crypto_secfree) and the key wrapped
 * under the register's current data key (*out_wrapped, heap, see the
 * format above).  Call inside the write transaction that stores it, as
 * for any seal.  SCS_OK; the errors of scs_crypto_seal.
 */
int scs_crypto_pkey_new(struct scs_keys *k, const char *person,
    uint8_t **out_key, struct scs_blob *out_wrapped, struct scs_err *err);

/** Wrap person @person's key @pkey under the current data key (again:
 * key rotation), into *@out (heap). */
int scs_crypto_pkey_wrap(struct scs_keys *k, const char *person,
    const uint8_t *pkey, struct scs_blob *out, struct scs_err *err);

/**
 * Unwrap person @person's key from its wrapped form: *out_key is
 * SCS_PKEY_LEN bytes of secure memory the caller frees with
 * scs_crypto_secfree as soon as the operation is done with it.
 * SCS_ECRYPTO when it does not authenticate (another person's, tampered,
 * its register key gone), the errors of scs_crypto_open.
 */
int scs_crypto_pkey_unwrap(struct scs_keys *k, const char *person,
    const uint8_t *wrapped, size_t len, uint8_t **out_key, struct scs_err *err);

/** Sign @len bytes with the Ed25519 key. */
void scs_crypto_sign(const struct scs_keys *k, const void *msg, size_t len,
    uint8_t sig[SCS_SIG_LEN]);

/** Sign @len bytes with an Ed25519 secret key @sk (64 bytes, libsodium's
 * form: the seed, then the public key), for keys held outside the key
 * directory such as attestation signing keys. */
void scs_crypto_sign_sk(const uint8_t *sk, const void *msg, size_t len,
    uint8_t sig[SCS_SIG_LEN]);

/** A new Ed25519 key pair: @pk 32 bytes, @sk 64; from the 32-byte @seed
 * when it is not NULL (RFC 8032 test vectors), else at random. */
void scs_crypto_keypair(const uint8_t *seed, uint8_t pk[SCS_PUB_LEN],
    uint8_t sk[64]);

/** Keep the secret half @sk (64 bytes) of attestation signing key @kid
 * (8 bytes) in the key directory as attest-<kid in hex>.key (0600).
 * SCS_ECONFLICT when the file exists. */
int scs_keys_attest_save(struct scs_keys *k, const uint8_t kid[8],
    const uint8_t *sk, struct scs_err *err);

/** Read attestation signing key @kid back into @sk (64 bytes, secure
 * memory the caller holds).  SCS_ENOTFOUND when the directory lacks it. */
int scs_keys_attest_load(struct scs_keys *k, const uint8_t kid[8], uint8_t *sk,
    struct scs_err *err);

/** Base64 (RFC 4648, with padding) of @n bytes into @out (@cap bytes, NUL
 * after): 0, or -1 when it does not fit. */
int scs_crypto_b64(const uint8_t *p, size_t n, char *out, size_t cap);

/** Decode Base64 (RFC 4648, with padding) @s into @out (@cap bytes): 0
 * with *@len, or -1 when @s is not Base64 or does not fit. */
int scs_crypto_unb64(const char *s, uint8_t *out, size_t cap, size_t *len);

/** A MAC of the concatenated @parts under a key derived from the
 * register's signing key for @domain (keyed BLAKE2b-256): for files the
 * program writes and reads back, such as the index cache. */
void scs_keys_mac(const struct scs_keys *k, const char *domain,
    const struct scs_hash_part *parts, size_t nparts, uint8_t out[32]);

/** 0 when @sig is @pub's signature of @msg, -1 otherwise. */
int scs_crypto_verify(const uint8_t pub[SCS_PUB_LEN], const void *msg,
    size_t len, const uint8_t sig[SCS_SIG_LEN]);

/** SHA-256 over the concatenated parts; an scs_sha256_fn. */
void scs_crypto_sha256v(uint8_t out[32], const struct scs_hash_part *parts,
    size_t nparts);

/** SHA-256 of one buffer. */
void scs_crypto_sha256(uint8_t out[32], const void *p, size_t len);

/**
 * Hash a password with Argon2id into @out (a NUL-terminated string of at
 * most 128 bytes).  Passwords shorter than 12 bytes are refused.
 */
int scs_crypto_pwhash(const char *pw, char out[128], struct scs_err *err);

/** 0 when @pw matches @hash, -1 otherwise (also for an empty @hash, after
 * doing the same work, so timing does not tell whether a user exists);
 * -2 when it could not check for want of memory. */
int scs_crypto_pwverify(const char *hash, const char *pw);

/** Fill @p with @len random bytes. */
void scs_crypto_random(void *p, size_t len);

/** SipHash-2-4 of @len bytes under @key: for hash tables whose keys an
 * attacker chooses (no collisions can be aimed without the key). */
uint64_t scs_crypto_shorthash(const uint8_t key[16], const void *p, size_t len);

/** A new 256-bit token, base64url without padding, NUL-terminated. */
void scs_crypto_token(char out[SCS_TOKEN_LEN + 1]);

/** Hex SHA-256 of a token, for storing it (65 bytes with the NUL). */
void scs_crypto_token_hash(const char *token, char out[65]);

/**
 * The CSRF token of session token @token: hex SHA-256 of the domain
 * "scs/v1/csrf" and a NUL, then the token (65 bytes with the NUL).  Not
 * the stored session hash (that is SHA-256 of the token alone), so it is
 * never stored and a copy of the sessions table does not give it.
 */
void scs_crypto_csrf(const char *token, char out[65]);

/** 0 when @given is the CSRF token of session token @token (compared in
 * constant time), -1 otherwise (also for NULL or a wrong length). */
int scs_crypto_csrf_check(const char *token, const char *given);

/**
 * A new one-time activation code: 160 random bits as 32 characters of
 * Crockford's base32 (0-9 and A-Z without I, L, O, U) in 8 groups of 4
 * joined by dashes, "7KQ2-M9XD-...", NUL-terminated.  Easy to read out
 * and type; stored only as scs_crypto_code_hash.
 */
void scs_crypto_code(char out[SCS_CODE_LEN + 1]);

/**
 * Hex SHA-256 of an activation code's canonical form: dashes and spaces
 * dropped, letters upper-cased, O read as 0 and I, L as 1.  0, or -1
 * (and @out "") when @code is not 32 base32 characters.
 */
int scs_crypto_code_hash(const char *code, char out[65]);

/** 0 when @code is the code whose hash is @stored (compared in constant
 * time), -1 otherwise, also for an empty @stored or a malformed @code. */
int scs_crypto_code_verify(const char *stored, const char *code);

/** Memory that is locked, guarded and wiped when freed. */
void *scs_crypto_secalloc(size_t len);
void scs_crypto_secfree(void *p);

/** Wipe @len bytes. */
void scs_crypto_wipe(void *p, size_t len);

/** Constant-time comparison: 0 when equal. */
int scs_crypto_memcmp(const void *a, const void *b, size_t len);

/*
 * Backups (src/crypto/backup.c, whose comment gives the byte format): a
 * stream of the register's bytes under a random file key, locked by a
 * passphrase (Argon2id) or to a recipient's X25519 public key.
 */
#define SCS_BACKUP_KEY_LEN 32

struct scs_backup_lock {
	const char *passphrase;   /* lock or unlock by passphrase; or NULL */
	const uint8_t *recipient; /* seal: lock to this public key; or NULL */
	const uint8_t *identity; /* open: the recipient's secret key; or NULL */
};

/** A new recipient key pair for backups. */
int scs_crypto_backup_keygen(uint8_t pk[SCS_BACKUP_KEY_LEN],
    uint8_t sk[SCS_BACKUP_KEY_LEN]);

/** The public key of backup secret key @sk. */
int scs_crypto_backup_public(const uint8_t sk[SCS_BACKUP_KEY_LEN],
    uint8_t pk[SCS_BACKUP_KEY_LEN]);

/**
 * Write to @out a backup of every byte @in holds until its end, with
 * @manifest (JSON text, at most 64 KiB) authenticated and encrypted
 * first.  SCS_EIO, SCS_ENOMEM, SCS_EINVAL (no lock).
 */
int scs_crypto_backup_seal(int in, int out, const struct scs_backup_lock *lk,
    const char *manifest, struct scs_err *err);

/**
 * Open the backup @in under @lk, writing its bytes to @out and its
 * manifest to *@out_manifest (the caller frees).  Refuses, with a reason,
 * a wrong passphrase or key, and a file changed, cut short or grown; the
 * bytes written to @out before a refusal must then be thrown away.
 */
int scs_crypto_backup_open(int in, int out, const struct scs_backup_lock *lk,
    char **out_manifest, struct scs_err *err);

#endif
