-- Backtracking: each '.-' tries every length, and there is no 'b'.
return {
	render = function()
		return tostring(string.rep("a", 40000):find(".-.-.-.-b"))
	end,
}
