/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ops_int.h - helpers the files of src/ops/ share.
 */
#ifndef SCS_OPS_INT_H
#define SCS_OPS_INT_H

#include "scs/ops.h"

/** SCS_OK when the actor is the OS or holds a role in @roles; otherwise
 * SCS_EDENIED naming @what. */
int scs_op_allow(const struct scs_ctx *c, unsigned roles, const char *what,
    struct scs_err *err);

/** Seal @len bytes of @pt into sealed field @field of @r (what it held
 * is freed) under the data key of the person @r belongs to (scs_op_owner),
 * making that key when the person has none; only inside the write
 * transaction that stores @r (see scs_op_seal_relatives).  The associated
 * data binds the value to its record and field. */
int scs_op_seal_field(struct scs_ctx *c, struct scs_record *r,
    const char *field, const void *pt, size_t len, struct scs_err *err);

/** Open sealed field @field of @r: *out_pt is secure memory of *out_len
 * bytes the caller frees with scs_crypto_secfree.  A format-1 value opens
 * under its register key, a format-2 one under its person's key. */
int scs_op_open_field(struct scs_ctx *c, const struct scs_record *r,
    const char *field, char **out_pt, size_t *out_len, struct scs_err *err);

struct scs_scenario;

/** Parse the scenario @body and give its classes with "history" their
 * times and arrivals from the register (src/ops/sim.c): the scenario
 * into *@out_sc, what each class took into *@out_notes (JSON).  No role
 * check: the callers make theirs. */
int scs_op_sim_prepare(struct scs_ctx *c, const json_t *body,
    struct scs_scenario **out_sc, json_t **out_notes, struct scs_err *err);

/* ---- bulk sections of an import (src/ops/bulk.c) ----
 *
 * scs import writes a batch of lines inside a store bulk section
 * (scs_store_bulk_begin), taking every record as new: no read to find an
 * existing one (an insert of one that exists fails, and the batch is
 * done again line by line), references noted and checked together at the
 * end (a few queries per batch instead of one per reference), a person's
 * data key made without looking for one.  Whatever fails undoes the
 * batch, and the slow path names the line. */

#define SCS_BULK_KEYED 8192 /* slots of the set of persons keyed */

struct scs_bulk_ref {
	enum scs_kind kind;
	char id[SCS_ID_MAX + 1];
};

#define SCS_BULK_KNOWN (1u << 16) /* slots: records known to exist */
#define SCS_BULK_WROTE (1u << 14) /* slots: records the batch wrote */

struct scs_bulk_key {
	uint64_t h; /* 0: a free slot */
	enum scs_kind kind;
	char id[SCS_ID_MAX + 1];
};

/* A set of records by kind and id, exact, of a fixed size: once half
 * full it takes no more (what it lacks is asked of the store). */
struct scs_bulk_set {
	struct scs_bulk_key *slot;
	size_t n, size;
};

struct scs_bulk {
	struct scs_bulk_ref *refs;
	size_t nrefs, cap;
	/* Referenced records found by the checks of earlier batches: the
	 * organizations, programs and compartments many lines name. */
	struct scs_bulk_set known;
	/* The records this batch wrote, in order: a reference to one
	 * written before it needs no check, to one written after it is an
	 * error (as line by line). */
	struct scs_bulk_set wrote;
	/* Hashes of the persons given a key in this batch (0: free). */
	uint64_t keyed[SCS_BULK_KEYED];
	size_t nkeyed;
	/* The last person keyed and that key (secure memory), so the
	 * several sealed fields of one record need no read. */
	char last[SCS_ID_MAX + 1];
	uint8_t *last_key;
};

/** Start the next batch: nothing noted, written or keyed in it. */
void scs_bulk_reset(struct scs_bulk *b);
/** Free what @b holds; the key is wiped. */
void scs_bulk_free(struct scs_bulk *b);
/** Record @id of @kind was just written by the batch. */
void scs_bulk_wrote(struct scs_bulk *b, enum scs_kind kind, const char *id);
/** Note that @id of @kind must exist before the line that names it: no
 * more to do when it is known or the batch wrote it; else checked at
 * the batch's end. */
int scs_bulk_ref(struct scs_bulk *b, enum scs_kind kind, const char *id,
    struct scs_err *err);
/** SCS_OK when every noted reference names a record that existed before
 * the batch; SCS_EINVAL when one does not (or one the batch wrote after
 * naming it); those found are known from then on. */
int scs_bulk_check(struct scs_ctx *c, struct scs_err *err);
/** Person @person's key in this batch: SCS_BULK_HAVE with a copy in
 * *out (secure memory) when it is the last one made; SCS_BULK_NONE when
 * the person surely has none yet (made by neither the batch nor, as the
 * batch assumes, the register); SCS_BULK_ASK when the store must say. */
enum { SCS_BULK_HAVE, SCS_BULK_NONE, SCS_BULK_ASK };
int scs_bulk_key(struct scs_bulk *b, const char *person, uint8_t **out);
/** Remember @key (SCS_PKEY_LEN bytes) as @person's, just made. */
int scs_bulk_keyed(struct scs_bulk *b, const char *person, const uint8_t *key);

/** Add every record the decision reads to @b, inside the caller's read
 * transaction (src/ops/decide.c). */
int scs_op_index_feed(struct scs_ctx *c, struct scs_index_builder *b,
    struct scs_err *err);

/* Persons' data keys (src/ops/pkey.c). */

/**
 * The person whose key seals @r's values, from the kind table's
 * owner_field (through the record it names when owner_via: a finding's
 * case's person).  SCS_EINVAL naming the field when that record is
 * missing; SCS_EINTERNAL for a kind without an owner.
 */
int scs_op_owner(struct scs_ctx *c, const struct scs_record *r,
    char out[SCS_ID_MAX + 1], struct scs_err *err);

/**
 * Person @person's data key, unwrapped into *@out (SCS_PKEY_LEN bytes of
 * secure memory: free it with scs_crypto_secfree as soon as the seal or
 * open is done).  With @create a person without a live key (none yet, or
 * destroyed by a purge) gets a new one, stored and audited ("create") in
 * the open write transaction; without, that is SCS_ECRYPTO.
 */
int scs_op_pkey_open(struct scs_ctx *c, const char *person, bool create,
    uint8_t **out, struct scs_err *err);

/** Re-wrap @person's live key under the register's current data key,
 * audited "rewrap", inside the open transaction; *@out_done false when
 * there was nothing to do (destroyed, or under the current key). */
int scs_op_pkey_rewrap(struct scs_ctx *c, const char *person, bool *out_done,
    struct scs_err *err);

/** Destroy @person's key (a tombstone: wrapped bytes gone, destroyed
 * @now; one is written for a person who had none), audited "destroy",
 * inside the open transaction.  A destroyed key stays as it is. */
int scs_op_pkey_destroy(struct scs_ctx *c, const char *person, int64_t now,
    struct scs_err *err);

/** The audit state of a person key as stored (kind "person_key"). */
void scs_op_state_pkey(const struct scs_person_key *k, uint8_t out[32]);

/** Seal @rel into p->relatives under the key current on disk now.  Call
 * only inside the write transaction that stores p (after scs_op_begin):
 * that is what keeps a concurrent key rotation from leaving the value
 * under an old key (see scs_op_seal_relatives). */
int scs_op_seal_relatives(struct scs_ctx *c, struct scs_person *p,
    const struct scs_relatives *rel, struct scs_err *err);

/** Open p->relatives into @out (secure memory the caller owns). */
int scs_op_open_relatives(struct scs_ctx *c, const struct scs_person *p,
    struct scs_relatives *out, struct scs_err *err);

/** The largest plaintext of a sealed field, bytes (its JSON text). */
#define SCS_PLAIN_MAX      (1U << 20)
#define SCS_PLAIN_TEXT_MAX 65536

/**
 * Seal the plaintexts @j holds for @r's sealed fields (members named as
 * the fields; absent or null: left as they are), each checked for the
 * field's form (enum scs_plain) and sealed as its compact JSON text.
 * Person relatives are not handled here (scs_op_seal_relatives).  Call
 * inside the write transaction that stores @r.  SCS_EINVAL names the
 * field; SCS_ENOMEM, SCS_ECRYPTO.
 */
int scs_op_seal_plain(struct scs_ctx *c, struct scs_record *r, const json_t *j,
    struct scs_err *err);

/**
 * Open @r's sealed fields that hold a value into members of @o named as
 * the fields (a JSON value, or a string for SCS_PLAIN_TEXT).  The caller
 * has put the read on record.  SCS_ECORRUPT when a value does not parse.
 */
int scs_op_open_plain(struct scs_ctx *c, const struct scs_record *r, json_t *o,
    struct scs_err *err);

/* The questionnaire of a case's authority (src/ops/questionnaire.c). */

/** Check one section's answers as saved (a partial save). */
int scs_op_check_section(struct scs_ctx *c, const struct scs_case *k,
    const char *section, const json_t *answers, struct scs_qerrs *errs,
    struct scs_err *err);
/** Check the whole document at submission, and make its relatives the
 * person's sealed relatives (inside the open transaction). */
int scs_op_check_document(struct scs_ctx *c, const struct scs_case *k,
    const json_t *doc, struct scs_qerrs *errs, int64_t now,
    struct scs_err *err);
/** A section id of the case's questionnaire (SCS_EINVAL naming @field). */
int scs_op_check_section_id(struct scs_ctx *c, const struct scs_case *k,
    const char *section, const char *field, struct scs_err *err);
/** An assessment item of the case's authority (SCS_EINVAL naming @field). */
int scs_op_check_item(struct scs_ctx *c, const struct scs_case *k,
    const char *item, const char *field, struct scs_err *err);
/** The adverse self-reports answered yes in @doc. */
size_t scs_op_adverse_answers(struct scs_ctx *c, const struct scs_case *k,
    const json_t *doc);

/** Insert one imported record inside the import's open transaction
 * (references checked, audited with purpose "import"). */
int scs_op_import_rec(struct scs_ctx *c, const struct scs_record *r,
    struct scs_err *err);

/**
 * Open a review case (DESIGN.md section 3: from a valid alert or an
 * incident) of @person under @authority at @level, inside the open write
 * transaction, sponsored by the person's employer as a nomination is and
 * held by screening body @body ("" or NULL: none yet); its id into
 * @out.  The register opens it, whoever the caller is.  SCS_ECONFLICT when the
 * person has an open case under the authority (err names it).
 */
int scs_op_case_review_in(struct scs_ctx *c, const char *person,
    const char *authority, const char *level, const char *need,
    const char *body, int64_t now, char out[SCS_CASE_ID_MAX + 1],
    struct scs_err *err);

/** The authority and level of @person's highest clearance valid at @now
 * (active or interim); "" for none. */
int scs_op_best_clearance(struct scs_ctx *c, const char *person, int64_t now,
    char authority[SCS_AUTH_CODE_MAX], char level[SCS_LEVEL_CODE_MAX],
    struct scs_err *err);

/**
 * The self-report of @person that covers a feed record of @feed_type on
 * @date (its duty lists the type; the record falls within 30 days of the
 * reported event, or of the journey), its id into @out ("" for none).
 */
int scs_op_self_reported(struct scs_ctx *c, const char *person,
    const char *feed_type, const char *date, char out[SCS_ID_MAX + 1],
    struct scs_err *err);

/** An identifier @prefix then @n characters of Crockford-like base 32 from
 * @bytes (@n of them; NULL: random ones) into @out. */
void scs_op_id(const char *prefix, const uint8_t *bytes, size_t n,
    char out[SCS_ID_MAX + 1]);

/** A new zeroed record of @kind (NULL when out of memory), freed with
 * scs_op_rec_free. */
struct scs_record *scs_op_rec_new(enum scs_kind kind);
void scs_op_rec_free(struct scs_record *r);

/** Write @r (@mode) and audit it as @action with @purpose (NULL: none),
 * inside the open write transaction. */
int scs_op_put(struct scs_ctx *c, const struct scs_record *r,
    enum scs_put_mode mode, const char *action, const char *purpose,
    struct scs_err *err);

/** Begin a write transaction. */
int scs_op_begin(struct scs_ctx *c, struct scs_err *err);

/** Roll back and return @rc (for one-line failure paths). */
int scs_op_abort(struct scs_ctx *c, int rc);

#endif
