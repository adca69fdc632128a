/*
 * output: writing the site safely.  Files go into a fresh staging folder
 * beside the output folder; only when the whole build succeeded is it
 * swapped in, so a failed build leaves the previous site byte for byte as
 * it was.  The output folder carries a marker file, and a folder without
 * it (or the handbook itself, or the home folder) is never replaced: a
 * mistyped -o must not delete someone's work.
 */
#ifndef PREPBOOK_OUTPUT_H
#define PREPBOOK_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#include "diag.h"

#define OUTPUT_MARKER ".prepbook-site"

struct output;

/*
 * Checks that dir may be (re)placed and opens a staging folder beside it.
 * root is the handbook folder (dir may not contain it).  patch asks for
 * patch mode (output.c), used only when dir already holds a site.  NULL on
 * refusal or I/O failure, recorded in d.
 */
struct output *output_open(const char *root, const char *dir, bool patch,
			   struct diag *d);

/* An output that writes nothing and only records the paths: `prepbook
 * check`, and a build that already has errors, send every file through
 * one so that two sources for a path are reported all the same. */
struct output *output_open_check(void);

/*
 * Writes a file at a site path ("economics/tco.html"), making folders.
 * source names what the file comes from, for messages: a file of the
 * handbook ("content/p/a.md", "themes/default/assets/nav.js") or a
 * phrase ("the generated sitemap").  Every path has one source: a second
 * one is an error naming both (at the content/ file among them), and the
 * file is not written.  A file whose bytes equal the previous site's is
 * not written again: it keeps its inode and modification time.  Returns 0 (also
 * after such an error, which is the handbook's), or -1 after recording an I/O
 * error.  Safe to call from several threads.
 */
int output_write(struct output *o, const char *path, const char *source,
		 const char *data, size_t len, struct diag *d);

/* output_write, which with anew writes the file even when the previous
 * site has the same bytes: a new file, with a new modification time. */
int output_write_as(struct output *o, const char *path, const char *source,
		    const char *data, size_t len, bool anew, struct diag *d);

/* Sets the modification time (nanoseconds since the epoch) of the file
 * this build wrote at path, when it is a file of its own (not one kept
 * from the previous site).  Returns 0, or -1 with errno set. */
int output_set_mtime(struct output *o, const char *path, uint64_t mtime_ns);

/*
 * Records that source writes path, as output_write does before writing;
 * false, after an error, when another source has the path, or one that
 * would make it a folder or be inside it.  The same source may claim a
 * path again: the build claims every page's URL in reading order, so the
 * page blamed for a clash never depends on which thread renders first.
 */
bool output_claim(struct output *o, const char *path, const char *source,
		  struct diag *d);

/* Keeps the previous site's file at path, unchanged, as this build's
 * (a page the build did not need to render again), claimed by source as
 * output_claim does; hash is the hash of its bytes that the previous
 * build recorded (hash.h's hash_bytes), so that listing the file
 * (output_files) need not read it.  Returns 0, or -1 when the previous
 * site has no such file, the path is another source's, or o is a
 * checking output. */
int output_keep(struct output *o, const char *path, const char *source,
		uint64_t hash, struct diag *d);

/* Whether output_keep can keep path: o writes a site and the previous
 * one has a regular file there (from one listing of it, made when first
 * asked). */
bool output_can_keep(struct output *o, const char *path);

/* The hash of the bytes this build produced at path, when it is known
 * without reading the file (written, streamed or kept): true and *hash
 * set; false otherwise, and always for a checking output. */
bool output_hash(struct output *o, const char *path, uint64_t *hash);

/* Copies the file at src to a site path, as output_write does. */
int output_copy(struct output *o, const char *path, const char *source,
		const char *src, struct diag *d);

/* Copies the folder src (recursively, skipping hidden files) to the site
 * path path ("assets"); source names the folder, and each file's source
 * is source/<its path in the folder>. */
int output_copy_tree(struct output *o, const char *path, const char *source,
		     const char *src, struct diag *d);

/*
 * A file written in pieces, for a site-wide file too big to hold in
 * memory at once (print.html).  output_open_file claims path as
 * output_write does; NULL when the claim fails (an error in d).  The
 * pieces go to the staging folder (nowhere for a checking output), and
 * output_file_close keeps the previous site's file instead when the
 * bytes are the same.  Returns 0, or -1 after recording an I/O error.
 */
struct output_file;
struct output_file *output_open_file(struct output *o, const char *path,
				     const char *source, struct diag *d);
void output_file_write(struct output_file *f, const char *data, size_t len);
int output_file_close(struct output_file *f, struct diag *d);

/* Appends the previous site's file at path to out (a site-wide file
 * that describes others of the previous site).  Returns 0, or -1 when
 * there is none. */
int output_read_previous(struct output *o, const char *path, struct buf *out);

/* Whether the previous site has a regular file at path; *size gets its
 * size in bytes. */
bool output_previous_size(struct output *o, const char *path, uint64_t *size);

/* How many bytes have been written to f. */
uint64_t output_file_size(const struct output_file *f);

/* Appends to out length bytes from offset of the previous site's file
 * at f's path (a site-wide file made again from pieces of the old one).
 * Returns 0, or -1 when there is no such file or it is shorter. */
int output_file_read_old(struct output_file *f, uint64_t offset,
			 uint64_t length, struct buf *out);

/* Writes to f those bytes of the previous site's file, as
 * output_file_read_old reads them.  Returns 0 or -1. */
int output_file_copy_old(struct output_file *f, uint64_t offset,
			 uint64_t length);

/*
 * Appends to out the bytes of the file this build produced at path
 * (written, copied, kept from the previous site or streamed): how the
 * site-wide files that gather every page (search, print) read the pages,
 * whether rendered this time or kept.  Returns 0, or -1 when the build
 * produced no such file or o is a checking output.
 */
int output_read(struct output *o, const char *path, struct buf *out);

/* Whether o is a checking output (output_open_check): it writes nothing,
 * so nothing can be read back from it. */
bool output_is_checking(const struct output *o);

/* A file this build produced, what wrote it, and a hash of its bytes
 * (hash.h). */
struct output_entry {
	const char *path;
	const char *source;
	uint64_t hash;
};

/* How many paths this build has claimed so far: a mark to pass to
 * output_files_since, which lists what a stage of the build produced. */
size_t output_mark(const struct output *o);

/* The files claimed since mark, in the order they were claimed, with the
 * hashes known so far (0 where none is: see output_hash).  The array is
 * the caller's to free; the strings are o's, as for output_files. */
struct output_entry *output_files_since(struct output *o, size_t mark,
					size_t *count);

/*
 * Every file produced so far, sorted by path, with a hash of its bytes:
 * what the service worker precaches, and the version it names its cache
 * by.  A file kept from the previous site is read once to hash it.  The
 * array is the caller's to free; the paths are o's, valid until it is
 * committed or aborted.  A checking output gives its paths with hash 0.
 */
struct output_entry *output_files(struct output *o, size_t *count);

/* Makes the staging folder the site and frees o: a swap, or in patch
 * mode the moves described in output.c, with the file at site path last
 * (may be NULL) moved after every other.  Returns 0 or -1. */
int output_commit(struct output *o, const char *last, struct diag *d);

/* Deletes the staging folder and frees o; the old site stays untouched. */
void output_abort(struct output *o);

#endif
