/*
 * Fuzz target: reading the build cache (.prepbook-cache), which a rebuild
 * takes from the previous site and trusts for pages whose files it does
 * not read again.  The input is the file after its first line (version
 * and fingerprint, which the target writes so that the records are read
 * at all).  Any bytes must give either a cache whose entries a build
 * would trust are whole (front matter a map, a body no longer than its
 * file), or none; never a crash, a read past the input or a leak.
 */
#define _XOPEN_SOURCE 700
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

/* Checks what cache_find gives for every page the input names. */
static void check(const struct cache *c, const char *text, size_t size)
{
	for (const char *p = text; p && p < text + size;) {
		const char *nl = memchr(p, '\n', (size_t)(text + size - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(text + size - p);

		if (len > 5 && strncmp(p, "page\t", 5) == 0) {
			const char *end = memchr(p + 5, '\t', len - 5);
			char *source = strndup(
				p + 5, (size_t)(end ? end - p - 5 : len - 5));
			const struct cache_page *e = cache_find(c, source);

			/* What a build trusts (build.c's known_file). */
			if (e && e->has_file && e->front_matter &&
			    (!value_is(e->front_matter, VALUE_MAP) ||
			     e->body_len > e->file.size || e->body_line < 1))
				abort();
			free(source);
		}
		p = nl ? nl + 1 : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	struct cache *c;
	char *path;

	if (dir[0] == '\0') {
		strcpy(dir, "/tmp/prepbook-fuzz-cache-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
	}
	cache_write_header(&text, 0);
	buf_put(&text, (const char *)data, size);
	path = file_join(dir, CACHE_FILE);
	if (file_write(path, text.data, text.len) != 0)
		abort();
	c = cache_load(dir, 0);
	if (c)
		check(c, (const char *)data, size);
	cache_free(c);
	free(path);
	buf_release(&text);
	return 0;
}
