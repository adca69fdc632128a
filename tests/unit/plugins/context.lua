-- Reads ctx: page and site data, the block's position, unique ids.
return {
	render = function(args, ctx)
		local tags = {}
		for i, tag in ipairs(ctx.page.tags) do
			tags[#tags + 1] = i .. "=" .. tag
		end
		local keys = {}
		for k in pairs(ctx.page) do
			keys[#keys + 1] = k
		end
		return table.concat({
			ctx.page.title, ctx.site.title, table.concat(tags, ","),
			"#tags=" .. #ctx.page.tags, table.concat(keys, ","),
			tostring(ctx.page.draft), tostring(ctx.page.weight),
			tostring(ctx.page.nothing), tostring(ctx.page.tags[9]),
			tostring(ctx.page.tags == ctx.page.tags),
			ctx.file .. ":" .. ctx.line .. ":" .. ctx.col, ctx.plugin,
			ctx.unique_id(), ctx.unique_id("q"),
		}, "|")
	end,
}
