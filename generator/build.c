/*
 * build: the pipeline.  See build.h.
 *
 * Pages are parsed before any is rendered, so every page's heading ids are
 * known when links are checked.  Rendering is independent per page
 * (pagerender.c) and runs on a pool of threads; each worker owns a
 * renderer and so a Lua runtime, each page its own diagnostics, which are
 * appended in reading order at the end, so output and messages never
 * depend on scheduling.
 */
#include "build.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "assets.h"
#include "buf.h"
#include "config.h"
#include "content.h"
#include "datadir.h"
#include "file.h"
#include "links.h"
#include "markdown.h"
#include "mem.h"
#include "output.h"
#include "pagerender.h"
#include "sitefiles.h"
#include "theme.h"

#define MAX_JOBS 32

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
	size_t next;	      /* the next job a worker takes */
	size_t done;
	pthread_mutex_t lock;
};

/* A render thread: its renderer, and the build it takes pages from. */
struct worker {
	struct build *b;
	struct pagerender *renderer;
};

static struct page_job *take_job(struct build *b, bool finished_one)
{
	struct page_job *job = NULL;

	pthread_mutex_lock(&b->lock);
	if (finished_one) {
		b->done++;
		if (b->options->progress)
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
		pagerender_page(w->renderer, job);
		job = take_job(w->b, true);
	}
	return NULL;
}

static int job_count(const struct build *b)
{
	long n = b->options->jobs > 0 ? b->options->jobs
				      : sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		n = 1;
	if (n > MAX_JOBS)
		n = MAX_JOBS;
	if ((size_t)n > b->njobs)
		n = (long)b->njobs;
	return n < 1 ? 1 : (int)n;
}

/* Runs render_page over every page on a pool of threads (the calling
 * thread is one of them). */
static void render_all(struct build *b)
{
	int n = job_count(b);
	struct worker workers[MAX_JOBS];
	pthread_t threads[MAX_JOBS];
	struct pagerender_site shared = {
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
	};

	memset(workers, 0, sizeof workers);
	pthread_mutex_init(&b->lock, NULL);
	for (int i = 0; i < n; i++) {
		workers[i].b = b;
		workers[i].renderer = pagerender_new(&shared);
	}
	for (int i = 1; i < n; i++)
		if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0)
			threads[i] = 0;
	work(&workers[0]);
	for (int i = 1; i < n; i++)
		if (threads[i])
			pthread_join(threads[i], NULL);
	for (int i = 0; i < n; i++)
		pagerender_free(workers[i].renderer);
	pthread_mutex_destroy(&b->lock);
}

/* Parses every page, and claims its URL in the output in reading order:
 * a clash is the later page's error, whichever thread renders first. */
static void parse_pages(struct build *b)
{
	b->njobs = b->hb->npages + (b->hb->not_found != NULL);
	b->jobs = mem_calloc(b->njobs, sizeof *b->jobs);
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
		job->pending = links_pending_new();
		output_claim(b->output, pg->url, content_source_name(pg),
			     job->diag);
		if (pg->generated)
			continue;
		job->doc = markdown_parse(pg->body, pg->body_len, pg->source,
					  pg->body_line);
		links_set_ids(b->links, pg, markdown_heading_ids(job->doc));
	}
}

/* Links to anchors that are no heading wait for every page's rendered
 * ids; they are judged here, into the linking page's diagnostics. */
static void check_pending_links(struct build *b)
{
	for (size_t i = 0; i < b->njobs; i++) {
		links_set_rendered(b->links, b->jobs[i].page, b->jobs[i].ids,
				   b->jobs[i].claimed);
		b->jobs[i].ids = NULL;
	}
	for (size_t i = 0; i < b->njobs; i++)
		links_check_pending(b->links, b->jobs[i].pending,
				    b->jobs[i].diag);
}

static void free_jobs(struct build *b)
{
	for (size_t i = 0; i < b->njobs; i++) {
		markdown_free(b->jobs[i].doc);
		diag_free(b->jobs[i].diag);
		value_free(b->jobs[i].css);
		value_free(b->jobs[i].js);
		links_pending_free(b->jobs[i].pending);
		value_free(b->jobs[i].ids);
		value_free(b->jobs[i].claimed);
	}
	free(b->jobs);
	links_free(b->links);
}

static char *output_path(const struct build_options *o)
{
	const char *out = o->out ? o->out : "site";

	return *out == '/' ? mem_strdup(out) : file_join(o->root, out);
}

/* Everything that is not a page: copied assets and the files a host
 * expects.  Returns 0, or -1 on an I/O error. */
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
	status |= sitefiles_write(b->hb, &b->config, b->theme, o, d);
	return status ? -1 : 0;
}

static char *builtin_plugins_dir(void)
{
	char *data = datadir_find();
	char *dir = data ? file_join(data, "plugins") : NULL;

	free(data);
	return dir;
}

/* Loads config, content and theme.  Returns 0 when rendering may start. */
static int load(struct build *b, struct diag *d)
{
	const struct build_options *o = b->options;

	if (config_load(&b->config, o->root, d) != 0)
		return -1;
	if (o->base_url)
		config_set_base_url(&b->config, o->base_url);
	b->hb = content_load(o->root, &(struct content_options){o->drafts}, d);
	b->theme = theme_load(o->root, b->config.theme, d);
	if (b->hb == NULL || b->theme == NULL)
		return -1;
	b->site = config_site_value(&b->config);
	if (*b->config.base_url) { /* a host serves 404.html at any depth */
		struct buf root = BUF_INIT;

		buf_printf(&root, "%s/", b->config.base_url);
		b->not_found_root = buf_detach(&root);
	}
	b->plugins_dir = file_join(o->root, "plugins");
	b->builtin_plugins = builtin_plugins_dir();
	b->assets = assets_new();
	return 0;
}

static void release(struct build *b)
{
	free_jobs(b);
	assets_free(b->assets);
	value_free(b->site);
	free(b->plugins_dir);
	free(b->builtin_plugins);
	free(b->not_found_root);
	theme_free(b->theme);
	content_free(b->hb);
	config_release(&b->config);
}

/* The output: the real one when the build may still succeed, else one
 * that only checks paths, so that every error is reported either way. */
static struct output *open_output(struct build *b, struct diag *d)
{
	char *out;
	struct output *o;

	if (!b->options->write || diag_errors(d) > 0)
		return output_open_check();
	out = output_path(b->options);
	o = output_open(b->options->root, out, d);
	free(out);
	return o;
}

/* Renders and writes; returns the result of the whole build. */
static enum build_result produce(struct build *b, struct diag *d)
{
	enum build_result result = BUILD_OK;

	b->output = open_output(b, d);
	if (b->output == NULL)
		return BUILD_IO_ERROR;
	parse_pages(b);
	render_all(b);
	check_pending_links(b);
	for (size_t i = 0; i < b->njobs; i++)
		diag_append(d, b->jobs[i].diag);
	if (write_site_files(b, d) != 0)
		result = BUILD_IO_ERROR;
	else if (diag_errors(d) > 0)
		result = BUILD_CONTENT_ERRORS;
	if (result == BUILD_OK && output_commit(b->output, d) != 0)
		result = BUILD_IO_ERROR;
	else if (result != BUILD_OK)
		output_abort(b->output);
	b->output = NULL;
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
	release(&b);
	return result;
}
