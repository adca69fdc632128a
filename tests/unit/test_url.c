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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_root_climbs_one_level_per_folder),
		cmocka_unit_test(test_relative_links_between_pages),
		cmocka_unit_test(test_resolve_folds_dots_and_decodes),
		cmocka_unit_test(test_scheme_detection),
	};

	return cmocka_run_group_tests_name("url", tests, NULL, NULL);
}
