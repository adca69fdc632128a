/*
 * content: the handbook as a model.  Scans content/ in sorted order, splits
 * and checks each page's front matter, and builds the page tree: the home
 * page, parts (one folder each) and their pages, in reading order, with
 * URLs and prev/next.  Nothing here renders Markdown.
 *
 * URLs are site-relative paths of .html files ("economics/tco.html"); every
 * link the generator writes is made relative to the page from these.
 *
 * The structs below are the model the later stages read: links, context,
 * pagerender, sitefiles and build read their fields directly, as a
 * deliberate read-only view (accessors for every field would only rename
 * them).  Only content.c writes them, and nothing changes a handbook after
 * content_load returns, which is also what lets the render threads share
 * it without locks.
 *
 * A folder's landing page is its _index.md (Hugo's name) or index.md (the
 * name MkDocs and Docusaurus users reach for); one folder may not have
 * both.  content/404.md is the page a host serves for a missing address
 * (as mdBook's src/404.md is).
 */
#ifndef PREPBOOK_CONTENT_H
#define PREPBOOK_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "strmap.h"
#include "value.h"

struct part;

/* What a page's file was when it was read: enough to tell, from a stat
 * alone, that it has not changed since (the build cache keeps it). */
struct content_file_stat {
	uint64_t size, mtime_ns, ctime_ns, ino, dev;
};

struct page {
	char *source; /* "content/economics/tco.md": diagnostics, edit links */
	char *path;   /* the file on disk */
	char *url;    /* "economics/tco.html" */
	char *title;
	char *description; /* "" when absent */
	char *updated;	   /* "" when absent */
	char *layout;	   /* template name; "page" unless front matter says */
	long weight;
	bool toc;
	bool draft;
	bool generated; /* a part landing page with no _index.md */
	bool broken;	/* its front matter has errors (reported); read only
			   so that its body's errors are reported too */
	struct value *front_matter; /* owned; NULL for generated pages */
	char *body;	   /* Markdown after the front matter, owned; NULL until
			      content_page_body when the load left it on disk */
	size_t body_len;   /* its length, also while it is on disk */
	int body_line;	   /* the file line the body starts on */
	struct part *part; /* NULL for the home page and top-level pages */
	struct page *prev; /* reading order */
	struct page *next;
	size_t index;	      /* the page's place in handbook.order */
	uint64_t source_hash; /* of the file's bytes: did the page change? */
	uint64_t front_matter_hash;    /* of its front matter's text alone */
	struct content_file_stat file; /* when it was read */
	bool known; /* taken from content_options.known, not read */
};

struct part {
	char *dir; /* folder name under content/ */
	char *title;
	long weight;
	struct page *index;  /* _index.md (or index.md), or a generated
				landing page */
	struct page **pages; /* without the index, in order */
	size_t npages;
	size_t pages_cap;
};

/* What the navigation lists after the home page: a part, or a page that
 * sits directly in content/.  Exactly one of the two is set. */
struct section {
	struct part *part;
	struct page *page;
};

/* Why a file of content/ is not in this build.  Links to it say so
 * instead of claiming that it does not exist. */
enum left_out_kind {
	LEFT_OUT_ERRORS,  /* a page whose body cannot be found (no front
			     matter, or not closed), or a second landing
			     page: its own error is reported */
	LEFT_OUT_DRAFT,	  /* draft: true, and no --drafts */
	LEFT_OUT_REFUSED, /* a name, type or place prepbook refuses */
};

struct left_out {
	char *source; /* "content/p/x.md", or a refused folder */
	enum left_out_kind kind;
	char *reason; /* LEFT_OUT_REFUSED: the message given for it */
};

struct handbook {
	char *root;		  /* the handbook folder on disk */
	struct page *home;	  /* content/index.md (or _index.md), or
				     generated */
	struct page *not_found;	  /* content/404.md, or NULL: the page a
				     host serves for a missing address;
				     not in the navigation or the order */
	struct section *sections; /* ordered by weight, then title */
	size_t nsections;
	struct page **order; /* every page in reading order, home first */
	size_t npages;
	char **assets; /* content files that are not pages, sorted,
			  relative to content/ */
	size_t nassets;
	struct left_out *left_out; /* in scan order */
	size_t nleft_out;
	struct strmap *by_source; /* source path -> page (not generated) */
	struct strmap *asset_set; /* content file -> itself */
};

/* What an earlier build found in a page file (content_options.known);
 * the front matter is handed over (the page owns it then). */
struct content_known {
	uint64_t source_hash, front_matter_hash;
	size_t body_len;
	int body_line;
	struct value *front_matter;
};

struct content_options {
	bool drafts; /* build pages marked draft: true */
	int jobs;    /* threads that read pages; 0 = one per processor */
	/* When set, a page whose file this returns false for (source path,
	 * hash of the file's bytes) is not held in memory: a rebuild keeps
	 * most pages without parsing them, and their text is most of what
	 * a handbook weighs.  content_page_body reads it when needed.
	 * Called from the reading threads. */
	bool (*hold_body)(const char *source, uint64_t hash, void *data);
	void *hold_data;
	/* When set, asked for each page file before it is read: true when
	 * an earlier build read the same file (its stat, which the callback
	 * compares, says so) and *known holds what it found there; the page
	 * is then made from that, without reading or parsing the file, and
	 * its body waits on disk (content_page_body).  Its front matter is
	 * checked again, so that its warnings are reported as when it was
	 * read.  Called from the reading threads. */
	bool (*known)(const char *source, const struct content_file_stat *st,
		      struct content_known *known, void *data);
	void *known_data;
};

/* Loads root/content.  Returns NULL only when content/ cannot be read;
 * page errors are recorded in d and the page is left out. */
struct handbook *content_load(const char *root,
			      const struct content_options *options,
			      struct diag *d);
void content_free(struct handbook *hb);

/* Frees the bodies held in memory (once every page is rendered: what
 * follows needs memory more); content_page_body reads one again.
 * Returns how many bytes that freed. */
size_t content_drop_bodies(struct handbook *hb);

/* Reads the body of a page that content_load left on disk (hold_body),
 * once; a page whose body is in memory needs nothing.  Returns 0, or -1
 * after an error at the page: its file cannot be read or is no longer
 * what was loaded (an edit during the build).  Call it for one page from
 * one thread at a time. */
int content_page_body(struct page *pg, struct diag *d);

/*
 * A page the build makes with no file behind it (the home page of a
 * handbook without content/index.md, the generated not-found page):
 * source names where its file would be ("" for none), url is
 * site-relative.  The strings are copied; free the page with
 * content_page_free.  Pages of a handbook belong to it and are freed by
 * content_free.
 */
struct page *content_page_generated(const char *source, const char *url,
				    const char *title);
void content_page_free(struct page *pg);

/* The page whose source is the given path ("content/a/b.md"), or NULL.
 * The not-found page is found too. */
struct page *content_find(const struct handbook *hb, const char *source);

/* The bytes of Markdown of every page in the reading order (bodies, no
 * front matter): what the search index sizes its files by. */
size_t content_markdown_size(const struct handbook *hb);

/* Why source is not in this build (it, or a folder holding it, is left
 * out), or NULL. */
const struct left_out *content_left_out(const struct handbook *hb,
					const char *source);

/* The part whose folder is dir, or NULL. */
struct part *content_part(const struct handbook *hb, const char *dir);

/* Whether source names a content file that is not a page (an image). */
bool content_has_asset(const struct handbook *hb, const char *source);

/*
 * Splits text into front matter and body.  The front matter is the lines
 * between a first line "---" and the next line "---" (or "..."); spaces
 * and tabs may follow either fence.  Sets fm and fm_len to the YAML text,
 * body and body_line to the rest.  Returns -1 with an error when there is
 * no front matter, it is not closed (at line 1), or a line of dashes that
 * was meant to close it is not exactly a fence (at that line): no text
 * silently becomes YAML.
 */
int content_split(const char *text, size_t len, const char *file,
		  const char **fm, size_t *fm_len, const char **body,
		  int *body_line, struct diag *d);

/* What the page comes from, for messages: its source, or "a generated
 * landing page". */
const char *content_source_name(const struct page *pg);

/* Whether a file name or path names a page source (ends in ".md"). */
bool content_is_markdown(const char *name);

#endif
