/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alert.c - the core rules of a continuous-vetting alert (alert.h).
 * Part of core: no I/O.
 */
#include <string.h>

#include "scs/alert.h"
#include "scs/cvfeed.h"

const char *const scs_alert_origin_codes[SCS_ALERT_NORIGINS] = {"feed",
    "self_report", "concern", "incident"};
const char *const scs_alert_state_codes[SCS_ALERT_NSTATES] = {"open", "valid",
    "not_valid", "self_reported"};
const char *const scs_alert_match_codes[SCS_ALERT_NMATCHES] = {"none", "review",
    "link"};

int
scs_alert_code(const char *const *codes, int n, const char *s, int *out)
{
	for (int i = 0; i < n; i++)
		if (strcmp(codes[i], s) == 0) {
			*out = i;
			return 0;
		}
	return -1;
}

int
scs_alert_validate(const struct scs_alert *a, struct scs_err *err)
{
	size_t n;

	if (scs_valid_id(a->id, "id", err) != SCS_OK ||
	    scs_valid_id(a->person, "person", err) != SCS_OK)
		return SCS_EINVAL;
	if ((unsigned)a->origin >= SCS_ALERT_NORIGINS)
		return scs_err_set(err, SCS_EINVAL, "origin",
		    "must be one of feed, self_report, concern, incident");
	if (scs_cv_code_valid(a->source, "source", err) != SCS_OK ||
	    scs_cv_code_valid(a->type, "type", err) != SCS_OK ||
	    scs_valid_date(a->date, "date", err) != SCS_OK)
		return SCS_EINVAL;
	if ((a->record[0] != '\0' &&
	        scs_valid_id(a->record, "record", err) != SCS_OK) ||
	    (a->body[0] != '\0' &&
	        scs_valid_id(a->body, "body", err) != SCS_OK))
		return SCS_EINVAL;
	if ((unsigned)a->match >= SCS_ALERT_NMATCHES)
		return scs_err_set(err, SCS_EINVAL, "match",
		    "must be one of none, review, link");
	if ((a->origin == SCS_ALERT_FEED) != (a->match != SCS_ALERT_MATCH_NONE))
		return scs_err_set(err, SCS_EINVAL, "match",
		    "is review or link for a feed record, none otherwise");
	n = strlen(a->weights);
	if (n > 0 &&
	    (a->weights[0] != '{' || a->weights[n - 1] != '}' ||
	        scs_valid_text(a->weights, SCS_ALERT_WEIGHTS_MAX, "weights",
	            err) != SCS_OK))
		return scs_err_set(err, SCS_EINVAL, "weights",
		    "must be a JSON object of at most %d bytes",
		    SCS_ALERT_WEIGHTS_MAX);
	if ((unsigned)a->state >= SCS_ALERT_NSTATES)
		return scs_err_set(err, SCS_EINVAL, "state",
		    "must be one of open, valid, not_valid, self_reported");
	if ((a->state == SCS_ALERT_OPEN) == a->has_triaged)
		return scs_err_set(err, SCS_EINVAL, "triaged",
		    "is set once the alert is triaged, and only then");
	if (a->has_triaged && a->triaged < a->raised)
		return scs_err_set(err, SCS_EINVAL, "triaged",
		    "must not be before raised");
	if ((a->triaged_by[0] != '\0') != a->has_triaged)
		return scs_err_set(err, SCS_EINVAL, "triaged_by",
		    "names who triaged, once triaged");
	if (a->state != SCS_ALERT_VALID &&
	    (a->suspended || a->review_case[0] != '\0'))
		return scs_err_set(err, SCS_EINVAL,
		    a->suspended ? "suspended" : "review_case",
		    "only a valid alert suspends or opens a review");
	return SCS_OK;
}
