/*
 * url: relative URL arithmetic.  See url.h.
 */
#include "url.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mem.h"

static size_t count_slashes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

char *url_root(const char *url)
{
	struct buf root = BUF_INIT;

	for (size_t i = count_slashes(url); i > 0; i--)
		buf_puts(&root, "../");
	return buf_detach(&root);
}

char *url_relative(const char *from, const char *to)
{
	struct buf link = BUF_INIT;
	size_t common = 0;

	/* Skip the folders both paths share; what remains of from is how
	 * far to climb, what remains of to is where to descend. */
	for (size_t i = 0; from[i] && from[i] == to[i]; i++)
		if (from[i] == '/')
			common = i + 1;
	for (size_t i = count_slashes(from + common); i > 0; i--)
		buf_puts(&link, "../");
	buf_puts(&link, to + common);
	return buf_detach(&link);
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

void url_decode_in_place(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (*s == '%' && hex_value(s[1]) >= 0 && hex_value(s[2]) >= 0) {
			*out++ = (char)(hex_value(s[1]) * 16 + hex_value(s[2]));
			s += 2;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

static char *percent_decode(const char *s)
{
	char *copy = mem_strdup(s);

	url_decode_in_place(copy);
	return copy;
}

/* Appends one path segment to path, folding "." and "..".  Returns -1 when
 * ".." would climb above the root. */
static int push_segment(struct buf *path, const char *seg, size_t n)
{
	char *slash;

	if (n == 0 || (n == 1 && seg[0] == '.'))
		return 0;
	if (n == 2 && seg[0] == '.' && seg[1] == '.') {
		if (path->len == 0)
			return -1;
		slash = strrchr(path->data, '/');
		path->len = slash ? (size_t)(slash - path->data) : 0;
		path->data[path->len] = '\0';
		return 0;
	}
	if (path->len)
		buf_putc(path, '/');
	buf_put(path, seg, n);
	return 0;
}

static int push_segments(struct buf *path, const char *s)
{
	while (*s) {
		size_t n = strcspn(s, "/");

		if (push_segment(path, s, n) != 0)
			return -1;
		s += n;
		if (*s == '/')
			s++;
	}
	return 0;
}

char *url_resolve(const char *base, const char *reference)
{
	struct buf path = BUF_INIT;
	const char *slash = strrchr(base, '/');
	char *decoded = percent_decode(reference);
	int status = 0;

	if (slash) {
		char *dir = mem_strndup(base, (size_t)(slash - base));

		status = push_segments(&path, dir);
		free(dir);
	}
	if (status == 0)
		status = push_segments(&path, decoded);
	free(decoded);
	if (status != 0) {
		buf_release(&path);
		return NULL;
	}
	return buf_detach(&path);
}

bool url_has_scheme(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	while (isalnum((unsigned char)*s) || *s == '+' || *s == '-' ||
	       *s == '.')
		s++;
	return *s == ':';
}

/* The scheme of url as a browser reads it (see url_is_allowed),
 * lowercased into out (at most size - 1 bytes; a longer scheme is cut,
 * and then matches none of the allowed ones); false when there is
 * none. */
static bool browser_scheme(const char *url, char *out, size_t size)
{
	size_t n = 0;

	while (*url != '\0' && (unsigned char)*url <= ' ')
		url++;
	for (; *url != ':'; url++) {
		unsigned char c = (unsigned char)*url;

		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (!(isalpha(c) || (n > 0 && (isdigit(c) || c == '+' ||
					       c == '-' || c == '.'))))
			return false; /* the end of the URL, '/', '?', '#'... */
		if (n + 1 < size)
			out[n] = (char)tolower(c);
		n++;
	}
	out[n < size ? n : size - 1] = '\0';
	if (n >= size) /* longer than any scheme allowed: no match */
		out[0] = '#';
	return n > 0;
}

bool url_is_allowed(const char *url, bool image)
{
	static const char *const schemes[] = {"http", "https", "mailto",
					      "tel",  "ftp",   NULL};
	static const char *const images[] = {"png", "gif", "jpeg", "webp",
					     NULL};
	char scheme[16];
	const char *rest;

	if (!browser_scheme(url, scheme, sizeof scheme))
		return true;
	for (const char *const *ok = schemes; *ok; ok++)
		if (strcmp(scheme, *ok) == 0)
			return true;
	if (!image || strcmp(scheme, "data") != 0)
		return false;
	rest = strchr(url, ':') + 1;
	if (strncasecmp(rest, "image/", 6) != 0)
		return false;
	for (const char *const *ok = images; *ok; ok++) {
		size_t n = strlen(*ok);

		if (strncasecmp(rest + 6, *ok, n) == 0 &&
		    (rest[6 + n] == ';' || rest[6 + n] == ','))
			return true;
	}
	return false;
}

bool url_lacks_host(const char *url)
{
	static const char *const schemes[] = {"http", "https", "ftp", NULL};
	char scheme[16];
	const char *rest;

	if (!browser_scheme(url, scheme, sizeof scheme))
		return false;
	for (const char *const *s = schemes; *s; s++) {
		if (strcmp(scheme, *s) != 0)
			continue;
		rest = strchr(url, ':') + 1;
		return strncmp(rest, "//", 2) != 0 ||
		       strchr("/?#", rest[2]) != NULL; /* also the end */
	}
	return false;
}
