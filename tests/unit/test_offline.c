/* Tests for offline: manifest.webmanifest and the service worker's list
 * of files and version. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "offline.h"
#include "output.h"
#include "theme.h"

struct fx {
	char *dir;
	struct theme *theme;
	struct config config;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct diag *d = diag_new();

	f->dir = fixture_dir();
	fixture_write(f->dir, "handbook.yml",
		      "title: \"Hb \\\"quoted\\\"\"\ndescription: D\n");
	fixture_write(f->dir, "themes/t/templates/page.mustache", "x");
	fixture_write(f->dir, "themes/t/sw.js", "/* the worker */\n");
	fixture_write(f->dir, "themes/t/assets/icon-192.png", "png");
	fixture_write(f->dir, "themes/t/assets/icon.svg", "<svg/>");
	assert_int_equal(config_load(&f->config, f->dir, d), 0);
	f->theme = theme_load(f->dir, "t", d);
	assert_non_null(f->theme);
	diag_free(d);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;

	theme_free(f->theme);
	config_release(&f->config);
	fixture_remove(f->dir);
	free(f);
	return 0;
}

/* Builds a site of a few files, the page holding page_text, and returns
 * its sw.js. */
static char *worker_for(struct fx *f, const char *page_text)
{
	char *site = file_join(f->dir, "site");
	char *file = file_join(site, "sw.js");
	struct diag *d = diag_new();
	struct output *o = output_open(f->dir, site, false, d);
	struct buf out = BUF_INIT;

	output_write(o, "index.html", "a", page_text, strlen(page_text), d);
	output_write(o, "assets/a.css", "b", "css", 3, d);
	output_write(o, ".nojekyll", "c", "", 0, d);
	output_write(o, ".prepbook-cache", "d", "cache", 5, d);
	output_write(o, "CNAME", "e", "x.org\n", 6, d);
	output_write(o, "p/.hidden/x.txt", "f", "x", 1, d);
	assert_int_equal(offline_write_worker(f->theme, o, d), 0);
	assert_int_equal(output_commit(o, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(file_read(file, &out), 0);
	diag_free(d);
	free(file);
	free(site);
	return buf_detach(&out);
}

static void test_the_worker_lists_the_readers_files(void **state)
{
	char *js = worker_for(*state, "<p>one</p>");

	assert_non_null(
		strstr(js, "self.PREPBOOK_FILES = [\n[\"assets/a.css\","));
	assert_non_null(strstr(js, "],\n[\"index.html\",\""));
	assert_null(strstr(js, "nojekyll"));
	assert_null(strstr(js, "prepbook-cache"));
	assert_null(strstr(js, "CNAME"));
	assert_null(strstr(js, "hidden"));
	assert_null(strstr(js, "\"sw.js\""));
	assert_non_null(strstr(js, "];\n\n/* the worker */\n"));
	free(js);
}

static char *version_of(const char *js)
{
	const char *v = strstr(js, "PREPBOOK_VERSION = \"");

	assert_non_null(v);
	return strndup(v + 20, 16);
}

static void test_the_version_follows_every_files_bytes(void **state)
{
	char *a = worker_for(*state, "<p>one</p>");
	char *b = worker_for(*state, "<p>one</p>");
	char *c = worker_for(*state, "<p>two</p>");
	char *va = version_of(a), *vb = version_of(b), *vc = version_of(c);

	assert_string_equal(va, vb);
	assert_string_not_equal(va, vc);
	assert_string_equal(a, b);
	free(va);
	free(vb);
	free(vc);
	free(a);
	free(b);
	free(c);
}

static void test_the_manifest_names_the_handbook_and_its_icons(void **state)
{
	struct fx *f = *state;
	char *site = file_join(f->dir, "site2");
	char *file = file_join(site, "manifest.webmanifest");
	struct diag *d = diag_new();
	struct output *o = output_open(f->dir, site, false, d);
	struct buf json = BUF_INIT;

	assert_int_equal(offline_write_manifest(&f->config, f->theme, o, d), 0);
	assert_int_equal(output_commit(o, NULL, d), 0);
	assert_int_equal(file_read(file, &json), 0);
	assert_non_null(
		strstr(buf_str(&json), "\"name\": \"Hb \\\"quoted\\\"\""));
	assert_non_null(
		strstr(buf_str(&json), "\"start_url\": \"./index.html\""));
	assert_non_null(strstr(buf_str(&json),
			       "{\"src\": \"assets/icon-192.png\", \"sizes\": "
			       "\"192x192\", \"type\": \"image/png\""));
	assert_null(strstr(buf_str(&json), "icon-512"));
	assert_non_null(strstr(buf_str(&json), "\"src\": \"assets/icon.svg\""));
	buf_release(&json);
	diag_free(d);
	free(file);
	free(site);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_worker_lists_the_readers_files),
		cmocka_unit_test(test_the_version_follows_every_files_bytes),
		cmocka_unit_test(
			test_the_manifest_names_the_handbook_and_its_icons),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
