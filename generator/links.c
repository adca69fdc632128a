/*
 * links: checking and rewriting relative links.  See links.h.  The index
 * of headings is filled before rendering starts and only read while pages
 * render, so render threads share it without locks; what rendering adds
 * (the ids of each page's HTML, its plugins' claims) is recorded by one
 * thread after all of them have finished, and only then are the pending
 * fragments judged.
 */
#include "links.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "anchors.h"
#include "buf.h"
#include "mem.h"
#include "suggest.h"
#include "url.h"

/* GitHub prefixes every id in rendered Markdown with this, and its
 * script follows both "#x" and "#user-content-x"; the site's ids have no
 * prefix, so a link that carries it loses it. */
#define GITHUB_ID_PREFIX "user-content-"

struct links {
	const struct handbook *hb;
	struct anchors *pages; /* reading order, then the not-found page */
	size_t npages;
	char *absolute_root; /* for links from the not-found page, or NULL */
};

/* A fragment to judge once every page is rendered. */
struct pending_fragment {
	const struct page *target;
	const struct page *from;
	char *id;
	struct pos at; /* at.file is the page's source: it outlives this */
	size_t slot;   /* where in the page's diagnostics its error goes */
};

struct links_pending {
	struct pending_fragment *items;
	size_t len, cap;
};

struct links *links_new(const struct handbook *hb)
{
	struct links *l = mem_calloc(1, sizeof *l);

	l->hb = hb;
	l->npages = hb->npages + 1;
	l->pages = mem_calloc(l->npages, sizeof *l->pages);
	return l;
}

void links_free(struct links *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->npages; i++)
		anchors_release(&l->pages[i]);
	free(l->pages);
	free(l->absolute_root);
	free(l);
}

void links_set_not_found_root(struct links *l, const char *root)
{
	free(l->absolute_root);
	l->absolute_root = root ? mem_strdup(root) : NULL;
}

static struct anchors *ids_of(const struct links *l, const struct page *pg)
{
	if (pg == NULL)
		return NULL;
	if (pg->index < l->hb->npages && l->hb->order[pg->index] == pg)
		return &l->pages[pg->index];
	return pg == l->hb->not_found ? &l->pages[l->hb->npages] : NULL;
}

void links_set_ids(struct links *l, const struct page *pg,
		   const struct value *ids)
{
	struct anchors *p = ids_of(l, pg);

	if (p)
		p->headings = ids;
}

void links_set_rendered(struct links *l, const struct page *pg,
			struct value *ids, const struct value *claimed)
{
	struct anchors *p = ids_of(l, pg);

	if (p == NULL) {
		value_free(ids);
		return;
	}
	anchors_release(p);
	p->rendered = ids;
	p->claimed = claimed;
}

/* "on this page" or "in 'content/x.md'", for messages. */
static void put_where(struct buf *out, const struct page *target,
		      const struct page *from)
{
	if (target == from)
		buf_puts(out, "on this page");
	else
		buf_printf(out, "in '%s'", target->source);
}

/* A scenario whose element is missing, or is no plugin's. */
static void report_scenario(const struct links *l, const struct page *target,
			    const char *fragment, const struct page *from,
			    struct pos at, struct diag *d)
{
	const struct anchors *a = ids_of(l, target);
	struct buf where = BUF_INIT;
	size_t len = 0;
	const char *part = anchors_scenario_fault(a, fragment, &len);
	char *element = part ? mem_strndup(part, len) : mem_strdup(fragment);

	put_where(&where, target, from);
	if (anchors_has(a, element))
		diag_error(d, at,
			   "link: '#%s' %s is not a plugin's element, so it "
			   "takes no scenario ('#%s')",
			   element, buf_str(&where), fragment);
	else
		diag_error(d, at,
			   "link: no plugin element '#%s' %s for the "
			   "scenario '#%s'",
			   element, buf_str(&where), fragment);
	free(element);
	buf_release(&where);
}

static void report_fragment(const struct links *l, const struct page *target,
			    const char *id, const struct page *from,
			    struct pos at, struct diag *d)
{
	const struct anchors *a = ids_of(l, target);
	struct buf where = BUF_INIT;
	const char *near;

	if (a == NULL)
		return; /* not a page of this build: reported already */
	if (strchr(id, ':')) {
		report_scenario(l, target, id, from, at, d);
		return;
	}
	put_where(&where, target, from);
	near = anchors_nearest(a, id);
	if (near)
		diag_error(d, at,
			   "link: no heading or anchor '#%s' %s (did you mean "
			   "'#%s'?)",
			   id, buf_str(&where), near);
	else
		diag_error(d, at, "link: no heading or anchor '#%s' %s", id,
			   buf_str(&where));
	buf_release(&where);
}

/* A fragment that names a heading is right at once; any other is judged
 * when the target's rendered ids are known (or now, without pending). */
static void check_fragment(const struct links *l, const struct page *target,
			   const char *id, const struct page *from,
			   struct pos at, struct diag *d,
			   struct links_pending *pending)
{
	struct pending_fragment *f;
	/* "#top" needs no element: HTML scrolls to the page's top for it
	 * (the "indicated part of the document" rule), on GitHub too. */
	const struct anchors *a = ids_of(l, target);

	if (id == NULL || *id == '\0' || strcasecmp(id, "top") == 0 ||
	    (a && anchors_has_heading(a, id)))
		return;
	if (pending == NULL) {
		report_fragment(l, target, id, from, at, d);
		return;
	}
	pending->items = mem_grow(pending->items, &pending->cap,
				  pending->len + 1, sizeof *pending->items);
	f = &pending->items[pending->len++];
	f->target = target;
	f->from = from;
	f->id = mem_strdup(id);
	f->at = at;
	f->slot = diag_count(d);
}

struct links_pending *links_pending_new(void)
{
	return mem_calloc(1, sizeof(struct links_pending));
}

void links_pending_free(struct links_pending *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->len; i++)
		free(p->items[i].id);
	free(p->items);
	free(p);
}

void links_check_pending(const struct links *l, const struct links_pending *p,
			 struct diag *d)
{
	size_t moved = 0;

	for (size_t i = 0; p && i < p->len; i++) {
		const struct pending_fragment *f = &p->items[i];
		const struct anchors *a = ids_of(l, f->target);

		if (a && anchors_has(a, f->id))
			continue;
		report_fragment(l, f->target, f->id, f->from, f->at, d);
		diag_move_last(d, f->slot + moved++);
	}
}

/* The URL from page from to the site path: relative, or absolute from
 * the not-found page when a root is known. */
static char *url_from(const struct links *l, const struct page *from,
		      const char *site_path)
{
	struct buf url = BUF_INIT;

	if (from != l->hb->not_found || l->absolute_root == NULL)
		return url_relative(from->url, site_path);
	buf_printf(&url, "%s%s", l->absolute_root, site_path);
	return buf_detach(&url);
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

/* The part whose landing page resolved names, as "content/<part>/_index.md"
 * or ".../index.md", whichever file it really has; NULL for other paths. */
static const struct part *index_part(const struct links *l,
				     const char *resolved)
{
	const char *slash = strrchr(resolved, '/');
	const struct part *pt;
	char *dir;

	if (slash == NULL || slash <= resolved + 8 ||
	    (strcmp(slash, "/_index.md") != 0 &&
	     strcmp(slash, "/index.md") != 0))
		return NULL;
	dir = mem_strndup(resolved + 8, (size_t)(slash - resolved - 8));
	pt = content_part(l->hb, dir);
	free(dir);
	return pt;
}

/*
 * A link to a file the build left out says why, instead of claiming there
 * is no such file; a page left out for its own errors gets no second
 * error.  Returns whether resolved was left out.
 */
static bool report_left_out(const struct links *l, const char *written,
			    const char *resolved, struct pos at, struct diag *d)
{
	const struct left_out *lo = content_left_out(l->hb, resolved);

	if (lo == NULL)
		return false;
	switch (lo->kind) {
	case LEFT_OUT_ERRORS:
		break;
	case LEFT_OUT_DRAFT:
		diag_error(d, at,
			   "link: '%s' is a draft (draft: true), left out of "
			   "this build; build with --drafts to include it, or "
			   "link to it once it is published",
			   written);
		break;
	case LEFT_OUT_REFUSED:
		/* The refusal's own error says all; its first clause is
		 * enough here. */
		diag_error(d, at,
			   "link: '%s' is not in the site: %s was refused "
			   "(%.*s)",
			   written, lo->source, (int)strcspn(lo->reason, ";:"),
			   lo->reason);
		break;
	}
	return true;
}

/* One link being rewritten: where it is, and where its errors go. */
struct link {
	const struct page *from;
	const char *written;  /* the path as written, without fragment */
	const char *resolved; /* "content/..." */
	const char *fragment; /* decoded, without GitHub's prefix; or NULL */
	struct pos at;
	struct diag *d;
	struct links_pending *pending;
};

/* Says why a link to a page finds none; returns NULL for the caller. */
static char *report_missing_page(const struct links *l, const struct link *k)
{
	const struct part *pt;
	char *near;

	if (report_left_out(l, k->written, k->resolved, k->at, k->d))
		return NULL;
	pt = index_part(l, k->resolved);
	if (pt && pt->index->generated) {
		diag_error(k->d, k->at,
			   "link: no page '%s': the part has no "
			   "_index.md or index.md; link to one of its pages",
			   k->written);
		return NULL;
	}
	if (pt) {
		char *right = url_relative(k->from->source, pt->index->source);

		diag_error(k->d, k->at,
			   "link: no page '%s': the part's landing page is "
			   "'%s'",
			   k->written, right);
		free(right);
		return NULL;
	}
	near = nearest_page(l, k->from, k->written);
	if (near)
		diag_error(k->d, k->at,
			   "link: no page '%s' (did you mean '%s'?)",
			   k->written, near);
	else
		diag_error(k->d, k->at, "link: no page '%s' (there is no %s)",
			   k->written, k->resolved);
	free(near);
	return NULL;
}

/* A link to another page's Markdown source becomes a link to its HTML. */
static char *link_to_page(const struct links *l, const struct link *k)
{
	const struct page *target = content_find(l->hb, k->resolved);
	struct buf url = BUF_INIT;
	char *page_url;

	if (target == NULL)
		return report_missing_page(l, k);
	check_fragment(l, target, k->fragment, k->from, k->at, k->d,
		       k->pending);
	page_url = url_from(l, k->from, target->url);
	buf_puts(&url, page_url);
	if (k->fragment)
		buf_printf(&url, "#%s", k->fragment);
	free(page_url);
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

/* A link to a file that is not a page: copied to the same place, so it
 * stays as written, except from the not-found page. */
static char *link_to_file(const struct links *l, const struct link *k)
{
	if (!content_has_asset(l->hb, k->resolved)) {
		if (!report_left_out(l, k->written, k->resolved, k->at, k->d))
			diag_error(k->d, k->at,
				   "link: no file '%s' (there is no %s)",
				   k->written, k->resolved);
		return NULL;
	}
	if (k->from != l->hb->not_found || l->absolute_root == NULL)
		return NULL;
	return url_from(l, k->from, k->resolved + 8);
}

/* A link within the page: kept, unless it carries GitHub's prefix. */
static char *link_to_fragment(const struct links *l, const struct link *k,
			      const char *written_fragment)
{
	struct buf url = BUF_INIT;

	check_fragment(l, k->from, k->fragment, k->from, k->at, k->d,
		       k->pending);
	if (k->fragment == written_fragment)
		return NULL;
	buf_printf(&url, "#%s", k->fragment);
	return buf_detach(&url);
}

static bool is_folder(const struct links *l, const char *resolved)
{
	return strcmp(resolved, "content") == 0 ||
	       (strncmp(resolved, "content/", 8) == 0 &&
		content_part(l->hb, resolved + 8) != NULL);
}

char *links_rewrite(const struct links *l, const struct page *from,
		    const char *target, struct pos at, struct diag *d,
		    struct links_pending *pending)
{
	char *path = mem_strdup(target);
	char *fragment = strchr(path, '#');
	char *resolved, *result = NULL;
	struct link k = {from, path, NULL, NULL, at, d, pending};

	if (fragment) {
		*fragment++ = '\0';
		/* GitHub's copied anchors percent-encode non-ASCII letters
		 * ("#caf%C3%A9"); heading ids hold the letters themselves. */
		url_decode_in_place(fragment);
		k.fragment = fragment;
		if (strncmp(fragment, GITHUB_ID_PREFIX,
			    strlen(GITHUB_ID_PREFIX)) == 0)
			k.fragment += strlen(GITHUB_ID_PREFIX);
	}
	path[strcspn(path, "?")] = '\0';
	if (*path == '\0') {
		result = link_to_fragment(l, &k, fragment);
		free(path);
		return result;
	}
	resolved = *path == '/' ? NULL : url_resolve(from->source, path);
	k.resolved = resolved;
	if (resolved && is_folder(l, resolved))
		diag_error(d, at,
			   "link: '%s' is a folder; link to a page's "
			   ".md file",
			   target);
	else if (resolved == NULL || strncmp(resolved, "content/", 8) != 0)
		diag_error(d, at, "link: '%s' points outside content/", target);
	else if (content_is_markdown(resolved))
		result = link_to_page(l, &k);
	else
		result = link_to_file(l, &k);
	free(resolved);
	free(path);
	return result;
}
