/*
 * serve_http: the dev server's HTTP side, on libmicrohttpd.  GET and HEAD
 * only; the site's files as serve_files resolves them, with their types
 * and `Cache-Control: no-cache`; HTML with the reload script added; the
 * script and the event stream of serve_live at their own addresses.
 */
#ifndef PREPBOOK_SERVE_HTTP_H
#define PREPBOOK_SERVE_HTTP_H

#include "diag.h"
#include "serve_listen.h"
#include "serve_live.h"

struct serve_http;

/*
 * Starts answering on listener's socket, which it takes over (listener->fd
 * becomes -1), with threads of its own: one per connection, since each
 * open page holds an event stream that mostly waits.  site is the site
 * folder (it may be swapped whole by a build: it is looked up by path on
 * every request).  NULL on failure, recorded in d.
 */
struct serve_http *serve_http_start(struct serve_listen *listener,
				    const char *site, struct serve_live *live,
				    struct diag *d);

/* Ends the event streams, closes every connection and waits for their
 * threads; frees h. */
void serve_http_stop(struct serve_http *h);

#endif
