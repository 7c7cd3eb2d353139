/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_feed.c - unit tests for src/connect/: the record-check interface
 * (connector.c) and the JSON Lines adverse-records feed (feed.c), against
 * the rules of docs/record-checks.md: what a hit carries, the default item
 * per source, the matching rules (birth date, native or Latin name,
 * nationality), the validation of a feed at open with FILE:LINE and the
 * field, reloading a replaced feed, concurrent checks, and allocation
 * failures at open and at check (the plain build: ASan and TSan own the
 * allocator).
 * Feeds are written to temporary files under $TMPDIR or /tmp.
 */
#include "helpers.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>

#include "alloc_fault.h"
#include "scs/connector.h"

/* ---- fixtures --------------------------------------------------------- */

#define TARO_POLICE                                                            \
	"{\"id\":\"np-2019-0042\",\"source\":\"police\",\"name\":\"山田 "    \
	"太郎\",\"name_latin\":\"YAMADA "                                    \
	"Taro\",\"birth_date\":\"1980-04-01\",\"nationality\":\"JPN\","        \
	"\"date\":\"2019-03-02\",\"summary\":\"arrest, theft\"}"
#define TARO_COURT                                                             \
	"{\"id\":\"tdc-2020-77\",\"source\":\"court\",\"name\":\"山田 "      \
	"太郎\",\"birth_date\":\"1980-04-01\",\"date\":\"2020-01-15\","      \
	"\"summary\":\"fine, 300000 yen\"}"
#define TARO_BANKRUPTCY                                                        \
	"{\"id\":\"bk-2021-3\",\"source\":\"bankruptcy\",\"name_latin\":"      \
	"\"YAMADA Taro\",\"birth_date\":\"1980-04-01\",\"date\":\"2021-06-"    \
	"30\"}"
#define TARO_DISCIPLINARY                                                      \
	"{\"id\":\"mod-d-9\",\"source\":\"disciplinary\",\"name\":\"山田 "   \
	"太郎\",\"birth_date\":\"1980-04-01\",\"nationality\":\"JPN\","      \
	"\"date\":\"2022-11-01\",\"item\":\"information_handling\"}"
#define HANAKO                                                                 \
	"{\"id\":\"np-2018-0001\",\"source\":\"police\",\"name\":\"鈴木 "    \
	"花子\",\"name_latin\":\"SUZUKI Hanako\",\"birth_date\":\"1985-12-"  \
	"24\",\"date\":\"2018-05-05\"}"

static const char jpn[][4] = {"JPN"};
static const char usa[][4] = {"USA"};
static const char usa_jpn[][4] = {"USA", "JPN"};

/* 山田 太郎, born 1980-04-01, Japanese. */
static struct scs_check_subject
taro(void)
{
	struct scs_check_subject s;

	memset(&s, 0, sizeof(s));
	s.name = "山田 太郎";
	s.name_latin = "YAMADA Taro";
	s.birth_date = "1980-04-01";
	s.nationalities = jpn;
	s.nnationalities = 1;
	return s;
}

/* Write @text to a new temporary file; its path into @path. */
static void
feed_file(char *path, size_t size, const char *text)
{
	const char *tmp = getenv("TMPDIR");
	size_t len = strlen(text);
	int fd;

	(void)snprintf(path, size, "%s/scs-feed-XXXXXX", tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* Rewrite the file at @path in place (same inode), its modification time
 * set @bump seconds ahead, so no timestamp granularity can hide it. */
static void
feed_rewrite(const char *path, const char *text, int bump)
{
	struct timespec ts[2];
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_TRUNC);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	assert_int_equal(clock_gettime(CLOCK_REALTIME, &ts[0]), 0);
	ts[0].tv_sec += bump;
	ts[1] = ts[0];
	assert_int_equal(futimens(fd, ts), 0);
	assert_int_equal(close(fd), 0);
}

/* Replace the file at @path by a new one, as an operator should: write a
 * new file, rename it over the old. */
static void
feed_replace(const char *path, const char *text)
{
	char tmp[256];

	feed_file(tmp, sizeof(tmp), text);
	assert_int_equal(rename(tmp, path), 0);
}

static struct scs_connector *
open_text(const char *text)
{
	struct scs_connector *c = NULL;
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_connector_feed_text("t.jsonl", text, strlen(text), &c, &err) !=
	    SCS_OK)
		fail_msg("feed refused: %s: %s", err.field, err.reason);
	assert_non_null(c);
	return c;
}

/* The number of hits for @s; the hits into *@out (may be NULL to free). */
static size_t
check(struct scs_connector *c, const struct scs_check_subject *s,
    struct scs_check_hit **out)
{
	struct scs_check_hit *hits = NULL;
	struct scs_err err;
	size_t n = 99;

	scs_err_clear(&err);
	if (scs_connector_check(c, s, &hits, &n, &err) != SCS_OK)
		fail_msg("check failed: %s: %s", err.field, err.reason);
	if (n == 0)
		assert_null(hits);
	if (out != NULL)
		*out = hits;
	else
		scs_check_hits_free(hits, n);
	return n;
}

/* Whether 山田 太郎 is a hit with these names (either may be NULL). */
static size_t
hits_for_names(struct scs_connector *c, const char *name, const char *latin)
{
	struct scs_check_subject s = taro();

	s.name = name;
	s.name_latin = latin;
	return check(c, &s, NULL);
}

/* ---- hits ------------------------------------------------------------- */

static void
test_a_subject_without_records_is_clear(void **state)
{
	struct scs_connector *c = open_text(HANAKO "\n" TARO_POLICE "\n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *hits = (void *)&s;

	(void)state;
	s.name = "山田 次郎";
	s.name_latin = "YAMADA Jiro";
	assert_int_equal(check(c, &s, &hits), 0);
	assert_null(hits);
	scs_connector_free(c);

	/* An empty feed (or one of comments only) clears everybody. */
	c = open_text("# nothing yet\n");
	s = taro();
	assert_int_equal(check(c, &s, NULL), 0);
	scs_connector_free(c);
}

static void
test_each_source_gives_a_hit_with_its_id_date_and_record(void **state)
{
	struct scs_connector *c = open_text(
	    TARO_POLICE "\n" HANAKO "\n" TARO_COURT "\n" TARO_BANKRUPTCY
	                "\n" TARO_DISCIPLINARY "\n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;

	(void)state;
	assert_int_equal(check(c, &s, &h), 4);
	assert_int_equal(h[0].source, SCS_CHECK_POLICE);
	assert_string_equal(h[0].id, "np-2019-0042");
	assert_string_equal(h[0].date, "2019-03-02");
	assert_string_equal(h[0].record, TARO_POLICE);
	assert_int_equal(h[1].source, SCS_CHECK_COURT);
	assert_string_equal(h[1].id, "tdc-2020-77");
	assert_string_equal(h[1].date, "2020-01-15");
	assert_string_equal(h[1].record, TARO_COURT);
	assert_int_equal(h[2].source, SCS_CHECK_BANKRUPTCY);
	assert_string_equal(h[2].id, "bk-2021-3");
	assert_string_equal(h[2].record, TARO_BANKRUPTCY);
	assert_int_equal(h[3].source, SCS_CHECK_DISCIPLINARY);
	assert_string_equal(h[3].id, "mod-d-9");
	assert_string_equal(h[3].record, TARO_DISCIPLINARY);
	scs_check_hits_free(h, 4);
	scs_connector_free(c);
}

static void
test_the_record_is_the_line_as_compact_json(void **state)
{
	struct scs_connector *c = open_text(
	    "  { \"id\": \"x-2\", \"source\": \"court\", \"name\": "
	    "\"\\u5c71\\u7530 \u592a\u90ce\", \"birth_date\": \"1980-04-01\", "
	    "\"date\": \"2020-02-02\" }  \n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;

	(void)state;
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].record,
	    "{\"id\":\"x-2\",\"source\":\"court\",\"name\":\"山田 太郎\","
	    "\"birth_date\":\"1980-04-01\",\"date\":\"2020-02-02\"}");
	scs_check_hits_free(h, 1);
	scs_connector_free(c);
}

static void
test_the_item_defaults_per_source_and_a_line_may_name_it(void **state)
{
	struct scs_connector *c = open_text(TARO_POLICE
	    "\n" TARO_COURT "\n" TARO_BANKRUPTCY "\n" TARO_DISCIPLINARY "\n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;

	(void)state;
	assert_int_equal(check(c, &s, &h), 4);
	assert_string_equal(h[0].item, "criminal_disciplinary");
	assert_string_equal(h[1].item, "criminal_disciplinary");
	assert_string_equal(h[2].item, "finances");
	/* The disciplinary line names its item. */
	assert_string_equal(h[3].item, "information_handling");
	scs_check_hits_free(h, 4);
	scs_connector_free(c);

	c = open_text("{\"id\":\"d-1\",\"source\":\"disciplinary\",\"name\":"
	              "\"山田 太郎\",\"birth_date\":\"1980-04-01\",\"date\":"
	              "\"2022-11-01\"}\n");
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].item, "criminal_disciplinary");
	scs_check_hits_free(h, 1);
	scs_connector_free(c);
}

static void
test_hits_come_in_feed_order_among_other_birth_dates(void **state)
{
	struct scs_connector *c = open_text(TARO_DISCIPLINARY
	    "\n" HANAKO "\n" TARO_POLICE
	    "\n{\"id\":\"z\",\"source\":\"court\",\"name\":\"山田 "
	    "太郎\",\"birth_date\":\"1980-03-31\",\"date\":\"2020-01-01\"}\n"
	    "{\"id\":\"a\",\"source\":\"court\",\"name\":\"山田 "
	    "太郎\",\"birth_date\":\"1980-04-02\",\"date\":\"2020-01-01\"}"
	    "\n" TARO_BANKRUPTCY "\n" TARO_COURT "\n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;

	(void)state;
	assert_int_equal(check(c, &s, &h), 4);
	assert_string_equal(h[0].id, "mod-d-9");
	assert_string_equal(h[1].id, "np-2019-0042");
	assert_string_equal(h[2].id, "bk-2021-3");
	assert_string_equal(h[3].id, "tdc-2020-77");
	scs_check_hits_free(h, 4);
	scs_connector_free(c);
}

/* ---- matching --------------------------------------------------------- */

static void
test_native_names_match_without_ascii_or_ideographic_space(void **state)
{
	/* One record written with an ASCII space, one with U+3000. */
	struct scs_connector *c = open_text(
	    "{\"id\":\"a\",\"source\":\"police\",\"name\":\"山田 "
	    "太郎\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}\n"
	    "{\"id\":\"b\",\"source\":\"police\",\"name\":\"山田\u3000"
	    "太郎\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}\n");

	(void)state;
	assert_int_equal(hits_for_names(c, "山田 太郎", NULL), 2);
	assert_int_equal(hits_for_names(c, "山田太郎", NULL), 2);
	assert_int_equal(hits_for_names(c, "山田\u3000太郎", NULL), 2);
	assert_int_equal(hits_for_names(c, "山田  \u3000 太郎", NULL), 2);
	assert_int_equal(hits_for_names(c, "山 田 太 郎", NULL), 2);
	/* Another given name, or the name with more to it, is no hit. */
	assert_int_equal(hits_for_names(c, "山田 次郎", NULL), 0);
	assert_int_equal(hits_for_names(c, "山田 太郎子", NULL), 0);
	assert_int_equal(hits_for_names(c, "山田", NULL), 0);
	/* Native names compare exactly otherwise: a katakana reading is
	 * another name. */
	assert_int_equal(hits_for_names(c, "ヤマダ タロウ", NULL), 0);
	scs_connector_free(c);
}

static void
test_latin_names_match_in_either_order_any_case_and_with_commas(void **state)
{
	struct scs_connector *c = open_text(
	    "{\"id\":\"a\",\"source\":\"court\",\"name_latin\":\"YAMADA "
	    "Taro\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}\n"
	    "{\"id\":\"b\",\"source\":\"court\",\"name_latin\":\"Yamada, "
	    "Taro\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}\n");

	(void)state;
	assert_int_equal(hits_for_names(c, NULL, "YAMADA Taro"), 2);
	assert_int_equal(hits_for_names(c, NULL, "Taro Yamada"), 2);
	assert_int_equal(hits_for_names(c, NULL, "yamada taro"), 2);
	assert_int_equal(hits_for_names(c, NULL, "TARO YAMADA"), 2);
	assert_int_equal(hits_for_names(c, NULL, "YAMADA, TARO"), 2);
	assert_int_equal(hits_for_names(c, NULL, "Yamada,Taro"), 2);
	assert_int_equal(hits_for_names(c, NULL, "Yamada   Taro"), 2);
	assert_int_equal(hits_for_names(c, NULL, "Yamada\u3000Taro"), 2);
	/* Not a part of the name, nor more, nor other spellings. */
	assert_int_equal(hits_for_names(c, NULL, "Yamada"), 0);
	assert_int_equal(hits_for_names(c, NULL, "Taro Yamada Jr"), 0);
	assert_int_equal(hits_for_names(c, NULL, "Yamada Tarou"), 0);
	assert_int_equal(hits_for_names(c, NULL, "YamadaTaro"), 0);
	scs_connector_free(c);
}

static void
test_latin_names_of_several_words_match_family_name_first_or_last(void **state)
{
	struct scs_connector *c = open_text(
	    "{\"id\":\"a\",\"source\":\"court\",\"name_latin\":\"VAN DER BERG "
	    "Jan Pieter\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-"
	    "01\"}\n");

	(void)state;
	assert_int_equal(hits_for_names(c, NULL, "Jan Pieter van der Berg"), 1);
	assert_int_equal(hits_for_names(c, NULL, "van der Berg, Jan Pieter"),
	    1);
	/* Words in another order than family/given are another name. */
	assert_int_equal(hits_for_names(c, NULL, "Pieter Jan van der Berg"), 0);
	assert_int_equal(hits_for_names(c, NULL, "Jan Pieter der van Berg"), 0);
	assert_int_equal(hits_for_names(c, NULL, "Jan Pieter Berg"), 0);
	scs_connector_free(c);
}

static void
test_either_name_matching_is_enough(void **state)
{
	struct scs_connector *c =
	    open_text(TARO_COURT "\n" TARO_BANKRUPTCY "\n");
	struct scs_check_hit *h;
	struct scs_check_subject s = taro();

	(void)state;
	/* The court record has the native name only, the bankruptcy record
	 * the Latin name only: a subject with both meets both. */
	assert_int_equal(check(c, &s, &h), 2);
	assert_string_equal(h[0].id, "tdc-2020-77");
	assert_string_equal(h[1].id, "bk-2021-3");
	scs_check_hits_free(h, 2);
	/* A subject known by one name meets only the records with it. */
	assert_int_equal(hits_for_names(c, "山田 太郎", NULL), 1);
	assert_int_equal(hits_for_names(c, NULL, "YAMADA Taro"), 1);
	/* A wrong native name does not spoil a Latin match. */
	assert_int_equal(hits_for_names(c, "山田 花子", "Taro YAMADA"), 1);
	scs_connector_free(c);
}

static void
test_another_birth_date_is_no_hit(void **state)
{
	struct scs_connector *c = open_text(TARO_POLICE "\n" TARO_COURT "\n");
	struct scs_check_subject s = taro();

	(void)state;
	s.birth_date = "1980-04-02";
	assert_int_equal(check(c, &s, NULL), 0);
	s.birth_date = "1980-03-31";
	assert_int_equal(check(c, &s, NULL), 0);
	s.birth_date = "1981-04-01";
	assert_int_equal(check(c, &s, NULL), 0);
	s.birth_date = "1980-04-01";
	assert_int_equal(check(c, &s, NULL), 2);
	scs_connector_free(c);
}

static void
test_a_record_nationality_must_be_one_of_the_subjects(void **state)
{
	/* TARO_POLICE names JPN; TARO_COURT names no nationality. */
	struct scs_connector *c = open_text(TARO_POLICE "\n" TARO_COURT "\n");
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;

	(void)state;
	s.nationalities = usa;
	s.nnationalities = 1;
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "tdc-2020-77");
	scs_check_hits_free(h, 1);

	s.nationalities = usa_jpn;
	s.nnationalities = 2;
	assert_int_equal(check(c, &s, NULL), 2);

	/* A subject of no known nationality meets only records without
	 * one. */
	s.nationalities = NULL;
	s.nnationalities = 0;
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "tdc-2020-77");
	scs_check_hits_free(h, 1);
	scs_connector_free(c);
}

/* ---- the feed at open ------------------------------------------------- */

struct bad_line {
	const char *line;
	const char *field; /* after "FILE:3", "" for none */
};

#define REC(extra)                                                             \
	"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"山田 "             \
	"太郎\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"" extra   \
	"}"

static const struct bad_line bad_lines[] = {
    {"{\"source\":\"police\",\"name\":\"x\",\"birth_date\":\"1980-04-01\","
     "\"date\":\"2019-01-01\"}",
        ": id"},
    {"{\"id\":\"r 1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":"
     "\"1980-04-01\",\"date\":\"2019-01-01\"}",
        ": id"},
    {"{\"id\":\"r-1\",\"source\":\"tax\",\"name\":\"x\",\"birth_date\":"
     "\"1980-04-01\",\"date\":\"2019-01-01\"}",
        ": source"},
    {"{\"id\":\"r-1\",\"name\":\"x\",\"birth_date\":\"1980-04-01\","
     "\"date\":\"2019-01-01\"}",
        ": source"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":"
     "\"1980-02-30\",\"date\":\"2019-01-01\"}",
        ": birth_date"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"date\":"
     "\"2019-01-01\"}",
        ": birth_date"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":"
     "\"1980-04-01\"}",
        ": date"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":"
     "\"1980-04-01\",\"date\":\"1979-12-31\"}",
        ": date"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":"
     "\"1980-04-01\",\"date\":20190101}",
        ": date"},
    {REC(",\"nationality\":\"XXX\""), ": nationality"},
    {REC(",\"nationality\":\"jpn\""), ": nationality"},
    {REC(",\"nationality\":[\"JPN\"]"), ": nationality"},
    {REC(",\"item\":\"Finances\""), ": item"},
    {REC(",\"item\":\"fin ances\""), ": item"},
    {REC(",\"item\":\"a234567890123456789012345678901234567890\""), ": item"},
    {REC(",\"summary\":\"line\\nbreak\""), ": summary"},
    {REC(",\"summary\":\"\""), ": summary"},
    {REC(",\"name_latin\":\" , \""), ": name_latin"},
    {REC(",\"name_latin\":\"\""), ": name_latin"},
    {REC(",\"nationality\":\"\""), ": nationality"},
    {REC(",\"item\":\"\""), ": item"},
    {REC(",\"name_latin\":\"Yamada\\u0000Taro\""), ""},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"birth_date\":\"1980-04-01\","
     "\"date\":\"2019-01-01\"}",
        ": name"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"\u3000\","
     "\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}",
        ": name"},
    {"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\" 山田\","
     "\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}",
        ": name"},
    {REC(",\"remarks\":\"x\""), ": remarks"},
    {REC(",\"id\":\"r-2\""), ""},
    {"{\"id\":\"r-1\",", ""},
    {"[\"r-1\"]", ""},
    {"\"r-1\"", ""},
    /* The id of line 2 again. */
    {"{\"id\":\"np-2019-0042\",\"source\":\"court\",\"name\":\"x\","
     "\"birth_date\":\"1980-04-01\",\"date\":\"2019-01-01\"}",
        ": id"},
};

static void
test_a_bad_line_is_refused_at_open_with_file_line_and_field(void **state)
{
	char path[256], want[320], text[70000];
	struct scs_connector *c;
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad_lines); i++) {
		(void)snprintf(text, sizeof(text),
		    "# the test feed\n%s\n%s\n%s\n", TARO_POLICE,
		    bad_lines[i].line, HANAKO);
		feed_file(path, sizeof(path), text);
		c = (void *)path;
		scs_err_clear(&err);
		if (scs_connector_feed_open(path, &c, &err) != SCS_EINVAL)
			fail_msg("line accepted: %s", bad_lines[i].line);
		assert_null(c);
		assert_int_equal(err.rc, SCS_EINVAL);
		(void)snprintf(want, sizeof(want), "%s:3%s", path,
		    bad_lines[i].field);
		if (strcmp(err.field, want) != 0)
			fail_msg("%s: field \"%s\", want \"%s\" (%s)",
			    bad_lines[i].line, err.field, want, err.reason);
		assert_true(err.reason[0] != '\0');
		assert_int_equal(unlink(path), 0);
	}
}

static void
test_unknown_members_are_refused(void **state)
{
	char path[256], want[300];
	struct scs_connector *c;
	struct scs_err err;

	(void)state;
	feed_file(path, sizeof(path), REC(",\"colour\":\"red\"") "\n");
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_EINVAL);
	assert_null(c);
	(void)snprintf(want, sizeof(want), "%s:1: colour", path);
	assert_string_equal(err.field, want);
	assert_string_equal(err.reason, "is not a member of a feed record");
	assert_int_equal(unlink(path), 0);

	/* "kind", "nationalities": the register's names are not the feed's. */
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_text("f",
	                     REC(",\"kind\":\"person\""),
	                     strlen(REC(",\"kind\":\"person\"")), &c, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "f:1: kind");
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_text("f",
	                     REC(",\"nationalities\":[\"JPN\"]"),
	                     strlen(REC(",\"nationalities\":[\"JPN\"]")), &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "f:1: nationalities");
}

#define LONG_HEAD                                                              \
	"{\"id\":\"r-1\",\"source\":\"police\",\"name\":\"x\",\"birth_date\":" \
	"\"1980-04-01\",\"date\":\"2019-01-01\",\"summary\":\""

static void
test_long_lines_and_nul_bytes_are_refused(void **state)
{
	static const char nul[] = REC("") "\n" REC("") "\0\n";
	size_t head = strlen(LONG_HEAD), len = SCS_FEED_LINE_MAX + 1;
	char *text = malloc(len + 1);
	struct scs_connector *c;
	struct scs_err err;

	(void)state;
	/* A line of 64 KiB + 1 byte: a record with a long summary. */
	assert_non_null(text);
	memcpy(text, LONG_HEAD, head);
	memset(text + head, 'x', len - head - 2);
	memcpy(text + len - 2, "\"}", 3);
	assert_int_equal(strlen(text), SCS_FEED_LINE_MAX + 1);
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_text("f", text, len, &c, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "f:1");
	assert_string_equal(err.reason, "line longer than 65536 bytes");
	free(text);

	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_text("f", nul, sizeof(nul) - 1, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "f:2");
}

static void
test_blank_lines_comments_crlf_and_a_bom_are_read(void **state)
{
	static const char text[] = "\xef\xbb\xbf# record checks, test feed\r\n"
	                           "\r\n"
	                           "   \n" TARO_POLICE "\r\n"
	                           "\t# another comment\n"
	                           "\n" TARO_COURT; /* no final newline */
	struct scs_connector *c = open_text(text);
	struct scs_check_subject s = taro();
	struct scs_err err;

	(void)state;
	assert_int_equal(check(c, &s, NULL), 2);
	scs_connector_free(c);

	/* Lines count from 1 whatever they hold. */
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_text("f", "\xef\xbb\xbf#\r\n\r\n{}",
	                     strlen("\xef\xbb\xbf#\r\n\r\n{}"), &c, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "f:3: id");
}

static void
test_a_missing_file_is_eio(void **state)
{
	struct scs_connector *c = (void *)state;
	struct scs_err err;

	(void)state;
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_open("/nonexistent/feed.jsonl", &c,
	                     &err),
	    SCS_EIO);
	assert_null(c);
	assert_string_equal(err.field, "/nonexistent/feed.jsonl");
	assert_true(err.reason[0] != '\0');

	/* A directory is no feed either. */
	scs_err_clear(&err);
	assert_int_equal(scs_connector_feed_open("/tmp", &c, &err), SCS_EIO);
	assert_null(c);
}

static void
test_the_name_is_feed_and_the_path(void **state)
{
	struct scs_connector *c;
	struct scs_err err;
	char path[256], want[300];

	(void)state;
	feed_file(path, sizeof(path), TARO_POLICE "\n");
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	(void)snprintf(want, sizeof(want), "feed:%s", path);
	assert_string_equal(scs_connector_name(c), want);
	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
	c = open_text("");
	assert_string_equal(scs_connector_name(c), "feed:t.jsonl");
	scs_connector_free(c);
	scs_connector_free(NULL);
}

/* ---- reloading -------------------------------------------------------- */

static void
test_the_feed_is_reloaded_when_the_file_changes(void **state)
{
	struct scs_check_subject s = taro();
	struct scs_connector *c;
	struct scs_check_hit *h;
	struct scs_err err;
	char path[256], same[1024];

	(void)state;
	feed_file(path, sizeof(path), HANAKO "\n");
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	assert_int_equal(check(c, &s, NULL), 0);

	/* Rewritten in place, longer. */
	feed_rewrite(path, HANAKO "\n" TARO_POLICE "\n", 0);
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "np-2019-0042");
	scs_check_hits_free(h, 1);

	/* Rewritten in place with the same size: the time tells. */
	(void)snprintf(same, sizeof(same), "%s", HANAKO "\n" TARO_POLICE "\n");
	memcpy(strstr(same, "0042"), "0043", 4);
	feed_rewrite(path, same, 10);
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "np-2019-0043");
	scs_check_hits_free(h, 1);

	/* Replaced by a rename, as docs/record-checks.md asks. */
	feed_replace(path, TARO_COURT "\n" TARO_BANKRUPTCY "\n");
	assert_int_equal(check(c, &s, &h), 2);
	assert_string_equal(h[0].id, "tdc-2020-77");
	scs_check_hits_free(h, 2);
	feed_replace(path, HANAKO "\n");
	assert_int_equal(check(c, &s, NULL), 0);

	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
}

static void
test_a_bad_replacement_fails_checks_until_the_feed_is_fixed(void **state)
{
	struct scs_check_subject s = taro();
	struct scs_check_hit *h = (void *)state;
	struct scs_connector *c;
	struct scs_err err;
	char path[256], want[300];
	size_t n = 7;

	(void)state;
	feed_file(path, sizeof(path), TARO_POLICE "\n");
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	assert_int_equal(check(c, &s, NULL), 1);

	feed_replace(path,
	    TARO_POLICE "\n" REC(",\"nationality\":\"XX\"") "\n");
	(void)snprintf(want, sizeof(want), "%s:2: nationality", path);
	scs_err_clear(&err);
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err),
	    SCS_ECORRUPT);
	assert_null(h);
	assert_int_equal(n, 0);
	assert_int_equal(err.rc, SCS_ECORRUPT);
	assert_string_equal(err.field, want);
	/* Again, without reading it again: the same answer. */
	scs_err_clear(&err);
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err),
	    SCS_ECORRUPT);
	assert_string_equal(err.field, want);

	feed_replace(path, TARO_COURT "\n");
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "tdc-2020-77");
	scs_check_hits_free(h, 1);
	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
}

static void
test_a_feed_removed_after_open_fails_checks_with_eio(void **state)
{
	struct scs_check_subject s = taro();
	struct scs_check_hit *h = (void *)state;
	struct scs_connector *c;
	struct scs_err err;
	char path[256];
	size_t n;

	(void)state;
	feed_file(path, sizeof(path), TARO_POLICE "\n");
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	assert_int_equal(unlink(path), 0);
	scs_err_clear(&err);
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EIO);
	assert_null(h);
	assert_string_equal(err.field, path);

	/* Back again: checks resume. */
	feed_replace(path, TARO_COURT "\n");
	assert_int_equal(check(c, &s, &h), 1);
	assert_string_equal(h[0].id, "tdc-2020-77");
	scs_check_hits_free(h, 1);
	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
}

/* Checks on one connector from several threads while the file is
 * replaced: each check sees one whole feed, the old or the new. */
struct racer {
	struct scs_connector *c;
	int bad;
};

static void *
race(void *arg)
{
	struct racer *r = arg;
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;
	struct scs_err err;
	size_t n;
	int i;

	for (i = 0; i < 300; i++) {
		if (scs_connector_check(r->c, &s, &h, &n, &err) != SCS_OK ||
		    (n == 1 && strcmp(h[0].id, "np-2019-0042") != 0) ||
		    (n == 2 &&
		        (strcmp(h[0].id, "tdc-2020-77") != 0 ||
		            strcmp(h[1].id, "bk-2021-3") != 0)) ||
		    n == 0 || n > 2)
			r->bad++;
		scs_check_hits_free(h, n);
	}
	return NULL;
}

static void
test_concurrent_checks_while_the_feed_is_replaced(void **state)
{
	struct racer r[4];
	pthread_t t[4];
	struct scs_connector *c;
	struct scs_err err;
	char path[256];
	int i;

	(void)state;
	feed_file(path, sizeof(path), TARO_POLICE "\n");
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	for (i = 0; i < 4; i++) {
		r[i].c = c;
		r[i].bad = 0;
		assert_int_equal(pthread_create(&t[i], NULL, race, &r[i]), 0);
	}
	for (i = 0; i < 40; i++)
		feed_replace(path,
		    i % 2 ? TARO_POLICE "\n" HANAKO "\n"
		          : TARO_COURT "\n" TARO_BANKRUPTCY "\n");
	for (i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(r[i].bad, 0);
	}
	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
}

/* ---- the subject and the codes ---------------------------------------- */

static void
test_a_bad_subject_is_refused_naming_the_field(void **state)
{
	struct scs_connector *c = open_text(TARO_POLICE "\n");
	struct scs_check_subject s;
	struct scs_check_hit *h;
	struct scs_err err;
	static const char bad_nat[][4] = {"JPN", "J1N"};
	size_t n;

	(void)state;
	s = taro();
	s.birth_date = NULL;
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EINVAL);
	assert_string_equal(err.field, "birth_date");
	s.birth_date = "1980-4-1";
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EINVAL);
	assert_string_equal(err.field, "birth_date");
	s = taro();
	s.name = NULL;
	s.name_latin = "";
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EINVAL);
	assert_string_equal(err.field, "name");
	s = taro();
	s.name_latin = "YAMADA\x01Taro";
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EINVAL);
	assert_string_equal(err.field, "name_latin");
	s = taro();
	s.nationalities = bad_nat;
	s.nnationalities = 2;
	assert_int_equal(scs_connector_check(c, &s, &h, &n, &err), SCS_EINVAL);
	assert_string_equal(err.field, "nationalities[1]");
	assert_null(h);
	assert_int_equal(n, 0);
	scs_connector_free(c);
}

static void
test_the_subject_of_a_person_is_its_identity(void **state)
{
	struct scs_connector *c = open_text(TARO_POLICE "\n");
	struct scs_check_subject s;
	struct scs_person p;

	(void)state;
	memset(&p, 0, sizeof(p));
	(void)snprintf(p.id, sizeof(p.id), "p-1");
	(void)snprintf(p.name, sizeof(p.name), "山田 太郎");
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "1980-04-01");
	(void)snprintf(p.nationalities[0], 4, "USA");
	(void)snprintf(p.nationalities[1], 4, "JPN");
	p.nnationalities = 2;
	scs_check_subject_of(&s, &p);
	assert_ptr_equal(s.name, p.name);
	assert_null(s.name_latin);
	assert_ptr_equal(s.birth_date, p.birth_date);
	assert_int_equal(s.nnationalities, 2);
	assert_string_equal(s.nationalities[1], "JPN");
	assert_int_equal(check(c, &s, NULL), 1);
	scs_connector_free(c);
}

static void
test_source_codes_round_trip_with_their_default_items(void **state)
{
	enum scs_check_source s, back;

	(void)state;
	for (s = 0; s < SCS_CHECK_NSOURCES; s++) {
		assert_non_null(scs_check_source_name(s));
		assert_int_equal(scs_check_source_parse(scs_check_source_name(
		                                            s),
		                     &back),
		    0);
		assert_int_equal(back, s);
		assert_non_null(scs_check_source_item(s));
	}
	assert_string_equal(scs_check_source_name(SCS_CHECK_POLICE), "police");
	assert_string_equal(scs_check_source_name(SCS_CHECK_COURT), "court");
	assert_string_equal(scs_check_source_name(SCS_CHECK_BANKRUPTCY),
	    "bankruptcy");
	assert_string_equal(scs_check_source_name(SCS_CHECK_DISCIPLINARY),
	    "disciplinary");
	assert_string_equal(scs_check_source_item(SCS_CHECK_BANKRUPTCY),
	    "finances");
	assert_null(scs_check_source_name(SCS_CHECK_NSOURCES));
	assert_null(scs_check_source_item(SCS_CHECK_NSOURCES));
	assert_int_equal(scs_check_source_parse("Police", &back), -1);
	assert_int_equal(scs_check_source_parse("", &back), -1);
}

/* ---- allocation failures ---------------------------------------------- */

static const char fault_feed[] =
    TARO_POLICE "\n" HANAKO "\n" TARO_COURT "\n" TARO_BANKRUPTCY "\n";

/* Open the feed with the Nth allocation failing, N = 1, 2, ... until no
 * allocation fails: each run opens or says out of memory, and leaves no
 * block behind. */
static void
faults_at_open(const char *path)
{
	struct scs_connector *c;
	struct scs_err err;
	bool fired = true;
	long nth;
	int rc;

	for (nth = 1; fired; nth++) {
		alloc_arm(nth);
		rc = scs_connector_feed_open(path, &c, &err);
		if (rc == SCS_OK)
			scs_connector_free(c);
		fired = alloc_disarm(nth);
		if (rc != SCS_OK && (rc != SCS_ENOMEM || !fired))
			fail_msg("open, allocation %ld failing: rc %d: %s: %s",
			    nth, rc, err.field, err.reason);
		if (alloc_live != 0)
			fail_msg("open, allocation %ld failing: %ld blocks "
			         "left",
			    nth, alloc_live);
	}
	assert_true(nth > 10);
}

/* The same for a check on an open feed, and for a check that reloads a
 * replaced feed: a reload that runs out of memory keeps the old feed for
 * no one (the check fails) and is tried again at the next check. */
static void
faults_at_check(const char *path, struct scs_connector *c, bool reload)
{
	static const char other[] = TARO_COURT "\n" TARO_POLICE "\n";
	struct scs_check_subject s = taro();
	struct scs_check_hit *h;
	struct scs_err err;
	bool fired = true;
	size_t n, want;
	long nth;
	int rc;

	for (nth = 1; fired; nth++) {
		want = 3;
		if (reload) {
			feed_replace(path, nth % 2 ? other : fault_feed);
			want = nth % 2 ? 2 : 3;
		}
		alloc_arm(nth);
		rc = scs_connector_check(c, &s, &h, &n, &err);
		if (rc == SCS_OK)
			scs_check_hits_free(h, n);
		fired = alloc_disarm(nth);
		if (rc != SCS_OK && (rc != SCS_ENOMEM || !fired))
			fail_msg("check, allocation %ld failing: rc %d: %s: %s",
			    nth, rc, err.field, err.reason);
		if (rc == SCS_OK)
			assert_int_equal(n, want);
		else if (h != NULL || n != 0)
			fail_msg("check, allocation %ld failing: hits left",
			    nth);
		if (!reload && alloc_live != 0)
			fail_msg("check, allocation %ld failing: %ld blocks "
			         "left",
			    nth, alloc_live);
		/* Unarmed, the check sees the feed as it is now. */
		assert_int_equal(check(c, &s, NULL), want);
	}
	assert_true(nth > 3);
}

static void
test_allocation_failures_leave_nothing_behind(void **state)
{
	struct scs_connector *c;
	struct scs_err err;
	char path[256];

	(void)state;
	if (!ALLOC_FAULTS)
		skip(); /* a sanitizer owns the allocator */
	feed_file(path, sizeof(path), fault_feed);
	faults_at_open(path);
	assert_int_equal(scs_connector_feed_open(path, &c, &err), SCS_OK);
	faults_at_check(path, c, false);
	faults_at_check(path, c, true);
	scs_connector_free(c);
	assert_int_equal(unlink(path), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_a_subject_without_records_is_clear),
	    cmocka_unit_test(
	        test_each_source_gives_a_hit_with_its_id_date_and_record),
	    cmocka_unit_test(test_the_record_is_the_line_as_compact_json),
	    cmocka_unit_test(
	        test_the_item_defaults_per_source_and_a_line_may_name_it),
	    cmocka_unit_test(
	        test_hits_come_in_feed_order_among_other_birth_dates),
	    cmocka_unit_test(
	        test_native_names_match_without_ascii_or_ideographic_space),
	    cmocka_unit_test(
	        test_latin_names_match_in_either_order_any_case_and_with_commas),
	    cmocka_unit_test(
	        test_latin_names_of_several_words_match_family_name_first_or_last),
	    cmocka_unit_test(test_either_name_matching_is_enough),
	    cmocka_unit_test(test_another_birth_date_is_no_hit),
	    cmocka_unit_test(
	        test_a_record_nationality_must_be_one_of_the_subjects),
	    cmocka_unit_test(
	        test_a_bad_line_is_refused_at_open_with_file_line_and_field),
	    cmocka_unit_test(test_unknown_members_are_refused),
	    cmocka_unit_test(test_long_lines_and_nul_bytes_are_refused),
	    cmocka_unit_test(test_blank_lines_comments_crlf_and_a_bom_are_read),
	    cmocka_unit_test(test_a_missing_file_is_eio),
	    cmocka_unit_test(test_the_name_is_feed_and_the_path),
	    cmocka_unit_test(test_the_feed_is_reloaded_when_the_file_changes),
	    cmocka_unit_test(
	        test_a_bad_replacement_fails_checks_until_the_feed_is_fixed),
	    cmocka_unit_test(
	        test_a_feed_removed_after_open_fails_checks_with_eio),
	    cmocka_unit_test(test_concurrent_checks_while_the_feed_is_replaced),
	    cmocka_unit_test(test_a_bad_subject_is_refused_naming_the_field),
	    cmocka_unit_test(test_the_subject_of_a_person_is_its_identity),
	    cmocka_unit_test(
	        test_source_codes_round_trip_with_their_default_items),
	    cmocka_unit_test(test_allocation_failures_leave_nothing_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
