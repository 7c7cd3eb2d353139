/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_questionnaire.c - unit tests for src/core/questionnaire.c: the
 * shipped schemas (data/questionnaires/, read from the source tree) parse
 * and their examples pass; the JPN schemas ask about the seven lawful items
 * and nothing else; every kind of bad answer is reported with its section,
 * path and reason; partial saves, adverse answers, relatives; malformed
 * schemas are refused naming the problem; every allocation failing gives
 * SCS_ENOMEM and leaks nothing.
 *
 * The person of every test is born 1980-04-01 and answers on 2026-12-04,
 * so the look-back window is 2016-12-04 .. 2026-12-04.
 */
#include "helpers.h"

#include "alloc_fault.h"

#include "scs/embedded.h"
#include "scs/questionnaire.h"
#include "scs/time.h"

/* ---- helpers ---- */

static const char *const jpn_items[] = {"harmful_activities",
    "criminal_disciplinary", "information_handling", "drugs", "mental_health",
    "alcohol", "finances"};

static const char *const shipped[] = {"JPN-SDS", "JPN-CESI", "generic"};

static struct scs_qctx
ctx_of(const char *birth, const char *now)
{
	struct scs_qctx c;
	struct scs_err err;

	c.birth_date = birth;
	assert_int_equal(scs_time_parse(now, strlen(now), "now", &c.now, &err),
	    SCS_OK);
	return c;
}

/* The person of these tests on the day they answer. */
static struct scs_qctx
ctx_std(void)
{
	return ctx_of("1980-04-01", "2026-12-04T09:30:00Z");
}

static struct scs_qschema *
load(const char *authority)
{
	struct scs_qschema *s = NULL;
	struct scs_err err;
	char name[64];
	size_t len;
	char *text;

	(void)snprintf(name, sizeof(name), "questionnaires/%s.json", authority);
	text = test_slurp(name, &len);
	scs_err_clear(&err);
	if (scs_qschema_parse(text, len, &s, &err) != SCS_OK)
		fail_msg("%s: %s: %s", name, err.field, err.reason);
	free(text);
	return s;
}

/* A deep copy of the schema's example, to change. */
static json_t *
example(const struct scs_qschema *s)
{
	json_t *doc = json_deep_copy(scs_qschema_example(s));

	assert_non_null(doc);
	return doc;
}

/*
 * Set the value at @path ("residence.entries[1].period.from") in @root to
 * @v, which is stolen; NULL deletes.  An index one past the end appends.
 */
static void
jset(json_t *root, const char *path, json_t *v)
{
	char name[64];
	json_t *cur = root;
	const char *p = path;

	for (;;) {
		size_t n, idx = 0;
		bool is_index = *p == '[';

		if (is_index) {
			idx = (size_t)strtoul(p + 1, NULL, 10);
			p = strchr(p, ']') + 1;
		} else {
			n = strcspn(p, ".[");
			assert_true(n < sizeof(name));
			memcpy(name, p, n);
			name[n] = '\0';
			p += n;
		}
		if (*p == '.')
			p++;
		if (*p == '\0') {
			if (is_index && v == NULL)
				assert_int_equal(json_array_remove(cur, idx),
				    0);
			else if (is_index && idx == json_array_size(cur))
				assert_int_equal(json_array_append_new(cur, v),
				    0);
			else if (is_index)
				assert_int_equal(json_array_set_new(cur, idx,
				                     v),
				    0);
			else if (v == NULL)
				assert_int_equal(json_object_del(cur, name), 0);
			else
				assert_int_equal(json_object_set_new(cur, name,
				                     v),
				    0);
			return;
		}
		cur = is_index ? json_array_get(cur, idx)
		               : json_object_get(cur, name);
		if (cur == NULL)
			fail_msg("%s: no such place", path);
	}
}

/* A JSON value from text. */
static json_t *
J(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &jerr);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, jerr.text);
	return j;
}

static void
print_errs(const struct scs_qerrs *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		print_error("  %s | %s | %s\n", e->e[i].section, e->e[i].path,
		    e->e[i].reason);
}

/* Assert that @e holds a finding at @section/@path whose reason contains
 * @reason. */
static void
has_err(const struct scs_qerrs *e, const char *section, const char *path,
    const char *reason)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		if (strcmp(e->e[i].section, section) == 0 &&
		    strcmp(e->e[i].path, path) == 0 &&
		    strstr(e->e[i].reason, reason) != NULL)
			return;
	print_errs(e);
	fail_msg("no finding %s | %s | ...%s...", section, path, reason);
}

/* Check @doc (consumed) at submission, expecting exactly @nerr findings,
 * the first of them at @section/@path with @reason in it. */
static void
expect(const struct scs_qschema *s, json_t *doc, size_t nerr,
    const char *section, const char *path, const char *reason)
{
	struct scs_qctx ctx = ctx_std();
	struct scs_qerrs errs;
	struct scs_err err;
	int rc;

	rc = scs_qschema_check(s, doc, &ctx, &errs, &err);
	json_decref(doc);
	if (errs.total != nerr) {
		print_errs(&errs);
		fail_msg("%zu findings, expected %zu", errs.total, nerr);
	}
	assert_int_equal(rc, nerr == 0 ? SCS_OK : SCS_EINVAL);
	if (nerr == 0)
		return;
	has_err(&errs, section, path, reason);
	/* The first finding is also in err, as "SECTION.PATH". */
	assert_int_equal(err.rc, SCS_EINVAL);
	assert_string_equal(err.reason, errs.e[0].reason);
}

/* ---- the shipped schemas ---- */

static void
test_shipped_schemas_parse_and_their_examples_pass(void **state)
{
	struct scs_qctx ctx = ctx_of("1980-04-01", "2026-12-04");
	struct scs_qerrs errs;
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(shipped); i++) {
		struct scs_qschema *s = load(shipped[i]);

		assert_string_equal(scs_qschema_authority(s), shipped[i]);
		assert_string_equal(scs_qschema_version(s), "2026-1");
		assert_int_equal(scs_qschema_lookback_years(s), 10);
		assert_int_equal(scs_qschema_generic(s),
		    strcmp(shipped[i], "generic") == 0);
		if (scs_qschema_check(s, scs_qschema_example(s), &ctx, &errs,
		        &err) != SCS_OK) {
			print_errs(&errs);
			fail_msg("%s: example fails", shipped[i]);
		}
		assert_int_equal(errs.total, 0);
		/* Every section saves on its own too. */
		for (size_t j = 0; j < scs_qschema_nsections(s); j++) {
			const char *id = scs_qschema_section_id(s, j);

			assert_int_equal(scs_qschema_section_index(s, id),
			    (int)j);
			assert_int_equal(
			    scs_qschema_check_section(s, id,
			        json_object_get(scs_qschema_example(s), id),
			        &ctx, &errs, &err),
			    SCS_OK);
		}
		/* No adverse answer in an example. */
		assert_int_equal(scs_qschema_adverse(s, scs_qschema_example(s),
		                     NULL, NULL),
		    0);
		/* The served JSON is the file's. */
		assert_string_equal(json_string_value(
		                        json_object_get(scs_qschema_json(s),
		                            "authority")),
		    shipped[i]);
		scs_qschema_free(s);
	}
}

static void
test_jpn_schemas_hold_exactly_the_seven_lawful_items(void **state)
{
	static const char *const plain[] = {"identity", "residence",
	    "employment", "education", "relatives"};
	size_t a, i, j;

	(void)state;
	for (a = 0; a < 2; a++) {
		struct scs_qschema *s = load(shipped[a]);

		assert_int_equal(scs_qschema_nitems(s), SCS_NELEM(jpn_items));
		for (i = 0; i < SCS_NELEM(jpn_items); i++) {
			assert_true(scs_qschema_has_item(s, jpn_items[i]));
			assert_string_equal(scs_qschema_item(s, i),
			    jpn_items[i]);
			/* Each item has its own section. */
			assert_true(
			    scs_qschema_section_index(s, jpn_items[i]) >= 0);
		}
		assert_false(scs_qschema_has_item(s, "sexual_behavior"));
		assert_int_equal(scs_qschema_nsections(s),
		    SCS_NELEM(plain) + SCS_NELEM(jpn_items));
		for (i = 0; i < scs_qschema_nsections(s); i++) {
			const char *id = scs_qschema_section_id(s, i);
			bool ok = false;

			for (j = 0; j < SCS_NELEM(plain); j++)
				ok = ok || strcmp(plain[j], id) == 0;
			for (j = 0; j < SCS_NELEM(jpn_items); j++)
				ok = ok || strcmp(jpn_items[j], id) == 0;
			if (!ok)
				fail_msg("%s: section %s is not allowed",
				    shipped[a], id);
		}
		scs_qschema_free(s);
	}
}

static void
test_shipped_schemas_name_known_authorities(void **state)
{
	struct scs_refdata rd;
	size_t i;

	(void)state;
	assert_int_equal(test_load_refdata(&rd), 0);
	for (i = 0; i < 2; i++)
		assert_non_null(scs_refdata_authority(&rd, shipped[i]));
	/* No authority is called "generic". */
	assert_null(scs_refdata_authority(&rd, "generic"));
	scs_refdata_free(&rd);
}

static void
test_schemas_are_embedded_by_their_path(void **state)
{
	const struct scs_embedded *e;
	size_t i, len;
	char name[64], *text;

	(void)state;
	for (i = 0; i < SCS_NELEM(shipped); i++) {
		(void)snprintf(name, sizeof(name), "questionnaires/%s.json",
		    shipped[i]);
		e = scs_embedded_get(name);
		assert_non_null(e);
		text = test_slurp(name, &len);
		assert_int_equal(e->len, len);
		assert_memory_equal(e->data, text, len);
		free(text);
	}
	assert_non_null(scs_embedded_get(SCS_QSCHEMA_GENERIC));
	/* The older names are unchanged. */
	assert_non_null(scs_embedded_get("authorities.csv"));
	assert_non_null(scs_embedded_get("levels.csv"));
	assert_non_null(scs_embedded_get("penalties.csv"));
	assert_non_null(scs_embedded_get("openapi.json"));
	assert_null(scs_embedded_get("JPN-SDS.json"));
}

/* ---- bad answers at submission ---- */

static void
test_an_unknown_section_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "hobbies", J("{\"golf\": true}"));
	expect(s, doc, 1, "hobbies", "", "is not a section");
	scs_qschema_free(s);
}

static void
test_a_missing_section_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "alcohol", NULL);
	expect(s, doc, 1, "alcohol", "", "is missing");
	doc = example(s);
	jset(doc, "drugs", json_null());
	expect(s, doc, 1, "drugs", "", "is missing");
	doc = example(s);
	jset(doc, "drugs", json_string("no"));
	expect(s, doc, 1, "drugs", "", "must be an object of answers");
	scs_qschema_free(s);
}

static void
test_an_unknown_field_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "identity.religion", json_string("none"));
	expect(s, doc, 1, "identity", "religion", "is not a question");
	/* In an entry, and in a yes's details. */
	doc = example(s);
	jset(doc, "residence.entries[0].rent",
	    J("{\"amount\":1,\"currency\":"
	      "\"JPY\"}"));
	expect(s, doc, 1, "residence", "entries[0].rent", "is not a question");
	doc = example(s);
	jset(doc, "information_handling.violation",
	    J("{\"answer\": true, \"details\": {\"date\": \"2020-01-01\", "
	      "\"description\": \"lost a USB stick\", \"who\": \"me\"}}"));
	expect(s, doc, 1, "information_handling", "violation.details.who",
	    "is not a question");
	/* And inside a value of a fixed shape. */
	doc = example(s);
	jset(doc, "residence.entries[0].period.since", json_string("x"));
	expect(s, doc, 1, "residence", "entries[0].period",
	    "unknown key \"since\"");
	scs_qschema_free(s);
}

static void
test_a_wrong_type_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "identity.name", json_integer(42));
	expect(s, doc, 1, "identity", "name", "must be a string");
	doc = example(s);
	jset(doc, "relatives.members[0].cohabitant", json_string("yes"));
	expect(s, doc, 1, "relatives", "members[0].cohabitant",
	    "must be true or false");
	doc = example(s);
	jset(doc, "drugs.misuse", json_false());
	expect(s, doc, 1, "drugs", "misuse", "must be an object {\"answer\"");
	doc = example(s);
	jset(doc, "residence.entries", json_object());
	expect(s, doc, 1, "residence", "entries", "must be a list of entries");
	doc = example(s);
	jset(doc, "education.entries[0]", json_string("Tokyo"));
	expect(s, doc, 1, "education", "entries[0]", "must be an object");
	doc = example(s);
	jset(doc, "identity.birth_date", json_integer(19800401));
	expect(s, doc, 1, "identity", "birth_date", "must be a date");
	doc = example(s);
	jset(doc, "education.entries[0].period", json_string("1999-2003"));
	expect(s, doc, 1, "education", "entries[0].period",
	    "must be an object {\"from\"");
	/* In a history, an entry that is not one covers nothing either. */
	doc = example(s);
	jset(doc, "residence.entries[0]", json_string("Tokyo"));
	expect(s, doc, 2, "residence", "entries[0]", "must be an object");
	scs_qschema_free(s);
}

static void
test_a_bad_date_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "education.entries[0].period.from",
	    json_string("1999-02-29"));
	expect(s, doc, 1, "education", "entries[0].period.from",
	    "is not a day of that month");
	doc = example(s);
	jset(doc, "education.entries[0].period.to", json_string("31/03/2003"));
	expect(s, doc, 1, "education", "entries[0].period.to",
	    "must be a date YYYY-MM-DD");
	doc = example(s);
	jset(doc, "education.entries[0].period.to",
	    json_string("2003-03-31T00:00:00Z"));
	expect(s, doc, 1, "education", "entries[0].period.to",
	    "must be a date YYYY-MM-DD");
	scs_qschema_free(s);
}

static void
test_a_date_before_birth_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "education.entries[0].period.from",
	    json_string("1980-03-31"));
	expect(s, doc, 1, "education", "entries[0].period.from",
	    "is before the birth date (1980-04-01)");
	/* The birth day itself is in the person's life. */
	doc = example(s);
	jset(doc, "education.entries[0].period.from",
	    json_string("1980-04-01"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* A relative may be born before the person ("within": "past"). */
	doc = example(s);
	jset(doc, "relatives.members[1].birth_date", json_string("1925-01-01"));
	expect(s, doc, 0, NULL, NULL, NULL);
	scs_qschema_free(s);
}

static void
test_a_date_in_the_future_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "residence.entries[1].period.to", json_string("2026-12-05"));
	expect(s, doc, 1, "residence", "entries[1].period.to",
	    "is in the future (today is 2026-12-04)");
	/* Today is not the future. */
	doc = example(s);
	jset(doc, "residence.entries[1].period.to", json_string("2026-12-04"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* Nor for a relative. */
	doc = example(s);
	jset(doc, "relatives.members[0].birth_date", json_string("2027-01-01"));
	expect(s, doc, 1, "relatives", "members[0].birth_date",
	    "is in the future");
	scs_qschema_free(s);
}

static void
test_a_range_ending_before_it_starts_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "education.entries[0].period",
	    J("{\"from\": \"2003-03-31\", \"to\": \"1999-04-01\"}"));
	expect(s, doc, 1, "education", "entries[0].period",
	    "starts (2003-03-31) after it ends (1999-04-01)");
	/* One day long is fine. */
	doc = example(s);
	jset(doc, "education.entries[0].period",
	    J("{\"from\": \"2003-03-31\", \"to\": \"2003-03-31\"}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* "to" left out or null means the present. */
	doc = example(s);
	jset(doc, "education.entries[0].period",
	    J("{\"from\": \"2003-03-31\"}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* "from" is required. */
	doc = example(s);
	jset(doc, "education.entries[0].period", J("{\"to\": \"2003-03-31\"}"));
	expect(s, doc, 1, "education", "entries[0].period.from", "is required");
	scs_qschema_free(s);
}

static void
test_a_missing_required_field_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "identity.name", NULL);
	expect(s, doc, 1, "identity", "name", "is required");
	/* null is no answer. */
	doc = example(s);
	jset(doc, "identity.nationalities", json_null());
	expect(s, doc, 1, "identity", "nationalities", "is required");
	/* An empty text is refused, not taken for an answer. */
	doc = example(s);
	jset(doc, "identity.birth_place", json_string(""));
	expect(s, doc, 1, "identity", "birth_place", "must not be empty");
	/* In an entry. */
	doc = example(s);
	jset(doc, "relatives.members[1].address", NULL);
	expect(s, doc, 1, "relatives", "members[1].address", "is required");
	/* Each adverse question must be answered. */
	doc = example(s);
	jset(doc, "finances.difficulties", NULL);
	expect(s, doc, 1, "finances", "difficulties", "is required");
	/* An optional one may be left out. */
	doc = example(s);
	jset(doc, "identity.name_reading", NULL);
	jset(doc, "identity.former_names", NULL);
	expect(s, doc, 0, NULL, NULL, NULL);
	/* Minimum entries. */
	doc = example(s);
	jset(doc, "residence.entries", json_array());
	expect(s, doc, 2, "residence", "entries", "at least 1 entry");
	doc = example(s);
	jset(doc, "identity.nationalities", json_array());
	expect(s, doc, 1, "identity", "nationalities", "at least 1 code");
	scs_qschema_free(s);
}

static void
test_required_if_follows_the_other_answer(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	/* The employer is required of the employed and the self-employed. */
	jset(doc, "employment.entries[1].employer", NULL);
	expect(s, doc, 1, "employment", "entries[1].employer",
	    "is required when activity is employed");
	doc = example(s);
	jset(doc, "employment.entries[1].activity",
	    json_string("self_employed"));
	jset(doc, "employment.entries[1].address", NULL);
	expect(s, doc, 1, "employment", "entries[1].address",
	    "is required when activity is self_employed");
	/* Not of a student. */
	doc = example(s);
	jset(doc, "employment.entries[1].activity", json_string("student"));
	jset(doc, "employment.entries[1].employer", NULL);
	jset(doc, "employment.entries[1].address", NULL);
	expect(s, doc, 0, NULL, NULL, NULL);
	scs_qschema_free(s);
}

static void
test_a_yes_needs_its_details(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "criminal_disciplinary.convicted", J("{\"answer\": true}"));
	expect(s, doc, 1, "criminal_disciplinary", "convicted.details",
	    "is required when the answer is yes");
	/* Details with their own required fields and entries. */
	doc = example(s);
	jset(doc, "criminal_disciplinary.convicted",
	    J("{\"answer\": true, \"details\": {\"cases\": [{\"date\": "
	      "\"2001-05-01\", \"offence\": \"speeding\"}]}}"));
	expect(s, doc, 1, "criminal_disciplinary",
	    "convicted.details.cases[0].sentence", "is required");
	doc = example(s);
	jset(doc, "criminal_disciplinary.convicted",
	    J("{\"answer\": true, \"details\": {\"cases\": []}}"));
	expect(s, doc, 1, "criminal_disciplinary", "convicted.details.cases",
	    "at least 1 entry");
	doc = example(s);
	jset(doc, "criminal_disciplinary.convicted",
	    J("{\"answer\": true, \"details\": {\"cases\": [{\"date\": "
	      "\"2001-05-01\", \"offence\": \"speeding\", \"sentence\": "
	      "\"fine of 50,000 yen\"}]}}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* A no carries no details: nothing is collected that is not asked. */
	doc = example(s);
	jset(doc, "criminal_disciplinary.pending",
	    J("{\"answer\": false, \"details\": {\"description\": \"x\"}}"));
	expect(s, doc, 1, "criminal_disciplinary", "pending.details",
	    "must be left out when the answer is no");
	/* The answer itself is required in the object. */
	doc = example(s);
	jset(doc, "criminal_disciplinary.pending", J("{}"));
	expect(s, doc, 1, "criminal_disciplinary", "pending.answer",
	    "must be true or false");
	scs_qschema_free(s);
}

static void
test_an_unknown_code_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "relatives.members[0].relation", json_string("cousin"));
	expect(s, doc, 1, "relatives", "members[0].relation",
	    "must be one of spouse, parent, child, sibling, spouse_parent, "
	    "other");
	doc = example(s);
	jset(doc, "employment.entries[0].activity", json_true());
	expect(s, doc, 1, "employment", "entries[0].activity",
	    "must be one of employed");
	scs_qschema_free(s);
}

static void
test_a_bad_country_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "identity.birth_country", json_string("XXX"));
	expect(s, doc, 1, "identity", "birth_country", "ISO 3166-1 alpha-3");
	doc = example(s);
	jset(doc, "identity.birth_country", json_string("jpn"));
	expect(s, doc, 1, "identity", "birth_country", "ISO 3166-1 alpha-3");
	doc = example(s);
	jset(doc, "identity.nationalities", J("[\"JPN\", \"USA\", \"JPN\"]"));
	expect(s, doc, 1, "identity", "nationalities[2]", "repeats JPN");
	doc = example(s);
	jset(doc, "identity.nationalities", json_string("JPN"));
	expect(s, doc, 1, "identity", "nationalities",
	    "must be a list of country codes");
	/* A withdrawn code is a past nationality, not a present one. */
	doc = example(s);
	jset(doc, "identity.past_nationalities", J("[\"SUN\", \"YUG\"]"));
	expect(s, doc, 0, NULL, NULL, NULL);
	doc = example(s);
	jset(doc, "identity.nationalities", J("[\"SUN\"]"));
	expect(s, doc, 1, "identity", "nationalities[0]", "ISO 3166-1");
	doc = example(s);
	jset(doc, "identity.past_nationalities", J("[\"XYZ\"]"));
	expect(s, doc, 1, "identity", "past_nationalities[0]",
	    "or a withdrawn one");
	doc = example(s);
	jset(doc, "relatives.members[0].nationalities",
	    J("[\"JPN\",\"USA\",\"GBR\",\"FRA\",\"DEU\",\"ITA\",\"CAN\","
	      "\"AUS\",\"NZL\"]"));
	expect(s, doc, 1, "relatives", "members[0].nationalities",
	    "at most 8 codes");
	scs_qschema_free(s);
}

static void
test_bad_money_is_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "finances.debts_total.amount", json_integer(-1));
	expect(s, doc, 1, "finances", "debts_total.amount",
	    "must be a whole number from 0");
	doc = example(s);
	jset(doc, "finances.debts_total.amount", json_real(1.5));
	expect(s, doc, 1, "finances", "debts_total.amount",
	    "must be a whole number");
	doc = example(s);
	jset(doc, "finances.debts_total.amount",
	    json_integer(1000000000000000));
	expect(s, doc, 1, "finances", "debts_total.amount",
	    "must be a whole number");
	doc = example(s);
	jset(doc, "finances.debts_total.currency", json_string("yen"));
	expect(s, doc, 1, "finances", "debts_total.currency", "ISO 4217");
	doc = example(s);
	jset(doc, "finances.debts_total.currency", NULL);
	expect(s, doc, 1, "finances", "debts_total.currency", "ISO 4217");
	doc = example(s);
	jset(doc, "finances.debts_total", json_integer(25000000));
	expect(s, doc, 1, "finances", "debts_total",
	    "must be an object {\"amount\"");
	doc = example(s);
	jset(doc, "finances.debts_total.note", json_string("mortgage"));
	expect(s, doc, 1, "finances", "debts_total", "unknown key \"note\"");
	/* Zero and other currencies are fine. */
	doc = example(s);
	jset(doc, "finances.debts_total",
	    J("{\"amount\":0,\"currency\":\"USD\"}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	scs_qschema_free(s);
}

static void
test_too_many_entries_are_refused(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s), *names = json_array();
	size_t i;

	(void)state;
	for (i = 0; i < 21; i++)
		assert_int_equal(json_array_append_new(names,
		                     J("{\"name\": \"佐藤 太郎\"}")),
		    0);
	jset(doc, "identity.former_names", names);
	expect(s, doc, 1, "identity", "former_names", "at most 20 entries");
	scs_qschema_free(s);
}

static void
test_texts_are_checked(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);
	char big[300];

	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	jset(doc, "identity.name", json_string(big));
	expect(s, doc, 1, "identity", "name", "at most 256 bytes");
	doc = example(s);
	jset(doc, "identity.name", json_string("山田\n太郎"));
	expect(s, doc, 1, "identity", "name", "control characters");
	doc = example(s);
	jset(doc, "identity.name", json_stringn("山田\0太郎", 13));
	expect(s, doc, 1, "identity", "name", "NUL");
	doc = example(s);
	jset(doc, "identity.name", json_string(" 山田 太郎"));
	expect(s, doc, 1, "identity", "name", "space");
	/* A multi-line text takes line feeds, not other control bytes. */
	doc = example(s);
	jset(doc, "alcohol.problems",
	    J("{\"answer\": true, \"details\": {\"date\": \"2019-01-01\", "
	      "\"description\": \"line one\\nline two\"}}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	doc = example(s);
	jset(doc, "alcohol.problems",
	    J("{\"answer\": true, \"details\": {\"date\": \"2019-01-01\", "
	      "\"description\": \"bell\\u0007\"}}"));
	expect(s, doc, 1, "alcohol", "problems.details.description",
	    "control characters");
	scs_qschema_free(s);
}

static void
test_the_reading_is_in_katakana(void **state)
{
	static const char *const bad[] = {"やまだ たろう", "山田 太郎",
	    "YAMADA Taro", "ﾔﾏﾀﾞ"};
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc;
	size_t i;

	(void)state;
	doc = example(s);
	jset(doc, "identity.name_reading", json_string("ヤマダ　タロウ"));
	expect(s, doc, 0, NULL, NULL, NULL);
	doc = example(s);
	jset(doc, "identity.name_reading",
	    json_string("ヴァン・デル・ヴェーレ"));
	expect(s, doc, 0, NULL, NULL, NULL);
	for (i = 0; i < SCS_NELEM(bad); i++) {
		doc = example(s);
		jset(doc, "identity.name_reading", json_string(bad[i]));
		expect(s, doc, 1, "identity", "name_reading", "katakana");
	}
	scs_qschema_free(s);
}

static void
test_the_birth_date_matches_the_record(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	jset(doc, "identity.birth_date", json_string("1980-04-02"));
	expect(s, doc, 1, "identity", "birth_date",
	    "does not match the birth date on record (1980-04-01)");
	scs_qschema_free(s);
}

/* ---- the look-back window ---- */

static void
test_a_gap_of_31_days_is_listed_with_its_dates(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	/* Nothing from 2019-04-01 to 2019-05-01: 31 days. */
	jset(doc, "residence.entries[1].period.from",
	    json_string("2019-05-02"));
	expect(s, doc, 1, "residence", "entries",
	    "leaves 2019-04-01 to 2019-05-01 (31 days) unaccounted for");
	/* Each gap is its own finding. */
	doc = example(s);
	jset(doc, "residence.entries[1].period.from",
	    json_string("2019-05-02"));
	jset(doc, "residence.entries[2]",
	    J("{\"period\": {\"from\": \"2017-06-01\", \"to\": "
	      "\"2017-07-01\"}, \"address\": \"札幌市\", \"country\": "
	      "\"JPN\"}"));
	jset(doc, "residence.entries[0].period.to", json_string("2017-03-31"));
	expect(s, doc, 2, "residence", "entries",
	    "leaves 2017-04-01 to 2017-05-31 (61 days)");
	doc = example(s);
	jset(doc, "residence.entries[1].period.from",
	    json_string("2019-05-02"));
	jset(doc, "residence.entries[2]",
	    J("{\"period\": {\"from\": \"2017-06-01\", \"to\": "
	      "\"2017-07-01\"}, \"address\": \"札幌市\", \"country\": "
	      "\"JPN\"}"));
	jset(doc, "residence.entries[0].period.to", json_string("2017-03-31"));
	{
		struct scs_qctx ctx = ctx_std();
		struct scs_qerrs errs;

		assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, NULL),
		    SCS_EINVAL);
		assert_int_equal(errs.total, 2);
		assert_string_equal(errs.e[0].reason,
		    "leaves 2017-04-01 to 2017-05-31 (61 days) unaccounted "
		    "for; gaps over 30 days are not allowed");
		has_err(&errs, "residence", "entries",
		    "leaves 2017-07-02 to 2019-05-01 (669 days)");
	}
	json_decref(doc);
	scs_qschema_free(s);
}

static void
test_a_gap_of_30_days_is_accepted(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	/* Nothing from 2019-04-01 to 2019-04-30: 30 days. */
	jset(doc, "residence.entries[1].period.from",
	    json_string("2019-05-01"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* Overlaps and entries in any order are fine. */
	doc = example(s);
	jset(doc, "residence.entries[2]",
	    J("{\"period\": {\"from\": \"2012-01-01\", \"to\": "
	      "\"2020-01-01\"}, \"address\": \"札幌市\", \"country\": "
	      "\"JPN\"}"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* At the end too: the last address ended 30 days before today. */
	doc = example(s);
	jset(doc, "residence.entries[1].period.to", json_string("2026-11-04"));
	expect(s, doc, 0, NULL, NULL, NULL);
	doc = example(s);
	jset(doc, "residence.entries[1].period.to", json_string("2026-11-03"));
	expect(s, doc, 1, "residence", "entries",
	    "leaves 2026-11-04 to 2026-12-04 (31 days)");
	scs_qschema_free(s);
}

static void
test_the_start_of_the_lookback_must_be_covered(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	json_t *doc = example(s);

	(void)state;
	/* The window opens 2016-12-04, ten years before today. */
	jset(doc, "residence.entries[0].period.from",
	    json_string("2017-01-04"));
	expect(s, doc, 1, "residence", "entries",
	    "leaves 2016-12-04 to 2017-01-03 (31 days) unaccounted for");
	doc = example(s);
	jset(doc, "residence.entries[0].period.from",
	    json_string("2017-01-03"));
	expect(s, doc, 0, NULL, NULL, NULL);
	/* Employment likewise. */
	doc = example(s);
	jset(doc, "employment.entries[0]", NULL);
	expect(s, doc, 1, "employment", "entries",
	    "leaves 2016-12-04 to 2018-03-31 (483 days)");
	scs_qschema_free(s);
}

/* A small schema: one adverse question, one history from age 18. */
static const char small_schema[] =
    "{\"authority\": \"TST\", \"version\": \"1\", \"title\": {\"ja\": "
    "\"試験\", \"en\": \"Test\"}, \"lookback_years\": 10,"
    "\"items\": [{\"code\": \"crime\", \"label\": {\"ja\": \"犯罪\", "
    "\"en\": \"Crime\"}}],"
    "\"sections\": ["
    "{\"id\": \"s\", \"label\": {\"ja\": \"節\", \"en\": \"Section\"}, "
    "\"item\": \"crime\", \"fields\": ["
    "{\"id\": \"x\", \"type\": \"yesno\", \"label\": {\"ja\": \"問\", "
    "\"en\": \"Question\"}, \"required\": true, \"adverse\": true, "
    "\"item\": \"crime\", \"details\": [{\"id\": \"what\", \"type\": "
    "\"text\", \"label\": {\"ja\": \"内容\", \"en\": \"What\"}, \"max\": "
    "100, \"required\": true}]},"
    "{\"id\": \"y\", \"type\": \"text\", \"label\": {\"ja\": \"補足\", "
    "\"en\": \"Note\"}, \"max\": 50}]},"
    "{\"id\": \"hist\", \"label\": {\"ja\": \"歴\", \"en\": \"History\"}, "
    "\"fields\": [{\"id\": \"entries\", \"type\": \"repeat\", \"label\": "
    "{\"ja\": \"歴\", \"en\": \"History\"}, \"required\": true, \"min\": 1, "
    "\"max\": 10, \"covers_lookback\": true, \"from_age\": 18, \"fields\": "
    "[{\"id\": \"period\", \"type\": \"date_range\", \"label\": {\"ja\": "
    "\"期間\", \"en\": \"Period\"}, \"required\": true}]}]}],"
    "\"example_context\": {\"birth_date\": \"1980-04-01\", \"now\": "
    "\"2026-12-04\"},"
    "\"example\": {\"s\": {\"x\": {\"answer\": false}}, \"hist\": "
    "{\"entries\": [{\"period\": {\"from\": \"2010-01-01\"}}]}}}";

static struct scs_qschema *
load_text(const char *text)
{
	struct scs_qschema *s = NULL;
	struct scs_err err;

	if (scs_qschema_parse(text, strlen(text), &s, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	return s;
}

static void
test_a_history_from_age_18_starts_at_the_18th_birthday(void **state)
{
	struct scs_qschema *s = load_text(small_schema);
	struct scs_qctx ctx = ctx_of("2006-01-01", "2026-12-04");
	struct scs_qerrs errs;
	json_t *doc = json_deep_copy(scs_qschema_example(s));

	(void)state;
	/* Born 2006-01-01: the window opens 2024-01-01, not 2016-12-04. */
	jset(doc, "hist.entries[0].period.from", json_string("2024-01-31"));
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, NULL), SCS_OK);
	jset(doc, "hist.entries[0].period.from", json_string("2024-02-01"));
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, NULL),
	    SCS_EINVAL);
	has_err(&errs, "hist", "entries",
	    "leaves 2024-01-01 to 2024-01-31 (31 days)");
	/* Younger than 18: nothing to cover, though an entry is required. */
	ctx = ctx_of("2010-01-01", "2026-12-04");
	jset(doc, "hist.entries[0].period.from", json_string("2026-12-01"));
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, NULL), SCS_OK);
	/* No birth date on record: the window is the plain look-back. */
	ctx = ctx_of(NULL, "2026-12-04");
	jset(doc, "hist.entries[0].period.from", json_string("2017-01-04"));
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, NULL),
	    SCS_EINVAL);
	has_err(&errs, "hist", "entries",
	    "leaves 2016-12-04 to 2017-01-03 (31 days)");
	json_decref(doc);
	scs_qschema_free(s);
}

/* ---- partial saves ---- */

static void
test_a_partial_save_takes_missing_answers(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct scs_qctx ctx = ctx_std();
	struct scs_qerrs errs;
	struct scs_err err;
	json_t *a;

	(void)state;
	a = J("{\"name\": \"山田 太郎\"}");
	assert_int_equal(scs_qschema_check_section(s, "identity", a, &ctx,
	                     &errs, &err),
	    SCS_OK);
	json_decref(a);
	a = J("{}");
	assert_int_equal(scs_qschema_check_section(s, "finances", a, &ctx,
	                     &errs, &err),
	    SCS_OK);
	json_decref(a);
	/* A yes whose details are still to come; a history with gaps. */
	a = J("{\"convicted\": {\"answer\": true}}");
	assert_int_equal(scs_qschema_check_section(s, "criminal_disciplinary",
	                     a, &ctx, &errs, &err),
	    SCS_OK);
	json_decref(a);
	a = J("{\"entries\": [{\"period\": {\"from\": \"2020-01-01\"}}]}");
	assert_int_equal(scs_qschema_check_section(s, "residence", a, &ctx,
	                     &errs, &err),
	    SCS_OK);
	json_decref(a);
	scs_qschema_free(s);
}

static void
test_a_partial_save_refuses_unknown_and_wrong_answers(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct scs_qctx ctx = ctx_std();
	struct scs_qerrs errs;
	struct scs_err err;
	json_t *a;

	(void)state;
	a = J("{\"name\": \"山田 太郎\", \"blood_type\": \"A\"}");
	assert_int_equal(scs_qschema_check_section(s, "identity", a, &ctx,
	                     &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(errs.total, 1);
	has_err(&errs, "identity", "blood_type", "is not a question");
	assert_string_equal(err.field, "identity.blood_type");
	json_decref(a);
	a = J("{\"birth_date\": \"1980-13-01\", \"nationalities\": [\"XX\"]}");
	assert_int_equal(scs_qschema_check_section(s, "identity", a, &ctx,
	                     &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(errs.total, 2);
	has_err(&errs, "identity", "birth_date", "month");
	has_err(&errs, "identity", "nationalities[0]", "ISO 3166-1");
	json_decref(a);
	a = J("[]");
	assert_int_equal(scs_qschema_check_section(s, "identity", a, &ctx,
	                     &errs, &err),
	    SCS_EINVAL);
	has_err(&errs, "identity", "", "must be an object of answers");
	json_decref(a);
	/* An unknown section. */
	a = J("{}");
	assert_int_equal(scs_qschema_check_section(s, "hobbies", a, &ctx, &errs,
	                     &err),
	    SCS_EINVAL);
	has_err(&errs, "hobbies", "", "is not a section");
	assert_string_equal(err.field, "hobbies");
	json_decref(a);
	scs_qschema_free(s);
}

/* ---- adverse answers and relatives ---- */

struct seen {
	size_t n;
	char item[4][48];
	char section[4][48];
	char path[4][160];
};

static void
on_adverse(void *arg, const char *item, const char *section, const char *path)
{
	struct seen *seen = arg;

	if (seen->n < 4) {
		(void)snprintf(seen->item[seen->n], 48, "%s", item);
		(void)snprintf(seen->section[seen->n], 48, "%s", section);
		(void)snprintf(seen->path[seen->n], 160, "%s", path);
	}
	seen->n++;
}

static void
test_adverse_lists_each_yes(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct seen seen;
	json_t *doc = example(s);

	(void)state;
	memset(&seen, 0, sizeof(seen));
	jset(doc, "drugs.misuse",
	    J("{\"answer\": true, \"details\": {\"period\": {\"from\": "
	      "\"2018-01-01\", \"to\": \"2018-02-01\"}, \"substances\": "
	      "\"cannabis\", \"description\": \"abroad\"}}"));
	jset(doc, "harmful_activities.approached", J("{\"answer\": true}"));
	assert_int_equal(scs_qschema_adverse(s, doc, on_adverse, &seen), 2);
	assert_int_equal(seen.n, 2);
	/* In schema order. */
	assert_string_equal(seen.item[0], "harmful_activities");
	assert_string_equal(seen.section[0], "harmful_activities");
	assert_string_equal(seen.path[0], "approached");
	assert_string_equal(seen.item[1], "drugs");
	assert_string_equal(seen.section[1], "drugs");
	assert_string_equal(seen.path[1], "misuse");
	/* A plain yes that is not adverse does not count. */
	jset(doc, "drugs.misuse", J("{\"answer\": false}"));
	jset(doc, "harmful_activities.approached", J("{\"answer\": false}"));
	assert_int_equal(scs_qschema_adverse(s, doc, NULL, NULL), 0);
	/* Anything at all: no crash, nothing found. */
	json_decref(doc);
	doc = J("{\"drugs\": [1, 2], \"alcohol\": {\"problems\": 7}}");
	assert_int_equal(scs_qschema_adverse(s, doc, NULL, NULL), 0);
	json_decref(doc);
	doc = J("\"text\"");
	assert_int_equal(scs_qschema_adverse(s, doc, NULL, NULL), 0);
	json_decref(doc);
	scs_qschema_free(s);
}

static void
test_adverse_finds_a_yes_inside_entries(void **state)
{
	struct scs_qschema *s;
	struct seen seen;
	json_t *schema = J(small_schema), *doc;
	char *text;

	(void)state;
	/* An adverse question in each entry of a repeat. */
	jset(schema, "sections[1].fields[0].fields[1]",
	    J("{\"id\": \"fired\", \"type\": \"yesno\", \"label\": {\"ja\": "
	      "\"解雇\", \"en\": \"Dismissed\"}, \"adverse\": true, \"item\": "
	      "\"crime\"}"));
	text = json_dumps(schema, 0);
	s = load_text(text);
	free(text);
	json_decref(schema);
	doc = J("{\"s\": {\"x\": {\"answer\": false}}, \"hist\": {\"entries\": "
	        "[{\"period\": {\"from\": \"2010-01-01\", \"to\": "
	        "\"2020-01-01\"}, \"fired\": false}, {\"period\": {\"from\": "
	        "\"2020-01-01\"}, \"fired\": true}]}}");
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(scs_qschema_adverse(s, doc, on_adverse, &seen), 1);
	assert_string_equal(seen.section[0], "hist");
	assert_string_equal(seen.path[0], "entries[1].fired");
	assert_string_equal(seen.item[0], "crime");
	json_decref(doc);
	scs_qschema_free(s);
}

static void
test_relatives_come_out_as_the_record_holds_them(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct scs_relatives *rel = malloc(sizeof(*rel));
	struct scs_err err;
	json_t *doc;

	(void)state;
	assert_non_null(rel);
	assert_int_equal(scs_qschema_relatives(s, scs_qschema_example(s), rel,
	                     &err),
	    SCS_OK);
	assert_int_equal(rel->n, 2);
	assert_int_equal(rel->r[0].relation, SCS_REL_SPOUSE);
	assert_string_equal(rel->r[0].name, "山田 花子");
	assert_string_equal(rel->r[0].birth_date, "1982-02-02");
	assert_int_equal(rel->r[0].nnationalities, 1);
	assert_string_equal(rel->r[0].nationalities[0], "JPN");
	assert_string_equal(rel->r[0].address, "東京都港区六本木1-1-1");
	assert_true(rel->r[0].cohabitant);
	assert_int_equal(rel->r[1].relation, SCS_REL_PARENT);
	assert_false(rel->r[1].cohabitant);
	assert_int_equal(scs_relatives_validate(rel, &err), SCS_OK);
	/* A list that is not valid: nothing comes out. */
	doc = example(s);
	jset(doc, "relatives.members[1].nationalities", J("[\"XXX\"]"));
	assert_int_equal(scs_qschema_relatives(s, doc, rel, &err), SCS_EINVAL);
	assert_string_equal(err.field, "relatives.members[1].nationalities[0]");
	assert_int_equal(rel->n, 0);
	jset(doc, "relatives.members[1].name", json_integer(1));
	assert_int_equal(scs_qschema_relatives(s, doc, rel, &err), SCS_EINVAL);
	assert_string_equal(err.field, "relatives.members[1].name");
	json_decref(doc);
	scs_qschema_free(s);
	/* The generic schema has them too. */
	s = load("generic");
	assert_int_equal(scs_qschema_relatives(s, scs_qschema_example(s), rel,
	                     &err),
	    SCS_OK);
	assert_int_equal(rel->n, 2);
	assert_int_equal(rel->r[0].nnationalities, 2);
	assert_string_equal(rel->r[0].nationalities[1], "IRL");
	scs_qschema_free(s);
	free(rel);
}

/* ---- many findings, odd input ---- */

static void
test_findings_are_all_counted_and_the_first_64_kept(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct scs_qctx ctx = ctx_std();
	struct scs_qerrs errs;
	struct scs_err err;
	json_t *doc = example(s);
	char key[24];
	int i;

	(void)state;
	for (i = 0; i < 70; i++) {
		(void)snprintf(key, sizeof(key), "extra%02d", i);
		assert_int_equal(json_object_set_new(json_object_get(doc,
		                                         "identity"),
		                     key, json_true()),
		    0);
	}
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(errs.total, 70);
	assert_int_equal(errs.n, SCS_QERR_MAX);
	assert_string_equal(errs.e[0].path, "extra00");
	assert_string_equal(err.field, "identity.extra00");
	/* Without a list, the first still comes in err. */
	assert_int_equal(scs_qschema_check(s, doc, &ctx, NULL, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "identity.extra00");
	json_decref(doc);
	scs_qschema_free(s);
}

static void
test_odd_documents_and_contexts_are_refused_not_crashed_on(void **state)
{
	struct scs_qschema *s = load("JPN-SDS");
	struct scs_qctx ctx = ctx_std(),
	                bad = ctx_of("1980-02-30", "2026-12-04");
	struct scs_qerrs errs;
	struct scs_err err;
	json_t *doc;
	char key[200];

	(void)state;
	doc = J("[]");
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, &err),
	    SCS_EINVAL);
	has_err(&errs, "", "", "must be an object of sections");
	json_decref(doc);
	assert_int_equal(scs_qschema_check(s, NULL, &ctx, &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(scs_qschema_check(s, scs_qschema_example(s), NULL,
	                     &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(scs_qschema_check(s, scs_qschema_example(s), &bad,
	                     &errs, &err),
	    SCS_EINVAL);
	has_err(&errs, "", "", "birth date on record");
	bad = ctx_std();
	bad.now = INT64_MAX;
	assert_int_equal(scs_qschema_check(s, scs_qschema_example(s), &bad,
	                     &errs, &err),
	    SCS_EINVAL);
	has_err(&errs, "", "", "present time is out of range");
	/* Every section of the wrong type. */
	doc = J("{\"identity\": 1, \"residence\": [], \"employment\": \"x\"}");
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, &err),
	    SCS_EINVAL);
	assert_int_equal(errs.total, scs_qschema_nsections(s));
	json_decref(doc);
	/* A long key cut inside a character stays valid UTF-8. */
	memset(key, 0, sizeof(key));
	for (size_t i = 0; i + 3 < sizeof(key); i += 3)
		memcpy(key + i, "漢", 3);
	doc = example(s);
	assert_int_equal(json_object_set_new(doc, key, json_true()), 0);
	assert_int_equal(scs_qschema_check(s, doc, &ctx, &errs, &err),
	    SCS_EINVAL);
	assert_true(
	    scs_utf8_valid(errs.e[0].section, strlen(errs.e[0].section)));
	assert_true(scs_utf8_valid(err.field, strlen(err.field)));
	json_decref(doc);
	scs_qschema_free(s);
}

/* ---- malformed schemas ---- */

struct bad_schema {
	const char *path;  /* where to change the small schema */
	const char *value; /* JSON, or NULL to delete */
	const char *field; /* the error's field */
	const char *reason;
};

static const struct bad_schema bad_schemas[] = {
    {"colour", "\"red\"", "", "unknown key \"colour\""},
    {"authority", "\"JPN SDS\"", "authority", "authority code"},
    {"version", NULL, "version", "2026-1"},
    {"lookback_years", "0", "lookback_years", "from 1 to 50"},
    {"title.en", NULL, "title.en", "Japanese and English"},
    {"generic", "true", "generic", "exactly when"},
    {"items", "[]", "items", "1 to 32"},
    {"items[1]",
        "{\"code\": \"crime\", \"label\": {\"ja\": \"犯罪\", "
        "\"en\": \"Crime\"}}",
        "items[1].code", "repeats"},
    {"items[1]",
        "{\"code\": \"drink\", \"label\": {\"ja\": \"飲酒\", "
        "\"en\": \"Drink\"}}",
        "items[1]", "no section or question serves"},
    {"sections[1].id", "\"s\"", "sections[1].id", "repeats"},
    {"sections[0].item", "\"fraud\"", "sections[0].item",
        "one of the schema's items"},
    {"sections[0].fields[0].type", "\"checkbox\"", "sections[0].fields[0].type",
        "must be one of text"},
    {"sections[0].fields[1].id", "\"x\"", "sections[0].fields[1].id",
        "repeats"},
    {"sections[0].fields[1].id", "\"Note\"", "sections[0].fields[1].id", "a-z"},
    {"sections[0].fields[1].colour", "1", "sections[0].fields[1]",
        "unknown key \"colour\""},
    {"sections[0].fields[1].max", NULL, "sections[0].fields[1].max",
        "is required"},
    {"sections[0].fields[1].label", "{\"ja\": \"補足\"}",
        "sections[0].fields[1].label.en", "must be a string"},
    {"sections[0].fields[1].required_if",
        "{\"field\": \"z\", \"equals\": "
        "true}",
        "sections[0].fields[1].required_if.field",
        "another field of the same list"},
    {"sections[0].fields[1].required_if",
        "{\"field\": \"x\", \"equals\": "
        "\"yes\"}",
        "sections[0].fields[1].required_if.equals", "can take"},
    {"sections[0].fields[1].required_if", "{\"field\": \"x\"}",
        "sections[0].fields[1].required_if", "one of \"equals\" and \"in\""},
    {"sections[0].fields[0].item", NULL, "sections[0].fields[0].item",
        "is required on an adverse question"},
    {"sections[0].fields[0].details[0].type", "\"essay\"",
        "sections[0].fields[0].details[0].type", "must be one of"},
    {"sections[0].fields[0].details", "[]", "sections[0].fields[0].details",
        "1 to 64 fields"},
    {"sections[1].fields[0].fields[0].type", "\"date\"",
        "sections[1].fields[0].covers_lookback", "exactly one date_range"},
    {"sections[1].fields[0].covers_lookback", "false",
        "sections[1].fields[0].from_age", "needs \"covers_lookback\""},
    {"sections[1].fields[0].max", "1000", "sections[1].fields[0].max",
        "from 1 to 200"},
    {"sections[1].fields[0].min", "11", "sections[1].fields[0].min",
        "must not exceed"},
    {"sections[0].fields[1].type", "\"country\"", "sections[0].fields[1]",
        "need \"multiple\": true"},
    {"sections[0].fields[1].type", "\"enum\"", "sections[0].fields[1]",
        "unknown key \"max\""},
    {"sections[0].fields[1].script", "\"hiragana\"",
        "sections[0].fields[1].script", "katakana"},
    {"example", NULL, "example", "is required"},
    {"example_context.now", "\"soon\"", "example_context.now", "RFC 3339"},
    {"example.s.x", "{\"answer\": true}", "example.s.x.details",
        "is required when the answer is yes"},
    {"example.hist.entries[0].period.from", "\"2017-02-01\"",
        "example.hist.entries", "unaccounted for"},
    {"example.s.z", "1", "example.s.z", "is not a question"},
};

static void
test_malformed_schemas_are_refused_naming_the_problem(void **state)
{
	struct scs_qschema *s;
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad_schemas); i++) {
		const struct bad_schema *b = &bad_schemas[i];
		json_t *j = J(small_schema);
		char *text;

		jset(j, b->path, b->value != NULL ? J(b->value) : NULL);
		text = json_dumps(j, 0);
		json_decref(j);
		s = (struct scs_qschema *)&err; /* must be reset */
		scs_err_clear(&err);
		if (scs_qschema_parse(text, strlen(text), &s, &err) !=
		    SCS_EINVAL)
			fail_msg("%s = %s: accepted", b->path,
			    b->value ? b->value : "(deleted)");
		free(text);
		assert_null(s);
		if (strcmp(err.field, b->field) != 0 ||
		    strstr(err.reason, b->reason) == NULL)
			fail_msg("%s = %s: got \"%s: %s\", expected \"%s: "
			         "...%s...\"",
			    b->path, b->value ? b->value : "(deleted)",
			    err.field, err.reason, b->field, b->reason);
	}
}

static void
test_schemas_that_are_not_json_or_too_deep_are_refused(void **state)
{
	struct scs_qschema *s;
	struct scs_err err;
	json_t *j, *list;
	char *text;
	int d;

	(void)state;
	assert_int_equal(scs_qschema_parse("{", 1, &s, &err), SCS_EINVAL);
	assert_non_null(strstr(err.reason, "not valid JSON"));
	assert_int_equal(scs_qschema_parse("{\"a\":1,\"a\":2}", 13, &s, &err),
	    SCS_EINVAL);
	assert_int_equal(scs_qschema_parse("[]", 2, &s, &err), SCS_EINVAL);
	assert_non_null(strstr(err.reason, "JSON object"));
	/* Five nested field lists: a repeat in a repeat in ... */
	j = J(small_schema);
	list = J("[{\"id\": \"leaf\", \"type\": \"text\", \"label\": {\"ja\": "
	         "\"葉\", \"en\": \"Leaf\"}, \"max\": 10}]");
	for (d = 0; d < 4; d++) {
		json_t *r =
		    J("{\"id\": \"r\", \"type\": \"repeat\", \"label\": "
		      "{\"ja\": \"繰\", \"en\": \"Repeat\"}, \"max\": "
		      "2}");

		assert_int_equal(json_object_set_new(r, "fields", list), 0);
		list = json_array();
		assert_int_equal(json_array_append_new(list, r), 0);
	}
	json_incref(json_array_get(list, 0));
	jset(j, "sections[0].fields[2]", json_array_get(list, 0));
	json_decref(list);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(scs_qschema_parse(text, strlen(text), &s, &err),
	    SCS_EINVAL);
	free(text);
	assert_string_equal(err.field,
	    "sections[0].fields[2].fields[0].fields["
	    "0].fields[0].fields");
	assert_non_null(strstr(err.reason, "deeper than 4"));
}

static void
test_a_jpn_schema_asks_only_the_lawful_items(void **state)
{
	struct scs_qschema *s;
	struct scs_err err;
	json_t *j;
	char *text;
	size_t len;

	(void)state;
	/* An eighth item. */
	text = test_slurp("questionnaires/JPN-SDS.json", &len);
	j = J(text);
	free(text);
	jset(j, "items[7]",
	    J("{\"code\": \"sexual_behavior\", \"label\": {\"ja\": "
	      "\"性的行動\", "
	      "\"en\": \"Sexual behavior\"}}"));
	jset(j, "sections[5].item", json_string("sexual_behavior"));
	text = json_dumps(j, 0);
	assert_int_equal(scs_qschema_parse(text, strlen(text), &s, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "items");
	assert_non_null(strstr(err.reason, "seven lawful items"));
	free(text);
	json_decref(j);
	/* A section that serves no item. */
	text = test_slurp("questionnaires/JPN-CESI.json", &len);
	j = J(text);
	free(text);
	jset(j, "sections[12]",
	    J("{\"id\": \"hobbies\", \"label\": {\"ja\": \"趣味\", \"en\": "
	      "\"Hobbies\"}, \"fields\": [{\"id\": \"what\", \"type\": "
	      "\"text\", \"label\": {\"ja\": \"趣味\", \"en\": \"Hobbies\"}, "
	      "\"max\": 100}]}"));
	text = json_dumps(j, 0);
	assert_int_equal(scs_qschema_parse(text, strlen(text), &s, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "sections[12].item");
	assert_non_null(strstr(err.reason, "lawful item"));
	free(text);
	json_decref(j);
}

static void
test_the_relatives_field_must_fit_the_record(void **state)
{
	struct scs_qschema *s;
	struct scs_err err;
	json_t *j;
	char *text;
	size_t len;

	(void)state;
	text = test_slurp("questionnaires/JPN-SDS.json", &len);
	j = J(text);
	free(text);
	/* Names longer than the record holds. */
	jset(j, "sections[4].fields[0].fields[1].max", json_integer(300));
	text = json_dumps(j, 0);
	assert_int_equal(scs_qschema_parse(text, strlen(text), &s, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "sections[4].fields[0].relatives");
	assert_non_null(strstr(err.reason, "\"name\""));
	free(text);
	/* A relation the record does not know. */
	jset(j, "sections[4].fields[0].fields[1].max", json_integer(256));
	jset(j, "sections[4].fields[0].fields[0].options[6]",
	    J("{\"code\": \"cousin\", \"label\": {\"ja\": \"いとこ\", \"en\": "
	      "\"Cousin\"}}"));
	text = json_dumps(j, 0);
	assert_int_equal(scs_qschema_parse(text, strlen(text), &s, &err),
	    SCS_EINVAL);
	assert_non_null(strstr(err.reason, "relation codes"));
	free(text);
	json_decref(j);
}

/* ---- allocation failures ---- */

/*
 * jansson cannot be tortured like the rest: while it reads a string, an
 * allocation it could not make drops a byte without a word (lex_save), and
 * some others come out as syntax errors or leak what was built so far.  So
 * the allocations of json_loadb itself only must not crash nor give a
 * schema with an error; from the first allocation after it, every failure
 * must be SCS_ENOMEM with nothing leaked (docs/questionnaire.md).
 */
static void
test_every_allocation_failing_gives_enomem(void **state)
{
	struct scs_qschema *s;
	struct scs_err err;
	json_error_t jerr;
	json_t *j;
	size_t len;
	char *text;
	long n, nload;
	int rc;

	(void)state;
	if (!ALLOC_FAULTS)
		skip();
	text = test_slurp("questionnaires/JPN-SDS.json", &len);
	alloc_calls = 0;
	alloc_counting = 1;
	j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	alloc_counting = 0;
	nload = alloc_calls;
	assert_non_null(j);
	json_decref(j);
	for (n = 1;; n++) {
		s = NULL;
		alloc_live = 0;
		alloc_countdown = n;
		alloc_counting = 1;
		rc = scs_qschema_parse(text, len, &s, &err);
		alloc_counting = 0;
		if (alloc_countdown > 0) { /* the fault never fired */
			alloc_countdown = 0;
			assert_int_equal(rc, SCS_OK);
			alloc_counting = 1;
			scs_qschema_free(s);
			alloc_counting = 0;
			assert_int_equal(alloc_live, 0);
			break;
		}
		if (n > 1 && n <= 1 + nload) { /* inside json_loadb */
			if (rc != SCS_OK)
				assert_null(s);
			scs_qschema_free(s);
			continue;
		}
		if (rc != SCS_ENOMEM)
			fail_msg("allocation %ld failing: rc %d (%s: %s)", n,
			    rc, err.field, err.reason);
		assert_null(s);
		if (alloc_live != 0)
			fail_msg("allocation %ld failing: %ld blocks leaked", n,
			    alloc_live);
	}
	free(text);
	print_message("[   INFO   ] parse completes at allocation %ld, "
	              "json_loadb's are 2..%ld\n",
	    n, 1 + nload);
	assert_true(n > 2 + nload);
	/* Checking allocates nothing. */
	s = load("JPN-SDS");
	{
		struct scs_qctx ctx = ctx_std();
		struct scs_qerrs errs;
		json_t *doc = example(s);

		jset(doc, "hobbies", json_true());
		alloc_countdown = 1;
		alloc_counting = 1;
		rc = scs_qschema_check(s, doc, &ctx, &errs, &err);
		alloc_counting = 0;
		assert_int_equal(alloc_countdown, 1);
		alloc_countdown = 0;
		assert_int_equal(rc, SCS_EINVAL);
		json_decref(doc);
	}
	scs_qschema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_shipped_schemas_parse_and_their_examples_pass),
	    cmocka_unit_test(
	        test_jpn_schemas_hold_exactly_the_seven_lawful_items),
	    cmocka_unit_test(test_shipped_schemas_name_known_authorities),
	    cmocka_unit_test(test_schemas_are_embedded_by_their_path),
	    cmocka_unit_test(test_an_unknown_section_is_refused),
	    cmocka_unit_test(test_a_missing_section_is_refused),
	    cmocka_unit_test(test_an_unknown_field_is_refused),
	    cmocka_unit_test(test_a_wrong_type_is_refused),
	    cmocka_unit_test(test_a_bad_date_is_refused),
	    cmocka_unit_test(test_a_date_before_birth_is_refused),
	    cmocka_unit_test(test_a_date_in_the_future_is_refused),
	    cmocka_unit_test(test_a_range_ending_before_it_starts_is_refused),
	    cmocka_unit_test(test_a_missing_required_field_is_refused),
	    cmocka_unit_test(test_required_if_follows_the_other_answer),
	    cmocka_unit_test(test_a_yes_needs_its_details),
	    cmocka_unit_test(test_an_unknown_code_is_refused),
	    cmocka_unit_test(test_a_bad_country_is_refused),
	    cmocka_unit_test(test_bad_money_is_refused),
	    cmocka_unit_test(test_too_many_entries_are_refused),
	    cmocka_unit_test(test_texts_are_checked),
	    cmocka_unit_test(test_the_reading_is_in_katakana),
	    cmocka_unit_test(test_the_birth_date_matches_the_record),
	    cmocka_unit_test(test_a_gap_of_31_days_is_listed_with_its_dates),
	    cmocka_unit_test(test_a_gap_of_30_days_is_accepted),
	    cmocka_unit_test(test_the_start_of_the_lookback_must_be_covered),
	    cmocka_unit_test(
	        test_a_history_from_age_18_starts_at_the_18th_birthday),
	    cmocka_unit_test(test_a_partial_save_takes_missing_answers),
	    cmocka_unit_test(
	        test_a_partial_save_refuses_unknown_and_wrong_answers),
	    cmocka_unit_test(test_adverse_lists_each_yes),
	    cmocka_unit_test(test_adverse_finds_a_yes_inside_entries),
	    cmocka_unit_test(test_relatives_come_out_as_the_record_holds_them),
	    cmocka_unit_test(
	        test_findings_are_all_counted_and_the_first_64_kept),
	    cmocka_unit_test(
	        test_odd_documents_and_contexts_are_refused_not_crashed_on),
	    cmocka_unit_test(
	        test_malformed_schemas_are_refused_naming_the_problem),
	    cmocka_unit_test(
	        test_schemas_that_are_not_json_or_too_deep_are_refused),
	    cmocka_unit_test(test_a_jpn_schema_asks_only_the_lawful_items),
	    cmocka_unit_test(test_the_relatives_field_must_fit_the_record),
	    cmocka_unit_test(test_every_allocation_failing_gives_enomem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
