/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qr.h - an attestation code as a QR code (libqrencode): error correction
 * Q, at most version 13 (docs/attestation.md), drawn as PNG (written here
 * with zlib: one-bit grey, no filter) or SVG (one path).  Part of the
 * codec layer: no I/O; the images are malloc'd.
 */
#ifndef SCS_QR_H
#define SCS_QR_H

#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"

#define SCS_QR_MAX_VERSION 13 /* an attestation code */
#define SCS_QR_PASS_VERSION                                                    \
	40              /* a visit pass: any QR code (its site is free text) */
#define SCS_QR_MARGIN 4 /* modules of quiet zone, as the standard asks */

/** The QR code of @text as a PNG of @scale pixels a module into *@out
 * (*@len bytes; free it).  SCS_ETOOBIG naming "code" when it needs a
 * version above @max (SCS_QR_MAX_VERSION for a code); SCS_ENOMEM. */
int scs_qr_png(const char *text, int max, int scale, uint8_t **out, size_t *len,
    int *version, struct scs_err *err);

/** The same as an SVG document (NUL-terminated, free it). */
int scs_qr_svg(const char *text, int max, char **out, int *version,
    struct scs_err *err);

#endif
