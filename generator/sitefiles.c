/*
 * sitefiles: sitemap.xml, robots.txt, 404.html, .nojekyll and CNAME.
 */
#include "sitefiles.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "context.h"
#include "escape.h"
#include "value.h"

/* The sitemap protocol wants absolute URLs, so there is a sitemap only
 * with a base_url. */
static int write_sitemap(const struct handbook *hb, const struct config *c,
			 struct output *o, struct diag *d)
{
	struct buf xml = BUF_INIT;
	int status;

	buf_puts(&xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<urlset xmlns=\"http://www.sitemaps.org/schemas/"
		       "sitemap/0.9\">\n");
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];
		struct buf loc = BUF_INIT;

		buf_printf(&loc, "%s/%s", c->base_url, pg->url);
		buf_puts(&xml, "  <url><loc>");
		escape_html(&xml, buf_str(&loc));
		buf_puts(&xml, "</loc>");
		if (*pg->updated)
			buf_printf(&xml, "<lastmod>%s</lastmod>", pg->updated);
		buf_puts(&xml, "</url>\n");
		buf_release(&loc);
	}
	buf_puts(&xml, "</urlset>\n");
	status = output_write(o, "sitemap.xml", "the generated sitemap",
			      buf_str(&xml), xml.len, d);
	buf_release(&xml);
	return status;
}

/* Crawlers read robots.txt only at the root of a host (a custom domain,
 * or a user's github.io site); under a project path it does no harm. */
static int write_robots(const struct config *c, struct output *o,
			struct diag *d)
{
	struct buf txt = BUF_INIT;
	int status;

	buf_printf(&txt,
		   "User-agent: *\nDisallow:\n\nSitemap: %s/sitemap.xml\n",
		   c->base_url);
	status = output_write(o, "robots.txt", "the generated robots.txt",
			      buf_str(&txt), txt.len, d);
	buf_release(&txt);
	return status;
}

/* GitHub Pages serves 404.html for a missing path at any depth, where
 * relative links would break; with a base_url they are made absolute. */
static int write_not_found(const struct handbook *hb, const struct config *c,
			   const struct theme *t, struct output *o,
			   struct diag *d)
{
	struct page *pg =
		content_page_generated("", "404.html", "Page not found");
	struct value *ctx;
	struct buf root = BUF_INIT, html = BUF_INIT;
	struct context_rendered r = {
		.content = "<p>There is no page at this address. It may have "
			   "moved: start again from the home page.</p>\n",
	};
	int status;

	if (*c->base_url)
		buf_printf(&root, "%s/", c->base_url);
	ctx = context_page(hb, c, pg, &r, buf_str(&root), NULL);
	status = theme_render(t, theme_has(t, "404") ? "404" : "page", ctx,
			      &html, d);
	if (status == 0)
		status = output_write(o, "404.html",
				      "the generated not-found page",
				      buf_str(&html), html.len, d);
	value_free(ctx);
	content_page_free(pg);
	buf_release(&html);
	buf_release(&root);
	return status;
}

void sitefiles_check(const struct config *c, struct diag *d)
{
	if (!*c->base_url)
		diag_warning(d, (struct pos){"handbook.yml", 0, 0},
			     "no base_url: sitemap.xml and robots.txt are not "
			     "written (they need absolute URLs), and 404.html "
			     "works only at the top of the site; set base_url "
			     "in handbook.yml or pass --base-url");
}

int sitefiles_write(const struct handbook *hb, const struct config *c,
		    const struct theme *t, struct output *o, struct diag *d)
{
	int status = 0;

	if (*c->base_url) {
		status |= write_sitemap(hb, c, o, d);
		status |= write_robots(c, o, d);
	}
	if (hb->not_found == NULL) /* else content/404.md is rendered */
		status |= write_not_found(hb, c, t, o, d);
	status |= output_write(o, ".nojekyll", "the generated .nojekyll", "", 0,
			       d);
	if (*c->cname) {
		struct buf cname = BUF_INIT;

		buf_printf(&cname, "%s\n", c->cname);
		status |= output_write(o, "CNAME", "handbook.yml's cname",
				       buf_str(&cname), cname.len, d);
		buf_release(&cname);
	}
	return status ? -1 : 0;
}
