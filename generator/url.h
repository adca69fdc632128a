/*
 * url: the path arithmetic behind "every URL the generator writes is
 * relative to the page".  Site URLs here are paths of files under the site
 * root ("economics/tco.html"), never starting with '/'.
 */
#ifndef PREPBOOK_URL_H
#define PREPBOOK_URL_H

#include <stdbool.h>

/* The prefix from the page at url to the site root: "" or "../../". */
char *url_root(const char *url);

/* A link from the page at from to the site path to: "../part/page.html". */
char *url_relative(const char *from, const char *to);

/*
 * Resolves a relative reference (no scheme, no leading '/') against the
 * folder of base, folding "." and ".." and decoding %XX escapes:
 * ("content/a/b.md", "../c/d.md") -> "content/c/d.md".  Returns NULL when
 * the result would climb above the root.
 */
char *url_resolve(const char *base, const char *reference);

/* Decodes %XX escapes in s, in place. */
void url_decode_in_place(char *s);

/* Whether s starts with a URL scheme ("https:", "mailto:"). */
bool url_has_scheme(const char *s);

/*
 * The one scheme allow-list every URL the build writes from the handbook
 * passes (Markdown links and images, the config's addresses): true for a
 * reference without a scheme (relative, or "#id") and for the schemes
 * http, https, mailto, tel and ftp; for an image (image true) also the
 * data: URLs of PNG, GIF, JPEG and WebP.  javascript:, vbscript:, file:,
 * other data: and every unknown scheme are refused.  The scheme is read
 * as a browser reads it (the WHATWG URL Standard's basic URL parser):
 * leading control characters and spaces skipped, tabs and newlines
 * anywhere removed, letters in any case, so "  Java\tScript:" is
 * javascript: here too.
 */
bool url_is_allowed(const char *url, bool image);

/* Whether url is an http, https or ftp address without a host
 * ("http:page", "https://", "https:///x"): a browser would resolve the
 * first as a relative link and fail on the others. */
bool url_lacks_host(const char *url);

#endif
