/*
 * plugin_data: values (see value.h) as the Lua values a plugin sees.  A
 * block's arguments become plain tables the plugin owns; page and site data
 * become read-only views that read the values on demand.
 */
#ifndef PREPBOOK_PLUGIN_DATA_H
#define PREPBOOK_PLUGIN_DATA_H

#include <lua.h>
#include <stdbool.h>

#include "value.h"

/* Creates the null sentinel and its metatable in the state's registry;
 * once, before any other function here. */
void plugin_data_open(lua_State *L);

/* Pushes prepbook.null, the value of a null list item. */
void plugin_data_push_null(lua_State *L);

/*
 * Pushes v as plain Lua values: maps as tables with string keys (null
 * entries left out), lists as sequences (null items as prepbook.null),
 * integral numbers as integers.  Raises an error past 64 levels of nesting.
 * The host remembers where each table's contents were read (see
 * plugin_data_where); plugin code cannot see or change it.
 */
void plugin_data_push(lua_State *L, const struct value *v);

/*
 * Where the table at idx, made by plugin_data_push, was read: the
 * position of its key or index at kidx (0 for none: where a map's key was
 * written, or where a list's item starts), else the table's own.  Sets
 * line and col and returns true, or returns false for a table the host did
 * not make (or whose value had no position).  Never raises.
 */
bool plugin_data_where(lua_State *L, int idx, int kidx, int *line, int *col);

/*
 * Pushes a read-only view of v (an empty map when v is NULL): a table whose
 * metatable reads v when indexed, walks it in order with pairs, gives its
 * length with #, and refuses writes.  v must outlive every use of the view.
 */
void plugin_data_push_view(lua_State *L, const struct value *v);

/* Whether the table at idx is a view or prepbook.null, which rawset must
 * not write to either. */
bool plugin_data_is_read_only(lua_State *L, int idx);

#endif
