/* SPDX-License-Identifier: Apache-2.0 */
/*
 * alloc_fault.h - allocation-fault injection for a unit test program,
 * after SQLite's test_malloc.c and curl's torture tests.  Including it
 * replaces malloc, calloc, realloc and free for the whole process (through
 * glibc's __libc_* entry points) so that, while alloc_counting is set, the
 * program counts the calls (alloc_calls), fails the Nth one with ENOMEM
 * when armed (alloc_countdown = N), and counts the blocks taken minus
 * those given back (alloc_live), so a failure that leaks shows up as a
 * count that does not return to zero.
 *
 * Include it from one test file only: each test is its own program, so
 * the variables are static.  Under AddressSanitizer or ThreadSanitizer,
 * which own the allocator, ALLOC_FAULTS is 0 and nothing is replaced: the
 * plain build's run is the one that injects faults, and the sanitizer's
 * own leak check covers the rest.  A test that needs the faults skips
 * when !ALLOC_FAULTS.
 */
#ifndef SCS_TESTS_ALLOC_FAULT_H
#define SCS_TESTS_ALLOC_FAULT_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ALLOC_FAULTS 0
#else
#define ALLOC_FAULTS 1
#endif

/*
 * volatile: the compiler knows malloc as a builtin that reads no global,
 * and would drop a store to these around a call into the C library.
 * unused: not every program reads every one of them.
 *
 *   alloc_countdown  > 0: armed; the call that brings it to 0 fails
 *   alloc_calls      calls seen while counting
 *   alloc_live       blocks taken minus blocks given back while counting
 *   alloc_counting   nonzero: count, and fail when armed
 */
static volatile long alloc_countdown __attribute__((unused));
static volatile long alloc_calls __attribute__((unused));
static volatile long alloc_live __attribute__((unused));
static volatile int alloc_counting __attribute__((unused));

/* Arm the allocator to fail its @nth call from now on, counting from
 * zero; alloc_disarm stops counting and says whether the fault fired. */
static inline void
alloc_arm(long nth)
{
	alloc_calls = alloc_live = 0;
	alloc_countdown = nth;
	alloc_counting = 1;
}

static inline bool
alloc_disarm(long nth)
{
	alloc_counting = 0;
	alloc_countdown = 0;
	return alloc_calls >= nth;
}

#if ALLOC_FAULTS
static int
alloc_fails(void)
{
	if (!alloc_counting)
		return 0;
	alloc_calls++;
	if (alloc_countdown > 0 && --alloc_countdown == 0) {
		errno = ENOMEM; /* as the C library's allocator says it */
		return 1;
	}
	return 0;
}

extern void *__libc_malloc(size_t n);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void __libc_free(void *p);

void *malloc(size_t n);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t n);
void free(void *p);

void *
malloc(size_t n)
{
	void *p = alloc_fails() ? NULL : __libc_malloc(n);

	if (p != NULL && alloc_counting)
		alloc_live++;
	return p;
}

void *
calloc(size_t n, size_t size)
{
	void *p = alloc_fails() ? NULL : __libc_calloc(n, size);

	if (p != NULL && alloc_counting)
		alloc_live++;
	return p;
}

void *
realloc(void *p, size_t n)
{
	void *q = alloc_fails() ? NULL : __libc_realloc(p, n);

	if (q != NULL && p == NULL && alloc_counting)
		alloc_live++;
	return q;
}

void
free(void *p)
{
	if (p != NULL && alloc_counting)
		alloc_live--;
	__libc_free(p);
}
#endif

#endif /* SCS_TESTS_ALLOC_FAULT_H */
