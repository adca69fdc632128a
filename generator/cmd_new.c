/*
 * cmd_new: creating a page.  It never overwrites: an existing file is an
 * error, since the author's text is worth more than a template.  The page
 * starts as a draft placed after its siblings.
 */
#include "cmd_new.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "content.h"
#include "file.h"
#include "mem.h"

/* Why path is not a new page's path, or NULL: content/<name>.md or
 * content/<part>/<name>.md, names in [a-z0-9_-].  The problem is named,
 * since the rule alone does not say which part of a path breaks it. */
static const char *path_problem(const char *path)
{
	const char *p = path + 8, *end = path + strlen(path);
	int slashes = 0;

	if (strncmp(path, "content/", 8) != 0)
		return "pages live in content/";
	if (end - p < 4 || strcmp(end - 3, ".md") != 0)
		return "a page's file name ends in .md";
	if (strchr(p, ' '))
		return "a name cannot hold a space (it becomes a URL): use "
		       "lowercase letters, digits and '-', as in my-page.md";
	for (; p < end - 3; p++) {
		if (*p == '/' && (++slashes > 1))
			return "pages may be at most one folder deep";
		if (*p == '/' && (p == path + 8 || p[-1] == '/' || p[1] == '.'))
			return "a folder or file name is empty";
		if (*p >= 'A' && *p <= 'Z')
			return "names are lowercase";
		if (*p != '/' &&
		    !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return "names hold only lowercase letters, digits, '-' "
			       "and '_'";
	}
	return NULL;
}

/* The weight that puts a new page after its siblings: one more than the
 * largest of the part's pages, or, for a page directly in content/, of
 * the parts and pages beside it.  Drafts count, so that two new pages
 * keep the order they were made in. */
static long next_weight(const char *root, const char *path)
{
	struct content_options all = {.drafts = true};
	struct diag *ignored = diag_new(); /* the build reports those */
	struct handbook *hb = content_load(root, &all, ignored);
	const char *slash = strchr(path + 8, '/');
	long max = 0;

	if (hb && slash) {
		char *dir = mem_strndup(path + 8, (size_t)(slash - path - 8));
		const struct part *pt = content_part(hb, dir);

		for (size_t i = 0; pt && i < pt->npages; i++)
			if (pt->pages[i]->weight > max)
				max = pt->pages[i]->weight;
		free(dir);
	}
	for (size_t i = 0; hb && !slash && i < hb->nsections; i++) {
		const struct section *s = &hb->sections[i];
		long w = s->part ? s->part->weight : s->page->weight;

		if (w > max)
			max = w;
	}
	content_free(hb);
	diag_free(ignored);
	return max + 1;
}

/* A YAML double-quoted scalar: safe whatever the title holds. */
static void put_yaml_string(struct buf *out, const char *s)
{
	buf_putc(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(out, '\\');
		if (*s == '\n')
			buf_puts(out, "\\n");
		else
			buf_putc(out, *s);
	}
	buf_putc(out, '"');
}

static int write_new(const char *file, const struct buf *text)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, buf_str(text), text->len);
	if (close(fd) != 0 || n != (ssize_t)text->len)
		return -1;
	return 0;
}

/* The new page: its title, the next weight, and draft: true until the
 * author is done (as `hugo new` does), so a placeholder never publishes
 * at the top of its part. */
static void front_matter(struct buf *text, const char *title, long weight)
{
	buf_puts(text, "---\ntitle: ");
	put_yaml_string(text, title);
	buf_printf(text,
		   "\ndescription: \"\"\nweight: %ld\n"
		   "draft: true # remove this line to publish the page\n"
		   "---\n\nWrite the page here.\n",
		   weight);
}

int cmd_new(const char *root, const char *path, const char *title,
	    struct diag *d)
{
	const char *problem = path_problem(path);
	char *file, *slash;
	struct buf text = BUF_INIT;
	int status = 0;

	if (problem) {
		diag_error(d, (struct pos){path, 0, 0},
			   "not a new page's path: %s; a page path looks like "
			   "content/<part>/<page>.md",
			   problem);
		return -2;
	}
	file = file_join(root, path);
	slash = strrchr(file, '/');
	*slash = '\0';
	if (file_mkdirs(file) != 0)
		status = -1;
	*slash = '/';
	front_matter(&text, title, next_weight(root, path));
	if (status == 0)
		status = write_new(file, &text);
	if (status != 0 && errno == EEXIST) {
		diag_error(d, (struct pos){path, 0, 0},
			   "cannot create: the file already exists");
	} else if (status != 0) {
		diag_error(d, (struct pos){path, 0, 0}, "cannot create: %s",
			   DIAG_STRERROR(errno));
		status = -3;
	}
	buf_release(&text);
	free(file);
	return status;
}
