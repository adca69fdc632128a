/*
 * serve_watch: inotify over the handbook.  See serve_watch.h.
 *
 * inotify watches one folder at a time, so every folder of the watched
 * trees gets a watch, and a folder that appears gets its own (and its
 * subfolders') as soon as its creation is read.  Files made in it before
 * that are not lost: the event that announced the folder starts a
 * build, which scans the folder as it is by then.
 *
 * The handbook folder itself is watched too, for handbook.yml and for
 * the three folders being made, removed or renamed; what else happens
 * there (the build's staging folder, site/ being swapped) is not
 * looked at, which is also why a build never wakes the watcher.
 *
 * When a folder is moved or removed, or the kernel's queue overflowed,
 * the watches are made again from the trees as they are now: the ones
 * still wanted are kept (inotify gives a folder the same watch again),
 * the rest removed.
 */
#define _GNU_SOURCE /* IN_EXCL_UNLINK, IN_ONLYDIR */
#include "serve_watch.h"

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "mem.h"

/* The folders and file of the handbook that a build reads. */
static const char *const tops[] = {"content", "themes", "plugins",
				   "handbook.yml"};

/*
 * Coalescing.  A save is a burst of events a few milliseconds apart (a
 * temporary file written and renamed over the page, or a write and a
 * close; vim adds a backup and a probe file), a checkout a longer one,
 * and building in the middle of one builds twice.  So a build waits for
 * quiet: BUSY_MS without an event after one that may have more behind
 * it (a file made, written to, moved away), but only SETTLED_MS after
 * one that ends a save (a file closed after writing, or renamed into
 * place), since an edit should show within 200 ms and the build and the
 * browser's reload need most of that.  No burst puts a build off more
 * than MAX_DELAY_MS, so a file written without pause still gets built.
 */
#define BUSY_MS 50
#define SETTLED_MS 10
#define MAX_DELAY_MS 1000

enum change { NO_CHANGE, BUSY, SETTLED };

#define MASK                                                                   \
	(IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE | IN_DELETE | IN_MOVED_FROM |  \
	 IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF | IN_EXCL_UNLINK |        \
	 IN_ONLYDIR)

struct watched {
	int wd;
	char *path; /* relative to the handbook; "" for the handbook */
	bool seen;  /* found by the current rescan */
};

struct serve_watch {
	int fd;
	char *root;
	struct watched *dirs;
	size_t n, cap;
	bool rescan; /* the watches no longer match the trees */
};

static bool is_top(const char *name)
{
	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++)
		if (strcmp(name, tops[i]) == 0)
			return true;
	return false;
}

/* Editors' scratch files: swap and lock files, backups, autosaves. */
static bool is_scratch(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || n == 0 || name[n - 1] == '~' ||
	       (n > 1 && name[0] == '#' && name[n - 1] == '#') ||
	       strcmp(name, "4913") == 0 ||
	       (n > 3 && strcmp(name + n - 3, "___") == 0);
}

static struct watched *find(struct serve_watch *w, int wd)
{
	for (size_t i = 0; i < w->n; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Watches the folder rel (not its subfolders); false when it cannot. */
static bool watch_one(struct serve_watch *w, const char *rel)
{
	char *full = file_join(w->root, rel);
	int wd = inotify_add_watch(w->fd, full, MASK);
	struct watched *dir;

	free(full);
	if (wd < 0)
		return false;
	dir = find(w, wd);
	if (dir == NULL) {
		w->dirs = mem_grow(w->dirs, &w->cap, w->n + 1, sizeof *dir);
		dir = &w->dirs[w->n++];
		dir->wd = wd;
		dir->path = NULL;
	}
	free(dir->path);
	dir->path = mem_strdup(rel);
	dir->seen = true;
	return true;
}

/* Watches the folder rel and every folder under it.  Symbolic links are
 * not followed, so a link to a parent cannot make the walk endless. */
static void watch_tree(struct serve_watch *w, const char *rel)
{
	char *full = file_join(w->root, rel);
	size_t n;
	char **names;

	if (!watch_one(w, rel)) {
		free(full);
		return;
	}
	names = file_list(full, &n);
	for (size_t i = 0; names && i < n; i++) {
		char *child = file_join(full, names[i]);
		struct stat st;

		if (!is_scratch(names[i]) && lstat(child, &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			char *sub = file_join(rel, names[i]);

			watch_tree(w, sub);
			free(sub);
		}
		free(child);
	}
	file_list_free(names, n);
	free(full);
}

/* Makes the watches match the trees as they are now. */
static void watch_all(struct serve_watch *w)
{
	size_t kept = 0;

	for (size_t i = 0; i < w->n; i++)
		w->dirs[i].seen = false;
	watch_one(w, "");
	for (size_t i = 0; i < sizeof tops / sizeof tops[0]; i++) {
		char *full = file_join(w->root, tops[i]);

		if (file_is_dir(full))
			watch_tree(w, tops[i]);
		free(full);
	}
	for (size_t i = 0; i < w->n; i++) {
		if (w->dirs[i].seen) {
			w->dirs[kept++] = w->dirs[i];
			continue;
		}
		inotify_rm_watch(w->fd, w->dirs[i].wd);
		free(w->dirs[i].path);
	}
	w->n = kept;
	w->rescan = false;
}

struct serve_watch *serve_watch_new(const char *root, struct diag *d)
{
	struct serve_watch *w;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	if (fd < 0) {
		diag_error(d, (struct pos){0}, "cannot watch the handbook: %s",
			   DIAG_STRERROR(errno));
		return NULL;
	}
	w = mem_calloc(1, sizeof *w);
	w->fd = fd;
	w->root = mem_strdup(root);
	if (!watch_one(w, "")) {
		int err = errno;

		diag_error(d, (struct pos){0}, "cannot watch '%s': %s%s", root,
			   DIAG_STRERROR(err),
			   err == ENOSPC ? " (every inotify watch is taken: "
					   "raise fs.inotify.max_user_watches)"
					 : "");
		serve_watch_free(w);
		return NULL;
	}
	watch_all(w);
	return w;
}

void serve_watch_free(struct serve_watch *w)
{
	if (w == NULL)
		return;
	for (size_t i = 0; i < w->n; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	free(w->root);
	close(w->fd);
	free(w);
}

/* Whether an event about name (empty for the folder itself) in dir
 * changes what a build reads. */
static bool matters(const struct watched *dir, const char *name)
{
	if (*dir->path == '\0') /* the handbook folder */
		return *name && is_top(name);
	return *name == '\0' || !is_scratch(name);
}

/* Takes in one event: whether it changes what a build reads, and if so
 * whether it ends a save. */
static enum change take(struct serve_watch *w, const struct inotify_event *e,
			struct buf *cause)
{
	struct watched *dir = find(w, e->wd);
	const char *name = e->len ? e->name : "";
	char *path;

	if (e->mask & IN_Q_OVERFLOW) {
		w->rescan = true;
		return BUSY;
	}
	if (dir == NULL || (e->mask & IN_IGNORED))
		return NO_CHANGE;
	/* A folder moved away keeps its watches, under its old path. */
	if ((e->mask & (IN_DELETE_SELF | IN_MOVE_SELF)) ||
	    ((e->mask & IN_MOVED_FROM) && (e->mask & IN_ISDIR)))
		w->rescan = true;
	if (!matters(dir, name))
		return NO_CHANGE;
	path = file_join(dir->path, name);
	if ((e->mask & (IN_CREATE | IN_MOVED_TO)) && (e->mask & IN_ISDIR))
		watch_tree(w, path);
	if (cause->len == 0)
		buf_puts(cause, path);
	free(path);
	return (e->mask & (IN_CLOSE_WRITE | IN_MOVED_TO)) ? SETTLED : BUSY;
}

/* Reads every pending event; returns the kind of the last that matters,
 * or NO_CHANGE. */
static enum change drain(struct serve_watch *w, struct buf *cause)
{
	char events[16384]
		__attribute__((aligned(__alignof__(struct inotify_event))));
	enum change last = NO_CHANGE;
	ssize_t n;

	while ((n = read(w->fd, events, sizeof events)) > 0) {
		for (char *p = events; p < events + n;) {
			const struct inotify_event *e = (void *)p;
			enum change c = take(w, e, cause);

			if (c != NO_CHANGE)
				last = c;
			p += sizeof *e + e->len;
		}
	}
	if (w->rescan)
		watch_all(w);
	return last;
}

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

/* How long poll() may wait: for ever before the first change, else for
 * the quiet the last change asks, within the burst's limit. */
static int timeout_for(enum change last, long first)
{
	long quiet = last == SETTLED ? SETTLED_MS : BUSY_MS;
	long left = first + MAX_DELAY_MS - now_ms();

	if (last == NO_CHANGE)
		return -1;
	if (left < 0)
		left = 0;
	return (int)(left < quiet ? left : quiet);
}

int serve_watch_wait(struct serve_watch *w, int stop_fd, struct buf *cause,
		     struct diag *d)
{
	enum change last = NO_CHANGE;
	long first = 0;

	buf_reset(cause);
	for (;;) {
		struct pollfd fds[2] = {{stop_fd, POLLIN, 0},
					{w->fd, POLLIN, 0}};
		int ready = poll(fds, 2, timeout_for(last, first));
		enum change c;

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0) {
			diag_error(d, (struct pos){0},
				   "cannot watch the handbook: %s",
				   DIAG_STRERROR(errno));
			return -1;
		}
		if (fds[0].revents)
			return 0;
		if (ready == 0)
			return 1;
		c = drain(w, cause);
		if (c != NO_CHANGE && last == NO_CHANGE)
			first = now_ms();
		if (c != NO_CHANGE)
			last = c;
	}
}
