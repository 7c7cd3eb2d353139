/* SPDX-License-Identifier: Apache-2.0 */
/*
 * model.h - the domain records of the register (DESIGN.md section 3) and the
 * rules that make one valid.  Part of core: no I/O, no clock, no crypto, no
 * storage.  Sealed values travel as opaque blobs; their plaintext forms
 * (struct scs_relatives) are only ever held in memory the caller wipes.
 */
#ifndef SCS_MODEL_H
#define SCS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"
#include "scs/util.h"

#define SCS_ID_MAX        64  /* operator identifiers, bytes */
#define SCS_NAME_MAX      256 /* names and titles, UTF-8 bytes */
#define SCS_ADDRESS_MAX   512 /* addresses, UTF-8 bytes */
#define SCS_NAT_MAX       8   /* nationalities per person */
#define SCS_ALIASES_MAX   8   /* former names per person */
#define SCS_RELATIVES_MAX 64  /* relatives and cohabitants per person */
#define SCS_DATE_LEN      10  /* YYYY-MM-DD */
#define SCS_PURPOSE_MAX   200 /* stated purpose of a sealed read */
#define SCS_ACTOR_MAX     80  /* an actor as the audit log names it */

enum scs_org_type {
	SCS_ORG_GOVERNMENT,
	SCS_ORG_CONTRACTOR,
	SCS_ORG_RESEARCH,
	SCS_ORG_SCREENING,
	SCS_ORG_PARTNER,
	SCS_ORG_NTYPES
};

enum scs_relation {
	SCS_REL_SPOUSE,
	SCS_REL_PARENT,
	SCS_REL_CHILD,
	SCS_REL_SIBLING,
	SCS_REL_SPOUSE_PARENT,
	SCS_REL_OTHER,
	SCS_REL_NTYPES
};

/* The roles of DESIGN.md section 2 that sign in.  Partner authorities verify
 * attestations offline and hold no account.  Values are bits of a mask. */
enum scs_role {
	SCS_ROLE_ADMIN = 1 << 0,
	SCS_ROLE_SECURITY_OFFICER = 1 << 1,
	SCS_ROLE_SUBJECT = 1 << 2,
	SCS_ROLE_INVESTIGATOR = 1 << 3,
	SCS_ROLE_ADJUDICATOR = 1 << 4,
	SCS_ROLE_DESIGNATOR = 1 << 5,
	SCS_ROLE_AUDITOR = 1 << 6,
	SCS_ROLE_RELYING = 1 << 7
};
#define SCS_ROLE_ANY     0xff
#define SCS_ROLE_VETTING (SCS_ROLE_INVESTIGATOR | SCS_ROLE_ADJUDICATOR)

#define SCS_ACCREDITED_MAX 16 /* authorities one screening body serves */

struct scs_org {
	char id[SCS_ID_MAX + 1];
	char name[SCS_NAME_MAX + 1];
	enum scs_org_type type;
	char country[4];
	/* A screening body: the authorities it is accredited to vet for
	 * (authority codes); none for the other types. */
	char accredited_for[SCS_ACCREDITED_MAX][16];
	size_t naccredited_for;
};

struct scs_person {
	char id[SCS_ID_MAX + 1];
	char name[SCS_NAME_MAX + 1];
	char name_latin[SCS_NAME_MAX + 1];
	/* Identity for matching (continuous vetting), optional, "" when
	 * absent, kept as given: the katakana reading, the name as printed
	 * in the passport, and former names in any script. */
	char name_kana[SCS_NAME_MAX + 1];
	char name_passport[SCS_NAME_MAX + 1];
	char aliases[SCS_ALIASES_MAX][SCS_NAME_MAX + 1];
	size_t naliases;
	char birth_date[SCS_DATE_LEN + 1];
	char nationalities[SCS_NAT_MAX][4];
	size_t nnationalities;
	char org[SCS_ID_MAX + 1];
	struct scs_blob relatives; /* sealed, as stored; empty before sealing */
};

struct scs_relative {
	enum scs_relation relation;
	char name[SCS_NAME_MAX + 1];
	char birth_date[SCS_DATE_LEN + 1];
	char nationalities[SCS_NAT_MAX][4];
	size_t nnationalities;
	char address[SCS_ADDRESS_MAX + 1];
	bool cohabitant;
};

/* Plaintext relatives: allocate with scs_crypto_secalloc, never plain heap. */
struct scs_relatives {
	size_t n;
	struct scs_relative r[SCS_RELATIVES_MAX];
};

struct scs_user {
	char id[SCS_ID_MAX + 1];
	char org[SCS_ID_MAX + 1];
	enum scs_role role;
	char person[SCS_ID_MAX + 1]; /* the subject's own person; else "" */
	bool disabled;
	char pwhash[128];     /* Argon2id string; "" for service accounts */
	char apikey_hash[65]; /* hex SHA-256 of the API key; else "" */
	int64_t created;      /* unix seconds */
	/* A subject's pending activation code (scs_crypto_code_hash); "" when
	 * none is pending.  It expires at activation_expires (unix seconds). */
	char activation_hash[65];
	int64_t activation_expires;
	/* A service account's client certificate (mutual TLS): the hex
	 * SHA-256 of its DER, lowercase; "" when none is bound. */
	char cert_fp[65];
};

/* The codes of the enums, indexed by value. */
extern const char *const scs_org_type_codes[SCS_ORG_NTYPES];

/** The code of an organization type ("government"...), or NULL. */
const char *scs_org_type_name(enum scs_org_type t);
/** Parse an organization type code.  0 or -1. */
int scs_org_type_parse(const char *s, enum scs_org_type *out);
const char *scs_relation_name(enum scs_relation r);
int scs_relation_parse(const char *s, enum scs_relation *out);
/** The code of a single role ("security_officer"...), or NULL. */
const char *scs_role_name(enum scs_role r);
int scs_role_parse(const char *s, enum scs_role *out);

/** An operator identifier: 1..64 bytes of [A-Za-z0-9._:-], not starting
 * with '.' or '-'.  Returns SCS_OK or SCS_EINVAL naming @field. */
int scs_valid_id(const char *s, const char *field, struct scs_err *err);

/** A name or text: well-formed UTF-8 (checked here: not every text comes
 * through JSON), 1..max bytes, no control characters (C0, DEL, C1), no
 * leading or trailing space. */
int scs_valid_text(const char *s, size_t max, const char *field,
    struct scs_err *err);

/** A real calendar date YYYY-MM-DD between 1850-01-01 and 2199-12-31. */
int scs_valid_date(const char *s, const char *field, struct scs_err *err);

/** A reading in kana ("" passes: the field is optional): kana of either
 * width or hiragana, the long-vowel and middle-dot marks, spaces; at
 * least one kana; a text of SCS_NAME_MAX bytes at most. */
int scs_valid_kana(const char *s, const char *field, struct scs_err *err);

/** An ISO 3166-1 alpha-3 code that is currently assigned. */
int scs_valid_country(const char *s, const char *field, struct scs_err *err);

int scs_org_validate(const struct scs_org *o, struct scs_err *err);
/** Whether screening body @o is accredited for @authority. */
bool scs_org_accredited(const struct scs_org *o, const char *authority);
int scs_person_validate(const struct scs_person *p, struct scs_err *err);
int scs_relatives_validate(const struct scs_relatives *r, struct scs_err *err);
int scs_user_validate(const struct scs_user *u, struct scs_err *err);

/** Free what @p owns (its sealed blob) and zero it. */
void scs_person_clear(struct scs_person *p);

#endif
