return {
	render = function(args, ctx)
		if not args.name then
			prepbook.error("'name' is required")
		end
		return "<p>" .. prepbook.escape(args.name) .. "</p>"
	end,
}
