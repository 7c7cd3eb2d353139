/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sim.h - the capacity planner's discrete-event simulator of the vetting
 * pipeline (DESIGN.md section 8).  Cases arrive by class (a Poisson
 * stream whose rate may change by period), pass consent, questionnaire
 * and initiation (delays: the subject's and the agency's own time),
 * queue for an investigator pool of their screening body, a quality
 * review, and an adjudicator pool, unless a rule decides them
 * (e-adjudication).  A case may refuse consent, be returned for
 * correction at initiation, be sent back to investigation by the review,
 * be denied, and complain; an upheld complaint is adjudicated again.
 * Pools serve by priority, first come first served within one; their
 * staff follow a schedule, with a hiring delay and attrition.
 *
 * Times are days (double).  Part of core: no I/O, no clock, no JSON; a
 * run is a pure function of its scenario and seed (xoshiro256** seeded
 * by splitmix64), so two runs of one scenario agree to the bit.
 * docs/capacity.md describes the model and every output.
 */
#ifndef SCS_SIM_H
#define SCS_SIM_H

#include <stddef.h>
#include <stdint.h>

#include "scs/err.h"

/* The stages of a case, in pipeline order. */
enum scs_sim_stage {
	SCS_SIM_CONSENT,       /* delay: nomination to consent */
	SCS_SIM_QUESTIONNAIRE, /* delay: consent to submission */
	SCS_SIM_INITIATION,    /* delay: submission to a body taking it */
	SCS_SIM_INVESTIGATION, /* pool: the class's screening body */
	SCS_SIM_REVIEW,        /* pool or delay: quality review */
	SCS_SIM_ADJUDICATION,  /* pool: adjudicators */
	SCS_SIM_COMPLAINT,     /* pool: an adjudicator reviews a complaint */
	SCS_SIM_NSTAGES
};

/* "consent", "questionnaire", ... as in JSON. */
extern const char *const scs_sim_stage_codes[SCS_SIM_NSTAGES];

/* Limits: a scenario beyond them is refused (SCS_ETOOBIG). */
#define SCS_SIM_CLASSES_MAX 64
#define SCS_SIM_POOLS_MAX   64
#define SCS_SIM_STEPS_MAX   512      /* rate or staff changes, each list */
#define SCS_SIM_SAMPLES_MAX 1000000  /* an empirical distribution */
#define SCS_SIM_DAYS_MAX    36525.0  /* a century */
#define SCS_SIM_SERVERS_MAX 10000000 /* servers x slots of one pool */
#define SCS_SIM_PRIO_N      4        /* priorities 0 (first) .. 3 */
#define SCS_SIM_ID_MAX      64
#define SCS_SIM_WINDOWS_MAX 64 /* windows of one run */
/* The work one run may take: the cases expected (the arrival rates
 * integrated over the run, and the initial inventory), the leavers
 * expected (staff times attrition over the run), and the events. */
#define SCS_SIM_CASES_MAX   10000000
#define SCS_SIM_LEAVERS_MAX 10000000
#define SCS_SIM_EVENTS_MAX  400000000ULL

/* A service or delay time distribution, in days. */
enum scs_sim_dist_kind {
	SCS_SIM_DIST_NONE,        /* 0 days */
	SCS_SIM_DIST_FIXED,       /* a */
	SCS_SIM_DIST_EXPONENTIAL, /* mean a */
	SCS_SIM_DIST_LOGNORMAL,   /* median a, p90 b (b >= a) */
	SCS_SIM_DIST_EMPIRICAL    /* the n samples, drawn uniformly */
};

struct scs_sim_dist {
	enum scs_sim_dist_kind kind;
	double a, b;
	const double *samples; /* EMPIRICAL: n values >= 0, not kept */
	size_t nsamples;
};

/* A piecewise constant schedule: value v from day `day` on (the steps
 * in increasing day; before the first, the first's value). */
struct scs_sim_step {
	double day;
	double v;
};

struct scs_sim_class {
	char id[SCS_SIM_ID_MAX];
	unsigned priority;               /* 0 .. SCS_SIM_PRIO_N - 1 */
	const struct scs_sim_step *rate; /* arrivals a day; none before
	                                  * the first step */
	size_t nrate;
	int pool_investigation; /* index in pools[] */
	/* Probabilities, 0 .. 1. */
	double p_refuse;   /* refuses consent: leaves after consent */
	double p_return;   /* initiation returns it for correction */
	double p_rework;   /* review sends it back to investigation */
	double p_eadj;     /* decided by a rule after review */
	double p_deny;     /* an adjudicator denies it */
	double p_complain; /* a denied case complains */
	double p_upheld;   /* a complaint is upheld: adjudicated again */
	struct scs_sim_dist time[SCS_SIM_NSTAGES];
};

struct scs_sim_pool {
	char id[SCS_SIM_ID_MAX];
	enum scs_sim_stage stage; /* INVESTIGATION, REVIEW, ADJUDICATION */
	unsigned servers;         /* staff at day 0 */
	unsigned slots;           /* cases one server works at once, >= 1 */
	const struct scs_sim_step *staff; /* target staff from a day on */
	size_t nstaff;
	double hiring_days; /* a vacancy is filled this long after */
	double attrition;   /* leavers a server a year (0: none) */
};

struct scs_sim_scenario {
	double days;         /* the run, from day 0 */
	double warmup;       /* statistics from this day on */
	double sample_every; /* days between inventory samples (0: none) */
	uint64_t seed;
	const struct scs_sim_class *classes;
	size_t nclasses;
	const struct scs_sim_pool *pools;
	size_t npools;
	/* The pools of review, adjudication and complaints: -1 for review
	 * makes it a delay; adjudication and complaint need a pool
	 * (the same one serves both). */
	int pool_review;
	int pool_adjudication;
	/* Cases already in the pipeline at day 0, by class and stage
	 * (nclasses x SCS_SIM_NSTAGES, row major; NULL: none). */
	const uint64_t *initial;
	/* The ends of windows the result also breaks down by (increasing,
	 * above warmup, at most days; none when 0): window i holds what
	 * happened after the end of window i - 1 up to its own end, the
	 * first from warmup on. */
	const double *windows;
	size_t nwindows;
};

/* Statistics of a set of durations, estimated from a histogram of
 * relative width 2^-8 (quantiles within 0.2% of the exact ones; counts
 * and means exact). */
struct scs_sim_stats {
	uint64_t count;
	double mean, p50, p80, p90, fastest90;
};

struct scs_sim_stage_result {
	struct scs_sim_stats time; /* entering to leaving the stage */
	struct scs_sim_stats wait; /* entering to service (pools) */
	uint64_t waited;           /* of those, the ones that queued */
	uint64_t entered;          /* cases that entered it */
	double service_mean;       /* the mean service drawn (delays: time) */
	double mean_number;        /* the time average of cases in it */
	uint64_t at_end;           /* cases in it at the end */
};

struct scs_sim_pool_result {
	double busy;        /* time-average busy slots */
	double capacity;    /* time-average staff x slots */
	double utilization; /* busy / capacity */
	unsigned staff_end;
	uint64_t hired, left;
	/* The cases of the pool's own stage that it served (the
	 * adjudicators' complaints apart), as the stage's figures count
	 * them: a pool alone in its stage has the stage's figures. */
	struct scs_sim_stats time, wait;
	uint64_t entered, at_end;
	double service_mean;
};

struct scs_sim_class_result {
	uint64_t arrived, decided, granted, denied, refused, e_adjudicated;
	struct scs_sim_stats e2e; /* arrival to the (last) decision */
};

/* One sample of the inventory, at day `day`. */
struct scs_sim_sample {
	double day;
	uint64_t in_stage[SCS_SIM_NSTAGES];
	uint64_t total;
	uint64_t arrived; /* arrivals from day 0 to the sample, in all */
};

/* One window: the inventory at its end, and the times in each stage of
 * the cases that left it within the window: as a run from 0 to the
 * window's end with its start as the warmup would count them, but for a
 * case that leaves at the very instant a window starts, which such runs
 * would count in both windows and the windows count in the first. */
struct scs_sim_window {
	double end;
	uint64_t in_stage[SCS_SIM_NSTAGES];
	uint64_t total;
	struct scs_sim_stats time[SCS_SIM_NSTAGES];
};

/*
 * What a run produced.  Statistics count the cases that left a stage (or
 * were decided) at day >= warmup; the means of number are over
 * [warmup, days].  little: the time-average number in the pipeline L,
 * the arrival rate lambda over the same span, the mean time in the
 * pipeline W of the cases that left it, and |L - lambda W| / L.
 */
struct scs_sim_result {
	uint64_t arrived, decided, granted, denied, refused;
	uint64_t e_adjudicated, returns, reworks, complaints, upheld;
	uint64_t in_system_end;
	uint64_t events;
	struct {
		double L, lambda, W, error;
	} little;
	struct scs_sim_stage_result stage[SCS_SIM_NSTAGES];
	struct scs_sim_class_result *classes; /* nclasses */
	size_t nclasses;
	struct scs_sim_pool_result *pools; /* npools */
	size_t npools;
	struct scs_sim_sample *samples;
	size_t nsamples;
	struct scs_sim_window *windows; /* the scenario's nwindows */
	size_t nwindows;
};

/**
 * Check @s: every limit above, probabilities in 0..1, rates and days
 * finite and >= 0 (not -0), steps in increasing day, pools of the right
 * stage, distributions well formed, and the work within
 * SCS_SIM_CASES_MAX and SCS_SIM_LEAVERS_MAX.  SCS_OK, or SCS_EINVAL /
 * SCS_ETOOBIG with
 * @err naming the field ("classes[2].rate[0].v") and the reason.
 */
int scs_sim_check(const struct scs_sim_scenario *s, struct scs_err *err);

/**
 * Run @s into *@out (checked first, as scs_sim_check).  SCS_OK; the
 * codes of scs_sim_check; SCS_ENOMEM; SCS_ETOOBIG past
 * SCS_SIM_EVENTS_MAX events.  On error *@out is untouched.
 * Free the result with scs_sim_result_free.
 */
int scs_sim_run(const struct scs_sim_scenario *s, struct scs_sim_result *out,
    struct scs_err *err);

/** Free what scs_sim_run put in @r (not @r itself); NULL is allowed. */
void scs_sim_result_free(struct scs_sim_result *r);

#endif
