/* SPDX-License-Identifier: Apache-2.0 */
/*
 * selfreport.c - the self-reporting duties (selfreport.h): the table, due
 * dates in business days, lateness.  Part of core: no I/O, no clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/selfreport.h"
#include "scs/util.h"

#define DAY 86400

struct auth_duties {
	char authority[16];
	struct scs_duty d[SCS_DUTIES_MAX];
	size_t n;
};

struct scs_duties {
	struct auth_duties def;
	struct auth_duties *a;
	size_t na;
};

static int
code_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SCS_DUTY_TYPE_MAX || s[0] < 'a' || s[0] > 'z')
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

static int
bad(struct scs_err *err, const char *list, size_t i, const char *member,
    const char *reason)
{
	char field[96];

	(void)snprintf(field, sizeof(field), "%s[%zu].%s", list, i, member);
	return scs_err_set(err, SCS_EINVAL, field, "%s", reason);
}

/* One duty object @j at @list[@i] into @u. */
static int
duty(const json_t *j, const char *list, size_t i, struct scs_duty *u,
    struct scs_err *err)
{
	const char *type = json_string_value(json_object_get(j, "type"));
	const char *after = json_string_value(json_object_get(j, "after"));
	const char *alert = json_string_value(json_object_get(j, "alert"));
	const json_t *days = json_object_get(j, "due_business_days");
	const json_t *pre = json_object_get(j, "pre_approval");
	const json_t *feeds = json_object_get(j, "feed_types"), *f;
	size_t k;

	memset(u, 0, sizeof(*u));
	if (!json_is_object(j))
		return bad(err, list, i, "type", "a duty is an object");
	if (type == NULL || !code_ok(type))
		return bad(err, list, i, "type", "must be a lower-case code");
	(void)scs_strlcpy(u->type, type, sizeof(u->type));
	if (!json_is_integer(days) || json_integer_value(days) < 0 ||
	    json_integer_value(days) > 365)
		return bad(err, list, i, "due_business_days",
		    "must be a whole number from 0 to 365");
	u->due_business_days = (int)json_integer_value(days);
	if (after == NULL ||
	    (strcmp(after, "date") != 0 && strcmp(after, "end") != 0))
		return bad(err, list, i, "after", "must be date or end");
	u->after_end = strcmp(after, "end") == 0;
	if (pre != NULL && !json_is_boolean(pre))
		return bad(err, list, i, "pre_approval",
		    "must be true or false");
	u->pre_approval = json_is_true(pre);
	if (alert == NULL)
		return bad(err, list, i, "alert",
		    "must be always, late or never");
	if (strcmp(alert, "always") == 0)
		u->alert = SCS_DUTY_ALERT_ALWAYS;
	else if (strcmp(alert, "late") == 0)
		u->alert = SCS_DUTY_ALERT_LATE;
	else if (strcmp(alert, "never") == 0)
		u->alert = SCS_DUTY_ALERT_NEVER;
	else
		return bad(err, list, i, "alert",
		    "must be always, late or never");
	if (!json_is_array(feeds) ||
	    json_array_size(feeds) > SCS_DUTY_FEEDS_MAX)
		return bad(err, list, i, "feed_types",
		    "must be an array of at most 8 codes");
	json_array_foreach(feeds, k, f)
	{
		if (!json_is_string(f) || !code_ok(json_string_value(f)))
			return bad(err, list, i, "feed_types",
			    "must hold lower-case codes");
		(void)scs_strlcpy(u->feed_types[u->nfeed_types++],
		    json_string_value(f), SCS_DUTY_TYPE_MAX + 1);
	}
	return SCS_OK;
}

static int
duty_list(const json_t *a, const char *name, struct auth_duties *out,
    struct scs_err *err)
{
	const json_t *j;
	size_t i;
	int rc;

	if (!json_is_array(a) || json_array_size(a) == 0 ||
	    json_array_size(a) > SCS_DUTIES_MAX)
		return scs_err_set(err, SCS_EINVAL, name,
		    "must be an array of 1 to %d duties", SCS_DUTIES_MAX);
	out->n = 0;
	json_array_foreach(a, i, j)
	{
		if ((rc = duty(j, name, i, &out->d[out->n], err)) != SCS_OK)
			return rc;
		for (size_t k = 0; k < out->n; k++)
			if (strcmp(out->d[k].type, out->d[out->n].type) == 0)
				return bad(err, name, i, "type",
				    "repeats a duty of the list");
		out->n++;
	}
	return SCS_OK;
}

int
scs_duties_parse(const char *text, size_t len, struct scs_duties **out,
    struct scs_err *err)
{
	struct scs_duties *d = calloc(1, sizeof(*d));
	json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	const json_t *auths, *v;
	const char *key;
	int rc;

	*out = NULL;
	if (d == NULL) {
		json_decref(j);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	if (!json_is_object(j)) {
		rc = scs_err_set(err, SCS_EINVAL, "", "must be a JSON object");
		goto fail;
	}
	if ((rc = duty_list(json_object_get(j, "default"), "default", &d->def,
	         err)) != SCS_OK)
		goto fail;
	auths = json_object_get(j, "authorities");
	if (auths != NULL && !json_is_object(auths)) {
		rc = scs_err_set(err, SCS_EINVAL, "authorities",
		    "must be an object of duty lists");
		goto fail;
	}
	if (json_object_size(auths) > 0 &&
	    (d->a = calloc(json_object_size(auths), sizeof(*d->a))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto fail;
	}
	json_object_foreach((json_t *)auths, key, v)
	{
		struct auth_duties *a;

		if (d->a == NULL) { /* a member, so calloc ran */
			rc = scs_err_set(err, SCS_EINTERNAL, "authorities",
			    "no room");
			goto fail;
		}
		a = &d->a[d->na];

		if (!scs_strlcpy(a->authority, key, sizeof(a->authority))) {
			rc = scs_err_set(err, SCS_EINVAL, "authorities",
			    "an authority code is too long");
			goto fail;
		}
		if ((rc = duty_list(v, key, a, err)) != SCS_OK)
			goto fail;
		d->na++;
	}
	json_decref(j);
	*out = d;
	return SCS_OK;
fail:
	json_decref(j);
	scs_duties_free(d);
	return rc;
}

void
scs_duties_free(struct scs_duties *d)
{
	if (d == NULL)
		return;
	free(d->a);
	free(d);
}

void
scs_duties_of(const struct scs_duties *d, const char *authority,
    const struct scs_duty **out, size_t *n)
{
	for (size_t i = 0; authority != NULL && i < d->na; i++)
		if (strcmp(d->a[i].authority, authority) == 0) {
			*out = d->a[i].d;
			*n = d->a[i].n;
			return;
		}
	*out = d->def.d;
	*n = d->def.n;
}

const struct scs_duty *
scs_duty_find(const struct scs_duties *d, const char *authority,
    const char *type)
{
	const struct scs_duty *u;
	size_t n;

	scs_duties_of(d, authority, &u, &n);
	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].type, type) == 0)
			return &u[i];
	return NULL;
}

bool
scs_duty_covers(const struct scs_duty *u, const char *feed_type)
{
	for (size_t i = 0; i < u->nfeed_types; i++)
		if (strcmp(u->feed_types[i], feed_type) == 0)
			return true;
	return false;
}

/* 0 Monday ... 6 Sunday, for midnight-UTC unix seconds. */
static int
weekday(int64_t t)
{
	int64_t days = t >= 0 ? t / DAY : (t - DAY + 1) / DAY;

	/* 1970-01-01 was a Thursday (3) */
	return (int)(((days % 7) + 7 + 3) % 7);
}

int64_t
scs_duty_due(const struct scs_duty *u, int64_t date, int64_t end)
{
	int64_t t = u->after_end && end != 0 ? end : date;
	int left = u->due_business_days;

	while (left > 0) {
		t += DAY;
		if (weekday(t) < 5)
			left--;
	}
	return t;
}

bool
scs_duty_late(const struct scs_duty *u, int64_t date, int64_t end,
    int64_t filed, bool pre_approval)
{
	if (pre_approval)
		return u->pre_approval && filed >= date;
	return filed >= scs_duty_due(u, date, end) + DAY;
}

int
scs_self_report_validate(const struct scs_self_report *r, struct scs_err *err)
{
	if (scs_valid_id(r->id, "id", err) != SCS_OK ||
	    scs_valid_id(r->person, "person", err) != SCS_OK)
		return SCS_EINVAL;
	if (!code_ok(r->type))
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be a lower-case code");
	if (scs_valid_date(r->date, "date", err) != SCS_OK ||
	    scs_valid_date(r->due, "due", err) != SCS_OK ||
	    (r->returned[0] != '\0' &&
	        scs_valid_date(r->returned, "returned", err) != SCS_OK))
		return SCS_EINVAL;
	if (r->returned[0] != '\0' && strcmp(r->returned, r->date) < 0)
		return scs_err_set(err, SCS_EINVAL, "returned",
		    "must not be before date");
	if (r->pre_approval && (r->deviation || r->returned[0] != '\0'))
		return scs_err_set(err, SCS_EINVAL,
		    r->deviation ? "deviation" : "returned",
		    "a request for approval reports no return or deviation");
	if (r->alert[0] != '\0' &&
	    scs_valid_id(r->alert, "alert", err) != SCS_OK)
		return SCS_EINVAL;
	return SCS_OK;
}
