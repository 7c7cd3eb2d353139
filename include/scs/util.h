/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util.h - buffers with a hard cap, bounded string copies and small
 * helpers with no domain knowledge (curl dynbuf, OpenBSD strlcpy).
 */
#ifndef SCS_UTIL_H
#define SCS_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define SCS_NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* A growable byte buffer that refuses to grow past cap. */
struct scs_buf {
	uint8_t *p;
	size_t len;
	size_t size;
	size_t cap;
};

/** Initialize @b empty with a hard cap of @cap bytes.  Allocates nothing. */
void scs_buf_init(struct scs_buf *b, size_t cap);

/** Append @len bytes.  Returns SCS_OK, SCS_ENOMEM or SCS_ETOOBIG. The
 * buffer always keeps one NUL byte after its contents. */
int scs_buf_add(struct scs_buf *b, const void *p, size_t len);

/** Append a NUL-terminated string. */
int scs_buf_adds(struct scs_buf *b, const char *s);

/** Append printf-formatted text. */
int scs_buf_addf(struct scs_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Forget the contents, keep the memory. */
void scs_buf_reset(struct scs_buf *b);

/** Free the memory; @b may be reused after scs_buf_init. */
void scs_buf_free(struct scs_buf *b);

/* A heap-owned byte string (sealed values, hashes). */
struct scs_blob {
	uint8_t *p;
	size_t len;
};

/** Copy @len bytes into @b, freeing what it held.  SCS_OK or SCS_ENOMEM. */
int scs_blob_set(struct scs_blob *b, const void *p, size_t len);

/** Free what @b holds and empty it. */
void scs_blob_free(struct scs_blob *b);

/**
 * Copy @src into @dst of @size bytes.  Returns true when it fitted; false
 * (with @dst truncated and terminated) when it did not.
 */
bool scs_strlcpy(char *dst, const char *src, size_t size);

/** Sleep @ms milliseconds (a signal may end it early). */
void scs_sleep_ms(long ms);

/** Lower-case hex of @len bytes into @out (2*len+1 bytes). */
void scs_hex(char *out, const uint8_t *p, size_t len);

/** Parse exactly 2*len hex digits.  0 or -1. */
int scs_unhex(uint8_t *out, size_t len, const char *hex);

/** Write all @len bytes to @fd (short writes and EINTR retried): 0 or -1
 * with errno. */
int scs_write_all(int fd, const void *p, size_t len);

/** Read from @fd until @len bytes or the end of the file: the count, or
 * -1 with errno. */
ssize_t scs_read_full(int fd, void *p, size_t len);

/** The value of hex digit @c (either case), or -1. */
int scs_hexval(char c);

/** Parse a decimal unsigned integer that must fill the whole string. */
int scs_parse_u64(const char *s, uint64_t max, uint64_t *out);

/** A period "N" followed by d (days), w (weeks) or y (365 days), N from 1
 * to 100000, as seconds.  0 or -1. */
int scs_parse_days(const char *s, int64_t *out_seconds);

/** A duration "N" followed by s (seconds), m (minutes), h (hours) or d
 * (days), N from 1 to 100000, as seconds ("30m", "1h", "900s").  0 or
 * -1. */
int scs_parse_duration(const char *s, int64_t *out_seconds);

/** Whether the @len bytes at @s are well-formed UTF-8 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF).  NUL bytes are
 * well-formed; callers that refuse them check separately. */
bool scs_utf8_valid(const char *s, size_t len);

/**
 * Copy the NUL-terminated @src into @dst of @size bytes, writing each byte
 * that is not part of well-formed UTF-8 as U+FFFD, so that bytes stored
 * behind the program's back can still be shown.  Never splits a character;
 * always terminates.  Returns true when @src was well-formed and fitted.
 * A @size of 3 * strlen(src) + 1 always fits.
 */
bool scs_utf8_repair(char *dst, size_t size, const char *src);

#endif
