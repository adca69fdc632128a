-- Library functions that loop inside C, each asked for more work than any
-- budget allows; args.case picks one.  The sandbox must charge the work
-- before the loop starts, so each stops at once with the budget's error.
local endless = setmetatable({}, { __index = function() return "x" end })

local cases = {
	rep_empty = function() return string.rep("", math.maxinteger) end,
	rep_method = function() return (""):rep(math.maxinteger, "") end,
	concat = function() return table.concat(endless, "", 1, math.maxinteger) end,
	unpack = function() return table.unpack(endless, 1, 1e8) end,
	sort = function()
		local t = setmetatable({}, { __len = function() return 1e12 end })
		table.sort(t)
	end,
}

return {
	render = function(args)
		cases[args.case]()
		return "not stopped"
	end,
}
