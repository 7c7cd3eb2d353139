/* SPDX-License-Identifier: Apache-2.0 */
/*
 * link.c - record linkage (link.h): the index of the register's persons,
 * blocking, field comparison, Fellegi-Sunter weights with term-frequency
 * adjustment, EM, and decisions.
 *
 * Part of core: no I/O, no clock, no threads of its own (the caller may
 * match from many).  Memory: per person, its tokens (an id per key, keys
 * interned once for the whole register) and its blocking keys in one
 * sorted array; a million persons take a few hundred MiB.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scs/link.h"
#include "scs/util.h"

#define TOKS_MAX  24   /* tokens of one person or record, all names */
#define FORMS_MAX 16   /* family-given pairs of one person or record */
#define WHOLE     0xff /* lform.g of a name written as one word */
#define BLOCK_MAX 8192 /* a blocking key shared by more is skipped */
#define CANDS_MAX 65536
#define KEYS_MAX  256 /* blocking keys of one person or record */
#define NPATTERNS ((size_t)SCS_LV_N * SCS_LV_N * SCS_LV_N * SCS_LV_N)
#define AMBIGUOUS 3.0 /* bits between the best two that make a doubt */
/* the bounds of the joint ratio (link.h): at most 12 bits either way */
#define JOINT_MIN (1.0 / 4096)
#define JOINT_MAX 4096.0

enum group { G_HAN, G_READ, G_OTHER };
enum { S_EXACT, S_FOLD, S_PHON };

/* One token: an id per key (0: not in the register). */
struct ltok {
	uint32_t k[3]; /* exact (kanji: NFKC; kana, Latin: romaji), fold,
	                * phon */
	uint32_t rd[SCS_NAME_READING];
	uint8_t nrd;
	uint8_t group;
	uint8_t kana; /* written in kana (either width, or hiragana) */
};

/* One way a name reads: its family and given tokens (indices among the
 * person's or record's tokens), or one word (g WHOLE); swap: the order is
 * not known (Latin letters without a comma or capitals to tell). */
struct lform {
	uint8_t f, g, swap;
};

/* A person as stored. */
struct pinfo {
	uint32_t tok;  /* first token in ix->toks */
	uint32_t form; /* first form in ix->forms */
	uint32_t nat;  /* first nationality in ix->nats */
	int32_t dob;   /* YYYYMMDD, 0 unknown */
	uint8_t ntok, nform, nnat;
};

struct bkey {
	uint64_t key;
	uint32_t person;
};

struct name_count {
	uint64_t name;
	uint32_t n;
};

/* The interned keys. */
struct strtab {
	uint32_t *slot; /* 0: empty, else id */
	size_t cap;     /* a power of two */
	char *arena;
	size_t len, acap;
	size_t *off; /* of id i in arena; off[0] unused */
	size_t n, ocap;
};

struct scs_link_index {
	const struct scs_namer *nm;
	struct strtab st;
	struct pinfo *p;
	size_t np, pcap;
	struct ltok *toks;
	size_t ntoks, tcap;
	struct lform *forms;
	size_t nforms, fcap;
	char (*nats)[4];
	size_t nnats, ncap;
	struct bkey *bk;
	size_t nbk, bcap;
	uint32_t *tf[2]; /* persons holding fold id i as family, given */
	/* full names (family fold id << 32 | given fold id) held by two
	 * persons or more, sorted, with how many hold each */
	struct name_count *nc;
	size_t nnc;
	bool sealed;
};

/* A person or record being compared: tokens, forms, and the tokens'
 * strings (for a record; NULL for a person, whose keys are in the
 * table). */
struct view {
	const struct ltok *t;
	size_t ntok;
	const struct lform *fm;
	size_t nform;
	int32_t dob;
	const char (*nat)[4];
	size_t nnat;
	const char (*str)[3][SCS_NAME_KEY];
};

/* A record made comparable. */
struct rec {
	struct ltok t[TOKS_MAX];
	char str[TOKS_MAX][3][SCS_NAME_KEY];
	struct lform fm[FORMS_MAX];
	struct view v;
};

/* ---- interning -------------------------------------------------------- */

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

#define FNV0 1469598103934665603ULL

static const char *
str_of(const struct strtab *st, uint32_t id)
{
	return id == 0 ? "" : st->arena + st->off[id];
}

static uint32_t
str_find(const struct strtab *st, const char *s, uint64_t h)
{
	size_t i;

	if (st->cap == 0)
		return 0;
	for (i = h & (st->cap - 1); st->slot[i] != 0;
	     i = (i + 1) & (st->cap - 1))
		if (strcmp(st->arena + st->off[st->slot[i]], s) == 0)
			return st->slot[i];
	return 0;
}

static int
str_grow(struct strtab *st)
{
	size_t cap = st->cap ? st->cap * 2 : 1024, i, k;
	uint32_t *slot = calloc(cap, sizeof(*slot));

	if (slot == NULL)
		return SCS_ENOMEM;
	for (i = 1; i <= st->n; i++) {
		uint64_t h = fnv(FNV0, st->arena + st->off[i]);

		for (k = h & (cap - 1); slot[k] != 0; k = (k + 1) & (cap - 1))
			;
		slot[k] = (uint32_t)i;
	}
	free(st->slot);
	st->slot = slot;
	st->cap = cap;
	return SCS_OK;
}

/* The id of @s, made when new (0 for "" and when out of memory). */
static uint32_t
str_intern(struct strtab *st, const char *s, int *rc)
{
	uint64_t h = fnv(FNV0, s);
	size_t len = strlen(s) + 1, i;
	uint32_t id;

	if (*s == '\0')
		return 0;
	if ((id = str_find(st, s, h)) != 0)
		return id;
	if ((st->n + 1) * 2 >= st->cap && str_grow(st) != SCS_OK)
		goto nomem;
	if (st->len + len > st->acap) {
		size_t c = st->acap ? st->acap * 2 : 65536;
		char *a;

		while (c < st->len + len)
			c *= 2;
		if ((a = realloc(st->arena, c)) == NULL)
			goto nomem;
		st->arena = a;
		st->acap = c;
	}
	if (st->n + 2 > st->ocap) {
		size_t c = st->ocap ? st->ocap * 2 : 4096;
		size_t *o = realloc(st->off, c * sizeof(*o));

		if (o == NULL)
			goto nomem;
		st->off = o;
		st->ocap = c;
	}
	id = (uint32_t)++st->n;
	st->off[id] = st->len;
	memcpy(st->arena + st->len, s, len);
	st->len += len;
	for (i = h & (st->cap - 1); st->slot[i] != 0;
	     i = (i + 1) & (st->cap - 1))
		;
	st->slot[i] = id;
	return id;
nomem:
	*rc = SCS_ENOMEM;
	return 0;
}

/* ---- names to tokens -------------------------------------------------- */

/* A token being built: its strings. */
struct stok {
	uint8_t group;
	uint8_t kana;
	char s[3][SCS_NAME_KEY];
	char rd[SCS_NAME_READING][SCS_NAME_KEY];
	size_t nrd;
};

struct parts {
	struct stok tok[TOKS_MAX];
	size_t ntok;
	struct lform fm[FORMS_MAX];
	size_t nform;
};

static enum group
group_of(enum scs_script s)
{
	return s == SCS_SCRIPT_HAN  ? G_HAN
	    : s == SCS_SCRIPT_OTHER ? G_OTHER
	                            : G_READ;
}

static void
cat(char *dst, const char *src)
{
	size_t n = strlen(dst);

	(void)scs_strlcpy(dst + n, src, SCS_NAME_KEY - n);
}

/* Tokens @from..@to of @nm as one token (a family name of several
 * words, "VAN DER BERG"). */
static void
join(const struct scs_name *nm, size_t from, size_t to, struct stok *out)
{
	const struct scs_name_token *t0 = &nm->t[from];

	memset(out, 0, sizeof(*out));
	out->group = (uint8_t)group_of(t0->script);
	out->kana = 1;
	for (size_t i = from; i < to; i++) {
		const struct scs_name_token *t = &nm->t[i];

		if (t->script != SCS_SCRIPT_KANA)
			out->kana = 0;
		cat(out->s[S_EXACT],
		    out->group == G_READ ? t->roman : t->exact);
		cat(out->s[S_FOLD], t->fold);
		cat(out->s[S_PHON], t->phon);
	}
	if (to - from == 1) {
		for (size_t i = 0; i < t0->nreadings; i++)
			(void)scs_strlcpy(out->rd[i], t0->readings[i],
			    SCS_NAME_KEY);
		out->nrd = t0->nreadings;
	}
}

/* The index of @t among @pt's tokens, added when new; -1 when full.  A
 * token written both in kana and in Latin letters (オオウチ, OUCHI) is
 * one token, known to have been written in kana. */
static int
push(struct parts *pt, const struct stok *t)
{
	for (size_t i = 0; i < pt->ntok; i++)
		if (pt->tok[i].group == t->group &&
		    strcmp(pt->tok[i].s[S_EXACT], t->s[S_EXACT]) == 0 &&
		    strcmp(pt->tok[i].s[S_FOLD], t->s[S_FOLD]) == 0) {
			pt->tok[i].kana |= t->kana;
			return (int)i;
		}
	if (pt->ntok == TOKS_MAX)
		return -1;
	pt->tok[pt->ntok] = *t;
	return (int)pt->ntok++;
}

static void
add_form(struct parts *pt, const struct stok *f, const struct stok *g,
    bool swap)
{
	int fi, gi = WHOLE;
	struct lform fm;

	if ((f->s[S_FOLD][0] == '\0' && f->s[S_EXACT][0] == '\0') ||
	    (fi = push(pt, f)) < 0)
		return;
	if (g != NULL && (gi = push(pt, g)) < 0)
		return;
	if (g != NULL && g->s[S_FOLD][0] == '\0' && g->s[S_EXACT][0] == '\0')
		gi = WHOLE;
	fm = (struct lform){(uint8_t)fi, (uint8_t)gi, (uint8_t)swap};
	for (size_t i = 0; i < pt->nform; i++)
		if (memcmp(&pt->fm[i], &fm, sizeof(fm)) == 0)
			return;
	if (pt->nform < FORMS_MAX)
		pt->fm[pt->nform++] = fm;
}

/* One name into forms: a comma or capitals say which part is the family
 * name; kanji and kana names put it first; otherwise either order. */
static void
add_name(const struct scs_namer *nmr, const char *text, struct parts *pt)
{
	struct scs_name nm;
	struct stok a, b;
	size_t n, i, up = 0, k;

	if (text == NULL || *text == '\0')
		return;
	scs_name_parse(nmr, text, &nm);
	n = nm.ntokens;
	if (n == 0)
		return;
	if (n == 1) {
		join(&nm, 0, 1, &a);
		add_form(pt, &a, NULL, false);
		return;
	}
	if (nm.comma > 0) {
		join(&nm, 0, nm.comma, &a);
		join(&nm, nm.comma, n, &b);
		add_form(pt, &a, &b, false);
		return;
	}
	for (i = 0; i < n; i++)
		up += nm.upper >> i & 1;
	if (up > 0 && up < n) {
		/* the capitals are the family name, wherever they stand */
		struct scs_name f = nm, g = nm;

		f.ntokens = g.ntokens = 0;
		for (i = 0; i < n; i++) {
			if (nm.upper >> i & 1)
				f.t[f.ntokens++] = nm.t[i];
			else
				g.t[g.ntokens++] = nm.t[i];
		}
		join(&f, 0, f.ntokens, &a);
		join(&g, 0, g.ntokens, &b);
		add_form(pt, &a, &b, false);
		return;
	}
	join(&nm, 0, 1, &a);
	join(&nm, 1, n, &b);
	k = nm.t[0].script;
	if (k == SCS_SCRIPT_HAN || k == SCS_SCRIPT_KANA) {
		add_form(pt, &a, &b, false);
		return;
	}
	/* Latin without a cue: either order, and the family name may be the
	 * last word of several */
	add_form(pt, &a, &b, true);
	if (n > 2) {
		join(&nm, n - 1, n, &a);
		join(&nm, 0, n - 1, &b);
		add_form(pt, &a, &b, true);
	}
}

static void
make_parts(const struct scs_namer *nm, const struct scs_link_ident *id,
    struct parts *pt)
{
	pt->ntok = pt->nform = 0;
	for (size_t i = 0; i < id->nnames && i < SCS_LINK_NAMES; i++)
		add_name(nm, id->names[i], pt);
}

static int32_t
parse_dob(const char *s)
{
	int32_t v = 0;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7)
			continue;
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ---- comparison ------------------------------------------------------- */

static const char *
vstr(const struct scs_link_index *ix, const struct view *v, size_t i, int w)
{
	return v->str != NULL ? v->str[i][w] : str_of(&ix->st, v->t[i].k[w]);
}

static bool
share_reading(const struct ltok *a, const struct ltok *b)
{
	for (size_t i = 0; i < a->nrd; i++)
		for (size_t k = 0; k < b->nrd; k++)
			if (a->rd[i] != 0 && a->rd[i] == b->rd[k])
				return true;
	return false;
}

static bool
reads_as(const struct ltok *han, const struct ltok *rd)
{
	for (size_t i = 0; i < han->nrd; i++)
		if (han->rd[i] != 0 && han->rd[i] == rd->k[S_FOLD])
			return true;
	return false;
}

static enum scs_link_level
key_level(const struct ltok *a, const struct ltok *b, bool phon)
{
	if (a->k[S_EXACT] != 0 && a->k[S_EXACT] == b->k[S_EXACT])
		return SCS_LV_EXACT;
	if (a->k[S_FOLD] != 0 && a->k[S_FOLD] == b->k[S_FOLD])
		return SCS_LV_FOLDED;
	if (phon && a->k[S_PHON] != 0 && a->k[S_PHON] == b->k[S_PHON])
		return SCS_LV_PHONETIC;
	return SCS_LV_DISAGREE;
}

/* The level of token @x (the record's) against @y (the person's); *@homo:
 * kanji that differ but read alike. */
static enum scs_link_level
tok_level(const struct ltok *x, const struct ltok *y, bool *homo)
{
	*homo = false;
	if (x->group == G_HAN && y->group == G_HAN) {
		enum scs_link_level lv = key_level(x, y, false);

		*homo = lv == SCS_LV_DISAGREE && share_reading(x, y);
		return lv;
	}
	if (x->group == G_READ && y->group == G_READ) {
		enum scs_link_level lv = key_level(x, y, true);

		/* Kana against kana is precise: romanized alike (the long
		 * vowels the passport drops) is exact, and what only the
		 * romaji fold makes agree is another mora, オウチ for
		 * オオウチ: it sounds alike, it is not spelled alike. */
		return lv == SCS_LV_FOLDED && x->kana && y->kana
		    ? SCS_LV_PHONETIC
		    : lv;
	}
	if (x->group == G_OTHER && y->group == G_OTHER)
		return key_level(x, y, false);
	if (x->group == G_HAN && y->group == G_READ && x->nrd > 0)
		return reads_as(x, y) ? SCS_LV_HOMOPHONE : SCS_LV_DISAGREE;
	if (y->group == G_HAN && x->group == G_READ && y->nrd > 0)
		return reads_as(y, x) ? SCS_LV_HOMOPHONE : SCS_LV_DISAGREE;
	return SCS_LV_MISSING;
}

/* Which comparison a pair of family tokens makes: kanji against kanji
 * is the strongest evidence, then kana and Latin against each other,
 * then other scripts, then kanji against a reading. */
enum cls { C_HAN, C_READ, C_OTHER, C_CROSS, C_N };

static int
pair_class(const struct ltok *x, const struct ltok *y)
{
	if (x->group == y->group)
		return x->group == G_HAN ? C_HAN
		    : x->group == G_READ ? C_READ
		                         : C_OTHER;
	if ((x->group == G_HAN && y->group == G_READ) ||
	    (x->group == G_READ && y->group == G_HAN))
		return C_CROSS;
	return -1;
}

/* The best reading of the two names against each other in one class:
 * family and given from the same alignment, so that one word can never
 * stand for both parts. */
struct joint {
	enum scs_link_level lv[2];
	bool homo[2];
	uint32_t agree[2];
	int rank;
	bool set;
};

static int
rank_of(enum scs_link_level l)
{
	static const int r[SCS_LV_N] = {[SCS_LV_EXACT] = 5,
	    [SCS_LV_FOLDED] = 4,
	    [SCS_LV_PHONETIC] = 3,
	    [SCS_LV_HOMOPHONE] = 2,
	    [SCS_LV_MISSING] = 1,
	    [SCS_LV_DISAGREE] = 0,
	    [SCS_LV_NEAR] = 0};

	return r[l];
}

static void
consider(struct joint *j, const enum scs_link_level lv[2], const bool homo[2],
    const uint32_t agree[2])
{
	int rank = rank_of(lv[0]) + rank_of(lv[1]);

	if (j->set && rank <= j->rank)
		return;
	j->set = true;
	j->rank = rank;
	for (int i = 0; i < 2; i++) {
		j->lv[i] = lv[i];
		j->homo[i] = homo[i];
		j->agree[i] = lv[i] <= SCS_LV_FOLDED ? agree[i] : 0;
	}
}

/* Whether @w equals @f then @g. */
static bool
is_cat(const char *w, const char *f, const char *g)
{
	size_t n = strlen(f);

	return *f != '\0' && *g != '\0' && strncmp(w, f, n) == 0 &&
	    strcmp(w + n, g) == 0;
}

/* A name written as one word (大野太郎, ONOTARO: token @wi of @w)
 * against form @fs of @s, in either order. */
static enum scs_link_level
whole_level(const struct scs_link_index *ix, const struct view *w, size_t wi,
    const struct view *s, const struct lform *fs)
{
	const struct ltok *wt = &w->t[wi];

	if (fs->g == WHOLE)
		return key_level(wt, &s->t[fs->f], wt->group == G_READ);
	for (int k = S_EXACT; k <= S_PHON; k++) {
		const char *ws = vstr(ix, w, wi, k);
		const char *fstr = vstr(ix, s, fs->f, k);
		const char *gstr = vstr(ix, s, fs->g, k);

		if (k == S_PHON && wt->group != G_READ)
			break;
		if (is_cat(ws, fstr, gstr) || is_cat(ws, gstr, fstr))
			return k == S_EXACT ? SCS_LV_EXACT
			    : k == S_FOLD   ? SCS_LV_FOLDED
			                    : SCS_LV_PHONETIC;
	}
	return SCS_LV_DISAGREE;
}

/* Form @fa of record @r against form @fb of person @p when either is a
 * name written as one word: into the joint of their class. */
static void
consider_whole(const struct scs_link_index *ix, const struct view *r,
    const struct lform *fa, const struct view *p, const struct lform *fb,
    struct joint j[C_N])
{
	const struct ltok *x = &r->t[fa->f];
	const struct ltok *y = &p->t[fb->f];
	enum scs_link_level lv[2];
	bool homo[2] = {false, false};
	uint32_t ag[2] = {0, 0};
	int cls;

	if (x->group != y->group)
		return;
	cls = pair_class(x, y);
	lv[0] = lv[1] = fa->g == WHOLE ? whole_level(ix, r, fa->f, p, fb)
	                               : whole_level(ix, p, fb->f, r, fa);
	consider(&j[cls], lv, homo, ag);
}

/* Family-given form @fa of record @r against family-given form @fb of
 * person @p, in their order and, when either may be swapped, the other:
 * into the joints of their classes. */
static void
consider_parts(const struct view *r, const struct lform *fa,
    const struct view *p, const struct lform *fb, struct joint j[C_N])
{
	for (int o = 0; o < 2; o++) {
		uint8_t xf = o ? fa->g : fa->f;
		uint8_t xg = o ? fa->f : fa->g;
		enum scs_link_level lv[2];
		bool homo[2] = {false, false};
		uint32_t ag[2] = {0, 0};
		int cls;

		if (o == 1 && !fa->swap && !fb->swap)
			break;
		cls = pair_class(&r->t[xf], &p->t[fb->f]);
		if (cls < 0)
			continue;
		lv[0] = tok_level(&r->t[xf], &p->t[fb->f], &homo[0]);
		lv[1] = tok_level(&r->t[xg], &p->t[fb->g], &homo[1]);
		ag[0] = p->t[fb->f].k[S_FOLD];
		ag[1] = p->t[fb->g].k[S_FOLD];
		consider(&j[cls], lv, homo, ag);
	}
}

/* The level of name part @part (0 family, 1 given) from the joints @j,
 * and the fold id that agreed: the strongest class that compares it (a
 * kanji disagreement whose reading agrees is a homophone). */
static void
part_level(const struct joint j[C_N], int part, enum scs_link_level *out,
    uint32_t *agree)
{
	const struct joint *h = &j[C_HAN];

	*out = SCS_LV_MISSING;
	*agree = 0;
	if (h->set && h->lv[part] != SCS_LV_MISSING) {
		enum scs_link_level l = h->lv[part];

		if (l <= SCS_LV_FOLDED) {
			*out = l;
			*agree = h->agree[part];
		} else if (h->homo[part] ||
		    (j[C_READ].set && j[C_READ].lv[part] <= SCS_LV_FOLDED) ||
		    (j[C_CROSS].set &&
		        j[C_CROSS].lv[part] == SCS_LV_HOMOPHONE)) {
			*out = SCS_LV_HOMOPHONE;
		} else {
			*out = l;
		}
		return;
	}
	/* no kanji on both sides: the best of the other readings
	 * (a former name in kanji may read as the record's kana) */
	for (int c = C_READ; c < C_N; c++)
		if (j[c].set && j[c].lv[part] < *out) {
			*out = j[c].lv[part];
			*agree = j[c].agree[part];
		}
}

/* The names of record @r against person @p: the best joint per class,
 * then per part the strongest class that compares it (a kanji
 * disagreement whose reading agrees is a homophone). */
static void
names_level(const struct scs_link_index *ix, const struct view *r,
    const struct view *p, enum scs_link_level out[2], uint32_t agree[2])
{
	struct joint j[C_N];
	size_t a, b;

	memset(j, 0, sizeof(j));
	for (a = 0; a < r->nform; a++)
		for (b = 0; b < p->nform; b++) {
			const struct lform *fa = &r->fm[a], *fb = &p->fm[b];

			if (fa->g == WHOLE || fb->g == WHOLE)
				consider_whole(ix, r, fa, p, fb, j);
			else
				consider_parts(r, fa, p, fb, j);
		}
	for (int part = 0; part < 2; part++)
		part_level(j, part, &out[part], &agree[part]);
}

static enum scs_link_level
dob_level(int32_t a, int32_t b)
{
	int diff = 0;

	if (a == 0 || b == 0)
		return SCS_LV_MISSING;
	if (a == b)
		return SCS_LV_EXACT;
	for (int32_t x = a, y = b; x > 0 || y > 0; x /= 10, y /= 10)
		diff += x % 10 != y % 10;
	/* day and month swapped: far rarer by chance than a digit */
	if (a / 10000 == b / 10000 && a % 100 == b / 100 % 100 &&
	    a / 100 % 100 == b % 100)
		return SCS_LV_SWAPPED;
	if (diff == 1)
		return SCS_LV_NEAR;
	return SCS_LV_DISAGREE;
}

static enum scs_link_level
nation_level(const struct view *a, const struct view *b)
{
	if (a->nnat == 0 || b->nnat == 0)
		return SCS_LV_MISSING;
	for (size_t i = 0; i < a->nnat; i++)
		for (size_t k = 0; k < b->nnat; k++)
			if (memcmp(a->nat[i], b->nat[k], 3) == 0)
				return SCS_LV_EXACT;
	return SCS_LV_DISAGREE;
}

/* The levels of record @r against person @p, and the fold ids that
 * agreed on the names. */
static void
compare(const struct scs_link_index *ix, const struct view *r,
    const struct view *p, enum scs_link_level lv[SCS_LF_N], uint32_t agree[2])
{
	names_level(ix, r, p, lv, agree);
	lv[SCS_LF_BIRTH] = dob_level(r->dob, p->dob);
	lv[SCS_LF_NATION] = nation_level(r, p);
}

/* ---- weights ---------------------------------------------------------- */

static double
weight(const struct scs_link_index *ix, const struct scs_link_model *m, int f,
    enum scs_link_level lv, uint32_t agree)
{
	double u = m->u[f][lv];

	if (lv == SCS_LV_MISSING)
		return 0;
	if (f <= SCS_LF_GIVEN && agree != 0 && lv <= SCS_LV_FOLDED &&
	    ix->tf[f] != NULL && agree <= ix->st.n) {
		double tf = (double)ix->tf[f][agree] / (double)ix->np;
		double floor = 1.0 / (double)ix->np;

		u = tf > floor ? tf : floor;
	}
	return log2(m->m[f][lv] / u);
}

/* How many persons hold the full name @name: 1 when only one does or
 * none. */
static uint32_t
name_count(const struct scs_link_index *ix, uint64_t name)
{
	size_t lo = 0, hi = ix->nnc;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->nc[mid].name < name)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->nnc && ix->nc[lo].name == name ? ix->nc[lo].n : 1;
}

/* The joint weight of link.h for the levels @lv and the fold ids that
 * agreed, @agree.  Two parts.  The full name: the field weights take a
 * family and a given name to be held independently, so a full name held
 * by more persons than that predicts (names that run together, as
 * foreign ones do by country) weighs that much less; never more (that a
 * name is rarer than its parts is seen on too few persons to trust).
 * The identity: the joint ratio of the model, when the birth date agrees
 * too. */
static double
joint(const struct scs_link_index *ix, const struct scs_link_model *m,
    const enum scs_link_level lv[SCS_LF_N], const uint32_t agree[2])
{
	double w = 0;

	if (lv[SCS_LF_FAMILY] > SCS_LV_FOLDED ||
	    lv[SCS_LF_GIVEN] > SCS_LV_FOLDED)
		return 0;
	if (agree[0] != 0 && agree[1] != 0 && ix->tf[0] != NULL &&
	    agree[0] <= ix->st.n && agree[1] <= ix->st.n && ix->np > 0) {
		double others =
		    name_count(ix, (uint64_t)agree[0] << 32 | agree[1]) - 1.0;
		double expect = (double)ix->tf[0][agree[0]] *
		    (double)ix->tf[1][agree[1]] / (double)ix->np;

		if (others > expect)
			w -= log2((others + 1) / (expect + 1));
	}
	if (lv[SCS_LF_BIRTH] == SCS_LV_EXACT && m->joint_ratio > 0)
		w -= log2(m->joint_ratio);
	return w;
}

/* ---- views ------------------------------------------------------------ */

static struct view
person_view(const struct scs_link_index *ix, size_t i)
{
	const struct pinfo *p = &ix->p[i];
	struct view v = {.t = ix->toks + p->tok,
	    .ntok = p->ntok,
	    .fm = ix->forms + p->form,
	    .nform = p->nform,
	    .dob = p->dob,
	    .nat = ix->nats + p->nat,
	    .nnat = p->nnat};

	return v;
}

static void
tok_ids(const struct scs_link_index *ix, struct strtab *st,
    const struct stok *s, struct ltok *t, int *rc)
{
	memset(t, 0, sizeof(*t));
	t->group = s->group;
	t->kana = s->kana;
	for (int k = 0; k < 3; k++)
		t->k[k] = st != NULL
		    ? str_intern(st, s->s[k], rc)
		    : str_find(&ix->st, s->s[k], fnv(FNV0, s->s[k]));
	for (size_t k = 0; k < s->nrd; k++)
		t->rd[k] = st != NULL
		    ? str_intern(st, s->rd[k], rc)
		    : str_find(&ix->st, s->rd[k], fnv(FNV0, s->rd[k]));
	t->nrd = (uint8_t)s->nrd;
}

/* A record made comparable with @ix's persons. */
static void
make_rec(const struct scs_link_index *ix, const struct scs_link_ident *id,
    struct parts *pt, struct rec *r)
{
	/* from zero: no token a form could name is left unset */
	memset(r, 0, sizeof(*r));
	make_parts(ix->nm, id, pt);
	for (size_t i = 0; i < pt->ntok; i++) {
		tok_ids(ix, NULL, &pt->tok[i], &r->t[i], NULL);
		memcpy(r->str[i], pt->tok[i].s, sizeof(r->str[i]));
	}
	memcpy(r->fm, pt->fm, pt->nform * sizeof(*r->fm));
	r->v.t = r->t;
	r->v.ntok = pt->ntok;
	r->v.fm = r->fm;
	r->v.nform = pt->nform;
	r->v.str = (const char(*)[3][SCS_NAME_KEY])r->str;
	r->v.dob = parse_dob(id->birth_date);
	r->v.nat = id->nationalities;
	r->v.nnat = id->nnationalities;
}

/* ---- blocking --------------------------------------------------------- */

enum { B_DOB = 1, B_NAME, B_PHON, B_FAMYEAR, B_GIVYEAR };

static uint64_t
bhash(int kind, const char *a, const char *b, int32_t n)
{
	uint64_t h = (FNV0 ^ (uint64_t)kind) * 1099511628211ULL;

	if (a != NULL)
		h = fnv(h, a);
	if (b != NULL)
		h = fnv(h, b);
	h = (h ^ (uint64_t)(uint32_t)n) * 1099511628211ULL;
	return h ^ h >> 29;
}

/* Blocking key @kind of @a, @b and @x added to @keys (@n of them so
 * far) unless there already or KEYS_MAX are, its kind beside it into
 * @kinds; the new count. */
static size_t
key_add(uint64_t *keys, uint8_t *kinds, size_t n, int kind, const char *a,
    const char *b, int32_t x)
{
	uint64_t k = bhash(kind, a, b, x);

	for (size_t i = 0; i < n; i++)
		if (keys[i] == k)
			return n;
	if (n == KEYS_MAX)
		return n;
	keys[n] = k;
	kinds[n] = (uint8_t)kind;
	return n + 1;
}

/* The blocking keys of form @fm of @v added to @keys and @kinds (@n so
 * far); the new count. */
static size_t
form_keys(const struct scs_link_index *ix, const struct view *v,
    const struct lform *fm, uint64_t *keys, uint8_t *kinds, size_t n)
{
	int32_t year = v->dob / 10000;
	size_t f = fm->f, g;

	if (fm->g == WHOLE) {
		n = key_add(keys, kinds, n, B_NAME, vstr(ix, v, f, S_FOLD),
		    NULL, 0);
		if (v->t[f].group == G_READ)
			n = key_add(keys, kinds, n, B_PHON,
			    vstr(ix, v, f, S_PHON), NULL, 0);
		return n;
	}
	for (int o = 0; o < (fm->swap ? 2 : 1); o++) {
		f = o ? fm->g : fm->f;
		g = o ? fm->f : fm->g;
		if (v->t[f].group == v->t[g].group) {
			n = key_add(keys, kinds, n, B_NAME,
			    vstr(ix, v, f, S_FOLD), vstr(ix, v, g, S_FOLD), 0);
			if (v->t[f].group == G_READ)
				n = key_add(keys, kinds, n, B_PHON,
				    vstr(ix, v, f, S_PHON),
				    vstr(ix, v, g, S_PHON), 0);
		}
		if (v->dob != 0) {
			n = key_add(keys, kinds, n, B_FAMYEAR,
			    vstr(ix, v, f, S_FOLD), NULL, year);
			n = key_add(keys, kinds, n, B_GIVYEAR,
			    vstr(ix, v, g, S_FOLD), NULL, year);
		}
	}
	return n;
}

/* The blocking keys of @v (at most KEYS_MAX) into @keys; their kinds
 * into @kinds. */
static size_t
block_keys(const struct scs_link_index *ix, const struct view *v,
    uint64_t *keys, uint8_t *kinds)
{
	size_t n = 0;

	if (v->dob != 0)
		n = key_add(keys, kinds, n, B_DOB, NULL, NULL, v->dob);
	for (size_t i = 0; i < v->nform; i++)
		n = form_keys(ix, v, &v->fm[i], keys, kinds, n);
	return n;
}

/* The persons under blocking key @k: [*@lo, *@hi) of ix->bk. */
static void
block_range(const struct scs_link_index *ix, uint64_t k, size_t *lo, size_t *hi)
{
	size_t a = 0, b = ix->nbk;

	while (a < b) {
		size_t mid = a + (b - a) / 2;

		if (ix->bk[mid].key < k)
			a = mid + 1;
		else
			b = mid;
	}
	*lo = a;
	for (b = a; b < ix->nbk && ix->bk[b].key == k; b++)
		;
	*hi = b;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The candidates of @v into @out (CANDS_MAX), sorted, each once; only
 * blocks of kinds in @mask (bit per kind). */
static size_t
candidates(const struct scs_link_index *ix, const struct view *v, unsigned mask,
    uint32_t *out)
{
	uint64_t keys[KEYS_MAX];
	uint8_t kinds[KEYS_MAX];
	size_t nk = block_keys(ix, v, keys, kinds), n = 0, m = 0, i, lo, hi;

	for (i = 0; i < nk; i++) {
		if (!(mask >> kinds[i] & 1))
			continue;
		block_range(ix, keys[i], &lo, &hi);
		if (hi - lo > BLOCK_MAX)
			continue;
		for (; lo < hi && n < CANDS_MAX; lo++)
			out[n++] = ix->bk[lo].person;
	}
	qsort(out, n, sizeof(*out), cmp_u32);
	for (i = 0; i < n; i++)
		if (m == 0 || out[m - 1] != out[i])
			out[m++] = out[i];
	return m;
}

/* ---- the index -------------------------------------------------------- */

struct scs_link_index *
scs_link_index_new(const struct scs_namer *nm)
{
	struct scs_link_index *ix = calloc(1, sizeof(*ix));

	if (ix != NULL)
		ix->nm = nm;
	return ix;
}

void
scs_link_index_free(struct scs_link_index *ix)
{
	if (ix == NULL)
		return;
	free(ix->st.slot);
	free(ix->st.arena);
	free(ix->st.off);
	free(ix->p);
	free(ix->toks);
	free(ix->forms);
	free(ix->nats);
	free(ix->bk);
	free(ix->tf[0]);
	free(ix->tf[1]);
	free(ix->nc);
	free(ix);
}

size_t
scs_link_index_count(const struct scs_link_index *ix)
{
	return ix->np;
}

static int
reserve(void **p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 1024;
	void *q;

	if (need <= *cap)
		return SCS_OK;
	while (c < need)
		c *= 2;
	if ((q = realloc(*p, c * size)) == NULL)
		return SCS_ENOMEM;
	*p = q;
	*cap = c;
	return SCS_OK;
}

int
scs_link_index_add(struct scs_link_index *ix, const struct scs_link_ident *id)
{
	struct parts *pt = malloc(sizeof(*pt));
	struct pinfo *p;
	struct view v;
	uint64_t keys[KEYS_MAX];
	uint8_t kinds[KEYS_MAX];
	size_t n, i, nk;
	int rc = SCS_OK;

	if (pt == NULL)
		return SCS_ENOMEM;
	if (ix->sealed) {
		free(pt);
		return SCS_EINVAL;
	}
	make_parts(ix->nm, id, pt);
	n = pt->ntok;
	if (reserve((void **)&ix->p, &ix->pcap, ix->np + 1, sizeof(*ix->p)) ||
	    reserve((void **)&ix->toks, &ix->tcap, ix->ntoks + n,
	        sizeof(*ix->toks)) ||
	    reserve((void **)&ix->forms, &ix->fcap, ix->nforms + pt->nform,
	        sizeof(*ix->forms)) ||
	    reserve((void **)&ix->nats, &ix->ncap,
	        ix->nnats + id->nnationalities, sizeof(*ix->nats))) {
		free(pt);
		return SCS_ENOMEM;
	}
	p = &ix->p[ix->np];
	memset(p, 0, sizeof(*p));
	p->tok = (uint32_t)ix->ntoks;
	p->form = (uint32_t)ix->nforms;
	for (i = 0; i < n; i++)
		tok_ids(ix, &ix->st, &pt->tok[i], &ix->toks[ix->ntoks + i],
		    &rc);
	memcpy(ix->forms + ix->nforms, pt->fm, pt->nform * sizeof(*pt->fm));
	p->ntok = (uint8_t)n;
	p->nform = (uint8_t)pt->nform;
	free(pt);
	if (rc != SCS_OK)
		return rc;
	p->dob = parse_dob(id->birth_date);
	p->nat = (uint32_t)ix->nnats;
	for (i = 0; i < id->nnationalities && i < 255; i++) {
		memcpy(ix->nats[ix->nnats], id->nationalities[i], 4);
		ix->nats[ix->nnats++][3] = '\0';
		p->nnat++;
	}
	ix->ntoks += p->ntok;
	ix->nforms += p->nform;
	ix->np++;
	v = person_view(ix, ix->np - 1);
	nk = block_keys(ix, &v, keys, kinds);
	if (reserve((void **)&ix->bk, &ix->bcap, ix->nbk + nk,
	        sizeof(*ix->bk)) != SCS_OK)
		return SCS_ENOMEM;
	for (i = 0; i < nk; i++) {
		ix->bk[ix->nbk].key = keys[i];
		ix->bk[ix->nbk++].person = (uint32_t)(ix->np - 1);
	}
	return SCS_OK;
}

/* LSD radix sort of @n keys @a by key, 16 bits a pass. */
static int
sort_bkeys(struct bkey *a, size_t n)
{
	struct bkey *tmp = malloc(n * sizeof(*tmp) + 1), *b = tmp, *t;
	size_t *count = calloc(65536, sizeof(*count)), i;

	if (tmp == NULL || count == NULL) {
		free(tmp);
		free(count);
		return SCS_ENOMEM;
	}
	for (int shift = 0; shift < 64; shift += 16) {
		size_t sum = 0;

		memset(count, 0, 65536 * sizeof(*count));
		for (i = 0; i < n; i++)
			count[a[i].key >> shift & 0xffff]++;
		for (i = 0; i < 65536; i++) {
			size_t c = count[i];

			count[i] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			b[count[a[i].key >> shift & 0xffff]++] = a[i];
		t = a, a = b, b = t;
	}
	/* four passes: the sorted array is back in @a */
	free(tmp);
	free(count);
	return SCS_OK;
}

static int
sort_keys(struct scs_link_index *ix)
{
	return sort_bkeys(ix->bk, ix->nbk);
}

/* ---- the model -------------------------------------------------------- */

static const double m_default[SCS_LF_N][SCS_LV_N] = {
    [SCS_LF_FAMILY] = {0.85, 0.08, 0.02, 0.02, 0, 0, 0.03, 0},
    [SCS_LF_GIVEN] = {0.85, 0.08, 0.02, 0.02, 0, 0, 0.03, 0},
    [SCS_LF_BIRTH] = {0.90, 0, 0, 0, 0.05, 0.02, 0.03, 0},
    [SCS_LF_NATION] = {0.97, 0, 0, 0, 0, 0, 0.03, 0},
};

static bool
used(int f, int l)
{
	return m_default[f][l] > 0;
}

static void
model_default(struct scs_link_model *m)
{
	memcpy(m->m, m_default, sizeof(m->m));
	m->prior = 0.05;
	m->link_at = 0.99;
	m->review_at = 0.05;
	m->em_pairs = 0;
	m->em_iterations = 0;
	m->name_pairs = m->identity_pairs = 0;
	m->joint_ratio = 1;
}

/* u: levels of random pairs of persons, one of them taken as a record
 * with a single nationality as feeds give it. */
static void
estimate_u(const struct scs_link_index *ix, size_t pairs,
    struct scs_link_model *m)
{
	double cnt[SCS_LF_N][SCS_LV_N] = {{0}};
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	size_t done = 0;

	for (size_t k = 0; k < pairs && ix->np > 1; k++) {
		enum scs_link_level lv[SCS_LF_N];
		uint32_t agree[2];
		size_t i, j;
		struct view a, b;

		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		i = (size_t)(s % ix->np);
		s ^= s << 13, s ^= s >> 7, s ^= s << 17;
		j = (size_t)(s % ix->np);
		if (i == j)
			continue;
		a = person_view(ix, i);
		b = person_view(ix, j);
		if (a.nnat > 1)
			a.nnat = 1;
		compare(ix, &a, &b, lv, agree);
		for (int f = 0; f < SCS_LF_N; f++)
			cnt[f][lv[f]]++;
		done++;
	}
	m->u_pairs = done;
	for (int f = 0; f < SCS_LF_N; f++) {
		double tot = 0;

		for (int l = 0; l < SCS_LV_MISSING; l++)
			if (used(f, l))
				tot += cnt[f][l];
		for (int l = 0; l < SCS_LV_N; l++) {
			double floor = 0.5 / (tot > 0 ? tot : 1);

			m->u[f][l] = tot > 0 ? cnt[f][l] / tot : 0;
			if (m->u[f][l] < floor)
				m->u[f][l] = floor;
		}
		m->u[f][SCS_LV_MISSING] = 1;
	}
}

/* Count fold id @id in part @f of ix->tf once per person: not when 0 or
 * among @seen (the person's @nseen so far), to which it is added. */
static void
count_once(struct scs_link_index *ix, int f, uint32_t id, uint32_t *seen,
    size_t *nseen)
{
	size_t j;

	for (j = 0; j < *nseen; j++)
		if (seen[j] == id)
			return;
	if (id == 0)
		return;
	seen[(*nseen)++] = id;
	ix->tf[f][id]++;
}

/* Count person @i's family and given fold ids into ix->tf. */
static void
count_person(struct scs_link_index *ix, size_t i)
{
	struct view v = person_view(ix, i);
	uint32_t seen[2][FORMS_MAX * 2];
	size_t nseen[2] = {0, 0};

	for (size_t k = 0; k < v.nform; k++) {
		const struct lform *fm = &v.fm[k];

		if (fm->g == WHOLE)
			continue;
		for (int o = 0; o < (fm->swap ? 2 : 1); o++) {
			uint32_t id[2] = {v.t[o ? fm->g : fm->f].k[S_FOLD],
			    v.t[o ? fm->f : fm->g].k[S_FOLD]};

			for (int f = 0; f < 2; f++)
				count_once(ix, f, id[f], seen[f], &nseen[f]);
		}
	}
}

/* The full names person @i holds (each family and given fold id pair
 * of its forms, in either order where the order is not known, once) into
 * @out; how many. */
static size_t
person_names(const struct scs_link_index *ix, size_t i, uint64_t *out)
{
	struct view v = person_view(ix, i);
	size_t n = 0;

	for (size_t k = 0; k < v.nform; k++) {
		const struct lform *fm = &v.fm[k];

		if (fm->g == WHOLE)
			continue;
		for (int o = 0; o < (fm->swap ? 2 : 1); o++) {
			uint32_t a = v.t[o ? fm->g : fm->f].k[S_FOLD];
			uint32_t b = v.t[o ? fm->f : fm->g].k[S_FOLD];
			uint64_t key = (uint64_t)a << 32 | b;
			size_t j;

			if (a == 0 || b == 0)
				continue;
			for (j = 0; j < n && out[j] != key; j++)
				;
			if (j == n)
				out[n++] = key;
		}
	}
	return n;
}

/* How many persons hold each full name, into ix->nc: only the names held
 * by two or more (the rest are the person's own).  SCS_OK or
 * SCS_ENOMEM. */
static int
count_names(struct scs_link_index *ix)
{
	struct bkey *all = NULL;
	size_t n = 0, cap = 0, k;
	uint64_t mine[FORMS_MAX * 2];
	int rc = SCS_OK;

	for (size_t i = 0; i < ix->np && rc == SCS_OK; i++) {
		size_t m = person_names(ix, i, mine);

		if ((rc = reserve((void **)&all, &cap, n + m, sizeof(*all))) !=
		    SCS_OK)
			break;
		for (k = 0; k < m; k++) {
			all[n].key = mine[k];
			all[n++].person = (uint32_t)i;
		}
	}
	if (rc == SCS_OK && n > 0)
		rc = sort_bkeys(all, n);
	if (rc == SCS_OK && n > 0 &&
	    (ix->nc = malloc(n * sizeof(*ix->nc))) == NULL)
		rc = SCS_ENOMEM;
	for (size_t i = 0, j; rc == SCS_OK && i < n; i = j) {
		for (j = i + 1; j < n && all[j].key == all[i].key; j++)
			;
		if (j - i < 2)
			continue;
		ix->nc[ix->nnc].name = all[i].key;
		ix->nc[ix->nnc++].n = (uint32_t)(j - i);
	}
	free(all);
	return rc;
}

/* How many persons hold each fold id as family and as given name, into
 * ix->tf.  SCS_OK or SCS_ENOMEM. */
static int
count_terms(struct scs_link_index *ix)
{
	for (int f = 0; f < 2; f++)
		if ((ix->tf[f] = calloc(ix->st.n + 1, sizeof(*ix->tf[f]))) ==
		    NULL)
			return SCS_ENOMEM;
	/* each person counts once per fold id and part */
	for (size_t i = 0; i < ix->np; i++)
		count_person(ix, i);
	return SCS_OK;
}

/* A person's name and birth date, for measure_joint(). */
struct ident_key {
	uint64_t name; /* family fold id << 32 | given fold id */
	int32_t dob;
};

static int
ident_cmp(const void *a, const void *b)
{
	const struct ident_key *x = a, *y = b;

	if (x->name != y->name)
		return x->name < y->name ? -1 : 1;
	return (x->dob > y->dob) - (x->dob < y->dob);
}

/* The joint ratio of link.h into @m (after estimate_u): every person with
 * a birth date, by the family and given name of its first form (as
 * written first: the register's own name). */
static int
measure_joint(const struct scs_link_index *ix, struct scs_link_model *m)
{
	struct ident_key *k = malloc((ix->np + 1) * sizeof(*k));
	size_t n = 0, names = 0, idents = 0;
	double expect;

	if (k == NULL)
		return SCS_ENOMEM;
	for (size_t i = 0; i < ix->np; i++) {
		struct view v = person_view(ix, i);
		const struct lform *fm = NULL;

		for (size_t j = 0; j < v.nform && fm == NULL; j++)
			if (v.fm[j].g != WHOLE)
				fm = &v.fm[j];
		if (fm == NULL || v.dob == 0 || v.t[fm->f].k[S_FOLD] == 0 ||
		    v.t[fm->g].k[S_FOLD] == 0)
			continue;
		k[n].name =
		    (uint64_t)v.t[fm->f].k[S_FOLD] << 32 | v.t[fm->g].k[S_FOLD];
		k[n++].dob = v.dob;
	}
	qsort(k, n, sizeof(*k), ident_cmp);
	/* runs of one name, and within them of one birth date: each run of
	 * r makes r(r-1)/2 pairs */
	for (size_t i = 0, j; i < n; i = j) {
		size_t r = 1;

		for (j = i + 1; j < n && k[j].name == k[i].name; j++) {
			r = k[j].dob == k[j - 1].dob ? r + 1 : 1;
			idents += r - 1;
		}
		names += (j - i) * (j - i - 1) / 2;
	}
	free(k);
	m->name_pairs = names;
	m->identity_pairs = idents;
	expect = (double)names * m->u[SCS_LF_BIRTH][SCS_LV_EXACT];
	m->joint_ratio = ((double)idents + 1) / (expect + 1);
	if (m->joint_ratio < JOINT_MIN)
		m->joint_ratio = JOINT_MIN;
	if (m->joint_ratio > JOINT_MAX)
		m->joint_ratio = JOINT_MAX;
	return SCS_OK;
}

int
scs_link_index_seal(struct scs_link_index *ix, size_t upairs,
    struct scs_link_model *model)
{
	if (!ix->sealed) {
		if (sort_keys(ix) != SCS_OK || count_terms(ix) != SCS_OK ||
		    count_names(ix) != SCS_OK)
			return SCS_ENOMEM;
		ix->sealed = true;
	}
	model_default(model);
	estimate_u(ix, upairs, model);
	return measure_joint(ix, model);
}

static size_t
pattern(const enum scs_link_level lv[SCS_LF_N])
{
	return (size_t)lv[0] +
	    SCS_LV_N *
	    ((size_t)lv[1] +
	        SCS_LV_N * ((size_t)lv[2] + SCS_LV_N * (size_t)lv[3]));
}

/* A match whose name or birth date disagrees is a clerical error, rare
 * by nature: at most DISAGREE_MAX of matches.  Without this bound EM
 * takes the look-alikes that blocking gathers (namesakes born on another
 * day, a sibling's given name with the family name and birth date) for a
 * class of matches that disagree, which conditional independence cannot
 * tell apart from them. */
#define DISAGREE_MAX 0.05

static void
cap_disagree(double *m, int f)
{
	double rest = 0;

	if (f == SCS_LF_NATION || m[SCS_LV_DISAGREE] <= DISAGREE_MAX)
		return;
	for (int l = 0; l < SCS_LV_MISSING; l++)
		if (l != SCS_LV_DISAGREE)
			rest += m[l];
	for (int l = 0; l < SCS_LV_MISSING; l++)
		if (l != SCS_LV_DISAGREE && rest > 0)
			m[l] *= (1 - DISAGREE_MAX) / rest;
	m[SCS_LV_DISAGREE] = DISAGREE_MAX;
}

/* The E step of em(): each pattern of @c weighed by the posterior that
 * its pairs match under @m, @u and the share @lambda, summed per field
 * and level into @am (matches) and @au (not); the expected matches. */
static double
em_expect(const double *c, unsigned mask, double lambda,
    double m[SCS_LF_N][SCS_LV_N], double u[SCS_LF_N][SCS_LV_N],
    double am[SCS_LF_N][SCS_LV_N], double au[SCS_LF_N][SCS_LV_N])
{
	double sg = 0;

	for (size_t p = 0; p < NPATTERNS; p++) {
		size_t q = p;
		double pm = lambda, pu = 1 - lambda, g;
		int lv[SCS_LF_N];

		if (c[p] == 0)
			continue;
		for (int f = 0; f < SCS_LF_N; f++, q /= SCS_LV_N) {
			lv[f] = (int)(q % SCS_LV_N);
			if (lv[f] == SCS_LV_MISSING || !(mask >> f & 1))
				continue;
			pm *= m[f][lv[f]];
			pu *= u[f][lv[f]];
		}
		g = pm + pu > 0 ? pm / (pm + pu) : 0;
		sg += c[p] * g;
		for (int f = 0; f < SCS_LF_N; f++) {
			am[f][lv[f]] += c[p] * g;
			au[f][lv[f]] += c[p] * (1 - g);
		}
	}
	return sg;
}

/* The M step of em() for field @f: its m into @m (with the Dirichlet
 * prior at the defaults, the disagreement capped) and its u into @u from
 * the sums @am and @au; the change of m added to *@delta. */
static void
em_maximize(int f, double am[SCS_LF_N][SCS_LV_N], double au[SCS_LF_N][SCS_LV_N],
    double m[SCS_LF_N][SCS_LV_N], double u[SCS_LF_N][SCS_LV_N], double *delta)
{
	double tm = 0, tu = 0;

	for (int l = 0; l < SCS_LV_MISSING; l++)
		if (used(f, l)) {
			tm += am[f][l] + 50 * m_default[f][l];
			tu += au[f][l];
		}
	for (int l = 0; l < SCS_LV_MISSING; l++) {
		double v;

		if (!used(f, l))
			continue;
		v = (am[f][l] + 50 * m_default[f][l]) / tm;
		*delta += fabs(v - m[f][l]);
		m[f][l] = v;
		u[f][l] = tu > 0 ? (au[f][l] + 0.5) / (tu + 1) : u[f][l];
	}
	cap_disagree(m[f], f);
}

/* EM over the pattern counts @c of candidate pairs: m and the u of the
 * candidates (not of random pairs: blocking makes strangers agree more
 * often than chance, so u is estimated along) with the share of matches,
 * conditional independence between fields.  Starts from the defaults
 * and from u of random pairs, and holds a Dirichlet prior of 50 pairs at
 * the defaults, so a small feed cannot run off.  The m found into @out.
 * Returns the iterations, 0 when it gave up. */
static int
em(const double *c, unsigned mask, const struct scs_link_model *m,
    double out[SCS_LF_N][SCS_LV_N])
{
	double u[SCS_LF_N][SCS_LV_N], lambda = 0.01, total = 0;
	int it;

	for (size_t p = 0; p < NPATTERNS; p++)
		total += c[p];
	if (total < 1000)
		return 0;
	memcpy(out, m->m, sizeof(m->m));
	memcpy(u, m->u, sizeof(u));
	for (it = 1; it <= 500; it++) {
		double am[SCS_LF_N][SCS_LV_N] = {{0}};
		double au[SCS_LF_N][SCS_LV_N] = {{0}};
		double sg, delta = 0;

		sg = em_expect(c, mask, lambda, out, u, am, au);
		lambda = sg / total;
		if (lambda < 1e-9 || lambda > 0.999)
			return 0;
		for (int f = 0; f < SCS_LF_N; f++)
			if (mask >> f & 1)
				em_maximize(f, am, au, out, u, &delta);
		if (delta < 1e-8)
			break;
	}
	return it;
}

void
scs_link_estimate(const struct scs_link_index *ix,
    const struct scs_link_ident *recs, size_t nrecs, size_t sample,
    struct scs_link_model *model)
{
	double *c[2];
	uint32_t *cand = malloc(CANDS_MAX * sizeof(*cand));
	struct parts *pt = malloc(sizeof(*pt));
	struct rec *r = malloc(sizeof(*r));
	double mm[2][SCS_LF_N][SCS_LV_N];
	size_t step, used_pairs = 0;
	int it[2];

	c[0] = calloc(NPATTERNS, sizeof(double));
	c[1] = calloc(NPATTERNS, sizeof(double));
	if (cand == NULL || pt == NULL || r == NULL || c[0] == NULL ||
	    c[1] == NULL || nrecs == 0 || ix->np == 0)
		goto done;
	step = sample > 0 && nrecs > sample ? nrecs / sample : 1;
	for (size_t i = 0; i < nrecs; i += step) {
		make_rec(ix, &recs[i], pt, r);
		for (int pass = 0; pass < 2; pass++) {
			size_t n = candidates(ix, &r->v,
			    pass == 0 ? 1U << B_DOB : 1U << B_NAME, cand);

			for (size_t k = 0; k < n; k++) {
				struct view pv = person_view(ix, cand[k]);
				enum scs_link_level lv[SCS_LF_N];
				uint32_t agree[2];

				compare(ix, &r->v, &pv, lv, agree);
				c[pass][pattern(lv)]++;
				used_pairs++;
			}
		}
	}
	/* Each pass estimates what it does not block on: the pairs born on
	 * one day tell how names agree for a match, the pairs of one name
	 * how birth dates do (blocked fields agree by construction). */
	it[0] = em(c[0],
	    1U << SCS_LF_FAMILY | 1U << SCS_LF_GIVEN | 1U << SCS_LF_NATION,
	    model, mm[0]);
	it[1] = em(c[1], 1U << SCS_LF_BIRTH, model, mm[1]);
	model->em_pairs = used_pairs;
	model->em_iterations = it[0] > it[1] ? it[0] : it[1];
	/* An estimate that makes a field agree for a match no more often
	 * than it disagrees is a failed one: the defaults stay. */
	for (int f = 0; f < SCS_LF_N; f++) {
		int pass = f == SCS_LF_BIRTH ? 1 : 0;

		if (it[pass] > 0 &&
		    mm[pass][f][SCS_LV_EXACT] > mm[pass][f][SCS_LV_DISAGREE])
			memcpy(model->m[f], mm[pass][f], sizeof(model->m[f]));
	}
done:
	free(c[0]);
	free(c[1]);
	free(cand);
	free(pt);
	free(r);
}

/* ---- matching --------------------------------------------------------- */

/* The posterior probability that the record is about the person scored
 * @score, when the other candidates score @rest together (log2 of the sum
 * of their 2^score; -inf for none): the record is about at most one
 * person, a share m->prior of records are about someone, and each of the
 * register's persons is as likely as any other beforehand. */
static double
probability(const struct scs_link_index *ix, const struct scs_link_model *m,
    double score, double rest)
{
	double prior = m->prior > 1e-6 ? m->prior : 1e-6;
	double n = ix->np > 0 ? (double)ix->np : 1;
	double top = score - log2(n), all = top;

	if (rest > -INFINITY) {
		double r = rest - log2(n), hi = all > r ? all : r;

		all = hi + log2(exp2(all - hi) + exp2(r - hi));
	}
	/* P = prior 2^top / ((1 - prior) + prior 2^all), in logs */
	{
		double a = log2(prior) + top;
		double b = log2(1 - prior), c = log2(prior) + all;
		double hi = b > c ? b : c;
		double den = hi + log2(exp2(b - hi) + exp2(c - hi));

		return exp2(a - den);
	}
}

/* The stand-down rule (link.h). */
static bool
stands(const enum scs_link_level lv[SCS_LF_N])
{
	return lv[SCS_LF_FAMILY] != SCS_LV_DISAGREE &&
	    lv[SCS_LF_GIVEN] != SCS_LV_DISAGREE &&
	    lv[SCS_LF_BIRTH] != SCS_LV_DISAGREE &&
	    !(lv[SCS_LF_FAMILY] == SCS_LV_MISSING &&
	        lv[SCS_LF_GIVEN] == SCS_LV_MISSING);
}

static void
decide(const struct scs_link_index *ix, const struct scs_link_model *m,
    struct scs_link_result *r)
{
	double p;

	r->decision = SCS_LINK_NONE;
	if (r->person < 0)
		return;
	p = r->probability = probability(ix, m, r->score, r->rest);
	r->ambiguous = r->stands && r->second > -INFINITY &&
	    r->score - r->second < AMBIGUOUS &&
	    probability(ix, m, r->second, -INFINITY) >= m->review_at;
	if (!r->stands || p < m->review_at)
		return;
	r->decision = SCS_LINK_REVIEW;
	/* A link accuses someone without a person looking first: it needs
	 * both names spelled alike (not only sounding alike), the very birth
	 * date, no other nationality and no rival. */
	if (p >= m->link_at && !r->ambiguous &&
	    r->level[SCS_LF_BIRTH] == SCS_LV_EXACT &&
	    r->level[SCS_LF_FAMILY] <= SCS_LV_FOLDED &&
	    r->level[SCS_LF_GIVEN] <= SCS_LV_FOLDED &&
	    r->level[SCS_LF_NATION] != SCS_LV_DISAGREE)
		r->decision = SCS_LINK_LINK;
}

void
scs_link_match(const struct scs_link_index *ix,
    const struct scs_link_model *model, const struct scs_link_ident *id,
    struct scs_link_result *out)
{
	uint32_t *cand = malloc(CANDS_MAX * sizeof(*cand));
	struct parts *pt = malloc(sizeof(*pt));
	struct rec *r = malloc(sizeof(*r));
	double total = -INFINITY;
	size_t n;

	memset(out, 0, sizeof(*out));
	out->person = -1;
	out->second = out->rest = -INFINITY;
	for (int f = 0; f < SCS_LF_N; f++)
		out->level[f] = SCS_LV_MISSING;
	if (cand == NULL || pt == NULL || r == NULL)
		goto done;
	make_rec(ix, id, pt, r);
	n = candidates(ix, &r->v, ~0U, cand);
	out->candidates = n;
	total = -INFINITY;
	/* The best candidate that stands, and the next; else the best. */
	for (size_t k = 0; k < n; k++) {
		struct view pv = person_view(ix, cand[k]);
		enum scs_link_level lv[SCS_LF_N];
		uint32_t agree[2];
		double w[SCS_LF_N], s = 0, j;
		bool st;

		compare(ix, &r->v, &pv, lv, agree);
		for (int f = 0; f < SCS_LF_N; f++) {
			w[f] = weight(ix, model, f, lv[f],
			    f <= SCS_LF_GIVEN ? agree[f] : 0);
			s += w[f];
		}
		j = joint(ix, model, lv, agree);
		s += j;
		st = stands(lv);
		total = total == -INFINITY ? s
		    : total > s            ? total + log2(1 + exp2(s - total))
		                           : s + log2(1 + exp2(total - s));
		if (out->person < 0 || (st && !out->stands) ||
		    (st == out->stands && s > out->score)) {
			if (out->person >= 0 && out->stands)
				out->second = out->score;
			out->person = (long)cand[k];
			out->score = s;
			out->stands = st;
			memcpy(out->weight, w, sizeof(w));
			out->joint = j;
			memcpy(out->level, lv, sizeof(lv));
		} else if (st && s > out->second) {
			out->second = s;
		}
	}
	/* the others: the total less the best */
	out->rest = -INFINITY;
	if (out->person >= 0 && total > out->score + 1e-9)
		out->rest = total + log2(1 - exp2(out->score - total));
	decide(ix, model, out);
done:
	free(cand);
	free(pt);
	free(r);
}

void
scs_link_decide(const struct scs_link_index *ix, struct scs_link_model *model,
    struct scs_link_result *res, size_t n)
{
	double prior = model->prior;

	if (n == 0)
		return;
	for (int it = 0; it < 50; it++) {
		double sum = 0, next;

		for (size_t i = 0; i < n; i++)
			if (res[i].person >= 0 && res[i].stands)
				sum += probability(ix, model, res[i].score,
				    res[i].rest);
		next = sum / (double)n;
		if (next < 1e-4)
			next = 1e-4;
		if (next > 0.5)
			next = 0.5;
		model->prior = next;
		if (fabs(next - prior) < 1e-6)
			break;
		prior = next;
	}
	for (size_t i = 0; i < n; i++)
		decide(ix, model, &res[i]);
}

const char *
scs_link_field_name(enum scs_link_field f)
{
	static const char *const names[] = {"family", "given", "birth_date",
	    "nationality"};

	return f < SCS_LF_N ? names[f] : NULL;
}

const char *
scs_link_level_name(enum scs_link_level l)
{
	static const char *const names[] = {"exact", "folded", "phonetic",
	    "homophone", "near", "swapped", "disagree", "missing"};

	return l < SCS_LV_N ? names[l] : NULL;
}

const char *
scs_link_decision_name(enum scs_link_decision d)
{
	static const char *const names[] = {"none", "review", "link"};

	return d <= SCS_LINK_LINK ? names[d] : NULL;
}
