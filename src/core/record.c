/* SPDX-License-Identifier: Apache-2.0 */
/*
 * record.c - the table of the register's kinds (record.h): for each kind,
 * its fields, natural key, writers, readers, scope, whether decisions read
 * it, and its core rules.  Everything that handles records generically
 * (codec, store, operations, import, export, key rotation, the API) reads
 * this table; nothing else lists the kinds.  Part of core: no I/O.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "scs/record.h"
#include "scs/time.h"

#define MEMBER(S, m)   (((struct S *)0)->m)
#define F(S, m, t)     .name = #m, .type = (t), .off = offsetof(struct S, m)
#define TEXT(S, m)     F(S, m, SCS_FT_TEXT), .size = sizeof(MEMBER(S, m))
#define TEXT_OPT(S, m) F(S, m, SCS_FT_TEXT_OPT), .size = sizeof(MEMBER(S, m))
#define CODE(S, m, c)                                                          \
	F(S, m, SCS_FT_CODE), .size = sizeof(MEMBER(S, m)), .codes = (c),      \
	                      .ncodes = (int)SCS_NELEM(c)
#define TIME(S, m)  F(S, m, SCS_FT_TIME), .size = sizeof(int64_t)
#define UNTIL(S, m) F(S, m, SCS_FT_UNTIL), .size = sizeof(int64_t)
/* An optional time named @nm in JSON and the store, set when @flag is. */
#define TIME_OPT(S, nm, m, flag)                                               \
	.name = (nm), .type = SCS_FT_TIME_OPT, .off = offsetof(struct S, m),   \
	.size = sizeof(int64_t), .aux = offsetof(struct S, flag)
#define LIST(S, m, count)                                                      \
	F(S, m, SCS_FT_LIST), .size = sizeof(MEMBER(S, m)[0]),                 \
	                      .aux = offsetof(struct S, count),                \
	                      .max = SCS_NELEM(MEMBER(S, m))
#define FLAG(S, m) F(S, m, SCS_FT_FLAG), .size = sizeof(bool)
#define INT(S, m)  F(S, m, SCS_FT_INT), .size = sizeof(int64_t)
/* An integer named @nm held at member expression @m (an array slot). */
#define INT_AT(S, nm, m)                                                       \
	.name = (nm), .type = SCS_FT_INT, .off = offsetof(struct S, m),        \
	.size = sizeof(int64_t)
#define SEALED(S, m) F(S, m, SCS_FT_SEALED), .size = sizeof(struct scs_blob)
#define FIELDS(a)    .fields = (a), .nfields = SCS_NELEM(a)

/* ---- the fields of each kind, in the order of their JSON form ---- */

static const struct scs_field org_fields[] = {
    {TEXT(scs_org, id)},
    {TEXT(scs_org, name)},
    {CODE(scs_org, type, scs_org_type_codes)},
    {TEXT(scs_org, country)},
    {LIST(scs_org, accredited_for, naccredited_for), .omit_empty = true},
};

static const struct scs_field person_fields[] = {
    {TEXT(scs_person, id)},
    {TEXT(scs_person, name)},
    {TEXT(scs_person, name_latin)},
    {TEXT_OPT(scs_person, name_kana), .omit_empty = true},
    {TEXT_OPT(scs_person, name_passport), .omit_empty = true},
    {LIST(scs_person, aliases, naliases), .omit_empty = true, .lines = true},
    {TEXT(scs_person, birth_date)},
    {LIST(scs_person, nationalities, nnationalities)},
    {TEXT(scs_person, org), .ref = "organization"},
    {SEALED(scs_person, relatives)},
};

static const struct scs_field conforming_fields[] = {
    {TEXT(scs_conforming, org), .ref = "organization"},
    {TEXT_OPT(scs_conforming, organ), .ref = "organization",
        .omit_empty = true},
    {TEXT(scs_conforming, authority)},
    {TEXT(scs_conforming, level)},
    {TIME(scs_conforming, valid_from)},
    {UNTIL(scs_conforming, valid_until)},
};

static const struct scs_field compartment_fields[] = {
    {TEXT(scs_label, id)},
    {TEXT(scs_label, name)},
    {TEXT(scs_label, owner), .ref = "organization"},
};

static const struct scs_field clearance_fields[] = {
    {TEXT(scs_clearance, person), .ref = "person"},
    {TEXT(scs_clearance, authority)},
    {TEXT(scs_clearance, level)},
    {CODE(scs_clearance, status, scs_clearance_status_codes)},
    {TIME(scs_clearance, valid_from)},
    {UNTIL(scs_clearance, valid_until)},
};

static const struct scs_field briefing_fields[] = {
    {TEXT(scs_briefing, person), .ref = "person"},
    {TEXT(scs_briefing, compartment), .ref = "compartment"},
    {TIME_OPT(scs_briefing, "nda_signed", nda_signed, has_nda)},
    {TIME(scs_briefing, valid_from)},
    {UNTIL(scs_briefing, valid_until)},
};

static const struct scs_field membership_fields[] = {
    {TEXT(scs_membership, program), .ref = "program"},
    {TEXT(scs_membership, person), .ref = "person"},
    {TIME(scs_membership, valid_from)},
    {UNTIL(scs_membership, valid_until)},
};

static const struct scs_field item_fields[] = {
    {TEXT(scs_item, id)},
    {TEXT(scs_item, title)},
    {TEXT(scs_item, owner), .ref = "organization"},
    {CODE(scs_item, field, scs_item_field_codes)},
    {TEXT(scs_item, authority)},
    {TEXT(scs_item, level)},
    {LIST(scs_item, compartments, ncompartments), .ref = "compartment"},
    {LIST(scs_item, releasable_to, nreleasable_to)},
    {LIST(scs_item, programs, nprograms), .ref = "program"},
    {TIME(scs_item, valid_from)},
    {UNTIL(scs_item, valid_until)},
    {TIME_OPT(scs_item, "declassified", declassified_at, declassified)},
    {FLAG(scs_item, cabinet_approval)},
    {FLAG(scs_item, exception)},
};

static const struct scs_field suspension_fields[] = {
    {TEXT(scs_suspension, person), .ref = "person"},
    {TIME(scs_suspension, valid_from)},
    {UNTIL(scs_suspension, valid_until)},
    {TEXT_OPT(scs_suspension, reason), .keep = true},
};

static const struct scs_field case_fields[] = {
    {TEXT(scs_case, id)},
    {TEXT(scs_case, person), .ref = "person"},
    {TEXT(scs_case, authority)},
    {TEXT(scs_case, level)},
    {TEXT(scs_case, sponsor), .ref = "organization"},
    {TEXT(scs_case, need)},
    {CODE(scs_case, type, scs_case_type_codes)},
    {CODE(scs_case, state, scs_case_state_codes)},
    {TIME(scs_case, opened)},
    {TIME(scs_case, since)},
    {TEXT_OPT(scs_case, body), .ref = "organization", .omit_empty = true},
    /* Not a checked reference: export writes cases by id, and a
     * reinvestigation's id may sort before its earlier case's; the
     * nomination finds the earlier case itself. */
    {TEXT_OPT(scs_case, prior), .omit_empty = true},
    {TEXT_OPT(scs_case, consent_version), .omit_empty = true},
    {LIST(scs_case, returned, nreturned), .omit_empty = true},
    {TEXT_OPT(scs_case, resume), .omit_empty = true},
    {TIME_OPT(scs_case, "decided", decided, has_decided)},
    {TEXT_OPT(scs_case, decided_by), .omit_empty = true},
    {FLAG(scs_case, e_adjudicated)},
    {TIME_OPT(scs_case, "complaint_until", complaint_until,
        has_complaint_until)},
    {INT_AT(scs_case, "consent_s", phase_s[SCS_PHASE_CONSENT])},
    {INT_AT(scs_case, "questionnaire_s", phase_s[SCS_PHASE_QUESTIONNAIRE])},
    {INT_AT(scs_case, "initiation_s", phase_s[SCS_PHASE_INITIATION])},
    {INT_AT(scs_case, "investigation_s", phase_s[SCS_PHASE_INVESTIGATION])},
    {INT_AT(scs_case, "adjudication_s", phase_s[SCS_PHASE_ADJUDICATION])},
    {SEALED(scs_case, decision)},
    {SEALED(scs_case, complaint)},
    {SEALED(scs_case, note), .plain = SCS_PLAIN_TEXT},
};

static const struct scs_field stamp_fields[] = {
    {TEXT(scs_stamp, case_id), .ref = "case"},
    {INT(scs_stamp, seq)},
    {TIME(scs_stamp, at)},
    {TEXT(scs_stamp, actor)},
    {CODE(scs_stamp, event, scs_case_event_codes)},
    {TEXT_OPT(scs_stamp, from_state)},
    {CODE(scs_stamp, state, scs_case_state_codes)},
};

static const struct scs_field answers_fields[] = {
    {TEXT(scs_answers, case_id), .ref = "case"},
    {TEXT(scs_answers, section)},
    {TIME(scs_answers, saved)},
    {FLAG(scs_answers, certified)},
    {SEALED(scs_answers, data)},
};

static const struct scs_field finding_fields[] = {
    {TEXT(scs_finding, case_id), .ref = "case"},
    {INT(scs_finding, seq)},
    {TEXT(scs_finding, item)},
    {CODE(scs_finding, source, scs_finding_source_codes)},
    {TEXT(scs_finding, date)},
    {CODE(scs_finding, severity, scs_severity_codes)},
    {TEXT(scs_finding, author)},
    {TIME(scs_finding, at)},
    {SEALED(scs_finding, narrative), .plain = SCS_PLAIN_TEXT},
    {SEALED(scs_finding, mitigation), .plain = SCS_PLAIN_TEXT},
    {SEALED(scs_finding, record)},
};

static const struct scs_field alert_fields[] = {
    {TEXT(scs_alert, id)},
    {TEXT(scs_alert, person), .ref = "person"},
    {CODE(scs_alert, origin, scs_alert_origin_codes)},
    {TEXT(scs_alert, source)},
    {TEXT(scs_alert, type)},
    {TEXT(scs_alert, date)},
    {TEXT_OPT(scs_alert, record), .omit_empty = true},
    {TEXT_OPT(scs_alert, body), .ref = "organization", .omit_empty = true},
    {CODE(scs_alert, match, scs_alert_match_codes)},
    {TEXT_OPT(scs_alert, weights), .omit_empty = true},
    {TIME(scs_alert, raised)},
    {CODE(scs_alert, state, scs_alert_state_codes)},
    {TIME_OPT(scs_alert, "triaged", triaged, has_triaged)},
    {TEXT_OPT(scs_alert, triaged_by), .omit_empty = true},
    {FLAG(scs_alert, suspended)},
    {TEXT_OPT(scs_alert, review_case), .ref = "case", .omit_empty = true},
    {SEALED(scs_alert, narrative), .plain = SCS_PLAIN_TEXT},
};

static const struct scs_field self_report_fields[] = {
    {TEXT(scs_self_report, id)},
    {TEXT(scs_self_report, person), .ref = "person"},
    {TEXT_OPT(scs_self_report, authority), .omit_empty = true},
    {TEXT(scs_self_report, type)},
    {TEXT(scs_self_report, date)},
    {TEXT_OPT(scs_self_report, returned), .omit_empty = true},
    {FLAG(scs_self_report, pre_approval)},
    {FLAG(scs_self_report, deviation)},
    {TIME(scs_self_report, filed)},
    {TEXT(scs_self_report, due)},
    {FLAG(scs_self_report, late)},
    {TEXT_OPT(scs_self_report, alert), .ref = "alert", .omit_empty = true},
    {SEALED(scs_self_report, details)},
};

static const struct scs_field incident_fields[] = {
    {TEXT(scs_incident, id)},
    {TEXT(scs_incident, org), .ref = "organization"},
    {CODE(scs_incident, type, scs_incident_type_codes)},
    {TEXT(scs_incident, occurred)},
    {TIME(scs_incident, recorded)},
    {TEXT(scs_incident, recorded_by)},
    {TEXT(scs_incident, person), .ref = "person"},
    {LIST(scs_incident, handlers, nhandlers), .ref = "person"},
    {LIST(scs_incident, recipients, nrecipients), .ref = "person"},
    {LIST(scs_incident, items, nitems), .ref = "item"},
    {TEXT_OPT(scs_incident, outcome), .omit_empty = true},
    {TIME_OPT(scs_incident, "closed", closed, has_closed)},
    {SEALED(scs_incident, narrative), .plain = SCS_PLAIN_TEXT},
};

static const struct scs_field notification_fields[] = {
    {TEXT(scs_notification, case_id), .ref = "case"},
    {INT(scs_notification, seq)},
    {CODE(scs_notification, audience, scs_audience_codes)},
    {TEXT(scs_notification, person), .ref = "person"},
    {TEXT(scs_notification, org), .ref = "organization"},
    {TIME(scs_notification, at)},
    {TEXT(scs_notification, what)},
};

static const struct scs_field attestation_fields[] = {
    {TEXT(scs_attestation, id)},
    {TEXT(scs_attestation, authority)},
    {INT(scs_attestation, status_index)},
    {TEXT(scs_attestation, person), .ref = "person"},
    {TEXT(scs_attestation, level)},
    {TEXT(scs_attestation, partner)},
    {CODE(scs_attestation, profile, scs_attest_profile_codes)},
    {TEXT(scs_attestation, kid)},
    {TIME(scs_attestation, issued)},
    {TIME(scs_attestation, expires)},
    {TEXT(scs_attestation, issued_by)},
    {TIME_OPT(scs_attestation, "revoked", revoked, has_revoked)},
};

static const struct scs_field signing_key_fields[] = {
    {TEXT(scs_signing_key, kid)},
    {TEXT(scs_signing_key, authority)},
    {TEXT(scs_signing_key, country)},
    {TEXT(scs_signing_key, public_key)},
    {TEXT(scs_signing_key, root)},
    {TIME(scs_signing_key, not_before)},
    {TIME(scs_signing_key, not_after)},
    {TIME(scs_signing_key, created)},
};

static const struct scs_field key_list_fields[] = {
    {TEXT(scs_key_list_rec, authority)},
    {TEXT(scs_key_list_rec, country)},
    {FLAG(scs_key_list_rec, own)},
    {TEXT(scs_key_list_rec, root)},
    {TIME(scs_key_list_rec, issued)},
    {TIME(scs_key_list_rec, imported)},
    {TEXT(scs_key_list_rec, list)},
};

static const struct scs_field transfer_fields[] = {
    {TEXT(scs_transfer, id)},
    {TEXT(scs_transfer, person), .ref = "person"},
    {TEXT(scs_transfer, from_org), .ref = "organization"},
    {TEXT(scs_transfer, to_org), .ref = "organization"},
    {TEXT(scs_transfer, authority)},
    {CODE(scs_transfer, state, scs_transfer_state_codes)},
    {TIME(scs_transfer, requested)},
    {TEXT(scs_transfer, requested_by)},
    {TIME_OPT(scs_transfer, "decided", decided, has_decided)},
    {TEXT_OPT(scs_transfer, decided_by), .omit_empty = true},
    {TEXT_OPT(scs_transfer, reason), .omit_empty = true},
};

static const struct scs_field visit_fields[] = {
    {TEXT(scs_visit, id)},
    {TEXT(scs_visit, visitor), .ref = "person"},
    {TEXT(scs_visit, visitor_org), .ref = "organization"},
    {TEXT(scs_visit, host_org), .ref = "organization"},
    {TEXT(scs_visit, site)},
    {TEXT(scs_visit, purpose)},
    {CODE(scs_visit, type, scs_visit_kind_codes)},
    {TEXT(scs_visit, first_day)},
    {TEXT(scs_visit, last_day)},
    {LIST(scs_visit, items, nitems), .ref = "item"},
    {LIST(scs_visit, compartments, ncompartments), .ref = "compartment"},
    {CODE(scs_visit, state, scs_visit_state_codes)},
    {TEXT_OPT(scs_visit, attestation), .omit_empty = true},
    {TEXT_OPT(scs_visit, pass), .omit_empty = true},
    {TIME(scs_visit, created)},
    {TEXT(scs_visit, created_by)},
    {TIME(scs_visit, changed)},
    {TEXT(scs_visit, changed_by)},
    {TEXT_OPT(scs_visit, note), .omit_empty = true},
};

/* ---- the core rules, adapted to one signature ---- */

static int
v_org(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	const struct scs_org *o = r;
	char field[48];
	size_t i;
	int rc;

	if ((rc = scs_org_validate(o, err)) != SCS_OK || rd == NULL)
		return rc;
	for (i = 0; i < o->naccredited_for; i++)
		if (scs_refdata_authority(rd, o->accredited_for[i]) == NULL) {
			(void)snprintf(field, sizeof(field),
			    "accredited_for[%zu]", i);
			return scs_err_set(err, SCS_EINVAL, field,
			    "unknown authority \"%s\" (see "
			    "data/authorities.csv)",
			    o->accredited_for[i]);
		}
	return SCS_OK;
}

static int
v_person(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_person_validate(r, err);
}

static int
v_conforming(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	return scs_conforming_validate(rd, r, err);
}

static int
v_label(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_label_validate(r, err);
}

static int
v_clearance(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	return scs_clearance_validate(rd, r, err);
}

static int
r_clearance(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	return scs_clearance_check_recorded(rd, r, err);
}

static int
v_briefing(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_briefing_validate(r, err);
}

static int
v_membership(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_membership_validate(r, err);
}

static int
v_item(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	return scs_item_validate(rd, r, err);
}

static int
v_suspension(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_suspension_validate(r, err);
}

static int
v_case(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	return scs_case_validate(rd, r, err);
}

static int
v_stamp(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_stamp_validate(r, err);
}

static int
v_answers(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_answers_validate(r, err);
}

static int
v_finding(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_finding_validate(r, err);
}

static int
v_alert(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_alert_validate(r, err);
}

static int
v_self_report(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_self_report_validate(r, err);
}

static int
v_incident(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_incident_validate(r, err);
}

static int
v_attestation(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_attestation_validate(r, err);
}

static int
v_signing_key(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_signing_key_validate(r, err);
}

static int
v_key_list(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_key_list_rec_validate(r, err);
}

static int
v_transfer(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_transfer_validate(r, err);
}

static int
v_visit(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_visit_validate(r, NULL, err);
}

static int
v_notification(const struct scs_refdata *rd, const void *r, struct scs_err *err)
{
	(void)rd;
	return scs_notification_validate(r, err);
}

#define ADMIN    SCS_ROLE_ADMIN
#define DESIG    SCS_ROLE_DESIGNATOR
#define VETTING  (SCS_ROLE_ADJUDICATOR | SCS_ROLE_INVESTIGATOR)
#define OFFICER  SCS_ROLE_SECURITY_OFFICER
#define PEOPLE   (SCS_ROLE_ANY & ~SCS_ROLE_RELYING)
#define STATUSES (ADMIN | VETTING)

/* The kinds.  Writers and readers follow DESIGN.md section 2: a record
 * about a person's access is written by those who grant it (adjudicators
 * for clearances and suspensions, security officers for briefings,
 * designators for what their organ owns) and read by the vetting roles;
 * what an organ owns is read by its designators.  Security officers see
 * their staff's status through the person-scoped operations. */
static const struct scs_kind_def kinds[SCS_KIND_N] = {
    [SCS_KIND_ORG] = {.kind = SCS_KIND_ORG,
        .name = "organization",
        .table = "organizations",
        .plural = "organizations",
        .ref_as = "org",
        FIELDS(org_fields),
        .key = {"id"},
        .nkey = 1,
        .writers = ADMIN,
        .readers = PEOPLE,
        .decision_input = true,
        .validate = v_org,
        .size = sizeof(struct scs_org)},
    [SCS_KIND_PERSON] = {.kind = SCS_KIND_PERSON,
        .name = "person",
        .table = "persons",
        .plural = "persons",
        .ref_as = "person",
        FIELDS(person_fields),
        .key = {"id"},
        .nkey = 1,
        .writers = ADMIN | OFFICER,
        .readers = ADMIN | OFFICER | VETTING,
        .scope_field = "org",
        .decision_input = true,
        .owner_field = "id",
        .validate = v_person,
        .size = sizeof(struct scs_person)},
    [SCS_KIND_CONFORMING] = {.kind = SCS_KIND_CONFORMING,
        .name = "conforming",
        .table = "conforming",
        .plural = "conforming",
        .ref_as = "conforming",
        FIELDS(conforming_fields),
        .key = {"org", "authority", "valid_from"},
        .nkey = 3,
        .writers = ADMIN | DESIG,
        .readers = ADMIN | DESIG,
        .scope_field = "organ",
        .decision_input = true,
        .validate = v_conforming,
        .size = sizeof(struct scs_conforming)},
    [SCS_KIND_COMPARTMENT] = {.kind = SCS_KIND_COMPARTMENT,
        .name = "compartment",
        .table = "compartments",
        .plural = "compartments",
        .ref_as = "compartment",
        FIELDS(compartment_fields),
        .key = {"id"},
        .nkey = 1,
        .writers = ADMIN | DESIG,
        .readers = ADMIN | DESIG,
        .scope_field = "owner",
        .decision_input = false,
        .validate = v_label,
        .size = sizeof(struct scs_label)},
    [SCS_KIND_PROGRAM] = {.kind = SCS_KIND_PROGRAM,
        .name = "program",
        .table = "programs",
        .plural = "programs",
        .ref_as = "program",
        FIELDS(compartment_fields),
        .key = {"id"},
        .nkey = 1,
        .writers = ADMIN | DESIG,
        .readers = ADMIN | DESIG,
        .scope_field = "owner",
        .decision_input = false,
        .validate = v_label,
        .size = sizeof(struct scs_label)},
    [SCS_KIND_CLEARANCE] = {.kind = SCS_KIND_CLEARANCE,
        .name = "clearance",
        .table = "clearances",
        .plural = "clearances",
        .ref_as = "clearance",
        FIELDS(clearance_fields),
        .key = {"person", "authority", "valid_from"},
        .nkey = 3,
        .writers = ADMIN | SCS_ROLE_ADJUDICATOR,
        .readers = STATUSES,
        .decision_input = true,
        .validate = v_clearance,
        .recorded = r_clearance,
        .size = sizeof(struct scs_clearance)},
    [SCS_KIND_BRIEFING] = {.kind = SCS_KIND_BRIEFING,
        .name = "briefing",
        .table = "briefings",
        .plural = "briefings",
        .ref_as = "briefing",
        FIELDS(briefing_fields),
        .key = {"person", "compartment", "valid_from"},
        .nkey = 3,
        .writers = ADMIN | OFFICER,
        .readers = STATUSES,
        .scope_field = "person",
        .scope_via = true,
        .decision_input = true,
        .validate = v_briefing,
        .size = sizeof(struct scs_briefing)},
    [SCS_KIND_MEMBERSHIP] = {.kind = SCS_KIND_MEMBERSHIP,
        .name = "membership",
        .table = "memberships",
        .plural = "memberships",
        .ref_as = "membership",
        FIELDS(membership_fields),
        .key = {"program", "person", "valid_from"},
        .nkey = 3,
        .writers = ADMIN | DESIG,
        .readers = STATUSES,
        .scope_field = "program",
        .scope_via = true,
        .decision_input = true,
        .validate = v_membership,
        .size = sizeof(struct scs_membership)},
    [SCS_KIND_ITEM] = {.kind = SCS_KIND_ITEM,
        .name = "item",
        .table = "items",
        .plural = "items",
        .ref_as = "item",
        FIELDS(item_fields),
        .key = {"id"},
        .nkey = 1,
        .writers = ADMIN,
        .readers = ADMIN | DESIG,
        .scope_field = "owner",
        .decision_input = true,
        .validate = v_item,
        .size = sizeof(struct scs_item)},
    [SCS_KIND_SUSPENSION] = {.kind = SCS_KIND_SUSPENSION,
        .name = "suspension",
        .table = "suspensions",
        .plural = "suspensions",
        .ref_as = "suspension",
        FIELDS(suspension_fields),
        .key = {"person", "valid_from"},
        .nkey = 2,
        .key_tag = "suspension",
        .writers = ADMIN | SCS_ROLE_ADJUDICATOR,
        .readers = STATUSES,
        .decision_input = true,
        .validate = v_suspension,
        .size = sizeof(struct scs_suspension)},
    /* Vetting: written only through the case operations (src/ops/case.c),
     * which apply the lifecycle and DESIGN.md section 2's visibility; no
     * role writes or lists them generically. */
    [SCS_KIND_CASE] = {.kind = SCS_KIND_CASE,
        .name = "case",
        .table = "cases",
        .plural = "cases",
        .ref_as = "case",
        FIELDS(case_fields),
        .key = {"id"},
        .nkey = 1,
        .scope_field = "sponsor",
        .owner_field = "person",
        .validate = v_case,
        .size = sizeof(struct scs_case)},
    [SCS_KIND_STAMP] = {.kind = SCS_KIND_STAMP,
        .name = "case_event",
        .table = "case_events",
        .plural = "history",
        .ref_as = "case_event",
        FIELDS(stamp_fields),
        .key = {"case_id", "seq"},
        .nkey = 2,
        .key_tag = "event",
        .validate = v_stamp,
        .size = sizeof(struct scs_stamp)},
    [SCS_KIND_ANSWERS] = {.kind = SCS_KIND_ANSWERS,
        .name = "answers",
        .table = "answers",
        .plural = "answers",
        .ref_as = "answers",
        FIELDS(answers_fields),
        .key = {"case_id", "section"},
        .nkey = 2,
        .key_tag = "answers",
        .owner_field = "case_id",
        .owner_via = true,
        .validate = v_answers,
        .size = sizeof(struct scs_answers)},
    [SCS_KIND_FINDING] = {.kind = SCS_KIND_FINDING,
        .name = "finding",
        .table = "findings",
        .plural = "findings",
        .ref_as = "finding",
        FIELDS(finding_fields),
        .key = {"case_id", "seq"},
        .nkey = 2,
        .key_tag = "finding",
        .owner_field = "case_id",
        .owner_via = true,
        .validate = v_finding,
        .size = sizeof(struct scs_finding)},
    [SCS_KIND_NOTIFICATION] = {.kind = SCS_KIND_NOTIFICATION,
        .name = "notification",
        .table = "notifications",
        .plural = "notifications",
        .ref_as = "notification",
        FIELDS(notification_fields),
        .key = {"case_id", "seq"},
        .nkey = 2,
        .key_tag = "notification",
        .validate = v_notification,
        .size = sizeof(struct scs_notification)},
    /* Alerts are raised and triaged by their operations (src/ops/alert.c)
     * only: no role writes or lists them through the generic records. */
    [SCS_KIND_ALERT] = {.kind = SCS_KIND_ALERT,
        .name = "alert",
        .table = "alerts",
        .plural = "alerts",
        .ref_as = "alert",
        FIELDS(alert_fields),
        .key = {"id"},
        .nkey = 1,
        .owner_field = "person",
        .validate = v_alert,
        .size = sizeof(struct scs_alert)},
    /* Self-reports are filed by their persons through their operations
     * (src/ops/selfreport.c) only. */
    [SCS_KIND_SELF_REPORT] = {.kind = SCS_KIND_SELF_REPORT,
        .name = "self_report",
        .table = "self_reports",
        .plural = "self_reports",
        .ref_as = "self_report",
        FIELDS(self_report_fields),
        .key = {"id"},
        .nkey = 1,
        .owner_field = "person",
        .validate = v_self_report,
        .size = sizeof(struct scs_self_report)},
    /* Incidents are recorded and closed through their operations
     * (src/ops/incident.c) only. */
    [SCS_KIND_INCIDENT] = {.kind = SCS_KIND_INCIDENT,
        .name = "incident",
        .table = "incidents",
        .plural = "incidents",
        .ref_as = "incident",
        FIELDS(incident_fields),
        .key = {"id"},
        .nkey = 1,
        .owner_field = "person",
        .validate = v_incident,
        .size = sizeof(struct scs_incident)},
    /* Reciprocity (src/ops/attest.c) writes these through its operations
     * only. */
    [SCS_KIND_ATTESTATION] = {.kind = SCS_KIND_ATTESTATION,
        .name = "attestation",
        .table = "attestations",
        .plural = "attestations",
        .ref_as = "attestation",
        FIELDS(attestation_fields),
        .key = {"id"},
        .nkey = 1,
        .validate = v_attestation,
        .size = sizeof(struct scs_attestation)},
    [SCS_KIND_SIGNING_KEY] = {.kind = SCS_KIND_SIGNING_KEY,
        .name = "signing_key",
        .table = "signing_keys",
        .plural = "signing_keys",
        .ref_as = "signing_key",
        FIELDS(signing_key_fields),
        .key = {"kid"},
        .nkey = 1,
        .validate = v_signing_key,
        .size = sizeof(struct scs_signing_key)},
    [SCS_KIND_KEY_LIST] = {.kind = SCS_KIND_KEY_LIST,
        .name = "key_list",
        .table = "key_lists",
        .plural = "key_lists",
        .ref_as = "key_list",
        FIELDS(key_list_fields),
        .key = {"authority"},
        .nkey = 1,
        .validate = v_key_list,
        .size = sizeof(struct scs_key_list_rec)},
    [SCS_KIND_TRANSFER] = {.kind = SCS_KIND_TRANSFER,
        .name = "transfer",
        .table = "transfers",
        .plural = "transfers",
        .ref_as = "transfer",
        FIELDS(transfer_fields),
        .key = {"id"},
        .nkey = 1,
        .validate = v_transfer,
        .size = sizeof(struct scs_transfer)},
    [SCS_KIND_VISIT] = {.kind = SCS_KIND_VISIT,
        .name = "visit",
        .table = "visits",
        .plural = "visits",
        .ref_as = "visit",
        FIELDS(visit_fields),
        .key = {"id"},
        .nkey = 1,
        .validate = v_visit,
        .size = sizeof(struct scs_visit)},
};

const struct scs_kind_def *
scs_kind_def(enum scs_kind kind)
{
	return (unsigned)kind < SCS_KIND_N ? &kinds[kind] : NULL;
}

const char *
scs_kind_name(enum scs_kind kind)
{
	return (unsigned)kind < SCS_KIND_N ? kinds[kind].name : NULL;
}

int
scs_kind_parse(const char *name, enum scs_kind *out)
{
	size_t i;

	for (i = 0; name != NULL && i < SCS_KIND_N; i++)
		if (strcmp(kinds[i].name, name) == 0) {
			*out = (enum scs_kind)i;
			return 0;
		}
	return -1;
}

bool
scs_kind_has_sealed(const struct scs_kind_def *d)
{
	size_t i;

	for (i = 0; i < d->nfields; i++)
		if (d->fields[i].type == SCS_FT_SEALED)
			return true;
	return false;
}

const struct scs_field *
scs_kind_field(const struct scs_kind_def *d, const char *name)
{
	size_t i;

	for (i = 0; name != NULL && i < d->nfields; i++)
		if (strcmp(d->fields[i].name, name) == 0)
			return &d->fields[i];
	return NULL;
}

void
scs_record_init(struct scs_record *r, enum scs_kind kind)
{
	const struct scs_kind_def *d = scs_kind_def(kind);

	/* Only the kind's own struct: the union is as large as an item, and
	 * most records are far smaller (an import clears millions). */
	r->kind = kind;
	memset(&r->u, 0, d != NULL ? d->size : sizeof(r->u));
}

void
scs_record_clear(struct scs_record *r)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	enum scs_kind kind = r->kind;
	size_t i;

	for (i = 0; d != NULL && i < d->nfields; i++)
		if (d->fields[i].type == SCS_FT_SEALED)
			scs_blob_free(SCS_FIELD_PTR(&r->u, &d->fields[i]));
	scs_record_init(r, kind);
}

int
scs_record_copy(struct scs_record *dst, const struct scs_record *src)
{
	const struct scs_kind_def *d = scs_kind_def(src->kind);
	size_t i;

	scs_record_clear(dst);
	*dst = *src;
	for (i = 0; d != NULL && i < d->nfields; i++) {
		const struct scs_field *f = &d->fields[i];
		const struct scs_blob *from = SCS_FIELD_CPTR(&src->u, f);
		struct scs_blob *to = SCS_FIELD_PTR(&dst->u, f);

		if (f->type != SCS_FT_SEALED)
			continue;
		to->p = NULL;
		to->len = 0;
		if (scs_blob_set(to, from->p, from->len) != SCS_OK) {
			scs_record_clear(dst);
			return SCS_ENOMEM;
		}
	}
	return SCS_OK;
}

int
scs_record_validate(const struct scs_refdata *rd, const struct scs_record *r,
    struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);

	if (d == NULL)
		return scs_err_set(err, SCS_EINTERNAL, "kind", "bad kind");
	return d->validate(rd, &r->u, err);
}

int
scs_record_check_recorded(const struct scs_refdata *rd,
    const struct scs_record *r, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);

	if (d == NULL || d->recorded == NULL)
		return SCS_OK;
	return d->recorded(rd, &r->u, err);
}

const char *
scs_record_text(const struct scs_record *r, const char *name)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const struct scs_field *f = d != NULL ? scs_kind_field(d, name) : NULL;

	if (f == NULL || (f->type != SCS_FT_TEXT && f->type != SCS_FT_TEXT_OPT))
		return NULL;
	return SCS_FIELD_CPTR(&r->u, f);
}

void
scs_record_object(const struct scs_record *r, char *out, size_t size)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	size_t i, at = 0;
	int n;

	if (size == 0)
		return;
	out[0] = '\0';
	for (i = 0; d != NULL && i < d->nkey; i++) {
		const struct scs_field *f = scs_kind_field(d, d->key[i]);
		char ts[SCS_TIME_STRMAX];
		const char *part = ts;

		if (f->type == SCS_FT_TIME)
			(void)scs_time_format(*(const int64_t *)
			                          SCS_FIELD_CPTR(&r->u, f),
			    ts);
		else if (f->type == SCS_FT_INT)
			(void)snprintf(ts, sizeof(ts), "%lld",
			    (long long)*(
			        const int64_t *)SCS_FIELD_CPTR(&r->u, f));
		else
			part = SCS_FIELD_CPTR(&r->u, f);
		n = snprintf(out + at, size - at, "%s%s%s%s", i ? "/" : "",
		    d->key_tag != NULL && i == d->nkey - 1 ? d->key_tag : "",
		    d->key_tag != NULL && i == d->nkey - 1 ? "/" : "", part);
		if (n < 0 || (size_t)n >= size - at)
			return;
		at += (size_t)n;
	}
}
