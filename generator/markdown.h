/*
 * markdown: cmark-gfm, and everything the site does to a page's Markdown
 * tree before it becomes HTML: heading ids as GitHub makes them, the table
 * of contents, plugin blocks, link rewriting, and keeping raw HTML out.
 *
 * A page is parsed once (markdown_parse), early, so that every page's
 * heading ids are known before any page's links are checked; it is
 * rendered later (markdown_render), possibly on another thread.
 */
#ifndef PREPBOOK_MARKDOWN_H
#define PREPBOOK_MARKDOWN_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

struct markdown_doc;

/*
 * What the caller decides while a page renders.  link gets each link or
 * image target as the author wrote it (without a scheme) and returns the
 * URL to write (malloc'd), or NULL to keep it; it reports bad links in d
 * itself.  block gets each fenced block with its first info word; it
 * returns 1 after appending the block's HTML, 0 to keep it a code block,
 * -1 after recording an error.  Either may be NULL.
 */
struct markdown_hooks {
	char *(*link)(void *data, const char *target, struct pos at,
		      struct diag *d);
	int (*block)(void *data, const char *name, const char *body,
		     struct pos at, struct buf *html, struct diag *d);
	void *data;
};

struct markdown_output {
	struct buf html;
	struct value *toc; /* [{id, title, has_children, children: [...]}],
			     headings of level 2 and 3 */
	struct buf text;   /* plain text of the page, for counting and search */
	size_t words;
	struct buf summary; /* the first paragraph's plain text, cut to about
			       160 characters at a word: the page's
			       description when it has none of its own */
};

/* Registers cmark-gfm's extensions.  Process-wide: call once, before any
 * thread renders. */
void markdown_init(void);

/* Parses body (which starts on file line first_line).  Never fails: all
 * text is Markdown.  body must outlive the doc (positions are read from
 * it). */
struct markdown_doc *markdown_parse(const char *body, size_t len,
				    const char *file, int first_line);
void markdown_free(struct markdown_doc *doc);

/* The page's heading ids in document order (GitHub's, deduplicated);
 * a list value owned by doc. */
const struct value *markdown_heading_ids(const struct markdown_doc *doc);

/* The same ids for a body not otherwise parsed, without the cost of a
 * full parse's lock (markdown.c says why that is safe); the caller owns
 * the list.  Must not run while a full parse runs on another thread. */
struct value *markdown_heading_ids_of(const char *body, size_t len);

/* Renders doc into out (which the caller initialises and releases with
 * markdown_output_release).  Returns 0, or -1 when a hook reported an
 * error.  A doc is rendered at most once. */
int markdown_render(struct markdown_doc *doc,
		    const struct markdown_hooks *hooks,
		    struct markdown_output *out, struct diag *d);
void markdown_output_init(struct markdown_output *out);
void markdown_output_release(struct markdown_output *out);

/* Inline Markdown (one paragraph's worth) to HTML without the <p>; links go
 * through hooks like a page's.  The caller frees the result. */
char *markdown_inline(const char *text, const struct markdown_hooks *hooks,
		      struct pos at, struct diag *d);

#endif
