-- Makes the host keep memory for the page: claimed ids, a record,
-- warnings from prepbook.markdown text.
return {
	render = function(args, ctx)
		for _ = 1, args.ids or 0 do
			ctx.unique_id(args.prefix or "q")
		end
		for _ = 1, args.warnings or 0 do
			prepbook.markdown("<b>")
		end
		if args.record then
			ctx.record({ title = string.rep("t", args.record) })
		end
		return "kept"
	end,
}
