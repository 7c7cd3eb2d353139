/* SPDX-License-Identifier: Apache-2.0 */
/*
 * staff.c - the standing of an organization's staff on a day, for its
 * security officer (include/scs/staff.h): from clearances and
 * suspensions only, never from a case or a dossier.  Core: no I/O, no
 * clock.
 */
#include <string.h>

#include "scs/staff.h"
#include "scs/time.h"

static const char *const names[SCS_STAFF_N] = {
    [SCS_STAFF_NONE] = "none",
    [SCS_STAFF_EXPIRED] = "expired",
    [SCS_STAFF_EXPIRING] = "expiring",
    [SCS_STAFF_ACTIVE] = "active",
    [SCS_STAFF_SUSPENDED] = "suspended",
};

const char *
scs_staff_status_name(enum scs_staff_status s)
{
	return (unsigned)s < SCS_STAFF_N ? names[s] : "none";
}

int
scs_staff_status_parse(const char *s, enum scs_staff_status *out)
{
	unsigned i;

	for (i = 0; s != NULL && i < SCS_STAFF_N; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum scs_staff_status)i;
			return 0;
		}
	return -1;
}

enum scs_staff_status
scs_staff_clearance(const struct scs_clearance *c, int64_t t)
{
	const int64_t window = (int64_t)SCS_STAFF_EXPIRING_DAYS * 86400;

	if (c->valid_until <= t)
		return SCS_STAFF_EXPIRED;
	switch (c->status) {
	case SCS_CLR_SUSPENDED:
		return SCS_STAFF_SUSPENDED;
	case SCS_CLR_ACTIVE:
	case SCS_CLR_INTERIM:
		break;
	default: /* revoked, expired, ended */
		return SCS_STAFF_EXPIRED;
	}
	if (c->valid_from > t)
		return SCS_STAFF_NONE;
	if (c->valid_until != SCS_TIME_NEVER && c->valid_until - t <= window)
		return SCS_STAFF_EXPIRING;
	return SCS_STAFF_ACTIVE;
}

void
scs_staff_init(struct scs_staff *s)
{
	memset(s, 0, sizeof(*s));
	s->status = SCS_STAFF_NONE;
}

static void
latest(bool *has, int64_t *until, int64_t t)
{
	if (!*has || t > *until)
		*until = t;
	*has = true;
}

void
scs_staff_add_clearance(struct scs_staff *s, const struct scs_clearance *c,
    int64_t t)
{
	enum scs_staff_status st = scs_staff_clearance(c, t);

	if (st >= SCS_STAFF_EXPIRING)
		latest(&s->has_live_until, &s->live_until, c->valid_until);
	if (st < s->status || st == SCS_STAFF_NONE)
		return;
	if (st > s->status) {
		s->status = st;
		s->has_until = false;
	}
	latest(&s->has_until, &s->valid_until, c->valid_until);
}

void
scs_staff_add_suspension(struct scs_staff *s, const struct scs_suspension *x,
    int64_t t)
{
	if (scs_period_holds(x->valid_from, x->valid_until, t))
		s->suspended = true;
}

enum scs_staff_status
scs_staff_done(struct scs_staff *s)
{
	if (s->suspended && s->status != SCS_STAFF_SUSPENDED) {
		s->status = SCS_STAFF_SUSPENDED;
		s->has_until = s->has_live_until;
		s->valid_until = s->live_until;
	}
	return s->status;
}
