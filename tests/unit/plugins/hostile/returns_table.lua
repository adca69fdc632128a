return {
	render = function()
		return { "<p>", "</p>" }
	end,
}
