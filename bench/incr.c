/* SPDX-License-Identifier: Apache-2.0 */
/*
 * incr.c - the incremental decision index against a full build.
 *
 *   incr REFDIR REGISTER [UPDATES]
 *       In memory: loads the register (as decide.c does), times the full
 *       build (every scs_index_add_* plus scs_index_build), then UPDATES
 *       (default 10000) updates of one person each, of persons spread
 *       over the register: scs_index_update_new, the person and all its
 *       records re-added (its first clearance's status flipped, so each
 *       is a real change), scs_index_update_finish, and the previous
 *       version freed, as a publish would.  Reports the median and p99
 *       of the first 1000 updates (small overlay) and of the last 1000
 *       (the overlay grown by all of them), and checks that the last
 *       version decides as a full build of the changed register over
 *       the changed persons and the first 1000 items.
 *
 *   incr --db DB KEYDIR REFDIR [CHANGES]
 *       On a register store (SQLite file or PostgreSQL URL made with
 *       `scs init` + `scs import`): times scs_op_index_build_at (what the
 *       server does at start) and, CHANGES times (default 200), one
 *       clearance changed through scs_op_rec_update (not timed) and
 *       scs_op_index_follow (timed: audit entries read, the person's
 *       records re-read, the update made).
 *
 * Prints "RESULT key=value ..." lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "harness.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/index.h"
#include "scs/ops.h"
#include "scs/refdata.h"
#include "scs/time.h"

#define BATCH 4096

/* The records of one sampled person, kept for the updates. */
struct sample {
	struct scs_record *recs; /* [0]: the person */
	size_t n, cap;
};

struct loader {
	const struct scs_refdata *rd;
	struct scs_index_builder *b;
	struct scs_relatives *rel;
	struct scs_record *batch;
	size_t n;
	double add_s;
	size_t lines, persons, every;
	struct sample *samples;
	size_t nsamples, cap;
	int in_sample;
	int skip_sampled; /* leave the sampled persons' records out */
	const char *path;
};

static void
add_batch(struct loader *l)
{
	double t0 = bh_now();
	size_t i;
	int rc = SCS_OK;

	for (i = 0; i < l->n && rc == SCS_OK; i++) {
		struct scs_record *r = &l->batch[i];

		if (r->kind == SCS_KIND_ORG)
			rc = scs_index_add_org(l->b, &r->u.org);
		else if (r->kind == SCS_KIND_PERSON)
			rc = scs_index_add_person(l->b, &r->u.person);
		else
			rc = scs_index_add_rec(l->b, r->kind, &r->u);
	}
	l->add_s += bh_now() - t0;
	if (rc != SCS_OK)
		bh_die("scs_index_add failed", l->path, NULL);
	for (i = 0; i < l->n; i++)
		scs_record_clear(&l->batch[i]);
	l->n = 0;
}

static int
parse_line(struct loader *l, const json_t *j, struct scs_record *r,
    struct scs_err *err)
{
	const char *kind = json_string_value(json_object_get(j, "kind"));
	enum scs_kind k;
	bool has_rel = false;
	int rc;

	if (kind == NULL || scs_kind_parse(kind, &k) != 0)
		return scs_err_set(err, SCS_EINVAL, "kind", "bad kind");
	if (k != SCS_KIND_PERSON)
		return scs_codec_rec_parse(l->rd, j, k, 0, r, err);
	scs_record_init(r, k);
	rc = scs_codec_person_parse(j, &r->u.person, l->rel, &has_rel, err);
	if (has_rel)
		scs_crypto_wipe(l->rel, sizeof(*l->rel));
	return rc;
}

/* A person's records follow it in the register file (gen.c). */
static void
keep(struct loader *l, const struct scs_record *r)
{
	struct sample *s;

	if (r->kind == SCS_KIND_PERSON) {
		l->in_sample = l->persons++ % l->every == 0;
		if (!l->in_sample || l->skip_sampled)
			return;
		l->samples = bh_grow(l->samples, &l->cap, l->nsamples + 1,
		    sizeof(*l->samples));
		memset(&l->samples[l->nsamples++], 0, sizeof(*l->samples));
	} else if (!l->in_sample || r->kind == SCS_KIND_ITEM ||
	    r->kind == SCS_KIND_ORG) {
		l->in_sample = 0;
		return;
	}
	if (l->skip_sampled)
		return;
	s = &l->samples[l->nsamples - 1];
	s->recs = bh_grow(s->recs, &s->cap, s->n + 1, sizeof(*s->recs));
	s->recs[s->n] = *r;
	if (r->kind == SCS_KIND_PERSON)
		memset(&s->recs[s->n].u.person.relatives, 0,
		    sizeof(s->recs[s->n].u.person.relatives));
	s->n++;
}

static void
load_register(struct loader *l, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (f == NULL)
		bh_die("cannot open", path, NULL);
	l->path = path;
	while ((len = getline(&line, &cap, f)) > 0) {
		json_error_t jerr;
		struct scs_err err;
		json_t *j;

		l->lines++;
		if (len == 1 && line[0] == '\n')
			continue;
		j = json_loadb(line, (size_t)len, JSON_REJECT_DUPLICATES,
		    &jerr);
		if (j == NULL)
			bh_die("bad JSON", path, jerr.text);
		scs_err_clear(&err);
		if (parse_line(l, j, &l->batch[l->n], &err) != SCS_OK)
			bh_die("bad record", err.field, err.reason);
		json_decref(j);
		keep(l, &l->batch[l->n]);
		if (l->skip_sampled && l->in_sample) {
			scs_record_clear(&l->batch[l->n]);
			continue;
		}
		if (++l->n == BATCH)
			add_batch(l);
	}
	add_batch(l);
	free(line);
	(void)fclose(f);
}

static void
load_refdata(const char *dir, struct scs_refdata *rd)
{
	char path[4096];
	struct scs_err err;
	size_t i, len;

	memset(rd, 0, sizeof(*rd));
	for (i = 0; i < SCS_NELEM(scs_refdata_files); i++) {
		char *text;

		(void)snprintf(path, sizeof(path), "%s/%s", dir,
		    scs_refdata_files[i]);
		text = bh_slurp(path, &len);
		if (scs_refdata_parse(rd, scs_refdata_files[i], text, len,
		        &err) != SCS_OK)
			bh_die("reference table", err.field, err.reason);
		free(text);
	}
	if (scs_refdata_check(rd, &err) != SCS_OK)
		bh_die("reference tables", err.field, err.reason);
}

/* One update: sample @s with its first clearance's status flipped. */
static struct scs_index *
update_one(const struct scs_index *ix, struct sample *s)
{
	struct scs_index_update *u = scs_index_update_new(ix);
	struct scs_index *out = NULL;
	struct scs_err err;
	size_t i;
	int rc, flipped = 0;

	if (u == NULL)
		bh_die("out of memory", NULL, NULL);
	rc = scs_index_update_subject(u, s->recs[0].u.person.id);
	for (i = 0; rc == SCS_OK && i < s->n; i++) {
		struct scs_record *r = &s->recs[i];

		if (r->kind == SCS_KIND_CLEARANCE && !flipped) {
			r->u.clearance.status =
			    r->u.clearance.status == SCS_CLR_ACTIVE
			    ? SCS_CLR_SUSPENDED
			    : SCS_CLR_ACTIVE;
			flipped = 1;
		}
		rc = r->kind == SCS_KIND_PERSON
		    ? scs_index_update_add_person(u, &r->u.person)
		    : scs_index_update_add_rec(u, r->kind, &r->u);
	}
	if (rc != SCS_OK) {
		scs_index_update_free(u);
		bh_die("update add failed", s->recs[0].u.person.id, NULL);
	}
	if (scs_index_update_finish(u, &out, &err) != SCS_OK)
		bh_die("update failed", err.field, err.reason);
	return out;
}

static double
pct(double *v, size_t n, double p)
{
	qsort(v, n, sizeof(*v), bh_cmp_double);
	return v[(size_t)((double)(n - 1) * p)];
}

static int
in_memory(int argc, char **argv)
{
	struct scs_refdata rd;
	struct scs_index *ix, *full;
	struct scs_index_stats st;
	struct scs_err err;
	struct loader l;
	size_t updates = argc > 3 ? (size_t)atol(argv[3]) : 10000, i, k;
	size_t first, nsamp, checked = 0;
	double t0, load_s, build_s, *dt, med_first, p99_first, med_last,
	    p99_last, total = 0;

	load_refdata(argv[1], &rd);
	memset(&l, 0, sizeof(l));
	l.rd = &rd;
	l.every = 1;
	/* Sample about 2,000 persons spread over the register: count them
	 * first (one line each, "kind":"person"). */
	{
		FILE *f = fopen(argv[2], "r");
		char *line = NULL;
		size_t cap = 0, np = 0;

		if (f == NULL)
			bh_die("cannot open", argv[2], NULL);
		while (getline(&line, &cap, f) > 0)
			np += strncmp(line, "{\"kind\":\"person\"", 16) == 0;
		free(line);
		(void)fclose(f);
		l.every = np / 2000 > 0 ? np / 2000 : 1;
	}
	if ((l.b = scs_index_builder_new(&rd)) == NULL)
		bh_die("out of memory", NULL, NULL);
	l.batch = bh_alloc(BATCH * sizeof(*l.batch));
	if ((l.rel = scs_crypto_secalloc(sizeof(*l.rel))) == NULL)
		bh_die("out of secure memory", NULL, NULL);
	t0 = bh_now();
	load_register(&l, argv[2]);
	load_s = bh_now() - t0;
	t0 = bh_now();
	if (scs_index_build(l.b, &ix, &err) != SCS_OK)
		bh_die("index build", err.field, err.reason);
	build_s = bh_now() - t0;
	scs_index_stats(ix, &st);
	nsamp = l.nsamples;
	(void)printf("incr: %zu persons, %zu sampled; full build %.3f s "
	             "(scs_index_add_* %.3f s + scs_index_build %.3f s)\n",
	    l.persons, nsamp, l.add_s + build_s, l.add_s, build_s);
	dt = bh_alloc(updates * sizeof(*dt));
	for (i = 0; i < updates; i++) {
		struct scs_index *next;

		t0 = bh_now();
		next = update_one(ix, &l.samples[i % nsamp]);
		scs_index_free(ix); /* the old version, as a publish does */
		dt[i] = bh_now() - t0;
		total += dt[i];
		ix = next;
	}
	first = updates < 1000 ? updates : 1000;
	med_first = pct(dt, first, 0.5);
	p99_first = pct(dt, first, 0.99);
	med_last = pct(dt + (updates - first), first, 0.5);
	p99_last = pct(dt + (updates - first), first, 0.99);
	(void)printf("incr: %zu updates of one person: first %zu median "
	             "%.1f us p99 %.1f us; last %zu median %.1f us p99 %.1f "
	             "us (overlay %zu entries and records, fold due: %s); "
	             "%.3f s in all\n",
	    updates, first, med_first * 1e6, p99_first * 1e6, first,
	    med_last * 1e6, p99_last * 1e6, scs_index_overlay_size(ix),
	    scs_index_fold_due(ix) ? "yes" : "no", total);
	/* The last version against a full build of the register as
	 * changed: the file without the sampled persons' records, then
	 * theirs as the updates left them; every sampled person against
	 * the first 1000 items, by id. */
	{
		struct loader l2;
		int64_t t = 1767225600;

		memset(&l2, 0, sizeof(l2));
		l2.rd = &rd;
		if ((l2.b = scs_index_builder_new(&rd)) == NULL)
			bh_die("out of memory", NULL, NULL);
		l2.batch = bh_alloc(BATCH * sizeof(*l2.batch));
		l2.rel = l.rel;
		l2.every = l.every;
		l2.skip_sampled = 1;
		load_register(&l2, argv[2]);
		for (i = 0; i < nsamp; i++)
			for (k = 0; k < l.samples[i].n; k++) {
				const struct scs_record *r =
				    &l.samples[i].recs[k];
				int rc = r->kind == SCS_KIND_PERSON
				    ? scs_index_add_person(l2.b, &r->u.person)
				    : scs_index_add_rec(l2.b, r->kind, &r->u);

				if (rc != SCS_OK)
					bh_die("add failed", NULL, NULL);
			}
		if (scs_index_build(l2.b, &full, &err) != SCS_OK)
			bh_die("index build", err.field, err.reason);
		free(l2.batch);
		for (i = 0; i < nsamp; i++) {
			const char *id = l.samples[i].recs[0].u.person.id;
			int32_t s1 = scs_index_subject(ix, id, strlen(id));
			int32_t s2 = scs_index_subject(full, id, strlen(id));

			for (k = 0; k < 1000 && k < st.items; k++) {
				const char *it =
				    scs_index_item_id(ix, (int32_t)k);
				int32_t h2 =
				    scs_index_item(full, it, strlen(it));

				if (scs_index_decide(ix, s1, (int32_t)k, t) !=
				    scs_index_decide(full, s2, h2, t))
					bh_die("the updated index and a full "
					       "build differ",
					    id, it);
				checked++;
			}
		}
		scs_index_free(full);
	}
	(void)printf("incr: peak RSS %ld MiB; %zu decisions checked against a "
	             "full build of the changed register: same\n",
	    bh_peak_kb() / 1024, checked);
	(void)printf("RESULT incr-mem persons=%zu full_s=%.3f add_s=%.3f "
	             "build_s=%.3f load_s=%.3f updates=%zu "
	             "upd_med_us=%.1f upd_p99_us=%.1f upd_last_med_us=%.1f "
	             "upd_last_p99_us=%.1f overlay=%zu checked=%zu\n",
	    l.persons, l.add_s + build_s, l.add_s, build_s, load_s, updates,
	    med_first * 1e6, p99_first * 1e6, med_last * 1e6, p99_last * 1e6,
	    scs_index_overlay_size(ix), checked);
	scs_index_free(ix);
	return 0;
}

static int64_t
clock_real(void)
{
	return scs_clock_real();
}

/* Every person id, to pick some spread over the register. */
struct ids {
	char (*id)[SCS_ID_MAX + 1];
	size_t n, cap;
};

static int
id_cb(void *arg, const struct scs_person *p)
{
	struct ids *ids = arg;

	ids->id = bh_grow(ids->id, &ids->cap, ids->n + 1, sizeof(*ids->id));
	(void)snprintf(ids->id[ids->n++], sizeof(ids->id[0]), "%s", p->id);
	return SCS_OK;
}

static int
on_store(int argc, char **argv)
{
	struct scs_refdata rd;
	struct scs_ctx c;
	struct scs_index *ix = NULL, *next;
	struct scs_index_pos pos;
	struct scs_err err;
	size_t changes = argc > 5 ? (size_t)atol(argv[5]) : 200, i, touched;
	double t0, build_s, *dt, total = 0;
	struct ids ids;

	load_refdata(argv[4], &rd);
	memset(&c, 0, sizeof(c));
	c.rd = &rd;
	c.now_us = clock_real;
	scs_actor_os(&c.actor);
	if (scs_store_open(argv[2], false, &c.st, &err) != SCS_OK ||
	    scs_keys_open(argv[3], &c.keys, &err) != SCS_OK)
		bh_die("cannot open the register", err.field, err.reason);
	t0 = bh_now();
	if (scs_op_index_build_at(&c, &ix, &pos, &err) != SCS_OK)
		bh_die("index build", err.field, err.reason);
	build_s = bh_now() - t0;
	memset(&ids, 0, sizeof(ids));
	(void)printf("incr --db: full build from the store %.3f s "
	             "(scs_op_index_build_at); audit log at %llu\n",
	    build_s, (unsigned long long)pos.seq);
	dt = bh_alloc(changes * sizeof(*dt));
	if (scs_store_person_lean_each(c.st, id_cb, &ids, &err) != SCS_OK ||
	    ids.n == 0)
		bh_die("no persons", err.field, err.reason);
	for (i = 0; i < changes; i++) {
		const char *person =
		    ids.id[(ids.n - 1) * i / (changes > 1 ? changes - 1 : 1)];
		struct scs_record r;

		/* a suspension of a person spread over the register, made
		 * through the operations (not timed), then followed */
		scs_record_init(&r, SCS_KIND_SUSPENSION);
		(void)snprintf(r.u.suspension.person,
		    sizeof(r.u.suspension.person), "%s", person);
		/* a new key each run: minutes apart from a run's own start */
		r.u.suspension.valid_from = 1767225600 - 86400 * 400 +
		    (scs_clock_real() / 1000000 % 86400) * 60 + (int64_t)i * 60;
		r.u.suspension.valid_until = r.u.suspension.valid_from + 3600;
		(void)snprintf(r.u.suspension.reason,
		    sizeof(r.u.suspension.reason), "bench");
		if (scs_op_rec_create(&c, &r, &err) != SCS_OK)
			bh_die("suspension", err.field, err.reason);
		t0 = bh_now();
		if (scs_op_index_follow(&c, ix, &pos, &next, &touched, &err) !=
		    SCS_OK)
			bh_die("follow", err.field, err.reason);
		dt[i] = bh_now() - t0;
		total += dt[i];
		if (next == NULL || touched != 1)
			bh_die("follow made no update", NULL, NULL);
		scs_index_free(ix);
		ix = next;
	}
	{
		double med = pct(dt, changes, 0.5),
		       p99 = pct(dt, changes, 0.99);

		(void)
		    printf("incr --db: %zu changes, each followed: median "
		           "%.3f ms p99 %.3f ms (%.3f s in all); a full build "
		           "is %.0fx the median\n",
		        changes, med * 1e3, p99 * 1e3, total, build_s / med);
		(void)printf("RESULT incr-db build_s=%.3f changes=%zu "
		             "follow_med_ms=%.3f follow_p99_ms=%.3f\n",
		    build_s, changes, med * 1e3, p99 * 1e3);
	}
	free(ids.id);
	scs_index_free(ix);
	scs_keys_free(c.keys);
	scs_store_close(c.st);
	scs_refdata_free(&rd);
	return 0;
}

int
main(int argc, char **argv)
{
	/* harness.h's helpers this program has no use for */
	(void)bh_passes;
	(void)bh_write;
	(void)bh_load_queries;
	(void)bh_median;
	if (scs_crypto_init() != 0)
		bh_die("crypto init failed", NULL, NULL);
	if (argc >= 3 && argc <= 4 && strcmp(argv[1], "--db") != 0)
		return in_memory(argc, argv);
	if (argc >= 5 && argc <= 6 && strcmp(argv[1], "--db") == 0)
		return on_store(argc, argv);
	(void)fprintf(stderr,
	    "usage: incr REFDIR REGISTER [UPDATES]\n"
	    "       incr --db DB KEYDIR REFDIR [CHANGES]\n");
	return 2;
}
