/* SPDX-License-Identifier: Apache-2.0 */
/*
 * register.c - validity rules of clearances, approvals, briefings,
 * memberships, suspensions and designated items, and the designation-term
 * rules of the SDS Act (DESIGN.md section 3): a term of at most 5 years,
 * 30 years in total, 60 with cabinet approval, beyond only for the
 * exception categories.  Part of core: no I/O, no clock.
 */
#include <stdio.h>
#include <string.h>

#include "scs/register.h"

const char *const scs_item_field_codes[SCS_FIELD_N] = {"defense", "diplomacy",
    "harmful_activities", "terrorism", "economic_security"};

const char *const scs_clearance_status_codes[SCS_CLR_N] = {"active", "interim",
    "suspended", "revoked", "expired", "ended"};

static int
code_of(const char *const *names, int n, const char *s)
{
	int i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

const char *
scs_item_field_name(enum scs_item_field f)
{
	return (unsigned)f < SCS_FIELD_N ? scs_item_field_codes[f] : NULL;
}

int
scs_item_field_parse(const char *s, enum scs_item_field *out)
{
	int i = code_of(scs_item_field_codes, SCS_FIELD_N, s);

	if (i < 0)
		return -1;
	*out = (enum scs_item_field)i;
	return 0;
}

const char *
scs_clearance_status_name(enum scs_clearance_status s)
{
	return (unsigned)s < SCS_CLR_N ? scs_clearance_status_codes[s] : NULL;
}

int
scs_clearance_status_parse(const char *s, enum scs_clearance_status *out)
{
	int i = code_of(scs_clearance_status_codes, SCS_CLR_N, s);

	if (i < 0)
		return -1;
	*out = (enum scs_clearance_status)i;
	return 0;
}

int
scs_period_validate(int64_t from, int64_t until, struct scs_err *err)
{
	if (from < SCS_TIME_MIN || from >= SCS_TIME_MAX)
		return scs_err_set(err, SCS_EINVAL, "valid_from",
		    "must be between 1900 and 2199");
	if (until != SCS_TIME_NEVER && until <= from)
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "must be after valid_from");
	return SCS_OK;
}

int
scs_valid_nation(const struct scs_refdata *rd, const char *s, const char *field,
    struct scs_err *err)
{
	char codes[SCS_ALLIANCES_MAX * (SCS_AUTH_CODE_MAX + 2)] = "";
	size_t i, len = 0;

	if (scs_valid_country(s, field, NULL) == SCS_OK ||
	    scs_refdata_alliance(rd, s) != NULL)
		return SCS_OK;
	for (i = 0; i < rd->nalliances && i < SCS_ALLIANCES_MAX; i++)
		len += (size_t)snprintf(codes + len, sizeof(codes) - len,
		    "%s%s", i > 0 ? ", " : "", rd->alliances[i].code);
	return scs_err_set(err, SCS_EINVAL, field,
	    "must be an ISO 3166-1 alpha-3 code or an alliance of "
	    "data/alliances.csv (%s)",
	    codes);
}

int
scs_valid_level(const struct scs_refdata *rd, const char *auth,
    const char *level, struct scs_err *err)
{
	if (scs_refdata_authority(rd, auth) == NULL)
		return scs_err_set(err, SCS_EINVAL, "authority",
		    "unknown authority \"%s\" (see data/authorities.csv)",
		    auth);
	if (scs_refdata_level(rd, auth, level) == NULL)
		return scs_err_set(err, SCS_EINVAL, "level",
		    "\"%s\" is not a level of %s (see data/levels.csv)", level,
		    auth);
	return SCS_OK;
}

int
scs_conforming_validate(const struct scs_refdata *rd,
    const struct scs_conforming *c, struct scs_err *err)
{
	if (scs_valid_id(c->org, "org", err) != SCS_OK ||
	    scs_valid_level(rd, c->authority, c->level, err) != SCS_OK)
		return SCS_EINVAL;
	return scs_period_validate(c->valid_from, c->valid_until, err);
}

int
scs_clearance_validate(const struct scs_refdata *rd,
    const struct scs_clearance *c, struct scs_err *err)
{
	if (scs_valid_id(c->person, "person", err) != SCS_OK ||
	    scs_valid_level(rd, c->authority, c->level, err) != SCS_OK)
		return SCS_EINVAL;
	if (scs_clearance_status_name(c->status) == NULL)
		return scs_err_set(err, SCS_EINVAL, "status",
		    "must be one of active, interim, suspended, revoked, "
		    "expired, ended");
	return scs_period_validate(c->valid_from, c->valid_until, err);
}

int
scs_label_validate(const struct scs_label *l, struct scs_err *err)
{
	if (scs_valid_id(l->id, "id", err) != SCS_OK ||
	    scs_valid_text(l->name, SCS_NAME_MAX, "name", err) != SCS_OK ||
	    scs_valid_id(l->owner, "owner", err) != SCS_OK)
		return SCS_EINVAL;
	return SCS_OK;
}

int
scs_briefing_validate(const struct scs_briefing *b, struct scs_err *err)
{
	if (scs_valid_id(b->person, "person", err) != SCS_OK ||
	    scs_valid_id(b->compartment, "compartment", err) != SCS_OK ||
	    scs_period_validate(b->valid_from, b->valid_until, err) != SCS_OK)
		return SCS_EINVAL;
	if (b->has_nda &&
	    (b->nda_signed < SCS_TIME_MIN || b->nda_signed >= SCS_TIME_MAX))
		return scs_err_set(err, SCS_EINVAL, "nda_signed",
		    "must be between 1900 and 2199");
	return SCS_OK;
}

int
scs_membership_validate(const struct scs_membership *m, struct scs_err *err)
{
	if (scs_valid_id(m->program, "program", err) != SCS_OK ||
	    scs_valid_id(m->person, "person", err) != SCS_OK)
		return SCS_EINVAL;
	return scs_period_validate(m->valid_from, m->valid_until, err);
}

int
scs_suspension_validate(const struct scs_suspension *s, struct scs_err *err)
{
	if (scs_valid_id(s->person, "person", err) != SCS_OK ||
	    scs_period_validate(s->valid_from, s->valid_until, err) != SCS_OK)
		return SCS_EINVAL;
	if (s->reason[0] != '\0' &&
	    scs_valid_text(s->reason, SCS_REASON_MAX, "reason", err) != SCS_OK)
		return SCS_EINVAL;
	return SCS_OK;
}

static int
valid_ids(const char (*ids)[SCS_ID_MAX + 1], size_t n, const char *name,
    struct scs_err *err)
{
	char field[64];
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (snprintf(field, sizeof(field), "%s[%zu]", name, i) < 0)
			field[0] = '\0';
		if (scs_valid_id(ids[i], field, err) != SCS_OK)
			return SCS_EINVAL;
		for (j = 0; j < i; j++)
			if (strcmp(ids[i], ids[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats \"%s\"", ids[i]);
	}
	return SCS_OK;
}

/* The total limits over the whole designation history. */
static int
check_total(const struct scs_item *it, struct scs_err *err)
{
	int64_t y30 = scs_time_add_years(it->valid_from, SCS_TOTAL_YEARS);
	int64_t y60 = scs_time_add_years(it->valid_from, SCS_CABINET_YEARS);

	if (it->exception)
		return SCS_OK;
	if (it->valid_until == SCS_TIME_NEVER || it->valid_until > y60)
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "designation beyond 60 years in total is allowed only for "
		    "an exception category (\"exception\": true)");
	if (it->valid_until > y30 && !it->cabinet_approval)
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "designation beyond 30 years in total needs cabinet "
		    "approval (\"cabinet_approval\": true)");
	return SCS_OK;
}

int
scs_item_validate(const struct scs_refdata *rd, const struct scs_item *it,
    struct scs_err *err)
{
	char field[64];
	size_t i, j;

	if (scs_valid_id(it->id, "id", err) != SCS_OK ||
	    scs_valid_text(it->title, SCS_TITLE_MAX, "title", err) != SCS_OK ||
	    scs_valid_id(it->owner, "owner", err) != SCS_OK)
		return SCS_EINVAL;
	if (scs_item_field_name(it->field) == NULL)
		return scs_err_set(err, SCS_EINVAL, "field",
		    "must be one of defense, diplomacy, harmful_activities, "
		    "terrorism, economic_security");
	if (scs_valid_level(rd, it->authority, it->level, err) != SCS_OK ||
	    valid_ids(it->compartments, it->ncompartments, "compartments",
	        err) != SCS_OK ||
	    valid_ids(it->programs, it->nprograms, "programs", err) != SCS_OK ||
	    scs_period_validate(it->valid_from, it->valid_until, err) != SCS_OK)
		return SCS_EINVAL;
	for (i = 0; i < it->nreleasable_to; i++) {
		if (snprintf(field, sizeof(field), "releasable_to[%zu]", i) < 0)
			field[0] = '\0';
		if (scs_valid_nation(rd, it->releasable_to[i], field, err) !=
		    SCS_OK)
			return SCS_EINVAL;
		for (j = 0; j < i; j++)
			if (strcmp(it->releasable_to[i],
			        it->releasable_to[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats %s", it->releasable_to[i]);
	}
	if (it->declassified && it->declassified_at < it->valid_from)
		return scs_err_set(err, SCS_EINVAL, "declassified",
		    "must not be before the first designation (valid_from)");
	return check_total(it, err);
}

/* The law that sets @auth's designation terms, as the reference tables
 * name it ("Specially Designated Secrets (Act No. 108 of 2013)"). */
static const char *
term_law(const struct scs_refdata *rd, const char *auth)
{
	const struct scs_authority *a =
	    rd != NULL ? scs_refdata_authority(rd, auth) : NULL;

	return a != NULL && a->name[0] != '\0' ? a->name : auth;
}

int
scs_item_check_designate(const struct scs_refdata *rd,
    const struct scs_item *it, struct scs_err *err)
{
	int rc = scs_item_validate(rd, it, err);

	if (rc != SCS_OK)
		return rc;
	if (it->declassified)
		return scs_err_set(err, SCS_EINVAL, "declassified",
		    "a new designation cannot be declassified already");
	if (it->valid_until == SCS_TIME_NEVER ||
	    it->valid_until >
	        scs_time_add_years(it->valid_from, SCS_TERM_YEARS))
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "a designation term is at most %d years under %s; renew "
		    "it before it ends",
		    SCS_TERM_YEARS, term_law(rd, it->authority));
	return SCS_OK;
}

int
scs_item_renew(const struct scs_refdata *rd, struct scs_item *it, int64_t now,
    int64_t until, bool cabinet_approval, bool exception, struct scs_err *err)
{
	struct scs_item next = *it;

	if (it->declassified)
		return scs_err_set(err, SCS_ECONFLICT, "declassified",
		    "a declassified item cannot be renewed");
	if (it->valid_until == SCS_TIME_NEVER)
		return scs_err_set(err, SCS_ECONFLICT, "valid_until",
		    "the current term has no end to renew from");
	if (until <= it->valid_until)
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "a renewal must end after the current term");
	/* From the moment of renewal, not from the current end: the term
	 * left never exceeds 5 years, however often it is renewed. */
	if (until > scs_time_add_years(now, SCS_TERM_YEARS))
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "a renewed term ends at most %d years after the renewal "
		    "under %s",
		    SCS_TERM_YEARS, term_law(rd, it->authority));
	next.valid_until = until;
	next.cabinet_approval = it->cabinet_approval || cabinet_approval;
	next.exception = it->exception || exception;
	if (check_total(&next, err) != SCS_OK)
		return SCS_EINVAL;
	*it = next;
	return SCS_OK;
}

int
scs_item_declassify(struct scs_item *it, int64_t at, struct scs_err *err)
{
	if (it->declassified)
		return scs_err_set(err, SCS_ECONFLICT, "declassified",
		    "the item is already declassified");
	if (at < it->valid_from)
		return scs_err_set(err, SCS_EINVAL, "declassified",
		    "must not be before the first designation (valid_from)");
	it->declassified = true;
	it->declassified_at = at;
	return SCS_OK;
}

bool
scs_item_classified(const struct scs_item *it, int64_t t)
{
	if (it->declassified && it->declassified_at <= t)
		return false;
	return scs_period_holds(it->valid_from, it->valid_until, t);
}

void
scs_record_key(char *out, size_t size, const char *a, const char *b,
    int64_t from)
{
	char ts[SCS_TIME_STRMAX];

	(void)scs_time_format(from, ts);
	if (snprintf(out, size, "%s/%s/%s", a, b, ts) < 0 && size > 0)
		out[0] = '\0';
}

int
scs_clearance_check_recorded(const struct scs_refdata *rd,
    const struct scs_clearance *c, struct scs_err *err)
{
	const struct scs_authority *a = scs_refdata_authority(rd, c->authority);

	if (a == NULL || a->validity_years <= 0)
		return SCS_OK;
	if (c->valid_until == SCS_TIME_NEVER ||
	    c->valid_until >
	        scs_time_add_years(c->valid_from, a->validity_years))
		return scs_err_set(err, SCS_EINVAL, "valid_until",
		    "a %s clearance is valid at most %d years from valid_from "
		    "(data/authorities.csv)",
		    c->authority, a->validity_years);
	return SCS_OK;
}
