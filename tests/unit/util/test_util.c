/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_util.c - unit tests for src/util/: capped buffers, blobs, bounded
 * copies, hex, decimal parsing (buf.c); the error record and the one table
 * of codes and HTTP statuses (err.c); the hash map (map.c).
 */
#include "helpers.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/map.h"
#include "scs/util.h"

/* ---- scs_buf ---------------------------------------------------------- */

static void
test_buf_appends_and_keeps_a_nul_after_the_contents(void **state)
{
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 1024);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(scs_buf_add(&b, "abc", 3), SCS_OK);
	assert_int_equal(b.len, 3);
	assert_int_equal(b.p[3], '\0');
	assert_int_equal(scs_buf_adds(&b, "def"), SCS_OK);
	assert_int_equal(b.len, 6);
	assert_string_equal((char *)b.p, "abcdef");
	assert_int_equal(scs_buf_add(&b, "", 0), SCS_OK);
	assert_int_equal(b.len, 6);
	assert_int_equal(b.p[6], '\0');
	scs_buf_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
}

static void
test_buf_empty_add_still_terminates(void **state)
{
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 16);
	assert_int_equal(scs_buf_add(&b, NULL, 0), SCS_OK);
	assert_non_null(b.p);
	assert_int_equal(b.p[0], '\0');
	scs_buf_free(&b);
}

static void
test_buf_holds_binary_with_nuls(void **state)
{
	static const uint8_t bin[] = {0, 1, 0, 255, 0};
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 64);
	assert_int_equal(scs_buf_add(&b, bin, sizeof(bin)), SCS_OK);
	assert_int_equal(b.len, sizeof(bin));
	assert_memory_equal(b.p, bin, sizeof(bin));
	assert_int_equal(b.p[sizeof(bin)], '\0');
	scs_buf_free(&b);
}

static void
test_buf_cap_is_enforced_and_contents_stay_unchanged(void **state)
{
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 8);
	assert_int_equal(scs_buf_adds(&b, "12345"), SCS_OK);
	assert_int_equal(scs_buf_adds(&b, "6789"), SCS_ETOOBIG);
	assert_int_equal(b.len, 5);
	assert_string_equal((char *)b.p, "12345");
	assert_int_equal(scs_buf_addf(&b, "%d", 1234), SCS_ETOOBIG);
	assert_int_equal(b.len, 5);
	assert_string_equal((char *)b.p, "12345");
	/* Exactly up to the cap is fine, one more byte is not. */
	assert_int_equal(scs_buf_adds(&b, "678"), SCS_OK);
	assert_int_equal(b.len, 8);
	assert_string_equal((char *)b.p, "12345678");
	assert_int_equal(scs_buf_add(&b, "x", 1), SCS_ETOOBIG);
	assert_int_equal(scs_buf_addf(&b, "%s", "x"), SCS_ETOOBIG);
	assert_int_equal(scs_buf_add(&b, "", 0), SCS_OK);
	assert_string_equal((char *)b.p, "12345678");
	/* A length that would wrap around is refused too. */
	assert_int_equal(scs_buf_add(&b, "x", SIZE_MAX), SCS_ETOOBIG);
	assert_int_equal(b.len, 8);
	scs_buf_free(&b);
}

static void
test_buf_zero_cap_takes_nothing(void **state)
{
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 0);
	assert_int_equal(scs_buf_add(&b, "a", 1), SCS_ETOOBIG);
	assert_int_equal(b.len, 0);
	scs_buf_free(&b);
}

static void
test_buf_addf_formats_and_grows(void **state)
{
	struct scs_buf b;
	size_t i;

	(void)state;
	scs_buf_init(&b, 1 << 20);
	assert_int_equal(scs_buf_addf(&b, "%s=%d;", "a", 42), SCS_OK);
	assert_string_equal((char *)b.p, "a=42;");
	assert_int_equal(scs_buf_addf(&b, "%s", ""), SCS_OK);
	assert_int_equal(b.len, 5);
	/* Grow well past the first allocation. */
	for (i = 0; i < 1000; i++)
		assert_int_equal(scs_buf_addf(&b, "%04zu", i), SCS_OK);
	assert_int_equal(b.len, 5 + 4000);
	assert_memory_equal(b.p + 5, "00000001", 8);
	assert_memory_equal(b.p + b.len - 4, "0999", 4);
	assert_int_equal(b.p[b.len], '\0');
	assert_true(b.size > b.len);
	scs_buf_free(&b);
}

static void
test_buf_reset_forgets_contents_and_keeps_memory(void **state)
{
	struct scs_buf b;
	uint8_t *p;

	(void)state;
	scs_buf_init(&b, 64);
	assert_int_equal(scs_buf_adds(&b, "hello"), SCS_OK);
	p = b.p;
	scs_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_ptr_equal(b.p, p);
	assert_string_equal((char *)b.p, "");
	assert_int_equal(scs_buf_adds(&b, "bye"), SCS_OK);
	assert_string_equal((char *)b.p, "bye");
	scs_buf_free(&b);
	scs_buf_reset(&b); /* a freed buffer resets safely */
}

/* ---- scs_blob ----------------------------------------------------------- */

static void
test_blob_set_copies_and_replaces(void **state)
{
	struct scs_blob b = {NULL, 0};
	char src[4] = {'a', '\0', 'b', 'c'};

	(void)state;
	assert_int_equal(scs_blob_set(&b, src, sizeof(src)), SCS_OK);
	assert_int_equal(b.len, 4);
	src[0] = 'z';
	assert_memory_equal(b.p, "a\0bc", 4);
	assert_int_equal(scs_blob_set(&b, "xy", 2), SCS_OK);
	assert_int_equal(b.len, 2);
	assert_memory_equal(b.p, "xy", 2);
	/* An empty value is a valid, non-NULL, zero-length blob. */
	assert_int_equal(scs_blob_set(&b, NULL, 0), SCS_OK);
	assert_non_null(b.p);
	assert_int_equal(b.len, 0);
	scs_blob_free(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	scs_blob_free(&b); /* twice is fine */
}

/* ---- scs_strlcpy -------------------------------------------------------- */

static void
test_strlcpy_reports_truncation(void **state)
{
	char d[6];

	(void)state;
	memset(d, 'X', sizeof(d));
	assert_true(scs_strlcpy(d, "abc", sizeof(d)));
	assert_string_equal(d, "abc");
	assert_true(scs_strlcpy(d, "abcde", sizeof(d))); /* exactly fits */
	assert_string_equal(d, "abcde");
	assert_false(scs_strlcpy(d, "abcdef", sizeof(d)));
	assert_string_equal(d, "abcde");
	assert_false(scs_strlcpy(d, "a much longer string", sizeof(d)));
	assert_string_equal(d, "a muc");
	assert_true(scs_strlcpy(d, "", sizeof(d)));
	assert_string_equal(d, "");
	d[0] = 'Q';
	assert_false(scs_strlcpy(d, "abc", 0));
	assert_int_equal(d[0], 'Q'); /* size 0 writes nothing */
	assert_false(scs_strlcpy(d, "abc", 1));
	assert_string_equal(d, "");
}

/* ---- UTF-8 ----------------------------------------------------------------
 */

static void
test_utf8_valid_accepts_well_formed_text(void **state)
{
	static const char *const good[] = {"", "abc", "caf\xc3\xa9",
	    "\xe5\xb1\xb1\xe7\x94\xb0", /* 山田 */
	    "\xf0\x9f\x98\x80",         /* U+1F600 */
	    "\xef\xbf\xbd",             /* U+FFFD */
	    "\xf4\x8f\xbf\xbf"};        /* U+10FFFF */
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(good); i++)
		if (!scs_utf8_valid(good[i], strlen(good[i])))
			fail_msg("good[%zu] refused", i);
}

static void
test_utf8_valid_refuses_malformed_bytes(void **state)
{
	static const char *const bad[] =
	    {"\xc3\x28",            /* a lead byte, then no continuation */
	        "\xff\xfe",         /* never in UTF-8 */
	        "\xc3",             /* cut short */
	        "\xe5\xb1",         /* cut short */
	        "\x80",             /* a lone continuation */
	        "\xc0\xaf",         /* overlong '/' */
	        "\xe0\x80\xaf",     /* overlong '/' */
	        "\xed\xa0\x80",     /* a surrogate, U+D800 */
	        "\xf4\x90\x80\x80", /* above U+10FFFF */
	        "\xf8\x88\x80\x80\x80"};
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad); i++)
		if (scs_utf8_valid(bad[i], strlen(bad[i])))
			fail_msg("bad[%zu] accepted", i);
}

static void
test_utf8_repair_writes_each_bad_byte_as_fffd(void **state)
{
	char d[64];

	(void)state;
	assert_true(scs_utf8_repair(d, sizeof(d), "caf\xc3\xa9"));
	assert_string_equal(d, "caf\xc3\xa9");
	assert_false(scs_utf8_repair(d, sizeof(d), "a\xc3(b"));
	assert_string_equal(d, "a\xef\xbf\xbd(b");
	assert_false(scs_utf8_repair(d, sizeof(d), "\xff\xfe"));
	assert_string_equal(d, "\xef\xbf\xbd\xef\xbf\xbd");
	assert_true(scs_utf8_valid(d, strlen(d)));
	/* Too small: stops before a character, never inside one. */
	assert_false(scs_utf8_repair(d, 5, "ab\xe5\xb1\xb1"));
	assert_string_equal(d, "ab");
	assert_false(scs_utf8_repair(d, 3, "\xff"));
	assert_string_equal(d, "");
	assert_false(scs_utf8_repair(d, 0, "x"));
}

/* ---- hex ----------------------------------------------------------------- */

static void
test_hex_round_trips_in_lower_case(void **state)
{
	static const uint8_t bin[] = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
	char hex[2 * sizeof(bin) + 1];
	uint8_t back[sizeof(bin)];

	(void)state;
	scs_hex(hex, bin, sizeof(bin));
	assert_string_equal(hex, "00017f80abff");
	assert_int_equal(scs_unhex(back, sizeof(back), hex), 0);
	assert_memory_equal(back, bin, sizeof(bin));
	assert_int_equal(scs_unhex(back, sizeof(back), "00017F80ABFF"), 0);
	assert_memory_equal(back, bin, sizeof(bin));
	scs_hex(hex, bin, 0);
	assert_string_equal(hex, "");
	assert_int_equal(scs_unhex(back, 0, ""), 0);
}

static void
test_unhex_refuses_bad_digits_and_wrong_lengths(void **state)
{
	uint8_t out[3];

	(void)state;
	assert_int_equal(scs_unhex(out, 3, "00112g"), -1);
	assert_int_equal(scs_unhex(out, 3, "0x1122"), -1);
	assert_int_equal(scs_unhex(out, 3, " 01122"), -1);
	assert_int_equal(scs_unhex(out, 3, "0011-2"), -1);
	assert_int_equal(scs_unhex(out, 3, "00112"), -1);
	assert_int_equal(scs_unhex(out, 3, "0011223"), -1);
	assert_int_equal(scs_unhex(out, 3, "00112233"), -1);
	assert_int_equal(scs_unhex(out, 3, ""), -1);
	assert_int_equal(scs_unhex(out, 3, "aabbcc"), 0);
	assert_memory_equal(out, "\xaa\xbb\xcc", 3);
}

/* ---- scs_parse_u64 ------------------------------------------------------- */

static void
test_parse_u64_accepts_up_to_max(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(scs_parse_u64("0", 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(scs_parse_u64("65535", 65535, &v), 0);
	assert_int_equal(v, 65535);
	assert_int_equal(scs_parse_u64("007", 10, &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(scs_parse_u64("18446744073709551615", UINT64_MAX, &v),
	    0);
	assert_true(v == UINT64_MAX);
}

static void
test_parse_u64_refuses_values_above_max(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(scs_parse_u64("65536", 65535, &v), -1);
	assert_int_equal(scs_parse_u64("1001", 1000, &v), -1);
	assert_int_equal(scs_parse_u64("11", 10, &v), -1);
	assert_int_equal(scs_parse_u64("100000000000", 65535, &v), -1);
	assert_int_equal(v, 99); /* untouched on refusal */
}

static void
test_parse_u64_refuses_a_single_digit_above_a_small_max(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(scs_parse_u64("3", 3, &v), 0);
	assert_int_equal(v, 3);
	v = 99;
	assert_int_equal(scs_parse_u64("5", 3, &v), -1);
	assert_int_equal(scs_parse_u64("1", 0, &v), -1);
	assert_int_equal(scs_parse_u64("9", 8, &v), -1);
	assert_int_equal(v, 99);
}

static void
test_parse_u64_refuses_overflow(void **state)
{
	uint64_t v = 99;

	(void)state;
	assert_int_equal(scs_parse_u64("18446744073709551616", UINT64_MAX, &v),
	    -1);
	assert_int_equal(scs_parse_u64("99999999999999999999", UINT64_MAX, &v),
	    -1);
	assert_int_equal(scs_parse_u64("184467440737095516150", UINT64_MAX, &v),
	    -1);
	assert_int_equal(v, 99);
}

static void
test_parse_u64_refuses_non_digits_and_empty(void **state)
{
	static const char *const bad[] = {"", "-1", "+1", " 1", "1 ", "1a",
	    "0x10", "1.0", "1e3", "١"};
	uint64_t v = 99;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad); i++)
		if (scs_parse_u64(bad[i], UINT64_MAX, &v) != -1)
			fail_msg("\"%s\" parsed as %llu", bad[i],
			    (unsigned long long)v);
	assert_int_equal(scs_parse_u64(NULL, 10, &v), -1);
	assert_int_equal(v, 99);
}

/* ---- scs_err --------------------------------------------------------------
 */

static void
test_err_set_fills_the_record_and_returns_the_code(void **state)
{
	struct scs_err err;

	(void)state;
	assert_int_equal(scs_err_set(&err, SCS_EINVAL, "relatives[2].name",
	                     "must not be %s", "empty"),
	    SCS_EINVAL);
	assert_int_equal(err.rc, SCS_EINVAL);
	assert_string_equal(err.field, "relatives[2].name");
	assert_string_equal(err.reason, "must not be empty");

	assert_int_equal(scs_err_set(&err, SCS_ENOTFOUND, NULL, "gone"),
	    SCS_ENOTFOUND);
	assert_string_equal(err.field, "");
	assert_string_equal(err.reason, "gone");

	assert_int_equal(scs_err_set(NULL, SCS_EIO, "x", "y"), SCS_EIO);

	scs_err_clear(&err);
	assert_int_equal(err.rc, SCS_OK);
	assert_string_equal(err.field, "");
	assert_string_equal(err.reason, "");
	scs_err_clear(NULL);
}

static void
test_err_set_truncates_long_reasons_and_fields(void **state)
{
	char longs[1000];
	struct scs_err err;

	(void)state;
	memset(longs, 'r', sizeof(longs) - 1);
	longs[sizeof(longs) - 1] = '\0';
	(void)scs_err_set(&err, SCS_EINVAL, longs, "%s", longs);
	assert_int_equal(strlen(err.field), SCS_ERR_FIELD_MAX - 1);
	assert_int_equal(strlen(err.reason), SCS_ERR_REASON_MAX - 1);
}

static void
test_err_prefix_builds_json_paths(void **state)
{
	struct scs_err err;

	(void)state;
	(void)scs_err_set(&err, SCS_EINVAL, "name", "bad");
	scs_err_prefix(&err, "relatives[2]");
	assert_string_equal(err.field, "relatives[2].name");
	scs_err_prefix(&err, "person");
	assert_string_equal(err.field, "person.relatives[2].name");
	assert_string_equal(err.reason, "bad");
	assert_int_equal(err.rc, SCS_EINVAL);
}

static void
test_err_prefix_of_an_empty_field_is_the_prefix(void **state)
{
	struct scs_err err;

	(void)state;
	(void)scs_err_set(&err, SCS_EINVAL, "", "bad");
	scs_err_prefix(&err, "relatives");
	assert_string_equal(err.field, "relatives");
	(void)scs_err_set(&err, SCS_EINVAL, NULL, "bad");
	scs_err_prefix(&err, "db");
	assert_string_equal(err.field, "db");
}

static void
test_err_prefix_joins_brackets_without_a_dot(void **state)
{
	struct scs_err err;

	(void)state;
	(void)scs_err_set(&err, SCS_EINVAL, "[1]", "bad");
	scs_err_prefix(&err, "nationalities");
	assert_string_equal(err.field, "nationalities[1]");
	(void)scs_err_set(&err, SCS_EINVAL, "[0].birth_date", "bad");
	scs_err_prefix(&err, "relatives");
	assert_string_equal(err.field, "relatives[0].birth_date");
}

static void
test_err_prefix_ignores_an_empty_prefix_and_null(void **state)
{
	struct scs_err err;
	char longp[400];

	(void)state;
	(void)scs_err_set(&err, SCS_EINVAL, "name", "bad");
	scs_err_prefix(&err, "");
	assert_string_equal(err.field, "name");
	scs_err_prefix(&err, NULL);
	assert_string_equal(err.field, "name");
	scs_err_prefix(NULL, "x");
	/* A prefix too long for the field is cut, and stays terminated. */
	memset(longp, 'p', sizeof(longp) - 1);
	longp[sizeof(longp) - 1] = '\0';
	scs_err_prefix(&err, longp);
	assert_int_equal(strlen(err.field), SCS_ERR_FIELD_MAX - 1);
}

static void
test_every_code_has_its_machine_code_and_http_status(void **state)
{
	static const struct {
		enum scs_rc rc;
		const char *code;
		int http;
	} want[] = {
	    {SCS_OK, "ok", 200},
	    {SCS_ENOMEM, "out_of_memory", 503},
	    {SCS_EINVAL, "invalid", 400},
	    {SCS_ENOTFOUND, "not_found", 404},
	    {SCS_EDENIED, "forbidden", 403},
	    {SCS_ECONFLICT, "conflict", 409},
	    {SCS_EIO, "io_error", 500},
	    {SCS_ECORRUPT, "corrupt", 500},
	    {SCS_ECRYPTO, "crypto_error", 500},
	    {SCS_EAUTH, "unauthenticated", 401},
	    {SCS_ELOCKED, "locked", 429},
	    {SCS_ETOOBIG, "too_large", 413},
	    {SCS_EMEDIA, "unsupported_media_type", 415},
	    {SCS_EBUSY, "busy", 503},
	    {SCS_EMETHOD, "method_not_allowed", 405},
	    {SCS_EINTERNAL, "internal", 500},
	    {SCS_EURILONG, "uri_too_long", 414},
	    {SCS_EHEADERS, "headers_too_large", 431},
	    {SCS_ECSRF, "csrf", 403},
	    {SCS_ELIMIT, "rate_limited", 429},
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < SCS_NELEM(want); i++) {
		assert_int_equal(want[i].rc, i); /* never renumbered */
		assert_string_equal(scs_rc_code(want[i].rc), want[i].code);
		assert_int_equal(scs_rc_http(want[i].rc), want[i].http);
	}
	/* Machine codes are distinct. */
	for (i = 0; i < SCS_NELEM(want); i++)
		for (j = 0; j < i; j++)
			assert_string_not_equal(scs_rc_code(want[i].rc),
			    scs_rc_code(want[j].rc));
}

/* scs serve --idle-timeout: s, m, h, d; a whole number from 1. */
static void
test_parse_duration(void **state)
{
	static const struct {
		const char *s;
		int64_t want; /* -1: refused */
	} cases[] = {
	    {"900s", 900},
	    {"30m", 1800},
	    {"1h", 3600},
	    {"2d", 172800},
	    {"100000s", 100000},
	    {"0m", -1},
	    {"m", -1},
	    {"30", -1},
	    {"30M", -1},
	    {"1w", -1},
	    {"-5s", -1},
	    {"1.5h", -1},
	    {"100001s", -1},
	    {"", -1},
	    {" 5s", -1},
	};
	size_t i;
	int64_t v;

	(void)state;
	for (i = 0; i < SCS_NELEM(cases); i++) {
		v = -1;
		if (scs_parse_duration(cases[i].s, &v) != 0)
			v = -1;
		assert_int_equal(v, cases[i].want);
	}
	assert_int_equal(scs_parse_duration(NULL, &v), -1);
}

static void
test_an_out_of_range_code_is_internal_500(void **state)
{
	(void)state;
	assert_string_equal(scs_rc_code((enum scs_rc)(SCS_ELIMIT + 1)),
	    "internal");
	assert_int_equal(scs_rc_http((enum scs_rc)(SCS_ELIMIT + 1)), 500);
	assert_string_equal(scs_rc_code((enum scs_rc)1000), "internal");
	assert_int_equal(scs_rc_http((enum scs_rc)1000), 500);
	assert_string_equal(scs_rc_code((enum scs_rc) - 1), "internal");
	assert_int_equal(scs_rc_http((enum scs_rc) - 1), 500);
}

/* ---- scs_map ---------------------------------------------------------- */

#define NKEYS 12000

struct val {
	uint64_t n;
	double d;
	uint32_t tag;
};

/* Key @i: 8 bytes holding NULs, so C-string handling would collide. */
static size_t
key_of(uint8_t *k, size_t i)
{
	k[0] = 0;
	k[1] = (uint8_t)(i >> 16);
	k[2] = 0;
	k[3] = (uint8_t)(i >> 8);
	k[4] = 0;
	k[5] = (uint8_t)i;
	k[6] = 0;
	k[7] = 0;
	return 7 + i % 2; /* odd keys carry one more NUL */
}

static void
test_map_inserts_finds_and_zeroes_new_values(void **state)
{
	struct scs_map *m = scs_map_new(sizeof(int));
	int *v;

	(void)state;
	assert_non_null(m);
	assert_int_equal(scs_map_count(m), 0);
	assert_null(scs_map_get(m, "a", 1, 0));
	assert_int_equal(scs_map_count(m), 0);
	v = scs_map_get(m, "a", 1, 1);
	assert_non_null(v);
	assert_int_equal(*v, 0);
	*v = 41;
	v = scs_map_get(m, "a", 1, 1);
	assert_int_equal(*v, 41);
	assert_int_equal(scs_map_count(m), 1);
	v = scs_map_get(m, "a", 1, 0);
	assert_non_null(v);
	assert_int_equal(*v, 41);
	/* "a" and "a\0" are different keys; so is the empty key. */
	assert_null(scs_map_get(m, "a\0", 2, 0));
	assert_non_null(scs_map_get(m, "a\0", 2, 1));
	assert_non_null(scs_map_get(m, "", 0, 1));
	assert_int_equal(scs_map_count(m), 3);
	assert_int_equal(*(int *)scs_map_get(m, "a", 1, 0), 41);
	scs_map_free(m);
	scs_map_free(NULL);
}

static void
test_map_values_are_aligned_for_any_type(void **state)
{
	struct scs_map *m = scs_map_new(sizeof(struct val));
	char key[16];
	size_t i;
	void *v;

	(void)state;
	assert_non_null(m);
	for (i = 0; i < 16; i++) {
		memset(key, 'k', sizeof(key));
		v = scs_map_get(m, key, i, 1); /* every key length 0..15 */
		assert_non_null(v);
		assert_int_equal((uintptr_t)v % alignof(struct val), 0);
		((struct val *)v)->n = i;
	}
	scs_map_free(m);
}

static void
test_map_grows_past_ten_thousand_keys_holding_nuls(void **state)
{
	struct scs_map *m = scs_map_new(sizeof(struct val));
	struct val *v;
	uint8_t k[8];
	size_t i, klen;

	(void)state;
	assert_non_null(m);
	for (i = 0; i < NKEYS; i++) {
		klen = key_of(k, i);
		v = scs_map_get(m, k, klen, 1);
		assert_non_null(v);
		assert_true(v->n == 0);
		v->n = i;
		v->tag = (uint32_t)(i * 7);
	}
	assert_int_equal(scs_map_count(m), NKEYS);
	/* Every value survived every growth. */
	for (i = 0; i < NKEYS; i++) {
		klen = key_of(k, i);
		v = scs_map_get(m, k, klen, 0);
		if (v == NULL || v->n != i || v->tag != (uint32_t)(i * 7))
			fail_msg("key %zu lost or wrong", i);
	}
	/* Same bytes, other length: absent. */
	klen = key_of(k, 2);
	assert_null(scs_map_get(m, k, klen + 1, 0));
	/* Looking up existing keys with create adds nothing. */
	for (i = 0; i < NKEYS; i += 97) {
		klen = key_of(k, i);
		assert_non_null(scs_map_get(m, k, klen, 1));
	}
	assert_int_equal(scs_map_count(m), NKEYS);
	scs_map_free(m);
}

struct seen {
	uint8_t *hit;
	size_t visits;
	size_t stop_after;
};

static int
visit(void *arg, const void *key, size_t klen, void *value)
{
	struct seen *s = arg;
	const struct val *v = value;
	uint8_t k[8];

	assert_true(v->n < NKEYS);
	assert_int_equal(klen, key_of(k, (size_t)v->n));
	assert_memory_equal(key, k, klen);
	s->hit[v->n]++;
	s->visits++;
	return s->stop_after != 0 && s->visits == s->stop_after ? 7 : 0;
}

static void
test_map_each_visits_every_entry_once_and_can_stop(void **state)
{
	struct scs_map *m = scs_map_new(sizeof(struct val));
	struct seen s = {NULL, 0, 0};
	uint8_t k[8];
	size_t i;

	(void)state;
	assert_non_null(m);
	s.hit = calloc(NKEYS, 1);
	assert_non_null(s.hit);
	for (i = 0; i < NKEYS; i++)
		((struct val *)scs_map_get(m, k, key_of(k, i), 1))->n = i;
	assert_int_equal(scs_map_each(m, visit, &s), 0);
	assert_int_equal(s.visits, NKEYS);
	for (i = 0; i < NKEYS; i++)
		if (s.hit[i] != 1)
			fail_msg("key %zu visited %u times", i, s.hit[i]);
	s.visits = 0;
	s.stop_after = 10;
	assert_int_equal(scs_map_each(m, visit, &s), 7);
	assert_int_equal(s.visits, 10);
	free(s.hit);
	scs_map_free(m);
}

struct trow {
	char key[3][6];
	uint64_t n[2];
};

static void
test_map_tuple_keys_make_rows_sorted_by_column(void **state)
{
	const char *k1[] = {"b", "x"}, *k2[] = {"a", "zz"}, *k3[] = {"ab", ""},
	           *k4[] = {"a", "z"}, *longk[] = {"abcdef"};
	struct scs_map *m = scs_map_new(2 * sizeof(uint64_t));
	struct trow *rows;
	uint64_t *v;
	size_t n;
	int rc = SCS_OK;

	(void)state;
	assert_non_null(m);
	/* Empty: no rows, and NULL. */
	assert_int_equal(scs_map_rows(m, 3, 5, offsetof(struct trow, n),
	                     sizeof(struct trow), (void **)&rows, &n),
	    SCS_OK);
	assert_null(rows);
	assert_int_equal(n, 0);
	v = scs_map_tuple(m, k1, 2, 5, 4, &rc);
	v[0] = 1;
	v = scs_map_tuple(m, k2, 2, 5, 4, &rc);
	v[1] = 2;
	v = scs_map_tuple(m, k3, 2, 5, 4, &rc);
	v[0] = 3;
	v = scs_map_tuple(m, k4, 2, 5, 4, &rc);
	v[0] = 4;
	/* The same tuple: the same slot, counted once. */
	v = scs_map_tuple(m, k1, 2, 5, 4, &rc);
	assert_true(v[0] == 1);
	assert_int_equal(scs_map_count(m), 4);
	assert_int_equal(rc, SCS_OK);
	/* A key past its bound; a fifth row past the bound of four. */
	assert_null(scs_map_tuple(m, longk, 1, 5, 4, &rc));
	assert_int_equal(rc, SCS_EINVAL);
	assert_null(scs_map_tuple(m, k1, 1, 5, 4, &rc));
	assert_int_equal(rc, SCS_ETOOBIG);
	/* A value that would not fit in the row. */
	assert_int_equal(scs_map_rows(m, 3, 5, sizeof(struct trow) - 8,
	                     sizeof(struct trow), (void **)&rows, &n),
	    SCS_EINVAL);
	assert_int_equal(scs_map_rows(m, 3, 5, offsetof(struct trow, n),
	                     sizeof(struct trow), (void **)&rows, &n),
	    SCS_OK);
	assert_int_equal(n, 4);
	/* By the first column, then the second: "a" "z" < "a" "zz" <
	 * "ab" "" < "b" "x"; the third column is "" throughout. */
	assert_string_equal(rows[0].key[0], "a");
	assert_string_equal(rows[0].key[1], "z");
	assert_true(rows[0].n[0] == 4);
	assert_string_equal(rows[1].key[1], "zz");
	assert_true(rows[1].n[1] == 2);
	assert_string_equal(rows[2].key[0], "ab");
	assert_string_equal(rows[2].key[1], "");
	assert_true(rows[2].n[0] == 3);
	assert_string_equal(rows[3].key[0], "b");
	assert_true(rows[3].n[0] == 1);
	for (n = 0; n < 4; n++)
		assert_string_equal(rows[n].key[2], "");
	free(rows);
	scs_map_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_buf_appends_and_keeps_a_nul_after_the_contents),
	    cmocka_unit_test(test_buf_empty_add_still_terminates),
	    cmocka_unit_test(test_buf_holds_binary_with_nuls),
	    cmocka_unit_test(
	        test_buf_cap_is_enforced_and_contents_stay_unchanged),
	    cmocka_unit_test(test_buf_zero_cap_takes_nothing),
	    cmocka_unit_test(test_buf_addf_formats_and_grows),
	    cmocka_unit_test(test_buf_reset_forgets_contents_and_keeps_memory),
	    cmocka_unit_test(test_blob_set_copies_and_replaces),
	    cmocka_unit_test(test_strlcpy_reports_truncation),
	    cmocka_unit_test(test_utf8_valid_accepts_well_formed_text),
	    cmocka_unit_test(test_utf8_valid_refuses_malformed_bytes),
	    cmocka_unit_test(test_utf8_repair_writes_each_bad_byte_as_fffd),
	    cmocka_unit_test(test_hex_round_trips_in_lower_case),
	    cmocka_unit_test(test_unhex_refuses_bad_digits_and_wrong_lengths),
	    cmocka_unit_test(test_parse_u64_accepts_up_to_max),
	    cmocka_unit_test(test_parse_u64_refuses_values_above_max),
	    cmocka_unit_test(
	        test_parse_u64_refuses_a_single_digit_above_a_small_max),
	    cmocka_unit_test(test_parse_u64_refuses_overflow),
	    cmocka_unit_test(test_parse_u64_refuses_non_digits_and_empty),
	    cmocka_unit_test(
	        test_err_set_fills_the_record_and_returns_the_code),
	    cmocka_unit_test(test_err_set_truncates_long_reasons_and_fields),
	    cmocka_unit_test(test_err_prefix_builds_json_paths),
	    cmocka_unit_test(test_err_prefix_of_an_empty_field_is_the_prefix),
	    cmocka_unit_test(test_err_prefix_joins_brackets_without_a_dot),
	    cmocka_unit_test(test_err_prefix_ignores_an_empty_prefix_and_null),
	    cmocka_unit_test(
	        test_every_code_has_its_machine_code_and_http_status),
	    cmocka_unit_test(test_an_out_of_range_code_is_internal_500),
	    cmocka_unit_test(test_parse_duration),
	    cmocka_unit_test(test_map_inserts_finds_and_zeroes_new_values),
	    cmocka_unit_test(test_map_values_are_aligned_for_any_type),
	    cmocka_unit_test(
	        test_map_grows_past_ten_thousand_keys_holding_nuls),
	    cmocka_unit_test(
	        test_map_each_visits_every_entry_once_and_can_stop),
	    cmocka_unit_test(test_map_tuple_keys_make_rows_sorted_by_column),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
