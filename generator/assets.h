/*
 * assets: the CSS and JS files plugins declare.  Each is published once,
 * under a name that carries a hash of its bytes
 * ("assets/plugins/calculator.3f9a1c2e.js"), so a browser or the offline
 * cache never pairs a new page with an old script.  Safe to call from
 * several render threads at once.
 */
#ifndef PREPBOOK_ASSETS_H
#define PREPBOOK_ASSETS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "output.h"

struct assets;

struct assets *assets_new(void);
void assets_free(struct assets *a);

/* The site path of the asset file name, which lives in the folder dir (a
 * plugins folder's assets/), reading and hashing it on first use.  NULL
 * after recording an error at at (the block that needed it). */
const char *assets_publish(struct assets *a, const char *dir, const char *name,
			   struct pos at, struct diag *d);

/* Writes every published asset into the site. */
int assets_write(struct assets *a, struct output *o, struct diag *d);

/* 64-bit FNV-1a: small and dependency-free (it is not a security
 * boundary).  A published name carries its low 32 bits as 8 hex digits:
 * two versions of one file share a name once in four billion changes,
 * and the name stays short in every page that links it. */
uint64_t assets_hash(const char *data, size_t len);

#endif
