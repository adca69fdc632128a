-- Describes how each kind of YAML value arrives in Lua.
local function describe(v)
	if v == prepbook.null then
		return "null"
	end
	local t = type(v)
	if t == "number" then
		return tostring(v) .. ":" .. math.type(v)
	end
	return tostring(v) .. ":" .. t
end

return {
	render = function(args)
		local out = {
			describe(args.int), describe(args.float), describe(args.big),
			describe(args.str), describe(args.yes), describe(args.quoted),
			tostring(args.empty), "#list=" .. #args.list,
		}
		for _, v in ipairs(args.list) do
			out[#out + 1] = describe(v)
		end
		out[#out + 1] = describe(args.map.inner)
		args.map.inner = "mutable" -- args belong to the plugin
		out[#out + 1] = args.map.inner
		return table.concat(out, " ")
	end,
}
