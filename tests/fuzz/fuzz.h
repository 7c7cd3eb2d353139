/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz.h - what the fuzz drivers share.  Each driver in tests/fuzz/ feeds
 * one kind of untrusted input to the library through the libFuzzer entry
 * point below.  Built with `make fuzz CC=clang` it is a libFuzzer binary
 * (build/fuzz/NAME); built with the normal CC and linked with replay.c it
 * replays tests/fuzz/corpus/NAME/ under `make test`, so every input the
 * fuzzer once found interesting stays a regression test (SQLite fuzzcheck,
 * h2o fuzz/).  A driver calls abort() when it sees a property break (a
 * round trip that changes a record, a forged value that opens): a crash
 * is how both libFuzzer and the replayer report a failure.
 */
#ifndef SCS_FUZZ_H
#define SCS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/** Run one input.  Returns 0 (libFuzzer reserves other values). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken property and crash, so the input is kept as a finding.
 * A function, not a branch in the macro, so checks cost callers nothing in
 * complexity. */
static inline void
fuzz_check(int ok, const char *file, int line, const char *what)
{
	if (ok)
		return;
	(void)fprintf(stderr, "%s:%d: property failed: %s\n", file, line, what);
	abort();
}

#define FUZZ_CHECK(cond) fuzz_check(!!(cond), __FILE__, __LINE__, #cond)

#endif
