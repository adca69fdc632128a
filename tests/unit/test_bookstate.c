/* Tests for bookstate: the book's state file read back as written, in a
 * canonical form, and refused whole when damaged. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "bookstate.h"
#include "buf.h"
#include "diag.h"
#include "output.h"
#include "postings.h"
#include "search.h"
#include "searchtext.h"
#include "value.h"

static void add_page(struct search *s, const char *url, const char *title,
		     const char *html)
{
	struct value *sections = searchtext_sections(html, strlen(html));

	search_add_page(s, url, title, "Part", sections);
	value_free(sections);
}

/* The state of a two-page index (a checking output: no files). */
static void write_state(struct buf *out)
{
	struct diag *d = diag_new();
	struct output *o = output_open_check();
	struct search *s = search_new(o, 10000, 2, d);
	const uint64_t keys[] = {11, 22};
	const struct print_span spans[] = {
		{.offset = 100, .length = 50, .answers = 1},
		{.offset = 150,
		 .length = 70,
		 .key_offset = 40,
		 .key_length = 9,
		 .answers_before = 1},
	};

	add_page(s, "a.html", "Zebra",
		 "<p>zebra apple</p><h2 id=\"x\">Apple</h2><p>zebra</p>");
	add_page(s, "b.html", "Mango", "<p>apple mango</p>");
	assert_int_equal(search_write(s), 0);
	bookstate_write(out, 7, 300, 250, s, NULL, keys, spans, 2);
	search_free(s);
	output_abort(o);
	diag_free(d);
}

/* The postings of page pg of st as "term:piece*4+weight" words. */
static char *postings_of(const struct bookstate *st, size_t pg)
{
	const struct search_page_record *r = &st->pages[pg].search;
	struct postings_unpacker u = {r->packed, r->packed + r->packed_len, 0,
				      false};
	struct buf out = BUF_INIT;
	uint32_t term, pw;

	while (postings_unpack(&u, &term, &pw))
		buf_printf(&out, "%s%s:%u", out.len ? " " : "", st->terms[term],
			   pw);
	assert_false(u.bad);
	return buf_detach(&out);
}

static void test_state_reads_back_as_written(void **state)
{
	struct buf data = BUF_INIT;
	struct bookstate *st;
	const struct search_page_record *a;
	char *text;

	(void)state;
	write_state(&data);
	st = bookstate_parse(data.data, data.len);
	assert_non_null(st);
	assert_int_equal(st->layout, 7);
	assert_int_equal(st->print_size, 300);
	assert_int_equal(st->print_key_start, 250);
	assert_int_equal(st->npages, 2);
	assert_int_equal(st->pages[0].key, 11);
	assert_int_equal(st->pages[1].key, 22);
	assert_int_equal(st->pages[1].print.offset, 150);
	assert_int_equal(st->pages[1].print.key_length, 9);
	assert_int_equal(st->pages[1].print.answers_before, 1);
	/* The terms are sorted, and so are each page's postings. */
	assert_int_equal(st->nterms, 3);
	assert_string_equal(st->terms[0], "apple");
	assert_string_equal(st->terms[1], "mango");
	assert_string_equal(st->terms[2], "zebra");
	a = &st->pages[0].search;
	assert_int_equal(a->pieces, 2);
	/* apple in piece 0 (text) and piece 1 (heading, weight 2), then
	 * zebra in piece 0 (title, weight 3) and piece 1 (text). */
	text = postings_of(st, 0);
	assert_string_equal(text, "apple:0 apple:6 zebra:3 zebra:4");
	free(text);
	text = postings_of(st, 1);
	assert_string_equal(text, "apple:0 mango:3");
	free(text);
	bookstate_free(st);
	buf_release(&data);
}

static void test_damaged_states_are_refused(void **state)
{
	struct buf data = BUF_INIT;

	(void)state;
	write_state(&data);
	/* Every shorter file, and one with a byte more. */
	for (size_t n = 0; n < data.len; n++)
		assert_null(bookstate_parse(data.data, n));
	buf_putc(&data, 'x');
	assert_null(bookstate_parse(data.data, data.len));
	/* A term id past the terms: the last page's postings are packed in
	 * four bytes (apple 0, then mango 1 less apple's, with their
	 * pieces); the first names term 5 instead. */
	{
		struct buf bad = BUF_INIT;

		write_state(&bad);
		bad.data[bad.len - 4] = 5;
		assert_null(bookstate_parse(bad.data, bad.len));
		buf_release(&bad);
	}
	/* A span past the end of print.html: its length, in the last page's
	 * record, made too long to fit. */
	{
		struct buf bad = BUF_INIT;
		struct bookstate *st;

		write_state(&bad);
		st = bookstate_parse(bad.data, bad.len);
		assert_non_null(st);
		bookstate_free(st);
		/* The last page: its print span's six numbers come before
		 * the postings (an 8-byte count, then 4 bytes). */
		{
			uint64_t huge = 1000;
			size_t at = bad.len - 4 - 8 - 6 * 8 + 8;

			memcpy(bad.data + at, &huge, sizeof huge);
		}
		assert_null(bookstate_parse(bad.data, bad.len));
		buf_release(&bad);
	}
	/* Another byte order's check word. */
	data.len--;
	data.data[strlen("prepbook-book 2\n")] ^= 0x0f;
	assert_null(bookstate_parse(data.data, data.len));
	buf_release(&data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_state_reads_back_as_written),
		cmocka_unit_test(test_damaged_states_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
