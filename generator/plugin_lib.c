/*
 * plugin_lib: guarded string pattern and table functions for the sandbox.
 * Each function carries its guard as upvalue 1.  Errors are raised with
 * luaL_error only after the work has returned to this frame, and no frame
 * here owns heap memory (buffers are Lua's), so an error unwinds cleanly.
 * Argument checks and messages follow Lua 5.4's library.
 */
#include "plugin_lib.h"

#include <lauxlib.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "pattern.h"

#define TABLE_CHECK_EVERY 1024

static struct plugin_guard *guard_of(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

static int check_guard(void *data, long steps)
{
	struct plugin_guard *g = data;

	return g->check != NULL ? g->check(g->data, steps) : 0;
}

static void init_state(lua_State *L, struct pattern_state *ps, const char *s,
		       size_t ls, const char *p, size_t lp)
{
	pattern_init(ps, s, ls, p, lp, check_guard, guard_of(L));
}

/* Raises the error the pattern state holds; does not return. */
static int raise_pattern(lua_State *L, const struct pattern_state *ps)
{
	const struct plugin_guard *g = guard_of(L);

	if (ps->status == PATTERN_STOPPED)
		return luaL_error(L, "%s", g->why ? g->why : "stopped");
	return luaL_error(L, "%s", ps->message);
}

/* Lua's rule for a string position argument: negative counts from the
 * end, 0 and anything before the start mean 1. */
static size_t start_index(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 1;
	return len + (size_t)pos + 1;
}

static void push_capture(lua_State *L, struct pattern_state *ps, int i,
			 size_t start, size_t end)
{
	size_t from, len;

	switch (pattern_capture(ps, i, start, end, &from, &len)) {
	case PATTERN_CAPTURE_STRING:
		lua_pushlstring(L, ps->src + from, len);
		return;
	case PATTERN_CAPTURE_POSITION:
		lua_pushinteger(L, (lua_Integer)from);
		return;
	case PATTERN_CAPTURE_INVALID:
		raise_pattern(L, ps);
		return;
	}
}

/* Pushes the captures of the match [start,end), or the match itself when
 * whole is set and there are none; returns how many. */
static int push_captures(lua_State *L, struct pattern_state *ps, size_t start,
			 size_t end, int whole)
{
	int n = whole ? pattern_capture_count(ps) : ps->level;

	luaL_checkstack(L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(L, ps, i, start, end);
	return n;
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp, start, end;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
	struct pattern_state ps;
	int found;

	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	init_state(L, &ps, s, ls, p, lp);
	if (find && (lua_toboolean(L, 4) || pattern_is_plain(p, lp)))
		found = pattern_search_plain(&ps, init, &start, &end);
	else
		found = pattern_search(&ps, init, &start, &end);
	if (found < 0)
		return raise_pattern(L, &ps);
	if (found == 0) {
		luaL_pushfail(L);
		return 1;
	}
	if (!find)
		return push_captures(L, &ps, start, end, 1);
	lua_pushinteger(L, (lua_Integer)start + 1);
	lua_pushinteger(L, (lua_Integer)end);
	return push_captures(L, &ps, start, end, 0) + 2;
}

static int str_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int str_match(lua_State *L)
{
	return find_or_match(L, 0);
}

/* The state a gmatch iterator keeps between calls. */
struct gmatch {
	struct pattern_state ps;
	size_t next;	/* where the next search starts */
	ptrdiff_t last; /* end of the last match, -1 before the first */
};

static int gmatch_step(lua_State *L)
{
	struct gmatch *gm = lua_touserdata(L, lua_upvalueindex(4));
	size_t len = (size_t)(gm->ps.src_end - gm->ps.src);
	ptrdiff_t e;

	for (size_t at = gm->next; at <= len; at++) {
		e = pattern_match_at(&gm->ps, at, 0);
		if (gm->ps.status != PATTERN_OK)
			return raise_pattern(L, &gm->ps);
		if (e >= 0 && e != gm->last) {
			gm->next = (size_t)e;
			gm->last = e;
			return push_captures(L, &gm->ps, at, (size_t)e, 1);
		}
	}
	gm->next = len + 1;
	return 0;
}

static int str_gmatch(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = start_index(luaL_optinteger(L, 3, 1), ls) - 1;
	struct gmatch *gm;

	if (init > ls)
		init = ls + 1;
	lua_settop(L, 2);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1); /* guard, s, p: the iterator's upvalues 1..3 */
	gm = lua_newuserdatauv(L, sizeof *gm, 0);
	pattern_init(&gm->ps, s, ls, p, lp, check_guard, guard_of(L));
	gm->next = init;
	gm->last = -1;
	lua_pushcclosure(L, gmatch_step, 4);
	return 1;
}

/* Appends the replacement string for the match [start,end): '%%' is '%',
 * '%0' the match, '%1'..'%9' a capture. */
static void add_replacement(lua_State *L, luaL_Buffer *b,
			    struct pattern_state *ps, size_t start, size_t end)
{
	size_t len, i = 0, from, n;
	const char *r = lua_tolstring(L, 3, &len);
	const char *esc;

	while ((esc = memchr(r + i, '%', len - i)) != NULL) {
		luaL_addlstring(b, r + i, (size_t)(esc - (r + i)));
		i = (size_t)(esc - r) + 1;
		if (i < len && r[i] == '%') {
			luaL_addchar(b, '%');
		} else if (i < len && r[i] == '0') {
			luaL_addlstring(b, ps->src + start, end - start);
		} else if (i < len && r[i] >= '1' && r[i] <= '9') {
			switch (pattern_capture(ps, r[i] - '1', start, end,
						&from, &n)) {
			case PATTERN_CAPTURE_STRING:
				luaL_addlstring(b, ps->src + from, n);
				break;
			case PATTERN_CAPTURE_POSITION:
				lua_pushinteger(L, (lua_Integer)from);
				luaL_addvalue(b);
				break;
			case PATTERN_CAPTURE_INVALID:
				raise_pattern(L, ps);
				break;
			}
		} else {
			luaL_error(L, "invalid use of '%%' in replacement "
				      "string");
		}
		i++;
	}
	luaL_addlstring(b, r + i, len - i);
}

/* Appends what replaces the match [start,end); returns whether the text
 * changed (false when a table or function gave false or nil). */
static int add_value(lua_State *L, luaL_Buffer *b, struct pattern_state *ps,
		     size_t start, size_t end)
{
	switch (lua_type(L, 3)) {
	case LUA_TFUNCTION:
		lua_pushvalue(L, 3);
		lua_call(L, push_captures(L, ps, start, end, 1), 1);
		break;
	case LUA_TTABLE:
		push_capture(L, ps, 0, start, end);
		lua_gettable(L, 3);
		break;
	default:
		add_replacement(L, b, ps, start, end);
		return 1;
	}
	if (!lua_toboolean(L, -1)) {
		lua_pop(L, 1);
		luaL_addlstring(b, ps->src + start, end - start);
		return 0;
	}
	if (!lua_isstring(L, -1))
		return luaL_error(L, "invalid replacement value (a %s)",
				  luaL_typename(L, -1));
	luaL_addvalue(b);
	return 1;
}

static int str_gsub(lua_State *L)
{
	size_t ls, lp, at = 0;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int tr = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1), n = 0;
	size_t pstart = lp > 0 && p[0] == '^' ? 1 : 0;
	ptrdiff_t e, last = -1;
	int changed = 0;
	struct pattern_state ps;
	luaL_Buffer b;

	luaL_argexpected(L,
			 tr == LUA_TNUMBER || tr == LUA_TSTRING ||
				 tr == LUA_TFUNCTION || tr == LUA_TTABLE,
			 3, "string/function/table");
	luaL_buffinit(L, &b);
	init_state(L, &ps, s, ls, p, lp);
	while (n < max) {
		e = pattern_match_at(&ps, at, pstart);
		if (ps.status != PATTERN_OK)
			return raise_pattern(L, &ps);
		if (e >= 0 && e != last) {
			n++;
			changed =
				add_value(L, &b, &ps, at, (size_t)e) | changed;
			at = (size_t)e;
			last = e;
		} else if (at < ls) {
			luaL_addchar(&b, s[at++]);
		} else {
			break;
		}
		if (pstart == 1)
			break;
	}
	if (!changed) {
		lua_pushvalue(L, 1);
	} else {
		luaL_addlstring(&b, s + at, ls - at);
		luaL_pushresult(&b);
	}
	lua_pushinteger(L, n);
	return 2;
}

/* Counts one iteration of a table loop; raises when the guard says stop. */
static void table_step(lua_State *L, lua_Integer *count)
{
	struct plugin_guard *g;

	if (++*count % TABLE_CHECK_EVERY != 0)
		return;
	g = guard_of(L);
	if (check_guard(g, TABLE_CHECK_EVERY) != 0)
		luaL_error(L, "%s", g->why ? g->why : "stopped");
}

static int tbl_insert(lua_State *L)
{
	lua_Integer e, pos, count = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	e = luaL_len(L, 1) + 1; /* first empty slot */
	switch (lua_gettop(L)) {
	case 2:
		pos = e;
		break;
	case 3:
		pos = luaL_checkinteger(L, 2);
		luaL_argcheck(L, (lua_Unsigned)pos - 1u < (lua_Unsigned)e, 2,
			      "position out of bounds");
		for (lua_Integer i = e; i > pos; i--) {
			table_step(L, &count);
			lua_geti(L, 1, i - 1);
			lua_seti(L, 1, i);
		}
		break;
	default:
		return luaL_error(L, "wrong number of arguments to 'insert'");
	}
	lua_seti(L, 1, pos);
	return 0;
}

static int tbl_remove(lua_State *L)
{
	lua_Integer size, pos, count = 0;

	luaL_checktype(L, 1, LUA_TTABLE);
	size = luaL_len(L, 1);
	pos = luaL_optinteger(L, 2, size);
	if (pos != size)
		luaL_argcheck(L, (lua_Unsigned)pos - 1u <= (lua_Unsigned)size,
			      2, "position out of bounds");
	lua_geti(L, 1, pos);
	for (; pos < size; pos++) {
		table_step(L, &count);
		lua_geti(L, 1, pos + 1);
		lua_seti(L, 1, pos);
	}
	lua_pushnil(L);
	lua_seti(L, 1, pos);
	return 1;
}

static void move_items(lua_State *L, int to, lua_Integer f, lua_Integer n,
		       lua_Integer t, int backwards)
{
	lua_Integer count = 0;

	for (lua_Integer i = 0; i < n; i++) {
		lua_Integer k = backwards ? n - 1 - i : i;

		table_step(L, &count);
		lua_geti(L, 1, f + k);
		lua_seti(L, to, t + k);
	}
}

static int tbl_move(lua_State *L)
{
	lua_Integer f = luaL_checkinteger(L, 2);
	lua_Integer e = luaL_checkinteger(L, 3);
	lua_Integer t = luaL_checkinteger(L, 4);
	int to = lua_isnoneornil(L, 5) ? 1 : 5;
	lua_Integer n;

	luaL_checktype(L, 1, LUA_TTABLE);
	luaL_checktype(L, to, LUA_TTABLE);
	if (e >= f) {
		luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3,
			      "too many elements to move");
		n = e - f + 1;
		luaL_argcheck(L, t <= LUA_MAXINTEGER - n + 1, 4,
			      "destination wrap around");
		/* Overlapping ranges in one table copy from the end. */
		move_items(L, to, f, n, t,
			   !(t > e || t <= f ||
			     (to != 1 && !lua_compare(L, 1, to, LUA_OPEQ))));
	}
	lua_pushvalue(L, to);
	return 1;
}

/*
 * Stock functions that loop inside C (string.rep, table.concat, unpack
 * and sort) are kept, but charged first: each is wrapped in a closure
 * holding the guard and the original, which computes the work from the
 * arguments, reports it to the guard (raising when it says stop) and
 * then calls the original.  string.rep("", math.maxinteger) loops in C
 * without allocating, so only a charge in advance can stop it.  Wrong
 * arguments are charged nothing and left to the original's own errors.
 */
static void charge_or_raise(lua_State *L, double steps)
{
	struct plugin_guard *g = guard_of(L);

	if (steps < 1)
		return;
	if (check_guard(g, steps >= (double)LONG_MAX ? LONG_MAX
						     : (long)steps) != 0)
		luaL_error(L, "%s", g->why ? g->why : "stopped");
}

static int call_original(lua_State *L)
{
	int n = lua_gettop(L);

	lua_pushvalue(L, lua_upvalueindex(2));
	lua_insert(L, 1);
	lua_call(L, n, LUA_MULTRET);
	return lua_gettop(L);
}

/* The integer argument at idx, or def when absent or not an integer. */
static lua_Integer int_arg(lua_State *L, int idx, lua_Integer def)
{
	int is_int = 0;
	lua_Integer n = lua_tointegerx(L, idx, &is_int);

	return is_int ? n : def;
}

/* The span i..j of a list argument as a count, for concat and unpack. */
static double span(lua_State *L, int i_idx, int j_idx)
{
	lua_Integer i, j;

	if (lua_type(L, 1) != LUA_TTABLE)
		return 0;
	i = int_arg(L, i_idx, 1);
	j = lua_isnoneornil(L, j_idx) ? luaL_len(L, 1) : int_arg(L, j_idx, 0);
	return j >= i ? (double)j - (double)i + 1 : 0;
}

static int charged_rep(lua_State *L)
{
	size_t ls = 0, lsep = 0;
	lua_Integer n = int_arg(L, 2, 0);

	if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER)
		lua_tolstring(L, 1, &ls);
	if (lua_type(L, 3) == LUA_TSTRING)
		lua_tolstring(L, 3, &lsep);
	/* A repetition costs far less than an instruction, and a byte less
	 * still: what matters is that an absurd count is refused at once. */
	if (n > 0)
		charge_or_raise(L,
				(double)n / 64 +
					(double)n * (double)(ls + lsep) / 1024);
	return call_original(L);
}

static int charged_concat(lua_State *L)
{
	charge_or_raise(L, span(L, 3, 4));
	return call_original(L);
}

static int charged_unpack(lua_State *L)
{
	charge_or_raise(L, span(L, 2, 3));
	return call_original(L);
}

static int charged_sort(lua_State *L)
{
	double n = lua_type(L, 1) == LUA_TTABLE ? (double)luaL_len(L, 1) : 0;

	charge_or_raise(L, n * log2(n + 2));
	return call_original(L);
}

/* Replaces the function name in the table at idx by fn charging for it. */
static void set_charged(lua_State *L, int idx, struct plugin_guard *g,
			const char *name, lua_CFunction fn)
{
	idx = lua_absindex(L, idx);
	lua_pushlightuserdata(L, g);
	lua_getfield(L, idx, name);
	lua_pushcclosure(L, fn, 2);
	lua_setfield(L, idx, name);
}

static void set_guarded(lua_State *L, int idx, struct plugin_guard *g,
			const luaL_Reg *fns)
{
	idx = lua_absindex(L, idx);
	for (; fns->name != NULL; fns++) {
		lua_pushlightuserdata(L, g);
		lua_pushcclosure(L, fns->func, 1);
		lua_setfield(L, idx, fns->name);
	}
}

void plugin_lib_set_string(lua_State *L, int idx, struct plugin_guard *g)
{
	static const luaL_Reg fns[] = {
		{"find", str_find},	{"match", str_match},
		{"gmatch", str_gmatch}, {"gsub", str_gsub},
		{NULL, NULL},
	};

	set_guarded(L, idx, g, fns);
	set_charged(L, idx, g, "rep", charged_rep);
}

void plugin_lib_set_table(lua_State *L, int idx, struct plugin_guard *g)
{
	static const luaL_Reg fns[] = {
		{"insert", tbl_insert},
		{"remove", tbl_remove},
		{"move", tbl_move},
		{NULL, NULL},
	};

	set_guarded(L, idx, g, fns);
	set_charged(L, idx, g, "concat", charged_concat);
	set_charged(L, idx, g, "unpack", charged_unpack);
	set_charged(L, idx, g, "sort", charged_sort);
}
