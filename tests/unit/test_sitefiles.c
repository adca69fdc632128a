/* Tests for sitefiles: sitemap.xml, 404.html, .nojekyll and CNAME, as a
 * static host expects them beside the pages. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "sitefiles.h"
#include "theme.h"

struct book {
	char *dir;
	struct handbook *hb;
	struct config config;
	char *out; /* a folder for the sites the tests write */
	char *site;
};

/* A handbook of three pages (one with an update date) and a theme whose
 * page template shows what a 404 page needs: its title, root, nav links
 * and content. */
static int setup(void **state)
{
	struct book *b = calloc(1, sizeof *b);
	static const struct content_options options = {.drafts = false};
	struct diag *d = diag_new();

	b->dir = fixture_dir();
	fixture_write(b->dir, "handbook.yml", "title: Hb\n");
	fixture_write(b->dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(b->dir, "content/guide/_index.md",
		      "---\ntitle: Guide\n---\n");
	fixture_write(b->dir, "content/guide/a.md",
		      "---\ntitle: A\nupdated: 2024-03-01\n---\n");
	fixture_write(b->dir, "themes/t/templates/page.mustache",
		      "{{page.title}}|{{page.root}}|{{#nav}}{{url}} "
		      "{{/nav}}|{{{page.content}}}");
	assert_int_equal(config_load(&b->config, b->dir, d), 0);
	b->hb = content_load(b->dir, &options, d);
	assert_non_null(b->hb);
	assert_int_equal(diag_count(d), 0);
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

/* Each test writes into a fresh folder, removed after it. */
static int setup_site(void **state)
{
	struct book *b = *state;

	b->out = fixture_dir();
	b->site = file_join(b->out, "site");
	return 0;
}

static int teardown_site(void **state)
{
	struct book *b = *state;

	free(b->site);
	fixture_remove(b->out);
	config_set_base_url(&b->config, "");
	free(b->config.cname);
	b->config.cname = mem_strdup("");
	return 0;
}

/*
 * Writes the site files of b with theme t (of the handbook) into b->site.
 * The 404 page is made inside sitefiles_write: tests read it back from
 * the site, so a new constructor for it changes nothing here.
 */
static int write_site_files(struct book *b, const char *theme, struct diag *d)
{
	struct theme *t = theme_load(b->dir, theme, d);
	struct output *o;
	int status;

	assert_non_null(t);
	o = output_open(b->dir, b->site, false, d);
	assert_non_null(o);
	status = sitefiles_write(b->hb, &b->config, t, o, d);
	assert_int_equal(output_commit(o, NULL, d), 0);
	theme_free(t);
	return status;
}

/* The text of a file of the site, or NULL when it is missing. */
static char *site_file(const struct book *b, const char *relative)
{
	char *path = file_join(b->site, relative);
	struct buf text = BUF_INIT;
	char *result = NULL;

	if (file_read(path, &text) == 0)
		result = buf_detach(&text);
	buf_release(&text);
	free(path);
	return result;
}

static void assert_site_file(const struct book *b, const char *relative,
			     const char *expected)
{
	char *text = site_file(b, relative);

	if (text == NULL)
		fail_msg("%s was not written", relative);
	assert_string_equal(text, expected);
	free(text);
}

/* The sitemap protocol and robots.txt want absolute URLs: without a
 * base_url neither is written, and a warning says why. */
static void test_no_sitemap_or_robots_without_a_base_url(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();
	char *line;

	assert_int_equal(write_site_files(b, "t", d), 0);
	assert_int_equal(diag_count(d), 0); /* the check warns, once */
	sitefiles_check(&b->config, d);
	assert_int_equal(diag_count(d), 1);
	assert_int_equal(diag_warnings(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(
		line, "handbook.yml: warning: no base_url: sitemap.xml and "
		      "robots.txt are not written (they need absolute URLs), "
		      "and 404.html works only at the top of the site; set "
		      "base_url in handbook.yml or pass --base-url");
	free(line);
	assert_null(site_file(b, "sitemap.xml"));
	assert_null(site_file(b, "robots.txt"));
	diag_free(d);
}

static void test_sitemap_urls_are_absolute_and_escaped(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();

	config_set_base_url(&b->config, "https://example.org/a&b/");
	assert_int_equal(write_site_files(b, "t", d), 0);
	assert_site_file(
		b, "sitemap.xml",
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/"
		"0.9\">\n"
		"  <url><loc>https://example.org/a&amp;b/index.html</loc>"
		"</url>\n"
		"  <url><loc>https://example.org/a&amp;b/guide/index.html"
		"</loc></url>\n"
		"  <url><loc>https://example.org/a&amp;b/guide/a.html</loc>"
		"<lastmod>2024-03-01</lastmod></url>\n"
		"</urlset>\n");
	assert_site_file(b, "robots.txt",
			 "User-agent: *\nDisallow:\n\nSitemap: "
			 "https://example.org/a&b/sitemap.xml\n");
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
}

static void test_not_found_page_uses_the_page_template(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();

	assert_int_equal(write_site_files(b, "t", d), 0);
	/* Served at the site root: links are site-root paths. */
	assert_site_file(b, "404.html",
			 "Page not found||index.html guide/index.html |"
			 "<p>There is no page at this address. It may have "
			 "moved: start again from the home page.</p>\n");
	diag_free(d);
}

static void test_not_found_page_links_absolutely_with_a_base_url(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();

	/* GitHub Pages serves it for a missing path at any depth, where a
	 * relative link would point nowhere. */
	config_set_base_url(&b->config, "https://example.org/hb");
	assert_int_equal(write_site_files(b, "t", d), 0);
	assert_site_file(b, "404.html",
			 "Page not found|https://example.org/hb/|"
			 "https://example.org/hb/index.html "
			 "https://example.org/hb/guide/index.html |"
			 "<p>There is no page at this address. It may have "
			 "moved: start again from the home page.</p>\n");
	diag_free(d);
}

static void test_not_found_page_prefers_a_404_template(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();

	fixture_write(b->dir, "themes/t404/templates/page.mustache", "page");
	fixture_write(b->dir, "themes/t404/templates/404.mustache",
		      "Lost: {{page.title}} {{page.is_home}} "
		      "{{page.edit_url}}.");
	assert_int_equal(write_site_files(b, "t404", d), 0);
	assert_site_file(b, "404.html", "Lost: Page not found false .");
	diag_free(d);
}

static void test_nojekyll_always_and_cname_when_configured(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();
	char *cname;

	assert_int_equal(write_site_files(b, "t", d), 0);
	assert_site_file(b, ".nojekyll", "");
	cname = site_file(b, "CNAME");
	assert_null(cname);
	diag_free(d);
}

static void test_cname_holds_the_domain_on_one_line(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();

	free(b->config.cname);
	b->config.cname = mem_strdup("docs.example.org");
	assert_int_equal(write_site_files(b, "t", d), 0);
	assert_site_file(b, "CNAME", "docs.example.org\n");
	assert_site_file(b, ".nojekyll", "");
	diag_free(d);
}

static void test_a_broken_404_template_fails_but_writes_the_rest(void **state)
{
	struct book *b = *state;
	struct diag *d = diag_new();
	char *page;
	char *line;

	fixture_write(b->dir, "themes/bad404/templates/page.mustache", "ok");
	fixture_write(b->dir, "themes/bad404/templates/404.mustache",
		      "{{site}}");
	config_set_base_url(&b->config, "https://example.org/hb");
	assert_int_equal(write_site_files(b, "bad404", d), -1);
	assert_int_equal(diag_errors(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(line,
			    "themes/bad404/templates/404.mustache:1:1: error: "
			    "cannot print 'site': it is a map (use a section "
			    "to render what is inside)");
	free(line);
	page = site_file(b, "404.html");
	assert_null(page);
	assert_site_file(b, ".nojekyll", "");
	page = site_file(b, "sitemap.xml");
	assert_non_null(page);
	free(page);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_no_sitemap_or_robots_without_a_base_url,
			setup_site, teardown_site),
		cmocka_unit_test_setup_teardown(
			test_sitemap_urls_are_absolute_and_escaped, setup_site,
			teardown_site),
		cmocka_unit_test_setup_teardown(
			test_not_found_page_uses_the_page_template, setup_site,
			teardown_site),
		cmocka_unit_test_setup_teardown(
			test_not_found_page_links_absolutely_with_a_base_url,
			setup_site, teardown_site),
		cmocka_unit_test_setup_teardown(
			test_not_found_page_prefers_a_404_template, setup_site,
			teardown_site),
		cmocka_unit_test_setup_teardown(
			test_nojekyll_always_and_cname_when_configured,
			setup_site, teardown_site),
		cmocka_unit_test_setup_teardown(
			test_cname_holds_the_domain_on_one_line, setup_site,
			teardown_site),
		cmocka_unit_test_setup_teardown(
			test_a_broken_404_template_fails_but_writes_the_rest,
			setup_site, teardown_site),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
