/*
 * escape: output escaping by context.  See escape.h.
 */
#include "escape.h"

#include <stdbool.h>
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

/* Whether c goes into a JSON literal as it is. */
static bool json_plain(unsigned char c)
{
	return c >= 0x20 && c != 0x7f && c != '"' && c != '\\' && c != '<' &&
	       c != '>' && c != '&';
}

/* JSON's two-character escape of c, or NULL for \u00XX. */
static const char *json_short(unsigned char c)
{
	switch (c) {
	case '"':
		return "\\\"";
	case '\\':
		return "\\\\";
	case '\b':
		return "\\b";
	case '\f':
		return "\\f";
	case '\n':
		return "\\n";
	case '\r':
		return "\\r";
	case '\t':
		return "\\t";
	default:
		return NULL;
	}
}

/* Runs of plain characters are copied whole: the search index writes
 * the handbook's text through here. */
void escape_json_n(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		while (i < len && json_plain((unsigned char)s[i]))
			i++;
		buf_put(out, s + start, i - start);
		if (i < len) {
			unsigned char c = (unsigned char)s[i++];

			if (json_short(c))
				buf_puts(out, json_short(c));
			else
				buf_printf(out, "\\u%04x", c);
		}
	}
}

void escape_json(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	escape_json_n(out, s, strlen(s));
	buf_putc(out, '"');
}

size_t escape_control_len(const char *s, size_t left)
{
	unsigned char c = left ? (unsigned char)s[0] : 0;

	if (left == 0)
		return 0;
	if (c < 0x20 || c == 0x7f)
		return 1;
	if (c == 0xc2 && left > 1 && (unsigned char)s[1] >= 0x80 &&
	    (unsigned char)s[1] <= 0x9f)
		return 2;
	return 0;
}
