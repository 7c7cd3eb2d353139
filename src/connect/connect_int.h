/* SPDX-License-Identifier: Apache-2.0 */
/*
 * connect_int.h - what the files of src/connect/ share and no one else
 * sees: the table of operations behind struct scs_connector.  A new kind
 * of connector (a register's web service, say) is a file here that fills
 * one struct scs_connector_ops and embeds struct scs_connector first in
 * its own state.
 */
#ifndef SCS_CONNECT_INT_H
#define SCS_CONNECT_INT_H

#include "scs/connector.h"

struct scs_connector_ops {
	/*
	 * Run the check (scs_connector_check's contract).  Called with a
	 * subject that passed validation and *out_hits NULL, *out_n 0; on
	 * failure it leaves them so and has freed what it allocated.
	 */
	int (*check)(struct scs_connector *c,
	    const struct scs_check_subject *subj,
	    struct scs_check_hit **out_hits, size_t *out_n,
	    struct scs_err *err);
	/* Free the connector's own state and @c itself, after
	 * scs_connector_free has freed the name. */
	void (*free)(struct scs_connector *c);
};

struct scs_connector {
	const struct scs_connector_ops *ops;
	char *name; /* malloc'd, freed by scs_connector_free */
};

/**
 * Set @c's operations and its name "@kind:@what".  SCS_OK or SCS_ENOMEM
 * (with c->name NULL).
 */
int scs_connector_init(struct scs_connector *c,
    const struct scs_connector_ops *ops, const char *kind, const char *what,
    struct scs_err *err);

#endif
