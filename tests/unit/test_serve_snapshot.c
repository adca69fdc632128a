/* Tests for serve_snapshot: what changed in a site folder between two
 * looks, told by inode, modification time and size. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "buf.h"
#include "serve_snapshot.h"

/* The paths that differ, joined with spaces. */
static char *diff_text(const struct serve_snapshot *a,
		       const struct serve_snapshot *b)
{
	struct buf out = BUF_INIT;
	size_t n;
	char **paths = serve_snapshot_diff(a, b, &n);

	for (size_t i = 0; i < n; i++)
		buf_printf(&out, "%s%s", i ? " " : "", paths[i]);
	serve_snapshot_list_free(paths, n);
	return out.data ? buf_detach(&out) : mem_strdup("");
}

static void assert_diff(const struct serve_snapshot *a,
			const struct serve_snapshot *b, const char *want)
{
	char *got = diff_text(a, b);

	assert_string_equal(got, want);
	free(got);
}

/* Renames dir/from to dir/to, as a build moves a new file into place. */
static void move(const char *dir, const char *from, const char *to)
{
	char *a = file_join(dir, from), *b = file_join(dir, to);

	assert_int_equal(rename(a, b), 0);
	free(a);
	free(b);
}

static void test_lists_every_file_but_the_builds_own(void **state)
{
	char *dir = fixture_dir();
	struct serve_snapshot *s;

	(void)state;
	fixture_write(dir, "index.html", "home");
	fixture_write(dir, "part/page.html", "page");
	fixture_write(dir, "part-two/x.html", "x");
	fixture_write(dir, ".prepbook-cache", "cache");
	fixture_write(dir, ".nojekyll", "");
	s = serve_snapshot_take(dir);
	assert_int_equal(serve_snapshot_len(s), 4);
	serve_snapshot_free(s);
	fixture_remove(dir);
}

static void test_a_missing_folder_is_empty(void **state)
{
	struct serve_snapshot *s = serve_snapshot_take("/nonexistent/site");

	(void)state;
	assert_int_equal(serve_snapshot_len(s), 0);
	serve_snapshot_free(s);
}

static void test_names_what_was_written_added_and_removed(void **state)
{
	char *dir = fixture_dir();
	char *path;
	struct serve_snapshot *before, *after;

	(void)state;
	fixture_write(dir, "index.html", "home");
	fixture_write(dir, "part/a.html", "a");
	fixture_write(dir, "part/b.html", "b");
	fixture_write(dir, "part/c.html", "c");
	before = serve_snapshot_take(dir);
	after = serve_snapshot_take(dir);
	assert_diff(before, after, "");
	serve_snapshot_free(after);

	/* Written anew, added beside a folder whose name is a prefix of
	 * its own, removed. */
	fixture_write(dir, "part/b.html.new", "b, changed");
	move(dir, "part/b.html.new", "part/b.html");
	fixture_write(dir, "part-b/new.html", "new");
	path = file_join(dir, "part/c.html");
	assert_int_equal(unlink(path), 0);
	free(path);
	after = serve_snapshot_take(dir);
	assert_diff(before, after, "part-b/new.html part/b.html part/c.html");
	assert_diff(after, before, "part-b/new.html part/b.html part/c.html");
	serve_snapshot_free(after);
	serve_snapshot_free(before);
	fixture_remove(dir);
}

static void test_same_bytes_rewritten_in_place_count(void **state)
{
	char *dir = fixture_dir();
	char *path = file_join(dir, "a.html");
	struct serve_snapshot *before, *after;
	struct timespec times[2] = {{0, 0}, {1, 0}};

	(void)state;
	fixture_write(dir, "a.html", "same");
	before = serve_snapshot_take(dir);
	/* Same inode, same size: only the modification time tells. */
	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
	after = serve_snapshot_take(dir);
	assert_diff(before, after, "a.html");
	serve_snapshot_free(after);
	serve_snapshot_free(before);
	free(path);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lists_every_file_but_the_builds_own),
		cmocka_unit_test(test_a_missing_folder_is_empty),
		cmocka_unit_test(test_names_what_was_written_added_and_removed),
		cmocka_unit_test(test_same_bytes_rewritten_in_place_count),
	};

	return cmocka_run_group_tests_name("serve_snapshot", tests, NULL, NULL);
}
