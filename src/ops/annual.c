/* SPDX-License-Identifier: Apache-2.0 */
/*
 * annual.c - the annual report to the Diet (GET /v1/reports/annual, `scs
 * report annual`; docs/oversight.md): the audit entries of one calendar
 * year streamed from the store into the core's accumulator
 * (src/core/annual.c), in one read transaction, and nothing else read:
 * the figures reproduce from the log alone.  Counts only: no person, no
 * case, nothing sealed.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/annual.h"
#include "scs/audit.h"
#include "scs/codec.h"
#include "ops_int.h"

#define READERS (SCS_ROLE_AUDITOR | SCS_ROLE_ADMIN)

struct feed {
	struct scs_annual *a;
	int rc;
};

static int
feed_cb(void *arg, const struct scs_audit_entry *e)
{
	struct feed *f = arg;
	struct scs_annual_entry v = {e->time_us, e->action, e->kind, e->object,
	    e->purpose};

	f->rc = scs_annual_add(f->a, &v);
	return f->rc;
}

/* The entries of the year into a new accumulator *@out, and the size of
 * the log's latest signed tree head then into *@out_size: both in one
 * read transaction, so the report covers exactly that prefix of the log
 * (less the entries dated after the year). */
static int
scan(struct scs_ctx *c, int year, struct scs_annual **out, uint64_t *out_size,
    struct scs_err *err)
{
	struct scs_audit_filter q;
	struct scs_tree_head h;
	struct feed f = {NULL, SCS_OK};
	struct scs_err e2;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, READERS, "read the annual report", err)) !=
	    SCS_OK)
		return rc;
	if (year < SCS_ANNUAL_YEAR_MIN || year > SCS_ANNUAL_YEAR_MAX)
		return scs_err_set(err, SCS_EINVAL, "year",
		    "must be from %d to %d", SCS_ANNUAL_YEAR_MIN,
		    SCS_ANNUAL_YEAR_MAX);
	if ((f.a = scs_annual_new(year)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	memset(&q, 0, sizeof(q));
	scs_annual_period(year, &q.from_us, &q.to_us);
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		goto out;
	if ((rc = scs_audit_head(c->st, &h, err)) == SCS_OK)
		rc = scs_store_audit_find(c->st, &q, 0, feed_cb, &f, err);
	(void)scs_store_commit(c->st, &e2);
	if (rc != SCS_OK && f.rc == SCS_ETOOBIG)
		rc = scs_err_set(err, f.rc, "year",
		    "the year holds too many rows for one report");
	else if (rc != SCS_OK && f.rc != SCS_OK)
		rc = scs_err_set(err, f.rc, "", "the annual report failed (%s)",
		    scs_rc_code((enum scs_rc)f.rc));
out:
	if (rc != SCS_OK) {
		scs_annual_free(f.a);
		return rc;
	}
	*out = f.a;
	*out_size = h.size;
	return SCS_OK;
}

/* Breakdown @t as an array of objects: its keys (null for unknown), then
 * the counters of its section's measures. */
static json_t *
table_json(const struct scs_annual *a, enum scs_annual_table t, int *rc)
{
	const char *const *keys = scs_annual_keys(t);
	const char *const *ms =
	    scs_annual_measures(scs_annual_table_section(t));
	struct scs_annual_row *rows = NULL;
	json_t *arr, *o;
	size_t i, j, n = 0;

	if ((*rc = scs_annual_table(a, t, &rows, &n)) != SCS_OK)
		return NULL;
	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		for (j = 0; j < SCS_ANNUAL_KEYS && keys[j] != NULL; j++)
			scs_codec_put(&o, keys[j],
			    rows[i].key[j][0] != '\0'
			        ? json_string(rows[i].key[j])
			        : json_null());
		for (j = 0; ms[j] != NULL; j++)
			scs_codec_put(&o, ms[j],
			    json_integer((json_int_t)rows[i].n[j]));
		scs_codec_push(&arr, o);
	}
	free(rows);
	if (arr == NULL)
		*rc = SCS_ENOMEM;
	return arr;
}

/* Section @s: its totals, every measure, then its breakdowns. */
static json_t *
section_json(const struct scs_annual *a, enum scs_annual_section s, int *rc)
{
	const char *const *ms = scs_annual_measures(s);
	json_t *o = json_object(), *tot = json_object();
	unsigned i;

	for (i = 0; ms[i] != NULL; i++)
		scs_codec_put(&tot, ms[i],
		    json_integer((json_int_t)scs_annual_total(a, s, i)));
	scs_codec_put(&o, "totals", tot);
	for (i = 0; *rc == SCS_OK && i < SCS_AT_N; i++)
		if (scs_annual_table_section((enum scs_annual_table)i) == s)
			scs_codec_put(&o,
			    scs_annual_table_name((enum scs_annual_table)i),
			    table_json(a, (enum scs_annual_table)i, rc));
	if (*rc == SCS_OK && o == NULL)
		*rc = SCS_ENOMEM;
	return o;
}

int
scs_op_report_annual(struct scs_ctx *c, int year, json_t **out,
    struct scs_err *err)
{
	struct scs_annual *a = NULL;
	char from[24], to[24];
	uint64_t size = 0;
	json_t *o;
	unsigned s;
	int rc;

	*out = NULL;
	if ((rc = scan(c, year, &a, &size, err)) != SCS_OK)
		return rc;
	(void)snprintf(from, sizeof(from), "%04d-01-01", year);
	(void)snprintf(to, sizeof(to), "%04d-01-01", year + 1);
	o = json_object();
	scs_codec_put(&o, "year", json_integer(year));
	scs_codec_put(&o, "from", json_string(from));
	scs_codec_put(&o, "to", json_string(to));
	scs_codec_put(&o, "log_size", json_integer((json_int_t)size));
	scs_codec_put(&o, "entries_counted",
	    json_integer((json_int_t)scs_annual_counted(a)));
	for (s = 0; rc == SCS_OK && s < SCS_AN_N; s++)
		scs_codec_put(&o,
		    scs_annual_section_name((enum scs_annual_section)s),
		    section_json(a, (enum scs_annual_section)s, &rc));
	scs_annual_free(a);
	if (rc == SCS_OK && o == NULL)
		rc = SCS_ENOMEM;
	if (rc != SCS_OK) {
		json_decref(o);
		return scs_err_set(err, rc, "", "out of memory");
	}
	*out = o;
	return SCS_OK;
}

int
scs_op_report_annual_csv(struct scs_ctx *c, int year, char **out_csv,
    size_t *out_len, struct scs_err *err)
{
	struct scs_annual *a = NULL;
	uint64_t size = 0;
	int rc;

	*out_csv = NULL;
	*out_len = 0;
	if ((rc = scan(c, year, &a, &size, err)) != SCS_OK)
		return rc;
	rc = scs_annual_csv(a, out_csv, out_len);
	scs_annual_free(a);
	if (rc != SCS_OK)
		return scs_err_set(err, rc, "",
		    rc == SCS_ETOOBIG ? "the report is too long for CSV"
		                      : "out of memory");
	return SCS_OK;
}
