/*
 * strmap: open addressing with linear probing over a power-of-two table,
 * kept at most half full, so a lookup reads one or two slots.  Keys are
 * hashed with 64-bit FNV-1a.
 */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

struct slot {
	const char *key; /* NULL: empty */
	void *value;
	uint64_t hash;
};

struct strmap {
	struct slot *slots;
	size_t cap; /* a power of two */
	size_t len;
};

static uint64_t hash_of(const char *s)
{
	uint64_t h = 14695981039346656037ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct strmap *strmap_new(void)
{
	struct strmap *m = mem_calloc(1, sizeof *m);

	m->cap = 16;
	m->slots = mem_calloc(m->cap, sizeof *m->slots);
	return m;
}

void strmap_free(struct strmap *m)
{
	if (m == NULL)
		return;
	free(m->slots);
	free(m);
}

/* The slot holding key, or the empty slot where it would go. */
static struct slot *find(const struct strmap *m, const char *key, uint64_t hash)
{
	size_t i = (size_t)hash & (m->cap - 1);

	while (m->slots[i].key != NULL &&
	       (m->slots[i].hash != hash || strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static void grow(struct strmap *m)
{
	struct slot *old = m->slots;
	size_t old_cap = m->cap;

	m->cap *= 2;
	m->slots = mem_calloc(m->cap, sizeof *m->slots);
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key != NULL)
			*find(m, old[i].key, old[i].hash) = old[i];
	free(old);
}

void *strmap_put(struct strmap *m, const char *key, void *value)
{
	uint64_t hash = hash_of(key);
	struct slot *s = find(m, key, hash);
	void *previous = s->value;

	if (s->key == NULL) {
		if (2 * (m->len + 1) > m->cap) {
			grow(m);
			s = find(m, key, hash);
		}
		m->len++;
		previous = NULL;
	}
	*s = (struct slot){key, value, hash};
	return previous;
}

void *strmap_get(const struct strmap *m, const char *key)
{
	return find(m, key, hash_of(key))->value;
}

size_t strmap_len(const struct strmap *m)
{
	return m->len;
}
