/*
 * output: staging, the marker, the swap and unchanged-file preservation.
 *
 * The staging folder is a mkdtemp() sibling of the output folder, so the
 * final rename never crosses file systems (staging.h: its name, its lock,
 * and removing those that killed builds left).  Where the kernel offers it the
 * swap is one renameat2(RENAME_EXCHANGE); elsewhere it is two renames with
 * a moment between them in which the folder is absent.
 *
 * A file whose bytes equal the previous site's is not written again: in a
 * swap it is hard-linked from the old site into the staging folder, so it
 * keeps its inode and modification time.
 *
 * In patch mode (an incremental rebuild) the staging folder holds only
 * the files that changed; committing moves each into the site with one
 * rename, deletes the site's files this build did not produce, and puts
 * the build cache back last.  The old cache is deleted before the first
 * move, so a build killed half-way leaves no cache and the next build is
 * a full one.  A failed build still changes nothing.
 */
#define _GNU_SOURCE /* renameat2 */
#include "output.h"

#include <errno.h>
#include <pthread.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "hash.h"
#include "mem.h"
#include "staging.h"
#include "strmap.h"

/* A site path, what wrote it, and a hash of its bytes once known. */
struct claim {
	char *path;
	char *source;
	uint64_t hash;
	bool hashed;
	bool staged; /* a file was put at path in the staging folder */
};

struct output {
	char *dir;	  /* the output folder as the user named it; NULL for a
			     checking output */
	char *staging;	  /* the folder being filled */
	int staging_lock; /* held on it while this build lives (staging.h) */
	bool had_old;	  /* dir existed (with its marker) */
	bool patch;	  /* staging holds only what changed; see above */
	struct claim **claims; /* every site path this build produced */
	size_t nclaims, claims_cap;
	struct strmap *by_path; /* path -> its claim */
	struct strmap *folders; /* folder a claimed path is in -> a claim */
	char **folder_keys;	/* the keys of folders, owned */
	size_t nfolder_keys, folder_keys_cap;
	pthread_mutex_t lock; /* claims are made from render threads */
	/* The previous site's regular files, listed once when the first is
	 * kept, so that keeping ten thousand pages costs no stat each. */
	struct strmap *old_files; /* site path -> itself */
	char **old_paths;	  /* its keys, owned */
	size_t nold_paths, old_paths_cap;
};

static const char marker_text[] =
	"This folder is written by prepbook build: it is deleted and made "
	"anew by every build.\n";

static bool folder_is_empty(const char *dir)
{
	size_t count;
	char **names = file_list(dir, &count);

	file_list_free(names, count);
	return names != NULL && count == 0;
}

/* Whether inner is outer or lies inside it (both resolved paths). */
static bool path_within(const char *inner, const char *outer)
{
	size_t n = strlen(outer);

	if (strcmp(outer, "/") == 0)
		return true;
	return strncmp(inner, outer, n) == 0 &&
	       (inner[n] == '\0' || inner[n] == '/');
}

/* The absolute, resolved form of path, even when its last parts do not
 * exist yet: the deepest existing ancestor is resolved and the rest
 * appended.  NULL when nothing of it can be resolved. */
static char *resolve_path(const char *path)
{
	char real[PATH_MAX];
	char *head = mem_strdup(*path ? path : ".");
	char *tail = mem_strdup("");
	char *result;

	/* "." and "/" always resolve, so the loop ends. */
	while (realpath(head, real) == NULL) {
		char *slash = strrchr(head, '/');
		const char *last = slash ? slash + 1 : head;
		char *joined = *tail ? file_join(last, tail) : mem_strdup(last);

		free(tail);
		tail = joined;
		if (slash == NULL)
			memcpy(head, ".", 2);
		else if (slash == head)
			head[1] = '\0';
		else
			*slash = '\0';
	}
	result = *tail ? file_join(real, tail) : mem_strdup(real);
	free(head);
	free(tail);
	return result;
}

/* Whether dir lies inside one of the handbook's source folders, where
 * the next build would read the site back in as content. */
static const char *inside_sources(const char *root, const char *dir)
{
	static const char *const sources[] = {"content", "themes", "plugins",
					      NULL};
	char *target = resolve_path(dir);
	const char *found = NULL;

	for (const char *const *s = sources; *s && target && !found; s++) {
		char *folder = file_join(root, *s);
		char *real = resolve_path(folder);

		if (real && path_within(target, real))
			found = *s;
		free(real);
		free(folder);
	}
	free(target);
	return found;
}

/* The reason dir must not be replaced, or NULL when it may be. */
static const char *refusal(const char *root, const char *dir)
{
	char real_root[PATH_MAX], real_dir[PATH_MAX];
	const char *home = getenv("HOME");
	const char *source = inside_sources(root, dir);
	char *marker;
	bool marked;

	if (source && strcmp(source, "content") == 0)
		return "it is inside content/, where the next build would "
		       "read the site back in as pages";
	if (source)
		return "it is inside the handbook's themes/ or plugins/";
	if (realpath(dir, real_dir) == NULL)
		return NULL; /* it does not exist yet: nothing to lose */
	if (!file_is_dir(real_dir))
		return "it is not a folder";
	if (realpath(root, real_root) && path_within(real_root, real_dir))
		return "it holds the handbook itself";
	if (strcmp(real_dir, "/") == 0)
		return "it is the file system root";
	if (home && *home) {
		char real_home[PATH_MAX];

		if (realpath(home, real_home) &&
		    path_within(real_home, real_dir))
			return "it is or holds the home folder";
	}
	marker = file_join(dir, OUTPUT_MARKER);
	marked = file_is_regular(marker);
	free(marker);
	if (!marked && !folder_is_empty(dir))
		return "it was not made by prepbook (it has no " OUTPUT_MARKER
		       " file); delete it yourself or choose another -o";
	return NULL;
}

static int make_parent(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *parent;
	int status;

	if (slash == NULL)
		return 0;
	parent = mem_strndup(file, (size_t)(slash - file));
	status = file_mkdirs(parent);
	free(parent);
	return status;
}

struct output *output_open_check(void)
{
	struct output *o = mem_calloc(1, sizeof *o);

	o->staging_lock = -1;
	o->by_path = strmap_new();
	o->folders = strmap_new();
	pthread_mutex_init(&o->lock, NULL);
	return o;
}

static void free_output(struct output *o)
{
	for (size_t i = 0; i < o->nclaims; i++) {
		free(o->claims[i]->path);
		free(o->claims[i]->source);
		free(o->claims[i]);
	}
	free(o->claims);
	for (size_t i = 0; i < o->nfolder_keys; i++)
		free(o->folder_keys[i]);
	free(o->folder_keys);
	strmap_free(o->by_path);
	strmap_free(o->folders);
	for (size_t i = 0; i < o->nold_paths; i++)
		free(o->old_paths[i]);
	free(o->old_paths);
	strmap_free(o->old_files);
	pthread_mutex_destroy(&o->lock);
	staging_unlock(o->staging_lock);
	free(o->staging);
	free(o->dir);
	free(o);
}

struct output *output_open(const char *root, const char *dir, bool patch,
			   struct diag *d)
{
	const char *why = refusal(root, dir);
	struct output *o;

	if (why) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "refusing to write the site to '%s': %s", dir, why);
		return NULL;
	}
	o = output_open_check();
	o->dir = mem_strdup(dir);
	o->had_old = file_is_dir(dir);
	o->patch = patch && o->had_old;
	/* -o a/b/site makes a/b, as mkdir -p would. */
	o->staging = staging_create(dir, OUTPUT_MARKER, marker_text,
				    &o->staging_lock, d);
	if (o->staging == NULL) {
		free_output(o);
		return NULL;
	}
	return o;
}

static bool safe_site_path(const char *path)
{
	if (*path == '\0' || *path == '/')
		return false;
	for (const char *p = path; *p;
	     p = strchr(p, '/') ? strchr(p, '/') + 1 : "")
		if (strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == '\0'))
			return false;
	return true;
}

/* Whether the previous site has exactly these bytes at path. */
static bool same_as_old(const struct output *o, const char *old,
			const char *data, size_t len)
{
	struct buf bytes = BUF_INIT;
	struct stat st;
	bool same = o->had_old && stat(old, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size == len && file_read(old, &bytes) == 0 &&
		    bytes.len == len && memcmp(buf_str(&bytes), data, len) == 0;

	buf_release(&bytes);
	return same;
}

/* Takes the previous site's file at path into this build unchanged: in
 * patch mode it simply stays; in a swap it is hard-linked into staging. */
static int keep_old(struct output *o, const char *old, const char *fresh)
{
	if (!o->patch && (make_parent(fresh) != 0 || link(old, fresh) != 0))
		return -1;
	return 0;
}

/* Whether the site path inner lies in the folder outer. */
static bool is_inside(const char *inner, const char *outer)
{
	size_t n = strlen(outer);

	return strncmp(inner, outer, n) == 0 && inner[n] == '/';
}

/* The handbook file among two sources, where the error belongs: the
 * author can rename it, not what prepbook generates. */
static const char *blamed(const char *first, const char *second)
{
	if (strncmp(second, "content/", 8) == 0)
		return second;
	return strncmp(first, "content/", 8) == 0 ? first : NULL;
}

/* What the author can do about a clash: a page gets another slug, a
 * file another name or place. */
static void put_remedy(struct buf *out, const char *blame)
{
	size_t n = blame ? strlen(blame) : 0;

	if (blame == NULL)
		buf_puts(out, "rename one of them");
	else if (n > 3 && strcmp(blame + n - 3, ".md") == 0)
		buf_printf(out, "give %s another slug", blame);
	else
		buf_printf(out, "rename or move %s", blame);
}

static void report_conflict(const struct claim *old, const char *path,
			    const char *source, struct diag *d)
{
	struct pos at = {blamed(old->source, source), 0, 0};
	struct buf remedy = BUF_INIT;
	bool inside = is_inside(path, old->path);

	put_remedy(&remedy, at.file);
	if (strcmp(old->path, path) == 0)
		diag_error(d, at,
			   "'%s' in the site has two sources, %s and %s; %s",
			   path, old->source, source, buf_str(&remedy));
	else
		diag_error(d, at,
			   "'%s' in the site would be a file (from %s) and a "
			   "folder (for %s); %s",
			   inside ? old->path : path,
			   inside ? old->source : source,
			   inside ? source : old->source, buf_str(&remedy));
	buf_release(&remedy);
}

/* The claim that conflicts with a new one for path: the same path, a
 * file where path needs a folder, or a folder (of claimed files) where
 * path would be a file.  Maps make it cost the path's depth, not the
 * number of claims. */
static const struct claim *conflict(const struct output *o, const char *path)
{
	const struct claim *old = strmap_get(o->by_path, path);
	char *prefix;

	if (old == NULL)
		old = strmap_get(o->folders, path);
	prefix = mem_strdup(path);
	for (char *slash = strrchr(prefix, '/'); old == NULL && slash;
	     slash = strrchr(prefix, '/')) {
		*slash = '\0';
		old = strmap_get(o->by_path, prefix);
	}
	free(prefix);
	return old;
}

static void add_claim(struct output *o, const char *path, const char *source)
{
	struct claim *c = mem_calloc(1, sizeof *c);
	char *prefix;

	c->path = mem_strdup(path);
	c->source = mem_strdup(source);
	o->claims = mem_grow(o->claims, &o->claims_cap, o->nclaims + 1,
			     sizeof *o->claims);
	o->claims[o->nclaims++] = c;
	strmap_put(o->by_path, c->path, c);
	/* Every folder above the path, once: the keys are kept in
	 * folder_keys, which the map borrows. */
	prefix = mem_strdup(path);
	for (char *slash = strrchr(prefix, '/'); slash;
	     slash = strrchr(prefix, '/')) {
		*slash = '\0';
		if (strmap_get(o->folders, prefix) != NULL)
			break;
		o->folder_keys =
			mem_grow(o->folder_keys, &o->folder_keys_cap,
				 o->nfolder_keys + 1, sizeof *o->folder_keys);
		o->folder_keys[o->nfolder_keys] = mem_strdup(prefix);
		strmap_put(o->folders, o->folder_keys[o->nfolder_keys++], c);
	}
	free(prefix);
}

bool output_claim(struct output *o, const char *path, const char *source,
		  struct diag *d)
{
	const struct claim *old;

	pthread_mutex_lock(&o->lock);
	old = conflict(o, path);
	if (old == NULL)
		add_claim(o, path, source);
	else if (strcmp(old->source, source) != 0 ||
		 strcmp(old->path, path) != 0)
		report_conflict(old, path, source, d);
	else
		old = NULL;
	pthread_mutex_unlock(&o->lock);
	return old == NULL;
}

/* Notes that a file goes to path in the staging folder, with the hash
 * of its bytes when hash is not NULL; returns whether one was put there
 * before (it must go first: it may be a link to the old site's file).
 * A fresh staging folder has nothing to remove, and removing nothing
 * still takes the folder's lock, which the render threads then wait on. */
static bool stage(struct output *o, const char *path, const uint64_t *hash)
{
	struct claim *c;
	bool before = true;

	pthread_mutex_lock(&o->lock);
	c = strmap_get(o->by_path, path);
	if (c) {
		before = c->staged;
		c->staged = true;
		if (hash) {
			c->hash = *hash;
			c->hashed = true;
		}
	}
	pthread_mutex_unlock(&o->lock);
	return before;
}

/* Records the hash of the bytes path got in this build. */
static void set_hash(struct output *o, const char *path, uint64_t hash)
{
	struct claim *c;

	pthread_mutex_lock(&o->lock);
	c = strmap_get(o->by_path, path);
	if (c) {
		c->hash = hash;
		c->hashed = true;
	}
	pthread_mutex_unlock(&o->lock);
}

/* A file of the site that could not be written, named where the author
 * will look for it (the output folder), not in the hidden staging folder
 * that will never be seen. */
static void report_write(const struct output *o, const char *path, int err,
			 struct diag *d)
{
	char *shown = file_join(o->dir, path);

	diag_error(d, (struct pos){NULL, 0, 0}, "cannot write '%s': %s", shown,
		   DIAG_STRERROR(err));
	free(shown);
}

int output_write(struct output *o, const char *path, const char *source,
		 const char *data, size_t len, struct diag *d)
{
	return output_write_as(o, path, source, data, len, false, d);
}

int output_write_as(struct output *o, const char *path, const char *source,
		    const char *data, size_t len, bool anew, struct diag *d)
{
	char *fresh, *old;
	uint64_t hash;
	int status = 0;

	if (!safe_site_path(path)) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "internal: refusing to write outside the site: '%s'",
			   path);
		return -1;
	}
	if (!output_claim(o, path, source, d) || o->staging == NULL)
		return 0;
	hash = hash_bytes(data, len, 0);
	fresh = file_join(o->staging, path);
	old = file_join(o->dir, path);
	/* Never through a link to the old site's file (a path kept, then
	 * written after all). */
	if (stage(o, path, &hash))
		unlink(fresh);
	if (anew || !same_as_old(o, old, data, len) ||
	    keep_old(o, old, fresh) != 0) {
		if (make_parent(fresh) != 0 ||
		    file_write(fresh, data, len) != 0) {
			report_write(o, path, errno, d);
			status = -1;
		}
	}
	free(old);
	free(fresh);
	return status;
}

/*
 * Walks the site folder (o->dir) under rel, depth first: calls file with
 * each entry that is not a folder (its site path, which file may keep,
 * returning true, or leave to be freed) and, after a folder's entries,
 * done_folder with the folder's path on disk.
 */
static void walk_site(struct output *o, const char *rel,
		      bool (*file)(struct output *o, char *path,
				   enum file_kind kind),
		      void (*done_folder)(const char *full))
{
	char *dir = *rel ? file_join(o->dir, rel) : mem_strdup(o->dir);
	size_t count;
	struct file_entry *names = file_entries(dir, &count);

	for (size_t i = 0; names && i < count; i++) {
		char *path = *rel ? file_join(rel, names[i].name)
				  : mem_strdup(names[i].name);

		if (names[i].kind == FILE_DIR) {
			walk_site(o, path, file, done_folder);
			if (done_folder) {
				char *full = file_join(o->dir, path);

				done_folder(full);
				free(full);
			}
		} else if (file(o, path, names[i].kind)) {
			continue;
		}
		free(path);
	}
	file_entries_free(names, count);
	free(dir);
}

/* Notes a regular file of the previous site in o->old_files. */
static bool list_old(struct output *o, char *path, enum file_kind kind)
{
	if (kind != FILE_REGULAR)
		return false;
	o->old_paths = mem_grow(o->old_paths, &o->old_paths_cap,
				o->nold_paths + 1, sizeof *o->old_paths);
	o->old_paths[o->nold_paths++] = path;
	strmap_put(o->old_files, path, path);
	return true;
}

bool output_can_keep(struct output *o, const char *path)
{
	bool there;

	if (o->staging == NULL || !o->had_old || !safe_site_path(path))
		return false;
	pthread_mutex_lock(&o->lock);
	if (o->old_files == NULL) {
		o->old_files = strmap_new();
		walk_site(o, "", list_old, NULL);
	}
	there = strmap_get(o->old_files, path) != NULL;
	pthread_mutex_unlock(&o->lock);
	return there;
}

int output_keep(struct output *o, const char *path, const char *source,
		uint64_t hash, struct diag *d)
{
	char *fresh, *old;
	int status = -1;

	if (!output_can_keep(o, path))
		return -1;
	fresh = file_join(o->staging, path);
	old = file_join(o->dir, path);
	if (output_claim(o, path, source, d)) {
		(void)stage(o, path, NULL);
		if (keep_old(o, old, fresh) == 0) {
			set_hash(o, path, hash);
			status = 0;
		}
	}
	free(old);
	free(fresh);
	return status;
}

bool output_hash(struct output *o, const char *path, uint64_t *hash)
{
	const struct claim *c;
	bool known = false;

	if (o->staging == NULL)
		return false;
	pthread_mutex_lock(&o->lock);
	c = strmap_get(o->by_path, path);
	if (c && c->hashed) {
		*hash = c->hash;
		known = true;
	}
	pthread_mutex_unlock(&o->lock);
	return known;
}

int output_copy(struct output *o, const char *path, const char *source,
		const char *src, struct diag *d)
{
	struct buf bytes = BUF_INIT;
	int status;

	if (o->staging == NULL) /* checking: the path is all that counts */
		return output_write(o, path, source, "", 0, d);
	if (file_read(src, &bytes) != 0) {
		diag_error(d, (struct pos){src, 0, 0}, "cannot read: %s",
			   FILE_READ_ERROR(errno));
		return -1;
	}
	status = output_write(o, path, source, buf_str(&bytes), bytes.len, d);
	buf_release(&bytes);
	return status;
}

void output_abort(struct output *o)
{
	if (o == NULL)
		return;
	if (o->staging)
		staging_remove_tree(o->staging);
	free_output(o);
}

static int exchange(const char *a, const char *b)
{
#ifdef RENAME_EXCHANGE
	return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
	(void)a;
	(void)b;
	errno = ENOSYS;
	return -1;
#endif
}

/* No atomic exchange here: move the old site aside, the new one in, then
 * delete the old one.  Should the new one not go in and the old one not
 * come back, the old site is left aside, under a name no later build
 * removes, and the error says where. */
static int swap_by_renames(struct output *o, struct diag *d)
{
	char *aside = staging_template(o->dir);
	int status = -1, err;

	/* ".site.old-XXXXXX": not a name a later build cleans up. */
	memcpy(aside + strlen(aside) - strlen("new-XXXXXX"), "old", 3);

	if (mkdtemp(aside) && rmdir(aside) == 0 && rename(o->dir, aside) == 0) {
		status = rename(o->staging, o->dir);
		err = errno;
		if (status == 0) {
			staging_remove_tree(aside);
		} else if (rename(aside, o->dir) != 0) {
			diag_error(d, (struct pos){NULL, 0, 0},
				   "cannot move the old site back into '%s' "
				   "(it is kept in '%s'): %s",
				   o->dir, aside, DIAG_STRERROR(errno));
		}
		errno = err; /* the swap's, for output_commit's message */
	}
	free(aside);
	return status;
}

/* Moves every file under staging/rel into the site, leaving the marker
 * and skip (the cache, moved last) behind.  Returns 0 or -1. */
static int move_staged(const struct output *o, const char *rel,
		       const char *skip)
{
	char *from_dir = file_join(o->staging, rel);
	size_t count;
	struct file_entry *names = file_entries(from_dir, &count);
	int status = names ? 0 : -1;

	for (size_t i = 0; names && i < count && status == 0; i++) {
		char *path = *rel ? file_join(rel, names[i].name)
				  : mem_strdup(names[i].name);
		char *from = file_join(o->staging, path);
		char *to = file_join(o->dir, path);

		if (names[i].kind == FILE_DIR)
			status = move_staged(o, path, skip);
		else if (strcmp(path, OUTPUT_MARKER) != 0 &&
			 (skip == NULL || strcmp(path, skip) != 0))
			status = make_parent(to) == 0 && rename(from, to) == 0
					 ? 0
					 : -1;
		free(to);
		free(from);
		free(path);
	}
	file_entries_free(names, count);
	free(from_dir);
	return status;
}

/* Deletes a file of the site that this build did not produce. */
static bool prune_file(struct output *o, char *path, enum file_kind kind)
{
	(void)kind;
	if (strcmp(path, OUTPUT_MARKER) != 0 &&
	    strmap_get(o->by_path, path) == NULL) {
		char *full = file_join(o->dir, path);

		unlink(full);
		free(full);
	}
	return false;
}

static void prune_folder(const char *full)
{
	rmdir(full); /* fails, as it should, unless empty */
}

/* Deletes the site's files that this build did not produce, and the
 * folders that leaves empty. */
static void prune(struct output *o)
{
	walk_site(o, "", prune_file, prune_folder);
}

/* Patch mode's commit; see the top of the file. */
static int commit_patch(struct output *o, const char *cache)
{
	char *old_cache, *new_cache;
	int status;

	if (cache == NULL) {
		status = move_staged(o, "", NULL);
		if (status == 0)
			prune(o);
		return status;
	}
	old_cache = file_join(o->dir, cache);
	new_cache = file_join(o->staging, cache);
	/* Out of the site first; a cache that had not changed moves into
	 * staging and comes back last like a new one. */
	if (file_is_regular(new_cache)
		    ? unlink(old_cache) != 0 && errno != ENOENT
		    : rename(old_cache, new_cache) != 0 && errno != ENOENT) {
		status = -1;
	} else {
		status = move_staged(o, "", cache);
		if (status == 0) {
			prune(o);
			if (file_is_regular(new_cache))
				status = rename(new_cache, old_cache);
		}
	}
	free(new_cache);
	free(old_cache);
	return status;
}

int output_commit(struct output *o, const char *last, struct diag *d)
{
	int status = 0;

	if (o->staging == NULL) {
		/* a checking output has nothing to move */
	} else if (o->patch) {
		status = commit_patch(o, last);
		if (status == 0)
			staging_remove_tree(o->staging);
	} else if (!o->had_old) {
		status = rename(o->staging, o->dir);
	} else if (exchange(o->staging, o->dir) != 0) {
		status = swap_by_renames(o, d);
	} else {
		staging_remove_tree(o->staging); /* now the old site */
	}
	if (status != 0) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "cannot move the new site into '%s': %s", o->dir,
			   DIAG_STRERROR(errno));
		staging_remove_tree(o->staging);
	}
	free_output(o);
	return status;
}

int output_copy_tree(struct output *o, const char *path, const char *source,
		     const char *src, struct diag *d)
{
	size_t count;
	char **names = file_list(src, &count);
	int status = 0;

	if (names == NULL) {
		diag_error(d, (struct pos){src, 0, 0}, "cannot read folder: %s",
			   DIAG_STRERROR(errno));
		return -1;
	}
	for (size_t i = 0; i < count; i++) {
		char *from = file_join(src, names[i]);
		char *to = file_join(path, names[i]);
		char *named = file_join(source, names[i]);

		if (names[i][0] == '.')
			; /* editor and OS droppings */
		else if (file_is_symlink(from)) {
			diag_error(d, (struct pos){from, 0, 0},
				   "symbolic links are not followed; copy the "
				   "file in instead");
			status = -1;
		} else if (file_is_dir(from))
			status |= output_copy_tree(o, to, named, from, d);
		else
			status |= output_copy(o, to, named, from, d);
		free(named);
		free(from);
		free(to);
	}
	file_list_free(names, count);
	return status ? -1 : 0;
}

/* A streamed file's pieces are gathered into blocks of this size, so
 * that the hash (taken a block at a time) does not depend on how the
 * caller cut its pieces, and the disk sees few large writes. */
#define FILE_BLOCK 65536

struct output_file {
	struct output *o;
	char *path;
	char *fresh; /* the staged file, NULL for a checking output */
	FILE *fp;
	struct buf block;
	uint64_t hash;
	uint64_t size; /* bytes written so far */
	int old_fd;    /* the previous site's file at path, once opened */
	int error;     /* the errno of the first failure, 0 while none */
};

struct output_file *output_open_file(struct output *o, const char *path,
				     const char *source, struct diag *d)
{
	struct output_file *f;

	if (!safe_site_path(path)) {
		diag_error(d, (struct pos){NULL, 0, 0},
			   "internal: refusing to write outside the site: '%s'",
			   path);
		return NULL;
	}
	if (!output_claim(o, path, source, d))
		return NULL;
	f = mem_calloc(1, sizeof *f);
	f->o = o;
	f->path = mem_strdup(path);
	f->old_fd = -1;
	if (o->staging == NULL)
		return f;
	f->fresh = file_join(o->staging, path);
	if (stage(o, path, NULL)) /* as in output_write */
		unlink(f->fresh);
	if (make_parent(f->fresh) != 0 ||
	    (f->fp = fopen(f->fresh, "wb")) == NULL)
		f->error = errno;
	return f;
}

static void flush_block(struct output_file *f)
{
	if (f->block.len == 0)
		return;
	f->hash = hash_bytes(f->block.data, f->block.len, f->hash);
	if (f->fp &&
	    fwrite(f->block.data, 1, f->block.len, f->fp) != f->block.len &&
	    f->error == 0)
		f->error = errno ? errno : EIO;
	buf_reset(&f->block);
}

void output_file_write(struct output_file *f, const char *data, size_t len)
{
	if (f)
		f->size += len;
	while (f && len > 0) {
		size_t room = FILE_BLOCK - f->block.len;
		size_t n = len < room ? len : room;

		buf_put(&f->block, data, n);
		data += n;
		len -= n;
		if (f->block.len == FILE_BLOCK)
			flush_block(f);
	}
}

/* The previous site's file at path, or NULL when o has no previous
 * site or path leaves it. */
static char *previous_file(const struct output *o, const char *path)
{
	if (o->staging == NULL || !o->had_old || !safe_site_path(path))
		return NULL;
	return file_join(o->dir, path);
}

int output_read_previous(struct output *o, const char *path, struct buf *out)
{
	char *old = previous_file(o, path);
	int status = old ? file_read(old, out) : -1;

	free(old);
	return status;
}

bool output_previous_size(struct output *o, const char *path, uint64_t *size)
{
	char *old = previous_file(o, path);
	struct stat st;
	bool there = old && lstat(old, &st) == 0 && S_ISREG(st.st_mode);

	if (there)
		*size = (uint64_t)st.st_size;
	free(old);
	return there;
}

int output_set_mtime(struct output *o, const char *path, uint64_t mtime_ns)
{
	char *fresh;
	struct stat st;
	struct timespec times[2] = {
		{.tv_nsec = UTIME_OMIT},
		{.tv_sec = (time_t)(mtime_ns / 1000000000u),
		 .tv_nsec = (long)(mtime_ns % 1000000000u)},
	};
	int status = 0;

	if (o->staging == NULL || !safe_site_path(path))
		return -1;
	fresh = file_join(o->staging, path);
	/* Only a file of its own: a kept one is the old site's, or a link
	 * to it. */
	if (lstat(fresh, &st) == 0 && S_ISREG(st.st_mode) && st.st_nlink == 1)
		status = utimensat(AT_FDCWD, fresh, times, AT_SYMLINK_NOFOLLOW);
	free(fresh);
	return status;
}

uint64_t output_file_size(const struct output_file *f)
{
	return f ? f->size : 0;
}

int output_file_read_old(struct output_file *f, uint64_t offset,
			 uint64_t length, struct buf *out)
{
	if (f->old_fd < 0 && f->o->had_old && f->o->dir) {
		char *old = file_join(f->o->dir, f->path);

		f->old_fd = open(old, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		free(old);
	}
	if (f->old_fd < 0)
		return -1;
	while (length > 0) {
		size_t n = length < FILE_BLOCK ? (size_t)length : FILE_BLOCK;
		ssize_t got;

		buf_reserve(out, n);
		got = pread(f->old_fd, out->data + out->len, n, (off_t)offset);
		if (got <= 0)
			return -1;
		out->len += (size_t)got;
		out->data[out->len] = '\0';
		offset += (uint64_t)got;
		length -= (uint64_t)got;
	}
	return 0;
}

int output_file_copy_old(struct output_file *f, uint64_t offset,
			 uint64_t length)
{
	struct buf block = BUF_INIT;
	int status = 0;

	while (status == 0 && length > 0) {
		uint64_t n = length < FILE_BLOCK ? length : FILE_BLOCK;

		buf_reset(&block);
		status = output_file_read_old(f, offset, n, &block);
		if (status == 0)
			output_file_write(f, block.data, block.len);
		offset += n;
		length -= n;
	}
	buf_release(&block);
	return status;
}

/* Whether the files at a and b hold the same bytes, read a block at a
 * time so that neither is held whole. */
static bool same_files(const char *a, const char *b)
{
	FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
	char *x = mem_alloc(2 * FILE_BLOCK), *y = x + FILE_BLOCK;
	bool same = fa && fb;

	while (same) {
		size_t na = fread(x, 1, FILE_BLOCK, fa);
		size_t nb = fread(y, 1, FILE_BLOCK, fb);

		same = na == nb && memcmp(x, y, na) == 0;
		if (na < FILE_BLOCK)
			break;
	}
	if (fa)
		fclose(fa);
	if (fb)
		fclose(fb);
	free(x);
	return same;
}

int output_file_close(struct output_file *f, struct diag *d)
{
	int status = 0;

	if (f == NULL)
		return 0;
	flush_block(f);
	set_hash(f->o, f->path, f->hash);
	if (f->old_fd >= 0)
		close(f->old_fd);
	if (f->fp && fclose(f->fp) != 0 && f->error == 0)
		f->error = errno;
	if (f->error) {
		report_write(f->o, f->path, f->error, d);
		status = -1;
	} else if (f->fresh && f->o->had_old) {
		char *old = file_join(f->o->dir, f->path);

		/* The same bytes as before: keep the old file, and its time. */
		if (same_files(old, f->fresh) && unlink(f->fresh) == 0 &&
		    keep_old(f->o, old, f->fresh) != 0) {
			report_write(f->o, f->path, errno, d);
			status = -1;
		}
		free(old);
	}
	buf_release(&f->block);
	free(f->fresh);
	free(f->path);
	free(f);
	return status;
}

int output_read(struct output *o, const char *path, struct buf *out)
{
	struct claim *c;
	char *file;
	size_t start = out->len;
	int status;

	if (o->staging == NULL || !safe_site_path(path))
		return -1;
	pthread_mutex_lock(&o->lock);
	c = strmap_get(o->by_path, path);
	pthread_mutex_unlock(&o->lock);
	if (c == NULL)
		return -1;
	/* Staging holds what this build wrote; in patch mode a file it
	 * kept, or wrote with the old bytes, is still in the site. */
	file = file_join(o->staging, path);
	status = file_read(file, out);
	free(file);
	if (status != 0 && o->had_old) {
		file = file_join(o->dir, path);
		status = file_read(file, out);
		free(file);
	}
	if (status == 0 && !c->hashed)
		set_hash(o, path,
			 hash_bytes(out->data + start, out->len - start, 0));
	return status;
}

bool output_is_checking(const struct output *o)
{
	return o->staging == NULL;
}

static int by_path(const void *a, const void *b)
{
	const struct output_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

struct output_entry *output_files(struct output *o, size_t *count)
{
	struct output_entry *list =
		mem_calloc(o->nclaims ? o->nclaims : 1, sizeof *list);
	struct buf bytes = BUF_INIT;

	for (size_t i = 0; i < o->nclaims; i++) {
		struct claim *c = o->claims[i];

		if (!c->hashed && o->staging != NULL) {
			buf_reset(&bytes);
			output_read(o, c->path, &bytes);
		}
		list[i] = (struct output_entry){c->path, c->source, c->hash};
	}
	buf_release(&bytes);
	qsort(list, o->nclaims, sizeof *list, by_path);
	*count = o->nclaims;
	return list;
}

size_t output_mark(const struct output *o)
{
	return o->nclaims;
}

struct output_entry *output_files_since(struct output *o, size_t mark,
					size_t *count)
{
	size_t n = mark < o->nclaims ? o->nclaims - mark : 0;
	struct output_entry *list = mem_calloc(n ? n : 1, sizeof *list);

	pthread_mutex_lock(&o->lock);
	for (size_t i = 0; i < n; i++) {
		const struct claim *c = o->claims[mark + i];

		list[i] = (struct output_entry){c->path, c->source,
						c->hashed ? c->hash : 0};
	}
	pthread_mutex_unlock(&o->lock);
	*count = n;
	return list;
}
