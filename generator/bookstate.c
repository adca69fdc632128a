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
#include "postings.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static const char magic[] = "prepbook-book 2\n";
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
	s->packed_len = get_count(r, 1);
	s->packed = (const unsigned char *)r->p;
	r->p += s->packed_len;
}

/* Whether a page's packed postings read to their end, naming known
 * terms and pieces, each term's pieces rising: what replaying them
 * needs (search_replay_page). */
static bool postings_valid(const struct search_page_record *s, size_t nterms)
{
	struct postings_unpacker u = {s->packed, s->packed + s->packed_len, 0,
				      false};
	uint32_t term, pw;
	int64_t last_term = -1, last_piece = -1;

	while (postings_unpack(&u, &term, &pw)) {
		if (term >= nterms || pw / 4 >= s->pieces ||
		    (term == last_term && pw / 4 <= last_piece))
			return false;
		last_piece = term == last_term ? pw / 4 : (int64_t)(pw / 4);
		last_term = term;
	}
	return !u.bad;
}

/* Whether the pages' spans of print.html follow one another inside it,
 * their key items inside the key, and their answers add up: so that
 * copying them reads only the old file's bytes. */
static bool spans_valid(const struct bookstate *st)
{
	uint64_t end = 0, key_end = 0, answers = 0;
	uint64_t key_room = st->print_size >= st->print_key_start
				    ? st->print_size - st->print_key_start
				    : 0;

	for (size_t i = 0; i < st->npages; i++) {
		const struct print_span *sp = &st->pages[i].print;

		if (sp->offset < end || sp->length > st->print_size ||
		    sp->offset > st->print_size - sp->length ||
		    sp->key_offset < key_end || sp->key_length > key_room ||
		    sp->key_offset > key_room - sp->key_length ||
		    sp->answers_before != answers)
			return false;
		end = sp->offset + sp->length;
		key_end = sp->key_offset + sp->key_length;
		answers += sp->answers;
	}
	return true;
}

struct bookstate *bookstate_parse(const char *bytes, size_t len)
{
	struct reader r;
	struct bookstate *st;

	if (len < sizeof magic - 1 || memcmp(bytes, magic, sizeof magic - 1))
		return NULL;
	st = mem_calloc(1, sizeof *st);
	/* The pages' packed postings point into the state's own copy. */
	st->data = mem_strndup(bytes, len);
	r = (struct reader){st->data + sizeof magic - 1, st->data + len, false};
	if (get64(&r) != CHECK_WORD) {
		bookstate_free(st);
		return NULL;
	}
	st->layout = get64(&r);
	st->print_size = get64(&r);
	st->print_key_start = get64(&r);
	get_terms(&r, st);
	/* A page takes eleven numbers at least. */
	st->npages = get_count(&r, 11 * sizeof(uint64_t));
	st->pages = mem_calloc(st->npages ? st->npages : 1, sizeof *st->pages);
	for (size_t i = 0; i < st->npages && !r.failed; i++)
		get_page(&r, &st->pages[i]);
	for (size_t i = 0; i < st->npages && !r.failed; i++)
		r.failed = !postings_valid(&st->pages[i].search, st->nterms);
	r.failed = r.failed || !spans_valid(st);
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
	for (size_t i = 0; i < st->npages; i++)
		free(st->pages[i].search.chunks);
	free(st->pages);
	free(st->data);
	free(st);
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void put64(struct buf *out, uint64_t v)
{
	buf_put(out, (const char *)&v, sizeof v);
}

/* A page's postings with this index's term ids, from its array or its
 * packed bytes (through search_old_term for an earlier build's); *n gets
 * how many. */
static uint32_t *unpacked(const struct search *s,
			  const struct search_page_record *r, size_t *n)
{
	struct postings_unpacker u = {r->packed, r->packed + r->packed_len, 0,
				      false};
	uint32_t *pairs, term, pw;
	size_t cap = 0;

	if (r->packed == NULL) {
		*n = r->npostings / 2;
		pairs = mem_calloc(r->npostings + 1, sizeof *pairs);
		memcpy(pairs, r->postings, r->npostings * sizeof *pairs);
		return pairs;
	}
	pairs = NULL;
	*n = 0;
	while (postings_unpack(&u, &term, &pw)) {
		pairs = mem_grow(pairs, &cap, 2 * *n + 2, sizeof *pairs);
		pairs[2 * *n] = r->packed_here
					? term
					: (uint32_t)search_old_term(s, term);
		pairs[2 * *n + 1] = pw;
		(*n)++;
	}
	return pairs ? pairs : mem_calloc(1, sizeof *pairs);
}

/* A page's postings with their terms renumbered by rank, sorted by term
 * then piece, packed.  same_terms says the earlier build's terms are
 * this one's, ranked alike: packed bytes are then copied as they are. */
static void put_postings(struct buf *out, const struct search *s,
			 const struct search_page_record *r,
			 const uint32_t *rank, bool same_terms)
{
	size_t n;
	uint32_t *sorted;

	if (r->packed && !r->packed_here && same_terms) {
		put64(out, r->packed_len);
		buf_put(out, (const char *)r->packed, r->packed_len);
		return;
	}
	sorted = unpacked(s, r, &n);
	for (size_t i = 0; i < n; i++)
		sorted[2 * i] = rank[sorted[2 * i]];
	postings_sort(sorted, n);
	{
		struct buf packed = BUF_INIT;

		postings_pack(&packed, sorted, n);
		put64(out, packed.len);
		buf_put(out, packed.data ? packed.data : "", packed.len);
		buf_release(&packed);
	}
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
 * id's place among them (the caller frees it); *same_terms tells whether
 * they are old's terms (NULL: there is no old state). */
static uint32_t *put_terms(struct buf *out, const struct search *s,
			   const struct bookstate *old, bool *same_terms)
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
	*same_terms = old && old->nterms == used;
	for (size_t i = 0; i < used; i++) {
		rank[r[i].id] = (uint32_t)i;
		put64(out, r[i].len);
		buf_put(out, r[i].text, r[i].len);
		*same_terms = *same_terms && old->term_lens[i] == r[i].len &&
			      memcmp(old->terms[i], r[i].text, r[i].len) == 0;
	}
	free(r);
	return rank;
}

static void put_page(struct buf *out, const struct search *index, uint64_t key,
		     const struct search_page_record *s,
		     const struct print_span *sp, const uint32_t *rank,
		     bool same_terms)
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
	put_postings(out, index, s, rank, same_terms);
}

void bookstate_write(struct buf *out, uint64_t layout, uint64_t print_size,
		     uint64_t print_key_start, const struct search *s,
		     const struct bookstate *old, const uint64_t *keys,
		     const struct print_span *spans, size_t npages)
{
	static const struct print_span none;
	uint32_t *rank;
	bool same_terms;

	buf_puts(out, magic);
	put64(out, CHECK_WORD);
	put64(out, layout);
	put64(out, print_size);
	put64(out, print_key_start);
	rank = put_terms(out, s, old, &same_terms);
	put64(out, npages);
	for (size_t i = 0; i < npages; i++)
		put_page(out, s, keys[i], search_page_record(s, i),
			 spans ? &spans[i] : &none, rank, same_terms);
	free(rank);
}
