/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_answers.c - a subject's questionnaire answers (PUT
 * /v1/cases/{id}/answers/{section}, POST .../submit), against the JPN-SDS
 * schema built into the program.  The input is a JSON document {section:
 * answers}; it is checked whole (as at submission) and section by section
 * (as saved).  Properties: nothing crashes or leaks; the error list keeps
 * at most what it counts; a document that passes whole passes each of its
 * sections as saved, and gives its relatives.
 */
#include <string.h>

#include <jansson.h>

#include "fuzz.h"
#include "scs/crypto.h"
#include "scs/embedded.h"
#include "scs/questionnaire.h"

static struct scs_qschema *schema;

static void
load_schema(void)
{
	const struct scs_embedded *e =
	    scs_embedded_get("questionnaires/JPN-SDS.json");
	struct scs_err err;

	FUZZ_CHECK(e != NULL);
	FUZZ_CHECK(scs_qschema_parse((const char *)e->data, e->len, &schema,
	               &err) == SCS_OK);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct scs_qerrs errs;
	static struct scs_relatives rel;
	struct scs_qctx q = {"1980-04-01", 1796342400};
	struct scs_err err;
	json_error_t jerr;
	const char *sec;
	json_t *doc, *v;
	int whole, rc;

	if (schema == NULL)
		load_schema();
	doc =
	    json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &jerr);
	if (doc == NULL)
		return 0;
	whole = scs_qschema_check(schema, doc, &q, &errs, &err);
	FUZZ_CHECK(whole == SCS_OK || whole == SCS_EINVAL);
	FUZZ_CHECK(errs.n <= errs.total && errs.n <= SCS_QERR_MAX);
	FUZZ_CHECK((whole == SCS_OK) == (errs.total == 0));
	if (json_is_object(doc))
		json_object_foreach(doc, sec, v)
		{
			rc = scs_qschema_check_section(schema, sec, v, &q,
			    &errs, &err);
			FUZZ_CHECK(rc == SCS_OK || rc == SCS_EINVAL);
			if (whole == SCS_OK)
				FUZZ_CHECK(rc == SCS_OK);
		}
	(void)scs_qschema_adverse(schema, doc, NULL, NULL);
	if (whole == SCS_OK)
		FUZZ_CHECK(
		    scs_qschema_relatives(schema, doc, &rel, &err) == SCS_OK);
	json_decref(doc);
	return 0;
}
