/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.c - filling struct scs_err, and the one table that maps each
 * enum scs_rc to its stable machine code and its HTTP status.  No domain
 * knowledge here.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "scs/err.h"

static const struct {
	const char *code;
	int http;
} rc_table[] = {
    [SCS_OK] = {"ok", 200},
    [SCS_ENOMEM] = {"out_of_memory", 503},
    [SCS_EINVAL] = {"invalid", 400},
    [SCS_ENOTFOUND] = {"not_found", 404},
    [SCS_EDENIED] = {"forbidden", 403},
    [SCS_ECONFLICT] = {"conflict", 409},
    [SCS_EIO] = {"io_error", 500},
    [SCS_ECORRUPT] = {"corrupt", 500},
    [SCS_ECRYPTO] = {"crypto_error", 500},
    [SCS_EAUTH] = {"unauthenticated", 401},
    [SCS_ELOCKED] = {"locked", 429},
    [SCS_ETOOBIG] = {"too_large", 413},
    [SCS_EMEDIA] = {"unsupported_media_type", 415},
    [SCS_EBUSY] = {"busy", 503},
    [SCS_EMETHOD] = {"method_not_allowed", 405},
    [SCS_EINTERNAL] = {"internal", 500},
    [SCS_EURILONG] = {"uri_too_long", 414},
    [SCS_EHEADERS] = {"headers_too_large", 431},
    [SCS_ECSRF] = {"csrf", 403},
    [SCS_ELIMIT] = {"rate_limited", 429},
};

int
scs_err_set(struct scs_err *err, enum scs_rc rc, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return rc;
	err->rc = rc;
	(void)snprintf(err->field, sizeof(err->field), "%s",
	    field != NULL ? field : "");
	va_start(ap, fmt);
	(void)vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	return rc;
}

void
scs_err_clear(struct scs_err *err)
{
	if (err == NULL)
		return;
	err->rc = SCS_OK;
	err->field[0] = '\0';
	err->reason[0] = '\0';
}

void
scs_err_prefix(struct scs_err *err, const char *prefix)
{
	char tmp[SCS_ERR_FIELD_MAX];
	int n;

	if (err == NULL || prefix == NULL || prefix[0] == '\0')
		return;
	if (err->field[0] == '\0')
		n = snprintf(tmp, sizeof(tmp), "%s", prefix);
	else if (err->field[0] == '[')
		n = snprintf(tmp, sizeof(tmp), "%s%s", prefix, err->field);
	else
		n = snprintf(tmp, sizeof(tmp), "%s.%s", prefix, err->field);
	if (n < 0)
		tmp[0] = '\0';
	memcpy(err->field, tmp, sizeof(tmp));
}

const char *
scs_rc_code(enum scs_rc rc)
{
	if ((size_t)rc >= sizeof(rc_table) / sizeof(rc_table[0]) ||
	    rc_table[rc].code == NULL)
		return "internal";
	return rc_table[rc].code;
}

int
scs_rc_http(enum scs_rc rc)
{
	if ((size_t)rc >= sizeof(rc_table) / sizeof(rc_table[0]) ||
	    rc_table[rc].code == NULL)
		return 500;
	return rc_table[rc].http;
}

/* strerror is not thread-safe; the XSI strerror_r is. */
const char *
scs_errno_text(int e)
{
	static _Thread_local char buf[128];

	if (strerror_r(e, buf, sizeof(buf)) != 0)
		(void)snprintf(buf, sizeof(buf), "error %d", e);
	return buf;
}
