-- The first call vandalises every shared table it can reach; the second
-- must see the originals.
return {
	render = function(args)
		if args.attack then
			string.upper = function() return "pwned" end
			string.rep = nil
			math.floor = nil
			table.concat = nil
			prepbook.escape = nil
			pcall(rawset, string, "lower", nil)
			assert(getmetatable("") == nil)
			assert(not pcall(function() getmetatable("").__index = {} end))
			return ("x"):upper()
		end
		return ("x"):upper() .. string.upper("y") .. ("ab"):rep(2) ..
			math.floor(1.5) .. table.concat({ "c", "d" }) ..
			prepbook.escape("<") .. ("E"):lower()
	end,
}
