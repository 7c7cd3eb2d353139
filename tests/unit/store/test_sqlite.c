/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_sqlite.c - unit tests for the storage interface (store.h) over the
 * SQLite backend, through the scs_store_* wrappers only, each on a fresh
 * register file: migrations, insert/update semantics and the errors they
 * name, byte-exact records (Japanese names, sealed blobs holding NULs),
 * ordered and paged walks, transactions, meta values, users, sign-in
 * bookkeeping, sessions, the audit log and tree heads, and files that are
 * missing or are not databases.
 */
#include "helpers.h"

#include "scs/codec.h"
#include "scs/store.h"

#define MAXIDS 32

/* ---- helpers --------------------------------------------------------- */

static int
setup(void **state)
{
	struct test_reg *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	test_reg_open(r);
	*state = r;
	return 0;
}

static int
teardown(void **state)
{
	struct test_reg *r = *state;

	test_reg_close(r);
	free(r);
	return 0;
}

static struct scs_store *
ST(void **state)
{
	return ((struct test_reg *)*state)->ctx.st;
}

static void
mk_org(struct scs_store *st, const char *id, const char *name)
{
	struct scs_org o;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "%s", id);
	(void)snprintf(o.name, sizeof(o.name), "%s", name);
	o.type = SCS_ORG_CONTRACTOR;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	if (scs_store_org_put(st, &o, SCS_PUT_INSERT, &err) != SCS_OK)
		fail_msg("org %s: %s: %s", id, err.field, err.reason);
}

/* A person whose relatives blob names key @key (bytes 1..4, big-endian)
 * and carries @extra opaque bytes. */
static void
fill_person(struct scs_person *p, const char *id, const char *org, uint32_t key,
    size_t extra)
{
	uint8_t blob[512];
	size_t i;

	memset(p, 0, sizeof(*p));
	(void)snprintf(p->id, sizeof(p->id), "%s", id);
	(void)snprintf(p->name, sizeof(p->name), "山田 太郎");
	(void)snprintf(p->name_latin, sizeof(p->name_latin), "YAMADA Taro");
	(void)snprintf(p->birth_date, sizeof(p->birth_date), "1980-04-01");
	(void)snprintf(p->nationalities[0], 4, "JPN");
	p->nnationalities = 1;
	(void)snprintf(p->org, sizeof(p->org), "%s", org);
	assert_true(5 + extra <= sizeof(blob));
	blob[0] = 1;
	blob[1] = (uint8_t)(key >> 24);
	blob[2] = (uint8_t)(key >> 16);
	blob[3] = (uint8_t)(key >> 8);
	blob[4] = (uint8_t)key;
	for (i = 0; i < extra; i++)
		blob[5 + i] = (uint8_t)(i * 37 % 256); /* holds NULs */
	assert_int_equal(scs_blob_set(&p->relatives, blob, 5 + extra), SCS_OK);
}

static void
put_person(struct scs_store *st, const char *id, const char *org, uint32_t key)
{
	struct scs_person p;
	struct scs_err err;

	fill_person(&p, id, org, key, 40);
	if (scs_store_person_put(st, &p, SCS_PUT_INSERT, &err) != SCS_OK)
		fail_msg("person %s: %s: %s", id, err.field, err.reason);
	scs_person_clear(&p);
}

static void
fill_user(struct scs_user *u, const char *id, const char *org,
    enum scs_role role)
{
	memset(u, 0, sizeof(*u));
	(void)snprintf(u->id, sizeof(u->id), "%s", id);
	(void)snprintf(u->org, sizeof(u->org), "%s", org);
	u->role = role;
	(void)snprintf(u->pwhash, sizeof(u->pwhash),
	    "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");
	u->created = 1767225600;
}

/* Collects the ids a walk visits; stops with SCS_EDENIED at stop_at. */
struct ids {
	char id[MAXIDS][SCS_ID_MAX + 16];
	size_t n;
	size_t stop_at;
};

static int
collect_person(void *arg, const struct scs_person *p)
{
	struct ids *c = arg;

	assert_true(c->n < MAXIDS);
	(void)snprintf(c->id[c->n++], sizeof(c->id[0]), "%s", p->id);
	return c->stop_at != 0 && c->n == c->stop_at ? SCS_EDENIED : SCS_OK;
}

static int
collect_org(void *arg, const struct scs_org *o)
{
	struct ids *c = arg;

	assert_true(c->n < MAXIDS);
	(void)snprintf(c->id[c->n++], sizeof(c->id[0]), "%s", o->id);
	return SCS_OK;
}

static int
collect_user(void *arg, const struct scs_user *u)
{
	struct ids *c = arg;

	assert_true(c->n < MAXIDS);
	(void)snprintf(c->id[c->n++], sizeof(c->id[0]), "%s%s", u->id,
	    u->disabled ? "(disabled)" : "");
	return SCS_OK;
}

/* The visited ids joined by spaces, for one readable comparison. */
static const char *
joined(const struct ids *c)
{
	static char out[MAXIDS * (SCS_ID_MAX + 16) + 1];
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < c->n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%s",
		    i ? " " : "", c->id[i]);
	return out;
}

static const char *
walk_persons(struct scs_store *st, const char *org, const char *after,
    size_t limit)
{
	static struct ids c;
	struct scs_err err;

	memset(&c, 0, sizeof(c));
	if (scs_store_person_each(st, org, after, limit, collect_person, &c,
	        &err) != SCS_OK)
		fail_msg("person_each: %s", err.reason);
	return joined(&c);
}

static int
collect_rec(void *arg, const struct scs_record *r)
{
	return collect_person(arg, &r->u.person);
}

static const char *
walk_sealed_under(struct scs_store *st, uint32_t key, size_t limit)
{
	static struct ids c;
	struct scs_rec_query q;
	struct scs_err err;

	memset(&c, 0, sizeof(c));
	memset(&q, 0, sizeof(q));
	q.sealed_not_under = true;
	q.key = key;
	q.limit = limit;
	if (scs_store_rec_query(st, SCS_KIND_PERSON, &q, collect_rec, &c,
	        &err) != SCS_OK)
		fail_msg("sealed_not_under: %s", err.reason);
	return joined(&c);
}

static void
path_in(char *out, size_t size, const struct test_reg *r, const char *name)
{
	(void)snprintf(out, size, "%s/%s", r->dir, name);
}

/* ---- migrations and opening ------------------------------------------ */

static void
test_migrate_is_idempotent_at_the_latest_version(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_err err;
	int v = -1;

	assert_int_equal(scs_store_migrate(st, &v, &err), SCS_OK);
	assert_int_equal(v, 19); /* migrations 1 to 19 */
	v = -1;
	assert_int_equal(scs_store_migrate(st, &v, &err), SCS_OK);
	assert_int_equal(v, 19); /* migrations 1 to 19 */
	assert_int_equal(scs_store_migrate(st, NULL, &err), SCS_OK);
	mk_org(st, "acme", "ACME");
}

static void
test_committed_data_survives_close_and_reopen(void **state)
{
	struct test_reg *r = *state;
	struct scs_org o;
	struct scs_err err;
	int v = 0;

	assert_int_equal(scs_store_begin(r->ctx.st, &err), SCS_OK);
	mk_org(r->ctx.st, "acme", "ACME");
	assert_int_equal(scs_store_commit(r->ctx.st, &err), SCS_OK);
	scs_store_close(r->ctx.st);
	r->ctx.st = NULL;
	assert_int_equal(scs_store_open(r->db, false, &r->ctx.st, &err),
	    SCS_OK);
	assert_int_equal(scs_store_migrate(r->ctx.st, &v, &err), SCS_OK);
	assert_int_equal(v, 19); /* migrations 1 to 19 */
	assert_int_equal(scs_store_org_get(r->ctx.st, "acme", &o, &err),
	    SCS_OK);
	assert_string_equal(o.name, "ACME");
}

static void
test_opening_a_missing_file_without_create_is_not_found(void **state)
{
	struct test_reg *r = *state;
	struct scs_store *st = NULL;
	struct scs_err err;
	char p[512];

	path_in(p, sizeof(p), r, "missing.db");
	scs_err_clear(&err);
	assert_int_equal(scs_store_open(p, false, &st, &err), SCS_ENOTFOUND);
	assert_null(st);
	assert_int_equal(err.rc, SCS_ENOTFOUND);
	assert_int_equal(access(p, F_OK), -1); /* and nothing was created */
}

static void
test_a_file_that_is_not_a_database_is_refused_without_a_crash(void **state)
{
	struct test_reg *r = *state;
	struct scs_store *st = NULL;
	struct scs_err err;
	char p[512], side[600];
	FILE *f;
	int i, rc;

	path_in(p, sizeof(p), r, "notes.db");
	f = fopen(p, "w");
	assert_non_null(f);
	for (i = 0; i < 200; i++)
		(void)fputs("this is a text file, not a register\n", f);
	(void)fclose(f);

	scs_err_clear(&err);
	rc = scs_store_open(p, false, &st, &err);
	if (rc == SCS_OK) {
		rc = scs_store_migrate(st, NULL, &err);
		scs_store_close(st);
	} else {
		assert_null(st);
	}
	assert_int_not_equal(rc, SCS_OK);
	assert_int_equal(err.rc, rc);
	assert_true(err.reason[0] != '\0');

	(void)unlink(p);
	(void)snprintf(side, sizeof(side), "%s-wal", p);
	(void)unlink(side);
	(void)snprintf(side, sizeof(side), "%s-shm", p);
	(void)unlink(side);
}

static void
test_unreachable_databases_and_empty_urls_are_refused(void **state)
{
	struct scs_store *st = NULL;
	struct scs_err err;

	(void)state;
	/* Nothing listens on port 1: refused at once, the password hidden. */
	assert_int_equal(scs_store_open("postgres://u:secret@127.0.0.1:1/scs",
	                     true, &st, &err),
	    SCS_EIO);
	assert_null(st);
	assert_string_equal(err.field, "db");
	assert_null(strstr(err.reason, "secret"));
	assert_non_null(strstr(err.reason, "u:***@127.0.0.1:1/scs"));
	assert_int_equal(scs_store_open("", true, &st, &err), SCS_EINVAL);
	assert_null(st);
	scs_store_close(NULL);
}

/* ---- organizations ---------------------------------------------------- */

static void
test_org_insert_get_and_update(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o, got;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "mod");
	(void)snprintf(o.name, sizeof(o.name), "防衛省");
	o.type = SCS_ORG_GOVERNMENT;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_OK);
	memset(&got, 0x55, sizeof(got));
	assert_int_equal(scs_store_org_get(st, "mod", &got, &err), SCS_OK);
	assert_string_equal(got.id, "mod");
	assert_string_equal(got.name, "防衛省");
	assert_int_equal(got.type, SCS_ORG_GOVERNMENT);
	assert_string_equal(got.country, "JPN");

	(void)snprintf(o.name, sizeof(o.name), "Ministry of Defense");
	o.type = SCS_ORG_PARTNER;
	(void)snprintf(o.country, sizeof(o.country), "USA");
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	assert_int_equal(scs_store_org_get(st, "mod", &got, &err), SCS_OK);
	assert_string_equal(got.name, "Ministry of Defense");
	assert_int_equal(got.type, SCS_ORG_PARTNER);
	assert_string_equal(got.country, "USA");

	scs_err_clear(&err);
	assert_int_equal(scs_store_org_get(st, "nope", &got, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(err.rc, SCS_ENOTFOUND);
}

static void
test_org_insert_of_an_existing_id_is_a_conflict_on_id(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "acme");
	(void)snprintf(o.name, sizeof(o.name), "Another ACME");
	o.type = SCS_ORG_RESEARCH;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	scs_err_clear(&err);
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "id");
	assert_int_equal(scs_store_org_get(st, "acme", &o, &err), SCS_OK);
	assert_string_equal(o.name, "ACME");
}

static void
test_org_update_of_a_missing_id_is_not_found(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "ghost");
	(void)snprintf(o.name, sizeof(o.name), "Ghost");
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	scs_err_clear(&err);
	assert_int_equal(scs_store_org_put(st, &o, SCS_PUT_UPDATE, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(err.rc, SCS_ENOTFOUND);
	assert_int_equal(scs_store_org_get(st, "ghost", &o, &err),
	    SCS_ENOTFOUND);
}

static void
test_org_each_walks_in_id_order(void **state)
{
	struct scs_store *st = ST(state);
	struct ids c;
	struct scs_err err;

	mk_org(st, "mod", "MOD");
	mk_org(st, "acme", "ACME");
	mk_org(st, "meti", "METI");
	memset(&c, 0, sizeof(c));
	assert_int_equal(scs_store_org_each(st, collect_org, &c, &err), SCS_OK);
	assert_string_equal(joined(&c), "acme meti mod");
}

/* ---- persons ----------------------------------------------------------- */

static void
test_person_round_trips_byte_exact(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_person p, got;
	struct scs_err err;
	static const char *const nats[SCS_NAT_MAX] = {"JPN", "USA", "KOR",
	    "GBR", "FRA", "DEU", "ITA", "IND"};
	size_t i;

	mk_org(st, "acme", "ACME");
	fill_person(&p, "p1", "acme", 1, 300);
	(void)snprintf(p.name, sizeof(p.name), "髙橋 﨑子");
	(void)snprintf(p.name_latin, sizeof(p.name_latin), "TAKAHASHI Sakiko");
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "2000-02-29");
	for (i = 0; i < SCS_NAT_MAX; i++)
		(void)snprintf(p.nationalities[i], 4, "%s", nats[i]);
	p.nnationalities = SCS_NAT_MAX;
	assert_non_null(memchr(p.relatives.p + 5, 0, p.relatives.len - 5));
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_INSERT, &err),
	    SCS_OK);

	memset(&got, 0, sizeof(got));
	assert_int_equal(scs_store_person_get(st, "p1", &got, &err), SCS_OK);
	assert_string_equal(got.id, "p1");
	assert_string_equal(got.name, "髙橋 﨑子");
	assert_string_equal(got.name_latin, "TAKAHASHI Sakiko");
	assert_string_equal(got.birth_date, "2000-02-29");
	assert_string_equal(got.org, "acme");
	assert_int_equal(got.nnationalities, SCS_NAT_MAX);
	for (i = 0; i < SCS_NAT_MAX; i++)
		assert_string_equal(got.nationalities[i], nats[i]);
	assert_int_equal(got.relatives.len, p.relatives.len);
	assert_memory_equal(got.relatives.p, p.relatives.p, p.relatives.len);
	scs_person_clear(&got);
	scs_person_clear(&p);
}

static void
test_person_update_replaces_every_field(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_person p, got;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	mk_org(st, "mod", "MOD");
	put_person(st, "p1", "acme", 1);
	fill_person(&p, "p1", "mod", 2, 3);
	(void)snprintf(p.name, sizeof(p.name), "山田 花子");
	(void)snprintf(p.nationalities[1], 4, "USA");
	p.nnationalities = 2;
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	assert_int_equal(scs_store_person_get(st, "p1", &got, &err), SCS_OK);
	assert_string_equal(got.name, "山田 花子");
	assert_string_equal(got.org, "mod");
	assert_int_equal(got.nnationalities, 2);
	assert_string_equal(got.nationalities[1], "USA");
	assert_int_equal(got.relatives.len, 8);
	assert_memory_equal(got.relatives.p, p.relatives.p, 8);
	scs_person_clear(&got);

	(void)snprintf(p.id, sizeof(p.id), "p2");
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_UPDATE, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_store_person_get(st, "p2", &got, &err),
	    SCS_ENOTFOUND);
	scs_person_clear(&p);
}

static void
test_person_of_an_unknown_org_is_invalid_on_org(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_person p;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	fill_person(&p, "p1", "nope", 1, 8);
	scs_err_clear(&err);
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_INSERT, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "org");
	assert_int_equal(scs_store_person_get(st, "p1", &p, &err),
	    SCS_ENOTFOUND);
	scs_person_clear(&p);

	/* Moving an existing person to an unknown org is refused too. */
	put_person(st, "p2", "acme", 1);
	fill_person(&p, "p2", "nope", 1, 8);
	scs_err_clear(&err);
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_UPDATE, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "org");
	scs_person_clear(&p);
}

static void
test_person_insert_of_an_existing_id_is_a_conflict(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_person p;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	fill_person(&p, "p1", "acme", 1, 8);
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "id");
	scs_person_clear(&p);
}

static void
test_person_each_walks_in_id_order_with_filter_paging_and_limit(void **state)
{
	struct scs_store *st = ST(state);

	mk_org(st, "acme", "ACME");
	mk_org(st, "mod", "MOD");
	put_person(st, "p3", "acme", 1);
	put_person(st, "p1", "mod", 1);
	put_person(st, "p5", "acme", 1);
	put_person(st, "p2", "acme", 1);
	put_person(st, "p4", "mod", 1);
	put_person(st, "p10", "acme", 1);

	assert_string_equal(walk_persons(st, NULL, NULL, 0),
	    "p1 p10 p2 p3 p4 p5");
	assert_string_equal(walk_persons(st, "acme", NULL, 0), "p10 p2 p3 p5");
	assert_string_equal(walk_persons(st, "mod", NULL, 0), "p1 p4");
	assert_string_equal(walk_persons(st, "nope", NULL, 0), "");
	assert_string_equal(walk_persons(st, NULL, "p2", 0), "p3 p4 p5");
	assert_string_equal(walk_persons(st, NULL, NULL, 2), "p1 p10");
	assert_string_equal(walk_persons(st, NULL, "p10", 2), "p2 p3");
	assert_string_equal(walk_persons(st, "acme", "p2", 1), "p3");
	assert_string_equal(walk_persons(st, "acme", "p3", 5), "p5");
	assert_string_equal(walk_persons(st, "acme", "p5", 5), "");
	assert_string_equal(walk_persons(st, NULL, "", 0),
	    "p1 p10 p2 p3 p4 p5");
}

static void
test_person_each_stops_when_the_callback_says_so(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_err err;
	struct ids c;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	put_person(st, "p3", "acme", 1);
	memset(&c, 0, sizeof(c));
	c.stop_at = 2;
	assert_int_equal(scs_store_person_each(st, NULL, NULL, 0,
	                     collect_person, &c, &err),
	    SCS_EDENIED);
	assert_string_equal(joined(&c), "p1 p2");
	/* The statement was reset: a new walk starts over. */
	assert_string_equal(walk_persons(st, NULL, NULL, 0), "p1 p2 p3");
}

static void
test_person_sealed_under_selects_other_keys(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_person p;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 2);
	put_person(st, "p3", "acme", 1);
	put_person(st, "p4", "acme", 3);
	put_person(st, "p5", "acme", 0x01000002); /* high byte counts */

	assert_string_equal(walk_sealed_under(st, 1, 0), "p2 p4 p5");
	assert_string_equal(walk_sealed_under(st, 2, 0), "p1 p3 p4 p5");
	assert_string_equal(walk_sealed_under(st, 1, 1), "p2");
	assert_string_equal(walk_sealed_under(st, 0x01000002, 0),
	    "p1 p2 p3 p4");

	/* Re-sealing p2 under key 1 takes it out of the key-1 walk. */
	fill_person(&p, "p2", "acme", 1, 12);
	assert_int_equal(scs_store_person_put(st, &p, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	scs_person_clear(&p);
	assert_string_equal(walk_sealed_under(st, 1, 0), "p4 p5");
}

/* ---- transactions -------------------------------------------------------- */

static void
test_rollback_after_inserts_leaves_nothing(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o;
	struct scs_person p;
	struct scs_blob b = {NULL, 0};
	struct scs_err err;

	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	assert_int_equal(scs_store_meta_put(st, "k", "v", 1, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "acme", &o, &err), SCS_OK);
	scs_store_rollback(st);

	assert_int_equal(scs_store_org_get(st, "acme", &o, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_store_person_get(st, "p1", &p, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_store_meta_get(st, "k", &b, &err), SCS_ENOTFOUND);
	assert_string_equal(walk_persons(st, NULL, NULL, 0), "");

	/* A rollback with nothing open is harmless; the store is usable. */
	scs_store_rollback(st);
	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	mk_org(st, "acme", "ACME");
	assert_int_equal(scs_store_commit(st, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "acme", &o, &err), SCS_OK);
}

static void
test_begin_twice_is_an_error_and_the_first_stays_open(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o;
	struct scs_err err;
	int rc;

	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	mk_org(st, "acme", "ACME");
	scs_err_clear(&err);
	rc = scs_store_begin(st, &err);
	assert_int_not_equal(rc, SCS_OK);
	assert_int_equal(err.rc, rc);
	rc = scs_store_begin_read(st, &err);
	assert_int_not_equal(rc, SCS_OK);
	assert_int_equal(scs_store_commit(st, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "acme", &o, &err), SCS_OK);
}

static void
test_commit_without_begin_is_an_error(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_not_equal(scs_store_commit(st, &err), SCS_OK);
	assert_int_not_equal(err.rc, SCS_OK);
	/* And it leaves the store usable. */
	assert_int_equal(scs_store_begin(st, &err), SCS_OK);
	assert_int_equal(scs_store_commit(st, &err), SCS_OK);
}

static void
test_a_read_transaction_sees_committed_state(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_org o;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	assert_int_equal(scs_store_begin_read(st, &err), SCS_OK);
	assert_int_equal(scs_store_org_get(st, "acme", &o, &err), SCS_OK);
	assert_int_equal(scs_store_commit(st, &err), SCS_OK);
}

/* ---- meta ------------------------------------------------------------------
 */

static void
test_meta_get_put_and_overwrite(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_blob b = {NULL, 0};
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_equal(scs_store_meta_get(st, "frontier", &b, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(err.rc, SCS_ENOTFOUND);
	assert_null(b.p);

	assert_int_equal(scs_store_meta_put(st, "frontier", "a\0b", 3, &err),
	    SCS_OK);
	assert_int_equal(scs_store_meta_get(st, "frontier", &b, &err), SCS_OK);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.p, "a\0b", 3);

	assert_int_equal(scs_store_meta_put(st, "frontier", "longer value", 12,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_store_meta_get(st, "frontier", &b, &err), SCS_OK);
	assert_int_equal(b.len, 12);
	assert_memory_equal(b.p, "longer value", 12);

	/* An empty value is a value. */
	assert_int_equal(scs_store_meta_put(st, "frontier", "", 0, &err),
	    SCS_OK);
	assert_int_equal(scs_store_meta_get(st, "frontier", &b, &err), SCS_OK);
	assert_int_equal(b.len, 0);
	scs_blob_free(&b);

	assert_int_equal(scs_store_meta_get(st, "other", &b, &err),
	    SCS_ENOTFOUND);
	scs_blob_free(&b);
}

/* ---- users -----------------------------------------------------------------
 */

static void
test_users_put_get_by_apikey_and_each(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_user u, got;
	struct scs_err err;
	struct ids c;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);

	fill_user(&u, "so", "acme", SCS_ROLE_SECURITY_OFFICER);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	fill_user(&u, "taro", "acme", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	fill_user(&u, "feed", "acme", SCS_ROLE_RELYING);
	u.pwhash[0] = '\0';
	(void)snprintf(u.apikey_hash, sizeof(u.apikey_hash), "%064d", 7);
	u.created = 1767225601;
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);

	memset(&got, 0x55, sizeof(got));
	assert_int_equal(scs_store_user_get(st, "taro", &got, &err), SCS_OK);
	assert_string_equal(got.id, "taro");
	assert_string_equal(got.org, "acme");
	assert_int_equal(got.role, SCS_ROLE_SUBJECT);
	assert_string_equal(got.person, "p1");
	assert_false(got.disabled);
	assert_string_equal(got.pwhash,
	    "$argon2id$v=19$m=8,t=1,p=1$c2FsdA$aGFzaA");
	assert_string_equal(got.apikey_hash, "");
	assert_true(got.created == 1767225600);

	assert_int_equal(scs_store_user_by_apikey(st, u.apikey_hash, &got,
	                     &err),
	    SCS_OK);
	assert_string_equal(got.id, "feed");
	assert_int_equal(got.role, SCS_ROLE_RELYING);
	assert_string_equal(got.person, "");
	assert_string_equal(got.pwhash, "");
	assert_true(got.created == 1767225601);
	/* Accounts without a key are not found by the empty key. */
	assert_int_equal(scs_store_user_by_apikey(st, "", &got, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_store_user_by_apikey(st, "ff", &got, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_store_user_get(st, "nobody", &got, &err),
	    SCS_ENOTFOUND);

	/* A client certificate's fingerprint: found by it, round trips,
	 * one account per certificate; none is not found by "". */
	assert_string_equal(got.cert_fp, "");
	assert_int_equal(scs_store_user_by_cert(st, "", &got, &err),
	    SCS_ENOTFOUND);
	(void)snprintf(u.cert_fp, sizeof(u.cert_fp), "%064d", 9);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	memset(&got, 0x55, sizeof(got));
	assert_int_equal(scs_store_user_by_cert(st, u.cert_fp, &got, &err),
	    SCS_OK);
	assert_string_equal(got.id, "feed");
	assert_string_equal(got.cert_fp, u.cert_fp);
	assert_string_equal(got.apikey_hash, u.apikey_hash);
	assert_int_equal(scs_store_user_by_cert(st, "ff", &got, &err),
	    SCS_ENOTFOUND);
	{
		struct scs_user t;

		assert_int_equal(scs_store_user_get(st, "taro", &t, &err),
		    SCS_OK);
		memcpy(t.cert_fp, u.cert_fp, sizeof(t.cert_fp));
		assert_int_equal(scs_store_user_put(st, &t, SCS_PUT_UPDATE,
		                     &err),
		    SCS_ECONFLICT);
	}
	{
		char fp[65];

		memcpy(fp, u.cert_fp, sizeof(fp));
		u.cert_fp[0] = '\0';
		assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE,
		                     &err),
		    SCS_OK);
		assert_int_equal(scs_store_user_by_cert(st, fp, &got, &err),
		    SCS_ENOTFOUND);
	}

	/* Disable one; the flag round trips and shows in the walk. */
	fill_user(&u, "so", "acme", SCS_ROLE_SECURITY_OFFICER);
	u.disabled = true;
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	assert_int_equal(scs_store_user_get(st, "so", &got, &err), SCS_OK);
	assert_true(got.disabled);
	memset(&c, 0, sizeof(c));
	assert_int_equal(scs_store_user_each(st, collect_user, &c, &err),
	    SCS_OK);
	assert_string_equal(joined(&c), "feed so(disabled) taro");
}

static void
test_user_refusals_conflict_missing_and_dangling_references(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_user u;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	fill_user(&u, "a", "acme", SCS_ROLE_ADMIN);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	fill_user(&u, "b", "acme", SCS_ROLE_ADMIN);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE, &err),
	    SCS_ENOTFOUND);
	fill_user(&u, "c", "nope", SCS_ROLE_ADMIN);
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "org");
	fill_user(&u, "d", "acme", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "ghost");
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "person");
}

static void
test_one_subject_account_per_person_and_activation_round_trips(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_user u, got;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	fill_user(&u, "taro", "acme", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	u.pwhash[0] = '\0';
	(void)snprintf(u.activation_hash, sizeof(u.activation_hash), "%064d",
	    9);
	u.activation_expires = 1768435200;
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	assert_int_equal(scs_store_user_get(st, "taro", &got, &err), SCS_OK);
	assert_string_equal(got.activation_hash, u.activation_hash);
	assert_true(got.activation_expires == 1768435200);
	assert_string_equal(got.pwhash, "");

	/* A second subject account for p1 is refused, naming the person. */
	fill_user(&u, "taro2", "acme", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "person");
	/* So is moving another subject account onto p1. */
	(void)snprintf(u.person, sizeof(u.person), "p2");
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "person");
	/* A duplicate username is still the id's conflict. */
	fill_user(&u, "taro", "acme", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "id");

	/* Activation clears the code; the columns round-trip empty. */
	assert_int_equal(scs_store_user_get(st, "taro", &u, &err), SCS_OK);
	u.activation_hash[0] = '\0';
	u.activation_expires = 0;
	(void)snprintf(u.pwhash, sizeof(u.pwhash), "$argon2id$x");
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_UPDATE, &err),
	    SCS_OK);
	assert_int_equal(scs_store_user_get(st, "taro", &got, &err), SCS_OK);
	assert_string_equal(got.activation_hash, "");
	assert_true(got.activation_expires == 0);
	assert_string_equal(got.pwhash, "$argon2id$x");
}

static void
test_a_dangling_org_is_named_even_when_a_person_is_given(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_user u;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	/* The person exists; the organization does not. */
	fill_user(&u, "taro", "nope", SCS_ROLE_SUBJECT);
	(void)snprintf(u.person, sizeof(u.person), "p1");
	scs_err_clear(&err);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "org");
}

static void
test_two_users_cannot_share_an_api_key(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_user u;
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	fill_user(&u, "feed1", "acme", SCS_ROLE_RELYING);
	(void)snprintf(u.apikey_hash, sizeof(u.apikey_hash), "%064d", 1);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	fill_user(&u, "feed2", "acme", SCS_ROLE_RELYING);
	(void)snprintf(u.apikey_hash, sizeof(u.apikey_hash), "%064d", 1);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_ECONFLICT);
	/* Many accounts without a key are fine. */
	fill_user(&u, "x", "acme", SCS_ROLE_ADMIN);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	fill_user(&u, "y", "acme", SCS_ROLE_ADMIN);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
}

/* ---- sign-in failures and sessions ----------------------------------------
 */

static void
test_login_failures_start_at_zero_and_round_trip(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_err err;
	int64_t until = 99;
	int n = 99;

	assert_int_equal(scs_store_login_get(st, "nobody", &n, &until, &err),
	    SCS_OK);
	assert_int_equal(n, 0);
	assert_true(until == 0);
	assert_int_equal(scs_store_login_put(st, "alice", 3, 0, &err), SCS_OK);
	assert_int_equal(scs_store_login_get(st, "alice", &n, &until, &err),
	    SCS_OK);
	assert_int_equal(n, 3);
	assert_true(until == 0);
	assert_int_equal(scs_store_login_put(st, "alice", 5,
	                     1767225600LL * 1000000 + 900, &err),
	    SCS_OK);
	assert_int_equal(scs_store_login_get(st, "alice", &n, &until, &err),
	    SCS_OK);
	assert_int_equal(n, 5);
	assert_true(until == 1767225600LL * 1000000 + 900);
	assert_int_equal(scs_store_login_get(st, "bob", &n, &until, &err),
	    SCS_OK);
	assert_int_equal(n, 0);
}

static void
put_session(struct scs_store *st, const char *hash_seed, const char *user,
    int64_t expires)
{
	struct scs_session s;
	struct scs_err err;

	memset(&s, 0, sizeof(s));
	scs_crypto_token_hash(hash_seed, s.token_hash);
	(void)snprintf(s.user, sizeof(s.user), "%s", user);
	s.created = 1000;
	s.expires = expires;
	if (scs_store_session_put(st, &s, &err) != SCS_OK)
		fail_msg("session: %s", err.reason);
}

static int
session_exists(struct scs_store *st, const char *hash_seed)
{
	struct scs_session s;
	struct scs_err err;
	char h[65];
	int rc;

	scs_crypto_token_hash(hash_seed, h);
	rc = scs_store_session_get(st, h, &s, &err);
	if (rc == SCS_OK)
		assert_string_equal(s.token_hash, h);
	else
		assert_int_equal(rc, SCS_ENOTFOUND);
	return rc == SCS_OK;
}

static void
test_sessions_put_get_and_delete_one_or_all_of_a_user(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_session s;
	struct scs_user u;
	struct scs_err err;
	char h[65];

	mk_org(st, "acme", "ACME");
	fill_user(&u, "alice", "acme", SCS_ROLE_ADMIN);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	fill_user(&u, "bob", "acme", SCS_ROLE_AUDITOR);
	assert_int_equal(scs_store_user_put(st, &u, SCS_PUT_INSERT, &err),
	    SCS_OK);
	put_session(st, "a1", "alice", 2000);
	put_session(st, "a2", "alice", 3000);
	put_session(st, "a3", "alice", 4000);
	put_session(st, "b1", "bob", 5000);

	scs_crypto_token_hash("a2", h);
	memset(&s, 0, sizeof(s));
	assert_int_equal(scs_store_session_get(st, h, &s, &err), SCS_OK);
	assert_string_equal(s.user, "alice");
	assert_true(s.created == 1000);
	assert_true(s.expires == 3000);
	assert_false(session_exists(st, "zz"));

	/* One. */
	assert_int_equal(scs_store_session_delete(st, h, NULL, &err), SCS_OK);
	assert_false(session_exists(st, "a2"));
	assert_true(session_exists(st, "a1"));
	assert_true(session_exists(st, "a3"));
	/* All of alice's, none of bob's. */
	assert_int_equal(scs_store_session_delete(st, NULL, "alice", &err),
	    SCS_OK);
	assert_false(session_exists(st, "a1"));
	assert_false(session_exists(st, "a3"));
	assert_true(session_exists(st, "b1"));
	/* Deleting what is not there is not an error. */
	assert_int_equal(scs_store_session_delete(st, NULL, "alice", &err),
	    SCS_OK);
}

/* ---- audit log and tree heads ------------------------------------------- */

static void
fill_entry(struct scs_audit_entry *e, uint64_t seq)
{
	memset(e, 0, sizeof(*e));
	e->seq = seq;
	e->time_us = 1767225600LL * 1000000 + (int64_t)seq;
	(void)snprintf(e->actor, sizeof(e->actor), "os:root");
	(void)snprintf(e->action, sizeof(e->action), "%s",
	    seq % 2 ? "read" : "create");
	(void)snprintf(e->kind, sizeof(e->kind), "person");
	(void)snprintf(e->object, sizeof(e->object), "p%llu",
	    (unsigned long long)seq);
	(void)snprintf(e->purpose, sizeof(e->purpose), "%s",
	    seq % 2 ? "身辺調査 vetting" : "");
	memset(e->state, (int)seq, sizeof(e->state));
	e->state[0] = 0; /* NULs inside */
	memset(e->leaf, 0xff - (int)seq, sizeof(e->leaf));
}

struct entries {
	uint64_t seq[32];
	size_t n;
	int bad;
};

static int
collect_entry(void *arg, const struct scs_audit_entry *e)
{
	struct entries *c = arg;
	struct scs_audit_entry want;

	fill_entry(&want, e->seq);
	if (memcmp(e, &want, sizeof(want)) != 0)
		c->bad++;
	assert_true(c->n < SCS_NELEM(c->seq));
	c->seq[c->n++] = e->seq;
	return SCS_OK;
}

static const char *
walk_audit(struct scs_store *st, uint64_t from, uint64_t limit)
{
	static char out[256];
	struct entries c;
	struct scs_err err;
	size_t i, n = 0;

	memset(&c, 0, sizeof(c));
	if (scs_store_audit_each(st, from, limit, collect_entry, &c, &err) !=
	    SCS_OK)
		fail_msg("audit_each: %s", err.reason);
	assert_int_equal(c.bad, 0);
	out[0] = '\0';
	for (i = 0; i < c.n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%llu",
		    i ? " " : "", (unsigned long long)c.seq[i]);
	return out;
}

static void
test_audit_append_and_each_from_and_limit(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_audit_entry e;
	struct scs_err err;
	uint64_t i;

	assert_string_equal(walk_audit(st, 0, 0), "");
	for (i = 0; i < 10; i++) {
		fill_entry(&e, i);
		assert_int_equal(scs_store_audit_append(st, &e, &err), SCS_OK);
	}
	assert_string_equal(walk_audit(st, 0, 0), "0 1 2 3 4 5 6 7 8 9");
	assert_string_equal(walk_audit(st, 3, 4), "3 4 5 6");
	assert_string_equal(walk_audit(st, 8, 0), "8 9");
	assert_string_equal(walk_audit(st, 8, 100), "8 9");
	assert_string_equal(walk_audit(st, 0, 1), "0");
	assert_string_equal(walk_audit(st, 10, 0), "");
	/* A sequence number is written once. */
	fill_entry(&e, 4);
	(void)snprintf(e.action, sizeof(e.action), "delete");
	assert_int_equal(scs_store_audit_append(st, &e, &err), SCS_ECONFLICT);
	assert_string_equal(walk_audit(st, 4, 1), "4");
}

static void
test_audit_each_from_beyond_the_end_returns_nothing(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_audit_entry e;
	struct scs_err err;
	uint64_t i;

	for (i = 0; i < 3; i++) {
		fill_entry(&e, i);
		assert_int_equal(scs_store_audit_append(st, &e, &err), SCS_OK);
	}
	assert_string_equal(walk_audit(st, 3, 0), "");
	assert_string_equal(walk_audit(st, (uint64_t)INT64_MAX, 0), "");
	assert_string_equal(walk_audit(st, (uint64_t)INT64_MAX + 1, 0), "");
	assert_string_equal(walk_audit(st, UINT64_MAX, 0), "");
}

static int
entry_json(void *arg, const struct scs_audit_entry *e)
{
	json_t *j = scs_codec_audit_json(e);
	char **out = arg;

	assert_non_null(j);
	*out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	assert_non_null(*out);
	return SCS_OK;
}

/* Bytes that are not UTF-8, stored behind the program's back (the store
 * itself takes any bytes), still read back as valid JSON. */
static void
test_audit_entries_with_bytes_that_are_not_utf8_read_back_as_json(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_audit_entry e;
	struct scs_err err;
	char *text = NULL;
	json_t *j;
	json_error_t jerr;

	fill_entry(&e, 0);
	(void)snprintf(e.purpose, sizeof(e.purpose), "%s",
	    "why \xc3\x28 \xff\xfe");
	(void)snprintf(e.actor, sizeof(e.actor), "%s", "user:\xe5\xb1");
	assert_int_equal(scs_store_audit_append(st, &e, &err), SCS_OK);
	assert_int_equal(scs_store_audit_each(st, 0, 0, entry_json, &text,
	                     &err),
	    SCS_OK);
	j = json_loads(text, 0, &jerr);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "purpose")),
	    "why \xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(json_string_value(json_object_get(j, "actor")),
	    "user:\xef\xbf\xbd\xef\xbf\xbd");
	assert_string_equal(json_string_value(json_object_get(j, "object")),
	    "p0");
	json_decref(j);
	free(text);
}

static int
collect_seq(void *arg, const struct scs_audit_entry *e)
{
	struct entries *c = arg;

	assert_true(c->n < SCS_NELEM(c->seq));
	c->seq[c->n++] = e->seq;
	return SCS_OK;
}

static const char *
find_audit(struct scs_store *st, const struct scs_audit_filter *f,
    uint64_t limit)
{
	static char out[256];
	struct entries c;
	struct scs_err err;
	size_t i, n = 0;

	memset(&c, 0, sizeof(c));
	if (scs_store_audit_find(st, f, limit, collect_seq, &c, &err) != SCS_OK)
		fail_msg("audit_find: %s", err.reason);
	out[0] = '\0';
	for (i = 0; i < c.n; i++)
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%llu",
		    i ? " " : "", (unsigned long long)c.seq[i]);
	return out;
}

static struct scs_audit_filter
any_entry(void)
{
	struct scs_audit_filter f;

	memset(&f, 0, sizeof(f));
	f.from_us = INT64_MIN;
	f.to_us = INT64_MAX;
	return f;
}

/* fill_entry: odd entries are "read" with a purpose, even ones "create";
 * objects p0..p9; times one microsecond apart. */
static void
test_audit_find_filters_in_the_query_and_combines(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_audit_filter f = any_entry();
	struct scs_audit_entry e;
	struct scs_err err;
	int64_t t0 = 1767225600LL * 1000000;
	uint64_t i;

	for (i = 0; i < 10; i++) {
		fill_entry(&e, i);
		if (i >= 7)
			(void)snprintf(e.actor, sizeof(e.actor), "user:alice");
		assert_int_equal(scs_store_audit_append(st, &e, &err), SCS_OK);
	}
	assert_string_equal(find_audit(st, &f, 0), "0 1 2 3 4 5 6 7 8 9");
	f.action = "read";
	assert_string_equal(find_audit(st, &f, 0), "1 3 5 7 9");
	assert_string_equal(find_audit(st, &f, 2), "1 3");
	f.from_seq = 4;
	assert_string_equal(find_audit(st, &f, 2), "5 7");
	f.actor = "user:alice";
	assert_string_equal(find_audit(st, &f, 0), "7 9");
	f.object = "p9";
	assert_string_equal(find_audit(st, &f, 0), "9");
	f.kind = "organization";
	assert_string_equal(find_audit(st, &f, 0), "");
	f = any_entry();
	f.kind = "person";
	f.object = "p3";
	assert_string_equal(find_audit(st, &f, 0), "3");
	/* Times: from inclusive, to exclusive. */
	f = any_entry();
	f.from_us = t0 + 2;
	f.to_us = t0 + 5;
	assert_string_equal(find_audit(st, &f, 0), "2 3 4");
	f.to_us = t0 + 2;
	assert_string_equal(find_audit(st, &f, 0), "");
	f.from_us = INT64_MIN;
	f.to_us = t0 + 1;
	assert_string_equal(find_audit(st, &f, 0), "0");
	f.to_us = INT64_MAX;
	f.actor = "os:root";
	f.from_us = t0 + 3;
	assert_string_equal(find_audit(st, &f, 0), "3 4 5 6");
	/* Beyond any sequence number: nothing, no error. */
	f = any_entry();
	f.from_seq = (uint64_t)INT64_MAX + 1;
	assert_string_equal(find_audit(st, &f, 0), "");
	/* Exact matches only: no patterns, no case folding. */
	f = any_entry();
	f.actor = "user:%";
	assert_string_equal(find_audit(st, &f, 0), "");
	f.actor = "USER:ALICE";
	assert_string_equal(find_audit(st, &f, 0), "");
}

struct heads {
	uint64_t size[16];
	int64_t time_us[16];
	uint8_t root0[16];
	size_t n;
};

static int
collect_head(void *arg, const struct scs_tree_head *h)
{
	struct heads *c = arg;

	assert_true(c->n < SCS_NELEM(c->size));
	c->size[c->n] = h->size;
	c->time_us[c->n] = h->time_us;
	c->root0[c->n] = h->root[0];
	assert_int_equal(h->sig[63], (uint8_t)(h->size + 1));
	c->n++;
	return SCS_OK;
}

static void
put_head(struct scs_store *st, uint64_t size, int64_t time_us)
{
	struct scs_tree_head h;
	struct scs_err err;

	memset(&h, 0, sizeof(h));
	h.size = size;
	h.time_us = time_us;
	memset(h.root, (int)(size * 3), sizeof(h.root));
	memset(h.sig, 0, sizeof(h.sig));
	h.sig[63] = (uint8_t)(size + 1);
	assert_int_equal(scs_store_head_put(st, &h, &err), SCS_OK);
}

static void
test_tree_heads_come_back_in_size_order(void **state)
{
	struct scs_store *st = ST(state);
	struct heads c;
	struct scs_err err;

	put_head(st, 5, 500);
	put_head(st, 1, 100);
	put_head(st, 3, 300);
	put_head(st, 3, 301); /* the same size again replaces it */
	memset(&c, 0, sizeof(c));
	assert_int_equal(scs_store_head_each(st, collect_head, &c, &err),
	    SCS_OK);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.size[0], 1);
	assert_int_equal(c.size[1], 3);
	assert_int_equal(c.size[2], 5);
	assert_true(c.time_us[1] == 301);
	assert_int_equal(c.root0[2], 15);
}

/* ---- queries over any kind ------------------------------------------ */

static void
put_clearance(struct scs_store *st, const char *person, const char *auth,
    const char *from, const char *until)
{
	struct scs_record r;
	struct scs_err err;

	scs_record_init(&r, SCS_KIND_CLEARANCE);
	(void)snprintf(r.u.clearance.person, sizeof(r.u.clearance.person), "%s",
	    person);
	(void)snprintf(r.u.clearance.authority, sizeof(r.u.clearance.authority),
	    "%s", auth);
	(void)snprintf(r.u.clearance.level, sizeof(r.u.clearance.level),
	    "SECRET");
	r.u.clearance.status = SCS_CLR_ACTIVE;
	assert_int_equal(scs_time_parse(from, strlen(from), "f",
	                     &r.u.clearance.valid_from, &err),
	    SCS_OK);
	r.u.clearance.valid_until = SCS_TIME_NEVER;
	if (until != NULL)
		assert_int_equal(scs_time_parse(until, strlen(until), "u",
		                     &r.u.clearance.valid_until, &err),
		    SCS_OK);
	if (scs_store_rec_put(st, &r, SCS_PUT_INSERT, &err) != SCS_OK)
		fail_msg("clearance: %s: %s", err.field, err.reason);
}

struct objs {
	char text[1024];
	struct scs_record last;
	size_t n;
};

static int
collect_obj(void *arg, const struct scs_record *r)
{
	struct objs *o = arg;
	char name[3 * SCS_ID_MAX];
	size_t at = strlen(o->text);

	scs_record_object(r, name, sizeof(name));
	(void)snprintf(o->text + at, sizeof(o->text) - at, "%s%s",
	    at ? " " : "", name);
	o->last = *r;
	o->n++;
	return SCS_OK;
}

static const char *
query(struct scs_store *st, enum scs_kind kind, const struct scs_rec_query *q,
    struct objs *o)
{
	struct scs_err err;

	memset(o, 0, sizeof(*o));
	if (scs_store_rec_query(st, kind, q, collect_obj, o, &err) != SCS_OK)
		fail_msg("query: %s: %s", err.field, err.reason);
	return o->text;
}

static void
test_record_queries_filter_by_field_period_and_time_range(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_rec_query q;
	struct scs_err err;
	struct objs o;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	put_clearance(st, "p2", "USA", "2020-01-01", "2025-01-01");
	put_clearance(st, "p1", "USA", "2021-01-01", NULL);
	put_clearance(st, "p1", "GBR", "2019-01-01", "2022-01-01");
	put_clearance(st, "p1", "USA", "2018-01-01", "2021-01-01");

	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = "p1";
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/GBR/2019-01-01 p1/USA/2018-01-01 "
	    "p1/USA/2021-01-01");
	q.eq[1].field = "authority";
	q.eq[1].value = "USA";
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/USA/2018-01-01 p1/USA/2021-01-01");
	/* Valid at a time: from <= t < until, an open end never ends. */
	memset(&q, 0, sizeof(q));
	q.has_at = true;
	assert_int_equal(scs_time_parse("2021-01-01", 10, "t", &q.at, &err),
	    SCS_OK);
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/GBR/2019-01-01 p1/USA/2021-01-01 "
	    "p2/USA/2020-01-01");
	/* A half-open range over one time field. */
	memset(&q, 0, sizeof(q));
	q.time_field = "valid_from";
	assert_int_equal(scs_time_parse("2019-01-01", 10, "t", &q.time_from,
	                     &err),
	    SCS_OK);
	assert_int_equal(scs_time_parse("2021-01-01", 10, "t", &q.time_to,
	                     &err),
	    SCS_OK);
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/GBR/2019-01-01 p2/USA/2020-01-01");
	q.time_to = SCS_TIME_NEVER;
	assert_int_equal(o.n, 2);
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/GBR/2019-01-01 p1/USA/2021-01-01 "
	    "p2/USA/2020-01-01");
	/* A field the kind lacks is a programming error, not an empty set. */
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "owner";
	q.eq[0].value = "acme";
	assert_int_equal(scs_store_rec_query(st, SCS_KIND_CLEARANCE, &q,
	                     collect_obj, &o, &err),
	    SCS_EINTERNAL);
}

static int
sum_from(void *arg, const struct scs_record *r)
{
	struct objs *o = arg;

	/* Only the named fields are read: the others stay empty. */
	if (r->u.clearance.person[0] != '\0' ||
	    r->u.clearance.level[0] != '\0' || r->u.clearance.valid_until != 0)
		return SCS_EINTERNAL;
	(void)snprintf(o->text + strlen(o->text),
	    sizeof(o->text) - strlen(o->text), "%s;", r->u.clearance.authority);
	o->n++;
	return SCS_OK;
}

static void
test_record_queries_count_match_a_set_and_read_chosen_fields(void **state)
{
	static const char *const auths[] = {"GBR", "AUS", NULL};
	static const char *const fields[] = {"authority", "valid_from", NULL};
	struct scs_store *st = ST(state);
	struct scs_rec_query q;
	struct scs_err err;
	struct objs o;
	uint64_t n = 99;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	put_clearance(st, "p2", "USA", "2020-01-01", NULL);
	put_clearance(st, "p1", "GBR", "2019-01-01", NULL);
	put_clearance(st, "p2", "AUS", "2019-01-01", NULL);
	put_clearance(st, "p1", "USA", "2018-01-01", NULL);

	assert_int_equal(scs_store_rec_count(st, SCS_KIND_CLEARANCE, NULL, &n,
	                     &err),
	    SCS_OK);
	assert_int_equal(n, 4);
	memset(&q, 0, sizeof(q));
	q.in_field = "authority";
	q.in_values = auths;
	assert_int_equal(scs_store_rec_count(st, SCS_KIND_CLEARANCE, &q, &n,
	                     &err),
	    SCS_OK);
	assert_int_equal(n, 2);
	assert_string_equal(query(st, SCS_KIND_CLEARANCE, &q, &o),
	    "p1/GBR/2019-01-01 p2/AUS/2019-01-01");
	q.eq[0].field = "person";
	q.eq[0].value = "p2";
	assert_int_equal(scs_store_rec_count(st, SCS_KIND_CLEARANCE, &q, &n,
	                     &err),
	    SCS_OK);
	assert_int_equal(n, 1);
	/* Chosen fields, in no particular order: the same records. */
	memset(&q, 0, sizeof(q));
	q.fields = fields;
	q.unordered = true;
	memset(&o, 0, sizeof(o));
	assert_int_equal(scs_store_rec_query(st, SCS_KIND_CLEARANCE, &q,
	                     sum_from, &o, &err),
	    SCS_OK);
	assert_int_equal(o.n, 4);
	assert_non_null(strstr(o.text, "GBR;"));
	assert_non_null(strstr(o.text, "AUS;"));
	/* An empty set or a field the kind lacks is a programming error. */
	memset(&q, 0, sizeof(q));
	q.in_field = "owner";
	q.in_values = auths;
	assert_int_equal(scs_store_rec_count(st, SCS_KIND_CLEARANCE, &q, &n,
	                     &err),
	    SCS_EINTERNAL);
	q.in_field = "authority";
	q.in_values = auths + 2;
	assert_int_equal(scs_store_rec_count(st, SCS_KIND_CLEARANCE, &q, &n,
	                     &err),
	    SCS_EINTERNAL);
}

static int
collect_auth(void *arg, const struct scs_record *r)
{
	struct objs *o = arg;

	(void)snprintf(o->text + strlen(o->text),
	    sizeof(o->text) - strlen(o->text), "%s/%s;", r->u.clearance.person,
	    r->u.clearance.authority);
	o->n++;
	return SCS_OK;
}

/* Two shards read on two connections hold every record once. */
static void
test_shards_on_two_connections_cover_every_record_once(void **state)
{
	static const char *const auths[] = {"USA", "GBR", "AUS", "NATO", "EU",
	    "JPN-SDS", "JPN-CESI"};
	struct scs_store *st = ST(state), *st2 = NULL;
	struct scs_rec_query q;
	struct scs_err err;
	struct objs o[2];
	char all[2048] = "", one[64];
	size_t i;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	for (i = 0; i < SCS_NELEM(auths); i++) {
		put_clearance(st, "p1", auths[i], "2020-01-01", NULL);
		put_clearance(st, "p2", auths[i], "2020-01-01", NULL);
	}
	assert_int_equal(scs_store_reopen(st, &st2, &err), SCS_OK);
	memset(&q, 0, sizeof(q));
	q.unordered = true;
	q.nshards = 2;
	memset(o, 0, sizeof(o));
	for (i = 0; i < 2; i++) {
		q.shard = (unsigned)i;
		assert_int_equal(scs_store_rec_query(i ? st2 : st,
		                     SCS_KIND_CLEARANCE, &q, collect_auth,
		                     &o[i], &err),
		    SCS_OK);
		assert_true(o[i].n > 0);
	}
	assert_int_equal(o[0].n + o[1].n, 2 * SCS_NELEM(auths));
	(void)snprintf(all, sizeof(all), "%s%s", o[0].text, o[1].text);
	for (i = 0; i < 2 * SCS_NELEM(auths); i++) {
		char *at;

		(void)snprintf(one, sizeof(one), "p%zu/%s;", i % 2 + 1,
		    auths[i / 2]);
		assert_non_null(at = strstr(all, one));
		assert_null(strstr(at + 1, one)); /* once */
	}
	/* A shard of an ordered or paged query, or past the last: a
	 * programming error. */
	q.shard = 2;
	assert_int_equal(scs_store_rec_query(st, SCS_KIND_CLEARANCE, &q,
	                     collect_auth, &o[0], &err),
	    SCS_EINTERNAL);
	q.shard = 0;
	q.unordered = false;
	assert_int_equal(scs_store_rec_query(st, SCS_KIND_CLEARANCE, &q,
	                     collect_auth, &o[0], &err),
	    SCS_EINTERNAL);
	scs_store_close(st2);
}

static void
test_record_queries_page_with_a_cursor_on_a_composite_key(void **state)
{
	struct scs_store *st = ST(state);
	struct scs_record after;
	struct scs_rec_query q;
	struct objs o;
	char all[2048] = "";
	size_t pages = 0;

	mk_org(st, "acme", "ACME");
	put_person(st, "p1", "acme", 1);
	put_person(st, "p2", "acme", 1);
	put_clearance(st, "p2", "USA", "2020-01-01", NULL);
	put_clearance(st, "p1", "USA", "2021-01-01", NULL);
	put_clearance(st, "p1", "GBR", "2019-01-01", NULL);
	put_clearance(st, "p1", "USA", "2018-01-01", NULL);
	put_clearance(st, "p1", "GBR", "2020-06-01", NULL);

	memset(&q, 0, sizeof(q));
	q.limit = 2;
	/* The cursor is a record: each page starts after the last one. */
	for (;;) {
		size_t at = strlen(all);

		(void)query(st, SCS_KIND_CLEARANCE, &q, &o);
		if (o.n == 0)
			break;
		assert_true(o.n <= 2);
		(void)snprintf(all + at, sizeof(all) - at, "%s%s",
		    at ? " " : "", o.text);
		after = o.last;
		q.after = &after;
		pages++;
	}
	assert_int_equal(pages, 3);
	assert_string_equal(all,
	    "p1/GBR/2019-01-01 p1/GBR/2020-06-01 "
	    "p1/USA/2018-01-01 p1/USA/2021-01-01 "
	    "p2/USA/2020-01-01");
}

static void
test_the_kind_table_defines_every_kind_once(void **state)
{
	enum scs_kind k;
	size_t i, j;

	(void)state;
	for (i = 0; i < SCS_KIND_N; i++) {
		const struct scs_kind_def *d = scs_kind_def((enum scs_kind)i);

		assert_non_null(d);
		assert_int_equal(d->kind, (enum scs_kind)i);
		assert_int_equal(scs_kind_parse(d->name, &k), 0);
		assert_int_equal(k, (enum scs_kind)i);
		assert_true(d->nkey >= 1 && d->nkey <= SCS_KEY_MAX);
		/* The store picks a query's columns with a 64-bit mask. */
		assert_true(d->nfields <= 64);
		for (j = 0; j < d->nkey; j++)
			assert_non_null(scs_kind_field(d, d->key[j]));
		for (j = 0; j < d->nfields; j++)
			if (d->fields[j].ref != NULL)
				assert_int_equal(scs_kind_parse(d->fields[j]
				                                    .ref,
				                     &k),
				    0);
		assert_non_null(d->validate);
		/* Vetting records and alerts move only through their
		 * operations. */
		if (i >= SCS_KIND_CASE)
			assert_true(d->writers == 0 && d->readers == 0);
		else
			assert_true(d->writers != 0 && d->readers != 0);
		/* Field names are SQL column names, never quoted. */
		for (j = 0; j < d->nfields; j++) {
			static const char *const reserved[] = {"case", "from",
			    "to", "by", "order", "group", "select", "where",
			    "table", "user", "end", "default", "check"};
			size_t w;

			for (w = 0; w < SCS_NELEM(reserved); w++)
				assert_string_not_equal(d->fields[j].name,
				    reserved[w]);
		}
	}
	assert_int_equal(SCS_KIND_N, 23);
	assert_true(scs_kind_has_sealed(scs_kind_def(SCS_KIND_PERSON)));
	assert_false(scs_kind_has_sealed(scs_kind_def(SCS_KIND_ITEM)));
	assert_false(scs_kind_def(SCS_KIND_COMPARTMENT)->decision_input);
	assert_true(scs_kind_def(SCS_KIND_CLEARANCE)->decision_input);
	assert_int_equal(scs_kind_parse("case", &k), 0);
	assert_int_equal(k, SCS_KIND_CASE);
	assert_int_equal(scs_kind_parse("cases", &k), -1);
	assert_true(scs_kind_has_sealed(scs_kind_def(SCS_KIND_CASE)));
	assert_false(scs_kind_def(SCS_KIND_CASE)->decision_input);
}

/* A callback that queries again, with more distinct queries than the
 * backend caches statements: none of them may evict (finalize) or reset
 * the statement of the query still running around them. */
struct nested {
	struct scs_store *st;
	size_t rows, inner;
};

static int
nop_cb(void *arg, const struct scs_record *r)
{
	(void)arg;
	(void)r;
	return SCS_OK;
}

static int
nested_cb(void *arg, const struct scs_record *r)
{
	struct nested *x = arg;
	struct scs_rec_query q;
	struct scs_err err;
	uint64_t n;
	int k, v;

	(void)r;
	if (x->rows++ > 0)
		return SCS_OK;
	/* 15 kinds, each counted and queried four ways: 75 statements. */
	for (k = 0; k < SCS_KIND_N; k++) {
		assert_int_equal(scs_store_rec_count(x->st, (enum scs_kind)k,
		                     NULL, &n, &err),
		    SCS_OK);
		x->inner++;
		for (v = 0; v < 4; v++) {
			memset(&q, 0, sizeof(q));
			q.unordered = (v & 1) != 0;
			q.limit = (v & 2) != 0 ? 1 : 0;
			assert_int_equal(scs_store_rec_query(x->st,
			                     (enum scs_kind)k, &q, nop_cb, NULL,
			                     &err),
			    SCS_OK);
			x->inner++;
		}
	}
	return SCS_OK;
}

static void
test_queries_inside_a_query_callback_leave_the_outer_running(void **state)
{
	struct scs_store *st = ST(state);
	struct nested x = {st, 0, 0};
	struct scs_err err;

	mk_org(st, "acme", "ACME");
	mk_org(st, "mod", "MOD");
	assert_int_equal(scs_store_rec_query(st, SCS_KIND_ORG, NULL, nested_cb,
	                     &x, &err),
	    SCS_OK);
	assert_true(x.inner > 64); /* more than the cache holds */
	assert_int_equal(x.rows, 2);
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    FX(test_migrate_is_idempotent_at_the_latest_version),
	    FX(test_committed_data_survives_close_and_reopen),
	    FX(test_opening_a_missing_file_without_create_is_not_found),
	    FX(test_a_file_that_is_not_a_database_is_refused_without_a_crash),
	    FX(test_unreachable_databases_and_empty_urls_are_refused),
	    FX(test_org_insert_get_and_update),
	    FX(test_org_insert_of_an_existing_id_is_a_conflict_on_id),
	    FX(test_org_update_of_a_missing_id_is_not_found),
	    FX(test_org_each_walks_in_id_order),
	    FX(test_person_round_trips_byte_exact),
	    FX(test_person_update_replaces_every_field),
	    FX(test_person_of_an_unknown_org_is_invalid_on_org),
	    FX(test_person_insert_of_an_existing_id_is_a_conflict),
	    FX(test_person_each_walks_in_id_order_with_filter_paging_and_limit),
	    FX(test_person_each_stops_when_the_callback_says_so),
	    FX(test_person_sealed_under_selects_other_keys),
	    FX(test_rollback_after_inserts_leaves_nothing),
	    FX(test_begin_twice_is_an_error_and_the_first_stays_open),
	    FX(test_commit_without_begin_is_an_error),
	    FX(test_a_read_transaction_sees_committed_state),
	    FX(test_meta_get_put_and_overwrite),
	    FX(test_users_put_get_by_apikey_and_each),
	    FX(test_user_refusals_conflict_missing_and_dangling_references),
	    FX(test_one_subject_account_per_person_and_activation_round_trips),
	    FX(test_a_dangling_org_is_named_even_when_a_person_is_given),
	    FX(test_two_users_cannot_share_an_api_key),
	    FX(test_login_failures_start_at_zero_and_round_trip),
	    FX(test_sessions_put_get_and_delete_one_or_all_of_a_user),
	    FX(test_audit_append_and_each_from_and_limit),
	    FX(test_audit_each_from_beyond_the_end_returns_nothing),
	    FX(test_audit_entries_with_bytes_that_are_not_utf8_read_back_as_json),
	    FX(test_audit_find_filters_in_the_query_and_combines),
	    FX(test_tree_heads_come_back_in_size_order),
	    FX(test_record_queries_filter_by_field_period_and_time_range),
	    FX(test_record_queries_page_with_a_cursor_on_a_composite_key),
	    FX(test_record_queries_count_match_a_set_and_read_chosen_fields),
	    FX(test_shards_on_two_connections_cover_every_record_once),
	    FX(test_queries_inside_a_query_callback_leave_the_outer_running),
	    cmocka_unit_test(test_the_kind_table_defines_every_kind_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
