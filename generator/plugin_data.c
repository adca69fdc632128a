/*
 * plugin_data: values as Lua values.  See plugin_data.h.
 *
 * A view is an empty table whose metatable holds the value (a light
 * userdata under a private registry-style key) and a cache of the views of
 * its children, so ctx.page.tags is the same table each time and page data
 * is converted only as far as a plugin looks.  The metatable's __metatable
 * field hides it from getmetatable and protects it from setmetatable.
 */
#include "plugin_data.h"

#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

/* How deep block data may nest before it is refused (YAML allows any). */
#define MAX_DATA_DEPTH 64

/* Keys in the registry or a view's metatable: the addresses are the keys. */
static const char key_null = 'N', key_null_mt = 'n', key_value = 'v',
		  key_cache = 'c';

void plugin_data_push_null(lua_State *L)
{
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_null);
}

static void push_number(lua_State *L, double n)
{
	/* Integral values within int64 become integers, so `args.count`
	 * prints as 3, not 3.0, and works as a table index. */
	if (n >= -9.2e18 && n <= 9.2e18 && n == (double)(lua_Integer)n)
		lua_pushinteger(L, (lua_Integer)n);
	else
		lua_pushnumber(L, n);
}

/* Pushes a scalar; false for lists and maps, which push nothing. */
static bool push_scalar(lua_State *L, const struct value *v)
{
	switch (value_kind(v)) {
	case VALUE_NULL:
		plugin_data_push_null(L);
		return true;
	case VALUE_BOOL:
		lua_pushboolean(L, value_bool_of(v));
		return true;
	case VALUE_NUMBER:
		push_number(L, value_number_of(v));
		return true;
	case VALUE_STRING:
		lua_pushlstring(L, value_string_of(v), value_len(v));
		return true;
	case VALUE_LIST:
	case VALUE_MAP:
		return false;
	}
	return false;
}

/* The block's data as plain tables the plugin owns: maps with string keys
 * (a null entry is left out, so it reads as nil), lists as sequences
 * (a null item is prepbook.null, so the sequence keeps its length). */
static void push_data(lua_State *L, const struct value *v, int depth)
{
	size_t n = value_len(v);

	if (depth > MAX_DATA_DEPTH)
		luaL_error(L, "block data nests deeper than %d levels",
			   MAX_DATA_DEPTH);
	luaL_checkstack(L, 4, "block data nests too deeply");
	if (push_scalar(L, v))
		return;
	if (value_is(v, VALUE_LIST)) {
		lua_createtable(L, n < INT32_MAX ? (int)n : 0, 0);
		for (size_t i = 0; i < n; i++) {
			push_data(L, value_at(v, i), depth + 1);
			lua_rawseti(L, -2, (lua_Integer)i + 1);
		}
		return;
	}
	lua_createtable(L, 0, n < INT32_MAX ? (int)n : 0);
	for (size_t i = 0; i < n; i++) {
		if (value_is(value_entry_at(v, i), VALUE_NULL))
			continue;
		push_data(L, value_entry_at(v, i), depth + 1);
		lua_setfield(L, -2, value_key_at(v, i));
	}
}

static const struct value *proxy_value(lua_State *L, int idx)
{
	const struct value *v;

	if (!lua_getmetatable(L, idx))
		return NULL;
	lua_rawgetp(L, -1, &key_value);
	v = lua_touserdata(L, -1);
	lua_pop(L, 2);
	return v;
}

/* Pushes the child of the proxy at idx for the key at kidx: a scalar, a
 * proxy (the same one each time), or nil. */
static void push_child(lua_State *L, int idx, int kidx,
		       const struct value *child, bool in_list)
{
	if (child == NULL || (!in_list && value_is(child, VALUE_NULL))) {
		lua_pushnil(L);
		return;
	}
	if (push_scalar(L, child))
		return;
	lua_getmetatable(L, idx);
	if (lua_rawgetp(L, -1, &key_cache) == LUA_TNIL) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_rawsetp(L, -3, &key_cache);
	}
	lua_pushvalue(L, kidx);
	if (lua_rawget(L, -2) == LUA_TNIL) {
		lua_pop(L, 1);
		plugin_data_push_view(L, child);
		lua_pushvalue(L, kidx);
		lua_pushvalue(L, -2);
		lua_rawset(L, -4);
	}
	lua_replace(L, -3);
	lua_pop(L, 1);
}

static const struct value *child_of(lua_State *L, const struct value *v,
				    int kidx)
{
	lua_Integer i;

	if (value_is(v, VALUE_MAP) && lua_type(L, kidx) == LUA_TSTRING)
		return value_get(v, lua_tostring(L, kidx));
	if (value_is(v, VALUE_LIST) && lua_isinteger(L, kidx)) {
		i = lua_tointeger(L, kidx);
		if (i >= 1 && (lua_Unsigned)i <= value_len(v))
			return value_at(v, (size_t)i - 1);
	}
	return NULL;
}

static int proxy_index(lua_State *L)
{
	const struct value *v = proxy_value(L, 1);

	push_child(L, 1, 2, child_of(L, v, 2), value_is(v, VALUE_LIST));
	return 1;
}

static int proxy_len(lua_State *L)
{
	const struct value *v = proxy_value(L, 1);

	lua_pushinteger(L, value_is(v, VALUE_LIST) ? (lua_Integer)value_len(v)
						   : 0);
	return 1;
}

static int proxy_newindex(lua_State *L)
{
	return luaL_error(L, "attempt to modify read-only data");
}

/* The next entry after the key at 2, for pairs(): lists by index, maps in
 * their order, null map entries skipped. */
static int proxy_next(lua_State *L)
{
	const struct value *v = proxy_value(L, 1);
	size_t i = 0, n = v != NULL ? value_len(v) : 0;

	if (value_is(v, VALUE_LIST)) {
		i = lua_isinteger(L, 2) ? (size_t)lua_tointeger(L, 2) : 0;
		if (i >= n)
			return 0;
		lua_pushinteger(L, (lua_Integer)i + 1);
		push_child(L, 1, lua_gettop(L), value_at(v, i), true);
		return 2;
	}
	if (lua_type(L, 2) == LUA_TSTRING) {
		while (i < n && strcmp(value_key_at(v, i), lua_tostring(L, 2)))
			i++;
		i++;
	}
	while (i < n && value_is(value_entry_at(v, i), VALUE_NULL))
		i++;
	if (i >= n)
		return 0;
	lua_pushstring(L, value_key_at(v, i));
	push_child(L, 1, lua_gettop(L), value_entry_at(v, i), false);
	return 2;
}

static int proxy_pairs(lua_State *L)
{
	lua_pushcfunction(L, proxy_next);
	lua_pushvalue(L, 1);
	lua_pushnil(L);
	return 3;
}

/*
 * A read-only view of v: an empty table whose metatable reads v on demand.
 * Children are made when first read and cached, so page data is converted
 * only as far as a plugin looks.  v must outlive the call.
 */
void plugin_data_push_view(lua_State *L, const struct value *v)
{
	static const luaL_Reg meta[] = {
		{"__index", proxy_index},
		{"__newindex", proxy_newindex},
		{"__len", proxy_len},
		{"__pairs", proxy_pairs},
		{NULL, NULL},
	};

	lua_newtable(L);
	lua_createtable(L, 0, 6);
	luaL_setfuncs(L, meta, 0);
	lua_pushliteral(L, "read-only");
	lua_setfield(L, -2, "__metatable");
	lua_pushlightuserdata(L, (void *)v);
	lua_rawsetp(L, -2, &key_value);
	lua_setmetatable(L, -2);
}

void plugin_data_push(lua_State *L, const struct value *v)
{
	push_data(L, v, 0);
}

static int null_tostring(lua_State *L)
{
	lua_pushliteral(L, "null");
	return 1;
}

void plugin_data_open(lua_State *L)
{
	lua_createtable(L, 0, 3);
	lua_pushcfunction(L, null_tostring);
	lua_setfield(L, -2, "__tostring");
	lua_pushcfunction(L, proxy_newindex);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "prepbook.null");
	lua_setfield(L, -2, "__metatable");
	lua_newtable(L);
	lua_pushvalue(L, -2);
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_null);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_null_mt);
}

bool plugin_data_is_read_only(lua_State *L, int idx)
{
	bool ro;

	if (!lua_getmetatable(L, idx))
		return false;
	ro = lua_rawgetp(L, -1, &key_value) != LUA_TNIL;
	lua_pop(L, 1);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_null_mt);
	ro = ro || lua_rawequal(L, -1, -2);
	lua_pop(L, 2);
	return ro;
}
