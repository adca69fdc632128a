--[[
checklist: preparation steps a reader ticks off as they go.

A ```checklist block lists items, each a line of inline Markdown or a
map with `text` and `link`, the source path of the handbook page that
helps with the step (relative to the page, like any link: it is
rewritten to the .html page and checked, and a broken one fails the
build).  This plugin checks the block, reporting each mistake at the
field that has it, and writes a list of labelled checkboxes; the reader
can tick them without JavaScript, and plugins/assets/checklist.js keeps
the ticks in localStorage (through progress.js) and counts them.

Ticks are keyed by the checklist's id and a short hash of each item's
text, so rewording one item clears only that item's tick.  The
checklist records itself for the site (ctx.record) for the progress
page.
]]

local api = prepbook

local LINK_TEXT = "Read the page"

-- Tags that make rendered Markdown a block, which a label cannot hold.
local BLOCK_TAGS = { p = true, ul = true, ol = true, blockquote = true,
	pre = true, hr = true, table = true, div = true, h1 = true, h2 = true,
	h3 = true, h4 = true, h5 = true, h6 = true }

-- Reports the first problem of the block at the field t[key] (t alone:
-- where it starts; nil: the block) and stops it.
local function fail(t, key, fmt, ...)
	api.error(string.format(fmt, ...), t, key)
	error("checklist: prepbook.error returned", 0)
end

-- A table of string keys (a map) or of 1..n (a list), not prepbook.null.
local function shaped(t, as_list)
	if type(t) ~= "table" or t == api.null then
		return false
	end
	local n = 0
	for k in pairs(t) do
		n = n + 1
		if not as_list and type(k) ~= "string" then
			return false
		end
	end
	return not as_list or n == #t
end

-- Keys other than the known ones are a mistake, with a hint; sorted, so
-- the report does not depend on table order.
local function only_keys(map, known, what)
	local unknown = {}
	for k in pairs(map) do
		if not known[k] then
			unknown[#unknown + 1] = k
		end
	end
	table.sort(unknown)
	if unknown[1] then
		local names = {}
		for k in pairs(known) do
			names[#names + 1] = k
		end
		local near = api.nearest(unknown[1], names)
		fail(map, unknown[1], "%s has unknown key '%s'%s", what, unknown[1],
			near and (" (did you mean '" .. near .. "'?)") or "")
	end
end

-- A line of author text (numbers and booleans read as text), or nil.
local function line_of(v)
	if type(v) == "number" or type(v) == "boolean" then
		return tostring(v)
	end
	return type(v) == "string" and not v:match("^%s*$") and v or nil
end

-- An optional text setting: nil when absent, a mistake when not text.
local function optional(map, key, what)
	local v = line_of(map[key])
	if map[key] ~= nil and v == nil then
		fail(map, key, "%s: '%s' must be text", what, key)
	end
	return v
end

local function check_item(items, i)
	local raw, what = items[i], "item " .. i
	local item = { at = { items, i } }
	if shaped(raw, false) then
		only_keys(raw, { text = true, link = true }, what)
		item.at = { raw, "text" }
		item.text = line_of(raw.text)
		if item.text == nil then
			fail(raw, "text", "%s has no 'text'", what)
		end
		if raw.link ~= nil and (type(raw.link) ~= "string"
			or raw.link == "" or raw.link:find("[%s<>]")) then
			fail(raw, "link", "%s: 'link' must be a page's path, such as ../economics/tco.md",
				what)
		end
		item.link = raw.link
	else
		item.text = line_of(raw)
		if item.text == nil then
			fail(items, i, "%s must be text, or a map with 'text' and 'link'",
				what)
		end
	end
	item.html = api.markdown(item.text)
	local tag = item.html:match("^%s*<(%w+)")
	if tag and BLOCK_TAGS[tag:lower()] then
		fail(item.at[1], item.at[2], "%s must be one line of inline Markdown",
			what)
	end
	item.key = api.hash(item.text)
	return item
end

local function check_block(args, ctx)
	if not shaped(args, false) then
		fail(nil, nil, "the block must be a YAML map with 'items'")
	end
	only_keys(args, { id = true, title = true, items = true }, "the checklist")
	local id = optional(args, "id", "the checklist")
	if id and not id:match("^[a-z0-9][a-z0-9-]*$") then
		fail(args, "id",
			"the checklist's id '%s' must hold only lowercase letters, digits and '-'",
			id)
	end
	-- Without an id: the page's path and the block's place on the page.
	local page = tostring(ctx.page.source or ""):gsub("^content/", "")
		:gsub("%.md$", ""):lower():gsub("[^%w]+", "-"):gsub("^-", "")
		:gsub("-$", "")
	local list = { id = id or (page .. "-" .. ctx.index),
		title = optional(args, "title", "the checklist") or "Checklist",
		items = {} }
	if not shaped(args.items, true) or #args.items == 0 then
		fail(args, "items", "the checklist needs 'items', a list of steps")
	end
	local seen = {}
	for i = 1, #args.items do
		local item = check_item(args.items, i)
		if seen[item.key] then
			fail(item.at[1], item.at[2], "item %d repeats item %d", i,
				seen[item.key])
		end
		seen[item.key] = i
		list.items[i] = item
	end
	return list
end

local function esc(s)
	return api.escape(s)
end

local function item_html(item, root, ctx)
	local box = root .. "-" .. item.key
	if not ctx.claim_id(box) then
		fail(item.at[1], item.at[2], "element id '%s' is already used on this page",
			box)
	end
	local label = ctx.unique_id("checklist")
	local link = ""
	if item.link then
		local a = api.markdown("[" .. LINK_TEXT .. "](<" .. item.link .. ">)")
		link = " " .. a:gsub("^<a ", '<a class="checklist-link" aria-describedby="'
			.. esc(label) .. '" ', 1)
	end
	return '<li class="checklist-item" data-key="' .. esc(item.key) .. '">'
		.. '<label class="checklist-label"><input type="checkbox" id="'
		.. esc(box) .. '"> <span class="checklist-text" id="' .. esc(label)
		.. '">' .. item.html .. "</span></label>" .. link .. "</li>"
end

return {
	render = function(args, ctx)
		local list = check_block(args, ctx)
		local root = "checklist-" .. list.id
		if not ctx.claim_id(root) then
			fail(args, "id", "id '%s' is already used by another checklist on this page",
				list.id)
		end
		local store = "prepbook:" .. api.hash(tostring(ctx.site.title or ""))
		local key = store .. ":checklist:" .. list.id
		local title = ctx.unique_id("checklist")
		local parts = { '<section class="checklist" id="' .. esc(root)
			.. '" data-checklist data-store="' .. esc(key)
			.. '" aria-labelledby="' .. esc(title) .. '">',
			'<h3 class="checklist-title" id="' .. esc(title) .. '">'
			.. esc(list.title) .. "</h3>",
			'<p class="checklist-count" role="status" aria-live="polite" hidden></p>',
			'<ul class="checklist-items">' }
		local keys = {}
		for i, item in ipairs(list.items) do
			parts[#parts + 1] = item_html(item, root, ctx)
			keys[i] = item.key
		end
		parts[#parts + 1] = "</ul>"
		parts[#parts + 1] = '<noscript><p class="checklist-static">Turn on'
			.. " JavaScript to keep your ticks in this browser.</p></noscript>"
		parts[#parts + 1] = "</section>"
		ctx.record({ kind = "checklist", id = list.id, title = list.title,
			count = #list.items, summary = #list.items == 1 and "1 step"
			or (#list.items .. " steps"), items = table.concat(keys, " "),
			key = key,
			store = store, anchor = root }, args, "id")
		return table.concat(parts, "\n")
	end,
	assets = { "progress.js", "checklist.js", "quiz.css" },
}
