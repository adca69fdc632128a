/*
 * progress: the records plugins made of their blocks (ctx.record) for the
 * whole handbook, and the reader's progress page built from them.  Not
 * the build's progress display on a terminal (build_options.progress):
 * this is the page where a reader sees their quiz scores and checklist
 * ticks, which the plugins' scripts keep in the browser.
 *
 * The build renders pages on threads, each page collecting its records;
 * once every page is done, progress_add takes them page by page in
 * reading order, so the list, its checks and the page never depend on
 * which thread rendered what.
 */
#ifndef PREPBOOK_PROGRESS_H
#define PREPBOOK_PROGRESS_H

#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "theme.h"
#include "value.h"

/* The site path of the progress page. */
#define PROGRESS_PATH "progress.html"

struct progress;

struct progress *progress_new(void);
void progress_free(struct progress *p);

/*
 * Adds the records of page pg, in the order its blocks made them: records
 * is the page's list of ctx.record maps (taken; each map's position is
 * where the record points in pg's source), css and js the site paths of
 * the plugin assets pg links (copied), which the progress page links too
 * so that the scripts that keep the reader's progress can show it.
 */
void progress_add(struct progress *p, const struct page *pg,
		  struct value *records, const struct value *css,
		  const struct value *js);

/*
 * Records an error for each record whose kind and id an earlier record
 * has (at the later one, naming the earlier), and for a page of hb whose
 * URL is the progress page's.  Returns the number of errors.
 */
int progress_check(const struct progress *p, const struct handbook *hb,
		   struct diag *d);

/*
 * Writes PROGRESS_PATH with the theme's "progress" template, whose context
 * is a page's plus `progress`, the records in reading order (see
 * themes/default/README.md).  Writes nothing when the theme has no such
 * template.  Returns 0, or -1 after recording an error.
 */
int progress_write(const struct progress *p, const struct handbook *hb,
		   const struct config *c, const struct theme *t,
		   struct output *o, struct diag *d);

#endif
