/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.c - the JSON form of a record of any kind, from the kind table
 * (include/scs/record.h): one parser and one writer for every kind.
 * Parsing is strict (an unknown key, a wrong type, an over-long string is
 * an error naming the field), then the kind's core rules run.  Keys come
 * out in the table's order, so exports and state hashes are byte-stable.
 */
#include <stdio.h>
#include <stdlib.h>
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

/* An array of strings into fixed slots. */
static int
str_list(const json_t *j, const struct scs_field *f, char *slots, size_t *out_n,
    struct scs_err *err)
{
	const json_t *a = json_object_get(j, f->name), *v;
	char field[64];
	size_t i;

	*out_n = 0;
	if (a == NULL || json_is_null(a))
		return SCS_OK;
	if (!json_is_array(a))
		return scs_err_set(err, SCS_EINVAL, f->name,
		    "must be an array of strings");
	if (json_array_size(a) > f->max)
		return scs_err_set(err, SCS_EINVAL, f->name,
		    "must hold at most %zu entries", f->max);
	json_array_foreach(a, i, v)
	{
		if (snprintf(field, sizeof(field), "%s[%zu]", f->name, i) < 0)
			field[0] = '\0';
		if (!json_is_string(v) ||
		    strlen(json_string_value(v)) != json_string_length(v) ||
		    !scs_strlcpy(slots + i * f->size, json_string_value(v),
		        f->size))
			return scs_err_set(err, SCS_EINVAL, field,
			    "must be a string of at most %zu bytes",
			    f->size - 1);
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

static int
integer(const json_t *j, const char *key, int64_t *out, struct scs_err *err)
{
	const json_t *v = json_object_get(j, key);

	*out = 0;
	if (v == NULL || json_is_null(v))
		return SCS_OK;
	if (!json_is_integer(v))
		return scs_err_set(err, SCS_EINVAL, key, "must be an integer");
	*out = (int64_t)json_integer_value(v);
	return SCS_OK;
}

static int
code(const json_t *j, const struct scs_field *f, int *out, struct scs_err *err)
{
	char s[48];
	int i, rc = scs_codec_str(j, f->name, s, sizeof(s), true, err);

	if (rc != SCS_OK)
		return rc;
	*out = f->ncodes; /* out of range: the core rule names the codes */
	for (i = 0; i < f->ncodes; i++)
		if (strcmp(f->codes[i], s) == 0)
			*out = i;
	return SCS_OK;
}

static int
parse_field(const json_t *j, const struct scs_field *f, void *body,
    struct scs_err *err)
{
	void *p = SCS_FIELD_PTR(body, f);
	int rc;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		rc = scs_codec_str(j, f->name, p, f->size,
		    f->type == SCS_FT_TEXT, err);
		return rc == SCS_ENOTFOUND ? SCS_OK : rc;
	case SCS_FT_CODE:
		return code(j, f, p, err);
	case SCS_FT_TIME:
		return scs_codec_time(j, f->name, true, 0, p, err);
	case SCS_FT_UNTIL:
		rc = scs_codec_time(j, f->name, false, SCS_TIME_NEVER, p, err);
		return rc == SCS_ENOTFOUND ? SCS_OK : rc;
	case SCS_FT_TIME_OPT:
		rc = scs_codec_time(j, f->name, false, 0, p, err);
		*(bool *)((char *)body + f->aux) = rc == SCS_OK;
		return rc == SCS_ENOTFOUND ? SCS_OK : rc;
	case SCS_FT_LIST:
		return str_list(j, f, p, (size_t *)((char *)body + f->aux),
		    err);
	case SCS_FT_FLAG:
		return flag(j, f->name, p, err);
	case SCS_FT_SEALED:
		return SCS_OK; /* plaintext: the caller's (flag ALLOW_SEALED) */
	case SCS_FT_INT:
		return integer(j, f->name, p, err);
	}
	return scs_err_set(err, SCS_EINTERNAL, f->name, "bad field type");
}

/* Refuse a key that is neither "kind" nor a field of @d.  The usual
 * case costs one lookup per field: the object holds no other key when it
 * has as many members as it has fields (and "kind"); only then is each key
 * looked at, to name the stranger. */
static int
only_fields(const json_t *j, const struct scs_kind_def *d, unsigned flags,
    struct scs_err *err)
{
	const struct scs_field *f;
	const char *key;
	json_t *v;
	size_t i, known = json_object_get(j, "kind") != NULL;

	if (!json_is_object(j))
		return scs_err_set(err, SCS_EINVAL, "",
		    "must be a JSON object");
	for (i = 0; i < d->nfields; i++)
		if ((d->fields[i].type != SCS_FT_SEALED ||
		        (flags & SCS_CODEC_ALLOW_SEALED)) &&
		    json_object_get(j, d->fields[i].name) != NULL)
			known++;
	if (known == json_object_size(j))
		return SCS_OK;
	json_object_foreach((json_t *)j, key, v)
	{
		if (strcmp(key, "kind") == 0)
			continue;
		f = scs_kind_field(d, key);
		if (f == NULL ||
		    (f->type == SCS_FT_SEALED &&
		        !(flags & SCS_CODEC_ALLOW_SEALED)))
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a field of this record");
	}
	return SCS_OK;
}

int
scs_codec_rec_parse(const struct scs_refdata *rd, const json_t *j,
    enum scs_kind kind, unsigned flags, struct scs_record *out,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(kind);
	size_t i;
	int rc;

	scs_record_init(out, kind);
	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "kind", "bad kind");
	if ((rc = only_fields(j, d, flags, err)) != SCS_OK ||
	    (rc = scs_codec_kind(j, d->name, err)) != SCS_OK)
		return rc;
	for (i = 0; i < d->nfields; i++)
		if ((rc = parse_field(j, &d->fields[i], &out->u, err)) !=
		    SCS_OK)
			return rc;
	return d->validate(rd, &out->u, err);
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

static json_t *
list_json(const char *slots, size_t slotsize, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a != NULL && i < n; i++)
		if (json_array_append_new(a,
		        json_string(slots + i * slotsize)) != 0) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *
sealed_json(const struct scs_blob *b)
{
	char *hex = malloc(2 * b->len + 1);
	json_t *v;

	if (hex == NULL)
		return NULL;
	scs_hex(hex, b->p, b->len);
	v = json_string(hex);
	free(hex);
	return v;
}

/* The JSON value of field @f of @body, or NULL when out of memory. */
static json_t *
field_json(const struct scs_field *f, const void *body)
{
	const void *p = SCS_FIELD_CPTR(body, f);
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		return json_string(p);
	case SCS_FT_CODE:
		c = *(const int *)p;
		return json_string(c >= 0 && c < f->ncodes ? f->codes[c] : "");
	case SCS_FT_TIME:
	case SCS_FT_UNTIL:
		return time_json(*(const int64_t *)p);
	case SCS_FT_TIME_OPT:
		return *(const bool *)((const char *)body + f->aux)
		    ? time_json(*(const int64_t *)p)
		    : json_null();
	case SCS_FT_LIST:
		return list_json(p, f->size,
		    *(const size_t *)((const char *)body + f->aux));
	case SCS_FT_FLAG:
		return json_boolean(*(const bool *)p);
	case SCS_FT_SEALED:
		return sealed_json(p);
	case SCS_FT_INT:
		return json_integer((json_int_t) * (const int64_t *)p);
	}
	return NULL;
}

/* Whether field @f of @body is empty: "" or a list of none. */
static bool
empty(const struct scs_field *f, const void *body)
{
	if (f->type == SCS_FT_LIST)
		return *(const size_t *)((const char *)body + f->aux) == 0;
	return *(const char *)SCS_FIELD_CPTR(body, f) == '\0';
}

json_t *
scs_codec_rec_json(const struct scs_record *r, unsigned flags)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	char key[SCS_NAME_MAX];
	json_t *o = json_object();
	size_t i;

	if (o == NULL || d == NULL)
		goto fail;
	if ((flags & SCS_CODEC_KIND) &&
	    json_object_set_new(o, "kind", json_string(d->name)) != 0)
		goto fail;
	for (i = 0; i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];

		if (f->type == SCS_FT_SEALED && !(flags & SCS_CODEC_SEALED))
			continue;
		if (f->omit_empty && empty(f, &r->u))
			continue;
		if (f->type == SCS_FT_SEALED)
			(void)snprintf(key, sizeof(key), "%s_sealed", f->name);
		if (json_object_set_new(o,
		        f->type == SCS_FT_SEALED ? key : f->name,
		        field_json(f, &r->u)) != 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}
