/* SPDX-License-Identifier: Apache-2.0 */
/*
 * connector.h - record checks (DESIGN.md section 3, "Finding": source
 * "record check"): one interface through which an investigation asks an
 * outside register (police, court, bankruptcy, disciplinary records) what
 * it holds on a person, and the one connector that exists now, the JSON
 * Lines adverse-records feed (docs/record-checks.md: the format and the
 * matching rules).
 *
 * A check sends identity only: names, birth date, nationalities, which
 * DESIGN.md section 7 leaves unsealed because matching needs them.  What
 * comes back (struct scs_check_hit) carries the source record, summary
 * included: that is case content, for the caller to seal as a finding and
 * never to log.  This module keeps no state about who was checked.
 */
#ifndef SCS_CONNECTOR_H
#define SCS_CONNECTOR_H

#include <stddef.h>

#include "scs/err.h"
#include "scs/model.h"

#define SCS_CHECK_ITEM_MAX 39          /* item codes, bytes */
#define SCS_FEED_LINE_MAX  65536       /* a feed line without its newline */
#define SCS_FEED_TEXT_MAX  4096        /* a feed record's summary, bytes */
#define SCS_FEED_BYTES_MAX (1ul << 30) /* a whole feed file */

/* Who is checked: identity only.  Either name may be NULL (not both). */
struct scs_check_subject {
	const char *name;       /* native script, e.g. "山田 太郎" */
	const char *name_latin; /* "YAMADA Taro" */
	const char *birth_date; /* YYYY-MM-DD */
	const char (*nationalities)[4];
	size_t nnationalities;
};

/* The kinds of register a record comes from.  Codes never renumbered. */
enum scs_check_source {
	SCS_CHECK_POLICE,
	SCS_CHECK_COURT,
	SCS_CHECK_BANKRUPTCY,
	SCS_CHECK_DISCIPLINARY,
	SCS_CHECK_NSOURCES
};

/* One record that matched the subject. */
struct scs_check_hit {
	enum scs_check_source source;
	char id[SCS_ID_MAX + 1];           /* the feed record's id */
	char date[SCS_DATE_LEN + 1];       /* the record's date, YYYY-MM-DD */
	char item[SCS_CHECK_ITEM_MAX + 1]; /* the assessment item it bears on */
	char *record; /* the source record as compact JSON (malloc'd) */
};

struct scs_connector;

/** The code of @s ("police", "court", "bankruptcy", "disciplinary"), or
 * NULL when @s is out of range. */
const char *scs_check_source_name(enum scs_check_source s);

/** Parse a source code.  0, or -1 when @s names no source. */
int scs_check_source_parse(const char *s, enum scs_check_source *out);

/**
 * The assessment item a record of @s bears on when its feed line names
 * none: "finances" for bankruptcy, "criminal_disciplinary" for the rest;
 * NULL when @s is out of range.
 */
const char *scs_check_source_item(enum scs_check_source s);

/**
 * Point @out at the identity of @p (no copy: @out is valid while @p is
 * and unchanged).  Names that are "" become NULL.
 */
void scs_check_subject_of(struct scs_check_subject *out,
    const struct scs_person *p);

/**
 * Run the check for @subj: every matching record, in the order of the
 * source (feed order).  On SCS_OK *@out_hits is an array of *@out_n hits
 * (NULL when 0: the subject is clear) that the caller frees with
 * scs_check_hits_free; on any error *@out_hits is NULL and *@out_n 0.
 * Returns SCS_OK; SCS_EINVAL for a subject without a valid birth date,
 * without a name, or with a malformed nationality (the field named:
 * "birth_date", "name", "nationalities[1]"); SCS_EIO when the source
 * cannot be read (err->field names it); SCS_ECORRUPT when the source
 * holds a bad record (err->field "FILE:LINE: field"); SCS_ENOMEM.
 * Thread safety is the connector's: the feed connector allows concurrent
 * checks on one connector.
 */
int scs_connector_check(struct scs_connector *c,
    const struct scs_check_subject *subj, struct scs_check_hit **out_hits,
    size_t *out_n, struct scs_err *err);

/** The connector's name for logs and findings, e.g.
 * "feed:/srv/scs/police.jsonl"; owned by @c.  Thread-safe. */
const char *scs_connector_name(const struct scs_connector *c);

/** Free @c (NULL is fine).  No check may be running on it. */
void scs_connector_free(struct scs_connector *c);

/** Free @n hits and the array (NULL is fine). */
void scs_check_hits_free(struct scs_check_hit *hits, size_t n);

/**
 * Open the JSON Lines feed at @path (docs/record-checks.md) as a
 * connector named "feed:@path" (*@out; free with scs_connector_free).
 * The whole feed is read and validated now and indexed by birth date.
 * Before each check the file is looked at again (stat: device, inode,
 * size, modification time); when it changed, it is read and validated
 * again (other checks wait meanwhile) and the check runs on the new
 * content, so an operator can replace the feed (write a new file, rename
 * it over the old) while a server runs.
 * A replaced feed that is unreadable or bad fails the checks (SCS_EIO,
 * SCS_ECORRUPT) until it is fixed: a check never reports "clear" from
 * records the operator has withdrawn.
 * Returns SCS_OK; SCS_EIO when the file cannot be read (err->field is
 * @path); SCS_EINVAL for a bad feed, err->field "FILE:LINE: field" (or
 * "FILE:LINE" when the line is not JSON, "FILE" when the file is too big)
 * and the reason; SCS_ENOMEM.  Nothing is kept on failure.
 * Checks on the connector are thread-safe: a mutex guards the reload and
 * a check runs on a reference-counted copy of the feed without the lock.
 */
int scs_connector_feed_open(const char *path, struct scs_connector **out,
    struct scs_err *err);

/**
 * A feed connector over the @len bytes of @text (which need not be
 * NUL-terminated and is not kept), named "feed:@name"; @name also stands
 * for FILE in error fields.  It never reloads.  For tests, fuzzers and
 * feeds held in memory; the returns are scs_connector_feed_open's
 * without SCS_EIO.
 */
int scs_connector_feed_text(const char *name, const char *text, size_t len,
    struct scs_connector **out, struct scs_err *err);

#endif
