-- Each pass spends its time copying megabytes in C, between instructions.
return {
	render = function()
		while true do
			local s = ("x"):rep(3000000)
		end
	end,
}
