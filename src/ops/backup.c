/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.c - `scs backup` and `scs restore`: a register copied while it
 * serves (the store's snapshot), verified (every audit entry and record,
 * as `scs audit verify`), then encrypted into one file with a manifest
 * naming its audit root (src/crypto/backup.c); and back: decrypted beside
 * the target, verified against the manifest's root under the key
 * directory restored first, and only then renamed into place.
 *
 * The plain copy lives only in a directory of its own (mode 0700) beside
 * the register, which holds the same bytes anyway, and is removed before
 * either operation returns.
 */
#define _GNU_SOURCE /* mkostemp flags */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/audit.h"
#include "scs/codec.h"
#include "scs/time.h"

#define MANIFEST_FORMAT "scs-backup/1"

/* The directory part of @path into @out ("." when it has none). */
static int
dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return snprintf(out, size, ".") >= (int)size ? -1 : 0;
	if (slash == path)
		return snprintf(out, size, "/") >= (int)size ? -1 : 0;
	return snprintf(out, size, "%.*s", (int)(slash - path), path) >=
	        (int)size
	    ? -1
	    : 0;
}

static void
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		(void)fsync(fd);
		(void)close(fd);
	}
}

/* A work directory of our own beside @path: @out gets its name. */
static int
work_dir(const char *path, const char *what, char *out, size_t size,
    struct scs_err *err)
{
	char dir[PATH_MAX];

	if (dir_of(path, dir, sizeof(dir)) != 0 ||
	    snprintf(out, size, "%s/.scs-%s-XXXXXX", dir, what) >= (int)size)
		return scs_err_set(err, SCS_EINVAL, "db", "path too long");
	if (mkdtemp(out) == NULL)
		return scs_err_set(err, SCS_EIO, dir,
		    "cannot make a work directory: %s", scs_errno_text(errno));
	return SCS_OK;
}

static void
remove_work(const char *wd, const char *file)
{
	char p[PATH_MAX + 16];

	if (file[0] != '\0')
		(void)unlink(file);
	/* SQLite may have left its journal files beside the copy. */
	(void)snprintf(p, sizeof(p), "%s-wal", file);
	(void)unlink(p);
	(void)snprintf(p, sizeof(p), "%s-shm", file);
	(void)unlink(p);
	(void)snprintf(p, sizeof(p), "%s-journal", file);
	(void)unlink(p);
	(void)rmdir(wd);
}

/* Verify the register in file @path under @c's keys and tables. */
static int
verify_copy(const struct scs_ctx *c, const char *path,
    struct scs_backup_report *rep, struct scs_err *err)
{
	struct scs_verify_report vr;
	struct scs_ctx v = *c;
	int rc;

	v.st = NULL;
	v.on_change = NULL;
	v.bulk = NULL;
	if ((rc = scs_store_sqlite_open(path, false, &v.st, err)) != SCS_OK)
		return rc;
	rc = scs_op_audit_verify(&v, &vr, err);
	scs_store_close(v.st);
	if (rc != SCS_OK)
		return rc;
	if (!vr.ok)
		return scs_err_set(err, SCS_ECORRUPT, "audit",
		    "the register does not verify: %s", vr.problem);
	rep->entries = vr.log.entries;
	rep->records = vr.records;
	memcpy(rep->root, vr.log.root, 32);
	return SCS_OK;
}

char *
scs_op_backup_manifest_text(const struct scs_backup_report *rep)
{
	char root[65], at[40];
	json_t *m;
	char *s;

	scs_hex(root, rep->root, 32);
	(void)scs_time_format_us(rep->created_us, at);
	m = json_pack("{s:s, s:s, s:s, s:I, s:I, s:s, s:I}", "format",
	    MANIFEST_FORMAT, "scs_version", SCS_VERSION, "created", at,
	    "audit_entries", (json_int_t)rep->entries, "records",
	    (json_int_t)rep->records, "audit_root", root, "bytes",
	    (json_int_t)rep->bytes);
	if (m == NULL)
		return NULL;
	s = json_dumps(m, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(m);
	return s;
}

int
scs_op_backup_manifest_parse(const char *text, struct scs_backup_report *rep,
    struct scs_err *err)
{
	const char *format = NULL, *root = NULL, *created = NULL;
	json_int_t entries = -1, records = -1, bytes = -1;
	json_t *m = json_loads(text, 0, NULL);
	int rc = SCS_OK;

	if (m == NULL ||
	    json_unpack(m, "{s:s, s:s, s:I, s:I, s:s, s:I}", "format", &format,
	        "created", &created, "audit_entries", &entries, "records",
	        &records, "audit_root", &root, "bytes", &bytes) != 0 ||
	    strcmp(format, MANIFEST_FORMAT) != 0 || entries < 0 ||
	    records < 0 || bytes < 0 || scs_unhex(rep->root, 32, root) != 0 ||
	    scs_time_parse_us(created, strlen(created), "created",
	        &rep->created_us, NULL) != SCS_OK)
		rc = scs_err_set(err, SCS_ECORRUPT, "backup",
		    "its manifest is not one this version reads");
	else {
		rep->entries = (uint64_t)entries;
		rep->records = (uint64_t)records;
		rep->bytes = (uint64_t)bytes;
	}
	json_decref(m);
	return rc;
}

int
scs_op_backup(struct scs_ctx *c, const char *db, const char *out_path,
    const struct scs_backup_lock *lk, struct scs_backup_report *rep,
    struct scs_err *err)
{
	char wd[PATH_MAX], copy[PATH_MAX + 8], tmp[PATH_MAX + 16],
	    odir[PATH_MAX];
	char *manifest = NULL;
	struct stat sb;
	int in = -1, out = -1, rc;

	memset(rep, 0, sizeof(rep[0]));
	copy[0] = tmp[0] = '\0';
	rep->created_us = c->now_us();
	if (dir_of(out_path, odir, sizeof(odir)) != 0 ||
	    snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", out_path) >=
	        (int)sizeof(tmp))
		return scs_err_set(err, SCS_EINVAL, "file", "path too long");
	tmp[0] = '\0';
	if (scs_store_is_url(db)) /* said by the store, before anything */
		return scs_store_snapshot(c->st, "", err);
	/* A security event (a copy of every dossier leaves the register),
	 * written first, so the backup holds its own entry: who made it and
	 * how it is locked. */
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_op_audit(c, "backup", "register", "", NULL,
	         lk->recipient != NULL ? "locked to a recipient key"
	                               : "locked by a passphrase",
	         err)) != SCS_OK)
		return scs_op_abort(c, rc);
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		return rc;
	if ((rc = work_dir(db, "backup", wd, sizeof(wd), err)) != SCS_OK)
		return rc;
	(void)snprintf(copy, sizeof(copy), "%s/r.db", wd);
	if ((rc = scs_store_snapshot(c->st, copy, err)) != SCS_OK ||
	    (rc = verify_copy(c, copy, rep, err)) != SCS_OK)
		goto done;
	if ((in = open(copy, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(in, &sb) != 0) {
		rc = scs_err_set(err, SCS_EIO, "", "cannot read the copy: %s",
		    scs_errno_text(errno));
		goto done;
	}
	rep->bytes = (uint64_t)sb.st_size;
	if ((manifest = scs_op_backup_manifest_text(rep)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto done;
	}
	(void)snprintf(tmp, sizeof(tmp), "%s.tmp-XXXXXX", out_path);
	if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
		rc = scs_err_set(err, SCS_EIO, "file", "cannot write %s: %s",
		    out_path, scs_errno_text(errno));
		tmp[0] = '\0';
		goto done;
	}
	if ((rc = scs_crypto_backup_seal(in, out, lk, manifest, err)) != SCS_OK)
		goto done;
	if (fsync(out) != 0 || close(out) != 0) {
		out = -1;
		rc = scs_err_set(err, SCS_EIO, "file", "cannot write %s: %s",
		    out_path, scs_errno_text(errno));
		goto done;
	}
	out = -1;
	if (rename(tmp, out_path) != 0) {
		rc = scs_err_set(err, SCS_EIO, "file", "cannot write %s: %s",
		    out_path, scs_errno_text(errno));
		goto done;
	}
	tmp[0] = '\0';
	sync_dir(odir);
done:
	if (in >= 0)
		(void)close(in);
	if (out >= 0)
		(void)close(out);
	if (tmp[0] != '\0')
		(void)unlink(tmp);
	if (copy[0] != '\0')
		remove_work(wd, copy);
	free(manifest);
	return rc;
}

int
scs_op_restore(struct scs_ctx *c, const char *in_path, const char *db,
    const struct scs_backup_lock *lk, struct scs_backup_report *rep,
    struct scs_err *err)
{
	char wd[PATH_MAX], copy[PATH_MAX + 8], dir[PATH_MAX], wal[PATH_MAX + 8];
	struct scs_backup_report got;
	char *manifest = NULL;
	int in = -1, out = -1, rc;

	memset(rep, 0, sizeof(rep[0]));
	copy[0] = '\0';
	if (scs_store_is_url(db))
		return scs_err_set(err, SCS_EINVAL, "db",
		    "a backup restores a SQLite register; a PostgreSQL one is "
		    "restored with PostgreSQL's tools (docs/postgresql.md)");
	(void)snprintf(wal, sizeof(wal), "%s-wal", db);
	if (access(db, F_OK) == 0 || access(wal, F_OK) == 0)
		return scs_err_set(err, SCS_ECONFLICT, "db",
		    "%s exists: restore into a path where no register is", db);
	if (dir_of(db, dir, sizeof(dir)) != 0)
		return scs_err_set(err, SCS_EINVAL, "db", "path too long");
	if ((in = open(in_path, O_RDONLY | O_CLOEXEC)) < 0)
		return scs_err_set(err, SCS_EIO, "file", "cannot read %s: %s",
		    in_path, scs_errno_text(errno));
	if ((rc = work_dir(db, "restore", wd, sizeof(wd), err)) != SCS_OK)
		goto done;
	(void)snprintf(copy, sizeof(copy), "%s/r.db", wd);
	if ((out = open(copy, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) <
	    0) {
		rc = scs_err_set(err, SCS_EIO, "db", "cannot write %s: %s",
		    copy, scs_errno_text(errno));
		goto done;
	}
	if ((rc = scs_crypto_backup_open(in, out, lk, &manifest, err)) !=
	        SCS_OK ||
	    (rc = scs_op_backup_manifest_parse(manifest, rep, err)) != SCS_OK)
		goto done;
	if (fsync(out) != 0 || close(out) != 0) {
		out = -1;
		rc = scs_err_set(err, SCS_EIO, "db", "cannot write %s: %s",
		    copy, scs_errno_text(errno));
		goto done;
	}
	out = -1;
	memset(&got, 0, sizeof(got));
	if ((rc = verify_copy(c, copy, &got, err)) != SCS_OK)
		goto done;
	if (got.entries != rep->entries ||
	    memcmp(got.root, rep->root, 32) != 0) {
		rc = scs_err_set(err, SCS_ECORRUPT, "backup",
		    "the restored log (%llu entries) is not the one the "
		    "manifest names (%llu entries)",
		    (unsigned long long)got.entries,
		    (unsigned long long)rep->entries);
		goto done;
	}
	rep->records = got.records;
	/* link, not rename: a register made at the path meanwhile is
	 * never replaced. */
	if (link(copy, db) != 0) {
		rc = errno == EEXIST
		    ? scs_err_set(err, SCS_ECONFLICT, "db",
		          "%s appeared meanwhile: restore into a path where "
		          "no register is",
		          db)
		    : scs_err_set(err, SCS_EIO, "db", "cannot write %s: %s", db,
		          scs_errno_text(errno));
		goto done;
	}
	sync_dir(dir);
done:
	if (in >= 0)
		(void)close(in);
	if (out >= 0)
		(void)close(out);
	if (copy[0] != '\0')
		remove_work(wd, copy);
	free(manifest);
	return rc;
}
