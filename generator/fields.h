/*
 * fields: checking a YAML map against the keys it may have.  Front matter
 * and handbook.yml share the rules: an unknown key is a warning that
 * suggests the nearest known one (a typo should not stop a build, but the
 * author should see it); a missing required key or a value of the wrong
 * type is an error at the value's position.
 */
#ifndef PREPBOOK_FIELDS_H
#define PREPBOOK_FIELDS_H

#include <stdbool.h>

#include "diag.h"
#include "value.h"

enum field_type {
	FIELD_STRING,  /* any scalar, taken as its text */
	FIELD_INTEGER, /* a whole number */
	FIELD_BOOL,
	FIELD_DATE,   /* YYYY-MM-DD, a real calendar date */
	FIELD_SLUG,   /* [a-z0-9-]+ */
	FIELD_STRINGS /* a list of scalars */
};

struct field {
	const char *name;
	enum field_type type;
	bool required;
};

/*
 * Checks map against the NULL-terminated table fields.  what names the map
 * in messages ("front matter", "handbook.yml"); file is for positions.
 * Returns the number of errors recorded (warnings do not count).
 */
int fields_check(const struct value *map, const struct field *fields,
		 const char *what, const char *file, struct diag *d);

#endif
