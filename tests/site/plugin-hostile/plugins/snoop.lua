return {
	render = function(args, ctx)
		local f = io.open("/etc/passwd")
		return f:read("a")
	end,
}
