/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cvgen.c - the deterministic generator of the continuous-vetting
 * benchmark: a synthetic register, a feed of adverse records (police,
 * courts, immigration, credit, the financial regulator) some of which are
 * the register's persons written the way real records write Japanese
 * names, and the exact truth of which record is whom.  `scs cv match
 * FEED` is scored against the truth by bench/cv_score.js.
 *
 *   cvgen [-R REPO] PERSONS RECORDS SEED OUTDIR [MATCH_PERMILLE
 *         [NEAR_DOB_PERMILLE]]
 *
 * reads, under REPO (default .), bench/names/ja-surnames.csv (kanji,
 * kana, weight), bench/names/ja-given.csv (kanji, kana, sex, weight),
 * bench/names/latin-surnames.csv (name, country, weight),
 * bench/names/latin-given.csv (name, country, sex, weight; Latin names
 * in upper case or capitalized, Min-jun, whose capitals are kept) and
 * data/kanji-variants.csv (variant, standard), and writes three files.
 * A malformed line of a table ends it with "FILE:LINE: reason".
 *
 * OUTDIR/register.jsonl, for `scs import`: six organizations (mod, acme,
 * npa, meti, kurogane, tsukuba-ist), then each person p0000001... followed
 * by an active clearance valid 2025-01-01..2035-01-01 (JPN-SDS
 * TOKUTEI_HIMITSU, 30% JPN-CESI JUYO_KEIZAI_ANPO), so that every person is
 * enrolled.  90% of persons are Japanese: the family name is drawn by
 * weight from ja-surnames.csv (60%) or is a compound of two kanji elements
 * of the table elems[] below (40%: 中 ナカ + 島 シマ/ジマ, the second
 * element's voiced reading, rendaku, being a reading of its own; none
 * written like a surname of the table), which gives the long tail real
 * surnames have; the given name by weight from ja-given.csv (40%) or a
 * compound of two elements of gelems[] (60%: 健 ケン + 太 タ, 美 ミ + 咲
 * サキ; none written like a name of the table).  `name` is
 * "大野 太郎", `name_latin` "ONO Taro" (passport Hepburn: long O and U
 * dropped, but the ウ of ウエ kept, INOUE; ン as M before b, m, p; no
 * apostrophe), `name_kana` "オオノ タロウ" (80%), `name_passport` "ONO
 * TARO" (70%), `aliases` a former family name with the same given name,
 * in kanji (3% of Japanese persons).  10% are foreign: a surname of
 * latin-surnames.csv and a given name of its country, `name` "John SMITH",
 * `name_latin` "SMITH John", `name_passport` "SMITH JOHN" (30%), nationality
 * the surname's country.  Birth dates are uniform over 1950-01-01..2006-12-31;
 * 1% hold a second nationality.
 *
 * OUTDIR/feed.jsonl: RECORDS records {"id", "source", "type", "date",
 * "name", "name_latin"?, "name_kana"?, "birth_date"?, "nationality"?,
 * "summary"}, sources and types npa {arrest, charge}, court {conviction,
 * civil_judgment}, immigration {departure, entry}, credit {bankruptcy,
 * delinquent_debt}, fsa {disciplinary}, dates in 2026-01-01..2026-11-30.
 * MATCH_PERMILLE (default 50) per mille of the records are a register
 * person (uniform over persons); the rest are identities not in the
 * register.  Every record, match or not, is written with noise, each kind
 * drawn on its own at the rates P_* below: the script of `name` (kanji,
 * katakana, half-width katakana, hiragana or Latin); a Latin form with
 * long vowels as OH, OO, OU, as the kana has them or with a macron
 * (OHNO, OONO, OUNO, Ōno for ONO), Kunrei-shiki (SI TI TU HU ZI SYA TYA
 * ZYA), ン before b/m/p as N (KANBE), ン before a vowel or y with an
 * apostrophe (JUN'ICHI), four cases (ONO Taro, Ono Taro, ono taro, ONO
 * TARO), the given name first (Taro ONO) or a comma (ONO, Taro); a kanji
 * of the name replaced by a variant or a variant by its standard (髙/高,
 * data/kanji-variants.csv), no space or an ideographic space between
 * kanji family and given names; `name_latin` beside a kanji name,
 * `name_kana` beside a kanji or Latin name; the person's former family
 * name (matches); a birth date with one digit changed (a valid date), day
 * and month swapped (matches) or missing (all); `nationality` in half of
 * them.  Foreign names: Latin only (no katakana), with a hyphen or
 * apostrophe dropped, case and order.
 *
 * The non-matches: 60% random identities; 10% namesakes (a person's name,
 * another birth date: NEAR_DOB_PERMILLE per mille of them one digit away,
 * default none); 10% homophones (a
 * person's given name with a family name of the same passport romaji but
 * other kanji, 小野 オノ for 大野 オオノ, another birth date); 10%
 * look-alikes (a person's given name and birth date with a family name one
 * kana or one letter away whose romaji differs, SAITO for SATO); 10% with a
 * person's family name and birth date and another given name (a class
 * with no candidate after 64 persons tried gives a random identity).  The
 * truth is exact: the generator keeps a hash set of every identity of the
 * register (persons and their aliases) under three keys, (kanji with
 * variants normalized, kanji given, birth date), (family kana, given
 * kana, birth date) and (passport romaji family, given, birth date); for
 * foreign persons (FAMILY, GIVEN, birth date) in letters only.  A person
 * or a non-match whose identity hits one is drawn again, a match's noisy
 * birth date that hits one is left exact: so no two persons of the
 * register share an identity, no non-match is one of them, and a match
 * is nobody else's identity.
 *
 * OUTDIR/truth.jsonl: one line per record, {"record", "person" (or
 * null), "class" (match, random, namesake, homophone, lookalike,
 * othergiven), "noise" (the tags below that apply)}.  Tags: foreign;
 * katakana, halfwidth, hiragana, latin (the script of `name`; kanji has
 * none); longvowel, macron, kunrei, n_bmp, apostrophe, case, swap, comma,
 * punct (of `name` or `name_latin`, only when the rendering differs from
 * passport Hepburn, FAMILY Given); variant, nospace, ideospace;
 * with_latin, with_kana; alias; dob_digit, dob_swap, dob_missing,
 * dob_near (a namesake born one digit away).
 *
 * Every person derives from (SEED, index) through splitmix64 (a person
 * whose identity is taken draws again from the same stream, so a person
 * also depends on those before it), every record from (SEED, index) and
 * the register; integer arithmetic only; streaming writes; byte-identical
 * output for the same arguments and tables.  A summary goes to stderr.
 * 1,000,000 persons and 100,000 records take about 1.5 s and 100 MB.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "scs/time.h"

#define JSONL_PROG "cvgen"
#include "jsonl.h"
#include "splitmix.h"

#define DAY   86400LL
#define N(a)  (sizeof(a) / sizeof((a)[0]))
#define PM(x) (permille(r) < (x))

/* ---- rates, per mille ---- */

/* The register. */
#define P_FOREIGN          100 /* foreign persons */
#define P_COMPOUND         400 /* compound Japanese family names */
#define P_COMPOUND_GIVEN   600 /* compound Japanese given names */
#define P_NAME_KANA        800 /* name_kana present (Japanese) */
#define P_PASSPORT_JP      700 /* name_passport present (Japanese) */
#define P_PASSPORT_FOREIGN 300 /* name_passport present (foreign) */
#define P_HAS_ALIAS        30  /* a former family name (Japanese) */
#define P_DUAL             10  /* a second nationality */
#define P_CESI             300 /* the clearance is JPN-CESI, not JPN-SDS */

/* The script of a Japanese name in a record; the rest (370) is Latin. */
#define P_KANJI     400
#define P_KATAKANA  150
#define P_HALFWIDTH 50
#define P_HIRAGANA  30

/* A Latin rendering (`name`, or `name_latin` beside kanji).  Long vowels
 * (オオ, オウ, ウウ, ー): the rest (600) as the passport, dropped. */
#define P_LV_OH      100 /* OHNO, SATOH */
#define P_LV_OO      60  /* OONO, SATOO, YUUKO */
#define P_LV_OU      60  /* OUNO, SATOU */
#define P_LV_KANA    120 /* as the kana: OONO, SATOU, YUUKO */
#define P_LV_MACRON  60  /* Ōno, Satō, Yūko */
#define P_KUNREI     100 /* SI, TI, TU, HU, ZI, SYA, TYA, ZYA (SIMIZU) */
#define P_NBMP       300 /* ン before b, m, p as N: KANBE for KAMBE */
#define P_APOS       300 /* ン before a vowel or y: JUN'ICHI */
/* case: the rest (550) ONO Taro */
#define P_CASE_CAP   150 /* Ono Taro */
#define P_CASE_LOWER 100 /* ono taro */
#define P_CASE_UPPER 200 /* ONO TARO */
/* order: the rest (500) family first */
#define P_SWAP       400 /* Taro ONO */
#define P_COMMA      100 /* ONO, Taro */
#define P_PUNCT      500 /* foreign: a hyphen or apostrophe dropped */

/* A kanji name. */
#define P_VARIANT                                                              \
	100            /* one kanji to a variant, or a variant to its standard \
	                */
#define P_NOSPACE   50 /* 大野太郎 */
#define P_IDEOSPACE 50 /* 大野　太郎 */

#define P_WITH_LATIN  300 /* name_latin beside a kanji name */
#define P_WITH_KANA   200 /* name_kana beside a kanji or Latin name */
#define P_USE_ALIAS   300 /* a match under the former family name */
/* The birth date of a match: the rest (880) exact. */
#define P_DOB_DIGIT   40 /* one digit changed, still a date */
#define P_DOB_SWAP    20 /* day and month swapped (both <= 12, different) */
#define P_DOB_MISSING 60
#define P_NATIONALITY 500

/* The non-matches: the rest (600) random identities. */
#define P_NAMESAKE   100
#define P_HOMOPHONE  100
#define P_LOOKALIKE  100
#define P_OTHERGIVEN 100
/* Of namesakes, born one digit away: NEAR_DOB_PERMILLE, default 0 (a
 * namesake's birth date is another person's, drawn like any other).  A
 * stress setting: such records show the same evidence as a true match
 * with a one-digit typo, far more often than chance would give. */
static unsigned near_pm;

/* ---- stream kinds ---- */

enum { S_PERSON = 1, S_RECORD = 2 };

/* ---- small strings ---- */

#define NAMEMAX 512

struct sb {
	char b[NAMEMAX];
	size_t n;
};

static void
sb_put(struct sb *s, const char *p, size_t n)
{
	if (s->n + n >= NAMEMAX)
		die("a name is too long", NULL);
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static void
sb_s(struct sb *s, const char *p)
{
	sb_put(s, p, strlen(p));
}

static void
sb_clear(struct sb *s)
{
	s->n = 0;
	s->b[0] = '\0';
}

static void
sb_cp(struct sb *s, uint32_t c)
{
	char t[4];

	if (c < 0x80) {
		t[0] = (char)c;
		sb_put(s, t, 1);
	} else if (c < 0x800) {
		t[0] = (char)(0xC0 | c >> 6);
		t[1] = (char)(0x80 | (c & 0x3F));
		sb_put(s, t, 2);
	} else if (c < 0x10000) {
		t[0] = (char)(0xE0 | c >> 12);
		t[1] = (char)(0x80 | (c >> 6 & 0x3F));
		t[2] = (char)(0x80 | (c & 0x3F));
		sb_put(s, t, 3);
	} else {
		t[0] = (char)(0xF0 | c >> 18);
		t[1] = (char)(0x80 | (c >> 12 & 0x3F));
		t[2] = (char)(0x80 | (c >> 6 & 0x3F));
		t[3] = (char)(0x80 | (c & 0x3F));
		sb_put(s, t, 4);
	}
}

/* Code points of UTF-8 @s into @out (at most @max); the count, or -1 when
 * @s is not UTF-8 or longer. */
static int
u8_decode(const char *s, uint32_t *out, int max)
{
	const unsigned char *p = (const unsigned char *)s;
	int n = 0;

	while (*p != '\0') {
		uint32_t c = *p, min;
		int k, more;

		if (c < 0x80) {
			more = 0;
			min = 0;
		} else if ((c & 0xE0) == 0xC0) {
			c &= 0x1F;
			more = 1;
			min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			c &= 0x0F;
			more = 2;
			min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			c &= 0x07;
			more = 3;
			min = 0x10000;
		} else {
			return -1;
		}
		for (k = 1; k <= more; k++) {
			if ((p[k] & 0xC0) != 0x80)
				return -1;
			c = c << 6 | (p[k] & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c < 0xE000) ||
		    n == max)
			return -1;
		out[n++] = c;
		p += more + 1;
	}
	return n;
}

/* A string kept for the program's life. */
static const char *
keep(const char *s, size_t n)
{
	static char *p;
	static size_t left;
	char *d;

	if (n + 1 > left) {
		left = n + 1 > (1u << 20) ? n + 1 : (1u << 20);
		if ((p = malloc(left)) == NULL)
			die("out of memory", NULL);
	}
	d = p;
	memcpy(d, s, n);
	d[n] = '\0';
	p += n + 1;
	left -= n + 1;
	return d;
}

static void *
grow(void *p, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 256;
	if ((p = realloc(p, *cap * size)) == NULL)
		die("out of memory", NULL);
	return p;
}

/* ---- weighted draws ---- */

struct cdf {
	uint64_t *c; /* cumulative weights */
	uint32_t *v; /* the values drawn */
	uint32_t n;
	size_t cap, vcap;
};

static void
cdf_add(struct cdf *d, uint32_t v, uint64_t w)
{
	d->c = grow(d->c, &d->cap, d->n, sizeof(*d->c));
	d->v = grow(d->v, &d->vcap, d->n, sizeof(*d->v));
	d->c[d->n] = (d->n ? d->c[d->n - 1] : 0) + w;
	d->v[d->n++] = v;
}

static uint32_t
cdf_draw(const struct cdf *d, struct rng *r)
{
	uint64_t u = next64(r) % d->c[d->n - 1];
	uint32_t lo = 0, hi = d->n - 1;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (d->c[mid] > u)
			hi = mid;
		else
			lo = mid + 1;
	}
	return d->v[lo];
}

static int
cdf_ok(const struct cdf *d)
{
	return d->n > 0 && d->c[d->n - 1] > 0;
}

/* ---- the tables ---- */

#define CSV_MAXF 16

struct csv {
	char path[4096];
	char *buf, *p;
	unsigned line;
	int map[6]; /* wanted column k is field map[k] */
	int nwant, need;
	char *v[6]; /* the wanted fields of the current row */
};

static void
csv_fail(const struct csv *c, const char *what)
{
	fprintf(stderr, "cvgen: %s:%u: %s\n", c->path, c->line, what);
	exit(1);
}

/* The next line's fields (empty lines and # comments skipped); the
 * count, 0 at the end. */
static int
csv_split(struct csv *c, char **f)
{
	for (;;) {
		char *s = c->p, *e, end;
		int n = 0;

		if (*s == '\0')
			return 0;
		if ((e = strchr(s, '\n')) != NULL) {
			*e = '\0';
			c->p = e + 1;
		} else {
			e = s + strlen(s);
			c->p = e;
		}
		c->line++;
		if (e > s && e[-1] == '\r')
			e[-1] = '\0';
		if (*s == '\0' || *s == '#')
			continue;
		for (;;) {
			char *d = s;

			if (n == CSV_MAXF)
				csv_fail(c, "more than 16 fields");
			f[n++] = s;
			if (*s == '"') {
				for (s++;; s++) {
					if (*s == '\0')
						csv_fail(c,
						    "a quote is not closed");
					if (*s == '"' && s[1] != '"')
						break;
					if (*s == '"')
						s++;
					*d++ = *s;
				}
				s++;
				if (*s != ',' && *s != '\0')
					csv_fail(c,
					    "text after a closing quote");
			} else {
				s += strcspn(s, ",");
				d = s;
			}
			end = *s;
			*d = '\0';
			if (end != ',')
				return n;
			s++;
		}
	}
}

/* Opens REPO/@rel and reads its header, which must name the @nwant
 * columns @want (in any order, among others). */
static void
csv_open(struct csv *c, const char *repo, const char *rel,
    const char *const *want, int nwant)
{
	char *f[CSV_MAXF];
	size_t n = 0, cap = 0;
	FILE *fp;
	int nf, k, i;

	memset(c, 0, sizeof(*c));
	if (snprintf(c->path, sizeof(c->path), "%s/%s", repo, rel) >=
	    (int)sizeof(c->path))
		die("path too long", repo);
	if ((fp = fopen(c->path, "rb")) == NULL)
		die(c->path, strerror(errno));
	c->buf = NULL;
	for (;;) {
		size_t got;

		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 1u << 20;
			if ((c->buf = realloc(c->buf, cap)) == NULL)
				die("out of memory", NULL);
		}
		got = fread(c->buf + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(fp))
		die(c->path, strerror(errno));
	fclose(fp);
	c->buf[n] = '\0';
	if (strlen(c->buf) != n)
		die(c->path, "holds a NUL byte");
	c->p = c->buf;
	if (n >= 3 && memcmp(c->p, "\xEF\xBB\xBF", 3) == 0)
		c->p += 3; /* a byte order mark */
	c->line = 0;
	c->nwant = nwant;
	c->need = 0;
	if ((nf = csv_split(c, f)) == 0)
		csv_fail(c, "no header");
	for (k = 0; k < nwant; k++) {
		for (i = 0; i < nf && strcmp(f[i], want[k]) != 0; i++)
			;
		if (i == nf) {
			char msg[128];

			snprintf(msg, sizeof(msg),
			    "the header has no column %s", want[k]);
			csv_fail(c, msg);
		}
		c->map[k] = i;
		if (i + 1 > c->need)
			c->need = i + 1;
	}
}

/* The next row into c->v; 0 at the end. */
static int
csv_row(struct csv *c)
{
	char *f[CSV_MAXF];
	int nf = csv_split(c, f), k;

	if (nf == 0)
		return 0;
	if (nf < c->need)
		csv_fail(c, "fewer fields than the header");
	for (k = 0; k < c->nwant; k++)
		c->v[k] = f[c->map[k]];
	return 1;
}

static uint32_t
csv_weight(const struct csv *c, const char *s)
{
	uint64_t v = 0;

	if (*s == '\0')
		csv_fail(c, "weight: empty");
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			csv_fail(c, "weight: not a whole number");
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > 1000000000)
			csv_fail(c, "weight: more than 1000000000");
	}
	return (uint32_t)v;
}

/* Full-width katakana (U+30A1..U+30F6, ー), 1..24 of them. */
static void
csv_kana(const struct csv *c, const char *s)
{
	uint32_t k[24];
	int n = u8_decode(s, k, 24), i;

	if (n <= 0)
		csv_fail(c, "kana: empty, longer than 24 or not UTF-8");
	for (i = 0; i < n; i++)
		if ((k[i] < 0x30A1 || k[i] > 0x30F6) && k[i] != 0x30FC)
			csv_fail(c, "kana: not full-width katakana");
}

/* A name in native script: 1..64 bytes of UTF-8, no space, control,
 * quote or backslash. */
static void
csv_native(const struct csv *c, const char *s)
{
	uint32_t k[64];
	int n = u8_decode(s, k, 64), i;

	if (n <= 0 || strlen(s) > 64)
		csv_fail(c, "kanji: empty, longer than 64 bytes or not UTF-8");
	for (i = 0; i < n; i++)
		if (k[i] <= 0x20 || k[i] == 0x7F || k[i] == '"' ||
		    k[i] == '\\' || k[i] == ',' || k[i] == 0x3000)
			csv_fail(c,
			    "kanji: a space, control, comma, quote "
			    "or backslash");
}

/* A Latin name: A-Z, a-z, ', - and inner spaces, 1..40 bytes. */
static void
csv_latin(const struct csv *c, const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n > 40 || s[0] == ' ' || s[n - 1] == ' ')
		csv_fail(c, "name: empty, longer than 40 or spaced at an end");
	for (i = 0; i < n; i++)
		if (!(s[i] >= 'A' && s[i] <= 'Z') &&
		    !(s[i] >= 'a' && s[i] <= 'z') && s[i] != '\'' &&
		    s[i] != '-' && s[i] != ' ')
			csv_fail(c, "name: not A-Z, a-z, ', - or space");
}

static void
csv_country(const struct csv *c, const char *s)
{
	if (strlen(s) != 3 || s[0] < 'A' || s[0] > 'Z' || s[1] < 'A' ||
	    s[1] > 'Z' || s[2] < 'A' || s[2] > 'Z')
		csv_fail(c, "country: not an ISO 3166-1 alpha-3 code");
}

/* ---- kanji variants ---- */

struct vpair {
	uint32_t a, b;
};

static struct vpair *v_var; /* (variant, standard), by variant */
static struct vpair *v_std; /* (standard, variant), by standard */
static size_t nvar;

static int
vpair_cmp(const void *x, const void *y)
{
	const struct vpair *p = x, *q = y;

	if (p->a != q->a)
		return p->a < q->a ? -1 : 1;
	return p->b < q->b ? -1 : p->b > q->b;
}

/* The first pair of @t (sorted) whose a is @c, or nvar. */
static size_t
vfind(const struct vpair *t, uint32_t c)
{
	size_t lo = 0, hi = nvar;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t[mid].a < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nvar && t[lo].a == c ? lo : nvar;
}

static uint32_t
standard_of(uint32_t c)
{
	size_t i = vfind(v_var, c);

	return i < nvar ? v_var[i].b : c;
}

static void
load_variants(const char *repo)
{
	static const char *const want[] = {"variant", "standard"};
	struct csv c;
	size_t cap = 0, i;

	csv_open(&c, repo, "data/kanji-variants.csv", want, 2);
	while (csv_row(&c)) {
		uint32_t a[2], b[2];

		if (u8_decode(c.v[0], a, 2) != 1 ||
		    u8_decode(c.v[1], b, 2) != 1 || a[0] < 0x80 || b[0] < 0x80)
			csv_fail(&c, "not a pair of single characters");
		if (a[0] == b[0])
			csv_fail(&c, "a character is its own variant");
		v_var = grow(v_var, &cap, nvar, sizeof(*v_var));
		v_var[nvar].a = a[0];
		v_var[nvar++].b = b[0];
	}
	free(c.buf);
	if (nvar == 0)
		die(c.path, "no variants");
	qsort(v_var, nvar, sizeof(*v_var), vpair_cmp);
	if ((v_std = malloc(nvar * sizeof(*v_std))) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < nvar; i++) {
		v_std[i].a = v_var[i].b;
		v_std[i].b = v_var[i].a;
	}
	qsort(v_std, nvar, sizeof(*v_std), vpair_cmp);
}

/* @s with every variant replaced by its standard. */
static const char *
normalize(const char *s)
{
	uint32_t k[64];
	int n = u8_decode(s, k, 64), i;
	struct sb o;

	sb_clear(&o);
	for (i = 0; i < n; i++)
		sb_cp(&o, standard_of(k[i]));
	return strcmp(o.b, s) == 0 ? s : keep(o.b, o.n);
}

/* ---- katakana ---- */

#define KANA0 0x30A1u /* ァ */
#define KANAN 86      /* ..ヶ */
#define KA_U  0x30A6u /* ウ */
#define KA_E  0x30A8u /* エ */
#define KA_O  0x30AAu /* オ */
#define KA_TI 0x30C1u /* チ */
#define KA_RA 0x30E9u /* ラ */
#define CHOON 0x30FCu /* ー */

enum { K_PLAIN, K_SMALLV, K_SMALLY, K_SOKUON, K_N };

/* Each katakana: its consonant in Hepburn and in Kunrei-shiki, its vowel,
 * its half-width form and voicing mark (1 ﾞ, 2 ﾟ). */
static const struct kana {
	const char *hep, *kun;
	char vowel;
	unsigned char type;
	uint16_t half;
	unsigned char mark;
} kanatab[KANAN] = {
    {"", "", 'A', K_SMALLV, 0xFF67, 0},   /* ァ */
    {"", "", 'A', K_PLAIN, 0xFF71, 0},    /* ア */
    {"", "", 'I', K_SMALLV, 0xFF68, 0},   /* ィ */
    {"", "", 'I', K_PLAIN, 0xFF72, 0},    /* イ */
    {"", "", 'U', K_SMALLV, 0xFF69, 0},   /* ゥ */
    {"", "", 'U', K_PLAIN, 0xFF73, 0},    /* ウ */
    {"", "", 'E', K_SMALLV, 0xFF6A, 0},   /* ェ */
    {"", "", 'E', K_PLAIN, 0xFF74, 0},    /* エ */
    {"", "", 'O', K_SMALLV, 0xFF6B, 0},   /* ォ */
    {"", "", 'O', K_PLAIN, 0xFF75, 0},    /* オ */
    {"K", "K", 'A', K_PLAIN, 0xFF76, 0},  /* カ */
    {"G", "G", 'A', K_PLAIN, 0xFF76, 1},  /* ガ */
    {"K", "K", 'I', K_PLAIN, 0xFF77, 0},  /* キ */
    {"G", "G", 'I', K_PLAIN, 0xFF77, 1},  /* ギ */
    {"K", "K", 'U', K_PLAIN, 0xFF78, 0},  /* ク */
    {"G", "G", 'U', K_PLAIN, 0xFF78, 1},  /* グ */
    {"K", "K", 'E', K_PLAIN, 0xFF79, 0},  /* ケ */
    {"G", "G", 'E', K_PLAIN, 0xFF79, 1},  /* ゲ */
    {"K", "K", 'O', K_PLAIN, 0xFF7A, 0},  /* コ */
    {"G", "G", 'O', K_PLAIN, 0xFF7A, 1},  /* ゴ */
    {"S", "S", 'A', K_PLAIN, 0xFF7B, 0},  /* サ */
    {"Z", "Z", 'A', K_PLAIN, 0xFF7B, 1},  /* ザ */
    {"SH", "S", 'I', K_PLAIN, 0xFF7C, 0}, /* シ */
    {"J", "Z", 'I', K_PLAIN, 0xFF7C, 1},  /* ジ */
    {"S", "S", 'U', K_PLAIN, 0xFF7D, 0},  /* ス */
    {"Z", "Z", 'U', K_PLAIN, 0xFF7D, 1},  /* ズ */
    {"S", "S", 'E', K_PLAIN, 0xFF7E, 0},  /* セ */
    {"Z", "Z", 'E', K_PLAIN, 0xFF7E, 1},  /* ゼ */
    {"S", "S", 'O', K_PLAIN, 0xFF7F, 0},  /* ソ */
    {"Z", "Z", 'O', K_PLAIN, 0xFF7F, 1},  /* ゾ */
    {"T", "T", 'A', K_PLAIN, 0xFF80, 0},  /* タ */
    {"D", "D", 'A', K_PLAIN, 0xFF80, 1},  /* ダ */
    {"CH", "T", 'I', K_PLAIN, 0xFF81, 0}, /* チ */
    {"J", "Z", 'I', K_PLAIN, 0xFF81, 1},  /* ヂ */
    {"", "", 0, K_SOKUON, 0xFF6F, 0},     /* ッ */
    {"TS", "T", 'U', K_PLAIN, 0xFF82, 0}, /* ツ */
    {"Z", "Z", 'U', K_PLAIN, 0xFF82, 1},  /* ヅ */
    {"T", "T", 'E', K_PLAIN, 0xFF83, 0},  /* テ */
    {"D", "D", 'E', K_PLAIN, 0xFF83, 1},  /* デ */
    {"T", "T", 'O', K_PLAIN, 0xFF84, 0},  /* ト */
    {"D", "D", 'O', K_PLAIN, 0xFF84, 1},  /* ド */
    {"N", "N", 'A', K_PLAIN, 0xFF85, 0},  /* ナ */
    {"N", "N", 'I', K_PLAIN, 0xFF86, 0},  /* ニ */
    {"N", "N", 'U', K_PLAIN, 0xFF87, 0},  /* ヌ */
    {"N", "N", 'E', K_PLAIN, 0xFF88, 0},  /* ネ */
    {"N", "N", 'O', K_PLAIN, 0xFF89, 0},  /* ノ */
    {"H", "H", 'A', K_PLAIN, 0xFF8A, 0},  /* ハ */
    {"B", "B", 'A', K_PLAIN, 0xFF8A, 1},  /* バ */
    {"P", "P", 'A', K_PLAIN, 0xFF8A, 2},  /* パ */
    {"H", "H", 'I', K_PLAIN, 0xFF8B, 0},  /* ヒ */
    {"B", "B", 'I', K_PLAIN, 0xFF8B, 1},  /* ビ */
    {"P", "P", 'I', K_PLAIN, 0xFF8B, 2},  /* ピ */
    {"F", "H", 'U', K_PLAIN, 0xFF8C, 0},  /* フ */
    {"B", "B", 'U', K_PLAIN, 0xFF8C, 1},  /* ブ */
    {"P", "P", 'U', K_PLAIN, 0xFF8C, 2},  /* プ */
    {"H", "H", 'E', K_PLAIN, 0xFF8D, 0},  /* ヘ */
    {"B", "B", 'E', K_PLAIN, 0xFF8D, 1},  /* ベ */
    {"P", "P", 'E', K_PLAIN, 0xFF8D, 2},  /* ペ */
    {"H", "H", 'O', K_PLAIN, 0xFF8E, 0},  /* ホ */
    {"B", "B", 'O', K_PLAIN, 0xFF8E, 1},  /* ボ */
    {"P", "P", 'O', K_PLAIN, 0xFF8E, 2},  /* ポ */
    {"M", "M", 'A', K_PLAIN, 0xFF8F, 0},  /* マ */
    {"M", "M", 'I', K_PLAIN, 0xFF90, 0},  /* ミ */
    {"M", "M", 'U', K_PLAIN, 0xFF91, 0},  /* ム */
    {"M", "M", 'E', K_PLAIN, 0xFF92, 0},  /* メ */
    {"M", "M", 'O', K_PLAIN, 0xFF93, 0},  /* モ */
    {"Y", "Y", 'A', K_SMALLY, 0xFF6C, 0}, /* ャ */
    {"Y", "Y", 'A', K_PLAIN, 0xFF94, 0},  /* ヤ */
    {"Y", "Y", 'U', K_SMALLY, 0xFF6D, 0}, /* ュ */
    {"Y", "Y", 'U', K_PLAIN, 0xFF95, 0},  /* ユ */
    {"Y", "Y", 'O', K_SMALLY, 0xFF6E, 0}, /* ョ */
    {"Y", "Y", 'O', K_PLAIN, 0xFF96, 0},  /* ヨ */
    {"R", "R", 'A', K_PLAIN, 0xFF97, 0},  /* ラ */
    {"R", "R", 'I', K_PLAIN, 0xFF98, 0},  /* リ */
    {"R", "R", 'U', K_PLAIN, 0xFF99, 0},  /* ル */
    {"R", "R", 'E', K_PLAIN, 0xFF9A, 0},  /* レ */
    {"R", "R", 'O', K_PLAIN, 0xFF9B, 0},  /* ロ */
    {"W", "W", 'A', K_PLAIN, 0xFF9C, 0},  /* ヮ */
    {"W", "W", 'A', K_PLAIN, 0xFF9C, 0},  /* ワ */
    {"", "", 'I', K_PLAIN, 0xFF72, 0},    /* ヰ */
    {"", "", 'E', K_PLAIN, 0xFF74, 0},    /* ヱ */
    {"", "", 'O', K_PLAIN, 0xFF66, 0},    /* ヲ */
    {"", "", 0, K_N, 0xFF9D, 0},          /* ン */
    {"V", "V", 'U', K_PLAIN, 0xFF73, 1},  /* ヴ */
    {"K", "K", 'A', K_PLAIN, 0xFF76, 0},  /* ヵ */
    {"K", "K", 'E', K_PLAIN, 0xFF79, 0},  /* ヶ */
};

static const struct kana *
kana_of(uint32_t c)
{
	return c >= KANA0 && c < KANA0 + KANAN ? &kanatab[c - KANA0] : NULL;
}

static int
kana_type(uint32_t c)
{
	const struct kana *t = kana_of(c);

	return t ? t->type : -1;
}

enum lv { LV_PASSPORT, LV_OH, LV_OO, LV_OU, LV_KANA, LV_MACRON };

struct romopt {
	enum lv lv;
	int kunrei, nbmp, apos;
};

static const struct romopt passport = {LV_PASSPORT, 0, 0, 0};

/* What a romanization did beyond passport Hepburn. */
#define RF_LONG   1u
#define RF_MACRON 2u
#define RF_KUNREI 4u
#define RF_NBMP   8u
#define RF_APOS   16u

/* A long O or U (its vowel @v, lengthened by the kana @lk). */
static const char *
long_form(enum lv lv, char v, uint32_t lk)
{
	switch (lv) {
	case LV_PASSPORT:
		return v == 'O' ? "O" : "U";
	case LV_OH:
		return v == 'O' ? "OH" : "U";
	case LV_OO:
		return v == 'O' ? "OO" : "UU";
	case LV_OU:
		return v == 'O' ? "OU" : "UU";
	case LV_KANA:
		return v == 'U' ? "UU" : lk == KA_U ? "OU" : "OO";
	case LV_MACRON:
		return v == 'O' ? "\xC5\x8C" : "\xC5\xAA"; /* Ō Ū */
	}
	return "";
}

/* Appends full-width katakana @kana to @out in upper-case Latin letters
 * (and Ō, Ū, '), by @ro; returns the RF_ flags of what differed from
 * passport Hepburn. */
static unsigned
romanize(const char *kana, const struct romopt *ro, struct sb *out)
{
	uint32_t k[64];
	int n = u8_decode(kana, k, 64), i = 0, sokuon = 0;
	unsigned fired = 0;

	while (i < n) {
		const struct kana *t = kana_of(k[i]), *x;
		char ch[4], ck[4], v;
		int j = i + 1;

		if (t == NULL) { /* ー after ン or ッ, or first */
			i++;
			continue;
		}
		if (t->type == K_SOKUON) {
			sokuon = 1;
			i++;
			continue;
		}
		if (t->type == K_N) {
			x = j < n ? kana_of(k[j]) : NULL;
			if (x != NULL && x->type == K_PLAIN &&
			    (x->hep[0] == 'B' || x->hep[0] == 'M' ||
			        x->hep[0] == 'P')) {
				if (ro->kunrei || ro->nbmp) {
					sb_s(out, "N");
					fired |= RF_NBMP;
				} else {
					sb_s(out, "M");
				}
			} else if (x != NULL && x->type == K_PLAIN &&
			    (x->hep[0] == '\0' || x->hep[0] == 'Y')) {
				sb_s(out, "N");
				if (ro->apos) {
					sb_s(out, "'");
					fired |= RF_APOS;
				}
			} else {
				sb_s(out, "N");
			}
			i++;
			continue;
		}
		snprintf(ch, sizeof(ch), "%s", t->hep);
		snprintf(ck, sizeof(ck), "%s", t->kun);
		v = t->vowel;
		if (t->type == K_PLAIN && j < n &&
		    kana_type(k[j]) == K_SMALLY && v == 'I' &&
		    ch[0] != '\0') { /* キャ, シュ, チョ */
			if (strcmp(ch, "SH") != 0 && strcmp(ch, "CH") != 0 &&
			    strcmp(ch, "J") != 0)
				snprintf(ch, sizeof(ch), "%sY", t->hep);
			snprintf(ck, sizeof(ck), "%sY", t->kun);
			v = kana_of(k[j++])->vowel;
		} else if (t->type == K_PLAIN && j < n &&
		    kana_type(k[j]) == K_SMALLV) { /* ファ, ティ, ウィ */
			if (ch[0] == '\0')
				snprintf(ch, sizeof(ch), "%s",
				    v == 'U'       ? "W"
				        : v == 'I' ? "Y"
				                   : "");
			snprintf(ck, sizeof(ck), "%s", ch);
			v = kana_of(k[j++])->vowel;
		}
		if (sokuon && ch[0] != '\0') {
			char c1 = ro->kunrei ? ck[0]
			    : ch[0] == 'C'   ? 'T'
			                     : ch[0];

			sb_put(out, &c1, 1);
		}
		sokuon = 0;
		if (ro->kunrei && strcmp(ck, ch) != 0) {
			sb_s(out, ck);
			fired |= RF_KUNREI;
		} else {
			sb_s(out, ch);
		}
		/* a long vowel, but not the ウ that begins 上 ウエ (井上
		 * イノウエ, INOUE), nor 浦 ウラ or 内 ウチ after a plain U
		 * (松浦 マツウラ, MATSUURA; but リュウ, ユウ), nor one before
		 * a small kana (ウィ) */
		if ((v == 'O' || v == 'U') && j < n &&
		    (k[j] == KA_U || (v == 'O' && k[j] == KA_O) ||
		        k[j] == CHOON) &&
		    !(k[j] == KA_U && j + 1 < n &&
		        (k[j + 1] == KA_E ||
		            (v == 'U' && j == i + 1 && ch[0] != 'Y' &&
		                (k[j + 1] == KA_RA || k[j + 1] == KA_TI)))) &&
		    !(j + 1 < n &&
		        (kana_type(k[j + 1]) == K_SMALLV ||
		            kana_type(k[j + 1]) == K_SMALLY))) {
			const char *f = long_form(ro->lv, v, k[j]);

			if (strcmp(f, long_form(LV_PASSPORT, v, k[j])) != 0)
				fired |=
				    ro->lv == LV_MACRON ? RF_MACRON : RF_LONG;
			sb_s(out, f);
			j++;
		} else {
			sb_put(out, &v, 1);
		}
		i = j;
	}
	return fired;
}

enum { SC_KATAKANA, SC_HIRAGANA, SC_HALFWIDTH };

/* Appends katakana @kana in @script. */
static void
kana_script(struct sb *out, const char *kana, int script)
{
	uint32_t k[64];
	int n = u8_decode(kana, k, 64), i;

	for (i = 0; i < n; i++) {
		const struct kana *t = kana_of(k[i]);

		if (script == SC_KATAKANA || t == NULL) {
			sb_cp(out,
			    t == NULL && script == SC_HALFWIDTH && k[i] == CHOON
			        ? 0xFF70
			        : k[i]);
		} else if (script == SC_HIRAGANA) {
			sb_cp(out, k[i] - 0x60);
		} else {
			sb_cp(out, t->half);
			if (t->mark)
				sb_cp(out, t->mark == 1 ? 0xFF9E : 0xFF9F);
		}
	}
}

/* ---- Latin case and order ---- */

enum { W_UPPER, W_LOWER, W_CAP };

static uint32_t
cp_upper(uint32_t c)
{
	if (c >= 'a' && c <= 'z')
		return c - 32;
	return c == 0x14D || c == 0x16B ? c - 1 : c;
}

static uint32_t
cp_lower(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	return c == 0x14C || c == 0x16A ? c + 1 : c;
}

/* Appends the name @w in @mode (another mode: as it is); W_CAP makes a
 * capital of the first letter, of one after a hyphen or a space, and of
 * one after an apostrophe that is the second character (O'Brien, not
 * Jun'Ichi). */
static void
word(struct sb *out, const char *w, int mode)
{
	uint32_t k[64];
	int n = u8_decode(w, k, 64), i;

	for (i = 0; i < n; i++) {
		int up = mode == W_UPPER;

		if (mode != W_UPPER && mode != W_LOWER && mode != W_CAP) {
			sb_cp(out, k[i]);
			continue;
		}
		if (mode == W_CAP)
			up = i == 0 || k[i - 1] == '-' || k[i - 1] == ' ' ||
			    (i == 2 && k[1] == '\'');
		sb_cp(out, up ? cp_upper(k[i]) : cp_lower(k[i]));
	}
}

enum { CASE_STD, CASE_CAP, CASE_LOWER, CASE_UPPER };
enum { ORD_FG, ORD_GF, ORD_COMMA };

/* "FAMILY Given" and its variants; @given_cap, if not NULL, is the given
 * name as capitalized by the table (Min-jun, not Min-Jun). */
static void
compose(struct sb *out, const char *fam, const char *given,
    const char *given_cap, int cas, int ord)
{
	int fm = cas == CASE_STD || cas == CASE_UPPER ? W_UPPER
	    : cas == CASE_LOWER                       ? W_LOWER
	                                              : W_CAP;
	int gm = cas == CASE_UPPER ? W_UPPER
	    : cas == CASE_LOWER    ? W_LOWER
	                           : W_CAP;

	if (gm == W_CAP && given_cap != NULL) {
		given = given_cap;
		gm = -1; /* as it is */
	}
	if (ord == ORD_GF) {
		word(out, given, gm);
		sb_s(out, " ");
		word(out, fam, fm);
	} else {
		word(out, fam, fm);
		sb_s(out, ord == ORD_COMMA ? ", " : " ");
		word(out, given, gm);
	}
}

/* ---- names ---- */

struct jname {
	const char *kanji; /* as written */
	const char *norm;  /* variants replaced by their standards */
	const char *kana;  /* full-width katakana */
	const char *roma;  /* passport Hepburn, upper case */
};

struct lname {
	const char *name;    /* upper case */
	const char *cap;     /* capitalized: as the table has it, if it does */
	const char *key;     /* its letters only */
	const char *country; /* ISO 3166-1 alpha-3 */
	uint32_t ci;         /* index of the country in lcountry[] */
};

/* Japanese family names: the table's, then every compound of elems[]. */
static struct jname *jsur;
static uint32_t njsur, njtable;
static size_t jsurcap;
static struct cdf cdf_table, cdf_compound;
static struct jname *jgiv;
static uint32_t njgiv, njgtable;
static struct cdf cdf_jgiv, cdf_gcompound;
static struct lname *lsur, *lgiv;
static uint32_t nlsur, nlgiv;
static struct cdf cdf_lsur;
static struct {
	const char *code;
	struct cdf given;
} * lcountry;
static uint32_t nlcountry;
static struct cdf cdf_lgiv_all;

/* Elements of compound family names: kanji, reading, where it may stand
 * (EF first, ES second) and a weight.  A voiced reading of a second
 * element (川 ガワ, 崎 ザキ: rendaku) is a row of its own. */
#define EF 1
#define ES 2

static const struct elem {
	const char *kanji, *kana;
	unsigned char pos, w;
} elems[] = {
    {"中", "ナカ", EF | ES, 9},
    {"仲", "ナカ", EF, 2},
    {"山", "ヤマ", EF | ES, 9},
    {"川", "カワ", EF | ES, 8},
    {"川", "ガワ", ES, 5},
    {"河", "カワ", EF | ES, 2},
    {"河", "ガワ", ES, 1},
    {"田", "タ", EF | ES, 9},
    {"田", "ダ", ES, 6},
    {"多", "タ", EF, 1},
    {"島", "シマ", EF | ES, 6},
    {"島", "ジマ", ES, 4},
    {"崎", "サキ", ES, 5},
    {"崎", "ザキ", ES, 4},
    {"村", "ムラ", EF | ES, 7},
    {"井", "イ", EF | ES, 6},
    {"伊", "イ", EF, 2},
    {"野", "ノ", EF | ES, 8},
    {"原", "ハラ", EF | ES, 7},
    {"原", "ワラ", ES, 2},
    {"原", "バラ", ES, 2},
    {"本", "モト", EF | ES, 6},
    {"本", "ホン", EF, 2},
    {"元", "モト", EF | ES, 1},
    {"木", "キ", EF | ES, 6},
    {"木", "ギ", ES, 2},
    {"城", "シロ", EF, 1},
    {"城", "キ", ES, 1},
    {"松", "マツ", EF | ES, 6},
    {"石", "イシ", EF | ES, 6},
    {"高", "タカ", EF, 7},
    {"鷹", "タカ", EF, 1},
    {"西", "ニシ", EF | ES, 5},
    {"北", "キタ", EF | ES, 4},
    {"東", "ヒガシ", EF, 3},
    {"南", "ミナミ", EF, 2},
    {"岡", "オカ", EF | ES, 6},
    {"丘", "オカ", ES, 1},
    {"森", "モリ", EF | ES, 5},
    {"守", "モリ", ES, 1},
    {"宮", "ミヤ", EF | ES, 5},
    {"長", "ナガ", EF, 5},
    {"永", "ナガ", EF, 2},
    {"浜", "ハマ", EF | ES, 4},
    {"上", "ウエ", EF, 4},
    {"上", "カミ", EF | ES, 5},
    {"上", "ガミ", ES, 1},
    {"神", "カミ", EF, 2},
    {"神", "カン", EF, 1},
    {"下", "シモ", EF, 4},
    {"下", "シタ", ES, 2},
    {"沢", "サワ", EF | ES, 5},
    {"沢", "ザワ", ES, 4},
    {"谷", "タニ", EF | ES, 5},
    {"谷", "ヤ", ES, 3},
    {"矢", "ヤ", EF | ES, 2},
    {"藤", "フジ", EF | ES, 6},
    {"藤", "トウ", ES, 4},
    {"藤", "ドウ", ES, 2},
    {"坂", "サカ", EF | ES, 5},
    {"坂", "ザカ", ES, 3},
    {"阪", "サカ", ES, 1},
    {"橋", "ハシ", EF | ES, 5},
    {"橋", "バシ", ES, 3},
    {"小", "コ", EF, 6},
    {"小", "オ", EF, 3},
    {"古", "コ", EF, 2},
    {"古", "フル", EF, 2},
    {"大", "オオ", EF, 7},
    {"福", "フク", EF, 4},
    {"吉", "ヨシ", EF, 5},
    {"良", "ヨシ", EF, 1},
    {"竹", "タケ", EF | ES, 4},
    {"武", "タケ", EF, 2},
    {"金", "カネ", EF, 3},
    {"岩", "イワ", EF, 4},
    {"内", "ウチ", EF | ES, 4},
    {"平", "ヒラ", EF | ES, 4},
    {"平", "ダイラ", ES, 1},
    {"千", "チ", EF, 3},
    {"知", "チ", EF, 1},
    {"江", "エ", EF | ES, 4},
    {"尾", "オ", EF | ES, 3},
    {"池", "イケ", EF | ES, 4},
    {"今", "イマ", EF, 3},
    {"新", "ニイ", EF, 2},
    {"新", "アラ", EF, 2},
    {"新", "シン", EF, 2},
    {"三", "ミ", EF, 3},
    {"三", "サン", EF, 1},
    {"若", "ワカ", EF, 2},
    {"青", "アオ", EF, 2},
    {"赤", "アカ", EF, 2},
    {"白", "シラ", EF, 2},
    {"黒", "クロ", EF, 2},
    {"前", "マエ", EF, 3},
    {"水", "ミズ", EF, 2},
    {"清", "キヨ", EF, 2},
    {"菊", "キク", EF, 2},
    {"杉", "スギ", EF | ES, 3},
    {"堀", "ホリ", EF | ES, 3},
    {"久", "ク", EF, 2},
    {"安", "ヤス", EF, 2},
    {"菅", "スガ", EF, 2},
    {"難", "ナン", EF, 1},
    {"丹", "タン", EF, 1},
    {"服", "ハッ", EF, 1},
    {"部", "ベ", ES, 3},
    {"辺", "ベ", ES, 1},
    {"口", "グチ", ES, 4},
    {"口", "クチ", ES, 2},
    {"瀬", "セ", ES, 3},
    {"津", "ツ", ES, 2},
    {"戸", "ト", ES, 2},
    {"戸", "ド", ES, 2},
    {"倉", "クラ", EF | ES, 3},
    {"倉", "グラ", ES, 1},
    {"林", "ハヤシ", ES, 3},
    {"林", "バヤシ", ES, 3},
    {"塚", "ツカ", ES, 3},
    {"塚", "ヅカ", ES, 2},
    {"園", "ゾノ", ES, 2},
    {"畑", "ハタ", ES, 2},
    {"畑", "バタ", ES, 2},
    {"場", "バ", ES, 3},
    {"波", "バ", ES, 1},
    {"間", "マ", ES, 2},
    {"根", "ネ", ES, 3},
    {"屋", "ヤ", ES, 1},
    {"見", "ミ", ES, 2},
    {"葉", "バ", ES, 1},
    {"地", "チ", ES, 1},
    {"条", "ジョウ", ES, 1},
    {"住", "ズミ", ES, 1},
};

/* Elements of compound given names (60% of Japanese persons; the rest
 * are drawn from ja-given.csv, which holds the common ones): a first
 * element and a second of the same sex (GM men, GW women), 健 ケン + 太
 * タ, 美 ミ + 咲 サキ, so that given names have a long tail as real
 * ones do (no two of the 488 names of the table are drawn as often as a
 * table of 488 would make them).  None written like a name of the table,
 * which has its real readings. */
#define GF 1
#define GS 2
#define GM 1
#define GW 2

static const struct gelem {
	const char *kanji, *kana;
	unsigned char pos, sex, w;
} gelems[] = {
    {"健", "ケン", GF, GM, 6},
    {"翔", "ショウ", GF, GM, 6},
    {"大", "ダイ", GF, GM, 5},
    {"悠", "ユウ", GF, GM | GW, 5},
    {"陽", "ハル", GF, GM | GW, 5},
    {"拓", "タク", GF, GM, 4},
    {"和", "カズ", GF, GM | GW, 5},
    {"直", "ナオ", GF, GM | GW, 4},
    {"秀", "ヒデ", GF, GM, 4},
    {"雅", "マサ", GF, GM, 5},
    {"正", "マサ", GF, GM, 4},
    {"智", "トモ", GF, GM | GW, 4},
    {"浩", "ヒロ", GF, GM, 4},
    {"康", "ヤス", GF, GM, 3},
    {"隆", "タカ", GF, GM, 4},
    {"光", "ミツ", GF, GM, 3},
    {"信", "ノブ", GF, GM, 3},
    {"英", "ヒデ", GF, GM, 3},
    {"克", "カツ", GF, GM, 2},
    {"俊", "トシ", GF, GM, 3},
    {"幸", "ユキ", GF, GM | GW, 3},
    {"義", "ヨシ", GF, GM, 3},
    {"勝", "カツ", GF, GM, 2},
    {"優", "ユウ", GF, GM | GW, 4},
    {"純", "ジュン", GF, GM | GW, 3},
    {"慎", "シン", GF, GM, 3},
    {"真", "シン", GF, GM, 2},
    {"達", "タツ", GF, GM, 2},
    {"亮", "リョウ", GF, GM, 3},
    {"龍", "リュウ", GF, GM, 2},
    {"修", "シュウ", GF, GM, 2},
    {"博", "ヒロ", GF, GM, 3},
    {"孝", "タカ", GF, GM, 3},
    {"貴", "タカ", GF, GM, 2},
    {"恭", "キョウ", GF, GM | GW, 2},
    {"啓", "ケイ", GF, GM | GW, 2},
    {"賢", "ケン", GF, GM, 2},
    {"耕", "コウ", GF, GM, 2},
    {"航", "コウ", GF, GM, 2},
    {"剛", "ゴウ", GF, GM, 1},
    {"誠", "セイ", GF, GM, 2},
    {"哲", "テツ", GF, GM, 2},
    {"奏", "ソウ", GF, GM | GW, 2},
    {"蒼", "ソウ", GF, GM, 2},
    {"瑛", "エイ", GF, GM, 1},
    {"泰", "タイ", GF, GM, 1},
    {"新", "シン", GF, GM, 1},
    {"順", "ジュン", GF, GM, 1},
    {"美", "ミ", GF, GW, 6},
    {"愛", "アイ", GF, GW, 4},
    {"彩", "アヤ", GF, GW, 4},
    {"真", "マ", GF, GW, 4},
    {"由", "ユ", GF, GW, 4},
    {"奈", "ナ", GF, GW, 3},
    {"佳", "カ", GF, GW, 3},
    {"千", "チ", GF, GW, 3},
    {"春", "ハル", GF, GW, 3},
    {"夏", "ナツ", GF, GW, 3},
    {"秋", "アキ", GF, GW, 2},
    {"桃", "モモ", GF, GW, 2},
    {"菜", "ナ", GF, GW, 2},
    {"沙", "サ", GF, GW, 3},
    {"紗", "サ", GF, GW, 2},
    {"早", "サ", GF, GW, 2},
    {"咲", "サキ", GF, GW, 3},
    {"里", "リ", GF, GW, 2},
    {"莉", "リ", GF, GW, 2},
    {"理", "リ", GF, GW, 3},
    {"麻", "マ", GF, GW, 2},
    {"亜", "ア", GF, GW, 2},
    {"明", "アキ", GF, GM | GW, 3},
    {"結", "ユイ", GF, GW, 2},
    {"小", "コ", GF, GW, 1},
    {"友", "トモ", GF, GM | GW, 2},
    {"久", "ヒサ", GF, GM | GW, 2},
    {"瑞", "ミズ", GF, GW, 1},
    {"杏", "アン", GF, GW, 2},
    {"万", "マン", GF, GM, 1},
    {"一", "イチ", GS, GM, 8},
    {"太", "タ", GS, GM, 7},
    {"介", "スケ", GS, GM, 5},
    {"也", "ヤ", GS, GM, 5},
    {"哉", "ヤ", GS, GM, 2},
    {"人", "ト", GS, GM, 5},
    {"斗", "ト", GS, GM, 4},
    {"樹", "キ", GS, GM, 3},
    {"郎", "ロウ", GS, GM, 5},
    {"朗", "ロウ", GS, GM, 2},
    {"平", "ヘイ", GS, GM, 4},
    {"輔", "スケ", GS, GM, 3},
    {"彦", "ヒコ", GS, GM, 3},
    {"夫", "オ", GS, GM, 4},
    {"雄", "オ", GS, GM, 3},
    {"二", "ジ", GS, GM, 4},
    {"治", "ジ", GS, GM, 3},
    {"司", "ジ", GS, GM, 2},
    {"史", "シ", GS, GM, 3},
    {"志", "シ", GS, GM, 2},
    {"吾", "ゴ", GS, GM, 2},
    {"悟", "ゴ", GS, GM, 1},
    {"馬", "マ", GS, GM, 1},
    {"磨", "マ", GS, GM, 1},
    {"央", "オウ", GS, GM, 1},
    {"子", "コ", GS, GW, 8},
    {"美", "ミ", GS, GW, 6},
    {"実", "ミ", GS, GW, 2},
    {"香", "カ", GS, GW, 5},
    {"佳", "カ", GS, GW, 3},
    {"華", "カ", GS, GW, 2},
    {"花", "カ", GS, GW, 3},
    {"奈", "ナ", GS, GW, 5},
    {"菜", "ナ", GS, GW, 4},
    {"恵", "エ", GS, GW, 4},
    {"江", "エ", GS, GW, 3},
    {"絵", "エ", GS, GW, 3},
    {"代", "ヨ", GS, GW, 3},
    {"世", "ヨ", GS, GW, 2},
    {"里", "リ", GS, GW, 4},
    {"莉", "リ", GS, GW, 2},
    {"乃", "ノ", GS, GW, 3},
    {"穂", "ホ", GS, GW, 3},
    {"帆", "ホ", GS, GW, 2},
    {"希", "キ", GS, GW, 3},
    {"音", "ネ", GS, GW, 2},
    {"衣", "イ", GS, GW, 2},
    {"依", "イ", GS, GW, 1},
    {"葉", "ハ", GS, GW, 2},
    {"咲", "サキ", GS, GW, 2},
};

/* The passport Hepburn of @kana, kept. */
static const char *
roma_of(const char *kana)
{
	struct sb o;

	sb_clear(&o);
	(void)romanize(kana, &passport, &o);
	return keep(o.b, o.n);
}

static uint32_t
jsur_add(const char *kanji, const char *kana)
{
	struct jname *j;

	jsur = grow(jsur, &jsurcap, njsur, sizeof(*jsur));
	j = &jsur[njsur];
	j->kanji = kanji;
	j->norm = normalize(kanji);
	j->kana = kana;
	j->roma = roma_of(kana);
	return njsur++;
}

static const char *
letters(const char *s)
{
	char t[64];
	size_t n = 0;

	for (; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			t[n++] = *s;
	return keep(t, n);
}

static int
str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Latin name @s of the table into @l: upper case, and capitalized as
 * the table has it when it has a lower-case letter. */
static void
lname_set(struct lname *l, const char *s)
{
	struct sb u, cp;

	sb_clear(&u);
	word(&u, s, W_UPPER);
	l->name = keep(u.b, u.n);
	l->key = letters(l->name);
	if (strpbrk(s, "abcdefghijklmnopqrstuvwxyz") != NULL) {
		l->cap = keep(s, strlen(s));
	} else {
		sb_clear(&cp);
		word(&cp, s, W_CAP);
		l->cap = keep(cp.b, cp.n);
	}
}

static void
load_names(const char *repo)
{
	static const char *const w_js[] = {"kanji", "kana", "weight"};
	static const char *const w_jg[] = {"kanji", "kana", "sex", "weight"};
	static const char *const w_ls[] = {"name", "country", "weight"};
	static const char *const w_lg[] = {"name", "country", "sex", "weight"};
	struct csv c;
	size_t cap = 0, lscap = 0, lgcap = 0, cc = 0, ntable;
	const char **byk, *kp;
	uint32_t i, j, w;

	csv_open(&c, repo, "bench/names/ja-surnames.csv", w_js, 3);
	while (csv_row(&c)) {
		csv_native(&c, c.v[0]);
		csv_kana(&c, c.v[1]);
		w = csv_weight(&c, c.v[2]);
		i = jsur_add(keep(c.v[0], strlen(c.v[0])),
		    keep(c.v[1], strlen(c.v[1])));
		if (jsur[i].roma[0] == '\0')
			csv_fail(&c, "kana: no romaji");
		cdf_add(&cdf_table, i, w);
	}
	free(c.buf);
	njtable = njsur;
	if (!cdf_ok(&cdf_table))
		die(c.path, "no surname of weight > 0");

	/* the compounds, but none written as a surname of the table (which
	 * has its real readings) */
	if ((byk = malloc(njtable * sizeof(*byk))) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < njtable; i++)
		byk[i] = jsur[i].kanji;
	qsort(byk, njtable, sizeof(*byk), str_cmp);
	for (i = 0; i < N(elems); i++) {
		if (!(elems[i].pos & EF))
			continue;
		for (j = 0; j < N(elems); j++) {
			char kj[32], kn[64];

			if (!(elems[j].pos & ES) ||
			    strcmp(elems[i].kanji, elems[j].kanji) == 0)
				continue;
			snprintf(kj, sizeof(kj), "%s%s", elems[i].kanji,
			    elems[j].kanji);
			snprintf(kn, sizeof(kn), "%s%s", elems[i].kana,
			    elems[j].kana);
			kp = kj;
			if (bsearch(&kp, byk, njtable, sizeof(*byk), str_cmp))
				continue;
			cdf_add(&cdf_compound,
			    jsur_add(keep(kj, strlen(kj)),
			        keep(kn, strlen(kn))),
			    (uint64_t)elems[i].w * elems[j].w);
		}
	}
	free(byk);

	csv_open(&c, repo, "bench/names/ja-given.csv", w_jg, 4);
	while (csv_row(&c)) {
		struct jname *g;

		csv_native(&c, c.v[0]);
		csv_kana(&c, c.v[1]);
		w = csv_weight(&c, c.v[3]);
		jgiv = grow(jgiv, &cap, njgiv, sizeof(*jgiv));
		g = &jgiv[njgiv];
		g->kanji = keep(c.v[0], strlen(c.v[0]));
		g->norm = normalize(g->kanji);
		g->kana = keep(c.v[1], strlen(c.v[1]));
		g->roma = roma_of(g->kana);
		if (g->roma[0] == '\0')
			csv_fail(&c, "kana: no romaji");
		cdf_add(&cdf_jgiv, njgiv++, w);
	}
	free(c.buf);
	if (!cdf_ok(&cdf_jgiv))
		die(c.path, "no given name of weight > 0");

	/* the compound given names, none written as a name of the table */
	ntable = njgtable = njgiv;
	if ((byk = malloc(ntable * sizeof(*byk))) == NULL)
		die("out of memory", NULL);
	for (i = 0; i < ntable; i++)
		byk[i] = jgiv[i].kanji;
	qsort(byk, ntable, sizeof(*byk), str_cmp);
	for (i = 0; i < N(gelems); i++) {
		if (gelems[i].pos != GF)
			continue;
		for (j = 0; j < N(gelems); j++) {
			char kj[32], kn[64];
			struct jname *g;

			if (gelems[j].pos != GS ||
			    !(gelems[i].sex & gelems[j].sex) ||
			    strcmp(gelems[i].kanji, gelems[j].kanji) == 0)
				continue;
			snprintf(kj, sizeof(kj), "%s%s", gelems[i].kanji,
			    gelems[j].kanji);
			snprintf(kn, sizeof(kn), "%s%s", gelems[i].kana,
			    gelems[j].kana);
			kp = kj;
			if (bsearch(&kp, byk, ntable, sizeof(*byk), str_cmp))
				continue;
			jgiv = grow(jgiv, &cap, njgiv, sizeof(*jgiv));
			g = &jgiv[njgiv];
			g->kanji = keep(kj, strlen(kj));
			g->norm = normalize(g->kanji);
			g->kana = keep(kn, strlen(kn));
			g->roma = roma_of(g->kana);
			if (g->roma[0] == '\0')
				die(kn, "a compound given name with no romaji");
			cdf_add(&cdf_gcompound, njgiv++,
			    (uint64_t)gelems[i].w * gelems[j].w);
		}
	}
	free(byk);

	csv_open(&c, repo, "bench/names/latin-surnames.csv", w_ls, 3);
	while (csv_row(&c)) {
		struct lname *l;

		csv_latin(&c, c.v[0]);
		csv_country(&c, c.v[1]);
		w = csv_weight(&c, c.v[2]);
		lsur = grow(lsur, &lscap, nlsur, sizeof(*lsur));
		l = &lsur[nlsur];
		lname_set(l, c.v[0]);
		for (j = 0;
		     j < nlcountry && strcmp(lcountry[j].code, c.v[1]) != 0;
		     j++)
			;
		if (j == nlcountry) {
			lcountry =
			    grow(lcountry, &cc, nlcountry, sizeof(*lcountry));
			memset(&lcountry[j], 0, sizeof(lcountry[j]));
			lcountry[j].code = keep(c.v[1], 3);
			nlcountry++;
		}
		l->country = lcountry[j].code;
		l->ci = j;
		if (l->key[0] == '\0')
			csv_fail(&c, "name: no letter");
		cdf_add(&cdf_lsur, nlsur++, w);
	}
	free(c.buf);
	if (!cdf_ok(&cdf_lsur))
		die(c.path, "no surname of weight > 0");

	csv_open(&c, repo, "bench/names/latin-given.csv", w_lg, 4);
	while (csv_row(&c)) {
		struct lname *l;

		csv_latin(&c, c.v[0]);
		csv_country(&c, c.v[1]);
		w = csv_weight(&c, c.v[3]);
		lgiv = grow(lgiv, &lgcap, nlgiv, sizeof(*lgiv));
		l = &lgiv[nlgiv];
		lname_set(l, c.v[0]);
		l->country = keep(c.v[1], 3);
		l->ci = UINT32_MAX;
		if (l->key[0] == '\0')
			csv_fail(&c, "name: no letter");
		for (j = 0; j < nlcountry; j++)
			if (strcmp(lcountry[j].code, l->country) == 0) {
				l->ci = j;
				cdf_add(&lcountry[j].given, nlgiv, w);
			}
		cdf_add(&cdf_lgiv_all, nlgiv++, w);
	}
	free(c.buf);
	if (!cdf_ok(&cdf_lgiv_all))
		die(c.path, "no given name of weight > 0");
}

/* ---- indexes: names one kana or letter apart, homophones ---- */

enum { DK_KANA = 1, DK_ROMA, DK_LATIN, DK_HOMO };

struct dent {
	uint64_t h;
	uint32_t type, v;
};

static struct dent *dix;
static size_t ndix, dixcap;

/* The hash of @a without its element @skip (-1: none), under @type. */
static uint64_t
hash_cps(int type, const uint32_t *a, int n, int skip)
{
	uint64_t h = mix64(0x9E3779B97F4A7C15ULL * (uint64_t)(type + 1));
	int i;

	for (i = 0; i < n; i++)
		if (i != skip)
			h = (h ^ a[i]) * 0x100000001B3ULL;
	return mix64(h);
}

static void
dix_push(int type, uint64_t h, uint32_t v)
{
	dix = grow(dix, &dixcap, ndix, sizeof(*dix));
	dix[ndix].h = h;
	dix[ndix].type = (uint32_t)type;
	dix[ndix++].v = v;
}

/* @s and each of its one-deletions, so that two strings one edit apart
 * share a key. */
static void
dix_add(int type, const char *s, uint32_t v)
{
	uint32_t a[64];
	int n = u8_decode(s, a, 64), k;

	for (k = -1; k < n; k++)
		dix_push(type, hash_cps(type, a, n, k), v);
}

static int
dent_cmp(const void *x, const void *y)
{
	const struct dent *p = x, *q = y;

	if (p->h != q->h)
		return p->h < q->h ? -1 : 1;
	if (p->type != q->type)
		return p->type < q->type ? -1 : 1;
	return p->v < q->v ? -1 : p->v > q->v;
}

/* Adds to @out (@n so far, at most @max, no repeats) the values stored
 * under key @h of @type; returns the new count. */
static int
dix_get(int type, uint64_t h, uint32_t *out, int n, int max)
{
	size_t lo = 0, hi = ndix;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (dix[mid].h < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ndix && dix[lo].h == h && n < max; lo++) {
		int i;

		if (dix[lo].type != (uint32_t)type)
			continue;
		for (i = 0; i < n && out[i] != dix[lo].v; i++)
			;
		if (i == n)
			out[n++] = dix[lo].v;
	}
	return n;
}

/* Candidates one edit from @s (and @s itself) under @type. */
static int
dix_near(int type, const char *s, uint32_t *out, int n, int max)
{
	uint32_t a[64];
	int m = u8_decode(s, a, 64), k;

	for (k = -1; k < m; k++)
		n = dix_get(type, hash_cps(type, a, m, k), out, n, max);
	return n;
}

/* Whether @x and @y are exactly one insertion, deletion or substitution
 * apart. */
static int
one_edit(const char *x, const char *y)
{
	uint32_t a[64], b[64];
	int na = u8_decode(x, a, 64), nb = u8_decode(y, b, 64), i, d = 0;

	if (na == nb) {
		for (i = 0; i < na; i++)
			d += a[i] != b[i];
		return d == 1;
	}
	if (na + 1 == nb) {
		for (i = 0; i < na && a[i] == b[i]; i++)
			;
		for (; i < na && a[i] == b[i + 1]; i++)
			;
		return i == na;
	}
	if (nb + 1 == na)
		return one_edit(y, x);
	return 0;
}

static void
build_indexes(void)
{
	uint32_t i, a[64];

	for (i = 0; i < njsur; i++) {
		int n = u8_decode(jsur[i].roma, a, 64);

		dix_add(DK_KANA, jsur[i].kana, i);
		dix_add(DK_ROMA, jsur[i].roma, i);
		dix_push(DK_HOMO, hash_cps(DK_HOMO, a, n, -1), i);
	}
	for (i = 0; i < nlsur; i++)
		dix_add(DK_LATIN, lsur[i].key, i);
	qsort(dix, ndix, sizeof(*dix), dent_cmp);
}

/* ---- identities and the set of the register's ---- */

struct ident {
	int foreign;
	const struct jname *fam, *given;   /* Japanese */
	const struct lname *lfam, *lgiven; /* foreign */
	int32_t dob;                       /* days since 1970-01-01 */
	const char *nat, *nat2;            /* nat2 may be NULL */
};

struct person {
	uint32_t fam, given; /* jsur, jgiv or lsur, lgiv */
	int32_t dob;
	int32_t alias; /* jsur of the former family name, or -1 */
	uint8_t foreign;
	uint8_t nat2; /* 0, or 1 + an index of dual[] */
};

static const char *const dual[] = {"JPN", "USA", "KOR", "CHN", "GBR", "BRA",
    "PHL", "AUS", "CAN", "FRA", "DEU"};

static struct person *persons;
static uint64_t npersons;
static uint64_t *hset;
static uint64_t hmask;

static void
ident_of(const struct person *p, struct ident *id)
{
	memset(id, 0, sizeof(*id));
	id->foreign = p->foreign;
	id->dob = p->dob;
	if (p->foreign) {
		id->lfam = &lsur[p->fam];
		id->lgiven = &lgiv[p->given];
		id->nat = id->lfam->country;
	} else {
		id->fam = &jsur[p->fam];
		id->given = &jgiv[p->given];
		id->nat = "JPN";
	}
	id->nat2 = p->nat2 ? dual[p->nat2 - 1] : NULL;
}

enum { KEY_KANJI = 1, KEY_KANA, KEY_ROMA };

static uint64_t
key_hash(int type, const char *a, const char *b, int32_t dob)
{
	uint64_t h = mix64(0x9E3779B97F4A7C15ULL * (uint64_t)(type + 1));
	const unsigned char *p;
	int i;

	for (p = (const unsigned char *)a; *p; p++)
		h = (h ^ *p) * 0x100000001B3ULL;
	h = (h ^ 0xFF) * 0x100000001B3ULL;
	for (p = (const unsigned char *)b; *p; p++)
		h = (h ^ *p) * 0x100000001B3ULL;
	for (i = 0; i < 4; i++)
		h = (h ^ ((uint32_t)dob >> 8 * i & 0xFF)) * 0x100000001B3ULL;
	h = mix64(h);
	return h ? h : 1;
}

/* The keys of @id into @k; their number. */
static int
ident_keys(const struct ident *id, uint64_t *k)
{
	if (id->foreign) {
		k[0] =
		    key_hash(KEY_ROMA, id->lfam->key, id->lgiven->key, id->dob);
		return 1;
	}
	k[0] = key_hash(KEY_KANJI, id->fam->norm, id->given->norm, id->dob);
	k[1] = key_hash(KEY_KANA, id->fam->kana, id->given->kana, id->dob);
	k[2] = key_hash(KEY_ROMA, id->fam->roma, id->given->roma, id->dob);
	return 3;
}

static int
hs_has(uint64_t h)
{
	uint64_t i = h & hmask;

	while (hset[i] != 0) {
		if (hset[i] == h)
			return 1;
		i = (i + 1) & hmask;
	}
	return 0;
}

static void
hs_add(uint64_t h)
{
	uint64_t i = h & hmask;

	while (hset[i] != 0) {
		if (hset[i] == h)
			return;
		i = (i + 1) & hmask;
	}
	hset[i] = h;
}

/* Whether no key of @id is in the register's set. */
static int
ident_free(const struct ident *id)
{
	uint64_t k[3];
	int n = ident_keys(id, k), i;

	for (i = 0; i < n; i++)
		if (hs_has(k[i]))
			return 0;
	return 1;
}

static void
ident_add(const struct ident *id)
{
	uint64_t k[3];
	int n = ident_keys(id, k), i;

	for (i = 0; i < n; i++)
		hs_add(k[i]);
}

/* ---- dates ---- */

static int32_t dob_lo, dob_n; /* 1950-01-01, days to 2006-12-31 */

static int32_t
draw_dob(struct rng *r)
{
	return dob_lo + (int32_t)below(r, (uint32_t)dob_n);
}

static void
dob_text(int32_t days, char *out)
{
	char buf[SCS_TIME_STRMAX];

	scs_time_format((int64_t)days * DAY, buf);
	memcpy(out, buf, 10);
	out[10] = '\0';
}

static unsigned
num(const char *s, int n)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[i] - '0');
	return v;
}

/* The day "YYYY-MM-DD" @s, or INT32_MIN when it is no date. */
static int32_t
date_days(const char *s)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31};
	unsigned y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2), dim;

	if (m < 1 || m > 12 || d < 1)
		return INT32_MIN;
	dim = mdays[m - 1];
	if (m == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))
		dim = 29;
	if (d > dim)
		return INT32_MIN;
	return (int32_t)scs_days_from_civil(y, m, d);
}

/* @days with one digit of its year (the last two), month or day changed,
 * still a date; INT32_MIN when no try gave one. */
static int32_t
digit_changed(struct rng *r, int32_t days)
{
	static const int pos[] = {2, 3, 5, 6, 8, 9};
	char s[11];
	int t;

	for (t = 0; t < 32; t++) {
		int p = pos[below(r, N(pos))];
		char was, nd;
		int32_t v;

		dob_text(days, s);
		was = s[p];
		nd = (char)('0' + below(r, 9));
		if (nd >= was)
			nd++;
		s[p] = nd;
		if ((v = date_days(s)) != INT32_MIN)
			return v;
	}
	return INT32_MIN;
}

/* @days with day and month swapped, or INT32_MIN. */
static int32_t
day_month_swapped(int32_t days)
{
	char s[11], t;

	dob_text(days, s);
	if (num(s + 8, 2) > 12 || num(s + 8, 2) == num(s + 5, 2))
		return INT32_MIN;
	t = s[5], s[5] = s[8], s[8] = t;
	t = s[6], s[6] = s[9], s[9] = t;
	return date_days(s);
}

/* ---- drawing identities ---- */

static uint32_t
draw_jsur(struct rng *r)
{
	return PM(P_COMPOUND) ? cdf_draw(&cdf_compound, r)
	                      : cdf_draw(&cdf_table, r);
}

static uint32_t
draw_jgiven(struct rng *r)
{
	return PM(P_COMPOUND_GIVEN) ? cdf_draw(&cdf_gcompound, r)
	                            : cdf_draw(&cdf_jgiv, r);
}

static uint32_t
draw_lgiven(struct rng *r, const struct lname *fam)
{
	const struct cdf *d = &lcountry[fam->ci].given;

	return cdf_ok(d) ? cdf_draw(d, r) : cdf_draw(&cdf_lgiv_all, r);
}

/* A fresh identity: its names and birth date into @p (foreign or not as
 * @p already says). */
static void
draw_names(struct rng *r, struct person *p)
{
	if (p->foreign) {
		p->fam = cdf_draw(&cdf_lsur, r);
		p->given = draw_lgiven(r, &lsur[p->fam]);
	} else {
		p->fam = draw_jsur(r);
		p->given = draw_jgiven(r);
	}
	p->dob = draw_dob(r);
}

/* ---- tags ---- */

enum {
	T_FOREIGN,
	T_KATAKANA,
	T_HALFWIDTH,
	T_HIRAGANA,
	T_LATIN,
	T_LONGVOWEL,
	T_MACRON,
	T_KUNREI,
	T_NBMP,
	T_APOSTROPHE,
	T_CASE,
	T_SWAP,
	T_COMMA,
	T_PUNCT,
	T_VARIANT,
	T_NOSPACE,
	T_IDEOSPACE,
	T_WITH_LATIN,
	T_WITH_KANA,
	T_ALIAS,
	T_DOB_DIGIT,
	T_DOB_SWAP,
	T_DOB_MISSING,
	T_DOB_NEAR,
	NTAGS
};

static const char *const tag_name[NTAGS] = {"foreign", "katakana", "halfwidth",
    "hiragana", "latin", "longvowel", "macron", "kunrei", "n_bmp", "apostrophe",
    "case", "swap", "comma", "punct", "variant", "nospace", "ideospace",
    "with_latin", "with_kana", "alias", "dob_digit", "dob_swap", "dob_missing",
    "dob_near"};

#define TAG(t) (1u << (t))

/* ---- rendering ---- */

struct rec {
	struct sb name, latin, kana;
	int has_latin, has_kana;
	char dob[11]; /* "" when missing */
	const char *nat;
	unsigned tags;
};

/* Case and order of a Latin name, drawn, with their tags. */
static unsigned
draw_case_order(struct rng *r, int *cas, int *ord)
{
	unsigned u = permille(r), tags = 0;

	*cas = u < P_CASE_CAP                              ? CASE_CAP
	    : u < P_CASE_CAP + P_CASE_LOWER                ? CASE_LOWER
	    : u < P_CASE_CAP + P_CASE_LOWER + P_CASE_UPPER ? CASE_UPPER
	                                                   : CASE_STD;
	u = permille(r);
	*ord = u < P_SWAP ? ORD_GF : u < P_SWAP + P_COMMA ? ORD_COMMA : ORD_FG;
	if (*cas != CASE_STD)
		tags |= TAG(T_CASE);
	if (*ord == ORD_GF)
		tags |= TAG(T_SWAP);
	if (*ord == ORD_COMMA)
		tags |= TAG(T_COMMA);
	return tags;
}

/* A Japanese name in Latin letters, with its noise. */
static unsigned
latin_jp(struct rng *r, const struct jname *fam, const struct jname *given,
    struct sb *out)
{
	struct romopt ro;
	struct sb f, g;
	unsigned u = permille(r), fired, tags;
	int cas, ord;

	ro.lv = u < P_LV_OH                               ? LV_OH
	    : u < P_LV_OH + P_LV_OO                       ? LV_OO
	    : u < P_LV_OH + P_LV_OO + P_LV_OU             ? LV_OU
	    : u < P_LV_OH + P_LV_OO + P_LV_OU + P_LV_KANA ? LV_KANA
	    : u < P_LV_OH + P_LV_OO + P_LV_OU + P_LV_KANA + P_LV_MACRON
	    ? LV_MACRON
	    : LV_PASSPORT;
	ro.kunrei = PM(P_KUNREI);
	ro.nbmp = PM(P_NBMP);
	ro.apos = PM(P_APOS);
	sb_clear(&f);
	sb_clear(&g);
	fired = romanize(fam->kana, &ro, &f) | romanize(given->kana, &ro, &g);
	tags = draw_case_order(r, &cas, &ord);
	compose(out, f.b, g.b, NULL, cas, ord);
	if (fired & RF_LONG)
		tags |= TAG(T_LONGVOWEL);
	if (fired & RF_MACRON)
		tags |= TAG(T_MACRON);
	if (fired & RF_KUNREI)
		tags |= TAG(T_KUNREI);
	if (fired & RF_NBMP)
		tags |= TAG(T_NBMP);
	if (fired & RF_APOS)
		tags |= TAG(T_APOSTROPHE);
	return tags;
}

/* @s without apostrophes, its hyphens dropped or made spaces (@space). */
static void
unpunct(struct sb *out, const char *s, int space)
{
	for (; *s; s++)
		if (*s == '-' && space)
			sb_s(out, " ");
		else if (*s != '-' && *s != '\'')
			sb_put(out, s, 1);
}

/* A foreign name, with its noise. */
static unsigned
latin_foreign(struct rng *r, const struct lname *fam, const struct lname *given,
    struct sb *out)
{
	struct sb f, g, gc;
	unsigned tags = 0;
	int cas, ord;

	sb_clear(&f);
	sb_clear(&g);
	sb_clear(&gc);
	if ((strpbrk(fam->name, "'-") || strpbrk(given->name, "'-")) &&
	    PM(P_PUNCT)) {
		int space = (int)below(r, 2);

		unpunct(&f, fam->name, space);
		unpunct(&g, given->name, space);
		unpunct(&gc, given->cap, space);
		tags |= TAG(T_PUNCT);
	} else {
		sb_s(&f, fam->name);
		sb_s(&g, given->name);
		sb_s(&gc, given->cap);
	}
	tags |= draw_case_order(r, &cas, &ord);
	compose(out, f.b, g.b, gc.b, cas, ord);
	return tags;
}

/* The kanji name "family given" with its noise: a variant, the space. */
static unsigned
kanji_name(struct rng *r, const struct jname *fam, const struct jname *given,
    struct sb *out)
{
	uint32_t a[2][64];
	int n[2], i, s, m = 0;
	unsigned tags = 0, u;

	n[0] = u8_decode(fam->kanji, a[0], 64);
	n[1] = u8_decode(given->kanji, a[1], 64);
	if (PM(P_VARIANT)) {
		for (s = 0; s < 2; s++)
			for (i = 0; i < n[s]; i++)
				m += vfind(v_std, a[s][i]) < nvar ||
				    vfind(v_var, a[s][i]) < nvar;
		if (m > 0) {
			int pick = (int)below(r, (uint32_t)m);

			for (s = 0; s < 2; s++)
				for (i = 0; i < n[s]; i++) {
					size_t at = vfind(v_std, a[s][i]), k;

					if (at == nvar &&
					    vfind(v_var, a[s][i]) == nvar)
						continue;
					if (pick-- != 0)
						continue;
					if (at < nvar) {
						for (k = at; k < nvar &&
						     v_std[k].a == a[s][i];
						     k++)
							;
						a[s][i] = v_std[at +
						    below(r,
						        (uint32_t)(k - at))]
						              .b;
					} else {
						a[s][i] = standard_of(a[s][i]);
					}
				}
			tags |= TAG(T_VARIANT);
		}
	}
	for (i = 0; i < n[0]; i++)
		sb_cp(out, a[0][i]);
	u = permille(r);
	if (u < P_NOSPACE) {
		tags |= TAG(T_NOSPACE);
	} else if (u < P_NOSPACE + P_IDEOSPACE) {
		sb_cp(out, 0x3000);
		tags |= TAG(T_IDEOSPACE);
	} else {
		sb_s(out, " ");
	}
	for (i = 0; i < n[1]; i++)
		sb_cp(out, a[1][i]);
	return tags;
}

static void
kana_name(struct sb *out, const struct jname *fam, const struct jname *given,
    int script)
{
	kana_script(out, fam->kana, script);
	sb_s(out, " ");
	kana_script(out, given->kana, script);
}

/* The names of a record for @id (the family name @fam for a Japanese
 * one, maybe the former one), with their noise. */
static void
render_names(struct rng *r, const struct ident *id, const struct jname *fam,
    struct rec *rc)
{
	unsigned u;
	int script;

	sb_clear(&rc->name);
	sb_clear(&rc->latin);
	sb_clear(&rc->kana);
	rc->has_latin = rc->has_kana = 0;
	if (id->foreign) {
		rc->tags |= TAG(T_FOREIGN) |
		    latin_foreign(r, id->lfam, id->lgiven, &rc->name);
		return;
	}
	u = permille(r);
	script = u < P_KANJI                                      ? 0
	    : u < P_KANJI + P_KATAKANA                            ? 1
	    : u < P_KANJI + P_KATAKANA + P_HALFWIDTH              ? 2
	    : u < P_KANJI + P_KATAKANA + P_HALFWIDTH + P_HIRAGANA ? 3
	                                                          : 4;
	switch (script) {
	case 0:
		rc->tags |= kanji_name(r, fam, id->given, &rc->name);
		break;
	case 1:
		kana_name(&rc->name, fam, id->given, SC_KATAKANA);
		rc->tags |= TAG(T_KATAKANA);
		break;
	case 2:
		kana_name(&rc->name, fam, id->given, SC_HALFWIDTH);
		rc->tags |= TAG(T_HALFWIDTH);
		break;
	case 3:
		kana_name(&rc->name, fam, id->given, SC_HIRAGANA);
		rc->tags |= TAG(T_HIRAGANA);
		break;
	default:
		rc->tags |=
		    TAG(T_LATIN) | latin_jp(r, fam, id->given, &rc->name);
		break;
	}
	if (script == 0 && PM(P_WITH_LATIN)) {
		rc->tags |=
		    TAG(T_WITH_LATIN) | latin_jp(r, fam, id->given, &rc->latin);
		rc->has_latin = 1;
	}
	if ((script == 0 || script == 4) && PM(P_WITH_KANA)) {
		kana_name(&rc->kana, fam, id->given, SC_KATAKANA);
		rc->tags |= TAG(T_WITH_KANA);
		rc->has_kana = 1;
	}
}

static void
render_nat(struct rng *r, const struct ident *id, struct rec *rc)
{
	rc->nat = NULL;
	if (PM(P_NATIONALITY))
		rc->nat = id->nat2 != NULL && below(r, 2) ? id->nat2 : id->nat;
}

/* ---- the register ---- */

static const struct {
	const char *id, *name, *type;
	unsigned share; /* of the persons, per mille */
} orgtab[] = {
    {"mod", "Ministry of Defense", "government", 350},
    {"acme", "Acme Defense Systems K.K.", "contractor", 250},
    {"npa", "National Police Agency", "government", 100},
    {"meti", "Ministry of Economy, Trade and Industry", "government", 100},
    {"kurogane", "Kurogane Heavy Industries", "contractor", 150},
    {"tsukuba-ist", "Tsukuba Institute of Science and Technology", "research",
        50},
};

static struct {
	uint64_t foreign, aliases, compounds, dual;
} rst;

static void
o_id(struct out *o, char c, uint64_t v)
{
	char buf[32];
	int n = snprintf(buf, sizeof(buf), "%c%07" PRIu64, c, v);

	o_mem(o, buf, (size_t)n);
}

static void
o_key_str(struct out *o, const char *key, const char *v)
{
	o_s(o, ",\"");
	o_s(o, key);
	o_s(o, "\":\"");
	o_s(o, v);
	o_s(o, "\"");
}

static void
write_orgs(struct out *o)
{
	size_t i;

	for (i = 0; i < N(orgtab); i++) {
		o_s(o, "{\"kind\":\"organization\",\"id\":\"");
		o_s(o, orgtab[i].id);
		o_s(o, "\"");
		o_key_str(o, "name", orgtab[i].name);
		o_key_str(o, "type", orgtab[i].type);
		o_key_str(o, "country", "JPN");
		o_end(o);
	}
}

/* Person @i: drawn until its identity (and its alias's) is new, added to
 * the set, written with its clearance. */
static void
make_person(struct out *o, uint64_t i)
{
	struct rng rs = stream(S_PERSON, i), *r = &rs;
	struct person *p = &persons[i];
	struct ident id;
	struct sb s;
	unsigned u, tries;
	size_t k;

	memset(p, 0, sizeof(*p));
	p->foreign = PM(P_FOREIGN);
	p->alias = -1;
	for (tries = 0;; tries++) {
		if (tries == 1000)
			die("cannot draw a person whose identity is new: too "
			    "few names for PERSONS",
			    NULL);
		draw_names(r, p);
		ident_of(p, &id);
		if (ident_free(&id))
			break;
	}
	if (!p->foreign && PM(P_HAS_ALIAS)) {
		for (tries = 0; tries < 16; tries++) {
			const struct jname *a = &jsur[draw_jsur(r)];
			struct ident ai = id;

			ai.fam = a;
			if (strcmp(a->norm, id.fam->norm) != 0 &&
			    strcmp(a->kana, id.fam->kana) != 0 &&
			    strcmp(a->roma, id.fam->roma) != 0 &&
			    ident_free(&ai)) {
				p->alias = (int32_t)(a - jsur);
				ident_add(&ai);
				rst.aliases++;
				break;
			}
		}
	}
	ident_add(&id);
	if (PM(P_DUAL)) {
		if (p->foreign)
			p->nat2 = strcmp(id.nat, "JPN") != 0 ? 1 : 0;
		else
			p->nat2 = (uint8_t)(2 + below(r, N(dual) - 1));
		if (p->nat2 && strcmp(dual[p->nat2 - 1], id.nat) == 0)
			p->nat2 = 0;
		rst.dual += p->nat2 != 0;
	}
	ident_of(p, &id);

	o_s(o, "{\"kind\":\"person\",\"id\":\"");
	o_id(o, 'p', i + 1);
	o_s(o, "\",\"name\":\"");
	sb_clear(&s);
	if (p->foreign) {
		rst.foreign++;
		compose(&s, id.lfam->name, id.lgiven->name, id.lgiven->cap,
		    CASE_STD, ORD_GF);
		o_s(o, s.b);
		o_s(o, "\",\"name_latin\":\"");
		sb_clear(&s);
		compose(&s, id.lfam->name, id.lgiven->name, id.lgiven->cap,
		    CASE_STD, ORD_FG);
		o_s(o, s.b);
		o_s(o, "\"");
		if (PM(P_PASSPORT_FOREIGN)) {
			o_s(o, ",\"name_passport\":\"");
			o_s(o, id.lfam->name);
			o_s(o, " ");
			o_s(o, id.lgiven->name);
			o_s(o, "\"");
		}
	} else {
		rst.compounds += p->fam >= njtable;
		o_s(o, id.fam->kanji);
		o_s(o, " ");
		o_s(o, id.given->kanji);
		o_s(o, "\",\"name_latin\":\"");
		compose(&s, id.fam->roma, id.given->roma, NULL, CASE_STD,
		    ORD_FG);
		o_s(o, s.b);
		o_s(o, "\"");
		if (PM(P_NAME_KANA)) {
			o_s(o, ",\"name_kana\":\"");
			o_s(o, id.fam->kana);
			o_s(o, " ");
			o_s(o, id.given->kana);
			o_s(o, "\"");
		}
		if (PM(P_PASSPORT_JP)) {
			o_s(o, ",\"name_passport\":\"");
			o_s(o, id.fam->roma);
			o_s(o, " ");
			o_s(o, id.given->roma);
			o_s(o, "\"");
		}
		if (p->alias >= 0) {
			o_s(o, ",\"aliases\":[\"");
			o_s(o, jsur[p->alias].kanji);
			o_s(o, " ");
			o_s(o, id.given->kanji);
			o_s(o, "\"]");
		}
	}
	o_s(o, ",\"birth_date\":");
	o_time(o, (int64_t)p->dob * DAY, 0);
	o_s(o, ",\"nationalities\":[\"");
	o_s(o, id.nat);
	if (id.nat2 != NULL) {
		o_s(o, "\",\"");
		o_s(o, id.nat2);
	}
	o_s(o, "\"],\"org\":\"");
	u = permille(r);
	for (k = 0; k + 1 < N(orgtab) && u >= orgtab[k].share; k++)
		u -= orgtab[k].share;
	o_s(o, orgtab[k].id);
	o_s(o, "\"");
	o_end(o);

	o_s(o, "{\"kind\":\"clearance\",\"person\":\"");
	o_id(o, 'p', i + 1);
	o_s(o,
	    PM(P_CESI)
	        ? "\",\"authority\":\"JPN-CESI\",\"level\":\"JUYO_KEIZAI_ANPO\""
	        : "\",\"authority\":\"JPN-SDS\",\"level\":\"TOKUTEI_HIMITSU\"");
	o_s(o,
	    ",\"status\":\"active\",\"valid_from\":\"2025-01-01\","
	    "\"valid_until\":\"2035-01-01\"");
	o_end(o);
}

/* ---- the feed ---- */

enum {
	C_MATCH,
	C_RANDOM,
	C_NAMESAKE,
	C_HOMOPHONE,
	C_LOOKALIKE,
	C_OTHERGIVEN,
	NCLASS
};

static const char *const class_name[NCLASS] = {"match", "random", "namesake",
    "homophone", "lookalike", "othergiven"};

static struct {
	uint64_t cls[NCLASS], fallback;
} fst;

static const struct {
	const char *source, *type;
	unsigned share; /* per mille */
} kinds[] = {
    {"npa", "arrest", 180},
    {"npa", "charge", 120},
    {"court", "conviction", 100},
    {"court", "civil_judgment", 100},
    {"immigration", "departure", 125},
    {"immigration", "entry", 125},
    {"credit", "bankruptcy", 60},
    {"credit", "delinquent_debt", 140},
    {"fsa", "disciplinary", 50},
};

static const char *const offence[] = {"fraud", "theft", "assault",
    "drunk driving", "unauthorized computer access", "bribery", "embezzlement",
    "a Foreign Exchange Act violation", "breach of trust", "drug possession"};
static const char *const port[] = {"Narita", "Haneda", "Kansai", "Chubu",
    "Fukuoka", "New Chitose"};
static const char *const city[] = {"Shanghai", "Seoul", "Beijing",
    "Vladivostok", "Hong Kong", "Singapore", "Bangkok", "Taipei", "Dubai",
    "Istanbul"};
static const char *const court[] = {"Tokyo", "Osaka", "Nagoya", "Fukuoka",
    "Sapporo", "Sendai", "Hiroshima", "Takamatsu"};
static const char *const debt[] = {"consumer loan", "credit card", "car loan",
    "mortgage", "student loan"};
static const char *const sanction[] = {"insider trading", "market manipulation",
    "improper solicitation", "falsified records", "unregistered business"};
static const char *const civil[] = {"unpaid loan", "breach of contract",
    "unpaid rent", "damages for defamation"};

#define PICK(r, a) ((a)[below((r), N(a))])

static void
summary(struct rng *r, const char *type, char *buf, size_t n)
{
	if (strcmp(type, "arrest") == 0)
		snprintf(buf, n, "Arrested on suspicion of %s",
		    PICK(r, offence));
	else if (strcmp(type, "charge") == 0)
		snprintf(buf, n, "Indicted for %s", PICK(r, offence));
	else if (strcmp(type, "conviction") == 0)
		snprintf(buf, n, "Convicted of %s; %s", PICK(r, offence),
		    below(r, 2) ? "sentence suspended" : "fined");
	else if (strcmp(type, "civil_judgment") == 0)
		snprintf(buf, n, "Civil judgment at the %s District Court: %s",
		    PICK(r, court), PICK(r, civil));
	else if (strcmp(type, "departure") == 0)
		snprintf(buf, n, "Departed from %s to %s", PICK(r, port),
		    PICK(r, city));
	else if (strcmp(type, "entry") == 0)
		snprintf(buf, n, "Entered at %s from %s", PICK(r, port),
		    PICK(r, city));
	else if (strcmp(type, "bankruptcy") == 0)
		snprintf(buf, n, "Bankruptcy petition at the %s District Court",
		    PICK(r, court));
	else if (strcmp(type, "delinquent_debt") == 0)
		snprintf(buf, n, "Delinquent debt over %u days: %s",
		    90u << below(r, 3), PICK(r, debt));
	else
		snprintf(buf, n, "Administrative sanction: %s",
		    PICK(r, sanction));
}

/* A random person of the register, Japanese when @jp. */
static const struct person *
base_person(struct rng *r, int jp)
{
	int t;

	for (t = 0; t < 64; t++) {
		const struct person *p = &persons[next64(r) % npersons];

		if (!jp || !p->foreign)
			return p;
	}
	return NULL;
}

/* Picks one of the @n candidates @c that @ok accepts for @id; -1 when
 * none does. */
static int64_t
pick_candidate(struct rng *r, const uint32_t *c, int n,
    int (*ok)(const struct ident *, uint32_t), const struct ident *id)
{
	uint32_t good[512];
	int m = 0, i;

	for (i = 0; i < n; i++)
		if (ok(id, c[i]))
			good[m++] = c[i];
	return m ? (int64_t)good[below(r, (uint32_t)m)] : -1;
}

static int
ok_homophone(const struct ident *id, uint32_t c)
{
	return strcmp(jsur[c].roma, id->fam->roma) == 0 &&
	    strcmp(jsur[c].norm, id->fam->norm) != 0;
}

static int
ok_lookalike(const struct ident *id, uint32_t c)
{
	const struct jname *f = &jsur[c];

	return strcmp(f->norm, id->fam->norm) != 0 &&
	    strcmp(f->kana, id->fam->kana) != 0 &&
	    strcmp(f->roma, id->fam->roma) != 0 &&
	    (one_edit(f->kana, id->fam->kana) ||
	        one_edit(f->roma, id->fam->roma));
}

static int
ok_lookalike_latin(const struct ident *id, uint32_t c)
{
	return strcmp(lsur[c].key, id->lfam->key) != 0 &&
	    one_edit(lsur[c].key, id->lfam->key);
}

/* A non-match of class @cls into @id (and its tags); 0 when this draw
 * found none. */
static int
non_match(struct rng *r, int cls, struct ident *id, unsigned *tags)
{
	const struct person *b;
	uint32_t c[512], a[64];
	int n, t;
	int64_t v;

	if (cls == C_RANDOM) {
		struct person p;

		memset(&p, 0, sizeof(p));
		p.foreign = PM(P_FOREIGN);
		draw_names(r, &p);
		ident_of(&p, id);
		return 1;
	}
	if ((b = base_person(r, cls == C_HOMOPHONE)) == NULL)
		return 0;
	ident_of(b, id);
	switch (cls) {
	case C_NAMESAKE:
		if (PM(near_pm)) {
			if ((id->dob = digit_changed(r, b->dob)) == INT32_MIN)
				return 0;
			*tags |= TAG(T_DOB_NEAR);
		} else {
			for (t = 0; t < 8 && id->dob == b->dob; t++)
				id->dob = draw_dob(r);
		}
		return id->dob != b->dob;
	case C_HOMOPHONE:
		n = u8_decode(id->fam->roma, a, 64);
		n = dix_get(DK_HOMO, hash_cps(DK_HOMO, a, n, -1), c, 0,
		    (int)N(c));
		if ((v = pick_candidate(r, c, n, ok_homophone, id)) < 0)
			return 0;
		id->fam = &jsur[v];
		for (t = 0; t < 8 && id->dob == b->dob; t++)
			id->dob = draw_dob(r);
		return id->dob != b->dob;
	case C_LOOKALIKE:
		if (id->foreign) {
			n = dix_near(DK_LATIN, id->lfam->key, c, 0, (int)N(c));
			if ((v = pick_candidate(r, c, n, ok_lookalike_latin,
			         id)) < 0)
				return 0;
			id->lfam = &lsur[v];
			id->nat = lsur[v].country;
			return 1;
		}
		n = dix_near(DK_KANA, id->fam->kana, c, 0, (int)N(c));
		n = dix_near(DK_ROMA, id->fam->roma, c, n, (int)N(c));
		if ((v = pick_candidate(r, c, n, ok_lookalike, id)) < 0)
			return 0;
		id->fam = &jsur[v];
		return 1;
	default: /* C_OTHERGIVEN */
		for (t = 0; t < 16; t++) {
			if (id->foreign) {
				const struct lname *g =
				    &lgiv[draw_lgiven(r, id->lfam)];

				if (strcmp(g->key, id->lgiven->key) != 0) {
					id->lgiven = g;
					return 1;
				}
			} else {
				const struct jname *g =
				    &jgiv[draw_jgiven(r)];

				if (strcmp(g->kana, id->given->kana) != 0 &&
				    strcmp(g->roma, id->given->roma) != 0 &&
				    strcmp(g->norm, id->given->norm) != 0) {
					id->given = g;
					return 1;
				}
			}
		}
		return 0;
	}
}

static void
o_tags(struct out *o, unsigned tags)
{
	int t, first = 1;

	o_s(o, ",\"noise\":[");
	for (t = 0; t < NTAGS; t++)
		if (tags & TAG(t)) {
			o_s(o, first ? "\"" : ",\"");
			o_s(o, tag_name[t]);
			o_s(o, "\"");
			first = 0;
		}
	o_s(o, "]");
}

static void
make_record(struct out *feed, struct out *truth, uint64_t ri, unsigned match_pm)
{
	struct rng rs = stream(S_RECORD, ri), *r = &rs;
	struct rec rc;
	struct ident id;
	const struct jname *fam;
	const struct person *p = NULL;
	char sum[160];
	unsigned u = permille(r);
	size_t k;
	int cls = C_MATCH, t;
	int32_t dob;

	for (k = 0; k + 1 < N(kinds) && u >= kinds[k].share; k++)
		u -= kinds[k].share;
	summary(r, kinds[k].type, sum, sizeof(sum));
	rc.tags = 0;
	if (PM(match_pm)) {
		p = &persons[next64(r) % npersons];
		ident_of(p, &id);
		if (p->alias >= 0 && PM(P_USE_ALIAS)) {
			id.fam = &jsur[p->alias];
			rc.tags |= TAG(T_ALIAS);
		}
		/* the birth date: a noisy one must be no other identity */
		u = permille(r);
		dob = id.dob;
		if (u < P_DOB_DIGIT) {
			dob = digit_changed(r, id.dob);
			t = T_DOB_DIGIT;
		} else if (u < P_DOB_DIGIT + P_DOB_SWAP) {
			dob = day_month_swapped(id.dob);
			t = T_DOB_SWAP;
		} else if (u < P_DOB_DIGIT + P_DOB_SWAP + P_DOB_MISSING) {
			t = T_DOB_MISSING;
		} else {
			t = -1;
		}
		if (t == T_DOB_DIGIT || t == T_DOB_SWAP) {
			struct ident x = id;

			x.dob = dob;
			if (dob == INT32_MIN || !ident_free(&x))
				t = -1;
			else
				id.dob = dob;
		}
		if (t >= 0)
			rc.tags |= TAG(t);
	} else {
		u = permille(r);
		cls = u < P_NAMESAKE                             ? C_NAMESAKE
		    : u < P_NAMESAKE + P_HOMOPHONE               ? C_HOMOPHONE
		    : u < P_NAMESAKE + P_HOMOPHONE + P_LOOKALIKE ? C_LOOKALIKE
		    : u < P_NAMESAKE + P_HOMOPHONE + P_LOOKALIKE + P_OTHERGIVEN
		    ? C_OTHERGIVEN
		    : C_RANDOM;
		for (t = 0;; t++) {
			if (t == 64 && cls != C_RANDOM) {
				cls = C_RANDOM; /* no look-alike found */
				fst.fallback++;
				t = 0;
			} else if (t == 1000) {
				die("cannot draw an identity outside the "
				    "register: too few names",
				    NULL);
			}
			rc.tags = 0;
			if (non_match(r, cls, &id, &rc.tags) && ident_free(&id))
				break;
		}
		if (PM(P_DOB_MISSING))
			rc.tags |= TAG(T_DOB_MISSING);
	}
	fst.cls[cls]++;
	fam = id.fam;
	render_names(r, &id, fam, &rc);
	render_nat(r, &id, &rc);
	if (rc.tags & TAG(T_DOB_MISSING))
		rc.dob[0] = '\0';
	else
		dob_text(id.dob, rc.dob);

	o_s(feed, "{\"id\":\"");
	o_id(feed, 'r', ri + 1);
	o_s(feed, "\"");
	o_key_str(feed, "source", kinds[k].source);
	o_key_str(feed, "type", kinds[k].type);
	o_s(feed, ",\"date\":");
	o_time(feed,
	    (scs_days_from_civil(2026, 1, 1) + (int64_t)below(r, 334)) * DAY,
	    0);
	o_key_str(feed, "name", rc.name.b);
	if (rc.has_latin)
		o_key_str(feed, "name_latin", rc.latin.b);
	if (rc.has_kana)
		o_key_str(feed, "name_kana", rc.kana.b);
	if (rc.dob[0] != '\0')
		o_key_str(feed, "birth_date", rc.dob);
	if (rc.nat != NULL)
		o_key_str(feed, "nationality", rc.nat);
	o_key_str(feed, "summary", sum);
	o_end(feed);

	o_s(truth, "{\"record\":\"");
	o_id(truth, 'r', ri + 1);
	o_s(truth, "\",\"person\":");
	if (p != NULL) {
		o_s(truth, "\"");
		o_id(truth, 'p', (uint64_t)(p - persons) + 1);
		o_s(truth, "\"");
	} else {
		o_s(truth, "null");
	}
	o_key_str(truth, "class", class_name[cls]);
	o_tags(truth, rc.tags);
	o_end(truth);
}

/* ---- main ---- */

static uint64_t
parse_count(const char *s, const char *what, uint64_t max)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || s[0] == '-' || v > max) {
		fprintf(stderr, "cvgen: bad %s \"%s\" (0..%" PRIu64 ")\n", what,
		    s, max);
		exit(2);
	}
	return (uint64_t)v;
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	const char *repo = ".", *dir;
	uint64_t nrec, i, hsize;
	unsigned match_pm = 50;
	struct out reg, feed, truth;
	double t0 = now_s();
	int a = 1, c;

	if (argc > 2 && strcmp(argv[1], "-R") == 0) {
		repo = argv[2];
		a = 3;
	}
	if (argc - a < 4 || argc - a > 6) {
		fprintf(stderr,
		    "usage: cvgen [-R REPO] PERSONS RECORDS SEED "
		    "OUTDIR [MATCH_PERMILLE [NEAR_DOB_PERMILLE]]\n");
		return 2;
	}
	npersons = parse_count(argv[a], "PERSONS", 50000000);
	nrec = parse_count(argv[a + 1], "RECORDS", 50000000);
	g_seed = parse_count(argv[a + 2], "SEED", UINT64_MAX);
	dir = argv[a + 3];
	if (argc - a >= 5)
		match_pm =
		    (unsigned)parse_count(argv[a + 4], "MATCH_PERMILLE", 1000);
	if (argc - a == 6)
		near_pm = (unsigned)parse_count(argv[a + 5],
		    "NEAR_DOB_PERMILLE", 1000);
	if (npersons == 0) {
		fprintf(stderr, "cvgen: PERSONS must be at least 1\n");
		return 2;
	}
	load_variants(repo);
	load_names(repo);
	build_indexes();
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		die(dir, strerror(errno));
	dob_lo = (int32_t)scs_days_from_civil(1950, 1, 1);
	dob_n = (int32_t)scs_days_from_civil(2007, 1, 1) - dob_lo;

	/* the set: 3 keys a person, 3 more for an alias, at most half full */
	for (hsize = 1024; hsize < npersons * 7; hsize *= 2)
		;
	hmask = hsize - 1;
	if ((hset = calloc(hsize, sizeof(*hset))) == NULL ||
	    (persons = malloc(npersons * sizeof(*persons))) == NULL)
		die("out of memory", NULL);

	o_open(&reg, dir, "register.jsonl");
	write_orgs(&reg);
	for (i = 0; i < npersons; i++)
		make_person(&reg, i);
	o_close(&reg);

	o_open(&feed, dir, "feed.jsonl");
	o_open(&truth, dir, "truth.jsonl");
	for (i = 0; i < nrec; i++)
		make_record(&feed, &truth, i, match_pm);
	o_close(&feed);
	o_close(&truth);

	fprintf(stderr,
	    "cvgen: %s: %" PRIu64 " persons (%" PRIu64 " foreign, %" PRIu64
	    " compound family names, %" PRIu64 " aliases, %" PRIu64
	    " dual; %u+%u family names, %u+%u given), %" PRIu64
	    " records (%" PRIu64 " matches",
	    dir, npersons, rst.foreign, rst.compounds, rst.aliases, rst.dual,
	    njtable, njsur - njtable, njgtable, njgiv - njgtable, nrec, fst.cls[C_MATCH]);
	for (c = 1; c < NCLASS; c++)
		fprintf(stderr, ", %" PRIu64 " %s", fst.cls[c], class_name[c]);
	fprintf(stderr, "; %" PRIu64 " look-alikes drawn as random), %.2f s\n",
	    fst.fallback, now_s() - t0);
	return 0;
}
