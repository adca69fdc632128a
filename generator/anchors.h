/*
 * anchors: what a link's fragment may name in a page, as a pull request's
 * preview would follow it: a heading's id (known once the page is
 * parsed), any other id of its rendered HTML (a footnote's, a plugin
 * element's), and a scenario of a plugin's element,
 * "#calc-a:x=1;calc-b:y=2": ';'-separated parts, each the id of an
 * element a plugin claimed (ctx.claim_id), ':' and a state the plugin's
 * script reads.
 */
#ifndef PREPBOOK_ANCHORS_H
#define PREPBOOK_ANCHORS_H

#include <stdbool.h>
#include <stddef.h>

#include "value.h"

/* One page's anchors.  Zeroed: nothing known yet. */
struct anchors {
	const struct value *headings; /* borrowed: heading ids, a list */
	struct value *rendered;	      /* owned: ids of the rendered HTML */
	const struct value *claimed;  /* borrowed: ids plugins claimed, a
					 map */
};

void anchors_release(struct anchors *a);

bool anchors_has_heading(const struct anchors *a, const char *id);

/* Whether fragment names a heading, any id of the HTML, or a scenario. */
bool anchors_has(const struct anchors *a, const char *fragment);

/* The first part of a scenario fragment whose element is not a plugin's
 * (its length in *len), or NULL when every part's is. */
const char *anchors_scenario_fault(const struct anchors *a,
				   const char *fragment, size_t *len);

/* The id nearest to id, as a typo hint; NULL if none is near. */
const char *anchors_nearest(const struct anchors *a, const char *id);

/* The ids ("id" attributes) of a page's rendered HTML, as a list value
 * the caller owns.  Safe on any thread. */
struct value *anchors_html_ids(const char *html);

#endif
