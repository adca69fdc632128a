/*
 * The Mustache conformance suite: every case of the spec files in
 * $MUSTACHE_SPEC_DIR (scripts/mustache-spec finds or fetches them for
 * `make test`) is compiled and rendered in a fresh
 * spec-mode set and compared byte for byte.  One test per file; a missing
 * folder, a missing file or a file with fewer cases than it should have
 * fails, so a suite that did not run never looks green.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "file.h"
#include "mustache.h"
#include "value.h"
#include "yml.h"

struct suite {
	const char *name;
	size_t cases; /* how many the file holds, at least */
};

static const struct suite suites[] = {
	{"comments", 12},    {"delimiters", 14},    {"interpolation", 42},
	{"inverted", 22},    {"partials", 12},	    {"sections", 34},
	{"inheritance", 27}, {"dynamic-names", 21},
};

#define SPEC_CASES 184

/* The main template's name: not one the spec files give a partial. */
#define MAIN "(template)"

static size_t total_passed;
static size_t total_failed;

static void print_escaped(const char *label, const char *s, size_t len)
{
	printf("    %s \"", label);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			printf("\\n");
		else if (s[i] == '\r')
			printf("\\r");
		else if (s[i] == '\t')
			printf("\\t");
		else if (s[i] == '"' || s[i] == '\\')
			printf("\\%c", s[i]);
		else
			putchar(s[i]);
	}
	printf("\"\n");
}

static void print_failure(const char *suite, const struct value *test,
			  const struct buf *got, const struct diag *d)
{
	const struct value *expected = value_get(test, "expected");
	const struct value *name = value_get(test, "name");

	printf("  FAIL %s: %s\n", suite,
	       value_is(name, VALUE_STRING) ? value_string_of(name) : "?");
	if (value_is(expected, VALUE_STRING))
		print_escaped("expected", value_string_of(expected),
			      value_len(expected));
	print_escaped("got     ", buf_str(got), got->len);
	for (size_t i = 0; i < diag_count(d); i++) {
		char *line = diag_line(d, i);

		printf("    %s\n", line);
		free(line);
	}
}

/* Adds the case's partials and template to set. */
static int add_case(struct mustache_set *set, const struct value *test,
		    struct diag *d)
{
	const struct value *partials = value_get(test, "partials");
	const struct value *template = value_get(test, "template");
	size_t count = partials ? value_len(partials) : 0;
	int status = 0;

	for (size_t i = 0; i < count; i++) {
		const struct value *text = value_entry_at(partials, i);

		if (!value_is(text, VALUE_STRING))
			status = -1;
		else if (mustache_set_add(set, value_key_at(partials, i),
					  value_string_of(text),
					  value_len(text),
					  value_key_at(partials, i), d) != 0)
			status = -1;
	}
	if (mustache_set_add(set, MAIN, value_string_of(template),
			     value_len(template), "template", d) != 0)
		status = -1;
	return status;
}

static bool run_case(const char *suite, const struct value *test)
{
	const struct value *expected = value_get(test, "expected");
	struct mustache_set *set = mustache_set_new(false);
	struct diag *d = diag_new();
	struct buf got = BUF_INIT;
	bool passed =
		value_is(expected, VALUE_STRING) &&
		value_is(value_get(test, "template"), VALUE_STRING) &&
		add_case(set, test, d) == 0 &&
		mustache_render(set, MAIN, value_get(test, "data"), &got, d) ==
			0 &&
		got.len == value_len(expected) &&
		memcmp(buf_str(&got), value_string_of(expected), got.len) == 0;

	if (!passed)
		print_failure(suite, test, &got, d);
	buf_release(&got);
	diag_free(d);
	mustache_set_free(set);
	return passed;
}

static char *spec_file(const char *name)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	struct buf file = BUF_INIT;
	char *path;

	buf_printf(&file, "%s.json", name);
	path = file_join(dir, buf_str(&file));
	buf_release(&file);
	return path;
}

static void run_suite(void **state)
{
	const struct suite *suite = *state;
	char *path = spec_file(suite->name);
	struct diag *d = diag_new();
	struct value *spec = yml_load_file(path, path, d);
	const struct value *tests = value_get(spec, "tests");
	bool is_list = value_is(tests, VALUE_LIST);
	size_t passed = 0, count = is_list ? value_len(tests) : 0;

	if (spec == NULL)
		diag_print(d, stdout, DIAG_FORMAT_TEXT);
	for (size_t i = 0; i < count; i++)
		passed += run_case(suite->name, value_at(tests, i));
	printf("%s: %zu/%zu passed\n", suite->name, passed, count);
	total_passed += passed;
	total_failed += count - passed;
	value_free(spec);
	diag_free(d);
	free(path);
	assert_true(is_list);
	assert_true(count >= suite->cases);
	assert_int_equal(passed, count);
}

static void test_spec_total(void **state)
{
	(void)state;
	printf("mustache spec: %zu passed, %zu failed\n", total_passed,
	       total_failed);
	assert_int_equal(total_failed, 0);
	assert_true(total_passed >= SPEC_CASES);
}

#define SPEC_TEST(file, i)                                                     \
	{                                                                      \
		"test_spec_" file, run_suite, NULL, NULL, (void *)&suites[i]   \
	}

/* Without the suite nothing here can run: one line says how to get it,
 * instead of a failure per file. */
static bool have_suite(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	char *probe;
	bool ok;

	if (dir == NULL || *dir == '\0') {
		printf("mustache spec: the conformance suite is missing: set "
		       "MUSTACHE_SPEC_DIR to a folder of mustache/spec's JSON "
		       "files (commit 9cb20c3), or let make fetch them (see "
		       "CONTRIBUTING.md)\n");
		return false;
	}
	probe = file_join(dir, "comments.json");
	ok = file_is_regular(probe);
	free(probe);
	if (!ok)
		printf("mustache spec: no comments.json in MUSTACHE_SPEC_DIR "
		       "'%s': point it at a folder of mustache/spec's JSON "
		       "files (commit 9cb20c3)\n",
		       dir);
	return ok;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		SPEC_TEST("comments", 0),
		SPEC_TEST("delimiters", 1),
		SPEC_TEST("interpolation", 2),
		SPEC_TEST("inverted", 3),
		SPEC_TEST("partials", 4),
		SPEC_TEST("sections", 5),
		SPEC_TEST("inheritance", 6),
		SPEC_TEST("dynamic_names", 7),
		cmocka_unit_test(test_spec_total),
	};

	if (!have_suite())
		return 1;
	return cmocka_run_group_tests_name("mustache spec", tests, NULL, NULL);
}
