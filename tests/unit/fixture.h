/*
 * fixture: temporary folders and files for unit tests that need a small
 * handbook on disk.  Header-only: each test program includes it once.
 */
#ifndef PREPBOOK_TEST_FIXTURE_H
#define PREPBOOK_TEST_FIXTURE_H

#define _GNU_SOURCE
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "mem.h"

static inline char *fixture_dir(void)
{
	char *dir = mem_strdup("/tmp/prepbook-test-XXXXXX");

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

/* Writes text to dir/relative, making folders. */
static inline void fixture_write(const char *dir, const char *relative,
				 const char *text)
{
	char *path = file_join(dir, relative);
	char *slash = strrchr(path, '/');

	*slash = '\0';
	file_mkdirs(path);
	*slash = '/';
	if (file_write(path, text, strlen(text)) != 0) {
		perror(path);
		abort();
	}
	free(path);
}

static inline int fixture_unlink(const char *path, const struct stat *st,
				 int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static inline void fixture_remove(char *dir)
{
	nftw(dir, fixture_unlink, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

#endif
