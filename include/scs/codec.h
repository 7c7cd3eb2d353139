/* SPDX-License-Identifier: Apache-2.0 */
/*
 * codec.h - the JSON forms of the register's records: the interchange
 * format of DESIGN.md section 11 and the API's bodies are the same objects.
 * Parsing is strict: an unknown key, a wrong type or an over-long string is
 * an error naming the field.  Parsing checks shape; the rules of a valid
 * record are core's (scs_*_validate), called here after shape passes.
 * Key order of the produced objects is fixed, so exports are byte-stable.
 */
#ifndef SCS_CODEC_H
#define SCS_CODEC_H

#include <stdbool.h>

#include <jansson.h>

#include "scs/err.h"
#include "scs/index.h"
#include "scs/model.h"
#include "scs/refdata.h"
#include "scs/record.h"
#include "scs/register.h"

/** Parse and validate an organization.  A "kind" key, if present, must be
 * "organization". */
int scs_codec_org_parse(const json_t *j, struct scs_org *out,
    struct scs_err *err);

/** A new JSON object for @o (caller decrefs), "kind" first when @kind. */
json_t *scs_codec_org_json(const struct scs_org *o, bool kind);

/**
 * Parse and validate a person.  Relatives go to @rel (secure memory the
 * caller owns); *out_has_rel tells whether the key was present.  When @rel
 * is NULL a "relatives" key is refused.
 */
int scs_codec_person_parse(const json_t *j, struct scs_person *out,
    struct scs_relatives *rel, bool *out_has_rel, struct scs_err *err);

/** A new JSON object for @p; "relatives" only when @rel is not NULL. */
json_t *scs_codec_person_json(const struct scs_person *p,
    const struct scs_relatives *rel, bool kind);

/** Parse a JSON array of relatives into @rel. */
int scs_codec_relatives_parse(const json_t *j, struct scs_relatives *rel,
    struct scs_err *err);
json_t *scs_codec_relatives_json(const struct scs_relatives *rel);

/** An instant as an RFC 3339 date-time in UTC, always with its time of
 * day ("2026-01-01T00:00:00Z"). */
json_t *scs_codec_instant_json(int64_t t);

/** A user as the API shows it: never a hash; "created" as an RFC 3339
 * time; a subject's account says whether its activation is pending. */
json_t *scs_codec_user_json(const struct scs_user *u);

/**
 * Parse a new user: username, org, role, person (subjects), password
 * (people; copied to @pw of @pwsize bytes, "" when absent).
 */
int scs_codec_user_parse(const json_t *j, struct scs_user *out, char *pw,
    size_t pwsize, struct scs_err *err);

/** Boolean member @key of @j into *@out: absent or null is false;
 * anything but true or false is SCS_EINVAL naming @key. */
int scs_codec_flag(const json_t *j, const char *key, bool *out,
    struct scs_err *err);

/**
 * Copy string member @key of @j into @dst of @size bytes.  Missing:
 * SCS_ENOTFOUND when !@required (dst set to ""), else SCS_EINVAL.
 */
int scs_codec_str(const json_t *j, const char *key, char *dst, size_t size,
    bool required, struct scs_err *err);

/**
 * A time member: "YYYY-MM-DD" or RFC 3339.  Missing or null: SCS_ENOTFOUND
 * with *out = @dflt when !@required, else SCS_EINVAL.
 */
int scs_codec_time(const json_t *j, const char *key, bool required,
    int64_t dflt, int64_t *out, struct scs_err *err);

/* Flags of the record codec. */
#define SCS_CODEC_KIND   1u /* write "kind" first */
#define SCS_CODEC_SEALED 2u /* write sealed fields as NAME_sealed hex */
#define SCS_CODEC_ALLOW_SEALED                                                 \
	4u /* parse: a sealed field's key is the                               \
	    * caller's (its plaintext), not refused */

/**
 * Parse and validate a record of @kind from @j (the kind table of
 * record.h): shape first, each field in table order, then the kind's core
 * rules.  Errors name the field.  @out is a record of @kind on return,
 * without sealed values; the caller clears it.
 */
int scs_codec_rec_parse(const struct scs_refdata *rd, const json_t *j,
    enum scs_kind kind, unsigned flags, struct scs_record *out,
    struct scs_err *err);

/**
 * The canonical JSON object of @r (caller decrefs): fields in table
 * order, valid_until null when a period never ends, sealed fields only
 * with SCS_CODEC_SEALED.  NULL when out of memory.
 */
json_t *scs_codec_rec_json(const struct scs_record *r, unsigned flags);

/**
 * Append to @out the text of scs_codec_rec_json(@r, @flags) as
 * scs_codec_dumps(..., JSON_COMPACT) writes it, byte for byte, without
 * making the object: the text the record's state hash is taken over
 * (scs_op_state), so it never changes.  Written from the same kind table;
 * src/codec/record.c sets out jansson's rules it follows.  No NUL is
 * counted in @out's length (the buffer keeps one after it).
 *
 * Returns SCS_OK; SCS_ENOMEM when out of memory or past @out's cap;
 * SCS_EINVAL when @r's kind is out of range or one of its texts is not
 * well-formed UTF-8 (the cases where scs_codec_rec_json gives NULL).  On
 * failure @out is as it was.  Thread-safe: it touches only @out.
 */
int scs_codec_rec_canon(struct scs_buf *out, const struct scs_record *r,
    unsigned flags);

/** A "kind" member, if present, must be @kind. */
int scs_codec_kind(const json_t *j, const char *kind, struct scs_err *err);

/* A decision query: pointers into the caller's text. */
struct scs_query {
	const char *subject, *item, *at;
	size_t subject_len, item_len, at_len;
	int has_at;
};

/**
 * Parse the usual query object by hand: "subject", "item" and optional
 * "at", string values without escapes, nothing else.  0 when it applied;
 * -1 when the text needs the full parser (which also names errors).
 */
int scs_codec_query_fast(const char *line, size_t len, struct scs_query *q);

/** Query ids must look like the register's (scs_valid_id, 64 bytes at
 * most), so nothing odd reaches the audit log.  SCS_OK or SCS_EINVAL. */
int scs_codec_query_ids(const char *subject, size_t slen, const char *item,
    size_t ilen, struct scs_err *err);

/**
 * Append the answer object of one decision to @b, as `scs check --batch`
 * and POST /v1/decisions write it: {"subject","item","allow"[,"reason"]
 * [,"at"]} (no newline); "at" (the time decided, RFC 3339) when @at is
 * not NULL.  SCS_OK, or SCS_ENOMEM with @b as it was (the buffer full or
 * out of memory): never half an answer.
 */
int scs_codec_answer(struct scs_buf *b, const char *subject, size_t slen,
    const char *item, size_t ilen, enum scs_reason r, const char *at);

/**
 * The text of @j under jansson @flags, NUL-terminated, in memory the
 * caller frees; NULL when out of memory.  Use it, never json_dumps, for
 * text that is sealed, hashed, stored or sent: json_dumps can drop bytes
 * when an allocation fails midway (a quote whose append failed), while
 * this sizes the text first and fills exactly that many bytes, which
 * needs no allocation but the buffer.
 */
char *scs_codec_dumps(const json_t *j, size_t flags);

/**
 * Set member @key of *@o to @v (taking it), or append @v to the array *@a.
 * When *@o is NULL, @v is NULL or the set fails, *@o becomes NULL (and
 * what it held is freed): chains of these end NULL when any step ran out
 * of memory, so a half-built answer never goes out.
 */
void scs_codec_put(json_t **o, const char *key, json_t *v);
void scs_codec_push(json_t **a, json_t *v);

/** The label of a document derived from items (scs_index_join's @lj):
 * rank, authority, level, from_item, compartments, releasable_to.  NULL
 * when out of memory. */
json_t *scs_codec_label_join(const struct scs_index *ix,
    const struct scs_label_join *lj);

/** Refuse any key of @j not in the NULL-terminated @allowed list. */
int scs_codec_only(const json_t *j, const char *const *allowed,
    struct scs_err *err);

struct scs_audit_entry;
struct scs_tree_head;
struct scs_audit_proof;

/** A signed tree head as JSON (src/codec/proof.c): size, time_us, time,
 * root and signature (hex).  NULL when out of memory. */
json_t *scs_codec_head_json(const struct scs_tree_head *h);

/** Parse a head of that form (a "public_key" key is ignored) into @out;
 * SCS_EINVAL naming @field and the key that is wrong. */
int scs_codec_head_parse(const json_t *j, const char *field,
    struct scs_tree_head *out, struct scs_err *err);

/** An audit proof with its heads as JSON (the body of GET
 * /v1/audit/proof/...); NULL when out of memory. */
json_t *scs_codec_proof_json(const struct scs_audit_proof *p);

/** Parse a proof of that form into @out (shape only: check it with
 * scs_audit_proof_check); SCS_EINVAL naming the field. */
int scs_codec_proof_parse(const json_t *j, struct scs_audit_proof *out,
    struct scs_err *err);

/**
 * A new JSON object for audit entry @e (caller decrefs; NULL when out of
 * memory), its time both as RFC 3339 with microseconds ("time") and as
 * unix microseconds ("time_us").  Whatever bytes the store holds, the
 * object is valid JSON:
 * a byte that is not well-formed UTF-8 (written behind the program's back)
 * is shown as U+FFFD, so one such entry never makes the log unreadable.
 */
json_t *scs_codec_audit_json(const struct scs_audit_entry *e);

/**
 * One recorded decision of a decision block: {"seq" (its block's audit
 * entry), "at", "actor", "subject", "item", "allow", "reason" (absent on
 * a plain allow)}.  NULL when out of memory.
 */
json_t *scs_codec_decision_json(uint64_t seq, const char *actor,
    const char *subject, const char *item, int64_t at, enum scs_reason r);

#endif
