/* SPDX-License-Identifier: Apache-2.0 */
/*
 * model.c - codes and validity rules of the register's records.  Part of
 * core: pure functions over structs, no I/O, no clock.  Every refusal names
 * the field and says why, in words an operator can act on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/model.h"

const char *const scs_org_type_codes[SCS_ORG_NTYPES] = {"government",
    "contractor", "research", "screening", "partner"};

static const char *const relations[SCS_REL_NTYPES] = {"spouse", "parent",
    "child", "sibling", "spouse_parent", "other"};

static const struct {
	enum scs_role role;
	const char *name;
} roles[] = {
    {SCS_ROLE_ADMIN, "admin"},
    {SCS_ROLE_SECURITY_OFFICER, "security_officer"},
    {SCS_ROLE_SUBJECT, "subject"},
    {SCS_ROLE_INVESTIGATOR, "investigator"},
    {SCS_ROLE_ADJUDICATOR, "adjudicator"},
    {SCS_ROLE_DESIGNATOR, "designator"},
    {SCS_ROLE_AUDITOR, "auditor"},
    {SCS_ROLE_RELYING, "relying_system"},
};

static int
parse_code(const char *const *names, size_t n, const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
scs_org_type_name(enum scs_org_type t)
{
	return (unsigned)t < SCS_ORG_NTYPES ? scs_org_type_codes[t] : NULL;
}

int
scs_org_type_parse(const char *s, enum scs_org_type *out)
{
	int i = parse_code(scs_org_type_codes, SCS_ORG_NTYPES, s);

	if (i < 0)
		return -1;
	*out = (enum scs_org_type)i;
	return 0;
}

const char *
scs_relation_name(enum scs_relation r)
{
	return (unsigned)r < SCS_REL_NTYPES ? relations[r] : NULL;
}

int
scs_relation_parse(const char *s, enum scs_relation *out)
{
	int i = parse_code(relations, SCS_REL_NTYPES, s);

	if (i < 0)
		return -1;
	*out = (enum scs_relation)i;
	return 0;
}

const char *
scs_role_name(enum scs_role r)
{
	size_t i;

	for (i = 0; i < SCS_NELEM(roles); i++)
		if (roles[i].role == r)
			return roles[i].name;
	return NULL;
}

int
scs_role_parse(const char *s, enum scs_role *out)
{
	size_t i;

	for (i = 0; s != NULL && i < SCS_NELEM(roles); i++)
		if (strcmp(roles[i].name, s) == 0) {
			*out = roles[i].role;
			return 0;
		}
	return -1;
}

int
scs_valid_id(const char *s, const char *field, struct scs_err *err)
{
	size_t i, n = strlen(s);

	if (n == 0)
		return scs_err_set(err, SCS_EINVAL, field, "must not be empty");
	if (n > SCS_ID_MAX)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be at most %d bytes", SCS_ID_MAX);
	if (s[0] == '.' || s[0] == '-')
		return scs_err_set(err, SCS_EINVAL, field,
		    "must not start with '.' or '-'");
	for (i = 0; i < n; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-' || c == ':')
			continue;
		return scs_err_set(err, SCS_EINVAL, field,
		    "may hold only letters, digits, '.', '_', ':' and '-'");
	}
	return SCS_OK;
}

int
scs_valid_text(const char *s, size_t max, const char *field,
    struct scs_err *err)
{
	size_t i, n = strlen(s);

	if (n == 0)
		return scs_err_set(err, SCS_EINVAL, field, "must not be empty");
	if (n > max)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be at most %zu bytes", max);
	if (s[0] == ' ' || s[n - 1] == ' ')
		return scs_err_set(err, SCS_EINVAL, field,
		    "must not start or end with a space");
	/* Not only JSON brings text: query strings and files can carry any
	 * bytes, and the audit log must stay readable. */
	if (!scs_utf8_valid(s, n))
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be valid UTF-8");
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f ||
		    ((unsigned char)s[i] == 0xc2 && i + 1 < n &&
		        (unsigned char)s[i + 1] <= 0x9f))
			return scs_err_set(err, SCS_EINVAL, field,
			    "must not hold control characters");
	return SCS_OK;
}

static int
digits(const char *s, int n)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
scs_valid_date(const char *s, const char *field, struct scs_err *err)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31};
	int y, m, d, max;

	if (strlen(s) != SCS_DATE_LEN || s[4] != '-' || s[7] != '-' ||
	    (y = digits(s, 4)) < 0 || (m = digits(s + 5, 2)) < 0 ||
	    (d = digits(s + 8, 2)) < 0)
		return scs_err_set(err, SCS_EINVAL, field,
		    "must be a date YYYY-MM-DD");
	if (y < 1850 || y > 2199)
		return scs_err_set(err, SCS_EINVAL, field,
		    "year must be between 1850 and 2199");
	if (m < 1 || m > 12)
		return scs_err_set(err, SCS_EINVAL, field,
		    "month must be 01 to 12");
	max = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		max = 29;
	if (d < 1 || d > max)
		return scs_err_set(err, SCS_EINVAL, field,
		    "is not a day of that month (%04d-%02d has %d days)", y, m,
		    max);
	return SCS_OK;
}

static int
valid_nationalities(const char (*nat)[4], size_t n, bool required,
    struct scs_err *err)
{
	char field[48];
	size_t i, j;

	if (n == 0 && required)
		return scs_err_set(err, SCS_EINVAL, "nationalities",
		    "must name at least one nationality");
	for (i = 0; i < n; i++) {
		(void)snprintf(field, sizeof(field), "nationalities[%zu]", i);
		if (scs_valid_country(nat[i], field, err) != SCS_OK)
			return SCS_EINVAL;
		for (j = 0; j < i; j++)
			if (strcmp(nat[i], nat[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats %s", nat[i]);
	}
	return SCS_OK;
}

int
scs_org_validate(const struct scs_org *o, struct scs_err *err)
{
	char field[48];
	size_t i, j;

	if (scs_valid_id(o->id, "id", err) != SCS_OK ||
	    scs_valid_text(o->name, SCS_NAME_MAX, "name", err) != SCS_OK)
		return SCS_EINVAL;
	if (scs_org_type_name(o->type) == NULL)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one of government, contractor, research, "
		    "screening, partner");
	if (scs_valid_country(o->country, "country", err) != SCS_OK)
		return SCS_EINVAL;
	if (o->naccredited_for > 0 && o->type != SCS_ORG_SCREENING)
		return scs_err_set(err, SCS_EINVAL, "accredited_for",
		    "only a screening body is accredited");
	/* The timeliness report calls the cases without a body so. */
	if (o->type == SCS_ORG_SCREENING && strcmp(o->id, "unassigned") == 0)
		return scs_err_set(err, SCS_EINVAL, "id",
		    "unassigned is reserved: reports name the cases without a "
		    "screening body so");
	for (i = 0; i < o->naccredited_for; i++) {
		(void)snprintf(field, sizeof(field), "accredited_for[%zu]", i);
		if (scs_valid_id(o->accredited_for[i], field, err) != SCS_OK)
			return SCS_EINVAL;
		for (j = 0; j < i; j++)
			if (strcmp(o->accredited_for[i],
			        o->accredited_for[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats %s", o->accredited_for[i]);
	}
	return SCS_OK;
}

bool
scs_org_accredited(const struct scs_org *o, const char *authority)
{
	size_t i;

	for (i = 0; i < o->naccredited_for; i++)
		if (strcmp(o->accredited_for[i], authority) == 0)
			return true;
	return false;
}

/* The next code point of valid UTF-8 at *@s (which it passes). */
static uint32_t
next_cp(const unsigned char **s)
{
	const unsigned char *p = *s;
	uint32_t c = p[0];
	int n = c < 0x80 ? 0 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : 3;

	if (n > 0)
		c &= 0x3FU >> n;
	for (int i = 1; i <= n; i++)
		c = c << 6 | (p[i] & 0x3FU);
	*s = p + n + 1;
	return c;
}

int
scs_valid_kana(const char *s, const char *field, struct scs_err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	bool kana = false;

	if (*s == '\0')
		return SCS_OK;
	if (scs_valid_text(s, SCS_NAME_MAX, field, err) != SCS_OK)
		return SCS_EINVAL;
	while (*p != '\0') {
		uint32_t c = next_cp(&p);

		if (c == ' ' || c == 0x3000)
			continue;
		if ((c >= 0x3041 && c <= 0x3096) ||
		    (c >= 0x309b && c <= 0x30ff) ||
		    (c >= 0x31f0 && c <= 0x31ff) ||
		    (c >= 0xff65 && c <= 0xff9f)) {
			/* the marks alone are no reading */
			kana = kana ||
			    !(c == 0x309b || c == 0x309c || c == 0x30fb ||
			        c == 0x30fc || c == 0xff65 || c == 0xff70 ||
			        c == 0xff9e || c == 0xff9f);
			continue;
		}
		return scs_err_set(err, SCS_EINVAL, field,
		    "must hold only kana (U+%04X is not)", (unsigned)c);
	}
	if (!kana)
		return scs_err_set(err, SCS_EINVAL, field, "must hold kana");
	return SCS_OK;
}

/* A name as printed in a passport: Latin letters, spaces, and the
 * hyphen, apostrophe and comma that some passports print. */
static int
valid_passport(const char *s, struct scs_err *err)
{
	bool letter = false;

	if (*s == '\0')
		return SCS_OK;
	if (scs_valid_text(s, SCS_NAME_MAX, "name_passport", err) != SCS_OK)
		return SCS_EINVAL;
	for (const char *p = s; *p != '\0'; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
			letter = true;
			continue;
		}
		if (*p != ' ' && *p != '-' && *p != '\'' && *p != ',')
			return scs_err_set(err, SCS_EINVAL, "name_passport",
			    "must hold only the Latin letters A-Z, spaces, "
			    "hyphens, apostrophes and commas");
	}
	if (!letter)
		return scs_err_set(err, SCS_EINVAL, "name_passport",
		    "must hold a letter");
	return SCS_OK;
}

static int
valid_aliases(const struct scs_person *p, struct scs_err *err)
{
	char field[32];

	for (size_t i = 0; i < p->naliases; i++) {
		(void)snprintf(field, sizeof(field), "aliases[%zu]", i);
		if (scs_valid_text(p->aliases[i], SCS_NAME_MAX, field, err) !=
		    SCS_OK)
			return SCS_EINVAL;
		for (size_t k = 0; k < i; k++)
			if (strcmp(p->aliases[k], p->aliases[i]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "repeats aliases[%zu]", k);
	}
	return SCS_OK;
}

int
scs_person_validate(const struct scs_person *p, struct scs_err *err)
{
	if (scs_valid_id(p->id, "id", err) != SCS_OK ||
	    scs_valid_text(p->name, SCS_NAME_MAX, "name", err) != SCS_OK ||
	    scs_valid_text(p->name_latin, SCS_NAME_MAX, "name_latin", err) !=
	        SCS_OK ||
	    scs_valid_kana(p->name_kana, "name_kana", err) != SCS_OK ||
	    valid_passport(p->name_passport, err) != SCS_OK ||
	    valid_aliases(p, err) != SCS_OK ||
	    scs_valid_date(p->birth_date, "birth_date", err) != SCS_OK ||
	    valid_nationalities(p->nationalities, p->nnationalities, true,
	        err) != SCS_OK ||
	    scs_valid_id(p->org, "org", err) != SCS_OK)
		return SCS_EINVAL;
	return SCS_OK;
}

static int
relative_validate(const struct scs_relative *r, struct scs_err *err)
{
	if (scs_relation_name(r->relation) == NULL)
		return scs_err_set(err, SCS_EINVAL, "relation",
		    "must be one of spouse, parent, child, sibling, "
		    "spouse_parent, other");
	if (scs_valid_text(r->name, SCS_NAME_MAX, "name", err) != SCS_OK ||
	    scs_valid_date(r->birth_date, "birth_date", err) != SCS_OK ||
	    valid_nationalities(r->nationalities, r->nnationalities, true,
	        err) != SCS_OK ||
	    scs_valid_text(r->address, SCS_ADDRESS_MAX, "address", err) !=
	        SCS_OK)
		return SCS_EINVAL;
	return SCS_OK;
}

int
scs_relatives_validate(const struct scs_relatives *r, struct scs_err *err)
{
	char prefix[48];
	size_t i;

	if (r->n > SCS_RELATIVES_MAX)
		return scs_err_set(err, SCS_EINVAL, "relatives",
		    "must hold at most %d entries", SCS_RELATIVES_MAX);
	for (i = 0; i < r->n; i++)
		if (relative_validate(&r->r[i], err) != SCS_OK) {
			(void)snprintf(prefix, sizeof(prefix), "relatives[%zu]",
			    i);
			scs_err_prefix(err, prefix);
			return SCS_EINVAL;
		}
	return SCS_OK;
}

int
scs_user_validate(const struct scs_user *u, struct scs_err *err)
{
	if (scs_valid_id(u->id, "username", err) != SCS_OK ||
	    scs_valid_id(u->org, "org", err) != SCS_OK)
		return SCS_EINVAL;
	if (scs_role_name(u->role) == NULL)
		return scs_err_set(err, SCS_EINVAL, "role",
		    "must be one of admin, security_officer, subject, "
		    "investigator, adjudicator, designator, auditor, "
		    "relying_system");
	if (u->role == SCS_ROLE_SUBJECT)
		return scs_valid_id(u->person, "person", err);
	if (u->person[0] != '\0')
		return scs_err_set(err, SCS_EINVAL, "person",
		    "only a subject's account names a person");
	return SCS_OK;
}

void
scs_person_clear(struct scs_person *p)
{
	scs_blob_free(&p->relatives);
	memset(p, 0, sizeof(*p));
}
