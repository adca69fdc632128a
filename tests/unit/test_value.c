/* Tests for value: kinds, scalars and their text, lists, maps in insertion
 * order, ownership on replace and take, deep copies and positions. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "mem.h"
#include "value.h"

/* The map's keys joined by ',', for checking order. */
static void assert_keys(const struct value *map, const char *expected)
{
	char joined[256] = "";

	for (size_t i = 0; i < value_len(map); i++) {
		if (i > 0)
			strcat(joined, ",");
		strcat(joined, value_key_at(map, i));
	}
	assert_string_equal(joined, expected);
}

static void assert_number_text(double n, const char *expected)
{
	char out[40];
	struct value *v = value_number(n);

	value_format_number(n, out, sizeof out);
	assert_string_equal(out, expected);
	assert_string_equal(value_text(v), expected);
	value_free(v);
}

static void test_constructors_make_their_kind(void **state)
{
	struct value *values[] = {value_null(),	     value_bool(true),
				  value_number(1.5), value_string("s"),
				  value_list(),	     value_map()};
	const enum value_kind kinds[] = {VALUE_NULL,   VALUE_BOOL, VALUE_NUMBER,
					 VALUE_STRING, VALUE_LIST, VALUE_MAP};
	const char *const names[] = {"null",   "boolean", "number",
				     "string", "list",	  "map"};

	(void)state;
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(value_kind(values[i]), kinds[i]);
		assert_string_equal(value_kind_name(kinds[i]), names[i]);
		for (size_t j = 0; j < 6; j++)
			assert_int_equal(value_is(values[i], kinds[j]), i == j);
		value_free(values[i]);
	}
	assert_false(value_is(NULL, VALUE_NULL));
	assert_false(value_is(NULL, VALUE_MAP));
	value_free(NULL);
}

static void test_accessors_give_neutral_answers_for_other_kinds(void **state)
{
	struct value *t = value_bool(true), *f = value_bool(false);
	struct value *n = value_number(-2.25), *s = value_string("yes");
	struct value *null = value_null();

	(void)state;
	assert_true(value_bool_of(t));
	assert_false(value_bool_of(f));
	assert_false(value_bool_of(s));
	assert_false(value_bool_of(n));
	assert_true(value_number_of(n) == -2.25);
	assert_true(value_number_of(s) == 0);
	assert_true(value_number_of(t) == 0);
	assert_string_equal(value_string_of(s), "yes");
	assert_string_equal(value_string_of(n), "");
	assert_string_equal(value_string_of(null), "");
	value_free(t);
	value_free(f);
	value_free(n);
	value_free(s);
	value_free(null);
}

static void test_strings_may_hold_nul_bytes(void **state)
{
	struct value *v = value_string_n("a\0bc", 4);
	struct value *copy = value_copy(v);
	struct value *part = value_string_n("abcdef", 3);

	(void)state;
	assert_int_equal(value_len(v), 4);
	assert_memory_equal(value_string_of(v), "a\0bc", 5);
	assert_int_equal(value_len(copy), 4);
	assert_memory_equal(value_string_of(copy), "a\0bc", 5);
	assert_string_equal(value_string_of(part), "abc");
	assert_int_equal(value_len(part), 3);
	value_free(v);
	value_free(copy);
	value_free(part);
}

static void test_string_take_owns_its_argument(void **state)
{
	char *s = mem_strdup("taken");
	struct value *v = value_string_take(s);

	(void)state;
	assert_ptr_equal(value_string_of(v), s);
	assert_int_equal(value_len(v), 5);
	value_free(v); /* frees s: AddressSanitizer sees a leak otherwise */
}

static void test_len_counts_bytes_items_and_entries(void **state)
{
	struct value *list = value_list(), *map = value_map();
	struct value *n = value_number(123), *b = value_bool(true);
	struct value *null = value_null();

	(void)state;
	value_push(list, value_null());
	value_push(list, value_null());
	value_set_bool(map, "k", false);
	assert_int_equal(value_len(list), 2);
	assert_int_equal(value_len(map), 1);
	assert_int_equal(value_len(n), 0);
	assert_int_equal(value_len(b), 0);
	assert_int_equal(value_len(null), 0);
	value_free(list);
	value_free(map);
	value_free(n);
	value_free(b);
	value_free(null);
}

static void test_numbers_print_in_shortest_round_trip_form(void **state)
{
	(void)state;
	assert_number_text(0, "0");
	assert_number_text(-0.0, "0");
	assert_number_text(85, "85");
	assert_number_text(1.21, "1.21");
	assert_number_text(0.1, "0.1");
	assert_number_text(0.1 + 0.2, "0.30000000000000004");
	assert_number_text(1.0 / 3, "0.3333333333333333");
	assert_number_text(1 + 2.220446049250313e-16, "1.0000000000000002");
	assert_number_text(-2.5, "-2.5");
	assert_number_text(1e21, "1e+21");
	assert_number_text(123456789012345.0, "123456789012345");
	assert_number_text(NAN, "nan");
	assert_number_text(INFINITY, "inf");
	assert_number_text(-INFINITY, "-inf");
}

static void test_format_number_respects_the_size(void **state)
{
	char out[4];

	(void)state;
	value_format_number(123456, out, sizeof out);
	assert_string_equal(out, "123");
}

static void test_text_of_each_kind(void **state)
{
	struct value *values[] = {value_null(),	      value_bool(true),
				  value_bool(false),  value_number(2024),
				  value_string("Hi"), value_list(),
				  value_map()};
	const char *const texts[] = {"",   "true", "false", "2024",
				     "Hi", NULL,   NULL};

	(void)state;
	for (size_t i = 0; i < 7; i++) {
		if (texts[i])
			assert_string_equal(value_text(values[i]), texts[i]);
		else
			assert_null(value_text(values[i]));
		value_free(values[i]);
	}
}

static void test_numbers_keep_the_text_they_were_read_as(void **state)
{
	struct value *v = value_number(1.21);
	struct value *copy;
	struct value *s = value_string("str");

	(void)state;
	value_set_source_text(v, "1.210");
	assert_string_equal(value_text(v), "1.210");
	assert_true(value_number_of(v) == 1.21);
	copy = value_copy(v);
	assert_string_equal(value_text(copy), "1.210");
	/* Only numbers have a source text. */
	value_set_source_text(s, "other");
	assert_string_equal(value_text(s), "str");
	value_free(v);
	value_free(copy);
	value_free(s);
}

static void test_lists_keep_order_and_end_with_null(void **state)
{
	struct value *list = value_list();

	(void)state;
	assert_null(value_at(list, 0));
	value_push(list, value_string("a"));
	value_push(list, value_number(2));
	value_push(list, value_list());
	assert_int_equal(value_len(list), 3);
	assert_string_equal(value_text(value_at(list, 0)), "a");
	assert_string_equal(value_text(value_at(list, 1)), "2");
	assert_true(value_is(value_at(list, 2), VALUE_LIST));
	assert_null(value_at(list, 3));
	assert_null(value_at(list, (size_t)-1));
	assert_null(value_at(NULL, 0));
	value_free(list);
}

static void test_push_onto_a_non_list_frees_the_item(void **state)
{
	struct value *s = value_string("x");
	struct value *map = value_map();

	(void)state;
	value_push(s, value_string("dropped"));
	value_push(map, value_string("dropped"));
	assert_int_equal(value_len(s), 1);
	assert_int_equal(value_len(map), 0);
	assert_null(value_at(s, 0));
	value_free(s);
	value_free(map);
}

static void test_maps_keep_insertion_order(void **state)
{
	struct value *map = value_map();

	(void)state;
	value_set_string(map, "zebra", "z");
	value_set_number(map, "apple", 1);
	value_set_bool(map, "mango", true);
	value_set(map, "kiwi", value_null());
	assert_keys(map, "zebra,apple,mango,kiwi");
	assert_string_equal(value_text(value_get(map, "zebra")), "z");
	assert_string_equal(value_text(value_get(map, "apple")), "1");
	assert_true(value_bool_of(value_get(map, "mango")));
	assert_true(value_is(value_get(map, "kiwi"), VALUE_NULL));
	assert_string_equal(value_text(value_entry_at(map, 0)), "z");
	assert_true(value_is(value_entry_at(map, 3), VALUE_NULL));
	assert_null(value_key_at(map, 4));
	assert_null(value_entry_at(map, 4));
	assert_null(value_get(map, "missing"));
	assert_null(value_get(map, "Zebra"));
	value_free(map);
}

static void test_set_replaces_in_place(void **state)
{
	struct value *map = value_map();

	(void)state;
	value_set_string(map, "a", "1");
	value_set_string(map, "b", "2");
	value_set_string(map, "c", "3");
	value_set_number(map, "b", 20); /* the old "2" is freed */
	assert_keys(map, "a,b,c");
	assert_int_equal(value_len(map), 3);
	assert_string_equal(value_text(value_get(map, "b")), "20");
	value_free(map);
}

static void test_map_functions_refuse_non_maps(void **state)
{
	struct value *list = value_list(), *s = value_string("s");

	(void)state;
	value_push(list, value_string("item"));
	value_set(list, "k", value_string("dropped"));
	value_set(s, "k", value_string("dropped"));
	assert_int_equal(value_len(list), 1);
	assert_null(value_get(list, "k"));
	assert_null(value_get(s, "k"));
	assert_null(value_get(NULL, "k"));
	assert_null(value_key_at(list, 0));
	assert_null(value_entry_at(list, 0));
	assert_null(value_key_at(NULL, 0));
	value_free(list);
	value_free(s);
}

static void test_get_text_falls_back_for_non_scalars(void **state)
{
	struct value *map = value_map();
	struct value *n = value_number(2024);

	(void)state;
	value_set_source_text(n, "2024.0");
	value_set(map, "year", n);
	value_set_string(map, "title", "T");
	value_set_bool(map, "draft", false);
	value_set(map, "none", value_null());
	value_set(map, "list", value_list());
	value_set(map, "map", value_map());
	assert_string_equal(value_get_text(map, "year", "fb"), "2024.0");
	assert_string_equal(value_get_text(map, "title", "fb"), "T");
	assert_string_equal(value_get_text(map, "draft", "fb"), "false");
	assert_string_equal(value_get_text(map, "none", "fb"), "fb");
	assert_string_equal(value_get_text(map, "list", "fb"), "fb");
	assert_string_equal(value_get_text(map, "map", "fb"), "fb");
	assert_string_equal(value_get_text(map, "missing", "fb"), "fb");
	assert_null(value_get_text(map, "missing", NULL));
	assert_string_equal(value_get_text(NULL, "title", "fb"), "fb");
	value_free(map);
}

static void test_copy_is_deep_and_keeps_positions(void **state)
{
	struct value *map = value_map(), *list = value_list(), *copy;
	struct value *item = value_string("x");

	(void)state;
	value_set_pos(item, 7, 3);
	value_push(list, item);
	value_push(list, value_bool(true));
	value_set(map, "list", list);
	value_set_number(map, "n", 0.5);
	value_set_pos(map, 2, 1);
	copy = value_copy(map);

	/* Changing the original leaves the copy as it was. */
	value_set_string(map, "n", "changed");
	value_push(list, value_null());
	assert_keys(copy, "list,n");
	assert_int_equal(value_line(copy), 2);
	assert_int_equal(value_col(copy), 1);
	assert_string_equal(value_text(value_get(copy, "n")), "0.5");
	assert_int_equal(value_len(value_get(copy, "list")), 2);
	item = value_at(value_get(copy, "list"), 0);
	assert_string_equal(value_text(item), "x");
	assert_int_equal(value_line(item), 7);
	assert_int_equal(value_col(item), 3);
	assert_true(value_bool_of(value_at(value_get(copy, "list"), 1)));
	value_free(map);
	value_free(copy);
}

static void test_positions_are_zero_until_set(void **state)
{
	struct value *v = value_string("made by code");

	(void)state;
	assert_int_equal(value_line(v), 0);
	assert_int_equal(value_col(v), 0);
	value_set_pos(v, 12, 5);
	assert_int_equal(value_line(v), 12);
	assert_int_equal(value_col(v), 5);
	value_free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_constructors_make_their_kind),
		cmocka_unit_test(
			test_accessors_give_neutral_answers_for_other_kinds),
		cmocka_unit_test(test_strings_may_hold_nul_bytes),
		cmocka_unit_test(test_string_take_owns_its_argument),
		cmocka_unit_test(test_len_counts_bytes_items_and_entries),
		cmocka_unit_test(
			test_numbers_print_in_shortest_round_trip_form),
		cmocka_unit_test(test_format_number_respects_the_size),
		cmocka_unit_test(test_text_of_each_kind),
		cmocka_unit_test(test_numbers_keep_the_text_they_were_read_as),
		cmocka_unit_test(test_lists_keep_order_and_end_with_null),
		cmocka_unit_test(test_push_onto_a_non_list_frees_the_item),
		cmocka_unit_test(test_maps_keep_insertion_order),
		cmocka_unit_test(test_set_replaces_in_place),
		cmocka_unit_test(test_map_functions_refuse_non_maps),
		cmocka_unit_test(test_get_text_falls_back_for_non_scalars),
		cmocka_unit_test(test_copy_is_deep_and_keeps_positions),
		cmocka_unit_test(test_positions_are_zero_until_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
