/*
 * mem: allocation that never returns NULL.  See mem.h.
 */
#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *checked(void *p, size_t size)
{
	if (p == NULL && size != 0) {
		fprintf(stderr, "prepbook: out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void *mem_alloc(size_t size)
{
	return checked(malloc(size ? size : 1), size);
}

void *mem_calloc(size_t count, size_t size)
{
	return checked(calloc(count ? count : 1, size ? size : 1),
		       count * size);
}

void *mem_realloc(void *ptr, size_t size)
{
	return checked(realloc(ptr, size ? size : 1), size);
}

void *mem_grow(void *ptr, size_t *cap, size_t need, size_t elem_size)
{
	size_t n = *cap ? *cap : 8;

	if (need <= *cap)
		return ptr;
	while (n < need) {
		if (n > SIZE_MAX / 2 / elem_size)
			return checked(NULL, SIZE_MAX);
		n *= 2;
	}
	*cap = n;
	return mem_realloc(ptr, n * elem_size);
}

char *mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

char *mem_strndup(const char *s, size_t n)
{
	char *copy = mem_alloc(n + 1);

	memcpy(copy, s, n);
	copy[n] = '\0';
	return copy;
}
