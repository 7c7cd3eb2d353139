/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_name.c - names of src/core/name.c: the passport Hepburn romanizer,
 * the romaji fold and phonetic keys, kanji variants and readings, and the
 * cases issue 12 names: ONO/OHNO/OONO/Ōno/オオノ/ｵｵﾉ/大野 agree on the
 * fold key; SAITO/SAITOU/サイトウ; KAMBE/KANBE; JUNICHI/JUN'ICHI;
 * 髙橋/高橋; 齋藤/斎藤; SATO/SAITO stay apart; 斎藤/斉藤 keep distinct
 * kanji keys (the same reading, different names).
 */
#include "helpers.h"

#include "scs/name.h"

/* A small table of its own, so that these tests hold whatever the
 * shipped table becomes; the shipped one is tested below too. */
static const char variants[] = "# test variants, version 7\n"
                               "variant,standard\n"
                               "髙,高\n"
                               "齋,斎\n"
                               "齊,斉\n"
                               "﨑,崎\n"
                               "邊,辺\n"
                               "邉,辺\n";
static const char readings[] = "kanji,kana\n"
                               "大野,オオノ\n"
                               "小野,オノ\n"
                               "斎藤,サイトウ\n"
                               "斉藤,サイトウ\n"
                               "佐藤,サトウ\n"
                               "菅野,カンノ\n"
                               "菅野,スガノ\n";

static int
setup(void **state)
{
	struct scs_namer *n = NULL;
	struct scs_err err;

	if (scs_namer_new(variants, strlen(variants), readings,
	        strlen(readings), &n, &err) != SCS_OK)
		fail_msg("namer: %s: %s", err.field, err.reason);
	*state = n;
	return 0;
}

static int
teardown(void **state)
{
	scs_namer_free(*state);
	return 0;
}

static void
expect_key(const struct scs_namer *n, const char *text, bool reading,
    const char *want)
{
	char k[256];

	scs_name_fold_key(n, text, reading, k, sizeof(k));
	if (strcmp(k, want) != 0)
		fail_msg("fold key of \"%s\": \"%s\", want \"%s\"", text, k,
		    want);
}

static void
expect_hepburn(const char *kana, const char *want)
{
	char r[128];

	(void)scs_name_hepburn(kana, r, sizeof(r));
	if (strcmp(r, want) != 0)
		fail_msg("hepburn of %s: \"%s\", want \"%s\"", kana, r, want);
}

static void
phon_of(const char *romaji, char *out, size_t size)
{
	char f[128];

	scs_name_romaji_fold(romaji, f, sizeof(f));
	scs_name_romaji_phon(f, out, size);
}

static void
test_hepburn_is_the_passports(void **state)
{
	(void)state;
	expect_hepburn("オオノ", "ono");
	expect_hepburn("オノ", "ono");
	expect_hepburn("サイトウ", "saito");
	expect_hepburn("サトウ", "sato");
	expect_hepburn("カンベ", "kambe");
	expect_hepburn("ホンマ", "homma");
	expect_hepburn("ナンバ", "namba");
	expect_hepburn("ジュンイチ", "junichi");
	expect_hepburn("シンヤ", "shinya");
	expect_hepburn("ハットリ", "hattori");
	expect_hepburn("ハッチョウ", "hatcho");
	expect_hepburn("イノウエ", "inoue");
	/* a vowel is made long once, the first of two: 大内 OUCHI, 大岡
	 * OOKA, 大浦 OURA */
	expect_hepburn("オオウチ", "ouchi");
	expect_hepburn("オオオカ", "ooka");
	expect_hepburn("オオウラ", "oura");
	expect_hepburn("オウチ", "ochi");
	expect_hepburn("コウノ", "kono");
	expect_hepburn("ユウウツ", "yuutsu");
	expect_hepburn("ユウコ", "yuko");
	expect_hepburn("キョウコ", "kyoko");
	expect_hepburn("ショウタ", "shota");
	expect_hepburn("チヒロ", "chihiro");
	expect_hepburn("ツチヤ", "tsuchiya");
	expect_hepburn("フクダ", "fukuda");
	expect_hepburn("ジェームズ", "jemuzu");
	expect_hepburn("ヴィクトリア", "vikutoria");
	expect_hepburn("ティム", "timu");
	expect_hepburn("ファン", "fan");
	expect_hepburn("ウィリアム", "wiriamu");
	/* hiragana is kana too; what is not kana is left out */
	expect_hepburn("おおの たろう", "onotaro");
	expect_hepburn("ABC", "");
}

static void
test_romaji_fold_and_phonetic_keys(void **state)
{
	char a[64], b[64];

	(void)state;
	scs_name_romaji_fold("OHNO", a, sizeof(a));
	assert_string_equal(a, "ono");
	scs_name_romaji_fold("Ouchi", a, sizeof(a));
	scs_name_romaji_fold("OOUCHI", b, sizeof(b));
	assert_string_equal(a, b);
	scs_name_romaji_fold("OHASHI", a, sizeof(a)); /* h after o: long */
	assert_string_equal(a, "oashi");
	scs_name_romaji_fold("KYOHICHI", a, sizeof(a));
	assert_string_equal(a, "kyoichi");
	scs_name_romaji_fold("SHUNSUKE", a, sizeof(a)); /* not hu: shu */
	assert_string_equal(a, "shunsuke");
	scs_name_romaji_fold("SYUNSUKE", a, sizeof(a));
	assert_string_equal(a, "shunsuke");
	scs_name_romaji_fold("CHUJO", a, sizeof(a));
	assert_string_equal(a, "chujo");
	scs_name_romaji_fold("HOMMA", a, sizeof(a));
	assert_string_equal(a, "honma");
	scs_name_romaji_fold("YUUKO", a, sizeof(a));
	assert_string_equal(a, "yuko");
	/* Kunrei-shiki is Hepburn in the fold already */
	static const char *const kunrei[][2] = {{"SIMIZU", "SHIMIZU"},
	    {"TIBA", "CHIBA"}, {"HUKUDA", "FUKUDA"}, {"ZYUNPEI", "JUMPEI"},
	    {"TUTIYA", "TSUCHIYA"}, {"SYOTA", "SHOTA"}, {"SATOU", "SATO"}};
	for (size_t i = 0; i < SCS_NELEM(kunrei); i++) {
		scs_name_romaji_fold(kunrei[i][0], a, sizeof(a));
		scs_name_romaji_fold(kunrei[i][1], b, sizeof(b));
		if (strcmp(a, b) != 0)
			fail_msg("fold %s \"%s\" != %s \"%s\"", kunrei[i][0], a,
			    kunrei[i][1], b);
	}
	/* voicing and doubled consonants meet in the phonetic key only */
	static const char *const same[][2] = {{"NAKAJIMA", "NAKASHIMA"},
	    {"HATORI", "HATTORI"}, {"YAMASAKI", "YAMAZAKI"},
	    {"SIMIZU", "SHIMISU"}};
	for (size_t i = 0; i < SCS_NELEM(same); i++) {
		phon_of(same[i][0], a, sizeof(a));
		phon_of(same[i][1], b, sizeof(b));
		if (strcmp(a, b) != 0)
			fail_msg("phonetic %s \"%s\" != %s \"%s\"", same[i][0],
			    a, same[i][1], b);
	}
	scs_name_romaji_fold("NAKAJIMA", a, sizeof(a));
	scs_name_romaji_fold("NAKASHIMA", b, sizeof(b));
	assert_string_not_equal(a, b);
	phon_of("SATO", a, sizeof(a));
	phon_of("SAITO", b, sizeof(b));
	assert_string_not_equal(a, b);
	phon_of("KATO", a, sizeof(a));
	phon_of("SATO", b, sizeof(b));
	assert_string_not_equal(a, b);
}

/* The cases of issue 12, word for word. */
static void
test_one_person_many_spellings_one_key(void **state)
{
	const struct scs_namer *n = *state;
	static const char *const ono[] = {"ONO", "OHNO", "OONO", "Ōno",
	    "オオノ", "ｵｵﾉ", "大野", "おおの", "ＯＨＮＯ", "Ono"};

	for (size_t i = 0; i < SCS_NELEM(ono); i++)
		expect_key(n, ono[i], true, "ono");
	expect_key(n, "SAITO", true, "saito");
	expect_key(n, "SAITOU", true, "saito");
	expect_key(n, "サイトウ", true, "saito");
	expect_key(n, "KAMBE", true, "kanbe");
	expect_key(n, "KANBE", true, "kanbe");
	expect_key(n, "カンベ", true, "kanbe");
	expect_key(n, "JUNICHI", true, "junichi");
	expect_key(n, "JUN'ICHI", true, "junichi");
	expect_key(n, "ジュンイチ", true, "junichi");
	expect_key(n, "SATO", true, "sato");
	expect_key(n, "サトウ", true, "sato");
}

static void
test_kanji_variants_fold_and_distinct_kanji_stay(void **state)
{
	const struct scs_namer *n = *state;
	char a[64], b[64];

	expect_key(n, "髙橋", false, "高橋");
	expect_key(n, "齋藤", false, "斎藤");
	expect_key(n, "山﨑", false, "山崎");
	expect_key(n, "渡邉", false, "渡辺");
	expect_key(n, "佐々木", false, "佐佐木");
	expect_key(n, "関ヶ原", false, "関ケ原");
	/* 斎藤 and 斉藤: the same reading, different names */
	scs_name_fold_key(n, "斎藤", false, a, sizeof(a));
	scs_name_fold_key(n, "斉藤", false, b, sizeof(b));
	assert_string_not_equal(a, b);
	scs_name_fold_key(n, "斎藤", true, a, sizeof(a));
	scs_name_fold_key(n, "斉藤", true, b, sizeof(b));
	assert_string_equal(a, b);
	/* the variant of a name with a reading gets the reading */
	expect_key(n, "齋藤", true, "saito");
	/* SATO and SAITO stay apart */
	scs_name_fold_key(n, "佐藤", true, a, sizeof(a));
	scs_name_fold_key(n, "SAITO", true, b, sizeof(b));
	assert_string_not_equal(a, b);
	/* 小野 and 大野 are both ONO on a passport, not the same kanji */
	scs_name_fold_key(n, "小野", false, a, sizeof(a));
	scs_name_fold_key(n, "大野", false, b, sizeof(b));
	assert_string_not_equal(a, b);
}

static void
test_tokens_scripts_order_marks(void **state)
{
	const struct scs_namer *n = *state;
	struct scs_name nm;

	scs_name_parse(n, "ONO Taro", &nm);
	assert_int_equal(nm.ntokens, 2);
	assert_int_equal(nm.t[0].script, SCS_SCRIPT_LATIN);
	assert_string_equal(nm.t[0].exact, "ono");
	assert_int_equal(nm.upper, 1);
	assert_int_equal(nm.comma, 0);

	scs_name_parse(n, "Taro ONO", &nm);
	assert_int_equal(nm.upper, 2);
	scs_name_parse(n, "ONO TARO", &nm); /* all capitals: no cue */
	assert_int_equal(nm.upper, 0);
	scs_name_parse(n, "Ono, Taro", &nm);
	assert_int_equal(nm.ntokens, 2);
	assert_int_equal(nm.comma, 1);

	scs_name_parse(n, "ＯＮＯ　Ｔａｒｏ", &nm); /* full width */
	assert_int_equal(nm.ntokens, 2);
	assert_string_equal(nm.t[0].exact, "ono");
	assert_string_equal(nm.t[1].fold, "taro");
	assert_int_equal(nm.upper, 1);

	scs_name_parse(n, "ｵｵﾉ ﾀﾛｳ", &nm); /* half-width kana */
	assert_int_equal(nm.ntokens, 2);
	assert_int_equal(nm.t[0].script, SCS_SCRIPT_KANA);
	assert_string_equal(nm.t[0].exact, "オオノ");
	assert_string_equal(nm.t[1].fold, "taro");

	scs_name_parse(n, "おおの　たろう", &nm); /* hiragana */
	assert_string_equal(nm.t[0].exact, "オオノ");

	scs_name_parse(n, "大野太郎", &nm); /* no space: one token */
	assert_int_equal(nm.ntokens, 1);
	assert_int_equal(nm.t[0].script, SCS_SCRIPT_HAN);
	assert_int_equal(nm.t[0].nreadings, 0);

	scs_name_parse(n, "岡城さくら", &nm); /* kanji, then kana: two */
	assert_int_equal(nm.ntokens, 2);
	assert_string_equal(nm.t[0].exact, "岡城");
	assert_string_equal(nm.t[1].exact, "サクラ");
	scs_name_parse(n, "三ヶ島", &nm); /* kana inside a kanji name: one */
	assert_int_equal(nm.ntokens, 1);

	scs_name_parse(n, "菅野 さくら", &nm);
	assert_int_equal(nm.t[0].script, SCS_SCRIPT_HAN);
	assert_int_equal(nm.t[0].nreadings, 2); /* カンノ, スガノ */
	assert_int_equal(nm.t[1].script, SCS_SCRIPT_KANA);

	scs_name_parse(n, "VAN DER BERG Jan-Pieter", &nm);
	assert_int_equal(nm.ntokens, 4);
	assert_int_equal(nm.upper, 7);
	assert_string_equal(nm.t[3].fold, "janpieter");

	scs_name_parse(n, "Müller, Jürgen", &nm);
	assert_string_equal(nm.t[0].exact, "müller");
	assert_string_equal(nm.t[0].fold, "muller");

	scs_name_parse(n, "김 민준", &nm); /* another script: exact only */
	assert_int_equal(nm.t[0].script, SCS_SCRIPT_OTHER);
	assert_string_equal(nm.t[0].phon, "");

	scs_name_parse(n, "\xff\xfe", &nm); /* not UTF-8 */
	assert_int_equal(nm.ntokens, 0);
	scs_name_parse(n, " , ・ ", &nm);
	assert_int_equal(nm.ntokens, 0);
}

static void
test_bad_tables_name_the_line(void **state)
{
	struct scs_namer *n = NULL;
	struct scs_err err;
	static const char *const bad[] = {"# v\nvariant,standard\n髙高\n",
	    "# v\nvariant,standard\n髙,髙\n", "# v\nvariant,standard\nab,高\n",
	    "# v\nvariant,standard\n髙,高,x\n"};

	(void)state;
	for (size_t i = 0; i < SCS_NELEM(bad); i++) {
		assert_int_equal(scs_namer_new(bad[i], strlen(bad[i]), NULL, 0,
		                     &n, &err),
		    SCS_EINVAL);
		assert_null(n);
		assert_string_equal(err.field, "variants:3");
	}
	{
		static const char twice[] = "# v\n髙,高\n髙,高\n";

		assert_int_equal(scs_namer_new(twice, strlen(twice), NULL, 0,
		                     &n, &err),
		    SCS_EINVAL);
	}
	assert_string_equal(err.field, "variants");
	assert_int_equal(scs_namer_new(variants, strlen(variants),
	                     "kanji,kana\n大野,\n", 18, &n, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "readings:2");
	assert_int_equal(scs_namer_new(variants, strlen(variants), NULL, 0, &n,
	                     &err),
	    SCS_OK);
	assert_string_equal(scs_namer_version(n), "test variants, version 7");
	scs_namer_free(n);
}

/* The tables shipped in the binary keep the rules the tests above use. */
static void
test_the_shipped_tables_load_and_keep_the_cases(void **state)
{
	struct scs_namer *n = NULL;
	struct scs_err err;
	char a[64], b[64];

	(void)state;
	if (scs_namer_default(&n, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	assert_string_equal(scs_namer_version(n),
	    "scs kanji variants, version 1");
	expect_key(n, "髙橋", false, "高橋");
	expect_key(n, "齋藤", false, "斎藤");
	expect_key(n, "山﨑", false, "山崎");
	expect_key(n, "大野", true, "ono");
	expect_key(n, "小野", true, "ono");
	expect_key(n, "髙橋", true, "takahashi");
	scs_name_fold_key(n, "斎藤", false, a, sizeof(a));
	scs_name_fold_key(n, "斉藤", false, b, sizeof(b));
	assert_string_not_equal(a, b);
	scs_name_fold_key(n, "佐藤", true, a, sizeof(a));
	scs_name_fold_key(n, "斎藤", true, b, sizeof(b));
	assert_string_not_equal(a, b);
	scs_namer_free(n);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_hepburn_is_the_passports),
	    cmocka_unit_test(test_romaji_fold_and_phonetic_keys),
	    cmocka_unit_test(test_one_person_many_spellings_one_key),
	    cmocka_unit_test(test_kanji_variants_fold_and_distinct_kanji_stay),
	    cmocka_unit_test(test_tokens_scripts_order_marks),
	    cmocka_unit_test(test_bad_tables_name_the_line),
	    cmocka_unit_test(test_the_shipped_tables_load_and_keep_the_cases),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
