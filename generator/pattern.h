/*
 * pattern: Lua 5.4's string patterns (reference manual §6.4.1), matched with
 * a step count.  The sandbox's string.find, match, gmatch and gsub run on
 * this instead of the stock library because a backtracking pattern such as
 * ".-.-.-.-b" can run for hours inside one C call, where no Lua hook fires:
 * here the matcher reports its steps to a check function every few thousand
 * steps, and stops when the check says so.
 *
 * It follows lstrlib.c of Lua 5.4.4 (Debian's liblua5.4-dev, the release
 * the sandbox links), and a differential test runs the same cases through
 * the stock lua5.4 interpreter.
 *
 * Results are those of Lua's own string library for every pattern,
 * including which malformed patterns are errors and when.  Character
 * classes (%a, %d, ...) are ASCII's, whatever the C locale, so a build gives
 * the same output everywhere.
 */
#ifndef PREPBOOK_PATTERN_H
#define PREPBOOK_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

#define PATTERN_MAX_CAPTURES 32

/* Reports steps of work done; returns 0 to go on, nonzero to stop. */
typedef int (*pattern_check_fn)(void *data, long steps);

enum pattern_status {
	PATTERN_OK,	/* no error so far */
	PATTERN_ERROR,	/* malformed pattern or capture misuse: see message */
	PATTERN_STOPPED /* the check function asked to stop */
};

enum pattern_capture_kind {
	PATTERN_CAPTURE_STRING,
	PATTERN_CAPTURE_POSITION,
	PATTERN_CAPTURE_INVALID /* an error was recorded */
};

struct pattern_state {
	const char *src, *src_end;
	const char *pat, *pat_end;
	int level; /* captures opened so far */
	int depth; /* recursion left before "pattern too complex" */
	struct {
		const char *init;
		ptrdiff_t len; /* or one of the CAP_ marks in pattern.c */
	} capture[PATTERN_MAX_CAPTURES];
	long until_check;
	pattern_check_fn check;
	void *check_data;
	enum pattern_status status;
	char message[64]; /* Lua's wording, without position */
};

/* Prepares a match of pattern p against subject s; check may be NULL. */
void pattern_init(struct pattern_state *ps, const char *s, size_t slen,
		  const char *p, size_t plen, pattern_check_fn check,
		  void *check_data);

/* Whether p has none of the characters that make a pattern more than a
 * literal string (then find uses a plain search, as Lua does). */
bool pattern_is_plain(const char *p, size_t plen);

/*
 * Matches the pattern, from byte pstart of it (1 past a leading '^'), at
 * exactly byte at of the subject.  Returns the end offset of the match, or
 * -1 for no match or when ps->status is no longer PATTERN_OK.
 */
ptrdiff_t pattern_match_at(struct pattern_state *ps, size_t at, size_t pstart);

/*
 * Searches for the pattern (a leading '^' anchors it) from byte init.  On
 * a match sets *start and *end and returns 1; returns 0 for none, -1 when
 * ps->status is no longer PATTERN_OK.
 */
int pattern_search(struct pattern_state *ps, size_t init, size_t *start,
		   size_t *end);

/* Plain substring search from init, step-checked like the matcher. */
int pattern_search_plain(struct pattern_state *ps, size_t init, size_t *start,
			 size_t *end);

/*
 * The values a match yields: its captures, or the whole match when it has
 * none.  pattern_capture gives capture i (0-based) of the match [start,end):
 * a string (*from, *len) or a position (*from, 1-based); on a bad index or
 * an unfinished capture it records an error and says so.
 */
int pattern_capture_count(const struct pattern_state *ps);
enum pattern_capture_kind pattern_capture(struct pattern_state *ps, int i,
					  size_t start, size_t end,
					  size_t *from, size_t *len);

#endif
