/* SPDX-License-Identifier: Apache-2.0 */
/*
 * query.c - the hot path of decision queries: the usual line
 * {"subject":"..","item":"..","at":".."} (keys in any order, strings
 * without escapes) parsed by hand, so `scs check --batch` and
 * POST /v1/decisions spend their time deciding, not parsing.  Anything
 * else is left to jansson and the strict codec.
 */
#include <stdlib.h>
#include <string.h>

#include "scs/codec.h"

/* A JSON string without escapes starting at *p ('"' expected). */
static int
plain_string(const char **p, const char *end, const char **out, size_t *len)
{
	const char *s = *p, *q;

	if (s >= end || *s != '"')
		return -1;
	for (q = ++s; q < end && *q != '"'; q++)
		if (*q == '\\' || (unsigned char)*q < 0x20)
			return -1;
	if (q >= end)
		return -1;
	*out = s;
	*len = (size_t)(q - s);
	*p = q + 1;
	return 0;
}

static const char *
skip_ws(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p;
}

/* The fast path: {"subject":"..","item":"..","at":".."} in any order,
 * no escapes.  0 when it applied, -1 to fall back. */
int
scs_codec_query_fast(const char *line, size_t len, struct scs_query *q)
{
	const char *p = line, *end = line + len, *k, *v;
	size_t klen, vlen;
	int seen = 0;

	memset(q, 0, sizeof(*q));
	p = skip_ws(p, end);
	if (p >= end || *p++ != '{')
		return -1;
	for (;;) {
		p = skip_ws(p, end);
		if (plain_string(&p, end, &k, &klen) != 0)
			return -1;
		p = skip_ws(p, end);
		if (p >= end || *p++ != ':')
			return -1;
		p = skip_ws(p, end);
		if (plain_string(&p, end, &v, &vlen) != 0)
			return -1;
		if (klen == 7 && memcmp(k, "subject", 7) == 0 && !(seen & 1)) {
			q->subject = v;
			q->subject_len = vlen;
			seen |= 1;
		} else if (klen == 4 && memcmp(k, "item", 4) == 0 &&
		    !(seen & 2)) {
			q->item = v;
			q->item_len = vlen;
			seen |= 2;
		} else if (klen == 2 && memcmp(k, "at", 2) == 0 &&
		    !(seen & 4)) {
			q->at = v;
			q->at_len = vlen;
			q->has_at = 1;
			seen |= 4;
		} else {
			return -1;
		}
		p = skip_ws(p, end);
		if (p < end && *p == ',') {
			p++;
			continue;
		}
		if (p >= end || *p++ != '}')
			return -1;
		p = skip_ws(p, end);
		return p == end && (seen & 3) == 3 ? 0 : -1;
	}
}

/* Append a JSON string (escaped only when needed) to @b.  SCS_OK or a
 * failure of the buffer or of memory. */
static int
put_string(struct scs_buf *b, const char *s, size_t len)
{
	json_t *j;
	char *text;
	size_t i;
	int rc;

	for (i = 0; i < len; i++)
		if (s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 0x20)
			break;
	if (i == len)
		return scs_buf_add(b, "\"", 1) | scs_buf_add(b, s, len) |
		    scs_buf_add(b, "\"", 1);
	j = json_stringn(s, len);
	text = j != NULL ? scs_codec_dumps(j, JSON_ENCODE_ANY) : NULL;
	rc = text != NULL ? scs_buf_adds(b, text) : SCS_ENOMEM;
	free(text);
	json_decref(j);
	return rc;
}

int
scs_codec_answer(struct scs_buf *b, const char *subject, size_t slen,
    const char *item, size_t ilen, enum scs_reason r, const char *at)
{
	size_t len0 = b->len;
	int bad = 0;

	bad |= scs_buf_adds(b, "{\"subject\":");
	bad |= put_string(b, subject, slen);
	bad |= scs_buf_adds(b, ",\"item\":");
	bad |= put_string(b, item, ilen);
	bad |= scs_buf_adds(b,
	    scs_reason_allows(r) ? ",\"allow\":true" : ",\"allow\":false");
	if (r != SCS_R_ALLOW) {
		bad |= scs_buf_adds(b, ",\"reason\":\"");
		bad |= scs_buf_adds(b, scs_reason_name(r));
		bad |= scs_buf_add(b, "\"", 1);
	}
	if (at != NULL) {
		bad |= scs_buf_adds(b, ",\"at\":\"");
		bad |= scs_buf_adds(b, at);
		bad |= scs_buf_add(b, "\"", 1);
	}
	bad |= scs_buf_add(b, "}", 1);
	if (bad) { /* no half answer stays behind */
		b->len = len0;
		if (b->p != NULL)
			b->p[len0] = '\0';
		return SCS_ENOMEM;
	}
	return SCS_OK;
}

int
scs_codec_query_ids(const char *subject, size_t slen, const char *item,
    size_t ilen, struct scs_err *err)
{
	char id[SCS_ID_MAX + 1];
	int rc;

	if (slen > SCS_ID_MAX || ilen > SCS_ID_MAX)
		return scs_err_set(err, SCS_EINVAL,
		    slen > SCS_ID_MAX ? "subject" : "item",
		    "must be at most %d bytes", SCS_ID_MAX);
	memcpy(id, subject, slen);
	id[slen] = '\0';
	if ((rc = scs_valid_id(id, "subject", err)) != SCS_OK)
		return rc;
	memcpy(id, item, ilen);
	id[ilen] = '\0';
	return scs_valid_id(id, "item", err);
}

json_t *
scs_codec_label_join(const struct scs_index *ix,
    const struct scs_label_join *lj)
{
	const char *auth = "",
	           *level = scs_index_item_level(ix, lj->top_item, &auth);
	json_t *c = json_array(), *n = json_array(), *o;
	size_t i;

	for (i = 0; i < lj->ncompartments; i++)
		scs_codec_push(&c, json_string(lj->compartments[i]));
	for (i = 0; i < lj->nnations; i++)
		scs_codec_push(&n, json_string(lj->nations[i]));
	o = json_pack("{s:i,s:s,s:s,s:s}", "rank", lj->rank, "authority", auth,
	    "level", level, "from_item", scs_index_item_id(ix, lj->top_item));
	scs_codec_put(&o, "compartments", c);
	scs_codec_put(&o, "releasable_to", n);
	return o;
}
