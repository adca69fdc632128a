/*
 * escape: the one place text is made safe for where it lands.  HTML text
 * and attribute values share one escaper (it covers both quotes); JSON
 * strings are escaped so they can also sit inside a <script> element.
 */
#ifndef PREPBOOK_ESCAPE_H
#define PREPBOOK_ESCAPE_H

#include <stddef.h>

#include "buf.h"

/* Appends s with & < > " ' replaced by entities. */
void escape_html(struct buf *out, const char *s);
void escape_html_n(struct buf *out, const char *s, size_t len);

/* Appends s as a JSON string literal, quotes included; '<', '>' and '&'
 * become \u escapes so "</script>" cannot end an inline script. */
void escape_json(struct buf *out, const char *s);

#endif
