/*
 * sitefiles: the site-wide files a static host expects beside the pages:
 * sitemap.xml and robots.txt (only with a base_url: both need absolute
 * URLs, and a build without one says so in a warning), 404.html,
 * .nojekyll (GitHub Pages must not run Jekyll over the site) and CNAME
 * when a custom domain is configured.
 */
#ifndef PREPBOOK_SITEFILES_H
#define PREPBOOK_SITEFILES_H

#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "theme.h"

/* The warning a build without a base_url gives (once per build, even one
 * that keeps the files of the last). */
void sitefiles_check(const struct config *c, struct diag *d);

/* Writes the files above.  Returns 0, or -1 after an I/O error. */
int sitefiles_write(const struct handbook *hb, const struct config *c,
		    const struct theme *t, struct output *o, struct diag *d);

#endif
