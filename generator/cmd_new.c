/*
 * cmd_new: creating a page.  It never overwrites: an existing file is an
 * error, since the author's text is worth more than a template.
 */
#include "cmd_new.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "mem.h"

/* content/<name>.md or content/<part>/<name>.md, names in [a-z0-9_-]. */
static bool is_page_path(const char *path)
{
	const char *p = path + 8;
	int slashes = 0;

	if (strncmp(path, "content/", 8) != 0 || strlen(p) < 4 ||
	    strcmp(path + strlen(path) - 3, ".md") != 0)
		return false;
	for (; p < path + strlen(path) - 3; p++) {
		if (*p == '/') {
			if (++slashes > 1 || p[-1] == '/' || p[1] == '.')
				return false;
		} else if (!((*p >= 'a' && *p <= 'z') ||
			     (*p >= '0' && *p <= '9') || *p == '-' ||
			     *p == '_')) {
			return false;
		}
	}
	return path[8] != '/';
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

int cmd_new(const char *root, const char *path, const char *title,
	    struct diag *d)
{
	char *file, *slash;
	struct buf text = BUF_INIT;
	int status = 0;

	if (!is_page_path(path)) {
		diag_error(d, (struct pos){path, 0, 0},
			   "a page path looks like content/<part>/<page>.md "
			   "(lowercase letters, digits, '-' and '_')");
		return -2;
	}
	file = file_join(root, path);
	slash = strrchr(file, '/');
	*slash = '\0';
	if (file_mkdirs(file) != 0)
		status = -1;
	*slash = '/';
	buf_puts(&text, "---\ntitle: ");
	put_yaml_string(&text, title);
	buf_puts(&text, "\ndescription: \"\"\n---\n\nWrite the page here.\n");
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
