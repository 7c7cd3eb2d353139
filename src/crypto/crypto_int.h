/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_int.h - what the files of src/crypto/ share and no one else sees.
 */
#ifndef SCS_CRYPTO_INT_H
#define SCS_CRYPTO_INT_H

#include <stdint.h>

#include "scs/crypto.h"

/**
 * The 32 key bytes of data key @id into *out_key: read-only secure memory
 * that stays valid until scs_keys_free.  A key not loaded yet is loaded
 * from the directory (under the set's lock).  SCS_OK; SCS_ENOTFOUND when
 * the directory has no dek-<id>.key; SCS_ECRYPTO for loose modes,
 * SCS_ECORRUPT, SCS_EIO, SCS_ENOMEM.  Thread-safe.
 */
int scs_keys_dek(struct scs_keys *k, uint32_t id, const uint8_t **out_key,
    struct scs_err *err);

/**
 * The key to seal under now: the id the directory's current marker names
 * when this is called, and its key bytes (as scs_keys_dek).  SCS_OK;
 * SCS_ECORRUPT when the marker is malformed or names no key present;
 * SCS_ECRYPTO, SCS_EIO, SCS_ENOMEM.  Thread-safe.
 */
int scs_keys_sealing(struct scs_keys *k, uint32_t *out_id,
    const uint8_t **out_key, struct scs_err *err);

/** The Argon2id cost of a new backup's passphrase (crypto.c). */
void scs_crypto_backup_cost(unsigned long long *out_ops, size_t *out_mem);

#endif
