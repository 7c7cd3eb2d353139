/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_privacy.c - DESIGN.md section 7 on a real register: every sealed
 * value of a person under that person's own data key (src/ops/pkey.c);
 * format-1 values from before person keys still open and are converted by
 * a key rotation, which otherwise re-wraps one key per person and leaves
 * the values alone; the retention purge (src/ops/privacy.c) takes exactly
 * the persons whose periods ran out, leaves the rest and what statistics
 * need, and leaves nothing that opens, in the database or its log, even
 * with the key directory; the subject's export holds everything and is on
 * record.
 *
 * The register is imported as JSON Lines (cases, their history, answers
 * and findings with canaries in their sealed values), on the test clock
 * (2026-01-01) against the retention periods of data/vetting.json (365
 * days after a refusal or withdrawal, 1826 after a denial or the end of a
 * clearance).
 */
#include "helpers.h"

#include <sys/stat.h>

#include "scs/codec.h"
#include "scs/time.h"

struct fx {
	struct test_reg r;
	struct scs_refdata rd;
};

/* The persons purged on 2026-01-01, in id order. */
static const char *const expired[] = {"p-den-old", "p-grant-ended", "p-ref-old",
    "p-wd-old"};
/* And the others, each kept for a reason. */
static const char *const kept[] = {"p-den-new", "p-grant-valid", "p-mixed",
    "p-none", "p-open", "p-wd-new"};

/* Whether @n bytes of @needle occur in @hay (memmem, without
 * _GNU_SOURCE). */
static const void *
find_bytes(const void *hay, size_t hlen, const void *needle, size_t n)
{
	const uint8_t *h = hay;
	size_t i;

	for (i = 0; n > 0 && i + n <= hlen; i++)
		if (h[i] == *(const uint8_t *)needle &&
		    memcmp(h + i, needle, n) == 0)
			return h + i;
	return NULL;
}

/* ---- the register ---- */

static void
person_line(FILE *m, const char *id)
{
	(void)fprintf(m,
	    "{\"kind\":\"person\",\"id\":\"%s\",\"name\":\"試験 %s\","
	    "\"name_latin\":\"SHIKEN %s\",\"birth_date\":\"1970-01-01\","
	    "\"nationalities\":[\"JPN\"],\"org\":\"mod\",\"relatives\":"
	    "[{\"relation\":\"spouse\",\"name\":\"ZZREL-%s\","
	    "\"birth_date\":\"1971-02-03\",\"nationalities\":[\"JPN\"],"
	    "\"address\":\"東京都千代田区1-1\",\"cohabitant\":true}]}\n",
	    id, id, id, id);
}

/* A case of @person in @state since @since (decided then when @decided),
 * with its history, answers and a finding, canaries in each. */
static void
case_lines(FILE *m, const char *id, const char *person, const char *state,
    const char *opened, const char *since, bool decided)
{
	(void)fprintf(m,
	    "{\"kind\":\"case\",\"id\":\"%s\",\"person\":\"%s\","
	    "\"authority\":\"JPN-SDS\",\"level\":\"TOKUTEI_HIMITSU\","
	    "\"sponsor\":\"mod\",\"need\":\"a need\",\"type\":\"initial\","
	    "\"state\":\"%s\",\"opened\":\"%s\",\"since\":\"%s\","
	    "\"consent_version\":\"2026-1\"",
	    id, person, state, opened, since);
	if (decided)
		(void)fprintf(m,
		    ",\"decided\":\"%s\",\"decided_by\":\"user:adj\","
		    "\"decision\":{\"reasons\":\"ZZDEC-%s\"}",
		    since, person);
	(void)fprintf(m, "}\n");
	(void)fprintf(m,
	    "{\"kind\":\"case_event\",\"case_id\":\"%s\",\"seq\":1,"
	    "\"at\":\"%s\",\"actor\":\"user:off\",\"event\":\"nominate\","
	    "\"state\":\"awaiting_consent\"}\n",
	    id, opened);
	(void)fprintf(m,
	    "{\"kind\":\"answers\",\"case_id\":\"%s\",\"section\":\"drugs\","
	    "\"saved\":\"%s\",\"certified\":true,"
	    "\"data\":{\"note\":\"ZZANS-%s\"}}\n",
	    id, opened, person);
	(void)fprintf(m,
	    "{\"kind\":\"finding\",\"case_id\":\"%s\",\"seq\":1,"
	    "\"item\":\"drugs\",\"source\":\"interview\","
	    "\"date\":\"2000-05-01\",\"severity\":\"minor\","
	    "\"author\":\"user:inv\",\"at\":\"%s\","
	    "\"narrative\":\"ZZFND-%s\",\"mitigation\":\"ZZMIT-%s\"}\n",
	    id, opened, person, person);
}

static void
clearance_line(FILE *m, const char *person, const char *status,
    const char *from, const char *until)
{
	(void)fprintf(m,
	    "{\"kind\":\"clearance\",\"person\":\"%s\","
	    "\"authority\":\"JPN-SDS\",\"level\":\"TOKUTEI_HIMITSU\","
	    "\"status\":\"%s\",\"valid_from\":\"%s\",\"valid_until\":\"%s\"}\n",
	    person, status, from, until);
}

static void
import_text(struct fx *f, const char *text, size_t len)
{
	FILE *in = fmemopen((void *)(uintptr_t)text, len, "r");
	struct scs_err err;
	uint64_t n = 0;

	assert_non_null(in);
	test_act_as_os(&f->r);
	if (scs_op_import(&f->r.ctx, in, "t.jsonl", 0, NULL, NULL, &n, &err) !=
	    SCS_OK)
		fail_msg("import: %s: %s", err.field, err.reason);
	(void)fclose(in);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char *text = NULL;
	size_t len = 0, i;
	FILE *m;

	assert_non_null(f);
	test_reg_open(&f->r);
	if (test_load_refdata(&f->rd) != 0)
		fail_msg("cannot load the reference tables");
	f->r.ctx.rd = &f->rd;
	m = open_memstream(&text, &len);
	assert_non_null(m);
	(void)fprintf(m,
	    "{\"kind\":\"organization\",\"id\":\"mod\","
	    "\"name\":\"Ministry\",\"type\":\"government\","
	    "\"country\":\"JPN\"}\n");
	for (i = 0; i < SCS_NELEM(expired); i++)
		person_line(m, expired[i]);
	for (i = 0; i < SCS_NELEM(kept); i++)
		person_line(m, kept[i]);
	/* Withdrawn 19 months ago, and 7 months ago. */
	case_lines(m, "C-WD-OLD", "p-wd-old", "withdrawn", "2024-05-01",
	    "2024-06-01", false);
	case_lines(m, "C-WD-NEW", "p-wd-new", "withdrawn", "2025-05-01",
	    "2025-06-01", false);
	case_lines(m, "C-REF-OLD", "p-ref-old", "refused", "2024-01-01",
	    "2024-01-02", false);
	/* Denied 7 years ago, and 3. */
	case_lines(m, "C-DEN-OLD", "p-den-old", "denied", "2018-06-01",
	    "2019-01-01", true);
	case_lines(m, "C-DEN-NEW", "p-den-new", "denied", "2022-06-01",
	    "2023-01-01", true);
	/* Open. */
	case_lines(m, "C-OPEN", "p-open", "questionnaire", "2025-12-01",
	    "2025-12-02", false);
	/* Granted: a clearance valid until 2027, one that ended in 2015. */
	case_lines(m, "C-GRANT-VALID", "p-grant-valid", "granted", "2021-06-01",
	    "2022-01-01", true);
	clearance_line(m, "p-grant-valid", "active", "2022-01-01",
	    "2027-01-01");
	case_lines(m, "C-GRANT-ENDED", "p-grant-ended", "granted", "2009-06-01",
	    "2010-01-01", true);
	clearance_line(m, "p-grant-ended", "expired", "2010-01-01",
	    "2015-01-01");
	/* An old withdrawal, and a case open since. */
	case_lines(m, "C-MIX-OLD", "p-mixed", "withdrawn", "2020-01-01",
	    "2020-02-01", false);
	case_lines(m, "C-MIX-OPEN", "p-mixed", "investigating", "2025-10-01",
	    "2025-11-01", false);
	assert_int_equal(fclose(m), 0);
	import_text(f, text, len);
	free(text);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	scs_refdata_free(&f->rd);
	test_reg_close(&f->r);
	free(f);
	return 0;
}

/* ---- helpers ---- */

static bool
is_expired(const char *id)
{
	size_t i;

	for (i = 0; i < SCS_NELEM(expired); i++)
		if (strcmp(expired[i], id) == 0)
			return true;
	return false;
}

static void
get_key(struct fx *f, const char *person, struct scs_person_key *k)
{
	struct scs_err err;

	memset(k, 0, sizeof(*k));
	if (scs_store_pkey_get(f->r.ctx.st, person, k, &err) != SCS_OK)
		fail_msg("%s has no key row: %s", person, err.reason);
}

/* Open @r's sealed @field as the test reads the format: @person's key
 * from its row, unwrapped with the key directory, and the object path
 * "KIND/OBJECT/FIELD" (include/scs/crypto.h). */
static int
open_as(struct fx *f, const char *person, const struct scs_record *r,
    const char *field, char **pt, size_t *len)
{
	const struct scs_field *fl =
	    scs_kind_field(scs_kind_def(r->kind), field);
	const struct scs_blob *b = SCS_FIELD_CPTR(&r->u, fl);
	char ad[256], object[3 * SCS_ID_MAX];
	struct scs_person_key k;
	struct scs_err err;
	uint8_t *key = NULL;
	int rc;

	*pt = NULL;
	memset(&k, 0, sizeof(k));
	if ((rc = scs_store_pkey_get(f->r.ctx.st, person, &k, &err)) != SCS_OK)
		return rc;
	rc = scs_crypto_pkey_unwrap(f->r.ctx.keys, person, k.wrapped.p,
	    k.wrapped.len, &key, &err);
	scs_blob_free(&k.wrapped);
	if (rc != SCS_OK)
		return rc;
	scs_record_object(r, object, sizeof(object));
	(void)snprintf(ad, sizeof(ad), "%s/%s/%s", scs_kind_name(r->kind),
	    object, field);
	rc = scs_crypto_open_person(key, ad, b->p, b->len, pt, len, &err);
	scs_crypto_secfree(key);
	return rc;
}

/* Every record of every kind with a sealed field, in table order. */
struct all {
	struct scs_record *v;
	size_t n;
};

static int
all_cb(void *arg, const struct scs_record *r)
{
	struct all *a = arg;

	a->v = realloc(a->v, (a->n + 1) * sizeof(*a->v));
	assert_non_null(a->v);
	scs_record_init(&a->v[a->n], r->kind);
	assert_int_equal(scs_record_copy(&a->v[a->n], r), SCS_OK);
	a->n++;
	return SCS_OK;
}

static void
all_sealed(struct fx *f, struct all *a)
{
	struct scs_err err;
	size_t k;

	memset(a, 0, sizeof(*a));
	for (k = 0; k < SCS_KIND_N; k++)
		if (scs_kind_has_sealed(scs_kind_def((enum scs_kind)k)))
			assert_int_equal(scs_store_rec_each(f->r.ctx.st,
			                     (enum scs_kind)k, all_cb, a, &err),
			    SCS_OK);
}

static void
all_free(struct all *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		scs_record_clear(&a->v[i]);
	free(a->v);
}

/* The person a record's values belong to, by the test's own reading. */
static const char *
person_of(struct fx *f, const struct scs_record *r, char *buf, size_t size)
{
	struct scs_record k;
	struct scs_err err;

	switch (r->kind) {
	case SCS_KIND_PERSON:
		return r->u.person.id;
	case SCS_KIND_CASE:
		return r->u.vcase.person;
	default:
		scs_record_init(&k, SCS_KIND_CASE);
		(void)snprintf(k.u.vcase.id, sizeof(k.u.vcase.id), "%s",
		    scs_record_text(r, "case_id"));
		assert_int_equal(scs_store_rec_get(f->r.ctx.st, &k, &k, &err),
		    SCS_OK);
		(void)snprintf(buf, size, "%s", k.u.vcase.person);
		scs_record_clear(&k);
		return buf;
	}
}

static size_t
count_values(const struct scs_record *r)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	size_t i, n = 0;

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].type == SCS_FT_SEALED &&
		    ((const struct scs_blob *)SCS_FIELD_CPTR(&r->u,
		         &d->fields[i]))
		            ->len > 0)
			n++;
	return n;
}

static char *
export_all(struct fx *f, size_t *len)
{
	struct scs_err err;
	char *buf = NULL;
	uint64_t n;
	FILE *m = open_memstream(&buf, len);

	assert_non_null(m);
	test_act_as_os(&f->r);
	if (scs_op_export(&f->r.ctx, m, &n, &err) != SCS_OK)
		fail_msg("export: %s: %s", err.field, err.reason);
	assert_int_equal(fclose(m), 0);
	return buf;
}

/* The exported lines that mention @what. */
static char *
lines_with(const char *text, const char *what)
{
	const char *p = text, *nl;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);

	assert_non_null(m);
	for (; *p != '\0'; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		if (find_bytes(p, (size_t)(nl - p), what, strlen(what)) != NULL)
			(void)fwrite(p, 1, (size_t)(nl - p + 1), m);
	}
	assert_int_equal(fclose(m), 0);
	return out;
}

static uint64_t
entries(struct fx *f)
{
	struct scs_tree_head h;
	struct scs_err err;

	if (scs_store_head_last(f->r.ctx.st, &h, &err) != SCS_OK)
		return 0;
	return h.size;
}

static void
verifies(struct fx *f)
{
	struct scs_verify_report rep;
	struct scs_err err;

	test_act_as_os(&f->r);
	assert_int_equal(scs_op_audit_verify(&f->r.ctx, &rep, &err), SCS_OK);
	if (!rep.ok)
		fail_msg("audit verify: %s", rep.problem);
}

/* ---- the kind table ---- */

static void
test_every_kind_with_a_sealed_field_names_its_owner(void **state)
{
	const struct scs_kind_def *d, *r;
	const struct scs_field *f;
	enum scs_kind k;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_KIND_N; i++) {
		d = scs_kind_def((enum scs_kind)i);
		if (!scs_kind_has_sealed(d)) {
			assert_null(d->owner_field);
			continue;
		}
		if (d->owner_field == NULL)
			fail_msg("%s has sealed fields but no owner", d->name);
		f = scs_kind_field(d, d->owner_field);
		assert_non_null(f);
		assert_true(f->type == SCS_FT_TEXT);
		if (!d->owner_via) {
			assert_true(
			    f->ref == NULL || strcmp(f->ref, "person") == 0);
			continue;
		}
		/* Through a kind owned directly, named by its one key. */
		assert_non_null(f->ref);
		assert_int_equal(scs_kind_parse(f->ref, &k), 0);
		r = scs_kind_def(k);
		assert_non_null(r->owner_field);
		assert_false(r->owner_via);
		assert_int_equal(r->nkey, 1);
	}
}

/* ---- person keys ---- */

static void
test_each_persons_values_are_sealed_under_their_own_key(void **state)
{
	struct fx *f = *state;
	struct scs_person_key k;
	struct scs_record moved;
	struct scs_err err;
	struct all a;
	json_t *doc = NULL;
	char buf[SCS_ID_MAX + 1], *pt;
	size_t i, j, len, nvalues = 0;

	all_sealed(f, &a);
	for (i = 0; i < a.n; i++) {
		const struct scs_record *r = &a.v[i];
		const struct scs_kind_def *d = scs_kind_def(r->kind);
		const char *who = person_of(f, r, buf, sizeof(buf));

		for (j = 0; j < d->nfields; j++) {
			const struct scs_blob *b =
			    SCS_FIELD_CPTR(&r->u, &d->fields[j]);

			if (d->fields[j].type != SCS_FT_SEALED || b->len == 0)
				continue;
			nvalues++;
			assert_int_equal(scs_crypto_sealed_format(b->p, b->len),
			    SCS_SEAL_PERSON);
			/* Under the key of the person the test expects. */
			if (open_as(f, who, r, d->fields[j].name, &pt, &len) !=
			    SCS_OK)
				fail_msg("%s %s does not open under %s's key",
				    d->name, d->fields[j].name, who);
			assert_non_null(strstr(pt, who));
			scs_crypto_secfree(pt);
		}
		/* The person's key: live, wrapped under register key 1. */
		get_key(f, who, &k);
		assert_int_equal(k.destroyed, 0);
		assert_int_equal(k.wrapped_key, 1);
		assert_int_equal(scs_crypto_sealed_key(k.wrapped.p,
		                     k.wrapped.len),
		    1);
		scs_blob_free(&k.wrapped);
	}
	/* 10 relatives; 10 cases' answers, narratives, mitigations; the
	 * decisions of 4 decided cases. */
	assert_int_equal(nvalues, 10 + 10 * 3 + 4);
	/* A ciphertext moved to another person's record of the same kind
	 * and object path shape meets that person's key: refused. */
	for (i = 0; i < a.n; i++)
		if (a.v[i].kind == SCS_KIND_ANSWERS &&
		    strcmp(a.v[i].u.answers.case_id, "C-WD-OLD") == 0)
			break;
	assert_true(i < a.n);
	for (j = 0; j < a.n; j++)
		if (a.v[j].kind == SCS_KIND_ANSWERS &&
		    strcmp(a.v[j].u.answers.case_id, "C-WD-NEW") == 0)
			break;
	assert_true(j < a.n);
	scs_record_init(&moved, SCS_KIND_ANSWERS);
	assert_int_equal(scs_record_copy(&moved, &a.v[j]), SCS_OK);
	assert_int_equal(scs_blob_set(&moved.u.answers.data,
	                     a.v[i].u.answers.data.p,
	                     a.v[i].u.answers.data.len),
	    SCS_OK);
	assert_int_equal(open_as(f, "p-wd-new", &moved, "data", &pt, &len),
	    SCS_ECRYPTO);
	assert_null(pt);
	/* Under its own person's key, but moved to another record of
	 * theirs, the object path differs: refused too. */
	(void)snprintf(moved.u.answers.case_id, sizeof(moved.u.answers.case_id),
	    "C-WD-NEW");
	assert_int_equal(open_as(f, "p-wd-old", &moved, "data", &pt, &len),
	    SCS_ECRYPTO);
	assert_null(pt);
	(void)snprintf(moved.u.answers.case_id, sizeof(moved.u.answers.case_id),
	    "C-WD-OLD");
	assert_int_equal(open_as(f, "p-wd-old", &moved, "data", &pt, &len),
	    SCS_OK);
	scs_crypto_secfree(pt);
	/* Through the program: the stored record with the moved value
	 * fails to open, named. */
	(void)snprintf(moved.u.answers.case_id, sizeof(moved.u.answers.case_id),
	    "C-WD-NEW");
	test_act_as_os(&f->r);
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_rec_put(f->r.ctx.st, &moved, SCS_PUT_UPDATE,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_op_answers_get(&f->r.ctx, "C-WD-NEW", NULL, "test",
	                     &doc, &err),
	    SCS_ECRYPTO);
	assert_null(doc);
	assert_non_null(strstr(err.reason, "fails authentication"));
	scs_record_clear(&moved);
	all_free(&a);
}

static void
test_a_person_without_relatives_has_no_key_until_a_seal(void **state)
{
	struct fx *f = *state;
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	struct scs_person p;
	struct scs_person_key k;
	struct scs_err err;

	assert_non_null(rel);
	memset(&p, 0, sizeof(p));
	(void)snprintf(p.id, sizeof(p.id), "p-bare");
	(void)snprintf(p.name, sizeof(p.name), "裸 一");
	(void)snprintf(p.name_latin, sizeof(p.name_latin), "HADAKA Hajime");
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "1990-01-01");
	(void)snprintf(p.nationalities[0], 4, "JPN");
	p.nnationalities = 1;
	(void)snprintf(p.org, sizeof(p.org), "mod");
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_OK);
	memset(&k, 0, sizeof(k));
	assert_int_equal(scs_store_pkey_get(f->r.ctx.st, "p-bare", &k, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p-bare", "test", rel,
	                     &err),
	    SCS_OK);
	assert_int_equal(rel->n, 0);
	rel->n = 1;
	rel->r[0].relation = SCS_REL_CHILD;
	(void)snprintf(rel->r[0].name, sizeof(rel->r[0].name), "裸 次郎");
	(void)snprintf(rel->r[0].birth_date, sizeof(rel->r[0].birth_date),
	    "2015-01-01");
	(void)snprintf(rel->r[0].nationalities[0], 4, "JPN");
	rel->r[0].nnationalities = 1;
	(void)snprintf(rel->r[0].address, sizeof(rel->r[0].address),
	    "大阪府大阪市1-1");
	assert_int_equal(scs_op_relatives_put(&f->r.ctx, "p-bare", rel, &err),
	    SCS_OK);
	get_key(f, "p-bare", &k);
	assert_int_equal(k.destroyed, 0);
	assert_int_equal(k.wrapped_key, 1);
	scs_blob_free(&k.wrapped);
	memset(rel, 0, sizeof(*rel));
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p-bare", "test", rel,
	                     &err),
	    SCS_OK);
	assert_int_equal(rel->n, 1);
	assert_string_equal(rel->r[0].name, "裸 次郎");
	scs_crypto_secfree(rel);
	verifies(f);
}

/* ---- format 1 and rotation ---- */

/* Seal @pt in format 1 into @r's @field (as a register made before
 * person keys did), store @r and audit it. */
static void
plant_v1(struct fx *f, struct scs_record *r, const char *field, const char *pt,
    enum scs_put_mode mode)
{
	const struct scs_field *fl =
	    scs_kind_field(scs_kind_def(r->kind), field);
	char ad[256], object[3 * SCS_ID_MAX];
	uint8_t state[32];
	struct scs_err err;

	scs_record_object(r, object, sizeof(object));
	(void)snprintf(ad, sizeof(ad), "%s/%s/%s", scs_kind_name(r->kind),
	    object, field);
	assert_int_equal(scs_crypto_seal(f->r.ctx.keys, ad, pt, strlen(pt),
	                     SCS_FIELD_PTR(&r->u, fl), &err),
	    SCS_OK);
	test_act_as_os(&f->r);
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_rec_put(f->r.ctx.st, r, mode, &err), SCS_OK);
	scs_op_state(r, state);
	assert_int_equal(scs_op_audit(&f->r.ctx,
	                     mode == SCS_PUT_INSERT ? "create" : "update",
	                     scs_kind_name(r->kind), object, state, "legacy",
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_op_commit(&f->r.ctx, &err), SCS_OK);
}

/* A person, a case and its answers sealed in format 1, without keys. */
static void
plant_legacy(struct fx *f)
{
	struct scs_record r;
	struct scs_err err;

	scs_record_init(&r, SCS_KIND_PERSON);
	(void)snprintf(r.u.person.id, sizeof(r.u.person.id), "p-legacy");
	(void)snprintf(r.u.person.name, sizeof(r.u.person.name), "旧 一");
	(void)snprintf(r.u.person.name_latin, sizeof(r.u.person.name_latin),
	    "FURU Hajime");
	(void)snprintf(r.u.person.birth_date, sizeof(r.u.person.birth_date),
	    "1960-01-01");
	(void)snprintf(r.u.person.nationalities[0], 4, "JPN");
	r.u.person.nnationalities = 1;
	(void)snprintf(r.u.person.org, sizeof(r.u.person.org), "mod");
	plant_v1(f, &r, "relatives",
	    "[{\"relation\":\"parent\",\"name\":\"ZZLEGACYREL\","
	    "\"birth_date\":\"1930-01-01\",\"nationalities\":[\"JPN\"],"
	    "\"address\":\"京都市\",\"cohabitant\":false}]",
	    SCS_PUT_INSERT);
	scs_record_clear(&r);
	/* A case of p-legacy: its stored copy, then a decision. */
	scs_record_init(&r, SCS_KIND_CASE);
	(void)snprintf(r.u.vcase.id, sizeof(r.u.vcase.id), "C-DEN-NEW");
	assert_int_equal(scs_store_rec_get(f->r.ctx.st, &r, &r, &err), SCS_OK);
	(void)snprintf(r.u.vcase.id, sizeof(r.u.vcase.id), "C-LEGACY");
	(void)snprintf(r.u.vcase.person, sizeof(r.u.vcase.person), "p-legacy");
	scs_blob_free(&r.u.vcase.decision);
	plant_v1(f, &r, "decision", "{\"reasons\":\"ZZLEGACYDEC\"}",
	    SCS_PUT_INSERT);
	scs_record_clear(&r);
	scs_record_init(&r, SCS_KIND_ANSWERS);
	(void)snprintf(r.u.answers.case_id, sizeof(r.u.answers.case_id),
	    "C-LEGACY");
	(void)snprintf(r.u.answers.section, sizeof(r.u.answers.section),
	    "drugs");
	r.u.answers.saved = 1500000000;
	plant_v1(f, &r, "data", "{\"note\":\"ZZLEGACYANS\"}", SCS_PUT_INSERT);
	scs_record_clear(&r);
}

struct count {
	size_t n;
};

static int
count_cb(void *arg, const struct scs_record *r)
{
	(void)r;
	((struct count *)arg)->n++;
	return SCS_OK;
}

static int
count_pkey(void *arg, const struct scs_person_key *k)
{
	(void)k;
	((struct count *)arg)->n++;
	return SCS_OK;
}

/* Records of any sealed kind with a format-1 value. */
static size_t
format_1_left(struct fx *f)
{
	struct scs_rec_query q;
	struct count c = {0};
	struct scs_err err;
	size_t k;

	memset(&q, 0, sizeof(q));
	q.sealed_not_under = true;
	q.key = 0;
	for (k = 0; k < SCS_KIND_N; k++)
		if (scs_kind_has_sealed(scs_kind_def((enum scs_kind)k)))
			assert_int_equal(scs_store_rec_query(f->r.ctx.st,
			                     (enum scs_kind)k, &q, count_cb, &c,
			                     &err),
			    SCS_OK);
	return c.n;
}

static void
test_format_1_values_open_and_rotation_converts_them(void **state)
{
	struct fx *f = *state;
	struct scs_person_key k;
	struct scs_person p, p2;
	struct count c = {0};
	struct scs_err err;
	uint64_t resealed = 0, rewrapped = 0;
	uint32_t key = 0;
	size_t n0, n1;
	char *e0, *e1;

	plant_legacy(f);
	assert_int_equal(format_1_left(f), 3);
	memset(&k, 0, sizeof(k));
	assert_int_equal(scs_store_pkey_get(f->r.ctx.st, "p-legacy", &k, &err),
	    SCS_ENOTFOUND);
	/* The read path opens format 1 under the register key. */
	e0 = export_all(f, &n0);
	assert_non_null(strstr(e0, "ZZLEGACYREL"));
	assert_non_null(strstr(e0, "ZZLEGACYDEC"));
	assert_non_null(strstr(e0, "ZZLEGACYANS"));
	verifies(f);

	test_act_as_os(&f->r);
	assert_int_equal(scs_op_keys_rotate(&f->r.ctx, NULL, NULL, &key,
	                     &resealed, &rewrapped, &err),
	    SCS_OK);
	assert_int_equal(key, 2);
	assert_int_equal(resealed, 3); /* the person, the case, the answers */
	/* The 10 keys of the import; p-legacy's, made by the conversion,
	 * is under key 2 already. */
	assert_int_equal(rewrapped, 10);
	assert_int_equal(format_1_left(f), 0);
	assert_int_equal(scs_store_pkey_each(f->r.ctx.st, NULL, 0, 2,
	                     count_pkey, &c, &err),
	    SCS_OK);
	assert_int_equal(c.n, 0); /* no live key under key 1 */
	get_key(f, "p-legacy", &k);
	assert_int_equal(k.wrapped_key, 2);
	scs_blob_free(&k.wrapped);
	e1 = export_all(f, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(e0, e1, n0);
	free(e1);
	verifies(f);

	/* A second rotation re-wraps the keys and leaves values alone:
	 * the stored bytes are the same. */
	memset(&p, 0, sizeof(p));
	assert_int_equal(scs_store_person_get(f->r.ctx.st, "p-legacy", &p,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_crypto_sealed_format(p.relatives.p,
	                     p.relatives.len),
	    SCS_SEAL_PERSON);
	assert_int_equal(scs_op_keys_rotate(&f->r.ctx, NULL, NULL, &key,
	                     &resealed, &rewrapped, &err),
	    SCS_OK);
	assert_int_equal(key, 3);
	assert_int_equal(resealed, 0);
	assert_int_equal(rewrapped, 11);
	memset(&p2, 0, sizeof(p2));
	assert_int_equal(scs_store_person_get(f->r.ctx.st, "p-legacy", &p2,
	                     &err),
	    SCS_OK);
	assert_int_equal(p.relatives.len, p2.relatives.len);
	assert_memory_equal(p.relatives.p, p2.relatives.p, p.relatives.len);
	scs_person_clear(&p);
	scs_person_clear(&p2);
	e1 = export_all(f, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(e0, e1, n0);
	free(e1);
	free(e0);
	verifies(f);
}

/* ---- retention ---- */

struct purged {
	char ids[16][SCS_ID_MAX + 1];
	uint64_t values[16];
	size_t n;
};

static int
purged_cb(void *arg, const struct scs_purge *p)
{
	struct purged *l = arg;

	assert_true(l->n < 16);
	(void)snprintf(l->ids[l->n], sizeof(l->ids[0]), "%s", p->person);
	l->values[l->n] = p->values;
	l->n++;
	return SCS_OK;
}

static void
run_retention(struct fx *f, bool dry, struct purged *l,
    struct scs_retention_report *rep)
{
	struct scs_err err;

	memset(l, 0, sizeof(*l));
	test_act_as_os(&f->r);
	if (scs_op_retention_run(&f->r.ctx, test_now_us / 1000000, dry,
	        purged_cb, l, rep, &err) != SCS_OK)
		fail_msg("retention run: %s: %s", err.field, err.reason);
}

static void
test_retention_purges_exactly_the_expired_persons(void **state)
{
	struct fx *f = *state;
	struct scs_retention_report rep;
	struct scs_person_key k;
	struct purged l;
	struct all a;
	struct scs_err err;
	char buf[SCS_ID_MAX + 1], *e0, *e1, *x, *y;
	size_t i, n0, n1, stamps = 0;
	uint64_t h0;

	e0 = export_all(f, &n0);
	/* A dry run names them and changes nothing. */
	h0 = entries(f);
	run_retention(f, true, &l, &rep);
	assert_int_equal(rep.persons, SCS_NELEM(expired));
	assert_int_equal(l.n, SCS_NELEM(expired));
	for (i = 0; i < l.n; i++)
		assert_string_equal(l.ids[i], expired[i]);
	assert_int_equal(entries(f), h0);
	e1 = export_all(f, &n1);
	assert_int_equal(n0, n1);
	assert_memory_equal(e0, e1, n0);
	free(e1);

	run_retention(f, false, &l, &rep);
	assert_int_equal(rep.persons, SCS_NELEM(expired));
	assert_true(rep.checkpointed);
	assert_int_equal(l.n, SCS_NELEM(expired));
	for (i = 0; i < l.n; i++) {
		assert_string_equal(l.ids[i], expired[i]);
		/* relatives, answers, narrative, mitigation (+ decision) */
		assert_int_equal(l.values[i],
		    strcmp(expired[i], "p-den-old") == 0 ||
		            strcmp(expired[i], "p-grant-ended") == 0
		        ? 5
		        : 4);
	}
	assert_int_equal(rep.values, 4 + 5 + 4 + 5);
	/* The expired: nothing sealed left, the key destroyed; the others
	 * as they were. */
	all_sealed(f, &a);
	for (i = 0; i < a.n; i++) {
		const char *who = person_of(f, &a.v[i], buf, sizeof(buf));

		if (is_expired(who))
			assert_int_equal(count_values(&a.v[i]), 0);
		stamps += a.v[i].kind == SCS_KIND_CASE;
	}
	all_free(&a);
	assert_int_equal(stamps, 10); /* every case is still there */
	for (i = 0; i < SCS_NELEM(expired); i++) {
		get_key(f, expired[i], &k);
		assert_int_equal(k.wrapped.len, 0);
		assert_int_equal(k.wrapped_key, 0);
		assert_int_equal(k.destroyed, test_now_us / 1000000);
		scs_blob_free(&k.wrapped);
	}
	for (i = 0; i < SCS_NELEM(kept); i++) {
		get_key(f, kept[i], &k);
		assert_int_equal(k.destroyed, 0);
		scs_blob_free(&k.wrapped);
	}
	/* What statistics need stays: a purged person's identity, case
	 * state and stamps, finding metadata, clearance. */
	e1 = export_all(f, &n1);
	x = lines_with(e1, "C-GRANT-ENDED");
	assert_non_null(strstr(x, "\"state\":\"granted\""));
	assert_non_null(strstr(x, "\"event\":\"nominate\""));
	assert_non_null(strstr(x, "\"severity\":\"minor\""));
	assert_null(strstr(x, "ZZ"));
	free(x);
	x = lines_with(e1, "p-grant-ended");
	assert_non_null(strstr(x, "\"kind\":\"clearance\""));
	assert_non_null(strstr(x, "\"name_latin\":\"SHIKEN p-grant-ended\""));
	assert_non_null(strstr(x, "\"relatives\":[]"));
	free(x);
	/* Every kept person's lines are as before. */
	for (i = 0; i < SCS_NELEM(kept); i++) {
		x = lines_with(e0, kept[i]);
		y = lines_with(e1, kept[i]);
		assert_string_equal(x, y);
		free(x);
		free(y);
	}
	for (i = 0; i < SCS_NELEM(expired); i++) {
		(void)snprintf(buf, sizeof(buf), "-%s\"", expired[i]);
		assert_null(strstr(e1, buf)); /* no canary of theirs */
	}
	free(e0);
	free(e1);
	verifies(f);
	/* Done once: the next run finds nobody. */
	run_retention(f, false, &l, &rep);
	assert_int_equal(rep.persons, 0);
	(void)err;
}

static int
find_entry(void *arg, const struct scs_audit_entry *e)
{
	size_t *n = arg;

	if ((strcmp(e->action, "purge") == 0 &&
	        strcmp(e->purpose, "retention") == 0) ||
	    (strcmp(e->action, "destroy") == 0 &&
	        strcmp(e->kind, "person_key") == 0))
		(*n)++;
	return SCS_OK;
}

static void
test_each_purge_is_audited(void **state)
{
	struct fx *f = *state;
	struct scs_retention_report rep;
	struct scs_err err;
	struct purged l;
	size_t n = 0;

	run_retention(f, false, &l, &rep);
	assert_int_equal(scs_store_audit_each(f->r.ctx.st, 0, 0, find_entry, &n,
	                     &err),
	    SCS_OK);
	/* per person: the person, answers, finding, its key; the case of
	 * the two with a decision */
	assert_int_equal(n, SCS_NELEM(expired) * 4 + 2);
}

/* The whole file at @path (empty when it does not exist). */
static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *p;
	long n;

	*len = 0;
	if (fp == NULL)
		return calloc(1, 1);
	assert_int_equal(fseek(fp, 0, SEEK_END), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	assert_int_equal(fseek(fp, 0, SEEK_SET), 0);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, fp), (size_t)n);
	(void)fclose(fp);
	*len = (size_t)n;
	return p;
}

static bool
in_files(struct fx *f, const void *needle, size_t nlen)
{
	char wal[320];
	uint8_t *db, *w;
	size_t dblen, wlen;
	bool found;

	(void)snprintf(wal, sizeof(wal), "%s-wal", f->r.db);
	db = slurp(f->r.db, &dblen);
	w = slurp(wal, &wlen);
	found = find_bytes(db, dblen, needle, nlen) != NULL ||
	    find_bytes(w, wlen, needle, nlen) != NULL;
	free(db);
	free(w);
	return found;
}

static void
test_after_a_purge_the_canary_is_in_no_file_and_opens_with_no_key(void **state)
{
	struct fx *f = *state;
	struct scs_retention_report rep;
	struct scs_person_key k, after;
	struct scs_record fnd;
	struct scs_blob narrative = {NULL, 0};
	struct scs_err err;
	struct purged l;
	json_t *doc = NULL;
	char *pt = NULL;
	size_t len = 0;

	/* Before: the narrative of p-wd-old's finding, sealed, and the
	 * wrapped key it is under, as an attacker's earlier copy. */
	scs_record_init(&fnd, SCS_KIND_FINDING);
	(void)snprintf(fnd.u.finding.case_id, sizeof(fnd.u.finding.case_id),
	    "C-WD-OLD");
	fnd.u.finding.seq = 1;
	assert_int_equal(scs_store_rec_get(f->r.ctx.st, &fnd, &fnd, &err),
	    SCS_OK);
	assert_int_equal(scs_blob_set(&narrative, fnd.u.finding.narrative.p,
	                     fnd.u.finding.narrative.len),
	    SCS_OK);
	get_key(f, "p-wd-old", &k);
	assert_int_equal(open_as(f, "p-wd-old", &fnd, "narrative", &pt, &len),
	    SCS_OK);
	assert_string_equal(pt, "\"ZZFND-p-wd-old\"");
	scs_crypto_secfree(pt);
	/* The bytes are in the files now (sealed, never in plaintext). */
	assert_true(in_files(f, narrative.p, narrative.len));
	assert_true(in_files(f, k.wrapped.p, k.wrapped.len));
	assert_false(in_files(f, "ZZFND-p-wd-old", 14));

	run_retention(f, false, &l, &rep);
	assert_true(rep.checkpointed);
	/* Neither the sealed value nor the wrapped key is in the database
	 * or its write-ahead log, nor any canary of the person. */
	assert_false(in_files(f, narrative.p, narrative.len));
	assert_false(in_files(f, k.wrapped.p, k.wrapped.len));
	assert_false(in_files(f, "ZZFND-p-wd-old", 14));
	assert_false(in_files(f, "ZZANS-p-wd-old", 14));
	assert_false(in_files(f, "ZZREL-p-wd-old", 14));
	/* With the key directory at hand, the old ciphertext put back into
	 * its record (from a copy made before) does not open: the person's
	 * key is gone, and no key of the register opens it. */
	get_key(f, "p-wd-old", &after);
	assert_int_equal(after.wrapped.len, 0);
	assert_int_equal(after.wrapped_key, 0);
	assert_true(after.destroyed != 0);
	scs_blob_free(&after.wrapped);
	assert_int_equal(open_as(f, "p-wd-old", &fnd, "narrative", &pt, &len),
	    SCS_ECRYPTO);
	scs_blob_free(&fnd.u.finding.narrative);
	fnd.u.finding.narrative = narrative;
	narrative.p = NULL;
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_rec_put(f->r.ctx.st, &fnd, SCS_PUT_UPDATE,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_findings_get(&f->r.ctx, "C-WD-OLD", "test",
	                     &doc, &err),
	    SCS_ECRYPTO);
	assert_null(doc);
	assert_non_null(strstr(err.reason, "destroyed"));
	(void)pt;
	scs_blob_free(&k.wrapped);
	scs_record_clear(&fnd);
}

static void
test_a_seal_after_a_purge_makes_a_new_key(void **state)
{
	struct fx *f = *state;
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	struct scs_retention_report rep;
	struct scs_person_key k;
	struct scs_err err;
	struct purged l;

	assert_non_null(rel);
	run_retention(f, false, &l, &rep);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p-wd-old", "test",
	                     rel, &err),
	    SCS_OK);
	assert_int_equal(rel->n, 0); /* purged */
	rel->n = 1;
	rel->r[0].relation = SCS_REL_SPOUSE;
	(void)snprintf(rel->r[0].name, sizeof(rel->r[0].name), "新 花子");
	(void)snprintf(rel->r[0].birth_date, sizeof(rel->r[0].birth_date),
	    "1975-01-01");
	(void)snprintf(rel->r[0].nationalities[0], 4, "JPN");
	rel->r[0].nnationalities = 1;
	(void)snprintf(rel->r[0].address, sizeof(rel->r[0].address),
	    "大阪府大阪市1-1");
	assert_int_equal(scs_op_relatives_put(&f->r.ctx, "p-wd-old", rel, &err),
	    SCS_OK);
	get_key(f, "p-wd-old", &k);
	assert_int_equal(k.destroyed, 0);
	assert_int_equal(k.wrapped_key, 1);
	scs_blob_free(&k.wrapped);
	memset(rel, 0, sizeof(*rel));
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p-wd-old", "test",
	                     rel, &err),
	    SCS_OK);
	assert_string_equal(rel->r[0].name, "新 花子");
	scs_crypto_secfree(rel);
	verifies(f);
	/* Still not due again: the person's cases have not changed, but
	 * the new key is live, so a run purges the new value too. */
	run_retention(f, false, &l, &rep);
	assert_int_equal(rep.persons, 1);
	assert_string_equal(l.ids[0], "p-wd-old");
}

static void
test_only_admins_and_the_command_line_run_retention(void **state)
{
	static const enum scs_role roles[] = {SCS_ROLE_SECURITY_OFFICER,
	    SCS_ROLE_SUBJECT, SCS_ROLE_INVESTIGATOR, SCS_ROLE_ADJUDICATOR,
	    SCS_ROLE_DESIGNATOR, SCS_ROLE_AUDITOR, SCS_ROLE_RELYING};
	struct fx *f = *state;
	struct scs_retention_report rep;
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(roles); i++) {
		test_act_as(&f->r, roles[i], "mod", "p-wd-old");
		assert_int_equal(scs_op_retention_run(&f->r.ctx,
		                     test_now_us / 1000000, true, NULL, NULL,
		                     &rep, &err),
		    SCS_EDENIED);
	}
	test_act_as(&f->r, SCS_ROLE_ADMIN, "mod", NULL);
	assert_int_equal(scs_op_retention_run(&f->r.ctx, test_now_us / 1000000,
	                     true, NULL, NULL, &rep, &err),
	    SCS_OK);
	assert_int_equal(rep.persons, SCS_NELEM(expired));
}

/* ---- the subject's export ---- */

static int
last_entry(void *arg, const struct scs_audit_entry *e)
{
	*(struct scs_audit_entry *)arg = *e;
	return SCS_OK;
}

static void
test_a_subject_exports_everything_held_on_them_on_record(void **state)
{
	struct fx *f = *state;
	struct scs_audit_entry e;
	struct scs_err err;
	json_t *doc = NULL, *cases, *k;
	char *text;
	uint64_t h0;

	h0 = entries(f);
	test_act_as(&f->r, SCS_ROLE_SUBJECT, "mod", "p-grant-valid");
	assert_int_equal(scs_op_person_export(&f->r.ctx, NULL, &doc, &err),
	    SCS_OK);
	text = scs_codec_dumps(doc, JSON_COMPACT);
	assert_non_null(text);
	/* The relatives, the answers, the finding's narrative and
	 * mitigation, the decision with its reasons: opened. */
	assert_non_null(strstr(text, "ZZREL-p-grant-valid"));
	assert_non_null(strstr(text, "ZZANS-p-grant-valid"));
	assert_non_null(strstr(text, "ZZFND-p-grant-valid"));
	assert_non_null(strstr(text, "ZZMIT-p-grant-valid"));
	assert_non_null(strstr(text, "ZZDEC-p-grant-valid"));
	/* Nobody else's. */
	assert_null(strstr(text, "p-grant-ended"));
	free(text);
	cases = json_object_get(doc, "cases");
	assert_int_equal(json_array_size(cases), 1);
	k = json_array_get(cases, 0);
	assert_string_equal(json_string_value(json_object_get(k, "id")),
	    "C-GRANT-VALID");
	assert_int_equal(json_array_size(json_object_get(k, "history")), 1);
	assert_int_equal(json_array_size(json_object_get(k, "answers")), 1);
	assert_int_equal(json_array_size(json_object_get(k, "findings")), 1);
	assert_non_null(json_object_get(k, "notifications"));
	assert_int_equal(json_array_size(json_object_get(doc, "clearances")),
	    1);
	assert_non_null(json_object_get(doc, "briefings"));
	assert_non_null(json_object_get(doc, "memberships"));
	assert_non_null(json_object_get(doc, "suspensions"));
	assert_string_equal(json_string_value(
	                        json_object_get(json_object_get(doc, "person"),
	                            "id")),
	    "p-grant-valid");
	json_decref(doc);
	/* On record: one entry, by the subject, naming the person. */
	assert_int_equal(entries(f), h0 + 1);
	assert_int_equal(scs_store_audit_each(f->r.ctx.st, h0, 0, last_entry,
	                     &e, &err),
	    SCS_OK);
	assert_string_equal(e.action, "export");
	assert_string_equal(e.kind, "person");
	assert_string_equal(e.object, "p-grant-valid");
	assert_string_equal(e.actor, "user:u-subject");

	/* Another person reads as missing; nothing goes on record. */
	assert_int_equal(scs_op_person_export(&f->r.ctx, "p-open", &doc, &err),
	    SCS_ENOTFOUND);
	assert_null(doc);
	/* No role but the subject's exports through the API. */
	test_act_as(&f->r, SCS_ROLE_ADMIN, "mod", NULL);
	assert_int_equal(scs_op_person_export(&f->r.ctx, "p-open", &doc, &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_ADJUDICATOR, "mod", NULL);
	assert_int_equal(scs_op_person_export(&f->r.ctx, "p-open", &doc, &err),
	    SCS_EDENIED);
	assert_int_equal(entries(f), h0 + 1);
}

static void
test_an_export_after_a_purge_holds_what_remains(void **state)
{
	struct fx *f = *state;
	struct scs_retention_report rep;
	struct scs_err err;
	struct purged l;
	json_t *doc = NULL;
	char *text;

	run_retention(f, false, &l, &rep);
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_person_export(&f->r.ctx, "p-den-old", &doc,
	                     &err),
	    SCS_OK);
	text = scs_codec_dumps(doc, JSON_COMPACT);
	assert_non_null(text);
	assert_null(strstr(text, "ZZ"));
	assert_non_null(strstr(text, "\"state\":\"denied\""));
	assert_non_null(strstr(text, "\"relatives\":[]"));
	free(text);
	json_decref(doc);
	assert_int_equal(scs_op_person_export(&f->r.ctx, "nobody", &doc, &err),
	    SCS_ENOTFOUND);
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_every_kind_with_a_sealed_field_names_its_owner),
	    FX(test_each_persons_values_are_sealed_under_their_own_key),
	    FX(test_a_person_without_relatives_has_no_key_until_a_seal),
	    FX(test_format_1_values_open_and_rotation_converts_them),
	    FX(test_retention_purges_exactly_the_expired_persons),
	    FX(test_each_purge_is_audited),
	    FX(test_after_a_purge_the_canary_is_in_no_file_and_opens_with_no_key),
	    FX(test_a_seal_after_a_purge_makes_a_new_key),
	    FX(test_only_admins_and_the_command_line_run_retention),
	    FX(test_a_subject_exports_everything_held_on_them_on_record),
	    FX(test_an_export_after_a_purge_holds_what_remains),
	};

	(void)setenv("SCS_PWHASH_COST", "min", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
