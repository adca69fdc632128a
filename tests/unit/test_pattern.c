/*
 * Tests for pattern and plugin_lib: the sandbox's string.find, match,
 * gmatch and gsub and table.insert, remove and move must give what Lua's
 * own library gives (results and error messages) for a table of patterns
 * and for thousands of random ones, and must stop when the guard says so.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "pattern.h"
#include "plugin_lib.h"

#ifndef RANDOM_CASES
#define RANDOM_CASES 4000
#endif

/*
 * The comparison runs in Lua: `stock` is the real string and table
 * libraries, `guarded` has ours in their place.  Each case is called on
 * both; results are compared value by value, errors by message (without
 * the position prefix).  Returns a description of the first mismatches.
 */
static const char compare_lua[] =
	"local stock, guarded = ...\n"
	"local function pack(ok, ...)\n"
	"  if not ok then\n"
	"    local msg = tostring((...)):gsub('^[^:]*:%d+: ', '')\n"
	"    return { 'error: ' .. msg, n = 1 }\n"
	"  end\n"
	"  return table.pack(...)\n"
	"end\n"
	"local function show(r)\n"
	"  local parts = {}\n"
	"  for i = 1, r.n do parts[i] = type(r[i]) .. ':' .. tostring(r[i]) "
	"end\n"
	"  return '[' .. table.concat(parts, ', ') .. ']'\n"
	"end\n"
	"local function gm(lib, s, p, init)\n"
	"  local out = {}\n"
	"  for a, b, c in lib.gmatch(s, p, init) do\n"
	"    out[#out + 1] = tostring(a) .. '/' .. tostring(b) .. '/' .. "
	"tostring(c)\n"
	"    if #out > 50 then break end\n"
	"  end\n"
	"  return table.concat(out, '|')\n"
	"end\n"
	"local failures = {}\n"
	"function check(what, f, ...)\n"
	"  local a = show(pack(pcall(f, stock, ...)))\n"
	"  local b = show(pack(pcall(f, guarded, ...)))\n"
	"  if a ~= b and #failures < 10 then\n"
	"    local args = table.pack(...)\n"
	"    for i = 1, args.n do args[i] = string.format('%q', args[i]) end\n"
	"    failures[#failures + 1] = what .. '(' .. table.concat(args, ', ', "
	"1, args.n)\n"
	"      .. '): lua ' .. a .. ' ours ' .. b\n"
	"  end\n"
	"end\n"
	"local function find(lib, ...) return lib.find(...) end\n"
	"local function match(lib, ...) return lib.match(...) end\n"
	"local function gsub(lib, ...) return lib.gsub(...) end\n"
	"function all(s, p)\n"
	"  for _, init in ipairs({ 1, 2, -1, -3, 0, 100 }) do\n"
	"    check('find', find, s, p, init)\n"
	"    check('match', match, s, p, init)\n"
	"    check('gmatch', gm, s, p, init)\n"
	"  end\n"
	"  check('find plain', find, s, p, 1, true)\n"
	"  check('gsub', gsub, s, p, '<%0>')\n"
	"  check('gsub', gsub, s, p, '%1-%%', 2)\n"
	"  check('gsub', gsub, s, p, { a = 'A', [''] = 'E', b = false })\n"
	"  check('gsub', gsub, s, p, function(x, y) return y and x .. y end)\n"
	"end\n"
	"CASES(all)\n"
	"return table.concat(failures, '\\n')\n";

/* Subjects and patterns tried in every combination: every feature of
 * §6.4.1, the corners of its grammar, and malformed patterns. */
static const char cases_lua[] =
	"return function(all)\n"
	"  local subjects = { '', 'a', 'hello world', 'aaa', 'abc  def_12',\n"
	"    '(foo(bar))baz', 'THE (quick) fox', 'x = 1, y = 22', '[]^$%.-',\n"
	"    'a\\0b\\0c', '\\200\\255abc\\n\\t', 'key=val; k2=v2', 'aXbXc',\n"
	"    'one two  three', 'THE END' }\n"
	"  local patterns = { '', 'a', '.', '%a+', '%d+', '%s*', '%w-', '%p',\n"
	"    '%u%l*', '%x+', '%c', '%g+', '%A', '%S+', '%W', '%D*', '[abc]',\n"
	"    '[^abc]+', '[a-z]+', '[%a_][%w_]*', '[]]', '[^]]', '[a-]', "
	"'[-a]',\n"
	"    '[%]]', '[%-]', '^a', '^', '$', 'd$', '^$', 'a$b', '^h.-o', "
	"'a*',\n"
	"    'a+', 'a-', 'a?', 'a?a?a', '(a)', '(a*)(b?)', '()', '()a()',\n"
	"    '(h)(e)(l)', '((a)(b))', '(%w+)=(%w+)', '%bxy', '%b()', '%b((',\n"
	"    '%f[%w]%w+', '%f[%a]', '%f[%z]', '%f[^%s]', '(.)%1', "
	"'(a)(b)%2%1',\n"
	"    '(%a+) %1', '.-', '.-b', '.*b', '(.-)%s', '\\0', '%z', '[\\0]',\n"
	"    'X', '[X]', '%.', '%%', '%-', '*', '+a', '-', '?', 'a**',\n"
	"    '%bx', '%b', '%f', '%fa', '(', ')', 'a)', '(()', '%1', '(a)%2',\n"
	"    '%0', '[a', '[^', '[]', '[%', 'a%', '%', '(a', '((((((((((x',\n"
	"    '[\\200-\\255]+', '%d%d?%d?', '^(%s*)(.-)(%s*)$', 'l+' }\n"
	"  for _, s in ipairs(subjects) do\n"
	"    for _, p in ipairs(patterns) do all(s, p) end\n"
	"  end\n"
	"end\n";

/*
 * Random patterns: items drawn from every kind of pattern element,
 * quantified or not, against random subjects over a small alphabet, so
 * matches are frequent.  math.randomseed makes the run the same each
 * time.
 */
static const char random_lua[] =
	"return function(all)\n"
	"  math.randomseed(20240501)\n"
	"  local atoms = { 'a', 'b', '.', '%a', '%d', '%s', '%W', '[ab]',\n"
	"    '[^a]', '[a-c1]', '%%', 'x', ' ', '%p', '1' }\n"
	"  local whole = { '(', ')', '()', '%b()', '%bab', '%f[%a]',\n"
	"    '%f[%s]', '%1', '%2', '$', '^' }\n"
	"  local quant = { '', '', '*', '+', '-', '?' }\n"
	"  local letters = { 'a', 'b', 'c', '1', '2', ' ', '(', ')', 'x', '%' "
	"}\n"
	"  for _ = 1, N do\n"
	"    local p = {}\n"
	"    for _ = 1, math.random(1, 6) do\n"
	"      if math.random() < 0.25 then\n"
	"        p[#p + 1] = whole[math.random(#whole)]\n"
	"      else\n"
	"        p[#p + 1] = atoms[math.random(#atoms)] .. "
	"quant[math.random(#quant)]\n"
	"      end\n"
	"    end\n"
	"    local s = {}\n"
	"    for _ = 1, math.random(0, 12) do\n"
	"      s[#s + 1] = letters[math.random(#letters)]\n"
	"    end\n"
	"    all(table.concat(s), table.concat(p))\n"
	"  end\n"
	"end\n";

static int never_stop(void *data, long steps)
{
	(void)data;
	(void)steps;
	return 0;
}

static struct plugin_guard free_guard = {never_stop, NULL, "stopped"};

/* A state with the stock libraries and a `guarded` copy of string and
 * table whose functions are ours. */
static lua_State *new_state(struct plugin_guard *g)
{
	lua_State *L = luaL_newstate();

	luaL_openlibs(L);
	lua_newtable(L);
	lua_getglobal(L, "string");
	lua_pushnil(L);
	while (lua_next(L, -2)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		lua_settable(L, -5);
	}
	lua_pop(L, 1);
	plugin_lib_set_string(L, -1, g);
	lua_setglobal(L, "guarded");
	lua_newtable(L);
	plugin_lib_set_table(L, -1, g);
	lua_setglobal(L, "guarded_table");
	return L;
}

/* Runs the comparison over the cases chunk; returns the failures text. */
static char *compare(const char *cases, int n)
{
	lua_State *L = new_state(&free_guard);
	char *failures;

	lua_pushinteger(L, n);
	lua_setglobal(L, "N");
	assert_int_equal(luaL_dostring(L, cases), LUA_OK);
	lua_setglobal(L, "CASES");
	assert_int_equal(luaL_loadstring(L, compare_lua), LUA_OK);
	lua_getglobal(L, "string");
	lua_getglobal(L, "guarded");
	if (lua_pcall(L, 2, 1, 0) != LUA_OK)
		fail_msg("comparison failed: %s", lua_tostring(L, -1));
	failures = strdup(lua_tostring(L, -1));
	lua_close(L);
	return failures;
}

static void test_patterns_match_lua_for_every_feature(void **state)
{
	char *failures = compare(cases_lua, 0);

	(void)state;
	assert_string_equal(failures, "");
	free(failures);
}

static void test_random_patterns_match_lua(void **state)
{
	char *failures = compare(random_lua, RANDOM_CASES);

	(void)state;
	assert_string_equal(failures, "");
	free(failures);
}

/* Runs a chunk in a state whose `string` and `table` are ours; returns
 * its result or error message. */
static char *run(struct plugin_guard *g, const char *code)
{
	lua_State *L = new_state(g);
	char *result;

	lua_getglobal(L, "guarded");
	lua_setglobal(L, "string");
	/* Method calls ("x"):find() go through the string metatable. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getglobal(L, "guarded");
	lua_setfield(L, -2, "__index");
	lua_pop(L, 2);
	lua_getglobal(L, "guarded_table");
	lua_setglobal(L, "gtable");
	if (luaL_dostring(L, code) != LUA_OK)
		result = strdup(lua_tostring(L, -1));
	else
		result = strdup(lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
	lua_close(L);
	return result;
}

static void assert_runs(const char *code, const char *expected)
{
	char *result = run(&free_guard, code);

	assert_string_equal(result, expected);
	free(result);
}

static void test_string_methods_use_the_guarded_functions(void **state)
{
	(void)state;
	assert_runs("getmetatable('').__index = string\n"
		    "return (('key = value'):gsub('(%w+) = (%w+)', '%2 = %1'))",
		    "value = key");
	assert_runs("local t = {}\n"
		    "for k, v in ('a=1, b=2'):gmatch('(%w+)=(%w+)') do\n"
		    "  t[#t + 1] = k .. v\n"
		    "end\n"
		    "return table.concat(t, ' ')",
		    "a1 b2");
	assert_runs("return select(2, string.gsub('abc', '', '-'))", "4");
	assert_runs("return (string.gsub('hello world', '%w+', '%0 %0', 1))",
		    "hello hello world");
	assert_runs("return (string.gsub('abc', '%w', '%1x'))", "axbxcx");
	assert_runs("return string.find('a.b', '.', 1, true)", "2");
	assert_runs("return string.find('abc', 'b', -10)", "2");
	assert_runs("return string.gsub('abc', '(b)', '%2')",
		    "[string \"return string.gsub('abc', '(b)', '%2')\"]:1: "
		    "invalid capture index %2");
	assert_runs("return (string.gsub('abc', 'b', 1.5))", "a1.5c");
	assert_runs("return select('#', string.gsub('abc', 'b', {}))", "2");
	assert_runs("return string.gsub('abc', 'b', {b = {}})",
		    "[string \"return string.gsub('abc', 'b', {b = {}})\"]:1: "
		    "invalid replacement value (a table)");
	assert_runs("return string.gsub('abc', 'b')",
		    "[string \"return string.gsub('abc', 'b')\"]:1: bad "
		    "argument #3 to 'gsub' (string/function/table expected, "
		    "got no value)");
	assert_runs(
		"return string.match(string.rep('a', 10000), '^(a*)$'):len()",
		"10000");
}

static void test_table_functions_match_lua(void **state)
{
	(void)state;
	assert_runs("local t = {1, 2, 3}\n"
		    "gtable.insert(t, 4); gtable.insert(t, 1, 0)\n"
		    "local r = gtable.remove(t, 2) .. gtable.remove(t)\n"
		    "return r .. ':' .. table.concat(t, ',')",
		    "14:0,2,3");
	assert_runs(
		"local t = gtable.move({1, 2, 3, 4, 5}, 2, 4, 1)\n"
		"local u = gtable.move({1, 2, 3}, 1, 3, 3)\n"
		"local v = gtable.move({1, 2}, 1, 2, 1, {9, 9, 9})\n"
		"return table.concat(t, ',') .. ' ' .. table.concat(u, ',') .. "
		"' ' .. table.concat(v, ',')",
		"2,3,4,4,5 1,2,1,2,3 1,2,9");
	assert_runs("local t = {}\n"
		    "return tostring(gtable.remove(t)) .. "
		    "tostring(gtable.remove(t, 1))"
		    " .. #t",
		    "nilnil0");
	assert_runs("return gtable.insert({1}, 5, 2)",
		    "[string \"return gtable.insert({1}, 5, 2)\"]:1: bad "
		    "argument #2 to 'insert' (position out of bounds)");
	assert_runs("return gtable.insert({1}, 1, 2, 3)",
		    "[string \"return gtable.insert({1}, 1, 2, 3)\"]:1: wrong "
		    "number of arguments to 'insert'");
	assert_runs("return gtable.remove({1, 2}, 5)",
		    "[string \"return gtable.remove({1, 2}, 5)\"]:1: bad "
		    "argument #2 to 'remove' (position out of bounds)");
	assert_runs("return gtable.move({},-1,math.maxinteger,1)",
		    "[string \"return gtable.move({},-1,math.maxinteger,1)\"]"
		    ":1: bad argument #3 to 'move' (too many elements to "
		    "move)");
}

struct counting_guard {
	long steps;
	long stop_after;
};

static int stop_after(void *data, long steps)
{
	struct counting_guard *c = data;

	c->steps += steps;
	return c->steps > c->stop_after;
}

/* Runs code under guard g and asserts it stopped with the guard's error. */
static void assert_stopped(struct plugin_guard *g, const char *code)
{
	char *result = run(g, code);
	const char *tail = ":1: budget gone";
	size_t len = strlen(result);

	assert_true(len > strlen(tail));
	assert_string_equal(result + len - strlen(tail), tail);
	free(result);
}

static void test_guard_stops_backtracking_and_c_loops(void **state)
{
	struct counting_guard counter = {0, 1000000};
	struct plugin_guard g = {stop_after, &counter, "budget gone"};

	(void)state;
	assert_stopped(&g, "return string.rep('a', 40000):find('.-.-.-.-b')");
	assert_true(counter.steps > 1000000 && counter.steps < 1100000);
	counter.steps = 0;
	assert_stopped(&g,
		       "return string.rep('a', 40000):gsub('(.-)(.-)b', '')");
	counter.steps = 0;
	assert_stopped(&g, "for w in string.rep('a', 3000):gmatch('(.-)*b') "
			   "do end");
	counter.steps = 0;
	assert_stopped(&g, "return string.match(string.rep('(', 9e4), "
			   "'%b()%b()%b()')");
	counter.steps = 0;
	assert_stopped(&g, "return gtable.move({}, 1, math.maxinteger - 1, 2)");
	counter.steps = 0;
	assert_stopped(&g, "local t = setmetatable({}, {__len = function() "
			   "return 1 << 40 end}) gtable.insert(t, 1, 0)");
	counter.steps = 0;
	assert_stopped(&g, "local t = setmetatable({}, {__len = function() "
			   "return 1 << 40 end}) gtable.remove(t, 1)");
}

static void test_plain_search_counts_its_work(void **state)
{
	struct counting_guard counter = {0, 1L << 40};
	struct pattern_state ps;
	char subject[20000], needle[5001];
	size_t start, end;

	(void)state;
	memset(subject, 'a', sizeof subject);
	memset(needle, 'a', sizeof needle);
	needle[5000] = 'b';
	pattern_init(&ps, subject, sizeof subject, needle, sizeof needle,
		     stop_after, &counter);
	assert_int_equal(pattern_search_plain(&ps, 0, &start, &end), 0);
	assert_true(counter.steps > 0);
	pattern_init(&ps, subject, sizeof subject, "aab", 3, NULL, NULL);
	assert_int_equal(pattern_search_plain(&ps, 0, &start, &end), 0);
	memcpy(subject + 100, "aab", 3);
	assert_int_equal(pattern_search_plain(&ps, 0, &start, &end), 1);
	assert_int_equal(start, 100);
	assert_int_equal(end, 103);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_patterns_match_lua_for_every_feature),
		cmocka_unit_test(test_random_patterns_match_lua),
		cmocka_unit_test(test_string_methods_use_the_guarded_functions),
		cmocka_unit_test(test_table_functions_match_lua),
		cmocka_unit_test(test_guard_stops_backtracking_and_c_loops),
		cmocka_unit_test(test_plain_search_counts_its_work),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
