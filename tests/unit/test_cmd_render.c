/*
 * Tests for render (`prepbook render`): where partials are found, data
 * loading, and how failures are told apart (bad content -1, I/O -2).
 * Each test builds a small theme in a temporary folder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <limits.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "file.h"
#include "cmd_render.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static const char page_text[] = "{{<base}}\n"
				"{{$main}}\n"
				"<h1>{{page.title}}</h1>\n"
				"{{/main}}\n"
				"{{/base}}\n";

static const char base_text[] = "<body>\n"
				"  {{$main}}{{/main}}\n"
				"</body>\n";

/* Writes root/rel, creating its folders. */
static void put(const char *root, const char *rel, const char *text)
{
	char *path = file_join(root, rel);
	char *slash = strrchr(path, '/');

	*slash = '\0';
	assert_int_equal(file_mkdirs(path), 0);
	*slash = '/';
	assert_int_equal(file_write(path, text, strlen(text)), 0);
	free(path);
}

static void remove_tree(const char *path)
{
	size_t count;
	char **names;

	if (!file_is_dir(path)) {
		unlink(path);
		return;
	}
	names = file_list(path, &count);
	for (size_t i = 0; names && i < count; i++) {
		char *child = file_join(path, names[i]);

		remove_tree(child);
		free(child);
	}
	file_list_free(names, count);
	rmdir(path);
}

static int setup(void **state)
{
	char *dir = strdup("/tmp/prepbook-render-XXXXXX");

	if (dir == NULL || mkdtemp(dir) == NULL)
		return -1;
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	remove_tree(*state);
	free(*state);
	return 0;
}

static char *path_in(const char *root, const char *rel)
{
	return file_join(root, rel);
}

struct run {
	int status;
	struct buf out;
	struct diag *d;
};

static void run(struct run *r, const char *root, const char *template,
		const char *data, const char *partials)
{
	char *t = path_in(root, template);
	char *y = data ? path_in(root, data) : NULL;
	char *p = partials ? path_in(root, partials) : NULL;

	buf_init(&r->out);
	r->d = diag_new();
	r->status = cmd_render(t, y, p, &r->out, r->d);
	free(t);
	free(y);
	free(p);
}

static void run_release(struct run *r)
{
	buf_release(&r->out);
	diag_free(r->d);
}

/* The i-th diagnostic is root + "/" + suffix. */
static void assert_diag_in(const struct run *r, size_t i, const char *root,
			   const char *suffix)
{
	struct buf expected = BUF_INIT;
	char *line;

	assert_true(diag_count(r->d) > i);
	buf_printf(&expected, "%s/%s", root, suffix);
	line = diag_line(r->d, i);
	assert_string_equal(line, buf_str(&expected));
	free(line);
	buf_release(&expected);
}

static void make_theme(const char *root)
{
	put(root, "theme/templates/page.mustache", page_text);
	put(root, "theme/templates/other.mustache", "{{>base}}");
	put(root, "theme/partials/base.mustache", base_text);
	put(root, "data.yml", "page:\n  title: Hello\n");
}

static void test_partials_default_to_the_theme_folders(void **state)
{
	struct run r;

	make_theme(*state);
	run(&r, *state, "theme/templates/page.mustache", "data.yml", NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(diag_count(r.d), 0);
	assert_string_equal(buf_str(&r.out),
			    "<body>\n  <h1>Hello</h1>\n</body>\n");
	run_release(&r);
}

static void test_a_template_inside_the_partials_folder(void **state)
{
	struct run r;

	make_theme(*state);
	run(&r, *state, "theme/partials/base.mustache", NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_int_equal(diag_count(r.d), 0);
	assert_string_equal(buf_str(&r.out), "<body>\n</body>\n");
	run_release(&r);
}

static void test_a_relative_template_path(void **state)
{
	char cwd[PATH_MAX];
	char *templates = path_in(*state, "theme/templates");
	struct run r;

	make_theme(*state);
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(chdir(templates), 0);
	buf_init(&r.out);
	r.d = diag_new();
	r.status = cmd_render("page.mustache", "../../data.yml", NULL, &r.out,
			      r.d);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(buf_str(&r.out),
			    "<body>\n  <h1>Hello</h1>\n</body>\n");
	run_release(&r);
	free(templates);
}

static void test_partials_folder_given(void **state)
{
	struct run r;

	make_theme(*state);
	put(*state, "parts/base.mustache", "[{{$main}}{{/main}}]");
	run(&r, *state, "theme/templates/page.mustache", "data.yml", "parts");
	assert_int_equal(r.status, 0);
	assert_string_equal(buf_str(&r.out), "[<h1>Hello</h1>\n]");
	run_release(&r);
}

static void test_no_data_is_an_empty_map(void **state)
{
	struct run r;

	put(*state, "solo/hello.mustache", "Hi {{name}}!\n");
	run(&r, *state, "solo/hello.mustache", NULL, NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(buf_str(&r.out), "Hi !\n");
	run_release(&r);
	put(*state, "empty.yml", "");
	run(&r, *state, "solo/hello.mustache", "empty.yml", NULL);
	assert_int_equal(r.status, 0);
	assert_string_equal(buf_str(&r.out), "Hi !\n");
	run_release(&r);
}

static void test_unreadable_files_are_io_errors(void **state)
{
	struct run r;

	make_theme(*state);
	run(&r, *state, "theme/templates/page.mustache", "missing.yml", NULL);
	assert_int_equal(r.status, -2);
	assert_diag_in(&r, 0, *state,
		       "missing.yml: error: cannot read: No "
		       "such file or directory");
	assert_int_equal(r.out.len, 0);
	run_release(&r);
	run(&r, *state, "solo/none.mustache", NULL, NULL);
	assert_int_equal(r.status, -2);
	run_release(&r);
	run(&r, *state, "theme/templates/page.mustache", NULL, "nothing");
	assert_int_equal(r.status, -2);
	assert_diag_in(&r, 0, *state,
		       "nothing: error: cannot read folder: "
		       "No such file or directory");
	run_release(&r);
}

static void test_bad_data_and_templates_are_content_errors(void **state)
{
	struct run r;

	make_theme(*state);
	put(*state, "bad.yml", "page: [\n");
	run(&r, *state, "theme/templates/page.mustache", "bad.yml", NULL);
	assert_int_equal(r.status, -1);
	assert_int_equal(diag_errors(r.d), 1);
	run_release(&r);
	put(*state, "theme/partials/broken.mustache", "ok\n  {{#x}}\n");
	run(&r, *state, "theme/templates/page.mustache", "data.yml", NULL);
	assert_int_equal(r.status, -1);
	assert_int_equal(diag_count(r.d), 1);
	assert_diag_in(&r, 0, *state,
		       "theme/partials/broken.mustache:2:3: "
		       "error: unclosed section 'x'");
	assert_int_equal(r.out.len, 0);
	run_release(&r);
}

static void test_a_missing_partial_is_an_error(void **state)
{
	struct run r;

	put(*state, "t/templates/page.mustache", "<body>\n{{>nav}}\n</body>\n");
	run(&r, *state, "t/templates/page.mustache", NULL, NULL);
	assert_int_equal(r.status, -1);
	assert_int_equal(diag_count(r.d), 1);
	assert_diag_in(&r, 0, *state,
		       "t/templates/page.mustache:2:1: error: "
		       "unknown partial 'nav'");
	assert_int_equal(r.out.len, 0);
	run_release(&r);
}

/* As in a build: a missing partial is an error even in a branch the data
 * does not take. */
static void test_a_missing_partial_in_a_false_section_is_an_error(void **state)
{
	struct run r;

	put(*state, "t/templates/page.mustache",
	    "<body>\n{{#never}}{{>nav}}{{/never}}\n</body>\n");
	run(&r, *state, "t/templates/page.mustache", NULL, NULL);
	assert_int_equal(r.status, -1);
	assert_int_equal(diag_count(r.d), 1);
	assert_diag_in(&r, 0, *state,
		       "t/templates/page.mustache:2:11: error: "
		       "unknown partial 'nav'");
	assert_int_equal(r.out.len, 0);
	run_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_partials_default_to_the_theme_folders, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_template_inside_the_partials_folder, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_a_relative_template_path,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_partials_folder_given,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_data_is_an_empty_map,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_unreadable_files_are_io_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_bad_data_and_templates_are_content_errors, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_a_missing_partial_is_an_error, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_a_missing_partial_in_a_false_section_is_an_error,
			setup, teardown),
	};

	return cmocka_run_group_tests_name("render", tests, NULL, NULL);
}
