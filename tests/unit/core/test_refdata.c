/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_refdata.c - unit tests for src/core/refdata.c: the project's own
 * reference tables (the CSV files of data/, read from the source tree) parse
 * and pass the cross-checks with the values DESIGN.md section 3 relies on; and
 * small in-memory tables exercise the CSV dialect (RFC 4180 quoting, CRLF) and
 * every refusal, each naming file, line and column.
 */
#include "helpers.h"

#include "scs/refdata.h"

#define AUTH_HEADER                                                            \
	"authority,nations,name,native_name,clearance_validity_years,"         \
	"accepted_for\n"
#define LEVEL_HEADER   "authority,level,native_name,english_name,rank\n"
#define PENALTY_HEADER "authority,offence,max_prison_years,max_fine_yen\n"
#define ALLY_HEADER    "alliance,nation,source\n"

/* ---- helpers --------------------------------------------------------- */

/* The whole of SCS_SRCDIR/data/@name, heap-allocated. */
static int
parse(struct scs_refdata *rd, const char *file, const char *text,
    struct scs_err *err)
{
	scs_err_clear(err);
	return scs_refdata_parse(rd, file, text, strlen(text), err);
}

/* Parse all three in-memory tables, asserting success. */
static void
parse_ok(struct scs_refdata *rd, const char *auth, const char *levels,
    const char *penalties)
{
	struct scs_err err;

	memset(rd, 0, sizeof(*rd));
	if (parse(rd, "authorities.csv", auth, &err) != SCS_OK)
		fail_msg("authorities: %s: %s", err.field, err.reason);
	if (levels != NULL && parse(rd, "levels.csv", levels, &err) != SCS_OK)
		fail_msg("levels: %s: %s", err.field, err.reason);
	if (penalties != NULL &&
	    parse(rd, "penalties.csv", penalties, &err) != SCS_OK)
		fail_msg("penalties: %s: %s", err.field, err.reason);
}

static int
setup_real(void **state)
{
	struct scs_refdata *rd = calloc(1, sizeof(*rd));
	struct scs_err err;
	size_t i, len;
	char *text;

	assert_non_null(rd);
	for (i = 0; i < SCS_NELEM(scs_refdata_files); i++) {
		text = test_slurp(scs_refdata_files[i], &len);
		scs_err_clear(&err);
		if (scs_refdata_parse(rd, scs_refdata_files[i], text, len,
		        &err) != SCS_OK) {
			free(text);
			fail_msg("%s: %s: %s", scs_refdata_files[i], err.field,
			    err.reason);
		}
		free(text);
	}
	*state = rd;
	return 0;
}

static int
teardown_real(void **state)
{
	scs_refdata_free(*state);
	free(*state);
	return 0;
}

static bool
accepts(const struct scs_authority *a, const char *code)
{
	size_t i;

	for (i = 0; i < a->naccepted_for; i++)
		if (strcmp(a->accepted_for[i], code) == 0)
			return true;
	return false;
}

/* ---- the project's tables -------------------------------------------- */

static void
test_the_real_tables_parse_and_pass_the_check(void **state)
{
	struct scs_refdata *rd = *state;
	struct scs_err err;

	assert_true(rd->nauthorities >= 4);
	assert_true(rd->nlevels >= rd->nauthorities);
	assert_true(rd->npenalties >= 1);
	scs_err_clear(&err);
	assert_int_equal(scs_refdata_check(rd, &err), SCS_OK);
}

static void
test_an_sds_assessment_is_accepted_for_cesi(void **state)
{
	const struct scs_refdata *rd = *state;
	const struct scs_authority *sds, *cesi;

	sds = scs_refdata_authority(rd, "JPN-SDS");
	cesi = scs_refdata_authority(rd, "JPN-CESI");
	assert_non_null(sds);
	assert_non_null(cesi);
	assert_true(accepts(sds, "JPN-CESI"));
	assert_true(accepts(sds, "JPN-SDS"));
	assert_false(accepts(cesi, "JPN-SDS"));
	assert_int_equal(sds->validity_years, 5);
	assert_int_equal(cesi->validity_years, 10);
	assert_int_equal(sds->nnations, 1);
	assert_string_equal(sds->nations[0], "JPN");
	assert_string_equal(sds->native_name, "特定秘密");
	assert_null(scs_refdata_authority(rd, "JPN"));
	assert_null(scs_refdata_authority(rd, ""));
}

static void
test_levels_carry_their_common_rank(void **state)
{
	const struct scs_refdata *rd = *state;
	const struct scs_level *l;

	l = scs_refdata_level(rd, "JPN-SDS", "TOKUTEI_HIMITSU");
	assert_non_null(l);
	assert_int_equal(l->rank, 3);
	assert_string_equal(rd->authorities[l->authority].code, "JPN-SDS");
	assert_string_equal(l->native_name, "特定秘密");

	l = scs_refdata_level(rd, "JPN-CESI", "JUYO_KEIZAI_ANPO");
	assert_non_null(l);
	assert_int_equal(l->rank, 2);
	assert_string_equal(rd->authorities[l->authority].code, "JPN-CESI");

	l = scs_refdata_level(rd, "USA", "TOP_SECRET");
	assert_non_null(l);
	assert_int_equal(l->rank, 4);
	assert_string_equal(rd->authorities[l->authority].code, "USA");

	/* A level belongs to its authority only. */
	assert_null(scs_refdata_level(rd, "JPN-CESI", "TOKUTEI_HIMITSU"));
	assert_null(scs_refdata_level(rd, "NOPE", "TOP_SECRET"));
	assert_null(scs_refdata_level(rd, "USA", "COSMIC_TOP_SECRET"));
}

static void
test_penalties_give_sds_intentional_leak_ten_years(void **state)
{
	const struct scs_refdata *rd = *state;
	const struct scs_penalty *p;
	int sds_max = -1, cesi_max = -1, no_fine = 0;
	size_t i;

	for (i = 0; i < rd->npenalties; i++) {
		p = &rd->penalties[i];
		if (strcmp(rd->authorities[p->authority].code, "JPN-SDS") ==
		        0 &&
		    p->max_prison_years > sds_max)
			sds_max = p->max_prison_years;
		if (strcmp(rd->authorities[p->authority].code, "JPN-CESI") ==
		        0 &&
		    p->max_prison_years > cesi_max)
			cesi_max = p->max_prison_years;
		no_fine += p->max_fine_yen == -1;
	}
	assert_int_equal(sds_max, 10);
	assert_int_equal(cesi_max, 5);
	p = &rd->penalties[0];
	assert_string_equal(rd->authorities[p->authority].code, "JPN-SDS");
	assert_int_equal(p->max_prison_years, 10);
	assert_int_equal(p->max_fine_yen, 10000000);
	/* "instigation, conspiracy or incitement": quoted, and no fine. */
	assert_true(no_fine >= 1);
}

/* ---- the CSV dialect ------------------------------------------------- */

static void
test_quoted_fields_keep_commas_and_doubled_quotes(void **state)
{
	struct scs_refdata rd;
	const struct scs_authority *a;

	(void)state;
	parse_ok(&rd,
	    AUTH_HEADER "A,\"JPN USA\",\"Act, \"\"the\"\" one\",\"\",5,A\n",
	    NULL, NULL);
	a = scs_refdata_authority(&rd, "A");
	assert_non_null(a);
	assert_string_equal(a->name, "Act, \"the\" one");
	assert_string_equal(a->native_name, "");
	assert_int_equal(a->nnations, 2);
	assert_string_equal(a->nations[0], "JPN");
	assert_string_equal(a->nations[1], "USA");
	scs_refdata_free(&rd);
}

static void
test_a_quoted_field_may_span_lines_and_line_numbers_stay_right(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;
	const struct scs_authority *a;

	(void)state;
	parse_ok(&rd,
	    AUTH_HEADER "A,JPN,\"two\nlines\",,5,A\n"
	                "B,JPN,Beta,,5,B\n",
	    NULL, NULL);
	a = scs_refdata_authority(&rd, "A");
	assert_non_null(a);
	assert_string_equal(a->name, "two\nlines");
	assert_non_null(scs_refdata_authority(&rd, "B"));
	/* The bad rank is on physical line 4 (the record of line 2 spans
	 * lines 2 and 3). */
	assert_int_equal(parse(&rd, "levels.csv",
	                     LEVEL_HEADER "A,L,\"x\ny\",x,1\n"
	                                  "B,L,x,x,7\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:4: rank");
	scs_refdata_free(&rd);
}

static void
test_crlf_line_endings_parse_like_lf(void **state)
{
	struct scs_refdata rd;
	const struct scs_authority *a;
	const struct scs_level *l;
	struct scs_err err;

	(void)state;
	parse_ok(&rd,
	    "authority,nations,name,native_name,clearance_validity_years,"
	    "accepted_for\r\n"
	    "A,JPN,Alpha,,5,A B\r\n"
	    "B,JPN,Beta,,7,\"B\"\r\n"
	    "\r\n",
	    "authority,level,native_name,english_name,rank\r\n"
	    "A,SECRET,S,Secret,3\r\n"
	    "B,TOP,T,Top,4\r\n",
	    "authority,offence,max_prison_years,max_fine_yen\r\n"
	    "A,leak,10,\r\n");
	assert_int_equal(rd.nauthorities, 2);
	a = scs_refdata_authority(&rd, "A");
	assert_non_null(a);
	assert_int_equal(a->naccepted_for, 2);
	assert_string_equal(a->accepted_for[1], "B");
	a = scs_refdata_authority(&rd, "B");
	assert_non_null(a);
	assert_int_equal(a->validity_years, 7);
	assert_int_equal(a->naccepted_for, 1);
	assert_string_equal(a->accepted_for[0], "B");
	l = scs_refdata_level(&rd, "B", "TOP");
	assert_non_null(l);
	assert_int_equal(l->rank, 4);
	assert_int_equal(rd.npenalties, 1);
	assert_int_equal(rd.penalties[0].max_fine_yen, -1);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_OK);
	scs_refdata_free(&rd);
}

static void
test_extra_columns_in_any_order_are_ignored(void **state)
{
	struct scs_refdata rd;
	const struct scs_level *l;

	(void)state;
	parse_ok(&rd,
	    "notes,accepted_for,clearance_validity_years,native_name,name,"
	    "nations,authority\n"
	    "\"a, b\",A,3,,Alpha,JPN,A\n",
	    "rank,source,english_name,native_name,level,authority\n"
	    "2,x,Conf,C,CONF,A\n",
	    NULL);
	assert_int_equal(scs_refdata_authority(&rd, "A")->validity_years, 3);
	l = scs_refdata_level(&rd, "A", "CONF");
	assert_non_null(l);
	assert_int_equal(l->rank, 2);
	assert_string_equal(l->english_name, "Conf");
	scs_refdata_free(&rd);
}

static void
test_an_unterminated_quote_is_an_error(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "authorities.csv",
	                     AUTH_HEADER "A,JPN,\"Alpha,,5,A\n", &err),
	    SCS_EINVAL);
	assert_non_null(strstr(err.field, "authorities.csv:"));
	assert_int_equal(rd.nauthorities, 0);
	scs_refdata_free(&rd);
}

/* ---- refusals -------------------------------------------------------- */

static void
test_a_header_without_a_required_column_is_refused(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "authorities.csv",
	                     "authority,nations,name,native_name,"
	                     "accepted_for\nA,JPN,Alpha,,A\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "authorities.csv");
	assert_non_null(strstr(err.reason, "header lacks column"));
	assert_non_null(strstr(err.reason, "clearance_validity_years"));
	assert_int_equal(rd.nauthorities, 0);

	assert_int_equal(parse(&rd, "authorities.csv", "", &err), SCS_EINVAL);
	assert_string_equal(err.field, "authorities.csv");
	scs_refdata_free(&rd);
}

static void
test_a_rank_outside_0_to_4_names_file_line_and_column(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\n", NULL, NULL);
	assert_int_equal(parse(&rd, "levels.csv",
	                     LEVEL_HEADER "A,L0,x,x,0\n"
	                                  "A,L4,x,x,4\n"
	                                  "A,L9,x,x,9\n",
	                     &err),
	    SCS_EINVAL);
	assert_non_null(strstr(err.field, "levels.csv:4: rank"));
	/* Nothing of the failed table is kept. */
	assert_int_equal(rd.nlevels, 0);
	assert_null(scs_refdata_level(&rd, "A", "L0"));

	assert_int_equal(parse(&rd, "levels.csv", LEVEL_HEADER "A,L,x,x,-1\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:2: rank");
	assert_int_equal(parse(&rd, "levels.csv", LEVEL_HEADER "A,L,x,x,\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:2: rank");
	assert_int_equal(parse(&rd, "levels.csv", LEVEL_HEADER "A,L,x,x,3a\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:2: rank");
	scs_refdata_free(&rd);
}

static void
test_a_level_of_an_unknown_authority_is_refused(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\n", NULL, NULL);
	assert_int_equal(parse(&rd, "levels.csv",
	                     LEVEL_HEADER "A,L,x,x,1\nGBR,SECRET,x,x,3\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:3: authority");
	assert_int_equal(parse(&rd, "penalties.csv",
	                     PENALTY_HEADER "ZZZ,leak,1,\n", &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "penalties.csv:2: authority");
	scs_refdata_free(&rd);
}

static void
test_an_authority_listed_twice_is_refused(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "authorities.csv",
	                     AUTH_HEADER "A,JPN,Alpha,,5,A\n"
	                                 "B,JPN,Beta,,5,B\n"
	                                 "A,USA,Again,,5,A\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "authorities.csv:4: authority");
	assert_int_equal(rd.nauthorities, 0);
	scs_refdata_free(&rd);
}

static void
test_a_level_listed_twice_is_refused(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\nB,JPN,Beta,,5,B\n", NULL,
	    NULL);
	/* The same code under two authorities is fine; twice under one is
	 * not. */
	assert_int_equal(parse(&rd, "levels.csv",
	                     LEVEL_HEADER "A,S,x,x,3\nB,S,x,x,3\nA,S,y,y,2\n",
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv:4: level");
	scs_refdata_free(&rd);
}

static void
test_bad_authority_values_are_refused_with_their_column(void **state)
{
	static const struct {
		const char *row, *field;
	} cases[] = {
	    {",JPN,Alpha,,5,A\n", "authorities.csv:2: authority"},
	    {"A,,Alpha,,5,A\n", "authorities.csv:2: nations"},
	    {"A,JPN,Alpha,,0,A\n",
	        "authorities.csv:2: clearance_validity_years"},
	    {"A,JPN,Alpha,,51,A\n",
	        "authorities.csv:2: clearance_validity_years"},
	    {"A,JPN,Alpha,,five,A\n",
	        "authorities.csv:2: clearance_validity_years"},
	    {"A,JPN,Alpha,,5\n", "authorities.csv:2: "},
	    {"AUTHORITY-CODE-TOO-LONG,JPN,Alpha,,5,A\n",
	        "authorities.csv:2: authority"},
	};
	struct scs_refdata rd;
	struct scs_err err;
	char text[256];
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(cases); i++) {
		memset(&rd, 0, sizeof(rd));
		(void)snprintf(text, sizeof(text), "%s%s", AUTH_HEADER,
		    cases[i].row);
		if (parse(&rd, "authorities.csv", text, &err) != SCS_EINVAL)
			fail_msg("accepted: %s", cases[i].row);
		assert_string_equal(err.field, cases[i].field);
		scs_refdata_free(&rd);
	}
}

static void
test_a_short_record_is_refused_whatever_the_column_order(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;
	int rc;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\n", NULL, NULL);
	/* The last line holds one field: the other three columns are
	 * missing and must not be taken from the line before. */
	rc = parse(&rd, "penalties.csv",
	    "max_fine_yen,authority,offence,max_prison_years\n"
	    "100,A,leak,1\n"
	    "5\n",
	    &err);
	assert_int_equal(rc, SCS_EINVAL);
	assert_int_equal(rd.npenalties, 0);
	assert_non_null(strstr(err.field, "penalties.csv:3:"));
	scs_refdata_free(&rd);
}

static void
test_a_table_of_unknown_name_is_refused(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "clearances.csv", "a\n1\n", &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "clearances.csv");
	scs_refdata_free(&rd);
}

/* ---- cross-checks ---------------------------------------------------- */

static void
test_accepted_for_naming_an_unknown_authority_fails_the_check(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A NOPE\n",
	    LEVEL_HEADER "A,L,x,x,1\n", NULL);
	scs_err_clear(&err);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_EINVAL);
	assert_string_equal(err.field, "authorities.csv");
	assert_non_null(strstr(err.reason, "NOPE"));
	scs_refdata_free(&rd);
}

static void
test_an_authority_without_levels_fails_the_check(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\nB,JPN,Beta,,5,B\n",
	    LEVEL_HEADER "A,L,x,x,1\n", NULL);
	scs_err_clear(&err);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_EINVAL);
	assert_string_equal(err.field, "levels.csv");
	assert_non_null(strstr(err.reason, "B"));
	scs_refdata_free(&rd);
}

static void
test_no_authority_at_all_fails_the_check(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER, LEVEL_HEADER, PENALTY_HEADER);
	assert_int_equal(rd.nauthorities, 0);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_EINVAL);
	scs_refdata_free(&rd);
}

static void
test_many_rows_grow_the_tables(void **state)
{
	struct scs_refdata rd;
	struct scs_buf a, l;
	struct scs_err err;
	char code[16];
	int i;

	(void)state;
	scs_buf_init(&a, 1 << 20);
	scs_buf_init(&l, 1 << 20);
	assert_int_equal(scs_buf_adds(&a, AUTH_HEADER), SCS_OK);
	assert_int_equal(scs_buf_adds(&l, LEVEL_HEADER), SCS_OK);
	for (i = 0; i < 100; i++) {
		assert_int_equal(scs_buf_addf(&a, "X%d,JPN,X,,5,X%d\n", i, i),
		    SCS_OK);
		assert_int_equal(scs_buf_addf(&l, "X%d,L,x,x,%d\n", i, i % 5),
		    SCS_OK);
	}
	parse_ok(&rd, (const char *)a.p, (const char *)l.p, NULL);
	assert_int_equal(rd.nauthorities, 100);
	assert_int_equal(rd.nlevels, 100);
	for (i = 0; i < 100; i++) {
		(void)snprintf(code, sizeof(code), "X%d", i);
		assert_non_null(scs_refdata_level(&rd, code, "L"));
		assert_int_equal(scs_refdata_level(&rd, code, "L")->rank,
		    i % 5);
	}
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_OK);
	scs_refdata_free(&rd);
	scs_buf_free(&a);
	scs_buf_free(&l);
}

/* ---- alliances.csv ----------------------------------------------------- */

static void
test_the_alliances_are_nato_fvey_and_the_eu_with_their_members(void **state)
{
	const struct scs_refdata *rd = *state;
	const struct scs_alliance *nato, *fvey, *eu;
	static const char *const five[] = {"AUS", "CAN", "GBR", "NZL", "USA"};
	size_t i;

	nato = scs_refdata_alliance(rd, "NATO");
	fvey = scs_refdata_alliance(rd, "FVEY");
	eu = scs_refdata_alliance(rd, "EU");
	assert_non_null(nato);
	assert_non_null(fvey);
	assert_non_null(eu);
	assert_int_equal(rd->nalliances, 3);
	/* NATO as of 2024: 32, Finland (2023) and Sweden (2024) among them */
	assert_int_equal(nato->nmembers, 32);
	assert_true(scs_refdata_member(nato, "USA"));
	assert_true(scs_refdata_member(nato, "FIN"));
	assert_true(scs_refdata_member(nato, "SWE"));
	assert_false(scs_refdata_member(nato, "JPN"));
	assert_false(scs_refdata_member(nato, "AUS"));
	assert_int_equal(fvey->nmembers, SCS_NELEM(five));
	for (i = 0; i < SCS_NELEM(five); i++)
		assert_true(scs_refdata_member(fvey, five[i]));
	assert_int_equal(eu->nmembers, 27);
	assert_true(scs_refdata_member(eu, "FRA"));
	assert_false(scs_refdata_member(eu, "USA"));
	assert_false(scs_refdata_member(eu, "GBR"));
	assert_null(scs_refdata_alliance(rd, "USA"));
	assert_null(scs_refdata_alliance(rd, "nato"));
	assert_null(scs_refdata_alliance(rd, ""));
}

/* Parse @text as alliances.csv: EINVAL naming @field; nothing kept. */
static void
ally_refused(const char *text, const char *field, const char *reason)
{
	struct scs_refdata rd;
	struct scs_err err;

	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "alliances.csv", text, &err), SCS_EINVAL);
	if (strcmp(err.field, field) != 0)
		fail_msg("%s: field %s, want %s", text, err.field, field);
	if (strstr(err.reason, reason) == NULL)
		fail_msg("%s: reason \"%s\" lacks \"%s\"", text, err.reason,
		    reason);
	assert_int_equal(rd.nalliances, 0);
	assert_null(scs_refdata_alliance(&rd, "NATO"));
	scs_refdata_free(&rd);
}

static void
test_an_alliance_parses_one_member_a_row(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	memset(&rd, 0, sizeof(rd));
	assert_int_equal(parse(&rd, "alliances.csv",
	                     "source,nation,alliance,notes\r\n"
	                     "\"https://example.org/a, b\",USA,AB,x\r\n"
	                     "s,NZL,AB,\r\n"
	                     "s,NZL,CD,\r\n",
	                     &err),
	    SCS_OK);
	assert_int_equal(rd.nalliances, 2);
	assert_int_equal(scs_refdata_alliance(&rd, "AB")->nmembers, 2);
	assert_true(scs_refdata_member(scs_refdata_alliance(&rd, "AB"), "NZL"));
	assert_false(
	    scs_refdata_member(scs_refdata_alliance(&rd, "CD"), "USA"));
	scs_refdata_free(&rd);
}

static void
test_an_alliance_member_of_unknown_nation_code_is_refused(void **state)
{
	(void)state;
	ally_refused(ALLY_HEADER "NATO,USA,s\nNATO,XXX,s\n",
	    "alliances.csv:3: nation", "unknown nation code \"XXX\"");
	ally_refused(ALLY_HEADER "NATO,usa,s\n", "alliances.csv:2: nation",
	    "ISO 3166-1");
	ally_refused(ALLY_HEADER "NATO,US,s\n", "alliances.csv:2: nation",
	    "unknown nation code");
	ally_refused(ALLY_HEADER "NATO,,s\n", "alliances.csv:2: nation",
	    "unknown nation code");
	/* an alliance is no member of another */
	ally_refused(ALLY_HEADER "EU,FRA,s\nNATO,EU,s\n",
	    "alliances.csv:3: nation", "unknown nation code");
}

static void
test_an_alliance_member_listed_twice_is_refused(void **state)
{
	(void)state;
	ally_refused(ALLY_HEADER "NATO,USA,s\nNATO,GBR,s\nNATO,USA,t\n",
	    "alliances.csv:4: nation",
	    "USA is listed twice as a member of NATO");
}

static void
test_an_unknown_alliance_code_is_refused(void **state)
{
	(void)state;
	ally_refused(ALLY_HEADER "nato,USA,s\n", "alliances.csv:2: alliance",
	    "capital letters");
	ally_refused(ALLY_HEADER "N,USA,s\n", "alliances.csv:2: alliance",
	    "capital letters");
	ally_refused(ALLY_HEADER ",USA,s\n", "alliances.csv:2: alliance",
	    "capital letters");
	ally_refused(ALLY_HEADER "ABCDEFGHIJKLMNOP,USA,s\n",
	    "alliances.csv:2: alliance", "capital letters");
	ally_refused(ALLY_HEADER "NATO-2,USA,s\n", "alliances.csv:2: alliance",
	    "capital letters");
	/* a nation's code is a nation, not an alliance */
	ally_refused(ALLY_HEADER "NATO,USA,s\nUSA,GBR,s\n",
	    "alliances.csv:3: alliance", "not an alliance");
}

static void
test_an_alliance_row_without_a_source_is_refused(void **state)
{
	(void)state;
	ally_refused(ALLY_HEADER "NATO,USA,s\nNATO,GBR,\n",
	    "alliances.csv:3: source", "must name where");
	ally_refused(ALLY_HEADER "NATO,USA\n",
	    "alliances.csv:2: ", "too few columns");
	ally_refused("alliance,nation\nNATO,USA\n", "alliances.csv",
	    "header lacks column \"source\"");
}

static void
test_too_many_alliances_or_members_are_refused(void **state)
{
	struct scs_buf b;
	int i;

	(void)state;
	scs_buf_init(&b, 1 << 20);
	assert_int_equal(scs_buf_adds(&b, ALLY_HEADER), SCS_OK);
	for (i = 0; i < SCS_ALLIANCES_MAX + 1; i++)
		assert_int_equal(scs_buf_addf(&b, "A%c,USA,s\n", 'A' + i),
		    SCS_OK);
	ally_refused((const char *)b.p, "alliances.csv:18: alliance",
	    "more than 16");
	scs_buf_free(&b);
	/* every ISO code there is, in one alliance: more than 64 */
	scs_buf_init(&b, 1 << 20);
	assert_int_equal(scs_buf_adds(&b, ALLY_HEADER), SCS_OK);
	for (i = 0; i < 26 * 26 * 26; i++) {
		char c[4] = {(char)('A' + i / 676), (char)('A' + i / 26 % 26),
		    (char)('A' + i % 26), '\0'};

		if (scs_valid_country(c, "", NULL) == SCS_OK)
			assert_int_equal(scs_buf_addf(&b, "BIG,%s,s\n", c),
			    SCS_OK);
	}
	ally_refused((const char *)b.p, "alliances.csv:66: nation",
	    "more than 64");
	scs_buf_free(&b);
}

/* A nation of an authority that is no country must be an alliance. */
static void
test_an_authority_nation_that_is_no_alliance_fails_the_check(void **state)
{
	struct scs_refdata rd;
	struct scs_err err;

	(void)state;
	parse_ok(&rd, AUTH_HEADER "A,JPN,Alpha,,5,A\nN,NATO,Nato,,5,N\n",
	    LEVEL_HEADER "A,L,x,x,1\nN,L,x,x,1\n", NULL);
	scs_err_clear(&err);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_EINVAL);
	assert_string_equal(err.field, "authorities.csv");
	assert_non_null(strstr(err.reason, "NATO"));
	assert_non_null(strstr(err.reason, "alliances.csv"));
	assert_int_equal(parse(&rd, "alliances.csv", ALLY_HEADER "NATO,USA,s\n",
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_refdata_check(&rd, &err), SCS_OK);
	scs_refdata_free(&rd);
}

#define REAL(t) cmocka_unit_test_setup_teardown(t, setup_real, teardown_real)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    REAL(test_the_real_tables_parse_and_pass_the_check),
	    REAL(test_an_sds_assessment_is_accepted_for_cesi),
	    REAL(test_levels_carry_their_common_rank),
	    REAL(test_penalties_give_sds_intentional_leak_ten_years),
	    REAL(
	        test_the_alliances_are_nato_fvey_and_the_eu_with_their_members),
	    cmocka_unit_test(test_an_alliance_parses_one_member_a_row),
	    cmocka_unit_test(
	        test_an_alliance_member_of_unknown_nation_code_is_refused),
	    cmocka_unit_test(test_an_alliance_member_listed_twice_is_refused),
	    cmocka_unit_test(test_an_unknown_alliance_code_is_refused),
	    cmocka_unit_test(test_an_alliance_row_without_a_source_is_refused),
	    cmocka_unit_test(test_too_many_alliances_or_members_are_refused),
	    cmocka_unit_test(
	        test_an_authority_nation_that_is_no_alliance_fails_the_check),
	    cmocka_unit_test(test_quoted_fields_keep_commas_and_doubled_quotes),
	    cmocka_unit_test(
	        test_a_quoted_field_may_span_lines_and_line_numbers_stay_right),
	    cmocka_unit_test(test_crlf_line_endings_parse_like_lf),
	    cmocka_unit_test(test_extra_columns_in_any_order_are_ignored),
	    cmocka_unit_test(test_an_unterminated_quote_is_an_error),
	    cmocka_unit_test(
	        test_a_header_without_a_required_column_is_refused),
	    cmocka_unit_test(
	        test_a_rank_outside_0_to_4_names_file_line_and_column),
	    cmocka_unit_test(test_a_level_of_an_unknown_authority_is_refused),
	    cmocka_unit_test(test_an_authority_listed_twice_is_refused),
	    cmocka_unit_test(test_a_level_listed_twice_is_refused),
	    cmocka_unit_test(
	        test_bad_authority_values_are_refused_with_their_column),
	    cmocka_unit_test(
	        test_a_short_record_is_refused_whatever_the_column_order),
	    cmocka_unit_test(test_a_table_of_unknown_name_is_refused),
	    cmocka_unit_test(
	        test_accepted_for_naming_an_unknown_authority_fails_the_check),
	    cmocka_unit_test(test_an_authority_without_levels_fails_the_check),
	    cmocka_unit_test(test_no_authority_at_all_fails_the_check),
	    cmocka_unit_test(test_many_rows_grow_the_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
