/*
 * print: print.html.  See print.h.
 *
 * Each page's content HTML is read token by token (html.h) and written
 * again with its ids prefixed, its links and images made relative to
 * print.html (a link to a page of the handbook becomes a link to that
 * page's article), its form controls as text, and its answers moved to
 * the key.  The theme's template is rendered once around a placeholder,
 * and the book is streamed into the gap.
 */
#include "print.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "context.h"
#include "escape.h"
#include "html.h"
#include "mem.h"
#include "strmap.h"
#include "url.h"

#define PLACEHOLDER "<!--prepbook:print-book-->"

/* An element open in the page being added, and its id in print.html. */
struct open_element {
	const char *name;
	size_t len;
	char *id;
};

/* An element whose content is dropped or gathered: its name and how many
 * of that name are open. */
struct nest {
	const char *name;
	size_t len;
	int depth;
};

struct print {
	const struct handbook *hb;
	struct output_file *file;
	struct diag *d;
	char *tail; /* the template after the placeholder */
	struct strmap *by_url;
	struct buf key; /* the answer key's items */
	size_t nanswers;
	struct print_span *spans; /* each page added so far */
	size_t nspans, spans_cap;
	/* The page being added: */
	const struct page *pg;
	char *pid;
	struct buf html, answer;
	struct buf *dest;  /* &html, or &answer inside an answer */
	char *answer_at;   /* the id the answer's key item links back to */
	struct buf legend; /* the text of the last <legend>: the question */
	bool in_legend;
	struct nest skip, capture;
	struct open_element *open;
	size_t nopen, open_cap;
	int svg_depth; /* <svg> elements open: their ids must be XML names */
	bool in_select, in_option, option_selected, chosen;
	struct buf option, choice;
	const char *select_id;
	size_t select_id_len;
};

/* The id of a page's article: its path without ".html". */
static char *page_id(const struct page *pg)
{
	size_t n = strlen(pg->url);

	if (n > 5 && strcmp(pg->url + n - 5, ".html") == 0)
		n -= 5;
	return mem_strndup(pg->url, n);
}

static void put_link(struct buf *out, const struct page *pg)
{
	char *id = page_id(pg);

	buf_puts(out, "<a href=\"#");
	escape_html(out, id);
	buf_puts(out, "\">");
	escape_html(out, pg->title);
	buf_puts(out, "</a>");
	free(id);
}

static void put_contents(struct buf *out, const struct handbook *hb)
{
	buf_puts(out, "<nav class=\"print-toc\" aria-labelledby=\"print:"
		      "contents\">\n<h2 id=\"print:contents\">Contents</h2>\n"
		      "<ol>\n<li>");
	put_link(out, hb->home);
	buf_puts(out, "</li>\n");
	for (size_t i = 0; i < hb->nsections; i++) {
		const struct part *pt = hb->sections[i].part;

		buf_puts(out, "<li>");
		put_link(out, pt ? pt->index : hb->sections[i].page);
		if (pt && pt->npages > 0) {
			buf_puts(out, "\n<ol>\n");
			for (size_t j = 0; j < pt->npages; j++) {
				buf_puts(out, "<li>");
				put_link(out, pt->pages[j]);
				buf_puts(out, "</li>\n");
			}
			buf_puts(out, "</ol>\n");
		}
		buf_puts(out, "</li>\n");
	}
	buf_puts(out, "</ol>\n</nav>\n");
}

/* Renders the template around the placeholder; the head goes out at
 * once, the rest waits in p->tail. */
static int start_file(struct print *p, const struct config *c,
		      const struct theme *t, const struct value *css,
		      struct output *o)
{
	struct page *pg =
		content_page_generated("", PRINT_PATH, "The whole handbook");
	struct context_rendered r = {.content = PLACEHOLDER, .css = css};
	struct value *ctx = context_page(p->hb, c, pg, &r, NULL, NULL);
	struct buf html = BUF_INIT;
	int status = theme_render(t, "print", ctx, &html, p->d);
	const char *gap = strstr(buf_str(&html), PLACEHOLDER);

	if (status == 0)
		p->file = output_open_file(o, PRINT_PATH,
					   "the generated print page", p->d);
	if (p->file) {
		size_t head = gap ? (size_t)(gap - html.data) : html.len;

		output_file_write(p->file, buf_str(&html), head);
		p->tail = mem_strdup(gap ? gap + strlen(PLACEHOLDER) : "");
	}
	value_free(ctx);
	content_page_free(pg);
	buf_release(&html);
	return p->file ? 0 : -1;
}

struct print *print_begin(const struct handbook *hb, const struct config *c,
			  const struct theme *t, const struct value *css,
			  struct output *o, struct diag *d)
{
	struct print *p;
	struct buf contents = BUF_INIT;

	if (!theme_has(t, "print"))
		return NULL;
	p = mem_calloc(1, sizeof *p);
	p->hb = hb;
	p->d = d;
	if (start_file(p, c, t, css, o) != 0) {
		free(p);
		return NULL;
	}
	p->by_url = strmap_new();
	for (size_t i = 0; i < hb->npages; i++)
		strmap_put(p->by_url, hb->order[i]->url, hb->order[i]);
	put_contents(&contents, hb);
	output_file_write(p->file, buf_str(&contents), contents.len);
	buf_release(&contents);
	return p;
}

/* ------------------------------------------------------------------ */
/* Attributes                                                          */

static bool name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* Attributes whose value is an element id, or a list of them. */
static bool names_ids(const struct html_attr *a)
{
	static const char *const names[] = {
		"id",
		"for",
		"headers",
		"aria-labelledby",
		"aria-describedby",
		"aria-controls",
		"aria-owns",
		"aria-details",
		"aria-errormessage",
		"aria-flowto",
		"aria-activedescendant",
		"list",
		"form",
		NULL,
	};

	for (const char *const *n = names; *n; n++)
		if (name_is(a->name, a->name_len, *n))
			return true;
	return false;
}

/* One byte of an id in SVG: a name character as it is, anything else
 * (and '_', the escape itself) as "_XX" in hex, so distinct ids stay
 * distinct.  first: the byte starts the name, where only letters may
 * stand unescaped. */
static void put_xml_name_byte(struct buf *out, unsigned char c, bool first)
{
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	bool name = letter || (c >= '0' && c <= '9') || c == '-' || c == '.';

	if (first ? letter : name)
		buf_putc(out, (char)c);
	else
		buf_printf(out, "_%02X", c);
}

/* An id inside SVG, where the XML rules apply and a page's "/" may not
 * stand: "economics_2Ftco:chart".  The references inside the same SVG
 * are written alike; an HTML element that points into an SVG of the
 * book loses its target (no plugin does). */
static void put_xml_id(struct buf *out, const char *pid, const char *id,
		       size_t len)
{
	for (size_t i = 0; pid[i]; i++)
		put_xml_name_byte(out, (unsigned char)pid[i], i == 0);
	if (len == 0)
		return;
	buf_putc(out, ':');
	for (size_t i = 0; i < len; i++)
		put_xml_name_byte(out, (unsigned char)id[i], false);
}

/* An id of the page as print.html has it: "economics/tco:storage".  A
 * calculator's fragment carries a scenario after a colon, which no id
 * has: it is dropped.  Inside SVG the id takes put_xml_id's form. */
static void put_id(struct print *p, struct buf *out, const char *pid,
		   const char *id, size_t len)
{
	const char *colon = memchr(id, ':', len);

	if (colon)
		len = (size_t)(colon - id);
	if (p->svg_depth > 0) {
		put_xml_id(out, pid, id, len);
		return;
	}
	escape_html(out, pid);
	if (len == 0)
		return;
	buf_putc(out, ':');
	escape_html_n(out, id, len);
}

static void put_ids(struct print *p, const char *value)
{
	const char *s = value;
	bool first = true;

	while (*s) {
		size_t n = strcspn(s, " \t\n");

		if (n > 0) {
			if (!first)
				buf_putc(p->dest, ' ');
			put_id(p, p->dest, p->pid, s, n);
			first = false;
		}
		s += n;
		s += strspn(s, " \t\n");
	}
}

/* The page a site path names: "economics/tco.html", or a folder's
 * "economics/" for its landing page. */
static const struct page *page_at(const struct print *p, const char *path)
{
	const struct page *pg = strmap_get(p->by_url, path);
	size_t n = strlen(path);

	if (pg == NULL && (n == 0 || path[n - 1] == '/')) {
		char *index = mem_alloc(n + 11);

		memcpy(index, path, n);
		memcpy(index + n, "index.html", 11);
		pg = strmap_get(p->by_url, index);
		free(index);
	}
	return pg;
}

/* A link or image address, as print.html needs it. */
static void put_url(struct print *p, const char *url, bool link)
{
	const char *hash = strchr(url, '#');
	size_t path_len = strcspn(url, "?#");
	char *path, *site;
	const struct page *target;

	if (link && *url == '#') {
		buf_putc(p->dest, '#');
		put_id(p, p->dest, p->pid, url + 1, strlen(url + 1));
		return;
	}
	if (*url == '\0' || *url == '/' || url_has_scheme(url)) {
		escape_html(p->dest, url);
		return;
	}
	path = mem_strndup(url, path_len);
	site = url_resolve(p->pg->url, path);
	target = site && link ? page_at(p, site) : NULL;
	if (target) {
		char *pid = page_id(target);
		const char *frag = hash ? hash + 1 : "";

		buf_putc(p->dest, '#');
		put_id(p, p->dest, pid, frag, strlen(frag));
		free(pid);
	} else if (site) {
		escape_html(p->dest, site);
		escape_html(p->dest, url + path_len);
	} else {
		escape_html(p->dest, url);
	}
	free(site);
	free(path);
}

/* The id of a page's title in print.html: "print:title:economics/tco". */
static void put_title_id(struct buf *out, const char *pid)
{
	buf_puts(out, "print:title:");
	escape_html(out, pid);
}

/* landmark: the attribute is on an element that its name makes a
 * landmark (a section, say).  Every page's quiz is a region named "Quiz";
 * in one book the names must differ, so the page's title joins the
 * name. */
static void put_attribute(struct print *p, const struct html_attr *a,
			  bool landmark)
{
	struct buf value = BUF_INIT;

	html_decode(&value, a->value, a->value_len);
	buf_putc(p->dest, ' ');
	buf_put(p->dest, a->name, a->name_len);
	if (a->value_len > 0 || names_ids(a)) {
		buf_puts(p->dest, "=\"");
		if (names_ids(a)) {
			put_ids(p, buf_str(&value));
			if (landmark && p->svg_depth == 0 &&
			    name_is(a->name, a->name_len, "aria-labelledby")) {
				buf_putc(p->dest, ' ');
				put_title_id(p->dest, p->pid);
			}
		} else if (name_is(a->name, a->name_len, "href"))
			put_url(p, buf_str(&value), true);
		else if (name_is(a->name, a->name_len, "src"))
			put_url(p, buf_str(&value), false);
		else
			escape_html(p->dest, buf_str(&value));
		buf_putc(p->dest, '"');
	}
	buf_release(&value);
}

static void put_tag(struct print *p, const struct html_token *t)
{
	struct html_attr a;
	size_t pos = 0;

	/* A label's control is text in print.html: its "for" would name
	 * no control, which HTML does not allow. */
	bool label = html_is(t, "label");
	bool landmark = html_is(t, "section") || html_is(t, "aside") ||
			html_is(t, "form") || html_is(t, "nav");

	buf_putc(p->dest, '<');
	buf_put(p->dest, t->name, t->name_len);
	while (html_next_attr(t, &pos, &a))
		if (a.name_len > 0 &&
		    !(label && name_is(a.name, a.name_len, "for")))
			put_attribute(p, &a, landmark);
	buf_puts(p->dest, t->self_closing ? " />" : ">");
}

/* ------------------------------------------------------------------ */
/* Form controls as text                                               */

static void put_field_open(struct print *p, const char *id, size_t id_len,
			   const char *class)
{
	buf_printf(p->dest, "<span class=\"%s\"", class);
	if (id_len > 0) {
		buf_puts(p->dest, " id=\"");
		put_id(p, p->dest, p->pid, id, id_len);
		buf_putc(p->dest, '"');
	}
	buf_putc(p->dest, '>');
}

static bool attr_is(const struct html_token *t, const char *name,
		    const char *value)
{
	struct html_attr a;

	return html_attr(t, name, &a) && name_is(a.value, a.value_len, value);
}

/* An input as what it holds: a box for a check box or radio button, the
 * value for the rest; buttons and hidden fields as nothing. */
static void put_input(struct print *p, const struct html_token *t)
{
	struct html_attr id = {0}, a;
	bool checked = html_attr(t, "checked", &a);
	struct buf value = BUF_INIT;

	html_attr(t, "id", &id);
	if (attr_is(t, "type", "hidden") || attr_is(t, "type", "submit") ||
	    attr_is(t, "type", "button") || attr_is(t, "type", "reset") ||
	    attr_is(t, "type", "image"))
		return;
	if (attr_is(t, "type", "checkbox") || attr_is(t, "type", "radio")) {
		bool radio = attr_is(t, "type", "radio");

		put_field_open(p, id.value, id.value_len, "print-box");
		buf_puts(p->dest, radio ? (checked ? "\u25C9" : "\u25CB")
					: (checked ? "\u2611" : "\u2610"));
		buf_puts(p->dest, "</span>");
		return;
	}
	if (html_attr(t, "value", &a))
		html_decode(&value, a.value, a.value_len);
	put_field_open(p, id.value, id.value_len, "print-field");
	escape_html(p->dest, buf_str(&value));
	buf_puts(p->dest, "</span>");
	buf_release(&value);
}

/* Inside a <select>: the chosen option's text, written at its end. */
static void select_token(struct print *p, const struct html_token *t)
{
	struct html_attr a;

	if (t->kind == HTML_START && html_is(t, "option")) {
		p->in_option = true;
		p->option_selected = html_attr(t, "selected", &a);
		buf_reset(&p->option);
	} else if (t->kind == HTML_TEXT && p->in_option) {
		html_decode(&p->option, t->raw, t->raw_len);
	} else if (t->kind == HTML_END && html_is(t, "option")) {
		p->in_option = false;
		if (!p->chosen && (p->option_selected || p->choice.len == 0)) {
			buf_reset(&p->choice);
			buf_put(&p->choice, buf_str(&p->option), p->option.len);
		}
		p->chosen |= p->option_selected;
	} else if (t->kind == HTML_END && html_is(t, "select")) {
		p->in_select = false;
		put_field_open(p, p->select_id, p->select_id_len,
			       "print-field");
		escape_html(p->dest, buf_str(&p->choice));
		buf_puts(p->dest, "</span>");
	}
}

static void start_select(struct print *p, const struct html_token *t)
{
	struct html_attr id = {0};

	html_attr(t, "id", &id);
	p->in_select = true;
	p->in_option = p->chosen = false;
	p->select_id = id.value;
	p->select_id_len = id.value_len;
	buf_reset(&p->choice);
}

/* ------------------------------------------------------------------ */
/* Answers                                                             */

static void start_answer(struct print *p, const struct html_token *t)
{
	const char *at = p->pid;

	for (size_t i = p->nopen; i > 0; i--)
		if (p->open[i - 1].id) {
			at = p->open[i - 1].id;
			break;
		}
	p->nanswers++;
	buf_printf(
		p->dest,
		"<p class=\"print-answer-ref\"><a href=\"#print:answer-%zu\">"
		"Answer %zu</a>, in the answer key</p>",
		p->nanswers, p->nanswers);
	free(p->answer_at);
	p->answer_at = mem_strdup(at);
	p->capture = (struct nest){t->name, t->name_len, 1};
	buf_reset(&p->answer);
	p->dest = &p->answer;
}

static void end_answer(struct print *p)
{
	buf_printf(&p->key,
		   "<li id=\"print:answer-%zu\" class=\"print-answer\">"
		   "<p class=\"print-answer-where\"><a href=\"#",
		   p->nanswers);
	buf_puts(&p->key, p->answer_at); /* already escaped */
	buf_puts(&p->key, "\">");
	escape_html(&p->key, p->pg->title);
	buf_puts(&p->key, "</a>");
	if (p->legend.len > 0) {
		buf_puts(&p->key, ": ");
		escape_html(&p->key, buf_str(&p->legend));
	}
	buf_puts(&p->key, "</p>\n");
	buf_put(&p->key, buf_str(&p->answer), p->answer.len);
	buf_puts(&p->key, "</li>\n");
	p->dest = &p->html;
}

/* ------------------------------------------------------------------ */
/* Tokens                                                              */

static bool same_name(const struct nest *n, const struct html_token *t)
{
	return n->len == t->name_len &&
	       strncasecmp(n->name, t->name, n->len) == 0;
}

static void push_open(struct print *p, const struct html_token *t)
{
	struct html_attr id;
	struct buf pid = BUF_INIT;

	if (html_attr(t, "id", &id) && id.value_len > 0)
		put_id(p, &pid, p->pid, id.value, id.value_len);
	p->open =
		mem_grow(p->open, &p->open_cap, p->nopen + 1, sizeof *p->open);
	p->open[p->nopen++] = (struct open_element){
		t->name, t->name_len, pid.len ? buf_detach(&pid) : NULL};
	buf_release(&pid);
}

static void pop_open(struct print *p, const struct html_token *t)
{
	for (size_t i = p->nopen; i > 0; i--) {
		if (p->open[i - 1].len != t->name_len ||
		    strncasecmp(p->open[i - 1].name, t->name, t->name_len) != 0)
			continue;
		while (p->nopen >= i)
			free(p->open[--p->nopen].id);
		return;
	}
}

/* Elements whose content print.html leaves out. */
static bool is_dropped(const struct html_token *t, bool in_answer)
{
	return html_is(t, "script") || html_is(t, "template") ||
	       html_is(t, "button") || html_is(t, "textarea") ||
	       (in_answer && html_is(t, "summary"));
}

static void start_tag(struct print *p, const struct html_token *t)
{
	struct html_attr a;
	bool empty = html_is_void(t) || t->self_closing;

	if (is_dropped(t, p->capture.depth > 0) && !empty) {
		p->skip = (struct nest){t->name, t->name_len, 1};
		return;
	}
	if (html_is(t, "noscript"))
		return; /* print.html runs no plugin script: show it */
	if (html_is(t, "input")) {
		put_input(p, t);
		return;
	}
	if (html_is(t, "select")) {
		start_select(p, t);
		return;
	}
	if (p->capture.depth == 0 && !empty &&
	    html_attr(t, "data-answer", &a)) {
		start_answer(p, t);
		return;
	}
	if (p->capture.depth > 0 && same_name(&p->capture, t) && !empty)
		p->capture.depth++;
	if (html_is(t, "svg") && !empty)
		p->svg_depth++;
	put_tag(p, t);
	if (!empty)
		push_open(p, t);
}

static void end_tag(struct print *p, const struct html_token *t)
{
	if (html_is(t, "noscript"))
		return;
	if (p->capture.depth > 0 && same_name(&p->capture, t) &&
	    --p->capture.depth == 0) {
		end_answer(p);
		return;
	}
	if (html_is(t, "svg") && p->svg_depth > 0)
		p->svg_depth--;
	pop_open(p, t);
	buf_put(p->dest, t->raw, t->raw_len);
}

static void page_token(struct print *p, const struct html_token *t)
{
	if (p->skip.depth > 0) {
		if (t->kind == HTML_START && same_name(&p->skip, t) &&
		    !t->self_closing)
			p->skip.depth++;
		else if (t->kind == HTML_END && same_name(&p->skip, t))
			p->skip.depth--;
		return;
	}
	if (p->in_select) {
		select_token(p, t);
		return;
	}
	/* The question an answer belongs to is the legend before it. */
	if (t->kind == HTML_START && html_is(t, "legend")) {
		p->in_legend = true;
		buf_reset(&p->legend);
	} else if (t->kind == HTML_END && html_is(t, "legend")) {
		p->in_legend = false;
	} else if (t->kind == HTML_TEXT && p->in_legend) {
		html_decode(&p->legend, t->raw, t->raw_len);
	}
	if (t->kind == HTML_TEXT)
		buf_put(p->dest, t->raw, t->raw_len);
	else if (t->kind == HTML_START)
		start_tag(p, t);
	else if (t->kind == HTML_END)
		end_tag(p, t);
}

static void put_page_head(struct print *p, const struct page *pg)
{
	bool landing = pg->part && pg->part->index == pg;

	buf_printf(&p->html, "<article class=\"print-page%s\" id=\"",
		   landing ? " print-part" : "");
	escape_html(&p->html, p->pid);
	buf_puts(&p->html, "\">\n<header class=\"print-head\">\n");
	if (pg->part && !landing) {
		buf_puts(&p->html, "<p class=\"print-part-name\">");
		escape_html(&p->html, pg->part->title);
		buf_puts(&p->html, "</p>\n");
	}
	buf_puts(&p->html, "<h1 class=\"print-title\" id=\"");
	put_title_id(&p->html, p->pid);
	buf_puts(&p->html, "\">");
	escape_html(&p->html, pg->title);
	buf_puts(&p->html, "</h1>\n</header>\n<div class=\"content\">\n");
}

/* Forgets what the last page left open (HTML that did not close). */
static void reset_page(struct print *p)
{
	while (p->nopen > 0)
		free(p->open[--p->nopen].id);
	p->skip.depth = p->capture.depth = p->svg_depth = 0;
	p->in_select = p->in_legend = false;
	p->dest = &p->html;
	buf_reset(&p->html);
	buf_reset(&p->legend);
}

/* Starts the span of the page being added at the file's end. */
static struct print_span *open_span(struct print *p)
{
	struct print_span *span;

	p->spans = mem_grow(p->spans, &p->spans_cap, p->nspans + 1,
			    sizeof *p->spans);
	span = &p->spans[p->nspans++];
	*span = (struct print_span){
		.offset = output_file_size(p->file),
		.key_offset = p->key.len,
		.answers_before = (uint32_t)p->nanswers,
	};
	return span;
}

static void close_span(struct print *p, struct print_span *span)
{
	span->length = output_file_size(p->file) - span->offset;
	span->key_length = p->key.len - span->key_offset;
	span->answers = (uint32_t)p->nanswers - span->answers_before;
}

size_t print_answers(const struct print *p)
{
	return p ? p->nanswers : 0;
}

int print_copy_page(struct print *p, const struct print_span *old,
		    uint64_t old_key_start)
{
	struct print_span *span;
	int status;

	if (p == NULL)
		return 0;
	span = open_span(p);
	status = output_file_copy_old(p->file, old->offset, old->length);
	if (status == 0 && old->key_length > 0)
		status = output_file_read_old(p->file,
					      old_key_start + old->key_offset,
					      old->key_length, &p->key);
	p->nanswers += old->answers;
	close_span(p, span);
	return status;
}

void print_add_page(struct print *p, const struct page *pg, const char *html,
		    size_t len)
{
	struct html_scanner s;
	struct html_token t;
	struct print_span *span;

	if (p == NULL)
		return;
	span = open_span(p);
	reset_page(p);
	p->pg = pg;
	p->pid = page_id(pg);
	put_page_head(p, pg);
	html_scanner_init(&s, html ? html : "", html ? len : 0);
	while (html_next(&s, &t))
		page_token(p, &t);
	if (p->capture.depth > 0)
		end_answer(p);
	buf_puts(&p->html, "</div>\n</article>\n");
	output_file_write(p->file, buf_str(&p->html), p->html.len);
	free(p->pid);
	p->pid = NULL;
	close_span(p, span);
}

int print_end(struct print *p)
{
	return print_end_spans(p, NULL, NULL, NULL);
}

int print_end_spans(struct print *p, struct print_span **spans,
		    uint64_t *key_start, uint64_t *size)
{
	int status;

	if (spans)
		*spans = NULL;
	if (key_start)
		*key_start = 0;
	if (size)
		*size = 0;
	if (p == NULL)
		return 0;
	reset_page(p);
	if (p->nanswers > 0) {
		buf_puts(&p->html,
			 "<section class=\"print-answers\" aria-labelledby=\""
			 "print:answers\">\n<h1 id=\"print:answers\">Answer "
			 "key</h1>\n<ol>\n");
		if (key_start)
			*key_start = output_file_size(p->file) + p->html.len;
		buf_put(&p->html, buf_str(&p->key), p->key.len);
		buf_puts(&p->html, "</ol>\n</section>\n");
	}
	buf_puts(&p->html, p->tail);
	output_file_write(p->file, buf_str(&p->html), p->html.len);
	if (size)
		*size = output_file_size(p->file);
	status = output_file_close(p->file, p->d);
	if (spans)
		*spans = p->spans;
	else
		free(p->spans);
	strmap_free(p->by_url);
	free(p->tail);
	free(p->open);
	free(p->answer_at);
	buf_release(&p->key);
	buf_release(&p->html);
	buf_release(&p->answer);
	buf_release(&p->option);
	buf_release(&p->choice);
	buf_release(&p->legend);
	free(p);
	return status;
}
