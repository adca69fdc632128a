/* Tests for html: the scanner of the site's own HTML. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "html.h"

/* The tokens of html as "kind:text" lines: T text, S start, E end, O
 * other; a tag by its name. */
static char *tokens(const char *html)
{
	struct html_scanner s;
	struct html_token t;
	struct buf out = BUF_INIT;
	static const char kinds[] = {'T', 'S', 'E', 'O'};

	html_scanner_init(&s, html, strlen(html));
	while (html_next(&s, &t)) {
		buf_printf(&out, "%c:", kinds[t.kind]);
		if (t.name)
			buf_put(&out, t.name, t.name_len);
		else
			buf_put(&out, t.raw, t.raw_len);
		buf_putc(&out, '|');
	}
	return buf_detach(&out);
}

static void test_splits_text_tags_and_comments(void **state)
{
	char *got = tokens("<p class=\"a > b\">x &lt; 1 < 2</p><!-- c -->"
			   "<br/><!doctype html>");

	(void)state;
	assert_string_equal(got, "S:p|T:x &lt; 1 < 2|E:p|O:<!-- c -->|S:br|"
				 "O:<!doctype html>|");
	free(got);
}

static void test_script_and_style_are_one_text(void **state)
{
	char *got = tokens("<script>if (a<b) x = '</p>';</script><style>"
			   "a>b{}</style>");

	(void)state;
	assert_string_equal(got, "S:script|T:if (a<b) x = '</p>';|E:script|"
				 "S:style|T:a>b{}|E:style|");
	free(got);
}

static void first_tag(const char *html, struct html_token *t)
{
	static struct html_scanner s;

	html_scanner_init(&s, html, strlen(html));
	assert_true(html_next(&s, t));
}

static void test_reads_attributes(void **state)
{
	struct html_token t;
	struct html_attr a;
	size_t pos = 0;

	(void)state;
	first_tag("<input type=checkbox checked value='a \"b\"' "
		  "data-x=\"1\"/>",
		  &t);
	assert_true(t.self_closing);
	assert_true(html_is_void(&t));
	assert_true(html_attr(&t, "value", &a));
	assert_int_equal(a.value_len, 5);
	assert_memory_equal(a.value, "a \"b\"", 5);
	assert_true(html_attr(&t, "checked", &a));
	assert_int_equal(a.value_len, 0);
	assert_false(html_attr(&t, "hidden", &a));
	assert_int_equal(a.name_len, 0);
	assert_true(html_next_attr(&t, &pos, &a));
	assert_memory_equal(a.name, "type", 4);
	assert_memory_equal(a.value, "checkbox", 8);
}

static void test_decodes_references(void **state)
{
	struct buf out = BUF_INIT;
	const char *in = "&amp;&lt;&gt;&quot;&#39;&#x2014;&#233;&nbsp;&copy;&";

	(void)state;
	html_decode(&out, in, strlen(in));
	assert_string_equal(buf_str(&out), "&<>\"'\xe2\x80\x94\xc3\xa9\xc2\xa0"
					   "&copy;&");
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_splits_text_tags_and_comments),
		cmocka_unit_test(test_script_and_style_are_one_text),
		cmocka_unit_test(test_reads_attributes),
		cmocka_unit_test(test_decodes_references),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
