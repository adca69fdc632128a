/*
 * serve_live: the dev server's reload channel.  The server loop tells it
 * what each build did (the site paths it changed, or the errors that kept
 * the last good site in place); every open page holds a server-sent-events
 * stream that waits here and hears about it, and the page's script
 * (served from here too) reloads the page when its own file changed and
 * shows errors over it.  Nothing of this is ever written into site/: the
 * script is added to HTML only as it is served.
 */
#ifndef PREPBOOK_SERVE_LIVE_H
#define PREPBOOK_SERVE_LIVE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "diag.h"

/* The addresses the server answers itself, before looking in the site. */
#define SERVE_LIVE_SCRIPT_PATH "/__prepbook/live.js"
#define SERVE_LIVE_EVENTS_PATH "/__prepbook/events"

/* The stream's reader has ended (the server is stopping). */
#define SERVE_LIVE_END (-1)

struct serve_live;
struct serve_live_stream;

/* generation: the number the site has now (see serve_live.c); every
 * successful build adds one. */
struct serve_live *serve_live_new(unsigned long long generation);
void serve_live_free(struct serve_live *l);

unsigned long long serve_live_generation(struct serve_live *l);

/* A build succeeded and changed the n site paths in changed (which may
 * be none): a new generation, and no errors any more. */
void serve_live_built(struct serve_live *l, char *const *changed, size_t n);

/* A build failed: its errors (and their notes) as compiler-style lines;
 * the site, and so its generation, did not change. */
void serve_live_failed(struct serve_live *l, const struct diag *d);

/* Ends every stream's wait: each reader returns SERVE_LIVE_END. */
void serve_live_stop(struct serve_live *l);

/* A stream for a page that was served at generation since. */
struct serve_live_stream *serve_live_stream_new(struct serve_live *l,
						unsigned long long since);
void serve_live_stream_free(struct serve_live_stream *s);

/*
 * Fills buf (up to max bytes) with the stream's next bytes, waiting for
 * news when it has none: first the state as the page should see it (what
 * changed since its generation, the current errors), then one message per
 * build, and a comment now and then so that a closed connection is
 * noticed.  Returns the byte count, or SERVE_LIVE_END.
 */
ssize_t serve_live_stream_read(struct serve_live_stream *s, char *buf,
			       size_t max);

/* The page script. */
const char *serve_live_script(void);

/* Appends html (len bytes) to out with the tag that loads the page
 * script, at generation, before its </body> (or at the end). */
void serve_live_inject(struct buf *out, const char *html, size_t len,
		       unsigned long long generation);

#endif
