/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refdata.c - parses and checks the reference tables (RFC 4180 CSV with a
 * header row).  Part of core: text in, structs out, no I/O.  Columns are
 * found by their header names, so a table may gain columns without a code
 * change; a missing column or a bad value is an error naming file, line
 * and column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/model.h"
#include "scs/policy.h"
#include "scs/refdata.h"

const char *const scs_refdata_files[4] = {"authorities.csv", "levels.csv",
    "penalties.csv", "alliances.csv"};

#define MAXCOLS  16
#define FIELDMAX 512

struct csv {
	const char *p, *end;
	unsigned line;
	char fields[MAXCOLS][FIELDMAX];
	size_t nfields;
};

/* Read one field into @dst; *out_last is set when it ends the record.
 * 0, or -1 on an unterminated quote or an over-long field. */
static int
csv_field(struct csv *c, char *dst, int *out_last)
{
	int quoted = c->p < c->end && *c->p == '"';
	size_t len = 0;
	char ch;

	if (quoted)
		c->p++;
	for (;;) {
		if (c->p >= c->end) {
			if (quoted)
				return -1;
			*out_last = 1;
			break;
		}
		ch = *c->p++;
		if (quoted && ch == '"') {
			if (c->p >= c->end || *c->p != '"') {
				quoted = 0;
				continue;
			}
			c->p++; /* "" is one quote */
		} else if (!quoted && (ch == ',' || ch == '\n')) {
			*out_last = ch == '\n';
			break;
		} else if (ch == '\n') {
			c->line++;
		}
		if (len + 1 >= FIELDMAX)
			return -1;
		dst[len++] = ch;
	}
	if (len > 0 && dst[len - 1] == '\r')
		len--;
	dst[len] = '\0';
	return 0;
}

/* Read one record; returns 1 on a record, 0 at the end, -1 on an error. */
static int
csv_next(struct csv *c)
{
	int last = 0;

	if (c->p >= c->end)
		return 0;
	c->line++;
	c->nfields = 0;
	while (!last) {
		if (c->nfields >= MAXCOLS ||
		    csv_field(c, c->fields[c->nfields], &last) < 0)
			return -1;
		c->nfields++;
	}
	return 1;
}

struct cols {
	const char *names[MAXCOLS];
	int at[MAXCOLS];
	size_t n;
};

static int
find_cols(struct csv *c, struct cols *k, const char *file, struct scs_err *err)
{
	size_t i, j;

	if (csv_next(c) != 1)
		return scs_err_set(err, SCS_EINVAL, file, "no header row");
	for (i = 0; i < k->n; i++) {
		k->at[i] = -1;
		for (j = 0; j < c->nfields; j++)
			if (strcmp(c->fields[j], k->names[i]) == 0)
				k->at[i] = (int)j;
		if (k->at[i] < 0)
			return scs_err_set(err, SCS_EINVAL, file,
			    "header lacks column \"%s\"", k->names[i]);
	}
	return SCS_OK;
}

/* Whether the record lacks any of the columns the header named. */
static int
short_record(const struct csv *c, const struct cols *k)
{
	size_t i;

	for (i = 0; i < k->n; i++)
		if ((size_t)k->at[i] >= c->nfields)
			return 1;
	return 0;
}

static int
bad(struct scs_err *err, const char *file, const struct csv *c, const char *col,
    const char *why)
{
	char field[SCS_ERR_FIELD_MAX];

	(void)snprintf(field, sizeof(field), "%s:%u: %s", file, c->line, col);
	return scs_err_set(err, SCS_EINVAL, field, "%s", why);
}

static int
to_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
copy(char *dst, size_t size, const char *src)
{
	return scs_strlcpy(dst, src, size) ? 0 : -1;
}

/* Split a space-separated list into fixed slots. */
static int
split(const char *s, char *slots, size_t slotsize, size_t nslots, size_t *out_n)
{
	char tmp[FIELDMAX], *tok, *save = NULL;
	size_t n = 0;

	if (copy(tmp, sizeof(tmp), s) < 0)
		return -1;
	for (tok = strtok_r(tmp, " ", &save); tok != NULL;
	     tok = strtok_r(NULL, " ", &save)) {
		if (n >= nslots ||
		    copy(slots + n * slotsize, slotsize, tok) < 0)
			return -1;
		n++;
	}
	*out_n = n;
	return 0;
}

static void *
grow(void *p, size_t n, size_t elem)
{
	if ((n & (n - 1)) != 0 && n != 0)
		return p;
	return realloc(p, (n == 0 ? 8 : 2 * n) * elem);
}

static int
parse_authorities(struct scs_refdata *rd, struct csv *c, const char *f,
    struct scs_err *err)
{
	struct cols k = {{"authority", "nations", "name", "native_name",
	                     "clearance_validity_years", "accepted_for"},
	    {0}, 6};
	struct scs_authority *a, *na;
	int r;

	if (find_cols(c, &k, f, err) != SCS_OK)
		return SCS_EINVAL;
	while ((r = csv_next(c)) == 1) {
		if (c->nfields == 1 && c->fields[0][0] == '\0')
			continue;
		if (short_record(c, &k))
			return bad(err, f, c, "", "too few columns");
		na = grow(rd->authorities, rd->nauthorities, sizeof(*na));
		if (na == NULL)
			return SCS_ENOMEM;
		rd->authorities = na;
		a = &rd->authorities[rd->nauthorities];
		memset(a, 0, sizeof(*a));
		if (c->fields[k.at[0]][0] == '\0' ||
		    copy(a->code, sizeof(a->code), c->fields[k.at[0]]) < 0)
			return bad(err, f, c, "authority", "empty or too long");
		if (scs_refdata_authority(rd, a->code) != NULL)
			return bad(err, f, c, "authority", "listed twice");
		if (split(c->fields[k.at[1]], &a->nations[0][0],
		        sizeof(a->nations[0]), SCS_NELEM(a->nations),
		        &a->nnations) < 0 ||
		    a->nnations == 0)
			return bad(err, f, c, "nations",
			    "must list one to eight nations");
		if (copy(a->name, sizeof(a->name), c->fields[k.at[2]]) < 0 ||
		    copy(a->native_name, sizeof(a->native_name),
		        c->fields[k.at[3]]) < 0)
			return bad(err, f, c, "name", "too long");
		if (to_int(c->fields[k.at[4]], 1, 50, &a->validity_years) < 0)
			return bad(err, f, c, "clearance_validity_years",
			    "must be a whole number of years, 1 to 50");
		if (split(c->fields[k.at[5]], &a->accepted_for[0][0],
		        sizeof(a->accepted_for[0]), SCS_NELEM(a->accepted_for),
		        &a->naccepted_for) < 0)
			return bad(err, f, c, "accepted_for",
			    "too many entries");
		rd->nauthorities++;
	}
	return r < 0 ? bad(err, f, c, "", "malformed CSV record") : SCS_OK;
}

static int
parse_levels(struct scs_refdata *rd, struct csv *c, const char *f,
    struct scs_err *err)
{
	struct cols k = {{"authority", "level", "native_name", "english_name",
	                     "rank"},
	    {0}, 5};
	const struct scs_authority *a;
	struct scs_level *l, *nl;
	int r;

	if (find_cols(c, &k, f, err) != SCS_OK)
		return SCS_EINVAL;
	while ((r = csv_next(c)) == 1) {
		if (c->nfields == 1 && c->fields[0][0] == '\0')
			continue;
		if (short_record(c, &k))
			return bad(err, f, c, "", "too few columns");
		if ((a = scs_refdata_authority(rd, c->fields[k.at[0]])) == NULL)
			return bad(err, f, c, "authority",
			    "not in authorities.csv");
		nl = grow(rd->levels, rd->nlevels, sizeof(*nl));
		if (nl == NULL)
			return SCS_ENOMEM;
		rd->levels = nl;
		l = &rd->levels[rd->nlevels];
		memset(l, 0, sizeof(*l));
		l->authority = (size_t)(a - rd->authorities);
		if (scs_valid_id(c->fields[k.at[1]], "level", NULL) != SCS_OK ||
		    copy(l->code, sizeof(l->code), c->fields[k.at[1]]) < 0)
			return bad(err, f, c, "level",
			    "must be a code of letters, digits and '_'");
		if (scs_refdata_level(rd, a->code, l->code) != NULL)
			return bad(err, f, c, "level", "listed twice");
		if (copy(l->native_name, sizeof(l->native_name),
		        c->fields[k.at[2]]) < 0 ||
		    copy(l->english_name, sizeof(l->english_name),
		        c->fields[k.at[3]]) < 0)
			return bad(err, f, c, "native_name", "too long");
		if (to_int(c->fields[k.at[4]], 0, SCS_RANK_MAX, &l->rank) < 0)
			return bad(err, f, c, "rank", "must be 0 to 4");
		rd->nlevels++;
	}
	return r < 0 ? bad(err, f, c, "", "malformed CSV record") : SCS_OK;
}

static int
parse_penalties(struct scs_refdata *rd, struct csv *c, const char *f,
    struct scs_err *err)
{
	struct cols k = {{"authority", "offence", "max_prison_years",
	                     "max_fine_yen"},
	    {0}, 4};
	const struct scs_authority *a;
	struct scs_penalty *p, *np;
	int r, fine;

	if (find_cols(c, &k, f, err) != SCS_OK)
		return SCS_EINVAL;
	while ((r = csv_next(c)) == 1) {
		if (c->nfields == 1 && c->fields[0][0] == '\0')
			continue;
		if (short_record(c, &k))
			return bad(err, f, c, "", "too few columns");
		if ((a = scs_refdata_authority(rd, c->fields[k.at[0]])) == NULL)
			return bad(err, f, c, "authority",
			    "not in authorities.csv");
		np = grow(rd->penalties, rd->npenalties, sizeof(*np));
		if (np == NULL)
			return SCS_ENOMEM;
		rd->penalties = np;
		p = &rd->penalties[rd->npenalties];
		memset(p, 0, sizeof(*p));
		p->authority = (size_t)(a - rd->authorities);
		if (c->fields[k.at[1]][0] == '\0' ||
		    copy(p->offence, sizeof(p->offence), c->fields[k.at[1]]) <
		        0)
			return bad(err, f, c, "offence", "empty or too long");
		if (to_int(c->fields[k.at[2]], 0, 100, &p->max_prison_years) <
		    0)
			return bad(err, f, c, "max_prison_years",
			    "must be a whole number of years");
		p->max_fine_yen = -1;
		if (c->fields[k.at[3]][0] != '\0') {
			if (to_int(c->fields[k.at[3]], 0, 2000000000, &fine) <
			    0)
				return bad(err, f, c, "max_fine_yen",
				    "must be a whole number of yen");
			p->max_fine_yen = fine;
		}
		rd->npenalties++;
	}
	return r < 0 ? bad(err, f, c, "", "malformed CSV record") : SCS_OK;
}

/* An alliance code: 2 to 15 capital letters. */
static int
alliance_code(const char *s)
{
	size_t n = strlen(s), i;

	if (n < 2 || n >= SCS_AUTH_CODE_MAX)
		return -1;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return -1;
	return 0;
}

/* One row per member: alliance, nation (ISO 3166-1 alpha-3), source. */
static int
parse_alliances(struct scs_refdata *rd, struct csv *c, const char *f,
    struct scs_err *err)
{
	struct cols k = {{"alliance", "nation", "source"}, {0}, 3};
	struct scs_alliance *a, *na;
	const char *code, *nat;
	char why[96];
	int r;

	if (find_cols(c, &k, f, err) != SCS_OK)
		return SCS_EINVAL;
	while ((r = csv_next(c)) == 1) {
		if (c->nfields == 1 && c->fields[0][0] == '\0')
			continue;
		if (short_record(c, &k))
			return bad(err, f, c, "", "too few columns");
		code = c->fields[k.at[0]];
		nat = c->fields[k.at[1]];
		if (alliance_code(code) < 0)
			return bad(err, f, c, "alliance",
			    "must be a code of 2 to 15 capital letters");
		if (scs_valid_country(code, "alliance", NULL) == SCS_OK)
			return bad(err, f, c, "alliance",
			    "is a nation (ISO 3166-1), not an alliance");
		if (scs_valid_country(nat, "nation", NULL) != SCS_OK) {
			(void)snprintf(why, sizeof(why),
			    "unknown nation code \"%.8s\" (must be ISO 3166-1 "
			    "alpha-3)",
			    nat);
			return bad(err, f, c, "nation", why);
		}
		if (c->fields[k.at[2]][0] == '\0')
			return bad(err, f, c, "source",
			    "must name where the membership is stated");
		a = (struct scs_alliance *)scs_refdata_alliance(rd, code);
		if (a == NULL) {
			if (rd->nalliances >= SCS_ALLIANCES_MAX)
				return bad(err, f, c, "alliance",
				    "more than 16 alliances");
			na = grow(rd->alliances, rd->nalliances, sizeof(*na));
			if (na == NULL)
				return SCS_ENOMEM;
			rd->alliances = na;
			a = &rd->alliances[rd->nalliances++];
			memset(a, 0, sizeof(*a));
			(void)copy(a->code, sizeof(a->code), code);
		} else if (scs_refdata_member(a, nat)) {
			(void)snprintf(why, sizeof(why),
			    "%s is listed twice as a member of %s", nat,
			    a->code);
			return bad(err, f, c, "nation", why);
		}
		if (a->nmembers >= SCS_ALLIANCE_MEMBERS_MAX)
			return bad(err, f, c, "nation",
			    "more than 64 members in one alliance");
		(void)copy(a->members[a->nmembers++], sizeof(a->members[0]),
		    nat);
	}
	return r < 0 ? bad(err, f, c, "", "malformed CSV record") : SCS_OK;
}

int
scs_refdata_parse(struct scs_refdata *rd, const char *file, const char *text,
    size_t len, struct scs_err *err)
{
	struct csv *c;
	size_t before[4] = {rd->nauthorities, rd->nlevels, rd->npenalties,
	    rd->nalliances};
	int rc;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return SCS_ENOMEM;
	c->p = text;
	c->end = text + len;
	if (strcmp(file, scs_refdata_files[0]) == 0)
		rc = parse_authorities(rd, c, file, err);
	else if (strcmp(file, scs_refdata_files[1]) == 0)
		rc = parse_levels(rd, c, file, err);
	else if (strcmp(file, scs_refdata_files[2]) == 0)
		rc = parse_penalties(rd, c, file, err);
	else if (strcmp(file, scs_refdata_files[3]) == 0)
		rc = parse_alliances(rd, c, file, err);
	else
		rc = scs_err_set(err, SCS_EINVAL, file, "unknown table");
	free(c);
	if (rc != SCS_OK) {
		rd->nauthorities = before[0];
		rd->nlevels = before[1];
		rd->npenalties = before[2];
		rd->nalliances = before[3];
		if (rc == SCS_ENOMEM)
			(void)scs_err_set(err, rc, file, "out of memory");
	}
	return rc;
}

int
scs_refdata_check(const struct scs_refdata *rd, struct scs_err *err)
{
	size_t i, j, nlev;

	if (rd->nauthorities == 0)
		return scs_err_set(err, SCS_EINVAL, "authorities.csv",
		    "lists no authority");
	for (i = 0; i < rd->nauthorities; i++) {
		const struct scs_authority *a = &rd->authorities[i];

		/* A nation that is no country is an alliance whose members
		 * the releasability rules must know (NATO, EU). */
		for (j = 0; j < a->nnations; j++)
			if (scs_valid_country(a->nations[j], "", NULL) !=
			        SCS_OK &&
			    scs_refdata_alliance(rd, a->nations[j]) == NULL)
				return scs_err_set(err, SCS_EINVAL,
				    "authorities.csv",
				    "%s: nation %s is neither an ISO 3166-1 "
				    "code nor an alliance of alliances.csv",
				    a->code, a->nations[j]);
		for (j = 0; j < a->naccepted_for; j++)
			if (scs_refdata_authority(rd, a->accepted_for[j]) ==
			    NULL)
				return scs_err_set(err, SCS_EINVAL,
				    "authorities.csv",
				    "%s: accepted_for names unknown "
				    "authority %s",
				    a->code, a->accepted_for[j]);
		for (j = 0, nlev = 0; j < rd->nlevels; j++)
			nlev += rd->levels[j].authority == i;
		if (nlev == 0)
			return scs_err_set(err, SCS_EINVAL, "levels.csv",
			    "authority %s has no level", a->code);
	}
	return SCS_OK;
}

void
scs_refdata_free(struct scs_refdata *rd)
{
	free(rd->authorities);
	free(rd->levels);
	free(rd->penalties);
	free(rd->alliances);
	scs_policy_free(rd->policy);
	memset(rd, 0, sizeof(*rd));
}

const struct scs_authority *
scs_refdata_authority(const struct scs_refdata *rd, const char *code)
{
	size_t i;

	for (i = 0; i < rd->nauthorities; i++)
		if (strcmp(rd->authorities[i].code, code) == 0)
			return &rd->authorities[i];
	return NULL;
}

const struct scs_level *
scs_refdata_level(const struct scs_refdata *rd, const char *auth,
    const char *code)
{
	const struct scs_authority *a = scs_refdata_authority(rd, auth);
	size_t i;

	if (a == NULL)
		return NULL;
	for (i = 0; i < rd->nlevels; i++)
		if (rd->levels[i].authority == (size_t)(a - rd->authorities) &&
		    strcmp(rd->levels[i].code, code) == 0)
			return &rd->levels[i];
	return NULL;
}

const struct scs_alliance *
scs_refdata_alliance(const struct scs_refdata *rd, const char *code)
{
	size_t i;

	for (i = 0; i < rd->nalliances; i++)
		if (strcmp(rd->alliances[i].code, code) == 0)
			return &rd->alliances[i];
	return NULL;
}

int
scs_refdata_member(const struct scs_alliance *a, const char *nation)
{
	size_t i;

	for (i = 0; i < a->nmembers; i++)
		if (strcmp(a->members[i], nation) == 0)
			return 1;
	return 0;
}
