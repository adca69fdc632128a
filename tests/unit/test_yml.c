/* Tests for yml: YAML to values, positions, and the errors authors see. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "value.h"
#include "yml.h"

static struct value *parse(const char *text, struct diag *d)
{
	struct pos at = {"front.md", 2, 1};

	return yml_parse(text, strlen(text), at, d);
}

static void assert_only_error(struct diag *d, const char *expected)
{
	char *line;

	assert_int_equal(diag_count(d), 1);
	line = diag_line(d, 0);
	assert_string_equal(line, expected);
	free(line);
}

static void test_scalars_follow_the_core_schema(void **state)
{
	struct diag *d = diag_new();
	struct value *v = parse("a: 12\nb: 1.50\nc: no\nd: true\ne: ~\n"
				"f: '12'\ng: 2024\nh: -3e2\ni: .5x\n",
				d);

	(void)state;
	assert_non_null(v);
	assert_true(value_is(value_get(v, "a"), VALUE_NUMBER));
	assert_true(value_number_of(value_get(v, "a")) == 12);
	assert_string_equal(value_text(value_get(v, "b")), "1.50");
	assert_true(value_is(value_get(v, "c"), VALUE_STRING));
	assert_true(value_bool_of(value_get(v, "d")));
	assert_true(value_is(value_get(v, "e"), VALUE_NULL));
	assert_true(value_is(value_get(v, "f"), VALUE_STRING));
	assert_string_equal(value_text(value_get(v, "g")), "2024");
	assert_true(value_number_of(value_get(v, "h")) == -300);
	assert_true(value_is(value_get(v, "i"), VALUE_STRING));
	assert_int_equal(diag_count(d), 0);
	value_free(v);
	diag_free(d);
}

/* A byte YAML refuses is reported where it is, not at the document's
 * start: libyaml gives such a reader error as an offset. */
static void test_refused_bytes_are_reported_where_they_are(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_null(parse("a: 1\nbé: x\x1b\n", d));
	assert_only_error(d, "front.md:3:6: error: yaml: control characters "
			     "are not allowed");
	diag_free(d);
}

static void test_positions_are_file_positions(void **state)
{
	struct diag *d = diag_new();
	struct value *v = parse("title: Hi\ntags:\n  - one\n  - two\n", d);
	struct value *tags = value_get(v, "tags");

	(void)state;
	assert_int_equal(value_line(value_get(v, "title")), 2);
	assert_int_equal(value_col(value_get(v, "title")), 8);
	assert_int_equal(value_len(tags), 2);
	assert_int_equal(value_line(value_at(tags, 1)), 5);
	assert_int_equal(value_col(value_at(tags, 1)), 5);
	value_free(v);
	diag_free(d);
}

static void test_keys_keep_where_they_were_written(void **state)
{
	struct diag *d = diag_new();
	struct value *v = parse("title: Hi\nitems:\n  - a\nx: {y: 1, "
				"empty: }\n",
				d);
	struct value *copy = value_copy(v);
	struct value *x = value_get(v, "x");

	(void)state;
	/* A list value starts a line below its key. */
	assert_int_equal(value_key_line_at(v, 1), 3);
	assert_int_equal(value_key_col_at(v, 1), 1);
	assert_int_equal(value_line(value_get(v, "items")), 4);
	assert_int_equal(value_key_line_at(x, 0), 5);
	assert_int_equal(value_key_col_at(x, 0), 5);
	/* A null entry keeps its key's place too. */
	assert_int_equal(value_key_col_at(x, 1), 11);
	assert_int_equal(value_key_line_at(copy, 1), 3);
	assert_int_equal(value_key_col_at(value_get(copy, "x"), 1), 11);
	/* Past the end, or on a list, there is none. */
	assert_int_equal(value_key_line_at(v, 3), 0);
	assert_int_equal(value_key_line_at(value_get(v, "items"), 0), 0);
	value_free(copy);
	value_free(v);
	diag_free(d);
}

static void test_syntax_error_names_the_file_position(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_null(parse("title: a\n bad: [\n", d));
	assert_int_equal(diag_errors(d), 1);
	diag_free(d);
	d = diag_new();
	assert_null(parse("title: \"open\n", d));
	assert_int_equal(diag_errors(d), 1);
	diag_free(d);
}

static void test_duplicate_key_is_an_error(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_null(parse("title: a\ntitle: b\n", d));
	assert_only_error(d,
			  "front.md:3:1: error: yaml: duplicate key 'title'");
	diag_free(d);
}

static void test_aliases_are_refused(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_null(parse("a: &x [1, 2]\nb: *x\n", d));
	assert_only_error(d, "front.md:3:4: error: yaml: aliases ('*x') are "
			     "not supported; repeat the value");
	diag_free(d);
}

/* A value is data only: no tag may ask for an object, core or custom,
 * on a scalar, a list or a map. */
static void test_tags_are_refused_where_they_stand(void **state)
{
	const char *cases[][2] = {
		{"a: !!python/object:os.system x\n",
		 "front.md:2:4: error: yaml: tags "
		 "('!!python/object:os.system') "
		 "are not supported: a value is a string, number, boolean, "
		 "null, list or map"},
		{"a: 1\nb: !custom [1, 2]\n",
		 "front.md:3:4: error: yaml: tags ('!custom') are not "
		 "supported: a value is a string, number, boolean, null, list "
		 "or map"},
		{"m: !!map {k: v}\n",
		 "front.md:2:4: error: yaml: tags ('!!map') are not supported: "
		 "a value is a string, number, boolean, null, list or map"},
		{"s: !!str 12\n",
		 "front.md:2:4: error: yaml: tags ('!!str') are not supported: "
		 "a value is a string, number, boolean, null, list or map"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct diag *d = diag_new();

		assert_null(parse(cases[i][0], d));
		assert_only_error(d, cases[i][1]);
		diag_free(d);
	}
}

static void test_deep_nesting_is_refused(void **state)
{
	struct diag *d = diag_new();
	char text[400];

	(void)state;
	memset(text, '[', 200);
	text[200] = '\0';
	assert_null(parse(text, d));
	assert_true(diag_errors(d) >= 1);
	diag_free(d);
}

static void test_empty_document_is_an_empty_map(void **state)
{
	struct diag *d = diag_new();
	struct value *v = parse("", d);

	(void)state;
	assert_true(value_is(v, VALUE_MAP));
	assert_int_equal(value_len(v), 0);
	value_free(v);
	diag_free(d);
}

static void test_json_loads_as_yaml(void **state)
{
	struct diag *d = diag_new();
	struct value *v = parse("{\"tests\": [{\"name\": \"a\\tb\", "
				"\"data\": {\"x\": 1.5, \"y\": null}}]}",
				d);
	struct value *t = value_at(value_get(v, "tests"), 0);

	(void)state;
	assert_string_equal(value_string_of(value_get(t, "name")), "a\tb");
	assert_true(value_is(value_get(value_get(t, "data"), "y"), VALUE_NULL));
	value_free(v);
	diag_free(d);
}

static void test_missing_file_is_reported(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_null(yml_load_file("/nonexistent/prepbook.yml", "x.yml", d));
	assert_only_error(d, "x.yml: error: cannot read: No such file or "
			     "directory");
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scalars_follow_the_core_schema),
		cmocka_unit_test(test_positions_are_file_positions),
		cmocka_unit_test(
			test_refused_bytes_are_reported_where_they_are),
		cmocka_unit_test(test_keys_keep_where_they_were_written),
		cmocka_unit_test(test_syntax_error_names_the_file_position),
		cmocka_unit_test(test_duplicate_key_is_an_error),
		cmocka_unit_test(test_aliases_are_refused),
		cmocka_unit_test(test_tags_are_refused_where_they_stand),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_empty_document_is_an_empty_map),
		cmocka_unit_test(test_json_loads_as_yaml),
		cmocka_unit_test(test_missing_file_is_reported),
	};

	return cmocka_run_group_tests_name("yml", tests, NULL, NULL);
}
