/* SPDX-License-Identifier: Apache-2.0 */
/*
 * retention.c - `scs retention run [--dry-run]`: the retention purge of
 * DESIGN.md section 7 (scs_op_retention_run), meant to run daily from cron
 * or a systemd timer (docs/operations.md).  One line per person, then a
 * summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "scs/cli.h"
#include "scs/time.h"

static int
print_purge(void *arg, const struct scs_purge *p)
{
	const bool *dry = arg;
	char t[SCS_TIME_STRMAX];

	(void)scs_time_format(p->due, t);
	if (*dry)
		(void)printf("would purge %s (retention ended %s)\n", p->person,
		    t);
	else
		(void)printf("purged %s (retention ended %s; %llu sealed "
		             "values removed, data key destroyed)\n",
		    p->person, t, (unsigned long long)p->values);
	return SCS_OK;
}

int
scs_cmd_retention(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"dry-run", no_argument, NULL, 'n'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_retention_report rep;
	struct scs_err err;
	bool dry = false;
	int ch, rc;

	if (argc < 2 || strcmp(argv[1], "run") != 0)
		return scs_cli_usage("retention",
		    "retention takes: run [--dry-run]");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'n')
			return scs_cli_usage("retention",
			    "retention run takes: [--dry-run]");
		dry = true;
	}
	if (optind != argc)
		return scs_cli_usage("retention", "unexpected argument \"%s\"",
		    argv[optind]);
	scs_err_clear(&err);
	if (scs_cli_open(cli, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_op_retention_run(&cli->ctx, cli->ctx.now_us() / 1000000, dry,
	    print_purge, &dry, &rep, &err);
	scs_cli_close(cli);
	if (rc != SCS_OK) {
		if (rep.persons > 0)
			(void)fprintf(stderr,
			    "scs: %llu persons were purged before the "
			    "failure; run again for the others\n",
			    (unsigned long long)rep.persons);
		return scs_cli_fail(&err);
	}
	if (dry)
		(void)printf("would purge %llu persons\n",
		    (unsigned long long)rep.persons);
	else
		(void)printf("purged %llu persons, %llu sealed values%s\n",
		    (unsigned long long)rep.persons,
		    (unsigned long long)rep.values,
		    rep.persons == 0 || rep.checkpointed
		        ? ""
		        : " (the write-ahead log is still in use by another "
		          "process: its old pages go at its next checkpoint)");
	return SCS_EXIT_OK;
}
