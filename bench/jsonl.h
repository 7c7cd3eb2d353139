/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonl.h - buffered JSON Lines output for the benchmark generators
 * (bench/gen.c, bench/vgen.c): a 1 MiB buffer per file, strings and
 * numbers written without formatting, times in the interchange form
 * (docs/interchange.md), a line count.  Any write error ends the program
 * with a message on stderr, prefixed with JSONL_PROG (define it before
 * including).  Header-only (static functions): each generator is one
 * translation unit.  The output must stay byte-identical.
 */
#ifndef SCS_BENCH_JSONL_H
#define SCS_BENCH_JSONL_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/time.h"

#ifndef JSONL_PROG
#error "define JSONL_PROG, the program's name for its messages"
#endif

#define JSONL_OUTBUF (1u << 20)

struct out {
	FILE *f;
	char path[4096];
	char *buf;
	size_t n;
	uint64_t lines; /* lines ended with o_end */
};

/* "PROG: WHAT[: DETAIL]" on stderr, and exit 1. */
static inline void
die(const char *what, const char *detail)
{
	fprintf(stderr, "%s: %s%s%s\n", JSONL_PROG, what, detail ? ": " : "",
	    detail ? detail : "");
	exit(1);
}

static inline void
o_flush(struct out *o)
{
	if (o->n > 0 && fwrite(o->buf, 1, o->n, o->f) != o->n)
		die(o->path, strerror(errno));
	o->n = 0;
}

static inline void
o_mem(struct out *o, const char *s, size_t n)
{
	if (o->n + n > JSONL_OUTBUF)
		o_flush(o);
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static inline void
o_s(struct out *o, const char *s)
{
	o_mem(o, s, strlen(s));
}

/* @v in decimal. */
static inline void
o_u(struct out *o, uint64_t v)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	o_mem(o, tmp + i, sizeof(tmp) - i);
}

/* "YYYY-MM-DD" at midnight, else "YYYY-MM-DDTHH:MM:SSZ"; @full forces
 * the second form.  Quoted. */
static inline void
o_time(struct out *o, int64_t t, int full)
{
	char buf[SCS_TIME_STRMAX];
	size_t n = scs_time_format(t, buf);

	o_mem(o, "\"", 1);
	o_mem(o, buf, n);
	if (full && n == 10)
		o_mem(o, "T00:00:00Z", 10);
	o_mem(o, "\"", 1);
}

/* ,"KEY":"2026-01-01T12:34:56Z" (always the full form) */
static inline void
o_key_time(struct out *o, const char *key, int64_t t)
{
	o_s(o, ",\"");
	o_s(o, key);
	o_s(o, "\":");
	o_time(o, t, 1);
}

/* Ends the record and its line. */
static inline void
o_end(struct out *o)
{
	o_mem(o, "}\n", 2);
	o->lines++;
}

/* Opens DIR/NAME for writing (o->path), truncated. */
static inline void
o_open(struct out *o, const char *dir, const char *name)
{
	if (snprintf(o->path, sizeof(o->path), "%s/%s", dir, name) >=
	    (int)sizeof(o->path))
		die("path too long", dir);
	o->n = 0;
	o->lines = 0;
	if ((o->buf = malloc(JSONL_OUTBUF)) == NULL)
		die("out of memory", NULL);
	if ((o->f = fopen(o->path, "w")) == NULL)
		die(o->path, strerror(errno));
}

static inline void
o_close(struct out *o)
{
	o_flush(o);
	if (fclose(o->f) != 0)
		die(o->path, strerror(errno));
	free(o->buf);
}

#endif /* SCS_BENCH_JSONL_H */
