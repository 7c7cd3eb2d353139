/* SPDX-License-Identifier: Apache-2.0 */
/*
 * forecast.h - forecasts of a short series, such as the cases opened
 * each quarter of one class (DESIGN.md section 8, the capacity
 * planner): the seasonal naive method (next year's quarter is this
 * year's), and exponential smoothing with an additive season (ETS(A,N,A),
 * Hyndman et al., "Forecasting with Exponential Smoothing", 2008) whose
 * smoothing parameters minimize the one-step squared errors, falling
 * back to simple exponential smoothing, then to the last value, as the
 * series gets shorter.  Each forecast comes with its 80% interval from
 * the one-step errors' spread.  And the measures that judge a forecast
 * on held-out values: MAPE and MASE (Hyndman and Koehler, 2006).
 *
 * Part of core: arithmetic only, no I/O, no allocation beyond the
 * caller's arrays.
 */
#ifndef SCS_FORECAST_H
#define SCS_FORECAST_H

#include <stddef.h>

#define SCS_FC_HORIZON_MAX 16  /* steps ahead */
#define SCS_FC_SERIES_MAX  400 /* values a series */
#define SCS_FC_Z80         1.2815515655446004

enum scs_fc_method {
	SCS_FC_NONE,    /* no value: forecasts 0 */
	SCS_FC_NAIVE,   /* the last value */
	SCS_FC_SES,     /* simple exponential smoothing */
	SCS_FC_SNAIVE,  /* the value a season before */
	SCS_FC_ETS_ANA, /* exponential smoothing with an additive season */
	SCS_FC_NMETHODS
};

/* "none", "naive", "ses", "seasonal_naive", "ets_ana". */
extern const char *const scs_fc_method_codes[SCS_FC_NMETHODS];

/* A forecast @h steps ahead: mean, the 80% interval [lo, hi] (never
 * below 0: counts), and the standard deviation it came from (before the
 * cut at 0). */
struct scs_fc_point {
	double mean, lo, hi, sd;
};

struct scs_fc {
	enum scs_fc_method method;
	double alpha, gamma; /* the smoothing parameters (ETS, SES) */
	double sigma;        /* the one-step errors' standard deviation */
	size_t h;
	struct scs_fc_point at[SCS_FC_HORIZON_MAX];
};

/**
 * Forecast the @n values @y (oldest first, each >= 0) @h steps ahead
 * (1 .. SCS_FC_HORIZON_MAX) with a season of @period steps (>= 2; 4 for
 * quarters) into *@out, by @method, or by the best the series allows when
 * @method is SCS_FC_NONE: ETS(A,N,A) from two seasons and two values, SES
 * from three values, the last value from one.  0 on success, -1 for a bad
 * argument (n over SCS_FC_SERIES_MAX, h out of range, a value below 0 or
 * not finite, or a method the series is too short for).
 */
int scs_fc_forecast(const double *y, size_t n, size_t period, size_t h,
    enum scs_fc_method method, struct scs_fc *out);

/**
 * The mean absolute percentage error of the @n forecasts @f against the
 * actual values @a, over the actual values that are not 0 (in percent);
 * -1 when every actual value is 0.
 */
double scs_fc_mape(const double *a, const double *f, size_t n);

/**
 * The mean absolute scaled error of the forecasts @f of the actual @a
 * (@n each): their mean absolute error over the in-sample mean absolute
 * error of the seasonal naive method on the @ntrain training values
 * @train with season @period (the naive method when the training series
 * has no full season before a value).  Below 1: better than the seasonal
 * naive method was in sample.  -1 when the scale is 0 or undefined.
 */
double scs_fc_mase(const double *a, const double *f, size_t n,
    const double *train, size_t ntrain, size_t period);

#endif
