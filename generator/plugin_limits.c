/*
 * plugin_limits: the limits every plugin call runs under, and what it
 * means to stop a call.
 *
 * Every limit ends the call with an error naming it: instructions (a count
 * hook, plus the step counts of the guarded C loops in plugin_lib.c),
 * memory (the state's allocator), output size, and wall time (checked by
 * the same hook and guards).  Once a limit is hit the call is "stopped":
 * the hook then fires on every instruction and the sandbox's pcall, xpcall
 * and load re-raise, so plugin code cannot swallow the error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plugin_runtime.h"

/* How many stack levels the search for the plugin's line looks at. */
#define MAX_WALK 64
/* Allocations from this size up also check the clock. */
#define BIG_ALLOC (256 << 10)

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
/*
 * The host's own work and memory escape the state's cap: cmark once
 * allocated gigabytes for one prepbook.markdown call on 28 MB of text.  So
 * every string a prepbook function takes is capped (at the block's output
 * limit: text longer than a block may write has no place on a page), and
 * what the host keeps for a page's blocks until the build ends (claimed
 * ids, records, the diagnostics of their Markdown text) is counted per
 * page.  A real page keeps a few kilobytes; a stress page of 20,000
 * callouts, each with its unique id, keeps about 1.6 MB.
 */
const struct plugin_limits plugin_default_limits = {
	50000000, /* instructions per block */
	64 << 20, /* memory per state */
	1 << 20,  /* output per block */
	30000,	  /* ms per block */
	1 << 20,  /* bytes per string given to a prepbook function */
	4 << 20,  /* bytes the host keeps per page */
};

struct plugin_runtime *plugin_runtime_of(lua_State *L)
{
	return *(struct plugin_runtime **)lua_getextraspace(L);
}

/* 64 MiB, 8 KiB, 1000 bytes: limits read as people write them. */
void plugin_format_size(char *out, size_t size, size_t n)
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
void plugin_on_count(lua_State *L, lua_Debug *ar);

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
	lua_sethook(rt->L, plugin_on_count, LUA_MASKCOUNT, 1);
}

/*
 * The state's allocator: realloc with the state's memory counted and
 * capped.  Refusing makes Lua collect garbage and try again, then raise a
 * memory error; that error is turned into the limit's message where it
 * surfaces.  Shrinking never fails, as Lua requires.
 */
void *plugin_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
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
int plugin_line(lua_State *L, const struct plugin *pl)
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
void plugin_stop(struct plugin_runtime *rt, enum limit limit)
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
		plugin_format_size(size, sizeof size, rt->limits.memory_bytes);
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
			 PLUGIN_MAX_TEXT_WARNINGS);
		break;
	case LIMIT_KEPT:
		plugin_format_size(size, sizeof size, rt->limits.kept_bytes);
		snprintf(rt->why, sizeof rt->why,
			 "limit of %s per page of ids, records and "
			 "warnings kept by the host exceeded",
			 size);
		break;
	case LIMIT_NONE:
		return;
	}
	/* Where it was running when stopped says more than where an error
	 * it was handling came from. */
	line = plugin_line(rt->L, rt->now.plugin);
	if (line > 0)
		rt->now.line = line;
	lua_sethook(rt->L, plugin_on_count, LUA_MASKCOUNT, 1);
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
bool plugin_charge(struct plugin_runtime *rt, long steps)
{
	if (rt->now.killed != LIMIT_NONE)
		return true;
	/* Compared before subtracting: a charge may be as large as LONG_MAX
	 * (string.rep asked for math.maxinteger copies). */
	rt->now.budget = steps > rt->now.budget ? -1 : rt->now.budget - steps;
	if (rt->now.budget < 0)
		plugin_stop(rt, LIMIT_INSTRUCTIONS);
	else if (past_deadline(rt))
		plugin_stop(rt, LIMIT_WALL);
	return rt->now.killed != LIMIT_NONE;
}

int plugin_raise_stopped(lua_State *L)
{
	return luaL_error(L, "%s", plugin_runtime_of(L)->why);
}

/* The count hook.  Once the call is killed it runs on every instruction
 * and raises each time, which is what makes a limit uncatchable. */
void plugin_on_count(lua_State *L, lua_Debug *ar)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	int step = rt->limits.instructions < PLUGIN_HOOK_STEP
			   ? (int)rt->limits.instructions
			   : PLUGIN_HOOK_STEP;

	(void)ar;
	if (rt->now.clock_due)
		plugin_stop(rt, LIMIT_WALL);
	if (rt->now.killed == LIMIT_NONE && !plugin_charge(rt, step))
		return;
	plugin_raise_stopped(L);
}

void plugin_keep(lua_State *L, size_t bytes)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	size_t *kept =
		rt->now.call->kept ? rt->now.call->kept : &rt->now.local_kept;

	if (*kept > rt->limits.kept_bytes ||
	    bytes > rt->limits.kept_bytes - *kept) {
		plugin_stop(rt, LIMIT_KEPT);
		plugin_raise_stopped(L);
	}
	*kept += bytes;
}

const char *plugin_check_input(lua_State *L, int arg, const char *fn,
			       size_t *len)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);
	const char *s = luaL_checklstring(L, arg, len);
	char size[32];

	if (*len > rt->limits.input_bytes) {
		plugin_format_size(size, sizeof size, rt->limits.input_bytes);
		luaL_error(L,
			   "%s: the text is %I bytes, more than the %s a "
			   "call may take",
			   fn, (LUAI_UACINT)*len, size);
	}
	return s;
}

/* plugin_lib's guard: steps counted inside C loops. */
int plugin_guard_check(void *data, long steps)
{
	return plugin_charge(data, steps) ? -1 : 0;
}

/*
 * After plugin code caught an error (pcall, xpcall, load): a memory error
 * while the cap refused is the memory limit, and a killed call goes on
 * unwinding.  Does not return when the call must stop.
 */
void plugin_rethrow_limits(lua_State *L, int status)
{
	struct plugin_runtime *rt = plugin_runtime_of(L);

	if (status == LUA_ERRMEM && rt->now.mem_refused)
		plugin_stop(rt, LIMIT_MEMORY);
	if (rt->now.killed != LIMIT_NONE)
		plugin_raise_stopped(L);
}
