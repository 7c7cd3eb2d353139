/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_cvfeed.c - the continuous-vetting feed (include/scs/cvfeed.h), a
 * JSON Lines file of outside records an operator hands to `scs cv match`,
 * and the name normalizer that every name in it goes through
 * (include/scs/name.h, src/core/name.c).  The input is a feed, given to
 * scs_cv_feed_parse (src/codec/cvfeed.c).
 *
 * Properties.  A refused feed keeps nothing (no records, count 0) and
 * names "fuzz:LINE" (then ": member" or nothing) with a reason.  An
 * accepted feed holds one record per line that is neither blank nor a
 * comment, in order, each with the id of its line's JSON, and every
 * record keeps the documented rules: id, source, type, date and name
 * present and valid, source and type codes, dates that are dates, an
 * optional member empty or valid, ids unique.
 *
 * Names: every name of an accepted record, and the raw input itself (cut
 * at its first NUL and at 1 KiB), go through scs_name_parse and
 * scs_name_fold_key.  Every key of every token is NUL-terminated valid
 * UTF-8 within SCS_NAME_KEY; a token of kana or Latin letters has fold,
 * phon and roman keys of lower-case ASCII letters only, its fold as its
 * one reading, and a fold that folds to itself again
 * (scs_name_romaji_fold); scs_name_hepburn writes lower-case ASCII only,
 * within its buffer; the fold key is the tokens' folds joined by spaces;
 * a parse is the same twice.
 */
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "scs/cvfeed.h"
#include "scs/model.h"
#include "scs/name.h"
#include "scs/util.h"

#include "fuzz.h"

#define RAW_MAX 1024 /* bytes of a name scs_name_parse takes */

/* The namer of the embedded tables, made once: it is immutable. */
static const struct scs_namer *
namer(void)
{
	static struct scs_namer *nm;
	struct scs_err err;

	if (nm == NULL) {
		scs_err_clear(&err);
		if (scs_namer_default(&nm, &err) != SCS_OK)
			(void)fprintf(stderr, "namer: %s: %s\n", err.field,
			    err.reason);
		FUZZ_CHECK(nm != NULL);
	}
	return nm;
}

/* Whether @s is lower-case ASCII letters only ("" is). */
static bool
lower_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < 'a' || *s > 'z')
			return false;
	return true;
}

/* A key: NUL-terminated within SCS_NAME_KEY, valid UTF-8. */
static void
check_key(const char *k)
{
	const char *nul = memchr(k, '\0', SCS_NAME_KEY);

	FUZZ_CHECK(nul != NULL);
	FUZZ_CHECK(scs_utf8_valid(k, (size_t)(nul - k)));
}

/* scs_name_hepburn of valid UTF-8 @s: lower-case ASCII, within the
 * buffer, whatever its size. */
static void
check_hepburn(const char *s)
{
	char out[SCS_NAME_KEY * 2], small[5];
	size_t n;

	n = scs_name_hepburn(s, out, sizeof(out));
	FUZZ_CHECK(n < sizeof(out) && strlen(out) == n);
	FUZZ_CHECK(lower_ascii(out));
	n = scs_name_hepburn(s, small, sizeof(small));
	FUZZ_CHECK(n < sizeof(small) && strlen(small) == n);
	FUZZ_CHECK(lower_ascii(small));
	/* a cut romanization is the start of the whole one */
	FUZZ_CHECK(strncmp(small, out, n) == 0);
}

/* The romaji fold of @s folds to itself; fold and phon are letters. */
static void
check_romaji(const char *s)
{
	char fold[SCS_NAME_KEY], again[SCS_NAME_KEY], phon[SCS_NAME_KEY];

	scs_name_romaji_fold(s, fold, sizeof(fold));
	FUZZ_CHECK(strlen(fold) < sizeof(fold) && lower_ascii(fold));
	scs_name_romaji_fold(fold, again, sizeof(again));
	FUZZ_CHECK(strcmp(fold, again) == 0);
	scs_name_romaji_phon(fold, phon, sizeof(phon));
	FUZZ_CHECK(strlen(phon) < sizeof(phon) && lower_ascii(phon));
}

static void
check_token(const struct scs_name_token *t)
{
	char again[SCS_NAME_KEY];

	check_key(t->exact);
	check_key(t->roman);
	check_key(t->fold);
	check_key(t->phon);
	FUZZ_CHECK(t->exact[0] != '\0'); /* empty tokens are not kept */
	FUZZ_CHECK(t->nreadings <= SCS_NAME_READING);
	for (size_t i = 0; i < SCS_NAME_READING; i++) {
		check_key(t->readings[i]);
		FUZZ_CHECK(i < t->nreadings || t->readings[i][0] == '\0');
	}
	FUZZ_CHECK((unsigned)t->script <= SCS_SCRIPT_OTHER);
	switch (t->script) {
	case SCS_SCRIPT_HAN:
		FUZZ_CHECK(t->roman[0] == '\0' && t->phon[0] == '\0');
		FUZZ_CHECK(t->fold[0] != '\0');
		break;
	case SCS_SCRIPT_KANA:
	case SCS_SCRIPT_LATIN:
		if (t->script == SCS_SCRIPT_KANA)
			check_hepburn(t->exact);
		FUZZ_CHECK(lower_ascii(t->roman));
		FUZZ_CHECK(lower_ascii(t->fold));
		FUZZ_CHECK(lower_ascii(t->phon));
		FUZZ_CHECK(t->nreadings == (t->fold[0] != '\0'));
		FUZZ_CHECK(
		    t->nreadings == 0 || strcmp(t->readings[0], t->fold) == 0);
		scs_name_romaji_fold(t->fold, again, sizeof(again));
		FUZZ_CHECK(strcmp(again, t->fold) == 0);
		scs_name_romaji_phon(t->fold, again, sizeof(again));
		FUZZ_CHECK(strcmp(again, t->phon) == 0);
		break;
	case SCS_SCRIPT_OTHER:
		FUZZ_CHECK(strcmp(t->fold, t->exact) == 0);
		FUZZ_CHECK(t->roman[0] == '\0' && t->phon[0] == '\0');
		FUZZ_CHECK(t->nreadings == 0);
		break;
	}
}

/* Whether two parses are the same, member by member. */
static bool
same_name(const struct scs_name *a, const struct scs_name *b)
{
	if (a->ntokens != b->ntokens || a->comma != b->comma ||
	    a->upper != b->upper)
		return false;
	for (size_t i = 0; i < a->ntokens; i++) {
		const struct scs_name_token *x = &a->t[i], *y = &b->t[i];

		if (x->script != y->script || x->nreadings != y->nreadings ||
		    strcmp(x->exact, y->exact) != 0 ||
		    strcmp(x->roman, y->roman) != 0 ||
		    strcmp(x->fold, y->fold) != 0 ||
		    strcmp(x->phon, y->phon) != 0)
			return false;
		for (size_t r = 0; r < x->nreadings; r++)
			if (strcmp(x->readings[r], y->readings[r]) != 0)
				return false;
	}
	return true;
}

/* Parse @text as a name and check what comes out. */
static void
check_name(const char *text)
{
	const struct scs_namer *nm = namer();
	static struct scs_name a, b;
	char key[SCS_NAME_TOKENS * SCS_NAME_KEY + 1];
	char want[SCS_NAME_TOKENS * SCS_NAME_KEY + 1];
	size_t at = 0;

	scs_name_parse(nm, text, &a);
	FUZZ_CHECK(a.ntokens <= SCS_NAME_TOKENS);
	FUZZ_CHECK(a.comma < a.ntokens || a.comma == 0);
	FUZZ_CHECK(a.ntokens == SCS_NAME_TOKENS || (a.upper >> a.ntokens) == 0);
	for (size_t i = 0; i < a.ntokens; i++)
		check_token(&a.t[i]);
	/* the same text parses the same */
	scs_name_parse(nm, text, &b);
	FUZZ_CHECK(same_name(&a, &b));
	/* the fold key is the folds, joined by one space (none before the
	 * first that is not empty) */
	want[0] = '\0';
	for (size_t i = 0; i < a.ntokens; i++)
		at += (size_t)snprintf(want + at, sizeof(want) - at, "%s%s",
		    at > 0 ? " " : "", a.t[i].fold);
	scs_name_fold_key(nm, text, false, key, sizeof(key));
	FUZZ_CHECK(strcmp(key, want) == 0);
	scs_name_fold_key(nm, text, true, key, sizeof(key));
	FUZZ_CHECK(strlen(key) < sizeof(key));
	FUZZ_CHECK(scs_utf8_valid(key, strlen(key)));
	/* a short buffer is cut, never overrun */
	scs_name_fold_key(nm, text, true, key, 8);
	FUZZ_CHECK(memchr(key, '\0', 8) != NULL);
}

/* A refused feed: nothing kept, "fuzz:LINE" named with a reason. */
static void
check_refused(int rc, const struct scs_cv_feed *f, const struct scs_err *err,
    size_t lines)
{
	const char *p = err->field + 5;
	size_t line = 0;

	FUZZ_CHECK(f->r == NULL && f->n == 0);
	FUZZ_CHECK(rc == SCS_EINVAL || rc == SCS_ENOMEM || rc == SCS_ETOOBIG);
	FUZZ_CHECK(err->rc == (enum scs_rc)rc);
	FUZZ_CHECK(err->reason[0] != '\0');
	if (rc != SCS_EINVAL)
		return;
	FUZZ_CHECK(strncmp(err->field, "fuzz:", 5) == 0);
	FUZZ_CHECK(*p >= '1' && *p <= '9');
	for (; *p >= '0' && *p <= '9'; p++)
		line = line * 10 + (size_t)(*p - '0');
	FUZZ_CHECK(line >= 1 && line <= lines);
	FUZZ_CHECK(*p == '\0' || strncmp(p, ": ", 2) == 0);
}

/* Whether the line (without its end) is blank or a comment, as the
 * documentation says. */
static bool
skipped(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	return n == 0 || *p == '#';
}

/* Record @r of an accepted feed against the documented rules. */
static void
check_record(const struct scs_cv_record *r)
{
	struct scs_err err;

	FUZZ_CHECK(r->id[0] != '\0' && scs_valid_id(r->id, "id", &err) == 0);
	FUZZ_CHECK(r->source[0] != '\0' &&
	    scs_cv_code_valid(r->source, "source", &err) == 0);
	FUZZ_CHECK(r->type[0] != '\0' &&
	    scs_cv_code_valid(r->type, "type", &err) == 0);
	FUZZ_CHECK(scs_valid_date(r->date, "date", &err) == 0);
	FUZZ_CHECK(r->name[0] != '\0' &&
	    scs_valid_text(r->name, SCS_NAME_MAX, "name", &err) == 0);
	FUZZ_CHECK(r->name_latin[0] == '\0' ||
	    scs_valid_text(r->name_latin, SCS_NAME_MAX, "name_latin", &err) ==
	        0);
	FUZZ_CHECK(r->name_kana[0] == '\0' ||
	    scs_valid_kana(r->name_kana, "name_kana", &err) == 0);
	FUZZ_CHECK(r->birth_date[0] == '\0' ||
	    scs_valid_date(r->birth_date, "birth_date", &err) == 0);
	FUZZ_CHECK(r->nationality[0] == '\0' ||
	    scs_valid_country(r->nationality, "nationality", &err) == 0);
	FUZZ_CHECK(r->summary == NULL ||
	    (r->summary[0] != '\0' &&
	        scs_valid_text(r->summary, SCS_CV_SUMMARY_MAX, "summary",
	            &err) == 0));
	check_name(r->name);
	if (r->name_latin[0] != '\0')
		check_name(r->name_latin);
	if (r->name_kana[0] != '\0') {
		check_name(r->name_kana);
		check_hepburn(r->name_kana);
	}
}

/* An accepted feed: a record per line that is not skipped, in order, with
 * its line's id; each by the rules; no id twice. */
static void
check_accepted(const char *text, size_t len, const struct scs_cv_feed *f)
{
	const char *p = text, *end = text + len;
	size_t line = 0, k = 0;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e != NULL ? (size_t)(e - p) : (size_t)(end - p);
		json_error_t jerr;
		json_t *j;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (!skipped(p, n)) {
			FUZZ_CHECK(k < f->n);
			FUZZ_CHECK(f->r[k].line == line);
			j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr);
			FUZZ_CHECK(j != NULL && json_is_object(j));
			FUZZ_CHECK(
			    strcmp(json_string_value(json_object_get(j, "id")),
			        f->r[k].id) == 0);
			json_decref(j);
			k++;
		}
		p = e != NULL ? e + 1 : end;
	}
	FUZZ_CHECK(k == f->n);
	for (size_t i = 0; i < f->n; i++) {
		check_record(&f->r[i]);
		for (size_t m = 0; m < i; m++)
			FUZZ_CHECK(strcmp(f->r[i].id, f->r[m].id) != 0);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	/* not empty: the parser must empty it, whatever it holds */
	struct scs_cv_feed f = {(struct scs_cv_record *)&f, 1};
	struct scs_err err;
	char raw[RAW_MAX + 1];
	size_t lines = 1, n;
	int rc;

	for (size_t i = 0; i < size; i++)
		lines += data[i] == '\n';
	scs_err_clear(&err);
	rc = scs_cv_feed_parse(text, size, "fuzz", &f, &err);
	if (rc != SCS_OK)
		check_refused(rc, &f, &err, lines);
	else
		check_accepted(text, size, &f);
	scs_cv_feed_free(&f);
	FUZZ_CHECK(f.r == NULL && f.n == 0);

	/* The input itself as a name, as any caller might hand one. */
	n = size < RAW_MAX ? size : RAW_MAX;
	memcpy(raw, data, n);
	raw[n] = '\0';
	check_name(raw);
	n = strlen(raw);
	if (scs_utf8_valid(raw, n))
		check_hepburn(raw);
	check_romaji(raw);
	return 0;
}
