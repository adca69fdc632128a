/*
 * output: writing the site safely.  Files go into a fresh staging folder
 * beside the output folder; only when the whole build succeeded is it
 * swapped in, so a failed build leaves the previous site byte for byte as
 * it was.  The output folder carries a marker file, and a folder without
 * it (or the handbook itself, or the home folder) is never replaced: a
 * mistyped -o must not delete someone's work.
 */
#ifndef PREPBOOK_OUTPUT_H
#define PREPBOOK_OUTPUT_H

#include <stddef.h>

#include "diag.h"

#define OUTPUT_MARKER ".prepbook-site"

struct output;

/*
 * Checks that dir may be (re)placed and opens a staging folder beside it.
 * root is the handbook folder (dir may not contain it).  NULL on refusal
 * or I/O failure, recorded in d.
 */
struct output *output_open(const char *root, const char *dir, struct diag *d);

/* Writes a file at a site path ("economics/tco.html"), making folders.
 * A file whose bytes equal the previous site's keeps its modification
 * time.  Returns 0, or -1 after recording an error. */
int output_write(struct output *o, const char *path, const char *data,
		 size_t len, struct diag *d);

/* Copies the file at src to a site path, as output_write does. */
int output_copy(struct output *o, const char *path, const char *src,
		struct diag *d);

/* Copies the folder src (recursively, skipping hidden files) to the site
 * path path ("assets"). */
int output_copy_tree(struct output *o, const char *path, const char *src,
		     struct diag *d);

/* Swaps the staging folder in and frees o.  Returns 0 or -1. */
int output_commit(struct output *o, struct diag *d);

/* Deletes the staging folder and frees o; the old site stays untouched. */
void output_abort(struct output *o);

#endif
