/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_canon.c - unit tests for scs_codec_rec_canon (src/codec/record.c),
 * the writer of the text every record's state hash is taken over.  It
 * replaced scs_codec_dumps(scs_codec_rec_json(r, flags), JSON_COMPACT),
 * and audit logs written before hold hashes of that text, so the two are
 * compared byte for byte: on random records of every kind of the table
 * (a seeded generator, so a failure replays) with hostile texts (quotes,
 * backslashes, every control byte, DEL, '/', multibyte UTF-8, empty and
 * full-length texts, now and then bytes that are not UTF-8), with and
 * without sealed fields and "kind".  Known answers pin jansson's escapes
 * without jansson; scs_op_state is checked against the old hash; and the
 * writer is run with its Nth allocation failing (the plain build).
 */
#include "helpers.h"

#include <inttypes.h>

#include "alloc_fault.h"
#include "scs/audit.h"
#include "scs/codec.h"
#include "scs/record.h"
#include "scs/time.h"

#define SEED    UINT64_C(20261206)
#define RECORDS 300 /* random records of each kind */

/* ---- a seeded generator (splitmix64) and hostile texts ---------------- */

static uint64_t rng;

static uint64_t
rnd(void)
{
	uint64_t z = (rng += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static size_t
below(size_t n)
{
	return (size_t)(rnd() % n);
}

/* Well-formed pieces that a writer might get wrong. */
static const char *const nasty[] = {"\"", "\\", "/", "\x7f", "\\u0000", "\\\"",
    "</script>", "a", "Z", " ", "'", "{}", ",:[]", "%s", "\xc3\xa9",
    "\xe6\x97\xa5\xe6\x9c\xac", "\xf0\x9f\x98\x80", "\xe2\x80\xa8",
    "\xe2\x80\xa9", "\xef\xbb\xbf", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80",
    "\xed\x9f\xbf", "\xee\x80\x80", "\xef\xbf\xbf", "\xf0\x90\x80\x80",
    "\xf4\x8f\xbf\xbf", "\xc2\xa0", "\xc2\x85"};

/* Bytes that are not well-formed UTF-8: jansson makes no string of them. */
static const char *const broken[] = {"\xff", "\xfe", "\x80", "\xbf", "\xc0\x80",
    "\xc1\xbf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xe6\x97",
    "\xf0\x9f\x98", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80",
    "\xf8\x88\x80\x80\x80", "\xc3"};

/* Append @tok to @dst (of @size bytes, @*len used) when it fits whole. */
static void
append(char *dst, size_t size, size_t *len, const char *tok)
{
	size_t n = strlen(tok);

	if (*len + n + 1 > size)
		return;
	memcpy(dst + *len, tok, n + 1);
	*len += n;
}

/*
 * A text for a field of @size bytes: empty, full length (every byte
 * used), every control byte in order, or a random run of pieces; with
 * @broken, now and then one piece that is not UTF-8.
 */
static void
rand_text(char *dst, size_t size, bool broken_ok)
{
	char one[2] = {0, 0};
	size_t len = 0, want, tries;
	int c;

	dst[0] = '\0';
	switch (below(8)) {
	case 0:
		return;
	case 1: /* full length: single bytes, escapes among them */
		while (len + 1 < size) {
			one[0] = below(4) == 0 ? (char)(1 + below(0x7f))
			                       : (char)('a' + below(26));
			append(dst, size, &len, one);
		}
		break;
	case 2: /* 0x01 to 0x1f, then 0x7f */
		for (c = 1; c < 0x20; c++) {
			one[0] = (char)c;
			append(dst, size, &len, one);
		}
		append(dst, size, &len, "\x7f");
		break;
	default:
		want = below(size);
		for (tries = 0; len < want && tries < 4 * size; tries++) {
			if (below(3) == 0) {
				one[0] = (char)(1 + below(0x7f));
				append(dst, size, &len, one);
			} else {
				append(dst, size, &len,
				    nasty[below(SCS_NELEM(nasty))]);
			}
		}
		break;
	}
	if (broken_ok && below(40) == 0) {
		char tail[SCS_NAME_MAX + 8];
		size_t at = below(len + 1);

		/* Between two bytes, maybe inside a character: it stays
		 * ill-formed whatever it lands in. */
		(void)scs_strlcpy(tail, dst + at, sizeof(tail));
		dst[at] = '\0';
		len = at;
		append(dst, size, &len, broken[below(SCS_NELEM(broken))]);
		append(dst, size, &len, tail);
	}
}

static int64_t
rand_time(void)
{
	/* 0001-01-01 to 9999-12-31, the years the format writes. */
	const int64_t lo = INT64_C(-62135596800), hi = INT64_C(253402300799);

	switch (below(6)) {
	case 0:
		return SCS_TIME_NEVER;
	case 1: /* midnight: written as a bare date */
		return (lo / 86400 +
		           (int64_t)below((size_t)((hi - lo) / 86400))) *
		    86400;
	case 2:
		return 0;
	default:
		return lo + (int64_t)below((size_t)(hi - lo));
	}
}

static int64_t
rand_int(void)
{
	switch (below(6)) {
	case 0:
		return INT64_MIN;
	case 1:
		return INT64_MAX;
	case 2:
		return -(int64_t)below(1000);
	case 3:
		return (int64_t)below(100000);
	default:
		return (int64_t)rnd();
	}
}

/* A random record of @kind, each field filled as its type says. */
static void
rand_record(struct scs_record *r, enum scs_kind kind, bool broken_ok)
{
	const struct scs_kind_def *d = scs_kind_def(kind);
	char *body = (char *)&r->u;
	uint8_t bytes[700];
	size_t i, j, n;

	scs_record_init(r, kind);
	for (i = 0; i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		void *p = SCS_FIELD_PTR(body, f);

		switch (f->type) {
		case SCS_FT_TEXT:
		case SCS_FT_TEXT_OPT:
			rand_text(p, f->size, broken_ok);
			break;
		case SCS_FT_CODE: /* -1 and ncodes too: written as "" */
			*(int *)p = (int)below((size_t)f->ncodes + 2) - 1;
			break;
		case SCS_FT_TIME:
		case SCS_FT_UNTIL:
			*(int64_t *)p = rand_time();
			break;
		case SCS_FT_TIME_OPT:
			*(int64_t *)p = rand_time();
			*(bool *)(body + f->aux) = below(2) == 0;
			break;
		case SCS_FT_LIST:
			n = below(3) == 0 ? below(f->max + 1) : below(3);
			*(size_t *)(body + f->aux) = n;
			for (j = 0; j < n; j++)
				rand_text((char *)p + j * f->size, f->size,
				    broken_ok);
			break;
		case SCS_FT_FLAG:
			*(bool *)p = below(2) == 0;
			break;
		case SCS_FT_SEALED:
			n = below(4) == 0 ? 0 : below(sizeof(bytes));
			for (j = 0; j < n; j++)
				bytes[j] = (uint8_t)rnd();
			if (n > 0 || below(2) == 0)
				assert_int_equal(scs_blob_set(p, bytes, n),
				    SCS_OK);
			break;
		case SCS_FT_INT:
			*(int64_t *)p = rand_int();
			break;
		}
	}
}

/* ---- the two writers -------------------------------------------------- */

/* The text the state hash was taken over before: jansson's.  NULL when
 * it has none (a text that is not UTF-8). */
static char *
jansson_text(const struct scs_record *r, unsigned flags)
{
	json_t *j = scs_codec_rec_json(r, flags);
	char *text = j != NULL ? scs_codec_dumps(j, JSON_COMPACT) : NULL;

	json_decref(j);
	return text;
}

static const unsigned all_flags[] = {0, SCS_CODEC_KIND, SCS_CODEC_SEALED,
    SCS_CODEC_KIND | SCS_CODEC_SEALED};

struct tally {
	size_t same, refused;
};

/* Both writers on @r under @flags: the same bytes, or both refuse (and
 * the buffer, which held a prefix, holds just that). */
static void
compare(const struct scs_record *r, unsigned flags, struct tally *t)
{
	static const char prefix[] = "prefix\"";
	const size_t plen = sizeof(prefix) - 1;
	char *want = jansson_text(r, flags);
	struct scs_buf b;
	int rc;

	scs_buf_init(&b, 64U << 20);
	assert_int_equal(scs_buf_adds(&b, prefix), SCS_OK);
	rc = scs_codec_rec_canon(&b, r, flags);
	if (want == NULL) {
		if (rc != SCS_EINVAL)
			fail_msg("%s, flags %u: jansson refused, canon rc %d: "
			         "%s",
			    scs_kind_name(r->kind), flags, rc, (char *)b.p);
		assert_int_equal(b.len, plen);
		assert_string_equal((char *)b.p, prefix);
		t->refused++;
	} else {
		if (rc != SCS_OK || b.len - plen != strlen(want) ||
		    memcmp(b.p + plen, want, b.len - plen) != 0)
			fail_msg("%s, flags %u, rc %d:\njansson: %s\ncanon:   "
			         "%s",
			    scs_kind_name(r->kind), flags, rc, want,
			    (char *)b.p + plen);
		assert_memory_equal(b.p, prefix, plen);
		assert_int_equal(b.p[b.len], '\0');
		t->same++;
	}
	free(want);
	scs_buf_free(&b);
}

/* ---- tests ------------------------------------------------------------ */

static void
test_random_records_of_every_kind_match_jansson_byte_for_byte(void **state)
{
	struct tally all = {0, 0};
	struct scs_record r;
	size_t i, f;
	int k;

	(void)state;
	rng = SEED;
	for (k = 0; k < SCS_KIND_N; k++) {
		struct tally t = {0, 0};

		for (i = 0; i < RECORDS; i++) {
			rand_record(&r, (enum scs_kind)k, true);
			for (f = 0; f < SCS_NELEM(all_flags); f++)
				compare(&r, all_flags[f], &t);
			scs_record_clear(&r);
		}
		/* Most records have a text, so most compare bytes. */
		if (t.same < RECORDS * SCS_NELEM(all_flags) / 2)
			fail_msg("%s: %zu compared, %zu refused",
			    scs_kind_name((enum scs_kind)k), t.same, t.refused);
		all.same += t.same;
		all.refused += t.refused;
	}
	print_message("%zu texts the same, %zu refused by both (not UTF-8)\n",
	    all.same, all.refused);
	assert_true(all.refused > 0);
}

/* Every byte from 0x01 to 0xff alone in a text (the bytes above 0x7f are
 * not UTF-8 alone, and both refuse them), and every pair of them. */
static void
test_every_byte_and_pair_of_bytes_match_jansson(void **state)
{
	struct tally t = {0, 0};
	struct scs_record r;
	int a, c;

	(void)state;
	for (a = 1; a < 0x100; a++)
		for (c = 0; c < 0x100; c++) {
			scs_record_init(&r, SCS_KIND_COMPARTMENT);
			r.u.label.name[0] = (char)a;
			r.u.label.name[1] = (char)c;
			compare(&r, SCS_CODEC_KIND, &t);
		}
	assert_int_equal(t.same + t.refused, 255 * 256);
	assert_true(t.same > 128 * 128);
}

/* The escapes written down, so that a change on both sides (a jansson
 * that escaped more) still fails here. */
static void
test_known_answers_pin_the_escapes(void **state)
{
	static const char id[] = "a\"b\\c/d\x7f\x01\x08\x09\x0a\x0b\x0c\x0d"
	                         "\x1f\x1b";
	static const char want_org[] =
	    "{\"kind\":\"organization\",\"id\":\"a\\\"b\\\\c/d\x7f\\u0001\\b"
	    "\\t\\n\\u000B\\f\\r\\u001F\\u001B\",\"name\":\"\xe6\x97\xa5 "
	    "\xf0\x9f\x98\x80 \xe2\x80\xa8\",\"type\":\"government\","
	    "\"country\":\"JPN\"}";
	static const char want_brief[] =
	    "{\"person\":\"p1\",\"compartment\":\"\",\"nda_signed\":null,"
	    "\"valid_from\":\"2026-01-01\",\"valid_until\":null}";
	static const char want_stamp[] =
	    "{\"case_id\":\"c/1\",\"seq\":-9223372036854775808,\"at\":"
	    "\"2026-01-01T00:00:01Z\",\"actor\":\"\",\"event\":\"\","
	    "\"from_state\":\"\",\"state\":\"\"}";
	struct scs_record r;
	struct scs_buf b;
	char *text;

	(void)state;
	scs_buf_init(&b, 4096);
	scs_record_init(&r, SCS_KIND_ORG);
	memcpy(r.u.org.id, id, sizeof(id));
	(void)scs_strlcpy(r.u.org.name,
	    "\xe6\x97\xa5 \xf0\x9f\x98\x80 \xe2\x80\xa8", sizeof(r.u.org.name));
	(void)scs_strlcpy(r.u.org.country, "JPN", sizeof(r.u.org.country));
	assert_int_equal(scs_codec_rec_canon(&b, &r, SCS_CODEC_KIND), SCS_OK);
	assert_string_equal((char *)b.p, want_org);
	text = jansson_text(&r, SCS_CODEC_KIND);
	assert_string_equal(text, want_org);
	free(text);

	scs_buf_reset(&b);
	scs_record_init(&r, SCS_KIND_BRIEFING);
	(void)scs_strlcpy(r.u.briefing.person, "p1",
	    sizeof(r.u.briefing.person));
	r.u.briefing.nda_signed = 12345; /* not shown: has_nda is false */
	r.u.briefing.valid_from = 1767225600;
	r.u.briefing.valid_until = SCS_TIME_NEVER;
	assert_int_equal(scs_codec_rec_canon(&b, &r, SCS_CODEC_SEALED), SCS_OK);
	assert_string_equal((char *)b.p, want_brief);

	scs_buf_reset(&b);
	scs_record_init(&r, SCS_KIND_STAMP);
	(void)scs_strlcpy(r.u.stamp.case_id, "c/1", sizeof(r.u.stamp.case_id));
	r.u.stamp.seq = INT64_MIN;
	r.u.stamp.at = 1767225601;
	r.u.stamp.event = (enum scs_case_event) - 1;
	r.u.stamp.state = (enum scs_case_state)100;
	assert_int_equal(scs_codec_rec_canon(&b, &r, 0), SCS_OK);
	assert_string_equal((char *)b.p, want_stamp);
	scs_buf_free(&b);
}

/* Sealed fields: NAME_sealed, lower-case hex of the stored bytes, only
 * with SCS_CODEC_SEALED; an empty value is "". */
static void
test_sealed_fields_are_hex_and_only_when_asked(void **state)
{
	static const uint8_t v[] = {0x00, 0xab, 0xff, 0x10};
	struct scs_record r;
	struct scs_buf b;

	(void)state;
	scs_buf_init(&b, 4096);
	scs_record_init(&r, SCS_KIND_ANSWERS);
	(void)scs_strlcpy(r.u.answers.case_id, "c1",
	    sizeof(r.u.answers.case_id));
	(void)scs_strlcpy(r.u.answers.section, "s",
	    sizeof(r.u.answers.section));
	assert_int_equal(scs_codec_rec_canon(&b, &r, SCS_CODEC_SEALED), SCS_OK);
	assert_non_null(strstr((char *)b.p, ",\"data_sealed\":\"\"}"));
	scs_buf_reset(&b);
	assert_int_equal(scs_blob_set(&r.u.answers.data, v, sizeof(v)), SCS_OK);
	assert_int_equal(scs_codec_rec_canon(&b, &r, SCS_CODEC_SEALED), SCS_OK);
	assert_non_null(strstr((char *)b.p, ",\"data_sealed\":\"00abff10\"}"));
	scs_buf_reset(&b);
	assert_int_equal(scs_codec_rec_canon(&b, &r, 0), SCS_OK);
	assert_null(strstr((char *)b.p, "sealed"));
	assert_string_equal((char *)b.p + b.len - 18, "\"certified\":false}");
	scs_record_clear(&r);
	scs_buf_free(&b);
}

/* jansson's object keeps one member per key, the first one's place and
 * the last one's value; the writer writes every member.  They agree only
 * while no kind has two fields of the same key ("kind" included): every
 * field shown, the object has them all. */
static void
test_no_kind_has_two_members_of_one_key(void **state)
{
	struct scs_record r;
	json_t *j;
	size_t i;
	int k;

	(void)state;
	for (k = 0; k < SCS_KIND_N; k++) {
		const struct scs_kind_def *d = scs_kind_def((enum scs_kind)k);

		scs_record_init(&r, (enum scs_kind)k);
		for (i = 0; i < d->nfields; i++) {
			const struct scs_field *f = &d->fields[i];

			if (f->type == SCS_FT_LIST)
				*(size_t *)((char *)&r.u + f->aux) = 1;
			if (f->type == SCS_FT_TEXT_OPT)
				(void)scs_strlcpy(SCS_FIELD_PTR(&r.u, f), "x",
				    f->size);
		}
		j = scs_codec_rec_json(&r, SCS_CODEC_KIND | SCS_CODEC_SEALED);
		assert_non_null(j);
		if (json_object_size(j) != d->nfields + 1)
			fail_msg("%s: %zu members for %zu fields and kind",
			    d->name, json_object_size(j), d->nfields);
		json_decref(j);
	}
}

/* The state hash is the one the jansson path gave, so old logs verify;
 * a record with no JSON form has the unknown state, as before. */
static void
test_state_hash_is_unchanged(void **state)
{
	uint8_t got[32], want[32];
	struct scs_record r;
	char *text;
	size_t i, unknown = 0;
	int k;

	(void)state;
	rng = SEED + 1;
	for (k = 0; k < SCS_KIND_N; k++)
		for (i = 0; i < RECORDS / 3; i++) {
			rand_record(&r, (enum scs_kind)k, true);
			text = jansson_text(&r, SCS_CODEC_SEALED);
			if (text != NULL)
				scs_audit_state(scs_kind_name(r.kind), text,
				    strlen(text), want);
			else
				memset(want, 0xff, sizeof(want));
			unknown += text == NULL;
			scs_op_state(&r, got);
			assert_memory_equal(got, want, sizeof(want));
			free(text);
			scs_record_clear(&r);
		}
	assert_true(unknown > 0);
}

/* A kind out of range, and a full buffer: refused, the buffer as it was. */
static void
test_refusals_leave_the_buffer_as_it_was(void **state)
{
	struct scs_record r;
	struct scs_buf b;
	char *want;
	size_t cap;

	(void)state;
	rng = SEED + 2;
	scs_buf_init(&b, 1U << 20);
	assert_int_equal(scs_buf_adds(&b, "x"), SCS_OK);
	scs_record_init(&r, SCS_KIND_ORG);
	r.kind = SCS_KIND_N;
	assert_int_equal(scs_codec_rec_canon(&b, &r, SCS_CODEC_KIND),
	    SCS_EINVAL);
	assert_string_equal((char *)b.p, "x");
	scs_buf_free(&b);

	rand_record(&r, SCS_KIND_ITEM, false);
	want = jansson_text(&r, SCS_CODEC_KIND);
	assert_non_null(want);
	/* Every cap short of the text fails whole; the exact one fits. */
	for (cap = 1; cap <= 1 + strlen(want); cap++) {
		scs_buf_init(&b, cap);
		assert_int_equal(scs_buf_adds(&b, "x"), SCS_OK);
		if (cap < 1 + strlen(want)) {
			assert_int_equal(scs_codec_rec_canon(&b, &r,
			                     SCS_CODEC_KIND),
			    SCS_ENOMEM);
			assert_string_equal((char *)b.p, "x");
		} else {
			assert_int_equal(scs_codec_rec_canon(&b, &r,
			                     SCS_CODEC_KIND),
			    SCS_OK);
			assert_string_equal((char *)b.p + 1, want);
		}
		scs_buf_free(&b);
	}
	free(want);
	scs_record_clear(&r);
}

/* ---- allocation failures ---------------------------------------------- */

/* The writer with its Nth allocation failing, N = 1, 2, ... until none
 * fails, into an empty buffer and after a prefix: each run writes the
 * whole text or says SCS_ENOMEM with the buffer as it was, and no block
 * is left behind. */
static void
test_allocation_failures_write_all_or_nothing(void **state)
{
	static const char prefix[] = "prefix";
	const size_t plen = sizeof(prefix) - 1;
	struct scs_record r;
	struct scs_buf b;
	bool fired;
	char *want;
	long nth, most = 0;
	int k, p, rc;

	(void)state;
	if (!ALLOC_FAULTS)
		skip();
	rng = SEED + 3;
	for (k = 0; k < SCS_KIND_N; k++) {
		rand_record(&r, (enum scs_kind)k, false);
		want = jansson_text(&r, SCS_CODEC_SEALED);
		assert_non_null(want);
		for (p = 0; p < 2; p++)
			for (nth = 1, fired = true; fired; nth++) {
				scs_buf_init(&b, 64U << 20);
				if (p)
					assert_int_equal(scs_buf_adds(&b,
					                     prefix),
					    SCS_OK);
				alloc_arm(nth);
				rc = scs_codec_rec_canon(&b, &r,
				    SCS_CODEC_SEALED);
				if (!p)
					scs_buf_free(&b);
				fired = alloc_disarm(nth);
				if (alloc_live != 0)
					fail_msg("%s, allocation %ld failing: "
					         "%ld blocks left",
					    scs_kind_name((enum scs_kind)k),
					    nth, alloc_live);
				if (rc != SCS_OK &&
				    (rc != SCS_ENOMEM || !fired))
					fail_msg("%s, allocation %ld failing: "
					         "rc %d",
					    scs_kind_name((enum scs_kind)k),
					    nth, rc);
				if (p && rc == SCS_OK)
					assert_string_equal((char *)b.p + plen,
					    want);
				if (p && rc != SCS_OK)
					assert_int_equal(b.len, plen);
				if (p)
					assert_memory_equal(b.p, prefix, plen);
				scs_buf_free(&b);
				most = nth > most ? nth : most;
			}
		free(want);
		scs_record_clear(&r);
	}
	/* Some text took several appends, so some failure came after a part
	 * of it was in the buffer. */
	assert_true(most >= 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_random_records_of_every_kind_match_jansson_byte_for_byte),
	    cmocka_unit_test(test_every_byte_and_pair_of_bytes_match_jansson),
	    cmocka_unit_test(test_known_answers_pin_the_escapes),
	    cmocka_unit_test(test_sealed_fields_are_hex_and_only_when_asked),
	    cmocka_unit_test(test_no_kind_has_two_members_of_one_key),
	    cmocka_unit_test(test_state_hash_is_unchanged),
	    cmocka_unit_test(test_refusals_leave_the_buffer_as_it_was),
	    cmocka_unit_test(test_allocation_failures_write_all_or_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
