/* Tests for config: handbook.yml's defaults, normalised URLs, the checks
 * on its keys and on the theme name, and the `site` map. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "config.h"
#include "diag.h"
#include "value.h"

static void assert_diag(struct diag *d, size_t i, const char *expected)
{
	char *line;

	if (i >= diag_count(d))
		fail_msg("no diagnostic %zu (of %zu); expected %s", i,
			 diag_count(d), expected);
	line = diag_line(d, i);
	assert_string_equal(line, expected);
	free(line);
}

/* Writes yaml as handbook.yml in a fresh folder and loads it into c. */
static int load(const char *yaml, struct config *c, struct diag *d)
{
	char *dir = fixture_dir();
	int status;

	if (yaml)
		fixture_write(dir, "handbook.yml", yaml);
	status = config_load(c, dir, d);
	fixture_remove(dir);
	return status;
}

static void test_one_title_line_is_enough(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: My handbook\n", &c, d), 0);
	assert_int_equal(diag_count(d), 0);
	assert_string_equal(c.title, "My handbook");
	assert_string_equal(c.description, "");
	assert_string_equal(c.base_url, "");
	assert_string_equal(c.repo_url, "");
	assert_string_equal(c.branch, "main");
	assert_string_equal(c.language, "en");
	assert_string_equal(c.theme, "default");
	assert_string_equal(c.cname, "");
	config_release(&c);
	assert_null(c.title);
	assert_null(c.theme);
	diag_free(d);
}

static void test_every_key_is_read(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\n"
			      "description: About things\n"
			      "base_url: https://example.org/hb\n"
			      "repo_url: https://git.example.org/me/hb\n"
			      "branch: trunk\n"
			      "language: fr\n"
			      "theme: plain\n"
			      "cname: docs.example.org\n",
			      &c, d),
			 0);
	assert_int_equal(diag_count(d), 0);
	assert_string_equal(c.description, "About things");
	assert_string_equal(c.base_url, "https://example.org/hb");
	assert_string_equal(c.repo_url, "https://git.example.org/me/hb");
	assert_string_equal(c.branch, "trunk");
	assert_string_equal(c.language, "fr");
	assert_string_equal(c.theme, "plain");
	assert_string_equal(c.cname, "docs.example.org");
	config_release(&c);
	diag_free(d);
}

static void test_urls_lose_their_final_slashes(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\nbase_url: https://example.org/hb//\n"
			      "repo_url: https://git.example.org/x/\n",
			      &c, d),
			 0);
	assert_string_equal(c.base_url, "https://example.org/hb");
	assert_string_equal(c.repo_url, "https://git.example.org/x");
	config_set_base_url(&c, "http://localhost:8000/");
	assert_string_equal(c.base_url, "http://localhost:8000");
	config_set_base_url(&c, "/");
	assert_string_equal(c.base_url, "");
	config_set_base_url(&c, "https://a.example/b");
	assert_string_equal(c.base_url, "https://a.example/b");
	config_release(&c);
	diag_free(d);
}

static void test_scalars_keep_their_source_text(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: 2024\nbranch: 1.10\nlanguage: no\n"
			      "description: true\n",
			      &c, d),
			 0);
	assert_string_equal(c.title, "2024");
	assert_string_equal(c.branch, "1.10");
	assert_string_equal(c.language, "no");
	assert_string_equal(c.description, "true");
	config_release(&c);
	diag_free(d);
}

static void test_null_values_take_the_default(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\ntheme: ~\nbranch:\n", &c, d), -1);
	/* A null is not a string: an error, but the defaults still fill c
	 * so the caller can go on and release it. */
	assert_int_equal(diag_errors(d), 2);
	assert_diag(d, 0,
		    "handbook.yml:2:8: error: handbook.yml: 'theme' must be a "
		    "string, got null");
	assert_diag(d, 1,
		    "handbook.yml:3:8: error: handbook.yml: 'branch' must be "
		    "a string, got null");
	assert_string_equal(c.theme, "default");
	assert_string_equal(c.branch, "main");
	config_release(&c);
	diag_free(d);
}

static void test_missing_title_is_an_error(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("# comment\ndescription: x\n", &c, d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "handbook.yml:2:1: error: handbook.yml: missing required "
		    "'title'");
	assert_string_equal(c.title, "");
	assert_string_equal(c.description, "x");
	config_release(&c);
	diag_free(d);
}

static void test_unknown_keys_warn_and_do_not_fail(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\nbase_ulr: https://x.org\n"
			      "colour: blue\n",
			      &c, d),
			 0);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(diag_warnings(d), 2);
	assert_diag(d, 0,
		    "handbook.yml:2:1: warning: handbook.yml: unknown key "
		    "'base_ulr' (did you mean 'base_url'?)");
	assert_diag(d, 1,
		    "handbook.yml:3:1: warning: handbook.yml: unknown key "
		    "'colour'");
	assert_string_equal(c.base_url, "");
	config_release(&c);
	diag_free(d);
}

static void test_wrong_types_are_errors_at_the_value(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: [a, b]\nlanguage: {x: y}\n", &c, d), -1);
	assert_int_equal(diag_errors(d), 2);
	assert_diag(d, 0,
		    "handbook.yml:1:8: error: handbook.yml: 'title' must be a "
		    "string, got list");
	assert_diag(d, 1,
		    "handbook.yml:2:11: error: handbook.yml: 'language' must "
		    "be a string, got map");
	/* A list or map is no text: the defaults stand in. */
	assert_string_equal(c.title, "");
	assert_string_equal(c.language, "en");
	config_release(&c);
	diag_free(d);
}

static void test_a_file_that_is_not_a_map_is_an_error(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("- title\n- T\n", &c, d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "handbook.yml:1:1: error: handbook.yml: must be 'key: "
		    "value' lines");
	assert_string_equal(c.theme, "default");
	config_release(&c);
	diag_free(d);
}

static void test_a_missing_file_is_an_error(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load(NULL, &c, d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "handbook.yml: error: cannot read: No such file or "
		    "directory");
	assert_string_equal(c.title, "");
	assert_string_equal(c.branch, "main");
	config_release(&c);
	diag_free(d);
}

static void test_yaml_errors_are_reported_in_the_file(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\ntitle: U\n", &c, d), -1);
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "handbook.yml:2:1: error: yaml: duplicate key "
		    "'title'");
	config_release(&c);
	diag_free(d);
}

/* The theme name becomes a path under themes/: it may not climb out. */
static void assert_theme_refused(const char *line, const char *expected)
{
	struct config c;
	struct diag *d = diag_new();
	char yaml[128];

	snprintf(yaml, sizeof yaml, "title: T\n%s\n", line);
	assert_int_equal(load(yaml, &c, d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0, expected);
	config_release(&c);
	diag_free(d);
}

static void test_theme_names_cannot_leave_themes(void **state)
{
	(void)state;
	assert_theme_refused("theme: ../secrets",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got "
			     "\"../secrets\"");
	assert_theme_refused("theme: a/b",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got \"a/b\"");
	assert_theme_refused("theme: /etc",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got \"/etc\"");
	assert_theme_refused("theme: ..",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got \"..\"");
	assert_theme_refused("theme: .",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got \".\"");
	assert_theme_refused("theme: \"\"",
			     "handbook.yml:2:8: error: handbook.yml: 'theme' "
			     "must name a folder in themes/, got \"\"");
}

static void test_theme_names_may_have_dots_inside(void **state)
{
	struct config c;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(load("title: T\ntheme: dark..v2\n", &c, d), 0);
	assert_string_equal(c.theme, "dark..v2");
	config_release(&c);
	diag_free(d);
}

static void test_site_value_is_what_templates_see(void **state)
{
	struct config c;
	struct diag *d = diag_new();
	struct value *site;
	const char *keys[] = {"title", "description", "base_url", "repo_url",
			      "language"};
	const char *texts[] = {"T", "D", "https://e.org", "https://r.org",
			       "de"};

	(void)state;
	assert_int_equal(load("title: T\ndescription: D\nbase_url: "
			      "https://e.org/\nrepo_url: https://r.org\n"
			      "language: de\nbranch: b\ntheme: t\ncname: c\n",
			      &c, d),
			 0);
	site = config_site_value(&c);
	/* Exactly these keys, in this order: branch, theme and cname are
	 * the build's business, not a template's. */
	assert_int_equal(value_len(site), 5);
	for (size_t i = 0; i < 5; i++) {
		assert_string_equal(value_key_at(site, i), keys[i]);
		assert_string_equal(value_string_of(value_entry_at(site, i)),
				    texts[i]);
	}
	value_free(site);
	config_release(&c);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_title_line_is_enough),
		cmocka_unit_test(test_every_key_is_read),
		cmocka_unit_test(test_urls_lose_their_final_slashes),
		cmocka_unit_test(test_scalars_keep_their_source_text),
		cmocka_unit_test(test_null_values_take_the_default),
		cmocka_unit_test(test_missing_title_is_an_error),
		cmocka_unit_test(test_unknown_keys_warn_and_do_not_fail),
		cmocka_unit_test(test_wrong_types_are_errors_at_the_value),
		cmocka_unit_test(test_a_file_that_is_not_a_map_is_an_error),
		cmocka_unit_test(test_a_missing_file_is_an_error),
		cmocka_unit_test(test_yaml_errors_are_reported_in_the_file),
		cmocka_unit_test(test_theme_names_cannot_leave_themes),
		cmocka_unit_test(test_theme_names_may_have_dots_inside),
		cmocka_unit_test(test_site_value_is_what_templates_see),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
