/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_time.c - times of src/core/time.c in microseconds, as the audit log
 * keeps and shows them: RFC 3339 with fractions (rounded up to the next
 * microsecond, so "t >= from" and "t < to" keep their meaning), bare dates
 * as midnight UTC, offsets; and the one output form with six digits.
 */
#include "helpers.h"

#include "scs/time.h"

#define DAY_US   (86400LL * 1000000)
/* 2026-01-15T00:00:00Z */
#define JAN15_US (1768435200LL * 1000000)

static int64_t
us_of(const char *s)
{
	struct scs_err err;
	int64_t us = 0;

	if (scs_time_parse_us(s, strlen(s), "from", &us, &err) != SCS_OK)
		fail_msg("\"%s\": %s", s, err.reason);
	return us;
}

static void
test_parse_us_keeps_the_fraction(void **state)
{
	(void)state;
	assert_int_equal(us_of("2026-01-15"), JAN15_US);
	assert_int_equal(us_of("2026-01-15T00:00:00Z"), JAN15_US);
	assert_int_equal(us_of("2026-01-15T10:00:00.123456Z"),
	    JAN15_US + 36000LL * 1000000 + 123456);
	assert_int_equal(us_of("2026-01-15T10:00:00.5Z"),
	    JAN15_US + 36000LL * 1000000 + 500000);
	assert_int_equal(us_of("2026-01-15T10:00:00.123Z"),
	    JAN15_US + 36000LL * 1000000 + 123000);
	/* Beyond microseconds: rounded up, exact zeros change nothing. */
	assert_int_equal(us_of("2026-01-15T10:00:00.1234561Z"),
	    JAN15_US + 36000LL * 1000000 + 123457);
	assert_int_equal(us_of("2026-01-15T10:00:00.123456000Z"),
	    JAN15_US + 36000LL * 1000000 + 123456);
	assert_int_equal(us_of("2026-01-15T19:00:00.000001+09:00"),
	    JAN15_US + 36000LL * 1000000 + 1);
	assert_int_equal(us_of("1969-12-31T23:59:59.999999Z"), -1);
}

static void
test_parse_us_refuses_what_parse_refuses(void **state)
{
	static const char *const bad[] = {"2026-01-15T10:00:00.Z",
	    "2026-01-15T10:00Z", "2026-02-30", "15/01/2026", "1767225600",
	    "2026-01-15 10:00:00Z", "2026-01-15T10:00:00"};
	struct scs_err err;
	int64_t us;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad); i++) {
		scs_err_clear(&err);
		if (scs_time_parse_us(bad[i], strlen(bad[i]), "to", &us,
		        &err) != SCS_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(err.field, "to");
	}
}

/* Found by fuzz_query: the years were checked on the date as written,
 * so an offset or a rounded fraction gave an instant outside them, whose
 * formatted form no parse took back. */
static void
test_parse_keeps_the_instant_within_the_years(void **state)
{
	static const char *const out[] = {"2199-12-31T23:00:00-05:00",
	    "2199-12-31T23:59:59.9999999Z", "1900-01-01T00:00:00+00:01",
	    "1900-01-01T08:59:59+09:00"};
	struct scs_err err;
	int64_t t;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(out); i++) {
		if (scs_time_parse(out[i], strlen(out[i]), "at", &t, &err) !=
		        SCS_EINVAL ||
		    scs_time_parse_us(out[i], strlen(out[i]), "at", &t, &err) !=
		        SCS_EINVAL)
			fail_msg("\"%s\" accepted", out[i]);
	}
	assert_int_equal(us_of("2199-12-31T23:59:59.999999Z"),
	    SCS_TIME_MAX * 1000000 - 1);
	assert_int_equal(us_of("1900-01-01T09:00:00+09:00"),
	    SCS_TIME_MIN * 1000000);
	assert_int_equal(us_of("2199-12-31T18:59:59-05:00"),
	    SCS_TIME_MAX * 1000000 - 1000000);
}

static void
test_parse_in_seconds_still_drops_the_fraction(void **state)
{
	struct scs_err err;
	int64_t t = 0;
	const char *s = "2026-01-15T10:00:00.9999999Z";

	(void)state;
	assert_int_equal(scs_time_parse(s, strlen(s), "at", &t, &err), SCS_OK);
	assert_int_equal(t, JAN15_US / 1000000 + 36000);
}

static void
test_format_us_has_six_digits_always(void **state)
{
	char out[SCS_TIME_STRMAX];

	(void)state;
	assert_int_equal(scs_time_format_us(JAN15_US + 36000LL * 1000000 +
	                         123456,
	                     out),
	    27);
	assert_string_equal(out, "2026-01-15T10:00:00.123456Z");
	(void)scs_time_format_us(JAN15_US, out);
	assert_string_equal(out, "2026-01-15T00:00:00.000000Z");
	(void)scs_time_format_us(JAN15_US + DAY_US - 1, out);
	assert_string_equal(out, "2026-01-15T23:59:59.999999Z");
	(void)scs_time_format_us(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00.000000Z");
	(void)scs_time_format_us(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59.999999Z");
	/* And back. */
	assert_int_equal(us_of("1969-12-31T23:59:59.999999Z"), -1);
	assert_int_equal(us_of("2026-01-15T23:59:59.999999Z"),
	    JAN15_US + DAY_US - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse_us_keeps_the_fraction),
	    cmocka_unit_test(test_parse_us_refuses_what_parse_refuses),
	    cmocka_unit_test(test_parse_keeps_the_instant_within_the_years),
	    cmocka_unit_test(test_parse_in_seconds_still_drops_the_fraction),
	    cmocka_unit_test(test_format_us_has_six_digits_always),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
