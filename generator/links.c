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
#include "suggest.h"
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
	return pg->index < l->hb->npages && l->hb->order[pg->index] == pg
		       ? (long)pg->index
		       : -1;
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

/* The page's heading id nearest to id, as a typo hint; NULL if none. */
static const char *nearest_id(const struct links *l, const struct page *pg,
			      const char *id)
{
	long i = index_of(l, pg);
	const struct value *ids = i >= 0 ? l->ids[i] : NULL;
	size_t n = ids ? value_len(ids) : 0;
	const char **names = mem_calloc(n + 1, sizeof *names);
	const char *near;

	for (size_t j = 0; j < n; j++)
		names[j] = value_string_of(value_at(ids, j));
	near = suggest_nearest(id, names);
	free(names);
	return near;
}

static void check_fragment(const struct links *l, const struct page *target,
			   const char *id, const struct page *from,
			   struct pos at, struct diag *d)
{
	struct buf hint = BUF_INIT;
	const char *near;

	if (id == NULL || *id == '\0' || has_heading(l, target, id))
		return;
	near = nearest_id(l, target, id);
	if (near)
		buf_printf(&hint, " (did you mean '#%s'?)", near);
	if (target == from)
		diag_error(d, at, "link: no heading '#%s' on this page%s", id,
			   buf_str(&hint));
	else
		diag_error(d, at, "link: no heading '#%s' in '%s'%s", id,
			   target->source, buf_str(&hint));
	buf_release(&hint);
}

/* The link the author probably meant: among the other pages' sources,
 * written relative to from as links are, the one nearest to written;
 * NULL if none is close. */
static char *nearest_page(const struct links *l, const struct page *from,
			  const char *written)
{
	char **links = mem_calloc(l->hb->npages + 1, sizeof *links);
	size_t n = 0;
	const char *near;
	char *result;

	for (size_t i = 0; i < l->hb->npages; i++)
		if (!l->hb->order[i]->generated && l->hb->order[i] != from)
			links[n++] = url_relative(from->source,
						  l->hb->order[i]->source);
	near = suggest_nearest(written, (const char *const *)links);
	result = near ? mem_strdup(near) : NULL;
	for (size_t i = 0; i < n; i++)
		free(links[i]);
	free(links);
	return result;
}

/* Whether resolved is "content/<part>/_index.md" of a part that has no
 * such file (its landing page is generated). */
static bool is_generated_index(const struct links *l, const char *resolved)
{
	const char *slash = strrchr(resolved, '/');
	char *dir;
	bool generated;

	if (slash == NULL || strcmp(slash, "/_index.md") != 0 ||
	    slash <= resolved + 8)
		return false;
	dir = mem_strndup(resolved + 8, (size_t)(slash - resolved - 8));
	generated = content_part(l->hb, dir) != NULL;
	free(dir);
	return generated;
}

/* A link to another page's Markdown source becomes a link to its HTML. */
static char *link_to_page(const struct links *l, const struct page *from,
			  const char *written, const char *resolved,
			  const char *fragment, struct pos at, struct diag *d)
{
	const struct page *target = content_find(l->hb, resolved);
	struct buf url = BUF_INIT;
	char *relative;

	if (target == NULL && content_is_broken(l->hb, resolved))
		return NULL; /* its own errors are reported already */
	if (target == NULL && is_generated_index(l, resolved)) {
		diag_error(d, at,
			   "link: no page '%s': the part has no "
			   "_index.md; link to one of its pages",
			   written);
		return NULL;
	}
	if (target == NULL) {
		char *near = nearest_page(l, from, written);

		if (near)
			diag_error(d, at,
				   "link: no page '%s' (did you mean "
				   "'%s'?)",
				   written, near);
		else
			diag_error(d, at, "link: no page '%s' (there is no %s)",
				   written, resolved);
		free(near);
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

char *links_resolve(const struct page *from, const char *target)
{
	char *path = mem_strndup(target, strcspn(target, "#?"));
	char *resolved = NULL;

	if (*path != '\0' && *path != '/')
		resolved = url_resolve(from->source, path);
	if (resolved && strncmp(resolved, "content/", 8) != 0) {
		free(resolved);
		resolved = NULL;
	}
	free(path);
	return resolved;
}

char *links_rewrite(const struct links *l, const struct page *from,
		    const char *target, struct pos at, struct diag *d)
{
	char *path = mem_strdup(target);
	char *fragment = strchr(path, '#');
	char *resolved, *result = NULL;

	if (fragment) {
		*fragment++ = '\0';
		/* GitHub's copied anchors percent-encode non-ASCII letters
		 * ("#caf%C3%A9"); heading ids hold the letters themselves. */
		url_decode_in_place(fragment);
	}
	path[strcspn(path, "?")] = '\0';
	if (*path == '\0') {
		check_fragment(l, from, fragment, from, at, d);
		free(path);
		return NULL;
	}
	resolved = *path == '/' ? NULL : url_resolve(from->source, path);
	if (resolved && (strcmp(resolved, "content") == 0 ||
			 (strncmp(resolved, "content/", 8) == 0 &&
			  content_part(l->hb, resolved + 8) != NULL)))
		diag_error(d, at,
			   "link: '%s' is a folder; link to a page's "
			   ".md file",
			   target);
	else if (resolved == NULL || strncmp(resolved, "content/", 8) != 0)
		diag_error(d, at, "link: '%s' points outside content/", target);
	else if (content_is_markdown(resolved))
		result = link_to_page(l, from, path, resolved, fragment, at, d);
	else if (!content_has_asset(l->hb, resolved))
		diag_error(d, at, "link: no file '%s' (there is no %s)", path,
			   resolved);
	free(resolved);
	free(path);
	return result;
}
