/* SPDX-License-Identifier: Apache-2.0 */
/*
 * qr.c - QR codes of attestation codes (include/scs/qr.h).  libqrencode
 * lays out the modules; the PNG is written here (signature, IHDR, one
 * IDAT of zlib-compressed scanlines, IEND, each chunk with its CRC-32 from
 * zlib) because a one-bit grey image needs nothing more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <qrencode.h>

#include "scs/qr.h"

static int
encode(const char *text, int max, QRcode **out, struct scs_err *err)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_Q, QR_MODE_8, 1);

	if (qr == NULL)
		return scs_err_set(err, SCS_ETOOBIG, "code",
		    "does not fit in a QR code at error correction Q");
	if (qr->version > max) {
		int v = qr->version;

		QRcode_free(qr);
		return scs_err_set(err, SCS_ETOOBIG, "code",
		    "needs QR version %d, above %d at error correction Q", v,
		    max);
	}
	*out = qr;
	return SCS_OK;
}

static int
dark(const QRcode *qr, int x, int y)
{
	x -= SCS_QR_MARGIN;
	y -= SCS_QR_MARGIN;
	if (x < 0 || y < 0 || x >= qr->width || y >= qr->width)
		return 0;
	return qr->data[y * qr->width + x] & 1;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* A chunk of @n bytes of @type and @data at @out; its length, 12 + n. */
static size_t
chunk(uint8_t *out, const char *type, const uint8_t *data, size_t n)
{
	uLong crc;

	put32(out, (uint32_t)n);
	memcpy(out + 4, type, 4);
	if (n > 0)
		memcpy(out + 8, data, n);
	crc = crc32(0L, out + 4, (uInt)(n + 4));
	put32(out + 8 + n, (uint32_t)crc);
	return 12 + n;
}

int
scs_qr_png(const char *text, int max, int scale, uint8_t **out, size_t *len,
    int *version, struct scs_err *err)
{
	static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a,
	    '\n'};
	QRcode *qr = NULL;
	uint8_t ihdr[13], *raw = NULL, *zip = NULL, *png = NULL;
	size_t side, row, at = 0, y, x;
	uLongf nzip;
	int rc;

	*out = NULL;
	*len = 0;
	if (scale < 1 || scale > 32)
		return scs_err_set(err, SCS_EINVAL, "scale",
		    "must be from 1 to 32 pixels a module");
	if ((rc = encode(text, max, &qr, err)) != SCS_OK || qr == NULL)
		return rc;
	*version = qr->version;
	side = (size_t)(qr->width + 2 * SCS_QR_MARGIN) * (size_t)scale;
	row = 1 + (side + 7) / 8;
	nzip = compressBound(row * side);
	if ((raw = calloc(row * side, 1)) == NULL ||
	    (zip = malloc(nzip)) == NULL || (png = malloc(nzip + 64)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	/* One bit a pixel, 1 white: filter byte 0, then the row. */
	for (y = 0; y < side; y++)
		for (x = 0; x < side; x++)
			if (!dark(qr, (int)(x / (size_t)scale),
			        (int)(y / (size_t)scale)))
				raw[y * row + 1 + x / 8] |=
				    (uint8_t)(0x80 >> (x % 8));
	if (compress2(zip, &nzip, raw, row * side, Z_BEST_COMPRESSION) !=
	    Z_OK) {
		rc = scs_err_set(err, SCS_EINTERNAL, "", "zlib failed");
		goto out;
	}
	put32(ihdr, (uint32_t)side);
	put32(ihdr + 4, (uint32_t)side);
	ihdr[8] = 1;  /* bit depth */
	ihdr[9] = 0;  /* grey */
	ihdr[10] = 0; /* deflate */
	ihdr[11] = 0; /* filter method 0 */
	ihdr[12] = 0; /* no interlace */
	memcpy(png, sig, sizeof(sig));
	at = sizeof(sig);
	at += chunk(png + at, "IHDR", ihdr, sizeof(ihdr));
	at += chunk(png + at, "IDAT", zip, nzip);
	at += chunk(png + at, "IEND", NULL, 0);
	*out = png;
	*len = at;
	png = NULL;
out:
	free(raw);
	free(zip);
	free(png);
	QRcode_free(qr);
	return rc;
}

int
scs_qr_svg(const char *text, int max, char **out, int *version,
    struct scs_err *err)
{
	QRcode *qr = NULL;
	size_t cap, at = 0;
	char *s;
	int rc, side, x, y;

	*out = NULL;
	if ((rc = encode(text, max, &qr, err)) != SCS_OK || qr == NULL)
		return rc;
	*version = qr->version;
	side = qr->width + 2 * SCS_QR_MARGIN;
	cap = 512 + (size_t)qr->width * (size_t)qr->width * 16;
	if ((s = malloc(cap)) == NULL) {
		QRcode_free(qr);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	at += (size_t)snprintf(s + at, cap - at,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
	    "shape-rendering=\"crispEdges\">"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
	    "<path fill=\"#000\" d=\"",
	    side, side, side, side);
	for (y = 0; y < side; y++)
		for (x = 0; x < side; x++)
			if (dark(qr, x, y))
				at += (size_t)snprintf(s + at, cap - at,
				    "M%d %dh1v1h-1z", x, y);
	(void)snprintf(s + at, cap - at, "\"/></svg>\n");
	QRcode_free(qr);
	*out = s;
	return SCS_OK;
}
