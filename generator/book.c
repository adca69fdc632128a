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

#include "buf.h"
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

	for (size_t i = 0; i < b->n; i++) {
		struct read_page *r = &b->pages[i];
		const struct page *pg = r->pg;

		if (r->error) {
			diag_error(d, (struct pos){NULL, 0, 0},
				   "cannot read '%s' back for the search index "
				   "and print.html: %s",
				   pg->url, DIAG_STRERROR(r->error));
			status = -1;
		}
		search_add_page(s, pg->url, pg->title,
				pg->part && pg->part->index != pg
					? pg->part->title
					: "",
				r->sections);
		value_free(r->sections);
		r->sections = NULL;
	}
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

int book_write(const struct handbook *hb, const struct config *c,
	       const struct theme *t, const struct value *css, int jobs,
	       struct output *o, struct diag *d)
{
	struct search *s;
	struct print *p = print_begin(hb, c, t, css, o, d);
	int status;

	s = search_new(o, content_markdown_size(hb), hb->npages, d);
	status = add_pages(hb, o, jobs, s, p, d);
	status |= search_write(s);
	status |= print_end(p);
	search_free(s);
	return status ? -1 : 0;
}
