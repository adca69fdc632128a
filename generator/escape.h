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

/* Appends s as a JSON string literal, quotes included (RFC 8259): '"',
 * '\\' and the control characters are escaped (\n, \t, ... where JSON has
 * a short form, \u00XX otherwise), and so are DEL, '<', '>' and '&', so
 * neither "</script>" nor "<!--" can appear and the literal can sit inside
 * an inline <script> element.  escape_json_n appends the characters of
 * the literal without its quotes. */
void escape_json(struct buf *out, const char *s);
void escape_json_n(struct buf *out, const char *s, size_t len);

/* The bytes of the control character s starts with, of the left bytes
 * there are: 1 for a C0 control or DEL, 2 for a C1 control in UTF-8 (C2
 * 80 to C2 9F), 0 for anything else.  Unicode's Cc category, the
 * characters that reach a terminal as commands: diagnostics escape them,
 * and the text a handbook gives refuses them. */
size_t escape_control_len(const char *s, size_t left);

#endif
