/*
 * search: building and writing the search index.  See search.h.
 *
 * Pages arrive in reading order.  Their text goes to the text files as
 * they fill, and is dropped, so memory holds the terms and their encoded
 * postings, not the handbook's text.
 *
 * Postings are written as a string of base-32 digits in a 64-character
 * alphabet: a character below 32 ends a number, one from 32 on carries
 * five more bits.  Each number is (section - previous section - 1) * 4 +
 * weight, so a term found in most sections costs about one character per
 * section.
 */
#include "search.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "buf.h"
#include "escape.h"
#include "hash.h"
#include "mem.h"
#include "postings.h"
#include "searchtext.h"
#include "strmap.h"

/* A shard aims at this many bytes: a query loads one per word, so a few
 * make a first query cost a small part of a big handbook's text, and a
 * small handbook gets a handful. */
#define SHARD_TARGET 8000
#define SHARDS_MAX 4096

/*
 * The results shown on screen each load one text file for their snippet,
 * so a first query's cost is mostly these.  A long section is cut into
 * pieces of at most PIECE_MAX bytes (each found, and shown, on its own),
 * and consecutive pieces are grouped into text files of at most a
 * chunk's size: about a 150th of the handbook's Markdown (the power of
 * two below it), so that the eight results shown cost about 5% of it,
 * but no less than CHUNK_MIN (a small handbook would get a file per
 * piece) and no more than CHUNK_MAX.
 *
 * Besides the size, a file ends with a page whose URL's hash is a
 * multiple of the number of pages a file holds on average: boundaries
 * that depend on the pages themselves, not on the sizes of everything
 * before them, so an edited page rewrites its own file and its
 * neighbours', not every file after it.  A file is named by its first
 * piece: its page's path and the piece's place in the page.
 */
#define PIECE_MAX 1000
#define CHUNK_MIN 1200
#define CHUNK_MAX 32000

enum field { FIELD_TEXT = 0, FIELD_HEADING = 2, FIELD_TITLE = 3 };

/* A term and its postings, encoded as they are made (a posting costs a
 * character or two instead of a struct): the one being counted is open
 * until a later section finds the term, or the index is written. */
struct term {
	char *text;
	size_t len;
	struct buf encoded; /* the postings closed so far, as written */
	int64_t written;    /* the section of the last one, or -1 */
	uint32_t section;   /* the open posting's section */
	uint8_t field;	    /* the best field it was found in there */
	uint8_t count;	    /* in the text, up to 2 */
	bool open;
	uint32_t id;	   /* its place in s->by_id */
	size_t touched_in; /* the page (its index + 1) that last found it */
};

struct page_entry {
	char *url;
	char *title;
	int part;	 /* index in parts, or -1 */
	size_t sections; /* how many */
	struct search_page_record rec;
};

/* The text file being filled. */
struct chunk {
	struct value *pieces; /* [id, heading, text] */
	size_t bytes;
	uint32_t first; /* the section number of its first piece */
	char *url;	/* the page of its first piece */
	size_t page;	/* that page's index */
	size_t k;	/* and the piece's place in that page */
};

struct search {
	struct output *o;
	struct diag *d;
	int status;
	struct term **terms;
	size_t nterms, terms_cap;
	struct strmap *by_text;
	struct page_entry *pages;
	size_t npages, pages_cap;
	char **parts;
	size_t nparts, parts_cap;
	uint32_t section; /* the next section's number */
	size_t chunk_max; /* a text file's most bytes */
	uint64_t group;	  /* pages in a text file, on average */
	struct chunk pending;
	uint32_t *texts; /* the first section of each text file */
	size_t ntexts, texts_cap;
	struct buf key; /* scratch: a term as a C string */
	struct search_sizes sizes;
	struct term **by_id;
	size_t by_id_cap;
	struct term **touched; /* the terms the page being added found */
	size_t ntouched, touched_cap;
	uint32_t page_first; /* the section number of its first piece */
	/* The terms of an earlier build's records (search_set_old_terms):
	 * their texts by id, and each one's term here once met. */
	const char *const *old_text;
	const size_t *old_len;
	size_t nold;
	struct term **old_map;
};

static const char digits[] =
	"0123456789abcdefghijklmnopqrstuvABCDEFGHIJKLMNOPQRSTUVWXYZwxyz-_";

/* The greatest power of two not above n (0 for 0). */
static uint64_t power_below(uint64_t n)
{
	uint64_t p = 1;

	if (n == 0)
		return 0;
	while (p <= n / 2)
		p *= 2;
	return p;
}

struct search *search_new(struct output *o, size_t markdown, size_t pages,
			  struct diag *d)
{
	struct search *s = mem_calloc(1, sizeof *s);

	s->o = o;
	s->d = d;
	/* Both are powers of two (but for the bounds), so that an edit,
	 * which changes the Markdown's length a little, seldom changes them:
	 * a rebuild keeps the text files of pages it did not change only
	 * where the two are as before (search_layout_key). */
	s->chunk_max = power_below(markdown / 150);
	if (s->chunk_max < CHUNK_MIN)
		s->chunk_max = CHUNK_MIN;
	if (s->chunk_max > CHUNK_MAX)
		s->chunk_max = CHUNK_MAX;
	s->group = power_below(
		markdown ? (uint64_t)s->chunk_max * pages / markdown : 1);
	if (s->group < 1)
		s->group = 1;
	s->pending.pieces = value_list();
	s->by_text = strmap_new();
	return s;
}

void search_free(struct search *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->nterms; i++) {
		free(s->terms[i]->text);
		buf_release(&s->terms[i]->encoded);
		free(s->terms[i]);
	}
	free(s->terms);
	strmap_free(s->by_text);
	for (size_t i = 0; i < s->npages; i++) {
		free(s->pages[i].url);
		free(s->pages[i].title);
		free(s->pages[i].rec.chunks);
		free(s->pages[i].rec.postings);
		if (s->pages[i].rec.packed_here)
			free((void *)s->pages[i].rec.packed);
	}
	free(s->by_id);
	free(s->touched);
	free(s->old_map);
	free(s->pages);
	value_free(s->pending.pieces);
	free(s->pending.url);
	free(s->texts);
	for (size_t i = 0; i < s->nparts; i++)
		free(s->parts[i]);
	free(s->parts);
	buf_release(&s->key);
	free(s);
}

static struct term *term_of(struct search *s, const char *text, size_t len)
{
	struct term *t;

	buf_reset(&s->key);
	buf_put(&s->key, text, len);
	t = strmap_get(s->by_text, buf_str(&s->key));
	if (t)
		return t;
	t = mem_calloc(1, sizeof *t);
	t->text = mem_strndup(text, len);
	t->len = len;
	t->written = -1;
	s->terms = mem_grow(s->terms, &s->terms_cap, s->nterms + 1,
			    sizeof *s->terms);
	t->id = (uint32_t)s->nterms;
	s->terms[s->nterms++] = t;
	s->by_id =
		mem_grow(s->by_id, &s->by_id_cap, s->nterms, sizeof *s->by_id);
	s->by_id[t->id] = t;
	strmap_put(s->by_text, t->text, t);
	return t;
}

struct occurrence {
	struct search *s;
	enum field field;
};

static void put_number(struct buf *out, uint32_t v)
{
	char tmp[8];
	size_t n = 0;

	do {
		tmp[n++] = (char)(v & 31);
		v >>= 5;
	} while (v);
	while (n > 1)
		buf_putc(out, digits[32 + tmp[--n]]);
	buf_putc(out, digits[(int)tmp[0]]);
}

/* Appends a posting to the record of the page being added (the last
 * one): the term, and its piece in the page with the weight. */
static void record_posting(struct search *s, const struct term *t,
			   uint32_t piece_weight)
{
	struct search_page_record *r = &s->pages[s->npages - 1].rec;

	if (r->npostings + 2 > r->postings_cap)
		r->postings = mem_grow(r->postings, &r->postings_cap,
				       r->npostings + 2, sizeof *r->postings);
	r->postings[r->npostings++] = t->id;
	r->postings[r->npostings++] = piece_weight;
}

/* Encodes a posting: its section after the last one, and its weight (3
 * title, 2 heading, 1 text more than once, 0 text once). */
static void encode_posting(struct term *t, uint32_t section, unsigned weight)
{
	put_number(&t->encoded,
		   (uint32_t)((section - t->written - 1) * 4 + weight));
	t->written = section;
}

/* Encodes a posting of the page being added, and keeps it in the page's
 * record. */
static void put_posting(struct search *s, struct term *t, uint32_t section,
			unsigned weight)
{
	encode_posting(t, section, weight);
	record_posting(s, t, (section - s->page_first) * 4 + weight);
}

static void close_posting(struct search *s, struct term *t)
{
	unsigned weight = t->field != FIELD_TEXT ? t->field
			  : t->count > 1	 ? 1
						 : 0;

	if (!t->open)
		return;
	put_posting(s, t, t->section, weight);
	t->open = false;
}

/* One term found in the current section. */
static void add_occurrence(const char *text, size_t len, void *data)
{
	struct occurrence *oc = data;
	struct search *s = oc->s;
	struct term *t = term_of(s, text, len);

	if (t->touched_in != s->npages) {
		t->touched_in = s->npages;
		s->touched = mem_grow(s->touched, &s->touched_cap,
				      s->ntouched + 1, sizeof *s->touched);
		s->touched[s->ntouched++] = t;
	}
	if (!t->open || t->section != s->section) {
		close_posting(s, t);
		t->open = true;
		t->section = s->section;
		t->field = FIELD_TEXT;
		t->count = 0;
	}
	if (oc->field > t->field)
		t->field = (uint8_t)oc->field;
	if (oc->field == FIELD_TEXT && t->count < 2)
		t->count++;
}

static void add_field(struct search *s, const char *text, enum field field)
{
	struct occurrence oc = {s, field};

	searchtext_terms(text, strlen(text), add_occurrence, &oc);
}

static int part_index(struct search *s, const char *part)
{
	if (*part == '\0')
		return -1;
	for (size_t i = 0; i < s->nparts; i++)
		if (strcmp(s->parts[i], part) == 0)
			return (int)i;
	s->parts = mem_grow(s->parts, &s->parts_cap, s->nparts + 1,
			    sizeof *s->parts);
	s->parts[s->nparts] = mem_strdup(part);
	return (int)s->nparts++;
}

/* search-index/pages/economics/tco.0.js for economics/tco.html. */
static void chunk_path(struct buf *path, const char *url, size_t k)
{
	size_t n = strlen(url);

	if (n > 5 && strcmp(url + n - 5, ".html") == 0)
		n -= 5;
	buf_printf(path, "%s/pages/%.*s.%zu.js", SEARCH_DIR, (int)n, url, k);
}

static void write_file(struct search *s, const char *path, const struct buf *js,
		       size_t *size)
{
	*size += js->len;
	if (output_write(s->o, path, "the generated search index", buf_str(js),
			 js->len, s->d) != 0)
		s->status = -1;
}

static size_t piece_size(const struct value *piece)
{
	return strlen(value_string_of(value_at(piece, 1))) +
	       strlen(value_string_of(value_at(piece, 2)));
}

/* Notes in a page's record a text file that starts in it. */
static void note_chunk(struct search_page_record *r, struct output *o,
		       const char *path, size_t k)
{
	uint64_t hash = 0;

	output_hash(o, path, &hash);
	r->chunks = mem_grow(r->chunks, &r->chunks_cap, r->nchunks + 1,
			     sizeof *r->chunks);
	r->chunks[r->nchunks++] = (struct search_chunk_ref){(uint32_t)k, hash};
}

/* Writes the pending text file, if it holds anything, and empties it. */
static void flush_chunk(struct search *s)
{
	struct chunk *c = &s->pending;
	struct buf js = BUF_INIT, path = BUF_INIT;

	if (value_len(c->pieces) == 0)
		return;
	buf_puts(&js, "prepbookSearch.text(");
	escape_json(&js, c->url);
	buf_printf(&js, ",%zu,[", c->k);
	for (size_t i = 0; i < value_len(c->pieces); i++) {
		const struct value *piece = value_at(c->pieces, i);

		buf_puts(&js, i ? ",\n[" : "\n[");
		for (size_t j = 0; j < 3; j++) {
			if (j)
				buf_putc(&js, ',');
			escape_json(&js, value_string_of(value_at(piece, j)));
		}
		buf_putc(&js, ']');
	}
	buf_puts(&js, "]);\n");
	chunk_path(&path, c->url, c->k);
	write_file(s, buf_str(&path), &js, &s->sizes.pages);
	note_chunk(&s->pages[c->page].rec, s->o, buf_str(&path), c->k);
	s->texts = mem_grow(s->texts, &s->texts_cap, s->ntexts + 1,
			    sizeof *s->texts);
	s->texts[s->ntexts++] = c->first;
	value_free(c->pieces);
	free(c->url);
	*c = (struct chunk){.pieces = value_list()};
	buf_release(&path);
	buf_release(&js);
}

/* Adds a page's k-th piece, section number s->section, to the text
 * files. */
static void add_to_chunk(struct search *s, const char *url, size_t k,
			 const struct value *piece)
{
	struct chunk *c = &s->pending;
	size_t size = piece_size(piece);

	if (c->bytes > 0 && c->bytes + size > s->chunk_max)
		flush_chunk(s);
	if (value_len(c->pieces) == 0) {
		c->first = s->section;
		c->url = mem_strdup(url);
		c->page = s->npages - 1;
		c->k = k;
	}
	value_push(c->pieces, value_copy(piece));
	c->bytes += size;
}

static void push_piece(struct value *list, const char *id, const char *heading,
		       const char *text, size_t len)
{
	struct value *piece = value_list();

	value_push(piece, value_string(id));
	value_push(piece, value_string(heading));
	value_push(piece, value_string_n(text, len));
	value_push(list, piece);
}

/* The sections cut into pieces of at most PIECE_MAX bytes, at spaces
 * (so never inside a character); a page without any gets one empty. */
static struct value *pieces_of(const struct value *sections)
{
	struct value *list = value_list();

	for (size_t i = 0; sections && i < value_len(sections); i++) {
		const struct value *sec = value_at(sections, i);
		const char *id = value_string_of(value_at(sec, 0));
		const char *heading = value_string_of(value_at(sec, 1));
		const char *text = value_string_of(value_at(sec, 2));
		size_t left = strlen(text);

		for (;;) {
			size_t n = left;

			if (n > PIECE_MAX) {
				n = PIECE_MAX;
				while (n > PIECE_MAX / 2 && text[n] != ' ')
					n--;
				if (text[n] != ' ') /* no space: a character's
						       boundary will do */
					for (n = PIECE_MAX;
					     ((unsigned char)text[n] & 0xC0) ==
					     0x80;
					     n--)
						;
			}
			push_piece(list, id, heading, text, n);
			if (n == left)
				break;
			text += n;
			left -= n;
			if (*text == ' ') {
				text++;
				left--;
			}
		}
	}
	if (value_len(list) == 0)
		push_piece(list, "", "", "", 0);
	return list;
}

static void pack_record(struct search_page_record *r);

void search_add_page(struct search *s, const char *url, const char *title,
		     const char *part, const struct value *sections)
{
	struct value *pieces = pieces_of(sections);
	struct page_entry *pe;
	const char *last_id = NULL;

	s->pages = mem_grow(s->pages, &s->pages_cap, s->npages + 1,
			    sizeof *s->pages);
	pe = &s->pages[s->npages++];
	*pe = (struct page_entry){.url = mem_strdup(url),
				  .title = mem_strdup(title),
				  .part = part_index(s, part),
				  .sections = value_len(pieces)};
	pe->rec.pieces = (uint32_t)value_len(pieces);
	s->page_first = s->section;
	s->ntouched = 0;
	add_field(s, title, FIELD_TITLE);
	for (size_t i = 0; i < value_len(pieces); i++) {
		const struct value *piece = value_at(pieces, i);
		const char *id = value_string_of(value_at(piece, 0));
		const char *text = value_string_of(value_at(piece, 2));

		s->sizes.text += strlen(text);
		pe->rec.text_bytes += strlen(text);
		/* A heading counts once, on its section's first piece. */
		if (i == 0 || strcmp(id, last_id) != 0)
			add_field(s, value_string_of(value_at(piece, 1)),
				  FIELD_HEADING);
		add_field(s, text, FIELD_TEXT);
		add_to_chunk(s, url, i, piece);
		last_id = id;
		s->section++;
	}
	/* Its postings end with it, so that its record holds them all. */
	for (size_t i = 0; i < s->ntouched; i++)
		close_posting(s, s->touched[i]);
	pack_record(&pe->rec);
	if (search_ends_run(s, url))
		flush_chunk(s);
	value_free(pieces);
}

bool search_ends_run(const struct search *s, const char *url)
{
	return hash_string(url, 0) % s->group == 0;
}

const struct search_page_record *search_page_record(const struct search *s,
						    size_t i)
{
	return i < s->npages ? &s->pages[i].rec : NULL;
}

size_t search_term_count(const struct search *s)
{
	return s->nterms;
}

const char *search_term_text(const struct search *s, uint32_t id, size_t *len)
{
	*len = s->by_id[id]->len;
	return s->by_id[id]->text;
}

bool search_term_used(const struct search *s, uint32_t id)
{
	return s->by_id[id]->written >= 0;
}

uint64_t search_layout_key(const struct search *s)
{
	return hash_number(s->chunk_max, hash_number(s->group, 0));
}

void search_set_old_terms(struct search *s, const char *const *text,
			  const size_t *len, size_t n)
{
	free(s->old_map);
	s->old_text = text;
	s->old_len = len;
	s->nold = n;
	s->old_map = mem_calloc(n ? n : 1, sizeof *s->old_map);
}

bool search_can_replay(const struct search *s, const char *url,
		       const struct search_page_record *r)
{
	bool there = true;

	for (size_t i = 0; there && i < r->nchunks; i++) {
		struct buf path = BUF_INIT;

		chunk_path(&path, url, r->chunks[i].k);
		there = output_can_keep(s->o, buf_str(&path));
		buf_release(&path);
	}
	return there;
}

/* A page's postings, once it is added, packed: a sixth of the memory of
 * the pairs, for the book's state only. */
static void pack_record(struct search_page_record *r)
{
	struct buf packed = BUF_INIT;

	postings_sort(r->postings, r->npostings / 2);
	postings_pack(&packed, r->postings, r->npostings / 2);
	free(r->postings);
	r->postings = NULL;
	r->npostings = r->postings_cap = 0;
	r->packed_len = packed.len;
	r->packed = (const unsigned char *)buf_detach(&packed);
	r->packed_here = true;
}

int64_t search_old_term(const struct search *s, uint32_t old_id)
{
	if (old_id >= s->nold || s->old_map[old_id] == NULL)
		return -1;
	return s->old_map[old_id]->id;
}

/* Replays one posting of an earlier build's record. */
static int replay_posting(struct search *s, uint32_t old, uint32_t pw,
			  uint32_t pieces)
{
	struct term *t;

	if (old >= s->nold || pw / 4 >= pieces)
		return -1;
	t = s->old_map[old];
	if (t == NULL)
		t = s->old_map[old] =
			term_of(s, s->old_text[old], s->old_len[old]);
	encode_posting(t, s->page_first + pw / 4, pw % 4);
	return 0;
}

int search_replay_page(struct search *s, const char *url, const char *title,
		       const char *part, const struct search_page_record *r)
{
	struct page_entry *pe;
	struct postings_unpacker u = {r->packed, r->packed + r->packed_len, 0,
				      false};
	uint32_t old, pw;
	int status = 0;

	s->pages = mem_grow(s->pages, &s->pages_cap, s->npages + 1,
			    sizeof *s->pages);
	pe = &s->pages[s->npages++];
	*pe = (struct page_entry){.url = mem_strdup(url),
				  .title = mem_strdup(title),
				  .part = part_index(s, part),
				  .sections = r->pieces};
	pe->rec.pieces = r->pieces;
	pe->rec.text_bytes = r->text_bytes;
	pe->rec.packed = r->packed;
	pe->rec.packed_len = r->packed_len;
	s->page_first = s->section;
	s->sizes.text += r->text_bytes;
	while (status == 0 && postings_unpack(&u, &old, &pw))
		status = replay_posting(s, old, pw, r->pieces);
	if (u.bad)
		status = -1;
	for (size_t i = 0; i < r->nchunks; i++) {
		struct buf path = BUF_INIT;

		chunk_path(&path, url, r->chunks[i].k);
		if (output_keep(s->o, buf_str(&path),
				"the generated search index", r->chunks[i].hash,
				s->d) != 0)
			status = -1;
		note_chunk(&pe->rec, s->o, buf_str(&path), r->chunks[i].k);
		s->texts = mem_grow(s->texts, &s->texts_cap, s->ntexts + 1,
				    sizeof *s->texts);
		s->texts[s->ntexts++] = s->page_first + r->chunks[i].k;
		buf_release(&path);
	}
	s->section += r->pieces;
	return status;
}

void search_encode(struct buf *out, const unsigned *sections,
		   const unsigned char *weights, size_t n)
{
	int64_t prev = -1;

	for (size_t i = 0; i < n; i++) {
		put_number(out, (uint32_t)((sections[i] - prev - 1) * 4 +
					   weights[i]));
		prev = sections[i];
	}
}

unsigned search_shard(const char *term, size_t len, unsigned shards)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)term;
	utf8proc_ssize_t left = (utf8proc_ssize_t)len;
	uint32_t h = 2166136261u;
	utf8proc_int32_t c;

	for (int i = 0; i < 2 && left > 0; i++) {
		utf8proc_ssize_t n = utf8proc_iterate(p, left, &c);

		if (n <= 0)
			break;
		h = (h ^ (uint32_t)c) * 16777619u;
		if (i == 0 && searchtext_is_unspaced(c))
			break;
		p += n;
		left -= n;
	}
	return shards ? h % shards : 0;
}

static int by_text(const void *a, const void *b)
{
	const struct term *x = *(struct term *const *)a;
	const struct term *y = *(struct term *const *)b;

	return strcmp(x->text, y->text);
}

/* The total size of the terms' postings with the quoting around them
 * (every posting was closed with its page). */
static size_t close_all(struct search *s)
{
	size_t total = 0;

	for (size_t i = 0; i < s->nterms; i++)
		if (s->terms[i]->encoded.len > 0)
			total +=
				s->terms[i]->encoded.len + s->terms[i]->len + 6;
	return total;
}

static void write_shards(struct search *s)
{
	size_t total;
	unsigned shards = 1;
	struct buf *js;

	qsort(s->terms, s->nterms, sizeof *s->terms, by_text);
	total = close_all(s);
	while (total / shards > SHARD_TARGET && shards < SHARDS_MAX)
		shards *= 2;
	s->sizes.shards = shards;
	js = mem_calloc(shards, sizeof *js);
	for (unsigned i = 0; i < shards; i++)
		buf_printf(&js[i], "prepbookSearch.terms(%u,[", i);
	for (size_t i = 0; i < s->nterms; i++) {
		struct term *t = s->terms[i];
		struct buf *out = &js[search_shard(t->text, t->len, shards)];

		if (t->encoded.len == 0) /* an earlier build's, found no more */
			continue;
		if (out->data[out->len - 1] != '[')
			buf_puts(out, ",\n");
		escape_json(out, t->text);
		buf_putc(out, ',');
		escape_json(out, buf_str(&t->encoded));
		buf_release(&t->encoded);
	}
	for (unsigned i = 0; i < shards; i++) {
		struct buf path = BUF_INIT;

		buf_puts(&js[i], "]);\n");
		buf_printf(&path, "%s/terms/%u.js", SEARCH_DIR, i);
		write_file(s, buf_str(&path), &js[i], &s->sizes.terms);
		buf_release(&path);
		buf_release(&js[i]);
	}
	free(js);
}

static void write_index(struct search *s)
{
	struct buf js = BUF_INIT;

	buf_printf(&js,
		   "/* Written by prepbook: the search index's table; "
		   "see search-engine.js. */\n"
		   "prepbookSearch.index({\"shards\":%zu,\"parts\":[",
		   s->sizes.shards);
	for (size_t i = 0; i < s->nparts; i++) {
		if (i)
			buf_putc(&js, ',');
		escape_json(&js, s->parts[i]);
	}
	buf_puts(&js, "],\"pages\":[");
	for (size_t i = 0; i < s->npages; i++) {
		const struct page_entry *pe = &s->pages[i];

		buf_puts(&js, i ? ",\n[" : "\n[");
		escape_json(&js, pe->url);
		buf_putc(&js, ',');
		escape_json(&js, pe->title);
		buf_printf(&js, ",%d,%zu]", pe->part, pe->sections);
	}
	buf_puts(&js, "],\n\"texts\":[");
	for (size_t i = 0; i < s->ntexts; i++)
		buf_printf(&js, i ? ",%u" : "%u", (unsigned)s->texts[i]);
	buf_puts(&js, "]});\n");
	write_file(s, SEARCH_INDEX_PATH, &js, &s->sizes.index);
	buf_release(&js);
}

int search_write(struct search *s)
{
	flush_chunk(s);
	write_shards(s);
	write_index(s);
	return s->status;
}

struct search_sizes search_sizes(const struct search *s)
{
	return s->sizes;
}
