/* Tests for diag and suggest: message formats, annotations, suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "suggest.h"

static char *printed(const struct diag *d, enum diag_format format)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	diag_print(d, f, format);
	fclose(f);
	return text;
}

static void test_text_lines_are_compiler_style(void **state)
{
	struct diag *d = diag_new();
	char *text;

	(void)state;
	diag_error(d, (struct pos){"content/a.md", 14, 9},
		   "front matter: 'weight' must be an integer, got \"%s\"",
		   "first");
	diag_warning(d, (struct pos){"content/a.md", 3, 0}, "whole line");
	diag_note(d, (struct pos){"plugins/quiz.lua", 88, 0}, "raised here");
	diag_error(d, (struct pos){NULL, 0, 0}, "run-wide");
	text = printed(d, DIAG_FORMAT_TEXT);
	assert_string_equal(text,
			    "content/a.md:14:9: error: front matter: 'weight' "
			    "must be an integer, got \"first\"\n"
			    "content/a.md:3: warning: whole line\n"
			    "plugins/quiz.lua:88: note: raised here\n"
			    "prepbook: error: run-wide\n");
	assert_int_equal(diag_errors(d), 2);
	assert_int_equal(diag_warnings(d), 1);
	free(text);
	diag_free(d);
}

/* A check that had to wait (a link to another page's plugin element)
 * reports where it would have reported at once. */
static void test_a_late_diagnostic_moves_to_its_place(void **state)
{
	struct diag *d = diag_new();
	char *text;

	(void)state;
	diag_error(d, (struct pos){"a.md", 1, 1}, "first");
	diag_error(d, (struct pos){"a.md", 3, 1}, "third");
	diag_error(d, (struct pos){"a.md", 2, 1}, "second, found late");
	diag_move_last(d, 1);
	diag_error(d, (struct pos){"a.md", 4, 1}, "last stays");
	diag_move_last(d, 3);
	text = printed(d, DIAG_FORMAT_TEXT);
	assert_string_equal(text, "a.md:1:1: error: first\n"
				  "a.md:2:1: error: second, found late\n"
				  "a.md:3:1: error: third\n"
				  "a.md:4:1: error: last stays\n");
	free(text);
	diag_free(d);
}

/* --strict: warnings recorded in, or appended to, a strict sink are
 * errors; notes stay notes. */
static void test_strict_makes_warnings_errors(void **state)
{
	struct diag *d = diag_new();
	struct diag *page = diag_new();
	char *text;

	(void)state;
	diag_set_strict(d);
	diag_warning(d, (struct pos){"handbook.yml", 3, 1}, "unknown key");
	diag_warning(page, (struct pos){"a.md", 8, 1}, "no alt text");
	diag_note(page, (struct pos){"a.md", 9, 1}, "here");
	diag_append(d, page);
	text = printed(d, DIAG_FORMAT_TEXT);
	assert_string_equal(text,
			    "handbook.yml:3:1: error: unknown key [--strict]\n"
			    "a.md:8:1: error: no alt text [--strict]\n"
			    "a.md:9:1: note: here\n");
	assert_int_equal(diag_errors(d), 2);
	assert_int_equal(diag_warnings(d), 0);
	free(text);
	diag_free(page);
	diag_free(d);
}

static void test_github_annotations_escape_their_syntax(void **state)
{
	struct diag *d = diag_new();
	char *text;

	(void)state;
	diag_error(d, (struct pos){"content/a,b.md", 2, 5}, "50%% of\nit");
	diag_warning(d, (struct pos){"content/c.md", 0, 0}, "w");
	text = printed(d, DIAG_FORMAT_GITHUB);
	assert_string_equal(text, "::error file=content/a%2Cb.md,line=2,col=5::"
				  "50%25 of\\nit\n"
				  "::warning file=content/c.md::w\n");
	free(text);
	diag_free(d);
}

/* A file name or value holding a newline, a carriage return or an escape
 * cannot start a line of its own: no forged error, no workflow command,
 * no terminal escape in a CI log. */
static void test_control_characters_cannot_forge_lines(void **state)
{
	struct diag *d = diag_new();
	char *text;

	(void)state;
	diag_error(d,
		   (struct pos){"content/x\n::error file=a.md::owned.md", 1, 1},
		   "got \"%s\"",
		   "a\r\nb\x1b[2Jc\td\x7f\xc2\x9b"
		   "0m\xc2\xa9");
	text = printed(d, DIAG_FORMAT_TEXT);
	/* C1's CSI (U+009B) is escaped; the copyright sign (U+00A9) is text. */
	assert_string_equal(text,
			    "content/x\\n::error file=a.md::owned.md:1:1: "
			    "error: got \"a\\r\\nb\\x1b[2Jc\\td\\x7f"
			    "\\xc2\\x9b0m\xc2\xa9\"\n");
	free(text);
	text = printed(d, DIAG_FORMAT_GITHUB);
	assert_string_equal(
		text, "::error file=content/x\\n%3A%3Aerror file=a.md%3A%3A"
		      "owned.md,line=1,col=1::got \"a\\r\\nb\\x1b[2Jc"
		      "\\td\\x7f\\xc2\\x9b0m\xc2\xa9\"\n");
	assert_null(strchr(text, '\x1b'));
	free(text);
	diag_free(d);
}

/* No input floods the report: a long message is cut, and past a
 * thousand diagnostics the rest are counted, not printed. */
static void test_the_report_is_bounded(void **state)
{
	struct diag *d = diag_new();
	char *long_text = calloc(1, 10001);
	char *line, *report;
	const char *tail;
	size_t lines = 0;

	(void)state;
	memset(long_text, 'x', 10000);
	diag_error(d, (struct pos){"content/a.md", 1, 1}, "got \"%s\"",
		   long_text);
	line = diag_line(d, 0);
	assert_true(strlen(line) < DIAG_MAX_MESSAGE + 64);
	assert_non_null(strstr(line, "... (cut)"));
	free(line);
	for (int i = 1; i < 1500; i++)
		diag_warning(d, (struct pos){"content/a.md", i, 1}, "w %d", i);
	report = printed(d, DIAG_FORMAT_TEXT);
	for (const char *p = report; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, DIAG_MAX_PRINTED + 1);
	tail = "\nprepbook: 500 more messages not shown (the first 1000 are "
	       "above)\n";
	assert_true(strlen(report) > strlen(tail));
	assert_string_equal(report + strlen(report) - strlen(tail), tail);
	assert_int_equal(diag_count(d), 1500);
	free(report);
	free(long_text);
	diag_free(d);
}

static void test_append_keeps_order_and_counts(void **state)
{
	struct diag *a = diag_new(), *b = diag_new();
	char *line;

	(void)state;
	diag_error(a, (struct pos){"x", 1, 1}, "first");
	diag_error(b, (struct pos){"y", 1, 1}, "second");
	diag_append(a, b);
	assert_int_equal(diag_errors(a), 2);
	assert_int_equal(diag_count(b), 0);
	line = diag_line(a, 1);
	assert_string_equal(line, "y:1:1: error: second");
	free(line);
	diag_free(a);
	diag_free(b);
}

static void test_nearest_suggests_plausible_typos_only(void **state)
{
	const char *const keys[] = {"title", "description", "weight", "tags",
				    NULL};

	(void)state;
	assert_string_equal(suggest_nearest("titel", keys), "title");
	assert_string_equal(suggest_nearest("descripton", keys), "description");
	assert_string_equal(suggest_nearest("tag", keys), "tags");
	assert_null(suggest_nearest("author", keys));
	assert_int_equal(suggest_distance("kitten", "sitting"), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_lines_are_compiler_style),
		cmocka_unit_test(test_a_late_diagnostic_moves_to_its_place),
		cmocka_unit_test(test_strict_makes_warnings_errors),
		cmocka_unit_test(test_github_annotations_escape_their_syntax),
		cmocka_unit_test(test_control_characters_cannot_forge_lines),
		cmocka_unit_test(test_the_report_is_bounded),
		cmocka_unit_test(test_append_keeps_order_and_counts),
		cmocka_unit_test(test_nearest_suggests_plausible_typos_only),
	};

	return cmocka_run_group_tests_name("diag", tests, NULL, NULL);
}
