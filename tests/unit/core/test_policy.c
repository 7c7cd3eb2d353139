/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_policy.c - unit tests for src/core/policy.c: data/vetting.json with
 * one thing wrong at a time is refused naming where (each rule of the
 * file's shape), a level's own targets replace its authority's for the
 * phases they name, the e-adjudication rules pick the first that fits the
 * facts, the consent notices are found by version, and a questionnaire is
 * attached only to the authority it belongs to.
 */
#include "helpers.h"

#include <jansson.h>

struct fx {
	struct scs_refdata rd;
	json_t *vetting; /* data/vetting.json as shipped */
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	json_error_t jerr;
	size_t len;
	char *text;

	if (f == NULL || scs_crypto_init() != SCS_OK ||
	    test_load_refdata(&f->rd) != 0)
		return -1;
	text = test_slurp("vetting.json", &len);
	f->vetting = json_loadb(text, len, 0, &jerr);
	free(text);
	if (f->vetting == NULL)
		return -1;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	json_decref(f->vetting);
	scs_refdata_free(&f->rd);
	free(f);
	return 0;
}

/* The object at @path ("authorities.JPN-SDS.consent.0.en") of @root. */
static json_t *
dig(json_t *root, const char *path)
{
	char buf[256], *save = NULL, *tok;
	json_t *v = root;

	(void)snprintf(buf, sizeof(buf), "%s", path);
	for (tok = strtok_r(buf, ".", &save); tok != NULL && v != NULL;
	     tok = strtok_r(NULL, ".", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10))
		                     : json_object_get(v, tok);
	return v;
}

/* Parse vetting.json after setting @key of the object at @path to the
 * JSON @value (NULL: remove the key); the result code, the error in @err. */
static int
parse_changed(struct fx *f, const char *path, const char *key,
    const char *value, struct scs_err *err)
{
	json_t *j = json_deep_copy(f->vetting), *o = dig(j, path);
	struct scs_policy *p = NULL;
	char *text;
	int rc;

	assert_non_null(o);
	if (value == NULL)
		(void)json_object_del(o, key);
	else
		assert_int_equal(json_object_set_new(o, key,
		                     json_loads(value, JSON_DECODE_ANY, NULL)),
		    0);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_non_null(text);
	scs_err_clear(err);
	rc = scs_policy_parse(&f->rd, text, strlen(text), &p, err);
	free(text);
	if (rc == SCS_OK)
		assert_non_null(p);
	else
		assert_null(p);
	scs_policy_free(p);
	return rc;
}

static void
test_the_shipped_file_parses(void **state)
{
	struct fx *f = *state;
	struct scs_err err;

	assert_int_equal(parse_changed(f, "", "version", "\"2026-1\"", &err),
	    SCS_OK);
}

static void
test_each_rule_of_the_file_is_checked(void **state)
{
	static const struct {
		const char *path, *key, *value, *want;
	} c[] = {
	    {"", "version", NULL, "version: must be a non-empty string"},
	    {"", "version", "\"\"", "version: must be a non-empty string"},
	    {"", "version", "\"0123456789012345678901234567890123\"",
	        "version: must be a non-empty string"},
	    {"", "retention", NULL, "retention.not_completed_days"},
	    {"retention", "denied_days", "-1", "retention.denied_days"},
	    {"retention", "ended_clearance_days", "36526",
	        "retention.ended_clearance_days: must be a number of days"},
	    {"retention", "not_completed_days", "\"365\"",
	        "retention.not_completed_days"},
	    {"", "authorities", "[]", "authorities: must hold \"*\""},
	    {"authorities", "*", NULL, "authorities: must hold \"*\""},
	    {"authorities", "XX-NONE", "{}",
	        "authorities.XX-NONE: unknown authority"},
	    {"authorities.JPN-SDS", "questionnaire", NULL,
	        "authorities.JPN-SDS.questionnaire"},
	    {"authorities.JPN-SDS", "complaint_days", "1.5",
	        "authorities.JPN-SDS.complaint_days"},
	    {"authorities.JPN-SDS.targets_days", "end_to_end", NULL,
	        "authorities.JPN-SDS.targets_days.end_to_end"},
	    {"authorities.JPN-SDS.targets_days", "consent", "-2",
	        "authorities.JPN-SDS.targets_days.consent"},
	    {"authorities.JPN-SDS", "consent", "{}",
	        "consent must list at least one notice"},
	    {"authorities.JPN-SDS", "consent", "[]",
	        "consent must list at least one notice"},
	    {"authorities.JPN-SDS.consent.0", "version", NULL,
	        "authorities.JPN-SDS.consent[0].version"},
	    {"authorities.JPN-SDS.consent.0", "version", "\"a b\"",
	        "authorities.JPN-SDS.consent[0].version: may hold only"},
	    {"authorities.JPN-SDS.consent.0", "en", NULL,
	        "consent[0].en.title: is required"},
	    {"authorities.JPN-SDS.consent.0.ja", "why", "\"\"",
	        "consent[0].ja.why: is required"},
	    {"authorities.JPN-SDS.consent.0.en", "complaint", "7",
	        "consent[0].en.complaint: is required"},
	    {"authorities.JPN-SDS", "e_adjudication", NULL,
	        "e_adjudication must be a list"},
	    {"authorities.JPN-SDS", "e_adjudication", "{}",
	        "e_adjudication must be a list"},
	    {"authorities.JPN-SDS.e_adjudication.0", "id", NULL,
	        "e_adjudication[0].id: must be a non-empty string"},
	    {"authorities.JPN-SDS.e_adjudication.0", "levels", "\"all\"",
	        "levels must be a list of at most 8"},
	    {"authorities.JPN-SDS.e_adjudication.0", "levels",
	        "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\",\"i\"]",
	        "levels must be a list of at most 8"},
	    {"authorities.JPN-SDS.e_adjudication.0", "levels", "[3]",
	        "e_adjudication[0].levels[0]: must be a non-empty string"},
	    {"authorities.JPN-SDS.e_adjudication.0", "levels",
	        "[\"TOKUTEI_HIMITSU\", \"GOKUHI\"]",
	        "e_adjudication[0].levels[1]: is not a level of the "
	        "authority"},
	    {"authorities.JPN-SDS.e_adjudication.0", "record_checks",
	        "\"maybe\"", "record_checks must be clear or any"},
	    {"authorities.JPN-SDS.e_adjudication.0", "self_report", "\"few\"",
	        "self_report must be none_adverse or any"},
	    {"authorities.JPN-SDS.e_adjudication.0", "max_severity", NULL,
	        "max_severity must be none, minor, moderate or serious"},
	    {"authorities.JPN-SDS.e_adjudication.0", "max_severity",
	        "\"grave\"",
	        "max_severity must be none, minor, moderate or serious"},
	    {"", "targets_by_level", "{}", "targets_by_level: must be a list"},
	    {"targets_by_level.0", "authority", NULL,
	        "targets_by_level[0].authority: must be a non-empty string"},
	    {"targets_by_level.0", "authority", "\"XX-NONE\"",
	        "targets_by_level[0].authority: unknown authority"},
	    {"targets_by_level.0", "level", "\"GOKUHI\"",
	        "targets_by_level[0].level: is not a level of the authority"},
	    {"targets_by_level.1", "level", "\"CONFIDENTIAL\"",
	        "targets_by_level[1].level: is named twice"},
	    {"targets_by_level.2", "source", "\"\"",
	        "targets_by_level[2].source: must say where the figures"},
	    {"targets_by_level.0", "targets_days", "{}",
	        "targets_by_level[0].targets_days: must set at least one"},
	    {"targets_by_level.0", "targets_days", "[]",
	        "targets_by_level[0].targets_days: must set at least one"},
	    {"targets_by_level.0.targets_days", "review", "3",
	        "targets_by_level[0].targets_days: takes consent, "
	        "questionnaire"},
	    {"targets_by_level.0.targets_days", "investigation", "-1",
	        "targets_by_level[0].targets_days.investigation: must be a "
	        "number of days"},
	};
	struct fx *f = *state;
	struct scs_err err;
	char got[SCS_ERR_FIELD_MAX + SCS_ERR_REASON_MAX + 2];
	size_t i;

	/* "field: reason": the file's rules name the path in the reason, an
	 * id's check (scs_valid_id) as the field. */
	for (i = 0; i < SCS_NELEM(c); i++) {
		int rc =
		    parse_changed(f, c[i].path, c[i].key, c[i].value, &err);

		(void)snprintf(got, sizeof(got), "%s: %s", err.field,
		    err.reason);
		if (rc != SCS_EINVAL || strstr(got, c[i].want) == NULL)
			fail_msg("%s.%s = %s: got %s, want %s", c[i].path,
			    c[i].key, c[i].value ? c[i].value : "(none)", got,
			    c[i].want);
	}
}

/* The policy of the shipped file with @key of the object at @path set to
 * @value (NULL: removed); the caller frees it. */
static struct scs_policy *
changed(struct fx *f, const char *path, const char *key, const char *value)
{
	json_t *j = json_deep_copy(f->vetting), *o = dig(j, path);
	struct scs_policy *p = NULL;
	struct scs_err err;
	char *text;

	assert_non_null(o);
	if (value == NULL)
		(void)json_object_del(o, key);
	else
		assert_int_equal(json_object_set_new(o, key,
		                     json_loads(value, JSON_DECODE_ANY, NULL)),
		    0);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(scs_policy_parse(&f->rd, text, strlen(text), &p, &err),
	    SCS_OK);
	free(text);
	return p;
}

static void
assert_targets(const struct scs_policy *p, const char *authority,
    const char *level, const int64_t want[SCS_PHASE_N + 1])
{
	int64_t got[SCS_PHASE_N + 1];

	memset(got, 0xff, sizeof(got));
	assert_true(scs_policy_targets(p, authority, level, got));
	assert_memory_equal(got, want, sizeof(got));
}

static void
test_a_level_sets_the_targets_it_names(void **state)
{
	static const int64_t secret[] = {3, 7, 4, 40, 20, 74};
	static const int64_t top[] = {3, 7, 4, 80, 20, 114};
	static const int64_t any[] = {14, 30, 5, 60, 20, 120};
	static const int64_t sds[] = {14, 30, 5, 60, 20, 120};
	static const int64_t cesi[] = {14, 30, 5, 45, 15, 90};
	static const int64_t part[] = {14, 30, 5, 50, 20, 120};
	struct fx *f = *state;
	struct scs_policy *p = changed(f, "", "version", "\"2026-1\"");
	int64_t got[SCS_PHASE_N + 1] = {0};

	/* The shipped file: the US goals by level, the authorities' own. */
	assert_int_equal(p->nlt, 3);
	assert_targets(p, "USA", "SECRET", secret);
	assert_targets(p, "USA", "CONFIDENTIAL", secret);
	assert_targets(p, "USA", "TOP_SECRET", top);
	assert_targets(p, "JPN-SDS", "TOKUTEI_HIMITSU", sds);
	assert_targets(p, "JPN-CESI", "JUYO_KEIZAI_ANPO", cesi);
	assert_targets(p, "JPN-MOD", "KIMITSU", any);
	scs_policy_free(p);
	/* A level that names one phase keeps its authority's others. */
	p = changed(f, "targets_by_level.1", "targets_days",
	    "{\"investigation\": 50}");
	assert_targets(p, "USA", "SECRET", part);
	assert_targets(p, "USA", "TOP_SECRET", top);
	scs_policy_free(p);
	/* A file from before targets_by_level is still valid. */
	p = changed(f, "", "targets_by_level", NULL);
	assert_int_equal(p->nlt, 0);
	assert_targets(p, "USA", "SECRET", any);
	scs_policy_free(p);
	/* No policy at all covers no authority. */
	assert_false(scs_policy_targets(NULL, "USA", "SECRET", got));
	assert_int_equal(got[0], 0);
}

static void
test_text_that_is_not_json_is_refused_with_its_line(void **state)
{
	struct fx *f = *state;
	struct scs_policy *p = NULL;
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_equal(scs_policy_parse(&f->rd, "{\n\"version\": ", 13, &p,
	                     &err),
	    SCS_EINVAL);
	assert_null(p);
	assert_non_null(strstr(err.reason, "line 2"));
}

/* A policy of the shipped file with the JPN-SDS rules replaced by @rules
 * (JSON text); the caller frees it. */
static struct scs_policy *
with_rules(struct fx *f, const char *rules)
{
	json_t *j = json_deep_copy(f->vetting);
	struct scs_policy *p = NULL;
	struct scs_err err;
	char *text;

	assert_int_equal(json_object_set_new(dig(j, "authorities.JPN-SDS"),
	                     "e_adjudication", json_loads(rules, 0, NULL)),
	    0);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(scs_policy_parse(&f->rd, text, strlen(text), &p, &err),
	    SCS_OK);
	free(text);
	return p;
}

static void
test_e_adjudication_takes_the_first_rule_that_fits(void **state)
{
	struct fx *f = *state;
	struct scs_policy *p = with_rules(f,
	    "[{\"id\": \"clean\", \"levels\": [\"TOKUTEI_HIMITSU\"],"
	    "  \"record_checks\": \"clear\", \"self_report\": \"none_adverse\","
	    "  \"max_severity\": \"none\"},"
	    " {\"id\": \"minor\", \"levels\": [\"TOKUTEI_HIMITSU\"],"
	    "  \"record_checks\": \"any\", \"self_report\": \"any\","
	    "  \"max_severity\": \"minor\"},"
	    " {\"id\": \"other-levels\", \"levels\": [],"
	    "  \"max_severity\": \"serious\"}]");
	const struct scs_apolicy *a = scs_policy_for(p, "JPN-SDS");
	struct scs_efacts clean = {true, 0, 0, 0, SCS_SEV_NONE}, e;
	const struct scs_erule *r;

	assert_non_null(a);
	assert_int_equal(a->nrules, 3);
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU",
	                        &clean)
	                        ->id,
	    "clean");
	/* Checks not run, a hit, an adverse answer, a minor finding: each
	 * leaves the clean rule for the next. */
	e = clean;
	e.checks_run = false;
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e)
	                        ->id,
	    "minor");
	e = clean;
	e.check_hits = 1;
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e)
	                        ->id,
	    "minor");
	e = clean;
	e.adverse_answers = 2;
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e)
	                        ->id,
	    "minor");
	e = clean;
	e.findings = 1;
	e.worst = SCS_SEV_MINOR;
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e)
	                        ->id,
	    "minor");
	/* A moderate finding is beyond both level rules; the rule of no
	 * levels covers every level. */
	e.worst = SCS_SEV_MODERATE;
	assert_string_equal(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e)
	                        ->id,
	    "other-levels");
	assert_string_equal(scs_policy_e_adjudicate(a, "OTHER", &clean)->id,
	    "other-levels");
	e.worst = SCS_SEV_SERIOUS;
	r = scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e);
	assert_string_equal(r->id, "other-levels");
	assert_null(scs_policy_e_adjudicate(NULL, "TOKUTEI_HIMITSU", &clean));
	scs_policy_free(p);

	/* No rule fits: a person decides. */
	p = with_rules(f,
	    "[{\"id\": \"x\", \"levels\": [\"TOKUTEI_HIMITSU\"],"
	    " \"max_severity\": \"none\"}]");
	a = scs_policy_for(p, "JPN-SDS");
	assert_null(scs_policy_e_adjudicate(a, "OTHER", &clean));
	e = clean;
	e.findings = 1;
	e.worst = SCS_SEV_MINOR;
	assert_null(scs_policy_e_adjudicate(a, "TOKUTEI_HIMITSU", &e));
	scs_policy_free(p);
}

static void
test_an_authority_without_a_policy_of_its_own_has_the_default(void **state)
{
	struct fx *f = *state;
	struct scs_policy *p = with_rules(f, "[]");

	assert_string_equal(scs_policy_for(p, "JPN-SDS")->authority, "JPN-SDS");
	assert_string_equal(scs_policy_for(p, "JPN-MOD")->authority, "*");
	assert_null(scs_policy_for(NULL, "JPN-SDS"));
	scs_policy_free(p);
}

static void
test_consent_notices_are_found_by_version_or_latest(void **state)
{
	struct fx *f = *state;
	json_t *j = json_deep_copy(f->vetting), *consent, *n2;
	const struct scs_apolicy *a;
	struct scs_policy *p = NULL;
	struct scs_err err;
	char *text;

	/* A second, later notice. */
	consent = dig(j, "authorities.JPN-SDS.consent");
	n2 = json_deep_copy(json_array_get(consent, 0));
	assert_int_equal(json_object_set_new(n2, "version",
	                     json_string("JPN-SDS-2027-1")),
	    0);
	assert_int_equal(json_array_append_new(consent, n2), 0);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(scs_policy_parse(&f->rd, text, strlen(text), &p, &err),
	    SCS_OK);
	free(text);
	a = scs_policy_for(p, "JPN-SDS");
	assert_string_equal(scs_policy_consent_version(
	                        scs_policy_consent(a, NULL)),
	    "JPN-SDS-2027-1");
	assert_string_equal(scs_policy_consent_version(
	                        scs_policy_consent(a, "JPN-SDS-2026-1")),
	    "JPN-SDS-2026-1");
	assert_string_equal(scs_policy_consent_version(
	                        scs_policy_consent(a, "JPN-SDS-2027-1")),
	    "JPN-SDS-2027-1");
	assert_null(scs_policy_consent(a, "JPN-SDS-1999-1"));
	scs_policy_free(p);
}

static void
test_questionnaires_are_named_once_and_within_the_room_given(void **state)
{
	struct fx *f = *state;
	json_t *j = json_deep_copy(f->vetting);
	struct scs_policy *p = NULL;
	const char *names[8];
	struct scs_err err;
	char *text;

	/* JPN-CESI asks the questionnaire of JPN-SDS too. */
	assert_int_equal(json_object_set_new(dig(j, "authorities.JPN-CESI"),
	                     "questionnaire",
	                     json_string("questionnaires/JPN-SDS.json")),
	    0);
	text = json_dumps(j, 0);
	json_decref(j);
	assert_int_equal(scs_policy_parse(&f->rd, text, strlen(text), &p, &err),
	    SCS_OK);
	free(text);
	assert_int_equal(scs_policy_questionnaires(p, names, SCS_NELEM(names)),
	    2);
	assert_int_equal(scs_policy_questionnaires(p, names, 1), 1);
	assert_int_equal(scs_policy_questionnaires(NULL, names, 1), 0);
	scs_policy_free(p);
}

static void
test_a_questionnaire_is_attached_only_to_its_authority(void **state)
{
	struct fx *f = *state;
	struct scs_policy *p = with_rules(f, "[]");
	struct scs_err err;
	size_t len;
	char *cesi = test_slurp("questionnaires/JPN-CESI.json", &len), *text;

	/* JPN-CESI's questionnaire under the name JPN-SDS asks for. */
	scs_err_clear(&err);
	assert_int_equal(scs_policy_attach(p, "questionnaires/JPN-SDS.json",
	                     cesi, len, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "questionnaires/JPN-SDS.json");
	assert_string_equal(err.reason,
	    "is the questionnaire of JPN-CESI, not of JPN-SDS");
	assert_int_equal(p->nschemas, 0);
	/* Not a questionnaire at all: the error names the file. */
	scs_err_clear(&err);
	assert_int_not_equal(scs_policy_attach(p, "questionnaires/JPN-SDS.json",
	                         "{}", 2, &err),
	    SCS_OK);
	assert_non_null(strstr(err.field, "questionnaires/JPN-SDS.json"));
	/* Until each authority has its questionnaire, the policy is not
	 * complete. */
	scs_err_clear(&err);
	assert_int_equal(scs_policy_complete(p, &err), SCS_EINVAL);
	assert_non_null(strstr(err.reason, "is not loaded"));
	assert_int_equal(scs_policy_attach(p, "questionnaires/JPN-CESI.json",
	                     cesi, len, &err),
	    SCS_OK);
	text = test_slurp("questionnaires/JPN-SDS.json", &len);
	assert_int_equal(scs_policy_attach(p, "questionnaires/JPN-SDS.json",
	                     text, len, &err),
	    SCS_OK);
	free(text);
	text = test_slurp("questionnaires/generic.json", &len);
	assert_int_equal(scs_policy_attach(p, "questionnaires/generic.json",
	                     text, len, &err),
	    SCS_OK);
	free(text);
	assert_int_equal(scs_policy_complete(p, &err), SCS_OK);
	assert_ptr_equal(scs_policy_for(p, "JPN-CESI")->schema, p->schemas[0]);
	free(cesi);
	scs_policy_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_shipped_file_parses),
	    cmocka_unit_test(test_each_rule_of_the_file_is_checked),
	    cmocka_unit_test(
	        test_text_that_is_not_json_is_refused_with_its_line),
	    cmocka_unit_test(test_a_level_sets_the_targets_it_names),
	    cmocka_unit_test(
	        test_e_adjudication_takes_the_first_rule_that_fits),
	    cmocka_unit_test(
	        test_an_authority_without_a_policy_of_its_own_has_the_default),
	    cmocka_unit_test(
	        test_consent_notices_are_found_by_version_or_latest),
	    cmocka_unit_test(
	        test_questionnaires_are_named_once_and_within_the_room_given),
	    cmocka_unit_test(
	        test_a_questionnaire_is_attached_only_to_its_authority),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
