/* SPDX-License-Identifier: Apache-2.0 */
/*
 * scenario.h - the JSON form of a simulator scenario and of its result
 * (docs/capacity.md): parsing is strict (an unknown key, a wrong type, a
 * value out of range is an error naming its path, such as
 * "classes[1].arrivals[0].per_day"), then scs_sim_check's rules apply.
 */
#ifndef SCS_SCENARIO_H
#define SCS_SCENARIO_H

#include <jansson.h>

#include "scs/err.h"
#include "scs/sim.h"

/* A parsed scenario: the simulator's view and the memory behind it. */
struct scs_scenario {
	struct scs_sim_scenario s;
	struct scs_sim_class *classes;
	struct scs_sim_pool *pools;
	uint64_t *initial;
	/* Per class: the register's cases whose times and arrivals it takes
	 * ("history": {"authority", "level"}; authority "" when none). */
	struct scs_scenario_history {
		char authority[SCS_SIM_ID_MAX];
		char level[SCS_SIM_ID_MAX];
	} * history;
	void **owned; /* step and sample arrays */
	size_t nowned;
};

/** Parse @j into a new scenario *@out (free with scs_scenario_free).
 * SCS_OK; SCS_EINVAL or SCS_ETOOBIG naming the field; SCS_ENOMEM. */
int scs_scenario_parse(const json_t *j, struct scs_scenario **out,
    struct scs_err *err);

/** Free @sc and all it owns; NULL is allowed. */
void scs_scenario_free(struct scs_scenario *sc);

/** Replace class @ci's time of @stage by @d, whose samples (if any) the
 * scenario takes over (they are freed with it).  SCS_OK or SCS_ENOMEM
 * (then the samples are freed). */
int scs_scenario_set_time(struct scs_scenario *sc, size_t ci,
    enum scs_sim_stage stage, const struct scs_sim_dist *d);

/** Class @ci's arrivals: @per_day from day 0.  SCS_OK or SCS_ENOMEM. */
int scs_scenario_set_rate(struct scs_scenario *sc, size_t ci, double per_day);

/** The result @r of running @sc as a new JSON object (NULL when out of
 * memory); durations in days. */
json_t *scs_sim_result_json(const struct scs_scenario *sc,
    const struct scs_sim_result *r);

#endif
