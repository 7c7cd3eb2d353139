/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checks.c - which record-check sources a register uses (DESIGN.md
 * section 3, "Finding"): a JSON Lines adverse-records feed named in the
 * register's meta table (key "checks.feed"), set by an admin or the
 * command line and audited; the program opens it (scs_op_checks_open)
 * for the record checks of investigations.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "ops_int.h"

#define FEED_KEY "checks.feed"

/* The configured feed's path into @out ("" when none). */
static int
feed_path(struct scs_ctx *c, char *out, size_t size, struct scs_err *err)
{
	struct scs_blob b = {0};
	int rc;

	out[0] = '\0';
	rc = scs_store_meta_get(c->st, FEED_KEY, &b, err);
	if (rc == SCS_ENOTFOUND) {
		scs_err_clear(err);
		return SCS_OK;
	}
	if (rc == SCS_OK && b.len >= size)
		rc = scs_err_set(err, SCS_ECORRUPT, FEED_KEY, "path too long");
	if (rc == SCS_OK && b.len > 0) {
		memcpy(out, b.p, b.len);
		out[b.len] = '\0';
	}
	scs_blob_free(&b);
	return rc;
}

int
scs_op_checks_get(struct scs_ctx *c, char *out, size_t size,
    struct scs_err *err)
{
	int rc;

	out[0] = '\0';
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "read the configuration",
	         err)) != SCS_OK)
		return rc;
	return feed_path(c, out, size, err);
}

int
scs_op_checks_set(struct scs_ctx *c, const char *path, struct scs_err *err)
{
	struct scs_connector *conn = NULL;
	char abs[PATH_MAX];
	int rc;

	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "configure record checks",
	         err)) != SCS_OK)
		return rc;
	abs[0] = '\0';
	if (path != NULL && path[0] != '\0') {
		/* A feed that does not open now is refused now. */
		if (realpath(path, abs) == NULL)
			return scs_err_set(err, SCS_EINVAL, "feed",
			    "cannot find \"%s\"", path);
		if ((rc = scs_connector_feed_open(abs, &conn, err)) != SCS_OK)
			return rc;
		scs_connector_free(conn);
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_meta_put(c->st, FEED_KEY, abs, strlen(abs), err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(c, "configure", "register", FEED_KEY, NULL,
	         abs[0] != '\0' ? abs : "none", err)) != SCS_OK)
		return scs_op_abort(c, rc);
	return scs_op_commit(c, err);
}

int
scs_op_checks_open(struct scs_ctx *c, struct scs_err *err)
{
	char path[PATH_MAX];
	int rc;

	c->checks = NULL;
	c->nchecks = 0;
	if ((rc = feed_path(c, path, sizeof(path), err)) != SCS_OK ||
	    path[0] == '\0')
		return rc;
	if ((c->checks = calloc(1, sizeof(struct scs_connector *))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if ((rc = scs_connector_feed_open(path, &c->checks[0], err)) !=
	    SCS_OK) {
		free(c->checks);
		c->checks = NULL;
		return rc;
	}
	c->nchecks = 1;
	return SCS_OK;
}

void
scs_op_checks_close(struct scs_ctx *c)
{
	size_t i;

	for (i = 0; i < c->nchecks; i++)
		scs_connector_free(c->checks[i]);
	free(c->checks);
	c->checks = NULL;
	c->nchecks = 0;
}
