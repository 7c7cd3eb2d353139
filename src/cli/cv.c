/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cv.c - `scs cv match FEED.jsonl`: continuous vetting from the command
 * line (scs_op_cv_match).  One JSON line per record on stdout, in the
 * feed's order; a summary of the matching on stderr.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scs/cli.h"
#include "scs/cv.h"

#define FEED_BYTES_MAX (1ul << 30)

static int
emit(void *arg, const char *line, size_t len)
{
	(void)arg;
	if (fwrite(line, 1, len, stdout) != len || putchar('\n') == EOF)
		return SCS_EIO;
	return SCS_OK;
}

/* A probability strictly between 0 and 1. */
static int
prob(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return errno == 0 && end != s && *end == '\0' && *out > 0 && *out < 1
	    ? 0
	    : -1;
}

/* The weights the match used, on stderr: m and u per field and level. */
static void
print_model(const struct scs_link_model *m)
{
	for (int f = 0; f < SCS_LF_N; f++) {
		(void)fprintf(stderr, "scs: %-11s",
		    scs_link_field_name((enum scs_link_field)f));
		for (int l = 0; l < SCS_LV_MISSING; l++)
			if (m->m[f][l] > 0)
				(void)fprintf(stderr,
				    " %s m=%.4f u=%.6f (%+.1f)",
				    scs_link_level_name((enum scs_link_level)l),
				    m->m[f][l], m->u[f][l],
				    log2(m->m[f][l] / m->u[f][l]));
		(void)fputc('\n', stderr);
	}
	(void)fprintf(stderr,
	    "scs: u from %zu random pairs; m by EM on %zu pairs (%d "
	    "iterations); link at %.4f, review at %.4f\n",
	    m->u_pairs, m->em_pairs, m->em_iterations, m->link_at,
	    m->review_at);
	(void)fprintf(stderr,
	    "scs: joint       %zu pairs of persons share a name, %zu of them "
	    "a birth date: ratio %.4f (%+.1f when both agree)\n",
	    m->name_pairs, m->identity_pairs, m->joint_ratio,
	    -log2(m->joint_ratio));
}

int
scs_cmd_cv(struct scs_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"threads", required_argument, NULL, 't'},
	    {"link-at", required_argument, NULL, 'l'},
	    {"review-at", required_argument, NULL, 'r'},
	    {"model", no_argument, NULL, 'm'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_cv_options o = {.threads = 2};
	struct scs_cv_summary sum;
	struct scs_cv_feed feed = {0};
	struct scs_err err;
	const char *path;
	char *text = NULL;
	size_t len = 0;
	uint64_t v;
	bool show_model = false;
	int ch, rc;

	if (argc < 2 || strcmp(argv[1], "match") != 0)
		return scs_cli_usage("cv", "cv takes: match FEED.jsonl");
	optind = 2;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't':
			if (scs_parse_u64(optarg, 64, &v) != 0 || v == 0)
				return scs_cli_usage("cv",
				    "--threads takes 1 to 64");
			o.threads = (unsigned)v;
			break;
		case 'l':
			if (prob(optarg, &o.link_at) != 0)
				return scs_cli_usage("cv",
				    "--link-at takes a probability between 0 "
				    "and 1");
			break;
		case 'm':
			show_model = true;
			break;
		case 'r':
			if (prob(optarg, &o.review_at) != 0)
				return scs_cli_usage("cv",
				    "--review-at takes a probability between 0 "
				    "and 1");
			break;
		default:
			return scs_cli_usage("cv",
			    "cv match takes: [--threads N] [--link-at P] "
			    "[--review-at P] FEED.jsonl");
		}
	}
	if (optind + 1 != argc)
		return scs_cli_usage("cv", "cv match takes one FEED.jsonl");
	path = argv[optind];
	if (o.link_at > 0 && o.review_at > 0 && o.review_at > o.link_at)
		return scs_cli_usage("cv",
		    "--review-at must not exceed --link-at");
	scs_err_clear(&err);
	if (scs_cli_slurp(path, FEED_BYTES_MAX, &text, &len, &err) != SCS_OK)
		return scs_cli_fail(&err);
	rc = scs_cv_feed_parse(text, len, path, &feed, &err);
	free(text);
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	if (scs_cli_open(cli, &err) != SCS_OK) {
		scs_cv_feed_free(&feed);
		return scs_cli_fail(&err);
	}
	rc =
	    scs_op_cv_match(&cli->ctx, &feed, path, &o, emit, NULL, &sum, &err);
	scs_cli_close(cli);
	scs_cv_feed_free(&feed);
	if (fflush(stdout) != 0 && rc == SCS_OK)
		rc = scs_err_set(&err, SCS_EIO, "output", "cannot be written");
	if (rc != SCS_OK)
		return scs_cli_fail(&err);
	(void)fprintf(stderr,
	    "scs: %zu records against %zu persons: %zu links, %zu reviews, "
	    "%zu none; %zu of enrolled persons, %zu new alerts (prior %.4f, "
	    "EM on %zu pairs)\n",
	    sum.records, sum.persons, sum.links, sum.reviews, sum.nones,
	    sum.enrolled, sum.alerts, sum.model.prior, sum.model.em_pairs);
	if (show_model)
		print_model(&sum.model);
	return SCS_EXIT_OK;
}
