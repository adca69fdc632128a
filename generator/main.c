/*
 * main: the command line.  Parses arguments, runs one command, prints the
 * diagnostics it collected and maps the outcome to an exit status:
 * 0 success, 1 content errors, 2 usage error, 3 I/O or internal error.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "build.h"
#include "diag.h"
#include "cmd_new.h"
#include "cmd_render.h"
#include "cmd_serve.h"
#include "config.h"

enum exit_status { EXIT_OK = 0, EXIT_CONTENT = 1, EXIT_USAGE = 2, EXIT_IO = 3 };

/* More than any command takes, so that a command can say what is wrong
 * with its arguments (a path split at its spaces) instead of the parser
 * saying "unexpected". */
#define MAX_POSITIONAL 8

static const char usage_text[] =
	"usage: prepbook build  [-C DIR] [-o DIR] [--drafts] [-j N] "
	"[--base-url URL] [--format text|github] [--strict]\n"
	"       prepbook check  [-C DIR] [--drafts] [--format text|github] "
	"[--strict]\n"
	"       prepbook serve  [-C DIR] [-o DIR] [--host ADDRESS] [--port N] "
	"[--open] [--drafts]\n"
	"       prepbook new    content/PART/PAGE.md --title TITLE [-C DIR]\n"
	"       prepbook render TEMPLATE.mustache [DATA.yml] [--partials DIR]\n"
	"       prepbook --help | --version\n";

static const char help_text[] =
	"\n"
	"Prepbook turns a handbook written in Markdown (content/) into a\n"
	"static site (site/), themed by Mustache templates (themes/) and\n"
	"extended by sandboxed Lua plugins (plugins/).\n"
	"\n"
	"commands:\n"
	"  build   build the handbook into site/, replacing it only when the\n"
	"          whole build succeeded\n"
	"  check   validate everything a build would, writing nothing\n"
	"  serve   build, serve the site on this machine, and build again\n"
	"          on every change to the handbook; the open page reloads\n"
	"          when it changed, and build errors show over it\n"
	"  new     start a page: a draft placed after its siblings; never\n"
	"          overwrites\n"
	"  render  render one template against YAML data and print it (for\n"
	"          theme authors); partials come from --partials DIR, or\n"
	"          the template's folder and a sibling partials/ folder\n"
	"\n"
	"options:\n"
	"  -C DIR            the handbook folder (default: the current one)\n"
	"  -o DIR            output folder, relative to the handbook "
	"(default: site)\n"
	"  --drafts          include pages marked 'draft: true'\n"
	"  -j N              render with N threads (default: one per "
	"processor)\n"
	"  --base-url URL    the published address (overrides handbook.yml)\n"
	"  --format FORMAT   diagnostics as 'text' (file:line:col: ...) or\n"
	"                    'github' (workflow annotations on a pull "
	"request)\n"
	"  --strict          warnings are errors and fail the run (exit 1),\n"
	"                    for CI: unknown keys, raw HTML, images without\n"
	"                    alt text, misspelt plugin names, ...\n"
	"  --host ADDRESS    serve on this address (default: 127.0.0.1);\n"
	"                    anything but a loopback address is reachable\n"
	"                    from other machines, with a warning\n"
	"  --port N          serve on this port (default: 8000; 0 picks a\n"
	"                    free one)\n"
	"  --open            open the site in the desktop's browser\n"
	"  --title TITLE     the new page's title\n"
	"\n"
	"exit status: 0 success, 1 content errors, 2 usage error, 3 I/O error\n"
	"See prepbook(1) for the whole reference.\n";

struct args {
	const char *command;
	const char *dir;
	const char *out;
	const char *base_url;
	const char *title;
	const char *partials;
	const char *host;
	const char *positional[MAX_POSITIONAL];
	int npositional;
	int jobs;
	int port;
	bool drafts;
	bool strict;
	bool open;
	enum diag_format format;
};

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "prepbook: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n%s", usage_text);
	va_end(ap);
	return EXIT_USAGE;
}

/* An option's value: the next argument.  NULL when it is missing. */
static const char *option_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* The value of the number option at argv[*i], from min to max, into
 * *out; returns 0, or the exit status of a usage error. */
static int number_option(int argc, char **argv, int *i, long min, long max,
			 int *out)
{
	const char *opt = argv[*i];
	const char *s = option_value(argc, argv, i);
	char *end;
	long n = s ? strtol(s, &end, 10) : min - 1;

	if (s == NULL || *s == '\0' || *end != '\0' || n < min || n > max)
		return usage_error("%s wants a number from %ld to %ld", opt,
				   min, max);
	*out = (int)n;
	return 0;
}

static int parse_format(const char *s, enum diag_format *format)
{
	if (s && strcmp(s, "text") == 0)
		*format = DIAG_FORMAT_TEXT;
	else if (s && strcmp(s, "github") == 0)
		*format = DIAG_FORMAT_GITHUB;
	else
		return -1;
	return 0;
}

/* Parses one option at argv[*i]; returns 0, or an exit status. */
static int parse_option(int argc, char **argv, int *i, struct args *a)
{
	const char *opt = argv[*i];
	const char **target = NULL;

	if (strcmp(opt, "-C") == 0)
		target = &a->dir;
	else if (strcmp(opt, "-o") == 0)
		target = &a->out;
	else if (strcmp(opt, "--base-url") == 0)
		target = &a->base_url;
	else if (strcmp(opt, "--title") == 0)
		target = &a->title;
	else if (strcmp(opt, "--partials") == 0)
		target = &a->partials;
	else if (strcmp(opt, "--host") == 0)
		target = &a->host;
	else if (strcmp(opt, "--open") == 0) {
		a->open = true;
		return 0;
	} else if (strcmp(opt, "--port") == 0) {
		return number_option(argc, argv, i, 0, 65535, &a->port);
	} else if (strcmp(opt, "--drafts") == 0) {
		a->drafts = true;
		return 0;
	} else if (strcmp(opt, "--strict") == 0) {
		a->strict = true;
		return 0;
	} else if (strcmp(opt, "-j") == 0) {
		return number_option(argc, argv, i, 1, 256, &a->jobs);
	} else if (strcmp(opt, "--format") == 0) {
		if (parse_format(option_value(argc, argv, i), &a->format) != 0)
			return usage_error("%s wants 'text' or 'github'", opt);
		return 0;
	} else {
		return usage_error("unknown option '%s'", opt);
	}
	*target = option_value(argc, argv, i);
	return *target ? 0 : usage_error("%s wants a value", opt);
}

static int parse_args(int argc, char **argv, struct args *a)
{
	memset(a, 0, sizeof *a);
	a->dir = ".";
	a->host = "127.0.0.1";
	a->port = 8000;
	a->command = argv[1];
	for (int i = 2; i < argc; i++) {
		int status;

		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			status = parse_option(argc, argv, &i, a);
			if (status != 0)
				return status;
		} else if (a->npositional < MAX_POSITIONAL) {
			a->positional[a->npositional++] = argv[i];
		} else {
			return usage_error("unexpected argument '%s'", argv[i]);
		}
	}
	return 0;
}

/* Long builds show progress on a terminal and stay quiet elsewhere. */
static void show_progress(size_t done, size_t total, void *data)
{
	(void)data;
	fprintf(stderr, "\rprepbook: rendered %zu/%zu pages", done, total);
	if (done == total)
		fprintf(stderr, "\r\033[K");
}

static bool is_folder(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Says what is wrong with the arguments of a command that works on a
 * handbook folder and takes no others; 0 when nothing is. */
static int check_handbook_args(const struct args *a)
{
	if (a->npositional > 0)
		return usage_error("unexpected argument '%s'",
				   a->positional[0]);
	if (!is_folder(a->dir))
		return usage_error("-C: no such folder '%s'", a->dir);
	if (a->base_url && config_base_url_problem(a->base_url))
		return usage_error("--base-url wants an absolute http(s) "
				   "address such as https://example.org/"
				   "handbook, got '%s' (%s)",
				   a->base_url,
				   config_base_url_problem(a->base_url));
	return 0;
}

static int run_build(const struct args *a, bool write)
{
	struct build_options o = {a->dir, a->out,  a->base_url, a->drafts,
				  write,  a->jobs, NULL,	NULL};
	enum build_result result;
	struct diag *d;
	int status = check_handbook_args(a);

	if (status != 0)
		return status;
	d = diag_new();
	if (a->strict)
		diag_set_strict(d);
	if (isatty(STDERR_FILENO) && getenv("CI") == NULL)
		o.progress = show_progress;
	result = build_run(&o, d);
	diag_print(d, stderr, a->format);
	diag_free(d);
	switch (result) {
	case BUILD_OK:
		return EXIT_OK;
	case BUILD_CONTENT_ERRORS:
		return EXIT_CONTENT;
	case BUILD_IO_ERROR:
		return EXIT_IO;
	}
	return EXIT_IO;
}

static int run_render(const struct args *a)
{
	struct diag *d = diag_new();
	struct buf out = BUF_INIT;
	int status;

	if (a->npositional < 1 || a->npositional > 2) {
		diag_free(d);
		buf_release(&out);
		if (a->npositional > 2)
			return usage_error("unexpected argument '%s'",
					   a->positional[2]);
		return usage_error("render wants a template file");
	}
	status = cmd_render(a->positional[0], a->positional[1], a->partials,
			    &out, d);
	diag_print(d, stderr, a->format);
	if (status == 0)
		fwrite(buf_str(&out), 1, out.len, stdout);
	buf_release(&out);
	diag_free(d);
	return status == 0 ? EXIT_OK : status == -2 ? EXIT_IO : EXIT_CONTENT;
}

/* Says which of new's arguments is wrong; 0 when none is. */
static int check_new_args(const struct args *a)
{
	struct buf joined = BUF_INIT;
	int status;

	if (a->npositional == 0)
		return usage_error("new wants a page path: prepbook new "
				   "content/<part>/<page>.md --title \"...\"");
	if (a->npositional == 1)
		return a->title ? 0
				: usage_error("new wants the page's title: "
					      "--title \"...\" after '%s'",
					      a->positional[0]);
	/* A path with spaces, unquoted, arrives in pieces. */
	for (int i = 0; i < a->npositional; i++)
		buf_printf(&joined, "%s%s", i ? "-" : "", a->positional[i]);
	status = usage_error("new takes one page path, and a page's name "
			     "cannot hold spaces: did you mean '%s'?",
			     buf_str(&joined));
	buf_release(&joined);
	return status;
}

static int run_new(const struct args *a)
{
	struct diag *d;
	int status = check_new_args(a);

	if (status != 0)
		return status;
	d = diag_new();
	status = cmd_new(a->dir, a->positional[0], a->title, d);
	diag_print(d, stderr, a->format);
	diag_free(d);
	if (status == 0)
		printf("created %s, a draft after its siblings: remove its "
		       "'draft: true' line to publish it\n",
		       a->positional[0]);
	switch (status) {
	case 0:
		return EXIT_OK;
	case -1:
		return EXIT_CONTENT;
	case -2:
		return EXIT_USAGE;
	}
	return EXIT_IO;
}

/* What the server says as it runs: diagnostics through diag.c, its own
 * lines here.  Flushed at once: stdout may be a pipe to a test or a
 * log, and the URL is how they learn that the site is up. */
static void serve_report(const struct serve_event *e, void *data)
{
	(void)data;
	if (e->diag)
		diag_print(e->diag, stderr, DIAG_FORMAT_TEXT);
	switch (e->kind) {
	case SERVE_LISTENING:
		printf("prepbook: serving %s (Ctrl-C stops)\n", e->url);
		break;
	case SERVE_BUILT:
		if (e->result == BUILD_CONTENT_ERRORS)
			printf("prepbook: the build failed; the site stays as "
			       "the last good build left it\n");
		else if (e->result == BUILD_IO_ERROR)
			printf("prepbook: the build could not write the "
			       "site\n");
		else if (e->cause)
			printf("prepbook: %s changed: rebuilt in %ld ms, "
			       "%zu site files changed\n",
			       e->cause, e->ms, e->changed);
		else
			printf("prepbook: built in %ld ms\n", e->ms);
		break;
	case SERVE_STOPPED:
		printf("prepbook: stopped\n");
		break;
	}
	fflush(stdout);
}

static int run_serve(const struct args *a)
{
	struct serve_options o = {
		.root = a->dir,
		.out = a->out,
		.host = a->host,
		.port = a->port,
		.jobs = a->jobs,
		.drafts = a->drafts,
		.open = a->open,
		.report = serve_report,
	};
	struct diag *d;
	int status = check_handbook_args(a);

	if (status != 0)
		return status;
	d = diag_new();
	status = cmd_serve(&o, d);
	diag_print(d, stderr, DIAG_FORMAT_TEXT);
	diag_free(d);
	return status == 0 ? EXIT_OK : status == -2 ? EXIT_USAGE : EXIT_IO;
}

int main(int argc, char **argv)
{
	struct args a;
	int status;

	if (argc < 2)
		return usage_error("no command given%s", "");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		printf("%s%s", usage_text, help_text);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("prepbook %s\n", PREPBOOK_VERSION);
		return EXIT_OK;
	}
	status = parse_args(argc, argv, &a);
	if (status != 0)
		return status;
	if (strcmp(a.command, "build") == 0)
		return run_build(&a, true);
	if (strcmp(a.command, "check") == 0)
		return run_build(&a, false);
	if (strcmp(a.command, "serve") == 0)
		return run_serve(&a);
	if (strcmp(a.command, "render") == 0)
		return run_render(&a);
	if (strcmp(a.command, "new") == 0)
		return run_new(&a);
	return usage_error("unknown command '%s'", a.command);
}
