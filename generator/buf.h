/*
 * buf: the growable byte buffer every module builds text in.  The bytes are
 * always NUL-terminated, so data can be handed to C string functions, but a
 * buffer may also hold NUL bytes: len is the truth.
 */
#ifndef PREPBOOK_BUF_H
#define PREPBOOK_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data; /* NUL-terminated; NULL until the first write */
	size_t len;
	size_t cap;
};

#define BUF_INIT                                                               \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_reset(struct buf *b);
/* Cuts b back to its first len bytes (len no more than b->len). */
void buf_truncate(struct buf *b, size_t len);
/* Makes room for extra more bytes (and the NUL after them), for a
 * caller that writes into b->data + b->len itself. */
void buf_reserve(struct buf *b, size_t extra);
void buf_put(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* The text so far, "" for an empty buffer; valid until the next write. */
const char *buf_str(const struct buf *b);
/* Hands the bytes to the caller (free() them) and leaves b empty. */
char *buf_detach(struct buf *b);

#endif
