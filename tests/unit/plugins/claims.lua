-- ctx.claim_id and ctx.unique_id share the page's ids.
return {
	render = function(args, ctx)
		local out = {}
		for _, id in ipairs(args.claim or {}) do
			out[#out + 1] = id .. "=" .. tostring(ctx.claim_id(id))
		end
		for _ = 1, args.unique or 0 do
			out[#out + 1] = ctx.unique_id(args.prefix or "q")
		end
		return table.concat(out, " ")
	end,
}
