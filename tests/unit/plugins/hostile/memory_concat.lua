-- Doubling a string until the cap refuses.
return {
	render = function()
		local s = "x"
		while true do
			s = s .. s
		end
	end,
}
