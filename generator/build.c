/*
 * build: the pipeline.  See build.h.
 *
 * Two passes over the pages: the first parses each page for its heading
 * ids, so that every page's ids are known when links are checked; the
 * second parses it again and renders it.  Rendering is independent per page
 * (pagerender.c) and runs on a pool of threads; each worker owns a
 * renderer and so a Lua runtime, each page its own diagnostics, which are
 * appended in reading order at the end, so output and messages never
 * depend on scheduling.
 */
#include "build.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assets.h"
#include "book.h"
#include "buf.h"
#include "cache.h"
#include "config.h"
#include "content.h"
#include "context.h"
#include "datadir.h"
#include "file.h"
#include "inputs.h"
#include "links.h"
#include "markdown.h"
#include "mem.h"
#include "navtree.h"
#include "offline.h"
#include "output.h"
#include "pagerender.h"
#include "pool.h"
#include "rebuild.h"
#include "progress.h"
#include "sitefiles.h"
#include "tagpages.h"
#include "theme.h"

/* Bytes of page bodies freed after rendering worth handing back to the
 * system: trimming costs a walk of every memory pool. */
#define TRIM_AFTER (16u << 20)

/* Site-wide files made from every page and kept, as a group, when what
 * they are made from did not change (cache.h). */
enum { GROUP_LISTS, GROUP_PROGRESS, GROUP_BOOK, NGROUPS };

struct group {
	const char *name;
	bool has_key; /* key is known */
	uint64_t key;
	struct output_entry *files; /* what the group produced */
	size_t nfiles;
};

struct build {
	const struct build_options *options;
	struct config config;
	struct handbook *hb;
	struct theme *theme;
	struct assets *assets;
	struct output *output;
	struct value *site;
	struct links *links;
	char *plugins_dir;     /* the handbook's plugins/ */
	char *builtin_plugins; /* prepbook's own, or NULL */
	struct page_job *jobs; /* one per page, in reading order, then
				  the not-found page's */
	size_t njobs;
	char *not_found_root; /* see pagerender_site */
	struct cache *cache;  /* the previous build's, or NULL */
	uint64_t fingerprint; /* rebuild_fingerprint of this build */
	size_t next;	      /* the next job a worker takes */
	size_t done;
	bool reporting; /* the pass that shows progress */
	pthread_mutex_t lock;
	struct progress *progress;    /* the pages' records, once rendered */
	struct group groups[NGROUPS]; /* site-wide files: write_site_files */
	struct value *book_css;	      /* what print.html links, for the book */
	/* A page file was too new to be known by its stat: the cache is
	 * then written anew (cache_write_header). */
	atomic_bool racy_files;
	uint64_t started_ns; /* before any page file was read */
};

/* A pool thread: the build it takes pages from, the pass it runs, and
 * (in the render pass) its own renderer. */
struct worker {
	struct build *b;
	void (*each)(struct worker *w, struct page_job *job);
	struct pagerender *renderer;
};

static struct page_job *take_job(struct build *b, bool finished_one)
{
	struct page_job *job = NULL;

	pthread_mutex_lock(&b->lock);
	if (finished_one) {
		b->done++;
		if (b->options->progress && b->reporting)
			b->options->progress(b->done, b->njobs,
					     b->options->progress_data);
	}
	if (b->next < b->njobs)
		job = &b->jobs[b->next++];
	pthread_mutex_unlock(&b->lock);
	return job;
}

static void *work(void *data)
{
	struct worker *w = data;
	struct page_job *job = take_job(w->b, false);

	while (job) {
		w->each(w, job);
		job = take_job(w->b, true);
	}
	return NULL;
}

static int job_count(const struct build *b)
{
	return pool_threads(b->options->jobs, b->njobs);
}

/* Runs each over every page on a pool of threads (the calling thread is
 * one of them); renderers, when given, are the workers' own. */
static void run_pool(struct build *b,
		     void (*each)(struct worker *w, struct page_job *job),
		     struct pagerender **renderers, int n)
{
	struct worker *workers = mem_calloc((size_t)n, sizeof *workers);

	b->next = b->done = 0;
	for (int i = 0; i < n; i++)
		workers[i] = (struct worker){
			.b = b,
			.each = each,
			.renderer = renderers ? renderers[i] : NULL,
		};
	pool_run(n, work, workers, sizeof *workers);
	free(workers);
}

/*
 * Pass one: every page's heading ids, which the links of every other page
 * are checked against.  The parse is a light one without the GFM
 * extensions, so it needs no lock and runs on every thread at once, and
 * it is thrown away: holding every page's tree until pass two would make
 * memory grow with the handbook, and the render threads parse each page
 * again as they reach it.
 */
static void collect_ids(struct worker *w, struct page_job *job)
{
	struct page *pg = job->page;

	if (pg->generated || rebuild_cached_ids(w->b->cache, job)) {
		links_set_ids(w->b->links, pg, job->heading_ids);
		return;
	}
	if (content_page_body(pg, job->diag) != 0)
		return;
	job->heading_ids = markdown_heading_ids_of(pg->body, pg->body_len);
	links_set_ids(w->b->links, pg, job->heading_ids);
}

static void render_one(struct worker *w, struct page_job *job)
{
	if (!job->keep)
		pagerender_page(w->renderer, job);
}

/* Pass two: renders and writes every page. */
static void render_all(struct build *b)
{
	bool *render = mem_calloc(b->njobs + 1, sizeof *render);
	size_t count = 0;
	int n;
	struct pagerender **renderers;
	struct context_nav *nav;
	struct pagerender_site shared;
	atomic_size_t plugin_total = 0;

	for (size_t i = 0; i < b->njobs; i++) {
		count += render[i] = !b->jobs[i].keep;
		/* The budget is the site's, not this rebuild's. */
		if (b->jobs[i].keep)
			plugin_total += b->jobs[i].plugin_charged;
	}
	if (count == 0) { /* an incremental build with nothing to render */
		free(render);
		return;
	}
	n = job_count(b);
	if ((size_t)n > count)
		n = (int)count;
	renderers = mem_calloc((size_t)n, sizeof *renderers);
	nav = context_nav_new(b->hb, render);
	shared = (struct pagerender_site){
		.nav = nav,
		.hb = b->hb,
		.config = &b->config,
		.theme = b->theme,
		.links = b->links,
		.site = b->site,
		.assets = b->assets,
		.output = b->output,
		.plugins_dir = b->plugins_dir,
		.builtin_plugins = b->builtin_plugins,
		.not_found_root = b->not_found_root,
		.plugin_total = &plugin_total,
	};

	for (int i = 0; i < n; i++)
		renderers[i] = pagerender_new(&shared);
	b->reporting = true;
	run_pool(b, render_one, renderers, n);
	for (int i = 0; i < n; i++)
		pagerender_free(renderers[i]);
	free(renderers);
	context_nav_free(nav);
	free(render);
}

/* Makes a job per page (the not-found page last) and claims each page's
 * URL in reading order, so a clash always blames the same page; then
 * pass one. */
static void parse_pages(struct build *b)
{
	b->njobs = b->hb->npages + (b->hb->not_found != NULL);
	b->jobs = mem_calloc(b->njobs ? b->njobs : 1, sizeof *b->jobs);
	b->links = links_new(b->hb);
	links_set_not_found_root(b->links, b->not_found_root);
	for (size_t i = 0; i < b->njobs; i++) {
		struct page_job *job = &b->jobs[i];
		struct page *pg =
			i < b->hb->npages ? b->hb->order[i] : b->hb->not_found;

		job->page = pg;
		job->diag = diag_new();
		job->css = value_list();
		job->js = value_list();
		job->deps = value_list();
		job->assets = value_list();
		job->pending = links_pending_new();
		output_claim(b->output, pg->url, content_source_name(pg),
			     job->diag);
		job->records = value_list();
	}
	run_pool(b, collect_ids, NULL, job_count(b));
}

/* Links to anchors that are no heading wait for every page's rendered
 * ids; they are judged here, into the linking page's diagnostics. */
static void check_pending_links(struct build *b)
{
	for (size_t i = 0; i < b->njobs; i++) {
		const struct value *ids = b->jobs[i].ids;

		/* The job keeps its own for the build cache. */
		links_set_rendered(b->links, b->jobs[i].page,
				   ids ? value_copy(ids) : NULL,
				   b->jobs[i].claimed);
	}
	for (size_t i = 0; i < b->njobs; i++)
		links_check_pending(b->links, b->jobs[i].pending,
				    b->jobs[i].diag);
}

static void free_jobs(struct build *b)
{
	for (size_t i = 0; b->jobs && i < b->njobs; i++) {
		value_free(b->jobs[i].heading_ids);
		diag_free(b->jobs[i].diag);
		value_free(b->jobs[i].css);
		value_free(b->jobs[i].js);
		value_free(b->jobs[i].deps);
		value_free(b->jobs[i].assets);
		links_pending_free(b->jobs[i].pending);
		value_free(b->jobs[i].ids);
		value_free(b->jobs[i].claimed);
		value_free(b->jobs[i].records);
	}
	free(b->jobs);
	links_free(b->links);
}

static char *output_path(const struct build_options *o)
{
	const char *out = o->out ? o->out : "site";

	return *out == '/' ? mem_strdup(out) : file_join(o->root, out);
}

/* The stylesheets of every page's blocks, each once, in reading order:
 * print.html shows every block. */
static struct value *book_css(const struct build *b)
{
	struct value *css = value_list();

	for (size_t i = 0; i < b->hb->npages; i++)
		for (size_t j = 0; j < value_len(b->jobs[i].css); j++)
			value_push_string_once(
				css,
				value_string_of(value_at(b->jobs[i].css, j)));
	return css;
}

/* Makes the files of a group, or keeps them; either way notes what
 * they are for the cache. */
static int write_group(struct build *b, struct group *g,
		       int (*make)(struct build *b, struct diag *d),
		       struct diag *d)
{
	struct output *o = b->output;
	size_t mark = output_mark(o);
	int status = 0;

	if (!g->has_key || !rebuild_keep_group(b->cache, g->name, g->key, o, d))
		status = make(b, d);
	g->files = output_files_since(o, mark, &g->nfiles);
	return status;
}

/* The files made from the pages' front matter: the sitemap and its kin,
 * the navigation tree and the tag pages. */
static int make_lists(struct build *b, struct diag *d)
{
	struct output *o = b->output;
	int status = 0;

	status |= sitefiles_write(b->hb, &b->config, b->theme, o, d);
	status |= navtree_write(b->hb, o, d);
	status |= tagpages_write(b->hb, &b->config, b->theme, o, d);
	return status ? -1 : 0;
}

/* The progress page, made from the records of the pages' blocks. */
static int make_progress(struct build *b, struct diag *d)
{
	return progress_write(b->progress, b->hb, &b->config, b->theme,
			      b->output, d);
}

/* The files made from the pages' HTML: the search index and print.html. */
static int make_book(struct build *b, struct diag *d)
{
	return book_write(b->hb, &b->config, b->theme, b->book_css,
			  b->options->jobs, b->cache != NULL, b->output, d);
}

/* Everything that is not a page: copied assets, the files a host
 * expects, and those made from every page.  Returns 0, or -1 on an I/O
 * error. */
static int write_site_files(struct build *b, struct diag *d)
{
	struct output *o = b->output;
	int status = 0;

	status |= theme_copy_assets(b->theme, o, d);
	status |= assets_write(b->assets, o, d);
	for (size_t i = 0; i < b->hb->nassets; i++) {
		char *rel = file_join("content", b->hb->assets[i]);
		char *src = file_join(b->options->root, rel);

		status |= output_copy(o, b->hb->assets[i], rel, src, d);
		free(src);
		free(rel);
	}
	sitefiles_check(&b->config, d);
	b->groups[GROUP_LISTS] = (struct group){
		.name = "lists",
		.has_key = true,
		.key = rebuild_pages_key(b->hb, true),
	};
	status |= write_group(b, &b->groups[GROUP_LISTS], make_lists, d);
	b->groups[GROUP_PROGRESS] = (struct group){
		.name = "progress",
		.has_key = true,
		.key = rebuild_pages_key(b->hb, false),
	};
	status |= write_group(b, &b->groups[GROUP_PROGRESS], make_progress, d);
	/* print.html and the search index read pages back (every page, or
	 * after an edit the changed ones) and report nothing of their own:
	 * a failed build would throw them away, and over pages a hostile
	 * plugin filled they took minutes. */
	if (diag_errors(d) == 0) {
		struct group *g = &b->groups[GROUP_BOOK];

		b->book_css = book_css(b);
		*g = (struct group){.name = "book"};
		g->has_key = rebuild_book_key(b->hb, b->book_css, o, &g->key);
		status |= write_group(b, g, make_book, d);
	}
	status |= offline_write_manifest(&b->config, b->theme, o, d);
	/* Last: the service worker lists every other file. */
	status |= offline_write_worker(b->theme, o, d);
	return status ? -1 : 0;
}

/* The cache for the next build; written last, as output_commit moves it
 * last. */
static int write_cache(struct build *b, struct buf *text, struct diag *d)
{
	for (size_t i = 0; i < NGROUPS; i++)
		if (b->groups[i].has_key)
			cache_write_group(text, b->groups[i].name,
					  b->groups[i].key, b->groups[i].files,
					  b->groups[i].nfiles);
	/* A page file too new to be known by its stat needs the cache to
	 * be newer than it: a new file, even with the same bytes.  Its time
	 * is when this build began to read the pages (cache_written_ns). */
	if (output_write_as(b->output, CACHE_FILE, "the build cache",
			    buf_str(text), text->len,
			    atomic_load(&b->racy_files), d) != 0)
		return -1;
	if (output_set_mtime(b->output, CACHE_FILE, b->started_ns) != 0) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "cannot set the time of the build cache: %s",
			   DIAG_STRERROR(errno));
		return -1;
	}
	return 0;
}

/* The build options that change what a page holds, as text for the
 * fingerprint. */
static char *options_text(const struct build *b)
{
	struct buf text = BUF_INIT;

	buf_printf(&text, "drafts=%d base_url=%s", b->options->drafts,
		   b->config.base_url);
	return buf_detach(&text);
}

/* The output: the real one when the build may still succeed, else one
 * that only checks paths, so that every error is reported either way.
 * The real one is in patch mode when the previous build's cache fits
 * this one. */
static struct output *open_output(struct build *b, struct diag *d)
{
	char *out;
	struct output *o;

	if (!b->options->write || diag_errors(d) > 0)
		return output_open_check();
	out = output_path(b->options);
	o = output_open(b->options->root, out, b->cache != NULL, d);
	free(out);
	return o;
}

/* The previous build's cache, when this build writes a site: loaded
 * before the pages, so that those it has with the same bytes need not
 * be held in memory (hold_body). */
static void load_cache(struct build *b)
{
	char *data, *options, *out;

	if (!b->options->write)
		return;
	data = datadir_find();
	options = options_text(b);
	out = output_path(b->options);
	b->fingerprint = rebuild_fingerprint(b->options->root, data, options);
	b->cache = cache_load(out, b->fingerprint);
	free(out);
	free(options);
	free(data);
}

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return file_time_ns(&t);
}

/* content_options.known: a page file whose stat is what the cache says
 * it was when it was read.  One changed less than a second before the
 * build that wrote the cache began to read is read again: an edit
 * within its time stamp's resolution after it was read would have left
 * the same stat. */
static bool known_file(const char *source, const struct content_file_stat *st,
		       struct content_known *k, void *data)
{
	struct build *b = data;
	struct cache_page *e = cache_find(b->cache, source);
	const uint64_t second = 1000000000u;
	uint64_t written = cache_written_ns(b->cache);

	if (e == NULL || !e->has_file || e->front_matter == NULL ||
	    e->file.size != st->size || e->file.mtime_ns != st->mtime_ns ||
	    e->file.ctime_ns != st->ctime_ns || e->file.ino != st->ino ||
	    e->file.dev != st->dev)
		return false;
	if (st->mtime_ns + second >= written ||
	    st->ctime_ns + second >= written) {
		atomic_store(&b->racy_files, true);
		return false;
	}
	*k = (struct content_known){
		.source_hash = e->source_hash,
		.front_matter_hash = e->front_matter_hash,
		.body_len = e->body_len,
		.body_line = e->body_line,
		.front_matter = e->front_matter,
	};
	/* Taken, not copied: each page file is asked about once. */
	e->front_matter = NULL;
	return true;
}

/* content_options.hold_body: a page the cache has with the same bytes
 * is rendered again only when the rest of the handbook changed around
 * it, so its text waits on disk. */
static bool hold_body(const char *source, uint64_t hash, void *data)
{
	const struct cache_page *e = cache_find(data, source);

	return e == NULL || e->source_hash != hash;
}

/* prepbook's own plugins folder, or NULL; reports what inputs_check
 * refuses in it, as in the handbook's. */
static char *builtin_plugins_dir(int *status, struct diag *d)
{
	char *data = datadir_find();
	char *dir = NULL;

	if (data) {
		*status |= inputs_check(data, "plugins", d);
		dir = file_join(data, "plugins");
	}
	free(data);
	return dir;
}

/* Loads config, content and theme.  Returns 0 when rendering may start. */
static int load(struct build *b, struct diag *d)
{
	const struct build_options *o = b->options;
	int plugins;

	if (config_load(&b->config, o->root, d) != 0)
		return -1;
	if (o->base_url)
		config_set_base_url(&b->config, o->base_url);
	load_cache(b);
	b->started_ns = now_ns();
	b->hb = content_load(o->root,
			     &(struct content_options){
				     .drafts = o->drafts,
				     .jobs = o->jobs,
				     .hold_body = b->cache ? hold_body : NULL,
				     .hold_data = b->cache,
				     .known = b->cache ? known_file : NULL,
				     .known_data = b,
			     },
			     d);
	b->theme = theme_load(o->root, b->config.theme, d);
	/* Plugins are read as pages ask for them, so their folders are
	 * checked now, before any is read. */
	plugins = inputs_check(o->root, "plugins", d);
	b->plugins_dir = file_join(o->root, "plugins");
	b->builtin_plugins = builtin_plugins_dir(&plugins, d);
	if (b->hb == NULL || b->theme == NULL || plugins != 0)
		return -1;
	b->site = config_site_value(&b->config);
	if (*b->config.base_url) { /* a host serves 404.html at any depth */
		struct buf root = BUF_INIT;

		buf_printf(&root, "%s/", b->config.base_url);
		b->not_found_root = buf_detach(&root);
	}
	b->assets = assets_new();
	return 0;
}

static void release(struct build *b)
{
	free_jobs(b);
	cache_free(b->cache);
	for (size_t i = 0; i < NGROUPS; i++)
		free(b->groups[i].files);
	value_free(b->book_css);
	progress_free(b->progress);
	assets_free(b->assets);
	value_free(b->site);
	free(b->plugins_dir);
	free(b->builtin_plugins);
	free(b->not_found_root);
	theme_free(b->theme);
	content_free(b->hb);
	config_release(&b->config);
}

/* The records the pages' blocks made, taken in reading order once every
 * page has rendered, and checked across the handbook. */
static void gather_progress(struct build *b, struct diag *d)
{
	b->progress = progress_new();
	for (size_t i = 0; i < b->hb->npages; i++) {
		struct page_job *job = &b->jobs[i];

		progress_add(b->progress, job->page, job->records, job->css,
			     job->js);
		job->records = NULL;
	}
	progress_check(b->progress, b->hb, d);
}

/* Whether a page's file could not be written: an I/O error, which its
 * diagnostics alone would count as the page's. */
static bool pages_io_failed(const struct build *b)
{
	for (size_t i = 0; i < b->njobs; i++)
		if (b->jobs[i].io_failed)
			return true;
	return false;
}

/* Renders and writes; returns the result of the whole build. */
static enum build_result produce(struct build *b, struct diag *d)
{
	enum build_result result = BUILD_OK;
	struct buf cache = BUF_INIT;
	bool writing;

	b->output = open_output(b, d);
	if (b->output == NULL)
		return BUILD_IO_ERROR;
	writing = b->options->write && diag_errors(d) == 0;
	pthread_mutex_init(&b->lock, NULL);
	parse_pages(b);
	rebuild_set_views(b->hb, b->jobs);
	if (b->cache)
		rebuild_plan(b->cache, b->hb, b->jobs, b->output, b->assets);
	render_all(b);
	/* The bodies were read on other threads, into their own memory
	 * pools, which this thread does not draw from: trimmed, their pages
	 * go back to the system instead of adding to the peak. */
	if (content_drop_bodies(b->hb) > TRIM_AFTER)
		malloc_trim(0);
	pthread_mutex_destroy(&b->lock);
	check_pending_links(b);
	/* The cache keeps each page's warnings: taken before they move. */
	if (writing)
		rebuild_write_cache(&cache, b->cache, b->fingerprint, b->hb,
				    b->jobs, b->output);
	for (size_t i = 0; i < b->njobs; i++)
		diag_append(d, b->jobs[i].diag);
	gather_progress(b, d);
	if (write_site_files(b, d) != 0 || pages_io_failed(b))
		result = BUILD_IO_ERROR;
	else if (diag_errors(d) > 0)
		result = BUILD_CONTENT_ERRORS;
	else if (writing && write_cache(b, &cache, d) != 0)
		result = BUILD_IO_ERROR;
	if (result == BUILD_OK && output_commit(b->output, CACHE_FILE, d) != 0)
		result = BUILD_IO_ERROR;
	else if (result != BUILD_OK)
		output_abort(b->output);
	b->output = NULL;
	buf_release(&cache);
	return result;
}

enum build_result build_run(const struct build_options *options, struct diag *d)
{
	struct build b;
	enum build_result result = BUILD_CONTENT_ERRORS;

	memset(&b, 0, sizeof b);
	b.options = options;
	markdown_init();
	/* Content errors do not stop the run here: rendering the pages that
	 * loaded reports their errors too, so one run shows everything. */
	if (load(&b, d) == 0)
		result = produce(&b, d);
	if (options->retained) {
		struct build *kept = mem_alloc(sizeof b);

		*kept = b;
		*options->retained = kept;
	} else {
		release(&b);
	}
	return result;
}
