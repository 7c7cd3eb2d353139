/* SPDX-License-Identifier: Apache-2.0 */
/*
 * base45.c - Base45 (RFC 9285; base45.h).
 */
#include "scs/base45.h"

static const char alphabet[45] =
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/* The value of character @c, or -1 outside the alphabet. */
static int
value_of(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	switch (c) {
	case ' ':
		return 36;
	case '$':
		return 37;
	case '%':
		return 38;
	case '*':
		return 39;
	case '+':
		return 40;
	case '-':
		return 41;
	case '.':
		return 42;
	case '/':
		return 43;
	case ':':
		return 44;
	default:
		return -1;
	}
}

size_t
scs_base45_encoded_len(size_t n)
{
	return n / 2 * 3 + n % 2 * 2;
}

size_t
scs_base45_decoded_max(size_t n)
{
	return n / 3 * 2 + (n % 3 == 2 ? 1 : 0);
}

int
scs_base45_encode(const uint8_t *in, size_t n, char *out, size_t cap,
    size_t *len, struct scs_err *err)
{
	size_t need = scs_base45_encoded_len(n), at = 0;

	*len = 0;
	if (need >= cap || (n > 0 && need < n))
		return scs_err_set(err, SCS_EINVAL, "base45",
		    "%zu bytes need %zu characters and a NUL", n, need);
	for (size_t i = 0; i + 1 < n; i += 2) {
		unsigned v = (unsigned)in[i] << 8 | in[i + 1];

		out[at++] = alphabet[v % 45];
		out[at++] = alphabet[v / 45 % 45];
		out[at++] = alphabet[v / 2025];
	}
	if (n % 2 == 1) {
		unsigned v = in[n - 1];

		out[at++] = alphabet[v % 45];
		out[at++] = alphabet[v / 45];
	}
	out[at] = '\0';
	*len = at;
	return SCS_OK;
}

int
scs_base45_decode(const char *in, size_t n, uint8_t *out, size_t cap,
    size_t *len, struct scs_err *err)
{
	size_t at = 0;

	*len = 0;
	if (n % 3 == 1)
		return scs_err_set(err, SCS_EINVAL, "base45",
		    "a length of %zu characters leaves one over", n);
	if (scs_base45_decoded_max(n) > cap)
		return scs_err_set(err, SCS_EINVAL, "base45",
		    "%zu characters may need %zu bytes", n,
		    scs_base45_decoded_max(n));
	for (size_t i = 0; i < n; i += 3) {
		size_t k = n - i >= 3 ? 3 : 2;
		unsigned long v = 0, scale = 1;

		for (size_t j = 0; j < k; j++, scale *= 45) {
			int d = value_of((unsigned char)in[i + j]);

			if (d < 0)
				return scs_err_set(err, SCS_EINVAL, "base45",
				    "character %zu is not of the alphabet",
				    i + j + 1);
			v += (unsigned long)d * scale;
		}
		if (v > (k == 3 ? 65535UL : 255UL))
			return scs_err_set(err, SCS_EINVAL, "base45",
			    "the group at character %zu is out of range",
			    i + 1);
		if (k == 3)
			out[at++] = (uint8_t)(v >> 8);
		out[at++] = (uint8_t)(v & 0xff);
	}
	*len = at;
	return SCS_OK;
}
