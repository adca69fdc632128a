/*
 * serve_files: which file of the site a request names, and what it is
 * served as.  The dev server answers strangers' requests too (a browser
 * tab opened on a hostile page can aim requests at 127.0.0.1), so the
 * rules that keep a request inside the site folder live here, in one
 * place, apart from HTTP.
 */
#ifndef PREPBOOK_SERVE_FILES_H
#define PREPBOOK_SERVE_FILES_H

#include <stdbool.h>

enum serve_files_kind {
	SERVE_FILES_FOUND,    /* path holds the file to send */
	SERVE_FILES_FOLDER,   /* a folder named without its final '/':
				 path holds the request path to redirect to */
	SERVE_FILES_NOT_FOUND /* missing, or refused: the same answer */
};

struct serve_files_result {
	enum serve_files_kind kind;
	char *path; /* owned; NULL when not found */
};

/*
 * Resolves raw, the path of a request as it arrived (still
 * percent-encoded, without the query), against the folder site.  `/` and
 * folders give their index.html.  Refused, as not found: a path not
 * starting with '/', a bad or encoded '/', '\' or NUL (%2f, %5c, %00), a
 * '.' or '..' segment in any spelling, the build's own hidden files
 * (.prepbook-*), and anything that resolves outside site (a symbolic link
 * pointing out of it).  Free result.path.
 */
struct serve_files_result serve_files_resolve(const char *site,
					      const char *raw);

/* The Content-Type for a file by its extension; application/octet-stream
 * for one we do not know. */
const char *serve_files_type(const char *path);

/* Whether a file is an HTML page (it gets the reload script). */
bool serve_files_is_html(const char *path);

#endif
