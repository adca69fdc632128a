/*
 * staging: the folder a build fills beside its output folder before the
 * swap (output.h).  It is named .<site>.new-XXXXXX, so the final rename
 * never crosses file systems; it carries the marker file, and its builder
 * holds a lock on it for as long as the build lives, so that a later build
 * can tell a folder left by a killed build (marked, unlocked: removed)
 * from one a running build is filling (locked: left alone).
 */
#ifndef PREPBOOK_STAGING_H
#define PREPBOOK_STAGING_H

#include "diag.h"

/* The mkdtemp() template of a staging folder for the output folder dir:
 * "a/site" -> "a/.site.new-XXXXXX" ("a/site/" too).  The caller frees it;
 * each call to mkdtemp on it makes a new name. */
char *staging_template(const char *dir);

/*
 * Makes the parent folders of dir (as mkdir -p would), removes the stale
 * staging folders beside dir (see above), then creates a new one, mode
 * 0755, with the marker file (marker_name holding marker_text), and locks
 * it.  Returns its path (the caller frees it) and sets *lock to the
 * descriptor that holds the lock, to be closed with staging_unlock; NULL
 * after an error in d naming what failed (a folder not made, the mode not
 * set, the marker not written).
 */
char *staging_create(const char *dir, const char *marker_name,
		     const char *marker_text, int *lock, struct diag *d);

/* Ends the lock staging_create took (-1: none). */
void staging_unlock(int lock);

/* Deletes the folder path and everything in it, not following links. */
void staging_remove_tree(const char *path);

#endif
