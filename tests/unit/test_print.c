/* Tests for print: print.html's contents, ids and links made unique to
 * one page, form controls as text, and the answer key. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "print.h"
#include "theme.h"

struct book {
	char *dir;
	struct handbook *hb;
	struct config config;
	struct theme *theme;
};

static int setup(void **state)
{
	struct book *b = calloc(1, sizeof *b);
	static const struct content_options options = {false};
	struct diag *d = diag_new();

	b->dir = fixture_dir();
	fixture_write(b->dir, "handbook.yml", "title: Hb\n");
	fixture_write(b->dir, "content/index.md", "---\ntitle: Home\n---\n");
	fixture_write(b->dir, "content/guide/_index.md",
		      "---\ntitle: Guide\n---\n");
	fixture_write(b->dir, "content/guide/a.md", "---\ntitle: A\n---\n");
	fixture_write(b->dir, "content/guide/b.md", "---\ntitle: B\n---\n");
	fixture_write(b->dir, "themes/t/templates/page.mustache", "x");
	fixture_write(b->dir, "themes/t/templates/print.mustache",
		      "<title>{{site.title}}</title>{{#assets.css}}[{{url}}]"
		      "{{/assets.css}}\n{{{page.content}}}<end>");
	assert_int_equal(config_load(&b->config, b->dir, d), 0);
	b->hb = content_load(b->dir, &options, d);
	b->theme = theme_load(b->dir, "t", d);
	assert_non_null(b->hb);
	assert_non_null(b->theme);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct book *b = *state;

	content_free(b->hb);
	theme_free(b->theme);
	config_release(&b->config);
	fixture_remove(b->dir);
	free(b);
	return 0;
}

/* print.html for the handbook, with html as page guide/a.md's content;
 * the caller frees it. */
static char *print_with(struct book *b, const char *html)
{
	char *site = file_join(b->dir, "site");
	char *file = file_join(site, "print.html");
	struct diag *d = diag_new();
	struct output *o = output_open(b->dir, site, false, d);
	struct value *css = value_list();
	struct print *p;
	struct buf out = BUF_INIT;

	value_push(css, value_string("assets/plugins/quiz.css"));
	p = print_begin(b->hb, &b->config, b->theme, css, o, d);
	assert_non_null(p);
	for (size_t i = 0; i < b->hb->npages; i++) {
		const struct page *pg = b->hb->order[i];
		const char *content = strcmp(pg->url, "guide/a.html") == 0
					      ? html
					      : "<p>x</p>";

		print_add_page(p, pg, content, strlen(content));
	}
	assert_int_equal(print_end(p), 0);
	assert_int_equal(output_commit(o, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	assert_int_equal(file_read(file, &out), 0);
	value_free(css);
	diag_free(d);
	free(file);
	free(site);
	return buf_detach(&out);
}

static void assert_has(const char *text, const char *part)
{
	if (strstr(text, part) == NULL)
		fail_msg("missing: %s\nin: %s", part, text);
}

static void test_opens_with_the_contents(void **state)
{
	char *html = print_with(*state, "");

	assert_has(html, "<title>Hb</title>[assets/plugins/quiz.css]\n");
	assert_has(html, "<li><a href=\"#index\">Home</a></li>\n<li><a "
			 "href=\"#guide/index\">Guide</a>\n<ol>\n<li><a "
			 "href=\"#guide/a\">A</a></li>\n<li><a "
			 "href=\"#guide/b\">B</a></li>\n</ol>");
	assert_has(html, "<article class=\"print-page print-part\" "
			 "id=\"guide/index\">");
	assert_has(html, "<article class=\"print-page\" id=\"guide/b\">\n"
			 "<header class=\"print-head\">\n<p class=\"print-part-"
			 "name\">Guide</p>\n<h1 class=\"print-title\" "
			 "id=\"print:title:guide/b\">B</h1>");
	assert_true(strstr(html, "<end>") > strstr(html, "id=\"guide/b\""));
	assert_null(strstr(html, "print-answers"));
	free(html);
}

static void test_ids_and_links_stay_inside_the_book(void **state)
{
	char *html = print_with(
		*state,
		"<h2 id=\"setup\">Setup <a class=\"anchor\" "
		"href=\"#setup\">#</a>"
		"</h2><p><a href=\"../index.html\">home</a> <a href=\"b.html"
		"#calc-c:n=2\">calc</a> <a href=\"index.html\">part</a> <a "
		"href=\"../data/x.csv#row\">data</a> <img src=\"img/x.png\" "
		"alt=\"x\"> <a href=\"https://e.org/a?b=1&amp;c=2\">e</a> "
		"<label "
		"for=\"q\" aria-describedby=\"h1 h2\">Q</label></p><section "
		"class=\"quiz\" aria-labelledby=\"t\"><h3 id=\"t\">Quiz</h3>"
		"</section>");

	assert_has(html, "<section class=\"quiz\" aria-labelledby=\"guide/a:t "
			 "print:title:guide/a\"><h3 id=\"guide/a:t\">Quiz</h3>"
			 "</section>");
	assert_has(html, "<h2 id=\"guide/a:setup\">Setup <a class=\"anchor\" "
			 "href=\"#guide/a:setup\">#</a></h2>");
	assert_has(html, "<a href=\"#index\">home</a>");
	assert_has(html, "<a href=\"#guide/b:calc-c\">calc</a>");
	assert_has(html, "<a href=\"#guide/index\">part</a>");
	assert_has(html, "<a href=\"data/x.csv#row\">data</a>");
	assert_has(html, "<img src=\"guide/img/x.png\" alt=\"x\">");
	assert_has(html, "<a href=\"https://e.org/a?b=1&amp;c=2\">e</a>");
	assert_has(html, "<label aria-describedby=\"guide/a:h1 "
			 "guide/a:h2\">Q</label>");
	free(html);
}

/* SVG's ids must be XML names: no "/" of the page's path, and the
 * references inside the same SVG follow. */
static void test_ids_inside_svg_are_xml_names(void **state)
{
	char *html = print_with(
		*state,
		"<svg role=\"img\" aria-labelledby=\"t_1\"><title id=\"t_1\">"
		"T</title></svg><p id=\"after\">x</p>");

	assert_has(html, "<svg role=\"img\" aria-labelledby=\"guide_2Fa:"
			 "t_5F1\"><title id=\"guide_2Fa:t_5F1\">T</title></svg>"
			 "<p id=\"guide/a:after\">");
	free(html);
}

static void test_form_controls_print_as_text(void **state)
{
	char *html = print_with(
		*state,
		"<form><input type=\"number\" id=\"n\" value=\"12000\"><select "
		"id=\"s\"><option value=\"a\">A</option><option value=\"b\" "
		"selected>B &amp; C</option></select><input type=\"checkbox\" "
		"checked><input type=\"radio\" name=\"r\"><input "
		"type=\"hidden\" value=\"h\"><button type=\"button\">Reset"
		"</button><script type=\"application/json\">{}</script>"
		"<noscript><p>Defaults.</p></noscript></form>");

	assert_has(html, "<form><span class=\"print-field\" id=\"guide/a:n\">"
			 "12000</span><span class=\"print-field\" "
			 "id=\"guide/a:s\">B &amp; C</span><span "
			 "class=\"print-box\">\xe2\x98\x91</span><span "
			 "class=\"print-box\">\xe2\x97\x8b</span><p>Defaults."
			 "</p></form>");
	free(html);
}

static void test_answers_move_to_the_key(void **state)
{
	char *html = print_with(
		*state,
		"<fieldset id=\"q1\"><legend>Question <em>1</em>. Why?</legend>"
		"<details class=\"quiz-answer\" data-answer><summary>Show"
		"</summary><p>Because <a href=\"#q1\">of it</a>.</p><details>"
		"<p>More.</p></details></details></fieldset><p>After.</p>");

	assert_has(html, "<fieldset id=\"guide/a:q1\"><legend>Question <em>1"
			 "</em>. Why?</legend><p class=\"print-answer-ref\"><a "
			 "href=\"#print:answer-1\">Answer 1</a>, in the answer "
			 "key</p></fieldset><p>After.</p>");
	assert_has(html, "<h1 id=\"print:answers\">Answer key</h1>\n<ol>\n"
			 "<li id=\"print:answer-1\" class=\"print-answer\"><p "
			 "class=\"print-answer-where\"><a href=\"#guide/a:q1\">"
			 "A</a>: Question 1. Why?</p>\n<p>Because <a "
			 "href=\"#guide/a:q1\">of it</a>.</p><details><p>More."
			 "</p></details></li>");
	assert_null(strstr(html, "Show"));
	assert_true(strstr(html, "print:answers") >
		    strstr(html, "id=\"guide/b\""));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opens_with_the_contents),
		cmocka_unit_test(test_ids_and_links_stay_inside_the_book),
		cmocka_unit_test(test_ids_inside_svg_are_xml_names),
		cmocka_unit_test(test_form_controls_print_as_text),
		cmocka_unit_test(test_answers_move_to_the_key),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
