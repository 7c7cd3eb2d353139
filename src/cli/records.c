/* SPDX-License-Identifier: Apache-2.0 */
/*
 * records.c - `scs org list|add` and `scs person list|show|add|export`.  add
 * takes one JSON object (the interchange form) as an argument or on stdin.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/cli.h"
#include "scs/codec.h"

static json_t *
load_arg(const char *arg, struct scs_err *err)
{
	json_error_t jerr;
	json_t *j;

	if (strcmp(arg, "-") == 0)
		j = json_loadf(stdin, JSON_REJECT_DUPLICATES, &jerr);
	else
		j = json_loads(arg, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		(void)scs_err_set(err, SCS_EINVAL, "",
		    "not valid JSON at column %d: %s", jerr.column, jerr.text);
	return j;
}

static int
print_org(void *arg, const struct scs_org *o)
{
	(void)arg;
	return scs_cli_print_json(scs_codec_org_json(o, true), JSON_COMPACT);
}

static int
print_person(void *arg, const struct scs_person *p)
{
	(void)arg;
	return scs_cli_print_json(scs_codec_person_json(p, NULL, true),
	    JSON_COMPACT);
}

int
scs_cmd_org(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	struct scs_org o;
	json_t *j;
	int rc;

	scs_err_clear(&err);
	if (argc == 2 && strcmp(argv[1], "list") == 0) {
		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_org_list(&cli->ctx, print_org, NULL, &err);
			scs_cli_close(cli);
		}
	} else if (argc == 3 && strcmp(argv[1], "add") == 0) {
		if ((j = load_arg(argv[2], &err)) == NULL)
			return scs_cli_fail(&err);
		rc = scs_codec_org_parse(j, &o, &err);
		json_decref(j);
		if (rc == SCS_OK && (rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_org_create(&cli->ctx, &o, &err);
			scs_cli_close(cli);
		}
		if (rc == SCS_OK)
			(void)printf("added organization %s\n", o.id);
	} else {
		return scs_cli_usage("org", "org takes: list, add JSON|-");
	}
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}

static int
person_add(struct scs_cli *cli, const char *arg, struct scs_err *err)
{
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	struct scs_person p;
	bool has_rel = false;
	json_t *j;
	int rc;

	if (rel == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((j = load_arg(arg, err)) == NULL) {
		scs_crypto_secfree(rel);
		return SCS_EINVAL;
	}
	rc = scs_codec_person_parse(j, &p, rel, &has_rel, err);
	json_decref(j);
	if (rc == SCS_OK && (rc = scs_cli_open(cli, err)) == SCS_OK) {
		rc = scs_op_person_create(&cli->ctx, &p, has_rel ? rel : NULL,
		    err);
		scs_cli_close(cli);
	}
	scs_crypto_secfree(rel);
	if (rc == SCS_OK)
		(void)printf("added person %s\n", p.id);
	return rc;
}

static int
person_show(struct scs_cli *cli, int argc, char **argv, struct scs_err *err)
{
	static const struct option opts[] = {
	    {"relatives", no_argument, NULL, 'r'},
	    {"purpose", required_argument, NULL, 'p'},
	    {NULL, 0, NULL, 0},
	};
	struct scs_relatives *rel = NULL;
	struct scs_person p;
	const char *purpose = NULL;
	int ch, want = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'r')
			want = 1;
		else if (ch == 'p')
			purpose = optarg;
		else
			return scs_err_set(err, SCS_EINVAL, "", "bad option");
	}
	if (optind + 1 != argc)
		return scs_err_set(err, SCS_EINVAL, "",
		    "person show ID [--relatives --purpose TEXT]");
	memset(&p, 0, sizeof(p));
	if ((rc = scs_cli_open(cli, err)) != SCS_OK)
		return rc;
	if (want && (rel = scs_crypto_secalloc(sizeof(*rel))) == NULL)
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (rc == SCS_OK)
		rc = scs_op_person_get(&cli->ctx, argv[optind], &p, err);
	if (rc == SCS_OK && want)
		rc = scs_op_relatives_get(&cli->ctx, argv[optind], purpose, rel,
		    err);
	if (rc == SCS_OK)
		rc = scs_cli_print_json(scs_codec_person_json(&p, rel, true),
		    JSON_COMPACT);
	scs_person_clear(&p);
	scs_crypto_secfree(rel);
	scs_cli_close(cli);
	return rc;
}

int
scs_cmd_person(struct scs_cli *cli, int argc, char **argv)
{
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	if (argc >= 2 && strcmp(argv[1], "list") == 0) {
		const char *org = NULL;

		if (argc == 4 && strcmp(argv[2], "--org") == 0)
			org = argv[3];
		else if (argc != 2)
			return scs_cli_usage("person",
			    "person list [--org ORG]");
		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_person_list(&cli->ctx, org, NULL, 0,
			    print_person, NULL, &err);
			scs_cli_close(cli);
		}
	} else if (argc >= 2 && strcmp(argv[1], "show") == 0) {
		rc = person_show(cli, argc - 1, argv + 1, &err);
	} else if (argc == 3 && strcmp(argv[1], "add") == 0) {
		rc = person_add(cli, argv[2], &err);
	} else if (argc == 3 && strcmp(argv[1], "export") == 0) {
		json_t *doc = NULL;

		if ((rc = scs_cli_open(cli, &err)) == SCS_OK) {
			rc = scs_op_person_export(&cli->ctx, argv[2], &doc,
			    &err);
			scs_cli_close(cli);
		}
		if (rc == SCS_OK) {
			char *text = scs_codec_dumps(doc, JSON_COMPACT);

			json_decref(doc);
			if (text == NULL) {
				rc = scs_err_set(&err, SCS_ENOMEM, "",
				    "out of memory");
			} else {
				(void)puts(text);
				scs_crypto_wipe(text, strlen(text));
				free(text);
			}
		}
	} else {
		return scs_cli_usage("person",
		    "person takes: list, show ID, add JSON|-, export ID");
	}
	return rc == SCS_OK ? SCS_EXIT_OK : scs_cli_fail(&err);
}
