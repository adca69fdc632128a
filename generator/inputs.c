/*
 * inputs: refusing links and special files among a build's inputs.  See
 * inputs.h.
 */
#include "inputs.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "mem.h"

/* Reports base/rel when it is a link or neither a file nor a folder.
 * Returns its kind. */
static enum file_kind check_one(const char *base, const char *rel, int *status,
				struct diag *d)
{
	char *disk = file_join(base, rel);
	enum file_kind kind = file_kind(disk);

	free(disk);
	if (kind == FILE_SYMLINK || kind == FILE_OTHER) {
		diag_error(
			d, (struct pos){rel, 0, 0}, "cannot read: %s",
			FILE_READ_ERROR(kind == FILE_SYMLINK ? ELOOP : EINVAL));
		*status = -1;
	}
	return kind;
}

/* Checks every entry under base/rel, a folder already checked. */
static void check_tree(const char *base, const char *rel, int *status,
		       struct diag *d)
{
	char *disk = file_join(base, rel);
	size_t count;
	char **names = file_list(disk, &count);

	free(disk);
	if (names == NULL) {
		diag_error(d, (struct pos){rel, 0, 0}, "cannot read folder: %s",
			   DIAG_STRERROR(errno));
		*status = -1;
		return;
	}
	for (size_t i = 0; i < count; i++) {
		char *child;

		if (names[i][0] == '.')
			continue;
		child = file_join(rel, names[i]);
		if (check_one(base, child, status, d) == FILE_DIR)
			check_tree(base, child, status, d);
		free(child);
	}
	file_list_free(names, count);
}

int inputs_check(const char *base, const char *rel, struct diag *d)
{
	char *path = mem_strdup(rel);
	enum file_kind kind = FILE_DIR;
	int status = 0;

	/* Each step in turn ("themes", then "themes/plain"), so that the
	 * error names the link itself rather than something behind it. */
	for (char *p = path; kind == FILE_DIR; p++) {
		char *slash = strchr(p, '/');

		if (slash)
			*slash = '\0';
		kind = check_one(base, path, &status, d);
		if (slash == NULL)
			break;
		*slash = '/';
		p = slash;
	}
	if (kind == FILE_DIR && status == 0)
		check_tree(base, path, &status, d);
	free(path);
	return status;
}
