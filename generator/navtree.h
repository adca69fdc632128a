/*
 * navtree: the whole navigation tree, written once per site as
 * nav-tree.js.  A page's own HTML lists only the parts and the pages of
 * its own part (context.c), so its size does not grow with the handbook;
 * the theme's script loads this file to unfold the other parts, as
 * mdBook's toc.js does.  It is a script, not JSON, so it loads from disk
 * too, where fetch() cannot.
 *
 * The file sets window.prepbookNavTree to an object whose keys are the
 * site paths of the parts' landing pages (the nav items' "key" in the
 * template context) and whose values are lists of [title, site path] of
 * the part's pages in reading order.
 */
#ifndef PREPBOOK_NAVTREE_H
#define PREPBOOK_NAVTREE_H

#include "content.h"
#include "diag.h"
#include "output.h"

#define NAVTREE_PATH "nav-tree.js"

/* Writes NAVTREE_PATH.  Returns 0, or -1 after recording an error. */
int navtree_write(const struct handbook *hb, struct output *o, struct diag *d);

#endif
