/*
 * book: the pages read back for search and print.  See book.h.
 *
 * Reading a page back and finding its search sections is the same work
 * for every page and needs nothing from the others, so it runs ahead on
 * other threads, a batch of pages at a time, while the previous batch is
 * added to the index (on this thread) and to print.html (on one more:
 * the two share nothing), each of which must take the pages in reading
 * order.  Memory holds two batches, not the book.
 */
#include "book.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "bookstate.h"
#include "buf.h"
#include "hash.h"
#include "mem.h"
#include "pagerender.h"
#include "pool.h"
#include "print.h"
#include "search.h"
#include "searchtext.h"

/* Pages read ahead at a time: enough to keep a thread busy, few enough
 * that two batches of HTML stay small. */
#define BATCH 128

/* One page read back: its HTML, the content in it, its sections. */
struct read_page {
	const struct page *pg;
	struct buf html;
	const char *content; /* in html; NULL without the markers */
	size_t len;
	struct value *sections;
	int error; /* errno of a failed read, or 0 */
};

struct batch {
	struct output *o;
	struct read_page pages[BATCH];
	size_t n;
	size_t next; /* the next page a thread reads */
	int threads;
	pthread_mutex_t lock;
};

/* The content between the markers of page.content in a page's HTML, or
 * NULL when the theme's template did not write it. */
static const char *marked_content(const struct buf *html, size_t *len)
{
	const char *start = strstr(buf_str(html), PAGERENDER_CONTENT_START);
	const char *end;

	if (start == NULL)
		return NULL;
	start += strlen(PAGERENDER_CONTENT_START);
	end = strstr(start, PAGERENDER_CONTENT_END);
	if (end == NULL)
		return NULL;
	*len = (size_t)(end - start);
	return start;
}

static void read_back(struct output *o, struct read_page *r)
{
	errno = 0;
	if (output_read(o, r->pg->url, &r->html) == 0)
		r->content = marked_content(&r->html, &r->len);
	else if (!output_is_checking(o)) /* checking writes no page */
		r->error = errno ? errno : ENOENT;
	if (r->content)
		r->sections = searchtext_sections(r->content, r->len);
}

static void *read_some(void *data)
{
	struct batch *b = data;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&b->lock);
		i = b->next++;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->n)
			return NULL;
		read_back(b->o, &b->pages[i]);
	}
}

static void *read_batch(void *data)
{
	struct batch *b = data;

	pool_run(b->threads, read_some, b, 0);
	return NULL;
}

/* Sets b up for the pages of hb's order from first on. */
static void start_batch(struct batch *b, const struct handbook *hb,
			size_t first)
{
	b->n = hb->npages - first < BATCH ? hb->npages - first : BATCH;
	b->next = 0;
	for (size_t i = 0; i < b->n; i++) {
		struct read_page *r = &b->pages[i];

		buf_reset(&r->html);
		r->pg = hb->order[first + i];
		r->content = NULL;
		r->len = 0;
		r->sections = NULL;
		r->error = 0;
	}
}

/* The title of a page's part, as the index shows it: "" for a page
 * outside any part and for a part's landing page. */
static const char *part_title(const struct page *pg)
{
	return pg->part && pg->part->index != pg ? pg->part->title : "";
}

/* Reports that a page could not be read back (an I/O error: the index
 * and print.html would silently lack it); returns -1 then, else 0. */
static int read_error(const struct read_page *r, struct diag *d)
{
	if (r->error == 0)
		return 0;
	diag_error(d, (struct pos){NULL, 0, 0},
		   "cannot read '%s' back for the search index and "
		   "print.html: %s",
		   r->pg->url, DIAG_STRERROR(r->error));
	return -1;
}

/* Adds a page read back to the index.  Returns 0, or -1 after reporting
 * that it could not be read back. */
static int index_page(struct search *s, struct read_page *r, struct diag *d)
{
	const struct page *pg = r->pg;
	int status = read_error(r, d);

	search_add_page(s, pg->url, pg->title, part_title(pg), r->sections);
	value_free(r->sections);
	r->sections = NULL;
	return status;
}

/* A batch on its way into print.html, on a thread of its own. */
struct print_job {
	struct batch *b;
	struct print *p;
};

static void *print_batch(void *data)
{
	struct print_job *job = data;

	for (size_t i = 0; i < job->b->n; i++) {
		const struct read_page *r = &job->b->pages[i];

		print_add_page(job->p, r->pg, r->content, r->len);
	}
	return NULL;
}

/* Adds a batch's pages, in order, to the index and (on another thread
 * when threads is true) to print.html.  Returns 0, or -1 after reporting
 * a page that could not be read back (an I/O error: the two files would
 * silently lack it). */
static int add_batch(struct batch *b, struct search *s, struct print *p,
		     bool threads, struct diag *d)
{
	struct print_job job = {b, p};
	pthread_t printer;
	bool printing = threads &&
			pthread_create(&printer, NULL, print_batch, &job) == 0;
	int status = 0;

	for (size_t i = 0; i < b->n; i++)
		status |= index_page(s, &b->pages[i], d);
	if (printing)
		pthread_join(printer, NULL);
	else
		print_batch(&job);
	return status;
}

static struct batch *new_batch(struct output *o, int threads)
{
	struct batch *b = mem_calloc(1, sizeof *b);

	b->o = o;
	b->threads = threads;
	pthread_mutex_init(&b->lock, NULL);
	for (size_t i = 0; i < BATCH; i++)
		b->pages[i].html = (struct buf)BUF_INIT;
	return b;
}

static void free_batch(struct batch *b)
{
	for (size_t i = 0; i < BATCH; i++)
		buf_release(&b->pages[i].html);
	pthread_mutex_destroy(&b->lock);
	free(b);
}

/* Every page through the index and print.html: batch k + 1 is read on
 * other threads while this one adds batch k. */
static int add_pages(const struct handbook *hb, struct output *o, int jobs,
		     struct search *s, struct print *p, struct diag *d)
{
	int status = 0;
	int readers = pool_threads(jobs, hb->npages) - 1;
	struct batch *now = new_batch(o, readers > 0 ? readers : 1);
	struct batch *ahead = new_batch(o, now->threads);

	start_batch(now, hb, 0);
	read_batch(now);
	for (size_t first = 0; first < hb->npages; first += BATCH) {
		struct batch *swap;
		pthread_t reader;
		bool threaded = false;

		start_batch(ahead, hb, first + now->n);
		if (readers > 0 && ahead->n > 0)
			threaded = pthread_create(&reader, NULL, read_batch,
						  ahead) == 0;
		status |= add_batch(now, s, p, readers > 0, d);
		if (threaded)
			pthread_join(reader, NULL);
		else
			read_batch(ahead);
		swap = now;
		now = ahead;
		ahead = swap;
	}
	free_batch(now);
	free_batch(ahead);
	return status;
}

/* ------------------------------------------------------------------ */
/* A rebuild after an edit                                             */

/* The key of what a page gives the book, besides what every page shares
 * (layout_key): its URL, title, part and HTML.  False when the hash of
 * its HTML is not known. */
static bool page_key(const struct page *pg, struct output *o, uint64_t *key)
{
	uint64_t html;

	if (!output_hash(o, pg->url, &html))
		return false;
	*key = hash_number(
		html,
		hash_string(part_title(pg),
			    hash_string(pg->title, hash_string(pg->url, 0))));
	return true;
}

/* The key of what every page's share depends on: how the index cuts
 * text into files, whether there is a print.html, and every page's URL
 * in order (print.html turns links between pages into links inside it,
 * and each page's number of answers into the next one's). */
static uint64_t layout_key(const struct handbook *hb, const struct search *s,
			   bool print)
{
	uint64_t h = hash_number(print, search_layout_key(s));

	for (size_t i = 0; i < hb->npages; i++)
		h = hash_string(hb->order[i]->url, h);
	return h;
}

/* The previous build's state, when it describes a book of this layout
 * whose print.html is still there. */
static struct bookstate *previous_state(struct output *o, uint64_t layout,
					size_t npages, bool print)
{
	struct buf data = BUF_INIT;
	struct bookstate *st = NULL;
	uint64_t size = 0;

	if (output_read_previous(o, BOOK_STATE_PATH, &data) == 0)
		st = bookstate_parse(data.data ? data.data : "", data.len);
	buf_release(&data);
	if (st && (st->layout != layout || st->npages != npages ||
		   (print ? !output_previous_size(o, PRINT_PATH, &size) ||
				    size != st->print_size
			  : st->print_size != 0))) {
		bookstate_free(st);
		st = NULL;
	}
	return st;
}

/* Which pages the index can replay: every page of a run of pages that
 * share text files (search_ends_run) when each is unchanged (same[i]) and
 * its text files are still there. */
static bool *replayable(const struct handbook *hb, const struct search *s,
			const struct bookstate *old, const bool *same)
{
	bool *replay = mem_calloc(hb->npages + 1, sizeof *replay);
	size_t start = 0;

	for (size_t i = 0; i < hb->npages; i++) {
		bool all = true;

		if (i + 1 < hb->npages &&
		    !search_ends_run(s, hb->order[i]->url))
			continue;
		for (size_t j = start; j <= i && all; j++)
			all = same[j] &&
			      search_can_replay(s, hb->order[j]->url,
						&old->pages[j].search);
		for (size_t j = start; j <= i; j++)
			replay[j] = all;
		start = i + 1;
	}
	return replay;
}

/* Adds every page from the previous build's state where it can: an
 * unchanged page's postings are replayed and its part of print.html
 * copied; only the others are read back. */
static int patch_pages(const struct handbook *hb, struct output *o,
		       struct search *s, struct print *p,
		       const struct bookstate *old, const bool *same,
		       struct diag *d)
{
	bool *replay = replayable(hb, s, old, same);
	int status = 0;

	search_set_old_terms(s, (const char *const *)old->terms, old->term_lens,
			     old->nterms);
	for (size_t i = 0; i < hb->npages; i++) {
		const struct page *pg = hb->order[i];
		const struct print_span *span = &old->pages[i].print;
		bool copy = p && same[i] &&
			    span->answers_before == print_answers(p);
		struct read_page r = {.pg = pg, .html = BUF_INIT};

		if (!replay[i] || (p && !copy))
			read_back(o, &r);
		if (!replay[i]) {
			status |= index_page(s, &r, d);
		} else if (search_replay_page(s, pg->url, pg->title,
					      part_title(pg),
					      &old->pages[i].search) != 0) {
			diag_error(d, (struct pos){NULL, 0, 0},
				   "cannot keep the search index's text of "
				   "'%s' from the previous site",
				   pg->url);
			status = -1;
		}
		status |= replay[i] ? read_error(&r, d) : 0;
		if (!copy)
			print_add_page(p, pg, r.content, r.len);
		else if (print_copy_page(p, span, old->print_key_start) != 0) {
			diag_error(d, (struct pos){NULL, 0, 0},
				   "cannot copy '%s' from the previous "
				   "print.html: %s",
				   pg->url, DIAG_STRERROR(errno ? errno : EIO));
			status = -1;
		}
		value_free(r.sections);
		buf_release(&r.html);
	}
	free(replay);
	return status;
}

/* Writes the state of the book just made, for the next build. */
static int write_state(const struct handbook *hb, struct output *o,
		       uint64_t layout, const struct search *s,
		       const struct bookstate *old, const uint64_t *keys,
		       const struct print_span *spans, uint64_t print_key_start,
		       uint64_t print_size, struct diag *d)
{
	struct buf data = BUF_INIT;
	int status;

	bookstate_write(&data, layout, print_size, print_key_start, s, old,
			keys, spans, hb->npages);
	status = output_write(o, BOOK_STATE_PATH, "the generated book state",
			      buf_str(&data), data.len, d);
	buf_release(&data);
	return status;
}

int book_write(const struct handbook *hb, const struct config *c,
	       const struct theme *t, const struct value *css, int jobs,
	       bool reuse, struct output *o, struct diag *d)
{
	struct print *p = print_begin(hb, c, t, css, o, d);
	struct search *s =
		search_new(o, content_markdown_size(hb), hb->npages, d);
	uint64_t layout = layout_key(hb, s, p != NULL);
	uint64_t *keys = mem_calloc(hb->npages + 1, sizeof *keys);
	bool *same = mem_calloc(hb->npages + 1, sizeof *same);
	struct bookstate *old =
		reuse ? previous_state(o, layout, hb->npages, p != NULL) : NULL;
	struct print_span *spans = NULL;
	uint64_t key_start, size;
	bool known = true;
	size_t unchanged = 0;
	int status;

	for (size_t i = 0; i < hb->npages; i++) {
		known &= page_key(hb->order[i], o, &keys[i]);
		same[i] = old && old->pages[i].key == keys[i];
		unchanged += same[i];
	}
	/* Patching reads the changed pages back one by one; when most
	 * changed (a part's title is in every sidebar), reading them all on
	 * several threads is faster. */
	if (old && unchanged * 2 >= hb->npages)
		status = patch_pages(hb, o, s, p, old, same, d);
	else
		status = add_pages(hb, o, jobs, s, p, d);
	status |= search_write(s);
	status |= print_end_spans(p, &spans, &key_start, &size);
	/* A checking output knows no page's hash: it needs no state. */
	if (status == 0 && known)
		status = write_state(hb, o, layout, s, old, keys, spans,
				     key_start, size, d);
	bookstate_free(old);
	free(spans);
	free(same);
	free(keys);
	search_free(s);
	return status ? -1 : 0;
}
