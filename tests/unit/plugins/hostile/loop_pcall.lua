-- pcall must not swallow the instruction budget.
return {
	render = function()
		while true do
			pcall(function()
				while true do end
			end)
		end
	end,
}
