/*
 * anchors: the ids of one page a link may name.  See anchors.h.  Lists
 * are searched in order: a page has tens of ids, and a build checks each
 * link once.
 */
#include "anchors.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "suggest.h"

void anchors_release(struct anchors *a)
{
	value_free(a->rendered);
	a->rendered = NULL;
}

static size_t count(const struct value *list)
{
	return list ? value_len(list) : 0;
}

/* Whether the list holds s[0..n). */
static bool list_has(const struct value *list, const char *s, size_t n)
{
	for (size_t i = 0; i < count(list); i++) {
		const char *item = value_string_of(value_at(list, i));

		if (strncmp(item, s, n) == 0 && item[n] == '\0')
			return true;
	}
	return false;
}

bool anchors_has_heading(const struct anchors *a, const char *id)
{
	return list_has(a->headings, id, strlen(id));
}

/* Whether id[0..n) is an element a plugin claimed on the page. */
static bool is_plugin_element(const struct anchors *a, const char *id, size_t n)
{
	for (size_t i = 0; a->claimed && i < value_len(a->claimed); i++) {
		const char *key = value_key_at(a->claimed, i);

		if (strncmp(key, id, n) == 0 && key[n] == '\0')
			return true;
	}
	return false;
}

const char *anchors_scenario_fault(const struct anchors *a,
				   const char *fragment, size_t *len)
{
	const char *part = fragment;

	while (*part) {
		size_t n = strcspn(part, ";");
		const char *colon = memchr(part, ':', n);

		*len = colon ? (size_t)(colon - part) : n;
		if (colon == NULL || !is_plugin_element(a, part, *len))
			return part;
		part += n + (part[n] == ';');
	}
	return NULL;
}

bool anchors_has(const struct anchors *a, const char *fragment)
{
	size_t n = strlen(fragment), len;

	return list_has(a->headings, fragment, n) ||
	       list_has(a->rendered, fragment, n) ||
	       (strchr(fragment, ':') &&
		!anchors_scenario_fault(a, fragment, &len));
}

const char *anchors_nearest(const struct anchors *a, const char *id)
{
	const struct value *lists[2] = {a->headings, a->rendered};
	size_t n = count(lists[0]) + count(lists[1]), k = 0;
	const char **names = mem_calloc(n + 1, sizeof *names);
	const char *near;

	for (size_t i = 0; i < 2; i++)
		for (size_t j = 0; j < count(lists[i]); j++)
			names[k++] = value_string_of(value_at(lists[i], j));
	near = suggest_nearest(id, names);
	free(names);
	return near;
}

/* Collects the value of every ' id="..."' attribute.  The HTML is the
 * generator's own (author HTML is gone), whose attribute values never
 * hold a quote. */
struct value *anchors_html_ids(const char *html)
{
	struct value *ids = value_list();
	const char *p = html;

	while ((p = strstr(p, "id=\"")) != NULL) {
		const char *start = p + 4, *end = strchr(start, '"');

		if (end == NULL)
			break;
		if (p > html &&
		    (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))
			value_push(ids, value_string_n(start,
						       (size_t)(end - start)));
		p = end + 1;
	}
	return ids;
}
