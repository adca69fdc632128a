/*
 * rebuild: incremental builds.  With the previous build's cache (cache.h)
 * it decides which pages must be rendered again, gives the others their
 * heading ids, warnings and assets back without parsing or rendering
 * them, and writes the cache for the next build.
 *
 * The rule (cache.h has the why): a page is kept when the build's
 * fingerprint, its own file, its view of the handbook and the URLs and
 * files of every page it links to are what they were, and the old
 * site still has its file.  A change to a template, a plugin or the
 * config changes the fingerprint and re-renders everything.
 */
#ifndef PREPBOOK_REBUILD_H
#define PREPBOOK_REBUILD_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "cache.h"
#include "content.h"
#include "output.h"
#include "pagerender.h"

/* A hash of everything every page depends on: prepbook's version, the
 * options text (those build options that change output), handbook.yml,
 * and every file under root's themes/ and plugins/ and under the data
 * folder's (datadir may be NULL). */
uint64_t rebuild_fingerprint(const char *root, const char *datadir,
			     const char *options);

/* Pass one's shortcut: when the cache has the page with the same file,
 * sets job->ids from it and returns true; the page need not be parsed. */
bool rebuild_cached_ids(const struct cache *c, struct page_job *job);

/* Sets every job's view_hash (context_view_hashes). */
void rebuild_set_views(const struct handbook *hb, struct page_job *jobs);

/*
 * After pass one and rebuild_set_views: marks every job whose page can be kept
 * (job->keep), keeps its file in o, and replays its cached warnings into
 * job->diag and its plugin assets into a.  Returns how many pages are kept.
 */
size_t rebuild_plan(const struct cache *c, const struct handbook *hb,
		    struct page_job *jobs, struct output *o, struct assets *a);

/* Appends the cache of this build, whose jobs all succeeded, with
 * each page's output hash as o knows it; a kept page's entry is c's
 * (the previous build's cache, or NULL), as it was. */
void rebuild_write_cache(struct buf *out, const struct cache *c,
			 uint64_t fingerprint, const struct handbook *hb,
			 const struct page_job *jobs, struct output *o);

/*
 * The key of everything the book's files (book.h) are made from, once
 * every page is rendered or kept: the home page and the sections, and
 * for each page in reading order its URL, title, part and the hash of its
 * HTML, the length of all their Markdown (which sizes the search
 * index's files), and the plugins' stylesheets css (a list of site
 * paths).  False
 * when some page's hash is not known without reading it (a checking
 * output, or a page that was not written), and then there is no key.
 */
bool rebuild_book_key(const struct handbook *hb, const struct value *css,
		      struct output *o, uint64_t *key);

/* The key of everything the site-wide files made from the pages' files
 * rather than their HTML are made from: every page's source, file hash,
 * URL and title in reading order, and the content files.  With
 * front_matter, the hash of each page's front matter stands for its
 * file's: what the lists of pages show (the navigation tree, the tag
 * pages, the sitemap) comes from there, while the progress page needs
 * the records its blocks make.  The build's fingerprint (theme, plugins,
 * config, options) is the cache's own. */
uint64_t rebuild_pages_key(const struct handbook *hb, bool front_matter);

/* Keeps the previous build's files of the group name (cache.h) when they
 * were made from key: true when every one of them was kept, and then the
 * group need not be made; false when it must be made again (over any
 * file kept before a failure: output_write never writes through a kept
 * file). */
bool rebuild_keep_group(const struct cache *c, const char *name, uint64_t key,
			struct output *o, struct diag *d);

#endif
