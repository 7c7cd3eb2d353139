/* SPDX-License-Identifier: Apache-2.0 */
/*
 * connector.c - the record-check interface: the codes of the sources, the
 * subject's validation (done once here, for every connector) and the
 * dispatch through each connector's table of operations (connect_int.h).
 * No I/O here; connectors do their own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "connect_int.h"

static const struct {
	const char *code;
	const char *item; /* the default assessment item */
} sources[SCS_CHECK_NSOURCES] = {
    [SCS_CHECK_POLICE] = {"police", "criminal_disciplinary"},
    [SCS_CHECK_COURT] = {"court", "criminal_disciplinary"},
    [SCS_CHECK_BANKRUPTCY] = {"bankruptcy", "finances"},
    [SCS_CHECK_DISCIPLINARY] = {"disciplinary", "criminal_disciplinary"},
};

const char *
scs_check_source_name(enum scs_check_source s)
{
	if ((unsigned)s >= SCS_CHECK_NSOURCES)
		return NULL;
	return sources[s].code;
}

int
scs_check_source_parse(const char *s, enum scs_check_source *out)
{
	size_t i;

	for (i = 0; i < SCS_CHECK_NSOURCES; i++)
		if (strcmp(sources[i].code, s) == 0) {
			*out = (enum scs_check_source)i;
			return 0;
		}
	return -1;
}

const char *
scs_check_source_item(enum scs_check_source s)
{
	if ((unsigned)s >= SCS_CHECK_NSOURCES)
		return NULL;
	return sources[s].item;
}

void
scs_check_subject_of(struct scs_check_subject *out, const struct scs_person *p)
{
	memset(out, 0, sizeof(*out));
	out->name = p->name[0] != '\0' ? p->name : NULL;
	out->name_latin = p->name_latin[0] != '\0' ? p->name_latin : NULL;
	out->birth_date = p->birth_date;
	out->nationalities = p->nationalities;
	out->nnationalities = p->nnationalities;
}

/* The subject is what the caller built, perhaps from a form: check it
 * before any connector relies on it. */
static int
subject_validate(const struct scs_check_subject *s, struct scs_err *err)
{
	bool has_name = s->name != NULL && s->name[0] != '\0';
	bool has_latin = s->name_latin != NULL && s->name_latin[0] != '\0';
	char field[48];
	size_t i;

	if (s->birth_date == NULL)
		return scs_err_set(err, SCS_EINVAL, "birth_date",
		    "is required");
	if (scs_valid_date(s->birth_date, "birth_date", err) != SCS_OK)
		return SCS_EINVAL;
	if (!has_name && !has_latin)
		return scs_err_set(err, SCS_EINVAL, "name",
		    "name or name_latin is required");
	if ((has_name &&
	        scs_valid_text(s->name, SCS_NAME_MAX, "name", err) != SCS_OK) ||
	    (has_latin &&
	        scs_valid_text(s->name_latin, SCS_NAME_MAX, "name_latin",
	            err) != SCS_OK))
		return SCS_EINVAL;
	if (s->nnationalities > 0 && s->nationalities == NULL)
		return scs_err_set(err, SCS_EINVAL, "nationalities",
		    "are missing");
	for (i = 0; i < s->nnationalities; i++) {
		(void)snprintf(field, sizeof(field), "nationalities[%zu]", i);
		if (memchr(s->nationalities[i], '\0', 4) == NULL)
			return scs_err_set(err, SCS_EINVAL, field,
			    "must be an ISO 3166-1 alpha-3 code");
		if (scs_valid_country(s->nationalities[i], field, err) !=
		    SCS_OK)
			return SCS_EINVAL;
	}
	return SCS_OK;
}

int
scs_connector_check(struct scs_connector *c,
    const struct scs_check_subject *subj, struct scs_check_hit **out_hits,
    size_t *out_n, struct scs_err *err)
{
	*out_hits = NULL;
	*out_n = 0;
	if (subject_validate(subj, err) != SCS_OK)
		return SCS_EINVAL;
	return c->ops->check(c, subj, out_hits, out_n, err);
}

const char *
scs_connector_name(const struct scs_connector *c)
{
	return c->name;
}

void
scs_connector_free(struct scs_connector *c)
{
	if (c == NULL)
		return;
	free(c->name);
	c->name = NULL;
	c->ops->free(c);
}

void
scs_check_hits_free(struct scs_check_hit *hits, size_t n)
{
	size_t i;

	if (hits == NULL)
		return;
	for (i = 0; i < n; i++)
		free(hits[i].record);
	free(hits);
}

int
scs_connector_init(struct scs_connector *c, const struct scs_connector_ops *ops,
    const char *kind, const char *what, struct scs_err *err)
{
	size_t len = strlen(kind) + 1 + strlen(what) + 1;

	c->ops = ops;
	if ((c->name = malloc(len)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	(void)snprintf(c->name, len, "%s:%s", kind, what);
	return SCS_OK;
}
