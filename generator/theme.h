/*
 * theme: a theme folder (themes/<name>/) as the build uses it: its
 * templates and partials compiled once into one Mustache set, the choice
 * of template for each page, and its assets.
 */
#ifndef PREPBOOK_THEME_H
#define PREPBOOK_THEME_H

#include <stdbool.h>

#include "buf.h"
#include "diag.h"
#include "output.h"
#include "value.h"

struct theme;

/* Loads themes/<name> under root.  NULL after recording errors. */
struct theme *theme_load(const char *root, const char *name, struct diag *d);
void theme_free(struct theme *t);

bool theme_has(const struct theme *t, const char *template_name);

/* Renders the named template with ctx into out.  Thread-safe. */
int theme_render(const struct theme *t, const char *template_name,
		 const struct value *ctx, struct buf *out, struct diag *d);

/* Whether the theme has a file at rel ("assets/icon-192.png"). */
bool theme_has_file(const struct theme *t, const char *rel);

/* Appends the theme's file at rel ("sw.js") to out.  Returns 0, or -1
 * when the theme has no such file (nothing is recorded: a theme may
 * leave a feature out). */
int theme_read(const struct theme *t, const char *rel, struct buf *out);

/* Copies the theme's assets/ folder to the site's assets/. */
int theme_copy_assets(const struct theme *t, struct output *o, struct diag *d);

#endif
