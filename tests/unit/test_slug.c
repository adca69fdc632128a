/* Tests for slug: heading text to the ids GitHub gives headings.  The
 * expectations follow github-slugger (its test/fixtures.json where it has
 * a case) and, for the rest, its rule applied by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slug.h"

static void assert_slug(const char *text, const char *expected)
{
	char *slug = slug_github(text);

	assert_string_equal(slug, expected);
	free(slug);
}

/* One sample of every Unicode general category, between 'a' and 'b'. */
struct category_case {
	const char *category;
	const char *text;
	const char *slug;
};

static const struct category_case categories[] = {
	{"Lu, lowercased", "a\u00C9b", "a\u00E9b"},
	{"Ll", "a\u00E9b", "a\u00E9b"},
	{"Lt, lowercased", "a\u01C5b", "a\u01C6b"},
	{"Lm", "a\u02B0b", "a\u02B0b"},
	{"Lo", "a\u05D0b", "a\u05D0b"},
	{"Mn", "a\u0301b", "a\u0301b"},
	{"Mc", "a\u0903b", "a\u0903b"},
	{"Me", "a\u20DDb", "a\u20DDb"},
	{"Nd", "a\u0663b", "a\u0663b"},
	{"Nl, lowercased", "a\u2163b", "a\u2173b"},
	{"No, dropped", "a\u00B2b", "ab"},
	{"Pc", "a\u2040b", "a\u2040b"},
	{"Pd, dropped", "a\u2013b", "ab"},
	{"Pd, ASCII kept", "a-b", "a-b"},
	{"Ps, dropped", "a\u300Cb", "ab"},
	{"Pe, dropped", "a\u300Db", "ab"},
	{"Pi, dropped", "a\u00ABb", "ab"},
	{"Pf, dropped", "a\u00BBb", "ab"},
	{"Po, dropped", "a\u00A1b", "ab"},
	{"Sm, dropped", "a\u2211b", "ab"},
	{"Sc, dropped", "a\u20ACb", "ab"},
	{"Sk, dropped", "a\u00B4b", "ab"},
	{"So, dropped", "a\u2603b", "ab"},
	{"So but Alphabetic, kept", "a\u24B6b", "a\u24D0b"},
	{"Zs, dropped", "a\u00A0b", "ab"},
	{"Zs, ASCII space to '-'", "a b", "a-b"},
	{"Zl, dropped", "a\u2028b", "ab"},
	{"Zp, dropped", "a\u2029b", "ab"},
	{"Cc, dropped", "a\tb", "ab"},
	{"Cf, dropped", "a\u00ADb", "ab"},
	{"Co, dropped", "a\uE000b", "ab"},
	{"Cn, dropped",
	 "a\xCD\xB8"
	 "b",
	 "ab"},
	{"Cs, not UTF-8, dropped",
	 "a\xED\xA0\x80"
	 "b",
	 "ab"},
};

static void test_every_general_category_as_github_slugger(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof categories / sizeof *categories; i++) {
		char *slug = slug_github(categories[i].text);

		if (strcmp(slug, categories[i].slug) != 0)
			fail_msg("%s: got '%s', want '%s'",
				 categories[i].category, slug,
				 categories[i].slug);
		free(slug);
	}
}

static void test_ascii_is_lowercased_and_spaces_become_hyphens(void **state)
{
	(void)state;
	assert_slug("Hello World", "hello-world");
	assert_slug("Compute and Storage Economics",
		    "compute-and-storage-economics");
	assert_slug("snake_case stays", "snake_case-stays");
	assert_slug("", "");
}

static void test_punctuation_is_dropped_not_collapsed(void **state)
{
	(void)state;
	assert_slug("heading with a period.txt", "heading-with-a-periodtxt");
	assert_slug("heading with a - dash", "heading-with-a---dash");
	assert_slug("What's a DBU? (and why)", "whats-a-dbu-and-why");
	assert_slug("C++ & Rust: a/b", "c--rust-ab");
	assert_slug("  two  spaces ", "--two--spaces-");
	assert_slug("tab\there", "tabhere");
	assert_slug("`code` *em* [link]", "code-em-link");
	assert_slug("50% off, $5 #1 @me!", "50-off-5-1-me");
	assert_slug("exchange.bind_headers(exchange, routing [, bindCallback])",
		    "exchangebind_headersexchange-routing--bindcallback");
	assert_slug("apostrophe\u2019s should be trimmed",
		    "apostrophes-should-be-trimmed");
}

static void test_non_ascii_letters_are_kept_and_lowercased(void **state)
{
	(void)state;
	assert_slug("Привет non-latin 你好", "привет-non-latin-你好");
	assert_slug("Ärger über Öl", "ärger-über-öl");
	assert_slug("ΑΒΓ Ελληνικά", "αβγ-ελληνικά");
	assert_slug("Łódź Œuvre", "łódź-œuvre");
	assert_slug("Crème brûlée", "crème-brûlée");
	assert_slug("日本語の見出し。", "日本語の見出し");
	assert_slug("\u2163", "\u2173"); /* ## Ⅳ -> ⅳ */
	assert_slug("\u01C5", "\u01C6"); /* ## ǅ -> ǆ */
	assert_slug("ＡＢＣ", "ａｂｃ"); /* fullwidth letters */
}

/* JavaScript's toLowerCase is Unicode's full case mapping: İ becomes two
 * code points, and a capital sigma that ends a word becomes ς. */
static void test_lowercase_is_the_full_case_mapping(void **state)
{
	(void)state;
	assert_slug("\u0130stanbul", "i\u0307stanbul");
	assert_slug("ΟΔΟΣ", "οδος");
	assert_slug("ΟΔΟΣ ΚΑΙ", "οδος-και");
	assert_slug("ΣΑΣ", "σας");
	assert_slug("Σ", "σ");
	assert_slug("ΑΣ'Β", "ασβ"); /* the apostrophe is case-ignorable */
	assert_slug("STRASSE ß", "strasse-ß");
}

static void test_emoji_and_symbols_are_dropped(void **state)
{
	(void)state;
	assert_slug("😄 emoji", "-emoji");
	assert_slug("😄-😄 unicode emoji", "--unicode-emoji");
	assert_slug("😄_😄 unicode emoji", "_-unicode-emoji");
	assert_slug("I ♥ unicode", "i--unicode");
	assert_slug("🚀 Launch 🎉", "-launch-");
	assert_slug("family 👨‍👩‍👧", "family-");
	assert_slug("flag 🇫🇷", "flag-");
	assert_slug("price € 5 — “quoted”", "price--5--quoted");
	assert_slug("a × b ÷ c", "a--b--c");
	assert_slug("①②③ steps", "-steps");
}

/* U+FE0F (VARIATION SELECTOR-16) is a mark, Mn, so it stays where the
 * emoji before it goes, as it does on GitHub; U+FE0E too.  Skin tones
 * (U+1F3FB..U+1F3FF) are modifier symbols, Sk, and go. */
static void test_variation_selectors_stay_and_skin_tones_go(void **state)
{
	(void)state;
	assert_slug("\u26A0\uFE0F Warning", "\uFE0F-warning");
	assert_slug("\u26A0 Warning", "-warning");
	assert_slug("\u2764\uFE0E text style", "\uFE0E-text-style");
	assert_slug("❗❌⚠️✅ heading", "\uFE0F-heading");
	assert_slug("thumbs 👍🏽 up", "thumbs--up");
	assert_slug("wave 👋🏻👋🏿", "wave-");
	assert_slug("keycap 1️⃣", "keycap-1\uFE0F\u20E3");
	assert_slug("ok 👌\uFE0F🏽", "ok-\uFE0F");
}

static void test_invalid_utf8_bytes_are_dropped(void **state)
{
	(void)state;
	assert_slug("ab\xff\xfe"
		    "cd",
		    "abcd");
	assert_slug("x\xc3(y", "xy");
	assert_slug("over\xc0\xaflong", "overlong");
}

/* A tiny page: the ids given so far, for slug_unique. */
struct page_ids {
	char *ids[16];
	size_t n;
};

static bool taken(const char *id, void *data)
{
	const struct page_ids *p = data;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->ids[i], id) == 0)
			return true;
	return false;
}

static void heading(struct page_ids *p, const char *text, const char *want)
{
	char *base = slug_github(text);
	char *id = slug_unique(base, taken, p);

	assert_string_equal(id, want);
	p->ids[p->n++] = id;
	free(base);
}

static void release(struct page_ids *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->ids[i]);
	p->n = 0;
}

/* github-slugger's test/fixtures.json, in order: repeats count up, and a
 * heading that already ends in "-1" takes the next free number. */
static void test_heading_ids_dedupe_like_github(void **state)
{
	struct page_ids p = {{NULL}, 0};

	(void)state;
	heading(&p, "alpha", "alpha");
	heading(&p, "alpha", "alpha-1");
	heading(&p, "echo", "echo");
	heading(&p, "echo", "echo-1");
	heading(&p, "echo 1", "echo-1-1");
	heading(&p, "echo-1", "echo-1-2");
	heading(&p, "echo", "echo-2");
	heading(&p, "foxtrot-1", "foxtrot-1");
	heading(&p, "foxtrot", "foxtrot");
	heading(&p, "foxtrot", "foxtrot-2");
	heading(&p, "golf", "golf");
	heading(&p, "golf", "golf-1");
	heading(&p, "golf", "golf-2");
	heading(&p, "-a-", "-a-");
	heading(&p, "-a-", "-a--1");
	release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_general_category_as_github_slugger),
		cmocka_unit_test(
			test_ascii_is_lowercased_and_spaces_become_hyphens),
		cmocka_unit_test(test_punctuation_is_dropped_not_collapsed),
		cmocka_unit_test(
			test_non_ascii_letters_are_kept_and_lowercased),
		cmocka_unit_test(test_lowercase_is_the_full_case_mapping),
		cmocka_unit_test(test_emoji_and_symbols_are_dropped),
		cmocka_unit_test(
			test_variation_selectors_stay_and_skin_tones_go),
		cmocka_unit_test(test_invalid_utf8_bytes_are_dropped),
		cmocka_unit_test(test_heading_ids_dedupe_like_github),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
