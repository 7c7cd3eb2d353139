/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http_int.h - handlers shared between the files of src/http/ (the route
 * table in routes.c names them all).
 */
#ifndef SCS_HTTP_INT_H
#define SCS_HTTP_INT_H

#include "scs/http.h"

#define SCS_HANDLER(name)                                                      \
	int name(struct scs_http_req *req, struct scs_http_resp *resp,         \
	    struct scs_err *err)

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
SCS_HANDLER(scs_h_decisions);
SCS_HANDLER(scs_h_labels_join);

#endif
