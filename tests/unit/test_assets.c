/* Tests for assets: FNV-1a, the hashed site paths of plugin assets, one
 * read per file, errors at the block that asked, writing into the site,
 * and publishing from several threads at once. */
#include "fixture.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "assets.h"
#include "buf.h"
#include "diag.h"
#include "output.h"

static const struct pos block = {"content/a.md", 12, 1};

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

/* Publishes a into root/site and returns that folder's path. */
static char *write_site(struct assets *a, const char *root, struct diag *d)
{
	char *site = file_join(root, "site");
	struct output *o = output_open(root, site, false, d);

	assert_non_null(o);
	assert_int_equal(assets_write(a, o, d), 0);
	assert_int_equal(output_commit(o, NULL, d), 0);
	return site;
}

static void assert_file(const char *dir, const char *relative,
			const char *bytes, size_t len)
{
	char *path = file_join(dir, relative);
	struct buf got = BUF_INIT;

	if (file_read(path, &got) != 0)
		fail_msg("%s is missing", relative);
	assert_int_equal(got.len, len);
	assert_memory_equal(got.data, bytes, len);
	buf_release(&got);
	free(path);
}

static void test_hash_is_fnv1a_64(void **state)
{
	(void)state;
	/* The published test vectors of 64-bit FNV-1a. */
	assert_true(assets_hash("", 0) == 0xcbf29ce484222325ULL);
	assert_true(assets_hash("a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(assets_hash("foobar", 6) == 0x85944171f73967e8ULL);
	/* It hashes len bytes, NULs included, not a C string. */
	assert_true(assets_hash("a\0b", 3) != assets_hash("a", 1));
	assert_true(assets_hash("abc", 1) == 0xaf63dc4c8601ec8cULL);
}

static void test_site_path_carries_the_hash_of_the_bytes(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(dir, "calculator.js", "console.log(1);\n");
	fixture_write(dir, "style.css", "body{}\n");
	/* The low 32 bits of the FNV-1a hash, in hex, before the extension:
	 * FNV-1a("console.log(1);\n") = 0xb52e88821240c9c1. */
	assert_string_equal(assets_publish(a, dir, "calculator.js", block, d),
			    "assets/plugins/calculator.1240c9c1.js");
	assert_string_equal(assets_publish(a, dir, "style.css", block, d),
			    "assets/plugins/style.14bf93ad.css");
	assert_int_equal(diag_count(d), 0);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_names_without_extension_or_with_folders(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();

	(void)state;
	fixture_write(dir, "LICENSE", "a");
	fixture_write(dir, ".hidden", "a");
	fixture_write(dir, "sub/x.min.js", "a");
	fixture_write(dir, "v1.2/app", "a");
	assert_string_equal(assets_publish(a, dir, "LICENSE", block, d),
			    "assets/plugins/LICENSE.8601ec8c");
	/* A leading dot is no extension. */
	assert_string_equal(assets_publish(a, dir, ".hidden", block, d),
			    "assets/plugins/.hidden.8601ec8c");
	/* Only the last dot of the file name, not of a folder, counts. */
	assert_string_equal(assets_publish(a, dir, "sub/x.min.js", block, d),
			    "assets/plugins/sub/x.min.8601ec8c.js");
	assert_string_equal(assets_publish(a, dir, "v1.2/app", block, d),
			    "assets/plugins/v1.2/app.8601ec8c");
	assert_int_equal(diag_count(d), 0);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_a_file_is_read_once_and_written_as_first_read(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();
	const char *first, *second;
	char *site;

	(void)state;
	fixture_write(dir, "plugins/assets/x.js", "one");
	first = assets_publish(a, dir, "plugins/assets/x.js", block, d);
	fixture_write(dir, "plugins/assets/x.js", "two, changed");
	second = assets_publish(a, dir, "plugins/assets/x.js", block, d);
	assert_non_null(first);
	assert_ptr_equal(first, second);
	site = write_site(a, dir, d);
	assert_file(site, first, "one", 3);
	assert_int_equal(diag_count(d), 0);
	free(site);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_same_name_in_two_folders_are_two_assets(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();
	char *one = file_join(dir, "one"), *two = file_join(dir, "two");
	const char *p1, *p2;

	(void)state;
	fixture_write(dir, "one/x.js", "a");
	fixture_write(dir, "two/x.js", "foobar");
	p1 = assets_publish(a, one, "x.js", block, d);
	p2 = assets_publish(a, two, "x.js", block, d);
	assert_string_equal(p1, "assets/plugins/x.8601ec8c.js");
	assert_string_equal(p2, "assets/plugins/x.f73967e8.js");
	assert_int_equal(diag_count(d), 0);
	free(one);
	free(two);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_unreadable_asset_is_an_error_at_the_block(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();
	char *site;

	(void)state;
	fixture_write(dir, "folder/inner.js", "x");
	assert_null(assets_publish(a, dir, "nope.js", block, d));
	assert_null(assets_publish(a, dir, "folder", block, d));
	assert_int_equal(diag_errors(d), 2);
	assert_diag(d, 0,
		    "content/a.md:12:1: error: asset 'nope.js' cannot be "
		    "read: No such file or directory");
	assert_diag(d, 1,
		    "content/a.md:12:1: error: asset 'folder' cannot be "
		    "read: Is a directory");

	/* A failure is not remembered: once the file exists, it works, and
	 * only what was published is written. */
	fixture_write(dir, "nope.js", "a");
	assert_string_equal(assets_publish(a, dir, "nope.js", block, d),
			    "assets/plugins/nope.8601ec8c.js");
	site = write_site(a, dir, d);
	assert_file(site, "assets/plugins/nope.8601ec8c.js", "a", 1);
	assert_int_equal(diag_errors(d), 2);
	free(site);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_write_copies_every_byte(void **state)
{
	char *dir = fixture_dir();
	char *path = file_join(dir, "font.bin");
	struct assets *a = assets_new();
	struct diag *d = diag_new();
	const char bytes[] = {'\x00', 'A', '\xff', '\x00', '\n'};
	const char *bin, *css;
	char *site, *listing;
	size_t count;
	char **names;

	(void)state;
	assert_int_equal(file_write(path, bytes, sizeof bytes), 0);
	fixture_write(dir, "style.css", "body{}\n");
	bin = assets_publish(a, dir, "font.bin", block, d);
	css = assets_publish(a, dir, "style.css", block, d);
	site = write_site(a, dir, d);
	assert_file(site, bin, bytes, sizeof bytes);
	assert_file(site, css, "body{}\n", 7);
	/* Nothing else lands in assets/plugins. */
	listing = file_join(site, "assets/plugins");
	names = file_list(listing, &count);
	assert_int_equal(count, 2);
	file_list_free(names, count);
	assert_int_equal(diag_count(d), 0);
	free(listing);
	free(site);
	free(path);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

static void test_an_empty_set_writes_nothing(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct diag *d = diag_new();
	char *site, *plugins;

	(void)state;
	site = write_site(a, dir, d);
	plugins = file_join(site, "assets");
	assert_false(file_is_dir(plugins));
	free(plugins);
	free(site);
	assets_free(a);
	assets_free(NULL);
	diag_free(d);
	fixture_remove(dir);
}

struct publisher {
	struct assets *a;
	const char *dir;
	const char *got[3];
	bool same;
};

static void *publish_many(void *arg)
{
	static const char *const names[] = {"a.js", "b.css", "c/d.js"};
	struct publisher *p = arg;
	struct diag *d = diag_new();

	p->same = true;
	for (int round = 0; round < 200; round++)
		for (int i = 0; i < 3; i++) {
			const char *path = assets_publish(p->a, p->dir,
							  names[i], block, d);

			if (round == 0)
				p->got[i] = path;
			else if (path != p->got[i])
				p->same = false;
		}
	if (diag_count(d) != 0)
		p->same = false;
	diag_free(d);
	return NULL;
}

static void test_threads_publishing_at_once_share_one_entry(void **state)
{
	char *dir = fixture_dir();
	struct assets *a = assets_new();
	struct publisher p[8];
	pthread_t threads[8];
	struct diag *d = diag_new();
	char *site, *listing;
	char **names;
	size_t count;

	(void)state;
	fixture_write(dir, "a.js", "a");
	fixture_write(dir, "b.css", "b");
	fixture_write(dir, "c/d.js", "d");
	for (int i = 0; i < 8; i++) {
		p[i] = (struct publisher){a, dir, {NULL, NULL, NULL}, false};
		assert_int_equal(
			pthread_create(&threads[i], NULL, publish_many, &p[i]),
			0);
	}
	for (int i = 0; i < 8; i++)
		pthread_join(threads[i], NULL);
	for (int i = 0; i < 8; i++) {
		assert_true(p[i].same);
		for (int j = 0; j < 3; j++)
			assert_ptr_equal(p[i].got[j], p[0].got[j]);
	}
	site = write_site(a, dir, d);
	listing = file_join(site, "assets/plugins");
	names = file_list(listing, &count);
	/* a.<hash>.js, b.<hash>.css and the folder c. */
	assert_int_equal(count, 3);
	file_list_free(names, count);
	free(listing);
	free(site);
	assets_free(a);
	diag_free(d);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_is_fnv1a_64),
		cmocka_unit_test(test_site_path_carries_the_hash_of_the_bytes),
		cmocka_unit_test(test_names_without_extension_or_with_folders),
		cmocka_unit_test(
			test_a_file_is_read_once_and_written_as_first_read),
		cmocka_unit_test(test_same_name_in_two_folders_are_two_assets),
		cmocka_unit_test(
			test_unreadable_asset_is_an_error_at_the_block),
		cmocka_unit_test(test_write_copies_every_byte),
		cmocka_unit_test(test_an_empty_set_writes_nothing),
		cmocka_unit_test(
			test_threads_publishing_at_once_share_one_entry),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
