/*
 * pagerender: one page's work, from its parsed Markdown to its file in the
 * site: plugin blocks, link checks, the template context, the template.
 * A renderer belongs to one render thread (it owns that thread's Lua
 * runtime); what it reads from the site is shared and read-only, or, for
 * assets and output, safe to call from several threads.
 */
#include "pagerender.h"

#include <stdlib.h>
#include <string.h>

#include "anchors.h"
#include "buf.h"
#include "context.h"
#include "file.h"
#include "markdown.h"
#include "mem.h"
#include "plugin.h"
#include "strmap.h"
#include "pluginlist.h"
#include "suggest.h"
#include "yml.h"

/*
 * Each block's output is capped by the plugin runtime (1 MiB), but a page
 * of five thousand blocks held five gigabytes: the page's blocks share a
 * budget too.  The largest real page (a chapter of calculators and
 * quizzes) writes well under a megabyte.
 */
#define PAGE_PLUGIN_OUTPUT (16 << 20)
/*
 * And a build's blocks share one: five thousand blocks of a megabyte over
 * many pages, each page under its own cap, wrote gigabytes to the site and
 * to print.html.  The budget counts the HTML blocks write and the memory
 * the host keeps for them (claimed ids, records), which lives until the
 * build ends; a large real handbook makes a few megabytes of both.
 */
#define BUILD_PLUGIN_BYTES ((size_t)256 << 20)

struct pagerender {
	const struct pagerender_site *site;
	struct plugin_runtime *plugins;
	struct page_job *job;	 /* the page being rendered */
	struct value *page_data; /* what plugins see as ctx.page */
	int next_id;
	struct value *claimed; /* element ids plugins claimed on the page */
	struct strmap *deps;   /* the page's job->deps, as a set */
	size_t plugin_bytes;   /* HTML the page's blocks wrote so far */
	bool plugin_over;      /* and it passed PAGE_PLUGIN_OUTPUT */
	size_t kept;	       /* host memory kept for the page's blocks */
	char **plugin_names;   /* for the hint on a misspelt fence */
	struct markdown_hooks hooks;
};

/* The markdown link hook. */
static char *rewrite_link(void *data, const char *target, struct pos at,
			  struct diag *d)
{
	struct pagerender *w = data;
	char *dep = links_resolve(w->job->page, target);

	if (dep && strmap_get(w->deps, dep) == NULL) {
		value_push(w->job->deps, value_string_take(dep));
		strmap_put(w->deps,
			   value_string_of(value_at(
				   w->job->deps, value_len(w->job->deps) - 1)),
			   w);
	} else {
		free(dep);
	}
	return links_rewrite(w->site->links, w->job->page, target, at, d,
			     w->job->pending);
}

/* prepbook.markdown() for plugins: inline Markdown with the page's links. */
static char *plugin_markdown(const char *text, struct pos at, struct diag *d,
			     void *data)
{
	struct pagerender *w = data;

	return markdown_inline(text, &w->hooks, at, d);
}

/* Records [dir, file] once: what the incremental build publishes again
 * for this page when it does not render it. */
static void add_asset_source(struct value *list, const char *dir,
			     const char *file)
{
	struct value *pair;

	for (size_t i = 0; i < value_len(list); i++) {
		const struct value *p = value_at(list, i);

		if (strcmp(value_string_of(value_at(p, 0)), dir) == 0 &&
		    strcmp(value_string_of(value_at(p, 1)), file) == 0)
			return;
	}
	pair = value_list();
	value_push(pair, value_string(dir));
	value_push(pair, value_string(file));
	value_push(list, pair);
}

/* Publishes the assets a plugin declares and links them from the page. */
static void use_plugin_assets(struct pagerender *w, const char *name,
			      struct pos at, struct diag *d)
{
	const struct value *names = plugin_assets(w->plugins, name, at, d);
	char *dir = file_join(plugin_dir(w->plugins, name), "assets");

	for (size_t i = 0; names && i < value_len(names); i++) {
		const char *file = value_string_of(value_at(names, i));
		const char *site_path =
			assets_publish(w->site->assets, dir, file, at, d);

		if (site_path == NULL)
			continue;
		add_asset_source(w->job->assets, dir, file);
		if (strcmp(file_extension(file), "css") == 0)
			value_push_string_once(w->job->css, site_path);
		else if (strcmp(file_extension(file), "js") == 0)
			value_push_string_once(w->job->js, site_path);
	}
	free(dir);
}

/* A fence whose info string is a plugin's name misspelt (```calculater)
 * would show its YAML as code and build green; a name near a plugin's
 * gets a warning.  Languages (```yaml, ```sh) are far from every plugin
 * name, by suggest_nearest's rule. */
static void warn_near_plugin(struct pagerender *w, const char *name,
			     struct pos at, struct diag *d)
{
	const char *near =
		suggest_nearest(name, (const char *const *)w->plugin_names);

	if (near)
		diag_warning(
			d, at,
			"fenced block '%s' is shown as code: no plugin has "
			"that name (did you mean '%s'?)",
			name, near);
}

/*
 * Adds what a block made to the build's plugin budget; false once the
 * budget is spent.  The block that passes it says so; the blocks after it,
 * on any thread, fail without a message of their own (the build has
 * failed already), so the report stays one line.  Which block passes it
 * first depends on how the threads ran: with -j 1 it is always the same.
 */
static bool charge_build(struct pagerender *w, const char *name, size_t bytes,
			 struct pos at, struct diag *d)
{
	size_t before = atomic_fetch_add(w->site->plugin_total, bytes);

	w->job->plugin_charged += bytes;
	if (before > BUILD_PLUGIN_BYTES)
		return false;
	if (bytes <= BUILD_PLUGIN_BYTES - before)
		return true;
	diag_error(d, at,
		   "%s: the build's plugin blocks made more than %zu MiB of "
		   "HTML and ids together; the limit stops a plugin from "
		   "filling the disk",
		   name, BUILD_PLUGIN_BYTES >> 20);
	return false;
}

/* The markdown block hook: a fence naming a plugin goes to that plugin. */
static int render_block(void *data, const char *name, const char *body,
			struct pos at, struct buf *html, struct diag *d)
{
	struct pagerender *w = data;
	struct plugin_call call = {
		.name = name,
		.at = at,
		.page = w->page_data,
		.site = w->site->site,
		.next_id = &w->next_id,
		.claimed = w->claimed,
		.records = w->job->records,
		.kept = &w->kept,
	};
	struct value *args;
	size_t before, kept_before;
	int status;

	if (!plugin_exists(w->plugins, name)) {
		warn_near_plugin(w, name, at, d);
		return 0;
	}
	/* Spent: the build has failed, and running more blocks would only
	 * make more of what it cannot write. */
	if (atomic_load(w->site->plugin_total) > BUILD_PLUGIN_BYTES)
		return -1;
	args = yml_parse(body, strlen(body),
			 (struct pos){at.file, at.line + 1, at.col}, d);
	if (args == NULL)
		return -1;
	call.args = args;
	before = html->len;
	kept_before = w->kept;
	status = plugin_render(w->plugins, &call, html, d);
	value_free(args);
	if (!charge_build(w, name, html->len - before + w->kept - kept_before,
			  at, d)) {
		buf_truncate(html, before);
		return -1;
	}
	if (status != 0)
		return -1;
	w->plugin_bytes += html->len - before;
	if (w->plugin_bytes > PAGE_PLUGIN_OUTPUT) {
		buf_truncate(html, before);
		/* Said once: the blocks after it fail the same way. */
		if (!w->plugin_over)
			diag_error(d, at,
				   "%s: the page's plugin blocks wrote more "
				   "than %d MiB of HTML together; split the "
				   "page",
				   name, PAGE_PLUGIN_OUTPUT >> 20);
		w->plugin_over = true;
		return -1;
	}
	use_plugin_assets(w, name, at, d);
	return 1;
}

/* The read-only page data a plugin sees as ctx.page. */
static struct value *plugin_page_data(const struct page *pg)
{
	struct value *data =
		pg->front_matter ? value_copy(pg->front_matter) : value_map();

	value_set_string(data, "title", pg->title);
	value_set_string(data, "path", pg->url);
	value_set_string(data, "source", pg->source);
	return data;
}

static const char *layout_of(const struct pagerender_site *b,
			     const struct page *pg, struct diag *d)
{
	const char *fallback = "page";

	if (pg->layout) {
		const struct value *v = value_get(pg->front_matter, "layout");

		if (theme_has(b->theme, pg->layout))
			return pg->layout;
		diag_error(
			d,
			(struct pos){pg->source, value_line(v), value_col(v)},
			"front matter: 'layout' names no template of the "
			"theme: \"%s\"",
			pg->layout);
		return NULL;
	}
	if (pg == b->hb->home && theme_has(b->theme, "home"))
		fallback = "home";
	else if (pg == b->hb->not_found && theme_has(b->theme, "404"))
		fallback = "404";
	else if (pg->part && pg->part->index == pg &&
		 theme_has(b->theme, "part"))
		fallback = "part";
	return fallback;
}

void pagerender_page(struct pagerender *w, struct page_job *job)
{
	const struct pagerender_site *b = w->site;
	struct markdown_output md;
	struct buf html = BUF_INIT, content = BUF_INIT;
	struct context_rendered rendered;
	struct value *ctx;
	const char *layout;
	struct page *pg = job->page;
	struct markdown_doc *doc = NULL;

	w->job = job;
	w->next_id = 0;
	w->plugin_bytes = 0;
	w->plugin_over = false;
	w->kept = 0;
	w->claimed = value_map();
	w->deps = strmap_new();
	w->page_data = plugin_page_data(job->page);
	markdown_output_init(&md);
	if (!pg->generated && content_page_body(job->page, job->diag) == 0)
		doc = markdown_parse(pg->body, pg->body_len, pg->source,
				     pg->body_line);
	if (doc)
		markdown_render(doc, &w->hooks, &md, job->diag);
	markdown_free(doc);
	job->ids = anchors_html_ids(buf_str(&md.html));
	buf_puts(&content, PAGERENDER_CONTENT_START);
	buf_put(&content, buf_str(&md.html), md.html.len);
	buf_puts(&content, PAGERENDER_CONTENT_END);
	rendered = (struct context_rendered){
		.content = buf_str(&content),
		.toc = md.toc,
		.words = md.words,
		.summary = buf_str(&md.summary),
		.css = job->css,
		.js = job->js,
	};
	md.toc = NULL; /* rendered holds it, and context_page takes it */
	ctx = context_page(b->hb, b->config, job->page, &rendered,
			   job->page == b->hb->not_found ? b->not_found_root
							 : NULL,
			   b->nav);
	layout = layout_of(b, job->page, job->diag);
	if (layout && diag_errors(job->diag) == 0 &&
	    theme_render(b->theme, layout, ctx, &html, job->diag) == 0 &&
	    b->output)
		job->io_failed =
			output_write(b->output, job->page->url,
				     content_source_name(job->page),
				     buf_str(&html), html.len, job->diag) != 0;
	value_free(ctx);
	buf_release(&html);
	buf_release(&content);
	markdown_output_release(&md);
	value_free(w->page_data);
	w->page_data = NULL;
	job->claimed = w->claimed; /* the links check reads them later */
	strmap_free(w->deps);
	w->deps = NULL;
	w->claimed = NULL;
}

struct pagerender *pagerender_new(const struct pagerender_site *site)
{
	struct pagerender *w = mem_calloc(1, sizeof *w);
	struct plugin_config pc = {site->plugins_dir,
				   site->builtin_plugins,
				   "plugins",
				   plugin_markdown,
				   w,
				   {0}};

	w->site = site;
	w->plugins = plugin_runtime_new(&pc);
	w->plugin_names =
		pluginlist_read(site->plugins_dir, site->builtin_plugins);
	w->hooks.link = rewrite_link;
	w->hooks.block = render_block;
	w->hooks.data = w;
	return w;
}

void pagerender_free(struct pagerender *w)
{
	if (w == NULL)
		return;
	plugin_runtime_free(w->plugins);
	pluginlist_free(w->plugin_names);
	free(w);
}
