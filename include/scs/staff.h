/* SPDX-License-Identifier: Apache-2.0 */
/*
 * staff.h - a security officer's view of their staff's clearances on a
 * day (src/core/staff.c): each clearance's standing and the person's,
 * from the register's clearances and suspensions.  Core: no I/O, the
 * time is the caller's.
 */
#ifndef SCS_STAFF_H
#define SCS_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/register.h"

/* A clearance "expiring": active or interim, ending within this. */
#define SCS_STAFF_EXPIRING_DAYS 180

/* In rank order: a person's standing is the highest of their
 * clearances', and suspended whenever a suspension holds. */
enum scs_staff_status {
	SCS_STAFF_NONE,      /* no clearance (or none begun yet) */
	SCS_STAFF_EXPIRED,   /* ended, expired or revoked */
	SCS_STAFF_EXPIRING,  /* active or interim, ends within 180 days */
	SCS_STAFF_ACTIVE,    /* active or interim */
	SCS_STAFF_SUSPENDED, /* a suspension holds, or a suspended clearance */
	SCS_STAFF_N
};

/** "none", "expired", "expiring", "active", "suspended". */
const char *scs_staff_status_name(enum scs_staff_status s);
/** The status named @s: 0, or -1 when unknown. */
int scs_staff_status_parse(const char *s, enum scs_staff_status *out);

/**
 * Clearance @c's standing at @t: suspended (status suspended, period not
 * over); expired (revoked, expired or ended, or its period is over);
 * none (active or interim, not begun yet); expiring (active or interim,
 * ending within SCS_STAFF_EXPIRING_DAYS of @t); active otherwise.
 */
enum scs_staff_status scs_staff_clearance(const struct scs_clearance *c,
    int64_t t);

/* A person's standing, built from their records one at a time. */
struct scs_staff {
	enum scs_staff_status status;
	bool suspended; /* a suspension holds */
	/* The latest end among the clearances of the person's standing
	 * (for a suspension alone: among their live clearances); has_until
	 * false when there is none.  SCS_TIME_NEVER: no end. */
	bool has_until;
	int64_t valid_until;
	/* The same for live clearances (suspended, expiring, active). */
	bool has_live_until;
	int64_t live_until;
};

void scs_staff_init(struct scs_staff *s);
void scs_staff_add_clearance(struct scs_staff *s, const struct scs_clearance *c,
    int64_t t);
void scs_staff_add_suspension(struct scs_staff *s,
    const struct scs_suspension *x, int64_t t);
/** The person's standing once every record was added; fills in
 * valid_until for a person suspended by a suspension record. */
enum scs_staff_status scs_staff_done(struct scs_staff *s);

#endif
