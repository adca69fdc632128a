/* Tests for fields: each field type's accepted and refused values, the
 * messages and positions of errors, unknown keys as warnings with a
 * suggestion, and missing required keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "diag.h"
#include "fields.h"
#include "value.h"
#include "yml.h"

static const struct field page_fields[] = {
	{"title", FIELD_STRING, true},	 {"weight", FIELD_INTEGER, false},
	{"draft", FIELD_BOOL, false},	 {"updated", FIELD_DATE, false},
	{"slug", FIELD_SLUG, false},	 {"tags", FIELD_STRINGS, false},
	{"summary", FIELD_STRING, true}, {NULL, FIELD_STRING, false},
};

/* Parses yaml as the file "f.yml" from line 1 and checks it against
 * page_fields; returns what fields_check returns. */
static int check(const char *yaml, struct diag *d)
{
	struct diag *parse = diag_new();
	struct value *map = yml_parse(yaml, strlen(yaml),
				      (struct pos){"f.yml", 1, 1}, parse);
	int errors;

	if (map == NULL)
		fail_msg("test YAML does not parse: %s", yaml);
	diag_free(parse);
	errors = fields_check(map, page_fields, "front matter", "f.yml", d);
	value_free(map);
	return errors;
}

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

/* Checks "title: T\nsummary: S\n<key>: <value>\n": the third line holds
 * the value under test.  Returns the number of errors; diag_line 0 is the
 * error when there is one. */
static int check_one(const char *line, struct diag *d)
{
	char yaml[256];

	snprintf(yaml, sizeof yaml, "title: T\nsummary: S\n%s\n", line);
	return check(yaml, d);
}

static void assert_accepted(const char *line)
{
	struct diag *d = diag_new();

	if (check_one(line, d) != 0 || diag_count(d) != 0) {
		char *first = diag_line(d, 0);

		fail_msg("'%s' was refused: %s", line, first);
	}
	diag_free(d);
}

static void assert_refused(const char *line, const char *expected)
{
	struct diag *d = diag_new();

	assert_int_equal(check_one(line, d), 1);
	assert_int_equal(diag_count(d), 1);
	assert_diag(d, 0, expected);
	diag_free(d);
}

static void test_a_map_that_fits_has_no_diagnostics(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title: Hello\nsummary: s\nweight: -3\n"
			       "draft: true\nupdated: 2024-02-29\n"
			       "slug: a-b-1\ntags: [a, 2, true]\n",
			       d),
			 0);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
}

static void test_strings_take_any_scalar(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title: 2024\nsummary: true\n", d), 0);
	assert_int_equal(check("title: 1.5\nsummary: \"x\"\n", d), 0);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
}

/* A required string says something; no string holds a control
 * character but tab and newline (YAML's escapes make them). */
static void test_strings_are_text(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title: \"\"\nsummary: \"a\\tb\\nc\"\n", d), 1);
	assert_diag(d, 0,
		    "f.yml:1:8: error: front matter: 'title' must be a "
		    "non-empty string, got \"\"");
	assert_int_equal(check("title: \"a\\eb\"\nsummary: \"\\x85\"\n"
			       "tags: [ok, \"\\a\"]\n",
			       d),
			 3);
	assert_diag(d, 1,
		    "f.yml:1:8: error: front matter: 'title' must be a "
		    "string without control characters, got \"a\\x1bb\"");
	assert_diag(d, 2,
		    "f.yml:2:10: error: front matter: 'summary' must be a "
		    "string without control characters, got \"\\xc2\\x85\"");
	assert_diag(d, 3,
		    "f.yml:3:7: error: front matter: 'tags' must be a list "
		    "of strings without control characters, got list");
	diag_free(d);
}

static void test_wrong_kinds_are_named_by_kind(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title: [a]\nsummary: {a: 1}\ntags:\n", d), 3);
	assert_diag(d, 0,
		    "f.yml:1:8: error: front matter: 'title' must be a "
		    "string, got list");
	assert_diag(d, 1,
		    "f.yml:2:10: error: front matter: 'summary' must be a "
		    "string, got map");
	assert_diag(d, 2,
		    "f.yml:3:6: error: front matter: 'tags' must be a list "
		    "of strings, got null");
	diag_free(d);
}

static void test_integers_are_whole_numbers(void **state)
{
	(void)state;
	assert_accepted("weight: 0");
	assert_accepted("weight: -12");
	assert_accepted("weight: 1000000");
	assert_refused("weight: 1.5", "f.yml:3:9: error: front matter: "
				      "'weight' must be an integer, got 1.5");
	assert_refused("weight: 2.0", "f.yml:3:9: error: front matter: "
				      "'weight' must be an integer, got 2.0");
	assert_refused("weight: \"3\"",
		       "f.yml:3:9: error: front matter: 'weight' must be an "
		       "integer, got \"3\"");
	assert_refused("weight: true", "f.yml:3:9: error: front matter: "
				       "'weight' must be an integer, got "
				       "true");
	/* Out of range is said as such, and checked before any conversion
	 * (a double beyond long's range converts with undefined
	 * behaviour). */
	assert_accepted("weight: -1000000000");
	assert_accepted("weight: 1000000000");
	assert_refused("weight: 9223372036854775807",
		       "f.yml:3:9: error: front matter: 'weight' must be an "
		       "integer from -1000000000 to 1000000000, got "
		       "9223372036854775807");
	assert_refused("weight: -1e300",
		       "f.yml:3:9: error: front matter: 'weight' must be an "
		       "integer from -1000000000 to 1000000000, got -1e300");
	assert_refused("weight: 1000000001",
		       "f.yml:3:9: error: front matter: 'weight' must be an "
		       "integer from -1000000000 to 1000000000, got "
		       "1000000001");
}

static void test_booleans_are_only_true_and_false(void **state)
{
	(void)state;
	assert_accepted("draft: false");
	/* YAML 1.2: "yes" and "on" are strings, not booleans. */
	assert_refused("draft: yes", "f.yml:3:8: error: front matter: 'draft' "
				     "must be true or false, got \"yes\"");
	assert_refused("draft: 1", "f.yml:3:8: error: front matter: 'draft' "
				   "must be true or false, got 1");
}

static void test_dates_are_real_calendar_days(void **state)
{
	(void)state;
	assert_accepted("updated: 2024-02-29");
	assert_accepted("updated: 2000-02-29");
	assert_accepted("updated: 1999-12-31");
	assert_accepted("updated: 2024-04-30");
	assert_refused(
		"updated: 2023-02-29",
		"f.yml:3:10: error: front matter: 'updated' is a day "
		"that does not exist: 2023-02-29 (February 2023 has 28 days)");
	assert_refused(
		"updated: 1900-02-29",
		"f.yml:3:10: error: front matter: 'updated' is a day "
		"that does not exist: 1900-02-29 (February 1900 has 28 days)");
	assert_refused(
		"updated: 2024-04-31",
		"f.yml:3:10: error: front matter: 'updated' is a day "
		"that does not exist: 2024-04-31 (April 2024 has 30 days)");
	assert_refused(
		"updated: 2024-13-01",
		"f.yml:3:10: error: front matter: 'updated' is a day "
		"that does not exist: 2024-13-01 (there is no month 13)");
	assert_refused(
		"updated: 2024-00-10",
		"f.yml:3:10: error: front matter: 'updated' is a day "
		"that does not exist: 2024-00-10 (there is no month 00)");
	assert_refused("updated: 2024-01-00",
		       "f.yml:3:10: error: front matter: 'updated' is a day "
		       "that does not exist: 2024-01-00 (January 2024 has 31 "
		       "days)");
	assert_refused("updated: 2024-1-01",
		       "f.yml:3:10: error: front matter: 'updated' must be a "
		       "date written YYYY-MM-DD, got \"2024-1-01\"");
	assert_refused("updated: 2024/01/01",
		       "f.yml:3:10: error: front matter: 'updated' must be a "
		       "date written YYYY-MM-DD, got \"2024/01/01\"");
	assert_refused("updated: 2024-01-0x",
		       "f.yml:3:10: error: front matter: 'updated' must be a "
		       "date written YYYY-MM-DD, got \"2024-01-0x\"");
	assert_refused("updated: [2024-01-01]",
		       "f.yml:3:10: error: front matter: 'updated' must be a "
		       "date written YYYY-MM-DD, got list");
}

static void test_slugs_are_lowercase_digits_and_dashes(void **state)
{
	(void)state;
	assert_accepted("slug: a");
	assert_accepted("slug: tco-2024");
	assert_accepted("slug: 12");
	assert_refused("slug: Not_OK",
		       "f.yml:3:7: error: front matter: 'slug' must be "
		       "lowercase letters, digits and '-', got \"Not_OK\"");
	assert_refused("slug: \"\"",
		       "f.yml:3:7: error: front matter: 'slug' must be "
		       "lowercase letters, digits and '-', got \"\"");
	assert_refused("slug: a b",
		       "f.yml:3:7: error: front matter: 'slug' must be "
		       "lowercase letters, digits and '-', got \"a b\"");
	assert_refused("slug: été",
		       "f.yml:3:7: error: front matter: 'slug' must be "
		       "lowercase letters, digits and '-', got \"été\"");
}

static void test_string_lists_hold_only_scalars(void **state)
{
	(void)state;
	assert_accepted("tags: []");
	assert_accepted("tags: [a, 1, false]");
	assert_refused("tags: a", "f.yml:3:7: error: front matter: 'tags' "
				  "must be a list of strings, got \"a\"");
	assert_refused("tags: [a, [b]]",
		       "f.yml:3:7: error: front matter: 'tags' must be a list "
		       "of strings, got list");
	assert_refused("tags: [a, {b: c}]",
		       "f.yml:3:7: error: front matter: 'tags' must be a list "
		       "of strings, got list");
	assert_refused("tags: [a, null]",
		       "f.yml:3:7: error: front matter: 'tags' must be a list "
		       "of strings, got list");
}

static void test_long_values_are_cut_in_messages(void **state)
{
	char line[200];
	char expected[300];
	char sixty[61];

	(void)state;
	memset(sixty, 'x', 60);
	sixty[60] = '\0';
	snprintf(line, sizeof line, "slug: %sTAIL", sixty);
	snprintf(expected, sizeof expected,
		 "f.yml:3:7: error: front matter: 'slug' must be lowercase "
		 "letters, digits and '-', got \"%s\"",
		 sixty);
	assert_refused(line, expected);
}

static void test_unknown_keys_warn_with_the_nearest_known(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title: T\nsummary: S\ntitel: x\n"
			       "  # a comment\nzzzzzz: 1\nwieght: 2\n",
			       d),
			 0);
	assert_int_equal(diag_errors(d), 0);
	assert_int_equal(diag_warnings(d), 3);
	assert_diag(d, 0,
		    "f.yml:3:1: warning: front matter: unknown key 'titel' "
		    "(did you mean 'title'?)");
	assert_diag(d, 1,
		    "f.yml:5:1: warning: front matter: unknown key 'zzzzzz'");
	assert_diag(d, 2,
		    "f.yml:6:1: warning: front matter: unknown key 'wieght' "
		    "(did you mean 'weight'?)");
	diag_free(d);
}

static void test_missing_required_keys_are_errors_in_table_order(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("\n\nweight: 2\ndraft: x\n", d), 3);
	/* Errors about values come first, in the map's order, then the
	 * missing keys in the table's order, at the map's line. */
	assert_diag(d, 0,
		    "f.yml:4:8: error: front matter: 'draft' must be true "
		    "or false, got \"x\"");
	assert_diag(d, 1,
		    "f.yml:3:1: error: front matter: missing required "
		    "'title'");
	assert_diag(d, 2,
		    "f.yml:3:1: error: front matter: missing required "
		    "'summary'");
	diag_free(d);
}

static void test_a_null_required_value_is_a_type_error(void **state)
{
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(check("title:\nsummary: ~\n", d), 2);
	assert_diag(d, 0,
		    "f.yml:1:7: error: front matter: 'title' must be a "
		    "string, got null");
	assert_diag(d, 1,
		    "f.yml:2:10: error: front matter: 'summary' must be a "
		    "string, got null");
	diag_free(d);
}

static void test_what_and_file_name_the_messages(void **state)
{
	struct diag *d = diag_new();
	struct value *map = value_map();
	static const struct field one[] = {{"theme", FIELD_SLUG, true},
					   {NULL, FIELD_STRING, false}};

	(void)state;
	/* A map made by code has no positions: line 0 means the file. */
	value_set_string(map, "theme", "Bad Theme");
	assert_int_equal(
		fields_check(map, one, "handbook.yml", "handbook.yml", d), 1);
	assert_diag(d, 0,
		    "handbook.yml: error: handbook.yml: 'theme' must be "
		    "lowercase letters, digits and '-', got \"Bad Theme\"");
	value_free(map);
	diag_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_map_that_fits_has_no_diagnostics),
		cmocka_unit_test(test_strings_take_any_scalar),
		cmocka_unit_test(test_strings_are_text),
		cmocka_unit_test(test_wrong_kinds_are_named_by_kind),
		cmocka_unit_test(test_integers_are_whole_numbers),
		cmocka_unit_test(test_booleans_are_only_true_and_false),
		cmocka_unit_test(test_dates_are_real_calendar_days),
		cmocka_unit_test(test_slugs_are_lowercase_digits_and_dashes),
		cmocka_unit_test(test_string_lists_hold_only_scalars),
		cmocka_unit_test(test_long_values_are_cut_in_messages),
		cmocka_unit_test(test_unknown_keys_warn_with_the_nearest_known),
		cmocka_unit_test(
			test_missing_required_keys_are_errors_in_table_order),
		cmocka_unit_test(test_a_null_required_value_is_a_type_error),
		cmocka_unit_test(test_what_and_file_name_the_messages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
