/*
 * progress: the handbook's records and the progress page.  See
 * progress.h.
 *
 * The records stay in the lists the pages made, one list per page in
 * reading order; nothing here changes them.  The template's `progress`
 * list is built from them only when the page is written.
 */
#include "progress.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "context.h"
#include "mem.h"
#include "strmap.h"
#include "url.h"

/* One page's records. */
struct page_records {
	const struct page *page;
	struct value *records; /* owned list of maps */
};

struct progress {
	struct page_records *pages;
	size_t npages;
	size_t cap;
	struct value *css; /* the assets of the pages with records, */
	struct value *js;  /* each once, in the order first linked */
};

struct progress *progress_new(void)
{
	struct progress *p = mem_calloc(1, sizeof *p);

	p->css = value_list();
	p->js = value_list();
	return p;
}

void progress_free(struct progress *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->npages; i++)
		value_free(p->pages[i].records);
	free(p->pages);
	value_free(p->css);
	value_free(p->js);
	free(p);
}

static void add_each_once(struct value *into, const struct value *paths)
{
	for (size_t i = 0; paths && i < value_len(paths); i++)
		value_push_string_once(into,
				       value_string_of(value_at(paths, i)));
}

void progress_add(struct progress *p, const struct page *pg,
		  struct value *records, const struct value *css,
		  const struct value *js)
{
	if (records == NULL || value_len(records) == 0) {
		value_free(records);
		return;
	}
	p->pages = mem_grow(p->pages, &p->cap, p->npages + 1, sizeof *p->pages);
	p->pages[p->npages++] = (struct page_records){pg, records};
	add_each_once(p->css, css);
	add_each_once(p->js, js);
}

static struct pos record_pos(const struct page *pg, const struct value *r)
{
	return (struct pos){pg->source, value_line(r), value_col(r)};
}

/* "kind\nid" for a record with an id, else NULL (no id, nothing to
 * clash). */
static char *identity(const struct value *r)
{
	const struct value *id = value_get(r, "id");
	struct buf key = BUF_INIT;

	if (!value_is(id, VALUE_STRING))
		return NULL;
	buf_printf(&key, "%s\n%s", value_get_text(r, "kind", ""),
		   value_string_of(id));
	return buf_detach(&key);
}

/* A record of the same kind and id as an earlier one: the author sees
 * both places, since either may be the one to rename. */
static void report_duplicate(const struct page_records *later,
			     const struct value *r,
			     const struct page_records *earlier,
			     const struct value *first, struct diag *d)
{
	struct pos at = record_pos(later->page, r);
	struct pos there = record_pos(earlier->page, first);

	diag_error(d, at, "%s: id '%s' is already used by the %s at %s:%d:%d",
		   value_get_text(r, "plugin", ""), value_get_text(r, "id", ""),
		   value_get_text(first, "kind", ""), there.file, there.line,
		   there.col);
}

/* Where each record of the map was first seen: the page and the record,
 * kept together so that a clash can name both. */
struct seen {
	const struct page_records *page;
	const struct value *record;
};

static size_t count_records(const struct progress *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->npages; i++)
		n += value_len(p->pages[i].records);
	return n;
}

/* The map holds pointers into seen, which is sized once for every record
 * so that it never moves. */
static int check_duplicates(const struct progress *p, struct diag *d)
{
	size_t total = count_records(p), n = 0;
	struct strmap *first = strmap_new();
	struct seen *seen = mem_calloc(total + 1, sizeof *seen);
	char **keys = mem_calloc(total + 1, sizeof *keys);
	int errors = 0;

	for (size_t i = 0; i < p->npages; i++) {
		const struct page_records *pr = &p->pages[i];

		for (size_t j = 0; j < value_len(pr->records); j++) {
			const struct value *r = value_at(pr->records, j);
			struct seen *before;

			keys[n] = identity(r);
			if (keys[n] == NULL)
				continue;
			seen[n] = (struct seen){pr, r};
			before = strmap_get(first, keys[n]);
			if (before != NULL) {
				report_duplicate(pr, r, before->page,
						 before->record, d);
				errors++;
			} else {
				strmap_put(first, keys[n], &seen[n]);
			}
			n++;
		}
	}
	strmap_free(first);
	for (size_t i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
	free(seen);
	return errors;
}

/* A content page on progress.html is reported by the output's claims,
 * like every other clash with a generated file. */
int progress_check(const struct progress *p, const struct handbook *hb,
		   struct diag *d)
{
	(void)hb;
	return check_duplicates(p, d);
}

/* One record as the template sees it: its fields, and where it is. */
static struct value *entry(const struct page *pg, const struct value *r)
{
	struct value *e = value_copy(r);
	const char *anchor = value_get_text(r, "anchor", "");
	char *page_url = url_relative(PROGRESS_PATH, pg->url);
	struct buf url = BUF_INIT, is_kind = BUF_INIT;

	buf_puts(&url, page_url);
	if (*anchor)
		buf_printf(&url, "#%s", anchor);
	buf_printf(&is_kind, "is_%s", value_get_text(r, "kind", ""));
	value_set_string(e, "page_title", pg->title);
	value_set(e, "page_url", value_string_take(page_url));
	value_set(e, "url", value_string_take(buf_detach(&url)));
	value_set_bool(e, buf_str(&is_kind), true);
	buf_release(&is_kind);
	return e;
}

static struct value *entries(const struct progress *p)
{
	struct value *list = value_list();

	for (size_t i = 0; i < p->npages; i++)
		for (size_t j = 0; j < value_len(p->pages[i].records); j++)
			value_push(list,
				   entry(p->pages[i].page,
					 value_at(p->pages[i].records, j)));
	return list;
}

int progress_write(const struct progress *p, const struct handbook *hb,
		   const struct config *c, const struct theme *t,
		   struct output *o, struct diag *d)
{
	struct page *pg;
	struct value *ctx;
	struct buf html = BUF_INIT;
	struct context_rendered r = {.content = "", .css = p->css, .js = p->js};
	int status;

	if (!theme_has(t, "progress"))
		return 0;
	pg = content_page_generated("", PROGRESS_PATH, "Your progress");
	ctx = context_page(hb, c, pg, &r, NULL, NULL);
	value_set(ctx, "progress", entries(p));
	status = theme_render(t, "progress", ctx, &html, d);
	if (status == 0)
		status = output_write(o, PROGRESS_PATH,
				      "the generated progress page",
				      buf_str(&html), html.len, d);
	value_free(ctx);
	content_page_free(pg);
	buf_release(&html);
	return status;
}
