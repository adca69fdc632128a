-- A stopped pattern inside pcall still stops the call.
return {
	render = function()
		local s = string.rep("a", 40000)
		while true do
			pcall(string.match, s, "(.-)*(.-)*(.-)b")
		end
	end,
}
