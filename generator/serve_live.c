/*
 * serve_live: the reload channel.  See serve_live.h.
 *
 * The state is a generation number, the site paths each of the last
 * HISTORY generations changed, and the errors of the last build when it
 * failed; a serial counts every change of that state.  A page carries the
 * generation it was served at, so the first message of its stream can
 * say what changed since, even when a build finished between serving the
 * page and its script connecting.  A page older than the history, or
 * from another run of the server, reloads (the first generation is taken
 * from the clock, so a restarted server's numbers are beyond an older
 * run's).
 *
 * The locking is one mutex and one condition: the server loop changes
 * the state and broadcasts, each stream's reader (one HTTP connection's
 * thread) waits for the serial to move.
 */
#include "serve_live.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "escape.h"
#include "mem.h"

/* How many builds back a page may be and still learn exactly what
 * changed; an older page simply reloads. */
#define HISTORY 64

/* More changed paths than this and the message says "everything": the
 * pages would reload anyway, and a message per open tab stays small. */
#define MAX_LISTED 5000

/* A comment every so often: writing is how a stream notices that its
 * page has gone, and so how its thread ends. */
#define KEEPALIVE_SECONDS 15

struct generation {
	unsigned long long number;
	char **paths;
	size_t n;
};

struct serve_live {
	pthread_mutex_t lock;
	pthread_cond_t news;
	unsigned long long generation;
	unsigned long long serial; /* counts every change of the state */
	struct generation history[HISTORY]; /* by number % HISTORY */
	char **errors; /* the failed build's lines; NULL after a success */
	size_t nerrors;
	bool stopping;
};

struct serve_live_stream {
	struct serve_live *live;
	unsigned long long since;  /* the generation the page has */
	unsigned long long serial; /* the state it was last told */
	bool told;		   /* has had its first message */
	struct buf pending;
	size_t sent; /* bytes of pending already read */
};

struct serve_live *serve_live_new(unsigned long long generation)
{
	struct serve_live *l = mem_calloc(1, sizeof *l);
	pthread_condattr_t attr;

	pthread_mutex_init(&l->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&l->news, &attr);
	pthread_condattr_destroy(&attr);
	l->generation = generation;
	return l;
}

static void free_list(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void serve_live_free(struct serve_live *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < HISTORY; i++)
		free_list(l->history[i].paths, l->history[i].n);
	free_list(l->errors, l->nerrors);
	pthread_cond_destroy(&l->news);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

unsigned long long serve_live_generation(struct serve_live *l)
{
	unsigned long long g;

	pthread_mutex_lock(&l->lock);
	g = l->generation;
	pthread_mutex_unlock(&l->lock);
	return g;
}

static char **copy_list(char *const *list, size_t n)
{
	char **copy = mem_calloc(n ? n : 1, sizeof *copy);

	for (size_t i = 0; i < n; i++)
		copy[i] = mem_strdup(list[i]);
	return copy;
}

/* Changes the state under the lock and wakes every stream. */
static void publish(struct serve_live *l)
{
	l->serial++;
	pthread_cond_broadcast(&l->news);
	pthread_mutex_unlock(&l->lock);
}

void serve_live_built(struct serve_live *l, char *const *changed, size_t n)
{
	struct generation *g;

	pthread_mutex_lock(&l->lock);
	l->generation++;
	g = &l->history[l->generation % HISTORY];
	free_list(g->paths, g->n);
	*g = (struct generation){l->generation, copy_list(changed, n), n};
	free_list(l->errors, l->nerrors);
	l->errors = NULL;
	l->nerrors = 0;
	publish(l);
}

void serve_live_failed(struct serve_live *l, const struct diag *d)
{
	size_t n = diag_count(d), kept = 0;
	char **lines = mem_calloc(n + 1, sizeof *lines);
	bool keeping = false;

	/* Errors and their notes; warnings stay in the terminal, since
	 * they did not stop the build. */
	for (size_t i = 0; i < n; i++) {
		enum diag_severity s = diag_item(d, i).severity;

		if (s != DIAG_NOTE)
			keeping = s == DIAG_ERROR;
		if (keeping)
			lines[kept++] = diag_line(d, i);
	}
	if (kept == 0)
		lines[kept++] = mem_strdup("prepbook: the build failed");
	pthread_mutex_lock(&l->lock);
	free_list(l->errors, l->nerrors);
	l->errors = lines;
	l->nerrors = kept;
	publish(l);
}

void serve_live_stop(struct serve_live *l)
{
	pthread_mutex_lock(&l->lock);
	l->stopping = true;
	publish(l);
}

struct serve_live_stream *serve_live_stream_new(struct serve_live *l,
						unsigned long long since)
{
	struct serve_live_stream *s = mem_calloc(1, sizeof *s);

	s->live = l;
	s->since = since;
	return s;
}

void serve_live_stream_free(struct serve_live_stream *s)
{
	if (s == NULL)
		return;
	buf_release(&s->pending);
	free(s);
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The paths changed after generation since, sorted and each once, as a
 * JSON list into out; false when the history does not reach back that
 * far (or the page is from another run), or they are too many. */
static bool changes_since(const struct serve_live *l, unsigned long long since,
			  struct buf *out)
{
	char **all = NULL;
	size_t n = 0, cap = 0;
	bool listed = since <= l->generation && l->generation - since < HISTORY;

	for (unsigned long long g = since + 1; listed && g <= l->generation;
	     g++) {
		const struct generation *h = &l->history[g % HISTORY];

		listed = h->number == g && n + h->n <= MAX_LISTED;
		for (size_t i = 0; listed && i < h->n; i++) {
			all = mem_grow(all, &cap, n + 1, sizeof *all);
			all[n++] = h->paths[i];
		}
	}
	if (n > 1)
		qsort(all, n, sizeof *all, compare_strings);
	buf_putc(out, '[');
	for (size_t i = 0, put = 0; listed && i < n; i++) {
		if (i > 0 && strcmp(all[i], all[i - 1]) == 0)
			continue;
		buf_puts(out, put++ ? "," : "");
		escape_json(out, all[i]);
	}
	buf_putc(out, ']');
	free(all);
	return listed;
}

/* The message that brings the stream up to date, into its pending
 * bytes.  Called with the lock held. */
static void compose(struct serve_live_stream *s)
{
	const struct serve_live *l = s->live;
	struct buf *out = &s->pending;
	bool listed;

	buf_printf(out,
		   "data: {\"generation\":%llu,\"changed\":", l->generation);
	listed = changes_since(l, s->since, out);
	buf_printf(out, ",\"all\":%s,\"errors\":[", listed ? "false" : "true");
	for (size_t i = 0; i < l->nerrors; i++) {
		buf_puts(out, i ? "," : "");
		escape_json(out, l->errors[i]);
	}
	buf_puts(out, "]}\n\n");
	s->since = l->generation;
	s->serial = l->serial;
	s->told = true;
}

/* Waits until the state moves, the server stops or it is time for a
 * keepalive; fills the stream's pending bytes.  false when stopping. */
static bool wait_for_news(struct serve_live_stream *s)
{
	struct serve_live *l = s->live;
	struct timespec until;
	int waited = 0;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += KEEPALIVE_SECONDS;
	pthread_mutex_lock(&l->lock);
	while (!l->stopping && s->told && s->serial == l->serial &&
	       waited != ETIMEDOUT)
		waited = pthread_cond_timedwait(&l->news, &l->lock, &until);
	if (l->stopping) {
		pthread_mutex_unlock(&l->lock);
		return false;
	}
	if (!s->told || s->serial != l->serial)
		compose(s);
	else
		buf_puts(&s->pending, ": keepalive\n\n");
	pthread_mutex_unlock(&l->lock);
	return true;
}

ssize_t serve_live_stream_read(struct serve_live_stream *s, char *buf,
			       size_t max)
{
	size_t n;

	if (s->sent == s->pending.len) {
		buf_reset(&s->pending);
		s->sent = 0;
		if (!wait_for_news(s))
			return SERVE_LIVE_END;
	}
	n = s->pending.len - s->sent;
	if (n > max)
		n = max;
	memcpy(buf, s->pending.data + s->sent, n);
	s->sent += n;
	return (ssize_t)n;
}

/*
 * The page script.  It learns what the page shows (its own file and the
 * style sheets, scripts and images it loaded, not what a script adds
 * later, such as a search index fetched on first use) and reloads only
 * when one of those changed, keeping the scroll position through
 * sessionStorage.  Errors show in a panel over the page until a build
 * succeeds.  It reconnects itself, with the generation it last heard of.
 * <html> carries data-prepbook-serve ("connected") and
 * data-prepbook-generation (of the last message), which tests wait on.
 */
static const char script[] =
	"/* prepbook serve: reloads this page when a rebuild changes it and\n"
	" * shows build errors over it.  Added by the dev server as it serves\n"
	" * a page; never part of the site. */\n"
	"(() => {\n"
	"\t'use strict';\n"
	"\tconst SCROLL = 'prepbook-serve-scroll';\n"
	"\tconst root = document.documentElement;\n"
	"\tlet generation = document.currentScript.dataset.generation;\n"
	"\n"
	"\tfunction sitePath(url) {\n"
	"\t\tconst u = new URL(url, location.href);\n"
	"\t\tif (u.origin !== location.origin)\n"
	"\t\t\treturn null;\n"
	"\t\tlet p = u.pathname;\n"
	"\t\ttry { p = decodeURIComponent(p); } catch { /* as it is */ }\n"
	"\t\tp = p.replace(/^[/]+/, '');\n"
	"\t\treturn p === '' || p.endsWith('/') ? p + 'index.html' : p;\n"
	"\t}\n"
	"\n"
	"\tconst mine = new Set([sitePath(location.href)]);\n"
	"\tfor (const el of document.querySelectorAll(\n"
	"\t\t'link[rel~=stylesheet][href], script[src], img[src]')) {\n"
	"\t\tconst p = sitePath(el.href || el.src);\n"
	"\t\tif (p)\n"
	"\t\t\tmine.add(p);\n"
	"\t}\n"
	"\n"
	"\ttry {\n"
	"\t\tconst saved = JSON.parse(sessionStorage.getItem(SCROLL));\n"
	"\t\tsessionStorage.removeItem(SCROLL);\n"
	"\t\tif (saved && saved.path === location.pathname) {\n"
	"\t\t\tconst restore = () => window.scrollTo(saved.x, saved.y);\n"
	"\t\t\trestore();\n"
	"\t\t\twindow.addEventListener('load', restore, { once: true });\n"
	"\t\t}\n"
	"\t} catch { /* no storage: the browser's own restoring */ }\n"
	"\n"
	"\tfunction reload() {\n"
	"\t\ttry {\n"
	"\t\t\tsessionStorage.setItem(SCROLL, JSON.stringify({\n"
	"\t\t\t\tpath: location.pathname, x: scrollX, y: scrollY }));\n"
	"\t\t} catch { /* reload all the same */ }\n"
	"\t\tlocation.reload();\n"
	"\t}\n"
	"\n"
	"\tfunction showErrors(lines) {\n"
	"\t\tlet box = document.getElementById('prepbook-serve-errors');\n"
	"\t\tif (lines.length === 0) {\n"
	"\t\t\tbox?.remove();\n"
	"\t\t\treturn;\n"
	"\t\t}\n"
	"\t\tif (!box) {\n"
	"\t\t\tbox = document.createElement('div');\n"
	"\t\t\tbox.id = 'prepbook-serve-errors';\n"
	"\t\t\tbox.setAttribute('role', 'alert');\n"
	"\t\t\tbox.style.cssText = 'position:fixed;left:0;right:0;bottom:0;"
	"z-index:2147483647;max-height:60vh;overflow:auto;margin:0;"
	"padding:1rem 1.25rem;background:#1d1d1f;color:#f5f5f5;"
	"border-top:4px solid #e5484d;box-shadow:0 -4px 24px rgba(0,0,0,.4);"
	"font:14px/1.5 "
	"ui-monospace,Menlo,Consolas,monospace;text-align:left';\n"
	"\t\t\t(document.body || root).append(box);\n"
	"\t\t}\n"
	"\t\tconst title = document.createElement('strong');\n"
	"\t\ttitle.textContent = 'The build failed; this is the last good "
	"site. Fix the error and save:';\n"
	"\t\tconst list = document.createElement('pre');\n"
	"\t\tlist.style.cssText = 'margin:.5rem 0 0;white-space:pre-wrap;"
	"font:inherit;color:inherit;background:none';\n"
	"\t\tlist.textContent = lines.join('\\n');\n"
	"\t\tbox.replaceChildren(title, list);\n"
	"\t}\n"
	"\n"
	"\tfunction connect() {\n"
	"\t\tconst events = new EventSource('" SERVE_LIVE_EVENTS_PATH
	"?since=' +\n"
	"\t\t\tencodeURIComponent(generation));\n"
	"\t\tevents.onopen = () => { root.dataset.prepbookServe = "
	"'connected'; };\n"
	"\t\tevents.onmessage = event => {\n"
	"\t\t\tconst state = JSON.parse(event.data);\n"
	"\t\t\tgeneration = state.generation;\n"
	"\t\t\troot.dataset.prepbookGeneration = generation;\n"
	"\t\t\tshowErrors(state.errors);\n"
	"\t\t\tif (state.all || state.changed.some(p => mine.has(p)))\n"
	"\t\t\t\treload();\n"
	"\t\t};\n"
	"\t\tevents.onerror = () => {\n"
	"\t\t\tevents.close();\n"
	"\t\t\troot.dataset.prepbookServe = 'disconnected';\n"
	"\t\t\tsetTimeout(connect, 1000);\n"
	"\t\t};\n"
	"\t}\n"
	"\tconnect();\n"
	"})();\n";

const char *serve_live_script(void)
{
	return script;
}

/* The offset of the last "</body" in html, case aside; len when none. */
static size_t body_end(const char *html, size_t len)
{
	for (size_t i = len; i >= 6; i--)
		if (strncasecmp(html + i - 6, "</body", 6) == 0)
			return i - 6;
	return len;
}

void serve_live_inject(struct buf *out, const char *html, size_t len,
		       unsigned long long generation)
{
	size_t at = body_end(html, len);

	buf_put(out, html, at);
	buf_printf(out,
		   "<script src=\"" SERVE_LIVE_SCRIPT_PATH
		   "\" data-generation=\"%llu\"></script>\n",
		   generation);
	buf_put(out, html + at, len - at);
}
