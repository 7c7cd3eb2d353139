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

int
scs_codec_flag(const json_t *j, const char *key, bool *out, struct scs_err *err)
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
		return scs_codec_flag(j, f->name, p, err);
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

/* The writer's state: pieces gather in a stage on the stack and reach
 * the caller's buffer a stage at a time (most records in one append); the
 * first failure sticks, and the caller takes back what was appended. */
struct canon {
	struct scs_buf *out;
	int rc;
	size_t n;
	char stage[1024];
};

static void
canon_flush(struct canon *w)
{
	if (w->rc == SCS_OK && w->n > 0 &&
	    scs_buf_add(w->out, w->stage, w->n) != SCS_OK)
		w->rc = SCS_ENOMEM; /* a full buffer too (its cap) */
	w->n = 0;
}

static void
canon_put(struct canon *w, const void *p, size_t len)
{
	const char *from = p;
	size_t n;

	while (len > 0) {
		if (w->n == sizeof(w->stage))
			canon_flush(w);
		n = sizeof(w->stage) - w->n < len ? sizeof(w->stage) - w->n
		                                  : len;
		memcpy(w->stage + w->n, from, n);
		w->n += n;
		from += n;
		len -= n;
	}
}

static void
canon_fail(struct canon *w, int rc)
{
	if (w->rc == SCS_OK)
		w->rc = rc;
}

/* The JSON string of the NUL-terminated @s.  Bytes above 0x7f are checked
 * once, from the first of them on (what precedes is ASCII), by
 * scs_utf8_valid, whose rules are jansson's (RFC 3629: no overlong form,
 * no surrogate, nothing above U+10FFFF); a well-formed sequence holds no
 * byte below 0x80, so escaping stays a matter of single bytes. */
static void
canon_str(struct canon *w, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	char esc[6] = {'\\', 'u', '0', '0'};
	size_t i, run = 0, n;
	bool checked = false;

	canon_put(w, "\"", 1);
	for (i = 0; p[i] != '\0'; i++) {
		if (p[i] >= 0x80 && !checked) {
			if (!scs_utf8_valid(s + i, strlen(s + i))) {
				canon_fail(w, SCS_EINVAL);
				return;
			}
			checked = true;
		}
		if (p[i] >= 0x20 && p[i] != '"' && p[i] != '\\')
			continue;
		n = 2;
		switch (p[i]) {
		case '"':
		case '\\':
			esc[1] = (char)p[i];
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
			esc[4] = hex[p[i] >> 4];
			esc[5] = hex[p[i] & 0xf];
			n = 6;
			break;
		}
		canon_put(w, s + run, i - run);
		canon_put(w, esc, n);
		run = i + 1;
	}
	canon_put(w, s + run, i - run);
	canon_put(w, "\"", 1);
}

static void
canon_time(struct canon *w, int64_t t)
{
	char buf[SCS_TIME_STRMAX];

	if (t == SCS_TIME_NEVER) {
		canon_put(w, "null", 4);
		return;
	}
	(void)scs_time_format(t, buf);
	canon_str(w, buf);
}

static void
canon_list(struct canon *w, const char *slots, size_t slotsize, size_t n)
{
	size_t i;

	canon_put(w, "[", 1);
	for (i = 0; i < n; i++) {
		if (i > 0)
			canon_put(w, ",", 1);
		canon_str(w, slots + i * slotsize);
	}
	canon_put(w, "]", 1);
}

/* Lower-case hex needs no escape: the digits go straight in, a piece at
 * a time, with no copy of the whole value. */
static void
canon_sealed(struct canon *w, const struct scs_blob *v)
{
	char hex[2 * 64 + 1];
	size_t i, n;

	canon_put(w, "\"", 1);
	for (i = 0; i < v->len; i += n) {
		n = v->len - i < 64 ? v->len - i : 64;
		scs_hex(hex, v->p + i, n);
		canon_put(w, hex, 2 * n);
	}
	canon_put(w, "\"", 1);
}

static void
canon_int(struct canon *w, int64_t v)
{
	char num[32];
	int n =
	    snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, (json_int_t)v);

	if (n < 0 || (size_t)n >= sizeof(num))
		canon_fail(w, SCS_EINVAL);
	else
		canon_put(w, num, (size_t)n);
}

/* The JSON value of field @f of @body, as field_json makes it. */
static void
canon_field(struct canon *w, const struct scs_field *f, const void *body)
{
	const void *p = SCS_FIELD_CPTR(body, f);
	int c;

	switch (f->type) {
	case SCS_FT_TEXT:
	case SCS_FT_TEXT_OPT:
		canon_str(w, p);
		return;
	case SCS_FT_CODE:
		c = *(const int *)p;
		canon_str(w, c >= 0 && c < f->ncodes ? f->codes[c] : "");
		return;
	case SCS_FT_TIME:
	case SCS_FT_UNTIL:
		canon_time(w, *(const int64_t *)p);
		return;
	case SCS_FT_TIME_OPT:
		if (*(const bool *)((const char *)body + f->aux))
			canon_time(w, *(const int64_t *)p);
		else
			canon_put(w, "null", 4);
		return;
	case SCS_FT_LIST:
		canon_list(w, p, f->size,
		    *(const size_t *)((const char *)body + f->aux));
		return;
	case SCS_FT_FLAG:
		if (*(const bool *)p)
			canon_put(w, "true", 4);
		else
			canon_put(w, "false", 5);
		return;
	case SCS_FT_SEALED:
		canon_sealed(w, p);
		return;
	case SCS_FT_INT:
		canon_int(w, *(const int64_t *)p);
		return;
	}
	canon_fail(w, SCS_EINVAL);
}

int
scs_codec_rec_canon(struct scs_buf *out, const struct scs_record *r,
    unsigned flags)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	char key[SCS_NAME_MAX];
	struct canon w;
	size_t i, len0 = out->len;
	bool first = true;

	if (d == NULL)
		return SCS_EINVAL;
	w.out = out;
	w.rc = SCS_OK;
	w.n = 0;
	canon_put(&w, "{", 1);
	if (flags & SCS_CODEC_KIND) {
		canon_str(&w, "kind");
		canon_put(&w, ":", 1);
		canon_str(&w, d->name);
		first = false;
	}
	for (i = 0; i < d->nfields && w.rc == SCS_OK; i++) {
		const struct scs_field *f = &d->fields[i];

		if (!shown(f, &r->u, flags))
			continue;
		if (!first)
			canon_put(&w, ",", 1);
		canon_str(&w, field_key(f, key));
		canon_put(&w, ":", 1);
		canon_field(&w, f, &r->u);
		first = false;
	}
	canon_put(&w, "}", 1);
	canon_flush(&w);
	if (w.rc != SCS_OK) { /* nothing half-written stays behind */
		out->len = len0;
		if (out->p != NULL)
			out->p[len0] = '\0';
	}
	return w.rc;
}
