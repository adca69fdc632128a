/*
 * highlight: syntax highlighting of code blocks at build time.  See
 * highlight.h.
 *
 * Why not a library: Debian's candidates were checked first.
 * libsource-highlight-dev is C++ with Boost.Regex (a backtracking engine,
 * so no linear-time promise, and C++ in a C11 build); `highlight` is a
 * program with no C library in Debian (its Lua language files need its
 * own C++ core); libtree-sitter-dev is the C runtime alone, with no
 * grammar for any of these languages packaged and its highlighter in
 * Rust.  The languages of a handbook need far less than a parser: the
 * tables below and one forward-only scanner.
 *
 * The scanner takes, at each position, the first of: a comment, a
 * string, a YAML key, a number, a word (keyword, builtin or plain), a
 * shell variable, a run of operator characters; any other byte is text.
 * Each step moves forward by at least one byte and nothing is scanned
 * twice, except a YAML line's key, looked for once per line.
 */
#include "highlight.h"

#include <string.h>
#include <strings.h>

#include "escape.h"

enum {
	NOCASE = 1 << 0,	/* keywords in any case (SQL) */
	TRIPLE = 1 << 1,	/* """ and ''' strings */
	LINE_STRINGS = 1 << 2,	/* a single-quoted string ends at a newline */
	HASH_AT_WORD = 1 << 3,	/* '#' starts a comment only after a space */
	SHELL_VARS = 1 << 4,	/* $name, ${name}, $1 */
	YAML_KEYS = 1 << 5,	/* "key:" at a line's start */
	DASH_IN_WORDS = 1 << 6, /* apt-get is one word */
};

struct lang {
	const char *const *names;
	const char *const *keywords;
	const char *const *builtins;
	const char *line_comment; /* NULL: none */
	const char *block_open, *block_close;
	const char *quotes;	/* characters that open a string */
	const char *raw_quotes; /* those in which '\\' escapes nothing */
	const char *operators;
	unsigned flags;
};

static const char *const sql_names[] = {"sql", "SQL", NULL};
static const char *const sql_keywords[] = {
	"select",   "from",	  "where",  "group",   "by",	 "order",
	"having",   "join",	  "inner",  "left",    "right",	 "full",
	"outer",    "cross",	  "on",	    "as",      "and",	 "or",
	"not",	    "null",	  "is",	    "in",      "exists", "between",
	"like",	    "insert",	  "into",   "values",  "update", "set",
	"delete",   "create",	  "table",  "view",    "index",	 "drop",
	"alter",    "add",	  "column", "primary", "key",	 "foreign",
	"distinct", "union",	  "all",    "case",    "when",	 "then",
	"else",	    "end",	  "with",   "limit",   "offset", "desc",
	"asc",	    "merge",	  "using",  "matched", "over",	 "partition",
	"window",   "qualify",	  "true",   "false",   "cast",	 "interval",
	"if",	    "replace",	  "grant",  "revoke",  "schema", "database",
	"returns",  "references", NULL};
static const char *const sql_builtins[] = {
	"count",    "sum",	  "avg",	  "min",       "max",
	"coalesce", "nullif",	  "date",	  "timestamp", "int",
	"integer",  "bigint",	  "varchar",	  "string",    "decimal",
	"double",   "float",	  "boolean",	  "array",     "map",
	"struct",   "row_number", "rank",	  "lag",       "lead",
	"round",    "date_trunc", "current_date", "explode",   NULL};

static const char *const python_names[] = {"python", "py", "python3", NULL};
static const char *const python_keywords[] = {
	"False",  "None",     "True",  "and",	 "as",	     "assert",
	"async",  "await",    "break", "class",	 "continue", "def",
	"del",	  "elif",     "else",  "except", "finally",  "for",
	"from",	  "global",   "if",    "import", "in",	     "is",
	"lambda", "nonlocal", "not",   "or",	 "pass",     "raise",
	"return", "try",      "while", "with",	 "yield",    "match",
	"case",	  NULL};
static const char *const python_builtins[] = {
	"print", "len",	      "range",	    "int",   "str",	   "float",
	"list",	 "dict",      "set",	    "tuple", "bool",	   "open",
	"sum",	 "min",	      "max",	    "abs",   "enumerate",  "zip",
	"map",	 "filter",    "sorted",	    "round", "isinstance", "self",
	"super", "Exception", "ValueError", NULL};

static const char *const scala_names[] = {"scala", NULL};
static const char *const scala_keywords[] = {
	"abstract", "case",	"catch",    "class",   "def",	  "do",
	"else",	    "extends",	"false",    "final",   "finally", "for",
	"if",	    "implicit", "import",   "lazy",    "match",	  "new",
	"null",	    "object",	"override", "package", "private", "protected",
	"return",   "sealed",	"super",    "this",    "throw",	  "trait",
	"try",	    "true",	"type",	    "val",     "var",	  "while",
	"with",	    "yield",	"given",    "using",   "enum",	  "then",
	NULL};
static const char *const scala_builtins[] = {
	"Int",	  "Long",    "Double",	  "Float",   "Boolean",	     "String",
	"Unit",	  "Any",     "Nothing",	  "Option",  "Some",	     "None",
	"List",	  "Seq",     "Map",	  "Set",     "Array",	     "Vector",
	"Future", "println", "DataFrame", "Dataset", "SparkSession", NULL};

static const char *const shell_names[] = {
	"sh", "bash", "shell", "zsh", "console", "shell-session", NULL};
static const char *const shell_keywords[] = {
	"if",	  "then", "else",  "elif",     "fi",	 "for", "while",
	"until",  "do",	  "done",  "case",     "esac",	 "in",	"function",
	"return", "exit", "break", "continue", "select", NULL};
static const char *const shell_builtins[] = {
	"echo",	  "cd",	    "export", "set",	 "unset", "local", "read",
	"printf", "source", "alias",  "test",	 "true",  "false", "cat",
	"grep",	  "sed",    "awk",    "pwd",	 "ls",	  "mkdir", "rm",
	"cp",	  "mv",	    "make",   "sudo",	 "git",	  "curl",  "pip",
	"python", "npm",    "node",   "apt-get", NULL};

static const char *const yaml_names[] = {"yaml", "yml", NULL};
static const char *const yaml_builtins[] = {"true",  "false", "null", "yes",
					    "no",    "on",    "off",  "True",
					    "False", "Null",  "NULL", NULL};

static const char *const json_names[] = {"json", NULL};
static const char *const json_keywords[] = {"true", "false", "null", NULL};

static const char *const none[] = {NULL};

static const struct lang langs[] = {
	{sql_names, sql_keywords, sql_builtins, "--", "/*", "*/", "'\"`",
	 "'\"`", "=<>!+-*/%|", NOCASE},
	{python_names, python_keywords, python_builtins, "#", NULL, NULL, "'\"",
	 "", "=<>!+-*/%&|^~@", TRIPLE | LINE_STRINGS},
	{scala_names, scala_keywords, scala_builtins, "//", "/*", "*/", "\"",
	 "", "=<>!+-*/%&|^~:", TRIPLE | LINE_STRINGS},
	{shell_names, shell_keywords, shell_builtins, "#", NULL, NULL, "'\"",
	 "'", "|&;<>=", HASH_AT_WORD | SHELL_VARS | DASH_IN_WORDS},
	{yaml_names, none, yaml_builtins, "#", NULL, NULL, "'\"", "'", "|>",
	 HASH_AT_WORD | YAML_KEYS},
	{json_names, json_keywords, none, NULL, NULL, NULL, "\"", "", ":",
	 LINE_STRINGS},
};

/* The scanner: the block, where it is, and where the text not yet
 * written starts (plain bytes are written in one run). */
struct scan {
	const struct lang *l;
	const char *s;
	size_t len, i, plain;
	struct buf *out;
};

static bool is_word_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word_char(const struct scan *sc, char c)
{
	return is_word_start(c) || is_digit(c) ||
	       (c == '-' && (sc->l->flags & DASH_IN_WORDS));
}

static bool starts_with(const struct scan *sc, size_t at, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && sc->len - at >= n && memcmp(sc->s + at, s, n) == 0;
}

/* Where the next n-byte string s starts at or after from; len if none. */
static size_t find(const struct scan *sc, size_t from, const char *s)
{
	size_t n = strlen(s);

	for (size_t at = from; at + n <= sc->len; at++)
		if (memcmp(sc->s + at, s, n) == 0)
			return at;
	return sc->len;
}

static void flush_plain(struct scan *sc)
{
	if (sc->plain < sc->i)
		escape_html_n(sc->out, sc->s + sc->plain, sc->i - sc->plain);
	sc->plain = sc->i;
}

/* Writes the bytes from sc->i to end as one token of class cls. */
static void emit(struct scan *sc, const char *cls, size_t end)
{
	flush_plain(sc);
	buf_printf(sc->out, "<span class=\"tok-%s\">", cls);
	escape_html_n(sc->out, sc->s + sc->i, end - sc->i);
	buf_puts(sc->out, "</span>");
	sc->i = sc->plain = end;
}

static size_t comment_end(const struct scan *sc)
{
	const struct lang *l = sc->l;
	size_t i = sc->i;

	if (starts_with(sc, i, l->block_open)) {
		size_t close =
			find(sc, i + strlen(l->block_open), l->block_close);

		return close == sc->len ? close
					: close + strlen(l->block_close);
	}
	if (!starts_with(sc, i, l->line_comment))
		return i;
	if ((l->flags & HASH_AT_WORD) && i > 0 &&
	    !strchr(" \t\n;", sc->s[i - 1]))
		return i;
	return find(sc, i, "\n");
}

/* The end of a string opened at sc->i by quote q (three of them when
 * triple): after the closing quote, or at the block's end. */
static size_t string_end(const struct scan *sc, char q, bool triple)
{
	const struct lang *l = sc->l;
	bool escapes = strchr(l->raw_quotes, q) == NULL;
	bool to_line_end = (l->flags & LINE_STRINGS) && !triple;
	size_t i = sc->i + (triple ? 3 : 1);

	while (i < sc->len) {
		char c = sc->s[i];

		if (escapes && c == '\\' && i + 1 < sc->len) {
			i += 2;
			continue;
		}
		if (c == '\n' && to_line_end)
			return i;
		if (c == q &&
		    (!triple || (i + 2 < sc->len && sc->s[i + 1] == q &&
				 sc->s[i + 2] == q)))
			return i + (triple ? 3 : 1);
		i++;
	}
	return sc->len;
}

static bool try_string(struct scan *sc)
{
	char q = sc->s[sc->i];
	bool triple;

	if (q == '\0' || !strchr(sc->l->quotes, q))
		return false;
	triple = (sc->l->flags & TRIPLE) && sc->len - sc->i >= 3 &&
		 sc->s[sc->i + 1] == q && sc->s[sc->i + 2] == q;
	emit(sc, "s", string_end(sc, q, triple));
	return true;
}

static size_t number_end(const struct scan *sc)
{
	size_t i = sc->i;

	if (!is_digit(sc->s[i]))
		return i;
	while (i < sc->len) {
		char c = sc->s[i];

		if ((c == '+' || c == '-') &&
		    (sc->s[i - 1] == 'e' || sc->s[i - 1] == 'E'))
			i++;
		else if (is_word_start(c) || is_digit(c) || c == '.')
			i++;
		else
			break;
	}
	return i;
}

static bool in_list(const char *const *list, const char *w, size_t n,
		    bool nocase)
{
	for (; *list; list++)
		if (strlen(*list) == n && (nocase ? strncasecmp(*list, w, n)
						  : strncmp(*list, w, n)) == 0)
			return true;
	return false;
}

static bool try_word(struct scan *sc)
{
	const struct lang *l = sc->l;
	const char *w = sc->s + sc->i;
	size_t end = sc->i + 1;
	bool nocase = (l->flags & NOCASE) != 0;

	if (!is_word_start(*w))
		return false;
	while (end < sc->len && is_word_char(sc, sc->s[end]))
		end++;
	if (in_list(l->keywords, w, end - sc->i, nocase))
		emit(sc, "k", end);
	else if (in_list(l->builtins, w, end - sc->i, nocase))
		emit(sc, "b", end);
	else
		sc->i = end; /* plain text, written with the run */
	return true;
}

/* $name, ${...} (to the brace or the line's end), $1, $?, $@ ... */
static size_t variable_end(const struct scan *sc)
{
	size_t i = sc->i + 1;

	if (!(sc->l->flags & SHELL_VARS) || sc->s[sc->i] != '$' || i >= sc->len)
		return sc->i;
	if (sc->s[i] == '{') {
		while (i < sc->len && sc->s[i] != '}' && sc->s[i] != '\n')
			i++;
		return i < sc->len && sc->s[i] == '}' ? i + 1 : i;
	}
	if (strchr("@*#?$!", sc->s[i]) || is_digit(sc->s[i]))
		return i + 1;
	while (i < sc->len && (is_word_start(sc->s[i]) || is_digit(sc->s[i])))
		i++;
	return i > sc->i + 1 ? i : sc->i;
}

static size_t operator_end(const struct scan *sc)
{
	size_t i = sc->i;

	while (i < sc->len && strchr(sc->l->operators, sc->s[i]) &&
	       sc->s[i] != '\0')
		i++;
	return i;
}

/* At a YAML line's start: the indentation, any "- " list markers, and
 * "key:" when the line has one (a colon before any quote or comment,
 * followed by a space or the line's end). */
static void yaml_line_start(struct scan *sc)
{
	size_t k;

	while (sc->i < sc->len && sc->s[sc->i] == ' ')
		sc->i++;
	while (sc->i + 1 < sc->len && sc->s[sc->i] == '-' &&
	       sc->s[sc->i + 1] == ' ') {
		emit(sc, "o", sc->i + 1);
		while (sc->i < sc->len && sc->s[sc->i] == ' ')
			sc->i++;
	}
	for (k = sc->i; k < sc->len && !strchr("\n#'\"", sc->s[k]); k++)
		if (sc->s[k] == ':' &&
		    (k + 1 == sc->len || strchr(" \n", sc->s[k + 1])))
			break;
	if (k > sc->i && k < sc->len && sc->s[k] == ':') {
		emit(sc, "k", k);
		emit(sc, "o", k + 1);
	}
}

/* One step of the scanner: at least one byte consumed. */
static void step(struct scan *sc)
{
	size_t end;

	if ((sc->l->flags & YAML_KEYS) &&
	    (sc->i == 0 || sc->s[sc->i - 1] == '\n')) {
		size_t at = sc->i;

		yaml_line_start(sc);
		if (sc->i > at)
			return;
	}
	if ((end = comment_end(sc)) > sc->i)
		emit(sc, "c", end);
	else if (try_string(sc) || try_word(sc))
		return;
	else if ((end = number_end(sc)) > sc->i)
		emit(sc, "n", end);
	else if ((end = variable_end(sc)) > sc->i)
		emit(sc, "b", end);
	else if ((end = operator_end(sc)) > sc->i)
		emit(sc, "o", end);
	else
		sc->i++;
}

static const struct lang *find_lang(const char *name)
{
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++)
		for (const char *const *n = langs[i].names; *n; n++)
			if (strcmp(*n, name) == 0)
				return &langs[i];
	return NULL;
}

bool highlight_code(struct buf *out, const char *lang, const char *code,
		    size_t len)
{
	struct scan sc = {find_lang(lang), code, len, 0, 0, out};

	if (sc.l == NULL)
		return false;
	while (sc.i < sc.len)
		step(&sc);
	flush_plain(&sc);
	return true;
}
