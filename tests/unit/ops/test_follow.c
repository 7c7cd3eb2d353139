/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_follow.c - unit tests for src/ops/follow.c on a real register
 * (SQLite): changes made through the operations, of every kind the
 * decision reads, are followed from the audit log into an updated index
 * that decides as a full build of the register does; what cannot be
 * followed (a country changed, a log that is not the one followed, a
 * position past its end) asks for a full build and leaves the position
 * as it was; entries that change no decision input move the position and
 * make no new index.
 */
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

#include "scs/index.h"

#define DAY    86400
#define NOW    (test_now_us / 1000000)
#define NPER   6
#define NITEMS 4

struct fixture {
	struct test_reg r;
	struct scs_refdata rd;
	struct scs_index *ix; /* followed */
	struct scs_index_pos pos;
	char persons[32][SCS_ID_MAX + 1];
	size_t npersons;
	char items[16][SCS_ID_MAX + 1];
	size_t nitems;
	uint64_t rng;
	size_t updates, builds;
};

#define SET(dst, src) (void)snprintf((dst), sizeof(dst), "%s", (src))

static size_t
pick(struct fixture *f, size_t n)
{
	f->rng ^= f->rng << 13;
	f->rng ^= f->rng >> 7;
	f->rng ^= f->rng << 17;
	return (size_t)(f->rng % n);
}

static void
ok(int rc, const struct scs_err *err, const char *what)
{
	if (rc != SCS_OK)
		fail_msg("%s: %d %s: %s", what, rc, err->field, err->reason);
}

static void
org(struct fixture *f, const char *id, enum scs_org_type type,
    const char *country, int update)
{
	struct scs_org o;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	SET(o.id, id);
	SET(o.name, id);
	o.type = type;
	SET(o.country, country);
	ok(update ? scs_op_org_update(&f->r.ctx, &o, &err)
	          : scs_op_org_create(&f->r.ctx, &o, &err),
	    &err, "org");
}

static void
person(struct fixture *f, const char *id, const char *employer, const char *nat,
    int update)
{
	struct scs_person p;
	struct scs_err err;

	memset(&p, 0, sizeof(p));
	SET(p.id, id);
	SET(p.name, "山田 太郎");
	SET(p.name_latin, "YAMADA Taro");
	SET(p.birth_date, "1980-04-01");
	SET(p.nationalities[0], nat);
	p.nnationalities = 1;
	SET(p.org, employer);
	ok(update ? scs_op_person_update(&f->r.ctx, &p, &err)
	          : scs_op_person_create(&f->r.ctx, &p, NULL, &err),
	    &err, "person");
	if (!update)
		SET(f->persons[f->npersons++], id);
}

/* Create @r, or update it when one with its key exists. */
static void
put(struct fixture *f, struct scs_record *r)
{
	struct scs_err err;
	int rc = scs_op_rec_create(&f->r.ctx, r, &err);

	if (rc == SCS_ECONFLICT)
		rc = scs_op_rec_update(&f->r.ctx, r, &err);
	ok(rc, &err, scs_kind_name(r->kind));
}

static void
clearance(struct fixture *f, const char *p, const char *level,
    enum scs_clearance_status st, int64_t from, int64_t until)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_CLEARANCE);
	SET(r.u.clearance.person, p);
	SET(r.u.clearance.authority,
	    strcmp(level, "TOKUTEI_HIMITSU") == 0 ? "JPN-SDS" : "JPN-MOD");
	SET(r.u.clearance.level, level);
	r.u.clearance.status = st;
	r.u.clearance.valid_from = from;
	r.u.clearance.valid_until = until;
	put(f, &r);
}

static void
briefing(struct fixture *f, const char *p, const char *comp, int64_t until)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_BRIEFING);
	SET(r.u.briefing.person, p);
	SET(r.u.briefing.compartment, comp);
	r.u.briefing.has_nda = true;
	r.u.briefing.nda_signed = NOW - 30 * DAY;
	r.u.briefing.valid_from = NOW - 30 * DAY;
	r.u.briefing.valid_until = until;
	put(f, &r);
}

static void
membership(struct fixture *f, const char *p, const char *prog, int64_t until)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_MEMBERSHIP);
	SET(r.u.membership.person, p);
	SET(r.u.membership.program, prog);
	r.u.membership.valid_from = NOW - 30 * DAY;
	r.u.membership.valid_until = until;
	put(f, &r);
}

static void
suspension(struct fixture *f, const char *p, int64_t until)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_SUSPENSION);
	SET(r.u.suspension.person, p);
	r.u.suspension.valid_from = NOW - 2 * DAY;
	r.u.suspension.valid_until = until;
	SET(r.u.suspension.reason, "test");
	put(f, &r);
}

static void
conforming(struct fixture *f, const char *o, const char *level, int64_t until)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_CONFORMING);
	SET(r.u.conforming.org, o);
	SET(r.u.conforming.authority, "JPN-MOD");
	SET(r.u.conforming.level, level);
	SET(r.u.conforming.organ, "mod");
	r.u.conforming.valid_from = NOW - 100 * DAY;
	r.u.conforming.valid_until = until;
	put(f, &r);
}

static void
item(struct fixture *f, const char *id, const char *level, const char *comp,
    const char *prog, const char *rel)
{
	struct scs_record r;

	scs_record_init(&r, SCS_KIND_ITEM);
	SET(r.u.item.id, id);
	SET(r.u.item.title, id);
	SET(r.u.item.owner, "mod");
	r.u.item.field = SCS_FIELD_DEFENSE;
	SET(r.u.item.authority, "JPN-MOD");
	SET(r.u.item.level, level);
	if (comp != NULL)
		SET(r.u.item.compartments[r.u.item.ncompartments++], comp);
	if (prog != NULL)
		SET(r.u.item.programs[r.u.item.nprograms++], prog);
	if (rel != NULL)
		SET(r.u.item.releasable_to[r.u.item.nreleasable_to++], rel);
	r.u.item.valid_from = NOW - 100 * DAY;
	r.u.item.valid_until = NOW + 1000 * DAY;
	put(f, &r);
	SET(f->items[f->nitems++], id);
}

static void
label(struct fixture *f, enum scs_kind kind, const char *id)
{
	struct scs_record r;

	scs_record_init(&r, kind);
	SET(r.u.label.id, id);
	SET(r.u.label.name, id);
	SET(r.u.label.owner, "mod");
	put(f, &r);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct scs_err err;
	size_t i;
	char id[16];

	assert_non_null(f);
	f->rng = 0x5eed2026ULL;
	test_reg_open(&f->r);
	assert_int_equal(test_load_refdata(&f->rd), 0);
	f->r.ctx.rd = &f->rd;
	org(f, "mod", SCS_ORG_GOVERNMENT, "JPN", 0);
	org(f, "acme", SCS_ORG_CONTRACTOR, "JPN", 0);
	org(f, "usco", SCS_ORG_CONTRACTOR, "USA", 0);
	label(f, SCS_KIND_COMPARTMENT, "c1");
	label(f, SCS_KIND_COMPARTMENT, "c2");
	label(f, SCS_KIND_PROGRAM, "g1");
	conforming(f, "acme", "GOKUHI", SCS_TIME_NEVER);
	for (i = 0; i < NPER; i++) {
		(void)snprintf(id, sizeof(id), "p%zu", i);
		person(f, id,
		    i % 3 == 0       ? "mod"
		        : i % 3 == 1 ? "acme"
		                     : "usco",
		    i == 5 ? "USA" : "JPN", 0);
		clearance(f, id, i % 2 ? "GOKUHI" : "HI", SCS_CLR_ACTIVE,
		    NOW - 100 * DAY, NOW + 700 * DAY);
		briefing(f, id, "c1", SCS_TIME_NEVER);
	}
	item(f, "i0", "GOKUHI", NULL, NULL, NULL);
	item(f, "i1", "HI", "c1", NULL, NULL);
	item(f, "i2", "GOKUHI", "c1", "g1", NULL);
	item(f, "i3", "HI", NULL, NULL, "USA");
	ok(scs_op_index_build_at(&f->r.ctx, &f->ix, &f->pos, &err), &err,
	    "build_at");
	assert_true(f->pos.seq > 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	scs_index_free(f->ix);
	scs_refdata_free(&f->rd);
	test_reg_close(&f->r);
	free(f);
	return 0;
}

static enum scs_reason
ask(const struct scs_index *ix, const char *s, const char *i, int64_t t)
{
	return scs_index_decide(ix, scs_index_subject(ix, s, strlen(s)),
	    scs_index_item(ix, i, strlen(i)), t);
}

/* Follow the log (a full build when it asks for one) and compare with a
 * full build of the register now. */
static void
follow_and_compare(struct fixture *f)
{
	static const int64_t at[] = {0, -3 * DAY, DAY, 800 * DAY};
	struct scs_index *next = NULL, *full = NULL;
	struct scs_err err;
	size_t i, j, k, touched = 0;
	int rc;

	rc = scs_op_index_follow(&f->r.ctx, f->ix, &f->pos, &next, &touched,
	    &err);
	if (rc == SCS_ECONFLICT) {
		print_message("    full build: %s\n", err.reason);
		ok(scs_op_index_build_at(&f->r.ctx, &next, &f->pos, &err), &err,
		    "build_at");
		f->builds++;
	} else {
		ok(rc, &err, "follow");
		assert_non_null(next);
		assert_true(touched > 0);
		f->updates++;
	}
	scs_index_free(f->ix);
	f->ix = next;
	ok(scs_op_index_build(&f->r.ctx, &full, &err), &err, "build");
	for (i = 0; i <= f->npersons; i++)
		for (j = 0; j <= f->nitems; j++)
			for (k = 0; k < SCS_NELEM(at); k++) {
				const char *s =
				    i < f->npersons ? f->persons[i] : "nobody";
				const char *it =
				    j < f->nitems ? f->items[j] : "no-item";
				enum scs_reason x = ask(f->ix, s, it,
				                    NOW + at[k]),
				                y = ask(full, s, it,
				                    NOW + at[k]);

				if (x != y)
					fail_msg("decide(%s, %s, now%+lld): "
					         "followed %s, full build %s",
					    s, it, (long long)at[k],
					    scs_reason_name(x),
					    scs_reason_name(y));
			}
	scs_index_free(full);
}

static void
test_changes_of_every_kind_are_followed(void **state)
{
	static const char *const levels[] = {"HI", "GOKUHI", "KIMITSU"};
	static const enum scs_clearance_status sts[] = {SCS_CLR_ACTIVE,
	    SCS_CLR_ACTIVE, SCS_CLR_SUSPENDED, SCS_CLR_REVOKED,
	    SCS_CLR_INTERIM};
	struct fixture *f = *state;
	size_t step;
	char id[16];

	for (step = 0; step < 120; step++) {
		const char *p = f->persons[pick(f, f->npersons)];
		int64_t until = pick(f, 3) == 0 ? NOW - DAY : SCS_TIME_NEVER;

		switch (pick(f, 12)) {
		case 0:
			person(f, p, pick(f, 2) ? "acme" : "usco",
			    pick(f, 3) ? "JPN" : "USA", 1);
			break;
		case 1:
			(void)snprintf(id, sizeof(id), "n%zu", step);
			person(f, id, "acme", "JPN", 0);
			break;
		case 2:
		case 3:
			clearance(f, p, levels[pick(f, 3)], sts[pick(f, 5)],
			    NOW - 100 * DAY,
			    pick(f, 4) ? NOW + 700 * DAY : NOW - DAY);
			break;
		case 4:
			briefing(f, p, pick(f, 2) ? "c1" : "c2", until);
			break;
		case 5:
			membership(f, p, "g1", until);
			break;
		case 6:
			suspension(f, p, pick(f, 2) ? NOW - DAY : NOW + DAY);
			break;
		case 7:
			conforming(f, pick(f, 2) ? "acme" : "usco",
			    pick(f, 2) ? "GOKUHI" : "HI", until);
			break;
		case 8: { /* approvals needed, or not; the country kept */
			int usco = (int)pick(f, 2);

			org(f, usco ? "usco" : "acme",
			    pick(f, 2) ? SCS_ORG_CONTRACTOR : SCS_ORG_RESEARCH,
			    usco ? "USA" : "JPN", 1);
			break;
		}
		case 9:
			(void)snprintf(id, sizeof(id), "o%zu", step);
			org(f, id, SCS_ORG_CONTRACTOR, "JPN", 0);
			(void)snprintf(id, sizeof(id), "q%zu", step);
			person(f, id, "acme", "JPN", 0);
			break;
		case 10:
			if (f->nitems < SCS_NELEM(f->items)) {
				(void)snprintf(id, sizeof(id), "i%zu",
				    f->nitems);
				item(f, id, levels[pick(f, 2)],
				    pick(f, 2) ? "c2" : NULL,
				    pick(f, 2) ? "g1" : NULL,
				    pick(f, 2) ? "USA" : NULL);
			}
			break;
		default: /* two changes, one follow */
			clearance(f, p, "GOKUHI", SCS_CLR_ACTIVE,
			    NOW - 100 * DAY, NOW + 700 * DAY);
			briefing(f, p, "c2", SCS_TIME_NEVER);
			break;
		}
		if (f->npersons >= SCS_NELEM(f->persons) - 2)
			f->npersons = SCS_NELEM(f->persons) - 2;
		follow_and_compare(f);
	}
	print_message("    %zu updates, %zu full builds\n", f->updates,
	    f->builds);
	assert_int_equal(f->builds, 0);
}

static void
test_a_country_change_asks_for_a_full_build(void **state)
{
	struct fixture *f = *state;
	struct scs_index_pos before = f->pos;
	struct scs_index *next = NULL;
	struct scs_err err;

	org(f, "usco", SCS_ORG_CONTRACTOR, "GBR", 1);
	assert_int_equal(scs_op_index_follow(&f->r.ctx, f->ix, &f->pos, &next,
	                     NULL, &err),
	    SCS_ECONFLICT);
	assert_null(next);
	assert_int_equal(f->pos.seq, before.seq);
	follow_and_compare(f); /* by a full build */
	assert_int_equal(f->builds, 1);
	/* and from there on, updates again */
	person(f, "p1", "usco", "GBR", 1);
	follow_and_compare(f);
	assert_int_equal(f->updates, 1);
}

static void
test_entries_that_change_no_input_move_the_position_only(void **state)
{
	struct fixture *f = *state;
	struct scs_index_pos before = f->pos;
	struct scs_index *next = (struct scs_index *)1;
	struct scs_decision_rec d;
	struct scs_relatives *rel;
	struct scs_err err;

	/* nothing new */
	ok(scs_op_index_follow(&f->r.ctx, f->ix, &f->pos, &next, NULL, &err),
	    &err, "follow");
	assert_null(next);
	assert_int_equal(f->pos.seq, before.seq);
	/* decisions recorded, and a read of a person's relatives: audited,
	 * and changing nothing the decision reads */
	memset(&d, 0, sizeof(d));
	SET(d.subject, "p1");
	SET(d.item, "i0");
	d.reason = SCS_R_LEVEL;
	ok(scs_op_decisions_audit(&f->r.ctx, SCS_DAUDIT_EACH, &d, 1, 0, 1,
	       &err),
	    &err, "decisions");
	rel = scs_crypto_secalloc(sizeof(*rel));
	assert_non_null(rel);
	(void)scs_op_relatives_get(&f->r.ctx, "p1", "test", rel, &err);
	scs_crypto_secfree(rel);
	next = (struct scs_index *)1;
	ok(scs_op_index_follow(&f->r.ctx, f->ix, &f->pos, &next, NULL, &err),
	    &err, "follow");
	assert_null(next);
	assert_true(f->pos.seq > before.seq);
}

static void
test_a_log_not_the_one_followed_asks_for_a_full_build(void **state)
{
	struct fixture *f = *state;
	struct scs_index_pos bad = f->pos;
	struct scs_index *next = NULL;
	struct scs_err err;

	person(f, "p1", "acme", "USA", 1);
	/* the last entry held is not the one in the log */
	bad.leaf[0] ^= 1;
	assert_int_equal(scs_op_index_follow(&f->r.ctx, f->ix, &bad, &next,
	                     NULL, &err),
	    SCS_ECONFLICT);
	assert_null(next);
	assert_int_equal(bad.leaf[0], f->pos.leaf[0] ^ 1);
	/* a position past the log's end (a register restored from an
	 * older backup) */
	bad = f->pos;
	bad.seq += 1000;
	assert_int_equal(scs_op_index_follow(&f->r.ctx, f->ix, &bad, &next,
	                     NULL, &err),
	    SCS_ECONFLICT);
	assert_null(next);
	/* the true position follows */
	follow_and_compare(f);
	assert_int_equal(f->updates, 1);
}

/* Decision records are audit entries too, by the thousand: a follow
 * never reads them, so more of them than a follow takes changes still
 * leave it an update. */
static void
test_decision_entries_are_not_read(void **state)
{
	struct fixture *f = *state;
	size_t n = SCS_FOLLOW_MAX + 10, i;
	struct scs_decision_rec *d = calloc(n, sizeof(*d));
	struct scs_err err;

	assert_non_null(d);
	for (i = 0; i < n; i++) {
		SET(d[i].subject, "p1");
		SET(d[i].item, "i0");
		d[i].at = NOW;
		d[i].reason = SCS_R_LEVEL;
	}
	ok(scs_op_decisions_audit(&f->r.ctx, SCS_DAUDIT_EACH, d, n, 0, n, &err),
	    &err, "decisions");
	free(d);
	suspension(f, "p2", NOW + DAY);
	follow_and_compare(f);
	assert_int_equal(f->builds, 0);
	assert_int_equal(f->updates, 1);
}

/* ---- the index cache (src/ops/icache.c) ---- */

/* Every (subject, item) of the fixture decides in @ix as in a full
 * build of the register now. */
static void
same_as_built(struct fixture *f, const struct scs_index *ix)
{
	struct scs_index *full = NULL;
	struct scs_err err;
	size_t i, j;

	ok(scs_op_index_build(&f->r.ctx, &full, &err), &err, "build");
	for (i = 0; i <= f->npersons; i++)
		for (j = 0; j <= f->nitems; j++) {
			const char *s = i < f->npersons ? f->persons[i] : "x";
			const char *it = j < f->nitems ? f->items[j] : "y";

			assert_int_equal(ask(ix, s, it, NOW),
			    ask(full, s, it, NOW));
		}
	scs_index_free(full);
}

/* Open through cache @path: what happened, the index freed. */
static void
open_cached(struct fixture *f, const char *path,
    struct scs_index_cache_use *use)
{
	struct scs_index *ix = NULL;
	struct scs_index_pos pos;
	struct scs_err err;

	ok(scs_op_index_open(&f->r.ctx, path, &ix, &pos, use, &err), &err,
	    "index_open");
	assert_non_null(ix);
	same_as_built(f, ix);
	scs_index_free(ix);
}

static void
cache_path(struct fixture *f, char *out, size_t size)
{
	(void)snprintf(out, size, "%s/r.db.index", f->r.dir);
}

/* The first open builds and writes the cache (0600); the next reads it;
 * after changes it reads it and follows the log to the register. */
static void
test_the_index_cache_is_read_and_followed(void **state)
{
	struct fixture *f = *state;
	struct scs_index_cache_use use;
	struct stat sb;
	char path[512];

	cache_path(f, path, sizeof(path));
	open_cached(f, path, &use);
	assert_true(use.built && use.written && !use.read && !use.refused);
	assert_string_equal(use.reason, "no cache yet");
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	open_cached(f, path, &use);
	assert_true(use.read && !use.built && !use.written);
	assert_int_equal(use.followed, 0);
	suspension(f, "p2", NOW + DAY);
	clearance(f, "p3", "KIMITSU", SCS_CLR_ACTIVE, NOW - DAY, NOW + DAY);
	open_cached(f, path, &use);
	assert_true(use.read && !use.built);
	assert_int_equal(use.followed, 2);
	/* Without a cache: built, nothing written. */
	open_cached(f, NULL, &use);
	assert_true(use.built && !use.written && !use.read);
	(void)unlink(path);
}

/* Flip one byte of @path at @at (from its end when negative). */
static void
flip(const char *path, long at)
{
	FILE *fp = fopen(path, "r+b");
	int ch;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	ch = fgetc(fp);
	assert_int_equal(fseek(fp, -1, SEEK_CUR), 0);
	assert_int_not_equal(fputc(ch ^ 0x20, fp), EOF);
	assert_int_equal(fclose(fp), 0);
}

/* A cache changed anywhere, cut, of another key or of another log is not
 * believed: the index is built anew (and the same), the cache rewritten. */
static void
test_a_cache_changed_or_of_another_register_is_refused(void **state)
{
	struct fixture *f = *state;
	struct scs_index_cache_use use;
	struct scs_index_pos pos;
	struct scs_keys *mine = f->r.ctx.keys, *other = NULL;
	struct scs_err err;
	char path[512], odir[600];
	static const long at[] = {0, 9, 20, 50, 60, 100, 2000, -1};
	size_t i;

	cache_path(f, path, sizeof(path));
	for (i = 0; i < SCS_NELEM(at); i++) {
		open_cached(f, path, &use); /* written */
		flip(path, at[i]);
		open_cached(f, path, &use);
		if (!use.refused || !use.built || !use.written)
			fail_msg("a byte changed at %ld was believed", at[i]);
		open_cached(f, path, &use);
		assert_true(use.read);
	}
	/* Cut. */
	assert_int_equal(truncate(path, 200), 0);
	open_cached(f, path, &use);
	assert_true(use.refused && use.built);
	assert_non_null(strstr(use.reason, "cut"));
	/* Sealed by another register's key. */
	(void)snprintf(odir, sizeof(odir), "%s/other.keys", f->r.dir);
	ok(scs_keys_create(odir, &err), &err, "keys_create");
	ok(scs_keys_open(odir, &other, &err), &err, "keys_open");
	f->r.ctx.keys = other;
	open_cached(f, path, &use); /* written under the other key */
	assert_true(use.refused && use.written);
	f->r.ctx.keys = mine;
	open_cached(f, path, &use);
	assert_true(use.refused && use.built);
	assert_non_null(strstr(use.reason, "MAC"));
	scs_keys_free(other);
	/* A true image at a position of another log: followed, refused. */
	pos = f->pos;
	pos.leaf[0] ^= 1;
	ok(scs_op_index_cache_write(&f->r.ctx, path, f->ix, &pos, &err), &err,
	    "cache_write");
	open_cached(f, path, &use);
	assert_true(!use.refused && !use.read && use.built && use.written);
	assert_non_null(strstr(use.reason, "not the one followed"));
	/* And past the log's end (a register restored from an older copy). */
	pos = f->pos;
	pos.seq += 1000;
	ok(scs_op_index_cache_write(&f->r.ctx, path, f->ix, &pos, &err), &err,
	    "cache_write");
	open_cached(f, path, &use);
	assert_true(!use.read && use.built);
	(void)unlink(path);
	{
		DIR *d = opendir(odir);
		struct dirent *e;
		char name[900];

		assert_non_null(d);
		while ((e = readdir(d)) != NULL) {
			if (e->d_name[0] == '.')
				continue;
			(void)snprintf(name, sizeof(name), "%s/%s", odir,
			    e->d_name);
			(void)unlink(name);
		}
		(void)closedir(d);
		(void)rmdir(odir);
	}
}

/* What is at the cache's path and is not a cache of ours is never read
 * and never holds the start: a FIFO (a blocking open would wait for a
 * writer), a file others may write, an unreadable file; each is said
 * (use.refused) and the index built; no temporary file is left. */
static void
test_a_cache_path_that_is_not_our_file_is_not_read(void **state)
{
	struct fixture *f = *state;
	struct scs_index_cache_use use;
	char path[512];
	DIR *d;
	struct dirent *e;

	cache_path(f, path, sizeof(path));
	assert_int_equal(mkfifo(path, 0600), 0);
	open_cached(f, path, &use);
	assert_true(use.refused && use.built && !use.read);
	assert_non_null(strstr(use.reason, "not a file"));
	assert_true(use.written); /* the rename replaced the FIFO */
	open_cached(f, path, &use);
	assert_true(use.read);
	/* Writable by the group or others: not read at all. */
	assert_int_equal(chmod(path, 0620), 0);
	open_cached(f, path, &use);
	assert_true(use.refused && use.built && !use.read);
	assert_non_null(strstr(use.reason, "writable by others"));
	assert_int_equal(chmod(path, 0606), 0);
	open_cached(f, path, &use);
	assert_true(use.refused && use.built);
	/* Rewritten 0600 by the last build: read again. */
	open_cached(f, path, &use);
	assert_true(use.read);
	/* Unreadable (root reads anything: then the mode is no test). */
	if (geteuid() != 0) {
		assert_int_equal(chmod(path, 0200), 0);
		open_cached(f, path, &use);
		assert_true(use.refused && use.built && !use.read);
	}
	(void)unlink(path);
	/* Every write renamed its temporary file away. */
	d = opendir(f->r.dir);
	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "r.db.index.", 11) == 0)
			fail_msg("left behind: %s", e->d_name);
	(void)closedir(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(
	        test_changes_of_every_kind_are_followed, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_country_change_asks_for_a_full_build, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_entries_that_change_no_input_move_the_position_only, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_log_not_the_one_followed_asks_for_a_full_build, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(test_decision_entries_are_not_read,
	        setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_the_index_cache_is_read_and_followed, setup, teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_cache_path_that_is_not_our_file_is_not_read, setup,
	        teardown),
	    cmocka_unit_test_setup_teardown(
	        test_a_cache_changed_or_of_another_register_is_refused, setup,
	        teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
