/*
 * suggest: nearest-word hints.  See suggest.h.
 */
#include "suggest.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

int suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int *row = mem_alloc((lb + 1) * sizeof *row);
	int result;

	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diagonal = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int above = row[j];
			int best = diagonal + (a[i - 1] != b[j - 1]);

			if (above + 1 < best)
				best = above + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diagonal = above;
		}
	}
	result = row[lb];
	free(row);
	return result;
}

const char *suggest_nearest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	int best_distance = 0;
	int len = (int)strlen(word);
	/* About a third of the word may be wrong ("titel" finds "title":
	 * a swap is two edits), never all of it ("b" does not find "a"). */
	int limit = (len + 1) / 3 > 1 ? (len + 1) / 3 : 1;

	for (; *candidates; candidates++) {
		int distance = suggest_distance(word, *candidates);

		if (distance <= limit && distance < len &&
		    (best == NULL || distance < best_distance)) {
			best = *candidates;
			best_distance = distance;
		}
	}
	return best;
}
