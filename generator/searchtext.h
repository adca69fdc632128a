/*
 * searchtext: what a page gives the search index, and the one rule for
 * turning text into search terms, which the theme's search-engine.js
 * repeats for the reader's query (tests/search/fold.txt holds vectors
 * both sides must agree on).
 *
 * Folding: compatibility decomposition (NFKD), every mark removed (so
 * accents go), lowercase as JavaScript's toLowerCase, final sigma as
 * sigma and sharp s as "ss" (what full case folding would do), then
 * composition (NFC, which puts Hangul syllables back together).  The
 * Unicode data is utf8proc's, as for heading ids.
 *
 * Terms: the folded text splits into runs of letters and digits; every
 * other character separates.  A run is a term, cut to SEARCH_TERM_MAX
 * code points.  Scripts written without spaces between words (Han, kana,
 * Thai, Lao, Khmer, Myanmar) give every character and every pair of
 * neighbouring characters instead, so any word of two or more characters
 * is found by its pairs.
 */
#ifndef PREPBOOK_SEARCHTEXT_H
#define PREPBOOK_SEARCHTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "value.h"

#define SEARCH_TERM_MAX 24

/* Appends the folded form of len bytes of UTF-8 at text. */
void searchtext_fold(const char *text, size_t len, struct buf *out);

/* Calls fn with each term of text (which need not be folded), in order. */
typedef void (*searchtext_term_fn)(const char *term, size_t len, void *data);
void searchtext_terms(const char *text, size_t len, searchtext_term_fn fn,
		      void *data);

/* Whether c belongs to a script written without spaces between words. */
bool searchtext_is_unspaced(int32_t c);

/*
 * The sections of a page's content HTML, for search: a list of
 * [id, heading, text], the first for the text before any heading (id and
 * heading ""), then one per heading that has an id.  Text is what a
 * reader sees, spaces collapsed: <script> and <style> are left out, and
 * so is every element marked hidden, aria-hidden="true" or data-answer
 * (a quiz's answer: readers should not find it by searching).
 */
struct value *searchtext_sections(const char *html, size_t len);

#endif
