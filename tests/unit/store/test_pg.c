/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_pg.c - the same register on both backends gives the same audit
 * log: one import of records that seal nothing (sealing draws a random
 * nonce), done at the same instant by the same actor on SQLite and on
 * the empty PostgreSQL database $SCS_TEST_PG_URL (tests/run.sh makes one),
 * with one key directory, has the same Merkle root and the same signed
 * tree head, and verifies on both.  Skipped without the variable.
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_the_same_inputs_give_the_same_roots_on_both_backends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
