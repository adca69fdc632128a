/*
 * file: filesystem helpers.  See file.h.
 */
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

int file_read(const char *path, struct buf *out)
{
	char chunk[16384];
	size_t n;
	int saved;
	FILE *f;

	/* fopen() opens a folder for reading; say what is wrong instead of
	 * the EIO that reading it would give. */
	if (file_is_dir(path)) {
		errno = EISDIR;
		return -1;
	}
	f = fopen(path, "rb");
	if (f == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(out, chunk, n);
	saved = ferror(f) ? EIO : 0;
	fclose(f);
	if (saved) {
		errno = saved;
		return -1;
	}
	return 0;
}

int file_write(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	int failed;

	if (f == NULL)
		return -1;
	failed = len > 0 && fwrite(data, 1, len, f) != len;
	if (fclose(f) != 0 || failed) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **file_list(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t cap = 0, n = 0;

	*count = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		names = mem_grow(names, &cap, n + 1, sizeof *names);
		names[n++] = mem_strdup(e->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, compare_names);
	*count = n;
	return names ? names : mem_calloc(1, sizeof *names);
}

void file_list_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

bool file_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool file_is_symlink(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

bool file_is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *file_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s;

	if (la == 0)
		return mem_strdup(b);
	s = mem_alloc(la + lb + 2);
	memcpy(s, a, la);
	s[la] = '/';
	memcpy(s + la + 1, b, lb + 1);
	if (la > 0 && a[la - 1] == '/')
		memmove(s + la, s + la + 1, lb + 1);
	return s;
}

int file_mkdirs(const char *dir)
{
	char *path = mem_strdup(dir);
	int status = 0;

	for (char *p = path + 1; *p && status == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST)
			status = -1;
		*p = '/';
	}
	if (status == 0 && mkdir(path, 0777) != 0 && errno != EEXIST)
		status = -1;
	free(path);
	return status;
}

const char *file_extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');

	return dot && dot != name && dot[-1] != '/' ? dot + 1 : "";
}
