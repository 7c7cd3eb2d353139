/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_annual.c - the annual report's arithmetic (src/core/annual.c,
 * docs/oversight.md): the year parsed and its UTC period, an entry's
 * detail, each audit action counted in its section's measure and in the
 * rows of its breakdowns, at the exact microseconds the year begins and
 * ends; a complaint written twice counted once; imports and entries of no
 * figure skipped; entries from before details counted under unknown keys;
 * alerts untriaged until their triage; the CSV table; every allocation
 * failed in turn, without a leak.
 */
#include "helpers.h"

#include "alloc_fault.h"
#include "scs/annual.h"

#define US ((int64_t)1000000)

static const int64_t y2026 = (int64_t)1767225600 * US; /* 2026-01-01 */
static const int64_t y2027 = (int64_t)1798761600 * US; /* 2027-01-01 */

static int
add(struct scs_annual *a, int64_t t, const char *action, const char *kind,
    const char *object, const char *purpose)
{
	struct scs_annual_entry e = {t, action, kind, object, purpose};

	return scs_annual_add(a, &e);
}

static void
add_ok(struct scs_annual *a, int64_t t, const char *action, const char *kind,
    const char *object, const char *purpose)
{
	assert_int_equal(add(a, t, action, kind, object, purpose), SCS_OK);
}

/* Measure @m's index in section @s (the test names measures, not
 * indices). */
static unsigned
mi(enum scs_annual_section s, const char *m)
{
	const char *const *ms = scs_annual_measures(s);
	unsigned i;

	for (i = 0; ms[i] != NULL; i++)
		if (strcmp(ms[i], m) == 0)
			return i;
	fail_msg("no measure %s", m);
	return 0;
}

static uint64_t
total(const struct scs_annual *a, enum scs_annual_section s, const char *m)
{
	return scs_annual_total(a, s, mi(s, m));
}

/* The rows of @t as text, one "key[,key2]:measure=n,..." per row (only
 * the counters that are not zero), joined with "; ". */
static void
rows_text(const struct scs_annual *a, enum scs_annual_table t, char *out,
    size_t size)
{
	const char *const *ms =
	    scs_annual_measures(scs_annual_table_section(t));
	const char *const *keys = scs_annual_keys(t);
	struct scs_annual_row *rows = NULL;
	size_t n = 0, i, k, len = 0;
	unsigned m;

	assert_int_equal(scs_annual_table(a, t, &rows, &n), SCS_OK);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		len += (size_t)snprintf(out + len, size - len, "%s",
		    i > 0 ? "; " : "");
		for (k = 0; keys[k] != NULL; k++)
			len += (size_t)snprintf(out + len, size - len, "%s%s",
			    k > 0 ? "," : "", rows[i].key[k]);
		len += (size_t)snprintf(out + len, size - len, ":");
		for (m = 0; ms[m] != NULL; m++)
			if (rows[i].n[m] != 0)
				len += (size_t)snprintf(out + len, size - len,
				    "%s=%llu,", ms[m],
				    (unsigned long long)rows[i].n[m]);
		assert_true(len < size);
	}
	free(rows);
}

static void
expect_rows(const struct scs_annual *a, enum scs_annual_table t,
    const char *want)
{
	char got[2048];

	rows_text(a, t, got, sizeof(got));
	assert_string_equal(got, want);
}

static void
test_the_year_is_four_digits_from_1970_to_9999(void **state)
{
	static const char *const bad[] = {"1969", "10000", "202", "20260",
	    "2026 ", " 2026", "+202", "２０２６", "", "0000", "2026-01-01"};
	struct scs_err err;
	size_t i;
	int y = 0;

	(void)state;
	assert_int_equal(scs_annual_year("2026", &y, &err), SCS_OK);
	assert_int_equal(y, 2026);
	assert_int_equal(scs_annual_year("1970", &y, &err), SCS_OK);
	assert_int_equal(y, 1970);
	assert_int_equal(scs_annual_year("9999", &y, &err), SCS_OK);
	assert_int_equal(y, 9999);
	for (i = 0; i < SCS_NELEM(bad); i++) {
		scs_err_clear(&err);
		assert_int_equal(scs_annual_year(bad[i], &y, &err), SCS_EINVAL);
		assert_string_equal(err.field, "year");
		assert_true(err.reason[0] != '\0');
	}
	scs_err_clear(&err);
	assert_int_equal(scs_annual_year(NULL, &y, &err), SCS_EINVAL);
	assert_string_equal(err.field, "year");
}

static void
test_the_period_is_the_calendar_year_in_utc(void **state)
{
	int64_t from, to;

	(void)state;
	scs_annual_period(2026, &from, &to);
	assert_int_equal(from, y2026);
	assert_int_equal(to, y2027);
	scs_annual_period(2024, &from, &to); /* a leap year */
	assert_int_equal(to - from, (int64_t)366 * 86400 * US);
	scs_annual_period(1970, &from, &to);
	assert_int_equal(from, 0);
	scs_annual_period(9999, &from, &to);
	assert_int_equal(to - from, (int64_t)365 * 86400 * US);
}

static void
test_a_detail_is_read_by_key(void **state)
{
	char v[8];

	(void)state;
	assert_int_equal(scs_annual_detail("organ=mod field=defense", "field",
	                     v, sizeof(v)),
	    7);
	assert_string_equal(v, "defense");
	assert_int_equal(scs_annual_detail("organ=mod field=defense", "organ",
	                     v, sizeof(v)),
	    3);
	assert_string_equal(v, "mod");
	/* Absent, a longer key, a key's prefix, empty, too long, none. */
	assert_int_equal(scs_annual_detail("organ=mod", "org", v, sizeof(v)),
	    0);
	assert_string_equal(v, "");
	assert_int_equal(scs_annual_detail("xorgan=mod", "organ", v, sizeof(v)),
	    0);
	assert_int_equal(scs_annual_detail("organ= level=a", "organ", v,
	                     sizeof(v)),
	    0);
	assert_int_equal(scs_annual_detail("organ=12345678", "organ", v,
	                     sizeof(v)),
	    0);
	assert_string_equal(v, "");
	assert_int_equal(scs_annual_detail("valid", "state", v, sizeof(v)), 0);
	assert_int_equal(scs_annual_detail("", "state", v, sizeof(v)), 0);
	assert_int_equal(scs_annual_detail(NULL, "state", v, sizeof(v)), 0);
}

static void
test_designations_count_by_organ_and_field_within_the_year(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	const char *mod = "organ=mod field=defense authority=JPN-SDS level=X";
	const char *meti = "organ=meti field=economic_security";

	(void)state;
	assert_non_null(a);
	assert_int_equal(scs_annual_year_of(a), 2026);
	/* The first microsecond of the year counts; the one before and the
	 * first of the next year do not. */
	add_ok(a, y2026 - 1, "designate", "item", "d0", mod);
	add_ok(a, y2026, "designate", "item", "d1", mod);
	add_ok(a, y2026 + 5, "designate", "item", "d2", meti);
	add_ok(a, y2026 + 6, "renew", "item", "d1", mod);
	add_ok(a, y2027 - 1, "declassify", "item", "d1", mod);
	add_ok(a, y2027, "designate", "item", "d3", mod);
	/* Not designations: an import, a read, another kind's action. */
	add_ok(a, y2026 + 7, "create", "item", "d4", "import");
	add_ok(a, y2026 + 8, "read", "item", "d1", "organ=mod");
	add_ok(a, y2026 + 9, "designate", "compartment", "c1", mod);
	assert_int_equal(total(a, SCS_AN_DESIGNATIONS, "designated"), 2);
	assert_int_equal(total(a, SCS_AN_DESIGNATIONS, "renewed"), 1);
	assert_int_equal(total(a, SCS_AN_DESIGNATIONS, "declassified"), 1);
	expect_rows(a, SCS_AT_DESIGNATIONS_BY_ORGAN,
	    "meti:designated=1,; "
	    "mod:designated=1,renewed=1,declassified=1,");
	expect_rows(a, SCS_AT_DESIGNATIONS_BY_FIELD,
	    "defense:designated=1,renewed=1,declassified=1,; "
	    "economic_security:designated=1,");
	assert_int_equal(scs_annual_counted(a), 4);
	/* Other sections stay empty. */
	expect_rows(a, SCS_AT_ASSESSMENTS_BY_ORGAN, "");
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "opened"), 0);
	scs_annual_free(a);
}

static void
test_assessments_and_complaints_by_organ_and_level(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	const char *sds = "organ=mod authority=JPN-SDS level=KIMITSU "
	                  "type=initial";
	const char *cesi = "organ=acme authority=JPN-CESI "
	                   "level=JUYO_KEIZAI_ANPO type=review";
	int64_t t = y2026;

	(void)state;
	assert_non_null(a);
	add_ok(a, t++, "nominate", "case", "C-1", sds);
	add_ok(a, t++, "create", "stamp", "C-1/1", NULL);
	add_ok(a, t++, "consent", "case", "C-1", sds);
	add_ok(a, t++, "grant", "case", "C-1", sds);
	add_ok(a, t++, "nominate", "case", "C-2", sds);
	add_ok(a, t++, "interim", "case", "C-2", sds);
	add_ok(a, t++, "deny", "case", "C-2", sds);
	/* A complaint is written twice (its move, then its sealed text):
	 * once, even with a stamp between. */
	add_ok(a, t++, "complain", "case", "C-2", sds);
	add_ok(a, t++, "create", "stamp", "C-2/4", NULL);
	add_ok(a, t++, "complain", "case", "C-2", NULL);
	add_ok(a, t++, "uphold", "case", "C-2", sds);
	add_ok(a, t++, "review", "case", "C-2", NULL);
	add_ok(a, t++, "grant", "case", "C-2", sds);
	add_ok(a, t++, "nominate", "case", "C-3", cesi);
	add_ok(a, t++, "refuse", "case", "C-3", cesi);
	add_ok(a, t++, "nominate", "case", "C-4", cesi);
	add_ok(a, t++, "withdraw", "case", "C-4", cesi);
	add_ok(a, t++, "nominate", "case", "C-5", cesi);
	add_ok(a, t++, "deny", "case", "C-5", cesi);
	add_ok(a, t++, "complain", "case", "C-5", cesi);
	add_ok(a, t++, "reject", "case", "C-5", cesi);
	/* Written before details: counted, its keys unknown. */
	add_ok(a, t++, "withdraw", "case", "C-6", "");
	/* An imported case is no event of the year. */
	add_ok(a, t++, "create", "case", "C-7", "import");

	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "opened"), 5);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "granted"), 2);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "denied"), 2);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "conducted"), 4);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "interim"), 1);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "refused"), 1);
	assert_int_equal(total(a, SCS_AN_ASSESSMENTS, "withdrawn"), 2);
	assert_int_equal(total(a, SCS_AN_COMPLAINTS, "filed"), 2);
	assert_int_equal(total(a, SCS_AN_COMPLAINTS, "upheld"), 1);
	assert_int_equal(total(a, SCS_AN_COMPLAINTS, "rejected"), 1);
	expect_rows(a, SCS_AT_ASSESSMENTS_BY_ORGAN,
	    ":withdrawn=1,; "
	    "acme:opened=3,conducted=1,denied=1,refused=1,withdrawn=1,; "
	    "mod:opened=2,conducted=3,granted=2,denied=1,interim=1,");
	expect_rows(a, SCS_AT_ASSESSMENTS_BY_LEVEL,
	    ",:withdrawn=1,; "
	    "JPN-CESI,JUYO_KEIZAI_ANPO:opened=3,conducted=1,denied=1,"
	    "refused=1,withdrawn=1,; "
	    "JPN-SDS,KIMITSU:opened=2,conducted=3,granted=2,denied=1,"
	    "interim=1,");
	/* Organ by authority and level: here each organ nominated at one
	 * level, so the rows are those of the two breakdowns side by side. */
	expect_rows(a, SCS_AT_ASSESSMENTS_BY_ORGAN_LEVEL,
	    ",,:withdrawn=1,; "
	    "acme,JPN-CESI,JUYO_KEIZAI_ANPO:opened=3,conducted=1,denied=1,"
	    "refused=1,withdrawn=1,; "
	    "mod,JPN-SDS,KIMITSU:opened=2,conducted=3,granted=2,denied=1,"
	    "interim=1,");
	expect_rows(a, SCS_AT_COMPLAINTS_BY_ORGAN_LEVEL,
	    "acme,JPN-CESI,JUYO_KEIZAI_ANPO:filed=1,rejected=1,; "
	    "mod,JPN-SDS,KIMITSU:filed=1,upheld=1,");
	expect_rows(a, SCS_AT_COMPLAINTS_BY_ORGAN,
	    "acme:filed=1,rejected=1,; mod:filed=1,upheld=1,");
	expect_rows(a, SCS_AT_COMPLAINTS_BY_LEVEL,
	    "JPN-CESI,JUYO_KEIZAI_ANPO:filed=1,rejected=1,; "
	    "JPN-SDS,KIMITSU:filed=1,upheld=1,");
	scs_annual_free(a);
}

static void
test_a_second_complaint_after_an_upheld_one_counts(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	const char *d = "organ=mod authority=JPN-SDS level=KIMITSU";
	int64_t t = y2026;

	(void)state;
	assert_non_null(a);
	add_ok(a, t++, "complain", "case", "C-1", d);
	add_ok(a, t++, "complain", "case", "C-1", NULL);
	add_ok(a, t++, "uphold", "case", "C-1", d);
	add_ok(a, t++, "deny", "case", "C-1", d);
	add_ok(a, t++, "complain", "case", "C-1", d);
	add_ok(a, t++, "complain", "case", "C-1", NULL);
	/* Another case's complaint right after one of C-1 is its own. */
	add_ok(a, t++, "complain", "case", "C-2", d);
	assert_int_equal(total(a, SCS_AN_COMPLAINTS, "filed"), 3);
	assert_int_equal(total(a, SCS_AN_COMPLAINTS, "upheld"), 1);
	scs_annual_free(a);
}

static void
test_incidents_count_by_type(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	int64_t t = y2026 + 100;

	(void)state;
	assert_non_null(a);
	add_ok(a, t++, "create", "incident", "I-1", "organ=mod type=loss");
	add_ok(a, t++, "create", "incident", "I-2",
	    "organ=acme type=negligent_disclosure");
	add_ok(a, t++, "create", "incident", "I-3", "import");
	add_ok(a, t++, "read", "incident", "I-1", "incident");
	add_ok(a, t++, "resolve", "incident", "I-1", "organ=mod type=loss");
	add_ok(a, t++, "resolve", "incident", "I-0", "");
	assert_int_equal(total(a, SCS_AN_INCIDENTS, "recorded"), 2);
	assert_int_equal(total(a, SCS_AN_INCIDENTS, "closed"), 2);
	expect_rows(a, SCS_AT_INCIDENTS_BY_TYPE,
	    ":closed=1,; loss:recorded=1,closed=1,; "
	    "negligent_disclosure:recorded=1,");
	scs_annual_free(a);
}

static void
test_alerts_by_validity_and_untriaged_at_the_years_end(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	int64_t t = y2026 + 1000;

	(void)state;
	assert_non_null(a);
	add_ok(a, t++, "create", "alert", "AL-1", "origin=feed state=open");
	add_ok(a, t++, "create", "alert", "AL-2", "origin=feed state=open");
	add_ok(a, t++, "create", "alert", "AL-3",
	    "origin=feed state=self_reported");
	add_ok(a, t++, "create", "alert", "AL-4", "origin=concern state=open");
	add_ok(a, t++, "create", "alert", "AL-5", "import");
	add_ok(a, t++, "read", "alert", "AL-1", "triage");
	add_ok(a, t++, "triage", "alert", "AL-1", "state=valid origin=feed");
	add_ok(a, t++, "triage", "alert", "AL-4",
	    "state=not_valid origin=concern");
	/* Raised the year before: its triage counts, nothing untriaged
	 * changes; one from before details gives its state alone. */
	add_ok(a, t++, "triage", "alert", "AL-0", "self_reported");
	/* A state that is none, and a triage after the year. */
	add_ok(a, t++, "triage", "alert", "AL-2", "state=open");
	add_ok(a, y2027, "triage", "alert", "AL-2", "state=valid origin=feed");
	assert_int_equal(total(a, SCS_AN_ALERTS, "raised"), 4);
	assert_int_equal(total(a, SCS_AN_ALERTS, "valid"), 1);
	assert_int_equal(total(a, SCS_AN_ALERTS, "not_valid"), 1);
	assert_int_equal(total(a, SCS_AN_ALERTS, "self_reported"), 2);
	assert_int_equal(total(a, SCS_AN_ALERTS, "untriaged"), 1);
	expect_rows(a, SCS_AT_ALERTS_BY_ORIGIN,
	    ":self_reported=1,; concern:raised=1,not_valid=1,; "
	    "feed:raised=3,valid=1,self_reported=1,untriaged=1,");
	scs_annual_free(a);
}

static void
test_the_csv_is_one_rfc4180_table_with_every_total(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	char *csv = NULL, *p;
	size_t len = 0, lines = 0;

	(void)state;
	assert_non_null(a);
	add_ok(a, y2026, "designate", "item", "d1",
	    "organ=a,\"b field=defense");
	add_ok(a, y2026 + 1, "create", "incident", "I-1", "type=loss");
	assert_int_equal(scs_annual_csv(a, &csv, &len), SCS_OK);
	assert_non_null(csv);
	assert_int_equal(strlen(csv), len);
	assert_true(strncmp(csv,
	                "year,section,breakdown,measure,organ,authority,level,"
	                "field,type,origin,count\r\n",
	                strlen("year,section,breakdown,measure,organ,authority,"
	                       "level,field,type,origin,count\r\n")) == 0);
	for (p = csv; (p = strstr(p, "\r\n")) != NULL; p += 2)
		lines++;
	/* The header, 20 totals, organ and field of the item (one line
	 * each), the incident's type. */
	assert_int_equal(lines, 1 + 20 + 2 + 1);
	assert_int_equal(csv[len - 1], '\n');
	assert_int_equal(csv[len - 2], '\r');
	assert_non_null(strstr(csv,
	    "\r\n2026,designations,total,designated,"
	    ",,,,,,1\r\n"));
	assert_non_null(strstr(csv,
	    "\r\n2026,alerts,total,untriaged,,,,,,,0"
	    "\r\n"));
	assert_non_null(strstr(csv,
	    "\r\n2026,designations,by_organ,"
	    "designated,\"a,\"\"b\",,,,,,1\r\n"));
	assert_non_null(strstr(csv,
	    "\r\n2026,designations,by_field,"
	    "designated,,,,defense,,,1\r\n"));
	assert_non_null(strstr(csv,
	    "\r\n2026,incidents,by_type,recorded,"
	    ",,,,loss,,1\r\n"));
	/* No zero in a breakdown's lines. */
	assert_null(strstr(csv, "by_organ,renewed"));
	free(csv);
	scs_annual_free(a);
}

static void
test_a_breakdown_holds_at_most_its_rows(void **state)
{
	struct scs_annual *a = scs_annual_new(2026);
	char d[64];
	int i;

	(void)state;
	assert_non_null(a);
	for (i = 0; i < SCS_ANNUAL_ROWS_MAX; i++) {
		(void)snprintf(d, sizeof(d), "organ=o%d field=defense", i);
		add_ok(a, y2026, "designate", "item", "d", d);
	}
	assert_int_equal(add(a, y2026, "designate", "item", "d",
	                     "organ=one-more field=defense"),
	    SCS_ETOOBIG);
	/* Nothing of the refused entry counted anywhere. */
	assert_int_equal(total(a, SCS_AN_DESIGNATIONS, "designated"),
	    SCS_ANNUAL_ROWS_MAX);
	add_ok(a, y2026, "designate", "item", "d", "organ=o7 field=defense");
	assert_int_equal(total(a, SCS_AN_DESIGNATIONS, "designated"),
	    SCS_ANNUAL_ROWS_MAX + 1);
	scs_annual_free(a);
}

/* A small year of every section; its CSV into *@out (NULL on failure):
 * the first failing call's code. */
static int
run(char **out)
{
	struct scs_annual *a = scs_annual_new(2026);
	size_t len = 0;
	int64_t t = y2026;
	int rc = SCS_OK;

	*out = NULL;
	if (a == NULL)
		return SCS_ENOMEM;
	if ((rc = add(a, t++, "designate", "item", "d1",
	         "organ=mod field=defense")) != SCS_OK ||
	    (rc = add(a, t++, "nominate", "case", "C-1",
	         "organ=mod authority=JPN-SDS level=K")) != SCS_OK ||
	    (rc = add(a, t++, "deny", "case", "C-1",
	         "organ=mod authority=JPN-SDS level=K")) != SCS_OK ||
	    (rc = add(a, t++, "complain", "case", "C-1",
	         "organ=mod authority=JPN-SDS level=K")) != SCS_OK ||
	    (rc = add(a, t++, "create", "incident", "I-1", "type=loss")) !=
	        SCS_OK ||
	    (rc = add(a, t++, "create", "alert", "AL-1", "origin=feed")) !=
	        SCS_OK ||
	    (rc = add(a, t++, "create", "alert", "AL-2", "origin=feed")) !=
	        SCS_OK ||
	    (rc = add(a, t++, "triage", "alert", "AL-1", "state=valid")) !=
	        SCS_OK)
		goto out;
	rc = scs_annual_csv(a, out, &len);
out:
	scs_annual_free(a);
	return rc;
}

static void
test_every_allocation_failed_in_turn_leaks_nothing(void **state)
{
	char *want = NULL, *got = NULL;
	long nth;
	int rc;

	(void)state;
	assert_int_equal(run(&want), SCS_OK);
	if (!ALLOC_FAULTS) {
		free(want);
		skip(); /* ASan owns the allocator; the plain run counts */
	}
	for (nth = 1;; nth++) {
		alloc_arm(nth);
		rc = run(&got);
		if (!alloc_disarm(nth)) {
			assert_int_equal(rc, SCS_OK);
			break;
		}
		assert_int_equal(rc, SCS_ENOMEM);
		assert_null(got);
		assert_int_equal(alloc_live, 0);
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_true(nth > 5);
	free(got);
	free(want);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_the_year_is_four_digits_from_1970_to_9999),
	    cmocka_unit_test(test_the_period_is_the_calendar_year_in_utc),
	    cmocka_unit_test(test_a_detail_is_read_by_key),
	    cmocka_unit_test(
	        test_designations_count_by_organ_and_field_within_the_year),
	    cmocka_unit_test(
	        test_assessments_and_complaints_by_organ_and_level),
	    cmocka_unit_test(
	        test_a_second_complaint_after_an_upheld_one_counts),
	    cmocka_unit_test(test_incidents_count_by_type),
	    cmocka_unit_test(
	        test_alerts_by_validity_and_untriaged_at_the_years_end),
	    cmocka_unit_test(
	        test_the_csv_is_one_rfc4180_table_with_every_total),
	    cmocka_unit_test(test_a_breakdown_holds_at_most_its_rows),
	    cmocka_unit_test(
	        test_every_allocation_failed_in_turn_leaks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
