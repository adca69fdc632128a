return {
	render = function(args, ctx)
		while true do
			pcall(function() end)
		end
	end,
}
