/*
 * plugin_api: the host functions plugin code may call: the prepbook table
 * (escape, markdown, slug, nearest, hash, error, null) and ctx's element
 * ids, block index and record.  Each checks its arguments and charges its
 * work to the call's budget before it allocates host memory, and host
 * memory that could leak if Lua unwinds is parked in the call's pending
 * slot (or, for a record, in the call state that end_call frees).
 */
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mem.h"
#include "plugin_data.h"
#include "plugin_runtime.h"
#include "slug.h"
#include "suggest.h"

/* Input bytes prepbook.escape handles per round (its output is 6x). */
#define ESCAPE_CHUNK 4096
/* A record is a small summary of a block for the site (a quiz's id, title
 * and question count), not a place for its content: these bounds keep
 * every page's records cheap to hold until the build ends, and to cache. */
#define RECORD_MAX_FIELDS 32
#define RECORD_MAX_KEY 32
#define RECORD_MAX_BYTES 8192
/* What one prepbook.markdown call costs in instructions besides one per
 * byte of its text: parsing, rendering and freeing a cmark document takes
 * about as long as a thousand Lua instructions even for one word. */
#define MARKDOWN_CALL_COST 1000
/* What the host keeps besides the text for one claimed id or record field
 * (a map entry, a value, allocator overhead), and for one diagnostic its
 * message may be as long as diag.c lets it. */
#define KEPT_ENTRY 64
#define KEPT_DIAG (DIAG_MAX_MESSAGE + KEPT_ENTRY)

/* The registry key of the metatable of prepbook.error's values. */
static const char key_author_mt = 'a';

/* Pushes host memory s (taking it) as a Lua string; if pushing raises, the
 * call's cleanup frees it. */
static void push_host_string(lua_State *L, char *s, size_t len)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);

	rt->now.pending = s;
	lua_pushlstring(L, s, len);
	rt->now.pending = NULL;
	free(s);
}

/*
 * Pushes the string argument 1 escaped by escape, between quote and quote
 * (quote may be empty).  The host builds the text a chunk at a time, so its
 * memory stays small whatever the string's length, and the work is charged
 * to the budget by the length first.
 */
static int push_escaped(lua_State *L,
			void (*escape)(struct buf *, const char *, size_t),
			const char *quote, const char *fn)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	size_t len, n;
	const char *s = plugin_check_input(L, 1, fn, &len);
	struct buf chunk = BUF_INIT;
	luaL_Buffer b;

	if (plugin_charge(rt, (long)(len / 8)))
		return plugin_raise_stopped(L);
	luaL_buffinit(L, &b);
	luaL_addstring(&b, quote);
	for (size_t i = 0; i < len; i += n) {
		n = len - i < ESCAPE_CHUNK ? len - i : ESCAPE_CHUNK;
		buf_reset(&chunk);
		escape(&chunk, s + i, n);
		rt->now.pending = chunk.data;
		luaL_addlstring(&b, chunk.data, chunk.len);
	}
	rt->now.pending = NULL;
	buf_release(&chunk);
	luaL_addstring(&b, quote);
	luaL_pushresult(&b);
	return 1;
}

static int api_escape(lua_State *L)
{
	return push_escaped(L, escape_html_n, "", "prepbook.escape");
}

static int api_json_string(lua_State *L)
{
	return push_escaped(L, escape_json_n, "\"", "prepbook.json_string");
}

/*
 * prepbook.markdown(s).  The renderer records problems in the text (a
 * broken link, raw HTML) in the call's sink, at the block.  A loop over
 * text with a broken link once recorded 600,000 errors before a limit
 * stopped it, so the block stops at the first call whose text has an
 * error, or once its texts have recorded too many warnings, and the work
 * is charged to the budget by the text's length.  The text's length is
 * capped (cmark's memory grows with it, outside the state's cap), the
 * warnings it records count as memory the host keeps for the page, and
 * the HTML is counted by the state's cap once it is a Lua string.
 */
static int api_markdown(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	size_t len, errors, warnings;
	const char *text = plugin_check_input(L, 1, "prepbook.markdown", &len);
	struct diag *d = rt->now.d;
	enum limit stop = LIMIT_NONE;
	char *html;

	if (rt->markdown == NULL)
		return luaL_error(L, "prepbook.markdown is not available here");
	if (plugin_charge(rt, MARKDOWN_CALL_COST + (long)len))
		return plugin_raise_stopped(L);
	errors = diag_errors(d);
	warnings = diag_warnings(d);
	html = rt->markdown(text, rt->now.call->at, d, rt->markdown_data);
	rt->now.text_warnings += diag_warnings(d) - warnings;
	rt->now.pending = html;
	plugin_keep(L, (diag_warnings(d) - warnings) * KEPT_DIAG);
	rt->now.pending = NULL;
	if (diag_errors(d) > errors)
		stop = LIMIT_TEXT_ERRORS;
	else if (rt->now.text_warnings > PLUGIN_MAX_TEXT_WARNINGS)
		stop = LIMIT_TEXT_WARNINGS;
	if (stop != LIMIT_NONE) {
		free(html);
		plugin_stop(rt, stop);
		return plugin_raise_stopped(L);
	}
	if (html == NULL)
		html = mem_strdup("");
	push_host_string(L, html, strlen(html));
	return 1;
}

/* prepbook.hash(s): 32-bit FNV-1a of s's bytes as 8 hex digits.  Short
 * and the same on every machine and in every version, for keys that must
 * stay stable while the text they stand for does (saved answers). */
static int api_hash(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	size_t len;
	const unsigned char *s = (const unsigned char *)plugin_check_input(
		L, 1, "prepbook.hash", &len);
	unsigned long h = 2166136261UL;
	char hex[9];

	if (plugin_charge(rt, (long)(len / 8)))
		return plugin_raise_stopped(L);
	for (size_t i = 0; i < len; i++)
		h = ((h ^ s[i]) * 16777619UL) & 0xffffffffUL;
	snprintf(hex, sizeof hex, "%08lx", h);
	lua_pushstring(L, hex);
	return 1;
}

static int api_slug(lua_State *L)
{
	size_t len;
	char *slug =
		slug_github(plugin_check_input(L, 1, "prepbook.slug", &len));

	push_host_string(L, slug, strlen(slug));
	return 1;
}

/*
 * Checks prepbook.error's optional where and key (arguments first and
 * second), and finds the position they name: where is a table of the
 * block's arguments, key a key or index in it.  Returns false when there
 * is none to use (no where, a table the plugin made), so the error stays
 * at the block.
 */
static bool where_of(lua_State *L, int first, int *line, int *col)
{
	int key_type = lua_type(L, first + 1);

	if (lua_isnoneornil(L, first))
		return false;
	luaL_checktype(L, first, LUA_TTABLE);
	luaL_argexpected(L,
			 key_type == LUA_TNONE || key_type == LUA_TNIL ||
				 key_type == LUA_TSTRING ||
				 key_type == LUA_TNUMBER,
			 first + 1, "string or number");
	return plugin_data_where(
		L, first,
		key_type == LUA_TSTRING || key_type == LUA_TNUMBER ? first + 1
								   : 0,
		line, col);
}

/* prepbook.error(msg [, where [, key]]): the author's mistake, reported
 * at the field where[key] of the block's arguments when the host knows
 * where it was read, else at the block.  The error value is {msg, line,
 * col} with a metatable plugins cannot reach, so it cannot be forged, and
 * survives a pcall that re-raises it. */
static int api_error(lua_State *L)
{
	int line = 0, col = 0;

	luaL_checkstring(L, 1);
	if (!where_of(L, 2, &line, &col))
		line = col = 0;
	lua_settop(L, 1);
	lua_createtable(L, 3, 0);
	lua_insert(L, 1);
	lua_rawseti(L, 1, 1);
	lua_pushinteger(L, line);
	lua_rawseti(L, 1, 2);
	lua_pushinteger(L, col);
	lua_rawseti(L, 1, 3);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_author_mt);
	lua_setmetatable(L, 1);
	return lua_error(L);
}

const char *plugin_api_author_error(lua_State *L, int idx, struct pos *at)
{
	int line, col;

	idx = lua_absindex(L, idx);
	lua_rawgeti(L, idx, 2);
	line = (int)lua_tointeger(L, -1);
	lua_rawgeti(L, idx, 3);
	col = (int)lua_tointeger(L, -1);
	lua_pop(L, 2);
	if (line > 0) {
		at->line = line;
		at->col = col;
	}
	lua_rawgeti(L, idx, 1);
	return lua_tostring(L, -1);
}

static int author_tostring(lua_State *L)
{
	lua_rawgeti(L, 1, 1);
	return 1;
}

/*
 * Sets into the table at -1 the strings of the list at idx that
 * suggest_nearest could return for a word of word_len bytes, and returns
 * how many.  The rule never suggests a word for all of another ("never
 * all of it": fewer edits than the word has bytes), so a candidate twice
 * the word's length or longer can never be nearest; leaving those out
 * keeps the host's work and memory proportional to the word.  Each
 * distance is charged to the budget before it is computed.
 */
static int near_candidates(lua_State *L, int idx, size_t word_len)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	lua_Integer n = luaL_len(L, idx);
	int kept = 0;
	size_t len;

	for (lua_Integer i = 1; i <= n; i++) {
		if (lua_geti(L, idx, i) != LUA_TSTRING)
			luaL_argerror(
				L, idx,
				lua_pushfstring(
					L, "item %I must be a string, got %s",
					(LUAI_UACINT)i, luaL_typename(L, -1)));
		lua_tolstring(L, -1, &len);
		if (plugin_charge(rt, 1 + (len < 2 * word_len
						   ? (long)((word_len + 1) *
							    (len + 1))
						   : 0)))
			plugin_raise_stopped(L);
		if (len < 2 * word_len && kept < INT_MAX - 1)
			lua_rawseti(L, -2, ++kept);
		else
			lua_pop(L, 1);
	}
	return kept;
}

/*
 * prepbook.nearest(word, candidates): the project's one "did you mean"
 * rule (suggest_nearest) for plugins.  Everything that can raise happens
 * first; the candidates are held by a Lua table and their pointers kept
 * in a userdata, both in Lua's memory, so nothing of the host's leaks
 * whatever unwinds.
 */
static int api_nearest(lua_State *L)
{
	size_t word_len;
	const char *word =
		plugin_check_input(L, 1, "prepbook.nearest", &word_len);
	const char **list;
	const char *best;
	int n;

	luaL_checktype(L, 2, LUA_TTABLE);
	lua_settop(L, 2);
	lua_newtable(L);
	n = near_candidates(L, 2, word_len);
	list = lua_newuserdatauv(L, ((size_t)n + 1) * sizeof *list, 0);
	for (int i = 0; i < n; i++) {
		lua_rawgeti(L, 3, i + 1);
		list[i] = lua_tostring(L, -1);
		lua_pop(L, 1);
	}
	list[n] = NULL;
	best = suggest_nearest(word, list);
	for (int i = 0; i < n; i++) {
		if (list[i] == best) {
			lua_rawgeti(L, 3, i + 1);
			return 1;
		}
	}
	lua_pushnil(L);
	return 1;
}

bool plugin_api_is_author_error(lua_State *L, int idx)
{
	bool is;

	if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx))
		return false;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_author_mt);
	is = lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return is;
}

/* An element id, or a prefix of one: a letter, then letters, digits, '-'
 * and '_'. */
static bool valid_id(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
			return false;
	return true;
}

/* The element ids given out on the page: the call's map, or one for this
 * call alone when it has none. */
static struct value *claims(struct plugin_runtime *rt)
{
	if (rt->now.call->claimed != NULL)
		return rt->now.call->claimed;
	if (rt->now.local_claims == NULL)
		rt->now.local_claims = value_map();
	return rt->now.local_claims;
}

/*
 * Claims id for the page: true the first time, false when it was claimed
 * or given out before.  The page's ids are a map searched in order, so a
 * claim is charged the search; the id is host memory once claimed,
 * kept until the build ends, so it counts against the page's kept
 * memory first, and nothing after that raises.
 */
static bool claim(lua_State *L, const char *id, size_t len)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	struct value *ids = claims(rt);

	if (plugin_charge(rt, (long)(value_len(ids) + len)))
		plugin_raise_stopped(L);
	if (value_get(ids, id) != NULL)
		return false;
	plugin_keep(L, len + KEPT_ENTRY);
	value_set_bool(ids, id, true);
	return true;
}

/* ctx.unique_id([prefix]): "prefix-N", N counting up through the page,
 * skipping ids that ctx.claim_id took. */
static int ctx_unique_id(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	const char *prefix = luaL_optstring(L, 1, rt->now.plugin->name);
	int *counter = rt->now.call->next_id ? rt->now.call->next_id
					     : &rt->now.local_id;
	const char *id;
	size_t len;

	luaL_argcheck(L, valid_id(prefix), 1,
		      "a prefix starts with a letter and holds only letters, "
		      "digits, '-' and '_'");
	for (;;) {
		id = lua_pushfstring(L, "%s-%d", prefix, ++*counter);
		len = lua_rawlen(L, -1);
		if (claim(L, id, len))
			return 1;
		lua_pop(L, 1);
	}
}

/* ctx.claim_id(id): whether id is still free on the page, taking it.  A
 * plugin whose element ids come from the author (a calculator's id) asks
 * before using them, since it cannot see the page's other blocks. */
static int ctx_claim_id(lua_State *L)
{
	size_t len;
	const char *id = luaL_checklstring(L, 1, &len);

	luaL_argcheck(L, strlen(id) == len && valid_id(id), 1,
		      "an id starts with a letter and holds only letters, "
		      "digits, '-' and '_'");
	lua_pushboolean(L, claim(L, id, len));
	return 1;
}

void plugin_api_set(lua_State *L)
{
	static const luaL_Reg api[] = {
		{"escape", api_escape},	    {"json_string", api_json_string},
		{"markdown", api_markdown}, {"slug", api_slug},
		{"nearest", api_nearest},   {"hash", api_hash},
		{"error", api_error},	    {NULL, NULL},
	};

	lua_createtable(L, 0, 8);
	luaL_setfuncs(L, api, 0);
	plugin_data_push_null(L);
	lua_setfield(L, -2, "null");
	lua_setfield(L, -2, "prepbook");
}

/* One field of a record, as read from the plugin's table: the strings
 * stay the table's, which holds them while the record is built. */
struct record_field {
	const char *key;
	const char *s;
	size_t len;
	double n;
	int type;
	bool b;
};

static int field_order(const void *a, const void *b)
{
	return strcmp(((const struct record_field *)a)->key,
		      ((const struct record_field *)b)->key);
}

/* The names the host fills in on a record, which a plugin cannot set. */
static bool reserved_field(const char *key)
{
	return strcmp(key, "plugin") == 0 || strcmp(key, "url") == 0 ||
	       strncmp(key, "page_", 5) == 0 || strncmp(key, "is_", 3) == 0;
}

static bool valid_field_name(const char *key, size_t len)
{
	if (len == 0 || len > RECORD_MAX_KEY || key[0] < 'a' || key[0] > 'z')
		return false;
	for (size_t i = 0; i < len; i++)
		if (!((key[i] >= 'a' && key[i] <= 'z') ||
		      (key[i] >= '0' && key[i] <= '9') || key[i] == '_'))
			return false;
	return true;
}

/* Reads the value of the entry on the stack top into f; raises for a
 * type a record cannot hold. */
static size_t read_field(lua_State *L, struct record_field *f)
{
	f->type = lua_type(L, -1);
	switch (f->type) {
	case LUA_TSTRING:
		f->s = lua_tolstring(L, -1, &f->len);
		return f->len;
	case LUA_TNUMBER:
		f->n = lua_tonumber(L, -1);
		if (f->n != f->n || f->n > 1e308 || f->n < -1e308)
			luaL_error(L,
				   "ctx.record: field '%s' must be a finite "
				   "number",
				   f->key);
		return 0;
	case LUA_TBOOLEAN:
		f->b = lua_toboolean(L, -1);
		return 0;
	default:
		return (size_t)luaL_error(L,
					  "ctx.record: field '%s' must be a "
					  "string, number or boolean, got %s",
					  f->key, luaL_typename(L, -1));
	}
}

/* Reads the fields table at idx into fields (at most RECORD_MAX_FIELDS),
 * sorted by name so the record does not depend on table order; raises
 * on anything a record cannot hold.  Returns how many. */
static size_t read_fields(lua_State *L, int idx, struct record_field *fields)
{
	size_t n = 0, bytes = 0, len;
	const char *key;

	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (lua_type(L, -2) != LUA_TSTRING)
			luaL_error(L,
				   "ctx.record: field names are strings, "
				   "got %s",
				   luaL_typename(L, -2));
		key = lua_tolstring(L, -2, &len);
		if (!valid_field_name(key, len))
			luaL_error(L,
				   "ctx.record: '%s' is not a field name "
				   "(a lowercase letter, then letters, digits "
				   "and '_', at most %d bytes)",
				   key, RECORD_MAX_KEY);
		if (reserved_field(key))
			luaL_error(L,
				   "ctx.record: '%s' is filled in by the "
				   "host",
				   key);
		if (n == RECORD_MAX_FIELDS)
			luaL_error(L, "ctx.record: more than %d fields",
				   RECORD_MAX_FIELDS);
		fields[n].key = key;
		bytes += len + read_field(L, &fields[n]);
		if (bytes > RECORD_MAX_BYTES)
			luaL_error(L, "ctx.record: more than %d bytes of text",
				   RECORD_MAX_BYTES);
		n++;
		lua_pop(L, 1);
	}
	qsort(fields, n, sizeof *fields, field_order);
	return n;
}

static struct value *field_value(const struct record_field *f)
{
	switch (f->type) {
	case LUA_TSTRING:
		return value_string_n(f->s, f->len);
	case LUA_TNUMBER:
		return value_number(f->n);
	default:
		return value_bool(f->b);
	}
}

/* About what the host keeps for a record of these fields. */
static size_t record_bytes(const struct record_field *fields, size_t n)
{
	size_t bytes = (n + 3) * KEPT_ENTRY;

	for (size_t i = 0; i < n; i++)
		bytes += strlen(fields[i].key) +
			 (fields[i].type == LUA_TSTRING ? fields[i].len : 0);
	return bytes;
}

/*
 * ctx.record(fields [, where [, key]]): a small flat summary of the block
 * for the site (the progress page lists every quiz by its record).  Every
 * check that can raise comes first; the host value is made after them
 * and kept in the call state, which hands it to the page only when the
 * call succeeds and frees it otherwise.
 */
static int ctx_record(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	struct record_field fields[RECORD_MAX_FIELDS];
	const struct record_field *kind = NULL, *id = NULL;
	struct pos at = rt->now.call->at;
	struct value *record;
	size_t n;

	luaL_checktype(L, 1, LUA_TTABLE);
	if (rt->now.record != NULL)
		return luaL_error(L, "ctx.record: a block records once");
	where_of(L, 2, &at.line, &at.col);
	n = read_fields(L, 1, fields);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(fields[i].key, "kind") == 0)
			kind = &fields[i];
		else if (strcmp(fields[i].key, "id") == 0)
			id = &fields[i];
	}
	if ((kind && kind->type != LUA_TSTRING) ||
	    (id && id->type != LUA_TSTRING))
		return luaL_error(L, "ctx.record: '%s' must be a string",
				  kind && kind->type != LUA_TSTRING ? "kind"
								    : "id");
	if (plugin_charge(rt, (long)(n * 10)))
		return plugin_raise_stopped(L);
	plugin_keep(L, record_bytes(fields, n));
	/* Past this point nothing raises: the record is host memory. */
	record = value_map();
	for (size_t i = 0; i < n; i++)
		value_set(record, fields[i].key, field_value(&fields[i]));
	if (kind == NULL)
		value_set_string(record, "kind", rt->now.plugin->name);
	value_set_string(record, "plugin", rt->now.plugin->name);
	value_set_pos(record, at.line, at.col);
	rt->now.record = record;
	return 0;
}

/* The block's number among the page's blocks of its plugin, counted in
 * the page's map under "#name", a key no element id can be. */
static lua_Integer block_index(struct plugin_runtime *rt)
{
	struct value *ids = claims(rt);
	char key[80];
	double n;

	snprintf(key, sizeof key, "#%s", rt->now.plugin->name);
	n = value_get(ids, key) ? value_number_of(value_get(ids, key)) + 1 : 1;
	value_set_number(ids, key, n);
	return (lua_Integer)n;
}

void plugin_api_push_ctx(lua_State *L, struct plugin_runtime *rt)
{
	const struct plugin_call *call = rt->now.call;

	lua_createtable(L, 0, 11);
	plugin_data_push_view(L, call->page);
	lua_setfield(L, -2, "page");
	plugin_data_push_view(L, call->site);
	lua_setfield(L, -2, "site");
	lua_pushstring(L, call->at.file ? call->at.file : "");
	lua_setfield(L, -2, "file");
	lua_pushinteger(L, call->at.line);
	lua_setfield(L, -2, "line");
	lua_pushinteger(L, call->at.col);
	lua_setfield(L, -2, "col");
	lua_pushstring(L, rt->now.plugin->name);
	lua_setfield(L, -2, "plugin");
	lua_pushcfunction(L, ctx_unique_id);
	lua_setfield(L, -2, "unique_id");
	lua_pushcfunction(L, ctx_claim_id);
	lua_setfield(L, -2, "claim_id");
	lua_pushinteger(L, block_index(rt));
	lua_setfield(L, -2, "index");
	lua_pushcfunction(L, ctx_record);
	lua_setfield(L, -2, "record");
}

void plugin_api_open(lua_State *L)
{
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, author_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "prepbook.error");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_author_mt);
}
