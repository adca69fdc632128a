/*
 * staging: making, locking and cleaning up staging folders.  See
 * staging.h.
 *
 * The lock is flock() on the folder itself, taken before the marker is
 * written: a folder with a marker and no lock was therefore made by a
 * build that has ended (the kernel drops the lock when its process dies,
 * however it dies), and only such folders are removed.  A folder without
 * the marker is not ours to judge, and is left alone.
 */
#define _GNU_SOURCE /* mkdtemp, nftw's FTW_PHYS */
#include "staging.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "mem.h"

char *staging_template(const char *dir)
{
	const char *slash = strrchr(dir, '/');
	struct buf path = BUF_INIT;

	if (slash && slash[1] == '\0') {
		/* "site/" names the same folder as "site" */
		char *trimmed = mem_strndup(dir, (size_t)(slash - dir));
		char *t = staging_template(trimmed);

		free(trimmed);
		return t;
	}
	if (slash)
		buf_printf(&path, "%.*s/.%s.new-XXXXXX", (int)(slash - dir),
			   dir, slash + 1);
	else
		buf_printf(&path, ".%s.new-XXXXXX", dir);
	return buf_detach(&path);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void staging_remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Locks the folder path for this process; the descriptor, or -1. */
static int lock_folder(const char *path, int how)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && flock(fd, how) != 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

void staging_unlock(int lock)
{
	if (lock >= 0)
		close(lock);
}

/* Removes folder/name when it is a staging folder a build left: a real
 * folder (not a link) holding the marker, whose lock nobody holds. */
static void remove_if_stale(const char *folder, const char *name,
			    const char *marker_name)
{
	char *path = file_join(folder, name);
	char *marker = file_join(path, marker_name);
	int lock;

	if (file_kind(path) == FILE_DIR && file_kind(marker) == FILE_REGULAR &&
	    (lock = lock_folder(path, LOCK_EX | LOCK_NB)) >= 0) {
		staging_remove_tree(path);
		close(lock);
	}
	free(marker);
	free(path);
}

/* Removes the stale staging folders of template's output folder: the
 * names that differ from template only in its last six characters. */
static void remove_stale(const char *template, const char *marker_name)
{
	const char *slash = strrchr(template, '/');
	char *folder = slash ? mem_strndup(template, (size_t)(slash - template))
			     : mem_strdup(".");
	const char *pattern = slash ? slash + 1 : template;
	size_t stem = strlen(pattern) - 6, count;
	char **names = file_list(folder, &count);

	for (size_t i = 0; names && i < count; i++)
		if (strlen(names[i]) == stem + 6 &&
		    strncmp(names[i], pattern, stem) == 0)
			remove_if_stale(folder, names[i], marker_name);
	file_list_free(names, count);
	free(folder);
}

/* Makes the folders above path.  0, or -1 after an error in d. */
static int make_parent(const char *path, struct diag *d)
{
	const char *slash = strrchr(path, '/');
	char *parent;
	int status = 0;

	if (slash == NULL || slash == path)
		return 0;
	parent = mem_strndup(path, (size_t)(slash - path));
	if (file_mkdirs(parent) != 0) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "cannot create the folder '%s': %s", parent,
			   DIAG_STRERROR(errno));
		status = -1;
	}
	free(parent);
	return status;
}

/* Locks, opens up and marks the new folder path.  0, or -1 after an error
 * in d. */
static int prepare(const char *path, const char *marker_name,
		   const char *marker_text, int *lock, struct diag *d)
{
	char *marker = file_join(path, marker_name);
	const char *failed = NULL;
	int err = 0;

	*lock = lock_folder(path, LOCK_EX);
	if (*lock < 0)
		failed = "cannot lock";
	else if (chmod(path, 0755) != 0) /* mkdtemp makes it 0700 */
		failed = "cannot set the permissions of";
	else if (file_write(marker, marker_text, strlen(marker_text)) != 0)
		failed = "cannot write the marker file in";
	if (failed) {
		err = errno;
		diag_error(d, (struct pos){NULL, 0, 0}, "%s '%s': %s", failed,
			   path, DIAG_STRERROR(err));
	}
	free(marker);
	return failed ? -1 : 0;
}

char *staging_create(const char *dir, const char *marker_name,
		     const char *marker_text, int *lock, struct diag *d)
{
	char *path = staging_template(dir);

	*lock = -1;
	if (make_parent(path, d) != 0) {
		free(path);
		return NULL;
	}
	remove_stale(path, marker_name);
	if (mkdtemp(path) == NULL) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "cannot create a folder beside '%s': %s", dir,
			   DIAG_STRERROR(errno));
		free(path);
		return NULL;
	}
	if (prepare(path, marker_name, marker_text, lock, d) != 0) {
		staging_unlock(*lock);
		*lock = -1;
		staging_remove_tree(path);
		free(path);
		return NULL;
	}
	return path;
}
