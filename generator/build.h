/*
 * build: the pipeline, and nothing else: config → content → parse every
 * page → render every page (on a pool of threads) → site-wide files →
 * swap the new site in.  `prepbook check` runs the same pipeline without
 * writing.
 */
#ifndef PREPBOOK_BUILD_H
#define PREPBOOK_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

struct build_options {
	const char *root; /* the handbook folder */
	const char *out;  /* output folder, relative to root unless absolute */
	const char *base_url; /* overrides handbook.yml when not NULL */
	bool drafts;
	bool write; /* false: check only */
	int jobs;   /* render threads; 0 = one per processor */
	/* Called after each page, from any thread, one call at a time. */
	void (*progress)(size_t done, size_t total, void *data);
	void *progress_data;
	/* When set, the process exits once this build returns (`prepbook
	 * build`): the build's model is not freed piece by piece (on a big
	 * handbook, a sixth of a rebuild with nothing to do) but left to
	 * the operating system, and *retained points at it, so that it
	 * stays reachable for leak checkers.  NULL: freed (`serve`). */
	void **retained;
};

enum build_result {
	BUILD_OK,
	BUILD_CONTENT_ERRORS, /* the handbook has errors: nothing written */
	BUILD_IO_ERROR	      /* the output could not be written */
};

enum build_result build_run(const struct build_options *options,
			    struct diag *d);

#endif
