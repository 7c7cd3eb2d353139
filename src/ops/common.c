/* SPDX-License-Identifier: Apache-2.0 */
/*
 * common.c - what every operation uses: the clock, actors, permission
 * checks, transactions that end with a signed tree head, audit entries,
 * sealing of relatives, and the canonical state of each record kind that
 * the audit log hashes.
 */
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "scs/codec.h"
#include "ops_int.h"

int64_t
scs_clock_real(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
scs_actor_os(struct scs_actor *a)
{
	struct passwd pw, *res = NULL;
	char buf[1024];
	const char *name = "unknown";

	memset(a, 0, sizeof(*a));
	a->kind = SCS_ACTOR_OS;
	a->role = (enum scs_role)SCS_ROLE_ANY;
	if (getpwuid_r(getuid(), &pw, buf, sizeof(buf), &res) == 0 &&
	    res != NULL)
		name = res->pw_name;
	(void)snprintf(a->name, sizeof(a->name), "os:%s", name);
}

int
scs_op_allow(const struct scs_ctx *c, unsigned roles, const char *what,
    struct scs_err *err)
{
	if (c->actor.kind == SCS_ACTOR_OS)
		return SCS_OK;
	if (c->actor.kind == SCS_ACTOR_USER && (c->actor.role & roles) != 0)
		return SCS_OK;
	return scs_err_set(err, SCS_EDENIED, "", "the %s role may not %s",
	    c->actor.kind == SCS_ACTOR_USER ? scs_role_name(c->actor.role)
	                                    : "anonymous",
	    what);
}

int
scs_op_begin(struct scs_ctx *c, struct scs_err *err)
{
	return scs_store_begin(c->st, err);
}

int
scs_op_abort(struct scs_ctx *c, int rc)
{
	scs_store_rollback(c->st);
	c->changed = 0;
	return rc;
}

/* The register's version: bumped by every change of a record, so other
 * processes (a server's decision index) can tell cheaply that they are
 * behind.  Eight bytes, big-endian. */
static int
bump_version(struct scs_ctx *c, struct scs_err *err)
{
	uint64_t v = 0;
	uint8_t b[8];
	int i;

	if (scs_op_register_version(c, &v, err) != SCS_OK)
		return err != NULL ? (int)err->rc : SCS_EIO;
	v++;
	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
	return scs_store_meta_put(c->st, "register.version", b, 8, err);
}

int
scs_op_register_version(struct scs_ctx *c, uint64_t *out, struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	size_t i;
	int rc = scs_store_meta_get(c->st, "register.version", &b, err);

	*out = 0;
	if (rc == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return rc;
	for (i = 0; i < b.len && i < 8; i++)
		*out = *out << 8 | b.p[i];
	scs_blob_free(&b);
	return SCS_OK;
}

int
scs_op_commit(struct scs_ctx *c, struct scs_err *err)
{
	int rc;

	if ((c->changed && (rc = bump_version(c, err)) != SCS_OK) ||
	    (rc = scs_audit_seal_head(c->st, c->keys, c->now_us(), err)) !=
	        SCS_OK ||
	    (rc = scs_store_commit(c->st, err)) != SCS_OK) {
		scs_store_rollback(c->st);
		c->changed = 0;
		return rc;
	}
	if (c->changed && c->on_change != NULL)
		c->on_change(c->on_change_arg);
	c->changed = 0;
	return rc;
}

int
scs_op_audit(struct scs_ctx *c, const char *action, const char *kind,
    const char *object, const uint8_t *state, const char *purpose,
    struct scs_err *err)
{
	struct scs_audit_entry e;

	memset(&e, 0, sizeof(e));
	e.time_us = c->now_us();
	(void)scs_strlcpy(e.actor, c->actor.name, sizeof(e.actor));
	(void)scs_strlcpy(e.action, action, sizeof(e.action));
	(void)scs_strlcpy(e.kind, kind, sizeof(e.kind));
	(void)scs_strlcpy(e.object, object, sizeof(e.object));
	(void)scs_strlcpy(e.purpose, purpose != NULL ? purpose : "",
	    sizeof(e.purpose));
	if (state != NULL) {
		memcpy(e.state, state, 32);
		c->changed = 1;
	}
	return scs_audit_append(c->st, &e, err);
}

/* Relatives are sealed as one JSON array per person.
 *
 * Sealing happens inside the write transaction that stores the value,
 * never before it: scs_keys_add (run by scs_op_keys_rotate, perhaps in
 * another process) makes a new key current inside a write transaction too,
 * and SQLite runs one write transaction at a time, so a writer either
 * commits before the rotation starts re-sealing (and its value is re-sealed
 * by a batch) or reads the new current marker when it seals (the full
 * argument is at scs_keys_sealing, src/crypto/keys.c).  A value sealed
 * before BEGIN could wait out the whole rotation and land under the old key
 * after it finished. */
static void
relatives_ad(const struct scs_person *p, char *ad, size_t size)
{
	(void)snprintf(ad, size, "person/%s/relatives", p->id);
}

int
scs_op_seal_relatives(struct scs_ctx *c, struct scs_person *p,
    const struct scs_relatives *rel, struct scs_err *err)
{
	static const struct scs_relatives none = {0};
	char ad[128], *text;
	json_t *j;
	int rc;

	j = scs_codec_relatives_json(rel != NULL ? rel : &none);
	if (j == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	relatives_ad(p, ad, sizeof(ad));
	rc = scs_crypto_seal(c->keys, ad, text, strlen(text), &p->relatives,
	    err);
	scs_crypto_wipe(text, strlen(text));
	free(text);
	return rc;
}

int
scs_op_open_relatives(struct scs_ctx *c, const struct scs_person *p,
    struct scs_relatives *out, struct scs_err *err)
{
	char ad[128], *text = NULL;
	json_error_t jerr;
	size_t len;
	json_t *j;
	int rc;

	relatives_ad(p, ad, sizeof(ad));
	if ((rc = scs_crypto_open(c->keys, ad, p->relatives.p, p->relatives.len,
	         &text, &len, err)) != SCS_OK) {
		scs_err_prefix(err, "relatives");
		return rc;
	}
	j = json_loadb(text, len, 0, &jerr);
	scs_crypto_secfree(text);
	if (j == NULL)
		return scs_err_set(err, SCS_ECORRUPT, "relatives",
		    "sealed relatives of %s do not parse", p->id);
	rc = scs_codec_relatives_parse(j, out, err);
	json_decref(j);
	return rc;
}

static void
state_of(const char *kind, json_t *j, uint8_t out[32])
{
	char *text = json_dumps(j, JSON_COMPACT);

	/* Out of memory here leaves a state nobody can match: verify fails
	 * loudly rather than passing. */
	if (text == NULL)
		memset(out, 0xff, 32);
	else
		scs_audit_state(kind, text, strlen(text), out);
	free(text);
	json_decref(j);
}

void
scs_op_state_org(const struct scs_org *o, uint8_t out[32])
{
	state_of("organization", scs_codec_org_json(o, false), out);
}

void
scs_op_state_person(const struct scs_person *p, uint8_t out[32])
{
	json_t *j = scs_codec_person_json(p, NULL, false);
	char *hex = malloc(2 * p->relatives.len + 1);

	if (j != NULL && hex != NULL) {
		scs_hex(hex, p->relatives.p, p->relatives.len);
		(void)json_object_set_new(j, "relatives_sealed",
		    json_string(hex));
	}
	free(hex);
	state_of("person", j, out);
}

void
scs_op_state_user(const struct scs_user *u, uint8_t out[32])
{
	json_t *j = scs_codec_user_json(u);

	if (j != NULL) {
		(void)json_object_set_new(j, "pwhash", json_string(u->pwhash));
		(void)json_object_set_new(j, "apikey_hash",
		    json_string(u->apikey_hash));
	}
	state_of("user", j, out);
}
