/* SPDX-License-Identifier: Apache-2.0 */
/*
 * harness.h - what the C benchmarks share: a monotonic clock, medians,
 * reading whole files and lines, peak memory, and the query list (ids as
 * strings, the time as given).  Header-only (static functions): each
 * benchmark is one translation unit.  No SCS code here, so floor.c stays
 * independent of the engine it checks.
 */
#ifndef SCS_BENCH_HARNESS_H
#define SCS_BENCH_HARNESS_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

static double
bh_now(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
bh_die(const char *fmt, const char *a, const char *b)
{
	(void)fputs("bench: ", stderr);
	(void)fputs(fmt, stderr);
	if (a != NULL) {
		(void)fputs(": ", stderr);
		(void)fputs(a, stderr);
	}
	if (b != NULL) {
		(void)fputs(": ", stderr);
		(void)fputs(b, stderr);
	}
	(void)fputc('\n', stderr);
	exit(1);
}

static void *
bh_alloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (p == NULL)
		bh_die("out of memory", NULL, NULL);
	return p;
}

static void *
bh_grow(void *p, size_t *cap, size_t need, size_t elem)
{
	size_t ncap = *cap ? *cap : 1024;

	if (need <= *cap)
		return p;
	while (ncap < need)
		ncap *= 2;
	p = realloc(p, ncap * elem);
	if (p == NULL)
		bh_die("out of memory", NULL, NULL);
	*cap = ncap;
	return p;
}

static int
bh_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
bh_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bh_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Peak resident memory of this process in kB (VmHWM), 0 if unknown. */
static long
bh_peak_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "VmHWM:", 6) == 0)
			kb = strtol(line + 6, NULL, 10);
	(void)fclose(f);
	return kb;
}

/* The whole of @path, NUL-terminated; *len its size. */
static char *
bh_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	if (f == NULL)
		bh_die("cannot open", path, strerror(errno));
	for (;;) {
		buf = bh_grow(buf, &cap, n + 65536 + 1, 1);
		got = fread(buf + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		bh_die("cannot read", path, strerror(errno));
	(void)fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

/* One query: subject and item ids and the "at" text, as offsets into
 * the arena of NUL-terminated strings; the caller parses times. */
struct bh_query {
	size_t subj, item, at;
	uint32_t subj_len, item_len;
};

struct bh_queries {
	size_t n, cap;
	struct bh_query *q;
	char *arena;
	size_t alen, acap;
};

static size_t
bh_keep(struct bh_queries *qs, const json_t *s, uint32_t *out_len)
{
	size_t off = qs->alen, len = json_string_length(s);

	qs->arena = bh_grow(qs->arena, &qs->acap, qs->alen + len + 1, 1);
	memcpy(qs->arena + off, json_string_value(s), len);
	qs->arena[off + len] = '\0';
	qs->alen += len + 1;
	if (out_len != NULL)
		*out_len = (uint32_t)len;
	return off;
}

/* Lines {"subject":..,"item":..,"at":..}; jansson, untimed. */
static void
bh_load_queries(const char *path, struct bh_queries *qs)
{
	size_t len;
	char *text = bh_slurp(path, &len), *line = text;

	memset(qs, 0, sizeof(*qs));
	while (*line != '\0') {
		char *nl = strchr(line, '\n');
		size_t ll = nl != NULL ? (size_t)(nl - line) : strlen(line);
		json_error_t jerr;
		json_t *j, *s, *it, *at;
		struct bh_query *q;

		if (ll > 0) {
			j = json_loadb(line, ll, 0, &jerr);
			if (j == NULL)
				bh_die("bad query line", path, jerr.text);
			s = json_object_get(j, "subject");
			it = json_object_get(j, "item");
			at = json_object_get(j, "at");
			if (!json_is_string(s) || !json_is_string(it) ||
			    !json_is_string(at))
				bh_die("a query needs subject, item and at",
				    path, NULL);
			qs->q =
			    bh_grow(qs->q, &qs->cap, qs->n + 1, sizeof(*qs->q));
			q = &qs->q[qs->n++];
			q->subj = bh_keep(qs, s, &q->subj_len);
			q->item = bh_keep(qs, it, &q->item_len);
			q->at = bh_keep(qs, at, NULL);
			json_decref(j);
		}
		line += ll + (nl != NULL);
	}
	free(text);
}

static void
bh_write(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		bh_die("cannot write", path, strerror(errno));
}

/* Number of passes from the environment (BENCH_PASSES), default @dflt. */
static int
bh_passes(int dflt)
{
	const char *s = getenv("BENCH_PASSES");
	int v = s != NULL ? atoi(s) : 0;

	return v > 0 && v <= 1000 ? v : dflt;
}

#endif
