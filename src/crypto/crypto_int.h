/* SPDX-License-Identifier: Apache-2.0 */
/*
 * crypto_int.h - what the files of src/crypto/ share and no one else sees.
 */
#ifndef SCS_CRYPTO_INT_H
#define SCS_CRYPTO_INT_H

#include <stdint.h>

#include "scs/crypto.h"

/** The 32 key bytes of data key @id (secure memory), or NULL. */
const uint8_t *scs_keys_dek(const struct scs_keys *k, uint32_t id);

#endif
