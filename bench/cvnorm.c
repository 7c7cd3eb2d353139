/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cvnorm.c - the speed of name normalization for continuous vetting
 * (scs_name_parse, src/core/name.c), single thread.
 *
 *   cvnorm [FEED.jsonl [NAMES]]
 *
 * Builds a list of NAMES (default 200,000) names: the "name" values of a
 * feed written by bench/cvgen (in feed order, cycled when the feed has
 * fewer), or without a feed a fixed built-in list cycled one script after
 * another: kanji (with variants, 々, no space and the ideographic space),
 * full-width katakana, half-width katakana, hiragana, Latin with macrons,
 * Kunrei-shiki.  Then, alternating pass by pass, each until it has run
 * for CVNORM_SECONDS (default 2) and at least 3 passes:
 *   - scs_name_parse of every name (the namer of the embedded tables,
 *     made once, untimed);
 *   - the baseline: ICU's NFKC alone on the same strings, as
 *     scs_name_parse calls it (u_strFromUTF8 into UTF-16, then
 *     unorm2_normalize with the NFKC instance), so that the difference
 *     is what the project's own folds add (tokens, kana to Hepburn, the
 *     romaji fold and phonetic keys, kanji variants, readings).
 * Prints "RESULT engine=name-parse ..." and "RESULT engine=icu-nfkc ..."
 * with names/s over all passes and the median pass; without a feed also
 * one "RESULT engine=name-parse-SCRIPT" line per script of the built-in
 * list (at least 0.3 s each), to show which folds cost.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

/* The harness's query helpers are not needed here. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "harness.h"
#pragma GCC diagnostic pop
#include "scs/err.h"
#include "scs/name.h"

#define TEXT_MAX 1024 /* as src/core/name.c */

enum { KANJI, KATAKANA, HALFWIDTH, HIRAGANA, MACRON, KUNREI, NSCRIPTS };

static const char *const script_name[NSCRIPTS] = {"kanji", "katakana",
    "halfwidth", "hiragana", "macron", "kunrei"};

/* Eight names per script, taken in turn: kanji[0], katakana[0], ... */
static const char *const builtin[NSCRIPTS][8] = {
    {"大野 太郎", "髙橋 一郎", "齋藤 美咲", "渡邉 健太", "佐々木 翔",
        "山田花子", "中島\u3000裕子", "三ヶ島 潤一"},
    {"オオノ タロウ", "サイトウ ミサキ", "ホンマ ジュンペイ", "ハットリ ユウコ",
        "イノウエ シンヤ", "ナンバ リュウ", "ジュンイチ カンベ",
        "スズキ ショウヘイ"},
    {"ｵｵﾉ ﾀﾛｳ", "ｻｲﾄｳ ﾐｻｷ", "ﾎﾝﾏ ｼﾞｭﾝﾍﾟｲ", "ﾊｯﾄﾘ ﾕｳｺ", "ｲﾉｳｴ ｼﾝﾔ", "ﾅﾝﾊﾞ ﾘｭｳ",
        "ｶﾝﾍﾞ ｼﾞｭﾝｲﾁ", "ｽｽﾞｷ ｼｮｳﾍｲ"},
    {"おおの たろう", "さいとう みさき", "ほんま じゅんぺい", "はっとり ゆうこ",
        "いのうえ しんや", "なんば りゅう", "かんべ じゅんいち",
        "すずき しょうへい"},
    {"Ōno Tarō", "SAITŌ Misaki", "Kōno Shūhei", "ŌTSUKA Ryūji", "Itō, Yūko",
        "Satō Jun'ichi", "Yūki Kyōko", "Gotō Shōhei"},
    {"SATO Syunsuke", "TUTIYA Ziro", "HUZITA Tiharu", "ONO Tetuya",
        "SIMIZU Syoko", "Tyo Zyunpei", "KATOU Sinya", "HUKUDA Tizuru"},
};

struct names {
	const char **s;
	size_t n;
};

/* The "name" of each line of @path, cycled to @want names. */
static void
from_feed(const char *path, size_t want, struct names *out)
{
	size_t len, cap = 0, nfeed;
	char *text = bh_slurp(path, &len), *line = text;
	char **got = NULL;

	nfeed = 0;
	while (*line != '\0') {
		char *nl = strchr(line, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - line) : strlen(line);
		json_error_t jerr;
		json_t *j, *s;

		if (ll > 0) {
			if ((j = json_loadb(line, ll, 0, &jerr)) == NULL)
				bh_die("bad feed line", path, jerr.text);
			s = json_object_get(j, "name");
			if (json_is_string(s)) {
				got =
				    bh_grow(got, &cap, nfeed + 1, sizeof(*got));
				if ((got[nfeed] = strdup(
				         json_string_value(s))) == NULL)
					bh_die("out of memory", NULL, NULL);
				nfeed++;
			}
			json_decref(j);
		}
		line += ll + (nl != NULL);
	}
	free(text);
	if (nfeed == 0)
		bh_die("no \"name\" in the feed", path, NULL);
	out->s = bh_alloc(want * sizeof(*out->s));
	for (size_t i = 0; i < want; i++)
		out->s[i] = got[i % nfeed];
	out->n = want;
	(void)fprintf(stderr,
	    "cvnorm: %zu names from %s (%zu feed lines with a name)\n", want,
	    path, nfeed);
}

/* The built-in list cycled to @want names; @script: one script only, or
 * NSCRIPTS for all in turn. */
static void
from_builtin(size_t want, int script, struct names *out)
{
	out->s = bh_alloc(want * sizeof(*out->s));
	for (size_t i = 0; i < want; i++) {
		if (script == NSCRIPTS)
			out->s[i] = builtin[i % NSCRIPTS][i / NSCRIPTS % 8];
		else
			out->s[i] = builtin[script][i % 8];
	}
	out->n = want;
}

static size_t sink; /* tokens and lengths seen: the work is not dead */

static double
pass_parse(const struct scs_namer *nm, const struct names *ns, size_t *empty)
{
	struct scs_name out;
	double t0 = bh_now();

	*empty = 0;
	for (size_t i = 0; i < ns->n; i++) {
		scs_name_parse(nm, ns->s[i], &out);
		sink += out.ntokens;
		*empty += out.ntokens == 0;
	}
	return bh_now() - t0;
}

static double
pass_nfkc(const UNormalizer2 *nfkc, const struct names *ns)
{
	UChar src[TEXT_MAX], nf[TEXT_MAX * 2];
	double t0 = bh_now();

	for (size_t i = 0; i < ns->n; i++) {
		UErrorCode st = U_ZERO_ERROR;
		size_t len = strlen(ns->s[i]);
		int32_t ulen = 0, nlen;

		u_strFromUTF8(src, TEXT_MAX, &ulen, ns->s[i], (int32_t)len,
		    &st);
		nlen = unorm2_normalize(nfkc, src, ulen, nf, TEXT_MAX * 2, &st);
		if (U_FAILURE(st))
			bh_die("ICU NFKC failed", u_errorName(st), NULL);
		sink += (size_t)nlen;
	}
	return bh_now() - t0;
}

struct timing {
	double *t;
	size_t n, cap;
	double total;
};

static void
add_time(struct timing *tm, double s)
{
	tm->t = bh_grow(tm->t, &tm->cap, tm->n + 1, sizeof(*tm->t));
	tm->t[tm->n++] = s;
	tm->total += s;
}

static void
result(const char *engine, const struct timing *tm, size_t names)
{
	double *v = bh_alloc(tm->n * sizeof(*v));
	double med;

	memcpy(v, tm->t, tm->n * sizeof(*v));
	med = bh_median(v, tm->n);
	(void)printf("RESULT engine=%s names=%zu passes=%zu seconds=%.3f "
	             "names_per_s=%.0f median_names_per_s=%.0f "
	             "ns_per_name=%.1f\n",
	    engine, names, tm->n, tm->total,
	    (double)names * (double)tm->n / tm->total, (double)names / med,
	    tm->total * 1e9 / ((double)names * (double)tm->n));
	free(v);
}

int
main(int argc, char **argv)
{
	const char *feed = argc > 1 ? argv[1] : NULL;
	size_t want = argc > 2 ? strtoul(argv[2], NULL, 10) : 200000;
	const char *secs_env = getenv("CVNORM_SECONDS");
	double secs = secs_env != NULL ? atof(secs_env) : 2.0;
	struct timing tp = {0}, tn = {0};
	struct scs_namer *nm = NULL;
	struct scs_err err;
	struct names ns;
	const UNormalizer2 *nfkc;
	UErrorCode st = U_ZERO_ERROR;
	size_t empty = 0;

	if (argc > 3 || want == 0 || want > 100000000)
		bh_die("usage: cvnorm [FEED.jsonl [NAMES]]", NULL, NULL);
	if (!(secs > 0))
		secs = 2.0;
	scs_err_clear(&err);
	if (scs_namer_default(&nm, &err) != SCS_OK)
		bh_die("scs_namer_default failed", err.field, err.reason);
	nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st))
		bh_die("no NFKC instance", u_errorName(st), NULL);
	if (feed != NULL)
		from_feed(feed, want, &ns);
	else
		from_builtin(want, NSCRIPTS, &ns);

	/* one untimed pass of each: the pages and ICU's data warm */
	(void)pass_parse(nm, &ns, &empty);
	(void)pass_nfkc(nfkc, &ns);
	while (tp.n < 3 || tn.n < 3 || tp.total < secs || tn.total < secs) {
		if (tp.n < 3 || tp.total < secs)
			add_time(&tp, pass_parse(nm, &ns, &empty));
		if (tn.n < 3 || tn.total < secs)
			add_time(&tn, pass_nfkc(nfkc, &ns));
	}
	result("name-parse", &tp, ns.n);
	result("icu-nfkc", &tn, ns.n);
	(void)printf("RESULT engine=cvnorm source=%s names=%zu no_tokens=%zu "
	             "parse_over_nfkc=%.2f namer=\"%s\"\n",
	    feed != NULL ? "feed" : "builtin", ns.n, empty,
	    (tp.total / (double)tp.n) / (tn.total / (double)tn.n),
	    scs_namer_version(nm));
	free(ns.s);

	if (feed == NULL) {
		for (int s = 0; s < NSCRIPTS; s++) {
			struct timing ts = {0};
			char engine[64];

			from_builtin(want, s, &ns);
			(void)pass_parse(nm, &ns, &empty);
			while (ts.n < 3 || ts.total < secs * 0.15)
				add_time(&ts, pass_parse(nm, &ns, &empty));
			(void)snprintf(engine, sizeof(engine), "name-parse-%s",
			    script_name[s]);
			result(engine, &ts, ns.n);
			free(ts.t);
			free(ns.s);
		}
	}
	(void)fprintf(stderr, "cvnorm: checksum %zu\n", sink);
	free(tp.t);
	free(tn.t);
	scs_namer_free(nm);
	return 0;
}
