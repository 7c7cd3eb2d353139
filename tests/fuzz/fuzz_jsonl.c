/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_jsonl.c - the JSON Lines interchange import (DESIGN.md section 11,
 * `scs import`).  The input is a file: it is split into lines as
 * scs_op_import splits them (trailing CR and LF dropped, empty lines
 * skipped, the same length cap), each line is parsed with
 * JSON_REJECT_DUPLICATES and given to the organization and the person
 * codec.  Only the pure part is fuzzed; the store and keys the import
 * writes through are not needed to find parsing bugs.  Every record that
 * parses is exported again (kind first, as `scs export` writes it) and
 * must import to an equal record and export to the same bytes; a person is
 * also parsed without a relatives buffer, which must refuse exactly the
 * lines that carry relatives.
 */
#include "records.h"

#define LINE_MAX_BYTES (1u << 20) /* as src/ops/interchange.c */

static void
org_line(const json_t *j)
{
	struct scs_org a, b;
	struct scs_err err;
	char *t1, *t2;
	json_t *again;
	int rc;

	scs_err_clear(&err);
	rc = scs_codec_org_parse(j, &a, &err);
	fuzz_check_err(rc, &err);
	if (rc != SCS_OK)
		return;
	t1 = fuzz_dump(scs_codec_org_json(&a, true));
	again = fuzz_load(t1);
	rc = scs_codec_org_parse(again, &b, &err);
	json_decref(again);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "organization %s: %s: %s\n", t1,
		    err.field, err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(fuzz_same_org(&a, &b));
	t2 = fuzz_dump(scs_codec_org_json(&b, true));
	FUZZ_CHECK(strcmp(t1, t2) == 0);
	free(t1);
	free(t2);
}

static void
person_line(const json_t *j, struct scs_relatives *rel,
    struct scs_relatives *rel2)
{
	struct scs_person a, b;
	struct scs_err err;
	bool has_rel, has_rel2;
	char *t1, *t2;
	json_t *again;
	int rc, rc2;

	scs_err_clear(&err);
	rc = scs_codec_person_parse(j, &a, rel, &has_rel, &err);
	fuzz_check_err(rc, &err);

	/* Without a relatives buffer (PUT /v1/persons/{id}): the same
	 * verdict, except that relatives are refused. */
	scs_err_clear(&err);
	rc2 = scs_codec_person_parse(j, &b, NULL, &has_rel2, &err);
	fuzz_check_err(rc2, &err);
	FUZZ_CHECK(!has_rel2);
	if (rc == SCS_OK && !has_rel)
		FUZZ_CHECK(rc2 == SCS_OK && fuzz_same_person(&a, &b));
	if (rc == SCS_OK && has_rel)
		FUZZ_CHECK(rc2 != SCS_OK);
	if (rc != SCS_OK)
		return;

	t1 = fuzz_dump(scs_codec_person_json(&a, has_rel ? rel : NULL, true));
	again = fuzz_load(t1);
	scs_err_clear(&err);
	rc = scs_codec_person_parse(again, &b, rel2, &has_rel2, &err);
	json_decref(again);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "person %s: %s: %s\n", t1, err.field,
		    err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(has_rel2 == has_rel);
	FUZZ_CHECK(fuzz_same_person(&a, &b));
	if (has_rel)
		FUZZ_CHECK(fuzz_same_relatives(rel, rel2));
	t2 = fuzz_dump(scs_codec_person_json(&b, has_rel ? rel2 : NULL, true));
	FUZZ_CHECK(strcmp(t1, t2) == 0);
	free(t1);
	free(t2);
	scs_person_clear(&a);
	scs_person_clear(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Plain heap here: the fuzzer holds no real secrets, and
	 * sodium_malloc per input would hide overflows from ASan. */
	struct scs_relatives *rel = calloc(2, sizeof(*rel));
	const char *p = (const char *)data, *end = p + size, *nl;
	json_error_t jerr;
	json_t *j;
	size_t len;

	if (rel == NULL)
		return 0;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
			len--;
		if (len > 0 && len <= LINE_MAX_BYTES &&
		    (j = json_loadb(p, len, JSON_REJECT_DUPLICATES, &jerr)) !=
		        NULL) {
			org_line(j);
			person_line(j, &rel[0], &rel[1]);
			json_decref(j);
		}
		p = nl != NULL ? nl + 1 : end;
	}
	free(rel);
	return 0;
}
