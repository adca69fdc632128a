/*
 * tagpages: tags/index.html and tags/<slug>.html.  See tagpages.h.
 */
#include "tagpages.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "context.h"
#include "mem.h"
#include "slug.h"
#include "strmap.h"
#include "url.h"

/* One tag: its name as first written, and its pages in reading order. */
struct tag {
	char *slug;
	const char *name; /* borrowed from the first page's front matter */
	const struct page **pages;
	size_t npages, cap;
};

struct tags {
	struct tag **list;
	size_t len, cap;
	struct strmap *by_slug;
};

char *tagpages_path(const char *tag)
{
	char *slug = slug_github(tag);
	struct buf path = BUF_INIT;

	buf_printf(&path, "%s/%s.html", TAGPAGES_DIR, *slug ? slug : "tag");
	free(slug);
	return buf_detach(&path);
}

static void add(struct tags *t, const char *name, const struct page *pg)
{
	char *slug = slug_github(name);
	struct tag *tag = strmap_get(t->by_slug, slug);

	if (tag == NULL) {
		tag = mem_calloc(1, sizeof *tag);
		tag->slug = slug;
		tag->name = name;
		t->list =
			mem_grow(t->list, &t->cap, t->len + 1, sizeof *t->list);
		t->list[t->len++] = tag;
		strmap_put(t->by_slug, tag->slug, tag);
	} else {
		free(slug);
	}
	if (tag->npages > 0 && tag->pages[tag->npages - 1] == pg)
		return; /* the same tag twice on one page */
	tag->pages = mem_grow(tag->pages, &tag->cap, tag->npages + 1,
			      sizeof *tag->pages);
	tag->pages[tag->npages++] = pg;
}

static int by_slug(const void *a, const void *b)
{
	const struct tag *x = *(struct tag *const *)a;
	const struct tag *y = *(struct tag *const *)b;

	return strcmp(x->slug, y->slug);
}

static void collect(struct tags *t, const struct handbook *hb)
{
	t->by_slug = strmap_new();
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];
		const struct value *list = value_get(pg->front_matter, "tags");

		for (size_t j = 0; list && j < value_len(list); j++) {
			const char *name = value_text(value_at(list, j));

			if (name && *name)
				add(t, name, pg);
		}
	}
	if (t->len > 1)
		qsort(t->list, t->len, sizeof *t->list, by_slug);
}

static void release(struct tags *t)
{
	for (size_t i = 0; i < t->len; i++) {
		free(t->list[i]->slug);
		free(t->list[i]->pages);
		free(t->list[i]);
	}
	free(t->list);
	strmap_free(t->by_slug);
}

/* A link from the page at from (a site path) to the page pg. */
static struct value *page_entry(const char *from, const struct page *pg)
{
	struct value *e = value_map();

	value_set_string(e, "title", pg->title);
	value_set(e, "url", value_string_take(url_relative(from, pg->url)));
	value_set_string(e, "description", pg->description);
	value_set_string(e, "part", pg->part ? pg->part->title : "");
	return e;
}

static struct value *tag_entry(const char *from, const struct tag *tag)
{
	struct value *e = value_map();
	char *path = tagpages_path(tag->name);
	struct value *pages = value_list();

	value_set_string(e, "name", tag->name);
	value_set(e, "url", value_string_take(url_relative(from, path)));
	value_set_number(e, "count", (double)tag->npages);
	for (size_t i = 0; i < tag->npages; i++)
		value_push(pages, page_entry(from, tag->pages[i]));
	value_set(e, "pages", pages);
	free(path);
	return e;
}

/* Renders template at path with title and the extra key set to data. */
static int write_one(const struct handbook *hb, const struct config *c,
		     const struct theme *t, struct output *o, const char *path,
		     const char *title, const char *template_name,
		     const char *key, struct value *data, struct diag *d)
{
	struct page *pg = content_page_generated("", path, title);
	struct context_rendered r = {.content = ""};
	struct value *ctx = context_page(hb, c, pg, &r, NULL, NULL);
	struct buf html = BUF_INIT;
	int status;

	value_set(ctx, key, data);
	status = theme_render(t, template_name, ctx, &html, d);
	if (status == 0)
		status = output_write(o, path, "the generated tag pages",
				      buf_str(&html), html.len, d);
	value_free(ctx);
	content_page_free(pg);
	buf_release(&html);
	return status;
}

int tagpages_write(const struct handbook *hb, const struct config *c,
		   const struct theme *t, struct output *o, struct diag *d)
{
	const char *index = TAGPAGES_DIR "/index.html";
	struct tags tags = {0};
	struct value *all = value_list();
	int status = 0;

	if (!theme_has(t, "tags") || !theme_has(t, "tag")) {
		value_free(all);
		return 0;
	}
	collect(&tags, hb);
	if (tags.len == 0) { /* no tag, no page to list them */
		value_free(all);
		release(&tags);
		return 0;
	}
	for (size_t i = 0; i < tags.len; i++) {
		char *path = tagpages_path(tags.list[i]->name);

		value_push(all, tag_entry(index, tags.list[i]));
		status |=
			write_one(hb, c, t, o, path, tags.list[i]->name, "tag",
				  "tag", tag_entry(path, tags.list[i]), d);
		free(path);
	}
	status |= write_one(hb, c, t, o, index, "Tags", "tags", "tags", all, d);
	release(&tags);
	return status ? -1 : 0;
}
