/* SPDX-License-Identifier: Apache-2.0 */
/*
 * index.h - the in-memory decision snapshot and the access decision of
 * DESIGN.md section 5.  A builder takes the register's records (from the
 * store, a file or a generator) and produces an immutable index; the
 * decision is a pure function of (index, subject, item, time).  A slot
 * publishes one index at a time: readers enter and leave without locks or
 * waiting; a writer swaps in a new index and frees the old one once no
 * reader can still hold it.  No I/O, no clock, no storage here.
 */
#ifndef SCS_INDEX_H
#define SCS_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/model.h"
#include "scs/refdata.h"
#include "scs/record.h"
#include "scs/register.h"
#include "scs/util.h"

/* The answers of section 5, in rule order.  Numbers are stable. */
enum scs_reason {
	SCS_R_ALLOW = 0,           /* rule 10 */
	SCS_R_NOT_CLASSIFIED = 1,  /* rule 2: allow */
	SCS_R_UNKNOWN_ITEM = 2,    /* rule 1 */
	SCS_R_UNKNOWN_SUBJECT = 3, /* rule 3 */
	SCS_R_SUSPENDED = 4,       /* rules 4 and 5 */
	SCS_R_NOT_CLEARED = 5,     /* rule 5 */
	SCS_R_EXPIRED = 6,         /* rule 5 */
	SCS_R_LEVEL = 7,           /* rule 5 */
	SCS_R_COMPARTMENT = 8,     /* rule 6 */
	SCS_R_RELEASABILITY = 9,   /* rule 7 */
	SCS_R_NEED_TO_KNOW = 10,   /* rule 8 */
	SCS_R_ORGANIZATION = 11,   /* rule 9 */
	SCS_R_N
};

/** The reason code as relying systems see it ("not_classified"...);
 * "" for SCS_R_ALLOW. */
const char *scs_reason_name(enum scs_reason r);

/** Whether @r grants access (SCS_R_ALLOW, SCS_R_NOT_CLASSIFIED). */
static inline bool
scs_reason_allows(enum scs_reason r)
{
	return r == SCS_R_ALLOW || r == SCS_R_NOT_CLASSIFIED;
}

/* The window of decision times answered exactly whatever the data:
 * 1970-01-01T00:00:00Z up to 2106-02-07. */
#define SCS_DECIDE_MIN 0
#define SCS_DECIDE_MAX ((int64_t)UINT32_MAX - 3)

struct scs_index;
struct scs_index_builder;

/** A builder for the reference tables @rd (which must outlive it and the
 * index).  NULL when out of memory. */
struct scs_index_builder *scs_index_builder_new(const struct scs_refdata *rd);
void scs_index_builder_free(struct scs_index_builder *b);

/** Add records, in any order.  Copies what it needs.  SCS_ENOMEM, or
 * SCS_EINVAL for a level or authority the tables do not know. */
int scs_index_add_org(struct scs_index_builder *b, const struct scs_org *o);
int scs_index_add_person(struct scs_index_builder *b,
    const struct scs_person *p);
int scs_index_add_rec(struct scs_index_builder *b, enum scs_kind kind,
    const void *rec);

/**
 * Build the index and free the builder (in every case).  A person whose
 * organization was never added is an unknown subject; an item whose owner
 * was never added is an unknown item; records of persons never added are
 * kept but unreachable (the store's foreign keys make all of these
 * impossible in practice).  Statistics count every id seen.
 */
int scs_index_build(struct scs_index_builder *b, struct scs_index **out,
    struct scs_err *err);

void scs_index_free(struct scs_index *ix);

/**
 * An index as one flat image (src/index/image.c), appended to @out, for
 * the index cache: SCS_EINVAL for an updated version (an overlay: images
 * are of full builds), SCS_ENOMEM.  The image is for this build of the
 * program and these reference tables only.
 */
int scs_index_image(const struct scs_index *ix, struct scs_buf *out);

/**
 * The index of image @image of @len bytes (malloc'd, 8-byte aligned),
 * which it takes over on success (freed with the index).  SCS_ECONFLICT
 * for an image of another version of the program or of other reference
 * tables, SCS_ECORRUPT for one that does not hold together (every length
 * and reference is checked), SCS_ENOMEM; @image stays the caller's then.
 */
int scs_index_from_image(const struct scs_refdata *rd, void *image, size_t len,
    struct scs_index **out, struct scs_err *err);

/** The dense handle of a subject or item id, or -1 when unknown.
 * Thread-safe (the index is immutable). */
int32_t scs_index_subject(const struct scs_index *ix, const char *id,
    size_t len);
int32_t scs_index_item(const struct scs_index *ix, const char *id, size_t len);

/* One query's ids for scs_index_resolve_many (not NUL-terminated). */
struct scs_index_ids {
	const char *subject;
	size_t slen;
	const char *item;
	size_t ilen;
};

/* Queries resolved together: the misses of one group overlap. */
#define SCS_INDEX_BATCH 32

/**
 * The handles of @n queries' subjects into @out_sh and items into @out_ih,
 * exactly as scs_index_subject and scs_index_item give them one by one
 * (-1 when unknown), overlay included.  Resolved in groups of
 * SCS_INDEX_BATCH in stages (hash every id, then read the table slots,
 * then the ids, then the rows) with the memory of the next stage
 * prefetched, so the cache misses of a group overlap as they do across
 * decisions on handles; the last group's rows and the lists the decision
 * reads first are left in the cache.  Callers that decide right after call
 * it with SCS_INDEX_BATCH queries or fewer at a time.  Thread-safe.
 */
void scs_index_resolve_many(const struct scs_index *ix,
    const struct scs_index_ids *q, size_t n, int32_t *out_sh, int32_t *out_ih);

/**
 * The access decision of DESIGN.md section 5 for @subject and @item
 * (handles, -1 for unknown) at unix time @t: the first rule that fails, or
 * SCS_R_ALLOW / SCS_R_NOT_CLASSIFIED.  Pure; thread-safe.  Exact for every
 * @t within SCS_DECIDE_MIN..SCS_DECIDE_MAX, and for any @t when the
 * register's periods of clearances, briefings, memberships, suspensions
 * and approvals lie within that window (they are kept in 32 bits).
 */
enum scs_reason scs_index_decide(const struct scs_index *ix, int32_t subject,
    int32_t item, int64_t t);

struct scs_index_stats {
	size_t subjects, items, orgs;
	size_t clearances, briefings, memberships, suspensions, approvals;
	size_t bytes;         /* everything the index holds */
	size_t subject_bytes; /* what grows with subjects: tables, pools, ids */
};
void scs_index_stats(const struct scs_index *ix, struct scs_index_stats *out);

/* The lattice join of item labels (DESIGN.md section 5). */
struct scs_label_join {
	int rank;             /* highest common rank */
	int32_t top_item;     /* an item with that rank */
	size_t ncompartments; /* union */
	const char *compartments[SCS_LIST_MAX * 8];
	/* intersection of owner + releasable_to, each alliance with its
	 * members; an alliance in the intersection is listed by its code,
	 * its members are not listed again */
	size_t nnations;
	const char *nations[256];
};

/** Join the labels of @n item handles (none -1).  Names point into the
 * index.  SCS_EINVAL when the union has more compartments than fit. */
int scs_index_join(const struct scs_index *ix, const int32_t *items, size_t n,
    struct scs_label_join *out, struct scs_err *err);

/** The organization of subject @h and the owner of item @h (ids), for
 * scoping who may ask. */
const char *scs_index_subject_org(const struct scs_index *ix, int32_t h);
const char *scs_index_item_owner(const struct scs_index *ix, int32_t h);

/** The id, authority and level of item @h, for output. */
const char *scs_index_item_id(const struct scs_index *ix, int32_t h);
const char *scs_index_item_level(const struct scs_index *ix, int32_t h,
    const char **out_authority);

/* ---- updates: a new version that differs in a few entities ---- */

/*
 * An update makes, from index @from, a version that differs only in the
 * subjects, organizations and items named with scs_index_update_subject,
 * _org and _item: each of those is replaced by exactly the records then
 * added (a person, its clearances, briefings, memberships and
 * suspensions; an organization and its conforming approvals; an item),
 * each record added once, and one given none is gone.  Naming an entity
 * twice is harmless.  A record of an entity not named is
 * SCS_EINVAL.  The new version shares @from's base arrays (either may be
 * freed first; @from is never written) and decides exactly as a full
 * build of the register as changed would, as long as the store's references
 * hold (a person's organization and an item's owner exist).  Cost: the named
 * entities' records plus a copy of @from's overlay.
 */
struct scs_index_update;

struct scs_index_update *scs_index_update_new(const struct scs_index *from);
void scs_index_update_free(struct scs_index_update *u);
int scs_index_update_subject(struct scs_index_update *u, const char *id);
int scs_index_update_org(struct scs_index_update *u, const char *id);
int scs_index_update_item(struct scs_index_update *u, const char *id);
int scs_index_update_add_org(struct scs_index_update *u,
    const struct scs_org *o);
int scs_index_update_add_person(struct scs_index_update *u,
    const struct scs_person *p);
int scs_index_update_add_rec(struct scs_index_update *u, enum scs_kind kind,
    const void *rec);

/** Make the new version and free @u (in every case).  SCS_ECONFLICT when
 * the change cannot be applied to this index (an organization that
 * existed is gone or changed country: its items' releasability moves):
 * the caller builds afresh.  SCS_ENOMEM. */
int scs_index_update_finish(struct scs_index_update *u, struct scs_index **out,
    struct scs_err *err);

/* The overlay may hold this many entries and records plus 1/32 of the
 * base's before scs_index_fold_due asks for a full build. */
#define SCS_INDEX_OVERLAY_MIN 4096

/** Entries and records an index holds beyond its base (0 for a full
 * build). */
size_t scs_index_overlay_size(const struct scs_index *ix);

/** Whether the overlay has grown past its bound: time for a full build,
 * which folds it into a new base. */
bool scs_index_fold_due(const struct scs_index *ix);

/* ---- publishing: one current index, lock-free for readers ---- */

struct scs_index_slot;

struct scs_index_slot *scs_index_slot_new(void);
/** Free the slot and its current index (no reader may be inside). */
void scs_index_slot_free(struct scs_index_slot *s);

/** Enter: the current index (NULL if none) stays valid until
 * scs_index_leave with the returned ticket.  Never blocks. */
const struct scs_index *scs_index_enter(struct scs_index_slot *s,
    unsigned *out_ticket);
void scs_index_leave(struct scs_index_slot *s, unsigned ticket);

/** Make @ix current; waits until no reader holds the previous one, then
 * frees it.  Writers are serialized inside. */
void scs_index_publish(struct scs_index_slot *s, struct scs_index *ix);

#endif
