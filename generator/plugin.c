/*
 * plugin: the Lua sandbox and the plugin API.
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
 *    call is "killed": the hook then fires on every instruction and the
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
#include <limits.h>
#include <stdarg.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "escape.h"
#include "file.h"
#include "mem.h"
#include "plugin_data.h"
#include "plugin_lib.h"
#include "slug.h"
#include "suggest.h"

/* Instructions between two runs of the count hook: rare enough to cost
 * nothing measurable, often enough that the clock is read every few
 * microseconds. */
#define HOOK_STEP 1000
/* How many stack levels the search for the plugin's line looks at. */
#define MAX_WALK 64
/* Allocations from this size up also check the clock. */
#define BIG_ALLOC (256 << 10)
/* Input bytes prepbook.escape handles per round (its output is 6x). */
#define ESCAPE_CHUNK 4096
/* What one prepbook.markdown call costs in instructions besides one per
 * byte of its text: parsing, rendering and freeing a cmark document takes
 * about as long as a thousand Lua instructions even for one word. */
#define MARKDOWN_CALL_COST 1000
/* Warnings a block's prepbook.markdown texts may record before the block
 * is stopped: enough for any real block, few enough that a loop over text
 * with raw HTML cannot bury the build's other messages. */
#define MAX_TEXT_WARNINGS 100

/*
 * The instruction budget is the limit meant to stop runaway plugin code:
 * it counts the same on every machine, so the same block fails the same
 * way everywhere.  The wall clock is only a safety net for time spent in C
 * that the budget cannot see (a huge sort, a slow allocator), so it is set
 * far above what the budget takes.  At 2 s it came first under
 * AddressSanitizer: a loop calling pcall spends its 50 million instructions
 * in about 1 s on a 2-core build machine and in about 4.5 s with the
 * sanitizers, both far below 30 s.
 */
const struct plugin_limits plugin_default_limits = {
	50000000, /* instructions per block */
	64 << 20, /* memory per state */
	1 << 20,  /* output per block */
	30000,	  /* ms per block */
};

/* Registry keys: the addresses are the keys. */
static const char key_base = 'b', key_string = 's', key_table = 't',
		  key_math = 'm', key_utf8 = 'u', key_author_mt = 'a',
		  key_ids = 'i', key_orders = 'o';

/* Why a call was stopped for good: a limit, or prepbook.markdown text that
 * recorded an error or too many warnings. */
enum limit {
	LIMIT_NONE,
	LIMIT_INSTRUCTIONS,
	LIMIT_MEMORY,
	LIMIT_WALL,
	LIMIT_TEXT_ERRORS,
	LIMIT_TEXT_WARNINGS,
};

struct plugin {
	char *name;
	char *file;	 /* as diagnostics name it: plugins/<name>.lua */
	char *chunkname; /* "@" file: how Lua names it */
	char short_src[LUA_IDSIZE]; /* how Lua's messages name it */
	int chunk_ref; /* the compiled chunk, LUA_NOREF until compiled */
	char *error;   /* why it does not compile, NULL if it does */
	int error_line;
	struct value *assets; /* validated list, NULL until asked */
	bool located;	      /* dir below has been looked up */
	const char *dir;      /* rt->dir or rt->fallback; NULL: no such file */
};

/* What the call in progress is doing; reset for each call. */
struct call_state {
	bool active;
	struct plugin *plugin;
	const struct plugin_call *call;
	struct diag *d;	  /* where the call's diagnostics go */
	struct buf *html; /* render: where the output goes */
	long budget;	  /* instructions left */
	struct timespec deadline;
	enum limit killed;
	int line;	   /* the plugin's line where it stopped or failed */
	bool mem_refused;  /* the allocator said no during this call */
	bool clock_due;	   /* the allocator saw the deadline pass */
	char *pending;	   /* host memory to free if Lua unwinds */
	char problem[256]; /* a check of the plugin's results that failed */
	int problem_line;
	int local_id; /* ctx.unique_id's counter when the call has none */
	struct value *local_claims; /* claimed ids when the call has no map */
	size_t text_warnings;	    /* recorded by prepbook.markdown's texts */
	lua_Integer next_object; /* the last number tostring gave an object */
};

struct plugin_runtime {
	lua_State *L;
	char *dir;
	char *display;
	char *fallback; /* NULL when there is no fallback folder */
	plugin_markdown_fn markdown;
	void *markdown_data;
	struct plugin_limits limits;
	size_t mem_used;
	bool mem_enforced;
	struct call_state now;
	struct plugin_guard guard;
	char why[160]; /* the message of the limit that killed the call */
	struct plugin *plugins;
	size_t nplugins;
	size_t plugins_cap;
};

static struct plugin_runtime *runtime_of(lua_State *L)
{
	return *(struct plugin_runtime **)lua_getextraspace(L);
}

/* 64 MiB, 8 KiB, 1000 bytes: limits read as people write them. */
static void format_size(char *out, size_t size, size_t n)
{
	if (n >= (1u << 20) && n % (1u << 20) == 0)
		snprintf(out, size, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, size, "%zu KiB", n >> 10);
	else
		snprintf(out, size, "%zu bytes", n);
}

/* ---- limits ---------------------------------------------------------- */

static bool past_deadline(const struct plugin_runtime *rt);
static void on_count(lua_State *L, lua_Debug *ar);

/*
 * A loop that builds a huge string in each pass spends its time in C
 * (memcpy), a thousand instructions can take seconds: big allocations read
 * the clock too.  The allocator cannot raise an error, so it only arms the
 * hook to run at the next instruction, which does.
 */
static void check_clock_on_alloc(struct plugin_runtime *rt)
{
	if (!rt->now.active || rt->now.killed != LIMIT_NONE ||
	    rt->now.clock_due || !past_deadline(rt))
		return;
	rt->now.clock_due = true;
	lua_sethook(rt->L, on_count, LUA_MASKCOUNT, 1);
}

/*
 * The state's allocator: realloc with the state's memory counted and
 * capped.  Refusing makes Lua collect garbage and try again, then raise a
 * memory error; that error is turned into the limit's message where it
 * surfaces.  Shrinking never fails, as Lua requires.
 */
static void *capped_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct plugin_runtime *rt = ud;
	size_t old = ptr != NULL ? osize : 0;
	void *p;

	if (nsize == 0) {
		free(ptr);
		rt->mem_used -= old;
		return NULL;
	}
	if (nsize > old && rt->mem_enforced &&
	    (rt->mem_used > rt->limits.memory_bytes ||
	     nsize - old > rt->limits.memory_bytes - rt->mem_used)) {
		rt->now.mem_refused = true;
		return NULL;
	}
	p = realloc(ptr, nsize);
	if (p == NULL)
		return nsize <= old ? ptr : NULL;
	rt->mem_used = rt->mem_used - old + nsize;
	if (nsize >= old + BIG_ALLOC)
		check_clock_on_alloc(rt);
	return p;
}

/* The line of the innermost running function of the plugin's file. */
static int plugin_line(lua_State *L, const struct plugin *pl)
{
	lua_Debug ar;

	for (int level = 0; level < MAX_WALK && lua_getstack(L, level, &ar);
	     level++) {
		if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0 &&
		    strcmp(ar.source, pl->chunkname) == 0)
			return ar.currentline;
	}
	return 0;
}

/* Marks the call killed by a limit; from now on it only unwinds. */
static void kill(struct plugin_runtime *rt, enum limit limit)
{
	char size[32];
	int line;

	if (rt->now.killed != LIMIT_NONE)
		return;
	rt->now.killed = limit;
	switch (limit) {
	case LIMIT_INSTRUCTIONS:
		snprintf(rt->why, sizeof rt->why,
			 "instruction budget of %ld exceeded",
			 rt->limits.instructions);
		break;
	case LIMIT_MEMORY:
		format_size(size, sizeof size, rt->limits.memory_bytes);
		snprintf(rt->why, sizeof rt->why, "memory limit of %s exceeded",
			 size);
		break;
	case LIMIT_WALL:
		snprintf(rt->why, sizeof rt->why,
			 "wall-clock limit of %ld ms exceeded",
			 rt->limits.wall_ms);
		break;
	case LIMIT_TEXT_ERRORS:
		snprintf(rt->why, sizeof rt->why,
			 "prepbook.markdown: the text has errors; see above");
		break;
	case LIMIT_TEXT_WARNINGS:
		snprintf(rt->why, sizeof rt->why,
			 "prepbook.markdown: more than %d warnings in one "
			 "block; see above",
			 MAX_TEXT_WARNINGS);
		break;
	case LIMIT_NONE:
		return;
	}
	/* Where it was running when stopped says more than where an error
	 * it was handling came from. */
	line = plugin_line(rt->L, rt->now.plugin);
	if (line > 0)
		rt->now.line = line;
	lua_sethook(rt->L, on_count, LUA_MASKCOUNT, 1);
}

static bool past_deadline(const struct plugin_runtime *rt)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec != rt->now.deadline.tv_sec)
		return now.tv_sec > rt->now.deadline.tv_sec;
	return now.tv_nsec > rt->now.deadline.tv_nsec;
}

/* Charges steps of work to the call; true when the call must stop. */
static bool charge(struct plugin_runtime *rt, long steps)
{
	if (rt->now.killed != LIMIT_NONE)
		return true;
	rt->now.budget -= steps;
	if (rt->now.budget < 0)
		kill(rt, LIMIT_INSTRUCTIONS);
	else if (past_deadline(rt))
		kill(rt, LIMIT_WALL);
	return rt->now.killed != LIMIT_NONE;
}

static int raise_killed(lua_State *L)
{
	return luaL_error(L, "%s", runtime_of(L)->why);
}

/* The count hook.  Once the call is killed it runs on every instruction
 * and raises each time, which is what makes a limit uncatchable. */
static void on_count(lua_State *L, lua_Debug *ar)
{
	struct plugin_runtime *rt = runtime_of(L);
	int step = rt->limits.instructions < HOOK_STEP
			   ? (int)rt->limits.instructions
			   : HOOK_STEP;

	(void)ar;
	if (rt->now.clock_due)
		kill(rt, LIMIT_WALL);
	if (rt->now.killed == LIMIT_NONE && !charge(rt, step))
		return;
	raise_killed(L);
}

/* plugin_lib's guard: steps counted inside C loops. */
static int guard_check(void *data, long steps)
{
	return charge(data, steps) ? -1 : 0;
}

/*
 * After plugin code caught an error (pcall, xpcall, load): a memory error
 * while the cap refused is the memory limit, and a killed call goes on
 * unwinding.  Does not return when the call must stop.
 */
static void rethrow_limits(lua_State *L, int status)
{
	struct plugin_runtime *rt = runtime_of(L);

	if (status == LUA_ERRMEM && rt->now.mem_refused)
		kill(rt, LIMIT_MEMORY);
	if (rt->now.killed != LIMIT_NONE)
		raise_killed(L);
}

/* ---- the sandbox's base functions ------------------------------------ */

static int sandbox_pcall(lua_State *L)
{
	int status;

	luaL_checkany(L, 1);
	lua_pushboolean(L, 1);
	lua_insert(L, 1);
	status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
	if (status == LUA_OK)
		return lua_gettop(L);
	rethrow_limits(L, status);
	lua_pushboolean(L, 0);
	lua_pushvalue(L, -2);
	return 2;
}

/*
 * The message handler xpcall really installs.  An error raised by the
 * count hook leaves hooks disabled until the protected call returns, so
 * the plugin's handler would run unbounded exactly when the call has been
 * killed: then it is skipped and the error passes through unchanged.
 */
static int xpcall_handler(lua_State *L)
{
	if (runtime_of(L)->now.killed != LIMIT_NONE)
		return 1;
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 1);
	return 1;
}

static int sandbox_xpcall(lua_State *L)
{
	int n = lua_gettop(L), status;

	luaL_checktype(L, 2, LUA_TFUNCTION);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, xpcall_handler, 1);
	lua_replace(L, 2);
	lua_pushvalue(L, 1);
	lua_insert(L, 3); /* f, handler, f, args... */
	status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
	if (status == LUA_OK) {
		lua_pushboolean(L, 1);
		lua_replace(L, 2);
		return lua_gettop(L) - 1;
	}
	rethrow_limits(L, status);
	lua_pushboolean(L, 0);
	lua_pushvalue(L, -2);
	return 2;
}

/* load(chunk [, chunkname [, mode [, env]]]): strings of source only.
 * Binary chunks are refused (they can crash the VM), and a reader function
 * is refused because load would swallow the errors raised inside it. */
static int sandbox_load(lua_State *L)
{
	size_t len;
	const char *chunk;
	int status;

	luaL_argexpected(L, lua_type(L, 1) == LUA_TSTRING, 1, "string");
	chunk = lua_tolstring(L, 1, &len);
	status = luaL_loadbufferx(L, chunk, len, "=(load)", "t");
	if (status != LUA_OK) {
		rethrow_limits(L, status);
		luaL_pushfail(L);
		lua_insert(L, -2);
		return 2;
	}
	if (lua_isnone(L, 4))
		lua_pushvalue(L, lua_upvalueindex(1));
	else
		lua_pushvalue(L, 4);
	lua_setupvalue(L, -2, 1);
	return 1;
}

static int sandbox_rawset(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checkany(L, 2);
	luaL_checkany(L, 3);
	if (plugin_data_is_read_only(L, 1))
		return luaL_error(L, "attempt to modify read-only data");
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 1;
}

/* Only tables have metatables a plugin may see; the string metatable
 * stays hidden. */
static int sandbox_getmetatable(lua_State *L)
{
	luaL_checkany(L, 1);
	if (lua_type(L, 1) != LUA_TTABLE || !lua_getmetatable(L, 1)) {
		lua_pushnil(L);
		return 1;
	}
	luaL_getmetafield(L, 1, "__metatable");
	return 1;
}

/* A __gc metamethod would run plugin code whenever the collector gets to
 * it, on some later page, outside any call's limits: refused. */
static int sandbox_setmetatable(lua_State *L)
{
	int t = lua_type(L, 2);

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2,
			 "nil or table");
	if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL)
		return luaL_error(L, "cannot change a protected metatable");
	lua_pushliteral(L, "__gc");
	if (t == LUA_TTABLE && lua_rawget(L, 2) != LUA_TNIL)
		return luaL_error(L, "'__gc' metamethods are not allowed in "
				     "plugins");
	lua_settop(L, 2);
	lua_setmetatable(L, 1);
	return 1;
}

/* ---- determinism ------------------------------------------------------ */

/*
 * Plain Lua leaks two things that change from run to run: object
 * addresses (tostring of a table, string.format's %p and %s) and the order
 * pairs and next visit string keys in (string hashes are seeded per state,
 * from its address and the time).  The sandbox replaces both, so the same
 * blocks give the same HTML every time.
 */

static bool is_object(int type)
{
	return type == LUA_TTABLE || type == LUA_TFUNCTION ||
	       type == LUA_TUSERDATA || type == LUA_TTHREAD ||
	       type == LUA_TLIGHTUSERDATA;
}

/* The number of the object at idx: 1 for the first one this call asked
 * about, 2 for the next, and so on. */
static lua_Integer object_number(lua_State *L, int idx)
{
	struct plugin_runtime *rt = runtime_of(L);
	lua_Integer n;

	idx = lua_absindex(L, idx);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_ids);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) == LUA_TNUMBER) {
		n = lua_tointeger(L, -1);
		lua_pop(L, 2);
		return n;
	}
	lua_pop(L, 1);
	n = ++rt->now.next_object;
	lua_pushvalue(L, idx);
	lua_pushinteger(L, n);
	lua_rawset(L, -3);
	lua_pop(L, 1);
	return n;
}

/* tostring(v): as Lua's, but an object without __tostring is named by its
 * number in this call ("table: 3"), not by its address. */
static int sandbox_tostring(lua_State *L)
{
	luaL_checkany(L, 1);
	if (is_object(lua_type(L, 1)) &&
	    luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
		lua_pushfstring(L, "%s: %I", luaL_typename(L, 1),
				(LUAI_UACINT)object_number(L, 1));
		return 1;
	}
	lua_settop(L, 1);
	luaL_tolstring(L, 1, NULL);
	return 1;
}

/* Whether the format string has a %p conversion. */
static bool has_pointer_format(const char *f)
{
	for (; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		while (*f && strchr("-+ #0123456789.", *f))
			f++;
		if (*f == 'p')
			return true;
		if (*f == '\0')
			break;
	}
	return false;
}

/* string.format: %p is refused, and objects given to %s are named as
 * tostring names them.  Upvalue 1 is Lua's string.format. */
static int sandbox_format(lua_State *L)
{
	int n = lua_gettop(L);

	luaL_argcheck(L, !has_pointer_format(luaL_checkstring(L, 1)), 1,
		      "'%p' is not available in plugins");
	for (int i = 2; i <= n; i++) {
		if (!is_object(lua_type(L, i)) ||
		    luaL_getmetafield(L, i, "__tostring") != LUA_TNIL) {
			if (is_object(lua_type(L, i)))
				lua_pop(L, 1);
			continue;
		}
		lua_pushfstring(L, "%s: %I", luaL_typename(L, i),
				(LUAI_UACINT)object_number(L, i));
		lua_replace(L, i);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, n, 1);
	return 1;
}

/* The rank of a key's type in the order pairs and next visit keys in; -1
 * for a type that has no such order. */
static int key_rank(lua_State *L, int idx)
{
	switch (lua_type(L, idx)) {
	case LUA_TNUMBER:
		return 0;
	case LUA_TSTRING:
		return 1;
	case LUA_TBOOLEAN:
		return 2;
	default:
		return -1;
	}
}

/*
 * The order pairs and next visit keys in: numbers ascending, then strings
 * bytewise, then false and true.  Tables, functions and other objects have
 * no place in it: all that tells two of them apart is their addresses, and
 * numbering them as a sort first meets them numbers them in the order of
 * the table's hash part, which is the very thing that changes from run to
 * run.  So a table with such a key cannot be iterated (push_sorted_keys
 * raises an error), and both keys here have a rank.
 */
static bool key_before(lua_State *L, int a, int b)
{
	int ra = key_rank(L, a), rb = key_rank(L, b);
	size_t la, lb;
	const char *sa, *sb;
	int c;

	if (ra != rb)
		return ra < rb;
	if (ra == 0)
		return lua_compare(L, a, b, LUA_OPLT);
	if (ra == 2)
		return !lua_toboolean(L, a) && lua_toboolean(L, b);
	sa = lua_tolstring(L, a, &la);
	sb = lua_tolstring(L, b, &lb);
	c = memcmp(sa, sb, la < lb ? la : lb);
	return c < 0 || (c == 0 && la < lb);
}

/* key_before as a comparator for table.sort. */
static int key_less(lua_State *L)
{
	lua_pushboolean(L, key_before(L, 1, 2));
	return 1;
}

/* What sorting n keys costs in instructions: n log2 n comparisons, plus
 * one step per key to collect it. */
static long sort_cost(lua_Integer n)
{
	long cost = (long)n;

	for (lua_Integer m = n; m > 1; m >>= 1)
		cost += (long)n;
	return cost;
}

/*
 * Pushes the keys of the table at idx as a sequence in key_before's order,
 * with the work charged to the budget.  A key with no order is an error
 * naming fn, the function the plugin called, raised before any sorting.
 */
static void push_sorted_keys(lua_State *L, int idx, const char *fn)
{
	lua_Integer n = 0;

	idx = lua_absindex(L, idx);
	lua_newtable(L);
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		lua_pop(L, 1);
		if (key_rank(L, -1) < 0)
			luaL_error(L,
				   "%s: a table key of type %s has no "
				   "deterministic order; use a list",
				   fn, luaL_typename(L, -1));
		lua_pushvalue(L, -1);
		lua_rawseti(L, -3, ++n);
	}
	if (charge(runtime_of(L), sort_cost(n)))
		raise_killed(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_table);
	lua_getfield(L, -1, "sort");
	lua_pushvalue(L, -3);
	lua_pushcfunction(L, key_less);
	lua_call(L, 2, 0);
	lua_pop(L, 1);
}

/* The iterator pairs returns: upvalue 1 the table, 2 its sorted keys,
 * 3 the position in them.  Keys whose value went nil are skipped. */
static int sorted_next(lua_State *L)
{
	lua_Integer i = lua_tointeger(L, lua_upvalueindex(3));

	for (;;) {
		if (lua_rawgeti(L, lua_upvalueindex(2), ++i) == LUA_TNIL)
			return 0;
		lua_pushvalue(L, -1);
		if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
			break;
		lua_pop(L, 2);
	}
	lua_pushinteger(L, i);
	lua_replace(L, lua_upvalueindex(3));
	return 2;
}

/* pairs(t): a __pairs metamethod as in Lua, else every key of t in the
 * order of key_before, whatever order the table holds them in. */
static int sandbox_pairs(lua_State *L)
{
	luaL_checkany(L, 1);
	if (luaL_getmetafield(L, 1, "__pairs") != LUA_TNIL) {
		lua_pushvalue(L, 1);
		lua_call(L, 1, 3);
		return 3;
	}
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 1);
	push_sorted_keys(L, 1, "pairs");
	lua_pushinteger(L, 0);
	lua_pushcclosure(L, sorted_next, 3);
	return 1;
}

/*
 * Pushes the order of table 1 for next: its sorted keys (a sequence) and
 * their positions (key -> index).  They are cached for the call, weakly
 * keyed by the table, so a traversal sorts once and each step costs one
 * lookup; rebuild makes a fresh order, as every traversal's first call
 * does, so keys added between traversals are seen.
 */
static void push_order(lua_State *L, bool rebuild)
{
	int top = lua_gettop(L);
	lua_Integer n;

	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_orders);
	lua_pushvalue(L, 1);
	if (!rebuild && lua_rawget(L, top + 1) == LUA_TTABLE) {
		lua_rawgeti(L, top + 2, 1);
		lua_rawgeti(L, top + 2, 2);
		lua_replace(L, top + 2);
		lua_replace(L, top + 1);
		return;
	}
	lua_settop(L, top + 1);
	push_sorted_keys(L, 1, "next");
	n = (lua_Integer)lua_rawlen(L, top + 2);
	lua_createtable(L, 0, n < INT_MAX ? (int)n : INT_MAX);
	for (lua_Integer i = 1; i <= n; i++) {
		lua_rawgeti(L, top + 2, i);
		lua_pushinteger(L, i);
		lua_rawset(L, top + 3);
	}
	lua_pushvalue(L, 1);
	lua_createtable(L, 2, 0);
	lua_pushvalue(L, top + 2);
	lua_rawseti(L, -2, 1);
	lua_pushvalue(L, top + 3);
	lua_rawseti(L, -2, 2);
	lua_rawset(L, top + 1);
	lua_remove(L, top + 1);
}

/* How many keys of the order at 3 come before key 2, or up to it when it
 * is one of them: where next goes on from. */
static lua_Integer keys_up_to(lua_State *L)
{
	lua_Integer lo = 0, hi = (lua_Integer)lua_rawlen(L, 3), mid;

	lua_pushvalue(L, 2);
	if (lua_rawget(L, 4) == LUA_TNUMBER)
		return lua_tointeger(L, -1);
	lua_pop(L, 1);
	if (key_rank(L, 2) < 0)
		luaL_error(L, "invalid key to 'next'");
	/* A key no longer in the table: binary search for its place. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		lua_rawgeti(L, 3, mid + 1);
		if (key_before(L, -1, 2))
			lo = mid + 1;
		else
			hi = mid;
		lua_pop(L, 1);
	}
	return lo;
}

/*
 * next(t [, k]): the first key after k (or the first key) in pairs' order
 * whose value is not nil, and its value, so `for k, v in next, t` visits
 * what pairs visits, in the same order.  Lua's own next follows the
 * table's hash order, which changes from run to run.
 */
static int sandbox_next(lua_State *L)
{
	lua_Integer i = 0, n;

	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	push_order(L, lua_isnil(L, 2));
	if (!lua_isnil(L, 2)) {
		lua_pushvalue(L, 2);
		if (lua_rawget(L, 4) == LUA_TNIL) {
			/* Not in the cached order: keys were added. */
			lua_settop(L, 2);
			push_order(L, true);
		}
		lua_settop(L, 4);
		i = keys_up_to(L);
	}
	lua_settop(L, 4);
	n = (lua_Integer)lua_rawlen(L, 3);
	while (++i <= n) {
		lua_rawgeti(L, 3, i);
		lua_pushvalue(L, -1);
		if (lua_rawget(L, 1) != LUA_TNIL)
			return 2;
		lua_pop(L, 2);
	}
	lua_pushnil(L);
	return 1;
}

/* ---- the prepbook API ------------------------------------------------ */

/* Pushes host memory s (taking it) as a Lua string; if pushing raises, the
 * call's cleanup frees it. */
static void push_host_string(lua_State *L, char *s, size_t len)
{
	struct plugin_runtime *rt = runtime_of(L);

	rt->now.pending = s;
	lua_pushlstring(L, s, len);
	rt->now.pending = NULL;
	free(s);
}

static int api_escape(lua_State *L)
{
	struct plugin_runtime *rt = runtime_of(L);
	size_t len, n;
	const char *s = luaL_checklstring(L, 1, &len);
	struct buf chunk = BUF_INIT;
	luaL_Buffer b;

	luaL_buffinit(L, &b);
	for (size_t i = 0; i < len; i += n) {
		n = len - i < ESCAPE_CHUNK ? len - i : ESCAPE_CHUNK;
		buf_reset(&chunk);
		escape_html_n(&chunk, s + i, n);
		rt->now.pending = chunk.data;
		luaL_addlstring(&b, chunk.data, chunk.len);
	}
	rt->now.pending = NULL;
	buf_release(&chunk);
	luaL_pushresult(&b);
	return 1;
}

/*
 * prepbook.markdown(s).  The renderer records problems in the text (a
 * broken link, raw HTML) in the call's sink, at the block.  A loop over
 * text with a broken link once recorded 600,000 errors before a limit
 * stopped it, so the block stops at the first call whose text has an
 * error, or once its texts have recorded too many warnings, and the work
 * is charged to the budget by the text's length.
 */
static int api_markdown(lua_State *L)
{
	struct plugin_runtime *rt = runtime_of(L);
	size_t len, errors, warnings;
	const char *text = luaL_checklstring(L, 1, &len);
	struct diag *d = rt->now.d;
	enum limit stop = LIMIT_NONE;
	char *html;

	if (rt->markdown == NULL)
		return luaL_error(L, "prepbook.markdown is not available here");
	if (charge(rt, MARKDOWN_CALL_COST + (long)len))
		return raise_killed(L);
	errors = diag_errors(d);
	warnings = diag_warnings(d);
	html = rt->markdown(text, rt->now.call->at, d, rt->markdown_data);
	rt->now.text_warnings += diag_warnings(d) - warnings;
	if (diag_errors(d) > errors)
		stop = LIMIT_TEXT_ERRORS;
	else if (rt->now.text_warnings > MAX_TEXT_WARNINGS)
		stop = LIMIT_TEXT_WARNINGS;
	if (stop != LIMIT_NONE) {
		free(html);
		kill(rt, stop);
		return raise_killed(L);
	}
	if (html == NULL)
		html = mem_strdup("");
	push_host_string(L, html, strlen(html));
	return 1;
}

static int api_slug(lua_State *L)
{
	char *slug = slug_github(luaL_checkstring(L, 1));

	push_host_string(L, slug, strlen(slug));
	return 1;
}

/* prepbook.error(msg): the author's mistake, reported at the block.  The
 * error value carries a metatable plugins cannot reach, so it cannot be
 * forged, and survives a pcall that re-raises it. */
static int api_error(lua_State *L)
{
	luaL_checkstring(L, 1);
	lua_settop(L, 1);
	lua_createtable(L, 1, 0);
	lua_insert(L, 1);
	lua_rawseti(L, 1, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_author_mt);
	lua_setmetatable(L, 1);
	return lua_error(L);
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
	struct plugin_runtime *rt = runtime_of(L);
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
		if (charge(rt, 1 + (len < 2 * word_len
					    ? (long)((word_len + 1) * (len + 1))
					    : 0)))
			raise_killed(L);
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
	const char *word = luaL_checklstring(L, 1, &word_len);
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

static bool is_author_error(lua_State *L, int idx)
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
 * claim is charged the search; the id is host memory once claimed, and
 * nothing after that raises.
 */
static bool claim(lua_State *L, const char *id, size_t len)
{
	struct plugin_runtime *rt = runtime_of(L);
	struct value *ids = claims(rt);

	if (charge(rt, (long)(value_len(ids) + len)))
		raise_killed(L);
	if (value_get(ids, id) != NULL)
		return false;
	value_set_bool(ids, id, true);
	return true;
}

/* ctx.unique_id([prefix]): "prefix-N", N counting up through the page,
 * skipping ids that ctx.claim_id took. */
static int ctx_unique_id(lua_State *L)
{
	struct plugin_runtime *rt = runtime_of(L);
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

/* ---- environments ---------------------------------------------------- */

/* Sets into the table at -1 a fresh copy of the registry table at key. */
static void copy_master(lua_State *L, const void *key)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, key);
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_rawset(L, -5);
	}
	lua_pop(L, 1);
}

static void set_library(lua_State *L, const char *name, const void *key)
{
	lua_newtable(L);
	copy_master(L, key);
	lua_setfield(L, -2, name);
}

static void set_api(lua_State *L)
{
	static const luaL_Reg api[] = {
		{"escape", api_escape}, {"markdown", api_markdown},
		{"slug", api_slug},	{"nearest", api_nearest},
		{"error", api_error},	{NULL, NULL},
	};

	lua_createtable(L, 0, 6);
	luaL_setfuncs(L, api, 0);
	plugin_data_push_null(L);
	lua_setfield(L, -2, "null");
	lua_setfield(L, -2, "prepbook");
}

/*
 * Pushes a new environment for one call.  The libraries are copies, so a
 * plugin that replaces string.upper replaces its own copy; the string
 * metatable's __index is pointed at this call's copy, so ("x"):upper()
 * sees the same table as string.upper does, and the next call gets a
 * fresh one.
 */
static void push_env(lua_State *L)
{
	lua_newtable(L); /* object numbers for tostring, weak keys */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_ids);
	lua_newtable(L); /* next's orders, weak keys */
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_orders);
	lua_createtable(L, 0, 32);
	copy_master(L, &key_base);
	lua_pushvalue(L, -1);
	lua_setfield(L, -2, "_G");
	lua_pushliteral(L, LUA_VERSION);
	lua_setfield(L, -2, "_VERSION");
	lua_pushvalue(L, -1);
	lua_pushcclosure(L, sandbox_load, 1);
	lua_setfield(L, -2, "load");
	set_library(L, "string", &key_string);
	set_library(L, "table", &key_table);
	set_library(L, "math", &key_math);
	set_library(L, "utf8", &key_utf8);
	set_api(L);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getfield(L, -3, "string");
	lua_setfield(L, -2, "__index");
	lua_pop(L, 2);
}

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
	struct plugin_runtime *rt = runtime_of(L);

	kill(rt, LIMIT_MEMORY);
	return raise_killed(L);
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

		buf_printf(&e, "cannot read %s: %s", pl->file, strerror(errno));
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
	push_env(L);
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

static void push_ctx(lua_State *L, struct plugin_runtime *rt)
{
	const struct plugin_call *call = rt->now.call;

	lua_createtable(L, 0, 9);
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
}

/* The protected body of plugin_render. */
static int render_body(lua_State *L)
{
	struct plugin_runtime *rt = runtime_of(L);
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
	push_ctx(L, rt);
	lua_call(L, 2, 1);
	if (lua_type(L, -1) != LUA_TSTRING) {
		problem(rt, 0, "render must return a string, got %s",
			luaL_typename(L, -1));
		return 0;
	}
	html = lua_tolstring(L, -1, &len);
	if (len > rt->limits.output_bytes) {
		format_size(limit, sizeof limit, rt->limits.output_bytes);
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
	struct plugin_runtime *rt = runtime_of(L);
	int t = lua_type(L, 1);

	if (is_author_error(L, 1))
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

static struct plugin *find_plugin(struct plugin_runtime *rt, const char *name)
{
	struct plugin *pl;
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < rt->nplugins; i++)
		if (strcmp(rt->plugins[i].name, name) == 0)
			return &rt->plugins[i];
	rt->plugins = mem_grow(rt->plugins, &rt->plugins_cap, rt->nplugins + 1,
			       sizeof *rt->plugins);
	pl = &rt->plugins[rt->nplugins++];
	memset(pl, 0, sizeof *pl);
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
	lua_sethook(rt->L, on_count, LUA_MASKCOUNT,
		    rt->limits.instructions < HOOK_STEP
			    ? (int)rt->limits.instructions
			    : HOOK_STEP);
}

static void end_call(struct plugin_runtime *rt)
{
	lua_sethook(rt->L, NULL, 0, 0);
	free(rt->now.pending);
	rt->now.pending = NULL;
	value_free(rt->now.local_claims);
	rt->now.local_claims = NULL;
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

/*
 * Records why the call failed: a limit, the author's prepbook.error, a
 * problem with the plugin's results, or an error in its code (with the
 * plugin's line as a note, so both places show).
 */
static void report(struct plugin_runtime *rt, int status, struct diag *d)
{
	lua_State *L = rt->L;
	const char *name = rt->now.plugin->name, *msg;
	struct pos at = rt->now.call->at;
	int line;

	if (status == LUA_ERRMEM && rt->now.mem_refused)
		kill(rt, LIMIT_MEMORY);
	if (rt->now.killed != LIMIT_NONE) {
		diag_error(d, at, "%s: %s", name, rt->why);
		note_line(rt, d, rt->now.line, "the plugin was running here");
	} else if (status == LUA_OK) {
		diag_error(d, at, "%s: %s", name, rt->now.problem);
		note_line(rt, d, rt->now.problem_line, "error raised here");
	} else if (is_author_error(L, -1)) {
		lua_rawgeti(L, -1, 1);
		diag_error(d, at, "%s: %s", name, lua_tostring(L, -1));
	} else {
		msg = lua_type(L, -1) == LUA_TSTRING
			      ? lua_tostring(L, -1)
			      : "error in error handling";
		line = split_position(rt->now.plugin->short_src, &msg);
		diag_error(d, at, "%s: %s", name, msg);
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
	end_call(rt);
	return 0;
}

int plugin_render(struct plugin_runtime *rt, const struct plugin_call *call,
		  struct buf *html, struct diag *d)
{
	if (!valid_name(call->name)) {
		diag_error(d, call->at, "'%s' is not a plugin name",
			   call->name);
		return -1;
	}
	if (rt->now.active) {
		diag_error(d, call->at, "%s: plugins cannot run inside plugins",
			   call->name);
		return -1;
	}
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
		else if (rt->fallback && has_plugin_file(rt->fallback, pl->name))
			pl->dir = rt->fallback;
	}
	return pl->dir;
}

const char *plugin_dir(struct plugin_runtime *rt, const char *name)
{
	const char *dir = valid_name(name) ? locate(rt, find_plugin(rt, name))
					   : NULL;

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
	struct plugin_runtime *rt = runtime_of(L);
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
	struct plugin_call call = {name, NULL, at, NULL, NULL, NULL, NULL};
	struct plugin *pl;

	if (!valid_name(name)) {
		diag_error(d, at, "'%s' is not a plugin name", name);
		return NULL;
	}
	if (rt->now.active) {
		diag_error(d, at, "%s: plugins cannot run inside plugins",
			   name);
		return NULL;
	}
	pl = find_plugin(rt, name);
	if (pl->assets == NULL &&
	    run_call(rt, assets_body, pl, &call, NULL, d) != 0)
		return NULL;
	return pl->assets;
}

/* ---- the runtime ----------------------------------------------------- */

/* Copies the named fields of the table at -1 into a new registry table. */
static void save_master(lua_State *L, const void *key, const char *const *names)
{
	lua_newtable(L);
	for (; *names; names++) {
		lua_getfield(L, -2, *names);
		lua_setfield(L, -2, *names);
	}
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
	lua_pop(L, 1);
}

static void open_library(lua_State *L, const char *name, lua_CFunction open)
{
	luaL_requiref(L, name, open, 0);
}

static void setup_base(lua_State *L)
{
	static const char *const safe[] = {
		"assert", "error",  "ipairs",	"rawequal", "rawlen",
		"rawget", "select", "tonumber", "type",	    NULL,
	};
	static const luaL_Reg own[] = {
		{"next", sandbox_next},
		{"pairs", sandbox_pairs},
		{"tostring", sandbox_tostring},
		{"pcall", sandbox_pcall},
		{"xpcall", sandbox_xpcall},
		{"rawset", sandbox_rawset},
		{"getmetatable", sandbox_getmetatable},
		{"setmetatable", sandbox_setmetatable},
		{NULL, NULL},
	};

	open_library(L, "_G", luaopen_base);
	save_master(L, &key_base, safe);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_base);
	luaL_setfuncs(L, own, 0);
	lua_pop(L, 1);
}

static void setup_libraries(lua_State *L, struct plugin_runtime *rt)
{
	static const char *const string_fns[] = {
		"byte",	   "char",  "find",   "format", "gmatch",   "gsub",
		"len",	   "lower", "match",  "pack",	"packsize", "rep",
		"reverse", "sub",   "unpack", "upper",	NULL,
	};
	static const char *const table_fns[] = {
		"concat", "insert", "move",   "pack",
		"remove", "sort",   "unpack", NULL,
	};
	static const char *const math_fns[] = {
		"abs",	      "ceil",	   "cos",  "deg", "exp",	"floor",
		"fmod",	      "huge",	   "log",  "max", "maxinteger", "min",
		"mininteger", "modf",	   "pi",   "rad", "sin",	"sqrt",
		"tan",	      "tointeger", "type", "ult", "acos",	"asin",
		"atan",	      NULL,
	};
	static const char *const utf8_fns[] = {
		"char", "charpattern", "codepoint", "codes",
		"len",	"offset",      NULL,
	};

	open_library(L, "string", luaopen_string);
	save_master(L, &key_string, string_fns);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_string);
	plugin_lib_set_string(L, -1, &rt->guard);
	lua_getfield(L, -1, "format");
	lua_pushcclosure(L, sandbox_format, 1);
	lua_setfield(L, -2, "format");
	lua_pop(L, 1);
	open_library(L, "table", luaopen_table);
	save_master(L, &key_table, table_fns);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_table);
	plugin_lib_set_table(L, -1, &rt->guard);
	lua_pop(L, 1);
	open_library(L, "math", luaopen_math);
	save_master(L, &key_math, math_fns);
	open_library(L, "utf8", luaopen_utf8);
	save_master(L, &key_utf8, utf8_fns);
}

static int setup(lua_State *L)
{
	struct plugin_runtime *rt = runtime_of(L);

	setup_base(L);
	setup_libraries(L, rt);
	lua_createtable(L, 0, 2);
	lua_pushcfunction(L, author_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushliteral(L, "prepbook.error");
	lua_setfield(L, -2, "__metatable");
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_author_mt);
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
	rt->guard.check = guard_check;
	rt->guard.data = rt;
	rt->guard.why = rt->why;
	rt->L = lua_newstate(capped_alloc, rt);
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
		free(rt->plugins[i].name);
		free(rt->plugins[i].file);
		free(rt->plugins[i].chunkname);
		free(rt->plugins[i].error);
		value_free(rt->plugins[i].assets);
	}
	free(rt->plugins);
	free(rt->dir);
	free(rt->display);
	free(rt->fallback);
	free(rt);
}
