/*
 * config: handbook.yml, read and checked like front matter.
 */
#ifndef PREPBOOK_CONFIG_H
#define PREPBOOK_CONFIG_H

#include "diag.h"
#include "value.h"

struct config {
	char *title;
	char *description;
	char *base_url; /* "" or "https://example.org/handbook", no final '/' */
	char *repo_url; /* "" or the repository's web address */
	char *branch;	/* for "Edit this page" links; "main" by default */
	char *language; /* "en" by default */
	char *theme;	/* a folder under themes/; "default" by default */
	char *cname;	/* "" or a custom domain for GitHub Pages */
};

/* Reads root/handbook.yml into c.  Returns 0, or -1 with errors in d. */
int config_load(struct config *c, const char *root, struct diag *d);
void config_release(struct config *c);

/* What keeps url from being a base_url ("it has no host name after the
 * scheme"), or NULL when it can be one: an absolute http or https
 * address with a host ("https://example.org/hb"), with no query,
 * fragment or spaces. */
const char *config_base_url_problem(const char *url);

/* Replaces base_url (from --base-url, checked by the caller with
 * config_base_url_problem), normalised as the file's is. */
void config_set_base_url(struct config *c, const char *url);

/* The config as the `site` map templates and plugins see. */
struct value *config_site_value(const struct config *c);

#endif
