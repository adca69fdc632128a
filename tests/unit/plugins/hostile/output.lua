return {
	render = function()
		return ("<p>"):rep(30000)
	end,
}
