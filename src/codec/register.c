/* SPDX-License-Identifier: Apache-2.0 */
/*
 * register.c - JSON forms of approvals, clearances, compartments,
 * programs, briefings, memberships, suspensions and items (DESIGN.md
 * section 11).  Shape checks here, validity in core (register.c).
 */
#include <stdio.h>
#include <string.h>

#include "scs/codec.h"

int
scs_codec_time(const json_t *j, const char *key, bool required, int64_t dflt,
    int64_t *out, struct scs_err *err)
{
	const json_t *v = json_object_get(j, key);

	*out = dflt;
	if (v == NULL || json_is_null(v)) {
		if (required)
			return scs_err_set(err, SCS_EINVAL, key, "is required");
		return SCS_ENOTFOUND;
	}
	if (!json_is_string(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be a date YYYY-MM-DD or an RFC 3339 time string");
	return scs_time_parse(json_string_value(v), json_string_length(v), key,
	    out, err);
}

static int
opt(int rc)
{
	return rc == SCS_ENOTFOUND ? SCS_OK : rc;
}

/* valid_from (required) and valid_until (null or missing: never). */
static int
period(const json_t *j, int64_t *from, int64_t *until, struct scs_err *err)
{
	int rc = scs_codec_time(j, "valid_from", true, 0, from, err);

	if (rc != SCS_OK)
		return rc;
	return opt(scs_codec_time(j, "valid_until", false, SCS_TIME_NEVER,
	    until, err));
}

static json_t *
time_json(int64_t t)
{
	char buf[SCS_TIME_STRMAX];

	if (t == SCS_TIME_NEVER)
		return json_null();
	(void)scs_time_format(t, buf);
	return json_string(buf);
}

static void
put_period(json_t *o, int64_t from, int64_t until)
{
	(void)json_object_set_new(o, "valid_from", time_json(from));
	(void)json_object_set_new(o, "valid_until", time_json(until));
}

static json_t *
start(const char *kindname, bool kind)
{
	json_t *o = json_object();

	if (o != NULL && kind)
		(void)json_object_set_new(o, "kind", json_string(kindname));
	return o;
}

int
scs_codec_conforming_parse(const struct scs_refdata *rd, const json_t *j,
    struct scs_conforming *out, struct scs_err *err)
{
	static const char *const keys[] = {"kind", "org", "authority", "level",
	    "valid_from", "valid_until", NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "conforming", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "org", out->org, sizeof(out->org), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "authority", out->authority,
	         sizeof(out->authority), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "level", out->level, sizeof(out->level),
	         true, err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK)
		return rc;
	return scs_conforming_validate(rd, out, err);
}

json_t *
scs_codec_conforming_json(const struct scs_conforming *c, bool kind)
{
	json_t *o = start("conforming", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "org", json_string(c->org));
	(void)json_object_set_new(o, "authority", json_string(c->authority));
	(void)json_object_set_new(o, "level", json_string(c->level));
	put_period(o, c->valid_from, c->valid_until);
	return o;
}

int
scs_codec_clearance_parse(const struct scs_refdata *rd, const json_t *j,
    struct scs_clearance *out, struct scs_err *err)
{
	static const char *const keys[] = {"kind", "person", "authority",
	    "level", "status", "valid_from", "valid_until", NULL};
	char status[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "clearance", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "person", out->person, sizeof(out->person),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "authority", out->authority,
	         sizeof(out->authority), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "level", out->level, sizeof(out->level),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "status", status, sizeof(status), true,
	         err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK)
		return rc;
	if (scs_clearance_status_parse(status, &out->status) != 0)
		out->status = SCS_CLR_N;
	return scs_clearance_validate(rd, out, err);
}

json_t *
scs_codec_clearance_json(const struct scs_clearance *c, bool kind)
{
	json_t *o = start("clearance", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "person", json_string(c->person));
	(void)json_object_set_new(o, "authority", json_string(c->authority));
	(void)json_object_set_new(o, "level", json_string(c->level));
	(void)json_object_set_new(o, "status",
	    json_string(scs_clearance_status_name(c->status)));
	put_period(o, c->valid_from, c->valid_until);
	return o;
}

int
scs_codec_label_parse(const char *kindname, const json_t *j,
    struct scs_label *out, struct scs_err *err)
{
	static const char *const keys[] = {"kind", "id", "name", "owner", NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, kindname, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "id", out->id, sizeof(out->id), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "name", out->name, sizeof(out->name), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "owner", out->owner, sizeof(out->owner),
	         true, err)) != SCS_OK)
		return rc;
	return scs_label_validate(out, err);
}

json_t *
scs_codec_label_json(const char *kindname, const struct scs_label *l, bool kind)
{
	json_t *o = start(kindname, kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "id", json_string(l->id));
	(void)json_object_set_new(o, "name", json_string(l->name));
	(void)json_object_set_new(o, "owner", json_string(l->owner));
	return o;
}

int
scs_codec_briefing_parse(const json_t *j, struct scs_briefing *out,
    struct scs_err *err)
{
	static const char *const keys[] = {"kind", "person", "compartment",
	    "nda_signed", "valid_from", "valid_until", NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "briefing", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "person", out->person, sizeof(out->person),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "compartment", out->compartment,
	         sizeof(out->compartment), true, err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK)
		return rc;
	rc = scs_codec_time(j, "nda_signed", false, 0, &out->nda_signed, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	out->has_nda = rc == SCS_OK;
	return scs_briefing_validate(out, err);
}

json_t *
scs_codec_briefing_json(const struct scs_briefing *b, bool kind)
{
	json_t *o = start("briefing", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "person", json_string(b->person));
	(void)json_object_set_new(o, "compartment",
	    json_string(b->compartment));
	(void)json_object_set_new(o, "nda_signed",
	    b->has_nda ? time_json(b->nda_signed) : json_null());
	put_period(o, b->valid_from, b->valid_until);
	return o;
}

int
scs_codec_membership_parse(const json_t *j, struct scs_membership *out,
    struct scs_err *err)
{
	static const char *const keys[] = {"kind", "program", "person",
	    "valid_from", "valid_until", NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "membership", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "program", out->program,
	         sizeof(out->program), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "person", out->person, sizeof(out->person),
	         true, err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK)
		return rc;
	return scs_membership_validate(out, err);
}

json_t *
scs_codec_membership_json(const struct scs_membership *m, bool kind)
{
	json_t *o = start("membership", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "program", json_string(m->program));
	(void)json_object_set_new(o, "person", json_string(m->person));
	put_period(o, m->valid_from, m->valid_until);
	return o;
}

int
scs_codec_suspension_parse(const json_t *j, struct scs_suspension *out,
    struct scs_err *err)
{
	static const char *const keys[] = {"kind", "person", "valid_from",
	    "valid_until", "reason", NULL};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "suspension", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "person", out->person, sizeof(out->person),
	         true, err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK ||
	    (rc = opt(scs_codec_str(j, "reason", out->reason,
	         sizeof(out->reason), false, err))) != SCS_OK)
		return rc;
	return scs_suspension_validate(out, err);
}

json_t *
scs_codec_suspension_json(const struct scs_suspension *s, bool kind)
{
	json_t *o = start("suspension", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "person", json_string(s->person));
	put_period(o, s->valid_from, s->valid_until);
	(void)json_object_set_new(o, "reason", json_string(s->reason));
	return o;
}

/* An array of strings into fixed slots. */
static int
str_list(const json_t *j, const char *key, char *slots, size_t slotsize,
    size_t *out_n, struct scs_err *err)
{
	const json_t *a = json_object_get(j, key), *v;
	char field[64];
	size_t i;

	*out_n = 0;
	if (a == NULL || json_is_null(a))
		return SCS_OK;
	if (!json_is_array(a))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be an array of strings");
	if (json_array_size(a) > SCS_LIST_MAX)
		return scs_err_set(err, SCS_EINVAL, key,
		    "must hold at most %d entries", SCS_LIST_MAX);
	json_array_foreach(a, i, v)
	{
		if (snprintf(field, sizeof(field), "%s[%zu]", key, i) < 0)
			field[0] = '\0';
		if (!json_is_string(v) ||
		    !scs_strlcpy(slots + i * slotsize, json_string_value(v),
		        slotsize))
			return scs_err_set(err, SCS_EINVAL, field,
			    "must be a string of at most %zu bytes",
			    slotsize - 1);
		(*out_n)++;
	}
	return SCS_OK;
}

static int
flag(const json_t *j, const char *key, bool *out, struct scs_err *err)
{
	const json_t *v = json_object_get(j, key);

	*out = false;
	if (v == NULL || json_is_null(v))
		return SCS_OK;
	if (!json_is_boolean(v))
		return scs_err_set(err, SCS_EINVAL, key,
		    "must be true or false");
	*out = json_is_true(v);
	return SCS_OK;
}

int
scs_codec_item_parse(const struct scs_refdata *rd, const json_t *j,
    struct scs_item *out, struct scs_err *err)
{
	static const char *const keys[] = {"kind", "id", "title", "owner",
	    "field", "authority", "level", "compartments", "releasable_to",
	    "programs", "valid_from", "valid_until", "declassified",
	    "cabinet_approval", "exception", NULL};
	char field[32];
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = scs_codec_only(j, keys, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, "item", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "id", out->id, sizeof(out->id), true,
	         err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "title", out->title, sizeof(out->title),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "owner", out->owner, sizeof(out->owner),
	         true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "field", field, sizeof(field), true, err)) !=
	        SCS_OK ||
	    (rc = scs_codec_str(j, "authority", out->authority,
	         sizeof(out->authority), true, err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "level", out->level, sizeof(out->level),
	         true, err)) != SCS_OK ||
	    (rc = str_list(j, "compartments", &out->compartments[0][0],
	         sizeof(out->compartments[0]), &out->ncompartments, err)) !=
	        SCS_OK ||
	    (rc = str_list(j, "releasable_to", &out->releasable_to[0][0],
	         sizeof(out->releasable_to[0]), &out->nreleasable_to, err)) !=
	        SCS_OK ||
	    (rc = str_list(j, "programs", &out->programs[0][0],
	         sizeof(out->programs[0]), &out->nprograms, err)) != SCS_OK ||
	    (rc = period(j, &out->valid_from, &out->valid_until, err)) !=
	        SCS_OK ||
	    (rc = flag(j, "cabinet_approval", &out->cabinet_approval, err)) !=
	        SCS_OK ||
	    (rc = flag(j, "exception", &out->exception, err)) != SCS_OK)
		return rc;
	if (scs_item_field_parse(field, &out->field) != 0)
		out->field = SCS_FIELD_N;
	rc = scs_codec_time(j, "declassified", false, 0, &out->declassified_at,
	    err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	out->declassified = rc == SCS_OK;
	return scs_item_validate(rd, out, err);
}

static json_t *
list_json(const char *slots, size_t slotsize, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		(void)json_array_append_new(a,
		    json_string(slots + i * slotsize));
	return a;
}

json_t *
scs_codec_item_json(const struct scs_item *it, bool kind)
{
	json_t *o = start("item", kind);

	if (o == NULL)
		return NULL;
	(void)json_object_set_new(o, "id", json_string(it->id));
	(void)json_object_set_new(o, "title", json_string(it->title));
	(void)json_object_set_new(o, "owner", json_string(it->owner));
	(void)json_object_set_new(o, "field",
	    json_string(scs_item_field_name(it->field)));
	(void)json_object_set_new(o, "authority", json_string(it->authority));
	(void)json_object_set_new(o, "level", json_string(it->level));
	(void)json_object_set_new(o, "compartments",
	    list_json(&it->compartments[0][0], sizeof(it->compartments[0]),
	        it->ncompartments));
	(void)json_object_set_new(o, "releasable_to",
	    list_json(&it->releasable_to[0][0], sizeof(it->releasable_to[0]),
	        it->nreleasable_to));
	(void)json_object_set_new(o, "programs",
	    list_json(&it->programs[0][0], sizeof(it->programs[0]),
	        it->nprograms));
	put_period(o, it->valid_from, it->valid_until);
	(void)json_object_set_new(o, "declassified",
	    it->declassified ? time_json(it->declassified_at) : json_null());
	(void)json_object_set_new(o, "cabinet_approval",
	    json_boolean(it->cabinet_approval));
	(void)json_object_set_new(o, "exception", json_boolean(it->exception));
	return o;
}
