/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helpers.h - what the unit tests share: cmocka, a temporary register in
 * a fresh directory (real SQLite, real keys), a clock the test sets.
 */
#ifndef SCS_TEST_HELPERS_H
#define SCS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scs/crypto.h"
#include "scs/policy.h"
#include "scs/refdata.h"
#include "scs/ops.h"
#include "scs/store.h"

/* The test clock: unix microseconds, set by the test. */
static int64_t test_now_us __attribute__((unused)) =
    1767225600LL * 1000000; /* 2026-01-01 */

/* scs_op_login with the arguments of its first form: the session token
 * into @token, the account into @u (may be NULL). */
static inline int
test_login(struct scs_ctx *c, const char *user, const char *password,
    char token[SCS_TOKEN_LEN + 1], struct scs_user *u, int64_t *expires,
    int64_t *retry, struct scs_err *err)
{
	struct scs_login l;
	int rc;

	memset(&l, 0, sizeof(l));
	l.user = user;
	l.password = password;
	rc = scs_op_login(c, &l, err);
	memcpy(token, l.token, SCS_TOKEN_LEN + 1);
	if (u != NULL)
		*u = l.u;
	*expires = l.expires;
	*retry = l.retry;
	scs_login_clear(&l);
	return rc;
}

static inline int64_t
test_clock(void)
{
	return test_now_us;
}

struct test_reg {
	char dir[256];
	char db[300];
	char keydir[300];
	struct scs_ctx ctx;
};

/* A fresh register in a temporary directory, acting as the OS. */
static inline void
test_reg_open(struct test_reg *r)
{
	struct scs_err err;

	memset(r, 0, sizeof(*r));
	assert_int_equal(scs_crypto_init(), SCS_OK);
	(void)snprintf(r->dir, sizeof(r->dir), "%s/scs-unit-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(r->dir));
	(void)snprintf(r->db, sizeof(r->db), "%s/r.db", r->dir);
	(void)snprintf(r->keydir, sizeof(r->keydir), "%s/r.db.keys", r->dir);
	assert_int_equal(scs_keys_create(r->keydir, &err), SCS_OK);
	assert_int_equal(scs_store_open(r->db, true, &r->ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_migrate(r->ctx.st, NULL, &err), SCS_OK);
	assert_int_equal(scs_keys_open(r->keydir, &r->ctx.keys, &err), SCS_OK);
	r->ctx.now_us = test_clock;
	scs_actor_os(&r->ctx.actor);
}

static inline void
test_reg_close(struct test_reg *r)
{
	char cmd[400];

	scs_keys_free(r->ctx.keys);
	scs_store_close(r->ctx.st);
	(void)snprintf(cmd, sizeof(cmd), "%s/r.db", r->dir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/r.db-wal", r->dir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/r.db-shm", r->dir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/dek-1.key", r->keydir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/dek-2.key", r->keydir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/current", r->keydir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/sign.key", r->keydir);
	(void)unlink(cmd);
	(void)snprintf(cmd, sizeof(cmd), "%s/sign.pub", r->keydir);
	(void)unlink(cmd);
	(void)rmdir(r->keydir);
	(void)rmdir(r->dir);
}

/* Act as a signed-in user of @role in @org (and @person for subjects). */
static inline void
test_act_as(struct test_reg *r, enum scs_role role, const char *org,
    const char *person)
{
	struct scs_actor *a = &r->ctx.actor;

	memset(a, 0, sizeof(*a));
	a->kind = SCS_ACTOR_USER;
	a->role = role;
	(void)snprintf(a->user, sizeof(a->user), "u-%s", scs_role_name(role));
	(void)snprintf(a->name, sizeof(a->name), "user:%s", a->user);
	(void)snprintf(a->org, sizeof(a->org), "%s", org);
	(void)snprintf(a->person, sizeof(a->person), "%s",
	    person ? person : "");
}

static inline void
test_act_as_os(struct test_reg *r)
{
	scs_actor_os(&r->ctx.actor);
}

/* The whole of SCS_SRCDIR/data/@name, heap-allocated and NUL-terminated. */
static inline char *
test_slurp(const char *name, size_t *out_len)
{
	char path[1024];
	FILE *f;
	char *p;
	long n;

	(void)snprintf(path, sizeof(path), "%s/data/%s", SCS_SRCDIR, name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	assert_int_equal(fseek(f, 0, SEEK_SET), 0);
	p = malloc((size_t)n + 1);
	assert_non_null(p);
	assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	(void)fclose(f);
	*out_len = (size_t)n;
	return p;
}

/* The project's reference tables (the CSV files of data/) into @rd; 0 or -1
 * with the error printed. */
static inline int
test_load_refdata(struct scs_refdata *rd)
{
	struct scs_err err;
	size_t i, len;
	char *text;

	memset(rd, 0, sizeof(*rd));
	for (i = 0; i < SCS_NELEM(scs_refdata_files); i++) {
		text = test_slurp(scs_refdata_files[i], &len);
		scs_err_clear(&err);
		if (scs_refdata_parse(rd, scs_refdata_files[i], text, len,
		        &err) != SCS_OK) {
			free(text);
			print_error("%s: %s: %s\n", scs_refdata_files[i],
			    err.field, err.reason);
			return -1;
		}
		free(text);
	}
	scs_err_clear(&err);
	if (scs_refdata_check(rd, &err) != SCS_OK) {
		print_error("refdata check: %s: %s\n", err.field, err.reason);
		return -1;
	}
	text = test_slurp("vetting.json", &len);
	if (scs_policy_parse(rd, text, len, &rd->policy, &err) != SCS_OK) {
		free(text);
		print_error("vetting.json: %s: %s\n", err.field, err.reason);
		return -1;
	}
	free(text);
	{
		const char *names[32];
		size_t n = scs_policy_questionnaires(rd->policy, names,
		    SCS_NELEM(names));

		for (i = 0; i < n; i++) {
			text = test_slurp(names[i], &len);
			if (scs_policy_attach(rd->policy, names[i], text, len,
			        &err) != SCS_OK) {
				free(text);
				print_error("%s: %s: %s\n", names[i], err.field,
				    err.reason);
				return -1;
			}
			free(text);
		}
	}
	return scs_policy_complete(rd->policy, &err) == SCS_OK ? 0 : -1;
}

#endif
