/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_model.c - unit tests for src/core/model.c and src/core/country.c:
 * the validity rules of dates, identifiers, texts and country codes, the
 * record validators and the field each refusal names (DESIGN.md sections 3
 * and 11), and the codes of organization types, relations and roles.
 */
#include "helpers.h"

#include "scs/model.h"

/* ---- helpers --------------------------------------------------------- */

static void
expect_date_ok(const char *s)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_valid_date(s, "d", &err) != SCS_OK)
		fail_msg("\"%s\" refused: %s", s, err.reason);
}

static void
expect_date_bad(const char *s)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_valid_date(s, "birth_date", &err) != SCS_EINVAL)
		fail_msg("\"%s\" accepted as a date", s);
	assert_int_equal(err.rc, SCS_EINVAL);
	assert_string_equal(err.field, "birth_date");
	assert_true(err.reason[0] != '\0');
}

static void
expect_id(const char *s, int want)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_valid_id(s, "id", &err) != want)
		fail_msg("id \"%s\": expected %s", s,
		    want == SCS_OK ? "valid" : "invalid");
	if (want != SCS_OK)
		assert_string_equal(err.field, "id");
}

static void
expect_text(const char *s, size_t max, int want)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_valid_text(s, max, "name", &err) != want)
		fail_msg("text \"%s\" (max %zu): expected %s", s, max,
		    want == SCS_OK ? "valid" : "invalid");
	if (want != SCS_OK)
		assert_string_equal(err.field, "name");
}

static void
expect_country(const char *s, int want)
{
	struct scs_err err;

	scs_err_clear(&err);
	if (scs_valid_country(s, "country", &err) != want)
		fail_msg("country \"%s\": expected %s", s,
		    want == SCS_OK ? "valid" : "invalid");
	if (want != SCS_OK)
		assert_string_equal(err.field, "country");
}

static void
good_org(struct scs_org *o)
{
	memset(o, 0, sizeof(*o));
	(void)snprintf(o->id, sizeof(o->id), "mod");
	(void)snprintf(o->name, sizeof(o->name), "防衛省");
	o->type = SCS_ORG_GOVERNMENT;
	(void)snprintf(o->country, sizeof(o->country), "JPN");
}

static void
good_person(struct scs_person *p)
{
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->id, sizeof(p->id), "p1");
	(void)snprintf(p->name, sizeof(p->name), "山田 太郎");
	(void)snprintf(p->name_latin, sizeof(p->name_latin), "YAMADA Taro");
	(void)snprintf(p->birth_date, sizeof(p->birth_date), "1980-04-01");
	(void)snprintf(p->nationalities[0], 4, "JPN");
	(void)snprintf(p->nationalities[1], 4, "USA");
	p->nnationalities = 2;
	(void)snprintf(p->org, sizeof(p->org), "acme");
}

static void
good_relative(struct scs_relative *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->relation = SCS_REL_SPOUSE;
	(void)snprintf(r->name, sizeof(r->name), "%s", name);
	(void)snprintf(r->birth_date, sizeof(r->birth_date), "1982-02-02");
	(void)snprintf(r->nationalities[0], 4, "JPN");
	r->nnationalities = 1;
	(void)snprintf(r->address, sizeof(r->address), "東京都千代田区1-1");
	r->cohabitant = true;
}

/* Three valid relatives; the caller breaks one and frees. */
static struct scs_relatives *
good_relatives(void)
{
	struct scs_relatives *rel = calloc(1, sizeof(*rel));

	assert_non_null(rel);
	good_relative(&rel->r[0], "山田 花子");
	good_relative(&rel->r[1], "山田 一郎");
	rel->r[1].relation = SCS_REL_PARENT;
	rel->r[1].cohabitant = false;
	good_relative(&rel->r[2], "山田 次郎");
	rel->r[2].relation = SCS_REL_CHILD;
	rel->n = 3;
	return rel;
}

static void
good_user(struct scs_user *u, enum scs_role role)
{
	memset(u, 0, sizeof(*u));
	(void)snprintf(u->id, sizeof(u->id), "alice");
	(void)snprintf(u->org, sizeof(u->org), "mod");
	u->role = role;
}

/* ---- dates ------------------------------------------------------------ */

static void
test_ordinary_dates_are_valid(void **state)
{
	(void)state;
	expect_date_ok("1980-04-01");
	expect_date_ok("2024-01-31");
	expect_date_ok("2024-04-30");
	expect_date_ok("2024-12-31");
	expect_date_ok("2023-02-28");
}

static void
test_feb_29_is_valid_only_in_leap_years(void **state)
{
	(void)state;
	expect_date_ok("2024-02-29");
	expect_date_bad("2023-02-29");
	expect_date_ok("2000-02-29");  /* divisible by 400 */
	expect_date_bad("1900-02-29"); /* divisible by 100, not 400 */
	expect_date_bad("2100-02-29");
	expect_date_bad("2024-02-30");
}

static void
test_days_beyond_the_end_of_the_month_are_invalid(void **state)
{
	(void)state;
	expect_date_bad("2024-04-31");
	expect_date_bad("2024-06-31");
	expect_date_bad("2024-09-31");
	expect_date_bad("2024-11-31");
	expect_date_bad("2024-01-32");
	expect_date_bad("2024-12-32");
}

static void
test_month_13_and_day_00_are_invalid(void **state)
{
	(void)state;
	expect_date_bad("2024-13-01");
	expect_date_bad("2024-00-10");
	expect_date_bad("2024-01-00");
	expect_date_bad("2024-99-99");
}

static void
test_dates_of_the_wrong_shape_are_invalid(void **state)
{
	(void)state;
	expect_date_bad("2024-1-01");
	expect_date_bad("2024-01-1");
	expect_date_bad("2024/01/01");
	expect_date_bad("20240101");
	expect_date_bad("");
	expect_date_bad("2024-01-01 ");
	expect_date_bad("2024-01-01T00:00:00Z");
	expect_date_bad("2024-01-01x");
	expect_date_bad(" 2024-01-01");
	expect_date_bad("2024-0a-01");
	expect_date_bad("+024-01-01");
	expect_date_bad("2024-+1-01");
	expect_date_bad("2024--1-01");
	expect_date_bad("abcd-ef-gh");
}

static void
test_years_outside_1850_to_2199_are_invalid(void **state)
{
	(void)state;
	expect_date_ok("1850-01-01");
	expect_date_ok("2199-12-31");
	expect_date_bad("1849-12-31");
	expect_date_bad("2200-01-01");
	expect_date_bad("0000-01-01");
	expect_date_bad("9999-12-31");
}

/* ---- identifiers, texts, countries ----------------------------------- */

static void
test_ids_allow_letters_digits_dot_underscore_colon_and_dash(void **state)
{
	(void)state;
	expect_id("p1", SCS_OK);
	expect_id("ACME-Heavy_Industries.jp:42", SCS_OK);
	expect_id("0", SCS_OK);
	expect_id("_x", SCS_OK);
	expect_id(":x", SCS_OK);
	expect_id("a.b-c", SCS_OK);
	expect_id("a b", SCS_EINVAL);
	expect_id("a/b", SCS_EINVAL);
	expect_id("a@b", SCS_EINVAL);
	expect_id("a\tb", SCS_EINVAL);
	expect_id("a\nb", SCS_EINVAL);
	expect_id("山田", SCS_EINVAL);
	expect_id("x\x7f", SCS_EINVAL);
}

static void
test_ids_are_at_most_64_bytes(void **state)
{
	char s[80];

	(void)state;
	memset(s, 'a', sizeof(s));
	s[64] = '\0';
	expect_id(s, SCS_OK);
	s[64] = 'a';
	s[65] = '\0';
	expect_id(s, SCS_EINVAL);
}

static void
test_ids_must_not_be_empty_nor_start_with_dot_or_dash(void **state)
{
	(void)state;
	expect_id("", SCS_EINVAL);
	expect_id(".hidden", SCS_EINVAL);
	expect_id("-rf", SCS_EINVAL);
	expect_id(".", SCS_EINVAL);
	expect_id("..", SCS_EINVAL);
	expect_id("a.", SCS_OK);
	expect_id("a-", SCS_OK);
}

static void
test_text_refuses_control_characters(void **state)
{
	(void)state;
	expect_text("YAMADA Taro", 256, SCS_OK);
	expect_text("YAMADA\tTaro", 256, SCS_EINVAL);
	expect_text("YAMADA\nTaro", 256, SCS_EINVAL);
	expect_text("YAMADA\rTaro", 256, SCS_EINVAL);
	expect_text("YAMADA\x01Taro", 256, SCS_EINVAL);
	expect_text("YAMADA\x1fTaro", 256, SCS_EINVAL);
	expect_text("YAMADA\x7fTaro", 256, SCS_EINVAL);
	expect_text("\x1b[31mred", 256, SCS_EINVAL);
}

static void
test_text_must_be_well_formed_utf8_without_c1_controls(void **state)
{
	(void)state;
	expect_text("\xe9\x81\xa9\xe6\x80\xa7\xe8\xa9\x95\xe4\xbe\xa1", 256,
	    SCS_OK); /* 適性評価 */
	expect_text("case \xc3\x28", 256, SCS_EINVAL);
	expect_text("\xff\xfe", 256, SCS_EINVAL);
	expect_text("cut \xe5\xb1", 256, SCS_EINVAL);
	expect_text("overlong \xc0\xaf", 256, SCS_EINVAL);
	expect_text("surrogate \xed\xa0\x80", 256, SCS_EINVAL);
	expect_text("C1 \xc2\x85 next line", 256, SCS_EINVAL);
	expect_text("C1 \xc2\x9b csi", 256, SCS_EINVAL);
	expect_text("nbsp \xc2\xa0 is text", 256, SCS_OK);
}

static void
test_text_refuses_leading_or_trailing_space_and_empty(void **state)
{
	(void)state;
	expect_text("", 256, SCS_EINVAL);
	expect_text(" ", 256, SCS_EINVAL);
	expect_text(" Taro", 256, SCS_EINVAL);
	expect_text("Taro ", 256, SCS_EINVAL);
	expect_text("Taro  Yamada", 256, SCS_OK);
}

static void
test_text_is_at_most_max_bytes(void **state)
{
	char s[SCS_NAME_MAX + 2];

	(void)state;
	memset(s, 'x', sizeof(s));
	s[SCS_NAME_MAX] = '\0';
	expect_text(s, SCS_NAME_MAX, SCS_OK);
	s[SCS_NAME_MAX] = 'x';
	s[SCS_NAME_MAX + 1] = '\0';
	expect_text(s, SCS_NAME_MAX, SCS_EINVAL);
	expect_text("abcd", 4, SCS_OK);
	expect_text("abcde", 4, SCS_EINVAL);
}

static void
test_text_in_japanese_is_valid_and_counted_in_bytes(void **state)
{
	(void)state;
	expect_text("山田 太郎", SCS_NAME_MAX, SCS_OK);
	expect_text("東京都千代田区1-1", SCS_ADDRESS_MAX, SCS_OK);
	expect_text("特定秘密", SCS_NAME_MAX, SCS_OK);
	/* Three characters of three UTF-8 bytes each: 9 bytes. */
	expect_text("山田太", 9, SCS_OK);
	expect_text("山田太", 8, SCS_EINVAL);
	/* An ideographic space (U+3000) is not an ASCII space. */
	expect_text("山田\xe3\x80\x80太郎", SCS_NAME_MAX, SCS_OK);
}

static void
test_countries_are_assigned_iso_alpha3_codes(void **state)
{
	(void)state;
	expect_country("JPN", SCS_OK);
	expect_country("USA", SCS_OK);
	expect_country("KOR", SCS_OK);
	expect_country("ABW", SCS_OK); /* first in the table */
	expect_country("ZWE", SCS_OK); /* last in the table */
	expect_country("ZZZ", SCS_EINVAL);
	expect_country("jpn", SCS_EINVAL);
	expect_country("JP", SCS_EINVAL);
	expect_country("JPNX", SCS_EINVAL);
	expect_country("", SCS_EINVAL);
	expect_country("AAA", SCS_EINVAL);
	expect_country("ZZZ", SCS_EINVAL);
}

/* ---- record validators ----------------------------------------------- */

static void
test_a_good_organization_is_valid(void **state)
{
	struct scs_org o;
	struct scs_err err;

	(void)state;
	good_org(&o);
	assert_int_equal(scs_org_validate(&o, &err), SCS_OK);
}

static void
test_organization_refusals_name_the_field(void **state)
{
	struct scs_org o;
	struct scs_err err;

	(void)state;
	good_org(&o);
	o.id[0] = '\0';
	assert_int_equal(scs_org_validate(&o, &err), SCS_EINVAL);
	assert_string_equal(err.field, "id");

	good_org(&o);
	(void)snprintf(o.name, sizeof(o.name), " MOD");
	assert_int_equal(scs_org_validate(&o, &err), SCS_EINVAL);
	assert_string_equal(err.field, "name");

	good_org(&o);
	o.type = SCS_ORG_NTYPES;
	assert_int_equal(scs_org_validate(&o, &err), SCS_EINVAL);
	assert_string_equal(err.field, "type");

	good_org(&o);
	(void)snprintf(o.country, sizeof(o.country), "ZZZ");
	assert_int_equal(scs_org_validate(&o, &err), SCS_EINVAL);
	assert_string_equal(err.field, "country");
	assert_int_equal(err.rc, SCS_EINVAL);

	/* A screening body may not take the name of the cases without one;
	 * another organization may. */
	good_org(&o);
	(void)snprintf(o.id, sizeof(o.id), "unassigned");
	assert_int_equal(scs_org_validate(&o, &err), SCS_OK);
	o.type = SCS_ORG_SCREENING;
	assert_int_equal(scs_org_validate(&o, &err), SCS_EINVAL);
	assert_string_equal(err.field, "id");
}

static void
test_a_good_person_is_valid(void **state)
{
	struct scs_person p;
	struct scs_err err;

	(void)state;
	good_person(&p);
	assert_int_equal(scs_person_validate(&p, &err), SCS_OK);
}

static void
test_person_refusals_name_the_field(void **state)
{
	struct scs_person p;
	struct scs_err err;

	(void)state;
	good_person(&p);
	(void)snprintf(p.id, sizeof(p.id), "-p1");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "id");

	good_person(&p);
	p.name[0] = '\0';
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "name");

	good_person(&p);
	(void)snprintf(p.name_latin, sizeof(p.name_latin), "YAMADA\tTaro");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "name_latin");

	good_person(&p);
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "1981-02-29");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "birth_date");

	good_person(&p);
	(void)snprintf(p.org, sizeof(p.org), "a b");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "org");
}

/* The identity fields of continuous vetting: optional, each checked for
 * what it claims to be (DESIGN.md section 3, "Person"). */
static void
test_person_identity_fields_are_optional_and_checked(void **state)
{
	static const char *const good_kana[] = {"オオノ タロウ", "ｵｵﾉ ﾀﾛｳ",
	    "おおの　たろう", "ヴィクトリア・ジョーンズ"};
	static const char *const bad_kana[] = {"ONO", "大野 タロウ", " オオノ",
	    "・ー"};
	static const char *const good_pass[] = {"ONO TARO", "O'BRIEN, Mary",
	    "SMITH-JONES ANN"};
	static const char *const bad_pass[] = {"ŌNO TARO", "大野", "ONO.TARO",
	    "-'"};
	struct scs_person p;
	struct scs_err err;
	size_t i;

	(void)state;
	good_person(&p);
	assert_int_equal(scs_person_validate(&p, &err), SCS_OK);
	for (i = 0; i < SCS_NELEM(good_kana); i++) {
		good_person(&p);
		(void)snprintf(p.name_kana, sizeof(p.name_kana), "%s",
		    good_kana[i]);
		assert_int_equal(scs_person_validate(&p, &err), SCS_OK);
	}
	for (i = 0; i < SCS_NELEM(bad_kana); i++) {
		good_person(&p);
		(void)snprintf(p.name_kana, sizeof(p.name_kana), "%s",
		    bad_kana[i]);
		assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
		assert_string_equal(err.field, "name_kana");
	}
	for (i = 0; i < SCS_NELEM(good_pass); i++) {
		good_person(&p);
		(void)snprintf(p.name_passport, sizeof(p.name_passport), "%s",
		    good_pass[i]);
		assert_int_equal(scs_person_validate(&p, &err), SCS_OK);
	}
	for (i = 0; i < SCS_NELEM(bad_pass); i++) {
		good_person(&p);
		(void)snprintf(p.name_passport, sizeof(p.name_passport), "%s",
		    bad_pass[i]);
		assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
		assert_string_equal(err.field, "name_passport");
	}
	good_person(&p);
	(void)snprintf(p.aliases[0], sizeof(p.aliases[0]), "小林, 花子");
	(void)snprintf(p.aliases[1], sizeof(p.aliases[1]), "KOBAYASHI Hanako");
	p.naliases = 2;
	assert_int_equal(scs_person_validate(&p, &err), SCS_OK);
	(void)snprintf(p.aliases[1], sizeof(p.aliases[1]), "小林, 花子");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "aliases[1]");
	p.aliases[1][0] = '\0';
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "aliases[1]");
}

static void
test_person_nationalities_are_required_valid_and_distinct(void **state)
{
	struct scs_person p;
	struct scs_err err;

	(void)state;
	good_person(&p);
	p.nnationalities = 0;
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "nationalities");

	good_person(&p);
	(void)snprintf(p.nationalities[0], 4, "jpn");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "nationalities[0]");

	good_person(&p);
	(void)snprintf(p.nationalities[1], 4, "ZZZ");
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "nationalities[1]");

	/* The repeat is reported where it occurs, the second time. */
	good_person(&p);
	(void)snprintf(p.nationalities[2], 4, "KOR");
	(void)snprintf(p.nationalities[3], 4, "JPN");
	p.nnationalities = 4;
	assert_int_equal(scs_person_validate(&p, &err), SCS_EINVAL);
	assert_string_equal(err.field, "nationalities[3]");
	assert_non_null(strstr(err.reason, "JPN"));
}

static void
test_good_relatives_are_valid_and_none_is_fine(void **state)
{
	struct scs_relatives *rel = good_relatives();
	struct scs_err err;
	int r;

	(void)state;
	assert_int_equal(scs_relatives_validate(rel, &err), SCS_OK);
	rel->n = 0;
	r = scs_relatives_validate(rel, &err);
	free(rel);
	assert_int_equal(r, SCS_OK);
}

/* Break relative @i with @brk, validate, and return the field named. */
static int
relatives_refusal(size_t i, void (*brk)(struct scs_relative *), char *field,
    size_t size)
{
	struct scs_relatives *rel = good_relatives();
	struct scs_err err;
	int r;

	brk(&rel->r[i]);
	scs_err_clear(&err);
	r = scs_relatives_validate(rel, &err);
	free(rel);
	(void)snprintf(field, size, "%s", err.field);
	return r;
}

static void
brk_birth_date(struct scs_relative *r)
{
	(void)snprintf(r->birth_date, sizeof(r->birth_date), "2023-02-29");
}

static void
brk_name(struct scs_relative *r)
{
	(void)snprintf(r->name, sizeof(r->name), "Hanako ");
}

static void
brk_relation(struct scs_relative *r)
{
	r->relation = SCS_REL_NTYPES;
}

static void
brk_address(struct scs_relative *r)
{
	r->address[0] = '\0';
}

static void
brk_nationality(struct scs_relative *r)
{
	(void)snprintf(r->nationalities[1], 4, "JPN");
	r->nnationalities = 2;
}

static void
brk_no_nationality(struct scs_relative *r)
{
	r->nnationalities = 0;
}

static void
test_relative_refusals_name_the_index_and_the_field(void **state)
{
	char f[SCS_ERR_FIELD_MAX];

	(void)state;
	assert_int_equal(relatives_refusal(1, brk_birth_date, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[1].birth_date");
	assert_int_equal(relatives_refusal(0, brk_name, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[0].name");
	assert_int_equal(relatives_refusal(2, brk_relation, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[2].relation");
	assert_int_equal(relatives_refusal(2, brk_address, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[2].address");
	assert_int_equal(relatives_refusal(1, brk_nationality, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[1].nationalities[1]");
	assert_int_equal(relatives_refusal(0, brk_no_nationality, f, sizeof(f)),
	    SCS_EINVAL);
	assert_string_equal(f, "relatives[0].nationalities");
}

static void
test_relatives_are_at_most_64(void **state)
{
	struct scs_relatives *rel = calloc(1, sizeof(*rel));
	struct scs_err err;
	size_t i;
	int r;

	(void)state;
	assert_non_null(rel);
	for (i = 0; i < SCS_RELATIVES_MAX; i++)
		good_relative(&rel->r[i], "山田 花子");
	rel->n = SCS_RELATIVES_MAX;
	assert_int_equal(scs_relatives_validate(rel, &err), SCS_OK);
	rel->n = SCS_RELATIVES_MAX + 1;
	scs_err_clear(&err);
	r = scs_relatives_validate(rel, &err);
	free(rel);
	assert_int_equal(r, SCS_EINVAL);
	assert_string_equal(err.field, "relatives");
}

static void
test_user_refusals_name_the_field(void **state)
{
	struct scs_user u;
	struct scs_err err;

	(void)state;
	good_user(&u, SCS_ROLE_ADMIN);
	assert_int_equal(scs_user_validate(&u, &err), SCS_OK);

	good_user(&u, SCS_ROLE_ADMIN);
	(void)snprintf(u.id, sizeof(u.id), "alice smith");
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "username");

	good_user(&u, SCS_ROLE_ADMIN);
	u.org[0] = '\0';
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "org");

	good_user(&u, SCS_ROLE_ADMIN | SCS_ROLE_AUDITOR);
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "role");

	good_user(&u, (enum scs_role)0);
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "role");
}

static void
test_a_subject_account_requires_a_person(void **state)
{
	struct scs_user u;
	struct scs_err err;

	(void)state;
	good_user(&u, SCS_ROLE_SUBJECT);
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "person");

	(void)snprintf(u.person, sizeof(u.person), ".p1");
	assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
	assert_string_equal(err.field, "person");

	(void)snprintf(u.person, sizeof(u.person), "p1");
	assert_int_equal(scs_user_validate(&u, &err), SCS_OK);
}

static void
test_only_a_subject_account_names_a_person(void **state)
{
	static const enum scs_role others[] = {SCS_ROLE_ADMIN,
	    SCS_ROLE_SECURITY_OFFICER, SCS_ROLE_INVESTIGATOR,
	    SCS_ROLE_ADJUDICATOR, SCS_ROLE_DESIGNATOR, SCS_ROLE_AUDITOR,
	    SCS_ROLE_RELYING};
	struct scs_user u;
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(others); i++) {
		good_user(&u, others[i]);
		assert_int_equal(scs_user_validate(&u, &err), SCS_OK);
		(void)snprintf(u.person, sizeof(u.person), "p1");
		assert_int_equal(scs_user_validate(&u, &err), SCS_EINVAL);
		assert_string_equal(err.field, "person");
	}
}

/* ---- codes ------------------------------------------------------------ */

static void
test_every_org_type_code_round_trips(void **state)
{
	static const char *const want[SCS_ORG_NTYPES] = {"government",
	    "contractor", "research", "screening", "partner"};
	enum scs_org_type t, got;

	(void)state;
	for (t = 0; t < SCS_ORG_NTYPES; t++) {
		assert_non_null(scs_org_type_name(t));
		assert_string_equal(scs_org_type_name(t), want[t]);
		got = SCS_ORG_NTYPES;
		assert_int_equal(scs_org_type_parse(want[t], &got), 0);
		assert_int_equal(got, t);
	}
	assert_null(scs_org_type_name(SCS_ORG_NTYPES));
	assert_null(scs_org_type_name((enum scs_org_type) - 1));
	assert_int_equal(scs_org_type_parse("Government", &got), -1);
	assert_int_equal(scs_org_type_parse("", &got), -1);
	assert_int_equal(scs_org_type_parse(NULL, &got), -1);
}

static void
test_every_relation_code_round_trips(void **state)
{
	static const char *const want[SCS_REL_NTYPES] = {"spouse", "parent",
	    "child", "sibling", "spouse_parent", "other"};
	enum scs_relation r, got;

	(void)state;
	for (r = 0; r < SCS_REL_NTYPES; r++) {
		assert_non_null(scs_relation_name(r));
		assert_string_equal(scs_relation_name(r), want[r]);
		got = SCS_REL_NTYPES;
		assert_int_equal(scs_relation_parse(want[r], &got), 0);
		assert_int_equal(got, r);
	}
	assert_null(scs_relation_name(SCS_REL_NTYPES));
	assert_int_equal(scs_relation_parse("cohabitant", &got), -1);
	assert_int_equal(scs_relation_parse("spouse ", &got), -1);
	assert_int_equal(scs_relation_parse(NULL, &got), -1);
}

static void
test_every_role_code_round_trips(void **state)
{
	static const struct {
		enum scs_role role;
		const char *name;
	} want[] = {
	    {SCS_ROLE_ADMIN, "admin"},
	    {SCS_ROLE_SECURITY_OFFICER, "security_officer"},
	    {SCS_ROLE_SUBJECT, "subject"},
	    {SCS_ROLE_INVESTIGATOR, "investigator"},
	    {SCS_ROLE_ADJUDICATOR, "adjudicator"},
	    {SCS_ROLE_DESIGNATOR, "designator"},
	    {SCS_ROLE_AUDITOR, "auditor"},
	    {SCS_ROLE_RELYING, "relying_system"},
	};
	enum scs_role got;
	size_t i;
	unsigned bit, named = 0;

	(void)state;
	for (i = 0; i < SCS_NELEM(want); i++) {
		assert_non_null(scs_role_name(want[i].role));
		assert_string_equal(scs_role_name(want[i].role), want[i].name);
		got = 0;
		assert_int_equal(scs_role_parse(want[i].name, &got), 0);
		assert_int_equal(got, want[i].role);
	}
	/* Every bit of SCS_ROLE_ANY is a role with a name; masks are not. */
	for (bit = 1; bit <= SCS_ROLE_ANY; bit <<= 1)
		named += scs_role_name((enum scs_role)bit) != NULL;
	assert_int_equal(named, SCS_NELEM(want));
	assert_null(scs_role_name((enum scs_role)0));
	assert_null(scs_role_name((enum scs_role)SCS_ROLE_VETTING));
	assert_null(scs_role_name((enum scs_role)SCS_ROLE_ANY));
	assert_int_equal(scs_role_parse("relying", &got), -1);
	assert_int_equal(scs_role_parse("ADMIN", &got), -1);
	assert_int_equal(scs_role_parse(NULL, &got), -1);
}

static void
test_person_clear_frees_the_blob_and_zeroes(void **state)
{
	struct scs_person p;

	(void)state;
	good_person(&p);
	assert_int_equal(scs_blob_set(&p.relatives, "\x01sealed", 7), SCS_OK);
	scs_person_clear(&p);
	assert_null(p.relatives.p);
	assert_int_equal(p.relatives.len, 0);
	assert_int_equal(p.nnationalities, 0);
	assert_string_equal(p.id, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ordinary_dates_are_valid),
	    cmocka_unit_test(test_feb_29_is_valid_only_in_leap_years),
	    cmocka_unit_test(test_days_beyond_the_end_of_the_month_are_invalid),
	    cmocka_unit_test(test_month_13_and_day_00_are_invalid),
	    cmocka_unit_test(test_dates_of_the_wrong_shape_are_invalid),
	    cmocka_unit_test(test_years_outside_1850_to_2199_are_invalid),
	    cmocka_unit_test(
	        test_ids_allow_letters_digits_dot_underscore_colon_and_dash),
	    cmocka_unit_test(test_ids_are_at_most_64_bytes),
	    cmocka_unit_test(
	        test_ids_must_not_be_empty_nor_start_with_dot_or_dash),
	    cmocka_unit_test(test_text_refuses_control_characters),
	    cmocka_unit_test(
	        test_text_must_be_well_formed_utf8_without_c1_controls),
	    cmocka_unit_test(
	        test_text_refuses_leading_or_trailing_space_and_empty),
	    cmocka_unit_test(test_text_is_at_most_max_bytes),
	    cmocka_unit_test(
	        test_text_in_japanese_is_valid_and_counted_in_bytes),
	    cmocka_unit_test(test_countries_are_assigned_iso_alpha3_codes),
	    cmocka_unit_test(test_a_good_organization_is_valid),
	    cmocka_unit_test(test_organization_refusals_name_the_field),
	    cmocka_unit_test(test_a_good_person_is_valid),
	    cmocka_unit_test(test_person_refusals_name_the_field),
	    cmocka_unit_test(
	        test_person_identity_fields_are_optional_and_checked),
	    cmocka_unit_test(
	        test_person_nationalities_are_required_valid_and_distinct),
	    cmocka_unit_test(test_good_relatives_are_valid_and_none_is_fine),
	    cmocka_unit_test(
	        test_relative_refusals_name_the_index_and_the_field),
	    cmocka_unit_test(test_relatives_are_at_most_64),
	    cmocka_unit_test(test_user_refusals_name_the_field),
	    cmocka_unit_test(test_a_subject_account_requires_a_person),
	    cmocka_unit_test(test_only_a_subject_account_names_a_person),
	    cmocka_unit_test(test_every_org_type_code_round_trips),
	    cmocka_unit_test(test_every_relation_code_round_trips),
	    cmocka_unit_test(test_every_role_code_round_trips),
	    cmocka_unit_test(test_person_clear_frees_the_blob_and_zeroes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
