/*
 * search: the site's search index, made at build time from every page's
 * content in reading order and written as scripts, so that the theme's
 * search box works from disk too, where fetch() cannot read files.
 *
 * The index is split so that a query loads little of it:
 *
 *   search-index.js             the parts; per page its URL, title,
 *                               part and number of sections; and the
 *                               first section of each text file
 *   search-index/terms/<n>.js   the terms, in shards: a term lives in
 *                               the shard its first two characters hash
 *                               to (its first, for an unspaced script),
 *                               so a word's prefixes all sit in one
 *   search-index/pages/<page>.<k>.js
 *                               the text of consecutive sections, from
 *                               the k-th of that page on, a few
 *                               kilobytes a file, for the snippets of
 *                               the results shown
 *
 * A section is the text under one heading (the first, the text before any
 * heading).  Sections are numbered through the handbook in reading order;
 * a term's postings say which sections have it and where: in the page's
 * title, in the section's heading, or in its text (once, or more often).
 * The formats are those the theme's search-engine.js reads; the theme
 * README describes them.
 */
#ifndef PREPBOOK_SEARCH_H
#define PREPBOOK_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "output.h"
#include "value.h"

#define SEARCH_INDEX_PATH "search-index.js"
#define SEARCH_DIR "search-index"

struct search;

/* An index whose files go to o, with I/O errors recorded in d, for a
 * handbook of pages pages and markdown bytes (which size its text
 * files). */
struct search *search_new(struct output *o, size_t markdown, size_t pages,
			  struct diag *d);
void search_free(struct search *s);

/* Adds the next page in reading order: its site path, title, its part's
 * title ("" for none) and its sections (searchtext_sections'; NULL for a
 * page whose HTML could not be read, which is then found by its title).
 * The text files it fills are written as they fill. */
void search_add_page(struct search *s, const char *url, const char *title,
		     const char *part, const struct value *sections);

/*
 * What one page gave the index, kept between builds (book.c) so that a
 * rebuild adds a page whose HTML did not change without reading it back:
 * how many pieces (numbered sections) it has, the bytes of their text,
 * the text files that start in it (by their place k in the page, with
 * the hash of their bytes) and its postings, in pairs: a term's id and
 * the piece's place in the page times 4 plus the posting's weight.
 *
 * The postings are in the array while the page is being added, then
 * packed (postings.h) with this index's term ids (packed_here, the
 * bytes owned); a replayed page's are packed with the ids of the
 * earlier build whose record it was, the bytes borrowed from that
 * build's state.
 */
struct search_chunk_ref {
	uint32_t k;
	uint64_t hash;
};
struct search_page_record {
	uint32_t pieces;
	uint64_t text_bytes;
	struct search_chunk_ref *chunks;
	size_t nchunks, chunks_cap;
	uint32_t *postings;
	size_t npostings, postings_cap;
	const unsigned char *packed;
	size_t packed_len;
	bool packed_here;
};

/* The record of the i-th page added (NULL past the last); the ids are
 * search_term_text's.  Valid until search_free. */
const struct search_page_record *search_page_record(const struct search *s,
						    size_t i);
size_t search_term_count(const struct search *s);
const char *search_term_text(const struct search *s, uint32_t id, size_t *len);
/* Whether a term has any posting (an earlier build's may have none). */
bool search_term_used(const struct search *s, uint32_t id);

/* The id here of the earlier build's term old_id (search_set_old_terms),
 * once a replayed posting named it; -1 otherwise. */
int64_t search_old_term(const struct search *s, uint32_t old_id);

/* Whether the text file being filled ends with the page at url: a run
 * of pages from one such page to the next shares text files, and no
 * file spans two runs (search.c). */
bool search_ends_run(const struct search *s, const char *url);

/* A key of how s cuts text into files: records of a build with another
 * key cannot be replayed. */
uint64_t search_layout_key(const struct search *s);

/* The term texts by id of the records that search_replay_page will be
 * given (borrowed until search_free). */
void search_set_old_terms(struct search *s, const char *const *text,
			  const size_t *len, size_t n);

/* Whether the previous site holds the text files of a page's record. */
bool search_can_replay(const struct search *s, const char *url,
		       const struct search_page_record *r);

/* Adds the next page in reading order from its record in an earlier
 * build, as search_add_page would add the same page: its postings, and
 * its text files kept from the previous site.  Only at the start of a
 * run (search_ends_run) of pages that are all replayed.  Returns 0, or
 * -1 when a term id is unknown or a text file cannot be kept. */
int search_replay_page(struct search *s, const char *url, const char *title,
		       const char *part, const struct search_page_record *r);

/* Writes the last text file, the table and the term shards.  Returns
 * 0, or -1 when writing any file of the index failed. */
int search_write(struct search *s);

/* What the index weighs, in bytes: for the README's figures and the
 * tests.  Valid after search_write. */
struct search_sizes {
	size_t text;   /* the sections' text, as extracted */
	size_t index;  /* search-index.js */
	size_t terms;  /* every term shard */
	size_t pages;  /* every page text file */
	size_t shards; /* how many term shards */
};
struct search_sizes search_sizes(const struct search *s);

/* The shard of a term, given how many there are: FNV-1a over the code
 * points of its key (search.h above), as search-engine.js computes it. */
unsigned search_shard(const char *term, size_t len, unsigned shards);

/* Appends the postings of a term as search-index/terms files hold them,
 * for the unit tests: sections (ascending) and their weights (0 text once,
 * 1 text more often, 2 heading, 3 title). */
void search_encode(struct buf *out, const unsigned *sections,
		   const unsigned char *weights, size_t n);

#endif
