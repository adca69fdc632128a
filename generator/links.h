/*
 * links: what a link in a page's Markdown points at.  Authors link to a
 * page by its source path (`../economics/tco.md#storage`), which works in a
 * pull request's preview; here that becomes the page's .html URL, relative
 * to the linking page, and a link to a missing page, anchor or file is an
 * error.
 *
 * An anchor is any id the build puts in a page (anchors.h): a heading's
 * (known once the page is parsed), a footnote's, or a plugin element's (a
 * calculator's #calc-<id>), which are known only once that page is
 * rendered.  Pages
 * render in parallel, so a fragment that names no heading is not judged
 * at once: it is recorded in the linking page's links_pending, and
 * links_check_pending judges it when every page has been rendered.
 */
#ifndef PREPBOOK_LINKS_H
#define PREPBOOK_LINKS_H

#include "content.h"
#include "diag.h"
#include "value.h"

struct links;
struct links_pending;

struct links *links_new(const struct handbook *hb);
void links_free(struct links *l);

/* Records the heading ids of a page (borrowed: they must outlive l). */
void links_set_ids(struct links *l, const struct page *pg,
		   const struct value *ids);

/* Links written from the not-found page are made absolute with root
 * (base_url and '/'), since a host serves that page at any depth. */
void links_set_not_found_root(struct links *l, const char *root);

/*
 * The URL to write for target, a link in page from; NULL to keep target
 * as it is (or after recording an error).  A fragment that is no heading
 * of its page goes to pending, when not NULL, to be judged later; with
 * NULL it is an error at once.
 */
char *links_rewrite(const struct links *l, const struct page *from,
		    const char *target, struct pos at, struct diag *d,
		    struct links_pending *pending);

/*
 * Records what rendering the page gave: the ids of its HTML (taken; see
 * anchors_html_ids) and the map of ids its plugins claimed (borrowed;
 * may be NULL), which alone take a scenario fragment (anchors.h).
 */
void links_set_rendered(struct links *l, const struct page *pg,
			struct value *ids, const struct value *claimed);

struct links_pending *links_pending_new(void);
void links_pending_free(struct links_pending *p);

/* Judges the fragments recorded in p, once every page is rendered;
 * errors go to d. */
void links_check_pending(const struct links *l, const struct links_pending *p,
			 struct diag *d);

/* The content path a link in page from points at
 * ("content/economics/tco.md", "content/img/plot.png"), whether or not
 * it exists; NULL for a link to the page itself or outside content/.
 * The caller frees it.  The incremental build records these as the pages
 * and files a page depends on. */
char *links_resolve(const struct page *from, const char *target);

#endif
