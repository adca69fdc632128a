-- Catching the memory error does not let the plugin go on.
return {
	render = function()
		local ok = pcall(string.rep, "x", 1 << 30)
		return "survived: " .. tostring(ok)
	end,
}
