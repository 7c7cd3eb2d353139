/* SPDX-License-Identifier: Apache-2.0 */
/*
 * backup.c - `scs backup [--recipient KEY.pub] FILE`, `scs backup
 * --keygen FILE` and `scs restore [--identity KEY] FILE`: the operations
 * of src/ops/backup.c, with the passphrase from $SCS_BACKUP_PASSPHRASE or
 * the terminal, and recipient keys as one-line text files.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scs/cli.h"

#define PASS_MIN  12
#define PASS_MAX  1024
#define SK_PREFIX "scs-backup-secret-key:"
#define PK_PREFIX "scs-backup-key:"
#define PASS_ENV  "SCS_BACKUP_PASSPHRASE"
#define HEXLEN    ((size_t)2 * SCS_BACKUP_KEY_LEN)
#define KEYLINE   (sizeof(SK_PREFIX) + HEXLEN + 2)

/* Write @text to the new file @path with @mode, refusing to replace one. */
static int
write_new(const char *path, const char *text, mode_t mode, struct scs_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	size_t len = strlen(text);

	if (fd < 0)
		return scs_err_set(err,
		    errno == EEXIST ? SCS_ECONFLICT : SCS_EIO, path, "%s",
		    errno == EEXIST ? "exists: not replaced"
		                    : scs_errno_text(errno));
	if (write(fd, text, len) != (ssize_t)len || fsync(fd) != 0) {
		(void)close(fd);
		(void)unlink(path);
		return scs_err_set(err, SCS_EIO, path, "cannot write");
	}
	(void)close(fd);
	return SCS_OK;
}

/* Read key file @path: one line, @prefix then 64 hex digits. */
static int
read_key(const char *path, const char *prefix, uint8_t key[32],
    struct scs_err *err)
{
	char line[KEYLINE + 8];
	size_t plen = strlen(prefix), n;
	FILE *f = fopen(path, "re");
	int ok;

	if (f == NULL)
		return scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
	ok = fgets(line, sizeof(line), f) != NULL;
	(void)fclose(f);
	n = ok ? strcspn(line, "\r\n") : 0;
	line[n] = '\0';
	if (!ok || strncmp(line, prefix, plen) != 0 || n != plen + HEXLEN ||
	    scs_unhex(key, 32, line + plen) != 0) {
		scs_crypto_wipe(line, sizeof(line));
		return scs_err_set(err, SCS_EINVAL, path, "not a %s file",
		    strcmp(prefix, SK_PREFIX) == 0 ? "backup secret key"
		                                   : "backup public key");
	}
	scs_crypto_wipe(line, sizeof(line));
	return SCS_OK;
}

static int
keygen(const char *path)
{
	uint8_t pk[32], sk[32];
	char hex[65], text[KEYLINE + 8], pub[PATH_MAX];
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	if (snprintf(pub, sizeof(pub), "%s.pub", path) >= (int)sizeof(pub))
		return scs_cli_usage("backup", "path too long");
	if (scs_crypto_backup_keygen(pk, sk) != SCS_OK)
		return scs_cli_fail(&err);
	scs_hex(hex, sk, 32);
	(void)snprintf(text, sizeof(text), "%s%s\n", SK_PREFIX, hex);
	scs_crypto_wipe(sk, sizeof(sk));
	scs_crypto_wipe(hex, sizeof(hex));
	rc = write_new(path, text, 0600, &err);
	scs_crypto_wipe(text, sizeof(text));
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	scs_hex(hex, pk, 32);
	(void)snprintf(text, sizeof(text), "%s%s\n", PK_PREFIX, hex);
	if (write_new(pub, text, 0644, &err) != SCS_OK) {
		(void)unlink(path);
		return scs_cli_fail(&err);
	}
	(void)printf("wrote %s (the secret key, mode 0600: keep it away from "
	             "the register) and %s (for scs backup --recipient)\n",
	    path, pub);
	return SCS_EXIT_OK;
}

/* The passphrase, from the environment or the terminal (twice when it
 * is new). */
static int
passphrase(char *out, size_t size, int twice, struct scs_err *err)
{
	char again[PASS_MAX];
	int tty = getenv(PASS_ENV) == NULL && isatty(STDIN_FILENO);

	if (scs_cli_secret(PASS_ENV, "backup passphrase: ", out, size) != 0)
		return scs_err_set(err, SCS_EINVAL, "passphrase",
		    "none given ($" PASS_ENV " or a line on stdin)");
	if (strlen(out) < PASS_MIN)
		return scs_err_set(err, SCS_EINVAL, "passphrase",
		    "at least %d characters", PASS_MIN);
	if (twice && tty) {
		if (scs_cli_secret(NULL, "again: ", again, sizeof(again)) !=
		        0 ||
		    strcmp(again, out) != 0) {
			scs_crypto_wipe(again, sizeof(again));
			return scs_err_set(err, SCS_EINVAL, "passphrase",
			    "the two did not match");
		}
		scs_crypto_wipe(again, sizeof(again));
	}
	return SCS_OK;
}

static void
print_report(const char *verb, const char *from, const char *to,
    const struct scs_backup_report *rep)
{
	char root[65], at[40];

	scs_hex(root, rep->root, 32);
	(void)scs_time_format_us(rep->created_us, at);
	(void)printf("%s %s into %s: %llu audit entries (root %s) and %llu "
	             "records verified, as of %s\n",
	    verb, from, to, (unsigned long long)rep->entries, root,
	    (unsigned long long)rep->records, at);
}

int
scs_cmd_backup(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"recipient", required_argument, NULL, 'r'},
	    {"keygen", no_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_backup_lock lk;
	struct scs_backup_report rep;
	struct scs_err err;
	char pass[PASS_MAX], shown[PATH_MAX];
	uint8_t pk[32];
	const char *recipient = NULL;
	int ch, gen = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			recipient = optarg;
		else if (ch == 'k')
			gen = 1;
		else
			return scs_cli_usage("backup", "bad option");
	}
	if (optind != argc - 1)
		return scs_cli_usage("backup", "backup takes one FILE");
	if (gen)
		return recipient != NULL
		    ? scs_cli_usage("backup", "--keygen takes no --recipient")
		    : keygen(argv[optind]);
	memset(&lk, 0, sizeof(lk));
	scs_err_clear(&err);
	pass[0] = '\0';
	if (recipient != NULL) {
		if (read_key(recipient, PK_PREFIX, pk, &err) != SCS_OK)
			return scs_cli_fail(&err);
		lk.recipient = pk;
	} else if (passphrase(pass, sizeof(pass), 1, &err) != SCS_OK) {
		scs_crypto_wipe(pass, sizeof(pass));
		return scs_cli_fail(&err);
	} else
		lk.passphrase = pass;
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_backup(&cli->ctx, cli->db, argv[optind], &lk, &rep,
		    &err);
		scs_cli_close(cli);
	}
	scs_crypto_wipe(pass, sizeof(pass));
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	scs_store_shown(cli->db, shown, sizeof(shown));
	print_report("backed up", shown, argv[optind], &rep);
	(void)printf("the key directory is not in it: keep a copy of it apart "
	             "from the backup\n");
	return SCS_EXIT_OK;
}

int
scs_cmd_restore(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"identity", required_argument, NULL, 'i'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_backup_lock lk;
	struct scs_backup_report rep;
	struct scs_err err;
	char pass[PASS_MAX], keydir[PATH_MAX];
	uint8_t sk[32];
	const char *identity = NULL;
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'i')
			identity = optarg;
		else
			return scs_cli_usage("restore", "bad option");
	}
	if (optind != argc - 1)
		return scs_cli_usage("restore", "restore takes one FILE");
	memset(&lk, 0, sizeof(lk));
	memset(&cli->ctx, 0, sizeof(cli->ctx));
	scs_err_clear(&err);
	pass[0] = '\0';
	if (identity != NULL) {
		if (read_key(identity, SK_PREFIX, sk, &err) != SCS_OK)
			return scs_cli_fail(&err);
		lk.identity = sk;
	} else if (passphrase(pass, sizeof(pass), 0, &err) != SCS_OK) {
		scs_crypto_wipe(pass, sizeof(pass));
		return scs_cli_fail(&err);
	} else
		lk.passphrase = pass;
	cli->ctx.now_us = scs_clock_real;
	cli->ctx.rd = &cli->rd;
	scs_actor_os(&cli->ctx.actor);
	if ((rc = scs_cli_keydir(cli->db, keydir, sizeof(keydir), &err)) ==
	        SCS_OK &&
	    access(keydir, F_OK) != 0)
		rc = scs_err_set(&err, SCS_ENOTFOUND, "keys",
		    "no key directory at %s: restore it first (a backup does "
		    "not hold the keys)",
		    keydir);
	if (rc == SCS_OK && (rc = scs_cli_refdata(&cli->rd, &err)) == SCS_OK) {
		if ((rc = scs_keys_open(keydir, &cli->ctx.keys, &err)) ==
		    SCS_OK)
			rc = scs_op_restore(&cli->ctx, argv[optind], cli->db,
			    &lk, &rep, &err);
		scs_keys_free(cli->ctx.keys);
		cli->ctx.keys = NULL;
		scs_refdata_free(&cli->rd);
	}
	scs_crypto_wipe(pass, sizeof(pass));
	scs_crypto_wipe(sk, sizeof(sk));
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	/* A cache left at the path is of another log: not leaned on. */
	if (scs_cli_index_cache(cli->db, keydir, sizeof(keydir)) == 0)
		(void)unlink(keydir);
	print_report("restored", argv[optind], cli->db, &rep);
	return SCS_EXIT_OK;
}
