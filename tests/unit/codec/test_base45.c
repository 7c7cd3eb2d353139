/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_base45.c - Base45 (src/codec/base45.c) against the examples of RFC
 * 9285 section 4, every byte value and length round trip, and each way a
 * text is refused.
 */
#include "helpers.h"

#include "scs/base45.h"

static void
enc(const char *bytes, size_t n, const char *want)
{
	char out[256];
	size_t len;
	struct scs_err err;

	assert_int_equal(scs_base45_encode((const uint8_t *)bytes, n, out,
	                     sizeof(out), &len, &err),
	    SCS_OK);
	assert_int_equal(len, strlen(want));
	assert_string_equal(out, want);
	assert_int_equal(len, scs_base45_encoded_len(n));
}

static void
dec(const char *text, const char *want, size_t n)
{
	uint8_t out[256];
	size_t len;
	struct scs_err err;

	assert_int_equal(scs_base45_decode(text, strlen(text), out, sizeof(out),
	                     &len, &err),
	    SCS_OK);
	assert_int_equal(len, n);
	assert_memory_equal(out, want, n);
}

/* RFC 9285 4.1-4.3: "AB", "Hello!!", "base-45" and "ietf!". */
static void
test_the_rfc_examples(void **state)
{
	(void)state;
	enc("AB", 2, "BB8");
	enc("Hello!!", 7, "%69 VD92EX0");
	enc("base-45", 7, "UJCLQE7W581");
	enc("ietf!", 5, "QED8WEX0");
	enc("", 0, "");
	dec("BB8", "AB", 2);
	dec("%69 VD92EX0", "Hello!!", 7);
	dec("UJCLQE7W581", "base-45", 7);
	dec("QED8WEX0", "ietf!", 5);
	dec("", "", 0);
}

/* Every pair of bytes (and each single byte) goes there and back, and
 * lengths 0..300 of a pseudo-random string do too. */
static void
test_everything_round_trips(void **state)
{
	uint8_t in[300], back[300];
	char text[460];
	size_t len, blen;
	uint32_t x = 12345;

	(void)state;
	/* 256 single bytes, then 65,536 pairs */
	for (unsigned v = 0; v < 256 + 65536; v++) {
		size_t n = v < 256 ? 1 : 2;

		if (n == 1)
			in[0] = (uint8_t)v;
		else
			in[0] = (uint8_t)((v - 256) >> 8),
			in[1] = (uint8_t)(v - 256);
		assert_int_equal(scs_base45_encode(in, n, text, sizeof(text),
		                     &len, NULL),
		    SCS_OK);
		assert_int_equal(scs_base45_decode(text, len, back,
		                     sizeof(back), &blen, NULL),
		    SCS_OK);
		assert_int_equal(blen, n);
		assert_memory_equal(back, in, n);
	}
	for (size_t n = 0; n <= sizeof(in); n++) {
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			in[i] = (uint8_t)(x >> 16);
		}
		assert_int_equal(scs_base45_encode(in, n, text, sizeof(text),
		                     &len, NULL),
		    SCS_OK);
		assert_true(scs_base45_decoded_max(len) == n);
		assert_int_equal(scs_base45_decode(text, len, back,
		                     sizeof(back), &blen, NULL),
		    SCS_OK);
		assert_int_equal(blen, n);
		assert_memory_equal(back, in, n);
	}
}

static void
refused(const char *text, size_t n, size_t cap, const char *why)
{
	uint8_t out[64];
	size_t len = 99;
	struct scs_err err;

	assert_int_equal(scs_base45_decode(text, n, out, cap, &len, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "base45");
	assert_non_null(strstr(err.reason, why));
	assert_int_equal(len, 0);
}

/* Lower case, a character outside the alphabet, a lone last character,
 * groups above their bytes (":::" is 91124; "::" 2024), a NUL inside, and
 * too small an output are refused, naming where. */
static void
test_bad_texts_are_refused(void **state)
{
	(void)state;
	refused("bb8", 3, 64, "character 1 ");
	refused("BB8BB#", 6, 64, "character 6 ");
	refused("BB8B", 4, 64, "leaves one over");
	refused(":::", 3, 64, "group at character 1 ");
	refused("BB8::", 5, 64, "group at character 4 ");
	refused("GGW", 3, 64, "out of range"); /* 16 + 16*45 + 32*2025 */
	refused("BB\0", 3, 64, "character 3 ");
	refused("BB8BB8", 6, 3, "may need 4 bytes");
	/* the largest valid groups */
	dec("FGW", "\xff\xff", 2);
	dec("U5", "\xff", 1);
}

/* An output buffer too small for the text and its NUL is refused. */
static void
test_a_small_buffer_is_refused(void **state)
{
	char out[4];
	size_t len = 99;
	struct scs_err err;

	(void)state;
	assert_int_equal(scs_base45_encode((const uint8_t *)"ABC", 3, out,
	                     sizeof(out), &len, &err),
	    SCS_EINVAL);
	assert_int_equal(len, 0);
	assert_string_equal(err.field, "base45");
	assert_int_equal(scs_base45_encode((const uint8_t *)"AB", 2, out,
	                     sizeof(out), &len, &err),
	    SCS_OK);
	assert_string_equal(out, "BB8");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_rfc_examples),
	    cmocka_unit_test(test_everything_round_trips),
	    cmocka_unit_test(test_bad_texts_are_refused),
	    cmocka_unit_test(test_a_small_buffer_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
