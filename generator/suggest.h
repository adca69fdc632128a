/*
 * suggest: "did you mean ...?" for every message that can offer one: the
 * candidate nearest to a mistyped word by edit distance, when it is near
 * enough to be a plausible typo.
 */
#ifndef PREPBOOK_SUGGEST_H
#define PREPBOOK_SUGGEST_H

/* The candidate nearest to word, or NULL when none is close enough: about
 * a third of the word may differ, never all of it.  candidates is
 * NULL-terminated. */
const char *suggest_nearest(const char *word, const char *const *candidates);

/* Levenshtein distance between two strings, in bytes. */
int suggest_distance(const char *a, const char *b);

#endif
