/* SPDX-License-Identifier: Apache-2.0 */
/*
 * incident.c - the core rules of a security incident and its legal
 * exposure (incident.h).  Part of core: no I/O.
 */
#include <stdio.h>
#include <string.h>

#include "scs/incident.h"

const char *const scs_incident_type_codes[SCS_INC_NTYPES] =
    {"intentional_disclosure", "negligent_disclosure", "mishandling", "loss",
        "unreported_contact"};

static bool
listed(const char (*list)[SCS_ID_MAX + 1], size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return true;
	return false;
}

static int
ids(const char (*list)[SCS_ID_MAX + 1], size_t n, const char *name,
    struct scs_err *err)
{
	char field[48];

	for (size_t i = 0; i < n; i++) {
		(void)snprintf(field, sizeof(field), "%s[%zu]", name, i);
		if (scs_valid_id(list[i], field, err) != SCS_OK)
			return SCS_EINVAL;
		if (listed(list, i, list[i]))
			return scs_err_set(err, SCS_EINVAL, field,
			    "names %s twice", list[i]);
	}
	return SCS_OK;
}

int
scs_incident_validate(const struct scs_incident *in, struct scs_err *err)
{
	if (scs_valid_id(in->id, "id", err) != SCS_OK ||
	    scs_valid_id(in->org, "org", err) != SCS_OK)
		return SCS_EINVAL;
	if ((unsigned)in->type >= SCS_INC_NTYPES)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one of intentional_disclosure, "
		    "negligent_disclosure, mishandling, loss, "
		    "unreported_contact");
	if (scs_valid_date(in->occurred, "occurred", err) != SCS_OK ||
	    ids(in->handlers, in->nhandlers, "handlers", err) != SCS_OK ||
	    ids(in->recipients, in->nrecipients, "recipients", err) != SCS_OK ||
	    ids(in->items, in->nitems, "items", err) != SCS_OK)
		return SCS_EINVAL;
	if (in->nhandlers + in->nrecipients == 0)
		return scs_err_set(err, SCS_EINVAL, "handlers",
		    "an incident involves at least one person");
	for (size_t i = 0; i < in->nrecipients; i++)
		if (listed(in->handlers, in->nhandlers, in->recipients[i]))
			return scs_err_set(err, SCS_EINVAL, "recipients",
			    "%s is a handler already", in->recipients[i]);
	if (!listed(in->handlers, in->nhandlers, in->person) &&
	    !listed(in->recipients, in->nrecipients, in->person))
		return scs_err_set(err, SCS_EINVAL, "person",
		    "the principal is one of the persons involved");
	if ((in->outcome[0] != '\0') != in->has_closed)
		return scs_err_set(err, SCS_EINVAL, "outcome",
		    "is given when the incident is closed, and only then");
	if (in->outcome[0] != '\0' &&
	    scs_valid_text(in->outcome, SCS_OUTCOME_MAX, "outcome", err) !=
	        SCS_OK)
		return SCS_EINVAL;
	if (in->has_closed && in->closed < in->recorded)
		return scs_err_set(err, SCS_EINVAL, "closed",
		    "must not be before recorded");
	return SCS_OK;
}

const struct scs_penalty *
scs_incident_penalty(const struct scs_refdata *rd, enum scs_incident_type type,
    const char *authority, bool handled)
{
	const struct scs_authority *a = scs_refdata_authority(rd, authority);
	const struct scs_penalty *only = NULL, *named = NULL;
	const char *kind;
	size_t n = 0;

	if (a == NULL)
		return NULL;
	if (type == SCS_INC_INTENTIONAL)
		kind = "intentional leak";
	else if (type == SCS_INC_NEGLIGENT || type == SCS_INC_LOSS)
		kind = "negligent leak";
	else
		return NULL;
	for (size_t i = 0; i < rd->npenalties; i++) {
		const struct scs_penalty *p = &rd->penalties[i];

		if (&rd->authorities[p->authority] != a ||
		    strncmp(p->offence, kind, strlen(kind)) != 0)
			continue;
		n++;
		only = p;
		if ((handled && strstr(p->offence, "handling") != NULL) ||
		    (!handled && strstr(p->offence, "provided") != NULL))
			named = p;
	}
	return named != NULL ? named : n == 1 ? only : NULL;
}
