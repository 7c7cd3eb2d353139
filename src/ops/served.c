/* SPDX-License-Identifier: Apache-2.0 */
/*
 * served.c - rollback detection: a server remembers, outside the
 * database (in its key directory, file "served-head"), the largest signed
 * tree head of the register it has served, and refuses to serve a
 * register whose log is older than that head, or has another root at its
 * size.  A register restored from an old backup, a disk snapshot rolled
 * back, or a database swapped for another is then named, not served.
 *
 *   scs-served-head 1
 *   SIZE ROOT         (decimal; 64 hex digits)
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ops_int.h"
#include "scs/audit.h"

#define MAGIC "scs-served-head 1\n"

static int
not_served_head(const char *path, struct scs_err *err)
{
	return scs_err_set(err, SCS_ECORRUPT, path,
	    "not a served-head file: remove it to start afresh");
}

int
scs_op_served_parse(const char *text, const char *path,
    struct scs_tree_head *out, struct scs_err *err)
{
	const char *p;
	char hex[65], *end = NULL;
	unsigned long long size;

	memset(out, 0, sizeof(*out));
	if (strncmp(text, MAGIC, strlen(MAGIC)) != 0)
		return not_served_head(path, err);
	p = text + strlen(MAGIC);
	if (p[0] < '0' || p[0] > '9')
		return not_served_head(path, err);
	errno = 0;
	size = strtoull(p, &end, 10);
	if (end == p || errno != 0 || end[0] != ' ' || strlen(end) < 65 ||
	    (end[65] != '\n' && end[65] != '\0'))
		return not_served_head(path, err);
	memcpy(hex, end + 1, 64);
	hex[64] = '\0';
	if (scs_unhex(out->root, 32, hex) != 0)
		return not_served_head(path, err);
	out->size = (uint64_t)size;
	return SCS_OK;
}

/* The head remembered in @path: SCS_ENOTFOUND when there is none. */
static int
served_read(const char *path, struct scs_tree_head *out, struct scs_err *err)
{
	char buf[160];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);

	memset(out, 0, sizeof(*out));
	if (fd < 0)
		return errno == ENOENT ? SCS_ENOTFOUND
		                       : scs_err_set(err, SCS_EIO, path, "%s",
		                             scs_errno_text(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	(void)close(fd);
	if (n < 0)
		return scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
	buf[n] = '\0';
	return scs_op_served_parse(buf, path, out, err);
}

int
scs_op_served_check(struct scs_ctx *c, const char *path, struct scs_err *err)
{
	struct scs_tree_head mine, now, at;
	char a[65], b[65];
	int rc;

	memset(&at, 0, sizeof(at));
	if ((rc = served_read(path, &mine, err)) == SCS_ENOTFOUND)
		return SCS_OK;
	if (rc != SCS_OK)
		return rc;
	if ((rc = scs_audit_head(c->st, &now, err)) != SCS_OK)
		return rc;
	scs_hex(b, mine.root, 32);
	if (now.size < mine.size) {
		scs_hex(a, now.root, 32);
		return scs_err_set(err, SCS_ECONFLICT, "audit",
		    "the register's log (size %llu, root %.16s) is older than "
		    "this node served (size %llu, root %.16s): rolled back? If "
		    "a restore was meant, remove %s",
		    (unsigned long long)now.size, a,
		    (unsigned long long)mine.size, b, path);
	}
	if (mine.size == 0)
		return SCS_OK;
	rc = scs_store_head_at(c->st, mine.size, &at, err);
	if (rc == SCS_ENOTFOUND ||
	    (rc == SCS_OK && memcmp(at.root, mine.root, 32) != 0)) {
		scs_hex(a, at.root, 32);
		return scs_err_set(err, SCS_ECONFLICT, "audit",
		    "the register's log is not the one this node served: at "
		    "size %llu its root is %.16s, this node served %.16s. If a "
		    "restore was meant, remove %s",
		    (unsigned long long)mine.size,
		    rc == SCS_ENOTFOUND ? "(no head)" : a, b, path);
	}
	return rc;
}

int
scs_op_served_note(struct scs_ctx *c, const char *path, struct scs_err *err)
{
	struct scs_tree_head mine, now;
	char tmp[4200], hex[65], text[128];
	int fd, n, rc;

	/* The log must still extend what was served: one rolled back or
	 * swapped while the server runs is named here (every few seconds)
	 * and never adopted, so the next start refuses it too. */
	if ((rc = scs_op_served_check(c, path, err)) != SCS_OK)
		return rc;
	if ((rc = scs_audit_head(c->st, &now, err)) != SCS_OK)
		return rc;
	rc = served_read(path, &mine, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	/* Only ever larger: a head of the same log is never forgotten. */
	if (rc == SCS_OK && now.size <= mine.size)
		return SCS_OK;
	scs_hex(hex, now.root, 32);
	n = snprintf(text, sizeof(text), MAGIC "%" PRIu64 " %s\n", now.size,
	    hex);
	if (snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >=
	    (int)sizeof(tmp))
		return scs_err_set(err, SCS_EINVAL, path, "path too long");
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
	    0600);
	if (fd < 0)
		return scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
	if (write(fd, text, (size_t)n) != n || fsync(fd) != 0) {
		(void)close(fd);
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, path, "cannot write");
	}
	(void)close(fd);
	if (rename(tmp, path) != 0) {
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
	}
	return SCS_OK;
}
