/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_int.h - what the handlers of src/http/ share: their signature, the
 * services the server offers them, and their names (the route table in
 * routes.c names them all).
 */
#ifndef SCS_HTTP_INT_H
#define SCS_HTTP_INT_H

#include "scs/http.h"

/* What the server offers its handlers: the published decision index and
 * the decision audit queue.  Handlers know the server by this alone, so
 * the route table and the server do not include each other. */
struct scs_http_services {
	/** Enter the current decision index (never blocks; NULL before the
	 * first build); leave with the ticket. */
	const struct scs_index *(*index_enter)(void *srv, unsigned *ticket);
	void (*index_leave)(void *srv, unsigned ticket);
	/** Where a request's decision records go (queued for the writer). */
	scs_decision_sink audit;
	/** The same, written and committed before it returns ("durable"). */
	scs_decision_sink audit_sync;
	enum scs_decision_audit mode;
	void *srv;
	/** How old the decision index may be (ms since it was last known
	 * to match the register); 0 when it is within --max-staleness, else
	 * SCS_EBUSY naming the age in @err. */
	int (*fresh)(void *srv, int64_t *age_ms, struct scs_err *err);
	/** Full builds of the decision index and updates of it since the
	 * server started, the entries and records its overlay holds, and
	 * whether the first index came from the index cache (NULL: not
	 * counted). */
	void (*index_counts)(void *srv, uint64_t *builds, uint64_t *updates,
	    uint64_t *overlay, int *cached);
	int secure_cookies;   /* session cookies get Secure */
	int64_t idle_timeout; /* seconds; told to a cookie login */
};

#define SCS_HANDLER(name)                                                      \
	int name(struct scs_http_req *req, struct scs_http_resp *resp,         \
	    struct scs_err *err)

/* attest.c: reciprocity. */
SCS_HANDLER(scs_h_attest_issue);
SCS_HANDLER(scs_h_attest_list);
SCS_HANDLER(scs_h_attest_verify);
SCS_HANDLER(scs_h_attest_revoke);
SCS_HANDLER(scs_h_attest_import);
SCS_HANDLER(scs_h_attest_status);
SCS_HANDLER(scs_h_trust);
SCS_HANDLER(scs_h_clearance_lookup);
SCS_HANDLER(scs_h_transfer_request);
SCS_HANDLER(scs_h_transfer_list);
SCS_HANDLER(scs_h_transfer_accept);
SCS_HANDLER(scs_h_transfer_reject);
SCS_HANDLER(scs_h_transfer_cancel);
SCS_HANDLER(scs_h_visit_create);
SCS_HANDLER(scs_h_visit_update);
SCS_HANDLER(scs_h_visit_list);
SCS_HANDLER(scs_h_visit_get);
SCS_HANDLER(scs_h_visit_submit);
SCS_HANDLER(scs_h_visit_certify);
SCS_HANDLER(scs_h_visit_approve);
SCS_HANDLER(scs_h_visit_reject);
SCS_HANDLER(scs_h_visit_return);
SCS_HANDLER(scs_h_visit_cancel);
SCS_HANDLER(scs_h_visit_pass);

/* register.c: the records beyond persons, items, decisions, labels. */
SCS_HANDLER(scs_h_conforming_list);
SCS_HANDLER(scs_h_conforming_create);
SCS_HANDLER(scs_h_conforming_update);
SCS_HANDLER(scs_h_clearance_create);
SCS_HANDLER(scs_h_clearance_update);
SCS_HANDLER(scs_h_compartment_list);
SCS_HANDLER(scs_h_compartment_create);
SCS_HANDLER(scs_h_program_list);
SCS_HANDLER(scs_h_program_create);
SCS_HANDLER(scs_h_briefing_create);
SCS_HANDLER(scs_h_briefing_update);
SCS_HANDLER(scs_h_membership_create);
SCS_HANDLER(scs_h_membership_update);
SCS_HANDLER(scs_h_suspension_create);
SCS_HANDLER(scs_h_suspension_update);
SCS_HANDLER(scs_h_items);
SCS_HANDLER(scs_h_item_designate);
SCS_HANDLER(scs_h_item_get);
SCS_HANDLER(scs_h_item_renew);
SCS_HANDLER(scs_h_item_declassify);
SCS_HANDLER(scs_h_person_access);
SCS_HANDLER(scs_h_program_members);
SCS_HANDLER(scs_h_org_briefings);
SCS_HANDLER(scs_h_levels);
SCS_HANDLER(scs_h_decisions);
SCS_HANDLER(scs_h_labels_join);

/* case.c: vetting cases, questionnaires, notifications. */
SCS_HANDLER(scs_h_case_nominate);
SCS_HANDLER(scs_h_case_list);
SCS_HANDLER(scs_h_case_get);
SCS_HANDLER(scs_h_case_history);
SCS_HANDLER(scs_h_case_consent);
SCS_HANDLER(scs_h_case_withdraw);
SCS_HANDLER(scs_h_answers_all);
SCS_HANDLER(scs_h_answers_get);
SCS_HANDLER(scs_h_answers_put);
SCS_HANDLER(scs_h_case_submit);
SCS_HANDLER(scs_h_case_return);
SCS_HANDLER(scs_h_case_note);
SCS_HANDLER(scs_h_case_assign);
SCS_HANDLER(scs_h_case_checks);
SCS_HANDLER(scs_h_findings_get);
SCS_HANDLER(scs_h_finding_add);
SCS_HANDLER(scs_h_case_close);
SCS_HANDLER(scs_h_case_decide);
SCS_HANDLER(scs_h_decision_get);
SCS_HANDLER(scs_h_case_complain);
SCS_HANDLER(scs_h_case_review);
SCS_HANDLER(scs_h_notifications);
SCS_HANDLER(scs_h_questionnaire);
SCS_HANDLER(scs_h_consent_notice);
SCS_HANDLER(scs_h_clearances_due);
SCS_HANDLER(scs_h_report_timeliness);
SCS_HANDLER(scs_h_report_statistics);
SCS_HANDLER(scs_h_sim);
SCS_HANDLER(scs_h_sim_staff);
SCS_HANDLER(scs_h_sim_scenario);
SCS_HANDLER(scs_h_forecast);
SCS_HANDLER(scs_h_report_annual);

/* cv.c: continuous vetting, feeds and alerts. */
SCS_HANDLER(scs_h_cv_feed);
SCS_HANDLER(scs_h_alert_list);
SCS_HANDLER(scs_h_alert_get);
SCS_HANDLER(scs_h_alert_triage);
SCS_HANDLER(scs_h_alert_stats);
SCS_HANDLER(scs_h_concern);
SCS_HANDLER(scs_h_self_report_file);
SCS_HANDLER(scs_h_self_report_mine);
SCS_HANDLER(scs_h_self_report_duties);
SCS_HANDLER(scs_h_incident_record);
SCS_HANDLER(scs_h_incident_list);
SCS_HANDLER(scs_h_incident_get);
SCS_HANDLER(scs_h_incident_close);
SCS_HANDLER(scs_h_report_incidents);

/* me.c: the signed-in subject's own data. */
SCS_HANDLER(scs_h_me_export);

#endif
