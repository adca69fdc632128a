/* Tests for links: rewriting source links to page URLs, and the errors. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "anchors.h"
#include "content.h"
#include "diag.h"
#include "links.h"
#include "value.h"

struct world {
	char *dir;
	struct handbook *hb;
	struct links *links;
	struct value *ids;
	struct page *tco; /* content/economics/tco.md */
};

static int setup(void **state)
{
	struct world *w = mem_calloc(1, sizeof *w);
	struct diag *d = diag_new();
	const struct content_options options = {.drafts = false};

	w->dir = fixture_dir();
	fixture_write(w->dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(w->dir, "content/economics/tco.md",
		      "---\ntitle: TCO\nslug: total-cost\n---\n");
	fixture_write(w->dir, "content/economics/storage.md",
		      "---\ntitle: Storage\n---\n");
	fixture_write(w->dir, "content/role/_index.md",
		      "---\ntitle: Role\n---\n");
	fixture_write(w->dir, "content/economics/chart.png", "png");
	w->hb = content_load(w->dir, &options, d);
	assert_int_equal(diag_count(d), 0);
	w->links = links_new(w->hb);
	w->ids = value_list();
	value_push(w->ids, value_string("storage"));
	w->tco = content_find(w->hb, "content/economics/tco.md");
	links_set_ids(w->links, w->tco, w->ids);
	diag_free(d);
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	links_free(w->links);
	value_free(w->ids);
	content_free(w->hb);
	fixture_remove(w->dir);
	free(w);
	return 0;
}

/* Rewrites target as written in the page at source; *error gets the
 * diagnostic line or NULL. */
static char *rewrite(struct world *w, const char *source, const char *target,
		     char **error)
{
	struct diag *d = diag_new();
	const struct page *from = content_find(w->hb, source);
	char *url = links_rewrite(w->links, from, target,
				  (struct pos){source, 3, 4}, d, NULL);

	*error = diag_count(d) ? diag_line(d, 0) : NULL;
	diag_free(d);
	return url;
}

static void expect(struct world *w, const char *source, const char *target,
		   const char *url, const char *error)
{
	char *got_error;
	char *got = rewrite(w, source, target, &got_error);

	if (url)
		assert_string_equal(got, url);
	else
		assert_null(got);
	if (error)
		assert_string_equal(got_error, error);
	else
		assert_null(got_error);
	free(got);
	free(got_error);
}

static void assert_diag_line(struct diag *d, size_t i, const char *want)
{
	char *line = diag_line(d, i);

	assert_string_equal(line, want);
	free(line);
}

static void test_source_links_become_relative_html_links(void **state)
{
	struct world *w = *state;

	expect(w, "content/index.md", "economics/tco.md#storage",
	       "economics/total-cost.html#storage", NULL);
	expect(w, "content/economics/storage.md", "tco.md", "total-cost.html",
	       NULL);
	expect(w, "content/economics/storage.md", "../role/_index.md",
	       "../role/index.html", NULL);
	expect(w, "content/economics/storage.md", "../index.md?x=1",
	       "../index.html", NULL);
	/* Files stay as written: they are copied to the same place. */
	expect(w, "content/economics/storage.md", "chart.png", NULL, NULL);
}

static void test_missing_targets_are_errors_with_hints(void **state)
{
	struct world *w = *state;

	expect(w, "content/index.md", "economics/tco.md#storag",
	       "economics/total-cost.html#storag",
	       "content/index.md:3:4: error: link: no heading or anchor "
	       "'#storag' in "
	       "'content/economics/tco.md' (did you mean '#storage'?)");
	expect(w, "content/index.md", "economics/tc.md", NULL,
	       "content/index.md:3:4: error: link: no page 'economics/tc.md' "
	       "(did you mean 'economics/tco.md'?)");
	expect(w, "content/index.md", "economics/missing.png", NULL,
	       "content/index.md:3:4: error: link: no file "
	       "'economics/missing.png' (there is no "
	       "content/economics/missing.png)");
	expect(w, "content/index.md", "../handbook.yml", NULL,
	       "content/index.md:3:4: error: link: '../handbook.yml' points "
	       "outside content/");
	expect(w, "content/index.md", "./", NULL,
	       "content/index.md:3:4: error: link: './' is a folder; link to "
	       "a page's .md file");
	expect(w, "content/index.md", "economics/", NULL,
	       "content/index.md:3:4: error: link: 'economics/' is a folder; "
	       "link to a page's .md file");
	/* A heading id GitHub's copy-link percent-encodes still matches. */
	expect(w, "content/index.md", "economics/tco.md#st%6Frage",
	       "economics/total-cost.html#storage", NULL);
	expect(w, "content/economics/tco.md", "#nowhere", NULL,
	       "content/economics/tco.md:3:4: error: link: no heading or "
	       "anchor '#nowhere' on this page");
}

/* Fragments that are no heading wait for the target's rendered ids:
 * footnotes and plugin elements, with GitHub's "user-content-" prefix
 * or without, and a plugin element's scenario. */
static void test_rendered_anchors_are_judged_after_rendering(void **state)
{
	struct world *w = *state;
	struct diag *d = diag_new();
	struct links_pending *pending = links_pending_new();
	const struct page *home = content_find(w->hb, "content/index.md");
	struct value *claimed = value_map();
	struct pos at = {"content/index.md", 5, 1};
	char *url;

	(void)state;
	url = links_rewrite(w->links, home, "economics/tco.md#calc-x", at, d,
			    pending);
	assert_string_equal(url, "economics/total-cost.html#calc-x");
	free(url);
	url = links_rewrite(w->links, home,
			    "economics/tco.md#user-content-fn-1", at, d,
			    pending);
	assert_string_equal(url, "economics/total-cost.html#fn-1");
	free(url);
	free(links_rewrite(w->links, home, "economics/tco.md#calc-x:a=1;b", at,
			   d, pending));
	free(links_rewrite(w->links, home, "economics/tco.md#fn-2", at, d,
			   pending));
	assert_int_equal(diag_count(d), 0);
	value_set_bool(claimed, "calc-x", true);
	links_set_rendered(w->links, w->tco,
			   anchors_html_ids("<section id=\"calc-x\">"
					    "<li id=\"fn-1\" data-id=\"no\">"),
			   claimed);
	links_check_pending(w->links, pending, d);
	assert_int_equal(diag_count(d), 2);
	assert_diag_line(d, 0,
			 "content/index.md:5:1: error: link: no plugin element "
			 "'#b' in 'content/economics/tco.md' for the scenario "
			 "'#calc-x:a=1;b'");
	assert_diag_line(
		d, 1,
		"content/index.md:5:1: error: link: no heading or "
		"anchor '#fn-2' in 'content/economics/tco.md' (did you "
		"mean '#fn-1'?)");
	links_pending_free(pending);
	value_free(claimed);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_source_links_become_relative_html_links),
		cmocka_unit_test(test_missing_targets_are_errors_with_hints),
		cmocka_unit_test(
			test_rendered_anchors_are_judged_after_rendering),
	};

	return cmocka_run_group_tests_name("links", tests, setup, teardown);
}
