-- An error value whose __tostring never returns.
return {
	render = function()
		error(setmetatable({}, { __tostring = function()
			while true do end
		end }))
	end,
}
