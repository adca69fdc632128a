/* Tests for slug: heading text to the ids GitHub gives headings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "slug.h"

static void assert_slug(const char *text, const char *expected)
{
	char *slug = slug_github(text);

	assert_string_equal(slug, expected);
	free(slug);
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
}

static void test_emoji_and_symbols_are_dropped(void **state)
{
	(void)state;
	assert_slug("😄 emoji", "-emoji");
	assert_slug("I ♥ unicode", "i--unicode");
	assert_slug("🚀 Launch 🎉", "-launch-");
	assert_slug("❗❌⚠️✅ heading", "-heading");
	assert_slug("thumbs 👍🏽 up", "thumbs--up");
	assert_slug("family 👨‍👩‍👧", "family-");
	assert_slug("flag 🇫🇷", "flag-");
	assert_slug("price € 5 — “quoted”", "price--5--quoted");
	assert_slug("a × b ÷ c", "a--b--c");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
			test_ascii_is_lowercased_and_spaces_become_hyphens),
		cmocka_unit_test(test_punctuation_is_dropped_not_collapsed),
		cmocka_unit_test(
			test_non_ascii_letters_are_kept_and_lowercased),
		cmocka_unit_test(test_emoji_and_symbols_are_dropped),
		cmocka_unit_test(test_invalid_utf8_bytes_are_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
