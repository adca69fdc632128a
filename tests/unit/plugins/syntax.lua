-- A syntax error on line 4.
return {
	render = function(args)
		local x = = 1
	end,
}
