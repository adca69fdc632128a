-- Error values that are not strings.
local values = {
	plain = function() return { code = 1 } end,
	tostring = function()
		return setmetatable({}, { __tostring = function() return "custom message" end })
	end,
	badtostring = function()
		return setmetatable({}, { __tostring = function() return {} end })
	end,
	none = function() return nil end,
}

return {
	render = function(args)
		error(values[args.kind]())
	end,
}
