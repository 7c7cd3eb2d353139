/* SPDX-License-Identifier: Apache-2.0 */
/*
 * questionnaire.h - questionnaire schemas as data (data/questionnaires/,
 * docs/questionnaire.md) and the validator of a subject's answers
 * (DESIGN.md sections 3 and 4).  A schema is parsed once, checked
 * thoroughly, and is immutable after: every function here may be called
 * from any number of threads on the same schema.  Part of core: no I/O, no
 * clock (the time comes in struct scs_qctx), no crypto, no storage.  The
 * answers travel as jansson trees the caller parsed; nothing here changes
 * them.
 */
#ifndef SCS_QUESTIONNAIRE_H
#define SCS_QUESTIONNAIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "scs/err.h"
#include "scs/model.h"

/* The embedded name of the schema every authority without its own
 * ("questionnaires/<AUTHORITY>.json") uses. */
#define SCS_QSCHEMA_GENERIC "questionnaires/generic.json"

#define SCS_QDEPTH_MAX  4   /* nested field lists: section, entry, details */
#define SCS_QREPEAT_MAX 200 /* entries of one repeat field */
#define SCS_QGAP_DAYS   30  /* the longest gap a history may leave */
#define SCS_QERR_MAX    64  /* errors kept of one check */

struct scs_qschema; /* opaque: a parsed, checked schema */

/* What the answers are checked against: the person's birth date as the
 * register holds it ("YYYY-MM-DD"; NULL or "" when unknown, and then no
 * date is "before birth" and the look-back starts now - lookback_years),
 * and the present instant in unix seconds. */
struct scs_qctx {
	const char *birth_date;
	int64_t now;
};

/* One finding: the section ("" for the document as a whole), the field's
 * path inside it ("entries[2].period.from"; "" for the section itself)
 * and the reason, for a person to read. */
struct scs_qerr {
	char section[48];
	char path[160];
	char reason[200];
};

/* The findings of one check: the first SCS_QERR_MAX kept in document
 * order, and the number found. */
struct scs_qerrs {
	size_t n;
	size_t total;
	struct scs_qerr e[SCS_QERR_MAX];
};

/**
 * Parse and check the schema in @text of @len bytes (JSON).  Everything
 * docs/questionnaire.md describes is checked: unknown keys and types,
 * duplicate ids, labels in both languages, required_if naming an unknown
 * sibling or comparing with a value of the wrong type, items named but not
 * declared, nesting deeper than SCS_QDEPTH_MAX, the relatives field's shape,
 * for a JPN-* authority exactly the seven lawful items; and the schema's
 * "example" must pass scs_qschema_check under its "example_context".
 * On success *@out is a new schema the caller frees with
 * scs_qschema_free.  Returns SCS_OK, SCS_EINVAL (err->field is the JSON path
 * in the schema, e.g. "sections[2].fields[0].type", or
 * "example.SECTION.PATH") or SCS_ENOMEM; *@out is NULL on failure.
 */
int scs_qschema_parse(const char *text, size_t len, struct scs_qschema **out,
    struct scs_err *err);

/** Free @s and everything it returned; NULL is a no-op. */
void scs_qschema_free(struct scs_qschema *s);

/** The authority code ("JPN-SDS"; "generic" for the generic schema). */
const char *scs_qschema_authority(const struct scs_qschema *s);

/** The schema's version ("2026-1"). */
const char *scs_qschema_version(const struct scs_qschema *s);

/** Whether this is the schema for every authority without its own. */
bool scs_qschema_generic(const struct scs_qschema *s);

/** The look-back window in years. */
int scs_qschema_lookback_years(const struct scs_qschema *s);

/**
 * The whole schema as given, to serve as GET /v1/questionnaires/{authority}.
 * Owned by @s and valid until scs_qschema_free; callers must not change it
 * (json_deep_copy to keep or edit a copy).
 */
const json_t *scs_qschema_json(const struct scs_qschema *s);

/** The example answer document (section id -> section answers), owned by
 * @s as scs_qschema_json is. */
const json_t *scs_qschema_example(const struct scs_qschema *s);

/** The number of sections, and the id of section @i (< that number). */
size_t scs_qschema_nsections(const struct scs_qschema *s);
const char *scs_qschema_section_id(const struct scs_qschema *s, size_t i);

/** The index of section @id, or -1 when the schema has none. */
int scs_qschema_section_index(const struct scs_qschema *s, const char *id);

/** The number of assessment items, and the code of item @i. */
size_t scs_qschema_nitems(const struct scs_qschema *s);
const char *scs_qschema_item(const struct scs_qschema *s, size_t i);

/** Whether the schema declares assessment item @code. */
bool scs_qschema_has_item(const struct scs_qschema *s, const char *code);

/**
 * Check one section's @answers as saved (a partial save, PUT): the object's
 * shape, every given value's type and value (texts, dates within the
 * person's life, ranges in order, codes, countries, money, entry counts up
 * to the maximum), unknown fields refused.  Not enforced: required and
 * required_if fields, minimum entry counts, look-back coverage.  A null
 * value counts as not answered.  @errs (may be NULL) receives every
 * finding; @err (may be NULL) the first, its field "SECTION.PATH".
 * Returns SCS_OK or SCS_EINVAL (also for an unknown @section, and for a
 * @ctx that is NULL, with a birth date that is not one, or with a time
 * outside 1900..2199).  Allocates nothing.
 */
int scs_qschema_check_section(const struct scs_qschema *s, const char *section,
    const json_t *answers, const struct scs_qctx *ctx, struct scs_qerrs *errs,
    struct scs_err *err);

/**
 * Check the whole document @doc (section id -> section answers) at
 * submission: everything scs_qschema_check_section checks, and every
 * section present, required and required_if fields answered, details given
 * for each yes that asks for them, minimum entry counts, and each history
 * covering its look-back window, every gap of more than SCS_QGAP_DAYS days
 * listed with its first and last day.  Unknown sections are refused.  All
 * findings are collected as scs_qschema_check_section does.  Returns SCS_OK
 * or SCS_EINVAL.  Allocates nothing.
 */
int scs_qschema_check(const struct scs_qschema *s, const json_t *doc,
    const struct scs_qctx *ctx, struct scs_qerrs *errs, struct scs_err *err);

/**
 * Walk @doc for adverse yes/no questions answered yes (the self-reported
 * items that bar e-adjudication): for each, in the schema's order, call @cb
 * (may be NULL) with @arg, the assessment item's code, the section id and
 * the field's path ("convicted", "entries[1].dismissed").  Parts of @doc
 * that do not fit the schema are skipped; check @doc first.  Returns the
 * number found.  The strings passed to @cb live only during the call.
 */
size_t scs_qschema_adverse(const struct scs_qschema *s, const json_t *doc,
    void (*cb)(void *arg, const char *item, const char *section,
        const char *path),
    void *arg);

/**
 * The relatives and cohabitants of @doc (a document that passed
 * scs_qschema_check) as the person's record holds them.  @out is memory
 * the caller provides and wipes (scs_crypto_secalloc: these are sealed
 * values); it is overwritten.  A schema without a relatives field gives
 * none.  Returns SCS_OK, or SCS_EINVAL naming the field ("relatives.
 * members[1].name") when @doc does not hold a valid list; @out is then
 * zeroed.
 */
int scs_qschema_relatives(const struct scs_qschema *s, const json_t *doc,
    struct scs_relatives *out, struct scs_err *err);

#endif
