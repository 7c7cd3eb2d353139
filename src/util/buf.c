/* SPDX-License-Identifier: Apache-2.0 */
/*
 * buf.c - growable buffers with a hard cap, blobs, bounded string copies
 * and hex.  No domain knowledge; never aborts on bad input.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scs/err.h"
#include "scs/util.h"

void
scs_buf_init(struct scs_buf *b, size_t cap)
{
	b->p = NULL;
	b->len = 0;
	b->size = 0;
	b->cap = cap;
}

static int
grow(struct scs_buf *b, size_t need)
{
	size_t nsize;
	uint8_t *np;

	if (need > b->cap)
		return SCS_ETOOBIG;
	if (need + 1 <= b->size)
		return SCS_OK;
	nsize = b->size ? b->size : 256;
	while (nsize < need + 1)
		nsize *= 2;
	if (nsize > b->cap + 1)
		nsize = b->cap + 1;
	np = realloc(b->p, nsize);
	if (np == NULL)
		return SCS_ENOMEM;
	b->p = np;
	b->size = nsize;
	return SCS_OK;
}

int
scs_buf_add(struct scs_buf *b, const void *p, size_t len)
{
	int rc;

	if (len > b->cap || b->len > b->cap - len)
		return SCS_ETOOBIG;
	if ((rc = grow(b, b->len + len)) != SCS_OK)
		return rc;
	if (len > 0)
		memcpy(b->p + b->len, p, len);
	b->len += len;
	b->p[b->len] = '\0';
	return SCS_OK;
}

int
scs_buf_adds(struct scs_buf *b, const char *s)
{
	return scs_buf_add(b, s, strlen(s));
}

int
scs_buf_addf(struct scs_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return SCS_EINVAL;
	if ((size_t)n > b->cap || b->len > b->cap - (size_t)n)
		return SCS_ETOOBIG;
	if ((rc = grow(b, b->len + (size_t)n)) != SCS_OK)
		return rc;
	va_start(ap, fmt);
	(void)vsnprintf((char *)b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SCS_OK;
}

void
scs_buf_reset(struct scs_buf *b)
{
	b->len = 0;
	if (b->p != NULL)
		b->p[0] = '\0';
}

void
scs_buf_free(struct scs_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
	b->size = 0;
}

int
scs_blob_set(struct scs_blob *b, const void *p, size_t len)
{
	uint8_t *np;

	np = malloc(len > 0 ? len : 1);
	if (np == NULL)
		return SCS_ENOMEM;
	if (len > 0)
		memcpy(np, p, len);
	free(b->p);
	b->p = np;
	b->len = len;
	return SCS_OK;
}

void
scs_blob_free(struct scs_blob *b)
{
	free(b->p);
	b->p = NULL;
	b->len = 0;
}

bool
scs_strlcpy(char *dst, const char *src, size_t size)
{
	size_t n;

	if (size == 0)
		return false;
	n = strlen(src);
	if (n >= size) {
		memcpy(dst, src, size - 1);
		dst[size - 1] = '\0';
		return false;
	}
	memcpy(dst, src, n + 1);
	return true;
}

void
scs_hex(char *out, const uint8_t *p, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 15];
	}
	out[2 * len] = '\0';
}

int
scs_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int
scs_unhex(uint8_t *out, size_t len, const char *hex)
{
	size_t i;
	int hi, lo;

	if (strlen(hex) != 2 * len)
		return -1;
	for (i = 0; i < len; i++) {
		hi = scs_hexval(hex[2 * i]);
		lo = scs_hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int
scs_parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;

	if (s == NULL || *s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || (uint64_t)(*s - '0') > max)
			return -1;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

int
scs_parse_days(const char *s, int64_t *out_seconds)
{
	char num[16];
	uint64_t n;
	size_t len = s != NULL ? strlen(s) : 0;
	int64_t unit;

	if (len < 2 || len > sizeof(num))
		return -1;
	switch (s[len - 1]) {
	case 'd':
		unit = 86400;
		break;
	case 'w':
		unit = (int64_t)7 * 86400;
		break;
	case 'y':
		unit = (int64_t)365 * 86400;
		break;
	default:
		return -1;
	}
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	if (scs_parse_u64(num, 100000, &n) != 0 || n == 0)
		return -1;
	*out_seconds = (int64_t)n * unit;
	return 0;
}

int
scs_parse_duration(const char *s, int64_t *out_seconds)
{
	char num[16];
	uint64_t n;
	size_t len = s != NULL ? strlen(s) : 0;
	int64_t unit;

	if (len < 2 || len > sizeof(num))
		return -1;
	switch (s[len - 1]) {
	case 's':
		unit = 1;
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		return -1;
	}
	memcpy(num, s, len - 1);
	num[len - 1] = '\0';
	if (scs_parse_u64(num, 100000, &n) != 0 || n == 0)
		return -1;
	*out_seconds = (int64_t)n * unit;
	return 0;
}

/* The length of the well-formed UTF-8 character at @s (of @n bytes left),
 * or 0 when it is not one (RFC 3629 section 4). */
static size_t
utf8_char(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		len = 2;
		cp = s[0] & 0x1fU;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		len = 3;
		cp = s[0] & 0x0fU;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		len = 4;
		cp = s[0] & 0x07U;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fU);
	}
	if (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)))
		return 0;
	if (len == 4 && (cp < 0x10000 || cp > 0x10ffff))
		return 0;
	return len;
}

bool
scs_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;

	while (i < len) {
		if ((n = utf8_char(p + i, len - i)) == 0)
			return false;
		i += n;
	}
	return true;
}

bool
scs_utf8_repair(char *dst, size_t size, const char *src)
{
	static const char fffd[] = "\xef\xbf\xbd";
	const unsigned char *p = (const unsigned char *)src;
	size_t len = strlen(src), i = 0, o = 0, n;
	bool clean = true;

	if (size == 0)
		return false;
	while (i < len) {
		n = utf8_char(p + i, len - i);
		if (n == 0) {
			if (o + 3 >= size)
				break;
			memcpy(dst + o, fffd, 3);
			o += 3;
			i++;
			clean = false;
			continue;
		}
		if (o + n >= size)
			break;
		memcpy(dst + o, p + i, n);
		o += n;
		i += n;
	}
	dst[o] = '\0';
	return clean && i == len;
}

void
scs_sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	(void)nanosleep(&ts, NULL);
}
