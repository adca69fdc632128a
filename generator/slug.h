/*
 * slug: heading text to the id GitHub gives it, so an anchor that works in a
 * pull request's preview works in the built site too.  Shared by heading ids
 * (markdown.c) and prepbook.slug() in plugins.
 */
#ifndef PREPBOOK_SLUG_H
#define PREPBOOK_SLUG_H

/*
 * The GitHub slug of text (UTF-8): lowercased; letters, digits, marks, '-'
 * and '_' kept; each space becomes '-'; other punctuation, symbols, emoji
 * and control characters dropped.  No trimming, no collapsing of '-', no
 * de-duplication (that is per page, the caller's job).  Returns a string
 * the caller frees with free(); "" when nothing is kept.
 */
char *slug_github(const char *text);

#endif
