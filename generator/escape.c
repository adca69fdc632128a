/*
 * escape: output escaping by context.  See escape.h.
 */
#include "escape.h"

#include <string.h>

void escape_html_n(struct buf *out, const char *s, size_t len)
{
	size_t start = 0;

	for (size_t i = 0; i < len; i++) {
		const char *entity;

		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '\'':
			entity = "&#39;";
			break;
		default:
			continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, entity);
		start = i + 1;
	}
	buf_put(out, s + start, len - start);
}

void escape_html(struct buf *out, const char *s)
{
	escape_html_n(out, s, strlen(s));
}

void escape_json_n(struct buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *two = NULL;

		switch (c) {
		case '"':
			two = "\\\"";
			break;
		case '\\':
			two = "\\\\";
			break;
		case '\b':
			two = "\\b";
			break;
		case '\f':
			two = "\\f";
			break;
		case '\n':
			two = "\\n";
			break;
		case '\r':
			two = "\\r";
			break;
		case '\t':
			two = "\\t";
			break;
		default:
			break;
		}
		if (two != NULL)
			buf_puts(out, two);
		else if (c < 0x20 || c == 0x7f || c == '<' || c == '>' ||
			 c == '&')
			buf_printf(out, "\\u%04x", c);
		else
			buf_putc(out, (char)c);
	}
}

void escape_json(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	escape_json_n(out, s, strlen(s));
	buf_putc(out, '"');
}
