/* SPDX-License-Identifier: Apache-2.0 */
/*
 * records.h - the codec round trip the JSON drivers check: a record that
 * parses must encode to JSON that parses back to an equal record and
 * encodes to the same bytes again (exports are byte-stable, codec.h).
 * Equality is field by field, so padding and the unused tail of fixed
 * arrays never matter.  Header-only, static inline: each driver is one
 * translation unit plus replay.c.
 */
#ifndef SCS_FUZZ_RECORDS_H
#define SCS_FUZZ_RECORDS_H

#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "scs/codec.h"

#include "fuzz.h"

/* A failed parse must say why: rc in the record, a reason for a person. */
static inline void
fuzz_check_err(int rc, const struct scs_err *err)
{
	if (rc == SCS_OK)
		return;
	FUZZ_CHECK(err->rc == (enum scs_rc)rc);
	FUZZ_CHECK(memchr(err->field, '\0', sizeof(err->field)) != NULL);
	FUZZ_CHECK(memchr(err->reason, '\0', sizeof(err->reason)) != NULL);
	FUZZ_CHECK(err->reason[0] != '\0');
}

/* Serialize @j (consumed) compactly; the caller frees the text. */
static inline char *
fuzz_dump(json_t *j)
{
	char *text;

	FUZZ_CHECK(j != NULL);
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	FUZZ_CHECK(text != NULL);
	return text;
}

/* Parse @text as the importer and the server do; it must parse. */
static inline json_t *
fuzz_load(const char *text)
{
	json_error_t jerr;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &jerr);

	if (j == NULL)
		(void)fprintf(stderr, "re-parse of %s: %s\n", text, jerr.text);
	FUZZ_CHECK(j != NULL);
	return j;
}

static inline bool
fuzz_same_nats(const char (*a)[4], size_t na, const char (*b)[4], size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (strcmp(a[i], b[i]) != 0)
			return false;
	return true;
}

static inline bool
fuzz_same_org(const struct scs_org *a, const struct scs_org *b)
{
	return strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0 &&
	    a->type == b->type && strcmp(a->country, b->country) == 0;
}

static inline bool
fuzz_same_person(const struct scs_person *a, const struct scs_person *b)
{
	return strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0 &&
	    strcmp(a->name_latin, b->name_latin) == 0 &&
	    strcmp(a->birth_date, b->birth_date) == 0 &&
	    fuzz_same_nats(a->nationalities, a->nnationalities,
	        b->nationalities, b->nnationalities) &&
	    strcmp(a->org, b->org) == 0;
}

static inline bool
fuzz_same_relatives(const struct scs_relatives *a,
    const struct scs_relatives *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++) {
		const struct scs_relative *x = &a->r[i], *y = &b->r[i];

		if (x->relation != y->relation ||
		    strcmp(x->name, y->name) != 0 ||
		    strcmp(x->birth_date, y->birth_date) != 0 ||
		    !fuzz_same_nats(x->nationalities, x->nnationalities,
		        y->nationalities, y->nnationalities) ||
		    strcmp(x->address, y->address) != 0 ||
		    x->cohabitant != y->cohabitant)
			return false;
	}
	return true;
}

/* Round-trip relatives @a that parsed: JSON and back must be equal. */
static inline void
fuzz_relatives_roundtrip(const struct scs_relatives *a, struct scs_relatives *b)
{
	struct scs_err err;
	char *t1, *t2;
	json_t *j;
	int rc;

	t1 = fuzz_dump(scs_codec_relatives_json(a));
	j = fuzz_load(t1);
	scs_err_clear(&err);
	rc = scs_codec_relatives_parse(j, b, &err);
	json_decref(j);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "relatives %s: %s: %s\n", t1, err.field,
		    err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(fuzz_same_relatives(a, b));
	t2 = fuzz_dump(scs_codec_relatives_json(b));
	FUZZ_CHECK(strcmp(t1, t2) == 0);
	free(t1);
	free(t2);
}

#endif
