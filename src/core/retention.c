/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retention.c - when a person's sealed data may be purged (DESIGN.md
 * section 7): the retention periods of data/vetting.json applied to the
 * person's cases and clearances (the rules are listed in policy.h).  Part
 * of core: no I/O, and the clock is the caller's (the time it compares
 * the answer with).
 */
#include "scs/policy.h"
#include "scs/time.h"

#define DAY ((int64_t)86400)

static int64_t
later(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* @t plus @days, saturating at SCS_TIME_NEVER. */
static int64_t
after_days(int64_t t, int days)
{
	if (t == SCS_TIME_NEVER || t > SCS_TIME_NEVER - (int64_t)days * DAY)
		return SCS_TIME_NEVER;
	return t + (int64_t)days * DAY;
}

void
scs_retention_init(struct scs_retention *r)
{
	r->due = INT64_MIN;
	r->granted = SCS_TIME_NEVER;
	r->ncases = r->nclearances = 0;
	r->keep = false;
}

void
scs_retention_case(struct scs_retention *r, const struct scs_policy *p,
    const struct scs_case *k)
{
	int64_t t, decided = k->has_decided ? k->decided : k->since;

	r->ncases++;
	if (scs_case_open(k->state)) {
		r->keep = true;
		return;
	}
	switch (k->state) {
	case SCS_CASE_REFUSED:
	case SCS_CASE_WITHDRAWN:
		t = after_days(k->since, p->not_completed_days);
		break;
	case SCS_CASE_DENIED:
	case SCS_CASE_REJECTED:
		t = after_days(later(decided, k->since), p->denied_days);
		if (k->has_complaint_until)
			t = later(t, k->complaint_until);
		break;
	case SCS_CASE_GRANTED:
		/* Kept as long as the clearance it gave, and after it. */
		r->granted = r->granted == SCS_TIME_NEVER
		    ? decided
		    : later(r->granted, decided);
		return;
	default: /* a state this table does not know: keep */
		r->keep = true;
		return;
	}
	r->due = later(r->due, t);
}

void
scs_retention_clearance(struct scs_retention *r, const struct scs_policy *p,
    const struct scs_clearance *cl)
{
	r->nclearances++;
	if (cl->valid_until == SCS_TIME_NEVER) {
		r->keep = true;
		return;
	}
	r->due =
	    later(r->due, after_days(cl->valid_until, p->ended_clearance_days));
}

int64_t
scs_retention_due(const struct scs_retention *r, const struct scs_policy *p)
{
	int64_t due = r->due;

	if (r->keep || (r->ncases == 0 && r->nclearances == 0))
		return SCS_TIME_NEVER;
	if (r->granted != SCS_TIME_NEVER && r->nclearances == 0)
		due =
		    later(due, after_days(r->granted, p->ended_clearance_days));
	return due;
}
