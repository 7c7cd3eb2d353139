/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_case.c - vetting a person through the operations (src/ops/case.c)
 * on a real register: DESIGN.md sections 2 and 4 rule by rule.  Who may
 * nominate whom, nothing before consent, a refusal that reads as a
 * withdrawal to the sponsor, returns that reopen only the named sections,
 * e-adjudication the moment an investigation closes, a complaint reviewed
 * by another adjudicator, reinvestigation carrying answers forward, and
 * what each role may see.
 */
#include "helpers.h"

#include "scs/codec.h"
#include "scs/connector.h"
#include "scs/policy.h"

/* 2026-12-04: the moment the schemas' example answers are written for. */
#define NOW_US (1796342400LL * 1000000)

struct fixture {
	struct test_reg r;
	struct scs_refdata rd;
	struct scs_connector *feed;
	const json_t *example; /* JPN-SDS's complete answers */
};

static void
mk_org(struct test_reg *r, const char *id, enum scs_org_type type,
    const char *accredited)
{
	struct scs_org o;
	struct scs_err err;

	memset(&o, 0, sizeof(o));
	(void)snprintf(o.id, sizeof(o.id), "%s", id);
	(void)snprintf(o.name, sizeof(o.name), "組織 %s", id);
	o.type = type;
	(void)snprintf(o.country, sizeof(o.country), "JPN");
	if (accredited != NULL) {
		(void)snprintf(o.accredited_for[0], 16, "%s", accredited);
		o.naccredited_for = 1;
	}
	assert_int_equal(scs_op_org_create(&r->ctx, &o, &err), SCS_OK);
}

static void
mk_person(struct test_reg *r, const char *id, const char *org,
    const char *latin)
{
	struct scs_person p;
	struct scs_err err;

	memset(&p, 0, sizeof(p));
	(void)snprintf(p.id, sizeof(p.id), "%s", id);
	(void)snprintf(p.name, sizeof(p.name), "山田 %s", id);
	(void)snprintf(p.name_latin, sizeof(p.name_latin), "%s", latin);
	(void)snprintf(p.birth_date, sizeof(p.birth_date), "1980-04-01");
	(void)snprintf(p.nationalities[0], 4, "JPN");
	p.nnationalities = 1;
	(void)snprintf(p.org, sizeof(p.org), "%s", org);
	assert_int_equal(scs_op_person_create(&r->ctx, &p, NULL, &err), SCS_OK);
}

static int
setup(void **state)
{
	static const char feed[] =
	    "{\"id\":\"np-1\",\"source\":\"police\",\"name_latin\":\"YAMADA "
	    "Hit\",\"birth_date\":\"1980-04-01\",\"date\":\"2019-03-02\"}\n";
	struct fixture *f = calloc(1, sizeof(*f));
	struct scs_record r;
	struct scs_err err;
	const struct scs_apolicy *a;

	assert_non_null(f);
	test_now_us = NOW_US;
	test_reg_open(&f->r);
	assert_int_equal(test_load_refdata(&f->rd), 0);
	f->r.ctx.rd = &f->rd;
	a = scs_policy_for(f->rd.policy, "JPN-SDS");
	assert_non_null(a);
	assert_non_null(a->schema);
	f->example = scs_qschema_example(a->schema);
	assert_int_equal(scs_connector_feed_text("test", feed, strlen(feed),
	                     &f->feed, &err),
	    SCS_OK);
	f->r.ctx.checks = &f->feed;
	f->r.ctx.nchecks = 1;
	mk_org(&f->r, "mod", SCS_ORG_GOVERNMENT, NULL);
	mk_org(&f->r, "acme", SCS_ORG_CONTRACTOR, NULL);
	mk_org(&f->r, "bare", SCS_ORG_CONTRACTOR, NULL);
	mk_org(&f->r, "cao", SCS_ORG_SCREENING, "JPN-SDS");
	mk_org(&f->r, "tokiwa", SCS_ORG_SCREENING, "JPN-SDS");
	mk_person(&f->r, "p1", "acme", "YAMADA Taro");
	mk_person(&f->r, "p2", "mod", "YAMADA Jiro");
	mk_person(&f->r, "p3", "bare", "YAMADA Saburo");
	mk_person(&f->r, "p4", "acme", "YAMADA Hit");
	/* acme holds an SDS approval valid now. */
	scs_record_init(&r, SCS_KIND_CONFORMING);
	(void)snprintf(r.u.conforming.org, sizeof(r.u.conforming.org), "acme");
	(void)snprintf(r.u.conforming.authority,
	    sizeof(r.u.conforming.authority), "JPN-SDS");
	(void)snprintf(r.u.conforming.level, sizeof(r.u.conforming.level),
	    "TOKUTEI_HIMITSU");
	r.u.conforming.valid_from = NOW_US / 1000000 - 86400 * 365;
	r.u.conforming.valid_until = NOW_US / 1000000 + 86400 * 365;
	assert_int_equal(scs_op_rec_create(&f->r.ctx, &r, &err), SCS_OK);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	scs_connector_free(f->feed);
	scs_refdata_free(&f->rd);
	test_reg_close(&f->r);
	free(f);
	return 0;
}

#define OFFICER(f) test_act_as(&(f)->r, SCS_ROLE_SECURITY_OFFICER, "acme", NULL)
#define SUBJECT(f) test_act_as(&(f)->r, SCS_ROLE_SUBJECT, "acme", "p1")
#define ADJUD(f)   test_act_as(&(f)->r, SCS_ROLE_ADJUDICATOR, "mod", NULL)
#define INVEST(f)  test_act_as(&(f)->r, SCS_ROLE_INVESTIGATOR, "cao", NULL)

/* A JPN-SDS TOKUTEI_HIMITSU case for @person, with @need, into @k. */
static void
case_for(struct scs_case *k, const char *person, const char *need)
{
	memset(k, 0, sizeof(*k));
	(void)snprintf(k->person, sizeof(k->person), "%s", person);
	(void)snprintf(k->authority, sizeof(k->authority), "JPN-SDS");
	(void)snprintf(k->level, sizeof(k->level), "TOKUTEI_HIMITSU");
	(void)snprintf(k->need, sizeof(k->need), "%s", need);
}

/* Nominate @k as acme's officer; the case's id and prior into @k. */
static int
nominate_case(struct fixture *f, struct scs_case *k, struct scs_err *err)
{
	char user[SCS_ID_MAX + 1], code[SCS_CODE_LEN + 1];

	OFFICER(f);
	return scs_op_case_nominate(&f->r.ctx, k, user, code, err);
}

/* Nominate @person as acme's officer for @need; the case id into @id. */
static int
nominate_for(struct fixture *f, const char *person, const char *need,
    char id[SCS_ID_MAX + 1], struct scs_err *err)
{
	struct scs_case k;
	int rc;

	case_for(&k, person, need);
	rc = nominate_case(f, &k, err);
	if (rc == SCS_OK)
		(void)snprintf(id, SCS_ID_MAX + 1, "%s", k.id);
	return rc;
}

/* Nominate @person as acme's officer; the case id into @id. */
static int
nominate(struct fixture *f, const char *person, char id[SCS_ID_MAX + 1],
    struct scs_err *err)
{
	return nominate_for(f, person, "Radar work on ORCA", id, err);
}

static const char *
state_of(struct fixture *f, const char *id)
{
	static char s[32];
	struct scs_actor keep = f->r.ctx.actor;
	struct scs_err err;
	json_t *v = NULL;

	test_act_as_os(&f->r);
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &v, &err), SCS_OK);
	(void)snprintf(s, sizeof(s), "%s",
	    json_string_value(json_object_get(v, "state")));
	json_decref(v);
	f->r.ctx.actor = keep;
	return s;
}

/* @rc is SCS_OK; the view the call left in *@out is freed. */
static void
move_ok(int rc, json_t **out, const struct scs_err *err)
{
	if (rc != SCS_OK)
		fail_msg("%s: %s", err->field, err->reason);
	json_decref(*out);
	*out = NULL;
}

/* Act as @person, acme's subject, who signs as 山田 @person. */
static const char *
subject(struct fixture *f, const char *person)
{
	static char sig[64];

	test_act_as(&f->r, SCS_ROLE_SUBJECT, "acme", person);
	(void)snprintf(sig, sizeof(sig), "山田 %s", person);
	return sig;
}

/* @person consents to case @id. */
static void
consent(struct fixture *f, const char *id, const char *person)
{
	struct scs_err err;
	json_t *out = NULL;
	const char *sig = subject(f, person);

	move_ok(scs_op_case_consent(&f->r.ctx, id, true, NULL, sig, &out, &err),
	    &out, &err);
}

/* @person certifies and submits case @id. */
static void
submit(struct fixture *f, const char *id, const char *person)
{
	struct scs_err err;
	json_t *out = NULL;
	const char *sig = subject(f, person);

	move_ok(scs_op_case_submit(&f->r.ctx, id, true, sig, NULL, &out, &err),
	    &out, &err);
}

/* @person consents, answers every section and submits. */
static void
answer_all(struct fixture *f, const char *id, const char *person)
{
	struct scs_err err;
	const char *sec;
	json_t *v;

	consent(f, id, person);
	json_object_foreach((json_t *)f->example, sec, v)
	{
		if (scs_op_answers_put(&f->r.ctx, id, sec, v, NULL, &err) !=
		    SCS_OK)
			fail_msg("%s: %s: %s", sec, err.field, err.reason);
	}
	submit(f, id, person);
}

/* The adjudicator assigns case @id to @body (NULL: the least loaded). */
static void
assign(struct fixture *f, const char *id, const char *body)
{
	struct scs_err err;
	json_t *out = NULL;

	ADJUD(f);
	move_ok(scs_op_case_assign(&f->r.ctx, id, body, &out, &err), &out,
	    &err);
}

/* The actor closes the investigation of case @id. */
static void
close_investigation(struct fixture *f, const char *id)
{
	struct scs_err err;
	json_t *out = NULL;

	move_ok(scs_op_case_close(&f->r.ctx, id, &out, &err), &out, &err);
}

/* cao's investigator runs the record checks on case @id and closes it. */
static void
investigate_clean(struct fixture *f, const char *id)
{
	struct scs_err err;
	json_t *out = NULL;

	INVEST(f);
	move_ok(scs_op_case_record_checks(&f->r.ctx, id, &out, &err), &out,
	    &err);
	close_investigation(f, id);
}

/* A case for p1 nominated, answered, submitted and assigned to cao. */
static void
to_investigation(struct fixture *f, char id[SCS_ID_MAX + 1])
{
	struct scs_err err;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	answer_all(f, id, "p1");
	assign(f, id, "cao");
}

static void
test_nomination_by_the_employers_officer_opens_one_case(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1], id2[SCS_ID_MAX + 1];
	struct scs_err err;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	assert_string_equal(state_of(f, id), "awaiting_consent");
	/* One open case per person and authority. */
	assert_int_equal(nominate(f, "p1", id2, &err), SCS_ECONFLICT);
	assert_string_equal(err.field, "person");
	/* Another organization's staff read as missing. */
	assert_int_equal(nominate(f, "p2", id2, &err), SCS_EINVAL);
	assert_string_equal(err.field, "person");
}

static void
test_a_contractor_without_an_approval_sponsors_nothing(void **state)
{
	struct fixture *f = *state;
	char user[SCS_ID_MAX + 1], code[SCS_CODE_LEN + 1];
	struct scs_case k;
	struct scs_err err;

	case_for(&k, "p3", "need");
	test_act_as(&f->r, SCS_ROLE_SECURITY_OFFICER, "bare", NULL);
	assert_int_equal(scs_op_case_nominate(&f->r.ctx, &k, user, code, &err),
	    SCS_EINVAL);
	assert_string_equal(err.field, "level");
	assert_string_equal(code, "");
}

static void
test_nothing_is_collected_before_consent(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *v;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	SUBJECT(f);
	v = json_object_get(f->example, "alcohol");
	assert_int_equal(scs_op_answers_put(&f->r.ctx, id, "alcohol", v, NULL,
	                     &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "state");
}

static void
test_refusal_and_withdrawal_read_alike_to_the_sponsor(void **state)
{
	struct fixture *f = *state;
	char a[SCS_ID_MAX + 1], b[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL, *va = NULL, *vb = NULL;

	assert_int_equal(nominate(f, "p1", a, &err), SCS_OK);
	SUBJECT(f);
	move_ok(scs_op_case_consent(&f->r.ctx, a, false, NULL, NULL, &out,
	            &err),
	    &out, &err);
	assert_string_equal(state_of(f, a), "refused");
	/* A second case, withdrawn after consent. */
	assert_int_equal(nominate(f, "p4", b, &err), SCS_OK);
	consent(f, b, "p4");
	move_ok(scs_op_case_withdraw(&f->r.ctx, b, &out, &err), &out, &err);
	json_decref(out);
	assert_string_equal(state_of(f, b), "withdrawn");
	/* The sponsor sees the same fields and "not_completed" for both. */
	OFFICER(f);
	assert_int_equal(scs_op_case_get(&f->r.ctx, a, &va, &err), SCS_OK);
	assert_int_equal(scs_op_case_get(&f->r.ctx, b, &vb, &err), SCS_OK);
	assert_string_equal(json_string_value(json_object_get(va, "outcome")),
	    "not_completed");
	assert_string_equal(json_string_value(json_object_get(vb, "outcome")),
	    "not_completed");
	assert_null(json_object_get(va, "state"));
	assert_null(json_object_get(va, "decided"));
	assert_null(json_object_get(va, "since"));
	assert_int_equal(json_object_size(va), json_object_size(vb));
	json_decref(va);
	json_decref(vb);
	/* Nor may the sponsor filter by state. */
	assert_int_equal(scs_op_case_list(&f->r.ctx, "refused", false, NULL, 0,
	                     NULL, NULL, &err),
	    SCS_EDENIED);
	/* Nor by whether a rule decided it. */
	assert_int_equal(scs_op_case_list(&f->r.ctx, NULL, true, NULL, 0, NULL,
	                     NULL, &err),
	    SCS_EDENIED);
}

static void
test_a_clean_case_is_e_adjudicated_when_its_investigation_closes(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	answer_all(f, id, "p1");
	assert_string_equal(state_of(f, id), "submitted");
	assign(f, id, "cao");
	investigate_clean(f, id);
	assert_string_equal(state_of(f, id), "granted");
	test_act_as_os(&f->r);
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &out, &err), SCS_OK);
	assert_string_equal(json_string_value(
	                        json_object_get(out, "decided_by")),
	    "rule:JPN-SDS-clean");
	assert_true(json_is_true(json_object_get(out, "e_adjudicated")));
	json_decref(out);
}

static void
test_a_hit_leaves_the_decision_to_an_adjudicator(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL;

	assert_int_equal(nominate_for(f, "p4", "need", id, &err), SCS_OK);
	answer_all(f, id, "p4");
	assign(f, id, NULL);
	test_act_as(&f->r, SCS_ROLE_INVESTIGATOR, "cao", NULL);
	if (scs_op_case_record_checks(&f->r.ctx, id, &out, &err) != SCS_OK) {
		/* The least loaded body may be tokiwa. */
		test_act_as(&f->r, SCS_ROLE_INVESTIGATOR, "tokiwa", NULL);
		move_ok(scs_op_case_record_checks(&f->r.ctx, id, &out, &err),
		    &out, &err);
	} else {
		json_decref(out);
	}
	close_investigation(f, id);
	assert_string_equal(state_of(f, id), "adjudicating");
}

static void
test_a_denial_names_reasons_and_a_complaint_goes_to_another(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL, *body;

	to_investigation(f, id);
	INVEST(f);
	body = json_pack("{ss ss ss ss ss ss}", "item", "finances", "source",
	    "interview", "date", "2025-01-10", "severity", "serious",
	    "narrative", "Unpaid debts of 9 million yen", "mitigation", "none");
	move_ok(scs_op_finding_add(&f->r.ctx, id, body, &out, &err), &out,
	    &err);
	json_decref(body);
	close_investigation(f, id);
	assert_string_equal(state_of(f, id), "adjudicating");
	ADJUD(f);
	/* A denial without an unfavorable item and its reason is refused. */
	body = json_pack("{ss s[{ss ss}]}", "outcome", "deny", "assessments",
	    "item", "finances", "assessment", "unfavorable");
	assert_int_equal(scs_op_case_decide(&f->r.ctx, id, body, &out, &err),
	    SCS_EINVAL);
	json_decref(body);
	body = json_pack("{ss s[{ss ss ss}]}", "outcome", "deny", "assessments",
	    "item", "finances", "assessment", "unfavorable", "reason",
	    "Debts beyond means");
	move_ok(scs_op_case_decide(&f->r.ctx, id, body, &out, &err), &out,
	    &err);
	json_decref(body);
	assert_string_equal(state_of(f, id), "denied");
	/* The subject reads the reasons; the sponsor cannot. */
	SUBJECT(f);
	assert_int_equal(scs_op_case_decision_get(&f->r.ctx, id, NULL, &out,
	                     &err),
	    SCS_OK);
	json_decref(out);
	OFFICER(f);
	assert_int_equal(scs_op_case_decision_get(&f->r.ctx, id, NULL, &out,
	                     &err),
	    SCS_EDENIED);
	SUBJECT(f);
	move_ok(scs_op_case_complain(&f->r.ctx, id, "The debt is repaid", &out,
	            &err),
	    &out, &err);
	/* The adjudicator who decided may not review. */
	ADJUD(f);
	assert_int_equal(scs_op_case_review(&f->r.ctx, id, true, "ok", &out,
	                     &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_ADJUDICATOR, "mod", NULL);
	(void)snprintf(f->r.ctx.actor.name, sizeof(f->r.ctx.actor.name),
	    "user:second");
	move_ok(scs_op_case_review(&f->r.ctx, id, true, "Repaid in 2026", &out,
	            &err),
	    &out, &err);
	assert_string_equal(state_of(f, id), "adjudicating");
}

static void
test_a_return_reopens_only_the_named_sections_and_resumes(void **state)
{
	struct fixture *f = *state;
	const char *sections[] = {"finances"};
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL;

	to_investigation(f, id);
	INVEST(f);
	move_ok(scs_op_case_return(&f->r.ctx, id, sections, 1,
	            "Add the 2021 loan", &out, &err),
	    &out, &err);
	assert_string_equal(state_of(f, id), "questionnaire");
	SUBJECT(f);
	assert_int_equal(scs_op_answers_put(&f->r.ctx, id, "alcohol",
	                     json_object_get(f->example, "alcohol"), NULL,
	                     &err),
	    SCS_ECONFLICT);
	assert_int_equal(scs_op_answers_put(&f->r.ctx, id, "finances",
	                     json_object_get(f->example, "finances"), NULL,
	                     &err),
	    SCS_OK);
	submit(f, id, "p1");
	assert_string_equal(state_of(f, id), "investigating");
}

static void
test_each_role_sees_what_design_section_2_allows(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL;

	to_investigation(f, id);
	/* The sponsor: outcome only, never answers or history. */
	OFFICER(f);
	assert_int_equal(scs_op_answers_get(&f->r.ctx, id, NULL, NULL, &out,
	                     &err),
	    SCS_EDENIED);
	assert_int_equal(scs_op_case_history(&f->r.ctx, id, &out, &err),
	    SCS_EDENIED);
	assert_int_equal(scs_op_findings_get(&f->r.ctx, id, NULL, &out, &err),
	    SCS_EDENIED);
	/* An investigator of another body: the case does not exist. */
	test_act_as(&f->r, SCS_ROLE_INVESTIGATOR, "tokiwa", NULL);
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &out, &err),
	    SCS_ENOTFOUND);
	assert_int_equal(scs_op_answers_get(&f->r.ctx, id, NULL, "x", &out,
	                     &err),
	    SCS_ENOTFOUND);
	/* The assigned body's investigator reads the answers, audited. */
	INVEST(f);
	assert_int_equal(scs_op_answers_get(&f->r.ctx, id, NULL, "interview",
	                     &out, &err),
	    SCS_OK);
	assert_non_null(json_object_get(out, "finances"));
	json_decref(out);
	/* Another person's subject; auditors, designators, relying
	 * systems: nothing. */
	test_act_as(&f->r, SCS_ROLE_SUBJECT, "acme", "p4");
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &out, &err),
	    SCS_ENOTFOUND);
	test_act_as(&f->r, SCS_ROLE_AUDITOR, "mod", NULL);
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &out, &err),
	    SCS_EDENIED);
	test_act_as(&f->r, SCS_ROLE_RELYING, "mod", NULL);
	assert_int_equal(scs_op_case_get(&f->r.ctx, id, &out, &err),
	    SCS_EDENIED);
}

static void
test_an_investigator_opens_relatives_of_its_bodys_cases_only(void **state)
{
	struct fixture *f = *state;
	struct scs_relatives *rel = scs_crypto_secalloc(sizeof(*rel));
	char id[SCS_ID_MAX + 1];
	struct scs_err err;

	assert_non_null(rel);
	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	answer_all(f, id, "p1");
	INVEST(f);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", "interview", rel,
	                     &err),
	    SCS_ENOTFOUND);
	assign(f, id, "cao");
	INVEST(f);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", "interview", rel,
	                     &err),
	    SCS_OK);
	/* The relatives declared in the questionnaire became the person's. */
	assert_true(rel->n > 0);
	test_act_as(&f->r, SCS_ROLE_INVESTIGATOR, "tokiwa", NULL);
	assert_int_equal(scs_op_relatives_get(&f->r.ctx, "p1", "interview", rel,
	                     &err),
	    SCS_ENOTFOUND);
	scs_crypto_secfree(rel);
}

static void
test_an_illegal_transition_names_the_state(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *out = NULL;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	INVEST(f);
	ADJUD(f);
	assert_int_equal(scs_op_case_assign(&f->r.ctx, id, "cao", &out, &err),
	    SCS_ECONFLICT);
	assert_string_equal(err.field, "state");
	assert_non_null(strstr(err.reason, "awaiting_consent"));
	assert_non_null(strstr(err.reason, "withdraw"));
}

static void
test_history_stamps_every_transition(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_err err;
	json_t *h = NULL, *e;
	size_t i;

	assert_int_equal(nominate(f, "p1", id, &err), SCS_OK);
	answer_all(f, id, "p1");
	ADJUD(f);
	assert_int_equal(scs_op_case_history(&f->r.ctx, id, &h, &err), SCS_OK);
	assert_int_equal(json_array_size(h), 3);
	json_array_foreach(h, i, e)
	{
		assert_int_equal(json_integer_value(json_object_get(e, "seq")),
		    (json_int_t)i + 1);
		assert_non_null(json_string_value(json_object_get(e, "actor")));
	}
	assert_string_equal(json_string_value(
	                        json_object_get(json_array_get(h, 2), "event")),
	    "submit");
	json_decref(h);
}

static void
test_a_reinvestigation_carries_the_answers_forward(void **state)
{
	struct fixture *f = *state;
	char id[SCS_ID_MAX + 1];
	struct scs_case k;
	struct scs_err err;

	to_investigation(f, id);
	investigate_clean(f, id);
	assert_string_equal(state_of(f, id), "granted");
	case_for(&k, "p1", "five years on");
	k.type = SCS_CASE_REINVESTIGATION;
	assert_int_equal(nominate_case(f, &k, &err), SCS_OK);
	assert_string_equal(k.prior, id);
	consent(f, k.id, "p1");
	/* Everything answered last time is there to certify again. */
	submit(f, k.id, "p1");
	assert_string_equal(state_of(f, k.id), "submitted");
}

#define FX(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    FX(test_nomination_by_the_employers_officer_opens_one_case),
	    FX(test_a_contractor_without_an_approval_sponsors_nothing),
	    FX(test_nothing_is_collected_before_consent),
	    FX(test_refusal_and_withdrawal_read_alike_to_the_sponsor),
	    FX(test_a_clean_case_is_e_adjudicated_when_its_investigation_closes),
	    FX(test_a_hit_leaves_the_decision_to_an_adjudicator),
	    FX(test_a_denial_names_reasons_and_a_complaint_goes_to_another),
	    FX(test_a_return_reopens_only_the_named_sections_and_resumes),
	    FX(test_each_role_sees_what_design_section_2_allows),
	    FX(test_an_investigator_opens_relatives_of_its_bodys_cases_only),
	    FX(test_an_illegal_transition_names_the_state),
	    FX(test_history_stamps_every_transition),
	    FX(test_a_reinvestigation_carries_the_answers_forward),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
