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

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
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

char *datadir_resolve(const char *root, const char *sub, const char *name)
{
	char *local = file_join(root, sub);
	char *path = file_join(local, name);
	char *data;

	free(local);
	if (exists(path))
		return path;
	free(path);
	data = datadir_find();
	if (data == NULL)
		return NULL;
	local = file_join(data, sub);
	path = file_join(local, name);
	free(local);
	free(data);
	if (exists(path))
		return path;
	free(path);
	return NULL;
}
