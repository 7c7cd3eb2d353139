/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_feed.c - the JSON Lines adverse-records feed of the record checks
 * (docs/record-checks.md), a file an operator supplies and may replace
 * while the server runs.  The input is a feed, given to
 * scs_connector_feed_text, the parser scs_connector_feed_open reads files
 * with.  Properties: a refused feed keeps nothing and names "FILE:LINE"
 * with a reason.  An accepted feed finds each of its records again: every
 * line that parses as a JSON object is a record, and a check for the
 * identity it names (its names, birth date and nationality) returns it,
 * with the record's source, date and item (its own, or its source's
 * default) and its JSON, compact, equal to the line's.  Every hit of a
 * check has the subject's birth date.
 */
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "scs/connector.h"

#include "fuzz.h"

/* Member @key of @o as a string, or NULL. */
static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
check_hit(const struct scs_check_hit *h, const json_t *line,
    const char *birth_date)
{
	enum scs_check_source src;
	json_error_t jerr;
	json_t *rec;

	FUZZ_CHECK((unsigned)h->source < SCS_CHECK_NSOURCES);
	FUZZ_CHECK(h->record != NULL);
	rec = json_loads(h->record, JSON_REJECT_DUPLICATES, &jerr);
	FUZZ_CHECK(rec != NULL);
	FUZZ_CHECK(strcmp(str(rec, "birth_date"), birth_date) == 0);
	FUZZ_CHECK(strcmp(str(rec, "id"), h->id) == 0);
	FUZZ_CHECK(strcmp(str(rec, "date"), h->date) == 0);
	if (line != NULL) {
		FUZZ_CHECK(json_equal(rec, line));
		FUZZ_CHECK(
		    scs_check_source_parse(str(line, "source"), &src) == 0);
		FUZZ_CHECK(src == h->source);
		FUZZ_CHECK(strcmp(h->item,
		               str(line, "item") != NULL
		                   ? str(line, "item")
		                   : scs_check_source_item(src)) == 0);
	}
	json_decref(rec);
}

/* The record of @line (an object of the accepted feed) must be found by a
 * check for the identity it names. */
static void
find_record(struct scs_connector *c, const json_t *line)
{
	struct scs_check_subject s;
	struct scs_check_hit *hits;
	struct scs_err err;
	char nat[1][4];
	size_t i, n;
	bool found = false;
	int rc;

	memset(&s, 0, sizeof(s));
	s.name = str(line, "name");
	s.name_latin = str(line, "name_latin");
	s.birth_date = str(line, "birth_date");
	FUZZ_CHECK(s.birth_date != NULL && (s.name || s.name_latin));
	if (str(line, "nationality") != NULL) {
		FUZZ_CHECK(strlen(str(line, "nationality")) == 3);
		memcpy(nat[0], str(line, "nationality"), 4);
		s.nationalities = (const char(*)[4])nat;
		s.nnationalities = 1;
	}
	scs_err_clear(&err);
	rc = scs_connector_check(c, &s, &hits, &n, &err);
	if (rc == SCS_ENOMEM)
		return;
	if (rc != SCS_OK)
		(void)fprintf(stderr, "check: %s: %s\n", err.field, err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	for (i = 0; i < n; i++) {
		if (strcmp(hits[i].id, str(line, "id")) == 0) {
			FUZZ_CHECK(!found); /* ids are unique */
			found = true;
			check_hit(&hits[i], line, s.birth_date);
		} else {
			check_hit(&hits[i], NULL, s.birth_date);
		}
	}
	FUZZ_CHECK(found);
	scs_check_hits_free(hits, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct scs_connector *c = NULL;
	struct scs_err err;
	json_error_t jerr;
	json_t *j;
	size_t len;
	int rc;

	scs_err_clear(&err);
	rc = scs_connector_feed_text("fuzz", p, size, &c, &err);
	if (rc != SCS_OK) {
		FUZZ_CHECK(c == NULL);
		FUZZ_CHECK(rc == SCS_EINVAL || rc == SCS_ENOMEM);
		FUZZ_CHECK(err.rc == (enum scs_rc)rc);
		FUZZ_CHECK(
		    rc == SCS_ENOMEM || strncmp(err.field, "fuzz:", 5) == 0);
		FUZZ_CHECK(err.reason[0] != '\0');
		return 0;
	}
	FUZZ_CHECK(c != NULL);
	FUZZ_CHECK(strcmp(scs_connector_name(c), "feed:fuzz") == 0);
	if (size >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (len > 0 &&
		    (j = json_loadb(p, len, JSON_REJECT_DUPLICATES, &jerr)) !=
		        NULL) {
			FUZZ_CHECK(json_is_object(j));
			find_record(c, j);
			json_decref(j);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	scs_connector_free(c);
	return 0;
}
