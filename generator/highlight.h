/*
 * highlight: build-time syntax highlighting of fenced code blocks, for the
 * languages the handbook uses (SQL, Python, Scala, shell, YAML, JSON).
 * Each language is a table (keywords, builtins, comment and string
 * delimiters, operator characters) driving one small scanner; see the
 * comment at the top of highlight.c for why it is not a library.
 */
#ifndef PREPBOOK_HIGHLIGHT_H
#define PREPBOOK_HIGHLIGHT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Appends code (len bytes, the block's text as cmark-gfm gives it) to out
 * as HTML: every byte HTML-escaped (escape.h), and the tokens wrapped in
 * <span class="tok-k"> (keyword), tok-s (string), tok-n (number), tok-c
 * (comment), tok-b (builtin, type, shell variable, YAML constant) and
 * tok-o (operator); themes style these names.  lang is the fence's first
 * word ("sql", "py", "bash", ...; case matters as in the info string).
 * Returns false, writing nothing, when lang is no language it knows.
 * Linear in len: the scanner never moves back, and an unterminated string
 * or comment runs to the end of the block.  Same input, same bytes.
 */
bool highlight_code(struct buf *out, const char *lang, const char *code,
		    size_t len);

#endif
