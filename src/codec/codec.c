/* SPDX-License-Identifier: Apache-2.0 */
/*
 * codec.c - JSON <-> records.  Shape checks here, validity rules in core.
 * No I/O: the caller reads and writes the bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"
#include "scs/store.h"
#include "scs/time.h"

int
scs_codec_only(const json_t *j, const char *const *allowed, struct scs_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a JSON object");
	json_object_foreach((json_t *)j, key, v)
	{
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of this record");
	}
	return SCS_OK;
}

/* jansson's *_new setters take @v even when they fail. */
void
scs_codec_put(json_t **o, const char *key, json_t *v)
{
	if (*o == NULL) {
		json_decref(v);
		return;
	}
	if (json_object_set_new(*o, key, v) != 0) {
		json_decref(*o);
		*o = NULL;
	}
}

void
scs_codec_push(json_t **a, json_t *v)
{
	if (*a == NULL) {
		json_decref(v);
		return;
	}
	if (json_array_append_new(*a, v) != 0) {
		json_decref(*a);
		*a = NULL;
	}
}

char *
scs_codec_dumps(const json_t *j, size_t flags)
{
	char small[4096], *text;
	size_t n;

	/* json_dumpb into a caller's buffer never allocates for the text,
	 * so it cannot drop bytes; most records fit the first try. */
	if (j == NULL ||
	    (n = json_dumpb(j, small, sizeof(small), flags)) == 0 ||
	    n == SIZE_MAX || (text = malloc(n + 1)) == NULL)
		return NULL;
	if (n <= sizeof(small))
		memcpy(text, small, n);
	else if (json_dumpb(j, text, n, flags) != n) {
		free(text);
		return NULL;
	}
	text[n] = '\0';
	return text;
}

int
scs_codec_str(const json_t *j, const char *key, char *dst, size_t size,
    bool required, struct scs_err *err)
{
	const json_t *v = json_object_get(j, key);
	const char *s;

	dst[0] = '\0';
	if (v == NULL || json_is_null(v)) {
		if (required)
			return scs_err_set(err, SCS_EINVAL, key, "is required");
		return SCS_ENOTFOUND;
	}
	if (!json_is_string(v))
		return scs_err_set(err, SCS_EINVAL, key, "must be a string");
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must not contain NUL characters");
	if (!scs_strlcpy(dst, s, size))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be at most %zu bytes", size - 1);
	return SCS_OK;
}

int
scs_codec_kind(const json_t *j, const char *kind, struct scs_err *err)
{
	char k[32];
	int rc = scs_codec_str(j, "kind", k, sizeof(k), false, err);

	if (rc == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return rc;
	if (strcmp(k, kind) != 0)
		return scs_err_set(err, SCS_EINVAL, "kind", "must be \"%s\"",
		    kind);
	return SCS_OK;
}

int
scs_codec_org_parse(const json_t *j, struct scs_org *out, struct scs_err *err)
{
	struct scs_record r;
	int rc = scs_codec_rec_parse(NULL, j, SCS_KIND_ORG, 0, &r, err);

	*out = r.u.org;
	return rc;
}

json_t *
scs_codec_org_json(const struct scs_org *o, bool kind)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_ORG);
	r.u.org = *o;
	return scs_codec_rec_json(&r, kind ? SCS_CODEC_KIND : 0);
}

static int
parse_nats(const json_t *j, char (*nat)[4], size_t *out_n, struct scs_err *err)
{
	const json_t *a = json_object_get(j, "nationalities"), *v;
	char field[48];
	size_t i;

	*out_n = 0;
	if (a == NULL)
		return scs_err_set(err, SCS_EINVAL, "nationalities",
		    "is required");
	if (!json_is_array(a))
		return scs_err_set(err, SCS_EINVAL, "nationalities",
		    "must be an array of country codes");
	if (json_array_size(a) > SCS_NAT_MAX)
		return scs_err_set(err, SCS_EINVAL, "nationalities",
		    "must hold at most %d codes", SCS_NAT_MAX);
	json_array_foreach(a, i, v)
	{
		(void)snprintf(field, sizeof(field), "nationalities[%zu]", i);
		if (!json_is_string(v) || json_string_length(v) != 3)
			return scs_err_set(err, SCS_EINVAL, field,
			    "must be an ISO 3166-1 alpha-3 country code such "
			    "as \"JPN\"");
		memcpy(nat[i], json_string_value(v), 4);
		(*out_n)++;
	}
	return SCS_OK;
}

/* NULL when out of memory: nothing half-built leaves here. */
static json_t *
nats_json(const char (*nat)[4], size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a, json_string(nat[i])) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static int
relative_parse(const json_t *j, struct scs_relative *r, struct scs_err *err)
{
	static const char *const keys[] = {"relation", "name", "birth_date",
	    "nationalities", "address", "cohabitant", NULL};
	const json_t *c;
	char rel[32];
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "relation", rel, sizeof(rel), true, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_str(j, "name", r->name, sizeof(r->name), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "birth_date", r->birth_date,
	         sizeof(r->birth_date), true, err)) != SCS_OK ||
	    (rc = parse_nats(j, r->nationalities, &r->nnationalities, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_str(j, "address", r->address, sizeof(r->address),
	         true, err)) != SCS_OK)
		return rc;
	if (scs_relation_parse(rel, &r->relation) != 0)
		r->relation = SCS_REL_NTYPES;
	c = json_object_get(j, "cohabitant");
	if (c == NULL)
		return scs_err_set(err, SCS_EINVAL, "cohabitant",
		    "is required");
	if (!json_is_boolean(c))
		return scs_err_set(err, SCS_EINVAL, "cohabitant",
		    "must be true or false");
	r->cohabitant = json_is_true(c);
	return SCS_OK;
}

int
scs_codec_relatives_parse(const json_t *j, struct scs_relatives *rel,
    struct scs_err *err)
{
	char prefix[48];
	json_t *v;
	size_t i;

	rel->n = 0;
	if (!json_is_array(j))
		return scs_err_set(err, SCS_EINVAL, "relatives",
		    "must be an array");
	if (json_array_size(j) > SCS_RELATIVES_MAX)
		return scs_err_set(err, SCS_EINVAL, "relatives",
		    "must hold at most %d entries", SCS_RELATIVES_MAX);
	json_array_foreach(j, i, v)
	{
		if (relative_parse(v, &rel->r[i], err) != SCS_OK) {
			(void)snprintf(prefix, sizeof(prefix), "relatives[%zu]",
			    i);
			scs_err_prefix(err, prefix);
			return SCS_EINVAL;
		}
		rel->n++;
	}
	return scs_relatives_validate(rel, err);
}

json_t *
scs_codec_relatives_json(const struct scs_relatives *rel)
{
	json_t *a = json_array(), *o;
	size_t i;
	int bad = 0;

	/* Every member is checked: a relative missing a field would be
	 * sealed and stored as if it were whole. */
	for (i = 0; a != NULL && !bad && i < rel->n; i++) {
		const struct scs_relative *r = &rel->r[i];

		if ((o = json_object()) == NULL)
			break;
		bad |= json_object_set_new(o, "relation",
		    json_string(scs_relation_name(r->relation)));
		bad |= json_object_set_new(o, "name", json_string(r->name));
		bad |= json_object_set_new(o, "birth_date",
		    json_string(r->birth_date));
		bad |= json_object_set_new(o, "nationalities",
		    nats_json(r->nationalities, r->nnationalities));
		bad |=
		    json_object_set_new(o, "address", json_string(r->address));
		bad |= json_object_set_new(o, "cohabitant",
		    json_boolean(r->cohabitant));
		bad |= json_array_append_new(a, o);
	}
	if (a != NULL && (bad || i < rel->n)) {
		json_decref(a);
		return NULL;
	}
	return a;
}

int
scs_codec_person_parse(const json_t *j, struct scs_person *out,
    struct scs_relatives *rel, bool *out_has_rel, struct scs_err *err)
{
	struct scs_record r;
	const json_t *v;
	int rc;

	*out_has_rel = false;
	rc = scs_codec_rec_parse(NULL, j, SCS_KIND_PERSON,
	    SCS_CODEC_ALLOW_SEALED, &r, err);
	*out = r.u.person;
	if (rc != SCS_OK || (v = json_object_get(j, "relatives")) == NULL)
		return rc;
	if (rel == NULL)
		return scs_err_set(err, SCS_EINVAL, "relatives",
		    "are set through their own route");
	*out_has_rel = true;
	return scs_codec_relatives_parse(v, rel, err);
}

json_t *
scs_codec_person_json(const struct scs_person *p,
    const struct scs_relatives *rel, bool kind)
{
	struct scs_record r;
	json_t *j;

	scs_record_init(&r, SCS_KIND_PERSON);
	r.u.person = *p;
	j = scs_codec_rec_json(&r, kind ? SCS_CODEC_KIND : 0);
	if (j != NULL && rel != NULL &&
	    json_object_set_new(j, "relatives",
	        scs_codec_relatives_json(rel)) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
scs_codec_instant_json(int64_t t)
{
	char s[SCS_TIME_STRMAX + 12];
	size_t n = scs_time_format(t, s);

	if (n == SCS_DATE_LEN) /* midnight: written as a bare date */
		(void)snprintf(s + n, sizeof(s) - n, "T00:00:00Z");
	return json_string(s);
}

json_t *
scs_codec_user_json(const struct scs_user *u)
{
	json_t *j = json_object();

	scs_codec_put(&j, "username", json_string(u->id));
	scs_codec_put(&j, "org", json_string(u->org));
	scs_codec_put(&j, "role", json_string(scs_role_name(u->role)));
	if (u->person[0] != '\0')
		scs_codec_put(&j, "person", json_string(u->person));
	scs_codec_put(&j, "disabled", json_boolean(u->disabled));
	scs_codec_put(&j, "service_account",
	    json_boolean(u->role == SCS_ROLE_RELYING));
	scs_codec_put(&j, "created", scs_codec_instant_json(u->created));
	if (u->role == SCS_ROLE_SUBJECT)
		scs_codec_put(&j, "activation_pending",
		    json_boolean(u->activation_hash[0] != '\0'));
	if (u->cert_fp[0] != '\0')
		scs_codec_put(&j, "cert_fingerprint", json_string(u->cert_fp));
	return j;
}

int
scs_codec_user_parse(const json_t *j, struct scs_user *out, char *pw,
    size_t pwsize, struct scs_err *err)
{
	static const char *const keys[] = {"username", "org", "role", "person",
	    "password", NULL};
	char role[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "username", out->id, sizeof(out->id), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "org", out->org, sizeof(out->org), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "role", role, sizeof(role), true, err)) !=
	        SCS_OK)
		return rc;
	rc = scs_codec_str(j, "person", out->person, sizeof(out->person), false,
	    err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	rc = scs_codec_str(j, "password", pw, pwsize, false, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if (scs_role_parse(role, &out->role) != 0)
		out->role = 0;
	return scs_user_validate(out, err);
}

/* A JSON string of stored text: valid whatever the bytes are. */
static json_t *
stored_string(const char *s)
{
	char fixed[3 * (SCS_PURPOSE_MAX + 1) + 1];

	if (scs_utf8_repair(fixed, sizeof(fixed), s))
		return json_string(s);
	return json_string(fixed);
}

json_t *
scs_codec_audit_json(const struct scs_audit_entry *e)
{
	char state[65], at[SCS_TIME_STRMAX];
	json_t *j = json_object();

	if (j == NULL)
		return NULL;
	scs_hex(state, e->state, 32);
	(void)scs_time_format_us(e->time_us, at);
	if (json_object_set_new(j, "seq", json_integer((json_int_t)e->seq)) !=
	        0 ||
	    json_object_set_new(j, "time", json_string(at)) != 0 ||
	    json_object_set_new(j, "time_us", json_integer(e->time_us)) != 0 ||
	    json_object_set_new(j, "actor", stored_string(e->actor)) != 0 ||
	    json_object_set_new(j, "action", stored_string(e->action)) != 0 ||
	    json_object_set_new(j, "kind", stored_string(e->kind)) != 0 ||
	    json_object_set_new(j, "object", stored_string(e->object)) != 0 ||
	    json_object_set_new(j, "purpose", stored_string(e->purpose)) != 0 ||
	    json_object_set_new(j, "state", json_string(state)) != 0) {
		json_decref(j);
		return NULL;
	}
	return j;
}

json_t *
scs_codec_decision_json(uint64_t seq, const char *actor, const char *subject,
    const char *item, int64_t at, enum scs_reason r)
{
	json_t *j = json_object();

	scs_codec_put(&j, "seq", json_integer((json_int_t)seq));
	scs_codec_put(&j, "at", scs_codec_instant_json(at));
	scs_codec_put(&j, "actor", stored_string(actor));
	scs_codec_put(&j, "subject", stored_string(subject));
	scs_codec_put(&j, "item", stored_string(item));
	scs_codec_put(&j, "allow", json_boolean(scs_reason_allows(r)));
	if (r != SCS_R_ALLOW)
		scs_codec_put(&j, "reason", json_string(scs_reason_name(r)));
	return j;
}
