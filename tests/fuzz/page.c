/*
 * Fuzz target: the whole page pipeline.  The input is the text of
 * content/index.md (front matter and Markdown, plugin blocks included) of
 * a tiny handbook in a temporary folder, built in-process exactly as
 * `prepbook build -j 1` builds it: config, content, links, plugins,
 * theme, site files, print.html and the search index.  Content errors are
 * fine; a crash, leak, hang, or an I/O error (which the build reports
 * only when writing its own output fails) is not.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "diag.h"

/* The repository, whose themes/ and plugins/ the build falls back on. */
#ifndef FUZZ_DATA_DIR
#define FUZZ_DATA_DIR "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static char page[128];
static char site[128];

static void write_file(const char *path, const void *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(text, 1, len, f) != len || fclose(f) != 0) {
		perror(path);
		abort();
	}
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

static int remove_one(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void tear_down(void)
{
	nftw(root, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* The handbook around the page, made once per process and removed when
 * it exits. */
static void set_up(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[128];

	snprintf(root, sizeof root, "%s/prepbook-fuzz-XXXXXX",
		 tmp && strlen(tmp) < 32 ? tmp : "/tmp");
	if (mkdtemp(root) == NULL) {
		perror(root);
		abort();
	}
	snprintf(path, sizeof path, "%s/content", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/content/guide", root);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/handbook.yml", root);
	write_text(path, "title: Fuzz\nbase_url: https://example.org/f\n");
	snprintf(path, sizeof path, "%s/content/guide/other.md", root);
	write_text(path, "---\ntitle: Other\n---\n\n# Other\n\n## Part two\n");
	snprintf(page, sizeof page, "%s/content/index.md", root);
	snprintf(site, sizeof site, "%s/site", root);
	setenv("PREPBOOK_DATA", FUZZ_DATA_DIR, 1);
	atexit(tear_down);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct build_options options = {
		.root = root, .out = site, .write = true, .jobs = 1};
	struct diag *d;

	if (root[0] == '\0')
		set_up();
	write_file(page, data, size);
	/* Each input builds from nothing: no cache from the last one. */
	nftw(site, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	d = diag_new();
	if (build_run(&options, d) == BUILD_IO_ERROR) {
		diag_print(d, stderr, DIAG_FORMAT_TEXT);
		abort();
	}
	diag_free(d);
	return 0;
}
