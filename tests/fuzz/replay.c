/* SPDX-License-Identifier: Apache-2.0 */
/*
 * replay.c - a main() for the fuzz drivers when they are built without
 * libFuzzer: it runs LLVMFuzzerTestOneInput once on every file named on
 * the command line or found in a directory named there (sorted by name, so
 * runs are reproducible), each in a heap buffer of exactly its size so the
 * sanitizers see any read past the end.  `make test` runs it over
 * tests/fuzz/corpus/NAME/; a single crashing file replays the same way.
 * It prints "NAME: N inputs, 0 crashes" and the runner's closing line
 * "N passed, 0 failed".  A broken property aborts the process, which the
 * runner counts as a failure; an unreadable path or an empty corpus is
 * reported as one failed input.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define PATH_MAX_BYTES 4096

/* Run the file at @path; 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	struct stat st;
	uint8_t *buf;
	size_t len;
	FILE *f;

	if ((f = fopen(path, "rb")) == NULL)
		return -1;
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		(void)fclose(f);
		return -1;
	}
	len = (size_t)st.st_size;
	/* Exactly len bytes, so ASan flags a driver reading past the end. */
	if ((buf = malloc(len > 0 ? len : 1)) == NULL ||
	    fread(buf, 1, len, f) != len) {
		free(buf);
		(void)fclose(f);
		return -1;
	}
	(void)fclose(f);
	(void)LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Run every regular file of directory @dir in name order; adds to @n and
 * @bad. */
static void
replay_dir(const char *dir, size_t *n, size_t *bad)
{
	char **names = NULL, **grown, path[PATH_MAX_BYTES];
	size_t count = 0, cap = 0, i;
	struct dirent *e;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		/* NOLINTNEXTLINE(concurrency-mt-unsafe): one thread */
		(void)fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		(*bad)++;
		return;
	}
	/* NOLINTNEXTLINE(concurrency-mt-unsafe): one thread */
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (count == cap) {
			cap = cap ? 2 * cap : 64;
			if ((grown = realloc(names, cap * sizeof(*names))) ==
			    NULL)
				break;
			names = grown;
		}
		if ((names[count] = strdup(e->d_name)) == NULL)
			break;
		count++;
	}
	(void)closedir(d);
	if (count > 0)
		qsort(names, count, sizeof(*names), cmp_names);
	for (i = 0; i < count; i++) {
		int len = snprintf(path, sizeof(path), "%s/%s", dir, names[i]);

		if (len < 0 || (size_t)len >= sizeof(path) ||
		    replay_file(path) != 0) {
			(void)fprintf(stderr, "%s/%s: cannot read\n", dir,
			    names[i]);
			(*bad)++;
		} else {
			(*n)++;
		}
		free(names[i]);
	}
	free(names);
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	size_t n = 0, bad = 0;
	struct stat st;
	int i;

	name = name != NULL ? name + 1 : argv[0];
	if (argc < 2) {
		(void)fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", name);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			replay_dir(argv[i], &n, &bad);
		} else if (replay_file(argv[i]) == 0) {
			n++;
		} else {
			(void)fprintf(stderr, "%s: cannot read\n", argv[i]);
			bad++;
		}
	}
	if (n == 0 && bad == 0) {
		(void)fprintf(stderr, "%s: no inputs\n", name);
		bad = 1;
	}
	/* Reaching here means no input crashed: a crash ends the process. */
	(void)printf("%s: %zu inputs, 0 crashes\n", name, n);
	(void)printf("%zu passed, %zu failed\n", n, bad);
	return bad == 0 ? 0 : 1;
}
