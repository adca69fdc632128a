/*
 * contentfiles: the publishing rule for content/'s other files.  See
 * contentfiles.h.
 *
 * Anything not named here is copied: a handbook's images, PDFs, CSV and
 * JSON data, archives and media are inert in a browser.  The refused kinds
 * are those the site's origin would run: a page of raw HTML (pages written
 * in Markdown lose theirs), a script, a style sheet (no page can use one,
 * since raw HTML is not rendered), and an SVG that carries script, which
 * runs when a reader opens the image by its address.  The SVG check is a
 * screen for the usual forms, not a sanitizer: a file it refuses is one a
 * reviewer should not have to read closely.
 */
#include "contentfiles.h"

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "file.h"

struct refused_type {
	const char *extension;
	const char *why;
};

static const char html_why[] =
	"raw HTML is not published: pages are written in Markdown, whose raw "
	"HTML is removed, and a page of HTML from a pull request would keep "
	"all of its own; write the page as a .md file";
static const char script_why[] =
	"scripts are not published from content/: they would run in every "
	"reader's browser; a plugin (plugins/) or the theme ships scripts";
static const char style_why[] =
	"style sheets are not published from content/: no page could use one "
	"(raw HTML is not rendered); styles belong to the theme";

static const struct refused_type refused_types[] = {
	{"html", html_why},  {"htm", html_why},	   {"xhtml", html_why},
	{"shtml", html_why}, {"js", script_why},   {"mjs", script_why},
	{"cjs", script_why}, {"wasm", script_why}, {"css", style_why},
	{NULL, NULL},
};

/* Whether the text at p starts an event-handler attribute: whitespace,
 * "on", letters, optional spaces, '='. */
static bool is_handler_attribute(const char *p)
{
	if (!isspace((unsigned char)p[0]) || strncasecmp(p + 1, "on", 2) != 0 ||
	    !isalpha((unsigned char)p[3]))
		return false;
	for (p += 3; isalpha((unsigned char)*p); p++)
		;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return *p == '=';
}

static bool svg_has_script(const char *text)
{
	static const char *const markers[] = {
		"<script", "<foreignobject", "javascript:", "<!entity",
		"<iframe", "<embed",	     "<object",	    NULL,
	};

	for (const char *p = text; *p; p++) {
		if (is_handler_attribute(p))
			return true;
		for (const char *const *m = markers; *m; m++)
			if (strncasecmp(p, *m, strlen(*m)) == 0)
				return true;
	}
	return false;
}

const char *contentfiles_refusal(const char *name, const char *path)
{
	const char *ext = file_extension(name);
	struct buf text = BUF_INIT;
	bool scripted;

	for (const struct refused_type *t = refused_types; t->extension; t++)
		if (strcasecmp(ext, t->extension) == 0)
			return t->why;
	if (strcasecmp(ext, "svg") != 0 || file_read(path, &text) != 0)
		return NULL;
	scripted = svg_has_script(buf_str(&text));
	buf_release(&text);
	return scripted ? "an SVG that holds script is not published: it would "
			  "run when a reader opens the image; export it "
			  "without <script> elements, on... handlers, "
			  "javascript links or embedded HTML"
			: NULL;
}
