/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cvfeed.c - the continuous-vetting feed (cvfeed.h): JSON Lines in,
 * checked records out.  Untrusted input: every member is validated here,
 * at the edge, before matching sees it (tests/fuzz/fuzz_cvfeed.c).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/codec.h"
#include "scs/cvfeed.h"
#include "scs/util.h"

static const char *const members[] = {"id", "source", "type", "date", "name",
    "name_latin", "name_kana", "birth_date", "nationality", "summary"};

int
scs_cv_code_valid(const char *s, const char *field, struct scs_err *err)
{
	size_t n = strlen(s);

	if (n == 0 || n > SCS_CV_CODE_MAX || s[0] < 'a' || s[0] > 'z')
		goto bad;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			goto bad;
	return SCS_OK;
bad:
	return scs_err_set(err, SCS_EINVAL, field,
	    "must be a lower-case letter, then a-z, 0-9 or _, at most %d "
	    "bytes",
	    SCS_CV_CODE_MAX);
}

/* A string member: required or not (absent or null: ""). */
static int
str(const json_t *j, const char *key, char *dst, size_t size, bool required,
    struct scs_err *err)
{
	const json_t *v = json_object_get(j, key);

	dst[0] = '\0';
	if (v == NULL || json_is_null(v)) {
		if (required)
			return scs_err_set(err, SCS_EINVAL, key, "is required");
		return SCS_OK;
	}
	if (!json_is_string(v))
		return scs_err_set(err, SCS_EINVAL, key, "must be a string");
	if (json_string_length(v) == 0)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must not be empty (leave it out)");
	if (json_string_length(v) >= size ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be a text of at most %zu bytes", size - 1);
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return SCS_OK;
}

static int
record(const json_t *j, struct scs_cv_record *r, struct scs_err *err)
{
	char summary[SCS_CV_SUMMARY_MAX + 1];
	const char *key;
	json_t *v;
	int rc;

	json_object_foreach((json_t *)j, key, v)
	{
		size_t i;

		for (i = 0; i < SCS_NELEM(members); i++)
			if (strcmp(members[i], key) == 0)
				break;
		if (i == SCS_NELEM(members))
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a member of a feed record");
	}
	if ((rc = str(j, "id", r->id, sizeof(r->id), true, err)) != SCS_OK ||
	    (rc = scs_valid_id(r->id, "id", err)) != SCS_OK ||
	    (rc = str(j, "source", r->source, sizeof(r->source), true, err)) !=
	        SCS_OK ||
	    (rc = scs_cv_code_valid(r->source, "source", err)) != SCS_OK ||
	    (rc = str(j, "type", r->type, sizeof(r->type), true, err)) !=
	        SCS_OK ||
	    (rc = scs_cv_code_valid(r->type, "type", err)) != SCS_OK ||
	    (rc = str(j, "date", r->date, sizeof(r->date), true, err)) !=
	        SCS_OK ||
	    (rc = scs_valid_date(r->date, "date", err)) != SCS_OK ||
	    (rc = str(j, "name", r->name, sizeof(r->name), true, err)) !=
	        SCS_OK ||
	    (rc = scs_valid_text(r->name, SCS_NAME_MAX, "name", err)) !=
	        SCS_OK ||
	    (rc = str(j, "name_latin", r->name_latin, sizeof(r->name_latin),
	         false, err)) != SCS_OK ||
	    (r->name_latin[0] != '\0' &&
	        (rc = scs_valid_text(r->name_latin, SCS_NAME_MAX, "name_latin",
	             err)) != SCS_OK) ||
	    (rc = str(j, "name_kana", r->name_kana, sizeof(r->name_kana), false,
	         err)) != SCS_OK ||
	    (rc = scs_valid_kana(r->name_kana, "name_kana", err)) != SCS_OK ||
	    (rc = str(j, "birth_date", r->birth_date, sizeof(r->birth_date),
	         false, err)) != SCS_OK ||
	    (r->birth_date[0] != '\0' &&
	        (rc = scs_valid_date(r->birth_date, "birth_date", err)) !=
	            SCS_OK) ||
	    (rc = str(j, "nationality", r->nationality, sizeof(r->nationality),
	         false, err)) != SCS_OK ||
	    (r->nationality[0] != '\0' &&
	        (rc = scs_valid_country(r->nationality, "nationality", err)) !=
	            SCS_OK) ||
	    (rc = str(j, "summary", summary, sizeof(summary), false, err)) !=
	        SCS_OK ||
	    (summary[0] != '\0' &&
	        (rc = scs_valid_text(summary, SCS_CV_SUMMARY_MAX, "summary",
	             err)) != SCS_OK))
		return rc;
	if (summary[0] != '\0' && (r->summary = strdup(summary)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

/* Whether the line is blank or a comment. */
static bool
skipped(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t'))
		p++, n--;
	return n == 0 || *p == '#';
}

/* The index of @id among the first @n records, or -1 (a hash set would
 * be faster; the ids are checked once per feed, sorted). */
static int
cmp_rec_id(const void *a, const void *b)
{
	const struct scs_cv_record *const *x = a, *const *y = b;
	int c = strcmp((*x)->id, (*y)->id);

	return c != 0 ? c
	              : ((*x)->line > (*y)->line) - ((*x)->line < (*y)->line);
}

static int
unique_ids(const struct scs_cv_feed *f, const char *name, struct scs_err *err)
{
	const struct scs_cv_record **s;
	int rc = SCS_OK;

	if (f->n < 2)
		return SCS_OK;
	if ((s = malloc(f->n * sizeof(const struct scs_cv_record *))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (size_t i = 0; i < f->n; i++)
		s[i] = &f->r[i];
	qsort(s, f->n, sizeof(const struct scs_cv_record *), cmp_rec_id);
	for (size_t i = 1; i < f->n && rc == SCS_OK; i++)
		if (strcmp(s[i]->id, s[i - 1]->id) == 0) {
			char field[SCS_ERR_FIELD_MAX];

			(void)snprintf(field, sizeof(field), "%s:%zu: id", name,
			    s[i]->line);
			rc = scs_err_set(err, SCS_EINVAL, field,
			    "repeats the id of line %zu", s[i - 1]->line);
		}
	free(s);
	return rc;
}

void
scs_cv_feed_free(struct scs_cv_feed *f)
{
	if (f == NULL)
		return;
	for (size_t i = 0; i < f->n; i++)
		free(f->r[i].summary);
	free(f->r);
	f->r = NULL;
	f->n = 0;
}

/* Room in @out for one more record (@cap of them allocated).  SCS_OK or
 * SCS_ENOMEM. */
static int
feed_reserve(struct scs_cv_feed *out, size_t *cap, struct scs_err *err)
{
	size_t c;
	struct scs_cv_record *r;

	if (out->r != NULL && out->n < *cap)
		return SCS_OK;
	c = *cap ? *cap * 2 : 1024;
	if ((r = realloc(out->r, c * sizeof(*r))) == NULL) {
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		return SCS_ENOMEM;
	}
	out->r = r;
	*cap = c;
	return SCS_OK;
}

/* The JSON object on line @field (@p, @n bytes) into *@j, which the
 * caller frees (NULL when the line is not JSON).  SCS_OK or SCS_EINVAL. */
static int
line_object(const char *p, size_t n, const char *field, json_t **j,
    struct scs_err *err)
{
	json_error_t je;

	*j = NULL;
	if (n > SCS_CV_LINE_MAX)
		return scs_err_set(err, SCS_EINVAL, field,
		    "is longer than %d bytes", SCS_CV_LINE_MAX);
	if (memchr(p, '\0', n) != NULL)
		return scs_err_set(err, SCS_EINVAL, field, "holds a NUL byte");
	if ((*j = json_loadb(p, n, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return scs_err_set(err, SCS_EINVAL, field,
		    "not valid JSON at column %d: %s", je.column, je.text);
	if (!json_is_object(*j))
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be a JSON object");
	return SCS_OK;
}

/* Record @j of line @line (named @field) checked and added to @out, which
 * has room; the field of an error in it is prefixed with @field. */
static int
feed_add(const json_t *j, size_t line, const char *field,
    struct scs_cv_feed *out, struct scs_err *err)
{
	struct scs_cv_record *r = &out->r[out->n];
	int rc;

	memset(r, 0, sizeof(*r));
	r->line = line;
	rc = record(j, r, err);
	if (rc == SCS_OK)
		out->n++;
	else if (err != NULL && rc == SCS_EINVAL) {
		char full[SCS_ERR_FIELD_MAX * 2 + 2];

		(void)snprintf(full, sizeof(full), "%s: %s", field, err->field);
		(void)scs_strlcpy(err->field, full, sizeof(err->field));
	}
	free(rc == SCS_OK ? NULL : r->summary);
	return rc;
}

int
scs_cv_feed_parse(const char *text, size_t len, const char *name,
    struct scs_cv_feed *out, struct scs_err *err)
{
	const char *p = text, *end = text + len;
	size_t line = 0, cap = 0;
	int rc = SCS_OK;

	out->r = NULL;
	out->n = 0;
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && rc == SCS_OK) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t n = e != NULL ? (size_t)(e - p) : (size_t)(end - p);
		char field[SCS_ERR_FIELD_MAX];
		json_t *j = NULL;

		line++;
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (skipped(p, n))
			goto next;
		if (out->n == SCS_CV_RECORDS_MAX) {
			rc = scs_err_set(err, SCS_ETOOBIG, name,
			    "holds more than %d records", SCS_CV_RECORDS_MAX);
			break;
		}
		if ((rc = feed_reserve(out, &cap, err)) != SCS_OK)
			break;
		(void)snprintf(field, sizeof(field), "%s:%zu", name, line);
		rc = line_object(p, n, field, &j, err);
		if (rc == SCS_OK)
			rc = feed_add(j, line, field, out, err);
		json_decref(j);
	next:
		if (e == NULL)
			break;
		p = e + 1;
	}
	if (rc == SCS_OK)
		rc = unique_ids(out, name, err);
	if (rc != SCS_OK)
		scs_cv_feed_free(out);
	return rc;
}
