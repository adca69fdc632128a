-- A __len that lies makes table.insert shift a trillion slots.
return {
	render = function()
		local t = setmetatable({}, { __len = function() return 1 << 40 end })
		table.insert(t, 1, "x")
	end,
}
