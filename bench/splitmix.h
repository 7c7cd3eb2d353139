/* SPDX-License-Identifier: Apache-2.0 */
/*
 * splitmix.h - the randomness of the benchmark generators (bench/gen.c,
 * bench/vgen.c): splitmix64, one stream per (kind, index) under the
 * program's seed g_seed, so that every record derives from (SEED, kind,
 * index) alone and the output is byte-identical for the same arguments on
 * any platform.  Header-only (static functions): each generator is one
 * translation unit.  Changing anything here changes every workload.
 */
#ifndef SCS_BENCH_SPLITMIX_H
#define SCS_BENCH_SPLITMIX_H

#include <stdint.h>

static uint64_t g_seed;

struct rng {
	uint64_t s;
};

static inline uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static inline struct rng
stream(uint64_t kind, uint64_t index)
{
	struct rng r;

	r.s = mix64(g_seed ^ mix64(kind * 0x9E3779B97F4A7C15ULL + index));
	return r;
}

static inline uint64_t
next64(struct rng *r)
{
	r->s += 0x9E3779B97F4A7C15ULL;
	return mix64(r->s);
}

/* Uniform in [0, n), n > 0 (a 64-bit draw: the bias is negligible). */
static inline uint32_t
below(struct rng *r, uint32_t n)
{
	return (uint32_t)(next64(r) % n);
}

static inline uint32_t
permille(struct rng *r)
{
	return below(r, 1000);
}

#endif /* SCS_BENCH_SPLITMIX_H */
