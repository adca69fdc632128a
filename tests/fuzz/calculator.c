/*
 * Fuzz target: the calculator's formula parser and evaluator, through the
 * plugin API as a build calls it.  The input is one output's formula over
 * three inputs (hours, rate, n); plugins/calculator.lua must either render
 * the block or reject the formula with prepbook.error.  A Lua runtime
 * error in the plugin (it has a note "error raised here"), or a limit it
 * hits, is a bug in the plugin: the target aborts so libFuzzer keeps the
 * input.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "plugin.h"
#include "value.h"

/* The repository's plugins folder, from the Makefile. */
#ifndef FUZZ_PLUGINS_DIR
#define FUZZ_PLUGINS_DIR "plugins"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct plugin_runtime *rt;

static struct value *input(const char *id, double def)
{
	struct value *in = value_map();

	value_set_string(in, "id", id);
	value_set_string(in, "label", id);
	value_set_number(in, "default", def);
	return in;
}

/* The block's arguments, as the YAML of a block would give them. */
static struct value *block(const uint8_t *data, size_t size)
{
	struct value *args = value_map();
	struct value *inputs = value_list();
	struct value *outputs = value_list();
	struct value *out = value_map();

	value_set_string(args, "id", "fuzz");
	value_set_string(args, "title", "Fuzz");
	value_push(inputs, input("hours", 10));
	value_push(inputs, input("rate", 2.5));
	value_push(inputs, input("n", -3));
	value_set(args, "inputs", inputs);
	value_set_string(out, "id", "result");
	value_set_string(out, "label", "Result");
	value_set(out, "formula", value_string_n((const char *)data, size));
	value_push(outputs, out);
	value_set(args, "outputs", outputs);
	return args;
}

/* Whether d holds only what prepbook.error reports: one error, no note
 * of where the plugin was running, and not a limit's message (which the
 * author's text quoted in a message could not start with). */
static bool author_error(const struct diag *d)
{
	static const char *const limits[] = {"instruction budget of ",
					     "memory limit of ",
					     "output limit of ",
					     "wall-clock limit of ",
					     "limit of ",
					     NULL};
	static const char prefix[] = "content/x.md:5:1: error: calculator: ";
	char *line;
	bool limit = false;

	if (diag_count(d) != 1)
		return false;
	line = diag_line(d, 0);
	for (size_t i = 0; limits[i] != NULL; i++)
		if (strncmp(line, prefix, sizeof prefix - 1) == 0 &&
		    strncmp(line + sizeof prefix - 1, limits[i],
			    strlen(limits[i])) == 0)
			limit = true;
	free(line);
	return !limit;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct value *args = block(data, size);
	struct value *page = value_map();
	struct value *site = value_map();
	struct diag *d = diag_new();
	struct buf html = BUF_INIT;
	int next_id = 0;
	struct plugin_call call = {"calculator", args, {"content/x.md", 5, 1},
				   page,	 site, &next_id,
				   NULL,	 NULL, NULL};

	if (rt == NULL) {
		struct plugin_config config = {.dir = FUZZ_PLUGINS_DIR,
					       .display = "plugins"};

		rt = plugin_runtime_new(&config);
	}
	if (plugin_render(rt, &call, &html, d) != 0 && !author_error(d)) {
		diag_print(d, stderr, DIAG_FORMAT_TEXT);
		abort();
	}
	buf_release(&html);
	diag_free(d);
	value_free(args);
	value_free(page);
	value_free(site);
	return 0;
}
