/*
 * book: the pages read back for search and print.  See book.h.
 */
#include "book.h"

#include <string.h>

#include "buf.h"
#include "pagerender.h"
#include "print.h"
#include "search.h"
#include "searchtext.h"

/* The content between the markers of page.content in a page's HTML, or
 * NULL when the theme's template did not write it. */
static const char *marked_content(const struct buf *html, size_t *len)
{
	const char *start = strstr(buf_str(html), PAGERENDER_CONTENT_START);
	const char *end;

	if (start == NULL)
		return NULL;
	start += strlen(PAGERENDER_CONTENT_START);
	end = strstr(start, PAGERENDER_CONTENT_END);
	if (end == NULL)
		return NULL;
	*len = (size_t)(end - start);
	return start;
}

int book_write(const struct handbook *hb, const struct config *c,
	       const struct theme *t, const struct value *css, struct output *o,
	       struct diag *d)
{
	struct search *s;
	struct print *p = print_begin(hb, c, t, css, o, d);
	struct buf html = BUF_INIT;
	size_t markdown = 0;
	int status;

	for (size_t i = 0; i < hb->npages; i++)
		markdown += hb->order[i]->body_len;
	s = search_new(o, markdown, hb->npages, d);
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];
		const char *content = NULL;
		size_t len = 0;
		struct value *sections = NULL;

		buf_reset(&html);
		if (output_read(o, pg->url, &html) == 0)
			content = marked_content(&html, &len);
		if (content)
			sections = searchtext_sections(content, len);
		search_add_page(s, pg->url, pg->title,
				pg->part && pg->part->index != pg
					? pg->part->title
					: "",
				sections);
		print_add_page(p, pg, content, len);
		value_free(sections);
	}
	buf_release(&html);
	status = search_write(s);
	status |= print_end(p);
	search_free(s);
	return status ? -1 : 0;
}
