/*
 * hash: eight bytes a step through a multiply-and-fold mix (the
 * finaliser of MurmurHash3's 64-bit variant), with the length folded in
 * at the end so a trailing NUL byte changes the result.
 */
#include "hash.h"

#include <string.h>

static uint64_t mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ 0x9e3779b97f4a7c15ULL;
	uint64_t w;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ mix(w)) * 0x9e3779b97f4a7c15ULL;
	}
	w = 0;
	memcpy(&w, p + i, len - i);
	h = (h ^ mix(w ^ ((uint64_t)(len - i) << 56))) * 0x9e3779b97f4a7c15ULL;
	return mix(h ^ (uint64_t)len);
}

uint64_t hash_string(const char *s, uint64_t seed)
{
	return hash_bytes(s, strlen(s) + 1, seed);
}

uint64_t hash_number(uint64_t n, uint64_t seed)
{
	return hash_bytes(&n, sizeof n, seed);
}
