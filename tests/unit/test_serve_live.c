/* Tests for serve_live: the messages a page's event stream gets, and the
 * script tag added to served HTML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "serve_live.h"

#define START 1000ULL

/* The stream's next message, read in pieces of at most max bytes. */
static char *next_message(struct serve_live_stream *s, size_t max)
{
	struct buf out = BUF_INIT;
	char piece[64];

	assert_true(max <= sizeof piece);
	while (out.len < 2 || strcmp(out.data + out.len - 2, "\n\n") != 0) {
		ssize_t n = serve_live_stream_read(s, piece, max);

		assert_true(n > 0);
		buf_put(&out, piece, (size_t)n);
	}
	return buf_detach(&out);
}

static void assert_message(struct serve_live_stream *s, const char *want)
{
	char *got = next_message(s, 64);

	assert_string_equal(got, want);
	free(got);
}

static void test_first_message_is_the_state_since_the_page(void **state)
{
	struct serve_live *l = serve_live_new(START);
	struct serve_live_stream *s = serve_live_stream_new(l, START);

	(void)state;
	assert_message(s, "data: {\"generation\":1000,\"changed\":[],"
			  "\"all\":false,\"errors\":[]}\n\n");
	serve_live_stream_free(s);
	serve_live_free(l);
}

static void test_each_build_says_what_it_changed(void **state)
{
	struct serve_live *l = serve_live_new(START);
	struct serve_live_stream *s = serve_live_stream_new(l, START);
	char *const changed[] = {"a/b.html", "index.html"};
	char *got;

	(void)state;
	free(next_message(s, 64));
	serve_live_built(l, changed, 2);
	/* Read in small pieces: the message is whole all the same. */
	got = next_message(s, 7);
	assert_string_equal(got, "data: {\"generation\":1001,\"changed\":["
				 "\"a/b.html\",\"index.html\"],\"all\":false,"
				 "\"errors\":[]}\n\n");
	free(got);
	assert_true(serve_live_generation(l) == START + 1);
	serve_live_stream_free(s);
	serve_live_free(l);
}

static void test_a_late_page_hears_every_change_since_once(void **state)
{
	struct serve_live *l = serve_live_new(START);
	char *const one[] = {"b.html", "a.html"};
	char *const two[] = {"a.html", "c.html"};
	struct serve_live_stream *s;

	(void)state;
	serve_live_built(l, one, 2);
	serve_live_built(l, two, 2);
	/* Served before both builds; its stream connects after them. */
	s = serve_live_stream_new(l, START);
	assert_message(s, "data: {\"generation\":1002,\"changed\":[\"a.html\","
			  "\"b.html\",\"c.html\"],\"all\":false,"
			  "\"errors\":[]}\n\n");
	serve_live_stream_free(s);
	serve_live_free(l);
}

static void test_pages_from_beyond_the_history_reload(void **state)
{
	struct serve_live *l = serve_live_new(START);
	struct serve_live_stream *older, *newer;

	(void)state;
	for (int i = 0; i < 100; i++)
		serve_live_built(l, NULL, 0);
	older = serve_live_stream_new(l, START);
	/* From another run of the server, whose numbers went further. */
	newer = serve_live_stream_new(l, START + 5000);
	assert_message(older, "data: {\"generation\":1100,\"changed\":[],"
			      "\"all\":true,\"errors\":[]}\n\n");
	assert_message(newer, "data: {\"generation\":1100,\"changed\":[],"
			      "\"all\":true,\"errors\":[]}\n\n");
	serve_live_stream_free(older);
	serve_live_stream_free(newer);
	serve_live_free(l);
}

static void test_errors_show_until_a_build_succeeds(void **state)
{
	struct serve_live *l = serve_live_new(START);
	struct serve_live_stream *s = serve_live_stream_new(l, START);
	struct diag *d = diag_new();

	(void)state;
	free(next_message(s, 64));
	diag_warning(d, (struct pos){"content/w.md", 1, 1}, "just a warning");
	diag_note(d, (struct pos){"content/w.md", 2, 1}, "its note");
	diag_error(d, (struct pos){"content/a.md", 4, 9},
		   "front matter: 'weight' must be an integer, got \"x\"");
	diag_note(d, (struct pos){"content/b.md", 1, 1}, "defined here");
	serve_live_failed(l, d);
	assert_message(s, "data: {\"generation\":1000,\"changed\":[],"
			  "\"all\":false,\"errors\":[\"content/a.md:4:9: "
			  "error: front matter: 'weight' must be an integer, "
			  "got \\\"x\\\"\",\"content/b.md:1:1: note: defined "
			  "here\"]}\n\n");
	serve_live_built(l, NULL, 0);
	assert_message(s, "data: {\"generation\":1001,\"changed\":[],"
			  "\"all\":false,\"errors\":[]}\n\n");
	diag_free(d);
	serve_live_stream_free(s);
	serve_live_free(l);
}

static void test_stop_ends_every_stream(void **state)
{
	struct serve_live *l = serve_live_new(START);
	struct serve_live_stream *s = serve_live_stream_new(l, START);
	char piece[64];

	(void)state;
	free(next_message(s, 64));
	serve_live_stop(l);
	assert_int_equal(serve_live_stream_read(s, piece, sizeof piece),
			 SERVE_LIVE_END);
	serve_live_stream_free(s);
	serve_live_free(l);
}

static void assert_injected(const char *html, const char *want)
{
	struct buf out = BUF_INIT;

	serve_live_inject(&out, html, strlen(html), 42);
	assert_string_equal(buf_str(&out), want);
	buf_release(&out);
}

static void test_the_script_goes_before_the_last_body_end(void **state)
{
	(void)state;
	assert_injected("<p>a</p>\n</body>\n</html>\n",
			"<p>a</p>\n<script src=\"/__prepbook/live.js\" "
			"data-generation=\"42\"></script>\n</body>\n</html>\n");
	assert_injected("<pre>&lt;/body></pre></BODY>",
			"<pre>&lt;/body></pre><script "
			"src=\"/__prepbook/live.js\" "
			"data-generation=\"42\"></script>\n</BODY>");
	assert_injected("<p>no body end",
			"<p>no body end<script src=\"/__prepbook/live.js\" "
			"data-generation=\"42\"></script>\n");
	assert_non_null(strstr(serve_live_script(), SERVE_LIVE_EVENTS_PATH));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_first_message_is_the_state_since_the_page),
		cmocka_unit_test(test_each_build_says_what_it_changed),
		cmocka_unit_test(
			test_a_late_page_hears_every_change_since_once),
		cmocka_unit_test(test_pages_from_beyond_the_history_reload),
		cmocka_unit_test(test_errors_show_until_a_build_succeeds),
		cmocka_unit_test(test_stop_ends_every_stream),
		cmocka_unit_test(test_the_script_goes_before_the_last_body_end),
	};

	return cmocka_run_group_tests_name("serve_live", tests, NULL, NULL);
}
