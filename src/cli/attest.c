/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.c - `scs trust` and `scs attest` (docs/attestation.md): an
 * authority's offline root key and its signing keys, the key lists
 * exchanged with partners, and attestation codes issued, verified (offline
 * from files, or against the register), printed as QR codes and revoked.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scs/attest.h"
#include "scs/cli.h"
#include "scs/crypto.h"
#include "scs/qr.h"
#include "scs/reciprocity.h"
#include "scs/time.h"
#include "scs/trust.h"

#define FILE_MAX   (1u << 20)  /* a key list file */
#define STATUS_MAX (64u << 20) /* a status list */
#define STATUS_N   8           /* status lists carried */
#define INVALID    1000        /* verified, and found invalid */

/* Write @len bytes to @path (0600 when @secret, refusing to replace an
 * existing file then), or to stdout for "-". */
static int
write_out(const char *path, const void *p, size_t len, int secret,
    struct scs_err *err)
{
	int fd,
	    flags =
	        O_WRONLY | O_CREAT | O_CLOEXEC | (secret ? O_EXCL : O_TRUNC);

	if (strcmp(path, "-") == 0)
		return fwrite(p, 1, len, stdout) == len && fflush(stdout) == 0
		    ? SCS_OK
		    : scs_err_set(err, SCS_EIO, "-",
		          "cannot write to standard output");
	if ((fd = open(path, flags, secret ? 0600 : 0644)) < 0)
		return scs_err_set(err, SCS_EIO, path, "%s", strerror(errno));
	if (scs_write_all(fd, p, len) != 0 || fsync(fd) != 0) {
		(void)close(fd);
		return scs_err_set(err, SCS_EIO, path, "cannot be written");
	}
	return close(fd) == 0
	    ? SCS_OK
	    : scs_err_set(err, SCS_EIO, path, "cannot be written");
}

/* A root secret key file: exactly 64 bytes, owner-only. */
static int
read_root(const char *path, uint8_t *sk, struct scs_err *err)
{
	struct stat sb;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return scs_err_set(err, SCS_EIO, path, "%s", strerror(errno));
	if (fstat(fd, &sb) != 0 || (sb.st_mode & 077) != 0) {
		(void)close(fd);
		return scs_err_set(err, SCS_ECRYPTO, path,
		    "must be readable by its owner only (chmod 600)");
	}
	n = scs_read_full(fd, sk, 64);
	(void)close(fd);
	if (n != 64 || sb.st_size != 64)
		return scs_err_set(err, SCS_EINVAL, path,
		    "is not a root key (64 bytes, from scs trust root new)");
	return SCS_OK;
}

/* ---- scs trust ---- */

static int
trust_root_new(int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"authority", required_argument, NULL, 'a'},
	    {"out", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *authority = NULL, *path = NULL;
	uint8_t pk[32], *sk = scs_crypto_secalloc(64), fp[32];
	char pkh[65], fph[65];
	int ch, rc;

	if (sk == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'a')
			authority = optarg;
		else if (ch == 'o')
			path = optarg;
		else {
			scs_crypto_secfree(sk);
			return -1;
		}
	}
	if (optind != argc || authority == NULL || path == NULL) {
		scs_crypto_secfree(sk);
		return -1;
	}
	scs_crypto_keypair(NULL, pk, sk);
	rc = write_out(path, sk, 64, 1, err);
	scs_crypto_secfree(sk);
	if (rc != SCS_OK)
		return rc;
	scs_hex(pkh, pk, 32);
	scs_crypto_sha256(fp, pk, 32);
	scs_hex(fph, fp, 32);
	return scs_cli_print_json(json_pack("{s:s, s:s, s:s, s:s}", "authority",
	                              authority, "root", pkh,
	                              "root_fingerprint", fph, "file", path),
	    JSON_INDENT(2));
}

static int
trust_key_new(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"authority", required_argument, NULL, 'a'},
	    {"root", required_argument, NULL, 'r'},
	    {"days", required_argument, NULL, 'd'},
	    {NULL, 0, NULL, 0},
	};
	const char *authority = NULL, *root = NULL;
	uint8_t *sk;
	json_t *o = NULL;
	long days = 180;
	char *end;
	int ch, rc;

	optind = 3;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'a')
			authority = optarg;
		else if (ch == 'r')
			root = optarg;
		else if (ch == 'd') {
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg)
				return scs_err_set(err, SCS_EINVAL, "days",
				    "must be a whole number of days");
		} else
			return -1;
	}
	if (optind != argc || authority == NULL || root == NULL)
		return -1;
	if ((sk = scs_crypto_secalloc(64)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = read_root(root, sk, err)) == SCS_OK &&
	    (rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_trust_key_new(&cli->ctx, authority, sk,
		    days > 100000 ? 100000 : (int)days, &o, err);
		scs_cli_close(cli);
	}
	scs_crypto_secfree(sk);
	return rc == SCS_OK ? scs_cli_print_json(o, JSON_INDENT(2)) : rc;
}

static int
trust_export(struct scs_cli *cli, int argc, char **argv, bool all,
    struct scs_err *err)
{
	static const struct option opts[] = {
	    {"authority", required_argument, NULL, 'a'},
	    {"out", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *authority = NULL, *path = "-";
	json_t *o = NULL;
	char *text;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (ch == 'a')
			authority = optarg;
		else if (ch == 'o')
			path = optarg;
		else
			return -1;
	}
	if (optind != argc)
		return -1;
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = scs_op_trust_export(&cli->ctx, authority, !all, &o, err);
	scs_cli_close(cli);
	if (rc != SCS_OK)
		return rc;
	text = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	if (text == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = write_out(path, text, strlen(text), 0, err);
	if (rc == SCS_OK && strcmp(path, "-") == 0)
		(void)putchar('\n');
	free(text);
	return rc;
}

static int
trust_import(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"pin", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	json_t *pins = json_object(), *doc = NULL, *o = NULL;
	json_error_t je;
	char *text = NULL, *eq;
	size_t len;
	int ch, rc;

	if (pins == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p' || (eq = strchr(optarg, '=')) == NULL) {
			json_decref(pins);
			return ch == 'p' ? scs_err_set(err, SCS_EINVAL, "pin",
			                       "must be AUTHORITY=FINGERPRINT")
			                 : -1;
		}
		*eq = '\0';
		(void)json_object_set_new(pins, optarg, json_string(eq + 1));
	}
	if (optind + 1 != argc) {
		json_decref(pins);
		return -1;
	}
	rc = scs_cli_slurp(argv[optind], FILE_MAX, &text, &len, err);
	if (rc == SCS_OK && (doc = json_loadb(text, len, 0, &je)) == NULL)
		rc = scs_err_set(err, SCS_EINVAL, argv[optind], "line %d: %s",
		    je.line, je.text);
	if (rc == SCS_OK && (rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_trust_import(&cli->ctx, doc, pins, &o, err);
		scs_cli_close(cli);
	}
	free(text);
	json_decref(doc);
	json_decref(pins);
	return rc == SCS_OK ? scs_cli_print_json(o, JSON_INDENT(2)) : rc;
}

int
scs_cmd_trust(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	if (argc >= 3 && strcmp(argv[1], "root") == 0 &&
	    strcmp(argv[2], "new") == 0)
		rc = trust_root_new(argc, argv, &err);
	else if (argc >= 3 && strcmp(argv[1], "key") == 0 &&
	    strcmp(argv[2], "new") == 0)
		rc = trust_key_new(cli, argc, argv, &err);
	else if (argc >= 2 && strcmp(argv[1], "export") == 0)
		rc = trust_export(cli, argc, argv, false, &err);
	else if (argc >= 2 && strcmp(argv[1], "list") == 0)
		rc = trust_export(cli, argc, argv, true, &err);
	else if (argc >= 2 && strcmp(argv[1], "import") == 0)
		rc = trust_import(cli, argc, argv, &err);
	else
		return scs_cli_usage("trust",
		    "trust takes: root new, key new, export, import, list");
	if (rc < 0)
		return scs_cli_usage("trust", "bad arguments to trust %s",
		    argv[1]);
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}

/* ---- scs attest ---- */

static int
write_qr(const char *path, const char *code, struct scs_err *err)
{
	size_t n = strlen(path), len;
	uint8_t *png = NULL;
	char *svg = NULL;
	int version, rc;

	if (n > 4 && strcmp(path + n - 4, ".svg") == 0) {
		if ((rc = scs_qr_svg(code, SCS_QR_MAX_VERSION, &svg, &version,
		         err)) == SCS_OK)
			rc = write_out(path, svg, strlen(svg), 0, err);
		free(svg);
		return rc;
	}
	if (n <= 4 || strcmp(path + n - 4, ".png") != 0)
		return scs_err_set(err, SCS_EINVAL, "qr",
		    "must name a .png or .svg file");
	if ((rc = scs_qr_png(code, SCS_QR_MAX_VERSION, 8, &png, &len, &version,
	         err)) == SCS_OK)
		rc = write_out(path, png, len, 0, err);
	free(png);
	return rc;
}

static int
attest_issue(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"partner", required_argument, NULL, 'p'},
	    {"profile", required_argument, NULL, 'f'},
	    {"authority", required_argument, NULL, 'a'},
	    {"days", required_argument, NULL, 'd'},
	    {"qr", required_argument, NULL, 'q'},
	    {"json", no_argument, NULL, 'j'},
	    {NULL, 0, NULL, 0},
	};
	json_t *body = json_object(), *o = NULL;
	const char *qr = NULL;
	bool as_json = false;
	char *end;
	long days;
	int ch, rc;

	if (body == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			(void)json_object_set_new(body, "partner",
			    json_string(optarg));
			break;
		case 'f':
			(void)json_object_set_new(body, "profile",
			    json_string(optarg));
			break;
		case 'a':
			(void)json_object_set_new(body, "authority",
			    json_string(optarg));
			break;
		case 'd':
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg) {
				json_decref(body);
				return scs_err_set(err, SCS_EINVAL, "days",
				    "must be a whole number of days");
			}
			(void)json_object_set_new(body, "days",
			    json_integer(days));
			break;
		case 'q':
			qr = optarg;
			break;
		case 'j':
			as_json = true;
			break;
		default:
			json_decref(body);
			return -1;
		}
	}
	if (optind + 1 != argc) {
		json_decref(body);
		return -1;
	}
	(void)json_object_set_new(body, "person", json_string(argv[optind]));
	if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_attest_issue(&cli->ctx, body, &o, err);
		scs_cli_close(cli);
	}
	json_decref(body);
	if (rc != SCS_OK)
		return rc;
	if (qr != NULL &&
	    (rc = write_qr(qr, json_string_value(json_object_get(o, "code")),
	         err)) != SCS_OK) {
		json_decref(o);
		return rc;
	}
	if (as_json)
		return scs_cli_print_json(o, JSON_INDENT(2));
	(void)printf("%s\n", json_string_value(json_object_get(o, "code")));
	json_decref(o);
	return SCS_OK;
}

/* The code from the argument, or a line of stdin for "-". */
static int
read_code(const char *arg, char *out, size_t size, struct scs_err *err)
{
	size_t n;

	if (strcmp(arg, "-") != 0)
		return scs_strlcpy(out, arg, size)
		    ? SCS_OK
		    : scs_err_set(err, SCS_EINVAL, "code",
		          "is longer than %zu characters", size - 1);
	if (fgets(out, (int)size, stdin) == NULL)
		return scs_err_set(err, SCS_EINVAL, "code",
		    "standard input holds no code");
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return SCS_OK;
}

int
scs_cli_trust_load(const char *path, struct scs_trust_key **keys, size_t *n,
    struct scs_err *err)
{
	json_t *doc, *lists;
	json_error_t je;
	char *text = NULL;
	size_t len, i, j;
	int rc;

	*keys = NULL;
	*n = 0;
	if ((rc = scs_cli_slurp(path, FILE_MAX, &text, &len, err)) != SCS_OK)
		return rc;
	doc = json_loadb(text, len, 0, &je);
	free(text);
	lists = json_object_get(doc, "lists");
	if (!json_is_array(lists)) {
		json_decref(doc);
		return scs_err_set(err, SCS_EINVAL, path,
		    "is not a key list file (scs trust export)");
	}
	*keys = calloc(json_array_size(lists) * SCS_KEYLIST_MAX + 1,
	    sizeof(**keys));
	for (i = 0; rc == SCS_OK && *keys != NULL && i < json_array_size(lists);
	     i++) {
		const char *b64 = json_string_value(
		    json_object_get(json_array_get(lists, i), "list"));
		struct scs_key_list kl;
		uint8_t cose[2048];
		size_t m;

		if (b64 == NULL ||
		    scs_crypto_unb64(b64, cose, sizeof(cose), &m) != 0)
			rc = scs_err_set(err, SCS_EINVAL, path,
			    "list %zu is not Base64", i + 1);
		else if ((rc = scs_key_list_read(cose, m, &kl, err)) == SCS_OK)
			for (j = 0; j < kl.nkeys; j++)
				(*keys)[(*n)++] = kl.keys[j];
	}
	json_decref(doc);
	if (*keys == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc != SCS_OK) {
		free(*keys);
		*keys = NULL;
	}
	return rc;
}

struct verify_args {
	const char *trust;
	const char *status[STATUS_N];
	size_t nstatus;
	int64_t at, max_age;
	bool has_at;
};

static int
verify_opts(int argc, char **argv, struct verify_args *a, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"trust", required_argument, NULL, 't'},
	    {"status", required_argument, NULL, 's'},
	    {"at", required_argument, NULL, 'a'},
	    {"max-age", required_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	char *end;
	int ch;

	memset(a, 0, sizeof(*a));
	a->max_age = 86400;
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 't') {
			a->trust = optarg;
		} else if (ch == 's') {
			if (a->nstatus == STATUS_N)
				return scs_err_set(err, SCS_EINVAL, "status",
				    "at most %d status lists", STATUS_N);
			a->status[a->nstatus++] = optarg;
		} else if (ch == 'a') {
			if (scs_time_parse(optarg, strlen(optarg), "at", &a->at,
			        err) != SCS_OK)
				return SCS_EINVAL;
			a->has_at = true;
		} else if (ch == 'm') {
			errno = 0;
			a->max_age = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    a->max_age < 0)
				return scs_err_set(err, SCS_EINVAL, "max-age",
				    "must be a whole number of seconds");
		} else {
			return -1;
		}
	}
	return optind + 1 == argc ? SCS_OK : -1;
}

/* Offline: the trust and status lists from files, no register. */
static int
verify_offline(const struct verify_args *a, const char *code, json_t **out,
    struct scs_err *err)
{
	struct scs_trust_key *keys = NULL;
	struct scs_status_list lists[STATUS_N];
	struct scs_verify_opts o;
	size_t nkeys = 0, i, nl = 0;
	int rc;

	memset(lists, 0, sizeof(lists));
	if ((rc = scs_cli_trust_load(a->trust, &keys, &nkeys, err)) != SCS_OK)
		return rc;
	for (i = 0; rc == SCS_OK && i < a->nstatus; i++) {
		char *bytes = NULL;
		size_t len;

		if ((rc = scs_cli_slurp(a->status[i], STATUS_MAX, &bytes, &len,
		         err)) == SCS_OK &&
		    (rc = scs_status_list_read((const uint8_t *)bytes, len,
		         keys, nkeys, &lists[nl], err)) == SCS_OK)
			nl++;
		else if (rc == SCS_EINVAL)
			scs_err_prefix(err, a->status[i]);
		free(bytes);
	}
	if (rc == SCS_OK) {
		memset(&o, 0, sizeof(o));
		o.keys = keys;
		o.nkeys = nkeys;
		o.status = lists;
		o.nstatus = nl;
		o.now = a->has_at ? a->at : time(NULL);
		o.max_age = a->max_age;
		rc = scs_op_attest_check(NULL, code, &o, out, err);
	}
	for (i = 0; i < nl; i++)
		scs_status_list_free(&lists[i]);
	free(keys);
	return rc;
}

static int
attest_verify(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	struct verify_args a;
	char code[SCS_ATTEST_TEXT_MAX + 2];
	json_t *o = NULL;
	int rc, valid;

	if ((rc = verify_opts(argc, argv, &a, err)) != SCS_OK)
		return rc;
	if ((rc = read_code(argv[optind], code, sizeof(code), err)) != SCS_OK)
		return rc;
	if (a.trust != NULL) {
		rc = verify_offline(&a, code, &o, err);
	} else {
		if (a.nstatus > 0 || a.has_at)
			return scs_err_set(err, SCS_EINVAL, "trust",
			    "--status and --at go with --trust (offline)");
		if ((rc = scs_cli_open(cli, err)) != SCS_OK)
			return rc;
		rc = scs_op_attest_verify(&cli->ctx, code, &o, err);
		scs_cli_close(cli);
	}
	if (rc != SCS_OK)
		return rc;
	valid = json_is_true(json_object_get(o, "valid"));
	(void)scs_cli_print_json(o, JSON_INDENT(2));
	return valid ? SCS_OK : INVALID;
}

static int
attest_status(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"authority", required_argument, NULL, 'a'},
	    {"out", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *authority = NULL, *path = "-";
	uint8_t *bytes = NULL;
	size_t len = 0;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (ch == 'a')
			authority = optarg;
		else if (ch == 'o')
			path = optarg;
		else
			return -1;
	}
	if (optind != argc || authority == NULL)
		return -1;
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = scs_op_attest_status(&cli->ctx, authority, &bytes, &len, err);
	scs_cli_close(cli);
	if (rc == SCS_OK)
		rc = write_out(path, bytes, len, 0, err);
	free(bytes);
	return rc;
}

/* A subcommand of one operand (ID or PERSON): the operation's answer as
 * JSON in @flags' layout. */
static int
by_operand(struct scs_cli *cli, int argc, char **argv,
    int (*op)(struct scs_ctx *, const char *, json_t **, struct scs_err *),
    size_t flags, struct scs_err *err)
{
	json_t *o = NULL;
	int rc;

	if (argc != 3)
		return -1;
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	rc = op(&cli->ctx, argv[2], &o, err);
	scs_cli_close(cli);
	return rc == SCS_OK ? scs_cli_print_json(o, flags) : rc;
}

static int
attest_revoke(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	return by_operand(cli, argc, argv, scs_op_attest_revoke, JSON_COMPACT,
	    err);
}

static int
attest_list(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	return by_operand(cli, argc, argv, scs_op_attest_list, JSON_INDENT(2),
	    err);
}

static int
attest_import(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"person", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	char code[SCS_ATTEST_TEXT_MAX + 2];
	const char *person = NULL;
	json_t *body, *o = NULL;
	int ch, rc;

	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'p')
			return -1;
		person = optarg;
	}
	if (optind + 1 != argc || person == NULL)
		return -1;
	if ((rc = read_code(argv[optind], code, sizeof(code), err)) != SCS_OK)
		return rc;
	if ((body = json_pack("{s:s, s:s}", "code", code, "person", person)) ==
	    NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_attest_import(&cli->ctx, body, &o, err);
		scs_cli_close(cli);
	}
	json_decref(body);
	return rc == SCS_OK ? scs_cli_print_json(o, JSON_INDENT(2)) : rc;
}

int
scs_cmd_attest(struct scs_cli *cli, int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(struct scs_cli *, int, char **, struct scs_err *);
	} subs[] = {
	    {"issue", attest_issue},
	    {"verify", attest_verify},
	    {"status", attest_status},
	    {"revoke", attest_revoke},
	    {"list", attest_list},
	    {"import", attest_import},
	};
	struct scs_err err;
	size_t i;
	int rc;

	for (i = 0; argc >= 2 && i < SCS_NELEM(subs); i++)
		if (strcmp(argv[1], subs[i].name) == 0)
			break;
	if (argc < 2 || i == SCS_NELEM(subs))
		return scs_cli_usage("attest",
		    "attest takes: issue, verify, status, revoke, list, "
		    "import");
	scs_err_clear(&err);
	rc = subs[i].fn(cli, argc, argv, &err);
	if (rc < 0)
		return scs_cli_usage("attest", "bad arguments to attest %s",
		    subs[i].name);
	if (rc == INVALID)
		return SCS_EXIT_FAIL; /* verified: invalid, printed */
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
