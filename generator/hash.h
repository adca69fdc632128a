/*
 * hash: a fast 64-bit hash of bytes, for telling whether an input changed
 * (the incremental build's cache).  Not a cryptographic hash: a collision
 * needs two versions of one file whose hashes agree by chance, about one
 * in 2^64.  Built to be fast on long text (it takes eight bytes a step),
 * so hashing every page of a big handbook on each rebuild costs little.
 */
#ifndef PREPBOOK_HASH_H
#define PREPBOOK_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The hash of len bytes at data, continuing from seed (0 to start), so
 * several pieces can be hashed one after another:
 * hash_bytes(b, nb, hash_bytes(a, na, 0)). */
uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);

/* hash_bytes over a string and its terminating NUL, so "ab","c" and
 * "a","bc" hash apart. */
uint64_t hash_string(const char *s, uint64_t seed);

/* Folds a number into a hash. */
uint64_t hash_number(uint64_t n, uint64_t seed);

#endif
