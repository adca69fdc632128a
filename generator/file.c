/*
 * file: filesystem helpers.  See file.h.
 */
#define _DEFAULT_SOURCE /* readdir's d_type */
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"

/* Reads the open file fd to its end onto out. */
static int read_all(int fd, struct buf *out)
{
	char chunk[16384];
	ssize_t n;

	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		buf_put(out, chunk, (size_t)n);
	}
	return 0;
}

/* Why path, as lstat sees it, cannot be read as a file: 0 when it can,
 * else the errno file_read sets (see file.h). */
static int refusal(const char *path)
{
	switch (file_kind(path)) {
	case FILE_MISSING:
		return errno;
	case FILE_REGULAR:
		return 0;
	case FILE_DIR:
		return EISDIR; /* say what is wrong, not reading's EIO */
	case FILE_SYMLINK:
		return ELOOP;
	case FILE_OTHER:
		return EINVAL;
	}
	return EINVAL;
}

int file_read(const char *path, struct buf *out)
{
	struct stat st;

	return file_read_stat(path, out, &st);
}

int file_read_stat(const char *path, struct buf *out, struct stat *stp)
{
	struct stat st;
	int fd, status = -1, saved = refusal(path);

	/* lstat first, so that a link is never followed and a FIFO or a
	 * device is never opened (opening either can block or act).  The
	 * open repeats the refusal for a file swapped in since: O_NOFOLLOW
	 * fails on a link, O_NONBLOCK keeps a FIFO from holding the build,
	 * and fstat checks what was opened. */
	if (saved != 0) {
		errno = saved;
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0)
		saved = errno;
	else if (!S_ISREG(st.st_mode))
		saved = EINVAL;
	else if (read_all(fd, out) != 0)
		saved = errno;
	else
		saved = 0, status = 0;
	if (status == 0)
		*stp = st;
	close(fd);
	errno = saved;
	return status;
}

uint64_t file_time_ns(const struct timespec *t)
{
	return (uint64_t)t->tv_sec * 1000000000u + (uint64_t)t->tv_nsec;
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

char **file_list(const char *dir, size_t *count)
{
	struct file_entry *entries = file_entries(dir, count);
	char **names;

	if (entries == NULL)
		return NULL;
	names = mem_calloc(*count ? *count : 1, sizeof *names);
	for (size_t i = 0; i < *count; i++)
		names[i] = entries[i].name;
	free(entries);
	return names;
}

void file_list_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

static enum file_kind kind_of_dirent(const char *dir, const struct dirent *e)
{
	char *path;
	enum file_kind kind;

	switch (e->d_type) {
	case DT_REG:
		return FILE_REGULAR;
	case DT_DIR:
		return FILE_DIR;
	case DT_LNK:
		return FILE_SYMLINK;
	case DT_UNKNOWN:
		break;
	default:
		return FILE_OTHER;
	}
	path = file_join(dir, e->d_name);
	kind = file_kind(path);
	free(path);
	return kind;
}

static int compare_entries(const void *a, const void *b)
{
	return strcmp(((const struct file_entry *)a)->name,
		      ((const struct file_entry *)b)->name);
}

struct file_entry *file_entries(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct file_entry *entries = NULL;
	size_t cap = 0, n = 0;

	*count = 0;
	if (d == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		entries = mem_grow(entries, &cap, n + 1, sizeof *entries);
		entries[n].name = mem_strdup(e->d_name);
		entries[n++].kind = kind_of_dirent(dir, e);
	}
	closedir(d);
	if (n > 1)
		qsort(entries, n, sizeof *entries, compare_entries);
	*count = n;
	return entries ? entries : mem_calloc(1, sizeof *entries);
}

void file_entries_free(struct file_entry *entries, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(entries[i].name);
	free(entries);
}

enum file_kind file_kind(const char *path)
{
	struct stat st;

	if (lstat(path, &st) != 0)
		return FILE_MISSING;
	if (S_ISREG(st.st_mode))
		return FILE_REGULAR;
	if (S_ISDIR(st.st_mode))
		return FILE_DIR;
	return S_ISLNK(st.st_mode) ? FILE_SYMLINK : FILE_OTHER;
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

/* mkdir that takes an existing folder as made, and anything else there
 * as the failure it is (mkdir's EEXIST does not say which). */
static int make_one(const char *path)
{
	if (mkdir(path, 0777) == 0)
		return 0;
	if (errno != EEXIST)
		return -1;
	if (file_is_dir(path))
		return 0;
	errno = ENOTDIR;
	return -1;
}

int file_mkdirs(const char *dir)
{
	char *path = mem_strdup(dir);
	int status = 0;

	for (char *p = path + 1; *p && status == 0; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		status = make_one(path);
		*p = '/';
	}
	if (status == 0)
		status = make_one(path);
	free(path);
	return status;
}

const char *file_extension(const char *name)
{
	const char *slash = strrchr(name, '/');
	const char *dot = strrchr(slash ? slash : name, '.');

	return dot && dot != name && dot[-1] != '/' ? dot + 1 : "";
}

const char *file_read_error(int err, struct diag_errno_text *t)
{
	if (err == EINVAL)
		return "not a regular file (a pipe, socket or device); only "
		       "files and folders are read";
	if (err == ELOOP)
		return "a symbolic link, which is not followed (a link could "
		       "publish any file of the machine); copy the file in "
		       "instead";
	return diag_strerror(err, t);
}
