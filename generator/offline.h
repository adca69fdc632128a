/*
 * offline: what makes the published site installable and readable
 * offline, from the theme's parts: manifest.webmanifest (the handbook's
 * name and the theme's icons) and sw.js, the theme's service worker
 * (themes/<name>/sw.js) after a header that lists every file of the site
 * with a hash of its bytes, and names the version: a hash of that list.
 *
 * Any change to any file gives a new version, which the worker installs
 * beside the old one in a cache of its own and offers the reader; so an
 * update is never half-applied.  Hidden files (.prepbook-cache,
 * .nojekyll) and CNAME, a host's setting, are not listed.  A theme
 * without sw.js gets no worker.
 */
#ifndef PREPBOOK_OFFLINE_H
#define PREPBOOK_OFFLINE_H

#include "config.h"
#include "diag.h"
#include "output.h"
#include "theme.h"

#define OFFLINE_MANIFEST_PATH "manifest.webmanifest"
#define OFFLINE_WORKER_PATH "sw.js"

/* Writes manifest.webmanifest.  Returns 0, or -1 after an I/O error. */
int offline_write_manifest(const struct config *c, const struct theme *t,
			   struct output *o, struct diag *d);

/* Writes sw.js from every file o holds so far: call it after every
 * other file of the site.  Returns 0, or -1 after an I/O error. */
int offline_write_worker(const struct theme *t, struct output *o,
			 struct diag *d);

#endif
