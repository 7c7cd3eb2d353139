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

/* Report a broken property and crash, so the input is kept as a finding. */
#define FUZZ_CHECK(cond)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			(void)fprintf(stderr, "%s:%d: property failed: %s\n",  \
			    __FILE__, __LINE__, #cond);                        \
			abort();                                               \
		}                                                              \
	} while (0)

#endif
