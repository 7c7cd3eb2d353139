/* SPDX-License-Identifier: Apache-2.0 */
/*
 * icache.c - the index cache: a file that holds the image of a full build
 * of the decision index (src/index/image.c) and the audit-log position it
 * was built at, so that the next `scs check` or `scs serve` reads the
 * index instead of building it from every record of the register.
 *
 * The file is the program's own: mode 0600, written whole to a temporary
 * file and renamed over the old one, and sealed by a MAC under a key
 * derived from the register's signing key, so that a file changed by
 * anyone without the key is refused, not believed.  A cache is only ever
 * a shortcut: one that is missing, unreadable, of another register, of
 * another build of the program or of other reference tables is ignored
 * (and rewritten after the full build); one that is behind the register
 * is brought up to it by following the audit log (src/ops/follow.c), the
 * same way a server keeps its index fresh.  A file that is not a regular
 * file, or that a user other than this one (or root) owns or could
 * write, is not read at all.
 *
 * What the MAC cannot see is a change made to the database outside the
 * program: the cache is as of its audit position, and the follow learns
 * of changes from the log only.  docs/operations.md says to delete the
 * cache after any such change.
 *
 * Layout: "SCSIXC1\n", the position (sequence, 64 bits, and the leaf of
 * the entry before it, 32 bytes), the image's length (64 bits), the MAC
 * (32 bytes) of all that before it and the image, then the image.
 */
#define _GNU_SOURCE /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scs/crypto.h"
#include "ops_int.h"

#define IC_MAGIC     "SCSIXC1\n"
#define IC_DOMAIN    "scs/v1/index-cache"
#define IC_HEAD      (8 + 8 + 32 + 8) /* before the MAC */
/* An index followed past this many entities since its image is written
 * anew by a full build, so that the follow at each start stays short. */
#define IC_REFRESH   1024
#define IC_MAX_IMAGE ((size_t)1 << 36) /* 64 GiB: some 500M persons */

static void
mac_of(const struct scs_keys *k, const uint8_t head[IC_HEAD], const void *image,
    size_t len, uint8_t out[32])
{
	struct scs_hash_part parts[2];

	parts[0].p = head;
	parts[0].len = IC_HEAD;
	parts[1].p = image;
	parts[1].len = len;
	scs_keys_mac(k, IC_DOMAIN, parts, 2, out);
}

static void
head_of(const struct scs_index_pos *pos, uint64_t len, uint8_t out[IC_HEAD])
{
	static const uint8_t magic[8] = {'S', 'C', 'S', 'I', 'X', 'C', '1',
	    '\n'};

	memcpy(out, magic, sizeof(magic));
	memcpy(out + 8, &pos->seq, 8);
	memcpy(out + 16, pos->leaf, 32);
	memcpy(out + 48, &len, 8);
}

/* The index held in cache file @path, with its position; SCS_ENOTFOUND
 * when there is none, another code (and a reason in @err) when the file
 * cannot be used. */
static int
cache_read(struct scs_ctx *c, const char *path, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_err *err)
{
	uint8_t head[IC_HEAD], mac[32], want[32];
	struct stat sb;
	uint64_t len;
	void *image = NULL;
	int fd, rc;

	*out = NULL;
	/* Non-blocking, so that a FIFO put in its place cannot hold the
	 * start (a regular file is read the same either way). */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) <
	    0)
		return errno == ENOENT ? SCS_ENOTFOUND
		                       : scs_err_set(err, SCS_EIO, path, "%s",
		                             scs_errno_text(errno));
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		rc = scs_err_set(err, SCS_ECORRUPT, path, "not a file");
		goto done;
	}
	/* Only a file that nobody but this user (or root) could have
	 * written is read at all: a large file of someone else's is not
	 * read into memory to learn that its MAC is wrong. */
	if ((sb.st_uid != geteuid() && sb.st_uid != 0) ||
	    (sb.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		rc = scs_err_set(err, SCS_ECORRUPT, path,
		    "owned by another user or writable by others");
		goto done;
	}
	rc = scs_err_set(err, SCS_ECORRUPT, path, "not an index cache");
	if (scs_read_full(fd, head, sizeof(head)) != (ssize_t)sizeof(head) ||
	    scs_read_full(fd, mac, sizeof(mac)) != (ssize_t)sizeof(mac) ||
	    memcmp(head, IC_MAGIC, 8) != 0)
		goto done;
	memcpy(&len, head + 48, 8);
	if (len > IC_MAX_IMAGE ||
	    (uint64_t)sb.st_size != IC_HEAD + sizeof(mac) + len) {
		rc = scs_err_set(err, SCS_ECORRUPT, path, "cut or grown");
		goto done;
	}
	if ((image = malloc(len > 0 ? (size_t)len : 1)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, path, "out of memory");
		goto done;
	}
	if (scs_read_full(fd, image, (size_t)len) != (ssize_t)len) {
		rc = scs_err_set(err, SCS_EIO, path, "read failed");
		goto done;
	}
	mac_of(c->keys, head, image, (size_t)len, want);
	if (scs_crypto_memcmp(mac, want, sizeof(mac)) != 0) {
		rc = scs_err_set(err, SCS_ECORRUPT, path,
		    "its MAC does not match: written by another register's "
		    "key, or changed");
		goto done;
	}
	memcpy(&pos->seq, head + 8, 8);
	memcpy(pos->leaf, head + 16, 32);
	rc = scs_index_from_image(c->rd, image, (size_t)len, out, err);
	if (rc == SCS_OK)
		image = NULL; /* the index's now */
done:
	free(image);
	(void)close(fd);
	return rc;
}

/* The directory of @path to disk, so that the rename outlives a crash of
 * the machine (best effort: the cache is only a shortcut). */
static void
sync_dir(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash == NULL)
		(void)snprintf(dir, sizeof(dir), ".");
	else if (snprintf(dir, sizeof(dir), "%.*s",
	             slash == path ? 1 : (int)(slash - path),
	             path) >= (int)sizeof(dir))
		return;
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		(void)fsync(fd);
		(void)close(fd);
	}
}

int
scs_op_index_cache_write(struct scs_ctx *c, const char *path,
    const struct scs_index *ix, const struct scs_index_pos *pos,
    struct scs_err *err)
{
	struct scs_buf img;
	uint8_t head[IC_HEAD], mac[32];
	char tmp[4096];
	int fd, rc;

	if (c->keys == NULL)
		return scs_err_set(err, SCS_EINVAL, path, "no keys to seal it");
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return scs_err_set(err, SCS_EINVAL, path, "path too long");
	scs_buf_init(&img, IC_MAX_IMAGE);
	if ((rc = scs_index_image(ix, &img)) != SCS_OK) {
		scs_buf_free(&img);
		return scs_err_set(err, rc, path, "no image of this index");
	}
	head_of(pos, img.len, head);
	mac_of(c->keys, head, img.p, img.len, mac);
	/* mkostemp makes it 0600; the rename replaces the old one whole.
	 * A crash before the rename leaves the temporary file (the path and
	 * six random characters): harmless, never read (operations.md). */
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
		scs_buf_free(&img);
		return rc;
	}
	if (scs_write_all(fd, head, sizeof(head)) != 0 ||
	    scs_write_all(fd, mac, sizeof(mac)) != 0 ||
	    scs_write_all(fd, img.p, img.len) != 0 || fsync(fd) != 0) {
		rc = scs_err_set(err, SCS_EIO, path, "write failed: %s",
		    scs_errno_text(errno));
		(void)close(fd);
		(void)unlink(tmp);
	} else if (close(fd) != 0 || rename(tmp, path) != 0) {
		rc = scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
		(void)unlink(tmp);
	} else
		sync_dir(path);
	scs_buf_free(&img);
	return rc;
}

/* A full build, written to the cache when there is one (a cache that
 * cannot be written is no reason to fail). */
static int
build_and_keep(struct scs_ctx *c, const char *path, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_index_cache_use *use,
    struct scs_err *err)
{
	struct scs_err e2;
	int rc;

	if ((rc = scs_op_index_build_at(c, out, pos, err)) != SCS_OK)
		return rc;
	use->built = true;
	if (path != NULL && c->keys != NULL) {
		scs_err_clear(&e2);
		if (scs_op_index_cache_write(c, path, *out, pos, &e2) == SCS_OK)
			use->written = true;
		else
			(void)snprintf(use->write_error,
			    sizeof(use->write_error), "%s", e2.reason);
	}
	return SCS_OK;
}

int
scs_op_index_open(struct scs_ctx *c, const char *path, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_index_cache_use *use,
    struct scs_err *err)
{
	struct scs_index_cache_use none;
	struct scs_index *ix = NULL, *next = NULL;
	struct scs_index_pos at, cpos;
	struct scs_err e2;
	size_t touched = 0;
	int rc;

	if (use == NULL)
		use = &none;
	memset(use, 0, sizeof(*use));
	if (pos == NULL)
		pos = &at;
	*out = NULL;
	if (path == NULL || c->keys == NULL)
		return build_and_keep(c, NULL, out, pos, use, err);
	scs_err_clear(&e2);
	memset(&cpos, 0, sizeof(cpos));
	rc = cache_read(c, path, &ix, &cpos, &e2);
	if (rc != SCS_OK) {
		(void)snprintf(use->reason, sizeof(use->reason), "%s",
		    rc == SCS_ENOTFOUND ? "no cache yet" : e2.reason);
		/* Another version's or other tables' cache is rebuilt
		 * quietly; a bad or unreadable file is said. */
		use->refused = rc == SCS_ECORRUPT || rc == SCS_EIO;
		return build_and_keep(c, path, out, pos, use, err);
	}
	use->read = true;
	scs_err_clear(&e2);
	rc = scs_op_index_follow(c, ix, &cpos, &next, &touched, &e2);
	if (rc == SCS_OK && touched > IC_REFRESH) {
		scs_index_free(next);
		next = NULL;
		rc = SCS_ECONFLICT;
		(void)snprintf(e2.reason, sizeof(e2.reason), "%s",
		    "many changes since the cache was written");
	}
	if (rc != SCS_OK) {
		/* Behind past what a follow should do, or of another log. */
		scs_index_free(ix);
		use->read = false;
		(void)snprintf(use->reason, sizeof(use->reason), "%s",
		    e2.reason);
		return build_and_keep(c, path, out, pos, use, err);
	}
	use->followed = touched;
	if (next != NULL) {
		scs_index_free(ix);
		ix = next;
	}
	*pos = cpos;
	*out = ix;
	return SCS_OK;
}
