/* SPDX-License-Identifier: Apache-2.0 */
/*
 * attest.c - reciprocity operations (DESIGN.md section 9,
 * docs/attestation.md): an authority's signing keys certified by its
 * offline root, the key lists the register publishes and the partners'
 * it trusts, issuing attestation codes from the register's clearances,
 * verifying codes, and the status list that says which codes a
 * suspension or revocation has since withdrawn.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ops_int.h"
#include "scs/attest.h"
#include "scs/codec.h"
#include "scs/crypto.h"
#include "scs/map.h"
#include "scs/reciprocity.h"
#include "scs/record.h"
#include "scs/trust.h"

#define ADMIN   SCS_ROLE_ADMIN
#define OFFICER SCS_ROLE_SECURITY_OFFICER
#define SUBJECT SCS_ROLE_SUBJECT
#define RELYING SCS_ROLE_RELYING
#define AUDITOR SCS_ROLE_AUDITOR

#define KEY_DAYS_DEFAULT 180
#define KEY_DAYS_MAX     400
#define DAY              86400

static int
oom(struct scs_err *err)
{
	return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
}

/* ---- key lists ---- */

static int
get_list(struct scs_ctx *c, const char *authority, struct scs_record *r,
    struct scs_err *err)
{
	scs_record_init(r, SCS_KIND_KEY_LIST);
	(void)scs_strlcpy(r->u.key_list.authority, authority,
	    sizeof(r->u.key_list.authority));
	return scs_store_rec_get(c->st, r, r, err);
}

struct keys_acc {
	const char *authority;
	int64_t since; /* keys that ended before this are left out */
	struct scs_key_list *l;
};

static int
key_cb(void *arg, const struct scs_record *r)
{
	struct keys_acc *a = arg;
	const struct scs_signing_key *k = &r->u.signing_key;
	struct scs_trust_key *t;

	if (strcmp(k->authority, a->authority) != 0 || k->not_after <= a->since)
		return SCS_OK;
	if (a->l->nkeys == SCS_KEYLIST_MAX) /* the oldest go first */
		memmove(&a->l->keys[0], &a->l->keys[1],
		    (SCS_KEYLIST_MAX - 1) * sizeof(a->l->keys[0]));
	else
		a->l->nkeys++;
	t = &a->l->keys[a->l->nkeys - 1];
	memset(t, 0, sizeof(*t));
	(void)scs_unhex(t->pub, 32, k->public_key);
	t->not_before = k->not_before;
	t->not_after = k->not_after;
	return SCS_OK;
}

/* Sign and store the authority's own key list: every signing key that
 * may still have codes in circulation (ended less than the longest
 * validity of a code ago), signed by @root_sk. */
static int
publish_list(struct scs_ctx *c, const struct scs_authority *au,
    const uint8_t *root_sk, int64_t now, struct scs_err *err)
{
	struct scs_key_list l;
	struct keys_acc a = {au->code, now - (int64_t)SCS_ATTEST_DAYS_MAX * DAY,
	    &l};
	struct scs_rec_query q;
	struct scs_record *r = scs_op_rec_new(SCS_KIND_KEY_LIST);
	uint8_t cose[2048];
	size_t n;
	int rc;

	if (r == NULL)
		return oom(err);
	memset(&l, 0, sizeof(l));
	(void)scs_strlcpy(l.country, au->nations[0], sizeof(l.country));
	(void)scs_strlcpy(l.authority, au->code, sizeof(l.authority));
	l.issued = now;
	memcpy(l.root, root_sk + 32, 32);
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "authority";
	q.eq[0].value = au->code;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_SIGNING_KEY, &q, key_cb,
	         &a, err)) != SCS_OK)
		goto out;
	if ((n = scs_key_list_sign(&l, root_sk, cose, sizeof(cose))) == 0) {
		rc = scs_err_set(err, SCS_EINTERNAL, "key_list",
		    "the key list of %s could not be signed", au->code);
		goto out;
	}
	(void)scs_strlcpy(r->u.key_list.authority, au->code,
	    sizeof(r->u.key_list.authority));
	(void)scs_strlcpy(r->u.key_list.country, l.country,
	    sizeof(r->u.key_list.country));
	r->u.key_list.own = true;
	scs_hex(r->u.key_list.root, l.root, 32);
	r->u.key_list.issued = now;
	r->u.key_list.imported = now;
	if (scs_crypto_b64(cose, n, r->u.key_list.list,
	        sizeof(r->u.key_list.list)) != 0) {
		rc = scs_err_set(err, SCS_EINTERNAL, "key_list",
		    "the key list of %s is too long", au->code);
		goto out;
	}
	{
		struct scs_record *old = scs_op_rec_new(SCS_KIND_KEY_LIST);

		if (old == NULL) {
			rc = oom(err);
			goto out;
		}
		rc = get_list(c, au->code, old, err);
		scs_op_rec_free(old);
		if (rc == SCS_OK || rc == SCS_ENOTFOUND)
			rc = scs_op_put(c, r,
			    rc == SCS_OK ? SCS_PUT_UPDATE : SCS_PUT_INSERT,
			    "publish", NULL, err);
	}
out:
	scs_op_rec_free(r);
	return rc;
}

int
scs_op_trust_key_new(struct scs_ctx *c, const char *authority,
    const uint8_t *root_sk, int days, json_t **out, struct scs_err *err)
{
	const struct scs_authority *au =
	    scs_refdata_authority(c->rd, authority);
	struct scs_record *r = scs_op_rec_new(SCS_KIND_SIGNING_KEY);
	struct scs_record *old = scs_op_rec_new(SCS_KIND_KEY_LIST);
	struct scs_signing_key *k;
	uint8_t pk[32], *sk = scs_crypto_secalloc(64), kid[SCS_ATTEST_KID];
	char root_hex[SCS_KEY_HEX];
	int64_t now = c->now_us() / 1000000;
	int rc;

	*out = NULL;
	if (r == NULL || old == NULL || sk == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, ADMIN, "manage signing keys", err)) != SCS_OK)
		goto out;
	if (au == NULL || au->nnations == 0) {
		rc = scs_err_set(err, SCS_EINVAL, "authority",
		    "no authority \"%s\" in the reference tables", authority);
		goto out;
	}
	if (days < 1 || days > KEY_DAYS_MAX) {
		rc = scs_err_set(err, SCS_EINVAL, "days",
		    "must be from 1 to %d", KEY_DAYS_MAX);
		goto out;
	}
	scs_hex(root_hex, root_sk + 32, 32);
	rc = get_list(c, authority, old, err);
	if (rc == SCS_OK &&
	    (!old->u.key_list.own ||
	        strcmp(old->u.key_list.root, root_hex) != 0)) {
		rc = scs_err_set(err, SCS_ECONFLICT, "root",
		    old->u.key_list.own
		        ? "the key list of %s is under another root key"
		        : "%s is a partner's authority: its keys are imported",
		    authority);
		goto out;
	}
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		goto out;
	scs_crypto_keypair(NULL, pk, sk);
	scs_attest_kid(pk, kid);
	if ((rc = scs_keys_attest_save(c->keys, kid, sk, err)) != SCS_OK)
		goto out;
	k = &r->u.signing_key;
	scs_hex(k->kid, kid, SCS_ATTEST_KID);
	(void)scs_strlcpy(k->authority, authority, sizeof(k->authority));
	(void)scs_strlcpy(k->country, au->nations[0], sizeof(k->country));
	scs_hex(k->public_key, pk, 32);
	(void)scs_strlcpy(k->root, root_hex, sizeof(k->root));
	k->not_before = now;
	k->not_after = now + (int64_t)days * DAY;
	k->created = now;
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = scs_op_put(c, r, SCS_PUT_INSERT, "create", NULL, err)) !=
	        SCS_OK ||
	    (rc = publish_list(c, au, root_sk, now, err)) != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	*out = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "kid", k->kid,
	    "authority", k->authority, "public_key", k->public_key, "root",
	    k->root, "not_before", scs_codec_instant_json(k->not_before),
	    "not_after", scs_codec_instant_json(k->not_after));
	if (*out == NULL)
		rc = oom(err);
out:
	scs_crypto_secfree(sk);
	scs_op_rec_free(r);
	scs_op_rec_free(old);
	return rc;
}

static json_t *
list_json(const struct scs_key_list_rec *l)
{
	uint8_t root[32], fp[32];
	char fph[SCS_KEY_HEX];

	(void)scs_unhex(root, 32, l->root);
	scs_crypto_sha256(fp, root, 32);
	scs_hex(fph, fp, 32);
	return json_pack("{s:s, s:s, s:b, s:s, s:s, s:o, s:s}", "authority",
	    l->authority, "country", l->country, "own", l->own, "root", l->root,
	    "root_fingerprint", fph, "issued",
	    scs_codec_instant_json(l->issued), "list", l->list);
}

struct lists_acc {
	json_t *a;
	const char *authority; /* NULL: every one */
	bool own_only;
};

static int
lists_cb(void *arg, const struct scs_record *r)
{
	struct lists_acc *a = arg;
	const struct scs_key_list_rec *l = &r->u.key_list;

	if ((a->own_only && !l->own) ||
	    (a->authority != NULL && strcmp(a->authority, l->authority) != 0))
		return SCS_OK;
	return json_array_append_new(a->a, list_json(l)) == 0 ? SCS_OK
	                                                      : SCS_ENOMEM;
}

int
scs_op_trust_export(struct scs_ctx *c, const char *authority, bool own_only,
    json_t **out, struct scs_err *err)
{
	struct lists_acc a = {json_array(), authority, own_only};
	int rc;

	*out = NULL;
	if (a.a == NULL)
		return oom(err);
	rc = scs_store_rec_each(c->st, SCS_KIND_KEY_LIST, lists_cb, &a, err);
	if (rc == SCS_ENOMEM)
		rc = oom(err);
	if (rc == SCS_OK && authority != NULL && json_array_size(a.a) == 0)
		rc = scs_err_set(err, SCS_ENOTFOUND, "authority",
		    "no key list of \"%s\"", authority);
	if (rc == SCS_OK &&
	    (*out = json_pack("{s:s, s:o}", "format", "scs-key-lists-v1",
	         "lists", a.a)) == NULL)
		rc = oom(err);
	if (rc != SCS_OK)
		json_decref(a.a);
	return rc;
}

/* The list at @j, read and checked; its record into @r. */
static int
import_one(struct scs_ctx *c, const json_t *j, const json_t *pins, int64_t now,
    struct scs_record *r, struct scs_err *err)
{
	struct scs_key_list kl;
	struct scs_record *old = scs_op_rec_new(SCS_KIND_KEY_LIST);
	uint8_t cose[2048], fp[32];
	char fph[SCS_KEY_HEX], root[SCS_KEY_HEX];
	const char *b64 = json_string_value(json_object_get(j, "list"));
	const char *pin;
	size_t n;
	bool exists;
	int rc;

	if (old == NULL)
		return oom(err);
	if (b64 == NULL || scs_crypto_unb64(b64, cose, sizeof(cose), &n) != 0) {
		rc = scs_err_set(err, SCS_EINVAL, "list",
		    "must be a signed key list in Base64");
		goto out;
	}
	if ((rc = scs_key_list_read(cose, n, &kl, err)) != SCS_OK)
		goto out;
	if (scs_refdata_authority(c->rd, kl.authority) == NULL) {
		rc = scs_err_set(err, SCS_EINVAL, "authority",
		    "no authority \"%s\" in the reference tables",
		    kl.authority);
		goto out;
	}
	scs_hex(root, kl.root, 32);
	scs_crypto_sha256(fp, kl.root, 32);
	scs_hex(fph, fp, 32);
	rc = get_list(c, kl.authority, old, err);
	exists = rc == SCS_OK;
	if (rc == SCS_OK) {
		if (old->u.key_list.own) {
			rc = scs_err_set(err, SCS_ECONFLICT, "authority",
			    "%s is the register's own authority", kl.authority);
			goto out;
		}
		if (strcmp(old->u.key_list.root, root) != 0) {
			rc = scs_err_set(err, SCS_ECONFLICT, "root",
			    "the list of %s is under another root key than "
			    "the one pinned",
			    kl.authority);
			goto out;
		}
		if (kl.issued < old->u.key_list.issued) {
			rc = scs_err_set(err, SCS_ECONFLICT, "issued",
			    "the list of %s is older than the one held",
			    kl.authority);
			goto out;
		}
	} else if (rc == SCS_ENOTFOUND) {
		pin = json_string_value(json_object_get(pins, kl.authority));
		if (pin == NULL || strcmp(pin, fph) != 0) {
			rc = scs_err_set(err, SCS_EINVAL, "pin",
			    "a first list of %s needs its root key's "
			    "fingerprint pinned (%s)",
			    kl.authority, fph);
			goto out;
		}
	} else {
		goto out;
	}
	scs_record_init(r, SCS_KIND_KEY_LIST);
	(void)scs_strlcpy(r->u.key_list.authority, kl.authority,
	    sizeof(r->u.key_list.authority));
	(void)scs_strlcpy(r->u.key_list.country, kl.country,
	    sizeof(r->u.key_list.country));
	(void)scs_strlcpy(r->u.key_list.root, root, sizeof(r->u.key_list.root));
	r->u.key_list.issued = kl.issued;
	r->u.key_list.imported = now;
	(void)scs_strlcpy(r->u.key_list.list, b64, sizeof(r->u.key_list.list));
	rc = scs_op_put(c, r, exists ? SCS_PUT_UPDATE : SCS_PUT_INSERT,
	    "import", NULL, err);
out:
	scs_op_rec_free(old);
	return rc;
}

int
scs_op_trust_import(struct scs_ctx *c, const json_t *doc, const json_t *pins,
    json_t **out, struct scs_err *err)
{
	const json_t *lists = json_object_get(doc, "lists");
	struct scs_record *r = scs_op_rec_new(SCS_KIND_KEY_LIST);
	int64_t now = c->now_us() / 1000000;
	json_t *done = json_array();
	size_t i;
	int rc;

	*out = NULL;
	if (r == NULL || done == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, ADMIN, "import partners' key lists", err)) !=
	    SCS_OK)
		goto out;
	if (!json_is_string(json_object_get(doc, "format")) ||
	    strcmp(json_string_value(json_object_get(doc, "format")),
	        "scs-key-lists-v1") != 0 ||
	    !json_is_array(lists) || json_array_size(lists) == 0) {
		rc = scs_err_set(err, SCS_EINVAL, "format",
		    "must be a key list file (format scs-key-lists-v1) with "
		    "at least one list");
		goto out;
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	for (i = 0; i < json_array_size(lists); i++) {
		rc = import_one(c, json_array_get(lists, i), pins, now, r, err);
		if (rc != SCS_OK) {
			char f[SCS_ERR_FIELD_MAX];

			(void)snprintf(f, sizeof(f), "lists[%zu].%.200s", i,
			    err->field);
			(void)scs_strlcpy(err->field, f, sizeof(err->field));
			(void)scs_op_abort(c, rc);
			goto out;
		}
		if (json_array_append_new(done, list_json(&r->u.key_list)) !=
		    0) {
			rc = scs_op_abort(c, oom(err));
			goto out;
		}
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	if ((*out = json_pack("{s:o}", "imported", done)) == NULL)
		rc = oom(err);
	done = NULL;
out:
	json_decref(done);
	scs_op_rec_free(r);
	return rc;
}

/* Every key of every list the register holds. */
struct trust_acc {
	struct scs_trust_key *keys;
	size_t n, cap;
	int rc;
};

static int
trust_cb(void *arg, const struct scs_record *r)
{
	struct trust_acc *a = arg;
	struct scs_key_list kl;
	struct scs_err err;
	uint8_t cose[2048];
	size_t n, i;

	if (scs_crypto_unb64(r->u.key_list.list, cose, sizeof(cose), &n) != 0 ||
	    scs_key_list_read(cose, n, &kl, &err) != SCS_OK)
		return SCS_OK; /* checked on import; a bad one trusts nothing */
	if (a->n + kl.nkeys > a->cap) {
		size_t cap = (a->cap + kl.nkeys) * 2;
		struct scs_trust_key *k =
		    realloc(a->keys, cap * sizeof(*a->keys));

		if (k == NULL)
			return SCS_ENOMEM;
		a->keys = k;
		a->cap = cap;
	}
	for (i = 0; i < kl.nkeys; i++)
		a->keys[a->n++] = kl.keys[i];
	return SCS_OK;
}

int
scs_op_trust_keys(struct scs_ctx *c, struct scs_trust_key **out, size_t *n,
    struct scs_err *err)
{
	struct trust_acc a = {NULL, 0, 0, 0};
	int rc =
	    scs_store_rec_each(c->st, SCS_KIND_KEY_LIST, trust_cb, &a, err);

	if (rc == SCS_ENOMEM)
		rc = oom(err);
	if (rc != SCS_OK) {
		free(a.keys);
		return rc;
	}
	*out = a.keys;
	*n = a.n;
	return SCS_OK;
}

/* ---- issuing ---- */

/* The newest signing key of @authority valid at @now. */
struct signer_acc {
	int64_t now;
	struct scs_signing_key best;
	bool found;
};

static int
signer_cb(void *arg, const struct scs_record *r)
{
	struct signer_acc *a = arg;
	const struct scs_signing_key *k = &r->u.signing_key;

	if (k->not_before <= a->now && a->now < k->not_after &&
	    (!a->found || k->not_before > a->best.not_before)) {
		a->best = *k;
		a->found = true;
	}
	return SCS_OK;
}

/* The secret key of the newest valid signing key of @authority into @sk
 * (64 bytes, secure memory), its id into @kid. */
static int
signer(struct scs_ctx *c, const char *authority, int64_t now, uint8_t *sk,
    uint8_t kid[SCS_ATTEST_KID], struct scs_err *err)
{
	struct signer_acc a;
	struct scs_rec_query q;
	int rc;

	memset(&a, 0, sizeof(a));
	a.now = now;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "authority";
	q.eq[0].value = authority;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_SIGNING_KEY, &q,
	         signer_cb, &a, err)) != SCS_OK)
		return rc;
	if (!a.found)
		return scs_err_set(err, SCS_ECONFLICT, "authority",
		    "no signing key of %s is valid now (scs trust key new)",
		    authority);
	if (scs_unhex(kid, SCS_ATTEST_KID, a.best.kid) != 0)
		return scs_err_set(err, SCS_ECORRUPT, "kid",
		    "signing key %s is not stored well", a.best.kid);
	rc = scs_keys_attest_load(c->keys, kid, sk, err);
	if (rc == SCS_ENOTFOUND)
		return scs_err_set(err, SCS_ECONFLICT, "authority",
		    "the key directory lacks signing key %s of %s", a.best.kid,
		    authority);
	return rc;
}

int
scs_op_attest_signer(struct scs_ctx *c, const char *authority, uint8_t *sk,
    uint8_t *kid, struct scs_err *err)
{
	return signer(c, authority, c->now_us() / 1000000, sk, kid, err);
}

/* The person's best usable clearance at @now, of @authority when it is
 * not "". */
struct clr_acc {
	const struct scs_refdata *rd;
	const char *authority;
	int64_t now;
	struct scs_clearance best;
	int rank;
	bool any;
};

static int
clr_cb(void *arg, const struct scs_record *r)
{
	struct clr_acc *a = arg;
	const struct scs_clearance *cl = &r->u.clearance;
	const struct scs_level *lv;

	if ((a->authority[0] != '\0' &&
	        strcmp(cl->authority, a->authority) != 0) ||
	    (cl->status != SCS_CLR_ACTIVE && cl->status != SCS_CLR_INTERIM) ||
	    !scs_period_holds(cl->valid_from, cl->valid_until, a->now))
		return SCS_OK;
	lv = scs_refdata_level(a->rd, cl->authority, cl->level);
	if (lv != NULL && (!a->any || lv->rank > a->rank)) {
		a->best = *cl;
		a->rank = lv->rank;
		a->any = true;
	}
	return SCS_OK;
}

static int
suspended_cb(void *arg, const struct scs_record *r)
{
	(void)r;
	*(bool *)arg = true;
	return SCS_OK;
}

/* The allied-equivalent levels: those of @partner's authorities (an
 * authority whose nations include it) at the same common rank. */
static void
equivalents(const struct scs_refdata *rd, const char *partner, int rank,
    const char *own, struct scs_attest_claims *cl)
{
	size_t i, j;

	for (i = 0; i < rd->nlevels && cl->nequiv < SCS_ATTEST_EQUIV; i++) {
		const struct scs_level *lv = &rd->levels[i];
		const struct scs_authority *au =
		    &rd->authorities[lv->authority];
		bool ours = false;

		if (lv->rank != rank || strcmp(au->code, own) == 0)
			continue;
		for (j = 0; j < au->nnations; j++)
			if (strcmp(au->nations[j], partner) == 0)
				ours = true;
		if (!ours)
			continue;
		(void)scs_strlcpy(cl->equiv[cl->nequiv].authority, au->code,
		    sizeof(cl->equiv[0].authority));
		(void)scs_strlcpy(cl->equiv[cl->nequiv].level, lv->code,
		    sizeof(cl->equiv[0].level));
		cl->nequiv++;
	}
}

/* The passport name: as printed, else the Latin name in capitals. */
static void
passport_name(const struct scs_person *p, char *out, size_t size)
{
	size_t i;

	(void)scs_strlcpy(out,
	    p->name_passport[0] != '\0' ? p->name_passport : p->name_latin,
	    size);
	for (i = 0; out[i] != '\0'; i++)
		if (out[i] >= 'a' && out[i] <= 'z')
			out[i] = (char)(out[i] - 'a' + 'A');
}

void
scs_attest_identity_hash(const uint8_t *salt, const char *name,
    const char *birth, uint8_t *out)
{
	uint8_t h[32];
	struct scs_hash_part parts[4] = {
	    {"scs-identity-v1", 16}, /* with its NUL */
	    {salt, SCS_ATTEST_SALT},
	    {name, strlen(name) + 1},
	    {birth, strlen(birth)},
	};

	scs_crypto_sha256v(h, parts, 4);
	memcpy(out, h, SCS_ATTEST_IDHASH);
}

/* What the issue request asks. */
struct issue_req {
	char person[SCS_ID_MAX + 1];
	char partner[SCS_PARTNER_LEN];
	char authority[SCS_AUTH_CODE_MAX];
	enum scs_attest_profile profile;
	int days;
};

static int
parse_issue(struct scs_ctx *c, const json_t *b, struct issue_req *q,
    struct scs_err *err)
{
	char prof[16];
	const json_t *d = json_object_get(b, "days");
	int rc;

	memset(q, 0, sizeof(*q));
	if (!json_is_object(b))
		return scs_err_set(err, SCS_EINVAL, "",
		    "the body must be a JSON object");
	if ((rc = scs_codec_str(b, "person", q->person, sizeof(q->person), true,
	         err)) != SCS_OK ||
	    (rc = scs_valid_id(q->person, "person", err)) != SCS_OK ||
	    (rc = scs_codec_str(b, "partner", q->partner, sizeof(q->partner),
	         true, err)) != SCS_OK ||
	    (rc = scs_valid_nation(c->rd, q->partner, "partner", err)) !=
	        SCS_OK)
		return rc;
	rc = scs_codec_str(b, "authority", q->authority, sizeof(q->authority),
	    false, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	rc = scs_codec_str(b, "profile", prof, sizeof(prof), false, err);
	if (rc == SCS_ENOTFOUND || strcmp(prof, "register") == 0)
		q->profile = SCS_ATTEST_REGISTER;
	else if (rc == SCS_OK && strcmp(prof, "gate") == 0)
		q->profile = SCS_ATTEST_GATE;
	else
		return scs_err_set(err, SCS_EINVAL, "profile",
		    "must be gate or register");
	q->days = SCS_ATTEST_DAYS_MAX;
	if (d != NULL && !json_is_null(d)) {
		if (!json_is_integer(d) || json_integer_value(d) < 1 ||
		    json_integer_value(d) > SCS_ATTEST_DAYS_MAX)
			return scs_err_set(err, SCS_EINVAL, "days",
			    "must be a whole number of days from 1 to %d",
			    SCS_ATTEST_DAYS_MAX);
		q->days = (int)json_integer_value(d);
	}
	return SCS_OK;
}

/* May the actor issue a code for @p? */
static int
may_issue(const struct scs_ctx *c, const struct scs_person *p,
    struct scs_err *err)
{
	int rc = scs_op_allow(c, ADMIN | OFFICER | SUBJECT,
	    "issue attestations", err);

	if (rc != SCS_OK || c->actor.kind != SCS_ACTOR_USER)
		return rc;
	if ((c->actor.role == OFFICER && strcmp(p->org, c->actor.org) != 0) ||
	    (c->actor.role == SUBJECT && strcmp(p->id, c->actor.person) != 0))
		return scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", p->id);
	return SCS_OK;
}

/* Fill the claims of a code for @p under clearance @cl at @now. */
static int
fill_claims(struct scs_ctx *c, const struct issue_req *q,
    const struct scs_person *p, const struct scs_clearance *cl, int rank,
    int64_t now, struct scs_attest_claims *out, struct scs_err *err)
{
	const struct scs_authority *au =
	    scs_refdata_authority(c->rd, cl->authority);
	uint8_t mac[32];
	struct scs_hash_part parts[3] = {
	    {q->partner, strlen(q->partner) + 1},
	    {p->id, strlen(p->id)},
	    {NULL, 0},
	};

	memset(out, 0, sizeof(*out));
	(void)scs_strlcpy(out->country, au->nations[0], sizeof(out->country));
	(void)scs_strlcpy(out->authority, cl->authority,
	    sizeof(out->authority));
	out->iat = now;
	out->exp = now + (int64_t)q->days * DAY;
	if (cl->valid_until < out->exp)
		out->exp = cl->valid_until;
	(void)scs_strlcpy(out->level, cl->level, sizeof(out->level));
	out->rank = (unsigned)rank;
	equivalents(c->rd, q->partner, rank, cl->authority, out);
	(void)scs_strlcpy(out->partner, q->partner, sizeof(out->partner));
	scs_keys_mac(c->keys, "scs-attest-pseudonym-v1", parts, 2, mac);
	memcpy(out->pseudonym, mac, SCS_ATTEST_PSEUDO);
	out->profile = q->profile;
	if (q->profile == SCS_ATTEST_GATE) {
		passport_name(p, out->name, sizeof(out->name));
		if (out->name[0] == '\0' || p->birth_date[0] == '\0')
			return scs_err_set(err, SCS_EINVAL, "profile",
			    "the gate profile needs the person's passport name "
			    "and birth date, and %s lacks one",
			    p->id);
		(void)scs_strlcpy(out->birth, p->birth_date,
		    sizeof(out->birth));
	} else {
		char name[sizeof(out->name)];

		passport_name(p, name, sizeof(name));
		scs_crypto_random(out->salt, sizeof(out->salt));
		scs_attest_identity_hash(out->salt, name, p->birth_date,
		    out->idhash);
	}
	return SCS_OK;
}

/* The person's usable clearance, or why none. */
static int
usable_clearance(struct scs_ctx *c, const struct issue_req *q, int64_t now,
    struct clr_acc *a, struct scs_err *err)
{
	struct scs_rec_query qq;
	bool suspended = false;
	int rc;

	memset(a, 0, sizeof(*a));
	a->rd = c->rd;
	a->authority = q->authority;
	a->now = now;
	memset(&qq, 0, sizeof(qq));
	qq.eq[0].field = "person";
	qq.eq[0].value = q->person;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &qq, clr_cb, a,
	         err)) != SCS_OK)
		return rc;
	qq.has_at = true;
	qq.at = now;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_SUSPENSION, &qq,
	         suspended_cb, &suspended, err)) != SCS_OK)
		return rc;
	if (suspended)
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "%s is suspended: no attestation can be issued", q->person);
	if (!a->any)
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    q->authority[0] != '\0'
		        ? "%s holds no active clearance of the authority asked"
		        : "%s holds no active clearance",
		    q->person);
	return SCS_OK;
}

static json_t *
claims_json(const struct scs_attest_claims *cl)
{
	json_t *o, *eq = json_array();
	char pseudo[2 * SCS_ATTEST_PSEUDO + 1], t1[SCS_TIME_STRMAX],
	    t2[SCS_TIME_STRMAX];
	size_t i;

	if (eq == NULL)
		return NULL;
	for (i = 0; i < cl->nequiv; i++)
		(void)json_array_append_new(eq,
		    json_pack("{s:s, s:s}", "authority", cl->equiv[i].authority,
		        "level", cl->equiv[i].level));
	scs_hex(pseudo, cl->pseudonym, SCS_ATTEST_PSEUDO);
	(void)scs_time_format_us(cl->iat * 1000000, t1);
	(void)scs_time_format_us(cl->exp * 1000000, t2);
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:o, s:s, s:s, s:I, "
	              "s:s}",
	    "country", cl->country, "authority", cl->authority, "issued", t1,
	    "expires", t2, "level", cl->level, "rank", (int)cl->rank,
	    "equivalents", eq, "partner", cl->partner, "pseudonym", pseudo,
	    "status_index", (json_int_t)cl->status, "profile",
	    scs_attest_profile_codes[cl->profile]);
	if (o == NULL)
		return NULL;
	if (cl->profile == SCS_ATTEST_GATE) {
		(void)json_object_set_new(o, "name", json_string(cl->name));
		(void)json_object_set_new(o, "birth_date",
		    json_string(cl->birth));
	} else {
		char salt[2 * SCS_ATTEST_SALT + 1],
		    idh[2 * SCS_ATTEST_IDHASH + 1];

		scs_hex(salt, cl->salt, SCS_ATTEST_SALT);
		scs_hex(idh, cl->idhash, SCS_ATTEST_IDHASH);
		(void)json_object_set_new(o, "identity_salt",
		    json_string(salt));
		(void)json_object_set_new(o, "identity_hash", json_string(idh));
	}
	return o;
}

static int
next_index(struct scs_ctx *c, const char *authority, int64_t *out,
    struct scs_err *err)
{
	struct scs_rec_query q;
	uint64_t n = 0;
	int rc;

	memset(&q, 0, sizeof(q));
	q.eq[0].field = "authority";
	q.eq[0].value = authority;
	rc = scs_store_rec_count(c->st, SCS_KIND_ATTESTATION, &q, &n, err);
	*out = (int64_t)n;
	return rc;
}

int
scs_op_attest_issue(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct issue_req q;
	struct scs_person p;
	struct clr_acc a;
	struct scs_attest_claims cl;
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ATTESTATION);
	struct scs_attestation *at;
	uint8_t *sk = scs_crypto_secalloc(64), kid[SCS_ATTEST_KID];
	char code[SCS_ATTEST_TEXT_MAX];
	int64_t now = c->now_us() / 1000000, index;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (r == NULL || sk == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | SUBJECT,
	         "issue attestations", err)) != SCS_OK ||
	    (rc = parse_issue(c, body, &q, err)) != SCS_OK)
		goto out;
	rc = scs_store_person_get(c->st, q.person, &p, err);
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", q.person);
	if (rc != SCS_OK || (rc = may_issue(c, &p, err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	if ((rc = usable_clearance(c, &q, now, &a, err)) != SCS_OK ||
	    (rc = signer(c, a.best.authority, now, sk, kid, err)) != SCS_OK ||
	    (rc = fill_claims(c, &q, &p, &a.best, a.rank, now, &cl, err)) !=
	        SCS_OK ||
	    (rc = next_index(c, a.best.authority, &index, err)) != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	cl.status = (uint64_t)index;
	at = &r->u.attestation;
	(void)snprintf(at->id, sizeof(at->id), "AT-%s-%lld", cl.authority,
	    (long long)index);
	(void)scs_strlcpy(at->authority, cl.authority, sizeof(at->authority));
	at->status_index = index;
	(void)scs_strlcpy(at->person, p.id, sizeof(at->person));
	(void)scs_strlcpy(at->level, cl.level, sizeof(at->level));
	(void)scs_strlcpy(at->partner, cl.partner, sizeof(at->partner));
	at->profile = cl.profile;
	scs_hex(at->kid, kid, SCS_ATTEST_KID);
	at->issued = cl.iat;
	at->expires = cl.exp;
	(void)scs_strlcpy(at->issued_by, c->actor.name, sizeof(at->issued_by));
	rc = scs_attest_encode(&cl, sk, kid, code, sizeof(code), NULL, err);
	if (rc == SCS_OK && strlen(code) > SCS_ATTEST_QR_CHARS)
		rc = scs_err_set(err, SCS_ETOOBIG,
		    cl.profile == SCS_ATTEST_GATE ? "name" : "claims",
		    "the code would need %zu characters, more than a QR code "
		    "of version 13 holds (%d)%s",
		    strlen(code), SCS_ATTEST_QR_CHARS,
		    cl.profile == SCS_ATTEST_GATE ? ": use the register profile"
		                                  : "");
	if (rc != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_INSERT, "issue", NULL, err)) !=
	        SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) != SCS_OK)
		goto out;
	*out = json_pack("{s:s, s:s, s:o}", "id", at->id, "code", code,
	    "claims", claims_json(&cl));
	if (*out == NULL)
		rc = oom(err);
out:
	scs_person_clear(&p);
	scs_crypto_secfree(sk);
	scs_op_rec_free(r);
	return rc;
}

/* ---- the status list ---- */

/* Per person: the state of each of its clearances of the authority. */
struct person_state {
	bool usable, suspended_clr, suspended;
};

struct status_acc {
	const char *authority;
	int64_t now;
	struct scs_map *people;
	struct scs_status_list *sl;
};

static struct person_state *
person_of(struct status_acc *a, const char *id)
{
	return scs_map_get(a->people, id, strlen(id), 1);
}

static int
st_clr_cb(void *arg, const struct scs_record *r)
{
	struct status_acc *a = arg;
	const struct scs_clearance *cl = &r->u.clearance;
	struct person_state *ps;

	if (strcmp(cl->authority, a->authority) != 0)
		return SCS_OK;
	if ((ps = person_of(a, cl->person)) == NULL)
		return SCS_ENOMEM;
	if (!scs_period_holds(cl->valid_from, cl->valid_until, a->now))
		return SCS_OK;
	if (cl->status == SCS_CLR_ACTIVE || cl->status == SCS_CLR_INTERIM)
		ps->usable = true;
	else if (cl->status == SCS_CLR_SUSPENDED)
		ps->suspended_clr = true;
	return SCS_OK;
}

static int
st_susp_cb(void *arg, const struct scs_record *r)
{
	struct status_acc *a = arg;
	struct person_state *ps = person_of(a, r->u.suspension.person);

	if (ps == NULL)
		return SCS_ENOMEM;
	ps->suspended = true;
	return SCS_OK;
}

/* The status of code @at whose person is in state @ps (NULL: no
 * clearance of the authority).  Withdrawn, or its clearance ended:
 * revoked.  A suspension of the person, or of the clearance with none
 * other usable: suspended. */
static enum scs_code_status
code_status(const struct scs_attestation *at, const struct person_state *ps)
{
	if (at->has_revoked || ps == NULL ||
	    (!ps->suspended && !ps->usable && !ps->suspended_clr))
		return SCS_STATUS_REVOKED;
	if (ps->suspended || !ps->usable)
		return SCS_STATUS_SUSPENDED;
	return SCS_STATUS_VALID;
}

static int
st_code_cb(void *arg, const struct scs_record *r)
{
	struct status_acc *a = arg;
	const struct scs_attestation *at = &r->u.attestation;
	const struct person_state *ps;
	enum scs_code_status s;

	if ((uint64_t)at->status_index >= a->sl->n)
		return SCS_OK; /* issued after the count was taken */
	ps = scs_map_get(a->people, at->person, strlen(at->person), 0);
	s = code_status(at, ps);
	scs_status_set(a->sl, (uint64_t)at->status_index, s);
	return SCS_OK;
}

int
scs_op_attest_status_list(struct scs_ctx *c, const char *authority,
    struct scs_status_list *sl, struct scs_err *err)
{
	struct status_acc a = {authority, c->now_us() / 1000000,
	    scs_map_new(sizeof(struct person_state)), sl};
	struct scs_rec_query q;
	uint64_t n = 0;
	int rc;

	memset(sl, 0, sizeof(*sl));
	if (a.people == NULL)
		return oom(err);
	(void)scs_strlcpy(sl->authority, authority, sizeof(sl->authority));
	sl->issued = a.now;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "authority";
	q.eq[0].value = authority;
	if ((rc = scs_store_rec_count(c->st, SCS_KIND_ATTESTATION, &q, &n,
	         err)) != SCS_OK)
		goto out;
	sl->n = n;
	if ((sl->bits = calloc((size_t)(n + 3) / 4 + 1, 1)) == NULL) {
		rc = oom(err);
		goto out;
	}
	q.unordered = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, st_clr_cb,
	         &a, err)) != SCS_OK)
		goto out;
	memset(&q, 0, sizeof(q));
	q.has_at = true;
	q.at = a.now;
	q.unordered = true;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_SUSPENSION, &q,
	         st_susp_cb, &a, err)) != SCS_OK)
		goto out;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "authority";
	q.eq[0].value = authority;
	q.unordered = true;
	rc = scs_store_rec_query(c->st, SCS_KIND_ATTESTATION, &q, st_code_cb,
	    &a, err);
out:
	if (rc == SCS_ENOMEM)
		rc = oom(err);
	if (rc != SCS_OK)
		scs_status_list_free(sl);
	scs_map_free(a.people);
	return rc;
}

/* ---- a person's codes ---- */

/* The state of code @at now, as the status list would say it, or
 * "expired": the person's clearances of its authority and suspensions
 * read into @a (whose authority and people map are set). */
static int
code_state(struct scs_ctx *c, const struct scs_attestation *at,
    struct status_acc *a, const char **state, struct scs_err *err)
{
	static const char *const names[] = {"valid", "suspended", "revoked"};
	struct scs_rec_query q;
	const struct person_state *ps;
	int rc;

	if (at->has_revoked) {
		*state = "revoked";
		return SCS_OK;
	}
	if (at->expires <= a->now) {
		*state = "expired";
		return SCS_OK;
	}
	a->authority = at->authority;
	scs_map_free(a->people);
	if ((a->people = scs_map_new(sizeof(struct person_state))) == NULL)
		return SCS_ENOMEM;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = at->person;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_CLEARANCE, &q, st_clr_cb,
	         a, err)) != SCS_OK)
		return rc;
	q.has_at = true;
	q.at = a->now;
	if ((rc = scs_store_rec_query(c->st, SCS_KIND_SUSPENSION, &q,
	         st_susp_cb, a, err)) != SCS_OK)
		return rc;
	ps = scs_map_get(a->people, at->person, strlen(at->person), 0);
	*state = names[code_status(at, ps)];
	return SCS_OK;
}

struct code_rows {
	struct scs_attestation *v;
	size_t n, cap;
};

static int
code_row_cb(void *arg, const struct scs_record *r)
{
	struct code_rows *l = arg;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		struct scs_attestation *v = realloc(l->v, cap * sizeof(*v));

		if (v == NULL)
			return SCS_ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = r->u.attestation;
	return SCS_OK;
}

/* The rows of @l as JSON, newest first, each with its state. */
static int
code_rows_json(struct scs_ctx *c, const struct code_rows *l, json_t *a,
    struct scs_err *err)
{
	struct status_acc st = {NULL, c->now_us() / 1000000, NULL, NULL};
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ATTESTATION);
	const char *state = NULL;
	json_t *o;
	size_t i;
	int rc = r == NULL ? SCS_ENOMEM : SCS_OK;

	for (i = l->n; rc == SCS_OK && i-- > 0;) {
		if ((rc = code_state(c, &l->v[i], &st, &state, err)) != SCS_OK)
			break;
		r->u.attestation = l->v[i];
		o = scs_codec_rec_json(r, 0);
		if (o == NULL ||
		    json_object_set_new(o, "state", json_string(state)) != 0 ||
		    json_array_append_new(a, o) != 0)
			rc = SCS_ENOMEM;
	}
	scs_map_free(st.people);
	scs_op_rec_free(r);
	return rc;
}

int
scs_op_attest_list(struct scs_ctx *c, const char *person, json_t **out,
    struct scs_err *err)
{
	struct code_rows l = {NULL, 0, 0};
	struct scs_rec_query q;
	struct scs_person p;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if ((rc = scs_valid_id(person, "person", err)) != SCS_OK)
		return rc;
	if ((rc = scs_store_person_get(c->st, person, &p, err)) ==
	    SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", person);
	if (rc == SCS_OK)
		rc = may_issue(c, &p, err);
	scs_person_clear(&p);
	if (rc != SCS_OK)
		return rc;
	memset(&q, 0, sizeof(q));
	q.eq[0].field = "person";
	q.eq[0].value = person;
	rc = scs_store_rec_query(c->st, SCS_KIND_ATTESTATION, &q, code_row_cb,
	    &l, err);
	if (rc == SCS_OK && (*out = json_array()) == NULL)
		rc = SCS_ENOMEM;
	if (rc == SCS_OK)
		rc = code_rows_json(c, &l, *out, err);
	free(l.v);
	if (rc != SCS_OK) {
		json_decref(*out);
		*out = NULL;
	}
	return rc == SCS_ENOMEM ? oom(err) : rc;
}

int
scs_op_attest_status(struct scs_ctx *c, const char *authority, uint8_t **out,
    size_t *len, struct scs_err *err)
{
	struct scs_status_list sl;
	struct scs_record *r = scs_op_rec_new(SCS_KIND_KEY_LIST);
	uint8_t *sk = scs_crypto_secalloc(64), kid[SCS_ATTEST_KID];
	int rc;

	*out = NULL;
	*len = 0;
	memset(&sl, 0, sizeof(sl));
	if (r == NULL || sk == NULL) {
		rc = oom(err);
		goto out;
	}
	rc = get_list(c, authority, r, err);
	if (rc == SCS_ENOTFOUND || (rc == SCS_OK && !r->u.key_list.own))
		rc = scs_err_set(err, SCS_ENOTFOUND, "authority",
		    "the register issues no attestations of \"%s\"", authority);
	if (rc != SCS_OK || (rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		goto out;
	rc = signer(c, authority, c->now_us() / 1000000, sk, kid, err);
	if (rc == SCS_OK)
		rc = scs_op_attest_status_list(c, authority, &sl, err);
	(void)scs_store_commit(c->st, NULL);
	if (rc == SCS_OK)
		rc = scs_status_list_sign(&sl, sk, kid, out, len, err);
out:
	scs_status_list_free(&sl);
	scs_crypto_secfree(sk);
	scs_op_rec_free(r);
	return rc;
}

/* ---- verifying ---- */

int
scs_op_attest_check(struct scs_ctx *c, const char *code,
    const struct scs_verify_opts *o, json_t **out, struct scs_err *err)
{
	struct scs_verify_info info;
	struct scs_attest_parsed *p = calloc(1, sizeof(*p));
	char why[SCS_ERR_REASON_MAX];
	enum scs_attest_reason res;
	json_t *claims = NULL;

	(void)c;
	*out = NULL;
	if (p == NULL)
		return oom(err);
	res = scs_attest_verify(code, strlen(code), o, p, &info, why);
	if (res != SCS_ATT_MALFORMED && res != SCS_ATT_WRONG_ALG &&
	    (claims = claims_json(&p->claims)) == NULL) {
		free(p);
		return oom(err);
	}
	*out = json_pack("{s:b, s:s, s:s*, s:o*, s:s}", "valid",
	    res == SCS_ATT_VALID, "result", scs_attest_reason_name(res),
	    "reason", res == SCS_ATT_VALID ? NULL : why, "claims", claims,
	    "status", info.status_checked ? "checked" : "unchecked");
	if (*out != NULL && info.status_checked)
		(void)json_object_set_new(*out, "status_age",
		    json_integer(info.status_age));
	free(p);
	return *out == NULL ? oom(err) : SCS_OK;
}

/* The register's own authorities (at most 8 are checked live). */
struct own_acc {
	char codes[8][SCS_AUTH_CODE_MAX];
	size_t n;
};

static int
own_cb(void *arg, const struct scs_record *r)
{
	struct own_acc *a = arg;

	if (r->u.key_list.own && a->n < 8)
		(void)scs_strlcpy(a->codes[a->n++], r->u.key_list.authority,
		    SCS_AUTH_CODE_MAX);
	return SCS_OK;
}

/* What a check against the register uses: every key of every list it
 * holds, and the status lists of its own authorities as they stand now. */
struct reg_trust {
	struct scs_verify_opts o;
	struct scs_trust_key *keys;
	struct scs_status_list lists[8];
	size_t nlists;
};

static int
reg_trust_open(struct scs_ctx *c, struct reg_trust *t, struct scs_err *err)
{
	struct own_acc own;
	size_t nkeys = 0;
	int rc;

	memset(t, 0, sizeof(*t));
	memset(&own, 0, sizeof(own));
	if ((rc = scs_op_trust_keys(c, &t->keys, &nkeys, err)) != SCS_OK ||
	    (rc = scs_store_rec_each(c->st, SCS_KIND_KEY_LIST, own_cb, &own,
	         err)) != SCS_OK)
		return rc;
	for (; t->nlists < own.n; t->nlists++)
		if ((rc = scs_op_attest_status_list(c, own.codes[t->nlists],
		         &t->lists[t->nlists], err)) != SCS_OK)
			return rc;
	t->o.keys = t->keys;
	t->o.nkeys = nkeys;
	t->o.status = t->lists;
	t->o.nstatus = t->nlists;
	t->o.unlisted_unchecked = 1; /* a partner's code: no list of ours */
	t->o.now = c->now_us() / 1000000;
	return SCS_OK;
}

static void
reg_trust_close(struct reg_trust *t)
{
	size_t i;

	for (i = 0; i < t->nlists; i++)
		scs_status_list_free(&t->lists[i]);
	free(t->keys);
	t->keys = NULL;
	t->nlists = 0;
}

int
scs_op_attest_verify(struct scs_ctx *c, const char *code, json_t **out,
    struct scs_err *err)
{
	struct reg_trust t;
	const char *result;
	const json_t *claims;
	char object[64];
	int rc;

	*out = NULL;
	memset(&t, 0, sizeof(t));
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | RELYING | AUDITOR,
	         "verify attestations", err)) != SCS_OK)
		return rc;
	if (code == NULL || code[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "code",
		    "must be an attestation code (SC1:...)");
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		return rc;
	/* A partner's code is checked without a status list here; ours with
	 * the list as it stands now. */
	if ((rc = reg_trust_open(c, &t, err)) != SCS_OK ||
	    (rc = scs_op_attest_check(c, code, &t.o, out, err)) != SCS_OK)
		goto fail;
	result = json_string_value(json_object_get(*out, "result"));
	claims = json_object_get(*out, "claims");
	if (claims != NULL)
		(void)snprintf(object, sizeof(object), "%s/%lld",
		    json_string_value(json_object_get(claims, "authority")),
		    (long long)json_integer_value(
		        json_object_get(claims, "status_index")));
	else
		(void)scs_strlcpy(object, "-", sizeof(object));
	if ((rc = scs_op_audit(c, "verify", "attestation", object, NULL, result,
	         err)) != SCS_OK)
		goto fail;
	rc = scs_op_commit(c, err);
	goto out;
fail:
	(void)scs_op_abort(c, rc);
out:
	if (rc != SCS_OK) {
		json_decref(*out);
		*out = NULL;
	}
	reg_trust_close(&t);
	return rc;
}

int
scs_op_attest_revoke(struct scs_ctx *c, const char *id, json_t **out,
    struct scs_err *err)
{
	struct scs_record *r = scs_op_rec_new(SCS_KIND_ATTESTATION);
	struct scs_person p;
	int rc;

	*out = NULL;
	memset(&p, 0, sizeof(p));
	if (r == NULL)
		return oom(err);
	if ((rc = scs_op_allow(c, ADMIN | OFFICER, "revoke attestations",
	         err)) != SCS_OK ||
	    (rc = scs_valid_id(id, "id", err)) != SCS_OK ||
	    (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	(void)scs_strlcpy(r->u.attestation.id, id, sizeof(r->u.attestation.id));
	rc = scs_store_rec_get(c->st, r, r, err);
	if (rc == SCS_OK)
		rc = scs_store_person_get(c->st, r->u.attestation.person, &p,
		    err);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == OFFICER && strcmp(p.org, c->actor.org) != 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_ENOTFOUND, "id",
		    "no attestation \"%s\"", id);
	else if (rc == SCS_OK && r->u.attestation.has_revoked)
		rc = scs_err_set(err, SCS_ECONFLICT, "id",
		    "attestation %s is revoked already", id);
	if (rc != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	r->u.attestation.revoked = c->now_us() / 1000000;
	r->u.attestation.has_revoked = true;
	if ((rc = scs_op_put(c, r, SCS_PUT_UPDATE, "revoke", NULL, err)) !=
	    SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = scs_codec_rec_json(r, 0)) == NULL)
		rc = oom(err);
out:
	scs_person_clear(&p);
	scs_op_rec_free(r);
	return rc;
}

/* ---- foreign clearances ---- */

/* @code checked against the register's trust and its own live status
 * lists into @p; the reason, with @why. */
static int
check_code(struct scs_ctx *c, const char *code, struct scs_attest_parsed *p,
    enum scs_attest_reason *res, char *why, struct scs_err *err)
{
	struct scs_verify_info info;
	struct reg_trust t;
	int rc = reg_trust_open(c, &t, err);

	if (rc == SCS_OK)
		*res =
		    scs_attest_verify(code, strlen(code), &t.o, p, &info, why);
	reg_trust_close(&t);
	return rc;
}

/* Whether @cl names the person @p: the gate profile by the passport name
 * and birth date, the register profile by the salted hash of them. */
static bool
same_identity(const struct scs_attest_claims *cl, const struct scs_person *p)
{
	char name[sizeof(cl->name)];
	uint8_t h[SCS_ATTEST_IDHASH];
	const uint8_t *want = cl->idhash;

	passport_name(p, name, sizeof(name));
	if (cl->profile == SCS_ATTEST_GATE)
		return strcmp(cl->name, name) == 0 &&
		    strcmp(cl->birth, p->birth_date) == 0;
	scs_attest_identity_hash(cl->salt, name, p->birth_date, h);
	return scs_crypto_memcmp(h, want, sizeof(h)) == 0;
}

/* Refusals of a code that verified, before anything is recorded. */
static int
import_checks(struct scs_ctx *c, const struct scs_attest_claims *cl,
    const struct scs_person *p, struct scs_err *err)
{
	struct scs_org org;
	struct scs_record *own = scs_op_rec_new(SCS_KIND_KEY_LIST);
	int rc;

	if (own == NULL)
		return oom(err);
	rc = get_list(c, cl->authority, own, err);
	if (rc == SCS_OK && own->u.key_list.own)
		rc = scs_err_set(err, SCS_ECONFLICT, "code",
		    "%s is the register's own authority: its clearances are "
		    "recorded, not imported",
		    cl->authority);
	else if (rc == SCS_OK || rc == SCS_ENOTFOUND)
		rc = scs_store_org_get(c->st, p->org, &org, err);
	scs_op_rec_free(own);
	if (rc != SCS_OK)
		return rc;
	if (strcmp(cl->partner, org.country) != 0)
		return scs_err_set(err, SCS_ECONFLICT, "code",
		    "the code was issued for %s, and %s works in %s",
		    cl->partner, p->id, org.country);
	if (!same_identity(cl, p))
		return scs_err_set(err, SCS_ECONFLICT, "person",
		    "the code names another person than %s (%s)", p->id,
		    cl->profile == SCS_ATTEST_GATE
		        ? "the passport name or birth date differs"
		        : "the identity hash differs");
	return scs_valid_level(c->rd, cl->authority, cl->level, err);
}

int
scs_op_attest_import(struct scs_ctx *c, const json_t *body, json_t **out,
    struct scs_err *err)
{
	struct scs_attest_parsed *p = calloc(1, sizeof(*p));
	struct scs_record *r = scs_op_rec_new(SCS_KIND_CLEARANCE);
	struct scs_person person;
	enum scs_attest_reason res = SCS_ATT_MALFORMED;
	char pid[SCS_ID_MAX + 1], why[SCS_ERR_REASON_MAX], purpose[96],
	    kid[SCS_KID_HEX];
	const char *code = json_string_value(json_object_get(body, "code"));
	int rc;

	*out = NULL;
	memset(&person, 0, sizeof(person));
	if (p == NULL || r == NULL) {
		rc = oom(err);
		goto out;
	}
	if ((rc = scs_op_allow(c, ADMIN | OFFICER | SCS_ROLE_ADJUDICATOR,
	         "import foreign clearances", err)) != SCS_OK)
		goto out;
	if (!json_is_object(body) || code == NULL) {
		rc = scs_err_set(err, SCS_EINVAL, "code",
		    "must be an attestation code (SC1:...)");
		goto out;
	}
	if ((rc = scs_codec_str(body, "person", pid, sizeof(pid), true, err)) !=
	        SCS_OK ||
	    (rc = scs_valid_id(pid, "person", err)) != SCS_OK)
		goto out;
	rc = scs_store_person_get(c->st, pid, &person, err);
	if (rc == SCS_OK && c->actor.kind == SCS_ACTOR_USER &&
	    c->actor.role == OFFICER && strcmp(person.org, c->actor.org) != 0)
		rc = SCS_ENOTFOUND;
	if (rc == SCS_ENOTFOUND)
		rc = scs_err_set(err, SCS_ENOTFOUND, "person",
		    "no person \"%s\"", pid);
	if (rc != SCS_OK || (rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	rc = check_code(c, code, p, &res, why, err);
	if (rc == SCS_OK && res != SCS_ATT_VALID)
		rc = scs_err_set(err, SCS_ECONFLICT, "code",
		    "the code does not verify: %s (%.200s)",
		    scs_attest_reason_name(res), why);
	if (rc == SCS_OK)
		rc = import_checks(c, &p->claims, &person, err);
	if (rc != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	(void)scs_strlcpy(r->u.clearance.person, pid,
	    sizeof(r->u.clearance.person));
	(void)scs_strlcpy(r->u.clearance.authority, p->claims.authority,
	    sizeof(r->u.clearance.authority));
	(void)scs_strlcpy(r->u.clearance.level, p->claims.level,
	    sizeof(r->u.clearance.level));
	r->u.clearance.status = SCS_CLR_ACTIVE;
	r->u.clearance.valid_from = p->claims.iat;
	r->u.clearance.valid_until = p->claims.exp;
	scs_hex(kid, p->kid, SCS_ATTEST_KID);
	(void)snprintf(purpose, sizeof(purpose), "attestation %s/%llu key %s",
	    p->claims.authority, (unsigned long long)p->claims.status, kid);
	if ((rc = scs_record_validate(c->rd, r, err)) != SCS_OK ||
	    (rc = scs_op_put(c, r, SCS_PUT_INSERT, "import", purpose, err)) !=
	        SCS_OK) {
		if (rc == SCS_ECONFLICT)
			rc = scs_err_set(err, SCS_ECONFLICT, "code",
			    "this code is recorded already");
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK &&
	    (*out = json_pack("{s:o, s:o}", "clearance",
	         scs_codec_rec_json(r, 0), "claims",
	         claims_json(&p->claims))) == NULL)
		rc = oom(err);
out:
	scs_person_clear(&person);
	free(p);
	scs_op_rec_free(r);
	return rc;
}
