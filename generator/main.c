/*
 * main: the command line.  Parses arguments, runs one command, prints the
 * diagnostics it collected and maps the outcome to an exit status:
 * 0 success, 1 content errors, 2 usage error, 3 I/O or internal error.
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
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

/* The number value of option opt, from min to max, into *out; returns 0,
 * or the exit status of a usage error. */
static int number_option(const char *opt, const char *s, long min, long max,
			 int *out)
{
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

/* The long options, in getopt_long's table; the short ones are -C, -o and
 * -j.  Every command takes the same set, and then says which of them it
 * does not use. */
enum {
	OPT_BASE_URL = 256,
	OPT_TITLE,
	OPT_PARTIALS,
	OPT_HOST,
	OPT_OPEN,
	OPT_PORT,
	OPT_DRAFTS,
	OPT_STRICT,
	OPT_FORMAT,
};

static const struct option long_options[] = {
	{"base-url", required_argument, NULL, OPT_BASE_URL},
	{"title", required_argument, NULL, OPT_TITLE},
	{"partials", required_argument, NULL, OPT_PARTIALS},
	{"host", required_argument, NULL, OPT_HOST},
	{"open", no_argument, NULL, OPT_OPEN},
	{"port", required_argument, NULL, OPT_PORT},
	{"drafts", no_argument, NULL, OPT_DRAFTS},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"format", required_argument, NULL, OPT_FORMAT},
	{NULL, 0, NULL, 0},
};

/* An option's name for messages ("-j", "--port"), in out. */
static const char *option_name(int c, int index, char *out, size_t size)
{
	if (c >= OPT_BASE_URL)
		snprintf(out, size, "--%s", long_options[index].name);
	else
		snprintf(out, size, "-%c", c);
	return out;
}

/* Applies one option getopt_long found; returns 0, or an exit status. */
static int apply_option(int c, const char *value, const char *name,
			struct args *a)
{
	switch (c) {
	case 'C':
		a->dir = value;
		break;
	case 'o':
		a->out = value;
		break;
	case 'j':
		return number_option(name, value, 1, 256, &a->jobs);
	case OPT_BASE_URL:
		a->base_url = value;
		break;
	case OPT_TITLE:
		a->title = value;
		break;
	case OPT_PARTIALS:
		a->partials = value;
		break;
	case OPT_HOST:
		a->host = value;
		break;
	case OPT_OPEN:
		a->open = true;
		break;
	case OPT_PORT:
		return number_option(name, value, 0, 65535, &a->port);
	case OPT_DRAFTS:
		a->drafts = true;
		break;
	case OPT_STRICT:
		a->strict = true;
		break;
	case OPT_FORMAT:
		if (parse_format(value, &a->format) != 0)
			return usage_error("%s wants 'text' or 'github'", name);
		break;
	default:
		return usage_error("unknown option '%s'", name);
	}
	return 0;
}

/* The command's arguments, after its name, through getopt_long: "-j4"
 * and "-j 4", "--base-url=URL" and "--base-url URL" all work, and options
 * may follow the positional arguments. */
static int parse_args(int argc, char **argv, struct args *a)
{
	int c, index = 0;
	char name[40];

	memset(a, 0, sizeof *a);
	a->dir = ".";
	a->host = "127.0.0.1";
	a->port = 8000;
	a->command = argv[1];
	opterr = 0; /* the messages below say it this program's way */
	optind = 1;
	while ((c = getopt_long(argc - 1, argv + 1, ":C:o:j:", long_options,
				&index)) != -1) {
		int status;

		/* optind has moved past the option getopt_long refused. */
		if (c == '?' && optopt > 0 && optopt < OPT_BASE_URL)
			return usage_error("unknown option '-%c'", optopt);
		if (c == '?')
			return usage_error("unknown option '%s'", argv[optind]);
		if (c == ':')
			return usage_error("%s wants a value", argv[optind]);
		status = apply_option(
			c, optarg, option_name(c, index, name, sizeof name), a);
		if (status != 0)
			return status;
	}
	for (int i = optind + 1; i < argc; i++) {
		if (a->npositional >= MAX_POSITIONAL)
			return usage_error("unexpected argument '%s'", argv[i]);
		a->positional[a->npositional++] = argv[i];
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

/* What `prepbook build` leaves to the operating system at exit
 * (build_options.retained): held here, it stays reachable for leak
 * checkers. */
static void *retained;

static int run_build(const struct args *a, bool write)
{
	struct build_options o = {
		.root = a->dir,
		.out = a->out,
		.base_url = a->base_url,
		.drafts = a->drafts,
		.write = write,
		.jobs = a->jobs,
	};
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
	/* Every thread allocates and frees a page's worth of buffers per
	 * page (the file, the YAML parser's, the HTML): by default the
	 * allocator hands that memory back to the kernel each time, and
	 * the next page faults it in again, a fifth of a rebuild with
	 * nothing to do.  (Only here: `serve` lives on between builds.) */
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_TOP_PAD, 64 << 20);
	o.retained = &retained;
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
