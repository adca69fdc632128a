/*
 * cmd_serve: `prepbook serve`, the live preview.  Builds the handbook,
 * serves its site on a loopback address, watches the handbook and builds
 * again after every change, and tells the open pages: a page whose file
 * changed reloads, and a failed build's errors show over every page while
 * the last good site stays served.
 */
#ifndef PREPBOOK_CMD_SERVE_H
#define PREPBOOK_CMD_SERVE_H

#include <stdbool.h>
#include <stddef.h>

#include "build.h"
#include "diag.h"

enum serve_event_kind {
	SERVE_BUILT,	 /* a build finished, well or not */
	SERVE_LISTENING, /* the site is served (once, after the first build) */
	SERVE_STOPPED	 /* a signal stopped the server */
};

/* What the server has to say as it runs, for main.c to print. */
struct serve_event {
	enum serve_event_kind kind;
	const struct diag *diag;  /* messages that go with it; may be empty */
	const char *url;	  /* SERVE_LISTENING: where the site is */
	enum build_result result; /* SERVE_BUILT */
	const char *cause;	  /* SERVE_BUILT: the first file that changed
				     (relative to the handbook); NULL for the
				     first build */
	size_t changed; /* SERVE_BUILT: site files the build changed */
	long ms;	/* SERVE_BUILT: how long it took */
};

struct serve_options {
	const char *root; /* the handbook folder */
	const char *out;  /* the site folder, as for build; NULL for site */
	const char *host; /* the address to listen on */
	int port;	  /* 0: any free port */
	int jobs;	  /* as for build */
	bool drafts;
	bool open; /* open the site in the desktop's browser */
	/* Called from the server loop's thread, one event at a time. */
	void (*report)(const struct serve_event *e, void *data);
	void *report_data;
};

/*
 * Serves until SIGINT or SIGTERM, then stops cleanly: open pages' event
 * streams end, connections close, every thread is joined.  Returns 0
 * then; -1 when the server could not start (the port is taken, nothing
 * can be watched, the first build could not write the site), -2 when
 * host names no address; recorded in d, or reported with the build.
 * Content errors are not failures here: they are reported as they
 * happen, and the server goes on.
 */
int cmd_serve(const struct serve_options *o, struct diag *d);

#endif
