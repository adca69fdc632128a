/*
 * Fuzz target: the Mustache engine.  The input is a template, then a NUL
 * byte, then YAML data: the template is compiled as "page" (and again as
 * the partial "p", so partial tags find one), the data parsed, and the
 * page rendered with it.  Compile errors, YAML errors and render errors
 * are fine; crashes, leaks, hangs and out-of-bounds reads are not.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"
#include "yml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	const char *nul = memchr(text, '\0', size);
	size_t tlen = nul ? (size_t)(nul - text) : size;
	struct diag *d = diag_new();
	struct mustache_set *set = mustache_set_new(false);
	struct value *ctx = NULL;
	struct buf out = BUF_INIT;

	if (nul)
		ctx = yml_parse(nul + 1, size - tlen - 1,
				(struct pos){"data.yml", 1, 1}, d);
	if (mustache_set_add(set, "page", text, tlen, "page.mustache", d) ==
		    0 &&
	    mustache_set_add(set, "p", text, tlen, "p.mustache", d) == 0) {
		if (ctx == NULL)
			ctx = value_map();
		mustache_render(set, "page", ctx, &out, d);
	}
	buf_release(&out);
	value_free(ctx);
	mustache_set_free(set);
	diag_free(d);
	return 0;
}
