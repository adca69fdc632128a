-- Output that plain Lua would vary from run to run: pairs order over
-- string keys, and the addresses in tostring and string.format.
return {
	render = function(args)
		local keys = {}
		for k, v in pairs(args.prices) do
			keys[#keys + 1] = k .. "=" .. v
		end
		local mixed = {}
		for k in pairs({ 3, 1, x = 1, [2.5] = 1, [true] = 1, a = 1, [false] = 1 }) do
			mixed[#mixed + 1] = tostring(k)
		end
		local t, f = {}, function() end
		local named = setmetatable({}, { __tostring = function() return "named" end })
		return table.concat({
			table.concat(keys, ","),
			table.concat(mixed, ","),
			tostring(t), tostring(f), tostring(t), tostring(named),
			string.format("%s %s %5.1f", t, named, 2.25),
			(select(2, pcall(function() return string.format("%p", t) end)):gsub("^[^:]*:%d+: ", "")),
		}, "|")
	end,
}
