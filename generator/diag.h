/*
 * diag: collecting and printing diagnostics.  Code that can fail records
 * what went wrong here, with a position, and goes on where that is safe, so
 * one run reports every problem.  Only this module prints them.
 */
#ifndef PREPBOOK_DIAG_H
#define PREPBOOK_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The one position type: a file (relative to the handbook), a 1-based line
 * and column.  line 0 means "the whole file", col 0 "the whole line"; a NULL
 * file means the diagnostic concerns the run, not a file.  The pos does not
 * own file: a diagnostic copies it when recorded.
 */
struct pos {
	const char *file;
	int line;
	int col;
};

enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };
enum diag_format { DIAG_FORMAT_TEXT, DIAG_FORMAT_GITHUB };

struct diag;

/* Bounds on what a run reports, so no input can flood a terminal or a CI
 * log: a message's length in bytes (longer ones are cut), and how many
 * diagnostics diag_print prints (it then says how many it left out). */
#define DIAG_MAX_MESSAGE 2000
#define DIAG_MAX_PRINTED 1000

struct diag *diag_new(void);
void diag_free(struct diag *d);

void diag_error(struct diag *d, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_warning(struct diag *d, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note adds a second place to the diagnostic recorded just before it. */
void diag_note(struct diag *d, struct pos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void diag_add(struct diag *d, enum diag_severity severity, struct pos at,
	      const char *fmt, va_list ap);

/* From now on, warnings recorded in d, or appended to it, are errors
 * ("... [--strict]"): `--strict` for CI, as MkDocs has. */
void diag_set_strict(struct diag *d);

size_t diag_errors(const struct diag *d);
size_t diag_warnings(const struct diag *d);
size_t diag_count(const struct diag *d);
/* The i-th diagnostic as one text line without the newline; free() it. */
char *diag_line(const struct diag *d, size_t i);
/* Moves the diagnostic recorded last to index i (0 <= i < count), shifting
 * the later ones: a check that had to wait reports where it would have
 * reported had it been made at once. */
void diag_move_last(struct diag *d, size_t i);
/* Moves every diagnostic of from to the end of into, leaving from empty. */
void diag_append(struct diag *into, struct diag *from);
void diag_print(const struct diag *d, FILE *out, enum diag_format format);

/* The parts of the i-th diagnostic, borrowed from d: for the incremental
 * build's cache, which saves a page's warnings and replays them when the
 * page is not rendered again. */
struct diag_item {
	enum diag_severity severity;
	struct pos at;
	const char *message;
};
struct diag_item diag_item(const struct diag *d, size_t i);
/* Records a diagnostic whose message is already text. */
void diag_add_text(struct diag *d, enum diag_severity severity, struct pos at,
		   const char *message);

/*
 * strerror for any thread (worker threads report I/O errors too, and
 * strerror may share one buffer between threads).  The text is written
 * into the caller's t; DIAG_STRERROR(err) gives it a buffer that lives
 * until the end of the enclosing block, for use as an argument:
 *     diag_error(d, at, "cannot read: %s", DIAG_STRERROR(errno));
 */
struct diag_errno_text {
	char text[128];
};
const char *diag_strerror(int err, struct diag_errno_text *t);
#define DIAG_STRERROR(err) diag_strerror((err), &(struct diag_errno_text){{0}})

#endif
