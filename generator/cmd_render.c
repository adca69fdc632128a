/*
 * cmd_render: `prepbook render`.  See cmd_render.h.  The set is strict, as in a
 * build, so what renders here renders the same in a build.  Diagnostics
 * name files by the paths the author typed.
 */
#include "cmd_render.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "mem.h"
#include "mustache.h"
#include "value.h"
#include "yml.h"

static const char template_ext[] = ".mustache";

/* Statuses are 0, -1 (bad content) and -2 (I/O); the worse one wins. */
static int worse(int a, int b)
{
	return a < b ? a : b;
}

static int cannot_read(const char *path, int error, struct diag *d)
{
	diag_error(d, (struct pos){path, 0, 0}, "cannot read: %s",
		   FILE_READ_ERROR(error));
	return -2;
}

/* No data file is an empty map, as is an empty one (yml_parse). */
static int load_data(const char *path, struct value **data, struct diag *d)
{
	struct stat st;

	if (path == NULL) {
		*data = value_map();
		return 0;
	}
	if (stat(path, &st) != 0)
		return cannot_read(path, errno, d);
	if (S_ISDIR(st.st_mode))
		return cannot_read(path, EISDIR, d);
	*data = yml_load_file(path, path, d);
	return *data ? 0 : -1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/* "themes/x/templates/page.mustache" is the template "page". */
static char *stem_of(const char *path)
{
	const char *base = base_name(path);
	size_t len = strlen(base), ext = strlen(template_ext);

	if (len > ext && strcmp(base + len - ext, template_ext) == 0)
		len -= ext;
	return mem_strndup(base, len);
}

/* The folder part of path as typed: "" for a bare file name. */
static char *folder_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return mem_strdup("");
	if (slash == path)
		return mem_strdup("/");
	return mem_strndup(path, (size_t)(slash - path));
}

/* The "partials" folder beside folder: "t/templates" -> "t/partials".
 * Where the parent cannot be had by cutting the text ("", ".", ".."),
 * it is named by going up. */
static char *sibling_partials(const char *folder)
{
	const char *slash = strrchr(folder, '/');
	const char *last = slash ? slash + 1 : folder;
	char *parent, *path;

	if (*last == '\0' || strcmp(last, ".") == 0 || strcmp(last, "..") == 0)
		return file_join(folder, "../partials");
	if (slash == NULL)
		return mem_strdup("partials");
	if (slash == folder)
		parent = mem_strdup("/");
	else
		parent = mem_strndup(folder, (size_t)(slash - folder));
	path = file_join(parent, "partials");
	free(parent);
	return path;
}

static bool same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Whether adding the folder dir put the template in the set already. */
static bool holds(const char *dir, const char *template_path)
{
	const char *base = base_name(template_path);
	size_t len = strlen(base), ext = strlen(template_ext);
	char *path;
	bool found;

	if (len <= ext || strcmp(base + len - ext, template_ext) != 0)
		return false;
	path = file_join(*dir ? dir : ".", base);
	found = same_file(path, template_path);
	free(path);
	return found;
}

static int add_folder(struct mustache_set *set, const char *dir,
		      const char *template_path, bool *has_template,
		      struct diag *d)
{
	int status = mustache_set_add_dir(set, *dir ? dir : ".", dir, d);

	if (holds(dir, template_path))
		*has_template = true;
	return status;
}

/* Compiles the partials; *has_template tells whether that included the
 * template itself (it sits in its own folder). */
static int load_partials(struct mustache_set *set, const char *template_path,
			 const char *partials_dir, bool *has_template,
			 struct diag *d)
{
	char *folder, *sibling;
	int status;

	*has_template = false;
	if (partials_dir)
		return add_folder(set, partials_dir, template_path,
				  has_template, d);
	folder = folder_of(template_path);
	sibling = sibling_partials(folder);
	status = add_folder(set, folder, template_path, has_template, d);
	if (file_is_dir(sibling) && !same_file(sibling, *folder ? folder : "."))
		status = worse(status, add_folder(set, sibling, template_path,
						  has_template, d));
	free(sibling);
	free(folder);
	return status;
}

static int load_template(struct mustache_set *set, const char *path,
			 const char *name, struct diag *d)
{
	struct buf text = BUF_INIT;
	int status;

	if (file_read(path, &text) != 0) {
		status = cannot_read(path, errno, d);
	} else {
		status = mustache_set_add(set, name, buf_str(&text), text.len,
					  path, d);
	}
	buf_release(&text);
	return status;
}

int cmd_render(const char *template_path, const char *data_path,
	       const char *partials_dir, struct buf *out, struct diag *d)
{
	struct mustache_set *set = mustache_set_new(true);
	struct value *data = NULL;
	char *name = stem_of(template_path);
	bool has_template;
	int status = load_data(data_path, &data, d);

	status = worse(status, load_partials(set, template_path, partials_dir,
					     &has_template, d));
	if (!has_template)
		status = worse(status,
			       load_template(set, template_path, name, d));
	/* The build checks every named partial once, taken branch or not;
	 * so does this, so what renders here renders in a build too. */
	if (status == 0 && mustache_set_check(set, d) != 0)
		status = -1;
	if (status == 0 && mustache_render(set, name, data, out, d) != 0)
		status = -1;
	value_free(data);
	free(name);
	mustache_set_free(set);
	return status;
}
