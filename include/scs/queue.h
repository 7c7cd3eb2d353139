/* SPDX-License-Identifier: Apache-2.0 */
/*
 * queue.h - the closed forms of a vetting phase seen as an M/M/c queue
 * (DESIGN.md section 8, the capacity planner): Poisson arrivals at rate
 * lambda, c servers (investigators, adjudicators) each finishing at rate
 * mu, first come first served.  Erlang C gives the chance a case waits;
 * from it the wait's and the time in the phase's distributions, their
 * quantiles, and the fewest servers that meet a target.  The simulator
 * is checked against these, and a what-if answered by both.  Part of
 * core: arithmetic only, no I/O.  Times are in the unit of 1/lambda.
 */
#ifndef SCS_QUEUE_H
#define SCS_QUEUE_H

struct scs_mmc {
	double lambda; /* arrivals a unit of time */
	double mu;     /* completions a unit of time, one server */
	unsigned c;    /* servers */
};

/** Erlang B: the chance all @c servers are busy under offered load @a
 * (lambda/mu) with no queue; by the stable recurrence. */
double scs_erlang_b(unsigned c, double a);

/** Erlang C: the chance an arrival waits, with @c servers and offered
 * load @a (lambda/mu); 1 when the queue is unstable (a >= c). */
double scs_erlang_c(unsigned c, double a);

/** Whether @q drains: lambda < c mu, both rates positive. */
int scs_mmc_stable(const struct scs_mmc *q);

/** The mean wait before service (Wq); HUGE_VAL when unstable. */
double scs_mmc_wait_mean(const struct scs_mmc *q);

/** The mean time in the phase, wait and service (W = Wq + 1/mu). */
double scs_mmc_time_mean(const struct scs_mmc *q);

/** The mean number in the phase, by Little's law (L = lambda W). */
double scs_mmc_number_mean(const struct scs_mmc *q);

/** P(wait > @t). */
double scs_mmc_wait_tail(const struct scs_mmc *q, double t);

/** P(time in the phase > @t): the wait (0, or exponential at c mu -
 * lambda) plus an exponential service. */
double scs_mmc_time_tail(const struct scs_mmc *q, double t);

/** The @p-quantile (0 < p < 1) of the time in the phase; HUGE_VAL when
 * unstable. */
double scs_mmc_time_quantile(const struct scs_mmc *q, double p);

/** The fewest servers, at most @max, whose @p-quantile of the time in
 * the phase is at most @t (lambda and mu from @q, its c ignored); 0 when
 * even @max do not, or when service alone takes longer. */
unsigned scs_mmc_staff_for(const struct scs_mmc *q, double p, double t,
    unsigned max);

#endif
