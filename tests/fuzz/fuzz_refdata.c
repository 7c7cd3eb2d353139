/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz_refdata.c - the reference tables, the CSV files of data/ that `scs`
 * loads at start and that an operator may replace.  The input is parsed
 * as each of the three tables in turn: as authorities.csv into empty
 * tables, and as levels.csv and then penalties.csv on top of the
 * authorities.csv built into the binary (so level and penalty rows can
 * name real authorities).  After each parse the tables are checked
 * against each other and freed.  Properties: a failed parse keeps nothing
 * of its table and names the file; a successful one leaves only in-range
 * indices and ranks, and every authority and level is found again by
 * lookup.
 */
#include <string.h>

#include "scs/embedded.h"
#include "scs/refdata.h"

#include "fuzz.h"

static void
check_tables(const struct scs_refdata *rd)
{
	struct scs_err err;
	size_t i;
	int rc;

	for (i = 0; i < rd->nauthorities; i++)
		FUZZ_CHECK(scs_refdata_authority(rd, rd->authorities[i].code) ==
		    &rd->authorities[i]);
	for (i = 0; i < rd->nlevels; i++) {
		const struct scs_level *l = &rd->levels[i];

		FUZZ_CHECK(l->authority < rd->nauthorities);
		FUZZ_CHECK(l->rank >= 0 && l->rank <= SCS_RANK_MAX);
		FUZZ_CHECK(
		    scs_refdata_level(rd, rd->authorities[l->authority].code,
		        l->code) == l);
	}
	for (i = 0; i < rd->nalliances; i++) {
		FUZZ_CHECK(rd->alliances[i].nmembers > 0 &&
		    rd->alliances[i].nmembers <= SCS_ALLIANCE_MEMBERS_MAX);
		FUZZ_CHECK(scs_refdata_alliance(rd, rd->alliances[i].code) ==
		    &rd->alliances[i]);
	}
	for (i = 0; i < rd->npenalties; i++) {
		FUZZ_CHECK(rd->penalties[i].authority < rd->nauthorities);
		FUZZ_CHECK(rd->penalties[i].max_fine_yen >= -1);
	}
	scs_err_clear(&err);
	rc = scs_refdata_check(rd, &err);
	FUZZ_CHECK(rc == SCS_OK || (rc == SCS_EINVAL && err.reason[0]));
}

/* Parse @data as table @file on top of @rd; check the outcome. */
static void
parse_as(struct scs_refdata *rd, const char *file, const uint8_t *data,
    size_t size)
{
	size_t before[4] = {rd->nauthorities, rd->nlevels, rd->npenalties,
	    rd->nalliances};
	struct scs_err err;
	int rc;

	scs_err_clear(&err);
	rc = scs_refdata_parse(rd, file, (const char *)data, size, &err);
	if (rc != SCS_OK) {
		FUZZ_CHECK(rc == SCS_EINVAL || rc == SCS_ENOMEM);
		FUZZ_CHECK(err.rc == (enum scs_rc)rc);
		FUZZ_CHECK(strncmp(err.field, file, strlen(file)) == 0);
		FUZZ_CHECK(rd->nauthorities == before[0] &&
		    rd->nlevels == before[1] && rd->npenalties == before[2] &&
		    rd->nalliances == before[3]);
	}
	check_tables(rd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct scs_embedded *auth = scs_embedded_get("authorities.csv");
	struct scs_refdata rd;
	struct scs_err err;

	memset(&rd, 0, sizeof(rd));
	parse_as(&rd, "authorities.csv", data, size);
	scs_refdata_free(&rd);

	FUZZ_CHECK(auth != NULL);
	FUZZ_CHECK(scs_refdata_parse(&rd, "authorities.csv",
	               (const char *)auth->data, auth->len, &err) == SCS_OK);
	parse_as(&rd, "levels.csv", data, size);
	parse_as(&rd, "penalties.csv", data, size);
	parse_as(&rd, "alliances.csv", data, size);
	scs_refdata_free(&rd);
	return 0;
}
