/* Tests for context: the data a theme template sees for a page (site,
 * page, nav, assets, build), every URL relative to the page unless the
 * root is overridden, and reading time. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "content.h"
#include "context.h"
#include "diag.h"
#include "value.h"

struct book {
	char *dir;
	struct handbook *hb;
	struct config config;
};

/*
 * The handbook every test reads, in reading order:
 *   index.md (Home), econ/ (no _index.md: a generated landing page, weight
 *   0) with cost.md, guide/ (weight 1) with intro.md and next.md, and the
 *   top-level glossary.md (weight 5).
 */
static int setup(void **state)
{
	struct book *b = calloc(1, sizeof *b);
	static const struct content_options options = {.drafts = false};
	struct diag *d = diag_new();

	b->dir = fixture_dir();
	fixture_write(b->dir, "handbook.yml",
		      "title: Hb\ndescription: About\n"
		      "repo_url: https://git.example.org/me/hb/\n"
		      "language: de\n");
	fixture_write(b->dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(b->dir, "content/econ/cost.md",
		      "---\ntitle: Cost\ndescription: What it costs\n---\n");
	fixture_write(b->dir, "content/guide/_index.md",
		      "---\ntitle: Guide\nweight: 1\n---\n");
	fixture_write(b->dir, "content/guide/intro.md",
		      "---\ntitle: Intro\nweight: 1\ndescription: First\n"
		      "tags: [setup, 2]\nupdated: 2024-01-02\n---\n");
	fixture_write(b->dir, "content/guide/next.md",
		      "---\ntitle: Next\nweight: 2\ntoc: false\n---\n");
	fixture_write(b->dir, "content/glossary.md",
		      "---\ntitle: Glossary\nweight: 5\n---\n");
	assert_int_equal(config_load(&b->config, b->dir, d), 0);
	b->hb = content_load(b->dir, &options, d);
	assert_non_null(b->hb);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(b->hb->npages, 7);
	diag_free(d);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct book *b = *state;

	content_free(b->hb);
	config_release(&b->config);
	fixture_remove(b->dir);
	free(b);
	return 0;
}

/* A TOC of one heading, as markdown_render makes it. */
static struct value *one_heading_toc(void)
{
	struct value *toc = value_list(), *entry = value_map();

	value_set_string(entry, "id", "why");
	value_set_string(entry, "title", "Why");
	value_set_bool(entry, "has_children", false);
	value_set(entry, "children", value_list());
	value_push(toc, entry);
	return toc;
}

/*
 * The context of the page whose site path is url.  toc (owned, may be NULL) is
 * handed to context_page as rendering would; this is the one place that knows
 * how context_page takes it, so a change of that signature changes only
 * this function.
 */
static struct value *page_context(const struct book *b, const char *url,
				  struct value *toc, size_t words,
				  const struct value *css,
				  const struct value *js, const char *root)
{
	const struct page *pg = NULL;
	struct context_rendered r = {.content = "<p>Body</p>\n",
				     .toc = toc,
				     .words = words,
				     .css = css,
				     .js = js};

	for (size_t i = 0; i < b->hb->npages && pg == NULL; i++)
		if (strcmp(b->hb->order[i]->url, url) == 0)
			pg = b->hb->order[i];
	if (pg == NULL)
		fail_msg("no page %s", url);
	return context_page(b->hb, &b->config, pg, &r, root, NULL);
}

/* The value at a dotted path ("page.nav.1.url"); numbers index lists. */
static const struct value *at(const struct value *v, const char *path)
{
	char *copy = strdup(path), *save = NULL;

	for (char *part = strtok_r(copy, ".", &save); part && v;
	     part = strtok_r(NULL, ".", &save)) {
		if (value_is(v, VALUE_LIST))
			v = value_at(v, (size_t)strtoul(part, NULL, 10));
		else
			v = value_get(v, part);
	}
	free(copy);
	return v;
}

static void assert_text(const struct value *ctx, const char *path,
			const char *expected)
{
	const struct value *v = at(ctx, path);

	if (v == NULL)
		fail_msg("%s is missing (expected \"%s\")", path, expected);
	if (value_text(v) == NULL)
		fail_msg("%s is a %s (expected \"%s\")", path,
			 value_kind_name(value_kind(v)), expected);
	if (strcmp(value_text(v), expected) != 0)
		fail_msg("%s is \"%s\", expected \"%s\"", path, value_text(v),
			 expected);
	if (value_is(v, VALUE_BOOL) || value_is(v, VALUE_NUMBER))
		return;
	assert_true(value_is(v, VALUE_STRING));
}

static void assert_len(const struct value *ctx, const char *path,
		       size_t expected)
{
	const struct value *v = at(ctx, path);

	if (v == NULL)
		fail_msg("%s is missing", path);
	if (!value_is(v, VALUE_LIST) && !value_is(v, VALUE_MAP))
		fail_msg("%s is not a list", path);
	assert_int_equal(value_len(v), expected);
}

static void test_top_level_keys(void **state)
{
	struct value *ctx = page_context(*state, "guide/intro.html", NULL, 0,
					 NULL, NULL, NULL);
	const char *keys[] = {"site", "page", "nav", "assets", "build"};

	assert_int_equal(value_len(ctx), 5);
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(value_key_at(ctx, i), keys[i]);
	assert_text(ctx, "build.version", PREPBOOK_VERSION);
	assert_text(ctx, "site.title", "Hb");
	assert_text(ctx, "site.description", "About");
	assert_text(ctx, "site.repo_url", "https://git.example.org/me/hb");
	assert_text(ctx, "site.base_url", "");
	assert_text(ctx, "site.language", "de");
	value_free(ctx);
}

static void test_page_fields_of_a_part_page(void **state)
{
	struct value *ctx = page_context(*state, "guide/intro.html", NULL, 401,
					 NULL, NULL, NULL);

	assert_text(ctx, "page.title", "Intro");
	assert_text(ctx, "page.description", "First");
	assert_text(ctx, "page.content", "<p>Body</p>\n");
	assert_text(ctx, "page.url", "intro.html");
	assert_text(ctx, "page.path", "guide/intro.html");
	assert_text(ctx, "page.root", "../");
	assert_text(ctx, "page.source", "content/guide/intro.md");
	assert_text(ctx, "page.updated", "2024-01-02");
	assert_text(ctx, "page.reading_minutes", "3");
	assert_text(ctx, "page.is_home", "false");
	assert_text(ctx, "page.edit_url",
		    "https://git.example.org/me/hb/edit/main/"
		    "content/guide/intro.md");
	/* Tags are strings, whatever YAML made of them. */
	assert_len(ctx, "page.tags", 2);
	assert_text(ctx, "page.tags.0.name", "setup");
	assert_text(ctx, "page.tags.0.url", "../tags/setup.html");
	assert_text(ctx, "page.tags.1.name", "2");
	assert_text(ctx, "page.tags.1.url", "../tags/2.html");
	value_free(ctx);
}

static void test_neighbours_and_part_are_relative_links(void **state)
{
	struct value *ctx = page_context(*state, "guide/intro.html", NULL, 0,
					 NULL, NULL, NULL);

	assert_text(ctx, "page.prev.title", "Guide");
	assert_text(ctx, "page.prev.url", "index.html");
	assert_text(ctx, "page.prev.active", "false");
	assert_text(ctx, "page.next.title", "Next");
	assert_text(ctx, "page.next.url", "next.html");
	assert_text(ctx, "page.part.title", "Guide");
	assert_text(ctx, "page.part.url", "index.html");
	/* From a part page: home, then the part. */
	assert_len(ctx, "page.breadcrumbs", 2);
	assert_text(ctx, "page.breadcrumbs.0.title", "Home");
	assert_text(ctx, "page.breadcrumbs.0.url", "../index.html");
	assert_text(ctx, "page.breadcrumbs.1.title", "Guide");
	assert_text(ctx, "page.breadcrumbs.1.url", "index.html");
	/* Only landing pages list pages. */
	assert_len(ctx, "page.pages", 0);
	value_free(ctx);
}

static void test_nav_marks_the_open_part_and_the_active_page(void **state)
{
	struct value *ctx = page_context(*state, "guide/intro.html", NULL, 0,
					 NULL, NULL, NULL);

	assert_len(ctx, "nav", 4);
	assert_text(ctx, "nav.0.title", "Home");
	assert_text(ctx, "nav.0.url", "../index.html");
	assert_text(ctx, "nav.0.is_part", "false");
	assert_text(ctx, "nav.0.open", "false");
	assert_len(ctx, "nav.0.pages", 0);

	assert_text(ctx, "nav.1.title", "Econ");
	assert_text(ctx, "nav.1.url", "../econ/index.html");
	assert_text(ctx, "nav.1.is_part", "true");
	assert_text(ctx, "nav.1.open", "false");
	/* A folded part lists no pages (nav-tree.js has them), but says it
	 * has some, and under which key. */
	assert_len(ctx, "nav.1.pages", 0);
	assert_text(ctx, "nav.1.has_pages", "true");
	assert_text(ctx, "nav.1.key", "econ/index.html");

	assert_text(ctx, "nav.2.title", "Guide");
	assert_text(ctx, "nav.2.url", "index.html");
	assert_text(ctx, "nav.2.open", "true");
	assert_text(ctx, "nav.2.active", "false");
	assert_len(ctx, "nav.2.pages", 2);
	assert_text(ctx, "nav.2.pages.0.title", "Intro");
	assert_text(ctx, "nav.2.pages.0.url", "intro.html");
	assert_text(ctx, "nav.2.pages.0.active", "true");
	assert_text(ctx, "nav.2.pages.1.url", "next.html");
	assert_text(ctx, "nav.2.pages.1.active", "false");

	assert_text(ctx, "nav.3.title", "Glossary");
	assert_text(ctx, "nav.3.url", "../glossary.html");
	assert_text(ctx, "nav.3.is_part", "false");
	assert_text(ctx, "nav.3.open", "false");
	assert_len(ctx, "nav.3.pages", 0);
	value_free(ctx);
}

static void test_home_lists_every_section_and_has_no_crumbs(void **state)
{
	struct value *ctx =
		page_context(*state, "index.html", NULL, 0, NULL, NULL, NULL);

	assert_text(ctx, "page.is_home", "true");
	assert_text(ctx, "page.root", "");
	assert_text(ctx, "page.url", "index.html");
	assert_null(at(ctx, "page.prev"));
	assert_null(at(ctx, "page.part"));
	assert_text(ctx, "page.next.url", "econ/index.html");
	assert_len(ctx, "page.breadcrumbs", 0);
	assert_len(ctx, "page.pages", 3);
	assert_text(ctx, "page.pages.0.url", "econ/index.html");
	assert_text(ctx, "page.pages.1.url", "guide/index.html");
	assert_text(ctx, "page.pages.2.url", "glossary.html");
	/* With every part's pages: the whole table of contents. */
	assert_len(ctx, "page.pages.0.pages", 1);
	assert_text(ctx, "page.pages.0.pages.0.url", "econ/cost.html");
	assert_len(ctx, "page.pages.1.pages", 2);
	assert_text(ctx, "page.pages.1.pages.1.title", "Next");
	assert_len(ctx, "page.pages.2.pages", 0);
	assert_text(ctx, "nav.0.active", "true");
	assert_text(ctx, "nav.0.url", "index.html");
	value_free(ctx);
}

static void test_a_generated_landing_page(void **state)
{
	struct value *ctx = page_context(*state, "econ/index.html", NULL, 0,
					 NULL, NULL, NULL);

	assert_text(ctx, "page.title", "Econ");
	/* There is no file to edit. */
	assert_text(ctx, "page.edit_url", "");
	assert_len(ctx, "page.pages", 1);
	assert_text(ctx, "page.pages.0.title", "Cost");
	assert_text(ctx, "page.pages.0.url", "cost.html");
	assert_len(ctx, "page.breadcrumbs", 1);
	assert_text(ctx, "page.breadcrumbs.0.url", "../index.html");
	assert_text(ctx, "nav.1.active", "true");
	assert_text(ctx, "nav.1.open", "true");
	value_free(ctx);
}

static void test_a_top_level_page(void **state)
{
	struct value *ctx = page_context(*state, "glossary.html", NULL, 0, NULL,
					 NULL, NULL);

	assert_text(ctx, "page.root", "");
	assert_null(at(ctx, "page.part"));
	assert_null(at(ctx, "page.next"));
	assert_text(ctx, "page.prev.url", "guide/next.html");
	assert_len(ctx, "page.breadcrumbs", 1);
	assert_text(ctx, "nav.3.active", "true");
	assert_text(ctx, "nav.3.open", "false");
	assert_text(ctx, "page.updated", "");
	assert_text(ctx, "page.description", "");
	assert_len(ctx, "page.tags", 0);
	value_free(ctx);
}

static void test_toc_is_handed_over_and_shown_when_wanted(void **state)
{
	struct value *toc = one_heading_toc();
	struct value *ctx = page_context(*state, "guide/intro.html", toc, 0,
					 NULL, NULL, NULL);

	assert_text(ctx, "page.has_toc", "true");
	assert_len(ctx, "page.toc", 1);
	assert_text(ctx, "page.toc.0.id", "why");
	value_free(ctx);

	/* The page turns it off in its front matter. */
	ctx = page_context(*state, "guide/next.html", one_heading_toc(), 0,
			   NULL, NULL, NULL);
	assert_text(ctx, "page.has_toc", "false");
	assert_len(ctx, "page.toc", 1);
	value_free(ctx);

	/* No headings, or no TOC at all: nothing to show, still a list. */
	ctx = page_context(*state, "guide/intro.html", value_list(), 0, NULL,
			   NULL, NULL);
	assert_text(ctx, "page.has_toc", "false");
	assert_len(ctx, "page.toc", 0);
	value_free(ctx);
	ctx = page_context(*state, "guide/intro.html", NULL, 0, NULL, NULL,
			   NULL);
	assert_text(ctx, "page.has_toc", "false");
	assert_len(ctx, "page.toc", 0);
	value_free(ctx);
}

static void test_asset_links_are_relative_to_the_page(void **state)
{
	struct value *css = value_list(), *js = value_list();
	struct value *ctx;

	value_push(css, value_string("assets/plugins/calc.1234abcd.css"));
	value_push(js, value_string("assets/plugins/calc.5678ef01.js"));
	value_push(js, value_string("assets/search.js"));
	ctx = page_context(*state, "guide/intro.html", NULL, 0, css, js, NULL);
	assert_len(ctx, "assets.css", 1);
	assert_text(ctx, "assets.css.0.url",
		    "../assets/plugins/calc.1234abcd.css");
	assert_len(ctx, "assets.js", 2);
	assert_text(ctx, "assets.js.0.url",
		    "../assets/plugins/calc.5678ef01.js");
	assert_text(ctx, "assets.js.1.url", "../assets/search.js");
	value_free(ctx);

	/* The caller keeps its lists. */
	assert_int_equal(value_len(js), 2);
	ctx = page_context(*state, "index.html", NULL, 0, css, NULL, NULL);
	assert_text(ctx, "assets.css.0.url",
		    "assets/plugins/calc.1234abcd.css");
	assert_len(ctx, "assets.js", 0);
	value_free(ctx);
	value_free(css);
	value_free(js);
}

static void test_a_root_override_makes_every_link_absolute(void **state)
{
	struct value *css = value_list();
	struct value *ctx;

	value_push(css, value_string("assets/theme.css"));
	ctx = page_context(*state, "guide/intro.html", NULL, 0, css, NULL,
			   "https://example.org/hb/");
	assert_text(ctx, "page.root", "https://example.org/hb/");
	assert_text(ctx, "page.next.url",
		    "https://example.org/hb/guide/next.html");
	assert_text(ctx, "page.breadcrumbs.0.url",
		    "https://example.org/hb/index.html");
	assert_text(ctx, "nav.2.pages.0.url",
		    "https://example.org/hb/guide/intro.html");
	assert_text(ctx, "nav.3.url", "https://example.org/hb/glossary.html");
	assert_text(ctx, "assets.css.0.url",
		    "https://example.org/hb/assets/theme.css");
	value_free(ctx);

	/* An empty override (no base_url) gives site-root paths at any
	 * depth. */
	ctx = page_context(*state, "guide/intro.html", NULL, 0, css, NULL, "");
	assert_text(ctx, "page.root", "");
	assert_text(ctx, "page.next.url", "guide/next.html");
	assert_text(ctx, "nav.0.url", "index.html");
	assert_text(ctx, "assets.css.0.url", "assets/theme.css");
	value_free(ctx);
	value_free(css);
}

static void test_without_a_repository_there_is_no_edit_link(void **state)
{
	struct book *b = *state;
	char *saved = b->config.repo_url;
	struct value *ctx;

	b->config.repo_url = (char *)"";
	ctx = page_context(b, "guide/intro.html", NULL, 0, NULL, NULL, NULL);
	b->config.repo_url = saved;
	assert_text(ctx, "page.edit_url", "");
	value_free(ctx);
}

/* page.reading_minutes for a page of the given number of words. */
static int reading_minutes(const struct book *b, size_t words)
{
	struct value *ctx = page_context(b, "guide/intro.html", NULL, words,
					 NULL, NULL, NULL);
	int minutes = (int)value_number_of(at(ctx, "page.reading_minutes"));

	value_free(ctx);
	return minutes;
}

static void test_reading_time_rounds_up_with_a_minimum_of_one(void **state)
{
	const struct book *b = *state;

	assert_int_equal(reading_minutes(b, 0), 1);
	assert_int_equal(reading_minutes(b, 1), 1);
	assert_int_equal(reading_minutes(b, 200), 1);
	assert_int_equal(reading_minutes(b, 201), 2);
	assert_int_equal(reading_minutes(b, 400), 2);
	assert_int_equal(reading_minutes(b, 401), 3);
	assert_int_equal(reading_minutes(b, 12000), 60);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_top_level_keys),
		cmocka_unit_test(test_page_fields_of_a_part_page),
		cmocka_unit_test(test_neighbours_and_part_are_relative_links),
		cmocka_unit_test(
			test_nav_marks_the_open_part_and_the_active_page),
		cmocka_unit_test(
			test_home_lists_every_section_and_has_no_crumbs),
		cmocka_unit_test(test_a_generated_landing_page),
		cmocka_unit_test(test_a_top_level_page),
		cmocka_unit_test(test_toc_is_handed_over_and_shown_when_wanted),
		cmocka_unit_test(test_asset_links_are_relative_to_the_page),
		cmocka_unit_test(
			test_a_root_override_makes_every_link_absolute),
		cmocka_unit_test(
			test_without_a_repository_there_is_no_edit_link),
		cmocka_unit_test(
			test_reading_time_rounds_up_with_a_minimum_of_one),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
