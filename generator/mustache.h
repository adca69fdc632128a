/*
 * mustache: the template engine themes are written in.  It implements the
 * required modules of the Mustache spec (interpolation, sections, inverted
 * sections, comments, partials, set delimiters) and the optional
 * inheritance (parents and blocks) and dynamic-names modules; not lambdas.
 *
 * Templates live in a set, by name.  Adding a template compiles it once
 * into a tree; rendering only walks trees, never text.  Partials and
 * parents are found by name in the same set when rendering (a dynamic name
 * is only known then).  A set is read-only while rendering and rendering
 * never writes to the data, so any number of threads may render from one
 * set and one data tree at once.
 *
 * Choices the spec leaves open, made here:
 * - {{x}} escapes & < > " ' (escape_html); {{{x}}} and {{&x}} do not.
 * - A number prints in its shortest round-tripping form (1.210 -> "1.21",
 *   85 -> "85"), whatever its source text was; quote a YAML value to keep
 *   it as written.
 * - A section is skipped for a missing name, null, false, an empty list and
 *   an empty string (so {{#page.description}} tests for a description).
 *   Everything else, 0 and an empty map included, is rendered once with
 *   the value pushed on the context, except a list, rendered per item.
 * - A dotted name may step into a list by index: {{#items.0}}.
 * - In a strict set, a missing partial or parent and interpolating a list
 *   or a map are errors.  In a spec-mode set they render as nothing, as
 *   the spec says.  A missing variable renders as nothing in both, and so
 *   does a dynamic name ({{>*x}}) whose value is missing or not a string.
 * - A standalone {{$block}}{{/block}} pair keeps its line ending only when
 *   what the block renders does not already end a line; a block that
 *   renders nothing removes its line.
 */
#ifndef PREPBOOK_MUSTACHE_H
#define PREPBOOK_MUSTACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/* Sections, parents and blocks nested in one template, at most. */
#define MUSTACHE_MAX_NESTING 64
/* Partials, parents and block overrides expanded inside one another while
 * rendering, at most: a template that includes itself stops here with an
 * error instead of exhausting the stack. */
#define MUSTACHE_MAX_DEPTH 64
/* Work one render may do, at most: tags and text visited, and bytes
 * written.  A template that includes itself twice, or loops over a list
 * inside a loop over it, grows exponentially long before it grows deep;
 * these turn that into an error instead of a hang.  A page of a large
 * handbook needs well under a hundredth of either. */
#define MUSTACHE_MAX_STEPS 10000000L
#define MUSTACHE_MAX_OUTPUT (256L * 1024 * 1024)

struct mustache_set;

/* A strict set reports missing partials and parents; see above. */
struct mustache_set *mustache_set_new(bool strict);
void mustache_set_free(struct mustache_set *set);

/*
 * Compiles text (len bytes) as the template called name; diagnostics name
 * file.  A name already in the set is an error: one name, one template.
 * Returns 0, or -1 after recording what is wrong (compiling stops at the
 * first error, but names every section still open at the end).
 */
int mustache_set_add(struct mustache_set *set, const char *name,
		     const char *text, size_t len, const char *file,
		     struct diag *d);

/*
 * Adds every "*.mustache" file of the folder dir (not its subfolders, not
 * hidden files), in sorted order, named by its stem: "nav.mustache" is
 * "nav".  Diagnostics name the files display_dir/<file>.  Every file is
 * tried, so one call reports every broken template.  Returns 0; -1 when a
 * template had errors; -2 when the folder or a file could not be read.
 */
int mustache_set_add_dir(struct mustache_set *set, const char *dir,
			 const char *display_dir, struct diag *d);

bool mustache_set_has(const struct mustache_set *set, const char *name);

/*
 * Checks that every partial and parent named in the set's templates (not
 * the dynamic ones) is in the set, reporting each missing one at its tag.
 * A build calls this once after loading a theme, so a missing partial is
 * reported once, not once per page.  Returns 0, or -1 after reporting.
 */
int mustache_set_check(const struct mustache_set *set, struct diag *d);

/*
 * Renders the template called name with data as the context and appends
 * the text to out.  Returns 0, or -1 after recording an error (rendering
 * stops at the first one and out is left as it was).
 */
int mustache_render(const struct mustache_set *set, const char *name,
		    const struct value *data, struct buf *out, struct diag *d);

#endif
