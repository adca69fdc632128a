/*
 * pagerender: rendering one page into its HTML file.  build.c runs one
 * renderer per thread over the pages; see pagerender.c.
 */
#ifndef PREPBOOK_PAGERENDER_H
#define PREPBOOK_PAGERENDER_H

#include <stdatomic.h>

#include "assets.h"
#include "config.h"
#include "content.h"
#include "context.h"
#include "diag.h"
#include "links.h"
#include "markdown.h"
#include "output.h"
#include "theme.h"
#include "value.h"

/* page.content is wrapped in these comments, so that the site-wide files
 * made from every page's content (book.h) find it in the page's file,
 * whether this build rendered the page or kept it from the last. */
#define PAGERENDER_CONTENT_START "<!--prepbook:content-->"
#define PAGERENDER_CONTENT_END "<!--/prepbook:content-->"

/* What every page's rendering shares; read-only while pages render
 * (assets and output lock or write distinct files themselves). */
struct pagerender_site {
	const struct handbook *hb;
	const struct config *config;
	const struct theme *theme;
	const struct links *links;
	const struct value *site;      /* the `site` data plugins see */
	const struct context_nav *nav; /* what pages' navs share */
	struct assets *assets;
	struct output *output;	     /* a checking one writes nothing */
	const char *plugins_dir;     /* the handbook's plugins/ */
	const char *builtin_plugins; /* prepbook's own, or NULL */
	const char *not_found_root;  /* the not-found page's absolute root
					(base_url and '/'), or NULL */
	atomic_size_t *plugin_total; /* bytes of HTML and kept data the
					build's plugin blocks made so far,
					shared by the render threads; the
					caller sets it to 0 per build */
};

/* One page to render, and what rendering it gives besides its file. */
struct page_job {
	struct page *page;
	struct value *heading_ids; /* its heading ids (pass one), owned */
	struct diag *diag;	   /* this page's diagnostics */
	struct value *css;	   /* site paths of plugin assets it needs */
	struct value *js;
	struct value *deps;   /* content paths its links point at, each once */
	struct value *assets; /* [dir, file] of each plugin asset it uses */
	bool keep;	      /* unchanged since the last build: not rendered */
	bool io_failed;	      /* its file could not be written: the machine's
				 fault, not the page's (exit 3, not 1) */
	uint64_t view_hash;   /* context_view_hashes' for its page */
	size_t plugin_charged; /* bytes its blocks charged to the build's
				  plugin budget (for a kept page, the
				  cache's): a rebuild charges the kept
				  pages' too */
	uint64_t deps_hash;    /* when kept: the hash of what its links
				  point at (rebuild.c) */
	struct links_pending *pending; /* its links' fragments to judge
					  once every page is rendered */
	struct value *ids;	       /* the ids of its rendered HTML */
	struct value *claimed;	       /* the ids its plugins claimed */
	struct value *records; /* its blocks' ctx.record maps, in order */
};

struct pagerender;

struct pagerender *pagerender_new(const struct pagerender_site *site);
void pagerender_free(struct pagerender *r);

/* Parses job's page, renders it and writes it to site->output (unless
 * NULL or the page had errors); diagnostics go to job->diag.  The parsed
 * page lives only while this runs, so memory stays proportional to the
 * pages in flight, not to the handbook. */
void pagerender_page(struct pagerender *r, struct page_job *job);

#endif
