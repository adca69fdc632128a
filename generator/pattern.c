/*
 * pattern: Lua patterns with a step count.  The matcher is a backtracking
 * recursive descent over the pattern text, as the manual's semantics
 * demand (a '-' or '*' item tries each length in turn).  Recursion happens
 * only where backtracking needs it (captures, '?', '*', '+', '-'); a plain
 * run of single characters is a loop.  Depth is capped like Lua's (200,
 * "pattern too complex"), so the C stack stays small.
 *
 * Errors and stops do not unwind by longjmp: they set ps->status, every
 * function then returns "no match", and each loop that backtracks checks
 * the status before trying again.
 */
#include "pattern.h"

#include <stdio.h>
#include <string.h>

#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)
#define MAX_DEPTH 200
#define CHECK_EVERY 4096
#define ESC '%'

void pattern_init(struct pattern_state *ps, const char *s, size_t slen,
		  const char *p, size_t plen, pattern_check_fn check,
		  void *check_data)
{
	ps->src = s;
	ps->src_end = s + slen;
	ps->pat = p;
	ps->pat_end = p + plen;
	ps->level = 0;
	ps->depth = MAX_DEPTH;
	ps->until_check = CHECK_EVERY;
	ps->check = check;
	ps->check_data = check_data;
	ps->status = PATTERN_OK;
	ps->message[0] = '\0';
}

static const char *fail(struct pattern_state *ps, const char *message)
{
	if (ps->status == PATTERN_OK) {
		ps->status = PATTERN_ERROR;
		snprintf(ps->message, sizeof ps->message, "%s", message);
	}
	return NULL;
}

/* Counts one step; false once the check function has said stop. */
static bool step(struct pattern_state *ps)
{
	if (--ps->until_check > 0)
		return true;
	ps->until_check = CHECK_EVERY;
	if (ps->check == NULL || ps->check(ps->check_data, CHECK_EVERY) == 0)
		return true;
	if (ps->status == PATTERN_OK) {
		ps->status = PATTERN_STOPPED;
		snprintf(ps->message, sizeof ps->message, "stopped");
	}
	return false;
}

bool pattern_is_plain(const char *p, size_t plen)
{
	static const char specials[] = "^$*+?.([%-";

	for (size_t i = 0; i < plen; i++)
		if (p[i] != '\0' && strchr(specials, p[i]) != NULL)
			return false;
	return true;
}

/* The ASCII classes behind %a, %d, ...; an upper-case letter negates. */
static bool class_matches(int c, int cl)
{
	bool res;

	switch (cl | 0x20) {
	case 'a':
		res = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		break;
	case 'c':
		res = c < 32 || c == 127;
		break;
	case 'd':
		res = c >= '0' && c <= '9';
		break;
	case 'g':
		res = c > 32 && c < 127;
		break;
	case 'l':
		res = c >= 'a' && c <= 'z';
		break;
	case 'p':
		res = c > 32 && c < 127 && !class_matches(c, 'w');
		break;
	case 's':
		res = c == ' ' || (c >= '\t' && c <= '\r');
		break;
	case 'u':
		res = c >= 'A' && c <= 'Z';
		break;
	case 'w':
		res = class_matches(c, 'a') || class_matches(c, 'd');
		break;
	case 'z':
		res = c == 0;
		break; /* deprecated, still Lua's */
	case 'x':
		res = class_matches(c, 'd') ||
		      ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
		break;
	default:
		return cl == c;
	}
	if (cl >= 'A' && cl <= 'Z')
		return !res;
	return res;
}

/*
 * Whether c is in the set that starts at p ('[') and whose closing ']' is
 * at last.  The first character after '[' or '[^' is always a member, so
 * "[]]" is the set of ']'.
 */
static bool set_matches(int c, const char *p, const char *last)
{
	bool in = true;

	p++;
	if (*p == '^') {
		in = false;
		p++;
	}
	for (; p < last; p++) {
		if (*p == ESC) {
			p++;
			if (class_matches(c, (unsigned char)*p))
				return in;
		} else if (p + 2 < last && p[1] == '-') {
			if ((unsigned char)p[0] <= c &&
			    c <= (unsigned char)p[2])
				return in;
			p += 2;
		} else if ((unsigned char)*p == c) {
			return in;
		}
	}
	return !in;
}

/* The end of the single-character class at p, or NULL after an error. */
static const char *class_end(struct pattern_state *ps, const char *p)
{
	char c = *p++;

	if (c == ESC) {
		if (p >= ps->pat_end)
			return fail(ps, "malformed pattern (ends with '%')");
		return p + 1;
	}
	if (c != '[')
		return p;
	if (p < ps->pat_end && *p == '^')
		p++;
	for (;;) {
		if (p >= ps->pat_end)
			return fail(ps, "malformed pattern (missing ']')");
		if (*p++ == ESC && p < ps->pat_end)
			p++;
		if (p < ps->pat_end && *p == ']')
			return p + 1;
	}
}

static bool single_matches(const struct pattern_state *ps, const char *s,
			   const char *p, const char *ep)
{
	int c;

	if (s >= ps->src_end)
		return false;
	c = (unsigned char)*s;
	switch (*p) {
	case '.':
		return true;
	case ESC:
		return class_matches(c, (unsigned char)p[1]);
	case '[':
		return set_matches(c, p, ep - 1);
	default:
		return (unsigned char)*p == c;
	}
}

static const char *match(struct pattern_state *ps, const char *s,
			 const char *p);

static const char *max_expand(struct pattern_state *ps, const char *s,
			      const char *p, const char *ep)
{
	ptrdiff_t i = 0;
	const char *res;

	while (single_matches(ps, s + i, p, ep)) {
		if (!step(ps))
			return NULL;
		i++;
	}
	for (; i >= 0; i--) {
		res = match(ps, s + i, ep + 1);
		if (res != NULL || ps->status != PATTERN_OK)
			return res;
	}
	return NULL;
}

static const char *min_expand(struct pattern_state *ps, const char *s,
			      const char *p, const char *ep)
{
	const char *res;

	for (;;) {
		res = match(ps, s, ep + 1);
		if (res != NULL || ps->status != PATTERN_OK)
			return res;
		if (!single_matches(ps, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *open_capture(struct pattern_state *ps, const char *s,
				const char *p, ptrdiff_t what)
{
	const char *res;

	if (ps->level >= PATTERN_MAX_CAPTURES)
		return fail(ps, "too many captures");
	ps->capture[ps->level].init = s;
	ps->capture[ps->level].len = what;
	ps->level++;
	res = match(ps, s, p);
	if (res == NULL)
		ps->level--;
	return res;
}

static const char *close_capture(struct pattern_state *ps, const char *s,
				 const char *p)
{
	int l = ps->level - 1;
	const char *res;

	while (l >= 0 && ps->capture[l].len != CAP_UNFINISHED)
		l--;
	if (l < 0)
		return fail(ps, "invalid pattern capture");
	ps->capture[l].len = s - ps->capture[l].init;
	res = match(ps, s, p);
	if (res == NULL)
		ps->capture[l].len = CAP_UNFINISHED;
	return res;
}

/* %bxy at p (pointing at x): a balanced run from x to its matching y. */
static const char *match_balance(struct pattern_state *ps, const char *s,
				 const char *p)
{
	int depth = 1;

	if (p + 1 >= ps->pat_end)
		return fail(ps,
			    "malformed pattern (missing arguments to '%b')");
	if (s >= ps->src_end || *s != p[0])
		return NULL;
	while (++s < ps->src_end) {
		if (!step(ps))
			return NULL;
		if (*s == p[1]) {
			if (--depth == 0)
				return s + 1;
		} else if (*s == p[0]) {
			depth++;
		}
	}
	return NULL;
}

/* %1..%9: the text an earlier, closed capture matched, again. */
static const char *match_backref(struct pattern_state *ps, const char *s,
				 int digit)
{
	int l = digit - '1';
	ptrdiff_t len;

	if (l < 0 || l >= ps->level || ps->capture[l].len == CAP_UNFINISHED) {
		snprintf(ps->message, sizeof ps->message,
			 "invalid capture index %%%d", l + 1);
		ps->status = PATTERN_ERROR;
		return NULL;
	}
	len = ps->capture[l].len;
	if (len < 0 || ps->src_end - s < len ||
	    memcmp(ps->capture[l].init, s, (size_t)len) != 0)
		return NULL;
	return s + len;
}

/* %f[set] at p (pointing at '['): the set's "start of word" frontier. */
static const char *frontier(struct pattern_state *ps, const char *s,
			    const char *p, const char **next)
{
	const char *ep;
	int before, here;

	if (p >= ps->pat_end || *p != '[')
		return fail(ps, "missing '[' after '%f' in pattern");
	ep = class_end(ps, p);
	if (ep == NULL)
		return NULL;
	before = s == ps->src ? 0 : (unsigned char)s[-1];
	here = s < ps->src_end ? (unsigned char)*s : 0;
	if (set_matches(before, p, ep - 1) || !set_matches(here, p, ep - 1))
		return NULL;
	*next = ep;
	return s;
}

/*
 * One single-character item at p: matches it with its quantifier, if any.
 * Returns the match of the rest of the pattern, or sets *next and returns s
 * advanced past a plain item so the caller's loop goes on.
 */
static const char *single_item(struct pattern_state *ps, const char *s,
			       const char *p, const char **next)
{
	const char *ep = class_end(ps, p);
	char q;
	const char *res;

	if (ep == NULL)
		return NULL;
	q = ep < ps->pat_end ? *ep : '\0';
	if (!single_matches(ps, s, p, ep)) {
		if (q == '*' || q == '?' || q == '-') {
			*next = ep + 1;
			return s;
		}
		return NULL;
	}
	switch (q) {
	case '?':
		res = match(ps, s + 1, ep + 1);
		if (res != NULL || ps->status != PATTERN_OK)
			return res;
		*next = ep + 1;
		return s;
	case '+':
		return max_expand(ps, s + 1, p, ep);
	case '*':
		return max_expand(ps, s, p, ep);
	case '-':
		return min_expand(ps, s, p, ep);
	default:
		*next = ep;
		return s + 1;
	}
}

/*
 * The item at p decides: either the whole rest of the match is settled
 * here (returns with *next NULL), or the item matched a prefix and the
 * loop in match() continues at *next with the returned subject position.
 */
static const char *item(struct pattern_state *ps, const char *s, const char *p,
			const char **next)
{
	*next = NULL;
	switch (*p) {
	case '(':
		if (p + 1 < ps->pat_end && p[1] == ')')
			return open_capture(ps, s, p + 2, CAP_POSITION);
		return open_capture(ps, s, p + 1, CAP_UNFINISHED);
	case ')':
		return close_capture(ps, s, p + 1);
	case '$':
		if (p + 1 == ps->pat_end)
			return s == ps->src_end ? s : NULL;
		break;
	case ESC:
		if (p + 1 >= ps->pat_end)
			break;
		if (p[1] == 'b') {
			s = match_balance(ps, s, p + 2);
			*next = s != NULL ? p + 4 : NULL;
			return s;
		}
		if (p[1] == 'f')
			return frontier(ps, s, p + 2, next);
		if (p[1] >= '0' && p[1] <= '9') {
			s = match_backref(ps, s, (unsigned char)p[1]);
			*next = s != NULL ? p + 2 : NULL;
			return s;
		}
		break;
	}
	return single_item(ps, s, p, next);
}

static const char *match(struct pattern_state *ps, const char *s, const char *p)
{
	const char *next;

	if (ps->depth-- == 0) {
		ps->depth++;
		return fail(ps, "pattern too complex");
	}
	while (p < ps->pat_end) {
		if (!step(ps)) {
			s = NULL;
			break;
		}
		s = item(ps, s, p, &next);
		if (s == NULL || next == NULL)
			break;
		p = next;
	}
	ps->depth++;
	return s;
}

ptrdiff_t pattern_match_at(struct pattern_state *ps, size_t at, size_t pstart)
{
	const char *end;

	ps->level = 0;
	ps->depth = MAX_DEPTH;
	if (ps->status != PATTERN_OK)
		return -1;
	end = match(ps, ps->src + at, ps->pat + pstart);
	if (end == NULL)
		return -1;
	return end - ps->src;
}

int pattern_search(struct pattern_state *ps, size_t init, size_t *start,
		   size_t *end)
{
	bool anchor = ps->pat < ps->pat_end && *ps->pat == '^';
	size_t len = (size_t)(ps->src_end - ps->src);
	ptrdiff_t e;

	for (size_t at = init; at <= len; at++) {
		e = pattern_match_at(ps, at, anchor ? 1 : 0);
		if (e >= 0) {
			*start = at;
			*end = (size_t)e;
			return 1;
		}
		if (ps->status != PATTERN_OK)
			return -1;
		if (anchor)
			break;
	}
	return 0;
}

int pattern_search_plain(struct pattern_state *ps, size_t init, size_t *start,
			 size_t *end)
{
	size_t len = (size_t)(ps->src_end - ps->src);
	size_t plen = (size_t)(ps->pat_end - ps->pat);
	const char *s = ps->src + init;
	const char *last;

	if (plen == 0) {
		*start = *end = init;
		return 1;
	}
	if (plen > len - init)
		return 0;
	last = ps->src_end - plen;
	while (s <= last) {
		s = memchr(s, *ps->pat, (size_t)(last - s) + 1);
		if (s == NULL)
			return 0;
		/* Charge the bytes compared, so a long needle that almost
		 * matches everywhere costs what it takes. */
		ps->until_check -= (long)(plen / 64);
		if (!step(ps))
			return -1;
		if (memcmp(s, ps->pat, plen) == 0) {
			*start = (size_t)(s - ps->src);
			*end = *start + plen;
			return 1;
		}
		s++;
	}
	return 0;
}

int pattern_capture_count(const struct pattern_state *ps)
{
	return ps->level == 0 ? 1 : ps->level;
}

enum pattern_capture_kind pattern_capture(struct pattern_state *ps, int i,
					  size_t start, size_t end,
					  size_t *from, size_t *len)
{
	if (i >= ps->level) {
		if (i != 0) {
			snprintf(ps->message, sizeof ps->message,
				 "invalid capture index %%%d", i + 1);
			ps->status = PATTERN_ERROR;
			return PATTERN_CAPTURE_INVALID;
		}
		*from = start;
		*len = end - start;
		return PATTERN_CAPTURE_STRING;
	}
	*from = (size_t)(ps->capture[i].init - ps->src);
	if (ps->capture[i].len == CAP_UNFINISHED) {
		fail(ps, "unfinished capture");
		return PATTERN_CAPTURE_INVALID;
	}
	if (ps->capture[i].len == CAP_POSITION) {
		*from += 1;
		return PATTERN_CAPTURE_POSITION;
	}
	*len = (size_t)ps->capture[i].len;
	return PATTERN_CAPTURE_STRING;
}
