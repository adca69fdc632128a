/*
 * html: scanning the site's own HTML.  See html.h.
 */
#include "html.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void html_scanner_init(struct html_scanner *s, const char *html, size_t len)
{
	s->p = html;
	s->end = html + len;
	s->raw_text = NULL;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_name_char(char c)
{
	return c != '\0' && !is_space(c) && c != '/' && c != '>' && c != '=';
}

/* Where text ends: the next '<' that starts a tag, comment or doctype. */
static const char *text_end(const char *p, const char *end)
{
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));

		if (lt == NULL || lt + 1 >= end)
			return end;
		if (lt[1] == '/' || lt[1] == '!' || lt[1] == '?' ||
		    (lt[1] >= 'a' && lt[1] <= 'z') ||
		    (lt[1] >= 'A' && lt[1] <= 'Z'))
			return lt;
		p = lt + 1;
	}
	return end;
}

/* The end of a <script> or <style> element's text: its end tag. */
static const char *raw_text_end(const char *p, const char *end,
				const char *name)
{
	size_t n = strlen(name);

	for (; p + 2 + n <= end; p++)
		if (p[0] == '<' && p[1] == '/' &&
		    strncasecmp(p + 2, name, n) == 0)
			return p;
	return end;
}

/* The '>' that ends a tag, skipping quoted attribute values. */
static const char *tag_end(const char *p, const char *end)
{
	char quote = 0;

	for (; p < end; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
		} else if (*p == '"' || *p == '\'') {
			quote = *p;
		} else if (*p == '>') {
			return p;
		}
	}
	return end;
}

static bool scan_other(struct html_scanner *s, struct html_token *t)
{
	const char *close;

	if (s->end - s->p >= 4 && strncmp(s->p, "<!--", 4) == 0) {
		const char *q = s->p + 4;

		close = NULL;
		for (; q + 3 <= s->end; q++)
			if (strncmp(q, "-->", 3) == 0) {
				close = q + 2;
				break;
			}
		if (close == NULL)
			close = s->end - 1;
	} else {
		close = tag_end(s->p, s->end);
		if (close == s->end)
			close--;
	}
	t->kind = HTML_OTHER;
	t->raw_len = (size_t)(close + 1 - s->p);
	s->p = close + 1;
	return true;
}

static bool scan_tag(struct html_scanner *s, struct html_token *t)
{
	const char *p = s->p + 1, *close;

	t->kind = HTML_START;
	if (*p == '/') {
		t->kind = HTML_END;
		p++;
	}
	t->name = p;
	while (p < s->end && is_name_char(*p))
		p++;
	t->name_len = (size_t)(p - t->name);
	close = tag_end(p, s->end);
	t->self_closing = close > p && close < s->end && close[-1] == '/';
	s->p = close < s->end ? close + 1 : s->end;
	t->raw_len = (size_t)(s->p - t->raw);
	if (t->kind == HTML_START && !t->self_closing) {
		if (html_is(t, "script"))
			s->raw_text = "script";
		else if (html_is(t, "style"))
			s->raw_text = "style";
	}
	return true;
}

bool html_next(struct html_scanner *s, struct html_token *t)
{
	memset(t, 0, sizeof *t);
	if (s->p >= s->end)
		return false;
	t->raw = s->p;
	if (s->raw_text) {
		const char *stop = raw_text_end(s->p, s->end, s->raw_text);

		s->raw_text = NULL;
		if (stop > s->p) {
			t->kind = HTML_TEXT;
			t->raw_len = (size_t)(stop - s->p);
			s->p = stop;
			return true;
		}
	}
	if (*s->p != '<' || text_end(s->p, s->end) != s->p) {
		const char *stop = text_end(s->p + (*s->p == '<'), s->end);

		t->kind = HTML_TEXT;
		t->raw_len = (size_t)(stop - s->p);
		s->p = stop;
		return true;
	}
	if (s->p[1] == '!' || s->p[1] == '?')
		return scan_other(s, t);
	return scan_tag(s, t);
}

bool html_is(const struct html_token *t, const char *name)
{
	size_t n;

	/* The first letter first: most tags are asked about many names. */
	if (t->name == NULL || t->name_len == 0 ||
	    (t->name[0] | 0x20) != name[0])
		return false;
	n = strlen(name);
	return t->name_len == n && strncasecmp(t->name, name, n) == 0;
}

bool html_is_void(const struct html_token *t)
{
	static const char *const names[] = {
		"area",	 "base", "br",	 "col",	   "embed", "hr",  "img",
		"input", "link", "meta", "source", "track", "wbr", NULL,
	};

	for (const char *const *n = names; *n; n++)
		if (html_is(t, *n))
			return true;
	return false;
}

bool html_next_attr(const struct html_token *t, size_t *pos,
		    struct html_attr *a)
{
	const char *p, *end = t->raw + t->raw_len - 1; /* at the '>' */

	if (t->kind != HTML_START)
		return false;
	p = *pos ? t->raw + *pos : t->name + t->name_len;
	while (p < end && (is_space(*p) || *p == '/'))
		p++;
	if (p >= end)
		return false;
	a->name = p;
	while (p < end && is_name_char(*p))
		p++;
	a->name_len = (size_t)(p - a->name);
	a->value = "";
	a->value_len = 0;
	while (p < end && is_space(*p))
		p++;
	if (p < end && *p == '=') {
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			const char *close =
				memchr(p + 1, *p, (size_t)(end - p - 1));

			if (close == NULL)
				close = end;
			a->value = p + 1;
			a->value_len = (size_t)(close - p - 1);
			p = close < end ? close + 1 : end;
		} else {
			a->value = p;
			while (p < end && !is_space(*p))
				p++;
			a->value_len = (size_t)(p - a->value);
		}
	}
	if (a->name_len == 0) /* a stray '=' or quote: step over it */
		p++;
	*pos = (size_t)(p - t->raw);
	return true;
}

bool html_attr(const struct html_token *t, const char *name,
	       struct html_attr *a)
{
	size_t pos = 0, n = strlen(name);

	while (html_next_attr(t, &pos, a))
		if (a->name_len == n && strncasecmp(a->name, name, n) == 0)
			return true;
	*a = (struct html_attr){"", 0, "", 0};
	return false;
}

static void put_utf8(struct buf *out, uint32_t c)
{
	char b[4];
	size_t n;

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_put(out, b, n);
}

/* Decodes the reference at s (just after '&'); returns its length up to
 * and with the ';', or 0 when it is none this decoder knows. */
static size_t decode_reference(struct buf *out, const char *s, size_t len)
{
	static const struct {
		const char *name;
		uint32_t c;
	} named[] = {{"amp;", '&'},  {"lt;", '<'},    {"gt;", '>'},
		     {"quot;", '"'}, {"apos;", '\''}, {"nbsp;", 0xA0},
		     {"#39;", '\''}, {NULL, 0}};
	const char *semi = memchr(s, ';', len < 12 ? len : 12);
	char *end;
	unsigned long c;

	if (semi == NULL)
		return 0;
	for (size_t i = 0; named[i].name; i++)
		if (strncmp(s, named[i].name, strlen(named[i].name)) == 0) {
			put_utf8(out, named[i].c);
			return strlen(named[i].name);
		}
	if (*s != '#')
		return 0;
	if (s[1] == 'x' || s[1] == 'X')
		c = strtoul(s + 2, &end, 16);
	else
		c = strtoul(s + 1, &end, 10);
	if (end != semi || end == s + 1 || c > 0x10FFFF)
		return 0;
	put_utf8(out, (uint32_t)c);
	return (size_t)(semi + 1 - s);
}

void html_decode(struct buf *out, const char *s, size_t len)
{
	const char *end = s + len;

	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		size_t n;

		if (amp == NULL) {
			buf_put(out, s, (size_t)(end - s));
			return;
		}
		buf_put(out, s, (size_t)(amp - s));
		n = decode_reference(out, amp + 1, (size_t)(end - amp - 1));
		if (n == 0)
			buf_putc(out, '&');
		s = amp + 1 + n;
	}
}
