/* Tests for url: relative links between site pages and source paths. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "url.h"

static void check(char *got, const char *expected)
{
	if (expected == NULL)
		assert_null(got);
	else
		assert_string_equal(got, expected);
	free(got);
}

static void test_root_climbs_one_level_per_folder(void **state)
{
	(void)state;
	check(url_root("index.html"), "");
	check(url_root("economics/tco.html"), "../");
	check(url_root("a/b/c.html"), "../../");
}

static void test_relative_links_between_pages(void **state)
{
	(void)state;
	check(url_relative("economics/tco.html", "index.html"),
	      "../index.html");
	check(url_relative("index.html", "economics/tco.html"),
	      "economics/tco.html");
	check(url_relative("economics/tco.html", "economics/storage.html"),
	      "storage.html");
	check(url_relative("economics/tco.html", "role/index.html"),
	      "../role/index.html");
	/* A shared prefix that is not a whole folder is not shared. */
	check(url_relative("econ/a.html", "economics/b.html"),
	      "../economics/b.html");
}

static void test_resolve_folds_dots_and_decodes(void **state)
{
	(void)state;
	check(url_resolve("content/a/b.md", "../c/d.md"), "content/c/d.md");
	check(url_resolve("content/a/b.md", "./e.md"), "content/a/e.md");
	check(url_resolve("content/a/b.md", "my%20notes.md"),
	      "content/a/my notes.md");
	check(url_resolve("content/index.md", "../../../etc/passwd"), NULL);
}

static void test_scheme_detection(void **state)
{
	(void)state;
	assert_true(url_has_scheme("https://x.org"));
	assert_true(url_has_scheme("mailto:a@b.c"));
	assert_false(url_has_scheme("../a.md"));
	assert_false(url_has_scheme("a.md#x:y"));
}

/* The scheme allow-list, read as a browser reads a scheme. */
static void test_only_allowed_schemes_pass(void **state)
{
	static const char *const allowed[] = {
		"page.md", "../a/b.md#x",	  "#top",     "a/b:c",
		"?q=1",	   "https://example.org", "HTTP://x", "mailto:a@b.c",
		"tel:+1",  "ftp://x/y",		  "",	      NULL};
	static const char *const refused[] = {
		"javascript:alert(1)",
		"JavaScript:x",
		" javascript:x",
		"\x01javascript:x",
		"java\tscript:x",
		"java\nscript:x",
		"vbscript:x",
		"file:///etc/passwd",
		"data:text/html,x",
		"irc://x",
		"blob:x",
		"ms-windows-store://pdp/?x=1",
		"a-scheme-much-longer-than-any-buffer-here:x",
		NULL};

	(void)state;
	for (const char *const *u = allowed; *u; u++)
		assert_true(url_is_allowed(*u, false));
	for (const char *const *u = refused; *u; u++) {
		assert_false(url_is_allowed(*u, false));
		assert_false(url_is_allowed(*u, true));
	}
	/* An http(s) or ftp address needs a host. */
	assert_true(url_lacks_host("http:evil"));
	assert_true(url_lacks_host("https://"));
	assert_true(url_lacks_host("HTTPS:///x"));
	assert_true(url_lacks_host("ftp:/x"));
	assert_false(url_lacks_host("https://example.org"));
	assert_false(url_lacks_host("mailto:a@b.c"));
	assert_false(url_lacks_host("page.md"));
	/* Images may be data: URLs of the raster formats, nothing else. */
	assert_true(url_is_allowed("data:image/png;base64,AA", true));
	assert_true(url_is_allowed("DATA:image/webp,x", true));
	assert_false(url_is_allowed("data:image/png;base64,AA", false));
	assert_false(url_is_allowed("data:image/svg+xml,<svg/>", true));
	assert_false(url_is_allowed("data:image/pngx,x", true));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_climbs_one_level_per_folder),
		cmocka_unit_test(test_only_allowed_schemes_pass),
		cmocka_unit_test(test_relative_links_between_pages),
		cmocka_unit_test(test_resolve_folds_dots_and_decodes),
		cmocka_unit_test(test_scheme_detection),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
