/* SPDX-License-Identifier: Apache-2.0 */
/*
 * proofs.c - audit proofs over a large log (issue 13, item 9): inclusion
 * and consistency proofs answered from the stored subtree heads
 * (src/audit/log.c), against the O(n) proofs over every leaf hash.
 *
 *   proofs DB KEYDIR [ENTRIES] [QUERIES]
 *
 * DB is a SQLite file (or a postgres:// URL), KEYDIR its key directory
 * (made when missing).  While the log holds fewer than ENTRIES (default
 * 10,000,000) audit entries, real ones are appended (scs_audit_append_many:
 * leaf encoding, leaf hash, frontier, subtree heads, the entry row) in
 * write transactions of 1 to 2,048 entries (a fixed seed), each ending with
 * a signed tree head, as the program's own writes do: the build is timed,
 * and a log already there is reused.  Then, QUERIES times each (default
 * 10,000), at positions drawn with a fixed seed:
 *
 *   inclusion:   a random signed head, a random leaf below its size;
 *   consistency: two random signed heads, the smaller the old one;
 *
 * each timed as the operation runs it (a read transaction, the proof, its
 * own check against the signed root, the rollback) in wall time and in
 * the thread's CPU time (the machine is shared: wall time includes the
 * time other processes had the CPU, which the load average before and
 * after shows), and then checked as a client would
 * (scs_audit_proof_check: signatures and path).  The
 * baselines of the same run: one SHA-256 node hash times the path length
 * (what a proof would cost if every sibling were at hand in memory), and
 * the O(n) proofs of merkle.c over all ENTRIES leaf hashes held in memory
 * (what the log answered with before the subtree heads, less reading the
 * leaves).  Prints "RESULT key=value ..." lines.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "harness.h"
#include "scs/audit.h"
#include "scs/crypto.h"
#include "scs/merkle.h"
#include "scs/store.h"

#define SEED 20261207ULL

static uint64_t rng_s = SEED;

static uint64_t
next_rand(void)
{
	uint64_t z = (rng_s += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static void
die_err(const char *what, const struct scs_err *err)
{
	bh_die(what, err->field, err->reason);
}

struct heads {
	uint64_t *size;
	size_t n, cap;
};

static int
add_head(void *arg, const struct scs_tree_head *h)
{
	struct heads *hs = arg;

	hs->size = bh_grow(hs->size, &hs->cap, hs->n + 1, sizeof(*hs->size));
	hs->size[hs->n++] = h->size;
	return SCS_OK;
}

struct leaves {
	uint8_t (*h)[32];
	uint64_t n;
};

static int
add_leaf(void *arg, const struct scs_audit_entry *e)
{
	struct leaves *l = arg;

	memcpy(l->h[l->n++], e->leaf, 32);
	return SCS_OK;
}

/* CPU time of this thread: a proof's cost without the time the shared
 * machine gave to other processes meanwhile. */
static double
cpu_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
loadavg(const char *when)
{
	FILE *f = fopen("/proc/loadavg", "r");
	char line[128];

	if (f != NULL && fgets(line, sizeof(line), f) != NULL)
		printf("RESULT loadavg_%s %s", when, line);
	if (f != NULL)
		(void)fclose(f);
}

static double
pct(double *v, size_t n, double p)
{
	size_t i = (size_t)(p * (double)(n - 1) + 0.5);

	qsort(v, n, sizeof(*v), bh_cmp_double);
	return v[i];
}

static uint64_t
log_size(struct scs_store *st)
{
	struct scs_tree_head h;
	struct scs_err err;

	if (scs_audit_head(st, &h, &err) != SCS_OK)
		die_err("head", &err);
	return h.size;
}

/* Append until the log holds @want entries. */
static void
build(struct scs_store *st, const struct scs_keys *keys, uint64_t want)
{
	struct scs_audit_entry *e = bh_alloc(2048 * sizeof(*e));
	struct scs_err err;
	uint64_t have = log_size(st), t0 = have;
	double start = bh_now();
	int64_t now = 1796600000000000LL;
	size_t i, n;

	while (have < want) {
		n = 1 + (size_t)(next_rand() % 2048);
		if (n > want - have)
			n = (size_t)(want - have);
		for (i = 0; i < n; i++) {
			memset(&e[i], 0, sizeof(e[i]));
			e[i].time_us = now;
			(void)snprintf(e[i].actor, sizeof(e[i].actor),
			    "os:bench");
			(void)snprintf(e[i].action, sizeof(e[i].action), "add");
			(void)snprintf(e[i].kind, sizeof(e[i].kind), "person");
			(void)snprintf(e[i].object, sizeof(e[i].object),
			    "p%llu", (unsigned long long)(have + i));
			e[i].state[0] = (uint8_t)(have + i);
		}
		if (scs_store_begin(st, &err) != SCS_OK ||
		    scs_audit_append_many(st, e, n, &err) != SCS_OK ||
		    scs_audit_seal_head(st, keys, now, &err) != SCS_OK ||
		    scs_store_commit(st, &err) != SCS_OK)
			die_err("append", &err);
		have += n;
		now += 1000;
		if ((have / 1000000) != ((have - n) / 1000000))
			(void)fprintf(stderr, "\rbench: %llu entries",
			    (unsigned long long)have);
	}
	if (have > t0)
		printf("RESULT build entries=%llu seconds=%.1f "
		       "entries_per_s=%.0f\n",
		    (unsigned long long)(have - t0), bh_now() - start,
		    (double)(have - t0) / (bh_now() - start));
	free(e);
}

int
main(int argc, char **argv)
{
	struct scs_store *st = NULL;
	struct scs_keys *keys = NULL;
	struct scs_audit_proof *p = bh_alloc(sizeof(*p));
	uint8_t(*path)[32] = bh_alloc(SCS_MERKLE_MAX_PROOF * 32);
	uint8_t a[32], b[32];
	struct heads hs = {NULL, 0, 0};
	struct leaves lv = {NULL, 0};
	struct scs_err err;
	uint64_t want = 10000000, queries = 10000, n, m, k, depth = 0;
	double *ti, *tc, *ci, *cc, t, c, hash_s, on_i[3], on_c[3];
	char why[160];
	size_t len, q, r;
	struct stat sb;

	/* harness.h's helpers this benchmark has no use for. */
	(void)bh_passes;
	(void)bh_write;
	(void)bh_load_queries;
	if (argc < 3 || argc > 5)
		bh_die("usage: proofs DB KEYDIR [ENTRIES] [QUERIES]", NULL,
		    NULL);
	if (argc > 3)
		want = strtoull(argv[3], NULL, 10);
	if (argc > 4)
		queries = strtoull(argv[4], NULL, 10);
	if (want < 2 || queries < 1)
		bh_die("ENTRIES must be 2 or more, QUERIES 1 or more", NULL,
		    NULL);
	if (scs_crypto_init() != SCS_OK)
		bh_die("crypto init", NULL, NULL);
	if (stat(argv[2], &sb) != 0 && scs_keys_create(argv[2], &err) != SCS_OK)
		die_err("keys", &err);
	if (scs_keys_open(argv[2], &keys, &err) != SCS_OK ||
	    scs_store_open(argv[1], true, &st, &err) != SCS_OK ||
	    scs_store_migrate(st, NULL, &err) != SCS_OK ||
	    scs_audit_nodes_sync(st, NULL, &err) != SCS_OK)
		die_err("open", &err);
	build(st, keys, want);
	n = log_size(st);
	if (scs_store_head_each(st, add_head, &hs, &err) != SCS_OK)
		die_err("heads", &err);
	printf("RESULT log entries=%llu signed_heads=%zu\n",
	    (unsigned long long)n, hs.n);

	ti = bh_alloc(queries * sizeof(double));
	tc = bh_alloc(queries * sizeof(double));
	ci = bh_alloc(queries * sizeof(double));
	cc = bh_alloc(queries * sizeof(double));
	loadavg("before");
	for (q = 0; q < queries; q++) {
		k = hs.size[next_rand() % hs.n];
		m = next_rand() % k;
		t = bh_now();
		c = cpu_now();
		if (scs_store_begin_read(st, &err) != SCS_OK ||
		    scs_audit_prove_inclusion(st, m, k, p, &err) != SCS_OK)
			die_err("inclusion", &err);
		scs_store_rollback(st);
		ti[q] = bh_now() - t;
		ci[q] = cpu_now() - c;
		if (scs_audit_proof_check(p, scs_keys_public(keys), why,
		        sizeof(why)) != 0)
			bh_die("an inclusion proof does not check", why, NULL);
		depth += p->npath;
	}
	for (q = 0; q < queries; q++) {
		m = hs.size[next_rand() % hs.n];
		k = hs.size[next_rand() % hs.n];
		if (m > k) {
			uint64_t x = m;

			m = k;
			k = x;
		}
		t = bh_now();
		c = cpu_now();
		if (scs_store_begin_read(st, &err) != SCS_OK ||
		    scs_audit_prove_consistency(st, m, k, p, &err) != SCS_OK)
			die_err("consistency", &err);
		scs_store_rollback(st);
		tc[q] = bh_now() - t;
		cc[q] = cpu_now() - c;
		if (scs_audit_proof_check(p, scs_keys_public(keys), why,
		        sizeof(why)) != 0)
			bh_die("a consistency proof does not check", why, NULL);
	}
	printf("RESULT inclusion queries=%llu p50_us=%.1f p99_us=%.1f "
	       "max_us=%.1f mean_path=%.1f\n",
	    (unsigned long long)queries, pct(ti, queries, 0.5) * 1e6,
	    pct(ti, queries, 0.99) * 1e6, pct(ti, queries, 1.0) * 1e6,
	    (double)depth / (double)queries);
	printf("RESULT consistency queries=%llu p50_us=%.1f p99_us=%.1f "
	       "max_us=%.1f\n",
	    (unsigned long long)queries, pct(tc, queries, 0.5) * 1e6,
	    pct(tc, queries, 0.99) * 1e6, pct(tc, queries, 1.0) * 1e6);
	printf("RESULT inclusion_cpu p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
	    pct(ci, queries, 0.5) * 1e6, pct(ci, queries, 0.99) * 1e6,
	    pct(ci, queries, 1.0) * 1e6);
	printf("RESULT consistency_cpu p50_us=%.1f p99_us=%.1f max_us=%.1f\n",
	    pct(cc, queries, 0.5) * 1e6, pct(cc, queries, 0.99) * 1e6,
	    pct(cc, queries, 1.0) * 1e6);
	loadavg("after");

	/* Baseline 1: node hashes alone, as many as a path holds. */
	memset(a, 1, sizeof(a));
	memset(b, 2, sizeof(b));
	t = bh_now();
	for (q = 0; q < 1000000; q++)
		scs_merkle_node_hash(scs_crypto_sha256v, a, b, a);
	hash_s = (bh_now() - t) / 1e6;
	for (k = 0; ((uint64_t)1 << k) < n; k++)
		;
	printf("RESULT baseline_hash node_hash_us=%.3f path_hashes=%llu "
	       "path_us=%.2f\n",
	    hash_s * 1e6, (unsigned long long)k, hash_s * 1e6 * (double)k);

	/* Baseline 2: the O(n) proofs over every leaf hash in memory. */
	lv.h = bh_alloc((size_t)n * 32);
	t = bh_now();
	if (scs_store_audit_each(st, 0, 0, add_leaf, &lv, &err) != SCS_OK)
		die_err("leaves", &err);
	printf("RESULT baseline_read_leaves entries=%llu seconds=%.2f\n",
	    (unsigned long long)lv.n, bh_now() - t);
	for (r = 0; r < 3; r++) {
		m = next_rand() % n;
		t = bh_now();
		if (scs_merkle_inclusion_proof(scs_crypto_sha256v,
		        (const uint8_t(*)[32])lv.h, n, m, path,
		        SCS_MERKLE_MAX_PROOF, &len) != 0)
			bh_die("O(n) inclusion", NULL, NULL);
		on_i[r] = bh_now() - t;
		m = hs.size[next_rand() % hs.n];
		t = bh_now();
		if (scs_merkle_consistency_proof(scs_crypto_sha256v,
		        (const uint8_t(*)[32])lv.h, n, m, path,
		        SCS_MERKLE_MAX_PROOF, &len) != 0)
			bh_die("O(n) consistency", NULL, NULL);
		on_c[r] = bh_now() - t;
	}
	printf("RESULT baseline_on inclusion_median_ms=%.1f "
	       "consistency_median_ms=%.1f runs=3\n",
	    bh_median(on_i, 3) * 1e3, bh_median(on_c, 3) * 1e3);
	printf("RESULT peak_kb=%ld\n", bh_peak_kb());
	free(lv.h);
	free(ti);
	free(tc);
	free(ci);
	free(cc);
	free(hs.size);
	free(path);
	free(p);
	scs_store_close(st);
	scs_keys_free(keys);
	return 0;
}
