/*
 * serve_snapshot: the site's files and their identities.  See
 * serve_snapshot.h.
 *
 * A snapshot is a sorted array, since file_list() gives each folder's
 * names sorted and the walk goes depth first: paths come out in strcmp
 * order of their parts, and comparing two snapshots is one merge.
 */
#include "serve_snapshot.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "mem.h"

struct entry {
	char *path; /* the site path, "part/page.html" */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
};

struct serve_snapshot {
	struct entry *entries;
	size_t len, cap;
};

static void add(struct serve_snapshot *s, char *path, const struct stat *st)
{
	struct entry *e;

	s->entries = mem_grow(s->entries, &s->cap, s->len + 1, sizeof *e);
	e = &s->entries[s->len++];
	*e = (struct entry){path, st->st_dev, st->st_ino, st->st_size,
			    st->st_mtim};
}

/* Adds the files of dir/rel (rel "" for dir itself), depth first. */
static void walk(struct serve_snapshot *s, const char *dir, const char *rel)
{
	char *folder = *rel ? file_join(dir, rel) : mem_strdup(dir);
	size_t n;
	char **names = file_list(folder, &n);

	for (size_t i = 0; names && i < n; i++) {
		char *path = file_join(rel, names[i]);
		char *full = file_join(dir, path);
		struct stat st;

		if (strncmp(names[i], ".prepbook-", 10) == 0 ||
		    lstat(full, &st) != 0) {
			free(path);
		} else if (S_ISDIR(st.st_mode)) {
			walk(s, dir, path);
			free(path);
		} else {
			add(s, path, &st);
		}
		free(full);
	}
	file_list_free(names, n);
	free(folder);
}

static int compare_paths(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path,
		      ((const struct entry *)b)->path);
}

struct serve_snapshot *serve_snapshot_take(const char *dir)
{
	struct serve_snapshot *s = mem_calloc(1, sizeof *s);

	walk(s, dir, "");
	/* The walk orders "a/b" before "a-c" when a folder's name is a
	 * prefix of a sibling's; the merge wants plain strcmp order. */
	if (s->len > 1)
		qsort(s->entries, s->len, sizeof *s->entries, compare_paths);
	return s;
}

void serve_snapshot_free(struct serve_snapshot *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->len; i++)
		free(s->entries[i].path);
	free(s->entries);
	free(s);
}

size_t serve_snapshot_len(const struct serve_snapshot *s)
{
	return s->len;
}

static bool same_file(const struct entry *a, const struct entry *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec;
}

static void push(char ***list, size_t *n, size_t *cap, const char *path)
{
	*list = mem_grow(*list, cap, *n + 1, sizeof **list);
	(*list)[(*n)++] = mem_strdup(path);
}

char **serve_snapshot_diff(const struct serve_snapshot *before,
			   const struct serve_snapshot *after, size_t *n)
{
	char **list = NULL;
	size_t cap = 0, i = 0, j = 0;

	*n = 0;
	while (i < before->len || j < after->len) {
		const struct entry *a = before->entries, *b = after->entries;
		int order = i == before->len  ? 1
			    : j == after->len ? -1
					      : strcmp(a[i].path, b[j].path);

		if (order < 0) { /* removed */
			push(&list, n, &cap, a[i++].path);
		} else if (order > 0) { /* added */
			push(&list, n, &cap, b[j++].path);
		} else {
			if (!same_file(&a[i], &b[j]))
				push(&list, n, &cap, a[i].path);
			i++;
			j++;
		}
	}
	return list ? list : mem_calloc(1, sizeof *list);
}

void serve_snapshot_list_free(char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}
