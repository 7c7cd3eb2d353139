/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cvfeed.h - the continuous-vetting feed: a JSON Lines file of outside
 * records (arrests, judgments, travel, bankruptcies) to match against the
 * register (docs/continuous-vetting.md, "The feed").  One object a line:
 *
 *   {"id":"np-2026-1","source":"npa","type":"arrest","date":"2026-03-02",
 *    "name":"大野 太郎","name_latin":"ONO Taro","name_kana":"オオノ タロウ",
 *    "birth_date":"1980-04-01","nationality":"JPN","summary":"..."}
 *
 * id, source, type, date and name are required; the rest optional (null
 * is the same as absent).  Blank lines and lines whose first non-blank
 * character is '#' are skipped; a byte order mark and CRLF are taken.
 * One bad line refuses the whole feed, naming FILE:LINE: member.
 */
#ifndef SCS_CVFEED_H
#define SCS_CVFEED_H

#include <stddef.h>

#include "scs/err.h"
#include "scs/model.h"

#define SCS_CV_CODE_MAX    32      /* source and type codes, bytes */
#define SCS_CV_SUMMARY_MAX 4096    /* a record's summary, bytes */
#define SCS_CV_LINE_MAX    65536   /* a line without its end */
#define SCS_CV_RECORDS_MAX 5000000 /* records of one feed */

struct scs_cv_record {
	char id[SCS_ID_MAX + 1];
	char source[SCS_CV_CODE_MAX + 1]; /* who keeps the record: "npa" */
	char type[SCS_CV_CODE_MAX + 1];   /* what it is: "arrest" */
	char date[SCS_DATE_LEN + 1];      /* when it happened */
	char name[SCS_NAME_MAX + 1];      /* any script */
	char name_latin[SCS_NAME_MAX + 1];
	char name_kana[SCS_NAME_MAX + 1];
	char birth_date[SCS_DATE_LEN + 1];
	char nationality[4];
	char *summary; /* malloc'd; NULL when absent */
	size_t line;   /* in the feed, from 1 */
};

struct scs_cv_feed {
	struct scs_cv_record *r;
	size_t n;
};

/**
 * Parse the feed text @text (@len bytes; @name for errors, e.g. the file
 * name) into @out (free with scs_cv_feed_free).  Returns SCS_OK;
 * SCS_EINVAL with err->field "NAME:LINE: member" (or "NAME:LINE" when the
 * line is not a JSON object) and the reason; SCS_ETOOBIG beyond
 * SCS_CV_RECORDS_MAX records; SCS_ENOMEM.  On error @out is empty.
 */
int scs_cv_feed_parse(const char *text, size_t len, const char *name,
    struct scs_cv_feed *out, struct scs_err *err);

void scs_cv_feed_free(struct scs_cv_feed *f);

/** Whether @s is a source or type code: a lower-case letter, then
 * a-z 0-9 _, at most SCS_CV_CODE_MAX bytes.  SCS_OK or SCS_EINVAL. */
int scs_cv_code_valid(const char *s, const char *field, struct scs_err *err);

#endif
