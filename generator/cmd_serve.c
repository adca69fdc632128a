/*
 * cmd_serve: the server loop.  See cmd_serve.h.
 *
 * One thread (the caller's) builds: the first build, then one after each
 * burst of changes that serve_watch reports.  It calls build_run exactly
 * as `prepbook build` does, so the incremental build does the work (it
 * reads .prepbook-cache, renders only the pages a change touches and
 * moves only the changed files into the site), and what the build changed
 * is read off the site folder afterwards (serve_snapshot): no model is
 * kept in memory between builds.  libmicrohttpd's threads answer
 * requests meanwhile, from whatever the site folder holds, which is
 * always a whole build's output.
 *
 * SIGINT and SIGTERM are blocked in every thread and read from a
 * signalfd, which the watcher polls beside inotify: a signal ends the
 * wait, never a system call half-way, and no handler or global flag is
 * needed.  They are blocked only once the first build is done, so a long
 * first build stops at Ctrl-C as `prepbook build` does.
 */
#define _GNU_SOURCE /* environ */
#include "cmd_serve.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "file.h"
#include "mem.h"
#include "serve_http.h"
#include "serve_listen.h"
#include "serve_live.h"
#include "serve_snapshot.h"
#include "serve_watch.h"

struct server {
	const struct serve_options *options;
	char *site; /* the site folder's path */
	struct serve_listen listener;
	struct serve_live *live;
	struct serve_snapshot *snapshot; /* the site as the last good build
					    left it */
	struct serve_watch *watch;
	struct serve_http *http;
	int signals;	  /* the signalfd, or -1 */
	sigset_t blocked; /* the signals blocked while serving */
	sigset_t previous;
	pid_t browser; /* the browser opener, until reaped */
};

static long now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static void report(const struct server *s, const struct serve_event *e)
{
	if (s->options->report)
		s->options->report(e, s->options->report_data);
}

/* Builds, and tells the open pages what the build changed, or what kept
 * it from changing anything.  Returns the build's result. */
static enum build_result rebuild(struct server *s, const char *cause)
{
	const struct serve_options *o = s->options;
	struct build_options bo = {
		.root = o->root,
		.out = o->out,
		.drafts = o->drafts,
		.write = true,
		.jobs = o->jobs,
	};
	struct diag *d = diag_new();
	long start = now_ms();
	struct serve_event e = {.kind = SERVE_BUILT, .diag = d, .cause = cause};

	e.result = build_run(&bo, d);
	e.ms = now_ms() - start;
	if (e.result == BUILD_OK) {
		struct serve_snapshot *after = serve_snapshot_take(s->site);
		char **changed =
			serve_snapshot_diff(s->snapshot, after, &e.changed);

		serve_live_built(s->live, changed, e.changed);
		serve_snapshot_list_free(changed, e.changed);
		serve_snapshot_free(s->snapshot);
		s->snapshot = after;
	} else {
		serve_live_failed(s->live, d);
	}
	report(s, &e);
	diag_free(d);
	return e.result;
}

/* Blocks SIGINT and SIGTERM (and SIGPIPE, so that a page closed while
 * its file is sent is an error for that connection, not the end of the
 * process) in this thread and in every thread started from now on, and
 * opens the signalfd that reports the first two. */
static int catch_signals(struct server *s, struct diag *d)
{
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	s->blocked = stop;
	sigaddset(&s->blocked, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &s->blocked, &s->previous);
	s->signals = signalfd(-1, &stop, SFD_CLOEXEC | SFD_NONBLOCK);
	if (s->signals < 0) {
		diag_error(d, (struct pos){0}, "cannot catch signals: %s",
			   DIAG_STRERROR(errno));
		return -1;
	}
	return 0;
}

/* Starts the desktop's browser on the site.  A machine without one is no
 * error: the URL is printed all the same. */
static void open_browser(struct server *s, struct diag *d)
{
	char *argv[] = {"xdg-open", s->listener.url, NULL};
	posix_spawnattr_t attr;
	sigset_t none;
	int err;

	sigemptyset(&none);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK);
	err = posix_spawnp(&s->browser, argv[0], NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (err != 0) {
		s->browser = 0;
		diag_note(d, (struct pos){0},
			  "--open: cannot start xdg-open (%s): open %s in a "
			  "browser yourself",
			  DIAG_STRERROR(err), s->listener.url);
	}
}

static void reap_browser(struct server *s)
{
	if (s->browser > 0 && waitpid(s->browser, NULL, WNOHANG) != 0)
		s->browser = 0;
}

/* Watching and answering; then the event that says where. */
static int start(struct server *s, struct diag *d)
{
	struct diag *said;

	if (catch_signals(s, d) != 0)
		return -1;
	s->watch = serve_watch_new(s->options->root, d);
	if (s->watch == NULL)
		return -1;
	s->http = serve_http_start(&s->listener, s->site, s->live, d);
	if (s->http == NULL)
		return -1;
	said = diag_new();
	if (!s->listener.loopback)
		diag_warning(said, (struct pos){0},
			     "%s can be reached from other machines: anyone "
			     "who can connect reads the handbook, drafts "
			     "included",
			     s->listener.url);
	if (s->options->open)
		open_browser(s, said);
	report(s, &(struct serve_event){.kind = SERVE_LISTENING,
					.diag = said,
					.url = s->listener.url});
	diag_free(said);
	return 0;
}

static int loop(struct server *s, struct diag *d)
{
	struct buf cause = BUF_INIT;
	int changed;

	while ((changed = serve_watch_wait(s->watch, s->signals, &cause, d)) ==
	       1) {
		reap_browser(s);
		rebuild(s, buf_str(&cause));
	}
	buf_release(&cause);
	return changed < 0 ? -1 : 0;
}

/* Takes the signals that stopped the server, so that unblocking them
 * does not deliver them again (and end the process by their default
 * action, before it said it stopped). */
static void take_signals(struct server *s)
{
	struct signalfd_siginfo info;

	while (read(s->signals, &info, sizeof info) == sizeof info)
		;
	close(s->signals);
	pthread_sigmask(SIG_SETMASK, &s->previous, NULL);
}

static void stop(struct server *s)
{
	serve_http_stop(s->http);
	serve_watch_free(s->watch);
	if (s->signals >= 0)
		take_signals(s);
	reap_browser(s);
	serve_snapshot_free(s->snapshot);
	serve_live_free(s->live);
	serve_listen_release(&s->listener);
	free(s->site);
}

/* The generation the site starts at: the wall clock in milliseconds, so
 * a page served by an earlier run of the server is always older than
 * this run's first build (serve_live.c) and reloads. */
static unsigned long long first_generation(void)
{
	struct timespec t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (unsigned long long)t.tv_sec * 1000ULL +
	       (unsigned long long)t.tv_nsec / 1000000ULL;
}

int cmd_serve(const struct serve_options *o, struct diag *d)
{
	const char *out = o->out ? o->out : "site";
	struct server s = {.options = o, .signals = -1};
	int status = serve_listen_open(&s.listener, o->host, o->port, d);

	if (status != 0)
		return status;
	s.site = *out == '/' ? mem_strdup(out) : file_join(o->root, out);
	s.live = serve_live_new(first_generation());
	s.snapshot = serve_snapshot_take(s.site);
	/* Content errors leave something to fix while serving; a first
	 * build that cannot write the site (a folder prepbook did not
	 * make, a disk that refuses) leaves nothing worth serving. */
	status = rebuild(&s, NULL) == BUILD_IO_ERROR ? -1 : start(&s, d);
	if (status == 0)
		status = loop(&s, d);
	stop(&s);
	if (status == 0)
		report(&s, &(struct serve_event){.kind = SERVE_STOPPED});
	return status;
}
