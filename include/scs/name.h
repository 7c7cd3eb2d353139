/* SPDX-License-Identifier: Apache-2.0 */
/*
 * name.h - personal names made comparable across Japanese and Latin
 * script, for continuous vetting (docs/continuous-vetting.md, "Names").
 *
 * A name (any script, any order) is cut into tokens at spaces, commas and
 * middle dots; each token gets keys of decreasing strictness:
 *
 *   exact   NFKC and case folding (full-width letters, half-width kana and
 *           the ideographic space become their usual forms); kana in
 *           katakana
 *   fold    kanji: each character folded to its standard form by the
 *           variant table (髙 -> 高, 齋 -> 斎; 々 repeats the character
 *           before it); kana: romanized in passport Hepburn, then the
 *           romaji fold; Latin: diacritics dropped, then the romaji fold
 *           (Kunrei-shiki spellings in Hepburn: si -> shi, tu -> tsu;
 *           oh/oo/ou -> o, uu -> u, m -> n before b/m/p, anything not a
 *           letter dropped)
 *   phon    kana and Latin: the fold further folded for sound (voiced to
 *           voiceless consonants, doubled consonants and long vowels
 *           single, l -> r)
 *   readings kanji: the fold keys of the readings a table knows for the
 *           token (大野 -> "ono"); kana and Latin: the fold itself
 *
 * The romanizer is the passport's Hepburn (オオノ -> ONO, サイトウ ->
 * SAITO, カンベ -> KAMBE), not ICU's transliterator, which writes the
 * long vowels out (oono, saitou) and ン as n (kanbe).
 *
 * Part of core: no I/O.  ICU (Debian's libicu) does Unicode normalization;
 * the tables arrive as text (data/kanji-variants.csv, data/name-readings.csv,
 * embedded in the binary).  A namer is immutable once made: any number of
 * threads may use one at once.
 */
#ifndef SCS_NAME_H
#define SCS_NAME_H

#include <stdbool.h>
#include <stddef.h>

#include "scs/err.h"

#define SCS_NAME_TOKENS  8  /* tokens of one name kept; more are dropped */
#define SCS_NAME_KEY     96 /* bytes of one key, NUL included */
#define SCS_NAME_READING 3  /* readings kept per kanji token */

enum scs_script {
	SCS_SCRIPT_HAN, /* holds a kanji (a kanji name, 佐々木, 三ヶ島) */
	SCS_SCRIPT_KANA,  /* kana only (either width, or hiragana) */
	SCS_SCRIPT_LATIN, /* Latin letters */
	SCS_SCRIPT_OTHER  /* anything else (Hangul, Cyrillic...): exact only */
};

struct scs_name_token {
	enum scs_script script;
	char exact[SCS_NAME_KEY];
	char roman[SCS_NAME_KEY]; /* kana: passport Hepburn; Latin: its
	                           * letters without diacritics; else "" */
	char fold[SCS_NAME_KEY];
	char phon[SCS_NAME_KEY]; /* "" for kanji and other scripts */
	char readings[SCS_NAME_READING][SCS_NAME_KEY];
	size_t nreadings;
};

/* A name cut into tokens, in the order written. */
struct scs_name {
	struct scs_name_token t[SCS_NAME_TOKENS];
	size_t ntokens;
	/* Tokens before a comma are the family name ("Ono, Taro"): the index
	 * of the first token after the comma, or 0 when there is none. */
	size_t comma;
	/* Bit i: token i was written in capitals while some other Latin
	 * token was not ("ONO Taro", "Taro ONO"): the family name. */
	unsigned upper;
};

struct scs_namer;

/**
 * Make a namer from the text of the variant table (@variants, @vlen: CSV
 * "variant,standard", one code point each, '#' comment lines; see
 * data/kanji-variants.csv) and of the readings table (@readings, @rlen:
 * CSV "kanji,kana"; NULL for none).  *@out is freed with
 * scs_namer_free.  SCS_EINVAL for a bad line (err->field "variants:LINE"
 * or "readings:LINE"), SCS_ECRYPTO never, SCS_EINTERNAL when ICU is
 * missing its normalization data, SCS_ENOMEM.
 */
int scs_namer_new(const char *variants, size_t vlen, const char *readings,
    size_t rlen, struct scs_namer **out, struct scs_err *err);

/** The namer of the tables embedded in the binary.  Same returns. */
int scs_namer_default(struct scs_namer **out, struct scs_err *err);

void scs_namer_free(struct scs_namer *n);

/** The variant table's version line ("scs kanji variants, version 1"),
 * owned by @n. */
const char *scs_namer_version(const struct scs_namer *n);

/**
 * Cut @text (UTF-8, at most 1 KiB) into tokens with their keys.  Text
 * that is not valid UTF-8 gives no tokens.  Never fails: a token too long
 * for a key is cut short at a character boundary.  Thread-safe.
 */
void scs_name_parse(const struct scs_namer *nm, const char *text,
    struct scs_name *out);

/**
 * The katakana @kana (UTF-8; hiragana is taken too) in passport Hepburn,
 * lower case, into @out (truncated at @size).  Characters that are not
 * kana are left out.  Returns the length written.
 */
size_t scs_name_hepburn(const char *kana, char *out, size_t size);

/** The romaji fold of @romaji (ASCII) into @out; see above. */
void scs_name_romaji_fold(const char *romaji, char *out, size_t size);

/** The phonetic key of a romaji fold @fold into @out; see above. */
void scs_name_romaji_phon(const char *fold, char *out, size_t size);

/**
 * The fold keys of @text, token by token, joined by one space, into @out:
 * what the unit tests compare.  Kanji tokens give their first known
 * reading when @reading and the table knows one, else their folded
 * kanji.
 */
void scs_name_fold_key(const struct scs_namer *n, const char *text,
    bool reading, char *out, size_t size);

#endif
