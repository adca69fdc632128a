/*
 * mem: the one place that allocates.  A command-line tool has nothing better
 * to do on out-of-memory than to say so and stop, so every function here
 * either returns usable memory or aborts with a message; callers never check.
 */
#ifndef PREPBOOK_MEM_H
#define PREPBOOK_MEM_H

#include <stddef.h>

void *mem_alloc(size_t size);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *ptr, size_t size);
/* Grows an array of count elements to at least need, doubling; returns it. */
void *mem_grow(void *ptr, size_t *cap, size_t need, size_t elem_size);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);

#endif
