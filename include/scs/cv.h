/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cv.h - continuous vetting, the operations (docs/continuous-vetting.md):
 * matching a feed of outside records against every person of the
 * register.  The HTTP API and the command line call these.
 */
#ifndef SCS_CV_H
#define SCS_CV_H

#include <stddef.h>

#include "scs/cvfeed.h"
#include "scs/link.h"
#include "scs/ops.h"

struct scs_cv_options {
	unsigned threads; /* matching threads; 0: 1 */
	size_t upairs;    /* random pairs for u; 0: 200,000 */
	size_t em_sample; /* records for EM; 0: 20,000 */
	double link_at;   /* 0: the default (link.h) */
	double review_at; /* 0: the default */
};

struct scs_cv_summary {
	size_t persons, records;
	size_t links, reviews, nones;
	size_t enrolled; /* links and reviews of enrolled persons */
	struct scs_link_model model;
};

/* Called with each output line (no newline), in feed order; non-zero
 * stops the match with that code. */
typedef int (*scs_cv_emit)(void *arg, const char *line, size_t len);

/**
 * Match @feed (named @name in the audit log and errors) against every
 * person of the register, and emit one line per record, in order:
 *
 *   {"record":ID,"person":ID|null,"score":BITS,"probability":P,
 *    "decision":"link"|"review"|"none","enrolled":BOOL,
 *    "weights":{FIELD:BITS...},"levels":{FIELD:LEVEL...}}
 *
 * A record decided "none" names no person and shows no weights.  Nothing
 * in the register changes but one audit entry (action "cv_match", kind
 * "feed", object @name, purpose the counts).  The operating system's
 * actor and investigators may match; others get SCS_EDENIED.  Returns
 * SCS_OK, SCS_EDENIED, SCS_EIO, SCS_ENOMEM, or what @emit returned.
 */
int scs_op_cv_match(struct scs_ctx *c, const struct scs_cv_feed *feed,
    const char *name, const struct scs_cv_options *o, scs_cv_emit emit,
    void *arg, struct scs_cv_summary *sum, struct scs_err *err);

#endif
