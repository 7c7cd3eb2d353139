/* SPDX-License-Identifier: Apache-2.0 */
/*
 * image.c - a built index as one flat image, and back: what a program
 * keeps in its index cache (src/ops/icache.c) so that the next start
 * reads the index instead of building it from the register.  Pure: bytes
 * in memory, no I/O.
 *
 * An image is read only by a program built from the same sources of the
 * index (SCS_INDEX_BUILD: the version and a digest of those sources,
 * made by the Makefile) on the same machine (host byte order and struct
 * layout; the header's version and sizes say so), for the same reference
 * tables (a fingerprint of every field the decision reads).  Layout:
 * the header, then the sections in a fixed order, each a 64-bit byte
 * length and the bytes, padded to 8:
 *
 *   for each of the six id maps (subjects, items, organizations,
 *   compartments, programs, nations): its slots, its arena, its offsets;
 *   then subj, nat, clr, brf, mem, sus, orgs, appr, items, item_comp,
 *   item_prog.
 *
 * The image comes from a file anyone with access to the directory could
 * change: the caller checks its MAC before it gets here, and the loader
 * still checks every length and every offset it will follow, so that a
 * bad image is refused rather than read past its end.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "index_int.h"
#include "ixbuild.h" /* SCS_INDEX_BUILD, made by the Makefile */

#define IX_IMAGE_MAGIC   "SCSIXIM\0"
/* 2: slots hold arena offsets; 3: build; 4: alliances in items' masks */
#define IX_IMAGE_VERSION 4U
#define IX_NSEC          (6 * 3 + 11)

struct ix_image_head {
	char magic[8];
	uint32_t version;
	uint32_t sizes; /* a fingerprint of the struct layout */
	char build[32]; /* SCS_INDEX_BUILD, NUL-padded */
	uint8_t refdata[32];
	uint64_t nsubj, norgs, nitems;
	uint64_t narrow_exact;
	uint8_t auth_nations[IX_MAX_AUTH][8];
	uint8_t nauth_nations[IX_MAX_AUTH];
};
_Static_assert(sizeof(SCS_INDEX_BUILD) <= 32, "SCS_INDEX_BUILD fits");

static uint32_t
layout(void)
{
	uint32_t h = 2166136261U;
	const size_t z[] = {sizeof(struct idslot), sizeof(struct ix_subj),
	    sizeof(struct ix_clr), sizeof(struct ix_brf), sizeof(struct ix_mem),
	    sizeof(struct ix_sus), sizeof(struct ix_org),
	    sizeof(struct ix_appr), sizeof(struct ix_item),
	    sizeof(struct ix_image_head), sizeof(size_t)};
	size_t i;

	for (i = 0; i < SCS_NELEM(z); i++)
		h = (h ^ (uint32_t)z[i]) * 16777619U;
	return h;
}

/* FNV-1a, 64 bits, twice with different seeds: the fingerprint only
 * tells tables apart, it is no MAC (the caller's MAC covers the image). */
static void
fp_add(uint64_t h[2], const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++) {
		h[0] = (h[0] ^ s[i]) * 0x100000001b3ULL;
		h[1] = (h[1] ^ s[i]) * 0x100000001b3ULL;
	}
	h[0] ^= n;
	h[1] += n;
}

static void
fp_str(uint64_t h[2], const char *s)
{
	fp_add(h, s, strlen(s) + 1);
}

/* Every field of the reference tables the index reads: authority codes,
 * nations and acceptances; level authorities, codes and ranks; alliance
 * codes and members (an item's mask holds its alliances' members: a
 * changed table makes the image another's). */
static void
fingerprint(const struct scs_refdata *rd, uint8_t out[32])
{
	uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
	uint64_t v[4];
	size_t i, j;

	fp_add(h, &rd->nauthorities, sizeof(rd->nauthorities));
	for (i = 0; i < rd->nauthorities; i++) {
		const struct scs_authority *a = &rd->authorities[i];

		fp_str(h, a->code);
		for (j = 0; j < a->nnations; j++)
			fp_str(h, a->nations[j]);
		fp_add(h, &a->nnations, sizeof(a->nnations));
		for (j = 0; j < a->naccepted_for; j++)
			fp_str(h, a->accepted_for[j]);
		fp_add(h, &a->naccepted_for, sizeof(a->naccepted_for));
	}
	fp_add(h, &rd->nlevels, sizeof(rd->nlevels));
	for (i = 0; i < rd->nlevels; i++) {
		const struct scs_level *l = &rd->levels[i];

		fp_add(h, &l->authority, sizeof(l->authority));
		fp_str(h, l->code);
		fp_add(h, &l->rank, sizeof(l->rank));
	}
	fp_add(h, &rd->nalliances, sizeof(rd->nalliances));
	for (i = 0; i < rd->nalliances; i++) {
		const struct scs_alliance *a = &rd->alliances[i];

		fp_str(h, a->code);
		for (j = 0; j < a->nmembers; j++)
			fp_str(h, a->members[j]);
		fp_add(h, &a->nmembers, sizeof(a->nmembers));
	}
	v[0] = h[0];
	v[1] = h[1];
	v[2] = h[0] * 0x9e3779b97f4a7c15ULL;
	v[3] = h[1] ^ (h[0] >> 31);
	memcpy(out, v, 32);
}

/* ---- writing ---- */

static int
put(struct scs_buf *out, const void *p, size_t n)
{
	static const char zero[8];
	uint64_t len = n;
	int rc;

	if ((rc = scs_buf_add(out, &len, sizeof(len))) == SCS_OK && n > 0)
		rc = scs_buf_add(out, p, n);
	if (rc == SCS_OK && n % 8 != 0)
		rc = scs_buf_add(out, zero, 8 - n % 8);
	return rc;
}

static int
put_map(struct scs_buf *out, const struct idmap *m)
{
	int rc;

	if ((rc = put(out, m->slots, m->cap * sizeof(*m->slots))) == SCS_OK &&
	    (rc = put(out, m->arena, m->alen)) == SCS_OK)
		rc = put(out, m->off, m->n * sizeof(*m->off));
	return rc;
}

int
scs_index_image(const struct scs_index *ix, struct scs_buf *out)
{
	const struct idmap *maps[] = {&ix->subjects, &ix->item_ids,
	    &ix->org_ids, &ix->comps, &ix->progs, &ix->nations};
	const struct ix_subj *end;
	struct ix_image_head h;
	size_t i;
	int rc;

	if (ix->ov != NULL)
		return SCS_EINVAL; /* a base only: the caller builds anew */
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, IX_IMAGE_MAGIC, sizeof(h.magic));
	h.version = IX_IMAGE_VERSION;
	h.sizes = layout();
	memcpy(h.build, SCS_INDEX_BUILD, sizeof(SCS_INDEX_BUILD));
	fingerprint(ix->rd, h.refdata);
	h.nsubj = ix->nsubj;
	h.norgs = ix->norgs;
	h.nitems = ix->nitems;
	h.narrow_exact = (uint64_t)ix->narrow_exact;
	memcpy(h.auth_nations, ix->auth_nations, sizeof(h.auth_nations));
	memcpy(h.nauth_nations, ix->nauth_nations, sizeof(h.nauth_nations));
	end = &ix->subj[ix->nsubj];
	{
		const struct {
			const void *p;
			size_t n;
		} sec[] = {
		    {ix->subj, (ix->nsubj + 1) * sizeof(*ix->subj)},
		    {ix->nat, end->nat * sizeof(*ix->nat)},
		    {ix->clr, end->clr * sizeof(*ix->clr)},
		    {ix->brf, end->brf * sizeof(*ix->brf)},
		    {ix->mem, end->mem * sizeof(*ix->mem)},
		    {ix->sus, end->sus * sizeof(*ix->sus)},
		    {ix->orgs, (ix->norgs + 1) * sizeof(*ix->orgs)},
		    {ix->appr, ix->orgs[ix->norgs].appr * sizeof(*ix->appr)},
		    {ix->items, (ix->nitems + 1) * sizeof(*ix->items)},
		    {ix->item_comp,
		        ix->items[ix->nitems].comp * sizeof(*ix->item_comp)},
		    {ix->item_prog,
		        ix->items[ix->nitems].prog * sizeof(*ix->item_prog)},
		};

		rc = scs_buf_add(out, &h, sizeof(h));
		for (i = 0; rc == SCS_OK && i < SCS_NELEM(maps); i++)
			rc = put_map(out, maps[i]);
		for (i = 0; rc == SCS_OK && i < SCS_NELEM(sec); i++)
			rc = put(out, sec[i].p, sec[i].n);
	}
	return rc;
}

/* ---- reading ---- */

struct rd_cur {
	char *p;
	size_t left;
};

/* The next section: its bytes (8-aligned within the image) and length. */
static int
take(struct rd_cur *c, void **out, size_t *n)
{
	uint64_t len, padded;

	if (c->left < sizeof(len))
		return -1;
	memcpy(&len, c->p, sizeof(len));
	c->p += sizeof(len);
	c->left -= sizeof(len);
	if (len > c->left)
		return -1;
	padded = (len + 7) & ~(uint64_t)7;
	if (padded > c->left)
		return -1;
	*out = len > 0 ? c->p : NULL;
	*n = (size_t)len;
	c->p += padded;
	c->left -= (size_t)padded;
	return 0;
}

/* A section of exactly @count elements of @size bytes. */
static int
take_n(struct rd_cur *c, void **out, size_t count, size_t size)
{
	size_t n;

	if (take(c, out, &n) != 0 || (size != 0 && count > SIZE_MAX / size) ||
	    n != count * size)
		return -1;
	return 0;
}

/* The handle stored before the id at arena offset @v (index_int.h). */
static uint32_t
map_handle(const struct idmap *m, uint32_t v)
{
	uint32_t h;

	memcpy(&h, m->arena + v - IX_ID_PREFIX, sizeof(h));
	return h;
}

/* An id map: slots a power of two (or none) at most half full, every
 * handle's offset inside the arena with the handle stored before it, the
 * arena NUL-terminated, every slot the offset of a handle's id. */
static int
take_map(struct rd_cur *c, struct idmap *m)
{
	void *slots, *arena, *off;
	size_t ns, na, no, i, used;

	if (take(c, &slots, &ns) != 0 || take(c, &arena, &na) != 0 ||
	    take(c, &off, &no) != 0 || ns % sizeof(struct idslot) != 0 ||
	    no % sizeof(uint32_t) != 0)
		return -1;
	m->slots = slots;
	m->cap = ns / sizeof(struct idslot);
	m->arena = arena;
	m->alen = m->acap = na;
	m->off = off;
	m->n = m->ncap = no / sizeof(uint32_t);
	if ((m->cap & (m->cap - 1)) != 0 || m->n > m->cap / 2 ||
	    (m->n > 0 && (na == 0 || m->arena[na - 1] != '\0')) ||
	    m->n > INT32_MAX - 1)
		return -1;
	for (i = 0; i < m->n; i++)
		if (m->off[i] < IX_ID_PREFIX || m->off[i] >= na ||
		    map_handle(m, m->off[i]) != i)
			return -1;
	for (i = 0, used = 0; i < m->cap; i++) {
		uint32_t v = m->slots[i].v;

		if (v != 0 &&
		    (v < IX_ID_PREFIX || v >= na || map_handle(m, v) >= m->n ||
		        m->off[map_handle(m, v)] != v))
			return -1;
		used += v != 0;
	}
	return used == m->n ? 0 : -1; /* a probe always meets an empty slot */
}

/* The uint32 offsets at @off of @n + 1 rows of @stride bytes: from 0,
 * never decreasing, ending at @total. */
static int
monotone(const void *rows, size_t stride, size_t off, size_t n, size_t total)
{
	const char *p = (const char *)rows + off;
	uint32_t prev = 0, v;
	size_t i;

	for (i = 0; i <= n; i++, p += stride) {
		memcpy(&v, p, sizeof(v));
		if (v < prev || (i == 0 && v != 0))
			return -1;
		prev = v;
	}
	return prev == total ? 0 : -1;
}

/* A pool of elements of @size whose offsets are the uint32 at @off of
 * the @n + 1 rows at @rows (of @stride bytes); its count in *@count. */
static int
take_pool(struct rd_cur *c, void **out, size_t size, size_t *count,
    const void *rows, size_t stride, size_t off, size_t n)
{
	size_t len;

	if (take(c, out, &len) != 0 || len % size != 0)
		return -1;
	*count = len / size;
	return monotone(rows, stride, off, n, *count);
}

static int
check_refs(const struct scs_index *ix, size_t nclr, size_t nbrf, size_t nmem,
    size_t nappr, size_t ncomp, size_t nprog)
{
	size_t i;

	for (i = 0; i < ix->nsubj; i++)
		if (ix->subj[i].org != UINT32_MAX &&
		    ix->subj[i].org >= ix->norgs)
			return -1;
	for (i = 0; i < nclr; i++)
		if (ix->clr[i].auth >= ix->rd->nauthorities)
			return -1;
	for (i = 0; i < nbrf; i++)
		if ((ix->brf[i].comp & ~IX_BRF_NDA) >= ix->comps.n)
			return -1;
	for (i = 0; i < nmem; i++)
		if (ix->mem[i].prog >= ix->progs.n)
			return -1;
	for (i = 0; i < nappr; i++)
		if ((ix->appr[i].organ != IX_ANY_ORGAN &&
		        ix->appr[i].organ >= ix->norgs) ||
		    ix->appr[i].auth >= ix->rd->nauthorities)
			return -1;
	for (i = 0; i < ix->nitems; i++)
		if ((ix->items[i].present && ix->items[i].owner >= ix->norgs) ||
		    ix->items[i].auth >= ix->rd->nauthorities ||
		    ix->items[i].level >= ix->rd->nlevels)
			return -1;
	for (i = 0; i < ncomp; i++)
		if (ix->item_comp[i] >= ix->comps.n)
			return -1;
	for (i = 0; i < nprog; i++)
		if (ix->item_prog[i] >= ix->progs.n)
			return -1;
	return 0;
}

/* The authorities' nations of the header are those the reference tables
 * name, as handles of the image's nation map (the build interns them
 * first, src/index/build.c), and nothing past them: the decision follows
 * them as indexes. */
static int
check_auth_nations(const struct scs_index *ix)
{
	const struct scs_refdata *rd = ix->rd;
	size_t a, j, n;
	int32_t h;

	if (rd->nauthorities > IX_MAX_AUTH)
		return -1;
	for (a = 0; a < IX_MAX_AUTH; a++) {
		n = a < rd->nauthorities ? rd->authorities[a].nnations : 0;
		if (n > 8)
			n = 8;
		if (ix->nauth_nations[a] != n)
			return -1;
		for (j = 0; j < 8; j++) {
			if (j >= n) {
				if (ix->auth_nations[a][j] != 0)
					return -1;
				continue;
			}
			h = scs_idmap_find(&ix->nations,
			    rd->authorities[a].nations[j],
			    strlen(rd->authorities[a].nations[j]));
			if (h < 0 || (uint32_t)h != ix->auth_nations[a][j])
				return -1;
		}
	}
	return 0;
}

/* The header of @image: SCS_OK, or why it cannot be read here. */
static int
check_head(const struct scs_refdata *rd, const void *image, size_t len,
    struct ix_image_head *h, struct scs_err *err)
{
	uint8_t fp[32];

	if (((uintptr_t)image & 7) != 0 || len < sizeof(*h))
		return scs_err_set(err, SCS_ECORRUPT, "index", "not an image");
	memcpy(h, image, sizeof(*h));
	if (memcmp(h->magic, IX_IMAGE_MAGIC, sizeof(h->magic)) != 0 ||
	    h->version != IX_IMAGE_VERSION || h->sizes != layout() ||
	    memcmp(h->build, SCS_INDEX_BUILD, sizeof(SCS_INDEX_BUILD)) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "index",
		    "an image of another version of the program");
	fingerprint(rd, fp);
	if (memcmp(h->refdata, fp, sizeof(fp)) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "index",
		    "an image of other reference tables");
	if (h->nsubj >= INT32_MAX || h->norgs >= INT32_MAX ||
	    h->nitems >= INT32_MAX)
		return scs_err_set(err, SCS_ECORRUPT, "index", "bad counts");
	return SCS_OK;
}

/* The sections after the header into @ix; 0, or -1 when they do not
 * hold together. */
static int
read_body(struct scs_index *ix, struct rd_cur *c)
{
	struct idmap *maps[] = {&ix->subjects, &ix->item_ids, &ix->org_ids,
	    &ix->comps, &ix->progs, &ix->nations};
	const size_t so = sizeof(struct ix_subj), io = sizeof(struct ix_item);
	size_t nat, clr, brf, mem, sus, appr, comp, prog, i;
	void *p;

	for (i = 0; i < SCS_NELEM(maps); i++)
		if (take_map(c, maps[i]) != 0)
			return -1;
	if (ix->subjects.n != ix->nsubj || ix->org_ids.n != ix->norgs ||
	    ix->item_ids.n != ix->nitems || ix->nations.n > IX_MAX_NATIONS ||
	    take_n(c, &p, ix->nsubj + 1, so) != 0)
		return -1;
	ix->subj = p;
#define SUBJ_POOL(f, count)                                                    \
	(take_pool(c, &p, sizeof(*ix->f), &(count), ix->subj, so,              \
	     offsetof(struct ix_subj, f), ix->nsubj) == 0 &&                   \
	    (ix->f = p, 1))
	if (!SUBJ_POOL(nat, nat) || !SUBJ_POOL(clr, clr) ||
	    !SUBJ_POOL(brf, brf) || !SUBJ_POOL(mem, mem) ||
	    !SUBJ_POOL(sus, sus))
		return -1;
#undef SUBJ_POOL
	if (take_n(c, &p, ix->norgs + 1, sizeof(*ix->orgs)) != 0)
		return -1;
	ix->orgs = p;
	if (take_pool(c, &p, sizeof(*ix->appr), &appr, ix->orgs,
	        sizeof(*ix->orgs), offsetof(struct ix_org, appr),
	        ix->norgs) != 0)
		return -1;
	ix->appr = p;
	if (take_n(c, &p, ix->nitems + 1, io) != 0)
		return -1;
	ix->items = p;
	if (take_pool(c, &p, sizeof(uint32_t), &comp, ix->items, io,
	        offsetof(struct ix_item, comp), ix->nitems) != 0)
		return -1;
	ix->item_comp = p;
	if (take_pool(c, &p, sizeof(uint32_t), &prog, ix->items, io,
	        offsetof(struct ix_item, prog), ix->nitems) != 0)
		return -1;
	ix->item_prog = p;
	for (i = 0; i < nat; i++)
		if (ix->nat[i] >= ix->nations.n)
			return -1;
	if (c->left != 0 || check_auth_nations(ix) != 0 ||
	    ix_alliances(ix) != 0)
		return -1;
	return check_refs(ix, clr, brf, mem, appr, comp, prog);
}

int
scs_index_from_image(const struct scs_refdata *rd, void *image, size_t len,
    struct scs_index **out, struct scs_err *err)
{
	struct ix_image_head h;
	struct rd_cur c;
	struct scs_index *ix;
	int rc;

	*out = NULL;
	memset(&h, 0, sizeof(h));
	if ((rc = check_head(rd, image, len, &h, err)) != SCS_OK)
		return rc;
	if ((ix = calloc(1, sizeof(*ix))) == NULL ||
	    (ix->share = malloc(sizeof(*ix->share))) == NULL) {
		free(ix);
		return scs_err_set(err, SCS_ENOMEM, "index", "out of memory");
	}
	ix->rd = rd;
	ix->nsubj = (size_t)h.nsubj;
	ix->norgs = (size_t)h.norgs;
	ix->nitems = (size_t)h.nitems;
	ix->narrow_exact = h.narrow_exact != 0;
	memcpy(ix->auth_nations, h.auth_nations, sizeof(h.auth_nations));
	memcpy(ix->nauth_nations, h.nauth_nations, sizeof(h.nauth_nations));
	c.p = (char *)image + sizeof(h);
	c.left = len - sizeof(h);
	if (read_body(ix, &c) != 0) {
		/* Nothing else was allocated: the buffer stays the caller's. */
		free(ix->share);
		free(ix);
		return scs_err_set(err, SCS_ECORRUPT, "index",
		    "the image does not hold together");
	}
	atomic_init(&ix->share->refs, 1);
	ix->image = image; /* every array above points into it */
	*out = ix;
	return SCS_OK;
}
