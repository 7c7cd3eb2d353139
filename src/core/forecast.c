/* SPDX-License-Identifier: Apache-2.0 */
/*
 * forecast.c - short-series forecasts (forecast.h).
 *
 * ETS(A,N,A) in its error-correction form, for a season of m steps:
 *
 *   forecast  f(t)   = l(t-1) + s(t-m)
 *   error     e(t)   = y(t) - f(t)
 *   level     l(t)   = l(t-1) + alpha e(t)
 *   season    s(t)   = s(t-m) + gamma e(t)
 *   h ahead   f(t+h) = l(t) + s(t+h-m), for h <= m (the last season's
 *                      index repeats beyond)
 *
 * started from the first season: l(0) its mean, s the first season's
 * deviations from it.  alpha and gamma are chosen on a grid of 0.05 to
 * 0.95 by 0.05 (gamma at most 1 - alpha) to minimize the squared
 * one-step errors after the first season.  The variance h steps ahead
 * is sigma^2 (1 + (h - 1) alpha^2 + k gamma (2 alpha + gamma)), with k =
 * floor((h - 1) / m) the seasons crossed (Hyndman et al. 2008, table
 * 6.1, class 1), sigma the one-step errors' spread.  SES is the same
 * with no season.  A method that repeats a past value (naive, seasonal
 * naive) adds one error for each repeat.
 */
#include <math.h>
#include <string.h>

#include "scs/forecast.h"

const char *const scs_fc_method_codes[SCS_FC_NMETHODS] = {"none", "naive",
    "ses", "seasonal_naive", "ets_ana"};

#define GRID 19 /* 0.05 .. 0.95 */

struct state {
	double level;
	double season[SCS_FC_SERIES_MAX];
	double sse;
	size_t nerr;
};

/* Run the recursions over y with alpha and gamma (gamma 0 and m 0: SES);
 * the final state and the squared one-step errors into *@st. */
static void
smooth(const double *y, size_t n, size_t m, double alpha, double gamma,
    struct state *st)
{
	size_t t, k0 = m ? m : 1;
	double mean = 0.0, f, e;

	memset(st, 0, sizeof(*st));
	for (t = 0; t < k0; t++)
		mean += y[t];
	mean /= (double)k0;
	st->level = mean;
	for (t = 0; m && t < m; t++)
		st->season[t] = y[t] - mean;
	for (t = k0; t < n; t++) {
		f = st->level + (m ? st->season[t % m] : 0.0);
		e = y[t] - f;
		st->sse += e * e;
		st->nerr++;
		st->level += alpha * e;
		if (m)
			st->season[t % m] += gamma * e;
	}
}

static void
fit(const double *y, size_t n, size_t m, struct scs_fc *out, struct state *best)
{
	struct state st;
	double a, g, bsse = HUGE_VAL;
	int i, j;

	memset(best, 0, sizeof(*best));
	for (i = 1; i <= GRID; i++) {
		a = 0.05 * i;
		for (j = 0; j <= (m ? GRID : 0); j++) {
			g = 0.05 * j;
			if (m && g > 1.0 - a + 1e-9)
				break;
			smooth(y, n, m, a, g, &st);
			if (st.sse < bsse - 1e-12) {
				bsse = st.sse;
				*best = st;
				out->alpha = a;
				out->gamma = g;
			}
		}
	}
	out->sigma =
	    best->nerr > 1 ? sqrt(bsse / (double)(best->nerr - 1)) : 0.0;
}

static void
interval(struct scs_fc_point *p, double mean, double sd)
{
	p->sd = sd;
	p->mean = mean < 0.0 ? 0.0 : mean;
	p->lo = mean - SCS_FC_Z80 * sd;
	p->hi = mean + SCS_FC_Z80 * sd;
	if (p->lo < 0.0)
		p->lo = 0.0;
	if (p->hi < 0.0)
		p->hi = 0.0;
}

/* The one-step errors' spread of a method that repeats a past value
 * @lag steps back. */
static double
naive_sigma(const double *y, size_t n, size_t lag)
{
	double s = 0.0, e = 0.0;
	size_t t, k = 0;

	for (t = lag; t < n; t++) {
		e = y[t] - y[t - lag];
		s += e * e;
		k++;
	}
	return k > 1 ? sqrt(s / (double)(k - 1)) : k ? fabs(e) : 0.0;
}

static void
smoothing(const double *y, size_t n, size_t m, size_t h, struct scs_fc *out)
{
	struct state st;
	size_t k, j;
	double v;

	memset(&st, 0, sizeof(st));
	fit(y, n, m, out, &st);
	for (k = 1; k <= h; k++) {
		j = (k - 1) / (m ? m : 1);
		v = 1.0 + (double)(k - 1) * out->alpha * out->alpha;
		if (m)
			v += (double)j * out->gamma *
			    (2.0 * out->alpha + out->gamma);
		interval(&out->at[k - 1],
		    st.level + (m ? st.season[(n + k - 1) % m] : 0.0),
		    out->sigma * sqrt(v));
	}
}

static void
repeat(const double *y, size_t n, size_t lag, size_t h, struct scs_fc *out)
{
	size_t k;
	double s = naive_sigma(y, n, lag);

	out->sigma = s;
	for (k = 1; k <= h; k++) {
		/* The j-th repeat of a value: its error adds j times. */
		size_t j = (k - 1) / lag + 1;

		interval(&out->at[k - 1], y[n - lag + (k - 1) % lag],
		    s * sqrt((double)j));
	}
}

static enum scs_fc_method
best_method(size_t n, size_t period)
{
	if (n >= 2 * period + 2)
		return SCS_FC_ETS_ANA;
	if (n >= 3)
		return SCS_FC_SES;
	return n ? SCS_FC_NAIVE : SCS_FC_NONE;
}

int
scs_fc_forecast(const double *y, size_t n, size_t period, size_t h,
    enum scs_fc_method method, struct scs_fc *out)
{
	size_t t;

	memset(out, 0, sizeof(*out));
	if (n > SCS_FC_SERIES_MAX || h < 1 || h > SCS_FC_HORIZON_MAX ||
	    period < 2 || period > SCS_FC_SERIES_MAX || (n && y == NULL))
		return -1;
	for (t = 0; t < n; t++)
		if (!(y[t] >= 0.0 && isfinite(y[t])))
			return -1;
	if (method == SCS_FC_NONE)
		method = best_method(n, period);
	out->method = method;
	out->h = h;
	switch (method) {
	case SCS_FC_NONE:
		return n == 0 ? 0 : -1;
	case SCS_FC_NAIVE:
		if (n < 1)
			return -1;
		repeat(y, n, 1, h, out);
		return 0;
	case SCS_FC_SNAIVE:
		if (n < period)
			return -1;
		repeat(y, n, period, h, out);
		return 0;
	case SCS_FC_SES:
		if (n < 3)
			return -1;
		smoothing(y, n, 0, h, out);
		return 0;
	case SCS_FC_ETS_ANA:
		if (n < 2 * period + 2)
			return -1;
		smoothing(y, n, period, h, out);
		return 0;
	default:
		return -1;
	}
}

double
scs_fc_mape(const double *a, const double *f, size_t n)
{
	double s = 0.0;
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (a[i] != 0.0) {
			s += fabs((a[i] - f[i]) / a[i]);
			k++;
		}
	return k ? 100.0 * s / (double)k : -1.0;
}

double
scs_fc_mase(const double *a, const double *f, size_t n, const double *train,
    size_t ntrain, size_t period)
{
	size_t lag = ntrain > period ? period : 1, t, i;
	double scale = 0.0, e = 0.0;

	if (ntrain <= lag || n == 0)
		return -1.0;
	for (t = lag; t < ntrain; t++)
		scale += fabs(train[t] - train[t - lag]);
	scale /= (double)(ntrain - lag);
	if (scale == 0.0)
		return -1.0;
	for (i = 0; i < n; i++)
		e += fabs(a[i] - f[i]);
	return e / (double)n / scale;
}
