/* SPDX-License-Identifier: Apache-2.0 */
/*
 * visit.c - the rules of visit requests (include/scs/visit.h).
 */
#include <string.h>

#include "scs/register.h"
#include "scs/time.h"
#include "scs/visit.h"

const char *const scs_visit_kind_codes[SCS_VISIT_NKINDS] = {"one_time",
    "recurring", "emergency"};
const char *const scs_visit_state_codes[SCS_VISIT_NSTATES] = {"draft",
    "submitted", "certified", "approved", "rejected", "returned", "cancelled"};

static int64_t
day(const char *date)
{
	int64_t t = 0;

	(void)scs_time_parse(date, strlen(date), "date", &t, NULL);
	return t / 86400;
}

static int
no_repeats(char (*list)[SCS_ID_MAX + 1], size_t n, const char *field,
    struct scs_err *err)
{
	size_t i, j;
	int rc;

	for (i = 0; i < n; i++) {
		if ((rc = scs_valid_id(list[i], field, err)) != SCS_OK)
			return rc;
		for (j = 0; j < i; j++)
			if (strcmp(list[i], list[j]) == 0)
				return scs_err_set(err, SCS_EINVAL, field,
				    "names %s twice", list[i]);
	}
	return SCS_OK;
}

int
scs_visit_validate(const struct scs_visit *v, const char *today,
    struct scs_err *err)
{
	static const int max_days[SCS_VISIT_NKINDS] = {SCS_VISIT_ONE_DAYS,
	    SCS_VISIT_REC_DAYS, SCS_VISIT_EMG_DAYS};
	int64_t from, until;
	int rc;

	if ((rc = scs_valid_id(v->id, "id", err)) != SCS_OK ||
	    (rc = scs_valid_id(v->visitor, "visitor", err)) != SCS_OK ||
	    (rc = scs_valid_id(v->visitor_org, "visitor_org", err)) != SCS_OK ||
	    (rc = scs_valid_id(v->host_org, "host_org", err)) != SCS_OK ||
	    (rc = scs_valid_text(v->site, SCS_VISIT_TEXT, "site", err)) !=
	        SCS_OK ||
	    (rc = scs_valid_text(v->purpose, SCS_VISIT_TEXT, "purpose", err)) !=
	        SCS_OK ||
	    (rc = scs_valid_date(v->first_day, "first_day", err)) != SCS_OK ||
	    (rc = scs_valid_date(v->last_day, "last_day", err)) != SCS_OK)
		return rc;
	if ((unsigned)v->type >= SCS_VISIT_NKINDS)
		return scs_err_set(err, SCS_EINVAL, "type",
		    "must be one_time, recurring or emergency");
	if ((unsigned)v->state >= SCS_VISIT_NSTATES)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be a state of a visit request");
	if (strcmp(v->visitor_org, v->host_org) == 0)
		return scs_err_set(err, SCS_EINVAL, "host_org",
		    "must be another organization than the visitor's");
	from = day(v->first_day);
	until = day(v->last_day);
	if (until < from)
		return scs_err_set(err, SCS_EINVAL, "last_day",
		    "must not come before first_day");
	if (until - from + 1 > max_days[v->type])
		return scs_err_set(err, SCS_EINVAL, "last_day",
		    "a %s visit lasts %d days at most",
		    scs_visit_kind_codes[v->type], max_days[v->type]);
	if (today != NULL && from < day(today))
		return scs_err_set(err, SCS_EINVAL, "first_day",
		    "must not be in the past");
	if (today != NULL && v->type == SCS_VISIT_EMERGENCY &&
	    from > day(today) + 3)
		return scs_err_set(err, SCS_EINVAL, "first_day",
		    "an emergency visit starts within 3 days");
	if ((rc = no_repeats((char(*)[SCS_ID_MAX + 1]) v->items, v->nitems,
	         "items", err)) != SCS_OK)
		return rc;
	return no_repeats((char(*)[SCS_ID_MAX + 1]) v->compartments,
	    v->ncompartments, "compartments", err);
}

int
scs_visit_move_ok(enum scs_visit_state from, enum scs_visit_state to)
{
	switch (to) {
	case SCS_VISIT_SUBMITTED:
		return from == SCS_VISIT_DRAFT || from == SCS_VISIT_RETURNED
		    ? 0
		    : -1;
	case SCS_VISIT_CERTIFIED:
		return from == SCS_VISIT_SUBMITTED ? 0 : -1;
	case SCS_VISIT_APPROVED:
	case SCS_VISIT_REJECTED:
	case SCS_VISIT_RETURNED:
		return from == SCS_VISIT_CERTIFIED ? 0 : -1;
	case SCS_VISIT_CANCELLED:
		return from == SCS_VISIT_REJECTED || from == SCS_VISIT_CANCELLED
		    ? -1
		    : 0;
	case SCS_VISIT_DRAFT:
	default:
		return -1;
	}
}
