/* Tests for search and searchtext: folding and terms (against the vectors
 * the browser's engine is held to as well), a page's sections, and the
 * index's files: postings, weights and shards. */
#include "fixture.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "search.h"
#include "searchtext.h"
#include "value.h"

#define FOLD_VECTORS "tests/search/fold.txt"

static void add_term(const char *term, size_t len, void *data)
{
	struct buf *out = data;

	if (out->len)
		buf_putc(out, ' ');
	buf_put(out, term, len);
}

static char *terms_of(const char *text)
{
	struct buf out = BUF_INIT;

	searchtext_terms(text, strlen(text), add_term, &out);
	return buf_detach(&out);
}

static void test_terms_match_the_shared_vectors(void **state)
{
	struct buf file = BUF_INIT;
	size_t checked = 0;
	char *line;

	(void)state;
	assert_int_equal(file_read(FOLD_VECTORS, &file), 0);
	for (line = strtok(file.data, "\n"); line; line = strtok(NULL, "\n")) {
		char *tab = strchr(line, '\t');
		char *got;

		if (*line == '#' || tab == NULL)
			continue;
		*tab = '\0';
		got = terms_of(line);
		if (strcmp(got, tab + 1) != 0)
			fail_msg("'%s' gives '%s', expected '%s'", line, got,
				 tab + 1);
		free(got);
		checked++;
	}
	assert_true(checked >= 20);
	buf_release(&file);
}

static void test_fold_removes_accents_and_case(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	searchtext_fold("DÉLTA Délta", strlen("DÉLTA Délta"), &out);
	assert_string_equal(buf_str(&out), "delta delta");
	buf_release(&out);
}

static void test_unspaced_scripts_give_characters_and_pairs(void **state)
{
	char *got = terms_of("查询 引擎");

	(void)state;
	assert_string_equal(got, "查 查询 询 引 引擎 擎");
	free(got);
	got = terms_of("x");
	assert_string_equal(got, "x");
	free(got);
}

static struct value *sections_of(const char *html)
{
	return searchtext_sections(html, strlen(html));
}

static const char *field(const struct value *sections, size_t i, size_t j)
{
	return value_string_of(value_at(value_at(sections, i), j));
}

static void test_sections_follow_headings_with_ids(void **state)
{
	struct value *s = sections_of(
		"<p>Intro &amp; more</p>\n<h2 id=\"costs\">Costs <a "
		"class=\"anchor\" href=\"#costs\" aria-hidden=\"true\">#</a>"
		"</h2>\n<p>Compute</p><p>and storage</p>\n<h3>No id</h3>"
		"<p>still costs</p><h3 id=\"caf\xc3\xa9\">Caf&#233;</h3>x");

	(void)state;
	assert_int_equal(value_len(s), 3);
	assert_string_equal(field(s, 0, 0), "");
	assert_string_equal(field(s, 0, 2), "Intro & more");
	assert_string_equal(field(s, 1, 0), "costs");
	assert_string_equal(field(s, 1, 1), "Costs");
	assert_string_equal(field(s, 1, 2),
			    "Compute and storage No id still costs");
	assert_string_equal(field(s, 2, 0), "caf\xc3\xa9");
	assert_string_equal(field(s, 2, 1), "Caf\xc3\xa9");
	assert_string_equal(field(s, 2, 2), "x");
	value_free(s);
}

/* What the reader does not see, and a quiz's answer, are not indexed. */
static void test_sections_leave_out_answers_and_hidden_text(void **state)
{
	struct value *s = sections_of(
		"<p>Question</p><details class=\"quiz-answer\" data-answer>"
		"<summary>Show</summary><details><p>nested</p></details>"
		"<p>secret</p></details><p hidden>feedback</p>"
		"<script type=\"application/json\">{\"x\": \"</p>\"}</script>"
		"<style>p{}</style><span aria-hidden=\"true\">#</span>"
		"<output>$6,600</output><input hidden value=\"12\">End");

	(void)state;
	assert_int_equal(value_len(s), 1);
	assert_string_equal(field(s, 0, 2), "Question $6,600 End");
	value_free(s);
}

static void test_postings_encode_gaps_and_weights(void **state)
{
	const unsigned sections[] = {0, 1, 9, 1000};
	const unsigned char weights[] = {3, 0, 2, 1};
	struct buf out = BUF_INIT;

	(void)state;
	search_encode(&out, sections, weights, 4);
	/* 0*4+3 = "3"; 0*4+0 = "0"; 7*4+2 = 30, "u"; 990*4+1 = 3961 =
	 * 3*1024 + 27*32 + 25: digits 32+3 "D", 32+27 "x", then 25 "p". */
	assert_string_equal(buf_str(&out), "30uDxp");
	buf_release(&out);
}

static void test_shards_hash_the_first_two_characters(void **state)
{
	(void)state;
	assert_int_equal(search_shard("delta", 5, 16),
			 search_shard("de", 2, 16));
	assert_int_equal(search_shard("delta", 5, 1), 0);
	/* An unspaced script's term lives with its first character. */
	assert_int_equal(search_shard("\xe6\x95\xb0\xe6\x8d\xae", 6, 64),
			 search_shard("\xe6\x95\xb0", 3, 64));
	/* FNV-1a over 'd' and 'e', as search-engine.js computes it. */
	assert_int_equal(search_shard("de", 2, 4096), 1545391778u % 4096);
}

/* Builds an index of two pages into a site folder; returns the folder. */
static char *write_index(void)
{
	char *dir = fixture_dir();
	char *site = file_join(dir, "site");
	struct diag *d = diag_new();
	struct output *o = output_open(dir, site, false, d);
	struct search *s = search_new(o, 10000, 3, d);
	struct value *a = sections_of(
		"<p>Delta keeps a log. Delta again.</p><h2 id=\"time\">Delta "
		"time travel</h2><p>Old versions.</p>");
	struct value *b =
		sections_of("<p>Iceberg has snapshots; delta once.</p>");

	search_add_page(s, "formats/delta.html", "Delta Lake", "Formats", a);
	search_add_page(s, "formats/iceberg.html", "Iceberg", "Formats", b);
	search_add_page(s, "empty.html", "Empty", "", NULL);
	assert_int_equal(search_write(s), 0);
	assert_int_equal(search_sizes(s).shards, 1);
	search_free(s);
	value_free(a);
	value_free(b);
	assert_int_equal(output_commit(o, NULL, d), 0);
	assert_int_equal(diag_count(d), 0);
	diag_free(d);
	free(site);
	return dir;
}

static char *read_site(const char *dir, const char *rel)
{
	char *path = file_join(dir, rel);
	struct buf b = BUF_INIT;

	assert_int_equal(file_read(path, &b), 0);
	free(path);
	return buf_detach(&b);
}

/* The weights rank title over heading over text: "delta" is in page 0's
 * title (section 0: 3, though its text has it twice too), in the
 * heading of section 1 (2), and once in page 1's text (section 2: 0). */
static void test_index_files_carry_the_ranking_data(void **state)
{
	char *dir = write_index();
	char *index = read_site(dir, "site/search-index.js");
	char *terms = read_site(dir, "site/search-index/terms/0.js");
	char *text =
		read_site(dir, "site/search-index/pages/formats/delta.0.js");

	(void)state;
	assert_non_null(strstr(index, "\"shards\":1,\"parts\":[\"Formats\"]"));
	assert_non_null(
		strstr(index, "[\"formats/delta.html\",\"Delta Lake\",0,2]"));
	assert_non_null(strstr(index, "[\"empty.html\",\"Empty\",-1,1]"));
	/* A small handbook: a text file per page. */
	assert_non_null(strstr(index, "\"texts\":[0,2,3]"));
	assert_non_null(strstr(terms, "\"delta\",\"320\""));
	assert_non_null(strstr(terms, "\"travel\",\"6\""));
	assert_non_null(strstr(terms, "\"snapshots\",\"8\""));
	assert_non_null(strstr(
		text, "[\"time\",\"Delta time travel\",\"Old versions.\"]"));
	free(text);
	free(terms);
	free(index);
	fixture_remove(dir);
}

/* Writes the text files of 40 small pages of a big handbook (4000-byte
 * files, 4 pages a file on average), page 10 saying extra; returns how
 * many files there are, and their names and bytes in *files. */
static size_t write_small_pages(const char *dir, bool extra, struct buf *files)
{
	char *site = file_join(dir, extra ? "site2" : "site1");
	struct diag *d = diag_new();
	struct output *o = output_open(dir, site, false, d);
	struct search *s = search_new(o, 150 * 4000, 600, d);
	struct output_entry *list;
	size_t n, texts = 0;

	for (int i = 0; i < 40; i++) {
		char url[32], html[64];
		struct value *sections;

		snprintf(url, sizeof url, "p%d.html", i);
		snprintf(html, sizeof html, "<p>word%d%s</p>", i,
			 extra && i == 10 ? " extra" : "");
		sections = sections_of(html);
		search_add_page(s, url, url, "", sections);
		value_free(sections);
	}
	assert_int_equal(search_write(s), 0);
	list = output_files(o, &n);
	for (size_t i = 0; i < n; i++) {
		struct buf bytes = BUF_INIT;

		if (strncmp(list[i].path, "search-index/pages/", 19) != 0)
			continue;
		output_read(o, list[i].path, &bytes);
		for (size_t j = 0; j < bytes.len; j++)
			if (bytes.data[j] == '\n')
				bytes.data[j] = ' ';
		buf_printf(files, "%s=%s\n", list[i].path, buf_str(&bytes));
		buf_release(&bytes);
		texts++;
	}
	free(list);
	search_free(s);
	output_abort(o);
	diag_free(d);
	free(site);
	return texts;
}

/* Pages share text files, and the files' bounds depend on the pages,
 * not on what comes before them: one page's edit changes one file. */
static void test_text_files_group_pages_stably(void **state)
{
	char *dir = fixture_dir();
	struct buf one = BUF_INIT, two = BUF_INIT;
	size_t n = write_small_pages(dir, false, &one);
	size_t differ = 0;
	char *a, *b, *save_a, *save_b;

	(void)state;
	assert_true(n > 2 && n < 30);
	assert_int_equal(write_small_pages(dir, true, &two), n);
	a = strtok_r(one.data, "\n", &save_a);
	b = strtok_r(two.data, "\n", &save_b);
	for (; a && b; a = strtok_r(NULL, "\n", &save_a),
		       b = strtok_r(NULL, "\n", &save_b)) {
		assert_memory_equal(a, b, strcspn(a, "="));
		differ += strcmp(a, b) != 0;
	}
	assert_int_equal(differ, 1);
	buf_release(&one);
	buf_release(&two);
	fixture_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terms_match_the_shared_vectors),
		cmocka_unit_test(test_fold_removes_accents_and_case),
		cmocka_unit_test(
			test_unspaced_scripts_give_characters_and_pairs),
		cmocka_unit_test(test_sections_follow_headings_with_ids),
		cmocka_unit_test(
			test_sections_leave_out_answers_and_hidden_text),
		cmocka_unit_test(test_postings_encode_gaps_and_weights),
		cmocka_unit_test(test_shards_hash_the_first_two_characters),
		cmocka_unit_test(test_index_files_carry_the_ranking_data),
		cmocka_unit_test(test_text_files_group_pages_stably),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
