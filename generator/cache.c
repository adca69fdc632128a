/*
 * cache: reading and writing .prepbook-cache.  See cache.h.
 *
 *   prepbook-cache 4 <fingerprint>
 *   page <source> <source_hash> <view_hash> <deps_hash> <out_hash>
 *        <plugin_bytes>
 *   stat <size> <mtime ns> <ctime ns> <inode> <device> <body length>
 *        <body line> <front matter hash>
 *   fm <front matter, as put_value writes a value>
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

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "mem.h"
#include "strmap.h"

#define CACHE_VERSION "prepbook-cache 4"
/* Nested front matter deeper than this is not kept (nor read back). */
#define MAX_DEPTH 32

struct cache {
	struct cache_page *pages;
	size_t len, cap;
	struct strmap *by_source;
	struct cache_group *groups; /* in the file's order; a few */
	size_t ngroups, groups_cap;
	size_t files_cap;    /* of the last group's files, being read */
	char *text;	     /* the file as read: the entries' lines */
	uint64_t written_ns; /* the file's modification time */
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

/* A value as tab-separated fields, in prefix order: its kind, line and
 * column, then a boolean's 0 or 1, a number's exact (hexadecimal) value
 * and text, a string, or a list's count and items, or a map's count and
 * per entry its key, the key's line and column, and its value. */
static void put_value(struct buf *out, const struct value *v)
{
	static const char kinds[] = "NBDSLM";
	enum value_kind k = value_kind(v);

	buf_printf(out, "\t%c\t%d\t%d", kinds[k], value_line(v), value_col(v));
	switch (k) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		buf_puts(out, value_bool_of(v) ? "\t1" : "\t0");
		break;
	case VALUE_NUMBER:
		buf_printf(out, "\t%a", value_number_of(v));
		put_field(out, value_text(v));
		break;
	case VALUE_STRING:
		put_field(out, value_string_of(v));
		break;
	case VALUE_LIST:
		buf_printf(out, "\t%zu", value_len(v));
		for (size_t i = 0; i < value_len(v); i++)
			put_value(out, value_at(v, i));
		break;
	case VALUE_MAP:
		buf_printf(out, "\t%zu", value_len(v));
		for (size_t i = 0; i < value_len(v); i++) {
			put_field(out, value_key_at(v, i));
			buf_printf(out, "\t%d\t%d", value_key_line_at(v, i),
				   value_key_col_at(v, i));
			put_value(out, value_entry_at(v, i));
		}
		break;
	}
}

/* Whether put_value can write v, found depth levels down, so that
 * get_value reads it back the same: it nests no deeper than MAX_DEPTH
 * and no string in it holds a NUL (YAML's "\0"), which a field cannot. */
static bool fits_a_line(const struct value *v, int depth)
{
	bool list = value_is(v, VALUE_LIST);

	if (value_is(v, VALUE_STRING))
		return strlen(value_string_of(v)) == value_len(v);
	if (!list && !value_is(v, VALUE_MAP))
		return true;
	if (depth >= MAX_DEPTH)
		return false;
	for (size_t i = 0; i < value_len(v); i++)
		if (!fits_a_line(list ? value_at(v, i) : value_entry_at(v, i),
				 depth + 1))
			return false;
	return true;
}

/* The lines that let the next build skip reading the file; none for
 * front matter too deep, or with a NUL in a string. */
static void put_file(struct buf *out, const struct cache_page *pg)
{
	const struct content_file_stat *f = &pg->file;

	if (!pg->has_file || pg->front_matter == NULL ||
	    !fits_a_line(pg->front_matter, 0))
		return;
	buf_printf(out,
		   "stat\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
		   "\t%" PRIu64 "\t%zu\t%d",
		   f->size, f->mtime_ns, f->ctime_ns, f->ino, f->dev,
		   pg->body_len, pg->body_line);
	put_hash(out, pg->front_matter_hash);
	buf_puts(out, "\nfm");
	put_value(out, pg->front_matter);
	buf_putc(out, '\n');
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
	put_file(out, pg);
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

static bool parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return *s >= '0' && *s <= '9' && *end == '\0' && errno == 0;
}

static bool parse_int(const char *s, int *v)
{
	uint64_t u;

	if (!parse_u64(s, &u) || u > INT_MAX)
		return false;
	*v = (int)u;
	return true;
}

/* A "stat" line: what the page's file was. */
static bool add_stat(struct cache_page *pg, char **f, size_t n)
{
	struct content_file_stat *st = &pg->file;
	uint64_t body_len = 0;

	pg->has_file = n == 9 && parse_u64(f[1], &st->size) &&
		       parse_u64(f[2], &st->mtime_ns) &&
		       parse_u64(f[3], &st->ctime_ns) &&
		       parse_u64(f[4], &st->ino) && parse_u64(f[5], &st->dev) &&
		       parse_u64(f[6], &body_len) &&
		       parse_int(f[7], &pg->body_line) &&
		       parse_hash(f[8], &pg->front_matter_hash) &&
		       body_len <= st->size && pg->body_line >= 1 &&
		       (uint64_t)pg->body_line <= st->size + 1;
	pg->body_len = (size_t)body_len;
	return pg->has_file;
}

/* Fields being read as a value: the next one, and the end. */
struct fields {
	char **f, **end;
};

static const char *next_field(struct fields *fs)
{
	return fs->f < fs->end ? *fs->f++ : NULL;
}

static bool next_int(struct fields *fs, int *v)
{
	const char *s = next_field(fs);

	return s && parse_int(s, v);
}

static struct value *get_value(struct fields *fs, int depth);

/* The items or entries of a list or map v, as put_value wrote them. */
static bool get_items(struct fields *fs, struct value *v, int depth)
{
	const char *count = next_field(fs);
	uint64_t n;

	if (count == NULL || !parse_u64(count, &n) ||
	    n > (uint64_t)(fs->end - fs->f))
		return false;
	for (uint64_t i = 0; i < n; i++) {
		const char *key = NULL;
		int line = 0, col = 0;
		struct value *item;

		if (value_is(v, VALUE_MAP) &&
		    ((key = next_field(fs)) == NULL || !next_int(fs, &line) ||
		     !next_int(fs, &col)))
			return false;
		item = get_value(fs, depth + 1);
		if (item == NULL)
			return false;
		if (key) {
			if (value_get(v, key)) { /* a map has each key once */
				value_free(item);
				return false;
			}
			value_set(v, key, item);
			value_set_key_pos(v, key, line, col);
		} else {
			value_push(v, item);
		}
	}
	return true;
}

static struct value *get_value(struct fields *fs, int depth)
{
	const char *kind = next_field(fs), *text;
	int line, col;
	struct value *v = NULL;
	bool ok = true;

	if (depth > MAX_DEPTH || kind == NULL || strlen(kind) != 1 ||
	    !next_int(fs, &line) || !next_int(fs, &col))
		return NULL;
	switch (*kind) {
	case 'N':
		v = value_null();
		break;
	case 'B':
		text = next_field(fs);
		ok = text && (strcmp(text, "0") == 0 || strcmp(text, "1") == 0);
		v = value_bool(ok && *text == '1');
		break;
	case 'D':
		text = next_field(fs);
		v = value_number(text ? strtod(text, NULL) : 0);
		text = next_field(fs);
		ok = text != NULL;
		if (ok)
			value_set_source_text(v, text);
		break;
	case 'S':
		text = next_field(fs);
		ok = text != NULL;
		v = value_string(ok ? text : "");
		break;
	case 'L':
		v = value_list();
		ok = get_items(fs, v, depth);
		break;
	case 'M':
		v = value_map();
		ok = get_items(fs, v, depth);
		break;
	default:
		return NULL;
	}
	if (!ok) {
		value_free(v);
		return NULL;
	}
	value_set_pos(v, line, col);
	return v;
}

/* An "fm" line: the page's front matter, after its "stat" line. */
static bool add_front_matter(struct cache_page *pg, char *line)
{
	size_t n = 1;
	char **f;
	struct fields fs;
	bool ok;

	for (const char *p = line; *p; p++)
		n += *p == '\t';
	f = mem_calloc(n, sizeof *f);
	n = split_fields(line, f, n);
	fs = (struct fields){f + 1, f + n};
	ok = pg->has_file && pg->front_matter == NULL;
	if (ok)
		pg->front_matter = get_value(&fs, 0);
	ok = ok && pg->front_matter && fs.f == fs.end &&
	     value_is(pg->front_matter, VALUE_MAP);
	free(f);
	return ok;
}

/* One record into c; false when the line makes no sense. */
static bool read_record(struct cache *c, char *line, struct cache_page **pg)
{
	char *f[10];
	size_t n;

	if (*pg && c->ngroups == 0 && strncmp(line, "fm\t", 3) == 0)
		return add_front_matter(*pg, line);
	n = split_fields(line, f, 10);

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
	else if (strcmp(f[0], "stat") == 0)
		return add_stat(*pg, f, n);
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
	struct stat st;

	if (file_read_stat(path, &text, &st) == 0) {
		c = mem_calloc(1, sizeof *c);
		c->written_ns = file_time_ns(&st.st_mtim);
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

uint64_t cache_written_ns(const struct cache *c)
{
	return c ? c->written_ns : 0;
}

void cache_page_release(struct cache_page *pg)
{
	free(pg->source);
	value_free(pg->front_matter);
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
