/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_proofs.c - audit proofs from the stored subtree heads of
 * src/audit/log.c, on SQLite and, when $SCS_TEST_PG_URL names an empty
 * database (tests/run.sh makes one), on PostgreSQL: a log written in
 * transactions of many sizes answers every consistency proof between
 * its signed heads and inclusion proofs of many leaves exactly as the
 * O(n) proofs over all leaf hashes, each checking with the public key;
 * the refusals (sizes that are not signed, leaf past the size, from 0 or
 * above to); a register from before the subtree table (heads and extent
 * removed behind the program's back) is back-filled by
 * scs_audit_nodes_sync, or by the next append, to the same heads; a
 * proof refused while the heads are missing; a stored head altered is
 * found before a proof leaves.
 */
#include "helpers.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include "scs/audit.h"
#include "scs/merkle.h"

#define MAXLEAVES 1024
#define MAXHEADS  64

struct log {
	struct scs_store *st;
	const struct scs_keys *keys;
	const char *pg; /* NULL: SQLite at sq */
	const char *sq;
	uint64_t sizes[MAXHEADS];
	size_t nheads;
	uint8_t (*leaves)[32];
	uint64_t n;
};

static int
leaf_of(void *arg, const struct scs_audit_entry *e)
{
	struct log *l = arg;

	assert_int_equal(e->seq, l->n);
	memcpy(l->leaves[l->n++], e->leaf, 32);
	return SCS_OK;
}

/* Transactions of 1, 2, ... 37 entries (703 leaves), each signed. */
static void
write_log(struct log *l)
{
	struct scs_audit_entry e[40];
	struct scs_err err;
	size_t t, i;

	for (t = 1; t <= 37; t++) {
		for (i = 0; i < t; i++) {
			memset(&e[i], 0, sizeof(e[i]));
			e[i].time_us = test_now_us + (int64_t)t;
			(void)snprintf(e[i].actor, sizeof(e[i].actor), "os");
			(void)snprintf(e[i].action, sizeof(e[i].action), "add");
			(void)snprintf(e[i].kind, sizeof(e[i].kind), "person");
			(void)snprintf(e[i].object, sizeof(e[i].object),
			    "p%zu-%zu", t, i);
		}
		assert_int_equal(scs_store_begin(l->st, &err), SCS_OK);
		if (scs_audit_append_many(l->st, e, t, &err) != SCS_OK)
			fail_msg("append: %s: %s", err.field, err.reason);
		assert_int_equal(scs_audit_seal_head(l->st, l->keys,
		                     test_now_us + (int64_t)t, &err),
		    SCS_OK);
		assert_int_equal(scs_store_commit(l->st, &err), SCS_OK);
		l->sizes[l->nheads] =
		    (l->nheads == 0 ? 0 : l->sizes[l->nheads - 1]) + t;
		l->nheads++;
	}
	l->n = 0;
	assert_int_equal(scs_store_audit_each(l->st, 0, 0, leaf_of, l, &err),
	    SCS_OK);
	assert_int_equal(l->n, l->sizes[l->nheads - 1]);
}

static void
check_inclusion(struct log *l, uint64_t m, uint64_t n)
{
	uint8_t want[SCS_MERKLE_MAX_PROOF][32];
	struct scs_audit_proof p;
	struct scs_err err;
	char why[128];
	size_t len;

	if (scs_audit_prove_inclusion(l->st, m, n, &p, &err) != SCS_OK)
		fail_msg("inclusion %llu in %llu: %s: %s",
		    (unsigned long long)m, (unsigned long long)n, err.field,
		    err.reason);
	assert_int_equal(scs_merkle_inclusion_proof(scs_crypto_sha256v,
	                     (const uint8_t(*)[32])l->leaves, n, m, want,
	                     SCS_MERKLE_MAX_PROOF, &len),
	    0);
	assert_int_equal(p.head.size, n);
	assert_int_equal(p.npath, len);
	assert_memory_equal(p.path, want, len * 32);
	assert_memory_equal(p.leaf_hash, l->leaves[m], 32);
	assert_int_equal(scs_audit_proof_check(&p, scs_keys_public(l->keys),
	                     why, sizeof(why)),
	    0);
	/* One changed bit anywhere fails the check. */
	p.leaf_hash[3] ^= 1;
	assert_int_equal(scs_audit_proof_check(&p, scs_keys_public(l->keys),
	                     why, sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "audit path"));
}

static void
check_consistency(struct log *l, uint64_t m, uint64_t n)
{
	uint8_t want[SCS_MERKLE_MAX_PROOF][32];
	struct scs_audit_proof p;
	struct scs_err err;
	char why[128];
	size_t len;

	if (scs_audit_prove_consistency(l->st, m, n, &p, &err) != SCS_OK)
		fail_msg("consistency %llu to %llu: %s: %s",
		    (unsigned long long)m, (unsigned long long)n, err.field,
		    err.reason);
	assert_int_equal(scs_merkle_consistency_proof(scs_crypto_sha256v,
	                     (const uint8_t(*)[32])l->leaves, n, m, want,
	                     SCS_MERKLE_MAX_PROOF, &len),
	    0);
	assert_int_equal(p.old_head.size, m);
	assert_int_equal(p.head.size, n);
	assert_int_equal(p.npath, len);
	assert_memory_equal(p.path, want, len * 32);
	assert_int_equal(scs_audit_proof_check(&p, scs_keys_public(l->keys),
	                     why, sizeof(why)),
	    0);
	p.old_head.root[0] ^= 1;
	assert_int_equal(scs_audit_proof_check(&p, scs_keys_public(l->keys),
	                     why, sizeof(why)),
	    -1);
	assert_non_null(strstr(why, "signature"));
}

static void
check_all(struct log *l)
{
	size_t i, j;
	uint64_t n, m;

	for (i = 0; i < l->nheads; i++) {
		n = l->sizes[i];
		for (m = 0; m < n; m += 1 + m / 3)
			check_inclusion(l, m, n);
		check_inclusion(l, n - 1, n);
		for (j = 0; j <= i; j++)
			check_consistency(l, l->sizes[j], n);
	}
}

static void
check_refusals(struct log *l)
{
	struct scs_audit_proof p;
	struct scs_err err;
	uint64_t last = l->sizes[l->nheads - 1];

	/* The latest head by default. */
	assert_int_equal(scs_audit_prove_inclusion(l->st, 5, 0, &p, &err),
	    SCS_OK);
	assert_int_equal(p.head.size, last);
	assert_int_equal(scs_audit_prove_inclusion(l->st, last, 0, &p, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "leaf");
	assert_int_equal(scs_audit_prove_inclusion(l->st, 0, last + 1, &p,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "size");
	assert_int_equal(scs_audit_prove_inclusion(l->st, 0, 2, &p, &err),
	    SCS_ENOTFOUND); /* sizes 1, 3, 6, ...: 2 was never signed */
	assert_string_equal(err.field, "size");
	assert_int_equal(scs_audit_prove_consistency(l->st, 0, 3, &p, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(scs_audit_prove_consistency(l->st, 6, 3, &p, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "from");
	assert_int_equal(scs_audit_prove_consistency(l->st, 2, 3, &p, &err),
	    SCS_ENOTFOUND);
	assert_string_equal(err.field, "from");
	assert_int_equal(scs_audit_prove_consistency(l->st, 1, 4, &p, &err),
	    SCS_ENOTFOUND);
	assert_string_equal(err.field, "to");
	assert_int_equal(scs_audit_prove_consistency(l->st, 1, last + 1, &p,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "to");
}

/* Run @sql behind the program's back. */
static void
raw(struct log *l, const char *sql)
{
	if (l->pg != NULL) {
		PGconn *c = PQconnectdb(l->pg);
		PGresult *res = PQexec(c, sql);

		if (PQresultStatus(res) != PGRES_COMMAND_OK)
			fail_msg("%s: %s", sql, PQerrorMessage(c));
		PQclear(res);
		PQfinish(c);
	} else {
		sqlite3 *db = NULL;

		assert_int_equal(sqlite3_open(l->sq, &db), SQLITE_OK);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
			fail_msg("%s: %s", sql, sqlite3_errmsg(db));
		(void)sqlite3_close(db);
	}
}

static void
forget_nodes(struct log *l)
{
	raw(l,
	    "DELETE FROM audit_nodes;"
	    " DELETE FROM meta WHERE key = 'audit.nodes'");
}

/* The stored heads read many at once (more than one statement's 32, a
 * head asked twice) are those read one by one; one missing is named. */
static void
many_heads(struct log *l)
{
	unsigned lv[45];
	uint64_t ix[45];
	uint8_t got[45][32], one[32];
	struct scs_err err;
	size_t i;

	for (i = 0; i < 44; i++) { /* 703 leaves: level 4 has 43 heads */
		lv[i] = i < 40 ? 4 : 5;
		ix[i] = i < 40 ? i : i - 40;
	}
	lv[44] = 4;
	ix[44] = 7;
	assert_int_equal(scs_store_node_get_many(l->st, lv, ix, 45, got, &err),
	    SCS_OK);
	for (i = 0; i < 45; i++) {
		assert_int_equal(scs_store_node_get(l->st, lv[i], ix[i], one,
		                     &err),
		    SCS_OK);
		assert_memory_equal(got[i], one, 32);
	}
	ix[33] = 1000; /* leaves 16000..16015: none */
	assert_int_equal(scs_store_node_get_many(l->st, lv, ix, 45, got, &err),
	    SCS_ENOTFOUND);
	assert_non_null(strstr(err.reason, "(4, 1000)"));
}

static void
run(struct log *l)
{
	struct scs_audit_proof p;
	struct scs_audit_entry e;
	struct scs_err err;
	uint64_t added = 0;

	l->leaves = calloc(MAXLEAVES, 32);
	assert_non_null(l->leaves);
	write_log(l);
	many_heads(l);
	check_all(l);
	check_refusals(l);

	/* A register from before the table: proofs wait, the sync fills. */
	forget_nodes(l);
	assert_int_equal(scs_audit_prove_inclusion(l->st, 0, 0, &p, &err),
	    SCS_EBUSY);
	assert_int_equal(scs_audit_nodes_sync(l->st, &added, &err), SCS_OK);
	assert_int_equal(added, l->n);
	assert_int_equal(scs_audit_nodes_sync(l->st, &added, &err), SCS_OK);
	assert_int_equal(added, 0);
	check_all(l);

	/* Or the next append fills them before its own. */
	forget_nodes(l);
	memset(&e, 0, sizeof(e));
	e.time_us = test_now_us + 100;
	(void)snprintf(e.actor, sizeof(e.actor), "os");
	(void)snprintf(e.action, sizeof(e.action), "add");
	(void)snprintf(e.kind, sizeof(e.kind), "person");
	(void)snprintf(e.object, sizeof(e.object), "late");
	assert_int_equal(scs_store_begin(l->st, &err), SCS_OK);
	assert_int_equal(scs_audit_append(l->st, &e, &err), SCS_OK);
	assert_int_equal(scs_audit_seal_head(l->st, l->keys, test_now_us + 100,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(l->st, &err), SCS_OK);
	l->sizes[l->nheads++] = l->n + 1;
	l->n = 0;
	assert_int_equal(scs_store_audit_each(l->st, 0, 0, leaf_of, l, &err),
	    SCS_OK);
	check_all(l);

	/* A stored head altered (leaves 16..31, level 4 index 1: id 4 << 56
	 * | 1), given another's hash: a proof that needs it is refused. */
	raw(l,
	    "UPDATE audit_nodes SET hash = (SELECT hash FROM audit_nodes"
	    " WHERE id = 288230376151711744) WHERE id ="
	    " 288230376151711745");
	assert_int_equal(scs_audit_prove_inclusion(l->st, 0, 0, &p, &err),
	    SCS_ECORRUPT);
	assert_int_equal(scs_audit_prove_consistency(l->st, 1, 0, &p, &err),
	    SCS_ECORRUPT);
	/* One that does not need it still answers. */
	check_inclusion(l, l->n - 1, l->n);
	free(l->leaves);
}

static void
test_proofs_on_sqlite(void **state)
{
	struct test_reg r;
	struct log l;

	(void)state;
	test_reg_open(&r);
	memset(&l, 0, sizeof(l));
	l.st = r.ctx.st;
	l.keys = r.ctx.keys;
	l.sq = r.db;
	run(&l);
	test_reg_close(&r);
}

static void
test_proofs_on_postgresql(void **state)
{
	const char *url = getenv("SCS_TEST_PG_URL");
	struct test_reg r;
	struct scs_err err;
	struct log l;

	(void)state;
	if (url == NULL || url[0] == '\0')
		skip();
	test_reg_open(&r);
	memset(&l, 0, sizeof(l));
	if (scs_store_open(url, true, &l.st, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	assert_int_equal(scs_store_migrate(l.st, NULL, &err), SCS_OK);
	l.keys = r.ctx.keys;
	l.pg = url;
	run(&l);
	scs_store_close(l.st);
	test_reg_close(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_proofs_on_sqlite),
	    cmocka_unit_test(test_proofs_on_postgresql),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
