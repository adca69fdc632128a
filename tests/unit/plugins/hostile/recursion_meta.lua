-- Recursion through a metamethod nests C calls.
return {
	render = function()
		local t = setmetatable({}, { __index = function(t, k) return t[k] end })
		return t.x
	end,
}
