/*
 * searchtext: folding, terms, and a page's sections.  See searchtext.h.
 */
#include "searchtext.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "html.h"
#include "mem.h"

#define SHARP_S 0x00DF
#define FINAL_SIGMA 0x03C2
#define SIGMA 0x03C3

/* ASCII by hand: the C library's ctype answers by the locale. */
static bool is_ascii_word(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static bool is_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

/* Lowercases decomposed, markless text as toLowerCase would, with the
 * two foldings toLowerCase lacks. */
static void lower(const utf8proc_uint8_t *s, utf8proc_ssize_t len,
		  struct buf *out)
{
	utf8proc_int32_t c;
	utf8proc_uint8_t bytes[4];

	while (len > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(s, len, &c);

		if (n <= 0)
			break;
		s += n;
		len -= n;
		c = utf8proc_tolower(c);
		if (c == FINAL_SIGMA)
			c = SIGMA;
		if (c == SHARP_S) {
			buf_puts(out, "ss");
			continue;
		}
		buf_put(out, (const char *)bytes,
			(size_t)utf8proc_encode_char(c, bytes));
	}
}

void searchtext_fold(const char *text, size_t len, struct buf *out)
{
	utf8proc_uint8_t *bare = NULL, *composed = NULL;
	utf8proc_ssize_t n;
	struct buf lowered = BUF_INIT;

	if (is_ascii(text, len)) {
		size_t start = out->len;

		buf_put(out, text, len);
		for (size_t i = start; i < out->len; i++)
			if (out->data[i] >= 'A' && out->data[i] <= 'Z')
				out->data[i] = (char)(out->data[i] - 'A' + 'a');
		return;
	}
	n = utf8proc_map(
		(const utf8proc_uint8_t *)text, (utf8proc_ssize_t)len, &bare,
		UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
	if (n < 0) { /* not UTF-8: the page would not have built */
		buf_put(out, text, len);
		return;
	}
	lower(bare, n, &lowered);
	free(bare);
	n = utf8proc_map((const utf8proc_uint8_t *)buf_str(&lowered),
			 (utf8proc_ssize_t)lowered.len, &composed,
			 UTF8PROC_COMPOSE);
	if (n >= 0)
		buf_put(out, (const char *)composed, (size_t)n);
	free(composed);
	buf_release(&lowered);
}

bool searchtext_is_unspaced(int32_t c)
{
	return (c >= 0x0E00 && c <= 0x0EFF) || /* Thai, Lao */
	       (c >= 0x1000 && c <= 0x109F) || /* Myanmar */
	       (c >= 0x1780 && c <= 0x17FF) || /* Khmer */
	       (c >= 0x2E80 && c <= 0x2FDF) || /* CJK radicals */
	       (c >= 0x3005 && c <= 0x3007) || (c >= 0x3021 && c <= 0x3029) ||
	       (c >= 0x3031 && c <= 0x303B) || /* ideographic marks */
	       (c >= 0x3040 && c <= 0x30FF) || /* kana */
	       (c >= 0x31F0 && c <= 0x31FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
	       (c >= 0xFF66 && c <= 0xFF9F) || (c >= 0x20000 && c <= 0x3FFFF);
}

static bool is_word(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return true;
	default:
		return false;
	}
}

/* A run of unspaced characters: each one, and each pair. */
static void emit_unspaced(const char *run, size_t len, searchtext_term_fn fn,
			  void *data)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)run;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	const char *prev = NULL;
	utf8proc_int32_t c;

	while (left > 0) {
		utf8proc_ssize_t n = utf8proc_iterate(s, left, &c);

		if (n <= 0)
			break;
		if (prev)
			fn(prev, (size_t)((const char *)s + n - prev), data);
		fn((const char *)s, (size_t)n, data);
		prev = (const char *)s;
		s += n;
		left -= n;
	}
}

/* The terms of folded text: see searchtext.h. */
static void scan_folded(const char *text, size_t len, searchtext_term_fn fn,
			void *data)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	const char *start = NULL, *cut = NULL;
	bool unspaced = false;
	int chars = 0;
	utf8proc_int32_t c;

	while (left >= 0) {
		utf8proc_ssize_t n = left ? utf8proc_iterate(s, left, &c) : 0;
		bool word = n > 0 && is_word(c);
		bool kind = word && searchtext_is_unspaced(c);

		if (start && (!word || kind != unspaced)) {
			if (unspaced)
				emit_unspaced(start,
					      (size_t)((const char *)s - start),
					      fn, data);
			else
				fn(start,
				   (size_t)((cut ? cut : (const char *)s) -
					    start),
				   data);
			start = NULL;
		}
		if (word && start == NULL) {
			start = (const char *)s;
			cut = NULL;
			chars = 0;
			unspaced = kind;
		}
		if (word && ++chars == SEARCH_TERM_MAX + 1 && !unspaced)
			cut = (const char *)s;
		if (n <= 0)
			break;
		s += n;
		left -= n;
	}
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* The terms of lowercased ASCII text: runs of letters and digits, the
 * same as scan_folded gives, without decoding a character. */
static void scan_ascii(const char *s, size_t len, searchtext_term_fn fn,
		       void *data)
{
	size_t i = 0;

	while (i < len) {
		size_t start;

		while (i < len && !is_ascii_word(s[i]))
			i++;
		start = i;
		while (i < len && is_ascii_word(s[i]))
			i++;
		if (i > start)
			fn(s + start,
			   i - start < SEARCH_TERM_MAX ? i - start
						       : SEARCH_TERM_MAX,
			   data);
	}
}

void searchtext_terms(const char *text, size_t len, searchtext_term_fn fn,
		      void *data)
{
	const char *p = text, *end = text + len;
	struct buf folded = BUF_INIT;

	/* A piece between spaces at a time: folding never joins two. */
	while (p < end) {
		const char *q;

		while (p < end && is_space(*p))
			p++;
		q = p;
		while (q < end && !is_space(*q))
			q++;
		if (q == p)
			break;
		buf_reset(&folded);
		searchtext_fold(p, (size_t)(q - p), &folded);
		if (is_ascii(p, (size_t)(q - p)))
			scan_ascii(buf_str(&folded), folded.len, fn, data);
		else
			scan_folded(buf_str(&folded), folded.len, fn, data);
		p = q;
	}
	buf_release(&folded);
}

/* ------------------------------------------------------------------ */
/* Sections of a page's HTML                                          */

struct sections {
	struct value *list;
	struct buf heading, text, id;
	const char *skip_name; /* of the element being left out */
	size_t skip_len;
	int skip_depth;
	int in_heading; /* the level of the heading being read, or 0 */
};

static bool attr_named(const struct html_attr *a, const char *name)
{
	size_t n = strlen(name);

	return a->name_len == n && strncasecmp(a->name, name, n) == 0;
}

/* Elements whose content is not what a reader reads on the page. */
static bool is_left_out(const struct html_token *t)
{
	struct html_attr a;
	size_t pos = 0;

	if (html_is(t, "script") || html_is(t, "style") ||
	    html_is(t, "template"))
		return true;
	while (html_next_attr(t, &pos, &a))
		if (attr_named(&a, "hidden") || attr_named(&a, "data-answer") ||
		    (attr_named(&a, "aria-hidden") && a.value_len == 4 &&
		     strncmp(a.value, "true", 4) == 0))
			return true;
	return false;
}

static bool is_inline(const struct html_token *t)
{
	static const char *const names[] = {
		"a",	"abbr", "b",	"bdi",	"bdo",	 "cite",   "code",
		"data", "del",	"dfn",	"em",	"i",	 "ins",	   "kbd",
		"mark", "q",	"s",	"samp", "small", "span",   "strong",
		"sub",	"sup",	"time", "u",	"var",	 "output", NULL,
	};

	for (const char *const *n = names; *n; n++)
		if (html_is(t, *n))
			return true;
	return false;
}

static int heading_level(const struct html_token *t)
{
	if (t->name_len == 2 && (t->name[0] == 'h' || t->name[0] == 'H') &&
	    t->name[1] >= '1' && t->name[1] <= '6')
		return t->name[1] - '0';
	return 0;
}

static void put_space(struct buf *out)
{
	if (out->len > 0 && out->data[out->len - 1] != ' ')
		buf_putc(out, ' ');
}

/* Appends text to out with runs of spaces made one. */
static void put_collapsed(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && !is_space(s[i]))
			i++;
		buf_put(out, s + start, i - start);
		if (i < len)
			put_space(out);
		while (i < len && is_space(s[i]))
			i++;
	}
}

static char *trimmed(const struct buf *b)
{
	const char *s = buf_str(b);
	size_t len = b->len;

	while (len > 0 && s[len - 1] == ' ')
		len--;
	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	return mem_strndup(s, len);
}

static void close_section(struct sections *x)
{
	struct value *section = value_list();

	value_push(section, value_string(buf_str(&x->id)));
	value_push(section, value_string_take(trimmed(&x->heading)));
	value_push(section, value_string_take(trimmed(&x->text)));
	value_push(x->list, section);
	buf_reset(&x->id);
	buf_reset(&x->heading);
	buf_reset(&x->text);
}

static void start_tag(struct sections *x, const struct html_token *t)
{
	int level = heading_level(t);
	struct html_attr id;

	if (is_left_out(t) && !html_is_void(t) && !t->self_closing) {
		x->skip_name = t->name;
		x->skip_len = t->name_len;
		x->skip_depth = 1;
		return;
	}
	if (level && !x->in_heading && html_attr(t, "id", &id) &&
	    id.value_len > 0) {
		close_section(x);
		html_decode(&x->id, id.value, id.value_len);
		x->in_heading = level;
		return;
	}
	if (!is_inline(t))
		put_space(x->in_heading ? &x->heading : &x->text);
}

/* Inside a left-out element: counts nested elements of its name. */
static void skip_tag(struct sections *x, const struct html_token *t)
{
	if (t->name_len != x->skip_len ||
	    strncmp(t->name, x->skip_name, x->skip_len) != 0)
		return;
	if (t->kind == HTML_START && !t->self_closing)
		x->skip_depth++;
	else if (t->kind == HTML_END)
		x->skip_depth--;
}

struct value *searchtext_sections(const char *html, size_t len)
{
	struct sections x = {.list = value_list()};
	struct html_scanner s;
	struct html_token t;
	struct buf decoded = BUF_INIT;

	html_scanner_init(&s, html, len);
	while (html_next(&s, &t)) {
		if (x.skip_depth > 0) {
			if (t.kind != HTML_TEXT && t.kind != HTML_OTHER)
				skip_tag(&x, &t);
		} else if (t.kind == HTML_START) {
			start_tag(&x, &t);
		} else if (t.kind == HTML_END) {
			if (x.in_heading && heading_level(&t) == x.in_heading)
				x.in_heading = 0;
			else if (!is_inline(&t))
				put_space(x.in_heading ? &x.heading : &x.text);
		} else if (t.kind == HTML_TEXT) {
			buf_reset(&decoded);
			html_decode(&decoded, t.raw, t.raw_len);
			put_collapsed(x.in_heading ? &x.heading : &x.text,
				      buf_str(&decoded), decoded.len);
		}
	}
	close_section(&x);
	buf_release(&decoded);
	buf_release(&x.heading);
	buf_release(&x.text);
	buf_release(&x.id);
	return x.list;
}
