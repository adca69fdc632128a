/* Tests for buf: the growable byte buffer, its NUL termination, bytes
 * with NULs inside, formatted appends of any length, and handing over. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void test_empty_buffer_reads_as_empty_string(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_init(&b);
	assert_null(b.data);
	assert_string_equal(buf_str(&b), "");
	buf_release(&b);
}

static void test_appends_keep_order_and_nul_termination(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "abc");
	buf_putc(&b, '-');
	buf_put(&b, "xyz123", 3);
	buf_put(&b, "ignored", 0);
	assert_int_equal(b.len, 7);
	assert_string_equal(buf_str(&b), "abc-xyz");
	assert_int_equal(b.data[b.len], '\0');
	assert_true(b.len < b.cap);
	buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void test_nul_bytes_are_data_and_len_is_the_truth(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_put(&b, "a\0b", 3);
	buf_putc(&b, '\0');
	buf_puts(&b, "c");
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "a\0b\0c", 6);
	/* As a C string it stops at the first NUL. */
	assert_string_equal(buf_str(&b), "a");
	buf_release(&b);
}

static void test_printf_appends_formatted_text(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	buf_puts(&b, "n=");
	buf_printf(&b, "%d, s=%s, x=%04x", 42, "hi", 0xbeef);
	buf_printf(&b, "%s", "");
	assert_string_equal(buf_str(&b), "n=42, s=hi, x=beef");
	assert_int_equal(b.len, strlen("n=42, s=hi, x=beef"));
	buf_release(&b);
}

/* The first try formats into what is free (at least 64 bytes); longer
 * text must take the second, grown, try and still come out whole. */
static void test_printf_grows_for_long_text(void **state)
{
	struct buf b = BUF_INIT;
	char long_text[5001];

	(void)state;
	memset(long_text, 'x', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	buf_putc(&b, '<');
	buf_printf(&b, "%s|%s", long_text, "end");
	buf_putc(&b, '>');
	assert_int_equal(b.len, 1 + 5000 + 4 + 1);
	assert_memory_equal(b.data + 1, long_text, 5000);
	assert_string_equal(b.data + 5001, "|end>");
	assert_true(b.len < b.cap);
	buf_release(&b);
}

static void vprintf_through(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void vprintf_through(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

static void test_vprintf_takes_a_va_list(void **state)
{
	struct buf b = BUF_INIT;
	char wide[300];

	(void)state;
	memset(wide, 'w', sizeof wide - 1);
	wide[sizeof wide - 1] = '\0';
	vprintf_through(&b, "[%s:%d]", "a", 1);
	vprintf_through(&b, "%s", wide);
	assert_int_equal(b.len, 5 + 299);
	assert_memory_equal(b.data, "[a:1]", 5);
	assert_memory_equal(b.data + 5, wide, 299);
	buf_release(&b);
}

static void test_reset_empties_and_keeps_the_memory(void **state)
{
	struct buf b = BUF_INIT;
	char *data;
	size_t cap;

	(void)state;
	buf_puts(&b, "some text");
	data = b.data;
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	assert_ptr_equal(b.data, data);
	assert_int_equal(b.cap, cap);
	buf_puts(&b, "new");
	assert_string_equal(buf_str(&b), "new");
	buf_release(&b);

	/* Resetting a buffer that never held anything is harmless. */
	buf_reset(&b);
	assert_null(b.data);
	assert_string_equal(buf_str(&b), "");
}

static void test_detach_hands_over_and_leaves_empty(void **state)
{
	struct buf b = BUF_INIT;
	char *s;

	(void)state;
	buf_puts(&b, "owned");
	s = buf_detach(&b);
	assert_string_equal(s, "owned");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(s);

	/* An empty buffer still gives a string the caller can free. */
	s = buf_detach(&b);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);

	/* The buffer is usable again after detaching. */
	buf_puts(&b, "again");
	assert_string_equal(buf_str(&b), "again");
	buf_release(&b);
}

static void test_many_small_appends_grow_correctly(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	for (size_t i = 0; i < 10000; i++)
		if (b.data[i] != (char)('a' + i % 26))
			fail_msg("byte %zu is '%c'", i, b.data[i]);
	assert_int_equal(b.data[10000], '\0');
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_buffer_reads_as_empty_string),
		cmocka_unit_test(test_appends_keep_order_and_nul_termination),
		cmocka_unit_test(test_nul_bytes_are_data_and_len_is_the_truth),
		cmocka_unit_test(test_printf_appends_formatted_text),
		cmocka_unit_test(test_printf_grows_for_long_text),
		cmocka_unit_test(test_vprintf_takes_a_va_list),
		cmocka_unit_test(test_reset_empties_and_keeps_the_memory),
		cmocka_unit_test(test_detach_hands_over_and_leaves_empty),
		cmocka_unit_test(test_many_small_appends_grow_correctly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
