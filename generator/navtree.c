/*
 * navtree: nav-tree.js.  See navtree.h.
 */
#include "navtree.h"

#include <stdbool.h>

#include "buf.h"
#include "escape.h"

static void write_part(struct buf *js, const struct part *pt)
{
	escape_json(js, pt->index->url);
	buf_puts(js, ":[");
	for (size_t i = 0; i < pt->npages; i++) {
		buf_puts(js, i ? ",\n[" : "\n[");
		escape_json(js, pt->pages[i]->title);
		buf_putc(js, ',');
		escape_json(js, pt->pages[i]->url);
		buf_putc(js, ']');
	}
	buf_puts(js, "]");
}

int navtree_write(const struct handbook *hb, struct output *o, struct diag *d)
{
	struct buf js = BUF_INIT;
	bool first = true;
	int status;

	buf_puts(&js, "/* Written by prepbook: the pages of every part, for "
		      "the theme's navigation script. */\n"
		      "window.prepbookNavTree = {");
	for (size_t i = 0; i < hb->nsections; i++) {
		if (hb->sections[i].part == NULL)
			continue;
		buf_puts(&js, first ? "\n" : ",\n");
		write_part(&js, hb->sections[i].part);
		first = false;
	}
	buf_puts(&js, "\n};\n");
	status = output_write(o, NAVTREE_PATH, "the generated navigation tree",
			      buf_str(&js), js.len, d);
	buf_release(&js);
	return status;
}
