/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pg.c - the same register on both backends gives the same audit
 * log: one import of records that seal nothing (sealing draws a random
 * nonce), done at the same instant by the same actor on SQLite and on
 * the empty PostgreSQL database $SCS_TEST_PG_URL (tests/run.sh makes one),
 * with one key directory, has the same Merkle root and the same signed
 * tree head, and verifies on both.  And a bulk section (store.h) writes
 * its rows together or none of them on both.  PostgreSQL's part is
 * skipped without the variable.
 */
#include "../helpers.h"

#include "scs/audit.h"

static const char lines[] =
    "{\"kind\":\"organization\",\"id\":\"mod\",\"name\":\"防衛省\","
    "\"type\":\"government\",\"country\":\"JPN\"}\n"
    "{\"kind\":\"organization\",\"id\":\"acme\",\"name\":\"ACME\","
    "\"type\":\"contractor\",\"country\":\"JPN\"}\n"
    "{\"kind\":\"compartment\",\"id\":\"sat\",\"name\":\"Satellites\","
    "\"owner\":\"mod\"}\n"
    "{\"kind\":\"program\",\"id\":\"radar\",\"name\":\"Radar\","
    "\"owner\":\"mod\"}\n";

static void
import(struct scs_ctx *c)
{
	FILE *in = fmemopen((void *)lines, sizeof(lines) - 1, "r");
	struct scs_err err;
	uint64_t n = 0;

	assert_non_null(in);
	if (scs_op_import(c, in, "lines", 0, NULL, NULL, &n, &err) != SCS_OK)
		fail_msg("import: %s: %s", err.field, err.reason);
	(void)fclose(in);
	assert_int_equal(n, 4);
}

static void
test_the_same_inputs_give_the_same_roots_on_both_backends(void **state)
{
	const char *url = getenv("SCS_TEST_PG_URL");
	struct test_reg r;
	struct scs_ctx pg;
	struct scs_tree_head h1, h2;
	struct scs_verify_report rep;
	struct scs_err err;

	(void)state;
	if (url == NULL || url[0] == '\0')
		skip();
	test_reg_open(&r);
	pg = r.ctx;
	if (scs_store_open(url, true, &pg.st, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	assert_int_equal(scs_store_migrate(pg.st, NULL, &err), SCS_OK);
	import(&r.ctx);
	import(&pg);
	assert_int_equal(scs_op_audit_head(&r.ctx, &h1, &err), SCS_OK);
	assert_int_equal(scs_op_audit_head(&pg, &h2, &err), SCS_OK);
	assert_true(h1.size >= 4);
	assert_int_equal(h1.size, h2.size);
	assert_int_equal(h1.time_us, h2.time_us);
	assert_memory_equal(h1.root, h2.root, 32);
	assert_memory_equal(h1.sig, h2.sig, 64);
	memset(&rep, 0, sizeof(rep));
	if (scs_op_audit_verify(&pg, &rep, &err) != SCS_OK)
		fail_msg("verify on PostgreSQL: %s: %s", err.field, err.reason);
	assert_int_equal(scs_op_audit_verify(&r.ctx, &rep, &err), SCS_OK);
	scs_store_close(pg.st);
	test_reg_close(&r);
}

/* ---- bulk sections and the transaction's meta values ---- */

static void
org(struct scs_org *o, const char *id)
{
	memset(o, 0, sizeof(*o));
	(void)snprintf(o->id, sizeof(o->id), "%s", id);
	(void)snprintf(o->name, sizeof(o->name), "Org\t%s \\ \"q\"", id);
	o->type = SCS_ORG_CONTRACTOR;
	(void)snprintf(o->country, sizeof(o->country), "JPN");
}

static void
expect_meta(struct scs_store *st, const char *key, const char *want)
{
	struct scs_blob b = {NULL, 0};
	struct scs_err err;

	assert_int_equal(scs_store_meta_get(st, key, &b, &err), SCS_OK);
	assert_int_equal(b.len, strlen(want));
	assert_memory_equal(b.p, want, b.len);
	scs_blob_free(&b);
}

static void
bulk_checks(struct scs_store *st)
{
	struct scs_org o, got;
	struct scs_person p;
	struct scs_err err;
	int rc;

	/* Outside a transaction, nested: refused. */
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_EINTERNAL);
	/* A section dropped: its rows and meta values are gone, the
	 * transaction's earlier ones stay. */
	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	assert_int_equal(scs_store_meta_put(st, "bulk.k", "1", 1, &err),
	    SCS_OK);
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_OK);
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_EINTERNAL);
	assert_int_equal(scs_store_meta_put(st, "bulk.k", "2", 1, &err),
	    SCS_OK);
	expect_meta(st, "bulk.k", "2");
	org(&o, "b1");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_OK);
	assert_int_equal(scs_store_bulk_end(st, false, &err), SCS_OK);
	expect_meta(st, "bulk.k", "1");
	assert_int_equal(scs_store_org_get(st, "b1", &got, &err),
	    SCS_ENOTFOUND);
	/* A read in a section sees the rows held before it. */
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_OK);
	org(&o, "e1");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_OK);
	assert_int_equal(scs_store_org_get(st, "e1", &got, &err), SCS_OK);
	assert_string_equal(got.name, o.name);
	assert_int_equal(scs_store_bulk_end(st, true, &err), SCS_OK);
	/* A duplicate: refused at once (SQLite) or when the rows are
	 * written (PostgreSQL); either way the section is undone and the
	 * transaction goes on. */
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_OK);
	org(&o, "c1");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_OK);
	rc = scs_store_org_put(st, &o, SCS_PUT_INSERT, &err);
	if (rc == SCS_OK)
		rc = scs_store_bulk_end(st, true, &err);
	else
		assert_int_equal(scs_store_bulk_end(st, false, &err), SCS_OK);
	assert_int_equal(rc, SCS_ECONFLICT);
	assert_int_equal(scs_store_org_get(st, "c1", &got, &err),
	    SCS_ENOTFOUND);
	/* A missing reference, found at the latest at the end. */
	assert_int_equal(scs_store_bulk_begin(st, &err), SCS_OK);
	memset(&p, 0, sizeof(p));
	(void)snprintf(p.id, sizeof(p.id), "p1");
	(void)snprintf(p.name, sizeof(p.name), "P");
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "1980-01-01");
	(void)snprintf(p.org, sizeof(p.org), "nowhere");
	rc = scs_store_person_put(st, &p, SCS_PUT_INSERT, &err);
	if (rc == SCS_OK)
		rc = scs_store_bulk_end(st, true, &err);
	else
		assert_int_equal(scs_store_bulk_end(st, false, &err), SCS_OK);
	assert_int_equal(rc, SCS_EINVAL);
	org(&o, "d1");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(st, &err), SCS_OK);
	/* What the commit kept: the meta value, e1 and d1. */
	expect_meta(st, "bulk.k", "1");
	assert_int_equal(scs_store_org_get(st, "e1", &got, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "d1", &got, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "c1", &got, &err),
	    SCS_ENOTFOUND);
	/* A rollback forgets the transaction's meta values. */
	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	assert_int_equal(scs_store_meta_put(st, "bulk.k", "3", 1, &err),
	    SCS_OK);
	scs_store_rollback(st);
	expect_meta(st, "bulk.k", "1");
}

static void
test_a_bulk_section_writes_its_rows_or_none_on_both_backends(void **state)
{
	const char *url = getenv("SCS_TEST_PG_URL");
	struct test_reg r;
	struct scs_store *pg;
	struct scs_err err;

	(void)state;
	test_reg_open(&r);
	bulk_checks(r.ctx.st);
	test_reg_close(&r);
	if (url == NULL || url[0] == '\0')
		skip();
	if (scs_store_open(url, true, &pg, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	assert_int_equal(scs_store_migrate(pg, NULL, &err), SCS_OK);
	bulk_checks(pg);
	scs_store_close(pg);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_the_same_inputs_give_the_same_roots_on_both_backends),
	    cmocka_unit_test(
	        test_a_bulk_section_writes_its_rows_or_none_on_both_backends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
