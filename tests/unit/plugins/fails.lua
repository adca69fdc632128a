-- Validates its block like a real plugin: errors go to the block.
local kinds = {tip = true, warning = true}

return {
	render = function(args)
		if not kinds[args.kind] then
			prepbook.error(string.format("unknown kind '%s'", tostring(args.kind)))
		end
		local caught = pcall(prepbook.error, "caught and raised again")
		if args.rethrow then
			local _, e = pcall(prepbook.error, "raised again: " .. tostring(caught))
			error(e)
		end
		return args.missing.field
	end,
}
