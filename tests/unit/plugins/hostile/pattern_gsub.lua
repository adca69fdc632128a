return {
	render = function()
		local s = string.rep("a", 40000)
		return (s:gsub("(.-)(.-)(.-)b", "%3%2%1"))
	end,
}
