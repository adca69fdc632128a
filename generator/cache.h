/*
 * cache: what the previous build of a site knew about each page, so that
 * a rebuild re-renders only the pages a change touches.  It lives in the
 * site folder as .prepbook-cache (hidden, so no host serves it by name
 * and the service worker never lists it) and is written last by a build
 * that succeeded.
 *
 * A page's entry is reused only when everything its HTML depends on is
 * unchanged:
 *   - the build's fingerprint: prepbook's version, the build's options,
 *     handbook.yml, every theme and plugin file (any change there
 *     invalidates the whole cache);
 *   - the page's own file (source_hash);
 *   - its view of the rest of the handbook (view_hash: the navigation it
 *     shows, its neighbours, its part);
 *   - for each page it links to, that page's URL and file (so a change
 *     to a linked page's headings, or to the ids its blocks claim,
 *     re-renders the pages that link to it).
 * Everything else a page's output depends on is one of these, and the
 * tests rebuild after each kind of change and compare with a clean build.
 *
 * It also keeps groups of site-wide files made from every page (the
 * search index and print.html, made from the pages' HTML; the navigation
 * tree, tag pages and sitemap, made from their front matter; the
 * progress page, made from their files), each with the key of what it
 * was made from, so that a rebuild in which that did not change keeps
 * the group's files instead of making them again.
 *
 * And it keeps what each page's file was (its stat) and held (its front
 * matter, body length and line), so that a rebuild need not read a file
 * whose stat did not change (content_options.known).
 *
 * The file is text, one record a line, fields separated by tabs, with
 * backslash escapes for tab, newline and backslash.  A file that is
 * missing, from another version or damaged is simply not used.
 */
#ifndef PREPBOOK_CACHE_H
#define PREPBOOK_CACHE_H

#include <stdint.h>

#include "buf.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "value.h"

#define CACHE_FILE ".prepbook-cache"

/* One page's entry.  The lists are owned by the entry. */
struct cache_page {
	char *source;	       /* "content/economics/tco.md" */
	uint64_t source_hash;  /* of the page's file */
	uint64_t view_hash;    /* of its view of the handbook */
	uint64_t deps_hash;    /* of the URLs and ids of the pages it links */
	uint64_t out_hash;     /* of the HTML file it was rendered to */
	uint64_t plugin_bytes; /* its blocks' share of the plugin budget */
	struct value *ids;     /* its heading ids, in order */
	struct value *anchors; /* the ids of its rendered HTML */
	struct value *claims;  /* the ids its plugins claimed */
	struct value *deps;    /* sources of the pages it links to */
	struct value *assets;  /* [dir, file] pairs of plugin assets it uses */
	struct value *diags;   /* [severity, file, line, col, message] */
	struct value *records; /* its blocks' ctx.record maps, in order */
	/* What its file was and held when it was read, so that the next
	 * build need not read it again (content_options.known); has_file
	 * is false for an entry without them. */
	bool has_file;
	struct content_file_stat file;
	uint64_t front_matter_hash;
	size_t body_len;
	int body_line;
	struct value *front_matter;
	/* The entry's lines as the file holds them (the cache's memory):
	 * a page kept unchanged is written back as they are, which is
	 * faster than writing its fields again and gives the same bytes. */
	const char *lines;
	size_t lines_len;
};

struct cache;

/* Reads dir/CACHE_FILE; NULL when there is none, or it was written by
 * another fingerprint, or it cannot be read. */
struct cache *cache_load(const char *dir, uint64_t fingerprint);
void cache_free(struct cache *c);

/* The entry of the page with this source, or NULL.  A rebuild moves
 * the lists out of the entries it reuses (they are the job's from then
 * on, and NULL in the entry). */
struct cache_page *cache_find(const struct cache *c, const char *source);

/* Appends the file's first line, then one page's records. */
void cache_write_header(struct buf *out, uint64_t fingerprint);
void cache_write_page(struct buf *out, const struct cache_page *pg);

/* A group of site-wide files the previous build wrote: the key of what
 * they were made from (rebuild.h), and each file's site path, source and
 * hash, as output_keep takes them.  The strings are the cache's. */
struct cache_group {
	char *name;
	uint64_t key;
	struct output_entry *files;
	size_t nfiles;
};

/* The group of that name, or NULL when the cache (or c) has none. */
const struct cache_group *cache_group(const struct cache *c, const char *name);

/* Appends a group's record: its name, its key and the files it produced,
 * after every page's. */
void cache_write_group(struct buf *out, const char *name, uint64_t key,
		       const struct output_entry *files, size_t n);

/* The cache file's modification time, in nanoseconds since the epoch:
 * the build that writes it sets it to when it began to read the pages
 * (output_set_mtime), before any stat the cache holds was taken.  A
 * page file changed less than a second before that may have changed
 * again after it was read with the same stat (a "racy" file, as git
 * calls it), and is read again; the build then writes the cache anew,
 * even with the same bytes, so that its time moves on. */
uint64_t cache_written_ns(const struct cache *c);

/* Frees what an entry owns (not the entry). */
void cache_page_release(struct cache_page *pg);

#endif
