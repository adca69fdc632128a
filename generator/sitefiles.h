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

int sitefiles_write(const struct handbook *hb, const struct config *c,
		    const struct theme *t, struct output *o, struct diag *d);

#endif
