/*
 * context: the per-page template data.  Built fresh for every page (the nav
 * differs in its active and open flags and in every URL), so it holds only
 * what is proportional to the page's own part: the parts and top-level
 * pages, and the pages of the part the page is in.  The whole tree is
 * written once per site (sitefiles.c, nav-tree.js) for the theme's script
 * to unfold the other parts, so neither the work nor a page's size grows
 * with the handbook.
 */
#include "context.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "mem.h"
#include "url.h"

/* Per-page state while building: the page, the prefix to the root, and
 * whether that prefix is an absolute override (the 404 page). */
struct view {
	const struct page *page;
	const char *root;
	bool absolute;
};

/* The shortest relative link from the page to a site path, or the
 * absolute one when the page's root is absolute. */
static struct value *link_to(const struct view *v, const char *site_path)
{
	struct buf url = BUF_INIT;

	if (!v->absolute)
		return value_string_take(url_relative(v->page->url, site_path));
	buf_printf(&url, "%s%s", v->root, site_path);
	return value_string_take(buf_detach(&url));
}

static struct value *page_link(const struct view *v, const struct page *pg)
{
	struct value *link = value_map();

	value_set_string(link, "title", pg->title);
	value_set(link, "url", link_to(v, pg->url));
	value_set_string(link, "description", pg->description);
	value_set_bool(link, "active", pg == v->page);
	return link;
}

static struct value *nav_item(const struct view *v, const struct section *s)
{
	const struct page *head = s->part ? s->part->index : s->page;
	struct value *item = page_link(v, head);
	struct value *pages = value_list();

	bool open = s->part != NULL && v->page->part == s->part;

	value_set_bool(item, "is_part", s->part != NULL);
	value_set_bool(item, "open", open);
	value_set_bool(item, "has_pages", s->part && s->part->npages > 0);
	value_set_string(item, "key", head->url);
	for (size_t i = 0; open && i < s->part->npages; i++)
		value_push(pages, page_link(v, s->part->pages[i]));
	value_set(item, "pages", pages);
	return item;
}

static struct value *nav(const struct handbook *hb, const struct view *v)
{
	struct value *list = value_list();
	struct value *home = page_link(v, hb->home);

	value_set_bool(home, "is_part", false);
	value_set_bool(home, "open", false);
	value_set_bool(home, "has_pages", false);
	value_set_string(home, "key", hb->home->url);
	value_set(home, "pages", value_list());
	value_push(list, home);
	for (size_t i = 0; i < hb->nsections; i++)
		value_push(list, nav_item(v, &hb->sections[i]));
	return list;
}

static struct value *breadcrumbs(const struct handbook *hb,
				 const struct view *v)
{
	struct value *list = value_list();
	const struct page *pg = v->page;

	if (pg == hb->home)
		return list;
	value_push(list, page_link(v, hb->home));
	if (pg->part && pg->part->index != pg)
		value_push(list, page_link(v, pg->part->index));
	return list;
}

/* The pages a landing page lists: a part's pages, or for the home page
 * every section's first page. */
static struct value *listed_pages(const struct handbook *hb,
				  const struct view *v)
{
	struct value *list = value_list();
	const struct page *pg = v->page;

	if (pg == hb->home)
		for (size_t i = 0; i < hb->nsections; i++) {
			const struct section *s = &hb->sections[i];

			value_push(list, page_link(v, s->part ? s->part->index
							      : s->page));
		}
	else if (pg->part && pg->part->index == pg)
		for (size_t i = 0; i < pg->part->npages; i++)
			value_push(list, page_link(v, pg->part->pages[i]));
	return list;
}

static struct value *edit_url(const struct config *c, const struct page *pg)
{
	struct buf url = BUF_INIT;

	if (*c->repo_url && !pg->generated)
		buf_printf(&url, "%s/edit/%s/%s", c->repo_url, c->branch,
			   pg->source);
	return value_string_take(buf_detach(&url));
}

static struct value *tags(const struct page *pg)
{
	const struct value *t = value_get(pg->front_matter, "tags");
	struct value *list = value_list();

	for (size_t i = 0; t && i < value_len(t); i++)
		value_push(list, value_string(value_text(value_at(t, i))));
	return list;
}

static struct value *asset_links(const struct view *v,
				 const struct value *paths)
{
	struct value *list = value_list();

	for (size_t i = 0; paths && i < value_len(paths); i++) {
		struct value *link = value_map();

		value_set(link, "url",
			  link_to(v, value_string_of(value_at(paths, i))));
		value_push(list, link);
	}
	return list;
}

/* Reading time at 200 words a minute, at least one minute. */
static int reading_minutes(size_t words)
{
	return words == 0 ? 1 : (int)((words + 199) / 200);
}

static void set_neighbours(struct value *page, const struct view *v)
{
	if (v->page->prev)
		value_set(page, "prev", page_link(v, v->page->prev));
	if (v->page->next)
		value_set(page, "next", page_link(v, v->page->next));
	if (v->page->part)
		value_set(page, "part", page_link(v, v->page->part->index));
}

static struct value *page_value(const struct handbook *hb,
				const struct config *c, const struct view *v,
				struct context_rendered *r)
{
	const struct page *pg = v->page;
	struct value *page = value_map();
	const char *slash = strrchr(pg->url, '/');

	value_set_string(page, "title", pg->title);
	value_set_string(page, "description", pg->description);
	value_set_string(page, "content", r->content);
	value_set_string(page, "url", slash ? slash + 1 : pg->url);
	value_set_string(page, "path", pg->url);
	value_set_string(page, "root", v->root);
	value_set(page, "edit_url", edit_url(c, pg));
	value_set_string(page, "source", pg->source);
	value_set_string(page, "updated", pg->updated);
	value_set_number(page, "reading_minutes", reading_minutes(r->words));
	value_set(page, "tags", tags(pg));
	value_set_bool(page, "is_home", pg == hb->home);
	value_set_bool(page, "has_toc",
		       pg->toc && r->toc && value_len(r->toc) > 0);
	value_set(page, "toc", r->toc ? r->toc : value_list());
	r->toc = NULL;
	set_neighbours(page, v);
	value_set(page, "breadcrumbs", breadcrumbs(hb, v));
	value_set(page, "pages", listed_pages(hb, v));
	return page;
}

struct value *context_page(const struct handbook *hb, const struct config *c,
			   const struct page *pg, struct context_rendered *r,
			   const char *root)
{
	char *relative_root = url_root(pg->url);
	struct view v = {pg, root ? root : relative_root, root != NULL};
	struct value *ctx = value_map();
	struct value *assets = value_map();
	struct value *build = value_map();
	struct value *site = config_site_value(c);

	value_set(ctx, "site", site);
	value_set(ctx, "page", page_value(hb, c, &v, r));
	value_set(ctx, "nav", nav(hb, &v));
	value_set(assets, "css", asset_links(&v, r->css));
	value_set(assets, "js", asset_links(&v, r->js));
	value_set(ctx, "assets", assets);
	value_set_string(build, "version", PREPBOOK_VERSION);
	value_set(ctx, "build", build);
	free(relative_root);
	return ctx;
}

/* What a link to pg shows: its title, URL and description. */
static uint64_t link_hash(const struct page *pg, uint64_t h)
{
	h = hash_string(pg->title, h);
	h = hash_string(pg->url, h);
	return hash_string(pg->description, h);
}

/* What a page shows of itself beyond its file: its URL and title (a
 * generated page has no file), and its previous page, which for a part's
 * landing page is the last page of the part before.  The next page needs
 * no term of its own: it is always the page's part's next page or the
 * head of the next section, both in the part or nav hash. */
static uint64_t own_hash(const struct page *pg, uint64_t h)
{
	h = link_hash(pg, h);
	h = hash_number(pg->generated, h);
	return pg->prev ? link_hash(pg->prev, h) : hash_number(0, h);
}

void context_view_hashes(const struct handbook *hb, uint64_t *out)
{
	uint64_t nav = link_hash(hb->home, 0);

	for (size_t i = 0; i < hb->nsections; i++) {
		const struct section *s = &hb->sections[i];

		nav = link_hash(s->part ? s->part->index : s->page, nav);
		nav = hash_number(s->part ? s->part->npages + 1 : 0, nav);
	}
	out[hb->home->index] = own_hash(hb->home, nav);
	for (size_t i = 0; i < hb->nsections; i++) {
		const struct part *pt = hb->sections[i].part;
		uint64_t part = nav;

		if (pt == NULL) {
			out[hb->sections[i].page->index] =
				own_hash(hb->sections[i].page, nav);
			continue;
		}
		for (size_t j = 0; j < pt->npages; j++)
			part = link_hash(pt->pages[j], part);
		out[pt->index->index] = own_hash(pt->index, part);
		for (size_t j = 0; j < pt->npages; j++)
			out[pt->pages[j]->index] = own_hash(pt->pages[j], part);
	}
}
