/* SPDX-License-Identifier: Apache-2.0 */
/*
 * init.c - `scs init`: a new register (schema, keys, the administering
 * organization, the first admin).  Never touches an existing one.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scs/cli.h"

/* Remove what a failed init created, so it can simply be run again. */
static void
undo(const char *db, const char *keydir)
{
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	if (scs_store_is_url(db))
		goto keys; /* the tables stay: a database is not ours to drop */
	(void)unlink(db);
	(void)snprintf(path, sizeof(path), "%s-wal", db);
	(void)unlink(path);
	(void)snprintf(path, sizeof(path), "%s-shm", db);
	(void)unlink(path);
keys:
	if ((d = opendir(keydir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.' &&
			    (de->d_name[1] == '\0' ||
			        (de->d_name[1] == '.' &&
			            de->d_name[2] == '\0')))
				continue;
			if ((size_t)snprintf(path, sizeof(path), "%s/%s",
			        keydir, de->d_name) < sizeof(path))
				(void)unlink(path);
		}
		(void)closedir(d);
		(void)rmdir(keydir);
	}
}

/* A database (PostgreSQL) holds no register yet: no account in it. */
static int
no_account(void *arg, const struct scs_user *u)
{
	(void)u;
	*(int *)arg = 1;
	return SCS_ECONFLICT;
}

static int
empty(struct scs_store *st, const char *db, struct scs_err *err)
{
	char shown[PATH_MAX];
	int found = 0, rc = scs_store_user_each(st, no_account, &found, err);

	if (found) {
		scs_store_shown(db, shown, sizeof(shown));
		return scs_err_set(err, SCS_ECONFLICT, "db",
		    "%s: a register already exists; refusing to touch it",
		    shown);
	}
	return rc;
}

static int
setup(struct scs_cli *cli, const struct scs_org *org, const char *admin,
    struct scs_err *err)
{
	struct scs_user u;
	const char *given = getenv("SCS_ADMIN_PASSWORD");
	char pw[128], apikey[64], keydir[PATH_MAX];
	int generated = 0, version = 0, rc;

	if ((rc = scs_cli_keydir(cli->db, keydir, sizeof(keydir), err)) !=
	        SCS_OK ||
	    (rc = scs_keys_create(keydir, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_open(cli->db, true, &cli->ctx.st, err)) != SCS_OK ||
	    (rc = scs_store_migrate(cli->ctx.st, &version, err)) != SCS_OK ||
	    (rc = empty(cli->ctx.st, cli->db, err)) != SCS_OK)
		return rc;
	scs_store_close(cli->ctx.st);
	cli->ctx.st = NULL;
	if ((rc = scs_cli_open(cli, err)) != SCS_OK ||
	    (rc = scs_op_org_create(&cli->ctx, org, err)) != SCS_OK)
		return rc;
	memset(&u, 0, sizeof(u));
	if (!scs_strlcpy(u.id, admin, sizeof(u.id)))
		return scs_err_set(err, SCS_EINVAL, "admin", "too long");
	(void)scs_strlcpy(u.org, org->id, sizeof(u.org));
	u.role = SCS_ROLE_ADMIN;
	if (given != NULL && given[0] != '\0') {
		if (!scs_strlcpy(pw, given, sizeof(pw)))
			return scs_err_set(err, SCS_EINVAL,
			    "SCS_ADMIN_PASSWORD", "too long");
	} else {
		scs_crypto_token(pw);
		pw[24] = '\0';
		generated = 1;
	}
	rc = scs_op_user_add(&cli->ctx, &u, pw, apikey, err);
	if (rc == SCS_OK) {
		char shown[PATH_MAX];

		scs_store_shown(cli->db, shown, sizeof(shown));
		(void)printf("initialized %s (schema %d), keys in %s\n", shown,
		    version, keydir);
		(void)printf("admin user: %s\n", u.id);
		if (generated)
			(void)printf("admin password (shown once): %s\n", pw);
	}
	scs_crypto_wipe(pw, sizeof(pw));
	return rc;
}

int
scs_cmd_init(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"admin", required_argument, NULL, 'a'},
	    {"org", required_argument, NULL, 'o'},
	    {"org-name", required_argument, NULL, 'n'},
	    {"country", required_argument, NULL, 'c'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_org org;
	struct scs_err err;
	const char *admin = "admin";
	char keydir[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int ch, rc;

	memset(&org, 0, sizeof(org));
	(void)scs_strlcpy(org.id, "registry", sizeof(org.id));
	(void)scs_strlcpy(org.name, "Register administration",
	    sizeof(org.name));
	(void)scs_strlcpy(org.country, "JPN", sizeof(org.country));
	org.type = SCS_ORG_GOVERNMENT;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			admin = optarg;
			break;
		case 'o':
			if (!scs_strlcpy(org.id, optarg, sizeof(org.id)))
				return scs_cli_usage("init", "--org too long");
			break;
		case 'n':
			if (!scs_strlcpy(org.name, optarg, sizeof(org.name)))
				return scs_cli_usage("init",
				    "--org-name too long");
			break;
		case 'c':
			if (!scs_strlcpy(org.country, optarg,
			        sizeof(org.country)))
				return scs_cli_usage("init",
				    "--country must be an ISO alpha-3 code");
			break;
		default:
			return scs_cli_usage("init", "unknown option");
		}
	}
	if (optind != argc)
		return scs_cli_usage("init", "unexpected argument \"%s\"",
		    argv[optind]);
	scs_err_clear(&err);
	if (scs_org_validate(&org, &err) != SCS_OK ||
	    scs_valid_id(admin, "admin", &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (scs_cli_keydir(cli->db, keydir, sizeof(keydir), &err) != SCS_OK)
		return scs_cli_fail(&err);
	if ((!scs_store_is_url(cli->db) && stat(cli->db, &st) == 0) ||
	    stat(keydir, &st) == 0) {
		(void)scs_err_set(&err, SCS_ECONFLICT, "db",
		    "%s: a register (or its keys) already exists; refusing to "
		    "touch it",
		    scs_store_is_url(cli->db) ? keydir : cli->db);
		return scs_cli_fail(&err);
	}
	(void)scs_strlcpy(dir, scs_store_is_url(cli->db) ? keydir : cli->db,
	    sizeof(dir));
	if (mkdir(dirname(dir), 0700) != 0 && errno != EEXIST) {
		(void)scs_err_set(&err, SCS_EIO, "db", "%s: %s", dir,
		    strerror(errno));
		return scs_cli_fail(&err);
	}
	rc = setup(cli, &org, admin, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK) {
		undo(cli->db, keydir);
		return scs_cli_fail(&err);
	}
	return SCS_EXIT_OK;
}
