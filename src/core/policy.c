/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy.c - the vetting policy of each authority, parsed from
 * data/vetting.json (policy.h), and the e-adjudication rules applied to
 * the facts of a closed investigation.  Part of core: no I/O; jansson is
 * used as a parser of text the caller read.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/policy.h"
#include "scs/util.h"

#define MAX_DAYS 36525 /* a hundred years */

/* A path in the file for an error ("authorities.X.consent[0].ja.why"),
 * cut short when it does not fit. */
static void __attribute__((format(printf, 3, 4)))
at(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(buf, size, fmt, ap) < 0)
		buf[0] = '\0';
	va_end(ap);
}

static int
bad(struct scs_err *err, const char *path, const char *reason)
{
	return scs_err_set(err, SCS_EINVAL, "vetting.json", "%s: %s", path,
	    reason);
}

static int
days(const json_t *o, const char *key, const char *path, int *out,
    struct scs_err *err)
{
	const json_t *v = json_object_get(o, key);
	char where[128];

	at(where, sizeof(where), "%s.%s", path, key);
	if (!json_is_integer(v) || json_integer_value(v) < 0 ||
	    json_integer_value(v) > MAX_DAYS)
		return bad(err, where, "must be a number of days");
	*out = (int)json_integer_value(v);
	return SCS_OK;
}

static int
copy_str(const json_t *v, char *dst, size_t size, const char *path,
    struct scs_err *err)
{
	if (!json_is_string(v) || json_string_length(v) == 0 ||
	    json_string_length(v) >= size)
		return bad(err, path, "must be a non-empty string");
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return SCS_OK;
}

/* A consent notice: a version, and the same six texts in ja and en. */
static int
check_notice(const json_t *n, const char *path, struct scs_err *err)
{
	static const char *const langs[] = {"ja", "en"};
	static const char *const parts[] = {"title", "what", "why", "who",
	    "retention", "refusal", "complaint"};
	char where[128], v[32];
	size_t i, k;
	int rc;

	at(where, sizeof(where), "%s.version", path);
	if ((rc = copy_str(json_object_get(n, "version"), v, sizeof(v), where,
	         err)) != SCS_OK ||
	    (rc = scs_valid_id(v, where, err)) != SCS_OK)
		return rc;
	for (i = 0; i < SCS_NELEM(langs); i++)
		for (k = 0; k < SCS_NELEM(parts); k++) {
			const json_t *l = json_object_get(n, langs[i]);
			const json_t *t = json_object_get(l, parts[k]);

			at(where, sizeof(where), "%s.%s.%s", path, langs[i],
			    parts[k]);
			if (!json_is_string(t) || json_string_length(t) == 0)
				return bad(err, where, "is required");
		}
	return SCS_OK;
}

static int
parse_rule(const struct scs_refdata *rd, const char *auth, const json_t *r,
    const char *path, struct scs_erule *out, struct scs_err *err)
{
	const json_t *lv = json_object_get(r, "levels"), *v;
	const char *s;
	char where[128];
	size_t i;
	int k, rc;

	memset(out, 0, sizeof(*out));
	at(where, sizeof(where), "%s.id", path);
	if ((rc = copy_str(json_object_get(r, "id"), out->id, sizeof(out->id),
	         where, err)) != SCS_OK)
		return rc;
	if (!json_is_array(lv) || json_array_size(lv) > SCS_ERULE_LEVELS)
		return bad(err, path, "levels must be a list of at most 8");
	json_array_foreach(lv, i, v)
	{
		at(where, sizeof(where), "%s.levels[%zu]", path, i);
		if ((rc = copy_str(v, out->levels[i], sizeof(out->levels[i]),
		         where, err)) != SCS_OK)
			return rc;
		if (strcmp(auth, "*") != 0 &&
		    scs_refdata_level(rd, auth, out->levels[i]) == NULL)
			return bad(err, where,
			    "is not a level of the authority");
		out->nlevels++;
	}
	s = json_string_value(json_object_get(r, "record_checks"));
	out->checks_clear = s != NULL && strcmp(s, "clear") == 0;
	if (s != NULL && !out->checks_clear && strcmp(s, "any") != 0)
		return bad(err, path, "record_checks must be clear or any");
	s = json_string_value(json_object_get(r, "self_report"));
	out->none_adverse = s != NULL && strcmp(s, "none_adverse") == 0;
	if (s != NULL && !out->none_adverse && strcmp(s, "any") != 0)
		return bad(err, path,
		    "self_report must be none_adverse or any");
	s = json_string_value(json_object_get(r, "max_severity"));
	for (k = 0; s != NULL && k < SCS_SEV_N; k++)
		if (strcmp(scs_severity_codes[k], s) == 0)
			break;
	if (s == NULL || k == SCS_SEV_N)
		return bad(err, path,
		    "max_severity must be none, minor, moderate or serious");
	out->max_severity = (enum scs_severity)k;
	return SCS_OK;
}

static int
parse_targets(const json_t *t, const char *path, struct scs_apolicy *a,
    struct scs_err *err)
{
	int i, d = 0, rc;

	for (i = 0; i <= SCS_PHASE_N; i++) {
		const char *key =
		    i < SCS_PHASE_N ? scs_phase_codes[i] : "end_to_end";

		if ((rc = days(t, key, path, &d, err)) != SCS_OK)
			return rc;
		a->targets_days[i] = d;
	}
	return SCS_OK;
}

/*
 * One entry of "targets_by_level": {"authority", "level", "targets_days"
 * (the phases it sets, at least one), "source" (where the figures come
 * from)}.  Its authority and level must exist, and be named once.
 */
static int
parse_ltarget(const struct scs_refdata *rd, const struct scs_policy *p,
    const json_t *o, const char *path, struct scs_ltarget *out,
    struct scs_err *err)
{
	const json_t *t = json_object_get(o, "targets_days"), *v;
	const char *key;
	char where[128];
	size_t i;
	int d = 0, k, rc;

	memset(out, 0, sizeof(*out));
	at(where, sizeof(where), "%s.authority", path);
	if ((rc = copy_str(json_object_get(o, "authority"), out->authority,
	         sizeof(out->authority), where, err)) != SCS_OK)
		return rc;
	if (scs_refdata_authority(rd, out->authority) == NULL)
		return bad(err, where, "unknown authority");
	at(where, sizeof(where), "%s.level", path);
	if ((rc = copy_str(json_object_get(o, "level"), out->level,
	         sizeof(out->level), where, err)) != SCS_OK)
		return rc;
	if (scs_refdata_level(rd, out->authority, out->level) == NULL)
		return bad(err, where, "is not a level of the authority");
	for (i = 0; i < p->nlt; i++)
		if (strcmp(p->lt[i].authority, out->authority) == 0 &&
		    strcmp(p->lt[i].level, out->level) == 0)
			return bad(err, where, "is named twice");
	at(where, sizeof(where), "%s.source", path);
	v = json_object_get(o, "source");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(err, where, "must say where the figures come from");
	at(where, sizeof(where), "%s.targets_days", path);
	if (!json_is_object(t) || json_object_size(t) == 0)
		return bad(err, where, "must set at least one phase");
	json_object_foreach((json_t *)t, key, v)
	{
		for (k = 0; k <= SCS_PHASE_N; k++)
			if (strcmp(key,
			        k < SCS_PHASE_N ? scs_phase_codes[k]
			                        : "end_to_end") == 0)
				break;
		if (k > SCS_PHASE_N)
			return bad(err, where,
			    "takes consent, questionnaire, initiation, "
			    "investigation, adjudication and end_to_end");
		if ((rc = days(t, key, where, &d, err)) != SCS_OK)
			return rc;
		out->days[k] = d;
		out->set[k] = true;
	}
	return SCS_OK;
}

/* "targets_by_level", optional (files before it stay valid). */
static int
parse_ltargets(const struct scs_refdata *rd, const json_t *a,
    struct scs_policy *p, struct scs_err *err)
{
	char where[64];
	size_t i, n;
	int rc;

	if (a == NULL)
		return SCS_OK;
	if (!json_is_array(a))
		return bad(err, "targets_by_level", "must be a list");
	if ((n = json_array_size(a)) == 0)
		return SCS_OK;
	if ((p->lt = calloc(n, sizeof(*p->lt))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; i < n; i++) {
		at(where, sizeof(where), "targets_by_level[%zu]", i);
		if ((rc = parse_ltarget(rd, p, json_array_get(a, i), where,
		         &p->lt[i], err)) != SCS_OK)
			return rc;
		p->nlt++;
	}
	return SCS_OK;
}

static int
parse_authority(const struct scs_refdata *rd, const char *auth, const json_t *o,
    struct scs_apolicy *a, struct scs_err *err)
{
	const json_t *consent = json_object_get(o, "consent");
	const json_t *rules = json_object_get(o, "e_adjudication"), *v;
	char path[96], where[128];
	size_t i;
	int rc;

	at(path, sizeof(path), "authorities.%s", auth);
	if (strcmp(auth, "*") != 0 && scs_refdata_authority(rd, auth) == NULL)
		return bad(err, path, "unknown authority");
	(void)scs_strlcpy(a->authority, auth, sizeof(a->authority));
	at(where, sizeof(where), "%s.questionnaire", path);
	if ((rc = copy_str(json_object_get(o, "questionnaire"),
	         a->questionnaire, sizeof(a->questionnaire), where, err)) !=
	        SCS_OK ||
	    (rc = days(o, "complaint_days", path, &a->complaint_days, err)) !=
	        SCS_OK)
		return rc;
	at(where, sizeof(where), "%s.targets_days", path);
	if ((rc = parse_targets(json_object_get(o, "targets_days"), where, a,
	         err)) != SCS_OK)
		return rc;
	if (!json_is_array(consent) || json_array_size(consent) == 0)
		return bad(err, path, "consent must list at least one notice");
	json_array_foreach(consent, i, v)
	{
		at(where, sizeof(where), "%s.consent[%zu]", path, i);
		if ((rc = check_notice(v, where, err)) != SCS_OK)
			return rc;
	}
	a->consent = json_incref((json_t *)consent);
	if (!json_is_array(rules))
		return bad(err, path, "e_adjudication must be a list");
	if (json_array_size(rules) > 0 &&
	    (a->rules = calloc(json_array_size(rules), sizeof(*a->rules))) ==
	        NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	json_array_foreach(rules, i, v)
	{
		at(where, sizeof(where), "%s.e_adjudication[%zu]", path, i);
		if ((rc = parse_rule(rd, auth, v, where, &a->rules[i], err)) !=
		    SCS_OK)
			return rc;
		a->nrules++;
	}
	return SCS_OK;
}

int
scs_policy_parse(const struct scs_refdata *rd, const char *text, size_t len,
    struct scs_policy **out, struct scs_err *err)
{
	const json_t *auths, *ret, *v;
	struct scs_policy *p;
	json_error_t jerr;
	const char *key;
	json_t *j;
	size_t i = 0;
	int rc = SCS_OK;

	*out = NULL;
	if ((j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		return scs_err_set(err, SCS_EINVAL, "vetting.json",
		    "line %d: %s", jerr.line, jerr.text);
	if ((p = calloc(1, sizeof(*p))) == NULL) {
		json_decref(j);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	auths = json_object_get(j, "authorities");
	ret = json_object_get(j, "retention");
	if ((rc = copy_str(json_object_get(j, "version"), p->version,
	         sizeof(p->version), "version", err)) != SCS_OK ||
	    (rc = days(ret, "not_completed_days", "retention",
	         &p->not_completed_days, err)) != SCS_OK ||
	    (rc = days(ret, "denied_days", "retention", &p->denied_days,
	         err)) != SCS_OK ||
	    (rc = days(ret, "ended_clearance_days", "retention",
	         &p->ended_clearance_days, err)) != SCS_OK)
		goto fail;
	if (!json_is_object(auths) || json_object_get(auths, "*") == NULL) {
		rc = bad(err, "authorities", "must hold \"*\" for the others");
		goto fail;
	}
	if ((p->a = calloc(json_object_size(auths), sizeof(*p->a))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto fail;
	}
	json_object_foreach((json_t *)auths, key, v)
	{
		if ((rc = parse_authority(rd, key, v, &p->a[i], err)) !=
		    SCS_OK) {
			p->n = i + 1; /* free what it took */
			goto fail;
		}
		p->n = ++i;
	}
	if ((rc = parse_ltargets(rd, json_object_get(j, "targets_by_level"), p,
	         err)) != SCS_OK)
		goto fail;
	json_decref(j);
	*out = p;
	return SCS_OK;
fail:
	json_decref(j);
	scs_policy_free(p);
	return rc;
}

void
scs_policy_free(struct scs_policy *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++) {
		json_decref(p->a[i].consent);
		free(p->a[i].rules);
	}
	for (i = 0; i < p->nschemas; i++)
		scs_qschema_free(p->schemas[i]);
	free(p->schemas);
	free(p->a);
	free(p->lt);
	free(p);
}

const struct scs_apolicy *
scs_policy_for(const struct scs_policy *p, const char *authority)
{
	const struct scs_apolicy *any = NULL;
	size_t i;

	for (i = 0; p != NULL && i < p->n; i++) {
		if (strcmp(p->a[i].authority, authority) == 0)
			return &p->a[i];
		if (strcmp(p->a[i].authority, "*") == 0)
			any = &p->a[i];
	}
	return any;
}

bool
scs_policy_targets(const struct scs_policy *p, const char *authority,
    const char *level, int64_t out[SCS_PHASE_N + 1])
{
	const struct scs_apolicy *a = scs_policy_for(p, authority);
	size_t i, k;

	if (a == NULL)
		return false;
	memcpy(out, a->targets_days, sizeof(a->targets_days));
	for (i = 0; i < p->nlt; i++) {
		const struct scs_ltarget *t = &p->lt[i];

		if (strcmp(t->authority, authority) != 0 ||
		    strcmp(t->level, level) != 0)
			continue;
		for (k = 0; k <= SCS_PHASE_N; k++)
			if (t->set[k])
				out[k] = t->days[k];
	}
	return true;
}

const char *
scs_policy_consent_version(const json_t *notice)
{
	return json_string_value(json_object_get(notice, "version"));
}

const json_t *
scs_policy_consent(const struct scs_apolicy *a, const char *version)
{
	const json_t *v;
	size_t i, n = json_array_size(a->consent);

	if (version == NULL)
		return n > 0 ? json_array_get(a->consent, n - 1) : NULL;
	json_array_foreach(a->consent, i, v)
	{
		const char *s = scs_policy_consent_version(v);

		if (s != NULL && strcmp(s, version) == 0)
			return v;
	}
	return NULL;
}

static bool
covers(const struct scs_erule *r, const char *level)
{
	size_t i;

	if (r->nlevels == 0)
		return true;
	for (i = 0; i < r->nlevels; i++)
		if (strcmp(r->levels[i], level) == 0)
			return true;
	return false;
}

const struct scs_erule *
scs_policy_e_adjudicate(const struct scs_apolicy *a, const char *level,
    const struct scs_efacts *f)
{
	size_t i;

	for (i = 0; a != NULL && i < a->nrules; i++) {
		const struct scs_erule *r = &a->rules[i];

		if (!covers(r, level))
			continue;
		if (r->checks_clear && (!f->checks_run || f->check_hits > 0))
			continue;
		if (r->none_adverse && f->adverse_answers > 0)
			continue;
		if (f->findings > 0 && f->worst > r->max_severity)
			continue;
		return r;
	}
	return NULL;
}

size_t
scs_policy_questionnaires(const struct scs_policy *p, const char **out,
    size_t max)
{
	size_t i, j, n = 0;

	for (i = 0; p != NULL && i < p->n; i++) {
		for (j = 0; j < n; j++)
			if (strcmp(out[j], p->a[i].questionnaire) == 0)
				break;
		if (j == n && n < max)
			out[n++] = p->a[i].questionnaire;
	}
	return n;
}

int
scs_policy_attach(struct scs_policy *p, const char *name, const char *text,
    size_t len, struct scs_err *err)
{
	struct scs_qschema *s = NULL, **grown;
	size_t i;
	int rc;

	if ((rc = scs_qschema_parse(text, len, &s, err)) != SCS_OK) {
		scs_err_prefix(err, name);
		return rc;
	}
	for (i = 0; i < p->n; i++) {
		struct scs_apolicy *a = &p->a[i];

		if (strcmp(a->questionnaire, name) != 0)
			continue;
		if (!scs_qschema_generic(s) &&
		    strcmp(scs_qschema_authority(s), a->authority) != 0) {
			/* The message names the schema's authority: said
			 * before the schema (which holds the text) is freed. */
			rc = scs_err_set(err, SCS_EINVAL, name,
			    "is the questionnaire of %s, not of %s",
			    scs_qschema_authority(s), a->authority);
			scs_qschema_free(s);
			return rc;
		}
	}
	grown = realloc(p->schemas,
	    (p->nschemas + 1) * sizeof(struct scs_qschema *));
	if (grown == NULL) {
		scs_qschema_free(s);
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	}
	p->schemas = grown;
	p->schemas[p->nschemas++] = s;
	for (i = 0; i < p->n; i++)
		if (strcmp(p->a[i].questionnaire, name) == 0)
			p->a[i].schema = s;
	return SCS_OK;
}

int
scs_policy_complete(const struct scs_policy *p, struct scs_err *err)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->a[i].schema == NULL)
			return scs_err_set(err, SCS_EINVAL, "vetting.json",
			    "authorities.%s: questionnaire %s is not loaded",
			    p->a[i].authority, p->a[i].questionnaire);
	return SCS_OK;
}
