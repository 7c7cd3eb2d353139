/* SPDX-License-Identifier: Apache-2.0 */
/*
 * questionnaire.c - a case's questionnaire: the schema of its authority
 * (data/vetting.json names it), checked against the person the register
 * holds (birth date) and the clock; at submission the relatives section
 * becomes the person's sealed relatives.  The rules of a valid answer are
 * core's (src/core/questionnaire.c); this file only finds the schema and
 * the person.
 */
#include <string.h>

#include "scs/crypto.h"
#include "scs/policy.h"
#include "ops_int.h"

static const struct scs_qschema *
schema_of(const struct scs_ctx *c, const char *authority)
{
	const struct scs_apolicy *a = scs_policy_for(c->rd->policy, authority);

	return a != NULL ? a->schema : NULL;
}

static int
no_schema(const char *authority, struct scs_err *err)
{
	return scs_err_set(err, SCS_EINTERNAL, "authority",
	    "no questionnaire for %s", authority);
}

int
scs_op_questionnaire(struct scs_ctx *c, const char *authority,
    const json_t **out, struct scs_err *err)
{
	const struct scs_qschema *s;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SCS_ROLE_ANY & ~SCS_ROLE_RELYING,
	         "read questionnaires", err)) != SCS_OK)
		return rc;
	if (scs_refdata_authority(c->rd, authority) == NULL)
		return scs_err_set(err, SCS_ENOTFOUND, "authority",
		    "unknown authority \"%s\"", authority);
	if ((s = schema_of(c, authority)) == NULL)
		return no_schema(authority, err);
	*out = scs_qschema_json(s);
	return SCS_OK;
}

int
scs_op_consent_notice(struct scs_ctx *c, const char *authority,
    const json_t **out, struct scs_err *err)
{
	const struct scs_apolicy *a;
	int rc;

	*out = NULL;
	if ((rc = scs_op_allow(c, SCS_ROLE_ANY & ~SCS_ROLE_RELYING,
	         "read consent notices", err)) != SCS_OK)
		return rc;
	if (scs_refdata_authority(c->rd, authority) == NULL)
		return scs_err_set(err, SCS_ENOTFOUND, "authority",
		    "unknown authority \"%s\"", authority);
	if ((a = scs_policy_for(c->rd->policy, authority)) == NULL ||
	    (*out = scs_policy_consent(a, NULL)) == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "authority",
		    "no consent notice for %s", authority);
	return SCS_OK;
}

/* The context answers are checked in: the person's birth date, now. */
static int
qctx(struct scs_ctx *c, const struct scs_case *k, struct scs_person *p,
    struct scs_qctx *out, struct scs_err *err)
{
	int rc;

	memset(p, 0, sizeof(*p));
	if ((rc = scs_store_person_get(c->st, k->person, p, err)) != SCS_OK)
		return rc;
	out->birth_date = p->birth_date;
	out->now = c->now_us() / 1000000;
	return SCS_OK;
}

int
scs_op_check_section(struct scs_ctx *c, const struct scs_case *k,
    const char *section, const json_t *answers, struct scs_qerrs *errs,
    struct scs_err *err)
{
	const struct scs_qschema *s = schema_of(c, k->authority);
	struct scs_person p;
	struct scs_qctx q;
	int rc;

	if (s == NULL)
		return no_schema(k->authority, err);
	if (scs_qschema_section_index(s, section) < 0)
		return scs_err_set(err, SCS_ENOTFOUND, "section",
		    "the %s questionnaire has no section \"%s\"", k->authority,
		    section);
	if ((rc = qctx(c, k, &p, &q, err)) == SCS_OK)
		rc = scs_qschema_check_section(s, section, answers, &q, errs,
		    err);
	scs_person_clear(&p);
	return rc;
}

int
scs_op_check_document(struct scs_ctx *c, const struct scs_case *k,
    const json_t *doc, struct scs_qerrs *errs, int64_t now, struct scs_err *err)
{
	const struct scs_qschema *s = schema_of(c, k->authority);
	struct scs_relatives *rel = NULL;
	char object[SCS_ID_MAX + 1];
	struct scs_person p;
	struct scs_qctx q;
	uint8_t state[32];
	int rc;

	if (s == NULL)
		return no_schema(k->authority, err);
	if ((rc = qctx(c, k, &p, &q, err)) != SCS_OK)
		goto out;
	q.now = now;
	if ((rc = scs_qschema_check(s, doc, &q, errs, err)) != SCS_OK)
		goto out;
	/* The declared relatives and cohabitants are the person's. */
	if ((rel = scs_crypto_secalloc(sizeof(*rel))) == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	if ((rc = scs_qschema_relatives(s, doc, rel, err)) != SCS_OK ||
	    (rc = scs_op_seal_relatives(c, &p, rel, err)) != SCS_OK)
		goto out;
	scs_op_state_person(&p, state);
	(void)scs_strlcpy(object, p.id, sizeof(object));
	if ((rc = scs_store_person_put(c->st, &p, SCS_PUT_UPDATE, err)) ==
	    SCS_OK)
		rc = scs_op_audit_sealed(c, "update", "person", object, state,
		    "relatives declared", err);
out:
	scs_crypto_secfree(rel);
	scs_person_clear(&p);
	return rc;
}

int
scs_op_check_section_id(struct scs_ctx *c, const struct scs_case *k,
    const char *section, const char *field, struct scs_err *err)
{
	const struct scs_qschema *s = schema_of(c, k->authority);

	if (s == NULL)
		return no_schema(k->authority, err);
	if (section == NULL || scs_qschema_section_index(s, section) < 0)
		return scs_err_set(err, SCS_EINVAL, field,
		    "is not a section of the %s questionnaire", k->authority);
	return SCS_OK;
}

int
scs_op_check_item(struct scs_ctx *c, const struct scs_case *k, const char *item,
    const char *field, struct scs_err *err)
{
	const struct scs_qschema *s = schema_of(c, k->authority);

	if (s == NULL)
		return no_schema(k->authority, err);
	if (item == NULL || !scs_qschema_has_item(s, item))
		return scs_err_set(err, SCS_EINVAL, field,
		    "is not an assessment item of %s", k->authority);
	return SCS_OK;
}

size_t
scs_op_adverse_answers(struct scs_ctx *c, const struct scs_case *k,
    const json_t *doc)
{
	const struct scs_qschema *s = schema_of(c, k->authority);

	return s != NULL ? scs_qschema_adverse(s, doc, NULL, NULL) : 0;
}
