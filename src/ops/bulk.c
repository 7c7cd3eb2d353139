/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bulk.c - what an import's bulk section remembers (see ops_int.h): the
 * references to check at a batch's end, the records the batch wrote, the
 * records found before, and the persons given a data key in the batch.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/crypto.h"
#include "scs/store.h"
#include "ops_int.h"

/* References are checked this many at a time: one IN list each. */
#define CHECK_CHUNK 64

/* ---- sets of records ---- */

/* FNV-1a over the kind and the id, never 0 (a free slot). */
static uint64_t
key_hash(enum scs_kind kind, const char *id)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)kind;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ULL;
	return h != 0 ? h : 1;
}

/* @id's entry, or the free slot where it would go. */
static struct scs_bulk_key *
set_slot(const struct scs_bulk_set *s, enum scs_kind kind, const char *id,
    uint64_t h)
{
	size_t i;

	for (i = h % s->size; s->slot[i].h != 0; i = (i + 1) % s->size)
		if (s->slot[i].h == h && s->slot[i].kind == kind &&
		    strcmp(s->slot[i].id, id) == 0)
			break;
	return &s->slot[i];
}

static bool
set_has(const struct scs_bulk_set *s, enum scs_kind kind, const char *id)
{
	return s->slot != NULL &&
	    set_slot(s, kind, id, key_hash(kind, id))->h != 0;
}

/* Add @id unless the set is half full or cannot be made: then the store
 * answers for what it lacks. */
static void
set_add(struct scs_bulk_set *s, size_t size, enum scs_kind kind, const char *id)
{
	uint64_t h = key_hash(kind, id);
	struct scs_bulk_key *k;

	if (s->slot == NULL) {
		if (s->size != 0 ||
		    (s->slot = calloc(size, sizeof(*s->slot))) == NULL) {
			s->size = size; /* failed once: stay without */
			s->n = size;
			return;
		}
		s->size = size;
	}
	if (s->n >= s->size / 2 || strlen(id) > SCS_ID_MAX)
		return;
	if ((k = set_slot(s, kind, id, h))->h != 0)
		return;
	k->h = h;
	k->kind = kind;
	(void)scs_strlcpy(k->id, id, sizeof(k->id));
	s->n++;
}

static void
set_clear(struct scs_bulk_set *s)
{
	if (s->slot != NULL && s->n > 0)
		memset(s->slot, 0, s->size * sizeof(*s->slot));
	if (s->slot != NULL)
		s->n = 0;
}

static void
set_free(struct scs_bulk_set *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

/* ---- a batch ---- */

void
scs_bulk_reset(struct scs_bulk *b)
{
	b->nrefs = 0;
	set_clear(&b->wrote);
	memset(b->keyed, 0, sizeof(b->keyed));
	b->nkeyed = 0;
	b->last[0] = '\0';
	scs_crypto_secfree(b->last_key);
	b->last_key = NULL;
}

void
scs_bulk_free(struct scs_bulk *b)
{
	scs_bulk_reset(b);
	free(b->refs);
	b->refs = NULL;
	b->cap = 0;
	set_free(&b->known);
	set_free(&b->wrote);
}

void
scs_bulk_wrote(struct scs_bulk *b, enum scs_kind kind, const char *id)
{
	set_add(&b->wrote, SCS_BULK_WROTE, kind, id);
}

int
scs_bulk_ref(struct scs_bulk *b, enum scs_kind kind, const char *id,
    struct scs_err *err)
{
	struct scs_bulk_ref *r;

	if (set_has(&b->known, kind, id) || set_has(&b->wrote, kind, id))
		return SCS_OK;
	if (b->nrefs == b->cap) {
		size_t cap = b->cap ? 2 * b->cap : 1024;

		if ((r = realloc(b->refs, cap * sizeof(*r))) == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		b->refs = r;
		b->cap = cap;
	}
	r = &b->refs[b->nrefs];
	r->kind = kind;
	if (!scs_strlcpy(r->id, id, sizeof(r->id)))
		return scs_err_set(err, SCS_EINVAL, "", "identifier too long");
	b->nrefs++;
	return SCS_OK;
}

static int
ref_cmp(const void *pa, const void *pb)
{
	const struct scs_bulk_ref *a = pa, *b = pb;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* Whether all @n distinct ids of @kind at @ids exist. */
static int
check_chunk(struct scs_ctx *c, enum scs_kind kind, const char *const *ids,
    size_t n, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(kind);
	struct scs_rec_query q;
	uint64_t got = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.in_field = d->key[0];
	q.in_values = ids;
	if ((rc = scs_store_rec_count(c->st, kind, &q, &got, err)) != SCS_OK)
		return rc;
	if (got != n)
		return scs_err_set(err, SCS_EINVAL, "",
		    "a %s named in the batch does not exist", d->name);
	return SCS_OK;
}

int
scs_bulk_check(struct scs_ctx *c, struct scs_err *err)
{
	struct scs_bulk *b = c->bulk;
	const char *ids[CHECK_CHUNK + 1];
	size_t i, n = 0, u = 0;
	enum scs_kind kind = SCS_KIND_N;
	int rc = SCS_OK;

	if (b == NULL || b->nrefs == 0)
		return SCS_OK;
	qsort(b->refs, b->nrefs, sizeof(*b->refs), ref_cmp);
	for (i = 0; i < b->nrefs; i++) { /* distinct */
		if (u > 0 && ref_cmp(&b->refs[u - 1], &b->refs[i]) == 0)
			continue;
		/* Named before the batch wrote it: as line by line. */
		if (set_has(&b->wrote, b->refs[i].kind, b->refs[i].id))
			return scs_err_set(err, SCS_EINVAL, "",
			    "a line names a record of a later line");
		b->refs[u++] = b->refs[i];
	}
	b->nrefs = u;
	for (i = 0; i <= b->nrefs && rc == SCS_OK; i++) {
		if (n > 0 &&
		    (i == b->nrefs || b->refs[i].kind != kind ||
		        n == CHECK_CHUNK)) {
			ids[n] = NULL;
			rc = check_chunk(c, kind, ids, n, err);
			n = 0;
		}
		if (i < b->nrefs) {
			kind = b->refs[i].kind;
			ids[n++] = b->refs[i].id;
		}
	}
	/* Found before the batch: they stay, whatever becomes of it. */
	for (i = 0; i < b->nrefs && rc == SCS_OK; i++)
		set_add(&b->known, SCS_BULK_KNOWN, b->refs[i].kind,
		    b->refs[i].id);
	return rc;
}

/* ---- persons' keys ---- */

/* FNV-1a, never 0 (the free slot). */
static uint64_t
id_hash(const char *id)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *id != '\0'; id++)
		h = (h ^ (unsigned char)*id) * 0x100000001b3ULL;
	return h != 0 ? h : 1;
}

int
scs_bulk_key(struct scs_bulk *b, const char *person, uint8_t **out)
{
	uint64_t h = id_hash(person);
	size_t i;

	*out = NULL;
	if (b->last_key != NULL && strcmp(b->last, person) == 0) {
		if ((*out = scs_crypto_secalloc(SCS_PKEY_LEN)) == NULL)
			return SCS_BULK_ASK;
		memcpy(*out, b->last_key, SCS_PKEY_LEN);
		return SCS_BULK_HAVE;
	}
	for (i = h % SCS_BULK_KEYED; b->keyed[i] != 0;
	     i = (i + 1) % SCS_BULK_KEYED)
		if (b->keyed[i] == h)
			return SCS_BULK_ASK; /* perhaps: the store knows */
	/* A set filled to its half no longer says "surely none". */
	return b->nkeyed < SCS_BULK_KEYED / 2 ? SCS_BULK_NONE : SCS_BULK_ASK;
}

int
scs_bulk_keyed(struct scs_bulk *b, const char *person, const uint8_t *key)
{
	uint64_t h = id_hash(person);
	size_t i;

	if (b->nkeyed < SCS_BULK_KEYED / 2) {
		for (i = h % SCS_BULK_KEYED;
		     b->keyed[i] != 0 && b->keyed[i] != h;
		     i = (i + 1) % SCS_BULK_KEYED)
			;
		if (b->keyed[i] == 0) {
			b->keyed[i] = h;
			b->nkeyed++;
		}
	}
	if (b->last_key == NULL &&
	    (b->last_key = scs_crypto_secalloc(SCS_PKEY_LEN)) == NULL) {
		b->last[0] = '\0';
		return SCS_ENOMEM;
	}
	memcpy(b->last_key, key, SCS_PKEY_LEN);
	(void)scs_strlcpy(b->last, person, sizeof(b->last));
	return SCS_OK;
}
