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
#include "strmap.h"
#include "tagpages.h"
#include "url.h"

/*
 * The nav links of one folder (the content root, or a part's), with no
 * page active and every part folded: relative URLs are the same from
 * every page of a folder, so its pages borrow these instead of building
 * their own, and only the items that differ (the active page, its open
 * part) are made per page.
 */
struct folder_nav {
	struct value *items; /* the home page, then one item per section */
	struct value *pages; /* a part folder's pages, inactive links */
};

struct context_nav {
	struct folder_nav root;
	struct folder_nav *parts; /* one per section; unused for pages */
	size_t nparts;
	struct strmap *by_dir; /* part dir -> its folder_nav */
};

/* Per-page state while building: the page links are relative to, the
 * page marked active (NULL in the nav a folder's pages share), the prefix
 * to the root, and whether that prefix is an absolute override (the 404
 * page). */
struct view {
	const struct page *page;
	const struct page *active;
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
	value_set_bool(link, "active", pg == v->active);
	return link;
}

/* A nav item: the home page (s NULL) or a section.  A part is open when
 * the active page is in it, and only then lists its pages: for each,
 * page_of gives the value to use (a fresh link, or one a folder shares). */
static struct value *nav_item(const struct handbook *hb, const struct view *v,
			      const struct section *s,
			      const struct folder_nav *shared)
{
	const struct page *head = s == NULL ? hb->home
				  : s->part ? s->part->index
					    : s->page;
	const struct part *pt = s ? s->part : NULL;
	bool open = pt != NULL && v->active && v->active->part == pt;
	struct value *item = page_link(v, head);
	struct value *pages = value_list();

	value_set_bool(item, "is_part", pt != NULL);
	value_set_bool(item, "open", open);
	value_set_bool(item, "has_pages", pt && pt->npages > 0);
	value_set_string(item, "key", head->url);
	for (size_t i = 0; open && i < pt->npages; i++) {
		if (shared && pt->pages[i] != v->active)
			value_push_borrowed(pages, value_at(shared->pages, i));
		else
			value_push(pages, page_link(v, pt->pages[i]));
	}
	value_set(item, "pages", pages);
	return item;
}

static void folder_nav_init(struct folder_nav *f, const struct handbook *hb,
			    const struct page *in, const struct part *pt)
{
	struct view v = {.page = in, .root = ""};

	f->items = value_list();
	value_push(f->items, nav_item(hb, &v, NULL, NULL));
	for (size_t i = 0; i < hb->nsections; i++)
		value_push(f->items, nav_item(hb, &v, &hb->sections[i], NULL));
	f->pages = value_list();
	for (size_t i = 0; pt && i < pt->npages; i++)
		value_push(f->pages, page_link(&v, pt->pages[i]));
}

/* Whether a page of part pt (or, for NULL, of the content root) is one
 * to render. */
static bool folder_renders(const struct handbook *hb, const struct part *pt,
			   const bool *render)
{
	if (pt != NULL) {
		for (size_t i = 0; i < pt->npages; i++)
			if (render[pt->pages[i]->index])
				return true;
		return render[pt->index->index];
	}
	if (render[hb->home->index])
		return true;
	for (size_t i = 0; i < hb->nsections; i++)
		if (hb->sections[i].page && render[hb->sections[i].page->index])
			return true;
	return false;
}

struct context_nav *context_nav_new(const struct handbook *hb,
				    const bool *render)
{
	struct context_nav *n = mem_calloc(1, sizeof *n);

	if (folder_renders(hb, NULL, render))
		folder_nav_init(&n->root, hb, hb->home, NULL);
	n->nparts = hb->nsections;
	n->parts = mem_calloc(hb->nsections + 1, sizeof *n->parts);
	n->by_dir = strmap_new();
	for (size_t i = 0; i < hb->nsections; i++) {
		const struct part *pt = hb->sections[i].part;

		if (pt == NULL || !folder_renders(hb, pt, render))
			continue;
		folder_nav_init(&n->parts[i], hb, pt->index, pt);
		strmap_put(n->by_dir, pt->dir, &n->parts[i]);
	}
	return n;
}

void context_nav_free(struct context_nav *n)
{
	if (n == NULL)
		return;
	value_free(n->root.items);
	value_free(n->root.pages);
	for (size_t i = 0; i < n->nparts; i++) {
		value_free(n->parts[i].items);
		value_free(n->parts[i].pages);
	}
	free(n->parts);
	strmap_free(n->by_dir);
	free(n);
}

static struct value *nav(const struct handbook *hb, const struct view *v,
			 const struct context_nav *shared)
{
	const struct folder_nav *f = NULL;
	struct value *list = value_list();

	if (shared)
		f = v->page->part
			    ? strmap_get(shared->by_dir, v->page->part->dir)
			    : &shared->root;
	if (f && f->items == NULL) /* a folder made with nothing to render */
		f = NULL;
	for (size_t i = 0; i <= hb->nsections; i++) {
		const struct section *s = i ? &hb->sections[i - 1] : NULL;
		const struct page *head = s == NULL ? hb->home
					  : s->part ? s->part->index
						    : s->page;
		bool mine = head == v->active ||
			    (s && s->part && s->part == v->active->part);

		if (f && !mine)
			value_push_borrowed(list, value_at(f->items, i));
		else
			value_push(list, nav_item(hb, v, s, f));
	}
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

/* A part's pages, in order, without its landing page. */
static struct value *part_pages(const struct view *v, const struct part *pt)
{
	struct value *list = value_list();

	for (size_t i = 0; pt && i < pt->npages; i++)
		value_push(list, page_link(v, pt->pages[i]));
	return list;
}

/* The pages a landing page lists: a part's pages, or for the home page
 * every section's first page, a part's with the part's pages under
 * `pages` (the whole table of contents, on one page only, so no other
 * page grows with the handbook). */
static struct value *listed_pages(const struct handbook *hb,
				  const struct view *v)
{
	struct value *list = value_list();
	const struct page *pg = v->page;

	if (pg == hb->home)
		for (size_t i = 0; i < hb->nsections; i++) {
			const struct section *s = &hb->sections[i];
			struct value *item = page_link(
				v, s->part ? s->part->index : s->page);

			value_set(item, "pages", part_pages(v, s->part));
			value_push(list, item);
		}
	else if (pg->part && pg->part->index == pg) {
		value_free(list);
		list = part_pages(v, pg->part);
	}
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

/* The page's tags, each with the link to its tag page (tagpages.c). */
static struct value *tags(const struct view *v)
{
	const struct value *t = value_get(v->page->front_matter, "tags");
	struct value *list = value_list();

	for (size_t i = 0; t && i < value_len(t); i++) {
		const char *name = value_text(value_at(t, i));
		struct value *tag = value_map();
		char *path;

		if (name == NULL || *name == '\0') {
			value_free(tag);
			continue;
		}
		path = tagpages_path(name);
		value_set_string(tag, "name", name);
		value_set(tag, "url", link_to(v, path));
		value_push(list, tag);
		free(path);
	}
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
	value_set_string(page, "summary",
			 *pg->description ? pg->description
			 : r->summary	  ? r->summary
					  : "");
	value_set_string(page, "content", r->content);
	value_set_string(page, "url", slash ? slash + 1 : pg->url);
	value_set_string(page, "path", pg->url);
	value_set_string(page, "root", v->root);
	value_set(page, "edit_url", edit_url(c, pg));
	value_set_string(page, "source", pg->source);
	value_set_string(page, "updated", pg->updated);
	value_set_number(page, "reading_minutes", reading_minutes(r->words));
	value_set(page, "tags", tags(v));
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
			   const char *root, const struct context_nav *shared)
{
	char *relative_root = url_root(pg->url);
	struct view v = {pg, pg, root ? root : relative_root, root != NULL};
	struct value *ctx = value_map();
	struct value *assets = value_map();
	struct value *build = value_map();
	struct value *site = config_site_value(c);

	value_set(ctx, "site", site);
	value_set(ctx, "page", page_value(hb, c, &v, r));
	value_set(ctx, "nav", nav(hb, &v, root ? NULL : shared));
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

/* The home page lists every page: the nav, and every part's pages. */
static uint64_t contents_hash(const struct handbook *hb, uint64_t nav)
{
	for (size_t i = 0; i < hb->nsections; i++) {
		const struct part *pt = hb->sections[i].part;

		for (size_t j = 0; pt && j < pt->npages; j++)
			nav = link_hash(pt->pages[j], nav);
	}
	return nav;
}

void context_view_hashes(const struct handbook *hb, uint64_t *out)
{
	uint64_t nav = link_hash(hb->home, 0);

	for (size_t i = 0; i < hb->nsections; i++) {
		const struct section *s = &hb->sections[i];

		nav = link_hash(s->part ? s->part->index : s->page, nav);
		nav = hash_number(s->part ? s->part->npages + 1 : 0, nav);
	}
	out[hb->home->index] = own_hash(hb->home, contents_hash(hb, nav));
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
