/*
 * fields: schema checks shared by front matter and configuration.
 */
#include "fields.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "mem.h"
#include "suggest.h"

static struct pos at(const struct value *v, const char *file)
{
	struct pos p = {file, value_line(v), value_col(v)};

	return p;
}

/* Whether s is written YYYY-MM-DD (the day may not exist). */
static bool is_date_form(const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static int days_in_month(int year, int month)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
				   31, 31, 30, 31, 30, 31};
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return month == 2 && leap ? 29 : days[month - 1];
}

/* Why a date written YYYY-MM-DD names no day ("February 2026 has 28
 * days"), in out; false when it names one. */
static bool date_problem(const char *s, char *out, size_t size)
{
	static const char *const months[] = {"January", "February", "March",
					     "April",	"May",	    "June",
					     "July",	"August",   "September",
					     "October", "November", "December"};
	int year = atoi(s), month = atoi(s + 5), day = atoi(s + 8);

	if (month < 1 || month > 12) {
		snprintf(out, size, "there is no month %02d", month);
		return true;
	}
	if (day >= 1 && day <= days_in_month(year, month))
		return false;
	snprintf(out, size, "%s %04d has %d days", months[month - 1], year,
		 days_in_month(year, month));
	return true;
}

static bool is_slug(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return false;
	return true;
}

/* Integers a handbook needs (weights) fit easily; the range is checked
 * before any conversion, since converting a double out of long's range
 * is undefined behaviour. */
#define INTEGER_LIMIT 1000000000.0

/* What an integer field's value fails to be, or NULL. */
static const char *integer_problem(const struct value *v)
{
	double n = value_number_of(v);

	if (!value_is(v, VALUE_NUMBER) || strchr(value_text(v), '.') != NULL)
		return "an integer";
	if (!(n >= -INTEGER_LIMIT && n <= INTEGER_LIMIT))
		return "an integer from -1000000000 to 1000000000";
	return n == floor(n) ? NULL : "an integer";
}

static bool is_scalar(const struct value *v)
{
	return !value_is(v, VALUE_LIST) && !value_is(v, VALUE_MAP) &&
	       !value_is(v, VALUE_NULL);
}

/* Whether s holds a control character other than tab and newline: C0,
 * DEL or C1 (UTF-8 C2 80 to C2 9F).  YAML's escapes ("\e", "\x07") make
 * them, and in a page's HTML they would reach a reader's terminal or
 * break the markup. */
static bool has_control(const char *s)
{
	size_t left = s ? strlen(s) : 0;

	for (; left > 0; s++, left--)
		if (*s != '\t' && *s != '\n' && escape_control_len(s, left))
			return true;
	return false;
}

/* A string field's value: a scalar without control characters. */
static const char *string_problem(const struct value *v)
{
	if (!is_scalar(v))
		return "a string";
	return has_control(value_text(v)) ? "a string without control "
					    "characters"
					  : NULL;
}

/* Returns the expectation the value fails, or NULL when it fits. */
static const char *mismatch(const struct value *v, enum field_type type)
{
	switch (type) {
	case FIELD_STRING:
		return string_problem(v);
	case FIELD_INTEGER:
		return integer_problem(v);
	case FIELD_BOOL:
		return value_is(v, VALUE_BOOL) ? NULL : "true or false";
	case FIELD_DATE:
		return is_scalar(v) && is_date_form(value_text(v))
			       ? NULL
			       : "a date written YYYY-MM-DD";
	case FIELD_SLUG:
		return is_scalar(v) && is_slug(value_text(v))
			       ? NULL
			       : "lowercase letters, digits and '-'";
	case FIELD_STRINGS:
		if (!value_is(v, VALUE_LIST))
			return "a list of strings";
		for (size_t i = 0; i < value_len(v); i++)
			if (!is_scalar(value_at(v, i)))
				return "a list of strings";
		for (size_t i = 0; i < value_len(v); i++)
			if (string_problem(value_at(v, i)))
				return "a list of strings without control "
				       "characters";
		return NULL;
	}
	return NULL;
}

/* How a wrong value is quoted in a message: its text, or its kind. */
static void describe(const struct value *v, char *out, size_t size)
{
	const char *text = value_text(v);

	if (value_is(v, VALUE_STRING))
		snprintf(out, size, "\"%.60s\"", text);
	else if (text && !value_is(v, VALUE_NULL))
		snprintf(out, size, "%.60s", text);
	else
		snprintf(out, size, "%s", value_kind_name(value_kind(v)));
}

static const struct field *find_field(const struct field *fields,
				      const char *name)
{
	for (; fields->name; fields++)
		if (strcmp(fields->name, name) == 0)
			return fields;
	return NULL;
}

static void warn_unknown(const struct value *v, const char *key,
			 const struct field *fields, const char *what,
			 const char *file, struct diag *d)
{
	const char *names[64];
	size_t n = 0;
	const char *near;

	for (; fields->name && n < 63; fields++)
		names[n++] = fields->name;
	names[n] = NULL;
	near = suggest_nearest(key, names);
	/* The key's own position is not kept; the value's line is the key's
	 * line, and column 1 is where a top-level key starts. */
	if (near)
		diag_warning(d, (struct pos){file, value_line(v), 1},
			     "%s: unknown key '%s' (did you mean '%s'?)", what,
			     key, near);
	else
		diag_warning(d, (struct pos){file, value_line(v), 1},
			     "%s: unknown key '%s'", what, key);
}

int fields_check(const struct value *map, const struct field *fields,
		 const char *what, const char *file, struct diag *d)
{
	int errors = 0;
	char got[80];

	for (size_t i = 0; i < value_len(map); i++) {
		const char *key = value_key_at(map, i);
		const struct value *v = value_entry_at(map, i);
		const struct field *f = find_field(fields, key);
		const char *want;

		if (f == NULL) {
			warn_unknown(v, key, fields, what, file, d);
			continue;
		}
		want = mismatch(v, f->type);
		if (want == NULL && f->required && f->type == FIELD_STRING &&
		    *value_text(v) == '\0')
			want = "a non-empty string";
		if (want == NULL && f->type == FIELD_DATE &&
		    date_problem(value_text(v), got, sizeof got)) {
			diag_error(d, at(v, file),
				   "%s: '%s' is a day that does not exist: %s "
				   "(%s)",
				   what, key, value_text(v), got);
			errors++;
			continue;
		}
		if (want == NULL)
			continue;
		describe(v, got, sizeof got);
		diag_error(d, at(v, file), "%s: '%s' must be %s, got %s", what,
			   key, want, got);
		errors++;
	}
	for (; fields->name; fields++)
		if (fields->required && value_get(map, fields->name) == NULL) {
			diag_error(d, (struct pos){file, value_line(map), 1},
				   "%s: missing required '%s'", what,
				   fields->name);
			errors++;
		}
	return errors;
}
