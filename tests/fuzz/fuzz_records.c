/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_records.c - the lines of the interchange format that fuzz_jsonl
 * does not reach: every kind of the kind table (docs/interchange.md), the
 * vetting records above all (case, case_event, answers, finding,
 * notification), and the register's (conforming, compartment, program,
 * clearance, briefing, membership, item, suspension).  The input is a
 * file, split into lines as scs_op_import splits them; each line that is
 * a JSON object naming a known kind is parsed as the import parses it
 * (scs_codec_rec_parse with SCS_CODEC_ALLOW_SEALED, against the reference
 * tables built into the binary) and as the API parses a body (flags 0,
 * which refuses sealed fields' plaintext).  The store and keys the import
 * writes through are not needed to find parsing bugs.
 *
 * Properties: a refused line says why; a body the API takes, the import
 * takes too; a record that parses passes its kind's rules again, has a
 * name in the audit log, and exports (kind first) to JSON that imports
 * to the same record and exports to the same bytes; scs_codec_rec_canon,
 * which writes that text without jansson (the state hash is taken over
 * it), writes exactly jansson's bytes.
 */
#include "scs/embedded.h"
#include "scs/refdata.h"
#include "scs/util.h"

#include "records.h"

#define LINE_MAX_BYTES (1u << 20) /* as src/ops/interchange.c */

static struct scs_refdata rd;

static void
load_refdata(void)
{
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(scs_refdata_files); i++) {
		const struct scs_embedded *e =
		    scs_embedded_get(scs_refdata_files[i]);

		FUZZ_CHECK(e != NULL);
		FUZZ_CHECK(scs_refdata_parse(&rd, scs_refdata_files[i],
		               (const char *)e->data, e->len, &err) == SCS_OK);
	}
}

/* The text scs_codec_rec_json(@r, @flags) dumps to; caller frees. */
static char *
export_text(const struct scs_record *r, unsigned flags)
{
	return fuzz_dump(scs_codec_rec_json(r, flags));
}

/* rec_canon must write jansson's bytes, byte for byte. */
static void
check_canon(const struct scs_record *r, const char *json_text)
{
	struct scs_buf b;
	int rc;

	scs_buf_init(&b, (size_t)1 << 24);
	rc = scs_codec_rec_canon(&b, r, 0);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(b.len == strlen(json_text));
	FUZZ_CHECK(b.len == 0 || memcmp(b.p, json_text, b.len) == 0);
	scs_buf_free(&b);
}

/* A record that parsed: its rules, its name, its round trip. */
static void
check_record(const struct scs_record *a, struct scs_record *b)
{
	struct scs_err err;
	char name[512], *t1, *t2, *c1;
	json_t *again;
	int rc;

	scs_err_clear(&err);
	FUZZ_CHECK(scs_record_validate(&rd, a, &err) == SCS_OK);
	scs_record_object(a, name, sizeof(name));
	FUZZ_CHECK(memchr(name, '\0', sizeof(name)) != NULL);

	c1 = export_text(a, 0);
	check_canon(a, c1);
	free(c1);

	t1 = export_text(a, SCS_CODEC_KIND);
	again = fuzz_load(t1);
	rc = scs_codec_rec_parse(&rd, again, a->kind, SCS_CODEC_ALLOW_SEALED, b,
	    &err);
	json_decref(again);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "%s: %s: %s\n", t1, err.field,
		    err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(b->kind == a->kind);
	t2 = export_text(b, SCS_CODEC_KIND);
	FUZZ_CHECK(strcmp(t1, t2) == 0);
	scs_record_clear(b);
	free(t1);
	free(t2);
}

static void
line(const char *s, size_t len, struct scs_record *a, struct scs_record *b)
{
	struct scs_err err;
	enum scs_kind kind;
	json_error_t jerr;
	const json_t *k;
	json_t *j;
	int rc, api;

	j = json_loadb(s, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return;
	if (!json_is_string(k = json_object_get(j, "kind")) ||
	    scs_kind_parse(json_string_value(k), &kind) != 0) {
		json_decref(j);
		return;
	}
	/* As the API takes a body of the kind (no sealed plaintext). */
	scs_err_clear(&err);
	api = scs_codec_rec_parse(&rd, j, kind, 0, a, &err);
	fuzz_check_err(api, &err);
	scs_record_clear(a);
	/* As the import takes the line. */
	scs_err_clear(&err);
	rc = scs_codec_rec_parse(&rd, j, kind, SCS_CODEC_ALLOW_SEALED, a, &err);
	fuzz_check_err(rc, &err);
	FUZZ_CHECK(api != SCS_OK || rc == SCS_OK);
	if (rc == SCS_OK) {
		FUZZ_CHECK(a->kind == kind);
		check_record(a, b);
	}
	scs_record_clear(a);
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size, *nl;
	struct scs_record *rec;

	if (rd.authorities == NULL)
		load_refdata();
	/* Records are large (fixed arrays): on the heap, where ASan sees
	 * them. */
	if ((rec = calloc(2, sizeof(*rec))) == NULL)
		return 0;
	while (p < end) {
		size_t len;

		nl = memchr(p, '\n', (size_t)(end - p));
		len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		while (len > 0 && p[len - 1] == '\r')
			len--;
		if (len > 0 && len <= LINE_MAX_BYTES)
			line(p, len, &rec[0], &rec[1]);
		p = nl != NULL ? nl + 1 : end;
	}
	free(rec);
	return 0;
}
