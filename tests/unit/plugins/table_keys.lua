-- Keys that only an address tells apart have no order that stays the same
-- from run to run: iterating over them is an error, with pairs or next.
return {
	render = function(args)
		local t = { first = 1, [print or function() end] = 2, z = 3 }
		if args.key == "table" then
			t = { first = 1, [{}] = 2, [{}] = 3 }
		end
		local keys = {}
		if args.via == "next" then
			for k in next, t do
				keys[#keys + 1] = tostring(k)
			end
		else
			for k in pairs(t) do
				keys[#keys + 1] = tostring(k)
			end
		end
		return table.concat(keys, ",")
	end,
}
