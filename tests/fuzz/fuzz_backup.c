/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_backup.c - the files `scs restore` and `scs serve` read that an
 * attacker with the disk could hand them: a backup file
 * (scs_crypto_backup_open, src/crypto/backup.c: the header, the lock,
 * the frames of the stream), the manifest inside it
 * (scs_op_backup_manifest_parse, src/ops/backup.c) and the served-head
 * file of rollback detection (scs_op_served_parse, src/ops/served.c).
 *
 * The input is read as each.  As a backup, it is opened (through an
 * in-memory file) with a fixed recipient key, so that seeds sealed to it
 * get past the lock; no passphrase is given, so a passphrase lock is
 * refused after its cost bounds are checked and before Argon2id runs.
 * The input is also sealed, as a register's bytes, with the input's
 * first line as manifest, and opened again.
 *
 * Properties: a refused backup gives no manifest; one that opens gives
 * its manifest and its bytes; what is sealed opens to the same bytes and
 * manifest, and a file one byte short of it is refused.  A manifest or a
 * served-head that parses is written again as the program writes it and
 * parses to the same values.
 */
#define _GNU_SOURCE /* memfd_create */

#include <inttypes.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "scs/crypto.h"
#include "scs/ops.h"
#include "scs/util.h"

#include "records.h"

#define HEAD_MAX 159 /* bytes of a served-head file read */

static uint8_t sk[SCS_BACKUP_KEY_LEN], pk[SCS_BACKUP_KEY_LEN];

static void
init(void)
{
	size_t i;

	FUZZ_CHECK(scs_crypto_init() == SCS_OK);
	for (i = 0; i < sizeof(sk); i++)
		sk[i] = (uint8_t)(i * 7 + 1);
	FUZZ_CHECK(scs_crypto_backup_public(sk, pk) == 0);
}

/* An in-memory file holding @len bytes at @p, at offset 0. */
static int
mem_file(const void *p, size_t len)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	FUZZ_CHECK(fd >= 0);
	FUZZ_CHECK(scs_write_all(fd, p, len) == 0);
	FUZZ_CHECK(lseek(fd, 0, SEEK_SET) == 0);
	return fd;
}

/* The bytes of in-memory file @fd (its length into *len); caller frees. */
static uint8_t *
mem_bytes(int fd, size_t *len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	uint8_t *b;

	FUZZ_CHECK(end >= 0 && lseek(fd, 0, SEEK_SET) == 0);
	*len = (size_t)end;
	b = malloc(*len + 1);
	FUZZ_CHECK(b != NULL);
	FUZZ_CHECK(scs_read_full(fd, b, *len) == (ssize_t)*len);
	return b;
}

static bool
same_report(const struct scs_backup_report *a,
    const struct scs_backup_report *b)
{
	return a->created_us == b->created_us && a->entries == b->entries &&
	    a->records == b->records && a->bytes == b->bytes &&
	    memcmp(a->root, b->root, 32) == 0;
}

static void
manifest(const char *text)
{
	struct scs_backup_report a, b;
	struct scs_err err;
	char *again;
	int rc;

	memset(&a, 0, sizeof(a));
	scs_err_clear(&err);
	rc = scs_op_backup_manifest_parse(text, &a, &err);
	FUZZ_CHECK(rc == SCS_OK ||
	    (rc == SCS_ECORRUPT && (int)err.rc == rc &&
	        strcmp(err.field, "backup") == 0));
	if (rc != SCS_OK)
		return;
	again = scs_op_backup_manifest_text(&a);
	FUZZ_CHECK(again != NULL);
	memset(&b, 0, sizeof(b));
	rc = scs_op_backup_manifest_parse(again, &b, &err);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "manifest %s: %s\n", again, err.reason);
	FUZZ_CHECK(rc == SCS_OK && same_report(&a, &b));
	free(again);
}

static void
served_head(const uint8_t *data, size_t size)
{
	char text[HEAD_MAX + 1], again[160], hex[65];
	struct scs_tree_head a, b;
	struct scs_err err;
	size_t n = size < HEAD_MAX ? size : HEAD_MAX;
	int rc;

	memcpy(text, data, n);
	text[n] = '\0';
	scs_err_clear(&err);
	rc = scs_op_served_parse(text, "served-head", &a, &err);
	FUZZ_CHECK(rc == SCS_OK ||
	    (rc == SCS_ECORRUPT && strcmp(err.field, "served-head") == 0));
	if (rc != SCS_OK)
		return;
	/* As scs_op_served_note writes it. */
	scs_hex(hex, a.root, 32);
	(void)snprintf(again, sizeof(again),
	    "scs-served-head 1\n%" PRIu64 " %s\n", a.size, hex);
	FUZZ_CHECK(
	    scs_op_served_parse(again, "served-head", &b, &err) == SCS_OK);
	FUZZ_CHECK(a.size == b.size && memcmp(a.root, b.root, 32) == 0);
}

/* Open the backup of @len bytes at @p: SCS_OK with its bytes and
 * manifest (caller frees both), or the refusal. */
static int
open_backup(const void *p, size_t len, uint8_t **bytes, size_t *blen,
    char **man)
{
	struct scs_backup_lock lk = {NULL, NULL, sk};
	struct scs_err err;
	int in = mem_file(p, len), out = mem_file("", 0), rc;

	scs_err_clear(&err);
	*man = NULL;
	*bytes = NULL;
	rc = scs_crypto_backup_open(in, out, &lk, man, &err);
	if (rc != SCS_OK) {
		FUZZ_CHECK(*man == NULL);
		FUZZ_CHECK(err.rc == (enum scs_rc)rc && err.reason[0] != '\0');
	} else {
		FUZZ_CHECK(*man != NULL);
		*bytes = mem_bytes(out, blen);
	}
	(void)close(in);
	(void)close(out);
	return rc;
}

/* Seal @data as a register's bytes, with its first line as manifest, and
 * open it again. */
static void
round_trip(const uint8_t *data, size_t size)
{
	struct scs_backup_lock lk = {NULL, pk, NULL};
	const uint8_t *nl = memchr(data, '\n', size);
	size_t mlen = nl != NULL ? (size_t)(nl - data) : size, flen, blen;
	char *want, *man;
	uint8_t *file, *bytes;
	struct scs_err err;
	int in, out;

	if (mlen > 4096 || memchr(data, '\0', mlen) != NULL)
		return;
	want = malloc(mlen + 1);
	FUZZ_CHECK(want != NULL);
	memcpy(want, data, mlen);
	want[mlen] = '\0';
	in = mem_file(data, size);
	out = mem_file("", 0);
	FUZZ_CHECK(scs_crypto_backup_seal(in, out, &lk, want, &err) == SCS_OK);
	file = mem_bytes(out, &flen);
	(void)close(in);
	(void)close(out);
	FUZZ_CHECK(open_backup(file, flen, &bytes, &blen, &man) == SCS_OK);
	FUZZ_CHECK(strcmp(man, want) == 0);
	FUZZ_CHECK(
	    blen == size && (size == 0 || memcmp(bytes, data, size) == 0));
	free(man);
	free(bytes);
	/* Cut short: refused. */
	FUZZ_CHECK(open_backup(file, flen - 1, &bytes, &blen, &man) != SCS_OK);
	free(file);
	free(want);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *bytes;
	char *man, *text;
	size_t blen;

	if (pk[0] == 0 && pk[1] == 0)
		init();
	if (size > ((size_t)1 << 18))
		return 0;
	if (open_backup(data, size, &bytes, &blen, &man) == SCS_OK) {
		manifest(man);
		free(man);
		free(bytes);
	}
	text = malloc(size + 1);
	FUZZ_CHECK(text != NULL);
	memcpy(text, data, size);
	text[size] = '\0';
	manifest(text);
	free(text);
	served_head(data, size);
	round_trip(data, size);
	return 0;
}
