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
scs_op_unlocked(struct scs_ctx *c, void (*fn)(void *arg), void *arg)
{
	if (c->unlocked != NULL)
		return c->unlocked(c->unlocked_arg, fn, arg);
	fn(arg);
	return 0;
}

int
scs_op_begin(struct scs_ctx *c, struct scs_err *err)
{
	int rc = scs_store_begin(c->st, err);

	/* The write lock is ours: the key to seal under cannot change until
	 * the end (scs_keys_pin). */
	if (rc == SCS_OK && c->keys != NULL)
		scs_keys_pin(c->keys);
	return rc;
}

int
scs_op_abort(struct scs_ctx *c, int rc)
{
	scs_store_rollback(c->st);
	scs_keys_unpin();
	c->changed = 0;
	return rc;
}

/* The register's versions: "register.version" moves with every change of
 * a record, "decisions.version" only with a change of a kind the access
 * decision reads (the kind table's decision_input), so other processes
 * can tell cheaply what they are behind on: a server rebuilds its
 * decision index for the second only.  Eight bytes each, big-endian. */
static const char *const version_keys[] = {"register.version",
    "decisions.version"};

static int
bump_version(struct scs_ctx *c, enum scs_version which, struct scs_err *err)
{
	uint64_t v = 0;
	uint8_t b[8];
	int i;

	if (scs_op_register_version(c, which, &v, err) != SCS_OK)
		return err != NULL ? (int)err->rc : SCS_EIO;
	v++;
	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = (uint8_t)v;
	return scs_store_meta_put(c->st, version_keys[which], b, 8, err);
}

int
scs_op_register_version(struct scs_ctx *c, enum scs_version which,
    uint64_t *out, struct scs_err *err)
{
	struct scs_blob b = {NULL, 0};
	size_t i;
	int rc = scs_store_meta_get(c->st, version_keys[which], &b, err);

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
	unsigned changed = c->changed;
	int rc;

	c->changed = 0;
	scs_keys_unpin();
	if (((changed & SCS_CHANGED_RECORDS) &&
	        (rc = bump_version(c, SCS_VERSION_REGISTER, err)) != SCS_OK) ||
	    ((changed & SCS_CHANGED_DECISIONS) &&
	        (rc = bump_version(c, SCS_VERSION_DECISIONS, err)) != SCS_OK) ||
	    (rc = scs_audit_seal_head(c->st, c->keys, c->now_us(), err)) !=
	        SCS_OK ||
	    (rc = scs_store_commit(c->st, err)) != SCS_OK) {
		scs_store_rollback(c->st);
		return rc;
	}
	if (changed && c->on_change != NULL)
		c->on_change(c->on_change_arg, changed);
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
	if (state != NULL && scs_op_state_unknown(state))
		return scs_err_set(err, SCS_ENOMEM, "",
		    "out of memory (the record's state)");
	if (state != NULL) {
		enum scs_kind k;

		memcpy(e.state, state, 32);
		c->changed |= SCS_CHANGED_RECORDS;
		if (scs_kind_parse(kind, &k) == 0 &&
		    scs_kind_def(k)->decision_input)
			c->changed |= SCS_CHANGED_DECISIONS;
	}
	return scs_audit_append(c->st, &e, err);
}

int
scs_op_audit_sealed(struct scs_ctx *c, const char *action, const char *kind,
    const char *object, const uint8_t *state, const char *purpose,
    struct scs_err *err)
{
	unsigned before = c->changed & SCS_CHANGED_DECISIONS;
	int rc = scs_op_audit(c, action, kind, object, state, purpose, err);

	c->changed = (c->changed & ~SCS_CHANGED_DECISIONS) | before;
	return rc;
}

/* The associated data of a sealed value: "KIND/OBJECT/FIELD", so a value
 * moved to another record or field fails to open (and one moved to
 * another person meets another person's key).
 *
 * Values are sealed under their person's key (src/ops/pkey.c); what the
 * register key seals is that person key, wrapped when it is made or
 * re-wrapped.  Sealing happens inside the write transaction that stores
 * the value, never before it: scs_keys_add (run by scs_op_keys_rotate,
 * perhaps in another process) makes a new key current inside a write
 * transaction too, and SQLite runs one write transaction at a time, so a
 * writer that makes a person key either commits before the rotation
 * starts re-wrapping (and its key is re-wrapped by a batch) or reads the
 * new current marker when it wraps (the full argument is at
 * scs_keys_sealing, src/crypto/keys.c).  A key wrapped before BEGIN could
 * wait out the whole rotation and land under the old key after it
 * finished. */
static void
sealed_ad(const struct scs_record *r, const char *field, char *ad, size_t size)
{
	char object[3 * SCS_ID_MAX];

	scs_record_object(r, object, sizeof(object));
	(void)snprintf(ad, size, "%s/%s/%s", scs_kind_name(r->kind), object,
	    field);
}

int
scs_op_seal_field(struct scs_ctx *c, struct scs_record *r, const char *field,
    const void *pt, size_t len, struct scs_err *err)
{
	const struct scs_field *f =
	    scs_kind_field(scs_kind_def(r->kind), field);
	char ad[256], person[SCS_ID_MAX + 1];
	uint8_t *key = NULL;
	int rc;

	if (f == NULL || f->type != SCS_FT_SEALED)
		return scs_err_set(err, SCS_EINTERNAL, field, "not sealed");
	sealed_ad(r, field, ad, sizeof(ad));
	if ((rc = scs_op_owner(c, r, person, err)) != SCS_OK ||
	    (rc = scs_op_pkey_open(c, person, true, &key, err)) != SCS_OK)
		return rc;
	rc = scs_crypto_seal_person(key, ad, pt, len, SCS_FIELD_PTR(&r->u, f),
	    err);
	scs_crypto_secfree(key);
	return rc;
}

int
scs_op_open_field(struct scs_ctx *c, const struct scs_record *r,
    const char *field, char **out_pt, size_t *out_len, struct scs_err *err)
{
	const struct scs_field *f =
	    scs_kind_field(scs_kind_def(r->kind), field);
	const struct scs_blob *b;
	char ad[256], person[SCS_ID_MAX + 1];
	uint8_t *key = NULL;
	int rc;

	*out_pt = NULL;
	*out_len = 0;
	if (f == NULL || f->type != SCS_FT_SEALED)
		return scs_err_set(err, SCS_EINTERNAL, field, "not sealed");
	b = SCS_FIELD_CPTR(&r->u, f);
	sealed_ad(r, field, ad, sizeof(ad));
	if (scs_crypto_sealed_format(b->p, b->len) != SCS_SEAL_PERSON) {
		/* Format 1, from before person keys (until a rotation
		 * converts it), or malformed: the register key's answer. */
		rc = scs_crypto_open(c->keys, ad, b->p, b->len, out_pt, out_len,
		    err);
	} else if ((rc = scs_op_owner(c, r, person, err)) == SCS_OK &&
	    (rc = scs_op_pkey_open(c, person, false, &key, err)) == SCS_OK) {
		rc = scs_crypto_open_person(key, ad, b->p, b->len, out_pt,
		    out_len, err);
		scs_crypto_secfree(key);
	}
	if (rc != SCS_OK)
		scs_err_prefix(err, field);
	return rc;
}

/* Whether @v has the form @f's plaintext takes. */
static int
plain_form(const struct scs_field *f, const json_t *v, struct scs_err *err)
{
	if (f->plain == SCS_PLAIN_TEXT) {
		if (!json_is_string(v))
			return scs_err_set(err, SCS_EINVAL, f->name,
			    "must be a string");
		if (json_string_length(v) > SCS_PLAIN_TEXT_MAX)
			return scs_err_set(err, SCS_EINVAL, f->name,
			    "must be at most %u bytes", SCS_PLAIN_TEXT_MAX);
		return scs_valid_text(json_string_value(v), SCS_PLAIN_TEXT_MAX,
		    f->name, err);
	}
	if (!json_is_object(v) && !json_is_array(v))
		return scs_err_set(err, SCS_EINVAL, f->name,
		    "must be a JSON object or array");
	return SCS_OK;
}

int
scs_op_seal_plain(struct scs_ctx *c, struct scs_record *r, const json_t *j,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	size_t i, len;
	char *text;
	int rc;

	for (i = 0; i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		const json_t *v = json_object_get(j, f->name);

		if (f->type != SCS_FT_SEALED || v == NULL || json_is_null(v))
			continue;
		if ((rc = plain_form(f, v, err)) != SCS_OK)
			return rc;
		if ((text = scs_codec_dumps(v,
		         JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		len = strlen(text);
		if (len > SCS_PLAIN_MAX)
			rc = scs_err_set(err, SCS_EINVAL, f->name,
			    "must be at most %u bytes of JSON", SCS_PLAIN_MAX);
		else
			rc = scs_op_seal_field(c, r, f->name, text, len, err);
		scs_crypto_wipe(text, len);
		free(text);
		if (rc != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

int
scs_op_open_plain(struct scs_ctx *c, const struct scs_record *r, json_t *o,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	json_error_t jerr;
	char *text = NULL;
	size_t i, len = 0;
	json_t *v;
	int rc;

	for (i = 0; i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		const struct scs_blob *b = SCS_FIELD_CPTR(&r->u, f);

		if (f->type != SCS_FT_SEALED || b->len == 0 ||
		    r->kind == SCS_KIND_PERSON)
			continue;
		if ((rc = scs_op_open_field(c, r, f->name, &text, &len, err)) !=
		    SCS_OK)
			return rc;
		v = json_loadb(text, len, JSON_DECODE_ANY, &jerr);
		scs_crypto_secfree(text);
		if (v == NULL)
			return scs_err_set(err, SCS_ECORRUPT, f->name,
			    "sealed value does not parse");
		if (json_object_set_new(o, f->name, v) != 0)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
	}
	return SCS_OK;
}

/* Relatives are sealed as one JSON array per person.  None at all is no
 * value (an empty blob, as a purge leaves it): a person who declared
 * nothing needs no data key. */
int
scs_op_seal_relatives(struct scs_ctx *c, struct scs_person *p,
    const struct scs_relatives *rel, struct scs_err *err)
{
	struct scs_record r;
	char *text;
	json_t *j;
	int rc;

	if (rel == NULL || rel->n == 0) {
		scs_blob_free(&p->relatives);
		return SCS_OK;
	}
	j = scs_codec_relatives_json(rel);
	if (j == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	text = scs_codec_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	scs_record_init(&r, SCS_KIND_PERSON);
	r.u.person = *p;
	rc = scs_op_seal_field(c, &r, "relatives", text, strlen(text), err);
	p->relatives = r.u.person.relatives;
	scs_crypto_wipe(text, strlen(text));
	free(text);
	return rc;
}

int
scs_op_open_relatives(struct scs_ctx *c, const struct scs_person *p,
    struct scs_relatives *out, struct scs_err *err)
{
	struct scs_record r;
	char *text = NULL;
	json_error_t jerr;
	size_t len = 0;
	json_t *j;
	int rc;

	if (p->relatives.len == 0) { /* none declared, or purged */
		out->n = 0;
		return SCS_OK;
	}
	scs_record_init(&r, SCS_KIND_PERSON);
	r.u.person = *p; /* borrows the sealed blob */
	if ((rc = scs_op_open_field(c, &r, "relatives", &text, &len, err)) !=
	    SCS_OK)
		return rc;
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
	char *text = j != NULL ? scs_codec_dumps(j, JSON_COMPACT) : NULL;

	/* Out of memory: the unknown state, which scs_op_audit refuses. */
	if (text == NULL)
		memset(out, 0xff, 32);
	else
		scs_audit_state(kind, text, strlen(text), out);
	free(text);
	json_decref(j);
}

bool
scs_op_state_unknown(const uint8_t state[32])
{
	size_t i;

	for (i = 0; i < 32; i++)
		if (state[i] != 0xff)
			return false;
	return true;
}

void
scs_op_state_org(const struct scs_org *o, uint8_t out[32])
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_ORG);
	r.u.org = *o;
	scs_op_state(&r, out);
}

void
scs_op_state_person(const struct scs_person *p, uint8_t out[32])
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_PERSON);
	r.u.person = *p; /* borrows the sealed blob */
	scs_op_state(&r, out);
}

/* Its own canonical form, not the API's view (which may change): the
 * members and their order are those of the first release, so the states
 * already in audit logs still match; a pending activation code is added
 * only while there is one. */
void
scs_op_state_user(const struct scs_user *u, uint8_t out[32])
{
	json_t *j = json_object();
	int bad = j == NULL;

	if (j != NULL) {
		bad |= json_object_set_new(j, "username", json_string(u->id));
		bad |= json_object_set_new(j, "org", json_string(u->org));
		bad |= json_object_set_new(j, "role",
		    json_string(scs_role_name(u->role)));
		if (u->person[0] != '\0')
			bad |= json_object_set_new(j, "person",
			    json_string(u->person));
		bad |= json_object_set_new(j, "disabled",
		    json_boolean(u->disabled));
		bad |= json_object_set_new(j, "service_account",
		    json_boolean(u->role == SCS_ROLE_RELYING));
		bad |=
		    json_object_set_new(j, "created", json_integer(u->created));
		bad |= json_object_set_new(j, "pwhash", json_string(u->pwhash));
		bad |= json_object_set_new(j, "apikey_hash",
		    json_string(u->apikey_hash));
		if (u->activation_hash[0] != '\0') {
			bad |= json_object_set_new(j, "activation_hash",
			    json_string(u->activation_hash));
			bad |= json_object_set_new(j, "activation_expires",
			    json_integer(u->activation_expires));
		}
		/* Only when bound: the states of accounts without one are
		 * what they were before certificates. */
		if (u->cert_fp[0] != '\0')
			bad |= json_object_set_new(j, "cert_fingerprint",
			    json_string(u->cert_fp));
	}
	if (bad) {
		json_decref(j);
		j = NULL;
	}
	state_of("user", j, out);
}

struct scs_record *
scs_op_rec_new(enum scs_kind kind)
{
	struct scs_record *r = calloc(1, sizeof(*r));

	if (r != NULL)
		scs_record_init(r, kind);
	return r;
}

void
scs_op_rec_free(struct scs_record *r)
{
	if (r != NULL) {
		scs_record_clear(r);
		free(r);
	}
}

int
scs_op_put(struct scs_ctx *c, const struct scs_record *r,
    enum scs_put_mode mode, const char *action, const char *purpose,
    struct scs_err *err)
{
	char key[3 * SCS_ID_MAX];
	uint8_t state[32];
	int rc;

	if ((rc = scs_store_rec_put(c->st, r, mode, err)) != SCS_OK)
		return rc;
	scs_record_object(r, key, sizeof(key));
	scs_op_state(r, state);
	return scs_op_audit(c, action, scs_kind_name(r->kind), key, state,
	    purpose, err);
}

void
scs_op_id(const char *prefix, const uint8_t *bytes, size_t n,
    char out[SCS_ID_MAX + 1])
{
	static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
	uint8_t r[32];
	size_t at = scs_strlcpy(out, prefix, SCS_ID_MAX + 1) ? strlen(out) : 0;

	if (n > sizeof(r))
		n = sizeof(r);
	if (bytes == NULL) {
		scs_crypto_random(r, n);
		bytes = r;
	}
	for (size_t i = 0; i < n && at < SCS_ID_MAX; i++)
		out[at++] = b32[bytes[i] & 31];
	out[at] = '\0';
}
