/*
 * file: the small filesystem helpers every stage needs: whole-file reads,
 * sorted folder listings (output must never depend on directory order) and
 * path joining.  Errors come back as -1 with errno set; the caller knows
 * which file it was and reports it.
 */
#ifndef PREPBOOK_FILE_H
#define PREPBOOK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "diag.h"

/* Appends the whole file to out.  Returns 0, or -1 with errno set:
 * EISDIR for a folder, ELOOP when path itself is a symbolic link (never
 * followed), EINVAL for anything else that is not a regular file (a FIFO,
 * socket or device: refused without opening it).  Links among the
 * folders above path are followed: the caller checks those (inputs.h). */
int file_read(const char *path, struct buf *out);

/* file_read, which also gives what fstat said of the file it read
 * (size, times, inode), so that a later build can tell it is unchanged
 * without reading it. */
struct stat;
int file_read_stat(const char *path, struct buf *out, struct stat *st);

/* A time (stat's st_mtim, clock_gettime's) in nanoseconds since the
 * epoch. */
struct timespec;
uint64_t file_time_ns(const struct timespec *t);

/* What file_read's errno means, for "cannot read: %s" messages; the text
 * is in t (see diag.h's DIAG_STRERROR). */
const char *file_read_error(int err, struct diag_errno_text *t);
#define FILE_READ_ERROR(err)                                                   \
	file_read_error((err), &(struct diag_errno_text){{0}})

/* Writes len bytes to path (created or truncated).  0, or -1 with errno. */
int file_write(const char *path, const char *data, size_t len);

/*
 * The names in dir, without "." and "..", sorted bytewise; *count gets how
 * many.  Returns NULL (errno set) when dir cannot be read.  Free with
 * file_list_free.
 */
char **file_list(const char *dir, size_t *count);
void file_list_free(char **names, size_t count);

/* What path itself is, from one lstat (a link is not followed). */
enum file_kind {
	FILE_MISSING,
	FILE_REGULAR,
	FILE_DIR,
	FILE_SYMLINK,
	FILE_OTHER, /* a FIFO, socket or device */
};
enum file_kind file_kind(const char *path);

/* A name in a folder and what it is (file_kind's answer). */
struct file_entry {
	char *name;
	enum file_kind kind;
};

/*
 * file_list with each name's kind, taken from the folder listing itself
 * (readdir's d_type) where the file system gives it, so that listing a
 * folder of n files costs no n lstat calls; lstat where it does not.
 * NULL (errno set) when dir cannot be read.  Free with
 * file_entries_free.
 */
struct file_entry *file_entries(const char *dir, size_t *count);
void file_entries_free(struct file_entry *entries, size_t count);

bool file_is_dir(const char *path);
/* Whether path itself is a symbolic link (not followed). */
bool file_is_symlink(const char *path);
bool file_is_regular(const char *path);

/* "a" + "b" -> "a/b"; an empty a gives b.  The caller frees the result. */
char *file_join(const char *a, const char *b);

/* Creates dir and its missing parents.  0, or -1 with errno. */
int file_mkdirs(const char *dir);

/* The extension of a file name without the dot, or "" ("a.tar.gz" -> "gz"). */
const char *file_extension(const char *name);

#endif
