/*
 * rebuild: incremental builds.  See rebuild.h.
 */
#include "rebuild.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "file.h"
#include "hash.h"
#include "mem.h"

/* Folds every file under dir into h: its path relative to dir and its
 * bytes, in sorted order, so the hash does not depend on the file
 * system's order.  A link is not followed (file_read refuses one too):
 * themes/ holds themes no build checks, and a link there to a folder
 * above it would make this walk endless. */
static uint64_t hash_tree(const char *dir, const char *rel, uint64_t h)
{
	char *full = *rel ? file_join(dir, rel) : mem_strdup(dir);
	size_t count;
	char **names = file_list(full, &count);

	for (size_t i = 0; names && i < count; i++) {
		char *path =
			*rel ? file_join(rel, names[i]) : mem_strdup(names[i]);
		char *file = file_join(dir, path);
		struct buf bytes = BUF_INIT;

		if (file_kind(file) == FILE_DIR) {
			h = hash_tree(dir, path, h);
		} else if (file_read(file, &bytes) == 0) {
			h = hash_string(path, h);
			h = hash_bytes(buf_str(&bytes), bytes.len, h);
		}
		buf_release(&bytes);
		free(file);
		free(path);
	}
	file_list_free(names, count);
	free(full);
	return h;
}

static uint64_t hash_file(const char *path, uint64_t h)
{
	struct buf bytes = BUF_INIT;

	if (file_read(path, &bytes) == 0)
		h = hash_bytes(buf_str(&bytes), bytes.len, h);
	buf_release(&bytes);
	return h;
}

uint64_t rebuild_fingerprint(const char *root, const char *datadir,
			     const char *options)
{
	const char *const trees[] = {"themes", "plugins"};
	char *config = file_join(root, "handbook.yml");
	uint64_t h = hash_string(PREPBOOK_VERSION, 0);

	h = hash_string(options, h);
	h = hash_file(config, h);
	free(config);
	for (size_t i = 0; i < 2; i++) {
		char *mine = file_join(root, trees[i]);

		h = hash_tree(mine, "", hash_string(trees[i], h));
		free(mine);
		if (datadir != NULL) {
			char *builtin = file_join(datadir, trees[i]);

			h = hash_tree(builtin, "", hash_number(i, h));
			free(builtin);
		}
	}
	return h;
}

/* Moves a list out of a cache entry. */
static struct value *take(struct value **list)
{
	struct value *v = *list;

	*list = NULL;
	return v ? v : value_list();
}

bool rebuild_cached_ids(const struct cache *c, struct page_job *job)
{
	struct cache_page *e = cache_find(c, job->page->source);

	if (e == NULL || job->page->generated ||
	    e->source_hash != job->page->source_hash)
		return false;
	job->heading_ids = take(&e->ids);
	return true;
}

/* What the pages and files a page links to are now: for a page its URL
 * and its file (which decides its headings and the ids its blocks
 * claim), for anything else whether it exists. */
static uint64_t deps_hash(const struct handbook *hb, const struct value *deps)
{
	uint64_t h = 0;

	for (size_t i = 0; deps && i < value_len(deps); i++) {
		const char *dep = value_string_of(value_at(deps, i));
		const struct page *pg = content_find(hb, dep);

		h = hash_string(dep, h);
		if (pg != NULL) {
			h = hash_string(pg->url, h);
			h = hash_number(pg->source_hash, h);
		} else {
			h = hash_number(content_has_asset(hb, dep)  ? 1
					: content_left_out(hb, dep) ? 2
								    : 3,
					h);
		}
	}
	return h;
}

/* Gives a kept page back what rendering it would have given. */
static void replay(struct cache_page *e, struct page_job *job, struct assets *a)
{
	for (size_t i = 0; i < value_len(e->diags); i++) {
		const struct value *r = value_at(e->diags, i);
		const char *file = value_string_of(value_at(r, 1));
		struct pos at = {*file ? file : NULL,
				 atoi(value_string_of(value_at(r, 2))),
				 atoi(value_string_of(value_at(r, 3)))};

		diag_add_text(job->diag, atoi(value_string_of(value_at(r, 0))),
			      at, value_string_of(value_at(r, 4)));
	}
	for (size_t i = 0; i < value_len(e->assets); i++) {
		const struct value *p = value_at(e->assets, i);
		const char *file = value_string_of(value_at(p, 1));
		const char *site_path = assets_publish(
			a, value_string_of(value_at(p, 0)), file,
			(struct pos){job->page->source, 0, 0}, job->diag);

		/* The progress page links what its pages' blocks need. */
		if (site_path && strcmp(file_extension(file), "css") == 0)
			value_push(job->css, value_string(site_path));
		else if (site_path)
			value_push(job->js, value_string(site_path));
	}
	value_free(job->records);
	job->records = take(&e->records);
	value_free(job->deps);
	job->deps = take(&e->deps);
	job->ids = take(&e->anchors);
	job->claimed = value_map();
	for (size_t i = 0; i < value_len(e->claims); i++)
		value_set_bool(job->claimed,
			       value_string_of(value_at(e->claims, i)), true);
	value_free(job->assets);
	job->assets = take(&e->assets);
	job->plugin_charged = (size_t)e->plugin_bytes;
}

void rebuild_set_views(const struct handbook *hb, struct page_job *jobs)
{
	uint64_t *views =
		mem_calloc(hb->npages ? hb->npages : 1, sizeof *views);

	context_view_hashes(hb, views);
	for (size_t i = 0; i < hb->npages; i++)
		jobs[i].view_hash = views[i];
	free(views);
}

size_t rebuild_plan(const struct cache *c, const struct handbook *hb,
		    struct page_job *jobs, struct output *o, struct assets *a)
{
	size_t kept = 0;

	for (size_t i = 0; i < hb->npages; i++) {
		struct page_job *job = &jobs[i];
		struct cache_page *e = cache_find(c, job->page->source);

		if (e == NULL || e->source_hash != job->page->source_hash ||
		    e->view_hash != job->view_hash)
			continue;
		job->deps_hash = deps_hash(hb, e->deps);
		if (e->deps_hash != job->deps_hash ||
		    output_keep(o, job->page->url,
				content_source_name(job->page), e->out_hash,
				job->diag) != 0)
			continue;
		job->keep = true;
		replay(e, job, a);
		kept++;
	}
	return kept;
}

/* A job's diagnostics as cache records (only warnings and notes reach
 * here: a build with errors writes no cache). */
static struct value *diag_records(const struct diag *d)
{
	struct value *list = value_list();
	char number[32];

	for (size_t i = 0; i < diag_count(d); i++) {
		struct diag_item it = diag_item(d, i);
		struct value *r = value_list();

		snprintf(number, sizeof number, "%d", (int)it.severity);
		value_push(r, value_string(number));
		value_push(r, value_string(it.at.file ? it.at.file : ""));
		snprintf(number, sizeof number, "%d", it.at.line);
		value_push(r, value_string(number));
		snprintf(number, sizeof number, "%d", it.at.col);
		value_push(r, value_string(number));
		value_push(r, value_string(it.message));
		value_push(list, r);
	}
	return list;
}

/* The keys of a page's map of claimed ids, as a list. */
static struct value *claim_list(const struct value *claimed)
{
	struct value *list = value_list();

	for (size_t i = 0; i < value_len(claimed); i++)
		value_push(list, value_string(value_key_at(claimed, i)));
	return list;
}

void rebuild_write_cache(struct buf *out, const struct cache *c,
			 uint64_t fingerprint, const struct handbook *hb,
			 const struct page_job *jobs, struct output *o)
{
	cache_write_header(out, fingerprint);
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page_job *job = &jobs[i];
		const struct cache_page *old =
			job->keep ? cache_find(c, job->page->source) : NULL;
		struct cache_page e = {
			.source = job->page->source,
			.source_hash = job->page->source_hash,
			.view_hash = job->view_hash,
			.deps_hash = job->keep ? job->deps_hash
					       : deps_hash(hb, job->deps),
			.ids = job->heading_ids,
			.anchors = job->ids,
			.deps = job->deps,
			.assets = job->assets,
			.records = job->records,
			.plugin_bytes = job->plugin_charged,
			.has_file = !job->page->generated,
			.file = job->page->file,
			.front_matter_hash = job->page->front_matter_hash,
			.body_len = job->page->body_len,
			.body_line = job->page->body_line,
			.front_matter = job->page->front_matter,
		};

		if (job->page->generated)
			continue;
		/* Its lines hold the file's stat: a file read again (touched,
		 * say) needs the new one. */
		if (old && old->lines && job->page->known) {
			buf_put(out, old->lines, old->lines_len);
			continue;
		}
		output_hash(o, job->page->url, &e.out_hash);
		e.diags = diag_records(job->diag);
		e.claims = claim_list(job->claimed);
		cache_write_page(out, &e);
		value_free(e.claims);
		value_free(e.diags);
	}
}

bool rebuild_book_key(const struct handbook *hb, const struct value *css,
		      struct output *o, uint64_t *key)
{
	/* The search index sizes its text files by the Markdown's length
	 * (search_new), which HTML that stays the same does not show. */
	uint64_t h = hash_number(content_markdown_size(hb), 0);

	h = hash_string(hb->home ? hb->home->url : "", h);
	for (size_t i = 0; i < hb->nsections; i++) {
		const struct section *s = &hb->sections[i];

		h = hash_string(s->part ? s->part->index->url : s->page->url,
				hash_number(s->part != NULL, h));
	}
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];
		uint64_t html;

		if (!output_hash(o, pg->url, &html))
			return false;
		h = hash_string(pg->url, hash_number(i, h));
		h = hash_string(pg->title, h);
		h = hash_string(pg->part ? pg->part->title : "", h);
		h = hash_number(pg->part && pg->part->index == pg, h);
		h = hash_number(html, h);
	}
	for (size_t i = 0; i < value_len(css); i++)
		h = hash_string(value_string_of(value_at(css, i)), h);
	*key = h;
	return true;
}

uint64_t rebuild_pages_key(const struct handbook *hb, bool front_matter)
{
	uint64_t h = hash_number(hb->npages, front_matter);

	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];

		h = hash_string(pg->source, h);
		h = hash_number(front_matter ? pg->front_matter_hash
					     : pg->source_hash,
				h);
		h = hash_string(pg->url, h);
		h = hash_string(pg->title, h);
	}
	if (hb->not_found)
		h = hash_number(hb->not_found->source_hash,
				hash_string(hb->not_found->source, h));
	for (size_t i = 0; i < hb->nassets; i++)
		h = hash_string(hb->assets[i], h);
	return h;
}

bool rebuild_keep_group(const struct cache *c, const char *name, uint64_t key,
			struct output *o, struct diag *d)
{
	const struct cache_group *g = cache_group(c, name);

	if (g == NULL || g->key != key)
		return false;
	for (size_t i = 0; i < g->nfiles; i++)
		if (output_keep(o, g->files[i].path, g->files[i].source,
				g->files[i].hash, d) != 0)
			return false;
	return true;
}
