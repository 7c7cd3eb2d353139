/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interchange.c - `scs import FILE` and `scs export [-o FILE]`, over
 * scs_op_import and scs_op_export.  A progress bar on a terminal.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scs/cli.h"

static void
bar(void *arg, uint64_t done, uint64_t total)
{
	int width = 40, fill;

	(void)arg;
	if (total == 0) {
		(void)fprintf(stderr, "\r%llu", (unsigned long long)done);
		return;
	}
	fill = (int)(done * (uint64_t)width / total);
	if (fill > width)
		fill = width;
	(void)fprintf(stderr, "\r[%.*s%*s] %3d%%", fill,
	    "########################################", width - fill, "",
	    (int)(done * 100 / total));
}

int
scs_cmd_import(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	struct stat st;
	uint64_t count = 0, total = 0;
	const char *name;
	FILE *in;
	int rc, tty;

	if (argc != 2)
		return scs_cli_usage("import", "import takes one FILE (or -)");
	name = argv[1];
	scs_err_clear(&err);
	if (strcmp(name, "-") == 0) {
		in = stdin;
		name = "<stdin>";
	} else if ((in = fopen(name, "r")) == NULL) {
		(void)scs_err_set(&err, SCS_EIO, name, "cannot open");
		return scs_cli_fail(&err);
	}
	if (fstat(fileno(in), &st) == 0 && S_ISREG(st.st_mode))
		total = (uint64_t)st.st_size;
	tty = isatty(STDERR_FILENO);
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_import(&cli->ctx, in, name, total, tty ? bar : NULL,
		    NULL, &count, &err);
		scs_cli_close(cli);
	}
	if (tty)
		(void)fprintf(stderr, "\n");
	if (in != stdin)
		(void)fclose(in);
	if (rc != SCS_OK) {
		scs_cli_fail(&err);
		(void)fprintf(stderr, "scs: nothing was imported\n");
		return SCS_EXIT_FAIL;
	}
	(void)printf("imported %llu records from %s\n",
	    (unsigned long long)count, name);
	return SCS_EXIT_OK;
}

int
scs_cmd_export(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	const char *path = NULL;
	uint64_t count = 0;
	FILE *out = stdout;
	int ch, rc;

	optind = 1;
	while ((ch = getopt(argc, argv, "o:")) != -1) {
		if (ch != 'o')
			return scs_cli_usage("export", "unknown option");
		path = optarg;
	}
	if (optind != argc)
		return scs_cli_usage("export", "unexpected argument \"%s\"",
		    argv[optind]);
	scs_err_clear(&err);
	if (path != NULL && (out = fopen(path, "w")) == NULL) {
		(void)scs_err_set(&err, SCS_EIO, path, "cannot create");
		return scs_cli_fail(&err);
	}
	if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
		rc = scs_op_export(&cli->ctx, out, &count, &err);
		scs_cli_close(cli);
	}
	if (out != stdout && fclose(out) != 0 && rc == SCS_OK)
		rc = scs_err_set(&err, SCS_EIO, path, "write failed");
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (path != NULL)
		(void)fprintf(stderr, "exported %llu records to %s\n",
		    (unsigned long long)count, path);
	return SCS_EXIT_OK;
}
