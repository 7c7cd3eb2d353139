/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.h - the kinds of the register, each defined once.  A kind is one
 * entry of a table (src/core/record.c): its name in the interchange format
 * and the audit log, its store table, its fields with their types (which
 * are sealed at rest, which name another record), its natural key, who
 * may write and read it, and whether the access decision reads it.  The
 * JSON codec, the store, the audit log, import, export, key rotation and
 * the API all work from that table; adding a kind means adding one entry,
 * its struct in the union below and its core rules (a validate function).
 *
 * Part of core: no I/O, no clock, no crypto.  Sealed fields travel as
 * opaque blobs (struct scs_blob); their plaintext is the business of the
 * operations that open them.
 */
#ifndef SCS_RECORD_H
#define SCS_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/alert.h"
#include "scs/case.h"
#include "scs/err.h"
#include "scs/incident.h"
#include "scs/model.h"
#include "scs/reciprocity.h"
#include "scs/refdata.h"
#include "scs/register.h"
#include "scs/selfreport.h"
#include "scs/visit.h"

/* The kinds, in the order an export writes them (references first). */
enum scs_kind {
	SCS_KIND_ORG,          /* struct scs_org */
	SCS_KIND_PERSON,       /* struct scs_person (sealed: relatives) */
	SCS_KIND_CONFORMING,   /* struct scs_conforming */
	SCS_KIND_COMPARTMENT,  /* struct scs_label */
	SCS_KIND_PROGRAM,      /* struct scs_label */
	SCS_KIND_CLEARANCE,    /* struct scs_clearance */
	SCS_KIND_BRIEFING,     /* struct scs_briefing */
	SCS_KIND_MEMBERSHIP,   /* struct scs_membership */
	SCS_KIND_ITEM,         /* struct scs_item */
	SCS_KIND_SUSPENSION,   /* struct scs_suspension */
	SCS_KIND_CASE,         /* struct scs_case (sealed: decision...) */
	SCS_KIND_STAMP,        /* struct scs_stamp: a case's history */
	SCS_KIND_ANSWERS,      /* struct scs_answers (sealed: data) */
	SCS_KIND_FINDING,      /* struct scs_finding (sealed: narrative...) */
	SCS_KIND_NOTIFICATION, /* struct scs_notification */
	SCS_KIND_ALERT,        /* struct scs_alert (sealed: narrative) */
	SCS_KIND_SELF_REPORT,  /* struct scs_self_report (sealed: details) */
	SCS_KIND_INCIDENT,     /* struct scs_incident (sealed: narrative) */
	SCS_KIND_ATTESTATION,  /* struct scs_attestation */
	SCS_KIND_SIGNING_KEY,  /* struct scs_signing_key */
	SCS_KIND_KEY_LIST,     /* struct scs_key_list_rec */
	SCS_KIND_TRANSFER,     /* struct scs_transfer */
	SCS_KIND_VISIT,        /* struct scs_visit */
	SCS_KIND_N,
	SCS_KIND_NONE = SCS_KIND_N
};

/* How a field is held in its struct, in JSON and in the store. */
enum scs_ftype {
	SCS_FT_TEXT,     /* char[size]; required string */
	SCS_FT_TEXT_OPT, /* char[size]; absent or null: "" */
	SCS_FT_CODE,     /* an int enum; JSON and store use codes[i] */
	SCS_FT_TIME,     /* int64_t unix seconds; required */
	SCS_FT_UNTIL,    /* int64_t; absent or null: SCS_TIME_NEVER */
	SCS_FT_TIME_OPT, /* int64_t with a bool at aux; null when unset */
	SCS_FT_LIST,     /* char[max][size] with a size_t count at aux */
	SCS_FT_FLAG,     /* bool; absent or null: false */
	SCS_FT_SEALED,   /* struct scs_blob, sealed at rest; never in JSON */
	SCS_FT_INT       /* int64_t; absent or null: 0 */
};

/* The plaintext of a sealed field, in JSON (export, import, the API). */
enum scs_plain {
	SCS_PLAIN_JSON, /* a JSON object or array, checked by its kind's ops */
	SCS_PLAIN_TEXT  /* a string: a text of at most 64 KiB */
};

struct scs_field {
	const char *name;         /* JSON key and store column */
	const char *const *codes; /* CODE: the names, ncodes of them */
	const char *ref; /* the kind this field names ("person"), or NULL */
	size_t off;      /* offset in the kind's struct */
	size_t size;     /* TEXT, LIST: bytes of one string, NUL included */
	size_t aux;      /* LIST: offset of the count; TIME_OPT: of the flag */
	size_t max;      /* LIST: most entries */
	enum scs_ftype type;
	int ncodes;
	bool omit_empty; /* TEXT_OPT, LIST: left out of JSON when empty */
	bool keep;       /* TEXT_OPT: "" in an update keeps the stored text */
	bool lines; /* LIST: stored one entry per line, not comma-joined (its
	             * entries are text, which may hold commas) */
	enum scs_plain plain; /* SEALED: the form of its plaintext */
};

#define SCS_KEY_MAX 3

struct scs_kind_def {
	const char *name;   /* "clearance": interchange, audit, errors */
	const char *table;  /* the store's table */
	const char *plural; /* "clearances": the key of an API list */
	const char *ref_as; /* how other records name it: "org", "person" */
	const struct scs_field *fields;
	size_t nfields;
	/* The natural key: names of fields.  The audit log names a record
	 * by its key fields joined with '/', with key_tag before a final
	 * time when set ("p1/suspension/2026-01-10T00:00:00Z"). */
	const char *key[SCS_KEY_MAX];
	size_t nkey;
	const char *key_tag;
	/* The organization an organization-bound actor must belong to in
	 * order to write the record: the text of field scope_field, or,
	 * when scope_via, the scope of the record that field names (a
	 * briefing is its person's employer's; a membership, its program's
	 * owner's).  NULL: no organization scope. */
	const char *scope_field;
	/* The person the record's sealed values belong to (DESIGN.md
	 * section 7): they are sealed under that person's data key, and a
	 * retention purge of the person empties them.  The text of field
	 * owner_field is the person's id or, when owner_via, the id of a
	 * record of the kind that field refers to (its ref), whose own owner
	 * is the person (answers name a case, the case its person).  A kind
	 * with a sealed field has an owner; NULL for the others. */
	const char *owner_field;
	/* The core rules of a valid record of the kind. */
	int (*validate)(const struct scs_refdata *rd, const void *rec,
	    struct scs_err *err);
	/* Further rules for a record made through the API or the command
	 * line rather than imported as history (NULL: none). */
	int (*recorded)(const struct scs_refdata *rd, const void *rec,
	    struct scs_err *err);
	size_t size; /* of the kind's struct */
	enum scs_kind kind;
	unsigned writers;    /* roles that may write (the CLI may all) */
	unsigned readers;    /* roles that may list */
	bool scope_via;      /* see scope_field */
	bool owner_via;      /* see owner_field */
	bool decision_input; /* the access decision reads it (index) */
};

/* One record of any kind. */
struct scs_record {
	enum scs_kind kind;
	union {
		struct scs_org org;
		struct scs_person person;
		struct scs_conforming conforming;
		struct scs_clearance clearance;
		struct scs_label label; /* compartment, program */
		struct scs_briefing briefing;
		struct scs_membership membership;
		struct scs_item item;
		struct scs_suspension suspension;
		struct scs_case vcase;
		struct scs_stamp stamp;
		struct scs_answers answers;
		struct scs_finding finding;
		struct scs_notification notification;
		struct scs_alert alert;
		struct scs_self_report self_report;
		struct scs_incident incident;
		struct scs_attestation attestation;
		struct scs_signing_key signing_key;
		struct scs_key_list_rec key_list;
		struct scs_transfer transfer;
		struct scs_visit visit;
	} u;
};

/** The definition of @kind, or NULL when it is out of range. */
const struct scs_kind_def *scs_kind_def(enum scs_kind kind);

/** The name of @kind ("clearance"...), or NULL. */
const char *scs_kind_name(enum scs_kind kind);

/** The kind named @name in the interchange format.  0 or -1. */
int scs_kind_parse(const char *name, enum scs_kind *out);

/** Whether some field of @d is sealed. */
bool scs_kind_has_sealed(const struct scs_kind_def *d);

/** The field of @d named @name, or NULL. */
const struct scs_field *scs_kind_field(const struct scs_kind_def *d,
    const char *name);

/** Zero @r as an empty record of @kind. */
void scs_record_init(struct scs_record *r, enum scs_kind kind);

/** Free what @r owns (sealed blobs) and zero it, keeping its kind. */
void scs_record_clear(struct scs_record *r);

/** Copy @src into @dst (sealed blobs duplicated); @dst is cleared first.
 * SCS_OK or SCS_ENOMEM. */
int scs_record_copy(struct scs_record *dst, const struct scs_record *src);

/** The record's body: the kind's struct. */
static inline void *
scs_record_body(struct scs_record *r)
{
	return &r->u;
}

/** The core rules of @r's kind. */
int scs_record_validate(const struct scs_refdata *rd,
    const struct scs_record *r, struct scs_err *err);

/** The rules of a record made now (not imported): the kind's recorded
 * hook.  SCS_OK when it has none. */
int scs_record_check_recorded(const struct scs_refdata *rd,
    const struct scs_record *r, struct scs_err *err);

/** The name the audit log gives @r: its natural key ("p1/JPN-SDS/...").
 */
void scs_record_object(const struct scs_record *r, char *out, size_t size);

/** The text of @r's field @name when it is a text field, else NULL. */
const char *scs_record_text(const struct scs_record *r, const char *name);

/** Pointers to the parts of field @f in @rec (a kind's struct). */
#define SCS_FIELD_PTR(rec, f)  ((void *)((char *)(rec) + (f)->off))
#define SCS_FIELD_CPTR(rec, f) ((const void *)((const char *)(rec) + (f)->off))

#endif
