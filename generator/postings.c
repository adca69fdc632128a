/*
 * postings: packing a page's postings for the book state.  See
 * postings.h.
 */
#include "postings.h"

#include <stdlib.h>

static int by_pair(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

void postings_sort(uint32_t *pairs, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (by_pair(&pairs[2 * i - 2], &pairs[2 * i]) > 0) {
			qsort(pairs, n, 2 * sizeof *pairs, by_pair);
			return;
		}
}

void postings_pack(struct buf *out, const uint32_t *pairs, size_t n)
{
	uint32_t term = 0;
	unsigned char *p;

	buf_reserve(out, n * 10);
	p = (unsigned char *)out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		uint32_t v[2] = {pairs[2 * i] - term, pairs[2 * i + 1]};

		term = pairs[2 * i];
		for (int j = 0; j < 2; j++) {
			while (v[j] >= 0x80) {
				*p++ = (unsigned char)(v[j] | 0x80);
				v[j] >>= 7;
			}
			*p++ = (unsigned char)v[j];
		}
	}
	out->len = (size_t)((char *)p - out->data);
	out->data[out->len] = '\0';
}

static bool unpack_number(struct postings_unpacker *u, uint32_t *v)
{
	*v = 0;
	for (int shift = 0; shift < 35 && u->p < u->end; shift += 7) {
		unsigned c = *u->p++;

		*v |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
	}
	u->bad = true;
	return false;
}

bool postings_unpack(struct postings_unpacker *u, uint32_t *term,
		     uint32_t *piece_weight)
{
	uint32_t delta;

	if (u->bad || u->p >= u->end || !unpack_number(u, &delta) ||
	    !unpack_number(u, piece_weight))
		return false;
	u->term += delta;
	*term = u->term;
	return true;
}
