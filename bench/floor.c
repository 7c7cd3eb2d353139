/* SPDX-License-Identifier: Apache-2.0 */
/*
 * floor.c - the plain-array C floor of the access decision: the same
 * register and queries as decide.c, its own loader (jansson, its own time
 * and CSV parsing, no SCS code), plain structs and arrays, and the rules
 * of DESIGN.md section 5 written out directly.  Ids are resolved to array
 * indices before the timed loop, which does no hashing.
 *
 *   floor REFDIR REGISTER QUERIES ANSWERS_OUT [EXPECTED]
 *
 * Writes one byte per query (the reason, numbered as enum scs_reason in
 * include/scs/index.h: stable numbers) to ANSWERS_OUT.  With EXPECTED
 * (decide.c's answers) it lists the first disagreements and exits 3 if
 * there is any.  Timing: median of BENCH_PASSES passes (default 7).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"

/* The reasons, by their stable numbers. */
enum {
	F_ALLOW,
	F_NOT_CLASSIFIED,
	F_UNKNOWN_ITEM,
	F_UNKNOWN_SUBJECT,
	F_SUSPENDED,
	F_NOT_CLEARED,
	F_EXPIRED,
	F_LEVEL,
	F_COMPARTMENT,
	F_RELEASABILITY,
	F_NEED_TO_KNOW,
	F_ORGANIZATION,
	F_NREASONS
};
static const char *const reason_name[F_NREASONS] = {"allow", "not_classified",
    "unknown_item", "unknown_subject", "suspended", "not_cleared", "expired",
    "level", "compartment", "releasability", "need_to_know", "organization"};

#define NEVER INT64_MAX

/* ---- a string -> index map (load time only) ---- */

struct fmap {
	uint32_t *slot; /* index + 1; 0: empty */
	size_t cap, n;
	char *arena;
	size_t alen, acap;
	size_t *off, offcap;
};

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;

	while (n-- > 0)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

static int32_t
fmap_find(const struct fmap *m, const char *s, size_t n)
{
	size_t i;

	if (m->cap == 0)
		return -1;
	for (i = fnv(s, n) & (m->cap - 1); m->slot[i] != 0;
	     i = (i + 1) & (m->cap - 1)) {
		const char *k = m->arena + m->off[m->slot[i] - 1];

		if (memcmp(k, s, n) == 0 && k[n] == '\0')
			return (int32_t)(m->slot[i] - 1);
	}
	return -1;
}

static void
fmap_rehash(struct fmap *m, size_t cap)
{
	uint32_t *slot = bh_alloc(cap * sizeof(*slot));
	size_t i, j;

	for (i = 0; i < m->n; i++) {
		const char *k = m->arena + m->off[i];

		for (j = fnv(k, strlen(k)) & (cap - 1); slot[j] != 0;
		     j = (j + 1) & (cap - 1))
			;
		slot[j] = (uint32_t)(i + 1);
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
}

/* The index of @s, added when new; *added tells which. */
static uint32_t
fmap_intern(struct fmap *m, const char *s, int *added)
{
	size_t n = strlen(s), i;
	int32_t h = fmap_find(m, s, n);

	if (added != NULL)
		*added = h < 0;
	if (h >= 0)
		return (uint32_t)h;
	if (2 * (m->n + 1) > m->cap)
		fmap_rehash(m, m->cap ? m->cap * 2 : 1024);
	m->arena = bh_grow(m->arena, &m->acap, m->alen + n + 1, 1);
	m->off = bh_grow(m->off, &m->offcap, m->n + 1, sizeof(*m->off));
	memcpy(m->arena + m->alen, s, n + 1);
	m->off[m->n] = m->alen;
	m->alen += n + 1;
	for (i = fnv(s, n) & (m->cap - 1); m->slot[i] != 0;
	     i = (i + 1) & (m->cap - 1))
		;
	m->slot[i] = (uint32_t)(m->n + 1);
	return (uint32_t)m->n++;
}

/* ---- times: "YYYY-MM-DD" or RFC 3339 ---- */

static int64_t
civil_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
digits(const char *s, int n, int *out)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int64_t
parse_time(const char *s)
{
	int y, mo, d, h = 0, mi = 0, se = 0, oh, om;
	size_t n = strlen(s);
	const char *z;
	int64_t t;

	if (n < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		bh_die("bad time", s, NULL);
	t = civil_days(y, mo, d) * 86400;
	if (n == 10)
		return t;
	if (n < 20 || (s[10] != 'T' && s[10] != 't') || digits(s + 11, 2, &h) ||
	    s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' ||
	    digits(s + 17, 2, &se))
		bh_die("bad time", s, NULL);
	t += h * 3600 + mi * 60 + se;
	z = s + 19;
	if (*z == '.')
		for (z++; *z >= '0' && *z <= '9'; z++)
			;
	if ((*z == 'Z' || *z == 'z') && z[1] == '\0')
		return t;
	if ((*z == '+' || *z == '-') && strlen(z) == 6 &&
	    !digits(z + 1, 2, &oh) && z[3] == ':' && !digits(z + 4, 2, &om))
		return *z == '+' ? t - (oh * 3600 + om * 60)
		                 : t + (oh * 3600 + om * 60);
	bh_die("bad time", s, NULL);
	return 0;
}

/* ---- the world: plain structs and arrays ---- */

#define MAXAUTH 64

struct f_auth {
	char code[24];
	uint64_t nations;  /* bits of the nations table */
	uint64_t accepted; /* authorities its clearances also cover */
	char accepted_for[160];
};

struct f_level {
	uint32_t auth;
	char code[48];
	uint8_t rank;
};

struct f_clr {
	int64_t from, until;
	uint32_t person;
	uint8_t auth, rank, status;
};

struct f_brf {
	int64_t from, until, nda;
	uint32_t person, comp;
	uint8_t has_nda;
};

struct f_mem {
	int64_t from, until;
	uint32_t person, prog;
};

struct f_sus {
	int64_t from, until;
	uint32_t person;
};

struct f_appr {
	int64_t from, until;
	uint32_t org;
	uint8_t auth, rank;
};

struct f_person {
	uint64_t nats;
	uint32_t org;
	uint32_t clr, brf, mem, sus; /* first entry; next person's ends */
	uint8_t known;
};

struct f_org {
	uint64_t nation;
	uint32_t appr; /* first approval; next org's ends */
	uint8_t needs, known;
};

struct f_item {
	int64_t from, until, declassified;
	uint64_t rel_all;  /* owner's nation and releasable_to */
	uint64_t rel_list; /* releasable_to, alliances with their members */
	uint64_t accept;   /* authorities whose clearances are candidates */
	uint32_t owner;
	uint32_t comp, prog; /* into item_comp / item_prog; next item ends */
	uint8_t auth, rank, known;
};

enum { S_ACTIVE, S_INTERIM, S_SUSPENDED, S_OTHER };

/* An alliance of alliances.csv: its code's bit and its members' bits. */
struct f_ally {
	uint64_t code, members;
};

struct world {
	struct f_auth auth[MAXAUTH];
	uint32_t nauth;
	struct f_ally ally[16];
	uint32_t nally;
	struct f_level *levels;
	size_t nlevels, levcap;
	struct fmap nations, persons, orgs, items, comps, progs;
	struct f_person *p;
	size_t pcap;
	struct f_org *o;
	size_t ocap;
	struct f_item *it;
	size_t itcap;
	/* records as read, then laid out per owner */
	struct f_clr *clr;
	size_t nclr, clrcap;
	struct f_brf *brf;
	size_t nbrf, brfcap;
	struct f_mem *mem;
	size_t nmem, memcap;
	struct f_sus *sus;
	size_t nsus, suscap;
	struct f_appr *appr;
	size_t nappr, apprcap;
	/* item lists while reading: (item, ref) pairs */
	uint32_t *icomp, *iprog;
	size_t nicomp, icompcap, niprog, iprogcap;
	uint32_t *item_comp, *item_prog;
	/* orgs' countries, by org index, while reading */
	char (*org_country)[8];
};

static uint64_t
nation_bit(struct world *w, const char *code)
{
	uint32_t k = fmap_intern(&w->nations, code, NULL);

	if (k >= 64)
		bh_die("more than 64 nations", code, NULL);
	return 1ULL << k;
}

/* ---- reference tables: a small CSV reader ---- */

/* Split one CSV record at *pos into fields (quotes, "" escapes);
 * returns the count, 0 at the end. */
static int
csv_record(const char *text, size_t *pos, char fields[][256], int max)
{
	size_t i = *pos, k;
	int n = 0;

	if (text[i] == '\0')
		return 0;
	for (;;) {
		k = 0;
		if (text[i] == '"') {
			for (i++; text[i] != '\0'; i++) {
				if (text[i] == '"' && text[i + 1] == '"')
					i++;
				else if (text[i] == '"')
					break;
				if (k < 255)
					fields[n][k++] = text[i];
			}
			if (text[i] == '"')
				i++;
		}
		while (text[i] != ',' && text[i] != '\n' && text[i] != '\r' &&
		    text[i] != '\0') {
			if (k < 255)
				fields[n][k++] = text[i];
			i++;
		}
		fields[n][k] = '\0';
		if (n < max - 1)
			n++;
		if (text[i] != ',')
			break;
		i++;
	}
	if (text[i] == '\r')
		i++;
	if (text[i] == '\n')
		i++;
	*pos = i;
	return n;
}

/* Copy @src into @dst of @size bytes, cut to fit. */
static void
copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

static int32_t
auth_index(const struct world *w, const char *code)
{
	uint32_t a;

	for (a = 0; a < w->nauth; a++)
		if (strcmp(w->auth[a].code, code) == 0)
			return (int32_t)a;
	return -1;
}

static void
load_tables(struct world *w, const char *dir)
{
	char path[4096], f[16][256], *text, *tok, *save;
	size_t len, pos = 0;
	uint32_t a;
	int n;

	(void)snprintf(path, sizeof(path), "%s/authorities.csv", dir);
	text = bh_slurp(path, &len);
	(void)csv_record(text, &pos, f, 16); /* header */
	while ((n = csv_record(text, &pos, f, 16)) > 0) {
		struct f_auth *au;

		if (n < 6 || f[0][0] == '\0')
			continue;
		if (w->nauth == MAXAUTH)
			bh_die("too many authorities", path, NULL);
		au = &w->auth[w->nauth++];
		copy(au->code, sizeof(au->code), f[0]);
		for (tok = strtok_r(f[1], " ", &save); tok != NULL;
		     tok = strtok_r(NULL, " ", &save))
			au->nations |= nation_bit(w, tok);
		copy(au->accepted_for, sizeof(au->accepted_for), f[5]);
	}
	free(text);
	for (a = 0; a < w->nauth; a++) {
		for (tok = strtok_r(w->auth[a].accepted_for, " ", &save);
		     tok != NULL; tok = strtok_r(NULL, " ", &save)) {
			int32_t k = auth_index(w, tok);

			if (k < 0)
				bh_die("accepted_for names an unknown "
				       "authority",
				    tok, NULL);
			w->auth[a].accepted |= 1ULL << k;
		}
	}
	(void)snprintf(path, sizeof(path), "%s/levels.csv", dir);
	text = bh_slurp(path, &len);
	pos = 0;
	(void)csv_record(text, &pos, f, 16);
	while ((n = csv_record(text, &pos, f, 16)) > 0) {
		struct f_level *l;
		int32_t k;

		if (n < 5 || f[0][0] == '\0')
			continue;
		if ((k = auth_index(w, f[0])) < 0)
			bh_die("level of an unknown authority", f[0], NULL);
		w->levels = bh_grow(w->levels, &w->levcap, w->nlevels + 1,
		    sizeof(*w->levels));
		l = &w->levels[w->nlevels++];
		l->auth = (uint32_t)k;
		copy(l->code, sizeof(l->code), f[1]);
		l->rank = (uint8_t)atoi(f[4]);
	}
	free(text);
	/* alliances.csv: alliance, nation, source; one member a row */
	(void)snprintf(path, sizeof(path), "%s/alliances.csv", dir);
	text = bh_slurp(path, &len);
	pos = 0;
	(void)csv_record(text, &pos, f, 16);
	while ((n = csv_record(text, &pos, f, 16)) > 0) {
		uint64_t code;

		if (n < 2 || f[0][0] == '\0')
			continue;
		code = nation_bit(w, f[0]);
		for (a = 0; a < w->nally && w->ally[a].code != code; a++)
			;
		if (a == w->nally) {
			if (w->nally == 16)
				bh_die("too many alliances", path, NULL);
			w->ally[w->nally++].code = code;
		}
		w->ally[a].members |= nation_bit(w, f[1]);
	}
	free(text);
}

/* A nation of releasable_to as bits: itself, and its members when it is
 * an alliance (rule 7; rule 5 reads the same). */
static uint64_t
rel_bits(const struct world *w, uint64_t bit)
{
	uint64_t out = bit;
	uint32_t a;

	for (a = 0; a < w->nally; a++)
		if (w->ally[a].code == bit)
			out |= w->ally[a].members;
	return out;
}

static void
level_of(const struct world *w, const json_t *j, uint8_t *auth, uint8_t *rank)
{
	const char *a = json_string_value(json_object_get(j, "authority"));
	const char *l = json_string_value(json_object_get(j, "level"));
	size_t i;

	for (i = 0; a != NULL && l != NULL && i < w->nlevels; i++)
		if (strcmp(w->levels[i].code, l) == 0 &&
		    strcmp(w->auth[w->levels[i].auth].code, a) == 0) {
			*auth = (uint8_t)w->levels[i].auth;
			*rank = w->levels[i].rank;
			return;
		}
	bh_die("unknown authority or level", a ? a : "?", l ? l : "?");
}

/* ---- the register ---- */

static const char *
str(const json_t *j, const char *key)
{
	const char *s = json_string_value(json_object_get(j, key));

	if (s == NULL)
		bh_die("missing string", key, NULL);
	return s;
}

static void
period(const json_t *j, int64_t *from, int64_t *until)
{
	const json_t *u = json_object_get(j, "valid_until");

	*from = parse_time(str(j, "valid_from"));
	*until = u == NULL || json_is_null(u)
	    ? NEVER
	    : parse_time(json_string_value(u));
}

static uint32_t
person(struct world *w, const char *id)
{
	int added;
	uint32_t k = fmap_intern(&w->persons, id, &added);

	if (added) {
		w->p = bh_grow(w->p, &w->pcap, k + 1, sizeof(*w->p));
		memset(&w->p[k], 0, sizeof(w->p[k]));
	}
	return k;
}

static uint32_t
org(struct world *w, const char *id)
{
	int added;
	uint32_t k = fmap_intern(&w->orgs, id, &added);

	if (added) {
		size_t cap = w->ocap;

		w->o = bh_grow(w->o, &w->ocap, k + 1, sizeof(*w->o));
		w->org_country = bh_grow(w->org_country, &cap, k + 1,
		    sizeof(*w->org_country));
		memset(&w->o[k], 0, sizeof(w->o[k]));
		w->org_country[k][0] = '\0';
	}
	return k;
}

static uint32_t
item(struct world *w, const char *id)
{
	int added;
	uint32_t k = fmap_intern(&w->items, id, &added);

	if (added) {
		w->it = bh_grow(w->it, &w->itcap, k + 1, sizeof(*w->it));
		memset(&w->it[k], 0, sizeof(w->it[k]));
	}
	return k;
}

static void
add_line(struct world *w, const json_t *j)
{
	const char *kind = str(j, "kind");

	if (strcmp(kind, "organization") == 0) {
		uint32_t k = org(w, str(j, "id"));
		const char *type = str(j, "type");

		copy(w->org_country[k], sizeof(w->org_country[k]),
		    str(j, "country"));
		w->o[k].known = 1;
		w->o[k].nation = nation_bit(w, w->org_country[k]);
		w->o[k].needs = strcmp(type, "contractor") == 0 ||
		    strcmp(type, "research") == 0;
	} else if (strcmp(kind, "person") == 0) {
		uint32_t k = person(w, str(j, "id"));
		const json_t *a = json_object_get(j, "nationalities"), *v;
		size_t i;

		w->p[k].known = 1;
		w->p[k].org = org(w, str(j, "org"));
		json_array_foreach(a, i, v) w->p[k].nats |=
		    nation_bit(w, json_string_value(v));
	} else if (strcmp(kind, "clearance") == 0) {
		struct f_clr c;
		const char *s = str(j, "status");

		memset(&c, 0, sizeof(c));
		c.person = person(w, str(j, "person"));
		level_of(w, j, &c.auth, &c.rank);
		c.status = strcmp(s, "active") == 0 ? S_ACTIVE
		    : strcmp(s, "interim") == 0     ? S_INTERIM
		    : strcmp(s, "suspended") == 0   ? S_SUSPENDED
		                                    : S_OTHER;
		period(j, &c.from, &c.until);
		w->clr = bh_grow(w->clr, &w->clrcap, w->nclr + 1, sizeof(c));
		w->clr[w->nclr++] = c;
	} else if (strcmp(kind, "briefing") == 0) {
		struct f_brf b;
		const json_t *nda = json_object_get(j, "nda_signed");

		memset(&b, 0, sizeof(b));
		b.person = person(w, str(j, "person"));
		b.comp = fmap_intern(&w->comps, str(j, "compartment"), NULL);
		b.has_nda = nda != NULL && !json_is_null(nda);
		b.nda = b.has_nda ? parse_time(json_string_value(nda)) : 0;
		period(j, &b.from, &b.until);
		w->brf = bh_grow(w->brf, &w->brfcap, w->nbrf + 1, sizeof(b));
		w->brf[w->nbrf++] = b;
	} else if (strcmp(kind, "membership") == 0) {
		struct f_mem m;

		memset(&m, 0, sizeof(m));
		m.person = person(w, str(j, "person"));
		m.prog = fmap_intern(&w->progs, str(j, "program"), NULL);
		period(j, &m.from, &m.until);
		w->mem = bh_grow(w->mem, &w->memcap, w->nmem + 1, sizeof(m));
		w->mem[w->nmem++] = m;
	} else if (strcmp(kind, "suspension") == 0) {
		struct f_sus s;

		memset(&s, 0, sizeof(s));
		s.person = person(w, str(j, "person"));
		period(j, &s.from, &s.until);
		w->sus = bh_grow(w->sus, &w->suscap, w->nsus + 1, sizeof(s));
		w->sus[w->nsus++] = s;
	} else if (strcmp(kind, "conforming") == 0) {
		struct f_appr a;

		memset(&a, 0, sizeof(a));
		a.org = org(w, str(j, "org"));
		level_of(w, j, &a.auth, &a.rank);
		period(j, &a.from, &a.until);
		w->appr =
		    bh_grow(w->appr, &w->apprcap, w->nappr + 1, sizeof(a));
		w->appr[w->nappr++] = a;
	} else if (strcmp(kind, "item") == 0) {
		uint32_t k = item(w, str(j, "id"));
		struct f_item *it = &w->it[k];
		const json_t *a, *v, *d = json_object_get(j, "declassified");
		size_t i;

		it->known = 1;
		it->owner = org(w, str(j, "owner"));
		it = &w->it[k];
		level_of(w, j, &it->auth, &it->rank);
		period(j, &it->from, &it->until);
		it->declassified = d == NULL || json_is_null(d)
		    ? NEVER
		    : parse_time(json_string_value(d));
		a = json_object_get(j, "releasable_to");
		json_array_foreach(a, i, v) it->rel_list |=
		    rel_bits(w, nation_bit(w, json_string_value(v)));
		a = json_object_get(j, "compartments");
		json_array_foreach(a, i, v)
		{
			w->icomp = bh_grow(w->icomp, &w->icompcap,
			    w->nicomp + 2, sizeof(uint32_t));
			w->icomp[w->nicomp++] = k;
			w->icomp[w->nicomp++] =
			    fmap_intern(&w->comps, json_string_value(v), NULL);
		}
		a = json_object_get(j, "programs");
		json_array_foreach(a, i, v)
		{
			w->iprog = bh_grow(w->iprog, &w->iprogcap,
			    w->niprog + 2, sizeof(uint32_t));
			w->iprog[w->niprog++] = k;
			w->iprog[w->niprog++] =
			    fmap_intern(&w->progs, json_string_value(v), NULL);
		}
	}
	/* compartment, program: names only */
}

/*
 * Lay out @n records of @size bytes (owner index at @key_off) in owner
 * order, setting each owner's first-entry field (at @first_off in
 * @owners of @osize bytes, @nowners of them plus one sentinel).
 */
static void
group(void *recs, size_t n, size_t size, size_t key_off, void *owners,
    size_t nowners, size_t osize, size_t first_off)
{
	uint32_t *count = bh_alloc((nowners + 1) * sizeof(*count));
	char *out = bh_alloc(n * size + 1), *in = recs;
	uint32_t key, sum = 0, c;
	size_t i;

	for (i = 0; i < n; i++) {
		memcpy(&key, in + i * size + key_off, sizeof(key));
		count[key]++;
	}
	for (i = 0; i <= nowners; i++) {
		c = count[i];
		count[i] = sum;
		memcpy((char *)owners + i * osize + first_off, &sum,
		    sizeof(sum));
		sum += c;
	}
	for (i = 0; i < n; i++) {
		memcpy(&key, in + i * size + key_off, sizeof(key));
		memcpy(out + (size_t)count[key]++ * size, in + i * size, size);
	}
	memcpy(recs, out, n * size);
	free(out);
	free(count);
}

/* Item lists (item, ref) pairs into per-item arrays. */
static uint32_t *
item_lists(struct world *w, const uint32_t *pairs, size_t npairs,
    size_t first_off)
{
	size_t n = npairs / 2, i, nitems = w->items.n;
	uint32_t *count = bh_alloc((nitems + 1) * sizeof(*count));
	uint32_t *out = bh_alloc((n + 1) * sizeof(*out)), sum = 0, c;

	for (i = 0; i < n; i++)
		count[pairs[2 * i]]++;
	for (i = 0; i <= nitems; i++) {
		c = count[i];
		count[i] = sum;
		memcpy((char *)&w->it[i] + first_off, &sum, sizeof(sum));
		sum += c;
	}
	for (i = 0; i < n; i++)
		out[count[pairs[2 * i]]++] = pairs[2 * i + 1];
	free(count);
	return out;
}

static void
finish(struct world *w)
{
	size_t np = w->persons.n, no = w->orgs.n, ni = w->items.n, i;

	/* sentinels */
	w->p = bh_grow(w->p, &w->pcap, np + 1, sizeof(*w->p));
	memset(&w->p[np], 0, sizeof(w->p[np]));
	w->o = bh_grow(w->o, &w->ocap, no + 1, sizeof(*w->o));
	memset(&w->o[no], 0, sizeof(w->o[no]));
	w->it = bh_grow(w->it, &w->itcap, ni + 1, sizeof(*w->it));
	memset(&w->it[ni], 0, sizeof(w->it[ni]));
	group(w->clr, w->nclr, sizeof(*w->clr), offsetof(struct f_clr, person),
	    w->p, np, sizeof(*w->p), offsetof(struct f_person, clr));
	group(w->brf, w->nbrf, sizeof(*w->brf), offsetof(struct f_brf, person),
	    w->p, np, sizeof(*w->p), offsetof(struct f_person, brf));
	group(w->mem, w->nmem, sizeof(*w->mem), offsetof(struct f_mem, person),
	    w->p, np, sizeof(*w->p), offsetof(struct f_person, mem));
	group(w->sus, w->nsus, sizeof(*w->sus), offsetof(struct f_sus, person),
	    w->p, np, sizeof(*w->p), offsetof(struct f_person, sus));
	group(w->appr, w->nappr, sizeof(*w->appr), offsetof(struct f_appr, org),
	    w->o, no, sizeof(*w->o), offsetof(struct f_org, appr));
	w->item_comp =
	    item_lists(w, w->icomp, w->nicomp, offsetof(struct f_item, comp));
	w->item_prog =
	    item_lists(w, w->iprog, w->niprog, offsetof(struct f_item, prog));
	/* as the index documents: a person whose organization has no record
	 * is an unknown subject, an item whose owner has none an unknown
	 * item (the store's foreign keys rule both out) */
	for (i = 0; i < np; i++)
		w->p[i].known = w->p[i].known && w->o[w->p[i].org].known;
	for (i = 0; i < ni; i++) {
		struct f_item *it = &w->it[i];
		uint64_t owner = w->o[it->owner].nation;
		uint32_t a;

		it->known = it->known && w->o[it->owner].known;
		it->rel_all = it->rel_list | owner;
		/* rule 5's candidates depend on the item alone: the same
		 * authority, one whose accepted_for names it, or a foreign
		 * one (none of its nations the owner's) that the item is
		 * releasable to */
		for (a = 0; a < w->nauth; a++)
			if (a == it->auth ||
			    ((w->auth[a].accepted >> it->auth) & 1) ||
			    ((w->auth[a].nations & owner) == 0 &&
			        (w->auth[a].nations & it->rel_list) != 0))
				it->accept |= 1ULL << a;
	}
}

static void
load_register(struct world *w, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (f == NULL)
		bh_die("cannot open", path, NULL);
	while ((len = getline(&line, &cap, f)) > 0) {
		json_error_t jerr;
		json_t *j;

		if (len == 1)
			continue;
		if ((j = json_loadb(line, (size_t)len, 0, &jerr)) == NULL)
			bh_die("bad JSON", path, jerr.text);
		add_line(w, j);
		json_decref(j);
	}
	free(line);
	(void)fclose(f);
	finish(w);
}

/* ---- the decision: DESIGN.md section 5, rule by rule ---- */

static inline int
valid_at(int64_t from, int64_t until, int64_t t)
{
	return from <= t && t < until;
}

static uint8_t
floor_decide(const struct world *w, int32_t si, int32_t ii, int64_t t)
{
	const struct f_item *it;
	const struct f_person *p;
	uint32_t k, e, b;
	int candidates = 0, any_suspended = 0, best = -1, ok;

	/* 1. unknown item */
	if (ii < 0 || !w->it[ii].known)
		return F_UNKNOWN_ITEM;
	it = &w->it[ii];
	/* 2. not classified at t */
	if (!valid_at(it->from, it->until, t) || it->declassified <= t)
		return F_NOT_CLASSIFIED;
	/* 3. unknown subject */
	if (si < 0 || !w->p[si].known)
		return F_UNKNOWN_SUBJECT;
	p = &w->p[si];
	/* 4. a suspension valid at t */
	for (k = p->sus, e = p[1].sus; k < e; k++)
		if (valid_at(w->sus[k].from, w->sus[k].until, t))
			return F_SUSPENDED;
	/* 5. candidate clearances (authorities precomputed per item) */
	for (k = p->clr, e = p[1].clr; k < e; k++) {
		const struct f_clr *c = &w->clr[k];

		if (((it->accept >> c->auth) & 1) == 0)
			continue;
		candidates = 1;
		if ((c->status == S_ACTIVE || c->status == S_INTERIM) &&
		    valid_at(c->from, c->until, t)) {
			if (c->rank > best)
				best = c->rank;
		} else if (c->status == S_SUSPENDED) {
			any_suspended = 1;
		}
	}
	if (!candidates)
		return F_NOT_CLEARED;
	if (best < 0)
		return any_suspended ? F_SUSPENDED : F_EXPIRED;
	if (best < it->rank)
		return F_LEVEL;
	/* 6. a briefing (NDA signed, valid at t) into each compartment */
	for (k = it->comp, e = it[1].comp; k < e; k++) {
		for (ok = 0, b = p->brf; !ok && b < p[1].brf; b++)
			ok = w->brf[b].comp == w->item_comp[k] &&
			    w->brf[b].has_nda && w->brf[b].nda <= t &&
			    valid_at(w->brf[b].from, w->brf[b].until, t);
		if (!ok)
			return F_COMPARTMENT;
	}
	/* 7. a nationality of the owner's nation or releasable */
	if ((p->nats & it->rel_all) == 0)
		return F_RELEASABILITY;
	/* 8. need to know: a membership valid at t in one of the programs */
	if (it->prog != it[1].prog) {
		for (ok = 0, b = p->mem; !ok && b < p[1].mem; b++) {
			if (!valid_at(w->mem[b].from, w->mem[b].until, t))
				continue;
			for (k = it->prog; !ok && k < it[1].prog; k++)
				ok = w->mem[b].prog == w->item_prog[k];
		}
		if (!ok)
			return F_NEED_TO_KNOW;
	}
	/* 9. a contractor or research institution needs an approval under
	 * the item's authority, valid at t, at the item's rank or above */
	if (w->o[p->org].needs) {
		const struct f_org *o = &w->o[p->org];

		for (ok = 0, k = o->appr; !ok && k < o[1].appr; k++)
			ok = w->appr[k].auth == it->auth &&
			    w->appr[k].rank >= it->rank &&
			    valid_at(w->appr[k].from, w->appr[k].until, t);
		if (!ok)
			return F_ORGANIZATION;
	}
	return F_ALLOW; /* 10 */
}

int
main(int argc, char **argv)
{
	static struct world w;
	struct bh_queries qs;
	double t0, load_s, *times, handles_s, e2e_s, handles_best, e2e_best;
	int32_t *si, *ii;
	int64_t *at;
	uint8_t *ans, *ans2;
	size_t i, allows = 0, hist[F_NREASONS];
	int passes = bh_passes(7), p;
	volatile unsigned sink = 0;

	if (argc != 5 && argc != 6) {
		(void)fprintf(stderr,
		    "usage: floor REFDIR REGISTER QUERIES "
		    "ANSWERS_OUT [EXPECTED]\n");
		return 2;
	}
	load_tables(&w, argv[1]);
	t0 = bh_now();
	load_register(&w, argv[2]);
	load_s = bh_now() - t0;
	(void)printf("floor: %zu persons, %zu items, %zu orgs, %zu clearances, "
	             "%zu briefings, %zu memberships, %zu suspensions, %zu "
	             "approvals; loaded in %.2f s\n",
	    w.persons.n, w.items.n, w.orgs.n, w.nclr, w.nbrf, w.nmem, w.nsus,
	    w.nappr, load_s);

	bh_load_queries(argv[3], &qs);
	si = bh_alloc(qs.n * sizeof(*si));
	ii = bh_alloc(qs.n * sizeof(*ii));
	at = bh_alloc(qs.n * sizeof(*at));
	ans = bh_alloc(qs.n);
	ans2 = bh_alloc(qs.n);
	times = bh_alloc((size_t)passes * sizeof(*times));
	for (i = 0; i < qs.n; i++) {
		si[i] = fmap_find(&w.persons, qs.arena + qs.q[i].subj,
		    qs.q[i].subj_len);
		ii[i] = fmap_find(&w.items, qs.arena + qs.q[i].item,
		    qs.q[i].item_len);
		at[i] = parse_time(qs.arena + qs.q[i].at);
	}
	for (p = 0; p < passes; p++) {
		t0 = bh_now();
		for (i = 0; i < qs.n; i++)
			ans[i] = floor_decide(&w, si[i], ii[i], at[i]);
		times[p] = bh_now() - t0;
		sink += ans[p % qs.n];
	}
	handles_s = bh_median(times, (size_t)passes);
	handles_best = times[0]; /* sorted */
	/* the same with the id lookups in the loop (its own hash maps) */
	for (p = 0; p < passes; p++) {
		t0 = bh_now();
		for (i = 0; i < qs.n; i++)
			ans2[i] = floor_decide(&w,
			    fmap_find(&w.persons, qs.arena + qs.q[i].subj,
			        qs.q[i].subj_len),
			    fmap_find(&w.items, qs.arena + qs.q[i].item,
			        qs.q[i].item_len),
			    at[i]);
		times[p] = bh_now() - t0;
		sink += ans2[p % qs.n];
	}
	e2e_s = bh_median(times, (size_t)passes);
	e2e_best = times[0];
	if (memcmp(ans, ans2, qs.n) != 0)
		bh_die("floor: answers differ between passes", NULL, NULL);
	(void)sink;
	memset(hist, 0, sizeof(hist));
	for (i = 0; i < qs.n; i++) {
		hist[ans[i]]++;
		allows += ans[i] == F_ALLOW || ans[i] == F_NOT_CLASSIFIED;
	}
	bh_write(argv[4], ans, qs.n);
	(void)printf("floor: %zu queries, %zu allowed; reasons:", qs.n, allows);
	for (i = 0; i < F_NREASONS; i++)
		(void)printf(" %s=%zu", reason_name[i], hist[i]);
	(void)printf("\n");
	(void)printf("RESULT engine=floor queries=%zu passes=%d median_s=%.6f "
	             "dps=%.0f best_dps=%.0f allows=%zu load_s=%.3f "
	             "peak_rss_kb=%ld\n",
	    qs.n, passes, handles_s, (double)qs.n / handles_s,
	    (double)qs.n / handles_best, allows, load_s, bh_peak_kb());
	(void)printf("RESULT engine=floor-e2e queries=%zu passes=%d "
	             "median_s=%.6f dps=%.0f best_dps=%.0f allows=%zu\n",
	    qs.n, passes, e2e_s, (double)qs.n / e2e_s, (double)qs.n / e2e_best,
	    allows);

	if (argc == 6) {
		size_t len, diff = 0;
		char *exp = bh_slurp(argv[5], &len);

		if (len != qs.n)
			bh_die("expected answers: wrong length", argv[5], NULL);
		for (i = 0; i < qs.n; i++) {
			if ((uint8_t)exp[i] == ans[i])
				continue;
			if (diff++ < 20)
				(void)
				    printf("MISMATCH query %zu: subject=%s "
				           "item=%s at=%s floor=%s other=%s\n",
				        i + 1, qs.arena + qs.q[i].subj,
				        qs.arena + qs.q[i].item,
				        qs.arena + qs.q[i].at,
				        reason_name[ans[i]],
				        (uint8_t)exp[i] < F_NREASONS
				            ? reason_name[(uint8_t)exp[i]]
				            : "?");
		}
		free(exp);
		(void)printf("RESULT engine=floor-compare mismatches=%zu\n",
		    diff);
		if (diff != 0)
			return 3;
	}
	return 0;
}
