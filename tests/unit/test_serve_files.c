/* Tests for serve_files: which file a request names, what it is served
 * as, and every way out of the site folder refused. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "serve_files.h"

/* A site folder beside a secret the server must never give away. */
static char *make_site(char **site)
{
	char *root = fixture_dir();

	fixture_write(root, "secret.txt", "secret");
	fixture_write(root, "site/index.html", "home");
	fixture_write(root, "site/part/index.html", "part");
	fixture_write(root, "site/part/page.html", "page");
	fixture_write(root, "site/a b/c.html", "spaced");
	fixture_write(root, "site/.prepbook-cache", "cache");
	fixture_write(root, "site/.nojekyll", "");
	*site = file_join(root, "site");
	return root;
}

/* The site path the request resolves to, or NULL when refused. */
static char *served(const char *site, const char *raw)
{
	struct serve_files_result r = serve_files_resolve(site, raw);
	char real_site[4096];
	char *rel;

	if (r.kind != SERVE_FILES_FOUND) {
		free(r.path);
		return NULL;
	}
	assert_non_null(realpath(site, real_site));
	assert_memory_equal(r.path, real_site, strlen(real_site));
	rel = mem_strdup(r.path + strlen(real_site) + 1);
	free(r.path);
	return rel;
}

static void assert_served(const char *site, const char *raw, const char *want)
{
	char *got = served(site, raw);

	if (got == NULL)
		fail_msg("'%s' was refused, want '%s'", raw, want);
	assert_string_equal(got, want);
	free(got);
}

static void assert_refused(const char *site, const char *raw)
{
	char *got = served(site, raw);

	if (got != NULL)
		fail_msg("'%s' served '%s'", raw, got);
}

static void test_root_and_folders_serve_index_html(void **state)
{
	char *site, *root = make_site(&site);

	(void)state;
	assert_served(site, "/", "index.html");
	assert_served(site, "/part/", "part/index.html");
	assert_served(site, "/part/page.html", "part/page.html");
	assert_served(site, "/a%20b/c.html", "a b/c.html");
	assert_served(site, "//part//page.html", "part/page.html");
	assert_served(site, "/.nojekyll", ".nojekyll");
	free(site);
	fixture_remove(root);
}

static void test_folder_without_slash_redirects(void **state)
{
	char *site, *root = make_site(&site);
	struct serve_files_result r = serve_files_resolve(site, "/part");

	(void)state;
	assert_int_equal(r.kind, SERVE_FILES_FOLDER);
	assert_string_equal(r.path, "/part/");
	free(r.path);
	free(site);
	fixture_remove(root);
}

static void test_ways_out_are_refused(void **state)
{
	static const char *const ways[] = {
		"/../secret.txt",
		"/part/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/%2e./secret.txt",
		"/..%2fsecret.txt",
		"/part%2f..%2f..%2fsecret.txt",
		"/..%5csecret.txt",
		"/..\\secret.txt",
		"/index.html%00.png",
		"/%00",
		"/./index.html",
		"/part/./page.html",
		"/%",
		"/%2",
		"/%zz",
		"index.html",
		"",
		"/.prepbook-cache",
		"/part/.prepbook-site",
		"/missing.html",
		"/part/missing/",
	};
	char *site, *root = make_site(&site);

	(void)state;
	for (size_t i = 0; i < sizeof ways / sizeof ways[0]; i++)
		assert_refused(site, ways[i]);
	free(site);
	fixture_remove(root);
}

static void test_symbolic_links_out_of_the_site_are_refused(void **state)
{
	char *site, *root = make_site(&site);
	char *out = file_join(site, "out");
	char *in = file_join(site, "in.html");

	(void)state;
	assert_int_equal(symlink(root, out), 0);
	assert_int_equal(symlink("part/page.html", in), 0);
	assert_refused(site, "/out/secret.txt");
	assert_refused(site, "/out/site/index.html/../../secret.txt");
	/* A link that stays inside is an ordinary file of the site. */
	assert_served(site, "/in.html", "part/page.html");
	free(in);
	free(out);
	free(site);
	fixture_remove(root);
}

static void test_types_by_extension(void **state)
{
	(void)state;
	assert_string_equal(serve_files_type("/s/a.html"),
			    "text/html; charset=utf-8");
	assert_string_equal(serve_files_type("/s/A.HTML"),
			    "text/html; charset=utf-8");
	assert_string_equal(serve_files_type("/s/assets/x.css"),
			    "text/css; charset=utf-8");
	assert_string_equal(serve_files_type("/s/x.js"),
			    "text/javascript; charset=utf-8");
	assert_string_equal(serve_files_type("/s/x.json"), "application/json");
	assert_string_equal(serve_files_type("/s/x.svg"), "image/svg+xml");
	assert_string_equal(serve_files_type("/s/x.png"), "image/png");
	assert_string_equal(serve_files_type("/s/x.jpg"), "image/jpeg");
	assert_string_equal(serve_files_type("/s/x.jpeg"), "image/jpeg");
	assert_string_equal(serve_files_type("/s/x.gif"), "image/gif");
	assert_string_equal(serve_files_type("/s/x.webp"), "image/webp");
	assert_string_equal(serve_files_type("/s/x.ico"), "image/x-icon");
	assert_string_equal(serve_files_type("/s/x.woff2"), "font/woff2");
	assert_string_equal(serve_files_type("/s/x.txt"),
			    "text/plain; charset=utf-8");
	assert_string_equal(serve_files_type("/s/sitemap.xml"),
			    "application/xml");
	assert_string_equal(serve_files_type("/s/manifest.webmanifest"),
			    "application/manifest+json");
	assert_string_equal(serve_files_type("/s/x.pdf"), "application/pdf");
	assert_string_equal(serve_files_type("/s/x.csv"),
			    "text/csv; charset=utf-8");
	assert_string_equal(serve_files_type("/s/CNAME"),
			    "application/octet-stream");
	assert_string_equal(serve_files_type("/s/.nojekyll"),
			    "application/octet-stream");
	assert_string_equal(serve_files_type("/s.d/x.unknown"),
			    "application/octet-stream");
	assert_true(serve_files_is_html("/s/a.html"));
	assert_true(serve_files_is_html("/s/a.htm"));
	assert_false(serve_files_is_html("/s/a.html.txt"));
	assert_false(serve_files_is_html("/s.html/a"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_and_folders_serve_index_html),
		cmocka_unit_test(test_folder_without_slash_redirects),
		cmocka_unit_test(test_ways_out_are_refused),
		cmocka_unit_test(
			test_symbolic_links_out_of_the_site_are_refused),
		cmocka_unit_test(test_types_by_extension),
	};

	return cmocka_run_group_tests_name("serve_files", tests, NULL, NULL);
}
