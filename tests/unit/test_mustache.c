/*
 * Tests for mustache: the errors theme authors see (compile time and
 * render time, each with its exact diagnostic line), the choices the spec
 * leaves open, layouts and indentation, template folders, and rendering
 * one compiled set many times and from many threads.  The conformance
 * suite itself runs in test_mustache_spec.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "file.h"
#include "mustache.h"
#include "value.h"
#include "yml.h"

struct tpl {
	const char *name;
	const char *text;
};

#define COUNT(a) (sizeof(a) / sizeof(a)[0])

static struct value *data_of(const char *yaml)
{
	struct diag *d = diag_new();
	struct value *v = yml_parse(yaml, strlen(yaml),
				    (struct pos){"data.yml", 1, 1}, d);

	assert_non_null(v);
	diag_free(d);
	return v;
}

/* A set of templates, each in "<name>.mustache"; all must compile. */
static struct mustache_set *set_of(bool strict, const struct tpl *tpls,
				   size_t n)
{
	struct mustache_set *set = mustache_set_new(strict);
	struct diag *d = diag_new();

	for (size_t i = 0; i < n; i++) {
		struct buf file = BUF_INIT;

		buf_printf(&file, "%s.mustache", tpls[i].name);
		assert_int_equal(mustache_set_add(set, tpls[i].name,
						  tpls[i].text,
						  strlen(tpls[i].text),
						  buf_str(&file), d),
				 0);
		buf_release(&file);
	}
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	return set;
}

/* Renders the first template of tpls with the YAML data, strictly, and
 * checks the text. */
static void assert_renders_set(const struct tpl *tpls, size_t n,
			       const char *yaml, const char *expected)
{
	struct mustache_set *set = set_of(true, tpls, n);
	struct value *data = data_of(yaml);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	assert_int_equal(mustache_render(set, tpls[0].name, data, &out, d), 0);
	assert_int_equal(diag_count(d), 0);
	assert_string_equal(buf_str(&out), expected);
	buf_release(&out);
	diag_free(d);
	value_free(data);
	mustache_set_free(set);
}

static void assert_renders(const char *text, const char *yaml,
			   const char *expected)
{
	const struct tpl one[] = {{"t", text}};

	assert_renders_set(one, 1, yaml, expected);
}

static void assert_line(const struct diag *d, size_t i, const char *expected)
{
	char *line;

	assert_true(diag_count(d) > i);
	line = diag_line(d, i);
	assert_string_equal(line, expected);
	free(line);
}

/* Compiling text as t.mustache fails with exactly this first line. */
static void assert_compile_error(const char *text, const char *expected)
{
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();

	assert_int_equal(
		mustache_set_add(set, "t", text, strlen(text), "t.mustache", d),
		-1);
	assert_line(d, 0, expected);
	assert_false(mustache_set_has(set, "t"));
	diag_free(d);
	mustache_set_free(set);
}

/* Rendering the first template fails with exactly this one error and
 * leaves the output buffer as it was. */
static void assert_render_error(bool strict, const struct tpl *tpls, size_t n,
				const char *yaml, const char *expected)
{
	struct mustache_set *set = set_of(strict, tpls, n);
	struct value *data = data_of(yaml);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	buf_puts(&out, "kept");
	assert_int_equal(mustache_render(set, tpls[0].name, data, &out, d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_line(d, 0, expected);
	assert_string_equal(buf_str(&out), "kept");
	buf_release(&out);
	diag_free(d);
	value_free(data);
	mustache_set_free(set);
}

/* ---- Compile errors -------------------------------------------------- */

static void test_unclosed_section_is_reported_at_its_open_tag(void **state)
{
	(void)state;
	assert_compile_error("<ul>\n  {{#items}}\n  <li>{{name}}</li>\n",
			     "t.mustache:2:3: error: unclosed section 'items'");
	assert_compile_error("{{<layout}}{{$main}}x{{/main}}",
			     "t.mustache:1:1: error: unclosed parent 'layout'");
	assert_compile_error("{{$main}}x",
			     "t.mustache:1:1: error: unclosed block 'main'");
}

static void test_mismatched_close_tag_names_both_tags(void **state)
{
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();
	const char *text = "a\n  {{#a}}x{{/b}}\n";

	(void)state;
	assert_int_equal(
		mustache_set_add(set, "t", text, strlen(text), "t.mustache", d),
		-1);
	assert_int_equal(diag_count(d), 2);
	assert_int_equal(diag_errors(d), 1);
	assert_line(d, 0,
		    "t.mustache:2:10: error: close tag 'b' does not "
		    "match open section 'a'");
	assert_line(d, 1, "t.mustache:2:3: note: section 'a' opened here");
	diag_free(d);
	mustache_set_free(set);
}

static void test_close_tag_with_nothing_open(void **state)
{
	(void)state;
	assert_compile_error("x{{/a}}", "t.mustache:1:2: error: close tag 'a' "
					"has no open section");
}

static void test_bad_delimiter_changes(void **state)
{
	(void)state;
	assert_compile_error("{{=<% %>}}",
			     "t.mustache:1:1: error: bad delimiter change "
			     "'{{=<% %>}}': missing '=' before the closing "
			     "delimiter");
	assert_compile_error("x {{=<%%>=}}",
			     "t.mustache:1:3: error: bad delimiter change "
			     "'{{=<%%>=}}': expected two delimiters separated "
			     "by a space");
	assert_compile_error("{{=<% = %>=}}",
			     "t.mustache:1:1: error: bad delimiter change "
			     "'{{=<% = %>=}}': expected two delimiters "
			     "separated by a space");
	assert_compile_error("{{= =}}",
			     "t.mustache:1:1: error: bad delimiter change "
			     "'{{= =}}': expected two delimiters separated by "
			     "a space");
	assert_compile_error("{{=<= =>=}}",
			     "t.mustache:1:1: error: bad delimiter change "
			     "'{{=<= =>=}}': a delimiter cannot contain '='");
}

static void test_unclosed_tag_at_end_of_file(void **state)
{
	(void)state;
	assert_compile_error("ok\n{{foo", "t.mustache:2:1: error: unclosed "
					  "tag: no '}}' before the end of the "
					  "file");
	assert_compile_error("{{{foo}}", "t.mustache:1:1: error: unclosed "
					 "tag: no '}}}' before the end of the "
					 "file");
	assert_compile_error("{{=<% %>=}}\n<%foo %",
			     "t.mustache:2:1: error: unclosed tag: no '%>' "
			     "before the end of the file");
}

static void test_empty_and_malformed_names(void **state)
{
	(void)state;
	assert_compile_error("{{#}}{{/}}",
			     "t.mustache:1:1: error: tag '{{#}}' has no name");
	assert_compile_error("a {{ }}",
			     "t.mustache:1:3: error: tag '{{ }}' has no name");
	assert_compile_error("{{>*}}",
			     "t.mustache:1:1: error: tag '{{>*}}' has no name");
	assert_compile_error("{{a b}}", "t.mustache:1:1: error: tag name "
					"'a b' contains whitespace");
	assert_compile_error("{{a..b}}", "t.mustache:1:1: error: name 'a..b' "
					 "has an empty part between dots");
	assert_compile_error("{{#.a}}{{/.a}}", "t.mustache:1:1: error: name "
					       "'.a' has an empty part "
					       "between dots");
}

static void test_columns_count_characters_and_follow_delimiters(void **state)
{
	(void)state;
	assert_compile_error("h\xc3\xa9llo {{#a}}",
			     "t.mustache:1:7: error: unclosed section 'a'");
	assert_compile_error("{{=<% %>=}}\n  <%#a%>{{#b}}",
			     "t.mustache:2:3: error: unclosed section 'a'");
}

static void test_deep_section_nesting_is_refused(void **state)
{
	struct buf text = BUF_INIT;
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();

	(void)state;
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&text, "{{#a}}");
	for (int i = 0; i < MUSTACHE_MAX_NESTING; i++)
		buf_puts(&text, "{{/a}}");
	assert_int_equal(mustache_set_add(set, "ok", buf_str(&text), text.len,
					  "ok.mustache", d),
			 0);
	buf_reset(&text);
	for (int i = 0; i < 10000; i++)
		buf_puts(&text, "{{#a}}");
	assert_int_equal(mustache_set_add(set, "t", buf_str(&text), text.len,
					  "t.mustache", d),
			 -1);
	assert_line(d, 0,
		    "t.mustache:1:385: error: sections nested deeper "
		    "than 64 levels");
	buf_release(&text);
	diag_free(d);
	mustache_set_free(set);
}

static void test_a_block_given_twice_to_one_parent(void **state)
{
	(void)state;
	assert_compile_error("{{<p}}{{$a}}x{{/a}}{{$a}}y{{/a}}{{/p}}",
			     "t.mustache:1:20: error: block 'a' is given twice "
			     "in parent 'p'");
}

static void test_duplicate_template_names_are_refused(void **state)
{
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(mustache_set_add(set, "a", "1", 1, "a.mustache", d),
			 0);
	assert_int_equal(mustache_set_add(set, "a", "2", 1, "b.mustache", d),
			 -1);
	assert_line(d, 0, "b.mustache: error: duplicate template 'a'");
	assert_line(d, 1, "a.mustache: note: 'a' is already defined here");
	diag_free(d);
	mustache_set_free(set);
}

/* ---- Render errors --------------------------------------------------- */

static void test_recursive_partial_stops_with_a_depth_error(void **state)
{
	const struct tpl self[] = {{"self", "x{{>self}}"}};
	const struct tpl pair[] = {{"a", "{{#on}}\n  {{>b}}\n{{/on}}\n"},
				   {"b", "{{>a}}"}};

	(void)state;
	assert_render_error(true, self, 1, "{}",
			    "self.mustache:1:2: error: partial 'self' nested "
			    "deeper than 64 levels (does it include itself?)");
	/* The limit holds in spec mode too: it protects the stack. */
	assert_render_error(false, pair, 2, "on: true",
			    "a.mustache:2:3: error: partial 'b' nested deeper "
			    "than 64 levels (does it include itself?)");
}

static void test_recursive_parent_and_block_stop_too(void **state)
{
	const struct tpl parent[] = {{"p", "{{<p}}{{/p}}"}};
	const struct tpl block[] = {
		{"child", "{{<l}}{{$a}}[{{$a}}{{/a}}]{{/a}}{{/l}}"},
		{"l", "{{$a}}{{/a}}"}};

	(void)state;
	assert_render_error(true, parent, 1, "{}",
			    "p.mustache:1:1: error: parent 'p' nested deeper "
			    "than 64 levels (does it include itself?)");
	assert_render_error(true, block, 2, "{}",
			    "child.mustache:1:14: error: block 'a' nested "
			    "deeper than 64 levels (does it include itself?)");
}

static void test_exponential_templates_stop_with_an_error(void **state)
{
	const struct tpl loops[] = {
		{"t", "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}x{{/l}}{{/l}}"
		      "{{/l}}{{/l}}{{/l}}{{/l}}"}};
	struct mustache_set *set = mustache_set_new(false);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;
	char name[2] = "a", text[] = "{{>b}}{{>b}}";

	(void)state;
	/* a includes b twice, b includes c twice, ...: 2^25 partials, but
	 * only 26 deep. */
	for (char c = 'a'; c <= 'z'; c++) {
		name[0] = c;
		text[3] = text[9] = (char)(c + 1);
		assert_int_equal(mustache_set_add(set, name,
						  c == 'z' ? "x" : text,
						  c == 'z' ? 1 : strlen(text),
						  "t.mustache", d),
				 0);
	}
	assert_int_equal(mustache_render(set, "a", NULL, &out, d), -1);
	assert_line(d, 0,
		    "t.mustache:1:7: error: rendering takes more than "
		    "10000000 steps (does a template include itself?)");
	assert_int_equal(out.len, 0);
	buf_release(&out);
	diag_free(d);
	mustache_set_free(set);
	/* 20^6 items: fine in spec terms, too much work for one page. */
	assert_render_error(true, loops, 1,
			    "l: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, "
			    "14, 15, 16, 17, 18, 19]",
			    "t.mustache:1:37: error: rendering takes more "
			    "than 10000000 steps (does a template include "
			    "itself?)");
}

static void test_strict_missing_partial_is_an_error_with_a_hint(void **state)
{
	const struct tpl page[] = {{"page", "a\n  {{>heder}}\n"},
				   {"header", "h"}};
	const struct tpl layout[] = {{"page", "{{<layuot}}{{/layuot}}"},
				     {"layout", "l"}};
	const struct tpl dynamic[] = {{"page", "{{>*which}}"}};

	(void)state;
	assert_render_error(true, page, 2, "{}",
			    "page.mustache:2:3: error: unknown partial 'heder' "
			    "(did you mean 'header'?)");
	assert_render_error(true, layout, 2, "{}",
			    "page.mustache:1:1: error: unknown parent 'layuot' "
			    "(did you mean 'layout'?)");
	assert_render_error(true, dynamic, 1, "which: nope",
			    "page.mustache:1:1: error: unknown partial 'nope'");
}

static void test_spec_mode_missing_partial_renders_nothing(void **state)
{
	const struct tpl page[] = {{"page", "[{{>nope}}{{<gone}}{{/gone}}]"}};
	struct mustache_set *set = set_of(false, page, 1);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(mustache_render(set, "page", NULL, &out, d), 0);
	assert_string_equal(buf_str(&out), "[]");
	assert_int_equal(diag_count(d), 0);
	buf_release(&out);
	diag_free(d);
	mustache_set_free(set);
}

static void test_printing_a_list_is_an_error_in_strict_mode(void **state)
{
	const struct tpl page[] = {{"t", "tags: {{page.tags}}"}};
	struct mustache_set *set = set_of(false, page, 1);
	struct value *data = data_of("page: {tags: [a, b]}");
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	(void)state;
	assert_render_error(true, page, 1, "page: {tags: [a, b]}",
			    "t.mustache:1:7: error: cannot print 'page.tags': "
			    "it is a list (use a section to render what is "
			    "inside)");
	assert_int_equal(mustache_render(set, "t", data, &out, d), 0);
	assert_string_equal(buf_str(&out), "tags: ");
	buf_release(&out);
	diag_free(d);
	value_free(data);
	mustache_set_free(set);
}

static void test_missing_variable_renders_nothing_even_strict(void **state)
{
	(void)state;
	assert_renders("[{{nope}}{{a.b.c}}{{{x}}}]", "a: {b: 1}", "[]");
}

static void test_unknown_template_name(void **state)
{
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(mustache_render(set, "nope", NULL, &out, d), -1);
	assert_line(d, 0, "prepbook: error: unknown template 'nope'");
	buf_release(&out);
	diag_free(d);
	mustache_set_free(set);
}

static void test_set_check_reports_each_missing_partial_once(void **state)
{
	const struct tpl page[] = {
		{"page", "{{>a}}{{>b}}{{>*dynamic}}\n{{#x}}{{<c}}{{/c}}{{/x}}"},
		{"a", "{{>b}}"}};
	const struct tpl whole[] = {{"page", "{{>a}}"}, {"a", "x"}};
	struct mustache_set *set = set_of(true, page, COUNT(page));
	struct diag *d = diag_new();

	(void)state;
	assert_int_equal(mustache_set_check(set, d), -1);
	assert_int_equal(diag_count(d), 3);
	assert_line(d, 0, "a.mustache:1:1: error: unknown partial 'b'");
	assert_line(d, 1, "page.mustache:1:7: error: unknown partial 'b'");
	assert_line(d, 2, "page.mustache:2:7: error: unknown parent 'c'");
	mustache_set_free(set);
	set = set_of(true, whole, COUNT(whole));
	assert_int_equal(mustache_set_check(set, d), 0);
	assert_int_equal(diag_count(d), 3);
	diag_free(d);
	mustache_set_free(set);
}

/* ---- Values and names ------------------------------------------------ */

static void test_escaping_only_where_asked(void **state)
{
	(void)state;
	assert_renders("{{x}}|{{{x}}}|{{&x}}", "x: \"<a href='u'>&\\\"\"",
		       "&lt;a href=&#39;u&#39;&gt;&amp;&quot;|<a href='u'>&\"|"
		       "<a href='u'>&\"");
}

static void test_numbers_print_in_shortest_form(void **state)
{
	(void)state;
	assert_renders("{{a}} {{b}} {{c}} {{d}} {{e}} {{t}}",
		       "{a: 1.210, b: 85, c: 1e3, d: -0.0, e: 0.1, t: true}",
		       "1.21 85 1000 0 0.1 true");
}

static void test_falsy_values(void **state)
{
	(void)state;
	assert_renders("{{#e}}E{{/e}}{{^e}}no-e{{/e}} {{#n}}N{{/n}} "
		       "{{#f}}F{{/f}} {{#l}}L{{/l}} {{#z}}zero={{.}}{{/z}} "
		       "{{#m}}M{{/m}} {{#s}}{{.}}{{/s}}",
		       "{e: '', n: null, f: false, l: [], z: 0, m: {}, s: x}",
		       "no-e    zero=0 M x");
}

static void test_dotted_names_and_list_indexes(void **state)
{
	(void)state;
	assert_renders("{{#items.0}}{{name}}{{/items.0}} {{items.1.name}} "
		       "[{{items.9.name}}{{items.x}}{{items.-1}}]",
		       "items: [{name: a}, {name: b}]", "a b []");
	assert_renders("{{#page}}{{title}} of {{site.title}}{{/page}}",
		       "{page: {title: P}, site: {title: S}}", "P of S");
	assert_renders("{{#a}}[{{b.c}}]{{/a}}", "{a: {b: {}}, b: {c: no}}",
		       "[]");
}

static void test_sections_iterate_lists_and_push_values(void **state)
{
	(void)state;
	assert_renders("{{#nav}}<{{title}}{{#pages}} {{.}}{{/pages}}>{{/nav}}",
		       "nav: [{title: A, pages: [x, y]}, {title: B}]",
		       "<A x y><B>");
}

/* ---- Layouts and indentation ----------------------------------------- */

static void test_layout_blocks_land_at_their_indentation(void **state)
{
	const struct tpl tpls[] = {
		{"page", "{{<layout}}\n"
			 "{{$main}}\n"
			 "    <p>{{text}}</p>\n"
			 "    <p>two</p>\n"
			 "{{/main}}\n"
			 "{{/layout}}\n"},
		{"layout", "<body>\n"
			   "  {{$main}}{{/main}}\n"
			   "  {{$extra}}{{/extra}}\n"
			   "</body>\n"},
	};
	const struct tpl inline_override[] = {
		{"page", "{{<layout}}{{$main}}inline{{/main}}{{/layout}}"},
		tpls[1],
	};

	const struct tpl sectioned[] = {
		{"layout", "<div>\n"
			   "  {{$main}}\n"
			   "  {{#x}}\n"
			   "  hi\n"
			   "  {{/x}}\n"
			   "  {{/main}}\n"
			   "</div>\n"},
	};

	(void)state;
	/* A block's default content renders as written. */
	assert_renders_set(sectioned, 1, "x: true", "<div>\n  hi\n</div>\n");
	/* The empty block's line disappears; the override keeps its own
	 * line endings. */
	assert_renders_set(tpls, 2, "text: hi",
			   "<body>\n  <p>hi</p>\n  <p>two</p>\n</body>\n");
	/* An override that does not end its line gets the line ending. */
	assert_renders_set(inline_override, 2, "{}",
			   "<body>\n  inline\n</body>\n");
}

static void test_standalone_partials_indent_every_line(void **state)
{
	const struct tpl tpls[] = {
		{"list", "<ul>\n  {{>item}}\n</ul>\n"},
		{"item", "<li>\n  {{>label}}\n\n</li>\n"},
		{"label", "<b>{{x}}</b>\n"},
	};

	(void)state;
	/* Blank lines of a partial are not indented. */
	assert_renders_set(tpls, 3, "x: X",
			   "<ul>\n  <li>\n    <b>X</b>\n\n  </li>\n</ul>\n");
}

static void test_partials_of_a_layout_see_its_overrides(void **state)
{
	const struct tpl tpls[] = {
		{"page", "{{<layout}}{{$title}}Mine{{/title}}{{/layout}}"},
		{"layout", "{{>head}}"},
		{"head", "<title>{{$title}}Default{{/title}}</title>"},
	};

	(void)state;
	assert_renders_set(tpls, 3, "{}", "<title>Mine</title>");
}

static void test_crlf_standalone_lines(void **state)
{
	(void)state;
	assert_renders("a\r\n{{#s}}\r\nb\r\n  {{/s}}\r\n", "s: true",
		       "a\r\nb\r\n");
}

/* ---- Compile once, render many --------------------------------------- */

static void test_one_compiled_set_renders_many_times(void **state)
{
	const struct tpl tpls[] = {{"page", "{{#items}}{{>item}}{{/items}}"},
				   {"item", "<{{.}}>"}};
	struct mustache_set *set = set_of(true, tpls, 2);
	struct value *one = data_of("items: [a, b]");
	struct value *two = data_of("items: [c]");
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(mustache_render(set, "page", one, &out, d), 0);
	assert_int_equal(mustache_render(set, "page", two, &out, d), 0);
	assert_int_equal(mustache_render(set, "page", one, &out, d), 0);
	assert_string_equal(buf_str(&out), "<a><b><c><a><b>");
	buf_release(&out);
	diag_free(d);
	value_free(one);
	value_free(two);
	mustache_set_free(set);
}

struct job {
	const struct mustache_set *set;
	const struct value *data;
	const char *expected;
	int mismatches;
};

static void *render_many(void *arg)
{
	struct job *job = arg;
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;

	for (int i = 0; i < 200; i++) {
		buf_reset(&out);
		int status =
			mustache_render(job->set, "page", job->data, &out, d);

		if (status != 0 || strcmp(buf_str(&out), job->expected) != 0)
			job->mismatches++;
	}
	buf_release(&out);
	diag_free(d);
	return NULL;
}

static void test_threads_render_from_one_set_at_once(void **state)
{
	const struct tpl tpls[] = {
		{"page", "{{<layout}}{{$main}}{{#n}}{{>num}}{{/n}}{{/main}}"
			 "{{/layout}}"},
		{"layout", "<main>\n  {{$main}}{{/main}}\n</main>\n"},
		{"num", "{{.}};"},
	};
	struct mustache_set *set = set_of(true, tpls, COUNT(tpls));
	struct value *data = data_of("n: [1.5, 2, 0.25]");
	struct job jobs[4];
	pthread_t threads[4];

	(void)state;
	for (int i = 0; i < 4; i++) {
		jobs[i] = (struct job){set, data,
				       "<main>\n  1.5;2;0.25;\n"
				       "</main>\n",
				       0};
		assert_int_equal(pthread_create(&threads[i], NULL, render_many,
						&jobs[i]),
				 0);
	}
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(threads[i], NULL), 0);
		assert_int_equal(jobs[i].mismatches, 0);
	}
	value_free(data);
	mustache_set_free(set);
}

/* ---- Template folders ------------------------------------------------ */

static void write_file(const char *dir, const char *name, const char *text)
{
	char *path = file_join(dir, name);

	assert_int_equal(file_write(path, text, strlen(text)), 0);
	free(path);
}

static void test_add_dir_compiles_every_template_by_stem(void **state)
{
	char dir[] = "/tmp/prepbook-mustache-XXXXXX";
	struct mustache_set *set = mustache_set_new(true);
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;
	char *sub;

	(void)state;
	assert_non_null(mkdtemp(dir));
	write_file(dir, "b.mustache", "B{{>a}}");
	write_file(dir, "a.mustache", "A");
	write_file(dir, "broken.mustache", "x\n{{#open}}");
	write_file(dir, ".hidden.mustache", "H");
	write_file(dir, "notes.txt", "N");
	sub = file_join(dir, "sub.mustache");
	assert_int_equal(mkdir(sub, 0700), 0);
	assert_int_equal(mustache_set_add_dir(set, dir, "themes/t", d), -1);
	assert_int_equal(diag_count(d), 1);
	assert_line(d, 0,
		    "themes/t/broken.mustache:2:1: error: unclosed "
		    "section 'open'");
	assert_true(mustache_set_has(set, "a"));
	assert_false(mustache_set_has(set, "broken"));
	assert_false(mustache_set_has(set, ".hidden"));
	assert_false(mustache_set_has(set, "notes"));
	assert_false(mustache_set_has(set, "sub"));
	assert_int_equal(mustache_render(set, "b", NULL, &out, d), 0);
	assert_string_equal(buf_str(&out), "BA");
	rmdir(sub);
	free(sub);
	buf_release(&out);
	diag_free(d);
	mustache_set_free(set);
	d = diag_new();
	set = mustache_set_new(true);
	assert_int_equal(mustache_set_add_dir(set, "/nonexistent/prepbook",
					      "themes/none", d),
			 -2);
	assert_line(d, 0,
		    "themes/none: error: cannot read folder: No such "
		    "file or directory");
	diag_free(d);
	mustache_set_free(set);
	for (const char *const *n =
		     (const char *const[]){
			     "a.mustache", "b.mustache", "broken.mustache",
			     ".hidden.mustache", "notes.txt", NULL};
	     *n; n++) {
		char *path = file_join(dir, *n);

		unlink(path);
		free(path);
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_unclosed_section_is_reported_at_its_open_tag),
		cmocka_unit_test(test_mismatched_close_tag_names_both_tags),
		cmocka_unit_test(test_close_tag_with_nothing_open),
		cmocka_unit_test(test_bad_delimiter_changes),
		cmocka_unit_test(test_unclosed_tag_at_end_of_file),
		cmocka_unit_test(test_empty_and_malformed_names),
		cmocka_unit_test(
			test_columns_count_characters_and_follow_delimiters),
		cmocka_unit_test(test_deep_section_nesting_is_refused),
		cmocka_unit_test(test_a_block_given_twice_to_one_parent),
		cmocka_unit_test(test_duplicate_template_names_are_refused),
		cmocka_unit_test(
			test_recursive_partial_stops_with_a_depth_error),
		cmocka_unit_test(test_recursive_parent_and_block_stop_too),
		cmocka_unit_test(test_exponential_templates_stop_with_an_error),
		cmocka_unit_test(
			test_strict_missing_partial_is_an_error_with_a_hint),
		cmocka_unit_test(
			test_spec_mode_missing_partial_renders_nothing),
		cmocka_unit_test(
			test_printing_a_list_is_an_error_in_strict_mode),
		cmocka_unit_test(
			test_missing_variable_renders_nothing_even_strict),
		cmocka_unit_test(test_unknown_template_name),
		cmocka_unit_test(
			test_set_check_reports_each_missing_partial_once),
		cmocka_unit_test(test_escaping_only_where_asked),
		cmocka_unit_test(test_numbers_print_in_shortest_form),
		cmocka_unit_test(test_falsy_values),
		cmocka_unit_test(test_dotted_names_and_list_indexes),
		cmocka_unit_test(test_sections_iterate_lists_and_push_values),
		cmocka_unit_test(test_layout_blocks_land_at_their_indentation),
		cmocka_unit_test(test_standalone_partials_indent_every_line),
		cmocka_unit_test(test_partials_of_a_layout_see_its_overrides),
		cmocka_unit_test(test_crlf_standalone_lines),
		cmocka_unit_test(test_one_compiled_set_renders_many_times),
		cmocka_unit_test(test_threads_render_from_one_set_at_once),
		cmocka_unit_test(test_add_dir_compiles_every_template_by_stem),
	};

	return cmocka_run_group_tests_name("mustache", tests, NULL, NULL);
}
