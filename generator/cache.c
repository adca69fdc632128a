/*
 * cache: reading and writing .prepbook-cache.  See cache.h.
 *
 *   prepbook-cache 1 <fingerprint>
 *   page <source> <source_hash> <view_hash> <deps_hash> <out_hash>
 *        <plugin_bytes>
 *   id <heading id>
 *   anchor <id in the rendered HTML>
 *   claim <id a plugin claimed>
 *   dep <source of a linked page>
 *   asset <dir> <file>
 *   diag <severity> <file> <line> <col> <message>
 *   record <line> <col>           a block's ctx.record, then its fields:
 *   field <key> <s|n|b> <text>
 *   group <name> <key>            after the pages: a group of files,
 *   file <site path> <hash> <source>   each of them
 */
#include "cache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "mem.h"
#include "strmap.h"

#define CACHE_VERSION "prepbook-cache 3"

struct cache {
	struct cache_page *pages;
	size_t len, cap;
	struct strmap *by_source;
	struct cache_group *groups; /* in the file's order; a few */
	size_t ngroups, groups_cap;
	size_t files_cap; /* of the last group's files, being read */
	char *text;	  /* the file as read: the entries' lines */
};

static void put_field(struct buf *out, const char *s)
{
	buf_putc(out, '\t');
	for (;;) {
		size_t plain = strcspn(s, "\\\t\n");

		buf_put(out, s, plain);
		s += plain;
		if (*s == '\0')
			break;
		buf_putc(out, '\\');
		buf_putc(out, *s == '\t' ? 't' : *s == '\n' ? 'n' : '\\');
		s++;
	}
}

static void put_hash(struct buf *out, uint64_t h)
{
	buf_printf(out, "\t%016" PRIx64, h);
}

void cache_write_header(struct buf *out, uint64_t fingerprint)
{
	buf_puts(out, CACHE_VERSION);
	put_hash(out, fingerprint);
	buf_putc(out, '\n');
}

static void put_list(struct buf *out, const char *kind, const struct value *l)
{
	for (size_t i = 0; l && i < value_len(l); i++) {
		const struct value *item = value_at(l, i);

		buf_puts(out, kind);
		if (value_is(item, VALUE_LIST))
			for (size_t j = 0; j < value_len(item); j++)
				put_field(out,
					  value_string_of(value_at(item, j)));
		else
			put_field(out, value_string_of(item));
		buf_putc(out, '\n');
	}
}

/* Records are flat maps of strings, numbers and booleans (ctx.record
 * allows nothing else), with the position of their block. */
static void put_records(struct buf *out, const struct value *records)
{
	for (size_t i = 0; records && i < value_len(records); i++) {
		const struct value *r = value_at(records, i);

		buf_printf(out, "record\t%d\t%d\n", value_line(r),
			   value_col(r));
		for (size_t j = 0; j < value_len(r); j++) {
			const struct value *v = value_entry_at(r, j);
			const char *type = value_is(v, VALUE_NUMBER) ? "n"
					   : value_is(v, VALUE_BOOL) ? "b"
								     : "s";

			buf_puts(out, "field");
			put_field(out, value_key_at(r, j));
			put_field(out, type);
			put_field(out, value_is(v, VALUE_BOOL)
					       ? (value_bool_of(v) ? "true"
								   : "false")
					       : value_text(v));
			buf_putc(out, '\n');
		}
	}
}

void cache_write_page(struct buf *out, const struct cache_page *pg)
{
	buf_puts(out, "page");
	put_field(out, pg->source);
	put_hash(out, pg->source_hash);
	put_hash(out, pg->view_hash);
	put_hash(out, pg->deps_hash);
	put_hash(out, pg->out_hash);
	put_hash(out, pg->plugin_bytes);
	buf_putc(out, '\n');
	put_list(out, "id", pg->ids);
	put_list(out, "anchor", pg->anchors);
	put_list(out, "claim", pg->claims);
	put_list(out, "dep", pg->deps);
	put_list(out, "asset", pg->assets);
	put_list(out, "diag", pg->diags);
	put_records(out, pg->records);
}

void cache_write_group(struct buf *out, const char *name, uint64_t key,
		       const struct output_entry *files, size_t n)
{
	buf_puts(out, "group");
	put_field(out, name);
	put_hash(out, key);
	buf_putc(out, '\n');
	for (size_t i = 0; i < n; i++) {
		buf_puts(out, "file");
		put_field(out, files[i].path);
		put_hash(out, files[i].hash);
		put_field(out, files[i].source);
		buf_putc(out, '\n');
	}
}

/* Splits a line into its tab-separated fields, unescaping in place. */
static size_t split_fields(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *w = line;

	fields[n++] = w;
	for (char *r = line; *r; r++) {
		if (*r == '\t' && n < max) {
			*w++ = '\0';
			fields[n++] = w;
		} else if (*r == '\\' && r[1]) {
			r++;
			*w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return n;
}

static bool parse_hash(const char *s, uint64_t *h)
{
	char *end;

	*h = strtoull(s, &end, 16);
	return *s != '\0' && *end == '\0';
}

static struct cache_page *add_page(struct cache *c, char **f, size_t n)
{
	struct cache_page *pg;

	if (n != 7)
		return NULL;
	c->pages = mem_grow(c->pages, &c->cap, c->len + 1, sizeof *c->pages);
	pg = &c->pages[c->len++];
	memset(pg, 0, sizeof *pg);
	pg->source = mem_strdup(f[1]);
	pg->ids = value_list();
	pg->anchors = value_list();
	pg->claims = value_list();
	pg->deps = value_list();
	pg->assets = value_list();
	pg->diags = value_list();
	pg->records = value_list();
	if (!parse_hash(f[2], &pg->source_hash) ||
	    !parse_hash(f[3], &pg->view_hash) ||
	    !parse_hash(f[4], &pg->deps_hash) ||
	    !parse_hash(f[5], &pg->out_hash) ||
	    !parse_hash(f[6], &pg->plugin_bytes))
		return NULL;
	return pg;
}

static struct value *list_of(char **f, size_t n)
{
	struct value *l = value_list();

	for (size_t i = 1; i < n; i++)
		value_push(l, value_string(f[i]));
	return l;
}

static struct value *record_of(char **f)
{
	struct value *r = value_map();

	value_set_pos(r, atoi(f[1]), atoi(f[2]));
	return r;
}

/* A "field" line into the last record; false without one. */
static bool add_field(struct value *records, char **f)
{
	size_t n = value_len(records);
	struct value *r = n ? value_at(records, n - 1) : NULL;

	if (r == NULL)
		return false;
	if (strcmp(f[2], "n") == 0)
		value_set_number(r, f[1], strtod(f[3], NULL));
	else if (strcmp(f[2], "b") == 0)
		value_set_bool(r, f[1], strcmp(f[3], "true") == 0);
	else
		value_set_string(r, f[1], f[3]);
	return true;
}

/* A "group" line: a group whose files the next lines list. */
static bool add_group(struct cache *c, char **f)
{
	struct cache_group *g;

	if (cache_group(c, f[1]) != NULL)
		return false;
	c->groups = mem_grow(c->groups, &c->groups_cap, c->ngroups + 1,
			     sizeof *c->groups);
	g = &c->groups[c->ngroups++];
	memset(g, 0, sizeof *g);
	g->name = mem_strdup(f[1]);
	c->files_cap = 0;
	return parse_hash(f[2], &g->key);
}

/* A "file" line of the group being read, the last one. */
static bool add_group_file(struct cache *c, char **f)
{
	struct cache_group *g = &c->groups[c->ngroups - 1];
	struct output_entry *e;

	g->files = mem_grow(g->files, &c->files_cap, g->nfiles + 1,
			    sizeof *g->files);
	e = &g->files[g->nfiles++];
	e->path = mem_strdup(f[1]);
	e->source = mem_strdup(f[3]);
	return parse_hash(f[2], &e->hash);
}

/* One record into c; false when the line makes no sense. */
static bool read_record(struct cache *c, char *line, struct cache_page **pg)
{
	char *f[8];
	size_t n = split_fields(line, f, 8);

	if (strcmp(f[0], "group") == 0 && n == 3)
		return add_group(c, f);
	if (c->ngroups > 0) /* the groups come after the pages */
		return strcmp(f[0], "file") == 0 && n == 4 &&
		       add_group_file(c, f);
	if (strcmp(f[0], "page") == 0)
		return (*pg = add_page(c, f, n)) != NULL;
	if (*pg == NULL)
		return false;
	if (strcmp(f[0], "id") == 0 && n == 2)
		value_push((*pg)->ids, value_string(f[1]));
	else if (strcmp(f[0], "anchor") == 0 && n == 2)
		value_push((*pg)->anchors, value_string(f[1]));
	else if (strcmp(f[0], "claim") == 0 && n == 2)
		value_push((*pg)->claims, value_string(f[1]));
	else if (strcmp(f[0], "dep") == 0 && n == 2)
		value_push((*pg)->deps, value_string(f[1]));
	else if (strcmp(f[0], "asset") == 0 && n == 3)
		value_push((*pg)->assets, list_of(f, n));
	else if (strcmp(f[0], "diag") == 0 && n == 6)
		value_push((*pg)->diags, list_of(f, n));
	else if (strcmp(f[0], "record") == 0 && n == 3)
		value_push((*pg)->records, record_of(f));
	else if (strcmp(f[0], "field") == 0 && n == 4)
		return add_field((*pg)->records, f);
	else
		return false;
	return true;
}

static bool read_header(char *line, uint64_t fingerprint)
{
	char *f[3];
	uint64_t h;

	return split_fields(line, f, 3) == 2 &&
	       strcmp(f[0], CACHE_VERSION) == 0 && parse_hash(f[1], &h) &&
	       h == fingerprint;
}

/* Reads the records of text, which is cut up as they are read; c->text
 * is a copy, which each page's entry points into (cache_page.lines). */
static bool read_cache(struct cache *c, char *text, uint64_t fingerprint)
{
	struct cache_page *pg = NULL;
	char *line = text, *nl;
	bool header = true;

	for (; *line; line = nl + 1) {
		bool first = strncmp(line, "page\t", 5) == 0;

		nl = strchr(line, '\n');
		if (nl == NULL)
			return false; /* cut short */
		*nl = '\0';
		if (header ? !read_header(line, fingerprint)
			   : !read_record(c, line, &pg))
			return false;
		if (first && !header) /* a page's first line */
			pg->lines = c->text + (line - text);
		if (pg && c->ngroups == 0)
			pg->lines_len =
				(size_t)(c->text + (nl + 1 - text) - pg->lines);
		header = false;
	}
	return !header;
}

struct cache *cache_load(const char *dir, uint64_t fingerprint)
{
	char *path = file_join(dir, CACHE_FILE);
	struct buf text = BUF_INIT;
	struct cache *c = NULL;

	if (file_read(path, &text) == 0) {
		c = mem_calloc(1, sizeof *c);
		c->text = mem_strndup(buf_str(&text), text.len);
		if (!read_cache(c, text.data ? text.data : (char *)"",
				fingerprint)) {
			cache_free(c);
			c = NULL;
		}
	}
	if (c != NULL) {
		c->by_source = strmap_new();
		for (size_t i = 0; i < c->len; i++)
			strmap_put(c->by_source, c->pages[i].source,
				   &c->pages[i]);
	}
	buf_release(&text);
	free(path);
	return c;
}

void cache_page_release(struct cache_page *pg)
{
	free(pg->source);
	value_free(pg->ids);
	value_free(pg->anchors);
	value_free(pg->claims);
	value_free(pg->deps);
	value_free(pg->assets);
	value_free(pg->diags);
	value_free(pg->records);
	memset(pg, 0, sizeof *pg);
}

void cache_free(struct cache *c)
{
	if (c == NULL)
		return;
	for (size_t i = 0; i < c->len; i++)
		cache_page_release(&c->pages[i]);
	free(c->pages);
	free(c->text);
	strmap_free(c->by_source);
	for (size_t i = 0; i < c->ngroups; i++) {
		struct cache_group *g = &c->groups[i];

		for (size_t j = 0; j < g->nfiles; j++) {
			free((char *)g->files[j].path);
			free((char *)g->files[j].source);
		}
		free(g->files);
		free(g->name);
	}
	free(c->groups);
	free(c);
}

struct cache_page *cache_find(const struct cache *c, const char *source)
{
	return c ? strmap_get(c->by_source, source) : NULL;
}

const struct cache_group *cache_group(const struct cache *c, const char *name)
{
	for (size_t i = 0; c && i < c->ngroups; i++)
		if (strcmp(c->groups[i].name, name) == 0)
			return &c->groups[i];
	return NULL;
}
