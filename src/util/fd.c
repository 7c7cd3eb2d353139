/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fd.c - whole reads and writes on a file descriptor, through short counts
 * and EINTR (include/scs/util.h).
 */
#include <errno.h>
#include <unistd.h>

#include "scs/util.h"

int
scs_write_all(int fd, const void *p, size_t len)
{
	const char *b = p;

	while (len > 0) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

ssize_t
scs_read_full(int fd, void *p, size_t len)
{
	char *b = p;
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, b + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}
