/*
 * serve_files: request paths to files.  See serve_files.h.
 *
 * The path is decoded here, not by the HTTP library, so that what was
 * encoded stays visible: "%2e%2e" decodes to a '..' segment and is
 * refused like one, and an encoded '/' never becomes a separator.  After
 * the lexical rules, the file is resolved with realpath() and must lie
 * inside the resolved site folder, which also catches symbolic links
 * that lead out of it.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "serve_files.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "buf.h"
#include "file.h"
#include "mem.h"

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes raw into out; -1 on a malformed escape or a byte no path of
 * ours holds: NUL, and '/' or '\' that arrived encoded. */
static int decode(const char *raw, struct buf *out)
{
	for (const char *s = raw; *s; s++) {
		int hi, lo;
		char c;

		if (*s == '\\')
			return -1;
		if (*s != '%') {
			buf_putc(out, *s);
			continue;
		}
		hi = hex_value(s[1]);
		lo = hi < 0 ? -1 : hex_value(s[2]);
		if (lo < 0)
			return -1;
		c = (char)(hi * 16 + lo);
		if (c == '\0' || c == '/' || c == '\\')
			return -1;
		buf_putc(out, c);
		s += 2;
	}
	return 0;
}

/* Whether each '/'-separated segment of path is one a site file may
 * have: not '.', not '..', not the build's own hidden files. */
static bool segments_allowed(const char *path)
{
	const char *s = path;

	while (*s) {
		size_t n = strcspn(s, "/");

		if ((n == 1 && s[0] == '.') ||
		    (n == 2 && s[0] == '.' && s[1] == '.') ||
		    strncmp(s, ".prepbook-", 10) == 0)
			return false;
		s += n;
		s += *s == '/';
	}
	return true;
}

static bool within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);

	return strncmp(inner, outer, n) == 0 &&
	       (inner[n] == '\0' || inner[n] == '/');
}

static struct serve_files_result result(enum serve_files_kind kind, char *path)
{
	return (struct serve_files_result){kind, path};
}

/* The resolved file for the decoded request path rel (no leading '/'),
 * inside the resolved site folder real_site; raw is the request's path,
 * for a redirect. */
static struct serve_files_result locate(const char *real_site, const char *rel,
					const char *raw)
{
	char real[PATH_MAX];
	struct buf wanted = BUF_INIT;
	char *joined;
	struct stat st;
	bool found;

	buf_puts(&wanted, rel);
	if (wanted.len == 0 || rel[wanted.len - 1] == '/')
		buf_puts(&wanted, "index.html");
	joined = file_join(real_site, buf_str(&wanted));
	found = realpath(joined, real) != NULL && within(real, real_site) &&
		stat(real, &st) == 0;
	free(joined);
	buf_release(&wanted);
	if (found && S_ISDIR(st.st_mode)) {
		struct buf to = BUF_INIT;

		buf_printf(&to, "%s/", raw);
		return result(SERVE_FILES_FOLDER, buf_detach(&to));
	}
	if (!found || !S_ISREG(st.st_mode))
		return result(SERVE_FILES_NOT_FOUND, NULL);
	return result(SERVE_FILES_FOUND, mem_strdup(real));
}

struct serve_files_result serve_files_resolve(const char *site, const char *raw)
{
	char real_site[PATH_MAX];
	struct buf rel = BUF_INIT;
	struct serve_files_result r = result(SERVE_FILES_NOT_FOUND, NULL);

	if (raw[0] != '/' || decode(raw + 1, &rel) != 0 ||
	    !segments_allowed(buf_str(&rel)) ||
	    realpath(site, real_site) == NULL) {
		buf_release(&rel);
		return r;
	}
	r = locate(real_site, buf_str(&rel), raw);
	buf_release(&rel);
	return r;
}

/* Every kind of file a handbook's site holds: the generator's own
 * output and what authors put beside their pages.  Text types name
 * their charset, since every text file the build writes is UTF-8. */
static const struct {
	const char *extension;
	const char *type;
} types[] = {
	{"html", "text/html; charset=utf-8"},
	{"htm", "text/html; charset=utf-8"},
	{"css", "text/css; charset=utf-8"},
	{"js", "text/javascript; charset=utf-8"},
	{"mjs", "text/javascript; charset=utf-8"},
	{"json", "application/json"},
	{"map", "application/json"},
	{"webmanifest", "application/manifest+json"},
	{"xml", "application/xml"},
	{"txt", "text/plain; charset=utf-8"},
	{"md", "text/markdown; charset=utf-8"},
	{"csv", "text/csv; charset=utf-8"},
	{"tsv", "text/tab-separated-values; charset=utf-8"},
	{"svg", "image/svg+xml"},
	{"png", "image/png"},
	{"jpg", "image/jpeg"},
	{"jpeg", "image/jpeg"},
	{"gif", "image/gif"},
	{"webp", "image/webp"},
	{"avif", "image/avif"},
	{"ico", "image/x-icon"},
	{"woff2", "font/woff2"},
	{"woff", "font/woff"},
	{"ttf", "font/ttf"},
	{"otf", "font/otf"},
	{"pdf", "application/pdf"},
	{"epub", "application/epub+zip"},
	{"zip", "application/zip"},
	{"wasm", "application/wasm"},
	{"mp4", "video/mp4"},
	{"webm", "video/webm"},
	{"mp3", "audio/mpeg"},
	{"ogg", "audio/ogg"},
};

const char *serve_files_type(const char *path)
{
	const char *extension = file_extension(path);

	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcasecmp(extension, types[i].extension) == 0)
			return types[i].type;
	return "application/octet-stream";
}

bool serve_files_is_html(const char *path)
{
	const char *extension = file_extension(path);

	return strcasecmp(extension, "html") == 0 ||
	       strcasecmp(extension, "htm") == 0;
}
