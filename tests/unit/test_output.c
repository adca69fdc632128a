/* Tests for output: staging, the swap, refusals, kept modification times. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "output.h"

static char *read_text(const char *dir, const char *relative)
{
	char *path = file_join(dir, relative);
	struct buf b = BUF_INIT;

	if (file_read(path, &b) != 0) {
		free(path);
		return NULL;
	}
	free(path);
	return buf_detach(&b);
}

static size_t entries(const char *dir)
{
	size_t n;
	char **names = file_list(dir, &n);

	file_list_free(names, n);
	return n;
}

static void build_site(const char *root, const char *out, const char *page)
{
	struct diag *d = diag_new();
	struct output *o = output_open(root, out, false, d);

	assert_non_null(o);
	assert_int_equal(
		output_write(o, "a/page.html", "test", page, strlen(page), d),
		0);
	assert_int_equal(output_write(o, "same.txt", "test", "same", 4, d), 0);
	assert_int_equal(output_commit(o, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
}

static void test_commit_swaps_in_the_new_site(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	char *text;

	(void)state;
	build_site(root, out, "one");
	build_site(root, out, "two");
	text = read_text(out, "a/page.html");
	assert_string_equal(text, "two");
	free(text);
	/* Only the site and no leftover staging folder beside it. */
	assert_int_equal(entries(root), 1);
	free(out);
	fixture_remove(root);
}

static void test_abort_leaves_the_old_site_untouched(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	struct diag *d = diag_new();
	struct output *o;
	char *text;

	(void)state;
	build_site(root, out, "old");
	o = output_open(root, out, false, d);
	output_write(o, "a/page.html", "test", "new", 3, d);
	output_abort(o);
	text = read_text(out, "a/page.html");
	assert_string_equal(text, "old");
	assert_int_equal(entries(root), 1);
	free(text);
	diag_free(d);
	free(out);
	fixture_remove(root);
}

static void test_unchanged_files_keep_their_mtime(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	char *same = file_join(out, "same.txt");
	char *page = file_join(out, "a/page.html");
	struct timespec past[2] = {{1000000000, 0}, {1000000000, 0}};
	struct stat st;

	(void)state;
	build_site(root, out, "one");
	utimensat(AT_FDCWD, same, past, 0);
	utimensat(AT_FDCWD, page, past, 0);
	build_site(root, out, "two");
	stat(same, &st);
	assert_int_equal(st.st_mtim.tv_sec, 1000000000);
	stat(page, &st);
	assert_true(st.st_mtim.tv_sec > 1000000000);
	free(same);
	free(page);
	free(out);
	fixture_remove(root);
}

/* A file written in pieces lands whole; written again with the same
 * bytes, it keeps its modification time. */
static void test_streamed_files_are_written_whole(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	char *big = file_join(out, "big.txt");
	struct timespec past[2] = {{1000000000, 0}, {1000000000, 0}};
	struct stat st;
	char *text;

	(void)state;
	for (int round = 0; round < 3; round++) {
		struct diag *d = diag_new();
		struct output *o = output_open(root, out, round > 0, d);
		struct output_file *f =
			output_open_file(o, "big.txt", "test", d);

		assert_non_null(f);
		for (int i = 0; i < 20000; i++)
			output_file_write(
				f, round < 2 ? "0123456789" : "xxxxxxxxxx", 10);
		assert_int_equal(output_file_close(f, d), 0);
		assert_int_equal(output_commit(o, NULL, d), 0);
		assert_int_equal(diag_count(d), 0);
		diag_free(d);
		if (round == 0)
			utimensat(AT_FDCWD, big, past, 0);
		stat(big, &st);
		if (round == 1)
			assert_int_equal(st.st_mtim.tv_sec, 1000000000);
	}
	assert_int_equal(st.st_size, 200000);
	text = read_text(out, "big.txt");
	assert_memory_equal(text, "xxxxxxxxxxxx", 12);
	free(text);
	free(big);
	free(out);
	fixture_remove(root);
}

/* What a build produced can be read back, whether it wrote the file or
 * kept the previous site's (patch mode leaves it where it was), and is
 * listed with a hash that follows its bytes. */
/* A stage's files are listed from a mark with their sources and hashes,
 * and a file kept and then written after all (the book's files, when
 * keeping them fails half-way) never changes the old site's file, which
 * the swap's staging folder links to. */
static void test_files_since_a_mark_and_keep_then_write(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	struct diag *d = diag_new();
	struct output *o;
	struct output_entry *files;
	size_t n, mark;
	uint64_t h = 0;
	char *text;

	(void)state;
	build_site(root, out, "one");
	o = output_open(root, out, false, d);
	assert_int_equal(output_write(o, "first.txt", "me", "1", 1, d), 0);
	mark = output_mark(o);
	/* Only what the old site has can be kept. */
	assert_int_equal(output_keep(o, "missing.txt", "book", 1, d), -1);
	assert_int_equal(output_keep(o, "a/page.html", "book", 42, d), 0);
	assert_true(output_hash(o, "a/page.html", &h) && h == 42);
	assert_int_equal(output_write(o, "a/page.html", "book", "two", 3, d),
			 0);
	assert_int_equal(output_write(o, "b.txt", "book", "b", 1, d), 0);
	files = output_files_since(o, mark, &n);
	assert_int_equal(n, 2);
	assert_string_equal(files[0].path, "a/page.html");
	assert_string_equal(files[0].source, "book");
	assert_true(files[0].hash == hash_bytes("two", 3, 0));
	assert_string_equal(files[1].path, "b.txt");
	free(files);
	text = read_text(out, "a/page.html");
	assert_string_equal(text, "one");
	free(text);
	output_abort(o);
	text = read_text(out, "a/page.html");
	assert_string_equal(text, "one");
	free(text);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	free(out);
	fixture_remove(root);
}

static void test_produced_files_read_back_with_their_hash(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	struct diag *d = diag_new();
	struct output *o;
	struct output_entry *files;
	struct buf bytes = BUF_INIT;
	size_t n;
	uint64_t kept_hash;

	(void)state;
	build_site(root, out, "one");
	o = output_open(root, out, true, d);
	assert_int_equal(output_keep(o, "a/page.html", "test",
				     hash_bytes("one", 3, 0), d),
			 0);
	assert_int_equal(output_write(o, "new.txt", "test", "new", 3, d), 0);
	assert_int_equal(output_read(o, "a/page.html", &bytes), 0);
	assert_int_equal(output_read(o, "new.txt", &bytes), 0);
	assert_string_equal(buf_str(&bytes), "onenew");
	assert_int_equal(output_read(o, "same.txt", &bytes), -1);
	files = output_files(o, &n);
	assert_int_equal(n, 2);
	assert_string_equal(files[0].path, "a/page.html");
	assert_string_equal(files[1].path, "new.txt");
	kept_hash = files[0].hash;
	assert_true(kept_hash == hash_bytes("one", 3, 0));
	assert_true(kept_hash != files[1].hash);
	free(files);
	assert_int_equal(output_commit(o, NULL, d), 0);
	/* The same bytes written afresh hash the same. */
	o = output_open(root, out, false, d);
	output_write(o, "a/page.html", "test", "one", 3, d);
	files = output_files(o, &n);
	assert_int_equal(n, 1);
	assert_true(files[0].hash == kept_hash);
	free(files);
	output_abort(o);
	assert_int_equal(diag_count(d), 0);
	buf_release(&bytes);
	diag_free(d);
	free(out);
	fixture_remove(root);
}

/* file_entries gives each name's kind from the listing, as lstat would:
 * a link is a link, not what it points to. */
static void test_file_entries_give_kinds(void **state)
{
	char *root = fixture_dir();
	char *sub = file_join(root, "sub");
	char *link = file_join(root, "link");
	char *fifo = file_join(root, "pipe");
	size_t n;
	struct file_entry *e;

	(void)state;
	fixture_write(root, "file.txt", "x");
	assert_int_equal(file_mkdirs(sub), 0);
	assert_int_equal(symlink("file.txt", link), 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	e = file_entries(root, &n);
	assert_non_null(e);
	assert_int_equal(n, 4);
	assert_string_equal(e[0].name, "file.txt");
	assert_int_equal(e[0].kind, FILE_REGULAR);
	assert_string_equal(e[1].name, "link");
	assert_int_equal(e[1].kind, FILE_SYMLINK);
	assert_string_equal(e[2].name, "pipe");
	assert_int_equal(e[2].kind, FILE_OTHER);
	assert_string_equal(e[3].name, "sub");
	assert_int_equal(e[3].kind, FILE_DIR);
	file_entries_free(e, n);
	assert_null(file_entries(link, &n)); /* not a folder */
	free(sub);
	free(link);
	free(fifo);
	fixture_remove(root);
}

static void assert_refused(const char *root, const char *out,
			   const char *expected)
{
	struct diag *d = diag_new();
	char *line;

	assert_null(output_open(root, out, false, d));
	assert_int_equal(diag_errors(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(line, expected);
	free(line);
	diag_free(d);
}

static void test_refuses_folders_it_did_not_make(void **state)
{
	char *root = fixture_dir();
	char *docs = file_join(root, "docs");
	struct buf expected = BUF_INIT;

	(void)state;
	fixture_write(root, "docs/notes.txt", "precious");
	buf_printf(&expected,
		   "prepbook: error: refusing to write the site to '%s': it "
		   "was not made by prepbook (it has no "
		   ".prepbook-site file); delete it yourself or "
		   "choose another -o",
		   docs);
	assert_refused(root, docs, buf_str(&expected));
	buf_reset(&expected);
	buf_printf(&expected,
		   "prepbook: error: refusing to write the site to '%s': it "
		   "holds the handbook itself",
		   root);
	assert_refused(root, root, buf_str(&expected));
	assert_refused(root, "/",
		       "prepbook: error: refusing to write the site to '/': "
		       "it holds the handbook itself");
	/* Inside content/, even before it exists: the next build would read
	 * the site back in as pages. */
	fixture_write(root, "content/index.md", "x");
	buf_reset(&expected);
	buf_printf(&expected, "%s/content/new/site", root);
	{
		char *inside = mem_strdup(buf_str(&expected));

		buf_reset(&expected);
		buf_printf(&expected,
			   "prepbook: error: refusing to write the site to "
			   "'%s': it is inside content/, where the next build "
			   "would read the site back in as pages",
			   inside);
		assert_refused(root, inside, buf_str(&expected));
		free(inside);
	}
	buf_release(&expected);
	free(docs);
	fixture_remove(root);
}

static void test_refuses_paths_outside_the_site(void **state)
{
	char *root = fixture_dir();
	char *out = file_join(root, "site");
	struct diag *d = diag_new();
	struct output *o = output_open(root, out, false, d);

	(void)state;
	assert_int_equal(output_write(o, "../escape.txt", "test", "x", 1, d),
			 -1);
	assert_int_equal(output_write(o, "/etc/x", "test", "x", 1, d), -1);
	assert_int_equal(diag_errors(d), 2);
	output_abort(o);
	assert_int_equal(entries(root), 0);
	diag_free(d);
	free(out);
	fixture_remove(root);
}

static void assert_line(struct diag *d, size_t i, const char *want)
{
	char *line = diag_line(d, i);

	assert_string_equal(line, want);
	free(line);
}

/* Every path has one source; a second is an error at the content/ file
 * among the two, and a checking output reports the same, writing
 * nothing. */
static void test_a_path_has_one_source(void **state)
{
	struct diag *d = diag_new();
	struct output *o = output_open_check();

	(void)state;
	assert_int_equal(output_write(o, "assets/nav.js",
				      "themes/t/assets/nav.js", "x", 1, d),
			 0);
	assert_int_equal(output_write(o, "assets/nav.js",
				      "themes/t/assets/nav.js", "x", 1, d),
			 0);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(output_write(o, "assets/nav.js",
				      "content/assets/nav.js", "y", 1, d),
			 0);
	assert_true(output_claim(o, "sitemap.xml", "the sitemap", d));
	assert_false(output_claim(o, "sitemap.xml", "content/p/x.md", d));
	assert_false(output_claim(o, "assets", "content/assets", d));
	assert_false(output_claim(o, "assets/nav.js/x", "plugins/assets/x", d));
	assert_int_equal(diag_errors(d), 4);
	assert_line(d, 0,
		    "content/assets/nav.js: error: 'assets/nav.js' in the site "
		    "has two sources, themes/t/assets/nav.js and "
		    "content/assets/nav.js; rename or move "
		    "content/assets/nav.js");
	assert_line(d, 1,
		    "content/p/x.md: error: 'sitemap.xml' in the site has two "
		    "sources, the sitemap and content/p/x.md; give "
		    "content/p/x.md another slug");
	assert_line(d, 2,
		    "content/assets: error: 'assets' in the site would be a "
		    "file (from content/assets) and a folder (for "
		    "themes/t/assets/nav.js); rename or move content/assets");
	assert_line(d, 3,
		    "prepbook: error: 'assets/nav.js' in the site would be a "
		    "file (from themes/t/assets/nav.js) and a folder (for "
		    "plugins/assets/x); rename one of them");
	assert_int_equal(output_commit(o, NULL, d), 0);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit_swaps_in_the_new_site),
		cmocka_unit_test(test_a_path_has_one_source),
		cmocka_unit_test(test_abort_leaves_the_old_site_untouched),
		cmocka_unit_test(test_unchanged_files_keep_their_mtime),
		cmocka_unit_test(test_streamed_files_are_written_whole),
		cmocka_unit_test(test_produced_files_read_back_with_their_hash),
		cmocka_unit_test(test_files_since_a_mark_and_keep_then_write),
		cmocka_unit_test(test_refuses_folders_it_did_not_make),
		cmocka_unit_test(test_refuses_paths_outside_the_site),
		cmocka_unit_test(test_file_entries_give_kinds),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
