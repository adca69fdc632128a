-- The cases of the differential test of string.find, match, gmatch and
-- gsub (scenarios/lua-patterns.sh).  The same file runs twice: as a
-- plugin in Prepbook's sandbox, whose string functions are its own
-- (generator/pattern.c, plugin_lib.c), and under the stock lua5.4
-- interpreter through stock.lua.  Both print one transcript of every call
-- and its results or error; the scenario compares them byte for byte.
--
-- Only what behaves the same in both may be used here: no pairs (the
-- sandbox's order is not Lua's), no tostring of tables or functions, no
-- prepbook table.  Calls are never tail calls, so an error names its
-- function the same way in both.
local S = string

-- Subjects and patterns tried together; each pattern with each subject.
local subjects = {
	"", "a", "aaa", "hello world", "abc  def_12", "(foo(bar))baz",
	"THE (quick) fox", "x = 1, y = 22", "[]^$%.-", "a\0b\0c",
	"\200\255abc\n\t", "key=val; k2=v2", "one two  three", "f(a{b}c)d",
	"THE END",
}

local patterns = {
	-- single characters and classes
	"", "a", ".", "%.", "%%", "%a", "%A", "%c", "%C", "%d", "%D", "%g",
	"%G", "%l", "%L", "%p", "%P", "%s", "%S", "%u", "%U", "%w", "%W",
	"%x", "%X", "%z", "\0", "%-", "X",
	-- sets
	"[abc]", "[^abc]", "[a-z]", "[^a-z]", "[%a_][%w_]*", "[]]", "[^]]",
	"[a-]", "[-a]", "[%]]", "[%-]", "[%d%s]+", "[\0]", "[\200-\255]+",
	"[a-c-e]", "[%a-z]", "[^%s]+",
	-- quantifiers
	"a*", "a+", "a-", "a?", "a?a?a", "%a+", "%d+", "%s*", "%w-", ".-",
	".-b", ".*b", "[%a]+%d?", "%d%d?%d?", "l+", "a-b", "%s+$", "x*y*z*",
	-- anchors
	"^a", "^", "$", "d$", "^$", "a$b", "^h.-o", "^(%s*)(.-)(%s*)$",
	"^%a+", "%a+$", "^.-$",
	-- captures and position captures
	"(a)", "(a*)(b?)", "()", "()a()", "(h)(e)(l)", "((a)(b))",
	"(%w+)=(%w+)", "(.-)%s", "(%a+)()", "()(%d+)()", "(()a)",
	-- balance and frontier
	"%bxy", "%b()", "%b((", "%b{}", "%b))", "%f[%w]%w+", "%f[%a]",
	"%f[%z]", "%f[^%s]", "%f[%a]%a+%f[%A]", "%f[%d]", "%f[%w]",
	-- back-references
	"(.)%1", "(a)(b)%2%1", "(%a+) %1", "(%a)%1*", "(l)%1", "(.)(.)%2%1",
	-- literal specials
	"*", "+a", "-", "?", "a**", "]", "^^", "$$",
	-- malformed
	"%bx", "%b", "%f", "%fa", "(", ")", "a)", "(()", "%1", "(a)%2",
	"%0", "[a", "[^", "[]", "[%", "a%", "%", "(a", "((((((((((x",
	"%f[a", "[a-%]",
}

-- Single cases that need their own subject: deep, long, or at a limit.
local singles = {
	{ S.rep("a", 250), S.rep("a?", 250) },
	{ S.rep("a", 8), S.rep("a?", 8) .. S.rep("a", 8) },
	{ S.rep("ab", 40), "(ab)-b$" },
	{ S.rep("(", 40) .. S.rep(")", 40), "%b()" },
	{ "x", S.rep("(", 32) .. "x" .. S.rep(")", 32) },
	{ "x", S.rep("(", 33) .. "x" .. S.rep(")", 33) },
	{ S.rep("x", 1000) .. "y", "x-y" },
	{ "THE (quick) fox", "%f[%a]%a+" },
	{ "hello", "()ll()" },
	{ "  trim me  ", "^%s*(.-)%s*$" },
	{ "2024-01-31", "^(%d%d%d%d)-(%d%d)-(%d%d)$" },
	{ "[[nested]] [[links]]", "%[%[(.-)%]%]" },
	{ "a,b,,c", "([^,]*)" },
	{ "abc", "%f[%l]" },
	{ "aaa", "a-$" },
}

-- Bytes outside printable ASCII, and the quote and backslash, as \ddd:
-- the transcript is plain ASCII that HTML and diff carry unchanged.  '<',
-- '>' and '&' are escaped too, since the sandbox's copy lands in a page.
local function quote(s)
	local out = {}
	for i = 1, #s do
		local b = S.byte(s, i)
		if b < 32 or b > 126 or b == 34 or b == 92 or b == 60
			or b == 62 or b == 38 then
			out[#out + 1] = S.format("\\%03d", b)
		else
			out[#out + 1] = S.char(b)
		end
	end
	return '"' .. table.concat(out) .. '"'
end

local function show(v)
	if type(v) == "string" then
		return quote(v)
	elseif type(v) == "table" then -- gmatch's matches
		local items = {}
		for i, m in ipairs(v) do
			items[i] = show(m[1]) .. "/" .. show(m[2]) .. "/"
				.. show(m[3])
		end
		return "[" .. table.concat(items, " ") .. "]"
	end
	return type(v) .. ":" .. S.format("%s", v)
end

-- "ok v1 v2 ..." or "error message" for a protected call.  An error
-- raised for a Lua caller starts with the caller's place, whose chunk name
-- differs between the two runs; the message after it must not.
local function outcome(ok, ...)
	local n = select("#", ...)
	if not ok then
		local message = S.format("%s", (...))
		return "error " .. quote((S.gsub(message, "^[^:]*:%d+: ", "")))
	end
	local parts = { "ok" }
	for i = 1, n do
		parts[#parts + 1] = show((select(i, ...)))
	end
	return table.concat(parts, " ")
end

local function find(s, p, init, plain)
	local r = table.pack(S.find(s, p, init, plain))
	return table.unpack(r, 1, r.n)
end

local function match(s, p, init)
	local r = table.pack(S.match(s, p, init))
	return table.unpack(r, 1, r.n)
end

-- Every match gmatch gives (at most 50), each as its first three
-- captures, as one list.
local function gmatch(s, p, init)
	local out = {}
	for a, b, c in S.gmatch(s, p, init) do
		out[#out + 1] = { a, b, c }
		if #out >= 50 then
			break
		end
	end
	return out
end

local function gsub(s, p, repl, n)
	local r = table.pack(S.gsub(s, p, repl, n))
	return table.unpack(r, 1, r.n)
end

local lookup = { a = "A", b = false, ["1"] = "one", [""] = "E" }

local function joined(x, y)
	if y == nil then
		return nil
	end
	return S.format("%s+%s", x, y)
end

local function counted(...)
	return S.format("<%d>", select("#", ...))
end

local inits = { 2, -1, -3, 0, 100 }

-- The transcript lines of one subject and pattern.
local function run(out, s, p)
	out[#out + 1] = "case " .. quote(s) .. " " .. quote(p)
	local function line(what, ...)
		out[#out + 1] = "  " .. what .. " " .. outcome(pcall(...))
	end
	line("find", find, s, p)
	line("match", match, s, p)
	line("gmatch", gmatch, s, p)
	for _, init in ipairs(inits) do
		line("find@" .. init, find, s, p, init)
		line("match@" .. init, match, s, p, init)
		line("gmatch@" .. init, gmatch, s, p, init)
	end
	line("find plain", find, s, p, 1, true)
	line("gsub %0", gsub, s, p, "<%0>")
	line("gsub %1 n=2", gsub, s, p, "%1-%%", 2)
	line("gsub table", gsub, s, p, lookup)
	line("gsub function", gsub, s, p, joined)
	line("gsub count", gsub, s, p, counted, 3)
	line("gsub bad %", gsub, s, p, "%x")
end

-- The cases of part `part` of `parts`: every pair is numbered, and a part
-- takes the numbers that leave `part` when divided by `parts`.  A block's
-- output is capped at 1 MiB, hence the parts.
local function transcript(part, parts)
	local out = {}
	local k = 0
	local function maybe(s, p)
		k = k + 1
		if k % parts == part % parts then
			run(out, s, p)
		end
	end
	for _, s in ipairs(subjects) do
		for _, p in ipairs(patterns) do
			maybe(s, p)
		end
	end
	for _, c in ipairs(singles) do
		maybe(c[1], c[2])
	end
	return table.concat(out, "\n") .. "\n"
end

local function render(args)
	local part, parts = math.tointeger(args.part), math.tointeger(args.parts)
	return '<pre class="lua-patterns">\n' .. transcript(part, parts)
		.. "</pre>\n"
end

return { render = render, transcript = transcript }
