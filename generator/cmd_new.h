/*
 * cmd_new: `prepbook new content/part/page.md --title "..."`, which starts a
 * page with valid front matter so a new author begins from a page that
 * builds.
 */
#ifndef PREPBOOK_CMD_NEW_H
#define PREPBOOK_CMD_NEW_H

#include "diag.h"

/* Creates root/path.  Returns 0; -1 when the file exists; -2 when path is
 * not a page path (a usage error); -3 when it cannot be written. */
int cmd_new(const char *root, const char *path, const char *title,
	    struct diag *d);

#endif
