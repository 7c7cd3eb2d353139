/* SPDX-License-Identifier: Apache-2.0 */
/*
 * register.h - the register's records beyond organizations and persons
 * (DESIGN.md sections 3 and 11): conforming-business approvals, clearances,
 * compartments, briefings, need-to-know programs and memberships,
 * designated items, suspensions; and the designation-term rules.  Part of
 * core: validity rules over structs and the reference tables, no I/O, no
 * clock (callers pass the time).
 *
 * Records without an id of their own are named by a natural key:
 *   conforming  org, authority, valid_from
 *   clearance   person, authority, valid_from
 *   briefing    person, compartment, valid_from
 *   membership  program, person, valid_from
 *   suspension  person, valid_from
 * written as "a/b/<time>" in the audit log (scs_record_key).
 */
#ifndef SCS_REGISTER_H
#define SCS_REGISTER_H

#include <stdbool.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"
#include "scs/time.h"

#define SCS_LIST_MAX      16 /* compartments, programs, nations of an item */
#define SCS_TITLE_MAX     256
#define SCS_REASON_MAX    256
#define SCS_NATION_LEN    6  /* "JPN", "NATO", "EU" */
#define SCS_TERM_YEARS    5  /* one designation term, at most */
#define SCS_TOTAL_YEARS   30 /* all terms, without cabinet approval */
#define SCS_CABINET_YEARS 60 /* all terms, with it; beyond: exceptions */

enum scs_item_field {
	SCS_FIELD_DEFENSE,
	SCS_FIELD_DIPLOMACY,
	SCS_FIELD_HARMFUL_ACTIVITIES,
	SCS_FIELD_TERRORISM,
	SCS_FIELD_ECONOMIC_SECURITY,
	SCS_FIELD_N
};

enum scs_clearance_status {
	SCS_CLR_ACTIVE,
	SCS_CLR_INTERIM,
	SCS_CLR_SUSPENDED,
	SCS_CLR_REVOKED,
	SCS_CLR_EXPIRED,
	SCS_CLR_ENDED,
	SCS_CLR_N
};

struct scs_conforming {
	char org[SCS_ID_MAX + 1];
	char organ[SCS_ID_MAX + 1]; /* the approving organ; "": legacy */
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	int64_t valid_from, valid_until; /* until SCS_TIME_NEVER: no end */
};

struct scs_clearance {
	char person[SCS_ID_MAX + 1];
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	enum scs_clearance_status status;
	int64_t valid_from, valid_until;
};

/* A compartment or a need-to-know program: owned by an organ. */
struct scs_label {
	char id[SCS_ID_MAX + 1];
	char name[SCS_NAME_MAX + 1];
	char owner[SCS_ID_MAX + 1];
};

struct scs_briefing {
	char person[SCS_ID_MAX + 1];
	char compartment[SCS_ID_MAX + 1];
	bool has_nda;
	int64_t nda_signed;
	int64_t valid_from, valid_until; /* until: debriefed */
};

struct scs_membership {
	char program[SCS_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
	int64_t valid_from, valid_until;
};

struct scs_suspension {
	char person[SCS_ID_MAX + 1];
	int64_t valid_from, valid_until;
	char reason[SCS_REASON_MAX + 1];
};

struct scs_item {
	char id[SCS_ID_MAX + 1];
	char title[SCS_TITLE_MAX + 1];
	char owner[SCS_ID_MAX + 1];
	enum scs_item_field field;
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	char compartments[SCS_LIST_MAX][SCS_ID_MAX + 1];
	size_t ncompartments;
	char releasable_to[SCS_LIST_MAX][SCS_NATION_LEN];
	size_t nreleasable_to; /* 0: the owner's nation only */
	char programs[SCS_LIST_MAX][SCS_ID_MAX + 1];
	size_t nprograms;
	int64_t valid_from;  /* first designation */
	int64_t valid_until; /* end of the current term */
	bool declassified;
	int64_t declassified_at;
	bool cabinet_approval; /* total beyond 30 years approved */
	bool exception;        /* an exception category: beyond 60 years */
};

extern const char *const scs_item_field_codes[SCS_FIELD_N];
extern const char *const scs_clearance_status_codes[SCS_CLR_N];

const char *scs_item_field_name(enum scs_item_field f);
int scs_item_field_parse(const char *s, enum scs_item_field *out);
const char *scs_clearance_status_name(enum scs_clearance_status s);
int scs_clearance_status_parse(const char *s, enum scs_clearance_status *out);

/** A period: from before until (SCS_EINVAL naming "valid_until"). */
int scs_period_validate(int64_t from, int64_t until, struct scs_err *err);

/** A nation of releasability: ISO alpha-3, or an alliance of
 * data/alliances.csv ("NATO", "FVEY", "EU"). */
int scs_valid_nation(const struct scs_refdata *rd, const char *s,
    const char *field, struct scs_err *err);

/** A level @level of authority @auth, both known (SCS_EINVAL naming
 * "authority" or "level"). */
int scs_valid_level(const struct scs_refdata *rd, const char *auth,
    const char *level, struct scs_err *err);

/** Validity of each record against the reference tables (authorities and
 * their levels); references to other records are the store's to check. */
int scs_conforming_validate(const struct scs_refdata *rd,
    const struct scs_conforming *c, struct scs_err *err);
int scs_clearance_validate(const struct scs_refdata *rd,
    const struct scs_clearance *c, struct scs_err *err);
int scs_label_validate(const struct scs_label *l, struct scs_err *err);
int scs_briefing_validate(const struct scs_briefing *b, struct scs_err *err);
int scs_membership_validate(const struct scs_membership *m,
    struct scs_err *err);
int scs_suspension_validate(const struct scs_suspension *s,
    struct scs_err *err);

/**
 * An item as recorded (import, migration): its fields, and the total
 * limits of its designation history: 30 years, 60 with cabinet approval,
 * beyond only for an exception category.  The 5-year term rule governs
 * designations and renewals made through the system (below).
 */
int scs_item_validate(const struct scs_refdata *rd, const struct scs_item *it,
    struct scs_err *err);

/** A new designation: scs_item_validate, and its first term is at most 5
 * years. */
int scs_item_check_designate(const struct scs_refdata *rd,
    const struct scs_item *it, struct scs_err *err);

/**
 * Renew @it (in place) at @now with a new term ending @until, recording
 * cabinet approval or an exception category when given.  Refused: a
 * declassified item; an end not after the current one; an end more than
 * 5 years after @now; a total over the limits.  Errors cite the law of the
 * item's authority (its name in the reference tables).
 */
int scs_item_renew(const struct scs_refdata *rd, struct scs_item *it,
    int64_t now, int64_t until, bool cabinet_approval, bool exception,
    struct scs_err *err);

/** A clearance recorded now (not imported history): it ends, at most its
 * authority's clearance_validity_years after valid_from. */
int scs_clearance_check_recorded(const struct scs_refdata *rd,
    const struct scs_clearance *c, struct scs_err *err);

/** Declassify @it at @at (not before its first designation, not twice). */
int scs_item_declassify(struct scs_item *it, int64_t at, struct scs_err *err);

/** Whether @it is classified at @t (DESIGN.md section 5, rule 2). */
bool scs_item_classified(const struct scs_item *it, int64_t t);

/** The natural key of a record, for the audit log and errors. */
void scs_record_key(char *out, size_t size, const char *a, const char *b,
    int64_t from);

#endif
