/* SPDX-License-Identifier: Apache-2.0 */
/*
 * incident.h - security incidents (DESIGN.md section 3, "Incident"): an
 * intentional or negligent disclosure, mishandling, a loss, an unreported
 * contact; the persons involved (who handled the information, who received
 * it) and the items; a sealed narrative; an outcome.  The legal exposure
 * of each person follows from data/penalties.csv, by the item's authority
 * and whether the person handled or received it (docs/incidents.md).
 *
 * Part of core: no I/O.
 */
#ifndef SCS_INCIDENT_H
#define SCS_INCIDENT_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"

#define SCS_INCIDENT_PERSONS 16 /* handlers, and recipients, each */
#define SCS_INCIDENT_ITEMS   16
#define SCS_OUTCOME_MAX      512

enum scs_incident_type {
	SCS_INC_INTENTIONAL, /* intentional disclosure */
	SCS_INC_NEGLIGENT,   /* negligent disclosure */
	SCS_INC_MISHANDLING,
	SCS_INC_LOSS,
	SCS_INC_CONTACT, /* an unreported contact */
	SCS_INC_NTYPES
};

extern const char *const scs_incident_type_codes[SCS_INC_NTYPES];

struct scs_incident {
	char id[SCS_ID_MAX + 1];
	char org[SCS_ID_MAX + 1]; /* where it happened */
	enum scs_incident_type type;
	char occurred[SCS_DATE_LEN + 1];
	int64_t recorded;
	char recorded_by[SCS_ACTOR_MAX + 1];
	char person[SCS_ID_MAX + 1]; /* the principal: its key seals */
	char handlers[SCS_INCIDENT_PERSONS][SCS_ID_MAX + 1];
	size_t nhandlers;
	char recipients[SCS_INCIDENT_PERSONS][SCS_ID_MAX + 1];
	size_t nrecipients;
	char items[SCS_INCIDENT_ITEMS][SCS_ID_MAX + 1];
	size_t nitems;
	char outcome[SCS_OUTCOME_MAX + 1]; /* "" while open */
	int64_t closed;
	bool has_closed;
	struct scs_blob narrative; /* sealed text */
};

/** The core rules: codes, dates, the principal among the persons, no
 * person both handler and recipient, an outcome once closed. */
int scs_incident_validate(const struct scs_incident *in, struct scs_err *err);

/* A person's exposure for one item. */
struct scs_exposure {
	const struct scs_penalty *penalty; /* NULL: none in the table */
	bool handled;                      /* handled it, else received it */
};

/**
 * The penalty that applies to a person who @handled (else received) an
 * item of @authority in an incident of @type: an intentional disclosure
 * is an intentional leak; a negligent one and a loss, a negligent leak;
 * mishandling and an unreported contact carry none.  Among the table's
 * rows of the kind, the one that names the person's part ("handling",
 * "provided"), else the only one.  NULL when none applies.
 */
const struct scs_penalty *scs_incident_penalty(const struct scs_refdata *rd,
    enum scs_incident_type type, const char *authority, bool handled);

#endif
