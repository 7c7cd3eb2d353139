/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_crypto.c - unit tests for src/crypto/: the key directory (modes,
 * refusals, rotation, a set following keys another set adds, threads
 * sharing a set while it does), sealed values (the byte format of crypto.h, and
 * verify-or-fail against every tampering), Ed25519 signatures, SHA-256
 * known answers (FIPS 180-2), Argon2id passwords and tokens.  Each test
 * gets its own key directory in a fresh temporary directory.
 */
#include "helpers.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include <jansson.h>

#include "scs/crypto.h"

#define AD "person/p1/relatives"

struct fx {
	char root[256];
	char dir[300]; /* the key directory, root/keys */
	struct scs_keys *k;
};

/* ---- helpers --------------------------------------------------------- */

/* Remove @path and everything below it (what the tests made). */
static void
rm_tree(const char *path)
{
	char sub[1024];
	struct dirent *de;
	struct stat st;
	DIR *d;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		(void)unlink(path);
		return;
	}
	(void)chmod(path, 0700);
	if ((d = opendir(path)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			(void)snprintf(sub, sizeof(sub), "%s/%s", path,
			    de->d_name);
			rm_tree(sub);
		}
		(void)closedir(d);
	}
	(void)rmdir(path);
}

static void
path_in(char *out, size_t size, const char *dir, const char *name)
{
	(void)snprintf(out, size, "%s/%s", dir, name);
}

static unsigned
mode_of(const char *dir, const char *name)
{
	char p[512];
	struct stat st;

	path_in(p, sizeof(p), dir, name);
	if (stat(p, &st) != 0)
		fail_msg("%s: missing", p);
	return (unsigned)(st.st_mode & 07777);
}

static void
chmod_in(const char *dir, const char *name, mode_t mode)
{
	char p[512];

	path_in(p, sizeof(p), dir, name);
	assert_int_equal(chmod(p, mode), 0);
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct scs_err err;

	assert_non_null(f);
	(void)snprintf(f->root, sizeof(f->root), "%s/scs-crypto-XXXXXX",
	    getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(f->root));
	path_in(f->dir, sizeof(f->dir), f->root, "keys");
	assert_int_equal(scs_keys_create(f->dir, &err), SCS_OK);
	assert_int_equal(scs_keys_open(f->dir, &f->k, &err), SCS_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	scs_keys_free(f->k);
	rm_tree(f->root);
	free(f);
	return 0;
}

/* A second, independent key directory under the fixture's root. */
static struct scs_keys *
other_keys(struct fx *f)
{
	char dir[400];
	struct scs_keys *k;
	struct scs_err err;

	path_in(dir, sizeof(dir), f->root, "other");
	assert_int_equal(scs_keys_create(dir, &err), SCS_OK);
	assert_int_equal(scs_keys_open(dir, &k, &err), SCS_OK);
	return k;
}

static void
seal(struct scs_keys *k, const char *ad, const void *pt, size_t len,
    struct scs_blob *out)
{
	struct scs_err err;

	memset(out, 0, sizeof(*out));
	if (scs_crypto_seal(k, ad, pt, len, out, &err) != SCS_OK)
		fail_msg("seal: %s", err.reason);
}

/* Open and expect a refusal with nothing returned. */
static void
expect_refused(struct scs_keys *k, const char *ad, const uint8_t *ct,
    size_t len, const char *what)
{
	struct scs_err err;
	char *pt = (char *)"sentinel";
	size_t n = 12345;
	int rc;

	scs_err_clear(&err);
	rc = scs_crypto_open(k, ad, ct, len, &pt, &n, &err);
	if (rc == SCS_OK)
		scs_crypto_secfree(pt);
	if (rc != SCS_ECRYPTO)
		fail_msg("%s: open gave %d, not SCS_ECRYPTO", what, rc);
	assert_null(pt);
	assert_int_equal(n, 0);
	assert_int_equal(err.rc, SCS_ECRYPTO);
}

static void
expect_opens_to(struct scs_keys *k, const char *ad, const struct scs_blob *ct,
    const void *want, size_t wantlen)
{
	struct scs_err err;
	char *pt = NULL;
	size_t n = 0;

	if (scs_crypto_open(k, ad, ct->p, ct->len, &pt, &n, &err) != SCS_OK)
		fail_msg("open: %s", err.reason);
	assert_non_null(pt);
	assert_int_equal(n, wantlen);
	if (wantlen > 0)
		assert_memory_equal(pt, want, wantlen);
	assert_int_equal(pt[n], '\0');
	scs_crypto_secfree(pt);
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
hex_of(char *out, const uint8_t *p, size_t len)
{
	scs_hex(out, p, len);
}

/* ---- the key directory ------------------------------------------------ */

static void
test_keys_create_makes_an_owner_only_directory(void **state)
{
	static const char *const files[] = {"sign.key", "sign.pub", "dek-1.key",
	    "current"};
	struct fx *f = *state;
	struct dirent *de;
	size_t i, n = 0;
	DIR *d;

	assert_int_equal(mode_of(f->root, "keys"), 0700);
	for (i = 0; i < SCS_NELEM(files); i++)
		if (mode_of(f->dir, files[i]) != 0600)
			fail_msg("%s has mode %o", files[i],
			    mode_of(f->dir, files[i]));
	/* Those files and nothing else: no temporary left behind. */
	d = opendir(f->dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	(void)closedir(d);
	assert_int_equal(n, SCS_NELEM(files));
}

static void
test_keys_create_refuses_an_existing_directory(void **state)
{
	struct fx *f = *state;
	struct scs_err err;

	scs_err_clear(&err);
	assert_int_equal(scs_keys_create(f->dir, &err), SCS_ECONFLICT);
	assert_int_equal(err.rc, SCS_ECONFLICT);
	assert_int_equal(scs_keys_create(f->root, &err), SCS_ECONFLICT);
	/* The existing keys are untouched. */
	assert_int_equal(mode_of(f->dir, "dek-1.key"), 0600);
}

static void
test_keys_open_starts_with_key_1_current(void **state)
{
	struct fx *f = *state;

	assert_int_equal(scs_keys_current(f->k), 1);
	assert_true(scs_keys_have(f->k, 1));
	assert_false(scs_keys_have(f->k, 2));
	assert_false(scs_keys_have(f->k, 0));
	assert_non_null(scs_keys_public(f->k));
}

static void
test_keys_open_refuses_a_key_file_readable_by_others(void **state)
{
	static const char *const files[] = {"dek-1.key", "sign.key", "current"};
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(files); i++) {
		chmod_in(f->dir, files[i], 0644);
		scs_err_clear(&err);
		if (scs_keys_open(f->dir, &k, &err) != SCS_ECRYPTO)
			fail_msg("%s at 0644 accepted", files[i]);
		assert_null(k);
		assert_int_equal(err.rc, SCS_ECRYPTO);
		chmod_in(f->dir, files[i], 0640);
		assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECRYPTO);
		chmod_in(f->dir, files[i], 0600);
	}
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_OK);
	scs_keys_free(k);
}

static void
test_keys_open_refuses_a_directory_open_to_others(void **state)
{
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;

	chmod_in(f->root, "keys", 0750);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECRYPTO);
	assert_null(k);
	chmod_in(f->root, "keys", 0705);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECRYPTO);
	chmod_in(f->root, "keys", 0700);
}

static void
test_keys_open_of_a_missing_directory_is_not_found(void **state)
{
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	char dir[400];

	path_in(dir, sizeof(dir), f->root, "nope");
	assert_int_equal(scs_keys_open(dir, &k, &err), SCS_ENOTFOUND);
	assert_null(k);
}

static void
test_keys_open_refuses_a_current_naming_no_key(void **state)
{
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	char p[512];
	int fd;

	path_in(p, sizeof(p), f->dir, "current");
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "7\n", 2), 2);
	(void)close(fd);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECORRUPT);
	assert_null(k);
}

static void
test_keys_add_makes_key_2_current_and_key_1_still_opens(void **state)
{
	struct fx *f = *state;
	struct scs_blob old, fresh;
	struct scs_keys *again;
	struct scs_err err;
	uint32_t id = 0;

	seal(f->k, AD, "under one", 9, &old);
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	assert_int_equal(scs_keys_current(f->k), 2);
	assert_true(scs_keys_have(f->k, 1));
	assert_true(scs_keys_have(f->k, 2));
	assert_int_equal(mode_of(f->dir, "dek-2.key"), 0600);
	seal(f->k, AD, "under two", 9, &fresh);
	assert_int_equal(scs_crypto_sealed_key(old.p, old.len), 1);
	assert_int_equal(scs_crypto_sealed_key(fresh.p, fresh.len), 2);
	expect_opens_to(f->k, AD, &old, "under one", 9);
	expect_opens_to(f->k, AD, &fresh, "under two", 9);

	/* The switch is on disk: a fresh open sees key 2 current. */
	assert_int_equal(scs_keys_open(f->dir, &again, &err), SCS_OK);
	assert_int_equal(scs_keys_current(again), 2);
	expect_opens_to(again, AD, &old, "under one", 9);
	expect_opens_to(again, AD, &fresh, "under two", 9);
	scs_keys_free(again);
	scs_blob_free(&old);
	scs_blob_free(&fresh);
}

/* ---- sealed values ------------------------------------------------------ */

static void
test_seal_and_open_round_trip(void **state)
{
	static const uint8_t bin[] = {0, 1, 2, 0, 0, 255, 0, 'x', 0};
	struct fx *f = *state;
	const char *text = "山田 花子, 東京都千代田区1-1";
	struct scs_blob b;

	seal(f->k, AD, text, strlen(text), &b);
	assert_int_equal(b.len, strlen(text) + SCS_SEAL_OVERHEAD);
	expect_opens_to(f->k, AD, &b, text, strlen(text));
	scs_blob_free(&b);

	seal(f->k, AD, "", 0, &b);
	assert_int_equal(b.len, SCS_SEAL_OVERHEAD);
	expect_opens_to(f->k, AD, &b, "", 0);
	scs_blob_free(&b);

	seal(f->k, AD, bin, sizeof(bin), &b);
	expect_opens_to(f->k, AD, &b, bin, sizeof(bin));
	scs_blob_free(&b);
}

static void
test_sealed_header_holds_version_and_big_endian_key_id(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;
	struct scs_err err;
	uint32_t id;

	seal(f->k, AD, "x", 1, &b);
	assert_int_equal(b.p[0], SCS_SEAL_VERSION);
	assert_int_equal(b.p[0], 1);
	assert_int_equal(be32(b.p + 1), scs_keys_current(f->k));
	assert_int_equal(be32(b.p + 1), 1);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 1);
	scs_blob_free(&b);

	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(id, 3);
	seal(f->k, AD, "x", 1, &b);
	assert_memory_equal(b.p, "\x01\x00\x00\x00\x03", 5);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 3);
	scs_blob_free(&b);
}

static void
test_sealed_key_of_a_malformed_value_is_0(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;

	(void)state;
	seal(f->k, AD, "x", 1, &b);
	assert_int_equal(scs_crypto_sealed_key(NULL, 0), 0);
	assert_int_equal(scs_crypto_sealed_key(b.p, SCS_SEAL_OVERHEAD - 1), 0);
	assert_int_equal(scs_crypto_sealed_key(b.p, SCS_SEAL_OVERHEAD), 1);
	b.p[0] = 2;
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 0);
	scs_blob_free(&b);
}

static void
test_open_under_other_associated_data_fails(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;

	seal(f->k, AD, "secret", 6, &b);
	expect_refused(f->k, "person/p2/relatives", b.p, b.len, "other record");
	expect_refused(f->k, "person/p1/findings", b.p, b.len, "other field");
	expect_refused(f->k, "", b.p, b.len, "empty context");
	expect_refused(f->k, AD "/", b.p, b.len, "longer context");
	expect_opens_to(f->k, AD, &b, "secret", 6);
	scs_blob_free(&b);
}

static void
test_every_single_byte_flip_fails(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;
	char what[64];
	size_t i;
	int bit;

	seal(f->k, AD, "a relative's address", 20, &b);
	for (i = 0; i < b.len; i++)
		for (bit = 0; bit < 8; bit++) {
			b.p[i] ^= (uint8_t)(1u << bit);
			(void)snprintf(what, sizeof(what), "byte %zu bit %d", i,
			    bit);
			expect_refused(f->k, AD, b.p, b.len, what);
			b.p[i] ^= (uint8_t)(1u << bit);
		}
	expect_opens_to(f->k, AD, &b, "a relative's address", 20);
	scs_blob_free(&b);
}

static void
test_truncated_and_extended_values_fail(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;
	uint8_t *longer;
	char what[64];
	size_t n;

	seal(f->k, AD, "0123456789", 10, &b);
	for (n = 0; n < b.len; n++) {
		(void)snprintf(what, sizeof(what), "first %zu bytes", n);
		expect_refused(f->k, AD, b.p, n, what);
	}
	longer = malloc(b.len + 1);
	assert_non_null(longer);
	memcpy(longer, b.p, b.len);
	longer[b.len] = 0;
	expect_refused(f->k, AD, longer, b.len + 1, "one byte more");
	free(longer);
	scs_blob_free(&b);
}

static void
test_a_value_under_an_unknown_key_fails(void **state)
{
	struct fx *f = *state;
	struct scs_keys *other = other_keys(f);
	struct scs_blob b;
	struct scs_err err;
	uint32_t id;

	/* Same key id 1, other key bytes. */
	seal(other, AD, "elsewhere", 9, &b);
	expect_refused(f->k, AD, b.p, b.len, "other directory's key 1");
	scs_blob_free(&b);

	/* A key id this directory does not have. */
	assert_int_equal(scs_keys_add(other, &id, &err), SCS_OK);
	seal(other, AD, "elsewhere", 9, &b);
	expect_refused(f->k, AD, b.p, b.len, "key 2 absent");
	scs_blob_free(&b);
	scs_keys_free(other);
}

static void
test_two_seals_of_the_same_plaintext_differ(void **state)
{
	struct fx *f = *state;
	struct scs_blob a, b;

	seal(f->k, AD, "same", 4, &a);
	seal(f->k, AD, "same", 4, &b);
	assert_int_equal(a.len, b.len);
	/* Same header, different nonce and so different ciphertext. */
	assert_memory_equal(a.p, b.p, 5);
	assert_memory_not_equal(a.p + 5, b.p + 5, 24);
	assert_memory_not_equal(a.p + 29, b.p + 29, a.len - 29);
	scs_blob_free(&a);
	scs_blob_free(&b);
}

static void
test_seal_replaces_what_the_blob_held(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;
	struct scs_err err;

	memset(&b, 0, sizeof(b));
	assert_int_equal(scs_blob_set(&b, "old contents", 12), SCS_OK);
	assert_int_equal(scs_crypto_seal(f->k, AD, "new", 3, &b, &err), SCS_OK);
	expect_opens_to(f->k, AD, &b, "new", 3);
	scs_blob_free(&b);
}

/* ---- a key set shared with other processes -------------------------- */

/* A second set over the fixture's directory: what `scs keys rotate` in
 * another process holds while the first set serves. */
static struct scs_keys *
second_set(struct fx *f)
{
	struct scs_keys *k = NULL;
	struct scs_err err;

	if (scs_keys_open(f->dir, &k, &err) != SCS_OK)
		fail_msg("second open: %s", err.reason);
	return k;
}

static void
test_a_key_added_by_another_set_opens_in_this_one(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_blob b;
	struct scs_err err;
	uint32_t id = 0;

	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	seal(rot, AD, "re-sealed", 9, &b);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 2);
	/* f->k was opened before key 2 existed: it loads key 2 from the
	 * directory on the first value that names it. */
	expect_opens_to(f->k, AD, &b, "re-sealed", 9);
	expect_opens_to(f->k, AD, &b, "re-sealed", 9);
	assert_true(scs_keys_have(f->k, 2));
	assert_false(scs_keys_have(f->k, 3));
	scs_blob_free(&b);
	scs_keys_free(rot);
}

static void
test_has_loads_a_key_another_set_added(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_err err;
	uint32_t id = 0;

	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	/* What a resumed rotation asks about a target another run made. */
	assert_true(scs_keys_have(f->k, id));
	scs_keys_free(rot);
}

static void
test_seal_after_another_set_made_a_new_current_uses_it(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_blob b;
	struct scs_err err;
	uint32_t id = 0;

	seal(f->k, AD, "before", 6, &b);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 1);
	scs_blob_free(&b);
	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	/* No reopen, no reload call: the very next seal uses key 2. */
	seal(f->k, AD, "after", 5, &b);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 2);
	assert_int_equal(scs_keys_current(f->k), 2);
	expect_opens_to(rot, AD, &b, "after", 5);
	scs_blob_free(&b);
	/* And again for a third key. */
	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	assert_int_equal(id, 3);
	seal(f->k, AD, "later", 5, &b);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 3);
	expect_opens_to(rot, AD, &b, "later", 5);
	scs_blob_free(&b);
	scs_keys_free(rot);
}

static void
test_add_after_another_set_added_takes_the_next_id(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_blob two, three;
	struct scs_err err;
	uint32_t id = 0;

	/* Both sets know key 1 only; rot adds key 2 and seals under it. */
	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	seal(rot, AD, "under two", 9, &two);
	/* f->k must not make a second "key 2" over rot's key file. */
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(id, 3);
	seal(f->k, AD, "under three", 11, &three);
	assert_int_equal(scs_crypto_sealed_key(three.p, three.len), 3);
	expect_opens_to(f->k, AD, &two, "under two", 9);
	expect_opens_to(rot, AD, &two, "under two", 9);
	expect_opens_to(rot, AD, &three, "under three", 11);
	scs_blob_free(&two);
	scs_blob_free(&three);
	scs_keys_free(rot);
}

/* Overwrite dir/current with @text (as a broken tool would). */
static void
write_current_file(struct fx *f, const char *text)
{
	char p[512];
	int fd;

	path_in(p, sizeof(p), f->dir, "current");
	fd = open(p, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	(void)close(fd);
}

static void
test_add_never_reuses_the_id_of_a_loaded_key_whose_file_is_gone(void **state)
{
	struct fx *f = *state;
	struct scs_blob b;
	struct scs_err err;
	uint32_t id = 0;
	char p[512];

	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	seal(f->k, AD, "under two", 9, &b);
	/* Someone removes dek-2.key (and points current back at 1): the next
	 * key is 3, never a second key 2 with other bytes. */
	path_in(p, sizeof(p), f->dir, "dek-2.key");
	assert_int_equal(unlink(p), 0);
	write_current_file(f, "1\n");
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	assert_int_equal(id, 3);
	expect_opens_to(f->k, AD, &b, "under two", 9);
	scs_blob_free(&b);
}

/* The code of opening @b with f->k; @err says why. */
static int
open_rc(struct fx *f, const struct scs_blob *b, struct scs_err *err)
{
	char *pt = NULL;
	size_t n = 0;
	int rc;

	scs_err_clear(err);
	rc = scs_crypto_open(f->k, AD, b->p, b->len, &pt, &n, err);
	scs_crypto_secfree(pt);
	return rc;
}

static void
test_a_key_file_added_with_loose_modes_is_refused_then_loaded(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_blob b;
	struct scs_err err;
	uint32_t id = 0;

	assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
	seal(rot, AD, "guarded", 7, &b);
	/* The file is there but readable by others: refused for its mode,
	 * never "not in the key directory". */
	chmod_in(f->dir, "dek-2.key", 0644);
	assert_int_equal(open_rc(f, &b, &err), SCS_ECRYPTO);
	assert_non_null(strstr(err.reason, "chmod 600"));
	assert_null(strstr(err.reason, "not in the key directory"));
	chmod_in(f->dir, "dek-2.key", 0600);
	/* A directory open to others is refused the same way. */
	chmod_in(f->root, "keys", 0750);
	assert_int_equal(open_rc(f, &b, &err), SCS_ECRYPTO);
	assert_non_null(strstr(err.reason, "chmod 700"));
	chmod_in(f->root, "keys", 0700);
	expect_opens_to(f->k, AD, &b, "guarded", 7);
	scs_blob_free(&b);
	scs_keys_free(rot);
}

static void
test_a_key_absent_from_the_directory_still_fails(void **state)
{
	struct fx *f = *state;
	struct scs_keys *other = other_keys(f);
	struct scs_blob b;
	struct scs_err err;
	uint32_t id = 0;

	assert_int_equal(scs_keys_add(other, &id, &err), SCS_OK);
	assert_int_equal(scs_keys_add(other, &id, &err), SCS_OK);
	seal(other, AD, "elsewhere", 9, &b);
	assert_int_equal(open_rc(f, &b, &err), SCS_ECRYPTO);
	assert_non_null(strstr(err.reason, "not in the key directory"));
	/* Asking again looks again, and still finds nothing. */
	assert_int_equal(open_rc(f, &b, &err), SCS_ECRYPTO);
	assert_false(scs_keys_have(f->k, 3));
	scs_blob_free(&b);
	scs_keys_free(other);
}

static void
test_seal_fails_when_current_names_no_key(void **state)
{
	struct fx *f = *state;
	struct scs_blob b = {NULL, 0};
	struct scs_err err;

	/* Never falls back to a remembered key. */
	write_current_file(f, "9\n");
	assert_int_equal(scs_crypto_seal(f->k, AD, "x", 1, &b, &err),
	    SCS_ECORRUPT);
	assert_null(b.p);
	write_current_file(f, "one\n");
	assert_int_equal(scs_crypto_seal(f->k, AD, "x", 1, &b, &err),
	    SCS_ECORRUPT);
	assert_null(b.p);
	write_current_file(f, "1\n");
	seal(f->k, AD, "x", 1, &b);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 1);
	scs_blob_free(&b);
}

/* Threads sharing one set seal and open while another set rotates. */
#define RACE_THREADS 4
#define RACE_ROUNDS  200
#define RACE_KEYS    12

struct race {
	struct scs_keys *k;
	atomic_uint_least32_t floor; /* current before the seal started */
	atomic_int failures;
	atomic_int done;
};

static void *
race_worker(void *arg)
{
	struct race *r = arg;
	struct scs_blob b = {NULL, 0};
	struct scs_err err;
	uint32_t before, id;
	char *pt;
	size_t n;
	int i;

	for (i = 0; i < RACE_ROUNDS; i++) {
		before = (uint32_t)atomic_load(&r->floor);
		if (scs_crypto_seal(r->k, AD, "racing", 6, &b, &err) !=
		    SCS_OK) {
			atomic_fetch_add(&r->failures, 1);
			continue;
		}
		/* Never a key older than the one current when it began. */
		id = scs_crypto_sealed_key(b.p, b.len);
		if (id < before)
			atomic_fetch_add(&r->failures, 1);
		pt = NULL;
		if (scs_crypto_open(r->k, AD, b.p, b.len, &pt, &n, &err) !=
		        SCS_OK ||
		    n != 6 || memcmp(pt, "racing", 6) != 0)
			atomic_fetch_add(&r->failures, 1);
		scs_crypto_secfree(pt);
	}
	scs_blob_free(&b);
	atomic_fetch_add(&r->done, 1);
	return NULL;
}

static void
test_threads_seal_and_open_while_another_set_rotates(void **state)
{
	struct fx *f = *state;
	struct scs_keys *rot = second_set(f);
	struct scs_blob b[RACE_KEYS];
	pthread_t t[RACE_THREADS];
	struct race r;
	struct scs_err err;
	uint32_t id = 0;
	int i;

	memset(&r, 0, sizeof(r));
	r.k = f->k;
	atomic_init(&r.floor, 1);
	for (i = 0; i < RACE_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, race_worker, &r),
		    0);
	for (i = 0; i < RACE_KEYS; i++) {
		assert_int_equal(scs_keys_add(rot, &id, &err), SCS_OK);
		atomic_store(&r.floor, id);
		seal(rot, AD, "rotated", 7, &b[i]);
	}
	for (i = 0; i < RACE_THREADS; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(atomic_load(&r.failures), 0);
	assert_int_equal(atomic_load(&r.done), RACE_THREADS);
	/* Every key the other set made opens here, once loaded or not. */
	for (i = 0; i < RACE_KEYS; i++) {
		expect_opens_to(f->k, AD, &b[i], "rotated", 7);
		scs_blob_free(&b[i]);
	}
	seal(f->k, AD, "x", 1, &b[0]);
	assert_int_equal(scs_crypto_sealed_key(b[0].p, b[0].len), id);
	scs_blob_free(&b[0]);
	scs_keys_free(rot);
}

/* ---- signatures ---------------------------------------------------------- */

static void
test_signatures_verify_and_fail_when_anything_changes(void **state)
{
	struct fx *f = *state;
	struct scs_keys *other = other_keys(f);
	static const char msg[] = "person p1 holds JPN-SDS TOKUTEI_HIMITSU";
	char bad[sizeof(msg)];
	uint8_t sig[SCS_SIG_LEN], sig2[SCS_SIG_LEN];

	scs_crypto_sign(f->k, msg, sizeof(msg) - 1, sig);
	assert_int_equal(scs_crypto_verify(scs_keys_public(f->k), msg,
	                     sizeof(msg) - 1, sig),
	    0);
	/* Ed25519 is deterministic. */
	scs_crypto_sign(f->k, msg, sizeof(msg) - 1, sig2);
	assert_memory_equal(sig, sig2, SCS_SIG_LEN);

	memcpy(bad, msg, sizeof(msg));
	bad[7] ^= 1;
	assert_int_equal(scs_crypto_verify(scs_keys_public(f->k), bad,
	                     sizeof(msg) - 1, sig),
	    -1);
	assert_int_equal(scs_crypto_verify(scs_keys_public(f->k), msg,
	                     sizeof(msg) - 2, sig),
	    -1);
	assert_int_equal(scs_crypto_verify(scs_keys_public(other), msg,
	                     sizeof(msg) - 1, sig),
	    -1);
	assert_memory_not_equal(scs_keys_public(f->k), scs_keys_public(other),
	    SCS_PUB_LEN);
	sig2[0] ^= 1;
	assert_int_equal(scs_crypto_verify(scs_keys_public(f->k), msg,
	                     sizeof(msg) - 1, sig2),
	    -1);
	scs_keys_free(other);
}

static void
test_the_public_key_is_the_one_on_disk(void **state)
{
	struct fx *f = *state;
	uint8_t pub[SCS_PUB_LEN];
	char p[512];
	FILE *fp;

	path_in(p, sizeof(p), f->dir, "sign.pub");
	fp = fopen(p, "rb");
	assert_non_null(fp);
	assert_int_equal(fread(pub, 1, sizeof(pub), fp), sizeof(pub));
	(void)fclose(fp);
	assert_memory_equal(pub, scs_keys_public(f->k), SCS_PUB_LEN);
}

/* ---- SHA-256 ------------------------------------------------------------ */

static void
test_sha256_matches_the_fips_180_2_vectors(void **state)
{
	uint8_t h[32];
	char hex[65];

	(void)state;
	scs_crypto_sha256(h, "abc", 3);
	hex_of(hex, h, 32);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	scs_crypto_sha256(h, "", 0);
	hex_of(hex, h, 32);
	assert_string_equal(hex,
	    "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	scs_crypto_sha256(h,
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	hex_of(hex, h, 32);
	assert_string_equal(hex,
	    "248d6a61d20638b8e5c026930c3e6039"
	    "a33ce45964ff2167f6ecedd419db06c1");
}

static void
test_sha256v_over_parts_equals_sha256_of_the_whole(void **state)
{
	const struct scs_hash_part parts[] = {
	    {"a", 1},
	    {"", 0},
	    {"b", 1},
	    {"c", 1},
	};
	uint8_t h[32], whole[32];
	char hex[65];

	(void)state;
	scs_crypto_sha256v(h, parts, SCS_NELEM(parts));
	hex_of(hex, h, 32);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	scs_crypto_sha256(whole, "abc", 3);
	assert_memory_equal(h, whole, 32);
	scs_crypto_sha256v(h, parts, 0);
	scs_crypto_sha256(whole, "", 0);
	assert_memory_equal(h, whole, 32);
}

/* ---- passwords ------------------------------------------------------------
 */

static void
test_password_hash_verifies_and_a_wrong_password_fails(void **state)
{
	char h[128];
	struct scs_err err;

	(void)state;
	assert_int_equal(scs_crypto_pwhash("correct horse battery", h, &err),
	    SCS_OK);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(strlen(h) < sizeof(h));
	assert_int_equal(scs_crypto_pwverify(h, "correct horse battery"), 0);
	assert_int_equal(scs_crypto_pwverify(h, "correct horse batterY"), -1);
	assert_int_equal(scs_crypto_pwverify(h, "correct horse battery "), -1);
	assert_int_equal(scs_crypto_pwverify(h, ""), -1);
}

static void
test_passwords_shorter_than_12_are_refused(void **state)
{
	char h[128];
	struct scs_err err;

	(void)state;
	scs_err_clear(&err);
	assert_int_equal(scs_crypto_pwhash("elevenchars", h, &err), SCS_EINVAL);
	assert_string_equal(err.field, "password");
	assert_int_equal(scs_crypto_pwhash("", h, &err), SCS_EINVAL);
	assert_string_equal(err.field, "password");
	assert_int_equal(scs_crypto_pwhash("twelve chars", h, &err), SCS_OK);
	assert_int_equal(scs_crypto_pwverify(h, "twelve chars"), 0);
}

static void
test_password_verify_against_an_empty_hash_fails(void **state)
{
	(void)state;
	assert_int_equal(scs_crypto_pwverify("", "anything at all"), -1);
	assert_int_equal(scs_crypto_pwverify("", ""), -1);
	assert_int_equal(scs_crypto_pwverify("$argon2id$garbage", "password"),
	    -1);
}

/* ---- tokens ---------------------------------------------------------------
 */

static void
test_tokens_are_43_base64url_chars_and_differ(void **state)
{
	char a[SCS_TOKEN_LEN + 1], b[SCS_TOKEN_LEN + 1];
	size_t i;

	(void)state;
	scs_crypto_token(a);
	scs_crypto_token(b);
	assert_int_equal(strlen(a), 43);
	assert_int_equal(strlen(b), 43);
	for (i = 0; i < 43; i++)
		if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxy"
		           "z"
		           "0123456789-_",
		        a[i]) == NULL)
			fail_msg("token char %zu is '%c'", i, a[i]);
	assert_string_not_equal(a, b);
}

static void
test_token_hash_is_deterministic_lowercase_hex_sha256(void **state)
{
	char t[SCS_TOKEN_LEN + 1], h1[65], h2[65], want[65];
	uint8_t raw[32];
	size_t i;

	(void)state;
	scs_crypto_token(t);
	scs_crypto_token_hash(t, h1);
	scs_crypto_token_hash(t, h2);
	assert_int_equal(strlen(h1), 64);
	for (i = 0; i < 64; i++)
		assert_non_null(strchr("0123456789abcdef", h1[i]));
	assert_string_equal(h1, h2);
	scs_crypto_sha256(raw, t, strlen(t));
	hex_of(want, raw, 32);
	assert_string_equal(h1, want);
	scs_crypto_token_hash("abc", h1);
	assert_string_equal(h1,
	    "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	t[0] = t[0] == 'A' ? 'B' : 'A';
	scs_crypto_token_hash(t, h2);
	assert_string_not_equal(h2, want);
}

/* ---- activation codes -----------------------------------------------------
 */

static void
test_activation_codes_are_8_groups_of_4_base32_chars_and_differ(void **state)
{
	char a[SCS_CODE_LEN + 1], b[SCS_CODE_LEN + 1];
	size_t i;

	(void)state;
	scs_crypto_code(a);
	scs_crypto_code(b);
	assert_int_equal(strlen(a), SCS_CODE_LEN);
	for (i = 0; i < SCS_CODE_LEN; i++)
		if (i % 5 == 4)
			assert_int_equal(a[i], '-');
		else if (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", a[i]) ==
		    NULL)
			fail_msg("code char %zu is '%c'", i, a[i]);
	assert_string_not_equal(a, b);
}

static void
test_activation_code_hash_ignores_case_dashes_and_lookalikes(void **state)
{
	char h1[65], h2[65];

	(void)state;
	assert_int_equal(
	    scs_crypto_code_hash("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ", h1),
	    0);
	assert_int_equal(strlen(h1), 64);
	assert_int_equal(
	    scs_crypto_code_hash("ol234567 89abcdefghjkmnpqrstvwxyz", h2), 0);
	assert_string_equal(h1, h2); /* o is 0, l is 1 */
	assert_int_equal(
	    scs_crypto_code_hash("OI23-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ", h2),
	    0);
	assert_string_equal(h1, h2);
	assert_int_equal(scs_crypto_code_verify(h1,
	                     "0123456789abcdefghjkmnpqrstvwxyz"),
	    0);
	/* One character off, one short, one long, U, a foreign byte. */
	assert_int_equal(scs_crypto_code_verify(h1,
	                     "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY0"),
	    -1);
	assert_int_equal(
	    scs_crypto_code_hash("0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXY", h2),
	    -1);
	assert_string_equal(h2, "");
	assert_int_equal(scs_crypto_code_hash(
	                     "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ0", h2),
	    -1);
	assert_int_equal(
	    scs_crypto_code_hash("U123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ", h2),
	    -1);
	assert_int_equal(scs_crypto_code_hash("\xc3\xa9"
	                                      "123-4567-89AB-CDEF-GHJK-MNPQ-"
	                                      "RSTV-WXYZ",
	                     h2),
	    -1);
	assert_int_equal(scs_crypto_code_hash("", h2), -1);
	assert_int_equal(scs_crypto_code_verify("", ""), -1);
	assert_int_equal(scs_crypto_code_verify("",
	                     "0123-4567-89AB-CDEF-GHJK-MNPQ-RSTV-WXYZ"),
	    -1);
}

/* ---- secure memory --------------------------------------------------------
 */

static void
test_secure_memory_is_zeroed_and_compares_in_constant_time(void **state)
{
	uint8_t *p = scs_crypto_secalloc(64);
	uint8_t zero[64] = {0};

	(void)state;
	assert_non_null(p);
	assert_memory_equal(p, zero, 64);
	memset(p, 0xaa, 64);
	assert_int_not_equal(scs_crypto_memcmp(p, zero, 64), 0);
	scs_crypto_wipe(p, 64);
	assert_int_equal(scs_crypto_memcmp(p, zero, 64), 0);
	scs_crypto_secfree(p);
	scs_crypto_secfree(NULL);
}

/* ---- format 2: values under a person's key ---------------------------- */

/* A new person key for @person: *key in secure memory, *wrapped heap. */
static void
pkey_new(struct scs_keys *k, const char *person, uint8_t **key,
    struct scs_blob *wrapped)
{
	struct scs_err err;

	memset(wrapped, 0, sizeof(*wrapped));
	if (scs_crypto_pkey_new(k, person, key, wrapped, &err) != SCS_OK)
		fail_msg("pkey_new: %s", err.reason);
}

static void
seal2(const uint8_t *key, const char *ad, const void *pt, size_t len,
    struct scs_blob *out)
{
	struct scs_err err;

	memset(out, 0, sizeof(*out));
	if (scs_crypto_seal_person(key, ad, pt, len, out, &err) != SCS_OK)
		fail_msg("seal_person: %s", err.reason);
}

static void
expect_refused2(const uint8_t *key, const char *ad, const uint8_t *ct,
    size_t len, const char *what)
{
	struct scs_err err;
	char *pt = (char *)"sentinel";
	size_t n = 12345;
	int rc;

	scs_err_clear(&err);
	rc = scs_crypto_open_person(key, ad, ct, len, &pt, &n, &err);
	if (rc == SCS_OK)
		scs_crypto_secfree(pt);
	if (rc != SCS_ECRYPTO)
		fail_msg("%s: open_person gave %d, not SCS_ECRYPTO", what, rc);
	assert_null(pt);
	assert_int_equal(n, 0);
}

static void
test_format_2_round_trip_and_header(void **state)
{
	static const char msg[] = "[{\"name\":\"山田 花子\"}]";
	struct fx *f = *state;
	struct scs_blob w, b;
	struct scs_err err;
	uint8_t *key = NULL;
	char *pt = NULL;
	size_t n = 0;

	pkey_new(f->k, "p1", &key, &w);
	seal2(key, AD, msg, strlen(msg), &b);
	/* version 2, nonce, ciphertext and tag: no key id in the header */
	assert_int_equal(b.len, strlen(msg) + SCS_SEAL2_OVERHEAD);
	assert_int_equal(b.p[0], SCS_SEAL_PERSON);
	assert_int_equal(scs_crypto_sealed_format(b.p, b.len), SCS_SEAL_PERSON);
	assert_int_equal(scs_crypto_sealed_key(b.p, b.len), 0);
	assert_int_equal(scs_crypto_open_person(key, AD, b.p, b.len, &pt, &n,
	                     &err),
	    SCS_OK);
	assert_int_equal(n, strlen(msg));
	assert_memory_equal(pt, msg, n);
	assert_int_equal(pt[n], '\0');
	scs_crypto_secfree(pt);
	/* A format-2 value is not a register key's: open refuses it. */
	expect_refused(f->k, AD, b.p, b.len,
	    "format 2 through scs_crypto_open");
	scs_crypto_secfree(key);
	scs_blob_free(&w);
	scs_blob_free(&b);
}

static void
test_format_2_fails_under_another_persons_key(void **state)
{
	struct fx *f = *state;
	struct scs_blob w1, w2, b;
	uint8_t *k1 = NULL, *k2 = NULL;

	pkey_new(f->k, "p1", &k1, &w1);
	pkey_new(f->k, "p2", &k2, &w2);
	assert_int_not_equal(scs_crypto_memcmp(k1, k2, SCS_PKEY_LEN), 0);
	seal2(k1, AD, "secret", 6, &b);
	expect_refused2(k2, AD, b.p, b.len, "another person's key");
	scs_crypto_secfree(k1);
	scs_crypto_secfree(k2);
	scs_blob_free(&w1);
	scs_blob_free(&w2);
	scs_blob_free(&b);
}

static void
test_format_2_swapped_moved_or_tampered_fails(void **state)
{
	struct fx *f = *state;
	struct scs_blob w, a, b, v1;
	uint8_t *key = NULL, *copy;
	size_t i;

	pkey_new(f->k, "p1", &key, &w);
	seal2(key, "answers/C-1/answers/drugs/data", "{\"x\":1}", 7, &a);
	seal2(key, "answers/C-2/answers/drugs/data", "{\"x\":2}", 7, &b);
	/* Swapped between two records of the same person: each under the
	 * other's object path fails. */
	expect_refused2(key, "answers/C-2/answers/drugs/data", a.p, a.len,
	    "a value moved to another record");
	expect_refused2(key, "answers/C-1/answers/drugs/data", b.p, b.len,
	    "a value moved to another record");
	expect_refused2(key, "answers/C-1/answers/drugs/note", a.p, a.len,
	    "a value moved to another field");
	/* Every single byte flipped, the version byte included. */
	copy = malloc(a.len);
	assert_non_null(copy);
	for (i = 0; i < a.len; i++) {
		memcpy(copy, a.p, a.len);
		copy[i] ^= 0x01;
		expect_refused2(key, "answers/C-1/answers/drugs/data", copy,
		    a.len, "a flipped byte");
	}
	free(copy);
	/* Truncated below the overhead, and a format-1 value. */
	expect_refused2(key, "answers/C-1/answers/drugs/data", a.p,
	    SCS_SEAL2_OVERHEAD - 1, "truncated");
	seal(f->k, "answers/C-1/answers/drugs/data", "{\"x\":1}", 7, &v1);
	expect_refused2(key, "answers/C-1/answers/drugs/data", v1.p, v1.len,
	    "a format-1 value");
	scs_crypto_secfree(key);
	scs_blob_free(&w);
	scs_blob_free(&a);
	scs_blob_free(&b);
	scs_blob_free(&v1);
}

static void
test_a_wrapped_person_key_unwraps_only_for_its_person(void **state)
{
	struct fx *f = *state;
	struct scs_blob w, w2;
	struct scs_err err;
	uint8_t *key = NULL, *back = NULL;
	uint32_t id = 0;

	pkey_new(f->k, "p1", &key, &w);
	/* Format 1 under the current register key, 32 bytes of key. */
	assert_int_equal(scs_crypto_sealed_format(w.p, w.len),
	    SCS_SEAL_VERSION);
	assert_int_equal(scs_crypto_sealed_key(w.p, w.len), 1);
	assert_int_equal(w.len, SCS_PKEY_LEN + SCS_SEAL_OVERHEAD);
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, "p1", w.p, w.len, &back,
	                     &err),
	    SCS_OK);
	assert_memory_equal(back, key, SCS_PKEY_LEN);
	scs_crypto_secfree(back);
	back = NULL;
	/* Copied to another person: refused, nothing returned. */
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, "p2", w.p, w.len, &back,
	                     &err),
	    SCS_ECRYPTO);
	assert_null(back);
	/* Re-wrapped under a new register key (rotation): the same key. */
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_OK);
	memset(&w2, 0, sizeof(w2));
	assert_int_equal(scs_crypto_pkey_wrap(f->k, "p1", key, &w2, &err),
	    SCS_OK);
	assert_int_equal(scs_crypto_sealed_key(w2.p, w2.len), id);
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, "p1", w2.p, w2.len, &back,
	                     &err),
	    SCS_OK);
	assert_memory_equal(back, key, SCS_PKEY_LEN);
	scs_crypto_secfree(back);
	scs_crypto_secfree(key);
	scs_blob_free(&w);
	scs_blob_free(&w2);
}

static void
test_a_wrapped_key_from_another_register_does_not_unwrap(void **state)
{
	struct fx *f = *state;
	struct scs_keys *other = other_keys(f);
	struct scs_blob w;
	struct scs_err err;
	uint8_t *key = NULL, *back = NULL;

	pkey_new(other, "p1", &key, &w);
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, "p1", w.p, w.len, &back,
	                     &err),
	    SCS_ECRYPTO);
	assert_null(back);
	scs_crypto_secfree(key);
	scs_blob_free(&w);
	scs_keys_free(other);
}

/* ---- refusals and failures of the key directory and of sealing -------- */

/* @name in @dir holding @len bytes of @p with @mode, written as a test
 * does behind the set's back. */
static void
put_file(const char *dir, const char *name, const void *p, size_t len,
    mode_t mode)
{
	char path[600];
	int fd;

	path_in(path, sizeof(path), dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	assert_true(fd >= 0);
	assert_int_equal(scs_write_all(fd, p, len), 0);
	assert_int_equal(close(fd), 0);
	assert_int_equal(chmod(path, mode), 0);
}

/* Run @fn(@f) with writes to files limited to @bytes (SIGXFSZ ignored,
 * so a write past it fails with EFBIG, as on a full disk). */
static int
with_file_limit(rlim_t bytes, int (*fn)(struct fx *f, struct scs_err *err),
    struct fx *f, struct scs_err *err)
{
	struct rlimit old, lim;
	int rc;

	assert_true(signal(SIGXFSZ, SIG_IGN) != SIG_ERR);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = bytes;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	scs_err_clear(err);
	rc = fn(f, err);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	return rc;
}

static int
add_key(struct fx *f, struct scs_err *err)
{
	uint32_t id = 0;

	return scs_keys_add(f->k, &id, err);
}

static int
create_other(struct fx *f, struct scs_err *err)
{
	char dir[400];

	path_in(dir, sizeof(dir), f->root, "other");
	return scs_keys_create(dir, err);
}

static void
test_a_key_that_cannot_be_written_is_an_error_and_not_current(void **state)
{
	struct fx *f = *state;
	struct scs_err err;
	char tmp[128];

	/* A full disk: the new key's bytes, then a new directory's first
	 * file. */
	assert_int_equal(with_file_limit(0, add_key, f, &err), SCS_EIO);
	assert_non_null(strstr(err.reason, "write failed"));
	assert_int_equal(with_file_limit(0, create_other, f, &err), SCS_EIO);
	assert_int_equal(scs_keys_current(f->k), 1);
	/* The temporary name taken (by a directory): the key file cannot be
	 * made. */
	(void)snprintf(tmp, sizeof(tmp), ".dek-2.key.%ld.tmp", (long)getpid());
	{
		char p[600];

		path_in(p, sizeof(p), f->dir, tmp);
		assert_int_equal(mkdir(p, 0700), 0);
		assert_int_equal(add_key(f, &err), SCS_EIO);
		assert_int_equal(rmdir(p), 0);
	}
	/* The current marker cannot be replaced (a directory is in its
	 * place): the key is made but the marker still names key 1. */
	{
		char cur[400], old[400], x[500];

		path_in(cur, sizeof(cur), f->dir, "current");
		path_in(old, sizeof(old), f->dir, "current.old");
		path_in(x, sizeof(x), cur, "x");
		assert_int_equal(rename(cur, old), 0);
		assert_int_equal(mkdir(cur, 0700), 0);
		put_file(cur, "x", "", 0, 0600);
		scs_err_clear(&err);
		assert_int_equal(add_key(f, &err), SCS_EIO);
		assert_int_equal(unlink(x), 0);
		assert_int_equal(rmdir(cur), 0);
		assert_int_equal(rename(old, cur), 0);
	}
	assert_int_equal(scs_keys_current(f->k), 1);
}

static void
test_a_malformed_current_marker_is_refused(void **state)
{
	static const char *const bad[] = {"0\n", "x\n", "2x\n", "4294967296\n",
	    "1 \n"};
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(bad); i++) {
		put_file(f->dir, "current", bad[i], strlen(bad[i]), 0600);
		scs_err_clear(&err);
		if (scs_keys_open(f->dir, &k, &err) != SCS_ECORRUPT)
			fail_msg("current \"%s\": %s", bad[i], err.reason);
		assert_null(k);
	}
	/* Without its newline it is read all the same. */
	put_file(f->dir, "current", "1", 1, 0600);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_OK);
	scs_keys_free(k);
	/* Gone: a pinned transaction reads it at its seals, and fails. */
	{
		char cur[600];
		struct scs_blob b = {NULL, 0};

		path_in(cur, sizeof(cur), f->dir, "current");
		assert_int_equal(unlink(cur), 0);
		scs_keys_pin(f->k);
		assert_int_equal(scs_crypto_seal(f->k, AD, "x", 1, &b, &err),
		    SCS_ENOTFOUND);
		scs_keys_unpin();
		assert_null(b.p);
	}
}

static void
test_a_key_file_of_the_wrong_size_or_kind_is_refused(void **state)
{
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	char p[600];

	/* A data key of 10 bytes. */
	put_file(f->dir, "dek-2.key", "0123456789", 10, 0600);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECORRUPT);
	assert_non_null(strstr(err.reason, "expected 32 bytes"));
	path_in(p, sizeof(p), f->dir, "dek-2.key");
	assert_int_equal(unlink(p), 0);
	/* The signing key a directory: read fails. */
	path_in(p, sizeof(p), f->dir, "sign.key");
	{
		char moved[600];

		path_in(moved, sizeof(moved), f->dir, "sign.key.old");
		assert_int_equal(rename(p, moved), 0);
		assert_int_equal(mkdir(p, 0700), 0);
		assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECORRUPT);
		assert_null(k);
		assert_int_equal(rmdir(p), 0);
		assert_int_equal(rename(moved, p), 0);
	}
}

static void
test_names_that_are_not_data_keys_are_left_alone(void **state)
{
	static const char *const names[] = {"dek-0.key", "dek-x.key",
	    "dek-3.keys", "dek-4294967296.key", "notes.txt"};
	uint8_t bytes[32] = {0};
	struct fx *f = *state;
	struct scs_keys *k = NULL;
	struct scs_err err;
	uint32_t id = 0;
	size_t i;

	for (i = 0; i < SCS_NELEM(names); i++)
		put_file(f->dir, names[i], bytes, sizeof(bytes), 0600);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_OK);
	assert_int_equal(scs_keys_add(k, &id, &err), SCS_OK);
	assert_int_equal(id, 2);
	assert_false(scs_keys_have(k, 3));
	scs_keys_free(k);
}

struct listed {
	uint32_t ids[1100];
	size_t n, ncurrent;
	int stop_at; /* an error from this entry on; 0 never */
};

static int
list_cb(void *arg, const struct scs_key_info *ki)
{
	struct listed *l = arg;

	if (l->stop_at > 0 && l->n + 1 >= (size_t)l->stop_at)
		return SCS_EIO;
	l->ids[l->n++] = ki->id;
	l->ncurrent += ki->current;
	assert_true(ki->created_us > 0);
	return SCS_OK;
}

static void
test_keys_are_listed_in_id_order_until_the_callback_stops(void **state)
{
	struct fx *f = *state;
	struct listed *l = calloc(1, sizeof(*l));
	uint8_t bytes[32] = {0};
	struct scs_err err;
	uint32_t id;
	char name[32];

	assert_non_null(l);
	for (id = 2; id <= 12; id++) {
		(void)snprintf(name, sizeof(name), "dek-%u.key", 14 - id);
		put_file(f->dir, name, bytes, sizeof(bytes), 0600);
	}
	put_file(f->dir, "dek-0.key", bytes, sizeof(bytes), 0600);
	put_file(f->dir, "current", "7\n", 2, 0600);
	assert_int_equal(scs_keys_list(f->k, list_cb, l, &err), SCS_OK);
	assert_int_equal(l->n, 12);
	assert_int_equal(l->ncurrent, 1);
	for (id = 1; id <= 12; id++)
		assert_int_equal(l->ids[id - 1], id);
	memset(l, 0, sizeof(*l));
	l->stop_at = 3;
	assert_int_equal(scs_keys_list(f->k, list_cb, l, &err), SCS_EIO);
	assert_int_equal(l->n, 2);
	/* Refused when the directory opens to others, or its marker is
	 * bad. */
	assert_int_equal(chmod(f->dir, 0755), 0);
	assert_int_equal(scs_keys_list(f->k, list_cb, l, &err), SCS_ECRYPTO);
	id = 0;
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_ECRYPTO);
	assert_int_equal(chmod(f->dir, 0700), 0);
	put_file(f->dir, "current", "x\n", 2, 0600);
	assert_int_equal(scs_keys_list(f->k, list_cb, l, &err), SCS_ECORRUPT);
	free(l);
}

/* A set holds at most 1024 data keys, and ids end at 2^32 - 1. */
static void
test_the_number_of_keys_and_their_ids_are_bounded(void **state)
{
	struct fx *f = *state;
	struct listed *l = calloc(1, sizeof(*l));
	struct scs_keys *k = NULL;
	uint8_t bytes[32] = {0};
	struct scs_err err;
	char name[40];
	uint32_t id;

	assert_non_null(l);
	put_file(f->dir, "dek-4294967295.key", bytes, sizeof(bytes), 0600);
	id = 0;
	assert_int_equal(scs_keys_add(f->k, &id, &err), SCS_ECRYPTO);
	assert_string_equal(err.reason, "too many keys");
	for (id = 2; id <= 1025; id++) {
		(void)snprintf(name, sizeof(name), "dek-%u.key", id);
		put_file(f->dir, name, bytes, sizeof(bytes), 0600);
	}
	scs_err_clear(&err);
	assert_int_equal(scs_keys_open(f->dir, &k, &err), SCS_ECRYPTO);
	assert_string_equal(err.reason, "too many keys");
	assert_null(k);
	/* The list shows the first 1024 the directory names. */
	assert_int_equal(scs_keys_list(f->k, list_cb, l, &err), SCS_OK);
	assert_int_equal(l->n, 1024);
	free(l);
}

/* A directory whose files' paths do not fit PATH_MAX: refused, not cut. */
static void
test_paths_too_long_for_the_system_are_refused(void **state)
{
	struct fx *f = *state;
	char *dir = malloc(PATH_MAX + 64), part[201];
	struct scs_keys *k = NULL;
	struct scs_err err;
	size_t n;

	assert_non_null(dir);
	memset(part, 'd', 200);
	part[200] = '\0';
	n = (size_t)snprintf(dir, PATH_MAX, "%s", f->root);
	/* Nested directories up to PATH_MAX - 6 bytes, each a legal name:
	 * the directory itself fits, "/sign.key" after it does not. */
	while (n + 201 < PATH_MAX - 6) {
		n += (size_t)snprintf(dir + n, PATH_MAX - n, "/%s", part);
		assert_int_equal(mkdir(dir, 0700), 0);
	}
	(void)snprintf(dir + n, PATH_MAX - n, "/%.*s",
	    (int)(PATH_MAX - 6 - n - 1), part);
	assert_int_equal(strlen(dir), PATH_MAX - 6);
	/* Made, but its first file's temporary name is too long. */
	assert_int_equal(scs_keys_create(dir, &err), SCS_EIO);
	assert_string_equal(err.reason, "path too long");
	/* Nor can its signing key be read. */
	assert_int_equal(scs_keys_open(dir, &k, &err), SCS_EIO);
	assert_string_equal(err.reason, "path too long");
	assert_null(k);
	/* rm_tree's paths are shorter: take them down from the deepest. */
	for (n = strlen(dir); n > strlen(f->root); n = strlen(dir)) {
		assert_int_equal(rmdir(dir), 0);
		*strrchr(dir, '/') = '\0';
	}
	free(dir);
}

static void
test_values_and_contexts_beyond_the_format_are_refused(void **state)
{
	struct fx *f = *state;
	uint8_t pkey[SCS_PKEY_LEN] = {0}, *key = NULL;
	char ad[300], person[200], *pt = NULL;
	struct scs_blob b = {NULL, 0};
	struct scs_err err;
	size_t n = 0;

	memset(ad, 'a', sizeof(ad) - 1);
	ad[sizeof(ad) - 1] = '\0';
	memset(person, 'p', sizeof(person) - 1);
	person[sizeof(person) - 1] = '\0';
	/* Associated data longer than the format holds. */
	assert_int_equal(scs_crypto_seal(f->k, ad, "x", 1, &b, &err),
	    SCS_ECRYPTO);
	assert_int_equal(scs_crypto_seal_person(pkey, ad, "x", 1, &b, &err),
	    SCS_ECRYPTO);
	assert_null(b.p);
	seal(f->k, AD, "x", 1, &b);
	assert_int_equal(scs_crypto_open(f->k, ad, b.p, b.len, &pt, &n, &err),
	    SCS_ECRYPTO);
	scs_blob_free(&b);
	assert_int_equal(scs_crypto_seal_person(pkey, AD, "x", 1, &b, &err),
	    SCS_OK);
	assert_int_equal(scs_crypto_open_person(pkey, ad, b.p, b.len, &pt, &n,
	                     &err),
	    SCS_ECRYPTO);
	scs_blob_free(&b);
	assert_null(pt);
	/* A value whose sealed size would not fit a size_t. */
	assert_int_equal(scs_crypto_seal(f->k, AD, "x", SIZE_MAX, &b, &err),
	    SCS_ETOOBIG);
	assert_int_equal(scs_crypto_seal_person(pkey, AD, "x", SIZE_MAX, &b,
	                     &err),
	    SCS_ETOOBIG);
	assert_null(b.p);
	/* A person id too long for a wrapped key's context. */
	assert_int_equal(scs_crypto_pkey_new(f->k, person, &key, &b, &err),
	    SCS_EINVAL);
	assert_null(key);
	assert_int_equal(scs_crypto_pkey_wrap(f->k, person, pkey, &b, &err),
	    SCS_EINVAL);
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, person, pkey,
	                     sizeof(pkey), &key, &err),
	    SCS_EINVAL);
	assert_null(b.p);
	/* A value under the wrapped key's context that is not a key. */
	seal(f->k, "person-key/p1", "short", 5, &b);
	assert_int_equal(scs_crypto_pkey_unwrap(f->k, "p1", b.p, b.len, &key,
	                     &err),
	    SCS_ECRYPTO);
	assert_non_null(strstr(err.reason, "is malformed"));
	assert_null(key);
	scs_blob_free(&b);
	/* The format of nothing is none. */
	assert_int_equal(scs_crypto_sealed_format(NULL, 10), 0);
	assert_int_equal(scs_crypto_sealed_format(pkey, 0), 0);
}

static void
test_passwords_longer_than_1024_are_refused(void **state)
{
	char pw[1100], out[128];
	struct scs_err err;

	(void)state;
	memset(pw, 'p', 1025);
	pw[1025] = '\0';
	assert_int_equal(scs_crypto_pwhash(pw, out, &err), SCS_EINVAL);
	assert_string_equal(err.field, "password");
	pw[1024] = '\0';
	assert_int_equal(scs_crypto_pwhash(pw, out, &err), SCS_OK);
	/* No hash at all (an unknown name) never verifies. */
	assert_int_equal(scs_crypto_pwverify(NULL, pw), -1);
}

static void
test_csrf_tokens_check_only_against_their_session(void **state)
{
	char want[65], other[65];

	(void)state;
	scs_crypto_csrf("session-1", want);
	scs_crypto_csrf("session-2", other);
	assert_int_equal(strlen(want), 64);
	assert_string_not_equal(want, other);
	assert_int_equal(scs_crypto_csrf_check("session-1", want), 0);
	assert_int_equal(scs_crypto_csrf_check("session-1", other), -1);
	assert_int_equal(scs_crypto_csrf_check(NULL, want), -1);
	assert_int_equal(scs_crypto_csrf_check("session-1", NULL), -1);
	want[63] = '\0';
	assert_int_equal(scs_crypto_csrf_check("session-1", want), -1);
}

/* jansson's free hook is free's equal: NULL is nothing to do. */
static void
test_the_wiping_free_of_jansson_takes_null(void **state)
{
	json_malloc_t m = NULL;
	json_free_t fr = NULL;

	(void)state;
	json_get_alloc_funcs(&m, &fr);
	assert_non_null(fr);
	fr(NULL);
	fr(m(64));
}

static int
init_group(void **state)
{
	(void)state;
	return scs_crypto_init() == SCS_OK ? 0 : -1;
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    FX(test_keys_create_makes_an_owner_only_directory),
	    FX(test_keys_create_refuses_an_existing_directory),
	    FX(test_keys_open_starts_with_key_1_current),
	    FX(test_keys_open_refuses_a_key_file_readable_by_others),
	    FX(test_keys_open_refuses_a_directory_open_to_others),
	    FX(test_keys_open_of_a_missing_directory_is_not_found),
	    FX(test_keys_open_refuses_a_current_naming_no_key),
	    FX(test_keys_add_makes_key_2_current_and_key_1_still_opens),
	    FX(test_seal_and_open_round_trip),
	    FX(test_sealed_header_holds_version_and_big_endian_key_id),
	    FX(test_sealed_key_of_a_malformed_value_is_0),
	    FX(test_open_under_other_associated_data_fails),
	    FX(test_every_single_byte_flip_fails),
	    FX(test_truncated_and_extended_values_fail),
	    FX(test_a_value_under_an_unknown_key_fails),
	    FX(test_two_seals_of_the_same_plaintext_differ),
	    FX(test_seal_replaces_what_the_blob_held),
	    FX(test_format_2_round_trip_and_header),
	    FX(test_format_2_fails_under_another_persons_key),
	    FX(test_format_2_swapped_moved_or_tampered_fails),
	    FX(test_a_wrapped_person_key_unwraps_only_for_its_person),
	    FX(test_a_wrapped_key_from_another_register_does_not_unwrap),
	    FX(test_a_key_added_by_another_set_opens_in_this_one),
	    FX(test_has_loads_a_key_another_set_added),
	    FX(test_seal_after_another_set_made_a_new_current_uses_it),
	    FX(test_add_after_another_set_added_takes_the_next_id),
	    FX(test_add_never_reuses_the_id_of_a_loaded_key_whose_file_is_gone),
	    FX(test_a_key_file_added_with_loose_modes_is_refused_then_loaded),
	    FX(test_a_key_absent_from_the_directory_still_fails),
	    FX(test_seal_fails_when_current_names_no_key),
	    FX(test_threads_seal_and_open_while_another_set_rotates),
	    FX(test_signatures_verify_and_fail_when_anything_changes),
	    FX(test_the_public_key_is_the_one_on_disk),
	    FX(test_a_key_that_cannot_be_written_is_an_error_and_not_current),
	    FX(test_a_malformed_current_marker_is_refused),
	    FX(test_a_key_file_of_the_wrong_size_or_kind_is_refused),
	    FX(test_names_that_are_not_data_keys_are_left_alone),
	    FX(test_keys_are_listed_in_id_order_until_the_callback_stops),
	    FX(test_the_number_of_keys_and_their_ids_are_bounded),
	    FX(test_paths_too_long_for_the_system_are_refused),
	    FX(test_values_and_contexts_beyond_the_format_are_refused),
	    cmocka_unit_test(test_sha256_matches_the_fips_180_2_vectors),
	    cmocka_unit_test(
	        test_sha256v_over_parts_equals_sha256_of_the_whole),
	    cmocka_unit_test(
	        test_password_hash_verifies_and_a_wrong_password_fails),
	    cmocka_unit_test(test_passwords_shorter_than_12_are_refused),
	    cmocka_unit_test(test_password_verify_against_an_empty_hash_fails),
	    cmocka_unit_test(test_tokens_are_43_base64url_chars_and_differ),
	    cmocka_unit_test(
	        test_token_hash_is_deterministic_lowercase_hex_sha256),
	    cmocka_unit_test(
	        test_activation_codes_are_8_groups_of_4_base32_chars_and_differ),
	    cmocka_unit_test(
	        test_activation_code_hash_ignores_case_dashes_and_lookalikes),
	    cmocka_unit_test(
	        test_secure_memory_is_zeroed_and_compares_in_constant_time),
	    cmocka_unit_test(test_passwords_longer_than_1024_are_refused),
	    cmocka_unit_test(test_csrf_tokens_check_only_against_their_session),
	    cmocka_unit_test(test_the_wiping_free_of_jansson_takes_null),
	};

	/* Before scs_crypto_init, which reads it once. */
	(void)setenv("SCS_PWHASH_COST", "min", 1);
	return cmocka_run_group_tests(tests, init_group, NULL);
}
