/*
 * contentfiles: which files of content/ that are not pages are published
 * as they are.  Images, documents, data and media are; what a browser
 * would run or render as a page of the site (HTML, scripts, style sheets,
 * an SVG that holds script) is refused, because content arrives in pull
 * requests from strangers, and raw HTML is already removed from pages.
 */
#ifndef PREPBOOK_CONTENTFILES_H
#define PREPBOOK_CONTENTFILES_H

/* Why the file name (on disk at path) is not published, as a message for
 * the author, or NULL when it is copied into the site as it is. */
const char *contentfiles_refusal(const char *name, const char *path);

#endif
