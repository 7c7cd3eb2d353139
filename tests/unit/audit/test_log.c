/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_log.c - unit tests for src/audit/log.c over a real SQLite register:
 * what an entry may hold, a stored frontier that is malformed or full, a
 * tree head sealed once per size, and the verifier's findings (a signed
 * head that does not match the log, a head with a bad signature) and its
 * callback's answers.  The operations' own audit trail is tested with
 * them (tests/unit/ops/).
 */
#include "helpers.h"

#include "scs/audit.h"
#include "scs/merkle.h"

#include "alloc_fault.h"

struct fx {
	struct test_reg r;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	test_reg_open(&f->r);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	test_reg_close(&f->r);
	free(f);
	return 0;
}

static void
entry(struct scs_audit_entry *e, const char *action, const char *object)
{
	memset(e, 0, sizeof(*e));
	e->time_us = test_now_us;
	(void)snprintf(e->actor, sizeof(e->actor), "os");
	(void)snprintf(e->action, sizeof(e->action), "%s", action);
	(void)snprintf(e->kind, sizeof(e->kind), "person");
	(void)snprintf(e->object, sizeof(e->object), "%s", object);
}

/* Append @n entries in one transaction of their own. */
static int
append(struct fx *f, size_t n, struct scs_err *err)
{
	struct scs_audit_entry e[4];
	size_t i;
	int rc;

	assert_true(n <= SCS_NELEM(e));
	for (i = 0; i < n; i++)
		entry(&e[i], "add", "p1");
	assert_int_equal(scs_store_begin(f->r.ctx.st, err), SCS_OK);
	rc = scs_audit_append_many(f->r.ctx.st, e, n, err);
	if (rc == SCS_OK)
		assert_int_equal(scs_store_commit(f->r.ctx.st, err), SCS_OK);
	else
		scs_store_rollback(f->r.ctx.st);
	return rc;
}

static int
seal_head(struct fx *f, int64_t now)
{
	struct scs_err err;
	int rc;

	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	rc = scs_audit_seal_head(f->r.ctx.st, f->r.ctx.keys, now, &err);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	return rc;
}

static void
put_frontier(struct fx *f, const void *p, size_t len)
{
	struct scs_err err;

	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_meta_put(f->r.ctx.st, "audit.frontier", p,
	                     len, &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
}

static int
verify(struct fx *f, scs_state_cb cb, void *arg, struct scs_audit_report *rep)
{
	struct scs_err err;
	int rc;

	assert_int_equal(scs_store_begin_read(f->r.ctx.st, &err), SCS_OK);
	rc = scs_audit_verify(f->r.ctx.st, scs_keys_public(f->r.ctx.keys), cb,
	    arg, rep, &err);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	return rc;
}

static void
test_an_entry_holds_only_printable_utf8_text(void **state)
{
	static const struct {
		const char *field, *value;
	} bad[] = {
	    {"actor", "os\x01"},
	    {"action", "add\n"},
	    {"kind", "per\x7fson"},
	    {"object", "p\xff"},
	    {"purpose", "why\t"},
	};
	struct fx *f = *state;
	struct scs_audit_entry e;
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(bad); i++) {
		entry(&e, "add", "p1");
		if (strcmp(bad[i].field, "actor") == 0)
			(void)snprintf(e.actor, sizeof(e.actor), "%s",
			    bad[i].value);
		else if (strcmp(bad[i].field, "action") == 0)
			(void)snprintf(e.action, sizeof(e.action), "%s",
			    bad[i].value);
		else if (strcmp(bad[i].field, "kind") == 0)
			(void)snprintf(e.kind, sizeof(e.kind), "%s",
			    bad[i].value);
		else if (strcmp(bad[i].field, "object") == 0)
			(void)snprintf(e.object, sizeof(e.object), "%s",
			    bad[i].value);
		else
			(void)snprintf(e.purpose, sizeof(e.purpose), "%s",
			    bad[i].value);
		scs_err_clear(&err);
		assert_int_equal(scs_audit_append(f->r.ctx.st, &e, &err),
		    SCS_EINVAL);
		assert_string_equal(err.field, bad[i].field);
	}
	assert_int_equal(append(f, 1, &err), SCS_OK);
}

static void
test_a_malformed_or_full_stored_frontier_stops_the_log(void **state)
{
	struct fx *f = *state;
	struct scs_merkle_frontier fr;
	uint8_t enc[8 + 64 * 32];
	struct scs_err err;

	put_frontier(f, "\0\0\0\0\0\0\0\3", 8); /* size 3 needs two nodes */
	scs_err_clear(&err);
	assert_int_equal(append(f, 1, &err), SCS_ECORRUPT);
	assert_non_null(strstr(err.reason, "frontier is malformed"));
	assert_int_equal(seal_head(f, test_now_us), SCS_ECORRUPT);
	/* A log of 2^64 - 1 entries takes no more. */
	scs_merkle_frontier_init(&fr);
	fr.size = UINT64_MAX;
	assert_int_equal(scs_merkle_frontier_encode(&fr, enc, sizeof(enc)),
	    sizeof(enc));
	put_frontier(f, enc, sizeof(enc));
	scs_err_clear(&err);
	assert_int_equal(append(f, 1, &err), SCS_EINTERNAL);
	assert_string_equal(err.reason, "log is full");
}

static void
test_a_tree_head_is_sealed_once_per_size(void **state)
{
	struct fx *f = *state;
	struct scs_audit_report rep;
	struct scs_tree_head h;
	struct scs_err err;

	/* Nothing logged: no head, and the head read is the empty tree's. */
	assert_int_equal(seal_head(f, test_now_us), SCS_OK);
	assert_int_equal(scs_audit_head(f->r.ctx.st, &h, &err), SCS_OK);
	assert_int_equal(h.size, 0);
	assert_int_equal(append(f, 2, &err), SCS_OK);
	assert_int_equal(seal_head(f, test_now_us), SCS_OK);
	assert_int_equal(seal_head(f, test_now_us + 1), SCS_OK);
	assert_int_equal(scs_audit_head(f->r.ctx.st, &h, &err), SCS_OK);
	assert_int_equal(h.size, 2);
	assert_true(h.time_us == test_now_us); /* not sealed again */
	assert_int_equal(verify(f, NULL, NULL, &rep), SCS_OK);
	assert_true(rep.ok);
	assert_int_equal(rep.entries, 2);
	assert_int_equal(rep.heads, 1);
}

/* A head signed with the register's key over a root the log does not
 * have: what a log rewritten under a stolen key but not re-signed
 * through would show. */
static void
test_a_signed_head_that_does_not_match_the_log_is_found(void **state)
{
	struct fx *f = *state;
	struct scs_audit_report rep;
	struct scs_tree_head h;
	struct scs_err err;
	uint8_t msg[64];
	int i;

	assert_int_equal(append(f, 3, &err), SCS_OK);
	memset(&h, 0, sizeof(h));
	h.size = 2;
	h.time_us = test_now_us;
	memset(h.root, 0xab, sizeof(h.root));
	memcpy(msg, "scs-tree-head-v1", 16);
	for (i = 0; i < 8; i++) {
		msg[16 + i] = (uint8_t)(h.size >> (56 - 8 * i));
		msg[24 + i] = (uint8_t)((uint64_t)h.time_us >> (56 - 8 * i));
	}
	memcpy(msg + 32, h.root, 32);
	scs_crypto_sign(f->r.ctx.keys, msg, sizeof(msg), h.sig);
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_head_put(f->r.ctx.st, &h, &err), SCS_OK);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(verify(f, NULL, NULL, &rep), SCS_OK);
	assert_false(rep.ok);
	assert_int_equal(rep.bad_seq, 1);
	assert_non_null(strstr(rep.problem, "does not match the log"));
}

struct answers {
	int rc; /* what the callback answers at the second entry */
	size_t seen;
};

static int
answer(void *arg, const struct scs_audit_entry *e)
{
	struct answers *a = arg;

	(void)e;
	return ++a->seen == 2 ? a->rc : SCS_OK;
}

/* The callback's error stops the walk and is the verifier's answer, even
 * SCS_ECORRUPT, which is not a finding of the log's. */
static void
test_the_callbacks_error_stops_the_walk(void **state)
{
	static const int codes[] = {SCS_ECORRUPT, SCS_EIO};
	struct fx *f = *state;
	struct scs_audit_report rep;
	struct scs_err err;
	size_t i;

	assert_int_equal(append(f, 3, &err), SCS_OK);
	for (i = 0; i < SCS_NELEM(codes); i++) {
		struct answers a = {codes[i], 0};

		assert_int_equal(verify(f, answer, &a, &rep), codes[i]);
		assert_true(rep.ok);
		assert_int_equal(a.seen, 2);
	}
}

/* Every allocation of a verification fails in turn: an error each time,
 * nothing left allocated. */
static void
test_no_memory_while_verifying_is_an_error_that_leaks_nothing(void **state)
{
	struct fx *f = *state;
	struct scs_audit_report rep;
	struct scs_err err;
	long nth;
	int rc;

	if (!ALLOC_FAULTS)
		skip();
	assert_int_equal(append(f, 2, &err), SCS_OK);
	assert_int_equal(seal_head(f, test_now_us), SCS_OK);
	assert_int_equal(scs_store_begin_read(f->r.ctx.st, &err), SCS_OK);
	/* Once through first: SQLite keeps its page cache and statements
	 * (allocations that outlive a call by design). */
	assert_int_equal(scs_audit_verify(f->r.ctx.st,
	                     scs_keys_public(f->r.ctx.keys), NULL, NULL, &rep,
	                     &err),
	    SCS_OK);
	for (nth = 1;; nth++) {
		alloc_arm(nth);
		rc = scs_audit_verify(f->r.ctx.st,
		    scs_keys_public(f->r.ctx.keys), NULL, NULL, &rep, &err);
		if (!alloc_disarm(nth))
			break;
		if (rc == SCS_OK || alloc_live != 0)
			fail_msg("allocation %ld: rc %d, %ld blocks left", nth,
			    rc, (long)alloc_live);
	}
	assert_int_equal(rc, SCS_OK);
	assert_true(rep.ok);
	assert_true(nth > 2);
	/* SQLite may have ended the read transaction at a failed
	 * allocation: end it either way. */
	scs_store_rollback(f->r.ctx.st);
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    FX(test_an_entry_holds_only_printable_utf8_text),
	    FX(test_a_malformed_or_full_stored_frontier_stops_the_log),
	    FX(test_a_tree_head_is_sealed_once_per_size),
	    FX(test_a_signed_head_that_does_not_match_the_log_is_found),
	    FX(test_the_callbacks_error_stops_the_walk),
	    FX(test_no_memory_while_verifying_is_an_error_that_leaks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
