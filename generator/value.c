/*
 * value: the dynamic value type.  See value.h for the ownership rules.
 * Maps are arrays searched linearly: the maps a handbook produces (front
 * matter, a page context) hold a handful of keys, where a scan beats hashing.
 */
#include "value.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* Where a map's key was written in its source: `title:` in front matter. */
struct key_pos {
	int line;
	int col;
};

struct value {
	enum value_kind kind;
	int line;
	int col;
	union {
		bool boolean;
		struct {
			double n;
			char *text; /* owned: the source text or the shortest
				       form */
		} number;
		struct {
			char *s;
			size_t len;
		} string;
		struct {
			struct value **items;
			bool *borrowed; /* lists only: items not owned */
			char **keys;	/* maps only */
			struct key_pos *key_pos; /* maps only: where each key
						    was read, 0 when made */
			size_t len;
			size_t cap;
		} container;
	} as;
};

static struct value *make(enum value_kind kind)
{
	struct value *v = mem_calloc(1, sizeof *v);

	v->kind = kind;
	return v;
}

struct value *value_null(void)
{
	return make(VALUE_NULL);
}

struct value *value_bool(bool b)
{
	struct value *v = make(VALUE_BOOL);

	v->as.boolean = b;
	return v;
}

struct value *value_number(double n)
{
	struct value *v = make(VALUE_NUMBER);
	char digits[40];

	/* The text is made now, not on first use, so that reading a value
	 * never writes to it: render threads share read-only trees. */
	value_format_number(n, digits, sizeof digits);
	v->as.number.n = n;
	v->as.number.text = mem_strdup(digits);
	return v;
}

struct value *value_string_n(const char *s, size_t len)
{
	struct value *v = make(VALUE_STRING);

	v->as.string.s = mem_strndup(s, len);
	v->as.string.len = len;
	return v;
}

struct value *value_string(const char *s)
{
	return value_string_n(s, strlen(s));
}

struct value *value_string_take(char *s)
{
	struct value *v = make(VALUE_STRING);

	v->as.string.s = s;
	v->as.string.len = strlen(s);
	return v;
}

struct value *value_list(void)
{
	return make(VALUE_LIST);
}

struct value *value_map(void)
{
	return make(VALUE_MAP);
}

struct value *value_copy(const struct value *v)
{
	struct value *c = NULL;

	switch (v->kind) {
	case VALUE_NULL:
		c = value_null();
		break;
	case VALUE_BOOL:
		c = value_bool(v->as.boolean);
		break;
	case VALUE_NUMBER:
		c = value_number(v->as.number.n);
		value_set_source_text(c, v->as.number.text);
		break;
	case VALUE_STRING:
		c = value_string_n(v->as.string.s, v->as.string.len);
		break;
	case VALUE_LIST:
		c = value_list();
		for (size_t i = 0; i < v->as.container.len; i++)
			value_push(c, value_copy(v->as.container.items[i]));
		break;
	case VALUE_MAP:
		c = value_map();
		for (size_t i = 0; i < v->as.container.len; i++) {
			value_set(c, v->as.container.keys[i],
				  value_copy(v->as.container.items[i]));
			c->as.container.key_pos[i] = v->as.container.key_pos[i];
		}
		break;
	}
	c->line = v->line;
	c->col = v->col;
	return c;
}

static bool is_borrowed(const struct value *c, size_t i)
{
	return c->as.container.borrowed && c->as.container.borrowed[i];
}

void value_free(struct value *v)
{
	if (v == NULL)
		return;
	switch (v->kind) {
	case VALUE_NULL:
	case VALUE_BOOL:
		break;
	case VALUE_NUMBER:
		free(v->as.number.text);
		break;
	case VALUE_STRING:
		free(v->as.string.s);
		break;
	case VALUE_LIST:
	case VALUE_MAP:
		for (size_t i = 0; i < v->as.container.len; i++) {
			if (!is_borrowed(v, i))
				value_free(v->as.container.items[i]);
			if (v->as.container.keys)
				free(v->as.container.keys[i]);
		}
		free(v->as.container.items);
		free(v->as.container.keys);
		free(v->as.container.borrowed);
		free(v->as.container.key_pos);
		break;
	}
	free(v);
}

enum value_kind value_kind(const struct value *v)
{
	return v->kind;
}

const char *value_kind_name(enum value_kind kind)
{
	switch (kind) {
	case VALUE_NULL:
		return "null";
	case VALUE_BOOL:
		return "boolean";
	case VALUE_NUMBER:
		return "number";
	case VALUE_STRING:
		return "string";
	case VALUE_LIST:
		return "list";
	case VALUE_MAP:
		return "map";
	}
	return "value";
}

bool value_is(const struct value *v, enum value_kind kind)
{
	return v != NULL && v->kind == kind;
}

bool value_bool_of(const struct value *v)
{
	return v->kind == VALUE_BOOL && v->as.boolean;
}

double value_number_of(const struct value *v)
{
	return v->kind == VALUE_NUMBER ? v->as.number.n : 0;
}

const char *value_string_of(const struct value *v)
{
	return v->kind == VALUE_STRING ? v->as.string.s : "";
}

size_t value_len(const struct value *v)
{
	switch (v->kind) {
	case VALUE_STRING:
		return v->as.string.len;
	case VALUE_LIST:
	case VALUE_MAP:
		return v->as.container.len;
	case VALUE_NULL:
	case VALUE_BOOL:
	case VALUE_NUMBER:
		break;
	}
	return 0;
}

void value_format_number(double n, char *out, size_t size)
{
	if (isnan(n)) {
		snprintf(out, size, "nan");
		return;
	}
	if (isinf(n)) {
		snprintf(out, size, n < 0 ? "-inf" : "inf");
		return;
	}
	/* The shortest of %.15g..%.17g that reads back as the same double:
	 * 0.1 prints as "0.1", not "0.10000000000000001". */
	for (int precision = 15; precision <= 17; precision++) {
		snprintf(out, size, "%.*g", precision, n);
		if (strtod(out, NULL) == n)
			break;
	}
	if (strcmp(out, "-0") == 0)
		snprintf(out, size, "0");
}

const char *value_text(const struct value *v)
{
	switch (v->kind) {
	case VALUE_NULL:
		return "";
	case VALUE_BOOL:
		return v->as.boolean ? "true" : "false";
	case VALUE_NUMBER:
		return v->as.number.text;
	case VALUE_STRING:
		return v->as.string.s;
	case VALUE_LIST:
	case VALUE_MAP:
		break;
	}
	return NULL;
}

const char *value_get_text(const struct value *map, const char *key,
			   const char *fallback)
{
	const struct value *v = value_get(map, key);
	const char *text = v && !value_is(v, VALUE_NULL) ? value_text(v) : NULL;

	return text ? text : fallback;
}

void value_set_source_text(struct value *v, const char *text)
{
	if (v->kind != VALUE_NUMBER)
		return;
	free(v->as.number.text);
	v->as.number.text = mem_strdup(text);
}

struct value *value_at(const struct value *list, size_t i)
{
	if (list == NULL ||
	    (list->kind != VALUE_LIST && list->kind != VALUE_MAP))
		return NULL;
	return i < list->as.container.len ? list->as.container.items[i] : NULL;
}

static void append(struct value *c, char *key, struct value *item)
{
	size_t cap = c->as.container.cap, pos_cap = cap;

	c->as.container.items =
		mem_grow(c->as.container.items, &c->as.container.cap,
			 c->as.container.len + 1, sizeof(struct value *));
	if (c->kind == VALUE_MAP) {
		c->as.container.keys =
			mem_grow(c->as.container.keys, &cap,
				 c->as.container.len + 1, sizeof(char *));
		c->as.container.key_pos = mem_grow(
			c->as.container.key_pos, &pos_cap,
			c->as.container.len + 1, sizeof(struct key_pos));
		c->as.container.key_pos[c->as.container.len] =
			(struct key_pos){0, 0};
	} else {
		c->as.container.borrowed =
			mem_grow(c->as.container.borrowed, &cap,
				 c->as.container.len + 1, sizeof(bool));
		c->as.container.borrowed[c->as.container.len] = false;
	}
	if (key)
		c->as.container.keys[c->as.container.len] = key;
	c->as.container.items[c->as.container.len++] = item;
}

void value_push(struct value *list, struct value *item)
{
	if (list->kind != VALUE_LIST) {
		value_free(item);
		return;
	}
	append(list, NULL, item);
}

void value_push_string_once(struct value *list, const char *s)
{
	for (size_t i = 0; i < value_len(list); i++)
		if (strcmp(value_string_of(value_at(list, i)), s) == 0)
			return;
	value_push(list, value_string(s));
}

void value_push_borrowed(struct value *list, const struct value *item)
{
	if (list->kind != VALUE_LIST)
		return;
	append(list, NULL, (struct value *)item);
	list->as.container.borrowed[list->as.container.len - 1] = true;
}

static long find_key(const struct value *map, const char *key)
{
	if (map == NULL || map->kind != VALUE_MAP)
		return -1;
	for (size_t i = 0; i < map->as.container.len; i++)
		if (strcmp(map->as.container.keys[i], key) == 0)
			return (long)i;
	return -1;
}

struct value *value_get(const struct value *map, const char *key)
{
	long i = find_key(map, key);

	return i < 0 ? NULL : map->as.container.items[i];
}

const char *value_key_at(const struct value *map, size_t i)
{
	if (map == NULL || map->kind != VALUE_MAP || i >= map->as.container.len)
		return NULL;
	return map->as.container.keys[i];
}

struct value *value_entry_at(const struct value *map, size_t i)
{
	if (map == NULL || map->kind != VALUE_MAP)
		return NULL;
	return value_at(map, i);
}

void value_set(struct value *map, const char *key, struct value *item)
{
	long i = find_key(map, key);

	if (map->kind != VALUE_MAP) {
		value_free(item);
		return;
	}
	if (i >= 0) {
		value_free(map->as.container.items[i]);
		map->as.container.items[i] = item;
		return;
	}
	append(map, mem_strdup(key), item);
}

void value_set_string(struct value *map, const char *key, const char *s)
{
	value_set(map, key, value_string(s));
}

void value_set_number(struct value *map, const char *key, double n)
{
	value_set(map, key, value_number(n));
}

void value_set_bool(struct value *map, const char *key, bool b)
{
	value_set(map, key, value_bool(b));
}

void value_set_pos(struct value *v, int line, int col)
{
	v->line = line;
	v->col = col;
}

int value_line(const struct value *v)
{
	return v->line;
}

int value_col(const struct value *v)
{
	return v->col;
}

void value_set_key_pos(struct value *map, const char *key, int line, int col)
{
	long i = find_key(map, key);

	if (i >= 0)
		map->as.container.key_pos[i] = (struct key_pos){line, col};
}

int value_key_line_at(const struct value *map, size_t i)
{
	if (value_key_at(map, i) == NULL)
		return 0;
	return map->as.container.key_pos[i].line;
}

int value_key_col_at(const struct value *map, size_t i)
{
	if (value_key_at(map, i) == NULL)
		return 0;
	return map->as.container.key_pos[i].col;
}
