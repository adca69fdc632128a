/* Tests for markdown: GitHub's heading ids, the TOC, plugin blocks, links
 * and raw HTML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "markdown.h"
#include "mem.h"

static int setup(void **state)
{
	(void)state;
	markdown_init();
	return 0;
}

/* Renders text as page "p.md" whose body starts on line 5. */
static char *render(const char *text, const struct markdown_hooks *hooks,
		    struct diag *d, struct value **toc)
{
	struct markdown_doc *doc =
		markdown_parse(text, strlen(text), "p.md", 5);
	struct markdown_output out;
	char *html;

	markdown_output_init(&out);
	markdown_render(doc, hooks, &out, d);
	html = mem_strdup(buf_str(&out.html));
	if (toc)
		*toc = value_copy(out.toc);
	markdown_output_release(&out);
	markdown_free(doc);
	return html;
}

static void assert_contains(const char *haystack, const char *needle)
{
	if (strstr(haystack, needle) == NULL)
		fail_msg("expected to find\n  %s\nin\n%s", needle, haystack);
}

static void test_heading_ids_dedupe_like_github(void **state)
{
	const char *text = "# Costs & Benefits!\n## Costs\n## Costs\n"
			   "## Costs\n## What's `new`?\n";
	struct markdown_doc *doc =
		markdown_parse(text, strlen(text), "p.md", 1);
	const struct value *ids = markdown_heading_ids(doc);

	(void)state;
	assert_int_equal(value_len(ids), 5);
	assert_string_equal(value_string_of(value_at(ids, 0)),
			    "costs--benefits");
	assert_string_equal(value_string_of(value_at(ids, 1)), "costs");
	assert_string_equal(value_string_of(value_at(ids, 2)), "costs-1");
	assert_string_equal(value_string_of(value_at(ids, 3)), "costs-2");
	assert_string_equal(value_string_of(value_at(ids, 4)), "whats-new");
	markdown_free(doc);
}

/* Pass one reads heading ids with a parser that has no GFM extension;
 * every heading must get the id the rendering parser gives it. */
static void test_pass_one_ids_equal_the_full_parse(void **state)
{
	const char *text =
		"# ~~Old~~ new\n## See www.example.org and https://x.io\n"
		"## Price | cost\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
		"## Note[^1] ~strike~\n\n[^1]: A footnote.\n\n"
		"- [ ] ## not a heading\n\nSetext\n---\n\n"
		"x | y\n--- | ---\n\n## <b>raw</b> *em* `code` ⚠️ ǅ Ⅳ\n"
		"## Old new\n";
	struct markdown_doc *doc =
		markdown_parse(text, strlen(text), "p.md", 1);
	const struct value *full = markdown_heading_ids(doc);
	struct value *quick = markdown_heading_ids_of(text, strlen(text));

	(void)state;
	assert_int_equal(value_len(quick), value_len(full));
	for (size_t i = 0; i < value_len(full); i++)
		assert_string_equal(value_string_of(value_at(quick, i)),
				    value_string_of(value_at(full, i)));
	assert_true(value_len(full) >= 6);
	value_free(quick);
	markdown_free(doc);
}

static void test_headings_get_ids_and_toc_nests_h3(void **state)
{
	struct diag *d = diag_new();
	struct value *toc;
	char *html = render("## One\n### One a\n## Two *bold*\n#### Deep\n",
			    NULL, d, &toc);

	(void)state;
	assert_contains(html, "<h2 id=\"one\">\nOne\n <a class=\"anchor\" "
			      "href=\"#one\"");
	assert_contains(html, "<h2 id=\"two-bold\">\nTwo <em>bold</em>");
	assert_int_equal(value_len(toc), 2);
	assert_string_equal(value_string_of(value_get(value_at(toc, 0), "id")),
			    "one");
	assert_string_equal(
		value_string_of(value_get(
			value_at(value_get(value_at(toc, 0), "children"), 0),
			"title")),
		"One a");
	assert_string_equal(
		value_string_of(value_get(value_at(toc, 1), "title")),
		"Two bold");
	value_free(toc);
	free(html);
	diag_free(d);
}

static void test_gfm_extensions_render(void **state)
{
	struct diag *d = diag_new();
	char *html = render("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~gone~~ "
			    "https://example.org\n\n- [x] done\n\nNote[^1].\n\n"
			    "[^1]: The note.\n",
			    NULL, d, NULL);

	(void)state;
	assert_contains(html, "<table>");
	assert_contains(html, "<del>gone</del>");
	assert_contains(html, "<a href=\"https://example.org\">");
	assert_contains(html, "type=\"checkbox\" checked=\"\" disabled=\"\" "
			      "aria-label=\"done\"");
	assert_contains(html, "class=\"footnotes\"");
	free(html);
	diag_free(d);
}

static void test_raw_html_is_dropped_with_a_warning(void **state)
{
	struct diag *d = diag_new();
	char *html = render("<script>alert(1)</script>\n\n<!-- note -->\n\n"
			    "Hi <b>there</b>\n",
			    NULL, d, NULL);
	char *line;

	(void)state;
	assert_null(strstr(html, "<script>"));
	assert_null(strstr(html, "<b>"));
	assert_null(strstr(html, "note"));
	assert_int_equal(diag_count(d), 3);
	line = diag_line(d, 0);
	assert_string_equal(line, "p.md:5:1: warning: raw HTML is not "
				  "rendered: '<script>alert(1)</script>'; "
				  "write Markdown, or use a plugin block");
	free(line);
	free(html);
	diag_free(d);
}

static void test_unsafe_urls_are_errors(void **state)
{
	struct diag *d = diag_new();
	char *html = render(
		"[x](javascript:alert(1)) ![i](data:image/png;base64,AA)\n",
		NULL, d, NULL);
	char *line;

	(void)state;
	assert_int_equal(diag_errors(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(line,
			    "p.md:5:1: error: link: unsafe URL "
			    "'javascript:alert(1)'; links may be relative "
			    "or use http, https, mailto, tel or ftp");
	assert_null(strstr(html, "javascript"));
	assert_contains(html, "data:image/png");
	free(line);
	free(html);
	diag_free(d);
}

#define SCHEMES "; links may be relative or use http, https, mailto, tel or ftp"

/* Every spelling of a vbscript: link is refused, as javascript: is: any
 * case, written with an entity, as an autolink or a reference, and in a
 * link or an image; the href is left empty.  A control character before
 * the scheme is skipped, as a browser skips it: still vbscript:. */
static void test_vbscript_urls_are_refused(void **state)
{
	struct diag *d = diag_new();
	char *html = render("[a](vbscript:msgbox(1))\n\n"
			    "[b](VBScript:x) [c](&#86;bscript:x)\n\n"
			    "[d](< vbscript:x>) ![e](vbScript:y)\n\n"
			    "<vbscript:x>\n\n"
			    "[f]\n\n"
			    "[f]: vbscript:z\n\n"
			    "[g](\x01vbscript:x)\n",
			    NULL, d, NULL);
	static const char *const expected[] = {
		"p.md:5:1: error: link: unsafe URL "
		"'vbscript:msgbox(1)'" SCHEMES,
		"p.md:7:1: error: link: unsafe URL 'VBScript:x'" SCHEMES,
		"p.md:7:17: error: link: unsafe URL 'Vbscript:x'" SCHEMES,
		"p.md:9:1: error: link: unsafe URL 'vbscript:x'" SCHEMES,
		"p.md:9:20: error: link: unsafe URL 'vbScript:y'" SCHEMES,
		"p.md:11:1: error: link: unsafe URL 'vbscript:x'" SCHEMES,
		"p.md:13:1: error: link: unsafe URL 'vbscript:z'" SCHEMES,
		"p.md:17:1: error: link: unsafe URL '\\x01vbscript:x'" SCHEMES,
	};

	(void)state;
	assert_string_equal(html,
			    "<p><a href=\"\">a</a></p>\n"
			    "<p><a href=\"\">b</a> <a href=\"\">c</a></p>\n"
			    "<p><a href=\"\">d</a> <img src=\"\" alt=\"e\" "
			    "/></p>\n"
			    "<p><a href=\"\">vbscript:x</a></p>\n"
			    "<p><a href=\"\">f</a></p>\n"
			    "<p><a href=\"\">g</a></p>\n");
	assert_int_equal(diag_count(d), 8);
	for (size_t i = 0; i < 8; i++) {
		char *line = diag_line(d, i);

		assert_string_equal(line, expected[i]);
		free(line);
	}
	free(html);
	diag_free(d);
}

/* cmark-gfm's checkboxes get an accessible name; this is the whole HTML
 * of a task list, so a change to the label or the markup shows. */
static void test_task_list_items_render_labelled_checkboxes(void **state)
{
	struct diag *d = diag_new();
	char *html = render("- [ ] todo\n- [X] done upper\n- [x] done\n\n"
			    "`<input type=\"checkbox\" disabled=\"\" />`\n",
			    NULL, d, NULL);

	(void)state;
	assert_string_equal(
		html, "<ul>\n"
		      "<li><input type=\"checkbox\" disabled=\"\" "
		      "aria-label=\"to do\" /> todo</li>\n"
		      "<li><input type=\"checkbox\" checked=\"\" "
		      "disabled=\"\" aria-label=\"done\" /> done upper</li>\n"
		      "<li><input type=\"checkbox\" checked=\"\" "
		      "disabled=\"\" aria-label=\"done\" /> done</li>\n"
		      "</ul>\n"
		      "<p><code>&lt;input type=&quot;checkbox&quot; "
		      "disabled=&quot;&quot; /&gt;</code></p>\n");
	assert_int_equal(diag_count(d), 0);
	free(html);
	diag_free(d);
}

static char *link_hook(void *data, const char *target, struct pos at,
		       struct diag *d)
{
	(void)data;
	if (strcmp(target, "missing.md") == 0) {
		diag_error(d, at, "link: no page '%s'", target);
		return NULL;
	}
	return strcmp(target, "other.md#x") == 0 ? mem_strdup("other.html#x")
						 : NULL;
}

static int block_hook(void *data, const char *name, const char *body,
		      struct pos at, struct buf *html, struct diag *d)
{
	(void)data;
	(void)d;
	if (strcmp(name, "demo") != 0)
		return 0;
	buf_printf(html, "<div class=\"demo\" data-line=\"%d\">%s</div>\n",
		   at.line, body);
	return 1;
}

static void test_hooks_rewrite_links_and_expand_blocks(void **state)
{
	struct markdown_hooks hooks = {link_hook, block_hook, NULL};
	struct diag *d = diag_new();
	char *html = render("[a](other.md#x) [b](https://x.org/y.md) "
			    "[c](missing.md)\n\n```demo\nk: v\n```\n\n"
			    "```python\nprint(1)\n```\n",
			    &hooks, d, NULL);
	char *line;

	(void)state;
	assert_contains(html, "<a href=\"other.html#x\">a</a>");
	assert_contains(html, "<a href=\"https://x.org/y.md\">b</a>");
	assert_contains(html,
			"<div class=\"demo\" data-line=\"7\">k: v\n</div>");
	assert_contains(html, "<code class=\"language-python\">");
	assert_int_equal(diag_errors(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(line,
			    "p.md:5:41: error: link: no page 'missing.md'");
	free(line);
	free(html);
	diag_free(d);
}

static void test_columns_count_characters_not_bytes(void **state)
{
	struct markdown_hooks hooks = {link_hook, NULL, NULL};
	struct diag *d = diag_new();
	char *html = render("Caf\xc3\xa9 \xe2\x80\x94 [c](missing.md)\n",
			    &hooks, d, NULL);
	char *line;

	(void)state;
	assert_int_equal(diag_errors(d), 1);
	line = diag_line(d, 0);
	/* "Café — " is 7 characters but 10 bytes. */
	assert_string_equal(line,
			    "p.md:5:8: error: link: no page 'missing.md'");
	free(line);
	free(html);
	diag_free(d);
}

static void test_inline_markdown_has_no_paragraph(void **state)
{
	struct diag *d = diag_new();
	char *html = markdown_inline("Pick **one** `x`", NULL,
				     (struct pos){"p.md", 3, 1}, d);

	(void)state;
	assert_string_equal(html, "Pick <strong>one</strong> <code>x</code>");
	free(html);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_heading_ids_dedupe_like_github),
		cmocka_unit_test(test_pass_one_ids_equal_the_full_parse),
		cmocka_unit_test(test_headings_get_ids_and_toc_nests_h3),
		cmocka_unit_test(test_gfm_extensions_render),
		cmocka_unit_test(test_raw_html_is_dropped_with_a_warning),
		cmocka_unit_test(test_unsafe_urls_are_errors),
		cmocka_unit_test(test_vbscript_urls_are_refused),
		cmocka_unit_test(
			test_task_list_items_render_labelled_checkboxes),
		cmocka_unit_test(test_hooks_rewrite_links_and_expand_blocks),
		cmocka_unit_test(test_columns_count_characters_not_bytes),
		cmocka_unit_test(test_inline_markdown_has_no_paragraph),
	};

	return cmocka_run_group_tests_name("markdown", tests, setup, NULL);
}
