/*
 * config: handbook.yml.  Every field but title has a default, so a new
 * handbook needs one line of configuration.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fields.h"
#include "file.h"
#include "mem.h"
#include "url.h"
#include "yml.h"

#define CONFIG_FILE "handbook.yml"

static const struct field config_fields[] = {
	{"title", FIELD_STRING, true},	   {"description", FIELD_STRING, false},
	{"base_url", FIELD_STRING, false}, {"repo_url", FIELD_STRING, false},
	{"branch", FIELD_STRING, false},   {"language", FIELD_STRING, false},
	{"theme", FIELD_STRING, false},	   {"cname", FIELD_STRING, false},
	{NULL, FIELD_STRING, false},
};

static char *text_or(const struct value *map, const char *key,
		     const char *fallback)
{
	return mem_strdup(value_get_text(map, key, fallback));
}

static void trim_final_slash(char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
}

/* A theme name becomes a path, so it may not climb out of themes/. */
static int check_theme_name(const struct config *c, const struct value *map,
			    struct diag *d)
{
	const struct value *v = value_get(map, "theme");

	if (strchr(c->theme, '/') == NULL && strcmp(c->theme, "..") != 0 &&
	    strcmp(c->theme, ".") != 0 && *c->theme)
		return 0;
	diag_error(d,
		   (struct pos){CONFIG_FILE, v ? value_line(v) : 1,
				v ? value_col(v) : 1},
		   "handbook.yml: 'theme' must name a folder in themes/, got "
		   "\"%s\"",
		   c->theme);
	return -1;
}

/* Why url cannot be one of the config's addresses, or NULL: it must be
 * an absolute http(s) address with a host, no user name and nothing a
 * page's attribute could not carry; a base_url (for_base) also no query
 * or fragment.  Every URL passes url_is_allowed first, the one scheme
 * allow-list of the build. */
static const char *address_problem(const char *url, bool for_base)
{
	const char *host;
	size_t host_len;

	if (!url_is_allowed(url, false))
		return "its scheme is not allowed";
	if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else
		return "it has no http:// or https://";
	host_len = strcspn(host, "/");
	if (host_len == 0 || *host == ':' || *host == '.')
		return "it has no host name after the scheme";
	if (memchr(host, '@', host_len))
		return "it has a user name";
	if (strpbrk(url, " \t\n\r\"<>\\") != NULL)
		return "it has a space, quote, '<', '>' or backslash";
	if (for_base && strpbrk(url, "?#") != NULL)
		return "it has a query or fragment, which would end up in the "
		       "middle of every page's address";
	return NULL;
}

const char *config_base_url_problem(const char *url)
{
	return address_problem(url, true);
}

/* Whether every byte of s is in the set allowed. */
static bool only(const char *s, const char *allowed)
{
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && strchr(allowed, *s) == NULL)
			return false;
	return true;
}

/* Why a value of a key that becomes part of a URL or a file cannot be
 * used, or NULL: cname is a host name (what GitHub Pages' CNAME file
 * holds), branch a branch name as it appears in an edit link's path,
 * language a BCP 47 tag (RFC 5646's form, not its registry). */
static const char *name_problem(const char *key, const char *s)
{
	if (strcmp(key, "cname") == 0)
		return only(s, ".-") && *s != '.' && *s != '-' &&
				       strstr(s, "..") == NULL
			       ? NULL
			       : "a host name such as handbook.example.org";
	if (strcmp(key, "branch") == 0)
		return only(s, "._/+@-") && *s != '/' && *s != '-' &&
				       strstr(s, "..") == NULL &&
				       s[strlen(s) - 1] != '/'
			       ? NULL
			       : "a branch name such as main: letters, digits "
				 "and . _ / + @ -";
	return only(s, "-") && isalpha((unsigned char)*s) &&
			       strstr(s, "--") == NULL &&
			       s[strlen(s) - 1] != '-'
		       ? NULL
		       : "a language tag such as en or pt-BR";
}

static int check_names(const struct config *c, const struct value *map,
		       struct diag *d)
{
	const char *const keys[] = {"cname", "branch", "language"};
	const char *const values[] = {c->cname, c->branch, c->language};
	int status = 0;

	for (size_t i = 0; i < 3; i++) {
		const struct value *v = value_get(map, keys[i]);
		const char *want;

		if (v == NULL || (*values[i] == '\0' && i == 0))
			continue; /* absent, or no custom domain */
		want = *values[i] ? name_problem(keys[i], values[i])
				  : "not empty";
		if (want == NULL)
			continue;
		diag_error(
			d,
			(struct pos){CONFIG_FILE, value_line(v), value_col(v)},
			"handbook.yml: '%s' must be %s, got \"%s\"", keys[i],
			want, values[i]);
		status = -1;
	}
	return status;
}

/* An address in handbook.yml that pages, the sitemap or the 404 page
 * could not use is an error at the key, like any other wrong value. */
static int check_address(const struct value *map, const char *key,
			 const char *url, const char *example, struct diag *d)
{
	const struct value *v = value_get(map, key);
	const char *why =
		*url ? address_problem(url, strcmp(key, "base_url") == 0)
		     : NULL;

	if (why == NULL)
		return 0;
	diag_error(d,
		   (struct pos){CONFIG_FILE, v ? value_line(v) : 1,
				v ? value_col(v) : 1},
		   "handbook.yml: '%s' must be an absolute http(s) address "
		   "such as %s, got \"%s\" (%s)",
		   key, example, url, why);
	return -1;
}

int config_load(struct config *c, const char *root, struct diag *d)
{
	char *path = file_join(root, CONFIG_FILE);
	struct value *map = yml_load_file(path, CONFIG_FILE, d);
	int status = 0;

	free(path);
	memset(c, 0, sizeof *c);
	if (map && !value_is(map, VALUE_MAP)) {
		diag_error(d, (struct pos){CONFIG_FILE, 1, 1},
			   "handbook.yml: must be 'key: value' lines");
		status = -1;
	} else if (map == NULL ||
		   fields_check(map, config_fields, "handbook.yml", CONFIG_FILE,
				d) > 0) {
		status = -1;
	}
	c->title = text_or(map, "title", "");
	c->description = text_or(map, "description", "");
	c->base_url = text_or(map, "base_url", "");
	c->repo_url = text_or(map, "repo_url", "");
	c->branch = text_or(map, "branch", "main");
	c->language = text_or(map, "language", "en");
	c->theme = text_or(map, "theme", "default");
	c->cname = text_or(map, "cname", "");
	trim_final_slash(c->base_url);
	trim_final_slash(c->repo_url);
	if (check_theme_name(c, map, d) != 0)
		status = -1;
	if (status == 0 && check_names(c, map, d) != 0)
		status = -1;
	if (check_address(map, "base_url", c->base_url,
			  "https://example.org/handbook", d) != 0)
		status = -1;
	if (check_address(map, "repo_url", c->repo_url,
			  "https://github.com/owner/handbook", d) != 0)
		status = -1;
	value_free(map);
	return status;
}

void config_release(struct config *c)
{
	free(c->title);
	free(c->description);
	free(c->base_url);
	free(c->repo_url);
	free(c->branch);
	free(c->language);
	free(c->theme);
	free(c->cname);
	memset(c, 0, sizeof *c);
}

void config_set_base_url(struct config *c, const char *url)
{
	free(c->base_url);
	c->base_url = mem_strdup(url);
	trim_final_slash(c->base_url);
}

struct value *config_site_value(const struct config *c)
{
	struct value *site = value_map();

	value_set_string(site, "title", c->title);
	value_set_string(site, "description", c->description);
	value_set_string(site, "base_url", c->base_url);
	value_set_string(site, "repo_url", c->repo_url);
	value_set_string(site, "language", c->language);
	return site;
}
