-- callout: a highlighted aside for a tip, a warning or a note.
--
--   ```callout
--   kind: warning
--   title: Committed-use discounts
--   text: Quotes assume a **one-year** commitment; see [pricing](../economics/pricing.md).
--   ```
--
-- kind is tip, warning or note (default note); title is optional plain
-- text; text is inline Markdown.  The kind is written out as a word, not
-- only shown as a colour, so it reaches every reader.  Each mistake is
-- reported at the key that has it.

local kinds = { tip = "Tip", warning = "Warning", note = "Note" }
local kind_names = { "note", "tip", "warning" }
local keys = { kind = true, title = true, text = true }
local key_names = { "kind", "text", "title" }

-- A "did you mean" hint, by the project's one rule (prepbook.nearest).
local function hint(word, candidates)
	local best = prepbook.nearest(word, candidates)
	return best and string.format(" (did you mean '%s'?)", best) or ""
end

local function check(args)
	local unknown = {}
	for k in pairs(args) do
		if not keys[k] then
			unknown[#unknown + 1] = tostring(k)
		end
	end
	table.sort(unknown)
	if #unknown > 0 then
		prepbook.error(string.format("unknown key '%s'%s", unknown[1],
			hint(unknown[1], key_names)), args, unknown[1])
	end
	local kind = args.kind or "note"
	if type(kind) ~= "string" or not kinds[kind] then
		prepbook.error(string.format("'kind' must be tip, warning or note, got '%s'%s",
			tostring(kind), hint(tostring(kind), kind_names)), args, "kind")
	end
	if type(args.text) ~= "string" or args.text == "" then
		prepbook.error("'text' is required: the callout's message, in Markdown",
			args, "text")
	end
	if args.title ~= nil and type(args.title) ~= "string" and type(args.title) ~= "number" then
		prepbook.error("'title' must be text, got " .. type(args.title), args,
			"title")
	end
	return kind
end

local function render(args, ctx)
	local kind = check(args)
	local id = ctx.unique_id("callout")
	local label = kinds[kind]
	local heading = '<span class="callout-kind">' .. label .. "</span>"
	if args.title ~= nil then
		heading = '<span class="callout-kind">' .. label .. ":</span> " ..
			prepbook.escape(tostring(args.title))
	end
	return table.concat({
		'<aside class="callout callout-', kind, '" role="note" aria-labelledby="',
		id, '-title">\n',
		'<p class="callout-title" id="', id, '-title">', heading, "</p>\n",
		'<p class="callout-body">', prepbook.markdown(args.text), "</p>\n",
		"</aside>\n",
	})
end

return {
	assets = { "callout.css" },
	render = render,
}
