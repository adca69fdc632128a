/*
 * cmd_render: `prepbook render TEMPLATE.mustache [DATA.yml] [--partials DIR]`,
 * the theme author's tool: one template rendered against YAML data, with
 * the same strict engine the build uses, so a template can be tried
 * without building a handbook.
 */
#ifndef PREPBOOK_CMD_RENDER_H
#define PREPBOOK_CMD_RENDER_H

#include "buf.h"
#include "diag.h"

/*
 * Renders the template at template_path (named by its file stem) against
 * the YAML file data_path (NULL: an empty map) and appends the text to
 * out.  Partials and parents come from partials_dir; without one, from
 * the template's own folder and, if there is one, the "partials" folder
 * beside it (a theme's templates/ and partials/), so
 * `prepbook render themes/default/templates/page.mustache data.yml` finds
 * the theme's layout and partials.  Everything is compiled before
 * anything is rendered, so every broken template is reported.
 *
 * Returns 0; -1 after recording errors in the templates or the data;
 * -2 when a file or folder could not be read.
 */
int cmd_render(const char *template_path, const char *data_path,
	       const char *partials_dir, struct buf *out, struct diag *d);

#endif
