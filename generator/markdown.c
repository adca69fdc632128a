/*
 * markdown: cmark-gfm with the site's tree rewrites.  See markdown.h.
 *
 * Raw HTML is off (authors are strangers sending pull requests), yet plugin
 * output must reach the page.  cmark's safe mode would drop both, so the
 * author's HTML nodes are removed from the tree first, with a warning, and
 * the document is rendered in unsafe mode: the only HTML left in the tree
 * is then HTML this program put there.  Link URLs get the same scheme
 * filter safe mode would have applied.
 */
#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "escape.h"
#include "highlight.h"
#include "mem.h"
#include "slug.h"
#include "url.h"

#define MARKDOWN_OPTIONS (CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8)

static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tasklist", NULL,
};

struct markdown_doc {
	cmark_parser *parser; /* kept: it owns the extension list */
	cmark_node *root;
	const char *file;
	int line_offset;  /* file line = cmark line + line_offset */
	const char *text; /* the body parsed (borrowed: outlives doc) */
	size_t len;
	size_t *line_starts; /* offset of each line in text, line 1 first */
	size_t nlines;
	struct value *ids; /* heading ids in document order */
};

void markdown_init(void)
{
	cmark_gfm_core_extensions_ensure_registered();
}

static cmark_parser *new_parser(void)
{
	cmark_parser *parser = cmark_parser_new(MARKDOWN_OPTIONS);

	for (const char *const *name = extension_names; *name; name++) {
		cmark_syntax_extension *ext =
			cmark_find_syntax_extension(*name);

		if (ext)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	return parser;
}

/* Where each line of the body starts, found once per page: a page with
 * many links or blocks asks for a position each, and scanning from the
 * first line every time made such a page quadratic. */
static void index_lines(struct markdown_doc *doc)
{
	size_t cap = 0;
	const char *p = doc->text, *end = doc->text + doc->len;

	for (;;) {
		doc->line_starts = mem_grow(doc->line_starts, &cap,
					    doc->nlines + 1, sizeof(size_t));
		doc->line_starts[doc->nlines++] = (size_t)(p - doc->text);
		p = p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		if (p == NULL)
			break;
		p++;
	}
}

/* cmark counts columns in bytes; diagnostics count characters, as YAML
 * and template messages do and as an editor shows them.  Converts byte
 * column col of cmark line line by counting the UTF-8 lead bytes before
 * it. */
static int char_column(const struct markdown_doc *doc, int line, int col)
{
	const char *end = doc->text + doc->len;
	const char *p = line >= 1 && (size_t)line <= doc->nlines
				? doc->text + doc->line_starts[line - 1]
				: end;
	int chars = 1;

	for (int b = 1; b < col && p < end && *p != '\n'; b++, p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			chars++;
	return chars;
}

static struct pos node_pos(const struct markdown_doc *doc, cmark_node *node)
{
	struct pos p = {doc->file, 0, 0};
	int line = cmark_node_get_start_line(node);

	if (line > 0) {
		p.line = line + doc->line_offset;
		p.col = char_column(doc, line,
				    cmark_node_get_start_column(node));
	}
	return p;
}

/* The text a reader sees in a node, as GitHub takes it for an id. */
static void plain_text(cmark_node *node, struct buf *out)
{
	cmark_event_type ev;
	cmark_iter *it = cmark_iter_new(node);

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE)
			buf_puts(out, cmark_node_get_literal(n));
		else if (type == CMARK_NODE_SOFTBREAK ||
			 type == CMARK_NODE_LINEBREAK)
			buf_putc(out, ' ');
	}
	cmark_iter_free(it);
}

static bool id_taken(const char *id, void *data)
{
	const struct value *ids = data;

	for (size_t i = 0; i < value_len(ids); i++)
		if (strcmp(value_string_of(value_at(ids, i)), id) == 0)
			return true;
	return false;
}

/* GitHub's rule: the slug of the heading's text, de-duplicated. */
static char *unique_id(struct value *ids, const char *text)
{
	char *base = slug_github(text);
	char *id;

	if (*base == '\0') {
		/* GitHub leaves such a heading without a usable anchor; an id
		 * must not be empty, so it gets a neutral one. */
		free(base);
		base = mem_strdup("section");
	}
	id = slug_unique(base, id_taken, ids);
	free(base);
	return id;
}

static void collect_heading_ids(cmark_node *root, struct value *ids)
{
	cmark_event_type ev;
	cmark_iter *it = cmark_iter_new(root);
	struct buf text = BUF_INIT;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		buf_reset(&text);
		plain_text(n, &text);
		value_push(ids,
			   value_string_take(unique_id(ids, buf_str(&text))));
	}
	buf_release(&text);
	cmark_iter_free(it);
}

/*
 * cmark-gfm 0.29 keeps the inline parser's table of special characters in
 * one process-wide array, which every parser with extensions rewrites as
 * it starts and finishes (github/cmark-gfm#176).  Two parses at once on
 * two threads corrupt each other: "~~x~~" stays plain text at random.
 * The table is touched only while inlines are processed, which
 * cmark_parser_finish does; feeding (the block structure) needs no lock,
 * so that part of every parse runs in parallel.  It is the library's
 * global state being guarded, not ours: a static lock is the honest shape
 * for it.
 */
static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;

struct markdown_doc *markdown_parse(const char *body, size_t len,
				    const char *file, int first_line)
{
	struct markdown_doc *doc = mem_calloc(1, sizeof *doc);

	doc->parser = new_parser();
	cmark_parser_feed(doc->parser, body, len);
	pthread_mutex_lock(&parse_lock);
	doc->root = cmark_parser_finish(doc->parser);
	pthread_mutex_unlock(&parse_lock);
	doc->file = file;
	doc->line_offset = first_line - 1;
	doc->text = body;
	doc->len = len;
	index_lines(doc);
	doc->ids = value_list();
	collect_heading_ids(doc->root, doc->ids);
	return doc;
}

/*
 * A parser without the GFM extensions, for heading ids alone: it never
 * touches the special-character table (so it takes no lock and runs on
 * every thread at once), and the extensions change no heading's text
 * as the slug sees it (strikethrough's tildes and an autolink's
 * punctuation are dropped by the slug rule either way, and tables and
 * task lists are blocks of their own).  test_markdown pins that both
 * parsers give the same ids.
 */
struct value *markdown_heading_ids_of(const char *body, size_t len)
{
	cmark_parser *parser = cmark_parser_new(MARKDOWN_OPTIONS);
	struct value *ids = value_list();
	cmark_node *root;

	cmark_parser_feed(parser, body, len);
	root = cmark_parser_finish(parser);
	collect_heading_ids(root, ids);
	cmark_node_free(root);
	cmark_parser_free(parser);
	return ids;
}

void markdown_free(struct markdown_doc *doc)
{
	if (doc == NULL)
		return;
	cmark_node_free(doc->root);
	cmark_parser_free(doc->parser);
	free(doc->line_starts);
	value_free(doc->ids);
	free(doc);
}

const struct value *markdown_heading_ids(const struct markdown_doc *doc)
{
	return doc->ids;
}

void markdown_output_init(struct markdown_output *out)
{
	buf_init(&out->html);
	buf_init(&out->text);
	buf_init(&out->summary);
	out->toc = value_list();
	out->words = 0;
}

void markdown_output_release(struct markdown_output *out)
{
	buf_release(&out->summary);
	buf_release(&out->html);
	buf_release(&out->text);
	value_free(out->toc);
	out->toc = NULL;
}

/* Collects the nodes of the given types first, because the rewrites below
 * unlink and replace nodes, which an iterator must not see happen. */
static cmark_node **nodes_of(cmark_node *root, const cmark_node_type *types,
			     size_t *count)
{
	cmark_node **nodes = NULL;
	size_t cap = 0, n = 0;
	cmark_event_type ev;
	cmark_iter *it = cmark_iter_new(root);

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_EXIT)
			continue;
		for (const cmark_node_type *t = types; *t; t++)
			if (cmark_node_get_type(node) == *t) {
				nodes = mem_grow(nodes, &cap, n + 1,
						 sizeof *nodes);
				nodes[n++] = node;
			}
	}
	cmark_iter_free(it);
	*count = n;
	return nodes;
}

static bool is_comment(const char *html)
{
	while (*html == ' ' || *html == '\t' || *html == '\n')
		html++;
	return strncmp(html, "<!--", 4) == 0;
}

/* Removes the author's HTML; comments go silently, anything else with a
 * warning that quotes its first line. */
static void remove_raw_html(struct markdown_doc *doc, struct diag *d)
{
	static const cmark_node_type types[] = {CMARK_NODE_HTML_BLOCK,
						CMARK_NODE_HTML_INLINE, 0};
	size_t n;
	cmark_node **nodes = nodes_of(doc->root, types, &n);

	for (size_t i = 0; i < n; i++) {
		const char *html = cmark_node_get_literal(nodes[i]);
		int shown = (int)strcspn(html, "\n");

		if (d && !is_comment(html))
			diag_warning(d, node_pos(doc, nodes[i]),
				     "raw HTML is not rendered: '%.*s'; write "
				     "Markdown, or use a plugin block",
				     shown > 40 ? 40 : shown, html);
		cmark_node_free(nodes[i]);
	}
	free(nodes);
}

static void rewrite_links(struct markdown_doc *doc,
			  const struct markdown_hooks *hooks, struct diag *d)
{
	static const cmark_node_type types[] = {CMARK_NODE_LINK,
						CMARK_NODE_IMAGE, 0};
	size_t n;
	cmark_node **nodes = nodes_of(doc->root, types, &n);

	for (size_t i = 0; i < n; i++) {
		const char *url = cmark_node_get_url(nodes[i]);
		bool image = cmark_node_get_type(nodes[i]) == CMARK_NODE_IMAGE;
		char *rewritten;

		if (url == NULL || *url == '\0')
			continue;
		if (!url_is_allowed(url, image)) {
			diag_error(
				d, node_pos(doc, nodes[i]),
				"link: unsafe URL '%.60s%s'; links may be "
				"relative or use http, https, mailto, tel or "
				"ftp",
				url, strlen(url) > 60 ? "..." : "");
			cmark_node_set_url(nodes[i], "");
			continue;
		}
		if (url_lacks_host(url)) {
			diag_error(d, node_pos(doc, nodes[i]),
				   "link: '%.60s%s' names no host; write "
				   "https://host/path, or a relative link",
				   url, strlen(url) > 60 ? "..." : "");
			continue;
		}
		if (url_has_scheme(url) || hooks == NULL || hooks->link == NULL)
			continue;
		rewritten = hooks->link(hooks->data, url,
					node_pos(doc, nodes[i]), d);
		if (rewritten)
			cmark_node_set_url(nodes[i], rewritten);
		free(rewritten);
	}
	free(nodes);
}

/* An image's alt text is what a screen reader says and what shows when
 * the image does not load; an image without one is a warning (an error
 * under --strict). */
static void check_alt_text(struct markdown_doc *doc, struct diag *d)
{
	static const cmark_node_type types[] = {CMARK_NODE_IMAGE, 0};
	size_t n;
	cmark_node **nodes = nodes_of(doc->root, types, &n);
	struct buf alt = BUF_INIT;

	for (size_t i = 0; i < n && d; i++) {
		buf_reset(&alt);
		plain_text(nodes[i], &alt);
		if (strspn(buf_str(&alt), " \t") < alt.len)
			continue;
		diag_warning(d, node_pos(doc, nodes[i]),
			     "image without alt text: '%.60s'; say what it "
			     "shows between the brackets, ![like this](...), "
			     "for readers who cannot see it",
			     cmark_node_get_url(nodes[i]));
	}
	buf_release(&alt);
	free(nodes);
}

static cmark_node *html_block(const char *html)
{
	cmark_node *node = cmark_node_new(CMARK_NODE_HTML_BLOCK);

	cmark_node_set_literal(node, html);
	return node;
}

/* The first word of a fence's info string: "calculator" in
 * "```calculator {.wide}". */
static char *info_word(const char *info)
{
	size_t n = strcspn(info, " \t{");

	return mem_strndup(info, n);
}

static int expand_plugin_blocks(struct markdown_doc *doc,
				const struct markdown_hooks *hooks,
				struct diag *d)
{
	static const cmark_node_type types[] = {CMARK_NODE_CODE_BLOCK, 0};
	size_t n;
	cmark_node **nodes = nodes_of(doc->root, types, &n);
	struct buf html = BUF_INIT;
	int status = 0;

	for (size_t i = 0; i < n && hooks && hooks->block; i++) {
		char *name;
		int handled, length, offset;
		char fence;

		if (!cmark_node_get_fenced(nodes[i], &length, &offset, &fence))
			continue;
		name = info_word(cmark_node_get_fence_info(nodes[i]));
		buf_reset(&html);
		handled =
			*name ? hooks->block(hooks->data, name,
					     cmark_node_get_literal(nodes[i]),
					     node_pos(doc, nodes[i]), &html, d)
			      : 0;
		if (handled != 0) {
			cmark_node_replace(nodes[i],
					   html_block(buf_str(&html)));
			cmark_node_free(nodes[i]);
		}
		if (handled < 0)
			status = -1;
		free(name);
	}
	buf_release(&html);
	free(nodes);
	return status;
}

/* Code blocks in a language highlight.c knows become HTML blocks with
 * the same <pre><code class="language-X"> cmark-gfm would write, their
 * tokens in spans.  After collect_text, so search still sees the code. */
static void highlight_code_blocks(cmark_node *root)
{
	static const cmark_node_type types[] = {CMARK_NODE_CODE_BLOCK, 0};
	size_t n;
	cmark_node **nodes = nodes_of(root, types, &n);
	struct buf html = BUF_INIT;

	for (size_t i = 0; i < n; i++) {
		char *lang = info_word(cmark_node_get_fence_info(nodes[i]));
		const char *code = cmark_node_get_literal(nodes[i]);

		buf_reset(&html);
		buf_puts(&html, "<pre><code class=\"language-");
		escape_html(&html, lang);
		buf_puts(&html, "\">");
		if (*lang && highlight_code(&html, lang, code, strlen(code))) {
			buf_puts(&html, "</code></pre>\n");
			cmark_node_replace(nodes[i],
					   html_block(buf_str(&html)));
			cmark_node_free(nodes[i]);
		}
		free(lang);
	}
	buf_release(&html);
	free(nodes);
}

static void add_toc_entry(struct value *toc, int level, const char *id,
			  const char *title)
{
	struct value *entry = value_map();
	struct value *last = value_at(toc, value_len(toc) - 1);

	value_set_string(entry, "id", id);
	value_set_string(entry, "title", title);
	value_set(entry, "children", value_list());
	value_set_bool(entry, "has_children", false);
	if (level == 3 && last != NULL) {
		value_push(value_get(last, "children"), entry);
		value_set_bool(last, "has_children", true);
	} else {
		value_push(toc, entry);
	}
}

/* Gives each heading its id by turning it into a custom block that opens
 * with <hN id="..."> and holds the heading's inline children, and records
 * levels 2 and 3 in the table of contents. */
static void anchor_headings(struct markdown_doc *doc, struct value *toc)
{
	static const cmark_node_type types[] = {CMARK_NODE_HEADING, 0};
	size_t n;
	cmark_node **nodes = nodes_of(doc->root, types, &n);
	struct buf tag = BUF_INIT, text = BUF_INIT;

	for (size_t i = 0; i < n && i < value_len(doc->ids); i++) {
		const char *id = value_string_of(value_at(doc->ids, i));
		int level = cmark_node_get_heading_level(nodes[i]);
		cmark_node *block = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		cmark_node *child;

		buf_reset(&tag);
		buf_printf(&tag, "<h%d id=\"%s\">", level, id);
		cmark_node_set_on_enter(block, buf_str(&tag));
		buf_reset(&tag);
		buf_printf(&tag,
			   " <a class=\"anchor\" href=\"#%s\" "
			   "aria-hidden=\"true\" tabindex=\"-1\">#</a>"
			   "</h%d>\n",
			   id, level);
		cmark_node_set_on_exit(block, buf_str(&tag));
		buf_reset(&text);
		plain_text(nodes[i], &text);
		if (level == 2 || level == 3)
			add_toc_entry(toc, level, id, buf_str(&text));
		while ((child = cmark_node_first_child(nodes[i])) != NULL)
			cmark_node_append_child(block, child);
		cmark_node_replace(nodes[i], block);
		cmark_node_free(nodes[i]);
	}
	buf_release(&tag);
	buf_release(&text);
	free(nodes);
}

static size_t count_words(const char *s)
{
	size_t words = 0;
	bool in_word = false;

	for (; *s; s++) {
		bool space = *s == ' ' || *s == '\n' || *s == '\t';

		if (!space && !in_word)
			words++;
		in_word = !space;
	}
	return words;
}

/* Search engines and link previews show about this much. */
#define SUMMARY_CHARS 160

/* The first top-level paragraph's text, whole words, at most about
 * SUMMARY_CHARS bytes (never cutting a UTF-8 sequence: it cuts at a
 * space), with an ellipsis when cut. */
static void collect_summary(cmark_node *root, struct markdown_output *out)
{
	cmark_node *p = cmark_node_first_child(root);
	struct buf text = BUF_INIT;
	const char *s, *cut;

	while (p && cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
		p = cmark_node_next(p);
	if (p == NULL)
		return;
	plain_text(p, &text);
	s = buf_str(&text);
	if (text.len <= SUMMARY_CHARS) {
		buf_puts(&out->summary, s);
	} else {
		cut = s + SUMMARY_CHARS;
		while (cut > s && *cut != ' ')
			cut--;
		buf_put(&out->summary, s, (size_t)(cut - s));
		buf_puts(&out->summary, "\u2026");
	}
	buf_release(&text);
}

static void collect_text(cmark_node *root, struct markdown_output *out)
{
	collect_summary(root, out);
	cmark_event_type ev;
	cmark_iter *it = cmark_iter_new(root);

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);

		if (ev == CMARK_EVENT_EXIT &&
		    (type == CMARK_NODE_PARAGRAPH || type == CMARK_NODE_ITEM ||
		     type == CMARK_NODE_CUSTOM_BLOCK))
			buf_putc(&out->text, '\n');
		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
		    type == CMARK_NODE_CODE_BLOCK)
			buf_puts(&out->text, cmark_node_get_literal(n));
		else if (type == CMARK_NODE_SOFTBREAK ||
			 type == CMARK_NODE_LINEBREAK)
			buf_putc(&out->text, ' ');
	}
	cmark_iter_free(it);
	out->words = count_words(buf_str(&out->text));
}

/* Replaces every occurrence of from in out with to. */
static void replace_all(struct buf *out, const char *from, const char *to)
{
	struct buf result = BUF_INIT;
	const char *s = buf_str(out), *hit;
	size_t n = strlen(from);

	if (strstr(s, from) == NULL)
		return;
	while ((hit = strstr(s, from)) != NULL) {
		buf_put(&result, s, (size_t)(hit - s));
		buf_puts(&result, to);
		s = hit + n;
	}
	buf_puts(&result, s);
	buf_release(out);
	*out = result;
}

/* cmark-gfm's task-list checkboxes have no label, which screen readers
 * announce as an unnamed control; only the extension writes these exact
 * tags (author HTML is gone by now), so naming them here is safe. */
static void label_task_boxes(struct buf *html)
{
	replace_all(html, "<input type=\"checkbox\" disabled=\"\" />",
		    "<input type=\"checkbox\" disabled=\"\" "
		    "aria-label=\"to do\" />");
	replace_all(html,
		    "<input type=\"checkbox\" checked=\"\" disabled=\"\" />",
		    "<input type=\"checkbox\" checked=\"\" disabled=\"\" "
		    "aria-label=\"done\" />");
}

static void render_html(cmark_node *root, cmark_parser *parser, struct buf *out)
{
	char *html =
		cmark_render_html(root, MARKDOWN_OPTIONS | CMARK_OPT_UNSAFE,
				  cmark_parser_get_syntax_extensions(parser));
	struct buf rendered = BUF_INIT;

	buf_puts(&rendered, html);
	free(html);
	label_task_boxes(&rendered);
	buf_put(out, buf_str(&rendered), rendered.len);
	buf_release(&rendered);
}

int markdown_render(struct markdown_doc *doc,
		    const struct markdown_hooks *hooks,
		    struct markdown_output *out, struct diag *d)
{
	size_t errors = diag_errors(d);
	int status;

	remove_raw_html(doc, d);
	check_alt_text(doc, d);
	rewrite_links(doc, hooks, d);
	status = expand_plugin_blocks(doc, hooks, d);
	anchor_headings(doc, out->toc);
	collect_text(doc->root, out);
	highlight_code_blocks(doc->root);
	render_html(doc->root, doc->parser, &out->html);
	return status == 0 && diag_errors(d) == errors ? 0 : -1;
}

/* Drops a lone paragraph's <p> and </p>: inline Markdown is one line of a
 * label or a quiz answer, not a block. */
static void strip_paragraph(struct buf *html)
{
	const char *s = buf_str(html);

	if (strncmp(s, "<p>", 3) != 0 || html->len < 8 ||
	    strcmp(s + html->len - 5, "</p>\n") != 0 ||
	    strstr(s + 3, "<p>") != NULL)
		return;
	memmove(html->data, html->data + 3, html->len - 8);
	html->len -= 8;
	html->data[html->len] = '\0';
}

char *markdown_inline(const char *text, const struct markdown_hooks *hooks,
		      struct pos at, struct diag *d)
{
	struct markdown_doc *doc =
		markdown_parse(text, strlen(text), at.file, at.line);
	struct buf html = BUF_INIT;

	remove_raw_html(doc, d);
	check_alt_text(doc, d);
	rewrite_links(doc, hooks, d);
	render_html(doc->root, doc->parser, &html);
	strip_paragraph(&html);
	markdown_free(doc);
	return buf_detach(&html);
}
