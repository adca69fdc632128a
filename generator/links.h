/*
 * links: what a link in a page's Markdown points at.  Authors link to a
 * page by its source path (`../economics/tco.md#storage`), which works in a
 * pull request's preview; here that becomes the page's .html URL, relative
 * to the linking page, and a link to a missing page, heading or file is an
 * error.
 */
#ifndef PREPBOOK_LINKS_H
#define PREPBOOK_LINKS_H

#include "content.h"
#include "diag.h"
#include "value.h"

struct links;

struct links *links_new(const struct handbook *hb);
void links_free(struct links *l);

/* Records the heading ids of a page (borrowed: they must outlive l). */
void links_set_ids(struct links *l, const struct page *pg,
		   const struct value *ids);

/* The URL to write for target, a link in page from; NULL to keep target
 * as it is (or after recording an error). */
char *links_rewrite(const struct links *l, const struct page *from,
		    const char *target, struct pos at, struct diag *d);

/* The content path a link in page from points at
 * ("content/economics/tco.md", "content/img/plot.png"), whether or not
 * it exists; NULL for a link to the page itself or outside content/.
 * The caller frees it.  The incremental build records these as the pages
 * and files a page depends on. */
char *links_resolve(const struct page *from, const char *target);

#endif
