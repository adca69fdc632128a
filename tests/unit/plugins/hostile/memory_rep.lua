return {
	render = function()
		return string.rep("x", 1 << 30)
	end,
}
