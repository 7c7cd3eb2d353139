/* SPDX-License-Identifier: Apache-2.0 */
/*
 * witness.c - `scs audit witness URL --key KEY --state FILE`: a partner's
 * watch over a server's audit log (docs/audit-proofs.md).  It fetches the
 * signed tree head (GET /v1/audit/head), checks its signature under the
 * key it was given (never the key the server sends), and, when its state
 * file holds a head seen before, asks the consistency proof from that
 * size to the new one and checks it against the head it kept, not the one
 * the server sends back.  Only then is the new head written to the state
 * file (a temporary file renamed over it).  A bad signature, a smaller
 * size (a log rolled back), the same size with another root or a proof
 * that fails (a log forked) are refused: exit 1, the reason, the state
 * file unchanged.
 *
 * The only HTTP client of the program (libcurl); it runs in this command
 * only, never in `scs serve` (whose seccomp filter it would not fit).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "scs/cli.h"
#include "scs/codec.h"

#define BODY_MAX     ((size_t)1024 * 1024)
#define TIMEOUT_S    30L
#define STATE_MAX    (16 * 1024)
#define URL_MAX      2048
#define TOKEN_ENV    "SCS_TOKEN"
#define EXIT_REFUSED SCS_EXIT_FAIL

struct witness {
	const char *url; /* the server's base URL, no trailing slash */
	size_t urllen;
	const char *cacert;
	const char *state;
	uint8_t pub[32];
};

struct body {
	char *p;
	size_t n;
	int over;
};

static size_t
on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t len = size * nmemb;
	char *np;

	if (b->n + len > BODY_MAX) {
		b->over = 1;
		return 0; /* stops the transfer */
	}
	if ((np = realloc(b->p, b->n + len + 1)) == NULL)
		return 0;
	b->p = np;
	memcpy(b->p + b->n, data, len);
	b->n += len;
	b->p[b->n] = '\0';
	return len;
}

/* GET @w->url followed by @path into a JSON value (the caller decrefs):
 * SCS_EIO naming "url" for a transfer that failed, an answer that is not
 * 200 (with the server's error message) or not JSON. */
static int
get_json(const struct witness *w, const char *path, json_t **out,
    long *out_status, struct scs_err *err)
{
	const char *token = getenv(TOKEN_ENV);
	struct curl_slist *hdrs = NULL;
	struct body b = {NULL, 0, 0};
	char url[URL_MAX + 128], auth[600];
	json_error_t jerr;
	json_t *e;
	CURL *c;
	CURLcode cc;
	long status = 0;
	int rc = SCS_OK;

	*out = NULL;
	(void)snprintf(url, sizeof(url), "%.*s%s", (int)w->urllen, w->url,
	    path);
	if ((c = curl_easy_init()) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "url", "out of memory");
	if (token != NULL && token[0] != '\0') {
		(void)snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    token);
		if ((hdrs = curl_slist_append(NULL, auth)) == NULL) {
			curl_easy_cleanup(c);
			return scs_err_set(err, SCS_ENOMEM, "url",
			    "out of memory");
		}
	}
	(void)curl_easy_setopt(c, CURLOPT_URL, url);
	(void)curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	(void)curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	(void)curl_easy_setopt(c, CURLOPT_TIMEOUT, TIMEOUT_S);
	(void)curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	(void)curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	(void)curl_easy_setopt(c, CURLOPT_WRITEDATA, &b);
	(void)curl_easy_setopt(c, CURLOPT_USERAGENT,
	    "scs-witness/" SCS_VERSION);
	if (hdrs != NULL)
		(void)curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	if (w->cacert != NULL)
		(void)curl_easy_setopt(c, CURLOPT_CAINFO, w->cacert);
	cc = curl_easy_perform(c);
	if (cc == CURLE_OK)
		(void)curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	*out_status = status;
	if (b.over)
		rc = scs_err_set(err, SCS_EIO, "url",
		    "%s: the answer exceeds %zu bytes", url, BODY_MAX);
	else if (cc != CURLE_OK)
		rc = scs_err_set(err, SCS_EIO, "url", "%s: %s", url,
		    curl_easy_strerror(cc));
	else if ((*out = json_loadb(b.p != NULL ? b.p : "", b.n,
	              JSON_REJECT_DUPLICATES, &jerr)) == NULL)
		rc = scs_err_set(err, SCS_EIO, "url",
		    "%s: HTTP %ld, not JSON: %s", url, status, jerr.text);
	else if (status != 200) {
		e = json_object_get(*out, "error");
		rc = scs_err_set(err, SCS_EIO, "url", "%s: HTTP %ld: %s%s%s",
		    url, status,
		    json_string_value(json_object_get(e, "field")) != NULL
		        ? json_string_value(json_object_get(e, "field"))
		        : "",
		    json_string_value(json_object_get(e, "field")) != NULL
		        ? ": "
		        : "",
		    json_string_value(json_object_get(e, "message")) != NULL
		        ? json_string_value(json_object_get(e, "message"))
		        : "(no message)");
		json_decref(*out);
		*out = NULL;
	}
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	free(b.p);
	return rc;
}

/* The head of the state file into @out; *out_found 0 when there is no
 * state file yet. */
static int
state_read(const struct witness *w, struct scs_tree_head *out, int *out_found,
    struct scs_err *err)
{
	json_error_t jerr;
	json_t *j;
	int rc;

	*out_found = 0;
	if (access(w->state, F_OK) != 0 && errno == ENOENT)
		return SCS_OK;
	if ((j = json_load_file(w->state, JSON_REJECT_DUPLICATES, &jerr)) ==
	    NULL)
		return scs_err_set(err, SCS_EINVAL, "--state",
		    "%s: not a witness state: %s", w->state, jerr.text);
	rc = scs_codec_head_parse(json_object_get(j, "tree_head"), "tree_head",
	    out, err);
	json_decref(j);
	if (rc != SCS_OK) {
		scs_err_prefix(err, w->state);
		return rc;
	}
	if (scs_audit_head_check(out, w->pub) != 0)
		return scs_err_set(err, SCS_ECRYPTO, "--state",
		    "%s: the head kept there is not signed by --key", w->state);
	*out_found = 1;
	return SCS_OK;
}

/* Replace the state file by one holding @h: a temporary file beside it,
 * synced, then renamed over it, so that a crash leaves the old or the
 * new state, never a part. */
static int
state_write(const struct witness *w, const struct scs_tree_head *h,
    struct scs_err *err)
{
	char tmp[4096 + 16], *text;
	json_t *j;
	size_t len;
	int fd, ok;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp", w->state) >= (int)sizeof(tmp))
		return scs_err_set(err, SCS_EINVAL, "--state", "too long");
	j = json_pack("{s:s,s:o}", "url", w->url, "tree_head",
	    scs_codec_head_json(h));
	text = j != NULL ? json_dumps(j, JSON_INDENT(2)) : NULL;
	json_decref(j);
	if (text == NULL)
		return scs_err_set(err, SCS_ENOMEM, "--state", "out of memory");
	len = strlen(text);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) <
	    0) {
		free(text);
		return scs_err_set(err, SCS_EIO, "--state", "%s: %s", tmp,
		    scs_errno_text(errno));
	}
	ok = write(fd, text, len) == (ssize_t)len && write(fd, "\n", 1) == 1 &&
	    fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	free(text);
	if (!ok || rename(tmp, w->state) != 0) {
		(void)unlink(tmp);
		return scs_err_set(err, SCS_EIO, "--state", "%s: %s", w->state,
		    scs_errno_text(errno));
	}
	return SCS_OK;
}

/* Say why a head is refused, on stderr; EXIT_REFUSED. */
static int refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static int
refuse(const char *fmt, ...)
{
	va_list ap;

	(void)fprintf(stderr, "scs: witness: REFUSED: ");
	va_start(ap, fmt);
	(void)vfprintf(stderr, fmt, ap);
	va_end(ap);
	(void)fprintf(stderr, "; the state file is unchanged\n");
	return EXIT_REFUSED;
}

/*
 * The consistency of the head @seen, kept here, with the server's newer
 * head @now: the proof fetched, and checked against @seen itself.
 * SCS_OK when it holds; EXIT_REFUSED (*out_refused set, said on
 * stderr) when it does not; another code with *err for a fetch that
 * failed otherwise.
 */
static int
check_extends(const struct witness *w, const struct scs_tree_head *seen,
    const struct scs_tree_head *now, int *out_refused, struct scs_err *err)
{
	struct scs_audit_proof *p;
	char path[128], why[160], r2[65];
	json_t *j = NULL;
	long status = 0;
	int rc, refused = 1;

	scs_hex(r2, seen->root, 32);
	(void)snprintf(path, sizeof(path),
	    "/v1/audit/proof/consistency?from=%llu&to=%llu",
	    (unsigned long long)seen->size, (unsigned long long)now->size);
	if ((p = malloc(sizeof(*p))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = get_json(w, path, &j, &status, err);
	if (rc == SCS_OK)
		rc = scs_codec_proof_parse(j, p, err);
	json_decref(j);
	if (rc != SCS_OK && status == 404)
		rc = refuse("forked or rolled back: the server has no signed "
		            "head of size %llu, witnessed before (%s)",
		    (unsigned long long)seen->size, err->reason);
	else if (rc != SCS_OK)
		refused = 0;
	/* The proof must join the head kept here to the head just fetched:
	 * the server's copies of them are not trusted. */
	else if (!p->consistency ||
	    memcmp(&p->old_head, seen, sizeof(*seen)) != 0)
		rc = refuse("forked: the server's head of size %llu is not the "
		            "one witnessed before (root %s)",
		    (unsigned long long)seen->size, r2);
	else if (memcmp(&p->head, now, sizeof(*now)) != 0)
		rc = refuse("the proof is over another head of size %llu than "
		            "the server's latest",
		    (unsigned long long)now->size);
	else if (scs_audit_proof_check(p, w->pub, why, sizeof(why)) != 0)
		rc = refuse("forked: the log of size %llu is not consistent "
		            "with the head of size %llu witnessed before: %s",
		    (unsigned long long)now->size,
		    (unsigned long long)seen->size, why);
	free(p);
	*out_refused = refused && rc != SCS_OK;
	return rc;
}

/* One round: SCS_EXIT_OK (the new head recorded), EXIT_REFUSED, or
 * another code with *err set for a failure that is no finding (the
 * server unreachable, a state file unreadable). */
static int
witness_once(const struct witness *w, int *out_refused, struct scs_err *err)
{
	struct scs_tree_head now, seen;
	char r1[65], r2[65];
	json_t *j = NULL;
	long status = 0;
	int found, rc;

	*out_refused = 0;
	if ((rc = state_read(w, &seen, &found, err)) != SCS_OK ||
	    (rc = get_json(w, "/v1/audit/head", &j, &status, err)) != SCS_OK)
		return rc;
	rc = scs_codec_head_parse(j, "head", &now, err);
	json_decref(j);
	if (rc != SCS_OK)
		return rc;
	*out_refused = 1;
	if (now.size == 0)
		return refuse("the server's log has no signed tree head yet");
	if (scs_audit_head_check(&now, w->pub) != 0)
		return refuse("the head of size %llu has a bad signature (not "
		              "signed by --key)",
		    (unsigned long long)now.size);
	scs_hex(r1, now.root, 32);
	scs_hex(r2, seen.root, 32);
	if (found && now.size < seen.size)
		return refuse("rolled back: the log has %llu entries, %llu "
		              "were witnessed before",
		    (unsigned long long)now.size,
		    (unsigned long long)seen.size);
	if (found && now.size == seen.size &&
	    memcmp(now.root, seen.root, 32) != 0)
		return refuse("forked: the head of size %llu has root %s, the "
		              "one witnessed before %s",
		    (unsigned long long)now.size, r1, r2);
	*out_refused = 0;
	if (found && now.size > seen.size &&
	    (rc = check_extends(w, &seen, &now, out_refused, err)) != SCS_OK)
		return rc;
	if (found && now.size == seen.size) {
		(void)printf("witnessed: size %llu root %s (unchanged)\n",
		    (unsigned long long)now.size, r1);
		return SCS_EXIT_OK;
	}
	if ((rc = state_write(w, &now, err)) != SCS_OK)
		return rc;
	if (found)
		(void)printf("witnessed: size %llu root %s (consistent with "
		             "size %llu)\n",
		    (unsigned long long)now.size, r1,
		    (unsigned long long)seen.size);
	else
		(void)printf("witnessed: size %llu root %s (first head)\n",
		    (unsigned long long)now.size, r1);
	return SCS_EXIT_OK;
}

int
scs_cli_audit_witness(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"key", required_argument, NULL, 'k'},
	    {"state", required_argument, NULL, 's'},
	    {"cacert", required_argument, NULL, 'c'},
	    {"every", required_argument, NULL, 'e'},
	    {NULL, 0, NULL, 0},
	};
	static const char usage[] = "audit witness URL --key KEY --state FILE "
	                            "[--cacert FILE] [--every SECONDS]";
	struct witness w;
	struct scs_err err;
	const char *key = NULL;
	uint64_t every = 0;
	int ch, rc, refused;

	memset(&w, 0, sizeof(w));
	scs_err_clear(&err);
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'k')
			key = optarg;
		else if (ch == 's')
			w.state = optarg;
		else if (ch == 'c')
			w.cacert = optarg;
		else if (ch != 'e' ||
		    scs_parse_u64(optarg, 86400, &every) != 0 || every == 0)
			return scs_cli_usage("audit",
			    "%s (SECONDS: 1 to 86400)", usage);
	}
	if (optind != argc - 1 || key == NULL || w.state == NULL)
		return scs_cli_usage("audit", "%s", usage);
	w.url = argv[optind];
	w.urllen = strlen(w.url);
	while (w.urllen > 0 && w.url[w.urllen - 1] == '/')
		w.urllen--;
	if (w.urllen == 0 || w.urllen > URL_MAX ||
	    (strncmp(w.url, "http://", 7) != 0 &&
	        strncmp(w.url, "https://", 8) != 0)) {
		(void)scs_err_set(&err, SCS_EINVAL, "url",
		    "must be the server's http:// or https:// address");
		return scs_cli_fail(&err);
	}
	if (w.cacert != NULL && access(w.cacert, R_OK) != 0) {
		(void)scs_err_set(&err, SCS_EINVAL, "--cacert", "%s: %s",
		    w.cacert, scs_errno_text(errno));
		return scs_cli_fail(&err);
	}
	if (scs_cli_pubkey(key, w.pub, &err) != SCS_OK)
		return scs_cli_fail(&err);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		(void)scs_err_set(&err, SCS_EIO, "url",
		    "cannot start the HTTP client");
		return scs_cli_fail(&err);
	}
	for (;;) {
		scs_err_clear(&err);
		rc = witness_once(&w, &refused, &err);
		if (rc != SCS_EXIT_OK && !refused)
			rc = scs_cli_fail(&err);
		(void)fflush(stdout);
		/* Watching: a finding ends it; an unreachable server is
		 * said and tried again. */
		if (every == 0 || refused)
			break;
		(void)sleep((unsigned)every);
	}
	curl_global_cleanup();
	return rc == SCS_EXIT_OK ? SCS_EXIT_OK : SCS_EXIT_FAIL;
}
