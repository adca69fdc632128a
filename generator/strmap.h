/*
 * strmap: a hash map from strings to pointers.  The build's site-wide
 * lookups (a page by its source path or its URL, a content file, a page's
 * heading ids) go through one, so that no per-link or per-page step costs
 * time proportional to the number of pages.
 *
 * Keys are borrowed: they must outlive the map.  A map is not locked:
 * build it on one thread, then any number of threads may read it.
 */
#ifndef PREPBOOK_STRMAP_H
#define PREPBOOK_STRMAP_H

#include <stddef.h>

struct strmap;

struct strmap *strmap_new(void);
void strmap_free(struct strmap *m);

/* Maps key to value (not NULL) and returns the value key had before, or
 * NULL when it is new. */
void *strmap_put(struct strmap *m, const char *key, void *value);

/* The value of key, or NULL. */
void *strmap_get(const struct strmap *m, const char *key);

size_t strmap_len(const struct strmap *m);

#endif
