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
#include "scs/time.h"

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

/* Whether field @f of @body is a member of the record's object under
 * @flags.  Both writers below ask this, so they leave out the same. */
static bool
shown(const struct scs_field *f, const void *body, unsigned flags)
{
	if (f->type == SCS_FT_SEALED && !(flags & SCS_CODEC_SEALED))
		return false;
	return !(f->omit_empty && empty(f, body));
}

/* The key of field @f: its name, or NAME_sealed for a sealed field
 * (written into @key of SCS_NAME_MAX bytes). */
static const char *
field_key(const struct scs_field *f, char *key)
{
	if (f->type != SCS_FT_SEALED)
		return f->name;
	(void)snprintf(key, SCS_NAME_MAX, "%s_sealed", f->name);
	return key;
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

		if (!shown(f, &r->u, flags))
			continue;
		if (json_object_set_new(o, field_key(f, key),
		        field_json(f, &r->u)) != 0)
			goto fail;
	}
	return o;
fail:
	json_decref(o);
	return NULL;
}

/*
 * ---- the same text without jansson: the state hash's writer ----
 *
 * scs_codec_rec_canon writes the bytes that scs_codec_dumps(
 * scs_codec_rec_json(r, flags), JSON_COMPACT) writes, from the same table,
 * the same shown() and field_key(), and a switch over the same field
 * types as field_json (a new type is a -Wswitch error in both).  Every
 * audit entry of a record holds a hash of that text, so it must never
 * change: tests/unit/codec/test_canon.c compares the two writers on
 * random records of every kind.  What jansson 2.14's dump.c writes under
 * JSON_COMPACT (and nothing else: scs_codec_dumps adds no flag):
 *
 *   object    '{' members in insertion order, ',' between, '}'; a member
 *             is its key (a string) ':' its value; no space anywhere.
 *             Jansson keeps insertion order since 2.8 (JSON_SORT_KEYS
 *             would sort; it is not given).
 *   array     '[' values, ',' between, ']'
 *   string    '"' the UTF-8 bytes '"'.  Escaped: '"' and '\\' as \" and
 *             \\; 0x08 0x0c 0x0a 0x0d 0x09 as \b \f \n \r \t; every other
 *             byte below 0x20 as \u00XX with upper-case hex digits.  As
 *             is: 0x7f, '/' (no JSON_ESCAPE_SLASH) and all of UTF-8 above
 *             ASCII (no JSON_ENSURE_ASCII).  A text that is not
 *             well-formed UTF-8 has no JSON form: json_string refuses it,
 *             the object is not made, and this writer says SCS_EINVAL.
 *   integer   "%lld" (JSON_INTEGER_FORMAT)
 *   others    true, false, null
 */

/* Append the JSON string of the NUL-terminated @s. */
static int
canon_str(struct scs_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t len = strlen(s), i, run = 0;
	char esc[6] = {'\\', 'u', '0', '0'};
	int bad;

	if (!scs_utf8_valid(s, len))
		return SCS_EINVAL;
	bad = scs_buf_add(b, "\"", 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		switch (c) {
		case '"':
		case '\\':
			esc[1] = (char)c;
			break;
		case '\b':
			esc[1] = 'b';
			break;
		case '\f':
			esc[1] = 'f';
			break;
		case '\n':
			esc[1] = 'n';
			break;
		case '\r':
			esc[1] = 'r';
			break;
		case '\t':
			esc[1] = 't';
			break;
		default:
			esc[1] = 'u';
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			n = 6;
			break;
		}
		bad |= scs_buf_add(b, s + run, i - run);
		bad |= scs_buf_add(b, esc, n);
		run = i + 1;
	}
	bad |= scs_buf_add(b, s + run, len - run);
	bad |= scs_buf_add(b, "\"", 1);
	return bad ? SCS_ENOMEM : SCS_OK;
}

/* Append @len bytes; a full buffer is out of memory too (the caller's
 * cap), as for scs_codec_answer. */
static int
put(struct scs_buf *b, const char *s, size_t len)
{
	return scs_buf_add(b, s, len) == SCS_OK ? SCS_OK : SCS_ENOMEM;
}

static int
canon_time(struct scs_buf *b, int64_t t)
{
	char buf[SCS_TIME_STRMAX];

	if (t == SCS_TIME_NEVER)
		return put(b, "null", 4);
	(void)scs_time_format(t, buf);
	return canon_str(b, buf);
}

static int
canon_list(struct scs_buf *b, const char *slots, size_t slotsize, size_t n)
{
	size_t i;
	int rc = put(b, "[", 1);

	for (i = 0; i < n && rc == SCS_OK; i++)
		if ((rc = i > 0 ? put(b, ",", 1) : SCS_OK) == SCS_OK)
			rc = canon_str(b, slots + i * slotsize);
	return rc == SCS_OK ? put(b, "]", 1) : rc;
}

/* Lower-case hex needs no escape: the digits go straight in, a piece at
 * a time, with no copy of the whole value. */
static int
canon_sealed(struct scs_buf *b, const struct scs_blob *v)
{
	char hex[2 * 64 + 1];
	size_t i, n;
	int rc = put(b, "\"", 1);

	for (i = 0; i < v->len && rc == SCS_OK; i += n) {
		n = v->len - i < 64 ? v->len - i : 64;
		scs_hex(hex, v->p + i, n);
		rc = put(b, hex, 2 * n);
	}
	return rc == SCS_OK ? put(b, "\"", 1) : rc;
}

static int
canon_int(struct scs_buf *b, int64_t v)
{
	char num[32];
	int n =
	    snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, (json_int_t)v);

	if (n < 0 || (size_t)n >= sizeof(num))
		return SCS_EINVAL;
	return put(b, num, (size_t)n);
}

/* Append the JSON value of field @f of @body, as field_json makes it. */
static int
canon_field(struct scs_buf *b, const struct scs_field *f, const void *body)
{
	const void *p = SCS_FIELD_CPTR(body, f);
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		return canon_str(b, p);
	case SCS_FT_CODE:
		c = *(const int *)p;
		return canon_str(b, c >= 0 && c < f->ncodes ? f->codes[c] : "");
	case SCS_FT_TIME:
	case SCS_FT_UNTIL:
		return canon_time(b, *(const int64_t *)p);
	case SCS_FT_TIME_OPT:
		if (*(const bool *)((const char *)body + f->aux))
			return canon_time(b, *(const int64_t *)p);
		return put(b, "null", 4);
	case SCS_FT_LIST:
		return canon_list(b, p, f->size,
		    *(const size_t *)((const char *)body + f->aux));
	case SCS_FT_FLAG:
		return *(const bool *)p ? put(b, "true", 4)
		                        : put(b, "false", 5);
	case SCS_FT_SEALED:
		return canon_sealed(b, p);
	case SCS_FT_INT:
		return canon_int(b, *(const int64_t *)p);
	}
	return SCS_EINVAL;
}

/* Append a member's key and ':', after a ',' unless it is the first. */
static int
canon_key(struct scs_buf *b, bool first, const char *key)
{
	int rc = first ? SCS_OK : put(b, ",", 1);

	if (rc == SCS_OK)
		rc = canon_str(b, key);
	return rc == SCS_OK ? put(b, ":", 1) : rc;
}

int
scs_codec_rec_canon(struct scs_buf *out, const struct scs_record *r,
    unsigned flags)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	char key[SCS_NAME_MAX];
	size_t i, len0 = out->len, n = 0;
	int rc = d == NULL ? SCS_EINVAL : put(out, "{", 1);

	if (rc == SCS_OK && (flags & SCS_CODEC_KIND)) {
		if ((rc = canon_key(out, true, "kind")) == SCS_OK)
			rc = canon_str(out, d->name);
		n++;
	}
	for (i = 0; rc == SCS_OK && i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];

		if (!shown(f, &r->u, flags))
			continue;
		if ((rc = canon_key(out, n++ == 0, field_key(f, key))) ==
		    SCS_OK)
			rc = canon_field(out, f, &r->u);
	}
	if (rc == SCS_OK && (rc = put(out, "}", 1)) == SCS_OK)
		return SCS_OK;
	out->len = len0; /* nothing half-written stays behind */
	if (out->p != NULL)
		out->p[len0] = '\0';
	return rc;
}
