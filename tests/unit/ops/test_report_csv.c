/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_csv.c - the timeliness report as CSV (src/ops/report.c,
 * docs/timeliness.md "CSV"), from a hand-made report: a header, six lines
 * per row in phase order, group counts on the end-to-end line only, nulls
 * as empty cells, RFC 4180 quoting of a comma, a quote and a line break,
 * and a cell a spreadsheet would take for a formula written after a '.
 */
#include "helpers.h"

#include <jansson.h>

static const char report[] =
    "{\"from\": \"2026-01-01\", \"to\": null, \"by\": \"body\","
    " \"body\": null, \"inventory_at\": null, \"rows\": [{"
    "  \"body\": \"b1\", \"body_name\": %s,"
    "  \"authority\": \"A\", \"level\": null,"
    "  \"phases\": {"
    "   \"consent\": {\"count\": 0, \"mean_days\": null},"
    "   \"questionnaire\": {\"count\": 0},"
    "   \"initiation\": {\"count\": 0},"
    "   \"investigation\": {\"count\": 11, \"mean_days\": 14.09090909,"
    "     \"fastest90_days\": 5.5, \"left_out\": 1,"
    "     \"left_out_share\": 0.0909090909, \"target_days\": 10,"
    "     \"targeted\": 11, \"within_target\": 10},"
    "   \"adjudication\": {\"count\": 0},"
    "   \"end_to_end\": {\"count\": 11}},"
    "  \"decided\": 11, \"open\": 3,"
    "  \"open_in_phase\": {\"investigation\": 2},"
    "  \"backlog_by_age_days\": {\"over_365\": 1},"
    "  \"open_at\": null}]}";

/* The CSV of the report with body_name @name (JSON), its lines in @lines
 * (at most 8, each NUL-terminated in the returned text, freed by the
 * caller); their number. */
static size_t
csv_of(const char *name, char **out, char *lines[8])
{
	char text[2048];
	json_t *rep;
	json_error_t jerr;
	struct scs_err err;
	size_t len, n = 0;
	char *s, *nl;

	(void)snprintf(text, sizeof(text), report, name);
	rep = json_loads(text, 0, &jerr);
	assert_non_null(rep);
	assert_int_equal(scs_op_timeliness_csv(rep, out, &len, &err), SCS_OK);
	json_decref(rep);
	assert_int_equal(strlen(*out), len);
	/* Lines end CRLF; a quoted line break stays inside its cell. */
	for (s = *out; n < 8 && (nl = strstr(s, "\r\n")) != NULL; s = nl + 2) {
		*nl = '\0';
		lines[n++] = s;
	}
	assert_string_equal(s, "");
	return n;
}

static void
assert_starts(const char *line, const char *prefix)
{
	if (strncmp(line, prefix, strlen(prefix)) != 0)
		fail_msg("got %s, want %s...", line, prefix);
}

/* Cell @col (0-based) of @line: no quoted comma before it. */
static void
assert_cell(const char *line, int col, const char *want)
{
	const char *s = line, *e;
	char got[128];

	for (; col > 0; col--) {
		s = strchr(s, ',');
		assert_non_null(s);
		s++;
	}
	e = strchr(s, ',');
	if (e == NULL)
		e = s + strlen(s);
	(void)snprintf(got, sizeof(got), "%.*s", (int)(e - s), s);
	assert_string_equal(got, want);
}

static void
test_six_lines_per_row_with_group_counts_once(void **state)
{
	char *lines[8], *text = NULL;
	size_t n;

	(void)state;
	n = csv_of("\"Body One\"", &text, lines);
	assert_int_equal(n, 7);
	assert_starts(lines[0],
	    "from,to,body,body_name,authority,level,phase,count,"
	    "mean_days,fastest90_days,left_out,left_out_share,"
	    "left_out_time_share,median_days,p90_days,target_days,"
	    "targeted,within_target,within_target_share,open,"
	    "decided,");
	/* consent: no mean (null), no group counts. */
	assert_starts(lines[1], "2026-01-01,,b1,Body One,A,,consent,0,,");
	/* investigation: days to 4 decimals, shares to 6, open in phase. */
	assert_cell(lines[4], 6, "investigation");
	assert_cell(lines[4], 8, "14.0909");
	assert_cell(lines[4], 9, "5.5000");
	assert_cell(lines[4], 10, "1");
	assert_cell(lines[4], 11, "0.090909");
	assert_cell(lines[4], 15, "10");
	assert_cell(lines[4], 17, "10");
	assert_cell(lines[4], 19, "2");
	assert_cell(lines[4], 20, "");
	/* end to end: every open case and the group's counts. */
	assert_cell(lines[6], 6, "end_to_end");
	assert_cell(lines[6], 19, "3");
	assert_cell(lines[6], 20, "11");
	assert_cell(lines[6], 29, "1"); /* backlog_over_365 */
	assert_cell(lines[6], 31, "");  /* open_at: null */
	free(text);
}

static void
test_text_is_quoted_and_never_a_formula(void **state)
{
	static const struct {
		const char *json, *want;
	} c[] = {
	    {"\"A, B\"", "\"A, B\""},
	    {"\"say \\\"hi\\\"\"", "\"say \"\"hi\"\"\""},
	    {"\"=SUM(A1)\"", "'=SUM(A1)"},
	    {"\"+1\"", "'+1"},
	    {"\"-2\"", "'-2"},
	    {"\"@x\"", "'@x"},
	    {"\"=a,b\"", "\"'=a,b\""},
	    {"null", ""},
	};
	char *lines[8], *text = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(c); i++) {
		char want[64];

		(void)csv_of(c[i].json, &text, lines);
		(void)snprintf(want, sizeof(want),
		    "2026-01-01,,b1,%s,A,,consent,", c[i].want);
		assert_starts(lines[1], want);
		free(text);
	}
	/* A line break stays inside its quoted cell. */
	(void)csv_of("\"two\\nlines\"", &text, lines);
	assert_starts(lines[1], "2026-01-01,,b1,\"two\nlines\",A,");
	free(text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_six_lines_per_row_with_group_counts_once),
	    cmocka_unit_test(test_text_is_quoted_and_never_a_formula),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
