/*
 * pluginlist: listing plugin files.  See pluginlist.h.  Names follow the
 * rule plugin.c loads by ([a-z0-9_-]+), so every name listed is one a
 * fence could name.
 */
#include "pluginlist.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "mem.h"

static bool is_plugin_name(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		      s[i] == '_'))
			return false;
	return true;
}

static bool listed(char **names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return true;
	return false;
}

/* Adds the plugin names of dir to names[0..*n). */
static char **add_folder(char **names, size_t *n, size_t *cap, const char *dir)
{
	size_t count;
	char **files = dir ? file_list(dir, &count) : NULL;

	for (size_t i = 0; files && i < count; i++) {
		size_t len = strlen(files[i]);
		char *name;

		if (len < 5 || strcmp(files[i] + len - 4, ".lua") != 0 ||
		    !is_plugin_name(files[i], len - 4))
			continue;
		name = mem_strndup(files[i], len - 4);
		if (listed(names, *n, name)) {
			free(name);
			continue;
		}
		names = mem_grow(names, cap, *n + 2, sizeof *names);
		names[(*n)++] = name;
	}
	if (files)
		file_list_free(files, count);
	return names;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **pluginlist_read(const char *dir, const char *fallback_dir)
{
	size_t n = 0, cap = 0;
	char **names = mem_grow(NULL, &cap, 1, sizeof *names);

	names = add_folder(names, &n, &cap, dir);
	names = add_folder(names, &n, &cap, fallback_dir);
	qsort(names, n, sizeof *names, compare_names);
	names[n] = NULL;
	return names;
}

void pluginlist_free(char **names)
{
	for (size_t i = 0; names && names[i]; i++)
		free(names[i]);
	free(names);
}
