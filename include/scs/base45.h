/* SPDX-License-Identifier: Apache-2.0 */
/*
 * base45.h - Base45 (RFC 9285): bytes as text of the 45 characters that a
 * QR code's alphanumeric mode holds, "0"-"9", "A"-"Z", " $%*+-./:".  Every
 * two bytes are three characters, a last odd byte two, least significant
 * first.  The first stage of an attestation code to read back
 * (docs/attestation.md).
 *
 * Part of the codec layer: no I/O, no allocation.  Decoding is strict: a
 * character outside the alphabet, a length that leaves one character
 * over, or a group whose value does not fit its bytes (three characters
 * above 65535, two above 255) is refused, so that each text has at most
 * one decoding and each byte string exactly one encoding.
 */
#ifndef SCS_BASE45_H
#define SCS_BASE45_H

#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"

/** The characters Base45 writes for @n bytes (without a NUL). */
size_t scs_base45_encoded_len(size_t n);

/** The most bytes @n characters can decode to. */
size_t scs_base45_decoded_max(size_t n);

/**
 * Encode @n bytes of @in into @out (@cap bytes, a NUL after the text).
 * SCS_OK with *@len the characters written; SCS_EINVAL (field "base45",
 * nothing written) when @out is too small.
 */
int scs_base45_encode(const uint8_t *in, size_t n, char *out, size_t cap,
    size_t *len, struct scs_err *err);

/**
 * Decode the @n characters of @in into @out (@cap bytes).  SCS_OK with
 * *@len the bytes written; SCS_EINVAL with field "base45" and a reason
 * naming the position (from 1) for a bad character, a bad length, a group
 * out of range, or @out too small; what @out then holds is unspecified.
 */
int scs_base45_decode(const char *in, size_t n, uint8_t *out, size_t cap,
    size_t *len, struct scs_err *err);

#endif
