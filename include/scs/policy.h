/* SPDX-License-Identifier: Apache-2.0 */
/*
 * policy.h - the vetting policy of each authority, as data
 * (data/vetting.json): its questionnaire, its consent notices (versioned,
 * in Japanese and English), the window for a complaint, the targets of
 * each phase (per authority, and per level where a level has its own),
 * the e-adjudication rules, and the retention periods.  Part
 * of core: parsing works on text the caller read; no I/O, no clock.
 */
#ifndef SCS_POLICY_H
#define SCS_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "scs/case.h"
#include "scs/err.h"
#include "scs/questionnaire.h"
#include "scs/refdata.h"
#include "scs/register.h"

#define SCS_ERULE_LEVELS 8

/*
 * A rule that decides a clean case without a person (DESIGN.md section 3):
 * it grants when every condition holds, the moment the investigation
 * closes.  An empty level list covers every level of the authority.
 */
struct scs_erule {
	char id[48];
	char levels[SCS_ERULE_LEVELS][SCS_LEVEL_CODE_MAX];
	size_t nlevels;
	bool checks_clear; /* record checks ran, and none was a hit */
	bool none_adverse; /* every adverse self-report question: "no" */
	enum scs_severity max_severity; /* no finding above this */
};

/* What a rule looks at in a case when its investigation closes. */
struct scs_efacts {
	bool checks_run;
	size_t check_hits;
	size_t adverse_answers;
	size_t findings;
	enum scs_severity worst; /* of the findings; NONE when none */
};

struct scs_apolicy {
	char authority[SCS_AUTH_CODE_MAX]; /* "*": every other authority */
	char questionnaire[96];            /* the schema's embedded name */
	int complaint_days;
	int64_t targets_days[SCS_PHASE_N + 1]; /* [SCS_PHASE_N]: end to end */
	json_t *consent; /* array of notices, oldest first */
	struct scs_erule *rules;
	size_t nrules;
	const struct scs_qschema *schema; /* the questionnaire, once attached */
};

/* A level's own targets (data/vetting.json "targets_by_level"): the
 * phases it names replace its authority's. */
struct scs_ltarget {
	char authority[SCS_AUTH_CODE_MAX];
	char level[SCS_LEVEL_CODE_MAX];
	int64_t days[SCS_PHASE_N + 1]; /* [SCS_PHASE_N]: end to end */
	bool set[SCS_PHASE_N + 1];
};

struct scs_policy {
	char version[32];
	int not_completed_days; /* refused and withdrawn cases are kept */
	int denied_days;        /* denied cases, from the decision */
	int ended_clearance_days;
	struct scs_apolicy *a;
	size_t n;
	struct scs_ltarget *lt; /* levels with targets of their own */
	size_t nlt;
	struct scs_qschema **schemas; /* owned; each attached once */
	size_t nschemas;
};

/**
 * Parse data/vetting.json from @text (@len bytes), checking every
 * authority against @rd and every level a rule names.  SCS_OK with *@out
 * (free with scs_policy_free); SCS_EINVAL naming "vetting.json: PATH";
 * SCS_ENOMEM.
 */
int scs_policy_parse(const struct scs_refdata *rd, const char *text, size_t len,
    struct scs_policy **out, struct scs_err *err);

void scs_policy_free(struct scs_policy *p);

/** The policy of @authority, or of "*" when it has none of its own. */
const struct scs_apolicy *scs_policy_for(const struct scs_policy *p,
    const char *authority);

/**
 * The targets of @authority's level @level into @out, in days per phase
 * (enum scs_phase) and end to end (@out[SCS_PHASE_N]): its authority's
 * targets_days (or "*"'s), each phase the level names in targets_by_level
 * replaced.  false, @out untouched, when no policy covers @authority.
 */
bool scs_policy_targets(const struct scs_policy *p, const char *authority,
    const char *level, int64_t out[SCS_PHASE_N + 1]);

/** The consent notice in force (the newest), or the one of @version
 * (NULL when there is none). */
const json_t *scs_policy_consent(const struct scs_apolicy *a,
    const char *version);

/** The version string of notice @notice. */
const char *scs_policy_consent_version(const json_t *notice);

/** The questionnaire names the policy's authorities use, each once:
 * *@out_n names in @out (at most @max). */
size_t scs_policy_questionnaires(const struct scs_policy *p, const char **out,
    size_t max);

/**
 * Parse questionnaire @name (as the policy names it) from @text and give
 * it to every authority that uses it.  A schema whose authority is not
 * the one using it (unless generic) is refused.  SCS_OK, SCS_EINVAL
 * naming @name, SCS_ENOMEM.
 */
int scs_policy_attach(struct scs_policy *p, const char *name, const char *text,
    size_t len, struct scs_err *err);

/** Whether every authority of @p has its questionnaire (SCS_EINVAL
 * naming the first without one). */
int scs_policy_complete(const struct scs_policy *p, struct scs_err *err);

/** The first rule of @a that covers @level and holds for @f, or NULL. */
const struct scs_erule *scs_policy_e_adjudicate(const struct scs_apolicy *a,
    const char *level, const struct scs_efacts *f);

/*
 * Retention (DESIGN.md section 7; src/core/retention.c): when a person's
 * sealed data may be purged, from the retention periods of the policy and
 * the person's cases and clearances, fed one at a time.  Each record
 * allows a purge from a time; the person's data may go when every record
 * allows it:
 *  - a refused or withdrawn case: not_completed_days after it ended (its
 *    last stamp, `since`);
 *  - a denied or rejected case: denied_days after the decision or the
 *    rejection of the complaint, whichever is later (and never before the
 *    complaint window closes);
 *  - a clearance: ended_clearance_days after its valid_until, whatever
 *    its status (ended, expired, revoked...); one without an end keeps
 *    the person;
 *  - a granted case: by the clearances; a person with a granted case but
 *    no clearance, ended_clearance_days after the decision;
 *  - an open case (interim included) keeps the person.
 * A person with neither cases nor clearances has nothing that ended: kept.
 */
struct scs_retention {
	int64_t due;     /* the latest time a record allows; or NEVER */
	int64_t granted; /* the latest decision of a granted case, or NEVER */
	size_t ncases, nclearances;
	bool keep; /* an open case or a clearance without end */
};

void scs_retention_init(struct scs_retention *r);
void scs_retention_case(struct scs_retention *r, const struct scs_policy *p,
    const struct scs_case *k);
void scs_retention_clearance(struct scs_retention *r,
    const struct scs_policy *p, const struct scs_clearance *cl);

/** The time (unix seconds) from which the person's sealed data may be
 * purged, or SCS_TIME_NEVER. */
int64_t scs_retention_due(const struct scs_retention *r,
    const struct scs_policy *p);

#endif
