/* SPDX-License-Identifier: Apache-2.0 */
/*
 * err.h - the one error enum of SCS and the error record every fallible
 * function fills.  Codes are never renumbered and never reused (curl's
 * CURLcode): relying systems and logs depend on them.  The table mapping
 * codes to HTTP statuses and to the stable JSON "code" strings lives in
 * src/util/err.c.
 */
#ifndef SCS_ERR_H
#define SCS_ERR_H

#include <stddef.h>

enum scs_rc {
	SCS_OK = 0,
	SCS_ENOMEM = 1,     /* out of memory */
	SCS_EINVAL = 2,     /* bad input: a field and a reason say which */
	SCS_ENOTFOUND = 3,  /* no such object */
	SCS_EDENIED = 4,    /* authenticated, but the role may not do this */
	SCS_ECONFLICT = 5,  /* the object exists, or a state forbids it */
	SCS_EIO = 6,        /* storage or file system failure */
	SCS_ECORRUPT = 7,   /* stored data fails a check it must pass */
	SCS_ECRYPTO = 8,    /* sealing, opening, signing or a key failed */
	SCS_EAUTH = 9,      /* not authenticated (no, bad or expired token) */
	SCS_ELOCKED = 10,   /* account locked after repeated failures */
	SCS_ETOOBIG = 11,   /* request or value exceeds its limit */
	SCS_EMEDIA = 12,    /* wrong content type */
	SCS_EBUSY = 13,     /* storage busy beyond the busy timeout */
	SCS_EMETHOD = 14,   /* method not allowed on this path */
	SCS_EINTERNAL = 15, /* a bug: an invariant failed */
	SCS_EURILONG = 16,  /* the request target exceeds its limit */
	SCS_EHEADERS = 17,  /* the request's header fields exceed theirs */
	SCS_ECSRF = 18, /* a cookie session's write without its CSRF token */
	SCS_ELIMIT = 19 /* a client or account over its rate limit */
};

#define SCS_ERR_FIELD_MAX  256
#define SCS_ERR_REASON_MAX 256

/* What went wrong, for a person to read: the field (a JSON path such as
 * "relatives[0].birth_date", or "" when no field applies) and the reason. */
struct scs_err {
	enum scs_rc rc;
	char field[SCS_ERR_FIELD_MAX];
	char reason[SCS_ERR_REASON_MAX];
};

/**
 * Fill @err (which may be NULL) and return @rc, so callers can write
 * `return scs_err_set(err, SCS_EINVAL, "name", "must not be empty");`.
 * @field may be NULL.  The reason is printf-formatted and truncated to fit.
 */
int scs_err_set(struct scs_err *err, enum scs_rc rc, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/** Clear @err to SCS_OK with empty field and reason. */
void scs_err_clear(struct scs_err *err);

/**
 * Prefix err->field with @prefix and a dot (or nothing when the field is
 * empty), so nested validators can report "relatives[2].name".
 */
void scs_err_prefix(struct scs_err *err, const char *prefix);

/** The stable machine code of @rc, e.g. "invalid", "not_found". */
const char *scs_rc_code(enum scs_rc rc);

/** The HTTP status for @rc (400, 401, 403, 404, 409, 413, 414, 415, 431,
 * 500...). */
int scs_rc_http(enum scs_rc rc);

/** The text of errno value @e, for this thread (strerror_r). */
const char *scs_errno_text(int e);

#endif
