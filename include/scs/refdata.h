/* SPDX-License-Identifier: Apache-2.0 */
/*
 * refdata.h - the reference tables the program loads at start: clearance
 * authorities, their levels with common ranks, penalties, the alliances
 * that releasability may name and their member nations (the CSV files in
 * data/). Part of core: parsing works on text the caller read; no I/O here.
 */
#ifndef SCS_REFDATA_H
#define SCS_REFDATA_H

#include <stddef.h>

#include "scs/err.h"

#define SCS_AUTH_CODE_MAX  16
#define SCS_LEVEL_CODE_MAX 40
#define SCS_RANK_MAX       4

struct scs_authority {
	char code[SCS_AUTH_CODE_MAX];
	char nations[8][6];
	size_t nnations;
	char name[160];
	char native_name[96];
	int validity_years;
	char accepted_for[16][SCS_AUTH_CODE_MAX];
	size_t naccepted_for;
};

struct scs_level {
	size_t authority; /* index into scs_refdata.authorities */
	char code[SCS_LEVEL_CODE_MAX];
	char native_name[96];
	char english_name[96];
	int rank; /* common rank: 0 official ... 4 top secret */
};

struct scs_penalty {
	size_t authority;
	char offence[160];
	int max_prison_years;
	long max_fine_yen; /* -1 when the table gives none */
};

/* An alliance of nations (data/alliances.csv): a code that an item's
 * releasable_to may name (NATO, FVEY, EU), admitting every national of
 * its members (DESIGN.md section 5, rule 7). */
#define SCS_ALLIANCES_MAX        16
#define SCS_ALLIANCE_MEMBERS_MAX 64

struct scs_alliance {
	char code[SCS_AUTH_CODE_MAX];
	char members[SCS_ALLIANCE_MEMBERS_MAX][4]; /* ISO 3166-1 alpha-3 */
	size_t nmembers;
};

struct scs_policy; /* policy.h: data/vetting.json */

struct scs_refdata {
	struct scs_authority *authorities;
	size_t nauthorities;
	struct scs_level *levels;
	size_t nlevels;
	struct scs_penalty *penalties;
	size_t npenalties;
	struct scs_alliance *alliances;
	size_t nalliances;
	struct scs_policy *policy; /* owned; NULL until loaded */
};

/** The tables the program knows, in the order they must be parsed. */
extern const char *const scs_refdata_files[4];

/**
 * Parse one table, named by its file name (one of scs_refdata_files), from
 * @text of @len bytes into @rd.  authorities.csv must come first.  On error
 * err->field is "FILE:LINE: column" and nothing of that table is kept.
 * Returns SCS_OK, SCS_EINVAL or SCS_ENOMEM.
 */
int scs_refdata_parse(struct scs_refdata *rd, const char *file,
    const char *text, size_t len, struct scs_err *err);

/** Check the tables against each other (every accepted_for authority
 * known, every authority with at least one level, every nation of an
 * authority a nation of ISO 3166-1 or an alliance of alliances.csv).
 * SCS_OK or EINVAL. */
int scs_refdata_check(const struct scs_refdata *rd, struct scs_err *err);

/** Free the tables; @rd may be reused after. */
void scs_refdata_free(struct scs_refdata *rd);

/** The authority with @code, or NULL. */
const struct scs_authority *scs_refdata_authority(const struct scs_refdata *rd,
    const char *code);

/** The level @code of authority @auth, or NULL. */
const struct scs_level *scs_refdata_level(const struct scs_refdata *rd,
    const char *auth, const char *code);

/** The alliance @code (NATO, FVEY, EU), or NULL when it is none. */
const struct scs_alliance *scs_refdata_alliance(const struct scs_refdata *rd,
    const char *code);

/** Whether @nation is a member of alliance @a. */
int scs_refdata_member(const struct scs_alliance *a, const char *nation);

#endif
