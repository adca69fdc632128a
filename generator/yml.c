/*
 * yml: libyaml's event stream folded into a value tree.  A stack of open
 * containers receives each finished node; a map frame remembers the key
 * that waits for its value.  Positions are converted from libyaml's 0-based
 * marks (counted from the start of the text) to file positions here, and
 * nowhere later.
 */
#include "yml.h"

#include <stdarg.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "file.h"
#include "mem.h"

/* Deep enough for any real front matter or plugin block, shallow enough
 * that the recursive walkers of a value tree never threaten the stack. */
#define YML_MAX_DEPTH 64

struct frame {
	struct value *container;
	char *key; /* map frames: the key waiting for its value, owned */
	struct pos key_at;
};

struct loader {
	yaml_parser_t parser;
	struct pos at;
	struct diag *d;
	struct frame stack[YML_MAX_DEPTH];
	int depth;
	struct value *root;
	bool failed;
	const char *text; /* the input, for a reader error's offset */
	size_t len;
};

static struct pos to_pos(const struct loader *l, yaml_mark_t mark)
{
	struct pos p = l->at;

	p.line = l->at.line + (int)mark.line;
	p.col = mark.line == 0 ? l->at.col + (int)mark.column
			       : (int)mark.column + 1;
	return p;
}

static void fail(struct loader *l, yaml_mark_t mark, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void fail(struct loader *l, yaml_mark_t mark, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(l->d, DIAG_ERROR, to_pos(l, mark), fmt, ap);
	va_end(ap);
	l->failed = true;
}

static bool matches_int(const char *s)
{
	if (*s == '-' || *s == '+')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* The YAML 1.2 core schema's float: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)
 * ([eE][-+]?[0-9]+)? */
static bool matches_float(const char *s)
{
	size_t digits = 0;

	if (*s == '-' || *s == '+')
		s++;
	for (; *s >= '0' && *s <= '9'; s++)
		digits++;
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++)
			digits++;
	if (digits == 0)
		return false;
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '-' || *s == '+')
			s++;
		if (*s < '0' || *s > '9')
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return *s == '\0';
}

static bool one_of(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (strcmp(s, *words) == 0)
			return true;
	return false;
}

static struct value *plain_scalar(const char *s, size_t len)
{
	static const char *const nulls[] = {"",	    "~",    "null",
					    "Null", "NULL", NULL};
	static const char *const trues[] = {"true", "True", "TRUE", NULL};
	static const char *const falses[] = {"false", "False", "FALSE", NULL};
	struct value *v;

	if (strlen(s) != len)
		return value_string_n(s, len);
	if (one_of(s, nulls))
		return value_null();
	if (one_of(s, trues))
		return value_bool(true);
	if (one_of(s, falses))
		return value_bool(false);
	if (!matches_int(s) && !matches_float(s))
		return value_string_n(s, len);
	v = value_number(strtod(s, NULL));
	value_set_source_text(v, s);
	return v;
}

static struct value *scalar_value(const yaml_event_t *e)
{
	const char *text = (const char *)e->data.scalar.value;
	size_t len = e->data.scalar.length;
	const char *tag = (const char *)e->data.scalar.tag;

	if (tag && strcmp(tag, YAML_STR_TAG) == 0)
		return value_string_n(text, len);
	if (e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return value_string_n(text, len);
	return plain_scalar(text, len);
}

/* Hands a finished node to the container on top of the stack, or makes it
 * the root.  Takes ownership of v. */
static void attach(struct loader *l, struct value *v, yaml_mark_t mark)
{
	struct frame *top;

	if (l->depth == 0) {
		if (l->root == NULL)
			l->root = v;
		else
			value_free(v);
		return;
	}
	top = &l->stack[l->depth - 1];
	if (value_is(top->container, VALUE_LIST)) {
		value_push(top->container, v);
		return;
	}
	if (top->key == NULL) {
		if (!value_is(v, VALUE_STRING) && value_text(v) == NULL) {
			fail(l, mark, "yaml: a map key must be a plain value");
			value_free(v);
			return;
		}
		top->key = mem_strdup(value_text(v));
		top->key_at = to_pos(l, mark);
		value_free(v);
		return;
	}
	if (value_get(top->container, top->key) != NULL) {
		diag_error(l->d, top->key_at, "yaml: duplicate key '%s'",
			   top->key);
		l->failed = true;
	}
	value_set(top->container, top->key, v);
	value_set_key_pos(top->container, top->key, top->key_at.line,
			  top->key_at.col);
	free(top->key);
	top->key = NULL;
}

static void open_container(struct loader *l, struct value *c, yaml_mark_t mark)
{
	struct pos p = to_pos(l, mark);

	value_set_pos(c, p.line, p.col);
	if (l->depth == YML_MAX_DEPTH) {
		fail(l, mark, "yaml: nesting deeper than %d levels",
		     YML_MAX_DEPTH);
		value_free(c);
		return;
	}
	l->stack[l->depth].container = c;
	l->stack[l->depth].key = NULL;
	l->depth++;
}

static void close_container(struct loader *l, yaml_mark_t mark)
{
	struct frame *top = &l->stack[--l->depth];

	free(top->key);
	attach(l, top->container, mark);
}

/* The explicit tag of a node event, or NULL. */
static const char *tag_of(const yaml_event_t *e)
{
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		return (const char *)e->data.scalar.tag;
	case YAML_SEQUENCE_START_EVENT:
		return (const char *)e->data.sequence_start.tag;
	case YAML_MAPPING_START_EVENT:
		return (const char *)e->data.mapping_start.tag;
	default:
		return NULL;
	}
}

/*
 * A tag (!!python/object, !custom) asks a loader to make something other
 * than data; here a value is only ever a string, number, boolean, null,
 * list or map, so any tag is refused where it stands, as aliases are.
 * libyaml gives "!!x" as "tag:yaml.org,2002:x": it is shown as written.
 */
static bool refuse_tag(struct loader *l, const yaml_event_t *e)
{
	static const char core[] = "tag:yaml.org,2002:";
	const char *tag = tag_of(e);

	if (tag == NULL)
		return false;
	if (strncmp(tag, core, sizeof core - 1) == 0)
		fail(l, e->start_mark,
		     "yaml: tags ('!!%.60s') are not supported: a value is a "
		     "string, number, boolean, null, list or map",
		     tag + sizeof core - 1);
	else
		fail(l, e->start_mark,
		     "yaml: tags ('%.60s') are not supported: a value is a "
		     "string, number, boolean, null, list or map",
		     tag);
	return true;
}

/* Handles one event; returns false at the end of the first document. */
static bool on_event(struct loader *l, const yaml_event_t *e)
{
	struct value *v;
	struct pos p;

	if (refuse_tag(l, e))
		return false;
	switch (e->type) {
	case YAML_SCALAR_EVENT:
		v = scalar_value(e);
		p = to_pos(l, e->start_mark);
		value_set_pos(v, p.line, p.col);
		attach(l, v, e->start_mark);
		return true;
	case YAML_SEQUENCE_START_EVENT:
		open_container(l, value_list(), e->start_mark);
		return true;
	case YAML_MAPPING_START_EVENT:
		open_container(l, value_map(), e->start_mark);
		return true;
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		close_container(l, e->start_mark);
		return true;
	case YAML_ALIAS_EVENT:
		fail(l, e->start_mark,
		     "yaml: aliases ('*%s') are not supported; repeat the "
		     "value",
		     (const char *)e->data.alias.anchor);
		return false;
	case YAML_DOCUMENT_END_EVENT:
	case YAML_STREAM_END_EVENT:
		return false;
	default:
		return true;
	}
}

/* A reader error (a byte YAML refuses, such as a control character)
 * gives a byte offset, not a mark: the mark of that byte. */
static yaml_mark_t offset_mark(const struct loader *l, size_t offset)
{
	yaml_mark_t mark = {0};

	for (size_t i = 0; i < offset && i < l->len; i++) {
		if (l->text[i] == '\n') {
			mark.line++;
			mark.column = 0;
		} else if (((unsigned char)l->text[i] & 0xc0) != 0x80) {
			mark.column++; /* characters, as libyaml counts */
		}
	}
	return mark;
}

static void report_parser_error(struct loader *l)
{
	yaml_parser_t *p = &l->parser;
	yaml_mark_t mark = p->error == YAML_READER_ERROR
				   ? offset_mark(l, p->problem_offset)
				   : p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR) {
		fprintf(stderr, "prepbook: out of memory in libyaml\n");
		abort();
	}
	if (p->context) {
		struct pos opened = to_pos(l, p->context_mark);

		diag_error(l->d, to_pos(l, mark),
			   "yaml: %s %s that starts at %d:%d", p->problem,
			   p->context, opened.line, opened.col);
	} else
		diag_error(l->d, to_pos(l, mark), "yaml: %s", p->problem);
	l->failed = true;
}

static void unwind(struct loader *l)
{
	while (l->depth > 0) {
		struct frame *top = &l->stack[--l->depth];

		free(top->key);
		value_free(top->container);
	}
}

struct value *yml_parse(const char *text, size_t len, struct pos at,
			struct diag *d)
{
	struct loader l = {.at = at, .d = d, .text = text, .len = len};
	yaml_event_t event;
	bool more = true;

	yaml_parser_initialize(&l.parser);
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text,
				     len);
	while (more && !l.failed) {
		if (!yaml_parser_parse(&l.parser, &event)) {
			report_parser_error(&l);
			break;
		}
		more = on_event(&l, &event);
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&l.parser);
	unwind(&l);
	if (l.failed) {
		value_free(l.root);
		return NULL;
	}
	return l.root ? l.root : value_map();
}

struct value *yml_load_file(const char *path, const char *display,
			    struct diag *d)
{
	struct pos at = {display, 1, 1};
	struct buf text = BUF_INIT;
	struct value *v;

	if (file_read(path, &text) != 0) {
		diag_error(d, (struct pos){display, 0, 0}, "cannot read: %s",
			   FILE_READ_ERROR(errno));
		buf_release(&text);
		return NULL;
	}
	v = yml_parse(buf_str(&text), text.len, at, d);
	buf_release(&text);
	return v;
}
