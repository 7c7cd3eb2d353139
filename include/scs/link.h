/* SPDX-License-Identifier: Apache-2.0 */
/*
 * link.h - record linkage for continuous vetting: which person of the
 * register, if any, an outside record (an arrest, a judgment, a
 * bankruptcy) is about (docs/continuous-vetting.md, "Matching").
 *
 * The persons of the register go into an index: each name cut into
 * tokens with their keys (name.h), the tokens interned, blocking keys
 * sorted.  A record is compared only with the persons that share a
 * blocking key with it, in any of several passes (the same birth date;
 * the same folded or phonetic full name, in either order; the same family
 * or given name and birth year), so that one wrong field cannot hide a
 * true match.  Each comparison gives a level per field (family name,
 * given name, birth date, nationality), and the Fellegi-Sunter weight of
 * a level is log2(m/u): m the chance of that level for a true match, u
 * for two different people.  u comes from random pairs of the register
 * itself; for an exact or folded name, from how common that very name is
 * (a common surname agrees by chance more often).  m is estimated by EM
 * on the candidate pairs of the records being matched.  A record's score
 * is the sum of its weights with its best candidate; the decision (link,
 * review, none) follows from the posterior probability of a match, and
 * from one rule first: a family name, a given name or a birth date that
 * plainly disagrees stands the candidate down, however strong the rest
 * (an alert accuses someone; a namesake born on another day is another
 * person).
 *
 * Part of core: no I/O, no clock.  An index is built by one thread, then
 * sealed; a sealed index and a model may be read by any number of threads
 * at once (scs_link_match).
 */
#ifndef SCS_LINK_H
#define SCS_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/name.h"

enum scs_link_field {
	SCS_LF_FAMILY,
	SCS_LF_GIVEN,
	SCS_LF_BIRTH,
	SCS_LF_NATION,
	SCS_LF_N
};

/* How well one field agrees.  The name fields use exact to disagree;
 * the birth date exact, near (one digit apart), swapped (day and month),
 * disagree; nationality exact (one of the person's) or
 * disagree.  missing: either side lacks the field, or nothing comparable
 * (kanji against Latin letters with no known reading): weight 0. */
enum scs_link_level {
	SCS_LV_EXACT,
	SCS_LV_FOLDED,    /* the same after the folds of name.h */
	SCS_LV_PHONETIC,  /* the same phonetic key */
	SCS_LV_HOMOPHONE, /* different kanji, the same reading (小野/大野) */
	SCS_LV_NEAR,      /* one digit apart */
	SCS_LV_SWAPPED,   /* day and month swapped */
	SCS_LV_DISAGREE,
	SCS_LV_MISSING,
	SCS_LV_N
};

/* The identity of a person or a record: names in any script (NULL or ""
 * when absent).  A record's names are all in @names; a person's are
 * name, name_latin, name_kana, name_passport, then the aliases. */
#define SCS_LINK_NAMES 12
struct scs_link_ident {
	const char *names[SCS_LINK_NAMES];
	size_t nnames;
	const char *birth_date;         /* YYYY-MM-DD or NULL */
	const char (*nationalities)[4]; /* ISO alpha-3 codes */
	size_t nnationalities;
};

struct scs_link_model {
	double m[SCS_LF_N][SCS_LV_N];
	double u[SCS_LF_N][SCS_LV_N];
	/* the share of records about someone in the register (EM) */
	double prior;
	/* decision thresholds on the posterior probability of a match */
	double link_at, review_at;
	/* the pairs and iterations the estimates took (0: the defaults) */
	size_t em_pairs, u_pairs;
	int em_iterations;
	/* How often two persons of the register who share a name also share
	 * a birth date, against what independent fields predict: the pairs
	 * of persons with one name (name_pairs), of those with one name and
	 * birth date (identity_pairs), and (identity_pairs + 1) /
	 * (name_pairs u + 1), u the chance that two persons share a birth
	 * date (joint_ratio, 1 when the register cannot tell).  A register
	 * whose persons never share an identity makes a stranger's sharing
	 * one with a candidate that much less likely: the joint weight. */
	size_t name_pairs, identity_pairs;
	double joint_ratio;
};

enum scs_link_decision { SCS_LINK_NONE, SCS_LINK_REVIEW, SCS_LINK_LINK };

struct scs_link_result {
	long person;  /* the index of the best candidate, -1 for none */
	double score; /* the sum of the weights, bits */
	double probability;
	double weight[SCS_LF_N];
	/* what the register adds when both names are exact or folded (else
	 * 0): less for a full name held by more persons than its parts
	 * predict, -log2(joint_ratio) more when the birth date is exact
	 * too; part of the score */
	double joint;
	enum scs_link_level level[SCS_LF_N];
	double second;     /* the score of the next best candidate */
	double rest;       /* log2 of the sum of 2^score of the others */
	size_t candidates; /* persons compared */
	enum scs_link_decision decision;
	bool ambiguous; /* another person scores nearly as high */
	bool stands;    /* no name part and not the birth date disagrees */
};

struct scs_link_index;

/** A new empty index naming with @nm (which must outlive it).  NULL when
 * out of memory. */
struct scs_link_index *scs_link_index_new(const struct scs_namer *nm);

void scs_link_index_free(struct scs_link_index *ix);

/** Add a person (its index is the count before the call).  SCS_OK,
 * SCS_ENOMEM; SCS_EINVAL after scs_link_index_seal. */
int scs_link_index_add(struct scs_link_index *ix,
    const struct scs_link_ident *id);

/**
 * Finish the index: sort the blocking keys, count how common each name
 * is, estimate u on @upairs random pairs of its persons (a fixed seed:
 * the same register gives the same figures) and measure the joint ratio
 * on all of them into @model, whose m and thresholds it sets to their
 * defaults.  SCS_OK or SCS_ENOMEM.
 */
int scs_link_index_seal(struct scs_link_index *ix, size_t upairs,
    struct scs_link_model *model);

size_t scs_link_index_count(const struct scs_link_index *ix);

/**
 * Estimate m by EM on the candidate pairs of @recs (at most @sample of
 * them are used, spread evenly) and the prior share of records that match
 * someone: two passes, so that the fields a pass blocks on are not the
 * ones it estimates (the birth-date pass estimates the names', the name
 * pass the birth date's).  Keeps the defaults where too few pairs
 * inform a field.  Thread-safe with other readers of @ix.
 */
void scs_link_estimate(const struct scs_link_index *ix,
    const struct scs_link_ident *recs, size_t nrecs, size_t sample,
    struct scs_link_model *model);

/**
 * Match one record: its best candidate, its score, the weights per field
 * and the decision.  Thread-safe.
 */
void scs_link_match(const struct scs_link_index *ix,
    const struct scs_link_model *model, const struct scs_link_ident *id,
    struct scs_link_result *out);

/**
 * The prior share of matching records from the scores of a whole feed
 * (@n results): a fixed point of the mean posterior, so that a feed of
 * mostly strangers does not link as readily as one of mostly members.
 * Then each result's probability and decision are recomputed.
 */
void scs_link_decide(const struct scs_link_index *ix,
    struct scs_link_model *model, struct scs_link_result *res, size_t n);

/** "family", "given", "birth_date", "nationality". */
const char *scs_link_field_name(enum scs_link_field f);

/** "exact", "folded", "phonetic", "homophone", "near", "swapped",
 * "disagree", "missing". */
const char *scs_link_level_name(enum scs_link_level l);

/** "link", "review", "none". */
const char *scs_link_decision_name(enum scs_link_decision d);

#endif
