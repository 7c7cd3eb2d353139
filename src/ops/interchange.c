/* SPDX-License-Identifier: Apache-2.0 */
/*
 * interchange.c - scs import and scs export: the JSON Lines format of
 * DESIGN.md section 11.  Import streams line by line in one transaction
 * and stops at the first bad line, naming FILE:LINE and the field; nothing
 * of the batch is kept.  Export writes a fixed order (kinds in dependency
 * order, ids ascending, keys in a fixed order), so export -> import ->
 * export is byte-identical.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "scs/codec.h"
#include "scs/crypto.h"
#include "ops_int.h"

#define LINE_MAX_BYTES (1u << 20)

/* Lines are written in batches: each first in a bulk section (every
 * record taken as new, written together; ops_int.h), and when that
 * fails for any reason, undone and written again line by line, which
 * finds a record already there and names the line of an error. */
#define BATCH_LINES 4096
#define BATCH_BYTES (8u << 20)

struct batch_line {
	size_t off, len;
	uint64_t lineno;
};

struct import {
	struct scs_ctx *c;
	struct scs_relatives *rel, *old;
	struct scs_record *rec, *cur;
	uint64_t count;
	struct scs_buf text; /* the batch's lines */
	struct batch_line *lines;
	size_t n;
	struct scs_bulk bulk;
	uint64_t fast, slow; /* batches written each way */
};

static int
import_org(struct import *im, const json_t *j, struct scs_err *err)
{
	struct scs_record r;
	struct scs_org o, cur;
	uint8_t state[32], curstate[32];
	int rc;

	if ((rc = scs_codec_rec_parse(im->c->rd, j, SCS_KIND_ORG, 0, &r,
	         err)) != SCS_OK)
		return rc;
	o = r.u.org;
	/* In a bulk section every record is taken as new (ops_int.h). */
	rc = im->c->bulk != NULL
	    ? SCS_ENOTFOUND
	    : scs_store_org_get(im->c->st, o.id, &cur, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	scs_op_state_org(&o, state);
	if (rc == SCS_OK) {
		scs_op_state_org(&cur, curstate);
		if (scs_op_state_unknown(state) ||
		    scs_op_state_unknown(curstate))
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		if (memcmp(state, curstate, 32) == 0)
			return SCS_OK; /* already there, identical */
		return scs_err_set(err, SCS_ECONFLICT, "id",
		    "organization \"%s\" exists with other content", o.id);
	}
	if ((rc = scs_store_org_put(im->c->st, &o, SCS_PUT_INSERT, err)) !=
	        SCS_OK ||
	    (rc = scs_op_audit(im->c, "create", "organization", o.id, state,
	         "import", err)) != SCS_OK)
		return rc;
	if (im->c->bulk != NULL)
		scs_bulk_wrote(im->c->bulk, SCS_KIND_ORG, o.id);
	im->count++;
	return SCS_OK;
}

/* SCS_OK when @p (with im->rel) is the stored @cur, relatives opened;
 * SCS_ECONFLICT when it differs; an error when either cannot be read. */
static int
same_person(struct import *im, const struct scs_person *p,
    const struct scs_person *cur, struct scs_err *err)
{
	json_t *a = scs_codec_person_json(p, im->rel, false);
	json_t *b = NULL;
	int rc = scs_op_open_relatives(im->c, cur, im->old, err);

	if (rc == SCS_OK) {
		b = scs_codec_person_json(cur, im->old, false);
		if (a == NULL || b == NULL)
			rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		else if (!json_equal(a, b))
			rc = scs_err_set(err, SCS_ECONFLICT, "id",
			    "person \"%s\" exists with other content", p->id);
	}
	json_decref(a);
	json_decref(b);
	scs_crypto_wipe(im->old, sizeof(*im->old));
	return rc;
}

static int
import_person(struct import *im, const json_t *j, struct scs_err *err)
{
	struct scs_person p, cur;
	uint8_t state[32];
	bool has_rel;
	int rc;

	memset(&cur, 0, sizeof(cur));
	im->rel->n = 0;
	if ((rc = scs_codec_person_parse(j, &p, im->rel, &has_rel, err)) !=
	    SCS_OK)
		return rc;
	rc = im->c->bulk != NULL
	    ? SCS_ENOTFOUND
	    : scs_store_person_get(im->c->st, p.id, &cur, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if (rc == SCS_OK) {
		rc = same_person(im, &p, &cur, err);
		scs_person_clear(&cur);
		return rc;
	}
	if ((rc = scs_op_seal_relatives(im->c, &p, im->rel, err)) != SCS_OK)
		return rc;
	scs_op_state_person(&p, state);
	if ((rc = scs_store_person_put(im->c->st, &p, SCS_PUT_INSERT, err)) ==
	        SCS_OK &&
	    (rc = scs_op_audit(im->c, "create", "person", p.id, state, "import",
	         err)) == SCS_OK) {
		if (im->c->bulk != NULL)
			scs_bulk_wrote(im->c->bulk, SCS_KIND_PERSON, p.id);
		im->count++;
	}
	scs_person_clear(&p);
	return rc;
}

/* Whether the stored @cur is what line @j says of @rec: the same fields
 * and, for a kind with sealed fields, the same plaintexts (sealed bytes
 * differ with every seal).  SCS_OK, SCS_ECONFLICT or an error. */
static int
same_rec(struct import *im, const struct scs_record *rec,
    const struct scs_record *cur, const json_t *j, struct scs_err *err)
{
	const struct scs_kind_def *d = scs_kind_def(rec->kind);
	json_t *a = NULL, *b = NULL;
	char key[3 * SCS_ID_MAX];
	uint8_t sa[32], sb[32];
	size_t i;
	int rc = SCS_OK;

	if (!scs_kind_has_sealed(d)) {
		scs_op_state(rec, sa);
		scs_op_state(cur, sb);
		if (scs_op_state_unknown(sa) || scs_op_state_unknown(sb))
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory");
		if (memcmp(sa, sb, 32) == 0)
			return SCS_OK;
	} else {
		a = scs_codec_rec_json(rec, 0);
		b = scs_codec_rec_json(cur, 0);
		for (i = 0; a != NULL && i < d->nfields; i++) {
			const json_t *v = json_object_get(j, d->fields[i].name);

			if (d->fields[i].type == SCS_FT_SEALED && v != NULL &&
			    !json_is_null(v) &&
			    json_object_set(a, d->fields[i].name,
			        (json_t *)v) != 0)
				break;
		}
		if (a == NULL || b == NULL || i < d->nfields)
			rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		else
			rc = scs_op_open_plain(im->c, cur, b, err);
		if (rc == SCS_OK && json_equal(a, b)) {
			json_decref(a);
			json_decref(b);
			return SCS_OK;
		}
		json_decref(a);
		json_decref(b);
		if (rc != SCS_OK)
			return rc;
	}
	scs_record_object(rec, key, sizeof(key));
	return scs_err_set(err, SCS_ECONFLICT, "",
	    "%s %s exists with other content", d->name, key);
}

/* A record other lines may name (a kind with one key field) is noted as
 * written by the batch. */
static void
wrote(struct import *im, const struct scs_record *r)
{
	const struct scs_kind_def *d = scs_kind_def(r->kind);
	const char *id;

	if (im->c->bulk != NULL && d->nkey == 1 &&
	    (id = scs_record_text(r, d->key[0])) != NULL)
		scs_bulk_wrote(im->c->bulk, r->kind, id);
}

/* Any kind but organizations and persons (which carry sealed relatives
 * in their own form): generic, from the kind table; sealed fields come
 * in plaintext and are sealed here. */
static int
import_rec(struct import *im, enum scs_kind kind, const json_t *j,
    struct scs_err *err)
{
	int rc;

	if ((rc = scs_codec_rec_parse(im->c->rd, j, kind,
	         SCS_CODEC_ALLOW_SEALED, im->rec, err)) != SCS_OK)
		return rc;
	rc = im->c->bulk != NULL
	    ? SCS_ENOTFOUND
	    : scs_store_rec_get(im->c->st, im->rec, im->cur, err);
	if (rc != SCS_OK && rc != SCS_ENOTFOUND)
		return rc;
	if (rc == SCS_OK) {
		rc = same_rec(im, im->rec, im->cur, j, err);
		scs_record_clear(im->cur);
		scs_record_clear(im->rec);
		return rc;
	}
	if ((rc = scs_op_seal_plain(im->c, im->rec, j, err)) == SCS_OK &&
	    (rc = scs_op_import_rec(im->c, im->rec, err)) == SCS_OK) {
		wrote(im, im->rec);
		im->count++;
	}
	scs_record_clear(im->rec);
	return rc;
}

static int
import_other(struct import *im, const char *kind, const json_t *j,
    struct scs_err *err)
{
	enum scs_kind k;
	char known[256];
	size_t i, at = 0;

	if (scs_kind_parse(kind, &k) == 0)
		return import_rec(im, k, j, err);
	known[0] = '\0';
	for (i = 0; i < SCS_KIND_N; i++) {
		int n = snprintf(known + at, sizeof(known) - at, "%s%s",
		    i ? ", " : "", scs_kind_name((enum scs_kind)i));

		if (n < 0 || (size_t)n >= sizeof(known) - at)
			break;
		at += (size_t)n;
	}
	return scs_err_set(err, SCS_EINVAL, "kind",
	    "unknown kind \"%s\" (known: %s)", kind, known);
}

static int
import_line(struct import *im, const char *line, size_t len,
    struct scs_err *err)
{
	json_error_t jerr;
	json_t *j;
	char kind[32];
	int rc;

	j = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (j == NULL)
		return scs_err_set(err, SCS_EINVAL, "",
		    "not valid JSON at column %d: %s", jerr.column, jerr.text);
	if (!json_is_object(j)) {
		json_decref(j);
		return scs_err_set(err, SCS_EINVAL, "",
		    "each line must be a JSON object");
	}
	rc = scs_codec_str(j, "kind", kind, sizeof(kind), true, err);
	if (rc == SCS_OK) {
		if (strcmp(kind, "organization") == 0)
			rc = import_org(im, j, err);
		else if (strcmp(kind, "person") == 0)
			rc = import_person(im, j, err);
		else
			rc = import_other(im, kind, j, err);
	}
	json_decref(j);
	return rc;
}

/* Turn err->field into "NAME:LINE: field". */
static void
locate(struct scs_err *err, const char *name, uint64_t line)
{
	char where[SCS_ERR_FIELD_MAX];
	int n;

	if (err->field[0] != '\0')
		n = snprintf(where, sizeof(where), "%s:%llu: %s", name,
		    (unsigned long long)line, err->field);
	else
		n = snprintf(where, sizeof(where), "%s:%llu", name,
		    (unsigned long long)line);
	if (n < 0)
		where[0] = '\0';
	memcpy(err->field, where, sizeof(where));
}

static int
batch_fast(struct import *im, struct scs_err *err)
{
	struct scs_ctx *c = im->c;
	size_t i;
	int rc;

	if ((rc = scs_store_bulk_begin(c->st, err)) != SCS_OK)
		return rc;
	scs_bulk_reset(&im->bulk);
	c->bulk = &im->bulk;
	for (i = 0; i < im->n && rc == SCS_OK; i++)
		rc =
		    import_line(im, (const char *)im->text.p + im->lines[i].off,
		        im->lines[i].len, err);
	if (rc == SCS_OK)
		rc = scs_bulk_check(c, err);
	c->bulk = NULL;
	scs_bulk_reset(&im->bulk); /* wipes the last key */
	if (rc != SCS_OK) {
		/* An undo that fails leaves the transaction broken: the
		 * line-by-line pass meets that, and the import fails. */
		(void)scs_store_bulk_end(c->st, false, NULL);
		return rc;
	}
	/* A failure here has undone the section too (store.h). */
	return scs_store_bulk_end(c->st, true, err);
}

/* Write the batch: in bulk, else line by line. */
static int
batch_write(struct import *im, const char *name, struct scs_err *err)
{
	uint64_t count = im->count;
	unsigned changed = im->c->changed;
	struct scs_err scratch;
	size_t i;
	int rc;

	if (im->n == 0)
		return SCS_OK;
	if (batch_fast(im, &scratch) == SCS_OK) {
		im->fast++;
		goto done;
	}
	im->count = count;
	im->c->changed = changed;
	im->slow++;
	for (i = 0; i < im->n; i++) {
		rc =
		    import_line(im, (const char *)im->text.p + im->lines[i].off,
		        im->lines[i].len, err);
		if (rc != SCS_OK) {
			locate(err, name, im->lines[i].lineno);
			return rc;
		}
	}
done:
	scs_crypto_wipe(im->text.p, im->text.len);
	scs_buf_reset(&im->text);
	im->n = 0;
	return SCS_OK;
}

/* Add a line to the batch (written when full). */
static int
batch_add(struct import *im, const char *line, size_t len, uint64_t lineno,
    const char *name, struct scs_err *err)
{
	struct batch_line *l = &im->lines[im->n];

	l->off = im->text.len;
	l->len = len;
	l->lineno = lineno;
	if (scs_buf_add(&im->text, line, len) != SCS_OK) {
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		locate(err, name, lineno);
		return SCS_ENOMEM;
	}
	im->n++;
	if (im->n == BATCH_LINES || im->text.len >= BATCH_BYTES)
		return batch_write(im, name, err);
	return SCS_OK;
}

/* Line @lineno as getline read it: its end dropped, its length checked,
 * into the batch. */
static int
take_line(struct import *im, const char *line, size_t len, uint64_t lineno,
    const char *name, struct scs_err *err)
{
	int rc;

	while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
		len--;
	if (len > LINE_MAX_BYTES) {
		/* The lines before it first: the first bad line is the one
		 * named. */
		if ((rc = batch_write(im, name, err)) != SCS_OK)
			return rc;
		rc = scs_err_set(err, SCS_EINVAL, "",
		    "line longer than %u bytes", LINE_MAX_BYTES);
		locate(err, name, lineno);
		return rc;
	}
	return len > 0 ? batch_add(im, line, len, lineno, name, err) : SCS_OK;
}

int
scs_op_import(struct scs_ctx *c, FILE *in, const char *name, uint64_t total,
    scs_progress_fn progress, void *parg, uint64_t *out_count,
    struct scs_err *err)
{
	struct import im;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	uint64_t lineno = 0, done = 0;
	int rc, rd_errno;

	*out_count = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "import", err)) != SCS_OK)
		return rc;
	memset(&im, 0, sizeof(im));
	im.c = c;
	im.rel = scs_crypto_secalloc(sizeof(*im.rel));
	im.old = scs_crypto_secalloc(sizeof(*im.old));
	im.rec = calloc(1, sizeof(*im.rec));
	im.cur = calloc(1, sizeof(*im.cur));
	im.lines = calloc(BATCH_LINES, sizeof(*im.lines));
	scs_buf_init(&im.text, BATCH_BYTES + LINE_MAX_BYTES + 1);
	if (im.rel == NULL || im.old == NULL || im.rec == NULL ||
	    im.cur == NULL || im.lines == NULL) {
		rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto out;
	}
	if ((rc = scs_op_begin(c, err)) != SCS_OK)
		goto out;
	while ((n = getline(&line, &cap, in)) > 0) {
		size_t len = (size_t)n;

		lineno++;
		done += len;
		if ((rc = take_line(&im, line, len, lineno, name, err)) !=
		    SCS_OK)
			break;
		if (progress != NULL && (lineno & 1023) == 0)
			progress(parg, done, total);
	}
	/* getline stops at the end, and also when it cannot grow its line
	 * (out of memory, no error flag): only the end is the end. */
	rd_errno = errno;
	if (rc == SCS_OK)
		rc = batch_write(&im, name, err);
	if (rc == SCS_OK && (ferror(in) || !feof(in)))
		rc = scs_err_set(err, rd_errno == ENOMEM ? SCS_ENOMEM : SCS_EIO,
		    name, "read error%s",
		    rd_errno == ENOMEM ? " (out of memory)" : "");
	if (rc != SCS_OK) {
		(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_op_commit(c, err)) == SCS_OK)
		*out_count = im.count;
	if (progress != NULL)
		progress(parg, done, total);
out:
	if (line != NULL)
		scs_crypto_wipe(line, cap);
	free(line);
	scs_crypto_secfree(im.rel);
	scs_crypto_secfree(im.old);
	free(im.rec);
	free(im.cur);
	free(im.lines);
	if (im.text.p != NULL)
		scs_crypto_wipe(im.text.p, im.text.len);
	scs_buf_free(&im.text);
	scs_bulk_free(&im.bulk);
	return rc;
}

struct export
{
	struct scs_ctx *c;
	FILE *out;
	struct scs_relatives *rel;
	uint64_t count;
	struct scs_err *err;
};

static int
emit(struct export *ex, json_t *j)
{
	char *text;
	int rc = SCS_OK;

	if (j == NULL)
		return scs_err_set(ex->err, SCS_ENOMEM, "", "out of memory");
	text = scs_codec_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (text == NULL)
		return scs_err_set(ex->err, SCS_ENOMEM, "", "out of memory");
	if (fputs(text, ex->out) == EOF || fputc('\n', ex->out) == EOF)
		rc = scs_err_set(ex->err, SCS_EIO, "", "write failed");
	scs_crypto_wipe(text, strlen(text));
	free(text);
	ex->count++;
	return rc;
}

static int
export_org(void *arg, const struct scs_org *o)
{
	return emit(arg, scs_codec_org_json(o, true));
}

static int
export_person(void *arg, const struct scs_person *p)
{
	struct export *ex = arg;
	int rc;

	if ((rc = scs_op_open_relatives(ex->c, p, ex->rel, ex->err)) != SCS_OK)
		return rc;
	rc = emit(ex, scs_codec_person_json(p, ex->rel, true));
	scs_crypto_wipe(ex->rel, sizeof(*ex->rel));
	return rc;
}

static int
export_rec(void *arg, const struct scs_record *r)
{
	struct export *ex = arg;
	json_t *j = scs_codec_rec_json(r, SCS_CODEC_KIND);
	int rc;

	/* Sealed fields leave in plaintext, as relatives do. */
	if (j != NULL && scs_kind_has_sealed(scs_kind_def(r->kind)) &&
	    (rc = scs_op_open_plain(ex->c, r, j, ex->err)) != SCS_OK) {
		json_decref(j);
		return rc;
	}
	return emit(ex, j);
}

int
scs_op_export(struct scs_ctx *c, FILE *out, uint64_t *out_count,
    struct scs_err *err)
{
	struct export ex;
	size_t i;
	int rc;

	*out_count = 0;
	if ((rc = scs_op_allow(c, SCS_ROLE_ADMIN, "export", err)) != SCS_OK)
		return rc;
	memset(&ex, 0, sizeof(ex));
	ex.c = c;
	ex.out = out;
	ex.err = err;
	if ((ex.rel = scs_crypto_secalloc(sizeof(*ex.rel))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	/* The read is on record before any sealed value leaves. */
	if ((rc = scs_op_begin(c, err)) != SCS_OK ||
	    (rc = scs_op_audit(c, "export", "register", "", NULL, "export",
	         err)) != SCS_OK ||
	    (rc = scs_op_commit(c, err)) != SCS_OK) {
		if (rc != SCS_OK)
			(void)scs_op_abort(c, rc);
		goto out;
	}
	if ((rc = scs_store_begin_read(c->st, err)) != SCS_OK)
		goto out;
	if ((rc = scs_store_org_each(c->st, export_org, &ex, err)) == SCS_OK)
		rc = scs_store_person_each(c->st, NULL, NULL, 0, export_person,
		    &ex, err);
	/* The other kinds in table order: each refers only to kinds
	 * before it, so the export imports line by line. */
	for (i = SCS_KIND_PERSON + 1; rc == SCS_OK && i < SCS_KIND_N; i++)
		rc = scs_store_rec_each(c->st, (enum scs_kind)i, export_rec,
		    &ex, err);
	scs_store_rollback(c->st);
	if (rc == SCS_OK && fflush(out) != 0)
		rc = scs_err_set(err, SCS_EIO, "", "write failed");
	*out_count = ex.count;
out:
	scs_crypto_secfree(ex.rel);
	return rc;
}
