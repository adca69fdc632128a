-- Every prepbook function that takes text refuses text over the input
-- limit, with an error that names it (caught here to list them all).
return {
	render = function(args)
		local text = string.rep("x", args.bytes)
		local out = {}
		for _, name in ipairs({ "escape", "json_string", "markdown",
			"slug", "hash" }) do
			local ok, err = pcall(prepbook[name], text)
			out[#out + 1] = ok and name .. " ok" or err
		end
		local ok, err = pcall(prepbook.nearest, text, {})
		out[#out + 1] = ok and "nearest ok" or err
		return table.concat(out, "|")
	end,
}
