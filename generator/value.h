/*
 * value: the one dynamic value type.  YAML front matter and config, the page
 * model a template renders, and the data a Lua plugin sees and returns are
 * all trees of these: null, booleans, numbers, strings, lists and maps.
 *
 * A tree has a single owner.  Containers own their children: value_push and
 * value_set take ownership of the child, value_free frees the whole tree.
 * Maps keep their keys in insertion order, so anything that walks a map
 * (a template, a JSON writer) produces the same bytes every time.
 * Each value may carry the source position it was read from (line and
 * column, 1-based; 0 when it was made by code, not read).
 */
#ifndef PREPBOOK_VALUE_H
#define PREPBOOK_VALUE_H

#include <stdbool.h>
#include <stddef.h>

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP
};

struct value;

struct value *value_null(void);
struct value *value_bool(bool b);
struct value *value_number(double n);
struct value *value_string(const char *s);
struct value *value_string_n(const char *s, size_t len);
/* Takes ownership of s, which must come from mem_alloc (or malloc). */
struct value *value_string_take(char *s);
struct value *value_list(void);
struct value *value_map(void);
struct value *value_copy(const struct value *v);
void value_free(struct value *v);

enum value_kind value_kind(const struct value *v);
const char *value_kind_name(enum value_kind kind);
bool value_is(const struct value *v, enum value_kind kind);

bool value_bool_of(const struct value *v);
double value_number_of(const struct value *v);
/* A string's bytes (NUL-terminated; may contain NUL, see value_len). */
const char *value_string_of(const struct value *v);
/* Bytes of a string, items of a list, entries of a map; 0 otherwise. */
size_t value_len(const struct value *v);

/*
 * A scalar's text: a string's bytes, a number as its source text when it was
 * read from a file (so `title: 2024` stays "2024"), else its shortest
 * round-tripping decimal form, "true"/"false", "" for null.  NULL for lists
 * and maps.  The result lives as long as the value.
 */
const char *value_text(const struct value *v);
/* The text of a map's scalar entry key, or fallback when the key is
 * missing, null, a list or a map. */
const char *value_get_text(const struct value *map, const char *key,
			   const char *fallback);

/* Sets the text a number was read as (copied). */
void value_set_source_text(struct value *v, const char *text);

/* Lists. value_at returns NULL past the end. */
struct value *value_at(const struct value *list, size_t i);
void value_push(struct value *list, struct value *item);
/* Appends the string s unless the list already holds it: a list of
 * strings used as a small ordered set (a page's stylesheets). */
void value_push_string_once(struct value *list, const char *s);

/* Maps.  value_get returns NULL for a missing key or a non-map. */
struct value *value_get(const struct value *map, const char *key);
const char *value_key_at(const struct value *map, size_t i);
struct value *value_entry_at(const struct value *map, size_t i);
/* Appends item without taking it: the list only points at it, and
 * value_free leaves it alone.  For data many pages share (the nav's
 * links): item must outlive the list, and nobody may change it through
 * the list. */
void value_push_borrowed(struct value *list, const struct value *item);

/* Sets key to item (owned), replacing and freeing any old value. */
void value_set(struct value *map, const char *key, struct value *item);
void value_set_string(struct value *map, const char *key, const char *s);
void value_set_number(struct value *map, const char *key, double n);
void value_set_bool(struct value *map, const char *key, bool b);

/* Source positions. */
void value_set_pos(struct value *v, int line, int col);
int value_line(const struct value *v);
int value_col(const struct value *v);
/* Where a map's key was written (`key:`), which for a list or map value
 * is a line above the value's own position; 0 when unknown. */
void value_set_key_pos(struct value *map, const char *key, int line, int col);
int value_key_line_at(const struct value *map, size_t i);
int value_key_col_at(const struct value *map, size_t i);

/* Writes the shortest decimal form of n that reads back as n. */
void value_format_number(double n, char *out, size_t size);

#endif
