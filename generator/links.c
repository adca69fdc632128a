/*
 * links: checking and rewriting relative links.  See links.h.  The index is
 * filled before rendering starts and only read afterwards, so render
 * threads share it without locks.
 */
#include "links.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "url.h"

struct links {
	const struct handbook *hb;
	const struct value **ids; /* per page, in reading order */
};

struct links *links_new(const struct handbook *hb)
{
	struct links *l = mem_calloc(1, sizeof *l);

	l->hb = hb;
	l->ids = mem_calloc(hb->npages ? hb->npages : 1, sizeof *l->ids);
	return l;
}

void links_free(struct links *l)
{
	if (l == NULL)
		return;
	free(l->ids);
	free(l);
}

static long index_of(const struct links *l, const struct page *pg)
{
	for (size_t i = 0; i < l->hb->npages; i++)
		if (l->hb->order[i] == pg)
			return (long)i;
	return -1;
}

void links_set_ids(struct links *l, const struct page *pg,
		   const struct value *ids)
{
	long i = index_of(l, pg);

	if (i >= 0)
		l->ids[i] = ids;
}

static bool has_heading(const struct links *l, const struct page *pg,
			const char *id)
{
	long i = index_of(l, pg);
	const struct value *ids = i >= 0 ? l->ids[i] : NULL;

	for (size_t j = 0; ids && j < value_len(ids); j++)
		if (strcmp(value_string_of(value_at(ids, j)), id) == 0)
			return true;
	return false;
}

static void check_fragment(const struct links *l, const struct page *target,
			   const char *id, const struct page *from,
			   struct pos at, struct diag *d)
{
	if (id == NULL || *id == '\0' || has_heading(l, target, id))
		return;
	if (target == from)
		diag_error(d, at, "link: no heading '#%s' on this page", id);
	else
		diag_error(d, at, "link: no heading '#%s' in '%s'", id,
			   target->source);
}

/* A link to another page's Markdown source becomes a link to its HTML. */
static char *link_to_page(const struct links *l, const struct page *from,
			  const char *resolved, const char *fragment,
			  struct pos at, struct diag *d)
{
	const struct page *target = content_find(l->hb, resolved);
	struct buf url = BUF_INIT;
	char *relative;

	if (target == NULL) {
		diag_error(d, at, "link: no page '%s'", resolved);
		return NULL;
	}
	check_fragment(l, target, fragment, from, at, d);
	relative = url_relative(from->url, target->url);
	buf_puts(&url, relative);
	if (fragment)
		buf_printf(&url, "#%s", fragment);
	free(relative);
	return buf_detach(&url);
}

static bool is_markdown(const char *path)
{
	size_t n = strlen(path);

	return n > 3 && strcmp(path + n - 3, ".md") == 0;
}

char *links_rewrite(const struct links *l, const struct page *from,
		    const char *target, struct pos at, struct diag *d)
{
	char *path = mem_strdup(target);
	char *fragment = strchr(path, '#');
	char *resolved, *result = NULL;

	if (fragment)
		*fragment++ = '\0';
	path[strcspn(path, "?")] = '\0';
	if (*path == '\0') {
		check_fragment(l, from, fragment, from, at, d);
		free(path);
		return NULL;
	}
	resolved = *path == '/' ? NULL : url_resolve(from->source, path);
	if (resolved == NULL || strncmp(resolved, "content/", 8) != 0)
		diag_error(d, at, "link: '%s' points outside content/", target);
	else if (is_markdown(resolved))
		result = link_to_page(l, from, resolved, fragment, at, d);
	else if (!content_has_asset(l->hb, resolved))
		diag_error(d, at, "link: no file '%s'", resolved);
	free(resolved);
	free(path);
	return result;
}
