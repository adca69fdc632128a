/*
 * plugin_data: values as Lua values.  See plugin_data.h.
 *
 * A view is an empty table whose metatable holds the value (a light
 * userdata under a private registry-style key) and a cache of the views of
 * its children, so ctx.page.tags is the same table each time and page data
 * is converted only as far as a plugin looks.  The metatable's __metatable
 * field hides it from getmetatable and protects it from setmetatable.
 *
 * The tables of a block's arguments carry no positions a plugin could see
 * or forge; the host keeps them beside the tables instead, in a registry
 * table with weak keys that maps each table it built to a positions table:
 * [0] the table's own position, [i] a list item's, ["key"] where a map's
 * key was written.  A position is one integer (line << POS_COL_BITS | col),
 * so the bookkeeping costs one small table per YAML container, and it goes
 * with the arguments when the collector takes them.
 */
#include "plugin_data.h"

#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

/* How deep block data may nest before it is refused (YAML allows any). */
#define MAX_DATA_DEPTH 64
/* A packed position's column bits: a column past 16 million is clamped. */
#define POS_COL_BITS 24
#define POS_COL_MAX ((1 << POS_COL_BITS) - 1)

/* Keys in the registry or a view's metatable: the addresses are the keys. */
static const char key_null = 'N', key_null_mt = 'n', key_value = 'v',
		  key_cache = 'c', key_positions = 'p';

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

static lua_Integer pack_pos(int line, int col)
{
	if (line <= 0)
		return 0;
	if (col < 0)
		col = 0;
	return ((lua_Integer)line << POS_COL_BITS) |
	       (col > POS_COL_MAX ? POS_COL_MAX : col);
}

/* Sets positions[k] (k on the stack top, popped) to line:col, unless the
 * value was made by code and has none. */
static void set_pos(lua_State *L, int positions, int line, int col)
{
	lua_Integer packed = pack_pos(line, col);

	if (packed == 0) {
		lua_pop(L, 1);
		return;
	}
	lua_pushinteger(L, packed);
	lua_rawset(L, positions);
}

/* Fills the table at t from the list or map v, and its positions table
 * at p. */
static void push_children(lua_State *L, const struct value *v, int t, int p,
			  int depth);

/* The block's data as plain tables the plugin owns: maps with string keys
 * (a null entry is left out, so it reads as nil), lists as sequences
 * (a null item is prepbook.null, so the sequence keeps its length).  Each
 * table's positions go into the registry's weak table beside it. */
static void push_data(lua_State *L, const struct value *v, int depth)
{
	size_t n = value_len(v);
	int size = n < INT32_MAX ? (int)n : 0;
	bool list = value_is(v, VALUE_LIST);
	int t;

	if (depth > MAX_DATA_DEPTH)
		luaL_error(L, "block data nests deeper than %d levels",
			   MAX_DATA_DEPTH);
	luaL_checkstack(L, 8, "block data nests too deeply");
	if (push_scalar(L, v))
		return;
	lua_createtable(L, list ? size : 0, list ? 0 : size);
	t = lua_gettop(L);
	lua_createtable(L, list ? size : 0, list ? 1 : size + 1);
	lua_pushinteger(L, 0);
	set_pos(L, t + 1, value_line(v), value_col(v));
	push_children(L, v, t, t + 1, depth);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_positions);
	lua_pushvalue(L, t);
	lua_pushvalue(L, t + 1);
	lua_rawset(L, -3);
	lua_pop(L, 2);
}

static void push_children(lua_State *L, const struct value *v, int t, int p,
			  int depth)
{
	const struct value *item;
	int line, col;

	for (size_t i = 0; i < value_len(v); i++) {
		item = value_at(v, i);
		if (value_is(v, VALUE_LIST)) {
			push_data(L, item, depth + 1);
			lua_rawseti(L, t, (lua_Integer)i + 1);
			lua_pushinteger(L, (lua_Integer)i + 1);
			set_pos(L, p, value_line(item), value_col(item));
			continue;
		}
		if (!value_is(item, VALUE_NULL)) {
			push_data(L, item, depth + 1);
			lua_setfield(L, t, value_key_at(v, i));
		}
		line = value_key_line_at(v, i);
		col = value_key_col_at(v, i);
		if (line == 0) {
			line = value_line(item);
			col = value_col(item);
		}
		lua_pushstring(L, value_key_at(v, i));
		set_pos(L, p, line, col);
	}
}

bool plugin_data_where(lua_State *L, int idx, int kidx, int *line, int *col)
{
	lua_Integer packed = 0;
	int type;

	idx = lua_absindex(L, idx);
	kidx = kidx != 0 ? lua_absindex(L, kidx) : 0;
	if (lua_type(L, idx) != LUA_TTABLE)
		return false;
	lua_rawgetp(L, LUA_REGISTRYINDEX, &key_positions);
	lua_pushvalue(L, idx);
	if (lua_rawget(L, -2) != LUA_TTABLE) {
		lua_pop(L, 2);
		return false;
	}
	type = kidx != 0 ? lua_type(L, kidx) : LUA_TNONE;
	if (type == LUA_TSTRING || type == LUA_TNUMBER) {
		lua_pushvalue(L, kidx);
		lua_rawget(L, -2);
		packed = lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	if (packed == 0) {
		lua_rawgeti(L, -1, 0);
		packed = lua_tointeger(L, -1);
		lua_pop(L, 1);
	}
	lua_pop(L, 2);
	if (packed == 0)
		return false;
	*line = (int)(packed >> POS_COL_BITS);
	*col = (int)(packed & POS_COL_MAX);
	return true;
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
	lua_newtable(L);
	lua_createtable(L, 0, 1);
	lua_pushliteral(L, "k");
	lua_setfield(L, -2, "__mode");
	lua_setmetatable(L, -2);
	lua_rawsetp(L, LUA_REGISTRYINDEX, &key_positions);

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
