-- Code made by load() runs in the same sandbox.
return {
	render = function()
		local f = assert(load("return type(io) .. ' ' .. type(string.upper)"))
		local g = assert(load("return x", "chunk", "t", { x = "own env" }))
		return f() .. " " .. g()
	end,
}
