/*
 * serve_http: requests to responses.  See serve_http.h.
 *
 * libmicrohttpd decodes a request's path before we see it, which would
 * turn "%2f" into a separator and "%00" into the end of the string; the
 * unescape callback here leaves it as it came, and serve_files decodes it
 * with its own rules.  A NUL byte sent raw (no browser sends one) ends
 * the path libmicrohttpd hands over, so what is judged is the part
 * before it, by the same rules: it can shorten a path, never lead out.
 *
 * A page is served with the generation the site had before its file was
 * read: the file is at least that new, so the page's event stream, asking
 * what changed since, never misses a build (at worst it reloads once for
 * a change it already shows).
 */
#include "serve_http.h"

#include <fcntl.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "mem.h"
#include "serve_files.h"

struct serve_http {
	struct MHD_Daemon *daemon;
	char *site;
	struct serve_live *live;
};

/* Idle connections close after this long; an event stream is never
 * idle that long (serve_live writes a keepalive first). */
#define IDLE_SECONDS 60

/* The block an event stream's reader fills. */
#define STREAM_BLOCK 16384

static const char not_found_text[] =
	"<!doctype html>\n<meta charset=\"utf-8\">\n<title>Not found</title>\n"
	"<h1>Not found</h1>\n<p>No file of the site is at this address. "
	"<a href=\"/\">The home page</a>.</p>\n";

static size_t keep_escaped(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	return strlen(s);
}

static enum MHD_Result respond(struct MHD_Connection *c, unsigned int status,
			       struct MHD_Response *r, const char *type)
{
	enum MHD_Result queued;

	if (r == NULL)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	queued = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return queued;
}

static struct MHD_Response *from_buf(struct buf *b)
{
	size_t len = b->len;
	char *data = buf_detach(b);

	if (data == NULL)
		data = mem_strdup("");
	return MHD_create_response_from_buffer(len, data,
					       MHD_RESPMEM_MUST_FREE);
}

/* An HTML file, or not_found_text when path is NULL or unreadable, with
 * the reload script added. */
static struct MHD_Response *page(const char *path, unsigned long long gen)
{
	struct buf html = BUF_INIT, out = BUF_INIT;

	if (path == NULL || file_read(path, &html) != 0) {
		buf_reset(&html);
		buf_puts(&html, not_found_text);
	}
	serve_live_inject(&out, html.data ? html.data : "", html.len, gen);
	buf_release(&html);
	return from_buf(&out);
}

static struct MHD_Response *whole_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0) {
		close(fd);
		return NULL;
	}
	/* libmicrohttpd closes fd with the response. */
	return MHD_create_response_from_fd((uint64_t)st.st_size, fd);
}

/* A missing file: the site's own 404.html, as a static host serves it. */
static enum MHD_Result reply_not_found(struct serve_http *h,
				       struct MHD_Connection *c,
				       unsigned long long gen)
{
	struct serve_files_result r = serve_files_resolve(h->site, "/404.html");
	enum MHD_Result sent = respond(c, MHD_HTTP_NOT_FOUND, page(r.path, gen),
				       "text/html; charset=utf-8");

	free(r.path);
	return sent;
}

static enum MHD_Result reply_file(struct serve_http *h,
				  struct MHD_Connection *c, const char *url)
{
	unsigned long long gen = serve_live_generation(h->live);
	struct serve_files_result r = serve_files_resolve(h->site, url);
	struct MHD_Response *resp;
	enum MHD_Result sent;

	switch (r.kind) {
	case SERVE_FILES_NOT_FOUND:
		return reply_not_found(h, c, gen);
	case SERVE_FILES_FOLDER:
		resp = MHD_create_response_from_buffer(0, "",
						       MHD_RESPMEM_PERSISTENT);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r.path);
		sent = respond(c, MHD_HTTP_MOVED_PERMANENTLY, resp, NULL);
		free(r.path);
		return sent;
	case SERVE_FILES_FOUND:
		break;
	}
	resp = serve_files_is_html(r.path) ? page(r.path, gen)
					   : whole_file(r.path);
	sent = resp ? respond(c, MHD_HTTP_OK, resp, serve_files_type(r.path))
		    : reply_not_found(h, c, gen);
	free(r.path);
	return sent;
}

static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	ssize_t n = serve_live_stream_read(cls, buf, max);

	(void)pos;
	return n == SERVE_LIVE_END ? MHD_CONTENT_READER_END_OF_STREAM : n;
}

static void free_events(void *cls)
{
	serve_live_stream_free(cls);
}

static enum MHD_Result reply_events(struct serve_http *h,
				    struct MHD_Connection *c)
{
	const char *since =
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	unsigned long long gen = since ? strtoull(since, NULL, 10)
				       : serve_live_generation(h->live);
	struct serve_live_stream *s = serve_live_stream_new(h->live, gen);
	struct MHD_Response *r = MHD_create_response_from_callback(
		MHD_SIZE_UNKNOWN, STREAM_BLOCK, read_events, s, free_events);

	if (r == NULL) {
		serve_live_stream_free(s);
		return MHD_NO;
	}
	return respond(c, MHD_HTTP_OK, r, "text/event-stream");
}

static enum MHD_Result reply_not_allowed(struct MHD_Connection *c)
{
	static const char text[] = "only GET and HEAD\n";
	struct MHD_Response *r = MHD_create_response_from_buffer(
		sizeof text - 1, (void *)text, MHD_RESPMEM_PERSISTENT);

	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, r,
		       "text/plain; charset=utf-8");
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload_data,
			      size_t *upload_data_size, void **request)
{
	struct serve_http *h = cls;

	(void)version;
	(void)upload_data;
	(void)upload_data_size;
	/* A body is not read, so the connection closes after a 405. */
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return reply_not_allowed(c);
	/* The first call only sees the headers; answering then makes
	 * libmicrohttpd close the connection, so answer on the second,
	 * and keep the browser's connection for its next request. */
	if (*request == NULL) {
		*request = h;
		return MHD_YES;
	}
	if (strcmp(url, SERVE_LIVE_SCRIPT_PATH) == 0) {
		const char *js = serve_live_script();

		return respond(
			c, MHD_HTTP_OK,
			MHD_create_response_from_buffer(strlen(js), (void *)js,
							MHD_RESPMEM_PERSISTENT),
			"text/javascript; charset=utf-8");
	}
	if (strcmp(url, SERVE_LIVE_EVENTS_PATH) == 0)
		return reply_events(h, c);
	return reply_file(h, c, url);
}

struct serve_http *serve_http_start(struct serve_listen *listener,
				    const char *site, struct serve_live *live,
				    struct diag *d)
{
	struct serve_http *h = mem_calloc(1, sizeof *h);

	h->site = mem_strdup(site);
	h->live = live;
	h->daemon = MHD_start_daemon(
		MHD_USE_AUTO | MHD_USE_INTERNAL_POLLING_THREAD |
			MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ITC,
		0, NULL, NULL, answer, h, MHD_OPTION_LISTEN_SOCKET,
		listener->fd, MHD_OPTION_UNESCAPE_CALLBACK, keep_escaped, NULL,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)IDLE_SECONDS,
		MHD_OPTION_END);
	if (h->daemon == NULL) {
		diag_error(d, (struct pos){0},
			   "cannot start the HTTP server at %s", listener->url);
		free(h->site);
		free(h);
		return NULL;
	}
	listener->fd = -1; /* the daemon closes it when it stops */
	return h;
}

void serve_http_stop(struct serve_http *h)
{
	if (h == NULL)
		return;
	serve_live_stop(h->live);
	MHD_stop_daemon(h->daemon);
	free(h->site);
	free(h);
}
