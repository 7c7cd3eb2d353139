/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - the subcommands of `scs`, dispatched from one table (Redis's
 * command table).  Each command parses its flags, opens what it needs
 * through scs_cli_open, calls one scs_op_*, and prints.  Exit codes: 0
 * success, 1 the operation failed or found a problem, 2 usage error.
 */
#ifndef SCS_CLI_H
#define SCS_CLI_H

#include <stdbool.h>

#include <jansson.h>

#include "scs/ops.h"
#include "scs/refdata.h"

#define SCS_EXIT_OK    0
#define SCS_EXIT_FAIL  1
#define SCS_EXIT_USAGE 2

struct scs_cli {
	const char *db; /* --db, else $SCS_DB, else var/scs.db */
	struct scs_refdata rd;
	struct scs_ctx ctx;
};

struct scs_cmd {
	const char *name;
	int (*run)(struct scs_cli *cli, int argc, char **argv);
	const char *usage;   /* after "scs NAME" */
	const char *summary; /* one line */
	const char *help;    /* paragraphs for `scs help NAME` */
};

extern const struct scs_cmd scs_cmds[];
extern const size_t scs_ncmds;

/** The key directory of a database path: "<db>.keys" (or $SCS_KEYS). */
/* The key directory of register @db: $SCS_KEYS, else <db>.keys beside a
 * SQLite file.  A PostgreSQL register has no file to sit beside: without
 * $SCS_KEYS, SCS_EINVAL naming it. */
int scs_cli_keydir(const char *db, char *out, size_t size, struct scs_err *err);

/** The index cache of register @db in @out: $SCS_INDEX_CACHE ("off" or
 * empty: none), else <db>.index beside a SQLite file; -1 when none. */
int scs_cli_index_cache(const char *db, char *out, size_t size);

/** The decision index of the open register, through its index cache
 * (scs_op_index_open); a cache refused by its checks is said on stderr. */
int scs_cli_index_open(struct scs_cli *cli, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_err *err);

/** Load the reference tables: $SCS_DATA_DIR if set, else the built-in. */
int scs_cli_refdata(struct scs_refdata *rd, struct scs_err *err);

/** Open the register (store, migrations, keys, tables) as the OS actor. */
int scs_cli_open(struct scs_cli *cli, struct scs_err *err);
void scs_cli_close(struct scs_cli *cli);

/**
 * Print @j (taken: decref'd) to stdout as one JSON text and a newline,
 * dumped with jansson's @flags (JSON_COMPACT for a line of JSON Lines,
 * JSON_INDENT(2) for a report).  SCS_OK, or SCS_ENOMEM when @j is NULL or
 * cannot be dumped.
 */
int scs_cli_print_json(json_t *j, size_t flags);

/** Print "scs: FIELD: REASON" to stderr; returns SCS_EXIT_FAIL. */
int scs_cli_fail(const struct scs_err *err);

/** Print a usage error for @cmd; returns SCS_EXIT_USAGE. */
int scs_cli_usage(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/** Read a secret from the environment variable @env, else a line of
 * stdin (without echo on a terminal, after printing @prompt). */
int scs_cli_secret(const char *env, const char *prompt, char *out, size_t size);

/** The whole regular file @path, at most @max bytes, into *@out (malloc'd,
 * NUL-terminated), its length into *@out_len.  Errors name the path. */
int scs_cli_slurp(const char *path, size_t max, char **out, size_t *out_len,
    struct scs_err *err);

struct scs_trust_key;

/** The keys of a key list file (scs trust export), each list checked
 * under its root: *@keys malloc'd (free it), *@n of them.  SCS_EINVAL
 * naming the file when it is not one. */
int scs_cli_trust_load(const char *path, struct scs_trust_key **keys, size_t *n,
    struct scs_err *err);

int scs_cmd_attest(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_trust(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_transfer(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_clearance(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_visit(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_help(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_version(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_init(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_serve(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_import(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_export(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_user(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_keys(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_backup(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_restore(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_audit(struct scs_cli *cli, int argc, char **argv);
/* scs audit prove | check-proof | key (src/cli/proof.c), argv[0] the
 * subcommand; scs audit witness (src/cli/witness.c), argv[0] "witness". */
int scs_cli_audit_proofs(struct scs_cli *cli, int argc, char **argv);
int scs_cli_audit_witness(int argc, char **argv);
/** The Ed25519 public key given as @arg (--key): 64 hex digits, or a file
 * holding them or the raw 32 bytes (the key directory's sign.pub). */
int scs_cli_pubkey(const char *arg, uint8_t out[32], struct scs_err *err);
int scs_cmd_org(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_person(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_check(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_label(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_checks(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_case(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_due(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_report(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_sim(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_retention(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_cv(struct scs_cli *cli, int argc, char **argv);
int scs_cmd_alert(struct scs_cli *cli, int argc, char **argv);

#endif
