-- Tries every way of writing to page data; each must fail.
local function try(f)
	local ok, err = pcall(f)
	return ok and "written" or tostring(err):gsub("^[^:]*:%d+: ", "")
end

return {
	render = function(args, ctx)
		return table.concat({
			try(function() ctx.page.title = "x" end),
			try(function() rawset(ctx.page, "title", "x") end),
			try(function() table.insert(ctx.page.tags, "x") end),
			try(function() ctx.site.nested.deep = 1 end),
			try(function() setmetatable(ctx.page, nil) end),
			tostring(getmetatable(ctx.page)),
			ctx.page.title,
		}, "|")
	end,
}
