/*
 * book: the site-wide files made from every page's content, in reading
 * order: the search index (search.c) and print.html (print.c).
 *
 * They read each page back from the site this build is making
 * (output_read), between the markers that page.content carries
 * (pagerender.h), so a page the incremental build kept gives exactly
 * what it gave when it was rendered, and nothing per page needs caching.
 * A batch of pages' HTML is held at a time.
 */
#ifndef PREPBOOK_BOOK_H
#define PREPBOOK_BOOK_H

#include <stdbool.h>

#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "theme.h"
#include "value.h"

/* Writes the search index and print.html, and the book's state
 * (bookstate.h); css lists the site paths of the stylesheets the pages'
 * blocks need (print.html shows the blocks); jobs is the build's thread
 * count (0: one per processor), pages are read back on that many
 * threads.  reuse says that o's previous site is the last build's whole
 * (an incremental build): its state is then used for the pages whose
 * HTML did not change.  Returns 0, or -1 after an I/O error. */
int book_write(const struct handbook *hb, const struct config *c,
	       const struct theme *t, const struct value *css, int jobs,
	       bool reuse, struct output *o, struct diag *d);

#endif
