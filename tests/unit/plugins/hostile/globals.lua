-- A global set by one call is not there in the next.
return {
	render = function()
		local seen = tostring(leaked) .. " " .. tostring(_G.also)
		leaked = "yes"
		_G.also = "yes"
		return seen
	end,
}
