/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_dblock.c - unit tests for src/audit/dblock.c: a known-answer block
 * written out byte by byte from the format table of include/scs/dblock.h,
 * a full block of 65536 records round-tripped from a fixed seed, the
 * encoder's limits, and the decoder's refusals (every truncation, every
 * single-byte change, each rule of the format) with no record handed out
 * before the whole block is checked.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/dblock.h"
#include "scs/index.h"

#include "alloc_fault.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* actor "os:a"; p1 may not see d (suspended, at 100); svc asks whether p1
 * may see d2 (allow, at 90). */
static const uint8_t kat[] = {
    's', 'c', 's', '-', 'd', 'b', 'k', '1', /* magic */
    0x02,                                   /* 2 records */
    0x05,                                   /* 5 strings */
    0x04, 'o', 's', ':', 'a',               /* 0: the block's actor */
    0x02, 'p', '1',                         /* 1 */
    0x01, 'd',                              /* 2 */
    0x02, 'd', '2',                         /* 3 */
    0x03, 's', 'v', 'c',                    /* 4 */
    0x01, 0x02, 0xc8, 0x01, 0x04,           /* p1 d zz(100)=200 suspended */
    0x01, 0x03, 0x13, 0x80, 0x04,           /* p1 d2 zz(-10)=19 allow, svc */
};

static void
encode_kat(struct scs_buf *out, struct scs_dblock_info *info)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");

	assert_non_null(e);
	scs_buf_init(out, 1U << 20);
	assert_int_equal(scs_dblock_enc_add(e, NULL, "p1", "d", 100,
	                     SCS_R_SUSPENDED),
	    SCS_OK);
	assert_int_equal(scs_dblock_enc_add(e, "svc", "p1", "d2", 90,
	                     SCS_R_ALLOW),
	    SCS_OK);
	assert_int_equal(scs_dblock_enc_count(e), 2);
	assert_int_equal(scs_dblock_enc_finish(e, out, info), SCS_OK);
	assert_int_equal(scs_dblock_enc_count(e), 0);
	scs_dblock_enc_free(e);
}

static void
test_a_block_is_written_exactly_as_the_format_table_says(void **state)
{
	struct scs_dblock_info info;
	struct scs_buf out;

	(void)state;
	encode_kat(&out, &info);
	assert_int_equal(out.len, sizeof(kat));
	assert_memory_equal(out.p, kat, sizeof(kat));
	assert_int_equal(info.count, 2);
	assert_int_equal(info.allows, 1);
	assert_int_equal(info.denies, 1);
	assert_true(info.first_at == 90 && info.last_at == 100);
	scs_buf_free(&out);
}

struct seen {
	char subject[4][80], item[4][80], actor[4][80];
	int64_t at[4];
	unsigned reason[4];
	size_t n;
};

static int
keep(void *arg, const struct scs_dblock_rec *r)
{
	struct seen *s = arg;

	if (s->n < 4) {
		(void)snprintf(s->subject[s->n], 80, "%s", r->subject);
		(void)snprintf(s->item[s->n], 80, "%s", r->item);
		(void)snprintf(s->actor[s->n], 80, "%s", r->actor);
		s->at[s->n] = r->at;
		s->reason[s->n] = r->reason;
	}
	s->n++;
	return SCS_OK;
}

static void
test_the_known_block_decodes_to_its_records(void **state)
{
	struct scs_dblock_info info;
	struct seen s;
	char why[128];

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(scs_dblock_decode(kat, sizeof(kat), keep, &s, &info,
	                     why),
	    SCS_OK);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.subject[0], "p1");
	assert_string_equal(s.item[0], "d");
	assert_string_equal(s.actor[0], "os:a");
	assert_true(s.at[0] == 100);
	assert_int_equal(s.reason[0], SCS_R_SUSPENDED);
	assert_string_equal(s.subject[1], "p1");
	assert_string_equal(s.item[1], "d2");
	assert_string_equal(s.actor[1], "svc");
	assert_true(s.at[1] == 90);
	assert_int_equal(s.reason[1], SCS_R_ALLOW);
	assert_int_equal(info.count, 2);
	assert_true(info.first_at == 90 && info.last_at == 100);
}

/* ---- a full block from a fixed seed ---- */

static uint64_t rng = 20260101;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

struct full {
	char (*subject)[16], (*item)[16], (*actor)[16];
	int64_t *at;
	unsigned *reason;
	size_t n, bad;
};

static int
compare(void *arg, const struct scs_dblock_rec *r)
{
	struct full *f = arg;
	size_t i = f->n++;
	const char *actor = f->actor[i][0] != '\0' ? f->actor[i] : "os:bench";

	if (strcmp(r->subject, f->subject[i]) != 0 ||
	    strcmp(r->item, f->item[i]) != 0 || strcmp(r->actor, actor) != 0 ||
	    r->at != f->at[i] || r->reason != f->reason[i])
		f->bad++;
	return SCS_OK;
}

static void
test_a_full_block_round_trips_and_is_deterministic(void **state)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:bench");
	struct scs_dblock_info info, info2;
	struct scs_buf a, b;
	struct full f;
	size_t i, n = SCS_DBLOCK_MAX;
	uint64_t denies = 0;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.subject = calloc(n, sizeof(*f.subject));
	f.item = calloc(n, sizeof(*f.item));
	f.actor = calloc(n, sizeof(*f.actor));
	f.at = calloc(n, sizeof(*f.at));
	f.reason = calloc(n, sizeof(*f.reason));
	assert_true(e != NULL && f.subject != NULL && f.item != NULL &&
	    f.actor != NULL && f.at != NULL && f.reason != NULL);
	for (i = 0; i < n; i++) {
		(void)snprintf(f.subject[i], 16, "p%u",
		    (unsigned)(next() % 5000));
		(void)snprintf(f.item[i], 16, "doc-%u",
		    (unsigned)(next() % 300));
		if (next() % 7 == 0)
			(void)snprintf(f.actor[i], 16, "service:g%u",
			    (unsigned)(next() % 3));
		/* Times anywhere, the ends of int64 too: deltas wrap. */
		f.at[i] = i == 7 ? INT64_MIN
		    : i == 8     ? INT64_MAX
		                 : (int64_t)(next() % 4000000000ULL) - 1000;
		f.reason[i] = (unsigned)(next() % SCS_R_N);
		denies += !scs_reason_allows((enum scs_reason)f.reason[i]);
		assert_int_equal(scs_dblock_enc_add(e,
		                     f.actor[i][0] ? f.actor[i] : NULL,
		                     f.subject[i], f.item[i], f.at[i],
		                     f.reason[i]),
		    SCS_OK);
	}
	/* Full: one more is refused and changes nothing. */
	assert_int_equal(scs_dblock_enc_add(e, NULL, "p1", "d", 0, 0),
	    SCS_ETOOBIG);
	scs_buf_init(&a, 64U << 20);
	assert_int_equal(scs_dblock_enc_finish(e, &a, &info), SCS_OK);
	assert_int_equal(info.count, n);
	assert_int_equal(info.denies, denies);
	assert_int_equal(info.allows, n - denies);
	assert_true(info.first_at == INT64_MIN && info.last_at == INT64_MAX);
	/* Compact: well under the 40 bytes a record has as text. */
	assert_true(a.len < n * 12);
	assert_int_equal(scs_dblock_decode(a.p, a.len, compare, &f, &info2,
	                     NULL),
	    SCS_OK);
	assert_int_equal(f.n, n);
	assert_int_equal(f.bad, 0);
	assert_memory_equal(&info, &info2, sizeof(info));
	/* The same records again (the encoder is empty and reusable): the
	 * same bytes. */
	for (i = 0; i < n; i++)
		assert_int_equal(scs_dblock_enc_add(e,
		                     f.actor[i][0] ? f.actor[i] : NULL,
		                     f.subject[i], f.item[i], f.at[i],
		                     f.reason[i]),
		    SCS_OK);
	scs_buf_init(&b, 64U << 20);
	assert_int_equal(scs_dblock_enc_finish(e, &b, &info2), SCS_OK);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	scs_buf_free(&a);
	scs_buf_free(&b);
	scs_dblock_enc_free(e);
	free(f.subject);
	free(f.item);
	free(f.actor);
	free(f.at);
	free(f.reason);
}

static void
test_the_encoder_refuses_what_the_format_cannot_hold(void **state)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");
	struct scs_dblock_info info;
	char longid[SCS_DBLOCK_STR_MAX + 2];
	struct scs_buf out;

	(void)state;
	assert_non_null(e);
	memset(longid, 'x', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	scs_buf_init(&out, 1U << 20);
	assert_int_equal(scs_dblock_enc_finish(e, &out, &info), SCS_EINVAL);
	assert_int_equal(out.len, 0);
	assert_int_equal(scs_dblock_enc_add(e, NULL, "p1", "d", 0, SCS_R_N),
	    SCS_EINVAL);
	assert_int_equal(scs_dblock_enc_add(e, NULL, longid, "d", 0, 0),
	    SCS_EINVAL);
	assert_int_equal(scs_dblock_enc_add(e, NULL, "p1", longid, 0, 0),
	    SCS_EINVAL);
	assert_int_equal(scs_dblock_enc_add(e, longid, "p1", "d", 0, 0),
	    SCS_EINVAL);
	assert_int_equal(scs_dblock_enc_count(e), 0);
	scs_dblock_enc_free(e);
	assert_null(scs_dblock_enc_new(longid));
}

/* Every record with a subject, an item and an actor of its own: the
 * table's largest size, 3n + 1 strings. */
static void
test_a_block_of_only_new_strings_decodes(void **state)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");
	struct scs_dblock_info info;
	struct scs_buf out;
	char s[3][16];
	unsigned i;

	(void)state;
	assert_non_null(e);
	for (i = 0; i < 3; i++) {
		(void)snprintf(s[0], sizeof(s[0]), "p%u", i);
		(void)snprintf(s[1], sizeof(s[1]), "d%u", i);
		(void)snprintf(s[2], sizeof(s[2]), "service:%u", i);
		assert_int_equal(scs_dblock_enc_add(e, s[2], s[0], s[1], i,
		                     SCS_R_LEVEL),
		    SCS_OK);
	}
	scs_buf_init(&out, 1U << 20);
	assert_int_equal(scs_dblock_enc_finish(e, &out, &info), SCS_OK);
	assert_int_equal(out.p[9], 10); /* 3 x 3 + 1 strings */
	assert_int_equal(scs_dblock_decode(out.p, out.len, NULL, NULL, &info,
	                     NULL),
	    SCS_OK);
	assert_int_equal(info.count, 3);
	assert_int_equal(info.denies, 3);
	scs_buf_free(&out);
	scs_dblock_enc_free(e);
}

/* ---- the decoder's refusals ---- */

static int
must_not_be_called(void *arg, const struct scs_dblock_rec *r)
{
	(void)r;
	(*(int *)arg)++;
	return SCS_OK;
}

static void
expect_corrupt(const uint8_t *p, size_t len, const char *want)
{
	char why[128];
	int calls = 0;

	assert_int_equal(scs_dblock_decode(p, len, must_not_be_called, &calls,
	                     NULL, why),
	    SCS_ECORRUPT);
	assert_int_equal(calls, 0);
	if (want != NULL && strstr(why, want) == NULL)
		fail_msg("expected \"%s\" in \"%s\"", want, why);
}

static void
test_every_truncation_of_a_block_is_refused(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; n < sizeof(kat); n++)
		expect_corrupt(kat, n, NULL);
}

static void
test_each_rule_of_the_format_is_checked(void **state)
{
	uint8_t b[sizeof(kat) + 4];

	(void)state;
	memcpy(b, kat, sizeof(kat));
	b[0] = 'S';
	expect_corrupt(b, sizeof(kat), "magic");
	memcpy(b, kat, sizeof(kat));
	b[sizeof(kat)] = 0;
	expect_corrupt(b, sizeof(kat) + 1, "follow");
	memcpy(b, kat, sizeof(kat));
	b[8] = 0; /* no records */
	expect_corrupt(b, sizeof(kat), "record count");
	memcpy(b, kat, sizeof(kat));
	b[9] = 8; /* 3n + 1 strings at most: 7 */
	expect_corrupt(b, sizeof(kat), "string count");
	memcpy(b, kat, sizeof(kat));
	b[20] = 0x01; /* "d2" as "d": "d" twice */
	b[21] = 'd';
	expect_corrupt(b, sizeof(kat), "twice");
	memcpy(b, kat, sizeof(kat));
	b[27] = 0x05; /* the first record's subject: no string 5 */
	expect_corrupt(b, sizeof(kat), "does not hold");
	memcpy(b, kat, sizeof(kat));
	b[31] = 0x0c; /* reason 12: none */
	expect_corrupt(b, sizeof(kat), "unknown reason");
	memcpy(b, kat, sizeof(kat));
	b[36] = 0x00; /* an actor index of 0 is the default, never written */
	expect_corrupt(b, sizeof(kat), "actor");
	memcpy(b, kat, sizeof(kat));
	b[12] = 0x00; /* a NUL inside a string */
	expect_corrupt(b, sizeof(kat), "UTF-8");
	memcpy(b, kat, sizeof(kat));
	b[12] = 0xff;
	expect_corrupt(b, sizeof(kat), "UTF-8");
	{
		/* A number in more bytes than it needs: 2 as 0x82 0x00. */
		uint8_t w[sizeof(kat) + 1];

		memcpy(w, kat, 8);
		w[8] = 0x82;
		w[9] = 0x00;
		memcpy(w + 10, kat + 9, sizeof(kat) - 9);
		expect_corrupt(w, sizeof(w), "shortest");
	}
	{
		/* The same string twice in the table. */
		static const uint8_t dup[] = {'s', 'c', 's', '-', 'd', 'b', 'k',
		    '1', 0x01, 0x03, 0x01, 'a', 0x01, 'p', 0x01, 'p', 0x01,
		    0x02, 0x00, 0x00};

		expect_corrupt(dup, sizeof(dup), "twice");
	}
}

static void
test_a_changed_byte_never_crashes_the_decoder(void **state)
{
	uint8_t b[sizeof(kat)];
	size_t i;
	unsigned v;
	int rc;

	(void)state;
	for (i = 0; i < sizeof(kat); i++)
		for (v = 0; v < 256; v++) {
			memcpy(b, kat, sizeof(kat));
			b[i] = (uint8_t)v;
			rc = scs_dblock_decode(b, sizeof(b), NULL, NULL, NULL,
			    NULL);
			assert_true(rc == SCS_OK || rc == SCS_ECORRUPT);
		}
}

static void
test_numbers_beyond_the_format_are_refused(void **state)
{
	/* The record count: 2^64 in ten bytes (the tenth > 1), and 65537. */
	static const uint8_t big[] = {'s', 'c', 's', '-', 'd', 'b', 'k', '1',
	    0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02, 0x01};
	static const uint8_t many[] = {'s', 'c', 's', '-', 'd', 'b', 'k', '1',
	    0x81, 0x80, 0x04, 0x01};

	(void)state;
	expect_corrupt(big, sizeof(big), "does not fit 64 bits");
	expect_corrupt(many, sizeof(many), "record count");
}

/* The block's own actor, named again or empty, is the default: no actor
 * of the record's own is written. */
static void
test_the_blocks_actor_is_never_written_per_record(void **state)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");
	struct scs_dblock_info info;
	struct scs_buf out;

	(void)state;
	assert_non_null(e);
	scs_dblock_enc_free(NULL);
	assert_int_equal(scs_dblock_enc_add(e, "os:a", "p1", "d", 100,
	                     SCS_R_SUSPENDED),
	    SCS_OK);
	assert_int_equal(scs_dblock_enc_add(e, "", "p1", "d2", 90, SCS_R_ALLOW),
	    SCS_OK);
	scs_buf_init(&out, 1U << 20);
	assert_int_equal(scs_dblock_enc_finish(e, &out, &info), SCS_OK);
	/* The known block but for its second record's actor (svc). */
	assert_int_equal(out.len, 8 + 2 + 5 + 3 + 2 + 3 + 5 + 4);
	assert_int_equal(out.p[out.len - 1] & 0x80, 0);
	scs_buf_free(&out);
	scs_dblock_enc_free(e);
}

/* An output buffer that cannot grow (its limit): the header, the table
 * or a record does not fit, and the finish says so. */
static void
test_a_block_that_does_not_fit_its_buffer_is_an_error(void **state)
{
	static const size_t caps[] = {4, 12, 30};
	struct scs_dblock_info info;
	struct scs_buf out;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(caps); i++) {
		struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");

		assert_non_null(e);
		assert_int_equal(scs_dblock_enc_add(e, NULL, "p1", "d", 100,
		                     SCS_R_SUSPENDED),
		    SCS_OK);
		assert_int_equal(scs_dblock_enc_add(e, "svc", "p1", "d2", 90,
		                     SCS_R_ALLOW),
		    SCS_OK);
		scs_buf_init(&out, caps[i]);
		assert_int_equal(scs_dblock_enc_finish(e, &out, &info),
		    SCS_ETOOBIG);
		scs_buf_free(&out);
		scs_dblock_enc_free(e);
	}
}

/* The known block, encoded and decoded with every allocation failing in
 * turn: SCS_ENOMEM (or no encoder), never a crash or a leak. */
static int
encode_under_faults(void)
{
	struct scs_dblock_enc *e = scs_dblock_enc_new("os:a");
	struct scs_dblock_info info;
	struct scs_buf out;
	int rc;

	if (e == NULL)
		return SCS_ENOMEM;
	scs_buf_init(&out, 1U << 20);
	if ((rc = scs_dblock_enc_add(e, NULL, "p1", "d", 100,
	         SCS_R_SUSPENDED)) == SCS_OK &&
	    (rc = scs_dblock_enc_add(e, "svc", "p1", "d2", 90, SCS_R_ALLOW)) ==
	        SCS_OK &&
	    (rc = scs_dblock_enc_finish(e, &out, &info)) == SCS_OK)
		assert_memory_equal(out.p, kat, sizeof(kat));
	scs_buf_free(&out);
	scs_dblock_enc_free(e);
	return rc;
}

static int
count_rec(void *arg, const struct scs_dblock_rec *r)
{
	(void)r;
	(*(int *)arg)++;
	return SCS_OK;
}

static void
test_no_memory_at_any_allocation_is_an_error_that_leaks_nothing(void **state)
{
	long nth;
	int rc, calls;

	(void)state;
	if (!ALLOC_FAULTS)
		skip();
	for (nth = 1;; nth++) {
		alloc_arm(nth);
		rc = encode_under_faults();
		if (!alloc_disarm(nth))
			break;
		if (rc != SCS_ENOMEM || alloc_live != 0)
			fail_msg("encode, allocation %ld: rc %d, %ld blocks "
			         "left",
			    nth, rc, (long)alloc_live);
	}
	assert_int_equal(rc, SCS_OK);
	assert_true(nth > 4);
	for (nth = 1;; nth++) {
		calls = 0;
		alloc_arm(nth);
		rc = scs_dblock_decode(kat, sizeof(kat), count_rec, &calls,
		    NULL, NULL);
		if (!alloc_disarm(nth))
			break;
		if (rc != SCS_ENOMEM || alloc_live != 0 || calls != 0)
			fail_msg("decode, allocation %ld: rc %d, %ld blocks "
			         "left",
			    nth, rc, (long)alloc_live);
	}
	assert_int_equal(rc, SCS_OK);
	assert_int_equal(calls, 2);
	assert_true(nth > 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_a_block_is_written_exactly_as_the_format_table_says),
	    cmocka_unit_test(test_the_known_block_decodes_to_its_records),
	    cmocka_unit_test(
	        test_a_full_block_round_trips_and_is_deterministic),
	    cmocka_unit_test(
	        test_the_encoder_refuses_what_the_format_cannot_hold),
	    cmocka_unit_test(test_a_block_of_only_new_strings_decodes),
	    cmocka_unit_test(test_every_truncation_of_a_block_is_refused),
	    cmocka_unit_test(test_each_rule_of_the_format_is_checked),
	    cmocka_unit_test(test_a_changed_byte_never_crashes_the_decoder),
	    cmocka_unit_test(test_numbers_beyond_the_format_are_refused),
	    cmocka_unit_test(test_the_blocks_actor_is_never_written_per_record),
	    cmocka_unit_test(
	        test_a_block_that_does_not_fit_its_buffer_is_an_error),
	    cmocka_unit_test(
	        test_no_memory_at_any_allocation_is_an_error_that_leaks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
