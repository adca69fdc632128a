/*
 * plugin_lib: the library functions the plugin sandbox replaces because the
 * stock ones can run unbounded inside one C call, where the instruction
 * hook never fires: string.find, match, gmatch and gsub (backtracking
 * patterns, see pattern.h) and table.insert, remove and move (a lying
 * __len makes their shifting loops as long as it likes).  The replacements
 * behave as Lua 5.4.4's (lstrlib.c and ltablib.c of that release, the one
 * Debian's liblua5.4-dev ships), but report their work to a guard every few
 * thousand steps and raise an error when the guard says stop.
 * string.rep, table.concat, table.unpack and table.sort stay Lua's own
 * but charge the guard for their work before they start.
 */
#ifndef PREPBOOK_PLUGIN_LIB_H
#define PREPBOOK_PLUGIN_LIB_H

#include <lua.h>

struct plugin_guard {
	/* Adds steps to the current call's work; 0 to go on, nonzero to
	 * stop the call (after setting why). */
	int (*check)(void *data, long steps);
	void *data;
	const char *why; /* the error to raise once check said stop */
};

/* Sets the guarded find, match, gmatch and gsub into the table at index
 * idx.  The guard must outlive every function set. */
void plugin_lib_set_string(lua_State *L, int idx, struct plugin_guard *g);

/* Sets the guarded insert, remove and move into the table at index idx. */
void plugin_lib_set_table(lua_State *L, int idx, struct plugin_guard *g);

#endif
