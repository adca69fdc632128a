/*
 * plugin_sandbox: what plugin code can see.
 *
 * Plugins come from strangers' pull requests, so everything here assumes
 * hostile code.  Plugin code sees only the environment built for the call
 * it runs in: safe base functions, fresh copies of the string, table, math
 * and utf8 tables, the prepbook API, and read-only views of page and site
 * data.  The state's real globals, the registry and the master copies of
 * the libraries are never reachable, and the plugin's chunk runs again in
 * each call with a fresh _ENV upvalue, so nothing one block does is seen
 * by another.  No object can get a __gc finalizer, so no plugin code ever
 * runs outside the call it belongs to.
 */
#include "plugin_data.h"
#include "plugin_runtime.h"

#include <lualib.h>

/* Registry keys of the libraries' master copies: the addresses are the
 * keys. */
static const char key_base = 'b', key_string = 's', key_math = 'm',
		  key_utf8 = 'u';
const char plugin_key_table = 't';

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
	plugin_rethrow_limits(L, status);
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
	if (plugin_runtime_of(L)->now.killed != LIMIT_NONE)
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
	plugin_rethrow_limits(L, status);
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
		plugin_rethrow_limits(L, status);
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

/*
 * Pushes a new environment for one call.  The libraries are copies, so a
 * plugin that replaces string.upper replaces its own copy; the string
 * metatable's __index is pointed at this call's copy, so ("x"):upper()
 * sees the same table as string.upper does, and the next call gets a
 * fresh one.
 */
void plugin_sandbox_push_env(lua_State *L)
{
	plugin_order_reset(L);
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
	set_library(L, "table", &plugin_key_table);
	set_library(L, "math", &key_math);
	set_library(L, "utf8", &key_utf8);
	plugin_api_set(L);
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getfield(L, -3, "string");
	lua_setfield(L, -2, "__index");
	lua_pop(L, 2);
}

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
		{"next", plugin_order_next},
		{"pairs", plugin_order_pairs},
		{"tostring", plugin_order_tostring},
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
	plugin_order_wrap_format(L);
	lua_pop(L, 1);
	open_library(L, "table", luaopen_table);
	save_master(L, &plugin_key_table, table_fns);
	lua_rawgetp(L, LUA_REGISTRYINDEX, &plugin_key_table);
	plugin_lib_set_table(L, -1, &rt->guard);
	lua_pop(L, 1);
	open_library(L, "math", luaopen_math);
	save_master(L, &key_math, math_fns);
	open_library(L, "utf8", luaopen_utf8);
	save_master(L, &key_utf8, utf8_fns);
}

void plugin_sandbox_open(lua_State *L, struct plugin_runtime *rt)
{
	setup_base(L);
	setup_libraries(L, rt);
}
