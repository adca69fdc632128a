/*
 * slug: GitHub's heading ids, by the Unicode character database (utf8proc).
 *
 * The rule is github-slugger's (github.com/Flet/github-slugger, index.js
 * and script/generate-regex.mjs), which copies what GitHub's own Ruby
 * filter does (html-pipeline's TableOfContentsFilter: downcase, then drop
 * /[^\p{Word}\- ]/, then ' ' to '-'):
 *
 *   1. lowercase with JavaScript's toLowerCase, i.e. Unicode's full case
 *      mapping: the simple mapping of UnicodeData.txt, plus SpecialCasing's
 *      unconditional U+0130 -> "i\u0307" and its Final_Sigma rule;
 *   2. remove every code point of the general categories No, Ps, Pe, Pi,
 *      Pf, Po, Pd, S*, Cc, Cf, Co, Cn and Z*, except ' ', '-' and the
 *      few Alphabetic symbols (circled and squared Latin letters);
 *   3. turn each ' ' into '-'.
 *
 * So letters, marks (U+FE0F, the emoji variation selector, is Mn and
 * stays), decimal and letter numbers (U+2163 is Nl), and connector
 * punctuation ('_') are kept; other numbers ('²', '①'), emoji, skin-tone
 * modifiers (Sk) and joiners (Cf) go.  The categories are utf8proc's, so
 * they follow its Unicode version.
 */
#include "slug.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "mem.h"

#define CAPITAL_SIGMA 0x03A3
#define FINAL_SIGMA 0x03C2
#define CAPITAL_I_DOT 0x0130
#define COMBINING_DOT 0x0307

/* Symbols with the Alphabetic property (Other_Alphabetic in PropList.txt):
 * \p{Word} keeps them, and github-slugger subtracts them from what it
 * removes.  These four ranges are all the So code points that have it. */
static bool is_alphabetic_symbol(int32_t c)
{
	return (c >= 0x24B6 && c <= 0x24E9) || (c >= 0x1F130 && c <= 0x1F149) ||
	       (c >= 0x1F150 && c <= 0x1F169) || (c >= 0x1F170 && c <= 0x1F189);
}

static bool is_kept(int32_t c)
{
	if (c == ' ' || c == '-')
		return true;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_PC:
		return true;
	case UTF8PROC_CATEGORY_SO:
		return is_alphabetic_symbol(c);
	default:
		return false;
	}
}

/*
 * Final_Sigma's two properties, rebuilt from the general category
 * (utf8proc has no derived properties).  Cased: the cased letters,
 * anything with a case mapping (Roman numerals, circled letters), and
 * the Other_Lowercase and Other_Uppercase code points that have none
 * (the ordinal indicators, the squared letters).  Case_Ignorable: marks,
 * format characters, modifier letters and symbols, and the apostrophes,
 * periods and colons of Word_Break's MidLetter, MidNumLet and
 * Single_Quote.  Checked against JavaScript's toLowerCase on every code
 * point before and after a sigma.
 */
static bool is_cased(int32_t c)
{
	utf8proc_category_t cat = utf8proc_category(c);

	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
	       cat == UTF8PROC_CATEGORY_LT || utf8proc_tolower(c) != c ||
	       utf8proc_toupper(c) != c || c == 0x00AA || c == 0x00BA ||
	       is_alphabetic_symbol(c);
}

static bool is_case_ignorable(int32_t c)
{
	static const int32_t word_break_mid[] = {
		'\'',	'.',	':',	0x00B7, 0x0387, 0x05F4, 0x2018, 0x2019,
		0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A,
	};
	utf8proc_category_t cat = utf8proc_category(c);

	if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
	    cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_LM ||
	    cat == UTF8PROC_CATEGORY_SK)
		return true;
	for (size_t i = 0; i < sizeof word_break_mid / sizeof *word_break_mid;
	     i++)
		if (c == word_break_mid[i])
			return true;
	return false;
}

/* Whether a cased letter comes before i (skipping case-ignorables) and
 * none after it: then a capital sigma at i ends a word. */
static bool ends_word(const int32_t *cps, size_t n, size_t i)
{
	size_t j = i;

	while (j > 0 && is_case_ignorable(cps[j - 1]))
		j--;
	if (j == 0 || !is_cased(cps[j - 1]))
		return false;
	for (j = i + 1; j < n && is_case_ignorable(cps[j]); j++)
		;
	return j == n || !is_cased(cps[j]);
}

static void put_code_point(struct buf *out, int32_t c)
{
	utf8proc_uint8_t bytes[4];
	utf8proc_ssize_t len = utf8proc_encode_char(c, bytes);

	buf_put(out, (const char *)bytes, (size_t)len);
}

/* Step 2 and 3 for one lowercased code point. */
static void put_slug_char(struct buf *out, int32_t c)
{
	if (c == ' ')
		buf_putc(out, '-');
	else if (is_kept(c))
		put_code_point(out, c);
}

/* The text's code points; bytes that are not UTF-8 are skipped. */
static int32_t *decode(const char *text, size_t *count)
{
	const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
	size_t len = strlen(text), n = 0;
	int32_t *cps = mem_calloc(len + 1, sizeof *cps);

	while (len > 0) {
		utf8proc_ssize_t step =
			utf8proc_iterate(s, (utf8proc_ssize_t)len, &cps[n]);

		if (step <= 0) {
			step = 1;
		} else {
			n++;
		}
		s += step;
		len -= (size_t)step;
	}
	*count = n;
	return cps;
}

char *slug_github(const char *text)
{
	struct buf out = BUF_INIT;
	size_t n;
	int32_t *cps = decode(text, &n);

	for (size_t i = 0; i < n; i++) {
		if (cps[i] == CAPITAL_I_DOT) {
			put_slug_char(&out, 'i');
			put_slug_char(&out, COMBINING_DOT);
		} else if (cps[i] == CAPITAL_SIGMA && ends_word(cps, n, i)) {
			put_slug_char(&out, FINAL_SIGMA);
		} else {
			put_slug_char(&out, utf8proc_tolower(cps[i]));
		}
	}
	free(cps);
	return buf_detach(&out);
}

char *slug_unique(const char *base, bool (*taken)(const char *id, void *data),
		  void *data)
{
	struct buf id = BUF_INIT;

	buf_puts(&id, base);
	for (long n = 1; taken(buf_str(&id), data); n++) {
		buf_reset(&id);
		buf_printf(&id, "%s-%ld", base, n);
	}
	return buf_detach(&id);
}
