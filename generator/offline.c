/*
 * offline: manifest.webmanifest and sw.js.  See offline.h.
 */
#include "offline.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "hash.h"

/* The icon sizes a manifest may list, as assets/icon-<size>.png: install
 * prompts want 192 and 512; the others serve launchers and splashes. */
static const int icon_sizes[] = {72, 96, 128, 144, 152, 192, 256, 384, 512};

static void put_icons(struct buf *json, const struct theme *t)
{
	bool first = true;
	char rel[64];

	buf_puts(json, "  \"icons\": [");
	for (size_t i = 0; i < sizeof icon_sizes / sizeof *icon_sizes; i++) {
		snprintf(rel, sizeof rel, "assets/icon-%d.png", icon_sizes[i]);
		if (!theme_has_file(t, rel))
			continue;
		buf_printf(json,
			   "%s\n    {\"src\": \"%s\", \"sizes\": \"%dx%d\", "
			   "\"type\": \"image/png\", \"purpose\": \"any\"}",
			   first ? "" : ",", rel, icon_sizes[i], icon_sizes[i]);
		first = false;
	}
	if (theme_has_file(t, "assets/icon.svg")) {
		buf_printf(json,
			   "%s\n    {\"src\": \"assets/icon.svg\", \"sizes\": "
			   "\"any\", \"type\": \"image/svg+xml\"}",
			   first ? "" : ",");
	}
	buf_puts(json, "\n  ]\n");
}

/* URLs in a manifest are relative to the manifest, which sits at the
 * site root: the same file works at any address, and from any depth of
 * a GitHub Pages project site. */
int offline_write_manifest(const struct config *c, const struct theme *t,
			   struct output *o, struct diag *d)
{
	struct buf json = BUF_INIT;
	int status;

	buf_puts(&json, "{\n  \"name\": ");
	escape_json(&json, c->title);
	buf_puts(&json, ",\n  \"short_name\": ");
	escape_json(&json, c->title);
	buf_puts(&json, ",\n  \"description\": ");
	escape_json(&json, c->description);
	buf_puts(&json, ",\n  \"lang\": ");
	escape_json(&json, c->language);
	buf_puts(&json, ",\n  \"id\": \"./\",\n  \"start_url\": "
			"\"./index.html\",\n  \"scope\": \"./\",\n  "
			"\"display\": \"standalone\",\n");
	put_icons(&json, t);
	buf_puts(&json, "}\n");
	status = output_write(o, OFFLINE_MANIFEST_PATH,
			      "the generated web app manifest", buf_str(&json),
			      json.len, d);
	buf_release(&json);
	return status;
}

/* Whether the reader's browser should keep the file: not a hidden one
 * (the build cache, .nojekyll), not the host's CNAME. */
static bool is_listed(const char *path)
{
	if (strcmp(path, "CNAME") == 0 ||
	    strcmp(path, OFFLINE_WORKER_PATH) == 0)
		return false;
	for (const char *p = path; p; p = strchr(p, '/')) {
		p += *p == '/';
		if (*p == '.')
			return false;
	}
	return true;
}

int offline_write_worker(const struct theme *t, struct output *o,
			 struct diag *d)
{
	struct buf code = BUF_INIT, list = BUF_INIT, js = BUF_INIT;
	size_t n;
	struct output_entry *files;
	uint64_t version;
	int status;

	if (theme_read(t, "sw.js", &code) != 0) {
		buf_release(&code);
		return 0;
	}
	files = output_files(o, &n);
	version = hash_bytes(buf_str(&code), code.len, 0);
	for (size_t i = 0; i < n; i++) {
		if (!is_listed(files[i].path))
			continue;
		version = hash_number(files[i].hash,
				      hash_string(files[i].path, version));
		buf_puts(&list, list.len ? ",\n[" : "\n[");
		escape_json(&list, files[i].path);
		buf_printf(&list, ",\"%08" PRIx32 "\"]",
			   (uint32_t)(files[i].hash >> 32));
	}
	free(files);
	buf_printf(&js,
		   "/* Written by prepbook: the files of this site and their "
		   "version, then the\n * theme's service worker. */\n"
		   "self.PREPBOOK_VERSION = \"%016" PRIx64 "\";\n"
		   "self.PREPBOOK_FILES = [%s];\n\n",
		   version, buf_str(&list));
	buf_put(&js, buf_str(&code), code.len);
	status = output_write(o, OFFLINE_WORKER_PATH,
			      "the generated service worker", buf_str(&js),
			      js.len, d);
	buf_release(&js);
	buf_release(&list);
	buf_release(&code);
	return status;
}
