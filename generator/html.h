/*
 * html: a scanner for the HTML this program writes, for the site-wide
 * files that are made from the pages' HTML (the search index, print.html).
 *
 * It is not a parser for the web's HTML: it reads what cmark-gfm and the
 * plugins give (authors' raw HTML never reaches a page), which is well
 * formed, and splits it into tokens: text, start tags, end tags, and the
 * rest (comments, doctypes).  The contents of <script> and <style> are
 * one text token, as in HTML.  Nothing is allocated; tokens point into
 * the scanned text.
 */
#ifndef PREPBOOK_HTML_H
#define PREPBOOK_HTML_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

enum html_kind { HTML_TEXT, HTML_START, HTML_END, HTML_OTHER };

struct html_token {
	enum html_kind kind;
	const char *raw; /* the token's bytes, "<p class=x>" or text */
	size_t raw_len;
	const char *name; /* a tag's name, as written; NULL otherwise */
	size_t name_len;
	bool self_closing; /* "<br/>" */
};

struct html_scanner {
	const char *p, *end;
	const char *raw_text; /* after <script> or <style>: its name */
};

struct html_attr {
	const char *name;
	size_t name_len;
	const char *value; /* as written, entities and all; "" when none */
	size_t value_len;
};

void html_scanner_init(struct html_scanner *s, const char *html, size_t len);

/* The next token, or false at the end. */
bool html_next(struct html_scanner *s, struct html_token *t);

/* Whether t is a tag named name (lowercase, compared without case). */
bool html_is(const struct html_token *t, const char *name);

/* Whether t is a tag that never has an end tag (<br>, <input>, ...). */
bool html_is_void(const struct html_token *t);

/* The attributes of a start tag in order: *pos starts at 0. */
bool html_next_attr(const struct html_token *t, size_t *pos,
		    struct html_attr *a);

/* The attribute named name (lowercase) of a start tag, in *a; false,
 * with *a empty, when it has none. */
bool html_attr(const struct html_token *t, const char *name,
	       struct html_attr *a);

/* Appends s with its character references decoded (&amp; &#39; &#x2014;
 * and the few named ones escapers write); others stay as they are. */
void html_decode(struct buf *out, const char *s, size_t len);

#endif
