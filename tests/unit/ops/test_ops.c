/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ops.c - the rules of DESIGN.md section 2 as the operations enforce
 * them, on a real register: who may see and change what, that every read
 * of sealed data is audited with its purpose, that a failed operation
 * leaves the register as it was, sign-in lockout and session expiry on
 * the injected clock, subject accounts (activation codes: one use, expiry
 * on the injected clock, lockout; reset, re-link, one per person), and the
 * audit verifier.
 */
#include "helpers.h"

#include "scs/audit.h"
#include "scs/codec.h"

struct fixture {
	struct test_reg r;
	struct scs_relatives *rel;
};

static void
mk_org(struct test_reg *r, const char *id, enum scs_org_type type)
{
	struct scs_org o;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "%s", id);
	(void)snprintf(o.name, sizeof(o.name), "組織 %s", id);
	o.type = type;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	assert_int_equal(scs_op_org_create(&r->ctx, &o, &err), SCS_OK);
}

static void
fill_person(struct scs_person *p, const char *id, const char *org)
{
	memset(p, 0, sizeof(*p));
	(void)snprintf(p->id, sizeof(p->id), "%s", id);
	(void)snprintf(p->name, sizeof(p->name), "山田 太郎");
	(void)snprintf(p->name_latin, sizeof(p->name_latin), "YAMADA Taro");
	(void)snprintf(p->birth_date, sizeof(p->birth_date), "1980-04-01");
	(void)snprintf(p->nationalities[0], 4, "JPN");
	p->nnationalities = 1;
	(void)snprintf(p->org, sizeof(p->org), "%s", org);
}

static void
fill_relatives(struct scs_relatives *rel)
{
	struct scs_relative *r = &rel->r[0];

	memset(rel, 0, sizeof(*rel));
	rel->n = 1;
	r->relation = SCS_REL_SPOUSE;
	(void)snprintf(r->name, sizeof(r->name), "山田 花子");
	(void)snprintf(r->birth_date, sizeof(r->birth_date), "1982-02-02");
	(void)snprintf(r->nationalities[0], 4, "KOR");
	r->nnationalities = 1;
	(void)snprintf(r->address, sizeof(r->address), "東京都千代田区1-1");
	r->cohabitant = true;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct scs_person p;
	struct scs_err err;

	assert_non_null(f);
	test_reg_open(&f->r);
	f->rel = scs_crypto_secalloc(sizeof(*f->rel));
	assert_non_null(f->rel);
	mk_org(&f->r, "mod", SCS_ORG_GOVERNMENT);
	mk_org(&f->r, "acme", SCS_ORG_CONTRACTOR);
	mk_org(&f->r, "cao", SCS_ORG_SCREENING);
	fill_relatives(f->rel);
	fill_person(&p, "p1", "acme");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, f->rel, &err),
	    SCS_OK);
	fill_person(&p, "p2", "mod");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, f->rel, &err),
	    SCS_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	scs_crypto_secfree(f->rel);
	test_reg_close(&f->r);
	free(f);
	return 0;
}

struct audit_count {
	int reads;
	char last_purpose[SCS_PURPOSE_MAX + 1];
	char last_actor[SCS_ACTOR_MAX + 1];
	uint64_t n;
};

static int
count_entry(void *arg, const struct scs_audit_entry *e)
{
	struct audit_count *c = arg;

	c->n++;
	if (strcmp(e->action, "read") == 0) {
		c->reads++;
		(void)snprintf(c->last_purpose, sizeof(c->last_purpose), "%s",
		    e->purpose);
		(void)snprintf(c->last_actor, sizeof(c->last_actor), "%s",
		    e->actor);
	}
	return SCS_OK;
}

static struct audit_count
audit_counts(struct test_reg *r)
{
	struct audit_count c;
	struct scs_err err;

	memset(&c, 0, sizeof(c));
	assert_int_equal(scs_store_audit_each(r->ctx.st, 0, 0, count_entry, &c,
	                     &err),
	    SCS_OK);
	return c;
}

static void
test_adjudicator_opens_relatives_and_the_read_is_audited(void **state)
{
	struct fixture *f = *state;
	struct scs_err err;
	struct audit_count before = audit_counts(&f->r), after;

	test_act_as(&f->r, SCS_ROLE_ADJUDICATOR, "cao", NULL);
	memset(f->rel, 0, sizeof(*f->rel));
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1",
	                     "case 12: adjudication", f->rel, &err),
	    SCS_OK);
	assert_int_equal(f->rel->n, 1);
	assert_string_equal(f->rel->r[0].name, "山田 花子");
	assert_string_equal(f->rel->r[0].address, "東京都千代田区1-1");
	after = audit_counts(&f->r);
	assert_int_equal(after.reads, before.reads + 1);
	assert_string_equal(after.last_purpose, "case 12: adjudication");
	assert_string_equal(after.last_actor, "user:u-adjudicator");
}

/* Only the cases assigned to its body (tests/unit/ops/test_case.c
 * opens them with one assigned). */
static void
test_investigator_without_an_assigned_case_opens_nothing(void **state)
{
	struct fixture *f = *state;
	struct audit_count before = audit_counts(&f->r), after;
	struct scs_err err;

	test_act_as(&f->r, SCS_ROLE_INVESTIGATOR, "cao", NULL);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p2", "interview",
	                     f->rel, &err),
	    SCS_ENOTFOUND);
	after = audit_counts(&f->r);
	assert_int_equal(after.reads, before.reads);
}

static void
test_relatives_are_denied_to_every_non_vetting_role(void **state)
{
	struct fixture *f = *state;
	static const enum scs_role denied[] = {SCS_ROLE_ADMIN,
	    SCS_ROLE_SECURITY_OFFICER, SCS_ROLE_DESIGNATOR, SCS_ROLE_AUDITOR,
	    SCS_ROLE_RELYING};
	struct audit_count before = audit_counts(&f->r), after;
	struct scs_err err;
	size_t i;

	for (i = 0; i < sizeof(denied) / sizeof(denied[0]); i++) {
		test_act_as(&f->r, denied[i], "acme", NULL);
		assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1",
		                     "curious", f->rel, &err),
		    SCS_EDENIED);
	}
	after = audit_counts(&f->r);
	assert_int_equal(after.reads, before.reads); /* denials read nothing */
}

static void
test_a_read_of_sealed_data_must_state_its_purpose(void **state)
{
	struct fixture *f = *state;
	struct scs_err err;

	test_act_as(&f->r, SCS_ROLE_ADJUDICATOR, "cao", NULL);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", "", f->rel,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "purpose");
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", NULL, f->rel,
	                     &err),
	    SCS_EINVAL);
}

static void
test_a_purpose_that_is_not_utf8_is_refused_and_not_logged(void **state)
{
	static const char *const bad[] = {"case \xc3\x28", "\xff\xfe",
	    "line\nbreak", "C1 \xc2\x85"};
	struct fixture *f = *state;
	struct audit_count before = audit_counts(&f->r), after;
	struct scs_err err;
	size_t i;

	test_act_as(&f->r, SCS_ROLE_ADJUDICATOR, "cao", NULL);
	for (i = 0; i < SCS_NELEM(bad); i++) {
		scs_err_clear(&err);
		assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", bad[i],
		                     f->rel, &err),
		    SCS_EINVAL);
		assert_string_equal(err.field, "purpose");
	}
	after = audit_counts(&f->r);
	assert_int_equal(after.n, before.n);
}

static void
test_the_audit_log_refuses_text_that_is_not_utf8(void **state)
{
	struct fixture *f = *state;
	struct audit_count before = audit_counts(&f->r), after;
	struct scs_audit_entry e;
	struct scs_err err;

	memset(&e, 0, sizeof(e));
	(void)snprintf(e.actor, sizeof(e.actor), "os:root");
	(void)snprintf(e.action, sizeof(e.action), "read");
	(void)snprintf(e.kind, sizeof(e.kind), "person");
	(void)snprintf(e.object, sizeof(e.object), "p1");
	(void)snprintf(e.purpose, sizeof(e.purpose), "x\xff");
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_audit_append(f->r.ctx.st, &e, &err), SCS_EINVAL);
	assert_string_equal(err.field, "purpose");
	(void)snprintf(e.purpose, sizeof(e.purpose), "ok");
	(void)snprintf(e.object, sizeof(e.object), "p\x01");
	assert_int_equal(scs_audit_append(f->r.ctx.st, &e, &err), SCS_EINVAL);
	assert_string_equal(err.field, "object");
	scs_store_rollback(f->r.ctx.st);
	after = audit_counts(&f->r);
	assert_int_equal(after.n, before.n);
}

static void
test_subject_sees_only_their_own_record(void **state)
{
	struct fixture *f = *state;
	struct scs_person p;
	struct scs_err err;

	test_act_as(&f->r, SCS_ROLE_SUBJECT, "acme", "p1");
	memset(&p, 0, sizeof(p));
	assert_int_equal(scs_op_person_get(&f->r.ctx, "p1", &p, &err), SCS_OK);
	scs_person_clear(&p);
	/* Another person reads as missing, as one who does not exist. */
	assert_int_equal(scs_op_person_get(&f->r.ctx, "p2", &p, &err),
	    SCS_ENOTFOUND);
	assert_string_equal(err.field, "person");
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", "own data",
	                     f->rel, &err),
	    SCS_OK);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p2", "peek", f->rel,
	                     &err),
	    SCS_ENOTFOUND);
}

static int
count_person(void *arg, const struct scs_person *p)
{
	int *n = arg;

	assert_string_equal(p->org, "acme");
	(*n)++;
	return SCS_OK;
}

static void
test_security_officer_sees_only_own_organization(void **state)
{
	struct fixture *f = *state;
	struct scs_person p;
	struct scs_err err;
	int n = 0;

	test_act_as(&f->r, SCS_ROLE_SECURITY_OFFICER, "acme", NULL);
	assert_int_equal(scs_op_person_list(&f->r.ctx, NULL, NULL, 0,
	                     count_person, &n, &err),
	    SCS_OK);
	assert_int_equal(scs_op_person_list(&f->r.ctx, "mod", NULL, 0,
	                     count_person, &n, &err),
	    SCS_EDENIED);
	assert_int_equal(n, 1);
	memset(&p, 0, sizeof(p));
	assert_int_equal(scs_op_person_get(&f->r.ctx, "p2", &p, &err),
	    SCS_ENOTFOUND);
	fill_person(&p, "p3", "acme");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_OK);
	fill_person(&p, "p4", "mod");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_EDENIED);
	fill_person(&p, "p2", "acme"); /* move another org's person in */
	assert_int_equal(scs_op_person_update(&f->r.ctx, &p, &err),
	    SCS_ENOTFOUND); /* to this officer, p2 is not there */
}

static void
test_only_admins_manage_organizations_and_users(void **state)
{
	struct fixture *f = *state;
	struct scs_org o;
	struct scs_user u;
	struct scs_err err;
	char key[64];

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "newco");
	(void)snprintf(o.name, sizeof(o.name), "New Co");
	o.type = SCS_ORG_CONTRACTOR;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "bob");
	(void)snprintf(u.org, sizeof(u.org), "acme");
	u.role = SCS_ROLE_AUDITOR;
	test_act_as(&f->r, SCS_ROLE_SECURITY_OFFICER, "acme", NULL);
	assert_int_equal(scs_op_org_create(&f->r.ctx, &o, &err), SCS_EDENIED);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "password-long-1", key,
	                     &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_org_create(&f->r.ctx, &o, &err), SCS_OK);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "password-long-1", key,
	                     &err),
	    SCS_OK);
	assert_string_equal(key, "");
}

static void
test_a_failed_operation_leaves_the_register_as_it_was(void **state)
{
	struct fixture *f = *state;
	struct audit_count before = audit_counts(&f->r), after;
	struct scs_person p;
	struct scs_err err;

	fill_person(&p, "p9", "nowhere");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "org");
	fill_person(&p, "p1", "acme"); /* duplicate id */
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_ECONFLICT);
	after = audit_counts(&f->r);
	assert_int_equal(after.n, before.n);
	assert_int_equal(scs_store_person_get(f->r.ctx.st, "p9", &p, &err),
	    SCS_ENOTFOUND);
}

static void
test_relatives_are_sealed_in_the_store(void **state)
{
	struct fixture *f = *state;
	struct scs_person p;
	struct scs_err err;
	size_t i;

	memset(&p, 0, sizeof(p));
	assert_int_equal(scs_store_person_get(f->r.ctx.st, "p1", &p, &err),
	    SCS_OK);
	/* Format 2, under p1's own key: the header names no register key,
	 * the key's row names the one that wraps it. */
	assert_true(p.relatives.len > SCS_SEAL2_OVERHEAD);
	assert_int_equal(scs_crypto_sealed_format(p.relatives.p,
	                     p.relatives.len),
	    SCS_SEAL_PERSON);
	assert_int_equal(scs_crypto_sealed_key(p.relatives.p, p.relatives.len),
	    0);
	for (i = 0; i + 6 <= p.relatives.len; i++)
		assert_true(memcmp(p.relatives.p + i, "山田", 6) != 0);
	scs_person_clear(&p);
}

static void
record_change(void *arg, unsigned changed)
{
	*(unsigned *)arg |= changed;
}

/* The decision index is rebuilt for a change to what it reads (a
 * person's organization), not for one to sealed fields only (relatives):
 * the server rebuilds it on SCS_CHANGED_DECISIONS inside the request. */
static void
test_relatives_are_not_a_decision_input(void **state)
{
	struct fixture *f = *state;
	struct scs_person p;
	struct scs_err err;
	unsigned seen = 0;

	f->r.ctx.on_change = record_change;
	f->r.ctx.on_change_arg = &seen;
	f->rel->r[0].cohabitant = false;
	assert_int_equal(scs_op_relatives_put(&f->r.ctx, "p1", f->rel, &err),
	    SCS_OK);
	assert_int_equal(seen, SCS_CHANGED_RECORDS);
	seen = 0;
	fill_person(&p, "p1", "mod");
	assert_int_equal(scs_op_person_update(&f->r.ctx, &p, &err), SCS_OK);
	assert_int_equal(seen, SCS_CHANGED_RECORDS | SCS_CHANGED_DECISIONS);
	f->r.ctx.on_change = NULL;
}

static void
test_login_locks_out_after_repeated_failures(void **state)
{
	struct fixture *f = *state;
	struct scs_user u, got;
	struct scs_err err;
	char key[64], token[SCS_TOKEN_LEN + 1];
	int64_t expires, retry;
	int i;

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "carol");
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_INVESTIGATOR;
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "right-password-1", key,
	                     &err),
	    SCS_OK);
	for (i = 0; i < SCS_LOCKOUT_AFTER - 1; i++)
		assert_int_equal(test_login(&f->r.ctx, "carol", "wrong-one",
		                     token, &got, &expires, &retry, &err),
		    SCS_EAUTH);
	assert_int_equal(test_login(&f->r.ctx, "carol", "wrong-one", token,
	                     &got, &expires, &retry, &err),
	    SCS_EAUTH);
	assert_int_equal(retry, SCS_LOCKOUT_BASE);
	/* Locked: even the right password is refused until the time passes. */
	assert_int_equal(test_login(&f->r.ctx, "carol", "right-password-1",
	                     token, &got, &expires, &retry, &err),
	    SCS_ELOCKED);
	test_now_us += (int64_t)(SCS_LOCKOUT_BASE + 1) * 1000000;
	assert_int_equal(test_login(&f->r.ctx, "carol", "right-password-1",
	                     token, &got, &expires, &retry, &err),
	    SCS_OK);
	assert_int_equal(strlen(token), SCS_TOKEN_LEN);
}

/* What ran through the context's unlocked hook (the server's: the store
 * lock let go): the Argon2id of a sign-in, an activation and a password
 * change, never inside a transaction. */
struct unlocked_log {
	struct scs_store *st;
	int calls, in_tx;
};

static int
log_unlocked(void *arg, void (*fn)(void *fnarg), void *fnarg)
{
	struct unlocked_log *u = arg;

	struct scs_err err;

	u->calls++;
	/* Outside a transaction, one can begin here. */
	if (scs_store_begin(u->st, &err) != SCS_OK)
		u->in_tx++;
	else
		scs_store_rollback(u->st);
	fn(fnarg);
	return 0;
}

/* A hook with no room for another hash (the server's workers busy). */
static int
refuse_unlocked(void *arg, void (*fn)(void *fnarg), void *fnarg)
{
	(void)arg;
	(void)fn;
	(void)fnarg;
	return 1;
}

static void
test_argon2id_runs_outside_the_callers_lock(void **state)
{
	struct fixture *f = *state;
	struct unlocked_log ul = {f->r.ctx.st, 0, 0};
	struct scs_user u, got;
	struct scs_err err;
	char key[64], token[SCS_TOKEN_LEN + 1];
	int64_t expires, retry;

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "erin");
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_INVESTIGATOR;
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "erin-password-12", key,
	                     &err),
	    SCS_OK);
	f->r.ctx.unlocked = log_unlocked;
	f->r.ctx.unlocked_arg = &ul;
	assert_int_equal(test_login(&f->r.ctx, "erin", "erin-password-12",
	                     token, &got, &expires, &retry, &err),
	    SCS_OK);
	assert_int_equal(ul.calls, 1);
	assert_int_equal(test_login(&f->r.ctx, "erin", "wrong-password-1",
	                     token, &got, &expires, &retry, &err),
	    SCS_EAUTH);
	assert_int_equal(test_login(&f->r.ctx, "nobody", "wrong-password-1",
	                     token, &got, &expires, &retry, &err),
	    SCS_EAUTH);
	assert_int_equal(ul.calls, 3);
	/* A password change: the current one checked, the new one hashed. */
	assert_int_equal(scs_op_authenticate(&f->r.ctx, NULL, &err), SCS_EAUTH);
	assert_int_equal(test_login(&f->r.ctx, "erin", "erin-password-12",
	                     token, &got, &expires, &retry, &err),
	    SCS_OK);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err), SCS_OK);
	assert_int_equal(scs_op_my_password(&f->r.ctx, token,
	                     "erin-password-12", "erin-password-13", &retry,
	                     &err),
	    SCS_OK);
	assert_int_equal(ul.calls, 6);
	assert_int_equal(ul.in_tx, 0);
	/* No room for the hash: 429 at once, a second to wait, no failure
	 * counted (nothing was checked). */
	f->r.ctx.unlocked = refuse_unlocked;
	for (int i = 0; i < SCS_LOCKOUT_AFTER + 2; i++) {
		assert_int_equal(test_login(&f->r.ctx, "erin",
		                     "wrong-password-1", token, &got, &expires,
		                     &retry, &err),
		    SCS_ELIMIT);
		assert_int_equal(retry, 1);
	}
	f->r.ctx.unlocked = NULL;
	assert_int_equal(test_login(&f->r.ctx, "erin", "erin-password-13",
	                     token, &got, &expires, &retry, &err),
	    SCS_OK);
}

/* A sign-in with the arguments of scs_op_login; the device token it
 * gives into @out_device (may be NULL). */
static int
login_dev(struct scs_ctx *c, const char *user, const char *pw,
    const char *device, char *out_device, int64_t *out_retry)
{
	struct scs_login l;
	struct scs_err err;
	int rc;

	memset(&l, 0, sizeof(l));
	l.user = user;
	l.password = pw;
	l.device = device;
	rc = scs_op_login(c, &l, &err);
	if (out_device != NULL)
		memcpy(out_device, l.new_device, SCS_DEVICE_LEN + 1);
	*out_retry = l.retry;
	scs_login_clear(&l);
	return rc;
}

static void
test_a_known_device_is_not_held_by_the_accounts_lockout(void **state)
{
	struct fixture *f = *state;
	struct scs_user u;
	struct scs_err err;
	char key[64], dev[SCS_DEVICE_LEN + 1], dev2[SCS_DEVICE_LEN + 1];
	int64_t retry;
	int i;

	f->r.ctx.unknown_names = scs_limit_counters_new(64);
	f->r.ctx.devices = scs_limit_new(5, 60 * (int64_t)1000000, 64);
	memset(&u, 0, sizeof(u));
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_INVESTIGATOR;
	test_act_as_os(&f->r);
	(void)snprintf(u.id, sizeof(u.id), "frank");
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "frank-password-1", key,
	                     &err),
	    SCS_OK);
	(void)snprintf(u.id, sizeof(u.id), "gina");
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "gina-password-12", key,
	                     &err),
	    SCS_OK);
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", NULL,
	                     dev, &retry),
	    SCS_OK);
	assert_int_equal(strlen(dev), SCS_DEVICE_LEN);
	assert_int_equal(login_dev(&f->r.ctx, "gina", "gina-password-12", NULL,
	                     dev2, &retry),
	    SCS_OK);
	/* Someone else locks the account. */
	for (i = 0; i < SCS_LOCKOUT_AFTER; i++)
		(void)login_dev(&f->r.ctx, "frank", "guess-password1", NULL,
		    NULL, &retry);
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", NULL,
	                     NULL, &retry),
	    SCS_ELOCKED);
	/* Gina's device proves nothing about Frank. */
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", dev2,
	                     NULL, &retry),
	    SCS_ELOCKED);
	/* Frank's does; his sign-in leaves the others' lockout standing. */
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", dev,
	                     NULL, &retry),
	    SCS_OK);
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", NULL,
	                     NULL, &retry),
	    SCS_ELOCKED);
	/* The device's own failures: five, then it waits too. */
	for (i = 0; i < 5; i++)
		assert_int_equal(login_dev(&f->r.ctx, "frank",
		                     "typo-password-1", dev, NULL, &retry),
		    SCS_EAUTH);
	assert_int_equal(login_dev(&f->r.ctx, "frank", "frank-password-1", dev,
	                     NULL, &retry),
	    SCS_ELOCKED);
	assert_true(retry > 0);
	/* A made-up name locks the same way, with nothing stored. */
	for (i = 0; i < SCS_LOCKOUT_AFTER - 1; i++)
		assert_int_equal(login_dev(&f->r.ctx, "ghost",
		                     "guess-password1", NULL, NULL, &retry),
		    SCS_EAUTH);
	assert_int_equal(login_dev(&f->r.ctx, "ghost", "guess-password1", NULL,
	                     NULL, &retry),
	    SCS_EAUTH);
	assert_int_equal(retry, SCS_LOCKOUT_BASE);
	assert_int_equal(login_dev(&f->r.ctx, "ghost", "guess-password1", NULL,
	                     NULL, &retry),
	    SCS_ELOCKED);
	{
		int failures;
		int64_t until;

		assert_int_equal(scs_store_login_get(f->r.ctx.st, "ghost",
		                     &failures, &until, &err),
		    SCS_OK);
		assert_int_equal(failures, 0);
	}
	scs_limit_free(f->r.ctx.unknown_names);
	scs_limit_free(f->r.ctx.devices);
	f->r.ctx.unknown_names = NULL;
	f->r.ctx.devices = NULL;
}

static void
test_sessions_expire_and_logout_revokes(void **state)
{
	struct fixture *f = *state;
	struct scs_user u, got;
	struct scs_err err;
	char key[64], token[SCS_TOKEN_LEN + 1];
	int64_t expires, retry;

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "dave");
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_AUDITOR;
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "dave-password-12", key,
	                     &err),
	    SCS_OK);
	assert_int_equal(test_login(&f->r.ctx, "dave", "dave-password-12",
	                     token, &got, &expires, &retry, &err),
	    SCS_OK);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err), SCS_OK);
	assert_int_equal(f->r.ctx.actor.role, SCS_ROLE_AUDITOR);
	test_now_us += (int64_t)SCS_SESSION_TTL * 1000000;
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err),
	    SCS_EAUTH);
	test_now_us -= (int64_t)SCS_SESSION_TTL * 1000000;
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err), SCS_OK);
	assert_int_equal(scs_op_logout(&f->r.ctx, token, &err), SCS_OK);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err),
	    SCS_EAUTH);
}

static void
test_service_accounts_use_api_keys_not_passwords(void **state)
{
	struct fixture *f = *state;
	struct scs_user u, got;
	struct scs_err err;
	char key[64], token[SCS_TOKEN_LEN + 1];
	int64_t expires, retry;

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "docsys");
	(void)snprintf(u.org, sizeof(u.org), "mod");
	u.role = SCS_ROLE_RELYING;
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "", key, &err), SCS_OK);
	assert_memory_equal(key, SCS_APIKEY_PREFIX, 4);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, key, &err), SCS_OK);
	assert_int_equal(f->r.ctx.actor.role, SCS_ROLE_RELYING);
	assert_string_equal(f->r.ctx.actor.name, "service:docsys");
	assert_int_equal(test_login(&f->r.ctx, "docsys", "", token, &got,
	                     &expires, &retry, &err),
	    SCS_EAUTH);
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_user_disable(&f->r.ctx, "docsys", &err),
	    SCS_OK);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, key, &err), SCS_EAUTH);
}

static void
test_audit_verify_passes_then_finds_a_change_behind_its_back(void **state)
{
	struct fixture *f = *state;
	struct scs_verify_report rep;
	struct scs_person p;
	struct scs_err err;

	test_act_as_os(&f->r);
	assert_int_equal(scs_op_audit_verify(&f->r.ctx, &rep, &err), SCS_OK);
	assert_true(rep.ok);
	/* three orgs, two persons, the two persons' data keys */
	assert_int_equal(rep.records, 7);
	/* A write that bypasses the operations (and so the audit log). */
	memset(&p, 0, sizeof(p));
	assert_int_equal(scs_store_person_get(f->r.ctx.st, "p2", &p, &err),
	    SCS_OK);
	(void)snprintf(p.name_latin, sizeof(p.name_latin), "FORGED Name");
	assert_int_equal(scs_store_begin(f->r.ctx.st, &err), SCS_OK);
	assert_int_equal(scs_store_person_put(f->r.ctx.st, &p, SCS_PUT_UPDATE,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_store_commit(f->r.ctx.st, &err), SCS_OK);
	scs_person_clear(&p);
	assert_int_equal(scs_op_audit_verify(&f->r.ctx, &rep, &err), SCS_OK);
	assert_false(rep.ok);
	assert_non_null(strstr(rep.problem, "person \"p2\" differs"));
}

static void
test_audit_log_is_readable_only_by_auditors(void **state)
{
	struct fixture *f = *state;
	struct audit_count c;
	struct scs_err err;

	memset(&c, 0, sizeof(c));
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_audit_list(&f->r.ctx, 0, 10, count_entry, &c,
	                     &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_AUDITOR, "cao", NULL);
	assert_int_equal(scs_op_audit_list(&f->r.ctx, 0, 10, count_entry, &c,
	                     &err),
	    SCS_OK);
	assert_true(c.n > 0);
}

static void
test_audit_find_is_for_auditors_and_checks_its_filter(void **state)
{
	struct fixture *f = *state;
	struct scs_audit_filter flt;
	struct audit_count c;
	struct scs_err err;
	char longkind[SCS_KIND_MAX + 2];

	memset(&flt, 0, sizeof(flt));
	flt.from_us = INT64_MIN;
	flt.to_us = INT64_MAX;
	flt.action = "create";
	memset(&c, 0, sizeof(c));
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_AUDITOR, "cao", NULL);
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_OK);
	assert_true(c.n > 0);
	assert_int_equal(c.reads, 0);

	flt.action = "read me";
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "action");
	flt.action = NULL;
	memset(longkind, 'k', sizeof(longkind) - 1);
	longkind[sizeof(longkind) - 1] = '\0';
	flt.kind = longkind;
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "kind");
	flt.kind = NULL;
	flt.actor = "user:\xff";
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "actor");
	flt.actor = NULL;
	flt.object = "p1\n";
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "object");
	flt.object = NULL;
	flt.from_us = 2;
	flt.to_us = 1;
	assert_int_equal(scs_op_audit_find(&f->r.ctx, &flt, 0, count_entry, &c,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "to");
}

static void
test_import_stops_at_the_first_bad_line_and_keeps_nothing(void **state)
{
	struct fixture *f = *state;
	const char *text =
	    "{\"kind\":\"organization\",\"id\":\"x1\",\"name\":\"X\","
	    "\"type\":\"research\",\"country\":\"JPN\"}\n"
	    "\n"
	    "{\"kind\":\"organization\",\"id\":\"x2\",\"name\":\"X\","
	    "\"type\":\"research\",\"country\":\"ZZZ\"}\n";
	FILE *in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	struct scs_org o;
	struct scs_err err;
	uint64_t n = 0;

	assert_non_null(in);
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_import(&f->r.ctx, in, "t.jsonl", 0, NULL, NULL,
	                     &n, &err),
	    SCS_EINVAL);
	(void)fclose(in);
	assert_string_equal(err.field, "t.jsonl:3: country");
	assert_int_equal(scs_store_org_get(f->r.ctx.st, "x1", &o, &err),
	    SCS_ENOTFOUND);
}

/* ---- subject accounts: activation codes, reset, re-link ---- */

/* The last audit entry on account @user with @action, and how many. */
struct acct_entry {
	const char *user, *action;
	int n;
	struct scs_audit_entry last;
};

static int
find_acct_entry(void *arg, const struct scs_audit_entry *e)
{
	struct acct_entry *a = arg;

	if (strcmp(e->kind, "user") == 0 && strcmp(e->object, a->user) == 0 &&
	    strcmp(e->action, a->action) == 0) {
		a->n++;
		a->last = *e;
	}
	return SCS_OK;
}

static struct acct_entry
acct_entries(struct test_reg *r, const char *user, const char *action)
{
	struct acct_entry a;
	struct scs_err err;

	memset(&a, 0, sizeof(a));
	a.user = user;
	a.action = action;
	assert_int_equal(scs_store_audit_each(r->ctx.st, 0, 0, find_acct_entry,
	                     &a, &err),
	    SCS_OK);
	return a;
}

static void
fill_subject(struct scs_user *u, const char *id, const char *org,
    const char *person)
{
	memset(u, 0, sizeof(*u));
	(void)snprintf(u->id, sizeof(u->id), "%s", id);
	(void)snprintf(u->org, sizeof(u->org), "%s", org);
	u->role = SCS_ROLE_SUBJECT;
	(void)snprintf(u->person, sizeof(u->person), "%s", person);
}

/* An admin adds subject @id for @person; *code gets its activation code. */
static void
add_subject(struct test_reg *r, const char *id, const char *org,
    const char *person, char code[64])
{
	struct scs_user u;
	struct scs_err err;

	fill_subject(&u, id, org, person);
	test_act_as(r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_user_add(&r->ctx, &u, "", code, &err), SCS_OK);
	assert_int_equal(strlen(code), SCS_CODE_LEN);
}

/* Nobody is signed in: the actor of a public route. */
static void
act_as_nobody(struct test_reg *r)
{
	memset(&r->ctx.actor, 0, sizeof(r->ctx.actor));
	r->ctx.actor.kind = SCS_ACTOR_NONE;
	(void)snprintf(r->ctx.actor.name, sizeof(r->ctx.actor.name),
	    "anonymous");
}

static int
activate(struct test_reg *r, const char *user, const char *code,
    const char *password, int64_t *retry)
{
	struct scs_err err;
	int64_t ignored;

	act_as_nobody(r);
	return scs_op_user_activate(&r->ctx, user, code, password,
	    retry != NULL ? retry : &ignored, &err);
}

static int
sign_in(struct test_reg *r, const char *user, const char *password,
    char token[SCS_TOKEN_LEN + 1])
{
	struct scs_user got;
	struct scs_err err;
	int64_t expires, retry;

	act_as_nobody(r);
	return test_login(&r->ctx, user, password, token, &got, &expires,
	    &retry, &err);
}

static void
test_a_subject_account_takes_no_password_and_gets_an_activation_code(
    void **state)
{
	struct fixture *f = *state;
	struct scs_user u, got;
	struct scs_err err;
	struct acct_entry a;
	char code[64], hash[65], token[SCS_TOKEN_LEN + 1];
	int64_t now = test_now_us / 1000000;

	/* An admin may not choose a subject's password. */
	fill_subject(&u, "taro", "acme", "p1");
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "admins-choice-1", code,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "password");
	assert_string_equal(code, "");
	assert_int_equal(scs_store_user_get(f->r.ctx.st, "taro", &got, &err),
	    SCS_ENOTFOUND);

	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "", code, &err),
	    SCS_OK);
	assert_true(u.created == now); /* *u is the stored account */
	assert_int_equal(strlen(code), SCS_CODE_LEN);
	assert_int_equal(scs_store_user_get(f->r.ctx.st, "taro", &got, &err),
	    SCS_OK);
	assert_string_equal(got.pwhash, "");
	/* Stored hashed, never in plain text. */
	assert_int_equal(scs_crypto_code_hash(code, hash), 0);
	assert_string_equal(got.activation_hash, hash);
	assert_null(strstr(got.activation_hash, code));
	assert_true(got.activation_expires == now + SCS_ACTIVATION_TTL);
	assert_true(SCS_ACTIVATION_TTL == 14 * 86400);

	/* Nobody signs in before the person has activated the account:
	 * not with a guess, not with the code itself. */
	assert_int_equal(sign_in(&f->r, "taro", "admins-choice-1", token),
	    SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", code, token), SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", "", token), SCS_EAUTH);

	a = acct_entries(&f->r, "taro", "create");
	assert_int_equal(a.n, 1);
	assert_string_equal(a.last.purpose, "person p1");
	assert_string_equal(a.last.actor, "user:u-admin");
}

static void
test_a_person_has_one_subject_account(void **state)
{
	struct fixture *f = *state;
	struct audit_count before, after;
	struct scs_user u;
	struct scs_err err;
	char code[64];

	add_subject(&f->r, "taro", "acme", "p1", code);
	before = audit_counts(&f->r);
	fill_subject(&u, "taro-again", "acme", "p1");
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "", code, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "person");
	assert_string_equal(code, "");
	after = audit_counts(&f->r);
	assert_int_equal(after.n, before.n);
	/* The username's own conflict still names the username. */
	fill_subject(&u, "taro", "mod", "p2");
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "", code, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "username");
}

static void
test_activation_sets_the_persons_password_once(void **state)
{
	struct fixture *f = *state;
	struct scs_verify_report rep;
	struct scs_user got;
	struct scs_err err;
	struct acct_entry a;
	char code[64], token[SCS_TOKEN_LEN + 1];
	int64_t retry;

	add_subject(&f->r, "taro", "acme", "p1", code);
	assert_int_equal(activate(&f->r, "taro",
	                     "0000-0000-0000-0000-0000-0000-0000-0000",
	                     "taros-password-1", NULL),
	    SCS_EAUTH);
	/* An unfit password is refused before the code is spent. */
	scs_err_clear(&err);
	act_as_nobody(&f->r);
	assert_int_equal(scs_op_user_activate(&f->r.ctx, "taro", code, "short",
	                     &retry, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "password");
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     NULL),
	    SCS_OK);
	assert_int_equal(scs_store_user_get(f->r.ctx.st, "taro", &got, &err),
	    SCS_OK);
	assert_string_equal(got.activation_hash, "");
	assert_true(got.activation_expires == 0);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_OK);
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err), SCS_OK);
	assert_int_equal(f->r.ctx.actor.role, SCS_ROLE_SUBJECT);
	assert_string_equal(f->r.ctx.actor.person, "p1");
	/* Used: the same code again, even with another password, fails and
	 * leaves the password as the person set it. */
	assert_int_equal(activate(&f->r, "taro", code, "someone-elses-pw",
	                     NULL),
	    SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", "someone-elses-pw", token),
	    SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_OK);

	a = acct_entries(&f->r, "taro", "activate");
	assert_int_equal(a.n, 1);
	assert_string_equal(a.last.actor, "user:taro");
	assert_string_equal(a.last.purpose, "person p1");
	assert_int_equal(acct_entries(&f->r, "taro", "activate_failed").n, 2);
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_audit_verify(&f->r.ctx, &rep, &err), SCS_OK);
	assert_true(rep.ok);
}

static void
test_an_activation_code_expires_after_14_days(void **state)
{
	struct fixture *f = *state;
	char code[64], token[SCS_TOKEN_LEN + 1];
	int64_t t0 = test_now_us;

	add_subject(&f->r, "taro", "acme", "p1", code);
	test_now_us = t0 + SCS_ACTIVATION_TTL * 1000000;
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     NULL),
	    SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_EAUTH);
	test_now_us = t0 + (SCS_ACTIVATION_TTL - 1) * 1000000;
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     NULL),
	    SCS_OK);
	test_now_us = t0;
}

static void
test_wrong_activation_codes_count_towards_the_sign_in_lockout(void **state)
{
	struct fixture *f = *state;
	char code[64], token[SCS_TOKEN_LEN + 1];
	int64_t retry = 0, t0 = test_now_us;
	int i;

	add_subject(&f->r, "taro", "acme", "p1", code);
	/* Failed sign-ins and wrong codes add up. */
	for (i = 0; i < 2; i++)
		assert_int_equal(sign_in(&f->r, "taro", "guess-password",
		                     token),
		    SCS_EAUTH);
	for (i = 0; i < SCS_LOCKOUT_AFTER - 3; i++)
		assert_int_equal(activate(&f->r, "taro",
		                     "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ",
		                     "taros-password-1", &retry),
		    SCS_EAUTH);
	assert_int_equal(retry, 0);
	assert_int_equal(activate(&f->r, "taro", "not a code at all",
	                     "taros-password-1", &retry),
	    SCS_EAUTH);
	assert_int_equal(retry, SCS_LOCKOUT_BASE);
	assert_int_equal(acct_entries(&f->r, "taro", "activate_locked").n, 1);
	/* Locked: even the right code waits. */
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     &retry),
	    SCS_ELOCKED);
	assert_true(retry > 0 && retry <= SCS_LOCKOUT_BASE);
	test_now_us += (int64_t)(SCS_LOCKOUT_BASE + 1) * 1000000;
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     &retry),
	    SCS_OK);
	/* A success clears the count. */
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_OK);
	test_now_us = t0;
}

static void
test_reset_drops_password_and_sessions_and_issues_a_new_code(void **state)
{
	struct fixture *f = *state;
	struct scs_user u, got;
	struct scs_err err;
	struct acct_entry a;
	char code[64], code2[SCS_CODE_LEN + 1], token[SCS_TOKEN_LEN + 1];
	char key[64];

	add_subject(&f->r, "taro", "acme", "p1", code);
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     NULL),
	    SCS_OK);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_OK);

	/* Only admins (and the OS) reset. */
	test_act_as(&f->r, SCS_ROLE_SECURITY_OFFICER, "acme", NULL);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", NULL, code2, &got,
	                     &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "nobody", NULL, code2,
	                     &got, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", NULL, code2, &got,
	                     &err),
	    SCS_OK);
	assert_int_equal(strlen(code2), SCS_CODE_LEN);
	assert_string_not_equal(code2, code);
	assert_string_equal(got.person, "p1");
	assert_string_equal(got.pwhash, "");
	assert_int_equal(scs_op_authenticate(&f->r.ctx, token, &err),
	    SCS_EAUTH);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_EAUTH);
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-2",
	                     NULL),
	    SCS_EAUTH);
	assert_int_equal(activate(&f->r, "taro", code2, "taros-password-2",
	                     NULL),
	    SCS_OK);
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-2", token),
	    SCS_OK);
	a = acct_entries(&f->r, "taro", "reset");
	assert_int_equal(a.n, 1);
	assert_string_equal(a.last.actor, "user:u-admin");
	assert_string_equal(a.last.purpose, "person p1");

	/* Not for other roles' accounts, nor a disabled one. */
	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "inv");
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_INVESTIGATOR;
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "investigator-pw-1",
	                     key, &err),
	    SCS_OK);
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "inv", NULL, code2, &got,
	                     &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "role");
	assert_int_equal(scs_op_user_disable(&f->r.ctx, "taro", &err), SCS_OK);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", NULL, code2, &got,
	                     &err),
	    SCS_ECONFLICT);
	assert_string_equal(code2, "");
}

static void
test_relink_moves_a_subject_account_to_another_person(void **state)
{
	struct fixture *f = *state;
	struct scs_person p;
	struct scs_user got;
	struct scs_err err;
	struct acct_entry a;
	char code[64], code2[SCS_CODE_LEN + 1], token[SCS_TOKEN_LEN + 1];

	test_act_as_os(&f->r);
	fill_person(&p, "p3", "acme");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_OK);
	fill_person(&p, "p4", "acme");
	assert_int_equal(scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    SCS_OK);
	add_subject(&f->r, "taro", "acme", "p1", code);
	assert_int_equal(activate(&f->r, "taro", code, "taros-password-1",
	                     NULL),
	    SCS_OK);
	add_subject(&f->r, "jiro", "acme", "p3", code);

	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", "p3", code2, &got,
	                     &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "person");
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", "p2", code2, &got,
	                     &err),
	    SCS_EINVAL); /* p2 works for mod */
	assert_string_equal(err.field, "person");
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", "ghost", code2,
	                     &got, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "person");
	scs_err_clear(&err);
	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", "p1", code2, &got,
	                     &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "person");
	assert_int_equal(acct_entries(&f->r, "taro", "relink").n, 0);

	assert_int_equal(scs_op_user_reset(&f->r.ctx, "taro", "p4", code2, &got,
	                     &err),
	    SCS_OK);
	assert_string_equal(got.person, "p4");
	assert_int_equal(scs_store_user_get(f->r.ctx.st, "taro", &got, &err),
	    SCS_OK);
	assert_string_equal(got.person, "p4");
	/* The old password (p1's person set it) no longer signs in. */
	assert_int_equal(sign_in(&f->r, "taro", "taros-password-1", token),
	    SCS_EAUTH);
	a = acct_entries(&f->r, "taro", "relink");
	assert_int_equal(a.n, 1);
	assert_string_equal(a.last.purpose, "person p4 (was p1)");
	/* p1 is free for an account of their own again. */
	add_subject(&f->r, "taro-new", "acme", "p1", code);
}

static void
test_disabling_a_disabled_user_writes_nothing(void **state)
{
	struct fixture *f = *state;
	struct audit_count before, after;
	struct scs_user u;
	struct scs_err err;
	char key[64];

	memset(&u, 0, sizeof(u));
	(void)snprintf(u.id, sizeof(u.id), "bob");
	(void)snprintf(u.org, sizeof(u.org), "cao");
	u.role = SCS_ROLE_AUDITOR;
	test_act_as(&f->r, SCS_ROLE_ADMIN, "cao", NULL);
	assert_int_equal(scs_op_user_add(&f->r.ctx, &u, "bob-password-12", key,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_op_user_disable(&f->r.ctx, "bob", &err), SCS_OK);
	assert_int_equal(acct_entries(&f->r, "bob", "disable").n, 1);
	before = audit_counts(&f->r);
	assert_int_equal(scs_op_user_disable(&f->r.ctx, "bob", &err), SCS_OK);
	after = audit_counts(&f->r);
	assert_int_equal(after.n, before.n);
	assert_int_equal(acct_entries(&f->r, "bob", "disable").n, 1);
}

/* The audited state of an account is the first release's canonical JSON,
 * so the states in existing logs still verify; a pending code adds to it. */
static void
test_an_accounts_audited_state_keeps_its_first_form(void **state)
{
	static const char first[] =
	    "{\"username\":\"bob\",\"org\":\"acme\",\"role\":\"subject\","
	    "\"person\":\"p1\",\"disabled\":false,\"service_account\":false,"
	    "\"created\":1767225600,\"pwhash\":\"$argon2id$x\","
	    "\"apikey_hash\":\"\"}";
	struct scs_user u;
	uint8_t want[32], got[32];

	(void)state;
	fill_subject(&u, "bob", "acme", "p1");
	u.created = 1767225600;
	(void)snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$x");
	scs_audit_state("user", first, strlen(first), want);
	scs_op_state_user(&u, got);
	assert_memory_equal(got, want, 32);
	(void)snprintf(u.activation_hash, sizeof(u.activation_hash), "%064d",
	    1);
	u.activation_expires = 1768435200;
	scs_op_state_user(&u, got);
	assert_memory_not_equal(got, want, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_adjudicator_opens_relatives_and_the_read_is_audited, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_investigator_without_an_assigned_case_opens_nothing, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_relatives_are_denied_to_every_non_vetting_role, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_read_of_sealed_data_must_state_its_purpose, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_purpose_that_is_not_utf8_is_refused_and_not_logged,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_the_audit_log_refuses_text_that_is_not_utf8, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_subject_sees_only_their_own_record, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_security_officer_sees_only_own_organization, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_only_admins_manage_organizations_and_users, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_failed_operation_leaves_the_register_as_it_was, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_relatives_are_sealed_in_the_store, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_relatives_are_not_a_decision_input, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_login_locks_out_after_repeated_failures, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_argon2id_runs_outside_the_callers_lock, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_known_device_is_not_held_by_the_accounts_lockout, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_sessions_expire_and_logout_revokes, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_service_accounts_use_api_keys_not_passwords, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_audit_verify_passes_then_finds_a_change_behind_its_back,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_audit_log_is_readable_only_by_auditors, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_audit_find_is_for_auditors_and_checks_its_filter, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_import_stops_at_the_first_bad_line_and_keeps_nothing,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_subject_account_takes_no_password_and_gets_an_activation_code,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_person_has_one_subject_account, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_activation_sets_the_persons_password_once, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_an_activation_code_expires_after_14_days, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_wrong_activation_codes_count_towards_the_sign_in_lockout,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_reset_drops_password_and_sessions_and_issues_a_new_code,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_relink_moves_a_subject_account_to_another_person, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_disabling_a_disabled_user_writes_nothing, setup, teardown),
	    cmocka_unit_test(
	        test_an_accounts_audited_state_keeps_its_first_form),
	};

	(void)setenv("SCS_PWHASH_COST", "min", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
