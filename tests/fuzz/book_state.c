/*
 * Fuzz target: reading the book's state file (.prepbook-book), which a
 * rebuild takes from the previous site.  Any bytes must give either a
 * state whose every posting names a known term, or NULL; never a crash,
 * a read past the input or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bookstate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bookstate *st = bookstate_parse((const char *)data, size);

	for (size_t i = 0; st && i < st->npages; i++) {
		const struct search_page_record *r = &st->pages[i].search;

		for (size_t j = 0; j < r->npostings; j += 2)
			if (r->postings[j] >= st->nterms)
				abort();
	}
	bookstate_free(st);
	return 0;
}
