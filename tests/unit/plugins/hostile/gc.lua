-- A finalizer would run on some later page, outside any limit.
return {
	render = function()
		setmetatable({}, { __gc = function() while true do end end })
		return "set"
	end,
}
