/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_register.c - unit tests for src/core/register.c: the nations an
 * item's releasable_to may name (ISO 3166-1 alpha-3 codes and the
 * alliances of data/alliances.csv) and the refusal of anything else,
 * naming the list entry and the alliances there are.
 */
#include "helpers.h"

#include "scs/refdata.h"
#include "scs/register.h"

static struct scs_refdata rd;

static int
setup(void **state)
{
	(void)state;
	return test_load_refdata(&rd);
}

static int
teardown(void **state)
{
	(void)state;
	scs_refdata_free(&rd);
	return 0;
}

static void
test_releasable_to_takes_nations_and_the_alliances_of_the_table(void **state)
{
	static const char *const good[] = {"USA", "JPN", "NZL", "NATO", "FVEY",
	    "EU"};
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(good); i++) {
		scs_err_clear(&err);
		if (scs_valid_nation(&rd, good[i], "releasable_to[0]", &err) !=
		    SCS_OK)
			fail_msg("%s refused: %s", good[i], err.reason);
	}
}

static void
test_releasable_to_refuses_what_is_no_nation_nor_alliance(void **state)
{
	static const char *const bad[] = {"ZZZ", "nato", "Fvey", "", "US",
	    "NATO ", "ASEAN", "JPN-SDS"};
	struct scs_err err;
	size_t i;

	(void)state;
	for (i = 0; i < SCS_NELEM(bad); i++) {
		scs_err_clear(&err);
		if (scs_valid_nation(&rd, bad[i], "releasable_to[2]", &err) !=
		    SCS_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
		assert_string_equal(err.field, "releasable_to[2]");
		assert_non_null(strstr(err.reason, "ISO 3166-1 alpha-3"));
		assert_non_null(strstr(err.reason, "(NATO, FVEY, EU)"));
	}
}

/* A whole item releasable to the Five Eyes and Japan validates; the same
 * alliance twice is refused at the second. */
static void
test_an_item_releasable_to_an_alliance_validates(void **state)
{
	struct scs_item *it = calloc(1, sizeof(*it));
	struct scs_err err;

	(void)state;
	assert_non_null(it);
	(void)snprintf(it->id, sizeof(it->id), "doc");
	(void)snprintf(it->title, sizeof(it->title), "A document");
	(void)snprintf(it->owner, sizeof(it->owner), "mod");
	it->field = SCS_FIELD_DEFENSE;
	(void)snprintf(it->authority, sizeof(it->authority), "JPN-SDS");
	(void)snprintf(it->level, sizeof(it->level), "TOKUTEI_HIMITSU");
	(void)snprintf(it->releasable_to[0], sizeof(it->releasable_to[0]),
	    "FVEY");
	(void)snprintf(it->releasable_to[1], sizeof(it->releasable_to[1]),
	    "JPN");
	it->nreleasable_to = 2;
	it->valid_from = 1767225600; /* 2026-01-01 */
	it->valid_until = it->valid_from + 86400 * 365;
	scs_err_clear(&err);
	if (scs_item_validate(&rd, it, &err) != SCS_OK)
		fail_msg("%s: %s", err.field, err.reason);
	(void)snprintf(it->releasable_to[1], sizeof(it->releasable_to[1]),
	    "FVEY");
	assert_int_equal(scs_item_validate(&rd, it, &err), SCS_EINVAL);
	assert_string_equal(err.field, "releasable_to[1]");
	free(it);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(
	        test_releasable_to_takes_nations_and_the_alliances_of_the_table),
	    cmocka_unit_test(
	        test_releasable_to_refuses_what_is_no_nation_nor_alliance),
	    cmocka_unit_test(test_an_item_releasable_to_an_alliance_validates),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
