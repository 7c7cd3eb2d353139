/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - `scs`: takes the global --db flag from anywhere on the command
 * line, finds the subcommand in the table and runs it.  Nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/crypto.h"

int
main(int argc, char **argv)
{
	struct scs_cli cli;
	int i, j;
	size_t k;

	memset(&cli, 0, sizeof(cli));
	/* Before any thread exists. */
	/* NOLINTNEXTLINE(concurrency-mt-unsafe) */
	cli.db = getenv("SCS_DB");
	if (cli.db == NULL || cli.db[0] == '\0')
		cli.db = "var/scs.db";
	/* --db is global: accept it anywhere, remove it from argv. */
	for (i = 1, j = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0) {
			if (i + 1 >= argc)
				return scs_cli_usage(NULL,
				    "--db needs a database path");
			cli.db = argv[++i];
		} else if (strncmp(argv[i], "--db=", 5) == 0) {
			cli.db = argv[i] + 5;
		} else {
			argv[j++] = argv[i];
		}
	}
	argc = j;
	argv[argc] = NULL;
	if (scs_crypto_init() != SCS_OK) {
		(void)fprintf(stderr, "scs: cannot initialize libsodium\n");
		return SCS_EXIT_FAIL;
	}
	if (argc < 2)
		return scs_cmd_help(&cli, 1, argv);
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0)
		return scs_cmd_version(&cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return scs_cmd_help(&cli, argc - 1, argv + 1);
	for (k = 0; k < scs_ncmds; k++)
		if (strcmp(scs_cmds[k].name, argv[1]) == 0)
			return scs_cmds[k].run(&cli, argc - 1, argv + 1);
	return scs_cli_usage(NULL, "unknown command \"%s\" (see scs help)",
	    argv[1]);
}
