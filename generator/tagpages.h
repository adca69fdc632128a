/*
 * tagpages: the pages that list the handbook's tags.  Front matter gives
 * a page `tags`; the build writes tags/index.html (every tag, with how
 * many pages carry it) and tags/<slug>.html (the pages with one tag, in
 * reading order) from the theme's `tags` and `tag` templates, and each
 * page's tags link to their page.  A theme without those templates gets
 * no tag pages, and its page.tags carry no url.
 *
 * A tag's slug is its heading-id slug (slug.h), so "Open core" and "open
 * core" are one tag, shown as first written in reading order.
 */
#ifndef PREPBOOK_TAGPAGES_H
#define PREPBOOK_TAGPAGES_H

#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "theme.h"

#define TAGPAGES_DIR "tags"

/* The site path of a tag's page ("tags/open-core.html"); the caller
 * frees it. */
char *tagpages_path(const char *tag);

/* Writes the tag index and one page per tag, when the theme has the
 * templates.  Returns 0, or -1 after recording an error. */
int tagpages_write(const struct handbook *hb, const struct config *c,
		   const struct theme *t, struct output *o, struct diag *d);

#endif
