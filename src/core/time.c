/* SPDX-License-Identifier: Apache-2.0 */
/*
 * time.c - RFC 3339 and bare dates to unix seconds and back.  Part of
 * core: no clock, no locale, no libc time functions (timegm is not
 * portable and gmtime is not thread-safe): civil-date arithmetic after
 * Howard Hinnant's algorithms.
 */
#include <string.h>

#include "scs/time.h"

int64_t
scs_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	int64_t era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
days_in(int y, int m)
{
	static const int md[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return md[m - 1];
}

static int
bad(struct scs_err *err, const char *field)
{
	return scs_err_set(err, SCS_EINVAL, field,
	    "must be a date YYYY-MM-DD or an RFC 3339 time such as "
	    "2026-01-01T09:00:00Z");
}

/* Parse the time of day and zone after 'T'; sets *out_secs (UTC offset
 * already applied) and *out_us, the fraction of a second in microseconds,
 * rounded up (so that "t >= from" and "t < to" over whole microseconds
 * keep their meaning).  0 or -1. */
static int
parse_clock(const char *s, size_t len, int64_t *out_secs, int64_t *out_us)
{
	int hh, mi, ss, oh, om, sign;
	size_t i = 8, digits = 0;
	int64_t us = 0;
	int up = 0;

	if (len < 9 || s[2] != ':' || s[5] != ':')
		return -1;
	hh = num(s, 2);
	mi = num(s + 3, 2);
	ss = num(s + 6, 2);
	if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 60)
		return -1;
	if (ss == 60)
		ss = 59; /* a leap second reads as the second before it */
	if (s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
			if (digits < 6)
				us = us * 10 + (s[i] - '0');
			else if (s[i] != '0')
				up = 1;
		if (digits == 0)
			return -1;
		for (; digits < 6; digits++)
			us *= 10;
	}
	*out_us = us + up;
	*out_secs = (int64_t)hh * 3600 + (int64_t)mi * 60 + ss;
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		return 0;
	if (i + 6 != len || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':')
		return -1;
	sign = s[i] == '-' ? -1 : 1;
	oh = num(s + i + 1, 2);
	om = num(s + i + 4, 2);
	if (oh < 0 || oh > 23 || om < 0 || om > 59)
		return -1;
	*out_secs -= (int64_t)sign * ((int64_t)oh * 3600 + (int64_t)om * 60);
	return 0;
}

/* Parse into whole unix seconds and the microseconds after them. */
static int
parse(const char *s, size_t len, const char *field, int64_t *out_secs,
    int64_t *out_us, struct scs_err *err)
{
	int y, m, d;
	int64_t secs = 0, us = 0;

	if (len < 10 || s[4] != '-' || s[7] != '-')
		return bad(err, field);
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (y < 1900 || y > 2199 || m < 1 || m > 12)
		return bad(err, field);
	if (d < 1 || d > days_in(y, m))
		return scs_err_set(err, SCS_EINVAL, field,
		    "is not a day of that month (%04d-%02d has %d days)", y, m,
		    days_in(y, m));
	if (len > 10) {
		if ((s[10] != 'T' && s[10] != 't') ||
		    parse_clock(s + 11, len - 11, &secs, &us) != 0)
			return bad(err, field);
	}
	secs += scs_days_from_civil(y, (unsigned)m, (unsigned)d) * 86400;
	/* The years are checked on the date as written; an offset, or a
	 * fraction rounded up to a whole second, can still carry the
	 * instant out of them ("2199-12-31T23:00:00-05:00"), where it
	 * would be formatted as a time no parse takes back (an export
	 * that does not import). */
	if (secs < SCS_TIME_MIN || secs + (us >= 1000000) >= SCS_TIME_MAX)
		return scs_err_set(err, SCS_EINVAL, field,
		    "is outside the years 1900 to 2199 in UTC");
	*out_secs = secs;
	*out_us = us;
	return SCS_OK;
}

int
scs_time_parse(const char *s, size_t len, const char *field, int64_t *out,
    struct scs_err *err)
{
	int64_t us = 0;

	return parse(s, len, field, out, &us, err);
}

int
scs_time_parse_us(const char *s, size_t len, const char *field, int64_t *out,
    struct scs_err *err)
{
	int64_t secs = 0, us = 0;
	int rc = parse(s, len, field, &secs, &us, err);

	if (rc == SCS_OK)
		*out = secs * 1000000 + us;
	return rc;
}

size_t
scs_time_format(int64_t t, char *out)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400, y;
	unsigned m, d;
	char *p = out;
	int i;

	civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		y = y < 0 ? 0 : 9999;
	for (i = 3; i >= 0; i--, y /= 10)
		p[i] = (char)('0' + y % 10);
	p[4] = '-';
	p[5] = (char)('0' + m / 10);
	p[6] = (char)('0' + m % 10);
	p[7] = '-';
	p[8] = (char)('0' + d / 10);
	p[9] = (char)('0' + d % 10);
	if (rem == 0) {
		p[10] = '\0';
		return 10;
	}
	p[10] = 'T';
	p[11] = (char)('0' + rem / 36000);
	p[12] = (char)('0' + rem / 3600 % 10);
	p[13] = ':';
	p[14] = (char)('0' + rem % 3600 / 600);
	p[15] = (char)('0' + rem % 3600 / 60 % 10);
	p[16] = ':';
	p[17] = (char)('0' + rem % 60 / 10);
	p[18] = (char)('0' + rem % 10);
	p[19] = 'Z';
	p[20] = '\0';
	return 20;
}

int64_t
scs_time_add_years(int64_t t, int years)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t rem = t - days * 86400, y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	y += years;
	if (m == 2 && d == 29 && days_in((int)y, 2) == 28) {
		m = 3;
		d = 1;
	}
	return scs_days_from_civil(y, m, d) * 86400 + rem;
}

size_t
scs_time_format_us(int64_t us, char *out)
{
	int64_t t = us >= 0 ? us / 1000000 : -((-us + 999999) / 1000000);
	int64_t frac = us - t * 1000000;
	int i;

	if (scs_time_format(t, out) == 10)
		(void)memcpy(out + 10, "T00:00:00Z", 11);
	for (i = 25; i >= 20; i--, frac /= 10)
		out[i] = (char)('0' + frac % 10);
	out[19] = '.';
	out[26] = 'Z';
	out[27] = '\0';
	return 27;
}
