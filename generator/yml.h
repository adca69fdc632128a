/*
 * yml: YAML (via libyaml) into values, with source positions.  Used for
 * front matter, handbook.yml, plugin block bodies and template data.
 *
 * Scalars resolve by the YAML 1.2 core schema, not 1.1's: `no` and `on`
 * stay strings (a country code or a word in a quiz is not a boolean).
 * Quoted scalars are always strings.  Numbers keep their source text.
 * Anchors and aliases are refused: front matter has no use for them and
 * they are how a few bytes of YAML expand into gigabytes.
 */
#ifndef PREPBOOK_YML_H
#define PREPBOOK_YML_H

#include <stddef.h>

#include "diag.h"
#include "value.h"

/*
 * Parses one YAML document from text.  at is where text starts in file
 * (line and column of its first byte, 1-based), so every position recorded
 * in the values and in diagnostics is a position in the file.  An empty
 * document gives an empty map.  Returns NULL after recording an error.
 */
struct value *yml_parse(const char *text, size_t len, struct pos at,
			struct diag *d);

/* Reads and parses the file at path; diagnostics name it as display. */
struct value *yml_load_file(const char *path, const char *display,
			    struct diag *d);

#endif
