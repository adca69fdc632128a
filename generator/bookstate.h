/*
 * bookstate: what each page gave the search index and print.html in the
 * last build, kept in the site as .prepbook-book (hidden, like the build
 * cache), so that a rebuild after an edit adds the pages whose HTML did
 * not change from it, without reading them back: their postings are
 * replayed, their text files kept, their part of print.html copied from
 * the previous one (book.c).
 *
 * The file is binary, in the machine's byte order (a check word refuses
 * another order), and is written in one canonical form: the same site
 * gives the same bytes whether it was built clean or patched.  A file
 * that is missing, damaged or from another layout is simply not used.
 */
#ifndef PREPBOOK_BOOKSTATE_H
#define PREPBOOK_BOOKSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "print.h"
#include "search.h"

#define BOOK_STATE_PATH ".prepbook-book"

/* One page's share: the key of what it was made from (book.c), its
 * search record and its span of print.html. */
struct bookstate_page {
	uint64_t key;
	struct search_page_record search;
	struct print_span print;
};

struct bookstate {
	char *data;		  /* the file's bytes: the postings' */
	uint64_t layout;	  /* book.c's key of what every page shares */
	uint64_t print_size;	  /* print.html's bytes; 0 without one */
	uint64_t print_key_start; /* print_end_spans's key_start */
	char **terms;		  /* the postings' term ids' texts */
	size_t *term_lens;
	size_t nterms;
	struct bookstate_page *pages; /* in reading order */
	size_t npages;
};

/* Parses the bytes of a state file; NULL when they are not one. */
struct bookstate *bookstate_parse(const char *data, size_t len);
void bookstate_free(struct bookstate *st);

/*
 * Appends the state file of a book just made: layout and print.html's
 * size and key start as above, the search index s (its records and
 * terms, renumbered by term text so that the form is canonical), page
 * keys and print spans (spans NULL without print.html), npages of each.
 * old is the state s replayed pages from (its packed postings), or
 * NULL.
 */
void bookstate_write(struct buf *out, uint64_t layout, uint64_t print_size,
		     uint64_t print_key_start, const struct search *s,
		     const struct bookstate *old, const uint64_t *keys,
		     const struct print_span *spans, size_t npages);

#endif
