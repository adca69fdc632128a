-- A block rendered without page or site data sees empty views.
return {
	render = function(args, ctx)
		local n = 0
		for _ in pairs(ctx.page) do n = n + 1 end
		for _ in pairs(ctx.site) do n = n + 1 end
		return tostring(ctx.page.title) .. " " .. #ctx.site .. " " .. n
	end,
}
