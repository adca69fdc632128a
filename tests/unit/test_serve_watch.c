/* Tests for serve_watch: which changes to a handbook start a build, how
 * bursts become one, and folders made, moved and removed while watched.
 * A wait that must find nothing ends at a timer, its deadline. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/timerfd.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "serve_watch.h"

/* Long enough for the quiet a burst needs; a change always comes well
 * before, so only a wait that finds nothing lasts this long. */
#define NOTHING_MS 300
#define SOMETHING_MS 10000

/* A file descriptor that becomes readable ms from now. */
static int deadline(int ms)
{
	int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	/* A zero time would disarm the timer: one nanosecond is "now". */
	struct itimerspec at = {{0, 0},
				{ms / 1000, ms ? (ms % 1000) * 1000000L : 1}};

	assert_true(fd >= 0);
	assert_int_equal(timerfd_settime(fd, 0, &at, NULL), 0);
	return fd;
}

/* The cause of the next change, or NULL when none comes within ms. */
static char *next_change(struct serve_watch *w, int ms)
{
	int stop = deadline(ms);
	struct buf cause = BUF_INIT;
	struct diag *d = diag_new();
	int changed = serve_watch_wait(w, stop, &cause, d);

	close(stop);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	assert_true(changed == 0 || changed == 1);
	if (changed == 0) {
		buf_release(&cause);
		return NULL;
	}
	return cause.data ? buf_detach(&cause) : mem_strdup("");
}

static void expect_change(struct serve_watch *w, const char *cause)
{
	char *got = next_change(w, SOMETHING_MS);

	if (got == NULL)
		fail_msg("no change, expected one to '%s'", cause);
	assert_string_equal(got, cause);
	free(got);
}

static void expect_nothing(struct serve_watch *w)
{
	char *got = next_change(w, NOTHING_MS);

	if (got != NULL)
		fail_msg("a change to '%s', expected none", got);
}

static char *handbook(void)
{
	char *root = fixture_dir();

	fixture_write(root, "handbook.yml", "title: Watched\n");
	fixture_write(root, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(root, "content/part/page.md", "---\ntitle: P\n---\n");
	fixture_write(root, "site/index.html", "built");
	return root;
}

static struct serve_watch *watch(const char *root)
{
	struct diag *d = diag_new();
	struct serve_watch *w = serve_watch_new(root, d);

	assert_non_null(w);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	return w;
}

static void run(const char *root, const char *fmt, const char *a, const char *b)
{
	char *x = file_join(root, a), *y = b ? file_join(root, b) : NULL;
	int status = -1;

	if (strcmp(fmt, "mkdir") == 0)
		status = mkdir(x, 0755);
	else if (strcmp(fmt, "rename") == 0)
		status = rename(x, y);
	else if (strcmp(fmt, "rmtree") == 0)
		status = nftw(x, fixture_unlink, 16, FTW_DEPTH | FTW_PHYS);
	assert_int_equal(status, 0);
	free(x);
	free(y);
}

static void test_a_page_edit_is_one_change(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	fixture_write(root, "content/part/page.md", "---\ntitle: Q\n---\n");
	expect_change(w, "content/part/page.md");
	expect_nothing(w);
	fixture_write(root, "handbook.yml", "title: Renamed\n");
	expect_change(w, "handbook.yml");
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_a_burst_is_one_change(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);
	char name[64];

	(void)state;
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof name, "content/part/p%02d.md", i);
		fixture_write(root, name, "---\ntitle: P\n---\n");
	}
	expect_change(w, "content/part/p00.md");
	expect_nothing(w);
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_scratch_and_other_files_are_no_change(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	fixture_write(root, "content/.index.md.swp", "swap");
	fixture_write(root, "content/index.md~", "backup");
	fixture_write(root, "content/#index.md#", "autosave");
	fixture_write(root, "content/4913", "");
	fixture_write(root, "content/part/page.md___jb_tmp___", "");
	fixture_write(root, "notes.txt", "not the handbook's");
	fixture_write(root, "site/index.html", "built again");
	fixture_write(root, "site/part/new.html", "built");
	expect_nothing(w);
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_rename_on_save_is_a_change(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	fixture_write(root, "content/.index.md.tmp", "---\ntitle: New\n---\n");
	run(root, "rename", "content/.index.md.tmp", "content/index.md");
	expect_change(w, "content/index.md");
	expect_nothing(w);
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_new_folders_are_watched(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	run(root, "mkdir", "content/new", NULL);
	expect_change(w, "content/new");
	fixture_write(root, "content/new/page.md", "---\ntitle: N\n---\n");
	expect_change(w, "content/new/page.md");
	/* Folders made inside one before its watch was added. */
	fixture_write(root, "content/a/b/c/page.md", "x");
	expect_change(w, "content/a");
	fixture_write(root, "content/a/b/c/page.md", "y");
	expect_change(w, "content/a/b/c/page.md");
	/* A folder the handbook lacked at the start. */
	run(root, "mkdir", "themes", NULL);
	expect_change(w, "themes");
	fixture_write(root, "themes/t/page.mustache", "{{x}}");
	expect_change(w, "themes/t");
	fixture_write(root, "themes/t/page.mustache", "{{y}}");
	expect_change(w, "themes/t/page.mustache");
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_moved_folders_are_watched_where_they_are(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	fixture_write(root, "outside/sub/page.md", "x");
	expect_nothing(w);
	run(root, "rename", "outside", "content/moved");
	expect_change(w, "content/moved");
	fixture_write(root, "content/moved/sub/page.md", "y");
	expect_change(w, "content/moved/sub/page.md");
	run(root, "rename", "content/moved", "content/renamed");
	expect_change(w, "content/moved");
	fixture_write(root, "content/renamed/sub/page.md", "z");
	expect_change(w, "content/renamed/sub/page.md");
	/* Moved out of the handbook: no longer watched. */
	run(root, "rename", "content/renamed", "gone");
	expect_change(w, "content/renamed");
	fixture_write(root, "gone/sub/page.md", "w");
	expect_nothing(w);
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_content_made_again_is_watched(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);
	char *first;

	(void)state;
	run(root, "rmtree", "content", NULL);
	first = next_change(w, SOMETHING_MS); /* which file: readdir's order */
	assert_non_null(first);
	free(first);
	fixture_write(root, "content/index.md", "---\ntitle: Back\n---\n");
	expect_change(w, "content");
	fixture_write(root, "content/index.md", "---\ntitle: Again\n---\n");
	expect_change(w, "content/index.md");
	serve_watch_free(w);
	fixture_remove(root);
}

static void test_stop_comes_first(void **state)
{
	char *root = handbook();
	struct serve_watch *w = watch(root);

	(void)state;
	fixture_write(root, "content/index.md", "changed");
	assert_null(next_change(w, 0));
	serve_watch_free(w);
	fixture_remove(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_page_edit_is_one_change),
		cmocka_unit_test(test_a_burst_is_one_change),
		cmocka_unit_test(test_scratch_and_other_files_are_no_change),
		cmocka_unit_test(test_rename_on_save_is_a_change),
		cmocka_unit_test(test_new_folders_are_watched),
		cmocka_unit_test(test_moved_folders_are_watched_where_they_are),
		cmocka_unit_test(test_content_made_again_is_watched),
		cmocka_unit_test(test_stop_comes_first),
	};

	return cmocka_run_group_tests_name("serve_watch", tests, NULL, NULL);
}
