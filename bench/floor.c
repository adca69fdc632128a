/*
 * floor: the least work a one-thread build of a handbook must do, for
 * `make bench`.
 *
 *     floor HANDBOOK OUT
 *
 * For every .md file under HANDBOOK/content, in sorted order and
 * recursively, floor reads the file, skips its front matter (the lines
 * from a first "---" line to the next "---" line), renders the body with
 * cmark-gfm and the GFM extensions, and writes the HTML to OUT under the
 * same relative path with ".html" for ".md", making folders as it goes.
 * No templates, no links, no plugins: what is left is reading, parsing,
 * rendering and writing, which no generator can skip, so its time on one
 * thread is the floor that bench/run divides every other time by.
 *
 * It uses the parse and render options prepbook's markdown.c uses, so the
 * two do the same cmark work on each page.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#define PARSE_OPTIONS                                                          \
	(CMARK_OPT_DEFAULT | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8)
#define RENDER_OPTIONS (PARSE_OPTIONS | CMARK_OPT_UNSAFE)

static const char *const extension_names[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist",
};
#define NEXTENSIONS (sizeof extension_names / sizeof extension_names[0])

/* Every failure is fatal: a benchmark that skipped a page would measure
 * less work than it claims to. */
static void die(const char *what, const char *path)
{
	fprintf(stderr, "floor: %s: %s\n", path, what);
	exit(1);
}

static void *xmalloc(size_t size)
{
	void *p = malloc(size);

	if (p == NULL) {
		fputs("floor: out of memory\n", stderr);
		abort();
	}
	return p;
}

/* dir + "/" + name + suffix, in a new string. */
static char *path_join(const char *dir, const char *name, const char *suffix)
{
	size_t size = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *path = xmalloc(size);

	snprintf(path, size, "%s/%s%s", dir, name, suffix);
	return path;
}

/* The whole file, its length in *length.  The size comes from fstat, as
 * a page does not change while the floor reads it. */
static char *read_file(const char *path, size_t *length)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *text;

	if (f == NULL || fstat(fileno(f), &st) != 0)
		die(strerror(errno), path);
	text = xmalloc((size_t)st.st_size + 1);
	*length = fread(text, 1, (size_t)st.st_size, f);
	if (*length != (size_t)st.st_size || fclose(f) != 0)
		die("cannot read", path);
	text[*length] = '\0';
	return text;
}

/* Whether the line at p is exactly "---" (with an optional CR), and if so
 * where the next line starts. */
static const char *fence_end(const char *p, const char *end)
{
	if (end - p < 3 || memcmp(p, "---", 3) != 0)
		return NULL;
	p += 3;
	if (p < end && *p == '\r')
		p++;
	if (p == end)
		return p;
	return *p == '\n' ? p + 1 : NULL;
}

/* Where the body starts: after the closing fence of the front matter, or
 * at the start when the file has none (or never closes it). */
static const char *skip_front_matter(const char *text, size_t length)
{
	const char *end = text + length;
	const char *p = fence_end(text, end), *after;

	if (p == NULL)
		return text;
	while (p < end) {
		const char *newline;

		if ((after = fence_end(p, end)) != NULL)
			return after;
		newline = memchr(p, '\n', (size_t)(end - p));
		if (newline == NULL)
			break;
		p = newline + 1;
	}
	return text;
}

static char *render(const char *body, size_t length)
{
	cmark_parser *parser = cmark_parser_new(PARSE_OPTIONS);
	cmark_node *document;
	char *html;

	for (size_t i = 0; i < NEXTENSIONS; i++)
		cmark_parser_attach_syntax_extension(
			parser,
			cmark_find_syntax_extension(extension_names[i]));
	cmark_parser_feed(parser, body, length);
	document = cmark_parser_finish(parser);
	html = cmark_render_html(document, RENDER_OPTIONS,
				 cmark_parser_get_syntax_extensions(parser));
	cmark_node_free(document);
	cmark_parser_free(parser);
	return html;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");
	size_t length = strlen(text);

	if (f == NULL)
		die(strerror(errno), path);
	if (fwrite(text, 1, length, f) != length || fclose(f) != 0)
		die("cannot write", path);
}

/* One page: source path in, HTML file out.  cmark's default allocator is
 * the C library's, so its HTML is released with free(). */
static void convert_page(const char *source, const char *target)
{
	size_t length;
	char *text = read_file(source, &length);
	const char *body = skip_front_matter(text, length);
	char *html = render(body, length - (size_t)(body - text));

	write_file(target, html);
	free(html);
	free(text);
}

static int is_markdown(const char *name)
{
	size_t n = strlen(name);

	return n > 3 && strcmp(name + n - 3, ".md") == 0;
}

/* dir + "/" + name with ".html" for its ".md", in a new string. */
static char *html_path(const char *dir, const char *name)
{
	int stem = (int)strlen(name) - 3;
	size_t size = strlen(dir) + (size_t)stem + sizeof "/.html";
	char *path = xmalloc(size);

	snprintf(path, size, "%s/%.*s.html", dir, stem, name);
	return path;
}

static void convert_dir(const char *source, const char *target);

/* One directory entry: a folder to descend into or a page to convert;
 * anything else (hidden files, images) is not the floor's business. */
static void convert_entry(const char *source, const char *target,
			  const char *name)
{
	char *from = path_join(source, name, "");
	struct stat st;

	if (stat(from, &st) != 0)
		die(strerror(errno), from);
	if (S_ISDIR(st.st_mode)) {
		char *to = path_join(target, name, "");

		convert_dir(from, to);
		free(to);
	} else if (S_ISREG(st.st_mode) && is_markdown(name)) {
		char *to = html_path(target, name);

		convert_page(from, to);
		free(to);
	}
	free(from);
}

static int not_hidden(const struct dirent *entry)
{
	return entry->d_name[0] != '.';
}

static void convert_dir(const char *source, const char *target)
{
	struct dirent **entries;
	int n = scandir(source, &entries, not_hidden, alphasort);

	if (n < 0)
		die(strerror(errno), source);
	if (mkdir(target, 0755) != 0 && errno != EEXIST)
		die(strerror(errno), target);
	for (int i = 0; i < n; i++) {
		convert_entry(source, target, entries[i]->d_name);
		free(entries[i]);
	}
	free(entries);
}

/* mkdir -p: OUT may be several folders deep in a folder not made yet. */
static void make_folders(const char *path)
{
	char *copy = path_join(path, "", "");

	for (char *p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0755) != 0 && errno != EEXIST)
			die(strerror(errno), copy);
		*p = '/';
	}
	free(copy);
}

int main(int argc, char **argv)
{
	char *content;

	if (argc != 3) {
		fputs("usage: floor HANDBOOK OUT\n", stderr);
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	content = path_join(argv[1], "content", "");
	make_folders(argv[2]);
	convert_dir(content, argv[2]);
	free(content);
	return 0;
}
