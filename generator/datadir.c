/*
 * datadir: finding the built-in themes and plugins.  See datadir.h.
 */
#include "datadir.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "mem.h"

/* Whether path is there at all: a link counts, followed or not, so that
 * a handbook's link is refused (inputs.h) rather than passed over for the
 * built-in folder of the same name. */
static bool exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

/* The folder holding the running binary, from /proc (Linux). */
static char *binary_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	slash = strrchr(path, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return mem_strdup(path);
}

static char *candidate(const char *bin, const char *relative)
{
	char *dir = file_join(bin, relative);
	char *themes = file_join(dir, "themes");
	bool ok = file_is_dir(themes);

	free(themes);
	if (ok)
		return dir;
	free(dir);
	return NULL;
}

char *datadir_find(void)
{
	const char *env = getenv("PREPBOOK_DATA");
	char *bin, *dir = NULL;

	if (env && *env)
		return mem_strdup(env);
	bin = binary_dir();
	if (bin) {
		dir = candidate(bin, "..");
		if (dir == NULL)
			dir = candidate(bin, "../share/prepbook");
	}
	free(bin);
	return dir;
}

/* Whether base/sub/name exists. */
static bool holds(const char *base, const char *sub, const char *name)
{
	char *folder = file_join(base, sub);
	char *path = file_join(folder, name);
	bool found = exists(path);

	free(folder);
	free(path);
	return found;
}

char *datadir_base(const char *root, const char *sub, const char *name)
{
	char *data;

	if (holds(root, sub, name))
		return mem_strdup(root);
	data = datadir_find();
	if (data && holds(data, sub, name))
		return data;
	free(data);
	return NULL;
}
