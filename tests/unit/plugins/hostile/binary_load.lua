-- Binary chunks are refused, even when built by hand.
return {
	render = function()
		local f, err = load("\27LuaT\0\25\147\r\n\26\n\4\8\8xV\0\0")
		assert(f == nil)
		error(err, 0)
	end,
}
