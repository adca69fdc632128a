/*
 * print: print.html, the whole handbook on one page in reading order, for
 * printing, PDF and e-readers.
 *
 * It opens with a table of contents (with page numbers where the browser
 * supports CSS target-counter), then every page as an <article> whose id
 * is the page's path without ".html" ("economics/tco"); the ids inside a
 * page get that prefix and a colon ("economics/tco:storage"), which no
 * page path has, so they stay unique, and every link between pages
 * becomes a link inside print.html.  Form controls become text (a
 * calculator shows its inputs' default values next to its default
 * results), and an element marked data-answer (a quiz's answer) moves to
 * the answer key at the end, leaving a link to it.
 *
 * The file is written as pages are added: memory holds one page's HTML
 * and the answers, not the book.
 */
#ifndef PREPBOOK_PRINT_H
#define PREPBOOK_PRINT_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "content.h"
#include "diag.h"
#include "output.h"
#include "theme.h"
#include "value.h"

#define PRINT_PATH "print.html"

struct print;

/* Starts print.html with the theme's "print" template (css: the site
 * paths of the stylesheets the pages' blocks need) and writes its head
 * and table of contents.  NULL when the theme has no print template, or
 * after recording an error. */
struct print *print_begin(const struct handbook *hb, const struct config *c,
			  const struct theme *t, const struct value *css,
			  struct output *o, struct diag *d);

/* Adds the next page in reading order, with its content HTML (NULL when
 * it could not be read: the page then shows its title only). */
void print_add_page(struct print *p, const struct page *pg, const char *html,
		    size_t len);

/* Writes the answer key and the end of the page, and frees p.  Returns 0,
 * or -1 after recording an error. */
int print_end(struct print *p);

/*
 * Where a page's part of print.html lies, kept between builds (book.c) so
 * that an unchanged page is copied from the previous print.html instead
 * of being made again: its <article> (offset and length in the file, in
 * bytes), its items of the answer key (offset and length from the start
 * of the key's items), how many answers come before it (its links to
 * the key are numbered through the book) and how many it has.
 */
struct print_span {
	uint64_t offset, length;
	uint64_t key_offset, key_length;
	uint32_t answers_before, answers;
};

/* How many answers the pages added so far have. */
size_t print_answers(const struct print *p);

/* Adds the next page by copying its span old from the previous build's
 * print.html, whose key's items started at old_key_start.  Only for a
 * page whose content and place did not change and with as many answers
 * before it.  Returns 0, or -1 when the old file could not be read. */
int print_copy_page(struct print *p, const struct print_span *old,
		    uint64_t old_key_start);

/* print_end, which also gives every page's span, in the order added
 * (*spans, the caller's to free), where the key's items start
 * (*key_start; 0 without answers) and the file's size in bytes. */
int print_end_spans(struct print *p, struct print_span **spans,
		    uint64_t *key_start, uint64_t *size);

#endif
