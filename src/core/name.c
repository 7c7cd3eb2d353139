/* SPDX-License-Identifier: Apache-2.0 */
/*
 * name.c - names made comparable across Japanese and Latin script
 * (name.h): tokens, the passport Hepburn romanizer, the romaji fold and
 * phonetic keys, kanji variant folding and known readings.
 *
 * Part of core: no I/O.  ICU normalizes (NFKC, case folding, canonical
 * decomposition to drop diacritics); everything Japanese-specific is here
 * or in the tables, because ICU's transliterators spell names the way
 * dictionaries do (oono, saitou, kanbe), not the way passports do.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "scs/embedded.h"
#include "scs/map.h"
#include "scs/name.h"
#include "scs/util.h"

#define TEXT_MAX 1024 /* bytes of a name taken */
#define CPS_MAX  128  /* code points of one token */

struct variant {
	uint32_t from, to;
};

struct reading {
	char r[SCS_NAME_READING][SCS_NAME_KEY];
	size_t n;
};

struct scs_namer {
	const UNormalizer2 *nfkc, *nfd;
	struct variant *v; /* sorted by from */
	size_t nv;
	struct scs_map *readings; /* folded kanji -> struct reading */
	char version[80];
};

/* ---- UTF-8 ------------------------------------------------------------ */

static size_t
put_utf8(char *out, size_t size, size_t at, uint32_t c)
{
	unsigned char b[4];
	size_t n;

	if (c < 0x80) {
		b[0] = (unsigned char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (unsigned char)(0xc0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (unsigned char)(0xe0 | c >> 12);
		b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | c >> 18);
		b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (c & 0x3f));
		n = 4;
	}
	if (at + n >= size) /* cut short at a character boundary */
		return at;
	memcpy(out + at, b, n);
	out[at + n] = '\0';
	return at + n;
}

/* The next code point of valid UTF-8 at *@s. */
static uint32_t
next_utf8(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n > 0)
		c &= 0x3FU >> n;
	for (int i = 1; i <= n; i++)
		c = c << 6 | (p[i] & 0x3FU);
	*s = p + n + 1;
	return c;
}

static void
cps_utf8(const uint32_t *cps, size_t n, char *out, size_t size)
{
	size_t at = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n; i++)
		at = put_utf8(out, size, at, cps[i]);
}

/* ---- scripts ---------------------------------------------------------- */

static bool
is_han(uint32_t c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f) ||
	    c == 0x3005 || c == 0x3006; /* 々 〆 */
}

static bool
is_kana(uint32_t c)
{
	return (c >= 0x3041 && c <= 0x309f) || (c >= 0x30a0 && c <= 0x30ff) ||
	    (c >= 0x31f0 && c <= 0x31ff);
}

static bool
is_sep(uint32_t c)
{
	return c == ' ' || c == ',' || c == '.' || c == '/' || c == 0x3000 ||
	    c == 0x3001 || c == 0x30fb || c == 0xff0c || c == 0x2e31;
}

/* ---- the passport Hepburn romanizer ----------------------------------- */

/* Katakana U+30A1..U+30FA.  Small kana are marked by a leading '~'. */
static const char *const kata[] = {
    "~a", "a", "~i", "i", "~u", "u", "~e", "e", "~o", "o",          /* 30A1 */
    "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",     /* 30AB */
    "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",    /* 30B5 */
    "ta", "da", "chi", "ji", "~tsu", "tsu", "zu", "te", "de", "to", /* 30BF */
    "do", "na", "ni", "nu", "ne", "no", "ha", "ba", "pa", "hi",     /* 30C9 */
    "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo",     /* 30D3 */
    "po", "ma", "mi", "mu", "me", "mo", "~ya", "ya", "~yu", "yu",   /* 30DD */
    "~yo", "yo", "ra", "ri", "ru", "re", "ro", "~wa", "wa", "i",    /* 30E7 */
    "e", "o", "n", "vu", "ka", "ke", "va", "vi", "ve", "vo",        /* 30F1 */
};

#define SYL_MAX 96

struct syl {
	char s[8];
	char kind; /* 's' syllable, 'q' sokuon, 'n' moraic n, '-' long */
};

static bool
vowel(char c)
{
	return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o';
}

static bool
vowel_only(const struct syl *y)
{
	return y->kind == 's' && y->s[1] == '\0' && vowel(y->s[0]);
}

/* @y's text: @a then @b (either may be y->s itself). */
static void
set_syl(struct syl *y, const char *a, const char *b)
{
	char t[sizeof(y->s)];
	size_t n = 0;

	while (*a != '\0' && n + 1 < sizeof(t))
		t[n++] = *a++;
	while (*b != '\0' && n + 1 < sizeof(t))
		t[n++] = *b++;
	t[n] = '\0';
	memcpy(y->s, t, n + 1);
}

/* A small kana @v ("a", "ya"...) joined to the syllable before it. */
static void
join_small(struct syl *p, const char *v)
{
	char stem[8];
	size_t n = strlen(p->s);

	if (v[0] == 'y') { /* ャュョ: only after an i-row syllable */
		if (n < 2 || p->s[n - 1] != 'i') {
			set_syl(p, p->s, v);
			return;
		}
		(void)snprintf(stem, sizeof(stem), "%.*s", (int)(n - 1), p->s);
		if (strcmp(p->s, "shi") == 0 || strcmp(p->s, "chi") == 0 ||
		    strcmp(p->s, "ji") == 0)
			set_syl(p, stem, v + 1); /* sha, cha, ja */
		else
			set_syl(p, stem, v); /* kya, nyu, ryo */
		return;
	}
	if (strcmp(p->s, "u") == 0) { /* ウィ ウェ ウォ */
		set_syl(p, "w", v);
		return;
	}
	if (n == 1 && p->s[0] == v[0]) /* アァ: a long vowel */
		return;
	if (strcmp(p->s, "te") == 0 || strcmp(p->s, "de") == 0 ||
	    strcmp(p->s, "to") == 0 || strcmp(p->s, "do") == 0) {
		p->s[1] = v[0]; /* ティ ディ トゥ ドゥ */
		return;
	}
	if (n >= 1 && vowel(p->s[n - 1])) {
		(void)snprintf(stem, sizeof(stem), "%.*s", (int)(n - 1), p->s);
		set_syl(p, stem, v); /* ファ fa, シェ she, ヴァ va */
		return;
	}
	set_syl(p, p->s, v);
}

/* The syllables of @kana into @y (SYL_MAX at most): hiragana read as
 * katakana, a small kana joined to the syllable before it, what is not
 * kana left out.  Returns their count. */
static size_t
kana_syllables(const char *kana, struct syl *y)
{
	const unsigned char *p = (const unsigned char *)kana;
	size_t n = 0;

	while (*p != '\0' && n < SYL_MAX) {
		uint32_t c = next_utf8(&p);
		const char *t;

		if (c >= 0x3041 && c <= 0x3096)
			c += 0x60; /* hiragana to katakana */
		if (c == 0x30fc) {
			y[n++].kind = '-';
			continue;
		}
		if (c < 0x30a1 || c > 0x30fa)
			continue;
		t = kata[c - 0x30a1];
		if (c == 0x30c3) {
			y[n++].kind = 'q';
			continue;
		}
		if (c == 0x30f3) {
			y[n++].kind = 'n';
			continue;
		}
		if (t[0] == '~' && c != 0x30ee) {
			if (n > 0 && y[n - 1].kind == 's') {
				join_small(&y[n - 1], t + 1);
				continue;
			}
			t++;
		}
		if (t[0] == '~')
			t++;
		y[n].kind = 's';
		set_syl(&y[n++], t, "");
	}
	return n;
}

/* Whether syllable @i of @y (@n of them) would make the vowel before it
 * long, @prev saying whether that one was itself a long vowel's. */
static bool
lengthens(const struct syl *y, size_t n, size_t i, bool prev)
{
	const struct syl *nx = i + 1 < n ? &y[i + 1] : NULL;
	bool o = strcmp(y[i].s, "o") == 0, u = strcmp(y[i].s, "u") == 0;
	char last;

	if (i == 0 || prev || y[i].kind != 's' || y[i - 1].kind != 's' ||
	    !(o || u))
		return false;
	last = y[i - 1].s[strlen(y[i - 1].s) - 1];
	if (!(last == 'o' || (u && last == 'u')))
		return false;
	if (nx == NULL || !vowel_only(nx))
		return true;
	/* オオウ, オオオ: this one is the long one, the next its own */
	return o && (strcmp(nx->s, "u") == 0 || strcmp(nx->s, "o") == 0);
}

/* Whether syllable @i of @y (@n of them) only makes the vowel before it
 * long, which the passport does not write: オウ, オオ, ウウ.  A vowel is
 * made long once (オオウチ is OUCHI, オオオカ OOKA), and the first of two
 * is the long one; before another vowel a ウ is its own (イノウエ is
 * INOUE). */
static bool
is_long(const struct syl *y, size_t n, size_t i)
{
	bool prev = false;

	for (size_t j = 1; j <= i; j++)
		prev = lengthens(y, n, j, prev);
	return prev;
}

/* What syllable @i of @y (@n of them) writes in passport Hepburn; @one
 * (two bytes, zeroed) holds the letter a sokuon doubles. */
static const char *
syl_text(const struct syl *y, size_t n, size_t i, char one[2])
{
	const struct syl *nx = i + 1 < n ? &y[i + 1] : NULL;

	switch (y[i].kind) {
	case 'q': /* ッ doubles what follows: ッチ is tch */
		if (nx != NULL && nx->kind == 's' && !vowel(nx->s[0])) {
			one[0] = (char)(nx->s[0] == 'c' ? 't' : nx->s[0]);
			return one;
		}
		return "";
	case 'n': /* ン is m before b, m, p */
		return nx != NULL && nx->kind == 's' &&
		        (nx->s[0] == 'b' || nx->s[0] == 'm' || nx->s[0] == 'p')
		    ? "m"
		    : "n";
	case '-':
		return "";
	default:
		return is_long(y, n, i) ? "" : y[i].s;
	}
}

size_t
scs_name_hepburn(const char *kana, char *out, size_t size)
{
	struct syl y[SYL_MAX];
	size_t n, at = 0, i;

	if (size == 0)
		return 0;
	out[0] = '\0';
	n = kana_syllables(kana, y);
	for (i = 0; i < n; i++) {
		char one[2] = {0, 0};
		const char *w = syl_text(y, n, i, one);

		for (; *w != '\0' && at + 1 < size; w++)
			out[at++] = *w;
		out[at] = '\0';
	}
	return at;
}

/* ---- romaji keys ------------------------------------------------------ */

/* The Hepburn spelling of letter @c after @b and before @d when it is
 * Kunrei-shiki or Nihon-shiki, else NULL; *@both: @d is part of it. */
static const char *
kunrei_letter(char b, char c, char d, bool *both)
{
	*both = false;
	if (d == 'y' &&
	    (c == 's' || c == 't' || c == 'z' || c == 'j' || c == 'd')) {
		*both = true; /* sya -> sha, tya -> cha, zya -> ja */
		return c == 's' ? "sh" : c == 't' ? "ch" : "j";
	}
	if (c == 's' && d == 'i')
		return "sh";
	if (c == 't' && d == 'i')
		return "ch";
	if (c == 't' && d == 'u')
		return "ts";
	if (c == 'h' && d == 'u' && b != 's' && b != 'c')
		return "f"; /* hu, but not the shu and chu of Hepburn */
	if ((c == 'z' || c == 'd') && d == 'i')
		return "j";
	if (c == 'd' && d == 'u')
		return "z";
	return NULL;
}

/* Kunrei-shiki and Nihon-shiki spellings in Hepburn (si -> shi, ti ->
 * chi, tu -> tsu, hu -> fu, zi and di -> ji, du -> zu, sya -> sha, tya ->
 * cha, zya -> ja): another system of the same sounds, not another name. */
static size_t
kunrei_to_hepburn(const char *in, size_t n, char *out, size_t size)
{
	size_t j = 0;

	for (size_t i = 0; i < n && j + 4 < size; i++) {
		char c = in[i], d = (char)(i + 1 < n ? in[i + 1] : 0);
		char b = (char)(i > 0 ? in[i - 1] : 0);
		bool both;
		const char *w = kunrei_letter(b, c, d, &both);

		if (c == 'y' && j > 0 && out[j - 1] == 'j')
			continue; /* zyya: jya would fold to ja again */
		if (w == NULL) {
			out[j++] = c;
			continue;
		}
		if (both)
			i++;
		while (*w != '\0')
			out[j++] = *w++;
	}
	out[j] = '\0';
	return j;
}

/* Whether letter @i of @l (@n letters) after @prev (the letter kept
 * before it, 0 for none) only makes a vowel long, which the fold drops. */
static bool
long_vowel(const char *l, size_t n, size_t i, char prev)
{
	char c = l[i];

	if ((c == 'o' || c == 'u') && prev == 'o')
		return true; /* oo, ou */
	if (c == 'u' && prev == 'u')
		return true; /* uu */
	/* oh: a long o however it stands (OHNO; OHASHI and OASHI,
	 * OHARA and OARA fold alike, and both sides fold the same) */
	if (c == 'h' && prev == 'o')
		return true;
	/* YUHKI */
	return c == 'h' && prev == 'u' && (i + 1 == n || !vowel(l[i + 1]));
}

void
scs_name_romaji_fold(const char *romaji, char *out, size_t size)
{
	char raw[SCS_NAME_KEY * 2], l[SCS_NAME_KEY * 3];
	size_t n = 0, j = 0, i;

	if (size == 0)
		return;
	for (; *romaji != '\0' && n + 1 < sizeof(raw); romaji++) {
		char c = *romaji;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c >= 'a' && c <= 'z')
			raw[n++] = c;
	}
	n = kunrei_to_hepburn(raw, n, l, sizeof(l));
	for (i = 0; i < n && j + 1 < size; i++) {
		char c = l[i], prev = (char)(j > 0 ? out[j - 1] : 0);

		if (long_vowel(l, n, i, prev))
			continue;
		/* an h whose vowel is cut off by @size would not fold to
		 * itself again */
		if (c == 'h' && prev == 'u' && j + 2 >= size)
			continue;
		if (c == 'm' && i + 1 < n &&
		    (l[i + 1] == 'b' || l[i + 1] == 'm' || l[i + 1] == 'p'))
			c = 'n';
		out[j++] = c;
	}
	out[j] = '\0';
}

void
scs_name_romaji_phon(const char *fold, char *out, size_t size)
{
	char a[SCS_NAME_KEY * 2], b[SCS_NAME_KEY * 3];
	size_t n = 0, m = 0, j = 0, i;

	if (size == 0)
		return;
	/* (Kunrei-shiki is Hepburn already: the fold did it.) */
	for (i = 0; fold[i] != '\0' && n + 1 < sizeof(a); i++)
		a[n++] = fold[i];
	a[n] = '\0';
	/* Voiced to voiceless (the kana voicing fold: ガ -> カ), l -> r. */
	for (i = 0; i < n && m + 3 < sizeof(b); i++) {
		switch (a[i]) {
		case 'g':
			b[m++] = 'k';
			break;
		case 'z':
			b[m++] = 's';
			break;
		case 'j':
			b[m++] = 's', b[m++] = 'h';
			break;
		case 'd':
			b[m++] = 't';
			break;
		case 'b':
		case 'p':
		case 'v':
			b[m++] = a[i + 1] == 'u' ? 'f' : 'h';
			break;
		case 'l':
			b[m++] = 'r';
			break;
		default:
			b[m++] = a[i];
		}
	}
	b[m] = '\0';
	/* Doubled letters single (ッ, long vowels), tch -> ch, a final h
	 * after a vowel dropped. */
	for (i = 0; i < m && j + 1 < size; i++) {
		char c = b[i];

		if (j > 0 && out[j - 1] == c)
			continue;
		if (c == 't' && b[i + 1] == 'c' && b[i + 2] == 'h')
			continue;
		if (c == 'h' && i + 1 == m && j > 0 && vowel(out[j - 1]))
			continue;
		out[j++] = c;
	}
	out[j] = '\0';
}

/* ---- tables ----------------------------------------------------------- */

static uint32_t
variant_of(const struct scs_namer *nm, uint32_t c)
{
	size_t lo = 0, hi = nm->nv;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (nm->v[mid].from == c)
			return nm->v[mid].to;
		if (nm->v[mid].from < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return c;
}

/* Fold the kanji of @cps (@n of them) in place. */
static void
fold_han(const struct scs_namer *nm, uint32_t *cps, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];

		if (c == 0x3005 && i > 0) /* 々 repeats */
			c = cps[i - 1];
		else if (c == 0x30f6 || c == 0x30f5 || c == 0x30ab ||
		    c == 0x30ac || c == 0x304b || c == 0x304c || c == 0x3051 ||
		    c == 0x3052)
			c = 0x30b1; /* 関ヶ原, 関ケ原, 関が原 */
		else
			c = variant_of(nm, c);
		cps[i] = c;
	}
}

static int
cmp_variant(const void *a, const void *b)
{
	const struct variant *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

/* One code point and nothing else in @s (@len bytes), else 0. */
static uint32_t
one_cp(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	if (len == 0 || len > 4 || !scs_utf8_valid(s, len))
		return 0;
	uint32_t c = next_utf8(&p);
	return (const char *)p == s + len ? c : 0;
}

/* Call @cb for each data line of CSV @text: its two fields. */
static int
each_pair(const char *text, size_t len, const char *what,
    int (*cb)(struct scs_namer *, const char *, size_t, const char *, size_t,
        struct scs_err *),
    struct scs_namer *nm, struct scs_err *err)
{
	const char *p = text, *end = text + len;
	size_t line = 0;

	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p)), *comma;
		size_t n = e != NULL ? (size_t)(e - p) : (size_t)(end - p);
		int rc;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (n == 0 || p[0] == '#' || line == 1 ||
		    (n >= 5 && memcmp(p, "kanji", 5) == 0) ||
		    (n >= 7 && memcmp(p, "variant", 7) == 0))
			goto next;
		comma = memchr(p, ',', n);
		if (comma == NULL ||
		    memchr(comma + 1, ',', n - (size_t)(comma - p) - 1) !=
		        NULL) {
			rc = scs_err_set(err, SCS_EINVAL, "",
			    "must be two fields separated by a comma");
		} else {
			rc = cb(nm, p, (size_t)(comma - p), comma + 1,
			    n - (size_t)(comma - p) - 1, err);
		}
		if (rc != SCS_OK) {
			char field[48];

			(void)snprintf(field, sizeof(field), "%s:%zu", what,
			    line);
			if (err != NULL)
				(void)scs_strlcpy(err->field, field,
				    sizeof(err->field));
			return rc;
		}
	next:
		if (e == NULL)
			break;
		p = e + 1;
	}
	return SCS_OK;
}

static int
add_variant(struct scs_namer *nm, const char *a, size_t alen, const char *b,
    size_t blen, struct scs_err *err)
{
	uint32_t from = one_cp(a, alen), to = one_cp(b, blen);
	struct variant *v;

	if (from == 0 || to == 0 || from == to)
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be two different characters");
	v = realloc(nm->v, (nm->nv + 1) * sizeof(*v));
	if (v == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	nm->v = v;
	v[nm->nv].from = from;
	v[nm->nv++].to = to;
	return SCS_OK;
}

static size_t
to_cps(const char *s, size_t len, uint32_t *cps, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *end = p + len;
	size_t n = 0;

	while (p < end && n < max)
		cps[n++] = next_utf8(&p);
	return n;
}

static int
add_reading(struct scs_namer *nm, const char *a, size_t alen, const char *b,
    size_t blen, struct scs_err *err)
{
	uint32_t cps[CPS_MAX];
	char key[SCS_NAME_KEY], kana[SCS_NAME_KEY * 2], rom[SCS_NAME_KEY * 2];
	char fold[SCS_NAME_KEY];
	struct reading *r;
	size_t n, i;

	if (alen == 0 || blen == 0 || blen >= sizeof(kana) ||
	    alen >= SCS_NAME_KEY || !scs_utf8_valid(a, alen) ||
	    !scs_utf8_valid(b, blen))
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a kanji name and its reading in kana");
	n = to_cps(a, alen, cps, CPS_MAX);
	fold_han(nm, cps, n);
	cps_utf8(cps, n, key, sizeof(key));
	memcpy(kana, b, blen);
	kana[blen] = '\0';
	if (scs_name_hepburn(kana, rom, sizeof(rom)) == 0)
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a kanji name and its reading in kana");
	scs_name_romaji_fold(rom, fold, sizeof(fold));
	r = scs_map_get(nm->readings, key, strlen(key), 1);
	if (r == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; i < r->n; i++)
		if (strcmp(r->r[i], fold) == 0)
			return SCS_OK;
	if (r->n < SCS_NAME_READING)
		(void)scs_strlcpy(r->r[r->n++], fold, SCS_NAME_KEY);
	return SCS_OK;
}

int
scs_namer_new(const char *variants, size_t vlen, const char *readings,
    size_t rlen, struct scs_namer **out, struct scs_err *err)
{
	struct scs_namer *nm = calloc(1, sizeof(*nm));
	UErrorCode st = U_ZERO_ERROR;
	const char *e;
	int rc;

	*out = NULL;
	if (nm == NULL ||
	    (nm->readings = scs_map_new(sizeof(struct reading))) == NULL) {
		scs_namer_free(nm);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	nm->nfkc = unorm2_getNFKCInstance(&st);
	nm->nfd = unorm2_getNFDInstance(&st);
	if (U_FAILURE(st)) {
		scs_namer_free(nm);
		return scs_err_set(err, SCS_EINTERNAL, "icu",
		    "Unicode normalization data is missing: %s",
		    u_errorName(st));
	}
	if (vlen > 2 && variants[0] == '#') {
		e = memchr(variants, '\n', vlen);
		(void)snprintf(nm->version, sizeof(nm->version), "%.*s",
		    (int)((e != NULL ? (size_t)(e - variants) : vlen) - 2),
		    variants + 2);
	}
	rc = each_pair(variants, vlen, "variants", add_variant, nm, err);
	if (rc == SCS_OK && nm->v != NULL) { /* NULL: no variants */
		qsort(nm->v, nm->nv, sizeof(*nm->v), cmp_variant);
		for (size_t i = 1; rc == SCS_OK && i < nm->nv; i++)
			if (nm->v[i].from == nm->v[i - 1].from)
				rc = scs_err_set(err, SCS_EINVAL, "variants",
				    "U+%04X is listed twice",
				    (unsigned)nm->v[i].from);
	}
	/* the readings are keyed by folded kanji: after the variants */
	if (rc == SCS_OK && readings != NULL)
		rc =
		    each_pair(readings, rlen, "readings", add_reading, nm, err);
	if (rc != SCS_OK) {
		scs_namer_free(nm);
		return rc;
	}
	*out = nm;
	return SCS_OK;
}

int
scs_namer_default(struct scs_namer **out, struct scs_err *err)
{
	const struct scs_embedded *v = scs_embedded_get("kanji-variants.csv");
	const struct scs_embedded *r = scs_embedded_get("name-readings.csv");

	if (v == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "kanji-variants.csv",
		    "is not in the binary");
	return scs_namer_new((const char *)v->data, v->len,
	    r != NULL ? (const char *)r->data : NULL, r != NULL ? r->len : 0,
	    out, err);
}

void
scs_namer_free(struct scs_namer *n)
{
	if (n == NULL)
		return;
	free(n->v);
	scs_map_free(n->readings);
	free(n);
}

const char *
scs_namer_version(const struct scs_namer *n)
{
	return n->version;
}

/* ---- tokens ----------------------------------------------------------- */

/* A Latin letter without its diacritics, in lower case, into @out ("" for
 * no letter). */
static void
latin_base(const struct scs_namer *nm, uint32_t c, char out[4])
{
	UChar d[8];
	UErrorCode st = U_ZERO_ERROR;
	int32_t n;

	out[0] = '\0';
	if (c < 0x80) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			out[0] = (char)(c | 0x20), out[1] = '\0';
		return;
	}
	switch (c) {
	case 0xdf: /* ß */
		(void)memcpy(out, "ss", 3);
		return;
	case 0xe6:
	case 0xc6:
		(void)memcpy(out, "ae", 3);
		return;
	case 0x153:
	case 0x152:
		(void)memcpy(out, "oe", 3);
		return;
	case 0xf8:
	case 0xd8:
		(void)memcpy(out, "o", 2);
		return;
	case 0x111:
	case 0x110:
		(void)memcpy(out, "d", 2);
		return;
	case 0x142:
	case 0x141:
		(void)memcpy(out, "l", 2);
		return;
	case 0x131:
		(void)memcpy(out, "i", 2);
		return;
	case 0xfe:
	case 0xde:
		(void)memcpy(out, "th", 3);
		return;
	default:
		break;
	}
	n = unorm2_getDecomposition(nm->nfd, (UChar32)c, d, 8, &st);
	if (U_SUCCESS(st) && n > 0 && d[0] < 0x80 &&
	    ((d[0] >= 'a' && d[0] <= 'z') || (d[0] >= 'A' && d[0] <= 'Z')))
		out[0] = (char)(d[0] | 0x20), out[1] = '\0';
}

static bool
is_latin_letter(uint32_t c)
{
	return (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) ||
	    (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
	    (c >= 0x1e00 && c <= 0x1eff);
}

/* The script of token @cps (@n code points): kanji if it holds one,
 * else kana, else Latin letters, else other. */
static enum scs_script
script_of(const uint32_t *cps, size_t n)
{
	size_t nhan = 0, nkana = 0, nlat = 0;

	for (size_t i = 0; i < n; i++) {
		nhan += is_han(cps[i]);
		nkana += is_kana(cps[i]);
		nlat += is_latin_letter(cps[i]);
	}
	return nhan > 0 ? SCS_SCRIPT_HAN
	    : nkana > 0 ? SCS_SCRIPT_KANA
	    : nlat > 0  ? SCS_SCRIPT_LATIN
	                : SCS_SCRIPT_OTHER;
}

/* Kanji token @t from @cps (@n, folded in place): as written, folded,
 * and the readings the table knows. */
static void
han_token(const struct scs_namer *nm, uint32_t *cps, size_t n,
    struct scs_name_token *t)
{
	struct reading *r;

	cps_utf8(cps, n, t->exact, sizeof(t->exact));
	fold_han(nm, cps, n);
	cps_utf8(cps, n, t->fold, sizeof(t->fold));
	r = scs_map_get(nm->readings, t->fold, strlen(t->fold), 0);
	if (r != NULL) {
		for (size_t i = 0; i < r->n; i++)
			(void)scs_strlcpy(t->readings[i], r->r[i],
			    SCS_NAME_KEY);
		t->nreadings = r->n;
	}
}

/* Kana token @t from @cps (@n, rewritten in place: hiragana as
 * katakana, the iteration marks spelled out), its Hepburn into @rom
 * (@size bytes). */
static void
kana_token(uint32_t *cps, size_t n, struct scs_name_token *t, char *rom,
    size_t size)
{
	char kana[SCS_NAME_KEY * 2];

	for (size_t i = 0; i < n; i++) {
		uint32_t c = cps[i];

		if (c >= 0x3041 && c <= 0x3096)
			c += 0x60;
		else if ((c == 0x309d || c == 0x30fd) && i > 0)
			c = cps[i - 1]; /* ゝ ヽ repeat */
		else if ((c == 0x309e || c == 0x30fe) && i > 0 &&
		    is_kana(cps[i - 1]))
			c = cps[i - 1] + 1; /* ゞ ヾ voice a kana */
		cps[i] = c;
	}
	cps_utf8(cps, n, t->exact, sizeof(t->exact));
	cps_utf8(cps, n, kana, sizeof(kana));
	(void)scs_name_hepburn(kana, rom, size);
}

/* Latin token @t from @cps (@n), its letters without diacritics in lower
 * case into @rom (@size bytes). */
static void
latin_token(const struct scs_namer *nm, const uint32_t *cps, size_t n,
    struct scs_name_token *t, char *rom, size_t size)
{
	size_t at = 0;

	cps_utf8(cps, n, t->exact, sizeof(t->exact));
	rom[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		char b[4];

		latin_base(nm, cps[i], b);
		for (char *p = b; *p != '\0' && at + 1 < size; p++)
			rom[at++] = *p;
		rom[at] = '\0';
	}
}

static void
make_token(const struct scs_namer *nm, uint32_t *cps, size_t n,
    struct scs_name_token *t)
{
	char rom[SCS_NAME_KEY * 2];
	size_t i, at;

	memset(t, 0, sizeof(*t));
	t->script = script_of(cps, n);
	switch (t->script) {
	case SCS_SCRIPT_HAN:
		han_token(nm, cps, n, t);
		return;
	case SCS_SCRIPT_KANA:
		kana_token(cps, n, t, rom, sizeof(rom));
		break;
	case SCS_SCRIPT_LATIN:
		latin_token(nm, cps, n, t, rom, sizeof(rom));
		break;
	case SCS_SCRIPT_OTHER:
		cps_utf8(cps, n, t->exact, sizeof(t->exact));
		(void)scs_strlcpy(t->fold, t->exact, sizeof(t->fold));
		return;
	}
	for (i = 0, at = 0; rom[i] != '\0' && at + 1 < sizeof(t->roman); i++)
		if (rom[i] >= 'a' && rom[i] <= 'z')
			t->roman[at++] = rom[i];
	t->roman[at] = '\0';
	scs_name_romaji_fold(rom, t->fold, sizeof(t->fold));
	scs_name_romaji_phon(t->fold, t->phon, sizeof(t->phon));
	if (t->fold[0] != '\0') {
		(void)scs_strlcpy(t->readings[0], t->fold, SCS_NAME_KEY);
		t->nreadings = 1;
	}
}

/* Whether Latin token @cps is all capitals (two letters at least). */
static int
caps(const uint32_t *cps, size_t n, bool *lower)
{
	size_t up = 0;

	for (size_t i = 0; i < n; i++) {
		if (u_islower((UChar32)cps[i]))
			*lower = true;
		else if (u_isupper((UChar32)cps[i]))
			up++;
	}
	return up >= 2 && up == n;
}

/* The state of one parse: the token being read. */
struct cut {
	const struct scs_namer *nm;
	struct scs_name *out;
	uint32_t cps[CPS_MAX];
	size_t n;
	unsigned capital;
	bool lower;
};

static void flush_one(struct cut *k);

/* The token read so far, if any, into the name; kanji followed by kana
 * to its end (岡城さくら, a family name and a given name in hiragana with
 * no space between) are two tokens. */
static void
flush(struct cut *k)
{
	size_t i = k->n, han = 0;

	while (i > 0 && is_kana(k->cps[i - 1]) && k->cps[i - 1] != 0x30f6 &&
	    k->cps[i - 1] != 0x30f5)
		i--;
	for (size_t j = 0; j < i; j++)
		han += is_han(k->cps[j]) || k->cps[j] == 0x30f6 ||
		    k->cps[j] == 0x30f5;
	if (i > 0 && han == i && k->n - i >= 2) {
		uint32_t rest[CPS_MAX];
		size_t nrest = k->n - i;

		memcpy(rest, k->cps + i, nrest * sizeof(*rest));
		k->n = i;
		flush_one(k);
		memcpy(k->cps, rest, nrest * sizeof(*rest));
		k->n = nrest;
	}
	flush_one(k);
}

static void
flush_one(struct cut *k)
{
	struct scs_name_token *t;
	UChar u[CPS_MAX * 2], f[CPS_MAX * 4];
	UErrorCode st = U_ZERO_ERROR;
	int32_t ul = 0, fl, q = 0;

	if (k->n == 0 || k->out->ntokens == SCS_NAME_TOKENS) {
		k->n = 0;
		return;
	}
	t = &k->out->t[k->out->ntokens];
	if (caps(k->cps, k->n, &k->lower))
		k->capital |= 1U << k->out->ntokens;
	/* Case folding, token by token, once the capitals were seen. */
	for (size_t i = 0; i < k->n; i++)
		U16_APPEND_UNSAFE(u, ul, (UChar32)k->cps[i]);
	fl = u_strFoldCase(f, CPS_MAX * 4, u, ul, U_FOLD_CASE_DEFAULT, &st);
	if (U_SUCCESS(st)) {
		k->n = 0;
		while (q < fl && k->n < CPS_MAX) {
			UChar32 c;

			U16_NEXT(f, q, fl, c);
			k->cps[k->n++] = (uint32_t)c;
		}
	}
	make_token(k->nm, k->cps, k->n, t);
	if (t->exact[0] != '\0')
		k->out->ntokens++;
	k->n = 0;
}

void
scs_name_parse(const struct scs_namer *nm, const char *text,
    struct scs_name *out)
{
	UChar src[TEXT_MAX], nf[TEXT_MAX * 2];
	struct cut k = {.nm = nm, .out = out};
	UErrorCode st = U_ZERO_ERROR;
	size_t len = strlen(text);
	int32_t ulen, nlen, i = 0;

	memset(out, 0, sizeof(*out));
	if (len > TEXT_MAX || !scs_utf8_valid(text, len))
		return;
	u_strFromUTF8(src, TEXT_MAX, &ulen, text, (int32_t)len, &st);
	if (U_FAILURE(st))
		return;
	nlen = unorm2_normalize(nm->nfkc, src, ulen, nf, TEXT_MAX * 2, &st);
	if (U_FAILURE(st))
		return;
	while (i < nlen) {
		UChar32 c;

		U16_NEXT(nf, i, nlen, c);
		if (!is_sep((uint32_t)c)) {
			if (k.n < CPS_MAX)
				k.cps[k.n++] = (uint32_t)c;
			continue;
		}
		flush(&k);
		if ((c == ',' || c == 0x3001 || c == 0xff0c) && out->comma == 0)
			out->comma = out->ntokens;
	}
	flush(&k);
	if (out->comma >= out->ntokens)
		out->comma = 0;
	if (k.lower)
		out->upper = k.capital;
}

void
scs_name_fold_key(const struct scs_namer *n, const char *text, bool reading,
    char *out, size_t size)
{
	struct scs_name nm;
	size_t at = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	scs_name_parse(n, text, &nm);
	for (size_t i = 0; i < nm.ntokens; i++) {
		const struct scs_name_token *t = &nm.t[i];
		const char *k =
		    reading && t->nreadings > 0 ? t->readings[0] : t->fold;
		int w = snprintf(out + at, size - at, "%s%s", at ? " " : "", k);

		if (w < 0 || (size_t)w >= size - at)
			break;
		at += (size_t)w;
	}
}
