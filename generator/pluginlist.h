/*
 * pluginlist: the names of the plugins a handbook can use, for the hint on
 * a fenced block whose info string is a plugin's name misspelt.  plugin.c
 * loads and runs plugins; this only lists their files.
 */
#ifndef PREPBOOK_PLUGINLIST_H
#define PREPBOOK_PLUGINLIST_H

/* The <name> of every plugins/<name>.lua in dir and in fallback_dir
 * (either may be NULL or missing), sorted, each once; NULL-terminated. */
char **pluginlist_read(const char *dir, const char *fallback_dir);
void pluginlist_free(char **names);

#endif
