/* SPDX-License-Identifier: Apache-2.0 */
/*
 * questionnaire.c - questionnaire schemas and the validator of answers
 * (docs/questionnaire.md).  Part of core: text in, a checked schema out;
 * jansson trees in, findings out.  No I/O, no clock: the present comes in
 * struct scs_qctx.  Checking answers allocates nothing.
 *
 * A schema is a tree of field lists (a section's fields, a repeat's entry
 * fields, a yes/no question's details).  Parsing flattens it breadth first
 * into one table, each list a run of consecutive slots, so neither parsing
 * nor freeing recurses; answers are walked with an explicit stack whose
 * height the parser bounds (SCS_QDEPTH_MAX).  The walk never follows the
 * answers deeper than the schema goes, so an answer document cannot make
 * it recurse or loop.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/questionnaire.h"
#include "scs/refdata.h"
#include "scs/time.h"

#define ID_MAX       40   /* bytes of a section, field, item or option id */
#define LABEL_MAX    1000 /* bytes of one label in one language */
#define HELP_MAX     4000 /* bytes of one help text in one language */
#define TEXT_MAX     8000 /* the longest text field a schema may declare */
#define LIST_MAX     64   /* fields in one list */
#define OPTIONS_MAX  64   /* codes of one enum field */
#define ITEMS_MAX    32   /* assessment items */
#define SECTIONS_MAX 32
#define CODES_MAX    16 /* codes of one multiple country field */
#define VERSION_MAX  32
#define LOOKBACK_MAX 50
/* The largest amount of money: every integer up to it is exact in an IEEE
 * double, so JavaScript clients read it unchanged. */
#define MONEY_MAX    999999999999999LL

enum qtype {
	Q_TEXT,
	Q_DATE,
	Q_RANGE,
	Q_YESNO,
	Q_ENUM,
	Q_COUNTRY,
	Q_MONEY,
	Q_REPEAT,
	Q_NTYPES
};

static const char *const qtype_names[Q_NTYPES] = {"text", "date", "date_range",
    "yesno", "enum", "country", "money", "repeat"};

/* The keys each type allows besides the common ones, NULL-terminated. */
static const char *const common_keys[] = {"id", "type", "label", "help",
    "required", "required_if", NULL};
static const char *const type_keys[Q_NTYPES][7] = {
    [Q_TEXT] = {"max", "multiline", "script", NULL},
    [Q_DATE] = {"within", "birth_date", NULL},
    [Q_RANGE] = {"within", NULL},
    [Q_YESNO] = {"adverse", "item", "details", NULL},
    [Q_ENUM] = {"options", NULL},
    [Q_COUNTRY] = {"multiple", "historic", "min", "max", NULL},
    [Q_MONEY] = {NULL},
    [Q_REPEAT] = {"fields", "min", "max", "covers_lookback", "from_age",
        "relatives", NULL},
};

/* One field of the flattened schema. */
struct qfield {
	const char *id;
	const json_t *j; /* the field's object in the schema */
	enum qtype type;
	int depth;     /* 1 for a section's own fields */
	long parent;   /* the slot whose list this is, or -1 (a section's) */
	size_t sect;   /* the section it belongs to */
	size_t pos;    /* its place in its list */
	bool required; /* answered at submission */
	long cond;     /* required_if: the sibling's slot, or -1 */
	const json_t *cond_eq; /* required_if.equals, or NULL */
	const json_t *cond_in; /* required_if.in, or NULL */
	size_t min, max;       /* text: max bytes; country, repeat: counts */
	bool multiline;        /* text: line feeds allowed */
	bool katakana;         /* text: katakana only */
	bool past;             /* date: any past date, not only since birth */
	bool birth;            /* date: the person's birth date */
	bool multiple;         /* country: a list of codes */
	bool historic;         /* country: withdrawn codes too */
	bool adverse;          /* yesno: yes reports something adverse */
	const char *item;      /* yesno: the assessment item */
	const json_t *options; /* enum: the option objects */
	size_t first, n;       /* details (yesno) or entry fields (repeat) */
	bool covers;           /* repeat: covers the look-back window */
	int from_age;          /* repeat: coverage starts at this age */
	long period;           /* repeat: the date_range slot that covers */
	bool relatives;        /* repeat: the relatives and cohabitants */
};

struct qsection {
	const char *id;
	const char *item; /* or NULL */
	size_t first, n;
};

struct scs_qschema {
	json_t *root;
	const char *authority;
	const char *version;
	bool generic;
	int lookback;
	const json_t *items; /* the item objects */
	struct qsection *sect;
	size_t nsect;
	struct qfield *f;
	size_t nf, fsize;
	const json_t *example;
	long relatives; /* the relatives field's slot, or -1 */
};

/* The seven assessment items the SDS and CESI Acts allow (DESIGN.md
 * section 3), and the sections a JPN schema may hold besides those that
 * serve one of them. */
static const char *const jpn_items[] = {"harmful_activities",
    "criminal_disciplinary", "information_handling", "drugs", "mental_health",
    "alcohol", "finances"};
static const char *const jpn_plain_sections[] = {"identity", "residence",
    "employment", "education"};

/* ISO 3166-3: alpha-3 codes withdrawn from ISO 3166-1, which a past
 * nationality may name (the Soviet Union, Yugoslavia...).  Sorted. */
static const char withdrawn[][4] = {"AFI", "ANT", "ATB", "ATN", "BUR", "BYS",
    "CSK", "CTE", "DDR", "DHY", "GEL", "HVO", "JTN", "MID", "NHB", "NTZ", "PCI",
    "PCZ", "PUS", "RHO", "SCG", "SKM", "SUN", "TMP", "VDR", "WAK", "YMD", "YUG",
    "ZAR"};

/* ---- small helpers ---- */

/* Drop a character that truncation cut in two, so that every string this
 * module hands out is well-formed UTF-8 (jansson refuses anything else). */
static void
utf8_trim(char *s)
{
	size_t len = strlen(s);

	while (len > 0 && !scs_utf8_valid(s, len))
		s[--len] = '\0';
}

static bool
in_list(const char *const *list, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* A lower-case identifier: [a-z][a-z0-9_]*, 1..ID_MAX bytes. */
static bool
ident(const char *s)
{
	size_t i, n = s != NULL ? strlen(s) : 0;

	if (n == 0 || n > ID_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

static int
cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The day number (days since 1970-01-01) of a valid "YYYY-MM-DD". */
static int64_t
day_of(const char *s)
{
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));

	return scs_days_from_civil(y, m, d);
}

static int64_t
floor_day(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

static void
format_day(int64_t day, char out[SCS_TIME_STRMAX])
{
	(void)scs_time_format(day * 86400, out);
}

/* ---- parsing the schema ---- */

/* Fill err and give SCS_EINVAL, as a constant the static analyzer can
 * follow (it does not look into variadic functions). */
#define BAD(err, field, ...)                                                   \
	((void)scs_err_set((err), SCS_EINVAL, (field), __VA_ARGS__), SCS_EINVAL)

static int
enomem(struct scs_err *err, const char *field)
{
	scs_err_set(err, SCS_ENOMEM, field, "out of memory");
	return SCS_ENOMEM;
}

/* printf into a schema path buffer; truncation only shortens a message. */
static void pathf(char *out, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
pathf(char *out, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)vsnprintf(out, size, fmt, ap);
	va_end(ap);
}

/* Refuse keys of @o outside @a and @b (NULL-terminated; @b may be NULL). */
static int
only_keys(const json_t *o, const char *const *a, const char *const *b,
    const char *where, struct scs_err *err)
{
	void *it;
	size_t i;

	for (it = json_object_iter((json_t *)o); it != NULL;
	     it = json_object_iter_next((json_t *)o, it)) {
		const char *key = json_object_iter_key(it);
		bool ok = false;

		for (i = 0; !ok && a[i] != NULL; i++)
			ok = strcmp(a[i], key) == 0;
		for (i = 0; !ok && b != NULL && b[i] != NULL; i++)
			ok = strcmp(b[i], key) == 0;
		if (!ok) {
			scs_err_set(err, SCS_EINVAL, where,
			    "unknown key \"%.60s\"", key);
			if (err != NULL)
				utf8_trim(err->reason);
			return SCS_EINVAL;
		}
	}
	return SCS_OK;
}

/* Fail with the field "WHERE.KEY". */
static int
fail_at(struct scs_err *err, const char *where, const char *key,
    const char *reason)
{
	scs_err_set(err, SCS_EINVAL, key, "%s", reason);
	scs_err_prefix(err, where);
	return SCS_EINVAL;
}

/* A {"ja": ..., "en": ...} label; absent is fine unless @required. */
static int
label(const json_t *o, const char *key, bool required, size_t max,
    const char *where, struct scs_err *err)
{
	static const char *const langs[] = {"ja", "en", NULL};
	const json_t *l = json_object_get(o, key);
	char field[SCS_ERR_FIELD_MAX];
	size_t i;

	if (l == NULL && !required)
		return SCS_OK;
	pathf(field, sizeof(field), "%s%s%s", where,
	    where[0] != '\0' ? "." : "", key);
	if (!json_is_object(l))
		return BAD(err, field,
		    "must be an object {\"ja\": ..., \"en\": ...}");
	if (only_keys(l, langs, NULL, field, err) != SCS_OK)
		return SCS_EINVAL;
	for (i = 0; langs[i] != NULL; i++) {
		const char *t = json_string_value(json_object_get(l, langs[i]));

		if (t == NULL)
			return fail_at(err, field, langs[i],
			    "must be a string: labels come in Japanese and "
			    "English");
		if (scs_valid_text(t, max, langs[i], err) != SCS_OK) {
			scs_err_prefix(err, field);
			return SCS_EINVAL;
		}
	}
	return SCS_OK;
}

static int
get_bool(const json_t *o, const char *key, bool *out, const char *where,
    struct scs_err *err)
{
	const json_t *v = json_object_get(o, key);

	*out = false;
	if (v == NULL)
		return SCS_OK;
	if (!json_is_boolean(v))
		return fail_at(err, where, key, "must be true or false");
	*out = json_is_true(v);
	return SCS_OK;
}

static int
get_int(const json_t *o, const char *key, long long lo, long long hi,
    long long dflt, long long *out, const char *where, struct scs_err *err)
{
	const json_t *v = json_object_get(o, key);

	*out = dflt;
	if (v == NULL)
		return SCS_OK;
	if (!json_is_integer(v) || json_integer_value(v) < lo ||
	    json_integer_value(v) > hi) {
		scs_err_set(err, SCS_EINVAL, key,
		    "must be a whole number from %lld to %lld", lo, hi);
		scs_err_prefix(err, where);
		return SCS_EINVAL;
	}
	*out = json_integer_value(v);
	return SCS_OK;
}

/* The schema path of slot @k: "sections[2].fields[0].details[1]". */
static void
slot_path(const struct scs_qschema *s, size_t k, char *out, size_t size)
{
	size_t chain[SCS_QDEPTH_MAX + 1], nc = 0, len;
	long i = (long)k;

	while (i >= 0 && nc < SCS_NELEM(chain)) {
		chain[nc++] = (size_t)i;
		i = s->f[i].parent;
	}
	pathf(out, size, "sections[%zu].fields[%zu]", s->f[chain[nc - 1]].sect,
	    s->f[chain[nc - 1]].pos);
	while (--nc > 0) {
		len = strlen(out);
		pathf(out + len, size - len, ".%s[%zu]",
		    s->f[chain[nc]].type == Q_REPEAT ? "fields" : "details",
		    s->f[chain[nc - 1]].pos);
	}
}

static long
item_index(const struct scs_qschema *s, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < json_array_size(s->items); i++)
		if (strcmp(json_string_value(
		               json_object_get(json_array_get(s->items, i),
		                   "code")),
		        code) == 0)
			return (long)i;
	return -1;
}

/* Append the fields of the JSON array @arr to the table as one list, for
 * parse_field to fill in later (breadth first).  @where names the array. */
static int
reserve(struct scs_qschema *s, const json_t *arr, long parent, size_t sect,
    int depth, const char *where, size_t *out_first, size_t *out_n,
    struct scs_err *err)
{
	size_t i, j, n = json_array_size(arr);
	char field[SCS_ERR_FIELD_MAX];

	if (!json_is_array(arr) || n == 0 || n > LIST_MAX)
		return BAD(err, where, "must be a list of 1 to %d fields",
		    LIST_MAX);
	if (depth > SCS_QDEPTH_MAX)
		return BAD(err, where,
		    "nests field lists deeper than %d levels", SCS_QDEPTH_MAX);
	if (s->nf + n > s->fsize) {
		size_t size = s->fsize != 0 ? s->fsize : 64;
		struct qfield *f;

		while (size < s->nf + n)
			size *= 2;
		if ((f = realloc(s->f, size * sizeof(*f))) == NULL)
			return enomem(err, where);
		s->f = f;
		s->fsize = size;
	}
	for (i = 0; i < n; i++) {
		struct qfield *f = &s->f[s->nf + i];
		const json_t *fj = json_array_get(arr, i);

		pathf(field, sizeof(field), "%s[%zu]", where, i);
		memset(f, 0, sizeof(*f));
		f->j = fj;
		f->parent = parent;
		f->sect = sect;
		f->pos = i;
		f->depth = depth;
		f->cond = -1;
		f->period = -1;
		if (!json_is_object(fj))
			return BAD(err, field, "must be an object");
		f->id = json_string_value(json_object_get(fj, "id"));
		if (!ident(f->id))
			return fail_at(err, field, "id",
			    "must be 1 to 40 of a-z, 0-9 and _, starting with "
			    "a letter");
		for (j = 0; j < i; j++)
			if (strcmp(s->f[s->nf + j].id, f->id) == 0)
				return fail_at(err, field, "id",
				    "repeats the id of an earlier field");
	}
	*out_first = s->nf;
	*out_n = n;
	s->nf += n;
	return SCS_OK;
}

static int
parse_required_if(struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	static const char *const keys[] = {"field", "equals", "in", NULL};
	const json_t *c = json_object_get(s->f[k].j, "required_if");
	const char *sib;
	size_t i, first = k - s->f[k].pos, n;
	char field[SCS_ERR_FIELD_MAX];

	if (c == NULL)
		return SCS_OK;
	pathf(field, sizeof(field), "%s.required_if", where);
	if (!json_is_object(c))
		return BAD(err, field,
		    "must be an object {\"field\", \"equals\"}");
	if (only_keys(c, keys, NULL, field, err) != SCS_OK)
		return SCS_EINVAL;
	if (s->f[k].required)
		return BAD(err, field, "is pointless on a required field");
	s->f[k].cond_eq = json_object_get(c, "equals");
	s->f[k].cond_in = json_object_get(c, "in");
	if ((s->f[k].cond_eq == NULL) == (s->f[k].cond_in == NULL))
		return BAD(err, field,
		    "must hold one of \"equals\" and \"in\"");
	if (s->f[k].cond_in != NULL &&
	    (!json_is_array(s->f[k].cond_in) ||
	        json_array_size(s->f[k].cond_in) == 0))
		return fail_at(err, field, "in", "must be a non-empty list");
	sib = json_string_value(json_object_get(c, "field"));
	/* The siblings are all reserved: a list is reserved whole. */
	n = s->f[k].parent < 0 ? s->sect[s->f[k].sect].n
	                       : s->f[s->f[k].parent].n;
	for (i = first; sib != NULL && i < first + n; i++)
		if (i != k && strcmp(s->f[i].id, sib) == 0) {
			s->f[k].cond = (long)i;
			return SCS_OK;
		}
	return fail_at(err, field, "field",
	    "must name another field of the same list");
}

static int
parse_text(struct qfield *f, const char *where, struct scs_err *err)
{
	const json_t *script = json_object_get(f->j, "script");
	long long max;

	if (json_object_get(f->j, "max") == NULL)
		return fail_at(err, where, "max",
		    "is required: the longest answer in bytes");
	if (get_int(f->j, "max", 1, TEXT_MAX, 0, &max, where, err) != SCS_OK ||
	    get_bool(f->j, "multiline", &f->multiline, where, err) != SCS_OK)
		return SCS_EINVAL;
	f->max = (size_t)max;
	if (script != NULL) {
		if (!json_is_string(script) ||
		    strcmp(json_string_value(script), "katakana") != 0)
			return fail_at(err, where, "script",
			    "must be \"katakana\"");
		f->katakana = true;
	}
	return SCS_OK;
}

static int
parse_within(struct qfield *f, const char *where, struct scs_err *err)
{
	const json_t *w = json_object_get(f->j, "within");
	const char *v = json_string_value(w);

	if (w == NULL)
		return SCS_OK;
	if (v == NULL || (strcmp(v, "life") != 0 && strcmp(v, "past") != 0))
		return fail_at(err, where, "within",
		    "must be \"life\" or \"past\"");
	f->past = strcmp(v, "past") == 0;
	return SCS_OK;
}

static int
parse_enum(struct qfield *f, const char *where, struct scs_err *err)
{
	static const char *const keys[] = {"code", "label", NULL};
	char field[SCS_ERR_FIELD_MAX];
	size_t i, j, n;

	f->options = json_object_get(f->j, "options");
	n = json_array_size(f->options);
	if (!json_is_array(f->options) || n == 0 || n > OPTIONS_MAX)
		return fail_at(err, where, "options",
		    "must be a list of 1 to 64 options");
	for (i = 0; i < n; i++) {
		const json_t *o = json_array_get(f->options, i);
		const char *code;

		pathf(field, sizeof(field), "%s.options[%zu]", where, i);
		if (!json_is_object(o))
			return BAD(err, field,
			    "must be an object {\"code\", \"label\"}");
		if (only_keys(o, keys, NULL, field, err) != SCS_OK ||
		    label(o, "label", true, LABEL_MAX, field, err) != SCS_OK)
			return SCS_EINVAL;
		code = json_string_value(json_object_get(o, "code"));
		if (!ident(code))
			return fail_at(err, field, "code",
			    "must be 1 to 40 of a-z, 0-9 and _, starting with "
			    "a letter");
		for (j = 0; j < i; j++)
			if (strcmp(json_string_value(json_object_get(
			               json_array_get(f->options, j), "code")),
			        code) == 0)
				return fail_at(err, field, "code",
				    "repeats an earlier option");
	}
	return SCS_OK;
}

static int
parse_country(struct qfield *f, const char *where, struct scs_err *err)
{
	long long min, max;

	if (get_bool(f->j, "multiple", &f->multiple, where, err) != SCS_OK ||
	    get_bool(f->j, "historic", &f->historic, where, err) != SCS_OK)
		return SCS_EINVAL;
	if (!f->multiple &&
	    (json_object_get(f->j, "min") != NULL ||
	        json_object_get(f->j, "max") != NULL))
		return BAD(err, where,
		    "\"min\" and \"max\" need \"multiple\": true");
	if (get_int(f->j, "min", 0, CODES_MAX, 0, &min, where, err) != SCS_OK ||
	    get_int(f->j, "max", 1, CODES_MAX, SCS_NAT_MAX, &max, where, err) !=
	        SCS_OK)
		return SCS_EINVAL;
	if (min > max)
		return fail_at(err, where, "min", "must not exceed \"max\"");
	f->min = (size_t)min;
	f->max = (size_t)max;
	return SCS_OK;
}

static int
parse_yesno(struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	struct qfield *f = &s->f[k];
	const json_t *details = json_object_get(f->j, "details");
	const json_t *item = json_object_get(f->j, "item");
	char field[SCS_ERR_FIELD_MAX];
	size_t first, n;
	int rc;

	if (get_bool(f->j, "adverse", &f->adverse, where, err) != SCS_OK)
		return SCS_EINVAL;
	if (item != NULL) {
		f->item = json_string_value(item);
		if (item_index(s, f->item) < 0)
			return fail_at(err, where, "item",
			    "must name one of the schema's items");
	}
	if (f->adverse && f->item == NULL)
		return fail_at(err, where, "item",
		    "is required on an adverse question: the assessment item "
		    "it reports on");
	if (details == NULL)
		return SCS_OK;
	pathf(field, sizeof(field), "%s.details", where);
	/* reserve() may move the table: f is not used after it. */
	if ((rc = reserve(s, details, (long)k, f->sect, f->depth + 1, field,
	         &first, &n, err)) != SCS_OK)
		return rc;
	s->f[k].first = first;
	s->f[k].n = n;
	return SCS_OK;
}

static int
parse_repeat(struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	struct qfield *f = &s->f[k];
	char field[SCS_ERR_FIELD_MAX];
	long long min, max, age;
	size_t first, n;
	int rc;

	if (json_object_get(f->j, "max") == NULL)
		return fail_at(err, where, "max",
		    "is required: the most entries a subject may give");
	if (get_int(f->j, "min", 0, SCS_QREPEAT_MAX, 0, &min, where, err) !=
	        SCS_OK ||
	    get_int(f->j, "max", 1, SCS_QREPEAT_MAX, 0, &max, where, err) !=
	        SCS_OK ||
	    get_int(f->j, "from_age", 0, 100, 0, &age, where, err) != SCS_OK ||
	    get_bool(f->j, "covers_lookback", &f->covers, where, err) !=
	        SCS_OK ||
	    get_bool(f->j, "relatives", &f->relatives, where, err) != SCS_OK)
		return SCS_EINVAL;
	if (min > max)
		return fail_at(err, where, "min", "must not exceed \"max\"");
	if (json_object_get(f->j, "from_age") != NULL && !f->covers)
		return fail_at(err, where, "from_age",
		    "needs \"covers_lookback\": true");
	f->min = (size_t)min;
	f->max = (size_t)max;
	f->from_age = (int)age;
	pathf(field, sizeof(field), "%s.fields", where);
	if ((rc = reserve(s, json_object_get(f->j, "fields"), (long)k, f->sect,
	         f->depth + 1, field, &first, &n, err)) != SCS_OK)
		return rc;
	s->f[k].first = first;
	s->f[k].n = n;
	return SCS_OK;
}

static int
parse_field(struct scs_qschema *s, size_t k, struct scs_err *err)
{
	struct qfield *f = &s->f[k];
	const char *type = json_string_value(json_object_get(f->j, "type"));
	char where[SCS_ERR_FIELD_MAX];
	size_t t;

	slot_path(s, k, where, sizeof(where));
	for (t = 0; type != NULL && t < Q_NTYPES; t++)
		if (strcmp(qtype_names[t], type) == 0)
			break;
	if (type == NULL || t == Q_NTYPES)
		return fail_at(err, where, "type",
		    "must be one of text, date, date_range, yesno, enum, "
		    "country, money, repeat");
	f->type = (enum qtype)t;
	if (only_keys(f->j, common_keys, type_keys[t], where, err) != SCS_OK ||
	    label(f->j, "label", true, LABEL_MAX, where, err) != SCS_OK ||
	    label(f->j, "help", false, HELP_MAX, where, err) != SCS_OK ||
	    get_bool(f->j, "required", &f->required, where, err) != SCS_OK ||
	    parse_required_if(s, k, where, err) != SCS_OK)
		return SCS_EINVAL;
	switch (f->type) {
	case Q_TEXT:
		return parse_text(f, where, err);
	case Q_DATE:
		if (get_bool(f->j, "birth_date", &f->birth, where, err) !=
		    SCS_OK)
			return SCS_EINVAL;
		return parse_within(f, where, err);
	case Q_RANGE:
		return parse_within(f, where, err);
	case Q_YESNO:
		return parse_yesno(s, k, where, err);
	case Q_ENUM:
		return parse_enum(f, where, err);
	case Q_COUNTRY:
		return parse_country(f, where, err);
	case Q_REPEAT:
		return parse_repeat(s, k, where, err);
	case Q_MONEY:
	case Q_NTYPES:
		break;
	}
	return SCS_OK;
}

static bool
has_option(const struct qfield *f, const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < json_array_size(f->options); i++)
		if (strcmp(json_string_value(
		               json_object_get(json_array_get(f->options, i),
		                   "code")),
		        code) == 0)
			return true;
	return false;
}

/* Whether @v may stand for an answer to the yesno or enum field @sib. */
static bool
cond_value_ok(const struct qfield *sib, const json_t *v)
{
	if (sib->type == Q_YESNO)
		return json_is_boolean(v);
	return has_option(sib, json_string_value(v));
}

static int
check_cond(const struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	const struct qfield *f = &s->f[k], *sib;
	size_t i;

	if (f->cond < 0)
		return SCS_OK;
	sib = &s->f[f->cond];
	if (sib->type != Q_YESNO && sib->type != Q_ENUM)
		return fail_at(err, where, "required_if.field",
		    "must name a yesno or enum field");
	if (f->cond_eq != NULL && !cond_value_ok(sib, f->cond_eq))
		return fail_at(err, where, "required_if.equals",
		    "must be an answer the named field can take (true or "
		    "false; one of its codes)");
	for (i = 0; i < json_array_size(f->cond_in); i++)
		if (!cond_value_ok(sib, json_array_get(f->cond_in, i)))
			return fail_at(err, where, "required_if.in",
			    "must hold answers the named field can take");
	return SCS_OK;
}

static int
check_covers(struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	struct qfield *f = &s->f[k];
	size_t i;

	if (!f->covers)
		return SCS_OK;
	for (i = f->first; i < f->first + f->n; i++) {
		if (s->f[i].type != Q_RANGE)
			continue;
		if (f->period >= 0 || !s->f[i].required)
			break;
		f->period = (long)i;
	}
	if (f->period < 0 || i < f->first + f->n)
		return fail_at(err, where, "covers_lookback",
		    "needs exactly one date_range among the entry fields, "
		    "and it required");
	return SCS_OK;
}

/* The shape scs_qschema_relatives needs: struct scs_relative field by
 * field, each required, within the register's limits. */
static int
check_relatives(struct scs_qschema *s, size_t k, const char *where,
    struct scs_err *err)
{
	static const struct {
		const char *id;
		enum qtype type;
		size_t max;
	} want[] = {
	    {"relation", Q_ENUM, 0},
	    {"name", Q_TEXT, SCS_NAME_MAX},
	    {"birth_date", Q_DATE, 0},
	    {"nationalities", Q_COUNTRY, SCS_NAT_MAX},
	    {"address", Q_TEXT, SCS_ADDRESS_MAX},
	    {"cohabitant", Q_YESNO, 0},
	};
	const struct qfield *f = &s->f[k], *c;
	enum scs_relation rel;
	size_t i, j;

	if (s->relatives >= 0 || f->depth != 1)
		return fail_at(err, where, "relatives",
		    "may be true on one field of a section's own fields only");
	if (f->max > SCS_RELATIVES_MAX || f->n != SCS_NELEM(want))
		return fail_at(err, where, "relatives",
		    "needs at most 64 entries of exactly relation, name, "
		    "birth_date, nationalities, address and cohabitant");
	for (i = 0; i < SCS_NELEM(want); i++) {
		for (j = 0, c = NULL; j < f->n && c == NULL; j++)
			if (strcmp(s->f[f->first + j].id, want[i].id) == 0)
				c = &s->f[f->first + j];
		if (c == NULL || c->type != want[i].type || !c->required ||
		    c->max > want[i].max || c->multiline || c->historic ||
		    c->n != 0 || (c->type == Q_COUNTRY && !c->multiple)) {
			scs_err_set(err, SCS_EINVAL, "relatives",
			    "needs a required %s field \"%s\" that fits the "
			    "register's relative record",
			    qtype_names[want[i].type], want[i].id);
			scs_err_prefix(err, where);
			return SCS_EINVAL;
		}
		for (j = 0;
		     c->type == Q_ENUM && j < json_array_size(c->options); j++)
			if (scs_relation_parse(
			        json_string_value(
			            json_object_get(json_array_get(c->options,
			                                j),
			                "code")),
			        &rel) != 0)
				return fail_at(err, where, "relatives",
				    "relation codes must be spouse, parent, "
				    "child, sibling, spouse_parent or other");
	}
	s->relatives = (long)k;
	return SCS_OK;
}

/* What needs every field parsed: conditions, coverage, relatives, the
 * birth date, and items that nothing serves. */
static int
check_fields(struct scs_qschema *s, struct scs_err *err)
{
	char where[SCS_ERR_FIELD_MAX];
	bool *used = NULL;
	long birth = -1;
	size_t k, i;
	int rc = SCS_OK;

	for (k = 0; rc == SCS_OK && k < s->nf; k++) {
		const struct qfield *f = &s->f[k];

		slot_path(s, k, where, sizeof(where));
		if ((rc = check_cond(s, k, where, err)) != SCS_OK ||
		    (rc = check_covers(s, k, where, err)) != SCS_OK ||
		    (f->relatives &&
		        (rc = check_relatives(s, k, where, err)) != SCS_OK))
			break;
		if (f->birth && (birth >= 0 || f->depth != 1))
			rc = fail_at(err, where, "birth_date",
			    "may be true on one field of a section's own "
			    "fields only");
		if (f->birth)
			birth = (long)k;
	}
	if (rc != SCS_OK)
		return rc;
	if ((used = calloc(json_array_size(s->items), sizeof(*used))) == NULL)
		return enomem(err, "items");
	for (i = 0; i < s->nsect; i++)
		if (s->sect[i].item != NULL)
			used[item_index(s, s->sect[i].item)] = true;
	for (k = 0; k < s->nf; k++)
		if (s->f[k].item != NULL)
			used[item_index(s, s->f[k].item)] = true;
	for (i = 0; rc == SCS_OK && i < json_array_size(s->items); i++)
		if (!used[i]) {
			pathf(where, sizeof(where), "items[%zu]", i);
			rc = BAD(err, where,
			    "no section or question serves this item");
		}
	free(used);
	return rc;
}

static int
parse_items(struct scs_qschema *s, struct scs_err *err)
{
	static const char *const keys[] = {"code", "label", NULL};
	char where[SCS_ERR_FIELD_MAX];
	size_t i, n;

	s->items = json_object_get(s->root, "items");
	n = json_array_size(s->items);
	if (!json_is_array(s->items) || n == 0 || n > ITEMS_MAX)
		return BAD(err, "items",
		    "must be a list of 1 to %d assessment items", ITEMS_MAX);
	for (i = 0; i < n; i++) {
		const json_t *o = json_array_get(s->items, i);
		const char *code =
		    json_string_value(json_object_get(o, "code"));

		pathf(where, sizeof(where), "items[%zu]", i);
		if (!json_is_object(o))
			return BAD(err, where,
			    "must be an object {\"code\", \"label\"}");
		if (only_keys(o, keys, NULL, where, err) != SCS_OK ||
		    label(o, "label", true, LABEL_MAX, where, err) != SCS_OK)
			return SCS_EINVAL;
		if (!ident(code))
			return fail_at(err, where, "code",
			    "must be 1 to 40 of a-z, 0-9 and _, starting with "
			    "a letter");
		if (item_index(s, code) != (long)i)
			return fail_at(err, where, "code",
			    "repeats an earlier item");
	}
	return SCS_OK;
}

static int
parse_section(struct scs_qschema *s, size_t i, const json_t *o,
    struct scs_err *err)
{
	static const char *const keys[] = {"id", "label", "help", "item",
	    "fields", NULL};
	char where[SCS_ERR_FIELD_MAX], field[SCS_ERR_FIELD_MAX];
	const json_t *item = json_object_get(o, "item");
	size_t j;

	pathf(where, sizeof(where), "sections[%zu]", i);
	if (!json_is_object(o))
		return BAD(err, where, "must be an object");
	if (only_keys(o, keys, NULL, where, err) != SCS_OK ||
	    label(o, "label", true, LABEL_MAX, where, err) != SCS_OK ||
	    label(o, "help", false, HELP_MAX, where, err) != SCS_OK)
		return SCS_EINVAL;
	s->sect[i].id = json_string_value(json_object_get(o, "id"));
	if (!ident(s->sect[i].id))
		return fail_at(err, where, "id",
		    "must be 1 to 40 of a-z, 0-9 and _, starting with a "
		    "letter");
	for (j = 0; j < i; j++)
		if (strcmp(s->sect[j].id, s->sect[i].id) == 0)
			return fail_at(err, where, "id",
			    "repeats the id of an earlier section");
	if (item != NULL) {
		s->sect[i].item = json_string_value(item);
		if (item_index(s, s->sect[i].item) < 0)
			return fail_at(err, where, "item",
			    "must name one of the schema's items");
	}
	pathf(field, sizeof(field), "%s.fields", where);
	return reserve(s, json_object_get(o, "fields"), -1, i, 1, field,
	    &s->sect[i].first, &s->sect[i].n, err);
}

/* A JPN schema asks about the seven lawful items and nothing else. */
static int
check_jpn(const struct scs_qschema *s, struct scs_err *err)
{
	size_t i;

	if (strncmp(s->authority, "JPN-", 4) != 0)
		return SCS_OK;
	if (json_array_size(s->items) != SCS_NELEM(jpn_items))
		return BAD(err, "items",
		    "a JPN schema holds exactly the seven lawful items");
	for (i = 0; i < SCS_NELEM(jpn_items); i++)
		if (item_index(s, jpn_items[i]) < 0)
			return BAD(err, "items",
			    "a JPN schema must hold the lawful item %s",
			    jpn_items[i]);
	for (i = 0; i < s->nsect; i++)
		if (s->sect[i].item == NULL &&
		    !in_list(jpn_plain_sections, SCS_NELEM(jpn_plain_sections),
		        s->sect[i].id)) {
			char where[32];

			pathf(where, sizeof(where), "sections[%zu]", i);
			return fail_at(err, where, "item",
			    "is required: a JPN section serves a lawful item "
			    "unless it is identity, residence, employment or "
			    "education");
		}
	return SCS_OK;
}

static int
parse_head(struct scs_qschema *s, struct scs_err *err)
{
	static const char *const keys[] = {"authority", "version", "generic",
	    "title", "lookback_years", "items", "sections", "example",
	    "example_context", NULL};
	long long lookback;
	size_t i, n;

	if (!json_is_object(s->root))
		return BAD(err, "", "a questionnaire schema is a JSON object");
	if (only_keys(s->root, keys, NULL, "", err) != SCS_OK ||
	    label(s->root, "title", true, LABEL_MAX, "", err) != SCS_OK ||
	    get_bool(s->root, "generic", &s->generic, "", err) != SCS_OK)
		return SCS_EINVAL;
	s->authority = json_string_value(json_object_get(s->root, "authority"));
	if (s->authority == NULL || strlen(s->authority) == 0 ||
	    strlen(s->authority) >= SCS_AUTH_CODE_MAX ||
	    strspn(s->authority,
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	        "-") != strlen(s->authority))
		return BAD(err, "authority",
		    "must be an authority code such as \"JPN-SDS\"");
	if (s->generic != (strcmp(s->authority, "generic") == 0))
		return BAD(err, "generic",
		    "is true exactly when the authority is \"generic\"");
	s->version = json_string_value(json_object_get(s->root, "version"));
	if (s->version == NULL || strlen(s->version) == 0 ||
	    strlen(s->version) > VERSION_MAX ||
	    strspn(s->version, "0123456789abcdefghijklmnopqrstuvwxyz.-") !=
	        strlen(s->version))
		return BAD(err, "version",
		    "must be 1 to 32 of a-z, 0-9, '.' and '-', such as "
		    "\"2026-1\"");
	if (json_object_get(s->root, "lookback_years") == NULL)
		return BAD(err, "lookback_years", "is required");
	if (get_int(s->root, "lookback_years", 1, LOOKBACK_MAX, 0, &lookback,
	        "", err) != SCS_OK)
		return SCS_EINVAL;
	s->lookback = (int)lookback;
	if (parse_items(s, err) != SCS_OK)
		return SCS_EINVAL;
	n = json_array_size(json_object_get(s->root, "sections"));
	if (!json_is_array(json_object_get(s->root, "sections")) || n == 0 ||
	    n > SECTIONS_MAX)
		return BAD(err, "sections",
		    "must be a list of 1 to %d sections", SECTIONS_MAX);
	if ((s->sect = calloc(n, sizeof(*s->sect))) == NULL)
		return enomem(err, "sections");
	s->nsect = n;
	for (i = 0; i < s->nsect; i++) {
		int rc = parse_section(s, i,
		    json_array_get(json_object_get(s->root, "sections"), i),
		    err);

		if (rc != SCS_OK)
			return rc;
	}
	return SCS_OK;
}

/* The example must pass the whole check under its own context, so that a
 * schema and its example never drift apart whatever the date. */
static int
check_example(struct scs_qschema *s, struct scs_err *err)
{
	static const char *const keys[] = {"birth_date", "now", NULL};
	const json_t *c = json_object_get(s->root, "example_context");
	const char *birth = json_string_value(json_object_get(c, "birth_date"));
	const char *now = json_string_value(json_object_get(c, "now"));
	struct scs_qctx ctx;

	s->example = json_object_get(s->root, "example");
	if (s->example == NULL)
		return BAD(err, "example",
		    "is required: a complete answer document that passes");
	if (!json_is_object(c))
		return BAD(err, "example_context",
		    "must be an object {\"birth_date\", \"now\"}");
	if (only_keys(c, keys, NULL, "example_context", err) != SCS_OK)
		return SCS_EINVAL;
	if (birth == NULL ||
	    scs_valid_date(birth, "birth_date", err) != SCS_OK) {
		scs_err_set(err, SCS_EINVAL, "example_context.birth_date",
		    "must be a date YYYY-MM-DD");
		return SCS_EINVAL;
	}
	ctx.birth_date = birth;
	if (now == NULL ||
	    scs_time_parse(now, strlen(now), "example_context.now", &ctx.now,
	        err) != SCS_OK)
		return BAD(err, "example_context.now",
		    "must be a date or an RFC 3339 time");
	if (scs_qschema_check(s, s->example, &ctx, NULL, err) != SCS_OK) {
		scs_err_prefix(err, "example");
		return SCS_EINVAL;
	}
	return SCS_OK;
}

int
scs_qschema_parse(const char *text, size_t len, struct scs_qschema **out,
    struct scs_err *err)
{
	struct scs_qschema *s;
	json_error_t jerr;
	size_t k;
	int rc;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return enomem(err, "");
	s->relatives = -1;
	s->root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (s->root == NULL) {
		/* jansson says "out of memory", except when its first
		 * allocation fails: then it says nothing at all. */
		rc = json_error_code(&jerr) == json_error_out_of_memory ||
		        jerr.text[0] == '\0'
		    ? enomem(err, "")
		    : BAD(err, "", "not valid JSON at line %d column %d: %s",
		          jerr.line, jerr.column, jerr.text);
		goto fail;
	}
	if ((rc = parse_head(s, err)) != SCS_OK)
		goto fail;
	/* Breadth first: parsing a field may append its children's list. */
	for (k = 0; k < s->nf; k++)
		if ((rc = parse_field(s, k, err)) != SCS_OK)
			goto fail;
	if ((rc = check_fields(s, err)) != SCS_OK ||
	    (rc = check_jpn(s, err)) != SCS_OK ||
	    (rc = check_example(s, err)) != SCS_OK)
		goto fail;
	*out = s;
	return SCS_OK;
fail:
	scs_qschema_free(s);
	return rc;
}

void
scs_qschema_free(struct scs_qschema *s)
{
	if (s == NULL)
		return;
	json_decref(s->root);
	free(s->sect);
	free(s->f);
	free(s);
}

const char *
scs_qschema_authority(const struct scs_qschema *s)
{
	return s->authority;
}

const char *
scs_qschema_version(const struct scs_qschema *s)
{
	return s->version;
}

bool
scs_qschema_generic(const struct scs_qschema *s)
{
	return s->generic;
}

int
scs_qschema_lookback_years(const struct scs_qschema *s)
{
	return s->lookback;
}

const json_t *
scs_qschema_json(const struct scs_qschema *s)
{
	return s->root;
}

const json_t *
scs_qschema_example(const struct scs_qschema *s)
{
	return s->example;
}

size_t
scs_qschema_nsections(const struct scs_qschema *s)
{
	return s->nsect;
}

const char *
scs_qschema_section_id(const struct scs_qschema *s, size_t i)
{
	return i < s->nsect ? s->sect[i].id : NULL;
}

int
scs_qschema_section_index(const struct scs_qschema *s, const char *id)
{
	size_t i;

	for (i = 0; id != NULL && i < s->nsect; i++)
		if (strcmp(s->sect[i].id, id) == 0)
			return (int)i;
	return -1;
}

size_t
scs_qschema_nitems(const struct scs_qschema *s)
{
	return json_array_size(s->items);
}

const char *
scs_qschema_item(const struct scs_qschema *s, size_t i)
{
	return json_string_value(
	    json_object_get(json_array_get(s->items, i), "code"));
}

bool
scs_qschema_has_item(const struct scs_qschema *s, const char *code)
{
	return item_index(s, code) >= 0;
}

/* ---- walking answers ---- */

enum mode {
	M_SAVE,   /* a partial save: shapes and values */
	M_SUBMIT, /* submission: and completeness */
	M_ADVERSE /* collect adverse yeses; report nothing */
};

struct walk {
	const struct scs_qschema *s;
	enum mode mode;
	const char *birth;  /* the person's birth date, or NULL */
	int64_t birth_day;  /* its day number, or INT64_MIN */
	int64_t now, today; /* the present, and its day number */
	const char *section;
	struct scs_qerrs *errs;
	struct scs_err *err;
	size_t found;
	char path[160];
	void (*cb)(void *arg, const char *item, const char *section,
	    const char *path);
	void *arg;
	size_t nadverse;
};

/* Record a finding at the current path followed by @sub (".from", "[2]"
 * or NULL). */
static void add_err(struct walk *w, const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add_err(struct walk *w, const char *sub, const char *fmt, ...)
{
	char path[sizeof(w->path)], reason[200];
	va_list ap;

	if (w->mode == M_ADVERSE)
		return;
	if (sub == NULL)
		sub = "";
	else if (w->path[0] == '\0' && sub[0] == '.')
		sub++;
	(void)snprintf(path, sizeof(path), "%s%s", w->path, sub);
	utf8_trim(path);
	va_start(ap, fmt);
	(void)vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	utf8_trim(reason);
	if (w->found++ == 0 && w->err != NULL) {
		char field[SCS_ERR_FIELD_MAX];

		(void)snprintf(field, sizeof(field), "%s%s%s", w->section,
		    w->section[0] != '\0' && path[0] != '\0' ? "." : "", path);
		utf8_trim(field);
		scs_err_set(w->err, SCS_EINVAL, field, "%s", reason);
	}
	if (w->errs != NULL && w->errs->n < SCS_QERR_MAX) {
		struct scs_qerr *e = &w->errs->e[w->errs->n++];

		(void)scs_strlcpy(e->section, w->section, sizeof(e->section));
		utf8_trim(e->section);
		(void)scs_strlcpy(e->path, path, sizeof(e->path));
		(void)scs_strlcpy(e->reason, reason, sizeof(e->reason));
	}
}

/* Extend the path by ".KEY" or "[I]"; returns the length to restore. */
static size_t
path_push(struct walk *w, const char *key, size_t i)
{
	size_t len = strlen(w->path);

	if (key != NULL)
		(void)snprintf(w->path + len, sizeof(w->path) - len, "%s%s",
		    len > 0 ? "." : "", key);
	else
		(void)snprintf(w->path + len, sizeof(w->path) - len, "[%zu]",
		    i);
	return len;
}

static const char *
str_of(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool
katakana_only(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		unsigned long cp;

		if (c < 0x80) {
			cp = c;
			i += 1;
		} else if ((c & 0xe0) == 0xc0 && i + 1 < len) {
			cp = (c & 0x1fUL) << 6 | (s[i + 1] & 0x3fUL);
			i += 2;
		} else if ((c & 0xf0) == 0xe0 && i + 2 < len) {
			cp = (c & 0x0fUL) << 12 | (s[i + 1] & 0x3fUL) << 6 |
			    (s[i + 2] & 0x3fUL);
			i += 3;
		} else {
			return false; /* four bytes: outside the BMP */
		}
		/* Letters ァ..ヺ, the middle dot, the long-vowel mark and the
		 * iteration marks; spaces between names. */
		if (!(cp == ' ' || cp == 0x3000 ||
		        (cp >= 0x30a1 && cp <= 0x30fe)))
			return false;
	}
	return true;
}

static void
check_text(struct walk *w, const struct qfield *f, const json_t *v)
{
	const char *s = str_of(v);
	struct scs_err e;
	size_t i, len;

	if (s == NULL) {
		add_err(w, NULL, "must be a string");
		return;
	}
	len = json_string_length(v);
	if (strlen(s) != len) {
		add_err(w, NULL, "must not hold NUL characters");
		return;
	}
	if (len == 0) {
		add_err(w, NULL,
		    "must not be empty (leave it out or send null)");
		return;
	}
	if (!f->multiline) {
		if (scs_valid_text(s, f->max, "", &e) != SCS_OK)
			add_err(w, NULL, "%s", e.reason);
		else if (f->katakana && !katakana_only(s, len))
			add_err(w, NULL, "must be written in katakana");
		return;
	}
	if (len > f->max) {
		add_err(w, NULL, "must be at most %zu bytes", f->max);
		return;
	}
	if (!scs_utf8_valid(s, len)) {
		add_err(w, NULL, "must be valid UTF-8");
		return;
	}
	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\n') ||
		    s[i] == 0x7f ||
		    ((unsigned char)s[i] == 0xc2 && i + 1 < len &&
		        (unsigned char)s[i + 1] <= 0x9f)) {
			add_err(w, NULL,
			    "must not hold control characters other than line "
			    "feeds");
			return;
		}
}

/* A date answer within its bounds: its day number, or INT64_MIN after
 * reporting what is wrong (at path + @sub). */
static int64_t
check_date(struct walk *w, const struct qfield *f, const json_t *v,
    const char *sub)
{
	const char *s = str_of(v);
	char when[SCS_TIME_STRMAX];
	struct scs_err e;
	int64_t day;

	if (s == NULL || scs_valid_date(s, "", &e) != SCS_OK) {
		add_err(w, sub, "%s",
		    s == NULL ? "must be a date YYYY-MM-DD" : e.reason);
		return INT64_MIN;
	}
	day = day_of(s);
	if (day > w->today) {
		format_day(w->today, when);
		add_err(w, sub, "is in the future (today is %s)", when);
		return INT64_MIN;
	}
	if (!f->past && w->birth != NULL && day < w->birth_day) {
		add_err(w, sub, "is before the birth date (%s)", w->birth);
		return INT64_MIN;
	}
	if (f->birth && w->birth != NULL && day != w->birth_day) {
		add_err(w, sub, "does not match the birth date on record (%s)",
		    w->birth);
		return INT64_MIN;
	}
	return day;
}

static void
check_range(struct walk *w, const struct qfield *f, const json_t *v)
{
	static const char *const keys[] = {"from", "to", NULL};
	const json_t *to = json_object_get(v, "to");
	int64_t a, b = INT64_MAX;
	const char *key;
	void *it;

	if (!json_is_object(v)) {
		add_err(w, NULL,
		    "must be an object {\"from\": date, \"to\": date or null}");
		return;
	}
	for (it = json_object_iter((json_t *)v); it != NULL;
	     it = json_object_iter_next((json_t *)v, it))
		if (!in_list(keys, 2, key = json_object_iter_key(it)))
			add_err(w, NULL, "unknown key \"%.60s\"", key);
	if (json_object_get(v, "from") == NULL ||
	    json_is_null(json_object_get(v, "from"))) {
		add_err(w, ".from", "is required");
		return;
	}
	a = check_date(w, f, json_object_get(v, "from"), ".from");
	if (to != NULL && !json_is_null(to))
		b = check_date(w, f, to, ".to");
	if (a != INT64_MIN && b != INT64_MIN && b != INT64_MAX && a > b)
		add_err(w, NULL, "starts (%s) after it ends (%s)",
		    json_string_value(json_object_get(v, "from")),
		    json_string_value(to));
}

static void
check_enum(struct walk *w, const struct qfield *f, const json_t *v)
{
	char codes[160];
	size_t i, len = 0;

	if (has_option(f, str_of(v)))
		return;
	codes[0] = '\0';
	for (i = 0; i < json_array_size(f->options) && len < sizeof(codes);
	     i++) {
		(void)snprintf(codes + len, sizeof(codes) - len, "%s%s",
		    i > 0 ? ", " : "",
		    json_string_value(
		        json_object_get(json_array_get(f->options, i),
		            "code")));
		len = strlen(codes);
	}
	add_err(w, NULL, "must be one of %s", codes);
}

static bool
country_ok(const struct qfield *f, const char *s)
{
	if (s == NULL)
		return false;
	if (scs_valid_country(s, "", NULL) == SCS_OK)
		return true;
	return f->historic && strlen(s) == 3 &&
	    bsearch(s, withdrawn, SCS_NELEM(withdrawn), sizeof(withdrawn[0]),
	        cmp_code) != NULL;
}

static void
check_country(struct walk *w, const struct qfield *f, const json_t *v)
{
	const char *what = f->historic
	    ? "must be an ISO 3166-1 alpha-3 country code such as \"JPN\", "
	      "or a withdrawn one such as \"SUN\""
	    : "must be an ISO 3166-1 alpha-3 country code such as \"JPN\"";
	char sub[24];
	size_t i, j, n = json_array_size(v);

	if (!f->multiple) {
		if (!country_ok(f, str_of(v)))
			add_err(w, NULL, "%s", what);
		return;
	}
	if (!json_is_array(v)) {
		add_err(w, NULL, "must be a list of country codes");
		return;
	}
	if (n > f->max)
		add_err(w, NULL, "must hold at most %zu codes", f->max);
	else if (w->mode == M_SUBMIT && n < f->min)
		add_err(w, NULL, "must hold at least %zu code%s", f->min,
		    f->min == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		const char *c = str_of(json_array_get(v, i));

		(void)snprintf(sub, sizeof(sub), "[%zu]", i);
		if (!country_ok(f, c)) {
			add_err(w, sub, "%s", what);
			continue;
		}
		for (j = 0; j < i; j++)
			if (json_equal(json_array_get(v, j),
			        json_array_get(v, i))) {
				add_err(w, sub, "repeats %s", c);
				break;
			}
	}
}

static void
check_money(struct walk *w, const json_t *v)
{
	static const char *const keys[] = {"amount", "currency", NULL};
	const json_t *amount = json_object_get(v, "amount");
	const char *cur = str_of(json_object_get(v, "currency"));
	const char *key;
	void *it;

	if (!json_is_object(v)) {
		add_err(w, NULL,
		    "must be an object {\"amount\": integer, \"currency\": "
		    "\"JPY\"}");
		return;
	}
	for (it = json_object_iter((json_t *)v); it != NULL;
	     it = json_object_iter_next((json_t *)v, it))
		if (!in_list(keys, 2, key = json_object_iter_key(it)))
			add_err(w, NULL, "unknown key \"%.60s\"", key);
	if (!json_is_integer(amount) || json_integer_value(amount) < 0 ||
	    json_integer_value(amount) > MONEY_MAX)
		add_err(w, ".amount",
		    "must be a whole number from 0 to %lld (in the currency's "
		    "minor unit as written, e.g. yen)",
		    MONEY_MAX);
	if (cur == NULL || strlen(cur) != 3 ||
	    strspn(cur, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != 3)
		add_err(w, ".currency",
		    "must be an ISO 4217 currency code such as \"JPY\"");
}

/* A yes/no answer: true, false, or for a question with details
 * {"answer": bool, "details": {...}}.  Sets *out_yes; returns the details
 * object to walk into, or NULL. */
static const json_t *
check_yesno(struct walk *w, const struct qfield *f, const json_t *v,
    bool *out_yes)
{
	static const char *const keys[] = {"answer", "details", NULL};
	const json_t *answer, *details;
	const char *key;
	void *it;

	*out_yes = false;
	if (f->n == 0) {
		if (!json_is_boolean(v))
			add_err(w, NULL, "must be true or false");
		*out_yes = json_is_true(v);
		return NULL;
	}
	if (!json_is_object(v)) {
		add_err(w, NULL,
		    "must be an object {\"answer\": true or false, "
		    "\"details\": {...}}");
		return NULL;
	}
	for (it = json_object_iter((json_t *)v); it != NULL;
	     it = json_object_iter_next((json_t *)v, it))
		if (!in_list(keys, 2, key = json_object_iter_key(it)))
			add_err(w, NULL, "unknown key \"%.60s\"", key);
	answer = json_object_get(v, "answer");
	details = json_object_get(v, "details");
	if (json_is_null(details))
		details = NULL;
	if (!json_is_boolean(answer)) {
		add_err(w, ".answer", "must be true or false");
		return NULL;
	}
	*out_yes = json_is_true(answer);
	if (!*out_yes && details != NULL) {
		/* Collect nothing the answer does not call for. */
		add_err(w, ".details",
		    "must be left out when the answer is no");
		return NULL;
	}
	if (*out_yes && details == NULL) {
		if (w->mode == M_SUBMIT)
			add_err(w, ".details",
			    "is required when the answer is yes");
		return NULL;
	}
	if (details != NULL && !json_is_object(details)) {
		add_err(w, ".details", "must be an object of answers");
		return NULL;
	}
	return details;
}

/* The sibling's answer a required_if compares: a yes/no's answer. */
static bool
cond_holds(const struct walk *w, const struct qfield *f, const json_t *obj,
    const json_t **out_v)
{
	const struct qfield *sib = &w->s->f[f->cond];
	const json_t *v = json_object_get(obj, sib->id);
	size_t i;

	if (sib->type == Q_YESNO && json_is_object(v))
		v = json_object_get(v, "answer");
	*out_v = v;
	if (v == NULL || json_is_null(v))
		return false;
	if (f->cond_eq != NULL)
		return json_equal(v, f->cond_eq);
	for (i = 0; i < json_array_size(f->cond_in); i++)
		if (json_equal(v, json_array_get(f->cond_in, i)))
			return true;
	return false;
}

static void
check_missing(struct walk *w, const struct qfield *f, const json_t *obj)
{
	const json_t *v;

	if (w->mode != M_SUBMIT)
		return;
	if (f->required) {
		add_err(w, NULL, "is required");
	} else if (f->cond >= 0 && cond_holds(w, f, obj, &v)) {
		add_err(w, NULL, "is required when %s is %s",
		    w->s->f[f->cond].id,
		    json_is_boolean(v) ? (json_is_true(v) ? "yes" : "no")
		                       : json_string_value(v));
	}
}

/* Check the answer @v (NULL: none) of field @f in object @obj; returns
 * what the walk descends into (a details object, a repeat's array). */
static const json_t *
visit(struct walk *w, const struct qfield *f, const json_t *v,
    const json_t *obj)
{
	bool yes;

	if (v == NULL || json_is_null(v)) {
		check_missing(w, f, obj);
		return NULL;
	}
	switch (f->type) {
	case Q_TEXT:
		check_text(w, f, v);
		break;
	case Q_DATE:
		(void)check_date(w, f, v, NULL);
		break;
	case Q_RANGE:
		check_range(w, f, v);
		break;
	case Q_YESNO:
		v = check_yesno(w, f, v, &yes);
		if (w->mode == M_ADVERSE && yes && f->adverse) {
			w->nadverse++;
			if (w->cb != NULL)
				w->cb(w->arg, f->item, w->section, w->path);
		}
		return v;
	case Q_ENUM:
		check_enum(w, f, v);
		break;
	case Q_COUNTRY:
		check_country(w, f, v);
		break;
	case Q_MONEY:
		check_money(w, v);
		break;
	case Q_REPEAT:
		if (!json_is_array(v)) {
			add_err(w, NULL, "must be a list of entries");
			return NULL;
		}
		if (json_array_size(v) > f->max)
			add_err(w, NULL, "must hold at most %zu entries",
			    f->max);
		else if (w->mode == M_SUBMIT && json_array_size(v) < f->min)
			add_err(w, NULL, "must hold at least %zu entr%s",
			    f->min, f->min == 1 ? "y" : "ies");
		return v;
	case Q_NTYPES:
		break;
	}
	return NULL;
}

/* Refuse keys of @obj that are not fields of the list. */
static void
unknown_keys(struct walk *w, size_t first, size_t n, const json_t *obj)
{
	const char *key;
	size_t i;
	void *it;

	if (w->mode == M_ADVERSE)
		return;
	for (it = json_object_iter((json_t *)obj); it != NULL;
	     it = json_object_iter_next((json_t *)obj, it)) {
		key = json_object_iter_key(it);
		for (i = first; i < first + n; i++)
			if (strcmp(w->s->f[i].id, key) == 0)
				break;
		if (i == first + n) {
			char sub[72];

			(void)snprintf(sub, sizeof(sub), ".%.60s", key);
			add_err(w, sub, "is not a question of this form");
		}
	}
}

struct span {
	int64_t from, to; /* day numbers, both covered */
};

static int
cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->from < y->from ? -1 : x->from > y->from;
}

static void
report_gap(struct walk *w, int64_t from, int64_t to)
{
	char a[SCS_TIME_STRMAX], b[SCS_TIME_STRMAX];
	int64_t days = to - from + 1;

	if (days <= SCS_QGAP_DAYS)
		return;
	format_day(from, a);
	format_day(to, b);
	add_err(w, NULL,
	    "leaves %s to %s (%lld days) unaccounted for; gaps over %d days "
	    "are not allowed",
	    a, b, (long long)days, SCS_QGAP_DAYS);
}

/* The entries of the history @arr of field @f must cover the look-back
 * window, from max(birth + from_age years, now - lookback years) to today,
 * with no gap over SCS_QGAP_DAYS days.  Entries whose period is invalid
 * were reported already and cover nothing. */
static void
check_coverage(struct walk *w, const struct qfield *f, const json_t *arr)
{
	struct span sp[SCS_QREPEAT_MAX];
	const char *pid = w->s->f[f->period].id;
	int64_t start, last;
	size_t i, n = 0;

	start = floor_day(scs_time_add_years(w->now, -w->s->lookback));
	if (w->birth != NULL) {
		int64_t b = floor_day(
		    scs_time_add_years(w->birth_day * 86400, f->from_age));

		if (b > start)
			start = b;
	}
	if (start > w->today)
		return;
	for (i = 0; i < json_array_size(arr) && n < SCS_NELEM(sp); i++) {
		const json_t *p = json_object_get(json_array_get(arr, i), pid);
		const char *a = str_of(json_object_get(p, "from"));
		const char *b = str_of(json_object_get(p, "to"));

		if (a == NULL || scs_valid_date(a, "", NULL) != SCS_OK ||
		    (b != NULL && scs_valid_date(b, "", NULL) != SCS_OK))
			continue;
		sp[n].from = day_of(a);
		sp[n].to = b != NULL ? day_of(b) : w->today;
		if (sp[n].to > w->today)
			sp[n].to = w->today;
		if (sp[n].from <= sp[n].to)
			n++;
	}
	qsort(sp, n, sizeof(sp[0]), cmp_span);
	last = start - 1; /* the last day covered so far */
	for (i = 0; i < n && last < w->today; i++) {
		if (sp[i].from > last + 1)
			report_gap(w, last + 1, sp[i].from - 1);
		if (sp[i].to > last)
			last = sp[i].to;
	}
	if (last < w->today)
		report_gap(w, last + 1, w->today);
}

enum frame_kind { F_LIST, F_ENTRIES };

struct frame {
	enum frame_kind kind;
	size_t first, n; /* F_LIST: the fields; F_ENTRIES: the repeat's slot */
	const json_t *v; /* F_LIST: the object; F_ENTRIES: the array */
	size_t i;        /* the next field or entry */
	size_t base;     /* the path's length at this frame */
};

/* Walk the fields first..first+n of a section over the object @obj, depth
 * first, with a stack the schema's depth bounds: a list and its entries
 * per level. */
static void
walk_list(struct walk *w, size_t first, size_t n, const json_t *obj)
{
	struct frame st[2 * SCS_QDEPTH_MAX + 1];
	size_t sp = 0;

	st[sp++] = (struct frame){F_LIST, first, n, obj, 0, strlen(w->path)};
	unknown_keys(w, first, n, obj);
	while (sp > 0) {
		struct frame *fr = &st[sp - 1];
		const struct qfield *f;
		const json_t *v;
		size_t k;

		w->path[fr->base] = '\0';
		if (fr->kind == F_ENTRIES) {
			f = &w->s->f[fr->first];
			if (fr->i == json_array_size(fr->v)) {
				if (w->mode == M_SUBMIT && f->covers)
					check_coverage(w, f, fr->v);
				sp--;
				continue;
			}
			v = json_array_get(fr->v, fr->i);
			(void)path_push(w, NULL, fr->i++);
			if (!json_is_object(v)) {
				add_err(w, NULL, "must be an object");
				continue;
			}
			if (sp == SCS_NELEM(st))
				continue;
			st[sp++] = (struct frame){F_LIST, f->first, f->n, v, 0,
			    strlen(w->path)};
			unknown_keys(w, f->first, f->n, v);
			continue;
		}
		if (fr->i == fr->n) {
			sp--;
			continue;
		}
		k = fr->first + fr->i++;
		f = &w->s->f[k];
		(void)path_push(w, f->id, 0);
		v = visit(w, f, json_object_get(fr->v, f->id), fr->v);
		/* The parser bounds the depth: this never runs out. */
		if (v == NULL || sp == SCS_NELEM(st))
			continue;
		if (f->type == Q_REPEAT) {
			st[sp++] = (struct frame){F_ENTRIES, k, 0, v, 0,
			    strlen(w->path)};
		} else {
			(void)path_push(w, "details", 0);
			st[sp++] = (struct frame){F_LIST, f->first, f->n, v, 0,
			    strlen(w->path)};
			unknown_keys(w, f->first, f->n, v);
		}
	}
	w->path[0] = '\0';
}

static int
walk_init(struct walk *w, const struct scs_qschema *s, enum mode mode,
    const struct scs_qctx *ctx, struct scs_qerrs *errs, struct scs_err *err)
{
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->mode = mode;
	w->errs = errs;
	w->err = err;
	w->section = "";
	w->birth_day = INT64_MIN;
	if (errs != NULL)
		errs->n = errs->total = 0;
	scs_err_clear(err);
	if (ctx == NULL) {
		add_err(w, NULL, "no context (birth date, present time) given");
		return SCS_EINVAL;
	}
	if (ctx->now < SCS_TIME_MIN || ctx->now >= SCS_TIME_MAX) {
		add_err(w, NULL, "the present time is out of range");
		return SCS_EINVAL;
	}
	w->now = ctx->now;
	w->today = floor_day(ctx->now);
	if (ctx->birth_date != NULL && ctx->birth_date[0] != '\0') {
		if (scs_valid_date(ctx->birth_date, "", NULL) != SCS_OK) {
			add_err(w, NULL,
			    "the person's birth date on record is not a date "
			    "YYYY-MM-DD");
			return SCS_EINVAL;
		}
		w->birth = ctx->birth_date;
		w->birth_day = day_of(ctx->birth_date);
	}
	return SCS_OK;
}

static int
walk_done(struct walk *w)
{
	if (w->errs != NULL)
		w->errs->total = w->found;
	return w->found != 0 ? SCS_EINVAL : SCS_OK;
}

static void
walk_section(struct walk *w, size_t i, const json_t *answers)
{
	w->section = w->s->sect[i].id;
	w->path[0] = '\0';
	if (!json_is_object(answers))
		add_err(w, NULL, "must be an object of answers");
	else
		walk_list(w, w->s->sect[i].first, w->s->sect[i].n, answers);
	w->section = "";
}

int
scs_qschema_check_section(const struct scs_qschema *s, const char *section,
    const json_t *answers, const struct scs_qctx *ctx, struct scs_qerrs *errs,
    struct scs_err *err)
{
	int i = scs_qschema_section_index(s, section);
	struct walk w;

	if (walk_init(&w, s, M_SAVE, ctx, errs, err) != SCS_OK)
		return walk_done(&w);
	if (i < 0) {
		w.section = section != NULL ? section : "";
		add_err(&w, NULL, "is not a section of this questionnaire");
	} else {
		walk_section(&w, (size_t)i, answers);
	}
	return walk_done(&w);
}

int
scs_qschema_check(const struct scs_qschema *s, const json_t *doc,
    const struct scs_qctx *ctx, struct scs_qerrs *errs, struct scs_err *err)
{
	struct walk w;
	size_t i;
	void *it;

	if (walk_init(&w, s, M_SUBMIT, ctx, errs, err) != SCS_OK)
		return walk_done(&w);
	if (!json_is_object(doc)) {
		add_err(&w, NULL, "must be an object of sections");
		return walk_done(&w);
	}
	for (it = json_object_iter((json_t *)doc); it != NULL;
	     it = json_object_iter_next((json_t *)doc, it))
		if (scs_qschema_section_index(s, json_object_iter_key(it)) <
		    0) {
			w.section = json_object_iter_key(it);
			add_err(&w, NULL,
			    "is not a section of this questionnaire");
		}
	w.section = "";
	for (i = 0; i < s->nsect; i++) {
		const json_t *v = json_object_get(doc, s->sect[i].id);

		if (v == NULL || json_is_null(v)) {
			w.section = s->sect[i].id;
			add_err(&w, NULL, "is missing");
			w.section = "";
			continue;
		}
		walk_section(&w, i, v);
	}
	return walk_done(&w);
}

size_t
scs_qschema_adverse(const struct scs_qschema *s, const json_t *doc,
    void (*cb)(void *arg, const char *item, const char *section,
        const char *path),
    void *arg)
{
	struct scs_qctx ctx = {NULL, 0};
	struct walk w;
	size_t i;

	(void)walk_init(&w, s, M_ADVERSE, &ctx, NULL, NULL);
	w.cb = cb;
	w.arg = arg;
	for (i = 0; json_is_object(doc) && i < s->nsect; i++) {
		const json_t *v = json_object_get(doc, s->sect[i].id);

		if (json_is_object(v))
			walk_section(&w, i, v);
	}
	return w.nadverse;
}

/* ---- relatives ---- */

static int
copy_str(char *dst, size_t size, const json_t *v, const char *field,
    struct scs_err *err)
{
	const char *s = str_of(v);

	if (s == NULL || !scs_strlcpy(dst, s, size))
		return BAD(err, field,
		    s == NULL ? "must be a string" : "is too long");
	return SCS_OK;
}

static int
one_relative(const json_t *e, struct scs_relative *r, struct scs_err *err)
{
	const json_t *nat = json_object_get(e, "nationalities");
	const json_t *co = json_object_get(e, "cohabitant");
	size_t i;

	if (!json_is_object(e))
		return BAD(err, "", "must be an object");
	if (scs_relation_parse(str_of(json_object_get(e, "relation")),
	        &r->relation) != 0)
		return BAD(err, "relation",
		    "must be one of spouse, parent, child, sibling, "
		    "spouse_parent, other");
	if (copy_str(r->name, sizeof(r->name), json_object_get(e, "name"),
	        "name", err) != SCS_OK ||
	    copy_str(r->birth_date, sizeof(r->birth_date),
	        json_object_get(e, "birth_date"), "birth_date",
	        err) != SCS_OK ||
	    copy_str(r->address, sizeof(r->address),
	        json_object_get(e, "address"), "address", err) != SCS_OK)
		return SCS_EINVAL;
	if (!json_is_array(nat) || json_array_size(nat) > SCS_NAT_MAX)
		return BAD(err, "nationalities",
		    "must be a list of at most %d codes", SCS_NAT_MAX);
	for (i = 0; i < json_array_size(nat); i++)
		if (copy_str(r->nationalities[i], sizeof(r->nationalities[i]),
		        json_array_get(nat, i), "nationalities", err) != SCS_OK)
			return SCS_EINVAL;
	r->nnationalities = json_array_size(nat);
	if (!json_is_boolean(co))
		return BAD(err, "cohabitant", "must be true or false");
	r->cohabitant = json_is_true(co);
	return SCS_OK;
}

int
scs_qschema_relatives(const struct scs_qschema *s, const json_t *doc,
    struct scs_relatives *out, struct scs_err *err)
{
	const struct qfield *f;
	const json_t *arr;
	char where[SCS_ERR_FIELD_MAX], at[32];
	size_t i;

	memset(out, 0, sizeof(*out));
	if (s->relatives < 0)
		return SCS_OK;
	f = &s->f[s->relatives];
	(void)snprintf(where, sizeof(where), "%s.%s", s->sect[f->sect].id,
	    f->id);
	arr = json_object_get(json_object_get(doc, s->sect[f->sect].id), f->id);
	if (arr == NULL || json_is_null(arr))
		return SCS_OK;
	if (!json_is_array(arr) || json_array_size(arr) > SCS_RELATIVES_MAX) {
		scs_err_set(err, SCS_EINVAL, where,
		    "must be a list of at most %d entries", SCS_RELATIVES_MAX);
		goto fail;
	}
	for (i = 0; i < json_array_size(arr); i++)
		if (one_relative(json_array_get(arr, i), &out->r[i], err) !=
		    SCS_OK) {
			(void)snprintf(at, sizeof(at), "[%zu]", i);
			scs_err_prefix(err, at);
			scs_err_prefix(err, where);
			goto fail;
		}
	out->n = json_array_size(arr);
	if (scs_relatives_validate(out, err) == SCS_OK)
		return SCS_OK;
	/* "relatives[1].name" names the record's list; name the answer. */
	if (err != NULL && strncmp(err->field, "relatives", 9) == 0) {
		char rest[SCS_ERR_FIELD_MAX];

		(void)scs_strlcpy(rest, err->field + 9, sizeof(rest));
		pathf(err->field, sizeof(err->field), "%s%s", where, rest);
	}
fail:
	memset(out, 0, sizeof(*out));
	return SCS_EINVAL;
}
