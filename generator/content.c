/*
 * content: scanning content/ into the page tree.  Invariants: parts,
 * sections and pages are in their final order (weight, then title, then
 * source path, so ties never depend on the file system); a page with
 * errors is left out, never half-filled, and recorded with every other
 * file left out.  Two pages on one URL are the output's to report (see
 * output_claim), with every other path the site would have twice.
 */
#include "content.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "contentfiles.h"
#include "fields.h"
#include "escape.h"
#include "file.h"
#include "hash.h"
#include "mem.h"
#include "pool.h"
#include "yml.h"

static const struct field page_fields[] = {
	{"title", FIELD_STRING, true},	  {"description", FIELD_STRING, false},
	{"weight", FIELD_INTEGER, false}, {"draft", FIELD_BOOL, false},
	{"slug", FIELD_SLUG, false},	  {"toc", FIELD_BOOL, false},
	{"updated", FIELD_DATE, false},	  {"tags", FIELD_STRINGS, false},
	{"layout", FIELD_STRING, false},  {NULL, FIELD_STRING, false},
};

/* Where a page sits, decided from its path before it is read. */
enum page_kind {
	KIND_HOME,
	KIND_TOP,
	KIND_PART_INDEX,
	KIND_PART_PAGE,
	KIND_NOT_FOUND
};

/* A page file the scan found, read later on a pool of threads. */
struct pending {
	char *source; /* "content/p/a.md" */
	char *path;   /* on disk */
	char *dir;    /* its part's folder, "" at the top */
	char *stem;   /* the file name without ".md" */
	enum page_kind kind;
	struct page *page; /* what read_page made of it, or NULL */
	struct diag *d;	   /* its messages: the sink of its entry */
};

struct scan {
	struct handbook *hb;
	const struct content_options *options;
	struct diag *d;	     /* the sink of the entry being scanned */
	struct diag **sinks; /* one per entry, in scan order */
	size_t nsinks, sinks_cap;
	struct pending *pending;
	size_t npending, pending_cap, next_pending;
	pthread_mutex_t lock; /* next_pending, while reading */
	struct part **parts;
	size_t nparts, parts_cap;
	struct page **top;
	size_t ntop, top_cap;
	size_t assets_cap;
	size_t left_out_cap;
};

/* One line of text: where it starts, its length without the line ending
 * and without trailing spaces and tabs, and where the next one starts. */
struct line {
	const char *text;
	size_t len;
	const char *next;
};

static struct line line_at(const char *p, const char *end)
{
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	struct line l = {p, (size_t)((eol ? eol : end) - p),
			 eol ? eol + 1 : end};

	while (l.len > 0 && (p[l.len - 1] == ' ' || p[l.len - 1] == '\t' ||
			     p[l.len - 1] == '\r'))
		l.len--;
	return l;
}

/* "---" (or, closing, "...") alone on its line; trailing spaces and tabs
 * are allowed, as Jekyll and Hugo allow them. */
static bool is_fence(struct line l, bool closing)
{
	return l.len == 3 && (memcmp(l.text, "---", 3) == 0 ||
			      (closing && memcmp(l.text, "...", 3) == 0));
}

/* A line of four or more '-' or '.' at the start of a line, which an
 * author meant as the closing fence: taking it for YAML would run the
 * front matter on into the page's text. */
static bool is_near_fence(struct line l)
{
	if (l.len < 4 || (l.text[0] != '-' && l.text[0] != '.'))
		return false;
	for (size_t i = 1; i < l.len; i++)
		if (l.text[i] != l.text[0])
			return false;
	return true;
}

/* Says why a page does not start with a fence: blank lines above it, or
 * no front matter at all. */
static void report_no_opening(const char *p, const char *end, const char *file,
			      struct diag *d)
{
	int blank = 0;
	struct line l = line_at(p, end);

	while (l.len == 0 && l.next < end) {
		blank++;
		l = line_at(l.next, end);
	}
	if (blank == 1 && is_fence(l, false))
		diag_error(d, (struct pos){file, 1, 1},
			   "front matter must start on the first line: remove "
			   "the blank line above '---'");
	else if (blank > 1 && is_fence(l, false))
		diag_error(d, (struct pos){file, 1, 1},
			   "front matter must start on the first line: remove "
			   "the %d blank lines above '---'",
			   blank);
	else
		diag_error(d, (struct pos){file, 1, 1},
			   "missing front matter: a page starts with a '---' "
			   "line, then at least 'title: ...', then '---'");
}

int content_split(const char *text, size_t len, const char *file,
		  const char **fm, size_t *fm_len, const char **body,
		  int *body_line, struct diag *d)
{
	const char *p = text, *end = text + len;
	struct line l;
	int line = 2;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		p += 3; /* a byte-order mark some editors write */
	l = line_at(p, end);
	if (!is_fence(l, false) || l.next == end) {
		if (is_fence(l, false))
			diag_error(d, (struct pos){file, 1, 1},
				   "front matter is not closed: add a '---' "
				   "line after it");
		else
			report_no_opening(p, end, file, d);
		return -1;
	}
	*fm = l.next;
	for (p = l.next; p < end; p = l.next, line++) {
		l = line_at(p, end);
		if (is_near_fence(l)) {
			diag_error(d, (struct pos){file, line, 1},
				   "front matter: '%.*s' does not close the "
				   "front matter: the closing line is '---' "
				   "alone",
				   (int)(l.len > 20 ? 20 : l.len), l.text);
			return -1;
		}
		if (!is_fence(l, true))
			continue;
		*fm_len = (size_t)(p - *fm);
		*body = l.next;
		*body_line = line + 1;
		return 0;
	}
	diag_error(d, (struct pos){file, 1, 1},
		   "front matter is not closed: add a '---' line after it");
	return -1;
}

/* A folder name as a title: "hidden-challenges" -> "Hidden challenges". */
static char *title_from_name(const char *name)
{
	char *title = mem_strdup(name);

	for (char *p = title; *p; p++)
		if (*p == '-' || *p == '_')
			*p = ' ';
	title[0] = (char)toupper((unsigned char)title[0]);
	return title;
}

static bool bool_field(const struct value *fm, const char *key, bool fallback)
{
	const struct value *v = value_get(fm, key);

	return value_is(v, VALUE_BOOL) ? value_bool_of(v) : fallback;
}

static struct page *page_new(const char *source, const char *path)
{
	struct page *pg = mem_calloc(1, sizeof *pg);

	pg->source = mem_strdup(source);
	pg->path = path ? mem_strdup(path) : NULL;
	pg->description = mem_strdup("");
	pg->updated = mem_strdup("");
	pg->toc = true;
	return pg;
}

void content_page_free(struct page *pg)
{
	if (pg == NULL)
		return;
	free(pg->source);
	free(pg->path);
	free(pg->url);
	free(pg->title);
	free(pg->description);
	free(pg->updated);
	free(pg->layout);
	free(pg->body);
	value_free(pg->front_matter);
	free(pg);
}

/* Copies the checked front matter into the page's fields. */
static void apply_front_matter(struct page *pg, struct value *fm)
{
	const struct value *weight = value_get(fm, "weight");

	pg->front_matter = fm;
	pg->title = mem_strdup(value_get_text(fm, "title", ""));
	free(pg->description);
	pg->description = mem_strdup(value_get_text(fm, "description", ""));
	free(pg->updated);
	pg->updated = mem_strdup(value_get_text(fm, "updated", ""));
	if (value_get(fm, "layout"))
		pg->layout = mem_strdup(value_get_text(fm, "layout", "page"));
	pg->weight = weight ? (long)value_number_of(weight) : 0;
	pg->toc = bool_field(fm, "toc", true);
	pg->draft = bool_field(fm, "draft", false);
}

/* The checks of parsed front matter (fm, owned): the map, or NULL as
 * parse_front_matter says. */
static struct value *check_front_matter(struct value *fm, const char *source,
					struct value **parsed, struct diag *d)
{
	*parsed = NULL;
	if (!value_is(fm, VALUE_MAP)) {
		diag_error(d, (struct pos){source, 2, 1},
			   "front matter: must be 'key: value' lines, got a %s",
			   value_kind_name(value_kind(fm)));
		value_free(fm);
		return NULL;
	}
	if (value_len(fm) == 0)
		value_set_pos(fm, 2, 1);
	if (fields_check(fm, page_fields, "front matter", source, d) > 0) {
		*parsed = fm;
		return NULL;
	}
	return fm;
}

/* Parses front matter text into a checked map; NULL after recording its
 * errors, with the map (if it parsed) in *parsed for what it can still
 * tell (the title). */
static struct value *parse_front_matter(const char *text, size_t len,
					const char *source,
					struct value **parsed, struct diag *d)
{
	struct value *fm = yml_parse(text, len, (struct pos){source, 2, 1}, d);

	*parsed = NULL;
	if (fm == NULL)
		return NULL;
	return check_front_matter(fm, source, parsed, d);
}

/*
 * A page whose front matter has errors (reported) still has a body worth
 * checking: its broken links and plugin blocks are reported in the same
 * run.  None of its front matter is used but a title that is a string;
 * the build fails anyway.
 */
static struct page *broken_page(const char *source, const char *path,
				struct value *parsed)
{
	struct page *pg = page_new(source, path);
	const struct value *title = value_get(parsed, "title");
	const char *name = strrchr(source, '/') + 1;
	char *stem = mem_strndup(name, strlen(name) - 3);

	if (value_is(title, VALUE_STRING))
		pg->title = mem_strdup(value_string_of(title));
	else
		pg->title = title_from_name(stem);
	pg->broken = true;
	value_free(parsed);
	free(stem);
	return pg;
}

/*
 * The installed cmark-gfm (0.29.0.gfm.6) lacks the upstream fix for
 * CVE-2023-37463: a table row of many thousand cells takes its table
 * extension quadratic time, and a 20,000-column table hung a build.  No
 * handbook needs a table wider than this, so a wider row is refused
 * before the page reaches cmark.
 */
#define MAX_TABLE_CELLS 1000

/* The first body line with more than MAX_TABLE_CELLS cell separators, as
 * a 1-based line of the body, or 0. */
static int too_wide_row(const char *body, size_t len)
{
	const char *p = body, *end = body + len;
	int line = 1;

	/* A line of MAX_TABLE_CELLS bytes or fewer cannot hold more bars:
	 * only longer lines are counted. */
	for (; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		int bars = 0;

		if (stop - p > MAX_TABLE_CELLS)
			for (const char *q = p; q < stop; q++)
				if (*q == '|' && ++bars > MAX_TABLE_CELLS)
					return line;
		p = stop + 1;
	}
	return 0;
}

/* The offset of the first control character in the body other than
 * tab, newline, carriage return and form feed (C0, DEL, or C1 as UTF-8
 * C2 80 to C2 9F), and its position in *at (1-based line of the body,
 * byte column); len when there is none.  A
 * page's text has no use for them, and cmark would copy them into the
 * HTML, where they reach a reader's terminal when the page is read as
 * text and break the markup's validity. */
/* Whether a block of bytes may hold a control character: a loop without
 * branches, which the compiler turns into vector instructions, so that
 * the exact search below runs only where it may find one. */
static bool may_hold_control(const unsigned char *p, size_t n)
{
	unsigned suspect = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned c = p[i];

		suspect |= ((c < 0x20) & (c != '\t') & (c != '\n') &
			    (c != '\r') & (c != '\f')) |
			   (c == 0x7f) | (c == 0xc2);
	}
	return suspect != 0;
}

static size_t control_char_at(const char *body, size_t len, struct pos *at)
{
	size_t i = 0;

	/* A block of 64 bytes is searched byte by byte only when it may
	 * hold one (a character that starts in it may end in the next). */
	while (i < len) {
		size_t end = len - i < 64 ? len : i + 64;

		if (end - i == 64 &&
		    !may_hold_control((const unsigned char *)body + i, 64)) {
			i = end;
			continue;
		}
		for (; i < end; i++) {
			unsigned char c = (unsigned char)body[i];

			if (c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
			    escape_control_len(body + i, len - i))
				break;
		}
		if (i < end)
			break;
	}
	if (i < len) { /* its line and column, counted only now */
		int line = 1;
		size_t line_start = 0;

		for (const char *nl = body;
		     (nl = memchr(nl, '\n', i - (size_t)(nl - body))) != NULL;
		     nl++) {
			line++;
			line_start = (size_t)(nl - body) + 1;
		}
		*at = (struct pos){NULL, line, (int)(i - line_start) + 1};
	}
	return i;
}

/* What a page's file is, as the build cache keeps it. */
static struct content_file_stat file_stat_of(const struct stat *st)
{
	return (struct content_file_stat){
		.size = (uint64_t)st->st_size,
		.mtime_ns = file_time_ns(&st->st_mtim),
		.ctime_ns = file_time_ns(&st->st_ctim),
		.ino = (uint64_t)st->st_ino,
		.dev = (uint64_t)st->st_dev,
	};
}

/* A page an earlier build read from the same file (content_options.
 * known): made from what it found, its front matter checked again; NULL
 * when the file is not known, and it must be read. */
static struct page *known_page(const char *source, const char *path,
			       const struct content_options *options,
			       struct diag *d)
{
	struct stat st;
	struct content_file_stat file;
	struct content_known k;
	struct value *fm, *parsed;
	struct page *pg;

	if (options == NULL || options->known == NULL ||
	    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	file = file_stat_of(&st);
	if (!options->known(source, &file, &k, options->known_data))
		return NULL;
	fm = check_front_matter(k.front_matter, source, &parsed, d);
	if (fm) {
		pg = page_new(source, path);
		apply_front_matter(pg, fm);
	} else {
		pg = broken_page(source, path, parsed);
	}
	pg->file = file;
	pg->known = true;
	pg->source_hash = k.source_hash;
	pg->front_matter_hash = k.front_matter_hash;
	pg->body_len = k.body_len;
	pg->body_line = k.body_line;
	return pg;
}

/* Parses a page's file into a page (or takes it from what an earlier
 * build knew of the same file), or records why not and returns NULL:
 * NULL only when the body cannot be told from the front matter. */
static struct page *read_page(const char *source, const char *path,
			      const struct content_options *options,
			      struct diag *d)
{
	struct buf text = BUF_INIT;
	struct stat st;
	const char *fm_text, *body;
	size_t fm_len;
	int body_line;
	struct value *fm, *parsed;
	struct page *pg = NULL;
	struct pos control = {NULL, 0, 0};
	size_t bad;
	int wide;

	pg = known_page(source, path, options, d);
	if (pg)
		return pg;
	if (file_read_stat(path, &text, &st) != 0) {
		diag_error(d, (struct pos){source, 0, 0}, "cannot read: %s",
			   FILE_READ_ERROR(errno));
		goto done;
	}
	if (content_split(buf_str(&text), text.len, source, &fm_text, &fm_len,
			  &body, &body_line, d) != 0)
		goto done;
	fm = parse_front_matter(fm_text, fm_len, source, &parsed, d);
	if (fm) {
		pg = page_new(source, path);
		apply_front_matter(pg, fm);
	} else {
		pg = broken_page(source, path, parsed);
	}
	pg->file = file_stat_of(&st);
	pg->source_hash = hash_bytes(buf_str(&text), text.len, 0);
	pg->front_matter_hash = hash_bytes(fm_text, fm_len, 0);
	pg->body_len = text.len - (size_t)(body - buf_str(&text));
	pg->body_line = body_line;
	bad = control_char_at(body, pg->body_len, &control);
	if (bad < pg->body_len)
		diag_error(d,
			   (struct pos){source, body_line + control.line - 1,
					control.col},
			   "a control character (byte 0x%02x) in the text; "
			   "delete it: pages are text, and it would reach the "
			   "HTML",
			   (unsigned char)body[bad]);
	wide = too_wide_row(body, pg->body_len);
	if (wide > 0) {
		diag_error(d, (struct pos){source, body_line + wide - 1, 1},
			   "a table row with more than %d cells: the Markdown "
			   "library's tables take too long past that (see "
			   "prepbook(1)); split the table",
			   MAX_TABLE_CELLS);
		pg->body_len = 0;
	}
	if (options == NULL || options->hold_body == NULL ||
	    options->hold_body(source, pg->source_hash, options->hold_data))
		pg->body = mem_strndup(body, pg->body_len);
done:
	buf_release(&text);
	return pg;
}

static struct part *find_or_add_part(struct scan *s, const char *dir)
{
	struct part *pt;

	/* A folder's pages are scanned one after another: its part is
	 * almost always the last one made. */
	if (s->nparts > 0 && strcmp(s->parts[s->nparts - 1]->dir, dir) == 0)
		return s->parts[s->nparts - 1];
	for (size_t i = 0; i < s->nparts; i++)
		if (strcmp(s->parts[i]->dir, dir) == 0)
			return s->parts[i];
	pt = mem_calloc(1, sizeof *pt);
	pt->dir = mem_strdup(dir);
	s->parts = mem_grow(s->parts, &s->parts_cap, s->nparts + 1,
			    sizeof *s->parts);
	s->parts[s->nparts++] = pt;
	return pt;
}

/* The URL a page gets from its place and its slug. */
static char *page_url(const struct page *pg, enum page_kind kind,
		      const char *dir, const char *stem)
{
	const char *slug = value_get_text(pg->front_matter, "slug", stem);
	struct buf url = BUF_INIT;

	switch (kind) {
	case KIND_HOME:
		buf_puts(&url, "index.html");
		break;
	case KIND_TOP:
		buf_printf(&url, "%s.html", slug);
		break;
	case KIND_PART_INDEX:
		buf_printf(&url, "%s/index.html", dir);
		break;
	case KIND_PART_PAGE:
		buf_printf(&url, "%s/%s.html", dir, slug);
		break;
	case KIND_NOT_FOUND:
		buf_puts(&url, "404.html");
		break;
	}
	return buf_detach(&url);
}

/* A folder has one landing page: a second (index.md beside _index.md) is
 * an error naming both.  Returns whether pg took the place. */
static bool take_index(struct scan *s, struct page **place, struct page *pg)
{
	if (*place == NULL) {
		*place = pg;
		return true;
	}
	diag_error(s->d, (struct pos){pg->source, 1, 1},
		   "'%s' and '%s' are both the landing page of their folder; "
		   "keep one of them",
		   (*place)->source, pg->source);
	return false;
}

/* Puts pg in its place; false when the place was taken (reported). */
static bool add_page(struct scan *s, struct page *pg, enum page_kind kind,
		     const char *dir)
{
	struct part *pt;

	switch (kind) {
	case KIND_HOME:
		return take_index(s, &s->hb->home, pg);
	case KIND_NOT_FOUND:
		s->hb->not_found = pg;
		return true;
	case KIND_TOP:
		s->top = mem_grow(s->top, &s->top_cap, s->ntop + 1,
				  sizeof *s->top);
		s->top[s->ntop++] = pg;
		return true;
	case KIND_PART_INDEX:
		pt = find_or_add_part(s, dir);
		if (!take_index(s, &pt->index, pg))
			return false;
		pg->part = pt;
		return true;
	case KIND_PART_PAGE:
		pt = find_or_add_part(s, dir);
		pt->pages = mem_grow(pt->pages, &pt->pages_cap, pt->npages + 1,
				     sizeof *pt->pages);
		pt->pages[pt->npages++] = pg;
		pg->part = pt;
		return true;
	}
	return false;
}

static void leave_out(struct scan *s, const char *source,
		      enum left_out_kind kind, const char *reason)
{
	struct handbook *hb = s->hb;
	struct left_out *lo;

	hb->left_out = mem_grow(hb->left_out, &s->left_out_cap,
				hb->nleft_out + 1, sizeof *hb->left_out);
	lo = &hb->left_out[hb->nleft_out++];
	lo->source = mem_strdup(source);
	lo->kind = kind;
	lo->reason = reason ? mem_strdup(reason) : NULL;
}

static void add_asset(struct scan *s, const char *relative)
{
	struct handbook *hb = s->hb;

	hb->assets = mem_grow(hb->assets, &s->assets_cap, hb->nassets + 1,
			      sizeof *hb->assets);
	hb->assets[hb->nassets++] = mem_strdup(relative);
}

static bool is_index_name(const char *name)
{
	return strcmp(name, "_index.md") == 0 || strcmp(name, "index.md") == 0;
}

static enum page_kind kind_of(const char *dir, const char *name)
{
	if (*dir)
		return is_index_name(name) ? KIND_PART_INDEX : KIND_PART_PAGE;
	if (is_index_name(name))
		return KIND_HOME;
	return strcmp(name, "404.md") == 0 ? KIND_NOT_FOUND : KIND_TOP;
}

/* One Markdown file at content/<relative>; dir is its part or "". */
/* Messages from here on go to a new sink, appended to the build's in
 * scan order once the pages have been read in parallel. */
static void begin_entry(struct scan *s)
{
	s->sinks = mem_grow(s->sinks, &s->sinks_cap, s->nsinks + 1,
			    sizeof *s->sinks);
	s->d = s->sinks[s->nsinks++] = diag_new();
}

/* Notes a page file for reading; read_pages reads them all. */
static void scan_page(struct scan *s, const char *relative, const char *dir,
		      const char *name)
{
	struct buf source = BUF_INIT;
	struct pending *p;

	buf_printf(&source, "content/%s", relative);
	s->pending = mem_grow(s->pending, &s->pending_cap, s->npending + 1,
			      sizeof *s->pending);
	p = &s->pending[s->npending++];
	memset(p, 0, sizeof *p);
	p->path = file_join(s->hb->root, buf_str(&source));
	p->source = buf_detach(&source);
	p->dir = mem_strdup(dir);
	p->stem = mem_strndup(name, strlen(name) - 3);
	p->kind = kind_of(dir, name);
	p->d = s->d;
}

/* What scan_page did with a page once read: in scan order, so the model
 * does not depend on which thread read what. */
static void place_page(struct scan *s, struct pending *p)
{
	struct page *pg = p->page;

	s->d = p->d;
	if (pg == NULL)
		leave_out(s, p->source, LEFT_OUT_ERRORS, NULL);
	if (pg && pg->draft && !s->options->drafts) {
		leave_out(s, p->source, LEFT_OUT_DRAFT, NULL);
		content_page_free(pg);
		pg = NULL;
	}
	if (pg) {
		pg->url = page_url(pg, p->kind, p->dir, p->stem);
		if (!add_page(s, pg, p->kind, p->dir)) {
			leave_out(s, p->source, LEFT_OUT_ERRORS, NULL);
			content_page_free(pg);
		}
	}
	free(p->source);
	free(p->path);
	free(p->dir);
	free(p->stem);
}

static void *read_worker(void *data)
{
	struct scan *s = data;

	for (;;) {
		struct pending *p = NULL;

		pthread_mutex_lock(&s->lock);
		if (s->next_pending < s->npending)
			p = &s->pending[s->next_pending++];
		pthread_mutex_unlock(&s->lock);
		if (p == NULL)
			return NULL;
		p->page = read_page(p->source, p->path, s->options, p->d);
	}
}

/*
 * Reads every page the scan found, on as many threads as the build
 * renders with: reading, splitting, parsing front matter and hashing a
 * page are independent, and on a big handbook they are most of what a
 * rebuild with nothing to render does.
 */
static void read_pages(struct scan *s)
{
	pthread_mutex_init(&s->lock, NULL);
	pool_run(pool_threads(s->options->jobs, s->npending), read_worker, s,
		 0);
	pthread_mutex_destroy(&s->lock);
	for (size_t i = 0; i < s->npending; i++)
		place_page(s, &s->pending[i]);
	free(s->pending);
}

const char *content_source_name(const struct page *pg)
{
	return pg->generated ? "a generated landing page" : pg->source;
}

bool content_is_markdown(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* Refuses an entry of content/: an error at it, and a record so that
 * links to it can say why it is missing. */
static void refuse_entry(struct scan *s, const char *relative,
			 const char *message)
{
	struct buf source = BUF_INIT;

	buf_printf(&source, "content/%s", relative);
	diag_error(s->d, (struct pos){buf_str(&source), 0, 0}, "%s", message);
	leave_out(s, buf_str(&source), LEFT_OUT_REFUSED, message);
	buf_release(&source);
}

/* Names become URL path segments as they are, so they keep to what needs
 * no escaping in a link: ASCII letters, digits, '-', '_' and '.', and any
 * non-ASCII letter (browsers take UTF-8 in links). */
static bool is_url_safe_name(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!(*p >= 0x80 || isalnum(*p) || *p == '-' || *p == '_' ||
		      *p == '.'))
			return false;
	return true;
}

/* Why an entry of content/ cannot be used, or NULL when it can. */
static const char *entry_problem(const char *name, enum file_kind kind)
{
	if (kind == FILE_SYMLINK)
		return "symbolic links are not followed in content/ (a link "
		       "could publish any file of the machine); copy the file "
		       "in instead";
	if (kind == FILE_OTHER)
		return "cannot read: not a regular file (a pipe, socket or "
		       "device); only files and folders are read";
	if (strchr(name, ' '))
		return "the name has a space, which does not work in a URL; "
		       "use '-' instead";
	if (!is_url_safe_name(name))
		return "the name has characters that do not work in a URL; "
		       "use letters, digits, '-', '_' and '.'";
	return NULL;
}

/* A file that is not a page: copied as it is, unless of a refused type. */
static void scan_file(struct scan *s, const char *relative, const char *name,
		      const char *disk)
{
	const char *refusal = contentfiles_refusal(name, disk);

	if (refusal)
		refuse_entry(s, relative, refusal);
	else
		add_asset(s, relative);
}

/* Walks content/<relative> (a folder); depth 0 is content/ itself. */
static void scan_dir(struct scan *s, const char *relative, int depth)
{
	char *disk = file_join(s->hb->root, "content");
	char *here = file_join(disk, relative);
	size_t count;
	struct file_entry *entries;

	begin_entry(s);
	entries = file_entries(here, &count);
	if (entries == NULL) {
		diag_error(s->d, (struct pos){"content", 0, 0},
			   "cannot read folder '%s': %s", relative,
			   DIAG_STRERROR(errno));
		count = 0;
	}
	for (size_t i = 0; i < count; i++) {
		const char *name = entries[i].name;
		char *child = file_join(relative, name);
		char *child_disk = file_join(here, name);
		enum file_kind kind = entries[i].kind;
		const char *problem = NULL;

		begin_entry(s);
		if (name[0] != '.')
			problem = entry_problem(name, kind);

		if (name[0] == '.')
			; /* hidden files: editor swap files, .DS_Store */
		else if (problem)
			refuse_entry(s, child, problem);
		else if (kind == FILE_DIR)
			scan_dir(s, child, depth + 1);
		else if (!content_is_markdown(name))
			scan_file(s, child, name, child_disk);
		else if (depth <= 1)
			scan_page(s, child, depth ? relative : "", name);
		else
			refuse_entry(s, child,
				     "pages may be at most one folder deep: "
				     "content/<part>/<page>.md");
		free(child);
		free(child_disk);
	}
	file_entries_free(entries, count);
	free(here);
	free(disk);
}

/* Weight, then title, then the source path: a total order that does not
 * depend on the file system. */
static int compare_order(long wa, const char *ta, const char *sa, long wb,
			 const char *tb, const char *sb)
{
	int c;

	if (wa != wb)
		return wa < wb ? -1 : 1;
	c = strcmp(ta, tb);
	return c ? c : strcmp(sa, sb);
}

static int compare_pages(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a;
	const struct page *y = *(struct page *const *)b;

	return compare_order(x->weight, x->title, x->source, y->weight,
			     y->title, y->source);
}

static const struct page *section_head(const struct section *s)
{
	return s->part ? s->part->index : s->page;
}

static int compare_sections(const void *a, const void *b)
{
	const struct page *x = section_head(a), *y = section_head(b);

	return compare_order(x->weight, x->title, x->source, y->weight,
			     y->title, y->source);
}

/* A part without _index.md gets a landing page that lists its pages. */
static void give_part_an_index(struct part *pt)
{
	struct buf source = BUF_INIT;
	struct page *pg;

	buf_printf(&source, "content/%s/_index.md", pt->dir);
	pg = page_new(buf_str(&source), NULL);
	pg->title = title_from_name(pt->dir);
	pg->url = page_url(pg, KIND_PART_INDEX, pt->dir, "_index");
	pg->generated = true;
	pg->part = pt;
	pt->index = pg;
	buf_release(&source);
}

struct page *content_page_generated(const char *source, const char *url,
				    const char *title)
{
	struct page *pg = page_new(source, NULL);

	pg->title = mem_strdup(title);
	pg->url = mem_strdup(url);
	pg->generated = true;
	return pg;
}

static struct page *generated_home(void)
{
	return content_page_generated("content/index.md", "index.html", "Home");
}

static void arrange(struct scan *s)
{
	struct handbook *hb = s->hb;
	size_t n = 0;

	if (hb->home == NULL)
		hb->home = generated_home();
	hb->nsections = s->nparts + s->ntop;
	hb->sections = mem_calloc(hb->nsections, sizeof *hb->sections);
	for (size_t i = 0; i < s->nparts; i++) {
		struct part *pt = s->parts[i];

		if (pt->index == NULL)
			give_part_an_index(pt);
		pt->title = mem_strdup(pt->index->title);
		pt->weight = pt->index->weight;
		if (pt->npages > 1)
			qsort(pt->pages, pt->npages, sizeof *pt->pages,
			      compare_pages);
		hb->sections[n++].part = pt;
	}
	for (size_t i = 0; i < s->ntop; i++)
		hb->sections[n++].page = s->top[i];
	if (hb->nsections > 1)
		qsort(hb->sections, hb->nsections, sizeof *hb->sections,
		      compare_sections);
}

static void push_order(struct handbook *hb, struct page *pg, size_t *cap)
{
	hb->order = mem_grow(hb->order, cap, hb->npages + 1, sizeof *hb->order);
	hb->order[hb->npages++] = pg;
}

static void link_reading_order(struct handbook *hb)
{
	size_t cap = 0;

	push_order(hb, hb->home, &cap);
	for (size_t i = 0; i < hb->nsections; i++) {
		struct part *pt = hb->sections[i].part;

		if (pt == NULL) {
			push_order(hb, hb->sections[i].page, &cap);
			continue;
		}
		push_order(hb, pt->index, &cap);
		for (size_t j = 0; j < pt->npages; j++)
			push_order(hb, pt->pages[j], &cap);
	}
	for (size_t i = 0; i < hb->npages; i++) {
		hb->order[i]->index = i;
		hb->order[i]->prev = i > 0 ? hb->order[i - 1] : NULL;
		hb->order[i]->next =
			i + 1 < hb->npages ? hb->order[i + 1] : NULL;
	}
}

/* The indexes behind content_find and content_has_asset, so a link costs
 * the same in a handbook of any size. */
static void index_handbook(struct handbook *hb)
{
	hb->by_source = strmap_new();
	hb->asset_set = strmap_new();
	for (size_t i = hb->npages; i-- > 0;)
		if (!hb->order[i]->generated)
			strmap_put(hb->by_source, hb->order[i]->source,
				   hb->order[i]);
	if (hb->not_found)
		strmap_put(hb->by_source, hb->not_found->source, hb->not_found);
	for (size_t i = 0; i < hb->nassets; i++)
		strmap_put(hb->asset_set, hb->assets[i], hb->assets[i]);
}

struct handbook *content_load(const char *root,
			      const struct content_options *options,
			      struct diag *d)
{
	struct handbook *hb = mem_calloc(1, sizeof *hb);
	struct scan s = {.hb = hb, .options = options, .d = d};
	char *dir = file_join(root, "content");
	enum file_kind kind;

	hb->root = mem_strdup(root);
	kind = file_kind(dir);
	if (kind != FILE_DIR) {
		/* A link is not followed here either: content/ as a link
		 * would publish the folder it points at. */
		if (kind == FILE_SYMLINK)
			diag_error(d, (struct pos){"content", 0, 0},
				   "cannot read: %s", FILE_READ_ERROR(ELOOP));
		else
			diag_error(d, (struct pos){"content", 0, 0},
				   "no content folder: a handbook keeps its "
				   "pages in content/");
		free(dir);
		content_free(hb);
		return NULL;
	}
	free(dir);
	scan_dir(&s, "", 0);
	read_pages(&s);
	for (size_t i = 0; i < s.nsinks; i++) {
		diag_append(d, s.sinks[i]);
		diag_free(s.sinks[i]);
	}
	free(s.sinks);
	s.d = d;
	arrange(&s);
	link_reading_order(hb);
	index_handbook(hb);
	free(s.parts);
	free(s.top);
	return hb;
}

void content_free(struct handbook *hb)
{
	if (hb == NULL)
		return;
	for (size_t i = 0; i < hb->npages; i++)
		content_page_free(hb->order[i]);
	if (hb->npages == 0)
		content_page_free(hb->home);
	for (size_t i = 0; i < hb->nsections; i++) {
		struct part *pt = hb->sections[i].part;

		if (pt == NULL)
			continue;
		free(pt->dir);
		free(pt->title);
		free(pt->pages);
		free(pt);
	}
	free(hb->sections);
	free(hb->order);
	for (size_t i = 0; i < hb->nassets; i++)
		free(hb->assets[i]);
	free(hb->assets);
	for (size_t i = 0; i < hb->nleft_out; i++) {
		free(hb->left_out[i].source);
		free(hb->left_out[i].reason);
	}
	free(hb->left_out);
	content_page_free(hb->not_found);
	strmap_free(hb->by_source);
	strmap_free(hb->asset_set);
	free(hb->root);
	free(hb);
}

size_t content_drop_bodies(struct handbook *hb)
{
	size_t freed = 0;

	for (size_t i = 0; i < hb->npages; i++) {
		if (hb->order[i]->body)
			freed += hb->order[i]->body_len;
		free(hb->order[i]->body);
		hb->order[i]->body = NULL;
	}
	return freed;
}

int content_page_body(struct page *pg, struct diag *d)
{
	struct buf text = BUF_INIT;
	const char *fm_text, *body;
	size_t fm_len;
	int body_line, status = -1;

	if (pg->body || pg->generated)
		return 0;
	if (file_read(pg->path, &text) != 0) {
		diag_error(d, (struct pos){pg->source, 0, 0}, "cannot read: %s",
			   FILE_READ_ERROR(errno));
	} else if (hash_bytes(buf_str(&text), text.len, 0) != pg->source_hash) {
		diag_error(d, (struct pos){pg->source, 0, 0},
			   "the file changed during the build; build again");
	} else if (content_split(buf_str(&text), text.len, pg->source, &fm_text,
				 &fm_len, &body, &body_line, d) != 0) {
		/* reported */
	} else if (text.len - (size_t)(body - text.data) != pg->body_len ||
		   body_line != pg->body_line) {
		diag_error(d, (struct pos){pg->source, 0, 0},
			   "the file is not what the build cache says it held; "
			   "delete .prepbook-cache in the output folder and "
			   "build again");
	} else {
		pg->body = mem_strndup(body, pg->body_len);
		status = 0;
	}
	buf_release(&text);
	return status;
}

size_t content_markdown_size(const struct handbook *hb)
{
	size_t n = 0;

	for (size_t i = 0; i < hb->npages; i++)
		n += hb->order[i]->body_len;
	return n;
}

struct page *content_find(const struct handbook *hb, const char *source)
{
	return strmap_get(hb->by_source, source);
}

bool content_has_asset(const struct handbook *hb, const char *source)
{
	return strncmp(source, "content/", 8) == 0 &&
	       strmap_get(hb->asset_set, source + 8) != NULL;
}

const struct left_out *content_left_out(const struct handbook *hb,
					const char *source)
{
	for (size_t i = 0; i < hb->nleft_out; i++) {
		const char *lo = hb->left_out[i].source;
		size_t n = strlen(lo);

		if (strncmp(lo, source, n) == 0 &&
		    (source[n] == '\0' || source[n] == '/'))
			return &hb->left_out[i];
	}
	return NULL;
}

struct part *content_part(const struct handbook *hb, const char *dir)
{
	for (size_t i = 0; i < hb->nsections; i++)
		if (hb->sections[i].part &&
		    strcmp(hb->sections[i].part->dir, dir) == 0)
			return hb->sections[i].part;
	return NULL;
}
