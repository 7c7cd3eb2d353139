/* SPDX-License-Identifier: Apache-2.0 */
/*
 * decide.c - the in-process benchmark of the decision index.
 *
 *   decide REFDIR REGISTER QUERIES ANSWERS_OUT
 *
 * Loads the reference tables (REFDIR/authorities.csv, levels.csv,
 * penalties.csv), reads the register line by line (jansson, then the
 * codec's parse, then scs_index_add_*), builds the index, and times:
 *   - the build: every scs_index_add_* call plus scs_index_build;
 *   - resolving the queries' ids to handles (scs_index_subject/item);
 *   - scs_index_decide over the resolved handles (one thread);
 *   - end to end: both lookups and the decision, per query;
 *   - end to end, batched: SCS_INDEX_BATCH queries' ids resolved together
 *     (scs_index_resolve_many), then decided.
 * Each timed figure is the median of BENCH_PASSES passes (default 7); the
 * last three are timed in turn within each pass, and their ratios to the
 * handles row (ratio_to_handles) are the medians of each pass's ratio.
 * Writes one byte per query (its enum scs_reason) to ANSWERS_OUT and
 * prints "RESULT key=value ..." lines for bench/run.sh.
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
#include "scs/refdata.h"
#include "scs/time.h"

/* One parsed record waiting to be added: a record of the kind table. */
#define rec scs_record

#define BATCH 4096

struct loader {
	const struct scs_refdata *rd;
	struct scs_index_builder *b;
	struct scs_relatives *rel; /* secure memory, wiped after each */
	struct rec *batch;
	size_t n;
	double add_s;
	size_t lines;
	const char *path;
};

static void
add_batch(struct loader *l)
{
	double t0 = bh_now();
	size_t i;
	int rc = SCS_OK;

	for (i = 0; i < l->n && rc == SCS_OK; i++) {
		struct rec *r = &l->batch[i];

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
parse_line(struct loader *l, const json_t *j, struct rec *r,
    struct scs_err *err)
{
	const char *kind = json_string_value(json_object_get(j, "kind"));
	enum scs_kind k;
	bool has_rel = false;
	int rc;

	if (kind == NULL)
		return scs_err_set(err, SCS_EINVAL, "kind", "missing");
	if (scs_kind_parse(kind, &k) != 0)
		return scs_err_set(err, SCS_EINVAL, "kind", "unknown kind %s",
		    kind);
	if (k != SCS_KIND_PERSON)
		return scs_codec_rec_parse(l->rd, j, k, 0, r, err);
	scs_record_init(r, k);
	rc = scs_codec_person_parse(j, &r->u.person, l->rel, &has_rel, err);
	if (has_rel)
		scs_crypto_wipe(l->rel, sizeof(*l->rel));
	return rc;
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
		if (parse_line(l, j, &l->batch[l->n], &err) != SCS_OK) {
			(void)fprintf(stderr, "%s:%zu: %s: %s\n", path,
			    l->lines, err.field, err.reason);
			exit(1);
		}
		json_decref(j);
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

int
main(int argc, char **argv)
{
	struct scs_refdata rd;
	struct scs_index *ix;
	struct scs_index_stats stats;
	struct scs_err err;
	struct bh_queries qs;
	struct loader l;
	double t0, load_s, build_s, *times, resolve_s, handles_s, e2e_s;
	double handles_best, e2e_best, batch_s, batch_best;
	double *th, *te, *tb, *re, *rb, e2e_ratio, batch_ratio;
	int32_t *hs, *hi;
	int64_t *at;
	uint8_t *ans, *ans2;
	size_t i, hist[SCS_R_N], allows = 0;
	int passes = bh_passes(7), p;
	volatile unsigned sink = 0;

	if (argc != 5) {
		(void)fprintf(stderr,
		    "usage: decide REFDIR REGISTER QUERIES ANSWERS_OUT\n");
		return 2;
	}
	if (scs_crypto_init() != 0)
		bh_die("crypto init failed", NULL, NULL);
	load_refdata(argv[1], &rd);
	memset(&l, 0, sizeof(l));
	l.rd = &rd;
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
	scs_index_stats(ix, &stats);
	(void)printf("decide: %zu lines read and parsed in %.2f s (of which "
	             "scs_index_add_* %.2f s); scs_index_build %.2f s\n",
	    l.lines, load_s, l.add_s, build_s);
	(void)printf("decide: index: %zu subjects, %zu items, %zu orgs, %zu "
	             "clearances, %zu briefings, %zu memberships, %zu "
	             "suspensions, %zu approvals; %zu bytes (%zu for "
	             "subjects: %.1f per subject)\n",
	    stats.subjects, stats.items, stats.orgs, stats.clearances,
	    stats.briefings, stats.memberships, stats.suspensions,
	    stats.approvals, stats.bytes, stats.subject_bytes,
	    (double)stats.subject_bytes /
	        (double)(stats.subjects ? stats.subjects : 1));

	bh_load_queries(argv[3], &qs);
	hs = bh_alloc(qs.n * sizeof(*hs));
	hi = bh_alloc(qs.n * sizeof(*hi));
	at = bh_alloc(qs.n * sizeof(*at));
	ans = bh_alloc(qs.n);
	ans2 = bh_alloc(qs.n);
	times = bh_alloc((size_t)passes * sizeof(*times));
	th = bh_alloc((size_t)passes * sizeof(*th));
	te = bh_alloc((size_t)passes * sizeof(*te));
	tb = bh_alloc((size_t)passes * sizeof(*tb));
	re = bh_alloc((size_t)passes * sizeof(*re));
	rb = bh_alloc((size_t)passes * sizeof(*rb));
	for (i = 0; i < qs.n; i++) {
		const char *s = qs.arena + qs.q[i].at;

		if (scs_time_parse(s, strlen(s), "at", &at[i], &err) != SCS_OK)
			bh_die("bad time in queries", s, err.reason);
	}

	/* ids to handles */
	for (p = 0; p < passes; p++) {
		t0 = bh_now();
		for (i = 0; i < qs.n; i++) {
			hs[i] = scs_index_subject(ix, qs.arena + qs.q[i].subj,
			    qs.q[i].subj_len);
			hi[i] = scs_index_item(ix, qs.arena + qs.q[i].item,
			    qs.q[i].item_len);
		}
		times[p] = bh_now() - t0;
	}
	resolve_s = bh_median(times, (size_t)passes);

	/*
	 * Three loops over the queries, interleaved pass by pass so that each
	 * pass's three timings see the same machine (shared machines vary
	 * several-fold between seconds): the decision over handles; end to
	 * end, ids to handles and the decision per query; end to end batched,
	 * SCS_INDEX_BATCH queries resolved together (scs_index_resolve_many)
	 * then decided, as scs_op_decide_many does.  Ratios are the medians
	 * of each pass's own ratio.
	 */
	for (p = 0; p < passes; p++) {
		struct scs_index_ids ids[SCS_INDEX_BATCH];
		int32_t bs[SCS_INDEX_BATCH], bi[SCS_INDEX_BATCH];
		size_t k, m;

		t0 = bh_now();
		for (i = 0; i < qs.n; i++)
			ans[i] =
			    (uint8_t)scs_index_decide(ix, hs[i], hi[i], at[i]);
		th[p] = bh_now() - t0;
		sink += ans[p % qs.n];

		memset(ans2, 0xff, qs.n);
		t0 = bh_now();
		for (i = 0; i < qs.n; i++) {
			int32_t s = scs_index_subject(ix,
			    qs.arena + qs.q[i].subj, qs.q[i].subj_len);
			int32_t it = scs_index_item(ix, qs.arena + qs.q[i].item,
			    qs.q[i].item_len);

			ans2[i] = (uint8_t)scs_index_decide(ix, s, it, at[i]);
		}
		te[p] = bh_now() - t0;
		sink += ans2[p % qs.n];
		if (memcmp(ans, ans2, qs.n) != 0)
			bh_die("end-to-end answers differ from the handle "
			       "answers",
			    NULL, NULL);

		memset(ans2, 0xff, qs.n);
		t0 = bh_now();
		for (i = 0; i < qs.n; i += m) {
			m = qs.n - i < SCS_INDEX_BATCH ? qs.n - i
			                               : SCS_INDEX_BATCH;
			for (k = 0; k < m; k++) {
				ids[k].subject = qs.arena + qs.q[i + k].subj;
				ids[k].slen = qs.q[i + k].subj_len;
				ids[k].item = qs.arena + qs.q[i + k].item;
				ids[k].ilen = qs.q[i + k].item_len;
			}
			scs_index_resolve_many(ix, ids, m, bs, bi);
			for (k = 0; k < m; k++)
				ans2[i + k] = (uint8_t)scs_index_decide(ix,
				    bs[k], bi[k], at[i + k]);
		}
		tb[p] = bh_now() - t0;
		sink += ans2[p % qs.n];
		if (memcmp(ans, ans2, qs.n) != 0)
			bh_die("batched end-to-end answers differ from the "
			       "handle answers",
			    NULL, NULL);
		re[p] = th[p] / te[p];
		rb[p] = th[p] / tb[p];
	}
	handles_s = bh_median(th, (size_t)passes);
	handles_best = th[0]; /* sorted */
	e2e_s = bh_median(te, (size_t)passes);
	e2e_best = te[0];
	batch_s = bh_median(tb, (size_t)passes);
	batch_best = tb[0];
	e2e_ratio = bh_median(re, (size_t)passes);
	batch_ratio = bh_median(rb, (size_t)passes);

	memset(hist, 0, sizeof(hist));
	for (i = 0; i < qs.n; i++) {
		hist[ans[i] < SCS_R_N ? ans[i] : 0]++;
		allows += scs_reason_allows((enum scs_reason)ans[i]);
	}
	bh_write(argv[4], ans, qs.n);
	(void)printf("decide: %zu queries, %zu allowed; reasons:", qs.n,
	    allows);
	for (i = 0; i < SCS_R_N; i++)
		(void)printf(" %s=%zu",
		    i == SCS_R_ALLOW ? "allow"
		                     : scs_reason_name((enum scs_reason)i),
		    hist[i]);
	(void)printf("\n");
	(void)printf("RESULT engine=decide-handles queries=%zu passes=%d "
	             "median_s=%.6f dps=%.0f best_dps=%.0f allows=%zu\n",
	    qs.n, passes, handles_s, (double)qs.n / handles_s,
	    (double)qs.n / handles_best, allows);
	(void)printf("RESULT engine=decide-e2e queries=%zu passes=%d "
	             "median_s=%.6f dps=%.0f best_dps=%.0f allows=%zu "
	             "ratio_to_handles=%.3f\n",
	    qs.n, passes, e2e_s, (double)qs.n / e2e_s, (double)qs.n / e2e_best,
	    allows, e2e_ratio);
	(void)printf("RESULT engine=decide-e2e-batched queries=%zu passes=%d "
	             "batch=%d median_s=%.6f dps=%.0f best_dps=%.0f "
	             "allows=%zu ratio_to_handles=%.3f\n",
	    qs.n, passes, SCS_INDEX_BATCH, batch_s, (double)qs.n / batch_s,
	    (double)qs.n / batch_best, allows, batch_ratio);
	(void)printf("RESULT engine=decide-resolve queries=%zu passes=%d "
	             "median_s=%.6f lookups_per_s=%.0f\n",
	    qs.n, passes, resolve_s, 2.0 * (double)qs.n / resolve_s);
	(void)printf("RESULT engine=decide-build subjects=%zu items=%zu "
	             "load_s=%.3f add_s=%.3f build_s=%.3f index_s=%.3f "
	             "bytes=%zu subject_bytes=%zu bytes_per_subject=%.1f "
	             "peak_rss_kb=%ld\n",
	    stats.subjects, stats.items, load_s, l.add_s, build_s,
	    l.add_s + build_s, stats.bytes, stats.subject_bytes,
	    (double)stats.subject_bytes /
	        (double)(stats.subjects ? stats.subjects : 1),
	    bh_peak_kb());
	(void)sink;
	scs_index_free(ix);
	scs_crypto_secfree(l.rel);
	free(l.batch);
	free(hs);
	free(hi);
	free(at);
	free(ans);
	free(ans2);
	free(times);
	free(th);
	free(te);
	free(tb);
	free(re);
	free(rb);
	free(qs.q);
	free(qs.arena);
	scs_refdata_free(&rd);
	return 0;
}
