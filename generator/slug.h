/*
 * slug: heading text to the id GitHub gives it, so an anchor that works in a
 * pull request's preview works in the built site too.  Shared by heading ids
 * (markdown.c) and prepbook.slug() in plugins.
 */
#ifndef PREPBOOK_SLUG_H
#define PREPBOOK_SLUG_H

#include <stdbool.h>

/*
 * The GitHub slug of text (UTF-8), as github-slugger makes it: lowercased
 * by Unicode's full case mapping; letters, marks, decimal and letter
 * numbers, connector punctuation and '-' kept; each space becomes '-';
 * everything else (other punctuation and numbers, symbols, emoji, control
 * and format characters, other spaces) dropped.  No trimming, no
 * collapsing of '-', no de-duplication (see slug_unique).  Returns a
 * string the caller frees with free(); "" when nothing is kept.
 */
char *slug_github(const char *text);

/*
 * GitHub's de-duplication of a page's ids: base itself when taken(base)
 * is false, else the first of base-1, base-2, ... that is not taken.  A
 * heading whose own text ends in "-1" is just another base: headings
 * "a", "a", "a-1" get "a", "a-1", "a-1-1".  The caller records the result
 * as taken.
 * Returns a string the caller frees.
 */
char *slug_unique(const char *base, bool (*taken)(const char *id, void *data),
		  void *data);

#endif
