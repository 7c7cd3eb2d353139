/* SPDX-License-Identifier: Apache-2.0 */
/*
 * proof.c - `scs audit prove inclusion|consistency`, `scs audit
 * check-proof` and `scs audit key`: audit proofs of the local register as
 * the JSON of GET /v1/audit/proof/... (src/codec/proof.c), and their check
 * with the register's public key alone, which needs no register at all
 * (docs/audit-proofs.md).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/codec.h"

#define PROOF_FILE_MAX ((size_t)256 * 1024) /* a proof is under 10 KiB */

/* Read all of @path ("-": stdin), at most @cap bytes, NUL-terminated into
 * a new buffer the caller frees. */
static int
slurp(const char *path, size_t cap, char **out, size_t *out_len,
    const char *field, struct scs_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf;
	size_t n;
	int rc = SCS_OK;

	*out = NULL;
	if (f == NULL)
		return scs_err_set(err, SCS_EIO, field, "%s: %s", path,
		    scs_errno_text(errno));
	if ((buf = malloc(cap + 1)) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, field, "out of memory");
		goto out;
	}
	n = fread(buf, 1, cap + 1, f);
	if (ferror(f))
		rc = scs_err_set(err, SCS_EIO, field, "%s: cannot read", path);
	else if (n > cap)
		rc = scs_err_set(err, SCS_ETOOBIG, field,
		    "%s: more than %zu bytes", path, cap);
	if (rc != SCS_OK) {
		free(buf);
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*out_len = n;
out:
	if (f != stdin)
		(void)fclose(f);
	return rc;
}

int
scs_cli_pubkey(const char *arg, uint8_t out[32], struct scs_err *err)
{
	char *buf = NULL;
	size_t n = 0;
	int rc;

	if (strlen(arg) == 64 && scs_unhex(out, 32, arg) == 0)
		return SCS_OK;
	if ((rc = slurp(arg, 256, &buf, &n, "--key", err)) != SCS_OK)
		return rc;
	if (n == 32) { /* sign.pub of the key directory: the raw key */
		memcpy(out, buf, 32);
		free(buf);
		return SCS_OK;
	}
	while (n > 0 &&
	    (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	rc = n == 64 && scs_unhex(out, 32, buf) == 0
	    ? SCS_OK
	    : scs_err_set(err, SCS_EINVAL, "--key",
	          "must be the Ed25519 public key: 64 hex digits, or a file "
	          "holding them or the 32 bytes of sign.pub");
	free(buf);
	return rc;
}

/* Fail naming the option of @err's field ("leaf": "--leaf"). */
static int
option_fail(struct scs_err *err)
{
	char f[sizeof(err->field) + 2];

	(void)snprintf(f, sizeof(f), "--%s", err->field);
	(void)scs_strlcpy(err->field, f, sizeof(err->field));
	return scs_cli_fail(err);
}

/* The options of prove, by their index in prove_opts. */
enum { OPT_LEAF, OPT_SIZE, OPT_FROM, OPT_TO, NOPTS };

struct prove_args {
	int incl;
	uint64_t v[NOPTS];
	int have[NOPTS];
};

static const struct option prove_opts[] = {
    {"leaf", required_argument, NULL, OPT_LEAF},
    {"size", required_argument, NULL, OPT_SIZE},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {NULL, 0, NULL, 0},
};

static const char prove_usage[] = "audit prove inclusion --leaf N [--size M] "
                                  "| consistency --from M [--to N]";

/* The options of prove into @a: SCS_EXIT_OK, or the exit code of the
 * usage error or of a value that is not a number (said on stderr). */
static int
prove_options(int argc, char **argv, struct prove_args *a)
{
	struct scs_err err;
	int ch;

	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", prove_opts, NULL)) != -1) {
		/* inclusion takes --leaf and --size, consistency the others */
		if (ch < 0 || ch >= NOPTS || (ch < OPT_FROM) != (a->incl != 0))
			return scs_cli_usage("audit", "%s", prove_usage);
		if (scs_parse_u64(optarg, INT64_MAX, &a->v[ch]) != 0 ||
		    (ch != OPT_LEAF && a->v[ch] == 0)) {
			(void)scs_err_set(&err, SCS_EINVAL, prove_opts[ch].name,
			    "must be a whole number from %d",
			    ch == OPT_LEAF ? 0 : 1);
			return option_fail(&err);
		}
		a->have[ch] = 1;
	}
	if (optind != argc || !a->have[a->incl ? OPT_LEAF : OPT_FROM])
		return scs_cli_usage("audit", "%s", prove_usage);
	return SCS_EXIT_OK;
}

/* scs audit prove inclusion --leaf N [--size M]
 * scs audit prove consistency --from M [--to N] */
static int
prove(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_audit_proof *p;
	struct prove_args a;
	struct scs_err err;
	int rc;

	if (argc < 2 ||
	    (strcmp(argv[1], "inclusion") != 0 &&
	        strcmp(argv[1], "consistency") != 0))
		return scs_cli_usage("audit", "%s", prove_usage);
	memset(&a, 0, sizeof(a));
	a.incl = strcmp(argv[1], "inclusion") == 0;
	if ((rc = prove_options(argc - 1, argv + 1, &a)) != SCS_EXIT_OK)
		return rc;
	scs_err_clear(&err);
	if ((p = malloc(sizeof(*p))) == NULL) {
		(void)scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		return scs_cli_fail(&err);
	}
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = a.incl ? scs_op_audit_prove_inclusion(&cli->ctx,
		                  a.v[OPT_LEAF], a.v[OPT_SIZE], p, &err)
		            : scs_op_audit_prove_consistency(&cli->ctx,
		                  a.v[OPT_FROM], a.v[OPT_TO], p, &err);
		scs_cli_close(cli);
	}
	if (rc == SCS_OK &&
	    scs_cli_print_json(scs_codec_proof_json(p), JSON_INDENT(2)) !=
	        SCS_OK)
		rc = scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
	free(p);
	if (rc == SCS_OK)
		return SCS_EXIT_OK;
	/* Field names as the command line spells them. */
	if (strcmp(err.field, "leaf") == 0 || strcmp(err.field, "size") == 0 ||
	    strcmp(err.field, "from") == 0 || strcmp(err.field, "to") == 0)
		return option_fail(&err);
	return scs_cli_fail(&err);
}

/* scs audit check-proof FILE|- --key KEY */
static int
check_proof(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"key", required_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_audit_proof *p = NULL;
	const char *key = NULL;
	struct scs_err err;
	uint8_t pub[32];
	char *text = NULL, why[160], root[65];
	json_error_t jerr;
	json_t *j = NULL;
	size_t n = 0;
	int ch, rc;

	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'k')
			return scs_cli_usage("audit",
			    "audit check-proof FILE|- --key KEY");
		key = optarg;
	}
	if (optind != argc - 1 || key == NULL)
		return scs_cli_usage("audit",
		    "audit check-proof FILE|- --key KEY");
	if (scs_cli_pubkey(key, pub, &err) != SCS_OK ||
	    slurp(argv[optind], PROOF_FILE_MAX, &text, &n, "proof", &err) !=
	        SCS_OK)
		return scs_cli_fail(&err);
	if ((p = malloc(sizeof(*p))) == NULL) {
		rc = scs_err_set(&err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	if ((j = json_loadb(text, n, JSON_REJECT_DUPLICATES, &jerr)) == NULL) {
		rc = scs_err_set(&err, SCS_EINVAL, "proof",
		    "not JSON: %s (line %d)", jerr.text, jerr.line);
		goto out;
	}
	if ((rc = scs_codec_proof_parse(j, p, &err)) != SCS_OK)
		goto out;
	if (scs_audit_proof_check(p, pub, why, sizeof(why)) != 0) {
		(void)fprintf(stderr, "scs: check-proof: INVALID: %s\n", why);
		rc = SCS_ECORRUPT;
		goto done;
	}
	scs_hex(root, p->head.root, 32);
	if (p->consistency)
		(void)printf("proof ok: the signed tree head of size %llu is a "
		             "prefix of the signed tree head of size %llu "
		             "(root %s)\n",
		    (unsigned long long)p->old_head.size,
		    (unsigned long long)p->head.size, root);
	else
		(void)printf("proof ok: entry %llu is in the signed tree head "
		             "of size %llu (root %s)\n",
		    (unsigned long long)p->leaf,
		    (unsigned long long)p->head.size, root);
	goto done;
out:
	(void)scs_cli_fail(&err);
done:
	json_decref(j);
	free(text);
	free(p);
	return rc == SCS_OK ? SCS_EXIT_OK : SCS_EXIT_FAIL;
}

int
scs_cli_audit_proofs(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	char hex[65];

	if (strcmp(argv[0], "prove") == 0)
		return prove(cli, argc, argv);
	if (strcmp(argv[0], "check-proof") == 0)
		return check_proof(argc, argv);
	/* key: the public key a checker or a witness needs, as hex. */
	if (argc != 1)
		return scs_cli_usage("audit", "audit key takes no arguments");
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	scs_hex(hex, scs_keys_public(cli->ctx.keys), 32);
	scs_cli_close(cli);
	(void)printf("%s\n", hex);
	return SCS_EXIT_OK;
}
