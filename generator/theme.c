/*
 * theme: loading and applying a theme.  Partials and templates share one
 * Mustache set: a template names its layout as a parent ({{<base}}) and its
 * pieces as partials ({{>nav}}), both found by file stem.  The set is
 * strict: a missing partial is an error, not a silent blank.  A theme is
 * looked for in the handbook's themes/ first, then among the built-in ones
 * (datadir.h), and nothing in it is read before inputs_check has found no
 * link or special file in the whole folder.
 */
#include "theme.h"

#include <stdlib.h>

#include "buf.h"
#include "datadir.h"
#include "file.h"
#include "inputs.h"
#include "mem.h"
#include "mustache.h"

struct theme {
	char *dir;
	char *name;
	struct mustache_set *templates;
};

static int add_folder(struct theme *t, const char *name, const char *sub,
		      bool required, struct diag *d)
{
	struct buf display = BUF_INIT;
	char *disk;
	int status = 0;

	buf_printf(&display, "themes/%s/%s", name, sub);
	disk = file_join(t->dir, sub);
	if (file_is_dir(disk))
		status = mustache_set_add_dir(t->templates, disk,
					      buf_str(&display), d);
	else if (required) {
		diag_error(d, (struct pos){buf_str(&display), 0, 0},
			   "theme '%s' has no %s folder", name, sub);
		status = -1;
	}
	free(disk);
	buf_release(&display);
	return status;
}

/* The folder of theme name, in the handbook or built in, once
 * inputs_check has found nothing in it to refuse; NULL after reporting
 * why not. */
static char *find_dir(const char *root, const char *name, struct diag *d)
{
	char *base = datadir_base(root, "themes", name);
	struct buf rel = BUF_INIT;
	char *dir = NULL;

	buf_printf(&rel, "themes/%s", name);
	if (base && inputs_check(base, buf_str(&rel), d) != 0) {
		free(base);
		buf_release(&rel);
		return NULL;
	}
	if (base)
		dir = file_join(base, buf_str(&rel));
	if (dir == NULL || !file_is_dir(dir)) {
		diag_error(d, (struct pos){"handbook.yml", 0, 0},
			   "theme '%s' not found: there is no folder %s", name,
			   buf_str(&rel));
		free(dir);
		dir = NULL;
	}
	buf_release(&rel);
	free(base);
	return dir;
}

struct theme *theme_load(const char *root, const char *name, struct diag *d)
{
	struct theme *t = mem_calloc(1, sizeof *t);
	struct buf dir = BUF_INIT;
	int status;

	buf_printf(&dir, "themes/%s", name);
	t->dir = find_dir(root, name, d);
	t->name = mem_strdup(name);
	t->templates = mustache_set_new(true);
	if (t->dir == NULL) {
		status = -1;
	} else {
		status = add_folder(t, name, "partials", false, d) ? -1 : 0;
		status |= add_folder(t, name, "templates", true, d) ? -1 : 0;
	}
	if (status == 0)
		status = mustache_set_check(t->templates, d);
	if (status == 0 && !theme_has(t, "page")) {
		diag_error(d, (struct pos){buf_str(&dir), 0, 0},
			   "theme '%s' has no templates/page.mustache", name);
		status = -1;
	}
	buf_release(&dir);
	if (status != 0) {
		theme_free(t);
		return NULL;
	}
	return t;
}

void theme_free(struct theme *t)
{
	if (t == NULL)
		return;
	mustache_set_free(t->templates);
	free(t->dir);
	free(t->name);
	free(t);
}

bool theme_has(const struct theme *t, const char *template_name)
{
	return mustache_set_has(t->templates, template_name);
}

int theme_render(const struct theme *t, const char *template_name,
		 const struct value *ctx, struct buf *out, struct diag *d)
{
	return mustache_render(t->templates, template_name, ctx, out, d);
}

bool theme_has_file(const struct theme *t, const char *rel)
{
	char *path = file_join(t->dir, rel);
	bool has = file_is_regular(path);

	free(path);
	return has;
}

int theme_read(const struct theme *t, const char *rel, struct buf *out)
{
	char *path = file_join(t->dir, rel);
	int status = file_is_regular(path) ? file_read(path, out) : -1;

	free(path);
	return status;
}

int theme_copy_assets(const struct theme *t, struct output *o, struct diag *d)
{
	char *assets = file_join(t->dir, "assets");
	struct buf source = BUF_INIT;
	int status = 0;

	buf_printf(&source, "themes/%s/assets", t->name);
	if (file_is_dir(assets))
		status = output_copy_tree(o, "assets", buf_str(&source), assets,
					  d);
	buf_release(&source);
	free(assets);
	return status;
}
