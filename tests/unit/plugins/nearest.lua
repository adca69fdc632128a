-- prepbook.nearest: the project's "did you mean" rule.
local function try(...)
	local args = table.pack(...)
	local ok, result = pcall(function()
		local nearest = prepbook.nearest(table.unpack(args, 1, args.n))
		return nearest
	end)
	if ok then
		return tostring(result)
	end
	return (tostring(result):gsub("^[^:]*:%d+: ", ""))
end

return {
	render = function(args, ctx)
		return table.concat({
			try("titel", { "text", "title", "kind" }),
			try("tilte", { "title" }),
			try("b", { "a" }),
			try("kind", {}),
			try("", { "a", "" }),
			try("storag", ctx.page.tags),
			try("abcdef", { string.rep("a", 400), "abcdefgh" }),
			try("abc", { "abcdef" }),
			try({}, { "a" }),
			try("a", "a"),
			try("a", { "b", 3 }),
		}, "|")
	end,
}
