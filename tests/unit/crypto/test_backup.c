/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_backup.c - unit tests for src/crypto/backup.c, a backup file's
 * encryption: the Argon2id cost a passphrase is locked with, round trips
 * under both locks over several frames, and every refusal of the opener
 * (another format, an unknown lock, a cost out of bounds, the wrong key or
 * passphrase, a file cut short, changed or extended) and of the sealer (no
 * lock, a key no one can open, a file that cannot be read or written, no
 * memory).  The cmocka tests run in order: the first one looks at the cost
 * before SCS_PWHASH_COST=min takes effect.
 */
#include "helpers.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>

#include <sodium.h>

#include "alloc_fault.h"

#define CHUNK      65536
#define PASS_HLEN  48  /* magic, lock, zeros, salt, opslimit, memlimit */
#define RCPT_HLEN  128 /* magic, lock, zeros, public key, sealed file key */
#define STREAM_HDR 24
#define PASSPHRASE "correct horse battery staple"

static const char manifest[] = "{\"format\":1}";

/* ---- helpers --------------------------------------------------------- */

/* A temporary file holding @len bytes of @p, at its start. */
static int
file_of(const void *p, size_t len)
{
	FILE *f = tmpfile();
	int fd;

	assert_non_null(f);
	fd = dup(fileno(f));
	(void)fclose(f);
	assert_true(fd >= 0);
	assert_int_equal(scs_write_all(fd, p, len), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

/* The whole of @fd from its start, into a new buffer of *out_len bytes. */
static uint8_t *
file_bytes(int fd, size_t *out_len)
{
	off_t end = lseek(fd, 0, SEEK_END);
	uint8_t *p;

	assert_true(end >= 0);
	p = malloc((size_t)end + 1);
	assert_non_null(p);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(scs_read_full(fd, p, (size_t)end), end);
	*out_len = (size_t)end;
	return p;
}

/* The register's bytes of the tests: @len bytes of a fixed pattern. */
static uint8_t *
register_bytes(size_t len)
{
	uint8_t *p = malloc(len + 1);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + (i >> 16));
	return p;
}

/* A backup of @len register bytes under @lk, into *out_len bytes. */
static uint8_t *
backup_of(const struct scs_backup_lock *lk, size_t len, size_t *out_len)
{
	uint8_t *reg = register_bytes(len), *b;
	int in = file_of(reg, len), out = file_of("", 0);
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_equal(scs_crypto_backup_seal(in, out, lk, manifest, &err),
	    SCS_OK);
	b = file_bytes(out, out_len);
	(void)close(in);
	(void)close(out);
	free(reg);
	return b;
}

/* Open the @len bytes of backup @b under @lk: the result, the error in
 * @err, the register's bytes into @restored (if not NULL; room for them). */
static int
open_backup(const uint8_t *b, size_t len, const struct scs_backup_lock *lk,
    uint8_t *restored, size_t *restored_len, struct scs_err *err)
{
	int in = file_of(b, len), out = file_of("", 0), rc;
	char *m = NULL;

	scs_err_clear(err);
	rc = scs_crypto_backup_open(in, out, lk, &m, err);
	if (rc == SCS_OK) {
		uint8_t *got;
		size_t n;

		assert_string_equal(m, manifest);
		got = file_bytes(out, &n);
		if (restored != NULL) {
			memcpy(restored, got, n);
			*restored_len = n;
		}
		free(got);
	} else {
		assert_null(m);
	}
	free(m);
	(void)close(in);
	(void)close(out);
	return rc;
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void
put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* Open @b (@len bytes) under @lk and expect @rc with @why in the reason. */
static void
expect_refused(const uint8_t *b, size_t len, const struct scs_backup_lock *lk,
    int rc, const char *why)
{
	struct scs_err err;
	int got = open_backup(b, len, lk, NULL, NULL, &err);

	if (got != rc || strstr(err.reason, why) == NULL)
		fail_msg("got %d %s: %s, want %d ...%s...", got, err.field,
		    err.reason, rc, why);
}

/* Keep the address space this process has, and @more bytes. */
static void
limit_address_space(struct rlimit *old, size_t more)
{
	struct rlimit lim;
	unsigned long pages;
	char line[128] = "";
	FILE *f = fopen("/proc/self/statm", "r");

	/* statm: the size of the address space in pages, first. */
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	(void)fclose(f);
	pages = strtoul(line, NULL, 10);
	assert_true(pages > 0);
	assert_int_equal(getrlimit(RLIMIT_AS, old), 0);
	lim = *old;
	lim.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE) + more;
	assert_int_equal(setrlimit(RLIMIT_AS, &lim), 0);
}

/* ---- tests ----------------------------------------------------------- */

/* Without SCS_PWHASH_COST=min a backup's passphrase costs the moderate
 * Argon2id (256 MiB): a backup guards the whole register offline.  A
 * machine without the memory gets an error, not a weaker lock. */
static void
test_a_passphrase_costs_the_moderate_argon2id_unless_told(void **state)
{
	struct scs_backup_lock lk = {PASSPHRASE, NULL, NULL};
	struct scs_err err;
	uint8_t *b;
	size_t len;

	(void)state;
	assert_int_equal(setenv("SCS_PWHASH_COST", "interactive", 1), 0);
	assert_int_equal(scs_crypto_init(), SCS_OK);
	if (ALLOC_FAULTS) { /* the sanitizers reserve address space apart */
		struct rlimit old;
		uint8_t *reg = register_bytes(10);
		int in = file_of(reg, 10), out = file_of("", 0), rc;

		limit_address_space(&old, (size_t)64 << 20);
		scs_err_clear(&err);
		rc = scs_crypto_backup_seal(in, out, &lk, manifest, &err);
		assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
		assert_int_equal(rc, SCS_ENOMEM);
		assert_string_equal(err.reason, "out of memory for Argon2id");
		(void)close(in);
		(void)close(out);
		free(reg);
	}
	b = backup_of(&lk, 10, &len);
	assert_int_equal(b[8], 1);
	assert_true(le64(b + 32) == crypto_pwhash_OPSLIMIT_MODERATE);
	assert_true(le64(b + 40) == crypto_pwhash_MEMLIMIT_MODERATE);
	free(b);
	/* The tests' minimum from here on. */
	assert_int_equal(setenv("SCS_PWHASH_COST", "min", 1), 0);
	assert_int_equal(scs_crypto_init(), SCS_OK);
	b = backup_of(&lk, 10, &len);
	assert_true(le64(b + 32) == crypto_pwhash_OPSLIMIT_MIN);
	assert_true(le64(b + 40) == crypto_pwhash_MEMLIMIT_MIN);
	free(b);
}

static void
test_both_locks_round_trip_over_several_frames(void **state)
{
	static const size_t sizes[] = {0, 1, CHUNK - 1, CHUNK, 2 * CHUNK + 5};
	uint8_t pk[SCS_BACKUP_KEY_LEN], sk[SCS_BACKUP_KEY_LEN],
	    pub[SCS_BACKUP_KEY_LEN];
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	struct scs_backup_lock to = {NULL, pk, NULL}, by = {NULL, NULL, sk};
	uint8_t *want, *got = malloc(3 * CHUNK), *b;
	struct scs_err err;
	size_t i, len, n;

	(void)state;
	assert_non_null(got);
	assert_int_equal(scs_crypto_backup_keygen(pk, sk), SCS_OK);
	assert_int_equal(scs_crypto_backup_public(sk, pub), SCS_OK);
	assert_memory_equal(pub, pk, sizeof(pk));
	for (i = 0; i < SCS_NELEM(sizes); i++) {
		want = register_bytes(sizes[i]);
		b = backup_of(&pass, sizes[i], &len);
		assert_int_equal(open_backup(b, len, &pass, got, &n, &err),
		    SCS_OK);
		assert_int_equal(n, sizes[i]);
		assert_memory_equal(got, want, n);
		free(b);
		b = backup_of(&to, sizes[i], &len);
		assert_int_equal(b[8], 2);
		assert_int_equal(open_backup(b, len, &by, got, &n, &err),
		    SCS_OK);
		assert_int_equal(n, sizes[i]);
		assert_memory_equal(got, want, n);
		free(b);
		free(want);
	}
	free(got);
}

static void
test_the_sealer_needs_a_lock_a_usable_key_and_a_short_manifest(void **state)
{
	uint8_t zero[SCS_BACKUP_KEY_LEN] = {0};
	struct scs_backup_lock none = {NULL, NULL, NULL},
	                       bad = {NULL, zero, NULL},
	                       pass = {PASSPHRASE, NULL, NULL};
	char *big = malloc(CHUNK + 2);
	int in = file_of("x", 1), out = file_of("", 0);
	struct scs_err err;

	(void)state;
	assert_non_null(big);
	assert_int_equal(scs_crypto_backup_seal(in, out, &none, manifest, &err),
	    SCS_EINVAL);
	/* The all-zero key is of low order: no one holds its secret. */
	assert_int_equal(scs_crypto_backup_seal(in, out, &bad, manifest, &err),
	    SCS_ECRYPTO);
	assert_string_equal(err.field, "recipient");
	memset(big, 'm', CHUNK + 1);
	big[CHUNK + 1] = '\0';
	assert_int_equal(scs_crypto_backup_seal(in, out, &pass, big, &err),
	    SCS_EINTERNAL);
	assert_int_equal(lseek(out, 0, SEEK_END), 0); /* nothing written */
	free(big);
	(void)close(in);
	(void)close(out);
}

static void
test_the_sealer_reports_what_it_cannot_read_or_write(void **state)
{
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	uint8_t *reg = register_bytes(CHUNK + 1);
	int in = file_of(reg, CHUNK + 1), out, dir;
	struct rlimit old, lim;
	struct scs_err err;

	(void)state;
	/* A full disk from the first byte. */
	out = open("/dev/full", O_WRONLY | O_CLOEXEC);
	assert_true(out >= 0);
	assert_int_equal(scs_crypto_backup_seal(in, out, &pass, manifest, &err),
	    SCS_EIO);
	assert_non_null(strstr(err.reason, "cannot write the backup"));
	(void)close(out);
	/* Room for the header and manifest, not the register's bytes: the
	 * file size limit (SIGXFSZ ignored, so write says EFBIG). */
	assert_int_equal(lseek(in, 0, SEEK_SET), 0);
	out = file_of("", 0);
	assert_true(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 4096;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	scs_err_clear(&err);
	assert_int_equal(scs_crypto_backup_seal(in, out, &pass, manifest, &err),
	    SCS_EIO);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_non_null(strstr(err.reason, "cannot write the backup"));
	(void)close(out);
	/* A directory reads as EISDIR. */
	dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	assert_true(dir >= 0);
	out = file_of("", 0);
	assert_int_equal(scs_crypto_backup_seal(dir, out, &pass, manifest,
	                     &err),
	    SCS_EIO);
	assert_non_null(strstr(err.reason, "cannot read the register's copy"));
	(void)close(out);
	(void)close(dir);
	(void)close(in);
	free(reg);
}

static void
test_the_opener_refuses_another_format_and_unknown_locks(void **state)
{
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	size_t len;
	uint8_t *b = backup_of(&pass, 100, &len);

	(void)state;
	expect_refused(b, 0, &pass, SCS_ECORRUPT, "not an SCS backup");
	expect_refused(b, 15, &pass, SCS_ECORRUPT, "not an SCS backup");
	b[7] = 2; /* a format to come */
	expect_refused(b, len, &pass, SCS_ECORRUPT, "not an SCS backup");
	b[7] = 1;
	b[8] = 3;
	expect_refused(b, len, &pass, SCS_ECORRUPT, "unknown lock 3");
	free(b);
}

static void
test_the_opener_bounds_the_passphrase_cost_before_paying_it(void **state)
{
	static const struct {
		uint64_t ops, mem;
	} c[] = {
	    {0, 8192},
	    {11, 8192},
	    {1, 4096},
	    {1, ((uint64_t)1 << 30) + 1},
	};
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	size_t i, len;
	uint8_t *b = backup_of(&pass, 100, &len);

	(void)state;
	for (i = 0; i < SCS_NELEM(c); i++) {
		uint8_t *x = malloc(len);

		assert_non_null(x);
		memcpy(x, b, len);
		put_le64(x + 32, c[i].ops);
		put_le64(x + 40, c[i].mem);
		expect_refused(x, len, &pass, SCS_ECORRUPT,
		    "passphrase cost is out of bounds");
		free(x);
	}
	/* Within bounds but more memory than the machine gives: an error,
	 * not a crash (the header is authenticated only once the key is
	 * made). */
	if (ALLOC_FAULTS) {
		struct rlimit old;
		struct scs_err err;
		int rc;

		put_le64(b + 40, (uint64_t)1 << 30);
		limit_address_space(&old, (size_t)64 << 20);
		rc = open_backup(b, len, &pass, NULL, NULL, &err);
		assert_int_equal(setrlimit(RLIMIT_AS, &old), 0);
		assert_int_equal(rc, SCS_ENOMEM);
		assert_string_equal(err.reason, "out of memory for Argon2id");
	}
	free(b);
}

static void
test_the_opener_needs_the_right_passphrase_or_key(void **state)
{
	uint8_t pk[SCS_BACKUP_KEY_LEN], sk[SCS_BACKUP_KEY_LEN],
	    pk2[SCS_BACKUP_KEY_LEN], sk2[SCS_BACKUP_KEY_LEN];
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL},
	                       wrong = {"not the passphrase", NULL, NULL},
	                       to = {NULL, pk, NULL}, by = {NULL, NULL, sk},
	                       other = {NULL, NULL, sk2};
	size_t plen, rlen;
	uint8_t *pb = backup_of(&pass, 100, &plen), *rb;

	(void)state;
	assert_int_equal(scs_crypto_backup_keygen(pk, sk), SCS_OK);
	assert_int_equal(scs_crypto_backup_keygen(pk2, sk2), SCS_OK);
	rb = backup_of(&to, 100, &rlen);
	expect_refused(pb, plen, &by, SCS_EINVAL,
	    "this backup is locked by a passphrase");
	expect_refused(pb, plen, &wrong, SCS_ECRYPTO, "wrong passphrase");
	expect_refused(rb, rlen, &pass, SCS_EINVAL,
	    "locked to a recipient key");
	expect_refused(rb, rlen, &other, SCS_ECRYPTO,
	    "this backup is locked to another key");
	/* The sealed file key changed: the key opens nothing. */
	rb[60] ^= 1;
	expect_refused(rb, rlen, &by, SCS_ECRYPTO,
	    "its file key does not open: changed");
	rb[60] ^= 1;
	/* The manifest (first frame) changed. */
	rb[RCPT_HLEN + STREAM_HDR + 4 + 3] ^= 1;
	expect_refused(rb, rlen, &by, SCS_ECRYPTO, "the backup was changed");
	rb[RCPT_HLEN + STREAM_HDR + 4 + 3] ^= 1;
	/* A header byte changed: the manifest's additional data. */
	pb[12] ^= 1;
	expect_refused(pb, plen, &pass, SCS_ECRYPTO,
	    "wrong passphrase, or the backup was changed");
	free(pb);
	free(rb);
}

static void
test_the_opener_refuses_a_file_cut_short_changed_or_extended(void **state)
{
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	uint8_t pk[SCS_BACKUP_KEY_LEN], sk[SCS_BACKUP_KEY_LEN];
	struct scs_backup_lock to = {NULL, pk, NULL}, by = {NULL, NULL, sk};
	size_t len, rlen, mframe, i;
	uint8_t *b = backup_of(&pass, 100, &len), *x, *rb;

	(void)state;
	assert_int_equal(scs_crypto_backup_keygen(pk, sk), SCS_OK);
	rb = backup_of(&to, 100, &rlen);
	/* Within the lock's parameters. */
	expect_refused(b, 20, &pass, SCS_ECORRUPT, "cut short");
	expect_refused(rb, 100, &by, SCS_ECORRUPT, "cut short");
	/* Within the stream's header, the manifest frame's length, the
	 * manifest frame. */
	expect_refused(b, PASS_HLEN + 10, &pass, SCS_ECORRUPT, "cut short");
	expect_refused(b, PASS_HLEN + STREAM_HDR + 2, &pass, SCS_ECORRUPT,
	    "cut short");
	expect_refused(b, PASS_HLEN + STREAM_HDR + 4 + 5, &pass, SCS_ECORRUPT,
	    "cut short");
	/* No frame after the manifest; the last frame cut. */
	mframe = 4 + sizeof(manifest) - 1 +
	    crypto_secretstream_xchacha20poly1305_ABYTES;
	expect_refused(b, PASS_HLEN + STREAM_HDR + mframe, &pass, SCS_ECORRUPT,
	    "its last part is missing");
	expect_refused(b, len - 1, &pass, SCS_ECORRUPT,
	    "its last part is missing");
	/* A frame length too small for a frame, or too large. */
	x = malloc(len + 1);
	assert_non_null(x);
	memcpy(x, b, len);
	for (i = 0; i < 4; i++)
		x[PASS_HLEN + STREAM_HDR + i] = 0;
	x[PASS_HLEN + STREAM_HDR] = 16;
	expect_refused(x, len, &pass, SCS_ECORRUPT, "cut short");
	x[PASS_HLEN + STREAM_HDR] = (CHUNK + 18) & 0xff; /* 65554, LE */
	x[PASS_HLEN + STREAM_HDR + 1] = ((CHUNK + 18) >> 8) & 0xff;
	x[PASS_HLEN + STREAM_HDR + 2] = (CHUNK + 18) >> 16;
	expect_refused(x, len, &pass, SCS_ECORRUPT, "cut short");
	/* The register's bytes changed. */
	memcpy(x, b, len);
	x[len - 3] ^= 0x40;
	expect_refused(x, len, &pass, SCS_ECRYPTO,
	    "changed: a part does not authenticate");
	/* A byte after the FINAL frame. */
	memcpy(x, b, len);
	x[len] = 0;
	expect_refused(x, len + 1, &pass, SCS_ECORRUPT, "bytes after its end");
	free(x);
	free(b);
	free(rb);
}

static void
test_the_opener_reports_a_register_it_cannot_write(void **state)
{
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	size_t len;
	uint8_t *b = backup_of(&pass, 100, &len);
	int in = file_of(b, len), out = open("/dev/full", O_WRONLY | O_CLOEXEC);
	struct scs_err err;
	char *m = NULL;

	(void)state;
	assert_true(out >= 0);
	assert_int_equal(scs_crypto_backup_open(in, out, &pass, &m, &err),
	    SCS_EIO);
	assert_null(m);
	assert_non_null(
	    strstr(err.reason, "cannot write the restored register"));
	(void)close(in);
	(void)close(out);
	free(b);
}

/* Every allocation of a seal and of an open fails in turn: each is
 * SCS_ENOMEM, leaves nothing allocated and no manifest. */
static void
test_no_memory_at_any_allocation_is_an_error_that_leaks_nothing(void **state)
{
	struct scs_backup_lock pass = {PASSPHRASE, NULL, NULL};
	uint8_t *b;
	size_t len;
	struct scs_err err;
	long nth;
	int rc;

	(void)state;
	if (!ALLOC_FAULTS)
		skip();
	b = backup_of(&pass, 100, &len);
	for (nth = 1;; nth++) {
		int in = file_of(b, 100), out = file_of("", 0);

		alloc_arm(nth);
		rc = scs_crypto_backup_seal(in, out, &pass, manifest, &err);
		if (!alloc_disarm(nth)) {
			assert_int_equal(rc, SCS_OK);
			(void)close(in);
			(void)close(out);
			break;
		}
		assert_int_equal(rc, SCS_ENOMEM);
		assert_int_equal(alloc_live, 0);
		(void)close(in);
		(void)close(out);
	}
	assert_true(nth > 2);
	for (nth = 1;; nth++) {
		int in = file_of(b, len), out = file_of("", 0);
		char *m = NULL;

		alloc_arm(nth);
		rc = scs_crypto_backup_open(in, out, &pass, &m, &err);
		if (!alloc_disarm(nth)) {
			assert_int_equal(rc, SCS_OK);
			free(m);
			(void)close(in);
			(void)close(out);
			break;
		}
		assert_int_equal(rc, SCS_ENOMEM);
		assert_null(m);
		assert_int_equal(alloc_live, 0);
		(void)close(in);
		(void)close(out);
	}
	assert_true(nth > 3);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_a_passphrase_costs_the_moderate_argon2id_unless_told),
	    cmocka_unit_test(test_both_locks_round_trip_over_several_frames),
	    cmocka_unit_test(
	        test_the_sealer_needs_a_lock_a_usable_key_and_a_short_manifest),
	    cmocka_unit_test(
	        test_the_sealer_reports_what_it_cannot_read_or_write),
	    cmocka_unit_test(
	        test_the_opener_refuses_another_format_and_unknown_locks),
	    cmocka_unit_test(
	        test_the_opener_bounds_the_passphrase_cost_before_paying_it),
	    cmocka_unit_test(test_the_opener_needs_the_right_passphrase_or_key),
	    cmocka_unit_test(
	        test_the_opener_refuses_a_file_cut_short_changed_or_extended),
	    cmocka_unit_test(
	        test_the_opener_reports_a_register_it_cannot_write),
	    cmocka_unit_test(
	        test_no_memory_at_any_allocation_is_an_error_that_leaks_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
