/*
 * serve_snapshot: what a build changed in the site, for the dev server's
 * reload messages.  The build keeps an unchanged file's inode and
 * modification time (output.c), so comparing two snapshots of the site
 * folder's (inode, mtime, size) names exactly the files a build wrote,
 * added or removed, without the build having to say.
 */
#ifndef PREPBOOK_SERVE_SNAPSHOT_H
#define PREPBOOK_SERVE_SNAPSHOT_H

#include <stddef.h>

struct serve_snapshot;

/* Every file under dir, by its site path.  The build's own hidden files
 * (.prepbook-*) are left out: they are not part of the site.  A missing
 * folder gives an empty snapshot. */
struct serve_snapshot *serve_snapshot_take(const char *dir);
void serve_snapshot_free(struct serve_snapshot *s);

size_t serve_snapshot_len(const struct serve_snapshot *s);

/* The site paths that differ between before and after (written again,
 * added or removed), sorted; *n is their number.  Free the list with
 * serve_snapshot_list_free. */
char **serve_snapshot_diff(const struct serve_snapshot *before,
			   const struct serve_snapshot *after, size_t *n);
void serve_snapshot_list_free(char **paths, size_t n);

#endif
