/* SPDX-License-Identifier: Apache-2.0 */
/*
 * person.c - persons and their sealed relatives.  Who may see what
 * (DESIGN.md section 2): admins and the vetting roles see identities; a
 * security officer only their own organization's people; a subject only
 * themself.  Relatives open only for the vetting roles and the subject,
 * and each opening is an audit entry written before the data leaves.
 */
#include <string.h>

#include "scs/crypto.h"
#include "ops_int.h"

#define IDENTITY_READERS                                                       \
	(SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER | SCS_ROLE_SUBJECT |       \
	    SCS_ROLE_VETTING)
#define RELATIVE_READERS (SCS_ROLE_VETTING | SCS_ROLE_SUBJECT)
/* Relatives are the subject's declaration (after consent); nobody else
 * writes them through the API.  The command line (migration) may. */
#define RELATIVE_WRITERS (SCS_ROLE_SUBJECT)

/* The scope rules beyond the role: own organization, own person. */
static int
may_see(const struct scs_ctx *c, const struct scs_person *p,
    struct scs_err *err)
{
	/* Outside the actor's scope a person reads as missing, with the
	 * very answer of a person who does not exist: a security officer
	 * (their organization's staff only) or a subject (themselves only)
	 * learns nothing of who else is in the register. */
	if (c->actor.kind == SCS_ACTOR_OS ||
	    !((c->actor.role == SCS_ROLE_SECURITY_OFFICER &&
	          strcmp(c->actor.org, p->org) != 0) ||
	        (c->actor.role == SCS_ROLE_SUBJECT &&
	            strcmp(c->actor.person, p->id) != 0)))
		return SCS_OK;
	return scs_err_set(err, SCS_ENOTFOUND, "person", "no person \"%s\"",
	    p->id);
}

static int
check_org(struct scs_ctx *c, const struct scs_person *p, struct scs_err *err)
{
	struct scs_org o;
	int rc;

	if (c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_SECURITY_OFFICER &&
	    strcmp(c->actor.org, p->org) != 0)
		return scs_err_set(err, SCS_EDENIED, "org",
		    "a security officer nominates only their own "
		    "organization's staff");
	rc = scs_store_org_get(c->st, p->org, &o, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_EINVAL, "org",
		    "no organization \"%s\"", p->org);
	return rc;
}

int
scs_op_person_create(struct scs_ctx *c, const struct scs_person *in,
    const struct scs_relatives *rel, struct scs_err *err)
{
	struct scs_person p;
	uint8_t state[32];
	int rc;

	if (rel != NULL && c->actor.kind != SCS_ACTOR_OS)
		return scs_err_set(err, SCS_EDENIED, "relatives",
		    "relatives are declared by the subject after consent "
		    "(PUT /v1/persons/{id}/relatives), not at nomination");
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
	         "create persons", err)) != SCS_OK ||
	    (rc = scs_person_validate(in, err)) != SCS_OK ||
	    (rel != NULL && (rc = scs_relatives_validate(rel, err)) != SCS_OK))
		return rc;
	p = *in;
	memset(&p.relatives, 0, sizeof(p.relatives));
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	/* Sealed inside the transaction, never before it (see
	 * scs_op_seal_relatives). */
	if ((rc = scs_op_seal_relatives(c, &p, rel, err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	scs_op_state_person(&p, state);
	if ((rc = check_org(c, &p, err)) != SCS_OK ||
	    (rc = scs_store_person_put(c->st, &p, SCS_PUT_INSERT, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "create", "person", p.id, state, NULL,
	         err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	rc = scs_op_commit(c, err);
out:
	scs_blob_free(&p.relatives);
	return rc;
}

int
scs_op_person_update(struct scs_ctx *c, const struct scs_person *in,
    struct scs_err *err)
{
	struct scs_person old, p;
	uint8_t state[32];
	int rc;

	memset(&old, 0, sizeof(old));
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN | SCS_ROLE_SECURITY_OFFICER,
	         "change persons", err)) != SCS_OK ||
	    (rc = scs_person_validate(in, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_get(c->st, in->id, &old, err)) != SCS_OK ||
	    (rc = may_see(c, &old, err)) != SCS_OK ||
	    (rc = check_org(c, in, err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	p = *in;
	p.relatives = old.relatives; /* kept as sealed */
	scs_op_state_person(&p, state);
	if ((rc = scs_store_person_put(c->st, &p, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "update", "person", p.id, state, NULL,
	         err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	rc = scs_op_commit(c, err);
out:
	scs_person_clear(&old);
	return rc;
}

int
scs_op_person_get(struct scs_ctx *c, const char *id, struct scs_person *out,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, IDENTITY_READERS, "read persons", err)) !=
	        SCS_OK ||
	    (rc = scs_store_person_get(c->st, id, out, err)) != SCS_OK)
		return rc;
	if ((rc = may_see(c, out, err)) != SCS_OK)
		scs_person_clear(out);
	return rc;
}

int
scs_op_person_list(struct scs_ctx *c, const char *org, const char *after,
    size_t limit, scs_person_cb cb, void *arg, struct scs_err *err)
{
	int rc;

	if ((rc = scs_op_allow(c, IDENTITY_READERS & ~SCS_ROLE_SUBJECT,
	         "list persons", err)) != SCS_OK)
		return rc;
	if (c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == SCS_ROLE_SECURITY_OFFICER) {
		if (org != NULL && strcmp(org, c->actor.org) != 0)
			return scs_err_set(err, SCS_EDENIED, "org",
			    "a security officer sees only their own "
			    "organization's staff");
		org = c->actor.org;
	}
	return scs_store_person_each(c->st, org, after, limit, cb, arg, err);
}

struct assigned {
	const char *body;
	bool found;
};

static int
assigned_cb(void *arg, const struct scs_record *r)
{
	struct assigned *a = arg;

	if (strcmp(r->u.vcase.body, a->body) == 0)
		a->found = true;
	return SCS_OK;
}

/* An investigator opens the relatives of a person only while the person
 * has a case assigned to the investigator's screening body (DESIGN.md
 * section 2): otherwise the person reads as missing. */
static int
investigator_may_open(struct scs_ctx *c, const char *id, struct scs_err *err)
{
	struct assigned a = {c->actor.org, false};
	struct scs_rec_query q;
	int rc;

	if (c->actor.kind != SCS_ACTOR_USER ||
	    c->actor.role != SCS_ROLE_INVESTIGATOR)
		return SCS_OK;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = id;
	q.lean = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CASE, &q, assigned_cb, &a,
	         err)) != SCS_OK)
		return rc;
	if (!a.found)
		return scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", id);
	return SCS_OK;
}

int
scs_op_relatives_get(struct scs_ctx *c, const char *id, const char *purpose,
    struct scs_relatives *out, struct scs_err *err)
{
	struct scs_person p;
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_allow(c, RELATIVE_READERS,
	         "read relatives (sealed vetting data)", err)) != SCS_OK)
		return rc;
	if (purpose == NULL || purpose[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "purpose",
		    "a read of sealed data must state its purpose");
	if (scs_valid_text(purpose, SCS_PURPOSE_MAX, "purpose", err) != SCS_OK)
		return SCS_EINVAL;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_get(c->st, id, &p, err)) != SCS_OK ||
	    (rc = may_see(c, &p, err)) != SCS_OK ||
	    (rc = investigator_may_open(c, id, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "read", "person", id, NULL, purpose, err)) !=
	        SCS_OK ||
	    (rc = scs_op_open_relatives(c, &p, out, err)) != SCS_OK) {
		scs_crypto_wipe(out, sizeof(*out));
		rc = scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		scs_crypto_wipe(out, sizeof(*out));
out:
	scs_person_clear(&p);
	return rc;
}

int
scs_op_relatives_put(struct scs_ctx *c, const char *id,
    const struct scs_relatives *rel, struct scs_err *err)
{
	struct scs_person p;
	uint8_t state[32];
	int rc;

	memset(&p, 0, sizeof(p));
	if ((rc = scs_op_allow(c, RELATIVE_READERS, "record relatives", err)) !=
	        SCS_OK ||
	    (rc = scs_relatives_validate(rel, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_get(c->st, id, &p, err)) != SCS_OK ||
	    (rc = may_see(c, &p, err)) != SCS_OK ||
	    (rc = scs_op_seal_relatives(c, &p, rel, err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	scs_op_state_person(&p, state);
	if ((rc = scs_store_person_put(c->st, &p, SCS_PUT_UPDATE, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit_sealed(c, "update", "person", id, state,
	         "relatives", err)) != SCS_OK) {
		rc = scs_op_abort(c, rc);
		goto out;
	}
	rc = scs_op_commit(c, err);
out:
	scs_person_clear(&p);
	return rc;
}
