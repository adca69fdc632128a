/* Tests for content: front matter, the page tree, order and URLs. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "content.h"
#include "diag.h"

static const struct content_options no_drafts = {.drafts = false};

static void assert_diag(struct diag *d, size_t i, const char *expected)
{
	char *line;

	assert_true(i < diag_count(d));
	line = diag_line(d, i);
	assert_string_equal(line, expected);
	free(line);
}

static void test_split_finds_front_matter_and_body_line(void **state)
{
	const char *text = "---\ntitle: A\nweight: 2\n---\nBody\n";
	const char *fm, *body;
	size_t fm_len;
	int line;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(content_split(text, strlen(text), "a.md", &fm, &fm_len,
				       &body, &line, d),
			 0);
	assert_int_equal(fm_len, strlen("title: A\nweight: 2\n"));
	assert_string_equal(body, "Body\n");
	assert_int_equal(line, 5);
	diag_free(d);
}

static void test_split_reports_missing_and_unclosed(void **state)
{
	const char *fm, *body;
	size_t fm_len;
	int line;
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(content_split("# Hi\n", 5, "a.md", &fm, &fm_len, &body,
				       &line, d),
			 -1);
	assert_int_equal(content_split("---\ntitle: x\n", 13, "b.md", &fm,
				       &fm_len, &body, &line, d),
			 -1);
	assert_diag(d, 0,
		    "a.md:1:1: error: missing front matter: a page "
		    "starts with a '---' line, then at least 'title: "
		    "...', then '---'");
	assert_diag(d, 1,
		    "b.md:1:1: error: front matter is not closed: add "
		    "a '---' line after it");
	diag_free(d);
}

/* Splits text and checks the body and its first line; "" for fm_text
 * means the split must fail with the one diagnostic want_error. */
static void assert_split(const char *text, const char *want_fm,
			 const char *want_body, int want_line,
			 const char *want_error)
{
	const char *fm = NULL, *body = NULL;
	size_t fm_len = 0;
	int line = 0;
	struct diag *d = diag_new();
	int status = content_split(text, strlen(text), "p.md", &fm, &fm_len,
				   &body, &line, d);

	if (want_error) {
		assert_int_equal(status, -1);
		assert_int_equal(diag_count(d), 1);
		assert_diag(d, 0, want_error);
	} else {
		assert_int_equal(status, 0);
		assert_int_equal(diag_count(d), 0);
		assert_int_equal(fm_len, strlen(want_fm));
		assert_memory_equal(fm, want_fm, fm_len);
		assert_string_equal(body, want_body);
		assert_int_equal(line, want_line);
	}
	diag_free(d);
}

/* Jekyll and Hugo accept spaces and tabs after either fence; before this
 * a closing "--- " was not seen and the front matter ran on to the next
 * "---" of the page, and the text between vanished. */
static void test_split_accepts_trailing_whitespace_on_fences(void **state)
{
	(void)state;
	assert_split("---  \ntitle: A\n---\nBody\n", "title: A\n", "Body\n", 4,
		     NULL);
	assert_split("---\ntitle: A\n--- \t\nBody\n\n---\nMore\n", "title: A\n",
		     "Body\n\n---\nMore\n", 4, NULL);
	assert_split("---\r\ntitle: A\r\n---  \r\nBody\r\n", "title: A\r\n",
		     "Body\r\n", 4, NULL);
	assert_split("\xEF\xBB\xBF---\ntitle: A\n...\t\nBody\n", "title: A\n",
		     "Body\n", 4, NULL);
	assert_split("---\ntitle: A\n---", "title: A\n", "", 4, NULL);
}

/* Every way the split can fail is an error at a line, never text that
 * silently becomes front matter. */
static void test_split_never_swallows_text_silently(void **state)
{
	(void)state;
	assert_split("---\ntitle: A\n\nBody, and no closing fence\n", "", NULL,
		     0,
		     "p.md:1:1: error: front matter is not closed: add a "
		     "'---' line after it");
	assert_split("---\n", "", NULL, 0,
		     "p.md:1:1: error: front matter is not closed: add a "
		     "'---' line after it");
	assert_split("\n\n---\ntitle: A\n---\nBody\n", "", NULL, 0,
		     "p.md:1:1: error: front matter must start on the first "
		     "line: remove the 2 blank lines above '---'");
	assert_split("---\ntitle: A\n----\nBody\n---\nMore\n", "", NULL, 0,
		     "p.md:3:1: error: front matter: '----' does not close "
		     "the front matter: the closing line is '---' alone");
	assert_split("---\ntitle: A\n.... \nBody\n", "", NULL, 0,
		     "p.md:3:1: error: front matter: '....' does not close "
		     "the front matter: the closing line is '---' alone");
	assert_split("--- title: A\n---\nBody\n", "", NULL, 0,
		     "p.md:1:1: error: missing front matter: a page starts "
		     "with a '---' line, then at least 'title: ...', then "
		     "'---'");
}

static void test_front_matter_errors_and_warnings(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(dir, "content/a/bad.md",
		      "---\ntitle: Bad\nweight: first\ndraft: maybe\n"
		      "slug: Not_OK\nupdated: 2024-02-30\n---\n");
	fixture_write(dir, "content/a/untitled.md",
		      "---\ndescription: x\n---\n");
	fixture_write(dir, "content/a/typo.md",
		      "---\ntitle: T\ndescripton: x\ntags: [a, b]\n---\n");
	hb = content_load(dir, &no_drafts, d);
	assert_non_null(hb);
	assert_int_equal(diag_errors(d), 5);
	assert_diag(d, 0,
		    "content/a/bad.md:3:9: error: front matter: "
		    "'weight' must be an integer, got \"first\"");
	assert_diag(d, 1,
		    "content/a/bad.md:4:8: error: front matter: 'draft' "
		    "must be true or false, got \"maybe\"");
	assert_diag(d, 2,
		    "content/a/bad.md:5:7: error: front matter: 'slug' "
		    "must be lowercase letters, digits and '-', got "
		    "\"Not_OK\"");
	assert_diag(d, 3,
		    "content/a/bad.md:6:10: error: front matter: "
		    "'updated' is a day that does not exist: 2024-02-30 "
		    "(February 2024 has 29 days)");
	assert_diag(d, 4,
		    "content/a/typo.md:3:1: warning: front matter: "
		    "unknown key 'descripton' (did you mean "
		    "'description'?)");
	assert_diag(d, 5,
		    "content/a/untitled.md:2:1: error: front matter: "
		    "missing required 'title'");
	/* Pages whose front matter has errors are in the tree, marked, so
	 * that the errors of their bodies are reported in the same run. */
	assert_int_equal(hb->npages, 5);
	assert_true(content_find(hb, "content/a/bad.md")->broken);
	assert_string_equal(content_find(hb, "content/a/untitled.md")->title,
			    "Untitled");
	assert_false(content_find(hb, "content/a/typo.md")->broken);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

static void test_tree_orders_by_weight_then_title(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(dir, "content/zeta/_index.md",
		      "---\ntitle: Zeta\nweight: 1\n---\n");
	fixture_write(dir, "content/alpha/b.md", "---\ntitle: Bee\n---\n");
	fixture_write(dir, "content/alpha/a.md", "---\ntitle: Cee\n---\n");
	fixture_write(dir, "content/alpha/c.md",
		      "---\ntitle: Zed\nweight: -1\n---\n");
	fixture_write(dir, "content/glossary.md",
		      "---\ntitle: Glossary\nweight: 9\n---\n");
	fixture_write(dir, "content/zeta/x.md",
		      "---\ntitle: X\nslug: renamed\n---\n");
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(hb->npages, 8);
	/* "alpha" has no _index.md: weight 0 and a generated landing page
	 * titled from the folder; zeta weighs 1; the glossary 9. */
	assert_string_equal(hb->order[0]->url, "index.html");
	assert_string_equal(hb->order[1]->url, "alpha/index.html");
	assert_string_equal(hb->order[1]->title, "Alpha");
	assert_true(hb->order[1]->generated);
	assert_string_equal(hb->order[2]->url, "alpha/c.html");
	assert_string_equal(hb->order[3]->url, "alpha/b.html");
	assert_string_equal(hb->order[4]->url, "alpha/a.html");
	assert_string_equal(hb->order[5]->url, "zeta/index.html");
	assert_string_equal(hb->order[6]->url, "zeta/renamed.html");
	assert_string_equal(hb->order[7]->url, "glossary.html");
	assert_ptr_equal(hb->order[3]->prev, hb->order[2]);
	assert_ptr_equal(hb->order[3]->next, hb->order[4]);
	assert_null(hb->order[0]->prev);
	assert_null(hb->order[7]->next);
	assert_int_equal(hb->nsections, 3);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

static bool hold_only_b(const char *source, uint64_t hash, void *data)
{
	(void)hash;
	(void)data;
	return strcmp(source, "content/b.md") == 0;
}

/* A body left on disk is read when asked for, and only if the file is
 * still what was loaded. */
static void test_bodies_left_on_disk_are_read_back(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct content_options o = {.hold_body = hold_only_b};
	struct handbook *hb;
	struct page *a, *b;

	(void)state;
	fixture_write(dir, "content/a.md", "---\ntitle: A\n---\nAlpha text.\n");
	fixture_write(dir, "content/b.md", "---\ntitle: B\n---\nBeta.\n");
	hb = content_load(dir, &o, d);
	assert_non_null(hb);
	a = content_find(hb, "content/a.md");
	b = content_find(hb, "content/b.md");
	assert_null(a->body);
	assert_int_equal(a->body_len, strlen("Alpha text.\n"));
	assert_string_equal(b->body, "Beta.\n");
	assert_int_equal(content_page_body(a, d), 0);
	assert_string_equal(a->body, "Alpha text.\n");
	/* Edited since the load: an error at the page, and no body. */
	free(a->body);
	a->body = NULL;
	fixture_write(dir, "content/a.md", "---\ntitle: A\n---\nChanged.\n");
	assert_int_equal(content_page_body(a, d), -1);
	assert_null(a->body);
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "content/a.md: error: the file changed during the build; "
		    "build again");
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

/* The URLs of hb's pages in reading order, joined by spaces. */
static char *reading_order(const struct handbook *hb)
{
	struct buf urls = BUF_INIT;

	for (size_t i = 0; i < hb->npages; i++)
		buf_printf(&urls, "%s%s", i ? " " : "", hb->order[i]->url);
	return buf_detach(&urls);
}

/*
 * Equal weight and equal title leave the source path to decide, so the
 * order never depends on how the pages were found.  The scan lists parts
 * before top-level pages, so a part "zzz" and a page "aaa.md" that tie
 * are found in the wrong order and only the source path puts "aaa" first;
 * "bbb" and "yyy.md" check that it is the path, not the kind, that wins.
 */
static void test_ties_in_weight_and_title_follow_the_source_path(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;
	char *first, *second;

	(void)state;
	fixture_write(dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(dir, "content/zzz/_index.md",
		      "---\ntitle: Same\nweight: 1\n---\n");
	fixture_write(dir, "content/aaa.md",
		      "---\ntitle: Same\nweight: 1\n---\n");
	fixture_write(dir, "content/bbb/_index.md",
		      "---\ntitle: Other\nweight: 2\n---\n");
	fixture_write(dir, "content/yyy.md",
		      "---\ntitle: Other\nweight: 2\n---\n");
	fixture_write(dir, "content/zzz/b.md", "---\ntitle: Twin\n---\n");
	fixture_write(dir, "content/zzz/a.md", "---\ntitle: Twin\n---\n");
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(diag_count(d), 0);
	first = reading_order(hb);
	assert_string_equal(first, "index.html aaa.html zzz/index.html "
				   "zzz/a.html zzz/b.html bbb/index.html "
				   "yyy.html");
	content_free(hb);

	/* The same handbook loads in the same order again. */
	hb = content_load(dir, &no_drafts, d);
	second = reading_order(hb);
	assert_string_equal(second, first);
	assert_int_equal(diag_count(d), 0);
	free(first);
	free(second);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

static void test_drafts_are_left_out_unless_asked(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct content_options drafts = {.drafts = true};
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/p/a.md",
		      "---\ntitle: A\ndraft: true\n---\n");
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(hb->npages, 1); /* the generated home only */
	content_free(hb);
	hb = content_load(dir, &drafts, d);
	assert_int_equal(hb->npages, 3);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

/* index.md is a folder's landing page as _index.md is; 404.md is the
 * not-found page, outside the navigation; a draft left out is known. */
static void test_landing_pages_not_found_page_and_drafts(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/_index.md", "---\ntitle: Home\n---\n");
	fixture_write(dir, "content/404.md", "---\ntitle: Lost\n---\n");
	fixture_write(dir, "content/p/index.md", "---\ntitle: P\n---\n");
	fixture_write(dir, "content/p/a.md", "---\ntitle: A\n---\n");
	fixture_write(dir, "content/q/_index.md", "---\ntitle: Q\n---\n");
	fixture_write(dir, "content/q/index.md", "---\ntitle: Q2\n---\n");
	fixture_write(dir, "content/q/d.md",
		      "---\ntitle: D\ndraft: true\n---\n");
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "content/q/index.md:1:1: error: 'content/q/_index.md' and "
		    "'content/q/index.md' are both the landing page of their "
		    "folder; keep one of them");
	assert_string_equal(hb->home->source, "content/_index.md");
	assert_string_equal(hb->sections[0].part->index->source,
			    "content/p/index.md");
	assert_string_equal(hb->sections[0].part->index->url, "p/index.html");
	assert_string_equal(hb->not_found->url, "404.html");
	assert_ptr_equal(content_find(hb, "content/404.md"), hb->not_found);
	assert_int_equal(hb->npages, 4); /* home, p, p/a, q: not 404.md */
	assert_int_equal(content_left_out(hb, "content/q/d.md")->kind,
			 LEFT_OUT_DRAFT);
	assert_int_equal(content_left_out(hb, "content/q/index.md")->kind,
			 LEFT_OUT_ERRORS);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

/* What content/ may publish as it is; see contentfiles.c. */
static void test_active_files_are_refused(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/a/page.html", "<p>x</p>");
	fixture_write(dir, "content/a/run.js", "x()");
	fixture_write(dir, "content/a/bad.svg",
		      "<svg><a href='JavaScript:x'/>");
	fixture_write(dir, "content/a/click.svg", "<svg\nonclick = 'x'/>");
	fixture_write(dir, "content/a/ok.svg", "<svg><text>onion=1</text>");
	fixture_write(dir, "content/a/data.json", "{}");
	fixture_write(dir, "content/a/photo.PNG", "png");
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(diag_errors(d), 4);
	assert_false(content_has_asset(hb, "content/a/page.html"));
	assert_false(content_has_asset(hb, "content/a/run.js"));
	assert_false(content_has_asset(hb, "content/a/bad.svg"));
	assert_false(content_has_asset(hb, "content/a/click.svg"));
	assert_true(content_has_asset(hb, "content/a/ok.svg"));
	assert_true(content_has_asset(hb, "content/a/data.json"));
	assert_true(content_has_asset(hb, "content/a/photo.PNG"));
	assert_int_equal(content_left_out(hb, "content/a/run.js")->kind,
			 LEFT_OUT_REFUSED);
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

static void test_deep_pages_are_errors(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/p/a.md", "---\ntitle: A\n---\n");
	fixture_write(dir, "content/p/b.md", "---\ntitle: B\nslug: a\n---\n");
	fixture_write(dir, "content/p/deep/c.md", "---\ntitle: C\n---\n");
	fixture_write(dir, "content/p/img/chart.svg", "<svg/>");
	hb = content_load(dir, &no_drafts, d);
	/* Two pages on one URL are the output's to report (output_claim),
	 * with every other path the site would have twice. */
	assert_int_equal(diag_errors(d), 1);
	assert_diag(d, 0,
		    "content/p/deep/c.md: error: pages may be at most "
		    "one folder deep: content/<part>/<page>.md");
	assert_true(content_has_asset(hb, "content/p/img/chart.svg"));
	assert_false(content_has_asset(hb, "content/p/img/other.svg"));
	content_free(hb);
	diag_free(d);
	fixture_remove(dir);
}

static void test_symlinks_and_unsafe_names_are_refused(void **state)
{
	char *dir = fixture_dir();
	char *link = file_join(dir, "content/p/secret.txt");
	struct diag *d = diag_new();
	struct handbook *hb;

	(void)state;
	fixture_write(dir, "content/p/a.md", "---\ntitle: A\n---\n");
	fixture_write(dir, "content/p/what now.md", "---\ntitle: Q\n---\n");
	fixture_write(dir, "content/p/why?.md", "---\ntitle: Q\n---\n");
	assert_int_equal(symlink("/etc/hostname", link), 0);
	hb = content_load(dir, &no_drafts, d);
	assert_int_equal(diag_errors(d), 3);
	assert_diag(d, 0,
		    "content/p/secret.txt: error: symbolic links are "
		    "not followed in content/ (a link could publish "
		    "any file of the machine); copy the file in instead");
	assert_diag(d, 1,
		    "content/p/what now.md: error: the name has a space, "
		    "which does not work in a URL; use '-' instead");
	assert_diag(d, 2,
		    "content/p/why?.md: error: the name has "
		    "characters that do not work in a URL; use "
		    "letters, digits, '-', '_' and '.'");
	assert_false(content_has_asset(hb, "content/p/secret.txt"));
	assert_int_equal(content_left_out(hb, "content/p/what now.md")->kind,
			 LEFT_OUT_REFUSED);
	assert_null(content_left_out(hb, "content/p/a.md"));
	content_free(hb);
	diag_free(d);
	free(link);
	fixture_remove(dir);
}

static void test_missing_content_folder(void **state)
{
	char *dir = fixture_dir();
	struct diag *d = diag_new();

	(void)state;
	assert_null(content_load(dir, &no_drafts, d));
	assert_diag(d, 0,
		    "content: error: no content folder: a handbook "
		    "keeps its pages in content/");
	diag_free(d);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_finds_front_matter_and_body_line),
		cmocka_unit_test(test_split_reports_missing_and_unclosed),
		cmocka_unit_test(
			test_split_accepts_trailing_whitespace_on_fences),
		cmocka_unit_test(test_split_never_swallows_text_silently),
		cmocka_unit_test(test_front_matter_errors_and_warnings),
		cmocka_unit_test(test_tree_orders_by_weight_then_title),
		cmocka_unit_test(
			test_ties_in_weight_and_title_follow_the_source_path),
		cmocka_unit_test(test_drafts_are_left_out_unless_asked),
		cmocka_unit_test(test_landing_pages_not_found_page_and_drafts),
		cmocka_unit_test(test_active_files_are_refused),
		cmocka_unit_test(test_deep_pages_are_errors),
		cmocka_unit_test(test_symlinks_and_unsafe_names_are_refused),
		cmocka_unit_test(test_missing_content_folder),
		cmocka_unit_test(test_bodies_left_on_disk_are_read_back),
	};

	return cmocka_run_group_tests_name("content", tests, NULL, NULL);
}
