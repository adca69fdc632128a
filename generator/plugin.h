/*
 * plugin: the sandboxed Lua 5.4 runtime that turns a fenced block into HTML.
 *
 * A runtime owns one lua_State and the plugins it has compiled.  It is used
 * by one thread at a time: a parallel build gives each worker its own.  The
 * state is reused across blocks (compiling a plugin once), but every call
 * runs in a fresh environment, so nothing one block does is seen by another.
 */
#ifndef PREPBOOK_PLUGIN_H
#define PREPBOOK_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"
#include "value.h"

/*
 * Renders inline Markdown to HTML for prepbook.markdown(); returns a string
 * the caller frees with free().  Problems in the text (a broken link, raw
 * HTML) are recorded in d at the block's position, at: the runtime counts
 * them there to stop a block whose text has errors.
 */
typedef char *(*plugin_markdown_fn)(const char *markdown, struct pos at,
				    struct diag *d, void *data);

struct plugin_limits {
	long instructions;   /* per block */
	size_t memory_bytes; /* per Lua state */
	size_t output_bytes; /* per block */
	long wall_ms;	     /* per block */
	size_t input_bytes;  /* per string given to a prepbook function */
	size_t kept_bytes;   /* per page (per block when the call has no
				kept counter): host memory kept for the
				page's blocks until the build ends */
};

struct plugin_config {
	const char *dir;	  /* the plugins folder on disk */
	const char *fallback_dir; /* where a plugin not in dir is looked for
				     (the built-in plugins); may be NULL */
	const char *display;	  /* how diagnostics name it, e.g. "plugins" */
	plugin_markdown_fn markdown;
	void *markdown_data;
	struct plugin_limits limits; /* zeros take plugin_default_limits */
};

/* One block to render, and where it came from. */
struct plugin_call {
	const char *name;	  /* the info string: plugins/<name>.lua */
	const struct value *args; /* the block body, parsed as YAML */
	struct pos at;		  /* the block's opening fence */
	const struct value *page; /* read-only page data */
	const struct value *site; /* read-only site data */
	int *next_id;		  /* per-page counter for ctx.unique_id */
	struct value *claimed;	  /* per-page map of the element ids given
				     out (ctx.unique_id, ctx.claim_id), and
				     of how many blocks each plugin has run
				     (ctx.index); the caller makes one
				     value_map() per page and frees it.
				     NULL: ids are checked, and blocks
				     counted, within the block only */
	struct value *records;	  /* per-page list that a successful
				     block's ctx.record map is appended
				     to (its position is where the record
				     points); NULL: records are checked and
				     dropped */
	size_t *kept;		  /* per-page count, in bytes, of the host
				     memory its blocks made the host keep
				     (claimed ids, records, diagnostics of
				     prepbook.markdown texts), checked
				     against limits.kept_bytes; NULL: counted
				     within the block only */
};

struct plugin_runtime;

extern const struct plugin_limits plugin_default_limits;

struct plugin_runtime *plugin_runtime_new(const struct plugin_config *config);
void plugin_runtime_free(struct plugin_runtime *rt);

/* Whether plugins/<name>.lua exists (name must be [a-z0-9_-]+), in dir or
 * else in fallback_dir. */
bool plugin_exists(struct plugin_runtime *rt, const char *name);

/* The folder the plugin is loaded from: dir, or fallback_dir for a plugin
 * only it has.  Its assets are in <folder>/assets/. */
const char *plugin_dir(struct plugin_runtime *rt, const char *name);

/*
 * Runs the plugin's render(args, ctx) and appends the HTML it returns to
 * html.  On any failure (a compile error, prepbook.error, a runtime error, a
 * limit) records an error at call->at, with a note at the plugin's line when
 * known, leaves html as it was and returns -1.
 */
int plugin_render(struct plugin_runtime *rt, const struct plugin_call *call,
		  struct buf *html, struct diag *d);

/*
 * The asset file names (relative to plugins/assets/) the plugin declares, as
 * a list value owned by the runtime; NULL when it cannot be loaded (the
 * error is recorded in d at the given position).
 */
const struct value *plugin_assets(struct plugin_runtime *rt, const char *name,
				  struct pos at, struct diag *d);

#endif
