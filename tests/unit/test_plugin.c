/*
 * Tests for plugin: the API a plugin sees, and the sandbox suite, where
 * each hostile plugin in plugins/hostile/ tries one escape or exhaustion
 * and must end in its exact diagnostic, after which the same runtime still
 * renders a good plugin.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "buf.h"
#include "diag.h"
#include "plugin.h"
#include "value.h"
#include "yml.h"

#define API_DIR "tests/unit/plugins"
#define HOSTILE_DIR "tests/unit/plugins/hostile"
#define EXAMPLE_DIR "plugins"

/* Lua states alive at once, for the tests that need distinct hash seeds. */
#define FRESH_RUNTIMES 8

/* Small limits, so exhaustion tests run in milliseconds. */
static const struct plugin_limits small = {100000, 8 << 20, 64 << 10,
					   60000,  0,	    0};

struct fixture {
	struct plugin_runtime *rt;
	struct diag *d;
	struct buf html;
	struct value *page;
	struct value *site;
	int next_id;
	struct value *claimed; /* the page's element ids */
	struct value *records; /* the page's ctx.record maps */
	size_t kept;	       /* what the host keeps for the page */
};

/* Stands in for the page renderer: text with "nope" in it has a broken
 * link (an error) and text with "<" raw HTML (a warning), recorded where
 * the build records them, at the block. */
static char *fake_markdown(const char *text, struct pos at, struct diag *d,
			   void *data)
{
	struct buf b = BUF_INIT;

	if (strstr(text, "nope") != NULL)
		diag_error(d, at, "link: no page 'nope.md'");
	if (strchr(text, '<') != NULL)
		diag_warning(d, at, "raw HTML is not rendered");
	buf_printf(&b, "<em>%s</em>%s", text, (const char *)data);
	return buf_detach(&b);
}

static struct value *page_data(void)
{
	struct value *page = value_map();
	struct value *tags = value_list();

	value_set_string(page, "title", "Storage costs");
	value_push(tags, value_string("economics"));
	value_push(tags, value_string("storage"));
	value_set(page, "tags", tags);
	value_set_bool(page, "draft", false);
	value_set_number(page, "weight", 3);
	value_set(page, "nothing", value_null());
	return page;
}

static struct value *site_data(void)
{
	struct value *site = value_map();
	struct value *nested = value_map();

	value_set_string(site, "title", "PM Prep");
	value_set_string(nested, "deep", "d");
	value_set(site, "nested", nested);
	return site;
}

static struct fixture *fixture_with_fallback(const char *dir,
					     const char *fallback,
					     const struct plugin_limits *limits)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct plugin_config config = {.dir = dir,
				       .fallback_dir = fallback,
				       .display = "plugins",
				       .markdown = fake_markdown,
				       .markdown_data = "+data"};

	if (limits != NULL)
		config.limits = *limits;
	f->rt = plugin_runtime_new(&config);
	f->d = diag_new();
	buf_init(&f->html);
	f->page = page_data();
	f->site = site_data();
	f->claimed = value_map();
	f->records = value_list();
	return f;
}

static struct fixture *fixture_new(const char *dir,
				   const struct plugin_limits *limits)
{
	return fixture_with_fallback(dir, NULL, limits);
}

static void fixture_free(struct fixture *f)
{
	plugin_runtime_free(f->rt);
	diag_free(f->d);
	buf_release(&f->html);
	value_free(f->page);
	value_free(f->site);
	value_free(f->claimed);
	value_free(f->records);
	free(f);
}

/* Renders the block ```name with body yaml at content/x.md:41:1. */
static int render(struct fixture *f, const char *name, const char *yaml)
{
	struct pos body_at = {"content/x.md", 42, 1};
	struct value *args = yml_parse(yaml, strlen(yaml), body_at, f->d);
	struct plugin_call call = {
		name,	    args,	{"content/x.md", 41, 1},
		f->page,    f->site,	&f->next_id,
		f->claimed, f->records, &f->kept};
	int status;

	assert_non_null(args);
	buf_reset(&f->html);
	status = plugin_render(f->rt, &call, &f->html, f->d);
	value_free(args);
	return status;
}

static void assert_renders(struct fixture *f, const char *name,
			   const char *yaml, const char *expected)
{
	size_t before = diag_count(f->d);

	assert_int_equal(render(f, name, yaml), 0);
	assert_int_equal(diag_count(f->d), before);
	assert_string_equal(buf_str(&f->html), expected);
}

/* Asserts the diagnostics recorded since `from` are exactly the lines. */
static void assert_diags_from(struct fixture *f, size_t from, const char *first,
			      const char *second)
{
	char *line;

	assert_int_equal(diag_count(f->d) - from, second ? 2 : 1);
	line = diag_line(f->d, from);
	assert_string_equal(line, first);
	free(line);
	if (second) {
		line = diag_line(f->d, from + 1);
		assert_string_equal(line, second);
		free(line);
	}
}

/* Renders a block that must fail with exactly these lines, leaving the
 * output untouched. */
static void assert_fails(struct fixture *f, const char *name, const char *yaml,
			 const char *first, const char *second)
{
	size_t from = diag_count(f->d);

	buf_reset(&f->html);
	buf_puts(&f->html, "before");
	{
		struct pos body_at = {"content/x.md", 42, 1};
		struct value *args =
			yml_parse(yaml, strlen(yaml), body_at, f->d);
		struct plugin_call call = {
			name,	    args,	{"content/x.md", 41, 1},
			f->page,    f->site,	&f->next_id,
			f->claimed, f->records, &f->kept};

		assert_int_equal(plugin_render(f->rt, &call, &f->html, f->d),
				 -1);
		value_free(args);
	}
	assert_string_equal(buf_str(&f->html), "before");
	assert_diags_from(f, from, first, second);
}

/* Asserts the i-th diagnostic of the fixture is the line expected. */
static void assert_diag(struct fixture *f, size_t i, const char *expected)
{
	char *line = diag_line(f->d, i);

	assert_string_equal(line, expected);
	free(line);
}

/*
 * Renders the block in FRESH_RUNTIMES runtimes alive at the same time, so
 * that each Lua state has a hash seed of its own (see
 * test_lua_states_alive_together_hash_differently), and asserts that each
 * gives expected, or, when expected is NULL, fails with first and second.
 */
static void assert_same_in_fresh_runtimes(const char *name, const char *yaml,
					  const char *expected,
					  const char *first, const char *second)
{
	struct fixture *f[FRESH_RUNTIMES];

	for (int i = 0; i < FRESH_RUNTIMES; i++)
		f[i] = fixture_new(API_DIR, NULL);
	for (int i = 0; i < FRESH_RUNTIMES; i++) {
		if (expected != NULL)
			assert_renders(f[i], name, yaml, expected);
		else
			assert_fails(f[i], name, yaml, first, second);
	}
	for (int i = 0; i < FRESH_RUNTIMES; i++)
		fixture_free(f[i]);
}

/* The runtime still works: the well-behaved plugin renders. */
static void assert_still_alive(struct fixture *f)
{
	assert_renders(f, "good", "text: <ok>", "<p>&lt;ok&gt;!!XY15</p>");
}

/* ---- the API ------------------------------------------------------- */

static void test_render_appends_what_render_returns(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "echo", "text: \"<b> & 'q'\"",
		       "&lt;b&gt; &amp; &#39;q&#39;");
	fixture_free(f);
}

static void test_block_yaml_arrives_as_lua_values(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "types",
		       "int: 3\nfloat: 1.5\nbig: 1e300\nstr: x\nyes: true\n"
		       "quoted: '12'\nempty:\nlist: [1, ~, a]\n"
		       "map: {inner: deep}\n",
		       "3:integer 1.5:float 1e+300:float x:string true:boolean "
		       "12:string nil #list=3 1:integer null a:string "
		       "deep:string mutable");
	fixture_free(f);
}

static void test_ctx_gives_page_site_position_and_ids(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	f->next_id = 4;
	assert_renders(f, "context", "{}",
		       "Storage costs|PM Prep|1=economics,2=storage|#tags=2|"
		       "title,tags,draft,weight|false|3|nil|nil|true|"
		       "content/x.md:41:1|context|context-5|q-6");
	/* The counter is the page's: the next block goes on from it. */
	assert_renders(f, "context", "{}",
		       "Storage costs|PM Prep|1=economics,2=storage|#tags=2|"
		       "title,tags,draft,weight|false|3|nil|nil|true|"
		       "content/x.md:41:1|context|context-7|q-8");
	assert_int_equal(f->next_id, 8);
	fixture_free(f);
}

static void test_missing_page_and_site_are_empty_views(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	value_free(f->page);
	value_free(f->site);
	f->page = f->site = NULL;
	assert_renders(f, "nodata", "{}", "nil 0 0");
	fixture_free(f);
}

static void test_page_and_site_data_are_read_only(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "readonly", "{}",
		       "attempt to modify read-only data|"
		       "attempt to modify read-only data|"
		       "attempt to modify read-only data|"
		       "attempt to modify read-only data|"
		       "cannot change a protected metatable|read-only|"
		       "Storage costs");
	assert_string_equal(value_string_of(value_get(f->page, "title")),
			    "Storage costs");
	assert_int_equal(value_len(value_get(f->page, "tags")), 2);
	fixture_free(f);
}

static void test_api_escape_markdown_slug_null(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "api", "md: '*hi*'\nheading: What's a DBU? 🚀\n",
		       "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;|"
		       "<em>*hi*</em>+data|whats-a-dbu-|null|"
		       "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u007f"
		       "\\u003c/script\\u003e\\u0026é\"");
	fixture_free(f);
}

static void test_markdown_text_errors_stop_the_block(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	/* A million calls, each error caught: one is reported. */
	assert_int_equal(render(f, "markdown_loop", "text: '[x](nope.md)'"),
			 -1);
	assert_int_equal(diag_count(f->d), 3);
	assert_diag(f, 0, "content/x.md:41:1: error: link: no page 'nope.md'");
	assert_diag(f, 1,
		    "content/x.md:41:1: error: markdown_loop: "
		    "prepbook.markdown: the text has errors; see above");
	assert_diag(f, 2,
		    "plugins/markdown_loop.lua:7: note: the plugin was "
		    "running here");
	assert_renders(f, "echo", "text: ok", "ok");
	fixture_free(f);
}

static void test_markdown_text_warnings_are_bounded(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_int_equal(render(f, "markdown_loop", "text: '<b>'\ntimes: 100"),
			 0);
	assert_string_equal(buf_str(&f->html), "100");
	assert_int_equal(diag_count(f->d), 100);
	assert_diag(f, 99,
		    "content/x.md:41:1: warning: raw HTML is not "
		    "rendered");
	assert_int_equal(render(f, "markdown_loop", "text: '<b>'"), -1);
	assert_int_equal(diag_count(f->d), 100 + 103);
	assert_diag(f, 200,
		    "content/x.md:41:1: warning: raw HTML is not "
		    "rendered");
	assert_diag(f, 201,
		    "content/x.md:41:1: error: markdown_loop: "
		    "prepbook.markdown: more than 100 warnings in one "
		    "block; see above");
	assert_diag(f, 202,
		    "plugins/markdown_loop.lua:7: note: the plugin "
		    "was running here");
	fixture_free(f);
}

static void test_markdown_charges_its_text_length(void **state)
{
	struct fixture *f = fixture_new(API_DIR, &small);

	(void)state;
	assert_renders(f, "markdown_long", "bytes: 1000", "1014");
	assert_fails(
		f, "markdown_long", "bytes: 200000",
		"content/x.md:41:1: error: markdown_long: instruction "
		"budget of 100000 exceeded",
		"plugins/markdown_long.lua:5: note: the plugin was running "
		"here");
	fixture_free(f);
}

/* Text handed to the host is capped before the host works on it: cmark
 * once allocated gigabytes outside the state's cap for one call. */
static void test_host_functions_cap_their_input(void **state)
{
	struct plugin_limits limits = small;
	struct fixture *f;

	(void)state;
	limits.input_bytes = 1000;
	f = fixture_new(API_DIR, &limits);
	assert_renders(f, "host_inputs", "bytes: 1000",
		       "escape ok|json_string ok|markdown ok|slug ok|hash "
		       "ok|nearest ok");
	assert_renders(
		f, "host_inputs", "bytes: 1001",
		"prepbook.escape: the text is 1001 bytes, more than the 1000 "
		"bytes a call may take|prepbook.json_string: the text is 1001 "
		"bytes, more than the 1000 bytes a call may take|"
		"prepbook.markdown: the text is 1001 bytes, more than the "
		"1000 bytes a call may take|prepbook.slug: the text is 1001 "
		"bytes, more than the 1000 bytes a call may take|"
		"prepbook.hash: the text is 1001 bytes, more than the 1000 "
		"bytes a call may take|prepbook.nearest: the text is 1001 "
		"bytes, more than the 1000 bytes a call may take");
	/* Uncaught, it fails the block at its line. */
	assert_fails(f, "markdown_long", "bytes: 2048",
		     "content/x.md:41:1: error: markdown_long: "
		     "prepbook.markdown: the text is 2048 bytes, more than the "
		     "1000 bytes a call may take",
		     "plugins/markdown_long.lua:5: note: error raised here");
	fixture_free(f);
}

/* What the host keeps for a page's blocks until the build ends (claimed
 * ids, records, warnings of their text) is counted per page: thousands of
 * blocks each claiming ids no longer grow the process without bound. */
static void test_kept_memory_is_capped_per_page(void **state)
{
	struct plugin_limits limits = small;
	struct fixture *f;
	size_t from;
	const char *over = "content/x.md:41:1: error: keeps: limit of 8 KiB "
			   "per page of ids, records and warnings kept by the "
			   "host exceeded";

	(void)state;
	limits.kept_bytes = 8 << 10;
	f = fixture_new(API_DIR, &limits);
	/* 80 ids of 70-odd bytes each fit; the page's next 80 do not. */
	assert_renders(f, "keeps", "ids: 80", "kept");
	assert_fails(f, "keeps", "ids: 80", over,
		     "plugins/keeps.lua:6: note: the plugin was running here");
	/* A new page starts from nothing. */
	f->kept = 0;
	assert_renders(f, "keeps", "record: 4000", "kept");
	assert_fails(f, "keeps", "record: 5000", over,
		     "plugins/keeps.lua:12: note: the plugin was running "
		     "here");
	/* Each warning counts as the longest message: the fourth is one too
	 * many, and stops the block after it is recorded. */
	f->kept = 0;
	from = diag_count(f->d);
	assert_int_equal(render(f, "keeps", "warnings: 5"), -1);
	assert_int_equal(diag_warnings(f->d), 4);
	assert_diags_from(
		f, from + 4, over,
		"plugins/keeps.lua:9: note: the plugin was running here");
	fixture_free(f);
}

static void test_nearest_follows_the_project_rule(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "nearest", "{}",
		       "title|title|nil|nil|nil|storage|abcdefgh|nil|"
		       "bad argument #1 to 'nearest' (string expected, got "
		       "table)|"
		       "bad argument #2 to 'nearest' (table expected, got "
		       "string)|"
		       "bad argument #2 to 'nearest' (item 2 must be a string, "
		       "got number)");
	fixture_free(f);
}

static void test_claimed_ids_are_the_pages(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "claims", "claim: [a, q-2]\nunique: 2",
		       "a=true q-2=true q-1 q-3");
	/* The next block on the page sees them, and unique_id's too. */
	assert_renders(f, "claims", "claim: [a, q-3, b]\nunique: 1",
		       "a=false q-3=false b=true q-4");
	assert_fails(f, "claims", "claim: [1x]",
		     "content/x.md:41:1: error: claims: bad argument #1 to "
		     "'claim_id' (an id starts with a letter and holds only "
		     "letters, digits, '-' and '_')",
		     "plugins/claims.lua:6: note: error raised here");
	assert_fails(f, "claims", "unique: 1\nprefix: 9q",
		     "content/x.md:41:1: error: claims: bad argument #1 to "
		     "'unique_id' (a prefix starts with a letter and holds "
		     "only letters, digits, '-' and '_')",
		     "plugins/claims.lua:9: note: error raised here");
	/* The next page starts with none. */
	value_free(f->claimed);
	f->claimed = value_map();
	f->next_id = 0;
	assert_renders(f, "claims", "claim: [a]\nunique: 1", "a=true q-1");
	/* Without a map for the page, ids are checked within the block. */
	value_free(f->claimed);
	f->claimed = NULL;
	assert_renders(f, "claims", "claim: [a, a]", "a=true a=false");
	assert_renders(f, "claims", "claim: [a, a]", "a=true a=false");
	fixture_free(f);
}

/* The i-th record of the page as "key=text,..." (in the record's order)
 * and "@line:col". */
static void assert_record(struct fixture *f, size_t i, const char *expected)
{
	const struct value *r = value_at(f->records, i);
	struct buf b = BUF_INIT;

	assert_non_null(r);
	for (size_t k = 0; k < value_len(r); k++)
		buf_printf(&b, "%s=%s,", value_key_at(r, k),
			   value_text(value_entry_at(r, k)));
	buf_printf(&b, "@%d:%d", value_line(r), value_col(r));
	assert_string_equal(buf_str(&b), expected);
	buf_release(&b);
}

static void test_records_reach_the_page_in_order(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "record",
		       "fields: {title: Quiz, id: q1, count: 3, done: false}\n"
		       "hash: foobar",
		       "1 bf9cf968");
	/* Sorted by name, kind defaulting to the plugin's name. */
	assert_record(f, 0,
		      "count=3,done=false,id=q1,title=Quiz,kind=record,"
		      "plugin=record,@41:1");
	/* At a field of the block; the block counts on. */
	assert_renders(f, "record",
		       "fields:\n  kind: quiz\n  id: q2\nat: id\nhash: a",
		       "2 e40c292c");
	assert_record(f, 1, "id=q2,kind=quiz,plugin=record,@44:3");
	/* A block that fails after recording leaves no record. */
	assert_int_equal(render(f, "record", "fields: {id: q3}\nfail: true"),
			 -1);
	assert_int_equal(value_len(f->records), 2);
	/* Another plugin's blocks count apart; a new page starts again. */
	assert_renders(f, "context", "{}",
		       "Storage costs|PM Prep|1=economics,2=storage|#tags=2|"
		       "title,tags,draft,weight|false|3|nil|nil|true|"
		       "content/x.md:41:1|context|context-1|q-2");
	value_free(f->claimed);
	f->claimed = value_map();
	assert_renders(f, "record", "{}", "1 811c9dc5");
	assert_int_equal(value_len(f->records), 3);
	/* Without a page's list, a record is checked and dropped. */
	value_free(f->records);
	f->records = NULL;
	assert_renders(f, "record", "fields: {id: q4}", "2 811c9dc5");
	fixture_free(f);
}

static void test_records_refuse_what_they_cannot_hold(void **state)
{
	static const struct {
		const char *yaml, *message;
		int line;
	} cases[] = {
		{"mode: twice", "ctx.record: a block records once", 5},
		{"mode: list",
		 "ctx.record: field names are strings, got number", 6},
		{"mode: many", "ctx.record: more than 32 fields", 12},
		{"mode: long", "ctx.record: more than 8192 bytes of text", 14},
		{"mode: nan", "ctx.record: field 'n' must be a finite number",
		 15},
		{"mode: kind", "ctx.record: 'kind' must be a string", 16},
		{"fields: {url: x}",
		 "ctx.record: 'url' is filled in by the host", 24},
		{"fields: {page_title: x}",
		 "ctx.record: 'page_title' is filled in by the host", 24},
		{"fields: {Title: x}",
		 "ctx.record: 'Title' is not a field name (a lowercase letter, "
		 "then letters, digits and '_', at most 32 bytes)",
		 24},
		{"fields: {x: [1]}",
		 "ctx.record: field 'x' must be a string, number or boolean, "
		 "got table",
		 24},
	};
	struct fixture *f = fixture_new(API_DIR, NULL);
	char first[256], second[64];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(first, sizeof first,
			 "content/x.md:41:1: error: record: %s",
			 cases[i].message);
		snprintf(second, sizeof second,
			 "plugins/record.lua:%d: note: error raised here",
			 cases[i].line);
		assert_fails(f, "record", cases[i].yaml, first, second);
	}
	assert_int_equal(value_len(f->records), 0);
	fixture_free(f);
}

static void test_prepbook_error_reports_at_the_block(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_fails(f, "fails", "kind: tipp",
		     "content/x.md:41:1: error: fails: unknown kind 'tipp'",
		     NULL);
	/* Caught by pcall and raised again, it is still the author's. */
	assert_fails(f, "fails", "kind: tip\nrethrow: true",
		     "content/x.md:41:1: error: fails: raised again: false",
		     NULL);
	fixture_free(f);
}

static void test_prepbook_error_reports_at_the_field(void **state)
{
	/* The body starts at line 42 of content/x.md, with the mode. */
	static const char body[] = "block:\n"
				   "  name: x\n"
				   "  list:\n"
				   "    - a\n"
				   "    -   b\n"
				   "    - {deep: 1}\n"
				   "  empty:\n";
	static const struct {
		const char *mode, *expected;
	} cases[] = {
		{"key", "content/x.md:44:3: error: where: at a key"},
		{"item", "content/x.md:47:9: error: where: at an item"},
		{"float_index", "content/x.md:47:9: error: where: at an item"},
		{"nested",
		 "content/x.md:48:8: error: where: at a map in a list"},
		{"table", "content/x.md:44:3: error: where: at a table"},
		{"list", "content/x.md:46:5: error: where: at a list"},
		{"missing", "content/x.md:44:3: error: where: at its table"},
		{"null_entry", "content/x.md:49:3: error: where: at a null"},
		{"made", "content/x.md:41:1: error: where: at the block"},
		{"rethrown", "content/x.md:44:3: error: where: raised again"},
	};
	struct fixture *f = fixture_new(API_DIR, NULL);
	char yaml[256];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(yaml, sizeof yaml, "mode: %s\n%s", cases[i].mode,
			 body);
		assert_fails(f, "where", yaml, cases[i].expected, NULL);
	}
	snprintf(yaml, sizeof yaml, "mode: scalar\n%s", body);
	assert_fails(f, "where", yaml,
		     "content/x.md:41:1: error: where: bad argument #2 to "
		     "'error' (table expected, got string)",
		     "plugins/where.lua:13: note: error raised here");
	snprintf(yaml, sizeof yaml, "mode: key_type\n%s", body);
	assert_fails(f, "where", yaml,
		     "content/x.md:41:1: error: where: bad argument #3 to "
		     "'error' (string or number expected, got table)",
		     "plugins/where.lua:14: note: error raised here");
	fixture_free(f);
}

static void test_runtime_error_names_block_and_plugin_line(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_fails(f, "fails", "kind: tip",
		     "content/x.md:41:1: error: fails: attempt to index a nil "
		     "value (field 'missing')",
		     "plugins/fails.lua:14: note: error raised here");
	fixture_free(f);
}

static void test_broken_plugins_are_clear_errors(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_fails(f, "syntax", "{}",
		     "content/x.md:41:1: error: syntax: plugin does not "
		     "compile: unexpected symbol near '='",
		     "plugins/syntax.lua:4: note: error raised here");
	/* The failure is remembered, and reported for each block. */
	assert_fails(f, "syntax", "{}",
		     "content/x.md:41:1: error: syntax: plugin does not "
		     "compile: unexpected symbol near '='",
		     "plugins/syntax.lua:4: note: error raised here");
	assert_fails(f, "notable", "{}",
		     "content/x.md:41:1: error: notable: plugin must return a "
		     "table, got string",
		     NULL);
	assert_fails(f, "norender", "{}",
		     "content/x.md:41:1: error: norender: plugin has no render "
		     "function ('render' is string)",
		     NULL);
	assert_fails(f, "number", "{}",
		     "content/x.md:41:1: error: number: render must return a "
		     "string, got number",
		     NULL);
	assert_fails(f, "nope", "{}",
		     "content/x.md:41:1: error: nope: cannot read "
		     "plugins/nope.lua: No such file or directory",
		     NULL);
	assert_fails(
		f, "Bad/Name", "{}",
		"content/x.md:41:1: error: 'Bad/Name' is not a plugin name",
		NULL);
	fixture_free(f);
}

static void test_output_does_not_depend_on_hashes_or_addresses(void **state)
{
	const char *expected =
		"aws=1,azure=3,gcp=2,zeta=0|1,2,2.5,a,x,false,true|"
		"table: 1|function: 2|table: 1|named|table: 1 named   2.2|"
		"bad argument #1 to 'format' ('%p' is not available in "
		"plugins)";

	(void)state;
	/* Fresh runtimes, as separate builds would have: string hashes are
	 * seeded per Lua state. */
	assert_same_in_fresh_runtimes("determinism",
				      "prices: {zeta: 0, gcp: 2, aws: 1, "
				      "azure: 3}",
				      expected, NULL, NULL);
}

/*
 * The premise of the tests below: Lua seeds its string hashes per state,
 * from the state's address and the time, so states alive at the same time
 * walk one table in different orders.  (States made and freed one after
 * another can reuse one address, and with it one seed.)
 */
static void test_lua_states_alive_together_hash_differently(void **state)
{
	const char *code =
		"local t = {} for i = 1, 20 do t['key' .. i] = i end "
		"local o = {} for k in next, t do o[#o + 1] = k end "
		"return table.concat(o, ',')";
	lua_State *states[FRESH_RUNTIMES];
	int orders = 1;

	(void)state;
	for (int i = 0; i < FRESH_RUNTIMES; i++) {
		states[i] = luaL_newstate();
		luaL_openlibs(states[i]);
		assert_int_equal(luaL_dostring(states[i], code), LUA_OK);
		if (i > 0 && strcmp(lua_tostring(states[i], -1),
				    lua_tostring(states[0], -1)) != 0)
			orders++;
	}
	for (int i = 0; i < FRESH_RUNTIMES; i++)
		lua_close(states[i]);
	assert_true(orders > 1);
}

static void test_next_walks_keys_in_pairs_order(void **state)
{
	const char *sorted =
		"backup=5,billing=19,cache=12,cdn=10,compute=2,dns=9,egress=3,"
		"identity=18,ingress=4,licences=7,logging=14,metrics=15,"
		"network=8,queue=11,search=13,secrets=17,storage=1,support=6,"
		"tracing=16,training=20|"
		"backup,billing,cache,cdn,compute,dns,egress,identity,ingress,"
		"licences,logging,metrics,network,queue,search,secrets,storage,"
		"support,tracing,training|true|backup|1,2,2.5,a,x,false,true|"
		"nil|nil|queue|nil";

	(void)state;
	assert_same_in_fresh_runtimes("next_order", "{}", sorted, NULL, NULL);
}

static void test_keys_without_an_order_are_an_error(void **state)
{
	(void)state;
	assert_same_in_fresh_runtimes(
		"table_keys", "via: pairs", NULL,
		"content/x.md:41:1: error: table_keys: pairs: a table key of "
		"type function has no deterministic order; use a list",
		"plugins/table_keys.lua:15: note: error raised here");
	assert_same_in_fresh_runtimes(
		"table_keys", "via: next\nkey: table", NULL,
		"content/x.md:41:1: error: table_keys: next: a table key of "
		"type table has no deterministic order; use a list",
		"plugins/table_keys.lua:11: note: error raised here");
}

static void test_plugin_exists_checks_name_and_file(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_true(plugin_exists(f->rt, "echo"));
	assert_false(plugin_exists(f->rt, "nope"));
	assert_false(plugin_exists(f->rt, "../unit/plugins/echo"));
	assert_false(plugin_exists(f->rt, "assets"));
	assert_false(plugin_exists(f->rt, ""));
	fixture_free(f);
}

static void test_module_state_restarts_each_call(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);

	(void)state;
	assert_renders(f, "counter", "{}", "1/1");
	assert_renders(f, "counter", "{}", "1/1");
	fixture_free(f);
}

static void test_assets_are_listed(void **state)
{
	struct fixture *f = fixture_new(API_DIR, NULL);
	struct pos at = {"content/x.md", 41, 1};
	const struct value *list = plugin_assets(f->rt, "assets_ok", at, f->d);

	(void)state;
	assert_non_null(list);
	assert_int_equal(value_len(list), 2);
	assert_string_equal(value_string_of(value_at(list, 0)), "one.css");
	assert_string_equal(value_string_of(value_at(list, 1)), "sub/two.js");
	/* Owned and kept by the runtime: asking again gives the same list. */
	assert_ptr_equal(plugin_assets(f->rt, "assets_ok", at, f->d), list);
	list = plugin_assets(f->rt, "assets_none", at, f->d);
	assert_non_null(list);
	assert_int_equal(value_len(list), 0);
	assert_int_equal(diag_count(f->d), 0);
	assert_null(plugin_assets(f->rt, "assets_notlist", at, f->d));
	assert_diags_from(f, 0,
			  "content/x.md:41:1: error: assets_notlist: 'assets' "
			  "must be a list of file names, got string",
			  NULL);
	fixture_free(f);
}

/* A handbook's own plugins come first; the built-in folder serves the
 * plugins the handbook does not have, with their assets. */
static void test_fallback_folder_serves_missing_plugins(void **state)
{
	struct fixture *f = fixture_with_fallback(HOSTILE_DIR, API_DIR, NULL);
	struct pos at = {"content/x.md", 41, 1};
	const struct value *list;

	(void)state;
	assert_true(plugin_exists(f->rt, "good"));
	assert_true(plugin_exists(f->rt, "assets_ok"));
	assert_false(plugin_exists(f->rt, "nonexistent"));
	assert_string_equal(plugin_dir(f->rt, "good"), HOSTILE_DIR);
	assert_string_equal(plugin_dir(f->rt, "assets_ok"), API_DIR);
	list = plugin_assets(f->rt, "assets_ok", at, f->d);
	assert_non_null(list);
	assert_int_equal(value_len(list), 2);
	assert_int_equal(diag_count(f->d), 0);
	fixture_free(f);
}

/* Writes plugins/bad.lua in a fresh copy of the API folder's assets and
 * checks the error plugin_assets gives for its list. */
static void assert_asset_error(const char *list, const char *expected)
{
	char dir[] = "/tmp/prepbook-plugin-XXXXXX";
	char path[256];
	struct fixture *f;
	struct pos at = {"content/x.md", 41, 1};
	FILE *out;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/assets", dir);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof path, "%s/assets/image.png", dir);
	out = fopen(path, "w");
	fclose(out);
	snprintf(path, sizeof path, "%s/bad.lua", dir);
	out = fopen(path, "w");
	fprintf(out, "return { assets = %s, render = function() end }\n", list);
	fclose(out);
	f = fixture_new(dir, NULL);
	assert_null(plugin_assets(f->rt, "bad", at, f->d));
	assert_diags_from(f, 0, expected, NULL);
	fixture_free(f);
	unlink(path);
	snprintf(path, sizeof path, "%s/assets/image.png", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/assets", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_assets_must_be_plain_existing_files(void **state)
{
	const char *plain =
		"must be a plain file name inside the assets folder";
	char expected[256];
	const char *bad[] = {"../secret.css",
			     "/etc/passwd.css",
			     "a//b.css",
			     "sub/.hidden.css",
			     "a b.css",
			     "..",
			     ""};

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char list[64];

		snprintf(list, sizeof list, "{ \"%s\" }", bad[i]);
		snprintf(expected, sizeof expected,
			 "content/x.md:41:1: error: bad: asset '%s' %s", bad[i],
			 plain);
		assert_asset_error(list, expected);
	}
	assert_asset_error("{ \"missing.css\" }",
			   "content/x.md:41:1: error: bad: asset 'missing.css' "
			   "not found in plugins/assets/");
	assert_asset_error("{ \"image.png\" }",
			   "content/x.md:41:1: error: bad: asset 'image.png' "
			   "must be a .css or .js file");
	assert_asset_error("{ 42 }",
			   "content/x.md:41:1: error: bad: assets[1] must be a "
			   "file name, got number");
}

/* One worker of the parallel build: its own runtime, many blocks. */
static void *worker(void *arg)
{
	struct fixture *f = fixture_new(API_DIR, NULL);
	int *ok = arg;

	*ok = 1;
	for (int i = 0; i < 200; i++) {
		if (render(f, "determinism", "prices: {b: 2, a: 1}") != 0 ||
		    strncmp(buf_str(&f->html), "a=1,b=2|", 8) != 0 ||
		    render(f, "counter", "{}") != 0 ||
		    strcmp(buf_str(&f->html), "1/1") != 0)
			*ok = 0;
	}
	fixture_free(f);
	return NULL;
}

static void test_runtimes_run_in_parallel_threads(void **state)
{
	pthread_t threads[4];
	int ok[4];

	(void)state;
	for (int i = 0; i < 4; i++)
		assert_int_equal(
			pthread_create(&threads[i], NULL, worker, &ok[i]), 0);
	for (int i = 0; i < 4; i++) {
		pthread_join(threads[i], NULL);
		assert_int_equal(ok[i], 1);
	}
}

/* ---- the example plugin --------------------------------------------- */

static void test_callout_renders_an_accessible_aside(void **state)
{
	struct fixture *f = fixture_new(EXAMPLE_DIR, NULL);
	struct pos at = {"content/x.md", 41, 1};
	const struct value *assets;

	(void)state;
	assert_renders(f, "callout",
		       "kind: warning\ntitle: Mind the <gap>\n"
		       "text: Quotes assume **one** year\n",
		       "<aside class=\"callout callout-warning\" role=\"note\" "
		       "aria-labelledby=\"callout-1-title\">\n"
		       "<p class=\"callout-title\" id=\"callout-1-title\">"
		       "<span class=\"callout-kind\">Warning:</span> Mind the "
		       "&lt;gap&gt;</p>\n"
		       "<p class=\"callout-body\"><em>Quotes assume **one** "
		       "year</em>+data</p>\n</aside>\n");
	assert_renders(f, "callout", "text: Plain",
		       "<aside class=\"callout callout-note\" role=\"note\" "
		       "aria-labelledby=\"callout-2-title\">\n"
		       "<p class=\"callout-title\" id=\"callout-2-title\">"
		       "<span class=\"callout-kind\">Note</span></p>\n"
		       "<p class=\"callout-body\"><em>Plain</em>+data</p>\n"
		       "</aside>\n");
	assets = plugin_assets(f->rt, "callout", at, f->d);
	assert_non_null(assets);
	assert_int_equal(value_len(assets), 1);
	assert_string_equal(value_string_of(value_at(assets, 0)),
			    "callout.css");
	fixture_free(f);
}

static void test_callout_validates_its_block(void **state)
{
	struct fixture *f = fixture_new(EXAMPLE_DIR, NULL);

	(void)state;
	/* Each at the key that is wrong; the body starts at line 42. */
	assert_fails(f, "callout", "text: x\nkind: tipp",
		     "content/x.md:43:1: error: callout: 'kind' must be tip, "
		     "warning or note, got 'tipp' (did you mean 'tip'?)",
		     NULL);
	assert_fails(f, "callout", "titel: x\ntext: y",
		     "content/x.md:42:1: error: callout: unknown key 'titel' "
		     "(did you mean 'title'?)",
		     NULL);
	/* A missing key: at the block's map. */
	assert_fails(
		f, "callout", "kind: tip",
		"content/x.md:42:1: error: callout: 'text' is required: the "
		"callout's message, in Markdown",
		NULL);
	assert_fails(f, "callout", "text: x\ntitle: [a, b]",
		     "content/x.md:43:1: error: callout: 'title' must be text, "
		     "got table",
		     NULL);
	fixture_free(f);
}

static void test_calculator_ids_are_unique_on_the_page(void **state)
{
	const char *block = "id: cost\ntitle: Cost\ninputs:\n"
			    "  - {id: x, label: X, default: 1}\noutputs:\n"
			    "  - {id: y, label: Y, formula: x * 2}\n";
	struct fixture *f = fixture_new(EXAMPLE_DIR, NULL);

	(void)state;
	assert_int_equal(render(f, "calculator", block), 0);
	assert_non_null(strstr(buf_str(&f->html), "id=\"calc-cost\""));
	/* At the second block's id, the body's first line. */
	assert_fails(
		f, "calculator", block,
		"content/x.md:42:1: error: calculator: id 'cost' is already "
		"used by another calculator on this page",
		NULL);
	assert_int_equal(
		render(f, "calculator",
		       "id: cost2\ntitle: Cost\n"
		       "inputs:\n  - {id: x, label: X, default: 1}\n"
		       "outputs:\n  - {id: y, label: Y, formula: x}\n"),
		0);
	assert_int_equal(diag_count(f->d), 1);
	fixture_free(f);
}

/* ---- the sandbox suite ----------------------------------------------- */

static void test_infinite_loop_hits_the_instruction_budget(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "loop", "{}",
		     "content/x.md:41:1: error: loop: instruction budget of "
		     "100000 exceeded",
		     "plugins/loop.lua:5: note: the plugin was running here");
	assert_still_alive(f);
	fixture_free(f);
}

/* string.rep, table.concat, unpack and sort loop inside C, where the
 * count hook never fires: their work is charged before they start. */
static void test_c_loops_are_charged_before_they_run(void **state)
{
	const char *cases[] = {"rep_empty", "rep_method", "concat", "unpack",
			       "sort"};
	const int lines[] = {7, 8, 9, 10, 13};
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);
	char yaml[64], note[96];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(yaml, sizeof yaml, "case: %s", cases[i]);
		snprintf(note, sizeof note,
			 "plugins/c_loops.lua:%d: note: the plugin was running "
			 "here",
			 lines[i]);
		assert_fails(f, "c_loops", yaml,
			     "content/x.md:41:1: error: c_loops: instruction "
			     "budget of 100000 exceeded",
			     note);
	}
	assert_still_alive(f);
	fixture_free(f);
}

/* The default limits stop runaway code by its instruction count, which is
 * the same on every machine, not by the clock, which is not. */
static void test_default_limits_stop_a_loop_by_its_budget(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, NULL);

	(void)state;
	assert_fails(f, "loop", "{}",
		     "content/x.md:41:1: error: loop: instruction budget of "
		     "50000000 exceeded",
		     "plugins/loop.lua:5: note: the plugin was running here");
	fixture_free(f);
}

static void test_pcall_cannot_swallow_the_budget(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "loop_pcall", "{}",
		     "content/x.md:41:1: error: loop_pcall: instruction budget "
		     "of 100000 exceeded",
		     "plugins/loop_pcall.lua:6: note: the plugin was running "
		     "here");
	assert_still_alive(f);
	assert_fails(
		f, "loop_xpcall", "{}",
		"content/x.md:41:1: error: loop_xpcall: instruction budget "
		"of 100000 exceeded",
		"plugins/loop_xpcall.lua:6: note: the plugin was running "
		"here");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_code_from_load_counts_too(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(
		f, "loop_load", "{}",
		"content/x.md:41:1: error: loop_load: instruction budget of "
		"100000 exceeded",
		"plugins/loop_load.lua:5: note: the plugin was running "
		"here");
	assert_fails(
		f, "loop_tostring", "{}",
		"content/x.md:41:1: error: loop_tostring: instruction "
		"budget of 100000 exceeded",
		"plugins/loop_tostring.lua:5: note: the plugin was running "
		"here");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_memory_bombs_hit_the_memory_limit(void **state)
{
	struct plugin_limits limits = small;
	struct fixture *f;

	(void)state;
	limits.instructions = 100000000;
	f = fixture_new(HOSTILE_DIR, &limits);
	assert_fails(f, "memory_rep", "{}",
		     "content/x.md:41:1: error: memory_rep: memory limit of 8 "
		     "MiB exceeded",
		     NULL);
	assert_still_alive(f);
	assert_fails(
		f, "memory_table", "{}",
		"content/x.md:41:1: error: memory_table: memory limit of 8 "
		"MiB exceeded",
		NULL);
	assert_still_alive(f);
	assert_fails(f, "memory_concat", "{}",
		     "content/x.md:41:1: error: memory_concat: memory limit of "
		     "8 MiB exceeded",
		     NULL);
	assert_still_alive(f);
	assert_fails(
		f, "memory_pcall", "{}",
		"content/x.md:41:1: error: memory_pcall: memory limit of 8 "
		"MiB exceeded",
		"plugins/memory_pcall.lua:4: note: the plugin was running "
		"here");
	assert_still_alive(f);
	/* Again and again: nothing accumulates between blocks. */
	for (int i = 0; i < 5; i++) {
		assert_int_equal(render(f, "memory_table", "{}"), -1);
		assert_still_alive(f);
	}
	fixture_free(f);
}

static void test_huge_output_hits_the_output_limit(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "output", "{}",
		     "content/x.md:41:1: error: output: output limit of 64 KiB "
		     "exceeded (render returned 90000 bytes)",
		     NULL);
	assert_still_alive(f);
	fixture_free(f);
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

static void test_backtracking_pattern_hits_the_wall_clock(void **state)
{
	/* An instruction budget too big to matter: only the clock stops
	 * the matcher, from inside string.find's C code. */
	struct plugin_limits limits = {
		4000000000000L, 8 << 20, 64 << 10, 150, 0, 0};
	struct fixture *f = fixture_new(HOSTILE_DIR, &limits);
	struct timespec start;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &start);
	assert_fails(f, "pattern_find", "{}",
		     "content/x.md:41:1: error: pattern_find: wall-clock limit "
		     "of 150 ms exceeded",
		     "plugins/pattern_find.lua:4: note: the plugin was running "
		     "here");
	assert_true(elapsed_ms(&start) < 10000);
	assert_fails(f, "pattern_gsub", "{}",
		     "content/x.md:41:1: error: pattern_gsub: wall-clock limit "
		     "of 150 ms exceeded",
		     "plugins/pattern_gsub.lua:4: note: the plugin was running "
		     "here");
	assert_fails(
		f, "pattern_pcall", "{}",
		"content/x.md:41:1: error: pattern_pcall: wall-clock limit "
		"of 150 ms exceeded",
		"plugins/pattern_pcall.lua:6: note: the plugin was running "
		"here");
	assert_fails(f, "memory_churn", "{}",
		     "content/x.md:41:1: error: memory_churn: wall-clock limit "
		     "of 150 ms exceeded",
		     "plugins/memory_churn.lua:5: note: the plugin was running "
		     "here");
	assert_true(elapsed_ms(&start) < 20000);
	assert_still_alive(f);
	fixture_free(f);
}

static void test_pattern_steps_count_as_instructions(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(
		f, "pattern_find", "{}",
		"content/x.md:41:1: error: pattern_find: instruction budget "
		"of 100000 exceeded",
		"plugins/pattern_find.lua:4: note: the plugin was running "
		"here");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_table_loops_in_c_are_bounded(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "table_move", "{}",
		     "content/x.md:41:1: error: table_move: instruction budget "
		     "of 100000 exceeded",
		     "plugins/table_move.lua:4: note: the plugin was running "
		     "here");
	assert_fails(
		f, "table_insert", "{}",
		"content/x.md:41:1: error: table_insert: instruction budget "
		"of 100000 exceeded",
		"plugins/table_insert.lua:5: note: the plugin was running "
		"here");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_unsafe_globals_are_absent(void **state)
{
	static const struct {
		const char *probe;
		const char *message;
	} cases[] = {
		{"io", "attempt to index a nil value (global 'io')"},
		{"os", "attempt to index a nil value (global 'os')"},
		{"require", "attempt to call a nil value (global 'require')"},
		{"debug", "attempt to index a nil value (global 'debug')"},
		{"package", "attempt to index a nil value (global 'package')"},
		{"dofile", "attempt to call a nil value (global 'dofile')"},
		{"loadfile", "attempt to call a nil value (global 'loadfile')"},
		{"print", "attempt to call a nil value (global 'print')"},
		{"collectgarbage",
		 "attempt to call a nil value (global 'collectgarbage')"},
		{"dump", "attempt to call a nil value (field 'dump')"},
		{"random", "attempt to call a nil value (field 'random')"},
		{"randomseed",
		 "attempt to call a nil value (field 'randomseed')"},
		{"coroutine",
		 "attempt to index a nil value (global 'coroutine')"},
		{"warn", "attempt to call a nil value (global 'warn')"},
	};
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);
	char yaml[64], first[160], second[96];

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		snprintf(yaml, sizeof yaml, "probe: %s", cases[i].probe);
		snprintf(first, sizeof first,
			 "content/x.md:41:1: error: escape: %s",
			 cases[i].message);
		snprintf(second, sizeof second,
			 "plugins/escape.lua:%zu: note: error raised here",
			 i + 3);
		assert_fails(f, "escape", yaml, first, second);
	}
	assert_still_alive(f);
	fixture_free(f);
}

static void test_binary_chunks_are_refused(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "binary_load", "{}",
		     "content/x.md:41:1: error: binary_load: attempt to load a "
		     "binary chunk (mode is 't')",
		     "plugins/binary_load.lua:6: note: error raised here");
	assert_fails(f, "binary", "{}",
		     "content/x.md:41:1: error: binary: plugin does not "
		     "compile: attempt to load a binary chunk (mode is 't')",
		     NULL);
	assert_fails(
		f, "load_reader", "{}",
		"content/x.md:41:1: error: load_reader: bad argument #1 to "
		"'load' (string expected, got function)",
		"plugins/load_reader.lua:4: note: error raised here");
	assert_renders(f, "load_env", "{}", "nil function own env");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_shared_tables_cannot_be_changed(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_renders(f, "strmeta", "attack: true", "pwned");
	assert_renders(f, "strmeta", "{}", "XYabab1cd&lt;e");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_globals_do_not_leak_between_calls(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_renders(f, "globals", "{}", "nil nil");
	assert_renders(f, "globals", "{}", "nil nil");
	fixture_free(f);
}

static void test_deep_recursion_is_a_clean_error(void **state)
{
	/* Lua's stack limit comes before this memory limit. */
	struct plugin_limits limits = {100000000, 64 << 20, 64 << 10,
				       60000,	  0,	    0};
	struct fixture *f = fixture_new(HOSTILE_DIR, &limits);

	(void)state;
	assert_fails(f, "recursion", "{}",
		     "content/x.md:41:1: error: recursion: stack overflow",
		     "plugins/recursion.lua:2: note: error raised here");
	assert_fails(f, "recursion_meta", "{}",
		     "content/x.md:41:1: error: recursion_meta: C stack "
		     "overflow",
		     "plugins/recursion_meta.lua:4: note: error raised here");
	assert_still_alive(f);
	fixture_free(f);
}

static void test_render_must_return_a_string(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "returns_table", "{}",
		     "content/x.md:41:1: error: returns_table: render must "
		     "return a string, got table",
		     NULL);
	assert_still_alive(f);
	fixture_free(f);
}

static void test_error_values_that_are_not_strings(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);
	const char *note =
		"plugins/error_table.lua:15: note: error raised here";

	(void)state;
	assert_fails(
		f, "error_table", "kind: plain",
		"content/x.md:41:1: error: error_table: (error object is a "
		"table value)",
		note);
	assert_fails(f, "error_table", "kind: tostring",
		     "content/x.md:41:1: error: error_table: custom message",
		     note);
	assert_fails(
		f, "error_table", "kind: badtostring",
		"content/x.md:41:1: error: error_table: (error object is a "
		"table value)",
		note);
	assert_fails(
		f, "error_table", "kind: none",
		"content/x.md:41:1: error: error_table: (error object is a "
		"nil value)",
		note);
	assert_still_alive(f);
	fixture_free(f);
}

static void test_finalizers_are_refused(void **state)
{
	struct fixture *f = fixture_new(HOSTILE_DIR, &small);

	(void)state;
	assert_fails(f, "gc", "{}",
		     "content/x.md:41:1: error: gc: '__gc' metamethods are not "
		     "allowed in plugins",
		     "plugins/gc.lua:4: note: error raised here");
	assert_still_alive(f);
	fixture_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_render_appends_what_render_returns),
		cmocka_unit_test(test_block_yaml_arrives_as_lua_values),
		cmocka_unit_test(test_ctx_gives_page_site_position_and_ids),
		cmocka_unit_test(test_page_and_site_data_are_read_only),
		cmocka_unit_test(test_missing_page_and_site_are_empty_views),
		cmocka_unit_test(test_api_escape_markdown_slug_null),
		cmocka_unit_test(test_prepbook_error_reports_at_the_block),
		cmocka_unit_test(test_prepbook_error_reports_at_the_field),
		cmocka_unit_test(test_records_reach_the_page_in_order),
		cmocka_unit_test(test_records_refuse_what_they_cannot_hold),
		cmocka_unit_test(
			test_runtime_error_names_block_and_plugin_line),
		cmocka_unit_test(test_broken_plugins_are_clear_errors),
		cmocka_unit_test(test_markdown_text_errors_stop_the_block),
		cmocka_unit_test(test_markdown_text_warnings_are_bounded),
		cmocka_unit_test(test_markdown_charges_its_text_length),
		cmocka_unit_test(test_nearest_follows_the_project_rule),
		cmocka_unit_test(test_claimed_ids_are_the_pages),
		cmocka_unit_test(test_host_functions_cap_their_input),
		cmocka_unit_test(test_kept_memory_is_capped_per_page),
		cmocka_unit_test(
			test_output_does_not_depend_on_hashes_or_addresses),
		cmocka_unit_test(
			test_lua_states_alive_together_hash_differently),
		cmocka_unit_test(test_next_walks_keys_in_pairs_order),
		cmocka_unit_test(test_keys_without_an_order_are_an_error),
		cmocka_unit_test(test_plugin_exists_checks_name_and_file),
		cmocka_unit_test(test_module_state_restarts_each_call),
		cmocka_unit_test(test_assets_are_listed),
		cmocka_unit_test(test_fallback_folder_serves_missing_plugins),
		cmocka_unit_test(test_assets_must_be_plain_existing_files),
		cmocka_unit_test(test_runtimes_run_in_parallel_threads),
		cmocka_unit_test(test_callout_renders_an_accessible_aside),
		cmocka_unit_test(test_callout_validates_its_block),
		cmocka_unit_test(test_calculator_ids_are_unique_on_the_page),
		cmocka_unit_test(test_default_limits_stop_a_loop_by_its_budget),
		cmocka_unit_test(
			test_infinite_loop_hits_the_instruction_budget),
		cmocka_unit_test(test_c_loops_are_charged_before_they_run),
		cmocka_unit_test(test_pcall_cannot_swallow_the_budget),
		cmocka_unit_test(test_code_from_load_counts_too),
		cmocka_unit_test(test_memory_bombs_hit_the_memory_limit),
		cmocka_unit_test(test_huge_output_hits_the_output_limit),
		cmocka_unit_test(test_backtracking_pattern_hits_the_wall_clock),
		cmocka_unit_test(test_pattern_steps_count_as_instructions),
		cmocka_unit_test(test_table_loops_in_c_are_bounded),
		cmocka_unit_test(test_unsafe_globals_are_absent),
		cmocka_unit_test(test_binary_chunks_are_refused),
		cmocka_unit_test(test_shared_tables_cannot_be_changed),
		cmocka_unit_test(test_globals_do_not_leak_between_calls),
		cmocka_unit_test(test_deep_recursion_is_a_clean_error),
		cmocka_unit_test(test_render_must_return_a_string),
		cmocka_unit_test(test_error_values_that_are_not_strings),
		cmocka_unit_test(test_finalizers_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
