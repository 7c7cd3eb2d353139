/* SPDX-License-Identifier: Apache-2.0 */
/*
 * annual.c - the annual report's arithmetic (include/scs/annual.h,
 * docs/oversight.md): each audit entry of the year mapped to the measure
 * it counts in, and counted in its section's totals and in the row of
 * each of the section's breakdowns (one hash map per breakdown, keyed by
 * the row's keys joined with NULs, as src/core/stats.c).  Core: no I/O,
 * no clock.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/annual.h"
#include "scs/map.h"
#include "scs/time.h"
#include "scs/util.h"

/* What an entry's detail may name: the columns of the breakdowns. */
enum dim { D_ORGAN, D_AUTHORITY, D_LEVEL, D_FIELD, D_TYPE, D_ORIGIN, D_N };

static const char *const dim_names[D_N] = {"organ", "authority", "level",
    "field", "type", "origin"};

/* The measures of each section, in the order of their counters. */
enum { M_DESIGNATED, M_RENEWED, M_DECLASSIFIED };
enum {
	M_OPENED,
	M_CONDUCTED,
	M_GRANTED,
	M_DENIED,
	M_INTERIM,
	M_REFUSED,
	M_WITHDRAWN
};
enum { M_FILED, M_UPHELD, M_REJECTED };
enum { M_RECORDED, M_CLOSED };
enum { M_RAISED, M_VALID, M_NOT_VALID, M_SELF_REPORTED, M_UNTRIAGED };

static const char *const m_designations[] = {"designated", "renewed",
    "declassified", NULL};
static const char *const m_assessments[] = {"opened", "conducted", "granted",
    "denied", "interim", "refused", "withdrawn", NULL};
static const char *const m_complaints[] = {"filed", "upheld", "rejected", NULL};
static const char *const m_incidents[] = {"recorded", "closed", NULL};
static const char *const m_alerts[] = {"raised", "valid", "not_valid",
    "self_reported", "untriaged", NULL};

static const struct {
	const char *name;
	const char *const *measures;
} sections[SCS_AN_N] = {
    [SCS_AN_DESIGNATIONS] = {"designations", m_designations},
    [SCS_AN_ASSESSMENTS] = {"assessments", m_assessments},
    [SCS_AN_COMPLAINTS] = {"complaints", m_complaints},
    [SCS_AN_INCIDENTS] = {"incidents", m_incidents},
    [SCS_AN_ALERTS] = {"alerts", m_alerts},
};

static const char *const k_organ[] = {"organ", NULL};
static const char *const k_field[] = {"field", NULL};
static const char *const k_level[] = {"authority", "level", NULL};
static const char *const k_organ_level[] = {"organ", "authority", "level",
    NULL};
static const char *const k_type[] = {"type", NULL};
static const char *const k_origin[] = {"origin", NULL};

static const struct {
	const char *name;
	const char *const *keys;
	enum scs_annual_section section;
	enum dim dims[SCS_ANNUAL_KEYS];
} tables[SCS_AT_N] = {
    [SCS_AT_DESIGNATIONS_BY_ORGAN] = {"by_organ", k_organ, SCS_AN_DESIGNATIONS,
        {D_ORGAN}},
    [SCS_AT_DESIGNATIONS_BY_FIELD] = {"by_field", k_field, SCS_AN_DESIGNATIONS,
        {D_FIELD}},
    [SCS_AT_ASSESSMENTS_BY_ORGAN] = {"by_organ", k_organ, SCS_AN_ASSESSMENTS,
        {D_ORGAN}},
    [SCS_AT_ASSESSMENTS_BY_LEVEL] = {"by_level", k_level, SCS_AN_ASSESSMENTS,
        {D_AUTHORITY, D_LEVEL}},
    [SCS_AT_ASSESSMENTS_BY_ORGAN_LEVEL] = {"by_organ_level", k_organ_level,
        SCS_AN_ASSESSMENTS, {D_ORGAN, D_AUTHORITY, D_LEVEL}},
    [SCS_AT_COMPLAINTS_BY_ORGAN] = {"by_organ", k_organ, SCS_AN_COMPLAINTS,
        {D_ORGAN}},
    [SCS_AT_COMPLAINTS_BY_LEVEL] = {"by_level", k_level, SCS_AN_COMPLAINTS,
        {D_AUTHORITY, D_LEVEL}},
    [SCS_AT_COMPLAINTS_BY_ORGAN_LEVEL] = {"by_organ_level", k_organ_level,
        SCS_AN_COMPLAINTS, {D_ORGAN, D_AUTHORITY, D_LEVEL}},
    [SCS_AT_INCIDENTS_BY_TYPE] = {"by_type", k_type, SCS_AN_INCIDENTS,
        {D_TYPE}},
    [SCS_AT_ALERTS_BY_ORIGIN] = {"by_origin", k_origin, SCS_AN_ALERTS,
        {D_ORIGIN}},
};

struct counters {
	uint64_t n[SCS_ANNUAL_MEASURES];
};

/* An alert raised in the year: whether it is still untriaged, and the
 * origin its row is counted under. */
struct raised {
	unsigned char open;
	char origin[SCS_ANNUAL_KEY_MAX + 1];
};

/* The keys of one entry, from its detail ("" for unknown). */
struct dims {
	char v[D_N][SCS_ANNUAL_KEY_MAX + 1];
};

struct scs_annual {
	int year;
	int64_t from_us, to_us;
	uint64_t total[SCS_AN_N][SCS_ANNUAL_MEASURES];
	struct scs_map *t[SCS_AT_N];
	struct scs_map *alerts; /* alert id -> struct raised */
	uint64_t counted;
	/* The case entry before, to count a repeated one once. */
	char last_object[3 * SCS_ID_MAX + 32];
	char last_action[48];
};

const char *
scs_annual_section_name(enum scs_annual_section s)
{
	return (unsigned)s < SCS_AN_N ? sections[s].name : "";
}

const char *const *
scs_annual_measures(enum scs_annual_section s)
{
	static const char *const none[] = {NULL};

	return (unsigned)s < SCS_AN_N ? sections[s].measures : none;
}

const char *
scs_annual_table_name(enum scs_annual_table t)
{
	return (unsigned)t < SCS_AT_N ? tables[t].name : "";
}

enum scs_annual_section
scs_annual_table_section(enum scs_annual_table t)
{
	return (unsigned)t < SCS_AT_N ? tables[t].section : SCS_AN_N;
}

const char *const *
scs_annual_keys(enum scs_annual_table t)
{
	static const char *const none[] = {NULL};

	return (unsigned)t < SCS_AT_N ? tables[t].keys : none;
}

int
scs_annual_year(const char *s, int *out_year, struct scs_err *err)
{
	int y = 0, i;

	for (i = 0; s != NULL && i < 4 && s[i] >= '0' && s[i] <= '9'; i++)
		y = y * 10 + (s[i] - '0');
	if (s == NULL || i != 4 || s[4] != '\0')
		return scs_err_set(err, SCS_EINVAL, "year",
		    "must be a year of four digits, such as 2026");
	if (y < SCS_ANNUAL_YEAR_MIN || y > SCS_ANNUAL_YEAR_MAX)
		return scs_err_set(err, SCS_EINVAL, "year",
		    "must be from %d to %d", SCS_ANNUAL_YEAR_MIN,
		    SCS_ANNUAL_YEAR_MAX);
	*out_year = y;
	return SCS_OK;
}

void
scs_annual_period(int year, int64_t *out_from_us, int64_t *out_to_us)
{
	*out_from_us = scs_days_from_civil(year, 1, 1) * 86400 * 1000000;
	*out_to_us =
	    scs_days_from_civil((int64_t)year + 1, 1, 1) * 86400 * 1000000;
}

size_t
scs_annual_detail(const char *purpose, const char *key, char *out, size_t size)
{
	size_t klen = strlen(key), vlen;
	const char *p = purpose, *end;

	out[0] = '\0';
	while (p != NULL && *p != '\0') {
		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		if ((size_t)(end - p) > klen && strncmp(p, key, klen) == 0 &&
		    p[klen] == '=') {
			vlen = (size_t)(end - p) - klen - 1;
			if (vlen == 0 || vlen >= size)
				return 0;
			memcpy(out, p + klen + 1, vlen);
			out[vlen] = '\0';
			return vlen;
		}
		p = *end == ' ' ? end + 1 : end;
	}
	return 0;
}

struct scs_annual *
scs_annual_new(int year)
{
	struct scs_annual *a = calloc(1, sizeof(*a));
	unsigned i;

	if (a == NULL)
		return NULL;
	a->year = year;
	scs_annual_period(year, &a->from_us, &a->to_us);
	for (i = 0; i < SCS_AT_N; i++)
		if ((a->t[i] = scs_map_new(sizeof(struct counters))) == NULL)
			goto fail;
	if ((a->alerts = scs_map_new(sizeof(struct raised))) == NULL)
		goto fail;
	return a;
fail:
	scs_annual_free(a);
	return NULL;
}

void
scs_annual_free(struct scs_annual *a)
{
	unsigned i;

	if (a == NULL)
		return;
	for (i = 0; i < SCS_AT_N; i++)
		scs_map_free(a->t[i]);
	scs_map_free(a->alerts);
	free(a);
}

int
scs_annual_year_of(const struct scs_annual *a)
{
	return a->year;
}

uint64_t
scs_annual_counted(const struct scs_annual *a)
{
	return a->counted;
}

uint64_t
scs_annual_total(const struct scs_annual *a, enum scs_annual_section s,
    unsigned m)
{
	if ((unsigned)s >= SCS_AN_N || m >= SCS_ANNUAL_MEASURES)
		return 0;
	return a->total[s][m];
}

/* The counters of the row of breakdown @t that @d falls in, made when it
 * is new; NULL with *@rc set on error.  The pointer holds until the next
 * call. */
_Static_assert(SCS_ANNUAL_KEYS *(SCS_ANNUAL_KEY_MAX + 1) <= SCS_MAP_TUPLE_MAX,
    "a row's keys fit in a tuple key");

static struct counters *
row(struct scs_annual *a, enum scs_annual_table t, const struct dims *d,
    int *rc)
{
	const char *keys[SCS_ANNUAL_KEYS];
	size_t i;

	for (i = 0; i < SCS_ANNUAL_KEYS && tables[t].keys[i] != NULL; i++)
		keys[i] = d->v[tables[t].dims[i]];
	return scs_map_tuple(a->t[t], keys, i, SCS_ANNUAL_KEY_MAX,
	    SCS_ANNUAL_ROWS_MAX, rc);
}

/* Add @delta (1, or -1 to take back an untriaged alert) to measure @m of
 * section @s: its total and its row in each of its breakdowns.  Rows are
 * made before anything changes, so a failure counts nowhere. */
static int
count(struct scs_annual *a, enum scs_annual_section s, unsigned m,
    const struct dims *d, int delta)
{
	struct counters *c;
	unsigned t;
	int rc = SCS_OK;

	for (t = 0; t < SCS_AT_N; t++)
		if (tables[t].section == s && row(a, t, d, &rc) == NULL)
			return rc;
	for (t = 0; t < SCS_AT_N; t++) {
		if (tables[t].section != s)
			continue;
		c = row(a, t, d, &rc);
		c->n[m] = delta > 0 ? c->n[m] + 1 : c->n[m] - 1;
	}
	a->total[s][m] = delta > 0 ? a->total[s][m] + 1 : a->total[s][m] - 1;
	return SCS_OK;
}

/* The keys of @e's detail. */
static void
dims_of(const struct scs_annual_entry *e, struct dims *d)
{
	unsigned i;

	for (i = 0; i < D_N; i++)
		(void)scs_annual_detail(e->purpose, dim_names[i], d->v[i],
		    sizeof(d->v[i]));
}

static int
is(const char *s, const char *want)
{
	return s != NULL && strcmp(s, want) == 0;
}

static int
add_item(struct scs_annual *a, const struct scs_annual_entry *e,
    const struct dims *d)
{
	int m = is(e->action, "designate") ? M_DESIGNATED
	    : is(e->action, "renew")       ? M_RENEWED
	    : is(e->action, "declassify")  ? M_DECLASSIFIED
	                                   : -1;

	if (m < 0)
		return SCS_OK;
	a->counted++;
	return count(a, SCS_AN_DESIGNATIONS, (unsigned)m, d, 1);
}

/* The case events that count: the section and measure of each. */
static const struct {
	const char *event;
	enum scs_annual_section s;
	unsigned m;
} case_events[] = {
    {"nominate", SCS_AN_ASSESSMENTS, M_OPENED},
    {"grant", SCS_AN_ASSESSMENTS, M_GRANTED},
    {"deny", SCS_AN_ASSESSMENTS, M_DENIED},
    {"interim", SCS_AN_ASSESSMENTS, M_INTERIM},
    {"refuse", SCS_AN_ASSESSMENTS, M_REFUSED},
    {"withdraw", SCS_AN_ASSESSMENTS, M_WITHDRAWN},
    {"complain", SCS_AN_COMPLAINTS, M_FILED},
    {"uphold", SCS_AN_COMPLAINTS, M_UPHELD},
    {"reject", SCS_AN_COMPLAINTS, M_REJECTED},
};

static int
add_case(struct scs_annual *a, const struct scs_annual_entry *e,
    const struct dims *d)
{
	const char *object = e->object != NULL ? e->object : "";
	const char *action = e->action != NULL ? e->action : "";
	int again = strcmp(a->last_object, object) == 0 &&
	    strcmp(a->last_action, action) == 0;
	size_t i;
	int rc;

	(void)scs_strlcpy(a->last_object, object, sizeof(a->last_object));
	(void)scs_strlcpy(a->last_action, action, sizeof(a->last_action));
	if (again)
		return SCS_OK;
	for (i = 0; i < SCS_NELEM(case_events); i++) {
		if (strcmp(action, case_events[i].event) != 0)
			continue;
		if ((rc = count(a, case_events[i].s, case_events[i].m, d, 1)) !=
		    SCS_OK)
			return rc;
		a->counted++;
		/* A decision that completes an assessment is one conducted. */
		if (case_events[i].s == SCS_AN_ASSESSMENTS &&
		    (case_events[i].m == M_GRANTED ||
		        case_events[i].m == M_DENIED))
			return count(a, SCS_AN_ASSESSMENTS, M_CONDUCTED, d, 1);
		return SCS_OK;
	}
	return SCS_OK;
}

static int
add_incident(struct scs_annual *a, const struct scs_annual_entry *e,
    const struct dims *d)
{
	int m = is(e->action, "create") && !is(e->purpose, "import")
	    ? M_RECORDED
	    : is(e->action, "resolve") ? M_CLOSED
	                               : -1;

	if (m < 0)
		return SCS_OK;
	a->counted++;
	return count(a, SCS_AN_INCIDENTS, (unsigned)m, d, 1);
}

/* The validity a triage gives: its detail's state, or (an entry from
 * before details) its purpose the state's code alone; -1 for none. */
static int
triage_state(const struct scs_annual_entry *e)
{
	char st[32];
	const char *s = st;

	if (scs_annual_detail(e->purpose, "state", st, sizeof(st)) == 0)
		s = e->purpose != NULL ? e->purpose : "";
	return is(s, "valid")        ? M_VALID
	    : is(s, "not_valid")     ? M_NOT_VALID
	    : is(s, "self_reported") ? M_SELF_REPORTED
	                             : -1;
}

static int
raise_alert(struct scs_annual *a, const struct scs_annual_entry *e,
    const struct dims *d)
{
	const char *id = e->object != NULL ? e->object : "";
	struct raised *r;
	char st[32];
	int rc;

	(void)scs_annual_detail(e->purpose, "state", st, sizeof(st));
	if ((rc = count(a, SCS_AN_ALERTS, M_RAISED, d, 1)) != SCS_OK)
		return rc;
	a->counted++;
	/* A feed record the person had reported is raised self-reported. */
	if (is(st, "self_reported"))
		return count(a, SCS_AN_ALERTS, M_SELF_REPORTED, d, 1);
	if ((r = scs_map_get(a->alerts, id, strlen(id), 0)) == NULL) {
		if (scs_map_count(a->alerts) >= SCS_ANNUAL_OPEN_MAX)
			return SCS_ETOOBIG;
		if ((r = scs_map_get(a->alerts, id, strlen(id), 1)) == NULL)
			return SCS_ENOMEM;
	}
	if (r->open)
		return SCS_OK;
	r->open = 1;
	(void)scs_strlcpy(r->origin, d->v[D_ORIGIN], sizeof(r->origin));
	return count(a, SCS_AN_ALERTS, M_UNTRIAGED, d, 1);
}

static int
add_alert(struct scs_annual *a, const struct scs_annual_entry *e,
    const struct dims *d)
{
	const char *id = e->object != NULL ? e->object : "";
	struct raised *r;
	struct dims was;
	int m, rc;

	if (is(e->action, "create") && !is(e->purpose, "import"))
		return raise_alert(a, e, d);
	if (!is(e->action, "triage") || (m = triage_state(e)) < 0)
		return SCS_OK;
	if ((rc = count(a, SCS_AN_ALERTS, (unsigned)m, d, 1)) != SCS_OK)
		return rc;
	a->counted++;
	r = scs_map_get(a->alerts, id, strlen(id), 0);
	if (r == NULL || !r->open)
		return SCS_OK;
	/* Taken back from the row it was raised under. */
	r->open = 0;
	memset(&was, 0, sizeof(was));
	(void)scs_strlcpy(was.v[D_ORIGIN], r->origin, sizeof(was.v[D_ORIGIN]));
	return count(a, SCS_AN_ALERTS, M_UNTRIAGED, &was, -1);
}

int
scs_annual_add(struct scs_annual *a, const struct scs_annual_entry *e)
{
	struct dims d;

	if (e->time_us < a->from_us || e->time_us >= a->to_us ||
	    e->kind == NULL)
		return SCS_OK;
	if (strcmp(e->kind, "item") != 0 && strcmp(e->kind, "case") != 0 &&
	    strcmp(e->kind, "incident") != 0 && strcmp(e->kind, "alert") != 0)
		return SCS_OK;
	dims_of(e, &d);
	switch (e->kind[0]) {
	case 'i':
		return e->kind[1] == 't' ? add_item(a, e, &d)
		                         : add_incident(a, e, &d);
	case 'c':
		return add_case(a, e, &d);
	default:
		return add_alert(a, e, &d);
	}
}

int
scs_annual_table(const struct scs_annual *a, enum scs_annual_table t,
    struct scs_annual_row **out_rows, size_t *out_n)
{
	void *rows;
	int rc;

	*out_rows = NULL;
	*out_n = 0;
	if ((unsigned)t >= SCS_AT_N)
		return SCS_EINVAL;
	rc = scs_map_rows(a->t[t], SCS_ANNUAL_KEYS, SCS_ANNUAL_KEY_MAX,
	    offsetof(struct scs_annual_row, n), sizeof(struct scs_annual_row),
	    &rows, out_n);
	*out_rows = rows;
	return rc;
}

/* ---- CSV ---- */

#define CSV_COLS 11 /* year ... count */

static const char csv_header[] = "year,section,breakdown,measure,organ,"
                                 "authority,level,field,type,origin,count";

/* One field, quoted when it must be (RFC 4180 section 2). */
static int
csv_field(struct scs_buf *b, const char *s, int last)
{
	const char *p;
	int rc;

	if (strpbrk(s, ",\"\r\n") == NULL) {
		rc = scs_buf_adds(b, s);
	} else {
		rc = scs_buf_add(b, "\"", 1);
		for (p = s; rc == SCS_OK && *p != '\0'; p++)
			rc = *p == '"' ? scs_buf_add(b, "\"\"", 2)
			               : scs_buf_add(b, p, 1);
		if (rc == SCS_OK)
			rc = scs_buf_add(b, "\"", 1);
	}
	if (rc == SCS_OK)
		rc = last ? scs_buf_add(b, "\r\n", 2) : scs_buf_add(b, ",", 1);
	return rc;
}

/* One line: @f holds the CSV_COLS fields. */
static int
csv_line(struct scs_buf *b, const char *const f[CSV_COLS])
{
	int i, rc = SCS_OK;

	for (i = 0; rc == SCS_OK && i < CSV_COLS; i++)
		rc = csv_field(b, f[i], i == CSV_COLS - 1);
	return rc;
}

static int
csv_totals(const struct scs_annual *a, struct scs_buf *b, const char *year)
{
	const char *f[CSV_COLS];
	char n[24];
	unsigned s, m;
	int rc = SCS_OK;

	for (s = 0; rc == SCS_OK && s < SCS_AN_N; s++) {
		const char *const *ms = sections[s].measures;

		for (m = 0; rc == SCS_OK && ms[m] != NULL; m++) {
			(void)snprintf(n, sizeof(n), "%llu",
			    (unsigned long long)a->total[s][m]);
			f[0] = year;
			f[1] = sections[s].name;
			f[2] = "total";
			f[3] = ms[m];
			f[4] = f[5] = f[6] = f[7] = f[8] = f[9] = "";
			f[10] = n;
			rc = csv_line(b, f);
		}
	}
	return rc;
}

static int
csv_table(const struct scs_annual *a, struct scs_buf *b, const char *year,
    enum scs_annual_table t)
{
	const char *const *ms = sections[tables[t].section].measures;
	struct scs_annual_row *rows = NULL;
	const char *f[CSV_COLS];
	char n[24];
	size_t i, k, nrows = 0;
	unsigned m;
	int rc;

	if ((rc = scs_annual_table(a, t, &rows, &nrows)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < nrows; i++) {
		for (m = 0; rc == SCS_OK && ms[m] != NULL; m++) {
			if (rows[i].n[m] == 0)
				continue;
			(void)snprintf(n, sizeof(n), "%llu",
			    (unsigned long long)rows[i].n[m]);
			f[0] = year;
			f[1] = sections[tables[t].section].name;
			f[2] = tables[t].name;
			f[3] = ms[m];
			for (k = 0; k < D_N; k++)
				f[4 + k] = "";
			for (k = 0;
			     k < SCS_ANNUAL_KEYS && tables[t].keys[k] != NULL;
			     k++)
				f[4 + tables[t].dims[k]] = rows[i].key[k];
			f[10] = n;
			rc = csv_line(b, f);
		}
	}
	free(rows);
	return rc;
}

int
scs_annual_csv(const struct scs_annual *a, char **out_csv, size_t *out_len)
{
	struct scs_buf b;
	char year[16];
	unsigned t;
	int rc;

	*out_csv = NULL;
	*out_len = 0;
	scs_buf_init(&b, SCS_ANNUAL_CSV_MAX);
	(void)snprintf(year, sizeof(year), "%d", a->year);
	rc = scs_buf_adds(&b, csv_header);
	if (rc == SCS_OK)
		rc = scs_buf_add(&b, "\r\n", 2);
	if (rc == SCS_OK)
		rc = csv_totals(a, &b, year);
	for (t = 0; rc == SCS_OK && t < SCS_AT_N; t++)
		rc = csv_table(a, &b, year, (enum scs_annual_table)t);
	if (rc == SCS_OK)
		rc = scs_buf_add(&b, "", 1); /* the NUL */
	if (rc != SCS_OK) {
		scs_buf_free(&b);
		return rc;
	}
	*out_csv = (char *)b.p;
	*out_len = b.len - 1;
	return SCS_OK;
}
