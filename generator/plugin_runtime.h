/*
 * plugin_runtime: the private header of the plugin runtime's files, as
 * Lua's lstate.h is of Lua's.  Only plugin*.c include it; everyone else
 * sees plugin.h.
 *
 * The runtime is split by question:
 *   plugin.c          loading plugin files, calling them, their assets,
 *                     making and freeing a runtime
 *   plugin_limits.c   the limits: memory, instructions, wall time, and
 *                     what stopping a call means
 *   plugin_sandbox.c  what plugin code can see: the safe base functions,
 *                     the library copies, a fresh environment per call
 *   plugin_order.c    determinism: pairs, next, tostring and
 *                     string.format without hash order or addresses
 *   plugin_api.c      the prepbook table and ctx's id functions
 *   plugin_data.c     values to Lua tables and read-only views
 *   plugin_lib.c      the guarded string and table functions
 */
#ifndef PREPBOOK_PLUGIN_RUNTIME_H
#define PREPBOOK_PLUGIN_RUNTIME_H

#include <lauxlib.h>
#include <lua.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "buf.h"
#include "diag.h"
#include "plugin.h"
#include "plugin_lib.h"
#include "value.h"

/* Instructions between two runs of the count hook: rare enough to cost
 * nothing measurable, often enough that the clock is read every few
 * microseconds. */
#define PLUGIN_HOOK_STEP 1000
/* Warnings a block's prepbook.markdown texts may record before the block
 * is stopped: enough for any real block, few enough that a loop over text
 * with raw HTML cannot bury the build's other messages. */
#define PLUGIN_MAX_TEXT_WARNINGS 100

/* Why a call was stopped for good: a limit, or prepbook.markdown text that
 * recorded an error or too many warnings. */
enum limit {
	LIMIT_NONE,
	LIMIT_INSTRUCTIONS,
	LIMIT_MEMORY,
	LIMIT_WALL,
	LIMIT_TEXT_ERRORS,
	LIMIT_TEXT_WARNINGS,
	LIMIT_KEPT,
};

/* One plugin file, as the runtime knows it.  Each lives in its own heap
 * block, so a pointer to it stays valid while others are added. */
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
	struct value *record;	    /* ctx.record's, until the call succeeds */
	size_t local_kept;	    /* the kept count when the call has none */
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
	struct plugin **plugins;
	size_t nplugins;
	size_t plugins_cap;
};

/* The runtime a state belongs to (kept in the state's extra space). */
struct plugin_runtime *plugin_runtime_of(lua_State *L);

/* ---- plugin_limits.c ---- */

/* The state's allocator (lua_Alloc): realloc with the state's memory
 * counted and capped; ud is the runtime. */
void *plugin_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* The count hook that charges instructions and raises once stopped. */
void plugin_on_count(lua_State *L, lua_Debug *ar);
/* Charges steps of work to the call; true when the call must stop. */
bool plugin_charge(struct plugin_runtime *rt, long steps);
/* Marks the call stopped by limit; from now on it only unwinds. */
void plugin_stop(struct plugin_runtime *rt, enum limit limit);
/* Raises the stopped call's error (does not return). */
int plugin_raise_stopped(lua_State *L);
/* After plugin code caught an error with status: a refused allocation is
 * the memory limit, and a stopped call goes on unwinding. */
void plugin_rethrow_limits(lua_State *L, int status);
/* Counts bytes of host memory kept for the page's blocks (an estimate of
 * what the host holds until the build ends); raises the kept-memory limit
 * when the page's count passes limits.kept_bytes.  Call it before making
 * what it counts, so nothing is made when it raises. */
void plugin_keep(lua_State *L, size_t bytes);
/* Checks argument arg of the prepbook function fn, a string: raises an
 * error naming fn when it is longer than limits.input_bytes.  Returns the
 * string and its length in *len. */
const char *plugin_check_input(lua_State *L, int arg, const char *fn,
			       size_t *len);
/* plugin_lib's guard check: data is the runtime. */
int plugin_guard_check(void *data, long steps);
/* The line of the innermost running function of pl's file, or 0. */
int plugin_line(lua_State *L, const struct plugin *pl);
/* "64 MiB", "8 KiB", "1000 bytes": a limit as people write it. */
void plugin_format_size(char *out, size_t size, size_t n);

/* ---- plugin_sandbox.c ---- */

/* The registry key of the master copy of the table library. */
extern const char plugin_key_table;

/* Sets up the master copies of the safe libraries in the registry (once
 * per state, before the memory cap applies). */
void plugin_sandbox_open(lua_State *L, struct plugin_runtime *rt);
/* Pushes a new environment for one call. */
void plugin_sandbox_push_env(lua_State *L);

/* ---- plugin_order.c ---- */

/* The deterministic replacements of the base functions. */
int plugin_order_next(lua_State *L);
int plugin_order_pairs(lua_State *L);
int plugin_order_tostring(lua_State *L);
/* Replaces string.format in the table at -1 by one that refuses %p and
 * names objects as plugin_order_tostring does. */
void plugin_order_wrap_format(lua_State *L);
/* Forgets the object numbers and key orders of the previous call. */
void plugin_order_reset(lua_State *L);

/* ---- plugin_api.c ---- */

/* Sets up what the API needs in the registry (once per state). */
void plugin_api_open(lua_State *L);
/* Sets the prepbook table into the table at -1. */
void plugin_api_set(lua_State *L);
/* Pushes the ctx table of the call in progress. */
void plugin_api_push_ctx(lua_State *L, struct plugin_runtime *rt);
/* Whether the value at idx is an error raised by prepbook.error. */
bool plugin_api_is_author_error(lua_State *L, int idx);
/* The message of the prepbook.error value at idx, pushed and returned;
 * moves *at to the field it names, when it names one. */
const char *plugin_api_author_error(lua_State *L, int idx, struct pos *at);

#endif
