/* SPDX-License-Identifier: Apache-2.0 */
/*
 * feed.c - the JSON Lines adverse-records feed connector
 * (docs/record-checks.md).  A feed is read whole, validated line by line
 * (one bad line refuses the feed) and kept as a snapshot: records sorted
 * by birth date, then by line, so a check is a binary search and a short
 * scan that yields hits in feed order.  Names are kept as match keys
 * (white space removed; Latin names folded) next to each record's compact
 * JSON.
 *
 * Snapshots are immutable and reference-counted.  A check takes the lock
 * only to notice a replaced file (and then to load it) and to take a
 * reference; it matches without the lock, so checks run side by side and
 * a reload never frees a snapshot a check still reads.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "scs/codec.h"
#include "connect_int.h"

#define NONE     SIZE_MAX
#define KEY_SIZE (SCS_NAME_MAX + 1) /* keys are never longer than names */

struct feed_rec {
	size_t id, item, json; /* arena offsets */
	size_t name, latin;    /* arena offsets of the match keys, or NONE */
	uint32_t line;
	enum scs_check_source source;
	char birth_date[SCS_DATE_LEN + 1];
	char date[SCS_DATE_LEN + 1];
	char nationality[4]; /* "" when the record names none */
};

struct feed_snap {
	struct feed_rec *recs; /* by birth date, then line */
	size_t nrecs;
	struct scs_buf arena; /* NUL-terminated strings */
	size_t refs;          /* under feed.mu */
};

/* What identifies the content of a file without reading it. */
struct fsig {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct feed {
	struct scs_connector base; /* first: the interface's view */
	char *path;                /* NULL: from text, never reloaded */
	pthread_mutex_t mu;
	struct feed_snap *snap; /* the last good content */
	struct fsig sig;        /* of the file snap came from */
	int fd;                 /* that file, or -1 */
	bool failed;            /* the file at bad_sig is refused: */
	struct fsig bad_sig;
	int bad_fd;
	struct scs_err bad_err; /* why, as a check reports it */
};

/* ---- names --------------------------------------------------------- */

static bool
ascii_space(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* U+3000 IDEOGRAPHIC SPACE, in UTF-8. */
static bool
ideographic_space(const char *s)
{
	return (unsigned char)s[0] == 0xe3 && (unsigned char)s[1] == 0x80 &&
	    (unsigned char)s[2] == 0x80;
}

/* The native-script key: @s without white space.  @out holds strlen(s)+1
 * bytes or more. */
static void
native_key(const char *s, char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (ascii_space((unsigned char)*s))
			s++;
		else if (ideographic_space(s))
			s += 3;
		else
			out[n++] = *s++;
	}
	out[n] = '\0';
}

/* The Latin key: the words of @s (split at white space and commas), ASCII
 * letters in lower case, joined by one space.  @out as native_key. */
static void
latin_key(const char *s, char *out)
{
	size_t n = 0;
	bool gap = false;

	while (*s != '\0') {
		if (ascii_space((unsigned char)*s) || *s == ',') {
			gap = true;
			s++;
			continue;
		}
		if (ideographic_space(s)) {
			gap = true;
			s += 3;
			continue;
		}
		if (gap && n > 0)
			out[n++] = ' ';
		gap = false;
		out[n++] = (char)(*s >= 'A' && *s <= 'Z' ? *s - 'A' + 'a' : *s);
		s++;
	}
	out[n] = '\0';
}

/*
 * Whether Latin keys @a and @b hold the same words in the same cyclic
 * order: "yamada taro" and "taro yamada", "van der berg jan" and "jan van
 * der berg" (family name first or last), but not "jan berg van der".
 */
static bool
latin_match(const char *a, const char *b)
{
	size_t len = strlen(a), p, tail;

	if (strlen(b) != len || len == 0)
		return false;
	for (p = 0; p < len; p++) {
		if (p > 0 && a[p - 1] != ' ')
			continue;
		/* b == a[p..] " " a[..p-1] */
		tail = len - p;
		if (memcmp(b, a + p, tail) != 0)
			continue;
		if (p == 0 ||
		    (b[tail] == ' ' && memcmp(b + tail + 1, a, p - 1) == 0))
			return true;
	}
	return false;
}

/* ---- parsing a feed ------------------------------------------------ */

struct parse {
	struct feed_snap *s;
	size_t cap;
};

static const char *const members[] = {"id", "source", "name", "name_latin",
    "birth_date", "nationality", "date", "item", "summary"};

static int
check_members(const json_t *j, struct scs_err *err)
{
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach((json_t *)j, key, v)
	{
		for (i = 0; i < SCS_NELEM(members); i++)
			if (strcmp(members[i], key) == 0)
				break;
		if (i == SCS_NELEM(members))
			return scs_err_set(err, SCS_EINVAL, key,
			    "is not a member of a feed record");
	}
	return SCS_OK;
}

/* Copy optional string member @key; SCS_OK also when absent or null,
 * and then *@present is false.  Present, it must be valid, and "" is
 * not. */
static int
opt_str(const json_t *j, const char *key, char *dst, size_t size, bool *present,
    struct scs_err *err)
{
	int rc = scs_codec_str(j, key, dst, size, false, err);

	*present = rc != SCS_ENOTFOUND;
	return rc == SCS_ENOTFOUND ? SCS_OK : rc;
}

/* An item code: a lower-case letter, then lower-case letters, digits and
 * '_'; SCS_CHECK_ITEM_MAX bytes at most (opt_str saw to that). */
static int
valid_item(const char *s, struct scs_err *err)
{
	size_t i;

	if (s[0] < 'a' || s[0] > 'z')
		return scs_err_set(err, SCS_EINVAL, "item",
		    "must start with a lower-case letter");
	for (i = 1; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return scs_err_set(err, SCS_EINVAL, "item",
			    "may hold only a-z, 0-9 and '_'");
	return SCS_OK;
}

/* A name member into its match key @key (KEY_SIZE bytes); "" when
 * absent. */
static int
name_member(const json_t *j, const char *field, bool latin, char *key,
    struct scs_err *err)
{
	char name[SCS_NAME_MAX + 1];
	bool present;
	int rc;

	key[0] = '\0';
	if ((rc = opt_str(j, field, name, sizeof(name), &present, err)) !=
	    SCS_OK)
		return rc;
	if (!present)
		return SCS_OK;
	if (scs_valid_text(name, SCS_NAME_MAX, field, err) != SCS_OK)
		return SCS_EINVAL;
	if (latin)
		latin_key(name, key);
	else
		native_key(name, key);
	if (key[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, field,
		    "must hold more than white space and commas");
	return SCS_OK;
}

/* The required members of a record but the names, into @r and @id. */
static int
rec_fields(const json_t *j, struct feed_rec *r, char *id, struct scs_err *err)
{
	char source[16];
	int rc;

	if ((rc = scs_codec_str(j, "id", id, SCS_ID_MAX + 1, true, err)) !=
	        SCS_OK ||
	    (rc = scs_valid_id(id, "id", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "source", source, sizeof(source), true,
	         err)) != SCS_OK)
		return rc;
	if (scs_check_source_parse(source, &r->source) != 0)
		return scs_err_set(err, SCS_EINVAL, "source",
		    "must be police, court, bankruptcy or disciplinary");
	if ((rc = scs_codec_str(j, "birth_date", r->birth_date,
	         sizeof(r->birth_date), true, err)) != SCS_OK ||
	    (rc = scs_valid_date(r->birth_date, "birth_date", err)) != SCS_OK ||
	    (rc = scs_codec_str(j, "date", r->date, sizeof(r->date), true,
	         err)) != SCS_OK ||
	    (rc = scs_valid_date(r->date, "date", err)) != SCS_OK)
		return rc;
	if (strcmp(r->date, r->birth_date) < 0)
		return scs_err_set(err, SCS_EINVAL, "date",
		    "must not be before birth_date");
	return SCS_OK;
}

/* The optional members nationality, item (or the source's default) and
 * summary. */
static int
rec_options(const json_t *j, struct feed_rec *r, char *item,
    struct scs_err *err)
{
	char summary[SCS_FEED_TEXT_MAX + 1];
	bool present;
	int rc;

	if ((rc = opt_str(j, "nationality", r->nationality,
	         sizeof(r->nationality), &present, err)) != SCS_OK ||
	    (present &&
	        (rc = scs_valid_country(r->nationality, "nationality", err)) !=
	            SCS_OK))
		return rc;
	if ((rc = opt_str(j, "item", item, SCS_CHECK_ITEM_MAX + 1, &present,
	         err)) != SCS_OK ||
	    (present && (rc = valid_item(item, err)) != SCS_OK))
		return rc;
	if (!present)
		(void)scs_strlcpy(item, scs_check_source_item(r->source),
		    SCS_CHECK_ITEM_MAX + 1);
	if ((rc = opt_str(j, "summary", summary, sizeof(summary), &present,
	         err)) != SCS_OK ||
	    (present &&
	        (rc = scs_valid_text(summary, SCS_FEED_TEXT_MAX, "summary",
	             err)) != SCS_OK))
		return rc;
	return SCS_OK;
}

/* Append NUL-terminated @s to the arena; its offset in *@out. */
static int
arena_add(struct scs_buf *a, const char *s, size_t *out, struct scs_err *err)
{
	*out = a->len;
	if (scs_buf_add(a, s, strlen(s) + 1) != SCS_OK)
		return scs_err_set(err, SCS_ENOMEM, "",
		    "out of memory (the feed's records)");
	return SCS_OK;
}

/* Validate the object @j and append it as a record of @line. */
static int
rec_add(struct parse *p, const json_t *j, uint32_t line, struct scs_err *err)
{
	char id[SCS_ID_MAX + 1], item[SCS_CHECK_ITEM_MAX + 1];
	char name[KEY_SIZE], latin[KEY_SIZE], *text;
	struct feed_snap *s = p->s;
	struct feed_rec r, *grown;
	size_t ncap;
	int rc;

	memset(&r, 0, sizeof(r));
	r.line = line;
	if ((rc = check_members(j, err)) != SCS_OK ||
	    (rc = rec_fields(j, &r, id, err)) != SCS_OK ||
	    (rc = rec_options(j, &r, item, err)) != SCS_OK ||
	    (rc = name_member(j, "name", false, name, err)) != SCS_OK ||
	    (rc = name_member(j, "name_latin", true, latin, err)) != SCS_OK)
		return rc;
	if (name[0] == '\0' && latin[0] == '\0')
		return scs_err_set(err, SCS_EINVAL, "name",
		    "name or name_latin is required");
	if (s->nrecs == p->cap) {
		ncap = p->cap ? 2 * p->cap : 64;
		if ((grown = realloc(s->recs, ncap * sizeof(*grown))) == NULL)
			return scs_err_set(err, SCS_ENOMEM, "",
			    "out of memory (the feed's records)");
		s->recs = grown;
		p->cap = ncap;
	}
	if ((text = scs_codec_dumps(j, JSON_COMPACT)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	rc = arena_add(&s->arena, text, &r.json, err);
	free(text);
	r.name = r.latin = NONE;
	if (rc != SCS_OK ||
	    (rc = arena_add(&s->arena, id, &r.id, err)) != SCS_OK ||
	    (rc = arena_add(&s->arena, item, &r.item, err)) != SCS_OK ||
	    (name[0] != '\0' &&
	        (rc = arena_add(&s->arena, name, &r.name, err)) != SCS_OK) ||
	    (latin[0] != '\0' &&
	        (rc = arena_add(&s->arena, latin, &r.latin, err)) != SCS_OK))
		return rc;
	s->recs[s->nrecs++] = r;
	return SCS_OK;
}

/*
 * Parse one line as JSON into *@out.  jansson does not always say when an
 * allocation failed: outside its lexer the error is left empty, inside it
 * a failed allocation reads as a bad token.  Calling a good line bad would
 * refuse the whole feed (and a replaced feed stays refused until it is
 * replaced again), so a line is bad only when a second parse fails the
 * same way; any other outcome is out of memory or the line's JSON.
 */
static int
line_json(const char *line, size_t len, json_t **out, struct scs_err *err)
{
	json_error_t e1, e2;

	memset(&e1, 0, sizeof(e1));
	if ((*out = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e1)) != NULL)
		return SCS_OK;
	memset(&e2, 0, sizeof(e2));
	if (e1.text[0] == '\0' ||
	    json_error_code(&e1) == json_error_out_of_memory ||
	    ((*out = json_loadb(line, len, JSON_REJECT_DUPLICATES, &e2)) ==
	            NULL &&
	        (e2.position != e1.position || strcmp(e1.text, e2.text) != 0)))
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	if (*out != NULL)
		return SCS_OK;
	return scs_err_set(err, SCS_EINVAL, "",
	    "not valid JSON at column %d: %s", e1.column, e1.text);
}

/* One line that is neither blank nor a comment. */
static int
parse_line(struct parse *p, const char *line, size_t len, uint32_t lineno,
    struct scs_err *err)
{
	json_t *j;
	int rc;

	if (len > SCS_FEED_LINE_MAX)
		return scs_err_set(err, SCS_EINVAL, "",
		    "line longer than %d bytes", SCS_FEED_LINE_MAX);
	if (memchr(line, '\0', len) != NULL)
		return scs_err_set(err, SCS_EINVAL, "", "holds a NUL byte");
	if ((rc = line_json(line, len, &j, err)) != SCS_OK)
		return rc;
	if (!json_is_object(j))
		rc = scs_err_set(err, SCS_EINVAL, "",
		    "each line must be a JSON object");
	else
		rc = rec_add(p, j, lineno, err);
	json_decref(j);
	return rc;
}

/* Whether the line is blank or a comment (its first non-blank byte is
 * '#'), which the format skips. */
static bool
skipped(const char *line, size_t len)
{
	size_t i = 0;

	while (
	    i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
		i++;
	return i == len || line[i] == '#';
}

/* Turn err->field into "NAME:LINE: field" (or "NAME:LINE"). */
static void
locate(struct scs_err *err, const char *name, unsigned long line)
{
	char where[SCS_ERR_FIELD_MAX];
	int n;

	if (err == NULL)
		return;
	if (err->field[0] != '\0')
		n = snprintf(where, sizeof(where), "%s:%lu: %s", name, line,
		    err->field);
	else
		n = snprintf(where, sizeof(where), "%s:%lu", name, line);
	if (n < 0)
		where[0] = '\0';
	memcpy(err->field, where, sizeof(where));
}

static void
snap_free(struct feed_snap *s)
{
	if (s == NULL)
		return;
	free(s->recs);
	scs_buf_free(&s->arena);
	free(s);
}

struct id_line {
	const char *id;
	uint32_t line;
};

static int
cmp_id(const void *a, const void *b)
{
	const struct id_line *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Each id once: a repeat names its later line and the earlier one. */
static int
check_ids(const struct feed_snap *s, const char *name, struct scs_err *err)
{
	struct id_line *ids;
	size_t i;

	if (s->nrecs < 2)
		return SCS_OK;
	if ((ids = malloc(s->nrecs * sizeof(*ids))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (i = 0; i < s->nrecs; i++) {
		ids[i].id = (const char *)s->arena.p + s->recs[i].id;
		ids[i].line = s->recs[i].line;
	}
	qsort(ids, s->nrecs, sizeof(*ids), cmp_id);
	for (i = 1; i < s->nrecs; i++)
		if (strcmp(ids[i - 1].id, ids[i].id) == 0) {
			(void)scs_err_set(err, SCS_EINVAL, "id",
			    "repeats the id of line %lu",
			    (unsigned long)ids[i - 1].line);
			locate(err, name, ids[i].line);
			free(ids);
			return SCS_EINVAL;
		}
	free(ids);
	return SCS_OK;
}

static int
cmp_rec(const void *a, const void *b)
{
	const struct feed_rec *x = a, *y = b;
	int c = strcmp(x->birth_date, y->birth_date);

	if (c != 0)
		return c;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Parse the feed @text of @len bytes; @name stands for FILE in errors.
 * The snapshot (refs 0), or NULL with the code in *@out_rc. */
static struct feed_snap *
feed_parse(const char *name, const char *text, size_t len, int *out_rc,
    struct scs_err *err)
{
	const char *line = text, *end = text + len, *nl;
	struct parse p = {NULL, 0};
	unsigned long lineno = 0;
	size_t llen;
	int rc = SCS_OK;

	*out_rc = SCS_OK;
	if (len > SCS_FEED_BYTES_MAX) {
		*out_rc = scs_err_set(err, SCS_EINVAL, name,
		    "is larger than %lu bytes", SCS_FEED_BYTES_MAX);
		return NULL;
	}
	if ((p.s = calloc(1, sizeof(*p.s))) == NULL) {
		*out_rc = scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		return NULL;
	}
	/* Compact JSON, id, item and keys: less than 3 bytes a byte. */
	scs_buf_init(&p.s->arena, 3 * SCS_FEED_BYTES_MAX);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		line += 3; /* a byte order mark: some tools write one */
	while (line < end) {
		lineno++;
		nl = memchr(line, '\n', (size_t)(end - line));
		llen = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
		if (llen > 0 && line[llen - 1] == '\r')
			llen--;
		if (!skipped(line, llen) &&
		    (rc = parse_line(&p, line, llen, (uint32_t)lineno, err)) !=
		        SCS_OK) {
			locate(err, name, lineno);
			goto fail;
		}
		line = nl != NULL ? nl + 1 : end;
	}
	if ((rc = check_ids(p.s, name, err)) != SCS_OK)
		goto fail;
	if (p.s->nrecs > 1)
		qsort(p.s->recs, p.s->nrecs, sizeof(*p.s->recs), cmp_rec);
	return p.s;
fail:
	snap_free(p.s);
	*out_rc = rc;
	return NULL;
}

/* ---- reading the file ---------------------------------------------- */

static void
sig_of(const struct stat *st, struct fsig *out)
{
	memset(out, 0, sizeof(*out));
	out->dev = st->st_dev;
	out->ino = st->st_ino;
	out->size = st->st_size;
	out->mtime = st->st_mtim;
}

static bool
sig_same(const struct fsig *a, const struct fsig *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	    a->mtime.tv_sec == b->mtime.tv_sec &&
	    a->mtime.tv_nsec == b->mtime.tv_nsec;
}

/* Read what @fd (a regular file of @size bytes) holds into *@out. */
static int
read_all(int fd, const char *path, size_t size, char **out, size_t *out_len,
    struct scs_err *err)
{
	size_t len = 0;
	ssize_t n;
	char *text;

	if ((text = malloc(size > 0 ? size : 1)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	while (len < size) {
		n = read(fd, text + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(text);
			return scs_err_set(err, SCS_EIO, path, "%s",
			    scs_errno_text(errno));
		}
		if (n == 0)
			break; /* cut short since fstat: the next check sees it
			        */
		len += (size_t)n;
	}
	*out = text;
	*out_len = len;
	return SCS_OK;
}

/*
 * Read and parse the file at @path; *@out_sig is the file's as read.  The
 * snapshot, or NULL with the code in *@out_rc.  The file stays open in
 * *@out_fd when it was read (the snapshot came from it, or it is bad:
 * SCS_EINVAL), else *@out_fd is -1: while a descriptor holds it, no new
 * file can take its inode number and pass for it.
 */
static struct feed_snap *
feed_load(const char *path, struct fsig *out_sig, int *out_fd, int *out_rc,
    struct scs_err *err)
{
	struct feed_snap *s = NULL;
	struct stat st;
	size_t len = 0;
	char *text = NULL;
	int fd, rc;

	*out_fd = -1;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0) {
		*out_rc = scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
		return NULL;
	}
	if (fstat(fd, &st) != 0)
		rc = scs_err_set(err, SCS_EIO, path, "%s",
		    scs_errno_text(errno));
	else if (!S_ISREG(st.st_mode))
		rc = scs_err_set(err, SCS_EIO, path, "is not a regular file");
	else if ((unsigned long long)st.st_size > SCS_FEED_BYTES_MAX)
		rc = scs_err_set(err, SCS_EINVAL, path,
		    "is larger than %lu bytes", SCS_FEED_BYTES_MAX);
	else
		rc = read_all(fd, path, (size_t)st.st_size, &text, &len, err);
	if (rc == SCS_OK) {
		sig_of(&st, out_sig);
		s = feed_parse(path, text, len, &rc, err);
		free(text);
	} else if (rc == SCS_EINVAL) {
		sig_of(&st, out_sig);
	}
	if (s != NULL || rc == SCS_EINVAL)
		*out_fd = fd;
	else
		(void)close(fd);
	*out_rc = rc;
	return s;
}

/* ---- the connector ------------------------------------------------- */

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		(void)close(*fd);
	*fd = -1;
}

/* Under f->mu: the feed at f->path was replaced by a bad one (@sig, @fd,
 * why in @e).  Refuse it until it is replaced again, without reading it
 * at every check. */
static int
refuse(struct feed *f, const struct fsig *sig, int fd, struct scs_err *e,
    struct scs_err *err)
{
	e->rc = SCS_ECORRUPT;
	f->failed = true;
	f->bad_sig = *sig;
	close_fd(&f->bad_fd);
	f->bad_fd = fd;
	f->bad_err = *e;
	if (err != NULL)
		*err = *e;
	return SCS_ECORRUPT;
}

/* Under f->mu: make f->snap the content of the file as it is now. */
static int
refresh(struct feed *f, struct scs_err *err)
{
	struct feed_snap *s;
	struct scs_err e;
	struct fsig sig;
	struct stat st;
	int fd, rc;

	if (stat(f->path, &st) != 0)
		return scs_err_set(err, SCS_EIO, f->path, "%s",
		    scs_errno_text(errno));
	sig_of(&st, &sig);
	if (sig_same(&sig, &f->sig))
		return SCS_OK;
	if (f->failed && sig_same(&sig, &f->bad_sig)) {
		if (err != NULL)
			*err = f->bad_err;
		return SCS_ECORRUPT;
	}
	scs_err_clear(&e);
	if ((s = feed_load(f->path, &sig, &fd, &rc, &e)) == NULL) {
		if (rc == SCS_EINVAL)
			return refuse(f, &sig, fd, &e, err);
		if (err != NULL)
			*err = e;
		return rc;
	}
	if (--f->snap->refs == 0)
		snap_free(f->snap);
	f->snap = s;
	s->refs = 1; /* the connector's own reference */
	f->sig = sig;
	close_fd(&f->fd);
	f->fd = fd;
	f->failed = false;
	close_fd(&f->bad_fd);
	return SCS_OK;
}

static void
release(struct feed *f, struct feed_snap *s)
{
	bool last;

	(void)pthread_mutex_lock(&f->mu);
	last = --s->refs == 0;
	(void)pthread_mutex_unlock(&f->mu);
	if (last)
		snap_free(s);
}

/* The subject's match keys. */
struct subject_keys {
	char name[KEY_SIZE];
	char latin[KEY_SIZE];
};

static bool
rec_matches(const struct feed_snap *s, const struct feed_rec *r,
    const struct scs_check_subject *subj, const struct subject_keys *k)
{
	const char *a = (const char *)s->arena.p;
	bool named = false;
	size_t i;

	if (r->name != NONE && k->name[0] != '\0')
		named = strcmp(a + r->name, k->name) == 0;
	if (!named && r->latin != NONE && k->latin[0] != '\0')
		named = latin_match(a + r->latin, k->latin);
	if (!named)
		return false;
	if (r->nationality[0] == '\0')
		return true;
	for (i = 0; i < subj->nnationalities; i++)
		if (strcmp(subj->nationalities[i], r->nationality) == 0)
			return true;
	return false;
}

/* The first record born on @date, or s->nrecs. */
static size_t
first_born(const struct feed_snap *s, const char *date)
{
	size_t lo = 0, hi = s->nrecs, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(s->recs[mid].birth_date, date) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
hit_fill(const struct feed_snap *s, const struct feed_rec *r,
    struct scs_check_hit *h, struct scs_err *err)
{
	const char *a = (const char *)s->arena.p;

	memset(h, 0, sizeof(*h));
	h->source = r->source;
	(void)scs_strlcpy(h->id, a + r->id, sizeof(h->id));
	(void)scs_strlcpy(h->date, r->date, sizeof(h->date));
	(void)scs_strlcpy(h->item, a + r->item, sizeof(h->item));
	if ((h->record = strdup(a + r->json)) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	return SCS_OK;
}

static int
snap_match(const struct feed_snap *s, const struct scs_check_subject *subj,
    struct scs_check_hit **out_hits, size_t *out_n, struct scs_err *err)
{
	struct subject_keys k;
	struct scs_check_hit *hits;
	size_t first, end, i, n = 0;

	native_key(subj->name != NULL ? subj->name : "", k.name);
	latin_key(subj->name_latin != NULL ? subj->name_latin : "", k.latin);
	first = first_born(s, subj->birth_date);
	for (end = first; end < s->nrecs &&
	     strcmp(s->recs[end].birth_date, subj->birth_date) == 0;
	     end++)
		if (rec_matches(s, &s->recs[end], subj, &k))
			n++;
	if (n == 0)
		return SCS_OK;
	if ((hits = calloc(n, sizeof(*hits))) == NULL)
		return scs_err_set(err, SCS_ENOMEM, "", "out of memory");
	for (n = 0, i = first; i < end; i++) {
		if (!rec_matches(s, &s->recs[i], subj, &k))
			continue;
		if (hit_fill(s, &s->recs[i], &hits[n], err) != SCS_OK) {
			scs_check_hits_free(hits, n);
			return SCS_ENOMEM;
		}
		n++;
	}
	*out_hits = hits;
	*out_n = n;
	return SCS_OK;
}

static int
feed_check(struct scs_connector *c, const struct scs_check_subject *subj,
    struct scs_check_hit **out_hits, size_t *out_n, struct scs_err *err)
{
	struct feed *f = (struct feed *)(void *)c;
	struct feed_snap *s;
	int rc = SCS_OK;

	(void)pthread_mutex_lock(&f->mu);
	if (f->path != NULL)
		rc = refresh(f, err);
	s = rc == SCS_OK ? f->snap : NULL;
	if (s != NULL)
		s->refs++;
	(void)pthread_mutex_unlock(&f->mu);
	if (s == NULL)
		return rc != SCS_OK ? rc
		                    : scs_err_set(err, SCS_EINTERNAL, "",
		                          "the feed holds no snapshot");
	rc = snap_match(s, subj, out_hits, out_n, err);
	release(f, s);
	return rc;
}

static void
feed_free(struct scs_connector *c)
{
	struct feed *f = (struct feed *)(void *)c;

	if (f->snap != NULL && --f->snap->refs == 0)
		snap_free(f->snap);
	close_fd(&f->fd);
	close_fd(&f->bad_fd);
	(void)pthread_mutex_destroy(&f->mu);
	free(f->path);
	free(f);
}

static const struct scs_connector_ops feed_ops = {
    .check = feed_check,
    .free = feed_free,
};

/* A connector around snapshot @s and descriptor @fd (both taken; @fd may
 * be -1), reloading from @path if not NULL. */
static int
feed_new(const char *name, const char *path, struct feed_snap *s, int fd,
    const struct fsig *sig, struct scs_connector **out, struct scs_err *err)
{
	struct feed *f;
	int rc = SCS_ENOMEM;

	if ((f = calloc(1, sizeof(*f))) == NULL ||
	    (path != NULL && (f->path = strdup(path)) == NULL)) {
		(void)scs_err_set(err, SCS_ENOMEM, "", "out of memory");
		goto fail;
	}
	if ((rc = scs_connector_init(&f->base, &feed_ops, "feed", name, err)) !=
	    SCS_OK)
		goto fail;
	(void)pthread_mutex_init(&f->mu, NULL);
	f->snap = s;
	s->refs = 1; /* the connector's own reference */
	f->fd = fd;
	f->bad_fd = -1;
	if (sig != NULL)
		f->sig = *sig;
	*out = &f->base;
	return SCS_OK;
fail:
	if (f != NULL)
		free(f->path);
	free(f);
	snap_free(s);
	close_fd(&fd);
	return rc;
}

int
scs_connector_feed_open(const char *path, struct scs_connector **out,
    struct scs_err *err)
{
	struct feed_snap *s;
	struct fsig sig;
	int fd, rc;

	*out = NULL;
	if ((s = feed_load(path, &sig, &fd, &rc, err)) == NULL) {
		close_fd(&fd);
		return rc;
	}
	return feed_new(path, path, s, fd, &sig, out, err);
}

int
scs_connector_feed_text(const char *name, const char *text, size_t len,
    struct scs_connector **out, struct scs_err *err)
{
	struct feed_snap *s;
	int rc;

	*out = NULL;
	if ((s = feed_parse(name, text, len, &rc, err)) == NULL)
		return rc;
	return feed_new(name, NULL, s, -1, NULL, out, err);
}
