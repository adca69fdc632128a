/*
 * context: the data a theme template sees for one page (site, page, nav,
 * assets, build), built from the page model and what rendering produced.
 * Every URL in it is already relative to the page.  themes/default/README.md
 * documents the shape for theme authors.
 */
#ifndef PREPBOOK_CONTEXT_H
#define PREPBOOK_CONTEXT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "content.h"
#include "value.h"

/* What rendering the page's Markdown gave. */
struct context_rendered {
	const char *content; /* HTML */
	struct value *toc;   /* markdown_output.toc, or NULL: context_page
				takes it and sets this to NULL */
	size_t words;
	const char *summary;	 /* the first paragraph, cut; may be NULL */
	const struct value *css; /* site paths of the stylesheets to link */
	const struct value *js;	 /* site paths of the scripts to load */
};

/*
 * The nav links every page of a folder shares (context.c says why), so
 * that building a page's nav allocates only what differs per page.  Made
 * once per build, before pages render; read-only while they do.
 */
struct context_nav;
/* Builds the shared links of the folders holding a page to render:
 * render[page->index] says which. */
struct context_nav *context_nav_new(const struct handbook *hb,
				    const bool *render);
void context_nav_free(struct context_nav *n);

/* The template context of page pg (owned by the caller, and valid only
 * while shared is, since it borrows from it; shared may be NULL).  It
 * takes the TOC out of r rather than copying it for every page.
 * root overrides the page's relative root (the 404 page, served from any
 * depth, uses the absolute base URL); NULL for the usual relative one. */
struct value *context_page(const struct handbook *hb, const struct config *c,
			   const struct page *pg, struct context_rendered *r,
			   const char *root, const struct context_nav *shared);

/*
 * For each page of hb, at out[page->index], a hash of everything the
 * page's template context takes from the rest of the handbook: the
 * navigation it shows (parts, top-level pages, its own part's pages),
 * its neighbours, and what it lists.  Two builds that give a page the
 * same hash and the same file give it the same context, which is what
 * lets an incremental build skip it.  Linear in the pages.
 */
void context_view_hashes(const struct handbook *hb, uint64_t *out);

#endif
