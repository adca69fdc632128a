-- Module state: each call runs the chunk again, so n restarts at 0.
local n = 0
count = (count or 0) + 1

return {
	render = function()
		n = n + 1
		return n .. "/" .. count
	end,
}
