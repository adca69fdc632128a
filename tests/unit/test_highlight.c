/* Tests for highlight: each language's keywords, strings, comments and
 * numbers, escaping inside tokens, what is left unterminated at a block's
 * end, and languages it does not know. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "highlight.h"

/* The HTML for code in lang; "(unknown)" when highlight refuses it. */
static char *hl(const char *lang, const char *code)
{
	struct buf out = BUF_INIT;

	if (!highlight_code(&out, lang, code, strlen(code))) {
		assert_int_equal(out.len, 0);
		buf_puts(&out, "(unknown)");
	}
	return buf_detach(&out);
}

static void check(const char *lang, const char *code, const char *want)
{
	char *got = hl(lang, code);

	assert_string_equal(got, want);
	free(got);
}

static void test_sql(void **state)
{
	(void)state;
	check("sql",
	      "SELECT count(*) FROM t -- all\nwhere x >= 1.5e3 AND y = 'a';",
	      "<span class=\"tok-k\">SELECT</span> <span class=\"tok-b\">count"
	      "</span>(<span class=\"tok-o\">*</span>) <span class=\"tok-k\">"
	      "FROM</span> t <span class=\"tok-c\">-- all</span>\n<span "
	      "class=\"tok-k\">where</span> x <span class=\"tok-o\">&gt;="
	      "</span> <span class=\"tok-n\">1.5e3</span> <span "
	      "class=\"tok-k\">"
	      "AND</span> y <span class=\"tok-o\">=</span> <span "
	      "class=\"tok-s\">&#39;a&#39;</span>;");
	check("sql", "/* a\nb */x", "<span class=\"tok-c\">/* a\nb */</span>x");
}

static void test_python(void **state)
{
	(void)state;
	check("python", "def f(x):  # note\n    return len(\"a\\\"b\")",
	      "<span class=\"tok-k\">def</span> f(x):  <span class=\"tok-c\">"
	      "# note</span>\n    <span class=\"tok-k\">return</span> <span "
	      "class=\"tok-b\">len</span>(<span class=\"tok-s\">&quot;a\\&quot;"
	      "b&quot;</span>)");
	check("py", "'''one\n'two'\n''' + 2",
	      "<span class=\"tok-s\">&#39;&#39;&#39;one\n&#39;two&#39;\n&#39;"
	      "&#39;&#39;</span> <span class=\"tok-o\">+</span> <span "
	      "class=\"tok-n\">2</span>");
	/* A one-line string ends at its line's end. */
	check("py", "'open\nx", "<span class=\"tok-s\">&#39;open</span>\nx");
}

static void test_scala(void **state)
{
	(void)state;
	check("scala", "val n: Int = 42 // answer",
	      "<span class=\"tok-k\">val</span> n<span "
	      "class=\"tok-o\">:</span> "
	      "<span class=\"tok-b\">Int</span> <span class=\"tok-o\">=</span> "
	      "<span class=\"tok-n\">42</span> <span class=\"tok-c\">// answer"
	      "</span>");
}

static void test_shell(void **state)
{
	(void)state;
	check("bash", "if [ -n \"$HOME\" ]; then echo ${x} 'a\\'; fi # done",
	      "<span class=\"tok-k\">if</span> [ -n <span class=\"tok-s\">"
	      "&quot;$HOME&quot;</span> ]<span class=\"tok-o\">;</span> <span "
	      "class=\"tok-k\">then</span> <span class=\"tok-b\">echo</span> "
	      "<span class=\"tok-b\">${x}</span> <span class=\"tok-s\">&#39;a\\"
	      "&#39;</span><span class=\"tok-o\">;</span> <span "
	      "class=\"tok-k\">fi</span> <span class=\"tok-c\"># done</span>");
	/* '#' inside a word is no comment; apt-get is one word. */
	check("sh", "echo a#b $# apt-get",
	      "<span class=\"tok-b\">echo</span> a#b <span class=\"tok-b\">$#"
	      "</span> <span class=\"tok-b\">apt-get</span>");
}

static void test_yaml(void **state)
{
	(void)state;
	check("yaml", "title: Handbook\n- name: x # c\n  on: true\nurl: a:b",
	      "<span class=\"tok-k\">title</span><span class=\"tok-o\">:</span>"
	      " Handbook\n<span class=\"tok-o\">-</span> <span class=\"tok-k\">"
	      "name</span><span class=\"tok-o\">:</span> x <span "
	      "class=\"tok-c\"># c</span>\n  <span class=\"tok-k\">on</span>"
	      "<span class=\"tok-o\">:</span> <span class=\"tok-b\">true</span>"
	      "\n<span class=\"tok-k\">url</span><span "
	      "class=\"tok-o\">:</span> "
	      "a:b");
}

static void test_json(void **state)
{
	(void)state;
	check("json", "{\"a\": [1, true, null]}",
	      "{<span class=\"tok-s\">&quot;a&quot;</span><span "
	      "class=\"tok-o\">"
	      ":</span> [<span class=\"tok-n\">1</span>, <span class=\"tok-k\">"
	      "true</span>, <span class=\"tok-k\">null</span>]}");
}

static void test_escapes_inside_tokens(void **state)
{
	(void)state;
	check("sql", "'<b> & c' -- x < y & z\n<&>",
	      "<span class=\"tok-s\">&#39;&lt;b&gt; &amp; c&#39;</span> <span "
	      "class=\"tok-c\">-- x &lt; y &amp; z</span>\n<span "
	      "class=\"tok-o\">&lt;</span>&amp;<span class=\"tok-o\">&gt;"
	      "</span>");
}

static void test_unterminated_at_the_end(void **state)
{
	(void)state;
	check("sql", "x /* open", "x <span class=\"tok-c\">/* open</span>");
	check("sql", "'open\nline",
	      "<span class=\"tok-s\">&#39;open\nline"
	      "</span>");
	check("python", "\"\"\"doc\nmore",
	      "<span class=\"tok-s\">&quot;&quot;&quot;doc\nmore</span>");
	check("bash", "echo \"a\\",
	      "<span class=\"tok-b\">echo</span> <span "
	      "class=\"tok-s\">&quot;a\\</span>");
	check("bash", "${open", "<span class=\"tok-b\">${open</span>");
	check("python", "# last", "<span class=\"tok-c\"># last</span>");
}

static void test_unknown_language(void **state)
{
	(void)state;
	check("cobol", "MOVE A TO B", "(unknown)");
	check("", "x", "(unknown)");
	check("Python", "def", "(unknown)"); /* the info string's case */
}

static void test_empty_and_binary_safe(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_true(highlight_code(&out, "sql", "", 0));
	assert_int_equal(out.len, 0);
	/* A NUL byte in the block is text, not the end. */
	assert_true(highlight_code(&out, "sql", "a\0'b'", 5));
	assert_int_equal(out.len, 1 + 1 +
					  strlen("<span class=\"tok-s\">&#39;b"
						 "&#39;</span>"));
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sql),
		cmocka_unit_test(test_python),
		cmocka_unit_test(test_scala),
		cmocka_unit_test(test_shell),
		cmocka_unit_test(test_yaml),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_escapes_inside_tokens),
		cmocka_unit_test(test_unterminated_at_the_end),
		cmocka_unit_test(test_unknown_language),
		cmocka_unit_test(test_empty_and_binary_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
