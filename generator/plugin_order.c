/*
 * plugin_order: determinism.  Output depends only on the inputs: no clock,
 * no random numbers, and pairs, next, tostring and string.format are
 * replaced so that neither hash seeds nor addresses show.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_runtime.h"

/* Registry keys: the addresses are the keys. */
static const char key_ids = 'i', key_orders = 'o';

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
	struct plugin_runtime *rt = plugin_runtime_of(L);
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
int plugin_order_tostring(lua_State *L)
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
	if (plugin_charge(plugin_runtime_of(L), sort_cost(n)))
		plugin_raise_stopped(L);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &plugin_key_table);
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
int plugin_order_pairs(lua_State *L)
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
int plugin_order_next(lua_State *L)
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

void plugin_order_wrap_format(lua_State *L)
{
	lua_getfield(L, -1, "format");
	lua_pushcclosure(L, sandbox_format, 1);
	lua_setfield(L, -2, "format");
}

/* Sets a new weak-keyed table at key in the registry. */
static void new_weak_table(lua_State *L, const void *key)
{
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, key);
}

void plugin_order_reset(lua_State *L)
{
	new_weak_table(L, &key_ids);	/* object numbers for tostring */
	new_weak_table(L, &key_orders); /* next's orders */
}
