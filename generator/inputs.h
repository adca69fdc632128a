/*
 * inputs: the folders a build reads from, checked before anything in them
 * is read.  Below a base folder (the handbook, or prepbook's data folder
 * for the built-in theme and plugins) every step of the path and every
 * entry under it must be a plain folder or a regular file: a symbolic link
 * could put any file of the machine into the site, and a FIFO or a device
 * could block the build or act when opened.  Nothing is followed or
 * opened: the check is lstat's alone, and file_read (file.h) refuses a
 * link or a special file again when it reads.
 */
#ifndef PREPBOOK_INPUTS_H
#define PREPBOOK_INPUTS_H

#include "diag.h"

/*
 * Checks base/rel: each folder on the way from base (itself trusted and
 * followed: the user named it) and, when rel is a folder, everything
 * under it, depth first in sorted order.  rel is '/'-separated, relative,
 * without "." or ".." steps.  Names starting with '.' are skipped below
 * rel, as every reader skips them (an editor's lock file is often a
 * dangling link).  A missing rel is not an error here: each caller says
 * what is missing in its own words.
 *
 * Each refused entry is an error at its path relative to base, naming
 * why.  Returns 0, or -1 when anything was refused.
 */
int inputs_check(const char *base, const char *rel, struct diag *d);

#endif
