-- Each probe reaches for something the sandbox leaves out.
local probes = {
	io = function() return io.open("/etc/passwd") end,
	os = function() return os.execute("true") end,
	require = function() return require("os") end,
	debug = function() return debug.getregistry() end,
	package = function() return package.loaded.os end,
	dofile = function() return dofile("/etc/passwd") end,
	loadfile = function() return loadfile("/etc/passwd") end,
	print = function() return print("hello") end,
	collectgarbage = function() return collectgarbage("count") end,
	dump = function() return string.dump(render) end,
	random = function() return math.random(6) end,
	randomseed = function() return math.randomseed(42) end,
	coroutine = function() return coroutine.create(print) end,
	warn = function() return warn("@on") end,
}

return {
	render = function(args)
		return probes[args.probe]()
	end,
}
