/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_decision.c - decision queries: a line of `scs check --batch` and
 * the body of POST /v1/decisions.  Both try the hand-written parser
 * first (scs_codec_query_fast, src/codec/query.c: the hot path) and fall
 * back to jansson and the strict codec, so the two must agree.  The input
 * is one line or body.  It is given to the fast parser; then, as the
 * careful path reads it, to jansson (an object, or for the API an array
 * of objects) with scs_codec_only, scs_codec_time for "at", and
 * scs_codec_query_ids; each query taken is answered with
 * scs_codec_answer.
 *
 * Properties: what the fast parser takes with ids the register could
 * hold, jansson takes too, as an object with the same subject, item and
 * "at" (byte for byte, none of them escaped); the fast parser never
 * takes what jansson refuses for a duplicate key.  An "at" that parses
 * formats to a time that parses to the same second.  An answer is JSON
 * that gives back the query's subject and item and says allow as asked.
 */
#include "scs/codec.h"
#include "scs/index.h"
#include "scs/time.h"

#include "records.h"

#define QUERIES_MAX 64 /* of an array looked at; the API takes more */

/* An answer to the query, as both paths write it, must read back. */
static void
check_answer(const char *subject, size_t slen, const char *item, size_t ilen,
    int64_t t, int allow)
{
	char at[SCS_TIME_STRMAX];
	struct scs_buf b;
	json_error_t jerr;
	const json_t *v;
	json_t *j;
	int rc;

	(void)scs_time_format(t, at);
	scs_buf_init(&b, (size_t)1 << 20);
	rc = scs_codec_answer(&b, subject, slen, item, ilen,
	    allow ? SCS_R_ALLOW : SCS_R_LEVEL, at);
	FUZZ_CHECK(rc == SCS_OK);
	j = json_loadb((const char *)b.p, b.len, JSON_REJECT_DUPLICATES, &jerr);
	FUZZ_CHECK(j != NULL);
	v = json_object_get(j, "subject");
	FUZZ_CHECK(json_is_string(v) && json_string_length(v) == slen &&
	    memcmp(json_string_value(v), subject, slen) == 0);
	v = json_object_get(j, "item");
	FUZZ_CHECK(json_is_string(v) && json_string_length(v) == ilen &&
	    memcmp(json_string_value(v), item, ilen) == 0);
	FUZZ_CHECK(json_is_boolean(json_object_get(j, "allow")) &&
	    json_is_true(json_object_get(j, "allow")) == !!allow);
	v = json_object_get(j, "at");
	FUZZ_CHECK(json_is_string(v) && strcmp(json_string_value(v), at) == 0);
	json_decref(j);
	scs_buf_free(&b);
}

/* A time that parsed formats to one that parses to the same second. */
static void
check_time(int64_t t)
{
	char s[SCS_TIME_STRMAX];
	int64_t t2 = -1;
	size_t n;

	n = scs_time_format(t, s);
	FUZZ_CHECK(n > 0 && n < sizeof(s) && strlen(s) == n);
	FUZZ_CHECK(scs_time_parse(s, n, "at", &t2, NULL) == SCS_OK);
	FUZZ_CHECK(t2 == t);
}

/* A string member @key of @j equal to @p (@len bytes). */
static bool
same_member(const json_t *j, const char *key, const char *p, size_t len)
{
	const json_t *v = json_object_get(j, key);

	return json_is_string(v) && json_string_length(v) == len &&
	    memcmp(json_string_value(v), p, len) == 0;
}

/* The fast parser against jansson. */
static void
fast(const char *s, size_t len)
{
	struct scs_query q;
	struct scs_err err;
	json_error_t jerr;
	int64_t t = 0;
	json_t *j;
	int ids;

	j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (scs_codec_query_fast(s, len, &q) != 0) {
		json_decref(j);
		return;
	}
	FUZZ_CHECK(q.subject != NULL && q.item != NULL);
	FUZZ_CHECK(q.subject >= s && q.subject + q.subject_len <= s + len);
	FUZZ_CHECK(q.item >= s && q.item + q.item_len <= s + len);
	FUZZ_CHECK(!q.has_at || (q.at >= s && q.at + q.at_len <= s + len));
	scs_err_clear(&err);
	ids = scs_codec_query_ids(q.subject, q.subject_len, q.item, q.item_len,
	    &err);
	fuzz_check_err(ids, &err);
	/* Ids the register could hold and a time are plain text, which
	 * the fast parser must read as jansson does.  (It passes other
	 * bytes on, for the id check to refuse.) */
	if (ids == SCS_OK &&
	    (!q.has_at ||
	        scs_time_parse(q.at, q.at_len, "at", &t, NULL) == SCS_OK)) {
		FUZZ_CHECK(j != NULL && json_is_object(j));
		FUZZ_CHECK(same_member(j, "subject", q.subject, q.subject_len));
		FUZZ_CHECK(same_member(j, "item", q.item, q.item_len));
		FUZZ_CHECK(json_object_size(j) == (q.has_at ? 3u : 2u));
		FUZZ_CHECK(!q.has_at || same_member(j, "at", q.at, q.at_len));
		if (q.has_at)
			check_time(t);
		check_answer(q.subject, q.subject_len, q.item, q.item_len, t,
		    (int)(q.at_len & 1));
	}
	json_decref(j);
}

/* One query object as the careful paths read it. */
static void
careful_one(const json_t *q)
{
	static const char *const keys[] = {"subject", "item", "at", "durable",
	    NULL};
	const json_t *s = json_object_get(q, "subject");
	const json_t *it = json_object_get(q, "item");
	struct scs_err err;
	int64_t t = 0;
	int rc;

	scs_err_clear(&err);
	if (scs_codec_only(q, keys, &err) != SCS_OK || !json_is_string(s) ||
	    !json_is_string(it))
		return;
	rc = scs_codec_time(q, "at", false, 0, &t, &err);
	FUZZ_CHECK(rc == SCS_OK || rc == SCS_ENOTFOUND || rc == SCS_EINVAL);
	if (rc == SCS_EINVAL) {
		fuzz_check_err(rc, &err);
		return;
	}
	if (rc == SCS_OK)
		check_time(t);
	scs_err_clear(&err);
	rc = scs_codec_query_ids(json_string_value(s), json_string_length(s),
	    json_string_value(it), json_string_length(it), &err);
	fuzz_check_err(rc, &err);
	if (rc == SCS_OK)
		check_answer(json_string_value(s), json_string_length(s),
		    json_string_value(it), json_string_length(it), t,
		    json_is_true(json_object_get(q, "durable")));
}

static void
careful(const char *s, size_t len)
{
	json_error_t jerr;
	json_t *j;
	size_t i;

	if ((j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return;
	if (json_is_object(j))
		careful_one(j);
	for (i = 0;
	     json_is_array(j) && i < json_array_size(j) && i < QUERIES_MAX; i++)
		if (json_is_object(json_array_get(j, i)))
			careful_one(json_array_get(j, i));
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	if (size > (1u << 20))
		return 0;
	fast(s, size);
	careful(s, size);
	return 0;
}
