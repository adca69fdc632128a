/*
 * postings: a page's search postings packed for the book state
 * (bookstate.h), read back one at a time when the page is replayed.  A
 * posting is a pair of numbers: a term's id and the piece of the page it
 * is in, times 4, plus its weight (search.h).
 */
#ifndef PREPBOOK_POSTINGS_H
#define PREPBOOK_POSTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/* Sorts n postings (2n numbers: term, piece * 4 + weight, ...) in
 * place, by term, then piece. */
void postings_sort(uint32_t *pairs, size_t n);

/* Appends n postings, sorted by term then piece, packed: two numbers
 * each in groups of seven bits, low group first and the high bit set on
 * all but the last, the term's id less the previous posting's and the
 * piece times 4 plus the weight. */
void postings_pack(struct buf *out, const uint32_t *pairs, size_t n);

/* Reads packed postings, one at a time: false at the end, or (with
 * *bad set) at a malformed number. */
struct postings_unpacker {
	const unsigned char *p, *end;
	uint32_t term;
	bool bad;
};
bool postings_unpack(struct postings_unpacker *u, uint32_t *term,
		     uint32_t *piece_weight);

#endif
