/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ops.h - the operations of SCS.  HTTP handlers and CLI commands are thin
 * shells over these: each operation checks who may do it, validates, runs
 * in one store transaction, appends its audit entries and signs the tree
 * head before committing.  A failed operation leaves the register as it
 * was.  Business rules live here once.
 */
#ifndef SCS_OPS_H
#define SCS_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "scs/limit.h"
#include "scs/audit.h"
#include "scs/case.h"
#include "scs/connector.h"
#include "scs/questionnaire.h"
#include "scs/crypto.h"
#include "scs/index.h"
#include "scs/model.h"
#include "scs/reciprocity.h"
#include "scs/refdata.h"
#include "scs/staff.h"
#include "scs/store.h"
#include "scs/visit.h"

#define SCS_SESSION_TTL    ((int64_t)8 * 3600) /* seconds a session lives */
#define SCS_LOCKOUT_AFTER  5                   /* failures before a lockout */
#define SCS_LOCKOUT_BASE   30   /* seconds of the first lockout */
#define SCS_LOCKOUT_MAX    3600 /* longest lockout */
#define SCS_APIKEY_PREFIX  "scs_"
#define SCS_SESSION_ID_LEN 16 /* hex digits of a session's public id */
#define SCS_SESSION_TOUCH  60 /* seconds between writes of last_seen */
#define SCS_ACTIVATION_TTL                                                     \
	((int64_t)14 * 86400) /* seconds an activation code lives */

/* Who is acting.  The command line acts as the operating-system user who
 * can read the key directory: "os:NAME", with every power. */
enum scs_actor_kind { SCS_ACTOR_OS, SCS_ACTOR_USER, SCS_ACTOR_NONE };

struct scs_actor {
	enum scs_actor_kind kind;
	char name[SCS_ACTOR_MAX + 1]; /* as written in the audit log */
	char user[SCS_ID_MAX + 1];
	enum scs_role role;
	char org[SCS_ID_MAX + 1];
	char person[SCS_ID_MAX + 1];
};

/* What the open transaction changed (bits of scs_ctx.changed). */
#define SCS_CHANGED_RECORDS   1u /* some record */
#define SCS_CHANGED_DECISIONS 2u /* a kind the access decision reads */

struct scs_ctx {
	struct scs_store *st;
	struct scs_keys *keys;
	const struct scs_refdata *rd;
	struct scs_actor actor;
	int64_t (*now_us)(void); /* the clock, injected for tests */
	/* Called after a commit that changed records, with the
	 * SCS_CHANGED_* bits (the server forgets cached API keys, and
	 * rebuilds its decision index when decision inputs changed); may be
	 * NULL. */
	void (*on_change)(void *arg, unsigned changed);
	void *on_change_arg;
	/* The register's record-check sources (scs checks), opened by the
	 * program; none: record checks are refused. */
	struct scs_connector **checks;
	size_t nchecks;
	unsigned changed; /* SCS_CHANGED_* of the open transaction */
	/* Seconds a session may go unused before it is refused like an
	 * expired one (scs serve --idle-timeout); 0: no idle limit. */
	int64_t idle_timeout;
	/* Inside an import's bulk section (src/ops/bulk.c): records are
	 * taken as new and their references checked at the section's end;
	 * NULL otherwise. */
	struct scs_bulk *bulk;
	/* How to run slow work that reads no store (Argon2id) without the
	 * lock the caller holds around the operation, so that other
	 * requests go on meanwhile (the server: it unlocks, runs @fn,
	 * relocks); NULL: run it in place.  Only ever called outside a
	 * transaction.  0 when @fn ran; else @fn did not run, because as
	 * many such works as the caller allows are running (the server
	 * keeps a worker thread free of them): the operation answers
	 * SCS_ELIMIT, try again in a second. */
	int (*unlocked)(void *arg, void (*fn)(void *fnarg), void *fnarg);
	void *unlocked_arg;
	/* Sign-in failures of names without an account, and of known
	 * devices (scs_op_login); NULL: not kept. */
	struct scs_limit *unknown_names, *devices;
};

/* Refused requests of one caller, status and route in a period: one
 * audit entry each (scs_op_refusals_audit). */
struct scs_refusal {
	char actor[SCS_ACTOR_MAX + 1]; /* user:NAME, service:NAME, address:IP */
	char route[96];                /* "POST /v1/persons/{id}" */
	int status;                    /* 401, 403 or 429 */
	uint64_t count;
};

/**
 * Write @n summaries of refused requests, and @more refusals that found
 * no room in the period's table, to the audit log in one transaction:
 * action "refused", kind "request", the route as object, the caller as
 * actor, "STATUS xCOUNT" as purpose (the overflow as actor "server",
 * object "*").  Nothing to write: SCS_OK, nothing written.
 */
int scs_op_refusals_audit(struct scs_ctx *c, const struct scs_refusal *r,
    size_t n, uint64_t more, struct scs_err *err);

/** Run @fn(@arg) through c->unlocked (in place when NULL): 0 when it
 * ran, nonzero when it was refused (too many at once). */
int scs_op_unlocked(struct scs_ctx *c, void (*fn)(void *arg), void *arg);

/** The real clock: unix microseconds. */
int64_t scs_clock_real(void);

/** Set @a to the command-line actor "os:<login name>". */
void scs_actor_os(struct scs_actor *a);

/* Organizations: admin writes; signed-in people read. */
int scs_op_org_create(struct scs_ctx *c, const struct scs_org *o,
    struct scs_err *err);
int scs_op_org_update(struct scs_ctx *c, const struct scs_org *o,
    struct scs_err *err);
int scs_op_org_get(struct scs_ctx *c, const char *id, struct scs_org *out,
    struct scs_err *err);
int scs_op_org_list(struct scs_ctx *c, scs_org_cb cb, void *arg,
    struct scs_err *err);

/**
 * Create a person with relatives @rel (NULL: none).  Admins for any
 * organization, security officers for their own.
 */
int scs_op_person_create(struct scs_ctx *c, const struct scs_person *in,
    const struct scs_relatives *rel, struct scs_err *err);
/** Update a person's identity; relatives are kept. */
int scs_op_person_update(struct scs_ctx *c, const struct scs_person *in,
    struct scs_err *err);
/** A person's identity (no relatives), if the actor may see it. */
int scs_op_person_get(struct scs_ctx *c, const char *id, struct scs_person *out,
    struct scs_err *err);
/** The persons the actor may see, in id order, paged; only those of
 * organization @org when it is not NULL (a security officer: always their
 * own). */
int scs_op_person_list(struct scs_ctx *c, const char *org, const char *after,
    size_t limit, scs_person_cb cb, void *arg, struct scs_err *err);

/**
 * Open a person's sealed relatives for the vetting roles (and the subject,
 * for their own), recording the read and its @purpose in the audit log
 * before anything is returned.  @out is secure memory the caller owns.
 */
int scs_op_relatives_get(struct scs_ctx *c, const char *id, const char *purpose,
    struct scs_relatives *out, struct scs_err *err);
/** Replace a person's relatives (vetting roles, the subject, the OS). */
int scs_op_relatives_put(struct scs_ctx *c, const char *id,
    const struct scs_relatives *rel, struct scs_err *err);

/**
 * Add a user.  People get @password (Argon2id).  A relying_system account
 * gets a new API key, a subject account a one-time activation code valid
 * SCS_ACTIVATION_TTL, written to @out_secret: shown once, stored hashed.
 * A subject takes no password (SCS_EINVAL naming "password"): only the
 * person sets it, with the code (scs_op_user_activate); until then the
 * account cannot sign in.  One subject account per person: a second is
 * SCS_ECONFLICT naming "person".  On success *@in is the stored account
 * (creation time, code expiry); on failure @out_secret is wiped.
 */
int scs_op_user_add(struct scs_ctx *c, struct scs_user *in,
    const char *password, char out_secret[64], struct scs_err *err);
/** Disable a user and revoke their sessions.  An account already
 * disabled is left as it is: SCS_OK, no audit entry. */
int scs_op_user_disable(struct scs_ctx *c, const char *id, struct scs_err *err);
/** Enable a disabled user again: the account signs in as before it was
 * disabled (its password, or a subject's activation code if still
 * pending).  An account not disabled is left as it is: SCS_OK, no audit
 * entry. */
int scs_op_user_enable(struct scs_ctx *c, const char *id, struct scs_err *err);
/**
 * Reset subject account @id (admins): a new activation code in @out_code
 * (shown once), its password and sessions gone, so it cannot sign in
 * until the person activates it again.  With @person (not NULL or "") the
 * account is re-linked to that person, of the same organization and
 * without a subject account (SCS_ECONFLICT naming "person").  Audited as
 * "reset" or "relink", with the person(s) as purpose.  Another role's
 * account or a disabled one is SCS_ECONFLICT.  *@out_user (may be NULL)
 * gets the stored account.
 */
int scs_op_user_reset(struct scs_ctx *c, const char *id, const char *person,
    char out_code[SCS_CODE_LEN + 1], struct scs_user *out_user,
    struct scs_err *err);
/**
 * Activate subject account @user: its pending, unexpired @code proves the
 * person, who sets @password (SCS_EINVAL naming "password" when it is
 * unfit).  Needs no signed-in actor.  An unknown user, another role, a
 * disabled account, a wrong, expired or used code are one SCS_EAUTH that
 * does not say which, counted as a failed sign-in of @user (audited
 * "activate_failed" or "activate_locked"); while the account is locked,
 * SCS_ELOCKED with *@out_retry seconds.  Audited "activate".
 */
int scs_op_user_activate(struct scs_ctx *c, const char *user, const char *code,
    const char *password, int64_t *out_retry, struct scs_err *err);
int scs_op_user_list(struct scs_ctx *c, scs_user_cb cb, void *arg,
    struct scs_err *err);
/**
 * Bind to service account @id (admins) the client certificate whose
 * SHA-256 fingerprint (of its DER) is @fp: 64 hex digits, any case,
 * colons between bytes allowed; NULL or "" unbinds.  A request over
 * mutual TLS presenting that certificate, verified against the server's
 * --tls-client-ca, is then signed in as the account without an API key
 * (scs_op_authenticate_cert).  Not a relying_system account:
 * SCS_ECONFLICT naming "username"; a malformed @fp: SCS_EINVAL naming
 * "fingerprint"; one bound to another account: SCS_ECONFLICT naming
 * "fingerprint".  Audited "cert_bind" or "cert_unbind"; the same binding
 * again changes nothing (no audit entry).  *@out_user (may be NULL) gets
 * the stored account.
 */
int scs_op_user_cert(struct scs_ctx *c, const char *id, const char *fp,
    struct scs_user *out_user, struct scs_err *err);

/* A sign-in: what the caller gives, and what it gets back. */
struct scs_login {
	const char *user, *password;
	/* A device token from an earlier sign-in (scs_op_login's
	 * new_device), or NULL. */
	const char *device;
	char token[SCS_TOKEN_LEN + 1];       /* out: the session, shown once */
	char new_device[SCS_DEVICE_LEN + 1]; /* out: this device's token */
	struct scs_user u;                   /* out: the account */
	int64_t expires, retry;              /* out */
	int trusted; /* out: @device was this account's */
};

/**
 * Sign in @l->user with @l->password: on success a new session token,
 * the account, and a device token for this client to send with its next
 * sign-ins.  Wrong credentials are SCS_EAUTH; a lockout SCS_ELOCKED with
 * @l->retry seconds to wait.
 *
 * Failures lock out with a doubling backoff (SCS_LOCKOUT_*), counted per
 * account in the register, or per made-up name in c->unknown_names
 * (never a row).  A client with a device token of the account is not
 * held by that lockout, so that nobody can lock a person out by failing
 * their sign-in: its own failures count against its token in c->devices.
 * Every attempt on an account is audited ("login", "login_failed",
 * "login_locked"); attempts on made-up names are not (the server counts
 * them as security events).  The Argon2id runs through c->unlocked.
 * Free what it holds with scs_login_clear.
 */
int scs_op_login(struct scs_ctx *c, struct scs_login *l, struct scs_err *err);
void scs_login_clear(struct scs_login *l);
int scs_op_logout(struct scs_ctx *c, const char *token, struct scs_err *err);

/**
 * Turn a bearer token or API key into c->actor.  SCS_EAUTH when bad.  A
 * session (not an API key) is refused too when unused for longer than
 * c->idle_timeout; its last use is written at most once a minute (more
 * often only for an idle timeout under two minutes: every half of it).
 */
int scs_op_authenticate(struct scs_ctx *c, const char *bearer,
    struct scs_err *err);
/** The same for a verified client certificate of fingerprint @fp (64
 * lowercase hex digits): the enabled service account it is bound to
 * (scs_op_user_cert), else SCS_EAUTH. */
int scs_op_authenticate_cert(struct scs_ctx *c, const char *fp,
    struct scs_err *err);

/* One of the signed-in person's sessions as they may see it: never the
 * token, nor its stored hash, only its first 16 hex digits as an id. */
struct scs_session_view {
	char id[SCS_SESSION_ID_LEN + 1];
	int64_t created, last_seen, expires;
	bool current; /* the session of this request */
};
typedef int (*scs_session_view_cb)(void *arg, const struct scs_session_view *v);

/**
 * The live sessions (neither expired nor idle) of the signed-in person,
 * oldest first; @token is this request's session token (NULL: none is
 * current).  People only (not relying systems, not the command line).
 */
int scs_op_my_sessions(struct scs_ctx *c, const char *token,
    scs_session_view_cb cb, void *arg, struct scs_err *err);

/** End the signed-in person's session @id (a scs_session_view id):
 * SCS_ENOTFOUND when they have no such live session.  Audited
 * (`session_end`, the id as purpose). */
int scs_op_my_session_end(struct scs_ctx *c, const char *id,
    struct scs_err *err);

/**
 * Change the signed-in person's password from @current to @new_pw (the
 * password rules: SCS_EINVAL on "new").  A wrong @current is SCS_EINVAL
 * on "current" and one more failure towards the sign-in lockout
 * (audited `password_failed`, `password_locked`); a locked account is
 * SCS_ELOCKED with *out_retry.  On success every other session of the
 * user (all but @token's) is revoked; audited `password`.
 */
int scs_op_my_password(struct scs_ctx *c, const char *token,
    const char *current, const char *new_pw, int64_t *out_retry,
    struct scs_err *err);

/* One person of an organization's staff with their clearances'
 * standing today (include/scs/staff.h): identity and clearances only. */
struct scs_staff_clearance {
	struct scs_clearance c;
	enum scs_staff_status status;
};
struct scs_staff_row {
	char person[SCS_ID_MAX + 1];
	char name[SCS_NAME_MAX + 1];
	char name_latin[SCS_NAME_MAX + 1];
	enum scs_staff_status status;
	bool has_until; /* valid_until: the end of the standing's clearance */
	int64_t valid_until;
	struct scs_staff_clearance *clearances; /* in key order */
	size_t nclearances;
};
typedef int (*scs_staff_cb)(void *arg, const struct scs_staff_row *r);

struct scs_staff_query {
	const char *org;
	bool has_status; /* only persons of this standing */
	enum scs_staff_status status;
	bool by_until;     /* order by valid_until (none last), not name */
	const char *after; /* the last person of the previous page, or NULL */
	size_t limit;
};

/**
 * The staff of organization q->org with their standing now, in q's
 * order, filtered and paged.  Its own security officer (another
 * organization's: SCS_EDENIED on "id") and admins; SCS_ENOTFOUND on "id"
 * for an unknown organization; SCS_EINVAL on "after" when that person is
 * not of its staff.  The row is valid during the call only.
 */
int scs_op_org_staff(struct scs_ctx *c, const struct scs_staff_query *q,
    scs_staff_cb cb, void *arg, struct scs_err *err);

/**
 * The briefings of organization @org's staff (every one, current or
 * ended), in key order: for its own security officer and for admins, as
 * the staff list.  SCS_EDENIED for another organization's officer,
 * SCS_ENOTFOUND for an unknown organization.
 */
int scs_op_org_briefings(struct scs_ctx *c, const char *org, scs_rec_cb cb,
    void *arg, struct scs_err *err);

/* Progress of a long operation: @done of @total units (bytes, records). */
typedef void (*scs_progress_fn)(void *arg, uint64_t done, uint64_t total);

/**
 * Import JSON Lines from @in (named @name in errors; @total bytes for the
 * progress, 0 if unknown) in one transaction.  The first bad line stops it:
 * err->field becomes "NAME:LINE: field", nothing is kept.  *out_count
 * records were imported on success.
 */
int scs_op_import(struct scs_ctx *c, FILE *in, const char *name, uint64_t total,
    scs_progress_fn progress, void *parg, uint64_t *out_count,
    struct scs_err *err);

/** Export the whole register as JSON Lines, in a fixed order.  Audited. */
int scs_op_export(struct scs_ctx *c, FILE *out, uint64_t *out_count,
    struct scs_err *err);

/** A data key as an admin sees it: never its bytes. */
struct scs_key_view {
	uint32_t id;
	bool current;
	int64_t created_us;   /* its file's time; 0 unknown */
	uint64_t person_keys; /* live person keys wrapped under it */
};
typedef int (*scs_key_view_cb)(void *arg, const struct scs_key_view *v);

/**
 * The data keys of the key directory, in id order (admins), with the
 * person keys each still wraps; into *@out_rotating the key an unfinished
 * rotation is moving to, or 0.
 */
int scs_op_keys_list(struct scs_ctx *c, scs_key_view_cb cb, void *arg,
    uint32_t *out_rotating, struct scs_err *err);

/**
 * Make a new data key current, convert every value still sealed under a
 * register key itself (format 1) to its person's key (*@out_resealed
 * records), and re-wrap every person's data key under the new key
 * (*@out_rewrapped persons), in batches; values under person keys are
 * not touched.  Safe to interrupt and run again (it resumes).  @progress
 * gets the records and keys done so far after each batch.
 */
int scs_op_keys_rotate(struct scs_ctx *c, scs_progress_fn progress, void *parg,
    uint32_t *out_key, uint64_t *out_resealed, uint64_t *out_rewrapped,
    struct scs_err *err);

struct scs_verify_report {
	struct scs_audit_report log;
	uint64_t records; /* records checked against their last entry */
	uint64_t blocks;  /* decision blocks checked against their entry */
	int ok;
	char problem[320];
};

/** Verify the audit log and every record against its last audited state. */
int scs_op_audit_verify(struct scs_ctx *c, struct scs_verify_report *rep,
    struct scs_err *err);

/* One recorded decision, as a block holds it. */
struct scs_decision_found {
	uint64_t seq; /* the audit entry of its block */
	const char *actor, *subject, *item;
	int64_t at; /* the decision's time, unix seconds */
	enum scs_reason reason;
};

typedef int (
    *scs_decision_found_cb)(void *arg, const struct scs_decision_found *d);

/* Which recorded decisions to find: every condition that is set holds. */
struct scs_decision_filter {
	const char *subject; /* NULL: any (then from and to are required) */
	const char *item;    /* NULL: any */
	int64_t from, to;    /* from <= at < to; INT64_MIN, INT64_MAX: open */
};

/**
 * The recorded decisions (in decision blocks) that pass @f, in log
 * order, at most @limit (0: all); *@out_more is 1 when more would have
 * followed.  Auditors.  SCS_EINVAL naming "subject" when neither a
 * subject nor a whole time range is given, naming the id field when it
 * is not an id, "to" when it is before "from".  The strings passed to
 * @cb are valid during the call only.
 */
int scs_op_audit_decisions(struct scs_ctx *c,
    const struct scs_decision_filter *f, uint64_t limit,
    scs_decision_found_cb cb, void *arg, int *out_more, struct scs_err *err);

/** The latest signed tree head (auditors and admins). */
int scs_op_audit_head(struct scs_ctx *c, struct scs_tree_head *out,
    struct scs_err *err);

/** The inclusion proof of audit entry @leaf in the signed head of @size
 * (0: the latest), in one read snapshot (auditors and admins, as the
 * head); errors as scs_audit_prove_inclusion. */
int scs_op_audit_prove_inclusion(struct scs_ctx *c, uint64_t leaf,
    uint64_t size, struct scs_audit_proof *out, struct scs_err *err);

/** The consistency proof between the signed heads of sizes @from and @to
 * (0: the latest), as scs_op_audit_prove_inclusion. */
int scs_op_audit_prove_consistency(struct scs_ctx *c, uint64_t from,
    uint64_t to, struct scs_audit_proof *out, struct scs_err *err);

/** Read audit entries from @from, at most @limit (auditors). */
int scs_op_audit_list(struct scs_ctx *c, uint64_t from, uint64_t limit,
    scs_audit_cb cb, void *arg, struct scs_err *err);

/**
 * Read the audit entries that pass @f, in seq order, at most @limit
 * (auditors).  The filter's texts are checked first: actor and object
 * (texts), action and kind (ids), each at most as long as the log holds;
 * a time range that ends before it starts is refused too.  SCS_EINVAL
 * naming "actor", "action", "kind", "object" or "to".
 */
int scs_op_audit_find(struct scs_ctx *c, const struct scs_audit_filter *f,
    uint64_t limit, scs_audit_cb cb, void *arg, struct scs_err *err);

/**
 * Append one audit entry for a record (@kind, @object) whose canonical
 * state is @state (NULL: no record changed), inside an open transaction.
 */
int scs_op_audit(struct scs_ctx *c, const char *action, const char *kind,
    const char *object, const uint8_t *state, const char *purpose,
    struct scs_err *err);

/**
 * scs_op_audit for a change to a record's sealed fields only (relatives,
 * a purge, a re-seal): the decision index reads none, so the change is
 * not one of its inputs (SCS_CHANGED_DECISIONS) even when the kind is.
 */
int scs_op_audit_sealed(struct scs_ctx *c, const char *action, const char *kind,
    const char *object, const uint8_t *state, const char *purpose,
    struct scs_err *err);

/* The other records of the register, any kind of the kind table but
 * organizations and persons.  Who may write and read each, and the
 * organization that scopes an organization-bound writer, are in the table
 * (src/core/record.c; the CLI acts as the OS and may all).  References
 * are checked and named (the field of the missing record).  A record made
 * through these (not by import) also keeps the rules of recorded data
 * (a clearance no longer than its authority's validity).
 */
int scs_op_rec_create(struct scs_ctx *c, struct scs_record *r,
    struct scs_err *err);
/** Replace a record with the same key (a debriefing sets a briefing's
 * valid_until; a clearance changes status); @r becomes the record as
 * stored (an update without a kept text, such as a suspension's reason,
 * keeps the stored one). */
int scs_op_rec_update(struct scs_ctx *c, struct scs_record *r,
    struct scs_err *err);
/** The records of @kind the actor may see that match @q (NULL: all), in
 * key order; a designator sees their organ's only. */
int scs_op_rec_list(struct scs_ctx *c, enum scs_kind kind,
    const struct scs_rec_query *q, scs_rec_cb cb, void *arg,
    struct scs_err *err);
/** Records about person @id (clearances, briefings, memberships,
 * suspensions) for the roles that may see that person's status: one
 * indexed query per kind. */
int scs_op_person_access(struct scs_ctx *c, const char *id, scs_rec_cb cb,
    void *arg, struct scs_err *err);
/** The memberships of program @id (person and validity only), for the
 * designators of its owner organ and admins; another organ's program
 * reads as missing (SCS_ENOTFOUND naming "program"). */
int scs_op_program_members(struct scs_ctx *c, const char *id, scs_rec_cb cb,
    void *arg, struct scs_err *err);

/** Designate a new item: the owner's designator (or admin); the first
 * term is at most 5 years. */
int scs_op_item_designate(struct scs_ctx *c, const struct scs_item *it,
    struct scs_err *err);
/** Renew item @id to @until (see scs_item_renew); *out gets the result. */
int scs_op_item_renew(struct scs_ctx *c, const char *id, int64_t until,
    bool cabinet_approval, bool exception, struct scs_item *out,
    struct scs_err *err);
/** Declassify item @id at @at. */
int scs_op_item_declassify(struct scs_ctx *c, const char *id, int64_t at,
    struct scs_item *out, struct scs_err *err);
/** Read item @id (designators of the owner, admins, auditors). */
int scs_op_item_get(struct scs_ctx *c, const char *id, struct scs_item *out,
    struct scs_err *err);

/** The state hash the audit log keeps for @r: SHA-256 over its kind and
 * canonical JSON (scs_codec_rec_canon), sealed fields as stored (DESIGN.md
 * section 6).  Out of memory, or a text that is not well-formed UTF-8
 * (which has no JSON form), gives the unknown state (all bytes 0xff),
 * which scs_op_audit refuses with SCS_ENOMEM and no comparison may take
 * as equal. */
void scs_op_state(const struct scs_record *r, uint8_t out[32]);

/** Whether @state is the unknown state of a failed scs_op_state*. */
bool scs_op_state_unknown(const uint8_t state[32]);

/* ---- the access decision (DESIGN.md section 5) ---- */

/** Build a decision index from one consistent snapshot of the store. */
int scs_op_index_build(struct scs_ctx *c, struct scs_index **out,
    struct scs_err *err);

/* Where an index stands in the audit log: it holds the changes of the
 * entries before @seq; @leaf is the leaf hash of entry seq - 1 (zero
 * when seq is 0), to notice a log that is not the one followed (a
 * register restored from a backup). */
struct scs_index_pos {
	uint64_t seq;
	uint8_t leaf[32];
};

/** Build as scs_op_index_build does and note in @pos (NULL: not asked)
 * where the audit log ended in the same snapshot. */
int scs_op_index_build_at(struct scs_ctx *c, struct scs_index **out,
    struct scs_index_pos *pos, struct scs_err *err);

/* A follow takes at most this many audit entries of decision inputs
 * (changes); more: a full build.  Other entries (decisions...) are never
 * read: the store selects by kind. */
#define SCS_FOLLOW_MAX 65536

/**
 * Bring index @cur up to the register (src/ops/follow.c): read the audit
 * entries after @pos, re-read the subjects, organizations and items they
 * changed, all in one read transaction, and make an updated index in
 * *out (NULL when no entry changed a decision input; @pos advances
 * either way).  *out_touched (may be NULL): how many entities were
 * re-read.  SCS_ECONFLICT when the changes need a full build (the log is
 * not the one followed, too many entries, a record the tables do not
 * know, an organization changed country); @pos is then unchanged.
 */
int scs_op_index_follow(struct scs_ctx *c, const struct scs_index *cur,
    struct scs_index_pos *pos, struct scs_index **out, size_t *out_touched,
    struct scs_err *err);

/** What scs_op_index_open did with the index cache. */
struct scs_index_cache_use {
	bool read;       /* the index came from the cache */
	bool refused;    /* a cache file was there but unreadable or bad */
	size_t followed; /* entities re-read since the cache's position */
	bool built;      /* built in full from the register */
	bool written;    /* and written to the cache */
	char reason[SCS_ERR_REASON_MAX];      /* why not read; "" if read */
	char write_error[SCS_ERR_REASON_MAX]; /* why not written */
};

/**
 * The decision index of the register, as scs_op_index_build_at makes it
 * (and its position in *@pos, may be NULL), read from the index cache
 * file @path when that holds an image of this register's index sealed
 * with its key (src/ops/icache.c), brought up to the register by
 * following the audit log; else built in full and written to @path.  A
 * cache that cannot be read or written never fails the call: @use (may
 * be NULL) says what happened.  @path NULL: no cache.
 */
int scs_op_index_open(struct scs_ctx *c, const char *path,
    struct scs_index **out, struct scs_index_pos *pos,
    struct scs_index_cache_use *use, struct scs_err *err);

/** Write @ix (a full build) at position @pos to the index cache @path:
 * a temporary file renamed over it, mode 0600, sealed by the register's
 * key. */
int scs_op_index_cache_write(struct scs_ctx *c, const char *path,
    const struct scs_index *ix, const struct scs_index_pos *pos,
    struct scs_err *err);

/** Who may ask for decisions: relying systems, and the roles that manage
 * access to information (designators, security officers); the CLI. */
int scs_op_may_decide(const struct scs_ctx *c, struct scs_err *err);

/** How decisions are audited: each one (denies and allows, in batches),
 * each deny with allows counted (the default), or counts only (bulk). */
enum scs_decision_audit {
	SCS_DAUDIT_EACH,
	SCS_DAUDIT_DENIES,
	SCS_DAUDIT_COUNT
};

/** Whether a decision answered @r gets an audit entry of its own under
 * @mode (the others are counted): the one rule the decider and the
 * writer of the log share. */
bool scs_decision_recorded(enum scs_decision_audit mode, enum scs_reason r);

/** Parse "each", "denies", "count".  0 or -1. */
int scs_decision_audit_parse(const char *s, enum scs_decision_audit *out);

/* One decision to record in the audit log. */
struct scs_decision_rec {
	char actor[SCS_ACTOR_MAX + 1]; /* who asked; "" for the context's */
	char subject[SCS_ID_MAX + 1];
	char item[SCS_ID_MAX + 1];
	int64_t at;
	enum scs_reason reason;
};

/**
 * Record a batch of decisions in one transaction: per @mode, each deny
 * (and each allow under SCS_DAUDIT_EACH) in blocks of at most
 * SCS_DBLOCK_MAX (include/scs/dblock.h), each block one audit entry
 * (action "decisions", kind "decision_block", object "FIRST..LAST"
 * decision times, its state the block's hash) with the block stored
 * beside it; and one entry (action "decisions", kind "decision")
 * counting allows and denies when any were not put in a block.  @recs
 * holds the decisions to record individually; @allows and @denies count
 * all.  Nothing is stored on a failure.
 */
int scs_op_decisions_audit(struct scs_ctx *c, enum scs_decision_audit mode,
    const struct scs_decision_rec *recs, size_t n, uint64_t allows,
    uint64_t denies, struct scs_err *err);

/* Where a decider's audit records go: NULL means scs_op_decisions_audit
 * at once (the command line); the server queues them for its writer. */
typedef int (*scs_decision_sink)(void *arg, const struct scs_decision_rec *recs,
    size_t n, uint64_t allows, uint64_t denies, struct scs_err *err);

/*
 * A run of access decisions by one actor against one index, the same for
 * `scs check` and POST /v1/decisions: who may ask, the scope of each
 * question, the time (the context's clock unless a query names one), and
 * which decisions are recorded, all here once.
 */
struct scs_decider {
	struct scs_ctx *c;
	const struct scs_index *ix;
	enum scs_decision_audit mode;
	int64_t now; /* the context's clock when the run began */
	struct scs_decision_rec *recs;
	size_t nrecs, cap;
	uint64_t allows, denies;
	scs_decision_sink sink;
	void *sink_arg;
};

/** Start a run: SCS_EDENIED for a role that may not ask, SCS_EBUSY with
 * no index.  Records are handed to @sink every @cap decisions. */
int scs_op_decider_open(struct scs_decider *d, struct scs_ctx *c,
    const struct scs_index *ix, enum scs_decision_audit mode, size_t cap,
    scs_decision_sink sink, void *sink_arg, struct scs_err *err);

/**
 * Decide whether @subject may see @item at *@at (NULL: the run's now),
 * DESIGN.md section 5.  Ids are checked (SCS_EINVAL naming them), the time
 * must lie in the index's range; a subject or item outside the actor's
 * scope reads as unknown.  *@out_at is the time used.
 */
int scs_op_decide(struct scs_decider *d, const char *subject, size_t slen,
    const char *item, size_t ilen, const int64_t *at, int64_t *out_at,
    enum scs_reason *out, struct scs_err *err);

/* One query of scs_op_decide_many: scs_op_decide's arguments. */
struct scs_decide_query {
	const char *subject;
	size_t slen;
	const char *item;
	size_t ilen;
	const int64_t *at; /* NULL: the run's now */
};

/**
 * The same as scs_op_decide on @q[0], @q[1]... in turn (the same checks,
 * scope, answers, records and hand-overs to the sink), with the ids of
 * SCS_INDEX_BATCH queries at a time resolved together
 * (scs_index_resolve_many): answers in @out[i], times in @out_at[i].
 * *@out_done is @n on SCS_OK; on an error, the index of the query that
 * failed, with @err as scs_op_decide's for it: those before it are
 * answered, and counted and recorded as one by one.
 */
int scs_op_decide_many(struct scs_decider *d, const struct scs_decide_query *q,
    size_t n, int64_t *out_at, enum scs_reason *out, size_t *out_done,
    struct scs_err *err);

/** Hand what is not yet recorded to the sink (at the end of a run, and
 * when a request stops midway: what was answered is on record). */
int scs_op_decider_flush(struct scs_decider *d, struct scs_err *err);
void scs_op_decider_close(struct scs_decider *d);

/* ---- vetting cases (DESIGN.md sections 2, 3, 4; src/ops/case.c) ----
 *
 * Who sees what: the subject their own cases; the sponsor's security
 * officers and admins the outcome only ("in_progress", "granted",
 * "interim", "denied", "not_completed"); investigators the cases of their
 * screening body; adjudicators every case.  A case out of sight is
 * SCS_ENOTFOUND.  An event the lifecycle does not allow now is
 * SCS_ECONFLICT naming "state" (the state and what is allowed, in the
 * reason) or, to the sponsor, "outcome"; an event for another role is
 * SCS_EDENIED.  Each returns the actor's view of the case in *@out (may be
 * NULL), which the caller frees.
 */

/**
 * Nominate @in->person for @in->authority at @in->level with @in->need
 * (security officers of the person's employer, admins).  The employer is
 * the sponsor: a government organ, or a contractor or research institution
 * with a conforming approval under the authority valid now at a rank at
 * least the level's.  One open case per person and authority.  A person
 * without a subject account gets one: its name in @out_user and its
 * one-time activation code in @out_code (else both "").  *@in becomes the
 * case as stored.
 */
int scs_op_case_nominate(struct scs_ctx *c, struct scs_case *in,
    char out_user[SCS_ID_MAX + 1], char out_code[SCS_CODE_LEN + 1],
    struct scs_err *err);
int scs_op_case_get(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** The cases the actor may see, in id order after @after, at most @limit
 * (0: all), in @state when set, decided by a rule only when @eadj (both
 * for the full views only); @cb takes each view. */
int scs_op_case_list(struct scs_ctx *c, const char *state, bool eadj,
    const char *after, size_t limit, int (*cb)(void *arg, json_t *j), void *arg,
    struct scs_err *err);
/** The history of stamps (subject, vetting roles). */
int scs_op_case_history(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** Consent (@agree) to the notice in force (@version, when given, must be
 * it) signed @signature, or refuse; the subject. */
int scs_op_case_consent(struct scs_ctx *c, const char *id, bool agree,
    const char *version, const char *signature, json_t **out,
    struct scs_err *err);
/** Withdraw before a decision: the subject or the sponsor. */
int scs_op_case_withdraw(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** Save one section's answers (the subject, in questionnaire; after a
 * return only the returned sections).  Sealed.  @errs gets every problem
 * (may be NULL). */
int scs_op_answers_put(struct scs_ctx *c, const char *id, const char *section,
    const json_t *answers, struct scs_qerrs *errs, struct scs_err *err);
/** The saved answers: one section, or all (@section NULL) as {section:
 * answers}; the subject and the vetting roles, audited with @purpose. */
int scs_op_answers_get(struct scs_ctx *c, const char *id, const char *section,
    const char *purpose, json_t **out, struct scs_err *err);
/** Certify and submit the whole questionnaire; every problem in @errs.
 * The relatives section becomes the person's sealed relatives. */
int scs_op_case_submit(struct scs_ctx *c, const char *id, bool certify,
    const char *signature, struct scs_qerrs *errs, json_t **out,
    struct scs_err *err);
/** Return @n named sections for correction with @note (vetting roles). */
int scs_op_case_return(struct scs_ctx *c, const char *id,
    const char *const *sections, size_t n, const char *note, json_t **out,
    struct scs_err *err);
/** The note of the last return (subject, vetting roles), audited. */
int scs_op_case_note(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** How many open cases screening body @body holds (admins,
 * adjudicators): one count on the store's index of body and state. */
int scs_op_body_open_cases(struct scs_ctx *c, const char *body, uint64_t *out,
    struct scs_err *err);
/** Assign a screening body accredited for the case's authority, or with
 * @body NULL or "" the one with the fewest open cases (adjudicators,
 * admins). */
int scs_op_case_assign(struct scs_ctx *c, const char *id, const char *body,
    json_t **out, struct scs_err *err);
/** Run the register's record checks; each result becomes a finding.
 * *@out: the case's findings. */
int scs_op_case_record_checks(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** Record a finding {item, source, date, severity, mitigation, narrative}
 * (the investigator); *@out: the case's findings. */
int scs_op_finding_add(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err);
/** The findings with their sealed narratives (vetting roles), audited. */
int scs_op_findings_get(struct scs_ctx *c, const char *id, const char *purpose,
    json_t **out, struct scs_err *err);
/** Close the investigation: to adjudication, and at once decided by the
 * authority's e-adjudication rule when one holds. */
int scs_op_case_close(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);
/** Decide {outcome: grant|interim|deny, assessments, conditions} (an
 * adjudicator).  A grant or interim grant creates the clearance. */
int scs_op_case_decide(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err);
/** The decision and its reasons (the subject, adjudicators), audited. */
int scs_op_case_decision_get(struct scs_ctx *c, const char *id,
    const char *purpose, json_t **out, struct scs_err *err);
/** Complain about a denial within the authority's window (the subject). */
int scs_op_case_complain(struct scs_ctx *c, const char *id, const char *text,
    json_t **out, struct scs_err *err);
/** Review a complaint (an adjudicator who did not decide): upheld goes
 * back to adjudication, else rejected. */
int scs_op_case_review(struct scs_ctx *c, const char *id, bool upheld,
    const char *note, json_t **out, struct scs_err *err);
/** Active and interim clearances ending within @within seconds from now,
 * in key order (admins and adjudicators: all; security officers: their
 * organization's staff): the cases to reinvestigate. */
int scs_op_clearances_due(struct scs_ctx *c, int64_t within, scs_rec_cb cb,
    void *arg, struct scs_err *err);

/* What a timeliness report covers (docs/timeliness.md). */
struct scs_timeliness_query {
	int64_t from, to; /* decided in [from, to); INT64_MIN, INT64_MAX: no
	                     bound; the backlog also at min(to, now) */
	const char *by;   /* "level" (NULL too) or "body" */
	const char *body; /* NULL: every case; "unassigned": those without a
	                     body; else a screening body's id */
};

/** The timeliness report (DESIGN.md section 8) over cases decided in
 * [from, to) and the backlog now (and at the end of the window), as JSON:
 * per authority and level, or per screening body (a subtotal, then its
 * authorities and levels), and in all; per phase and end to end (count,
 * mean, median, p90, fastest 90% mean and what it leaves out, in days; the
 * share within the target), the backlog by age, overdue cases, the
 * e-adjudication share (auditors, admins, adjudicators;
 * docs/timeliness.md).  SCS_EINVAL naming "to", "by" or "body". */
int scs_op_report_timeliness(struct scs_ctx *c,
    const struct scs_timeliness_query *q, json_t **out, struct scs_err *err);

/** The report @rep of scs_op_report_timeliness as CSV (RFC 4180, one row
 * per group and phase; docs/timeliness.md "CSV") into *@out_text, *@out_len
 * bytes, which the caller frees with free().  SCS_OK or SCS_ENOMEM. */
int scs_op_timeliness_csv(const json_t *rep, char **out_text, size_t *out_len,
    struct scs_err *err);

/** The oversight statistics of the register at @at (unix seconds), as
 * JSON: counts only, no person or case (auditors and admins;
 * docs/timeliness.md "Statistics"; src/core/stats.c). */
int scs_op_report_statistics(struct scs_ctx *c, int64_t at, json_t **out,
    struct scs_err *err);

/** The capacity planner (docs/capacity.md): run the scenario @body
 * (its classes' times and arrivals from the register's history where it
 * says "history") and answer the simulator's result as JSON (auditors,
 * admins). */
int scs_op_sim(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** The register's own scenario: a class per authority and level of the
 * last year's cases, with their history, branch shares and open cases;
 * one investigator pool of every enabled investigator account (of
 * DEFAULT_SLOTS cases each) and one of the adjudicators (auditors,
 * admins). */
int scs_op_sim_scenario(struct scs_ctx *c, json_t **out, struct scs_err *err);

/** The forecast (docs/capacity.md "Forecasts"): each class's cases
 * opened per quarter forecast @quarters ahead (1 to 8), pushed through
 * the simulator from the open cases in @reps replications (1 to 100):
 * per quarter, arrivals, the inventory at its end and the phases' p50,
 * p80, p90, each with its 10th to 90th percentile; per class, the
 * method, history, forecast and a backtest on its last four quarters.
 * @scenario NULL: the register's own (auditors, admins). */
int scs_op_forecast(struct scs_ctx *c, unsigned quarters, unsigned reps,
    const json_t *scenario, json_t **out, struct scs_err *err);

/** The what-if {"scenario", "pool", "quantile", "days"}: the fewest
 * servers of the pool whose cases' quantile of time in its stage is
 * within the days (the pool's own cases: one body among several),
 * by simulation and by Erlang C, beside the current staff and Little's
 * law on the base run (auditors, admins). */
int scs_op_sim_staff(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/**
 * The annual report to the Diet of calendar year @year (UTC), counted
 * from the audit log alone (auditors and admins; docs/oversight.md;
 * src/core/annual.c), as JSON: year, from, to, log_size (the signed tree
 * head the report read up to), entries_counted, then designations,
 * assessments, complaints, incidents and alerts, each with its totals
 * and its breakdowns as arrays of rows.  One read transaction; nothing
 * written.  SCS_EINVAL naming "year" outside 1970..9999.
 */
int scs_op_report_annual(struct scs_ctx *c, int year, json_t **out,
    struct scs_err *err);

/** The same report as one CSV table (scs_annual_csv): *@out_csv holds
 * *@out_len bytes and a NUL, freed by the caller with free(). */
int scs_op_report_annual_csv(struct scs_ctx *c, int year, char **out_csv,
    size_t *out_len, struct scs_err *err);

/** The expected decision date of open case @k from the medians of the
 * cases of its authority and level decided in the last year, and the
 * 80% interval with its median (scs_tl_expect_band) into @out_band[0..2]
 * when it is not NULL: SCS_OK, SCS_ENOTFOUND (no history),
 * SCS_ECONFLICT (decided). */
int scs_op_expected_date(struct scs_ctx *c, const struct scs_case *k,
    int64_t *out, int64_t *out_band, struct scs_err *err);

/** The signed-in subject's or security officer's notifications. */
int scs_op_notifications(struct scs_ctx *c, json_t **out, struct scs_err *err);
/** The questionnaire of @authority (any signed-in person). */
int scs_op_questionnaire(struct scs_ctx *c, const char *authority,
    const json_t **out, struct scs_err *err);
/** The consent notice in force for @authority (any signed-in person). */
int scs_op_consent_notice(struct scs_ctx *c, const char *authority,
    const json_t **out, struct scs_err *err);

/* ---- privacy (DESIGN.md section 7; src/ops/privacy.c) ---- */

/* One person a retention run purged (or, dry, would purge). */
struct scs_purge {
	const char *person;
	int64_t due;     /* since when the retention periods allowed it */
	uint64_t values; /* sealed values removed (0 in a dry run) */
};
typedef int (*scs_purge_cb)(void *arg, const struct scs_purge *p);

struct scs_retention_report {
	uint64_t persons;  /* purged (or that would be) */
	uint64_t values;   /* sealed values removed */
	bool checkpointed; /* the write-ahead log holds none of them now */
};

/**
 * The retention purge (admins, the command line): every person whose
 * retention periods (data/vetting.json; the rules at scs_retention_due)
 * have all run out at @now (unix seconds) and who is not purged yet, each
 * in a transaction of its own: every sealed value of theirs (relatives,
 * answers, findings' narratives, mitigations and records, a case's
 * decision, complaint and note) emptied, each record changed audited
 * "purge", and their data key destroyed (audited "destroy", kind
 * "person_key"), so nothing of it can be recovered, even with the key
 * directory.  Identity, case metadata and stamps, findings' metadata,
 * clearances and the rest stay.  Then the write-ahead log is checkpointed
 * (best effort: @out->checkpointed).  @dry_run changes nothing and
 * reports who would go.  @cb (may be NULL) gets each person after their
 * purge committed.  A failure stops the run; the persons purged before
 * it stay purged, and a new run goes on with the others.
 */
int scs_op_retention_run(struct scs_ctx *c, int64_t now, bool dry_run,
    scs_purge_cb cb, void *arg, struct scs_retention_report *out,
    struct scs_err *err);

/**
 * Everything the register holds on person @id as one JSON document (the
 * subject's right of access, DESIGN.md section 7): the person with their
 * relatives opened; their cases, each with its sealed decision, complaint
 * and note opened, its history, answers, findings (narratives opened) and
 * notifications; their clearances, briefings, memberships and
 * suspensions.  The signed-in subject exports themself (@id NULL or their
 * own; another reads as missing); the command line any person.  Audited
 * ("export", kind "person") in the transaction that reads, so no data
 * leaves unrecorded.  *@out is the caller's.
 */
int scs_op_person_export(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);

/* ---- record-check sources (src/ops/checks.c) ---- */

/** The register's record-check feed (admins): its path in @out, "" when
 * none is configured. */
int scs_op_checks_get(struct scs_ctx *c, char *out, size_t size,
    struct scs_err *err);
/** Configure the feed at @path (NULL or "": none): it must open now
 * (SCS_EINVAL naming "FILE:LINE: field" otherwise).  Audited. */
int scs_op_checks_set(struct scs_ctx *c, const char *path, struct scs_err *err);
/** Open the configured sources into c->checks (the program's, once). */
int scs_op_checks_open(struct scs_ctx *c, struct scs_err *err);
void scs_op_checks_close(struct scs_ctx *c);

/* ---- reciprocity (src/ops/attest.c, docs/attestation.md) ---- */

struct scs_trust_key;
struct scs_status_list;
struct scs_verify_opts;

/** A new signing key of @authority for @days, certified by the root
 * secret key @root_sk (64 bytes; kept offline by its holder), and the
 * authority's key list signed again (admins).  Audited. */
int scs_op_trust_key_new(struct scs_ctx *c, const char *authority,
    const uint8_t *root_sk, int days, json_t **out, struct scs_err *err);

/** The key lists the register holds (its own only with @own_only), of
 * @authority or all (NULL), as a key list file (format
 * scs-key-lists-v1).  Public: they hold public keys only. */
int scs_op_trust_export(struct scs_ctx *c, const char *authority, bool own_only,
    json_t **out, struct scs_err *err);

/** Import the lists of a key list file @doc (admins): each is checked
 * under its root; a first list of an authority needs its root's
 * fingerprint in @pins ({"USA-DCSA": "<hex SHA-256>"}), later ones the
 * same root and a newer issue.  All or nothing.  Audited. */
int scs_op_trust_import(struct scs_ctx *c, const json_t *doc,
    const json_t *pins, json_t **out, struct scs_err *err);

/** Every key of every list held (malloc'd; free it). */
int scs_op_trust_keys(struct scs_ctx *c, struct scs_trust_key **out, size_t *n,
    struct scs_err *err);

/** Issue a code: body {person, partner, profile?, authority?, days?}
 * (admins, the person's security officer, the person).  Out: {id, code,
 * claims}.  Audited. */
int scs_op_attest_issue(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** Check @code under @o (offline: trust and status lists given) into
 * {valid, result, reason, claims, status}. */
int scs_op_attest_check(struct scs_ctx *c, const char *code,
    const struct scs_verify_opts *o, json_t **out, struct scs_err *err);

/** Check @code against the register's trust and its own live status
 * lists (admins, officers, relying systems, auditors).  Audited. */
int scs_op_attest_verify(struct scs_ctx *c, const char *code, json_t **out,
    struct scs_err *err);

/** The status list of @authority as the register stands (unsigned). */
int scs_op_attest_status_list(struct scs_ctx *c, const char *authority,
    struct scs_status_list *sl, struct scs_err *err);

/** The signed status list of @authority (malloc'd COSE_Sign1).  Public. */
int scs_op_attest_status(struct scs_ctx *c, const char *authority,
    uint8_t **out, size_t *len, struct scs_err *err);

/** The codes issued for @person, newest first, each with its state now
 * (valid, suspended, revoked as the status list says it, or expired);
 * the codes themselves are not kept (admins, the person's security
 * officer, the person). */
int scs_op_attest_list(struct scs_ctx *c, const char *person, json_t **out,
    struct scs_err *err);

/** Withdraw code @id (admins, the person's security officer).  Audited. */
int scs_op_attest_revoke(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);

/** Record a partner's code as a foreign clearance of a person of the
 * register: body {code, person} (admins, adjudicators, the person's
 * security officer).  The code must verify against the register's trust,
 * be a partner authority's, issued for the nation of the person's
 * employer, and name the person (the passport name and birth date, or
 * their salted hash); the clearance runs from the code's issue to its
 * expiry, so rule 5 may use it.  Out: {clearance, claims}.  Audited
 * (action import, the code in the purpose). */
int scs_op_attest_import(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** The reciprocity lookup: body {person, birth_date}; whether that person
 * holds a usable clearance, and which (authority, level, rank, status,
 * valid_until), nothing else of the file (admins, security officers of any
 * organization, relying systems).  A wrong birth date reads as an unknown
 * person.  Audited (action lookup). */
int scs_op_clearance_lookup(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** Ask for a cleared person to move to another employer: body {person,
 * birth_date, to_org} (an officer's own organization; admins name it).
 * Audited (action request). */
int scs_op_transfer_request(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** Accept or reject (adjudicators, admins; a rejection with @reason), or
 * cancel (the asking officer, admins) transfer @id.  Accepted, the
 * person's employer changes and the clearances stay.  Audited. */
int scs_op_transfer_decide(struct scs_ctx *c, const char *id,
    enum scs_transfer_state to, const char *reason, json_t **out,
    struct scs_err *err);

/** The transfers the actor may see. */
int scs_op_transfer_list(struct scs_ctx *c, json_t **out, struct scs_err *err);

/** The secret key (@sk, 64 bytes of secure memory) and key id (@kid, 8
 * bytes) of the newest signing key of @authority valid now. */
int scs_op_attest_signer(struct scs_ctx *c, const char *authority, uint8_t *sk,
    uint8_t *kid, struct scs_err *err);

/* ---- visit requests (src/ops/visit.c) ---- */

/** Draft a visit request (the visitor's security officer, admins): body
 * {visitor, host_org, site, purpose, kind, first_day, last_day, items?,
 * compartments?}.  Audited. */
int scs_op_visit_create(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err);

/** Amend a draft or returned request (the visitor's side).  Audited. */
int scs_op_visit_update(struct scs_ctx *c, const char *id, const json_t *body,
    json_t **out, struct scs_err *err);

/** Move visit @id to @to: submitted, certified (issues the visitor's
 * attestation for the host's nation), cancelled by the visitor's side;
 * approved (signs the pass), rejected or returned (with @note) by the
 * host's.  Audited. */
int scs_op_visit_move(struct scs_ctx *c, const char *id,
    enum scs_visit_state to, const char *note, json_t **out,
    struct scs_err *err);

/** The visits of the actor's organization, either side (admins: all),
 * each with its phase. */
int scs_op_visit_list(struct scs_ctx *c, json_t **out, struct scs_err *err);

/** Visit @id as the list shows it, with its history: the audit log's
 * entries of the visit, oldest first ({at, actor, action}).  Only the two
 * organizations' officers and admins; SCS_ENOTFOUND naming "id" for
 * anyone else. */
int scs_op_visit_get(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err);

/** Check a host's pass: against @o (offline) or, when NULL, the
 * register's trust now (admins, officers, relying systems). */
int scs_op_visit_pass_check(struct scs_ctx *c, const char *pass,
    const struct scs_verify_opts *given, json_t **out, struct scs_err *err);

/** The salted identity hash of the register profile. */
void scs_attest_identity_hash(const uint8_t *salt, const char *name,
    const char *birth, uint8_t *out);

/* The register's versions (see scs_op_register_version). */
enum scs_version {
	SCS_VERSION_REGISTER, /* every committed change of a record */
	SCS_VERSION_DECISIONS /* changes of what the access decision reads */
};

/** A version of the register: it moves with every committed change of
 * the records it covers (never with reads or decisions). */
int scs_op_register_version(struct scs_ctx *c, enum scs_version which,
    uint64_t *out, struct scs_err *err);

/** Sign the tree head and commit; roll back on any failure. */
int scs_op_commit(struct scs_ctx *c, struct scs_err *err);

/** State hashes of stored records (the audit log's "state"). */
void scs_op_state_org(const struct scs_org *o, uint8_t out[32]);
void scs_op_state_person(const struct scs_person *p, uint8_t out[32]);
void scs_op_state_user(const struct scs_user *u, uint8_t out[32]);

/* What a backup holds, from its manifest (src/ops/backup.c). */
struct scs_backup_report {
	int64_t created_us; /* when the copy was taken */
	uint64_t entries;   /* audit entries, all verified */
	uint64_t records;   /* records checked against their last entry */
	uint64_t bytes;     /* of the register's copy, before encryption */
	uint8_t root[32];   /* the audit tree's root over the entries */
};

/**
 * Back up the SQLite register @db (open in @c) into the file @out_path,
 * while it serves: a consistent copy, verified as `scs audit verify`
 * does, encrypted under @lk (src/crypto/backup.c) with a manifest of
 * what it holds, written to a temporary file, synced and renamed over
 * @out_path.  Refuses a register that does not verify (SCS_ECORRUPT), and
 * a PostgreSQL one (SCS_EINVAL, field "db").  The keys are not in it.
 */
int scs_op_backup(struct scs_ctx *c, const char *db, const char *out_path,
    const struct scs_backup_lock *lk, struct scs_backup_report *rep,
    struct scs_err *err);

/**
 * Restore the backup @in_path into @db, a path where no register is
 * (SCS_ECONFLICT otherwise): decrypted beside it, verified under @c's keys
 * (the key directory restored first: it is not in a backup) against the
 * manifest's audit root, and only then linked into place.  @c->st is not
 * used.  Nothing is left at @db on any failure.
 */
int scs_op_restore(struct scs_ctx *c, const char *in_path, const char *db,
    const struct scs_backup_lock *lk, struct scs_backup_report *rep,
    struct scs_err *err);

/** The manifest of a backup of @rep: JSON text the caller frees, or NULL
 * when out of memory. */
char *scs_op_backup_manifest_text(const struct scs_backup_report *rep);

/** Read a backup's manifest @text (NUL-terminated; what the backup's
 * first message decrypts to, so untrusted once the key is known) into
 * @rep.  SCS_OK, or SCS_ECORRUPT on "backup" with nothing promised of
 * @rep.  Public for tests/fuzz/fuzz_backup.c. */
int scs_op_backup_manifest_parse(const char *text,
    struct scs_backup_report *rep, struct scs_err *err);

/** The head remembered in a served-head file whose first bytes are
 * @text (NUL-terminated, at most 159 bytes are read of a file), into
 * @out.  SCS_OK, or SCS_ECORRUPT naming @path.  Public for
 * tests/fuzz/fuzz_backup.c. */
int scs_op_served_parse(const char *text, const char *path,
    struct scs_tree_head *out, struct scs_err *err);

/**
 * Rollback detection (src/ops/served.c): SCS_ECONFLICT, field "audit",
 * naming both heads, when the register's audit log is older than the
 * signed tree head remembered in the file @path, or has another root at
 * its size; SCS_OK when it extends it, or nothing is remembered yet.
 */
int scs_op_served_check(struct scs_ctx *c, const char *path,
    struct scs_err *err);

/** Remember the register's current signed tree head in @path, when it is
 * larger than the one there (written to a temporary file, renamed). */
int scs_op_served_note(struct scs_ctx *c, const char *path,
    struct scs_err *err);

#endif
