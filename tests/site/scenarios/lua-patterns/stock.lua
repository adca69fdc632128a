-- Prints the transcript of plugins/patterns.lua under the interpreter that
-- runs this file (the stock lua5.4), for parts 1 to N (the argument), as
-- the handbook's N blocks print it in the sandbox.
local dir = arg[0]:match("^(.*/)") or "./"
local cases = dofile(dir .. "plugins/patterns.lua")
local parts = math.tointeger(tonumber(arg[1]))
for part = 1, parts do
	io.write(cases.transcript(part, parts))
end
