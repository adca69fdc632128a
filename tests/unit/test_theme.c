/* Tests for theme: loading a theme folder into one strict Mustache set,
 * where it is looked for, the errors of a broken theme, rendering, and
 * copying its assets into the site. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "theme.h"
#include "value.h"

/* The built-in data folder is an empty temporary folder unless a test
 * fills it, so no test depends on the themes installed beside it. */
static char *data_dir;

static int setup(void **state)
{
	(void)state;
	data_dir = fixture_dir();
	setenv("PREPBOOK_DATA", data_dir, 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unsetenv("PREPBOOK_DATA");
	fixture_remove(data_dir);
	return 0;
}

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

/* {site: {title}, page: {title}} */
static struct value *page_data(const char *site_title, const char *title)
{
	struct value *ctx = value_map(), *site = value_map();
	struct value *page = value_map();

	value_set_string(site, "title", site_title);
	value_set_string(page, "title", title);
	value_set(ctx, "site", site);
	value_set(ctx, "page", page);
	return ctx;
}

/* Renders template name of t with page_data; returns the text or, on
 * failure, "error". */
static char *render(const struct theme *t, const char *name, struct diag *d)
{
	struct value *ctx = page_data("Site", "Tom & Jerry");
	struct buf out = BUF_INIT;

	if (theme_render(t, name, ctx, &out, d) != 0)
		buf_puts(&out, "error");
	value_free(ctx);
	return buf_detach(&out);
}

static void write_layered_theme(const char *root, const char *name)
{
	char path[256];

	snprintf(path, sizeof path, "themes/%s/templates/page.mustache", name);
	fixture_write(root, path,
		      "{{<base}}{{$body}}<p>{{page.title}}</p>{{/body}}"
		      "{{/base}}");
	snprintf(path, sizeof path, "themes/%s/partials/base.mustache", name);
	fixture_write(root, path,
		      "<html>{{>nav}}{{$body}}default{{/body}}</html>\n");
	snprintf(path, sizeof path, "themes/%s/partials/nav.mustache", name);
	fixture_write(root, path, "<nav>{{site.title}}</nav>");
}

static void test_templates_partials_and_parents_share_one_set(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	struct theme *t;
	char *html;

	(void)state;
	write_layered_theme(root, "plain");
	fixture_write(root, "themes/plain/templates/landing.mustache",
		      "{{>nav}}");
	t = theme_load(root, "plain", d);
	assert_non_null(t);
	assert_int_equal(diag_count(d), 0);
	assert_true(theme_has(t, "page"));
	assert_true(theme_has(t, "landing"));
	assert_true(theme_has(t, "base"));
	assert_false(theme_has(t, "404"));
	assert_false(theme_has(t, "page.mustache"));
	html = render(t, "page", d);
	assert_string_equal(
		html, "<html><nav>Site</nav><p>Tom &amp; Jerry</p></html>\n");
	free(html);
	html = render(t, "landing", d);
	assert_string_equal(html, "<nav>Site</nav>");
	free(html);
	theme_free(t);
	theme_free(NULL);
	diag_free(d);
	fixture_remove(root);
}

static void test_partials_folder_is_optional(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	struct theme *t;
	char *html;

	(void)state;
	fixture_write(root, "themes/bare/templates/page.mustache",
		      "{{site.title}}: {{{page.title}}}");
	t = theme_load(root, "bare", d);
	assert_non_null(t);
	html = render(t, "page", d);
	assert_string_equal(html, "Site: Tom & Jerry");
	free(html);
	theme_free(t);
	diag_free(d);
	fixture_remove(root);
}

static void test_a_missing_theme_is_an_error_at_handbook_yml(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	assert_null(theme_load(root, "nope", d));
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "handbook.yml: error: theme 'nope' not found: there is "
		    "no folder themes/nope");
	diag_free(d);
	fixture_remove(root);
}

static void test_a_theme_needs_a_templates_folder(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(root, "themes/t/partials/nav.mustache", "nav");
	assert_null(theme_load(root, "t", d));
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "themes/t/templates: error: theme 't' has no templates "
		    "folder");
	diag_free(d);
	fixture_remove(root);
}

static void test_a_theme_needs_a_page_template(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(root, "themes/t/templates/404.mustache", "gone");
	fixture_write(root, "themes/t/templates/page.html", "not a template");
	assert_null(theme_load(root, "t", d));
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "themes/t: error: theme 't' has no "
		    "templates/page.mustache");
	diag_free(d);
	fixture_remove(root);
}

static void test_a_missing_partial_is_an_error_at_its_tag(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(root, "themes/t/templates/page.mustache",
		      "<main>\n  {{> footer}}\n</main>\n");
	assert_null(theme_load(root, "t", d));
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0,
		    "themes/t/templates/page.mustache:2:3: error: unknown "
		    "partial 'footer'");
	diag_free(d);
	fixture_remove(root);
}

static void test_every_broken_template_is_reported(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(root, "themes/t/partials/nav.mustache",
		      "<nav>{{#items}}\n");
	fixture_write(root, "themes/t/templates/page.mustache",
		      "ok\n{{/page}}\n");
	fixture_write(root, "themes/t/templates/post.mustache", "{{x");
	assert_null(theme_load(root, "t", d));
	assert_int_equal(diag_errors(d), 3);
	assert_diag(d, 0,
		    "themes/t/partials/nav.mustache:1:6: error: unclosed "
		    "section 'items'");
	assert_diag(d, 1,
		    "themes/t/templates/page.mustache:2:1: error: close tag "
		    "'page' has no open section");
	assert_diag(d, 2,
		    "themes/t/templates/post.mustache:1:1: error: unclosed "
		    "tag: no '}}' before the end of the file");
	diag_free(d);
	fixture_remove(root);
}

static void test_one_name_in_partials_and_templates_is_an_error(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(root, "themes/t/partials/page.mustache", "partial");
	fixture_write(root, "themes/t/templates/page.mustache", "template");
	assert_null(theme_load(root, "t", d));
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "themes/t/templates/page.mustache: error: duplicate "
		    "template 'page'");
	diag_free(d);
	fixture_remove(root);
}

static void test_the_handbook_theme_wins_over_the_built_in(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	struct theme *t;
	char *html;

	(void)state;
	fixture_write(data_dir, "themes/shared/templates/page.mustache",
		      "built-in {{site.title}}");
	fixture_write(data_dir, "themes/builtin/templates/page.mustache",
		      "only built-in");
	fixture_write(root, "themes/shared/templates/page.mustache",
		      "handbook's {{site.title}}");

	t = theme_load(root, "shared", d);
	assert_non_null(t);
	html = render(t, "page", d);
	assert_string_equal(html, "handbook's Site");
	free(html);
	theme_free(t);

	t = theme_load(root, "builtin", d);
	assert_non_null(t);
	html = render(t, "page", d);
	assert_string_equal(html, "only built-in");
	free(html);
	theme_free(t);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	fixture_remove(root);
}

static void
test_render_errors_are_reported_and_leave_out_as_it_was(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	struct value *ctx = page_data("Site", "T");
	struct buf out = BUF_INIT;
	struct theme *t;

	(void)state;
	fixture_write(root, "themes/t/templates/page.mustache",
		      "before {{page}} after");
	t = theme_load(root, "t", d);
	assert_non_null(t);
	buf_puts(&out, "kept");
	assert_int_equal(theme_render(t, "page", ctx, &out, d), -1);
	assert_string_equal(buf_str(&out), "kept");
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "themes/t/templates/page.mustache:1:8: error: cannot "
		    "print 'page': it is a map (use a section to render "
		    "what is inside)");
	buf_release(&out);
	value_free(ctx);
	theme_free(t);
	diag_free(d);
	fixture_remove(root);
}

/* Loads the theme t of root and copies its assets into root/site. */
static int copy_assets(const char *root, struct diag *d)
{
	char *site = file_join(root, "site");
	struct theme *t = theme_load(root, "t", d);
	struct output *o = output_open(root, site, false, d);
	int status;

	assert_non_null(t);
	assert_non_null(o);
	status = theme_copy_assets(t, o, d);
	assert_int_equal(output_commit(o, NULL, d), 0);
	theme_free(t);
	free(site);
	return status;
}

static void test_assets_are_copied_without_hidden_files(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	struct buf text = BUF_INIT;
	char *path;

	(void)state;
	fixture_write(root, "themes/t/templates/page.mustache", "p");
	fixture_write(root, "themes/t/assets/style.css", "body{}\n");
	fixture_write(root, "themes/t/assets/js/menu.js", "menu();\n");
	fixture_write(root, "themes/t/assets/.DS_Store", "junk");
	assert_int_equal(copy_assets(root, d), 0);
	assert_int_equal(diag_count(d), 0);
	path = file_join(root, "site/assets/style.css");
	assert_int_equal(file_read(path, &text), 0);
	assert_string_equal(buf_str(&text), "body{}\n");
	free(path);
	buf_reset(&text);
	path = file_join(root, "site/assets/js/menu.js");
	assert_int_equal(file_read(path, &text), 0);
	assert_string_equal(buf_str(&text), "menu();\n");
	free(path);
	path = file_join(root, "site/assets/.DS_Store");
	assert_false(file_is_regular(path));
	free(path);
	buf_release(&text);
	diag_free(d);
	fixture_remove(root);
}

static void test_a_theme_without_assets_copies_nothing(void **state)
{
	char *root = fixture_dir();
	struct diag *d = diag_new();
	char *path;

	(void)state;
	fixture_write(root, "themes/t/templates/page.mustache", "p");
	assert_int_equal(copy_assets(root, d), 0);
	assert_int_equal(diag_count(d), 0);
	path = file_join(root, "site/assets");
	assert_false(file_is_dir(path));
	free(path);
	diag_free(d);
	fixture_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_templates_partials_and_parents_share_one_set),
		cmocka_unit_test(test_partials_folder_is_optional),
		cmocka_unit_test(
			test_a_missing_theme_is_an_error_at_handbook_yml),
		cmocka_unit_test(test_a_theme_needs_a_templates_folder),
		cmocka_unit_test(test_a_theme_needs_a_page_template),
		cmocka_unit_test(test_a_missing_partial_is_an_error_at_its_tag),
		cmocka_unit_test(test_every_broken_template_is_reported),
		cmocka_unit_test(
			test_one_name_in_partials_and_templates_is_an_error),
		cmocka_unit_test(
			test_the_handbook_theme_wins_over_the_built_in),
		cmocka_unit_test(
			test_render_errors_are_reported_and_leave_out_as_it_was),
		cmocka_unit_test(test_assets_are_copied_without_hidden_files),
		cmocka_unit_test(test_a_theme_without_assets_copies_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
