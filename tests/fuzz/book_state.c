/*
 * Fuzz target: reading the book's state file (.prepbook-book), which a
 * rebuild takes from the previous site.  Any bytes must give either a
 * state whose every posting unpacks and names a known term and piece, or
 * NULL; never a crash, a read past the input or a leak.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "bookstate.h"
#include "postings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bookstate *st = bookstate_parse((const char *)data, size);

	for (size_t i = 0; st && i < st->npages; i++) {
		const struct search_page_record *r = &st->pages[i].search;
		struct postings_unpacker u = {
			r->packed, r->packed + r->packed_len, 0, false};
		uint32_t term, pw;

		while (postings_unpack(&u, &term, &pw))
			if (term >= st->nterms || pw / 4 >= r->pieces)
				abort();
		if (u.bad)
			abort();
	}
	bookstate_free(st);
	return 0;
}
