-- prepbook.error at a field: args.mode picks which field of args.block
-- the error names.
local modes = {
	key = function(b) prepbook.error("at a key", b, "name") end,
	item = function(b) prepbook.error("at an item", b.list, 2) end,
	float_index = function(b) prepbook.error("at an item", b.list, 2.0) end,
	nested = function(b) prepbook.error("at a map in a list", b.list[3], "deep") end,
	table = function(b) prepbook.error("at a table", b) end,
	list = function(b) prepbook.error("at a list", b.list) end,
	missing = function(b) prepbook.error("at its table", b, "nokey") end,
	null_entry = function(b) prepbook.error("at a null", b, "empty") end,
	made = function() prepbook.error("at the block", { name = "x" }, "name") end,
	scalar = function(b) prepbook.error("at the block", b.name) end,
	key_type = function(b) prepbook.error("bad", b, {}) end,
	rethrown = function(b)
		local _, e = pcall(prepbook.error, "raised again", b, "name")
		error(e)
	end,
}

return {
	render = function(args)
		modes[args.mode](args.block)
		return ""
	end,
}
