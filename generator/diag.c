/*
 * diag: a list of diagnostics in the order they were recorded.  Workers of a
 * parallel build each fill their own sink and the build appends them in page
 * order, so the printed order never depends on scheduling.
 */
#include "diag.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "escape.h"
#include "mem.h"

struct entry {
	enum diag_severity severity;
	char *file; /* owned; NULL for a run-wide diagnostic */
	int line;
	int col;
	char *message;
};

struct diag {
	struct entry *entries;
	size_t len;
	size_t cap;
	size_t errors;
	size_t warnings;
	bool strict; /* warnings become errors */
};

#define STRICT_MARK " [--strict]"

static const char *severity_name(enum diag_severity severity)
{
	switch (severity) {
	case DIAG_ERROR:
		return "error";
	case DIAG_WARNING:
		return "warning";
	case DIAG_NOTE:
		return "note";
	}
	return "error";
}

struct diag *diag_new(void)
{
	return mem_calloc(1, sizeof(struct diag));
}

void diag_free(struct diag *d)
{
	if (d == NULL)
		return;
	for (size_t i = 0; i < d->len; i++) {
		free(d->entries[i].file);
		free(d->entries[i].message);
	}
	free(d->entries);
	free(d);
}

/*
 * A message quotes the author's text, and a pull request can make that
 * text a megabyte long; a message is cut to DIAG_MAX_MESSAGE bytes (at a
 * UTF-8 boundary), so the whole report stays readable and bounded.
 */
static void cap_message(struct buf *message)
{
	size_t n = DIAG_MAX_MESSAGE;

	if (message->len <= n)
		return;
	while (n > 0 && ((unsigned char)message->data[n] & 0xC0) == 0x80)
		n--;
	buf_truncate(message, n);
	buf_puts(message, "... (cut)");
}

void diag_add(struct diag *d, enum diag_severity severity, struct pos at,
	      const char *fmt, va_list ap)
{
	struct buf message = BUF_INIT;
	struct entry *e;

	buf_vprintf(&message, fmt, ap);
	cap_message(&message);
	if (d->strict && severity == DIAG_WARNING) {
		severity = DIAG_ERROR;
		buf_puts(&message, STRICT_MARK);
	}
	d->entries = mem_grow(d->entries, &d->cap, d->len + 1, sizeof *e);
	e = &d->entries[d->len++];
	e->severity = severity;
	e->file = at.file ? mem_strdup(at.file) : NULL;
	e->line = at.line;
	e->col = at.col;
	e->message = buf_detach(&message);
	if (severity == DIAG_ERROR)
		d->errors++;
	else if (severity == DIAG_WARNING)
		d->warnings++;
}

void diag_error(struct diag *d, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_ERROR, at, fmt, ap);
	va_end(ap);
}

void diag_warning(struct diag *d, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_WARNING, at, fmt, ap);
	va_end(ap);
}

void diag_note(struct diag *d, struct pos at, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, DIAG_NOTE, at, fmt, ap);
	va_end(ap);
}

size_t diag_errors(const struct diag *d)
{
	return d->errors;
}

size_t diag_warnings(const struct diag *d)
{
	return d->warnings;
}

size_t diag_count(const struct diag *d)
{
	return d->len;
}

/*
 * Appends s with its control characters written as escapes ("\n",
 * "\x1b", and a C1 control's two UTF-8 bytes "\xc2\x9b"): a file name or a YAML
 * value from a pull request may hold a newline or a terminal escape, and
 * printed raw it could forge a line of its own (a fake error, or a GitHub
 * workflow command such as "::error") or hide text in a CI log.
 */
static void put_visible(struct buf *out, const char *s)
{
	const char *end = s + strlen(s);

	while (s < end) {
		size_t n = escape_control_len(s, (size_t)(end - s));

		if (*s == '\n')
			buf_puts(out, "\\n");
		else if (*s == '\r')
			buf_puts(out, "\\r");
		else if (*s == '\t')
			buf_puts(out, "\\t");
		else if (n == 0)
			buf_putc(out, *s);
		for (size_t i = 0; n > 0 && !strchr("\n\r\t", *s) && i < n; i++)
			buf_printf(out, "\\x%02x", (unsigned char)s[i]);
		s += n ? n : 1;
	}
}

static void put_place(struct buf *out, const struct entry *e)
{
	if (e->file == NULL) {
		buf_puts(out, "prepbook");
		return;
	}
	put_visible(out, e->file);
	if (e->line > 0)
		buf_printf(out, ":%d", e->line);
	if (e->line > 0 && e->col > 0)
		buf_printf(out, ":%d", e->col);
}

static void format_text(struct buf *out, const struct entry *e)
{
	put_place(out, e);
	buf_printf(out, ": %s: ", severity_name(e->severity));
	put_visible(out, e->message);
}

/* GitHub's workflow commands end a property or message at ',', ':' or a
 * newline, so those are percent-encoded, as its toolkit does, after the
 * control characters are made visible as in the text format. */
static void put_github_escaped(struct buf *out, const char *raw, int property)
{
	struct buf visible = BUF_INIT;
	const char *s;

	put_visible(&visible, raw);
	for (s = buf_str(&visible); *s; s++) {
		if (*s == '%')
			buf_puts(out, "%25");
		else if (*s == '\r')
			buf_puts(out, "%0D");
		else if (*s == '\n')
			buf_puts(out, "%0A");
		else if (property && *s == ':')
			buf_puts(out, "%3A");
		else if (property && *s == ',')
			buf_puts(out, "%2C");
		else
			buf_putc(out, *s);
	}
	buf_release(&visible);
}

static void format_github(struct buf *out, const struct entry *e)
{
	buf_printf(out, "::%s ",
		   e->severity == DIAG_ERROR	 ? "error"
		   : e->severity == DIAG_WARNING ? "warning"
						 : "notice");
	if (e->file) {
		buf_puts(out, "file=");
		put_github_escaped(out, e->file, 1);
		if (e->line > 0)
			buf_printf(out, ",line=%d", e->line);
		if (e->line > 0 && e->col > 0)
			buf_printf(out, ",col=%d", e->col);
	}
	buf_puts(out, "::");
	put_github_escaped(out, e->message, 0);
}

char *diag_line(const struct diag *d, size_t i)
{
	struct buf out = BUF_INIT;

	format_text(&out, &d->entries[i]);
	return buf_detach(&out);
}

void diag_move_last(struct diag *d, size_t i)
{
	struct entry last;

	if (d->len == 0 || i >= d->len - 1)
		return;
	last = d->entries[d->len - 1];
	memmove(d->entries + i + 1, d->entries + i,
		(d->len - 1 - i) * sizeof last);
	d->entries[i] = last;
}

void diag_set_strict(struct diag *d)
{
	d->strict = true;
}

/* A warning made an error by a strict sink. */
static void make_error(struct entry *e)
{
	struct buf message = BUF_INIT;

	buf_printf(&message, "%s%s", e->message, STRICT_MARK);
	free(e->message);
	e->message = buf_detach(&message);
	e->severity = DIAG_ERROR;
}

void diag_append(struct diag *into, struct diag *from)
{
	for (size_t i = 0; into->strict && i < from->len; i++)
		if (from->entries[i].severity == DIAG_WARNING) {
			make_error(&from->entries[i]);
			from->warnings--;
			from->errors++;
		}
	into->entries = mem_grow(into->entries, &into->cap,
				 into->len + from->len, sizeof(struct entry));
	if (from->len)
		memcpy(into->entries + into->len, from->entries,
		       from->len * sizeof(struct entry));
	into->len += from->len;
	into->errors += from->errors;
	into->warnings += from->warnings;
	from->len = from->errors = from->warnings = 0;
}

void diag_print(const struct diag *d, FILE *out, enum diag_format format)
{
	struct buf line = BUF_INIT;
	size_t shown = d->len < DIAG_MAX_PRINTED ? d->len : DIAG_MAX_PRINTED;

	for (size_t i = 0; i < shown; i++) {
		buf_reset(&line);
		switch (format) {
		case DIAG_FORMAT_TEXT:
			format_text(&line, &d->entries[i]);
			break;
		case DIAG_FORMAT_GITHUB:
			format_github(&line, &d->entries[i]);
			break;
		}
		fprintf(out, "%s\n", buf_str(&line));
	}
	if (shown < d->len)
		fprintf(out,
			"prepbook: %zu more messages not shown (the first %d "
			"are above)\n",
			d->len - shown, DIAG_MAX_PRINTED);
	buf_release(&line);
}

/* diag.c is built without _GNU_SOURCE, so this is POSIX's strerror_r,
 * which fills the buffer and returns a status. */
const char *diag_strerror(int err, struct diag_errno_text *t)
{
	if (strerror_r(err, t->text, sizeof t->text) != 0)
		snprintf(t->text, sizeof t->text, "error %d", err);
	return t->text;
}

struct diag_item diag_item(const struct diag *d, size_t i)
{
	const struct entry *e = &d->entries[i];

	return (struct diag_item){
		e->severity, {e->file, e->line, e->col}, e->message};
}

static void add_text(struct diag *d, enum diag_severity severity, struct pos at,
		     const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void add_text(struct diag *d, enum diag_severity severity, struct pos at,
		     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_add(d, severity, at, fmt, ap);
	va_end(ap);
}

void diag_add_text(struct diag *d, enum diag_severity severity, struct pos at,
		   const char *message)
{
	add_text(d, severity, at, "%s", message);
}
