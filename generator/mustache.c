/*
 * mustache: the template engine.  See mustache.h for the contract.
 *
 * Compiling runs three passes over a template's source.  The scanner cuts
 * it into tokens (text up to and including each newline, and tags),
 * applying delimiter changes as it meets them.  Matching pairs every
 * section, parent and block with its close tag.  Building walks the tokens
 * a line at a time, drops the lines that hold nothing but a standalone tag,
 * and grows the tree.  Rendering then walks the tree and nothing else.
 *
 * Indentation is explicit in the tree.  Every source line that survives
 * begins with a LINE node holding the line's own leading whitespace.  A
 * standalone partial, parent or block appends its indentation to the
 * renderer's active indent, and each LINE node prints the active indent
 * first.  That is the spec's "prepend the indentation to each line of the
 * partial" without copying or re-parsing any text.
 *
 * Invariants: a template owns its source and every node of its tree; text
 * and whitespace in nodes point into that source.  After compiling, trees
 * are never written again.
 */
#include "mustache.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "suggest.h"
#include "file.h"
#include "mem.h"

/* Sections, partials and blocks open at once while rendering, at most.
 * MUSTACHE_MAX_NESTING (per template) times MUSTACHE_MAX_DEPTH (templates
 * inside templates) could reach 4096; this backstop, with its own error,
 * keeps the C stack small when both are used to the full. */
#define MAX_LEVELS 1024

#define NOT_FOUND SIZE_MAX

enum node_kind {
	NODE_TEXT,     /* bytes copied as they are */
	NODE_LINE,     /* a line starts: the active indent, then its own */
	NODE_VAR,      /* {{x}}, {{{x}}}, {{&x}} */
	NODE_SECTION,  /* {{#x}}...{{/x}} */
	NODE_INVERTED, /* {{^x}}...{{/x}} */
	NODE_PARTIAL,  /* {{>x}} */
	NODE_PARENT,   /* {{<x}}...{{/x}}: its children are blocks only */
	NODE_BLOCK     /* {{$x}}...{{/x}} */
};

/* A stretch of the template's own source. */
struct span {
	const char *s;
	size_t len;
};

/* A name split for lookup: "a.b.c" is stored as "a\0b\0c\0", count 3;
 * the implicit iterator "." has count 0. */
struct path {
	char *segs;
	size_t count;
};

struct node {
	enum node_kind kind;
	int line;
	int col;
	struct span text;   /* TEXT: the bytes; LINE: the line's indentation */
	char *name;	    /* tags: the name as written */
	struct path path;   /* VAR, SECTION, INVERTED, dynamic PARTIAL/PARENT */
	bool escape;	    /* VAR: HTML-escape the value */
	bool dynamic;	    /* PARTIAL, PARENT: the data names the template */
	bool standalone;    /* PARTIAL, PARENT, BLOCK: its line was removed */
	bool dedent;	    /* BLOCK: its content starts at a line start */
	struct span indent; /* PARTIAL, PARENT: the line's indentation;
			       BLOCK: the indentation of its content */
	struct span eol;    /* BLOCK: line ending of a standalone pair */
	struct node *kids;
	size_t nkids;
	size_t cap;
};

struct template
{
	char *name;
	char *file;
	char *source;
	struct node root;
};

struct mustache_set {
	bool strict;
	struct template **items; /* sorted by name */
	size_t len;
	size_t cap;
};

/* ---- Templates and the set ------------------------------------------ */

static void node_release(struct node *n)
{
	for (size_t i = 0; i < n->nkids; i++)
		node_release(&n->kids[i]);
	free(n->kids);
	free(n->name);
	free(n->path.segs);
}

static void template_free(struct template *t)
{
	if (t == NULL)
		return;
	node_release(&t->root);
	free(t->name);
	free(t->file);
	free(t->source);
	free(t);
}

struct mustache_set *mustache_set_new(bool strict)
{
	struct mustache_set *set = mem_calloc(1, sizeof *set);

	set->strict = strict;
	return set;
}

void mustache_set_free(struct mustache_set *set)
{
	if (set == NULL)
		return;
	for (size_t i = 0; i < set->len; i++)
		template_free(set->items[i]);
	free(set->items);
	free(set);
}

/* The index of the first template whose name is not below name. */
static size_t lower_bound(const struct mustache_set *set, const char *name)
{
	size_t lo = 0, hi = set->len;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(set->items[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct template *find_template(const struct mustache_set *set,
					    const char *name)
{
	size_t i = lower_bound(set, name);

	if (i < set->len && strcmp(set->items[i]->name, name) == 0)
		return set->items[i];
	return NULL;
}

bool mustache_set_has(const struct mustache_set *set, const char *name)
{
	return find_template(set, name) != NULL;
}

/* ---- Scanning: source to tokens -------------------------------------- */

enum tok_kind {
	TOK_TEXT,
	TOK_VAR,
	TOK_RAW,
	TOK_SECTION,
	TOK_INVERTED,
	TOK_CLOSE,
	TOK_COMMENT,
	TOK_PARTIAL,
	TOK_PARENT,
	TOK_BLOCK,
	TOK_DELIM
};

struct token {
	enum tok_kind kind;
	size_t start; /* the whole token, delimiters included */
	size_t end;
	size_t name; /* the content, trimmed */
	size_t name_len;
	size_t path; /* the part looked up: name without a dynamic '*' */
	size_t path_len;
	bool dynamic;
	int line;
	int col;
	size_t match; /* opening and close tags: the index of the other */
};

struct compiler {
	const char *src;
	size_t len;
	const char *file;
	struct diag *d;
	struct token *toks;
	size_t ntoks;
	size_t cap;
	struct span open; /* the current delimiters */
	struct span close;
	size_t cur; /* where line and col were last computed */
	int line;
	int col;
};

static void compile_error(struct compiler *c, int line, int col,
			  const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void compile_error(struct compiler *c, int line, int col,
			  const char *fmt, ...)
{
	struct pos at = {c->file, line, col};
	va_list ap;

	va_start(ap, fmt);
	diag_add(c->d, DIAG_ERROR, at, fmt, ap);
	va_end(ap);
}

/* Moves the position cursor forward to offset to.  Columns count
 * characters, not bytes, as an editor shows them.  Tokens are located in
 * source order, so the cursor only ever moves forward. */
static void locate(struct compiler *c, size_t to)
{
	for (; c->cur < to; c->cur++) {
		unsigned char ch = (unsigned char)c->src[c->cur];

		if (ch == '\n') {
			c->line++;
			c->col = 1;
		} else if ((ch & 0xc0) != 0x80) {
			c->col++;
		}
	}
}

static struct token *push_token(struct compiler *c, enum tok_kind kind,
				size_t start, size_t end)
{
	struct token *t;

	c->toks = mem_grow(c->toks, &c->cap, c->ntoks + 1, sizeof *c->toks);
	t = &c->toks[c->ntoks++];
	*t = (struct token){.kind = kind, .start = start, .end = end};
	return t;
}

/* Text becomes one token per line, each ending with its newline, so the
 * builder can look at a line's tokens alone. */
static void add_text(struct compiler *c, size_t from, size_t to)
{
	while (from < to) {
		const char *nl = memchr(c->src + from, '\n', to - from);
		size_t end = nl ? (size_t)(nl - c->src) + 1 : to;
		struct token *t = push_token(c, TOK_TEXT, from, end);

		locate(c, from);
		t->line = c->line;
		t->col = c->col;
		from = end;
	}
}

static size_t find(const struct compiler *c, size_t from, struct span needle)
{
	while (from < c->len && c->len - from >= needle.len) {
		const char *hit = memchr(c->src + from, needle.s[0],
					 c->len - from - needle.len + 1);

		if (hit == NULL)
			return NOT_FOUND;
		if (memcmp(hit, needle.s, needle.len) == 0)
			return (size_t)(hit - c->src);
		from = (size_t)(hit - c->src) + 1;
	}
	return NOT_FOUND;
}

static bool is_blank(char ch)
{
	return ch == ' ' || ch == '\t';
}

static bool is_space(char ch)
{
	return is_blank(ch) || ch == '\n' || ch == '\r';
}

static enum tok_kind sigil_kind(char sigil)
{
	switch (sigil) {
	case '{':
	case '&':
		return TOK_RAW;
	case '#':
		return TOK_SECTION;
	case '^':
		return TOK_INVERTED;
	case '/':
		return TOK_CLOSE;
	case '!':
		return TOK_COMMENT;
	case '>':
		return TOK_PARTIAL;
	case '<':
		return TOK_PARENT;
	case '$':
		return TOK_BLOCK;
	case '=':
		return TOK_DELIM;
	default:
		return TOK_VAR;
	}
}

/* Finds the end of a tag whose content starts at body: *content_end is
 * where the content stops, *end just past the close delimiter.  A triple
 * mustache closes with '}' and the close delimiter. */
static bool find_close(const struct compiler *c, char sigil, size_t body,
		       size_t *content_end, size_t *end)
{
	size_t at = body;

	for (;;) {
		at = find(c, at, c->close);
		if (at == NOT_FOUND)
			return false;
		if (sigil != '{')
			break;
		if (at > body && c->src[at - 1] == '}') {
			*content_end = at - 1;
			*end = at + c->close.len;
			return true;
		}
		at++;
	}
	*content_end = at;
	*end = at + c->close.len;
	return true;
}

static void trim(const char *s, size_t *from, size_t *to)
{
	while (*from < *to && is_space(s[*from]))
		(*from)++;
	while (*to > *from && is_space(s[*to - 1]))
		(*to)--;
}

static bool bad_delimiters(struct compiler *c, const struct token *t,
			   const char *why)
{
	compile_error(c, t->line, t->col, "bad delimiter change '%.*s': %s",
		      (int)(t->end - t->start), c->src + t->start, why);
	return false;
}

/*
 * {{=<% %>=}}: the content between the '=' signs is two delimiters
 * separated by whitespace.  Neither may hold whitespace or '=', or the
 * next tags could not be told apart from the text around them.
 */
static bool set_delimiters(struct compiler *c, const struct token *t,
			   size_t body, size_t content_end)
{
	size_t from = body, to = content_end, open_end, close_at;

	if (to == from || c->src[to - 1] != '=')
		return bad_delimiters(c, t,
				      "missing '=' before the closing "
				      "delimiter");
	to--;
	trim(c->src, &from, &to);
	for (open_end = from; open_end < to && !is_space(c->src[open_end]);)
		open_end++;
	for (close_at = open_end; close_at < to && is_space(c->src[close_at]);)
		close_at++;
	if (open_end == from || close_at == to)
		return bad_delimiters(c, t,
				      "expected two delimiters separated "
				      "by a space");
	for (size_t i = close_at; i < to; i++)
		if (is_space(c->src[i]))
			return bad_delimiters(c, t,
					      "expected two delimiters "
					      "separated by a space");
	if (memchr(c->src + from, '=', to - from) != NULL)
		return bad_delimiters(c, t, "a delimiter cannot contain '='");
	c->open = (struct span){c->src + from, open_end - from};
	c->close = (struct span){c->src + close_at, to - close_at};
	return true;
}

/* "a.b.c" and "." are names; "a..b", ".a" and "a." are not. */
static bool dotted_ok(const char *s, size_t len)
{
	if (len == 1 && s[0] == '.')
		return true;
	if (s[0] == '.' || s[len - 1] == '.')
		return false;
	for (size_t i = 1; i < len; i++)
		if (s[i] == '.' && s[i - 1] == '.')
			return false;
	return true;
}

static bool check_name(struct compiler *c, struct token *t)
{
	const char *name = c->src + t->path;

	if (t->kind == TOK_COMMENT)
		return true;
	if (t->path_len == 0) {
		compile_error(c, t->line, t->col, "tag '%.*s' has no name",
			      (int)(t->end - t->start), c->src + t->start);
		return false;
	}
	for (size_t i = 0; i < t->path_len; i++) {
		if (!is_space(name[i]))
			continue;
		compile_error(c, t->line, t->col,
			      "tag name '%.*s' contains whitespace",
			      (int)t->name_len, c->src + t->name);
		return false;
	}
	if (t->kind == TOK_CLOSE || t->kind == TOK_BLOCK ||
	    ((t->kind == TOK_PARTIAL || t->kind == TOK_PARENT) && !t->dynamic))
		return true;
	if (!dotted_ok(name, t->path_len)) {
		compile_error(c, t->line, t->col,
			      "name '%.*s' has an empty part between dots",
			      (int)t->path_len, name);
		return false;
	}
	return true;
}

/* Records the tag's content and, for partials and parents, whether it
 * is a dynamic name: {{>*name}} takes the template's name from the data. */
static void set_names(struct compiler *c, struct token *t, size_t body,
		      size_t content_end)
{
	size_t from = body, to = content_end;

	trim(c->src, &from, &to);
	t->name = t->path = from;
	t->name_len = t->path_len = to - from;
	if ((t->kind != TOK_PARTIAL && t->kind != TOK_PARENT) ||
	    t->name_len == 0 || c->src[from] != '*')
		return;
	t->dynamic = true;
	for (from++; from < to && is_space(c->src[from]);)
		from++;
	t->path = from;
	t->path_len = to - from;
}

/* Scans the tag whose open delimiter starts at at; *next gets the offset
 * just past it. */
static bool scan_tag(struct compiler *c, size_t at, size_t *next)
{
	size_t body = at + c->open.len, content_end, end;
	char sigil = body < c->len ? c->src[body] : '\0';
	enum tok_kind kind = sigil_kind(sigil);
	struct token *t;

	locate(c, at);
	if (kind != TOK_VAR)
		body++;
	if (!find_close(c, sigil, body, &content_end, &end)) {
		compile_error(c, c->line, c->col,
			      "unclosed tag: no '%s%.*s' before the end of "
			      "the file",
			      sigil == '{' ? "}" : "", (int)c->close.len,
			      c->close.s);
		return false;
	}
	t = push_token(c, kind, at, end);
	t->line = c->line;
	t->col = c->col;
	*next = end;
	if (kind == TOK_DELIM)
		return set_delimiters(c, t, body, content_end);
	set_names(c, t, body, content_end);
	return check_name(c, t);
}

static bool scan(struct compiler *c)
{
	size_t pos = 0;

	while (pos < c->len) {
		size_t at = find(c, pos, c->open);

		if (at == NOT_FOUND) {
			add_text(c, pos, c->len);
			break;
		}
		add_text(c, pos, at);
		if (!scan_tag(c, at, &pos))
			return false;
	}
	return true;
}

/* ---- Matching open and close tags ------------------------------------ */

static bool opens(enum tok_kind kind)
{
	return kind == TOK_SECTION || kind == TOK_INVERTED ||
	       kind == TOK_PARENT || kind == TOK_BLOCK;
}

static const char *opener_word(enum tok_kind kind)
{
	switch (kind) {
	case TOK_PARENT:
		return "parent";
	case TOK_BLOCK:
		return "block";
	case TOK_SECTION:
	case TOK_INVERTED:
	case TOK_TEXT:
	case TOK_VAR:
	case TOK_RAW:
	case TOK_CLOSE:
	case TOK_COMMENT:
	case TOK_PARTIAL:
	case TOK_DELIM:
		break;
	}
	return "section";
}

static bool same_name(const struct compiler *c, const struct token *a,
		      const struct token *b)
{
	return a->name_len == b->name_len &&
	       memcmp(c->src + a->name, c->src + b->name, a->name_len) == 0;
}

static void report_mismatch(struct compiler *c, const struct token *open,
			    const struct token *close)
{
	const char *word = opener_word(open->kind);

	compile_error(c, close->line, close->col,
		      "close tag '%.*s' does not match open %s '%.*s'",
		      (int)close->name_len, c->src + close->name, word,
		      (int)open->name_len, c->src + open->name);
	diag_note(c->d, (struct pos){c->file, open->line, open->col},
		  "%s '%.*s' opened here", word, (int)open->name_len,
		  c->src + open->name);
}

static void report_unclosed(struct compiler *c, const size_t *open,
			    size_t depth)
{
	for (size_t i = 0; i < depth; i++) {
		const struct token *t = &c->toks[open[i]];

		compile_error(c, t->line, t->col, "unclosed %s '%.*s'",
			      opener_word(t->kind), (int)t->name_len,
			      c->src + t->name);
	}
}

static bool match_tags(struct compiler *c)
{
	size_t open[MUSTACHE_MAX_NESTING];
	size_t depth = 0;

	for (size_t i = 0; i < c->ntoks; i++) {
		struct token *t = &c->toks[i];

		if (opens(t->kind)) {
			if (depth == MUSTACHE_MAX_NESTING) {
				compile_error(c, t->line, t->col,
					      "sections nested deeper than %d "
					      "levels",
					      MUSTACHE_MAX_NESTING);
				return false;
			}
			open[depth++] = i;
			continue;
		}
		if (t->kind != TOK_CLOSE)
			continue;
		if (depth == 0) {
			compile_error(c, t->line, t->col,
				      "close tag '%.*s' has no open section",
				      (int)t->name_len, c->src + t->name);
			return false;
		}
		if (!same_name(c, &c->toks[open[depth - 1]], t)) {
			report_mismatch(c, &c->toks[open[depth - 1]], t);
			return false;
		}
		t->match = open[--depth];
		c->toks[t->match].match = i;
	}
	report_unclosed(c, open, depth);
	return depth == 0;
}

/* ---- Building the tree ----------------------------------------------- */

struct builder {
	struct compiler *c;
	struct node *open[MUSTACHE_MAX_NESTING + 1]; /* [0] is the root */
	size_t depth;
	bool failed;
};

/* What a line turns into.  A standalone line (whitespace and one tag that
 * prints nothing, or a run of adjacent parent and block tags) disappears
 * with its line ending; its indentation goes to its partial, parent or
 * block.  A standalone {{$x}}{{/x}} pair keeps its line ending (see
 * render_block).  A blank line is plain text; any other line is a LINE
 * node and then its tokens. */
enum line_shape { LINE_TEXT, LINE_BLANK, LINE_STANDALONE, LINE_PAIR };

/* The index just past the last token of the line starting at i. */
static size_t line_end(const struct compiler *c, size_t i)
{
	for (; i < c->ntoks; i++) {
		const struct token *t = &c->toks[i];

		if (t->kind == TOK_TEXT && c->src[t->end - 1] == '\n')
			return i + 1;
	}
	return c->ntoks;
}

/* The length of the line ending ("\n" or "\r\n") a text token ends with. */
static size_t eol_len(const struct compiler *c, const struct token *t)
{
	if (c->src[t->end - 1] != '\n')
		return 0;
	if (t->end - t->start >= 2 && c->src[t->end - 2] == '\r')
		return 2;
	return 1;
}

static size_t leading_blanks(const struct compiler *c, const struct token *t)
{
	size_t n = 0;

	while (t->start + n < t->end && is_blank(c->src[t->start + n]))
		n++;
	return n;
}

static bool blank_token(const struct compiler *c, const struct token *t)
{
	return leading_blanks(c, t) + eol_len(c, t) == t->end - t->start;
}

static bool inheritance_tag(const struct compiler *c, const struct token *t)
{
	if (t->kind == TOK_CLOSE)
		t = &c->toks[t->match];
	return t->kind == TOK_PARENT || t->kind == TOK_BLOCK;
}

static enum line_shape classify(const struct compiler *c, size_t i, size_t j,
				size_t *first, size_t *last)
{
	size_t tags = 0;
	bool run = true;
	const struct token *end;

	for (size_t k = i; k < j; k++) {
		const struct token *t = &c->toks[k];

		if (t->kind == TOK_TEXT) {
			if (!blank_token(c, t))
				return LINE_TEXT;
			continue;
		}
		if (t->kind == TOK_VAR || t->kind == TOK_RAW)
			return LINE_TEXT;
		if (tags == 0)
			*first = k;
		else if (k != *last + 1 || !inheritance_tag(c, t))
			run = false;
		*last = k;
		tags++;
	}
	if (tags == 0)
		return LINE_BLANK;
	if (tags == 1)
		return LINE_STANDALONE;
	if (!run || !inheritance_tag(c, &c->toks[*first]))
		return LINE_TEXT;
	end = &c->toks[*last];
	if (end->kind == TOK_CLOSE && c->toks[end->match].kind == TOK_BLOCK &&
	    end->match >= *first)
		return LINE_PAIR;
	return LINE_STANDALONE;
}

static struct node *append(struct builder *b, enum node_kind kind)
{
	struct node *parent = b->open[b->depth];
	struct node *n;

	parent->kids = mem_grow(parent->kids, &parent->cap, parent->nkids + 1,
				sizeof *parent->kids);
	n = &parent->kids[parent->nkids++];
	*n = (struct node){.kind = kind};
	return n;
}

static struct node *last_kid(struct builder *b)
{
	struct node *parent = b->open[b->depth];

	return parent->nkids ? &parent->kids[parent->nkids - 1] : NULL;
}

/* Adds the text of token t from offset from on, joining it to the text
 * before when nothing was taken out between them. */
static void emit_text(struct builder *b, const struct token *t, size_t from)
{
	const char *s = b->c->src + from;
	struct node *prev = last_kid(b);
	struct node *n;

	if (t->end <= from)
		return;
	if (prev && prev->kind == NODE_TEXT &&
	    prev->text.s + prev->text.len == s) {
		prev->text.len += t->end - from;
		return;
	}
	n = append(b, NODE_TEXT);
	n->text = (struct span){s, t->end - from};
	n->line = t->line;
	n->col = t->col + (int)(from - t->start); /* past ASCII blanks only */
}

static struct path make_path(const char *s, size_t len)
{
	struct path p = {NULL, 0};

	if (len == 1 && s[0] == '.')
		return p;
	p.segs = mem_strndup(s, len);
	p.count = 1;
	for (size_t i = 0; i < len; i++) {
		if (p.segs[i] == '.') {
			p.segs[i] = '\0';
			p.count++;
		}
	}
	return p;
}

static struct node *tag_node(struct builder *b, const struct token *t,
			     enum node_kind kind)
{
	const char *src = b->c->src;
	struct node *n = append(b, kind);

	n->line = t->line;
	n->col = t->col;
	n->name = mem_strndup(src + t->name, t->name_len);
	n->dynamic = t->dynamic;
	if (kind == NODE_VAR || kind == NODE_SECTION || kind == NODE_INVERTED ||
	    t->dynamic)
		n->path = make_path(src + t->path, t->path_len);
	return n;
}

static void open_node(struct builder *b, struct node *n)
{
	b->open[++b->depth] = n;
}

/* Folds ws into the common prefix of every indentation seen so far. */
static void common_prefix(struct span ws, struct span *common, bool *any)
{
	size_t k = 0;

	if (!*any) {
		*common = ws;
		*any = true;
		return;
	}
	while (k < common->len && k < ws.len && common->s[k] == ws.s[k])
		k++;
	common->len = k;
}

/*
 * The lines of a block's content, for dedenting it: the LINE nodes, and
 * the removed lines of standalone partials, parents and nested blocks
 * (their indentation).  Sections are part of the content and are entered;
 * a parent's or nested block's content has been dedented on its own.
 * With shift == 0 this measures; otherwise it removes shift bytes from the
 * front of each of those indentations, which all share the prefix.
 */
static void walk_indents(struct node *kids, size_t n, size_t shift,
			 struct span *common, bool *any)
{
	for (size_t i = 0; i < n; i++) {
		struct node *k = &kids[i];
		struct span *ws = NULL;

		switch (k->kind) {
		case NODE_LINE:
			ws = &k->text;
			break;
		case NODE_PARTIAL:
		case NODE_PARENT:
		case NODE_BLOCK:
			if (k->standalone)
				ws = &k->indent;
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			walk_indents(k->kids, k->nkids, shift, common, any);
			break;
		case NODE_TEXT:
		case NODE_VAR:
			break;
		}
		if (ws && shift == 0)
			common_prefix(*ws, common, any);
		else if (ws) {
			ws->s += shift;
			ws->len -= shift;
		}
	}
}

/*
 * A block whose content starts on its own line is indented where it is
 * rendered, not where it was written: the content loses the indentation
 * its lines share, and the block keeps it as the indentation to render
 * with (for a block with no such lines, the indentation of its tag).  So
 * an override written at any depth in a child lands at the depth of the
 * block in the parent, as the spec's inheritance tests require.
 */
static void finish_block(struct node *n)
{
	struct span common = {NULL, 0};
	bool any = false;

	if (!n->standalone) {
		n->indent.len = 0;
		return;
	}
	if (!n->dedent)
		return;
	walk_indents(n->kids, n->nkids, 0, &common, &any);
	if (!any)
		return;
	if (common.len)
		walk_indents(n->kids, n->nkids, common.len, &common, &any);
	n->indent = common;
}

/* Reports a block given twice to the parent n. */
static void check_blocks(struct builder *b, const struct node *n)
{
	for (size_t i = 0; i < n->nkids && !b->failed; i++) {
		const struct node *k = &n->kids[i];

		for (size_t j = 0; j < i && k->kind == NODE_BLOCK; j++) {
			if (n->kids[j].kind != NODE_BLOCK ||
			    strcmp(n->kids[j].name, k->name) != 0)
				continue;
			compile_error(b->c, k->line, k->col,
				      "block '%s' is given twice in parent "
				      "'%s'",
				      k->name, n->name);
			b->failed = true;
			break;
		}
	}
}

/* A parent keeps only its blocks: the text between them is ignored, as
 * the spec says. */
static void finish_parent(struct builder *b, struct node *n)
{
	size_t keep = 0;

	check_blocks(b, n);
	for (size_t i = 0; i < n->nkids; i++) {
		if (n->kids[i].kind == NODE_BLOCK)
			n->kids[keep++] = n->kids[i];
		else
			node_release(&n->kids[i]);
	}
	n->nkids = keep;
}

static void close_node(struct builder *b)
{
	struct node *n = b->open[b->depth--];

	if (n->kind == NODE_BLOCK)
		finish_block(n);
	else if (n->kind == NODE_PARENT)
		finish_parent(b, n);
}

static const enum node_kind opener_node[] = {
	[TOK_SECTION] = NODE_SECTION,
	[TOK_INVERTED] = NODE_INVERTED,
	[TOK_PARENT] = NODE_PARENT,
	[TOK_BLOCK] = NODE_BLOCK,
};

/* Adds the node for tag token t.  lead is the indentation of its line
 * when the line was standalone; starts_line tells an opening tag that its
 * content begins on the next line. */
static void emit_tag(struct builder *b, const struct token *t, struct span lead,
		     bool standalone, bool starts_line)
{
	struct node *n = NULL;

	switch (t->kind) {
	case TOK_TEXT:
	case TOK_COMMENT:
	case TOK_DELIM:
		break;
	case TOK_VAR:
	case TOK_RAW:
		tag_node(b, t, NODE_VAR)->escape = t->kind == TOK_VAR;
		break;
	case TOK_CLOSE:
		close_node(b);
		break;
	case TOK_PARTIAL:
		n = tag_node(b, t, NODE_PARTIAL);
		break;
	case TOK_SECTION:
	case TOK_INVERTED:
	case TOK_PARENT:
	case TOK_BLOCK:
		n = tag_node(b, t, opener_node[t->kind]);
		n->dedent = starts_line;
		open_node(b, n);
		break;
	}
	if (n == NULL)
		return;
	n->standalone = standalone;
	n->indent = standalone ? lead : (struct span){NULL, 0};
}

/* An ordinary line, tokens i to j: a LINE node with its indentation,
 * then everything on it. */
static void build_text_line(struct builder *b, size_t i, size_t j,
			    struct span lead)
{
	const struct compiler *c = b->c;
	struct node *line = append(b, NODE_LINE);

	line->text = lead;
	line->line = c->toks[i].line;
	line->col = c->toks[i].col;
	for (size_t k = i; k < j; k++) {
		const struct token *t = &c->toks[k];

		if (t->kind == TOK_TEXT)
			emit_text(b, t, t->start + (k == i ? lead.len : 0));
		else
			emit_tag(b, t, lead, false, false);
	}
}

static void build_line(struct builder *b, size_t i, size_t j)
{
	const struct compiler *c = b->c;
	const struct token *head = &c->toks[i], *tail = &c->toks[j - 1];
	struct span lead = {c->src + head->start, 0};
	size_t first = 0, last = 0, eol;
	enum line_shape shape = classify(c, i, j, &first, &last);

	if (head->kind == TOK_TEXT)
		lead.len = leading_blanks(c, head);
	eol = tail->kind == TOK_TEXT ? eol_len(c, tail) : 0;
	switch (shape) {
	case LINE_BLANK:
		for (size_t k = i; k < j; k++)
			emit_text(b, &c->toks[k], c->toks[k].start);
		return;
	case LINE_TEXT:
		build_text_line(b, i, j, lead);
		return;
	case LINE_STANDALONE:
	case LINE_PAIR:
		for (size_t k = first; k <= last; k++)
			emit_tag(b, &c->toks[k],
				 k == first ? lead : (struct span){lead.s, 0},
				 true, eol > 0 && k == last);
		break;
	}
	if (shape == LINE_PAIR)
		last_kid(b)->eol = (struct span){c->src + tail->end - eol, eol};
}

static bool build(struct compiler *c, struct template *t)
{
	struct builder b = {.c = c};

	b.open[0] = &t->root;
	for (size_t i = 0, j; i < c->ntoks; i = j) {
		j = line_end(c, i);
		build_line(&b, i, j);
	}
	return !b.failed;
}

static struct template *compile(const char *name, const char *text, size_t len,
				const char *file, struct diag *d)
{
	struct template *t = mem_calloc(1, sizeof *t);
	struct compiler c = {0};
	bool ok;

	t->name = mem_strdup(name);
	t->file = mem_strdup(file);
	t->source = mem_strndup(text, len);
	c.src = t->source;
	c.len = len;
	c.file = t->file;
	c.d = d;
	c.open = (struct span){"{{", 2};
	c.close = (struct span){"}}", 2};
	c.line = 1;
	c.col = 1;
	ok = scan(&c) && match_tags(&c) && build(&c, t);
	free(c.toks);
	if (!ok) {
		template_free(t);
		return NULL;
	}
	return t;
}

/* ---- Adding templates ------------------------------------------------ */

int mustache_set_add(struct mustache_set *set, const char *name,
		     const char *text, size_t len, const char *file,
		     struct diag *d)
{
	size_t i = lower_bound(set, name);
	struct template *t;

	if (i < set->len && strcmp(set->items[i]->name, name) == 0) {
		diag_error(d, (struct pos){file, 0, 0},
			   "duplicate template '%s'", name);
		diag_note(d, (struct pos){set->items[i]->file, 0, 0},
			  "'%s' is already defined here", name);
		return -1;
	}
	t = compile(name, text, len, file, d);
	if (t == NULL)
		return -1;
	set->items = mem_grow(set->items, &set->cap, set->len + 1,
			      sizeof *set->items);
	for (size_t k = set->len; k > i; k--)
		set->items[k] = set->items[k - 1];
	set->items[i] = t;
	set->len++;
	return 0;
}

static bool is_template_file(const char *name)
{
	static const char ext[] = ".mustache";
	size_t len = strlen(name);

	return name[0] != '.' && len > sizeof ext - 1 &&
	       strcmp(name + len - (sizeof ext - 1), ext) == 0;
}

/* Adds dir/file (a regular file, not a folder named like one) under its
 * stem.  0, -1 for a broken template, -2 when it cannot be read. */
static int add_file(struct mustache_set *set, const char *dir,
		    const char *display_dir, const char *file, struct diag *d)
{
	char *path = file_join(dir, file);
	char *display = file_join(display_dir, file);
	char *stem = mem_strndup(file, strlen(file) - strlen(".mustache"));
	struct buf text = BUF_INIT;
	enum file_kind kind = file_kind(path);
	int status = 0;

	if (kind == FILE_DIR || kind == FILE_MISSING) {
		/* a folder named like a template, or gone since listed; a
		 * link or a FIFO is refused by file_read, by name */
	} else if (file_read(path, &text) < 0) {
		diag_error(d, (struct pos){display, 0, 0}, "cannot read: %s",
			   FILE_READ_ERROR(errno));
		status = -2;
	} else {
		status = mustache_set_add(set, stem, buf_str(&text), text.len,
					  display, d);
	}
	buf_release(&text);
	free(stem);
	free(display);
	free(path);
	return status;
}

int mustache_set_add_dir(struct mustache_set *set, const char *dir,
			 const char *display_dir, struct diag *d)
{
	size_t count;
	char **names = file_list(dir, &count);
	int status = 0;

	if (names == NULL) {
		diag_error(d, (struct pos){display_dir, 0, 0},
			   "cannot read folder: %s", DIAG_STRERROR(errno));
		return -2;
	}
	for (size_t i = 0; i < count; i++) {
		int one;

		if (!is_template_file(names[i]))
			continue;
		one = add_file(set, dir, display_dir, names[i], d);
		if (one < status)
			status = one;
	}
	file_list_free(names, count);
	return status;
}

/* ---- Names for hints ------------------------------------------------- */

/* The template name closest to name, as a typo hint; NULL if none. */
static const char *nearest_name(const struct mustache_set *set,
				const char *name)
{
	const char **names = mem_calloc(set->len + 1, sizeof *names);
	const char *found;

	for (size_t i = 0; i < set->len; i++)
		names[i] = set->items[i]->name;
	found = suggest_nearest(name, names);
	free(names);
	return found;
}

static void report_unknown(const struct mustache_set *set, struct diag *d,
			   struct pos at, const struct node *n,
			   const char *name)
{
	const char *word = n->kind == NODE_PARENT ? "parent" : "partial";
	const char *near = nearest_name(set, name);

	if (near)
		diag_error(d, at, "unknown %s '%s' (did you mean '%s'?)", word,
			   name, near);
	else
		diag_error(d, at, "unknown %s '%s'", word, name);
}

static int check_nodes(const struct mustache_set *set, const struct template *t,
		       const struct node *kids, size_t n, struct diag *d)
{
	int status = 0;

	for (size_t i = 0; i < n; i++) {
		const struct node *k = &kids[i];

		if ((k->kind == NODE_PARTIAL || k->kind == NODE_PARENT) &&
		    !k->dynamic && find_template(set, k->name) == NULL) {
			report_unknown(set, d,
				       (struct pos){t->file, k->line, k->col},
				       k, k->name);
			status = -1;
		}
		if (check_nodes(set, t, k->kids, k->nkids, d) < 0)
			status = -1;
	}
	return status;
}

int mustache_set_check(const struct mustache_set *set, struct diag *d)
{
	int status = 0;

	for (size_t i = 0; i < set->len; i++) {
		const struct template *t = set->items[i];

		if (check_nodes(set, t, t->root.kids, t->root.nkids, d) < 0)
			status = -1;
	}
	return status;
}

/* ---- Rendering ------------------------------------------------------- */

/* The blocks a parent tag passes down, innermost first.  The outermost
 * override of a name wins: the template that started the render has the
 * last word over the layouts it inherits from. */
struct overrides {
	const struct node *parent;
	const struct template *tpl;
	const struct overrides *outer;
};

/* Where the nodes being rendered come from. */
struct scope {
	const struct template *tpl; /* for error positions */
	const struct overrides *blocks;
	size_t indent_from; /* the active indent is indent[from..len) */
};

struct render {
	const struct mustache_set *set;
	struct buf *out;
	struct diag *d;
	const struct value **stack; /* the context, innermost last */
	size_t depth;
	size_t cap;
	struct buf indent;
	int templates; /* partials, parents and overrides open */
	int levels;    /* everything open */
	long steps;
	size_t out_start; /* out->len when the render began */
	bool failed;
};

static void render_nodes(struct render *r, const struct scope *sc,
			 const struct node *kids, size_t n);

static void render_error(struct render *r, const struct scope *sc,
			 const struct node *n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void render_error(struct render *r, const struct scope *sc,
			 const struct node *n, const char *fmt, ...)
{
	struct pos at = {sc->tpl->file, n->line, n->col};
	va_list ap;

	va_start(ap, fmt);
	diag_add(r->d, DIAG_ERROR, at, fmt, ap);
	va_end(ap);
	r->failed = true;
}

static void cut(struct buf *b, size_t len)
{
	b->len = len;
	if (b->data)
		b->data[len] = '\0';
}

static bool enter(struct render *r, const struct scope *sc,
		  const struct node *n, bool template)
{
	if (template && r->templates >= MUSTACHE_MAX_DEPTH) {
		render_error(r, sc, n,
			     "%s '%s' nested deeper than %d levels (does it "
			     "include itself?)",
			     n->kind == NODE_PARTIAL  ? "partial"
			     : n->kind == NODE_PARENT ? "parent"
						      : "block",
			     n->name, MUSTACHE_MAX_DEPTH);
		return false;
	}
	if (r->levels >= MAX_LEVELS) {
		render_error(r, sc, n, "templates nested deeper than %d levels",
			     MAX_LEVELS);
		return false;
	}
	r->templates += template;
	r->levels++;
	return true;
}

static void leave(struct render *r, bool template)
{
	r->templates -= template;
	r->levels--;
}

static void push(struct render *r, const struct value *v)
{
	r->stack = mem_grow(r->stack, &r->cap, r->depth + 1, sizeof *r->stack);
	r->stack[r->depth++] = v;
}

/* A path segment made of digits indexes a list: items.0 is the first. */
static const struct value *step(const struct value *v, const char *seg)
{
	size_t index = 0, i = 0;

	if (!value_is(v, VALUE_LIST))
		return value_get(v, seg);
	for (; seg[i] >= '0' && seg[i] <= '9' && i < 18; i++)
		index = index * 10 + (size_t)(seg[i] - '0');
	if (i == 0 || seg[i] != '\0')
		return NULL;
	return value_at(v, index);
}

/* The spec's name resolution: the first part is looked up from the
 * innermost context outwards, the rest only inside what it found. */
static const struct value *lookup(const struct render *r, const struct path *p)
{
	const struct value *v = NULL;
	const char *seg = p->segs;

	if (p->count == 0)
		return r->depth ? r->stack[r->depth - 1] : NULL;
	for (size_t i = r->depth; i-- > 0 && v == NULL;)
		v = value_get(r->stack[i], seg);
	for (size_t k = 1; k < p->count && v; k++) {
		seg += strlen(seg) + 1;
		v = step(v, seg);
	}
	return v;
}

static bool truthy(const struct value *v)
{
	if (v == NULL)
		return false;
	switch (value_kind(v)) {
	case VALUE_NULL:
		return false;
	case VALUE_BOOL:
		return value_bool_of(v);
	case VALUE_STRING:
	case VALUE_LIST:
		return value_len(v) > 0;
	case VALUE_NUMBER:
	case VALUE_MAP:
		return true;
	}
	return false;
}

static void put_value(struct render *r, const struct node *n, const char *s,
		      size_t len)
{
	if (n->escape)
		escape_html_n(r->out, s, len);
	else
		buf_put(r->out, s, len);
}

/* Numbers are formatted here rather than with value_text(), which gives a
 * YAML number's source text ("1.210"); templates print the shortest form
 * ("1.21"), as the spec asks. */
static void render_var(struct render *r, const struct scope *sc,
		       const struct node *n)
{
	const struct value *v = lookup(r, &n->path);
	char digits[40];

	if (v == NULL)
		return;
	switch (value_kind(v)) {
	case VALUE_NULL:
		return;
	case VALUE_BOOL:
		buf_puts(r->out, value_bool_of(v) ? "true" : "false");
		return;
	case VALUE_NUMBER:
		value_format_number(value_number_of(v), digits, sizeof digits);
		buf_puts(r->out, digits);
		return;
	case VALUE_STRING:
		put_value(r, n, value_string_of(v), value_len(v));
		return;
	case VALUE_LIST:
	case VALUE_MAP:
		if (r->set->strict)
			render_error(r, sc, n,
				     "cannot print '%s': it is a %s (use a "
				     "section to render what is inside)",
				     n->name, value_kind_name(value_kind(v)));
		return;
	}
}

static void render_section(struct render *r, const struct scope *sc,
			   const struct node *n)
{
	const struct value *v = lookup(r, &n->path);

	if (!truthy(v) || !enter(r, sc, n, false))
		return;
	if (value_is(v, VALUE_LIST)) {
		for (size_t i = 0; i < value_len(v) && !r->failed; i++) {
			push(r, value_at(v, i));
			render_nodes(r, sc, n->kids, n->nkids);
			r->depth--;
		}
	} else {
		push(r, v);
		render_nodes(r, sc, n->kids, n->nkids);
		r->depth--;
	}
	leave(r, false);
}

static void render_inverted(struct render *r, const struct scope *sc,
			    const struct node *n)
{
	if (truthy(lookup(r, &n->path)) || !enter(r, sc, n, false))
		return;
	render_nodes(r, sc, n->kids, n->nkids);
	leave(r, false);
}

static void put_indent(struct render *r, const struct scope *sc)
{
	if (r->indent.len > sc->indent_from)
		buf_put(r->out, r->indent.data + sc->indent_from,
			r->indent.len - sc->indent_from);
}

/*
 * A partial or a parent: another template rendered here, in the current
 * context.  A standalone one indents every line of it by its own line's
 * indentation; one inside a line starts with no indentation at all, as in
 * the spec.  A parent also passes its blocks down; a partial passes on
 * the blocks it received, so a layout's partials can be overridden too.
 */
static void render_include(struct render *r, const struct scope *sc,
			   const struct node *n)
{
	const char *name = n->name;
	const struct template *t;
	struct overrides frame = {n, sc->tpl, sc->blocks};
	struct scope inner;
	size_t old = r->indent.len;

	if (n->dynamic) {
		const struct value *v = lookup(r, &n->path);

		if (!value_is(v, VALUE_STRING))
			return;
		name = value_string_of(v);
	}
	t = find_template(r->set, name);
	if (t == NULL) {
		if (r->set->strict) {
			report_unknown(
				r->set, r->d,
				(struct pos){sc->tpl->file, n->line, n->col}, n,
				name);
			r->failed = true;
		}
		return;
	}
	if (!enter(r, sc, n, true))
		return;
	inner.tpl = t;
	inner.blocks = n->kind == NODE_PARENT ? &frame : sc->blocks;
	inner.indent_from = n->standalone ? sc->indent_from : old;
	buf_put(&r->indent, n->indent.s, n->indent.len);
	render_nodes(r, &inner, t->root.kids, t->root.nkids);
	cut(&r->indent, old);
	leave(r, true);
}

static const struct node *find_override(const struct scope *sc,
					const char *name,
					const struct template **tpl)
{
	const struct node *found = NULL;

	for (const struct overrides *o = sc->blocks; o; o = o->outer) {
		for (size_t i = 0; i < o->parent->nkids; i++) {
			if (strcmp(o->parent->kids[i].name, name) != 0)
				continue;
			found = &o->parent->kids[i];
			*tpl = o->tpl;
		}
	}
	return found;
}

/*
 * A block renders its override, if a parent tag above passed one, or its
 * own content, indented by the block's indentation.  At a standalone
 * block, content that was written inside a line ({{$x}}text{{/x}}) is
 * indented too, as if it began the line.
 * A standalone {{$x}}{{/x}} pair ends its line only if the content did
 * not; a block that renders nothing leaves nothing, not even a blank line.
 */
static void render_block(struct render *r, const struct scope *sc,
			 const struct node *n)
{
	struct scope inner = *sc;
	const struct node *content = find_override(sc, n->name, &inner.tpl);
	size_t old = r->indent.len, start = r->out->len, body;
	bool template = content != NULL;

	if (content == NULL)
		content = n;
	if (!enter(r, sc, n, template))
		return;
	buf_put(&r->indent, n->indent.s, n->indent.len);
	if (n->standalone && !content->dedent)
		put_indent(r, &inner);
	body = r->out->len;
	render_nodes(r, &inner, content->kids, content->nkids);
	if (r->out->len == body)
		cut(r->out, start);
	else if (n->eol.len && r->out->data[r->out->len - 1] != '\n')
		buf_put(r->out, n->eol.s, n->eol.len);
	cut(&r->indent, old);
	leave(r, template);
}

/* Checks the budget before node k; see MUSTACHE_MAX_STEPS. */
static bool affordable(struct render *r, const struct scope *sc,
		       const struct node *k)
{
	if (++r->steps > MUSTACHE_MAX_STEPS) {
		render_error(r, sc, k,
			     "rendering takes more than %ld steps (does a "
			     "template include itself?)",
			     MUSTACHE_MAX_STEPS);
		return false;
	}
	if (r->out->len - r->out_start > (size_t)MUSTACHE_MAX_OUTPUT) {
		render_error(r, sc, k, "rendered text is larger than %ld MiB",
			     MUSTACHE_MAX_OUTPUT >> 20);
		return false;
	}
	return true;
}

static void render_nodes(struct render *r, const struct scope *sc,
			 const struct node *kids, size_t n)
{
	for (size_t i = 0; i < n && !r->failed; i++) {
		const struct node *k = &kids[i];

		if (!affordable(r, sc, k))
			return;
		switch (k->kind) {
		case NODE_TEXT:
			buf_put(r->out, k->text.s, k->text.len);
			break;
		case NODE_LINE:
			put_indent(r, sc);
			buf_put(r->out, k->text.s, k->text.len);
			break;
		case NODE_VAR:
			render_var(r, sc, k);
			break;
		case NODE_SECTION:
			render_section(r, sc, k);
			break;
		case NODE_INVERTED:
			render_inverted(r, sc, k);
			break;
		case NODE_PARTIAL:
		case NODE_PARENT:
			render_include(r, sc, k);
			break;
		case NODE_BLOCK:
			render_block(r, sc, k);
			break;
		}
	}
}

int mustache_render(const struct mustache_set *set, const char *name,
		    const struct value *data, struct buf *out, struct diag *d)
{
	const struct template *t = find_template(set, name);
	struct render r = {
		.set = set, .out = out, .d = d, .out_start = out->len};
	struct scope sc = {t, NULL, 0};

	if (t == NULL) {
		diag_error(d, (struct pos){NULL, 0, 0}, "unknown template '%s'",
			   name);
		return -1;
	}
	buf_init(&r.indent);
	if (data)
		push(&r, data);
	render_nodes(&r, &sc, t->root.kids, t->root.nkids);
	free(r.stack);
	buf_release(&r.indent);
	if (r.failed) {
		cut(out, r.out_start);
		return -1;
	}
	return 0;
}
