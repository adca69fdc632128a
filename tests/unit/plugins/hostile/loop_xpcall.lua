-- Neither may xpcall, nor a message handler that loops itself.
return {
	render = function()
		local spins = 0
		while true do
			xpcall(function() while true do end end, function(e)
				while true do spins = spins + 1 end
			end)
		end
	end,
}
