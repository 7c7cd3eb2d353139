/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_dblock.c - a decision block as the store hands it back (bytes
 * that `scs audit verify` and `scs audit decisions` decode; a block
 * changed behind the program's back is untrusted input).  Properties:
 * nothing crashes or leaks; a block that decodes hands out exactly its
 * count of records, each with an id-sized subject and item, and the sums
 * agree with the records; re-encoding those records (under the block's
 * actor, string 0) gives a block that decodes to the same records.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "scs/dblock.h"
#include "scs/index.h"

struct recs {
	struct scs_dblock_enc *enc; /* NULL: first pass, count only */
	uint64_t n, allows;
	int64_t first, last;
	char actor[SCS_DBLOCK_STR_MAX + 1];
	int bad;
};

static int
visit(void *arg, const struct scs_dblock_rec *r)
{
	struct recs *w = arg;

	FUZZ_CHECK(strlen(r->subject) <= SCS_DBLOCK_STR_MAX);
	FUZZ_CHECK(strlen(r->item) <= SCS_DBLOCK_STR_MAX);
	FUZZ_CHECK(r->reason < SCS_R_N);
	if (w->n == 0 || r->at < w->first)
		w->first = r->at;
	if (w->n == 0 || r->at > w->last)
		w->last = r->at;
	w->allows += scs_reason_allows((enum scs_reason)r->reason);
	w->n++;
	if (w->enc != NULL &&
	    scs_dblock_enc_add(w->enc,
	        strcmp(r->actor, w->actor) == 0 ? NULL : r->actor, r->subject,
	        r->item, r->at, r->reason) != SCS_OK)
		w->bad = 1;
	return SCS_OK;
}

/* String 0 of a block that decoded: magic, two varints, a length. */
static void
first_string(const uint8_t *p, size_t len, char *out)
{
	size_t at = 8, k, n;

	for (k = 0; k < 2; k++)
		while (at < len && (p[at++] & 0x80) != 0)
			;
	FUZZ_CHECK(at < len && p[at] <= SCS_DBLOCK_STR_MAX);
	n = p[at++];
	if (n >= 0x80) /* a two-byte length: 128..255 */
		n = (n & 0x7f) | ((size_t)p[at++] << 7);
	FUZZ_CHECK(at + n <= len);
	memcpy(out, p + at, n);
	out[n] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scs_dblock_info info, info2;
	struct recs w, w2;
	struct scs_buf again;
	char why[128];
	int rc;

	memset(&w, 0, sizeof(w));
	rc = scs_dblock_decode(data, size, visit, &w, &info, why);
	FUZZ_CHECK(rc == SCS_OK || rc == SCS_ECORRUPT || rc == SCS_ENOMEM);
	if (rc != SCS_OK) {
		FUZZ_CHECK(w.n == 0); /* nothing handed out from a bad block */
		return 0;
	}
	FUZZ_CHECK(w.n == info.count && w.allows == info.allows &&
	    info.count == info.allows + info.denies);
	FUZZ_CHECK(w.first == info.first_at && w.last == info.last_at);
	/* Re-encode under the block's actor: the same records again. */
	memset(&w2, 0, sizeof(w2));
	first_string(data, size, w2.actor);
	if ((w2.enc = scs_dblock_enc_new(w2.actor)) == NULL)
		return 0;
	rc = scs_dblock_decode(data, size, visit, &w2, NULL, NULL);
	FUZZ_CHECK(rc == SCS_OK || rc == SCS_ENOMEM);
	scs_buf_init(&again, 64U << 20);
	if (rc == SCS_OK && !w2.bad &&
	    scs_dblock_enc_finish(w2.enc, &again, &info2) == SCS_OK) {
		FUZZ_CHECK(info2.count == info.count &&
		    info2.allows == info.allows &&
		    info2.first_at == info.first_at &&
		    info2.last_at == info.last_at);
		FUZZ_CHECK(scs_dblock_decode(again.p, again.len, NULL, NULL,
		               &info2, why) == SCS_OK);
		FUZZ_CHECK(info2.count == info.count);
	}
	scs_buf_free(&again);
	scs_dblock_enc_free(w2.enc);
	return 0;
}
