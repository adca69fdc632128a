/*
 * datadir: where prepbook's own themes and plugins live, so a handbook
 * needs neither a themes/ nor a plugins/ folder of its own.  A handbook's
 * folder always wins; the data folder is the fallback.
 *
 * The data folder is, in order: $PREPBOOK_DATA; the folder above the
 * binary when it holds themes/ (a build in the source tree:
 * generator/prepbook); <binary>/../share/prepbook (an installed binary).
 */
#ifndef PREPBOOK_DATADIR_H
#define PREPBOOK_DATADIR_H

/* The data folder, or NULL when none exists.  The caller frees it. */
char *datadir_find(void);

/* The folder that holds sub/name: root when root/sub/name exists (as
 * anything, a link too), else the data folder when it holds one, else
 * NULL.  The caller frees the result.  Readers check what is below it
 * with inputs_check (inputs.h). */
char *datadir_base(const char *root, const char *sub, const char *name);

#endif
