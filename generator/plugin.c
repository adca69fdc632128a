/*
 * plugin: the Lua plugin runtime: loading plugin files, calling them, their
 * assets, and making and freeing a runtime.  plugin_runtime.h lists the
 * files that do the rest.
 *
 * Plugins come from strangers' pull requests, so everything here assumes
 * hostile code.  The invariants:
 *
 *  - Plugin code sees only the environment built for the call it runs in:
 *    safe base functions, fresh copies of the string, table, math and utf8
 *    tables, the prepbook API, and read-only views of page and site data.
 *    The state's real globals, the registry and the master copies of the
 *    libraries are never reachable, and the plugin's chunk runs again in
 *    each call with a fresh _ENV upvalue, so nothing one block does is seen
 *    by another.  No object can get a __gc finalizer, so no plugin code
 *    ever runs outside the call it belongs to.
 *  - Every limit ends the call with an error naming it: instructions (a
 *    count hook, plus the step counts of the guarded C loops in
 *    plugin_lib.c), memory (the state's allocator), output size, and wall
 *    time (checked by the same hook and guards).  Once a limit is hit the
 *    call is "stopped": the hook then fires on every instruction and the
 *    sandbox's pcall, xpcall and load re-raise, so plugin code cannot
 *    swallow the error.  Text given to prepbook.markdown that records an
 *    error (or too many warnings) ends the call the same way, so a loop
 *    cannot flood the page's diagnostics.
 *  - Output depends only on the inputs: no clock, no random numbers, and
 *    pairs, next, tostring and string.format are replaced so that neither
 *    hash seeds nor addresses show.
 *  - The host enters Lua only through lua_pcall, and every host allocation
 *    that could leak if Lua unwound is parked in now.pending.
 */
#include "plugin.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file.h"
#include "mem.h"
#include "plugin_data.h"
#include "plugin_runtime.h"

/* ---- loading plugins ------------------------------------------------- */

static char *read_file(const char *path, size_t *len)
{
	struct buf text = BUF_INIT;

	if (file_read(path, &text) != 0) {
		buf_release(&text);
		return NULL;
	}
	*len = text.len;
	return buf_detach(&text);
}

/* Splits Lua's "<short_src>:<line>: " off msg; returns the line or 0. */
static int split_position(const char *short_src, const char **msg)
{
	size_t n = strlen(short_src);
	const char *p = *msg;
	int line = 0;

	if (strncmp(p, short_src, n) != 0 || p[n] != ':')
		return 0;
	p += n + 1;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9' && line < 100000000)
		line = line * 10 + (*p++ - '0');
	if (p[0] != ':' || p[1] != ' ')
		return 0;
	*msg = p + 2;
	return line;
}

static int raise_memory(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);

	plugin_stop(rt, LIMIT_MEMORY);
	return plugin_raise_stopped(L);
}

/* Lua's name for the plugin's file in messages (it shortens long ones). */
static void learn_short_src(lua_State *L, struct plugin *pl)
{
	lua_Debug ar;

	if (luaL_loadbufferx(L, "", 0, pl->chunkname, "t") != LUA_OK)
		raise_memory(L);
	lua_getinfo(L, ">S", &ar);
	snprintf(pl->short_src, sizeof pl->short_src, "%s", ar.short_src);
}

/* Compiles the plugin once per runtime; a failure is kept in pl->error. */
static void compile(lua_State *L, struct plugin_runtime *rt, struct plugin *pl)
{
	struct buf path = BUF_INIT;
	const char *msg;
	char *text;
	size_t len;
	int status;

	if (pl->chunk_ref != LUA_NOREF || pl->error != NULL)
		return;
	learn_short_src(L, pl);
	buf_printf(&path, "%s/%s.lua", plugin_dir(rt, pl->name), pl->name);
	text = read_file(buf_str(&path), &len);
	buf_release(&path);
	if (text == NULL) {
		struct buf e = BUF_INIT;

		buf_printf(&e, "cannot read %s: %s", pl->file,
			   DIAG_STRERROR(errno));
		pl->error = buf_detach(&e);
		return;
	}
	status = luaL_loadbufferx(L, text, len, pl->chunkname, "t");
	free(text);
	if (status == LUA_ERRMEM)
		raise_memory(L);
	if (status != LUA_OK) {
		msg = lua_tostring(L, -1);
		pl->error_line = split_position(pl->short_src, &msg);
		buf_printf(&path, "plugin does not compile: %s", msg);
		pl->error = buf_detach(&path);
		lua_pop(L, 1);
		return;
	}
	pl->chunk_ref = luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Fails the call with a message about the plugin's results, not an error
 * raised by its code. */
static void problem(struct plugin_runtime *rt, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void problem(struct plugin_runtime *rt, int line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rt->now.problem, sizeof rt->now.problem, fmt, ap);
	va_end(ap);
	rt->now.problem_line = line;
}

/*
 * Runs the plugin's chunk in a fresh environment and leaves the table it
 * returns on the stack; false (with a problem recorded) if it does not
 * compile or returns something else.  The compiled chunk is shared, but
 * its _ENV upvalue is replaced by a new one for each run (joined from an
 * empty chunk's), so closures from an earlier run keep the environment
 * they were made in.  Caching the returned table instead would be cheaper
 * (about 4 against 12 us per callout block) but would let a plugin carry
 * state from page to page in its upvalues.
 */
static bool run_chunk(lua_State *L, struct plugin_runtime *rt)
{
	struct plugin *pl = rt->now.plugin;

	compile(L, rt, pl);
	if (pl->error != NULL) {
		problem(rt, pl->error_line, "%s", pl->error);
		return false;
	}
	lua_rawgeti(L, LUA_REGISTRYINDEX, pl->chunk_ref);
	if (luaL_loadbufferx(L, "", 0, "=(env)", "t") != LUA_OK)
		raise_memory(L);
	plugin_sandbox_push_env(L);
	lua_setupvalue(L, -2, 1);
	lua_upvaluejoin(L, -2, 1, -1, 1);
	lua_pop(L, 1);
	lua_call(L, 0, 1);
	if (!lua_istable(L, -1)) {
		problem(rt, 0, "plugin must return a table, got %s",
			luaL_typename(L, -1));
		return false;
	}
	return true;
}

/* The protected body of plugin_render. */
static int render_body(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	const char *html;
	size_t len;
	char limit[32];

	if (!run_chunk(L, rt))
		return 0;
	if (lua_getfield(L, -1, "render") != LUA_TFUNCTION) {
		problem(rt, 0, "plugin has no render function ('render' is %s)",
			luaL_typename(L, -1));
		return 0;
	}
	if (rt->now.call->args != NULL)
		plugin_data_push(L, rt->now.call->args);
	else
		lua_newtable(L);
	plugin_api_push_ctx(L, rt);
	lua_call(L, 2, 1);
	if (lua_type(L, -1) != LUA_TSTRING) {
		problem(rt, 0, "render must return a string, got %s",
			luaL_typename(L, -1));
		return 0;
	}
	html = lua_tolstring(L, -1, &len);
	if (len > rt->limits.output_bytes) {
		plugin_format_size(limit, sizeof limit,
				   rt->limits.output_bytes);
		problem(rt, 0,
			"output limit of %s exceeded (render returned "
			"%zu bytes)",
			limit, len);
		return 0;
	}
	buf_put(rt->now.html, html, len);
	return 0;
}

/* ---- calls ----------------------------------------------------------- */

/* The message handler of a call: finds the plugin's line while the stack
 * is still there, and makes any error value a string without trusting it
 * (a __tostring that fails gives the generic text). */
static int tolstring_body(lua_State *L)
{
	luaL_tolstring(L, 1, NULL);
	return 1;
}

static int on_error(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	int t = lua_type(L, 1);

	if (plugin_api_is_author_error(L, 1))
		return 1;
	if (rt->now.line == 0)
		rt->now.line = plugin_line(L, rt->now.plugin);
	if (t == LUA_TSTRING || t == LUA_TNUMBER) {
		lua_tostring(L, 1);
		return 1;
	}
	if (luaL_getmetafield(L, 1, "__tostring") != LUA_TNIL) {
		lua_pop(L, 1);
		lua_pushcfunction(L, tolstring_body);
		lua_pushvalue(L, 1);
		if (lua_pcall(L, 1, 1, 0) == LUA_OK &&
		    lua_type(L, -1) == LUA_TSTRING)
			return 1;
		lua_pop(L, 1);
	}
	lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
	return 1;
}

/* The runtime's record of the plugin called name, made on first use.
 * Records are allocated one by one, so the pointer stays valid (the call
 * in progress keeps one) however many are added later. */
static struct plugin *find_plugin(struct plugin_runtime *rt, const char *name)
{
	struct plugin *pl;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < rt->nplugins; i++)
		if (strcmp(rt->plugins[i]->name, name) == 0)
			return rt->plugins[i];
	rt->plugins = mem_grow(rt->plugins, &rt->plugins_cap, rt->nplugins + 1,
			       sizeof *rt->plugins);
	pl = mem_calloc(1, sizeof *pl);
	rt->plugins[rt->nplugins++] = pl;
	pl->name = mem_strdup(name);
	buf_printf(&b, "%s/%s.lua", rt->display, name);
	pl->file = buf_detach(&b);
	buf_printf(&b, "@%s", pl->file);
	pl->chunkname = buf_detach(&b);
	pl->chunk_ref = LUA_NOREF;
	return pl;
}

static bool valid_name(const char *name)
{
	if (*name == '\0' || strlen(name) > 64)
		return false;
	for (; *name; name++)
		if (!((*name >= 'a' && *name <= 'z') ||
		      (*name >= '0' && *name <= '9') || *name == '-' ||
		      *name == '_'))
			return false;
	return true;
}

static void begin_call(struct plugin_runtime *rt, struct plugin *pl,
		       const struct plugin_call *call, struct buf *html,
		       struct diag *d)
{
	long ms = rt->limits.wall_ms;

	memset(&rt->now, 0, sizeof rt->now);
	rt->now.active = true;
	rt->now.d = d;
	rt->now.html = html;
	rt->now.plugin = pl;
	rt->now.call = call;
	rt->now.budget = rt->limits.instructions;
	clock_gettime(CLOCK_MONOTONIC, &rt->now.deadline);
	rt->now.deadline.tv_sec += ms / 1000;
	rt->now.deadline.tv_nsec += (ms % 1000) * 1000000L;
	if (rt->now.deadline.tv_nsec >= 1000000000L) {
		rt->now.deadline.tv_sec++;
		rt->now.deadline.tv_nsec -= 1000000000L;
	}
	lua_sethook(rt->L, plugin_on_count, LUA_MASKCOUNT,
		    rt->limits.instructions < PLUGIN_HOOK_STEP
			    ? (int)rt->limits.instructions
			    : PLUGIN_HOOK_STEP);
}

static void end_call(struct plugin_runtime *rt)
{
	lua_sethook(rt->L, NULL, 0, 0);
	free(rt->now.pending);
	rt->now.pending = NULL;
	value_free(rt->now.local_claims);
	rt->now.local_claims = NULL;
	value_free(rt->now.record);
	rt->now.record = NULL;
	rt->now.active = false;
	lua_settop(rt->L, 0);
}

static void note_line(struct plugin_runtime *rt, struct diag *d, int line,
		      const char *what)
{
	struct pos at = {rt->now.plugin->file, line, 0};

	if (line > 0)
		diag_note(d, at, "%s", what);
}

/* How much of a plugin's error message is formatted: diag.c cuts a
 * message to DIAG_MAX_MESSAGE, and a plugin's may be 60 MB of Lua string
 * that the host would otherwise copy whole first. */
#define MESSAGE_MAX (DIAG_MAX_MESSAGE + 1)

/*
 * Records why the call failed: a limit, the author's prepbook.error (at
 * the field it names), a problem with the plugin's results, or an error
 * in its code (with the plugin's line as a note, so both places show).
 */
static void report(struct plugin_runtime *rt, int status, struct diag *d)
{
	lua_State *L = rt->L;
	const char *name = rt->now.plugin->name, *msg;
	struct pos at = rt->now.call->at;
	int line;

	if (status == LUA_ERRMEM && rt->now.mem_refused)
		plugin_stop(rt, LIMIT_MEMORY);
	if (rt->now.killed != LIMIT_NONE) {
		diag_error(d, at, "%s: %s", name, rt->why);
		note_line(rt, d, rt->now.line, "the plugin was running here");
	} else if (status == LUA_OK) {
		diag_error(d, at, "%s: %s", name, rt->now.problem);
		note_line(rt, d, rt->now.problem_line, "error raised here");
	} else if (plugin_api_is_author_error(L, -1)) {
		msg = plugin_api_author_error(L, -1, &at);
		diag_error(d, at, "%s: %.*s", name, MESSAGE_MAX, msg);
	} else {
		msg = lua_type(L, -1) == LUA_TSTRING
			      ? lua_tostring(L, -1)
			      : "error in error handling";
		line = split_position(rt->now.plugin->short_src, &msg);
		diag_error(d, at, "%s: %.*s", name, MESSAGE_MAX, msg);
		note_line(rt, d, line ? line : rt->now.line,
			  "error raised here");
	}
}

/* Runs body on the call in protected mode; 0 or -1 after reporting. */
static int run_call(struct plugin_runtime *rt, lua_CFunction body,
		    struct plugin *pl, const struct plugin_call *call,
		    struct buf *html, struct diag *d)
{
	lua_State *L = rt->L;
	int status;

	begin_call(rt, pl, call, html, d);
	lua_pushcfunction(L, on_error);
	lua_pushcfunction(L, body);
	status = lua_pcall(L, 0, 0, 1);
	if (status != LUA_OK || rt->now.problem[0] != '\0' ||
	    rt->now.killed != LIMIT_NONE) {
		report(rt, status, d);
		end_call(rt);
		return -1;
	}
	/* A failed block's record is dropped with it (end_call). */
	if (rt->now.record != NULL && call->records != NULL) {
		value_push(call->records, rt->now.record);
		rt->now.record = NULL;
	}
	end_call(rt);
	return 0;
}

/* Whether a call of the plugin name may start: a valid name, and no call
 * in progress (a plugin's prepbook.markdown text cannot call plugins). */
static bool may_call(struct plugin_runtime *rt, const char *name, struct pos at,
		     struct diag *d)
{
	if (!valid_name(name)) {
		diag_error(d, at, "'%s' is not a plugin name", name);
		return false;
	}
	if (rt->now.active) {
		diag_error(d, at, "%s: plugins cannot run inside plugins",
			   name);
		return false;
	}
	return true;
}

int plugin_render(struct plugin_runtime *rt, const struct plugin_call *call,
		  struct buf *html, struct diag *d)
{
	if (!may_call(rt, call->name, call->at, d))
		return -1;
	return run_call(rt, render_body, find_plugin(rt, call->name), call,
			html, d);
}

static bool has_plugin_file(const char *dir, const char *name)
{
	struct buf path = BUF_INIT;
	bool found;

	buf_printf(&path, "%s/%s.lua", dir, name);
	found = file_is_regular(buf_str(&path));
	buf_release(&path);
	return found;
}

/* Finds the folder of pl's file once per runtime: every fenced block asks
 * (a ```python block too), and a plugin's assets ask again. */
static const char *locate(struct plugin_runtime *rt, struct plugin *pl)
{
	if (!pl->located) {
		pl->located = true;
		if (has_plugin_file(rt->dir, pl->name))
			pl->dir = rt->dir;
		else if (rt->fallback &&
			 has_plugin_file(rt->fallback, pl->name))
			pl->dir = rt->fallback;
	}
	return pl->dir;
}

const char *plugin_dir(struct plugin_runtime *rt, const char *name)
{
	const char *dir =
		valid_name(name) ? locate(rt, find_plugin(rt, name)) : NULL;

	return dir ? dir : rt->dir;
}

bool plugin_exists(struct plugin_runtime *rt, const char *name)
{
	return valid_name(name) && locate(rt, find_plugin(rt, name)) != NULL;
}

/* ---- assets ---------------------------------------------------------- */

/* A plain relative name inside plugins/assets/: segments of letters,
 * digits, '.', '-', '_' joined by '/', none empty or starting with '.'
 * (which also rules out '..'), ending in .css or .js. */
static const char *asset_name_problem(const char *name)
{
	const char *seg = name, *ext = strrchr(name, '.');

	for (const char *p = name;; p++) {
		if (*p == '/' || *p == '\0') {
			if (p == seg || *seg == '.')
				return "must be a plain file name inside the "
				       "assets folder";
			if (*p == '\0')
				break;
			seg = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') ||
			     (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || *p == '.' ||
			     *p == '-' || *p == '_')) {
			return "must be a plain file name inside the assets "
			       "folder";
		}
	}
	if (ext == NULL ||
	    (strcmp(ext, ".css") != 0 && strcmp(ext, ".js") != 0))
		return "must be a .css or .js file";
	return NULL;
}

/* Checks the list on the stack top; builds rt's value list or records a
 * problem. */
static void collect_assets(lua_State *L, struct plugin_runtime *rt,
			   struct value *list)
{
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	const char *name, *why;
	struct buf path = BUF_INIT;

	for (lua_Integer i = 1; i <= n && rt->now.problem[0] == '\0'; i++) {
		if (lua_rawgeti(L, -1, i) != LUA_TSTRING) {
			problem(rt, 0,
				"assets[%lld] must be a file name, got %s",
				(long long)i, luaL_typename(L, -1));
			break;
		}
		name = lua_tostring(L, -1);
		why = asset_name_problem(name);
		buf_reset(&path);
		buf_printf(&path, "%s/assets/%s",
			   plugin_dir(rt, rt->now.plugin->name), name);
		if (why != NULL)
			problem(rt, 0, "asset '%s' %s", name, why);
		else if (!file_is_regular(buf_str(&path)))
			problem(rt, 0, "asset '%s' not found in %s/assets/",
				name, rt->display);
		else
			value_push(list, value_string(name));
		lua_pop(L, 1);
	}
	buf_release(&path);
}

/* The protected body of plugin_assets.  The list is built in host memory
 * from strings only, after every Lua call that could raise. */
static int assets_body(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	struct value *list;
	int t;

	if (!run_chunk(L, rt))
		return 0;
	t = lua_getfield(L, -1, "assets");
	if (t == LUA_TNIL) {
		rt->now.plugin->assets = value_list();
		return 0;
	}
	if (t != LUA_TTABLE) {
		problem(rt, 0, "'assets' must be a list of file names, got %s",
			luaL_typename(L, -1));
		return 0;
	}
	/* Past this point nothing may raise: the list is host memory. */
	luaL_checkstack(L, 4, NULL);
	list = value_list();
	collect_assets(L, rt, list);
	if (rt->now.problem[0] != '\0')
		value_free(list);
	else
		rt->now.plugin->assets = list;
	return 0;
}

const struct value *plugin_assets(struct plugin_runtime *rt, const char *name,
				  struct pos at, struct diag *d)
{
	struct plugin_call call = {.name = name, .at = at};
	struct plugin *pl;

	if (!may_call(rt, name, at, d))
		return NULL;
	pl = find_plugin(rt, name);
	if (pl->assets == NULL &&
	    run_call(rt, assets_body, pl, &call, NULL, d) != 0)
		return NULL;
	return pl->assets;
}

/* ---- the runtime ----------------------------------------------------- */

static int setup(lua_State *L)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);

	plugin_sandbox_open(L, rt);
	plugin_api_open(L);
	plugin_data_open(L);
	return 0;
}

static int on_panic(lua_State *L)
{
	/* Only reachable through a bug here: every entry is protected. */
	fprintf(stderr, "prepbook: unprotected Lua error: %s\n",
		lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
	abort();
}

static long or_default(long v, long def)
{
	return v > 0 ? v : def;
}

struct plugin_runtime *plugin_runtime_new(const struct plugin_config *config)
{
	struct plugin_runtime *rt = mem_calloc(1, sizeof *rt);
	const struct plugin_limits *def = &plugin_default_limits;

	rt->dir = mem_strdup(config->dir ? config->dir : "plugins");
	rt->display = mem_strdup(config->display ? config->display : "plugins");
	rt->fallback =
		config->fallback_dir ? mem_strdup(config->fallback_dir) : NULL;
	rt->markdown = config->markdown;
	rt->markdown_data = config->markdown_data;
	rt->limits.instructions =
		or_default(config->limits.instructions, def->instructions);
	rt->limits.memory_bytes = config->limits.memory_bytes
					  ? config->limits.memory_bytes
					  : def->memory_bytes;
	rt->limits.output_bytes = config->limits.output_bytes
					  ? config->limits.output_bytes
					  : def->output_bytes;
	rt->limits.wall_ms = or_default(config->limits.wall_ms, def->wall_ms);
	rt->limits.input_bytes = config->limits.input_bytes
					 ? config->limits.input_bytes
					 : def->input_bytes;
	rt->limits.kept_bytes = config->limits.kept_bytes
					? config->limits.kept_bytes
					: def->kept_bytes;
	rt->guard.check = plugin_guard_check;
	rt->guard.data = rt;
	rt->guard.why = rt->why;
	rt->L = lua_newstate(plugin_alloc, rt);
	if (rt->L == NULL) {
		fprintf(stderr, "prepbook: out of memory\n");
		abort();
	}
	*(struct plugin_runtime **)lua_getextraspace(rt->L) = rt;
	lua_atpanic(rt->L, on_panic);
	/* The libraries are set up before the cap applies: they are the
	 * runtime's, not any plugin's. */
	lua_pushcfunction(rt->L, setup);
	if (lua_pcall(rt->L, 0, 0, 0) != LUA_OK)
		on_panic(rt->L);
	lua_gc(rt->L, LUA_GCCOLLECT);
	rt->mem_enforced = true;
	return rt;
}

void plugin_runtime_free(struct plugin_runtime *rt)
{
	if (rt == NULL)
		return;
	lua_close(rt->L);
	for (size_t i = 0; i < rt->nplugins; i++) {
		free(rt->plugins[i]->name);
		free(rt->plugins[i]->file);
		free(rt->plugins[i]->chunkname);
		free(rt->plugins[i]->error);
		value_free(rt->plugins[i]->assets);
		free(rt->plugins[i]);
	}
	free(rt->plugins);
	free(rt->dir);
	free(rt->display);
	free(rt->fallback);
	free(rt);
}
