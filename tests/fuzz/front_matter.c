/*
 * Fuzz target: a page's text split into front matter and body
 * (content_split), and the front matter read as YAML (yml_parse), as
 * content.c does for every page.  Any input may fail with diagnostics; it
 * must never crash, leak or read out of bounds.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "diag.h"
#include "value.h"
#include "yml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A page's text as content.c holds it: NUL-terminated. */
	char *text = malloc(size + 1);
	struct diag *d = diag_new();
	const char *fm, *body;
	size_t fm_len;
	int body_line;

	memcpy(text, data, size);
	text[size] = '\0';
	if (content_split(text, size, "content/x.md", &fm, &fm_len, &body,
			  &body_line, d) == 0)
		value_free(yml_parse(fm, fm_len,
				     (struct pos){"content/x.md", 2, 1}, d));
	diag_free(d);
	free(text);
	return 0;
}
