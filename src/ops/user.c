/* SPDX-License-Identifier: Apache-2.0 */
/*
 * user.c - accounts, sign-in and sessions.  Passwords are Argon2id hashes;
 * session tokens and API keys are 256-bit random strings stored only as
 * SHA-256; repeated failures lock an account with a doubling backoff.
 * A subject's account is created (or reset) with a one-time activation
 * code instead of a password, so that nobody but the person sets it: an
 * admin who could choose it could sign in as the subject and read their
 * dossier (DESIGN.md section 2).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ops_int.h"

/* The person of subject account @u, in the account's organization. */
static int
check_person(struct scs_ctx *c, const struct scs_user *u, struct scs_err *err)
{
	struct scs_person p;
	int rc;

	memset(&p, 0, sizeof(p));
	rc = scs_store_person_get(c->st, u->person, &p, err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_EINVAL, "person", "no person \"%s\"",
		    u->person);
	else if (rc == SCS_OK && strcmp(p.org, u->org) != 0)
		rc = scs_err_set(err, SCS_EINVAL, "org",
		    "must be the organization of person \"%s\" (%s)", u->person,
		    p.org);
	scs_person_clear(&p);
	return rc;
}

/* A new activation code for subject account @u: its hash and expiry in
 * @u, the code in @out (shown once). */
static void
new_code(struct scs_ctx *c, struct scs_user *u, char out[SCS_CODE_LEN + 1])
{
	scs_crypto_code(out);
	(void)scs_crypto_code_hash(out, u->activation_hash);
	u->activation_expires = c->now_us() / 1000000 + SCS_ACTIVATION_TTL;
}

/* The audit purpose of a change to a subject's account: whose it is. */
static const char *
subject_purpose(const struct scs_user *u, char *buf, size_t size)
{
	if (u->role != SCS_ROLE_SUBJECT)
		return NULL;
	(void)snprintf(buf, size, "person %s", u->person);
	return buf;
}

int
scs_op_user_add(struct scs_ctx *c, struct scs_user *in, const char *password,
    char out_secret[64], struct scs_err *err)
{
	struct scs_user u = *in;
	struct scs_org o;
	char token[SCS_TOKEN_LEN + 1], why[SCS_ID_MAX + 16];
	uint8_t state[32];
	int rc;

	out_secret[0] = '\0';
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage users", err)) !=
	        SCS_OK ||
	    (rc = scs_user_validate(&u, err)) != SCS_OK)
		return rc;
	u.disabled = false;
	u.created = c->now_us() / 1000000;
	u.pwhash[0] = '\0';
	u.apikey_hash[0] = '\0';
	u.activation_hash[0] = '\0';
	u.activation_expires = 0;
	if (u.role == SCS_ROLE_RELYING) {
		if (password != NULL && password[0] != '\0')
			return scs_err_set(err, SCS_EINVAL, "password",
			    "a relying system signs in with an API key, not "
			    "a password");
		scs_crypto_token(token);
		(void)snprintf(out_secret, 64, "%s%s", SCS_APIKEY_PREFIX,
		    token);
		scs_crypto_token_hash(out_secret, u.apikey_hash);
		scs_crypto_wipe(token, sizeof(token));
	} else if (u.role == SCS_ROLE_SUBJECT) {
		/* Nobody but the person sets a subject's password. */
		if (password != NULL && password[0] != '\0')
			return scs_err_set(err, SCS_EINVAL, "password",
			    "a subject sets their own password: give them "
			    "the activation code instead");
		new_code(c, &u, out_secret);
	} else {
		if (password == NULL || password[0] == '\0')
			return scs_err_set(err, SCS_EINVAL, "password",
			    "is required");
		if ((rc = scs_crypto_pwhash(password, u.pwhash, err)) != SCS_OK)
			return rc;
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto fail;
	rc = scs_store_org_get(c->st, u.org, &o, err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_EINVAL, "org",
		    "no organization \"%s\"", u.org);
	if (rc == SCS_OK && u.person[0] != '\0')
		rc = check_person(c, &u, err);
	scs_op_state_user(&u, state);
	if (rc != SCS_OK ||
	    (rc = scs_store_user_put(c->st, &u, SCS_PUT_INSERT, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "create", "user", u.id, state,
	         subject_purpose(&u, why, sizeof(why)), err)) != SCS_OK) {
		if (rc == SCS_ECONFLICT && strcmp(err->field, "person") == 0)
			(void)scs_err_set(err, rc, "person",
			    "\"%s\" already has a subject account", u.person);
		else if (rc == SCS_ECONFLICT)
			(void)scs_err_set(err, rc, "username",
			    "already exists");
		(void)scs_op_abort(c, rc);
		goto fail;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto fail;
	*in = u;
	return SCS_OK;
fail:
	scs_crypto_wipe(out_secret, 64);
	return rc;
}

/*
 * Disable (@disable) or enable an account.  Disabling ends its sessions
 * and is refused for the admin's own account; enabling brings the account
 * back as it was: its password (or a subject's pending activation code,
 * while it lasts), no session.  An account already so changes nothing, so
 * nothing is written.
 */
static int
user_set_disabled(struct scs_ctx *c, const char *id, bool disable,
    struct scs_err *err)
{
	struct scs_user u;
	uint8_t state[32];
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage users", err)) !=
	        SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, id, &u, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if (disable && c->actor.kind == SCS_ACTOR_USER &&
	    strcmp(c->actor.user, id) == 0)
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ECONFLICT, "username",
		        "an admin cannot disable their "
		        "own account"));
	if (u.disabled == disable)
		return scs_op_abort(c, SCS_OK);
	u.disabled = disable;
	scs_op_state_user(&u, state);
	if ((rc = scs_store_user_put(c->st, &u, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (disable &&
	        (rc = scs_store_session_delete(c->st, NULL, id, err)) !=
	            SCS_OK) ||
	    (rc = scs_op_audit(c, disable ? "disable" : "enable", "user", id,
	         state, NULL, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

int
scs_op_user_disable(struct scs_ctx *c, const char *id, struct scs_err *err)
{
	return user_set_disabled(c, id, true, err);
}

int
scs_op_user_enable(struct scs_ctx *c, const char *id, struct scs_err *err)
{
	return user_set_disabled(c, id, false, err);
}

int
scs_op_user_reset(struct scs_ctx *c, const char *id, const char *person,
    char out_code[SCS_CODE_LEN + 1], struct scs_user *out_user,
    struct scs_err *err)
{
	struct scs_user u;
	char why[2 * SCS_ID_MAX + 32];
	const char *action = "reset";
	uint8_t state[32];
	int rc;

	out_code[0] = '\0';
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage users", err)) !=
	        SCS_OK ||
	    (person != NULL && person[0] != '\0' &&
	        (rc = scs_valid_id(person, "person", err)) != SCS_OK) ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, id, &u, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if (u.role != SCS_ROLE_SUBJECT)
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ECONFLICT, "role",
		        "only a subject's account is reset with an "
		        "activation code"));
	if (u.disabled)
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ECONFLICT, "username",
		        "the account is disabled"));
	(void)snprintf(why, sizeof(why), "person %s", u.person);
	if (person != NULL && person[0] != '\0') {
		if (strcmp(person, u.person) == 0)
			return scs_op_abort(c,
			    scs_err_set(err, SCS_EINVAL, "person",
			        "is already this account's person"));
		action = "relink";
		(void)snprintf(why, sizeof(why), "person %s (was %s)", person,
		    u.person);
		(void)scs_strlcpy(u.person, person, sizeof(u.person));
		if ((rc = check_person(c, &u, err)) == SCS_EINVAL &&
		    strcmp(err->field, "org") == 0)
			(void)scs_err_set(err, rc, "person",
			    "\"%s\" is not a person of the account's "
			    "organization (%s)",
			    person, u.org);
		if (rc != SCS_OK)
			return scs_op_abort(c, rc);
	}
	/* The person sets a new password with the new code; until then
	 * nobody signs in, and no session of the old password survives. */
	u.pwhash[0] = '\0';
	new_code(c, &u, out_code);
	scs_op_state_user(&u, state);
	if ((rc = scs_store_user_put(c->st, &u, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_store_session_delete(c->st, NULL, id, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, action, "user", id, state, why, err)) !=
	        SCS_OK) {
		if (rc == SCS_ECONFLICT && strcmp(err->field, "person") == 0)
			(void)scs_err_set(err, rc, "person",
			    "\"%s\" already has a subject account", u.person);
		(void)scs_op_abort(c, rc);
	} else if ((rc = scs_op_commit(c, err)) == SCS_OK) {
		if (out_user != NULL)
			*out_user = u;
		return SCS_OK;
	}
	scs_crypto_wipe(out_code, SCS_CODE_LEN + 1);
	return rc;
}

int
scs_op_user_list(struct scs_ctx *c, scs_user_cb cb, void *arg,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage users", err)) !=
	    SCS_OK)
		return rc;
	return scs_store_user_each(c->st, cb, arg, err);
}

static int64_t
lockout_for(int failures)
{
	int64_t secs = SCS_LOCKOUT_BASE;
	int i;

	if (failures < SCS_LOCKOUT_AFTER)
		return 0;
	for (i = SCS_LOCKOUT_AFTER; i < failures && secs < SCS_LOCKOUT_MAX; i++)
		secs *= 2;
	return secs < SCS_LOCKOUT_MAX ? secs : SCS_LOCKOUT_MAX;
}

/* ---- Argon2id without the caller's lock (scs_op_unlocked) ------------- */

struct pw_work {
	const char *hash; /* verify @pw against this, */
	const char *pw;
	char *out; /* or hash @pw into this (128 bytes) */
	struct scs_err *err;
	int rc;
};

static void
pw_verify_fn(void *arg)
{
	struct pw_work *w = arg;

	w->rc = scs_crypto_pwverify(w->hash, w->pw);
}

static void
pw_hash_fn(void *arg)
{
	struct pw_work *w = arg;

	w->rc = scs_crypto_pwhash(w->pw, w->out, w->err);
}

#define PW_BUSY   (-3) /* pw_verify: too many hashes at once, not checked */
#define BUSY_TEXT "too many sign-ins at once; try again in a second"

/* scs_crypto_pwverify of @pw against @hash, outside the caller's lock;
 * PW_BUSY when the caller allows no more hashes at once. */
static int
pw_verify(struct scs_ctx *c, const char *hash, const char *pw)
{
	struct pw_work w = {.hash = hash, .pw = pw};

	if (scs_op_unlocked(c, pw_verify_fn, &w) != 0)
		return PW_BUSY;
	return w.rc;
}

/* scs_crypto_pwhash of @pw into @out, outside the caller's lock. */
static int
pw_hash(struct scs_ctx *c, const char *pw, char out[128], struct scs_err *err)
{
	struct pw_work w = {.pw = pw, .out = out, .err = err};

	out[0] = '\0'; /* nothing, until the hash is made */
	if (scs_op_unlocked(c, pw_hash_fn, &w) != 0)
		return scs_err_set(err, SCS_ELIMIT, "", BUSY_TEXT);
	return w.rc;
}

/* ---- device tokens ------------------------------------------------------ */

/* The MAC that binds a device token's nonce to the account @user. */
static void
device_mac(struct scs_ctx *c, const char *user, const uint8_t nonce[16],
    uint8_t out[32])
{
	const struct scs_hash_part parts[] = {
	    {user, strlen(user) + 1},
	    {nonce, 16},
	};

	scs_keys_mac(c->keys, "scs device v1", parts, 2, out);
}

/* Whether @tok is a device token that signed in as @user before. */
static int
device_ok(struct scs_ctx *c, const char *user, const char *tok)
{
	uint8_t raw[32], mac[32];
	int ok;

	if (c->keys == NULL || tok == NULL || strlen(tok) != SCS_DEVICE_LEN ||
	    tok[0] != 'd' || scs_unhex(raw, sizeof(raw), tok + 1) != 0)
		return 0;
	device_mac(c, user, raw, mac);
	ok = scs_crypto_memcmp(mac, raw + 16, 16) == 0;
	scs_crypto_wipe(mac, sizeof(mac));
	return ok;
}

/* A new device token for @user into @out ("" without keys). */
static void
device_new(struct scs_ctx *c, const char *user, char out[SCS_DEVICE_LEN + 1])
{
	uint8_t raw[32], mac[32];

	out[0] = '\0';
	if (c->keys == NULL)
		return;
	scs_crypto_random(raw, 16);
	device_mac(c, user, raw, mac);
	memcpy(raw + 16, mac, 16);
	out[0] = 'd';
	scs_hex(out + 1, raw, sizeof(raw));
	scs_crypto_wipe(mac, sizeof(mac));
}

/* ---- failures and lockouts ---------------------------------------------- */

/* How long @user is still locked at @now (seconds), or 0, into *@out.
 * An account keeps its count in
 * the register; a name without one, in the server's memory (never a row:
 * made-up names cost the register nothing, and lock the same way, so the
 * answers do not tell which names exist). */
static int
lock_state(struct scs_ctx *c, const char *user, int exists, int64_t now,
    int64_t *out, struct scs_err *err)
{
	int64_t until = 0, f = 0;
	int failures, rc;

	*out = 0;
	if (exists) {
		if ((rc = scs_store_login_get(c->st, user, &failures, &until,
		         err)) != SCS_OK)
			return rc;
	} else
		scs_limit_count_get(c->unknown_names, user, strlen(user), &f,
		    &until);
	if (until > now)
		*out = until - now;
	return SCS_OK;
}

/* Record a failed attempt to @what ("login", "activate", "password") on
 * @user and the lockout it may start: for an account durably, counted in
 * the same transaction as the audit entry "<what>_failed" or
 * "<what>_locked" (so that attempts at the same moment all count); for a
 * name without one, in memory. */
static int
login_failed(struct scs_ctx *c, const char *what, const char *user, int exists,
    int64_t now, int64_t *out_retry, struct scs_err *err)
{
	char actor[SCS_ACTOR_MAX + 1], action[SCS_ACTION_MAX + 1];
	int64_t lock, until, f;
	int failures, rc;

	if (!exists) {
		scs_limit_count_get(c->unknown_names, user, strlen(user), &f,
		    &until);
		lock = lockout_for((int)f + 1);
		scs_limit_count_put(c->unknown_names, user, strlen(user), f + 1,
		    lock ? now + lock : 0);
		*out_retry = lock;
		return SCS_OK;
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_login_get(c->st, user, &failures, &until, err)) !=
	    SCS_OK)
		return scs_op_abort(c, rc);
	lock = lockout_for(failures + 1);
	*out_retry = lock;
	(void)snprintf(action, sizeof(action), "%s_%s", what,
	    lock ? "locked" : "failed");
	memcpy(actor, c->actor.name, sizeof(actor));
	/* A signed-in person's failed password change is theirs. */
	if (c->actor.kind != SCS_ACTOR_USER)
		(void)snprintf(c->actor.name, sizeof(c->actor.name),
		    "anonymous");
	if ((rc = scs_store_login_put(c->st, user, failures + 1,
	         lock ? now + lock : 0, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, action, "user", user, NULL, NULL, err)) !=
	        SCS_OK) {
		memcpy(c->actor.name, actor, sizeof(actor));
		return scs_op_abort(c, rc);
	}
	rc = scs_op_commit(c, err);
	memcpy(c->actor.name, actor, sizeof(actor));
	return rc;
}

/* The session of a sign-in that verified, in one transaction with the
 * account read again: changed meanwhile (disabled, another password, the
 * Argon2id ran unlocked), it is refused like a wrong password. */
static int
login_ok(struct scs_ctx *c, struct scs_login *l, int64_t now,
    struct scs_err *err)
{
	struct scs_session s;
	struct scs_user now_u;
	int rc;

	memset(&s, 0, sizeof(s));
	scs_crypto_token(l->token);
	scs_crypto_token_hash(l->token, s.token_hash);
	(void)scs_strlcpy(s.user, l->user, sizeof(s.user));
	s.created = now;
	s.last_seen = now;
	s.expires = now + SCS_SESSION_TTL;
	l->expires = s.expires;
	(void)snprintf(c->actor.name, sizeof(c->actor.name), "user:%s",
	    l->user);
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, l->user, &now_u, err)) != SCS_OK ||
	    now_u.disabled || strcmp(now_u.pwhash, l->u.pwhash) != 0) {
		scs_crypto_wipe(&now_u, sizeof(now_u));
		if (rc == SCS_OK || rc == SCS_ENOTFOUND)
			rc = scs_err_set(err, SCS_EAUTH, "",
			    "wrong username or password");
		return scs_op_abort(c, rc);
	}
	scs_crypto_wipe(&now_u, sizeof(now_u));
	/* A known device's sign-in leaves the account's count alone: the
	 * lockout of everyone else stands (an attacker's guesses do not
	 * start again each time the person signs in). */
	if ((!l->trusted &&
	        (rc = scs_store_login_put(c->st, l->user, 0, 0, err)) !=
	            SCS_OK) ||
	    (rc = scs_store_session_put(c->st, &s, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "login", "user", l->user, NULL,
	         l->trusted ? "known device" : NULL, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		return rc;
	if (l->trusted)
		(void)scs_strlcpy(l->new_device, l->device,
		    sizeof(l->new_device));
	else
		device_new(c, l->user, l->new_device);
	return SCS_OK;
}

/* A wrong password: on a known device, counted against that device only
 * (in memory, so that nobody else's failures lock its owner out, and its
 * own are still limited); otherwise against the account or name. */
static int
login_wrong(struct scs_ctx *c, struct scs_login *l, int exists, int64_t now,
    struct scs_err *err)
{
	int rc;

	if (l->trusted) {
		(void)scs_limit_take(c->devices, l->device, strlen(l->device),
		    now * 1000000);
		(void)snprintf(c->actor.name, sizeof(c->actor.name),
		    "anonymous");
		if ((rc = scs_op_begin(c, err)) != SCS_OK)
			return rc;
		if ((rc = scs_op_audit(c, "login_failed", "user", l->user, NULL,
		         "known device", err)) != SCS_OK)
			return scs_op_abort(c, rc);
		if ((rc = scs_op_commit(c, err)) != SCS_OK)
			return rc;
	} else if ((rc = login_failed(c, "login", l->user, exists, now,
	                &l->retry, err)) != SCS_OK)
		return rc;
	return scs_err_set(err, SCS_EAUTH, "", "wrong username or password");
}

int
scs_op_login(struct scs_ctx *c, struct scs_login *l, struct scs_err *err)
{
	int64_t now = c->now_us() / 1000000, wait;
	int rc, known, exists;

	l->retry = 0;
	l->trusted = 0;
	l->token[0] = '\0';
	l->new_device[0] = '\0';
	memset(&l->u, 0, sizeof(l->u));
	if (scs_valid_id(l->user, "username", NULL) != SCS_OK) {
		(void)pw_verify(c, "", l->password);
		return scs_err_set(err, SCS_EAUTH, "",
		    "wrong username or password");
	}
	rc = scs_store_user_get(c->st, l->user, &l->u, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	exists = rc == SCS_OK;
	known = exists && !l->u.disabled && l->u.role != SCS_ROLE_RELYING;
	scs_err_clear(err);
	if (known && device_ok(c, l->user, l->device)) {
		/* A device this account signed in from: the account's lockout
		 * is for everyone else; the device has a budget of its own. */
		l->trusted = 1;
		wait = scs_limit_peek(c->devices, l->device, strlen(l->device),
		    now * 1000000);
	} else if ((rc = lock_state(c, l->user, exists, now, &wait, err)) !=
	    SCS_OK)
		return rc;
	if (wait > 0) {
		l->retry = wait;
		return scs_err_set(err, SCS_ELOCKED, "",
		    "too many failed sign-ins; try again in %lld seconds",
		    (long long)wait);
	}
	rc = pw_verify(c, known ? l->u.pwhash : "", l->password);
	if (rc == -2)
		return scs_err_set(err, SCS_ENOMEM, "",
		    "out of memory while checking the password");
	if (rc == PW_BUSY) { /* not checked: no failure either */
		l->retry = 1;
		return scs_err_set(err, SCS_ELIMIT, "", BUSY_TEXT);
	}
	if (rc != 0)
		return login_wrong(c, l, exists, now, err);
	if ((rc = login_ok(c, l, now, err)) != SCS_OK)
		scs_crypto_wipe(l->token, sizeof(l->token));
	return rc;
}

void
scs_login_clear(struct scs_login *l)
{
	scs_crypto_wipe(l->token, sizeof(l->token));
	scs_crypto_wipe(l->new_device, sizeof(l->new_device));
	scs_crypto_wipe(&l->u, sizeof(l->u));
}

#define BAD_CODE                                                               \
	"wrong username or activation code, or the code has expired or was "   \
	"used"

int
scs_op_user_activate(struct scs_ctx *c, const char *user, const char *code,
    const char *password, int64_t *out_retry, struct scs_err *err)
{
	struct scs_user u;
	char pwhash[128], actor[SCS_ACTOR_MAX + 1], why[SCS_ID_MAX + 16];
	int64_t now = c->now_us() / 1000000, wait;
	uint8_t state[32];
	int rc, pending, exists;

	*out_retry = 0;
	memset(&u, 0, sizeof(u));
	if (scs_valid_id(user, "username", NULL) != SCS_OK)
		return scs_err_set(err, SCS_EAUTH, "", BAD_CODE);
	if ((rc = pw_hash(c, password, pwhash, err)) != SCS_OK)
		return rc;
	/* One transaction from the check to the write: a code is used
	 * once, even by two activations at the same moment. */
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	rc = scs_store_user_get(c->st, user, &u, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	exists = rc == SCS_OK;
	scs_err_clear(err);
	pending = exists && u.role == SCS_ROLE_SUBJECT && !u.disabled &&
	    u.activation_hash[0] != '\0' && now < u.activation_expires;
	if ((rc = lock_state(c, user, exists, now, &wait, err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	if (wait > 0) {
		*out_retry = wait;
		rc = scs_op_abort(c,
		    scs_err_set(err, SCS_ELOCKED, "",
		        "too many failed attempts; try again in %lld seconds",
		        (long long)*out_retry));
		goto out;
	}
	/* Unknown user, another role, no code, expired, used, wrong: one
	 * answer, and one more failure towards the sign-in lockout. */
	if (scs_crypto_code_verify(pending ? u.activation_hash : "", code) !=
	    0) {
		(void)scs_op_abort(c, SCS_OK);
		if ((rc = login_failed(c, "activate", user, exists, now,
		         out_retry, err)) == SCS_OK)
			rc = scs_err_set(err, SCS_EAUTH, "", BAD_CODE);
		goto out;
	}
	memcpy(u.pwhash, pwhash, sizeof(u.pwhash));
	u.activation_hash[0] = '\0';
	u.activation_expires = 0;
	scs_op_state_user(&u, state);
	/* The person, proven by the code (the OS operator when typed at
	 * the command line). */
	memcpy(actor, c->actor.name, sizeof(actor));
	if (c->actor.kind != SCS_ACTOR_OS)
		(void)snprintf(c->actor.name, sizeof(c->actor.name), "user:%s",
		    user);
	if ((rc = scs_store_user_put(c->st, &u, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_store_login_put(c->st, user, 0, 0, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "activate", "user", user, state,
	         subject_purpose(&u, why, sizeof(why)), err)) != SCS_OK)
		rc = scs_op_abort(c, rc);
	else
		rc = scs_op_commit(c, err);
	memcpy(c->actor.name, actor, sizeof(actor));
out:
	scs_crypto_wipe(pwhash, sizeof(pwhash));
	scs_crypto_wipe(&u, sizeof(u));
	return rc;
}

int
scs_op_logout(struct scs_ctx *c, const char *token, struct scs_err *err)
{
	char hash[65];
	int rc;

	scs_crypto_token_hash(token, hash);
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_session_delete(c->st, hash, NULL, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "logout", "user", c->actor.user, NULL, NULL,
	         err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

static void
set_actor(struct scs_actor *a, const struct scs_user *u)
{
	memset(a, 0, sizeof(*a));
	a->kind = SCS_ACTOR_USER;
	(void)snprintf(a->name, sizeof(a->name), "%s:%s",
	    u->role == SCS_ROLE_RELYING ? "service" : "user", u->id);
	(void)scs_strlcpy(a->user, u->id, sizeof(a->user));
	a->role = u->role;
	(void)scs_strlcpy(a->org, u->org, sizeof(a->org));
	(void)scs_strlcpy(a->person, u->person, sizeof(a->person));
}

/* Neither expired nor unused for longer than the idle timeout. */
static bool
session_live(const struct scs_ctx *c, const struct scs_session *s)
{
	int64_t now = c->now_us() / 1000000;

	if (s->expires <= now)
		return false;
	return c->idle_timeout <= 0 || now - s->last_seen <= c->idle_timeout;
}

/* Record the session's use, at most once a minute (every half of the
 * idle timeout when that is shorter, so that a session in use is never
 * taken for an idle one).  Best effort, outside the audited records: a
 * failure leaves the old time, and the request goes on. */
static void
touch(struct scs_ctx *c, const struct scs_session *s)
{
	int64_t now = c->now_us() / 1000000, every = SCS_SESSION_TOUCH;
	struct scs_err e2;

	if (c->idle_timeout > 0 && c->idle_timeout / 2 < every)
		every = c->idle_timeout / 2 > 0 ? c->idle_timeout / 2 : 1;
	if (now - s->last_seen < every)
		return;
	scs_err_clear(&e2);
	if (scs_store_begin(c->st, &e2) != SCS_OK)
		return;
	if (scs_store_session_touch(c->st, s->token_hash, now, &e2) != SCS_OK ||
	    scs_store_commit(c->st, &e2) != SCS_OK)
		scs_store_rollback(c->st);
}

int
scs_op_authenticate(struct scs_ctx *c, const char *bearer, struct scs_err *err)
{
	struct scs_session s;
	struct scs_user u;
	char hash[65];
	int rc;

	memset(&c->actor, 0, sizeof(c->actor));
	c->actor.kind = SCS_ACTOR_NONE;
	(void)snprintf(c->actor.name, sizeof(c->actor.name), "anonymous");
	if (bearer == NULL || bearer[0] == '\0')
		return scs_err_set(err, SCS_EAUTH, "",
		    "sign in first: send Authorization: Bearer TOKEN");
	if (strlen(bearer) > 128)
		return scs_err_set(err, SCS_EAUTH, "", "malformed token");
	scs_crypto_token_hash(bearer, hash);
	if (strncmp(bearer, SCS_APIKEY_PREFIX, strlen(SCS_APIKEY_PREFIX)) ==
	    0) {
		rc = scs_store_user_by_apikey(c->st, hash, &u, err);
	} else {
		rc = scs_store_session_get(c->st, hash, &s, err);
		if (rc == SCS_OK && !session_live(c, &s))
			rc = SCS_ENOTFOUND;
		if (rc == SCS_OK)
			rc = scs_store_user_get(c->st, s.user, &u, err);
		if (rc == SCS_OK && !u.disabled)
			touch(c, &s);
	}
	if (rc == SCS_ENOTFOUND || (rc == SCS_OK && u.disabled))
		return scs_err_set(err, SCS_EAUTH, "",
		    "the token is unknown, expired or revoked");
	if (rc != SCS_OK)
		return rc;
	set_actor(&c->actor, &u);
	return SCS_OK;
}

int
scs_op_authenticate_cert(struct scs_ctx *c, const char *fp, struct scs_err *err)
{
	struct scs_user u;
	int rc;

	memset(&c->actor, 0, sizeof(c->actor));
	c->actor.kind = SCS_ACTOR_NONE;
	(void)snprintf(c->actor.name, sizeof(c->actor.name), "anonymous");
	if (fp == NULL || strlen(fp) != 64)
		return scs_err_set(err, SCS_EAUTH, "",
		    "sign in first: send Authorization: Bearer TOKEN");
	rc = scs_store_user_by_cert(c->st, fp, &u, err);
	if (rc == SCS_ENOTFOUND ||
	    (rc == SCS_OK && (u.disabled || u.role != SCS_ROLE_RELYING)))
		return scs_err_set(err, SCS_EAUTH, "",
		    "the client certificate is not bound to an enabled "
		    "service account");
	if (rc != SCS_OK)
		return rc;
	set_actor(&c->actor, &u);
	return SCS_OK;
}

/* @in as 64 lowercase hex digits into @out: colons between bytes are
 * dropped (as `openssl x509 -fingerprint` prints them).  0 or -1. */
static int
norm_fingerprint(const char *in, char out[65])
{
	size_t i, n = 0;

	for (i = 0; in[i] != '\0'; i++) {
		if (in[i] == ':' && n % 2 == 0 && n > 0 && in[i - 1] != ':' &&
		    in[i + 1] != '\0')
			continue;
		if (n == 64 || scs_hexval(in[i]) < 0)
			return -1;
		out[n++] = "0123456789abcdef"[scs_hexval(in[i])];
	}
	out[n] = '\0';
	return n == 64 ? 0 : -1;
}

int
scs_op_user_cert(struct scs_ctx *c, const char *id, const char *fp,
    struct scs_user *out_user, struct scs_err *err)
{
	struct scs_user u;
	char norm[65] = "";
	uint8_t state[32];
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "manage users", err)) !=
	    SCS_OK)
		return rc;
	if (fp != NULL && fp[0] != '\0' && norm_fingerprint(fp, norm) != 0)
		return scs_err_set(err, SCS_EINVAL, "fingerprint",
		    "must be the SHA-256 of the certificate: 64 hex digits "
		    "(colons between bytes allowed)");
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, id, &u, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if (u.role != SCS_ROLE_RELYING)
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ECONFLICT, "username",
		        "only a service account (relying_system) signs in "
		        "with a client certificate"));
	if (strcmp(u.cert_fp, norm) == 0) {
		rc = scs_op_abort(c, SCS_OK);
		goto done;
	}
	(void)scs_strlcpy(u.cert_fp, norm, sizeof(u.cert_fp));
	scs_op_state_user(&u, state);
	if ((rc = scs_store_user_put(c->st, &u, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, norm[0] != '\0' ? "cert_bind" : "cert_unbind",
	         "user", id, state, NULL, err)) != SCS_OK) {
		if (rc == SCS_ECONFLICT)
			(void)scs_err_set(err, rc, "fingerprint",
			    "is bound to another account");
		return scs_op_abort(c, rc);
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		return rc;
done:
	if (rc == SCS_OK && out_user != NULL)
		*out_user = u;
	return rc;
}

/* ---- the signed-in person's own sessions and password ---- */

static int
need_person(const struct scs_ctx *c, const char *what, struct scs_err *err)
{
	int rc = scs_op_allow(c, SCS_ROLE_ANY & ~SCS_ROLE_RELYING, what, err);

	if (rc == SCS_OK && c->actor.kind != SCS_ACTOR_USER)
		rc = scs_err_set(err, SCS_EDENIED, "",
		    "only a signed-in person may %s", what);
	return rc;
}

struct my_sessions {
	struct scs_ctx *c;
	const char *current; /* this request's session hash, or "" */
	scs_session_view_cb cb;
	void *arg;
	/* session_end: the id sought and the full hash found */
	const char *want;
	char found[65];
};

static int
each_live(void *arg, const struct scs_session *s)
{
	struct my_sessions *m = arg;
	struct scs_session_view v;

	if (!session_live(m->c, s))
		return SCS_OK;
	if (m->want != NULL) {
		if (strncmp(s->token_hash, m->want, SCS_SESSION_ID_LEN) == 0)
			memcpy(m->found, s->token_hash, sizeof(m->found));
		return SCS_OK;
	}
	memset(&v, 0, sizeof(v));
	memcpy(v.id, s->token_hash, SCS_SESSION_ID_LEN);
	v.id[SCS_SESSION_ID_LEN] = '\0';
	v.created = s->created;
	v.last_seen = s->last_seen;
	v.expires = s->expires;
	v.current = strcmp(s->token_hash, m->current) == 0;
	return m->cb(m->arg, &v);
}

int
scs_op_my_sessions(struct scs_ctx *c, const char *token, scs_session_view_cb cb,
    void *arg, struct scs_err *err)
{
	struct my_sessions m;
	char hash[65] = "";
	int rc;

	if ((rc = need_person(c, "list their sessions", err)) != SCS_OK)
		return rc;
	if (token != NULL)
		scs_crypto_token_hash(token, hash);
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.current = hash;
	m.cb = cb;
	m.arg = arg;
	return scs_store_session_each(c->st, c->actor.user, each_live, &m, err);
}

int
scs_op_my_session_end(struct scs_ctx *c, const char *id, struct scs_err *err)
{
	struct my_sessions m;
	char why[SCS_SESSION_ID_LEN + 16];
	size_t i;
	int rc;

	if ((rc = need_person(c, "end their sessions", err)) != SCS_OK)
		return rc;
	for (i = 0; id[i] != '\0'; i++)
		if (!((id[i] >= '0' && id[i] <= '9') ||
		        (id[i] >= 'a' && id[i] <= 'f')))
			break;
	if (i != SCS_SESSION_ID_LEN || id[i] != '\0')
		return scs_err_set(err, SCS_ENOTFOUND, "id",
		    "you have no session \"%s\"", id);
	memset(&m, 0, sizeof(m));
	m.c = c;
	m.current = "";
	m.want = id;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_session_each(c->st, c->actor.user, each_live, &m,
	         err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if (m.found[0] == '\0')
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ENOTFOUND, "id",
		        "you have no session \"%s\"", id));
	(void)snprintf(why, sizeof(why), "session %s", id);
	if ((rc = scs_store_session_delete(c->st, m.found, NULL, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "session_end", "user", c->actor.user, NULL,
	         why, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

/* The hashes of a user's sessions but one, to revoke. */
struct others {
	const char *keep;
	char (*hash)[65];
	size_t n, cap;
};

static int
collect_other(void *arg, const struct scs_session *s)
{
	struct others *o = arg;
	char(*grown)[65];

	if (strcmp(s->token_hash, o->keep) == 0)
		return SCS_OK;
	if (o->n == o->cap) {
		o->cap = o->cap ? 2 * o->cap : 8;
		grown = realloc(o->hash, o->cap * sizeof(*o->hash));
		if (grown == NULL)
			return SCS_ENOMEM;
		o->hash = grown;
	}
	memcpy(o->hash[o->n++], s->token_hash, 65);
	return SCS_OK;
}

/* In the open transaction: revoke every session of @user but @keep's. */
static int
revoke_others(struct scs_ctx *c, const char *user, const char *keep,
    struct scs_err *err)
{
	struct others o = {keep, NULL, 0, 0};
	size_t i;
	int rc = scs_store_session_each(c->st, user, collect_other, &o, err);

	if (rc == SCS_ENOMEM && err != NULL && err->rc == SCS_OK)
		(void)scs_err_set(err, rc, "", "out of memory");
	for (i = 0; rc == SCS_OK && i < o.n; i++)
		rc = scs_store_session_delete(c->st, o.hash[i], NULL, err);
	free(o.hash);
	return rc;
}

/* The new hash into @u, in one transaction with the revocations. */
static int
store_password(struct scs_ctx *c, const char *keep, const char *was,
    const char *pwhash, struct scs_err *err)
{
	struct scs_user u;
	uint8_t state[32];
	int rc;

	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, c->actor.user, &u, err)) != SCS_OK)
		return scs_op_abort(c, rc);
	/* Changed while the new hash was made (unlocked): the current
	 * password that was checked is no longer the current one. */
	if (strcmp(u.pwhash, was) != 0) {
		scs_crypto_wipe(&u, sizeof(u));
		return scs_op_abort(c,
		    scs_err_set(err, SCS_ECONFLICT, "current",
		        "the password was changed meanwhile; try again"));
	}
	(void)scs_strlcpy(u.pwhash, pwhash, sizeof(u.pwhash));
	scs_op_state_user(&u, state);
	if ((rc = scs_store_user_put(c->st, &u, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_store_login_put(c->st, u.id, 0, 0, err)) != SCS_OK ||
	    (rc = revoke_others(c, u.id, keep, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "password", "user", u.id, state, NULL,
	         err)) != SCS_OK)
		rc = scs_op_abort(c, rc);
	else
		rc = scs_op_commit(c, err);
	scs_crypto_wipe(&u, sizeof(u));
	return rc;
}

int
scs_op_my_password(struct scs_ctx *c, const char *token, const char *current,
    const char *new_pw, int64_t *out_retry, struct scs_err *err)
{
	struct scs_user u;
	char pwhash[128], keep[65] = "";
	int64_t now = c->now_us() / 1000000, wait;
	int rc;

	*out_retry = 0;
	memset(&u, 0, sizeof(u));
	if ((rc = need_person(c, "change their password", err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_user_get(c->st, c->actor.user, &u, err)) !=
	        SCS_OK ||
	    (rc = lock_state(c, u.id, 1, now, &wait, err)) != SCS_OK)
		goto out;
	if (u.role == SCS_ROLE_RELYING || u.pwhash[0] == '\0') {
		rc = scs_err_set(err, SCS_EDENIED, "",
		    "this account has no password to change");
		goto out;
	}
	if (wait > 0) {
		*out_retry = wait;
		rc = scs_err_set(err, SCS_ELOCKED, "",
		    "too many failed attempts; try again in %lld seconds",
		    (long long)*out_retry);
		goto out;
	}
	rc = pw_verify(c, u.pwhash, current);
	if (rc == -2) {
		rc = scs_err_set(err, SCS_ENOMEM, "",
		    "out of memory while checking the password");
		goto out;
	}
	if (rc == PW_BUSY) {
		*out_retry = 1;
		rc = scs_err_set(err, SCS_ELIMIT, "", BUSY_TEXT);
		goto out;
	}
	if (rc != 0) {
		if ((rc = login_failed(c, "password", u.id, 1, now, out_retry,
		         err)) == SCS_OK)
			rc = *out_retry > 0
			    ? scs_err_set(err, SCS_ELOCKED, "current",
			          "not your current password; too many failed "
			          "attempts: try again in %lld seconds",
			          (long long)*out_retry)
			    : scs_err_set(err, SCS_EINVAL, "current",
			          "is not your current password");
		goto out;
	}
	if ((rc = pw_hash(c, new_pw, pwhash, err)) != SCS_OK) {
		if (rc == SCS_EINVAL)
			(void)scs_strlcpy(err->field, "new",
			    sizeof(err->field));
		goto out;
	}
	if (token != NULL)
		scs_crypto_token_hash(token, keep);
	rc = store_password(c, keep, u.pwhash, pwhash, err);
	scs_crypto_wipe(pwhash, sizeof(pwhash));
out:
	scs_crypto_wipe(&u, sizeof(u));
	return rc;
}
