/* SPDX-License-Identifier: Apache-2.0 */
/*
 * queue.c - the closed forms of an M/M/c queue (queue.h): Erlang B by
 * its recurrence B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)), which never
 * forms a factorial or a power and so holds for thousands of servers;
 * Erlang C from it, C = c B / (c - a (1 - B)); the time in a phase as
 * the wait (none with chance 1 - C, else exponential at rate c mu -
 * lambda) plus an exponential service, whose tail has a closed form and
 * whose quantile is found by bisection on it.
 */
#include <math.h>

#include "scs/queue.h"

double
scs_erlang_b(unsigned c, double a)
{
	double b = 1.0;
	unsigned k;

	for (k = 1; k <= c; k++)
		b = a * b / ((double)k + a * b);
	return b;
}

double
scs_erlang_c(unsigned c, double a)
{
	double b;

	if (c == 0 || a >= (double)c)
		return 1.0;
	if (a <= 0.0)
		return 0.0;
	b = scs_erlang_b(c, a);
	return (double)c * b / ((double)c - a * (1.0 - b));
}

int
scs_mmc_stable(const struct scs_mmc *q)
{
	return q->lambda > 0.0 && q->mu > 0.0 && q->c > 0 &&
	    q->lambda < (double)q->c * q->mu;
}

/* The chance to wait, and the rate the wait drains at (c mu - lambda). */
static double
wait_chance(const struct scs_mmc *q, double *drain)
{
	*drain = (double)q->c * q->mu - q->lambda;
	return scs_erlang_c(q->c, q->lambda / q->mu);
}

double
scs_mmc_wait_mean(const struct scs_mmc *q)
{
	double g, pc;

	if (!scs_mmc_stable(q))
		return HUGE_VAL;
	pc = wait_chance(q, &g);
	return pc / g;
}

double
scs_mmc_time_mean(const struct scs_mmc *q)
{
	double w = scs_mmc_wait_mean(q);

	return w == HUGE_VAL ? HUGE_VAL : w + 1.0 / q->mu;
}

double
scs_mmc_number_mean(const struct scs_mmc *q)
{
	double w = scs_mmc_time_mean(q);

	return w == HUGE_VAL ? HUGE_VAL : q->lambda * w;
}

double
scs_mmc_wait_tail(const struct scs_mmc *q, double t)
{
	double g, pc;

	if (!scs_mmc_stable(q))
		return 1.0;
	if (t < 0.0)
		return 1.0;
	pc = wait_chance(q, &g);
	return pc * exp(-g * t);
}

double
scs_mmc_time_tail(const struct scs_mmc *q, double t)
{
	double g, pc, mu = q->mu, both;

	if (!scs_mmc_stable(q))
		return 1.0;
	if (t <= 0.0)
		return 1.0;
	pc = wait_chance(q, &g);
	/* P(E_g + E_mu > t): hypoexponential, or Erlang-2 when g = mu. */
	if (fabs(g - mu) <= 1e-12 * mu)
		both = exp(-mu * t) * (1.0 + mu * t);
	else
		both = (g * exp(-mu * t) - mu * exp(-g * t)) / (g - mu);
	return (1.0 - pc) * exp(-mu * t) + pc * both;
}

double
scs_mmc_time_quantile(const struct scs_mmc *q, double p)
{
	double lo = 0.0, hi = 1.0 / q->mu;
	int i;

	if (!scs_mmc_stable(q) || p <= 0.0 || p >= 1.0)
		return p <= 0.0 ? 0.0 : HUGE_VAL;
	while (scs_mmc_time_tail(q, hi) > 1.0 - p)
		hi *= 2.0;
	for (i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
		double mid = 0.5 * (lo + hi);

		if (scs_mmc_time_tail(q, mid) > 1.0 - p)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

unsigned
scs_mmc_staff_for(const struct scs_mmc *q, double p, double t, unsigned max)
{
	struct scs_mmc s = *q;

	if (q->lambda <= 0.0 || q->mu <= 0.0 || p <= 0.0 || p >= 1.0)
		return 0;
	/* Service alone: no staff makes a phase shorter than its work. */
	if (-log(1.0 - p) / q->mu > t)
		return 0;
	s.c = (unsigned)floor(q->lambda / q->mu) + 1U;
	for (; s.c <= max; s.c++)
		if (scs_mmc_time_quantile(&s, p) <= t)
			return s.c;
	return 0;
}
