/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helpers.h - what the unit tests share: cmocka, a temporary register in
 * a fresh directory, a fixed clock.
 */
#ifndef SCS_TEST_HELPERS_H
#define SCS_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#endif
