/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_link.c - record linkage of src/core/link.c: the level of each
 * field across scripts and orders, the stand-down rule, what a link needs
 * (the very birth date, names spelled alike, no rival), the term
 * frequency of common names, and the estimates' fallbacks.
 */
#include <math.h>

#include "helpers.h"

#include "scs/link.h"
#include "scs/name.h"

struct fx {
	struct scs_namer *nm;
	struct scs_link_index *ix;
	struct scs_link_model model;
};

static const char jpn[][4] = {"JPN"};
static const char ind[][4] = {"IND"};

static void
add(struct fx *f, const char *name, const char *latin, const char *kana,
    const char *passport, const char *dob, const char (*nat)[4])
{
	struct scs_link_ident id;

	memset(&id, 0, sizeof(id));
	id.names[id.nnames++] = name;
	id.names[id.nnames++] = latin;
	id.names[id.nnames++] = kana;
	id.names[id.nnames++] = passport;
	id.birth_date = dob;
	id.nationalities = nat;
	id.nnationalities = nat != NULL;
	assert_int_equal(scs_link_index_add(f->ix, &id), SCS_OK);
}

/* Persons 0..3 are the subjects of the tests; the rest a crowd. */
static int
setup(void **state)
{
	static const char *const fam[] = {"山田", "田中", "鈴木", "渡辺",
	    "伊藤", "中村", "小林", "加藤", "吉田", "山口"};
	static const char *const famk[] = {"ヤマダ", "タナカ", "スズキ",
	    "ワタナベ", "イトウ", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ",
	    "ヤマグチ"};
	static const char *const giv[] = {"花子", "次郎", "三郎", "美咲",
	    "健一"};
	static const char *const givk[] = {"ハナコ", "ジロウ", "サブロウ",
	    "ミサキ", "ケンイチ"};
	struct fx *f = calloc(1, sizeof(*f));
	struct scs_err err;
	char name[64], kana[64], dob[16];

	assert_non_null(f);
	if (scs_namer_default(&f->nm, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	f->ix = scs_link_index_new(f->nm);
	add(f, "大野 太郎", "ONO Taro", "オオノ タロウ", "ONO TARO",
	    "1980-04-01", jpn); /* 0 */
	add(f, "高橋 一郎", "TAKAHASHI Ichiro", NULL, NULL, "1975-06-15",
	    jpn); /* 1 */
	add(f, "Anita DEVI", "DEVI Anita", NULL, "DEVI ANITA", "1966-10-16",
	    ind); /* 2 */
	add(f, "佐藤 一郎", "SATO Ichiro", "サトウ イチロウ", NULL,
	    "1990-01-20", jpn); /* 3 */
	/* twins of one identity: no record can tell them apart */
	add(f, "綿貫 潤一", "WATANUKI Junichi", NULL, NULL, "1985-05-05",
	    jpn); /* 4 */
	add(f, "綿貫 潤一", "WATANUKI Junichi", NULL, NULL, "1985-05-05",
	    jpn); /* 5 */
	add(f, "大内 明史", "OUCHI Akishi", "オオウチ アキシ", NULL,
	    "1996-03-07", jpn); /* 6 */
	for (int i = 0; i < 200; i++) {
		(void)snprintf(name, sizeof(name), "%s %s", fam[i % 10],
		    giv[i / 10 % 5]);
		(void)snprintf(kana, sizeof(kana), "%s %s", famk[i % 10],
		    givk[i / 10 % 5]);
		(void)snprintf(dob, sizeof(dob), "19%02d-%02d-%02d",
		    50 + i % 50, 1 + i % 12, 1 + i % 28);
		add(f, name, NULL, kana, NULL, dob, jpn);
	}
	assert_int_equal(scs_link_index_seal(f->ix, 20000, &f->model), SCS_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	scs_link_index_free(f->ix);
	scs_namer_free(f->nm);
	free(f);
	return 0;
}

static void
match(struct fx *f, const char *name, const char *dob, const char *nat,
    struct scs_link_result *out)
{
	struct scs_link_ident r;
	static char nats[1][4];

	memset(&r, 0, sizeof(r));
	r.names[r.nnames++] = name;
	r.birth_date = dob;
	if (nat != NULL) {
		memcpy(nats[0], nat, 4);
		r.nationalities = (const char(*)[4])nats;
		r.nnationalities = 1;
	}
	scs_link_match(f->ix, &f->model, &r, out);
}

#define LV(r, f) scs_link_level_name((r).level[SCS_LF_##f])

static void
test_scripts_and_orders_agree(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "オオノ タロウ", "1980-04-01", NULL, &r);
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "exact");
	assert_string_equal(LV(r, GIVEN), "exact");
	assert_string_equal(LV(r, BIRTH), "exact");
	assert_int_equal(r.decision, SCS_LINK_LINK);

	match(f, "ｵｵﾉ ﾀﾛｳ", "1980-04-01", NULL, &r); /* half-width */
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "exact");

	match(f, "Taro OHNO", "1980-04-01", "JPN", &r); /* order, spelling */
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "folded");
	assert_string_equal(LV(r, GIVEN), "exact");
	assert_string_equal(LV(r, NATION), "exact");
	assert_int_equal(r.decision, SCS_LINK_LINK);

	match(f, "Ono, Taro", "1980-04-01", NULL, &r); /* comma */
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "exact");

	match(f, "大野太郎", "1980-04-01", NULL, &r); /* one word */
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "exact");
	assert_string_equal(LV(r, GIVEN), "exact");

	match(f, "髙橋 一郎", "1975-06-15", NULL, &r); /* a variant */
	assert_int_equal(r.person, 1);
	assert_string_equal(LV(r, FAMILY), "folded");
	assert_int_equal(r.decision, SCS_LINK_LINK);
}

/* 小野 and 大野 read ONO on a passport: kanji that differ but read
 * alike are a homophone, which never links. */
static void
test_homophones_never_link(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "小野 太郎", "1980-04-01", NULL, &r);
	assert_int_equal(r.person, 0);
	assert_string_equal(LV(r, FAMILY), "homophone");
	assert_true(r.decision != SCS_LINK_LINK);
}

/* Kana against kana is precise: オウチ (OCHI) is another name than
 * オオウチ (OUCHI), though the romaji fold makes them agree; in Latin
 * letters it cannot tell, so OCHI stays folded. */
static void
test_kana_against_kana_is_spelled_exactly(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "ｵｳﾁ ｱｷｼ", "1996-03-07", NULL, &r);
	assert_int_equal(r.person, 6);
	assert_string_equal(LV(r, FAMILY), "phonetic");
	assert_string_equal(LV(r, GIVEN), "exact");
	assert_true(r.decision != SCS_LINK_LINK);
	match(f, "おおうち あきし", "1996-03-07", NULL, &r);
	assert_int_equal(r.person, 6);
	assert_string_equal(LV(r, FAMILY), "exact");
	match(f, "OCHI Akishi", "1996-03-07", NULL, &r);
	assert_int_equal(r.person, 6);
	assert_string_equal(LV(r, FAMILY), "folded");
}

/* A name part or a birth date that plainly disagrees stands the
 * candidate down: SATO is not SAITO; a namesake born another day is
 * another person. */
static void
test_a_disagreement_stands_down(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "SAITO Ichiro", "1990-01-20", NULL, &r);
	assert_false(r.stands);
	assert_int_equal(r.decision, SCS_LINK_NONE);

	match(f, "佐藤 一郎", "1961-07-30", NULL, &r);
	assert_false(r.stands);
	assert_int_equal(r.decision, SCS_LINK_NONE);

	/* one word can never stand for both parts: pooja devi is not
	 * Anita DEVI, however the orders turn */
	match(f, "pooja devi", "1966-10-16", "IND", &r);
	assert_int_equal(r.decision, SCS_LINK_NONE);
	match(f, "anita devi", "1966-10-16", "IND", &r);
	assert_int_equal(r.person, 2);
	assert_int_equal(r.decision, SCS_LINK_LINK);
}

/* A link needs the very birth date: one digit off, or day and month
 * swapped, or none at all, is for a person to review. */
static void
test_a_link_needs_the_birth_date(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "佐藤 一郎", "1990-01-21", NULL, &r);
	assert_string_equal(LV(r, BIRTH), "near");
	assert_true(r.stands);
	assert_true(r.decision != SCS_LINK_LINK);

	match(f, "佐藤 一郎", "1990-20-01", NULL, &r); /* not a date: none */
	assert_int_equal(r.person < 0 || r.level[SCS_LF_BIRTH] != SCS_LV_EXACT,
	    1);

	match(f, "大野 太郎", "1980-01-04", NULL, &r);
	assert_string_equal(LV(r, BIRTH), "swapped");
	assert_true(r.decision != SCS_LINK_LINK);

	match(f, "大野 太郎", NULL, NULL, &r);
	assert_string_equal(LV(r, BIRTH), "missing");
	assert_true(r.decision != SCS_LINK_LINK);
}

/* Two persons of one identity: the record cannot say which, so a person
 * reviews it. */
static void
test_a_rival_makes_a_review(void **state)
{
	struct fx *f = *state;
	struct scs_link_result r;

	match(f, "綿貫 潤一", "1985-05-05", NULL, &r);
	assert_true(r.person == 4 || r.person == 5);
	assert_true(r.ambiguous);
	assert_int_equal(r.decision, SCS_LINK_REVIEW);
	assert_true(r.probability <= 0.5 + 1e-9);
}

/* A common surname agrees by chance more often: it weighs less. */
static void
test_common_names_weigh_less(void **state)
{
	struct fx *f = *state;
	struct scs_link_result a, b;

	match(f, "山田 太郎", "1980-04-01", NULL, &a); /* 山田: 20 persons */
	match(f, "大野 太郎", "1980-04-01", NULL, &b); /* 大野: one */
	/* the first stands down (太郎 is not a crowd's given name...) or
	 * agrees on 山田 only; compare the family weights where exact */
	if (a.level[SCS_LF_FAMILY] == SCS_LV_EXACT)
		assert_true(a.weight[SCS_LF_FAMILY] < b.weight[SCS_LF_FAMILY]);
	match(f, "山田 花子", "1950-01-01", NULL, &a);
	assert_string_equal(LV(a, FAMILY), "exact");
	assert_true(a.weight[SCS_LF_FAMILY] < b.weight[SCS_LF_FAMILY]);
}

/* EM needs pairs: a feed of a few records keeps the defaults. */
static void
test_estimates_fall_back_to_the_defaults(void **state)
{
	struct fx *f = *state;
	struct scs_link_model m = f->model;
	struct scs_link_ident r;

	memset(&r, 0, sizeof(r));
	r.names[r.nnames++] = "大野 太郎";
	r.birth_date = "1980-04-01";
	scs_link_estimate(f->ix, &r, 1, 100, &m);
	assert_int_equal(m.em_iterations, 0);
	assert_true(memcmp(m.m, f->model.m, sizeof(m.m)) == 0);
	assert_true(f->model.u_pairs > 1000);
	for (int k = 0; k < SCS_LF_N; k++)
		for (int l = 0; l < SCS_LV_MISSING; l++)
			assert_true(f->model.u[k][l] > 0);
}

/* The prior share of matching records follows the feed: a feed of
 * strangers lowers it. */
static void
test_the_prior_follows_the_feed(void **state)
{
	struct fx *f = *state;
	struct scs_link_model m = f->model;
	struct scs_link_result res[20];

	for (int i = 0; i < 20; i++)
		match(f, i == 0 ? "オオノ タロウ" : "ZZYZX Quux",
		    i == 0 ? "1980-04-01" : "1999-09-09", NULL, &res[i]);
	scs_link_decide(f->ix, &m, res, 20);
	assert_true(m.prior < 0.2);
	assert_int_equal(res[0].decision, SCS_LINK_LINK);
	for (int i = 1; i < 20; i++)
		assert_int_equal(res[i].decision, SCS_LINK_NONE);
}

/* An index of 20 names held by 20 persons each, born on day @day(k) of
 * January 1980 (k the person's place among its namesakes). */
static struct scs_link_index *
namesakes(const struct scs_namer *nm, int (*day)(int), struct scs_link_model *m)
{
	static const char *const fam[] = {"山田", "田中", "鈴木", "渡辺"};
	static const char *const giv[] = {"花子", "次郎", "三郎", "美咲",
	    "健一"};
	struct scs_link_index *ix = scs_link_index_new(nm);
	char name[64], dob[16];

	assert_non_null(ix);
	for (int g = 0; g < 20; g++)
		for (int k = 0; k < 20; k++) {
			struct scs_link_ident id;

			memset(&id, 0, sizeof(id));
			(void)snprintf(name, sizeof(name), "%s %s", fam[g % 4],
			    giv[g / 4]);
			(void)snprintf(dob, sizeof(dob), "1980-01-%02d",
			    day(k));
			id.names[id.nnames++] = name;
			id.birth_date = dob;
			assert_int_equal(scs_link_index_add(ix, &id), SCS_OK);
		}
	assert_int_equal(scs_link_index_seal(ix, 20000, m), SCS_OK);
	return ix;
}

static int
day_own(int k)
{
	return k + 1;
}

static int
day_shared(int k)
{
	return k / 2 + 1;
}

/* The register tells how often two persons who share a name share a
 * birth date: never (each namesake born on a day of its own) makes a
 * full agreement weigh more than the fields alone; half the namesakes in
 * twins, less so. */
static void
test_the_register_measures_shared_identities(void **state)
{
	struct fx *f = *state;
	struct scs_link_model a, b;
	struct scs_link_index *ia = namesakes(f->nm, day_own, &a);
	struct scs_link_index *ib = namesakes(f->nm, day_shared, &b);
	struct scs_link_ident r;
	struct scs_link_result ra, rb;
	double sum = 0;

	/* 20 names of 20 persons: 20 * 190 pairs */
	assert_int_equal(a.name_pairs, 3800);
	assert_int_equal(a.identity_pairs, 0);
	assert_int_equal(b.name_pairs, 3800);
	assert_int_equal(b.identity_pairs, 200); /* 10 pairs a name */
	assert_true(a.joint_ratio < 0.05);       /* about 1 / (3800/20) */
	assert_true(b.joint_ratio > a.joint_ratio * 4);
	assert_true(b.joint_ratio < 1);

	memset(&r, 0, sizeof(r));
	r.names[r.nnames++] = "ヤマダ ハナコ";
	r.names[r.nnames++] = "山田 花子";
	r.birth_date = "1980-01-03";
	scs_link_match(ia, &a, &r, &ra);
	scs_link_match(ib, &b, &r, &rb);
	assert_true(ra.person >= 0 && rb.person >= 0);
	assert_true(ra.joint > rb.joint && rb.joint > 0);
	assert_true(fabs(ra.joint + log2(a.joint_ratio)) < 1e-9);
	for (int k = 0; k < SCS_LF_N; k++)
		sum += ra.weight[k];
	assert_true(fabs(ra.score - sum - ra.joint) < 1e-9);
	/* not the birth date: no joint weight */
	r.birth_date = NULL;
	scs_link_match(ia, &a, &r, &ra);
	assert_true(ra.joint == 0);
	scs_link_index_free(ia);
	scs_link_index_free(ib);
}

/* A full name held by more persons than its family and given names
 * predict (20 of 400 hold 大野 太郎, and no one else either part: one
 * expected beside the candidate, 19 found) weighs less, by
 * log2((19 + 1) / (1 + 1)); names spread as their parts predict lose
 * nothing. */
static void
test_names_that_run_together_weigh_less(void **state)
{
	static const char *const fam[] = {"山田", "田中", "鈴木", "渡辺",
	    "伊藤", "中村", "小林", "加藤", "吉田", "山口"};
	static const char *const giv[] = {"花子", "次郎", "三郎", "美咲",
	    "健一"};
	struct fx *f = *state;
	struct scs_link_index *ix = scs_link_index_new(f->nm);
	struct scs_link_model m;
	struct scs_link_ident id;
	struct scs_link_result r;
	char name[64], dob[16];

	assert_non_null(ix);
	for (int i = 0; i < 400; i++) {
		memset(&id, 0, sizeof(id));
		if (i < 20)
			(void)snprintf(name, sizeof(name), "大野 太郎");
		else
			(void)snprintf(name, sizeof(name), "%s %s",
			    fam[(i - 20) % 10], giv[(i - 20) / 10 % 5]);
		(void)snprintf(dob, sizeof(dob), "19%02d-%02d-%02d",
		    50 + i % 50, 1 + i % 12, 1 + i % 28);
		id.names[id.nnames++] = name;
		id.birth_date = dob;
		assert_int_equal(scs_link_index_add(ix, &id), SCS_OK);
	}
	assert_int_equal(scs_link_index_seal(ix, 20000, &m), SCS_OK);
	memset(&id, 0, sizeof(id));
	id.names[id.nnames++] = "大野 太郎";
	scs_link_match(ix, &m, &id, &r);
	assert_string_equal(LV(r, FAMILY), "exact");
	assert_string_equal(LV(r, GIVEN), "exact");
	assert_true(fabs(r.joint + log2(20.0 / 2.0)) < 1e-9);
	id.names[0] = "山田 花子"; /* 8 of 400; 38 x 80 / 400 = 7.6 expected */
	scs_link_match(ix, &m, &id, &r);
	assert_string_equal(LV(r, GIVEN), "exact");
	assert_true(r.joint == 0);
	scs_link_index_free(ix);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_scripts_and_orders_agree),
	    cmocka_unit_test(test_homophones_never_link),
	    cmocka_unit_test(test_kana_against_kana_is_spelled_exactly),
	    cmocka_unit_test(test_a_disagreement_stands_down),
	    cmocka_unit_test(test_a_link_needs_the_birth_date),
	    cmocka_unit_test(test_a_rival_makes_a_review),
	    cmocka_unit_test(test_common_names_weigh_less),
	    cmocka_unit_test(test_estimates_fall_back_to_the_defaults),
	    cmocka_unit_test(test_the_prior_follows_the_feed),
	    cmocka_unit_test(test_the_register_measures_shared_identities),
	    cmocka_unit_test(test_names_that_run_together_weigh_less),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
