/*
 * bookstate: the book's state file.  See bookstate.h.
 *
 * Layout: the magic line, a check word, the layout key, print.html's
 * size and key start, the terms (a count, then each one's length and
 * bytes), then the pages (a count, then per page its key, pieces, text
 * bytes, text files as (k, hash) pairs after their count, print span,
 * and postings after their count).  Numbers are 64 bits, except in the
 * postings, which are most of the file: those are sorted by term, and
 * each is two variable-length numbers (seven bits a byte, the high bit
 * set on all but the last), the term's id less the previous posting's,
 * and the piece times 4 plus the weight.
 */
#include "bookstate.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char magic[] = "prepbook-book 1\n";
#define CHECK_WORD 0x0102030405060708ULL

/* ------------------------------------------------------------------ */
/* Reading                                                             */

struct reader {
	const char *p, *end;
	bool failed;
};

static uint64_t get64(struct reader *r)
{
	uint64_t v = 0;

	if ((size_t)(r->end - r->p) < sizeof v) {
		r->failed = true;
		return 0;
	}
	memcpy(&v, r->p, sizeof v);
	r->p += sizeof v;
	return v;
}

static uint32_t get_varint(struct reader *r)
{
	uint32_t v = 0;

	for (int shift = 0; shift < 35; shift += 7) {
		unsigned char c;

		if (r->p == r->end)
			break;
		c = (unsigned char)*r->p++;
		v |= (uint32_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return v;
	}
	r->failed = true;
	return 0;
}

/* A count of items of size bytes each that the rest of the file can
 * hold; 0 (and failed) when it cannot. */
static size_t get_count(struct reader *r, size_t size)
{
	uint64_t n = get64(r);

	if (r->failed || n > (uint64_t)(r->end - r->p) / size) {
		r->failed = true;
		return 0;
	}
	return (size_t)n;
}

static void get_terms(struct reader *r, struct bookstate *st)
{
	st->nterms = get_count(r, sizeof(uint64_t));
	st->terms = mem_calloc(st->nterms ? st->nterms : 1, sizeof *st->terms);
	st->term_lens =
		mem_calloc(st->nterms ? st->nterms : 1, sizeof *st->term_lens);
	for (size_t i = 0; i < st->nterms && !r->failed; i++) {
		size_t len = get_count(r, 1);

		if (r->failed)
			break;
		st->terms[i] = mem_strndup(r->p, len);
		st->term_lens[i] = len;
		r->p += len;
	}
}

static void get_page(struct reader *r, struct bookstate_page *pg)
{
	struct search_page_record *s = &pg->search;
	struct print_span *sp = &pg->print;

	pg->key = get64(r);
	s->pieces = (uint32_t)get64(r);
	s->text_bytes = get64(r);
	s->nchunks = get_count(r, 2 * sizeof(uint64_t));
	s->chunks = mem_calloc(s->nchunks ? s->nchunks : 1, sizeof *s->chunks);
	for (size_t i = 0; i < s->nchunks; i++) {
		s->chunks[i].k = (uint32_t)get64(r);
		s->chunks[i].hash = get64(r);
	}
	sp->offset = get64(r);
	sp->length = get64(r);
	sp->key_offset = get64(r);
	sp->key_length = get64(r);
	sp->answers_before = (uint32_t)get64(r);
	sp->answers = (uint32_t)get64(r);
	s->npostings = 2 * get_count(r, 2);
	s->postings = mem_calloc(s->npostings ? s->npostings : 1,
				 sizeof *s->postings);
	for (size_t i = 0, term = 0; i < s->npostings && !r->failed; i += 2) {
		term += get_varint(r);
		s->postings[i] = (uint32_t)term;
		s->postings[i + 1] = get_varint(r);
	}
}

struct bookstate *bookstate_parse(const char *data, size_t len)
{
	struct reader r = {data, data + len, false};
	struct bookstate *st;

	if (len < sizeof magic - 1 || memcmp(data, magic, sizeof magic - 1))
		return NULL;
	r.p += sizeof magic - 1;
	if (get64(&r) != CHECK_WORD)
		return NULL;
	st = mem_calloc(1, sizeof *st);
	st->layout = get64(&r);
	st->print_size = get64(&r);
	st->print_key_start = get64(&r);
	get_terms(&r, st);
	/* A page takes eleven numbers at least. */
	st->npages = get_count(&r, 11 * sizeof(uint64_t));
	st->pages = mem_calloc(st->npages ? st->npages : 1, sizeof *st->pages);
	for (size_t i = 0; i < st->npages && !r.failed; i++)
		get_page(&r, &st->pages[i]);
	for (size_t i = 0; i < st->npages && !r.failed; i++) {
		const struct search_page_record *s = &st->pages[i].search;

		for (size_t j = 0; j + 1 < s->npostings; j += 2)
			if (s->postings[j] >= st->nterms)
				r.failed = true;
	}
	if (r.failed || r.p != r.end) {
		bookstate_free(st);
		return NULL;
	}
	return st;
}

void bookstate_free(struct bookstate *st)
{
	if (st == NULL)
		return;
	for (size_t i = 0; i < st->nterms; i++)
		free(st->terms[i]);
	free(st->terms);
	free(st->term_lens);
	for (size_t i = 0; i < st->npages; i++) {
		free(st->pages[i].search.chunks);
		free(st->pages[i].search.postings);
	}
	free(st->pages);
	free(st);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void put64(struct buf *out, uint64_t v)
{
	buf_put(out, (const char *)&v, sizeof v);
}

/* Appends v in seven-bit groups to p; returns the end. */
static char *put_varint(char *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (char)v;
	return p;
}

static int by_posting(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return (x[1] > y[1]) - (x[1] < y[1]);
}

/* A page's postings with their terms renumbered by rank, sorted by term
 * then piece, encoded as the top of the file says. */
static void put_postings(struct buf *out, const struct search_page_record *s,
			 const uint32_t *rank)
{
	size_t n = s->npostings / 2;
	uint32_t *sorted = mem_calloc(n ? 2 * n : 1, sizeof *sorted);
	char *p;
	uint32_t term = 0;

	for (size_t i = 0; i < n; i++) {
		sorted[2 * i] = rank[s->postings[2 * i]];
		sorted[2 * i + 1] = s->postings[2 * i + 1];
	}
	for (size_t i = 1; i < n; i++)
		if (by_posting(&sorted[2 * i - 2], &sorted[2 * i]) > 0) {
			qsort(sorted, n, 2 * sizeof *sorted, by_posting);
			break;
		}
	put64(out, n);
	buf_reserve(out, n * 10);
	p = out->data + out->len;
	for (size_t i = 0; i < n; i++) {
		p = put_varint(p, sorted[2 * i] - term);
		p = put_varint(p, sorted[2 * i + 1]);
		term = sorted[2 * i];
	}
	out->len = (size_t)(p - out->data);
	out->data[out->len] = '\0';
	free(sorted);
}

struct ranked {
	const char *text;
	size_t len;
	uint32_t id;
};

static int by_text(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->text, y->text, n);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Writes the terms that have postings, sorted by text, and returns each
 * id's place among them (the caller frees it). */
static uint32_t *put_terms(struct buf *out, const struct search *s)
{
	size_t n = search_term_count(s), used = 0;
	struct ranked *r = mem_calloc(n ? n : 1, sizeof *r);
	uint32_t *rank = mem_calloc(n ? n : 1, sizeof *rank);

	for (uint32_t id = 0; id < n; id++)
		if (search_term_used(s, id)) {
			r[used].id = id;
			r[used].text = search_term_text(s, id, &r[used].len);
			used++;
		}
	qsort(r, used, sizeof *r, by_text);
	put64(out, used);
	for (size_t i = 0; i < used; i++) {
		rank[r[i].id] = (uint32_t)i;
		put64(out, r[i].len);
		buf_put(out, r[i].text, r[i].len);
	}
	free(r);
	return rank;
}

static void put_page(struct buf *out, uint64_t key,
		     const struct search_page_record *s,
		     const struct print_span *sp, const uint32_t *rank)
{
	put64(out, key);
	put64(out, s->pieces);
	put64(out, s->text_bytes);
	put64(out, s->nchunks);
	for (size_t i = 0; i < s->nchunks; i++) {
		put64(out, s->chunks[i].k);
		put64(out, s->chunks[i].hash);
	}
	put64(out, sp->offset);
	put64(out, sp->length);
	put64(out, sp->key_offset);
	put64(out, sp->key_length);
	put64(out, sp->answers_before);
	put64(out, sp->answers);
	put_postings(out, s, rank);
}

void bookstate_write(struct buf *out, uint64_t layout, uint64_t print_size,
		     uint64_t print_key_start, const struct search *s,
		     const uint64_t *keys, const struct print_span *spans,
		     size_t npages)
{
	static const struct print_span none;
	uint32_t *rank;

	buf_puts(out, magic);
	put64(out, CHECK_WORD);
	put64(out, layout);
	put64(out, print_size);
	put64(out, print_key_start);
	rank = put_terms(out, s);
	put64(out, npages);
	for (size_t i = 0; i < npages; i++)
		put_page(out, keys[i], search_page_record(s, i),
			 spans ? &spans[i] : &none, rank);
	free(rank);
}
