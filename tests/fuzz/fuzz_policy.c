/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_policy.c - the operator's vetting files, which `scs --data DIR`
 * reads instead of the built-in ones (src/cli/common.c load_policy):
 * data/vetting.json (scs_policy_parse, src/core/policy.c) and a
 * questionnaire schema (scs_qschema_parse, src/core/questionnaire.c).
 * The input is parsed as each, against the reference tables built into
 * the binary; a policy that parses is given the built-in questionnaires
 * it names, as load_policy gives them.
 *
 * Properties: a refusal names where; a policy that parses names each
 * questionnaire once, has a policy for every authority it lists and a
 * consent notice with a version for each one that has notices; a schema
 * that parses has an authority, a version and sections with ids that it
 * finds again by index, and its JSON, dumped and parsed again, gives an
 * equal schema.
 */
#include <string.h>

#include "scs/embedded.h"
#include "scs/policy.h"
#include "scs/questionnaire.h"
#include "scs/refdata.h"
#include "scs/util.h"

#include "records.h"

#define NAMES_MAX 32

static struct scs_refdata rd;

static void
load_refdata(void)
{
	struct scs_err err;
	size_t i;

	for (i = 0; i < SCS_NELEM(scs_refdata_files); i++) {
		const struct scs_embedded *e =
		    scs_embedded_get(scs_refdata_files[i]);

		FUZZ_CHECK(e != NULL);
		FUZZ_CHECK(scs_refdata_parse(&rd, scs_refdata_files[i],
		               (const char *)e->data, e->len, &err) == SCS_OK);
	}
}

static void
policy(const char *text, size_t len)
{
	const char *names[NAMES_MAX];
	const struct scs_embedded *e;
	struct scs_policy *p = NULL;
	struct scs_err err;
	size_t i, k, n;
	int rc;

	scs_err_clear(&err);
	rc = scs_policy_parse(&rd, text, len, &p, &err);
	fuzz_check_err(rc, &err);
	FUZZ_CHECK((rc == SCS_OK) == (p != NULL));
	if (rc != SCS_OK)
		return;
	n = scs_policy_questionnaires(p, names, SCS_NELEM(names));
	FUZZ_CHECK(n <= SCS_NELEM(names));
	for (i = 0; i < n; i++) {
		for (k = 0; k < i; k++)
			FUZZ_CHECK(strcmp(names[k], names[i]) != 0);
		if ((e = scs_embedded_get(names[i])) == NULL)
			continue;
		scs_err_clear(&err);
		rc = scs_policy_attach(p, names[i], (const char *)e->data,
		    e->len, &err);
		fuzz_check_err(rc, &err);
	}
	scs_err_clear(&err);
	fuzz_check_err(scs_policy_complete(p, &err), &err);
	for (i = 0; i < p->n; i++) {
		const json_t *c = scs_policy_consent(&p->a[i], NULL);

		if (c != NULL)
			FUZZ_CHECK(scs_policy_consent_version(c) != NULL);
	}
	for (i = 0; i < rd.nauthorities; i++)
		(void)scs_policy_for(p, rd.authorities[i].code);
	scs_policy_free(p);
}

static void
schema(const char *text, size_t len)
{
	struct scs_qschema *s = NULL, *s2 = NULL;
	struct scs_err err;
	char *dump, *dump2;
	size_t i, n;
	int rc;

	scs_err_clear(&err);
	rc = scs_qschema_parse(text, len, &s, &err);
	fuzz_check_err(rc, &err);
	FUZZ_CHECK((rc == SCS_OK) == (s != NULL));
	if (rc != SCS_OK)
		return;
	FUZZ_CHECK(scs_qschema_authority(s) != NULL &&
	    scs_qschema_authority(s)[0] != '\0');
	FUZZ_CHECK(scs_qschema_version(s) != NULL);
	n = scs_qschema_nsections(s);
	for (i = 0; i < n; i++)
		FUZZ_CHECK(scs_qschema_section_index(s,
		               scs_qschema_section_id(s, i)) == (int)i);
	for (i = 0; i < scs_qschema_nitems(s); i++)
		FUZZ_CHECK(scs_qschema_has_item(s, scs_qschema_item(s, i)));
	/* Served as GET /v1/questionnaires/{authority}: it must parse back. */
	dump = fuzz_dump(json_deep_copy(scs_qschema_json(s)));
	rc = scs_qschema_parse(dump, strlen(dump), &s2, &err);
	if (rc != SCS_OK)
		(void)fprintf(stderr, "schema again: %s: %s\n", err.field,
		    err.reason);
	FUZZ_CHECK(rc == SCS_OK);
	FUZZ_CHECK(scs_qschema_nsections(s2) == n);
	dump2 = fuzz_dump(json_deep_copy(scs_qschema_json(s2)));
	FUZZ_CHECK(strcmp(dump, dump2) == 0);
	free(dump);
	free(dump2);
	scs_qschema_free(s2);
	scs_qschema_free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (rd.authorities == NULL)
		load_refdata();
	if (size > ((size_t)1 << 20))
		return 0;
	policy((const char *)data, size);
	schema((const char *)data, size);
	return 0;
}
