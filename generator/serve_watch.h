/*
 * serve_watch: what the dev server watches, with inotify: the handbook's
 * handbook.yml and its content/, themes/ and plugins/ folders, every
 * folder inside them, and the ones made later (a new part, a folder moved
 * in, content/ itself made again by a checkout).
 */
#ifndef PREPBOOK_SERVE_WATCH_H
#define PREPBOOK_SERVE_WATCH_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

struct serve_watch;

/* Starts watching the handbook at root.  NULL on failure, recorded in d
 * (inotify is Linux's; a system out of watches says so). */
struct serve_watch *serve_watch_new(const char *root, struct diag *d);
void serve_watch_free(struct serve_watch *w);

/*
 * Waits for a change, then for the handbook to be quiet (see
 * serve_watch.c), and puts the first changed file's path, relative to
 * the handbook, in cause.  Editors' scratch files (hidden names,
 * "name~", "#name#", vim's "4913") are no change.  Returns 1 after a
 * change, 0 as soon as stop_fd is readable, -1 on an error (recorded in
 * d).
 */
int serve_watch_wait(struct serve_watch *w, int stop_fd, struct buf *cause,
		     struct diag *d);

#endif
